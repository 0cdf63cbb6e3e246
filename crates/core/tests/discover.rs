//! Discovery and the revision graph of file-based layouts: file names and contents in, a compact
//! summary of the migration set, its apply order and its diagnostics out.

use std::fmt::Write as _;
use strata_core::graph::build_graph;
use strata_core::source::{discover, InputFile, Layout, MigrationKind, MigrationSet, Section};

/// Runs discovery (auto-detected layout) and the graph builder on `(path, contents)` pairs.
fn check(files: &[(&str, &str)]) -> String {
    run(
        files
            .iter()
            .map(|(p, c)| InputFile::new(*p, c.as_bytes()))
            .collect(),
        None,
    )
}

fn check_forced(layout: Layout, files: &[(&str, &str)]) -> String {
    run(
        files
            .iter()
            .map(|(p, c)| InputFile::new(*p, c.as_bytes()))
            .collect(),
        Some(layout),
    )
}

fn run(files: Vec<InputFile>, layout: Option<Layout>) -> String {
    let (set, mut diagnostics) = discover(files, layout);
    let (graph, graph_diagnostics) = build_graph(&set);
    diagnostics.extend(graph_diagnostics);
    let mut out = format!("layout: {}\n", set.layout);
    for m in &set.migrations {
        let kind = if m.kind == MigrationKind::Repeatable {
            " (repeatable)"
        } else {
            ""
        };
        let _ = write!(out, "{} {:?}{kind}", m.id, m.description);
        for (name, section) in [("up", m.up), ("down", m.down)] {
            if let Some(s) = section {
                let _ = write!(out, " {name}={}", describe_section(&set, s));
            }
        }
        out.push('\n');
    }
    let ids = |list: &[usize]| {
        list.iter()
            .map(|&i| set.migrations[i].id.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !set.migrations.is_empty() {
        let _ = writeln!(out, "order: {}", ids(&graph.order));
        if graph.heads.len() != 1 {
            let _ = writeln!(out, "heads: {}", ids(&graph.heads));
        }
    }
    for d in &diagnostics {
        let place = match d.span {
            Some(s) => {
                let path = set.file(s.file).map_or("?", |f| f.path.as_str());
                if s.start == 0 && s.end == 0 {
                    path.to_string()
                } else {
                    format!("{path}@{}..{}", s.start, s.end)
                }
            }
            None => "-".to_string(),
        };
        let _ = writeln!(
            out,
            "{}[{}] {place}: {}",
            d.severity.name(),
            d.code,
            d.message
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  help: {help}");
        }
    }
    out
}

/// A whole-file script shows as its path; a section (dbmate) also shows its text.
fn describe_section(set: &MigrationSet, s: Section) -> String {
    let file = set
        .file(s.file)
        .expect("sections point at files of the set");
    if s.start == 0 && s.end == file.text.len() {
        file.path.clone()
    } else {
        format!(
            "{}[{}..{}]{:?}",
            file.path,
            s.start,
            s.end,
            set.section_text(s)
        )
    }
}

#[test]
fn numbered_in_a_subfolder_sorts_numerically_and_skips_non_migrations() {
    insta::assert_snapshot!(check(&[
        ("migrations/postgres/10_add_index.sql", "CREATE INDEX i ON users (email);"),
        ("migrations/postgres/001_initial_schema.sql", "CREATE TABLE users (id int);"),
        ("migrations/postgres/9_add_email.sql", "ALTER TABLE users ADD email text;"),
        ("migrations/postgres/0002-dash-separated.sql", "SELECT 1;"),
        ("migrations/postgres/003.sql", "SELECT 1;"),
        ("migrations/postgres/README.md", "# migrations"),
        ("migrations/postgres/.gitkeep", ""),
        ("migrations/strata.toml", "dialect = 'postgres'"),
        ("migrations/postgres/notes.sql", "-- scratch"),
        ("migrations/postgres/seed.json", "{}"),
    ]), @r#"
        layout: numbered
        001 "initial schema" up=migrations/postgres/001_initial_schema.sql
        0002 "dash-separated" up=migrations/postgres/0002-dash-separated.sql
        003 "" up=migrations/postgres/003.sql
        9 "add email" up=migrations/postgres/9_add_email.sql
        10 "add index" up=migrations/postgres/10_add_index.sql
        order: 001 0002 003 9 10
        warning[unmatched-file] migrations/postgres/notes.sql: `migrations/postgres/notes.sql` does not match the numbered naming pattern and is not applied
          help: rename it to `<number>_<description>.sql`, for example `001_create_users.sql`, or move it out of the migration folder
        info[ignored-file] migrations/postgres/seed.json: `migrations/postgres/seed.json` is not a numbered migration and was not read
          help: a numbered set holds `<number>_<description>.sql`, for example `001_create_users.sql`
    "#);
}

#[test]
fn numbered_duplicates_compare_numbers_not_text() {
    insta::assert_snapshot!(check(&[
        ("001_a.sql", "SELECT 1;"),
        ("1_b.sql", "SELECT 2;"),
        ("002_c.sql", "SELECT 3;"),
    ]), @r#"
        layout: numbered
        001 "a" up=001_a.sql
        002 "c" up=002_c.sql
        order: 001 002
        error[duplicate-version] 1_b.sql: version `1` is defined twice: `001_a.sql` and `1_b.sql`; `1_b.sql` is ignored
          help: give each migration its own version: rename one of the files
    "#);
}

#[test]
fn duplicate_versions_in_two_folders_suggest_one_set_at_a_time() {
    insta::assert_snapshot!(check(&[
        ("mysql/001_init.sql", "SELECT 1;"),
        ("postgres/001_init.sql", "SELECT 1;"),
    ]), @r#"
        layout: numbered
        001 "init" up=mysql/001_init.sql
        order: 001
        error[duplicate-version] postgres/001_init.sql: version `001` is defined twice: `mysql/001_init.sql` and `postgres/001_init.sql`; `postgres/001_init.sql` is ignored
          help: the files are in different folders (`mysql` and `postgres`): point Strata at one migration set at a time, or give each migration its own version: rename one of the files
    "#);
}

#[test]
fn flyway_versions_undo_and_repeatables() {
    insta::assert_snapshot!(check(&[
        ("V1__initial_schema.sql", "CREATE TABLE a (id int);"),
        ("U1__initial_schema.sql", "DROP TABLE a;"),
        ("V1.9__nine.sql", "SELECT 9;"),
        ("V1.10__ten.sql", "SELECT 10;"),
        ("V1_2__underscored.sql", "SELECT 12;"),
        ("V2.sql", "SELECT 2;"),
        ("R__views.sql", "CREATE VIEW v AS SELECT 1;"),
        ("R__functions.sql", "SELECT 0;"),
    ]), @r#"
        layout: flyway
        1 "initial schema" up=V1__initial_schema.sql down=U1__initial_schema.sql
        1.2 "underscored" up=V1_2__underscored.sql
        1.9 "nine" up=V1.9__nine.sql
        1.10 "ten" up=V1.10__ten.sql
        2 "" up=V2.sql
        R__functions "functions" (repeatable) up=R__functions.sql
        R__views "views" (repeatable) up=R__views.sql
        order: 1 1.2 1.9 1.10 2 R__functions R__views
    "#);
}

#[test]
fn flyway_problems() {
    insta::assert_snapshot!(check(&[
        ("V1__init.sql", "SELECT 1;"),
        ("V1.0__same_version.sql", "SELECT 1;"),
        ("U7__ghost.sql", "SELECT 1;"),
        ("U1__init.sql", "SELECT 1;"),
        ("U1.0.0__second_undo.sql", "SELECT 1;"),
        ("R__views.sql", "SELECT 1;"),
        ("R__views_.sql", "SELECT 1;"),
        ("v2__lowercase.sql", "SELECT 1;"),
        ("V3__empty.sql", "  \n"),
    ]), @r#"
        layout: flyway
        1.0 "same version" up=V1.0__same_version.sql down=U1.0.0__second_undo.sql
        3 "empty" up=V3__empty.sql
        R__views "views" (repeatable) up=R__views.sql
        order: 1.0 3 R__views
        warning[unmatched-file] v2__lowercase.sql: `v2__lowercase.sql` does not match the flyway naming pattern and is not applied
          help: rename it to `V<version>__<description>.sql` (versions like `1`, `1.2` or `1_2`), undo `U<version>__<description>.sql`, repeatable `R__<description>.sql`, or move it out of the migration folder
        error[duplicate-version] V1__init.sql: version `1` is defined twice: `V1.0__same_version.sql` and `V1__init.sql`; `V1__init.sql` is ignored
          help: give each migration its own version: rename one of the files
        warning[empty-file] V3__empty.sql: migration `V3__empty.sql` does nothing: the file is empty
          help: write the migration's statements, or delete the file if it is not needed
        error[duplicate-version] R__views_.sql: repeatable migration `views` is defined twice: `R__views.sql` and `R__views_.sql`; `R__views_.sql` is ignored
          help: give each repeatable migration its own description: rename one of the files
        error[duplicate-version] U1__init.sql: undo/down script for version `1` is defined twice: `U1.0.0__second_undo.sql` and `U1__init.sql`; `U1__init.sql` is ignored
          help: keep one down script per version: delete or merge one of the files
        error[down-without-up] U7__ghost.sql: `U7__ghost.sql` reverts version `7`, which has no up script
          help: add `V7__<description>.sql`, or delete the down script if the migration is gone
    "#);
}

#[test]
fn mixed_names_go_to_the_layout_matching_most_files() {
    insta::assert_snapshot!(check(&[
        ("V1__init.sql", "SELECT 1;"),
        ("V2__more.sql", "SELECT 2;"),
        ("003_numbered_stray.sql", "SELECT 3;"),
    ]), @r#"
        layout: flyway
        1 "init" up=V1__init.sql
        2 "more" up=V2__more.sql
        order: 1 2
        warning[unmatched-file] 003_numbered_stray.sql: `003_numbered_stray.sql` does not match the flyway naming pattern and is not applied
          help: rename it to `V<version>__<description>.sql` (versions like `1`, `1.2` or `1_2`), undo `U<version>__<description>.sql`, repeatable `R__<description>.sql`, or move it out of the migration folder
    "#);
}

#[test]
fn golang_migrate_pairs_up_and_down_and_wins_the_tie_with_numbered() {
    insta::assert_snapshot!(check(&[
        ("000001_create_users.up.sql", "CREATE TABLE users (id int);"),
        ("000001_create_users.down.sql", "DROP TABLE users;"),
        ("000002_forward_only.up.sql", "SELECT 1;"),
        ("000003_orphan.down.sql", "SELECT 1;"),
        ("2_duplicate.up.sql", "SELECT 1;"),
    ]), @r#"
        layout: golang-migrate
        000001 "create users" up=000001_create_users.up.sql down=000001_create_users.down.sql
        000002 "forward only" up=000002_forward_only.up.sql
        order: 000001 000002
        error[duplicate-version] 2_duplicate.up.sql: version `2` is defined twice: `000002_forward_only.up.sql` and `2_duplicate.up.sql`; `2_duplicate.up.sql` is ignored
          help: give each migration its own version: rename one of the files
        error[down-without-up] 000003_orphan.down.sql: `000003_orphan.down.sql` reverts version `000003`, which has no up script
          help: add `000003_<description>.up.sql`, or delete the down script if the migration is gone
    "#);
}

#[test]
fn dbmate_sections_exclude_marker_lines() {
    insta::assert_snapshot!(check(&[
        ("db/migrations/20240101120000_create_users.sql", "-- migrate:up\nCREATE TABLE users (id int);\n\n-- migrate:down\nDROP TABLE users;\n"),
        ("db/migrations/20240102120000_down_first.sql", "-- header comment\n-- migrate:down\nDROP TABLE b;\n-- migrate:up transaction:false\nCREATE TABLE b (id int);\n"),
        ("db/migrations/20240103120000_up_only.sql", "--migrate:up\r\nCREATE TABLE c (id int);\r\n"),
    ]), @r#"
        layout: dbmate
        20240101120000 "create users" up=db/migrations/20240101120000_create_users.sql[14..44]"CREATE TABLE users (id int);\n\n" down=db/migrations/20240101120000_create_users.sql[60..78]"DROP TABLE users;\n"
        20240102120000 "down first" up=db/migrations/20240102120000_down_first.sql[80..105]"CREATE TABLE b (id int);\n" down=db/migrations/20240102120000_down_first.sql[34..48]"DROP TABLE b;\n"
        20240103120000 "up only" up=db/migrations/20240103120000_up_only.sql[14..40]"CREATE TABLE c (id int);\r\n"
        order: 20240101120000 20240102120000 20240103120000
    "#);
}

#[test]
fn dbmate_problems() {
    insta::assert_snapshot!(check(&[
        ("20240101120000_ok.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n"),
        ("20240102120000_no_markers.sql", "CREATE TABLE a (id int);\n"),
        ("20240103120000_stray.sql", "CREATE TABLE early (id int);\n-- migrate:up\nSELECT 1;\n"),
        ("20240104120000_twice.sql", "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n-- migrate:downstream is not a marker\n"),
        ("20240105120000_empty_up.sql", "-- migrate:up\n\n-- migrate:down\nDROP TABLE a;\n"),
    ]), @r#"
        layout: dbmate
        20240101120000 "ok" up=20240101120000_ok.sql[14..24]"SELECT 1;\n" down=20240101120000_ok.sql[40..40]""
        20240102120000 "no markers"
        20240103120000 "stray" up=20240103120000_stray.sql[43..53]"SELECT 1;\n"
        20240104120000 "twice" up=20240104120000_twice.sql[14..86]"SELECT 1;\n-- migrate:up\nSELECT 2;\n-- migrate:downstream is not a marker\n"
        20240105120000 "empty up" up=20240105120000_empty_up.sql[14..15]"\n" down=20240105120000_empty_up.sql[31..45]"DROP TABLE a;\n"
        order: 20240101120000 20240102120000 20240103120000 20240104120000 20240105120000
        error[missing-up-section] 20240102120000_no_markers.sql: `20240102120000_no_markers.sql` has no `-- migrate:up` line, so dbmate cannot apply it
          help: start the file with a line `-- migrate:up` above the statements, and put the rollback under `-- migrate:down`
        error[statement-outside-section] 20240103120000_stray.sql@0..28: `20240103120000_stray.sql` has a statement before its first `-- migrate:` line
          help: dbmate refuses statements outside the sections: move it below `-- migrate:up`
        error[duplicate-section] 20240104120000_twice.sql@24..37: `20240104120000_twice.sql` has a second `-- migrate:up` line
          help: keep one up and one down section per file; split the migration into two files if it needs two
        warning[empty-file] 20240105120000_empty_up.sql@0..13: migration `20240105120000_empty_up.sql` does nothing: its `-- migrate:up` section is empty
          help: write the migration's statements, or delete the file if it is not needed
    "#);
}

#[test]
fn diesel_folders() {
    insta::assert_snapshot!(check(&[
        ("migrations/00000000000000_diesel_initial_setup/up.sql", "CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql;"),
        ("migrations/00000000000000_diesel_initial_setup/down.sql", "DROP FUNCTION f();"),
        ("migrations/2019-02-26-002946_create_users/up.sql", "CREATE TABLE users (id int);"),
        ("migrations/2019-02-26-002946_create_users/down.sql", "DROP TABLE users;"),
        ("migrations/2019-02-26-002946_create_users/metadata.toml", "run_in_transaction = false"),
        ("migrations/2019-03-01-101010_posts/up.sql", "CREATE TABLE posts (id int);"),
        ("migrations/2019-04-01-000000_gone/down.sql", "DROP TABLE gone;"),
        ("migrations/2019-03-01-101010_posts/extra.sql", "SELECT 1;"),
        ("diesel.toml", "[print_schema]"),
    ]), @r#"
        layout: diesel
        00000000000000 "diesel initial setup" up=migrations/00000000000000_diesel_initial_setup/up.sql down=migrations/00000000000000_diesel_initial_setup/down.sql
        2019-02-26-002946 "create users" up=migrations/2019-02-26-002946_create_users/up.sql down=migrations/2019-02-26-002946_create_users/down.sql
        2019-03-01-101010 "posts" up=migrations/2019-03-01-101010_posts/up.sql
        order: 00000000000000 2019-02-26-002946 2019-03-01-101010
        warning[unmatched-file] migrations/2019-03-01-101010_posts/extra.sql: `migrations/2019-03-01-101010_posts/extra.sql` does not match the diesel naming pattern and is not applied
          help: rename it to a folder `<version>_<description>/` holding `up.sql` and `down.sql`, for example `2019-02-26-002946_create_users/up.sql`, or move it out of the migration folder
        error[down-without-up] migrations/2019-04-01-000000_gone/down.sql: `migrations/2019-04-01-000000_gone/down.sql` reverts version `2019-04-01-000000`, which has no up script
          help: add `up.sql` in the same folder, or delete the down script if the migration is gone
    "#);
}

#[test]
fn alembic_revisions_are_read_from_the_python() {
    insta::assert_snapshot!(check(&[
        ("alembic.ini", "[alembic]"),
        ("alembic/env.py", "from alembic import context"),
        ("alembic/script.py.mako", "${up_revisions}"),
        ("alembic/README", "Generic single-database configuration."),
        ("alembic/versions/1975ea83b712_create_account_table.py", "\"\"\"create account table\"\"\"\nrevision = '1975ea83b712'\ndown_revision = None\n"),
        ("alembic/versions/ae1027a6acf_add_a_column.py", "revision = 'ae1027a6acf'\ndown_revision = '1975ea83b712'\n"),
        ("alembic/versions/__pycache__/ae1027a6acf_add_a_column.cpython-312.pyc", "\0\0"),
    ]), @r#"
    layout: alembic
    1975ea83b712 "create account table" up=alembic/versions/1975ea83b712_create_account_table.py down=alembic/versions/1975ea83b712_create_account_table.py
    ae1027a6acf "" up=alembic/versions/ae1027a6acf_add_a_column.py down=alembic/versions/ae1027a6acf_add_a_column.py
    order: 1975ea83b712 ae1027a6acf
    "#);
}

#[test]
fn empty_folders() {
    insta::assert_snapshot!(check(&[]), @r"
        layout: numbered
        error[empty-set] -: no migration files found
          help: point Strata at the folder holding the migrations; expected names like `001_create_users.sql` (numbered), `V1__create_users.sql` (flyway), `000001_create_users.up.sql` (golang-migrate), `20240101120000_create_users.sql` (dbmate, with `-- migrate:up` and `-- migrate:down` sections), `2019-02-26-002946_create_users/up.sql` (diesel), `versions/1975ea83b712_create_users.py` (alembic)
    ");
    insta::assert_snapshot!(check(&[("README.md", "nothing here yet"), (".gitkeep", "")]), @r"
        layout: numbered
        error[empty-set] -: no migration files found
          help: point Strata at the folder holding the migrations; expected names like `001_create_users.sql` (numbered), `V1__create_users.sql` (flyway), `000001_create_users.up.sql` (golang-migrate), `20240101120000_create_users.sql` (dbmate, with `-- migrate:up` and `-- migrate:down` sections), `2019-02-26-002946_create_users/up.sql` (diesel), `versions/1975ea83b712_create_users.py` (alembic)
    ");
    insta::assert_snapshot!(check(&[("schema.sql", "CREATE TABLE a (id int);")]), @r"
        layout: numbered
        error[empty-set] -: no migration files found
          help: point Strata at the folder holding the migrations; expected names like `001_create_users.sql` (numbered), `V1__create_users.sql` (flyway), `000001_create_users.up.sql` (golang-migrate), `20240101120000_create_users.sql` (dbmate, with `-- migrate:up` and `-- migrate:down` sections), `2019-02-26-002946_create_users/up.sql` (diesel), `versions/1975ea83b712_create_users.py` (alembic); the folder holds `schema.sql`
        warning[unmatched-file] schema.sql: `schema.sql` does not match the numbered naming pattern and is not applied
          help: rename it to `<number>_<description>.sql`, for example `001_create_users.sql`, or move it out of the migration folder
    ");
}

#[test]
fn forced_layout() {
    // The files are Flyway's; forcing numbered finds nothing and says what the files look like.
    insta::assert_snapshot!(check_forced(Layout::Numbered, &[("V1__init.sql", "SELECT 1;")]), @r"
        layout: numbered
        error[empty-set] -: no numbered migrations found
          help: a numbered set holds `<number>_<description>.sql`, for example `001_create_users.sql`; these files look like a flyway set: choose layout `flyway` or leave the layout out
        warning[unmatched-file] V1__init.sql: `V1__init.sql` does not match the numbered naming pattern and is not applied
          help: rename it to `<number>_<description>.sql`, for example `001_create_users.sql`, or move it out of the migration folder
    ");
    // Forcing dbmate on numbered files: every file lacks its sections.
    insta::assert_snapshot!(check_forced(Layout::Dbmate, &[("001_init.sql", "SELECT 1;")]), @r#"
        layout: dbmate
        001 "init"
        order: 001
        error[missing-up-section] 001_init.sql: `001_init.sql` has no `-- migrate:up` line, so dbmate cannot apply it
          help: start the file with a line `-- migrate:up` above the statements, and put the rollback under `-- migrate:down`
    "#);
    insta::assert_snapshot!(check_forced(Layout::GolangMigrate, &[("001_init.sql", "SELECT 1;"), ("001_init.up.sql", "SELECT 1;")]), @r#"
        layout: golang-migrate
        001 "init" up=001_init.up.sql
        order: 001
        warning[unmatched-file] 001_init.sql: `001_init.sql` does not match the golang-migrate naming pattern and is not applied
          help: rename it to `<version>_<description>.up.sql` and `<version>_<description>.down.sql`, for example `000001_create_users.up.sql`, or move it out of the migration folder
    "#);
}

#[test]
fn broken_contents() {
    let files = vec![
        InputFile::new("001_latin1.sql", b"CREATE TABLE caf\xe9 (id int);".to_vec()),
        InputFile::new("002_binary.sql", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        InputFile::new("003_utf16.sql", b"\xff\xfeS\0E\0L\0".to_vec()),
        InputFile::new("004_bom.sql", b"\xef\xbb\xbfSELECT 1;".to_vec()),
        InputFile::new("005_empty.sql", Vec::new()),
    ];
    insta::assert_snapshot!(run(files, None), @r#"
        layout: numbered
        001 "latin1" up=001_latin1.sql
        002 "binary"
        003 "utf16"
        004 "bom" up=004_bom.sql
        005 "empty" up=005_empty.sql
        order: 001 002 003 004 005
        error[invalid-utf8] 001_latin1.sql@16..19: `001_latin1.sql` is not valid UTF-8 (first bad byte at offset 16)
          help: save the file as UTF-8; the bad bytes are read as U+FFFD meanwhile
        error[binary-file] 002_binary.sql@10..11: `002_binary.sql` holds binary data (a NUL byte at offset 8); it is not read
          help: a migration is text: remove this file from the migration folder or replace it with the SQL it should hold
        error[binary-file] 003_utf16.sql@7..8: `003_utf16.sql` holds binary data (a NUL byte at offset 3); it is not read
          help: the file is UTF-16: save it as UTF-8
        warning[empty-file] 005_empty.sql: migration `005_empty.sql` does nothing: the file is empty
          help: write the migration's statements, or delete the file if it is not needed
    "#);
}

#[test]
fn odd_file_names() {
    insta::assert_snapshot!(check(&[
        ("my migrations/ünïcode/001_crème brûlée 🍮.sql", "SELECT 1;"),
        ("my migrations/ünïcode/002_ .sql", "SELECT 2;"),
        ("my migrations/ünïcode/٣_arabic_indic_digit.sql", "SELECT 3;"),
    ]), @r#"
        layout: numbered
        001 "crème brûlée 🍮" up=my migrations/ünïcode/001_crème brûlée 🍮.sql
        002 "" up=my migrations/ünïcode/002_ .sql
        order: 001 002
        warning[unmatched-file] my migrations/ünïcode/٣_arabic_indic_digit.sql: `my migrations/ünïcode/٣_arabic_indic_digit.sql` does not match the numbered naming pattern and is not applied
          help: rename it to `<number>_<description>.sql`, for example `001_create_users.sql`, or move it out of the migration folder
    "#);
}

#[test]
fn versions_longer_than_u64_still_sort() {
    insta::assert_snapshot!(check(&[
        ("100000000000000000000000002_b.sql", "SELECT 1;"),
        ("99999999999999999999_a.sql", "SELECT 1;"),
        ("100000000000000000000000001_c.sql", "SELECT 1;"),
        ("18446744073709551615_max.sql", "SELECT 1;"),
        ("5_small.sql", "SELECT 1;"),
    ]), @r#"
        layout: numbered
        5 "small" up=5_small.sql
        18446744073709551615 "max" up=18446744073709551615_max.sql
        99999999999999999999 "a" up=99999999999999999999_a.sql
        100000000000000000000000001 "c" up=100000000000000000000000001_c.sql
        100000000000000000000000002 "b" up=100000000000000000000000002_b.sql
        order: 5 18446744073709551615 99999999999999999999 100000000000000000000000001 100000000000000000000000002
    "#);
}

#[test]
fn twenty_thousand_migrations() {
    let files: Vec<InputFile> = (1..=20_000)
        .rev()
        .map(|i| InputFile::new(format!("V{i}__step_{i}.sql"), format!("SELECT {i};")))
        .collect();
    let (set, diagnostics) = discover(files, None);
    let (graph, graph_diagnostics) = build_graph(&set);
    let last = set.migrations.last().map(|m| m.id.as_str());
    let summary = format!(
        "{} {} migrations, first {:?}, last {last:?}, {} in order, {} diagnostics, heads {:?}",
        set.layout,
        set.migrations.len(),
        set.migrations.first().map(|m| m.id.as_str()),
        graph.order.len(),
        diagnostics.len() + graph_diagnostics.len(),
        graph.heads,
    );
    insta::assert_snapshot!(summary, @r#"
        flyway 20000 migrations, first Some("1"), last Some("20000"), 20000 in order, 0 diagnostics, heads [19999]
    "#);
    assert!(
        graph.order.iter().enumerate().all(|(k, &i)| k == i),
        "a linear set applies in version order"
    );
}

proptest::proptest! {
    /// Whatever the names and bytes, discovery and the graph return diagnostics, never panic,
    /// and every section they hand out lies inside its file on character boundaries.
    #[test]
    fn any_input_is_handled(files in proptest::collection::vec((
        "[VUR0-9_.a-z/ é-]{0,12}(\\.sql|\\.up\\.sql|\\.down\\.sql|/up\\.sql|/down\\.sql|\\.py|\\.md)?",
        proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just(b"-- migrate:up\n".to_vec()),
            proptest::strategy::Just(b"-- migrate:down\n".to_vec()),
            proptest::strategy::Just(b"SELECT 1;\n".to_vec()),
            proptest::collection::vec(proptest::num::u8::ANY, 0..4),
        ], 0..5),
    ), 0..8), layout in proptest::option::of(proptest::sample::select(Layout::ALL.to_vec()))) {
        let files = files.into_iter().map(|(p, chunks)| InputFile::new(p, chunks.concat())).collect();
        let (set, _) = discover(files, layout);
        let (graph, _) = build_graph(&set);
        for m in &set.migrations {
            for s in [m.up, m.down].into_iter().flatten() {
                let text = &set.file(s.file).expect("section file exists").text;
                proptest::prop_assert!(text.get(s.start..s.end).is_some(), "section {s:?} outside {text:?}");
            }
        }
        proptest::prop_assert!(graph.order.len() <= set.migrations.len());
    }
}

// diesel takes the version as the text before the first `_`, dashes removed, and orders versions
// as strings: `2024-03-13_170000_b` (version `20240313`) comes right after `2024-03-06-170000`.
#[test]
fn diesel_orders_short_versions_as_strings() {
    insta::assert_snapshot!(check(&[
        ("2024-03-06-170000_a/up.sql", "CREATE TABLE a (id int);"),
        ("2024-03-13_170000_b/up.sql", "CREATE TABLE b (id int);"),
        ("2024-06-05-131359_c/up.sql", "CREATE TABLE c (id int);"),
        ("2018-01-01-000000_first/up.sql", "CREATE TABLE f (id int);"),
    ]), @r#"
    layout: diesel
    2018-01-01-000000 "first" up=2018-01-01-000000_first/up.sql
    2024-03-06-170000 "a" up=2024-03-06-170000_a/up.sql
    2024-03-13 "170000 b" up=2024-03-13_170000_b/up.sql
    2024-06-05-131359 "c" up=2024-06-05-131359_c/up.sql
    order: 2018-01-01-000000 2024-03-06-170000 2024-03-13 2024-06-05-131359
    "#);
}

/// `load` with a `pattern` (strata.toml): ids, order, directions and the diagnostics.
fn check_pattern(pattern: &str, files: &[(&str, &str)]) -> String {
    let config = strata_core::Config {
        pattern: Some(pattern.to_string()),
        ..Default::default()
    };
    let p = strata_core::load(
        files
            .iter()
            .map(|(p, c)| InputFile::new(*p, c.as_bytes()))
            .collect(),
        &config,
    );
    let mut out = format!("layout: {}\n", p.set.layout);
    for m in &p.set.migrations {
        let path = |s: Option<Section>| {
            s.and_then(|s| p.set.file(s.file))
                .map_or("-".to_string(), |f| f.path.clone())
        };
        let _ = writeln!(
            out,
            "{} {:?} up={} down={}",
            m.id,
            m.description,
            path(m.up),
            path(m.down)
        );
    }
    for d in &p.diagnostics {
        let _ = writeln!(out, "{}[{}]: {}", d.severity.name(), d.code, d.message);
    }
    out
}

#[test]
fn pattern_reads_names_no_layout_knows() {
    insta::assert_snapshot!(check_pattern(
        r"db/(?P<version>\d+(?:\.\d+)*)-(?P<name>[a-z_]+)\.(?P<direction>up|down)\.pg",
        &[
            ("db/1.10-add_x.up.pg", "ALTER TABLE t ADD COLUMN x int;"),
            ("db/1.9-init.up.pg", "CREATE TABLE t (id int);"),
            ("db/1.9-init.down.pg", "DROP TABLE t;"),
            ("db/notes.pg", "-- not a migration"),
        ]
    ), @r#"
    layout: pattern
    1.9 "init" up=db/1.9-init.up.pg down=db/1.9-init.down.pg
    1.10 "add x" up=db/1.10-add_x.up.pg down=-
    info[ignored-file]: `db/notes.pg` is not a pattern migration and was not read
    "#);
}

#[test]
fn pattern_errors_say_what_to_fix() {
    insta::assert_snapshot!(check_pattern(r"(?P<name>.+)\.sql", &[("001_a.sql", "SELECT 1;")]), @r#"
    layout: numbered
    001 "a" up=001_a.sql down=-
    error[bad-config]: strata.toml: `pattern` has no group named `version`: write it as `(?P<version>\d+)` where the version stands in the file name
    "#);
    insta::assert_snapshot!(check_pattern(r"(?P<version>\d+)_(?P<direction>\w+)\.sql", &[("1_sideways.sql", "SELECT 1;")]), @r"
    layout: pattern
    error[empty-set]: no file name matches the `pattern` of strata.toml
    error[bad-direction]: `1_sideways.sql`: the pattern reads the direction `sideways`, which is neither up nor down
    ");
}

#[test]
fn up_down_pairs_with_a_v_and_dots_are_detected() {
    insta::assert_snapshot!(check(&[
        ("V0001.Initial_Schema.up.sql", "CREATE TABLE t (id int);"),
        ("V0001.Initial_Schema.down.sql", "DROP TABLE t;"),
        ("V0002.Add_X.up.sql", "ALTER TABLE t ADD COLUMN x int;"),
    ]), @r#"
    layout: golang-migrate
    0001 "Initial Schema" up=V0001.Initial_Schema.up.sql down=V0001.Initial_Schema.down.sql
    0002 "Add X" up=V0002.Add_X.up.sql
    order: 0001 0002
    "#);
}

#[test]
fn a_folder_matching_no_layout_lists_its_files_and_suggests_a_pattern() {
    let out = check(&[
        ("mig-1-init.sql", "CREATE TABLE t (id int);"),
        ("mig-2-more.sql", "CREATE TABLE u (id int);"),
    ]);
    assert!(
        out.contains("the folder holds `mig-1-init.sql`, `mig-2-more.sql`"),
        "{out}"
    );
    assert!(
        out.contains(r"pattern = 'mig-(?P<version>\d+(?:\.\d+)*)-(?P<name>.+?)\.sql'"),
        "{out}"
    );
}
