//! Strata's core: reads a migration set, builds its revision graph, simulates every revision on
//! an in-memory schema, diffs schemas and renders SQL for PostgreSQL, MySQL/MariaDB and SQLite.
//!
//! Pure by design: no file system, clock, thread, network or database. Inputs are
//! `(path, bytes)`; every stage returns its result together with diagnostics and never panics.

pub mod alembic;
pub mod archive;
pub mod diagnostic;
pub mod diagram;
pub mod dialect;
pub mod diff;
pub mod graph;
pub mod normalize;
pub mod op;
pub mod parse;
pub mod plan;
pub mod project;
pub mod render;
pub mod schema;
pub mod share;
pub mod simulate;
pub mod source;
mod source_pattern;
pub mod sql_text;
pub mod timeline;

pub use diagnostic::{Diagnostic, Severity, Span, Spanned};
pub use dialect::{Dialect, Flavor};
pub use project::{load, Config, Project, Revision};
pub use schema::Schema;
pub use source::{InputFile, Layout};
