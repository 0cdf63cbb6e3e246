//! Schema operations: the one vocabulary that parsers produce, the simulator applies, the differ
//! emits and the renderers print.
//!
//! SQL statements and Alembic `op.*` calls both lower to [`Op`]s. Names the database would
//! generate are left `None` here; the simulator fills them in (it knows which names are taken).
//! The differ emits ops with every name set, so rendering them reproduces the target schema.

use crate::schema::{
    Column, ConstraintKind, DataType, Deferrable, EnumType, Generated, Identity, Index,
    QualifiedName, Sequence, View,
};
use serde::Serialize;

pub(crate) mod from_schema;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    CreateSchema {
        name: String,
        if_not_exists: bool,
    },
    DropSchema {
        name: String,
        if_exists: bool,
        cascade: bool,
    },

    CreateTable(CreateTable),
    DropTable {
        name: QualifiedName,
        if_exists: bool,
        cascade: bool,
    },
    RenameTable {
        from: QualifiedName,
        to: QualifiedName,
    },
    /// A table's comment (`COMMENT ON TABLE`, MySQL `COMMENT=`); `None` removes it.
    SetTableComment {
        table: QualifiedName,
        comment: Option<String>,
    },
    /// Options with no structural effect (`ENGINE=InnoDB`, `CONVERT TO CHARACTER SET`).
    SetTableOptions {
        table: QualifiedName,
        options: Vec<String>,
    },

    AddColumn {
        table: QualifiedName,
        column: ColumnDef,
        if_not_exists: bool,
    },
    DropColumn {
        table: QualifiedName,
        column: String,
        if_exists: bool,
        cascade: bool,
    },
    RenameColumn {
        table: QualifiedName,
        from: String,
        to: String,
    },
    AlterColumn {
        table: QualifiedName,
        column: String,
        change: ColumnChange,
    },

    AddConstraint {
        table: QualifiedName,
        constraint: ConstraintDef,
    },
    DropConstraint {
        table: QualifiedName,
        name: String,
        if_exists: bool,
        cascade: bool,
    },
    RenameConstraint {
        table: QualifiedName,
        from: String,
        to: String,
    },
    AlterConstraint {
        table: QualifiedName,
        name: String,
        deferrable: Deferrable,
    },
    /// MySQL `DROP PRIMARY KEY`.
    DropPrimaryKey {
        table: QualifiedName,
    },
    /// MySQL `DROP FOREIGN KEY`, `DROP INDEX` inside `ALTER TABLE`, `DROP CHECK`: by kind.
    DropConstraintOfKind {
        table: QualifiedName,
        name: String,
        kind: ConstraintKindTag,
    },

    CreateIndex(CreateIndex),
    /// `table` is set where the dialect scopes index names per table (MySQL).
    DropIndex {
        name: QualifiedName,
        table: Option<QualifiedName>,
        if_exists: bool,
    },
    RenameIndex {
        table: Option<QualifiedName>,
        from: QualifiedName,
        to: String,
    },

    CreateView {
        view: View,
        or_replace: bool,
        if_not_exists: bool,
    },
    /// `cascade` also drops the views built on this one.
    DropView {
        name: QualifiedName,
        if_exists: bool,
        materialized: bool,
        cascade: bool,
    },
    RenameView {
        from: QualifiedName,
        to: QualifiedName,
    },

    CreateEnum {
        ty: EnumType,
        if_not_exists: bool,
    },
    AddEnumValue {
        name: QualifiedName,
        value: String,
        position: EnumPosition,
        if_not_exists: bool,
    },
    RenameEnumValue {
        name: QualifiedName,
        from: String,
        to: String,
    },
    /// `DROP TYPE` (enums and other types).
    DropType {
        name: QualifiedName,
        if_exists: bool,
        cascade: bool,
    },
    RenameType {
        from: QualifiedName,
        to: QualifiedName,
    },
    /// Any other `CREATE TYPE` / `CREATE DOMAIN`: known by name only.
    CreateOpaqueType {
        name: QualifiedName,
        definition: String,
    },

    CreateSequence {
        seq: Sequence,
        if_not_exists: bool,
    },
    AlterSequence {
        name: QualifiedName,
        owned_by: Option<Option<(QualifiedName, String)>>,
        start: Option<i64>,
        increment: Option<i64>,
    },
    DropSequence {
        name: QualifiedName,
        if_exists: bool,
        cascade: bool,
    },
    RenameSequence {
        from: QualifiedName,
        to: String,
    },

    CreateExtension {
        name: String,
        if_not_exists: bool,
    },
    DropExtension {
        name: String,
        if_exists: bool,
    },

    /// `definition` is the statement as written: bodies are opaque, but the same dialect can
    /// re-create the function from it.
    CreateFunction {
        name: QualifiedName,
        args: String,
        returns: Option<String>,
        or_replace: bool,
        definition: String,
    },
    DropFunction {
        name: QualifiedName,
        args: Option<String>,
        if_exists: bool,
        /// PostgreSQL `CASCADE`: the triggers that execute it go too.
        cascade: bool,
    },
    /// `ALTER FUNCTION f(args) RENAME TO to`; `args` is `None` when the name alone identifies it.
    RenameFunction {
        name: QualifiedName,
        args: Option<String>,
        to: String,
    },

    CreateTrigger {
        table: QualifiedName,
        name: String,
        definition: String,
        or_replace: bool,
        if_not_exists: bool,
    },
    DropTrigger {
        table: Option<QualifiedName>,
        name: String,
        if_exists: bool,
    },
    RenameTrigger {
        table: QualifiedName,
        from: String,
        to: String,
    },

    /// `COMMENT ON COLUMN`.
    SetColumnComment {
        table: QualifiedName,
        column: String,
        comment: Option<String>,
    },

    /// Alembic batch mode on SQLite: the table is recreated, so changes ALTER TABLE cannot make
    /// are allowed. `ops` apply to `table` in order.
    RebuildTable {
        table: QualifiedName,
        ops: Vec<Op>,
    },

    /// INSERT / UPDATE / DELETE / COPY / bulk_insert: recorded, not simulated.
    /// `sql` is the statement as written, replayed by a renderer of the same dialect; empty when
    /// there is none to replay (Python data code, COPY FROM stdin whose rows are not kept).
    Data {
        kind: DataKind,
        table: Option<QualifiedName>,
        rows: Option<usize>,
        sql: String,
    },
    /// A statement that is understood and changes nothing in the schema model (GRANT, SET,
    /// transaction control, PRAGMA, ANALYZE, REINDEX...). `what` names it for listings.
    NoEffect {
        what: String,
    },
    /// MySQL/MariaDB `SET [SESSION] FOREIGN_KEY_CHECKS = 0 | 1`: while off, a foreign key may
    /// reference a table that does not exist yet, and a referenced table may be dropped. It lasts
    /// until the end of the script (each migration runs in a session of its own).
    SetForeignKeyChecks {
        enabled: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKindTag {
    PrimaryKey,
    Unique,
    Check,
    ForeignKey,
    /// MySQL `DROP INDEX` / `DROP KEY` in ALTER TABLE: an index or a unique constraint.
    Index,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum EnumPosition {
    End,
    Before(String),
    After(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    Insert,
    Update,
    Delete,
    Copy,
    Merge,
    /// Python code that moves data (Alembic).
    Code,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateTable {
    pub name: QualifiedName,
    pub if_not_exists: bool,
    pub columns: Vec<ColumnDef>,
    /// Table-level constraints in source order (inline column constraints live in `ColumnDef`).
    pub constraints: Vec<ConstraintDef>,
    /// Indexes declared inside CREATE TABLE (MySQL `KEY`, `INDEX`, `FULLTEXT`).
    pub indexes: Vec<CreateIndex>,
    pub comment: Option<String>,
    pub options: Vec<String>,
    /// `CREATE TABLE ... AS SELECT` / `LIKE`: columns may be unknown.
    pub as_query: bool,
    /// `CREATE TEMPORARY TABLE`: no lasting schema effect.
    pub temporary: bool,
}

/// A column as declared, with its inline constraints in source order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnDef {
    pub column: Column,
    /// The type as declared asked for a serial / auto-increment sequence
    /// (`serial`, `bigserial`, `smallserial`).
    pub serial: bool,
    pub constraints: Vec<ConstraintDef>,
    /// MySQL `FIRST` / `AFTER col` on ADD COLUMN.
    pub position: Option<ColumnPosition>,
}

impl ColumnDef {
    pub fn new(column: Column) -> Self {
        ColumnDef {
            column,
            serial: false,
            constraints: Vec::new(),
            position: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ColumnPosition {
    First,
    After(String),
}

/// A constraint as declared: `name` is `None` when the database must generate it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConstraintDef {
    pub name: Option<String>,
    pub kind: ConstraintKind,
    pub deferrable: Deferrable,
    /// PostgreSQL `NOT VALID`: the constraint exists but old rows are unchecked.
    pub not_valid: bool,
    /// SQLite/MySQL: an inline `PRIMARY KEY` or `UNIQUE` on a column; affects generated names.
    pub inline: bool,
}

impl ConstraintDef {
    pub fn new(name: Option<String>, kind: ConstraintKind) -> Self {
        ConstraintDef {
            name,
            kind,
            deferrable: Deferrable::Not,
            not_valid: false,
            inline: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateIndex {
    /// `None`: the database generates it.
    pub name: Option<String>,
    pub table: QualifiedName,
    pub if_not_exists: bool,
    pub concurrently: bool,
    /// The index with its name left empty when `name` is `None`.
    pub index: Index,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", content = "value", rename_all = "snake_case")]
pub enum ColumnChange {
    /// New type; `using` is PostgreSQL's conversion expression.
    SetType {
        ty: DataType,
        using: Option<String>,
    },
    SetDefault(Option<String>),
    SetNullable(bool),
    SetIdentity(Option<Identity>),
    SetGenerated(Option<Generated>),
    SetComment(Option<String>),
    SetCollation(Option<String>),
    /// MySQL `MODIFY` / `CHANGE`: the whole column is redefined (nullability, default, position).
    Redefine {
        column: Box<ColumnDef>,
    },
}
