//! Applying [`Op`]s to a [`Schema`], the way the database would.
//!
//! Each op either changes the schema as PostgreSQL 15, MariaDB 10.11 or SQLite (per
//! `schema.dialect`) would, or, where the database would reject the statement, leaves the schema
//! as the database leaves it (unchanged: a rejected statement has no effect) and reports an error
//! at the op's span. Generated names follow [`naming`], whose doc lists the verified rules.
//!
//! Modelling choices that introspection must share:
//! - PostgreSQL primary-key, unique and exclusion constraints are [`Constraint`]s; their index is
//!   not repeated in `Table::indexes`, but its name occupies the relation namespace.
//! - MariaDB unique keys (`UNIQUE`, `CREATE UNIQUE INDEX` on plain columns) are `Unique`
//!   constraints, as `information_schema.TABLE_CONSTRAINTS` lists them; other keys are indexes.
//! - MariaDB column-level checks (an inline `CHECK`, the `json_valid` check of a `json`
//!   column) are constraints named after their column when made; which column each belongs to
//!   is recorded beside the table (`Table::column_checks`, never compared), since the name stays
//!   when the column is renamed; a table without the record (introspected) falls back to the
//!   name (`columns::table_check_column`).
//! - MySQL-family column names are matched without regard to case, and an op's names are
//!   spelled as the table has them before it is applied (`columns::resolve`).
//! - SQLite primary-key and unique constraints keep their declared name; unnamed ones are named
//!   after their `sqlite_autoindex_*` index (a rowid `INTEGER PRIMARY KEY` has no index: its
//!   name is empty).
//!
//! [`Constraint`]: crate::schema::Constraint

pub(crate) mod columns;
mod constraint;
mod name_index;

pub(crate) use name_index::table_key;
pub mod naming;
mod objects;
mod table;
pub(crate) use table::merge_duplicate_keys;

use crate::diagnostic::{Diagnostic, Span, Spanned};
use crate::dialect::{Dialect, Flavor};
use crate::op::{ColumnChange, ConstraintDef, Op};
use crate::schema::{Constraint, ConstraintKind, QualifiedName, Schema, Table};

/// Applies one op. What the database would reject is an error diagnostic at the op's span; the
/// schema is then left as the database would leave it (usually unchanged) and replay goes on.
pub fn apply(schema: &mut Schema, op: &Spanned<Op>, diagnostics: &mut Vec<Diagnostic>) {
    use name_index::Touch;
    match name_index::touched(&op.value) {
        Touch::Nothing => apply_op(schema, op, diagnostics),
        Touch::Tables(tables) => {
            if !schema.names.valid {
                name_index::rebuild(schema);
            }
            name_index::count(schema, &tables, false);
            apply_op(schema, op, diagnostics);
            name_index::count(schema, &tables, true);
        }
        Touch::All => {
            apply_op(schema, op, diagnostics);
            schema.names.valid = false;
        }
    }
}

fn apply_op(schema: &mut Schema, op: &Spanned<Op>, diagnostics: &mut Vec<Diagnostic>) {
    let mut cx = Cx {
        span: op.span,
        dialect: schema.dialect,
        flavor: schema.flavor,
        fk_checks: schema.session.fk_checks_off != Some(op.span.file),
        diags: diagnostics,
        creating: None,
        errors: 0,
        rebuilding: false,
    };
    // MySQL column names are case-insensitive: the op is applied with the names it mentions
    // spelled as the tables have them, so every rule after this compares names exactly.
    let resolved = columns::resolve(schema, &op.value);
    let op = resolved.as_ref().unwrap_or(&op.value);
    // MariaDB declares `json` columns its own way.
    let declared = columns::mariadb_json(schema, op);
    dispatch(schema, &mut cx, declared.as_ref().unwrap_or(op));
}

