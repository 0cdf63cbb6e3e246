//! Module-level metadata of a revision file: `revision`, `down_revision`, `branch_labels`,
//! `depends_on`, the docstring's message and create date.
//!
//! Only module-level assignments of literals are read, the way Alembic's own templates write
//! them: a string, `None`, a tuple or list of strings, or the name of a module-level constant
//! holding one of these. Nothing is executed.

use super::module::{Failure, Module};
use crate::diagnostic::{Diagnostic, FileId, Span};
use rustpython_parser::ast::{self, Constant, Expr, Ranged, Stmt};
use rustpython_parser::lexer::LexResult;
use rustpython_parser::Tok;
use serde::Serialize;
use std::collections::HashMap;

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
    read_revision_named(text, file, None)
}

/// [`read_revision`], with the file's path for the messages that must name it.
pub fn read_revision_named(
    text: &str,
    file: FileId,
    path: Option<&str>,
) -> (RevisionHeader, Vec<Diagnostic>) {
    read_revision_of(&Module::parse(text), text, file, path)
}

/// [`read_revision_named`] of a file already parsed, so discovery and lowering share one parse.
pub fn read_revision_of(
    module: &Module,
    text: &str,
    file: FileId,
    path: Option<&str>,
) -> (RevisionHeader, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let the_file = path.map_or_else(|| "the revision file".to_string(), |p| format!("`{p}`"));
    let mut header = match &module.body {
        Ok(body) => read_header(body, file, &the_file, &mut diagnostics),
        Err(failure) => {
            diagnostics.push(failure_diagnostic(failure, text, file));
            // Alembic could not import the file either; the plain-text reading still keeps the
            // revision in the graph, so one broken upgrade() does not orphan all its children.
            scan_header(text)
        }
    };
    // An unusable `revision = ...` already has its own error.
    let said = diagnostics.iter().any(|d| d.code == "invalid-revision-id");
    // Alembic's legacy naming: a file called `<hex id>.py` needs no `revision` line.
    let legacy = path
        .and_then(|p| p.rsplit('/').next())
        .and_then(|n| n.strip_suffix(".py"))
        .filter(|stem| {
            !stem.is_empty()
                && stem
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
    if header.revision.is_none() && !said {
        if let Some(id) = legacy {
            header.revision = Some(id.to_string());
            return (header, diagnostics);
        }
        let suggestion = path.and_then(id_from_file_name).map_or_else(
            || "add a line `revision = \"<id>\"` near the top (Alembic's files use 12 hex digits)".to_string(),
            |id| format!("add a line `revision = \"{id}\"` near the top (the id the file name starts with)"),
        );
        diagnostics.push(
            Diagnostic::error(
                "missing-revision-id",
                format!(
                    "{the_file} sets no `revision` id, so it is not part of the revision graph"
                ),
            )
            .at(Span::file_start(file))
            .help(suggestion),
        );
    }
    (header, diagnostics)
}

/// Python nesting beyond this (brackets, operator chains, indented blocks) is refused before
/// the AST is built: the AST and everything that walks or drops it recurse once per level, and
/// CPython itself refuses far less (200 nested brackets, 100 indentation levels).
const MAX_DEPTH: usize = 400;

/// The diagnostic for a file that has no AST, at the offending byte.
fn failure_diagnostic(failure: &Failure, text: &str, file: FileId) -> Diagnostic {
    let e = match failure {
        Failure::TooDeep(at) => {
            return Diagnostic::error("python-too-deep", format!("the Python nests more than {MAX_DEPTH} levels deep here"))
                .at(char_span(text, file, *at))
                .label("nested too deep")
                .help("split the expression into several statements or module-level constants; Strata reads it without running Python");
        }
        Failure::Syntax(e) => e,
    };
    let mut at = usize::try_from(u32::from(e.offset))
        .unwrap_or(usize::MAX)
        .min(text.len());
    // The lexer reports a stray character at the offset just past it.
    if let rustpython_parser::ParseErrorType::Lexical(
        rustpython_parser::lexer::LexicalErrorType::UnrecognizedToken { tok },
    ) = e.error
    {
        if text.get(..at).is_some_and(|t| t.ends_with(tok)) {
            at -= tok.len_utf8();
        }
    }
    let message = if at >= text.trim_end().len() {
        format!("Python syntax error at the end of the file: {}", e.error)
    } else {
        format!("Python syntax error: {}", e.error)
    };
    if let rustpython_parser::ParseErrorType::Lexical(
        rustpython_parser::lexer::LexicalErrorType::UnicodeError,
    ) = e.error
    {
        // Also what a `\N{NAME}` escape gives: Strata leaves Unicode's name table out (ARCHITECTURE.md).
        return Diagnostic::error("python-syntax-error", message)
            .at(char_span(text, file, at))
            .label("here")
            .help("Strata does not decode `\\N{NAME}` escapes: write the character itself or `\\uXXXX`");
    }
    Diagnostic::error("python-syntax-error", message)
        .at(char_span(text, file, at))
        .label("here")
        .help("fix the syntax (`python -m py_compile FILE` shows the same error); Alembic cannot import this file either")
}

/// The span of the character at `at` (empty at the end of the text).
fn char_span(text: &str, file: FileId, at: usize) -> Span {
    let len = text
        .get(at..)
        .and_then(|t| t.chars().next())
        .map_or(0, char::len_utf8);
    Span::new(file, at, at + len)
}

/// An upper bound of the AST depth at each token: indentation levels, open brackets, and the
/// operators (each can add a level) since the last comma of the innermost bracket. Returns the
/// offset where it first exceeds [`MAX_DEPTH`].
pub(super) fn too_deep(tokens: &[LexResult]) -> Option<usize> {
    let mut blocks = 0usize;
    // The depth when each open bracket was entered.
    let mut open: Vec<usize> = Vec::new();
    let mut current = 0usize;
    for t in tokens {
        let Ok((tok, range)) = t else { break };
        match tok {
            Tok::Indent => blocks += 1,
            Tok::Dedent => blocks = blocks.saturating_sub(1),
            Tok::Newline => {
                open.clear();
                current = 0;
            }
            Tok::Lpar | Tok::Lsqb | Tok::Lbrace => {
                open.push(current);
                current += 1;
            }
            Tok::Rpar | Tok::Rsqb | Tok::Rbrace => current = open.pop().unwrap_or(0),
            Tok::Comma => current = open.last().map_or(0, |&d| d + 1),
            Tok::Name { .. }
            | Tok::Int { .. }
            | Tok::Float { .. }
            | Tok::Complex { .. }
            | Tok::String { .. }
            | Tok::True
            | Tok::False
            | Tok::None => {}
            _ => current += 1,
        }
        if blocks + current > MAX_DEPTH {
            return usize::try_from(u32::from(range.start())).ok();
        }
    }
    None
}

/// A value Alembic's metadata can take, as far as Strata folds it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    None,
    Str(String),
    List(Vec<String>),
}

const FIELDS: [&str; 4] = ["revision", "down_revision", "branch_labels", "depends_on"];

fn read_header(
    body: &[Stmt],
    file: FileId,
    the_file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> RevisionHeader {
    let mut header = RevisionHeader::default();
    if let Some(doc) = body.first().and_then(docstring) {
        let (message, date) = read_docstring(doc);
        header.message = message;
        header.create_date = date;
    }
    let mut constants: HashMap<&str, Value> = HashMap::new();
    // The last assignment wins, as when Python runs the module.
    let mut fields: HashMap<&str, (Option<Value>, Span)> = HashMap::new();
    for stmt in body {
        let pairs: Vec<(&Expr, &Expr)> = match stmt {
            Stmt::Assign(a) => a
                .targets
                .iter()
                .flat_map(|t| destructure(t, &a.value))
                .collect(),
            Stmt::AnnAssign(a) => match &a.value {
                Some(v) => destructure(&a.target, v),
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        for (target, value) in pairs {
            let Expr::Name(n) = target else { continue };
            let name = n.id.as_str();
            let folded = fold(value, &constants);
            if let Some(&field) = FIELDS.iter().find(|&&f| f == name) {
                let span = Span::new(file, offset(value.start()), offset(value.end()));
                fields.insert(field, (folded.clone(), span));
            }
            match folded {
                Some(v) => constants.insert(name, v),
                None => constants.remove(name),
            };
        }
    }
    let revision = match fields.remove("revision") {
        Some((Some(v), span)) => Some((v, span)),
        Some((None, span)) => {
            diagnostics.push(invalid_id(
                span,
                "`revision` is not a string Strata can read without running Python",
            ));
            None
        }
        None => None,
    };
    let has_down = fields.contains_key("down_revision");
    let mut get = |field: &str, what: &str| -> Option<(Value, Span)> {
        let (value, span) = fields.remove(field)?;
        match value {
            Some(v) => Some((v, span)),
            None => {
                diagnostics.push(
                    Diagnostic::warning(
                        "unreadable-revision-field",
                        format!("`{field}` in {the_file} is not a value Strata can read without running Python; it is read as None"),
                    )
                    .at(span)
                    .label("not a literal")
                    .help(format!("write {what} as a string literal, a tuple of string literals or None (module-level constants holding these work too)")),
                );
                None
            }
        }
    };
    let down = get("down_revision", "the parent revision");
    let labels = get("branch_labels", "the branch labels");
    let depends = get("depends_on", "the dependencies");
    match revision {
        Some((Value::Str(id), span)) => {
            let bad: Vec<char> = id.chars().filter(|c| ILLEGAL.contains(c)).collect();
            if id.trim().is_empty() {
                diagnostics.push(invalid_id(span, "the revision id is empty"));
            } else if !bad.is_empty() {
                let list = bad
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                diagnostics.push(invalid_id(
                    span,
                    &format!(
                        "revision id `{id}` contains {list}, which Alembic does not allow in ids"
                    ),
                ));
            } else {
                header.revision = Some(id);
            }
        }
        Some((_, span)) => diagnostics.push(invalid_id(span, "`revision` must be one string")),
        None => {}
    }
    if header.revision.is_some() && !has_down {
        diagnostics.push(
            Diagnostic::error("missing-down-revision", format!("{the_file} sets no `down_revision`; Alembic fails to load it"))
                .at(Span::file_start(file))
                .help("add `down_revision = None` if this is a first revision, or `down_revision = \"<parent id>\"`; Strata reads it as a first revision meanwhile"),
        );
    }
    header.down_revisions = down.map(|(v, _)| strings(v)).unwrap_or_default();
    header.branch_labels = labels.map(|(v, _)| strings(v)).unwrap_or_default();
    header.depends_on = depends.map(|(v, _)| strings(v)).unwrap_or_default();
    header
}

/// Characters Alembic rejects in revision ids: they are its own revision-expression syntax
/// (`branch@head`, `ae10+2`, `base:head`).
const ILLEGAL: [char; 4] = ['@', '-', '+', ':'];

fn invalid_id(span: Span, message: &str) -> Diagnostic {
    Diagnostic::error(
        "invalid-revision-id",
        format!("{message}; the file is not part of the revision graph"),
    )
    .at(span)
    .label("revision id")
    .help("use a unique id of letters, digits and underscores (Alembic generates 12 hex digits)")
}

fn strings(v: Value) -> Vec<String> {
    match v {
        Value::None => Vec::new(),
        Value::Str(s) => vec![s],
        Value::List(l) => l,
    }
}

/// `a = 1` and `a, b = 1, 2` as (target, value) pairs.
fn destructure<'a>(target: &'a Expr, value: &'a Expr) -> Vec<(&'a Expr, &'a Expr)> {
    match (target, value) {
        (Expr::Tuple(t), Expr::Tuple(v)) if t.elts.len() == v.elts.len() => {
            t.elts.iter().zip(&v.elts).collect()
        }
        _ => vec![(target, value)],
    }
}

fn offset(t: rustpython_parser::text_size::TextSize) -> usize {
    usize::try_from(u32::from(t)).unwrap_or(usize::MAX)
}

/// Folds a literal, a tuple or list of strings, a known constant, or `"a" + "b"`.
fn fold(e: &Expr, constants: &HashMap<&str, Value>) -> Option<Value> {
    match e {
        Expr::Constant(c) => match &c.value {
            Constant::None => Some(Value::None),
            Constant::Str(s) => Some(Value::Str(s.clone())),
            _ => None,
        },
        Expr::Name(n) => constants.get(n.id.as_str()).cloned(),
        Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
            let mut out = Vec::with_capacity(elts.len());
            for el in elts {
                match fold(el, constants)? {
                    Value::Str(s) => out.push(s),
                    // A tuple constant spliced in (`(BASE, *OTHERS)` is not; `(A, B)` of strings is).
                    _ => return None,
                }
            }
            Some(Value::List(out))
        }
        Expr::BinOp(b) if matches!(b.op, ast::Operator::Add) => {
            // Only shallow concatenations: the left side of a long chain is itself a BinOp, and
            // the depth guard in [`parse_module`] bounds how deep this goes.
            match (fold(&b.left, constants)?, fold(&b.right, constants)?) {
                (Value::Str(a), Value::Str(b)) => Some(Value::Str(a + &b)),
                (Value::List(a), Value::List(b)) => {
                    Some(Value::List(a.into_iter().chain(b).collect()))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn docstring(stmt: &Stmt) -> Option<&str> {
    let Stmt::Expr(e) = stmt else { return None };
    match e.value.as_ref() {
        Expr::Constant(ast::ExprConstant {
            value: Constant::Str(s),
            ..
        }) => Some(s.as_str()),
        _ => None,
    }
}

/// The first non-blank line is the message; `Create Date:` is read from any line.
fn read_docstring(doc: &str) -> (String, Option<String>) {
    let message = doc
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string();
    let date = doc.lines().find_map(|l| {
        let rest = strip_prefix_ci(l.trim(), "create date:")?;
        Some(rest.trim().to_string()).filter(|d| !d.is_empty())
    });
    (message, date)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// Alembic names files `<revision>_<slug>.py`: the id the name starts with, if it looks like one.
fn id_from_file_name(path: &str) -> Option<String> {
    let name = path.rsplit('/').next()?;
    let stem = name.strip_suffix(".py")?;
    let id = stem.split('_').next()?;
    (id.len() >= 4 && id.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| id.to_string())
}

/// A line-based reading for files that do not parse: `revision = '...'` and
/// `down_revision = ...` at the start of a line, with literal values only.
fn scan_header(text: &str) -> RevisionHeader {
    let mut header = RevisionHeader::default();
    let start = text.trim_start();
    if let Some(quote) = ["\"\"\"", "'''"].into_iter().find(|q| start.starts_with(q)) {
        let doc = start.get(quote.len()..).unwrap_or("");
        let (message, date) = read_docstring(doc.split(quote).next().unwrap_or(""));
        header.message = message;
        header.create_date = date;
    }
    for line in text.lines() {
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        // `revision: str = "x"`: the annotation goes.
        let name = name.split(':').next().unwrap_or("").trim_end();
        if name.starts_with(char::is_whitespace) || value.starts_with('=') {
            continue;
        }
        let value = value.split('#').next().unwrap_or("").trim();
        let Some(v) = scan_value(value) else { continue };
        match name {
            "revision" => {
                if let Value::Str(s) = v {
                    if !s.trim().is_empty() && !s.contains(ILLEGAL) {
                        header.revision = Some(s);
                    }
                }
            }
            "down_revision" => header.down_revisions = strings(v),
            "branch_labels" => header.branch_labels = strings(v),
            "depends_on" => header.depends_on = strings(v),
            _ => {}
        }
    }
    header
}

fn scan_value(v: &str) -> Option<Value> {
    if v == "None" {
        return Some(Value::None);
    }
    if let Some(inner) = v
        .strip_prefix(['(', '['])
        .and_then(|s| s.strip_suffix([')', ']']))
    {
        let items: Option<Vec<String>> = inner
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(scan_str)
            .collect();
        return items.map(Value::List);
    }
    scan_str(v).map(Value::Str)
}

fn scan_str(v: &str) -> Option<String> {
    let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = v.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote) && !inner.contains('\\')).then(|| inner.to_string())
}
