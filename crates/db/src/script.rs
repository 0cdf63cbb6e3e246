//! Running whole migration scripts, and finding the statement that failed.
//!
//! MySQL and SQLite scripts go to the server in one piece (MySQL's multi-statement mode,
//! SQLite's prepare loop), so the server's own parser decides where statements end:
//! `BEGIN ... END` trigger bodies need no `DELIMITER`. The driver reports one result per finished
//! statement; counting them tells which statement failed, and [`statements`] maps that count
//! back to the text for the error message.
//!
//! PostgreSQL scripts are split here and sent one statement at a time over the simple-query
//! protocol, as `psql -f` does. Sent whole, a script would run as one implicit transaction, where
//! `CREATE INDEX CONCURRENTLY` and friends are refused; one at a time, each statement commits
//! unless the script opens its own transaction. MySQL scripts with `DELIMITER` directives (a
//! mysql client feature the server does not know) run the same way.
//!
//! Both use the splitter the parser uses (`strata_core::parse::split`), so quotes, comments,
//! dollar quoting and `BEGIN ... END` bodies end where the simulation ends them.

use crate::{Connection, Error};
use futures_util::TryStreamExt;
use sqlx::Either;
use std::ops::Range;
use strata_core::parse::split::{has_delimiter_directive, split};
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
    let statements = statements(sql, dialect);
    if statements.is_empty() {
        // Nothing but whitespace and comments: MariaDB answers "Query was empty" to that.
        return Ok(());
    }
    let text = |r: &Range<usize>| sql.get(r.clone()).unwrap_or("");
    // One at a time, as split here: the number of the statement that failed is its index.
    macro_rules! run_each {
        ($c:expr) => {{
            let mut outcome = Ok(());
            for (k, r) in statements.iter().enumerate() {
                if let Err(e) = sqlx::raw_sql(text(r)).execute(&mut *$c).await {
                    outcome = Err((k, e));
                    break;
                }
            }
            outcome
        }};
    }
    let result: Result<(), (usize, sqlx::Error)> = match conn {
        Connection::Postgres(c) => run_each!(c),
        // `DELIMITER` is a directive of the mysql client, which the server does not know.
        Connection::Mysql(c) if has_delimiter_directive(sql) => run_each!(c),
        Connection::Mysql(c) => run!(&mut *c),
        Connection::Sqlite(c) => run!(&mut *c),
    };
    result.map_err(|(done, source)| {
        let (line, statement) = match statements.get(done) {
            Some(r) => {
                let line = sql.get(..r.start).unwrap_or("").matches('\n').count() + 1;
                (Some(line), Some(text(r).trim().to_string()))
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

/// The byte range of each statement of `sql`, as the parser splits it (without the `;`).
pub fn statements(sql: &str, dialect: Dialect) -> Vec<Range<usize>> {
    split(sql, dialect, 0, 0).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sql: &str, dialect: Dialect) -> String {
        let pieces: Vec<String> = statements(sql, dialect)
            .into_iter()
            .map(|r| format!("[{}]", &sql[r]))
            .collect();
        pieces.join("\n")
    }

    #[test]
    fn splits_plain_statements_around_quotes_and_comments() {
        insta::assert_snapshot!(check("create table a (x int); -- c;\n/* ; */ insert into a values (';');", Dialect::Postgres), @r#"
            [create table a (x int)]
            [insert into a values (';')]
            "#);
        insta::assert_snapshot!(check("select E'a\\';b'; /* x /* ; */ ; */ select 2", Dialect::Postgres), @r#"
            [select E'a\';b']
            [select 2]
            "#);
        insta::assert_snapshot!(check("select 'it''s;'; ;; select \"a;b\"", Dialect::Sqlite), @r#"
            [select 'it''s;']
            [select "a;b"]
            "#);
        insta::assert_snapshot!(check("select 'a\\';b'; # c;\nselect `a;b`", Dialect::Mysql), @r#"
            [select 'a\';b']
            [select `a;b`]
            "#);
    }

    #[test]
    fn keeps_bodies_whole() {
        insta::assert_snapshot!(check(
            "create function f() returns trigger as $body$ begin; return new; end $body$ language plpgsql; select 1",
            Dialect::Postgres,
        ), @r#"
            [create function f() returns trigger as $body$ begin; return new; end $body$ language plpgsql]
            [select 1]
            "#);
        insta::assert_snapshot!(check(
            "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = CASE WHEN 1 THEN 2 END; IF 1 THEN SET @a = 1; END IF; END; DROP TABLE b;",
            Dialect::Mysql,
        ), @r#"
            [CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = CASE WHEN 1 THEN 2 END; IF 1 THEN SET @a = 1; END IF; END]
            [DROP TABLE b]
            "#);
        insta::assert_snapshot!(check(
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; DELETE FROM c; END; CREATE INDEX i ON a(x);",
            Dialect::Sqlite,
        ), @r#"
            [CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; DELETE FROM c; END]
            [CREATE INDEX i ON a(x)]
            "#);
    }
}
