//! Canonical spellings, so a simulated schema and an introspected one compare equal when the
//! database considers them equal: type names as each catalog reports them, default and check
//! expressions with redundant casts, parentheses and quoting removed.
//!
//! Both sides of every comparison go through these functions (the parser for what a migration
//! says, the introspector for what a catalog reports), so the one rule is: same meaning, same
//! normalized value. The facts behind each rule were checked against PostgreSQL 15
//! (`format_type`, `pg_get_expr`, `pg_get_constraintdef`), MariaDB 10.11
//! (`information_schema.COLUMNS`, `CHECK_CONSTRAINTS`) and SQLite (`PRAGMA table_info`).
//!
//! The normalized value is also what the renderers print, so a rewrite is made only where the
//! database itself prints the same thing without it (PostgreSQL's `pg_get_expr` is the
//! reference; `crates/db/tests/normalize.rs` checks each case on the server):
//! - A literal's cast goes (PostgreSQL adds `'x'::text`, `'{}'::jsonb` itself) but the literal
//!   keeps its kind: `'0'::ltree` is `'0'`, never the number `0`; `'-1'::integer` is `-1`. In
//!   arithmetic a typed literal keeps its cast (`now() - '1 day'::interval`).
//! - Numbers keep their written scale on PostgreSQL (`0.70`); MariaDB pads to the column's
//!   scale, so there `1.50` is `1.5`; SQLite keeps the text.
//! - Three steps, by what is known: [`expr`] knows only the text and keeps every cast on a
//!   column; [`column_default`] knows the column's type (`DEFAULT '5'` on an integer column is
//!   `5`); [`table_exprs`] knows the table's columns and drops the casts PostgreSQL adds to them
//!   (`(email)::text` on a varchar, `(qty)::numeric` beside a numeric) but not the ones it would
//!   not add (`ip::inet`). The simulator and the introspection both apply all three.
//! - A conversion (`USING`) keeps every cast ([`conversion_expr_ast`]).
//! - SQLite keeps the statement's text: no BETWEEN expansion, casts and quoted numbers stay.

use crate::dialect::Dialect;
use crate::schema::DataType;
use sqlparser::ast::{self, BinaryOperator, Expr, UnaryOperator, Value};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

/// Parser recursion budget for expressions and types. sqlparser is built without its stack
/// guard, so this bound is what keeps deeply nested input from overflowing the stack.
pub(crate) const RECURSION_LIMIT: usize = 40;

/// Printing recursion budget: operator chains (`a + b + c ...`) are parsed iteratively, so the
/// tree can be deeper than the parser's recursion limit.
const PRINT_DEPTH: usize = 200;

/// Parses a type as written in a migration or reported by a catalog.
pub fn parse_type(text: &str, dialect: Dialect) -> DataType {
    let text = text.trim();
    if dialect == Dialect::Sqlite {
        return sqlite_type(&clean_type_text(text));
    }
    // MariaDB reports `int(5) unsigned zerofill`; zerofill is display-only.
    let lowered = text.to_ascii_lowercase();
    let without_zerofill = lowered.replace(" zerofill", "");
    let d = dialect.parser_dialect();
    let parsed = Parser::new(&*d)
        .with_recursion_limit(RECURSION_LIMIT)
        .try_with_sql(&without_zerofill)
        .and_then(|mut p| {
            let ty = p.parse_data_type()?;
            if p.peek_token().token == Token::EOF {
                Ok(Some(ty))
            } else {
                Ok(None)
            }
        });
    match parsed {
        Ok(Some(ty)) => from_ast(&ty, dialect),
        _ => DataType::Named(clean_type_text(text)),
    }
}

