//! Strata's generative fidelity harness: random valid migration histories ([`gen`]), checked
//! against the real servers ([`check`]), shrunk on failure ([`minimize`]) and written as
//! regression cases under `tests/cases/` ([`case`]); [`run`] is the loop that
//! `cargo xtask fidelity` drives.
//!
//! The generator is pure; only the checker touches databases, through `crates/db` (scratch
//! databases, scripts, introspection, comparison) plus plain row queries of its own ([`rows`]).

pub mod alembic;
pub mod case;
pub mod check;
pub mod cli;
pub mod gen;
pub mod minimize;
pub mod rows;
pub mod run;
