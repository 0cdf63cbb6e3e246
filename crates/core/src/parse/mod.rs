//! Parsing migration scripts into [`Op`]s.

mod fallback;
pub mod split;
pub mod sql;

use crate::diagnostic::{Diagnostic, FileId, Spanned};
use crate::dialect::Dialect;
use crate::op::Op;

/// Parses one SQL script. `base` is the byte offset of `text` inside file `file`, so spans
/// point into the whole file. Never fails: what cannot be parsed or is not modelled is a warning.
pub fn parse_sql(
    text: &str,
    file: FileId,
    base: usize,
    dialect: Dialect,
) -> (Vec<Spanned<Op>>, Vec<Diagnostic>) {
    sql::parse_script(text, file, base, dialect)
}
