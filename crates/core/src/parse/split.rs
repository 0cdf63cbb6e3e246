//! Splitting a script into statements at top-level `;`.
//!
//! The split runs on sqlparser's token stream, so `;` inside strings, comments and dollar-quoted
//! bodies never splits. Trigger and routine bodies written as `BEGIN ... END` (SQLite, MySQL) stay
//! whole, and MySQL client `DELIMITER` directives switch the terminator.

use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::dialect::Dialect;
pub(crate) use crate::sql_text::{byte_offset, Locator};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};
use std::ops::Range;

/// Splits `text` into statement byte ranges (relative to `text`), skipping empty statements.
/// `base` is the offset of `text` in file `file`, for diagnostics.
pub fn split(
    text: &str,
    dialect: Dialect,
    file: FileId,
    base: usize,
) -> (Vec<Range<usize>>, Vec<Diagnostic>) {
    let (ranges, _, diags) = split_with_tokens(text, dialect, file, base);
    (ranges, diags)
}

/// Statement tokens kept from the split, so the parser need not tokenize the text a second time.
/// `tokens[i]` belongs to `ranges[i]`; `None` where the split could not keep them (a tokenizer
/// error, MySQL, psql meta-commands, pg_dump data): the parser then reads the text itself.
pub(crate) type StatementTokens = Vec<Option<Vec<TokenWithSpan>>>;

pub(crate) fn split_with_tokens(
    text: &str,
    dialect: Dialect,
    file: FileId,
    base: usize,
) -> (Vec<Range<usize>>, StatementTokens, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let mut kept = Vec::new();
    if dialect == Dialect::Mysql && has_delimiter_directive(text) {
        split_with_delimiters(text, file, base, &mut out, &mut diags);
    } else if dialect == Dialect::Postgres && has_copy_from_stdin(text) {
        split_around_copy_data(text, file, base, &mut out, &mut diags);
    } else {
        // MySQL splits with a tokenizer of its own (see `sql_text::lexer`): its tokens are not
        // the parser's, so only the other dialects keep them.
        let keep = (dialect != Dialect::Mysql).then_some(&mut kept);
        split_tokens_keeping(text, 0, dialect, file, base, &mut out, &mut diags, keep);
    }
    let mut tokens: StatementTokens = vec![None; out.len()];
    for (i, toks) in kept {
        if let Some(slot) = tokens.get_mut(i) {
            *slot = Some(toks);
        }
    }
    (out, tokens, diags)
}

fn is_copy_from_stdin(line: &str) -> bool {
    let l = line.trim();
    l.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("copy "))
        && l.to_ascii_lowercase().ends_with("from stdin;")
}

fn has_copy_from_stdin(text: &str) -> bool {
    text.lines().any(is_copy_from_stdin)
}

/// pg_dump scripts: `COPY t (..) FROM stdin;` is followed by raw rows up to a `\.` line, which
/// are data, not SQL; the statement is split normally and the rows are skipped.
fn split_around_copy_data(
    text: &str,
    file: FileId,
    base: usize,
    out: &mut Vec<Range<usize>>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut segment_start = 0usize;
    let mut pos = 0usize;
    let mut in_data = false;
    for line in text.split_inclusive('\n') {
        let line_end = pos + line.len();
        if in_data {
            if line.trim_end_matches(['\r', '\n']) == "\\." {
                in_data = false;
                segment_start = line_end;
            }
        } else if is_copy_from_stdin(line) {
            if let Some(segment) = text.get(segment_start..line_end) {
                split_tokens(
                    segment,
                    segment_start,
                    Dialect::Postgres,
                    file,
                    base,
                    out,
                    diags,
                );
            }
            in_data = true;
        }
        pos = line_end;
    }
    if !in_data {
        if let Some(segment) = text.get(segment_start..) {
            split_tokens(
                segment,
                segment_start,
                Dialect::Postgres,
                file,
                base,
                out,
                diags,
            );
        }
    }
}

/// Whether a MySQL script has `DELIMITER` lines (a mysql client directive, not SQL).
pub fn has_delimiter_directive(text: &str) -> bool {
    text.lines().any(|l| {
        l.trim_start()
            .get(..10)
            .is_some_and(|w| w.eq_ignore_ascii_case("delimiter "))
    })
}

fn word_upper(t: &Token) -> Option<String> {
    match t {
        Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    }
}

/// Whether the statement starting with these words can hold a `BEGIN ... END` body with `;`s:
/// `CREATE [OR REPLACE] [DEFINER = user] TRIGGER | FUNCTION | PROCEDURE | EVENT`.
fn has_block_body(words: &[String]) -> bool {
    let mut it = words.iter().map(String::as_str);
    if it.next() != Some("CREATE") {
        return false;
    }
    for w in it {
        match w {
            "TRIGGER" | "FUNCTION" | "PROCEDURE" | "EVENT" => return true,
            "TABLE" | "VIEW" | "INDEX" | "SCHEMA" | "TYPE" | "SEQUENCE" | "UNIQUE" | "DATABASE" => {
                return false
            }
            _ => continue,
        }
    }
    false
}

