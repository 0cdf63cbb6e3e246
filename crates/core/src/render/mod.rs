//! SQL text for ops and whole schemas, per dialect.

use crate::dialect::Dialect;
use crate::op::Op;
use crate::schema::Schema;

/// DDL that recreates `schema` on an empty database of `dialect`.
pub fn render_schema(schema: &Schema, dialect: Dialect) -> String {
    let _ = (schema, dialect);
    String::new()
}

/// SQL for `ops`, applied to a database whose schema is `before` (SQLite table rebuilds need it).
pub fn render_ops(ops: &[Op], before: &Schema, dialect: Dialect) -> String {
    let _ = (ops, before, dialect);
    String::new()
}
