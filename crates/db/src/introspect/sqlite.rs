//! SQLite: `sqlite_schema` plus the `pragma_*` table-valued functions.
//!
//! SQLite keeps constraint names, CHECK expressions, generated-column expressions, collations
//! and `AUTOINCREMENT` only in the stored `CREATE TABLE` text, so that text is read back with
//! Strata's own SQL parser and matched to what the pragmas report. A constraint the database
//! holds no name for (an unnamed CHECK or foreign key, the primary key of a rowid table) gets an
//! empty name; [`crate::compare`] matches such constraints by content. Unnamed PRIMARY KEY and
//! UNIQUE constraints backed by an index are named after it (`sqlite_autoindex_<table>_<n>`).

use super::{expr, fk_action, query_error, ty};
use crate::Error;
use sqlx::{Row, SqliteConnection};
use strata_core::op::{CreateIndex, CreateTable, Op};
use strata_core::parse::parse_sql;
use strata_core::schema::{
    Column, Constraint, ConstraintKind, Deferrable, ForeignKey, Generated, Index, IndexKey,
    QualifiedName, Schema, Table, Trigger, View,
};
use strata_core::Dialect;

const D: Dialect = Dialect::Sqlite;

fn parse_create_table(sql: &str) -> Option<CreateTable> {
    parse_sql(sql, 0, 0, D)
        .0
        .into_iter()
        .find_map(|op| match op.value {
            Op::CreateTable(t) => Some(t),
            _ => None,
        })
}

fn parse_create_index(sql: &str) -> Option<CreateIndex> {
    parse_sql(sql, 0, 0, D)
        .0
        .into_iter()
        .find_map(|op| match op.value {
            Op::CreateIndex(i) => Some(i),
            _ => None,
        })
}

/// Constraints declared in the CREATE TABLE text, inline ones with their column filled in.
fn declared_constraints(
    parsed: &Option<CreateTable>,
) -> Vec<(Option<String>, ConstraintKind, Deferrable)> {
    let Some(t) = parsed else { return Vec::new() };
    let mut out = Vec::new();
    for c in &t.columns {
        for d in &c.constraints {
            let mut kind = d.kind.clone();
            match &mut kind {
                ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. }
                    if columns.is_empty() =>
                {
                    columns.push(c.column.name.clone())
                }
                ConstraintKind::ForeignKey(fk) if fk.columns.is_empty() => {
                    fk.columns.push(c.column.name.clone())
                }
                _ => {}
            }
            out.push((d.name.clone(), kind, d.deferrable));
        }
    }
    out.extend(
        t.constraints
            .iter()
            .map(|d| (d.name.clone(), d.kind.clone(), d.deferrable)),
    );
    out
}

fn same_columns(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

/// Whether the text has the keyword outside quotes (good enough for `AUTOINCREMENT`, which
/// can only follow `INTEGER PRIMARY KEY`).
fn has_keyword(sql: &str, keyword: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut word = String::new();
    for ch in sql.chars().chain(std::iter::once(' ')) {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if matches!(ch, '\'' | '"' | '`' | '[') => {
                quote = Some(if ch == '[' { ']' } else { ch });
                word.clear();
            }
            None if ch.is_alphanumeric() || ch == '_' => word.push(ch),
            None => {
                if word.eq_ignore_ascii_case(keyword) {
                    return true;
                }
                word.clear();
            }
        }
    }
    false
}

pub async fn introspect(c: &mut SqliteConnection) -> Result<Schema, Error> {
    let mut schema = Schema::new(D);
    let objects = sqlx::query(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema \
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL ORDER BY name",
    )
    .fetch_all(&mut *c)
    .await
    .map_err(query_error("sqlite_schema"))?;
    let objects: Vec<(String, String, String, String)> = objects
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();

    for (kind, name, _, sql) in objects.iter().filter(|o| o.0 == "table") {
        let _ = kind;
        let table = read_table(c, name, sql, &objects).await?;
        schema.tables.insert(table.name.clone(), table);
    }
    for (_, name, table, sql) in objects.iter().filter(|o| o.0 == "trigger") {
        if let Some(t) = schema.tables.get_mut(&QualifiedName::new(table.clone())) {
            t.triggers.push(Trigger {
                name: name.clone(),
                definition: sql.clone(),
            });
        }
    }
    for (_, name, _, sql) in objects.iter().filter(|o| o.0 == "view") {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                .bind(name)
                .fetch_all(&mut *c)
                .await
                .map_err(query_error("view columns"))?;
        let qn = QualifiedName::new(name.clone());
        schema.views.insert(
            qn.clone(),
            View {
                name: qn,
                query: sql.clone(),
                materialized: false,
                columns,
            },
        );
    }
    Ok(schema)
}