/// Lower-case, single-spaced type text without spaces inside parentheses: `VARCHAR ( 10 )` is
/// `varchar(10)`.
fn clean_type_text(text: &str) -> String {
    let collapsed = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    let mut out = String::with_capacity(collapsed.len());
    let mut in_quote = false;
    for c in collapsed.chars() {
        if c == '\'' {
            in_quote = !in_quote;
        }
        if !in_quote && c == ' ' {
            let prev = out.chars().last();
            if matches!(prev, Some('(') | Some(',')) {
                continue;
            }
        }
        if !in_quote && (c == '(' || c == ')' || c == ',') && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    out
}

/// SQLite keeps the declared type verbatim (affinity is derived from it, not stored), so
/// `INT` and `INTEGER` are different declarations: only spellings that print back the same are
/// mapped to structured types, everything else stays by name.
fn sqlite_type(clean: &str) -> DataType {
    let exact = match clean {
        "integer" => Some(DataType::Integer),
        "text" => Some(DataType::Text),
        "real" => Some(DataType::Real),
        "blob" => Some(DataType::Blob("blob".into())),
        "numeric" => Some(DataType::Numeric(None)),
        "boolean" => Some(DataType::Boolean),
        "date" => Some(DataType::Date),
        "datetime" => Some(DataType::DateTime(None)),
        "timestamp" => Some(DataType::Timestamp {
            tz: false,
            precision: None,
        }),
        "json" => Some(DataType::Json),
        "varchar" => Some(DataType::Varchar(None)),
        _ => None,
    };
    if let Some(t) = exact {
        return t;
    }
    if let Some(n) = clean
        .strip_prefix("varchar(")
        .and_then(|r| r.strip_suffix(')'))
        .and_then(|n| n.parse().ok())
    {
        return DataType::Varchar(Some(n));
    }
    DataType::Named(clean.to_string())
}

fn len_u32(n: Option<u64>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

fn char_len(l: &Option<ast::CharacterLength>) -> Option<u32> {
    match l {
        Some(ast::CharacterLength::IntegerLength { length, .. }) => u32::try_from(*length).ok(),
        _ => None,
    }
}

fn exact(info: &ast::ExactNumberInfo) -> Option<(u32, Option<u32>)> {
    match info {
        ast::ExactNumberInfo::None => None,
        ast::ExactNumberInfo::Precision(p) => Some((u32::try_from(*p).ok()?, None)),
        ast::ExactNumberInfo::PrecisionAndScale(p, s) => {
            Some((u32::try_from(*p).ok()?, u32::try_from(*s).ok()))
        }
    }
}

/// Serial pseudo-types: `serial`, `bigserial`, `smallserial` (and their aliases) give the
/// integer type they stand for.
pub fn serial_type(ty: &ast::DataType) -> Option<DataType> {
    if let ast::DataType::Custom(name, mods) = ty {
        if !mods.is_empty() {
            return None;
        }
        let last = name
            .0
            .last()
            .map(|p| p.to_string().to_ascii_lowercase())
            .unwrap_or_default();
        return match last.as_str() {
            "serial" | "serial4" => Some(DataType::Integer),
            "bigserial" | "serial8" => Some(DataType::BigInt),
            "smallserial" | "serial2" => Some(DataType::SmallInt),
            _ => None,
        };
    }
    None
}

/// A sqlparser type, canonical for `dialect`.
pub fn from_ast(ty: &ast::DataType, dialect: Dialect) -> DataType {
    use ast::DataType as A;
    if dialect == Dialect::Sqlite {
        return sqlite_type(&clean_type_text(&ty.to_string()));
    }
    let unsigned = |t: DataType| DataType::Unsigned(Box::new(t));
    let t = match ty {
        A::Bool | A::Boolean => DataType::Boolean,
        A::TinyInt(n) => {
            if *n == Some(1) && dialect == Dialect::Mysql {
                DataType::Boolean
            } else {
                DataType::TinyInt
            }
        }
        A::TinyIntUnsigned(_) | A::UTinyInt => unsigned(DataType::TinyInt),
        A::Int2(_) | A::SmallInt(_) => DataType::SmallInt,
        A::Int2Unsigned(_) | A::SmallIntUnsigned(_) | A::USmallInt => unsigned(DataType::SmallInt),
        A::MediumInt(_) => DataType::MediumInt,
        A::MediumIntUnsigned(_) => unsigned(DataType::MediumInt),
        A::Int(_) | A::Int4(_) | A::Integer(_) | A::Int32 => DataType::Integer,
        A::IntUnsigned(_)
        | A::Int4Unsigned(_)
        | A::IntegerUnsigned(_)
        | A::UInt32
        | A::Unsigned
        | A::UnsignedInteger => unsigned(DataType::Integer),
        A::Int8(_) | A::BigInt(_) | A::Int64 => DataType::BigInt,
        A::BigIntUnsigned(_) | A::UBigInt | A::Int8Unsigned(_) | A::UInt64 => {
            unsigned(DataType::BigInt)
        }
        A::Float4 | A::Real | A::Float32 => DataType::Real,
        A::Float8 | A::Float64 | A::DoublePrecision | A::Double(ast::ExactNumberInfo::None) => {
            DataType::Double
        }
        A::DoubleUnsigned(_) | A::DoublePrecisionUnsigned | A::RealUnsigned => {
            unsigned(DataType::Double)
        }
        A::Double(info) => DataType::Named(format!("double({})", exact_text(info))),
        A::Float(ast::ExactNumberInfo::None) => DataType::Float(None),
        A::Float(ast::ExactNumberInfo::Precision(p)) => DataType::Float(u32::try_from(*p).ok()),
        A::Float(info) => DataType::Named(format!("float({})", exact_text(info))),
        A::FloatUnsigned(_) => unsigned(DataType::Float(None)),
        A::Numeric(i) | A::Decimal(i) | A::Dec(i) | A::BigNumeric(i) | A::BigDecimal(i) => {
            DataType::Numeric(exact(i))
        }
        A::DecimalUnsigned(i) | A::DecUnsigned(i) => unsigned(DataType::Numeric(exact(i))),
        A::Char(l) | A::Character(l) => DataType::Char(char_len(l)),
        A::Varchar(l) | A::CharacterVarying(l) | A::CharVarying(l) | A::Nvarchar(l) => {
            DataType::Varchar(char_len(l))
        }
        A::Text | A::String(None) => DataType::Text,
        A::TinyText => DataType::SizedText("tinytext".into()),
        A::MediumText => DataType::SizedText("mediumtext".into()),
        A::LongText => DataType::SizedText("longtext".into()),
        A::Bytea => DataType::Bytea,
        A::Blob(None) => DataType::Blob("blob".into()),
        A::Blob(Some(n)) => DataType::Blob(format!("blob({n})")),
        A::TinyBlob => DataType::Blob("tinyblob".into()),
        A::MediumBlob => DataType::Blob("mediumblob".into()),
        A::LongBlob => DataType::Blob("longblob".into()),
        A::Binary(n) => DataType::Blob(match n {
            Some(n) => format!("binary({n})"),
            None => "binary(1)".into(),
        }),
        A::Varbinary(Some(ast::BinaryLength::IntegerLength { length })) => {
            DataType::Blob(format!("varbinary({length})"))
        }
        A::Date => DataType::Date,
        A::Time(p, tz) => DataType::Time {
            tz: is_tz(tz),
            precision: len_u32(*p),
        },
        A::Timestamp(p, tz) => DataType::Timestamp {
            tz: is_tz(tz),
            precision: len_u32(*p),
        },
        A::Datetime(p) => DataType::DateTime(len_u32(*p)),
        A::Interval {
            fields: None,
            precision: None,
        } => DataType::Interval,
        A::JSON => DataType::Json,
        A::JSONB => DataType::Jsonb,
        A::Uuid => DataType::Uuid,
        A::Enum(members, _) => DataType::InlineEnum(
            members
                .iter()
                .map(|m| match m {
                    ast::EnumMember::Name(s) | ast::EnumMember::NamedValue(s, _) => s.clone(),
                })
                .collect(),
        ),
        A::Set(values) => DataType::Set(values.clone()),
        A::Array(ast::ArrayElemTypeDef::SquareBracket(inner, _))
        | A::Array(ast::ArrayElemTypeDef::AngleBracket(inner))
        | A::Array(ast::ArrayElemTypeDef::Parenthesis(inner)) => {
            // PostgreSQL arrays have no fixed dimensionality: `int[][]` is `integer[]`.
            let mut element = from_ast(inner, dialect);
            while let DataType::Array(e) = element {
                element = *e;
            }
            DataType::Array(Box::new(element))
        }
        A::Custom(name, mods) => custom_type(name, mods, dialect),
        other => DataType::Named(clean_type_text(&other.to_string())),
    };
    canonical_type(t, dialect)
}

fn exact_text(info: &ast::ExactNumberInfo) -> String {
    match info {
        ast::ExactNumberInfo::None => String::new(),
        ast::ExactNumberInfo::Precision(p) => p.to_string(),
        ast::ExactNumberInfo::PrecisionAndScale(p, s) => format!("{p},{s}"),
    }
}

fn is_tz(tz: &ast::TimezoneInfo) -> bool {
    matches!(tz, ast::TimezoneInfo::WithTimeZone | ast::TimezoneInfo::Tz)
}

fn custom_type(name: &ast::ObjectName, mods: &[String], dialect: Dialect) -> DataType {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| match p {
            ast::ObjectNamePart::Identifier(i) => ident_value(i, dialect),
            other => other.to_string(),
        })
        .collect();
    let mut base = parts.join(".");
    // `pg_catalog.int4` and friends are the built-in types.
    if let Some(rest) = base.strip_prefix("pg_catalog.") {
        base = rest.to_string();
    }
    // `format_type` omits schemas on the search path; pg_dump writes `public.mood`.
    if dialect == Dialect::Postgres {
        if let Some(rest) = base.strip_prefix("public.") {
            base = rest.to_string();
        }
    }
    let simple = match (base.as_str(), mods.len()) {
        ("inet", 0) => Some(DataType::Inet),
        ("cidr", 0) => Some(DataType::Cidr),
        ("macaddr", 0) => Some(DataType::MacAddr),
        ("serial" | "serial4", 0) => Some(DataType::Integer),
        ("bigserial" | "serial8", 0) => Some(DataType::BigInt),
        ("smallserial" | "serial2", 0) => Some(DataType::SmallInt),
        ("timestamptz", 0) => Some(DataType::Timestamp {
            tz: true,
            precision: None,
        }),
        ("timestamptz", 1) => Some(DataType::Timestamp {
            tz: true,
            precision: mods[0].parse().ok(),
        }),
        ("timetz", 0) => Some(DataType::Time {
            tz: true,
            precision: None,
        }),
        ("float", 0) => Some(DataType::Float(None)),
        ("int4", 0) | ("int", 0) => Some(DataType::Integer),
        ("bpchar", 0) => Some(DataType::Char(None)),
        ("character", 1) | ("bpchar", 1) => Some(DataType::Char(mods[0].parse().ok())),
        _ => None,
    };
    if let Some(t) = simple {
        return t;
    }
    if mods.is_empty() {
        DataType::Named(base)
    } else {
        DataType::Named(format!("{base}({})", mods.join(",")))
    }
}

/// Folds aliases that the dialect's catalog reports as one type (`float(20)` is `real` on
/// PostgreSQL; `json` is `longtext` on MariaDB; `real` is `double` on MariaDB).
pub fn canonical_type(ty: DataType, dialect: Dialect) -> DataType {
    match dialect {
        Dialect::Postgres => match ty {
            DataType::Float(None) => DataType::Double,
            DataType::Float(Some(p)) if p <= 24 => DataType::Real,
            DataType::Float(Some(_)) => DataType::Double,
            DataType::Char(None) => DataType::Char(Some(1)),
            DataType::Numeric(Some((p, None))) => DataType::Numeric(Some((p, Some(0)))),
            DataType::DateTime(p) => DataType::Timestamp {
                tz: false,
                precision: p,
            },
            DataType::TinyInt => DataType::SmallInt,
            DataType::Unsigned(t) => canonical_type(*t, dialect),
            DataType::Array(t) => DataType::Array(Box::new(canonical_type(*t, dialect))),
            other => other,
        },
        Dialect::Mysql => match ty {
            // `json` stays itself: MySQL 8 has the type, MariaDB makes it a LONGTEXT with a
            // check, which the simulator adds for the MariaDB flavour.
            DataType::Real => DataType::Double,
            DataType::Float(Some(p)) if p > 24 => DataType::Double,
            DataType::Float(Some(_)) => DataType::Float(None),
            DataType::Char(None) => DataType::Char(Some(1)),
            DataType::Numeric(None) => DataType::Numeric(Some((10, Some(0)))),
            DataType::Numeric(Some((p, None))) => DataType::Numeric(Some((p, Some(0)))),
            DataType::Timestamp { precision, .. } => DataType::Timestamp {
                tz: false,
                precision,
            },
            DataType::Time { precision, .. } => DataType::Time {
                tz: false,
                precision,
            },
            DataType::Unsigned(t) => DataType::Unsigned(Box::new(canonical_type(*t, dialect))),
            other => other,
        },
        Dialect::Sqlite => ty,
    }
}

/// The type as the dialect's catalog spells it (`character varying(20)`, `int(11)`, `varchar(20)`).
pub fn type_name(ty: &DataType, dialect: Dialect) -> String {
    match dialect {
        Dialect::Postgres => pg_type_name(ty),
        Dialect::Mysql => mysql_type_name(ty),
        Dialect::Sqlite => sqlite_type_name(ty),
    }
}

fn precision_suffix(p: Option<u32>) -> String {
    p.map(|p| format!("({p})")).unwrap_or_default()
}

fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("'{}'", v.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(",")
}

fn pg_type_name(ty: &DataType) -> String {
    match ty {
        DataType::Boolean => "boolean".into(),
        DataType::TinyInt | DataType::SmallInt => "smallint".into(),
        DataType::MediumInt | DataType::Integer => "integer".into(),
        DataType::BigInt => "bigint".into(),
        DataType::Unsigned(t) => pg_type_name(t),
        DataType::Real => "real".into(),
        DataType::Double => "double precision".into(),
        DataType::Float(Some(p)) if *p <= 24 => "real".into(),
        DataType::Float(_) => "double precision".into(),
        DataType::Numeric(None) => "numeric".into(),
        DataType::Numeric(Some((p, s))) => format!("numeric({p},{})", s.unwrap_or(0)),
        DataType::Char(n) => format!("character({})", n.unwrap_or(1)),
        DataType::Varchar(None) => "character varying".into(),
        DataType::Varchar(Some(n)) => format!("character varying({n})"),
        DataType::Text | DataType::SizedText(_) => "text".into(),
        DataType::Bytea | DataType::Blob(_) => "bytea".into(),
        DataType::Date => "date".into(),
        DataType::Time { tz, precision } => {
            format!(
                "time{} {} time zone",
                precision_suffix(*precision),
                if *tz { "with" } else { "without" }
            )
        }
        DataType::Timestamp { tz, precision } => {
            format!(
                "timestamp{} {} time zone",
                precision_suffix(*precision),
                if *tz { "with" } else { "without" }
            )
        }
        DataType::DateTime(p) => format!("timestamp{} without time zone", precision_suffix(*p)),
        DataType::Interval => "interval".into(),
        DataType::Json => "json".into(),
        DataType::Jsonb => "jsonb".into(),
        DataType::Uuid => "uuid".into(),
        DataType::Inet => "inet".into(),
        DataType::Cidr => "cidr".into(),
        DataType::MacAddr => "macaddr".into(),
        DataType::InlineEnum(_) => "text".into(),
        DataType::Set(_) => "text[]".into(),
        DataType::Array(t) => format!("{}[]", pg_type_name(t)),
        DataType::Named(n) => n.clone(),
    }
}

fn mysql_type_name(ty: &DataType) -> String {
    match ty {
        DataType::Boolean => "tinyint(1)".into(),
        DataType::TinyInt => "tinyint(4)".into(),
        DataType::SmallInt => "smallint(6)".into(),
        DataType::MediumInt => "mediumint(9)".into(),
        DataType::Integer => "int(11)".into(),
        DataType::BigInt => "bigint(20)".into(),
        DataType::Unsigned(t) => match t.as_ref() {
            DataType::TinyInt | DataType::Boolean => "tinyint(3) unsigned".into(),
            DataType::SmallInt => "smallint(5) unsigned".into(),
            DataType::MediumInt => "mediumint(8) unsigned".into(),
            DataType::Integer => "int(10) unsigned".into(),
            DataType::BigInt => "bigint(20) unsigned".into(),
            other => format!("{} unsigned", mysql_type_name(other)),
        },
        DataType::Real | DataType::Double => "double".into(),
        DataType::Float(Some(p)) if *p > 24 => "double".into(),
        DataType::Float(_) => "float".into(),
        DataType::Numeric(None) => "decimal(10,0)".into(),
        DataType::Numeric(Some((p, s))) => format!("decimal({p},{})", s.unwrap_or(0)),
        DataType::Char(n) => format!("char({})", n.unwrap_or(1)),
        DataType::Varchar(None) => "varchar(255)".into(),
        DataType::Varchar(Some(n)) => format!("varchar({n})"),
        DataType::Text => "text".into(),
        DataType::SizedText(s) => s.clone(),
        DataType::Bytea => "longblob".into(),
        DataType::Blob(b) => b.clone(),
        DataType::Date => "date".into(),
        DataType::Time { precision, .. } => format!("time{}", precision_suffix(*precision)),
        DataType::Timestamp { precision, .. } => {
            format!("timestamp{}", precision_suffix(*precision))
        }
        DataType::DateTime(p) => format!("datetime{}", precision_suffix(*p)),
        DataType::Interval => "varchar(255)".into(),
        // MariaDB reads `json` as LONGTEXT with its check; MySQL 8 has the type.
        DataType::Json => "json".into(),
        DataType::Jsonb | DataType::Array(_) => "longtext".into(),
        DataType::Uuid => "uuid".into(),
        DataType::Inet => "inet6".into(),
        DataType::Cidr | DataType::MacAddr => "varchar(64)".into(),
        DataType::InlineEnum(v) => format!("enum({})", quoted_list(v)),
        DataType::Set(v) => format!("set({})", quoted_list(v)),
        DataType::Named(n) => n.clone(),
    }
}

fn sqlite_type_name(ty: &DataType) -> String {
    match ty {
        DataType::Integer => "integer".into(),
        DataType::Text => "text".into(),
        DataType::Real => "real".into(),
        DataType::Blob(b) => b.clone(),
        DataType::Numeric(None) => "numeric".into(),
        DataType::Boolean => "boolean".into(),
        DataType::Date => "date".into(),
        DataType::DateTime(None) => "datetime".into(),
        DataType::Timestamp {
            tz: false,
            precision: None,
        } => "timestamp".into(),
        DataType::Json => "json".into(),
        DataType::Varchar(None) => "varchar".into(),
        DataType::Varchar(Some(n)) => format!("varchar({n})"),
        DataType::Named(n) => n.clone(),
        other => pg_type_name(other),
    }
}

/// Operator classes that are their type's default for an index method (PostgreSQL 15's
/// `pg_opclass.opcdefault`, and those of the common extensions): naming one is the same as
/// naming none, and `pg_get_indexdef` leaves it out.
const DEFAULT_OPCLASSES: &[(&str, &str)] = &[
    (
        "btree",
        "array_ops bit_ops bool_ops bpchar_ops bytea_ops char_ops date_ops enum_ops \
         float4_ops float8_ops inet_ops int2_ops int4_ops int8_ops interval_ops \
         jsonb_ops macaddr8_ops macaddr_ops money_ops multirange_ops name_ops \
         numeric_ops oid_ops oidvector_ops pg_lsn_ops range_ops record_ops text_ops \
         tid_ops time_ops timestamp_ops timestamptz_ops timetz_ops tsquery_ops \
         tsvector_ops uuid_ops varbit_ops xid8_ops citext_ops ltree_ops \
         btree_hstore_ops",
    ),
    (
        "hash",
        "array_ops bool_ops bpchar_ops bytea_ops char_ops date_ops enum_ops \
         float4_ops float8_ops inet_ops int2_ops int4_ops int8_ops interval_ops \
         jsonb_ops macaddr8_ops macaddr_ops multirange_ops name_ops numeric_ops \
         oid_ops oidvector_ops pg_lsn_ops range_ops record_ops text_ops tid_ops \
         time_ops timestamp_ops timestamptz_ops timetz_ops uuid_ops xid8_ops xid_ops \
         citext_ops hash_hstore_ops",
    ),
    ("gin", "array_ops jsonb_ops tsvector_ops gin_hstore_ops"),
    (
        "gist",
        "box_ops circle_ops multirange_ops point_ops poly_ops range_ops tsquery_ops \
         tsvector_ops gist_ltree_ops gist__ltree_ops gist_hstore_ops",
    ),
    (
        "spgist",
        "box_ops inet_ops poly_ops quad_point_ops range_ops text_ops",
    ),
];

/// The operator class of an index key as the catalog reports it: `None` for the method's
/// default one (`method` `None` is btree), else the name lower-cased.
pub fn index_opclass(method: Option<&str>, name: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    let method = method.unwrap_or("btree").to_ascii_lowercase();
    let default = DEFAULT_OPCLASSES
        .iter()
        .any(|(m, names)| *m == method && names.split_whitespace().any(|n| n == name))
        // BRIN's defaults follow one pattern: `<type>_minmax_ops`, `<type>_inclusion_ops`.
        || (method == "brin"
            && (name.ends_with("_minmax_ops") || name.ends_with("_inclusion_ops"))
            && !name.ends_with("_minmax_multi_ops")
            && name != "inet_minmax_ops");
    (!default).then_some(name)
}

/// The normalized default of a column fed by sequence `seq`: what [`expr`] makes of
/// PostgreSQL's `nextval('seq'::regclass)`, built without parsing, because every serial column
/// of a replay needs one. The name is printed as `regclass` prints it: each part quoted where
/// PostgreSQL's `quote_identifier` would (`nextval('"Users_id_seq"'::regclass)`).
pub fn nextval(seq: &crate::schema::QualifiedName) -> String {
    let part = |p: &str| {
        let plain = p
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if plain {
            p.to_string()
        } else {
            format!("\"{}\"", p.replace('"', "\"\""))
        }
    };
    let name = match &seq.schema {
        Some(s) => format!("{}.{}", part(s), part(&seq.name)),
        None => part(&seq.name),
    };
    format!("nextval('{}')", name.replace('\'', "''"))
}

/// Canonical text of an expression (defaults, checks, index expressions, predicates).
pub fn expr(text: &str, dialect: Dialect) -> String {
    match parse_expr(text, dialect) {
        Some(e) => expr_ast(&e, dialect).unwrap_or_else(|| fallback_text(text)),
        None => fallback_text(text),
    }
}

/// A column default, canonical; `None` when it is `NULL` (no default and `DEFAULT NULL` mean the
/// same, and PostgreSQL reports `NULL::character varying`, MariaDB `NULL`).
pub fn default_expr(text: &str, dialect: Dialect) -> Option<String> {
    let e = expr(text, dialect);
    if e == "null" || e.is_empty() {
        None
    } else {
        Some(e)
    }
}

fn parse_expr(text: &str, dialect: Dialect) -> Option<Expr> {
    let d = dialect.parser_dialect();
    let mut p = Parser::new(&*d)
        .with_recursion_limit(RECURSION_LIMIT)
        .try_with_sql(text)
        .ok()?;
    let e = p.parse_expr().ok()?;
    if p.peek_token().token == Token::EOF {
        Some(e)
    } else {
        None
    }
}

/// Whitespace collapsed and lower-cased outside quotes: for text no parser understands.
fn fallback_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut pending_space = false;
    for c in text.trim().chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => {
                if c.is_whitespace() {
                    pending_space = true;
                    continue;
                }
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                if c == '\'' || c == '"' || c == '`' {
                    quote = Some(c);
                }
                out.push(c.to_ascii_lowercase());
            }
        }
    }
    out
}

