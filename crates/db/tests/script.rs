//! `execute_script` on the real servers: whole scripts in one call, bodies that contain `;`,
//! and an error that names the failing statement.

use strata_core::Dialect;
use strata_db::testdb::TestDb;
use strata_db::{block_on, connect, execute_script, introspect};

/// Runs `sql`; returns the error text (or `ok`) and the tables that exist afterwards.
fn check(dialect: Dialect, sql: &str) -> Option<String> {
    block_on(async {
        let db = TestDb::create(dialect).await?;
        let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
        let result = match execute_script(&mut conn, sql).await {
            Ok(()) => "ok".to_string(),
            Err(e) => e.to_string(),
        };
        let schema = introspect(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = conn.close().await;
        db.drop_async().await.unwrap_or_else(|e| panic!("{e}"));
        let tables: Vec<String> = schema.tables.keys().map(|k| k.to_string()).collect();
        Some(format!("{result}\ntables: {}", tables.join(", ")))
    })
}

#[test]
fn postgres_scripts() {
    let Some(ok) = check(
        Dialect::Postgres,
        "CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$;\nCREATE TABLE b (y int);",
    ) else {
        return;
    };
    insta::assert_snapshot!(ok, @r#"
        ok
        tables: a, b
        "#);
    // Statements run one at a time (as with psql): those before the failure stay applied.
    let failed = check(Dialect::Postgres, "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n\nALTER TABLE a ADD COLUMN x int;\nCREATE TABLE c (z int);");
    insta::assert_snapshot!(failed.unwrap_or_default(), @r#"
        statement 3 (line 4) failed: column "x" of relation "a" already exists
          ALTER TABLE a ADD COLUMN x int
        tables: a, b
        "#);
}

#[test]
fn mysql_scripts() {
    let Some(ok) = check(
        Dialect::Mysql,
        "CREATE TABLE a (x int);\nCREATE TRIGGER a_bi BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; SET NEW.x = NEW.x + 1; END;\nCREATE TABLE b (y int);",
    ) else {
        return;
    };
    insta::assert_snapshot!(ok, @r#"
        ok
        tables: a, b
        "#);
    // MySQL commits DDL as it goes: the statements before the failure stay applied.
    let failed = check(Dialect::Mysql, "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\nALTER TABLE a ADD COLUMN x int;\nCREATE TABLE c (z int);");
    insta::assert_snapshot!(failed.unwrap_or_default(), @r#"
        statement 3 (line 3) failed: Duplicate column name 'x'
          ALTER TABLE a ADD COLUMN x int
        tables: a, b
        "#);
}

#[test]
fn sqlite_scripts() {
    let Some(ok) = check(
        Dialect::Sqlite,
        "CREATE TABLE a (x int);\nCREATE TRIGGER a_ai AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM a WHERE x = 2; END;\nCREATE TABLE b (y int);",
    ) else {
        return;
    };
    insta::assert_snapshot!(ok, @r#"
        ok
        tables: a, b
        "#);
    let failed = check(Dialect::Sqlite, "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\nALTER TABLE a ADD COLUMN x int;\nCREATE TABLE c (z int);");
    insta::assert_snapshot!(failed.unwrap_or_default(), @r#"
        statement 3 (line 3) failed: duplicate column name: x
          ALTER TABLE a ADD COLUMN x int
        tables: a, b
        "#);
}

/// Every example set's up scripts, applied file by file in name order, as a migration tool
/// would: `CREATE INDEX CONCURRENTLY`, `DO $$ ... $$`, plpgsql bodies, explicit `BEGIN`/`COMMIT`,
/// MySQL trigger bodies without `DELIMITER`, SQLite table rebuilds with `PRAGMA`s.
#[test]
fn example_scripts_apply() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let entries = std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let mut sets: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    sets.sort();
    let mut failures = Vec::new();
    for set in sets {
        let name = set
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(dialect) = name.split('-').next().unwrap_or("").parse::<Dialect>() else {
            continue;
        };
        if name.starts_with("broken-") {
            continue;
        }
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&set)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|f| {
            let f = f.to_string_lossy();
            f.ends_with(".sql") && !f.ends_with(".down.sql")
        });
        files.sort();
        let applied = block_on(async {
            let db = TestDb::create(dialect).await?;
            let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
            let mut problems = Vec::new();
            for file in &files {
                let sql = std::fs::read_to_string(file).unwrap_or_default();
                if let Err(e) = execute_script(&mut conn, &sql).await {
                    problems.push(format!(
                        "{name}/{}: {e}",
                        file.file_name().unwrap_or_default().to_string_lossy()
                    ));
                    break;
                }
            }
            match introspect(&mut conn).await {
                Ok(schema) => eprintln!(
                    "{name}: {} files applied, {} tables",
                    files.len(),
                    schema.tables.len()
                ),
                Err(e) => problems.push(format!("{name}: introspection failed: {e}")),
            }
            let _ = conn.close().await;
            Some(problems)
        });
        failures.extend(applied.unwrap_or_default());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The failing statement is found with the parser's splitter: a trigger body's `;`s, a string's
/// `;` and a comment's `;` do not count as statements.
#[test]
fn failing_statement_after_bodies_and_strings() {
    let Some(failed) = check(
        Dialect::Sqlite,
        "CREATE TABLE a (x int, y text DEFAULT ';');\n-- a comment; with a semicolon\nCREATE TRIGGER a_ai AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM a WHERE y = ';'; END;\nALTER TABLE a ADD COLUMN x int;",
    ) else {
        return;
    };
    insta::assert_snapshot!(failed, @r#"
        statement 3 (line 4) failed: duplicate column name: x
          ALTER TABLE a ADD COLUMN x int
        tables: a
        "#);
    let failed = check(
        Dialect::Mysql,
        "CREATE TABLE a (x int, y text DEFAULT ';');\n# a comment; with a semicolon\nCREATE TRIGGER a_bi BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.y = 'a;b'; IF NEW.x > 1 THEN SET NEW.x = 1; END IF; END;\nALTER TABLE a ADD COLUMN x int;",
    );
    insta::assert_snapshot!(failed.unwrap_or_default(), @r#"
        statement 3 (line 4) failed: Duplicate column name 'x'
          ALTER TABLE a ADD COLUMN x int
        tables: a
        "#);
}

/// A MySQL script with `DELIMITER` directives runs statement by statement, split as the parser
/// splits it: the server itself does not know `DELIMITER`.
#[test]
fn mysql_delimiter_scripts() {
    let script = "CREATE TABLE a (x int);\nDELIMITER //\nCREATE TRIGGER a_bi BEFORE INSERT ON a FOR EACH ROW\nBEGIN\n  SET NEW.x = 1;\nEND//\nDELIMITER ;\nCREATE TABLE b (y int);\n";
    let Some(ok) = check(Dialect::Mysql, script) else {
        return;
    };
    insta::assert_snapshot!(ok, @r#"
        ok
        tables: a, b
        "#);
    let failed = check(
        Dialect::Mysql,
        &format!("{script}ALTER TABLE a ADD COLUMN x int;\n"),
    );
    insta::assert_snapshot!(failed.unwrap_or_default(), @r#"
        statement 4 (line 9) failed: Duplicate column name 'x'
          ALTER TABLE a ADD COLUMN x int
        tables: a, b
        "#);
}

/// The delimiter inside a block comment ends nothing, for the mysql client and for the split.
#[test]
fn mysql_delimiter_inside_a_comment() {
    let script = "DELIMITER //\nCREATE PROCEDURE p() BEGIN /* see // docs */ SELECT 1; END//\nDELIMITER ;\nCREATE TABLE b (y int);\n";
    let Some(ok) = check(Dialect::Mysql, script) else {
        return;
    };
    insta::assert_snapshot!(ok, @r#"
        ok
        tables: b
        "#);
}