async fn read_table(
    c: &mut SqliteConnection,
    name: &str,
    sql: &str,
    objects: &[(String, String, String, String)],
) -> Result<Table, Error> {
    let parsed = parse_create_table(sql);
    let declared = declared_constraints(&parsed);
    let mut table = Table {
        name: QualifiedName::new(name),
        ..Default::default()
    };
    let upper = sql.to_ascii_uppercase();
    if let Some(close) = upper.rfind(')') {
        let tail = &upper[close..];
        for option in ["WITHOUT ROWID", "STRICT"] {
            if tail.contains(option) {
                table.options.push(option.to_string());
            }
        }
    }

    let rows = sqlx::query("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid")
        .bind(name)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("columns"))?;
    let autoincrement = has_keyword(sql, "AUTOINCREMENT");
    let mut pk: Vec<(i64, String)> = Vec::new();
    for row in rows {
        let column_name: String = row.get(1);
        let declared_column = parsed.as_ref().and_then(|t| {
            t.columns
                .iter()
                .find(|d| d.column.name.eq_ignore_ascii_case(&column_name))
        });
        let mut column = Column::new(column_name.clone(), ty(&row.get::<String, _>(2), D));
        column.nullable = row.get::<i64, _>(3) == 0;
        // SQLite keeps `DEFAULT NULL` as written; it means no default, as the simulation has it.
        column.default = row
            .get::<Option<String>, _>(4)
            .and_then(|d| strata_core::normalize::default_expr(&d, D));
        let hidden: i64 = row.get(6);
        if hidden == 2 || hidden == 3 {
            let text = declared_column
                .and_then(|d| d.column.generated.as_ref())
                .map(|g| expr(&g.expr, D))
                .unwrap_or_default();
            column.generated = Some(Generated {
                expr: text,
                stored: hidden == 3,
            });
        }
        column.collation = declared_column.and_then(|d| d.column.collation.clone());
        let pk_position: i64 = row.get(5);
        if pk_position > 0 {
            pk.push((pk_position, column_name));
        }
        table.columns.push(column);
    }
    pk.sort();
    let pk: Vec<String> = pk.into_iter().map(|p| p.1).collect();
    if autoincrement {
        if let [only] = pk.as_slice() {
            if let Some(col) = table.column_mut(only) {
                col.auto_increment = true;
            }
        }
    }

    let index_rows = sqlx::query(
        "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY seq DESC",
    )
    .bind(name)
    .fetch_all(&mut *c)
    .await
    .map_err(query_error("index list"))?;
    let mut created = Vec::new();
    let mut pk_index = None;
    let mut uniques = Vec::new();
    for row in index_rows {
        let index_name: String = row.get(0);
        let keys = sqlx::query("SELECT cid, name, \"desc\" FROM pragma_index_xinfo(?) WHERE \"key\" = 1 ORDER BY seqno")
            .bind(&index_name)
            .fetch_all(&mut *c)
            .await
            .map_err(query_error("index columns"))?;
        let keys: Vec<(i64, Option<String>, bool)> = keys
            .iter()
            .map(|k| (k.get(0), k.get(1), k.get::<i64, _>(2) == 1))
            .collect();
        match row.get::<String, _>(2).as_str() {
            "pk" => pk_index = Some(index_name),
            "u" => uniques.push((
                index_name,
                keys.into_iter()
                    .map(|k| k.1.unwrap_or_default())
                    .collect::<Vec<_>>(),
            )),
            _ => created.push((index_name, row.get::<i64, _>(1) == 1, keys)),
        }
    }

    let mut used = vec![false; declared.len()];
    let mut take_declared =
        |matches: &dyn Fn(&ConstraintKind) -> bool| -> Option<(Option<String>, Deferrable)> {
            let i = declared
                .iter()
                .enumerate()
                .position(|(i, d)| !used[i] && matches(&d.1))?;
            used[i] = true;
            Some((declared[i].0.clone(), declared[i].2))
        };

    if !pk.is_empty() {
        let found = take_declared(
            &|k| matches!(k, ConstraintKind::PrimaryKey { columns } if same_columns(columns, &pk)),
        );
        let (declared_name, deferrable) = found.unwrap_or_default();
        let name = declared_name.or(pk_index).unwrap_or_default();
        table.constraints.push(Constraint {
            name,
            kind: ConstraintKind::PrimaryKey {
                columns: pk.clone(),
            },
            deferrable,
        });
    }
    // index_list lists newest first; reversed above so autoindexes come in declaration order.
    for (index_name, columns) in uniques {
        let found = take_declared(
            &|k| matches!(k, ConstraintKind::Unique { columns: c, .. } if same_columns(c, &columns)),
        );
        let (declared_name, deferrable) = found.unwrap_or_default();
        let kind = ConstraintKind::Unique {
            columns,
            nulls_not_distinct: false,
        };
        table.constraints.push(Constraint {
            name: declared_name.unwrap_or(index_name),
            kind,
            deferrable,
        });
    }

    let fk_rows = sqlx::query("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id DESC, seq")
        .bind(name)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("foreign keys"))?;
    let mut fks: Vec<(i64, ForeignKey)> = Vec::new();
    for row in fk_rows {
        let id: i64 = row.get(0);
        if fks.last().map(|f| f.0) != Some(id) {
            fks.push((
                id,
                ForeignKey {
                    columns: Vec::new(),
                    ref_table: QualifiedName::new(row.get::<String, _>(2)),
                    ref_columns: Vec::new(),
                    on_update: fk_action(&row.get::<String, _>(5)),
                    on_delete: fk_action(&row.get::<String, _>(6)),
                },
            ));
        }
        if let Some((_, fk)) = fks.last_mut() {
            fk.columns.push(row.get(3));
            // `to` is NULL when the reference names only the table (its primary key).
            if let Some(to) = row.get::<Option<String>, _>(4) {
                fk.ref_columns.push(to);
            }
        }
    }
    for (_, fk) in fks {
        let found = take_declared(
            &|k| matches!(k, ConstraintKind::ForeignKey(d) if same_columns(&d.columns, &fk.columns) && d.ref_table.name.eq_ignore_ascii_case(&fk.ref_table.name)),
        );
        let (declared_name, deferrable) = found.unwrap_or_default();
        table.constraints.push(Constraint {
            name: declared_name.unwrap_or_default(),
            kind: ConstraintKind::ForeignKey(fk),
            deferrable,
        });
    }
    for (i, (declared_name, kind, deferrable)) in declared.iter().enumerate() {
        if let ConstraintKind::Check { expr: e } = kind {
            if !used[i] {
                let kind = ConstraintKind::Check { expr: expr(e, D) };
                table.constraints.push(Constraint {
                    name: declared_name.clone().unwrap_or_default(),
                    kind,
                    deferrable: *deferrable,
                });
            }
        }
    }

    for (index_name, unique, keys) in created {
        let index_sql = objects
            .iter()
            .find(|o| o.0 == "index" && o.1 == index_name)
            .map(|o| o.3.as_str())
            .unwrap_or("");
        let parsed_index = parse_create_index(index_sql).map(|c| c.index);
        let mut index = Index {
            name: index_name,
            unique,
            keys: Vec::new(),
            predicate: parsed_index
                .as_ref()
                .and_then(|p| p.predicate.as_deref())
                .map(|p| expr(p, D)),
            method: None,
            include: Vec::new(),
        };
        for (position, (cid, column, desc)) in keys.into_iter().enumerate() {
            // cid -2 is an expression, known only from the CREATE INDEX text; so is a key's
            // COLLATE, which SQLite keeps as written.
            let declared = parsed_index.as_ref().and_then(|p| p.keys.get(position));
            let options = declared.map(|k| k.options().clone()).unwrap_or_default();
            let key = match (cid, column) {
                (-2, _) | (_, None) => {
                    let text = match declared {
                        Some(IndexKey::Expr { expr: e, .. }) => expr(e, D),
                        Some(IndexKey::Column { name, .. }) => name.clone(),
                        None => String::new(),
                    };
                    IndexKey::Expr {
                        expr: text,
                        desc,
                        options,
                    }
                }
                (_, Some(name)) => IndexKey::Column {
                    name,
                    desc,
                    options,
                },
            };
            index.keys.push(key);
        }
        table.indexes.push(index);
    }
    Ok(table)
}