/// Canonical text of a parsed expression; `None` when the tree is too deep to print safely.
pub fn expr_ast(e: &Expr, dialect: Dialect) -> Option<String> {
    Printer {
        dialect,
        keep_casts: false,
        columns: None,
        params: None,
    }
    .print(e, 0)
    .map(|(s, _)| s)
}

/// A conversion expression (PostgreSQL `ALTER COLUMN ... TYPE ... USING`), canonical but with
/// every cast kept: there a cast is the conversion itself (`ip_address::inet`), and the
/// expression is never compared with a catalog, only printed back.
pub fn conversion_expr_ast(e: &Expr, dialect: Dialect) -> Option<String> {
    Printer {
        dialect,
        keep_casts: true,
        columns: None,
        params: None,
    }
    .print(e, 0)
    .map(|(s, _)| s)
}

/// An expression stored on a table (check, index key or predicate, generated column), already
/// normalized, with the casts PostgreSQL adds to the table's columns on its own taken out: a
/// `varchar` column is printed `(name)::text` as an operand of a text operator, an `integer`
/// one `(qty)::numeric` beside a `numeric`. Which casts those are depends on the column's type,
/// so the parser keeps every cast on a column and this drops the implicit ones once the table
/// is known: the simulator where the expression meets its table, the introspection for what
/// the catalog prints. A cast the database would not add (`ip::inet` on a text column,
/// `status::text` on an enum) stays. Other dialects keep the text as it is.
pub fn table_expr(text: &str, columns: &[crate::schema::Column], dialect: Dialect) -> String {
    if dialect != Dialect::Postgres || !text.contains("::") {
        return text.to_string();
    }
    let Some(e) = parse_expr(text, dialect) else {
        return text.to_string();
    };
    Printer {
        dialect,
        keep_casts: false,
        columns: Some(columns),
        params: None,
    }
    .print(&e, 0)
    .map_or_else(|| text.to_string(), |(s, _)| s)
}

