//! The simulator against facts checked on PostgreSQL 15, MariaDB 10.11 and SQLite 3.40.
//!
//! Each test applies ops to an empty schema and snapshots a compact rendering of the resulting
//! schema and the diagnostics. Test names state the database behaviour they pin; the statements
//! in the comments are what was run on the real server to establish it.

use strata_core::diagnostic::{Diagnostic, Span, Spanned};
use strata_core::op::{
    ColumnChange, ColumnDef, ColumnPosition, ConstraintDef, ConstraintKindTag, CreateIndex,
    CreateTable, DataKind, EnumPosition, Op,
};
use strata_core::schema::{
    Column, ConstraintKind, DataType, EnumType, FkAction, ForeignKey, Identity, Index, IndexKey,
    QualifiedName, Schema, Sequence, View,
};
use strata_core::simulate::apply;
use strata_core::Dialect::{self, Mysql, Postgres, Sqlite};

// ---------------------------------------------------------------------------------------------
// The harness

/// Applies `ops` (op `i` gets span `i..i+1`) to an empty schema of `dialect` and renders the result.
fn run(dialect: Dialect, ops: Vec<Op>) -> String {
    let mut schema = Schema::new(dialect);
    let mut diags = Vec::new();
    for (i, op) in ops.into_iter().enumerate() {
        apply(
            &mut schema,
            &Spanned::new(Span::new(0, i, i + 1), op),
            &mut diags,
        );
    }
    render(&schema, &diags)
}

macro_rules! check {
    ($dialect:expr, [$($op:expr),* $(,)?], @$expect:literal) => {
        insta::assert_snapshot!(run($dialect, vec![$($op),*]), @$expect)
    };
}

fn render(schema: &Schema, diags: &[Diagnostic]) -> String {
    let mut out = Vec::new();
    for ns in &schema.namespaces {
        out.push(format!("schema {ns}"));
    }
    for t in schema.tables.values() {
        out.push(format!("table {}", t.name));
        for c in &t.columns {
            let mut line = format!("  {} {}", c.name, ty(&c.ty));
            if !c.nullable {
                line.push_str(" not null");
            }
            if let Some(d) = &c.default {
                line.push_str(&format!(" default {d}"));
            }
            if let Some(i) = c.identity {
                line.push_str(match i {
                    Identity::Always => " identity always",
                    Identity::ByDefault => " identity by default",
                });
            }
            if c.auto_increment {
                line.push_str(" auto_increment");
            }
            if let Some(m) = &c.comment {
                line.push_str(&format!(" comment {m:?}"));
            }
            out.push(line);
        }
        for c in &t.constraints {
            let name = if c.name.is_empty() {
                "(unnamed)"
            } else {
                &c.name
            };
            out.push(match &c.kind {
                ConstraintKind::PrimaryKey { columns } => {
                    format!("  pk {name} ({})", columns.join(", "))
                }
                ConstraintKind::Unique { columns, .. } => {
                    format!("  unique {name} ({})", columns.join(", "))
                }
                ConstraintKind::Check { expr } => format!("  check {name} ({expr})"),
                ConstraintKind::ForeignKey(fk) => {
                    format!(
                        "  fk {name} ({}) -> {} ({})",
                        fk.columns.join(", "),
                        fk.ref_table,
                        fk.ref_columns.join(", ")
                    )
                }
                ConstraintKind::Exclude { definition } => format!("  exclude {name} {definition}"),
            });
        }
        for i in &t.indexes {
            let keys: Vec<String> = i
                .keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column { name, .. } => name.clone(),
                    IndexKey::Expr { expr, .. } => format!("({expr})"),
                })
                .collect();
            out.push(format!(
                "  {}index {} ({})",
                if i.unique { "unique " } else { "" },
                i.name,
                keys.join(", ")
            ));
        }
        for tr in &t.triggers {
            out.push(format!("  trigger {}", tr.name));
        }
    }
    for s in schema.sequences.values() {
        let owner = s
            .owned_by
            .as_ref()
            .map(|(t, c)| format!(" owned by {t}.{c}"))
            .unwrap_or_default();
        out.push(format!("sequence {}{owner}", s.name));
    }
    for v in schema.views.values() {
        out.push(format!("view {}: {}", v.name, v.query));
    }
    for e in schema.enums.values() {
        out.push(format!("enum {}: {}", e.name, e.values.join(", ")));
    }
    for e in &schema.extensions {
        out.push(format!("extension {e}"));
    }
    for f in schema.functions.keys() {
        out.push(format!("function {f}"));
    }
    for d in diags {
        let at = d.span.map(|s| format!(" @{}", s.start)).unwrap_or_default();
        let mut line = format!("{}[{}]{at}: {}", d.severity.name(), d.code, d.message);
        if let Some(h) = &d.help {
            line.push_str(&format!(" (help: {h})"));
        }
        out.push(line);
    }
    out.join("\n")
}

fn ty(t: &DataType) -> String {
    match t {
        DataType::Integer => "integer".into(),
        DataType::BigInt => "bigint".into(),
        DataType::Text => "text".into(),
        DataType::Varchar(Some(n)) => format!("varchar({n})"),
        DataType::Named(n) => n.clone(),
        other => format!("{other:?}").to_lowercase(),
    }
}

// ---------------------------------------------------------------------------------------------
// Builders