/// Alembic batch mode on SQLite: the table is created anew with the changes and the rows
/// copied, so what SQLite's ALTER TABLE refuses is allowed. Like the rebuild, it applies
/// entirely or not at all. SQLite numbers the new table's autoindexes afresh.
fn rebuild_table(schema: &mut Schema, cx: &mut Cx, table: &QualifiedName, ops: &[Op]) {
    let Some(key) = cx.existing_table(schema, table) else {
        return;
    };
    let before = schema.clone();
    let errors = cx.error_count();
    let rebuilding = std::mem::replace(&mut cx.rebuilding, true);
    // A worklist, not recursion: nested rebuilds are flattened.
    let mut work: Vec<&Op> = ops.iter().rev().collect();
    while let Some(op) = work.pop() {
        match op {
            Op::RebuildTable { ops, .. } => work.extend(ops.iter().rev()),
            op => dispatch(schema, cx, op),
        }
    }
    cx.rebuilding = rebuilding;
    if cx.error_count() > errors {
        *schema = before;
        return;
    }
    let Some(t) = schema.tables.get_mut(&key) else {
        return;
    };
    let unnamed_checks = alembic_recreate(t);
    if !unnamed_checks.is_empty() {
        cx.warning(
            "unnamed-check-dropped",
            format!("Alembic's batch mode recreates `{key}` without its unnamed CHECK ({})", unnamed_checks.join("), CHECK (")),
            "name the CHECK constraint, or restate it with `batch_alter_table(..., table_args=[sa.CheckConstraint(...)])`",
        );
    }
}

/// The table as Alembic's batch mode recreates it on SQLite, from the table with the changes
/// applied; returns the unnamed CHECKs it leaves out.
fn alembic_recreate(t: &mut Table) -> Vec<String> {
    // Alembic cannot tell a reflected unnamed CHECK from one its column type generates, so it
    // leaves them out of the new table (with a Python warning).
    let unnamed_checks: Vec<String> = t
        .constraints
        .iter()
        .filter_map(|c| match &c.kind {
            ConstraintKind::Check { expr } if c.name.is_empty() => Some(expr.clone()),
            _ => None,
        })
        .collect();
    t.constraints
        .retain(|c| !(c.name.is_empty() && matches!(c.kind, ConstraintKind::Check { .. })));
    // Alembic declares the primary key first, then the named constraints, then the unnamed
    // ones (each group in its old order); SQLite numbers the autoindexes in that order.
    t.constraints.sort_by_key(|c| match &c.kind {
        ConstraintKind::PrimaryKey { .. } => 0,
        _ if c.name.is_empty() || naming::parse_sqlite_autoindex(&c.name).is_some() => 2,
        _ => 1,
    });
    // SQLite builds one index for keys declared twice over the same columns: the later one is
    // gone from the new table (the rule of `CREATE TABLE`, `table::merge_duplicate_keys`).
    let declared = std::mem::take(&mut t.constraints)
        .into_iter()
        .map(|c| {
            let mut def = ConstraintDef::new(Some(c.name), c.kind);
            def.deferrable = c.deferrable;
            (None, def)
        })
        .collect();
    let rowid = |cols: &[String]| {
        let pk = ConstraintKind::PrimaryKey {
            columns: cols.to_vec(),
        };
        constraint::is_rowid_alias(t, &pk, cols)
    };
    let kept = merge_duplicate_keys(Dialect::Sqlite, declared, rowid);
    t.constraints = kept
        .into_iter()
        .map(|(_, def)| Constraint {
            name: def.name.unwrap_or_default(),
            kind: def.kind,
            deferrable: def.deferrable,
        })
        .collect();
    naming::renumber_autoindexes(t, Dialect::Sqlite);
    unnamed_checks
}

