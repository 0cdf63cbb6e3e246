//! Statements sqlparser 0.63 rejects that real migration histories contain (pg_dump output,
//! MySQL dumps, SQLite scripts), recognized on the token stream for their schema effect.
//!
//! Each recognizer either lowers the statement itself or rewrites it into a form sqlparser
//! accepts and lowers that; anything else falls through to a `parse-error` warning.

use super::sql::{lower_statement, owned_column, parse_statements, qualified, table_option, Cx};
use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::normalize;
use crate::op::{ColumnChange, ConstraintKindTag, Op};
use crate::schema::{Deferrable, Identity, QualifiedName, Sequence};
use sqlparser::ast::Statement;
use sqlparser::tokenizer::Token;
use std::ops::Range;

/// The statement's tokens without whitespace and comments, each with its byte range.
struct Toks {
    toks: Vec<(Token, Range<usize>)>,
}

impl Toks {
    fn new(sql: &str, dialect: Dialect) -> Option<Toks> {
        let (toks, read) = crate::sql_text::spanned(sql, &*dialect.parser_dialect());
        read.ok().map(|()| Toks { toks })
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i).map(|t| &t.0)
    }

    /// Upper-cased unquoted word at `i`, or "".
    fn kw(&self, i: usize) -> String {
        match self.tok(i) {
            Some(Token::Word(w)) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => String::new(),
        }
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| self.kw(i + k) == *w)
    }

    /// An identifier (quoted or not) at `i`, folded the dialect's way.
    fn ident(&self, i: usize, dialect: Dialect) -> Option<String> {
        match self.tok(i)? {
            Token::Word(w) => Some(match (w.quote_style, dialect) {
                (None, Dialect::Postgres) => {
                    super::sql::truncate_identifier(w.value.to_ascii_lowercase())
                }
                (_, Dialect::Postgres) => super::sql::truncate_identifier(w.value.clone()),
                _ => w.value.clone(),
            }),
            Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// A dotted name starting at `*i`; advances past it.
    fn name_parts(&self, i: &mut usize, dialect: Dialect) -> Option<Vec<String>> {
        let mut parts = vec![self.ident(*i, dialect)?];
        *i += 1;
        while self.tok(*i) == Some(&Token::Period) {
            parts.push(self.ident(*i + 1, dialect)?);
            *i += 2;
        }
        Some(parts)
    }

    fn qname(&self, i: &mut usize, dialect: Dialect) -> Option<QualifiedName> {
        Some(qualified(self.name_parts(i, dialect)?, dialect))
    }

    fn number(&self, i: &mut usize) -> Option<i64> {
        let neg = self.tok(*i) == Some(&Token::Minus);
        if neg {
            *i += 1;
        }
        let n: i64 = match self.tok(*i)? {
            Token::Number(n, _) => n.parse().ok()?,
            _ => return None,
        };
        *i += 1;
        Some(if neg { -n } else { n })
    }

    fn start(&self, i: usize) -> Option<usize> {
        self.toks.get(i).map(|t| t.1.start)
    }

    fn end(&self, i: usize) -> Option<usize> {
        self.toks.get(i).map(|t| t.1.end)
    }
}

/// Tries every recognizer; `true` when the statement was handled.
pub(crate) fn recover(cx: &mut Cx, sql: &str) -> bool {
    let Some(t) = Toks::new(sql, cx.dialect) else {
        return false;
    };
    let d = cx.dialect;
    let k0 = t.kw(0);
    let k1 = t.kw(1);
    if t.tok(0) == Some(&Token::Backslash) {
        cx.no_effect(format!("psql \\{}", t.kw(1).to_ascii_lowercase()));
        return true;
    }
    match (k0.as_str(), k1.as_str()) {
        ("CREATE", "MATERIALIZED")
            if t.is(t.len().saturating_sub(2), &["NO", "DATA"])
                || t.is(t.len().saturating_sub(2), &["WITH", "DATA"]) =>
        {
            return without_data_clause(cx, sql, &t)
        }
        ("PRAGMA", _) => cx.no_effect(format!("PRAGMA {}", t.ident(1, d).unwrap_or_default())),
        ("DO", _) => {
            cx.no_effect("DO");
            cx.diags.push(
                Diagnostic::warning("unsimulated-code", "`DO` block is not simulated")
                    .at(cx.span())
                    .label("procedural code")
                    .help("if this block changes the schema, write those changes as plain DDL so Strata can follow them"),
            );
        }
        (
            "REINDEX" | "CLUSTER" | "CHECKPOINT" | "REFRESH" | "LISTEN" | "NOTIFY" | "UNLISTEN"
            | "SECURITY" | "LOAD",
            _,
        ) => {
            let k = cx.kind();
            cx.no_effect(k)
        }
        ("BEGIN" | "START" | "COMMIT" | "END" | "ROLLBACK", _) => cx.no_effect(k0.clone()),
        ("GRANT" | "REVOKE", _) => cx.no_effect(k0.clone()),
        (
            "CREATE" | "ALTER" | "DROP",
            "STATISTICS" | "ROLE" | "USER" | "GROUP" | "POLICY" | "PUBLICATION" | "SUBSCRIPTION",
        ) => {
            let k = cx.kind();
            cx.no_effect(k)
        }
        ("CREATE" | "ALTER" | "DROP", "EVENT") if t.kw(2) == "TRIGGER" => {
            cx.no_effect(format!("{k0} EVENT TRIGGER"))
        }
        ("ALTER", "DEFAULT") if t.kw(2) == "PRIVILEGES" => cx.no_effect("ALTER DEFAULT PRIVILEGES"),
        ("DROP", "INDEX") if t.kw(2) == "CONCURRENTLY" => return drop_index_concurrently(cx, &t),
        ("ALTER", "SEQUENCE") => return alter_sequence(cx, &t),
        ("ALTER", "TRIGGER") => return alter_trigger(cx, &t),
        ("CREATE", "SEQUENCE" | "TEMP" | "TEMPORARY")
            if t.is(1, &["SEQUENCE"]) || t.kw(2) == "SEQUENCE" =>
        {
            return create_sequence(cx, &t)
        }
        ("ALTER", "VIEW" | "MATERIALIZED") => return alter_view(cx, &t),
        ("ALTER", "INDEX") => return alter_index(cx, &t),
        (
            "ALTER",
            "FUNCTION" | "PROCEDURE" | "AGGREGATE" | "SCHEMA" | "TYPE" | "DOMAIN" | "EXTENSION"
            | "DATABASE" | "LARGE",
        ) => {
            let is_owner = (0..t.len()).any(|i| t.is(i, &["OWNER", "TO"]));
            if !is_owner {
                return false;
            }
            let k = cx.kind();
            cx.no_effect(format!("{k} OWNER TO"))
        }
        ("COMMENT", "ON") => return comment_with_dollar_string(cx, sql, &t),
        ("CREATE", "TRIGGER") if t.is(2, &["IF", "NOT", "EXISTS"]) => {
            return trigger_if_not_exists(cx, sql, &t)
        }
        ("CREATE", _) if (0..4).any(|i| t.kw(i) == "TABLE") => {
            return create_table_rewrites(cx, sql, &t)
        }
        ("CREATE", _) if routine_keyword(&t).is_some() => return create_routine(cx, sql, &t),
        ("ALTER", "TABLE") => return alter_table_clauses(cx, sql, &t),
        // PostgreSQL accepts an empty select list (`SELECT;`); diesel migrations use it as a
        // placeholder body for a down.sql that has nothing to undo.
        // MySQL and SQLite reject it, so there it stays a parse error.
        ("SELECT", "")
            if d == Dialect::Postgres
                && (t.len() == 1 || (t.len() == 2 && t.tok(1) == Some(&Token::SemiColon))) =>
        {
            cx.no_effect("SELECT")
        }
        ("PREPARE", _) if d == Dialect::Mysql => return mysql_prepare(cx, &t),
        _ => return false,
    }
    true
}

/// Index of `PROCEDURE` / `FUNCTION` in `CREATE [OR REPLACE] [DEFINER = user] PROCEDURE`.
fn routine_keyword(t: &Toks) -> Option<usize> {
    let k = (1..t.len().min(16)).find(|&i| matches!(t.kw(i).as_str(), "PROCEDURE" | "FUNCTION"))?;
    // Only a definer clause and OR REPLACE may come before it.
    let other_object = (1..k).any(|i| {
        matches!(
            t.kw(i).as_str(),
            "TABLE" | "VIEW" | "INDEX" | "TRIGGER" | "EVENT" | "TYPE"
        )
    });
    (!other_object).then_some(k)
}

/// Routines sqlparser cannot read (MySQL procedures with `BEGIN ... END` bodies): known by name
/// and parameter list, the body stays opaque.
fn create_routine(cx: &mut Cx, sql: &str, t: &Toks) -> bool {
    let d = cx.dialect;
    let Some(k) = routine_keyword(t) else {
        return false;
    };
    let mut i = k + 1;
    if t.is(i, &["IF", "NOT", "EXISTS"]) {
        i += 3;
    }
    let Some(name) = t.qname(&mut i, d) else {
        return false;
    };
    if t.tok(i) != Some(&Token::LParen) {
        return false;
    }
    let mut depth = 0;
    let mut close = None;
    for j in i..t.len() {
        match t.tok(j) {
            Some(Token::LParen) => depth += 1,
            Some(Token::RParen) => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(close) = close else { return false };
    let written = match (t.end(i), t.start(close)) {
        (Some(a), Some(b)) => sql.get(a..b).unwrap_or(""),
        _ => "",
    };
    // The parameter list alone, read by sqlparser where it can, gives the identity the main
    // path gives (types only); else the list as written, spaces collapsed.
    let probe = format!("CREATE FUNCTION strata_probe({written}) RETURNS integer AS 'x'");
    let args = match parse_statements(&probe, d).ok().as_deref() {
        Some([Statement::CreateFunction(f)]) if d == Dialect::Postgres => cx.function_args(&f.args),
        _ => written.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    let returns = (close + 1..t.len())
        .find(|&j| t.kw(j) == "RETURNS")
        .and_then(|j| t.ident(j + 1, d))
        .map(|r| r.to_ascii_lowercase());
    let or_replace = t.is(1, &["OR", "REPLACE"]);
    cx.ops.push(Op::CreateFunction {
        name,
        args,
        returns,
        or_replace,
        definition: sql.trim().to_string(),
    });
    true
}

/// Lowers `text` if sqlparser accepts it; `after` adjusts the produced ops.
fn reparse(cx: &mut Cx, text: &str, after: impl FnOnce(&mut Vec<Op>)) -> bool {
    let Ok(stmts) = parse_statements(text, cx.dialect) else {
        return false;
    };
    let first = cx.ops.len();
    for s in &stmts {
        lower_statement(cx, s);
    }
    let mut produced = cx.ops.split_off(first);
    after(&mut produced);
    cx.ops.extend(produced);
    true
}

fn drop_index_concurrently(cx: &mut Cx, t: &Toks) -> bool {
    let d = cx.dialect;
    let mut i = 3;
    let if_exists = t.is(i, &["IF", "EXISTS"]);
    if if_exists {
        i += 2;
    }
    let mut names = Vec::new();
    loop {
        let Some(n) = t.qname(&mut i, d) else {
            return false;
        };
        names.push(n);
        if t.tok(i) == Some(&Token::Comma) {
            i += 1;
        } else {
            break;
        }
    }
    if !matches!(t.kw(i).as_str(), "" | "CASCADE" | "RESTRICT") {
        return false;
    }
    for name in names {
        cx.ops.push(Op::DropIndex {
            name,
            table: None,
            if_exists,
        });
    }
    true
}

fn alter_sequence(cx: &mut Cx, t: &Toks) -> bool {
    let d = cx.dialect;
    let mut i = 2;
    if t.is(i, &["IF", "EXISTS"]) {
        i += 2;
    }
    let Some(name) = t.qname(&mut i, d) else {
        return false;
    };
    if t.is(i, &["RENAME", "TO"]) {
        let Some(to) = t.ident(i + 2, d) else {
            return false;
        };
        cx.ops.push(Op::RenameSequence { from: name, to });
        return true;
    }
    if t.is(i, &["OWNER", "TO"]) {
        cx.no_effect("ALTER SEQUENCE OWNER TO");
        return true;
    }
    if t.is(i, &["SET", "SCHEMA"]) {
        return false;
    }
    let mut owned_by = None;
    let mut start = None;
    let mut increment = None;
    while i < t.len() {
        match t.kw(i).as_str() {
            "OWNED" if t.kw(i + 1) == "BY" => {
                i += 2;
                if t.kw(i) == "NONE" {
                    owned_by = Some(None);
                    i += 1;
                } else {
                    let Some(parts) = t.name_parts(&mut i, d) else {
                        return false;
                    };
                    owned_by = Some(owned_column(&parts, d));
                }
            }
            "START" | "RESTART" => {
                i += 1;
                if t.kw(i) == "WITH" {
                    i += 1;
                }
                if let Some(n) = t.number(&mut i) {
                    start = Some(n);
                }
            }
            "INCREMENT" => {
                i += 1;
                if t.kw(i) == "BY" {
                    i += 1;
                }
                increment = t.number(&mut i);
            }
            _ => i += 1,
        }
    }
    cx.ops.push(Op::AlterSequence {
        name,
        owned_by,
        start,
        increment,
    });
    true
}

fn alter_trigger(cx: &mut Cx, t: &Toks) -> bool {
    let d = cx.dialect;
    let Some(from) = t.ident(2, d) else {
        return false;
    };
    if t.kw(3) != "ON" {
        return false;
    }
    let mut i = 4;
    let Some(table) = t.qname(&mut i, d) else {
        return false;
    };
    if !t.is(i, &["RENAME", "TO"]) {
        return false;
    }
    let Some(to) = t.ident(i + 2, d) else {
        return false;
    };
    cx.ops.push(Op::RenameTrigger { table, from, to });
    true
}

/// `CREATE SEQUENCE` with options in any order (pg_dump writes `AS bigint START WITH 1
/// INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1`, which sqlparser rejects).
fn create_sequence(cx: &mut Cx, t: &Toks) -> bool {
    let d = cx.dialect;
    let mut i = if t.kw(1) == "SEQUENCE" { 2 } else { 3 };
    let if_not_exists = t.is(i, &["IF", "NOT", "EXISTS"]);
    if if_not_exists {
        i += 3;
    }
    let Some(name) = t.qname(&mut i, d) else {
        return false;
    };
    let mut seq = Sequence {
        name,
        owned_by: None,
        data_type: None,
        start: None,
        increment: None,
    };
    while i < t.len() {
        match t.kw(i).as_str() {
            "AS" => {
                i += 1;
                let mut words = Vec::new();
                while let Some(Token::Word(_)) = t.tok(i) {
                    let w = t.kw(i);
                    if matches!(
                        w.as_str(),
                        "START"
                            | "INCREMENT"
                            | "NO"
                            | "MINVALUE"
                            | "MAXVALUE"
                            | "CACHE"
                            | "CYCLE"
                            | "OWNED"
                    ) {
                        break;
                    }
                    words.push(w);
                    i += 1;
                }
                seq.data_type = Some(normalize::parse_type(&words.join(" "), d));
            }
            "START" => {
                i += 1;
                if t.kw(i) == "WITH" {
                    i += 1;
                }
                seq.start = t.number(&mut i);
            }
            "INCREMENT" => {
                i += 1;
                if t.kw(i) == "BY" {
                    i += 1;
                }
                seq.increment = t.number(&mut i);
            }
            "OWNED" if t.kw(i + 1) == "BY" => {
                i += 2;
                if t.kw(i) == "NONE" {
                    i += 1;
                } else {
                    let Some(parts) = t.name_parts(&mut i, d) else {
                        return false;
                    };
                    seq.owned_by = owned_column(&parts, d);
                }
            }
            "NO" | "MINVALUE" | "MAXVALUE" | "CACHE" | "CYCLE" => {
                i += 1;
                let _ = t.number(&mut i);
            }
            _ => return false,
        }
    }
    cx.ops.push(Op::CreateSequence { seq, if_not_exists });
    true
}

fn alter_view(cx: &mut Cx, t: &Toks) -> bool {
    let d = cx.dialect;
    let mut i = if t.kw(1) == "MATERIALIZED" { 3 } else { 2 };
    if t.is(i, &["IF", "EXISTS"]) {
        i += 2;
    }
    let Some(from) = t.qname(&mut i, d) else {
        return false;
    };
    if t.is(i, &["RENAME", "TO"]) {
        let Some(name) = t.ident(i + 2, d) else {
            return false;
        };
        let to = QualifiedName {
            schema: from.schema.clone(),
            name,
        };
        cx.ops.push(Op::RenameView { from, to });
        return true;
    }
    if t.is(i, &["OWNER", "TO"]) {
        cx.no_effect("ALTER VIEW OWNER TO");
        return true;
    }
    false
}

fn alter_index(cx: &mut Cx, t: &Toks) -> bool {
    let d = cx.dialect;
    let mut i = 2;
    if t.is(i, &["IF", "EXISTS"]) {
        i += 2;
    }
    let Some(from) = t.qname(&mut i, d) else {
        return false;
    };
    if t.is(i, &["RENAME", "TO"]) {
        let Some(to) = t.ident(i + 2, d) else {
            return false;
        };
        cx.ops.push(Op::RenameIndex {
            table: None,
            from,
            to,
        });
        return true;
    }
    if t.is(i, &["SET", "TABLESPACE"]) || t.is(i, &["OWNER", "TO"]) || t.kw(i) == "ATTACH" {
        cx.no_effect("ALTER INDEX");
        return true;
    }
    false
}

/// `COMMENT ON ... IS $$text$$`: the same statement with a plain string literal.
fn comment_with_dollar_string(cx: &mut Cx, sql: &str, t: &Toks) -> bool {
    let Some(pos) = (0..t.len()).find(|&i| matches!(t.tok(i), Some(Token::DollarQuotedString(_))))
    else {
        return false;
    };
    let Some(Token::DollarQuotedString(s)) = t.tok(pos) else {
        return false;
    };
    let (Some(a), Some(b)) = (t.start(pos), t.end(pos)) else {
        return false;
    };
    let (Some(head), Some(tail)) = (sql.get(..a), sql.get(b..)) else {
        return false;
    };
    let text = format!("{head}'{}'{tail}", s.value.replace('\'', "''"));
    reparse(cx, &text, |_| {})
}

/// `CREATE MATERIALIZED VIEW ... WITH [NO] DATA` (pg_dump): whether it is populated is data.
fn without_data_clause(cx: &mut Cx, sql: &str, t: &Toks) -> bool {
    let n = t.len();
    let from = if t.kw(n.saturating_sub(3)) == "WITH" {
        n.saturating_sub(3)
    } else {
        n.saturating_sub(2)
    };
    let Some(a) = t.start(from) else { return false };
    let Some(head) = sql.get(..a) else {
        return false;
    };
    reparse(cx, head, |_| {})
}

/// SQLite `CREATE TRIGGER IF NOT EXISTS`.
fn trigger_if_not_exists(cx: &mut Cx, sql: &str, t: &Toks) -> bool {
    let (Some(a), Some(b)) = (t.start(2), t.end(4)) else {
        return false;
    };
    let (Some(head), Some(tail)) = (sql.get(..a), sql.get(b..)) else {
        return false;
    };
    let text = format!("{head}{tail}");
    reparse(cx, &text, |ops| {
        for op in ops {
            if let Op::CreateTrigger { if_not_exists, .. } = op {
                *if_not_exists = true;
            }
        }
    })
}

/// CREATE TABLE forms sqlparser rejects: named table-level NOT NULL constraints
/// (`CONSTRAINT x NOT NULL col`, pg_dump 18) and SQLite `STRICT, WITHOUT ROWID`.
fn create_table_rewrites(cx: &mut Cx, sql: &str, t: &Toks) -> bool {
    let d = cx.dialect;
    let mut cut: Vec<Range<usize>> = Vec::new();
    let mut not_null = Vec::new();
    let mut depth = 0i32;
    let mut close = None;
    let mut i = 0;
    while i < t.len() {
        match t.tok(i) {
            Some(Token::LParen) => depth += 1,
            Some(Token::RParen) => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                }
            }
            Some(Token::Comma)
                if depth == 1 && t.kw(i + 1) == "CONSTRAINT" && t.is(i + 3, &["NOT", "NULL"]) =>
            {
                if let (Some(col), Some(a), Some(b)) = (t.ident(i + 5, d), t.start(i), t.end(i + 5))
                {
                    not_null.push(col);
                    cut.push(a..b);
                    i += 6;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut options = Vec::new();
    if let Some(c) = close {
        let trailing: Vec<String> = (c + 1..t.len()).map(|k| t.kw(k)).collect();
        let only_sqlite_options = !trailing.is_empty()
            && (c + 1..t.len()).all(|k| {
                matches!(t.kw(k).as_str(), "STRICT" | "WITHOUT" | "ROWID")
                    || t.tok(k) == Some(&Token::Comma)
            });
        if only_sqlite_options {
            if trailing.iter().any(|w| w == "STRICT") {
                options.push("STRICT".to_string());
            }
            if trailing.iter().any(|w| w == "WITHOUT") {
                options.push("WITHOUT ROWID".to_string());
            }
            if let (Some(a), Some(b)) = (t.end(c), t.end(t.len().saturating_sub(1))) {
                cut.push(a..b);
            }
        }
    }
    if cut.is_empty() {
        return false;
    }
    let mut text = String::with_capacity(sql.len());
    let mut pos = 0;
    for r in &cut {
        text.push_str(sql.get(pos..r.start).unwrap_or(""));
        pos = r.end;
    }
    text.push_str(sql.get(pos..).unwrap_or(""));
    reparse(cx, &text, |ops| {
        for op in ops {
            if let Op::CreateTable(ct) = op {
                for c in &mut ct.columns {
                    if not_null.contains(&c.column.name) {
                        c.column.nullable = false;
                    }
                }
                ct.options.extend(options.iter().cloned());
            }
        }
    })
}

/// `ALTER TABLE` with at least one clause sqlparser rejects: each comma-separated clause is
/// lowered on its own, through sqlparser where it can and by hand where it cannot.
fn alter_table_clauses(cx: &mut Cx, sql: &str, t: &Toks) -> bool {
    let d = cx.dialect;
    let mut i = 2;
    if t.is(i, &["IF", "EXISTS"]) {
        i += 2;
    }
    if t.kw(i) == "ONLY" {
        i += 1;
    }
    let name_start = i;
    let Some(table) = t.qname(&mut i, d) else {
        return false;
    };
    let (Some(ns), Some(ne)) = (t.start(name_start), t.end(i.saturating_sub(1))) else {
        return false;
    };
    let Some(name_text) = sql.get(ns..ne) else {
        return false;
    };
    let mut clauses = Vec::new();
    let mut depth = 0i32;
    let mut start = i;
    for k in i..t.len() {
        match t.tok(k) {
            Some(Token::LParen) => depth += 1,
            Some(Token::RParen) => depth -= 1,
            Some(Token::Comma) if depth == 0 => {
                clauses.push(start..k);
                start = k + 1;
            }
            _ => {}
        }
    }
    clauses.push(start..t.len());
    for c in clauses {
        if c.is_empty() {
            continue;
        }
        let (Some(a), Some(b)) = (t.start(c.start), t.end(c.end - 1)) else {
            continue;
        };
        let Some(clause_text) = sql.get(a..b) else {
            continue;
        };
        let single = format!("ALTER TABLE {name_text} {clause_text}");
        if reparse(cx, &single, |_| {}) {
            continue;
        }
        if alter_column_collate(cx, sql, &table, name_text, t, c.clone())
            || alter_clause(cx, &table, t, c.clone(), clause_text)
        {
            continue;
        }
        let head: String = clause_text
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        cx.diags.push(
            Diagnostic::warning(
                "parse-error",
                format!("cannot parse `ALTER TABLE` clause `{head}`"),
            )
            .at(crate::diagnostic::Span::new(
                cx.file,
                cx.base + a,
                cx.base + b,
            ))
            .label("not understood")
            .help("Strata skipped this clause; the schema after it may differ"),
        );
    }
    true
}

/// `ALTER COLUMN c [SET DATA] TYPE t COLLATE x`: sqlparser rejects the collation.
fn alter_column_collate(
    cx: &mut Cx,
    sql: &str,
    table: &QualifiedName,
    name_text: &str,
    t: &Toks,
    c: Range<usize>,
) -> bool {
    if t.kw(c.start) != "ALTER" {
        return false;
    }
    let Some(k) = (c.start..c.end).find(|&k| t.kw(k) == "COLLATE") else {
        return false;
    };
    let Some(collation) = t.ident(k + 1, cx.dialect) else {
        return false;
    };
    let (Some(a), Some(m), Some(n), Some(b)) =
        (t.start(c.start), t.start(k), t.end(k + 1), t.end(c.end - 1))
    else {
        return false;
    };
    let (Some(head), Some(tail)) = (sql.get(a..m), sql.get(n..b)) else {
        return false;
    };
    let text = format!("ALTER TABLE {name_text} {head}{tail}");
    let mut column = None;
    let ok = reparse(cx, &text, |ops| {
        for op in ops.iter() {
            if let Op::AlterColumn { column: col, .. } = op {
                column = Some(col.clone());
            }
        }
    });
    if let (true, Some(column)) = (ok, column) {
        cx.ops.push(Op::AlterColumn {
            table: table.clone(),
            column,
            change: ColumnChange::SetCollation(Some(collation)),
        });
    }
    ok
}

fn alter_clause(cx: &mut Cx, table: &QualifiedName, t: &Toks, c: Range<usize>, text: &str) -> bool {
    let d = cx.dialect;
    let i = c.start;
    let k = t.kw(i);
    let tbl = || table.clone();
    match k.as_str() {
        // PostgreSQL 18 named not-null constraints: `ADD CONSTRAINT n NOT NULL col [NO INHERIT]`.
        "ADD" if t.kw(i + 1) == "CONSTRAINT" && t.is(i + 3, &["NOT", "NULL"]) => {
            let Some(column) = t.ident(i + 5, d) else {
                return false;
            };
            let rest: Vec<String> = (i + 6..c.end).map(|j| t.kw(j)).collect();
            if !(rest.is_empty() || rest == ["NO", "INHERIT"]) {
                return false;
            }
            cx.ops.push(Op::AlterColumn {
                table: tbl(),
                column,
                change: ColumnChange::SetNullable(false),
            });
        }
        "ALTER" if t.kw(i + 1) == "CONSTRAINT" => {
            let Some(name) = t.ident(i + 2, d) else {
                return false;
            };
            let words: Vec<String> = (i + 3..c.end).map(|j| t.kw(j)).collect();
            let not = words.first().map(String::as_str) == Some("NOT");
            let deferred = words
                .windows(2)
                .any(|w| w[0] == "INITIALLY" && w[1] == "DEFERRED");
            let deferrable = if not {
                Deferrable::Not
            } else if deferred {
                Deferrable::InitiallyDeferred
            } else {
                Deferrable::InitiallyImmediate
            };
            cx.ops.push(Op::AlterConstraint {
                table: tbl(),
                name,
                deferrable,
            });
        }
        "ALTER" => {
            let mut j = i + 1;
            if t.kw(j) == "COLUMN" {
                j += 1;
            }
            let Some(column) = t.ident(j, d) else {
                return false;
            };
            j += 1;
            let change = if t.is(j, &["ADD", "GENERATED", "ALWAYS"]) {
                // pg_dump adds `( SEQUENCE NAME ... )`, which sqlparser rejects.
                ColumnChange::SetIdentity(Some(Identity::Always))
            } else if t.is(j, &["ADD", "GENERATED", "BY", "DEFAULT"]) {
                ColumnChange::SetIdentity(Some(Identity::ByDefault))
            } else if t.is(j, &["DROP", "IDENTITY"]) {
                ColumnChange::SetIdentity(None)
            } else if t.is(j, &["DROP", "EXPRESSION"]) {
                ColumnChange::SetGenerated(None)
            } else if t.is(j, &["SET", "GENERATED", "ALWAYS"]) {
                ColumnChange::SetIdentity(Some(Identity::Always))
            } else if t.is(j, &["SET", "GENERATED", "BY", "DEFAULT"]) {
                ColumnChange::SetIdentity(Some(Identity::ByDefault))
            } else if t.is(j, &["SET", "STATISTICS"])
                || t.is(j, &["SET", "STORAGE"])
                || t.is(j, &["SET", "COMPRESSION"])
                || t.kw(j) == "RESTART"
                || (t.kw(j) == "SET" && t.tok(j + 1) == Some(&Token::LParen))
                || t.kw(j) == "RESET"
            {
                cx.no_effect("ALTER COLUMN storage option");
                return true;
            } else {
                return false;
            };
            cx.ops.push(Op::AlterColumn {
                table: tbl(),
                column,
                change,
            });
        }
        "ENGINE" | "DEFAULT" | "CHARSET" | "CHARACTER" | "COLLATE" | "CONVERT" | "ROW_FORMAT"
        | "KEY_BLOCK_SIZE" | "CHECKSUM" | "PACK_KEYS" | "STATS_PERSISTENT"
        | "STATS_AUTO_RECALC" | "AVG_ROW_LENGTH" | "MAX_ROWS" | "MIN_ROWS" | "FORCE" => {
            let options = vec![table_option(text)];
            cx.ops.push(Op::SetTableOptions {
                table: tbl(),
                options,
            });
        }
        "COMMENT" => {
            let mut j = i + 1;
            if t.tok(j) == Some(&Token::Eq) {
                j += 1;
            }
            let comment = match t.tok(j) {
                Some(Token::SingleQuotedString(s) | Token::DoubleQuotedString(s)) => s.clone(),
                _ => return false,
            };
            cx.ops.push(Op::SetTableComment {
                table: tbl(),
                comment: Some(comment),
            });
        }
        "RENAME" if matches!(t.kw(i + 1).as_str(), "INDEX" | "KEY") => {
            let (Some(from), Some(to)) = (t.ident(i + 2, d), t.ident(i + 4, d)) else {
                return false;
            };
            if t.kw(i + 3) != "TO" {
                return false;
            }
            cx.ops.push(Op::RenameIndex {
                table: Some(tbl()),
                from: QualifiedName::new(from),
                to,
            });
        }
        "RENAME" => {
            let mut j = i + 1;
            if matches!(t.kw(j).as_str(), "TO" | "AS") {
                j += 1;
            }
            let Some(to) = t.qname(&mut j, d) else {
                return false;
            };
            cx.ops.push(Op::RenameTable { from: tbl(), to });
        }
        "DROP" if matches!(t.kw(i + 1).as_str(), "KEY" | "INDEX") => {
            let Some(name) = t.ident(i + 2, d) else {
                return false;
            };
            cx.ops.push(Op::DropConstraintOfKind {
                table: tbl(),
                name,
                kind: ConstraintKindTag::Index,
            });
        }
        "DROP" if t.kw(i + 1) == "CHECK" => {
            let Some(name) = t.ident(i + 2, d) else {
                return false;
            };
            cx.ops.push(Op::DropConstraintOfKind {
                table: tbl(),
                name,
                kind: ConstraintKindTag::Check,
            });
        }
        "SET" if t.kw(i + 1) == "SCHEMA" => {
            let Some(schema) = t.ident(i + 2, d) else {
                return false;
            };
            let to = qualified(vec![schema, table.name.clone()], d);
            cx.ops.push(Op::RenameTable { from: tbl(), to });
        }
        "OWNER" => cx.no_effect("ALTER TABLE OWNER TO"),
        "SET"
            if matches!(t.kw(i + 1).as_str(), "WITHOUT" | "TABLESPACE" | "ACCESS")
                || t.tok(i + 1) == Some(&Token::LParen) =>
        {
            cx.no_effect("ALTER TABLE SET storage option")
        }
        "RESET" | "CLUSTER" | "INHERIT" | "NO" => cx.no_effect(format!("ALTER TABLE {k}")),
        // MySQL `DISABLE KEYS` / `ENABLE KEYS` (mysqldump): index maintenance during a load.
        "DISABLE" | "ENABLE" if t.kw(i + 1) == "KEYS" => {
            cx.no_effect(format!("ALTER TABLE {k} KEYS"))
        }
        _ => return false,
    }
    true
}

/// MySQL `PREPARE name FROM @var | 'text'`: the statement text is built at run time and only
/// runs at `EXECUTE`, so its schema effect cannot be followed.
fn mysql_prepare(cx: &mut Cx, t: &Toks) -> bool {
    let d = cx.dialect;
    let Some(name) = t.ident(1, d) else {
        return false;
    };
    if t.kw(2) != "FROM" || t.len() < 4 {
        return false;
    }
    cx.no_effect(format!("PREPARE {name}"));
    cx.diags.push(
        Diagnostic::warning("unsimulated-code", format!("prepared statement `{name}` is not simulated"))
            .at(cx.span())
            .label("dynamic SQL")
            .help("the statement's text is only known when it runs; if it changes the schema, write that change as plain DDL so Strata can follow it"),
    );
    true
}