fn q(name: &str) -> QualifiedName {
    match name.split_once('.') {
        Some((s, n)) => QualifiedName::qualified(s, n),
        None => QualifiedName::new(name),
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn col(name: &str, ty: DataType) -> ColumnDef {
    ColumnDef::new(Column::new(name, ty))
}

fn int(name: &str) -> ColumnDef {
    col(name, DataType::Integer)
}

fn text(name: &str) -> ColumnDef {
    col(name, DataType::Text)
}

trait ColumnDefExt {
    fn with(self, c: ConstraintDef) -> Self;
    fn not_null(self) -> Self;
    fn default(self, d: &str) -> Self;
    fn serial(self) -> Self;
    fn identity(self) -> Self;
    fn at(self, p: ColumnPosition) -> Self;
    fn pk(self) -> Self
    where
        Self: Sized,
    {
        let name = self.name();
        self.with(inline(pk(&[&name])))
    }
    fn unique(self) -> Self
    where
        Self: Sized,
    {
        let name = self.name();
        self.with(inline(unique(&[&name])))
    }
    fn check(self, e: &str) -> Self
    where
        Self: Sized,
    {
        self.with(inline(check(e)))
    }
    fn references(self, table: &str, cols: &[&str]) -> Self
    where
        Self: Sized,
    {
        let name = self.name();
        self.with(inline(fk(&[&name], table, cols)))
    }
    fn name(&self) -> String;
}

impl ColumnDefExt for ColumnDef {
    fn with(mut self, c: ConstraintDef) -> Self {
        self.constraints.push(c);
        self
    }
    fn not_null(mut self) -> Self {
        self.column.nullable = false;
        self
    }
    fn default(mut self, d: &str) -> Self {
        self.column.default = Some(d.into());
        self
    }
    fn serial(mut self) -> Self {
        self.serial = true;
        self
    }
    fn identity(mut self) -> Self {
        self.column.identity = Some(Identity::Always);
        self
    }
    fn at(mut self, p: ColumnPosition) -> Self {
        self.position = Some(p);
        self
    }
    fn name(&self) -> String {
        self.column.name.clone()
    }
}

fn inline(mut c: ConstraintDef) -> ConstraintDef {
    c.inline = true;
    c
}

fn pk(cols: &[&str]) -> ConstraintDef {
    ConstraintDef::new(
        None,
        ConstraintKind::PrimaryKey {
            columns: strings(cols),
        },
    )
}

fn unique(cols: &[&str]) -> ConstraintDef {
    ConstraintDef::new(
        None,
        ConstraintKind::Unique {
            columns: strings(cols),
            nulls_not_distinct: false,
        },
    )
}

fn check(expr: &str) -> ConstraintDef {
    ConstraintDef::new(None, ConstraintKind::Check { expr: expr.into() })
}

fn fk(cols: &[&str], table: &str, ref_cols: &[&str]) -> ConstraintDef {
    ConstraintDef::new(
        None,
        ConstraintKind::ForeignKey(ForeignKey {
            columns: strings(cols),
            ref_table: q(table),
            ref_columns: strings(ref_cols),
            on_delete: FkAction::NoAction,
            on_update: FkAction::NoAction,
        }),
    )
}

fn named(name: &str, mut c: ConstraintDef) -> ConstraintDef {
    c.name = Some(name.into());
    c
}

fn create(name: &str, columns: Vec<ColumnDef>, constraints: Vec<ConstraintDef>) -> Op {
    Op::CreateTable(CreateTable {
        name: q(name),
        if_not_exists: false,
        columns,
        constraints,
        indexes: Vec::new(),
        comment: None,
        options: Vec::new(),
        as_query: false,
        temporary: false,
    })
}

fn create_if_not_exists(name: &str, columns: Vec<ColumnDef>) -> Op {
    let Op::CreateTable(mut ct) = create(name, columns, vec![]) else {
        unreachable!()
    };
    ct.if_not_exists = true;
    Op::CreateTable(ct)
}

/// CREATE TABLE with MySQL `KEY`s declared in it.
fn create_with_keys(
    name: &str,
    columns: Vec<ColumnDef>,
    constraints: Vec<ConstraintDef>,
    keys: Vec<Op>,
) -> Op {
    let Op::CreateTable(mut ct) = create(name, columns, constraints) else {
        unreachable!()
    };
    ct.indexes = keys
        .into_iter()
        .filter_map(|k| match k {
            Op::CreateIndex(ci) => Some(ci),
            _ => None,
        })
        .collect();
    Op::CreateTable(ct)
}

fn key_of(k: &str) -> IndexKey {
    if k.contains(['(', ' ', ':', '+']) {
        IndexKey::Expr {
            expr: k.into(),
            desc: false,
            options: Default::default(),
        }
    } else {
        IndexKey::column(k)
    }
}

fn index(table: &str, name: Option<&str>, keys: &[&str]) -> Op {
    Op::CreateIndex(CreateIndex {
        name: name.map(Into::into),
        table: q(table),
        if_not_exists: false,
        concurrently: false,
        index: Index {
            name: String::new(),
            unique: false,
            keys: keys.iter().map(|k| key_of(k)).collect(),
            predicate: None,
            method: None,
            include: Vec::new(),
        },
    })
}

fn unique_index(table: &str, name: Option<&str>, keys: &[&str]) -> Op {
    let Op::CreateIndex(mut ci) = index(table, name, keys) else {
        unreachable!()
    };
    ci.index.unique = true;
    Op::CreateIndex(ci)
}

fn add(table: &str, c: ConstraintDef) -> Op {
    Op::AddConstraint {
        table: q(table),
        constraint: c,
    }
}

fn add_column(table: &str, c: ColumnDef) -> Op {
    Op::AddColumn {
        table: q(table),
        column: c,
        if_not_exists: false,
    }
}

fn drop_column(table: &str, column: &str) -> Op {
    Op::DropColumn {
        table: q(table),
        column: column.into(),
        if_exists: false,
        cascade: false,
    }
}

fn drop_column_cascade(table: &str, column: &str) -> Op {
    Op::DropColumn {
        table: q(table),
        column: column.into(),
        if_exists: false,
        cascade: true,
    }
}

fn rename_column(table: &str, from: &str, to: &str) -> Op {
    Op::RenameColumn {
        table: q(table),
        from: from.into(),
        to: to.into(),
    }
}

fn alter(table: &str, column: &str, change: ColumnChange) -> Op {
    Op::AlterColumn {
        table: q(table),
        column: column.into(),
        change,
    }
}

fn drop_table(name: &str) -> Op {
    Op::DropTable {
        name: q(name),
        if_exists: false,
        cascade: false,
    }
}

fn drop_table_cascade(name: &str) -> Op {
    Op::DropTable {
        name: q(name),
        if_exists: false,
        cascade: true,
    }
}

fn rename_table(from: &str, to: &str) -> Op {
    Op::RenameTable {
        from: q(from),
        to: q(to),
    }
}

fn drop_index(name: &str) -> Op {
    Op::DropIndex {
        name: q(name),
        table: None,
        if_exists: false,
    }
}

fn view(name: &str, query: &str) -> Op {
    Op::CreateView {
        view: View {
            name: q(name),
            query: query.into(),
            materialized: false,
            columns: Vec::new(),
        },
        or_replace: false,
        if_not_exists: false,
    }
}

fn insert(table: &str) -> Op {
    Op::Data {
        kind: DataKind::Insert,
        table: Some(q(table)),
        rows: Some(1),
        sql: String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

#[test]
fn create_existing_table_is_an_error_unless_if_not_exists() {
    // PG: ERROR relation "s" already exists / NOTICE ... already exists, skipping.
    check!(Postgres, [
        create("s", vec![int("id")], vec![]),
        create("s", vec![int("id")], vec![]),
        create_if_not_exists("s", vec![int("other")]),
    ], @r#"
    table s
      id integer
    error[duplicate-table] @1: relation `s` already exists (help: use CREATE TABLE IF NOT EXISTS, or drop or rename the existing one first)
    info[skipped] @2: relation `s` already exists, skipping
    "#);
}

#[test]
fn temporary_tables_have_no_effect() {
    let Op::CreateTable(mut ct) = create("tmp", vec![int("id")], vec![]) else {
        unreachable!()
    };
    ct.temporary = true;
    check!(Postgres, [Op::CreateTable(ct)], @"");
}

#[test]
fn duplicate_column_in_create_table_rejects_the_table() {
    check!(Postgres, [create("t", vec![int("a"), text("a")], vec![])], @r#"
    error[duplicate-column] @0: column `a` is declared twice in table `t` (help: rename or remove one of them)
    "#);
}

#[test]
fn pg_drop_table_referenced_by_a_foreign_key_needs_cascade() {
    // PG: cannot drop table people because other objects depend on it; CASCADE drops the FK only.
    check!(Postgres, [
        create("users", vec![int("id").pk()], vec![]),
        create("orders", vec![int("id"), int("user_id").references("users", &[])], vec![]),
        drop_table("users"),
        drop_table_cascade("users"),
    ], @r#"
    table orders
      id integer
      user_id integer
    error[dependent-objects] @2: cannot drop table `users` because other objects depend on it: constraint orders_user_id_fkey on table orders (help: drop the dependent objects first, or use DROP TABLE ... CASCADE to drop them too)
    "#);
}

#[test]
fn pg_drop_table_used_by_a_view_needs_cascade() {
    check!(Postgres, [
        create("t", vec![int("id")], vec![]),
        view("tv", "SELECT id FROM t"),
        drop_table("t"),
        drop_table_cascade("t"),
    ], @r#"
    error[dependent-objects] @2: cannot drop table `t` because other objects depend on it: view tv (help: drop the dependent objects first, or use DROP TABLE ... CASCADE to drop them too)
    "#);
}

#[test]
fn mysql_drop_table_referenced_by_a_foreign_key_is_an_error() {
    // MariaDB: ERROR 1451 Cannot delete or update a parent row; a self-reference is fine.
    check!(Mysql, [
        create("users", vec![int("id").pk()], vec![]),
        create("orders", vec![int("id"), int("user_id").references("users", &["id"])], vec![]),
        create("s7", vec![int("id").pk(), int("p").references("s7", &["id"])], vec![]),
        drop_table_cascade("users"),
        drop_table("s7"),
    ], @r#"
    table orders
      id integer
      user_id integer
      fk orders_ibfk_1 (user_id) -> users (id)
      index user_id (user_id)
    table users
      id integer not null
      pk PRIMARY (id)
    error[dependent-objects] @3: cannot drop table `users` because other objects depend on it: constraint orders_ibfk_1 on table orders (help: drop the foreign keys that reference it first (ALTER TABLE ... DROP FOREIGN KEY))
    "#);
}

#[test]
fn sqlite_drop_table_referenced_by_a_foreign_key_is_allowed() {
    check!(Sqlite, [
        create("p", vec![col("id", DataType::Named("int".into())).pk()], vec![]),
        create("f", vec![int("uid").references("p", &["id"])], vec![]),
        drop_table("p"),
    ], @r#"
    table f
      uid integer
      fk (unnamed) (uid) -> p (id)
    "#);
}

#[test]
fn drop_missing_table_is_an_error_unless_if_exists() {
    check!(Postgres, [
        create("users", vec![int("id")], vec![]),
        drop_table("user"),
        Op::DropTable { name: q("user"), if_exists: true, cascade: false },
    ], @r#"
    table users
      id integer
    error[unknown-table] @1: table `user` does not exist (help: the schema has tables: users)
    info[skipped] @2: table `user` does not exist, skipping
    "#);
}

#[test]
fn pg_rename_table_keeps_constraint_index_and_sequence_names() {
    // PG: after ALTER TABLE users RENAME TO people: users_pkey, users_email_key, users_id_seq,
    // users_email_idx all unchanged; orders' FK now points at people.
    check!(Postgres, [
        create("users", vec![int("id").serial().pk(), text("email").unique()], vec![]),
        index("users", None, &["email"]),
        create("orders", vec![int("user_id").references("users", &[])], vec![]),
        rename_table("users", "people"),
    ], @r#"
    table orders
      user_id integer
      fk orders_user_id_fkey (user_id) -> people (id)
    table people
      id integer not null default nextval('users_id_seq')
      email text
      pk users_pkey (id)
      unique users_email_key (email)
      index users_email_idx (email)
    sequence users_id_seq owned by people.id
    "#);
}

#[test]
fn mysql_rename_table_renames_generated_foreign_key_names() {
    // MariaDB: RENAME TABLE orders TO orders_new turns orders_ibfk_1 into orders_new_ibfk_1;
    // named ones (myfk) stay.
    check!(Mysql, [
        create("users", vec![int("id").pk()], vec![]),
        create("orders", vec![int("id").pk(), int("user_id").references("users", &["id"]), int("uid3")],
            vec![named("myfk", fk(&["uid3"], "users", &["id"]))]),
        rename_table("orders", "orders_new"),
    ], @r#"
    table orders_new
      id integer not null
      user_id integer
      uid3 integer
      pk PRIMARY (id)
      fk orders_new_ibfk_1 (user_id) -> users (id)
      fk myfk (uid3) -> users (id)
      index user_id (user_id)
      index myfk (uid3)
    table users
      id integer not null
      pk PRIMARY (id)
    "#);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL names

#[test]
fn pg_constraint_names() {
    // PG: CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE, age int CHECK (age > 0),
    // a int, b int, CHECK (a < b), UNIQUE (a, b)) gives users_pkey, users_email_key,
    // users_age_check, users_check, users_a_b_key; id is NOT NULL with the sequence default.
    check!(Postgres, [
        create("users", vec![int("id").serial().pk(), text("email").unique(), int("age").check("age > 0"), int("a"), int("b")],
            vec![check("a < b"), unique(&["a", "b"])]),
        create("orders2", vec![int("id"), int("user_id").references("users", &[])], vec![]),
    ], @r#"
    table orders2
      id integer
      user_id integer
      fk orders2_user_id_fkey (user_id) -> users (id)
    table users
      id integer not null default nextval('users_id_seq')
      email text
      age integer
      a integer
      b integer
      pk users_pkey (id)
      unique users_email_key (email)
      check users_age_check (age > 0)
      check users_check (a < b)
      unique users_a_b_key (a, b)
    sequence users_id_seq owned by users.id
    "#);
}

#[test]
fn pg_serial_sequence_name_counts_on_clash() {
    // PG: with a sequence sim_t_id_seq, CREATE TABLE sim_t (id serial) → nextval('sim_t_id_seq1').
    check!(Postgres, [
        Op::CreateSequence { seq: Sequence { name: q("t_id_seq"), owned_by: None, data_type: None, start: None, increment: None }, if_not_exists: false },
        create("t", vec![int("id").serial()], vec![]),
    ], @r#"
    table t
      id integer not null default nextval('t_id_seq1')
    sequence t_id_seq
    sequence t_id_seq1 owned by t.id
    "#);
}

#[test]
fn mysql_serial_is_a_not_null_auto_increment_unique_key() {
    // MariaDB: CREATE TABLE t (id SERIAL) → bigint unsigned NOT NULL AUTO_INCREMENT, UNIQUE KEY `id`.
    check!(Mysql, [create("t", vec![col("id", DataType::Unsigned(Box::new(DataType::BigInt))).serial()], vec![])], @r#"
    table t
      id unsigned(bigint) not null auto_increment
      unique id (id)
    "#);
}

#[test]
fn pg_inline_primary_key_makes_the_column_not_null() {
    check!(Postgres, [create("t", vec![int("a").pk(), int("b")], vec![])], @r#"
    table t
      a integer not null
      b integer
      pk t_pkey (a)
    "#);
}

#[test]
fn pg_identity_column_is_not_null_and_its_sequence_is_not_modelled() {
    // PG: b_id_seq exists with pg_depend deptype 'i'; information_schema shows is_identity YES,
    // is_nullable NO, no default.
    check!(Postgres, [create("b", vec![int("id").identity(), int("v")], vec![])], @r#"
    table b
      id integer not null identity always
      v integer
    "#);
}

#[test]
fn pg_check_names_avoid_constraints_of_every_table_but_not_relations() {
    // PG: a has a_v_check; b has a constraint a_v_check1; a table a_v_check2 exists.
    // ALTER TABLE a ADD CHECK (v > 1) → a_v_check2, then a_v_check3.
    check!(Postgres, [
        create("a", vec![int("id").pk(), int("v").check("v > 0")], vec![]),
        create("b", vec![int("v").with(inline(named("a_v_check1", check("v > 0"))))], vec![]),
        create("a_v_check2", vec![], vec![]),
        add("a", check("v > 1")),
        add("a", check("v > 2")),
    ], @r#"
    table a
      id integer not null
      v integer
      pk a_pkey (id)
      check a_v_check (v > 0)
      check a_v_check2 (v > 1)
      check a_v_check3 (v > 2)
    table a_v_check2
    table b
      v integer
      check a_v_check1 (v > 0)
    "#);
}

#[test]
fn pg_unique_names_avoid_relations_and_constraints() {
    // PG: with a table a_id_key, ALTER TABLE a ADD UNIQUE (id) → a_id_key1; with a CHECK named
    // c_x_key on table a, ALTER TABLE c ADD UNIQUE (x) → c_x_key1; again → c_x_key2.
    check!(Postgres, [
        create("a", vec![int("id")], vec![]),
        create("a_id_key", vec![], vec![]),
        add("a", unique(&["id"])),
        create("c", vec![int("x")], vec![]),
        add("a", named("c_x_key", check("id > 0"))),
        add("c", unique(&["x"])),
        add("c", unique(&["x"])),
    ], @r#"
    table a
      id integer
      unique a_id_key1 (id)
      check c_x_key (id > 0)
    table a_id_key
    table c
      x integer
      unique c_x_key1 (x)
      unique c_x_key2 (x)
    "#);
}

#[test]
fn pg_unique_constraint_takes_a_relation_name() {
    // PG: CREATE INDEX users_email_key ON users(age) → relation "users_email_key" already exists.
    check!(Postgres, [
        create("users", vec![text("email").unique(), int("age")], vec![]),
        index("users", Some("users_email_key"), &["age"]),
    ], @r#"
    table users
      email text
      age integer
      unique users_email_key (email)
    error[duplicate-index] @1: an index or relation named `users_email_key` already exists (help: index names share the schema's namespace with tables: choose another name)
    "#);
}

#[test]
fn pg_names_are_cut_to_63_bytes_longer_part_first() {
    // PG: aaaa…(29)_bbbb…(29)_key, aaaa…(56)_cc_key, aaaa…(57)_z_seq.
    let table = "a".repeat(58);
    check!(Postgres, [
        create(&table, vec![int(&"b".repeat(46)).unique(), int("cc").unique(), int("z").serial()], vec![]),
    ], @r#"
    table aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb integer
      cc integer
      z integer not null default nextval('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_z_seq')
      unique aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_key (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)
      unique aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_cc_key (cc)
    sequence aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_z_seq owned by aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.z
    "#);
}

#[test]
fn pg_index_names_use_columns_function_names_or_expr_and_count_on_clash() {
    // PG: users_email_idx, users_email_idx1, users_lower_idx, users_a_b_idx,
    // users_expr_lower_idx, users_x_idx for a cast.
    check!(Postgres, [
        create("users", vec![text("email"), int("a"), int("b"), int("x")], vec![]),
        index("users", None, &["email"]),
        index("users", None, &["email"]),
        index("users", None, &["lower(email)"]),
        index("users", None, &["a", "b"]),
        index("users", None, &["(a + b)", "lower(email)"]),
        index("users", None, &["x::text"]),
        unique_index("users", None, &["x"]),
    ], @r#"
    table users
      email text
      a integer
      b integer
      x integer
      index users_email_idx (email)
      index users_email_idx1 (email)
      index users_lower_idx ((lower(email)))
      index users_a_b_idx (a, b)
      index users_expr_lower_idx (((a + b)), (lower(email)))
      index users_x_idx ((x::text))
      unique index users_x_idx1 (x)
    "#);
}

#[test]
fn pg_index_names_share_the_schema_namespace() {
    // PG: CREATE INDEX s_id_idx ON pp(id) when s_id_idx exists on s → relation already exists;
    // CREATE INDEX s ON pp(id) with a table s → relation "s" already exists.
    check!(Postgres, [
        create("s", vec![int("id")], vec![]),
        create("pp", vec![int("id")], vec![]),
        index("s", Some("s_id_idx"), &["id"]),
        index("pp", Some("s_id_idx"), &["id"]),
        index("pp", Some("s"), &["id"]),
        index("s", None, &["id"]),
    ], @r#"
    table pp
      id integer
    table s
      id integer
      index s_id_idx (id)
      index s_id_idx1 (id)
    error[duplicate-index] @3: an index or relation named `s_id_idx` already exists (help: index names share the schema's namespace with tables: choose another name)
    error[duplicate-index] @4: an index or relation named `s` already exists (help: index names share the schema's namespace with tables: choose another name)
    "#);
}

#[test]
fn pg_drop_index_that_implements_a_constraint_is_an_error() {
    // PG: cannot drop index users_pkey because constraint users_pkey on table people requires it.
    check!(Postgres, [
        create("users", vec![int("id").pk()], vec![]),
        index("users", None, &["id"]),
        drop_index("users_pkey"),
        drop_index("users_id_idx"),
        drop_index("nope"),
        Op::DropIndex { name: q("nope"), table: None, if_exists: true },
    ], @r#"
    table users
      id integer not null
      pk users_pkey (id)
    error[index-implements-constraint] @2: index `users_pkey` implements constraint `users_pkey` on table `users` (help: drop the constraint instead: ALTER TABLE users DROP CONSTRAINT users_pkey)
    error[unknown-index] @4: index `nope` does not exist (help: check the name: generated names are listed by `strata schema`)
    info[skipped] @5: index `nope` does not exist, skipping
    "#);
}

#[test]
fn pg_index_and_constraint_renames_go_together_and_drop_constraint_needs_cascade() {
    // PG: ALTER INDEX sim_u_pkey RENAME TO sim_u_pk renames the constraint; RENAME CONSTRAINT
    // renames the index; DROP CONSTRAINT sim_u_pk → constraint sim_o_uid_fkey depends on it;
    // CASCADE drops that foreign key too.
    check!(Postgres, [
        create("sim_u", vec![int("id").pk(), text("e").unique()], vec![]),
        create("sim_o", vec![int("uid").references("sim_u", &[])], vec![]),
        Op::RenameIndex { table: None, from: q("sim_u_pkey"), to: "sim_u_pk".into() },
        Op::RenameConstraint { table: q("sim_u"), from: "sim_u_e_key".into(), to: "sim_u_email_uq".into() },
        index("sim_o", Some("sim_u_email_uq"), &["uid"]),
        Op::DropConstraint { table: q("sim_u"), name: "sim_u_pk".into(), if_exists: false, cascade: false },
        Op::DropConstraint { table: q("sim_u"), name: "sim_u_pk".into(), if_exists: false, cascade: true },
        Op::DropConstraint { table: q("sim_u"), name: "nope".into(), if_exists: false, cascade: false },
    ], @r#"
    table sim_o
      uid integer
    table sim_u
      id integer not null
      e text
      unique sim_u_email_uq (e)
    error[duplicate-index] @4: an index or relation named `sim_u_email_uq` already exists (help: index names share the schema's namespace with tables: choose another name)
    error[dependent-objects] @5: cannot drop constraint `sim_u_pk` on table `sim_u` because other objects depend on it: constraint sim_o_uid_fkey on table sim_o (help: drop the dependent objects first, or use ALTER TABLE ... DROP CONSTRAINT ... CASCADE to drop them too)
    error[unknown-constraint] @7: constraint `nope` does not exist on table `sim_u` (help: the table has constraints: sim_u_email_uq)
    "#);
}

#[test]
fn mysql_drop_primary_key_referenced_by_a_foreign_key_is_an_error() {
    // MariaDB: ALTER TABLE u DROP PRIMARY KEY → errno 150 while o references u(id).
    check!(Mysql, [
        create("u", vec![int("id").pk()], vec![]),
        create("o", vec![int("uid")], vec![fk(&["uid"], "u", &["id"])]),
        Op::DropPrimaryKey { table: q("u") },
        Op::DropPrimaryKey { table: q("o") },
    ], @r#"
    table o
      uid integer
      fk o_ibfk_1 (uid) -> u (id)
      index uid (uid)
    table u
      id integer not null
      pk PRIMARY (id)
    error[index-needed-by-fk] @2: cannot drop index `PRIMARY`: needed in a foreign key constraint (help: drop the foreign key first, or create another index on its columns)
    error[unknown-constraint] @3: table `o` has no primary key (help: remove this statement)
    "#);
}

// ---------------------------------------------------------------------------------------------
// Foreign keys

#[test]
fn pg_foreign_key_target_must_be_unique_and_exist() {
    // PG: there is no unique constraint matching given keys for referenced table "pp".
    check!(Postgres, [
        create("pp", vec![int("id"), int("u").unique(), int("v")], vec![]),
        create("q1", vec![int("a").references("pp", &["id"])], vec![]),
        create("q2", vec![int("a").references("pp", &[])], vec![]),
        create("q3", vec![int("a").references("nope", &["id"])], vec![]),
        create("q4", vec![int("a").references("pp", &["u"])], vec![]),
        unique_index("pp", None, &["v"]),
        create("q5", vec![int("a").references("pp", &["v"])], vec![]),
    ], @r#"
    table pp
      id integer
      u integer
      v integer
      unique pp_u_key (u)
      unique index pp_v_idx (v)
    table q4
      a integer
      fk q4_a_fkey (a) -> pp (u)
    table q5
      a integer
      fk q5_a_fkey (a) -> pp (v)
    error[fk-target-not-unique] @1: no unique constraint on `pp` (id) for the foreign key to reference (help: add a primary key or UNIQUE constraint on pp (id))
    error[fk-target-not-unique] @2: table `pp` has no primary key for the foreign key to reference (help: name the referenced columns, or add a primary key to the referenced table)
    error[unknown-table] @3: table `nope` does not exist (help: the schema has tables: pp)
    "#);
}

#[test]
fn mysql_foreign_key_target_needs_an_index_not_uniqueness() {
    // MariaDB: REFERENCES r(b) with KEY (b) works; REFERENCES t(c) without an index fails with
    // errno 150 "Foreign key constraint is incorrectly formed".
    check!(Mysql, [
        create_with_keys("r", vec![int("id").pk(), int("b"), int("c")], vec![], vec![index("r", None, &["b"])]),
        create("s1", vec![int("rb")], vec![fk(&["rb"], "r", &["b"])]),
        create("s2", vec![int("rc")], vec![fk(&["rc"], "r", &["c"])]),
    ], @r#"
    table r
      id integer not null
      b integer
      c integer
      pk PRIMARY (id)
      index b (b)
    table s1
      rb integer
      fk s1_ibfk_1 (rb) -> r (b)
      index rb (rb)
    error[fk-target-not-indexed] @2: no index on `r` starts with (c), which the foreign key needs (help: add an index (or a key) on r (c))
    "#);
}

#[test]
fn mysql_foreign_key_names_and_their_indexes() {
    // MariaDB: user_id → orders_ibfk_1 + index user_id; uid2 → orders_ibfk_2 + index uid2;
    // CONSTRAINT myfk → index myfk; FK on id (the primary key) → orders_ibfk_3, no new index.
    check!(Mysql, [
        create("users", vec![int("id").pk()], vec![]),
        create("orders", vec![int("id").pk(), int("user_id").references("users", &["id"]), int("uid2"), int("uid3")],
            vec![fk(&["uid2"], "users", &["id"]), named("myfk", fk(&["uid3"], "users", &["id"])), fk(&["id"], "users", &["id"])]),
    ], @r#"
    table orders
      id integer not null
      user_id integer
      uid2 integer
      uid3 integer
      pk PRIMARY (id)
      fk orders_ibfk_1 (user_id) -> users (id)
      fk orders_ibfk_2 (uid2) -> users (id)
      fk myfk (uid3) -> users (id)
      fk orders_ibfk_3 (id) -> users (id)
      index user_id (user_id)
      index uid2 (uid2)
      index myfk (uid3)
    table users
      id integer not null
      pk PRIMARY (id)
    "#);
}

#[test]
fn mysql_foreign_key_number_is_one_more_than_the_largest() {
    // MariaDB: after adding orders_ibfk_7 by name, the next unnamed one is orders_ibfk_8.
    check!(Mysql, [
        create("users", vec![int("id").pk()], vec![]),
        create("orders", vec![int("x").references("users", &["id"])], vec![]),
        add("orders", named("orders_ibfk_7", fk(&["x"], "users", &["id"]))),
        add("orders", fk(&["x"], "users", &["id"])),
    ], @r#"
    table orders
      x integer
      fk orders_ibfk_1 (x) -> users (id)
      fk orders_ibfk_7 (x) -> users (id)
      fk orders_ibfk_8 (x) -> users (id)
      index x (x)
    table users
      id integer not null
      pk PRIMARY (id)
    "#);
}

#[test]
fn mysql_foreign_key_uses_a_key_declared_in_the_same_table() {
    // MariaDB: CREATE TABLE s3 (.., CONSTRAINT fk3 FOREIGN KEY (rid) REFERENCES r(id), KEY (rid))
    // has only the index rid; KEY k (rid, id) also covers it.
    check!(Mysql, [
        create("r", vec![int("id").pk()], vec![]),
        create_with_keys("s3", vec![int("id"), int("rid")], vec![named("fk3", fk(&["rid"], "r", &["id"]))], vec![index("s3", None, &["rid"])]),
        create_with_keys("s2", vec![int("id"), int("rid")], vec![fk(&["rid"], "r", &["id"])], vec![index("s2", Some("k"), &["rid", "id"])]),
    ], @r#"
    table r
      id integer not null
      pk PRIMARY (id)
    table s2
      id integer
      rid integer
      fk s2_ibfk_1 (rid) -> r (id)
      index k (rid, id)
    table s3
      id integer
      rid integer
      fk fk3 (rid) -> r (id)
      index rid (rid)
    "#);
}

#[test]
fn mysql_covering_key_drops_the_generated_foreign_key_index_but_not_a_users() {
    // MariaDB: CREATE TABLE c1 (id int PRIMARY KEY, a int, b int, FOREIGN KEY (a) REFERENCES
    // p(id)) gets the index a; CREATE INDEX ix_ab ON c1 (a, b) then leaves only ix_ab. The same
    // for a named foreign key's index (fk_x) and ADD UNIQUE KEY uq (a), for ADD PRIMARY KEY (a, b),
    // and after the foreign key itself was dropped (f1). Kept: the user's KEY mine (a), an index
    // (b, a) that does not lead with a, and the generated index once RENAME INDEX a TO renamed.
    let abc = || vec![int("id").pk(), int("a"), int("b")];
    check!(Mysql, [
        create("p", vec![int("id").pk()], vec![]),
        create("c1", abc(), vec![fk(&["a"], "p", &["id"])]),
        index("c1", Some("ix_ab"), &["a", "b"]),
        create("c2", abc(), vec![named("fk_x", fk(&["a"], "p", &["id"]))]),
        add("c2", named("uq", unique(&["a"]))),
        create_with_keys("c3", abc(), vec![fk(&["a"], "p", &["id"])], vec![index("c3", Some("mine"), &["a"])]),
        index("c3", Some("ix_ab"), &["a", "b"]),
        create("c4", abc(), vec![fk(&["a"], "p", &["id"])]),
        index("c4", Some("ix_ba"), &["b", "a"]),
        create("c5", vec![int("a"), int("b")], vec![fk(&["a"], "p", &["id"])]),
        add("c5", pk(&["a", "b"])),
        create("c8", abc(), vec![fk(&["a"], "p", &["id"])]),
        Op::RenameIndex { table: Some(q("c8")), from: q("a"), to: "renamed".into() },
        index("c8", Some("ix_ab"), &["a", "b"]),
        create("d2", abc(), vec![named("f1", fk(&["a"], "p", &["id"]))]),
        Op::DropConstraintOfKind { table: q("d2"), name: "f1".into(), kind: ConstraintKindTag::ForeignKey },
        index("d2", Some("ix_ab"), &["a", "b"]),
    ], @r#"
    table c1
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk c1_ibfk_1 (a) -> p (id)
      index ix_ab (a, b)
    table c2
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk fk_x (a) -> p (id)
      unique uq (a)
    table c3
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk c3_ibfk_1 (a) -> p (id)
      index mine (a)
      index ix_ab (a, b)
    table c4
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk c4_ibfk_1 (a) -> p (id)
      index a (a)
      index ix_ba (b, a)
    table c5
      a integer not null
      b integer not null
      fk c5_ibfk_1 (a) -> p (id)
      pk PRIMARY (a, b)
    table c8
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk c8_ibfk_1 (a) -> p (id)
      index renamed (a)
      index ix_ab (a, b)
    table d2
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      index ix_ab (a, b)
    table p
      id integer not null
      pk PRIMARY (id)
    "#);
}

#[test]
fn mysql_covering_key_may_take_the_name_of_the_generated_index_it_drops() {
    // MariaDB: with the generated index a on (a), ALTER TABLE e1 ADD INDEX (a, b) names the new
    // index a, and so does CREATE INDEX a ON e2 (a, b); CREATE INDEX a ON e4 (b) is
    // ERROR 1061 Duplicate key name 'a'.
    let abc = || vec![int("id").pk(), int("a"), int("b")];
    check!(Mysql, [
        create("p", vec![int("id").pk()], vec![]),
        create("e1", abc(), vec![fk(&["a"], "p", &["id"])]),
        index("e1", None, &["a", "b"]),
        create("e2", abc(), vec![fk(&["a"], "p", &["id"])]),
        index("e2", Some("a"), &["a", "b"]),
        create("e4", abc(), vec![fk(&["a"], "p", &["id"])]),
        index("e4", Some("a"), &["b"]),
    ], @r#"
    table e1
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk e1_ibfk_1 (a) -> p (id)
      index a (a, b)
    table e2
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk e2_ibfk_1 (a) -> p (id)
      index a (a, b)
    table e4
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk e4_ibfk_1 (a) -> p (id)
      index a (a)
    table p
      id integer not null
      pk PRIMARY (id)
    error[duplicate-index] @6: an index or relation named `a` already exists (help: index names are per table in MariaDB; choose another name on `e4`)
    "#);
}

#[test]
fn mysql_new_foreign_key_replaces_a_generated_index_it_would_share() {
    // MariaDB: c7 has the generated index a for its foreign key on (a); ADD CONSTRAINT fk_new
    // FOREIGN KEY (a) leaves only the index fk_new. With CONSTRAINT fk_one first, an unnamed one
    // leaves the index a. A longer foreign key (a, b) replaces the index of one on (a); a shorter
    // one is served by the longer one's index (p has KEY idb (id, b) for the two-column ones).
    let abc = || vec![int("id").pk(), int("a"), int("b")];
    check!(Mysql, [
        create_with_keys("p", vec![int("id").pk(), int("b")], vec![], vec![index("p", Some("idb"), &["id", "b"])]),
        create("c7", abc(), vec![fk(&["a"], "p", &["id"])]),
        add("c7", named("fk_new", fk(&["a"], "p", &["id"]))),
        create("c7b", abc(), vec![named("fk_one", fk(&["a"], "p", &["id"]))]),
        add("c7b", fk(&["a"], "p", &["id"])),
        create("d4", abc(), vec![named("d4_f1", fk(&["a"], "p", &["id"]))]),
        add("d4", named("d4_f2", fk(&["a", "b"], "p", &["id", "b"]))),
        create("d5", abc(), vec![named("d5_f1", fk(&["a", "b"], "p", &["id", "b"]))]),
        add("d5", named("d5_f2", fk(&["a"], "p", &["id"]))),
    ], @r#"
    table c7
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk c7_ibfk_1 (a) -> p (id)
      fk fk_new (a) -> p (id)
      index fk_new (a)
    table c7b
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk fk_one (a) -> p (id)
      fk c7b_ibfk_1 (a) -> p (id)
      index a (a)
    table d4
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk d4_f1 (a) -> p (id)
      fk d4_f2 (a, b) -> p (id, b)
      index d4_f2 (a, b)
    table d5
      id integer not null
      a integer
      b integer
      pk PRIMARY (id)
      fk d5_f1 (a, b) -> p (id, b)
      fk d5_f2 (a) -> p (id)
      index d5_f1 (a, b)
    table p
      id integer not null
      b integer
      pk PRIMARY (id)
      index idb (id, b)
    "#);
}

#[test]
fn sqlite_foreign_key_to_a_missing_table_is_only_a_warning() {
    check!(Sqlite, [create("g", vec![int("id").references("nope", &["id"])], vec![])], @r#"
    table g
      id integer
      fk (unnamed) (id) -> nope (id)
    warning[unknown-table] @0: foreign key references table `nope`, which does not exist (help: SQLite accepts it, but inserts fail once `PRAGMA foreign_keys` is on: create the table first)
    "#);
}

// ---------------------------------------------------------------------------------------------
// MariaDB names

#[test]
fn mysql_key_and_check_names() {
    // MariaDB: CREATE TABLE users (id int PRIMARY KEY AUTO_INCREMENT, email varchar(100) UNIQUE,
    // age int CHECK (age > 0), a int, b int, CHECK (a < b), UNIQUE (a, b), UNIQUE(email),
    // KEY (email), CONSTRAINT CHECK (a > 0)) → PRIMARY, email, a, email_2, index email_3,
    // checks age, CONSTRAINT_1, CONSTRAINT_2.
    check!(Mysql, [
        create_with_keys("users",
            vec![int("id").pk(), col("email", DataType::Varchar(Some(100))).unique(), int("age").check("age > 0"), int("a"), int("b")],
            vec![check("a < b"), unique(&["a", "b"]), unique(&["email"]), check("a > 0")],
            vec![index("users", None, &["email"])]),
    ], @r#"
    table users
      id integer not null
      email varchar(100)
      age integer
      a integer
      b integer
      pk PRIMARY (id)
      unique email (email)
      check age (age > 0)
      check CONSTRAINT_1 (a < b)
      unique a (a, b)
      unique email_2 (email)
      check CONSTRAINT_2 (a > 0)
      index email_3 (email)
    "#);
}

#[test]
fn mysql_auto_increment_column_is_not_null() {
    // MariaDB: CREATE TABLE t (id int AUTO_INCREMENT, KEY(id)) → IS_NULLABLE NO.
    let mut id = int("id");
    id.column.auto_increment = true;
    check!(Mysql, [create_with_keys("t", vec![id], vec![], vec![index("t", None, &["id"])])], @r#"
    table t
      id integer not null auto_increment
      index id (id)
    "#);
}

#[test]
fn mysql_unnamed_table_check_takes_the_first_free_number() {
    // MariaDB: checks CONSTRAINT_1, _2, _3, then CONSTRAINT_9 by name, then CONSTRAINT_4; a
    // column added with a CHECK names it after the column.
    check!(Mysql, [
        create("t7", vec![int("v").check("v > 0"), int("w")], vec![check("w > 0"), check("w < 100")]),
        add("t7", check("v < 10")),
        add("t7", named("CONSTRAINT_9", check("v < 11"))),
        add("t7", check("v < 12")),
        add_column("t7", int("z").check("z > 0")),
    ], @r#"
    table t7
      v integer
      w integer
      z integer
      check v (v > 0)
      check CONSTRAINT_1 (w > 0)
      check CONSTRAINT_2 (w < 100)
      check CONSTRAINT_3 (v < 10)
      check CONSTRAINT_9 (v < 11)
      check CONSTRAINT_4 (v < 12)
      check z (z > 0)
    "#);
}

#[test]
fn mysql_key_names_are_per_table() {
    // MariaDB: CREATE INDEX a ON t (b) → Duplicate key name 'a'; ALTER TABLE t ADD INDEX (a)
    // after UNIQUE (a) → a_2; the same name on another table is fine.
    check!(Mysql, [
        create("t", vec![int("a"), int("b")], vec![]),
        add("t", unique(&["a"])),
        index("t", None, &["a"]),
        index("t", None, &["a", "b"]),
        index("t", Some("a"), &["b"]),
        create("u", vec![int("b")], vec![]),
        index("u", Some("a"), &["b"]),
        unique_index("u", None, &["b"]),
    ], @r#"
    table t
      a integer
      b integer
      unique a (a)
      index a_2 (a)
      index a_3 (a, b)
    table u
      b integer
      unique b (b)
      index a (b)
    error[duplicate-index] @4: an index or relation named `a` already exists (help: index names are per table in MariaDB; choose another name on `t`)
    "#);
}

#[test]
fn mysql_primary_key_is_named_primary_and_only_one_is_allowed() {
    // MariaDB: ALTER TABLE s8 ADD CONSTRAINT foo PRIMARY KEY (id) → Multiple primary key defined.
    check!(Mysql, [
        create("s8", vec![int("id")], vec![]),
        add("s8", pk(&["id"])),
        add("s8", named("foo", pk(&["id"]))),
    ], @r#"
    table s8
      id integer not null
      pk PRIMARY (id)
    error[duplicate-primary-key] @2: table `s8` already has a primary key (help: drop the existing primary key first)
    "#);
}

#[test]
fn mysql_drop_column_shrinks_keys_and_drops_checks_that_use_it() {
    // MariaDB: ALTER TABLE t DROP COLUMN a drops keys a (a) and a_2 (a), turns a_3 (a, b) into
    // (b); dropping w drops CONSTRAINT_1 (w > 0).
    check!(Mysql, [
        create("t", vec![int("a"), int("b"), int("w")], vec![check("w > 0"), check("b > 0")]),
        add("t", unique(&["a"])),
        index("t", None, &["a"]),
        index("t", None, &["a", "b"]),
        drop_column("t", "a"),
        drop_column("t", "w"),
    ], @r#"
    table t
      b integer
      check CONSTRAINT_2 (b > 0)
      index a_3 (b)
    "#);
}

#[test]
fn mysql_drop_of_a_key_needed_by_a_foreign_key_is_an_error() {
    // MariaDB: ERROR 1553 Cannot drop index 'rb': needed in a foreign key constraint, for
    // DROP COLUMN on either side and for DROP INDEX.
    check!(Mysql, [
        create_with_keys("r", vec![int("id").pk(), int("b")], vec![], vec![index("r", None, &["b"])]),
        create("s1", vec![int("id"), int("rb")], vec![fk(&["rb"], "r", &["b"])]),
        drop_column("r", "b"),
        drop_column("s1", "rb"),
        Op::DropConstraintOfKind { table: q("s1"), name: "rb".into(), kind: ConstraintKindTag::Index },
        Op::DropConstraintOfKind { table: q("s1"), name: "s1_ibfk_1".into(), kind: ConstraintKindTag::ForeignKey },
        Op::DropConstraintOfKind { table: q("s1"), name: "rb".into(), kind: ConstraintKindTag::Index },
    ], @r#"
    table r
      id integer not null
      b integer
      pk PRIMARY (id)
      index b (b)
    table s1
      id integer
      rb integer
    error[index-needed-by-fk] @2: cannot drop column `b` of `r`: its index is needed in a foreign key constraint (help: drop the foreign key first (ALTER TABLE ... DROP FOREIGN KEY))
    error[index-needed-by-fk] @3: cannot drop column `rb` of `s1`: its index is needed in a foreign key constraint (help: drop the foreign key first (ALTER TABLE ... DROP FOREIGN KEY))
    error[index-needed-by-fk] @4: cannot drop index `rb`: needed in a foreign key constraint (help: drop the foreign key first, or create another index on its columns)
    "#);
}

#[test]
fn mysql_add_column_first_and_after() {
    // MariaDB: ADD COLUMN f int FIRST, ADD COLUMN g int AFTER id → f, id, g, rid.
    check!(Mysql, [
        create("s2", vec![int("id"), int("rid")], vec![]),
        add_column("s2", int("f").at(ColumnPosition::First)),
        add_column("s2", int("g").at(ColumnPosition::After("id".into()))),
        add_column("s2", int("h").at(ColumnPosition::After("nope".into()))),
    ], @r#"
    table s2
      f integer
      id integer
      g integer
      rid integer
    error[unknown-column] @3: column `nope` does not exist in table `s2` (help: the table has: f, id, g, rid)
    "#);
}

#[test]
fn mysql_rename_column_keeps_check_names_and_updates_references() {
    // MariaDB: RENAME COLUMN v TO vv keeps the check named v with `vv` > 0; FKs of other tables
    // that reference r.b now reference r.bb.
    check!(Mysql, [
        create_with_keys("r", vec![int("id").pk(), int("v").check("v > 0"), int("b")], vec![], vec![index("r", None, &["b"])]),
        create("s1", vec![int("rb")], vec![fk(&["rb"], "r", &["b"])]),
        rename_column("r", "v", "vv"),
        rename_column("r", "b", "bb"),
    ], @r#"
    table r
      id integer not null
      vv integer
      bb integer
      pk PRIMARY (id)
      check v (vv > 0)
      index b (bb)
    table s1
      rb integer
      fk s1_ibfk_1 (rb) -> r (bb)
      index rb (rb)
    "#);
}

#[test]
fn mysql_modify_and_change_redefine_the_whole_column() {
    let mut changed = int("c2").not_null();
    changed.position = Some(ColumnPosition::First);
    check!(Mysql, [
        create("t", vec![int("a"), int("b").not_null().default("1"), int("c")], vec![]),
        alter("t", "b", ColumnChange::Redefine { column: Box::new(col("b", DataType::BigInt)) }),
        alter("t", "c", ColumnChange::Redefine { column: Box::new(changed) }),
        alter("t", "a", ColumnChange::Redefine { column: Box::new(int("b")) }),
    ], @r#"
    table t
      c2 integer not null
      a integer
      b bigint
    error[duplicate-column] @3: column `b` of table `t` already exists (help: choose another name)
    "#);
}

// ---------------------------------------------------------------------------------------------
// SQLite

#[test]
fn sqlite_autoindex_names_follow_declaration_order() {
    // SQLite: t (id INTEGER PRIMARY KEY, a UNIQUE, UNIQUE (b, c)) → autoindex _1, _2 and no
    // index for the rowid; u (id int PRIMARY KEY, a UNIQUE, b UNIQUE) → _1, _2, _3;
    // w (PRIMARY KEY (a, b), UNIQUE (a)) → _1, _2.
    let int_not_integer = |n: &str| col(n, DataType::Named("int".into()));
    check!(Sqlite, [
        create("t", vec![int("id").pk(), text("a").unique(), int("b"), int("c")], vec![unique(&["b", "c"])]),
        create("u", vec![int_not_integer("id").pk(), text("a").unique(), int("b").unique()], vec![]),
        create("w", vec![int("a"), int("b")], vec![pk(&["a", "b"]), unique(&["a"])]),
    ], @r#"
    table t
      id integer
      a text
      b integer
      c integer
      pk (unnamed) (id)
      unique sqlite_autoindex_t_1 (a)
      unique sqlite_autoindex_t_2 (b, c)
    table u
      id int
      a text
      b integer
      pk sqlite_autoindex_u_1 (id)
      unique sqlite_autoindex_u_2 (a)
      unique sqlite_autoindex_u_3 (b)
    table w
      a integer
      b integer
      pk sqlite_autoindex_w_1 (a, b)
      unique sqlite_autoindex_w_2 (a)
    "#);
}

#[test]
fn sqlite_named_keys_keep_their_names_and_take_an_autoindex_number() {
    // SQLite: t (id int, a int, b int UNIQUE, CONSTRAINT pk_t PRIMARY KEY (id),
    // CONSTRAINT uq_a UNIQUE (a), UNIQUE (a, b)) → indexes sqlite_autoindex_t_1 (b), _2 (id),
    // _3 (a), _4 (a, b); the declared names live only in the stored CREATE TABLE text (where
    // introspection reads them), so `CREATE INDEX pk_t` succeeds.
    let int_not_integer = |n: &str| col(n, DataType::Named("int".into()));
    check!(Sqlite, [
        create("t", vec![int_not_integer("id"), int("a"), int("b").unique()], vec![named("pk_t", pk(&["id"])), named("uq_a", unique(&["a"])), unique(&["a", "b"])]),
        index("t", Some("pk_t"), &["a"]),
    ], @r#"
    table t
      id int
      a integer
      b integer
      unique sqlite_autoindex_t_1 (b)
      pk pk_t (id)
      unique uq_a (a)
      unique sqlite_autoindex_t_4 (a, b)
      index pk_t (a)
    "#);
}

#[test]
fn sqlite_rename_table_renames_autoindexes_and_foreign_key_references() {
    // SQLite: ALTER TABLE u2 RENAME TO u3 → sqlite_autoindex_u3_1..3, and f's REFERENCES "u3".
    check!(Sqlite, [
        create("u2", vec![text("id").pk(), text("a").unique()], vec![]),
        create("f", vec![text("uid").references("u2", &["id"])], vec![]),
        rename_table("u2", "u3"),
    ], @r#"
    table f
      uid text
      fk (unnamed) (uid) -> u3 (id)
    table u3
      id text
      a text
      pk sqlite_autoindex_u3_1 (id)
      unique sqlite_autoindex_u3_2 (a)
    "#);
}

#[test]
fn sqlite_alembic_batch_rebuild_lifts_alter_table_limits_and_renumbers() {
    // Real Alembic (batch_alter_table on SQLite) on t (id INTEGER PRIMARY KEY, a, b,
    // c int UNIQUE, CHECK (a > 0), CONSTRAINT ck_b CHECK (b > 0), UNIQUE (b),
    // CONSTRAINT uq_x UNIQUE (a, b)), making b NOT NULL and adding uq_new (a): the new table
    // declares PRIMARY KEY, ck_b, uq_x, uq_new, UNIQUE (c), UNIQUE (b), so uq_x..(b) take
    // autoindexes 1..4, and the unnamed CHECK is left out (Alembic warns). The second rebuild
    // names a missing column: nothing of it applies.
    let rebuild = |ops: Vec<Op>| Op::RebuildTable { table: q("t"), ops };
    check!(Sqlite, [
        create("t", vec![int("id").pk(), int("a"), int("b"), int("c").unique()], vec![check("a > 0"), named("ck_b", check("b > 0")), unique(&["b"]), named("uq_x", unique(&["a", "b"]))]),
        rebuild(vec![alter("t", "b", ColumnChange::SetNullable(false)), add("t", named("uq_new", unique(&["a"])))]),
        rebuild(vec![alter("t", "a", ColumnChange::SetType { ty: DataType::Text, using: None }), drop_column("t", "nope")]),
    ], @r#"
    table t
      id integer
      a integer
      b integer not null
      c integer
      pk (unnamed) (id)
      check ck_b (b > 0)
      unique uq_x (a, b)
      unique uq_new (a)
      unique sqlite_autoindex_t_3 (c)
      unique sqlite_autoindex_t_4 (b)
    warning[unnamed-check-dropped] @1: Alembic's batch mode recreates `t` without its unnamed CHECK (a > 0) (help: name the CHECK constraint, or restate it with `batch_alter_table(..., table_args=[sa.CheckConstraint(...)])`)
    error[unknown-column] @2: column `nope` does not exist in table `t` (help: the table has: id, a, b, c)
    "#);
}

#[test]
fn sqlite_rebuild_idiom_ends_with_autoindexes_named_after_the_table() {
    check!(Sqlite, [
        create("t", vec![int("id").pk(), int("b").unique()], vec![]),
        create("new_t", vec![int("id").pk(), int("b").unique(), int("c").unique()], vec![]),
        insert("new_t"),
        drop_table("t"),
        rename_table("new_t", "t"),
    ], @r#"
    table t
      id integer
      b integer
      c integer
      pk (unnamed) (id)
      unique sqlite_autoindex_t_1 (b)
      unique sqlite_autoindex_t_2 (c)
    "#);
}

#[test]
fn sqlite_alter_table_beyond_rename_add_drop_is_unsupported() {
    check!(Sqlite, [
        create("t", vec![int("id"), int("b")], vec![]),
        add("t", named("foo", check("b > 0"))),
        alter("t", "b", ColumnChange::SetNullable(false)),
        Op::DropConstraint { table: q("t"), name: "foo".into(), if_exists: false, cascade: false },
    ], @r#"
    table t
      id integer
      b integer
    error[unsupported-in-dialect] @1: SQLite's ALTER TABLE cannot do this: constraints cannot be added, dropped or changed with ALTER TABLE (help: rebuild the table: create the new table, copy rows, drop the old, rename)
    error[unsupported-in-dialect] @2: SQLite's ALTER TABLE cannot do this: a column's nullability cannot be changed (help: rebuild the table: create the new table, copy rows, drop the old, rename)
    error[unsupported-in-dialect] @3: SQLite's ALTER TABLE cannot do this: constraints cannot be added, dropped or changed with ALTER TABLE (help: rebuild the table: create the new table, copy rows, drop the old, rename)
    "#);
}

#[test]
fn sqlite_add_column_restrictions() {
    // SQLite: Cannot add a PRIMARY KEY column / Cannot add a UNIQUE column; NOT NULL without a
    // default fails only when the table has rows ("Cannot add a NOT NULL column with default
    // value NULL"), so it is a warning.
    check!(Sqlite, [
        create("t", vec![int("id")], vec![]),
        add_column("t", int("p").pk()),
        add_column("t", int("u").unique()),
        add_column("t", int("n").not_null()),
        add_column("t", int("d").not_null().default("0")),
    ], @r#"
    table t
      id integer
      n integer not null
      d integer not null default 0
    error[unsupported-in-dialect] @1: SQLite: Cannot add a PRIMARY KEY column (`p`) (help: rebuild the table: create the new table, copy rows, drop the old, rename; or add the column plain and CREATE UNIQUE INDEX on it)
    error[unsupported-in-dialect] @2: SQLite: Cannot add a UNIQUE column (`u`) (help: rebuild the table: create the new table, copy rows, drop the old, rename; or add the column plain and CREATE UNIQUE INDEX on it)
    warning[not-null-without-default] @3: SQLite: adding NOT NULL column `n` without a default fails if the table has rows (help: give the column a non-NULL DEFAULT, or rebuild the table)
    "#);
}

#[test]
fn sqlite_drop_column_fails_when_a_key_index_or_table_check_uses_it() {
    // SQLite: cannot drop UNIQUE column "a"; cannot drop PRIMARY KEY column "id";
    // "error in index i_d after drop column"; a column in UNIQUE (b, c) or in a CHECK that also
    // reads other columns fails; an inline REFERENCES column drops with its constraint.
    check!(Sqlite, [
        create("p", vec![text("id").pk()], vec![]),
        create("t", vec![text("id").pk(), text("a").unique(), int("b"), int("c"), int("d"), int("e"), int("f").references("p", &["id"])],
            vec![unique(&["b", "c"]), check("e > b")]),
        index("t", Some("i_d"), &["d"]),
        drop_column("t", "a"),
        drop_column("t", "id"),
        drop_column("t", "c"),
        drop_column("t", "d"),
        drop_column("t", "e"),
        drop_column("t", "f"),
    ], @r#"
    table p
      id text
      pk sqlite_autoindex_p_1 (id)
    table t
      id text
      a text
      b integer
      c integer
      d integer
      e integer
      pk sqlite_autoindex_t_1 (id)
      unique sqlite_autoindex_t_2 (a)
      unique sqlite_autoindex_t_3 (b, c)
      check (unnamed) (e > b)
      index i_d (d)
    error[dependent-objects] @3: SQLite cannot drop column `a` of `t`: it is used by a UNIQUE constraint (help: rebuild the table: create the new table, copy rows, drop the old, rename)
    error[dependent-objects] @4: SQLite cannot drop column `id` of `t`: it is used by the PRIMARY KEY (help: rebuild the table: create the new table, copy rows, drop the old, rename)
    error[dependent-objects] @5: SQLite cannot drop column `c` of `t`: it is used by a UNIQUE constraint (help: rebuild the table: create the new table, copy rows, drop the old, rename)
    error[dependent-objects] @6: SQLite cannot drop column `d` of `t`: it is used by index `i_d` (help: drop index i_d first)
    error[dependent-objects] @7: SQLite cannot drop column `e` of `t`: it is used by the CHECK (e > b) (help: rebuild the table: create the new table, copy rows, drop the old, rename)
    "#);
}

#[test]
fn sqlite_index_names_share_the_namespace_with_tables() {
    // SQLite: there is already a table named u3 / index i1 already exists.
    // SQLite: index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped.
    check!(Sqlite, [
        create("t", vec![int("b").unique()], vec![]),
        index("t", Some("i1"), &["b"]),
        index("t", Some("t"), &["b"]),
        create("i1", vec![int("x")], vec![]),
        drop_index("sqlite_autoindex_t_1"),
    ], @r#"
    table t
      b integer
      unique sqlite_autoindex_t_1 (b)
      index i1 (b)
    error[duplicate-index] @2: an index or relation named `t` already exists (help: index names share the schema's namespace with tables: choose another name)
    error[duplicate-table] @3: relation `i1` already exists (help: use CREATE TABLE IF NOT EXISTS, or drop or rename the existing one first)
    error[index-implements-constraint] @4: index `sqlite_autoindex_t_1` implements constraint `sqlite_autoindex_t_1` on table `t` (help: SQLite keeps this index as long as the UNIQUE or PRIMARY KEY constraint exists: rebuild the table without it)
    "#);
}

// ---------------------------------------------------------------------------------------------
// Columns

#[test]
fn unknown_column_help_lists_the_table_columns() {
    check!(Postgres, [
        create("users", vec![int("id"), text("email")], vec![]),
        index("users", None, &["emial"]),
        drop_column("users", "emial"),
        Op::DropColumn { table: q("users"), column: "emial".into(), if_exists: true, cascade: false },
        drop_column("nope", "x"),
    ], @r#"
    table users
      id integer
      email text
    error[unknown-column] @1: column `emial` does not exist in table `users` (help: did you mean `email`? the table has: id, email)
    error[unknown-column] @2: column `emial` does not exist in table `users` (help: did you mean `email`? the table has: id, email)
    info[skipped] @3: column `emial` of relation `users` does not exist, skipping
    error[unknown-table] @4: table `nope` does not exist (help: the schema has tables: users)
    "#);
}

#[test]
fn add_existing_column_is_an_error_unless_if_not_exists() {
    check!(Postgres, [
        create("s", vec![int("id")], vec![]),
        add_column("s", int("id")),
        Op::AddColumn { table: q("s"), column: int("id"), if_not_exists: true },
    ], @r#"
    table s
      id integer
    error[duplicate-column] @1: column `id` of table `s` already exists (help: use ADD COLUMN IF NOT EXISTS, or choose another name)
    info[skipped] @2: column `id` of relation `s` already exists, skipping
    "#);
}

#[test]
fn pg_add_column_with_a_failing_constraint_adds_nothing() {
    check!(Postgres, [
        create("t", vec![int("id")], vec![]),
        add_column("t", int("x").serial().references("nope", &[])),
    ], @r#"
    table t
      id integer
    error[unknown-table] @1: table `nope` does not exist (help: the schema has tables: t)
    "#);
}

#[test]
fn pg_drop_column_takes_the_tables_indexes_and_constraints_with_it() {
    // PG: dropping e drops p_e_check and the indexes on (e, f) and (e); dropping f drops the
    // multi-column UNIQUE (f, g) and the CHECK (f > g).
    check!(Postgres, [
        create("p", vec![int("id").pk(), text("e").check("e <> ''"), int("f"), int("g")], vec![unique(&["f", "g"]), check("f > g")]),
        index("p", None, &["e", "f"]),
        index("p", None, &["e"]),
        drop_column("p", "e"),
        drop_column("p", "f"),
    ], @r#"
    table p
      id integer not null
      g integer
      pk p_pkey (id)
    "#);
}

#[test]
fn pg_drop_column_that_other_objects_use_needs_cascade() {
    // PG: cannot drop column f of table p because other objects depend on it (constraint
    // q3_f_g_fkey on table q3; view pv). A SELECT * view depends on the columns it had.
    check!(Postgres, [
        create("p", vec![int("id").pk(), int("f"), int("g")], vec![unique(&["f", "g"])]),
        create("q3", vec![int("f"), int("g")], vec![fk(&["f", "g"], "p", &["f", "g"])]),
        view("pv", "SELECT id, g FROM p"),
        create("sel", vec![int("x")], vec![]),
        view("selv", "SELECT * FROM sel"),
        add_column("sel", int("y")),
        drop_column("p", "f"),
        drop_column("p", "id"),
        drop_column("sel", "y"),
        drop_column("sel", "x"),
        drop_column_cascade("p", "f"),
    ], @r#"
    table p
      id integer not null
      g integer
      pk p_pkey (id)
    table q3
      f integer
      g integer
    table sel
      x integer
    view pv: SELECT id, g FROM p
    view selv: SELECT * FROM sel
    error[dependent-objects] @6: cannot drop column `f` of table `p` because other objects depend on it: constraint q3_f_g_fkey on table q3 (help: drop the dependent objects first, or use DROP COLUMN ... CASCADE to drop them too)
    error[dependent-objects] @7: cannot drop column `id` of table `p` because other objects depend on it: view pv (help: drop the dependent objects first, or use DROP COLUMN ... CASCADE to drop them too)
    error[dependent-objects] @9: cannot drop column `x` of table `sel` because other objects depend on it: view selv (help: drop the dependent objects first, or use DROP COLUMN ... CASCADE to drop them too)
    "#);
}

#[test]
fn pg_drop_serial_column_drops_its_sequence() {
    check!(Postgres, [
        create("tt", vec![int("id").serial(), int("x")], vec![]),
        drop_column("tt", "id"),
    ], @r#"
    table tt
      x integer
    "#);
}

#[test]
fn pg_rename_column_updates_constraints_indexes_and_references() {
    check!(Postgres, [
        create("p", vec![int("id").serial().pk(), int("v").check("v > 0")], vec![]),
        index("p", None, &["v"]),
        index("p", None, &["abs(v)"]),
        create("c", vec![int("pid").references("p", &["id"])], vec![]),
        rename_column("p", "id", "pid"),
        rename_column("p", "v", "w"),
        rename_column("p", "w", "pid"),
    ], @r#"
    table c
      pid integer
      fk c_pid_fkey (pid) -> p (pid)
    table p
      pid integer not null default nextval('p_id_seq')
      w integer
      pk p_pkey (pid)
      check p_v_check (w > 0)
      index p_v_idx (w)
      index p_abs_idx ((abs(w)))
    sequence p_id_seq owned by p.pid
    error[duplicate-column] @6: column `pid` of table `p` already exists (help: choose another name)
    "#);
}

#[test]
fn pg_alter_column_rules() {
    // PG: column "id" is in a primary key; cannot alter type of a column used by a view or rule;
    // column "v" must be declared NOT NULL before identity can be added; column "w" already has a
    // default value.
    check!(Postgres, [
        create("t", vec![int("id").pk(), int("v"), int("w")], vec![]),
        view("tv", "SELECT v FROM t"),
        alter("t", "v", ColumnChange::SetType { ty: DataType::BigInt, using: None }),
        alter("t", "w", ColumnChange::SetType { ty: DataType::BigInt, using: None }),
        alter("t", "id", ColumnChange::SetNullable(true)),
        alter("t", "v", ColumnChange::SetIdentity(Some(Identity::Always))),
        alter("t", "w", ColumnChange::SetNullable(false)),
        alter("t", "w", ColumnChange::SetIdentity(Some(Identity::ByDefault))),
        alter("t", "id", ColumnChange::SetDefault(Some("0".into()))),
        alter("t", "id", ColumnChange::SetIdentity(Some(Identity::ByDefault))),
        Op::SetColumnComment { table: q("t"), column: "w".into(), comment: Some("counter".into()) },
    ], @r#"
    table t
      id integer not null default 0
      v integer
      w bigint not null identity by default comment "counter"
      pk t_pkey (id)
    view tv: SELECT v FROM t
    error[dependent-objects] @2: cannot alter type of column `v` of `t`: a view uses it (help: drop the view, alter the column, and create the view again)
    error[column-in-primary-key] @4: column `id` is in the primary key of `t` and cannot be made nullable (help: drop the primary key first)
    error[column-nullable] @5: column `v` of `t` must be declared NOT NULL before identity can be added (help: first: ALTER TABLE t ALTER COLUMN v SET NOT NULL)
    error[column-has-default] @9: column `id` of `t` already has a default value (help: first: ALTER TABLE t ALTER COLUMN id DROP DEFAULT)
    "#);
}

// ---------------------------------------------------------------------------------------------
// Other objects

#[test]
fn pg_enum_values_and_drop_type() {
    // PG: ADD VALUE 'ok' BEFORE 'happy'; again → enum label "ok" already exists; IF NOT EXISTS →
    // skipping; RENAME VALUE 'nope' → not an existing enum label; DROP TYPE mood with a column
    // m.x using it → cannot drop type mood because other objects depend on it.
    check!(Postgres, [
        Op::CreateEnum { ty: EnumType { name: q("mood"), values: strings(&["sad", "happy"]) }, if_not_exists: false },
        Op::AddEnumValue { name: q("mood"), value: "ok".into(), position: EnumPosition::Before("happy".into()), if_not_exists: false },
        Op::AddEnumValue { name: q("mood"), value: "ok".into(), position: EnumPosition::End, if_not_exists: false },
        Op::AddEnumValue { name: q("mood"), value: "ok".into(), position: EnumPosition::End, if_not_exists: true },
        Op::RenameEnumValue { name: q("mood"), from: "sad".into(), to: "blue".into() },
        Op::RenameEnumValue { name: q("mood"), from: "nope".into(), to: "x".into() },
        create("m", vec![col("x", DataType::Named("mood".into())), int("y")], vec![]),
        Op::DropType { name: q("mood"), if_exists: false, cascade: false },
        Op::DropType { name: q("mood"), if_exists: false, cascade: true },
    ], @r#"
    table m
      y integer
    error[duplicate-enum-value] @2: enum label `ok` already exists in `mood` (help: use ADD VALUE IF NOT EXISTS)
    info[skipped] @3: enum label `ok` already exists, skipping
    error[unknown-enum-value] @5: `nope` is not an existing enum label of `mood` (help: the type has: blue, ok, happy)
    error[dependent-objects] @7: cannot drop type `mood` because other objects depend on it: column x of table m (help: drop the dependent objects first, or use DROP TYPE ... CASCADE to drop them too)
    "#);
}

#[test]
fn pg_drop_schema_needs_cascade_and_cascade_drops_foreign_keys_into_it() {
    // PG: cannot drop schema s (table s.t, constraint u_x_fkey); CASCADE drops both.
    check!(Postgres, [
        Op::CreateSchema { name: "s".into(), if_not_exists: false },
        create("s.t", vec![int("id").pk()], vec![]),
        create("u", vec![int("x").references("s.t", &[])], vec![]),
        create("nope.t", vec![int("id")], vec![]),
        Op::DropSchema { name: "s".into(), if_exists: false, cascade: false },
        Op::DropSchema { name: "s".into(), if_exists: false, cascade: true },
    ], @r#"
    table u
      x integer
    error[unknown-schema] @3: schema `nope` does not exist (help: create it first: CREATE SCHEMA nope)
    error[dependent-objects] @4: cannot drop schema `s` because other objects depend on it: table s.t, constraint u_x_fkey on table u (help: drop the dependent objects first, or use DROP SCHEMA ... CASCADE to drop them too)
    "#);
}

#[test]
fn pg_drop_sequence_used_by_a_default_needs_cascade() {
    // PG: cannot drop sequence s1 because other objects depend on it (default value for column w).
    check!(Postgres, [
        Op::CreateSequence { seq: Sequence { name: q("s1"), owned_by: None, data_type: None, start: None, increment: None }, if_not_exists: false },
        create("t", vec![int("w").default("nextval('s1'::regclass)")], vec![]),
        Op::DropSequence { name: q("s1"), if_exists: false, cascade: false },
        Op::DropSequence { name: q("s1"), if_exists: false, cascade: true },
    ], @r#"
    table t
      w integer
    error[dependent-objects] @2: cannot drop sequence `s1` because other objects depend on it: default value for column w of table t (help: drop the dependent objects first, or use DROP SEQUENCE ... CASCADE to drop them too)
    "#);
}

#[test]
fn views_extensions_functions_and_triggers() {
    check!(Postgres, [
        create("t", vec![int("id")], vec![]),
        view("v", "SELECT id FROM t"),
        view("v", "SELECT 1"),
        Op::CreateView { view: View { name: q("v"), query: "SELECT 2".into(), materialized: false, columns: vec![] }, or_replace: true, if_not_exists: false },
        view("t", "SELECT 1"),
        Op::CreateExtension { name: "pgcrypto".into(), if_not_exists: false },
        Op::CreateExtension { name: "pgcrypto".into(), if_not_exists: false },
        Op::CreateFunction { name: q("touch"), args: "".into(), returns: Some("trigger".into()), or_replace: false, definition: String::new() },
        Op::CreateTrigger { table: q("t"), name: "t_touch".into(), definition: "CREATE TRIGGER ...".into(), or_replace: false, if_not_exists: false },
        Op::DropFunction { name: q("gone"), args: None, if_exists: false, cascade: false },
        Op::DropView { name: q("nope"), if_exists: false, materialized: false, cascade: false },
    ], @r#"
    table t
      id integer
      trigger t_touch
    view v: SELECT 2
    extension pgcrypto
    function touch()
    error[duplicate-view] @2: relation `v` already exists (help: use CREATE OR REPLACE VIEW, or choose another name)
    error[duplicate-view] @4: relation `t` already exists (help: use CREATE OR REPLACE VIEW, or choose another name)
    error[duplicate-extension] @6: extension `pgcrypto` already exists (help: use CREATE EXTENSION IF NOT EXISTS)
    error[unknown-function] @9: function `gone` does not exist (help: the schema has functions: touch())
    error[unknown-view] @10: view `nope` does not exist (help: the schema has views: v)
    "#);
}

#[test]
fn data_statements_need_their_table() {
    check!(Postgres, [
        create("t", vec![int("id")], vec![]),
        insert("t"),
        insert("nope"),
        Op::NoEffect { what: "GRANT".into() },
    ], @r#"
    table t
      id integer
    error[unknown-table] @2: table `nope` does not exist (help: the schema has tables: t)
    "#);
}

// ---------------------------------------------------------------------------------------------
// From SQL, through the parser

fn run_sql(dialect: Dialect, sql: &str) -> String {
    let (ops, mut diags) = strata_core::parse::parse_sql(sql, 0, 0, dialect);
    let mut schema = Schema::new(dialect);
    for op in &ops {
        apply(&mut schema, op, &mut diags);
    }
    render(&schema, &diags)
}

macro_rules! check_sql {
    ($dialect:expr, $sql:expr, @$expect:literal) => {
        insta::assert_snapshot!(run_sql($dialect, $sql), @$expect)
    };
}

#[test]
fn sql_pg_users_and_orders() {
    check_sql!(Postgres, "
        CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, age int CHECK (age > 0));
        CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id int REFERENCES users);
        CREATE INDEX ON orders (user_id);
        ALTER TABLE users RENAME TO people;
        ALTER TABLE people RENAME COLUMN email TO mail;
    ", @r#"
    table orders
      id bigint not null identity always
      user_id integer
      pk orders_pkey (id)
      fk orders_user_id_fkey (user_id) -> people (id)
      index orders_user_id_idx (user_id)
    table people
      id integer not null default nextval('users_id_seq')
      mail text not null
      age integer
      pk users_pkey (id)
      unique users_email_key (mail)
      check users_age_check (age > 0)
    sequence users_id_seq owned by people.id
    "#);
}

#[test]
fn sql_mysql_keys_and_foreign_keys() {
    check_sql!(Mysql, "
        CREATE TABLE users (id int PRIMARY KEY AUTO_INCREMENT, email varchar(100) UNIQUE, KEY (email));
        CREATE TABLE orders (id int PRIMARY KEY, user_id int, FOREIGN KEY (user_id) REFERENCES users (id));
        RENAME TABLE orders TO orders_new;
    ", @r#"
    table orders_new
      id integer not null
      user_id integer
      pk PRIMARY (id)
      fk orders_new_ibfk_1 (user_id) -> users (id)
      index user_id (user_id)
    table users
      id integer not null auto_increment
      email varchar(100)
      pk PRIMARY (id)
      unique email (email)
      index email_2 (email)
    "#);
}

#[test]
fn sql_sqlite_rebuild() {
    check_sql!(Sqlite, "
        CREATE TABLE t (id INTEGER PRIMARY KEY, b int UNIQUE);
        CREATE TABLE new_t (id INTEGER PRIMARY KEY, b int UNIQUE, c text UNIQUE);
        INSERT INTO new_t (id, b) SELECT id, b FROM t;
        DROP TABLE t;
        ALTER TABLE new_t RENAME TO t;
        ALTER TABLE t ADD CONSTRAINT c CHECK (b > 0);
    ", @r#"
    table t
      id integer
      b int
      c text
      pk (unnamed) (id)
      unique sqlite_autoindex_t_1 (b)
      unique sqlite_autoindex_t_2 (c)
    error[unsupported-in-dialect] @270: SQLite's ALTER TABLE cannot do this: constraints cannot be added, dropped or changed with ALTER TABLE (help: rebuild the table: create the new table, copy rows, drop the old, rename)
    "#);
}

// ---------------------------------------------------------------------------------------------
// Robustness: any sequence of ops, in any dialect, is applied without a panic.

mod arbitrary {
    use super::*;
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["a", "b", "a_b", "s.a", "a_x_key", "x", "y", "id"])
            .prop_map(String::from)
    }

    fn cols() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop::sample::select(vec!["x", "y", "id"]).prop_map(String::from),
            0..3,
        )
    }

    fn constraint() -> impl Strategy<Value = ConstraintDef> {
        let strs = |v: &[String]| {
            v.iter()
                .map(String::as_str)
                .map(String::from)
                .collect::<Vec<_>>()
        };
        prop_oneof![
            cols().prop_map(move |c| ConstraintDef::new(
                None,
                ConstraintKind::PrimaryKey { columns: strs(&c) }
            )),
            cols().prop_map(move |c| ConstraintDef::new(
                None,
                ConstraintKind::Unique {
                    columns: strs(&c),
                    nulls_not_distinct: false
                }
            )),
            name().prop_map(|c| check(&format!("{c} > 0"))),
            (cols(), name(), cols()).prop_map(|(c, t, r)| {
                let c: Vec<&str> = c.iter().map(String::as_str).collect();
                let r: Vec<&str> = r.iter().map(String::as_str).collect();
                fk(&c, &t, &r)
            }),
        ]
    }

    fn column() -> impl Strategy<Value = ColumnDef> {
        (
            name(),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(constraint()),
        )
            .prop_map(|(n, serial, nullable, c)| {
                let mut cd = int(&n);
                cd.serial = serial;
                cd.column.nullable = nullable;
                if let Some(mut c) = c {
                    c.inline = true;
                    cd.constraints.push(c);
                }
                cd
            })
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (
                name(),
                prop::collection::vec(column(), 0..4),
                prop::collection::vec(constraint(), 0..3)
            )
                .prop_map(|(t, c, k)| create(&t, c, k)),
            (name(), any::<bool>()).prop_map(|(t, c)| Op::DropTable {
                name: q(&t),
                if_exists: false,
                cascade: c
            }),
            (name(), name()).prop_map(|(a, b)| rename_table(&a, &b)),
            (name(), column()).prop_map(|(t, c)| add_column(&t, c)),
            (name(), name(), any::<bool>()).prop_map(|(t, c, k)| Op::DropColumn {
                table: q(&t),
                column: c,
                if_exists: false,
                cascade: k
            }),
            (name(), name(), name()).prop_map(|(t, a, b)| rename_column(&t, &a, &b)),
            (name(), constraint()).prop_map(|(t, c)| add(&t, c)),
            (name(), name()).prop_map(|(t, n)| Op::DropConstraint {
                table: q(&t),
                name: n,
                if_exists: false,
                cascade: true
            }),
            (name(), prop::option::of(name()), cols()).prop_map(|(t, n, c)| {
                let c: Vec<&str> = c.iter().map(String::as_str).collect();
                index(&t, n.as_deref(), &c)
            }),
            name().prop_map(|n| drop_index(&n)),
            (name(), name()).prop_map(|(t, n)| Op::DropConstraintOfKind {
                table: q(&t),
                name: n,
                kind: ConstraintKindTag::Index
            }),
            name().prop_map(|t| Op::DropPrimaryKey { table: q(&t) }),
            (name(), name()).prop_map(|(v, t)| view(&v, &format!("SELECT * FROM {t}"))),
            (name(), name()).prop_map(|(t, c)| alter(
                &t,
                &c,
                ColumnChange::Redefine {
                    column: Box::new(int("y"))
                }
            )),
            (name(), name()).prop_map(|(t, c)| alter(&t, &c, ColumnChange::SetNullable(true))),
            Just(Op::CreateSchema {
                name: "s".into(),
                if_not_exists: true
            }),
            Just(Op::DropSchema {
                name: "s".into(),
                if_exists: true,
                cascade: true
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn applying_any_ops_never_panics(ops in prop::collection::vec(op(), 0..25)) {
            for d in Dialect::ALL {
                let _ = run(d, ops.clone());
            }
        }
    }
}

#[test]
fn pg_sequence_rename_carries_the_column_default() {
    // PG: CREATE TABLE a (s serial); ALTER SEQUENCE a_s_seq RENAME TO b_s_seq;
    // pg_get_expr(adbin) → nextval('b_s_seq'::regclass); same for w.t_s_seq → w.u_seq.
    check!(Postgres, [
        create("a", vec![int("s").serial()], vec![]),
        Op::RenameSequence { from: q("a_s_seq"), to: "b_s_seq".into() },
        Op::CreateSchema { name: "w".into(), if_not_exists: false },
        create("w.t", vec![int("s").serial()], vec![]),
        Op::RenameSequence { from: q("w.t_s_seq"), to: "u_seq".into() },
    ], @r#"
    schema w
    table a
      s integer not null default nextval('b_s_seq')
    table w.t
      s integer not null default nextval('w.u_seq')
    sequence b_s_seq owned by a.s
    sequence w.u_seq owned by w.t.s
    "#);
}

#[test]
fn pg_identity_sequence_keeps_its_name_when_the_table_is_renamed() {
    // PG: CREATE TABLE a (id bigint GENERATED ALWAYS AS IDENTITY); ALTER TABLE a RENAME TO b;
    // the sequence is still a_id_seq, and ALTER SEQUENCE a_id_seq RENAME TO b_id_seq succeeds.
    // A name that no identity column can have is still unknown.
    check!(Postgres, [
        create("a", vec![int("id").identity()], vec![]),
        rename_table("a", "b"),
        Op::RenameSequence { from: q("a_id_seq"), to: "b_id_seq".into() },
        Op::AlterSequence { name: q("b_id_seq"), owned_by: None, start: Some(5), increment: None },
        Op::RenameSequence { from: q("a_other_seq"), to: "x".into() },
    ], @r#"
    table b
      id integer not null identity always
    error[unknown-sequence] @4: sequence `a_other_seq` does not exist (help: the schema has sequences none)
    "#);
}

#[test]
fn pg_index_on_a_materialized_view_is_accepted() {
    // PG: CREATE MATERIALIZED VIEW s AS SELECT 1 AS a; CREATE UNIQUE INDEX s_key ON s (a) works;
    // ON s (z) fails: column "z" does not exist.
    check!(Postgres, [
        Op::CreateView { view: View { name: q("s"), query: "SELECT 1 AS a".into(), materialized: true, columns: strings(&["a"]) }, or_replace: false, if_not_exists: false },
        unique_index("s", Some("s_key"), &["a"]),
        index("s", Some("s_z"), &["z"]),
    ], @r#"
    view s: SELECT 1 AS a
    error[unknown-column] @2: column `z` does not exist in materialized view `s` (help: the materialized view has columns: a)
    "#);
}

#[test]
fn renamed_trigger_is_re_created_under_its_new_name() {
    // PG: ALTER TRIGGER users_touch ON users RENAME TO users_set_updated_at; pg_get_triggerdef
    // then prints the new name, so the stored definition must too.
    let mut schema = Schema::new(Postgres);
    let mut diags = Vec::new();
    let ops = [
        create("users", vec![int("id")], vec![]),
        Op::CreateTrigger {
            table: q("users"),
            name: "users_touch".into(),
            definition: "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()".into(),
            or_replace: false,
            if_not_exists: false,
        },
        Op::RenameTrigger { table: q("users"), from: "users_touch".into(), to: "users_set_updated_at".into() },
    ];
    for op in ops {
        apply(
            &mut schema,
            &Spanned::new(Span::new(0, 0, 1), op),
            &mut diags,
        );
    }
    let defs: Vec<&str> = schema
        .tables
        .values()
        .flat_map(|t| t.triggers.iter().map(|t| t.definition.as_str()))
        .collect();
    assert_eq!(defs, ["CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()"]);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn diagnostics_point_at_the_name_they_are_about() {
    // The statement's span narrows to the first whole-word mention of the quoted name, outside
    // comments and strings, quotes included; a name not in the text leaves the span alone.
    let text = "CREATE INDEX projects_archived_idx -- archived_at\n    ON projects (owner_id, \"archived_at\");\nSELECT 1;";
    let stmt_end = text.find(';').unwrap_or(0) + 1;
    let at = |message: &str| {
        let mut d = [Diagnostic::error("unknown-column", message).at(Span::new(0, 0, stmt_end))];
        strata_core::simulate::focus(&mut d, Dialect::Postgres, |_| Some(text));
        d[0].span
            .map(|s| text.get(s.range()).unwrap_or("?").to_string())
    };
    assert_eq!(
        at("column `archived_at` does not exist in table `projects`").as_deref(),
        Some("\"archived_at\"")
    );
    assert_eq!(
        at("table `public.projects` is busy").as_deref(),
        Some("projects")
    );
    assert_eq!(
        at("column `nowhere` does not exist").as_deref(),
        Some(&text[..stmt_end])
    );
}

#[test]
fn unknown_column_suggests_the_closest_name() {
    // broken-postgres 001: `archived_at` for the column `archived`.
    check!(Postgres, [
        create("projects", vec![int("id"), col("archived", DataType::Boolean)], vec![]),
        index("projects", Some("i"), &["archived_at"]),
    ], @r#"
    table projects
      id integer
      archived boolean
    error[unknown-column] @1: column `archived_at` does not exist in table `projects` (help: did you mean `archived`? the table has: id, archived)
    "#);
}

// MariaDB 10.11 (mysql-golang 000012): one ALTER TABLE that adds a key covering a foreign key's
// generated index and drops that index by name is accepted; the generated index is gone after.
#[test]
fn sql_mysql_add_covering_key_and_drop_generated_index_in_one_statement() {
    check_sql!(Mysql, "
        CREATE TABLE c (id int PRIMARY KEY);
        CREATE TABLE m (id int PRIMARY KEY, c_id int, at datetime,
            CONSTRAINT fk_m_c FOREIGN KEY (c_id) REFERENCES c (id));
        ALTER TABLE m ADD INDEX idx_m_c_at (c_id, at), DROP INDEX fk_m_c;
    ", @"
    table c
      id integer not null
      pk PRIMARY (id)
    table m
      id integer not null
      c_id integer
      at datetime(none)
      pk PRIMARY (id)
      fk fk_m_c (c_id) -> c (id)
      index idx_m_c_at (c_id, at)
    ");
}

#[test]
fn postgres_checks_follow_identifier_case_on_drop_and_rename() {
    // tests/cases/postgres-identifier-case-in-checks: dropping `a` keeps the CHECK on "A", and
    // renaming `b` to "Bee" writes the quoted name into the CHECK (it used to write `Bee`, which
    // PostgreSQL reads as column bee).
    let files = vec![
        strata_core::InputFile::new(
            "001_create_t.sql",
            include_str!(
                "../../../tests/cases/postgres-identifier-case-in-checks/001_create_t.sql"
            ),
        ),
        strata_core::InputFile::new(
            "002_drop_a.sql",
            include_str!("../../../tests/cases/postgres-identifier-case-in-checks/002_drop_a.sql"),
        ),
        strata_core::InputFile::new(
            "003_rename_b.sql",
            include_str!(
                "../../../tests/cases/postgres-identifier-case-in-checks/003_rename_b.sql"
            ),
        ),
    ];
    let project = strata_core::load(
        files,
        &strata_core::Config {
            dialect: Some(Postgres),
            ..strata_core::Config::default()
        },
    );
    let replay = project.replay_all();
    assert!(replay.diagnostics.is_empty(), "{:?}", replay.diagnostics);
    let checks: Vec<(String, String)> = replay
        .schema
        .tables
        .values()
        .flat_map(|t| &t.constraints)
        .filter_map(|c| match &c.kind {
            ConstraintKind::Check { expr } => Some((c.name.clone(), expr.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        checks,
        [
            ("t_b_check".to_string(), "\"Bee\" > 0".to_string()),
            ("big_a".to_string(), "\"A\" > 0".to_string()),
        ]
    );
}

#[test]
fn renamed_functions_and_triggers_carry_the_new_name_in_their_definitions() {
    // tests/cases/postgres-rename-function-and-trigger: the name after FUNCTION was only found
    // unqualified and as the first `FUNCTION` in the text, and triggers kept calling the old name.
    let files = vec![
        strata_core::InputFile::new(
            "001_touch_trigger.sql",
            include_str!(
                "../../../tests/cases/postgres-rename-function-and-trigger/001_touch_trigger.sql"
            ),
        ),
        strata_core::InputFile::new(
            "002_rename.sql",
            include_str!(
                "../../../tests/cases/postgres-rename-function-and-trigger/002_rename.sql"
            ),
        ),
    ];
    let project = strata_core::load(
        files,
        &strata_core::Config {
            dialect: Some(Postgres),
            ..strata_core::Config::default()
        },
    );
    let replay = project.replay_all();
    assert!(replay.diagnostics.is_empty(), "{:?}", replay.diagnostics);
    let functions: Vec<&str> = replay
        .schema
        .functions
        .values()
        .map(|f| f.definition.lines().next().unwrap_or(""))
        .collect();
    assert_eq!(
        functions,
        ["CREATE FUNCTION public.\"Touch2\"() RETURNS trigger LANGUAGE plpgsql AS $$"]
    );
    let triggers: Vec<&str> = replay
        .schema
        .tables
        .values()
        .flat_map(|t| t.triggers.iter().map(|t| t.definition.as_str()))
        .collect();
    assert_eq!(
        triggers,
        ["CREATE TRIGGER \"T Touch\" BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION \"Touch2\"()"]
    );
}
