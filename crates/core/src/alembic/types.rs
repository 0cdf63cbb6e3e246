//! `sa.*` column types to the DDL text SQLAlchemy's compiler emits for each dialect (checked
//! against SQLAlchemy 2.1's `CreateTable(...).compile(dialect=...)`), which the SQL path then
//! normalizes like any migration's type.

use super::eval::{dialect_name, Call, Value};
use super::lower::AlembicConfig;
use super::project_types::ProjectType;
use crate::diagnostic::{Diagnostic, Span};
use crate::dialect::Dialect;
use crate::normalize;
use crate::schema::DataType;

#[derive(Debug, Clone, PartialEq)]
pub struct SaType {
    /// The type as SQLAlchemy writes it in DDL for the dialect.
    pub sql: String,
    /// Set when the type is not SQL Strata can parse back (unknown or mapped types): the column
    /// type to use as is.
    pub data_type: Option<DataType>,
    /// A PostgreSQL enum the type refers to by name: `(name, values, created with the table)`.
    pub pg_enum: Option<(String, Vec<String>, bool)>,
    /// Integer types SQLAlchemy may make auto-incrementing.
    pub integer: Option<&'static str>,
    /// The dotted name of a type Strata does not know, for the `unknown-type` warning.
    pub unknown: Option<String>,
    /// Why the project's class of that name could not be read, when one was found.
    pub unknown_why: Option<String>,
}

impl SaType {
    fn sql(sql: impl Into<String>) -> Self {
        SaType {
            sql: sql.into(),
            data_type: None,
            pg_enum: None,
            integer: None,
            unknown: None,
            unknown_why: None,
        }
    }

    /// The `unknown-type` warning for a column declared at `at`, if the type is not known.
    pub fn unknown_diagnostic(&self, at: Span) -> Option<Diagnostic> {
        let path = self.unknown.as_ref()?;
        let message = match &self.unknown_why {
            Some(why) => format!("column type `{path}` could not be read: {why}; kept by name"),
            None if path.contains('.') && !path.starts_with("sqlalchemy.") => format!(
                "column type `{path}` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name"
            ),
            None => format!("column type `{path}` is not a SQLAlchemy type Strata knows; kept by name"),
        };
        Some(
            Diagnostic::warning("unknown-type", message)
                .at(at)
                .label("unknown type")
                .help(format!(
                    "map it in strata.toml: [types] \"{path}\" = \"<SQL type>\" (for example \"uuid\" or \"varchar(36)\")"
                )),
        )
    }

    /// The normalized type of the column.
    pub fn data_type(&self, dialect: Dialect) -> DataType {
        self.data_type
            .clone()
            .unwrap_or_else(|| normalize::parse_type(&self.sql, dialect))
    }
}

/// `base.with_variant(variant, "sqlite", ...)`, chained or not: the variant registered for the
/// name SQLAlchemy's dialect reports ([`dialect_name`]; `"mysql"` for a `mysql://` URL, also on
/// MariaDB), else the base type, as `TypeEngine._gen_dialect_impl` picks it. Any other value is
/// itself.
pub fn variant_for(v: &Value, dialect: Dialect) -> &Value {
    let name = dialect_name(dialect);
    let mut v = v;
    while let Value::Call(c) = v {
        let (Some(base), "with_variant") = (&c.receiver, c.func.as_str()) else {
            break;
        };
        let names = c.args.iter().skip(1);
        if names.filter_map(Value::as_str).any(|n| n == name) {
            // SQLAlchemy refuses a dialect named twice in a chain, so the first match is the one.
            if let Some(variant) = c.arg(0, "type_") {
                return variant;
            }
        }
        v = base;
    }
    v
}

/// Project types resolved through other types at most this deep (an `impl` naming a class whose
/// `impl` names another...); the resolver bounds its own walk, this bounds the alternation.
const MAX_TYPE_DEPTH: usize = 8;

/// A type given as a class (`sa.Integer`) or an instance (`sa.String(50)`): a SQLAlchemy type,
/// one `strata.toml` maps, or one the project's modules define.
pub fn sa_type(v: &Value, dialect: Dialect, config: &AlembicConfig) -> SaType {
    sa_type_at(v, dialect, config, 0)
}

