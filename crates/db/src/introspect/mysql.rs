//! MySQL / MariaDB: `information_schema` of the connected database (`DATABASE()`).
//!
//! The schema's flavour is the server's: MariaDB when `VERSION()` says so, else MySQL.
//!
//! Catalog facts this relies on (MariaDB 10.11, checked in `tests/introspect.rs`):
//! - `COLUMN_DEFAULT` is SQL NULL when a column has no default and the text `NULL` when the
//!   default is NULL (given or implied); string defaults come quoted (`'x'`), functions with
//!   parentheses (`current_timestamp()`).
//! - Every unique index is a `UNIQUE` row in `TABLE_CONSTRAINTS`, whether it was declared as a
//!   constraint or created with `CREATE UNIQUE INDEX`; it is reported as a unique constraint
//!   and left out of the indexes. The index MySQL creates for a foreign key is a plain index
//!   and is kept.
//! - A column-level `CHECK` (`LEVEL = Column`: an inline check, the `json_valid` check of a
//!   `json` column, which MariaDB makes a LONGTEXT) is named after its column; unnamed
//!   table-level checks are `CONSTRAINT_<n>`. The level is not read: the model takes a check
//!   named after a column for that column's (`tests/mysql_flavour.rs` checks the SQL Strata
//!   renders keeps to that).
//! - Column collations equal to the table's default collation are left out (`None`), since a
//!   migration that says nothing gets the table default.
//! - `ON UPDATE CURRENT_TIMESTAMP` is in `EXTRA`, as `on update current_timestamp(3)`
//!   (MariaDB's spelling, with parentheses; MySQL 8 says `on update CURRENT_TIMESTAMP(3)`).
//! - An unspecified foreign-key action is reported as `RESTRICT`, an explicit `NO ACTION` as
//!   `NO ACTION`; [`crate::compare::comparable`] treats the two alike.

use super::{expr, fk_action, non_empty, query_error, ty};
use crate::Error;
use sqlx::mysql::MySqlRow;
use sqlx::{MySqlConnection, Row};
use std::collections::{BTreeMap, BTreeSet};
use strata_core::schema::{
    Column, Constraint, ConstraintKind, Deferrable, ForeignKey, Function, Generated, Index,
    IndexKey, QualifiedName, Schema, Sequence, Table, Trigger, View,
};
use strata_core::{Dialect, Flavor};

const D: Dialect = Dialect::Mysql;

/// Reads column `i` as text whatever its SQL type (information_schema mixes binary and text
/// collations across server versions, and sqlx is strict about that).
fn text(row: &MySqlRow, i: usize) -> Option<String> {
    if let Ok(s) = row.try_get::<Option<String>, _>(i) {
        return s;
    }
    row.try_get::<Option<Vec<u8>>, _>(i)
        .ok()
        .flatten()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn text_or_empty(row: &MySqlRow, i: usize) -> String {
    text(row, i).unwrap_or_default()
}

async fn rows(c: &mut MySqlConnection, context: &str, sql: &str) -> Result<Vec<MySqlRow>, Error> {
    sqlx::query(sql)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error(context))
}

/// The `ON UPDATE` expression `EXTRA` reports, normalized like a default.
fn on_update(extra: &str) -> Option<String> {
    let at = extra.to_ascii_lowercase().find("on update ")?;
    let rest = extra.get(at + "on update ".len()..)?;
    // The expression is the last thing EXTRA says about an ON UPDATE column.
    Some(expr(rest.trim(), D))
}

