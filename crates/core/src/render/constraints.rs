//! Constraints and indexes: their definitions (inline and table-level), ADD / DROP / RENAME /
//! ALTER CONSTRAINT, CREATE / DROP / RENAME INDEX.

use super::{pretty, Renderer};
use crate::dialect::{Dialect, IndexMethodSql};
use crate::op::from_schema::create_index_op;
use crate::op::{ConstraintDef, ConstraintKindTag, CreateIndex};
use crate::schema::{
    ConstraintKind, Deferrable, FkAction, ForeignKey, Index, IndexKey, QualifiedName,
};

impl Renderer {
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
    pub(super) fn constraint_sql(&self, c: &ConstraintDef) -> Option<String> {
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
    pub(super) fn inline_constraint_sql(&self, c: &ConstraintDef) -> Option<String> {
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
    pub(super) fn note_key_options(&mut self, index: &Index) {
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
    pub(super) fn inline_index_sql(&self, ci: &CreateIndex) -> String {
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

    pub(super) fn create_index(&mut self, ci: &CreateIndex) {
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

    pub(super) fn add_constraint(&mut self, table: &QualifiedName, c: &ConstraintDef) {
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

    pub(super) fn drop_named_constraint(
        &mut self,
        table: &QualifiedName,
        name: &str,
        if_exists: bool,
        cascade: bool,
    ) {
        let d = self.d;
        let kind = self.kind_in_state(table, name);
        if !d.supports_alter_constraints() {
            return self.note(format!("DROP CONSTRAINT {name} on {table} not rendered: table {table} is unknown here, so it cannot be rebuilt"));
        }
        // A unique constraint is an index in MySQL but a constraint elsewhere.
        let kind = if d.unique_as_key() {
            kind
        } else {
            kind.filter(|k| *k != ConstraintKindTag::Index)
        };
        self.drop_constraint(table, name, kind, if_exists, cascade);
    }

    pub(super) fn rename_constraint(&mut self, table: &QualifiedName, from: &str, to: &str) {
        let d = self.d;
        let dialect = self.dialect;
        let name_of = pretty(self.dialect);
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

    pub(super) fn alter_constraint(
        &mut self,
        table: &QualifiedName,
        name: &str,
        deferrable: Deferrable,
    ) {
        let dialect = self.dialect;
        let name_of = pretty(self.dialect);
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

    pub(super) fn drop_primary_key(&mut self, table: &QualifiedName) {
        let d = self.d;
        let pk = self
            .state
            .tables
            .get(table)
            .and_then(|t| t.primary_key())
            .map(|c| c.name.clone());
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

    pub(super) fn drop_constraint_of_kind(
        &mut self,
        table: &QualifiedName,
        name: &str,
        kind: ConstraintKindTag,
    ) {
        let d = self.d;
        if kind == ConstraintKindTag::Index && !d.unique_as_key() {
            let sql = format!("DROP INDEX {}", self.index_name(table, name));
            self.stmt(sql);
        } else if d.supports_alter_constraints() {
            self.drop_constraint(table, name, Some(kind), false, false);
        } else {
            self.note(format!("DROP CONSTRAINT {name} on {table} not rendered: table {table} is unknown here, so it cannot be rebuilt"));
        }
    }

    pub(super) fn drop_index(
        &mut self,
        name: &QualifiedName,
        table: &Option<QualifiedName>,
        if_exists: bool,
    ) {
        let d = self.d;
        let name_of = pretty(self.dialect);
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
                        Self::if_exists(if_exists),
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
            let sql = format!("DROP INDEX {}{}", Self::if_exists(if_exists), self.q(name));
            self.stmt(sql);
        }
    }

    pub(super) fn rename_index(
        &mut self,
        table: &Option<QualifiedName>,
        from: &QualifiedName,
        to: &str,
    ) {
        let dialect = self.dialect;
        match dialect {
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
                        let sql =
                            format!("RENAME INDEX {} TO {}", self.id(&from.name), self.id(to));
                        self.alter_table(&t, sql);
                    }
                    None => self.note(format!(
                        "rename of index {from} not rendered: its table is unknown here"
                    )),
                }
            }
            Dialect::Sqlite => {
                let found = self.state.tables.values().find_map(|t| {
                    t.indexes
                        .iter()
                        .find(|i| i.name == from.name)
                        .map(|i| (t.name.clone(), i.clone()))
                });
                match found {
                    Some((t, mut idx)) => {
                        let sql = format!("DROP INDEX {}", self.id(&from.name));
                        self.stmt(sql);
                        idx.name = to.to_string();
                        self.create_index(&create_index_op(&t, &idx));
                    }
                    None => self.note(format!("rename of index {from} not rendered: SQLite re-creates the index, whose definition is unknown here")),
                }
            }
        }
    }
}

/// A table-level constraint for an inline column constraint, whose column list may be implicit.
pub(super) fn table_level(column: &str, c: &ConstraintDef) -> ConstraintDef {
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
