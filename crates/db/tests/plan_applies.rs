//! `strata plan` scripts run on real databases: the upgrade script from base to head builds the
//! simulated head schema, and the downgrade script from head to base then leaves nothing behind.
//! The scripts come from `strata_core::plan::plan`, the function the CLI prints.

#[allow(dead_code)] // the SQL sets' helpers are not used here
mod common;

use common::{alembic_sets, AlembicSet};
use strata_core::plan::plan;
use strata_core::project::Revision;
use strata_core::{load, Config, Dialect, Schema};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, execute_script, introspect};

const BOOKKEEPING: &str = "alembic_version";

async fn live_schema(db: &TestDb) -> Result<Schema, String> {
    let mut conn = connect(&db.url).await.map_err(|e| e.to_string())?;
    let schema = introspect(&mut conn).await.map_err(|e| e.to_string());
    let _ = conn.close().await;
    let mut schema = schema?;
    schema.tables.retain(|name, _| name.name != BOOKKEEPING);
    Ok(schema)
}

async fn run(db: &TestDb, script: &str) -> Result<(), String> {
    let mut conn = connect(&db.url).await.map_err(|e| e.to_string())?;
    let result = execute_script(&mut conn, script)
        .await
        .map_err(|e| e.to_string());
    let _ = conn.close().await;
    result
}

/// The problems found for one set on one database; empty when both scripts do what they say.
/// `None` when the database server is not available.
fn check(set: &AlembicSet, dialect: Dialect) -> Option<Vec<String>> {
    let project = load(
        set.files.clone(),
        &Config {
            dialect: Some(dialect),
            folder: Some(format!("migrations/{}", set.name)),
            ..Config::default()
        },
    );
    let what = format!("{} on {dialect}", set.name);
    let head = project.head();
    let up = match plan(&project, Revision::Base, head) {
        Ok(p) => p.text,
        Err(d) => return Some(vec![format!("{what}: no upgrade plan: {}", d.message)]),
    };
    let down = match plan(&project, head, Revision::Base) {
        Ok(p) => p.text,
        Err(d) => return Some(vec![format!("{what}: no downgrade plan: {}", d.message)]),
    };
    let expected = project.replay(head).schema;
    block_on(async {
        let db = TestDb::create(dialect).await?;
        let mut problems = Vec::new();
        match run(&db, &up).await {
            Err(e) => problems.push(format!("{what}: the upgrade script fails: {e}")),
            Ok(()) => match live_schema(&db).await {
                Err(e) => problems.push(format!("{what}: cannot read the catalog: {e}")),
                Ok(live) => {
                    let differences = compare(&expected, &live);
                    if !differences.is_empty() {
                        problems.push(format!(
                            "{what}: after the upgrade script:\n    {}",
                            differences.join("\n    ")
                        ));
                    }
                    match run(&db, &down).await {
                        Err(e) => problems.push(format!("{what}: the downgrade script fails: {e}")),
                        Ok(()) => match live_schema(&db).await {
                            Err(e) => {
                                problems.push(format!("{what}: cannot read the catalog: {e}"))
                            }
                            Ok(live) => {
                                let left = compare(&Schema::new(dialect), &live);
                                if !left.is_empty() {
                                    problems.push(format!(
                                        "{what}: the downgrade script leaves objects behind:\n    {}",
                                        left.join("\n    ")
                                    ));
                                }
                            }
                        },
                    }
                }
            },
        }
        if let Err(e) = db.drop_async().await {
            problems.push(format!("{what}: cannot drop the test database: {e}"));
        }
        Some(problems)
    })
}

fn check_all(dialect: Dialect) {
    let sets = alembic_sets();
    assert!(!sets.is_empty(), "no migrations/alembic-* sets found");
    let mut problems = Vec::new();
    for set in &sets {
        match check(set, dialect) {
            Some(p) => problems.extend(p),
            None => return,
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn plan_applies_on_postgres() {
    check_all(Dialect::Postgres);
}

#[test]
fn plan_applies_on_mariadb() {
    check_all(Dialect::Mysql);
}

/// A fresh SQLite file: the plan's table rebuilds (batch mode) must leave the simulated schema.
#[test]
fn plan_applies_on_sqlite() {
    check_all(Dialect::Sqlite);
}
