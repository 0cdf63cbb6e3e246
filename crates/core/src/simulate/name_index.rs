//! Keeping `Schema::names` (which index and constraint names each namespace holds) in step with
//! the schema, so that PostgreSQL's and SQLite's namespace-wide name checks are hash lookups.
//!
//! Rather than updating the index at each of the many places that add, drop or rename a
//! constraint or an index, `apply` takes the names of the tables an op can touch out of the index
//! before the op and puts their names back after it. Ops that can reach other tables (drops
//! with CASCADE, dropping a table, an index found by name alone) mark the index invalid, and it
//! is rebuilt before the next op: O(tables) then, O(1) for everything else.

use super::naming;
use crate::dialect::Dialect;
use crate::op::Op;
use crate::schema::{Constraint, ConstraintKind, NameIndex, QualifiedName, Schema, Table};

/// The tables an op can change the index and constraint names of.
pub(super) enum Touch {
    /// None: the op cannot change any index or constraint name.
    Nothing,
    Tables(Vec<QualifiedName>),
    /// Possibly any table.
    All,
}

pub(super) fn touched(op: &Op) -> Touch {
    let one = |t: &QualifiedName| Touch::Tables(vec![t.clone()]);
    match op {
        Op::CreateTable(ct) => one(&ct.name),
        Op::RenameTable { from, to } => Touch::Tables(vec![from.clone(), to.clone()]),
        Op::AddColumn { table, .. }
        | Op::AlterColumn { table, .. }
        | Op::RenameColumn { table, .. }
        | Op::AddConstraint { table, .. }
        | Op::RenameConstraint { table, .. }
        | Op::AlterConstraint { table, .. }
        | Op::DropPrimaryKey { table }
        | Op::DropConstraintOfKind { table, .. } => one(table),
        // Its ops name the table, except a DROP INDEX by name alone, which may reach another.
        Op::RebuildTable { table, ops } => {
            let within = |op: &Op| match op {
                Op::RebuildTable { .. } => false,
                op => match touched(op) {
                    Touch::Nothing => true,
                    Touch::Tables(ts) => ts.iter().all(|t| t == table),
                    Touch::All => false,
                },
            };
            if ops.iter().all(within) {
                one(table)
            } else {
                Touch::All
            }
        }
        Op::DropColumn {
            table,
            cascade: false,
            ..
        }
        | Op::DropConstraint {
            table,
            cascade: false,
            ..
        } => one(table),
        Op::CreateIndex(ci) => one(&ci.table),
        Op::DropIndex { table: Some(t), .. } | Op::RenameIndex { table: Some(t), .. } => one(t),
        Op::SetTableComment { .. }
        | Op::SetTableOptions { .. }
        | Op::SetColumnComment { .. }
        | Op::CreateView { .. }
        | Op::DropView { .. }
        | Op::RenameView { .. }
        | Op::CreateEnum { .. }
        | Op::AddEnumValue { .. }
        | Op::RenameEnumValue { .. }
        | Op::RenameType { .. }
        | Op::CreateOpaqueType { .. }
        | Op::CreateSequence { .. }
        | Op::AlterSequence { .. }
        | Op::RenameSequence { .. }
        | Op::CreateExtension { .. }
        | Op::CreateFunction { .. }
        | Op::DropFunction { .. }
        | Op::RenameFunction { .. }
        | Op::CreateTrigger { .. }
        | Op::DropTrigger { .. }
        | Op::RenameTrigger { .. }
        | Op::CreateSchema { .. }
        | Op::Data { .. }
        | Op::NoEffect { .. }
        | Op::SetForeignKeyChecks { .. } => Touch::Nothing,
        _ => Touch::All,
    }
}

/// The map key of a table name, as `Schema::tables` is keyed: the dialect's default namespace
/// (`public`, `main`) is left out.
pub(crate) fn table_key(dialect: Dialect, name: &QualifiedName) -> QualifiedName {
    let default = match dialect {
        Dialect::Postgres => Some("public"),
        Dialect::Sqlite => Some("main"),
        Dialect::Mysql => None,
    };
    match &name.schema {
        Some(s) if Some(s.as_str()) == default => QualifiedName::new(name.name.clone()),
        _ => name.clone(),
    }
}

