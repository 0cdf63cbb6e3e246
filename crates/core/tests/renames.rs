//! Renames between two revisions, followed through the migrations' ops (`Project::renames`) and
//! kept by `diff_with` / `summarize_with`: chains, backward ranges, branches, swaps, a rename
//! followed by a new object under the old name. Every diff's SQL is also replayed on the older
//! schema by the simulator and must give the newer one.

use strata_core::diagnostic::Severity;
use strata_core::diff::{diff, diff_with, render_text, summarize_with};
use strata_core::parse::parse_sql;
use strata_core::render::render_ops;
use strata_core::simulate;
use strata_core::source::InputFile;
use strata_core::{load, Config, Dialect, Project, Schema};

fn project(dialect: Dialect, files: &[(&str, &str)]) -> Project {
    let files = files
        .iter()
        .map(|(p, c)| InputFile::new(*p, c.as_bytes()))
        .collect();
    let p = load(
        files,
        &Config {
            dialect: Some(dialect),
            ..Config::default()
        },
    );
    let errors: Vec<_> = p
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    p
}

/// The SQL and the text summary of `diff --from a --to b`, after checking that the ops replay
/// from a's schema to b's.
fn range(p: &Project, a: &str, b: &str) -> (String, String) {
    let (ra, rb) = (p.resolve(a).unwrap(), p.resolve(b).unwrap());
    let (from, to) = (p.replay(ra).schema, p.replay(rb).schema);
    let renames = p.renames(ra, rb, &from, &to);
    let ops = diff_with(&from, &to, &renames);
    let sql = render_ops(&ops, &from, p.dialect);
    // Replayed as the SQL it renders to (SQLite's table rebuilds exist only there).
    let (parsed, mut diags) = parse_sql(&sql, 0, 0, p.dialect);
    let mut replayed = from.clone();
    for op in &parsed {
        simulate::apply(&mut replayed, op, &mut diags);
    }
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{a} → {b}: {diags:?}"
    );
    assert_same(&replayed, &to, &format!("{a} → {b}"));
    (sql, render_text(&summarize_with(&from, &to, &renames)))
}

/// Equal up to the order of columns (PostgreSQL and SQLite append a column a diff adds).
fn assert_same(got: &Schema, want: &Schema, what: &str) {
    let sorted = |s: &Schema| {
        let mut s = s.clone();
        for t in s.tables.values_mut() {
            t.columns.sort_by(|a, b| a.name.cmp(&b.name));
        }
        s
    };
    assert_eq!(sorted(got), sorted(want), "{what}");
}

const CHAIN: &[(&str, &str)] = &[
    (
        "001_create.sql",
        "CREATE TABLE t (id serial PRIMARY KEY, a text NOT NULL);\n\
         CREATE INDEX t_a_idx ON t (a);",
    ),
    (
        "002_rename.sql",
        "ALTER TABLE t RENAME TO u;\nALTER TABLE u RENAME COLUMN a TO b;",
    ),
    (
        "003_rename_again.sql",
        "ALTER TABLE u RENAME TO v;\nALTER TABLE v RENAME COLUMN b TO c;\n\
         ALTER TABLE v ADD COLUMN d integer;",
    ),
];

#[test]
fn a_chain_of_renames_is_one_rename() {
    let p = project(Dialect::Postgres, CHAIN);
    let (sql, text) = range(&p, "001", "003");
    assert_eq!(
        sql,
        "ALTER TABLE t RENAME TO v;\n\
         ALTER TABLE v RENAME COLUMN a TO c;\n\
         ALTER TABLE v ADD COLUMN d integer;\n"
    );
    assert_eq!(
        text,
        "~ table t → v\n  ~ column a → c\n  + column d integer\n"
    );
    // The plain diff, without the range, still never guesses.
    let (from, to) = (
        p.replay(p.resolve("001").unwrap()).schema,
        p.replay(p.resolve("003").unwrap()).schema,
    );
    let plain = render_ops(&diff(&from, &to), &from, Dialect::Postgres);
    assert!(plain.contains("DROP TABLE t;"), "{plain}");
}

#[test]
fn a_backward_range_renames_back() {
    let p = project(Dialect::Postgres, CHAIN);
    let (sql, text) = range(&p, "003", "001");
    assert_eq!(
        sql,
        "ALTER TABLE v RENAME TO t;\n\
         ALTER TABLE t RENAME COLUMN c TO a;\n\
         ALTER TABLE t DROP COLUMN d;\n"
    );
    assert!(
        text.starts_with("~ table v → t\n  ~ column c → a\n"),
        "{text}"
    );
    // The sequence and index keep their names, as PostgreSQL keeps them.
    assert!(!sql.contains("SEQUENCE") && !sql.contains("INDEX"), "{sql}");
}