/// Version comments (`/*!40101 SET NAMES utf8 */`) are statements in MySQL dumps.
fn is_significant(t: &Token) -> bool {
    match t {
        Token::Whitespace(Whitespace::MultiLineComment(c)) => c.starts_with('!'),
        Token::Whitespace(_) => false,
        _ => true,
    }
}

fn split_tokens(
    text: &str,
    offset: usize,
    dialect: Dialect,
    file: FileId,
    base: usize,
    out: &mut Vec<Range<usize>>,
    diags: &mut Vec<Diagnostic>,
) {
    split_tokens_keeping(text, offset, dialect, file, base, out, diags, None);
}

/// `keep`: where to put each statement's tokens, by index in `out`.
#[allow(clippy::too_many_arguments)]
fn split_tokens_keeping(
    text: &str,
    offset: usize,
    dialect: Dialect,
    file: FileId,
    base: usize,
    out: &mut Vec<Range<usize>>,
    diags: &mut Vec<Diagnostic>,
    mut keep: Option<&mut Vec<(usize, Vec<TokenWithSpan>)>>,
) {
    let d = crate::sql_text::lexer(dialect);
    let mut tokens: Vec<TokenWithSpan> = Vec::new();
    let result = Tokenizer::new(&*d, text).tokenize_with_location_into_buf(&mut tokens);
    let mut loc = Locator::new(text);

    let mut start: Option<usize> = None;
    let mut last_end = 0usize;
    let mut head: Vec<String> = Vec::new();
    let mut depth: i32 = 0;
    let mut prev_word: Option<String> = None;
    // Whether the statement read so far can hold a `BEGIN ... END` body (see `has_block_body`).
    let mut block = false;
    let mut meta_until: Option<usize> = None;
    // Token index range of the statement being read: first significant token, one past the last.
    let mut first_tok: Option<usize> = None;
    let mut last_tok = 0usize;
    let mut statements: Vec<(usize, Range<usize>)> = Vec::new();
    for (ti, t) in tokens.iter().enumerate() {
        if !is_significant(&t.token) {
            continue;
        }
        let tok_start = loc.offset(t.span.start);
        if let Some(until) = meta_until {
            if tok_start < until {
                continue;
            }
            if let Some(s) = start.take() {
                out.push(offset + s..offset + until);
            }
            meta_until = None;
            head.clear();
        }
        // psql meta-commands (`\connect`, pg_dump's `\restrict`) end at the end of their line.
        if start.is_none() && t.token == Token::Backslash && dialect == Dialect::Postgres {
            let line_end = text
                .get(tok_start..)
                .and_then(|r| r.find('\n'))
                .map(|n| tok_start + n)
                .unwrap_or(text.len());
            let line = text.get(tok_start..line_end).unwrap_or("");
            start = Some(tok_start);
            meta_until = Some(tok_start + line.trim_end().len());
            continue;
        }
        if t.token == Token::SemiColon && depth <= 0 {
            if let Some(s) = start.take() {
                if let Some(f) = first_tok.take() {
                    statements.push((out.len(), f..last_tok));
                }
                out.push(offset + s..offset + last_end);
            }
            first_tok = None;
            head.clear();
            depth = 0;
            prev_word = None;
            continue;
        }
        if start.is_none() {
            start = Some(tok_start);
            first_tok = Some(ti);
        }
        last_tok = ti + 1;
        // Words are only looked at in a statement's first tokens and inside block bodies; most
        // tokens need no upper-cased copy.
        let in_head = head.len() < 12;
        if in_head {
            let word = word_upper(&t.token);
            head.push(word.unwrap_or_else(|| t.token.to_string()));
            block = has_block_body(&head);
        }
        if !block {
            last_end = loc.offset(t.span.end);
            continue;
        }
        let word = word_upper(&t.token);
        {
            match word.as_deref() {
                Some("BEGIN") => depth += 1,
                Some("CASE") if prev_word.as_deref() != Some("END") => depth += 1,
                Some("END") => depth -= 1,
                // `END IF`, `END LOOP` close blocks that were never counted as opened.
                Some("IF" | "LOOP" | "WHILE" | "REPEAT") if prev_word.as_deref() == Some("END") => {
                    depth += 1
                }
                _ => {}
            }
        }
        prev_word = word;
        last_end = loc.offset(t.span.end);
    }

    match result {
        Ok(()) => {
            if let Some(s) = start {
                if let (Some(f), None) = (first_tok, meta_until) {
                    statements.push((out.len(), f..last_tok));
                }
                out.push(offset + s..offset + meta_until.unwrap_or(last_end));
            }
            if let Some(keep) = keep.as_mut() {
                // Statement ranges ascend and do not overlap: move the tokens out in one pass.
                let mut rest = tokens.into_iter().enumerate().peekable();
                for (i, r) in statements {
                    while rest.next_if(|(ti, _)| *ti < r.start).is_some() {}
                    let mut toks = Vec::with_capacity(r.len());
                    while let Some((_, t)) = rest.next_if(|(ti, _)| *ti < r.end) {
                        toks.push(t);
                    }
                    keep.push((i, toks));
                }
            }
        }
        Err(e) => {
            // sqlparser reports where it gave up (often the end of the input); the token that
            // failed starts after the last good one, which is where the user must look.
            let after_last = tokens.last().map(|t| loc.offset(t.span.end)).unwrap_or(0);
            let failed_at = text
                .get(after_last..)
                .map(|r| after_last + (r.len() - r.trim_start().len()))
                .unwrap_or(after_last);
            let at = failed_at.min(loc.offset(e.location)).min(text.len());
            let unterminated = e.message.to_ascii_lowercase().contains("unterminated");
            let code = if unterminated {
                "unterminated-string"
            } else {
                "tokenize-error"
            };
            diags.push(
                Diagnostic::error(code, format!("cannot read this SQL: {}", e.message))
                    .at(Span::new(file, base + offset + at, base + offset + (at + 1).min(text.len())))
                    .label(if unterminated { "never closed" } else { "here" })
                    .help("close the string, quoted identifier or dollar-quoted body; the rest of the file was split at plain `;`"),
            );
            // Keep what follows: the unfinished statement runs from its start into a plain split.
            let rest_from = start.unwrap_or(at).min(at);
            plain_split(text, rest_from, offset, out);
        }
    }
}