/// PostgreSQL: `text` as the catalog prints it once the arguments of calls to the schema's own
/// functions are coerced to the parameter types: a column whose type is not the parameter's gets
/// the cast PostgreSQL inserts (`hot_rank(score::numeric, t)` for an integer `score`, seen on
/// Lemmy; the type modifier does not count). Unknown or overloaded functions and polymorphic
/// (`any*`) parameters are left alone.
pub fn call_casts(
    text: &str,
    columns: &[crate::schema::Column],
    params: Params<'_>,
    dialect: Dialect,
) -> String {
    if dialect != Dialect::Postgres || !text.contains('(') {
        return text.to_string();
    }
    let Some(e) = parse_expr(text, dialect) else {
        return text.to_string();
    };
    let printed = |params| {
        Printer {
            dialect,
            keep_casts: false,
            columns: Some(columns),
            params,
        }
        .print(&e, 0)
        .map(|(s, _)| s)
    };
    // The text changes only where a cast goes in, not by being printed again.
    match (printed(Some(params)), printed(None)) {
        (Some(with), Some(without)) if with != without => with,
        _ => text.to_string(),
    }
}

/// [`table_expr`] applied to every expression a table holds: its checks, index keys and
/// predicates, and generated columns. Idempotent, and cheap where no expression has a cast.
pub fn table_exprs(table: &mut crate::schema::Table, dialect: Dialect) {
    use crate::schema::{ConstraintKind, IndexKey};
    if dialect != Dialect::Postgres {
        return;
    }
    let columns = &table.columns;
    let redo = |e: &mut String| {
        if e.contains("::") {
            *e = table_expr(e, columns, dialect);
        }
    };
    for c in &mut table.constraints {
        if let ConstraintKind::Check { expr } = &mut c.kind {
            redo(expr);
        }
    }
    for i in &mut table.indexes {
        for k in &mut i.keys {
            if let IndexKey::Expr { expr, .. } = k {
                redo(expr);
            }
        }
        if let Some(p) = &mut i.predicate {
            redo(p);
        }
    }
    let generated: Vec<(usize, String)> = columns
        .iter()
        .enumerate()
        .filter_map(|(n, c)| {
            let g = c.generated.as_ref().filter(|g| g.expr.contains("::"))?;
            Some((n, table_expr(&g.expr, columns, dialect)))
        })
        .collect();
    for (n, e) in generated {
        if let Some(g) = table.columns.get_mut(n).and_then(|c| c.generated.as_mut()) {
            g.expr = e;
        }
    }
}

/// A `varchar` or `char` column relabelled `text`: PostgreSQL prints `(name)::text` wherever a
/// text operator or function takes it, and the cast never changes a value.
fn is_text_relabel(from: &DataType, to: &DataType) -> bool {
    use DataType as T;
    match (from, to) {
        (T::Varchar(_) | T::Char(_), T::Text | T::Varchar(None)) => true,
        (T::Array(a), T::Array(b)) => is_text_relabel(a, b),
        _ => false,
    }
}

/// The same type up to its modifiers (`numeric(10,2)` is a `numeric`).
fn same_type_family(a: &DataType, b: &DataType) -> bool {
    match (a, b) {
        (DataType::Numeric(_), DataType::Numeric(_)) => true,
        (DataType::Varchar(_), DataType::Varchar(_)) => true,
        (DataType::Timestamp { tz: x, .. }, DataType::Timestamp { tz: y, .. }) => x == y,
        _ => a == b,
    }
}

/// Whether PostgreSQL casts a value of type `from` to `to` on its own (`pg_cast` context `i`)
/// where an operator or function needs it: for these it prints a cast nobody wrote.
fn is_implicit_cast(from: &DataType, to: &DataType) -> bool {
    use DataType as T;
    let int_rank = |t: &DataType| match t {
        T::SmallInt => Some(1),
        T::Integer => Some(2),
        T::BigInt => Some(3),
        _ => None,
    };
    match (from, to) {
        (T::Varchar(_) | T::Char(_), T::Text | T::Varchar(None)) => true,
        (a, b) if int_rank(a).is_some() && int_rank(b).is_some() => int_rank(a) < int_rank(b),
        (T::SmallInt | T::Integer | T::BigInt, T::Numeric(None) | T::Real | T::Double) => true,
        (T::Numeric(_), T::Real | T::Double) | (T::Real, T::Double) => true,
        (
            T::Date,
            T::Timestamp {
                precision: None, ..
            },
        ) => true,
        (
            T::Timestamp { tz: false, .. },
            T::Timestamp {
                tz: true,
                precision: None,
            },
        ) => true,
        (T::Cidr, T::Inet) => true,
        (T::Array(a), T::Array(b)) => is_implicit_cast(a, b),
        _ => false,
    }
}

/// [`conversion_expr_ast`] of text (Alembic's `postgresql_using=`).
pub fn conversion_expr(text: &str, dialect: Dialect) -> String {
    match parse_expr(text, dialect) {
        Some(e) => conversion_expr_ast(&e, dialect).unwrap_or_else(|| fallback_text(text)),
        None => fallback_text(text),
    }
}

/// A column default in the context of the column's type, as PostgreSQL resolves and prints it:
/// an untyped literal takes the column's type, so `DEFAULT '5'` on an integer column is stored
/// and printed as `5`, `DEFAULT 0` on a text column as `'0'::text` (normalized `'0'`), and
/// `DEFAULT 'true'` on a boolean column as `true`. `default` is already normalized (by
/// [`default_expr`] or the parser); other dialects keep it as it is. The simulator applies this
/// where a default meets its column (created, set, or the column's type changed) and the
/// introspection to what the catalog prints, so both sides agree.
pub fn column_default(default: String, ty: &DataType, dialect: Dialect) -> String {
    if dialect != Dialect::Postgres {
        return default;
    }
    match plain_string(&default) {
        Some(inner) if is_numeric_text(inner) && is_numeric_type(ty) => pg_number(inner),
        Some(inner) if *ty == DataType::Boolean => {
            boolean_text(inner).map_or(default, |b| b.to_string())
        }
        None if is_numeric_text(&default) && is_string_type(ty) => quote_string(&default),
        _ => default,
    }
}

