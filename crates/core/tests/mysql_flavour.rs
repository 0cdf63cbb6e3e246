//! The MySQL family's two flavours (MariaDB, the default, and MySQL 8) and the findings of
//! issue 9 they settle. The same sets run against the real MariaDB in
//! `crates/db/tests/mysql_flavour.rs`.

use strata_core::dialect::choose_dialect;
use strata_core::diff::diff;
use strata_core::render::{render_ops, render_schema};
use strata_core::schema::{ConstraintKind, DataType};
use strata_core::{
    load, Config, Diagnostic, Dialect, Flavor, InputFile, Revision, Schema, Severity,
};

fn replay(files: &[(&str, &str)], flavor: Option<Flavor>) -> (Schema, Vec<Diagnostic>) {
    let files = files.iter().map(|(p, t)| InputFile::new(*p, *t)).collect();
    let config = Config {
        dialect: Some(Dialect::Mysql),
        flavor,
        ..Config::default()
    };
    let project = load(files, &config);
    let mut replay = project.replay_all();
    replay.diagnostics.extend(project.diagnostics);
    (replay.schema, replay.diagnostics)
}

fn codes(diags: &[Diagnostic], severity: Severity) -> Vec<&'static str> {
    diags
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.code)
        .collect()
}

fn mariadb(sql: &str) -> (Schema, Vec<Diagnostic>) {
    replay(&[("001_a.sql", sql)], None)
}

#[test]
fn dialect_names_pick_the_flavour() {
    assert_eq!(
        choose_dialect("mariadb"),
        Ok((Dialect::Mysql, Some(Flavor::Mariadb)))
    );
    assert_eq!(
        choose_dialect("MySQL"),
        Ok((Dialect::Mysql, Some(Flavor::Mysql)))
    );
    assert_eq!(choose_dialect("pg"), Ok((Dialect::Postgres, None)));
    assert!(choose_dialect("oracle").is_err());
    // An unconfigured set is simulated as MariaDB, the server the rules are checked against.
    let (schema, _) = mariadb("CREATE TABLE t (id int);");
    assert_eq!(schema.flavor, Flavor::Mariadb);
}

