//! PostgreSQL: `pg_catalog`, with the server's own deparsers (`format_type`, `pg_get_expr`,
//! `pg_get_indexdef`, `pg_get_triggerdef`) producing the text that is then normalized.
//!
//! Left out: system schemas, objects that belong to an extension (`pg_depend` deptype `e`),
//! internal triggers, `plpgsql`, identity sequences (they belong to their column), partitions.

use super::{expr, query_error, ty};
use crate::Error;
use sqlx::{PgConnection, Row};
use std::collections::BTreeMap;
use strata_core::normalize::column_default;
use strata_core::schema::{
    Column, Constraint, ConstraintKind, Deferrable, EnumType, FkAction, ForeignKey, Function,
    Generated, Identity, Index, IndexKey, KeyOptions, QualifiedName, Schema, Sequence, Table,
    Trigger, View,
};
use strata_core::Dialect;

const D: Dialect = Dialect::Postgres;

/// Namespaces that hold user objects.
const USER_NS: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema') \
     AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

fn not_from_extension(catalog: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend dx WHERE dx.classid = '{catalog}'::regclass \
         AND dx.objid = {oid} AND dx.deptype = 'e')"
    )
}

fn qname(schema: String, name: String) -> QualifiedName {
    if schema == "public" {
        QualifiedName::new(name)
    } else {
        QualifiedName::qualified(schema, name)
    }
}

