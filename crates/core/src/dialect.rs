//! The SQL dialects Strata simulates and renders, and what each can express ([`SqlDialect`],
//! one implementation per database in `postgres.rs`, `mysql.rs` and `sqlite.rs`).
//!
//! A leaf of the crate: the differ and the renderer both ask these capabilities, so they live
//! below both rather than in `render`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

mod capabilities;
mod mysql;
mod postgres;
mod sqlite;

pub(crate) use capabilities::is_plain_default;
pub use capabilities::{ident, sql_dialect, string_literal, IndexMethodSql, SqlDialect};
pub use mysql::Mysql;
pub use postgres::Postgres;
pub use sqlite::{Sqlite, AUTOINDEX_PREFIX};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Postgres,
    Mysql,
    Sqlite,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }

    /// The sqlparser dialect used to read migration files of this dialect.
    pub fn parser_dialect(self) -> Box<dyn sqlparser::dialect::Dialect> {
        match self {
            Dialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
            Dialect::Mysql => Box::new(sqlparser::dialect::MySqlDialect {}),
            Dialect::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
        }
    }

    /// Whether DDL runs inside transactions (PostgreSQL and SQLite) or commits as it goes (MySQL).
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }
}

/// Which server of the MySQL family a `mysql` set is simulated and rendered for. The dialect
/// stays [`Dialect::Mysql`] for both (one parser, one renderer, one set of naming rules); the
/// flavour is carried beside it (`Project::flavor`, `Schema::flavor`) and consulted only where
/// the servers differ. PostgreSQL and SQLite ignore it.
///
/// The default is MariaDB: it is the server every simulation rule was checked against (MariaDB
/// 10.11 runs beside the tests), so a set that does not say which server it targets gets the
/// behaviour that is verified. MySQL 8 differs only where its manual documents a difference, and
/// each such place cites the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Flavor {
    #[default]
    Mariadb,
    Mysql,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Mariadb => "mariadb",
            Flavor::Mysql => "mysql",
        }
    }
}

/// A dialect as a user names it (`--dialect`, `dialect =` in `strata.toml`): the dialect, and
/// the flavour when the name picks one (`mysql` is MySQL 8, `mariadb` is MariaDB; other names
/// leave it to the default).
pub fn choose_dialect(name: &str) -> Result<(Dialect, Option<Flavor>), String> {
    let dialect = name.parse::<Dialect>()?;
    let flavor = match name.to_ascii_lowercase().as_str() {
        "mysql" => Some(Flavor::Mysql),
        "mariadb" => Some(Flavor::Mariadb),
        _ => None,
    };
    Ok((dialect, flavor))
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
            other => Err(format!(
                "unknown dialect `{other}`: expected postgres, mysql, mariadb or sqlite"
            )),
        }
    }
}