pub async fn introspect(c: &mut MySqlConnection) -> Result<Schema, Error> {
    let (database, version) = rows(c, "current database", "SELECT DATABASE(), VERSION()")
        .await?
        .first()
        .map(|r| (text_or_empty(r, 0), text_or_empty(r, 1)))
        .unwrap_or_default();
    // MariaDB says so in its version (`10.11.19-MariaDB-0+deb12u1`); MySQL does not.
    let flavor = if version.contains("MariaDB") {
        Flavor::Mariadb
    } else {
        Flavor::Mysql
    };
    let mut schema = Schema::with_flavor(D, flavor);

    let mut table_collation: BTreeMap<String, String> = BTreeMap::new();
    let mut sequences = Vec::new();
    for row in rows(c, "tables", "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_COLLATION FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME").await?
    {
        let name = text_or_empty(&row, 0);
        match text_or_empty(&row, 1).as_str() {
            "BASE TABLE" => {
                let qn = QualifiedName::new(name.clone());
                let table = Table { name: qn.clone(), comment: non_empty(text(&row, 2)), ..Default::default() };
                schema.tables.insert(qn, table);
                table_collation.insert(name, text_or_empty(&row, 3));
            }
            "SEQUENCE" => sequences.push(name),
            _ => {}
        }
    }

    let mut view_columns: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows(
        c,
        "columns",
        "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
           GENERATION_EXPRESSION, COLLATION_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
    )
    .await?
    {
        let table_name = text_or_empty(&row, 0);
        let name = text_or_empty(&row, 1);
        let Some(table) = schema
            .tables
            .get_mut(&QualifiedName::new(table_name.clone()))
        else {
            view_columns.entry(table_name).or_default().push(name);
            continue;
        };
        let mut column = Column::new(name, ty(&text_or_empty(&row, 2), D));
        column.nullable = text_or_empty(&row, 3) == "YES";
        let extra = text_or_empty(&row, 5).to_ascii_uppercase();
        column.auto_increment = extra.contains("AUTO_INCREMENT");
        if extra.contains("GENERATED") && !extra.contains("DEFAULT_GENERATED") {
            column.generated = Some(Generated {
                expr: expr(&text_or_empty(&row, 6), D),
                stored: extra.contains("STORED") || extra.contains("PERSISTENT"),
            });
        } else {
            // The text `NULL` is MariaDB's spelling of an explicit or implied `DEFAULT NULL`,
            // which the model leaves out (a nullable column defaults to NULL anyway).
            column.default = text(&row, 4).filter(|d| d != "NULL").map(|d| expr(&d, D));
        }
        let collation = text(&row, 7);
        if collation.as_deref() != table_collation.get(&table_name).map(String::as_str) {
            column.collation = non_empty(collation);
        }
        column.comment = non_empty(text(&row, 8));
        column.on_update = on_update(&text_or_empty(&row, 5));
        table.columns.push(column);
    }

    let mut indexes: BTreeMap<(String, String), Index> = BTreeMap::new();
    for row in rows(
        c,
        "indexes",
        "SELECT TABLE_NAME, INDEX_NAME, CAST(NON_UNIQUE AS SIGNED), COLUMN_NAME, \
           CAST(SUB_PART AS SIGNED), INDEX_TYPE, COLLATION FROM information_schema.STATISTICS \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    )
    .await?
    {
        let key = (text_or_empty(&row, 0), text_or_empty(&row, 1));
        let method = text_or_empty(&row, 5);
        let index = indexes.entry(key.clone()).or_insert_with(|| Index {
            name: key.1.clone(),
            unique: row.try_get::<i64, _>(2).unwrap_or(1) == 0,
            keys: Vec::new(),
            predicate: None,
            method: (method != "BTREE").then_some(method),
            include: Vec::new(),
        });
        let desc = text(&row, 6).as_deref() == Some("D");
        let column = text_or_empty(&row, 3);
        // A prefix index keeps its length with the column name, as it is written: `name(10)`.
        let name = match row.try_get::<Option<i64>, _>(4).ok().flatten() {
            Some(len) => format!("{column}({len})"),
            None => column,
        };
        index.keys.push(IndexKey::Column {
            name,
            desc,
            options: Default::default(),
        });
    }
    // Constraint columns, in key order.
    let mut key_columns: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    // (schema when not the current database, table, columns) each foreign key references.
    type Reference = (Option<String>, String, Vec<String>);
    let mut references: BTreeMap<(String, String), Reference> = BTreeMap::new();
    for row in rows(c, "key columns", "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, \
           REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE \
         WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION").await?
    {
        let key = (text_or_empty(&row, 0), text_or_empty(&row, 1));
        key_columns.entry(key.clone()).or_default().push(text_or_empty(&row, 2));
        if let Some(ref_table) = text(&row, 4) {
            let ref_schema = text(&row, 3).filter(|s| *s != database);
            let entry = references.entry(key).or_insert_with(|| (ref_schema, ref_table, Vec::new()));
            entry.2.push(text_or_empty(&row, 5));
        }
    }
    let mut rules: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for row in rows(
        c,
        "foreign keys",
        "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE \
         FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
    )
    .await?
    {
        rules.insert(
            (text_or_empty(&row, 0), text_or_empty(&row, 1)),
            (text_or_empty(&row, 2), text_or_empty(&row, 3)),
        );
    }
    let mut checks: BTreeMap<(String, String), String> = BTreeMap::new();
    for row in rows(c, "checks", "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = DATABASE()").await?
    {
        checks.insert((text_or_empty(&row, 0), text_or_empty(&row, 1)), text_or_empty(&row, 2));
    }
    let mut constraint_rows: Vec<(u8, String, String, String)> = Vec::new();
    for row in rows(c, "constraints", "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = DATABASE()").await?
    {
        let kind = text_or_empty(&row, 2);
        let rank = match kind.as_str() {
            "PRIMARY KEY" => 0,
            "UNIQUE" => 1,
            "FOREIGN KEY" => 2,
            _ => 3,
        };
        constraint_rows.push((rank, text_or_empty(&row, 0), text_or_empty(&row, 1), kind));
    }
    constraint_rows.sort();
    // (table, index name) pairs that implement a constraint rather than stand alone.
    let mut constraint_indexes: BTreeSet<(String, String)> = BTreeSet::new();
    for (_, table_name, name, kind) in constraint_rows {
        let key = (table_name.clone(), name.clone());
        let mut columns = key_columns.get(&key).cloned().unwrap_or_default();
        // STATISTICS has the prefix lengths (`slug(50)`) that KEY_COLUMN_USAGE leaves out.
        if matches!(kind.as_str(), "PRIMARY KEY" | "UNIQUE") {
            if let Some(index) = indexes.get(&key) {
                // A unique key with a descending part stays an index: a constraint has no
                // direction (the simulator models `CREATE UNIQUE INDEX .. (c DESC)` the same way).
                let desc = index
                    .keys
                    .iter()
                    .any(|k| matches!(k, IndexKey::Column { desc: true, .. }));
                if desc && kind == "UNIQUE" {
                    continue;
                }
                columns = index
                    .keys
                    .iter()
                    .filter_map(|k| match k {
                        IndexKey::Column { name, .. } => Some(name.clone()),
                        IndexKey::Expr { .. } => None,
                    })
                    .collect();
            }
        }
        let kind = match kind.as_str() {
            "PRIMARY KEY" => ConstraintKind::PrimaryKey { columns },
            "UNIQUE" => ConstraintKind::Unique {
                columns,
                nulls_not_distinct: false,
            },
            "FOREIGN KEY" => {
                let (ref_schema, ref_table, ref_columns) =
                    references.get(&key).cloned().unwrap_or_default();
                let (on_update, on_delete) = rules.get(&key).cloned().unwrap_or_default();
                ConstraintKind::ForeignKey(ForeignKey {
                    columns,
                    ref_table: QualifiedName {
                        schema: ref_schema,
                        name: ref_table,
                    },
                    ref_columns,
                    on_delete: fk_action(&on_delete),
                    on_update: fk_action(&on_update),
                })
            }
            "CHECK" => ConstraintKind::Check {
                expr: expr(checks.get(&key).map(String::as_str).unwrap_or(""), D),
            },
            _ => continue,
        };
        if matches!(
            kind,
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
        ) {
            constraint_indexes.insert(key);
        }
        if let Some(t) = schema.tables.get_mut(&QualifiedName::new(table_name)) {
            t.constraints.push(Constraint {
                name,
                kind,
                deferrable: Deferrable::Not,
            });
        }
    }

    for ((table_name, index_name), index) in indexes {
        if constraint_indexes.contains(&(table_name.clone(), index_name)) {
            continue;
        }
        if let Some(t) = schema.tables.get_mut(&QualifiedName::new(table_name)) {
            t.indexes.push(index);
        }
    }

    for row in rows(c, "triggers", "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT \
         FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER").await?
    {
        let table = text_or_empty(&row, 0);
        let name = text_or_empty(&row, 1);
        let definition = format!(
            "CREATE TRIGGER {name} {} {} ON {table} FOR EACH ROW {}",
            text_or_empty(&row, 2),
            text_or_empty(&row, 3),
            text_or_empty(&row, 4)
        );
        if let Some(t) = schema.tables.get_mut(&QualifiedName::new(table)) {
            t.triggers.push(Trigger { name, definition });
        }
    }

    for row in rows(
        c,
        "views",
        "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    )
    .await?
    {
        let name = text_or_empty(&row, 0);
        let qn = QualifiedName::new(name.clone());
        let view = View {
            name: qn.clone(),
            query: text_or_empty(&row, 1),
            materialized: false,
            columns: view_columns.remove(&name).unwrap_or_default(),
        };
        schema.views.insert(qn, view);
    }

    let mut params: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows(c, "routine parameters", "SELECT SPECIFIC_NAME, DTD_IDENTIFIER FROM information_schema.PARAMETERS \
         WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0 ORDER BY SPECIFIC_NAME, ORDINAL_POSITION").await?
    {
        params.entry(text_or_empty(&row, 0)).or_default().push(text_or_empty(&row, 1));
    }
    for row in rows(c, "routines", "SELECT SPECIFIC_NAME, ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER FROM information_schema.ROUTINES \
         WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME").await?
    {
        let name = QualifiedName::new(text_or_empty(&row, 1));
        let args = params.get(&text_or_empty(&row, 0)).map(|a| a.join(", ")).unwrap_or_default();
        let returns = if text_or_empty(&row, 2) == "FUNCTION" { non_empty(text(&row, 3)) } else { None };
        schema.functions.insert(format!("{name}({args})"), Function { name, args, returns, definition: String::new() });
    }

    for name in sequences {
        let sql = format!(
            "SELECT CAST(start_value AS SIGNED), CAST(increment AS SIGNED) FROM `{}`",
            name.replace('`', "``")
        );
        let row = rows(c, "sequence", &sql).await?;
        let qn = QualifiedName::new(name);
        let sequence = Sequence {
            name: qn.clone(),
            owned_by: None,
            data_type: None,
            start: row.first().and_then(|r| r.try_get(0).ok()),
            increment: row.first().and_then(|r| r.try_get(1).ok()),
        };
        schema.sequences.insert(qn, sequence);
    }
    Ok(schema)
}
