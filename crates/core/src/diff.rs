//! Differences between two schemas: as [`Op`]s that turn one into the other ([`diff`]), and as a
//! summary for people ([`summarize`], [`render_text`]).
//!
//! Renames are never inferred: by [`diff`], a renamed column is a dropped column and an added
//! one. Guessing would turn a mistaken rename into silent data loss in a generated migration; a
//! drop and an add are at least visible as such in review. Renames come only from the
//! migrations' own ops: [`Renames`] follows them between two revisions
//! (`Project::renames`), and [`diff_with`] / [`summarize_with`] keep a renamed object, with its
//! rows, as a rename followed by its other changes.

use crate::dialect::{ident, sql_dialect, Dialect};
use crate::normalize;
use crate::op::from_schema::{constraint_def, create_index_op, create_table_op};
use crate::op::{
    ColumnChange, ColumnDef, ColumnPosition, ConstraintDef, CreateTable, EnumPosition, Op,
};
use crate::schema::{
    Column, Constraint, ConstraintKind, DataType, Deferrable, EnumType, FkAction, Identity, Index,
    IndexKey, QualifiedName, Schema, Sequence, Table, View,
};
use crate::simulate::columns::{own_check_names, own_checks, table_check_column};
use crate::sql_text;
use serde::Serialize;
use std::collections::BTreeSet;

mod renames;
pub use renames::Renames;

/// Ops grouped by the stage at which they can run; concatenated in field order.
#[derive(Default)]
struct Plan {
    drop_foreign_keys: Vec<Op>,
    drop_views: Vec<Op>,
    drop_keys: Vec<Op>,
    drop_tables: Vec<Op>,
    /// After the tables and views that call them (defaults, checks, triggers go with a table),
    /// before the types in their signatures.
    drop_functions: Vec<Op>,
    drop_types: Vec<Op>,
    create_types: Vec<Op>,
    create_tables: Vec<Op>,
    /// Objects that columns stopped using only in `create_tables` (old sequences, old enum types).
    drop_unused: Vec<Op>,
    own_sequences: Vec<Op>,
    add_keys: Vec<Op>,
    /// MySQL: indexes that go away after their replacements exist, since InnoDB refuses to drop
    /// the index a foreign key uses until another one covers its columns.
    drop_replaced_keys: Vec<Op>,
    add_foreign_keys: Vec<Op>,
    create_views: Vec<Op>,
    late: Vec<Op>,
}

impl Plan {
    fn into_ops(self) -> Vec<Op> {
        [
            self.drop_foreign_keys,
            self.drop_views,
            self.drop_keys,
            self.drop_tables,
            self.drop_functions,
            self.drop_types,
            self.create_types,
            self.create_tables,
            self.drop_unused,
            self.own_sequences,
            self.add_keys,
            self.drop_replaced_keys,
            self.add_foreign_keys,
            self.create_views,
            self.late,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The ops that turn `from` into `to`, in an order that applies cleanly: foreign keys, views and
/// indexes are dropped first, then columns and tables; tables and columns are created before the
/// constraints and indexes on them, foreign keys last. Every name is explicit.
///
/// Where `to.dialect` cannot add constraints to existing tables (SQLite), foreign keys of new
/// tables are declared in their CREATE TABLE instead.
pub fn diff(from: &Schema, to: &Schema) -> Vec<Op> {
    let caps = sql_dialect(to.dialect);
    let alters_constraints = caps.supports_alter_constraints();
    let mut plan = Plan::default();

    for ns in &to.namespaces {
        if !from.namespaces.contains(ns) {
            plan.create_types.push(Op::CreateSchema {
                name: ns.clone(),
                if_not_exists: false,
            });
        }
    }
    for ext in &to.extensions {
        if !from.extensions.contains(ext) {
            plan.create_types.push(Op::CreateExtension {
                name: ext.clone(),
                if_not_exists: false,
            });
        }
    }
    // Tables whose columns change type or go away: PostgreSQL refuses either while a view reads
    // the table, so such views are dropped first and re-created after.
    let mut reshaped: BTreeSet<QualifiedName> = BTreeSet::new();
    diff_enums(from, to, &mut plan, &mut reshaped);
    diff_functions(from, to, &mut plan);
    diff_sequences(from, to, &mut plan);

    // Tables that go away: their foreign keys first, so drop order never matters.
    let dropped: Vec<&Table> = from
        .tables
        .values()
        .filter(|t| !to.tables.contains_key(&t.name))
        .collect();
    if alters_constraints {
        for t in &dropped {
            for c in t.constraints.iter().filter(|c| is_fk(c)) {
                plan.drop_foreign_keys
                    .push(drop_constraint(&t.name, &c.name));
            }
        }
    }
    for t in drop_order(&dropped) {
        plan.drop_tables.push(Op::DropTable {
            name: t.name.clone(),
            if_exists: false,
            cascade: false,
        });
    }

    // Where foreign keys go inside CREATE TABLE, referenced tables are created first (SQLite does
    // not check, but a reader, and Strata's own replay, expect the target to exist).
    let created: Vec<&Table> = to
        .tables
        .values()
        .filter(|t| !from.tables.contains_key(&t.name))
        .collect();
    let mut order: Vec<&Table> = if alters_constraints {
        created
    } else {
        drop_order(&created).into_iter().rev().collect()
    };
    order.extend(
        to.tables
            .values()
            .filter(|t| from.tables.contains_key(&t.name)),
    );
    for t in order {
        match from.tables.get(&t.name) {
            None => {
                let mut ct = create_table_op(t, !alters_constraints);
                for constraint in split_merged_keys(&mut ct, to.dialect) {
                    let table = t.name.clone();
                    plan.add_keys.push(Op::AddConstraint { table, constraint });
                }
                plan.create_tables.push(Op::CreateTable(ct));
                for idx in &t.indexes {
                    plan.add_keys
                        .push(Op::CreateIndex(create_index_op(&t.name, idx)));
                }
                if alters_constraints {
                    for c in t.constraints.iter().filter(|c| is_fk(c)) {
                        plan.add_foreign_keys.push(Op::AddConstraint {
                            table: t.name.clone(),
                            constraint: constraint_def(c),
                        });
                    }
                }
                for tr in &t.triggers {
                    plan.late.push(create_trigger(&t.name, tr));
                }
            }
            Some(old) => {
                if diff_table(old, t, to, &mut plan) {
                    reshaped.insert(t.name.clone());
                }
            }
        }
    }
    reshaped.extend(dropped.iter().map(|t| t.name.clone()));

    diff_views(from, to, &mut plan, &reshaped);

    for ext in &from.extensions {
        if !to.extensions.contains(ext) {
            plan.drop_types.push(Op::DropExtension {
                name: ext.clone(),
                if_exists: false,
            });
        }
    }
    for ns in &from.namespaces {
        if !to.namespaces.contains(ns) {
            plan.drop_types.push(Op::DropSchema {
                name: ns.clone(),
                if_exists: false,
                cascade: false,
            });
        }
    }
    plan.into_ops()
}

/// [`diff`], keeping the objects that `renames` renames: first whatever must go for a renamed
/// object to take its name (an old `t` before `t_old` becomes `t` again), then the renames (in an
/// order that applies; a swap goes through a temporary name), then the diff from the renamed
/// schema to `to`. A rename the dialect cannot express, or that would not apply, is left to the
/// plain diff (a drop and an add).
pub fn diff_with(from: &Schema, to: &Schema, renames: &Renames) -> Vec<Op> {
    if renames.is_empty() {
        return diff(from, to);
    }
    let prepared = renames::prepare(from, renames);
    let mut ops = prepared.clear;
    ops.extend(prepared.renames);
    ops.extend(diff(&prepared.schema, to));
    ops
}

/// The constraint of `table` that stands for `c`: the one of the same name, or, for an unnamed
/// constraint (SQLite keeps CHECK and FOREIGN KEY constraints without names), an unnamed one of
/// the same kind. Matching unnamed constraints by their empty name would pair unrelated ones.
fn counterpart<'a>(table: &'a Table, c: &Constraint) -> Option<&'a Constraint> {
    if c.name.is_empty() {
        table
            .constraints
            .iter()
            .find(|n| n.name.is_empty() && n.kind == c.kind)
    } else {
        table.constraint(&c.name)
    }
}

fn is_fk(c: &Constraint) -> bool {
    matches!(c.kind, ConstraintKind::ForeignKey(_))
}

fn drop_constraint(table: &QualifiedName, name: &str) -> Op {
    Op::DropConstraint {
        table: table.clone(),
        name: name.to_string(),
        if_exists: false,
        cascade: false,
    }
}

fn create_trigger(table: &QualifiedName, tr: &crate::schema::Trigger) -> Op {
    Op::CreateTrigger {
        table: table.clone(),
        name: tr.name.clone(),
        definition: tr.definition.clone(),
        or_replace: false,
        if_not_exists: false,
    }
}

/// Dropped tables, those that reference other dropped tables first (SQLite checks foreign keys
/// when a referenced table is dropped; the others have had their foreign keys dropped already).
fn drop_order<'a>(tables: &[&'a Table]) -> Vec<&'a Table> {
    let mut left: Vec<&Table> = tables.to_vec();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let referenced = |t: &Table, others: &[&Table]| {
            others.iter().any(|o| {
                o.name != t.name
                    && o.constraints
                        .iter()
                        .any(|c| matches!(&c.kind, ConstraintKind::ForeignKey(fk) if fk.ref_table == t.name))
            })
        };
        let pos = left.iter().position(|t| !referenced(t, &left)).unwrap_or(0);
        if pos < left.len() {
            out.push(left.remove(pos));
        } else {
            break;
        }
    }
    out
}

