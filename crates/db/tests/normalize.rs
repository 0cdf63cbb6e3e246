//! What normalization keeps, checked on the real servers: a cast or any other rewrite may be
//! dropped only where the database prints the same thing without it (PostgreSQL's
//! `pg_get_expr` / `format_type` / `pg_get_indexdef`, SQLite's stored `CREATE` text).
//!
//! Each probe is a small migration set, most of them the regression cases in `tests/cases/`.
//! A probe must pass three ways:
//! - the migrations run on a fresh database, and after each one the catalog equals the
//!   simulation;
//! - `render_schema` of the head (`strata schema --format sql`) applied to an empty database
//!   gives the head again;
//! - each migration's own ops rendered (as `strata plan` does) and applied one after another
//!   give each revision again: this is where a `USING` cast or a default's type shows.
//!
//! Then a few values are pinned: the normalized text the simulation keeps, which is what the
//! renderers print.

use std::path::Path;
use strata_core::diff::diff;
use strata_core::render::{render_ops, render_schema};
use strata_core::schema::{IndexKey, QualifiedName};
use strata_core::{load, Config, Dialect, InputFile, Schema, Severity};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, execute_script, introspect, Connection};

struct Set {
    name: String,
    dialect: Dialect,
    files: Vec<InputFile>,
}

/// A regression case from `tests/cases/<name>/`: its `.sql` files and the dialect of its
/// `case.toml`.
fn case(name: &str) -> Set {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/cases")
        .join(name);
    let toml = std::fs::read_to_string(dir.join("case.toml"))
        .unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    let dialect = toml
        .lines()
        .find_map(|l| l.trim().strip_prefix("dialect"))
        .and_then(|rest| rest.trim().strip_prefix('='))
        .map(|v| v.trim().trim_matches('"'))
        .and_then(|v| v.parse::<Dialect>().ok())
        .unwrap_or_else(|| panic!("{name}/case.toml: no dialect"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    paths.sort();
    let files = paths
        .iter()
        .map(|p| {
            let file = p.file_name().map(|f| f.to_string_lossy().into_owned());
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            InputFile::new(file.unwrap_or_default(), bytes)
        })
        .collect();
    Set {
        name: name.to_string(),
        dialect,
        files,
    }
}

/// The simulated schema after each migration, with each migration's ops.
fn simulate(set: &Set) -> Vec<(Schema, Vec<strata_core::op::Op>)> {
    let project = load(
        set.files.clone(),
        &Config {
            dialect: Some(set.dialect),
            ..Config::default()
        },
    );
    let errors: Vec<String> = project
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{}: {errors:?}", set.name);
    let order = &project.graph.order;
    (0..order.len())
        .map(|k| {
            let replay = project.replay_path(&order[..=k]);
            let problems: Vec<&str> = replay
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.message.as_str())
                .collect();
            assert!(problems.is_empty(), "{}: {problems:?}", set.name);
            let ops = project.migrations[order[k]]
                .up
                .iter()
                .map(|o| o.value.clone())
                .collect();
            (replay.schema, ops)
        })
        .collect()
}

async fn apply_and_compare(
    conn: &mut Connection,
    sql: &str,
    expected: &Schema,
    what: &str,
) -> Result<(), String> {
    execute_script(conn, sql)
        .await
        .map_err(|e| format!("{what}: the database rejected\n{sql}\n: {e}"))?;
    let live = introspect(conn).await.map_err(|e| format!("{what}: {e}"))?;
    let differences = compare(expected, &live);
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{what}: the database differs from the simulation:\n    {}",
            differences.join("\n    ")
        ))
    }
}

