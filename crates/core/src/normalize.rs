//! Canonical spellings, so a simulated schema and an introspected one compare equal when the
//! database considers them equal: type names as each catalog reports them, default and check
//! expressions with redundant casts, parentheses and quoting removed.
//!
//! Both sides of every comparison go through these functions (the parser for what a migration
//! says, the introspector for what a catalog reports), so the one rule is: same meaning, same
//! normalized value. The facts behind each rule were checked against PostgreSQL 15
//! (`format_type`, `pg_get_expr`, `pg_get_constraintdef`), MariaDB 10.11
//! (`information_schema.COLUMNS`, `CHECK_CONSTRAINTS`) and SQLite (`PRAGMA table_info`).

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

/// The normalized default of a column fed by sequence `seq` (`schema.name` or `name`): what
/// [`expr`] makes of PostgreSQL's `nextval('seq'::regclass)`, built without parsing, because every
/// serial column of a replay needs one.
pub fn nextval(seq: &str) -> String {
    format!("nextval('{}')", seq.replace('\'', "''"))
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
    Printer { dialect }.print(e, 0).map(|(s, _)| s)
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

struct Printer {
    dialect: Dialect,
}

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

/// Casts around these are the ones catalogs add on their own (`'x'::text`, `(status)::text`,
/// `ARRAY['a'::character varying]`), so they carry no meaning worth comparing.
fn cast_is_noise(e: &Expr) -> bool {
    match strip_nested(e) {
        Expr::Value(_)
        | Expr::Identifier(_)
        | Expr::CompoundIdentifier(_)
        | Expr::TypedString(_) => true,
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => matches!(strip_nested(expr), Expr::Value(_)),
        Expr::Cast { expr, .. } => cast_is_noise(expr),
        Expr::Array(a) => a.elem.iter().all(cast_is_noise),
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

impl Printer {
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

    fn value(&self, v: &Value) -> String {
        match v {
            Value::Number(n, _) => canonical_number(n),
            Value::SingleQuotedString(s)
            | Value::DoubleQuotedString(s)
            | Value::EscapedStringLiteral(s)
            | Value::NationalStringLiteral(s) => {
                // A quoted number is the number: PostgreSQL stores `DEFAULT -1` as `'-1'::integer`,
                // MariaDB reports `DEFAULT '0'` on an integer column as `0`.
                if is_numeric_text(s) {
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
        let l = self.child(left, depth, prec)?;
        let r = self.child(right, depth, if assoc { prec } else { prec + 1 })?;
        Some((format!("{l} {op} {r}"), prec))
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
        if parts.len() == 2 && parts[0] == "pg_catalog" {
            parts.remove(0);
        }
        let name = parts.join(".");
        let args: Option<Vec<String>> = match &f.args {
            ast::FunctionArguments::None => None,
            ast::FunctionArguments::List(list)
                if list.duplicate_treatment.is_none() && list.clauses.is_empty() =>
            {
                let mut out = Vec::new();
                for a in &list.args {
                    match a {
                        ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => {
                            out.push(self.print(e, depth + 1)?.0)
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
            } => {
                if cast_is_noise(expr) {
                    return self.print(expr, depth + 1);
                }
                let ty = type_name(&from_ast(data_type, self.dialect), self.dialect);
                (
                    format!("{}::{ty}", self.child(expr, depth, P_ATOM)?),
                    P_ATOM,
                )
            }
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
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let x = self.child(expr, depth, P_OTHER)?;
                let lo = self.child(low, depth, P_OTHER)?;
                let hi = self.child(high, depth, P_OTHER)?;
                if *negated {
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
        for seq in ["users_id_seq", "workflow.boards_id_seq", "o'brien_id_seq"] {
            let catalog = format!("nextval('{}'::regclass)", seq.replace('\'', "''"));
            assert_eq!(nextval(seq), expr(&catalog, Dialect::Postgres), "{seq}");
        }
    }

    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(canonical_number("1.50"), "1.5");
        assert_eq!(canonical_number("2.0"), "2");
        assert_eq!(canonical_number("10"), "10");
        assert!(!is_numeric_text("1e5"));
        assert!(is_numeric_text("-1"));
    }
}
