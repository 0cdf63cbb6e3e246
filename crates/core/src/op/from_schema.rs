//! Schema objects as the ops that create them: a table as its CREATE TABLE, a constraint as
//! its definition, an index as its CREATE INDEX.
//!
//! These sit beside the op types, below the simulator, the differ and the renderer, because the
//! differ emits these ops and the renderer prints them (SQLite's table rebuild), and the differ
//! must not depend on the renderer. SQLite's autoindex numbering follows the declaration order
//! chosen here (`simulate::naming::renumber_autoindexes`).

use crate::dialect::AUTOINDEX_PREFIX;
use crate::op::{ColumnDef, ConstraintDef, CreateIndex, CreateTable};
use crate::schema::{Constraint, ConstraintKind, Index, QualifiedName, Table};

/// The number N of a SQLite `sqlite_autoindex_<table>_<N>` name.
pub(crate) fn autoindex_number(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(AUTOINDEX_PREFIX)?;
    let (_, n) = rest.rsplit_once('_')?;
    n.parse().ok()
}

/// The table op that creates `table`: constraints ordered so SQLite regenerates the same
/// autoindex names, foreign keys included only when `with_foreign_keys`.
pub(crate) fn create_table_op(table: &Table, with_foreign_keys: bool) -> CreateTable {
    let constraints: Vec<&Constraint> = declaration_order(&table.constraints)
        .into_iter()
        .filter_map(|i| table.constraints.get(i))
        .filter(|c| with_foreign_keys || !matches!(c.kind, ConstraintKind::ForeignKey(_)))
        .collect();
    CreateTable {
        name: table.name.clone(),
        if_not_exists: false,
        columns: table
            .columns
            .iter()
            .map(|c| ColumnDef::new(c.clone()))
            .collect(),
        constraints: constraints.into_iter().map(constraint_def).collect(),
        indexes: Vec::new(),
        comment: table.comment.clone(),
        options: table.options.clone(),
        as_query: false,
        temporary: false,
    }
}

/// The order to declare `constraints` in so SQLite regenerates their autoindex names: SQLite
/// numbers autoindexes in declaration order, so the constraints named after one take those
/// slots in number order; every other constraint keeps its place.
pub(crate) fn declaration_order(constraints: &[Constraint]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..constraints.len()).collect();
    let slots: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| {
            constraints
                .get(i)
                .is_some_and(|c| autoindex_number(&c.name).is_some())
        })
        .collect();
    let mut numbered = slots.clone();
    numbered.sort_by_key(|&i| constraints.get(i).and_then(|c| autoindex_number(&c.name)));
    for (slot, i) in slots.into_iter().zip(numbered) {
        if let Some(place) = order.get_mut(slot) {
            *place = i;
        }
    }
    order
}

pub(crate) fn constraint_def(c: &Constraint) -> ConstraintDef {
    ConstraintDef {
        name: Some(c.name.clone()),
        kind: c.kind.clone(),
        deferrable: c.deferrable,
        not_valid: false,
        inline: false,
    }
}

pub(crate) fn create_index_op(table: &QualifiedName, index: &Index) -> CreateIndex {
    CreateIndex {
        name: Some(index.name.clone()),
        table: table.clone(),
        if_not_exists: false,
        concurrently: false,
        index: index.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autoindex_numbers() {
        assert_eq!(autoindex_number("sqlite_autoindex_t_2"), Some(2));
        assert_eq!(autoindex_number("sqlite_autoindex_my_t_12"), Some(12));
        assert_eq!(autoindex_number("users_pkey"), None);
    }
}
