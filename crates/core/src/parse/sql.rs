//! SQL statements to [`Op`]s.
//!
//! Each statement is parsed on its own, so one statement sqlparser rejects never costs the rest
//! of the file; what sqlparser rejects goes to [`super::fallback`], and what is parsed but not
//! modelled is a warning, never a silent skip.

use super::{fallback, split};
use crate::diagnostic::{Diagnostic, FileId, Span, Spanned};
use crate::dialect::Dialect;
use crate::normalize::{self, RECURSION_LIMIT};
use crate::op::*;
use crate::schema::{
    Column, ConstraintKind, DataType, Deferrable, EnumType, FkAction, ForeignKey, Generated,
    Identity, Index, IndexKey, KeyOptions, QualifiedName, Sequence, View,
};
use sqlparser::ast::{self, AlterTableOperation as AOp, Expr, Statement};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, Tokenizer};

pub fn parse_script(
    text: &str,
    file: FileId,
    base: usize,
    dialect: Dialect,
) -> (Vec<Spanned<Op>>, Vec<Diagnostic>) {
    let (ranges, tokens, mut diags) = split::split_with_tokens(text, dialect, file, base);
    let mut ops = Vec::new();
    for (r, toks) in ranges.into_iter().zip(tokens) {
        let Some(stmt) = text.get(r.clone()) else {
            continue;
        };
        statement(
            stmt,
            base + r.start,
            toks,
            file,
            dialect,
            &mut ops,
            &mut diags,
        );
    }
    (ops, diags)
}

/// SQL that Strata wrote itself for a Python call (the Alembic lowering): when it is one
/// statement with no comments, the statement splitter has nothing to find, and its tokenizer
/// pass is skipped. Exactly [`parse_script`]'s ops and diagnostics; anything else goes there.
pub fn parse_generated(
    text: &str,
    file: FileId,
    dialect: Dialect,
) -> (Vec<Spanned<Op>>, Vec<Diagnostic>) {
    let blank = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let stmt = text.trim_matches(blank);
    let single = !stmt.is_empty()
        && !stmt.contains(';')
        && !stmt.contains("--")
        && !stmt.contains("/*")
        && !stmt.contains('#')
        && !stmt.starts_with('\\')
        && !split::has_delimiter_directive(text);
    if !single {
        return parse_script(text, file, 0, dialect);
    }
    let base = text.len() - text.trim_start_matches(blank).len();
    let (mut ops, mut diags) = (Vec::new(), Vec::new());
    if dialect == Dialect::Mysql {
        // The splitter keeps no tokens for MySQL: the statement is parsed from its text.
        statement(stmt, base, None, file, dialect, &mut ops, &mut diags);
        return (ops, diags);
    }
    // The splitter's tokens: the whole text's, without the whitespace around the statement.
    let d = dialect.parser_dialect();
    let Ok(mut tokens) = Tokenizer::new(&*d, text).tokenize_with_location() else {
        return parse_script(text, file, 0, dialect);
    };
    let space = |t: &sqlparser::tokenizer::TokenWithSpan| matches!(t.token, Token::Whitespace(_));
    let first = tokens.iter().position(|t| !space(t)).unwrap_or(0);
    let last = tokens.iter().rposition(|t| !space(t)).map_or(0, |i| i + 1);
    tokens.truncate(last);
    tokens.drain(..first.min(last));
    statement(
        stmt,
        base,
        Some(tokens),
        file,
        dialect,
        &mut ops,
        &mut diags,
    );
    (ops, diags)
}

/// One statement of a script (its text, where it starts in the file, and the splitter's tokens
/// when it kept them), lowered into `ops`.
fn statement(
    stmt: &str,
    base: usize,
    toks: Option<Vec<sqlparser::tokenizer::TokenWithSpan>>,
    file: FileId,
    dialect: Dialect,
    ops: &mut Vec<Spanned<Op>>,
    diags: &mut Vec<Diagnostic>,
) {
    let unwrapped =
        (dialect == Dialect::Mysql && stmt.contains("/*!")).then(|| unwrap_version_comments(stmt));
    let stmt = unwrapped.as_deref().unwrap_or(stmt);
    let mut cx = Cx {
        dialect,
        file,
        base,
        stmt,
        ops: Vec::new(),
        diags: Vec::new(),
        too_deep: Default::default(),
    };
    if dialect == Dialect::Postgres {
        if let Some(t) = &toks {
            note_truncated_identifiers(&mut cx, t);
        }
    }
    match toks.map(|t| parse_tokens(t, dialect)) {
        // The common case: the split's tokens parse, and the text is not tokenized again.
        Some(Ok(stmts)) => {
            for s in &stmts {
                lower_statement(&mut cx, s);
            }
        }
        // Errors take the text path, whose messages carry statement-relative positions.
        _ => lower_text(&mut cx, stmt),
    }
    let span = cx.span();
    if cx.too_deep.get() {
        cx.diags.push(
            Diagnostic::warning("expression-too-deep", "an expression is too deeply nested to normalize")
                .at(span)
                .label("kept as an opaque marker")
                .help("simplify the expression; comparisons with the database may report a difference here"),
        );
    }
    ops.extend(cx.ops.into_iter().map(|op| Spanned::new(span, op)));
    diags.extend(cx.diags);
}

/// MySQL runs the body of `/*!40101 ... */` version comments as SQL (mysqldump wraps most of
/// its statements in them). The markers become spaces so byte offsets stay put.
fn unwrap_version_comments(stmt: &str) -> String {
    let mut out = String::with_capacity(stmt.len());
    let mut rest = stmt;
    let mut open = false;
    loop {
        let next = if open {
            rest.find("*/")
        } else {
            rest.find("/*!")
        };
        let Some(i) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(rest.get(..i).unwrap_or(""));
        rest = rest.get(i..).unwrap_or("");
        let marker = if open {
            2
        } else {
            3 + rest
                .get(3..)
                .unwrap_or("")
                .bytes()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        out.push_str(&" ".repeat(marker));
        rest = rest.get(marker..).unwrap_or("");
        open = !open;
    }
    out
}

/// One statement being lowered: where it is, and what it produced.
pub(crate) struct Cx<'a> {
    pub dialect: Dialect,
    pub file: FileId,
    /// Offset of `stmt` in the file.
    pub base: usize,
    pub stmt: &'a str,
    pub ops: Vec<Op>,
    pub diags: Vec<Diagnostic>,
    /// Set when an expression was too deep to normalize (reported once per statement).
    pub too_deep: std::cell::Cell<bool>,
}

impl Cx<'_> {
    pub fn span(&self) -> Span {
        Span::new(self.file, self.base, self.base + self.stmt.len())
    }

    /// The first words of the statement (`CREATE POLICY`), to name it in messages.
    pub fn kind(&self) -> String {
        statement_kind(self.stmt)
    }

    pub fn unsupported(&mut self, what: &str) {
        let d = Diagnostic::warning(
            "unsupported-statement",
            format!("`{what}` is not simulated"),
        )
        .at(self.span())
        .label("not modelled")
        .help("Strata skipped this statement; the schema after it may differ from the database");
        self.diags.push(d);
    }

    pub fn no_effect(&mut self, what: impl Into<String>) {
        self.ops.push(Op::NoEffect { what: what.into() });
    }

    pub fn ident(&self, i: &ast::Ident) -> String {
        ident(i, self.dialect)
    }

    pub fn qname(&self, n: &ast::ObjectName) -> QualifiedName {
        qname(n, self.dialect)
    }

    fn expr(&self, e: &Expr) -> String {
        match normalize::expr_ast(e, self.dialect) {
            Some(s) => s,
            None => {
                // Printing it back would recurse as deep as the tree; keep a marker instead.
                self.too_deep.set(true);
                "<too deep>".to_string()
            }
        }
    }

    /// A `USING` conversion: casts kept (see [`normalize::conversion_expr_ast`]).
    fn conversion(&self, e: &Expr) -> String {
        normalize::conversion_expr_ast(e, self.dialect).unwrap_or_else(|| {
            self.too_deep.set(true);
            "<too deep>".to_string()
        })
    }

    fn default(&self, e: &Expr) -> Option<String> {
        let s = self.expr(e);
        (s != "null").then_some(s)
    }
}

