//! The `strata` binary end to end: bad and big input, exit codes, output formats.
//!
//! Each case writes a small folder, runs the real binary on it and checks the exit code and the
//! diagnostics it prints. Nothing may panic, overflow the stack or hang.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

mod common;
use common::Folder;

fn strata(args: &[&str], dir: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
    cmd.args(args.iter().take(1))
        .arg(dir)
        .args(args.iter().skip(1));
    cmd.env("NO_COLOR", "1").output().unwrap()
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], files: &[(&str, &[u8])]) -> Run {
    let folder = Folder::new(files);
    let out = strata(args, &folder.0);
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "strata panicked:\n{}",
        run.stderr
    );
    run
}

#[test]
fn clean_set_checks_with_exit_0() {
    let r = run(
        &["check"],
        &[(
            "001_init.sql",
            b"CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE);",
        )],
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("0 errors"), "{}", r.stdout);
}

#[test]
fn unknown_column_is_an_error_with_file_line_and_column() {
    let r = run(
        &["check"],
        &[
            (
                "001_init.sql",
                b"CREATE TABLE users (id serial PRIMARY KEY, email text);\n",
            ),
            (
                "002_index.sql",
                b"-- index the login column\nCREATE INDEX users_email_idx ON users (emial);\n",
            ),
        ],
    );
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("error[unknown-column]"), "{}", r.stdout);
    assert!(r.stdout.contains("002_index.sql:2:"), "{}", r.stdout);
}

#[test]
fn unparseable_statement_is_a_warning_and_the_rest_of_the_file_survives() {
    let r = run(
        &["schema", "--format", "text"],
        &[(
            "001_init.sql",
            b"CREATE TABLE a (id int);\nCREATE TABLE (((;\nCREATE TABLE b (id int);\n",
        )],
    );
    assert!(
        r.stdout.contains("table a") && r.stdout.contains("table b"),
        "{}",
        r.stdout
    );
    let c = run(
        &["check"],
        &[(
            "001_init.sql",
            b"CREATE TABLE a (id int);\nCREATE TABLE (((;\nCREATE TABLE b (id int);\n",
        )],
    );
    assert!(c.stdout.contains("001_init.sql:2:"), "{}", c.stdout);
}

#[test]
fn truncated_file_and_unterminated_dollar_quote_are_diagnosed() {
    let r = run(
        &["check"],
        &[(
            "001_init.sql",
            b"CREATE TABLE a (id int);\nCREATE TABLE b (id int, name te",
        )],
    );
    assert!(r.stdout.contains("001_init.sql:2:"), "{}", r.stdout);
    let r = run(
        &["check"],
        &[(
            "001_fn.sql",
            b"CREATE TABLE a (id int);\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n",
        )],
    );
    assert!(r.stdout.contains("001_fn.sql:2:"), "{}", r.stdout);
    assert_ne!(
        r.code,
        Some(0),
        "an unterminated quote must not check clean:\n{}",
        r.stdout
    );
}

#[test]
fn binary_junk_is_an_error_not_a_panic() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let r = run(&["check"], &[("001_junk.sql", &junk)]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
}

#[test]
fn deeply_nested_expression_is_diagnosed_without_stack_overflow() {
    let depth = 50_000;
    let sql = format!(
        "CREATE TABLE a (id int DEFAULT {}1{});\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let r = run(&["check"], &[("001_deep.sql", sql.as_bytes())]);
    assert!(
        r.code == Some(0) || r.code == Some(1),
        "exit {:?}\n{}",
        r.code,
        r.stderr
    );
    assert!(r.stdout.contains("001_deep.sql:1:"), "{}", r.stdout);
}

#[test]
fn duplicate_versions_are_an_error() {
    let r = run(
        &["check"],
        &[
            ("001_a.sql", b"CREATE TABLE a (id int);"),
            ("001_b.sql", b"CREATE TABLE b (id int);"),
        ],
    );
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("duplicate-version"), "{}", r.stdout);
}