/// Split at every `;`: the fallback after the tokenizer gave up, so nothing after is lost.
fn plain_split(text: &str, from: usize, offset: usize, out: &mut Vec<Range<usize>>) {
    let mut s = from;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate().skip(from) {
        if *b == b';' {
            push_trimmed(text, s, i, offset, out);
            s = i + 1;
        }
    }
    push_trimmed(text, s, text.len(), offset, out);
}

fn push_trimmed(text: &str, s: usize, e: usize, offset: usize, out: &mut Vec<Range<usize>>) {
    let Some(piece) = text.get(s..e) else { return };
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(offset + s + lead..offset + s + lead + trimmed.len());
    }
}

/// MySQL client scripts: `DELIMITER //` lines switch the statement terminator until the next
/// `DELIMITER` line. Regions using `;` go through the tokenizer; others split at the delimiter
/// outside quotes and comments.
fn split_with_delimiters(
    text: &str,
    file: FileId,
    base: usize,
    out: &mut Vec<Range<usize>>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut delimiter = ";".to_string();
    let mut region_start = 0usize;
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let is_directive = trimmed
            .get(..10)
            .is_some_and(|w| w.eq_ignore_ascii_case("delimiter "));
        if is_directive {
            flush_region(text, region_start, pos, &delimiter, file, base, out, diags);
            delimiter = trimmed.get(10..).unwrap_or("").trim().to_string();
            if delimiter.is_empty() {
                delimiter = ";".into();
            }
            region_start = pos + line.len();
        }
        pos += line.len();
    }
    flush_region(
        text,
        region_start,
        text.len(),
        &delimiter,
        file,
        base,
        out,
        diags,
    );
}

#[allow(clippy::too_many_arguments)]
fn flush_region(
    text: &str,
    s: usize,
    e: usize,
    delimiter: &str,
    file: FileId,
    base: usize,
    out: &mut Vec<Range<usize>>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(region) = text.get(s..e) else { return };
    if delimiter == ";" {
        split_tokens(region, s, Dialect::Mysql, file, base, out, diags);
        return;
    }
    let bytes = region.as_bytes();
    let delim = delimiter.as_bytes();
    let mut i = 0usize;
    let mut stmt_start = 0usize;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if b == b'\'' || b == b'"' || b == b'`' {
            quote = Some(b);
        } else if b == b'-' && bytes.get(i + 1) == Some(&b'-') || b == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if bytes[i..].starts_with(b"/*") {
            // The mysql client reads no delimiter inside a block comment either.
            i = region
                .get(i + 2..)
                .and_then(|r| r.find("*/"))
                .map_or(bytes.len(), |n| i + 2 + n + 2);
            continue;
        } else if bytes[i..].starts_with(delim) {
            push_trimmed(text, s + stmt_start, s + i, 0, out);
            i += delim.len();
            stmt_start = i;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, s + stmt_start, e, 0, out);
}
