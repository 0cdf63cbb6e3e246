//! `op.bulk_insert(table, rows)` as the INSERT statements `alembic upgrade --sql` prints: one
//! statement per row, the row's columns in the table's column order, values as SQLAlchemy
//! renders literals for the dialect (checked against Alembic 1.20 / SQLAlchemy 2.1 offline on
//! PostgreSQL, MySQL and SQLite).
//!
//! Only values Strata renders exactly as SQLAlchemy does are accepted: None, booleans, integers,
//! plain floats, strings, `datetime.date(...)` and `datetime.datetime(...)` with positional
//! arguments. Any other value leaves the whole call as an unrendered data change.

use super::eval::{Call, Value};
use crate::dialect::{ident, sql_dialect, string_literal, Dialect};
use crate::schema::QualifiedName;

/// The INSERT statements for `rows` into `table`, whose columns (in table order) are `columns`
/// when the table object lists them. `None` when a row is not a dict of literals.
pub fn bulk_insert_sql(
    table: &QualifiedName,
    columns: &[String],
    rows: &[Value],
    dialect: Dialect,
) -> Option<Vec<String>> {
    let d = sql_dialect(dialect);
    let name = match &table.schema {
        Some(s) => format!("{}.{}", ident(d, s), ident(d, &table.name)),
        None => ident(d, &table.name),
    };
    rows.iter()
        .map(|row| {
            let Value::Dict(pairs) = row else { return None };
            let mut keyed: Vec<(&str, &Value)> = Vec::with_capacity(pairs.len());
            for (k, v) in pairs {
                let k = k.as_str()?;
                // A later duplicate key wins, as in a Python dict.
                keyed.retain(|(seen, _)| *seen != k);
                keyed.push((k, v));
            }
            // SQLAlchemy lists the table's columns first, in table order.
            let position = |k: &str| columns.iter().position(|c| c == k).unwrap_or(usize::MAX);
            keyed.sort_by_key(|(k, _)| position(k));
            if keyed.is_empty() {
                return None;
            }
            let cols: Vec<String> = keyed.iter().map(|(k, _)| ident(d, k)).collect();
            let values: Option<Vec<String>> =
                keyed.iter().map(|(_, v)| literal(v, dialect)).collect();
            Some(format!(
                "INSERT INTO {name} ({}) VALUES ({});",
                cols.join(", "),
                values?.join(", ")
            ))
        })
        .collect()
}

/// The column names of a table object: `op.create_table(...)`'s result or `sa.table(...)`.
pub fn table_columns(table: &Call) -> Vec<String> {
    table
        .args
        .iter()
        .filter_map(Value::as_call)
        .filter(|c| matches!(c.short(), "Column" | "column"))
        .filter_map(|c| c.args.first().and_then(Value::as_str).map(str::to_string))
        .collect()
}

fn literal(v: &Value, dialect: Dialect) -> Option<String> {
    Some(match v {
        Value::None => "NULL".to_string(),
        // SQLite has no boolean type: SQLAlchemy writes 1 and 0 there.
        Value::Bool(b) if dialect == Dialect::Sqlite => u8::from(*b).to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => python_float(*f)?,
        Value::Str(s) => string_literal(sql_dialect(dialect), s),
        Value::Call(c) => datetime(c, dialect)?,
        _ => return None,
    })
}

/// Python's `repr` of a float, for the plain cases (`1.5`, `0.0`, `-2.25`); exponents and
/// non-finite values are left to the unrendered note.
fn python_float(f: f64) -> Option<String> {
    let s = format!("{f:?}");
    (f.is_finite() && !s.contains('e')).then_some(s)
}

/// `datetime.date(y, m, d)` and `datetime.datetime(y, m, d[, H, M, S[, us]])`, positional only.
fn datetime(c: &Call, dialect: Dialect) -> Option<String> {
    if !c.kwargs.is_empty() || !matches!(c.func.as_str(), "datetime.date" | "datetime.datetime") {
        return None;
    }
    let n: Vec<i64> = c
        .args
        .iter()
        .map(|a| {
            if let Value::Int(i) = a {
                Some(*i)
            } else {
                None
            }
        })
        .collect::<Option<_>>()?;
    let part = |i: usize| n.get(i).copied().unwrap_or(0);
    let in_range = |i: usize, lo: i64, hi: i64| (lo..=hi).contains(&part(i));
    if !(in_range(0, 1, 9999) && in_range(1, 1, 12) && in_range(2, 1, 31)) {
        return None;
    }
    let date = format!("{:04}-{:02}-{:02}", part(0), part(1), part(2));
    if c.func == "datetime.date" {
        return (n.len() == 3).then(|| format!("'{date}'"));
    }
    if !((3..=7).contains(&n.len())
        && in_range(3, 0, 23)
        && in_range(4, 0, 59)
        && in_range(5, 0, 59)
        && in_range(6, 0, 999_999))
    {
        return None;
    }
    let time = format!("{:02}:{:02}:{:02}", part(3), part(4), part(5));
    // SQLite's DateTime stores microseconds always; elsewhere Python's str() shows them when set.
    let micros = if dialect == Dialect::Sqlite || part(6) != 0 {
        format!(".{:06}", part(6))
    } else {
        String::new()
    };
    Some(format!("'{date} {time}{micros}'"))
}