/// Takes out of `ct` the keys its CREATE TABLE would merge into an earlier one on `dialect`
/// (PostgreSQL: a UNIQUE over the primary key's columns, which `ALTER TABLE ... ADD UNIQUE` can
/// make; `simulate::merge_duplicate_keys` is the rule) and returns them, to be added after it.
fn split_merged_keys(ct: &mut CreateTable, dialect: Dialect) -> Vec<ConstraintDef> {
    let declared: Vec<(Option<&str>, ConstraintDef)> =
        ct.constraints.iter().map(|c| (None, c.clone())).collect();
    let kept: Vec<Option<String>> =
        crate::simulate::merge_duplicate_keys(dialect, declared, |_| false)
            .into_iter()
            .map(|(_, c)| c.name)
            .collect();
    let (stay, later) = std::mem::take(&mut ct.constraints)
        .into_iter()
        .partition(|c| kept.contains(&c.name));
    ct.constraints = stay;
    later
}

/// Adds the ops that turn table `old` into `new`; true when a column changes type or is dropped.
fn diff_table(old: &Table, new: &Table, to: &Schema, plan: &mut Plan) -> bool {
    let name = &new.name;
    let alters_constraints = sql_dialect(to.dialect).supports_alter_constraints();
    if alters_constraints {
        drop_old_constraints(old, new, to, plan);
    }
    drop_old_indexes(old, new, to.dialect, plan);
    for tr in &old.triggers {
        if !new.triggers.contains(tr) {
            plan.drop_keys.push(Op::DropTrigger {
                table: Some(name.clone()),
                name: tr.name.clone(),
                if_exists: false,
            });
        }
    }

    let mut reshaped = drop_old_columns(old, new, plan);
    reshaped |= add_and_change_columns(old, new, to, plan);

    if old.comment != new.comment {
        plan.late.push(Op::SetTableComment {
            table: name.clone(),
            comment: new.comment.clone(),
        });
    }
    if old.options != new.options && !new.options.is_empty() {
        plan.late.push(Op::SetTableOptions {
            table: name.clone(),
            options: new.options.clone(),
        });
    }

    if alters_constraints {
        add_new_constraints(old, new, to, plan);
    } else {
        let (early, late) = rebuilt_constraints(old, new);
        plan.drop_foreign_keys.extend(early);
        plan.add_keys.extend(late);
    }
    for idx in &new.indexes {
        if old.indexes.iter().find(|i| i.name == idx.name) != Some(idx) {
            plan.add_keys
                .push(Op::CreateIndex(create_index_op(name, idx)));
        }
    }
    for tr in &new.triggers {
        if !old.triggers.contains(tr) {
            plan.late.push(create_trigger(name, tr));
        }
    }
    reshaped
}

/// The table-level constraints of `old` that `new` changes or no longer has, dropped (or, for a
/// foreign key whose deferrability alone changes, altered). MariaDB: a column-level check is
/// part of its column (see `changed_column`).
fn drop_old_constraints(old: &Table, new: &Table, to: &Schema, plan: &mut Plan) {
    let dialect = to.dialect;
    let name = &new.name;
    for c in old.constraints.iter().filter(|c| !is_own_check(to, old, c)) {
        match counterpart(new, c) {
            Some(n) if n == c => {}
            Some(n) if n.kind == c.kind && is_fk(c) => {
                plan.add_foreign_keys.push(Op::AlterConstraint {
                    table: name.clone(),
                    name: c.name.clone(),
                    deferrable: n.deferrable,
                });
            }
            _ if is_fk(c) => plan.drop_foreign_keys.push(drop_constraint(name, &c.name)),
            None if dialect == Dialect::Mysql
                && !new.indexes.iter().any(|i| i.name == c.name)
                && matches!(&c.kind, ConstraintKind::Unique { columns, .. } if serves_kept_fk(old, new, columns.iter().map(String::as_str)))
                && matches!(&c.kind, ConstraintKind::Unique { columns, .. } if columns.iter().all(|k| new.column(k).is_some())) =>
            {
                plan.drop_replaced_keys.push(drop_constraint(name, &c.name))
            }
            _ => plan.drop_keys.push(drop_constraint(name, &c.name)),
        }
    }
}

/// The indexes of `old` that `new` changes or no longer has, dropped: early, or on MySQL after
/// their replacements when a kept foreign key may need them.
fn drop_old_indexes(old: &Table, new: &Table, dialect: Dialect, plan: &mut Plan) {
    let name = &new.name;
    for idx in &old.indexes {
        let kept = new.indexes.iter().find(|i| i.name == idx.name);
        if kept != Some(idx) {
            let op = Op::DropIndex {
                name: QualifiedName {
                    schema: name.schema.clone(),
                    name: idx.name.clone(),
                },
                table: Some(name.clone()),
                if_exists: false,
            };
            // Only an index whose columns all stay can wait: dropping a column trims its indexes.
            let columns_stay = idx.keys.iter().all(|k| match k {
                IndexKey::Column { name, .. } => new.column(name).is_some(),
                IndexKey::Expr { .. } => false,
            });
            // MySQL names foreign keys apart from indexes; unique keys share the index names.
            let name_free = new.constraint(&idx.name).is_none_or(is_fk);
            let serves = serves_kept_fk(
                old,
                new,
                idx.keys.iter().map(|k| match k {
                    IndexKey::Column { name, .. } => name.as_str(),
                    IndexKey::Expr { .. } => "",
                }),
            );
            if dialect == Dialect::Mysql && kept.is_none() && columns_stay && name_free && serves {
                plan.drop_replaced_keys.push(op);
            } else {
                plan.drop_keys.push(op);
            }
        }
    }
}

/// The columns of `old` that `new` no longer has, dropped; true when there are any.
fn drop_old_columns(old: &Table, new: &Table, plan: &mut Plan) -> bool {
    let name = &new.name;
    let mut dropped = false;
    // Generated columns first, the last declared first (one may read an earlier one): a column
    // cannot be dropped while a generated column still reads it.
    let generated = old.columns.iter().rev().filter(|c| c.generated.is_some());
    let plain = old.columns.iter().filter(|c| c.generated.is_none());
    for col in generated.chain(plain) {
        if new.column(&col.name).is_none() {
            dropped = true;
            plan.drop_tables.push(Op::DropColumn {
                table: name.clone(),
                column: col.name.clone(),
                if_exists: false,
                cascade: false,
            });
        }
    }
    dropped
}

