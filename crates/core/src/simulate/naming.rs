//! The names databases generate for unnamed constraints, indexes and sequences.
//!
//! Every fact below was checked against PostgreSQL 15, MariaDB 10.11 and SQLite 3.40 and is pinned
//! by a test in `crates/core/tests/simulate.rs`.
//!
//! PostgreSQL
//! - primary key `<table>_pkey`, unique `<table>_<cols joined by _>_key`, foreign key
//!   `<table>_<cols>_fkey`, check `<table>_<col>_check` when the expression uses exactly one column
//!   of the table, else `<table>_check`; index `<table>_<cols>_idx`, where an expression key counts
//!   as the function name it calls (`lower(email)` → `users_lower_idx`) or else `expr`
//!   (`users_expr_lower_idx` for `((a+b), lower(email))`), a cast names its column (`(x::text)` →
//!   `tt_x_idx`); serial sequence `<table>_<col>_seq`.
//! - Names are cut to 63 bytes by shortening the longer of the table and column parts one byte at a
//!   time (`makeObjectName`), then `_<label>` is appended.
//! - On a clash a number is appended to the label (`_key1`, `_check2`) and the name is cut again.
//!   Check and foreign-key names only avoid *constraint* names of the whole schema (any table; a
//!   table called `a_v_check2` does not count). Constraint index names (pkey, key) avoid
//!   *relation* names (tables, views, sequences, indexes) and constraint names; plain index and
//!   sequence names avoid relation names.
//! - A serial sequence whose name is taken gets a number too (`sim_t_id_seq1`).
//! - `ALTER TABLE RENAME` keeps every constraint, index and sequence name; `ALTER INDEX RENAME` of a
//!   constraint's index renames the constraint, and `RENAME CONSTRAINT` renames its index.
//! - Identity columns get an internal sequence (`pg_depend.deptype = 'i'`); it is not modelled as a
//!   [`crate::schema::Sequence`]: it belongs to the column, and introspection skips it.
//!
//! MariaDB
//! - Primary key `PRIMARY`. An unnamed unique key or index is named after its first column, then
//!   `<col>_2`, `<col>_3` on a clash (names are per table, case-insensitive).
//! - Unnamed foreign keys are `<table>_ibfk_<n>` with n = 1 + the largest n in use. Renaming the
//!   table renames them to `<new>_ibfk_<n>`.
//! - A foreign key whose columns are not the leading columns of an existing index gets an index named
//!   after the constraint when it is named, else after its first column.
//! - An unnamed column CHECK is named after its column (and keeps that name when the column is
//!   renamed); an unnamed table CHECK is `CONSTRAINT_<n>`, n the first number not in use.
//! - `SERIAL` is `bigint unsigned NOT NULL AUTO_INCREMENT` with a `UNIQUE KEY` named after the
//!   column (same rule as any unnamed key).
//!
//! SQLite
//! - Unnamed-or-not, every UNIQUE and every PRIMARY KEY except a rowid alias (`INTEGER PRIMARY KEY`)
//!   gets an index `sqlite_autoindex_<table>_<n>`, numbered in declaration order (inline column
//!   constraints first, in column order, then table constraints; named ones take a number too).
//!   `ALTER TABLE RENAME` renames them. The model names a constraint declared with
//!   `CONSTRAINT name` by that name (kept in the stored CREATE TABLE text), and an unnamed one
//!   after its index, as `PRAGMA index_list` shows it.
//! - Only the declared type spelled `INTEGER` makes a rowid alias: `int PRIMARY KEY` and
//!   `bigint PRIMARY KEY` get an autoindex. (`INTEGER PRIMARY KEY DESC` also gets one; the op does
//!   not carry the key order, so that quirk is not modelled.)
//! - Checks and foreign keys have no catalog name; unnamed ones get an empty name in the model.

use crate::dialect::{Dialect, AUTOINDEX_PREFIX};
use crate::normalize;
use crate::op::from_schema::declaration_order;
use crate::schema::{ConstraintKind, Table};

