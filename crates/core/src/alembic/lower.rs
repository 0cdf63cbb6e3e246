//! `upgrade()` / `downgrade()` bodies of `op.*` and `sa.*` calls to [`Op`]s.

use crate::diagnostic::{Diagnostic, FileId, Spanned};
use crate::dialect::Dialect;
use crate::op::Op;
use std::collections::BTreeMap;

/// What the caller knows beyond the file: the dialect to evaluate `dialect.name` tests and
/// `op.execute` SQL for, and `strata.toml`'s `[types]` mapping of project-specific column types.
#[derive(Debug, Clone, Default)]
pub struct AlembicConfig {
    pub dialect: Dialect,
    /// `"myapp.db.types.UUID" = "uuid"`: a Python type name (as written, or its last component)
    /// to a SQL type, parsed in `dialect`.
    pub types: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default)]
pub struct Lowered {
    pub ops: Vec<Spanned<Op>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Some code that may change the schema could not be evaluated: the revision is only
    /// partially simulated.
    pub partial: bool,
}

/// Lowers the body of the module-level function `function` (`"upgrade"` or `"downgrade"`).
/// A missing function lowers to nothing.
pub fn lower_function(text: &str, file: FileId, function: &str, config: &AlembicConfig) -> Lowered {
    let _ = (text, file, function, config);
    Lowered::default()
}