/// The columns `new` adds (placed where MySQL can place them) and the changes to those it keeps;
/// true when a kept column changes type.
fn add_and_change_columns(old: &Table, new: &Table, to: &Schema, plan: &mut Plan) -> bool {
    let name = &new.name;
    let mut retyped = false;
    let mut previous: Option<&str> = None;
    let appended_from = new
        .columns
        .iter()
        .rposition(|c| old.column(&c.name).is_some())
        .map_or(0, |i| i + 1);
    for (i, col) in new.columns.iter().enumerate() {
        match old.column(&col.name) {
            None => {
                let mut def = ColumnDef::new(col.clone());
                def.constraints = own_checks(to, new, &col.name);
                // Only MySQL can place a column; elsewhere it is appended (order differs then).
                if i < appended_from {
                    def.position = Some(match previous {
                        Some(p) => ColumnPosition::After(p.to_string()),
                        None => ColumnPosition::First,
                    });
                }
                plan.create_tables.push(Op::AddColumn {
                    table: name.clone(),
                    column: def,
                    if_not_exists: false,
                });
            }
            Some(o) if o != col || checks_differ(to, (old, o), (new, col)) => {
                retyped |= o.ty != col.ty;
                for change in changed_column(o, col, (old, new), to) {
                    // An identity's sequence takes the `<table>_<column>_seq` name: drop it before
                    // a serial sequence of that name is created, add it after an old one is gone.
                    let phase = match &change {
                        ColumnChange::SetIdentity(None) => &mut plan.drop_keys,
                        ColumnChange::SetIdentity(Some(_)) => &mut plan.own_sequences,
                        _ => &mut plan.create_tables,
                    };
                    phase.push(Op::AlterColumn {
                        table: name.clone(),
                        column: col.name.clone(),
                        change,
                    });
                }
            }
            Some(_) => {}
        }
        previous = Some(&col.name);
    }
    retyped
}

/// The table-level constraints `new` adds or changes (a changed one was dropped by
/// `drop_old_constraints`); foreign keys after every key they may reference.
fn add_new_constraints(old: &Table, new: &Table, to: &Schema, plan: &mut Plan) {
    let name = &new.name;
    for c in new.constraints.iter().filter(|c| !is_own_check(to, new, c)) {
        let same_kind =
            counterpart(old, c).is_some_and(|o| o.kind == c.kind && (is_fk(c) || o == c));
        if !same_kind {
            let op = Op::AddConstraint {
                table: name.clone(),
                constraint: constraint_def(c),
            };
            if is_fk(c) {
                plan.add_foreign_keys.push(op);
            } else {
                plan.add_keys.push(op);
            }
        }
    }
}

/// Where a constraint changes only by rebuilding its table (SQLite): the ops in two runs, each
/// one rebuild. The first, before tables and columns go, removes constraints (a foreign key to a
/// dropped table must be gone first); the second, after columns are added, adds the new ones.
/// Unnamed constraints, which no op can name one by one, are dropped together (a drop of the
/// empty name) and those that stay are added back in the same run, so the table never loses a
/// key that other tables' foreign keys need.
fn rebuilt_constraints(old: &Table, new: &Table) -> (Vec<Op>, Vec<Op>) {
    let name = &new.name;
    let add = |c: &Constraint| Op::AddConstraint {
        table: name.clone(),
        constraint: constraint_def(c),
    };
    let mut early: Vec<Op> = old
        .constraints
        .iter()
        .filter(|c| !c.name.is_empty() && new.constraint(&c.name) != Some(*c))
        .map(|c| drop_constraint(name, &c.name))
        .collect();
    let unnamed_removed = old
        .constraints
        .iter()
        .filter(|c| c.name.is_empty())
        .any(|c| counterpart(new, c) != Some(c));
    if unnamed_removed {
        early.push(drop_constraint(name, ""));
        early.extend(
            old.constraints
                .iter()
                .filter(|c| c.name.is_empty() && counterpart(new, c) == Some(*c))
                .map(add),
        );
    }
    let late = new
        .constraints
        .iter()
        .filter(|c| {
            if c.name.is_empty() {
                counterpart(old, c) != Some(*c)
            } else {
                old.constraint(&c.name) != Some(*c)
            }
        })
        .map(add)
        .collect();
    (early, late)
}

/// Whether `c` is a MariaDB column-level check of `t`: part of its column, added, changed and
/// dropped only by restating the column.
fn is_own_check(to: &Schema, t: &Table, c: &Constraint) -> bool {
    matches!(c.kind, ConstraintKind::Check { .. }) && table_check_column(to, t, &c.name).is_some()
}

/// MariaDB: whether column `o`'s own checks differ from `col`'s, in what they check or in their
/// names (a check keeps its old column's name after `RENAME COLUMN` until the column is restated).
fn checks_differ(to: &Schema, (old, o): (&Table, &Column), (new, col): (&Table, &Column)) -> bool {
    own_checks(to, old, &o.name) != own_checks(to, new, &col.name)
        || own_check_names(to, old, &o.name) != own_check_names(to, new, &col.name)
}

/// The changes that turn column `o` of table `old` into `col` of `new`. A MariaDB column's own
/// checks change only by restating the column (`MODIFY`), which replaces them: a restatement
/// carries the new table's checks of the column.
fn changed_column(
    o: &Column,
    col: &Column,
    (old, new): (&Table, &Table),
    to: &Schema,
) -> Vec<ColumnChange> {
    let mut changes = column_changes(o, col, to.dialect);
    let checks = own_checks(to, new, &col.name);
    let redefines = |ch: &ColumnChange| matches!(ch, ColumnChange::Redefine { .. });
    if checks_differ(to, (old, o), (new, col)) && !changes.iter().any(redefines) {
        changes = vec![ColumnChange::Redefine {
            column: Box::new(ColumnDef::new(col.clone())),
        }];
    }
    for change in &mut changes {
        if let ColumnChange::Redefine { column: def } = change {
            def.constraints.clone_from(&checks);
        }
    }
    changes
}

/// The changes that turn column `old` into `new`, ordered so each step is valid on its own: an
/// old default goes before a type change (it might not cast), a new default before NOT NULL, NOT
/// NULL before an identity is added.
fn column_changes(old: &Column, new: &Column, dialect: Dialect) -> Vec<ColumnChange> {
    if old.auto_increment != new.auto_increment || old.on_update != new.on_update {
        // No single change for AUTO_INCREMENT or ON UPDATE: MySQL restates the column anyway.
        return vec![ColumnChange::Redefine {
            column: Box::new(ColumnDef::new(new.clone())),
        }];
    }
    let mut v = Vec::new();
    let default_changes = old.default != new.default;
    if default_changes && old.default.is_some() && (new.default.is_none() || old.ty != new.ty) {
        v.push(ColumnChange::SetDefault(None));
    }
    if old.generated.is_some() && old.generated != new.generated {
        v.push(ColumnChange::SetGenerated(new.generated.clone()));
    }
    if old.ty != new.ty {
        v.push(ColumnChange::SetType {
            ty: new.ty.clone(),
            using: conversion(old, new, dialect),
        });
    }
    // PostgreSQL resets the collation on a type change: say it again.
    let retyped = old.ty != new.ty && dialect == Dialect::Postgres && new.collation.is_some();
    if old.collation != new.collation || retyped {
        v.push(ColumnChange::SetCollation(new.collation.clone()));
    }
    if old.generated.is_none() && new.generated.is_some() {
        v.push(ColumnChange::SetGenerated(new.generated.clone()));
    }
    // A new default goes before NOT NULL, the order a person writes it in (rows inserted between
    // the two statements get it); an identity column refuses a default until it stops being one.
    let set_default = default_changes && new.default.is_some();
    let default_first = set_default && old.identity.is_none();
    if default_first {
        v.push(ColumnChange::SetDefault(new.default.clone()));
    }
    if old.nullable && !new.nullable {
        v.push(ColumnChange::SetNullable(false));
    }
    if old.identity != new.identity {
        v.push(ColumnChange::SetIdentity(new.identity));
    }
    if !old.nullable && new.nullable {
        v.push(ColumnChange::SetNullable(true));
    }
    if set_default && !default_first {
        v.push(ColumnChange::SetDefault(new.default.clone()));
    }
    if old.comment != new.comment {
        v.push(ColumnChange::SetComment(new.comment.clone()));
    }
    v
}