fn dispatch(schema: &mut Schema, cx: &mut Cx, op: &Op) {
    let sqlite = cx.dialect == Dialect::Sqlite && !cx.rebuilding;
    match op {
        Op::RebuildTable { table, ops } => rebuild_table(schema, cx, table, ops),
        Op::CreateSchema {
            name,
            if_not_exists,
        } => objects::create_schema(schema, cx, name, *if_not_exists),
        Op::DropSchema {
            name,
            if_exists,
            cascade,
        } => objects::drop_schema(schema, cx, name, *if_exists, *cascade),

        Op::CreateTable(ct) => table::create_table(schema, cx, ct),
        Op::DropTable {
            name,
            if_exists,
            cascade,
        } => table::drop_table(schema, cx, name, *if_exists, *cascade),
        Op::RenameTable { from, to } => table::rename_table(schema, cx, from, to),
        Op::SetTableComment { table, comment } => {
            if let Some(t) = cx.table_mut(schema, table) {
                t.comment.clone_from(comment);
            }
        }
        Op::SetTableOptions { table, options } => {
            if let Some(t) = cx.table_mut(schema, table) {
                for o in options {
                    if !t.options.contains(o) {
                        t.options.push(o.clone());
                    }
                }
            }
        }

        Op::AddColumn {
            table,
            column,
            if_not_exists,
        } => table::add_column(schema, cx, table, column, *if_not_exists),
        Op::DropColumn {
            table,
            column,
            if_exists,
            cascade,
        } => table::drop_column(schema, cx, table, column, *if_exists, *cascade),
        Op::RenameColumn { table, from, to } => table::rename_column(schema, cx, table, from, to),
        Op::AlterColumn {
            table,
            column,
            change,
        } => {
            if sqlite {
                cx.unsupported_in_sqlite(alter_column_what(change));
            } else {
                table::alter_column(schema, cx, table, column, change)
            }
        }
        Op::SetColumnComment {
            table,
            column,
            comment,
        } => table::alter_column(
            schema,
            cx,
            table,
            column,
            &ColumnChange::SetComment(comment.clone()),
        ),

        Op::AddConstraint { .. }
        | Op::DropConstraint { .. }
        | Op::RenameConstraint { .. }
        | Op::AlterConstraint { .. }
        | Op::DropPrimaryKey { .. }
        | Op::DropConstraintOfKind { .. }
            if sqlite =>
        {
            cx.unsupported_in_sqlite(
                "constraints cannot be added, dropped or changed with ALTER TABLE",
            )
        }
        Op::AddConstraint { table, constraint } => {
            let Some(key) = cx.existing_table(schema, table) else {
                return;
            };
            let _ = constraint::add_constraint(schema, cx, &key, constraint, None);
        }
        Op::DropConstraint {
            table,
            name,
            if_exists,
            cascade,
        } => constraint::drop_constraint(schema, cx, table, name, *if_exists, *cascade),
        Op::RenameConstraint { table, from, to } => {
            constraint::rename_constraint(schema, cx, table, from, to)
        }
        Op::AlterConstraint {
            table,
            name,
            deferrable,
        } => {
            let Some(key) = cx.existing_table(schema, table) else {
                return;
            };
            let Some(t) = schema.tables.get_mut(&key) else {
                return;
            };
            let names = constraint_names(t);
            match t.constraints.iter_mut().find(|c| c.name == *name) {
                Some(c) => c.deferrable = *deferrable,
                None => cx.unknown_constraint(&key, name, &names),
            }
        }
        Op::DropPrimaryKey { table } => constraint::drop_primary_key(schema, cx, table),
        Op::DropConstraintOfKind { table, name, kind } => {
            constraint::drop_of_kind(schema, cx, table, name, *kind)
        }

        Op::CreateIndex(ci) => constraint::create_index(schema, cx, ci),
        Op::DropIndex {
            name,
            table,
            if_exists,
        } => constraint::drop_index(schema, cx, name, table.as_ref(), *if_exists),
        Op::RenameIndex { table, from, to } => {
            constraint::rename_index(schema, cx, table.as_ref(), from, to)
        }

        // Views, types, sequences, extensions, routines, triggers, data: the schema's other objects.
        other => dispatch_object(schema, cx, other),
    }
}

