//! The names databases generate for unnamed constraints, indexes and sequences.
