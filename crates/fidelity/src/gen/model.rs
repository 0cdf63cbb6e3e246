//! The generator's own schema model, and its SQL spelling per dialect.
//!
//! Deliberately independent of `strata_core::Schema`: the generator must not inherit the
//! simulator's beliefs. It knows only what it needs to emit valid statements: tables, columns
//! with their options, constraints, indexes, views, enum types and sequences, and who depends
//! on what.

use strata_core::Dialect;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    SmallInt,
    Int,
    BigInt,
    Varchar(u32),
    Numeric(u32, u32),
    Text,
    Bool,
    Timestamp,
    TimestampTz,
    Date,
    Json,
    Jsonb,
    /// PostgreSQL enum type by name.
    Enum(String),
    /// MySQL inline `enum('a','b')`.
    InlineEnum(Vec<String>),
    IntArray,
    Real,
}

impl Ty {
    pub fn is_int(&self) -> bool {
        matches!(self, Ty::SmallInt | Ty::Int | Ty::BigInt)
    }
    pub fn is_string(&self) -> bool {
        matches!(self, Ty::Varchar(_) | Ty::Text)
    }
    pub fn sql(&self, d: Dialect) -> String {
        match (self, d) {
            (Ty::SmallInt, _) => "smallint".into(),
            (Ty::Int, Dialect::Sqlite) => "INTEGER".into(),
            (Ty::Int, Dialect::Postgres) => "integer".into(),
            (Ty::Int, _) => "int".into(),
            (Ty::BigInt, _) => "bigint".into(),
            (Ty::Varchar(n), _) => format!("varchar({n})"),
            (Ty::Numeric(p, s), Dialect::Mysql) => format!("decimal({p},{s})"),
            (Ty::Numeric(p, s), _) => format!("numeric({p},{s})"),
            (Ty::Text, _) => "text".into(),
            (Ty::Bool, _) => "boolean".into(),
            (Ty::Timestamp, Dialect::Mysql) => "datetime".into(),
            (Ty::Timestamp, _) => "timestamp".into(),
            (Ty::TimestampTz, Dialect::Postgres) => "timestamptz".into(),
            (Ty::TimestampTz, _) => "timestamp".into(),
            (Ty::Date, _) => "date".into(),
            (Ty::Json, _) => "json".into(),
            (Ty::Jsonb, _) => "jsonb".into(),
            (Ty::Enum(name), _) => name.clone(),
            (Ty::InlineEnum(values), _) => format!("enum({})", quoted_list(values)),
            (Ty::IntArray, _) => "integer[]".into(),
            (Ty::Real, Dialect::Sqlite) => "REAL".into(),
            (Ty::Real, _) => "real".into(),
        }
    }
}

