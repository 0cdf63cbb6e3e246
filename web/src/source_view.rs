//! Showing a diagnostic on its source: the file cut into the text before the span, the span
//! (rendered in `<mark>`) and the text after, all as plain text nodes.

use strata_core::diagnostic::{line_col, Diagnostic, Severity};
use strata_core::source::MigrationSet;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marked {
    pub path: String,
    pub before: String,
    pub marked: String,
    pub after: String,
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Cuts `text` around `start..end`. An empty span marks the rest of its line (at least one
/// character when there is one), so there is always something to see; offsets past the end or
/// inside a character are moved to a boundary, never a panic.
pub fn cut(text: &str, start: usize, end: usize) -> (String, String, String) {
    let start = floor_boundary(text, start);
    let mut end = floor_boundary(text, end.max(start));
    if end == start {
        end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if end == start {
            end = text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
        }
    }
    (
        text[..start].to_string(),
        text[start..end].to_string(),
        text[end..].to_string(),
    )
}

/// The source of a diagnostic with its span marked; `None` when it points at no file.
pub fn for_diagnostic(set: &MigrationSet, d: &Diagnostic) -> Option<Marked> {
    let span = d.span?;
    let file = set.file(span.file)?;
    let (before, marked, after) = cut(&file.text, span.start as usize, span.end as usize);
    Some(Marked {
        path: file.path.clone(),
        before,
        marked,
        after,
    })
}

/// `versions/a1003_tickets.py:12:5`, or just the path, or nothing for set-wide diagnostics.
pub fn location(set: &MigrationSet, d: &Diagnostic) -> String {
    let Some(span) = d.span else {
        return String::new();
    };
    let Some(file) = set.file(span.file) else {
        return String::new();
    };
    let (line, col) = line_col(&file.text, span.start as usize);
    format!("{}:{line}:{col}", file.path)
}

/// `data-severity`: the contract's `error|warning|note` (Strata's `info` is a note).
pub fn severity_attr(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_core::diagnostic::Span;
    use strata_core::InputFile;

    #[test]
    fn cuts_at_span_and_widens_empty_spans() {
        assert_eq!(
            cut("abc def", 4, 7),
            ("abc ".into(), "def".into(), String::new())
        );
        assert_eq!(cut("ab\ncd", 1, 1), ("a".into(), "b".into(), "\ncd".into()));
        assert_eq!(cut("ab\ncd", 2, 2), ("ab".into(), "\n".into(), "cd".into()));
        assert_eq!(
            cut("é!", 1, 99),
            (String::new(), "é!".into(), String::new())
        );
        assert_eq!(cut("", 5, 9), (String::new(), String::new(), String::new()));
    }

    #[test]
    fn diagnostics_point_into_their_file() {
        let files = vec![
            InputFile::new("001_a.sql", "CREATE TABLE a (id int);\n"),
            InputFile::new("002_b.sql", "CREATE INDEX ON a (nope);\n"),
        ];
        let project = strata_core::load(files, &Default::default());
        let replay = project.replay_all();
        let d = replay
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .expect("unknown column is an error");
        let m = for_diagnostic(&project.set, d).unwrap();
        assert_eq!(m.path, "002_b.sql");
        assert!(m.marked.contains("nope"), "{m:?}");
        assert!(location(&project.set, d).starts_with("002_b.sql:1:"));
        let set_wide = Diagnostic::error("x", "y");
        assert_eq!(for_diagnostic(&project.set, &set_wide), None);
        assert_eq!(
            location(&project.set, &set_wide.at(Span::new(99, 0, 1))),
            ""
        );
        assert_eq!(severity_attr(Severity::Info), "note");
    }
}
