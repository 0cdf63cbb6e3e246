//! Rows: a few generated rows in every table, and a snapshot of chosen columns to see whether a
//! script kept them.
//!
//! Values are derived from the simulated `Schema` at the time (types, enum values), so this works
//! for any history, generated or not. A row the database refuses (a constraint the values do not
//! satisfy) is left out: seeding is best effort, and the snapshot taken before the script is the
//! reference, not the rows attempted.

use strata_core::schema::{DataType, Identity, QualifiedName, Table};
use strata_core::{normalize, Dialect, Schema};
use strata_db::{execute_script, Connection};

/// Rows per table.
const ROWS: usize = 3;

fn literal(ty: &DataType, k: usize, schema: &Schema) -> Option<String> {
    let d = schema.dialect;
    Some(match ty {
        DataType::Boolean => match d {
            Dialect::Postgres => (if k % 2 == 0 { "false" } else { "true" }).into(),
            _ => (k % 2).to_string(),
        },
        ty if normalize::is_numeric_type(ty) => k.to_string(),
        DataType::Char(Some(n)) | DataType::Varchar(Some(n)) if *n < 3 => format!("'{k}'"),
        DataType::Char(_)
        | DataType::Varchar(_)
        | DataType::Text
        | DataType::SizedText(_)
        | DataType::Blob(_)
        | DataType::Bytea => format!("'r{k}'"),
        DataType::Date => format!("'2024-01-0{k}'"),
        DataType::Time { .. } => format!("'10:00:0{k}'"),
        DataType::Timestamp { .. } | DataType::DateTime(_) => format!("'2024-01-0{k} 10:00:00'"),
        DataType::Json | DataType::Jsonb => format!("'{{\"k\": {k}}}'"),
        DataType::Uuid => format!("'00000000-0000-0000-0000-00000000000{k}'"),
        DataType::InlineEnum(v) | DataType::Set(v) => {
            format!("'{}'", v.get((k - 1) % v.len().max(1))?)
        }
        DataType::Array(inner) if d == Dialect::Postgres => {
            let v = literal(inner, k, schema)?;
            format!("'{{{}}}'", v.trim_matches('\''))
        }
        DataType::Named(name) => {
            let e = schema.enums.values().find(|e| &e.name.name == name)?;
            format!("'{}'", e.values.get((k - 1) % e.values.len().max(1))?)
        }
        _ => return None,
    })
}

fn insert_sql(t: &Table, k: usize, schema: &Schema) -> Option<String> {
    let mut cols = Vec::new();
    let mut vals = Vec::new();
    for c in &t.columns {
        if c.generated.is_some() || c.identity == Some(Identity::Always) {
            continue;
        }
        let Some(v) = literal(&c.ty, k, schema) else {
            if !c.nullable && c.default.is_none() {
                return None;
            }
            continue;
        };
        cols.push(ident(&c.name, schema.dialect));
        vals.push(v);
    }
    if cols.is_empty() {
        return None;
    }
    Some(format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table_ref(&t.name, schema.dialect),
        cols.join(", "),
        vals.join(", ")
    ))
}

pub fn ident(name: &str, d: Dialect) -> String {
    match d {
        Dialect::Mysql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    }
}

pub fn table_ref(name: &QualifiedName, d: Dialect) -> String {
    match &name.schema {
        Some(s) => format!("{}.{}", ident(s, d), ident(&name.name, d)),
        None => ident(&name.name, d),
    }
}

/// Inserts up to [`ROWS`] rows into every table (parents first, by retrying); returns how many
/// went in.
pub async fn seed(conn: &mut Connection, schema: &Schema) -> usize {
    let mut pending: Vec<(&Table, usize)> = schema
        .tables
        .values()
        .flat_map(|t| (1..=ROWS).map(move |k| (t, k)))
        .collect();
    let mut inserted = 0;
    for _ in 0..3 {
        let mut left = Vec::new();
        for (t, k) in pending {
            let Some(sql) = insert_sql(t, k, schema) else {
                continue;
            };
            match execute_script(conn, &sql).await {
                Ok(()) => inserted += 1,
                Err(_) => left.push((t, k)),
            }
        }
        pending = left;
    }
    inserted
}

/// The rows of `table` as text, `cols` only, sorted (the order a table returns is not stable).
pub async fn snapshot(
    conn: &mut Connection,
    table: &QualifiedName,
    cols: &[String],
) -> Result<Vec<String>, String> {
    let d = conn.dialect();
    let exprs: Vec<String> = cols
        .iter()
        .map(|c| {
            let c = ident(c, d);
            match d {
                Dialect::Postgres => format!("{c}::text"),
                Dialect::Mysql => format!("CAST({c} AS CHAR CHARACTER SET utf8mb4)"),
                Dialect::Sqlite => format!("CAST({c} AS TEXT)"),
            }
        })
        .collect();
    let select = if exprs.is_empty() {
        "1".to_string()
    } else {
        exprs.join(", ")
    };
    let sql = format!("SELECT {select} FROM {}", table_ref(table, d));
    let n = exprs.len();
    let mut rows = match conn {
        Connection::Postgres(c) => texts(sqlx::query(&sql).fetch_all(&mut *c).await, n)?,
        Connection::Mysql(c) => texts(sqlx::query(&sql).fetch_all(&mut *c).await, n)?,
        Connection::Sqlite(c) => texts(sqlx::query(&sql).fetch_all(&mut *c).await, n)?,
    };
    rows.sort();
    Ok(rows)
}

fn texts<R: sqlx::Row>(rows: Result<Vec<R>, sqlx::Error>, n: usize) -> Result<Vec<String>, String>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let rows = rows.map_err(|e| e.to_string())?;
    rows.iter()
        .map(|r| {
            let mut line = Vec::new();
            for i in 0..n {
                let v: Option<String> = r.try_get(i).map_err(|e| e.to_string())?;
                line.push(v.unwrap_or_else(|| "NULL".into()));
            }
            Ok(line.join("|"))
        })
        .collect()
}
