//! Column names in the MySQL family are not case-sensitive: `FOREIGN KEY (target_id)` names a
//! column declared `target_Id`, and the catalog then lists the column as it was declared ("Column,
//! index, stored routine, and event names are not case-sensitive on any platform", MySQL 8.0
//! Reference Manual, 11.2.3 Identifier Case Sensitivity; MariaDB 10.11 checked in
//! `crates/db/tests/mysql_flavour.rs`). Table names stay case-sensitive (Linux,
//! `lower_case_table_names = 0`).
//!
//! The rule lives here once: [`same`] says whether two names are one column, [`find`] looks a
//! column up, and [`resolve`] rewrites an op so that every column it mentions is spelled as its
//! table has it. The simulator applies the rewritten op, so everything after compares names
//! exactly. PostgreSQL folds unquoted names when they are parsed and compares the rest exactly.

use super::name_index::table_key;
use crate::dialect::Dialect;
use crate::op::{ColumnChange, ColumnDef, ColumnPosition, ConstraintDef, Op};
use crate::schema::{Column, ConstraintKind, DataType, IndexKey, QualifiedName, Schema, Table};

/// Whether `a` and `b` name the same column in `dialect`.
pub(crate) fn same(dialect: Dialect, a: &str, b: &str) -> bool {
    a == b || (dialect == Dialect::Mysql && a.to_lowercase() == b.to_lowercase())
}

/// The column of `table` that `name` designates in `dialect`.
pub(crate) fn find<'t>(table: &'t Table, dialect: Dialect, name: &str) -> Option<&'t Column> {
    table
        .column(name)
        .or_else(|| table.columns.iter().find(|c| same(dialect, &c.name, name)))
}

/// `op` with the columns it mentions spelled as their tables have them, when any is spelled
/// otherwise (MySQL family only); `None` when the op can be applied as it is.
pub(super) fn resolve(schema: &Schema, op: &Op) -> Option<Op> {
    if schema.dialect != Dialect::Mysql {
        return None;
    }
    let mut op = op.clone();
    let mut r = Resolver {
        schema,
        changed: false,
    };
    match &mut op {
        Op::CreateTable(ct) => {
            let own: Vec<String> = ct.columns.iter().map(|c| c.column.name.clone()).collect();
            let own: Vec<&str> = own.iter().map(String::as_str).collect();
            let key = table_key(Dialect::Mysql, &ct.name);
            for c in &mut ct.constraints {
                r.kind(&mut c.kind, &own, &key);
            }
            for cd in &mut ct.columns {
                for c in &mut cd.constraints {
                    r.kind(&mut c.kind, &own, &key);
                }
            }
            for ci in &mut ct.indexes {
                r.index(&mut ci.index.keys, &mut ci.index.include, &own);
            }
        }
        Op::AddColumn { table, column, .. } => {
            let (key, t) = r.table(table)?;
            let own = r.names(t);
            r.column_def(column, &own, &key);
        }
        Op::DropColumn { table, column, .. }
        | Op::RenameColumn {
            table,
            from: column,
            ..
        }
        | Op::SetColumnComment { table, column, .. } => {
            let (_, t) = r.table(table)?;
            let own = r.names(t);
            r.name(column, &own);
        }
        Op::AlterColumn {
            table,
            column,
            change,
        } => {
            let (key, t) = r.table(table)?;
            let own = r.names(t);
            r.name(column, &own);
            if let ColumnChange::Redefine { column: def } = change {
                r.column_def(def, &own, &key);
            }
        }
        Op::AddConstraint { table, constraint } => {
            let (key, t) = r.table(table)?;
            let own = r.names(t);
            r.kind(&mut constraint.kind, &own, &key);
        }
        Op::CreateIndex(ci) => {
            let (_, t) = r.table(&ci.table)?;
            let own = r.names(t);
            r.index(&mut ci.index.keys, &mut ci.index.include, &own);
        }
        _ => return None,
    }
    r.changed.then_some(op)
}

struct Resolver<'s> {
    schema: &'s Schema,
    changed: bool,
}

impl<'s> Resolver<'s> {
    fn table(&self, name: &QualifiedName) -> Option<(QualifiedName, &'s Table)> {
        let key = table_key(Dialect::Mysql, name);
        let t = self.schema.tables.get(&key)?;
        Some((key, t))
    }

