//! What each database can express, as capability methods (`supports_*`, in the style of
//! sqlparser's dialects) on one [`SqlDialect`] per database, and the identifier and literal
//! spelling that follows from them. Renderer and differ both ask these, so they sit below both.

use super::{Dialect, Mysql, Postgres, Sqlite};
use crate::op::ColumnDef;

/// How a dialect spells an index access method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexMethodSql {
    /// PostgreSQL `ON t USING gin (...)`.
    UsingBeforeKeys(String),
    /// MySQL `(...) USING BTREE`.
    UsingAfterKeys(&'static str),
    /// MySQL `CREATE FULLTEXT INDEX`.
    Prefix(&'static str),
    Unsupported,
}

/// What a database can express, asked by the renderer instead of comparing dialect names.
/// Defaults describe the most limited database; each dialect turns on what it has.
pub trait SqlDialect {
    fn dialect(&self) -> Dialect;
    fn quote_char(&self) -> char;
    /// `lower` is the identifier in lower case.
    fn is_reserved(&self, lower: &str) -> bool;
    /// Unquoted identifiers fold to lower case, so names with capitals need quotes.
    fn folds_unquoted_case(&self) -> bool {
        false
    }
    /// A backslash in a string literal starts an escape (MySQL's default `sql_mode`).
    fn backslash_escapes(&self) -> bool {
        false
    }
    fn supports_namespaces(&self) -> bool {
        false
    }
    fn supports_extensions(&self) -> bool {
        false
    }
    fn supports_enum_types(&self) -> bool {
        false
    }
    fn supports_sequences(&self) -> bool {
        false
    }
    /// `AS type` and `OWNED BY` on sequences.
    fn supports_sequence_options(&self) -> bool {
        false
    }
    fn supports_identity(&self) -> bool {
        false
    }
    fn supports_deferrable(&self) -> bool {
        false
    }
    fn supports_nulls_not_distinct(&self) -> bool {
        false
    }
    fn supports_exclude(&self) -> bool {
        false
    }
    /// `ALTER TABLE ... ALTER/MODIFY COLUMN`; without it a column change is a table rebuild.
    fn supports_alter_column(&self) -> bool {
        false
    }
    /// `ALTER TABLE ... ADD/DROP CONSTRAINT`; without it foreign keys must be declared in
    /// CREATE TABLE and every constraint change is a table rebuild.
    fn supports_alter_constraints(&self) -> bool {
        false
    }
    /// A column change restates the whole column (MySQL `MODIFY COLUMN`).
    fn restates_whole_column(&self) -> bool {
        false
    }
    /// `COMMENT ON TABLE/COLUMN`.
    fn supports_comment_on(&self) -> bool {
        false
    }
    /// `COMMENT '...'` on columns and `COMMENT=` on tables.
    fn supports_inline_comments(&self) -> bool {
        false
    }
    fn supports_partial_indexes(&self) -> bool {
        false
    }
    fn supports_index_include(&self) -> bool {
        false
    }
    /// `CREATE INDEX ON t (...)` with the name chosen by the database.
    fn supports_unnamed_index(&self) -> bool {
        false
    }
    fn supports_concurrent_index(&self) -> bool {
        false
    }
    /// `DROP ... CASCADE`.
    fn supports_cascade(&self) -> bool {
        false
    }
    fn supports_materialized_views(&self) -> bool {
        false
    }
    fn supports_create_or_replace_view(&self) -> bool {
        false
    }
    fn supports_view_if_not_exists(&self) -> bool {
        false
    }
    /// `GENERATED ALWAYS AS (...) VIRTUAL`.
    fn supports_virtual_generated(&self) -> bool {
        false
    }
    fn supports_add_column_if_not_exists(&self) -> bool {
        false
    }
    /// Table options from the model (`ENGINE=InnoDB`, `STRICT`) are printed after CREATE TABLE.
    fn renders_table_options(&self) -> bool {
        false
    }
    fn table_options_separator(&self) -> &'static str {
        " "
    }
    /// The model's table options (free text from the migrations) split into those this dialect
    /// accepts, spelled as it accepts them, and those left out. Asked when `renders_table_options`.
    fn table_options(&self, options: &[String]) -> (Vec<String>, Vec<String>) {
        (options.to_vec(), Vec::new())
    }
    /// Index names are scoped to a table: `DROP INDEX name ON table`.
    fn drop_index_needs_table(&self) -> bool {
        false
    }
    /// Unique constraints are written `UNIQUE KEY name (...)`.
    fn unique_as_key(&self) -> bool {
        false
    }
    fn auto_increment_keyword(&self) -> Option<&'static str> {
        None
    }
    /// SQLite's AUTOINCREMENT is only valid as `INTEGER PRIMARY KEY AUTOINCREMENT` on the column.
    fn auto_increment_needs_inline_primary_key(&self) -> bool {
        false
    }
    /// Whether a default expression must be wrapped in parentheses.
    fn default_needs_parens(&self, expr: &str) -> bool {
        let _ = expr;
        false
    }
    fn index_method(&self, method: &str) -> IndexMethodSql;
    /// Whether a constraint of this name is written with `CONSTRAINT name`.
    fn names_constraint(&self, name: &str, is_primary_key: bool) -> bool;
    /// `ALTER TABLE ADD COLUMN` cannot add this column; the table is rebuilt instead.
    fn add_column_needs_rebuild(&self, def: &ColumnDef) -> bool {
        let _ = def;
        false
    }
}