/// PostgreSQL's `USING` expression for a type change across families (text to integer, integer
/// to boolean), where it has no implicit cast and would reject the bare `ALTER COLUMN ... TYPE`.
/// Booleans convert to and from numbers through `integer` (the only such cast); types with no
/// cast between them go through their text form, which every type has.
fn conversion(old: &Column, new: &Column, dialect: Dialect) -> Option<String> {
    #[derive(PartialEq, Clone, Copy)]
    enum Family {
        Number,
        Text,
        Boolean,
        Other,
    }
    fn family(ty: &DataType) -> Family {
        match ty {
            ty if normalize::is_numeric_type(ty) => Family::Number,
            ty if normalize::is_string_type(ty) => Family::Text,
            DataType::Boolean => Family::Boolean,
            _ => Family::Other,
        }
    }
    let (from, to) = (family(&old.ty), family(&new.ty));
    if dialect != Dialect::Postgres || (from == to && from != Family::Other) {
        return None;
    }
    let column = ident(sql_dialect(dialect), &new.name);
    let target = normalize::type_name(&new.ty, dialect);
    let via = match (from, to) {
        (Family::Boolean, Family::Number) | (Family::Number, Family::Boolean) => "::integer",
        (Family::Other, _) | (_, Family::Other) => "::text",
        _ => "",
    };
    Some(format!("{column}{via}::{target}"))
}

fn diff_enums(from: &Schema, to: &Schema, plan: &mut Plan, reshaped: &mut BTreeSet<QualifiedName>) {
    for e in to.enums.values() {
        match from.enums.get(&e.name) {
            None => plan.create_types.push(Op::CreateEnum {
                ty: e.clone(),
                if_not_exists: false,
            }),
            Some(old) if old == e => {}
            Some(old) if is_subsequence(&old.values, &e.values) => {
                for (i, v) in e.values.iter().enumerate() {
                    if old.values.contains(v) {
                        continue;
                    }
                    let next_old = e.values.iter().skip(i + 1).find(|n| old.values.contains(n));
                    let position = match next_old {
                        Some(n) => EnumPosition::Before(n.clone()),
                        None => EnumPosition::End,
                    };
                    plan.create_types.push(Op::AddEnumValue {
                        name: e.name.clone(),
                        value: v.clone(),
                        position,
                        if_not_exists: false,
                    });
                }
            }
            Some(_) => recreate_enum(from, to, e, plan, reshaped),
        }
    }
    for e in from.enums.values() {
        if !to.enums.contains_key(&e.name) {
            plan.drop_types.push(Op::DropType {
                name: e.name.clone(),
                if_exists: false,
                cascade: false,
            });
        }
    }
}

/// Values removed or reordered: PostgreSQL can only re-create the type. Columns that keep using
/// it move over through text: the old type is renamed aside, the new one created, each column
/// converted (its default dropped around the conversion, as it is typed), the old type dropped.
fn recreate_enum(
    from: &Schema,
    to: &Schema,
    e: &EnumType,
    plan: &mut Plan,
    reshaped: &mut BTreeSet<QualifiedName>,
) {
    let ty = DataType::Named(e.name.to_string());
    let users: Vec<(&Table, &Column, &Column)> = from
        .tables
        .values()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter_map(|(t, c)| {
            let now = to.tables.get(&t.name)?.column(&c.name)?;
            (c.ty == ty && now.ty == ty).then_some((t, c, now))
        })
        .collect();
    if users.is_empty() {
        plan.drop_types.push(Op::DropType {
            name: e.name.clone(),
            if_exists: false,
            cascade: false,
        });
        plan.create_types.push(Op::CreateEnum {
            ty: e.clone(),
            if_not_exists: false,
        });
        return;
    }
    let aside = QualifiedName {
        schema: e.name.schema.clone(),
        name: format!("{}_strata_old", e.name.name),
    };
    plan.create_types.push(Op::RenameType {
        from: e.name.clone(),
        to: aside.clone(),
    });
    plan.create_types.push(Op::CreateEnum {
        ty: e.clone(),
        if_not_exists: false,
    });
    let caps = sql_dialect(to.dialect);
    let type_sql = ident(caps, &e.name.name);
    let type_sql = match &e.name.schema {
        Some(s) => format!("{}.{type_sql}", ident(caps, s)),
        None => type_sql,
    };
    for (table, old, new) in users {
        reshaped.insert(table.name.clone());
        rebuild_readers(table, to.tables.get(&table.name), &old.name, plan);
        let alter = |change| Op::AlterColumn {
            table: table.name.clone(),
            column: old.name.clone(),
            change,
        };
        if old.default.is_some() {
            plan.create_tables
                .push(alter(ColumnChange::SetDefault(None)));
        }
        let using = format!("{}::text::{type_sql}", ident(caps, &old.name));
        plan.create_tables.push(alter(ColumnChange::SetType {
            ty: ty.clone(),
            using: Some(using),
        }));
        if old.default.is_some() && old.default == new.default {
            plan.create_tables
                .push(alter(ColumnChange::SetDefault(new.default.clone())));
        }
    }
    plan.drop_unused.push(Op::DropType {
        name: aside,
        if_exists: false,
        cascade: false,
    });
}

/// MySQL: whether a key on `columns` may be what a foreign key kept from `old` to `new` uses
/// (its columns lead the key), so that InnoDB refuses to drop it before another key covers them.
/// A key no kept foreign key needs is dropped early: one InnoDB generated for a foreign key is
/// dropped silently when a covering key is added, even after that foreign key is gone.
fn serves_kept_fk<'a>(old: &Table, new: &Table, columns: impl Iterator<Item = &'a str>) -> bool {
    let columns: Vec<&str> = columns.collect();
    new.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::ForeignKey(fk) => {
            old.constraints.contains(c)
                && fk.columns.len() <= columns.len()
                && fk.columns.iter().zip(&columns).all(|(a, b)| a == b)
        }
        _ => false,
    })
}

/// Partial indexes, expression indexes and CHECK constraints of `old` that read `column` and
/// stay as they are in `new`: PostgreSQL refuses to change the column's type while they hold
/// constants of the old type (`operator does not exist: t = t_strata_old`), so they are dropped
/// before and created again after. Those that change are dropped and created by `diff_table`.
fn rebuild_readers(old: &Table, new: Option<&Table>, column: &str, plan: &mut Plan) {
    let Some(new) = new else {
        return;
    };
    let name = &old.name;
    for idx in old.indexes.iter().filter(|i| new.indexes.contains(i)) {
        let reads =
            idx.predicate
                .as_deref()
                .is_some_and(|p| sql_text::mentions(p, column, Dialect::Postgres))
                || idx.keys.iter().any(
                    |k| matches!(k, IndexKey::Expr { expr, .. } if sql_text::mentions(expr, column, Dialect::Postgres)),
                );
        if reads {
            plan.drop_keys.push(Op::DropIndex {
                name: QualifiedName {
                    schema: name.schema.clone(),
                    name: idx.name.clone(),
                },
                table: Some(name.clone()),
                if_exists: false,
            });
            plan.add_keys
                .push(Op::CreateIndex(create_index_op(name, idx)));
        }
    }
    for c in old
        .constraints
        .iter()
        .filter(|c| new.constraints.contains(c))
    {
        if matches!(&c.kind, ConstraintKind::Check { expr } if sql_text::mentions(expr, column, Dialect::Postgres))
        {
            plan.drop_keys.push(drop_constraint(name, &c.name));
            plan.add_keys.push(Op::AddConstraint {
                table: name.clone(),
                constraint: constraint_def(c),
            });
        }
    }
}

fn is_subsequence(short: &[String], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|s| it.any(|l| l == s))
}

/// A function whose statement changed but whose signature and result did not is replaced in
/// place on PostgreSQL (`CREATE OR REPLACE`): dropping it would fail while triggers use it.
fn replaced_in_place(
    old: &crate::schema::Function,
    new: &crate::schema::Function,
    dialect: Dialect,
) -> bool {
    dialect == Dialect::Postgres && old.returns == new.returns && !new.definition.trim().is_empty()
}