/// PostgreSQL's identifier limit: `NAMEDATALEN - 1` bytes.
pub const PG_MAX_IDENT: usize = 63;

/// PostgreSQL's `makeObjectName`: `name1[_name2]_label`, cutting the longer of `name1` and `name2`
/// first so the result fits in 63 bytes.
pub fn pg_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let avail = PG_MAX_IDENT.saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map_or(0, str::len);
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = String::with_capacity(PG_MAX_IDENT);
    out.push_str(clip(name1, n1));
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// PostgreSQL's `ChooseRelationName` / `ChooseConstraintName`: the first of `label`, `label1`,
/// `label2`... whose name is not `taken`.
pub fn pg_choose_name(
    name1: &str,
    name2: Option<&str>,
    label: &str,
    taken: impl Fn(&str) -> bool,
) -> String {
    let mut name = pg_object_name(name1, name2, label);
    let mut pass = 0u32;
    while taken(&name) && pass < 100_000 {
        pass += 1;
        name = pg_object_name(name1, name2, &format!("{label}{pass}"));
    }
    name
}

/// Cuts an identifier to PostgreSQL's limit, as the server does for every identifier it reads.
pub fn pg_truncate(name: &str) -> &str {
    clip(name, PG_MAX_IDENT)
}

/// The longest prefix of `s` of at most `n` bytes that ends on a character boundary
/// (PostgreSQL's `pg_mbcliplen`).
fn clip(s: &str, n: usize) -> &str {
    let mut n = n.min(s.len());
    while n > 0 && !s.is_char_boundary(n) {
        n -= 1;
    }
    s.get(..n).unwrap_or("")
}

/// The name part PostgreSQL derives from an index key (`FigureIndexColname`): a column's name, a
/// called function's name, else `expr`.
pub fn pg_index_key_name(expr: &str) -> String {
    let mut text = expr.trim();
    while let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        if !balanced(inner) {
            break;
        }
        text = inner.trim();
    }
    let ident_len = text
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '$'))
        .map_or(text.len(), |(i, _)| i);
    let (ident, rest) = text.split_at(ident_len);
    let last = ident.rsplit('.').next().unwrap_or("");
    let starts_ok = last
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_');
    if !starts_ok {
        return "expr".into();
    }
    let rest = rest.trim_start();
    // A cast names the column it casts (`x::text` → `x`).
    if rest.starts_with('(') || rest.is_empty() || rest.starts_with("::") {
        return last.to_string();
    }
    "expr".into()
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// MariaDB's `make_unique_key_name`: `base`, else `base_2`, `base_3`... (never `PRIMARY`).
pub fn mysql_key_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let free = |n: &str| !n.eq_ignore_ascii_case("primary") && !taken(n);
    if free(base) {
        return base.to_string();
    }
    let mut i = 2u32;
    loop {
        let name = format!("{base}_{i}");
        if free(&name) || i > 100_000 {
            return name;
        }
        i += 1;
    }
}

/// The next unnamed foreign key of `table`: `<table>_ibfk_<max + 1>`.
pub fn mysql_fk_name<'a>(table: &str, existing: impl Iterator<Item = &'a str>) -> String {
    next_numbered(&format!("{table}_ibfk_"), existing)
}

/// An unnamed CHECK in MySQL 8 (table- or column-level): `<table>_chk_<max + 1>` ("MySQL
/// automatically generates a name with the format tbl_name_chk_N", MySQL 8.0 Reference Manual,
/// 15.1.20.6 CHECK Constraints). Not verified here: no MySQL 8 server runs beside the tests.
pub fn mysql8_check_name<'a>(table: &str, existing: impl Iterator<Item = &'a str>) -> String {
    next_numbered(&format!("{table}_chk_"), existing)
}

/// `<prefix><n>`, one past the highest `n` among the `existing` names of that form.
fn next_numbered<'a>(prefix: &str, existing: impl Iterator<Item = &'a str>) -> String {
    let max = existing
        .filter_map(|n| n.strip_prefix(prefix))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{}", max.saturating_add(1))
}

