//! Alembic revisions read without Python: a `versions/*.py` file is parsed with
//! rustpython-parser (never executed); its module-level metadata gives the revision graph and its
//! `upgrade()` / `downgrade()` bodies of `op.*` calls are lowered to the same [`Op`]s as SQL.
//!
//! [`Op`]: crate::op::Op

pub mod data;
pub mod eval;
mod fast;
pub mod labels;
pub mod lower;
pub mod module;
pub mod naming;
pub mod project_types;
pub mod revision;
pub mod types;

pub use lower::{lower_function, lower_functions, lower_module, AlembicConfig, Lowered};
pub use module::Module;
pub use project_types::ProjectModules;
pub use revision::{read_revision, read_revision_of, RevisionHeader};