/// The renderer capabilities of `dialect`.
pub fn sql_dialect(dialect: Dialect) -> &'static dyn SqlDialect {
    match dialect {
        Dialect::Postgres => &Postgres,
        Dialect::Mysql => &Mysql,
        Dialect::Sqlite => &Sqlite,
    }
}

/// An identifier, quoted only when the dialect needs it.
pub fn ident(d: &dyn SqlDialect, name: &str) -> String {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| {
        c == '_' || c.is_ascii_lowercase() || (!d.folds_unquoted_case() && c.is_ascii_uppercase())
    });
    let rest_ok = name.chars().all(|c| {
        c == '_'
            || c.is_ascii_digit()
            || c.is_ascii_lowercase()
            || (!d.folds_unquoted_case() && c.is_ascii_uppercase())
    });
    if first_ok && rest_ok && !d.is_reserved(&name.to_ascii_lowercase()) {
        return name.to_string();
    }
    let q = d.quote_char();
    let mut s = String::with_capacity(name.len() + 2);
    s.push(q);
    for c in name.chars() {
        if c == q {
            s.push(q);
        }
        s.push(c);
    }
    s.push(q);
    s
}

/// A string literal.
pub fn string_literal(d: &dyn SqlDialect, text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('\'');
    for c in text.chars() {
        match c {
            '\'' => s.push_str("''"),
            '\\' if d.backslash_escapes() => s.push_str("\\\\"),
            c => s.push(c),
        }
    }
    s.push('\'');
    s
}

/// A default that every dialect accepts without parentheses: a literal or a current-time keyword.
pub(crate) fn is_plain_default(expr: &str) -> bool {
    let e = expr.trim();
    let lower = e.to_ascii_lowercase();
    let number = !e.is_empty()
        && e.trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E')
        && e.chars().any(|c| c.is_ascii_digit());
    let string = e.len() >= 2
        && e.starts_with('\'')
        && e.ends_with('\'')
        && e.get(1..e.len() - 1)
            .is_some_and(|inner| !inner.replace("''", "").contains('\''));
    number
        || string
        || matches!(
            lower.as_str(),
            "null" | "true" | "false" | "current_timestamp" | "current_date" | "current_time"
        )
        || lower.starts_with("current_timestamp(")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let cases = [
            (Dialect::Postgres, "users", "users"),
            (Dialect::Postgres, "Users", "\"Users\""),
            (Dialect::Postgres, "order", "\"order\""),
            (Dialect::Postgres, "a b", "\"a b\""),
            (Dialect::Postgres, "we\"ird", "\"we\"\"ird\""),
            (Dialect::Postgres, "1st", "\"1st\""),
            (Dialect::Mysql, "Users", "Users"),
            (Dialect::Mysql, "key", "`key`"),
            (Dialect::Sqlite, "index", "\"index\""),
            (Dialect::Sqlite, "", "\"\""),
        ];
        for (dialect, name, expect) in cases {
            assert_eq!(
                ident(sql_dialect(dialect), name),
                expect,
                "{dialect} {name}"
            );
        }
    }

    #[test]
    fn literals_and_defaults() {
        assert_eq!(string_literal(&Mysql, "it's a\\b"), "'it''s a\\\\b'");
        assert_eq!(string_literal(&Postgres, "it's a\\b"), "'it''s a\\b'");
        for plain in [
            "0",
            "-1.5",
            "'x'",
            "'it''s'",
            "NULL",
            "true",
            "CURRENT_TIMESTAMP",
            "current_timestamp()",
        ] {
            assert!(is_plain_default(plain), "{plain}");
        }
        for expr in ["lower('A')", "'a' || 'b'", "datetime('now')", "1 + 1", ""] {
            assert!(!is_plain_default(expr), "{expr}");
        }
    }
}