fn sa_type_at(v: &Value, dialect: Dialect, config: &AlembicConfig, depth: usize) -> SaType {
    let types = &config.types;
    let v = variant_for(v, dialect);
    let (path, call) = match v {
        Value::Name(p) => (p.clone(), None),
        Value::Call(c) if c.receiver.is_none() => (c.func.clone(), Some(c.as_ref())),
        _ => {
            let mut t = SaType::sql("unknown");
            t.data_type = Some(DataType::Named("unknown".into()));
            t.unknown = Some("(expression)".into());
            return t;
        }
    };
    let short = path.rsplit('.').next().unwrap_or(&path).to_string();
    if let Some(sql) = types.get(&path).or_else(|| types.get(&short)) {
        let mut t = SaType::sql(sql.clone());
        t.data_type = Some(normalize::parse_type(sql, dialect));
        return t;
    }
    let known_module = path.starts_with("sqlalchemy.") || !path.contains('.');
    let mut why = None;
    if !path.starts_with("sqlalchemy.") && depth >= MAX_TYPE_DEPTH {
        why = Some(format!(
            "it is defined through more than {MAX_TYPE_DEPTH} other types"
        ));
    } else if !path.starts_with("sqlalchemy.") {
        match config.modules.resolve(&path, call, dialect) {
            Some(Ok(ProjectType::Type(v))) => return sa_type_at(&v, dialect, config, depth + 1),
            Some(Ok(ProjectType::Sql(sql))) => {
                let mut t = SaType::sql(sql.clone());
                t.data_type = Some(normalize::parse_type(&sql, dialect));
                return t;
            }
            Some(Err(e)) => why = Some(e),
            None => {}
        }
    }
    match known(&short, call, dialect, config) {
        Some(t) if known_module && why.is_none() => t,
        _ => {
            let args = call
                .map(|c| {
                    c.args
                        .iter()
                        .filter_map(|a| a.as_int().map(|i| i.to_string()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let name = if args.is_empty() {
                short.to_ascii_lowercase()
            } else {
                format!("{}({})", short.to_ascii_lowercase(), args.join(","))
            };
            let mut t = SaType::sql(name.clone());
            t.data_type = Some(DataType::Named(name));
            t.unknown = Some(path);
            t.unknown_why = why;
            t
        }
    }
}

fn int_arg(c: Option<&Call>, i: usize, name: &str) -> Option<i64> {
    c.and_then(|c| c.arg(i, name)).and_then(Value::as_int)
}

fn bool_kw(c: Option<&Call>, name: &str) -> bool {
    c.and_then(|c| c.kw(name))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn sized(base: &str, n: Option<i64>) -> String {
    match n {
        Some(n) => format!("{base}({n})"),
        None => base.to_string(),
    }
}

fn numeric(base: &str, c: Option<&Call>) -> String {
    match (int_arg(c, 0, "precision"), int_arg(c, 1, "scale")) {
        (Some(p), Some(s)) => format!("{base}({p}, {s})"),
        (Some(p), None) => format!("{base}({p})"),
        _ => base.to_string(),
    }
}

fn enum_values(c: Option<&Call>) -> Option<Vec<String>> {
    c?.args
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn known(
    short: &str,
    c: Option<&Call>,
    dialect: Dialect,
    config: &AlembicConfig,
) -> Option<SaType> {
    use Dialect::*;
    let pg = dialect == Postgres;
    let tz = bool_kw(c, "timezone");
    let int = |sql: &str, k: &'static str| {
        let mut t = SaType::sql(sql);
        t.integer = Some(k);
        t
    };
    Some(match short {
        "Integer" | "INTEGER" | "INT" => {
            let t = int(
                &sized(
                    "INTEGER",
                    if dialect == Mysql {
                        int_arg(c, 0, "display_width")
                    } else {
                        None
                    },
                ),
                "integer",
            );
            if dialect == Mysql && bool_kw(c, "unsigned") {
                return Some(SaType {
                    sql: format!("{} UNSIGNED", t.sql),
                    ..t
                });
            }
            t
        }
        "BigInteger" | "BIGINT" => int(
            &sized(
                "BIGINT",
                if dialect == Mysql {
                    int_arg(c, 0, "display_width")
                } else {
                    None
                },
            ),
            "bigint",
        ),
        "SmallInteger" | "SMALLINT" => int(
            &sized(
                "SMALLINT",
                if dialect == Mysql {
                    int_arg(c, 0, "display_width")
                } else {
                    None
                },
            ),
            "smallint",
        ),
        "TINYINT" => SaType::sql(sized("TINYINT", int_arg(c, 0, "display_width"))),
        "MEDIUMINT" => SaType::sql(sized("MEDIUMINT", int_arg(c, 0, "display_width"))),
        "String" | "Unicode" | "VARCHAR" | "NVARCHAR" => {
            SaType::sql(sized("VARCHAR", int_arg(c, 0, "length")))
        }
        "CHAR" | "NCHAR" => SaType::sql(sized("CHAR", int_arg(c, 0, "length"))),
        "Text" | "UnicodeText" | "TEXT" => SaType::sql("TEXT"),
        "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" => SaType::sql(short),
        "Boolean" | "BOOLEAN" => SaType::sql(if dialect == Mysql { "BOOL" } else { "BOOLEAN" }),
        "Date" | "DATE" => SaType::sql("DATE"),
        "DateTime" | "DATETIME" if pg => SaType::sql(if tz {
            "TIMESTAMP WITH TIME ZONE"
        } else {
            "TIMESTAMP WITHOUT TIME ZONE"
        }),
        "DateTime" | "DATETIME" => SaType::sql(sized(
            "DATETIME",
            int_arg(c, 0, "fsp").filter(|_| dialect == Mysql),
        )),
        "TIMESTAMP" if pg => {
            let p = int_arg(c, 1, "precision")
                .map(|p| format!("({p})"))
                .unwrap_or_default();
            SaType::sql(format!(
                "TIMESTAMP{p} {} TIME ZONE",
                if tz { "WITH" } else { "WITHOUT" }
            ))
        }
        "TIMESTAMP" => SaType::sql(sized(
            "TIMESTAMP",
            int_arg(c, 0, "fsp").filter(|_| dialect == Mysql),
        )),
        "Time" | "TIME" if pg => SaType::sql(if tz {
            "TIME WITH TIME ZONE"
        } else {
            "TIME WITHOUT TIME ZONE"
        }),
        "Time" | "TIME" => SaType::sql("TIME"),
        "Interval" | "INTERVAL" if pg => SaType::sql("INTERVAL"),
        // SQLAlchemy emulates intervals as an epoch-based DATETIME elsewhere.
        "Interval" => SaType::sql("DATETIME"),
        "Numeric" | "NUMERIC" => SaType::sql(numeric("NUMERIC", c)),
        "DECIMAL" => SaType::sql(numeric("DECIMAL", c)),
        "Float" | "FLOAT" => SaType::sql(sized("FLOAT", int_arg(c, 0, "precision"))),
        "Double" | "DOUBLE" | "DOUBLE_PRECISION" => {
            SaType::sql(if pg { "DOUBLE PRECISION" } else { "DOUBLE" })
        }
        "REAL" => SaType::sql("REAL"),
        "JSON" => SaType::sql("JSON"),
        "JSONB" => SaType::sql("JSONB"),
        "LargeBinary" | "BLOB" | "BYTEA" | "LONGBLOB" => SaType::sql(match (short, dialect) {
            ("LONGBLOB", _) => "LONGBLOB",
            (_, Postgres) => "BYTEA",
            _ => "BLOB",
        }),
        "Uuid" | "UUID" if pg => SaType::sql("UUID"),
        // MariaDB 10.7+ has a native uuid type, which SQLAlchemy's MySQL dialect uses when it is
        // connected to MariaDB (checked against MariaDB 10.11); SQLite stores 32 hex digits.
        "Uuid" if dialect == Mysql => SaType::sql("UUID"),
        "Uuid" => SaType::sql("CHAR(32)"),
        "UUID" => SaType::sql(if dialect == Mysql { "UUID" } else { "CHAR(32)" }),
        "CITEXT" if pg => SaType::sql("CITEXT"),
        "INET" => SaType::sql("INET"),
        "CIDR" => SaType::sql("CIDR"),
        "MACADDR" => SaType::sql("MACADDR"),
        "TSVECTOR" => SaType::sql("TSVECTOR"),
        "ARRAY" => {
            let inner = sa_type(c?.arg(0, "item_type")?, dialect, config);
            let mut t = SaType::sql(format!("{}[]", inner.sql));
            t.data_type = inner.data_type.map(|d| DataType::Array(Box::new(d)));
            t.unknown = inner.unknown;
            t
        }
        "Enum" | "ENUM" => {
            // `sa.Enum(Status)` of a Python enum the project defines: its member names, and
            // the class name in lower case as the type's name.
            let class = match c.and_then(|c| c.args.first()) {
                Some(Value::Name(p)) if c.and_then(|c| c.kw("values_callable")).is_none() => {
                    Some(p.as_str())
                }
                _ => None,
            };
            let values = match class {
                Some(p) => config.modules.enum_members(p)?.ok()?,
                None => enum_values(c)?,
            };
            let native = c
                .and_then(|c| c.kw("native_enum"))
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let name = c
                .and_then(|c| c.kw("name"))
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| class.map(|p| p.rsplit('.').next().unwrap_or(p).to_lowercase()));
            let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
            match dialect {
                Postgres if native => {
                    let name = name?;
                    let create = c
                        .and_then(|c| c.kw("create_type"))
                        .and_then(Value::as_bool)
                        .unwrap_or(true);
                    let mut t = SaType::sql(name.clone());
                    t.data_type = Some(DataType::Named(name.clone()));
                    t.pg_enum = Some((name, values, create));
                    t
                }
                Mysql if native => {
                    let list = values
                        .iter()
                        .map(|v| format!("'{}'", v.replace('\'', "''")))
                        .collect::<Vec<_>>()
                        .join(",");
                    SaType::sql(format!("ENUM({list})"))
                }
                _ => SaType::sql(format!("VARCHAR({longest})")),
            }
        }
        _ => return None,
    })
}
