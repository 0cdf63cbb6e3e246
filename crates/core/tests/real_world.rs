//! Statements met in public migration histories (diesel projects on PostgreSQL, MySQL and
//! SQLite), reduced to small hand-written scripts. Each script is parsed and simulated on an
//! empty schema; the snapshot lists the ops, then every diagnostic as
//! `severity[code] line:col message`. Measurements and the remaining gaps are in
//! tests/real-world.md.

use strata_core::diagnostic::{line_col, Spanned};
use strata_core::parse::parse_sql;
use strata_core::simulate::apply;
use strata_core::Dialect::{self, Mysql, Postgres, Sqlite};
use strata_core::{Diagnostic, Schema, Severity};

fn simulate(sql: &str, dialect: Dialect) -> (Vec<Spanned<strata_core::op::Op>>, Vec<Diagnostic>) {
    let (ops, mut diags) = parse_sql(sql, 0, 0, dialect);
    let mut schema = Schema::new(dialect);
    for op in &ops {
        apply(&mut schema, op, &mut diags);
    }
    (ops, diags)
}

fn diag_line(sql: &str, d: &Diagnostic) -> String {
    let at = d.span.map(|s| {
        let (l, c) = line_col(sql, s.start as usize);
        format!("{l}:{c}")
    });
    format!(
        "{}[{}] {} {}",
        d.severity.name(),
        d.code,
        at.unwrap_or_default(),
        d.message
    )
}

fn render(sql: &str, dialect: Dialect) -> String {
    let (ops, diags) = simulate(sql, dialect);
    let mut out: Vec<String> = ops.iter().map(|op| format!("{:?}", op.value)).collect();
    out.extend(diags.iter().map(|d| diag_line(sql, d)));
    out.join("\n")
}

/// Only the errors: what a history that ran in production must not produce.
fn errors(sql: &str, dialect: Dialect) -> String {
    let (_, diags) = simulate(sql, dialect);
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| diag_line(sql, d))
        .collect::<Vec<_>>()
        .join("\n")
}

macro_rules! check {
    ($sql:expr, $dialect:expr, @$expect:literal) => {
        insta::assert_snapshot!(render($sql, $dialect), @$expect)
    };
}