/// The three checks of the module doc; the problems found, `None` without a server.
fn check(set: &Set) -> Option<Vec<String>> {
    let revisions = simulate(set);
    let (head, _) = revisions.last().expect("a migration");
    block_on(async {
        let mut problems = Vec::new();
        // As written.
        let db = TestDb::create(set.dialect).await?;
        let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
        for (file, (schema, _)) in set.files.iter().zip(&revisions) {
            let sql = String::from_utf8_lossy(&file.contents).into_owned();
            let what = format!("{}: {} as written", set.name, file.path);
            if let Err(e) = apply_and_compare(&mut conn, &sql, schema, &what).await {
                problems.push(e);
                break;
            }
        }
        let _ = conn.close().await;
        // The head rendered.
        let db2 = TestDb::create(set.dialect).await?;
        let mut conn = connect(&db2.url).await.unwrap_or_else(|e| panic!("{e}"));
        let sql = render_schema(head, set.dialect);
        let what = format!("{}: the head rendered", set.name);
        if let Err(e) = apply_and_compare(&mut conn, &sql, head, &what).await {
            problems.push(e);
        }
        let _ = conn.close().await;
        // Each migration's ops rendered.
        let db3 = TestDb::create(set.dialect).await?;
        let mut conn = connect(&db3.url).await.unwrap_or_else(|e| panic!("{e}"));
        let mut before = Schema::new(set.dialect);
        for (file, (schema, ops)) in set.files.iter().zip(&revisions) {
            let sql = render_ops(ops, &before, set.dialect);
            let what = format!("{}: {} rendered", set.name, file.path);
            if let Err(e) = apply_and_compare(&mut conn, &sql, schema, &what).await {
                problems.push(e);
                break;
            }
            before = schema.clone();
        }
        let _ = conn.close().await;
        for d in [db, db2, db3] {
            d.drop_async().await.unwrap_or_else(|e| panic!("{e}"));
        }
        // `strata diff --format sql` between every two revisions, both ways.
        for (i, (from, _)) in revisions.iter().enumerate() {
            for (j, (to, _)) in revisions.iter().enumerate() {
                if i == j {
                    continue;
                }
                let db = TestDb::create(set.dialect).await?;
                let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
                let what = format!("{}: revision {i} rendered", set.name);
                let seeded =
                    apply_and_compare(&mut conn, &render_schema(from, set.dialect), from, &what)
                        .await;
                let sql = render_ops(&diff(from, to), from, set.dialect);
                let what = format!("{}: diff from revision {i} to {j}", set.name);
                if let Err(e) = match seeded {
                    Ok(()) => apply_and_compare(&mut conn, &sql, to, &what).await,
                    Err(e) => Err(e),
                } {
                    problems.push(e);
                }
                let _ = conn.close().await;
                db.drop_async().await.unwrap_or_else(|e| panic!("{e}"));
            }
        }
        Some(problems)
    })
}

fn assert_case(name: &str) -> Vec<(Schema, Vec<strata_core::op::Op>)> {
    let set = case(name);
    match check(&set) {
        None => eprintln!("{name}: SKIPPED (no server)"),
        Some(problems) => assert!(problems.is_empty(), "{}", problems.join("\n\n")),
    }
    simulate(&set)
}

fn column_default(schema: &Schema, table: &str, column: &str) -> Option<String> {
    schema
        .tables
        .get(&QualifiedName::new(table))
        .and_then(|t| t.column(column))
        .and_then(|c| c.default.clone())
}

#[test]
fn using_keeps_its_cast() {
    let revisions = assert_case("pg-using-cast");
    let ops = &revisions[1].1;
    let sql = render_ops(ops, &revisions[0].0, Dialect::Postgres);
    assert!(sql.contains("USING ip_address::inet"), "{sql}");
    assert!(sql.contains("USING port::integer"), "{sql}");
    // `SET DEFAULT '80'` on what is now an integer column: PostgreSQL prints `80`.
    assert_eq!(
        column_default(&revisions[1].0, "hosts", "port").as_deref(),
        Some("80")
    );
}

#[test]
fn defaults_keep_the_literal_kind_and_resolve_by_column_type() {
    let revisions = assert_case("pg-ext-type-default-cast");
    let head = &revisions[1].0;
    for (column, expected) in [
        ("path", "'0'"),
        ("config", "'{}'"),
        ("handle", "'x'"),
        ("state", "'disabled'"),
        ("tags", "'{}'"),
        ("zip", "'0'"),
        ("rank", "5"),
        ("open", "true"),
        ("flag", "true"),
        ("parent", "'0'"),
    ] {
        assert_eq!(
            column_default(head, "communities", column).as_deref(),
            Some(expected),
            "{column}"
        );
    }
}

#[test]
fn decimal_defaults_keep_their_scale() {
    let revisions = assert_case("pg-decimal-scale");
    let head = &revisions[0].0;
    for (column, expected) in [
        ("ratio", "0.70"),
        ("plain", "0.7"),
        ("quoted", "1.50"),
        ("negative", "-0.70"),
        ("half", "0.5"),
        ("weight", "1.50"),
    ] {
        assert_eq!(
            column_default(head, "prices", column).as_deref(),
            Some(expected),
            "{column}"
        );
    }
}

#[test]
fn typed_literals_in_arithmetic_keep_their_cast() {
    let revisions = assert_case("pg-interval-arithmetic");
    let head = &revisions[0].0;
    for (column, expected) in [
        ("expires_at", "now() + '1 day'::interval"),
        ("purge_after", "now() - '7 days'::interval"),
        ("ttl", "'30 days'"),
        ("scopes", "array[]::text[]"),
        ("roles", "array['reader', 'writer']"),
        ("weight", "15.0"),
    ] {
        assert_eq!(
            column_default(head, "sessions", column).as_deref(),
            Some(expected),
            "{column}"
        );
    }
}

