//! What `strata_core::sql_text` decides (which column an expression uses, under which case
//! rules, and how a renamed column is written), checked on the real servers with the cases in
//! `tests/cases/` that caught it: every revision's catalog against the simulation, the rendered
//! head on an empty database, and the rendered diff of every pair of revisions, both ways.

use std::path::Path;
use strata_core::diff::diff;
use strata_core::render::{render_ops, render_schema};
use strata_core::{load, Config, Dialect, InputFile, Project, Schema};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, execute_script, introspect, Connection};

fn case(name: &str, dialect: Dialect) -> Project {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/cases")
        .join(name);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    paths.sort();
    let files = paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            InputFile::new(name, std::fs::read(p).unwrap_or_default())
        })
        .collect();
    load(
        files,
        &Config {
            dialect: Some(dialect),
            ..Config::default()
        },
    )
}

/// Runs `sql` and compares the catalog with `expected`; column order only where asked.
async fn apply(
    conn: &mut Connection,
    sql: &str,
    expected: &Schema,
    column_order: bool,
) -> Result<(), String> {
    execute_script(conn, sql)
        .await
        .map_err(|e| format!("rejected: {e}\n{sql}"))?;
    let live = introspect(conn).await.map_err(|e| e.to_string())?;
    let mut differences = compare(expected, &live);
    if !column_order {
        differences.retain(|d| !d.contains(": column order "));
    }
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "differs:\n    {}\n{sql}",
            differences.join("\n    ")
        ))
    }
}

/// A fresh database with the first `n` revisions applied, each checked against the simulation.
async fn database_at(project: &Project, n: usize) -> Option<Result<(TestDb, Connection), String>> {
    let db = TestDb::create(project.dialect).await?;
    let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
    let order = &project.graph.order;
    for k in 0..n {
        let m = &project.set.migrations[order[k]];
        let Some(up) = m.up else {
            return Some(Err(format!("{}: no up script", m.id)));
        };
        let replay = project.replay_path(&order[..=k]);
        if !replay.diagnostics.is_empty() {
            return Some(Err(format!("{}: {:?}", m.id, replay.diagnostics)));
        }
        let sql = project.set.section_text(up);
        if let Err(e) = apply(&mut conn, sql, &replay.schema, true).await {
            return Some(Err(format!("revision {}: {e}", m.id)));
        }
    }
    Some(Ok((db, conn)))
}

/// Every check the case runner will make; the problems found, `None` without a server.
fn check_case(name: &str, dialect: Dialect) -> Option<Vec<String>> {
    let project = case(name, dialect);
    let n = project.graph.order.len();
    assert!(n >= 2, "{name}: {n} revisions");
    let schemas: Vec<Schema> = (0..=n)
        .map(|k| project.replay_path(&project.graph.order[..k]).schema)
        .collect();
    let column_order = dialect == Dialect::Mysql;
    block_on(async {
        let mut problems = Vec::new();
        if let Err(e) = database_at(&project, n).await? {
            problems.push(format!("{name}: {e}"));
        }
        let (_db, mut conn) = match database_at(&project, 0).await? {
            Ok(x) => x,
            Err(e) => return Some(vec![e]),
        };
        let head = &schemas[n];
        if let Err(e) = apply(&mut conn, &render_schema(head, dialect), head, true).await {
            problems.push(format!("{name}: rendered head: {e}"));
        }
        for from in 1..=n {
            for to in (1..=n).filter(|&to| to != from) {
                let (_db, mut conn) = match database_at(&project, from).await? {
                    Ok(x) => x,
                    Err(e) => return Some(vec![e]),
                };
                let (a, b) = (&schemas[from], &schemas[to]);
                let sql = render_ops(&diff(a, b), a, dialect);
                if let Err(e) = apply(&mut conn, &sql, b, column_order).await {
                    problems.push(format!("{name}: diff {from} -> {to}: {e}"));
                }
            }
        }
        Some(problems)
    })
}

fn report(name: &str, dialect: Dialect) {
    match check_case(name, dialect) {
        None => eprintln!("{name}: SKIPPED (no server)"),
        Some(problems) => assert!(problems.is_empty(), "{}", problems.join("\n\n")),
    }
}

#[test]
fn sqlite_check_literal_drop_column() {
    report("sqlite-check-literal-drop-column", Dialect::Sqlite);
}

#[test]
fn postgres_identifier_case_in_checks() {
    report("postgres-identifier-case-in-checks", Dialect::Postgres);
}

#[test]
fn mysql_check_literal_drop_column() {
    report("mysql-check-literal-drop-column", Dialect::Mysql);
}

/// SQLite refuses to drop a column a table CHECK uses (as a name, in any case or quoting), and
/// the simulation reports it as an error.
#[test]
fn sqlite_refuses_to_drop_a_column_a_check_uses() {
    let create = "CREATE TABLE t (id integer PRIMARY KEY, kind text, email text, CHECK (\"EMAIL\" <> kind));";
    let drop = "ALTER TABLE t DROP COLUMN email;";
    let project = load(
        vec![
            InputFile::new("001_t.sql", create),
            InputFile::new("002_drop.sql", drop),
        ],
        &Config {
            dialect: Some(Dialect::Sqlite),
            ..Config::default()
        },
    );
    let replay = project.replay_all();
    let codes: Vec<&str> = replay.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["dependent-objects"]);
    let outcome = block_on(async {
        let db = TestDb::create(Dialect::Sqlite).await?;
        let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
        execute_script(&mut conn, create)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let refused = execute_script(&mut conn, drop)
            .await
            .err()
            .map(|e| e.to_string());
        let live = introspect(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        Some((refused, compare(&replay.schema, &live)))
    });
    let Some((refused, differences)) = outcome else {
        return;
    };
    let refused = refused.unwrap_or_default();
    assert!(
        refused.contains("no such column") && refused.contains("EMAIL"),
        "{refused}"
    );
    assert!(differences.is_empty(), "{differences:?}");
}

#[test]
fn postgres_rename_function_and_trigger() {
    report("postgres-rename-function-and-trigger", Dialect::Postgres);
}