/// [`dispatch`] for the objects beside tables. The table-level ops are listed (and ignored) in
/// the last arm, so a new `Op` variant still has to be placed by the compiler.
fn dispatch_object(schema: &mut Schema, cx: &mut Cx, op: &Op) {
    match op {
        Op::CreateView {
            view,
            or_replace,
            if_not_exists,
        } => objects::create_view(schema, cx, view, *or_replace, *if_not_exists),
        Op::DropView {
            name,
            if_exists,
            materialized: _,
            cascade,
        } => objects::drop_view(schema, cx, name, *if_exists, *cascade),
        Op::RenameView { from, to } => objects::rename_view(schema, cx, from, to),

        Op::CreateEnum { ty, if_not_exists } => {
            objects::create_enum(schema, cx, ty, *if_not_exists)
        }
        Op::AddEnumValue {
            name,
            value,
            position,
            if_not_exists,
        } => objects::add_enum_value(schema, cx, name, value, position, *if_not_exists),
        Op::RenameEnumValue { name, from, to } => {
            objects::rename_enum_value(schema, cx, name, from, to)
        }
        Op::DropType {
            name,
            if_exists,
            cascade,
        } => objects::drop_type(schema, cx, name, *if_exists, *cascade),
        Op::RenameType { from, to } => objects::rename_type(schema, cx, from, to),
        // Domains and composite types are known by name only; the model has no place for them.
        Op::CreateOpaqueType { .. } => {}

        Op::CreateSequence { seq, if_not_exists } => {
            objects::create_sequence(schema, cx, seq, *if_not_exists)
        }
        Op::AlterSequence {
            name,
            owned_by,
            start,
            increment,
        } => objects::alter_sequence(schema, cx, name, owned_by.as_ref(), *start, *increment),
        Op::DropSequence {
            name,
            if_exists,
            cascade,
        } => objects::drop_sequence(schema, cx, name, *if_exists, *cascade),
        Op::RenameSequence { from, to } => objects::rename_sequence(schema, cx, from, to),

        Op::CreateExtension {
            name,
            if_not_exists,
        } => objects::create_extension(schema, cx, name, *if_not_exists),
        Op::DropExtension { name, if_exists } => {
            objects::drop_extension(schema, cx, name, *if_exists)
        }
        Op::CreateFunction {
            name,
            args,
            returns,
            or_replace,
            definition,
        } => objects::create_function(
            schema,
            cx,
            name,
            args,
            returns.as_ref(),
            *or_replace,
            definition,
        ),
        Op::DropFunction {
            name,
            args,
            if_exists,
            cascade,
        } => objects::drop_function(schema, cx, name, args.as_deref(), *if_exists, *cascade),
        Op::RenameFunction { name, args, to } => {
            objects::rename_function(schema, cx, name, args.as_deref(), to)
        }
        Op::CreateTrigger {
            table,
            name,
            definition,
            or_replace,
            if_not_exists,
        } => objects::create_trigger(
            schema,
            cx,
            table,
            name,
            definition,
            *or_replace || *if_not_exists,
        ),
        Op::DropTrigger {
            table,
            name,
            if_exists,
        } => objects::drop_trigger(schema, cx, table.as_ref(), name, *if_exists),
        Op::RenameTrigger { table, from, to } => {
            objects::rename_trigger(schema, cx, table, from, to)
        }

        Op::Data {
            table: Some(table), ..
        } => {
            let key = cx.key(table);
            let known = schema.tables.contains_key(&key)
                || schema.views.contains_key(&key)
                || schema.session.temporary.contains(&key);
            if !known && !is_system_catalog(cx.dialect, &key) {
                cx.unknown_table(schema, &key);
            }
        }
        Op::Data { table: None, .. } | Op::NoEffect { .. } => {}
        Op::SetForeignKeyChecks { enabled } => {
            schema.session.fk_checks_off = (!enabled).then_some(cx.span.file);
        }
        Op::RebuildTable { .. }
        | Op::CreateSchema { .. }
        | Op::DropSchema { .. }
        | Op::CreateTable(_)
        | Op::DropTable { .. }
        | Op::RenameTable { .. }
        | Op::SetTableComment { .. }
        | Op::SetTableOptions { .. }
        | Op::AddColumn { .. }
        | Op::DropColumn { .. }
        | Op::RenameColumn { .. }
        | Op::AlterColumn { .. }
        | Op::SetColumnComment { .. }
        | Op::AddConstraint { .. }
        | Op::DropConstraint { .. }
        | Op::RenameConstraint { .. }
        | Op::AlterConstraint { .. }
        | Op::DropPrimaryKey { .. }
        | Op::DropConstraintOfKind { .. }
        | Op::CreateIndex(_)
        | Op::DropIndex { .. }
        | Op::RenameIndex { .. } => {}
    }
}

