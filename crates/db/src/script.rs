//! Running whole migration scripts, and finding the statement that failed.
//!
//! MySQL and SQLite scripts go to the server in one piece (MySQL's multi-statement mode,
//! SQLite's prepare loop), so the server's own parser decides where statements end:
//! `BEGIN ... END` trigger bodies need no `DELIMITER`. The driver reports one result per finished
//! statement; counting them tells which statement failed, and [`statement_starts`] maps that
//! count back to the text for the error message.
//!
//! PostgreSQL scripts are split here (quotes, comments and dollar quoting respected) and sent one
//! statement at a time over the simple-query protocol, as `psql -f` does. Sent whole, a script
//! would run as one implicit transaction, where `CREATE INDEX CONCURRENTLY` and friends are
//! refused; one at a time, each statement commits unless the script opens its own transaction.

use crate::{Connection, Error};
use futures_util::TryStreamExt;
use sqlx::Either;
use strata_core::Dialect;

/// Runs `sql`, a whole script of any number of statements.
///
/// Statements run in autocommit mode unless the script has its own `BEGIN`/`COMMIT`, so the
/// statements before a failing one stay applied (on MySQL even inside a transaction, since DDL
/// commits implicitly). Wrapping a migration in a transaction is the caller's decision.
pub async fn execute_script(conn: &mut Connection, sql: &str) -> Result<(), Error> {
    let dialect = conn.dialect();
    macro_rules! run {
        ($c:expr) => {{
            let mut done = 0usize;
            let mut stream = sqlx::raw_sql(sql).fetch_many($c);
            loop {
                match stream.try_next().await {
                    Ok(Some(Either::Left(_))) => done += 1,
                    Ok(Some(Either::Right(_))) => {}
                    Ok(None) => break Ok(()),
                    Err(e) => break Err((done, e)),
                }
            }
        }};
    }
    let result: Result<(), (usize, sqlx::Error)> = match conn {
        Connection::Postgres(c) => {
            let starts = statement_starts(sql, dialect);
            let mut outcome = Ok(());
            for (k, &start) in starts.iter().enumerate() {
                let end = starts.get(k + 1).copied().unwrap_or(sql.len());
                if let Err(e) = sqlx::raw_sql(&sql[start..end]).execute(&mut *c).await {
                    outcome = Err((k, e));
                    break;
                }
            }
            outcome
        }
        Connection::Mysql(c) => run!(&mut *c),
        Connection::Sqlite(c) => run!(&mut *c),
    };
    result.map_err(|(done, source)| {
        let starts = statement_starts(sql, dialect);
        let (line, statement) = match starts.get(done) {
            Some(&start) => {
                let end = starts.get(done + 1).copied().unwrap_or(sql.len());
                let line = sql[..start].matches('\n').count() + 1;
                (Some(line), Some(sql[start..end].trim().to_string()))
            }
            None => (None, None),
        };
        Error::Statement {
            index: done + 1,
            line,
            statement,
            source,
        }
    })
}