    fn names(&self, t: &'s Table) -> Vec<String> {
        t.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// `name` (possibly with an index prefix length, `slug(10)`) spelled as in `own`.
    fn name<S: AsRef<str>>(&mut self, name: &mut String, own: &[S]) {
        let (base, suffix) = name.split_at(name.find('(').unwrap_or(name.len()));
        if own.iter().any(|c| c.as_ref() == base) {
            return;
        }
        if let Some(c) = own.iter().find(|c| same(Dialect::Mysql, c.as_ref(), base)) {
            *name = format!("{}{suffix}", c.as_ref());
            self.changed = true;
        }
    }

    /// The columns an expression mentions, spelled as in `own` (MariaDB stores a CHECK with
    /// the declared spelling: `CHECK (C > 0)` on `c` reads back as `` `c` > 0 ``).
    fn expr<S: AsRef<str>>(&mut self, text: &mut String, own: &[S]) {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for id in crate::sql_text::idents(text, Dialect::Mysql) {
            if id.call || own.iter().any(|c| c.as_ref() == id.value) {
                continue;
            }
            let Some(c) = own
                .iter()
                .find(|c| same(Dialect::Mysql, c.as_ref(), &id.value))
            else {
                continue;
            };
            out.push_str(text.get(last..id.span.start).unwrap_or_default());
            match id.quote {
                Some(q) => out.push_str(&format!("{q}{}{q}", c.as_ref())),
                None => out.push_str(c.as_ref()),
            }
            last = id.span.end;
        }
        if last > 0 {
            out.push_str(text.get(last..).unwrap_or_default());
            *text = out;
            self.changed = true;
        }
    }

    fn kind<S: AsRef<str>>(&mut self, kind: &mut ConstraintKind, own: &[S], key: &QualifiedName) {
        match kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                columns.iter_mut().for_each(|c| self.name(c, own));
            }
            ConstraintKind::ForeignKey(fk) => {
                fk.columns.iter_mut().for_each(|c| self.name(c, own));
                let target = table_key(Dialect::Mysql, &fk.ref_table);
                if target == *key {
                    fk.ref_columns.iter_mut().for_each(|c| self.name(c, own));
                } else if let Some(t) = self.schema.tables.get(&target) {
                    let theirs = self.names(t);
                    fk.ref_columns
                        .iter_mut()
                        .for_each(|c| self.name(c, &theirs));
                }
            }
            ConstraintKind::Check { expr } => self.expr(expr, own),
            ConstraintKind::Exclude { .. } => {}
        }
    }

    fn index<S: AsRef<str>>(&mut self, keys: &mut [IndexKey], include: &mut [String], own: &[S]) {
        for k in keys {
            if let IndexKey::Column { name, .. } = k {
                self.name(name, own);
            }
        }
        include.iter_mut().for_each(|c| self.name(c, own));
    }

    /// A column being added or redefined: its position, and its inline constraints (which may
    /// also name the column itself, as it is being declared).
    fn column_def(&mut self, def: &mut ColumnDef, own: &[String], key: &QualifiedName) {
        if let Some(ColumnPosition::After(after)) = &mut def.position {
            self.name(after, own);
        }
        let mut with_itself = own.to_vec();
        with_itself.push(def.column.name.clone());
        for c in &mut def.constraints {
            self.kind(&mut c.kind, &with_itself, key);
        }
    }
}

