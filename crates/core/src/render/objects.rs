//! Objects other than tables: schemas, views, types, sequences, extensions, functions and
//! triggers; and the statements kept as written (data changes, MySQL's FOREIGN_KEY_CHECKS).

use super::{pretty, Renderer};
use crate::dialect::Dialect;
use crate::normalize;
use crate::op::{DataKind, EnumPosition, Op};
use crate::schema::{EnumType, QualifiedName, Sequence, View};

impl Renderer {
    /// A stored CREATE FUNCTION / CREATE TRIGGER statement, when it can be replayed here.
    pub(super) fn stored_statement(&self, definition: &str) -> Option<String> {
        let sql = definition.trim().trim_end_matches(';').trim_end();
        (self.verbatim && !sql.is_empty()).then(|| sql.to_string())
    }

    /// Why a stored statement is left out, for the note that replaces it.
    pub(super) fn not_verbatim(&self, what: &str, definition: &str) -> String {
        if definition.trim().is_empty() {
            format!("{what} not rendered: its statement is unknown (bodies are opaque)")
        } else {
            format!(
                "{what} not rendered: its body is opaque and was written for another database than {}",
                pretty(self.dialect)
            )
        }
    }

    pub(super) fn create_schema(&mut self, name: &str, if_not_exists: bool) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_namespaces() {
            let sql = format!(
                "CREATE SCHEMA {}{}",
                if if_not_exists { "IF NOT EXISTS " } else { "" },
                self.id(name)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "schema {name} not rendered: {name_of} has no schemas (attach a database instead)"
            ));
        }
    }

    pub(super) fn drop_schema(&mut self, name: &str, if_exists: bool, cascade: bool) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_namespaces() {
            let sql = format!(
                "DROP SCHEMA {}{}{}",
                Self::if_exists(if_exists),
                self.id(name),
                self.cascade(cascade)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "DROP SCHEMA {name} not rendered: {name_of} has no schemas"
            ));
        }
    }

    pub(super) fn create_view(&mut self, view: &View, or_replace: bool, if_not_exists: bool) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if view.materialized && !d.supports_materialized_views() {
            self.note(format!(
                "view {} is materialized in the model; {name_of} has plain views only",
                view.name
            ));
        }
        let materialized = if view.materialized && d.supports_materialized_views() {
            "MATERIALIZED "
        } else {
            ""
        };
        let or_replace =
            if or_replace && d.supports_create_or_replace_view() && materialized.is_empty() {
                "OR REPLACE "
            } else {
                ""
            };
        let ine = if if_not_exists && (d.supports_view_if_not_exists() || !materialized.is_empty())
        {
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

    pub(super) fn drop_view(
        &mut self,
        name: &QualifiedName,
        if_exists: bool,
        materialized: bool,
        cascade: bool,
    ) {
        let d = self.d;
        let m = if materialized && d.supports_materialized_views() {
            "MATERIALIZED "
        } else {
            ""
        };
        let c = if cascade { " CASCADE" } else { "" };
        let sql = format!(
            "DROP {m}VIEW {}{}{c}",
            Self::if_exists(if_exists),
            self.q(name)
        );
        self.stmt(sql);
    }

    pub(super) fn rename_view(&mut self, from: &QualifiedName, to: &QualifiedName) {
        let dialect = self.dialect;
        match dialect {
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
        }
    }

    pub(super) fn create_enum(&mut self, ty: &EnumType) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_enum_types() {
            let values: Vec<String> = ty.values.iter().map(|v| self.lit(v)).collect();
            // PostgreSQL has no CREATE TYPE IF NOT EXISTS; `if_not_exists` cannot be honoured.
            let sql = format!(
                "CREATE TYPE {} AS ENUM ({})",
                self.q(&ty.name),
                values.join(", ")
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "enum type {} not rendered: {name_of} has no named enum types",
                ty.name
            ));
        }
    }

    pub(super) fn add_enum_value(
        &mut self,
        name: &QualifiedName,
        value: &str,
        position: &EnumPosition,
        if_not_exists: bool,
    ) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_enum_types() {
            let ine = if if_not_exists { "IF NOT EXISTS " } else { "" };
            let pos = match position {
                EnumPosition::End => String::new(),
                EnumPosition::Before(v) => format!(" BEFORE {}", self.lit(v)),
                EnumPosition::After(v) => format!(" AFTER {}", self.lit(v)),
            };
            let sql = format!(
                "ALTER TYPE {} ADD VALUE {ine}{}{pos}",
                self.q(name),
                self.lit(value)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "new value of enum type {name} not rendered: {name_of} has no named enum types"
            ));
        }
    }

    pub(super) fn rename_enum_value(&mut self, name: &QualifiedName, from: &str, to: &str) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_enum_types() {
            let sql = format!(
                "ALTER TYPE {} RENAME VALUE {} TO {}",
                self.q(name),
                self.lit(from),
                self.lit(to)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "renamed value of enum type {name} not rendered: {name_of} has no named enum types"
            ));
        }
    }

    pub(super) fn drop_type(&mut self, name: &QualifiedName, if_exists: bool, cascade: bool) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_enum_types() {
            let sql = format!(
                "DROP TYPE {}{}{}",
                Self::if_exists(if_exists),
                self.q(name),
                self.cascade(cascade)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "DROP TYPE {name} not rendered: {name_of} has no named types"
            ));
        }
    }

    pub(super) fn rename_type(&mut self, from: &QualifiedName, to: &QualifiedName) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_enum_types() {
            let sql = format!(
                "ALTER TYPE {} RENAME TO {}",
                self.q(from),
                self.id(&to.name)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "rename of type {from} not rendered: {name_of} has no named types"
            ));
        }
    }

    pub(super) fn create_opaque_type(&mut self, name: &QualifiedName) {
        self.note(format!(
            "type {name} not rendered: its definition is not modelled"
        ));
    }

    pub(super) fn create_sequence(&mut self, seq: &Sequence, if_not_exists: bool) {
        let d = self.d;
        let dialect = self.dialect;
        let name_of = pretty(self.dialect);
        if !d.supports_sequences() {
            return self.note(format!(
                "sequence {} not rendered: {name_of} has no sequences",
                seq.name
            ));
        }
        let mut s = format!(
            "CREATE SEQUENCE {}{}",
            if if_not_exists { "IF NOT EXISTS " } else { "" },
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

    pub(super) fn alter_sequence(
        &mut self,
        name: &QualifiedName,
        owned_by: &Option<Option<(QualifiedName, String)>>,
        start: Option<i64>,
        increment: Option<i64>,
    ) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if !d.supports_sequences() {
            return self.note(format!(
                "change to sequence {name} not rendered: {name_of} has no sequences"
            ));
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

    pub(super) fn drop_sequence(&mut self, name: &QualifiedName, if_exists: bool, cascade: bool) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_sequences() {
            let sql = format!(
                "DROP SEQUENCE {}{}{}",
                Self::if_exists(if_exists),
                self.q(name),
                self.cascade(cascade)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "DROP SEQUENCE {name} not rendered: {name_of} has no sequences"
            ));
        }
    }

    pub(super) fn rename_sequence(&mut self, from: &QualifiedName, to: &str) {
        let dialect = self.dialect;
        match dialect {
            Dialect::Postgres => {
                let sql = format!("ALTER SEQUENCE {} RENAME TO {}", self.q(from), self.id(to));
                self.stmt(sql);
            }
            Dialect::Mysql => {
                // Unqualified, RENAME TABLE would move it to the current database.
                let to = QualifiedName {
                    schema: from.schema.clone(),
                    name: to.to_string(),
                };
                let sql = format!("RENAME TABLE {} TO {}", self.q(from), self.q(&to));
                self.stmt(sql);
            }
            Dialect::Sqlite => self.note(format!(
                "rename of sequence {from} not rendered: SQLite has no sequences"
            )),
        }
    }

    pub(super) fn create_extension(&mut self, name: &str, if_not_exists: bool) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_extensions() {
            let sql = format!(
                "CREATE EXTENSION {}{}",
                if if_not_exists { "IF NOT EXISTS " } else { "" },
                self.id(name)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "extension {name} not rendered: {name_of} has no extensions"
            ));
        }
    }

    pub(super) fn drop_extension(&mut self, name: &str, if_exists: bool) {
        let d = self.d;
        let name_of = pretty(self.dialect);
        if d.supports_extensions() {
            let sql = format!(
                "DROP EXTENSION {}{}",
                Self::if_exists(if_exists),
                self.id(name)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "DROP EXTENSION {name} not rendered: {name_of} has no extensions"
            ));
        }
    }

    pub(super) fn create_function(
        &mut self,
        name: &QualifiedName,
        args: &str,
        or_replace: bool,
        definition: &str,
    ) {
        let dialect = self.dialect;
        let Some(sql) = self.stored_statement(definition) else {
            return self.note(self.not_verbatim(&format!("function {name}({args})"), definition));
        };
        if dialect == Dialect::Postgres && !self.function_bodies_unchecked {
            // As pg_dump does: a SQL-language body may read tables that come later.
            self.stmt("SET check_function_bodies = false");
            self.function_bodies_unchecked = true;
        }
        let sql = if or_replace {
            or_replace_statement(&sql, dialect)
        } else {
            sql
        };
        self.stmt(sql);
    }

    pub(super) fn drop_function(
        &mut self,
        name: &QualifiedName,
        args: &Option<String>,
        if_exists: bool,
        cascade: bool,
    ) {
        let dialect = self.dialect;
        match dialect {
            Dialect::Sqlite => self.note(format!(
                "DROP FUNCTION {name} not rendered: SQLite has no SQL functions"
            )),
            Dialect::Mysql => {
                let sql = format!(
                    "DROP FUNCTION {}{}",
                    Self::if_exists(if_exists),
                    self.q(name)
                );
                self.stmt(sql);
            }
            Dialect::Postgres => {
                let args = args.as_ref().map(|a| format!("({a})")).unwrap_or_default();
                let cascade = if cascade { " CASCADE" } else { "" };
                let sql = format!(
                    "DROP FUNCTION {}{}{args}{cascade}",
                    Self::if_exists(if_exists),
                    self.q(name)
                );
                self.stmt(sql);
            }
        }
    }

    pub(super) fn rename_function(
        &mut self,
        name: &QualifiedName,
        args: &Option<String>,
        to: &str,
    ) {
        let dialect = self.dialect;
        match dialect {
            Dialect::Postgres => {
                let args = args.as_ref().map(|a| format!("({a})")).unwrap_or_default();
                let sql = format!("ALTER FUNCTION {}{args} RENAME TO {}", self.q(name), self.id(to));
                self.stmt(sql);
            }
            // MariaDB cannot rename a stored function; SQLite has none.
            Dialect::Mysql => self.note(format!("ALTER FUNCTION {name} RENAME TO {to} not rendered: MariaDB cannot rename a function")),
            Dialect::Sqlite => self.note(format!("ALTER FUNCTION {name} RENAME TO {to} not rendered: SQLite has no SQL functions")),
        }
    }

    pub(super) fn create_trigger(&mut self, table: &QualifiedName, name: &str, definition: &str) {
        match self.stored_statement(definition) {
            Some(sql) => self.stmt(sql),
            None => self.note(self.not_verbatim(&format!("trigger {name} on {table}"), definition)),
        }
    }

    pub(super) fn drop_trigger(
        &mut self,
        table: &Option<QualifiedName>,
        name: &str,
        if_exists: bool,
    ) {
        let dialect = self.dialect;
        let on = if dialect == Dialect::Postgres {
            let owner = table.clone().or_else(|| {
                self.state
                    .tables
                    .values()
                    .find(|t| t.triggers.iter().any(|tr| tr.name == name))
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
        let sql = format!(
            "DROP TRIGGER {}{}{on}",
            Self::if_exists(if_exists),
            self.id(name)
        );
        self.stmt(sql);
    }

    pub(super) fn rename_trigger(&mut self, table: &QualifiedName, from: &str, to: &str) {
        let dialect = self.dialect;
        let name_of = pretty(self.dialect);
        if dialect == Dialect::Postgres {
            let sql = format!(
                "ALTER TRIGGER {} ON {} RENAME TO {}",
                self.id(from),
                self.q(table),
                self.id(to)
            );
            self.stmt(sql);
        } else {
            self.note(format!(
                "rename of trigger {from} on {table} not rendered: {name_of} cannot rename triggers"
            ));
        }
    }

    // A data statement is replayed as written in its own dialect; elsewhere it is a note.
    pub(super) fn data(
        &mut self,
        kind: DataKind,
        table: &Option<QualifiedName>,
        rows: Option<usize>,
        sql: &str,
    ) {
        match self.stored_statement(sql) {
            Some(sql) => self.stmt(sql),
            None => {
                let what = format!("{kind:?}").to_ascii_lowercase();
                let table = table
                    .as_ref()
                    .map(|t| format!(" on {t}"))
                    .unwrap_or_default();
                let rows = rows.map(|n| format!(" ({n} rows)")).unwrap_or_default();
                self.note(format!(
                    "data change ({what}{table}{rows}) not rendered: data is not modelled"
                ));
            }
        }
    }

    pub(super) fn foreign_key_checks(&mut self, enabled: bool) {
        match self.dialect {
            Dialect::Mysql => self.stmt(format!("SET FOREIGN_KEY_CHECKS = {}", u8::from(enabled))),
            _ => self.note("SET FOREIGN_KEY_CHECKS: MySQL only, not rendered"),
        }
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
