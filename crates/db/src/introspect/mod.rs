//! Reading a live database's catalog into a [`Schema`].
//!
//! Conventions shared by the three dialects:
//! - Objects in the default namespace (`public`, the connected MySQL database, SQLite `main`)
//!   have `schema: None`.
//! - Types go through [`normalize::parse_type`], defaults and expressions through
//!   [`normalize::expr`], exactly as the simulator stores them; on PostgreSQL defaults then go
//!   through [`normalize::column_default`] and a table's expressions through
//!   [`normalize::table_exprs`], as the simulator does once it knows the column or table.
//! - Constraints are listed in the closest thing to creation order the catalog keeps
//!   (PostgreSQL: `pg_constraint` oid order, which is creation order until oids wrap; MySQL and
//!   SQLite keep no creation order: primary key first, then the rest by kind and name). Use
//!   [`crate::compare::comparable`] before comparing: it sorts constraints and indexes by name.
//! - A value the catalog does not keep is `None`/empty, never a guess.

mod mysql;
mod postgres;
mod sqlite;

use crate::{Connection, Error};
use strata_core::normalize;
use strata_core::schema::{DataType, FkAction, Schema};
use strata_core::Dialect;

pub async fn introspect(conn: &mut Connection) -> Result<Schema, Error> {
    match conn {
        Connection::Postgres(c) => postgres::introspect(c).await,
        Connection::Mysql(c) => mysql::introspect(c).await,
        Connection::Sqlite(c) => sqlite::introspect(c).await,
    }
}

pub(crate) fn query_error(context: &str) -> impl FnOnce(sqlx::Error) -> Error + '_ {
    move |source| Error::Query {
        context: format!("reading the catalog ({context})"),
        source,
    }
}

pub(crate) fn ty(text: &str, dialect: Dialect) -> DataType {
    normalize::parse_type(text, dialect)
}

pub(crate) fn expr(text: &str, dialect: Dialect) -> String {
    normalize::expr(text, dialect)
}

/// `ON DELETE` / `ON UPDATE` as information_schema and SQLite spell them.
pub(crate) fn fk_action(text: &str) -> FkAction {
    match text.trim().to_ascii_uppercase().as_str() {
        "RESTRICT" => FkAction::Restrict,
        "CASCADE" => FkAction::Cascade,
        "SET NULL" => FkAction::SetNull,
        "SET DEFAULT" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

pub(crate) fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}
