//! Throwaway databases for tests.
//!
//! Servers: `STRATA_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! and `STRATA_TEST_MYSQL_URL` (default `mysql://root@127.0.0.1:3306/mysql`); the URL names a
//! database to connect to for `CREATE DATABASE`. SQLite uses a file in the temp directory.
//!
//! When a server is unreachable, [`TestDb::create`] prints a loud `SKIPPED` line and returns
//! `None`, unless the `CI` environment variable is set: then it panics, because a CI run that
//! silently skips the database tests proves nothing.

use crate::{connect, DatabaseUrl};
use std::sync::atomic::{AtomicU32, Ordering};
use strata_core::Dialect;

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub const POSTGRES_ENV: &str = "STRATA_TEST_POSTGRES_URL";
pub const MYSQL_ENV: &str = "STRATA_TEST_MYSQL_URL";

/// A uniquely named database that is dropped when this value is dropped.
#[derive(Debug)]
pub struct TestDb {
    pub url: DatabaseUrl,
    admin: Option<DatabaseUrl>,
    dropped: bool,
}

/// The server URL tests use for `dialect` (SQLite has none).
pub fn server_url(dialect: Dialect) -> Option<(String, &'static str)> {
    let (env, default) = match dialect {
        Dialect::Postgres => (POSTGRES_ENV, "postgres://postgres@127.0.0.1:5432/postgres"),
        Dialect::Mysql => (MYSQL_ENV, "mysql://root@127.0.0.1:3306/mysql"),
        Dialect::Sqlite => return None,
    };
    Some((
        std::env::var(env)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| default.to_string()),
        env,
    ))
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("strata_test_{}_{}_{}", std::process::id(), n, t)
}

impl TestDb {
    /// The URL SQLAlchemy needs for this database, with the drivers the test setup installs
    /// (psycopg2, pymysql). Built from the server URL, because `DatabaseUrl` never hands out
    /// its password.
    pub fn sqlalchemy_url(&self) -> String {
        let dialect = self.url.dialect;
        let name = &self.url.database;
        let Some((server, _)) = server_url(dialect) else {
            // SQLite: `sqlite:///` + an absolute path gives the four slashes SQLAlchemy wants.
            return format!("sqlite:///{name}");
        };
        let rest = server.split_once("://").map_or(server.as_str(), |(_, r)| r);
        let authority = rest.split(['/', '?']).next().unwrap_or(rest);
        let driver = match dialect {
            Dialect::Postgres => "postgresql+psycopg2",
            _ => "mysql+pymysql",
        };
        format!("{driver}://{authority}/{name}")
    }

    pub async fn create(dialect: Dialect) -> Option<TestDb> {
        let name = unique_name();
        let Some((server, env)) = server_url(dialect) else {
            let path = std::env::temp_dir().join(format!("{name}.sqlite3"));
            let url = DatabaseUrl::parse(&format!("sqlite:{}", path.display())).ok()?;
            return Some(TestDb {
                url,
                admin: None,
                dropped: false,
            });
        };
        let admin = match DatabaseUrl::parse(&server) {
            Ok(u) => u,
            Err(e) => panic!("{env} is not a usable URL: {e}"),
        };
        let create = match dialect {
            Dialect::Postgres => format!("CREATE DATABASE \"{name}\""),
            _ => format!("CREATE DATABASE `{name}`"),
        };
        let result = async {
            let mut conn = connect(&admin).await?;
            crate::execute_script(&mut conn, &create).await?;
            conn.close().await
        }
        .await;
        match result {
            Ok(()) => Some(TestDb {
                url: admin.with_database(&name),
                admin: Some(admin),
                dropped: false,
            }),
            Err(e) if std::env::var_os("CI").is_some() => {
                panic!("no {dialect} server for the tests: {e}. CI is set, so this is a failure: start the server or set {env}")
            }
            Err(e) => {
                eprintln!("\n*** SKIPPED: no {dialect} server for the tests: {e}. Start it or set {env} to run these tests ***\n");
                None
            }
        }
    }

    /// Drops the database now and reports failures (dropping the value does it silently).
    pub async fn drop_async(mut self) -> Result<(), crate::Error> {
        self.dropped = true;
        drop_database(&self.url, self.admin.as_ref()).await
    }
}

async fn drop_database(url: &DatabaseUrl, admin: Option<&DatabaseUrl>) -> Result<(), crate::Error> {
    let Some(admin) = admin else {
        let _ = std::fs::remove_file(&url.database);
        return Ok(());
    };
    let sql = match url.dialect {
        Dialect::Postgres => format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", url.database),
        _ => format!("DROP DATABASE IF EXISTS `{}`", url.database),
    };
    let mut conn = connect(admin).await?;
    crate::execute_script(&mut conn, &sql).await?;
    conn.close().await
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let (url, admin) = (self.url.clone(), self.admin.clone());
        // Drop may run inside a tokio runtime, which cannot block on another: use a thread.
        let joined =
            std::thread::spawn(move || crate::block_on(drop_database(&url, admin.as_ref()))).join();
        if let Ok(Err(e)) = joined {
            eprintln!("warning: could not drop test database {}: {e}", self.url);
        }
    }
}
