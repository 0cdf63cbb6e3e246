//! The schema model: what a database looks like after a sequence of migrations.
//!
//! The model is dialect-neutral in shape; values that a database reports in its own spelling
//! (types, default expressions, check expressions) are stored *normalized* (see
//! [`crate::normalize`]) so that a simulated schema and an introspected one compare equal when the
//! database would consider them equal. Maps are ordered (BTreeMap) so every output is deterministic;
//! column order and constraint order are kept as vectors because they are observable.

use crate::dialect::{Dialect, Flavor};
use serde::Serialize;
use std::collections::BTreeMap;

/// A possibly schema-qualified name. `schema` is `None` for the default namespace
/// (`public` on PostgreSQL, the current database on MySQL, `main` on SQLite): simulation and
/// introspection both leave it out for objects in the default namespace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct QualifiedName {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
}

impl QualifiedName {
    pub fn new(name: impl Into<String>) -> Self {
        QualifiedName {
            schema: None,
            name: name.into(),
        }
    }
    pub fn qualified(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName {
            schema: Some(schema.into()),
            name: name.into(),
        }
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Schema {
    pub dialect: Dialect,
    /// The server of the MySQL family the schema is simulated for (see [`Flavor`]); the
    /// simulator and renderer consult it where MariaDB and MySQL 8 differ. Not serialized: the
    /// schema's shape does not depend on it.
    #[serde(skip)]
    pub flavor: Flavor,
    /// Namespaces created by the migrations (`CREATE SCHEMA`), not the default one.
    pub namespaces: Vec<String>,
    #[serde(serialize_with = "values")]
    pub tables: BTreeMap<QualifiedName, Table>,
    #[serde(serialize_with = "values")]
    pub views: BTreeMap<QualifiedName, View>,
    #[serde(serialize_with = "values")]
    pub enums: BTreeMap<QualifiedName, EnumType>,
    #[serde(serialize_with = "values")]
    pub sequences: BTreeMap<QualifiedName, Sequence>,
    pub extensions: Vec<String>,
    /// Keyed by `name(argtypes)`.
    #[serde(serialize_with = "values")]
    pub functions: BTreeMap<String, Function>,
    /// Derived lookup of index and constraint names, kept by the simulator so that choosing a
    /// generated name does not scan every table (see `simulate::apply`). Never compared or
    /// serialized.
    #[serde(skip)]
    pub(crate) names: NameIndex,
    /// State of the session replaying the migrations, not of the schema. Never compared or
    /// serialized.
    #[serde(skip)]
    pub(crate) session: Session,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Session {
    /// Temporary tables (`CREATE TEMPORARY TABLE`) by key: they last until dropped or the
    /// session ends, and are never part of the schema.
    pub temporary: std::collections::BTreeSet<QualifiedName>,
    /// Views that a `DROP VIEW ... CASCADE` dropped, with the statement's span: the same
    /// statement may name them too (`DROP VIEW a, b CASCADE`), which PostgreSQL accepts.
    pub cascaded: Option<(crate::diagnostic::Span, Vec<QualifiedName>)>,
    /// Generated foreign-key indexes MariaDB dropped because a key added by the statement at
    /// this span covers them: the same statement may also drop them by name
    /// (`ADD INDEX (a, b), DROP INDEX a`), which MariaDB accepts.
    pub absorbed: Option<(crate::diagnostic::Span, Vec<String>)>,
    /// MySQL `SET FOREIGN_KEY_CHECKS = 0` was run in this file (a script's session setting: it
    /// ends with the script, so the ops of other files run with the checks on).
    pub fk_checks_off: Option<crate::diagnostic::FileId>,
}

impl PartialEq for Session {
    /// Session state, not schema: two schemas are equal whatever temporary tables exist.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Per namespace: how many index-backed relations (indexes, primary-key, unique and exclusion
/// constraints) and how many constraints carry each name. `valid == false` means "rebuild before
/// use"; a fresh or externally built schema starts that way.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    pub valid: bool,
    /// namespace (`""` for the default one) → name → count.
    pub relations: std::collections::HashMap<String, std::collections::HashMap<String, u32>>,
    pub constraints: std::collections::HashMap<String, std::collections::HashMap<String, u32>>,
    /// Tables whose names are taken out while an op changes them; lookups scan these directly.
    pub out: Vec<QualifiedName>,
}

impl PartialEq for NameIndex {
    /// Derived state: two schemas are equal whatever their caches hold.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Maps serialize as lists of their values (each value carries its own name): JSON objects need
/// string keys, and a list keeps the deterministic order.
fn values<K, V: Serialize, S: serde::Serializer>(
    map: &BTreeMap<K, V>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(map.values())
}

impl Schema {
    pub fn new(dialect: Dialect) -> Self {
        Schema {
            dialect,
            ..Default::default()
        }
    }

    /// An empty schema of `dialect` for the `flavor` of the MySQL family.
    pub fn with_flavor(dialect: Dialect, flavor: Flavor) -> Self {
        Schema {
            dialect,
            flavor,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Table {
    pub name: QualifiedName,
    pub columns: Vec<Column>,
    /// Primary key, unique, check and foreign-key constraints in creation order.
    pub constraints: Vec<Constraint>,
    /// Indexes that are not the implementation of a constraint.
    pub indexes: Vec<Index>,
    pub triggers: Vec<Trigger>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// SQLite `WITHOUT ROWID`, `STRICT`; MySQL `ENGINE=...` and similar; informative only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The table was made from a query (`CREATE TABLE ... AS SELECT *`, `LIKE`) whose columns
    /// Strata could not derive: `columns` may be incomplete, so a missing column is not an error.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub columns_unknown: bool,
    /// MariaDB: which of `indexes` InnoDB generated for a foreign key, which a later covering
    /// key silently drops. Only the simulator knows it (the catalog does not say), so it is never
    /// compared or serialized.
    #[serde(skip)]
    pub generated_indexes: GeneratedIndexes,
    /// MariaDB: the column each column-level CHECK belongs to, by check name. Such a check is
    /// named after its column when made, keeps that name when the column is renamed, and goes
    /// when the column is restated; the catalog says only that it is column-level, so only the
    /// simulator knows which column (never compared or serialized). `None` (an introspected
    /// table): the check named after a column is taken for that column's.
    #[serde(skip)]
    pub column_checks: ColumnChecks,
}

/// `(check name, column)` pairs; see [`Table::column_checks`].
#[derive(Debug, Clone, Default)]
pub struct ColumnChecks(pub(crate) Option<Vec<(String, String)>>);

impl PartialEq for ColumnChecks {
    /// Provenance, not shape: a simulated table equals its introspected twin.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Names of generated indexes. An entry whose index no longer exists is stale and means nothing:
/// whoever gives an index a name clears that name first.
#[derive(Debug, Clone, Default)]
pub struct GeneratedIndexes(pub(crate) Vec<String>);

impl PartialEq for GeneratedIndexes {
    /// Provenance, not shape: a simulated table equals its introspected twin.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }
    pub fn constraint(&self, name: &str) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.name == name)
    }
    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints
            .iter()
            .find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    }
}

#[derive(Clone, PartialEq, Serialize)]
pub struct Column {
    pub name: String,
    pub ty: DataType,
    pub nullable: bool,
    /// Normalized default expression (see [`crate::normalize::expr`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// MySQL `AUTO_INCREMENT`, SQLite `AUTOINCREMENT`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub auto_increment: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// MySQL/MariaDB `ON UPDATE current_timestamp[(p)]`: the value the column takes when its
    /// row is updated, normalized like a default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
}

/// Derived `Debug`, except that `on_update` is printed only when set (it is MySQL-only, and
/// debug snapshots of every other column stay as they were).
impl std::fmt::Debug for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Column");
        d.field("name", &self.name)
            .field("ty", &self.ty)
            .field("nullable", &self.nullable)
            .field("default", &self.default)
            .field("identity", &self.identity)
            .field("auto_increment", &self.auto_increment)
            .field("generated", &self.generated)
            .field("collation", &self.collation)
            .field("comment", &self.comment);
        if let Some(u) = &self.on_update {
            d.field("on_update", u);
        }
        d.finish()
    }
}

impl Column {
    pub fn new(name: impl Into<String>, ty: DataType) -> Self {
        Column {
            name: name.into(),
            ty,
            nullable: true,
            default: None,
            identity: None,
            auto_increment: false,
            generated: None,
            collation: None,
            comment: None,
            on_update: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Generated {
    pub expr: String,
    pub stored: bool,
}

/// A column type, normalized: aliases are folded to one spelling per dialect
/// (`int4`, `integer` and `int` are all [`DataType::Integer`]; `varchar(20)` is
/// `Varchar(Some(20))`). [`crate::normalize::type_name`] prints the spelling the dialect's catalog
/// reports, which is what comparisons use.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "args", rename_all = "snake_case")]
pub enum DataType {
    Boolean,
    TinyInt,
    SmallInt,
    MediumInt,
    Integer,
    BigInt,
    /// `unsigned` integer types (MySQL).
    Unsigned(Box<DataType>),
    Real,
    Double,
    Float(Option<u32>),
    Numeric(Option<(u32, Option<u32>)>),
    Char(Option<u32>),
    Varchar(Option<u32>),
    Text,
    /// MySQL sized text types: `tinytext`, `mediumtext`, `longtext`.
    SizedText(String),
    Bytea,
    /// MySQL/SQLite `blob` family, `binary(n)`, `varbinary(n)`, kept by name.
    Blob(String),
    Date,
    Time {
        tz: bool,
        precision: Option<u32>,
    },
    Timestamp {
        tz: bool,
        precision: Option<u32>,
    },
    /// MySQL `datetime(p)`.
    DateTime(Option<u32>),
    Interval,
    Json,
    Jsonb,
    Uuid,
    Inet,
    Cidr,
    MacAddr,
    /// MySQL inline `enum('a','b')`.
    InlineEnum(Vec<String>),
    /// MySQL `set('a','b')`.
    Set(Vec<String>),
    /// `T[]`.
    Array(Box<DataType>),
    /// PostgreSQL `serial` family before desugaring is never stored: the simulator turns
    /// `serial` into `integer` + sequence + default, as PostgreSQL does.
    /// A user-defined type (enum, domain) or a type Strata does not know, by its name as the
    /// catalog spells it (`mood`, `vector(1536)`, `tsvector`).
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constraint {
    /// Always set: the given name, or the one the database generates.
    pub name: String,
    pub kind: ConstraintKind,
    /// PostgreSQL `DEFERRABLE` / `INITIALLY DEFERRED`.
    #[serde(skip_serializing_if = "Deferrable::is_not")]
    pub deferrable: Deferrable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    #[default]
    Not,
    InitiallyImmediate,
    InitiallyDeferred,
}

impl Deferrable {
    pub fn is_not(&self) -> bool {
        matches!(self, Deferrable::Not)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        nulls_not_distinct: bool,
    },
    /// Normalized expression text.
    Check {
        expr: String,
    },
    ForeignKey(ForeignKey),
    /// PostgreSQL `EXCLUDE USING ...`, kept as text.
    Exclude {
        definition: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: QualifiedName,
    /// Empty means the referenced table's primary key, resolved by the simulator when it can.
    pub ref_columns: Vec<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    /// Columns or normalized expressions, each with its direction and [`KeyOptions`].
    pub keys: Vec<IndexKey>,
    /// Partial index predicate, normalized.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// Access method when not the default (`gin`, `gist`, `hash`, MySQL `FULLTEXT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Non-key columns (`INCLUDE (...)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    Column {
        name: String,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        desc: bool,
        #[serde(flatten)]
        options: KeyOptions,
    },
    Expr {
        expr: String,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        desc: bool,
        #[serde(flatten)]
        options: KeyOptions,
    },
}

impl ConstraintKind {
    /// Whether the constraint uses `column` of its own table: as a key or foreign-key column, or
    /// named in a CHECK or EXCLUDE ([`crate::sql_text::mentions`]). A foreign key's referenced
    /// columns are the other table's and do not count.
    pub fn uses_column(&self, column: &str, dialect: Dialect) -> bool {
        match self {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                columns.iter().any(|c| c == column)
            }
            ConstraintKind::ForeignKey(fk) => fk.columns.iter().any(|c| c == column),
            ConstraintKind::Check { expr } => crate::sql_text::mentions(expr, column, dialect),
            ConstraintKind::Exclude { definition } => {
                crate::sql_text::mentions(definition, column, dialect)
            }
        }
    }
}

impl Index {
    /// Whether the index uses `column`: as a key, in a key expression or the predicate, or as
    /// an INCLUDE column.
    pub fn uses_column(&self, column: &str, dialect: Dialect) -> bool {
        self.keys.iter().any(|k| match k {
            IndexKey::Column { name, .. } => name == column,
            IndexKey::Expr { expr, .. } => crate::sql_text::mentions(expr, column, dialect),
        }) || self.include.iter().any(|c| c == column)
            || self
                .predicate
                .as_deref()
                .is_some_and(|p| crate::sql_text::mentions(p, column, dialect))
    }
}

impl std::fmt::Debug for IndexKey {
    /// As derived, with `options` left out when they are all defaults (most keys).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, field, value, desc, options) = match self {
            IndexKey::Column {
                name,
                desc,
                options,
            } => ("Column", "name", name, desc, options),
            IndexKey::Expr {
                expr,
                desc,
                options,
            } => ("Expr", "expr", expr, desc, options),
        };
        let mut s = f.debug_struct(kind);
        s.field(field, value).field("desc", desc);
        if !options.is_default() {
            s.field("options", options);
        }
        s.finish()
    }
}

impl IndexKey {
    /// A plain ascending key on a column.
    pub fn column(name: impl Into<String>) -> Self {
        IndexKey::Column {
            name: name.into(),
            desc: false,
            options: KeyOptions::default(),
        }
    }

    pub fn options(&self) -> &KeyOptions {
        match self {
            IndexKey::Column { options, .. } | IndexKey::Expr { options, .. } => options,
        }
    }

    /// What follows the column or expression in an index definition, in PostgreSQL's order
    /// (` COLLATE "C" text_pattern_ops DESC NULLS LAST`); `quote` spells the collation's name.
    pub fn suffix(&self, quote: impl Fn(&str) -> String) -> String {
        let (desc, o) = match self {
            IndexKey::Column { desc, options, .. } | IndexKey::Expr { desc, options, .. } => {
                (*desc, options)
            }
        };
        let mut s = String::new();
        if let Some(c) = &o.collation {
            s.push_str(&format!(" COLLATE {}", quote(c)));
        }
        if let Some(c) = &o.opclass {
            s.push(' ');
            s.push_str(c);
        }
        if desc {
            s.push_str(" DESC");
        }
        match o.nulls_first {
            Some(true) => s.push_str(" NULLS FIRST"),
            Some(false) => s.push_str(" NULLS LAST"),
            None => {}
        }
        s
    }
}

/// What an index key says besides its column or expression and direction, each only when it
/// is not the default (as `pg_get_indexdef` prints them): every field is absent otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct KeyOptions {
    /// Operator class when not the default one for the key's type (`jsonb_path_ops`,
    /// `text_pattern_ops`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    /// `COLLATE` when not the collation of the column (or expression).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// `NULLS FIRST` (`Some(true)`) or `NULLS LAST` (`Some(false)`) when not the direction's
    /// default (PostgreSQL sorts nulls last ascending, first descending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nulls_first: Option<bool>,
}

impl KeyOptions {
    pub fn is_default(&self) -> bool {
        *self == KeyOptions::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    pub name: QualifiedName,
    /// The query as written in the migration (databases reformat it; not compared verbatim).
    pub query: String,
    pub materialized: bool,
    /// Output columns when they can be determined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumType {
    pub name: QualifiedName,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sequence {
    pub name: QualifiedName,
    /// `table.column` for sequences owned by a column (`serial`, `OWNED BY`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<(QualifiedName, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_type: Option<DataType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Function {
    pub name: QualifiedName,
    /// Argument types as written, comma-separated.
    pub args: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// The `CREATE FUNCTION` statement as written (empty when introspected or unknown).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trigger {
    pub name: String,
    /// The statement as written, for display; the body is opaque.
    pub definition: String,
}