/// Whether `key` names one of the database's own catalog relations, which always exist: migrations
/// update them (`UPDATE pg_index SET indisready = false ...`) or read them.
fn is_system_catalog(dialect: Dialect, key: &QualifiedName) -> bool {
    let lower = |s: &str| s.to_ascii_lowercase();
    match (dialect, key.schema.as_deref().map(lower)) {
        (Dialect::Postgres, Some(ns)) => ns == "pg_catalog" || ns == "information_schema",
        // `pg_catalog` comes first on the search path: an unqualified `pg_*` name is a catalog
        // unless a table of that name was created (checked before this).
        (Dialect::Postgres, None) => key.name.starts_with("pg_"),
        (Dialect::Mysql, Some(ns)) => matches!(
            ns.as_str(),
            "information_schema" | "mysql" | "performance_schema" | "sys"
        ),
        (Dialect::Mysql, None) => false,
        (Dialect::Sqlite, _) => lower(&key.name).starts_with("sqlite_"),
    }
}

fn alter_column_what(change: &ColumnChange) -> &'static str {
    match change {
        ColumnChange::SetType { .. } => "a column's type cannot be changed",
        ColumnChange::SetDefault(_) => "a column's default cannot be changed",
        ColumnChange::SetNullable(_) => "a column's nullability cannot be changed",
        ColumnChange::SetIdentity(_) | ColumnChange::SetGenerated(_) => {
            "a column cannot be made generated"
        }
        ColumnChange::SetComment(_) => "columns have no comments",
        ColumnChange::SetCollation(_) => "a column's collation cannot be changed",
        ColumnChange::Redefine { .. } => "a column cannot be redefined",
    }
}

/// Narrows each diagnostic's span from the whole statement to the first mention, in the
/// statement's text, of the object it is about: the first name its message quotes
/// (`column `archived_at` does not exist` points at `archived_at`), found by
/// [`crate::sql_text::find`] with the dialect's name rules, else inside a string (an Alembic
/// revision names tables as `'deliveries.id'`). The simulator sees ops, not
/// text, so this runs where the text is known; a name not found leaves the span as it was.
pub fn focus<'t>(
    diagnostics: &mut [Diagnostic],
    dialect: Dialect,
    text_of: impl Fn(crate::diagnostic::FileId) -> Option<&'t str>,
) {
    for d in diagnostics {
        let (Some(span), Some(name)) = (d.span, subject(&d.message)) else {
            continue;
        };
        let Some(stmt) = text_of(span.file).and_then(|t| t.get(span.range())) else {
            continue;
        };
        let found = crate::sql_text::find(stmt, name, dialect)
            .or_else(|| crate::sql_text::find_in_strings(stmt, name, dialect));
        if let Some(r) = found {
            let start = span.start as usize;
            d.span = Some(Span::new(span.file, start + r.start, start + r.end));
        }
    }
}

