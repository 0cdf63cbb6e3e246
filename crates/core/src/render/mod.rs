//! SQL text for ops and whole schemas, per dialect.
//!
//! One renderer walks the ops; what differs between databases is asked of a [`SqlDialect`]
//! through capability methods (`supports_*`, in the style of sqlparser's dialects), implemented
//! once per database in [`crate::dialect`]. A schema is rendered as the ops that build it from
//! nothing ([`crate::diff::diff`] against an empty schema), so there is a single code path for
//! "create this" and "change that".
//!
//! What a dialect cannot express is never dropped silently: it becomes a `-- strata: ...` comment
//! line in the output saying what was left out and why.
//!
//! This file holds [`Script`], the renderer's state and the dispatch of each op; the SQL for each
//! kind of object is in `tables.rs`, `columns.rs`, `constraints.rs` (and indexes) and
//! `objects.rs`, and SQLite's table rebuild in `rebuild.rs`, as `simulate/` is laid out.

mod columns;
mod constraints;
mod objects;
mod rebuild;
mod tables;

pub use crate::dialect::{
    ident, sql_dialect, string_literal, IndexMethodSql, Mysql, Postgres, SqlDialect, Sqlite,
};

use crate::diagnostic::{Diagnostic, Span, Spanned};
use crate::dialect::Dialect;
use crate::op::Op;
use crate::schema::{Column, QualifiedName, Schema};

/// DDL that recreates `schema` on an empty database of `dialect`.
pub fn render_schema(schema: &Schema, dialect: Dialect) -> String {
    let empty = Schema::with_flavor(dialect, schema.flavor);
    let mut target = schema.clone();
    // The differ asks the target's dialect whether foreign keys can be added after the tables.
    target.dialect = dialect;
    let ops = crate::diff::diff(&empty, &target);
    render(&ops, &empty, schema.dialect, dialect)
}

/// SQL for `ops`, applied to a database whose schema is `before` (SQLite table rebuilds and
/// MySQL `MODIFY COLUMN` need to know the table as it is).
///
/// Function and trigger statements are kept as written: they are rendered verbatim when
/// `before.dialect`, the dialect the migrations were simulated in, is `dialect`.
pub fn render_ops(ops: &[Op], before: &Schema, dialect: Dialect) -> String {
    render(ops, before, before.dialect, dialect)
}

/// `written_in` is the dialect of the statements stored in functions and triggers.
fn render(ops: &[Op], before: &Schema, written_in: Dialect, dialect: Dialect) -> String {
    let mut script = Script::new(before.clone(), written_in, dialect);
    script.render(ops)
}

/// A script rendered in steps (one migration after another) over a schema that advances as
/// it goes: the schema is taken once, not cloned for every step as [`render_ops`] would.
pub struct Script(Renderer);

impl Script {
    /// `state` is the schema before the first step, simulated in `written_in`.
    pub fn new(mut state: Schema, written_in: Dialect, dialect: Dialect) -> Script {
        // The state follows the database being written for, whatever `state` was simulated as.
        state.dialect = dialect;
        Script(Renderer {
            d: sql_dialect(dialect),
            dialect,
            out: String::new(),
            state,
            verbatim: written_in == dialect,
            function_bodies_unchecked: false,
            track: None,
        })
    }

    /// The SQL for the next `ops`.
    pub fn render(&mut self, ops: &[Op]) -> String {
        self.0.run(ops);
        std::mem::take(&mut self.0.out)
    }

    /// The SQL for the next `ops`, with the state advanced by simulating each op at its own
    /// span into `diagnostics`: the state is then the simulated schema itself, and a caller
    /// that wants both the script and the simulation's findings (`plan`) simulates once.
    ///
    /// `None`, with nothing rendered or advanced, where rendering advances the state its own
    /// way: on a database that rebuilds tables to alter them (SQLite), and for batch-mode
    /// `RebuildTable` ops.
    pub fn render_simulated(
        &mut self,
        ops: &[Spanned<Op>],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let r = &mut self.0;
        if !r.d.supports_alter_constraints()
            || ops
                .iter()
                .any(|o| matches!(o.value, Op::RebuildTable { .. }))
        {
            return None;
        }
        let plain: Vec<Op> = ops.iter().map(|o| o.value.clone()).collect();
        r.track = Some(Track {
            spans: ops.iter().map(|o| o.span).collect(),
            diagnostics: std::mem::take(diagnostics),
        });
        r.run(&plain);
        if let Some(t) = r.track.take() {
            *diagnostics = t.diagnostics;
        }
        Some(std::mem::take(&mut r.out))
    }

    /// The schema as the steps rendered so far leave it.
    pub fn state(&self) -> &Schema {
        &self.0.state
    }
}

