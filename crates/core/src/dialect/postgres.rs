//! PostgreSQL: the richest target; nearly every model feature has direct DDL.

use super::{IndexMethodSql, SqlDialect};
use crate::dialect::Dialect;

pub struct Postgres;

/// `pg_get_keywords()` categories R (reserved) and T (reserved, may be a function or type name),
/// read from a PostgreSQL 15 server: these cannot be used as bare column or table names.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

impl SqlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn quote_char(&self) -> char {
        '"'
    }
    fn is_reserved(&self, lower: &str) -> bool {
        RESERVED.contains(&lower)
    }
    fn folds_unquoted_case(&self) -> bool {
        true
    }
    fn supports_namespaces(&self) -> bool {
        true
    }
    fn supports_extensions(&self) -> bool {
        true
    }
    fn supports_enum_types(&self) -> bool {
        true
    }
    fn supports_sequences(&self) -> bool {
        true
    }
    fn supports_sequence_options(&self) -> bool {
        true
    }
    fn supports_identity(&self) -> bool {
        true
    }
    fn supports_deferrable(&self) -> bool {
        true
    }
    fn supports_nulls_not_distinct(&self) -> bool {
        true
    }
    fn supports_exclude(&self) -> bool {
        true
    }
    fn supports_alter_column(&self) -> bool {
        true
    }
    fn supports_alter_constraints(&self) -> bool {
        true
    }
    fn supports_comment_on(&self) -> bool {
        true
    }
    fn supports_partial_indexes(&self) -> bool {
        true
    }
    fn supports_index_include(&self) -> bool {
        true
    }
    fn supports_unnamed_index(&self) -> bool {
        true
    }
    fn supports_concurrent_index(&self) -> bool {
        true
    }
    fn supports_cascade(&self) -> bool {
        true
    }
    fn supports_materialized_views(&self) -> bool {
        true
    }
    fn supports_create_or_replace_view(&self) -> bool {
        true
    }
    fn supports_virtual_generated(&self) -> bool {
        // PostgreSQL 15 has STORED generated columns only.
        false
    }
    fn supports_add_column_if_not_exists(&self) -> bool {
        true
    }
    fn index_method(&self, method: &str) -> IndexMethodSql {
        IndexMethodSql::UsingBeforeKeys(method.to_ascii_lowercase())
    }
    fn names_constraint(&self, _name: &str, _is_key: bool) -> bool {
        true
    }
}
