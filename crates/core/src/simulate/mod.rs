//! Applying [`Op`]s to a [`Schema`], the way the database would.

pub mod naming;

use crate::diagnostic::{Diagnostic, Spanned};
use crate::op::Op;
use crate::schema::Schema;

/// Applies one op. What the database would reject is an error diagnostic at the op's span; the
/// schema is then left as the database would leave it (usually unchanged) and replay goes on.
pub fn apply(schema: &mut Schema, op: &Spanned<Op>, diagnostics: &mut Vec<Diagnostic>) {
    let _ = (schema, op, diagnostics);
}