pub async fn introspect(c: &mut PgConnection) -> Result<Schema, Error> {
    let mut schema = Schema::new(D);
    let version: i32 = sqlx::query_scalar("SELECT current_setting('server_version_num')::int4")
        .fetch_one(&mut *c)
        .await
        .map_err(query_error("server version"))?;

    let sql = format!(
        "SELECT n.nspname::text FROM pg_namespace n WHERE {USER_NS} AND n.nspname <> 'public' AND {} ORDER BY n.oid",
        not_from_extension("pg_namespace", "n.oid")
    );
    schema.namespaces = sqlx::query_scalar(&sql)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("namespaces"))?;

    // Tables, keyed by oid so the other queries can find them.
    let sql = format!(
        "SELECT c.oid::int8, n.nspname::text, c.relname::text, obj_description(c.oid, 'pg_class') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {USER_NS} AND {} ORDER BY c.oid",
        not_from_extension("pg_class", "c.oid")
    );
    let mut by_oid: BTreeMap<i64, QualifiedName> = BTreeMap::new();
    for row in sqlx::query(&sql)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("tables"))?
    {
        let name = qname(row.get(1), row.get(2));
        by_oid.insert(row.get(0), name.clone());
        let table = Table {
            name: name.clone(),
            comment: row.get(3),
            ..Default::default()
        };
        schema.tables.insert(name, table);
    }
    let oids: Vec<i64> = by_oid.keys().copied().collect();
    let table_of = |schema: &mut Schema, oid: i64| -> Option<QualifiedName> {
        by_oid
            .get(&oid)
            .filter(|n| schema.tables.contains_key(*n))
            .cloned()
    };

    let rows = sqlx::query(
        "SELECT a.attrelid::int8, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
           pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text, \
           CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname::text END, \
           col_description(a.attrelid, a.attnum) \
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         LEFT JOIN pg_collation co ON co.oid = a.attcollation \
         WHERE a.attrelid::int8 = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY a.attrelid, a.attnum",
    )
    .bind(&oids)
    .fetch_all(&mut *c)
    .await
    .map_err(query_error("columns"))?;
    for row in rows {
        let Some(table) = table_of(&mut schema, row.get(0)) else {
            continue;
        };
        let type_text: String = row.get(2);
        let mut column = Column::new(row.get::<String, _>(1), ty(&type_text, D));
        column.nullable = !row.get::<bool, _>(3);
        let default: Option<String> = row.get(4);
        let generated: String = row.get(6);
        if generated == "s" {
            column.generated = default.map(|e| Generated {
                expr: expr(&e, D),
                stored: true,
            });
        } else {
            // `DEFAULT NULL` is no default: PostgreSQL stores it only where a length coercion
            // wraps it (`NULL::character varying` for varchar(n)), and the simulation never.
            column.default = default
                .and_then(|e| strata_core::normalize::default_expr(&e, D))
                .map(|e| column_default(e, &column.ty, D));
        }
        column.identity = match row.get::<String, _>(5).as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        };
        column.collation = row.get(7);
        column.comment = row.get(8);
        if let Some(t) = schema.tables.get_mut(&table) {
            t.columns.push(column);
        }
    }

    let nulls_not_distinct = if version >= 150000 {
        "COALESCE((SELECT i.indnullsnotdistinct FROM pg_index i WHERE i.indexrelid = co.conindid), false)"
    } else {
        "false"
    };
    let sql = format!(
        "SELECT co.conrelid::int8, co.conname::text, co.contype::text, pg_get_constraintdef(co.oid), \
           CASE WHEN co.contype = 'c' THEN pg_get_expr(co.conbin, co.conrelid) END, \
           ARRAY(SELECT a.attname::text FROM unnest(co.conkey) WITH ORDINALITY k(n, o) \
                 JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n ORDER BY k.o), \
           ARRAY(SELECT a.attname::text FROM unnest(co.confkey) WITH ORDINALITY k(n, o) \
                 JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n ORDER BY k.o), \
           fn.nspname::text, fc.relname::text, co.confupdtype::text, co.confdeltype::text, \
           co.condeferrable, co.condeferred, {nulls_not_distinct} \
         FROM pg_constraint co \
         LEFT JOIN pg_class fc ON fc.oid = co.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
         WHERE co.conrelid::int8 = ANY($1) AND co.contype IN ('p', 'u', 'c', 'f', 'x') \
         ORDER BY co.conrelid, co.oid"
    );
    let rows = sqlx::query(&sql)
        .bind(&oids)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("constraints"))?;
    for row in rows {
        let Some(table) = table_of(&mut schema, row.get(0)) else {
            continue;
        };
        let columns: Vec<String> = row.get(5);
        let kind = match row.get::<String, _>(2).as_str() {
            "p" => ConstraintKind::PrimaryKey { columns },
            "u" => ConstraintKind::Unique {
                columns,
                nulls_not_distinct: row.get(13),
            },
            "c" => ConstraintKind::Check {
                expr: expr(&row.get::<Option<String>, _>(4).unwrap_or_default(), D),
            },
            "f" => ConstraintKind::ForeignKey(ForeignKey {
                columns,
                ref_table: qname(
                    row.get::<Option<String>, _>(7).unwrap_or_default(),
                    row.get::<Option<String>, _>(8).unwrap_or_default(),
                ),
                ref_columns: row.get(6),
                on_update: pg_action(&row.get::<String, _>(9)),
                on_delete: pg_action(&row.get::<String, _>(10)),
            }),
            _ => ConstraintKind::Exclude {
                definition: row.get(3),
            },
        };
        let deferrable = match (row.get::<bool, _>(11), row.get::<bool, _>(12)) {
            (false, _) => Deferrable::Not,
            (true, false) => Deferrable::InitiallyImmediate,
            (true, true) => Deferrable::InitiallyDeferred,
        };
        if let Some(t) = schema.tables.get_mut(&table) {
            t.constraints.push(Constraint {
                name: row.get(1),
                kind,
                deferrable,
            });
        }
    }

    // Indexes that do not implement a primary key, unique or exclusion constraint.
    let rows = sqlx::query(
        "SELECT i.indexrelid::int8, i.indrelid::int8, ic.relname::text, i.indisunique, i.indnkeyatts::int4, \
           am.amname::text, pg_get_expr(i.indpred, i.indrelid) \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam \
         WHERE i.indrelid::int8 = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint co \
           WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x')) \
         ORDER BY i.indexrelid",
    )
    .bind(&oids)
    .fetch_all(&mut *c)
    .await
    .map_err(query_error("indexes"))?;
    let mut indexes: Vec<(i64, QualifiedName, i32, Index)> = Vec::new();
    for row in rows {
        let Some(table) = table_of(&mut schema, row.get(1)) else {
            continue;
        };
        let method: String = row.get(5);
        let index = Index {
            name: row.get(2),
            unique: row.get(3),
            keys: Vec::new(),
            predicate: row.get::<Option<String>, _>(6).map(|p| expr(&p, D)),
            method: (method != "btree").then_some(method),
            include: Vec::new(),
        };
        indexes.push((row.get(0), table, row.get(4), index));
    }
    let index_oids: Vec<i64> = indexes.iter().map(|i| i.0).collect();
    let rows = sqlx::query(
        "SELECT i.indexrelid::int8, k.o::int4, k.n::int4, a.attname::text, \
           pg_get_indexdef(i.indexrelid, k.o::int4, true), (i.indoption[(k.o - 1)::int4] & 1) = 1, \
           (i.indoption[(k.o - 1)::int4] & 2) = 2, \
           (SELECT oc.opcname::text FROM pg_opclass oc \
             WHERE oc.oid = i.indclass[(k.o - 1)::int4] AND NOT oc.opcdefault), \
           (SELECT co.collname::text FROM pg_collation co \
             WHERE co.oid = i.indcollation[(k.o - 1)::int4] \
               AND co.oid <> COALESCE(a.attcollation, 100) AND co.oid <> 0) \
         FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(n, o) \
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n \
         WHERE i.indexrelid::int8 = ANY($1) ORDER BY i.indexrelid, k.o",
    )
    .bind(&index_oids)
    .fetch_all(&mut *c)
    .await
    .map_err(query_error("index keys"))?;
    for row in rows {
        let oid: i64 = row.get(0);
        let Some((_, _, key_count, index)) = indexes.iter_mut().find(|i| i.0 == oid) else {
            continue;
        };
        let position: i32 = row.get(1);
        let attnum: i32 = row.get(2);
        let desc = row.get::<Option<bool>, _>(5).unwrap_or(false);
        let nulls_first = row.get::<Option<bool>, _>(6).unwrap_or(false);
        // As pg_get_indexdef prints them: each only where it is not the default.
        let options = KeyOptions {
            opclass: row.get(7),
            collation: row.get(8),
            nulls_first: (nulls_first != desc).then_some(nulls_first),
        };
        if position > *key_count {
            index
                .include
                .push(row.get::<Option<String>, _>(3).unwrap_or_default());
        } else if attnum != 0 {
            index.keys.push(IndexKey::Column {
                name: row.get::<Option<String>, _>(3).unwrap_or_default(),
                desc,
                options,
            });
        } else {
            index.keys.push(IndexKey::Expr {
                expr: expr(&row.get::<String, _>(4), D),
                desc,
                options,
            });
        }
    }
    for (_, table, _, index) in indexes {
        if let Some(t) = schema.tables.get_mut(&table) {
            t.indexes.push(index);
        }
    }

    // The casts PostgreSQL printed on columns of its own accord go, as in the simulation.
    for t in schema.tables.values_mut() {
        strata_core::normalize::table_exprs(t, D);
    }

    let rows = sqlx::query(
        "SELECT t.tgrelid::int8, t.tgname::text, pg_get_triggerdef(t.oid, true) FROM pg_trigger t \
         WHERE NOT t.tgisinternal AND t.tgrelid::int8 = ANY($1) ORDER BY t.tgrelid, t.tgname",
    )
    .bind(&oids)
    .fetch_all(&mut *c)
    .await
    .map_err(query_error("triggers"))?;
    for row in rows {
        let Some(table) = table_of(&mut schema, row.get(0)) else {
            continue;
        };
        if let Some(t) = schema.tables.get_mut(&table) {
            t.triggers.push(Trigger {
                name: row.get(1),
                definition: row.get(2),
            });
        }
    }

    let sql = format!(
        "SELECT n.nspname::text, c.relname::text, c.relkind = 'm', pg_get_viewdef(c.oid, true), \
           ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 \
                 AND NOT a.attisdropped ORDER BY a.attnum) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('v', 'm') AND {USER_NS} AND {} ORDER BY c.oid",
        not_from_extension("pg_class", "c.oid")
    );
    for row in sqlx::query(&sql)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("views"))?
    {
        let name = qname(row.get(0), row.get(1));
        let view = View {
            name: name.clone(),
            materialized: row.get(2),
            query: row
                .get::<Option<String>, _>(3)
                .unwrap_or_default()
                .trim()
                .to_string(),
            columns: row.get(4),
        };
        schema.views.insert(name, view);
    }

    let sql = format!(
        "SELECT n.nspname::text, t.typname::text, \
           ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE t.typtype = 'e' AND {USER_NS} AND {} ORDER BY t.oid",
        not_from_extension("pg_type", "t.oid")
    );
    for row in sqlx::query(&sql)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("enums"))?
    {
        let name = qname(row.get(0), row.get(1));
        schema.enums.insert(
            name.clone(),
            EnumType {
                name,
                values: row.get(2),
            },
        );
    }

    let sql = format!(
        "SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, \
           tn.nspname::text, tc.relname::text, ta.attname::text, d.deptype::text \
         FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid \
           AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') \
         LEFT JOIN pg_class tc ON tc.oid = d.refobjid LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace \
         LEFT JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid \
         WHERE {USER_NS} AND {} ORDER BY c.oid",
        not_from_extension("pg_class", "c.oid")
    );
    for row in sqlx::query(&sql)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("sequences"))?
    {
        // An identity column's sequence is part of the column, not a schema object.
        if row.get::<Option<String>, _>(8).as_deref() == Some("i") {
            continue;
        }
        let name = qname(row.get(0), row.get(1));
        let owned_by = match (
            row.get::<Option<String>, _>(5),
            row.get::<Option<String>, _>(6),
            row.get::<Option<String>, _>(7),
        ) {
            (Some(s), Some(t), Some(col)) => Some((qname(s, t), col)),
            _ => None,
        };
        let sequence = Sequence {
            name: name.clone(),
            owned_by,
            data_type: Some(ty(&row.get::<String, _>(2), D)),
            start: Some(row.get(3)),
            increment: Some(row.get(4)),
        };
        schema.sequences.insert(name, sequence);
    }

    schema.extensions = sqlx::query_scalar(
        "SELECT extname::text FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname",
    )
    .fetch_all(&mut *c)
    .await
    .map_err(query_error("extensions"))?;

    let sql = format!(
        "SELECT n.nspname::text, p.proname::text, oidvectortypes(p.proargtypes), \
           CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_get_function_result(p.oid) END \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE {USER_NS} AND {} ORDER BY p.oid",
        not_from_extension("pg_proc", "p.oid")
    );
    for row in sqlx::query(&sql)
        .fetch_all(&mut *c)
        .await
        .map_err(query_error("functions"))?
    {
        let name = qname(row.get(0), row.get(1));
        let args: String = row.get(2);
        let key = format!("{name}({args})");
        schema.functions.insert(
            key,
            Function {
                name,
                args,
                returns: row.get(3),
                definition: String::new(),
            },
        );
    }
    Ok(schema)
}

fn pg_action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}
