//! Live databases: connect, run migration scripts, and read the catalog back into a
//! [`strata_core::Schema`] so it can be compared with a simulated one.
//!
//! Everything is async (sqlx on tokio); [`block_on`] runs one future on a current-thread runtime
//! for the CLI and tests.
//!
//! Every type, default and expression read from a catalog goes through
//! [`strata_core::normalize`], the same functions the simulator uses, so both sides spell values
//! the same way. [`compare::compare`] then lists what differs.
//!
//! Test servers: [`testdb::TestDb`] creates throwaway databases on
//! `postgres://postgres@127.0.0.1:5432/postgres` and `mysql://root@127.0.0.1:3306/mysql` by
//! default; set `STRATA_TEST_POSTGRES_URL` / `STRATA_TEST_MYSQL_URL` to use other servers. When a
//! server is unreachable the test prints `SKIPPED` and passes, except when the `CI` environment
//! variable is set: then it fails.

pub mod compare;
pub mod introspect;
pub mod script;
pub mod testdb;
pub mod url;

pub use compare::{comparable, compare};
pub use introspect::introspect;
pub use script::execute_script;
pub use url::DatabaseUrl;

use sqlx::Connection as _;
use std::fmt;
use strata_core::Dialect;

/// An open connection to one database.
pub enum Connection {
    Postgres(sqlx::PgConnection),
    Mysql(sqlx::MySqlConnection),
    Sqlite(sqlx::SqliteConnection),
}

impl Connection {
    pub fn dialect(&self) -> Dialect {
        match self {
            Connection::Postgres(_) => Dialect::Postgres,
            Connection::Mysql(_) => Dialect::Mysql,
            Connection::Sqlite(_) => Dialect::Sqlite,
        }
    }

    pub async fn close(self) -> Result<(), Error> {
        let r = match self {
            Connection::Postgres(c) => c.close().await,
            Connection::Mysql(c) => c.close().await,
            Connection::Sqlite(c) => c.close().await,
        };
        r.map_err(|source| Error::Query {
            context: "closing the connection".into(),
            source,
        })
    }
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Connection({})", self.dialect())
    }
}

/// Opens a connection. SQLite files are created when missing.
pub async fn connect(url: &DatabaseUrl) -> Result<Connection, Error> {
    let fail = |source| Error::Connect {
        url: url.redacted(),
        source,
    };
    Ok(match url.dialect {
        Dialect::Postgres => Connection::Postgres(
            sqlx::PgConnection::connect(url.secret())
                .await
                .map_err(fail)?,
        ),
        Dialect::Mysql => {
            use std::str::FromStr;
            // Keep the server's own session settings, as the mysql client and migration tools
            // do: sqlx would otherwise make `||` concatenate and change the time zone, which
            // changes what some migrations mean.
            let options = sqlx::mysql::MySqlConnectOptions::from_str(url.secret())
                .map_err(fail)?
                .pipes_as_concat(false)
                .no_engine_substitution(false)
                .timezone(None);
            Connection::Mysql(
                sqlx::MySqlConnection::connect_with(&options)
                    .await
                    .map_err(fail)?,
            )
        }
        Dialect::Sqlite => {
            use std::str::FromStr;
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(url.secret())
                .map_err(fail)?
                .create_if_missing(true);
            Connection::Sqlite(
                sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .map_err(fail)?,
            )
        }
    })
}

/// Runs `future` to completion on a fresh current-thread runtime. Must not be called from
/// inside another tokio runtime.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(future),
        // Building a current-thread runtime only fails when the OS refuses basic resources.
        Err(e) => panic!("cannot start the tokio runtime: {e}"),
    }
}

#[derive(Debug)]
pub enum Error {
    /// The URL could not be understood (the message shows it redacted).
    Url(String),
    Connect {
        url: String,
        source: sqlx::Error,
    },
    /// Statement number `index` (1-based) of a script failed.
    Statement {
        index: usize,
        line: Option<usize>,
        statement: Option<String>,
        source: sqlx::Error,
    },
    /// A catalog query failed.
    Query {
        context: String,
        source: sqlx::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Url(m) => write!(f, "bad database URL {m}"),
            Error::Connect { url, source } => {
                write!(f, "cannot connect to {url}: {}", describe(source))
            }
            Error::Statement {
                index,
                line,
                statement,
                source,
            } => {
                write!(f, "statement {index}")?;
                if let Some(line) = line {
                    write!(f, " (line {line})")?;
                }
                write!(f, " failed: {}", describe(source))?;
                if let Some(s) = statement {
                    let short: String = s.chars().take(400).collect();
                    let more = if short.len() < s.len() { " ..." } else { "" };
                    write!(f, "\n  {short}{more}")?;
                }
                Ok(())
            }
            Error::Query { context, source } => write!(f, "{context}: {}", describe(source)),
        }
    }
}

/// The server's own message when there is one (sqlx wraps it in "error returned from database").
fn describe(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(d) => d.message().to_string(),
        other => other.to_string(),
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Url(_) => None,
            Error::Connect { source, .. }
            | Error::Statement { source, .. }
            | Error::Query { source, .. } => Some(source),
        }
    }
}
