//! Live databases: connect, introspect the catalog into a [`strata_core::Schema`], run scripts.
