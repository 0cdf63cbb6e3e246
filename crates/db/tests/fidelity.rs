//! Fidelity: does the simulation agree with a real database?
//!
//! For every example set under `migrations/<name>/` (the dialect comes from the set's name:
//! `postgres-*`, `mysql-*`, `sqlite-*`) and for a few inline sets, each migration in apply order
//! is applied to one real database, the catalog is read back, and it is compared with the
//! simulated schema after the same migrations. Then the simulated head schema is rendered
//! (`render::render_schema`), applied to a fresh database, and compared again.
//!
//! A failure names the set, the revision and each difference on its own line. Sets whose name
//! starts with `broken-` fail on purpose on a real server and are left to the diagnostics tests.

mod common;

use common::{example_sets, Case};
use strata_core::{load, Config, Dialect, InputFile, Project, Schema};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, execute_script, introspect};

/// Applies the set revision by revision and returns the problems found, one message each;
/// `None` when the server is unavailable (the test is skipped, see `TestDb`).
fn check(case: &Case) -> Option<Vec<String>> {
    block_on(async {
        let project = load(
            case.files.clone(),
            &Config {
                dialect: Some(case.dialect),
                ..Config::default()
            },
        );
        let mut problems = Vec::new();
        if project.set.migrations.is_empty() {
            problems.push(format!(
                "{}: no migrations discovered in {} files",
                case.name,
                case.files.len()
            ));
            return Some(problems);
        }
        let db = TestDb::create(case.dialect).await?;
        let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
        let mut previous: Vec<String> = Vec::new();
        let mut head = Schema::new(case.dialect);
        for (k, &i) in project.graph.order.iter().enumerate() {
            let migration = &project.set.migrations[i];
            let revision = format!(
                "{}: revision {} ({})",
                case.name, migration.id, migration.description
            );
            let Some(up) = migration.up else {
                problems.push(format!("{revision}: no up script"));
                continue;
            };
            if let Err(e) = execute_script(&mut conn, project.set.section_text(up)).await {
                problems.push(format!(
                    "{revision}: the database rejected the up script: {e}"
                ));
                break;
            }
            let live = introspect(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{revision}: {e}"));
            // What was applied: every migration so far in apply order (`replay(At(i))` for a
            // linear set; also right for sets with branches).
            let replay = project.replay_path(&project.graph.order[..=k]);
            let differences = compare(&replay.schema, &live);
            // Each revision reports only what it adds, so one early mismatch does not repeat
            // through every later revision.
            let new: Vec<&String> = differences
                .iter()
                .filter(|d| !previous.contains(d))
                .collect();
            if !new.is_empty() {
                let mut message =
                    format!("{revision}: simulated schema differs from the database:");
                for line in new {
                    message.push_str("\n    ");
                    message.push_str(line);
                }
                message.push_str(&diagnostics(
                    &project,
                    &project.graph.order[..=k],
                    &replay.diagnostics,
                ));
                problems.push(message);
            }
            previous = differences;
            head = replay.schema;
        }
        let _ = conn.close().await;
        drop(db);
        if problems
            .iter()
            .any(|p| p.contains("rejected the up script"))
        {
            return Some(problems);
        }

        // The rendered head must build the same schema on an empty database.
        let sql = strata_core::render::render_schema(&head, case.dialect);
        if sql.trim().is_empty() && !head.tables.is_empty() {
            problems.push(format!(
                "{}: render_schema produced no SQL for a head with {} tables",
                case.name,
                head.tables.len()
            ));
            return Some(problems);
        }
        let fresh = TestDb::create(case.dialect).await?;
        let mut conn = connect(&fresh.url).await.unwrap_or_else(|e| panic!("{e}"));
        match execute_script(&mut conn, &sql).await {
            Err(e) => problems.push(format!(
                "{}: the database rejected the rendered head schema: {e}",
                case.name
            )),
            Ok(()) => {
                let live = introspect(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                let differences = compare(&head, &live);
                if !differences.is_empty() {
                    problems.push(format!(
                        "{}: rendered head schema, applied to an empty database, differs from the simulation:\n    {}",
                        case.name,
                        differences.join("\n    ")
                    ));
                }
            }
        }
        let _ = conn.close().await;
        Some(problems)
    })
}

/// The parser's and simulator's errors and warnings about the migrations applied so far, which
/// often explain a difference.
fn diagnostics(project: &Project, applied: &[usize], replay: &[strata_core::Diagnostic]) -> String {
    let files: Vec<u32> = applied
        .iter()
        .filter_map(|&i| project.set.migrations.get(i))
        .flat_map(|m| m.up.iter().chain(m.down.iter()).map(|s| s.file))
        .collect();
    let relevant = project
        .diagnostics
        .iter()
        .filter(|d| d.span.is_none_or(|s| files.contains(&s.file)))
        .chain(replay);
    common::diagnostic_lines(project, relevant, "diagnostics so far")
}

fn report(cases: &[Case]) {
    let mut failures = Vec::new();
    for case in cases {
        match check(case) {
            None => eprintln!("{}: skipped (no server)", case.name),
            Some(problems) if problems.is_empty() => {
                eprintln!("{}: simulation matches the database", case.name)
            }
            Some(problems) => failures.extend(problems),
        }
    }
    assert!(
        failures.is_empty(),
        "fidelity failures:\n\n{}\n",
        failures.join("\n\n")
    );
}

/// Runs the example sets of one dialect; each dialect is its own test so a failure says which.
fn examples(dialect: Dialect) {
    let cases: Vec<Case> = example_sets()
        .into_iter()
        .filter(|c| c.dialect == dialect)
        .collect();
    assert!(
        !cases.is_empty(),
        "no {dialect} example set under migrations/ (a folder named `{dialect}-...`)"
    );
    report(&cases);
}

#[test]
fn postgres_examples_match_the_database() {
    examples(Dialect::Postgres);
}

#[test]
fn mysql_examples_match_the_database() {
    examples(Dialect::Mysql);
}

#[test]
fn sqlite_examples_match_the_database() {
    examples(Dialect::Sqlite);
}

/// The same check on any folder, for public histories (`tests/real-world.md`):
/// `STRATA_FIDELITY_DIR=path STRATA_FIDELITY_DIALECT=postgres cargo test -p strata-db --test
/// fidelity -- --ignored --nocapture real_world`. Prints every difference and a count instead of
/// failing, since a public history is measured, not required to pass.
#[test]
#[ignore = "needs STRATA_FIDELITY_DIR (a migration folder) and STRATA_FIDELITY_DIALECT"]
fn real_world_folder() {
    let (Ok(dir), Ok(dialect)) = (
        std::env::var("STRATA_FIDELITY_DIR"),
        std::env::var("STRATA_FIDELITY_DIALECT"),
    ) else {
        eprintln!("set STRATA_FIDELITY_DIR and STRATA_FIDELITY_DIALECT");
        return;
    };
    let dialect: Dialect = dialect
        .parse()
        .expect("a dialect: postgres, mysql or sqlite");
    let files = common::read_folder(std::path::Path::new(&dir));
    let case = Case {
        name: dir,
        dialect,
        files,
    };
    let revisions = load(case.files.clone(), &Config::default())
        .graph
        .order
        .len();
    let problems = check(&case).expect("the server is reachable");
    for p in &problems {
        println!("{p}\n");
    }
    println!("{revisions} revisions; {} problems", problems.len());
}

fn inline(name: &str, dialect: Dialect, files: &[(&str, &str)]) -> Case {
    Case {
        name: name.to_string(),
        dialect,
        files: files.iter().map(|(p, t)| InputFile::new(*p, *t)).collect(),
    }
}

#[test]
fn inline_postgres() {
    report(&[inline(
        "inline-postgres",
        Dialect::Postgres,
        &[
            ("001_users.sql", "CREATE TABLE users (id serial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, age int CHECK (age > 0));"),
            (
                "002_posts.sql",
                "CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id int NOT NULL REFERENCES users ON DELETE CASCADE, title text DEFAULT 'untitled');\n\
                 CREATE INDEX ON posts (user_id);",
            ),
            ("003_rename.sql", "ALTER TABLE users RENAME COLUMN email TO login;\nALTER TABLE posts ADD CONSTRAINT title_len CHECK (length(title) < 200);"),
        ],
    )]);
}

#[test]
fn inline_mysql() {
    report(&[inline(
        "inline-mysql",
        Dialect::Mysql,
        &[
            ("000001_users.up.sql", "CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE, age INT CHECK (age > 0));"),
            ("000001_users.down.sql", "DROP TABLE users;"),
            (
                "000002_posts.up.sql",
                "CREATE TABLE posts (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id INT NOT NULL, title VARCHAR(200) DEFAULT 'untitled', FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);",
            ),
            ("000002_posts.down.sql", "DROP TABLE posts;"),
            ("000003_index.up.sql", "ALTER TABLE users ADD COLUMN name VARCHAR(50) AFTER id;\nCREATE INDEX idx_name ON users (name);"),
            ("000003_index.down.sql", "DROP INDEX idx_name ON users;\nALTER TABLE users DROP COLUMN name;"),
        ],
    )]);
}

#[test]
fn inline_sqlite() {
    report(&[inline(
        "inline-sqlite",
        Dialect::Sqlite,
        &[
            ("001_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, age INTEGER CHECK (age > 0));"),
            (
                "002_posts.sql",
                "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, title TEXT DEFAULT 'untitled');\n\
                 CREATE INDEX posts_user ON posts (user_id);",
            ),
            ("003_columns.sql", "ALTER TABLE users ADD COLUMN name TEXT;\nALTER TABLE users RENAME COLUMN email TO login;"),
        ],
    )]);
}

/// Found on vaultwarden's history: keys a CREATE TABLE declares twice over the same columns make
/// one index on PostgreSQL and SQLite (MariaDB keeps both), and `DEFAULT NULL` is stored by
/// PostgreSQL for a varchar(n) column and by SQLite as written, yet means no default.
#[test]
fn inline_duplicate_keys_and_null_defaults() {
    let pg = inline(
        "duplicate-keys-postgres",
        Dialect::Postgres,
        &[
            ("001_keys.sql", "CREATE TABLE e1 (uuid char(36) NOT NULL PRIMARY KEY, n int, UNIQUE (uuid));\n\
              CREATE TABLE e2 (id int PRIMARY KEY, CONSTRAINT e2_named UNIQUE (id));\n\
              CREATE TABLE e3 (id int, a int, UNIQUE (a), UNIQUE (a), CONSTRAINT x UNIQUE (a, id), UNIQUE (a, id));\n\
              CREATE TABLE e4 (id int PRIMARY KEY, UNIQUE (id) DEFERRABLE);"),
            ("002_nulls.sql", "ALTER TABLE e1 ADD COLUMN email varchar(255) DEFAULT NULL, ADD COLUMN at timestamp DEFAULT NULL;\n\
              ALTER TABLE e1 ADD UNIQUE (uuid);"),
        ],
    );
    let my = inline(
        "duplicate-keys-mysql",
        Dialect::Mysql,
        &[("001_keys.sql", "CREATE TABLE e1 (uuid char(36) NOT NULL PRIMARY KEY, n int DEFAULT NULL, UNIQUE (uuid));")],
    );
    let lite = inline(
        "duplicate-keys-sqlite",
        Dialect::Sqlite,
        &[
            (
                "001_keys.sql",
                "CREATE TABLE e1 (uuid CHAR(36) NOT NULL PRIMARY KEY, UNIQUE (uuid));\n\
              CREATE TABLE r1 (id INTEGER PRIMARY KEY, UNIQUE (id));\n\
              CREATE TABLE r2 (a TEXT UNIQUE, b TEXT, UNIQUE (b), PRIMARY KEY (a));",
            ),
            (
                "002_nulls.sql",
                "ALTER TABLE e1 ADD COLUMN email TEXT DEFAULT NULL;",
            ),
        ],
    );
    report(&[pg, my, lite]);
}

/// Found on Lemmy's history: renaming an enum label renames the defaults that hold it.
#[test]
fn inline_enum_label_rename_renames_defaults() {
    report(&[inline(
        "enum-label-rename-postgres",
        Dialect::Postgres,
        &[
            ("001_enum.sql", "CREATE TYPE mode AS ENUM ('closed', 'require_application');\n\
              CREATE TABLE site (id int PRIMARY KEY, mode mode NOT NULL DEFAULT 'require_application', other mode DEFAULT 'closed'::mode);"),
            ("002_rename.sql", "ALTER TYPE mode RENAME VALUE 'require_application' TO 'RequireApplication';\n\
              ALTER TYPE mode RENAME VALUE 'closed' TO 'Closed';"),
        ],
    )]);
}