/// What PostgreSQL's `boolin` makes of a literal (its unique prefixes aside).
fn boolean_text(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "on" | "1" => Some(true),
        "f" | "false" | "n" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// The contents of a normalized string literal `'...'` (quotes still doubled), if that is all
/// the text is.
fn plain_string(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    (!inner.replace("''", "").contains('\'')).then_some(inner)
}

/// An interval literal as PostgreSQL prints it (IntervalStyle `postgres`): `'12 months'` is
/// `1 year`, `'90 minutes'` is `01:30:00`, `'1 week'` is `7 days`; hours never become days
/// (checked on PostgreSQL 15). `None` for what this does not read (fractions, signs, ISO 8601,
/// `@` forms), which then stays as written.
fn pg_interval(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() % 2 != 0 {
        return None;
    }
    let (mut months, mut days, mut secs) = (0i64, 0i64, 0i64);
    for pair in words.chunks(2) {
        let n: i64 = pair.first()?.parse().ok().filter(|n| *n >= 0)?;
        let unit = pair.get(1)?.to_ascii_lowercase();
        let (total, per) = match unit.trim_end_matches('s') {
            "year" | "yr" => (&mut months, 12),
            "month" | "mon" => (&mut months, 1),
            "week" => (&mut days, 7),
            "day" => (&mut days, 1),
            "hour" | "hr" => (&mut secs, 3600),
            "minute" | "min" => (&mut secs, 60),
            "second" | "sec" => (&mut secs, 1),
            _ => return None,
        };
        *total = total.checked_add(n.checked_mul(per)?)?;
    }
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if months / 12 > 0 {
        parts.push(plural(months / 12, "year"));
    }
    if months % 12 > 0 {
        parts.push(plural(months % 12, "mon"));
    }
    if days > 0 {
        parts.push(plural(days, "day"));
    }
    if secs > 0 || parts.is_empty() {
        parts.push(format!(
            "{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ));
    }
    Some(parts.join(" "))
}

/// Types whose literals are numbers (an untyped quoted number on such a column is the number).
pub fn is_numeric_type(ty: &DataType) -> bool {
    match ty {
        DataType::TinyInt
        | DataType::SmallInt
        | DataType::MediumInt
        | DataType::Integer
        | DataType::BigInt
        | DataType::Real
        | DataType::Double
        | DataType::Float(_)
        | DataType::Numeric(_) => true,
        DataType::Unsigned(t) => is_numeric_type(t),
        _ => false,
    }
}

/// PostgreSQL's built-in string types: a number assigned to one becomes its text.
pub fn is_string_type(ty: &DataType) -> bool {
    matches!(
        ty,
        DataType::Text | DataType::Varchar(_) | DataType::Char(_) | DataType::SizedText(_)
    )
}

/// Binding strength, loosest first; a child binding looser than its context is parenthesized.
const P_OR: u8 = 1;
const P_AND: u8 = 2;
const P_NOT: u8 = 3;
const P_CMP: u8 = 4;
const P_OTHER: u8 = 5;
const P_ADD: u8 = 6;
const P_MUL: u8 = 7;
const P_UNARY: u8 = 8;
const P_ATOM: u8 = 9;

struct Printer<'a> {
    dialect: Dialect,
    /// Print every cast as written (conversion expressions), not only those that carry meaning.
    keep_casts: bool,
    /// The columns of the table the expression belongs to, when known (see [`table_expr`]).
    columns: Option<&'a [crate::schema::Column]>,
    /// The parameter types of the schema's function `name` called with `n` arguments, when
    /// known (see [`call_casts`]).
    params: Option<Params<'a>>,
}

/// `(function name, number of arguments)` → its parameter types as written, if known.
pub type Params<'a> = &'a dyn Fn(&str, usize) -> Option<Vec<String>>;

type Printed = Option<(String, u8)>;

fn ident_value(i: &ast::Ident, dialect: Dialect) -> String {
    match (i.quote_style, dialect) {
        // PostgreSQL folds unquoted identifiers to lower case.
        (None, Dialect::Postgres) => i.value.to_ascii_lowercase(),
        _ => i.value.clone(),
    }
}

fn strip_nested(e: &Expr) -> &Expr {
    let mut e = e;
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    e
}

/// Literals, whose casts PostgreSQL adds on its own wherever the context gives the literal a
/// type (`'x'::text`, `'{}'::jsonb` on a jsonb column, `ARRAY['a'::character varying]`): printed
/// without the cast, such a literal is resolved to the same type again, so the cast is dropped.
/// The literal keeps its kind: `'0'::ltree` is `'0'`, never the number `0`.
fn is_literal(e: &Expr) -> bool {
    match strip_nested(e) {
        Expr::Value(_) | Expr::TypedString(_) => true,
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => matches!(strip_nested(expr), Expr::Value(_)),
        Expr::Cast { expr, .. } => is_literal(expr),
        // `ARRAY[]::text[]` needs its cast: an empty array has no type of its own.
        Expr::Array(a) => !a.elem.is_empty() && a.elem.iter().all(is_literal),
        _ => false,
    }
}

fn is_numeric_text(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let mut parts = body.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A number as PostgreSQL's `numeric_out` prints the constant: the written scale is kept
/// (`0.70` stays `0.70`), leading zeros and a bare point are not (`.5` is `0.5`, `5.` is `5`),
/// and an exponent is applied (`1.50e1` is `15.0`).
fn pg_number(s: &str) -> String {
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.strip_prefix('+').unwrap_or(s)),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => match body.get(i + 1..).and_then(|e| e.parse::<i32>().ok()) {
            Some(e) if e.abs() <= 1000 => (body.get(..i).unwrap_or(""), e),
            _ => return s.to_string(),
        },
        None => (body, 0),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) || (int.is_empty() && frac.is_empty()) {
        return s.to_string();
    }
    let shifted;
    let (int, frac) = if exp == 0 {
        (int, frac)
    } else {
        // Move the point `exp` places; the scale becomes max(0, written scale - exp).
        let all = format!("{int}{frac}");
        let point = int.len() as i64 + i64::from(exp);
        shifted = if point <= 0 {
            (
                "0".to_string(),
                format!("{}{all}", "0".repeat((-point) as usize)),
            )
        } else if point as usize >= all.len() {
            (
                format!("{all}{}", "0".repeat(point as usize - all.len())),
                String::new(),
            )
        } else {
            let (i, f) = all.split_at(point as usize);
            (i.to_string(), f.to_string())
        };
        (shifted.0.as_str(), shifted.1.as_str())
    };
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let zero = int == "0" && frac.bytes().all(|b| b == b'0');
    let sign = if zero { "" } else { sign };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// `1.50` and `1.5` are one number (MariaDB pads defaults to the column's scale).
fn canonical_number(s: &str) -> String {
    if is_numeric_text(s) && s.contains('.') {
        let t = s.trim_end_matches('0').trim_end_matches('.');
        return t.to_string();
    }
    s.to_string()
}

fn quote_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Printer<'_> {
    fn ident(&self, i: &ast::Ident) -> String {
        let v = ident_value(i, self.dialect);
        let simple = v
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        let simple = match self.dialect {
            Dialect::Postgres => simple && !v.chars().any(|c| c.is_ascii_uppercase()),
            _ => simple,
        };
        if simple {
            v
        } else {
            let q = if self.dialect == Dialect::Mysql {
                '`'
            } else {
                '"'
            };
            format!("{q}{}{q}", v.replace(q, &format!("{q}{q}")))
        }
    }

    /// A number as the dialect keeps it: PostgreSQL keeps the written scale (`DEFAULT 0.70`
    /// prints `0.70`), SQLite the text, MariaDB pads to the column's scale (so `1.50` is `1.5`).
    fn number(&self, n: &str) -> String {
        match self.dialect {
            Dialect::Postgres => pg_number(n),
            Dialect::Mysql => canonical_number(n),
            Dialect::Sqlite => n.to_string(),
        }
    }

    fn value(&self, v: &Value) -> String {
        match v {
            Value::Number(n, _) => self.number(n),
            Value::SingleQuotedString(s)
            | Value::DoubleQuotedString(s)
            | Value::EscapedStringLiteral(s)
            | Value::NationalStringLiteral(s) => {
                // MariaDB reports `DEFAULT '0'` on an integer column as `0`. PostgreSQL resolves
                // a quoted literal by its context (see `column_default`), SQLite keeps it.
                if self.dialect == Dialect::Mysql && is_numeric_text(s) {
                    canonical_number(s)
                } else {
                    quote_string(s)
                }
            }
            Value::DollarQuotedString(d) => quote_string(&d.value),
            Value::Boolean(b) => match (self.dialect, b) {
                // MariaDB has no boolean: `DEFAULT false` is reported as `0`.
                (Dialect::Mysql, true) => "1".into(),
                (Dialect::Mysql, false) => "0".into(),
                (_, true) => "true".into(),
                (_, false) => "false".into(),
            },
            Value::Null => "null".into(),
            other => fallback_text(&other.to_string()),
        }
    }

    fn child(&self, e: &Expr, depth: usize, min: u8) -> Option<String> {
        let (s, p) = self.print(e, depth + 1)?;
        Some(if p < min { format!("({s})") } else { s })
    }

    fn list(&self, items: &[Expr], depth: usize) -> Option<String> {
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            out.push(self.print(i, depth + 1)?.0);
        }
        Some(out.join(", "))
    }

    fn in_list(&self, left: &Expr, items: &[Expr], negated: bool, depth: usize) -> Printed {
        let l = self.child(left, depth, P_OTHER)?;
        let kw = if negated { "not in" } else { "in" };
        Some((format!("{l} {kw} ({})", self.list(items, depth)?), P_CMP))
    }

    fn binary(
        &self,
        left: &Expr,
        op: &str,
        right: &Expr,
        prec: u8,
        assoc: bool,
        depth: usize,
    ) -> Printed {
        // One side at most: of `a::numeric + b::numeric` PostgreSQL adds neither cast.
        let unwidened = self.unwidened(left, right);
        let (left, right) = if std::ptr::eq(unwidened, left) {
            (left, self.unwidened(right, left))
        } else {
            (unwidened, right)
        };
        if matches!(prec, P_ADD | P_MUL) && self.dialect == Dialect::Postgres {
            let l = self.arithmetic_operand(left, depth, prec)?;
            let r = self.arithmetic_operand(right, depth, if assoc { prec } else { prec + 1 })?;
            return Some((format!("{l} {op} {r}"), prec));
        }
        let l = self.child(left, depth, prec)?;
        let r = self.child(right, depth, if assoc { prec } else { prec + 1 })?;
        Some((format!("{l} {op} {r}"), prec))
    }

    /// A function argument without the `::text` PostgreSQL puts on a `citext` column where the
    /// function takes text (`char_length((username)::text)`). Not elsewhere: citext has
    /// operators of its own (`~`, `=`), so there `username::text` changes the comparison.
    fn citext_argument<'e>(&self, e: &'e Expr) -> &'e Expr {
        if self.keep_casts || self.dialect != Dialect::Postgres {
            return e;
        }
        if let Expr::Cast {
            expr, data_type, ..
        } = strip_nested(e)
        {
            if let Expr::Identifier(i) = strip_nested(expr) {
                let citext = DataType::Named("citext".into());
                if self.column_type(i) == Some(&citext)
                    && from_ast(data_type, self.dialect) == DataType::Text
                {
                    return expr;
                }
            }
        }
        e
    }

    /// The type PostgreSQL coerces argument `k` of `n` of a call of `name` to, when `e` is a
    /// column of another type and the function's parameters are known (see [`call_casts`]).
    fn coerced(&self, name: &str, n: usize, k: usize, e: &Expr) -> Option<String> {
        let params = (self.params?)(name.rsplit('.').next().unwrap_or(name), n)?;
        let Expr::Identifier(i) = e else {
            return None;
        };
        let column = self.column_type(i)?;
        let param = parse_type(params.get(k)?, self.dialect);
        let base = |t: &DataType| {
            let name = type_name(t, self.dialect);
            name.split('(').next().unwrap_or("").trim().to_string()
        };
        let (from, to) = (base(column), base(&param));
        (from != to && !to.starts_with("any")).then(|| type_name(&param, self.dialect))
    }

    /// The type of the table's column `i` refers to, when the table is known.
    fn column_type(&self, i: &ast::Ident) -> Option<&DataType> {
        let name = ident_value(i, self.dialect);
        let cols = self.columns?;
        cols.iter().find(|c| c.name == name).map(|c| &c.ty)
    }

    /// The type of an operand as far as it shows without type inference: a column of the
    /// table, a cast, a number.
    fn operand_type(&self, e: &Expr) -> Option<DataType> {
        match strip_nested(e) {
            Expr::Identifier(i) => self.column_type(i).cloned(),
            Expr::CompoundIdentifier(parts) => self.column_type(parts.last()?).cloned(),
            Expr::Cast { data_type, .. } => Some(from_ast(data_type, self.dialect)),
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) if n.contains(['.', 'e', 'E']) => Some(DataType::Numeric(None)),
                Value::Number(..) => Some(DataType::Integer),
                _ => None,
            },
            _ => None,
        }
    }

    /// `e` without its cast when it is a column widened to the type of `other`, the operand
    /// beside it: PostgreSQL prints `((qty)::numeric * unit_price)` for `qty * unit_price`.
    /// Beside anything else the cast changes the operation (`qty::numeric / 3` is not integer
    /// division) and stays.
    fn unwidened<'e>(&self, e: &'e Expr, other: &Expr) -> &'e Expr {
        if self.dialect != Dialect::Postgres || self.keep_casts {
            return e;
        }
        let Expr::Cast {
            expr, data_type, ..
        } = strip_nested(e)
        else {
            return e;
        };
        let column = match strip_nested(expr) {
            Expr::Identifier(i) => self.column_type(i),
            Expr::CompoundIdentifier(parts) => parts.last().and_then(|i| self.column_type(i)),
            _ => None,
        };
        let to = from_ast(data_type, self.dialect);
        let beside = self.operand_type(other);
        match (column, beside) {
            (Some(from), Some(beside))
                if is_implicit_cast(from, &to) && same_type_family(&beside, &to) =>
            {
                expr
            }
            _ => e,
        }
    }

    /// An operand of `+ - * / %`. There a typed string literal keeps its type: an untyped one
    /// takes the other operand's type, so `now() - '1 day'` is a timestamp minus a timestamp
    /// (PostgreSQL rejects '1 day') where `now() - '1 day'::interval` is what was meant and
    /// what PostgreSQL prints. `INTERVAL '1 day'` is printed the way the catalog does.
    fn arithmetic_operand(&self, e: &Expr, depth: usize, min: u8) -> Option<String> {
        let (literal, ty) = match strip_nested(e) {
            Expr::Cast {
                expr, data_type, ..
            } => match strip_nested(expr) {
                Expr::Value(v) => match &v.value {
                    Value::SingleQuotedString(s) => (s, from_ast(data_type, self.dialect)),
                    _ => return self.child(e, depth, min),
                },
                _ => return self.child(e, depth, min),
            },
            Expr::Interval(i) if i.leading_field.is_none() && i.last_field.is_none() => {
                match strip_nested(&i.value) {
                    Expr::Value(v) => match &v.value {
                        Value::SingleQuotedString(s) => (s, DataType::Interval),
                        _ => return self.child(e, depth, min),
                    },
                    _ => return self.child(e, depth, min),
                }
            }
            // `DATE '2024-01-01' + 1` is stored as `'2024-01-01'::date + 1`.
            Expr::TypedString(t) => match &t.value.value {
                Value::SingleQuotedString(s) => (s, from_ast(&t.data_type, self.dialect)),
                _ => return self.child(e, depth, min),
            },
            _ => return self.child(e, depth, min),
        };
        if is_numeric_text(literal) && is_numeric_type(&ty) {
            return Some(self.number(literal));
        }
        let interval = (ty == DataType::Interval && self.dialect == Dialect::Postgres)
            .then(|| pg_interval(literal))
            .flatten();
        Some(format!(
            "{}::{}",
            quote_string(interval.as_deref().unwrap_or(literal)),
            type_name(&ty, self.dialect)
        ))
    }

    fn array_elems<'e>(&self, e: &'e Expr) -> Option<&'e [Expr]> {
        let mut e = strip_nested(e);
        while let Expr::Cast { expr, .. } = e {
            e = strip_nested(expr);
        }
        match e {
            Expr::Array(a) => Some(&a.elem),
            _ => None,
        }
    }

    fn function(&self, f: &ast::Function, depth: usize) -> Printed {
        if f.over.is_some()
            || f.filter.is_some()
            || !f.within_group.is_empty()
            || !matches!(f.parameters, ast::FunctionArguments::None)
        {
            return None;
        }
        let mut parts: Vec<String> = f
            .name
            .0
            .iter()
            .map(|p| match p {
                ast::ObjectNamePart::Identifier(i) => i.value.to_ascii_lowercase(),
                other => other.to_string().to_ascii_lowercase(),
            })
            .collect();
        // PostgreSQL prints a function unqualified when the search path finds it: pg_catalog
        // always, `public` under the default `"$user", public` (pg_get_indexdef of
        // `(public.f(x))` is `f(x)`, seen on Lemmy's history).
        let visible = |schema: &str| {
            schema == "pg_catalog" || (self.dialect == Dialect::Postgres && schema == "public")
        };
        if parts.len() == 2 && visible(&parts[0]) {
            parts.remove(0);
        }
        let name = parts.join(".");
        let args: Option<Vec<String>> = match &f.args {
            ast::FunctionArguments::None => None,
            ast::FunctionArguments::List(list)
                if list.duplicate_treatment.is_none() && list.clauses.is_empty() =>
            {
                let mut out = Vec::new();
                let n = list.args.len();
                for (k, a) in list.args.iter().enumerate() {
                    match a {
                        ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => {
                            let printed = self.print(self.citext_argument(e), depth + 1)?.0;
                            out.push(match self.coerced(&name, n, k, e) {
                                Some(ty) => format!("{printed}::{ty}"),
                                None => printed,
                            })
                        }
                        ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Wildcard) => {
                            out.push("*".into())
                        }
                        _ => return None,
                    }
                }
                Some(out)
            }
            _ => return None,
        };
        let (name, args) = self.function_alias(&name, args);
        Some(match args {
            None => (name, P_ATOM),
            Some(a) => (format!("{name}({})", a.join(", ")), P_ATOM),
        })
    }

    /// Spellings one database reports for another: MariaDB stores `now()` and
    /// `CURRENT_TIMESTAMP` as `current_timestamp()`, `length` as `octet_length`, `CURRENT_DATE`
    /// as `curdate()`.
    fn function_alias(
        &self,
        name: &str,
        args: Option<Vec<String>>,
    ) -> (String, Option<Vec<String>>) {
        let no_args = args.as_ref().is_none_or(|a| a.is_empty());
        match (self.dialect, name) {
            (Dialect::Mysql, "now" | "current_timestamp" | "localtimestamp" | "localtime") => {
                if no_args {
                    ("current_timestamp".into(), None)
                } else {
                    ("current_timestamp".into(), args)
                }
            }
            (Dialect::Mysql, "curdate" | "current_date") if no_args => {
                ("current_date".into(), None)
            }
            (Dialect::Mysql, "curtime" | "current_time") if no_args => {
                ("current_time".into(), None)
            }
            (Dialect::Mysql, "length") => ("octet_length".into(), args),
            // `public` is on the search path: PostgreSQL prints `nextval('t_id_seq'::regclass)`
            // for what pg_dump and migrations write as `nextval('public.t_id_seq')`.
            (Dialect::Postgres, "nextval") => {
                let args = args.map(|a| {
                    a.into_iter()
                        .map(|x| x.replacen("'public.", "'", 1))
                        .collect()
                });
                (name.into(), args)
            }
            (
                _,
                "current_timestamp" | "current_date" | "current_time" | "localtimestamp"
                | "localtime" | "current_user" | "session_user",
            ) if no_args => (name.into(), None),
            _ => (name.into(), Some(args.unwrap_or_default())),
        }
    }

    fn print(&self, e: &Expr, depth: usize) -> Printed {
        if depth > PRINT_DEPTH {
            return None;
        }
        Some(match e {
            Expr::Nested(inner) => return self.print(inner, depth + 1),
            Expr::Identifier(i) => (self.ident(i), P_ATOM),
            Expr::CompoundIdentifier(parts) => (
                parts
                    .iter()
                    .map(|i| self.ident(i))
                    .collect::<Vec<_>>()
                    .join("."),
                P_ATOM,
            ),
            Expr::Value(v) => (self.value(&v.value), P_ATOM),
            Expr::Cast {
                expr, data_type, ..
            } => return self.cast(expr, data_type, depth),
            Expr::UnaryOp { op, expr } => match op {
                UnaryOperator::Not => match strip_nested(expr) {
                    Expr::BinaryOp {
                        left,
                        op: BinaryOperator::Eq,
                        right,
                    } => return self.binary(left, "<>", right, P_CMP, false, depth),
                    Expr::InList {
                        expr,
                        list,
                        negated,
                    } => return self.in_list(expr, list, !negated, depth),
                    Expr::IsNull(x) => (
                        format!("{} is not null", self.child(x, depth, P_OTHER)?),
                        P_CMP,
                    ),
                    _ => (format!("not {}", self.child(expr, depth, P_NOT)?), P_NOT),
                },
                UnaryOperator::Minus => {
                    let inner = self.child(expr, depth, P_UNARY)?;
                    if let Some(rest) = inner.strip_prefix('-') {
                        (rest.to_string(), P_ATOM)
                    } else if is_numeric_text(&inner) {
                        (format!("-{inner}"), P_ATOM)
                    } else {
                        (format!("-{inner}"), P_UNARY)
                    }
                }
                UnaryOperator::Plus => return self.print(expr, depth + 1),
                other => (
                    format!("{other}{}", self.child(expr, depth, P_UNARY)?),
                    P_UNARY,
                ),
            },
            Expr::BinaryOp { left, op, right } => {
                let (sym, prec, assoc): (String, u8, bool) = match op {
                    BinaryOperator::Or => ("or".into(), P_OR, true),
                    BinaryOperator::And => ("and".into(), P_AND, true),
                    BinaryOperator::Eq => ("=".into(), P_CMP, false),
                    BinaryOperator::NotEq => ("<>".into(), P_CMP, false),
                    BinaryOperator::Lt => ("<".into(), P_CMP, false),
                    BinaryOperator::Gt => (">".into(), P_CMP, false),
                    BinaryOperator::LtEq => ("<=".into(), P_CMP, false),
                    BinaryOperator::GtEq => (">=".into(), P_CMP, false),
                    BinaryOperator::PGLikeMatch => ("like".into(), P_CMP, false),
                    BinaryOperator::PGNotLikeMatch => ("not like".into(), P_CMP, false),
                    BinaryOperator::PGILikeMatch => ("ilike".into(), P_CMP, false),
                    BinaryOperator::PGNotILikeMatch => ("not ilike".into(), P_CMP, false),
                    BinaryOperator::Plus => ("+".into(), P_ADD, true),
                    BinaryOperator::Minus => ("-".into(), P_ADD, false),
                    BinaryOperator::Multiply => ("*".into(), P_MUL, true),
                    BinaryOperator::Divide => ("/".into(), P_MUL, false),
                    BinaryOperator::Modulo => ("%".into(), P_MUL, false),
                    other => (other.to_string().to_ascii_lowercase(), P_OTHER, false),
                };
                return self.binary(left, &sym, right, prec, assoc, depth);
            }
            Expr::IsNull(x) => (format!("{} is null", self.child(x, depth, P_OTHER)?), P_CMP),
            Expr::IsNotNull(x) => (
                format!("{} is not null", self.child(x, depth, P_OTHER)?),
                P_CMP,
            ),
            Expr::IsTrue(x) => (format!("{} is true", self.child(x, depth, P_OTHER)?), P_CMP),
            Expr::IsNotTrue(x) => (
                format!("{} is not true", self.child(x, depth, P_OTHER)?),
                P_CMP,
            ),
            Expr::IsFalse(x) => (
                format!("{} is false", self.child(x, depth, P_OTHER)?),
                P_CMP,
            ),
            Expr::IsNotFalse(x) => (
                format!("{} is not false", self.child(x, depth, P_OTHER)?),
                P_CMP,
            ),
            Expr::IsDistinctFrom(a, b) => {
                return self.binary(a, "is distinct from", b, P_CMP, false, depth)
            }
            Expr::IsNotDistinctFrom(a, b) => {
                return self.binary(a, "is not distinct from", b, P_CMP, false, depth)
            }
            Expr::InList {
                expr,
                list,
                negated,
            } => return self.in_list(expr, list, *negated, depth),
            Expr::AnyOp {
                left,
                compare_op: BinaryOperator::Eq,
                right,
                ..
            } if self.array_elems(right).is_some() => {
                return self.in_list(
                    left,
                    self.array_elems(right).unwrap_or_default(),
                    false,
                    depth,
                )
            }
            Expr::AllOp {
                left,
                compare_op: BinaryOperator::NotEq,
                right,
            } if self.array_elems(right).is_some() => {
                return self.in_list(
                    left,
                    self.array_elems(right).unwrap_or_default(),
                    true,
                    depth,
                )
            }
            Expr::AnyOp {
                left,
                compare_op,
                right,
                ..
            } => {
                let l = self.child(left, depth, P_OTHER)?;
                (
                    format!("{l} {compare_op} any ({})", self.print(right, depth + 1)?.0),
                    P_CMP,
                )
            }
            Expr::AllOp {
                left,
                compare_op,
                right,
            } => {
                let l = self.child(left, depth, P_OTHER)?;
                (
                    format!("{l} {compare_op} all ({})", self.print(right, depth + 1)?.0),
                    P_CMP,
                )
            }
            // PostgreSQL stores `x BETWEEN a AND b` expanded; MariaDB keeps it. Expand both.
            // SQLite keeps the statement's text, so it stays as written there.
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let x = self.child(expr, depth, P_OTHER)?;
                let lo = self.child(low, depth, P_OTHER)?;
                let hi = self.child(high, depth, P_OTHER)?;
                if self.dialect == Dialect::Sqlite {
                    let kw = if *negated { "not between" } else { "between" };
                    (format!("{x} {kw} {lo} and {hi}"), P_CMP)
                } else if *negated {
                    (format!("{x} < {lo} or {x} > {hi}"), P_OR)
                } else {
                    (format!("{x} >= {lo} and {x} <= {hi}"), P_AND)
                }
            }
            Expr::Like {
                negated,
                any: false,
                expr,
                pattern,
                escape_char: None,
            } => {
                let kw = if *negated { "not like" } else { "like" };
                return self.binary(expr, kw, pattern, P_CMP, false, depth);
            }
            Expr::ILike {
                negated,
                any: false,
                expr,
                pattern,
                escape_char: None,
            } => {
                let kw = if *negated { "not ilike" } else { "ilike" };
                return self.binary(expr, kw, pattern, P_CMP, false, depth);
            }
            // `DATE '2024-01-01'` is stored as `'2024-01-01'::date`: the literal is what counts.
            Expr::TypedString(t) => (self.value(&t.value.value), P_ATOM),
            Expr::Function(f) => return self.function(f, depth).or_else(|| self.opaque(e)),
            Expr::Array(a) => (format!("array[{}]", self.list(&a.elem, depth)?), P_ATOM),
            Expr::Tuple(items) => (format!("({})", self.list(items, depth)?), P_ATOM),
            Expr::Interval(i) if i.leading_field.is_none() && i.last_field.is_none() => {
                return self.print(&i.value, depth + 1)
            }
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => {
                let t = self.child(timestamp, depth, P_OTHER + 1)?;
                (
                    format!(
                        "{t} at time zone {}",
                        self.child(time_zone, depth, P_OTHER + 1)?
                    ),
                    P_OTHER,
                )
            }
            Expr::Collate { expr, collation } => (
                format!(
                    "{} collate {}",
                    self.child(expr, depth, P_OTHER + 1)?,
                    collation.to_string().to_ascii_lowercase()
                ),
                P_OTHER,
            ),
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let mut s = String::from("case");
                if let Some(o) = operand {
                    s.push(' ');
                    s.push_str(&self.print(o, depth + 1)?.0);
                }
                for c in conditions {
                    s.push_str(&format!(
                        " when {} then {}",
                        self.print(&c.condition, depth + 1)?.0,
                        self.print(&c.result, depth + 1)?.0
                    ));
                }
                if let Some(e) = else_result {
                    s.push_str(&format!(" else {}", self.print(e, depth + 1)?.0));
                }
                s.push_str(" end");
                (s, P_ATOM)
            }
            _ => return self.opaque(e),
        })
    }

    /// A cast, dropped only where the database prints the same thing without it (see
    /// [`is_literal`] and [`table_expr`]). SQLite keeps every cast as written.
    fn cast(&self, inner: &Expr, data_type: &ast::DataType, depth: usize) -> Printed {
        let ty = from_ast(data_type, self.dialect);
        if self.dialect == Dialect::Sqlite {
            let x = self.print(inner, depth + 1)?.0;
            return Some((
                format!("cast({x} as {})", type_name(&ty, self.dialect)),
                P_ATOM,
            ));
        }
        if !self.keep_casts {
            if is_literal(inner) {
                if let Expr::Value(v) = strip_nested(inner) {
                    match &v.value {
                        // `'-1'::integer` is how PostgreSQL prints the number -1.
                        Value::SingleQuotedString(text)
                            if is_numeric_text(text) && is_numeric_type(&ty) =>
                        {
                            return Some((self.number(text), P_ATOM));
                        }
                        // `1::boolean` and `'t'::boolean` are stored as `true`.
                        Value::SingleQuotedString(text) | Value::Number(text, _)
                            if ty == DataType::Boolean =>
                        {
                            if let Some(b) = boolean_text(text) {
                                return Some((b.to_string(), P_ATOM));
                            }
                        }
                        _ => {}
                    }
                }
                return self.print(inner, depth + 1);
            }
            let column = match strip_nested(inner) {
                Expr::Identifier(i) => Some(i),
                Expr::CompoundIdentifier(parts) => parts.last(),
                _ => None,
            };
            if let Some(column) = column {
                // MariaDB's catalog casts are dropped as they always were. A widening cast
                // (`(qty)::numeric`) goes only beside an operand of its type: see `binary`.
                let implicit = self.dialect != Dialect::Postgres
                    || self
                        .column_type(column)
                        .is_some_and(|c| is_text_relabel(c, &ty));
                if implicit {
                    return self.print(inner, depth + 1);
                }
            }
        }
        let ty = type_name(&ty, self.dialect);
        Some((
            format!("{}::{ty}", self.child(inner, depth, P_ATOM)?),
            P_ATOM,
        ))
    }

    /// An expression this printer does not rewrite: sqlparser's own text, lower-cased outside
    /// quotes, parenthesized wherever it is an operand.
    fn opaque(&self, e: &Expr) -> Printed {
        Some((fallback_text(&e.to_string()), 0))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nextval_matches_the_normalized_catalog_default() {
        use super::{expr, nextval};
        use crate::dialect::Dialect;
        use crate::schema::QualifiedName;
        // As PostgreSQL 15 prints them (checked in crates/db/tests/normalize_pg.rs).
        for (seq, catalog) in [
            (QualifiedName::new("users_id_seq"), "'users_id_seq'"),
            (
                QualifiedName::qualified("workflow", "boards_id_seq"),
                "'workflow.boards_id_seq'",
            ),
            (
                QualifiedName::new("o'brien_id_seq"),
                "'\"o''brien_id_seq\"'",
            ),
            (QualifiedName::new("Quoted_id_seq"), "'\"Quoted_id_seq\"'"),
        ] {
            let catalog = format!("nextval({catalog}::regclass)");
            assert_eq!(nextval(&seq), expr(&catalog, Dialect::Postgres), "{seq}");
        }
    }

    use super::*;

    /// Each expected value is what PostgreSQL 15 prints for the input, normalized (the probes
    /// in crates/db/tests/normalize.rs check them on the server).
    #[test]
    fn casts_are_dropped_only_where_postgres_prints_the_same_without_them() {
        let pg = |t: &str| expr(t, Dialect::Postgres);
        // Literals keep their kind: a quoted number stays a string unless cast to a number.
        assert_eq!(pg("'0'::ltree"), "'0'");
        assert_eq!(pg("'{}'::jsonb"), "'{}'");
        assert_eq!(pg("'active'::status"), "'active'");
        assert_eq!(pg("'5'::text"), "'5'");
        assert_eq!(pg("'-1'::integer"), "-1");
        assert_eq!(pg("'-0.70'::numeric"), "-0.70");
        assert_eq!(pg("'3000000000'::bigint"), "3000000000");
        assert_eq!(pg("1::boolean"), "true");
        assert_eq!(pg("'f'::boolean"), "false");
        // Column references keep their casts until the table is known (see below).
        let any = "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))";
        assert_eq!(pg(any), "status::text in ('a', 'b')");
        assert_eq!(pg("ip_address::inet"), "ip_address::inet");
        assert_eq!(pg("(price)::integer > 0"), "price::integer > 0");
        // `x = '5'` on a text column is `x = '5'::text`: never the number.
        assert_eq!(pg("(x = '5'::text)"), "x = '5'");
        // In arithmetic a typed literal keeps its type: `now() - '1 day'` is refused.
        assert_eq!(
            pg("(now() - '1 day'::interval)"),
            "now() - '1 day'::interval"
        );
        assert_eq!(pg("now() - INTERVAL '1 day'"), "now() - '1 day'::interval");
        assert_eq!(pg("'1 day'::interval"), "'1 day'");
        assert_eq!(pg("DATE '2024-01-01' + 1"), "'2024-01-01'::date + 1");
        assert_eq!(pg("('2024-01-01'::date + 1)"), "'2024-01-01'::date + 1");
        assert_eq!(pg("ARRAY[]::text[]"), "array[]::text[]");
        assert_eq!(pg("ARRAY['a'::text, 'b'::text]"), "array['a', 'b']");
        // Casts on columns: those PostgreSQL adds go once the table is known.
        use crate::schema::Column;
        let cols = [
            Column::new("email", DataType::Varchar(Some(200))),
            Column::new("state", DataType::Named("order_state".into())),
            Column::new("qty", DataType::Integer),
            Column::new("price", DataType::Numeric(Some((10, Some(2))))),
            Column::new("ip", DataType::Text),
        ];
        let t = |e: &str| table_expr(&pg(e), &cols, Dialect::Postgres);
        let status = [Column::new("status", DataType::Varchar(Some(20)))];
        assert_eq!(
            table_expr(&pg(any), &status, Dialect::Postgres),
            "status in ('a', 'b')"
        );
        assert_eq!(t("lower((email)::text)"), "lower(email)");
        let handle = [Column::new("handle", DataType::Named("citext".into()))];
        let h = |e: &str| table_expr(&pg(e), &handle, Dialect::Postgres);
        assert_eq!(
            h("char_length((handle)::text) >= 3"),
            "char_length(handle) >= 3"
        );
        assert_eq!(
            h("(handle)::text ~ '^[a-z]+$'::text"),
            "handle::text ~ '^[a-z]+$'"
        );
        assert_eq!(t("((email)::text <> ''::text)"), "email <> ''");
        assert_eq!(t("length((state)::text) > 1"), "length(state::text) > 1");
        assert_eq!(t("((qty)::numeric * price)"), "qty * price");
        assert_eq!(t("(price > (qty)::numeric)"), "price > qty");
        assert_eq!(t("((qty)::numeric / 3)"), "qty::numeric / 3");
        assert_eq!(t("((qty)::bigint * 2)"), "qty::bigint * 2");
        assert_eq!(t("(qty::numeric + qty::numeric)"), "qty + qty::numeric");
        assert_eq!(
            t("(ip)::inet << '10.0.0.0/8'::inet"),
            "ip::inet << '10.0.0.0/8'"
        );
        // A conversion keeps every cast.
        assert_eq!(
            conversion_expr("status::text::integer", Dialect::Postgres),
            "status::text::integer"
        );
    }

    #[test]
    fn postgres_numbers_keep_their_written_scale() {
        let pg = |t: &str| expr(t, Dialect::Postgres);
        assert_eq!(pg("0.70"), "0.70");
        assert_eq!(pg("-0.70"), "-0.70");
        assert_eq!(pg(".5"), "0.5");
        assert_eq!(pg("007"), "7");
        assert_eq!(pg("1.50e1"), "15.0");
        assert_eq!(pg("1e3"), "1000");
        assert_eq!(pg("'1000'::numeric"), "1000");
        assert_eq!(pg("25e-3"), "0.025");
        // MariaDB pads to the column's scale: there `1.50` and `1.5` are one default.
        assert_eq!(expr("1.50", Dialect::Mysql), "1.5");
        assert_eq!(expr("'0'", Dialect::Mysql), "0");
    }

    #[test]
    fn defaults_resolve_by_the_column_type() {
        let d = |t: &str, ty: DataType| {
            column_default(
                default_expr(t, Dialect::Postgres).unwrap(),
                &ty,
                Dialect::Postgres,
            )
        };
        assert_eq!(d("'5'", DataType::Integer), "5");
        assert_eq!(d("'1.50'", DataType::Numeric(Some((4, Some(2))))), "1.50");
        assert_eq!(d("0", DataType::Text), "'0'");
        assert_eq!(d("0", DataType::Varchar(Some(5))), "'0'");
        assert_eq!(d("'0'", DataType::Named("ltree".into())), "'0'");
        assert_eq!(d("'0'::ltree", DataType::Named("ltree".into())), "'0'");
        assert_eq!(d("'true'", DataType::Boolean), "true");
        assert_eq!(d("'off'", DataType::Boolean), "false");
        assert_eq!(d("'it''s'", DataType::Integer), "'it''s'");
        // Other dialects keep what they were given.
        assert_eq!(
            column_default("'5'".into(), &DataType::Integer, Dialect::Sqlite),
            "'5'"
        );
    }

    #[test]
    fn sqlite_keeps_expressions_as_written() {
        let lite = |t: &str| expr(t, Dialect::Sqlite);
        assert_eq!(lite("x BETWEEN 0 AND 2"), "x between 0 and 2");
        assert_eq!(lite("x NOT BETWEEN 0 AND 2"), "x not between 0 and 2");
        assert_eq!(lite("'0'"), "'0'");
        assert_eq!(lite("0.50"), "0.50");
        assert_eq!(lite("CAST(x AS INTEGER) * 2"), "cast(x as integer) * 2");
        // PostgreSQL stores BETWEEN expanded.
        assert_eq!(
            expr("x BETWEEN 0 AND 2", Dialect::Postgres),
            "x >= 0 and x <= 2"
        );
    }

    #[test]
    fn default_operator_classes_are_none() {
        assert_eq!(index_opclass(None, "text_ops"), None);
        assert_eq!(index_opclass(Some("gin"), "jsonb_ops"), None);
        assert_eq!(index_opclass(Some("brin"), "int4_minmax_ops"), None);
        assert_eq!(
            index_opclass(Some("gin"), "jsonb_path_ops").as_deref(),
            Some("jsonb_path_ops")
        );
        assert_eq!(
            index_opclass(None, "TEXT_PATTERN_OPS").as_deref(),
            Some("text_pattern_ops")
        );
        assert_eq!(
            index_opclass(Some("gist"), "inet_ops").as_deref(),
            Some("inet_ops")
        );
        assert_eq!(
            index_opclass(Some("brin"), "int4_minmax_multi_ops").as_deref(),
            Some("int4_minmax_multi_ops")
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(canonical_number("1.50"), "1.5");
        assert_eq!(canonical_number("2.0"), "2");
        assert_eq!(canonical_number("10"), "10");
        assert!(!is_numeric_text("1e5"));
        assert!(is_numeric_text("-1"));
    }
}
