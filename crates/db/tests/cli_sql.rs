//! The SQL that `strata schema --format sql` and `strata diff --from A --to B --format sql` print
//! must run on the real servers and build the schema it describes.
//!
//! For every example set and every revision R in apply order (all revisions: each costs one
//! fresh database and two scripts, a few seconds per set):
//! - base → R: `render_ops(diff(empty, R))` on an empty database must introspect equal to R's
//!   simulated schema (what `strata diff --from base --to R` prints, and `strata schema --at R`);
//! - R → head: on that same database, now at R, `render_ops(diff(R, head), R)` must introspect
//!   equal to the head's simulated schema.
//!
//! Column order is not checked for R → head on PostgreSQL and SQLite: a column the head has in
//! the middle of a table (a column re-added under a new name; renames are never inferred) can
//! only be appended there, as `strata diff` says in its own notes. MySQL places columns and is
//! checked fully.
//!
//! The database is seeded from the rendered schema rather than from the migration files so that
//! this test checks the differ and the renderer only; whether the simulation matches what the
//! migrations really do is the fidelity test's question. Both calls are the ones the CLI makes.

mod common;

use common::{example_sets, Case};
use strata_core::diff::diff;
use strata_core::render::render_ops;
use strata_core::{load, Config, Dialect, Schema};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, execute_script, introspect, Connection};

/// Applies `sql` and compares the result with `expected`; one message per problem.
async fn apply_and_compare(
    conn: &mut Connection,
    sql: &str,
    expected: &Schema,
    what: &str,
    any_column_order: bool,
) -> Result<(), String> {
    if let Err(e) = execute_script(conn, sql).await {
        return Err(format!("{what}: the database rejected the script: {e}"));
    }
    let live = introspect(conn).await.map_err(|e| format!("{what}: {e}"))?;
    let mut differences = compare(expected, &live);
    if any_column_order {
        differences.retain(|d| !d.contains(": column order "));
    }
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{what}: the database differs from the simulation:\n    {}",
            differences.join("\n    ")
        ))
    }
}

/// The problems found in one set; `None` when the server is unavailable.
fn check(case: &Case) -> Option<Vec<String>> {
    block_on(async {
        let project = load(
            case.files.clone(),
            &Config {
                dialect: Some(case.dialect),
                ..Config::default()
            },
        );
        let order = &project.graph.order;
        let revisions: Vec<(String, Schema)> = (0..order.len())
            .filter_map(|k| {
                let migration = project.set.migrations.get(*order.get(k)?)?;
                Some((
                    migration.id.to_string(),
                    project.replay_path(order.get(..=k)?).schema,
                ))
            })
            .collect();
        let Some((head_id, head)) = revisions.last().cloned() else {
            return Some(vec![format!("{}: no migrations discovered", case.name)]);
        };
        let base = Schema::new(case.dialect);
        let mut problems = Vec::new();
        for (id, schema) in &revisions {
            let db = TestDb::create(case.dialect).await?;
            let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
            let sql = render_ops(&diff(&base, schema), &base, case.dialect);
            let what = format!("{}: diff --from base --to {id}", case.name);
            match apply_and_compare(&mut conn, &sql, schema, &what, false).await {
                Err(e) => problems.push(e),
                // Only a database that is exactly at R is a fair start for R → head.
                Ok(()) if id != &head_id => {
                    let sql = render_ops(&diff(schema, &head), schema, case.dialect);
                    let what = format!("{}: diff --from {id} --to {head_id}", case.name);
                    let any_order = case.dialect != Dialect::Mysql;
                    if let Err(e) =
                        apply_and_compare(&mut conn, &sql, &head, &what, any_order).await
                    {
                        problems.push(e);
                    }
                }
                Ok(()) => {}
            }
            let _ = conn.close().await;
        }
        Some(problems)
    })
}

fn examples(dialect: Dialect) {
    let cases: Vec<Case> = example_sets()
        .into_iter()
        .filter(|c| c.dialect == dialect)
        .collect();
    assert!(
        !cases.is_empty(),
        "no {dialect} example set under migrations/"
    );
    let mut failures = Vec::new();
    for case in &cases {
        match check(case) {
            None => eprintln!("{}: skipped (no server)", case.name),
            Some(problems) => failures.extend(problems),
        }
    }
    assert!(
        failures.is_empty(),
        "rendered SQL failures:\n\n{}\n",
        failures.join("\n\n")
    );
}

#[test]
fn postgres_rendered_sql_applies() {
    examples(Dialect::Postgres);
}

#[test]
fn mysql_rendered_sql_applies() {
    examples(Dialect::Mysql);
}

#[test]
fn sqlite_rendered_sql_applies() {
    examples(Dialect::Sqlite);
}
