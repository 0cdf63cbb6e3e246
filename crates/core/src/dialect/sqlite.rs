//! SQLite: no namespaces, types or sequences; `ALTER TABLE` only renames and adds or drops
//! columns, so every other table change is a table rebuild.

use super::{IndexMethodSql, SqlDialect};
use crate::dialect::Dialect;
use crate::op::ColumnDef;
use crate::schema::ConstraintKind;

pub struct Sqlite;

/// SQLite's keyword list (`sqlite3_keyword_name`); quoting all of them is always safe.
const RESERVED: &[&str] = &[
    "abort",
    "action",
    "add",
    "after",
    "all",
    "alter",
    "always",
    "analyze",
    "and",
    "as",
    "asc",
    "attach",
    "autoincrement",
    "before",
    "begin",
    "between",
    "by",
    "cascade",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "commit",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "detach",
    "distinct",
    "do",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclude",
    "exclusive",
    "exists",
    "explain",
    "fail",
    "filter",
    "first",
    "following",
    "for",
    "foreign",
    "from",
    "full",
    "generated",
    "glob",
    "group",
    "groups",
    "having",
    "if",
    "ignore",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "insert",
    "instead",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "last",
    "left",
    "like",
    "limit",
    "match",
    "materialized",
    "natural",
    "no",
    "not",
    "nothing",
    "notnull",
    "null",
    "nulls",
    "of",
    "offset",
    "on",
    "or",
    "order",
    "others",
    "outer",
    "over",
    "partition",
    "plan",
    "pragma",
    "preceding",
    "primary",
    "query",
    "raise",
    "range",
    "recursive",
    "references",
    "regexp",
    "reindex",
    "release",
    "rename",
    "replace",
    "restrict",
    "returning",
    "right",
    "rollback",
    "row",
    "rows",
    "savepoint",
    "select",
    "set",
    "table",
    "temp",
    "temporary",
    "then",
    "ties",
    "to",
    "transaction",
    "trigger",
    "unbounded",
    "union",
    "unique",
    "update",
    "using",
    "vacuum",
    "values",
    "view",
    "virtual",
    "when",
    "where",
    "window",
    "with",
    "without",
];

/// Prefix of the names SQLite gives the indexes behind PRIMARY KEY and UNIQUE constraints.
pub const AUTOINDEX_PREFIX: &str = "sqlite_autoindex_";

impl SqlDialect for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn quote_char(&self) -> char {
        '"'
    }
    fn is_reserved(&self, lower: &str) -> bool {
        RESERVED.contains(&lower)
    }
    fn supports_deferrable(&self) -> bool {
        // Only on foreign keys; the other constraints are never deferrable in the model.
        true
    }
    fn supports_partial_indexes(&self) -> bool {
        true
    }
    fn supports_view_if_not_exists(&self) -> bool {
        true
    }
    fn supports_virtual_generated(&self) -> bool {
        true
    }
    fn renders_table_options(&self) -> bool {
        true
    }
    fn table_options_separator(&self) -> &'static str {
        ", "
    }
    fn table_options(&self, options: &[String]) -> (Vec<String>, Vec<String>) {
        options.iter().cloned().partition(|o| {
            let o = o.split_whitespace().collect::<Vec<_>>().join(" ");
            o.eq_ignore_ascii_case("strict") || o.eq_ignore_ascii_case("without rowid")
        })
    }
    fn auto_increment_keyword(&self) -> Option<&'static str> {
        Some("AUTOINCREMENT")
    }
    fn auto_increment_needs_inline_primary_key(&self) -> bool {
        true
    }
    fn default_needs_parens(&self, expr: &str) -> bool {
        !super::is_plain_default(expr)
    }
    fn index_method(&self, _method: &str) -> IndexMethodSql {
        IndexMethodSql::Unsupported
    }
    fn names_constraint(&self, name: &str, _is_key: bool) -> bool {
        // Autoindex names are SQLite's own; unnamed CHECK and FOREIGN KEY constraints have none.
        !name.is_empty() && !name.starts_with(AUTOINDEX_PREFIX)
    }
    fn add_column_needs_rebuild(&self, def: &ColumnDef) -> bool {
        // ALTER TABLE ADD COLUMN rejects these (sqlite.org/lang_altertable.html).
        let col = &def.column;
        let stored = col.generated.as_ref().is_some_and(|g| g.stored);
        let not_null_without_default =
            !col.nullable && col.default.is_none() && col.generated.is_none();
        let key = def.constraints.iter().any(|c| {
            matches!(
                c.kind,
                ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
            )
        });
        let time_default = col.default.as_deref().is_some_and(|d| {
            let d = d.trim().to_ascii_lowercase();
            d.starts_with("current_") || d.starts_with('(')
        });
        stored || not_null_without_default || key || time_default
    }
}