/// An unnamed table-level CHECK in MariaDB: the first free `CONSTRAINT_<n>`.
pub fn mysql_check_name(taken: impl Fn(&str) -> bool) -> String {
    let mut i = 1u32;
    loop {
        let name = format!("CONSTRAINT_{i}");
        if !taken(&name) || i > 100_000 {
            return name;
        }
        i += 1;
    }
}

/// The index SQLite creates for the `n`th (1-based) UNIQUE / non-rowid PRIMARY KEY of `table`.
pub fn sqlite_autoindex(table: &str, n: usize) -> String {
    format!("sqlite_autoindex_{table}_{n}")
}

/// `(table, n)` of an autoindex name, if it is one.
pub fn parse_sqlite_autoindex(name: &str) -> Option<(&str, usize)> {
    let rest = name.strip_prefix("sqlite_autoindex_")?;
    let (table, n) = rest.rsplit_once('_')?;
    Some((table, n.parse().ok()?))
}

/// SQLite names the indexes of PRIMARY KEY and UNIQUE constraints by position when a table is
/// created; a rebuilt table gets fresh numbers, so the model must follow. Keys declared with a
/// name keep it but still take a number.
pub(crate) fn renumber_autoindexes(table: &mut Table, dialect: Dialect) {
    if dialect != Dialect::Sqlite {
        return;
    }
    let name = table.name.name.clone();
    let columns = table.columns.clone();
    // The order the rebuild declares them in (`create_table_op`).
    let order = declaration_order(&table.constraints);
    let mut n = 0;
    for i in order {
        let Some(c) = table.constraints.get_mut(i) else {
            continue;
        };
        let keyed = match &c.kind {
            // INTEGER PRIMARY KEY is the rowid itself: no index, no number.
            ConstraintKind::PrimaryKey { columns: pk } => {
                !(pk.len() == 1
                    && pk
                        .first()
                        .and_then(|p| columns.iter().find(|col| &col.name == p))
                        .is_some_and(|col| {
                            normalize::type_name(&col.ty, dialect).eq_ignore_ascii_case("integer")
                        }))
            }
            ConstraintKind::Unique { .. } => true,
            _ => false,
        };
        if !keyed {
            continue;
        }
        n += 1;
        if c.name.is_empty() || c.name.starts_with(AUTOINDEX_PREFIX) {
            c.name = format!("{}{name}_{n}", AUTOINDEX_PREFIX);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_name_cuts_the_longer_part_first() {
        let a = "a".repeat(58);
        let b = "b".repeat(46);
        assert_eq!(
            pg_object_name(&a, Some(&b), "key"),
            format!("{}_{}_key", "a".repeat(29), "b".repeat(29))
        );
        assert_eq!(
            pg_object_name(&a, Some("cc"), "key"),
            format!("{}_cc_key", "a".repeat(56))
        );
        assert_eq!(
            pg_object_name(&"a".repeat(60), Some("z"), "seq"),
            format!("{}_z_seq", "a".repeat(57))
        );
    }

    #[test]
    fn index_key_names() {
        assert_eq!(pg_index_key_name("lower(email)"), "lower");
        assert_eq!(pg_index_key_name("(a + b)"), "expr");
        assert_eq!(pg_index_key_name("(a)"), "a");
        assert_eq!(pg_index_key_name("(a) + (b)"), "expr");
        assert_eq!(pg_index_key_name("1"), "expr");
        assert_eq!(pg_index_key_name("x::text"), "x");
    }

    #[test]
    fn mysql_names() {
        assert_eq!(mysql_key_name("email", |n| n == "email"), "email_2");
        assert_eq!(
            mysql_fk_name("t", ["t_ibfk_7", "t_ibfk_2", "x_ibfk_9"].into_iter()),
            "t_ibfk_8"
        );
        assert_eq!(
            mysql_check_name(|n| n == "CONSTRAINT_1" || n == "CONSTRAINT_3"),
            "CONSTRAINT_2"
        );
        assert_eq!(
            parse_sqlite_autoindex("sqlite_autoindex_new_t_2"),
            Some(("new_t", 2))
        );
    }
}
