//! SQLite's table rebuild (create the new shape, copy the rows, swap), for the changes its
//! ALTER TABLE cannot make and for Alembic's batch mode.

use super::columns::apply_column_change;
use super::constraints::table_level;
use super::Renderer;
use crate::diagnostic::{Span, Spanned};
use crate::dialect::Dialect;
use crate::op::from_schema::{create_index_op, create_table_op};
use crate::op::{ConstraintDef, Op};
use crate::schema::{Constraint, ConstraintKind, QualifiedName, Table};
use crate::simulate::naming::renumber_autoindexes;

impl Renderer {
    /// Alembic batch mode: on SQLite the table is recreated with every change at once (SQLite
    /// then numbers its autoindexes afresh, as the simulation does); elsewhere each change is
    /// an ordinary statement.
    pub(super) fn rebuild_table(&mut self, table: &QualifiedName, ops: &[Op]) {
        // The rebuild copies rows by column name, following the renames inside it.
        let whole = self.dialect == Dialect::Sqlite
            && self.state.tables.contains_key(table)
            && ops.iter().all(|o| {
                matches!(
                    o,
                    Op::AlterColumn { .. }
                        | Op::AddConstraint { .. }
                        | Op::DropConstraint { .. }
                        | Op::DropConstraintOfKind { .. }
                        | Op::DropPrimaryKey { .. }
                        | Op::AlterConstraint { .. }
                        | Op::AddColumn { .. }
                        | Op::DropColumn { .. }
                        | Op::RenameColumn { .. }
                        | Op::CreateIndex(_)
                        | Op::DropIndex { .. }
                )
            });
        if whole {
            self.rebuild_as(table, ops, true);
        } else {
            self.run(ops);
        }
    }

    /// The table an op changes in a way SQLite's ALTER TABLE cannot, when it must be rebuilt.
    pub(super) fn rebuild_target(&self, op: &Op) -> Option<QualifiedName> {
        if self.d.supports_alter_constraints() {
            return None;
        }
        let table = match op {
            Op::AlterColumn { table, .. }
            | Op::AddConstraint { table, .. }
            | Op::DropConstraint { table, .. }
            | Op::AlterConstraint { table, .. }
            | Op::DropPrimaryKey { table } => table,
            Op::DropConstraintOfKind { table, name, .. } => {
                let is_index = self
                    .state
                    .tables
                    .get(table)
                    .is_some_and(|t| t.indexes.iter().any(|i| &i.name == name));
                if is_index {
                    return None;
                }
                table
            }
            Op::AddColumn { table, column, .. } if self.d.add_column_needs_rebuild(column) => table,
            Op::DropColumn { table, column, .. } => {
                let t = self.state.tables.get(table)?;
                let in_constraint = t
                    .constraints
                    .iter()
                    .any(|c| c.kind.uses_column(column, self.dialect));
                let in_index = t
                    .indexes
                    .iter()
                    .any(|i| i.uses_column(column, self.dialect));
                if !(in_constraint || in_index) {
                    return None;
                }
                table
            }
            _ => return None,
        };
        self.state.tables.contains_key(table).then(|| table.clone())
    }

    /// SQLite's table rebuild (sqlite.org/lang_altertable.html, "other kinds of table schema
    /// changes"): create the new shape, copy the rows, swap, re-create the indexes.
    pub(super) fn rebuild(&mut self, name: &QualifiedName, ops: &[Op]) {
        self.rebuild_as(name, ops, false);
    }