#[test]
fn non_utf8_content_is_an_error() {
    let r = run(
        &["check"],
        &[("001_a.sql", b"CREATE TABLE caf\xe9 (id int);")],
    );
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("invalid-utf8"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let folder = Folder::new(&[("001_a.sql", b"CREATE TABLE a (id int);")]);
    let name = std::ffi::OsStr::from_bytes(b"002_caf\xe9.sql");
    std::fs::write(folder.0.join(name), b"CREATE TABLE b (id int);").unwrap();
    let out = strata(&["check"], &folder.0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("non-utf8-path"), "{stdout}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn empty_folder_is_an_error() {
    let r = run(&["check"], &[]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("empty-set"), "{}", r.stdout);
}

#[test]
fn missing_folder_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["check", "/nonexistent/strata/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn unknown_revision_is_a_usage_error_with_help() {
    let r = run(
        &["schema", "--at", "999"],
        &[("001_a.sql", b"CREATE TABLE a (id int);")],
    );
    assert_eq!(r.code, Some(2), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("no revision `999`"), "{}", r.stderr);
}

#[test]
fn ten_megabyte_file_gives_a_clean_result_in_seconds() {
    let mut sql = String::with_capacity(11 << 20);
    sql.push_str(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2));\n",
    );
    let mut i = 0u64;
    while sql.len() < 10 << 20 {
        sql.push_str(&format!(
            "INSERT INTO items (id, name, price) VALUES ({i}, 'item number {i}', {}.99);\n",
            i % 1000
        ));
        i += 1;
    }
    let started = Instant::now();
    let r = run(&["check"], &[("001_seed.sql", sql.as_bytes())]);
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    eprintln!("10 MB check took {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn twenty_thousand_tiny_migrations_give_a_clean_result() {
    let files: Vec<(String, Vec<u8>)> = (1..=20_000)
        .map(|i| {
            (
                format!("{i:05}_m.sql"),
                format!("CREATE TABLE t{i} (id int PRIMARY KEY);").into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let started = Instant::now();
    let r = run(&["check"], &refs);
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    assert!(r.stdout.contains("20000 migrations"), "{}", r.stdout);
    eprintln!("20,000 migrations check took {:?}", started.elapsed());
}

#[test]
fn history_lists_revisions_with_head_and_layout() {
    let r = run(
        &["history"],
        &[
            ("V1__init.sql", b"CREATE TABLE a (id int);"),
            ("V2__more.sql", b"CREATE TABLE b (id int);"),
        ],
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("layout: flyway (detected)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.lines().last().unwrap_or("").contains("(head)"),
        "{}",
        r.stdout
    );
}

#[test]
fn json_formats_parse_and_carry_a_version() {
    let files: &[(&str, &[u8])] = &[
        ("001_a.sql", b"CREATE TABLE a (id int PRIMARY KEY);"),
        ("002_b.sql", b"ALTER TABLE a ADD COLUMN b text;"),
    ];
    for args in [
        vec!["check", "--format", "json"],
        vec!["history", "--format", "json"],
        vec!["schema", "--format", "json"],
        vec!["diff", "--from", "001", "--to", "002", "--format", "json"],
    ] {
        let r = run(&args, files);
        let v: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", r.stdout));
        assert_eq!(v["strata"], 1, "{args:?}");
    }
}

#[test]
fn a_folder_named_after_a_dialect_decides_it() {
    // Backticks alone would suggest MySQL; the folder says SQLite.
    let sql: &[u8] = b"CREATE TABLE `a` (id INTEGER PRIMARY KEY);";
    let folder = Folder::new(&[("db/sqlite/001_a.sql", sql), ("other/001_a.sql", sql)]);
    let out = strata(&["history"], &folder.0.join("db/sqlite"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("dialect: sqlite (inferred)"), "{stdout}");
    let out = strata(&["history"], &folder.0.join("other"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("dialect: mysql (inferred)"), "{stdout}");
}

#[test]
fn alembic_history_reads_like_alembic_with_branch_and_merge_points() {
    let rev = |id: &str, down: &str, message: &str| {
        format!("\"\"\"{message}\n\nCreate Date: 2024-01-01 00:00:00\n\"\"\"\nrevision = '{id}'\ndown_revision = {down}\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
    };
    let files = [
        (
            "alembic/versions/a1_create.py",
            rev("a1", "None", "create account"),
        ),
        (
            "alembic/versions/b2_column.py",
            rev("b2", "'a1'", "add column"),
        ),
        (
            "alembic/versions/c3_orders.py",
            rev("c3", "'a1'", "add orders"),
        ),
        (
            "alembic/versions/d4_merge.py",
            rev("d4", "('b2', 'c3')", "merge heads"),
        ),
        (
            "alembic/versions/e5_index.py",
            rev("e5", "'d4'", "add index"),
        ),
        (
            "alembic.ini",
            "[alembic]\nscript_location = alembic\n".to_string(),
        ),
    ];
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (*p, c.as_bytes())).collect();
    let r = run(&["history"], &files);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    // The lines `alembic history` prints for this set, oldest first.
    let expected = "\
<base> -> a1 (branchpoint), create account
a1 -> b2, add column
a1 -> c3, add orders
b2, c3 -> d4 (mergepoint), merge heads
d4 -> e5 (head), add index
";
    let body: String = r.stdout.lines().skip(1).map(|l| format!("{l}\n")).collect();
    assert_eq!(body, expected, "{}", r.stdout);
    assert!(
        r.stdout.starts_with("layout: alembic (detected)"),
        "{}",
        r.stdout
    );
}

fn alembic_revision(id: &str, down: &str, upgrade: &str, downgrade: &str) -> String {
    format!(
        "\"\"\"{id}\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {down}\n\n\ndef upgrade():\n    {upgrade}\n\n\ndef downgrade():\n    {downgrade}\n"
    )
}

/// A branch (`b2`, `c3` off `a1`) merged by `d4`, each step changing the schema.
fn alembic_branch_and_merge() -> Vec<(String, Vec<u8>)> {
    let files = [
        (
            "alembic/versions/a1.py",
            alembic_revision(
                "a1",
                "None",
                "op.create_table('accounts', sa.Column('id', sa.Integer(), primary_key=True))",
                "op.drop_table('accounts')",
            ),
        ),
        (
            "alembic/versions/b2.py",
            alembic_revision(
                "b2",
                "'a1'",
                "op.add_column('accounts', sa.Column('email', sa.String(100)))",
                "op.drop_column('accounts', 'email')",
            ),
        ),
        (
            "alembic/versions/c3.py",
            alembic_revision(
                "c3",
                "'a1'",
                "op.create_index('ix_accounts_id', 'accounts', ['id'])",
                "op.drop_index('ix_accounts_id', table_name='accounts')",
            ),
        ),
        (
            "alembic/versions/d4.py",
            alembic_revision("d4", "('b2', 'c3')", "pass", "pass"),
        ),
        (
            "alembic.ini",
            "[alembic]\nscript_location = alembic\n".to_string(),
        ),
    ];
    files
        .into_iter()
        .map(|(p, c)| (p.to_string(), c.into_bytes()))
        .collect()
}

fn run_owned(args: &[&str], files: &[(String, Vec<u8>)]) -> Run {
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_slice()))
        .collect();
    run(args, &files)
}

const GOLANG_SET: &[(&str, &[u8])] = &[
    (
        "000001_users.up.sql",
        b"CREATE TABLE users (id integer PRIMARY KEY);",
    ),
    ("000001_users.down.sql", b"DROP TABLE users;"),
    (
        "000002_email.up.sql",
        b"ALTER TABLE users ADD COLUMN email text;",
    ),
    (
        "000002_email.down.sql",
        b"ALTER TABLE users DROP COLUMN email;",
    ),
];

#[test]
fn plan_of_a_sql_set_lists_the_scripts_in_order() {
    let r = run(&["plan", "--dialect", "postgres"], GOLANG_SET);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!(r.stdout, @"
    -- strata: plain SQL migrations keep no version table here: record what was applied as your migration tool does

    -- 000001_users.up.sql

    CREATE TABLE users (
        id integer PRIMARY KEY
    );

    -- 000002_email.up.sql

    ALTER TABLE users ADD COLUMN email text;
    ");
}

#[test]
fn plan_to_an_earlier_revision_is_the_downgrade_script() {
    let r = run(
        &[
            "plan",
            "--dialect",
            "postgres",
            "--from",
            "head",
            "--to",
            "base",
        ],
        GOLANG_SET,
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!(r.stdout, @"
    -- strata: plain SQL migrations keep no version table here: record what was applied as your migration tool does

    -- 000002_email.down.sql

    ALTER TABLE users DROP COLUMN email;

    -- 000001_users.down.sql

    DROP TABLE users;
    ");
}

#[test]
fn plan_of_a_sqlite_set_renders_for_sqlite() {
    // From 001: only 002 is applied, rendered for SQLite.
    let files: &[(&str, &[u8])] = &[
        (
            "001_a.sql",
            b"CREATE TABLE a (id integer PRIMARY KEY, b integer CHECK (b > 0));",
        ),
        ("002_b.sql", b"ALTER TABLE a ADD COLUMN c text;"),
    ];
    let r = run(&["plan", "--dialect", "sqlite", "--from", "001"], files);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!(r.stdout, @"
    -- strata: plain SQL migrations keep no version table here: record what was applied as your migration tool does

    -- 002_b.sql

    ALTER TABLE a ADD COLUMN c text;
    ");
}

#[test]
fn alembic_plan_keeps_alembic_version_as_alembic_does() {
    let files = alembic_branch_and_merge();
    let r = run_owned(&["plan", "--dialect", "postgres"], &files);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!(r.stdout, @"
    BEGIN;

    CREATE TABLE alembic_version (
        version_num VARCHAR(32) NOT NULL,
        CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
    );

    -- Running upgrade  -> a1

    CREATE TABLE accounts (
        id serial NOT NULL,
        PRIMARY KEY (id)
    );

    INSERT INTO alembic_version (version_num) VALUES ('a1') RETURNING alembic_version.version_num;

    -- Running upgrade a1 -> c3

    CREATE INDEX ix_accounts_id ON accounts (id);

    UPDATE alembic_version SET version_num='c3' WHERE alembic_version.version_num = 'a1';

    -- Running upgrade a1 -> b2

    ALTER TABLE accounts ADD COLUMN email character varying(100);

    INSERT INTO alembic_version (version_num) VALUES ('b2') RETURNING alembic_version.version_num;

    -- Running upgrade b2, c3 -> d4

    DELETE FROM alembic_version WHERE alembic_version.version_num = 'b2';

    UPDATE alembic_version SET version_num='d4' WHERE alembic_version.version_num = 'c3';

    COMMIT;
    ");
}

#[test]
fn alembic_downgrade_plan_unmerges_and_deletes_rows_as_alembic_does() {
    let files = alembic_branch_and_merge();
    let r = run_owned(
        &[
            "plan",
            "--dialect",
            "mysql",
            "--from",
            "head",
            "--to",
            "base",
        ],
        &files,
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    // Trailing spaces shown as ␠ (Alembic's header for a downgrade to base ends in one).
    insta::assert_snapshot!(r.stdout.replace(" \n", "␠\n"), @"
    -- Running downgrade d4 -> b2, c3

    INSERT INTO alembic_version (version_num) VALUES ('b2');

    UPDATE alembic_version SET version_num='c3' WHERE alembic_version.version_num = 'd4';

    -- Running downgrade b2 -> a1

    ALTER TABLE accounts DROP COLUMN email;

    DELETE FROM alembic_version WHERE alembic_version.version_num = 'b2';

    -- Running downgrade c3 -> a1

    DROP INDEX ix_accounts_id ON accounts;

    UPDATE alembic_version SET version_num='a1' WHERE alembic_version.version_num = 'c3';

    -- Running downgrade a1 ->␠

    DROP TABLE accounts;

    DELETE FROM alembic_version WHERE alembic_version.version_num = 'a1';
    ");
}

#[test]
fn alembic_plan_from_a_revision_does_not_create_the_version_table() {
    let files = alembic_branch_and_merge();
    let r = run_owned(
        &["plan", "--dialect", "sqlite", "--from", "b2", "--to", "d4"],
        &files,
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!(r.stdout, @"
    -- Running upgrade a1 -> c3

    CREATE INDEX ix_accounts_id ON accounts (id);

    INSERT INTO alembic_version (version_num) VALUES ('c3') RETURNING version_num;

    -- Running upgrade b2, c3 -> d4

    DELETE FROM alembic_version WHERE alembic_version.version_num = 'b2';

    UPDATE alembic_version SET version_num='d4' WHERE alembic_version.version_num = 'c3';
    ");
}

#[test]
fn plan_between_branches_is_an_error() {
    let files = alembic_branch_and_merge();
    let r = run_owned(&["plan", "--from", "b2", "--to", "c3"], &files);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("error[unrelated-revisions]: `b2` and `c3`"),
        "{}",
        r.stderr
    );
}

#[test]
fn downgrade_through_a_migration_without_down_script_is_an_error_naming_it() {
    let files: &[(&str, &[u8])] = &[
        (
            "000001_users.up.sql",
            b"CREATE TABLE users (id integer PRIMARY KEY);",
        ),
        (
            "000002_email.up.sql",
            b"ALTER TABLE users ADD COLUMN email text;",
        ),
        (
            "000002_email.down.sql",
            b"ALTER TABLE users DROP COLUMN email;",
        ),
    ];
    let r = run(&["plan", "--from", "head", "--to", "base"], files);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "", "a partial script must not be printed");
    assert!(
        r.stderr
            .contains("error[missing-down-script]: migration `000001` has no down script"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help:"), "{}", r.stderr);
    // Down to the migration that has one works.
    let r = run(&["plan", "--from", "head", "--to", "000001"], files);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("DROP COLUMN email"), "{}", r.stdout);
}

#[test]
fn plan_help_describes_from_and_to() {
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["plan", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("--from")
            && help.contains("--to")
            && help.contains("alembic upgrade A:B --sql"),
        "{help}"
    );
}

/// The payload of a `strata link` line (the fragment after `#`).
fn link_payload(stdout: &str) -> strata_core::share::Payload {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one line, the link: {stdout}");
    strata_core::share::decode(lines[0]).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

const LINKED_SET: &[(&str, &[u8])] = &[
    (
        "001_users.sql",
        b"CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);",
    ),
    (
        "002_teams.sql",
        b"CREATE TABLE teams (id serial PRIMARY KEY, name text);",
    ),
    (
        "003_member.sql",
        b"ALTER TABLE users ADD COLUMN team_id int REFERENCES teams (id);",
    ),
];

#[test]
fn link_packs_every_file_and_the_view() {
    use strata_core::share::{Payload, View};
    let r = run(
        &[
            "link",
            "--from",
            "1",
            "--to",
            "head",
            "--table",
            "<script>alert(1)</script>",
        ],
        LINKED_SET,
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.starts_with("http://127.0.0.1:8080/#s1."),
        "{}",
        r.stdout
    );
    let chars = r.stdout.trim_end().len();
    assert!(
        r.stderr
            .contains(&format!("link: {chars} characters (every file: 3 files)")),
        "{}",
        r.stderr
    );
    let Payload::Files {
        folder,
        files,
        view,
    } = link_payload(&r.stdout)
    else {
        panic!("files form")
    };
    assert!(folder.is_some_and(|f| f.starts_with("strata-cli-")));
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["001_users.sql", "002_teams.sql", "003_member.sql"]);
    // Revisions are stored as their ids, so the link keeps meaning the same revisions.
    let expected = View {
        from: Some("001".into()),
        to: Some("003".into()),
        dialect: None,
        table: Some("<script>alert(1)</script>".into()),
    };
    assert_eq!(view, expected);
}

#[test]
fn link_range_only_reopens_to_the_same_schema() {
    use strata_core::share::{self, Payload};
    let r = run(
        &[
            "link",
            "--range-only",
            "--from",
            "001",
            "--base",
            "https://example.org/strata/",
            "--dialect",
            "postgres",
        ],
        LINKED_SET,
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.starts_with("https://example.org/strata/#s1."),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("range over the schema at 001: 2 files"),
        "{}",
        r.stderr
    );
    let payload = link_payload(&r.stdout);
    let Payload::Range {
        ref base_id,
        ref files,
        ref view,
        ..
    } = payload
    else {
        panic!("range form")
    };
    assert_eq!(base_id, "001");
    assert_eq!(
        files.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["002_teams.sql", "003_member.sql"]
    );
    assert_eq!(
        (view.from.as_deref(), view.to.as_deref()),
        (Some("001"), Some("003"))
    );
    let (inputs, config, _) = share::open(&payload);
    let opened = strata_core::load(inputs, &config);
    let direct = strata_core::load(
        LINKED_SET
            .iter()
            .map(|(p, c)| strata_core::InputFile::new(*p, *c))
            .collect(),
        &strata_core::Config::default(),
    );
    assert!(opened.diagnostics.is_empty(), "{:?}", opened.diagnostics);
    assert_eq!(
        opened.replay(opened.head()).schema,
        direct.replay(direct.head()).schema
    );
}

#[test]
fn link_of_a_long_set_suggests_the_range_form() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/postgres-numbered");
    let out = strata(&["link"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("note: over 8000 characters") && stderr.contains("--range-only"),
        "{stderr}"
    );
    let short = strata(&["link", "--range-only", "--from", "head~2"], &dir);
    let stderr = String::from_utf8_lossy(&short.stderr);
    assert!(!stderr.contains("note: over"), "{stderr}");
    assert!(short.stdout.len() < out.stdout.len());
}

#[test]
fn link_with_an_unknown_revision_is_a_usage_error() {
    let r = run(&["link", "--range-only", "--from", "999"], LINKED_SET);
    assert_eq!(r.code, Some(2), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("no revision `999`"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn a_pattern_in_strata_toml_or_on_the_command_line_reads_any_naming() {
    let files: &[(&str, &[u8])] = &[
        ("mig-1-init.pg", b"CREATE TABLE t (id int);"),
        ("mig-2-more.pg", b"CREATE TABLE u (id int);"),
    ];
    let r = run(&["check"], files);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("the folder holds `mig-1-init.pg`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(r"pattern = 'mig-(?P<version>"),
        "{}",
        r.stdout
    );
    let r = run(
        &[
            "history",
            "--pattern",
            r"mig-(?P<version>\d+)-(?P<name>\w+)\.pg",
        ],
        files,
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("layout: pattern (forced)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2  more  (head)"), "{}", r.stdout);
    let toml: &[u8] = br"pattern = 'mig-(?P<version>\d+)-(?P<name>\w+)\.pg'";
    let r = run(&["check"], &[files[0], files[1], ("strata.toml", toml)]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("2 migrations (pattern layout"),
        "{}",
        r.stdout
    );
}

#[test]
fn dialect_mariadb_and_mysql_pick_the_flavour() {
    // MySQL 8 ignores an inline REFERENCES; MariaDB (also the default) creates the key.
    let set: &[(&str, &[u8])] = &[(
        "001_a.sql",
        b"CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int, pid int REFERENCES p (id));",
    )];
    for (args, warnings) in [
        (&["check", "--dialect", "mariadb"][..], 0),
        (&["check", "--dialect", "MariaDB"][..], 0),
        (&["check", "--dialect", "mysql"][..], 1),
    ] {
        let r = run(args, set);
        assert_eq!(r.code, Some(0), "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains(&format!("0 errors, {warnings} warnings")),
            "{args:?}: {}",
            r.stdout
        );
        assert_eq!(
            r.stdout.contains("inline-references-ignored"),
            warnings == 1,
            "{args:?}: {}",
            r.stdout
        );
    }
    // strata.toml says it the same way; the flag wins over the file.
    let toml: &[(&str, &[u8])] = &[set[0], ("strata.toml", b"dialect = \"mysql\"\n")];
    let r = run(&["check"], toml);
    assert!(
        r.stdout.contains("inline-references-ignored"),
        "{}",
        r.stdout
    );
    let r = run(&["check", "--dialect", "mariadb"], toml);
    assert!(r.stdout.contains("0 warnings"), "{}", r.stdout);
    let r = run(&["check", "--dialect", "maria"], set);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("postgres, mysql, mariadb or sqlite"),
        "{}",
        r.stderr
    );
}
