//! The MySQL-family findings of issue 9, each checked on the real MariaDB: `ON UPDATE`, column
//! names in another case, `FOREIGN_KEY_CHECKS = 0`, inline `REFERENCES`, MariaDB's JSON check
//! (column-level: rendered on its column, replaced when the column is restated).
//!
//! The sets are the regression cases `tests/cases/mysql-*` and `mariadb-*`, run as the
//! `mariadb` flavour (the server here). Every script is applied in a session of its own (as
//! migration tools run files), the catalog is compared with the simulation after each one; then,
//! for every pair of revisions in both directions, the simulated schema at the first is rendered
//! onto an empty database and `diff` to the second applied on top, and both must equal the
//! simulation (and every check the rendered SQL made must have the level Strata assumes).

use strata_core::diff::diff;
use strata_core::render::{render_ops, render_schema};
use strata_core::{load, Config, Dialect, Flavor, InputFile, Project, Schema};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, execute_script, introspect, Connection};

fn project(files: &[(&str, &str)], flavor: Flavor) -> Project {
    let files = files.iter().map(|(p, t)| InputFile::new(*p, *t)).collect();
    let config = Config {
        dialect: Some(Dialect::Mysql),
        flavor: Some(flavor),
        ..Config::default()
    };
    load(files, &config)
}

async fn differences(conn: &mut Connection, expected: &Schema, what: &str) -> Vec<String> {
    let live = introspect(conn)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        live.flavor,
        Flavor::Mariadb,
        "{what}: the server says it is MariaDB"
    );
    compare(expected, &live)
        .into_iter()
        .map(|d| format!("{what}: {d}"))
        .collect()
}

/// MariaDB checks whose level the SQL Strata rendered got wrong: a check is column-level
/// exactly when it is named after a column of its table (`simulate::columns::check_column`).
async fn levels(conn: &mut Connection, what: &str) -> Vec<String> {
    let Connection::Mysql(c) = conn else {
        return Vec::new();
    };
    let sql = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.LEVEL, \
                 (SELECT COUNT(*) FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = DATABASE() \
                    AND c.TABLE_NAME = k.TABLE_NAME AND c.COLUMN_NAME = k.CONSTRAINT_NAME) \
               FROM information_schema.CHECK_CONSTRAINTS k WHERE k.CONSTRAINT_SCHEMA = DATABASE()";
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(sql)
        .fetch_all(&mut *c)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    rows.into_iter()
        .filter(|(_, _, level, named_after_column)| {
            (level == "Column") != (*named_after_column > 0)
        })
        .map(|(t, name, level, _)| format!("{what}: check {t}.{name} is {level}-level"))
        .collect()
}

/// The problems found; `None` when no server is available (the test is then skipped).
fn agree(files: &[(&str, &str)]) -> Option<Vec<String>> {
    let project = project(files, Flavor::Mariadb);
    let replay = project.replay_all();
    let mut problems: Vec<String> = replay
        .diagnostics
        .iter()
        .chain(&project.diagnostics)
        .filter(|d| d.severity == strata_core::Severity::Error)
        .map(|d| format!("simulation error: {}", d.message))
        .collect();
    block_on(async {
        let db = TestDb::create(Dialect::Mysql).await?;
        let order = project.graph.order.clone();
        let mut revisions = Vec::new();
        for k in 0..order.len() {
            let m = &project.set.migrations[order[k]];
            let schema = project.replay_path(&order[..=k]).schema;
            let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
            let up = m.up.map(|s| project.set.section_text(s)).unwrap_or("");
            if let Err(e) = execute_script(&mut conn, up).await {
                problems.push(format!("{}: the server rejected it: {e}", m.id));
                return Some(problems);
            }
            problems.extend(differences(&mut conn, &schema, &m.id.to_string()).await);
            let _ = conn.close().await;
            revisions.push((m.id.to_string(), schema));
        }
        for ((id, schema), (to_id, to)) in revisions
            .iter()
            .flat_map(|a| revisions.iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.0 != b.0)
        {
            let fresh = TestDb::create(Dialect::Mysql).await?;
            let mut conn = connect(&fresh.url).await.unwrap_or_else(|e| panic!("{e}"));
            let steps = [
                (
                    format!("rendered {id}"),
                    render_schema(schema, Dialect::Mysql),
                    schema,
                ),
                (
                    format!("diff {id} → {to_id}"),
                    render_ops(&diff(schema, to), schema, Dialect::Mysql),
                    to,
                ),
            ];
            for (what, sql, expected) in steps {
                if sql.trim().is_empty() {
                    continue;
                }
                if let Err(e) = execute_script(&mut conn, &sql).await {
                    problems.push(format!("{what}: the server rejected it: {e}\n{sql}"));
                    break;
                }
                problems.extend(differences(&mut conn, expected, &what).await);
                problems.extend(levels(&mut conn, &what).await);
            }
            let _ = conn.close().await;
        }
        Some(problems)
    })
}

