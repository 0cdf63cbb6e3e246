//! MySQL and MariaDB: the primary key is always `PRIMARY`, unique constraints are indexes
//! (`UNIQUE KEY name (...)`), comments are inline, and a column change restates the whole column.

use super::{IndexMethodSql, SqlDialect};
use crate::dialect::Dialect;

pub struct Mysql;

/// Reserved words of MySQL 8 and MariaDB 10.11 that are plausible table or column names.
const RESERVED: &[&str] = &[
    "accessible",
    "add",
    "all",
    "alter",
    "analyze",
    "and",
    "as",
    "asc",
    "asensitive",
    "before",
    "between",
    "bigint",
    "binary",
    "blob",
    "both",
    "by",
    "call",
    "cascade",
    "case",
    "change",
    "char",
    "character",
    "check",
    "collate",
    "column",
    "condition",
    "constraint",
    "continue",
    "convert",
    "create",
    "cross",
    "current_date",
    "current_role",
    "current_time",
    "current_timestamp",
    "current_user",
    "cursor",
    "database",
    "databases",
    "day_hour",
    "day_microsecond",
    "day_minute",
    "day_second",
    "dec",
    "decimal",
    "declare",
    "default",
    "delayed",
    "delete",
    "desc",
    "describe",
    "deterministic",
    "distinct",
    "distinctrow",
    "div",
    "double",
    "drop",
    "dual",
    "each",
    "else",
    "elseif",
    "enclosed",
    "escaped",
    "except",
    "exists",
    "exit",
    "explain",
    "false",
    "fetch",
    "float",
    "float4",
    "float8",
    "for",
    "force",
    "foreign",
    "from",
    "fulltext",
    "generated",
    "get",
    "grant",
    "group",
    "having",
    "high_priority",
    "hour_microsecond",
    "hour_minute",
    "hour_second",
    "if",
    "ignore",
    "in",
    "index",
    "infile",
    "inner",
    "inout",
    "insensitive",
    "insert",
    "int",
    "int1",
    "int2",
    "int3",
    "int4",
    "int8",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "iterate",
    "join",
    "key",
    "keys",
    "kill",
    "leading",
    "leave",
    "left",
    "like",
    "limit",
    "linear",
    "lines",
    "load",
    "localtime",
    "localtimestamp",
    "lock",
    "long",
    "longblob",
    "longtext",
    "loop",
    "low_priority",
    "match",
    "maxvalue",
    "mediumblob",
    "mediumint",
    "mediumtext",
    "middleint",
    "minute_microsecond",
    "minute_second",
    "mod",
    "modifies",
    "natural",
    "no_write_to_binlog",
    "not",
    "null",
    "numeric",
    "offset",
    "on",
    "optimize",
    "option",
    "optionally",
    "or",
    "order",
    "out",
    "outer",
    "outfile",
    "over",
    "partition",
    "precision",
    "primary",
    "procedure",
    "purge",
    "range",
    "read",
    "read_write",
    "reads",
    "real",
    "recursive",
    "references",
    "regexp",
    "release",
    "rename",
    "repeat",
    "replace",
    "require",
    "resignal",
    "restrict",
    "return",
    "returning",
    "revoke",
    "right",
    "rlike",
    "row_number",
    "rows",
    "schema",
    "schemas",
    "second_microsecond",
    "select",
    "sensitive",
    "separator",
    "set",
    "show",
    "signal",
    "smallint",
    "spatial",
    "specific",
    "sql",
    "sql_big_result",
    "sql_calc_found_rows",
    "sql_small_result",
    "sqlexception",
    "sqlstate",
    "sqlwarning",
    "ssl",
    "starting",
    "stored",
    "straight_join",
    "table",
    "terminated",
    "then",
    "tinyblob",
    "tinyint",
    "tinytext",
    "to",
    "trailing",
    "trigger",
    "true",
    "undo",
    "union",
    "unique",
    "unlock",
    "unsigned",
    "update",
    "usage",
    "use",
    "using",
    "utc_date",
    "utc_time",
    "utc_timestamp",
    "values",
    "varbinary",
    "varchar",
    "varcharacter",
    "varying",
    "virtual",
    "when",
    "where",
    "while",
    "window",
    "with",
    "write",
    "xor",
    "year_month",
    "zerofill",
];

impl SqlDialect for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }
    fn quote_char(&self) -> char {
        '`'
    }
    fn is_reserved(&self, lower: &str) -> bool {
        RESERVED.contains(&lower)
    }
    fn backslash_escapes(&self) -> bool {
        true
    }
    fn supports_namespaces(&self) -> bool {
        true
    }
    fn supports_sequences(&self) -> bool {
        // MariaDB 10.3+ has CREATE SEQUENCE; MySQL has none, but the model only holds sequences
        // when the migrations created them.
        true
    }
    fn supports_alter_column(&self) -> bool {
        true
    }
    fn supports_alter_constraints(&self) -> bool {
        true
    }
    fn restates_whole_column(&self) -> bool {
        true
    }
    fn supports_inline_comments(&self) -> bool {
        true
    }
    fn supports_create_or_replace_view(&self) -> bool {
        true
    }
    fn supports_virtual_generated(&self) -> bool {
        true
    }
    fn supports_add_column_if_not_exists(&self) -> bool {
        // MariaDB only; MySQL rejects it, so it is left out.
        false
    }
    fn renders_table_options(&self) -> bool {
        true
    }
    fn table_options(&self, options: &[String]) -> (Vec<String>, Vec<String>) {
        table_options(options)
    }
    fn drop_index_needs_table(&self) -> bool {
        true
    }
    fn unique_as_key(&self) -> bool {
        true
    }
    fn auto_increment_keyword(&self) -> Option<&'static str> {
        Some("AUTO_INCREMENT")
    }
    fn default_needs_parens(&self, expr: &str) -> bool {
        !super::is_plain_default(expr)
    }
    fn index_method(&self, method: &str) -> IndexMethodSql {
        match method.to_ascii_lowercase().as_str() {
            "fulltext" => IndexMethodSql::Prefix("FULLTEXT"),
            "spatial" => IndexMethodSql::Prefix("SPATIAL"),
            "btree" => IndexMethodSql::UsingAfterKeys("BTREE"),
            "hash" => IndexMethodSql::UsingAfterKeys("HASH"),
            _ => IndexMethodSql::Unsupported,
        }
    }
    fn names_constraint(&self, _name: &str, is_primary_key: bool) -> bool {
        // The primary key is always called PRIMARY and cannot be named.
        !is_primary_key
    }
}

