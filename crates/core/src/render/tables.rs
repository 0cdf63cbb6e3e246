//! CREATE, DROP and RENAME TABLE, table options and table comments.

use super::columns::push_check;
use super::constraints::table_level;
use super::{pretty, Renderer};
use crate::dialect::Dialect;
use crate::op::{ConstraintDef, CreateTable};
use crate::schema::{ConstraintKind, QualifiedName, Schema};
use crate::simulate::columns::check_column;

/// SQLite's AUTOINCREMENT primary key, written on its column: the constraint's place in the
/// CREATE TABLE, the column, the constraint's name.
type InlinePrimaryKey = (usize, String, Option<String>);

impl Renderer {
    pub(super) fn create_table(&mut self, ct: &CreateTable) {
        if ct.as_query {
            self.note(format!(
                "table {} not rendered: it was created from a query, which is not modelled",
                ct.name
            ));
            return;
        }
        let mysql_like = self.d.unique_as_key();
        let inline_pk = self.inline_primary_key(ct);
        let column_checks = match self.dialect {
            Dialect::Mysql => column_level_checks(&self.state, ct),
            _ => Vec::new(),
        };
        let (mut lines, moved) = self.column_lines(ct, inline_pk.as_ref(), &column_checks);
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
        let options = self.create_table_options(ct);
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

    /// SQLite: AUTOINCREMENT needs the single-column primary key written on the column. That key
    /// of `ct`, when it has one: its place among the constraints, its column and its name.
    fn inline_primary_key(&self, ct: &CreateTable) -> Option<InlinePrimaryKey> {
        if self.d.auto_increment_needs_inline_primary_key() {
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
        }
    }

    /// One line per column of `ct`, with its inline constraints (and, on MariaDB, its
    /// column-level checks); and the inline constraints that must be declared at table level.
    fn column_lines(
        &self,
        ct: &CreateTable,
        inline_pk: Option<&InlinePrimaryKey>,
        column_checks: &[Option<&str>],
    ) -> (Vec<String>, Vec<ConstraintDef>) {
        let mysql_like = self.d.unique_as_key();
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
            let pk_here = match (inline_pk, own_pk) {
                (Some((_, col, name)), _) if col == &def.column.name => Some(name.as_deref()),
                (_, Some(c)) => Some(c.name.as_deref()),
                _ => None,
            };
            let mut line = self.column_sql(def, pk_here);
            for (c, _) in ct
                .constraints
                .iter()
                .zip(column_checks)
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
        (lines, moved)
    }

    /// What follows CREATE TABLE's parentheses: an inline comment and the table options this
    /// dialect accepts (a note says which are left out).
    fn create_table_options(&mut self, ct: &CreateTable) -> Vec<String> {
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
        options
    }

    /// `COMMENT ON TABLE`; `created` means the comment was already written inline if it could be.
    pub(super) fn table_comment(
        &mut self,
        table: &QualifiedName,
        comment: Option<&str>,
        created: bool,
    ) {
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

    pub(super) fn drop_table(&mut self, name: &QualifiedName, if_exists: bool, cascade: bool) {
        let sql = format!(
            "DROP TABLE {}{}{}",
            Self::if_exists(if_exists),
            self.q(name),
            self.cascade(cascade)
        );
        self.stmt(sql);
    }

    pub(super) fn rename_table(&mut self, from: &QualifiedName, to: &QualifiedName) {
        let dialect = self.dialect;
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

    pub(super) fn set_table_options(&mut self, table: &QualifiedName, options: &[String]) {
        let d = self.d;
        let dialect = self.dialect;
        let name_of = pretty(self.dialect);
        if d.renders_table_options() && dialect == Dialect::Mysql {
            let (kept, left_out) = d.table_options(options);
            if !left_out.is_empty() {
                self.note(format!(
                    "options of table {table} left out: {}",
                    left_out.join(", ")
                ));
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
                .filter(|o| {
                    charset.is_none()
                        || !(o.starts_with("DEFAULT CHARSET=") || o.starts_with("COLLATE="))
                })
                .map(String::as_str)
                .collect();
            if !rest.is_empty() {
                clauses.push(rest.join(" "));
            }
            if !clauses.is_empty() {
                self.alter_table(table, clauses.join(", "));
            }
        } else {
            self.note(format!(
                "options of table {table} ({}) not rendered for {name_of}",
                options.join(", ")
            ));
        }
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
