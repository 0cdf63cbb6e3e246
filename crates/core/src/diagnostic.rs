//! Diagnostics: what is wrong, where, and how to fix it.
//!
//! Every stage returns its result together with a `Vec<Diagnostic>`; nothing fails outright.
//! A diagnostic points at a byte range of one source file; line and column are computed when it
//! is rendered (see [`render_diagnostic`]).

use serde::Serialize;
use std::fmt::Write as _;

/// Index of a file in [`crate::source::MigrationSet::files`].
pub type FileId = u32;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// A span covering the whole of a file of `len` bytes (used for file-level diagnostics).
    pub fn file_start(file: FileId) -> Span {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value with the span of source it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spanned<T> {
    pub span: Span,
    pub value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Span, value: T) -> Self {
        Spanned { span, value }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something to know (for example a data statement that was recorded, not simulated).
    Info,
    /// The simulation may differ from the database: a statement that is not modelled, a risky change.
    Warning,
    /// The database would reject this, or the migration set is broken.
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Kebab-case code, stable, documented in the README (`unknown-column`, `duplicate-version`).
    pub code: &'static str,
    pub message: String,
    /// Where; `None` for a diagnostic about the set as a whole (an empty folder).
    pub span: Option<Span>,
    /// Short text shown under the caret.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Line starts of one text, for turning byte offsets into 1-based line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (column counted in characters) of byte `offset`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line - 1).copied().unwrap_or(text.len());
        let end = self.starts.get(line).map(|e| e - 1).unwrap_or(text.len());
        start..end.max(start)
    }
}

pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line and column of the start of `span` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(text, offset)
}

/// Renders a diagnostic rustc-style:
///
/// ```text
/// error[unknown-column]: column `emial` does not exist in table `users`
///   --> 003_index.sql:2:30
///    |
///  2 | CREATE INDEX ON users (emial);
///    |                        ^^^^^ no such column
///    = help: the table has: id, email, created_at
/// ```
pub fn render_diagnostic(d: &Diagnostic, path: Option<&str>, text: Option<&str>) -> String {
    let mut out = format!("{}[{}]: {}\n", d.severity.name(), d.code, d.message);
    if let (Some(span), Some(path), Some(text)) = (d.span, path, text) {
        let index = LineIndex::new(text);
        let (line, col) = index.line_col(text, span.start as usize);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}--> {path}:{line}:{col}");
        let _ = writeln!(out, "{pad} |");
        let range = index.line_range(text, line);
        let source_line: String = text[range.clone()]
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "{line} | {}", source_line.trim_end());
        let line_end = range.end;
        let end = floor_char_boundary(
            text,
            (span.end as usize).min(line_end).max(span.start as usize),
        );
        let start = floor_char_boundary(text, span.start as usize);
        let width = text[start..end].chars().count().max(1);
        let label = d.label.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "{pad} | {}{} {label}",
            " ".repeat(col - 1),
            "^".repeat(width)
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
    } else {
        if let Some(path) = path {
            let _ = writeln!(out, "  --> {path}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  = help: {help}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_excerpt_with_caret() {
        let text = "CREATE TABLE a (id int);\nCREATE INDEX ON users (emial);\n";
        let start = text.find("emial").unwrap();
        let d = Diagnostic::error(
            "unknown-column",
            "column `emial` does not exist in table `users`",
        )
        .at(Span::new(0, start, start + 5))
        .label("no such column")
        .help("the table has: id, email");
        insta::assert_snapshot!(render_diagnostic(&d, Some("003_index.sql"), Some(text)), @r"
        error[unknown-column]: column `emial` does not exist in table `users`
         --> 003_index.sql:2:24
          |
        2 | CREATE INDEX ON users (emial);
          |                        ^^^^^ no such column
          = help: the table has: id, email
        ");
    }

    #[test]
    fn offsets_past_the_end_and_inside_a_char_do_not_panic() {
        let text = "é";
        assert_eq!(line_col(text, 1), (1, 1));
        assert_eq!(line_col(text, 99), (1, 2));
        let d = Diagnostic::error("x", "y").at(Span::new(0, 1, 99));
        render_diagnostic(&d, Some("f"), Some(text));
    }
}