/// The first name a message quotes in backticks, without its schema.
fn subject(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    let (quoted, _) = rest.split_once('`')?;
    let name = quoted.rsplit('.').next().unwrap_or(quoted);
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$'))
    .then_some(name)
}

/// The op being applied: where to report, and in which dialect.
pub(crate) struct Cx<'a> {
    pub span: Span,
    pub dialect: Dialect,
    /// MariaDB or MySQL 8, where the two differ.
    pub flavor: Flavor,
    /// MySQL `FOREIGN_KEY_CHECKS` (on unless the op's script turned it off).
    pub fk_checks: bool,
    pub diags: &'a mut Vec<Diagnostic>,
    /// A table being created, already in the schema for self-references but not yet real.
    pub creating: Option<QualifiedName>,
    /// Errors reported for this op (a statement with errors is rolled back).
    pub errors: usize,
    /// Inside [`Op::RebuildTable`]: SQLite's ALTER TABLE restrictions do not apply.
    pub rebuilding: bool,
}

impl Cx<'_> {
    pub fn is(&self, d: Dialect) -> bool {
        self.dialect == d
    }

    /// Reports an error at the op.
    pub fn error(&mut self, code: &'static str, message: String, label: &str, help: String) {
        self.errors += 1;
        let mut d = Diagnostic::error(code, message).at(self.span).label(label);
        if !help.is_empty() {
            d = d.help(help);
        }
        self.diags.push(d);
    }

    pub fn warning(&mut self, code: &'static str, message: String, help: &str) {
        self.diags
            .push(Diagnostic::warning(code, message).at(self.span).help(help));
    }

    /// `IF [NOT] EXISTS` made the statement a no-op, as the database's NOTICE says.
    pub fn skipped(&mut self, message: String) {
        self.diags
            .push(Diagnostic::info("skipped", message).at(self.span));
    }

    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// The map key of a table, view, sequence or type name: the default namespace is left out.
    pub fn key(&self, name: &QualifiedName) -> QualifiedName {
        name_index::table_key(self.dialect, name)
    }

    /// The key of `name` when that table exists; reports `unknown-table` otherwise.
    pub fn existing_table(
        &mut self,
        schema: &Schema,
        name: &QualifiedName,
    ) -> Option<QualifiedName> {
        let key = self.key(name);
        if schema.tables.contains_key(&key) {
            Some(key)
        } else {
            self.unknown_table(schema, &key);
            None
        }
    }

    pub fn table_mut<'s>(
        &mut self,
        schema: &'s mut Schema,
        name: &QualifiedName,
    ) -> Option<&'s mut Table> {
        let key = self.existing_table(schema, name)?;
        schema.tables.get_mut(&key)
    }

    pub fn unknown_table(&mut self, schema: &Schema, key: &QualifiedName) {
        let names: Vec<String> = schema
            .tables
            .keys()
            .filter(|k| Some(*k) != self.creating.as_ref())
            .map(ToString::to_string)
            .collect();
        let help = if names.is_empty() {
            "no table has been created yet".to_string()
        } else {
            has_list("the schema has tables", &names)
        };
        self.error(
            "unknown-table",
            format!("table `{key}` does not exist"),
            "no such table",
            help,
        );
    }

    pub fn unknown_column(&mut self, table: &Table, column: &str) {
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        let mut help = has_list("the table has", &names);
        if let Some(near) = closest(column, &names) {
            help = format!("did you mean `{near}`? {help}");
        }
        let message = format!("column `{column}` does not exist in table `{}`", table.name);
        if table.columns_unknown {
            // The table came from a query whose columns were not derived: the column may exist.
            let help = format!(
                "`{}` was created from a query Strata could not read the columns of; {help}",
                table.name
            );
            self.errors += 1;
            self.diags.push(
                Diagnostic::warning("unknown-column", message)
                    .at(self.span)
                    .label("not known to Strata")
                    .help(help),
            );
            return;
        }
        self.error("unknown-column", message, "no such column", help);
    }

    pub fn unknown_constraint(&mut self, table: &QualifiedName, name: &str, names: &[String]) {
        self.error(
            "unknown-constraint",
            format!("constraint `{name}` does not exist on table `{table}`"),
            "no such constraint",
            has_list("the table has constraints", names),
        );
    }

    pub fn unsupported_in_sqlite(&mut self, what: &str) {
        self.error(
            "unsupported-in-dialect",
            format!("SQLite's ALTER TABLE cannot do this: {what}"),
            "not supported by SQLite",
            "rebuild the table: create the new table, copy rows, drop the old, rename".into(),
        );
    }
}