fn diff_functions(from: &Schema, to: &Schema, plan: &mut Plan) {
    for (key, f) in &from.functions {
        let new = to.functions.get(key);
        if new.is_some_and(|n| n != f && replaced_in_place(f, n, to.dialect)) {
            continue;
        }
        if new != Some(f) {
            plan.drop_functions.push(Op::DropFunction {
                name: f.name.clone(),
                args: Some(f.args.clone()),
                if_exists: false,
                cascade: false,
            });
        }
    }
    for (key, f) in &to.functions {
        let old = from.functions.get(key);
        if old != Some(f) {
            plan.create_types.push(Op::CreateFunction {
                name: f.name.clone(),
                args: f.args.clone(),
                returns: f.returns.clone(),
                or_replace: old.is_some_and(|o| replaced_in_place(o, f, to.dialect)),
                definition: f.definition.clone(),
            });
        }
    }
}

/// The column that owns a sequence, when it exists in `schema`.
fn owner_column<'a>(schema: &'a Schema, seq: &Sequence) -> Option<&'a Column> {
    let (table, column) = seq.owned_by.as_ref()?;
    schema.tables.get(table)?.column(column)
}

fn diff_sequences(from: &Schema, to: &Schema, plan: &mut Plan) {
    for s in to.sequences.values() {
        let old = from.sequences.get(&s.name);
        // An identity column creates (and owns) its own sequence.
        if owner_column(to, s).is_some_and(|c| c.identity.is_some()) {
            continue;
        }
        match old {
            None => {
                let mut bare = s.clone();
                bare.owned_by = None;
                plan.create_types.push(Op::CreateSequence {
                    seq: bare,
                    if_not_exists: false,
                });
                if let Some(owner) = &s.owned_by {
                    plan.own_sequences.push(Op::AlterSequence {
                        name: s.name.clone(),
                        owned_by: Some(Some(owner.clone())),
                        start: None,
                        increment: None,
                    });
                }
            }
            Some(o) if o == s => {}
            Some(o) => {
                let owned_by = (o.owned_by != s.owned_by).then(|| s.owned_by.clone());
                let start = (o.start != s.start).then_some(s.start).flatten();
                let increment = (o.increment != s.increment)
                    .then_some(s.increment)
                    .flatten();
                plan.own_sequences.push(Op::AlterSequence {
                    name: s.name.clone(),
                    owned_by,
                    start,
                    increment,
                });
            }
        }
    }
    for s in from.sequences.values() {
        if to.sequences.contains_key(&s.name) {
            continue;
        }
        // Dropping the owning column or table (or its identity) drops the sequence with it.
        let owner_goes = s.owned_by.as_ref().is_some_and(|(t, c)| {
            owner_column(from, s).is_some_and(|col| col.identity.is_some())
                || to
                    .tables
                    .get(t)
                    .is_none_or(|table| table.column(c).is_none())
        });
        if !owner_goes {
            // After the column changes: a default may still call nextval() on it until then.
            plan.drop_unused.push(Op::DropSequence {
                name: s.name.clone(),
                if_exists: false,
                cascade: false,
            });
        }
    }
}

/// Views in an order where each comes after the views its query mentions (name order otherwise;
/// a cycle, which no database allows, falls back to name order).
fn view_order<'a>(views: &[&'a View], dialect: Dialect) -> Vec<&'a View> {
    let mut left: Vec<&View> = views.to_vec();
    let mut out: Vec<&View> = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left.iter().position(|v| {
            !left.iter().any(|o| {
                o.name != v.name && crate::sql_text::mentions(&v.query, &o.name.name, dialect)
            })
        });
        out.push(left.remove(ready.unwrap_or(0)));
    }
    out
}

/// A query's text with case (outside string literals), whitespace runs and a final `;` folded:
/// view queries are kept as written, and parsers and databases reformat them.
fn query_key(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut in_string = false;
    let mut space = false;
    for c in query.trim().trim_end_matches(';').trim_end().chars() {
        if c == '\'' {
            in_string = !in_string;
        }
        if !in_string && c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(if in_string { c } else { c.to_ascii_lowercase() });
    }
    out
}

/// Views equal up to the formatting of their query.
fn same_view(a: &View, b: &View) -> bool {
    a.name == b.name
        && a.materialized == b.materialized
        // Empty: not determined (a view over `SELECT *`, or a schema built by hand).
        && (a.columns == b.columns || a.columns.is_empty() || b.columns.is_empty())
        && query_key(&a.query) == query_key(&b.query)
}