#[test]
fn a_rename_then_a_new_table_under_the_old_name() {
    let files = &[
        (
            "001_create.sql",
            "CREATE TABLE t (id integer PRIMARY KEY, name text);",
        ),
        (
            "002_replace.sql",
            "ALTER TABLE t RENAME TO t_old;\nCREATE TABLE t (id integer PRIMARY KEY, title text);",
        ),
    ];
    for dialect in Dialect::ALL {
        let p = project(dialect, files);
        let (sql, _) = range(&p, "001", "002");
        assert!(
            sql.starts_with("ALTER TABLE t RENAME TO t_old;\nCREATE TABLE t ("),
            "{dialect}: {sql}"
        );
        let (sql, text) = range(&p, "002", "001");
        assert!(
            sql.starts_with("DROP TABLE t;\nALTER TABLE t_old RENAME TO t;"),
            "{dialect}: {sql}"
        );
        assert!(
            text.contains("- table t\n") && text.contains("~ table t_old → t\n"),
            "{text}"
        );
    }
}

#[test]
fn swapped_names_go_through_a_temporary_name() {
    let p = project(
        Dialect::Postgres,
        &[
            (
                "001_create.sql",
                "CREATE TABLE a (x integer);\nCREATE TABLE b (y integer);",
            ),
            (
                "002_swap.sql",
                "ALTER TABLE a RENAME TO tmp;\nALTER TABLE b RENAME TO a;\nALTER TABLE tmp RENAME TO b;",
            ),
        ],
    );
    for (from, to) in [("001", "002"), ("002", "001")] {
        let (sql, text) = range(&p, from, to);
        assert!(
            sql.contains("_strata_tmp") && !sql.contains("DROP"),
            "{sql}"
        );
        // Ordered by the new name.
        assert_eq!(text, "~ table b → a\n~ table a → b\n");
    }
}

#[test]
fn other_renamed_objects() {
    let p = project(
        Dialect::Postgres,
        &[
            (
                "001_create.sql",
                "CREATE TYPE mood AS ENUM ('sad', 'ok');\n\
                 CREATE SEQUENCE counter;\n\
                 CREATE TABLE t (id integer CONSTRAINT t_pk PRIMARY KEY, m mood, n integer CONSTRAINT n_positive CHECK (n > 0),\n\
                     CONSTRAINT t_m_key UNIQUE (m));\n\
                 CREATE INDEX t_n ON t (n);\n\
                 CREATE VIEW t_view AS SELECT id FROM t;",
            ),
            (
                "002_rename.sql",
                "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\n\
                 ALTER TYPE mood RENAME TO feeling;\n\
                 ALTER SEQUENCE counter RENAME TO tally;\n\
                 ALTER TABLE t RENAME CONSTRAINT n_positive TO n_above_zero;\n\
                 ALTER TABLE t RENAME CONSTRAINT t_pk TO t_pkey;\n\
                 ALTER INDEX t_n RENAME TO t_n_idx;\n\
                 ALTER INDEX t_m_key RENAME TO t_mood_key;\n\
                 ALTER VIEW t_view RENAME TO t_ids;",
            ),
        ],
    );
    let (sql, text) = range(&p, "001", "002");
    for want in [
        "ALTER SEQUENCE counter RENAME TO tally;",
        "ALTER VIEW t_view RENAME TO t_ids;",
        "ALTER TYPE mood RENAME TO feeling;",
        "ALTER TABLE t RENAME CONSTRAINT n_positive TO n_above_zero;",
        "ALTER TABLE t RENAME CONSTRAINT t_pk TO t_pkey;",
        "ALTER INDEX t_n RENAME TO t_n_idx;",
        "ALTER TABLE t RENAME CONSTRAINT t_m_key TO t_mood_key;",
        "ALTER TYPE feeling RENAME VALUE 'ok' TO 'fine';",
    ] {
        assert!(sql.contains(want), "{want} missing from:\n{sql}");
    }
    assert!(!sql.contains("DROP") && !sql.contains("CREATE"), "{sql}");
    assert!(
        text.contains("~ enum mood → feeling\n  ~ value ok → fine\n"),
        "{text}"
    );
    range(&p, "002", "001");
}