#[test]
fn column_casts_are_kept_unless_postgres_adds_them() {
    let revisions = assert_case("pg-column-casts");
    let orders = &revisions[0].0.tables[&QualifiedName::new("orders")];
    let check = |name: &str| match orders.constraint(name).map(|c| &c.kind) {
        Some(strata_core::schema::ConstraintKind::Check { expr }) => expr.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(check("orders_email_check"), "email <> ''");
    assert_eq!(
        check("orders_status_check"),
        "status in ('new', 'paid', 'void')"
    );
    assert_eq!(
        check("orders_ip_check"),
        "client_ip is null or client_ip::inet << '10.0.0.0/8'"
    );
    assert_eq!(check("orders_state_check"), "length(state::text) > 1");
    let key = |name: &str| {
        let index = orders.indexes.iter().find(|i| i.name == name);
        match index.map(|i| &i.keys[0]) {
            Some(IndexKey::Expr { expr, .. }) => expr.clone(),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(key("orders_email_lower_idx"), "lower(email)");
    assert_eq!(key("orders_big_idx"), "qty::bigint * 2");
    let big = orders.indexes.iter().find(|i| i.name == "orders_big_idx");
    assert_eq!(
        big.and_then(|i| i.predicate.as_deref()),
        Some("unit_price > qty")
    );
    let total = orders.column("total").and_then(|c| c.generated.clone());
    assert_eq!(total.map(|g| g.expr).as_deref(), Some("qty * unit_price"));
}

#[test]
fn index_keys_keep_opclass_collation_and_nulls_order() {
    let revisions = assert_case("pg-opclass-index");
    let head = &revisions[0].0;
    let docs = &head.tables[&QualifiedName::new("docs")];
    let index = |name: &str| {
        docs.indexes
            .iter()
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let suffixes = |name: &str| -> Vec<String> {
        index(name)
            .keys
            .iter()
            .map(|k| k.suffix(|c| format!("\"{c}\"")))
            .collect()
    };
    assert_eq!(suffixes("docs_config_idx"), [" jsonb_path_ops"]);
    assert_eq!(suffixes("docs_title_pattern_idx"), [" text_pattern_ops"]);
    assert_eq!(
        suffixes("docs_slug_idx"),
        [" varchar_pattern_ops", " DESC NULLS LAST"]
    );
    assert_eq!(index("docs_slug_idx").include, ["id"]);
    assert_eq!(
        suffixes("docs_title_c_idx"),
        [" COLLATE \"C\"", " NULLS FIRST"]
    );
    assert_eq!(suffixes("docs_lower_idx"), [" COLLATE \"C\" DESC"]);
    assert!(matches!(
        index("docs_lower_idx").keys[0],
        IndexKey::Expr { .. }
    ));
    assert_eq!(suffixes("docs_trgm_idx"), [" gin_trgm_ops"]);
    // The default operator class is the same as none.
    assert_eq!(suffixes("docs_default_ops_idx"), [""]);
}

#[test]
fn serial_sequences_are_owned_and_quoted() {
    let revisions = assert_case("pg-serial-owned-by");
    let head = &revisions[1].0;
    assert_eq!(
        column_default(head, "Accounts", "id").as_deref(),
        Some("nextval('\"Accounts_Id_seq\"')")
    );
    let sql = render_schema(head, Dialect::Postgres);
    for owned in [
        "ALTER SEQUENCE \"Accounts_Id_seq\" OWNED BY \"Accounts\".id;",
        "ALTER SEQUENCE app.boards_id_seq OWNED BY app.boards.id;",
        "ALTER SEQUENCE counters_seq OWNED BY counters.n;",
        "ALTER SEQUENCE counters_id_seq OWNED BY counters.id;",
        // `SET SCHEMA` took the sequence along.
        "ALTER SEQUENCE app.movers_id_seq OWNED BY app.movers.id;",
    ] {
        assert!(sql.contains(owned), "{owned} in\n{sql}");
    }
}

#[test]
fn sqlite_keeps_expressions_as_written() {
    let revisions = assert_case("sqlite-check-as-written");
    let head = &revisions[0].0;
    let sql = render_schema(head, Dialect::Sqlite);
    for kept in [
        "CHECK (level between 0 and 2)",
        "DEFAULT 0.50",
        "DEFAULT '0'",
        "cast(level as integer) * 2",
        "COLLATE BINARY",
    ] {
        assert!(sql.contains(kept), "{kept} in\n{sql}");
    }
}
