//! SQL text for ops and whole schemas, per dialect.
//!
//! One renderer walks the ops; what differs between databases is asked of a [`SqlDialect`]
//! through capability methods (`supports_*`, in the style of sqlparser's dialects), implemented
//! once per database in [`crate::dialect`]. A schema is rendered as the
//! ops that build it from nothing ([`crate::diff::diff`] against an empty schema), so there is a
//! single code path for "create this" and "change that".
//!
//! What a dialect cannot express is never dropped silently: it becomes a `-- strata: ...` comment
//! line in the output saying what was left out and why.

pub use crate::dialect::{
    ident, sql_dialect, string_literal, IndexMethodSql, Mysql, Postgres, SqlDialect, Sqlite,
};

use crate::diagnostic::{Diagnostic, Span, Spanned};
use crate::dialect::Dialect;
use crate::normalize;
use crate::op::from_schema::{create_index_op, create_table_op};
use crate::op::{
    ColumnChange, ColumnDef, ColumnPosition, ConstraintDef, ConstraintKindTag, CreateIndex,
    CreateTable, EnumPosition, Op,
};
use crate::schema::{
    Column, Constraint, ConstraintKind, Deferrable, FkAction, ForeignKey, Identity, Index,
    IndexKey, QualifiedName, Schema, Table,
};
use crate::simulate::columns::check_column;
use crate::simulate::naming::renumber_autoindexes;

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

    /// Alembic batch mode: on SQLite the table is recreated with every change at once (SQLite
    /// then numbers its autoindexes afresh, as the simulation does); elsewhere each change is
    /// an ordinary statement.
    fn rebuild_table(&mut self, table: &QualifiedName, ops: &[Op]) {
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
}

/// The database's name for people, in notes.
fn pretty(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "PostgreSQL",
        Dialect::Mysql => "MySQL",
        Dialect::Sqlite => "SQLite",
    }
}

/// `column` after `change`, as the database would have it.
pub(crate) fn apply_column_change(column: &mut Column, change: &ColumnChange) {
    match change {
        ColumnChange::SetType { ty, .. } => column.ty = ty.clone(),
        ColumnChange::SetDefault(d) => column.default = d.clone(),
        ColumnChange::SetNullable(n) => column.nullable = *n,
        ColumnChange::SetIdentity(i) => {
            column.identity = *i;
            if i.is_some() {
                column.nullable = false;
            }
        }
        ColumnChange::SetGenerated(g) => column.generated = g.clone(),
        ColumnChange::SetComment(c) => column.comment = c.clone(),
        ColumnChange::SetCollation(c) => column.collation = c.clone(),
        ColumnChange::Redefine { column: def } => *column = def.column.clone(),
    }
}