/// What [`Script::render_simulated`] keeps while it runs: the spans of the top-level ops, by
/// index, and the simulation's findings.
struct Track {
    spans: Vec<Span>,
    diagnostics: Vec<Diagnostic>,
}

impl Renderer {
    /// Renders `ops` in order, advancing the state.
    fn run(&mut self, ops: &[Op]) {
        let r = self;
        let mut i = 0;
        while i < ops.len() {
            let Some(op) = ops.get(i) else { break };
            if let Op::RebuildTable { table, ops: inner } = op {
                r.rebuild_table(table, inner);
                i += 1;
                continue;
            }
            if let Some(table) = r.rebuild_target(op) {
                // Consecutive changes to one table share a single rebuild.
                let mut end = i;
                while ops
                    .get(end)
                    .is_some_and(|o| r.rebuild_target(o).as_ref() == Some(&table))
                {
                    end += 1;
                }
                let group = ops.get(i..end).unwrap_or_default();
                r.rebuild(&table, group);
                i = end.max(i + 1);
                continue;
            }
            if let Some(end) = r.restated_run(ops, i) {
                // MySQL: a run of changes to one column becomes one MODIFY COLUMN.
                let group = ops.get(i..end).unwrap_or_default();
                r.modify_column_once(group);
                for (k, op) in group.iter().enumerate() {
                    r.advance(i + k, op);
                }
                i = end.max(i + 1);
                continue;
            }
            r.op(op);
            r.advance(i, op);
            i += 1;
        }
    }
}

/// The database's name for people, in notes.
fn pretty(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "PostgreSQL",
        Dialect::Mysql => "MySQL",
        Dialect::Sqlite => "SQLite",
    }
}

struct Renderer {
    d: &'static dyn SqlDialect,
    dialect: Dialect,
    out: String,
    /// The schema as the statements rendered so far leave it.
    state: Schema,
    /// Stored function and trigger statements are in this dialect and can be replayed as written.
    verbatim: bool,
    /// PostgreSQL: `check_function_bodies` is off, so a SQL function may name tables created
    /// after it (functions come first: defaults, checks and triggers call them).
    function_bodies_unchecked: bool,
    /// Set while [`Script::render_simulated`] runs.
    track: Option<Track>,
}

impl Renderer {
    fn stmt(&mut self, sql: impl AsRef<str>) {
        self.out.push_str(sql.as_ref());
        self.out.push_str(";\n");
    }

    fn note(&mut self, text: impl AsRef<str>) {
        self.out.push_str("-- strata: ");
        self.out.push_str(text.as_ref());
        self.out.push('\n');
    }

    /// Applies `op`, the `i`th of the ops being run, to the state.
    fn advance(&mut self, i: usize, op: &Op) {
        match &mut self.track {
            // Only top-level runs are tracked (`render_simulated` refuses nested ones).
            Some(t) => {
                let span = t.spans.get(i).copied().unwrap_or_default();
                crate::simulate::apply(
                    &mut self.state,
                    &Spanned::new(span, op.clone()),
                    &mut t.diagnostics,
                );
            }
            None => {
                let mut diagnostics = Vec::new();
                crate::simulate::apply(
                    &mut self.state,
                    &Spanned::new(Span::default(), op.clone()),
                    &mut diagnostics,
                );
            }
        }
    }

    fn id(&self, name: &str) -> String {
        ident(self.d, name)
    }

    fn q(&self, name: &QualifiedName) -> String {
        match &name.schema {
            Some(s) if self.d.supports_namespaces() => {
                format!("{}.{}", self.id(s), self.id(&name.name))
            }
            _ => self.id(&name.name),
        }
    }

    fn lit(&self, text: &str) -> String {
        string_literal(self.d, text)
    }