pub fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Default {
    Int(i64),
    /// A decimal literal as written (`1.50`).
    Decimal(String),
    Str(String),
    Bool(bool),
    Now,
    JsonEmpty,
    EnumValue(String),
    Nextval(String),
    /// The inner default with a cast to the column's type (PostgreSQL `::`).
    Cast(Box<Default>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Always,
    ByDefault,
    Serial,
    AutoIncrement,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Col {
    pub name: String,
    pub ty: Ty,
    pub not_null: bool,
    pub default: Option<Default>,
    pub identity: Option<Identity>,
    /// `source * 2`, stored or virtual.
    pub generated: Option<(String, bool)>,
    pub collation: Option<String>,
    pub comment: Option<String>,
    pub on_update: bool,
}

impl Col {
    pub fn new(name: impl Into<String>, ty: Ty) -> Col {
        Col {
            name: name.into(),
            ty,
            not_null: false,
            default: None,
            identity: None,
            generated: None,
            collation: None,
            comment: None,
            on_update: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
}

impl Action {
    pub fn sql(self) -> &'static str {
        match self {
            Action::NoAction => "NO ACTION",
            Action::Restrict => "RESTRICT",
            Action::Cascade => "CASCADE",
            Action::SetNull => "SET NULL",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConKind {
    Pk(Vec<String>),
    Unique(Vec<String>),
    /// `col > 0` (integers) or `length(col) > 0` (strings).
    Check(String, bool),
    Fk {
        col: String,
        table: String,
        ref_col: String,
        on_delete: Action,
        deferrable: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Con {
    /// `None`: the database names it, and the generator never refers to it by name.
    pub name: Option<String>,
    pub kind: ConKind,
    /// Written in the column definition instead of as a table constraint.
    pub inline: bool,
}

impl Con {
    pub fn columns(&self) -> Vec<&str> {
        match &self.kind {
            ConKind::Pk(c) | ConKind::Unique(c) => c.iter().map(String::as_str).collect(),
            ConKind::Check(c, _) => vec![c.as_str()],
            ConKind::Fk { col, .. } => vec![col.as_str()],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub col: String,
    /// `lower(col)` instead of the column.
    pub lower: bool,
    pub desc: bool,
    pub opclass: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idx {
    pub name: String,
    pub unique: bool,
    pub keys: Vec<Key>,
    /// `col IS NOT NULL`.
    pub predicate: Option<String>,
    pub method: Option<&'static str>,
    pub include: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub cols: Vec<Col>,
    pub cons: Vec<Con>,
    pub idx: Vec<Idx>,
    pub comment: Option<String>,
}

impl Table {
    pub fn col(&self, name: &str) -> Option<&Col> {
        self.cols.iter().find(|c| c.name == name)
    }
    pub fn pk(&self) -> Option<&Con> {
        self.cons.iter().find(|c| matches!(c.kind, ConKind::Pk(_)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub name: String,
    pub table: String,
    pub cols: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub dialect: Dialect,
    pub tables: Vec<Table>,
    pub views: Vec<View>,
    pub enums: Vec<(String, Vec<String>)>,
    pub sequences: Vec<String>,
    counter: u32,
}

const WORDS: &[&str] = &[
    "account", "invoice", "item", "ticket", "note", "team", "project", "label", "event", "price",
    "amount", "title", "status", "code", "rating", "score", "owner", "kind", "payload", "created",
];

impl Model {
    pub fn new(dialect: Dialect) -> Model {
        Model {
            dialect,
            tables: Vec::new(),
            views: Vec::new(),
            enums: Vec::new(),
            sequences: Vec::new(),
            counter: 0,
        }
    }

    /// A name never used before in this history (so no statement collides with a leftover).
    pub fn fresh(&mut self, prefix: &str, word: usize) -> String {
        self.counter += 1;
        let w = WORDS[word % WORDS.len()];
        format!("{prefix}{w}_{}", self.counter)
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }
    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.tables.iter_mut().find(|t| t.name == name)
    }

    /// Whether anything but the column's own definition refers to `table.col`.
    pub fn col_used(&self, table: &str, col: &str) -> bool {
        let Some(t) = self.table(table) else {
            return true;
        };
        t.cons.iter().any(|c| c.columns().contains(&col))
            || t.idx.iter().any(|i| {
                i.keys.iter().any(|k| k.col == col)
                    || i.predicate.as_deref() == Some(col)
                    || i.include.iter().any(|c| c == col)
            })
            || t
                .cols
                .iter()
                .any(|c| c.generated.as_ref().is_some_and(|(s, _)| s == col))
            || self
                .views
                .iter()
                .any(|v| v.table == table && v.cols.iter().any(|c| c == col))
            || self.tables.iter().any(|o| {
                o.cons.iter().any(|c| {
                    matches!(&c.kind, ConKind::Fk { table: rt, ref_col, .. } if rt == table && ref_col == col)
                })
            })
    }

    /// Whether another table's foreign key or a view refers to `table`.
    pub fn table_referenced(&self, table: &str) -> bool {
        self.views.iter().any(|v| v.table == table)
            || self.tables.iter().any(|o| {
                o.name != table
                    && o.cons
                        .iter()
                        .any(|c| matches!(&c.kind, ConKind::Fk { table: rt, .. } if rt == table))
            })
    }

    /// Every named relation-level name in use (tables, views, indexes, constraints, sequences,
    /// types): fresh names never collide anyway, this is for renames' targets.
    pub fn enum_values(&self, name: &str) -> Vec<String> {
        self.enums
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// The SQL text of a default.
pub fn default_sql(d: &Default, ty: &Ty, dialect: Dialect) -> String {
    match d {
        Default::Int(n) => n.to_string(),
        Default::Decimal(s) => s.clone(),
        Default::Str(s) => format!("'{s}'"),
        Default::Bool(b) => match dialect {
            Dialect::Sqlite => (if *b { "1" } else { "0" }).into(),
            _ => (if *b { "true" } else { "false" }).into(),
        },
        Default::Now => "CURRENT_TIMESTAMP".into(),
        Default::JsonEmpty => match dialect {
            Dialect::Postgres => "'{}'".into(),
            _ => "('{}')".into(),
        },
        Default::EnumValue(v) => format!("'{v}'"),
        Default::Nextval(s) => format!("nextval('{s}')"),
        Default::Cast(inner) => {
            let ty = match ty {
                Ty::Numeric(_, _) => "numeric".to_string(),
                other => other.sql(dialect),
            };
            format!("{}::{ty}", default_sql(inner, &Ty::Text, dialect))
        }
    }
}

/// A column definition, without inline constraints.
pub fn col_sql(c: &Col, d: Dialect) -> String {
    let mut s = format!("{} ", c.name);
    match (c.identity, d) {
        (Some(Identity::Serial), _) => s.push_str(if c.ty == Ty::BigInt {
            "bigserial"
        } else {
            "serial"
        }),
        _ => s.push_str(&c.ty.sql(d)),
    }
    if let Some(coll) = &c.collation {
        s.push_str(&format!(" COLLATE {coll}"));
    }
    if let Some((src, stored)) = &c.generated {
        s.push_str(&format!(" GENERATED ALWAYS AS ({src} * 2)"));
        s.push_str(if *stored { " STORED" } else { " VIRTUAL" });
    }
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    if let Some(def) = &c.default {
        s.push_str(&format!(" DEFAULT {}", default_sql(def, &c.ty, d)));
    }
    if c.on_update {
        s.push_str(" ON UPDATE CURRENT_TIMESTAMP");
    }
    match c.identity {
        Some(Identity::Always) => s.push_str(" GENERATED ALWAYS AS IDENTITY"),
        Some(Identity::ByDefault) => s.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
        Some(Identity::AutoIncrement) if d == Dialect::Mysql => s.push_str(" AUTO_INCREMENT"),
        _ => {}
    }
    if let (Some(comment), Dialect::Mysql) = (&c.comment, d) {
        s.push_str(&format!(" COMMENT '{comment}'"));
    }
    s
}

/// A constraint's body (after `CONSTRAINT name`, or inline after the column).
pub fn con_body(c: &Con, d: Dialect, inline: bool) -> String {
    match &c.kind {
        ConKind::Pk(cols) if inline => "PRIMARY KEY".into(),
        ConKind::Pk(cols) => format!("PRIMARY KEY ({})", cols.join(", ")),
        ConKind::Unique(_) if inline => "UNIQUE".into(),
        ConKind::Unique(cols) => format!("UNIQUE ({})", cols.join(", ")),
        ConKind::Check(col, true) => format!("CHECK ({col} > 0)"),
        ConKind::Check(col, false) => match d {
            Dialect::Mysql => format!("CHECK (char_length({col}) > 0)"),
            _ => format!("CHECK (length({col}) > 0)"),
        },
        ConKind::Fk {
            col,
            table,
            ref_col,
            on_delete,
            deferrable,
        } => {
            let mut s = if inline {
                format!("REFERENCES {table} ({ref_col})")
            } else {
                format!("FOREIGN KEY ({col}) REFERENCES {table} ({ref_col})")
            };
            if *on_delete != Action::NoAction {
                s.push_str(&format!(" ON DELETE {}", on_delete.sql()));
            }
            if *deferrable {
                s.push_str(" DEFERRABLE INITIALLY DEFERRED");
            }
            s
        }
    }
}

pub fn con_sql(c: &Con, d: Dialect) -> String {
    match &c.name {
        Some(n) => format!("CONSTRAINT {n} {}", con_body(c, d, false)),
        None => con_body(c, d, false),
    }
}

/// `CREATE TABLE` with one item per column and table constraint.
pub fn create_table(t: &Table, d: Dialect) -> super::Statement {
    let mut items = Vec::new();
    for c in &t.cols {
        let mut s = col_sql(c, d);
        for con in t
            .cons
            .iter()
            .filter(|k| k.inline && k.columns() == [c.name.as_str()])
        {
            s.push(' ');
            s.push_str(&con_body(con, d, true));
            if d == Dialect::Sqlite
                && matches!(con.kind, ConKind::Pk(_))
                && c.identity == Some(Identity::AutoIncrement)
            {
                s.push_str(" AUTOINCREMENT");
            }
        }
        items.push(s);
    }
    for con in t.cons.iter().filter(|k| !k.inline) {
        items.push(con_sql(con, d));
    }
    let tail = match (&t.comment, d) {
        (Some(c), Dialect::Mysql) => format!("\n) COMMENT '{c}'"),
        _ => "\n)".to_string(),
    };
    super::Statement {
        head: format!("CREATE TABLE {} (\n  ", t.name),
        items,
        tail,
        down: vec![format!("DROP TABLE {}", t.name)],
    }
}

pub fn create_index(t: &str, i: &Idx) -> String {
    let keys: Vec<String> = i
        .keys
        .iter()
        .map(|k| {
            let mut s = if k.lower {
                format!("(lower({}))", k.col)
            } else {
                k.col.clone()
            };
            if let Some(op) = k.opclass {
                s.push(' ');
                s.push_str(op);
            }
            if k.desc {
                s.push_str(" DESC");
            }
            s
        })
        .collect();
    let mut s = format!(
        "CREATE {}INDEX {} ON {t}",
        if i.unique { "UNIQUE " } else { "" },
        i.name
    );
    if let Some(m) = i.method {
        s.push_str(&format!(" USING {m}"));
    }
    s.push_str(&format!(" ({})", keys.join(", ")));
    if !i.include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", i.include.join(", ")));
    }
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p} IS NOT NULL"));
    }
    s
}

pub fn drop_index(t: &str, i: &str, d: Dialect) -> String {
    match d {
        Dialect::Mysql => format!("DROP INDEX {i} ON {t}"),
        _ => format!("DROP INDEX {i}"),
    }
}

pub fn create_view(v: &View) -> String {
    format!(
        "CREATE VIEW {} AS SELECT {} FROM {}",
        v.name,
        v.cols.join(", "),
        v.table
    )
}

/// Comments PostgreSQL keeps outside the table definition.
pub fn pg_comments(t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &t.comment {
        out.push(format!("COMMENT ON TABLE {} IS '{c}'", t.name));
    }
    for c in &t.cols {
        if let Some(text) = &c.comment {
            out.push(format!(
                "COMMENT ON COLUMN {}.{} IS '{text}'",
                t.name, c.name
            ));
        }
    }
    out
}