/// Byte offsets where each statement's text begins (after leading whitespace and comments).
///
/// An approximation used only to point at a failing statement: it knows quotes, comments,
/// dollar quoting, and `BEGIN ... END` / `CASE ... END` nesting inside `CREATE TRIGGER`,
/// `FUNCTION` and `PROCEDURE` statements.
pub fn statement_starts(sql: &str, dialect: Dialect) -> Vec<usize> {
    let b = sql.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    let mut start: Option<usize> = None;
    let mut depth = 0usize;
    let mut compound = false;
    let mut word = String::new();
    let mut words_seen = 0usize;
    while i < b.len() {
        let c = b[i];
        // Comments and whitespace do not start a statement.
        if c == b'-' && b.get(i + 1) == Some(&b'-') || c == b'#' && dialect == Dialect::Mysql {
            i = sql[i..].find('\n').map_or(b.len(), |n| i + n + 1);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            // PostgreSQL block comments nest; the others end at the first `*/`.
            let mut nesting = 0usize;
            let mut j = i;
            while j + 1 < b.len() {
                if b[j] == b'/' && b[j + 1] == b'*' {
                    nesting += 1;
                    j += 2;
                } else if b[j] == b'*' && b[j + 1] == b'/' {
                    nesting -= 1;
                    j += 2;
                    if nesting == 0 || dialect != Dialect::Postgres {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            i = if nesting > 0 && dialect == Dialect::Postgres {
                b.len()
            } else {
                j
            };
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if start.is_none() && c != b';' {
            start = Some(i);
            starts.push(i);
            depth = 0;
            compound = false;
            words_seen = 0;
        }
        match c {
            b'\'' | b'"' | b'`' => {
                // MySQL strings and PostgreSQL `E'...'` strings take backslash escapes.
                let escape_prefix = i > 0
                    && matches!(b[i - 1], b'e' | b'E')
                    && (i < 2 || !b[i - 2].is_ascii_alphanumeric());
                let backslash_escapes =
                    dialect == Dialect::Mysql || (dialect == Dialect::Postgres && escape_prefix);
                let mut j = i + 1;
                while j < b.len() {
                    if b[j] == b'\\' && c == b'\'' && backslash_escapes {
                        j += 2;
                        continue;
                    }
                    if b[j] == c {
                        if b.get(j + 1) == Some(&c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
            }
            b'$' if dialect == Dialect::Postgres => {
                let tag_end = sql[i + 1..]
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                    .map(|n| i + 1 + n);
                match tag_end {
                    Some(e) if b[e] == b'$' => {
                        let tag = &sql[i..=e];
                        i = sql[e + 1..]
                            .find(tag)
                            .map_or(b.len(), |n| e + 1 + n + tag.len());
                    }
                    _ => i += 1,
                }
            }
            b';' => {
                if depth == 0 {
                    start = None;
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = sql[i..]
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                    .map_or(b.len(), |n| i + n);
                word.clear();
                word.push_str(&sql[i..end].to_ascii_uppercase());
                words_seen += 1;
                if words_seen <= 6
                    && matches!(
                        word.as_str(),
                        "TRIGGER" | "FUNCTION" | "PROCEDURE" | "EVENT"
                    )
                {
                    compound = true;
                }
                if compound && dialect != Dialect::Postgres {
                    match word.as_str() {
                        "BEGIN" | "CASE" => depth += 1,
                        // `END IF`, `END LOOP`, `END WHILE` close their own block, which opened
                        // with a word this scanner does not count; only a bare END pops.
                        "END" => {
                            let next = sql[end..].trim_start();
                            let closes_other = ["IF", "LOOP", "WHILE", "REPEAT"].iter().any(|w| {
                                next.len() >= w.len() && next[..w.len()].eq_ignore_ascii_case(w)
                            });
                            if !closes_other {
                                depth = depth.saturating_sub(1);
                            }
                        }
                        _ => {}
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sql: &str, dialect: Dialect) -> String {
        let starts = statement_starts(sql, dialect);
        let pieces: Vec<String> = starts
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let e = starts.get(k + 1).copied().unwrap_or(sql.len());
                format!("[{}]", sql[s..e].trim())
            })
            .collect();
        pieces.join("\n")
    }

    #[test]
    fn splits_plain_statements_around_quotes_and_comments() {
        insta::assert_snapshot!(check("create table a (x int); -- c;\n/* ; */ insert into a values (';');", Dialect::Postgres), @r#"
            [create table a (x int); -- c;
            /* ; */]
            [insert into a values (';');]
            "#);
        insta::assert_snapshot!(check("select E'a\\';b'; /* x /* ; */ ; */ select 2", Dialect::Postgres), @r#"
            [select E'a\';b'; /* x /* ; */ ; */]
            [select 2]
            "#);
        insta::assert_snapshot!(check("select 'it''s;'; ;; select \"a;b\"", Dialect::Sqlite), @r#"
            [select 'it''s;'; ;;]
            [select "a;b"]
            "#);
    }

    #[test]
    fn keeps_bodies_whole() {
        insta::assert_snapshot!(check(
            "create function f() returns trigger as $body$ begin; return new; end $body$ language plpgsql; select 1",
            Dialect::Postgres,
        ), @r#"
            [create function f() returns trigger as $body$ begin; return new; end $body$ language plpgsql;]
            [select 1]
            "#);
        insta::assert_snapshot!(check(
            "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = CASE WHEN 1 THEN 2 END; IF 1 THEN SET @a = 1; END IF; END; DROP TABLE b;",
            Dialect::Mysql,
        ), @r#"
            [CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = CASE WHEN 1 THEN 2 END; IF 1 THEN SET @a = 1; END IF; END;]
            [DROP TABLE b;]
            "#);
        insta::assert_snapshot!(check(
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; DELETE FROM c; END; CREATE INDEX i ON a(x);",
            Dialect::Sqlite,
        ), @r#"
            [CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; DELETE FROM c; END;]
            [CREATE INDEX i ON a(x);]
            "#);
    }
}