    /// `alembic`: the table as Alembic's batch mode declares it (constraint order, no unnamed
    /// CHECK), so the result is what the simulation of `Op::RebuildTable` gives.
    fn rebuild_as(&mut self, name: &QualifiedName, ops: &[Op], alembic: bool) {
        let Some(old) = self.state.tables.get(name).cloned() else {
            return;
        };
        let mut new = if alembic {
            // Exactly the simulation's table: renames, merged keys, what the recreate leaves out.
            let mut after = self.state.clone();
            let op = Op::RebuildTable {
                table: name.clone(),
                ops: ops.to_vec(),
            };
            crate::simulate::apply(
                &mut after,
                &Spanned::new(Span::default(), op),
                &mut Vec::new(),
            );
            match after.tables.get(name) {
                Some(t) => t.clone(),
                None => return,
            }
        } else {
            let mut new = old.clone();
            for op in ops {
                apply_to_table(&mut new, op, self.dialect);
            }
            new
        };
        renumber_autoindexes(&mut new, self.dialect);
        // Each column of the new table with the old column its rows come from.
        let mut origin: Vec<(String, String)> = old
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.name.clone()))
            .collect();
        for op in ops {
            match op {
                Op::RenameColumn { from, to, .. } => {
                    for (now, _) in origin.iter_mut().filter(|(now, _)| now == from) {
                        now.clone_from(to);
                    }
                }
                Op::DropColumn { column, .. } => origin.retain(|(now, _)| now != column),
                _ => {}
            }
        }
        let temp = QualifiedName {
            schema: None,
            name: format!("_strata_new_{}", name.name),
        };
        let mut ct = create_table_op(&new, true);
        ct.name = temp.clone();
        // SQLite keeps no comments; the model's are left as they are.
        ct.comment = None;
        for c in &mut ct.columns {
            c.column.comment = None;
        }
        let (into, from): (Vec<String>, Vec<String>) = new
            .columns
            .iter()
            .filter(|c| c.generated.is_none())
            .filter_map(|c| {
                let (_, was) = origin.iter().find(|(now, _)| *now == c.name)?;
                old.column(was)
                    .is_some_and(|o| o.generated.is_none())
                    .then(|| (self.id(&c.name), self.id(was)))
            })
            .unzip();
        self.stmt("PRAGMA foreign_keys=OFF");
        self.create_table(&ct);
        if !into.is_empty() {
            let sql = format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                self.q(&temp),
                into.join(", "),
                from.join(", "),
                self.q(name)
            );
            self.stmt(sql);
        }
        let sql = format!("DROP TABLE {}", self.q(name));
        self.stmt(sql);
        // Since SQLite 3.26 a rename re-checks every view and trigger, and those that name the
        // table fail while it is gone; the legacy rename leaves them alone, and they find the
        // table again under its own name.
        self.stmt("PRAGMA legacy_alter_table=ON");
        let sql = format!(
            "ALTER TABLE {} RENAME TO {}",
            self.q(&temp),
            self.id(&name.name)
        );
        self.stmt(sql);
        self.stmt("PRAGMA legacy_alter_table=OFF");
        for idx in &new.indexes {
            self.create_index(&create_index_op(name, idx));
        }
        for t in &new.triggers {
            match self.stored_statement(&t.definition) {
                Some(sql) => self.stmt(sql),
                None => {
                    let what = format!("trigger {} on {name}, dropped with the old table,", t.name);
                    self.note(self.not_verbatim(&what, &t.definition))
                }
            }
        }
        self.stmt("PRAGMA foreign_key_check");
        self.stmt("PRAGMA foreign_keys=ON");
        self.state.tables.insert(name.clone(), new);
    }
}

/// Applies a table-local op to `table` the way the rebuilt table will have it.
fn apply_to_table(table: &mut Table, op: &Op, dialect: Dialect) {
    let to_constraint = |c: &ConstraintDef| Constraint {
        name: c.name.clone().unwrap_or_default(),
        kind: c.kind.clone(),
        deferrable: c.deferrable,
    };
    match op {
        Op::AlterColumn { column, change, .. } => {
            if let Some(c) = table.column_mut(column) {
                apply_column_change(c, change);
            }
        }
        Op::AddConstraint { constraint, .. } => {
            if matches!(constraint.kind, ConstraintKind::PrimaryKey { .. }) {
                table
                    .constraints
                    .retain(|c| !matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
            }
            table.constraints.push(to_constraint(constraint));
        }
        Op::DropConstraint { name, .. } | Op::DropConstraintOfKind { name, .. } => {
            table.constraints.retain(|c| &c.name != name)
        }
        Op::DropPrimaryKey { .. } => table
            .constraints
            .retain(|c| !matches!(c.kind, ConstraintKind::PrimaryKey { .. })),
        // Inside an Alembic batch rebuild: the new table's indexes are created after it.
        Op::CreateIndex(ci) => {
            let mut index = ci.index.clone();
            if let Some(name) = &ci.name {
                index.name.clone_from(name);
            }
            table.indexes.push(index);
        }
        Op::DropIndex { name, .. } => table.indexes.retain(|i| i.name != name.name),
        Op::AlterConstraint {
            name, deferrable, ..
        } => {
            if let Some(c) = table.constraints.iter_mut().find(|c| &c.name == name) {
                c.deferrable = *deferrable;
            }
        }
        Op::AddColumn { column, .. } => {
            table.columns.push(column.column.clone());
            for c in &column.constraints {
                table
                    .constraints
                    .push(to_constraint(&table_level(&column.column.name, c)));
            }
        }
        Op::DropColumn { column, .. } => {
            table.columns.retain(|c| &c.name != column);
            table
                .constraints
                .retain(|c| !c.kind.uses_column(column, dialect));
            table.indexes.retain(|i| !i.uses_column(column, dialect));
        }
        _ => {}
    }
}