/// Alembic revisions: `r1` creates `t`; `r2a` renames it and `r2b`, on another branch, adds a
/// table; `r3a` renames a column on the first branch.
fn branches() -> Project {
    let rev = |id: &str, down: &str, up: &str, undo: &str| {
        format!(
            "revision = '{id}'\ndown_revision = {down}\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\
             def upgrade():\n    {up}\n\ndef downgrade():\n    {undo}\n"
        )
    };
    let files = [
        (
            "versions/r1_t.py",
            rev(
                "r1",
                "None",
                "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Text()))",
                "op.drop_table('t')",
            ),
        ),
        (
            "versions/r2a_rename.py",
            rev("r2a", "'r1'", "op.rename_table('t', 'u')", "op.rename_table('u', 't')"),
        ),
        (
            "versions/r3a_column.py",
            rev(
                "r3a",
                "'r2a'",
                "op.alter_column('u', 'a', new_column_name='b')",
                "op.alter_column('u', 'b', new_column_name='a')",
            ),
        ),
        (
            "versions/r2b_other.py",
            rev(
                "r2b",
                "'r1'",
                "op.create_table('x', sa.Column('id', sa.Integer(), primary_key=True))",
                "op.drop_table('x')",
            ),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (*p, c.as_str())).collect();
    project(Dialect::Postgres, &files)
}

#[test]
fn revisions_on_different_branches_meet_at_their_common_ancestor() {
    let p = branches();
    let (sql, text) = range(&p, "r3a", "r2b");
    assert!(
        sql.starts_with("ALTER TABLE u RENAME TO t;\nALTER TABLE t RENAME COLUMN b TO a;\n"),
        "{sql}"
    );
    assert!(sql.contains("CREATE TABLE x"), "{sql}");
    assert!(text.contains("~ table u → t\n  ~ column b → a\n"), "{text}");
    let (sql, _) = range(&p, "r2b", "r3a");
    assert!(
        sql.starts_with(
            "DROP TABLE x;\nALTER TABLE t RENAME TO u;\nALTER TABLE u RENAME COLUMN a TO b;\n"
        ) || sql.contains("ALTER TABLE t RENAME TO u;\nALTER TABLE u RENAME COLUMN a TO b;\n"),
        "{sql}"
    );
    // From the common ancestor itself, and to it.
    let (sql, _) = range(&p, "r1", "r3a");
    assert!(sql.starts_with("ALTER TABLE t RENAME TO u;"), "{sql}");
    let (sql, _) = range(&p, "r3a", "base");
    assert!(sql.starts_with("DROP TABLE u;"), "{sql}");
}

#[test]
fn a_renamed_column_that_also_changes() {
    let p = project(
        Dialect::Mysql,
        &[
            (
                "001_create.sql",
                "CREATE TABLE t (id int PRIMARY KEY, a varchar(10), UNIQUE KEY t_a (a));",
            ),
            (
                "002_change.sql",
                "ALTER TABLE t CHANGE a b varchar(20) NOT NULL;\nALTER TABLE t RENAME INDEX t_a TO t_b;\nRENAME TABLE t TO s;",
            ),
        ],
    );
    let (sql, text) = range(&p, "001", "002");
    assert!(
        sql.starts_with(
            "ALTER TABLE t RENAME TO s;\nALTER TABLE s RENAME COLUMN a TO b;\nALTER TABLE s RENAME INDEX t_a TO t_b;\n"
        ),
        "{sql}"
    );
    assert!(!sql.contains("DROP"), "{sql}");
    assert!(text.contains("~ table t → s\n"), "{text}");
    range(&p, "002", "001");
}

/// Regression: removing an enum value re-creates the type, and PostgreSQL refused the column's
/// conversion while a partial index (or CHECK) compared it with constants of the old type
/// (`operator does not exist: task_state = task_state_strata_old`). They are now dropped
/// before the conversion and created again after.
#[test]
fn an_enum_loses_a_value_under_a_partial_index() {
    let p = project(
        Dialect::Postgres,
        &[
            (
                "001_create.sql",
                "CREATE TYPE task_state AS ENUM ('queued', 'running', 'done');\n\
                 CREATE TABLE tasks (id serial PRIMARY KEY, state task_state NOT NULL DEFAULT 'queued',\n\
                     CONSTRAINT tasks_not_done CHECK (state <> 'done'));\n\
                 CREATE INDEX tasks_open_idx ON tasks (id) WHERE state IN ('queued', 'running');",
            ),
            ("002_more.sql", "ALTER TYPE task_state ADD VALUE 'cancelled';"),
        ],
    );
    let (sql, _) = range(&p, "002", "001");
    let drop = sql.find("DROP INDEX tasks_open_idx;").expect(&sql);
    let convert = sql.find("ALTER COLUMN state TYPE task_state").expect(&sql);
    let create = sql.find("CREATE INDEX tasks_open_idx").expect(&sql);
    assert!(drop < convert && convert < create, "{sql}");
    assert!(sql.contains("DROP CONSTRAINT tasks_not_done"), "{sql}");
}

/// Backward over a rename followed by a new table under the old name that another table
/// references: the new table and the foreign key to it go first, then the old one takes its name
/// back, its own foreign keys following it.
#[test]
fn the_table_in_the_way_is_referenced() {
    let files = &[
        (
            "001_create.sql",
            "CREATE TABLE t (id integer PRIMARY KEY);\n\
             CREATE TABLE u (id integer PRIMARY KEY, t_id integer REFERENCES t (id));",
        ),
        (
            "002_replace.sql",
            "ALTER TABLE t RENAME TO t_old;\n\
             CREATE TABLE t (id integer PRIMARY KEY);\n\
             ALTER TABLE u ADD COLUMN new_t_id integer REFERENCES t (id);",
        ),
    ];
    for dialect in Dialect::ALL {
        let p = project(dialect, files);
        let (sql, _) = range(&p, "002", "001");
        assert!(sql.contains("RENAME TO t;"), "{dialect}: {sql}");
        let (sql, _) = range(&p, "001", "002");
        assert!(sql.contains("RENAME TO t_old;"), "{dialect}: {sql}");
    }
}