/// MariaDB flavour: a `json` column declared by `op` as MariaDB makes it, a LONGTEXT with
/// collation `utf8mb4_bin` (whatever the table's character set) and a column-level
/// `CHECK (json_valid(col))` named after the column ("JSON is an alias for LONGTEXT COLLATE
/// utf8mb4_bin ... a CHECK constraint using JSON_VALID is automatically added", MariaDB
/// Knowledge Base, JSON Data Type). MySQL 8 keeps a native `json` type (MySQL 8.0 Reference
/// Manual, 13.5 The JSON Data Type). `None` when `op` declares no `json` column.
pub(super) fn mariadb_json(schema: &Schema, op: &Op) -> Option<Op> {
    if schema.dialect != Dialect::Mysql || schema.flavor != crate::dialect::Flavor::Mariadb {
        return None;
    }
    let declares = |d: &ColumnDef| d.column.ty == DataType::Json;
    let found = match op {
        Op::CreateTable(ct) => ct.columns.iter().any(declares),
        Op::AddColumn { column, .. } => declares(column),
        Op::AlterColumn {
            change: ColumnChange::Redefine { column },
            ..
        } => declares(column),
        _ => false,
    };
    if !found {
        return None;
    }
    let mut op = op.clone();
    let expand = |d: &mut ColumnDef| {
        if !declares(d) {
            return;
        }
        d.column.ty = DataType::SizedText("longtext".into());
        d.column
            .collation
            .get_or_insert_with(|| "utf8mb4_bin".to_string());
        let expr = crate::normalize::expr(
            &format!("json_valid(`{}`)", d.column.name.replace('`', "``")),
            Dialect::Mysql,
        );
        let mut check = ConstraintDef::new(None, ConstraintKind::Check { expr });
        check.inline = true;
        d.constraints.push(check);
    };
    match &mut op {
        Op::CreateTable(ct) => ct.columns.iter_mut().for_each(expand),
        Op::AddColumn { column, .. } => expand(column),
        Op::AlterColumn {
            change: ColumnChange::Redefine { column },
            ..
        } => expand(column),
        _ => {}
    }
    Some(op)
}

/// MariaDB: the column a CHECK constraint belongs to, when it is a column-level check. MariaDB
/// names a column-level check after its column, and a column-level check cannot be given a name
/// (`a int CONSTRAINT x CHECK (...)` is a syntax error); its catalog says `LEVEL = Column`, and
/// `MODIFY` of the column drops it. This is the guess by name, for what has no record of levels
/// (an introspected table, a `CREATE TABLE` op being rendered): a check named after a column of
/// its table is taken for that column's. [`table_check_column`] uses the record first.
pub(crate) fn check_column<'c>(
    schema: &Schema,
    check: &str,
    mut columns: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    if !has_column_checks(schema) {
        return None;
    }
    columns.find(|c| same(Dialect::Mysql, c, check))
}

/// MariaDB: the column of `table` whose column-level check `check` is: as recorded when the
/// simulator made it ([`crate::schema::Table::column_checks`]), else by name ([`check_column`]).
pub(crate) fn table_check_column<'t>(
    schema: &Schema,
    table: &'t Table,
    check: &str,
) -> Option<&'t str> {
    if !has_column_checks(schema) {
        return None;
    }
    match &table.column_checks.0 {
        Some(known) => {
            let (_, column) = known.iter().find(|(c, _)| same(Dialect::Mysql, c, check))?;
            table
                .columns
                .iter()
                .map(|c| c.name.as_str())
                .find(|c| same(Dialect::Mysql, c, column))
        }
        None => check_column(schema, check, table.columns.iter().map(|c| c.name.as_str())),
    }
}

/// Whether the schema's server has column-level checks (MariaDB).
pub(crate) fn has_column_checks(schema: &Schema) -> bool {
    schema.dialect == Dialect::Mysql && schema.flavor == crate::dialect::Flavor::Mariadb
}

/// The names of the column-level checks of column `column` (see [`own_checks`]): after a
/// `RENAME COLUMN` they are still the old column's name, which only restating the column renews.
pub(crate) fn own_check_names(schema: &Schema, table: &Table, column: &str) -> Vec<String> {
    table
        .constraints
        .iter()
        .filter(|c| matches!(c.kind, ConstraintKind::Check { .. }))
        .filter(|c| {
            table_check_column(schema, table, &c.name)
                .is_some_and(|k| same(Dialect::Mysql, k, column))
        })
        .map(|c| c.name.clone())
        .collect()
}

/// The column-level checks of column `column` (see [`check_column`]), as inline constraints.
pub(crate) fn own_checks(schema: &Schema, table: &Table, column: &str) -> Vec<ConstraintDef> {
    table
        .constraints
        .iter()
        .filter(|c| {
            table_check_column(schema, table, &c.name)
                .is_some_and(|k| same(Dialect::Mysql, k, column))
        })
        .filter_map(|c| match &c.kind {
            ConstraintKind::Check { expr } => {
                let mut def =
                    ConstraintDef::new(None, ConstraintKind::Check { expr: expr.clone() });
                def.inline = true;
                Some(def)
            }
            _ => None,
        })
        .collect()
}