/// The candidate a misspelled or half-remembered name most likely meant: the nearest within an
/// edit distance of a third of the longer name. Names longer than 64 characters are not compared.
pub(crate) fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    const MAX: usize = 64;
    let a: Vec<char> = name.to_lowercase().chars().collect();
    if a.is_empty() || a.len() > MAX {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for &c in candidates {
        let b: Vec<char> = c.to_lowercase().chars().collect();
        if b.is_empty() || b.len() > MAX {
            continue;
        }
        let d = edit_distance(&a, &b);
        let limit = (a.len().max(b.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`.
pub(crate) fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        for j in 0..b.len() {
            let mut d = (prev[j] + usize::from(a[i] != b[j]))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `"<prefix>: a, b, c"`, shortened for long lists; `"<prefix> nothing"` for none.
pub(crate) fn has_list<S: AsRef<str>>(prefix: &str, names: &[S]) -> String {
    if names.is_empty() {
        return format!("{prefix} none");
    }
    let shown: Vec<&str> = names.iter().take(12).map(AsRef::as_ref).collect();
    let more = if names.len() > shown.len() {
        format!(" and {} more", names.len() - shown.len())
    } else {
        String::new()
    };
    format!("{prefix}: {}{more}", shown.join(", "))
}

pub(crate) fn constraint_names(t: &Table) -> Vec<String> {
    t.constraints.iter().map(|c| c.name.clone()).collect()
}

/// Columns of a primary-key, unique or foreign-key constraint (not checks).
pub(crate) fn key_columns(kind: &ConstraintKind) -> &[String] {
    match kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => columns,
        ConstraintKind::ForeignKey(fk) => &fk.columns,
        ConstraintKind::Check { .. } | ConstraintKind::Exclude { .. } => &[],
    }
}

/// Whether a PostgreSQL or SQLite relation (table, view, sequence, index, constraint index) in
/// namespace `ns` is called `name`. In MariaDB only tables and views share a namespace.
pub(crate) fn relation_exists(schema: &Schema, ns: Option<&str>, name: &str) -> bool {
    let q = QualifiedName {
        schema: ns.map(str::to_string),
        name: name.to_string(),
    };
    if schema.tables.contains_key(&q) || schema.views.contains_key(&q) {
        return true;
    }
    if schema.dialect == Dialect::Mysql {
        return false;
    }
    if schema.sequences.contains_key(&q) {
        return true;
    }
    if let Some(known) = name_index::has_relation(schema, ns, name) {
        return known;
    }
    schema
        .tables
        .values()
        .filter(|t| t.name.schema.as_deref() == ns)
        .any(|t| {
            t.indexes.iter().any(|i| i.name == name)
                || t.constraints
                    .iter()
                    .any(|c| c.name == name && name_index::names_relation(schema.dialect, c))
        })
}

/// Whether any table of namespace `ns` has a constraint called `name` (PostgreSQL picks generated
/// constraint names to avoid these).
pub(crate) fn constraint_exists(schema: &Schema, ns: Option<&str>, name: &str) -> bool {
    if let Some(known) = name_index::has_constraint(schema, ns, name) {
        return known;
    }
    schema
        .tables
        .values()
        .filter(|t| t.name.schema.as_deref() == ns)
        .any(|t| t.constraints.iter().any(|c| c.name == name))
}
