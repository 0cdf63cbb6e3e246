//! Findings of the generative fidelity harness (`crates/fidelity`), each checked on the real
//! server there (`tests/cases/<name>/`); here the simulator's side, without a database.

use strata_core::diff::diff;
use strata_core::render::render_ops;
use strata_core::{load, Config, Dialect, InputFile, Schema};

fn replay(dialect: Dialect, files: &[(&str, &str)]) -> Schema {
    let files = files.iter().map(|(p, t)| InputFile::new(*p, *t)).collect();
    let project = load(
        files,
        &Config {
            dialect: Some(dialect),
            ..Config::default()
        },
    );
    project.replay_all().schema
}

/// tests/cases/pg-type-change-resets-collation: PostgreSQL gives a retyped column the new
/// type's default collation unless the statement says `COLLATE`.
#[test]
fn postgres_type_change_resets_the_collation() {
    let create = "CREATE TABLE t (a varchar(10) COLLATE \"C\", b varchar(10) COLLATE \"C\");";
    let schema = replay(
        Dialect::Postgres,
        &[
            ("001_t.sql", create),
            (
                "002_retype.sql",
                "ALTER TABLE t ALTER COLUMN a TYPE varchar(20);\n\
                 ALTER TABLE t ALTER COLUMN b TYPE varchar(20) COLLATE \"C\";",
            ),
        ],
    );
    let t = schema.tables.values().next().expect("table t");
    assert_eq!(t.column("a").and_then(|c| c.collation.clone()), None);
    assert_eq!(
        t.column("b").and_then(|c| c.collation.as_deref()),
        Some("C")
    );
    // The diff SQL restates the collation along with the type, or the database drops it.
    let widened = replay(Dialect::Postgres, &[("001_t.sql", create)]);
    let mut target = widened.clone();
    if let Some(t) = target.tables.values_mut().next() {
        for c in &mut t.columns {
            c.ty = strata_core::schema::DataType::Varchar(Some(30));
        }
    }
    let sql2 = render_ops(&diff(&widened, &target), &widened, Dialect::Postgres);
    assert!(sql2.contains("COLLATE"), "{sql2}");
}

fn keys(schema: &Schema) -> Vec<String> {
    schema
        .tables
        .values()
        .flat_map(|t| &t.constraints)
        .map(|c| format!("{} {:?}", c.name, c.kind))
        .collect()
}

/// tests/cases/pg-duplicate-unique-in-create-table: PostgreSQL makes one index of identical key
/// constraints in one CREATE TABLE; the named one lends its name to an unnamed survivor.
#[test]
fn postgres_create_table_keeps_one_of_identical_keys() {
    let schema = replay(
        Dialect::Postgres,
        &[(
            "001_t.sql",
            "CREATE TABLE t (a int PRIMARY KEY UNIQUE, b int[] UNIQUE, CONSTRAINT uq_b UNIQUE (b), c int, UNIQUE (c), UNIQUE (c));",
        )],
    );
    let k = keys(&schema);
    assert_eq!(k.len(), 3, "{k:?}");
    assert!(k[0].starts_with("t_pkey PrimaryKey"), "{k:?}");
    assert!(k[1].starts_with("uq_b Unique"), "{k:?}");
    assert!(k[2].starts_with("t_c_key Unique"), "{k:?}");
    // Added later, a duplicate is a second constraint.
    let later = replay(
        Dialect::Postgres,
        &[
            ("001_t.sql", "CREATE TABLE t (a int UNIQUE);"),
            ("002_u.sql", "ALTER TABLE t ADD CONSTRAINT uq_a UNIQUE (a);"),
        ],
    );
    assert_eq!(keys(&later).len(), 2, "{:?}", keys(&later));
}

/// SQLite: the same, without names (UNIQUE beside an INTEGER PRIMARY KEY is not a duplicate:
/// the rowid has no index).
#[test]
fn sqlite_create_table_keeps_one_of_identical_uniques() {
    let schema = replay(
        Dialect::Sqlite,
        &[(
            "001_t.sql",
            "CREATE TABLE t (id INTEGER PRIMARY KEY UNIQUE, a int UNIQUE, CONSTRAINT uq_a UNIQUE (a));",
        )],
    );
    let k = keys(&schema);
    assert_eq!(k.len(), 3, "{k:?}");
}

/// tests/cases/rename-column-in-generated-expression: renaming a column a generated column is
/// computed from rewrites the generation expression (PostgreSQL, MariaDB and SQLite alike).
#[test]
fn renamed_column_is_renamed_in_generation_expressions() {
    for (d, gen) in [
        (Dialect::Postgres, "STORED"),
        (Dialect::Mysql, "VIRTUAL"),
        (Dialect::Sqlite, "VIRTUAL"),
    ] {
        let schema = replay(
            d,
            &[
                (
                    "001_t.sql",
                    &*format!("CREATE TABLE t (a integer NOT NULL, g bigint GENERATED ALWAYS AS (a * 2) {gen});"),
                ),
                ("002_r.sql", "ALTER TABLE t RENAME COLUMN a TO b;"),
            ],
        );
        let t = schema.tables.values().next().expect("table t");
        let g = t
            .column("g")
            .and_then(|c| c.generated.clone())
            .expect("generated");
        assert_eq!(g.expr, "b * 2", "{d}");
    }
}