#[test]
fn on_update_is_parsed_simulated_rendered_and_diffed() {
    let (before, diags) = mariadb(
        "CREATE TABLE t (id int, changed timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, \
         touched datetime(3) NULL ON UPDATE CURRENT_TIMESTAMP(3));",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let t = &before.tables.values().next().expect("table t");
    assert_eq!(t.columns[1].on_update.as_deref(), Some("current_timestamp"));
    assert_eq!(
        t.columns[2].on_update.as_deref(),
        Some("current_timestamp(3)")
    );
    let sql = render_schema(&before, Dialect::Mysql);
    assert!(
        sql.contains("DEFAULT current_timestamp ON UPDATE current_timestamp NOT NULL"),
        "{sql}"
    );
    let mut after = before.clone();
    if let Some(t) = after.tables.values_mut().next() {
        t.columns[2].on_update = None;
    }
    let sql = render_ops(&diff(&before, &after), &before, Dialect::Mysql);
    assert_eq!(
        sql.trim(),
        "ALTER TABLE t MODIFY COLUMN touched datetime(3);"
    );
}

#[test]
fn column_names_are_case_insensitive() {
    let (schema, diags) = mariadb(
        "CREATE TABLE parent (Id int PRIMARY KEY);\n\
         CREATE TABLE child (id int PRIMARY KEY, target_Id int, note int, \
           FOREIGN KEY (target_id) REFERENCES parent (ID), KEY (NOTE), CHECK (Target_id > 0));\n\
         ALTER TABLE child MODIFY NOTE bigint, ADD COLUMN extra int AFTER ID;\n\
         CREATE INDEX child_extra ON child (Extra);\n\
         ALTER TABLE child DROP COLUMN EXTRA;",
    );
    assert!(codes(&diags, Severity::Error).is_empty(), "{diags:?}");
    let child = schema
        .tables
        .values()
        .find(|t| t.name.name == "child")
        .expect("child");
    let names: Vec<&str> = child.columns.iter().map(|c| c.name.as_str()).collect();
    // MODIFY takes the spelling it is given; everything else keeps the declared one.
    assert_eq!(names, ["id", "target_Id", "NOTE"]);
    let fk = child
        .constraints
        .iter()
        .find_map(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) => Some(fk),
            _ => None,
        })
        .expect("foreign key");
    assert_eq!(
        (fk.columns.as_slice(), fk.ref_columns.as_slice()),
        (&["target_Id".to_string()][..], &["Id".to_string()][..])
    );
    let check = child.constraints.iter().find_map(|c| match &c.kind {
        ConstraintKind::Check { expr } => Some(expr.as_str()),
        _ => None,
    });
    assert_eq!(check, Some("target_Id > 0"));

    // Another case of an existing name is the same column: a duplicate.
    let (_, diags) = mariadb("CREATE TABLE u (a int, A int);");
    assert_eq!(codes(&diags, Severity::Error), ["duplicate-column"]);
    let (_, diags) = mariadb("CREATE TABLE u (a int);\nALTER TABLE u ADD COLUMN A int;");
    assert_eq!(codes(&diags, Severity::Error), ["duplicate-column"]);
    // Renaming a column to another case of its own name is allowed.
    let (_, diags) = mariadb("CREATE TABLE u (a int);\nALTER TABLE u RENAME COLUMN A TO A;");
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn foreign_key_checks_off_lasts_until_the_end_of_its_script() {
    let (schema, diags) = replay(
        &[
            (
                "001_a.sql",
                "SET FOREIGN_KEY_CHECKS = 0;\n\
                 CREATE TABLE child (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES parent (id));\n\
                 CREATE TABLE parent (id int PRIMARY KEY);\n\
                 DROP TABLE parent;",
            ),
            (
                "002_b.sql",
                "CREATE TABLE other (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES nowhere (id));",
            ),
        ],
        None,
    );
    // The first script runs with the checks off; the second in a new session, with them on.
    assert_eq!(codes(&diags, Severity::Error), ["unknown-table"]);
    assert!(diags[0].span.is_some_and(|s| s.file == 1), "{diags:?}");
    assert!(schema.tables.keys().any(|k| k.name == "child"));
    assert!(!schema.tables.keys().any(|k| k.name == "parent"));
    // A referenced table cannot be dropped with the checks on.
    let (_, diags) = mariadb(
        "CREATE TABLE parent (id int PRIMARY KEY);\n\
         CREATE TABLE child (id int, pid int, FOREIGN KEY (pid) REFERENCES parent (id));\n\
         DROP TABLE parent;",
    );
    assert_eq!(codes(&diags, Severity::Error).len(), 1, "{diags:?}");
    // Rendered for MySQL, the setting is kept.
    let sql = "SET FOREIGN_KEY_CHECKS = 0;\nCREATE TABLE a (id int);\nSET FOREIGN_KEY_CHECKS = 1;";
    let files = vec![InputFile::new("001_a.sql", sql)];
    let project = load(
        files,
        &Config {
            dialect: Some(Dialect::Mysql),
            ..Config::default()
        },
    );
    let plan = strata_core::plan::plan(&project, Revision::Base, Revision::At(0));
    let text = plan.map(|p| p.text).unwrap_or_default();
    assert!(text.contains("SET FOREIGN_KEY_CHECKS = 0;"), "{text}");
}

#[test]
fn inline_references_make_a_key_on_mariadb_only() {
    let sql = "CREATE TABLE parent (id int PRIMARY KEY);\n\
               CREATE TABLE child (id int PRIMARY KEY, pid int REFERENCES parent (id));";
    let fks = |schema: &Schema| {
        schema
            .tables
            .values()
            .flat_map(|t| &t.constraints)
            .filter(|c| matches!(c.kind, ConstraintKind::ForeignKey(_)))
            .count()
    };
    let (schema, diags) = replay(&[("001_a.sql", sql)], Some(Flavor::Mariadb));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(fks(&schema), 1);
    let (schema, diags) = replay(&[("001_a.sql", sql)], Some(Flavor::Mysql));
    assert_eq!(
        codes(&diags, Severity::Warning),
        ["inline-references-ignored"]
    );
    assert_eq!(fks(&schema), 0);
    // The generated index goes with the key.
    let child = schema.tables.values().find(|t| t.name.name == "child");
    assert!(child.is_some_and(|t| t.indexes.is_empty()));
}