/// MySQL/MariaDB `SET [SESSION | @@session.] FOREIGN_KEY_CHECKS = 0 | 1 | OFF | ON` (alone or
/// among other assignments): whether it turns the checks on. A value that is not a literal
/// (`= @OLD_FOREIGN_KEY_CHECKS`, as dumps restore it) counts as on, the server's default.
fn foreign_key_checks(set: &ast::Set, dialect: Dialect) -> Option<bool> {
    if dialect != Dialect::Mysql {
        return None;
    }
    // (scope, variable, value); `SET GLOBAL` leaves the running session as it is.
    let assignments: Vec<(Option<ast::ContextModifier>, String, String)> = match set {
        ast::Set::SingleAssignment {
            scope,
            variable,
            values,
            ..
        } => vec![(
            *scope,
            variable.to_string(),
            values.first().map(ToString::to_string).unwrap_or_default(),
        )],
        ast::Set::MultipleAssignments { assignments } => assignments
            .iter()
            .map(|a| (a.scope, a.name.to_string(), a.value.to_string()))
            .collect(),
        _ => return None,
    };
    let (_, _, value) = assignments.iter().rev().find(|(scope, name, _)| {
        let last = name.rsplit('.').next().unwrap_or(name);
        *scope != Some(ast::ContextModifier::Global)
            && !name.to_ascii_lowercase().starts_with("@@global.")
            && last
                .trim_start_matches('@')
                .trim_matches('`')
                .eq_ignore_ascii_case("foreign_key_checks")
    })?;
    let value = value
        .trim_matches(|c| c == '\'' || c == '"')
        .to_ascii_lowercase();
    Some(!matches!(value.as_str(), "0" | "off" | "false"))
}

pub(crate) fn statement_kind(stmt: &str) -> String {
    let mut words = Vec::new();
    for w in stmt
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
    {
        let up = w.to_ascii_uppercase();
        let skip = matches!(
            up.as_str(),
            "OR" | "REPLACE" | "TEMP" | "TEMPORARY" | "UNIQUE" | "IF" | "NOT" | "EXISTS"
        );
        if !words.is_empty() && skip {
            continue;
        }
        words.push(up);
        if words.len() == 2 || !matches!(words[0].as_str(), "CREATE" | "ALTER" | "DROP" | "COMMENT")
        {
            break;
        }
    }
    words.join(" ")
}

/// One table option as `KEY=value` with single spaces (`ENGINE=InnoDB`, `DEFAULT CHARSET=utf8mb4`).
pub(crate) fn table_option(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let collapsed = collapsed
        .replace(" = ", "=")
        .replace(" =", "=")
        .replace("= ", "=");
    match collapsed.split_once('=') {
        Some((k, v)) => format!("{}={v}", k.to_ascii_uppercase()),
        None => collapsed,
    }
}

pub(crate) fn ident(i: &ast::Ident, dialect: Dialect) -> String {
    match (i.quote_style, dialect) {
        (None, Dialect::Postgres) => truncate_identifier(i.value.to_ascii_lowercase()),
        (_, Dialect::Postgres) => truncate_identifier(i.value.clone()),
        _ => i.value.clone(),
    }
}

/// PostgreSQL keeps the first 63 bytes of a longer identifier (NAMEDATALEN - 1), cut back to a
/// character boundary, so both spellings name the same object.
pub(crate) fn truncate_identifier(mut name: String) -> String {
    const MAX: usize = 63;
    if name.len() > MAX {
        let mut end = MAX;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
    }
    name
}

/// PostgreSQL's `NOTICE: identifier "..." will be truncated to "..."`, once per long identifier
/// the statement names (bodies of functions are string tokens, not words, and are not looked at).
fn note_truncated_identifiers(cx: &mut Cx, tokens: &[sqlparser::tokenizer::TokenWithSpan]) {
    let mut seen: Vec<&str> = Vec::new();
    for t in tokens {
        let Token::Word(w) = &t.token else { continue };
        if w.value.len() <= 63 || seen.contains(&w.value.as_str()) {
            continue;
        }
        seen.push(&w.value);
        let written = if w.quote_style.is_some() {
            w.value.clone()
        } else {
            w.value.to_ascii_lowercase()
        };
        let cut = truncate_identifier(written.clone());
        let d = Diagnostic::info("identifier-truncated", format!("identifier `{written}` will be truncated to `{cut}`"))
            .at(cx.span())
            .help("PostgreSQL keeps the first 63 bytes of a name; use the shorter name to avoid surprises");
        cx.diags.push(d);
    }
}

pub(crate) fn qname(n: &ast::ObjectName, dialect: Dialect) -> QualifiedName {
    let parts: Vec<String> =
        n.0.iter()
            .map(|p| match p {
                ast::ObjectNamePart::Identifier(i) => ident(i, dialect),
                other => other.to_string(),
            })
            .collect();
    qualified(parts, dialect)
}

/// `public.t` on PostgreSQL and `main.t` on SQLite are the default namespace: no schema.
pub(crate) fn qualified(mut parts: Vec<String>, dialect: Dialect) -> QualifiedName {
    let name = parts.pop().unwrap_or_default();
    let schema = parts.pop();
    let schema = match (schema, dialect) {
        (Some(s), Dialect::Postgres) if s == "public" => None,
        (Some(s), Dialect::Sqlite) if s.eq_ignore_ascii_case("main") => None,
        (s, _) => s,
    };
    QualifiedName { schema, name }
}

/// A collation's name as the catalogs list it (`"C"` is `C`).
fn collation_name(c: &ast::ObjectName) -> String {
    c.to_string().trim_matches('"').to_string()
}

/// An expression without its redundant parentheses: `((name))` as an index key is the column.
fn strip_parens(mut e: &Expr) -> &Expr {
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    e
}

/// The name alone (last part), for objects named inside a table or schema.
fn last_name(n: &ast::ObjectName, dialect: Dialect) -> String {
    qname(n, dialect).name
}

/// Parses `sql` (one statement) and lowers it, falling back to the hand-written recognizers.
pub(crate) fn lower_text(cx: &mut Cx, sql: &str) {
    match parse_statements(sql, cx.dialect) {
        Ok(stmts) => {
            for s in &stmts {
                lower_statement(cx, s);
            }
        }
        Err(e) => {
            // Forms the database accepts in a spelling sqlparser does not: retry the rewritten
            // text, through sqlparser and then the recognizers.
            if let Some(fixed) = rewrite_for_sqlparser(sql, cx.dialect) {
                if let Ok(stmts) = parse_statements(&fixed, cx.dialect) {
                    for s in &stmts {
                        lower_statement(cx, s);
                    }
                    return;
                }
                if fallback::recover(cx, &fixed) {
                    return;
                }
            }
            let (ops_before, diags_before) = (cx.ops.len(), cx.diags.len());
            let recovered = fallback::recover(cx, sql);
            let gave_up = cx
                .diags
                .get(diags_before..)
                .unwrap_or(&[])
                .iter()
                .any(|d| d.code == "parse-error");
            if recovered && !gave_up {
                return;
            }
            if let Some(typo) = misspelled_keyword(cx, sql, &e) {
                // The database rejects the whole statement: nothing of it takes effect.
                cx.ops.truncate(ops_before);
                cx.diags.truncate(diags_before);
                cx.diags.push(typo);
                return;
            }
            if !recovered {
                report_parse_error(cx, sql, &e);
            }
        }
    }
}

/// A syntax error the database reports too: sqlparser stopped at a plain word that is no SQL
/// keyword at all where the grammar wants a keyword or punctuation (`DEFALT` for `DEFAULT`).
/// A statement sqlparser merely does not support stops at a keyword it does not expect there,
/// or at the end, and stays a `parse-error` warning.
fn misspelled_keyword(cx: &Cx, sql: &str, e: &ParserError) -> Option<Diagnostic> {
    let ParserError::ParserError(m) = e else {
        return None;
    };
    let (message, at) = strip_location(m);
    let message = message.trim_start_matches("sql parser error: ").to_string();
    let (found, expected) = message
        .split_once(", found: ")
        .map(|(a, b)| (b.trim(), a))?;
    let off = at.and_then(|(l, c)| split::byte_offset(sql, l, c))?;
    let toks = spanned_tokens(sql, cx.dialect)?;
    let (tok, range) = toks.iter().find(|(_, r)| r.start == off)?;
    let Token::Word(w) = tok else { return None };
    let plain = w.quote_style.is_none()
        && w.keyword == sqlparser::keywords::Keyword::NoKeyword
        && w.value == found;
    if !plain || !expected.starts_with("Expected") || range.start == 0 {
        return None;
    }
    // Only a near miss of a keyword is judged a typo: an unknown word that resembles none
    // (`CREATE CONVERSION`) is more likely SQL that sqlparser does not know.
    let word = w.value.to_ascii_uppercase();
    let meant = crate::simulate::closest(&word, sqlparser::keywords::ALL_KEYWORDS)?;
    let (a, b): (Vec<char>, Vec<char>) = (word.chars().collect(), meant.chars().collect());
    if crate::simulate::edit_distance(&a, &b) > (a.len() / 4).max(1) {
        return None;
    }
    let span = Span::new(cx.file, cx.base + range.start, cx.base + range.end);
    Some(
        Diagnostic::error("syntax-error", format!("syntax error at or near `{found}` in `{}`", cx.kind()))
            .at(span)
            .label(format!("did you mean `{meant}`?"))
            .help(format!("`{found}` is no SQL keyword; if it is a misspelling of `{meant}`, fix it. The database rejects the whole statement, so Strata skipped it")),
    )
}