/// A table-level constraint for an inline column constraint, whose column list may be implicit.
fn table_level(column: &str, c: &ConstraintDef) -> ConstraintDef {
    let mut c = c.clone();
    c.inline = false;
    let one = vec![column.to_string()];
    match &mut c.kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. }
            if columns.is_empty() =>
        {
            *columns = one
        }
        ConstraintKind::ForeignKey(fk) if fk.columns.is_empty() => fk.columns = one,
        _ => {}
    }
    c
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

    fn ty(&self, def: &ColumnDef) -> String {
        use crate::schema::DataType;
        if def.serial && self.dialect == Dialect::Postgres {
            let serial = match def.column.ty {
                DataType::SmallInt => Some("smallserial"),
                DataType::Integer => Some("serial"),
                DataType::BigInt => Some("bigserial"),
                _ => None,
            };
            if let Some(s) = serial {
                return s.to_string();
            }
        }
        normalize::type_name(&def.column.ty, self.dialect)
    }

    fn default_sql(&self, expr: &str) -> String {
        if self.d.default_needs_parens(expr) {
            format!("({expr})")
        } else {
            expr.to_string()
        }
    }

    /// `name type ...` without inline constraints. `inline_pk` is set for SQLite's
    /// `INTEGER PRIMARY KEY AUTOINCREMENT`, with the constraint's name if it has one.
    fn column_sql(&self, def: &ColumnDef, inline_pk: Option<Option<&str>>) -> String {
        let inline_pk_autoincrement = inline_pk.is_some();
        let col = &def.column;
        let mut s = format!("{} {}", self.id(&col.name), self.ty(def));
        if let Some(c) = &col.collation {
            s.push_str(&format!(" COLLATE {}", self.id(c)));
        }
        if let Some(g) = &col.generated {
            let kind = if g.stored || !self.d.supports_virtual_generated() {
                "STORED"
            } else {
                "VIRTUAL"
            };
            s.push_str(&format!(" GENERATED ALWAYS AS ({}) {kind}", g.expr));
        }
        if let (Some(identity), true) = (col.identity, self.d.supports_identity()) {
            s.push_str(match identity {
                Identity::Always => " GENERATED ALWAYS AS IDENTITY",
                Identity::ByDefault => " GENERATED BY DEFAULT AS IDENTITY",
            });
        }
        if let (Some(d), None) = (&col.default, &col.generated) {
            s.push_str(&format!(" DEFAULT {}", self.default_sql(d)));
        }
        if let (Some(u), Dialect::Mysql) = (&col.on_update, self.dialect) {
            s.push_str(&format!(" ON UPDATE {u}"));
        }
        if !col.nullable {
            s.push_str(" NOT NULL");
        }
        if let Some(name) = inline_pk {
            if let Some(n) = name.filter(|n| self.d.names_constraint(n, true)) {
                s.push_str(&format!(" CONSTRAINT {}", self.id(n)));
            }
            s.push_str(" PRIMARY KEY");
        }
        if col.auto_increment || (def.serial && self.dialect != Dialect::Postgres) {
            let needs_pk = self.d.auto_increment_needs_inline_primary_key();
            if let Some(kw) = self.d.auto_increment_keyword() {
                if !needs_pk || inline_pk_autoincrement {
                    s.push(' ');
                    s.push_str(kw);
                }
            }
        }
        if let (Some(c), true) = (&col.comment, self.d.supports_inline_comments()) {
            s.push_str(&format!(" COMMENT {}", self.lit(c)));
        }
        s
    }

    fn deferrable_sql(&self, d: Deferrable) -> &'static str {
        match (d, self.d.supports_deferrable()) {
            (Deferrable::InitiallyImmediate, true) => " DEFERRABLE",
            (Deferrable::InitiallyDeferred, true) => " DEFERRABLE INITIALLY DEFERRED",
            _ => "",
        }
    }

    fn references_sql(&self, fk: &ForeignKey) -> String {
        let mut s = format!("REFERENCES {}", self.q(&fk.ref_table));
        if !fk.ref_columns.is_empty() {
            s.push_str(&format!(" ({})", self.ids(&fk.ref_columns)));
        }
        if fk.on_delete != FkAction::NoAction {
            s.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
        }
        if fk.on_update != FkAction::NoAction {
            s.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
        }
        s
    }

    /// A table-level constraint; `None` when the dialect has no way to write it.
    fn constraint_sql(&self, c: &ConstraintDef) -> Option<String> {
        let is_pk = matches!(c.kind, ConstraintKind::PrimaryKey { .. });
        let name = c
            .name
            .as_deref()
            .filter(|n| self.d.names_constraint(n, is_pk));
        if let (ConstraintKind::Unique { columns, .. }, true) = (&c.kind, self.d.unique_as_key()) {
            return Some(match name {
                Some(n) => format!("UNIQUE KEY {} ({})", self.id(n), self.ids(columns)),
                None => format!("UNIQUE KEY ({})", self.ids(columns)),
            });
        }
        let body = match &c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                format!("PRIMARY KEY ({})", self.ids(columns))
            }
            ConstraintKind::Unique {
                columns,
                nulls_not_distinct,
            } => {
                let nnd = if *nulls_not_distinct && self.d.supports_nulls_not_distinct() {
                    " NULLS NOT DISTINCT"
                } else {
                    ""
                };
                format!("UNIQUE{nnd} ({})", self.ids(columns))
            }
            ConstraintKind::Check { expr } => format!("CHECK ({expr})"),
            ConstraintKind::ForeignKey(fk) => {
                format!(
                    "FOREIGN KEY ({}) {}",
                    self.ids(&fk.columns),
                    self.references_sql(fk)
                )
            }
            ConstraintKind::Exclude { definition } => {
                if !self.d.supports_exclude() {
                    return None;
                }
                let def = definition.trim();
                let def = match def.get(..7) {
                    Some(head) if head.eq_ignore_ascii_case("exclude") => {
                        def.get(7..).unwrap_or_default().trim_start()
                    }
                    _ => def,
                };
                format!("EXCLUDE {def}")
            }
        };
        let mut s = match name {
            Some(n) => format!("CONSTRAINT {} {body}", self.id(n)),
            None => body,
        };
        s.push_str(self.deferrable_sql(c.deferrable));
        Some(s)
    }

    /// An inline column constraint (`UNIQUE`, `REFERENCES t (id)`).
    fn inline_constraint_sql(&self, c: &ConstraintDef) -> Option<String> {
        let is_pk = matches!(c.kind, ConstraintKind::PrimaryKey { .. });
        let name = c
            .name
            .as_deref()
            .filter(|n| self.d.names_constraint(n, is_pk));
        let body = match &c.kind {
            ConstraintKind::PrimaryKey { .. } => "PRIMARY KEY".to_string(),
            ConstraintKind::Unique { .. } => "UNIQUE".to_string(),
            ConstraintKind::Check { expr } => format!("CHECK ({expr})"),
            ConstraintKind::ForeignKey(fk) => self.references_sql(fk),
            ConstraintKind::Exclude { .. } => return None,
        };
        let mut s = match name {
            Some(n) => format!("CONSTRAINT {} {body}", self.id(n)),
            None => body,
        };
        s.push_str(self.deferrable_sql(c.deferrable));
        Some(s)
    }

    /// A key as this dialect can have it: PostgreSQL keeps every option, SQLite only the
    /// collation, MariaDB none (see [`Renderer::note_key_options`]).
    fn supported_key(&self, k: &IndexKey) -> IndexKey {
        let mut k = k.clone();
        let (IndexKey::Column { options, .. } | IndexKey::Expr { options, .. }) = &mut k;
        match self.dialect {
            Dialect::Postgres => {}
            Dialect::Sqlite => {
                options.opclass = None;
                options.nulls_first = None;
            }
            Dialect::Mysql => *options = Default::default(),
        }
        k
    }

    /// Says which key options `supported_key` leaves out of `index`.
    fn note_key_options(&mut self, index: &Index) {
        let lost = index
            .keys
            .iter()
            .any(|k| self.supported_key(k).options() != k.options());
        if lost {
            self.note(format!(
                "index {}: key options (operator class, COLLATE, NULLS order) left out where {} has none",
                index.name,
                pretty(self.dialect)
            ));
        }
    }

    fn index_keys(&self, index: &Index) -> String {
        let keys: Vec<String> = index
            .keys
            .iter()
            .map(|k| {
                let k = &self.supported_key(k);
                let suffix = k.suffix(|c| self.id(c));
                match k {
                    IndexKey::Column { name, .. } => format!("{}{suffix}", self.id(name)),
                    IndexKey::Expr { expr, .. } => format!("({expr}){suffix}"),
                }
            })
            .collect();
        keys.join(", ")
    }

    /// MySQL `KEY name (...)` inside CREATE TABLE.
    fn inline_index_sql(&self, ci: &CreateIndex) -> String {
        let idx = &ci.index;
        let (prefix, using) = match idx.method.as_deref().map(|m| self.d.index_method(m)) {
            Some(IndexMethodSql::Prefix(p)) => (format!("{p} "), String::new()),
            Some(IndexMethodSql::UsingAfterKeys(m)) => (String::new(), format!(" USING {m}")),
            _ => (String::new(), String::new()),
        };
        let unique = if idx.unique { "UNIQUE " } else { "" };
        let name = ci
            .name
            .as_deref()
            .map(|n| format!("{} ", self.id(n)))
            .unwrap_or_default();
        format!(
            "{unique}{prefix}KEY {name}({}){using}",
            self.index_keys(idx)
        )
    }

    fn create_index(&mut self, ci: &CreateIndex) {
        let idx = &ci.index;
        self.note_key_options(idx);
        let method = idx.method.as_deref().map(|m| (m, self.d.index_method(m)));
        let (mut prefix, mut using_before, mut using_after) =
            (String::new(), String::new(), String::new());
        match &method {
            Some((_, IndexMethodSql::UsingBeforeKeys(m))) => using_before = format!(" USING {m}"),
            Some((_, IndexMethodSql::UsingAfterKeys(m))) => using_after = format!(" USING {m}"),
            Some((_, IndexMethodSql::Prefix(p))) => prefix = format!("{p} "),
            Some((m, IndexMethodSql::Unsupported)) => {
                let m = m.to_string();
                self.note(format!(
                    "index method `{m}` left out: {} has no such index method",
                    pretty(self.dialect)
                ));
            }
            None => {}
        }
        if let (Some((_, IndexMethodSql::Prefix(_))), Some(_)) = (&method, &ci.name) {
            // `ALTER TABLE ... ADD FULLTEXT KEY` is MySQL's other spelling, and the one sqlparser
            // (and so Strata itself) reads back.
            let sql = format!(
                "ALTER TABLE {} ADD {}",
                self.q(&ci.table),
                self.inline_index_sql(ci)
            );
            return self.stmt(sql);
        }
        let unique = if idx.unique { "UNIQUE " } else { "" };
        let concurrently = if ci.concurrently && self.d.supports_concurrent_index() {
            " CONCURRENTLY"
        } else {
            ""
        };
        let if_not_exists = if ci.if_not_exists && self.dialect != Dialect::Mysql {
            " IF NOT EXISTS"
        } else {
            ""
        };
        let name = match ci.name.as_deref() {
            Some(n) => format!("{} ", self.id(n)),
            None if self.d.supports_unnamed_index() => String::new(),
            None if self.d.drop_index_needs_table() => {
                // MySQL names it after its first column when added through ALTER TABLE.
                let sql = format!(
                    "ALTER TABLE {} ADD {}",
                    self.q(&ci.table),
                    self.inline_index_sql(ci)
                );
                self.stmt(sql);
                return;
            }
            None => {
                self.note(format!(
                    "an unnamed index on {} not rendered: {} requires index names",
                    ci.table,
                    pretty(self.dialect)
                ));
                return;
            }
        };
        let mut s = format!(
            "CREATE {unique}{prefix}INDEX{concurrently}{if_not_exists} {name}ON {}{using_before} ({}){using_after}",
            self.q(&ci.table),
            self.index_keys(idx)
        );
        if !idx.include.is_empty() {
            if self.d.supports_index_include() {
                s.push_str(&format!(" INCLUDE ({})", self.ids(&idx.include)));
            } else {
                self.note(format!(
                    "INCLUDE columns of index {} left out: {} has no covering indexes",
                    idx.name,
                    pretty(self.dialect)
                ));
            }
        }
        if let Some(p) = &idx.predicate {
            if self.d.supports_partial_indexes() {
                s.push_str(&format!(" WHERE {p}"));
            } else {
                self.note(format!(
                    "WHERE clause of index {} left out: {} has no partial indexes",
                    idx.name,
                    pretty(self.dialect)
                ));
            }
        }
        self.stmt(s);
    }

    fn create_table(&mut self, ct: &CreateTable) {
        if ct.as_query {
            self.note(format!(
                "table {} not rendered: it was created from a query, which is not modelled",
                ct.name
            ));
            return;
        }
        let mysql_like = self.d.unique_as_key();
        // SQLite: AUTOINCREMENT needs the single-column primary key written on the column.
        let inline_pk = if self.d.auto_increment_needs_inline_primary_key() {
            ct.constraints
                .iter()
                .enumerate()
                .find_map(|(i, c)| match &c.kind {
                    ConstraintKind::PrimaryKey { columns } if columns.len() == 1 => {
                        let col = columns.first()?;
                        ct.columns
                            .iter()
                            .find(|d| &d.column.name == col && d.column.auto_increment)
                            .map(|_| (i, col.clone(), c.name.clone()))
                    }
                    _ => None,
                })
        } else {
            None
        };
        let column_checks = match self.dialect {
            Dialect::Mysql => column_level_checks(&self.state, ct),
            _ => Vec::new(),
        };
        let mut lines = Vec::new();
        let mut moved = Vec::new();
        for def in &ct.columns {
            let sqlite_autoinc =
                self.d.auto_increment_needs_inline_primary_key() && def.column.auto_increment;
            // An inline PRIMARY KEY (from a parsed migration) on an AUTOINCREMENT column.
            let own_pk = def
                .constraints
                .iter()
                .find(|c| sqlite_autoinc && matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
            let pk_here = match (&inline_pk, own_pk) {
                (Some((_, col, name)), _) if col == &def.column.name => Some(name.as_deref()),
                (_, Some(c)) => Some(c.name.as_deref()),
                _ => None,
            };
            let mut line = self.column_sql(def, pk_here);
            for (c, _) in ct
                .constraints
                .iter()
                .zip(&column_checks)
                .filter(|(_, col)| **col == Some(def.column.name.as_str()))
            {
                push_check(&mut line, c);
            }
            for c in &def.constraints {
                if own_pk.is_some_and(|pk| std::ptr::eq(pk, c)) {
                    continue;
                }
                // MySQL ignores inline REFERENCES and cannot name inline keys: declare at table level.
                let to_table = mysql_like
                    && (matches!(c.kind, ConstraintKind::ForeignKey(_)) || c.name.is_some());
                if to_table {
                    moved.push(table_level(&def.column.name, c));
                } else if let Some(sql) = self.inline_constraint_sql(c) {
                    line.push(' ');
                    line.push_str(&sql);
                }
            }
            lines.push(line);
        }
        let mut notes = Vec::new();
        for (i, c) in ct.constraints.iter().chain(moved.iter()).enumerate() {
            if inline_pk.as_ref().is_some_and(|(pk, _, _)| *pk == i)
                || column_checks.get(i).is_some_and(Option::is_some)
            {
                continue;
            }
            match self.constraint_sql(c) {
                Some(sql) => lines.push(sql),
                None => notes.push(format!(
                    "constraint {} left out: {} cannot express it",
                    c.name.as_deref().unwrap_or("(unnamed)"),
                    pretty(self.dialect)
                )),
            }
        }
        if mysql_like {
            for ci in &ct.indexes {
                self.note_key_options(&ci.index);
                lines.push(self.inline_index_sql(ci));
            }
        }
        for n in notes {
            self.note(n);
        }
        let temporary = if ct.temporary { "TEMPORARY " } else { "" };
        let if_not_exists = if ct.if_not_exists {
            "IF NOT EXISTS "
        } else {
            ""
        };
        let mut s = format!(
            "CREATE {temporary}TABLE {if_not_exists}{} (\n    {}\n)",
            self.q(&ct.name),
            lines.join(",\n    ")
        );
        let mut options = Vec::new();
        if let (Some(c), true) = (&ct.comment, self.d.supports_inline_comments()) {
            options.push(format!("COMMENT={}", self.lit(c)));
        }
        if self.d.renders_table_options() {
            let (kept, left_out) = self.d.table_options(&ct.options);
            options.extend(kept);
            if !left_out.is_empty() {
                self.note(format!(
                    "options of table {} left out: {}",
                    ct.name,
                    left_out.join(", ")
                ));
            }
        }
        if !options.is_empty() {
            s.push(' ');
            s.push_str(&options.join(self.d.table_options_separator()));
        }
        self.stmt(s);
        if !mysql_like {
            for ci in &ct.indexes {
                self.create_index(ci);
            }
        }
        if let Some(c) = &ct.comment {
            self.table_comment(&ct.name, Some(c), true);
        }
        for def in &ct.columns {
            if let Some(c) = &def.column.comment {
                self.column_comment_on(&ct.name, &def.column.name, Some(c), true);
            }
        }
    }

    /// `COMMENT ON TABLE`; `created` means the comment was already written inline if it could be.
    fn table_comment(&mut self, table: &QualifiedName, comment: Option<&str>, created: bool) {
        if self.d.supports_comment_on() {
            let c = comment
                .map(|c| self.lit(c))
                .unwrap_or_else(|| "NULL".into());
            let sql = format!("COMMENT ON TABLE {} IS {c}", self.q(table));
            self.stmt(sql);
        } else if self.d.supports_inline_comments() {
            if !created {
                let sql = format!(
                    "ALTER TABLE {} COMMENT = {}",
                    self.q(table),
                    self.lit(comment.unwrap_or_default())
                );
                self.stmt(sql);
            }
        } else {
            self.note(format!(
                "comment on table {table} left out: {} has no comments",
                pretty(self.dialect)
            ));
        }
    }

    fn column_comment_on(
        &mut self,
        table: &QualifiedName,
        column: &str,
        comment: Option<&str>,
        created: bool,
    ) {
        if self.d.supports_comment_on() {
            let c = comment
                .map(|c| self.lit(c))
                .unwrap_or_else(|| "NULL".into());
            let sql = format!(
                "COMMENT ON COLUMN {}.{} IS {c}",
                self.q(table),
                self.id(column)
            );
            self.stmt(sql);
        } else if self.d.supports_inline_comments() {
            if !created {
                self.alter_column(
                    table,
                    column,
                    &ColumnChange::SetComment(comment.map(str::to_string)),
                );
            }
        } else {
            self.note(format!(
                "comment on column {table}.{column} left out: {} has no comments",
                pretty(self.dialect)
            ));
        }
    }

    fn alter_table(&mut self, table: &QualifiedName, action: impl AsRef<str>) {
        let sql = format!("ALTER TABLE {} {}", self.q(table), action.as_ref());
        self.stmt(sql);
    }

    fn alter_column(&mut self, table: &QualifiedName, column: &str, change: &ColumnChange) {
        if !self.d.supports_alter_column() {
            self.note(format!("change to column {table}.{column} not rendered: table {table} is unknown here, so it cannot be rebuilt"));
            return;
        }
        if self.d.restates_whole_column() {
            return self.modify_column(table, column, change);
        }
        let col = self.id(column);
        match change {
            ColumnChange::SetType { ty, using } => {
                let ty = normalize::type_name(ty, self.dialect);
                let using = using
                    .as_ref()
                    .map(|u| format!(" USING {u}"))
                    .unwrap_or_default();
                self.alter_table(table, format!("ALTER COLUMN {col} TYPE {ty}{using}"));
            }
            ColumnChange::SetDefault(Some(d)) => {
                let d = self.default_sql(d);
                self.alter_table(table, format!("ALTER COLUMN {col} SET DEFAULT {d}"));
            }
            ColumnChange::SetDefault(None) => {
                self.alter_table(table, format!("ALTER COLUMN {col} DROP DEFAULT"))
            }
            ColumnChange::SetNullable(true) => {
                self.alter_table(table, format!("ALTER COLUMN {col} DROP NOT NULL"))
            }
            ColumnChange::SetNullable(false) => {
                self.alter_table(table, format!("ALTER COLUMN {col} SET NOT NULL"))
            }
            ColumnChange::SetIdentity(None) => {
                self.alter_table(table, format!("ALTER COLUMN {col} DROP IDENTITY"))
            }
            ColumnChange::SetIdentity(Some(i)) => {
                let kind = match i {
                    Identity::Always => "ALWAYS",
                    Identity::ByDefault => "BY DEFAULT",
                };
                let has = self
                    .column_in_state(table, column)
                    .is_some_and(|c| c.identity.is_some());
                if has {
                    self.alter_table(table, format!("ALTER COLUMN {col} SET GENERATED {kind}"));
                } else {
                    self.alter_table(
                        table,
                        format!("ALTER COLUMN {col} ADD GENERATED {kind} AS IDENTITY"),
                    );
                }
            }
            ColumnChange::SetGenerated(None) => {
                self.alter_table(table, format!("ALTER COLUMN {col} DROP EXPRESSION"))
            }
            ColumnChange::SetGenerated(Some(_)) => {
                // PostgreSQL 15 cannot change a generation expression; generated values are
                // computed, so dropping and re-adding the column loses no data (only its position).
                match self.column_in_state(table, column) {
                    Some(mut c) => {
                        apply_column_change(&mut c, change);
                        self.note(format!("column {table}.{column} is re-created to change its generation expression"));
                        self.alter_table(table, format!("DROP COLUMN {col}"));
                        let def = self.column_sql(&ColumnDef::new(c), None);
                        self.alter_table(table, format!("ADD COLUMN {def}"));
                    }
                    None => self.note(format!(
                        "generation expression of {table}.{column} not changed: the column is unknown here"
                    )),
                }
            }
            ColumnChange::SetComment(c) => {
                self.column_comment_on(table, column, c.as_deref(), false)
            }
            ColumnChange::SetCollation(coll) => match self.column_in_state(table, column) {
                Some(c) => {
                    let ty = normalize::type_name(&c.ty, self.dialect);
                    let coll = coll
                        .as_deref()
                        .map(|c| self.id(c))
                        .unwrap_or_else(|| "\"default\"".into());
                    self.alter_table(
                        table,
                        format!("ALTER COLUMN {col} TYPE {ty} COLLATE {coll}"),
                    );
                }
                None => self.note(format!(
                    "collation of {table}.{column} not changed: the column's type is unknown here"
                )),
            },
            ColumnChange::Redefine { column: def } => {
                let new = &def.column;
                let old = self.column_in_state(table, column);
                if new.name != column {
                    self.alter_table(
                        table,
                        format!("RENAME COLUMN {col} TO {}", self.id(&new.name)),
                    );
                }
                let changes = redefine_changes(old.as_ref(), new);
                for ch in &changes {
                    self.alter_column(table, &new.name, ch);
                }
            }
        }
    }

    /// MySQL: every change but the default restates the column with `MODIFY COLUMN`.
    fn modify_column(&mut self, table: &QualifiedName, column: &str, change: &ColumnChange) {
        let col = self.id(column);
        match change {
            ColumnChange::SetDefault(Some(d)) => {
                let d = self.default_sql(d);
                return self.alter_table(table, format!("ALTER COLUMN {col} SET DEFAULT {d}"));
            }
            ColumnChange::SetDefault(None) => {
                return self.alter_table(table, format!("ALTER COLUMN {col} DROP DEFAULT"))
            }
            ColumnChange::Redefine { column: def } => {
                let position = self.position_sql(def.position.as_ref());
                let mut sql = self.column_sql(def, None);
                // Restating a column replaces its own (column-level) checks: they are restated.
                for c in def.constraints.iter().filter(|c| c.name.is_none()) {
                    push_check(&mut sql, c);
                }
                let verb = if def.column.name == column {
                    "MODIFY COLUMN".to_string()
                } else {
                    format!("CHANGE COLUMN {col}")
                };
                return self.alter_table(table, format!("{verb} {sql}{position}"));
            }
            _ => {}
        }
        match self.column_in_state(table, column) {
            Some(mut c) => {
                apply_column_change(&mut c, change);
                let sql = self.restated_column_sql(table, c);
                self.alter_table(table, format!("MODIFY COLUMN {sql}"));
            }
            None => self.note(format!(
                "change to column {table}.{column} not rendered: {} restates the whole column and the column is unknown here",
                pretty(self.dialect)
            )),
        }
    }

    /// Where the dialect restates whole columns: the end of the run of two or more consecutive
    /// changes to the column changed by `ops[start]`, when that column is known.
    fn restated_run(&self, ops: &[Op], start: usize) -> Option<usize> {
        if !self.d.restates_whole_column() {
            return None;
        }
        let Some(Op::AlterColumn { table, column, .. }) = ops.get(start) else {
            return None;
        };
        self.column_in_state(table, column)?;
        let same = |o: &Op| match o {
            Op::AlterColumn {
                table: t,
                column: c,
                change,
            } => t == table && c == column && !matches!(change, ColumnChange::Redefine { .. }),
            _ => false,
        };
        let end = start + ops.get(start..)?.iter().take_while(|o| same(o)).count();
        (end > start + 1).then_some(end)
    }

    fn modify_column_once(&mut self, ops: &[Op]) {
        let Some(Op::AlterColumn { table, column, .. }) = ops.first() else {
            return;
        };
        let Some(mut col) = self.column_in_state(table, column) else {
            return;
        };
        for op in ops {
            if let Op::AlterColumn { change, .. } = op {
                apply_column_change(&mut col, change);
            }
        }
        let sql = self.restated_column_sql(table, col);
        self.alter_table(table, format!("MODIFY COLUMN {sql}"));
    }

    /// A column of `table` restated with `MODIFY COLUMN`, with its own checks (MariaDB drops the
    /// column-level checks of a column it redefines).
    fn restated_column_sql(&self, table: &QualifiedName, col: Column) -> String {
        let own = match self.state.tables.get(table) {
            Some(t) => crate::simulate::columns::own_checks(&self.state, t, &col.name),
            None => Vec::new(),
        };
        let mut sql = self.column_sql(&ColumnDef::new(col), None);
        for c in &own {
            push_check(&mut sql, c);
        }
        sql
    }

    fn position_sql(&self, p: Option<&ColumnPosition>) -> String {
        match p {
            Some(ColumnPosition::First) if self.dialect == Dialect::Mysql => " FIRST".into(),
            Some(ColumnPosition::After(c)) if self.dialect == Dialect::Mysql => {
                format!(" AFTER {}", self.id(c))
            }
            _ => String::new(),
        }
    }

    /// The kind of constraint `name` of `table`, as the database has it now.
    fn kind_in_state(&self, table: &QualifiedName, name: &str) -> Option<ConstraintKindTag> {
        let t = self.state.tables.get(table)?;
        if let Some(c) = t.constraint(name) {
            return Some(match c.kind {
                ConstraintKind::PrimaryKey { .. } => ConstraintKindTag::PrimaryKey,
                ConstraintKind::Unique { .. } => ConstraintKindTag::Unique,
                ConstraintKind::Check { .. } | ConstraintKind::Exclude { .. } => {
                    ConstraintKindTag::Check
                }
                ConstraintKind::ForeignKey(_) => ConstraintKindTag::ForeignKey,
            });
        }
        t.indexes
            .iter()
            .any(|i| i.name == name)
            .then_some(ConstraintKindTag::Index)
    }

    fn drop_constraint(
        &mut self,
        table: &QualifiedName,
        name: &str,
        kind: Option<ConstraintKindTag>,
        if_exists: bool,
        cascade: bool,
    ) {
        let n = self.id(name);
        if self.d.unique_as_key() {
            // MySQL drops each kind with its own clause.
            let action = match kind {
                Some(ConstraintKindTag::PrimaryKey) => "DROP PRIMARY KEY".to_string(),
                Some(ConstraintKindTag::Unique | ConstraintKindTag::Index) => {
                    format!("DROP INDEX {n}")
                }
                Some(ConstraintKindTag::ForeignKey) => format!("DROP FOREIGN KEY {n}"),
                Some(ConstraintKindTag::Check) | None => format!("DROP CONSTRAINT {n}"),
            };
            return self.alter_table(table, action);
        }
        if kind == Some(ConstraintKindTag::Index) {
            let sql = format!(
                "DROP INDEX {}{}",
                if if_exists { "IF EXISTS " } else { "" },
                self.index_name(table, name)
            );
            return self.stmt(sql);
        }
        let if_exists = if if_exists { "IF EXISTS " } else { "" };
        let cascade = if cascade && self.d.supports_cascade() {
            " CASCADE"
        } else {
            ""
        };
        self.alter_table(table, format!("DROP CONSTRAINT {if_exists}{n}{cascade}"));
    }

    /// An index name as DROP INDEX wants it: in the table's namespace.
    fn index_name(&self, table: &QualifiedName, name: &str) -> String {
        self.q(&QualifiedName {
            schema: table.schema.clone(),
            name: name.to_string(),
        })
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

    fn op(&mut self, op: &Op) {
        let d = self.d;
        let dialect = self.dialect;
        let name_of = pretty(dialect);
        match op {
            Op::CreateSchema { name, if_not_exists } => {
                if d.supports_namespaces() {
                    let sql = format!(
                        "CREATE SCHEMA {}{}",
                        if *if_not_exists { "IF NOT EXISTS " } else { "" },
                        self.id(name)
                    );
                    self.stmt(sql);
                } else {
                    self.note(format!(
                        "schema {name} not rendered: {name_of} has no schemas (attach a database instead)"
                    ));
                }
            }
            Op::DropSchema { name, if_exists, cascade } => {
                if d.supports_namespaces() {
                    let sql = format!(
                        "DROP SCHEMA {}{}{}",
                        Self::if_exists(*if_exists),
                        self.id(name),
                        self.cascade(*cascade)
                    );
                    self.stmt(sql);
                } else {
                    self.note(format!("DROP SCHEMA {name} not rendered: {name_of} has no schemas"));
                }
            }
            Op::CreateTable(ct) => self.create_table(ct),
            // `run` renders it (with the state), so this is reached from nowhere else.
            Op::RebuildTable { table, ops } => self.rebuild_table(table, ops),
            Op::DropTable { name, if_exists, cascade } => {
                let sql =
                    format!("DROP TABLE {}{}{}", Self::if_exists(*if_exists), self.q(name), self.cascade(*cascade));
                self.stmt(sql);
            }
            Op::RenameTable { from, to } => {
                // PostgreSQL moves a table with SET SCHEMA (its owned sequences go along);
                // RENAME TO keeps the namespace.
                let mut from = from.clone();
                if dialect == Dialect::Postgres && to.schema.is_some() && to.schema != from.schema {
                    let ns = to.schema.as_deref().map(|s| self.id(s)).unwrap_or_default();
                    self.alter_table(&from, format!("SET SCHEMA {ns}"));
                    from.schema.clone_from(&to.schema);
                }
                if from.name != to.name {
                    let to = self.id(&to.name);
                    self.alter_table(&from, format!("RENAME TO {to}"));
                }
            }
            Op::SetTableComment { table, comment } => self.table_comment(table, comment.as_deref(), false),
            Op::SetTableOptions { table, options } => {
                if d.renders_table_options() && dialect == Dialect::Mysql {
                    let (kept, left_out) = d.table_options(options);
                    if !left_out.is_empty() {
                        self.note(format!("options of table {table} left out: {}", left_out.join(", ")));
                    }
                    // The model reads a column without a collation as "the table's": a new
                    // default character set must reach the columns too, which CONVERT TO does.
                    let charset = kept.iter().find_map(|o| o.strip_prefix("DEFAULT CHARSET="));
                    let collate = kept.iter().find_map(|o| o.strip_prefix("COLLATE="));
                    let mut clauses = Vec::new();
                    if let Some(cs) = charset {
                        let co = collate.map(|c| format!(" COLLATE {c}")).unwrap_or_default();
                        clauses.push(format!("CONVERT TO CHARACTER SET {cs}{co}"));
                    }
                    let rest: Vec<&str> = kept
                        .iter()
                        .filter(|o| charset.is_none() || !(o.starts_with("DEFAULT CHARSET=") || o.starts_with("COLLATE=")))
                        .map(String::as_str)
                        .collect();
                    if !rest.is_empty() {
                        clauses.push(rest.join(" "));
                    }
                    if !clauses.is_empty() {
                        self.alter_table(table, clauses.join(", "));
                    }
                } else {
                    self.note(format!("options of table {table} ({}) not rendered for {name_of}", options.join(", ")));
                }
            }
            Op::AddColumn { table, column, if_not_exists } => {
                let ine = if *if_not_exists && d.supports_add_column_if_not_exists() { "IF NOT EXISTS " } else { "" };
                let mut sql = self.column_sql(column, None);
                let mut extra = Vec::new();
                for c in &column.constraints {
                    if d.unique_as_key() && (matches!(c.kind, ConstraintKind::ForeignKey(_)) || c.name.is_some()) {
                        extra.push(table_level(&column.column.name, c));
                    } else if let Some(s) = self.inline_constraint_sql(c) {
                        sql.push(' ');
                        sql.push_str(&s);
                    }
                }
                let position = self.position_sql(column.position.as_ref());
                self.alter_table(table, format!("ADD COLUMN {ine}{sql}{position}"));
                for c in extra {
                    self.add_constraint(table, &c);
                }
                if let Some(c) = &column.column.comment {
                    if d.supports_comment_on() {
                        self.column_comment_on(table, &column.column.name, Some(c), true);
                    }
                }
            }
            Op::DropColumn { table, column, if_exists, cascade } => {
                let sql = format!(
                    "DROP COLUMN {}{}{}",
                    Self::if_exists(*if_exists && dialect != Dialect::Sqlite),
                    self.id(column),
                    self.cascade(*cascade)
                );
                self.alter_table(table, sql);
            }
            Op::RenameColumn { table, from, to } => {
                let sql = format!("RENAME COLUMN {} TO {}", self.id(from), self.id(to));
                self.alter_table(table, sql);
            }
            Op::AlterColumn { table, column, change } => self.alter_column(table, column, change),
            Op::AddConstraint { table, constraint } => self.add_constraint(table, constraint),
            Op::DropConstraint { table, name, if_exists, cascade } => {
                let kind = self.kind_in_state(table, name);
                if !d.supports_alter_constraints() {
                    return self.note(format!("DROP CONSTRAINT {name} on {table} not rendered: table {table} is unknown here, so it cannot be rebuilt"));
                }
                // A unique constraint is an index in MySQL but a constraint elsewhere.
                let kind = if d.unique_as_key() { kind } else { kind.filter(|k| *k != ConstraintKindTag::Index) };
                self.drop_constraint(table, name, kind, *if_exists, *cascade);
            }
            Op::RenameConstraint { table, from, to } => {
                if dialect == Dialect::Postgres {
                    let sql = format!("RENAME CONSTRAINT {} TO {}", self.id(from), self.id(to));
                    self.alter_table(table, sql);
                } else if d.unique_as_key()
                    && matches!(
                        self.kind_in_state(table, from),
                        Some(ConstraintKindTag::Unique | ConstraintKindTag::Index)
                    )
                {
                    let sql = format!("RENAME INDEX {} TO {}", self.id(from), self.id(to));
                    self.alter_table(table, sql);
                } else {
                    self.note(format!(
                        "rename of constraint {from} on {table} to {to} not rendered: {name_of} cannot rename it"
                    ));
                }
            }
            Op::AlterConstraint { table, name, deferrable } => {
                if dialect == Dialect::Postgres {
                    let clause = match deferrable {
                        Deferrable::Not => "NOT DEFERRABLE",
                        Deferrable::InitiallyImmediate => "DEFERRABLE INITIALLY IMMEDIATE",
                        Deferrable::InitiallyDeferred => "DEFERRABLE INITIALLY DEFERRED",
                    };
                    let sql = format!("ALTER CONSTRAINT {} {clause}", self.id(name));
                    self.alter_table(table, sql);
                } else {
                    self.note(format!(
                        "deferrability of {name} on {table} not rendered: {name_of} has no deferrable constraints"
                    ));
                }
            }
            Op::DropPrimaryKey { table } => {
                let pk = self.state.tables.get(table).and_then(|t| t.primary_key()).map(|c| c.name.clone());
                match (d.unique_as_key(), pk) {
                    (true, _) => self.alter_table(table, "DROP PRIMARY KEY"),
                    (false, Some(name)) if d.supports_alter_constraints() => {
                        self.drop_constraint(table, &name, Some(ConstraintKindTag::PrimaryKey), false, false)
                    }
                    _ => self.note(format!(
                        "DROP PRIMARY KEY on {table} not rendered: the primary key of {table} is unknown here"
                    )),
                }
            }
            Op::DropConstraintOfKind { table, name, kind } => {
                if *kind == ConstraintKindTag::Index && !d.unique_as_key() {
                    let sql = format!("DROP INDEX {}", self.index_name(table, name));
                    self.stmt(sql);
                } else if d.supports_alter_constraints() {
                    self.drop_constraint(table, name, Some(*kind), false, false);
                } else {
                    self.note(format!("DROP CONSTRAINT {name} on {table} not rendered: table {table} is unknown here, so it cannot be rebuilt"));
                }
            }
            Op::CreateIndex(ci) => self.create_index(ci),
            Op::DropIndex { name, table, if_exists } => {
                if d.drop_index_needs_table() {
                    let owner = table.clone().or_else(|| {
                        self.state
                            .tables
                            .values()
                            .find(|t| t.indexes.iter().any(|i| i.name == name.name))
                            .map(|t| t.name.clone())
                    });
                    match owner {
                        Some(t) => {
                            let sql = format!(
                                "DROP INDEX {}{} ON {}",
                                Self::if_exists(*if_exists),
                                self.id(&name.name),
                                self.q(&t)
                            );
                            self.stmt(sql);
                        }
                        None => self.note(format!(
                            "DROP INDEX {name} not rendered: {name_of} needs its table, which is unknown here"
                        )),
                    }
                } else {
                    let sql = format!("DROP INDEX {}{}", Self::if_exists(*if_exists), self.q(name));
                    self.stmt(sql);
                }
            }
            Op::RenameIndex { table, from, to } => match dialect {
                Dialect::Postgres => {
                    let sql = format!("ALTER INDEX {} RENAME TO {}", self.q(from), self.id(to));
                    self.stmt(sql);
                }
                Dialect::Mysql => {
                    let owner = table.clone().or_else(|| {
                        self.state
                            .tables
                            .values()
                            .find(|t| t.indexes.iter().any(|i| i.name == from.name))
                            .map(|t| t.name.clone())
                    });
                    match owner {
                        Some(t) => {
                            let sql = format!("RENAME INDEX {} TO {}", self.id(&from.name), self.id(to));
                            self.alter_table(&t, sql);
                        }
                        None => self.note(format!("rename of index {from} not rendered: its table is unknown here")),
                    }
                }
                Dialect::Sqlite => {
                    let found = self.state.tables.values().find_map(|t| {
                        t.indexes.iter().find(|i| i.name == from.name).map(|i| (t.name.clone(), i.clone()))
                    });
                    match found {
                        Some((t, mut idx)) => {
                            let sql = format!("DROP INDEX {}", self.id(&from.name));
                            self.stmt(sql);
                            idx.name = to.clone();
                            self.create_index(&create_index_op(&t, &idx));
                        }
                        None => self.note(format!("rename of index {from} not rendered: SQLite re-creates the index, whose definition is unknown here")),
                    }
                }
            },
            Op::CreateView { view, or_replace, if_not_exists } => {
                if view.materialized && !d.supports_materialized_views() {
                    self.note(format!(
                        "view {} is materialized in the model; {name_of} has plain views only",
                        view.name
                    ));
                }
                let materialized =
                    if view.materialized && d.supports_materialized_views() { "MATERIALIZED " } else { "" };
                let or_replace = if *or_replace && d.supports_create_or_replace_view() && materialized.is_empty() {
                    "OR REPLACE "
                } else {
                    ""
                };
                let ine = if *if_not_exists && (d.supports_view_if_not_exists() || !materialized.is_empty()) {
                    "IF NOT EXISTS "
                } else {
                    ""
                };
                let sql = format!(
                    "CREATE {or_replace}{materialized}VIEW {ine}{} AS {}",
                    self.q(&view.name),
                    view.query.trim().trim_end_matches(';')
                );
                self.stmt(sql);
            }
            Op::DropView { name, if_exists, materialized, cascade } => {
                let m = if *materialized && d.supports_materialized_views() { "MATERIALIZED " } else { "" };
                let c = if *cascade { " CASCADE" } else { "" };
                let sql = format!("DROP {m}VIEW {}{}{c}", Self::if_exists(*if_exists), self.q(name));
                self.stmt(sql);
            }
            Op::RenameView { from, to } => match dialect {
                Dialect::Postgres => {
                    let m = self.state.views.get(from).is_some_and(|v| v.materialized);
                    let sql = format!(
                        "ALTER {}VIEW {} RENAME TO {}",
                        if m { "MATERIALIZED " } else { "" },
                        self.q(from),
                        self.id(&to.name)
                    );
                    self.stmt(sql);
                }
                Dialect::Mysql => {
                    let sql = format!("RENAME TABLE {} TO {}", self.q(from), self.q(to));
                    self.stmt(sql);
                }
                Dialect::Sqlite => match self.state.views.get(from).cloned() {
                    Some(mut v) => {
                        let sql = format!("DROP VIEW {}", self.q(from));
                        self.stmt(sql);
                        v.name = to.clone();
                        self.op(&Op::CreateView { view: v, or_replace: false, if_not_exists: false });
                    }
                    None => self.note(format!(
                        "rename of view {from} not rendered: SQLite re-creates the view, whose query is unknown here"
                    )),
                },
            },
            Op::CreateEnum { ty, .. } => {
                if d.supports_enum_types() {
                    let values: Vec<String> = ty.values.iter().map(|v| self.lit(v)).collect();
                    // PostgreSQL has no CREATE TYPE IF NOT EXISTS; `if_not_exists` cannot be honoured.
                    let sql = format!("CREATE TYPE {} AS ENUM ({})", self.q(&ty.name), values.join(", "));
                    self.stmt(sql);
                } else {
                    self.note(format!("enum type {} not rendered: {name_of} has no named enum types", ty.name));
                }
            }
            Op::AddEnumValue { name, value, position, if_not_exists } => {
                if d.supports_enum_types() {
                    let ine = if *if_not_exists { "IF NOT EXISTS " } else { "" };
                    let pos = match position {
                        EnumPosition::End => String::new(),
                        EnumPosition::Before(v) => format!(" BEFORE {}", self.lit(v)),
                        EnumPosition::After(v) => format!(" AFTER {}", self.lit(v)),
                    };
                    let sql = format!("ALTER TYPE {} ADD VALUE {ine}{}{pos}", self.q(name), self.lit(value));
                    self.stmt(sql);
                } else {
                    self.note(format!("new value of enum type {name} not rendered: {name_of} has no named enum types"));
                }
            }
            Op::RenameEnumValue { name, from, to } => {
                if d.supports_enum_types() {
                    let sql =
                        format!("ALTER TYPE {} RENAME VALUE {} TO {}", self.q(name), self.lit(from), self.lit(to));
                    self.stmt(sql);
                } else {
                    self.note(format!(
                        "renamed value of enum type {name} not rendered: {name_of} has no named enum types"
                    ));
                }
            }
            Op::DropType { name, if_exists, cascade } => {
                if d.supports_enum_types() {
                    let sql =
                        format!("DROP TYPE {}{}{}", Self::if_exists(*if_exists), self.q(name), self.cascade(*cascade));
                    self.stmt(sql);
                } else {
                    self.note(format!("DROP TYPE {name} not rendered: {name_of} has no named types"));
                }
            }
            Op::RenameType { from, to } => {
                if d.supports_enum_types() {
                    let sql = format!("ALTER TYPE {} RENAME TO {}", self.q(from), self.id(&to.name));
                    self.stmt(sql);
                } else {
                    self.note(format!("rename of type {from} not rendered: {name_of} has no named types"));
                }
            }
            Op::CreateOpaqueType { name, .. } => {
                self.note(format!("type {name} not rendered: its definition is not modelled"));
            }
            Op::CreateSequence { seq, if_not_exists } => {
                if !d.supports_sequences() {
                    return self.note(format!("sequence {} not rendered: {name_of} has no sequences", seq.name));
                }
                let mut s = format!(
                    "CREATE SEQUENCE {}{}",
                    if *if_not_exists { "IF NOT EXISTS " } else { "" },
                    self.q(&seq.name)
                );
                if let (Some(ty), true) = (&seq.data_type, d.supports_sequence_options()) {
                    s.push_str(&format!(" AS {}", normalize::type_name(ty, dialect)));
                }
                if let Some(i) = seq.increment {
                    s.push_str(&format!(" INCREMENT BY {i}"));
                }
                if let Some(st) = seq.start {
                    s.push_str(&format!(" START WITH {st}"));
                }
                if let (Some((t, c)), true) = (&seq.owned_by, d.supports_sequence_options()) {
                    s.push_str(&format!(" OWNED BY {}.{}", self.q(t), self.id(c)));
                }
                self.stmt(s);
            }
            Op::AlterSequence { name, owned_by, start, increment } => {
                if !d.supports_sequences() {
                    return self.note(format!("change to sequence {name} not rendered: {name_of} has no sequences"));
                }
                let mut s = format!("ALTER SEQUENCE {}", self.q(name));
                let before = s.len();
                if let Some(i) = increment {
                    s.push_str(&format!(" INCREMENT BY {i}"));
                }
                if let Some(st) = start {
                    s.push_str(&format!(" START WITH {st}"));
                }
                if let (Some(owner), true) = (owned_by, d.supports_sequence_options()) {
                    match owner {
                        Some((t, c)) => s.push_str(&format!(" OWNED BY {}.{}", self.q(t), self.id(c))),
                        None => s.push_str(" OWNED BY NONE"),
                    }
                }
                if s.len() > before {
                    self.stmt(s);
                }
            }
            Op::DropSequence { name, if_exists, cascade } => {
                if d.supports_sequences() {
                    let sql = format!(
                        "DROP SEQUENCE {}{}{}",
                        Self::if_exists(*if_exists),
                        self.q(name),
                        self.cascade(*cascade)
                    );
                    self.stmt(sql);
                } else {
                    self.note(format!("DROP SEQUENCE {name} not rendered: {name_of} has no sequences"));
                }
            }
            Op::RenameSequence { from, to } => match dialect {
                Dialect::Postgres => {
                    let sql = format!("ALTER SEQUENCE {} RENAME TO {}", self.q(from), self.id(to));
                    self.stmt(sql);
                }
                Dialect::Mysql => {
                    // Unqualified, RENAME TABLE would move it to the current database.
                    let to = QualifiedName { schema: from.schema.clone(), name: to.clone() };
                    let sql = format!("RENAME TABLE {} TO {}", self.q(from), self.q(&to));
                    self.stmt(sql);
                }
                Dialect::Sqlite => {
                    self.note(format!("rename of sequence {from} not rendered: SQLite has no sequences"))
                }
            },
            Op::CreateExtension { name, if_not_exists } => {
                if d.supports_extensions() {
                    let sql = format!(
                        "CREATE EXTENSION {}{}",
                        if *if_not_exists { "IF NOT EXISTS " } else { "" },
                        self.id(name)
                    );
                    self.stmt(sql);
                } else {
                    self.note(format!("extension {name} not rendered: {name_of} has no extensions"));
                }
            }
            Op::DropExtension { name, if_exists } => {
                if d.supports_extensions() {
                    let sql = format!("DROP EXTENSION {}{}", Self::if_exists(*if_exists), self.id(name));
                    self.stmt(sql);
                } else {
                    self.note(format!("DROP EXTENSION {name} not rendered: {name_of} has no extensions"));
                }
            }
            Op::CreateFunction { name, args, or_replace, definition, .. } => {
                let Some(sql) = self.stored_statement(definition) else {
                    return self.note(self.not_verbatim(&format!("function {name}({args})"), definition));
                };
                if dialect == Dialect::Postgres && !self.function_bodies_unchecked {
                    // As pg_dump does: a SQL-language body may read tables that come later.
                    self.stmt("SET check_function_bodies = false");
                    self.function_bodies_unchecked = true;
                }
                let sql = if *or_replace { or_replace_statement(&sql, dialect) } else { sql };
                self.stmt(sql);
            }
            Op::DropFunction { name, args, if_exists, cascade } => match dialect {
                Dialect::Sqlite => self.note(format!("DROP FUNCTION {name} not rendered: SQLite has no SQL functions")),
                Dialect::Mysql => {
                    let sql = format!("DROP FUNCTION {}{}", Self::if_exists(*if_exists), self.q(name));
                    self.stmt(sql);
                }
                Dialect::Postgres => {
                    let args = args.as_ref().map(|a| format!("({a})")).unwrap_or_default();
                    let cascade = if *cascade { " CASCADE" } else { "" };
                    let sql = format!("DROP FUNCTION {}{}{args}{cascade}", Self::if_exists(*if_exists), self.q(name));
                    self.stmt(sql);
                }
            },
            Op::RenameFunction { name, args, to } => match dialect {
                Dialect::Postgres => {
                    let args = args.as_ref().map(|a| format!("({a})")).unwrap_or_default();
                    let sql = format!("ALTER FUNCTION {}{args} RENAME TO {}", self.q(name), self.id(to));
                    self.stmt(sql);
                }
                // MariaDB cannot rename a stored function; SQLite has none.
                Dialect::Mysql => self.note(format!("ALTER FUNCTION {name} RENAME TO {to} not rendered: MariaDB cannot rename a function")),
                Dialect::Sqlite => self.note(format!("ALTER FUNCTION {name} RENAME TO {to} not rendered: SQLite has no SQL functions")),
            },
            Op::CreateTrigger { table, name, definition, .. } => match self.stored_statement(definition) {
                Some(sql) => self.stmt(sql),
                None => self.note(self.not_verbatim(&format!("trigger {name} on {table}"), definition)),
            },
            Op::DropTrigger { table, name, if_exists } => {
                let on =
                    if dialect == Dialect::Postgres {
                        let owner = table.clone().or_else(|| {
                            self.state
                                .tables
                                .values()
                                .find(|t| t.triggers.iter().any(|tr| &tr.name == name))
                                .map(|t| t.name.clone())
                        });
                        match owner {
                            Some(t) => format!(" ON {}", self.q(&t)),
                            None => return self.note(format!(
                                "DROP TRIGGER {name} not rendered: PostgreSQL needs its table, which is unknown here"
                            )),
                        }
                    } else {
                        String::new()
                    };
                let sql = format!("DROP TRIGGER {}{}{on}", Self::if_exists(*if_exists), self.id(name));
                self.stmt(sql);
            }
            Op::RenameTrigger { table, from, to } => {
                if dialect == Dialect::Postgres {
                    let sql = format!("ALTER TRIGGER {} ON {} RENAME TO {}", self.id(from), self.q(table), self.id(to));
                    self.stmt(sql);
                } else {
                    self.note(format!(
                        "rename of trigger {from} on {table} not rendered: {name_of} cannot rename triggers"
                    ));
                }
            }
            Op::SetColumnComment { table, column, comment } => {
                self.column_comment_on(table, column, comment.as_deref(), false)
            }
            // A data statement is replayed as written in its own dialect; elsewhere it is a note.
            Op::Data { kind, table, rows, sql } => match self.stored_statement(sql) {
                Some(sql) => self.stmt(sql),
                None => {
                    let what = format!("{kind:?}").to_ascii_lowercase();
                    let table = table.as_ref().map(|t| format!(" on {t}")).unwrap_or_default();
                    let rows = rows.map(|n| format!(" ({n} rows)")).unwrap_or_default();
                    self.note(format!("data change ({what}{table}{rows}) not rendered: data is not modelled"));
                }
            },
            Op::NoEffect { what } => self.note(format!("{what}: no schema effect, not rendered")),
            Op::SetForeignKeyChecks { enabled } => match self.dialect {
                Dialect::Mysql => self.stmt(format!("SET FOREIGN_KEY_CHECKS = {}", u8::from(*enabled))),
                _ => self.note("SET FOREIGN_KEY_CHECKS: MySQL only, not rendered".to_string()),
            },
        }
    }

    /// A stored CREATE FUNCTION / CREATE TRIGGER statement, when it can be replayed here.
    fn stored_statement(&self, definition: &str) -> Option<String> {
        let sql = definition.trim().trim_end_matches(';').trim_end();
        (self.verbatim && !sql.is_empty()).then(|| sql.to_string())
    }

    /// Why a stored statement is left out, for the note that replaces it.
    fn not_verbatim(&self, what: &str, definition: &str) -> String {
        if definition.trim().is_empty() {
            format!("{what} not rendered: its statement is unknown (bodies are opaque)")
        } else {
            format!(
                "{what} not rendered: its body is opaque and was written for another database than {}",
                pretty(self.dialect)
            )
        }
    }

    fn add_constraint(&mut self, table: &QualifiedName, c: &ConstraintDef) {
        if !self.d.supports_alter_constraints() {
            return self.note(format!(
                "ADD CONSTRAINT on {table} not rendered: table {table} is unknown here, so it cannot be rebuilt"
            ));
        }
        match self.constraint_sql(c) {
            Some(mut sql) => {
                if c.not_valid && self.dialect == Dialect::Postgres {
                    sql.push_str(" NOT VALID");
                }
                self.alter_table(table, format!("ADD {sql}"));
            }
            None => self.note(format!(
                "constraint {} on {table} not rendered: {} cannot express it",
                c.name.as_deref().unwrap_or("(unnamed)"),
                pretty(self.dialect)
            )),
        }
    }

    /// The table an op changes in a way SQLite's ALTER TABLE cannot, when it must be rebuilt.
    fn rebuild_target(&self, op: &Op) -> Option<QualifiedName> {
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
    fn rebuild(&mut self, name: &QualifiedName, ops: &[Op]) {
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

/// For each constraint of `ct`, the column it belongs to when it is a MariaDB column-level check
/// (see `check_column`): it is written on that column, as MariaDB shows it.
fn column_level_checks<'a>(state: &Schema, ct: &'a CreateTable) -> Vec<Option<&'a str>> {
    ct.constraints
        .iter()
        .map(|c| match (&c.kind, &c.name) {
            (ConstraintKind::Check { .. }, Some(name)) => check_column(
                state,
                name,
                ct.columns.iter().map(|d| d.column.name.as_str()),
            ),
            _ => None,
        })
        .collect()
}

/// ` CHECK (expr)` after a column definition, for a check constraint.
fn push_check(line: &mut String, c: &ConstraintDef) {
    if let ConstraintKind::Check { expr } = &c.kind {
        line.push_str(&format!(" CHECK ({expr})"));
    }
}

/// `CREATE FUNCTION ...` as `CREATE OR REPLACE FUNCTION ...` (PostgreSQL and MariaDB accept
/// it; statements that already say so, or are not a plain CREATE, are left alone).
fn or_replace_statement(sql: &str, dialect: Dialect) -> String {
    if dialect == Dialect::Sqlite {
        return sql.to_string();
    }
    let mut words = sql.split_whitespace();
    let create = words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("create"));
    let next = words.next().unwrap_or_default();
    if !create || next.eq_ignore_ascii_case("or") {
        return sql.to_string();
    }
    let rest = sql.trim_start().get(6..).unwrap_or_default();
    format!("CREATE OR REPLACE{rest}")
}

/// The column changes that turn `old` into `new` (all of them when `old` is unknown).
fn redefine_changes(old: Option<&Column>, new: &Column) -> Vec<ColumnChange> {
    let mut v = Vec::new();
    let differs = |f: &dyn Fn(&Column) -> bool| old.is_none_or(|o| !f(o));
    if differs(&|o| o.ty == new.ty) {
        v.push(ColumnChange::SetType {
            ty: new.ty.clone(),
            using: None,
        });
    }
    if differs(&|o| o.collation == new.collation) && (old.is_some() || new.collation.is_some()) {
        v.push(ColumnChange::SetCollation(new.collation.clone()));
    }
    if differs(&|o| o.nullable == new.nullable) {
        v.push(ColumnChange::SetNullable(new.nullable));
    }
    if differs(&|o| o.default == new.default) {
        v.push(ColumnChange::SetDefault(new.default.clone()));
    }
    if differs(&|o| o.identity == new.identity) && (old.is_some() || new.identity.is_some()) {
        v.push(ColumnChange::SetIdentity(new.identity));
    }
    if differs(&|o| o.generated == new.generated) && (old.is_some() || new.generated.is_some()) {
        v.push(ColumnChange::SetGenerated(new.generated.clone()));
    }
    if differs(&|o| o.comment == new.comment) && (old.is_some() || new.comment.is_some()) {
        v.push(ColumnChange::SetComment(new.comment.clone()));
    }
    v
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