/// Whether a constraint's name is also an index's (relation's) name. A SQLite constraint
/// declared with `CONSTRAINT name` keeps that name only in the table's text: its index is
/// still `sqlite_autoindex_*`, so `CREATE INDEX name` is allowed.
pub(super) fn names_relation(dialect: Dialect, c: &Constraint) -> bool {
    matches!(
        c.kind,
        ConstraintKind::PrimaryKey { .. }
            | ConstraintKind::Unique { .. }
            | ConstraintKind::Exclude { .. }
    ) && (dialect != Dialect::Sqlite || naming::parse_sqlite_autoindex(&c.name).is_some())
}

type Counts = std::collections::HashMap<String, std::collections::HashMap<String, u32>>;

/// Adds (`up`) or removes one table's names. Lookups and counts of names already present
/// allocate nothing: this runs for almost every op of a replay.
fn count_table(index: &mut NameIndex, dialect: Dialect, t: &Table, up: bool) {
    let ns = t.name.schema.as_deref().unwrap_or("");
    let bump = |map: &mut Counts, name: &str| {
        if up {
            let names = match map.get_mut(ns) {
                Some(names) => names,
                None => map.entry(ns.to_string()).or_default(),
            };
            match names.get_mut(name) {
                Some(n) => *n += 1,
                None => {
                    names.insert(name.to_string(), 1);
                }
            }
        } else if let Some(names) = map.get_mut(ns) {
            if let Some(n) = names.get_mut(name) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    names.remove(name);
                }
            }
        }
    };
    for i in &t.indexes {
        bump(&mut index.relations, &i.name);
    }
    for c in &t.constraints {
        bump(&mut index.constraints, &c.name);
        if names_relation(dialect, c) {
            bump(&mut index.relations, &c.name);
        }
    }
}

fn holds(map: &Counts, ns: Option<&str>, name: &str) -> bool {
    map.get(ns.unwrap_or(""))
        .is_some_and(|names| names.contains_key(name))
}

pub(super) fn rebuild(schema: &mut Schema) {
    let mut index = NameIndex {
        valid: true,
        ..Default::default()
    };
    for t in schema.tables.values() {
        count_table(&mut index, schema.dialect, t, true);
    }
    schema.names = index;
}

/// Takes the names of `tables` out of (`up == false`) or puts them back into the index.
pub(super) fn count(schema: &mut Schema, tables: &[QualifiedName], up: bool) {
    let mut index = std::mem::take(&mut schema.names);
    let keys: Vec<QualifiedName> = tables
        .iter()
        .map(|n| table_key(schema.dialect, n))
        .collect();
    for key in &keys {
        if let Some(t) = schema.tables.get(key) {
            count_table(&mut index, schema.dialect, t, up);
        }
    }
    index.out = if up { Vec::new() } else { keys };
    schema.names = index;
}

/// `Some(answer)` when the index can answer, `None` when the caller must scan.
pub(super) fn has_relation(schema: &Schema, ns: Option<&str>, name: &str) -> Option<bool> {
    let i = &schema.names;
    let indexed = holds(&i.relations, ns, name);
    i.valid.then(|| {
        indexed
            || out_tables(schema, ns).any(|t| {
                t.indexes.iter().any(|x| x.name == name)
                    || t.constraints
                        .iter()
                        .any(|c| c.name == name && names_relation(schema.dialect, c))
            })
    })
}

pub(super) fn has_constraint(schema: &Schema, ns: Option<&str>, name: &str) -> Option<bool> {
    let i = &schema.names;
    let indexed = holds(&i.constraints, ns, name);
    i.valid.then(|| {
        indexed || out_tables(schema, ns).any(|t| t.constraints.iter().any(|c| c.name == name))
    })
}

/// The tables taken out of the index for the op in progress that live in namespace `ns`.
fn out_tables<'s>(schema: &'s Schema, ns: Option<&'s str>) -> impl Iterator<Item = &'s Table> + 's {
    schema
        .names
        .out
        .iter()
        .filter_map(|k| schema.tables.get(k))
        .filter(move |t| t.name.schema.as_deref() == ns)
}