#[test]
fn json_is_longtext_with_a_column_level_check_on_mariadb_only() {
    let sql = "CREATE TABLE t (id int, doc json, n int CHECK (n > 0));";
    let (schema, diags) = replay(&[("001_a.sql", sql)], None);
    assert!(diags.is_empty(), "{diags:?}");
    let t = schema.tables.values().next().expect("t");
    assert_eq!(t.columns[1].ty, DataType::SizedText("longtext".into()));
    assert_eq!(t.columns[1].collation.as_deref(), Some("utf8mb4_bin"));
    let names: Vec<&str> = t.constraints.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["doc", "n"]);
    // Column-level checks are written on their column, as MariaDB shows them.
    let rendered = render_schema(&schema, Dialect::Mysql);
    assert!(
        rendered.contains("doc longtext COLLATE utf8mb4_bin CHECK (json_valid(doc)),")
            && rendered.contains("n int(11) CHECK (n > 0)")
            && !rendered.contains("CONSTRAINT"),
        "{rendered}"
    );
    // MODIFY replaces the column's own check; it cannot be dropped by name.
    let (schema, _) = replay(
        &[
            ("001_a.sql", sql),
            (
                "002_b.sql",
                "ALTER TABLE t MODIFY doc longtext, MODIFY n bigint;",
            ),
        ],
        None,
    );
    assert!(schema.tables.values().all(|t| t.constraints.is_empty()));
    let (_, diags) = replay(
        &[
            ("001_a.sql", sql),
            ("002_b.sql", "ALTER TABLE t DROP CONSTRAINT doc;"),
        ],
        None,
    );
    assert_eq!(codes(&diags, Severity::Error), ["unknown-constraint"]);

    // MySQL 8 has a native JSON type.
    let (schema, diags) = replay(
        &[("001_a.sql", "CREATE TABLE t (doc json);")],
        Some(Flavor::Mysql),
    );
    assert!(diags.is_empty(), "{diags:?}");
    let t = schema.tables.values().next().expect("t");
    assert_eq!(
        (&t.columns[0].ty, t.constraints.len()),
        (&DataType::Json, 0)
    );
    assert!(render_schema(&schema, Dialect::Mysql).contains("doc json"));
}

#[test]
fn mysql8_names_unnamed_checks_after_the_table() {
    let sql = "CREATE TABLE t (a int CHECK (a > 0), b int, CHECK (b > a));\n\
               ALTER TABLE t ADD CHECK (b < 100);";
    let names = |flavor| {
        let (schema, diags) = replay(&[("001_a.sql", sql)], Some(flavor));
        assert!(diags.is_empty(), "{diags:?}");
        let t = schema.tables.values().next().cloned().unwrap_or_default();
        t.constraints
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(Flavor::Mariadb),
        ["a", "CONSTRAINT_1", "CONSTRAINT_2"]
    );
    assert_eq!(names(Flavor::Mysql), ["t_chk_1", "t_chk_2", "t_chk_3"]);
}

#[test]
fn set_foreign_key_checks_is_read_in_its_spellings() {
    use strata_core::op::Op;
    let sql = "SET FOREIGN_KEY_CHECKS = 0;\n\
               SET foreign_key_checks = ON;\n\
               SET SESSION foreign_key_checks = OFF;\n\
               SET @@session.foreign_key_checks = 1;\n\
               SET @OLD_FOREIGN_KEY_CHECKS = @@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS = 0;\n\
               SET FOREIGN_KEY_CHECKS = @OLD_FOREIGN_KEY_CHECKS;\n\
               SET GLOBAL foreign_key_checks = 0;\n\
               SET NAMES utf8mb4;";
    let (ops, diags) = strata_core::parse::parse_sql(sql, 0, 0, Dialect::Mysql);
    assert!(diags.is_empty(), "{diags:?}");
    let seen: Vec<String> = ops
        .iter()
        .map(|o| match &o.value {
            Op::SetForeignKeyChecks { enabled } => format!("checks {enabled}"),
            Op::NoEffect { what } => what.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        seen,
        [
            "checks false",
            "checks true",
            "checks false",
            "checks true",
            "checks false",
            "checks true",
            "SET",
            "SET"
        ]
    );
    // Elsewhere it is a setting like any other.
    let (ops, _) =
        strata_core::parse::parse_sql("SET foreign_key_checks = 0;", 0, 0, Dialect::Postgres);
    assert!(matches!(
        ops.first().map(|o| &o.value),
        Some(Op::NoEffect { .. })
    ));
}
