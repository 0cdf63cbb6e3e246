//! The MySQL-family findings of issue 9, each checked on the real MariaDB: `ON UPDATE`, column
//! names in another case, `FOREIGN_KEY_CHECKS = 0`, inline `REFERENCES`, MariaDB's JSON check
//! (column-level: rendered on its column, replaced when the column is restated).
//!
//! Each set runs as the `mariadb` flavour (the server here). Every script is applied in a
//! session of its own (as migration tools run files), the catalog is compared with the
//! simulation after each one; then the simulated schema at each revision is rendered onto an
//! empty database and `diff` to the head is applied on top, and both must equal the simulation.

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
        let Some((_, head)) = revisions.last().cloned() else {
            return Some(problems);
        };
        for (id, schema) in &revisions {
            let fresh = TestDb::create(Dialect::Mysql).await?;
            let mut conn = connect(&fresh.url).await.unwrap_or_else(|e| panic!("{e}"));
            let steps = [
                (
                    format!("rendered {id}"),
                    render_schema(schema, Dialect::Mysql),
                    schema,
                ),
                (
                    format!("diff {id} → head"),
                    render_ops(&diff(schema, &head), schema, Dialect::Mysql),
                    &head,
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

#[test]
fn on_update_current_timestamp_is_kept() {
    assert_agree(&[
        (
            "001_t.sql",
            "CREATE TABLE t (id int PRIMARY KEY, \
               changed timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, \
               touched datetime(3) NULL ON UPDATE CURRENT_TIMESTAMP(3));",
        ),
        (
            "002_t.sql",
            "ALTER TABLE t MODIFY touched datetime(3) NULL;\n\
             ALTER TABLE t ADD COLUMN seen datetime ON UPDATE now() AFTER id;",
        ),
    ]);
}

#[test]
fn column_names_in_another_case_are_the_same_column() {
    assert_agree(&[
        (
            "001_parent.sql",
            "CREATE TABLE parent (Id int PRIMARY KEY, Code varchar(10) NOT NULL, UNIQUE KEY (CODE));",
        ),
        (
            "002_child.sql",
            "CREATE TABLE child (id int PRIMARY KEY, target_Id int, note varchar(20), \
               FOREIGN KEY (target_id) REFERENCES parent (ID), KEY (NOTE), CHECK (Target_id > 0));",
        ),
        (
            "003_alter.sql",
            "ALTER TABLE child MODIFY NOTE varchar(40), ADD COLUMN extra int AFTER ID;\n\
             ALTER TABLE child ALTER COLUMN EXTRA SET DEFAULT 3;\n\
             CREATE INDEX child_extra ON child (Extra);\n\
             ALTER TABLE child CHANGE COLUMN Note memo varchar(40);\n\
             ALTER TABLE child RENAME COLUMN MEMO TO Memo;\n\
             ALTER TABLE parent ADD CONSTRAINT code_len CHECK (char_length(CODE) > 1);",
        ),
        ("004_drop.sql", "ALTER TABLE child DROP COLUMN EXTRA;"),
    ]);
}

#[test]
fn foreign_key_checks_off_lets_keys_reference_later_tables() {
    assert_agree(&[
        (
            "001_both.sql",
            "SET FOREIGN_KEY_CHECKS = 0;\n\
             CREATE TABLE child (id int PRIMARY KEY, parent_id int, FOREIGN KEY (parent_id) REFERENCES parent (id));\n\
             CREATE TABLE parent (id int PRIMARY KEY);\n\
             SET FOREIGN_KEY_CHECKS = 1;",
        ),
        (
            "002_swap.sql",
            "SET SESSION foreign_key_checks = OFF;\n\
             DROP TABLE parent;\n\
             CREATE TABLE parent (id int PRIMARY KEY, name text);\n\
             SET foreign_key_checks = ON;",
        ),
    ]);
}

#[test]
fn mariadb_creates_inline_references() {
    assert_agree(&[
        (
            "001_parent.sql",
            "CREATE TABLE parent (id int PRIMARY KEY);",
        ),
        (
            "002_child.sql",
            "CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id));\n\
             ALTER TABLE child ADD COLUMN other_id int REFERENCES parent (id);",
        ),
    ]);
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
fn json_columns_carry_a_column_level_check() {
    assert_agree(&[
        (
            "001_t.sql",
            "CREATE TABLE t (id int PRIMARY KEY, doc json, n int CHECK (n > 0), \
               CONSTRAINT positive CHECK (id > 0)) DEFAULT CHARSET=latin1;",
        ),
        (
            "002_t.sql",
            "ALTER TABLE t MODIFY doc json NOT NULL;\n\
             ALTER TABLE t ADD COLUMN meta json AFTER id;\n\
             ALTER TABLE t ADD COLUMN ts timestamp NULL CHECK (ts > '2000-01-01');",
        ),
        ("003_t.sql", "ALTER TABLE t MODIFY n bigint;"),
        (
            "004_t.sql",
            "ALTER TABLE t MODIFY doc longtext;\n\
             ALTER TABLE t MODIFY meta json NOT NULL;",
        ),
        (
            "005_t.sql",
            "ALTER TABLE t MODIFY ts timestamp NULL ON UPDATE CURRENT_TIMESTAMP CHECK (ts > '2000-01-01');",
        ),
    ]);
}