fn diff_views(from: &Schema, to: &Schema, plan: &mut Plan, reshaped: &BTreeSet<QualifiedName>) {
    let unchanged =
        |v: &View, other: &Schema| other.views.get(&v.name).is_some_and(|o| same_view(o, v));
    let reads = |v: &View, name: &QualifiedName| {
        crate::sql_text::mentions(&v.query, &name.name, from.dialect)
    };
    // Changed views, views over reshaped tables, and (transitively) views over those.
    let mut gone: BTreeSet<&QualifiedName> = from
        .views
        .values()
        .filter(|v| !unchanged(v, to) || reshaped.iter().any(|t| reads(v, t)))
        .map(|v| &v.name)
        .collect();
    loop {
        let more: Vec<&QualifiedName> = from
            .views
            .values()
            .filter(|v| !gone.contains(&v.name) && gone.iter().any(|g| reads(v, g)))
            .map(|v| &v.name)
            .collect();
        if more.is_empty() {
            break;
        }
        gone.extend(more);
    }
    let dropped: Vec<&View> = from
        .views
        .values()
        .filter(|v| gone.contains(&v.name))
        .collect();
    for v in view_order(&dropped, from.dialect).into_iter().rev() {
        plan.drop_views.push(Op::DropView {
            name: v.name.clone(),
            if_exists: false,
            materialized: v.materialized,
            cascade: false,
        });
    }
    let new: Vec<&View> = to
        .views
        .values()
        .filter(|v| !unchanged(v, from) || gone.contains(&v.name))
        .collect();
    for v in view_order(&new, to.dialect) {
        plan.create_views.push(Op::CreateView {
            view: v.clone(),
            or_replace: false,
            if_not_exists: false,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Human summary

/// A schema object that differs between two schemas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub object: ObjectKind,
    /// Qualified name (`app.users`), or `name(args)` for a function.
    pub name: String,
    pub action: Action,
    /// For a renamed object, its name in the older schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// What changed inside it; for an added table, its columns, constraints and indexes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Detail>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Schema,
    Extension,
    Enum,
    Sequence,
    Function,
    Table,
    View,
}

impl ObjectKind {
    pub fn name(self) -> &'static str {
        match self {
            ObjectKind::Schema => "schema",
            ObjectKind::Extension => "extension",
            ObjectKind::Enum => "enum",
            ObjectKind::Sequence => "sequence",
            ObjectKind::Function => "function",
            ObjectKind::Table => "table",
            ObjectKind::View => "view",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Added,
    Dropped,
    Changed,
    /// Renamed by the migrations (and maybe changed too); `before` holds the old name.
    Renamed,
}

impl Action {
    fn sign(self) -> char {
        match self {
            Action::Added => '+',
            Action::Dropped => '-',
            Action::Changed | Action::Renamed => '~',
        }
    }
}

/// One difference inside a changed object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    pub part: Part,
    /// The part's name (column, constraint, index, enum value); empty for the object itself.
    pub name: String,
    pub action: Action,
    /// For a change: which property (`type`, `nullable`, `default`, `query`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect: Option<String>,
    /// The old definition or value, readable SQL-ish text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The new definition or value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Column,
    Constraint,
    Index,
    Trigger,
    Comment,
    Options,
    Value,
    Query,
    Property,
}

impl Part {
    /// The word the text report puts before the part's name (none for a property).
    pub fn name(self) -> &'static str {
        match self {
            Part::Column => "column",
            Part::Constraint => "constraint",
            Part::Index => "index",
            Part::Trigger => "trigger",
            Part::Comment => "comment",
            Part::Options => "options",
            Part::Value => "value",
            Part::Query => "query",
            Part::Property => "",
        }
    }
}

fn added(part: Part, name: &str, after: Option<String>) -> Detail {
    Detail {
        part,
        name: name.to_string(),
        action: Action::Added,
        aspect: None,
        before: None,
        after,
    }
}

fn dropped(part: Part, name: &str) -> Detail {
    Detail {
        part,
        name: name.to_string(),
        action: Action::Dropped,
        aspect: None,
        before: None,
        after: None,
    }
}

fn changed(part: Part, name: &str, aspect: &str, before: String, after: String) -> Detail {
    Detail {
        part,
        name: name.to_string(),
        action: Action::Changed,
        aspect: Some(aspect.to_string()),
        before: Some(before),
        after: Some(after),
    }
}

/// [`summarize`] with the renames of `renames` (see [`diff_with`]): a renamed object is one
/// change with action [`Action::Renamed`] and `renamed_from` set, listing its other changes; a
/// renamed column, constraint, index or enum value is a [`Detail`] with action `Renamed` and the
/// old name in `before`.
pub fn summarize_with(from: &Schema, to: &Schema, renames: &Renames) -> Vec<Change> {
    if renames.is_empty() {
        return summarize(from, to);
    }
    let prepared = renames::prepare(from, renames);
    // Objects that went for a renamed one to take their name (none, usually).
    let mut out = if prepared.clear.is_empty() {
        Vec::new()
    } else {
        summarize(from, &prepared.base)
    };
    out.extend(summarize(&prepared.schema, to));
    for op in &prepared.kept {
        mark_rename(&mut out, op);
    }
    out.sort_by(|a, b| (a.object, &a.name).cmp(&(b.object, &b.name)));
    out
}

/// Records one rename in a summary.
fn mark_rename(out: &mut Vec<Change>, op: &Op) {
    let (kind, owner, part, old, new) = match op {
        Op::RenameTable { from, to } => (
            ObjectKind::Table,
            to.to_string(),
            None,
            from.to_string(),
            String::new(),
        ),
        Op::RenameView { from, to } => (
            ObjectKind::View,
            to.to_string(),
            None,
            from.to_string(),
            String::new(),
        ),
        Op::RenameType { from, to } => (
            ObjectKind::Enum,
            to.to_string(),
            None,
            from.to_string(),
            String::new(),
        ),
        Op::RenameSequence { from, to } => {
            let to = QualifiedName {
                schema: from.schema.clone(),
                name: to.clone(),
            };
            (
                ObjectKind::Sequence,
                to.to_string(),
                None,
                from.to_string(),
                String::new(),
            )
        }
        Op::RenameColumn { table, from, to } => (
            ObjectKind::Table,
            table.to_string(),
            Some(Part::Column),
            from.clone(),
            to.clone(),
        ),
        Op::RenameConstraint { table, from, to } => (
            ObjectKind::Table,
            table.to_string(),
            Some(Part::Constraint),
            from.clone(),
            to.clone(),
        ),
        Op::RenameIndex {
            table: Some(table),
            from,
            to,
        } => (
            ObjectKind::Table,
            table.to_string(),
            Some(Part::Index),
            from.name.clone(),
            to.clone(),
        ),
        Op::RenameEnumValue { name, from, to } => (
            ObjectKind::Enum,
            name.to_string(),
            Some(Part::Value),
            from.clone(),
            to.clone(),
        ),
        _ => return,
    };
    // A dropped object of the same name is another one (the old `t` before `t_old` becomes `t`).
    let i = match out
        .iter()
        .position(|c| c.object == kind && c.name == owner && c.action != Action::Dropped)
    {
        Some(i) => i,
        None => {
            out.push(Change {
                object: kind,
                name: owner,
                action: Action::Changed,
                renamed_from: None,
                details: Vec::new(),
            });
            out.len() - 1
        }
    };
    let Some(change) = out.get_mut(i) else {
        return;
    };
    match part {
        None => {
            change.action = Action::Renamed;
            change.renamed_from = Some(old);
        }
        Some(part) => {
            let at = change
                .details
                .iter()
                .take_while(|d| d.action == Action::Renamed)
                .count();
            change.details.insert(
                at,
                Detail {
                    part,
                    name: new.clone(),
                    action: Action::Renamed,
                    aspect: None,
                    before: Some(old),
                    after: Some(new),
                },
            );
        }
    }
}

/// What differs between `from` and `to`, object by object, for people (`strata diff --format
/// text`, or JSON through serde). Ordered by kind of object, then name.
pub fn summarize(from: &Schema, to: &Schema) -> Vec<Change> {
    let mut out = Vec::new();
    summarize_namespaces(from, to, &mut out);
    summarize_enums(from, to, &mut out);
    summarize_sequences(from, to, &mut out);
    summarize_functions(from, to, &mut out);
    summarize_tables(from, to, &mut out);
    summarize_views(from, to, &mut out);
    out.sort_by(|a, b| (a.object, &a.name).cmp(&(b.object, &b.name)));
    out
}

/// A change to a whole object, not renamed.
fn object_change(object: ObjectKind, name: String, action: Action, details: Vec<Detail>) -> Change {
    Change {
        object,
        name,
        action,
        renamed_from: None,
        details,
    }
}

/// Schemas (namespaces) and extensions added or dropped.
fn summarize_namespaces(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    for ns in to
        .namespaces
        .iter()
        .filter(|n| !from.namespaces.contains(n))
    {
        out.push(object_change(
            ObjectKind::Schema,
            ns.clone(),
            Action::Added,
            vec![],
        ));
    }
    for ns in from
        .namespaces
        .iter()
        .filter(|n| !to.namespaces.contains(n))
    {
        out.push(object_change(
            ObjectKind::Schema,
            ns.clone(),
            Action::Dropped,
            vec![],
        ));
    }
    for e in to
        .extensions
        .iter()
        .filter(|n| !from.extensions.contains(n))
    {
        out.push(object_change(
            ObjectKind::Extension,
            e.clone(),
            Action::Added,
            vec![],
        ));
    }
    for e in from
        .extensions
        .iter()
        .filter(|n| !to.extensions.contains(n))
    {
        out.push(object_change(
            ObjectKind::Extension,
            e.clone(),
            Action::Dropped,
            vec![],
        ));
    }
}

/// Enum types: values added or dropped, or their order changed.
fn summarize_enums(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    pairs(&from.enums, &to.enums, |name, old, new| {
        let details = match (old, new) {
            (None, Some(e)) => vec![added(Part::Value, "", Some(enum_values(e)))],
            (Some(o), Some(n)) => {
                let mut d: Vec<Detail> = n
                    .values
                    .iter()
                    .filter(|v| !o.values.contains(v))
                    .map(|v| added(Part::Value, v, None))
                    .collect();
                d.extend(
                    o.values
                        .iter()
                        .filter(|v| !n.values.contains(v))
                        .map(|v| dropped(Part::Value, v)),
                );
                if d.is_empty() {
                    d.push(changed(
                        Part::Value,
                        "",
                        "order",
                        enum_values(o),
                        enum_values(n),
                    ));
                }
                d
            }
            _ => vec![],
        };
        out.push(object_change(
            ObjectKind::Enum,
            name.to_string(),
            action_of(old, new),
            details,
        ));
    });
}

/// Sequences and the properties that changed.
fn summarize_sequences(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    let dialect = to.dialect;
    pairs(&from.sequences, &to.sequences, |name, old, new| {
        let mut details = Vec::new();
        if let (Some(o), Some(n)) = (old, new) {
            let show = |v: Option<i64>| v.map_or_else(|| "default".to_string(), |v| v.to_string());
            if o.start != n.start {
                details.push(changed(
                    Part::Property,
                    "start",
                    "start",
                    show(o.start),
                    show(n.start),
                ));
            }
            if o.increment != n.increment {
                details.push(changed(
                    Part::Property,
                    "increment",
                    "increment",
                    show(o.increment),
                    show(n.increment),
                ));
            }
            if o.owned_by != n.owned_by {
                let owner = |s: &Sequence| {
                    s.owned_by
                        .as_ref()
                        .map_or_else(|| "none".to_string(), |(t, c)| format!("{t}.{c}"))
                };
                details.push(changed(
                    Part::Property,
                    "owned by",
                    "owned_by",
                    owner(o),
                    owner(n),
                ));
            }
            if o.data_type != n.data_type {
                let ty = |s: &Sequence| {
                    s.data_type.as_ref().map_or_else(
                        || "default".to_string(),
                        |t| normalize::type_name(t, dialect),
                    )
                };
                details.push(changed(Part::Property, "type", "type", ty(o), ty(n)));
            }
        }
        out.push(object_change(
            ObjectKind::Sequence,
            name.to_string(),
            action_of(old, new),
            details,
        ));
    });
}

/// Functions added, dropped, or returning something else.
fn summarize_functions(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    for (key, f) in &to.functions {
        match from.functions.get(key) {
            None => out.push(object_change(
                ObjectKind::Function,
                key.clone(),
                Action::Added,
                vec![],
            )),
            Some(o) if o != f => {
                let r = |f: &crate::schema::Function| {
                    f.returns.clone().unwrap_or_else(|| "nothing".into())
                };
                out.push(object_change(
                    ObjectKind::Function,
                    key.clone(),
                    Action::Changed,
                    vec![changed(Part::Property, "returns", "returns", r(o), r(f))],
                ));
            }
            Some(_) => {}
        }
    }
    for key in from
        .functions
        .keys()
        .filter(|k| !to.functions.contains_key(*k))
    {
        out.push(object_change(
            ObjectKind::Function,
            key.clone(),
            Action::Dropped,
            vec![],
        ));
    }
}

/// Tables, with their columns, constraints, indexes and triggers.
fn summarize_tables(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    let dialect = to.dialect;
    pairs(&from.tables, &to.tables, |name, old, new| {
        let details = match (old, new) {
            (None, Some(t)) => table_contents(t, dialect),
            (Some(o), Some(n)) => table_details(o, n, dialect),
            _ => vec![],
        };
        // Tables that differ only in the order of their constraints or indexes look the same.
        if old.is_some() && new.is_some() && details.is_empty() {
            return;
        }
        out.push(object_change(
            ObjectKind::Table,
            name.to_string(),
            action_of(old, new),
            details,
        ));
    });
}

/// Views whose query (up to formatting) or kind changed.
fn summarize_views(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    pairs(&from.views, &to.views, |name, old, new| {
        if let (Some(o), Some(n)) = (old, new) {
            if same_view(o, n) {
                return;
            }
        }
        let mut details = Vec::new();
        if let (Some(o), Some(n)) = (old, new) {
            if query_key(&o.query) != query_key(&n.query) {
                details.push(changed(
                    Part::Query,
                    "",
                    "query",
                    o.query.trim().to_string(),
                    n.query.trim().to_string(),
                ));
            }
            if o.materialized != n.materialized {
                let m = |v: &View| {
                    if v.materialized {
                        "materialized"
                    } else {
                        "plain"
                    }
                    .to_string()
                };
                details.push(changed(Part::Property, "kind", "materialized", m(o), m(n)));
            }
        }
        out.push(object_change(
            ObjectKind::View,
            name.to_string(),
            action_of(old, new),
            details,
        ));
    });
}

fn action_of<T>(old: Option<&T>, new: Option<&T>) -> Action {
    match (old, new) {
        (None, _) => Action::Added,
        (_, None) => Action::Dropped,
        _ => Action::Changed,
    }
}

/// Calls `f` for every key whose values differ (or exist on one side only), in key order.
fn pairs<T: PartialEq>(
    from: &std::collections::BTreeMap<QualifiedName, T>,
    to: &std::collections::BTreeMap<QualifiedName, T>,
    mut f: impl FnMut(&QualifiedName, Option<&T>, Option<&T>),
) {
    let keys: BTreeSet<&QualifiedName> = from.keys().chain(to.keys()).collect();
    for k in keys {
        let (o, n) = (from.get(k), to.get(k));
        if o != n {
            f(k, o, n);
        }
    }
}

fn enum_values(e: &EnumType) -> String {
    e.values
        .iter()
        .map(|v| format!("'{}'", v.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text NOT NULL DEFAULT 'active'`.
fn column_summary(c: &Column, dialect: Dialect) -> String {
    let mut s = normalize::type_name(&c.ty, dialect);
    if let Some(coll) = &c.collation {
        s.push_str(&format!(" COLLATE {coll}"));
    }
    if !c.nullable {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    if let Some(i) = c.identity {
        s.push_str(identity_text(Some(i)).as_str());
    }
    if c.auto_increment {
        s.push_str(" AUTO_INCREMENT");
    }
    if let Some(g) = &c.generated {
        s.push_str(&format!(
            " GENERATED ALWAYS AS ({}){}",
            g.expr,
            if g.stored { " STORED" } else { "" }
        ));
    }
    s
}

fn identity_text(i: Option<Identity>) -> String {
    match i {
        Some(Identity::Always) => " GENERATED ALWAYS AS IDENTITY".into(),
        Some(Identity::ByDefault) => " GENERATED BY DEFAULT AS IDENTITY".into(),
        None => String::new(),
    }
}

/// A constraint as one line of SQL-like text (`UNIQUE (email)`, `FOREIGN KEY (...) REFERENCES ...`).
pub fn constraint_summary(c: &Constraint) -> String {
    let mut s = constraint_kind_summary(c);
    match c.deferrable {
        Deferrable::Not => {}
        Deferrable::InitiallyImmediate => s.push_str(" DEFERRABLE"),
        Deferrable::InitiallyDeferred => s.push_str(" DEFERRABLE INITIALLY DEFERRED"),
    }
    s
}

fn constraint_kind_summary(c: &Constraint) -> String {
    let cols = |c: &[String]| c.join(", ");
    match &c.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", cols(columns)),
        ConstraintKind::Unique {
            columns,
            nulls_not_distinct,
        } => {
            format!(
                "UNIQUE{} ({})",
                if *nulls_not_distinct {
                    " NULLS NOT DISTINCT"
                } else {
                    ""
                },
                cols(columns)
            )
        }
        ConstraintKind::Check { expr } => format!("CHECK ({expr})"),
        ConstraintKind::ForeignKey(fk) => {
            let mut s = format!(
                "FOREIGN KEY ({}) REFERENCES {}",
                cols(&fk.columns),
                fk.ref_table
            );
            if !fk.ref_columns.is_empty() {
                s.push_str(&format!(" ({})", cols(&fk.ref_columns)));
            }
            if fk.on_delete != FkAction::NoAction {
                s.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
            }
            if fk.on_update != FkAction::NoAction {
                s.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
            }
            s
        }
        ConstraintKind::Exclude { definition } => format!("EXCLUDE {definition}"),
    }
}

/// An index's keys and options as one line (`UNIQUE (lower(email)) WHERE deleted_at IS NULL`).
pub fn index_summary(i: &Index) -> String {
    let keys: Vec<String> = i
        .keys
        .iter()
        .map(|k| match k {
            IndexKey::Column { name, .. } => format!("{name}{}", k.suffix(|c| c.to_string())),
            IndexKey::Expr { expr, .. } => format!("({expr}){}", k.suffix(|c| c.to_string())),
        })
        .collect();
    let mut s = format!(
        "{}({})",
        if i.unique { "UNIQUE " } else { "" },
        keys.join(", ")
    );
    if let Some(m) = &i.method {
        s.push_str(&format!(" USING {m}"));
    }
    if !i.include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", i.include.join(", ")));
    }
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

fn table_contents(t: &Table, dialect: Dialect) -> Vec<Detail> {
    let mut d: Vec<Detail> = t
        .columns
        .iter()
        .map(|c| added(Part::Column, &c.name, Some(column_summary(c, dialect))))
        .collect();
    d.extend(
        t.constraints
            .iter()
            .map(|c| added(Part::Constraint, &c.name, Some(constraint_summary(c)))),
    );
    d.extend(
        t.indexes
            .iter()
            .map(|i| added(Part::Index, &i.name, Some(index_summary(i)))),
    );
    d.extend(
        t.triggers
            .iter()
            .map(|tr| added(Part::Trigger, &tr.name, None)),
    );
    d
}

fn table_details(old: &Table, new: &Table, dialect: Dialect) -> Vec<Detail> {
    let mut d = Vec::new();
    column_details(old, new, dialect, &mut d);
    constraint_details(old, new, &mut d);
    index_details(old, new, &mut d);
    trigger_details(old, new, &mut d);
    if old.comment != new.comment {
        let t = |v: &Option<String>| {
            v.as_ref()
                .map_or_else(|| "none".to_string(), |v| format!("'{v}'"))
        };
        d.push(changed(
            Part::Comment,
            "",
            "comment",
            t(&old.comment),
            t(&new.comment),
        ));
    }
    if old.options != new.options {
        d.push(changed(
            Part::Options,
            "",
            "options",
            old.options.join(" "),
            new.options.join(" "),
        ));
    }
    d
}

/// Columns dropped, added, or changed in any of their properties.
fn column_details(old: &Table, new: &Table, dialect: Dialect, d: &mut Vec<Detail>) {
    for c in &old.columns {
        if new.column(&c.name).is_none() {
            d.push(dropped(Part::Column, &c.name));
        }
    }
    for c in &new.columns {
        let Some(o) = old.column(&c.name) else {
            d.push(added(
                Part::Column,
                &c.name,
                Some(column_summary(c, dialect)),
            ));
            continue;
        };
        column_property_details(o, c, dialect, d);
    }
}

/// The properties of column `o` that `c` changes, each as one detail.
fn column_property_details(o: &Column, c: &Column, dialect: Dialect, d: &mut Vec<Detail>) {
    let n = &c.name;
    if o.ty != c.ty {
        d.push(changed(
            Part::Column,
            n,
            "type",
            normalize::type_name(&o.ty, dialect),
            normalize::type_name(&c.ty, dialect),
        ));
    }
    if o.nullable != c.nullable {
        let t = |nullable: bool| if nullable { "nullable" } else { "NOT NULL" }.to_string();
        d.push(changed(
            Part::Column,
            n,
            "nullable",
            t(o.nullable),
            t(c.nullable),
        ));
    }
    if o.default != c.default {
        let t = |v: &Option<String>| {
            v.as_ref()
                .map_or_else(|| "no default".to_string(), |v| format!("DEFAULT {v}"))
        };
        d.push(changed(
            Part::Column,
            n,
            "default",
            t(&o.default),
            t(&c.default),
        ));
    }
    if o.identity != c.identity {
        let t = |i| match identity_text(i).trim() {
            "" => "no identity".to_string(),
            s => s.to_string(),
        };
        d.push(changed(
            Part::Column,
            n,
            "identity",
            t(o.identity),
            t(c.identity),
        ));
    }
    if o.auto_increment != c.auto_increment {
        let t = |a: bool| {
            if a {
                "AUTO_INCREMENT"
            } else {
                "no AUTO_INCREMENT"
            }
            .to_string()
        };
        d.push(changed(
            Part::Column,
            n,
            "auto_increment",
            t(o.auto_increment),
            t(c.auto_increment),
        ));
    }
    if o.generated != c.generated {
        let t = |g: &Option<crate::schema::Generated>| {
            g.as_ref().map_or_else(
                || "not generated".to_string(),
                |g| format!("GENERATED ALWAYS AS ({})", g.expr),
            )
        };
        d.push(changed(
            Part::Column,
            n,
            "generated",
            t(&o.generated),
            t(&c.generated),
        ));
    }
    if o.collation != c.collation {
        let t = |v: &Option<String>| {
            v.as_ref().map_or_else(
                || "default collation".to_string(),
                |v| format!("COLLATE {v}"),
            )
        };
        d.push(changed(
            Part::Column,
            n,
            "collation",
            t(&o.collation),
            t(&c.collation),
        ));
    }
    if o.comment != c.comment {
        let t = |v: &Option<String>| {
            v.as_ref()
                .map_or_else(|| "no comment".to_string(), |v| format!("COMMENT '{v}'"))
        };
        d.push(changed(
            Part::Column,
            n,
            "comment",
            t(&o.comment),
            t(&c.comment),
        ));
    }
}

/// Constraints dropped, changed or added; an unnamed one is known by what it says.
fn constraint_details(old: &Table, new: &Table, d: &mut Vec<Detail>) {
    for c in &old.constraints {
        match counterpart(new, c) {
            // An unnamed constraint is known by what it says.
            None if c.name.is_empty() => d.push(dropped(Part::Constraint, &constraint_summary(c))),
            None => d.push(dropped(Part::Constraint, &c.name)),
            Some(n) if n != c => {
                let text = |c: &Constraint| {
                    format!(
                        "{}{}",
                        constraint_summary(c),
                        match c.deferrable {
                            crate::schema::Deferrable::Not => "",
                            crate::schema::Deferrable::InitiallyImmediate => " DEFERRABLE",
                            crate::schema::Deferrable::InitiallyDeferred =>
                                " DEFERRABLE INITIALLY DEFERRED",
                        }
                    )
                };
                d.push(changed(
                    Part::Constraint,
                    &c.name,
                    "definition",
                    text(c),
                    text(n),
                ));
            }
            Some(_) => {}
        }
    }
    for c in &new.constraints {
        if counterpart(old, c).is_none() {
            d.push(added(
                Part::Constraint,
                &c.name,
                Some(constraint_summary(c)),
            ));
        }
    }
}

fn index_details(old: &Table, new: &Table, d: &mut Vec<Detail>) {
    for i in &old.indexes {
        match new.indexes.iter().find(|n| n.name == i.name) {
            None => d.push(dropped(Part::Index, &i.name)),
            Some(n) if n != i => d.push(changed(
                Part::Index,
                &i.name,
                "definition",
                index_summary(i),
                index_summary(n),
            )),
            Some(_) => {}
        }
    }
    for i in &new.indexes {
        if !old.indexes.iter().any(|o| o.name == i.name) {
            d.push(added(Part::Index, &i.name, Some(index_summary(i))));
        }
    }
}

fn trigger_details(old: &Table, new: &Table, d: &mut Vec<Detail>) {
    for tr in &old.triggers {
        match new.triggers.iter().find(|n| n.name == tr.name) {
            None => d.push(dropped(Part::Trigger, &tr.name)),
            Some(n) if n != tr => d.push(changed(
                Part::Trigger,
                &tr.name,
                "definition",
                tr.definition.clone(),
                n.definition.clone(),
            )),
            Some(_) => {}
        }
    }
    for tr in &new.triggers {
        if !old.triggers.iter().any(|o| o.name == tr.name) {
            d.push(added(Part::Trigger, &tr.name, None));
        }
    }
}

/// The summary as text, one line per object and one indented line per detail:
/// ```text
/// + table orders
/// ~ table users
///   + column status text NOT NULL DEFAULT 'active'
///   ~ column age: integer → bigint
/// ```
pub fn render_text(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        match &c.renamed_from {
            Some(old) => s.push_str(&format!(
                "{} {} {old} → {}\n",
                c.action.sign(),
                c.object.name(),
                c.name
            )),
            None => s.push_str(&format!(
                "{} {} {}\n",
                c.action.sign(),
                c.object.name(),
                c.name
            )),
        }
        for d in &c.details {
            s.push_str("  ");
            s.push(d.action.sign());
            let renamed;
            let name = match (d.action, &d.before) {
                (Action::Renamed, Some(old)) => {
                    renamed = format!("{old} → {}", d.name);
                    renamed.as_str()
                }
                _ => d.name.as_str(),
            };
            let mut head = String::new();
            for w in [d.part.name(), name] {
                if !w.is_empty() {
                    head.push(' ');
                    head.push_str(w);
                }
            }
            s.push_str(&head);
            match d.action {
                Action::Added => {
                    if let Some(a) = &d.after {
                        s.push(' ');
                        s.push_str(a);
                    }
                }
                Action::Dropped | Action::Renamed => {}
                Action::Changed => {
                    let before = d.before.as_deref().unwrap_or("");
                    let after = d.after.as_deref().unwrap_or("");
                    s.push_str(&format!(": {before} → {after}"));
                }
            }
            s.push('\n');
        }
    }
    s
}
