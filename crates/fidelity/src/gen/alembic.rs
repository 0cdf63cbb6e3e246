//! The Alembic history generator (written below).
use super::{Features, Format, History};
use strata_core::Dialect;

pub fn generate(_seed: u64, dialect: Dialect, _features: &Features) -> History {
    History {
        dialect,
        format: Format::Alembic,
        revisions: Vec::new(),
    }
}

pub fn files(_h: &History) -> Vec<(String, String)> {
    Vec::new()
}