/// The statement's tokens without whitespace and comments, each with its byte range.
fn spanned_tokens(sql: &str, dialect: Dialect) -> Option<Vec<(Token, std::ops::Range<usize>)>> {
    let (toks, read) = crate::sql_text::spanned(sql, &*dialect.parser_dialect());
    read.ok().map(|()| toks)
}

fn keyword(t: Option<&(Token, std::ops::Range<usize>)>) -> String {
    match t {
        Some((Token::Word(w), _)) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
        _ => String::new(),
    }
}

/// `sql` rewritten into a form sqlparser 0.63 accepts and that means the same to the database,
/// or `None` when nothing applies:
/// - identity options `AS IDENTITY (START WITH 10 INCREMENT BY 1)`: sqlparser wants them in one
///   fixed order; the model keeps only the identity kind, so the list is blanked out;
/// - SQLite `a IS b` / `a IS NOT b` with any operand: `IS [NOT] DISTINCT FROM`, which SQLite
///   defines them as;
/// - MySQL triggers whose body is a single statement without `BEGIN ... END`: wrapped in one.
pub(crate) fn rewrite_for_sqlparser(sql: &str, dialect: Dialect) -> Option<String> {
    let toks = spanned_tokens(sql, dialect)?;
    let kw = |i: usize| keyword(toks.get(i));
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let k = kw(i);
        if k == "IDENTITY" && matches!(toks.get(i + 1), Some((Token::LParen, _))) {
            let mut depth = 0i32;
            let mut close = None;
            for (j, (t, _)) in toks.iter().enumerate().skip(i + 1) {
                match t {
                    Token::LParen => depth += 1,
                    Token::RParen => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(j);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if let (Some(c), Some((_, open))) = (close, toks.get(i + 1)) {
                if let Some((_, end)) = toks.get(c) {
                    edits.push((open.start..end.end, String::new()));
                    i = c + 1;
                    continue;
                }
            }
        }
        if dialect == Dialect::Sqlite && k == "IS" {
            const SPECIAL: [&str; 6] = ["NULL", "TRUE", "FALSE", "DISTINCT", "UNKNOWN", "NOT"];
            let next = kw(i + 1);
            if let Some((_, r)) = toks.get(i) {
                if next == "NOT" && !SPECIAL.contains(&kw(i + 2).as_str()) {
                    if let Some((_, n)) = toks.get(i + 1) {
                        edits.push((r.start..n.end, "IS DISTINCT FROM".into()));
                        i += 2;
                        continue;
                    }
                } else if !SPECIAL.contains(&next.as_str()) {
                    edits.push((r.clone(), "IS NOT DISTINCT FROM".into()));
                }
            }
        }
        i += 1;
    }
    if dialect == Dialect::Mysql && kw(0) == "CREATE" {
        if let Some(body) = single_statement_trigger_body(&toks) {
            if let Some((_, r)) = toks.get(body) {
                edits.push((r.start..r.start, "BEGIN ".into()));
                edits.push((sql.len()..sql.len(), ";\nEND".into()));
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(sql.len() + 32);
    let mut pos = 0;
    for (r, text) in edits {
        out.push_str(sql.get(pos..r.start)?);
        out.push_str(&text);
        pos = r.end;
    }
    out.push_str(sql.get(pos..)?);
    Some(out)
}

/// Index of the first token of a MySQL trigger body that is one plain statement
/// (`FOR EACH ROW UPDATE ...`), `None` for a `BEGIN ... END` body or another statement.
fn single_statement_trigger_body(toks: &[(Token, std::ops::Range<usize>)]) -> Option<usize> {
    let kw = |i: usize| keyword(toks.get(i));
    let trigger = (1..toks.len().min(8)).find(|&i| kw(i) == "TRIGGER")?;
    let each = (trigger..toks.len())
        .find(|&i| kw(i) == "FOR" && kw(i + 1) == "EACH" && kw(i + 2) == "ROW")?;
    let mut body = each + 3;
    if matches!(kw(body).as_str(), "FOLLOWS" | "PRECEDES") {
        body += 2;
    }
    (!matches!(kw(body).as_str(), "BEGIN" | "")).then_some(body)
}

fn parse_tokens(
    tokens: Vec<sqlparser::tokenizer::TokenWithSpan>,
    dialect: Dialect,
) -> Result<Vec<Statement>, ParserError> {
    let d = dialect.parser_dialect();
    Parser::new(&*d)
        .with_recursion_limit(RECURSION_LIMIT)
        .with_tokens_with_locations(tokens)
        .parse_statements()
}

pub(crate) fn parse_statements(sql: &str, dialect: Dialect) -> Result<Vec<Statement>, ParserError> {
    let d = dialect.parser_dialect();
    Parser::new(&*d)
        .with_recursion_limit(RECURSION_LIMIT)
        .try_with_sql(sql)?
        .parse_statements()
}

fn report_parse_error(cx: &mut Cx, sql: &str, e: &ParserError) {
    let (message, at) = match e {
        ParserError::RecursionLimitExceeded => (
            format!("statement is nested too deeply (more than {RECURSION_LIMIT} levels)"),
            None,
        ),
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => {
            let (m, at) = strip_location(m);
            (m, at.and_then(|(l, c)| split::byte_offset(sql, l, c)))
        }
    };
    let span = match at {
        Some(off) if off < sql.len() => {
            let len = sql
                .get(off..)
                .map(|r| r.find(|c: char| c.is_whitespace()).unwrap_or(r.len()))
                .unwrap_or(1)
                .max(1);
            Span::new(cx.file, cx.base + off, cx.base + off + len)
        }
        _ => cx.span(),
    };
    let message = message.trim_start_matches("sql parser error: ").to_string();
    cx.diags.push(
        Diagnostic::warning(
            "parse-error",
            format!("cannot parse `{}`: {message}", cx.kind()),
        )
        .at(span)
        .label("parse error here")
        .help("Strata skipped this statement; the schema after it may differ"),
    );
}

/// Splits sqlparser's ` at Line: L, Column: C` suffix off a message.
fn strip_location(m: &str) -> (String, Option<(u64, u64)>) {
    if let Some(i) = m.rfind(" at Line: ") {
        let tail = m.get(i + " at Line: ".len()..).unwrap_or("");
        let mut it = tail.split(", Column: ");
        let line = it.next().and_then(|l| l.trim().parse().ok());
        let col = it.next().and_then(|c| c.trim().parse().ok());
        if let (Some(l), Some(c)) = (line, col) {
            return (m.get(..i).unwrap_or(m).to_string(), Some((l, c)));
        }
    }
    (m.to_string(), None)
}

fn deferrable(c: &Option<ast::ConstraintCharacteristics>) -> Deferrable {
    match c {
        Some(c) => match (c.deferrable, c.initially) {
            (_, Some(ast::DeferrableInitial::Deferred)) => Deferrable::InitiallyDeferred,
            (Some(true), _) => Deferrable::InitiallyImmediate,
            _ => Deferrable::Not,
        },
        None => Deferrable::Not,
    }
}

fn fk_action(a: &Option<ast::ReferentialAction>) -> FkAction {
    match a {
        Some(ast::ReferentialAction::Restrict) => FkAction::Restrict,
        Some(ast::ReferentialAction::Cascade) => FkAction::Cascade,
        Some(ast::ReferentialAction::SetNull) => FkAction::SetNull,
        Some(ast::ReferentialAction::SetDefault) => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

impl Cx<'_> {
    fn index_column_name(&self, c: &ast::IndexColumn) -> String {
        match &c.column.expr {
            Expr::Identifier(i) => self.ident(i),
            // MySQL prefix keys `name(10)` are still on the column.
            Expr::Function(f) => last_name(&f.name, self.dialect),
            other => self.expr(other),
        }
    }

    /// One key of an index using `method` (`None`: the default, btree): its column or
    /// expression, direction, and the options PostgreSQL and SQLite keep (collation, operator
    /// class, nulls order), each normalized to `None` where it is the default.
    fn index_key(&self, c: &ast::IndexColumn, method: Option<&str>) -> IndexKey {
        let desc = matches!(c.column.options.sort, Some(ast::OrderBySort::Desc));
        let mut options = KeyOptions {
            opclass: c
                .operator_class
                .as_ref()
                .and_then(|o| normalize::index_opclass(method, &last_name(o, self.dialect))),
            collation: None,
            // PostgreSQL sorts nulls last ascending and first descending.
            nulls_first: c.column.options.nulls_first.filter(|first| *first != desc),
        };
        let mut expr = &c.column.expr;
        if let Expr::Collate {
            expr: inner,
            collation,
        } = expr
        {
            if self.dialect != Dialect::Mysql {
                options.collation = Some(collation_name(collation));
                expr = inner;
            }
        }
        // PostgreSQL and SQLite index `((name))` as the column; MySQL makes it a functional key.
        if self.dialect != Dialect::Mysql {
            expr = strip_parens(expr);
        }
        match expr {
            Expr::Identifier(i) => IndexKey::Column {
                name: self.ident(i),
                desc,
                options,
            },
            Expr::Function(f) if self.dialect == Dialect::Mysql => IndexKey::Column {
                name: last_name(&f.name, self.dialect),
                desc,
                options,
            },
            other => IndexKey::Expr {
                expr: self.expr(other),
                desc,
                options,
            },
        }
    }

    fn fk(
        &self,
        name: Option<String>,
        columns: Vec<String>,
        fk: &ast::ForeignKeyConstraint,
    ) -> ConstraintDef {
        let mut c = ConstraintDef::new(
            name,
            ConstraintKind::ForeignKey(ForeignKey {
                columns,
                ref_table: self.qname(&fk.foreign_table),
                ref_columns: fk.referred_columns.iter().map(|i| self.ident(i)).collect(),
                on_delete: fk_action(&fk.on_delete),
                on_update: fk_action(&fk.on_update),
            }),
        );
        c.deferrable = deferrable(&fk.characteristics);
        c
    }

    /// A table-level constraint: a constraint, or (MySQL `KEY`, `INDEX`, `FULLTEXT`) an index.
    fn table_constraint(
        &mut self,
        table: &QualifiedName,
        tc: &ast::TableConstraint,
    ) -> Option<Result<ConstraintDef, CreateIndex>> {
        use ast::TableConstraint as T;
        let name = |n: &Option<ast::Ident>| n.as_ref().map(|i| ident(i, self.dialect));
        Some(Ok(match tc {
            T::PrimaryKey(pk) => {
                let mut c = ConstraintDef::new(
                    name(&pk.name),
                    ConstraintKind::PrimaryKey {
                        columns: pk
                            .columns
                            .iter()
                            .map(|c| self.index_column_name(c))
                            .collect(),
                    },
                );
                c.deferrable = deferrable(&pk.characteristics);
                c
            }
            T::Unique(u) => {
                let mut c = ConstraintDef::new(
                    name(&u.name).or_else(|| name(&u.index_name)),
                    ConstraintKind::Unique {
                        columns: u
                            .columns
                            .iter()
                            .map(|c| self.index_column_name(c))
                            .collect(),
                        nulls_not_distinct: matches!(
                            u.nulls_distinct,
                            ast::NullsDistinctOption::NotDistinct
                        ),
                    },
                );
                c.deferrable = deferrable(&u.characteristics);
                c
            }
            T::ForeignKey(fk) => {
                let cols = fk.columns.iter().map(|i| self.ident(i)).collect();
                self.fk(name(&fk.name), cols, fk)
            }
            T::Check(ch) => ConstraintDef::new(
                name(&ch.name),
                ConstraintKind::Check {
                    expr: self.expr(&ch.expr),
                },
            ),
            T::Exclude(ex) => ConstraintDef::new(
                name(&ex.name),
                ConstraintKind::Exclude {
                    definition: ex.to_string(),
                },
            ),
            T::Index(ix) => {
                return Some(Err(self.inline_index(
                    table,
                    name(&ix.name),
                    &ix.columns,
                    ix.index_type.as_ref().map(|t| t.to_string()),
                )))
            }
            T::FulltextOrSpatial(ix) => {
                let method = if ix.fulltext { "fulltext" } else { "spatial" };
                return Some(Err(self.inline_index(
                    table,
                    name(&ix.opt_index_name),
                    &ix.columns,
                    Some(method.into()),
                )));
            }
            T::PrimaryKeyUsingIndex(_) | T::UniqueUsingIndex(_) => {
                self.unsupported("ADD CONSTRAINT ... USING INDEX");
                return None;
            }
        }))
    }

    fn inline_index(
        &self,
        table: &QualifiedName,
        name: Option<String>,
        cols: &[ast::IndexColumn],
        method: Option<String>,
    ) -> CreateIndex {
        let method = method
            .map(|m| m.to_ascii_lowercase())
            .filter(|m| m != "btree");
        CreateIndex {
            name: name.clone(),
            table: table.clone(),
            if_not_exists: false,
            concurrently: false,
            index: Index {
                name: name.unwrap_or_default(),
                unique: false,
                keys: cols
                    .iter()
                    .map(|c| self.index_key(c, method.as_deref()))
                    .collect(),
                predicate: None,
                method,
                include: Vec::new(),
            },
        }
    }

    fn column_def(&mut self, col: &ast::ColumnDef) -> ColumnDef {
        self.column_parts(
            &col.name,
            &col.data_type,
            col.options.iter().map(|o| (o.name.as_ref(), &o.option)),
        )
    }

    fn column_parts<'o>(
        &mut self,
        name: &ast::Ident,
        data_type: &ast::DataType,
        options: impl Iterator<Item = (Option<&'o ast::Ident>, &'o ast::ColumnOption)>,
    ) -> ColumnDef {
        let col_name = self.ident(name);
        let serial = normalize::serial_type(data_type);
        let mysql_serial = self.dialect == Dialect::Mysql && serial.is_some();
        let ty = match (&serial, self.dialect) {
            // MySQL `SERIAL` is `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`.
            (Some(_), Dialect::Mysql) => DataType::Unsigned(Box::new(DataType::BigInt)),
            (Some(t), _) => t.clone(),
            (None, _) => normalize::from_ast(data_type, self.dialect),
        };
        let mut def = ColumnDef::new(Column::new(col_name.clone(), ty));
        // The simulator adds what `serial` implies: the sequence and default (PostgreSQL), the
        // unique key (MySQL).
        def.serial = serial.is_some();
        if mysql_serial {
            def.column.auto_increment = true;
            def.column.nullable = false;
        }
        for (cname, opt) in options {
            let cname = cname.map(|i| self.ident(i));
            self.column_option(&mut def, cname, opt);
        }
        // `json` stays the type here: what MariaDB makes of it is the simulator's business.
        def
    }

    fn column_option(
        &mut self,
        def: &mut ColumnDef,
        cname: Option<String>,
        opt: &ast::ColumnOption,
    ) {
        use ast::ColumnOption as O;
        let col = def.column.name.clone();
        let push = |def: &mut ColumnDef, kind: ConstraintKind, d: Deferrable, inline: bool| {
            let mut c = ConstraintDef::new(cname.clone(), kind);
            c.deferrable = d;
            c.inline = inline;
            def.constraints.push(c);
        };
        match opt {
            O::Null => def.column.nullable = true,
            O::NotNull => def.column.nullable = false,
            O::Default(e) => def.column.default = self.default(e),
            O::PrimaryKey(pk) => {
                push(
                    def,
                    ConstraintKind::PrimaryKey { columns: vec![col] },
                    deferrable(&pk.characteristics),
                    true,
                );
            }
            O::Unique(u) => push(
                def,
                ConstraintKind::Unique {
                    columns: vec![col],
                    nulls_not_distinct: matches!(
                        u.nulls_distinct,
                        ast::NullsDistinctOption::NotDistinct
                    ),
                },
                deferrable(&u.characteristics),
                true,
            ),
            O::ForeignKey(fk) => {
                let c = self.fk(cname.clone(), vec![col], fk);
                def.constraints.push(c);
            }
            // Column-level: MariaDB names an unnamed one after the column (`a`), not `CONSTRAINT_n`.
            O::Check(ch) => push(
                def,
                ConstraintKind::Check {
                    expr: self.expr(&ch.expr),
                },
                Deferrable::Not,
                true,
            ),
            O::DialectSpecific(tokens) => {
                let words: Vec<String> = tokens
                    .iter()
                    .map(|t| t.to_string().to_ascii_uppercase())
                    .collect();
                if words
                    .iter()
                    .any(|w| w == "AUTO_INCREMENT" || w == "AUTOINCREMENT")
                {
                    def.column.auto_increment = true;
                }
            }
            O::Collation(c) => def.column.collation = Some(collation_name(c)),
            O::Comment(c) => def.column.comment = Some(c.clone()),
            O::Generated {
                generated_as,
                generation_expr,
                generation_expr_mode,
                ..
            } => match generation_expr {
                Some(e) => {
                    def.column.generated = Some(Generated {
                        expr: self.expr(e),
                        stored: matches!(
                            generation_expr_mode,
                            Some(ast::GeneratedExpressionMode::Stored)
                        ) || matches!(generated_as, ast::GeneratedAs::ExpStored),
                    })
                }
                None => {
                    def.column.identity = Some(match generated_as {
                        ast::GeneratedAs::ByDefault => Identity::ByDefault,
                        _ => Identity::Always,
                    });
                    def.column.nullable = false;
                }
            },
            O::OnUpdate(e) => def.column.on_update = self.default(e),
            // Character sets and storage options do not change the schema model.
            O::CharacterSet(_) | O::Options(_) => {}
            other => {
                let text = other.to_string();
                self.diags.push(
                    Diagnostic::warning(
                        "unsupported-statement",
                        format!("column option `{text}` on `{col}` is not simulated"),
                    )
                    .at(self.span())
                    .label("not modelled")
                    .help("Strata ignored this column option; the simulated column may differ"),
                );
            }
        }
    }

    fn table_options(
        &self,
        opts: &ast::CreateTableOptions,
        comment: &mut Option<String>,
    ) -> Vec<String> {
        let list = match opts {
            ast::CreateTableOptions::None => return Vec::new(),
            ast::CreateTableOptions::With(l)
            | ast::CreateTableOptions::Options(l)
            | ast::CreateTableOptions::Plain(l)
            | ast::CreateTableOptions::TableProperties(l) => l,
        };
        let mut out = Vec::new();
        for o in list {
            match o {
                ast::SqlOption::Comment(
                    ast::CommentDef::WithEq(c) | ast::CommentDef::WithoutEq(c),
                ) => *comment = Some(c.clone()),
                ast::SqlOption::KeyValue { key, value } => {
                    let key = key.value.to_ascii_uppercase();
                    // The next AUTO_INCREMENT value is data, not schema.
                    if key != "AUTO_INCREMENT" {
                        out.push(table_option(&format!(
                            "{key}={}",
                            value.to_string().trim_matches('\'')
                        )));
                    }
                }
                other => out.push(table_option(&other.to_string())),
            }
        }
        out
    }

    fn create_table(&mut self, ct: &ast::CreateTable) {
        let name = self.qname(&ct.name);
        let mut columns = Vec::new();
        for c in &ct.columns {
            columns.push(self.column_def(c));
        }
        if let (Some(query), true) = (&ct.query, columns.is_empty()) {
            // Left empty when they cannot be derived; the simulator then marks the table's
            // columns as unknown.
            columns = query_columns(query, self.dialect).unwrap_or_default();
        }
        let mut constraints = Vec::new();
        let mut indexes = Vec::new();
        for tc in &ct.constraints {
            match self.table_constraint(&name, tc) {
                Some(Ok(c)) => constraints.push(c),
                Some(Err(i)) => indexes.push(i),
                None => {}
            }
        }
        let mut comment = ct.comment.as_ref().map(|c| match c {
            ast::CommentDef::WithEq(s) | ast::CommentDef::WithoutEq(s) => s.clone(),
        });
        if ct.partition_of.is_some() || ct.inherits.is_some() || ct.partition_by.is_some() {
            // The table is created, but inherited columns and partitioning are not modelled.
            self.unsupported("CREATE TABLE ... PARTITION / INHERITS");
        }
        let mut options = self.table_options(&ct.table_options, &mut comment);
        if ct.without_rowid {
            options.push("WITHOUT ROWID".into());
        }
        if ct.strict {
            options.push("STRICT".into());
        }
        self.ops.push(Op::CreateTable(CreateTable {
            name,
            if_not_exists: ct.if_not_exists,
            columns,
            constraints,
            indexes,
            comment,
            options,
            as_query: ct.query.is_some() || ct.like.is_some() || ct.clone.is_some(),
            temporary: ct.temporary,
        }));
    }

    fn alter_table(&mut self, at: &ast::AlterTable) {
        let table = self.qname(&at.name);
        for op in &at.operations {
            self.alter_table_op(&table, op);
        }
    }

    pub(crate) fn alter_table_op(&mut self, table: &QualifiedName, op: &AOp) {
        let t = || table.clone();
        let op = match op {
            AOp::AddConstraint {
                constraint,
                not_valid,
            } => match self.table_constraint(table, constraint) {
                Some(Ok(mut c)) => {
                    c.not_valid = *not_valid;
                    Op::AddConstraint {
                        table: t(),
                        constraint: c,
                    }
                }
                Some(Err(i)) => Op::CreateIndex(i),
                None => return,
            },
            AOp::AddColumn {
                if_not_exists,
                column_def,
                column_position,
                ..
            } => {
                let mut column = self.column_def(column_def);
                column.position = self.position(column_position);
                Op::AddColumn {
                    table: t(),
                    column,
                    if_not_exists: *if_not_exists,
                }
            }
            AOp::DropConstraint {
                if_exists,
                name,
                drop_behavior,
            } => Op::DropConstraint {
                table: t(),
                name: self.ident(name),
                if_exists: *if_exists,
                cascade: matches!(drop_behavior, Some(ast::DropBehavior::Cascade)),
            },
            AOp::DropColumn {
                column_names,
                if_exists,
                drop_behavior,
                ..
            } => {
                for c in column_names {
                    self.ops.push(Op::DropColumn {
                        table: t(),
                        column: self.ident(c),
                        if_exists: *if_exists,
                        cascade: matches!(drop_behavior, Some(ast::DropBehavior::Cascade)),
                    });
                }
                return;
            }
            AOp::DropPrimaryKey { .. } => Op::DropPrimaryKey { table: t() },
            AOp::DropForeignKey { name, .. } => Op::DropConstraintOfKind {
                table: t(),
                name: self.ident(name),
                kind: ConstraintKindTag::ForeignKey,
            },
            AOp::DropIndex { name } => Op::DropConstraintOfKind {
                table: t(),
                name: self.ident(name),
                kind: ConstraintKindTag::Index,
            },
            AOp::RenameColumn {
                old_column_name,
                new_column_name,
            } => Op::RenameColumn {
                table: t(),
                from: self.ident(old_column_name),
                to: self.ident(new_column_name),
            },
            AOp::RenameTable { table_name } => {
                let (ast::RenameTableNameKind::As(n) | ast::RenameTableNameKind::To(n)) =
                    table_name;
                let mut to = self.qname(n);
                // PostgreSQL: `ALTER TABLE s.t RENAME TO u` keeps the table in `s`.
                if to.schema.is_none() && self.dialect == Dialect::Postgres {
                    to.schema = table.schema.clone();
                }
                Op::RenameTable { from: t(), to }
            }
            AOp::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                column_position,
            } => {
                let from = self.ident(old_name);
                let mut column =
                    self.column_parts(new_name, data_type, options.iter().map(|o| (None, o)));
                column.position = self.position(column_position);
                if from != column.column.name {
                    self.ops.push(Op::RenameColumn {
                        table: t(),
                        from,
                        to: column.column.name.clone(),
                    });
                }
                Op::AlterColumn {
                    table: t(),
                    column: column.column.name.clone(),
                    change: ColumnChange::Redefine {
                        column: Box::new(column),
                    },
                }
            }
            AOp::ModifyColumn {
                col_name,
                data_type,
                options,
                column_position,
            } => {
                let mut column =
                    self.column_parts(col_name, data_type, options.iter().map(|o| (None, o)));
                column.position = self.position(column_position);
                Op::AlterColumn {
                    table: t(),
                    column: column.column.name.clone(),
                    change: ColumnChange::Redefine {
                        column: Box::new(column),
                    },
                }
            }
            AOp::RenameConstraint { old_name, new_name } => Op::RenameConstraint {
                table: t(),
                from: self.ident(old_name),
                to: self.ident(new_name),
            },
            AOp::AlterColumn { column_name, op } => {
                let change = match op {
                    ast::AlterColumnOperation::SetNotNull => ColumnChange::SetNullable(false),
                    ast::AlterColumnOperation::DropNotNull => ColumnChange::SetNullable(true),
                    ast::AlterColumnOperation::SetDefault { value } => {
                        ColumnChange::SetDefault(self.default(value))
                    }
                    ast::AlterColumnOperation::DropDefault => ColumnChange::SetDefault(None),
                    ast::AlterColumnOperation::SetDataType {
                        data_type, using, ..
                    } => ColumnChange::SetType {
                        ty: normalize::serial_type(data_type)
                            .unwrap_or_else(|| normalize::from_ast(data_type, self.dialect)),
                        using: using.as_ref().map(|u| self.conversion(u)),
                    },
                    ast::AlterColumnOperation::AddGenerated { generated_as, .. } => {
                        ColumnChange::SetIdentity(Some(match generated_as {
                            Some(ast::GeneratedAs::ByDefault) => Identity::ByDefault,
                            _ => Identity::Always,
                        }))
                    }
                };
                Op::AlterColumn {
                    table: t(),
                    column: self.ident(column_name),
                    change,
                }
            }
            AOp::OwnerTo { .. } => Op::NoEffect {
                what: "ALTER TABLE OWNER TO".into(),
            },
            AOp::EnableRowLevelSecurity
            | AOp::DisableRowLevelSecurity
            | AOp::ForceRowLevelSecurity
            | AOp::NoForceRowLevelSecurity => Op::NoEffect {
                what: "ALTER TABLE ROW LEVEL SECURITY".into(),
            },
            AOp::EnableTrigger { .. }
            | AOp::DisableTrigger { .. }
            | AOp::EnableAlwaysTrigger { .. }
            | AOp::EnableReplicaTrigger { .. } => Op::NoEffect {
                what: "ALTER TABLE ENABLE/DISABLE TRIGGER".into(),
            },
            AOp::ValidateConstraint { .. } => Op::NoEffect {
                what: "ALTER TABLE VALIDATE CONSTRAINT".into(),
            },
            AOp::AutoIncrement { .. } => Op::NoEffect {
                what: "ALTER TABLE AUTO_INCREMENT".into(),
            },
            AOp::Algorithm { .. } | AOp::Lock { .. } => Op::NoEffect {
                what: "ALTER TABLE ALGORITHM/LOCK".into(),
            },
            AOp::ReplicaIdentity { .. } => Op::NoEffect {
                what: "ALTER TABLE REPLICA IDENTITY".into(),
            },
            AOp::SetLogged | AOp::SetUnlogged => Op::NoEffect {
                what: "ALTER TABLE SET LOGGED".into(),
            },
            other => {
                let text = other.to_string();
                let head: String = text
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ");
                self.unsupported(&format!("ALTER TABLE ... {head}"));
                return;
            }
        };
        self.ops.push(op);
    }

    fn position(&self, p: &Option<ast::MySQLColumnPosition>) -> Option<ColumnPosition> {
        match p {
            Some(ast::MySQLColumnPosition::First) => Some(ColumnPosition::First),
            Some(ast::MySQLColumnPosition::After(i)) => Some(ColumnPosition::After(self.ident(i))),
            None => None,
        }
    }

    fn create_index(&mut self, ci: &ast::CreateIndex) {
        let name = ci.name.as_ref().map(|n| last_name(n, self.dialect));
        let method = ci
            .using
            .as_ref()
            .map(|u| u.to_string().to_ascii_lowercase())
            .filter(|m| m != "btree");
        self.ops.push(Op::CreateIndex(CreateIndex {
            name: name.clone(),
            table: self.qname(&ci.table_name),
            if_not_exists: ci.if_not_exists,
            concurrently: ci.concurrently,
            index: Index {
                name: name.unwrap_or_default(),
                unique: ci.unique,
                keys: ci
                    .columns
                    .iter()
                    .map(|c| self.index_key(c, method.as_deref()))
                    .collect(),
                predicate: ci.predicate.as_ref().map(|p| self.expr(p)),
                method,
                include: ci.include.iter().map(|i| self.ident(i)).collect(),
            },
        }));
    }

    fn drop(
        &mut self,
        object_type: &ast::ObjectType,
        if_exists: bool,
        names: &[ast::ObjectName],
        cascade: bool,
        table: &Option<ast::ObjectName>,
    ) {
        use ast::ObjectType as T;
        for n in names {
            let name = self.qname(n);
            let op = match object_type {
                T::Table => Op::DropTable {
                    name,
                    if_exists,
                    cascade,
                },
                T::View => Op::DropView {
                    name,
                    if_exists,
                    materialized: false,
                    cascade,
                },
                T::MaterializedView => Op::DropView {
                    name,
                    if_exists,
                    materialized: true,
                    cascade,
                },
                T::Index => Op::DropIndex {
                    name,
                    table: table.as_ref().map(|t| self.qname(t)),
                    if_exists,
                },
                T::Schema => Op::DropSchema {
                    name: name.name,
                    if_exists,
                    cascade,
                },
                T::Type => Op::DropType {
                    name,
                    if_exists,
                    cascade,
                },
                T::Sequence => Op::DropSequence {
                    name,
                    if_exists,
                    cascade,
                },
                T::Role | T::User | T::Database => Op::NoEffect {
                    what: format!("DROP {object_type}"),
                },
                other => {
                    self.unsupported(&format!("DROP {other}"));
                    continue;
                }
            };
            self.ops.push(op);
        }
    }

    fn sequence(
        &self,
        name: QualifiedName,
        data_type: &Option<ast::DataType>,
        options: &[ast::SequenceOptions],
        owned_by: &Option<ast::ObjectName>,
    ) -> Sequence {
        let mut seq = Sequence {
            name,
            owned_by: None,
            data_type: data_type
                .as_ref()
                .map(|t| normalize::from_ast(t, self.dialect)),
            start: None,
            increment: None,
        };
        for o in options {
            match o {
                ast::SequenceOptions::StartWith(e, _) => seq.start = int_expr(e),
                ast::SequenceOptions::IncrementBy(e, _) => seq.increment = int_expr(e),
                _ => {}
            }
        }
        if let Some(o) = owned_by {
            seq.owned_by = owned_column(&self.qname_parts(o), self.dialect);
        }
        seq
    }

    fn qname_parts(&self, n: &ast::ObjectName) -> Vec<String> {
        n.0.iter()
            .map(|p| match p {
                ast::ObjectNamePart::Identifier(i) => self.ident(i),
                other => other.to_string(),
            })
            .collect()
    }

    /// A routine's identity, as `pg_get_function_identity_arguments` prints it: the types of
    /// its input parameters (`OUT` ones are not part of it), no names or defaults.
    pub(super) fn function_args(&self, args: &Option<Vec<ast::OperateFunctionArg>>) -> String {
        args.as_ref()
            .map(|a| {
                a.iter()
                    .filter(|a| !matches!(a.mode, Some(ast::ArgMode::Out)))
                    .map(|a| {
                        let ty = normalize::type_name(
                            &normalize::from_ast(&a.data_type, self.dialect),
                            self.dialect,
                        );
                        match a.mode {
                            Some(ast::ArgMode::Variadic) => format!("VARIADIC {ty}"),
                            _ => ty,
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    }
}

/// `t.c` / `s.t.c` of `OWNED BY`; `NONE` is no owner.
pub(crate) fn owned_column(parts: &[String], dialect: Dialect) -> Option<(QualifiedName, String)> {
    let (col, table) = parts.split_last()?;
    if table.is_empty() {
        return None;
    }
    Some((qualified(table.to_vec(), dialect), col.clone()))
}

fn int_expr(e: &Expr) -> Option<i64> {
    match e {
        Expr::Value(v) => match &v.value {
            ast::Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp {
            op: ast::UnaryOperator::Minus,
            expr,
        } => int_expr(expr).map(|n| -n),
        _ => None,
    }
}

/// The names of a query's output columns as the database derives them, or none when one of them
/// cannot be told from the text (`*`, which the simulator expands, or an unnamed expression).
fn output_columns(query: &ast::Query, dialect: Dialect) -> Vec<String> {
    let Some(select) = first_select(query) else {
        return Vec::new();
    };
    select
        .projection
        .iter()
        .map(|item| output_name(item, dialect))
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
}

/// The SELECT that names a query's output columns: a set operation takes them from its first
/// operand. Bounded by the parser's recursion limit, and by the count here.
fn first_select(query: &ast::Query) -> Option<&ast::Select> {
    let mut body = query.body.as_ref();
    for _ in 0..RECURSION_LIMIT {
        match body {
            ast::SetExpr::SetOperation { left, .. } => body = left,
            ast::SetExpr::Query(q) => body = q.body.as_ref(),
            _ => break,
        }
    }
    match body {
        ast::SetExpr::Select(select) => Some(select),
        _ => None,
    }
}

/// The name the database gives one select-list item, when the text tells it.
fn output_name(item: &ast::SelectItem, dialect: Dialect) -> Option<String> {
    match item {
        ast::SelectItem::ExprWithAlias { alias, .. } => Some(ident(alias, dialect)),
        ast::SelectItem::UnnamedExpr(Expr::Identifier(i)) => Some(ident(i, dialect)),
        ast::SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => {
            parts.last().map(|i| ident(i, dialect))
        }
        // PostgreSQL names an unaliased call after the function (`count(*)` is `count`);
        // MariaDB and SQLite use the expression's text.
        ast::SelectItem::UnnamedExpr(Expr::Function(f)) if dialect == Dialect::Postgres => {
            Some(last_name(&f.name, dialect))
        }
        _ => None,
    }
}

/// The columns `CREATE TABLE ... AS query` creates, nullable and without defaults as the
/// database makes them, or `None` when one of them cannot be told from the text (`*`, an
/// unnamed expression). The type is the cast's target for a cast; for a column of a table in
/// `FROM` (or `max`/`min` of one) it is a `table.column%TYPE` reference that the simulator
/// resolves against the schema; `count(...)` is `bigint` on PostgreSQL; anything else is
/// `unknown`, since typing expressions needs the catalog.
fn query_columns(query: &ast::Query, dialect: Dialect) -> Option<Vec<ColumnDef>> {
    let select = first_select(query)?;
    let sources = from_tables(select, dialect);
    let mut out = Vec::with_capacity(select.projection.len());
    for item in &select.projection {
        if let Some(read) = star_source(item, &sources, dialect) {
            out.push(ColumnDef::new(Column::new(
                "*",
                DataType::Named(format!("{read}%ROWTYPE")),
            )));
            continue;
        }
        let name = output_name(item, dialect)?;
        let expr = match item {
            ast::SelectItem::ExprWithAlias { expr, .. } | ast::SelectItem::UnnamedExpr(expr) => {
                expr
            }
            _ => return None,
        };
        let ty =
            expr_type(expr, &sources, dialect).unwrap_or_else(|| DataType::Named("unknown".into()));
        out.push(ColumnDef::new(Column::new(name, ty)));
    }
    Some(out)
}

/// The relation a `*` or `q.*` item expands, when it names one table or view: the simulator
/// replaces the `t%ROWTYPE` placeholder with that relation's columns at the time.
fn star_source(
    item: &ast::SelectItem,
    sources: &[Option<(String, QualifiedName)>],
    dialect: Dialect,
) -> Option<QualifiedName> {
    match item {
        // Plain `*` only, without dialect extras such as `EXCLUDE`.
        ast::SelectItem::Wildcard(_) if item.to_string() == "*" => match sources {
            [Some((_, t))] => Some(t.clone()),
            _ => None,
        },
        ast::SelectItem::QualifiedWildcard(
            ast::SelectItemQualifiedWildcardKind::ObjectName(q),
            _,
        ) if item.to_string().ends_with(".*") => {
            let [ast::ObjectNamePart::Identifier(q)] = q.0.as_slice() else {
                return None;
            };
            let q = ident(q, dialect);
            sources
                .iter()
                .flatten()
                .find(|(by, _)| *by == q)
                .map(|(_, t)| t.clone())
        }
        _ => None,
    }
}

/// The tables a SELECT reads, by the name its columns are qualified with (the alias, else the
/// table's own name); `None` in place of a derived table or function, whose columns are unknown.
fn from_tables(select: &ast::Select, dialect: Dialect) -> Vec<Option<(String, QualifiedName)>> {
    let factor = |f: &ast::TableFactor| match f {
        ast::TableFactor::Table {
            name,
            alias,
            args: None,
            ..
        } => {
            let table = qname(name, dialect);
            let by = alias
                .as_ref()
                .map_or_else(|| table.name.clone(), |a| ident(&a.name, dialect));
            Some((by, table))
        }
        _ => None,
    };
    select
        .from
        .iter()
        .flat_map(|t| {
            std::iter::once(factor(&t.relation)).chain(t.joins.iter().map(|j| factor(&j.relation)))
        })
        .collect()
}

/// A select-list expression's type, when the text tells it (see [`query_columns`]).
fn expr_type(
    expr: &Expr,
    sources: &[Option<(String, QualifiedName)>],
    dialect: Dialect,
) -> Option<DataType> {
    let column_ref = |e: &Expr| -> Option<DataType> {
        let (table, column) = match e {
            // Unqualified: the only table read, if there is exactly one.
            Expr::Identifier(c) => match sources {
                [Some((_, t))] => (t.clone(), ident(c, dialect)),
                _ => return None,
            },
            Expr::CompoundIdentifier(parts) => match parts.as_slice() {
                [q, c] => {
                    let q = ident(q, dialect);
                    let t = sources
                        .iter()
                        .flatten()
                        .find(|(by, _)| *by == q)
                        .map(|(_, t)| t.clone())?;
                    (t, ident(c, dialect))
                }
                _ => return None,
            },
            _ => return None,
        };
        Some(DataType::Named(format!("{table}.{column}%TYPE")))
    };
    let mut e = expr;
    // Parentheses only; their depth is bounded by the parser's recursion limit.
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    match e {
        Expr::Cast { data_type, .. } => Some(normalize::from_ast(data_type, dialect)),
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => column_ref(e),
        // PostgreSQL 15 types constants so (checked): `1` integer, `3000000000` bigint, `1.5`
        // numeric, `'x'` text, `true` boolean.
        Expr::Value(v) if dialect == Dialect::Postgres => match &v.value {
            ast::Value::Number(n, _) if n.parse::<i32>().is_ok() => Some(DataType::Integer),
            ast::Value::Number(n, _) if n.parse::<i64>().is_ok() => Some(DataType::BigInt),
            ast::Value::Number(..) => Some(DataType::Numeric(None)),
            ast::Value::SingleQuotedString(_) => Some(DataType::Text),
            ast::Value::Boolean(_) => Some(DataType::Boolean),
            _ => None,
        },
        Expr::Function(f) => {
            let name = last_name(&f.name, dialect).to_ascii_lowercase();
            let args = match &f.args {
                ast::FunctionArguments::List(l) => l.args.as_slice(),
                _ => &[],
            };
            match (name.as_str(), args) {
                ("count", _) if dialect == Dialect::Postgres => Some(DataType::BigInt),
                // PostgreSQL's max and min return their argument's type.
                ("max" | "min", [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(arg))]) => {
                    column_ref(arg)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn table_of(t: &ast::TableWithJoins, dialect: Dialect) -> Option<QualifiedName> {
    match &t.relation {
        ast::TableFactor::Table { name, .. } => Some(qname(name, dialect)),
        _ => None,
    }
}

pub(crate) fn lower_statement(cx: &mut Cx, s: &Statement) {
    let d = cx.dialect;
    match s {
        Statement::CreateTable(ct) => cx.create_table(ct),
        Statement::AlterTable(at) => cx.alter_table(at),
        Statement::CreateIndex(ci) => cx.create_index(ci),
        Statement::Drop {
            object_type,
            if_exists,
            names,
            cascade,
            table,
            ..
        } => cx.drop(object_type, *if_exists, names, *cascade, table),
        Statement::CreateView(v) => {
            let view = View {
                name: cx.qname(&v.name),
                query: v.query.to_string(),
                materialized: v.materialized,
                columns: if v.columns.is_empty() {
                    output_columns(&v.query, d)
                } else {
                    v.columns.iter().map(|c| cx.ident(&c.name)).collect()
                },
            };
            cx.ops.push(Op::CreateView {
                view,
                or_replace: v.or_replace,
                if_not_exists: v.if_not_exists,
            });
        }
        Statement::CreateType {
            name,
            representation,
        } => {
            let name = cx.qname(name);
            match representation {
                Some(ast::UserDefinedTypeRepresentation::Enum { labels }) => {
                    cx.ops.push(Op::CreateEnum {
                        ty: EnumType {
                            name,
                            values: labels.iter().map(|l| l.value.clone()).collect(),
                        },
                        if_not_exists: false,
                    })
                }
                _ => cx.ops.push(Op::CreateOpaqueType {
                    name,
                    definition: cx.stmt.trim().to_string(),
                }),
            }
        }
        Statement::CreateDomain(dom) => {
            let name = cx.qname(&dom.name);
            cx.ops.push(Op::CreateOpaqueType {
                name,
                definition: cx.stmt.trim().to_string(),
            });
        }
        Statement::AlterType(at) => {
            let name = cx.qname(&at.name);
            let op = match &at.operation {
                ast::AlterTypeOperation::Rename(r) => Op::RenameType {
                    to: QualifiedName {
                        schema: name.schema.clone(),
                        name: cx.ident(&r.new_name),
                    },
                    from: name,
                },
                ast::AlterTypeOperation::AddValue(a) => Op::AddEnumValue {
                    name,
                    value: a.value.value.clone(),
                    position: match &a.position {
                        Some(ast::AlterTypeAddValuePosition::Before(v)) => {
                            EnumPosition::Before(v.value.clone())
                        }
                        Some(ast::AlterTypeAddValuePosition::After(v)) => {
                            EnumPosition::After(v.value.clone())
                        }
                        None => EnumPosition::End,
                    },
                    if_not_exists: a.if_not_exists,
                },
                ast::AlterTypeOperation::RenameValue(r) => Op::RenameEnumValue {
                    name,
                    from: r.from.value.clone(),
                    to: r.to.value.clone(),
                },
            };
            cx.ops.push(op);
        }
        Statement::CreateSchema {
            schema_name,
            if_not_exists,
            ..
        } => {
            let name = match schema_name {
                ast::SchemaName::Simple(n) | ast::SchemaName::NamedAuthorization(n, _) => {
                    last_name(n, d)
                }
                ast::SchemaName::UnnamedAuthorization(i) => cx.ident(i),
            };
            cx.ops.push(Op::CreateSchema {
                name,
                if_not_exists: *if_not_exists,
            });
        }
        Statement::CreateSequence {
            if_not_exists,
            name,
            data_type,
            sequence_options,
            owned_by,
            ..
        } => {
            let seq = cx.sequence(cx.qname(name), data_type, sequence_options, owned_by);
            cx.ops.push(Op::CreateSequence {
                seq,
                if_not_exists: *if_not_exists,
            });
        }
        Statement::CreateExtension(e) => cx.ops.push(Op::CreateExtension {
            name: e.name.value.clone(),
            if_not_exists: e.if_not_exists,
        }),
        Statement::DropExtension(e) => {
            for n in &e.names {
                cx.ops.push(Op::DropExtension {
                    name: n.value.clone(),
                    if_exists: e.if_exists,
                });
            }
        }
        Statement::CreateFunction(f) => {
            // As `pg_get_function_result` prints it: `integer`, `SETOF text`, `trigger`,
            // `TABLE(n bigint, id integer)`.
            let returns = f.return_type.as_ref().map(|r| match r {
                ast::FunctionReturnType::DataType(ast::DataType::Table(Some(cols))) => {
                    let cols: Vec<String> = cols
                        .iter()
                        .map(|c| {
                            let ty = normalize::from_ast(&c.data_type, d);
                            format!("{} {}", c.name.value, normalize::type_name(&ty, d))
                        })
                        .collect();
                    format!("TABLE({})", cols.join(", "))
                }
                ast::FunctionReturnType::DataType(t) => {
                    normalize::type_name(&normalize::from_ast(t, d), d)
                }
                ast::FunctionReturnType::SetOf(t) => format!(
                    "SETOF {}",
                    normalize::type_name(&normalize::from_ast(t, d), d)
                ),
                #[allow(unreachable_patterns)]
                other => other.to_string().to_ascii_lowercase(),
            });
            cx.ops.push(Op::CreateFunction {
                name: cx.qname(&f.name),
                args: cx.function_args(&f.args),
                returns,
                or_replace: f.or_replace,
                definition: cx.stmt.trim().to_string(),
            });
        }
        Statement::DropFunction(df) => {
            for f in &df.func_desc {
                let args = f.args.as_ref().map(|_| cx.function_args(&f.args));
                cx.ops.push(Op::DropFunction {
                    name: cx.qname(&f.name),
                    args,
                    if_exists: df.if_exists,
                    cascade: matches!(df.drop_behavior, Some(ast::DropBehavior::Cascade)),
                });
            }
        }
        Statement::DropProcedure {
            if_exists,
            proc_desc,
            ..
        } => {
            for f in proc_desc {
                let args = f.args.as_ref().map(|_| cx.function_args(&f.args));
                cx.ops.push(Op::DropFunction {
                    name: cx.qname(&f.name),
                    args,
                    if_exists: *if_exists,
                    cascade: false,
                });
            }
        }
        Statement::CreateTrigger(t) => cx.ops.push(Op::CreateTrigger {
            table: cx.qname(&t.table_name),
            name: last_name(&t.name, d),
            definition: cx.stmt.trim().to_string(),
            or_replace: t.or_replace,
            if_not_exists: false,
        }),
        Statement::DropTrigger(t) => cx.ops.push(Op::DropTrigger {
            table: t.table_name.as_ref().map(|n| cx.qname(n)),
            name: last_name(&t.trigger_name, d),
            if_exists: t.if_exists,
        }),
        Statement::Comment {
            object_type,
            object_name,
            comment,
            ..
        } => match object_type {
            ast::CommentObject::Table => cx.ops.push(Op::SetTableComment {
                table: cx.qname(object_name),
                comment: comment.clone(),
            }),
            ast::CommentObject::Column => {
                let mut parts = cx.qname_parts(object_name);
                let column = parts.pop().unwrap_or_default();
                cx.ops.push(Op::SetColumnComment {
                    table: qualified(parts, d),
                    column,
                    comment: comment.clone(),
                });
            }
            other => cx.no_effect(format!("COMMENT ON {other}")),
        },
        Statement::RenameTable(rs) => {
            for r in rs {
                cx.ops.push(Op::RenameTable {
                    from: cx.qname(&r.old_name),
                    to: cx.qname(&r.new_name),
                });
            }
        }
        Statement::AlterIndex {
            name,
            operation: ast::AlterIndexOperation::RenameIndex { index_name },
        } => cx.ops.push(Op::RenameIndex {
            table: None,
            from: cx.qname(name),
            to: last_name(index_name, d),
        }),
        Statement::Insert(i) => {
            let table = match &i.table {
                ast::TableObject::TableName(n) => Some(cx.qname(n)),
                _ => None,
            };
            let rows = i.source.as_ref().and_then(|q| match q.body.as_ref() {
                ast::SetExpr::Values(v) => Some(v.rows.len()),
                _ => None,
            });
            cx.ops.push(Op::Data {
                kind: DataKind::Insert,
                table,
                rows,
                sql: cx.stmt.trim().to_string(),
            });
        }
        Statement::Update(u) => cx.ops.push(Op::Data {
            kind: DataKind::Update,
            table: table_of(&u.table, d),
            rows: None,
            sql: cx.stmt.trim().to_string(),
        }),
        Statement::Delete(del) => {
            let tables = match &del.from {
                ast::FromTable::WithFromKeyword(t) | ast::FromTable::WithoutKeyword(t) => t,
            };
            let table = tables.first().and_then(|t| table_of(t, d));
            cx.ops.push(Op::Data {
                kind: DataKind::Delete,
                table,
                rows: None,
                sql: cx.stmt.trim().to_string(),
            });
        }
        Statement::Truncate(_) => cx.ops.push(Op::Data {
            kind: DataKind::Delete,
            table: None,
            rows: None,
            sql: cx.stmt.trim().to_string(),
        }),
        Statement::Copy { source, .. } => {
            let table = match source {
                ast::CopySource::Table { table_name, .. } => Some(cx.qname(table_name)),
                _ => None,
            };
            // The rows of `COPY ... FROM stdin` are not kept: nothing to replay.
            cx.ops.push(Op::Data {
                kind: DataKind::Copy,
                table,
                rows: None,
                sql: String::new(),
            });
        }
        Statement::Merge(_) => cx.ops.push(Op::Data {
            kind: DataKind::Merge,
            table: None,
            rows: None,
            sql: cx.stmt.trim().to_string(),
        }),
        Statement::StartTransaction { .. } => cx.no_effect("BEGIN"),
        Statement::Commit { .. } => cx.no_effect("COMMIT"),
        Statement::Rollback { .. } => cx.no_effect("ROLLBACK"),
        Statement::Savepoint { .. } | Statement::ReleaseSavepoint { .. } => {
            cx.no_effect("SAVEPOINT")
        }
        Statement::Set(set) => match foreign_key_checks(set, cx.dialect) {
            Some(enabled) => cx.ops.push(Op::SetForeignKeyChecks { enabled }),
            None => cx.no_effect("SET"),
        },
        Statement::Reset(_) => cx.no_effect("RESET"),
        Statement::Analyze(_) => cx.no_effect("ANALYZE"),
        Statement::Vacuum(_) => cx.no_effect("VACUUM"),
        Statement::Grant(_) => cx.no_effect("GRANT"),
        Statement::Revoke(_) => cx.no_effect("REVOKE"),
        Statement::Deny(_) => cx.no_effect("DENY"),
        Statement::CreateRole(_)
        | Statement::AlterRole { .. }
        | Statement::CreateUser(_)
        | Statement::AlterUser(_) => {
            let k = cx.kind();
            cx.no_effect(k)
        }
        Statement::CreatePolicy(_) | Statement::AlterPolicy(_) | Statement::DropPolicy(_) => {
            let k = cx.kind();
            cx.no_effect(k)
        }
        Statement::AlterFunction(_) if cx.stmt.to_ascii_uppercase().contains(" OWNER TO ") => {
            cx.no_effect("ALTER FUNCTION OWNER TO")
        }
        Statement::AlterFunction(ast::AlterFunction {
            kind: ast::AlterFunctionKind::Function,
            function,
            operation: ast::AlterFunctionOperation::RenameTo { new_name },
            ..
        }) => {
            let args = function
                .args
                .as_ref()
                .map(|_| cx.function_args(&function.args));
            cx.ops.push(Op::RenameFunction {
                name: cx.qname(&function.name),
                args,
                to: cx.ident(new_name),
            });
        }
        Statement::AlterSchema(_) => {
            // Only ownership and options are expressible here; a rename is not modelled.
            if cx.stmt.to_ascii_uppercase().contains(" RENAME ") {
                cx.unsupported("ALTER SCHEMA RENAME");
            } else {
                cx.no_effect("ALTER SCHEMA");
            }
        }
        Statement::Query(_) => cx.no_effect("SELECT"),
        Statement::Use(_) => cx.no_effect("USE"),
        Statement::Pragma { .. } => cx.no_effect("PRAGMA"),
        Statement::LockTables { .. } | Statement::UnlockTables | Statement::Lock(_) => {
            cx.no_effect("LOCK")
        }
        Statement::Discard { .. } => cx.no_effect("DISCARD"),
        Statement::Deallocate { .. } => cx.no_effect("DEALLOCATE"),
        // The dynamic SQL it runs was named by the `PREPARE` warning already.
        Statement::Execute { .. } if d == Dialect::Mysql => cx.no_effect("EXECUTE"),
        Statement::Explain { .. } | Statement::ExplainTable { .. } => cx.no_effect("EXPLAIN"),
        Statement::ShowVariable { .. }
        | Statement::ShowTables { .. }
        | Statement::ShowCreate { .. } => cx.no_effect("SHOW"),
        _ => {
            let k = cx.kind();
            cx.unsupported(&k);
        }
    }
}