/// Options MySQL and MariaDB accept as `KEY=value` after CREATE TABLE and in ALTER TABLE.
const VALUED_OPTIONS: &[&str] = &[
    "ENGINE",
    "ROW_FORMAT",
    "KEY_BLOCK_SIZE",
    "CHECKSUM",
    "PACK_KEYS",
    "STATS_PERSISTENT",
    "STATS_AUTO_RECALC",
    "STATS_SAMPLE_PAGES",
    "AVG_ROW_LENGTH",
    "MAX_ROWS",
    "MIN_ROWS",
    "DELAY_KEY_WRITE",
    "INSERT_METHOD",
    "PAGE_CHECKSUM",
    "TRANSACTIONAL",
];

/// The model keeps options as written, from CREATE TABLE and from ALTER TABLE (`DEFAULT
/// CHARSET=utf8mb4`, `CHARACTER SET utf8`, `CONVERT TO CHARACTER SET utf8mb4 COLLATE x`), in
/// order. They are folded into one canonical `KEY=value` per key, the last one winning as it does
/// on the server; what is not a table option (or has an odd value) is left out.
fn table_options(options: &[String]) -> (Vec<String>, Vec<String>) {
    let mut kept: Vec<(String, String)> = Vec::new();
    let mut left_out = Vec::new();
    let set = |kept: &mut Vec<(String, String)>, key: &str, value: &str| {
        kept.retain(|(k, _)| k != key);
        kept.push((key.to_string(), value.to_string()));
    };
    for option in options {
        let text = option.replace('=', " = ");
        let words: Vec<String> = text
            .split_whitespace()
            .map(|w| w.trim_matches(['\'', '"', '`']).to_string())
            .collect();
        let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
        let is_value =
            |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        // Skips `DEFAULT`, `TO` and `=` noise words; returns (keyword path, value).
        let mut i = 0;
        let mut understood = false;
        while let Some(word) = upper.get(i) {
            let at = |k: usize| upper.get(i + k).map(String::as_str).unwrap_or_default();
            let value_after = |k: usize| {
                let mut j = i + k;
                if upper.get(j).is_some_and(|w| w == "=") {
                    j += 1;
                }
                words
                    .get(j)
                    .filter(|v| is_value(v))
                    .map(|v| (j + 1, v.clone()))
            };
            let step = match word.as_str() {
                "DEFAULT" | "CONVERT" | "TO" | "=" => {
                    i += 1;
                    continue;
                }
                "CHARSET" => value_after(1).map(|(next, v)| (next, "DEFAULT CHARSET", v)),
                "CHARACTER" if at(1) == "SET" => {
                    value_after(2).map(|(next, v)| (next, "DEFAULT CHARSET", v))
                }
                "COLLATE" => value_after(1).map(|(next, v)| (next, "COLLATE", v)),
                other if VALUED_OPTIONS.contains(&other) => {
                    value_after(1).map(|(next, v)| (next, other, v))
                }
                _ => None,
            };
            let Some((next, key, value)) = step else {
                understood = false;
                break;
            };
            if key == "DEFAULT CHARSET" {
                // A new character set brings its own default collation.
                kept.retain(|(k, _)| k != "COLLATE");
            }
            set(&mut kept, key, &value);
            understood = true;
            i = next;
        }
        if !understood {
            left_out.push(option.clone());
        }
    }
    (
        kept.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
        left_out,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_options_fold_to_what_the_server_accepts() {
        let check = |input: &[&str], expect: &str| {
            let input: Vec<String> = input.iter().map(|s| s.to_string()).collect();
            let (kept, left_out) = super::table_options(&input);
            assert_eq!(
                format!("{} | {}", kept.join(" "), left_out.join(", ")),
                expect,
                "{input:?}"
            );
        };
        check(
            &[
                "ENGINE=InnoDB",
                "DEFAULT CHARSET=utf8mb4",
                "COLLATE=utf8mb4_unicode_ci",
            ],
            "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci | ",
        );
        check(
            &[
                "ENGINE=InnoDB",
                "DEFAULT CHARSET=utf8",
                "CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
            ],
            "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci | ",
        );
        check(
            &["COLLATE=utf8mb4_bin", "CHARACTER SET latin1"],
            "DEFAULT CHARSET=latin1 | ",
        );
        check(
            &["ROW_FORMAT=DYNAMIC", "FORCE", "ENGINE=x;DROP"],
            "ROW_FORMAT=DYNAMIC | FORCE, ENGINE=x;DROP",
        );
    }
}
