//! Normalization keeps what carries meaning, end to end through parse, simulate and render
//! (the same facts are checked on the real servers in crates/db/tests/normalize.rs).

use strata_core::render::{render_ops, render_schema};
use strata_core::schema::QualifiedName;
use strata_core::{load, Config, Dialect, InputFile, Schema};

/// The schema after each of `files` (numbered SQL), with each migration's SQL rendered (as
/// `strata plan` prints it).
fn replay(dialect: Dialect, files: &[(&str, &str)]) -> Vec<(Schema, String)> {
    let project = load(
        files
            .iter()
            .map(|(p, t)| InputFile::new(*p, t.as_bytes()))
            .collect(),
        &Config {
            dialect: Some(dialect),
            ..Config::default()
        },
    );
    let order = &project.graph.order;
    let mut before = Schema::new(dialect);
    let mut out = Vec::new();
    for k in 0..order.len() {
        let replay = project.replay_path(&order[..=k]);
        assert!(replay.diagnostics.is_empty(), "{:?}", replay.diagnostics);
        let ops: Vec<_> = project.migrations[order[k]]
            .up
            .iter()
            .map(|o| o.value.clone())
            .collect();
        let sql = render_ops(&ops, &before, dialect);
        before = replay.schema.clone();
        out.push((replay.schema, sql));
    }
    out
}

fn default_of(s: &Schema, table: &str, column: &str) -> Option<String> {
    s.tables[&QualifiedName::new(table)]
        .column(column)
        .and_then(|c| c.default.clone())
}

#[test]
fn using_cast_is_rendered_back() {
    let r = replay(
        Dialect::Postgres,
        &[
            ("001_a.sql", "CREATE TABLE h (ip text, port text);"),
            (
                "002_b.sql",
                "ALTER TABLE h ALTER COLUMN ip TYPE inet USING ip::inet;\n\
                 ALTER TABLE h ALTER COLUMN port TYPE integer USING port::integer;\n\
                 ALTER TABLE h ALTER COLUMN port SET DEFAULT '80';",
            ),
        ],
    );
    assert!(r[1].1.contains("USING ip::inet"), "{}", r[1].1);
    assert!(r[1].1.contains("USING port::integer"), "{}", r[1].1);
    assert_eq!(default_of(&r[1].0, "h", "port").as_deref(), Some("80"));
}

#[test]
fn extension_type_default_renders_as_a_string() {
    let r = replay(
        Dialect::Postgres,
        &[(
            "001_a.sql",
            "CREATE EXTENSION ltree;\n\
             CREATE TABLE c (path ltree DEFAULT '0'::ltree, zip text DEFAULT 0, n int DEFAULT '5', \
             ratio numeric(3,2) DEFAULT 0.70);",
        )],
    );
    let sql = render_schema(&r[0].0, Dialect::Postgres);
    for part in [
        "path ltree DEFAULT '0'",
        "zip text DEFAULT '0'",
        "n integer DEFAULT 5",
        "ratio numeric(3,2) DEFAULT 0.70",
    ] {
        assert!(sql.contains(part), "{part} in\n{sql}");
    }
}

#[test]
fn index_key_options_are_rendered() {
    let r = replay(
        Dialect::Postgres,
        &[(
            "001_a.sql",
            "CREATE TABLE d (t text, cfg jsonb, n int);\n\
             CREATE INDEX d_cfg ON d USING gin (cfg jsonb_path_ops);\n\
             CREATE INDEX d_t ON d (t COLLATE \"C\" text_pattern_ops DESC NULLS LAST, n NULLS FIRST, (lower(t)) text_ops DESC NULLS FIRST) INCLUDE (n);",
        )],
    );
    let sql = render_schema(&r[0].0, Dialect::Postgres);
    assert!(
        sql.contains("CREATE INDEX d_cfg ON d USING gin (cfg jsonb_path_ops);"),
        "{sql}"
    );
    assert!(
        sql.contains(
            "CREATE INDEX d_t ON d (t COLLATE \"C\" text_pattern_ops DESC NULLS LAST, n NULLS FIRST, (lower(t)) DESC) INCLUDE (n);"
        ),
        "{sql}"
    );
}

#[test]
fn set_schema_moves_owned_sequences_and_renders_as_set_schema() {
    let r = replay(
        Dialect::Postgres,
        &[
            (
                "001_a.sql",
                "CREATE SCHEMA app;\nCREATE TABLE \"Movers\" (id serial PRIMARY KEY);",
            ),
            ("002_b.sql", "ALTER TABLE \"Movers\" SET SCHEMA app;"),
        ],
    );
    assert_eq!(
        default_of(&r[0].0, "Movers", "id").as_deref(),
        Some("nextval('\"Movers_id_seq\"')")
    );
    let head = &r[1].0;
    let moved = QualifiedName::qualified("app", "Movers_id_seq");
    assert!(head.sequences.contains_key(&moved), "{:?}", head.sequences);
    let table = &head.tables[&QualifiedName::qualified("app", "Movers")];
    assert_eq!(
        table.column("id").and_then(|c| c.default.as_deref()),
        Some("nextval('app.\"Movers_id_seq\"')")
    );
    assert_eq!(r[1].1.trim(), "ALTER TABLE \"Movers\" SET SCHEMA app;");
    let sql = render_schema(head, Dialect::Postgres);
    assert!(
        sql.contains("ALTER SEQUENCE app.\"Movers_id_seq\" OWNED BY app.\"Movers\".id;"),
        "{sql}"
    );
}

#[test]
fn sqlite_check_stays_as_written() {
    let r = replay(
        Dialect::Sqlite,
        &[(
            "001_a.sql",
            "CREATE TABLE s (x INTEGER CHECK (x BETWEEN 0 AND 2), code TEXT DEFAULT '0', r NUMERIC DEFAULT 0.50);",
        )],
    );
    let sql = render_schema(&r[0].0, Dialect::Sqlite);
    for part in ["CHECK (x between 0 and 2)", "DEFAULT '0'", "DEFAULT 0.50"] {
        assert!(sql.contains(part), "{part} in\n{sql}");
    }
}

#[test]
fn key_options_a_dialect_lacks_are_left_out_with_a_note() {
    let r = replay(
        Dialect::Postgres,
        &[(
            "001_a.sql",
            "CREATE TABLE d (t text);\n\
             CREATE INDEX d_t ON d (t COLLATE \"C\" text_pattern_ops NULLS FIRST);",
        )],
    );
    let sqlite = render_schema(&r[0].0, Dialect::Sqlite);
    assert!(
        sqlite.contains("CREATE INDEX d_t ON d (t COLLATE C);"),
        "{sqlite}"
    );
    assert!(sqlite.contains("key options"), "{sqlite}");
    let mysql = render_schema(&r[0].0, Dialect::Mysql);
    assert!(mysql.contains("CREATE INDEX d_t ON d (t);"), "{mysql}");
    assert!(!mysql.contains("text_pattern_ops"), "{mysql}");
    assert!(mysql.contains("key options"), "{mysql}");
}