// Lemmy down.sql files written from pg_dump 18 output re-add named not-null constraints.
#[test]
fn postgres18_named_not_null_in_alter_table() {
    check!(
        "CREATE TABLE image (id int, owner_id int, token text);
         ALTER TABLE image
             ADD CONSTRAINT image_owner_id_not_null NOT NULL owner_id,
             ADD CONSTRAINT image_token_not_null NOT NULL token NO INHERIT;",
        Postgres,
        @r#"
    CreateTable(CreateTable { name: QualifiedName { schema: None, name: "image" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "owner_id", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "token", ty: Text, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    AlterColumn { table: QualifiedName { schema: None, name: "image" }, column: "owner_id", change: SetNullable(false) }
    AlterColumn { table: QualifiedName { schema: None, name: "image" }, column: "token", change: SetNullable(false) }
    "#
    );
}

// A clause after the column that is not `NO INHERIT` is not guessed at.
#[test]
fn named_not_null_with_unknown_tail_stays_a_parse_error() {
    check!(
        "CREATE TABLE image (owner_id int);
         ALTER TABLE image ADD CONSTRAINT n NOT NULL owner_id NOT VALID;",
        Postgres,
        @r#"
    CreateTable(CreateTable { name: QualifiedName { schema: None, name: "image" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "owner_id", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    warning[parse-error] 2:28 cannot parse `ALTER TABLE` clause `ADD CONSTRAINT n`
    "#
    );
}

// Diesel down.sql placeholders: PostgreSQL accepts an empty select list (checked on PG 15).
#[test]
fn empty_select_is_a_no_op() {
    check!("SELECT\n;\n", Postgres, @r#"NoEffect { what: "SELECT" }"#);
    check!("SELECT;", Postgres, @r#"NoEffect { what: "SELECT" }"#);
    // MariaDB 10.11 and SQLite 3.40 reject it.
    check!("SELECT;", Mysql, @"warning[parse-error] 1:1 cannot parse `SELECT`: Expected: an expression, found: EOF");
    check!("SELECT;", Sqlite, @"warning[parse-error] 1:1 cannot parse `SELECT`: Expected: an expression, found: EOF");
}

// Vaultwarden (MySQL) drops a foreign key only if it exists, through dynamic SQL. The prepared
// text is only known at run time: one warning names it, the rest changes nothing.
#[test]
fn mysql_prepared_statement_is_named_not_skipped() {
    check!(
        "SET @q = IF((SELECT true FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_NAME = 'fk_1') = true,
             'ALTER TABLE t DROP FOREIGN KEY fk_1', 'SELECT 1');
         PREPARE stmt FROM @q;
         DEALLOCATE PREPARE stmt;",
        Mysql,
        @r#"
    NoEffect { what: "SET" }
    NoEffect { what: "PREPARE stmt" }
    NoEffect { what: "DEALLOCATE" }
    warning[unsimulated-code] 3:10 prepared statement `stmt` is not simulated
    "#
    );
}

// A `PREPARE` without `FROM source` is not dynamic SQL the recognizer knows: still reported.
#[test]
fn prepare_without_from_is_not_claimed() {
    check!("PREPARE stmt;", Mysql, @"warning[parse-error] 1:1 cannot parse `PREPARE`: Expected: AS, found: EOF");
}

// The scripts below were simulator gaps found on Lemmy; each runs on PostgreSQL 15 without error.

#[test]
fn drop_view_cascade_drops_materialized_views_built_on_it() {
    let sql = "CREATE TABLE t (id int);
        CREATE VIEW v AS SELECT * FROM t;
        CREATE MATERIALIZED VIEW mv AS SELECT * FROM v;
        CREATE UNIQUE INDEX mv_id ON mv (id);
        DROP VIEW v CASCADE;
        CREATE MATERIALIZED VIEW mv AS SELECT 1 AS id;";
    insta::assert_snapshot!(errors(sql, Postgres), @"");
}

#[test]
fn create_table_as_has_the_query_columns() {
    let sql = "CREATE TABLE src (a int, b int);
        CREATE TABLE dst AS SELECT a, max(b) AS mb FROM src GROUP BY a;
        ALTER TABLE dst ALTER COLUMN a SET NOT NULL;
        CREATE INDEX ON dst (mb);";
    insta::assert_snapshot!(errors(sql, Postgres), @"");
}

#[test]
fn update_on_a_system_catalog_is_not_an_unknown_table() {
    let sql = "CREATE TABLE t (id int);
        UPDATE pg_index SET indisready = FALSE WHERE indrelid = 't'::regclass;";
    insta::assert_snapshot!(errors(sql, Postgres), @"");
}

#[test]
fn long_index_names_are_truncated_like_postgres() {
    let sql = "CREATE TABLE t (necro int);
        CREATE INDEX idx_post_aggregates_featured_community_newest_comment_time_necro ON t (necro);
        DROP INDEX idx_post_aggregates_featured_community_newest_comment_time_necr;";
    insta::assert_snapshot!(errors(sql, Postgres), @"");
}

#[test]
fn altering_a_column_no_view_reads_is_allowed() {
    let sql = "CREATE TABLE post (id int, name text, creator_id int);
        CREATE TABLE person (id int, name text);
        CREATE VIEW post_view AS SELECT p.id, u.name AS creator_name FROM post p JOIN person u ON u.id = p.creator_id;
        ALTER TABLE post ALTER COLUMN name TYPE varchar(200);";
    insta::assert_snapshot!(errors(sql, Postgres), @"");
}

#[test]
fn a_temporary_table_can_be_dropped() {
    let sql = "CREATE TABLE c (id int);
        CREATE TEMPORARY TABLE c_temp AS SELECT id FROM c;
        DROP TABLE c_temp;";
    insta::assert_snapshot!(errors(sql, Postgres), @"");
}

/// Every diagnostic, without the ops.
fn diagnostics(sql: &str, dialect: Dialect) -> String {
    let (_, diags) = simulate(sql, dialect);
    diags
        .iter()
        .map(|d| diag_line(sql, d))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The columns of `table` after the script, as `name type [not null]`.
fn columns(sql: &str, dialect: Dialect, table: &str) -> String {
    let (ops, _) = parse_sql(sql, 0, 0, dialect);
    let mut schema = Schema::new(dialect);
    let mut diags = Vec::new();
    for op in &ops {
        apply(&mut schema, op, &mut diags);
    }
    let Some(t) = schema
        .tables
        .get(&strata_core::schema::QualifiedName::new(table))
    else {
        return "no such table".into();
    };
    let mut out: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let ty = strata_core::normalize::type_name(&c.ty, dialect);
            format!(
                "{} {ty}{}",
                c.name,
                if c.nullable { "" } else { " not null" }
            )
        })
        .collect();
    if t.columns_unknown {
        out.push("(columns unknown)".into());
    }
    out.join("\n")
}

// Checked on PostgreSQL 15 (information_schema.columns): a column copied from a table keeps its
// type (`max` and `min` too), `count` is bigint, a cast gives its type, and nothing is NOT NULL.
// A column read through a subquery or a computed one has a type only the catalog knows.
#[test]
fn create_table_as_types_come_from_the_source_columns() {
    let sql = "CREATE TABLE src (a int NOT NULL, b varchar(20), c text);
        CREATE TABLE dst AS SELECT a, max(b) AS mb, count(*), NULL::timestamptz AS t, s.c, a + 1 AS next,
            1 AS i, 3000000000 AS big, 1.5 AS n, 'x' AS txt, true AS yes
            FROM src s GROUP BY a, s.c;";
    insta::assert_snapshot!(columns(sql, Postgres, "dst"), @"
    a integer
    mb character varying(20)
    count bigint
    t timestamp with time zone
    c text
    next unknown
    i integer
    big bigint
    n numeric
    txt text
    yes boolean
    ");
    // The first operand of a UNION names and types the columns.
    let sql = "CREATE TABLE post (id int, published timestamptz);
        CREATE TABLE combined AS SELECT published, id AS post_id, NULL::int AS comment_id FROM post
            UNION ALL SELECT published, NULL::int, id FROM post;";
    insta::assert_snapshot!(columns(sql, Postgres, "combined"), @"
    published timestamp with time zone
    post_id integer
    comment_id integer
    ");
}

// Lemmy's `*_fast` tables: `SELECT *` over one table or view takes its columns as they are now
// (checked on PostgreSQL 15: a table's types, without NOT NULL, which the primary key added
// later brings back; a view's column types are not in the model).
#[test]
fn create_table_as_star_over_one_relation() {
    let sql = "CREATE TABLE a (id serial PRIMARY KEY, name varchar(10) NOT NULL);
        CREATE VIEW v AS SELECT id, upper(name) AS up FROM a;
        CREATE TABLE a_copy AS SELECT * FROM a;
        CREATE TABLE v_fast AS SELECT v.*, 1 AS one FROM v;
        ALTER TABLE a_copy ADD PRIMARY KEY (id);
        CREATE INDEX ON v_fast (up);";
    insta::assert_snapshot!(columns(sql, Postgres, "a_copy"), @"
    id integer not null
    name character varying(10)
    ");
    insta::assert_snapshot!(columns(sql, Postgres, "v_fast"), @"
    id unknown
    up unknown
    one integer
    ");
    insta::assert_snapshot!(diagnostics(sql, Postgres), @"");
}

// `SELECT *` over a join: the columns are not derived, so a column Strata does not know is a
// warning, not an error.
#[test]
fn create_table_as_star_has_unknown_columns() {
    let sql = "CREATE TABLE a (id int); CREATE TABLE b (a_id int, x int);
        CREATE TABLE ab AS SELECT * FROM a JOIN b ON b.a_id = a.id;
        CREATE INDEX ON ab (x);";
    insta::assert_snapshot!(columns(sql, Postgres, "ab"), @"(columns unknown)");
    insta::assert_snapshot!(diagnostics(sql, Postgres), @"warning[unknown-column] 3:9 column `x` does not exist in table `ab`");
}

// PostgreSQL 15: `NOTICE: drop cascades to view v2, drop cascades to materialized view mv`.
// `other` reads `t`, not `v`: it stays, and re-creating it fails.
#[test]
fn drop_view_cascade_reaches_views_on_views() {
    let sql = "CREATE TABLE t (id int);
        CREATE VIEW v AS SELECT * FROM t;
        CREATE VIEW v2 AS SELECT * FROM v;
        CREATE MATERIALIZED VIEW mv AS SELECT * FROM v2;
        CREATE VIEW other AS SELECT id FROM t;
        DROP VIEW v CASCADE;
        CREATE VIEW v2 AS SELECT 1 AS id;
        CREATE MATERIALIZED VIEW mv AS SELECT 1 AS id;
        CREATE VIEW other AS SELECT 1 AS id;";
    insta::assert_snapshot!(errors(sql, Postgres), @"error[duplicate-view] 9:9 relation `other` already exists");
}

// Lemmy drops a list of views with CASCADE: PostgreSQL 15 accepts a view the same statement
// already dropped by cascade (no notice, even without IF EXISTS). A later statement does not.
// MariaDB 10.11 parses CASCADE and ignores it: `b` stays.
#[test]
fn drop_view_list_cascade() {
    let sql = "CREATE TABLE t (id int);
        CREATE VIEW a AS SELECT * FROM t;
        CREATE VIEW b AS SELECT * FROM a;
        CREATE VIEW c AS SELECT * FROM t;
        CREATE VIEW d AS SELECT * FROM c;
        DROP VIEW a, c, b, d CASCADE;
        DROP VIEW b;";
    insta::assert_snapshot!(diagnostics(sql, Postgres), @"error[unknown-view] 7:9 view `b` does not exist");
    let sql = "CREATE TABLE t (id int);
        CREATE VIEW a AS SELECT * FROM t;
        CREATE VIEW b AS SELECT * FROM a;
        DROP VIEW a CASCADE;
        DROP VIEW b;";
    insta::assert_snapshot!(diagnostics(sql, Mysql), @"");
}

// Checked on PostgreSQL 15: `ALTER FUNCTION f () RENAME TO g; DROP FUNCTION g;` runs.
#[test]
fn alter_function_rename() {
    check!(
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
         ALTER FUNCTION f () RENAME TO g;
         DROP FUNCTION g;
         DROP FUNCTION f;",
        Postgres,
        @r#"
    CreateFunction { name: QualifiedName { schema: None, name: "f" }, args: "", returns: Some("integer"), or_replace: false, definition: "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'" }
    RenameFunction { name: QualifiedName { schema: None, name: "f" }, args: Some(""), to: "g" }
    DropFunction { name: QualifiedName { schema: None, name: "g" }, args: None, if_exists: false, cascade: false }
    DropFunction { name: QualifiedName { schema: None, name: "f" }, args: None, if_exists: false, cascade: false }
    error[unknown-function] 4:10 function `f` does not exist
    "#
    );
}

// PostgreSQL 15 cuts at 63 bytes, back to a character boundary (`é` is two bytes: 31 of 33 are
// kept, 62 bytes), with a NOTICE.
#[test]
fn identifiers_are_cut_at_a_character_boundary() {
    check!(
        "CREATE TABLE t (a int);
         CREATE INDEX \"ééééééééééééééééééééééééééééééééé\" ON t (a);
         DROP INDEX \"ééééééééééééééééééééééééééééééé\";",
        Postgres,
        @r#"
    CreateTable(CreateTable { name: QualifiedName { schema: None, name: "t" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "a", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    CreateIndex(CreateIndex { name: Some("ééééééééééééééééééééééééééééééé"), table: QualifiedName { schema: None, name: "t" }, if_not_exists: false, concurrently: false, index: Index { name: "ééééééééééééééééééééééééééééééé", unique: false, keys: [Column { name: "a", desc: false }], predicate: None, method: None, include: [] } })
    DropIndex { name: QualifiedName { schema: None, name: "ééééééééééééééééééééééééééééééé" }, table: None, if_exists: false }
    info[identifier-truncated] 2:10 identifier `ééééééééééééééééééééééééééééééééé` will be truncated to `ééééééééééééééééééééééééééééééé`
    "#
    );
    // MariaDB 10.11 cuts nothing: a 64-character name is kept whole (checked: `Can't DROP INDEX`).
    let mysql = "CREATE TABLE t (a int);
        CREATE INDEX idx_post_aggregates_featured_community_newest_comment_time_necro ON t (a);
        DROP INDEX idx_post_aggregates_featured_community_newest_comment_time_necr ON t;";
    insta::assert_snapshot!(errors(mysql, Mysql), @"error[unknown-index] 3:9 table `t` has no index `idx_post_aggregates_featured_community_newest_comment_time_necr`");
}

// A reference resolved to the table still counts: PostgreSQL 15 rejects this with
// `cannot alter type of a column used by a view or rule`.
#[test]
fn altering_a_column_a_view_reads_is_an_error() {
    let qualified = "CREATE TABLE post (id int, name text);
        CREATE TABLE person (id int, name text);
        CREATE VIEW post_view AS SELECT p.name FROM post AS p JOIN person u ON u.id = p.id;
        ALTER TABLE post ALTER COLUMN name TYPE varchar(200);";
    insta::assert_snapshot!(errors(qualified, Postgres), @"error[dependent-objects] 4:9 cannot alter type of column `name` of `post`: a view uses it");
    let unqualified = "CREATE TABLE post (id int, name text);
        CREATE VIEW post_view AS SELECT name FROM post;
        ALTER TABLE post ALTER COLUMN name TYPE varchar(200);";
    insta::assert_snapshot!(errors(unqualified, Postgres), @"error[dependent-objects] 3:9 cannot alter type of column `name` of `post`: a view uses it");
}

// Statements on a temporary table are not errors; once dropped, it is gone.
#[test]
fn temporary_tables_live_until_dropped() {
    let sql = "CREATE TEMPORARY TABLE tmp AS SELECT 1 AS id;
        INSERT INTO tmp VALUES (2);
        DROP TABLE tmp;
        DROP TABLE tmp;";
    insta::assert_snapshot!(errors(sql, Postgres), @"error[unknown-table] 4:9 table `tmp` does not exist");
}

#[test]
fn system_catalogs_exist_in_every_dialect() {
    insta::assert_snapshot!(errors("UPDATE pg_catalog.pg_class SET relname = relname WHERE false; DELETE FROM information_schema.tables WHERE false; UPDATE nope SET a = 1;", Postgres), @"error[unknown-table] 1:114 table `nope` does not exist");
    insta::assert_snapshot!(errors("UPDATE mysql.user SET x = 1 WHERE false; UPDATE pg_index SET a = 1;", Mysql), @"error[unknown-table] 1:42 table `pg_index` does not exist");
    insta::assert_snapshot!(errors("DELETE FROM sqlite_sequence WHERE name = 't';", Sqlite), @"");
}

// Vaultwarden: the `PREPARE` warning names the dynamic SQL; `EXECUTE` adds nothing to it.
#[test]
fn mysql_execute_is_no_effect() {
    check!("PREPARE stmt FROM @q; EXECUTE stmt; DEALLOCATE PREPARE stmt;", Mysql, @r#"
    NoEffect { what: "PREPARE stmt" }
    NoEffect { what: "EXECUTE" }
    NoEffect { what: "DEALLOCATE" }
    warning[unsimulated-code] 1:1 prepared statement `stmt` is not simulated
    "#);
}

// The new ops print back as the statements they came from (PostgreSQL) or as a note where the
// dialect has no such statement.
#[test]
fn rename_function_and_drop_view_cascade_render() {
    let before = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
        CREATE TABLE t (id int); CREATE VIEW v AS SELECT * FROM t;";
    let (ops, _) = parse_sql(
        "ALTER FUNCTION f(int) RENAME TO g; DROP VIEW v CASCADE;",
        0,
        0,
        Postgres,
    );
    let ops: Vec<_> = ops.into_iter().map(|o| o.value).collect();
    let (setup, _) = parse_sql(before, 0, 0, Postgres);
    let mut schema = Schema::new(Postgres);
    for op in &setup {
        apply(&mut schema, op, &mut Vec::new());
    }
    let out: Vec<String> = [Postgres, Mysql]
        .into_iter()
        .map(|d| strata_core::render::render_ops(&ops, &schema, d))
        .collect();
    insta::assert_snapshot!(out.join("--\n"), @"
    ALTER FUNCTION f(integer) RENAME TO g;
    DROP VIEW v CASCADE;
    --
    -- strata: ALTER FUNCTION f RENAME TO g not rendered: MariaDB cannot rename a function
    DROP VIEW v CASCADE;
    ");
}