fn assert_agree(files: &[(&str, &str)]) {
    if let Some(problems) = agree(files) {
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// A regression case of `tests/cases/<name>/` (its migration files, without `case.toml`).
fn case(name: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/cases")
        .join(name);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path.file_name()?.to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).ok()?;
            name.ends_with(".sql").then_some((name, text))
        })
        .collect();
    files.sort();
    files
}

fn assert_case(name: &str) {
    let files = case(name);
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    assert_agree(&files);
}

#[test]
fn on_update_current_timestamp_is_kept() {
    assert_case("mysql-on-update");
}

#[test]
fn column_names_in_another_case_are_the_same_column() {
    assert_case("mysql-column-case");
}

#[test]
fn foreign_key_checks_off_lets_keys_reference_later_tables() {
    assert_case("mysql-fk-checks-off");
}

#[test]
fn mariadb_creates_inline_references() {
    assert_case("mariadb-inline-references");
}

#[test]
fn json_columns_carry_a_column_level_check() {
    assert_case("mariadb-json-check");
}

#[test]
fn the_server_refuses_what_the_simulation_refuses_with_checks_on() {
    // With the checks on, a key to a missing table is an error on both sides.
    let files = [(
        "001_child.sql",
        "CREATE TABLE child (id int PRIMARY KEY, parent_id int, FOREIGN KEY (parent_id) REFERENCES parent (id));",
    )];
    let replay = project(&files, Flavor::Mariadb).replay_all();
    assert!(replay.diagnostics.iter().any(|d| d.code == "unknown-table"));
    block_on(async {
        let Some(db) = TestDb::create(Dialect::Mysql).await else {
            return;
        };
        let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
        assert!(execute_script(&mut conn, files[0].1).await.is_err());
        let _ = conn.close().await;
    });
}

#[test]
fn a_check_on_a_column_a_referential_action_writes_is_refused() {
    // Found by the generator (seed 3002): MariaDB refuses a CHECK on a column that ON DELETE SET
    // NULL or ON UPDATE CASCADE writes, whichever of the two comes first; ON DELETE CASCADE is
    // fine. Each script is refused by the server and by the simulation alike, or by neither.
    let parent = "CREATE TABLE p (id int PRIMARY KEY);";
    let scripts = [
        ("CREATE TABLE c (id int PRIMARY KEY, p_id int, FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE SET NULL); ALTER TABLE c ADD CONSTRAINT ck CHECK (p_id > 0);", true),
        ("CREATE TABLE c (id int PRIMARY KEY, p_id int, CONSTRAINT ck CHECK (p_id > 0)); ALTER TABLE c ADD FOREIGN KEY (p_id) REFERENCES p (id) ON UPDATE CASCADE;", true),
        ("CREATE TABLE c (id int PRIMARY KEY, p_id int CHECK (p_id > 0), FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE SET NULL);", true),
        ("CREATE TABLE c (id int PRIMARY KEY, p_id int CHECK (p_id > 0), FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE);", false),
    ];
    for (script, refused) in scripts {
        let files = [("001_p.sql", parent), ("002_c.sql", script)];
        let replay = project(&files, Flavor::Mariadb).replay_all();
        let simulated = replay
            .diagnostics
            .iter()
            .any(|d| d.code == "check-on-fk-action-column");
        assert_eq!(simulated, refused, "simulation of {script}");
        block_on(async {
            let Some(db) = TestDb::create(Dialect::Mysql).await else {
                return;
            };
            let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
            execute_script(&mut conn, parent)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let server = execute_script(&mut conn, script).await;
            assert_eq!(server.is_err(), refused, "server on {script}: {server:?}");
            let _ = conn.close().await;
        });
    }
}

#[test]
fn table_names_stay_case_sensitive() {
    // Linux servers keep table names as files, case-sensitive (`lower_case_table_names = 0`,
    // the setting here); column names are matched without regard to case all the same.
    let setting = block_on(async {
        let db = TestDb::create(Dialect::Mysql).await?;
        let conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
        let Connection::Mysql(mut c) = conn else {
            panic!("a MySQL URL gave another connection");
        };
        let row: (i64,) = sqlx::query_as("SELECT CAST(@@lower_case_table_names AS SIGNED)")
            .fetch_one(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        Some(row.0)
    });
    if setting.is_none() {
        return;
    }
    assert_eq!(setting, Some(0));
    assert_agree(&[(
        "001_t.sql",
        "CREATE TABLE t (a int);\nCREATE TABLE T (A int, b int);\nALTER TABLE T ADD INDEX (a, B);",
    )]);
}