    fn ids(&self, names: &[String]) -> String {
        names
            .iter()
            .map(|n| self.id(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn column_in_state(&self, table: &QualifiedName, column: &str) -> Option<Column> {
        self.state.tables.get(table)?.column(column).cloned()
    }

    fn alter_table(&mut self, table: &QualifiedName, action: impl AsRef<str>) {
        let sql = format!("ALTER TABLE {} {}", self.q(table), action.as_ref());
        self.stmt(sql);
    }

    fn if_exists(flag: bool) -> &'static str {
        if flag {
            "IF EXISTS "
        } else {
            ""
        }
    }

    fn cascade(&self, flag: bool) -> &'static str {
        if flag && self.d.supports_cascade() {
            " CASCADE"
        } else {
            ""
        }
    }

    /// Renders one op; each kind is written by the module for its objects. (`run` takes
    /// `RebuildTable` itself, with the state, so that arm is reached from nowhere else.)
    fn op(&mut self, op: &Op) {
        match op {
            Op::CreateSchema {
                name,
                if_not_exists,
            } => self.create_schema(name, *if_not_exists),
            Op::DropSchema {
                name,
                if_exists,
                cascade,
            } => self.drop_schema(name, *if_exists, *cascade),
            Op::CreateTable(ct) => self.create_table(ct),
            Op::RebuildTable { table, ops } => self.rebuild_table(table, ops),
            Op::DropTable {
                name,
                if_exists,
                cascade,
            } => self.drop_table(name, *if_exists, *cascade),
            Op::RenameTable { from, to } => self.rename_table(from, to),
            Op::SetTableComment { table, comment } => {
                self.table_comment(table, comment.as_deref(), false)
            }
            Op::SetTableOptions { table, options } => self.set_table_options(table, options),
            Op::AddColumn {
                table,
                column,
                if_not_exists,
            } => self.add_column(table, column, *if_not_exists),
            Op::DropColumn {
                table,
                column,
                if_exists,
                cascade,
            } => self.drop_column(table, column, *if_exists, *cascade),
            Op::RenameColumn { table, from, to } => self.rename_column(table, from, to),
            Op::AlterColumn {
                table,
                column,
                change,
            } => self.alter_column(table, column, change),
            Op::AddConstraint { table, constraint } => self.add_constraint(table, constraint),
            Op::DropConstraint {
                table,
                name,
                if_exists,
                cascade,
            } => self.drop_named_constraint(table, name, *if_exists, *cascade),
            Op::RenameConstraint { table, from, to } => self.rename_constraint(table, from, to),
            Op::AlterConstraint {
                table,
                name,
                deferrable,
            } => self.alter_constraint(table, name, *deferrable),
            Op::DropPrimaryKey { table } => self.drop_primary_key(table),
            Op::DropConstraintOfKind { table, name, kind } => {
                self.drop_constraint_of_kind(table, name, *kind)
            }
            Op::CreateIndex(ci) => self.create_index(ci),
            Op::DropIndex {
                name,
                table,
                if_exists,
            } => self.drop_index(name, table, *if_exists),
            Op::RenameIndex { table, from, to } => self.rename_index(table, from, to),
            Op::CreateView {
                view,
                or_replace,
                if_not_exists,
            } => self.create_view(view, *or_replace, *if_not_exists),
            Op::DropView {
                name,
                if_exists,
                materialized,
                cascade,
            } => self.drop_view(name, *if_exists, *materialized, *cascade),
            Op::RenameView { from, to } => self.rename_view(from, to),
            Op::CreateEnum { ty, .. } => self.create_enum(ty),
            Op::AddEnumValue {
                name,
                value,
                position,
                if_not_exists,
            } => self.add_enum_value(name, value, position, *if_not_exists),
            Op::RenameEnumValue { name, from, to } => self.rename_enum_value(name, from, to),
            Op::DropType {
                name,
                if_exists,
                cascade,
            } => self.drop_type(name, *if_exists, *cascade),
            Op::RenameType { from, to } => self.rename_type(from, to),
            Op::CreateOpaqueType { name, .. } => self.create_opaque_type(name),
            Op::CreateSequence { seq, if_not_exists } => self.create_sequence(seq, *if_not_exists),
            Op::AlterSequence {
                name,
                owned_by,
                start,
                increment,
            } => self.alter_sequence(name, owned_by, *start, *increment),
            Op::DropSequence {
                name,
                if_exists,
                cascade,
            } => self.drop_sequence(name, *if_exists, *cascade),
            Op::RenameSequence { from, to } => self.rename_sequence(from, to),
            Op::CreateExtension {
                name,
                if_not_exists,
            } => self.create_extension(name, *if_not_exists),
            Op::DropExtension { name, if_exists } => self.drop_extension(name, *if_exists),
            Op::CreateFunction {
                name,
                args,
                or_replace,
                definition,
                ..
            } => self.create_function(name, args, *or_replace, definition),
            Op::DropFunction {
                name,
                args,
                if_exists,
                cascade,
            } => self.drop_function(name, args, *if_exists, *cascade),
            Op::RenameFunction { name, args, to } => self.rename_function(name, args, to),
            Op::CreateTrigger {
                table,
                name,
                definition,
                ..
            } => self.create_trigger(table, name, definition),
            Op::DropTrigger {
                table,
                name,
                if_exists,
            } => self.drop_trigger(table, name, *if_exists),
            Op::RenameTrigger { table, from, to } => self.rename_trigger(table, from, to),
            Op::SetColumnComment {
                table,
                column,
                comment,
            } => self.column_comment_on(table, column, comment.as_deref(), false),
            Op::Data {
                kind,
                table,
                rows,
                sql,
            } => self.data(*kind, table, *rows, sql),
            Op::NoEffect { what } => self.note(format!("{what}: no schema effect, not rendered")),
            Op::SetForeignKeyChecks { enabled } => self.foreign_key_checks(*enabled),
        }
    }
}
