//! Alembic `upgrade()` bodies to ops: one `check` per case, printing each op with the
//! line:column of its call, then each diagnostic as `severity[code] line:col message`, and
//! `partial` when the revision is only partially simulated.
//!
//! Type spellings, constraint placement and `ix_` names follow what SQLAlchemy 2.1 / Alembic 1.x
//! emit (`CreateTable(t).compile(dialect=...)`, `alembic upgrade --sql`).

use std::collections::BTreeMap;
use strata_core::alembic::{lower_function, AlembicConfig};
use strata_core::diagnostic::line_col;
use strata_core::Dialect::{self, Mysql, Postgres, Sqlite};

fn render_with(py: &str, config: &AlembicConfig, function: &str) -> String {
    let lowered = lower_function(py, 0, function, config);
    let mut out = String::new();
    for op in &lowered.ops {
        let (l, c) = line_col(py, op.span.start as usize);
        out.push_str(&format!("{l}:{c} {:?}\n", op.value));
    }
    for d in &lowered.diagnostics {
        let at = d.span.map(|s| {
            let (l, c) = line_col(py, s.start as usize);
            format!("{l}:{c}")
        });
        out.push_str(&format!(
            "{}[{}] {} {}\n",
            d.severity.name(),
            d.code,
            at.unwrap_or_default(),
            d.message
        ));
    }
    if lowered.partial {
        out.push_str("partial\n");
    }
    out
}

fn render(py: &str, dialect: Dialect) -> String {
    render_with(
        py,
        &AlembicConfig {
            dialect,
            types: BTreeMap::new(),
            ..AlembicConfig::default()
        },
        "upgrade",
    )
}

macro_rules! check {
    ($py:expr, $dialect:expr, @$expect:literal) => {
        insta::assert_snapshot!(render($py, $dialect), @$expect)
    };
}

const HEADER: &str =
    "import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql\n";

fn up(body: &str) -> String {
    format!(
        "{HEADER}\ndef upgrade() -> None:\n{}\n",
        body.lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

#[test]
fn create_table_postgres() {
    check!(
        &up(r#"op.create_table(
    "users",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("email", sa.String(length=255), nullable=False, unique=True),
    sa.Column("name", sa.String(50), index=True),
    sa.Column("org_id", sa.BigInteger, sa.ForeignKey("orgs.id", ondelete="CASCADE")),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    sa.Column("active", sa.Boolean(), server_default="t", comment="is active"),
    sa.PrimaryKeyConstraint("id"),
    sa.CheckConstraint("id > 0", name="ck_id"),
)"#),
        Postgres,
        @r#"
    6:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "users" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: Integer, nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: true, constraints: [], position: None }, ColumnDef { column: Column { name: "email", ty: Varchar(Some(255)), nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "name", ty: Varchar(Some(50)), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "org_id", ty: BigInt, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "created_at", ty: Timestamp { tz: true, precision: None }, nullable: false, default: Some("now()"), identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "active", ty: Boolean, nullable: true, default: Some("'t'"), identity: None, auto_increment: false, generated: None, collation: None, comment: Some("is active") }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: false }, ConstraintDef { name: Some("ck_id"), kind: Check { expr: "id > 0" }, deferrable: Not, not_valid: false, inline: false }, ConstraintDef { name: None, kind: Unique { columns: ["email"], nulls_not_distinct: false }, deferrable: Not, not_valid: false, inline: false }, ConstraintDef { name: None, kind: ForeignKey(ForeignKey { columns: ["org_id"], ref_table: QualifiedName { schema: None, name: "orgs" }, ref_columns: ["id"], on_delete: Cascade, on_update: NoAction }), deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    6:5 CreateIndex(CreateIndex { name: Some("ix_users_name"), table: QualifiedName { schema: None, name: "users" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_users_name", unique: false, keys: [Column { name: "name", desc: false }], predicate: None, method: None, include: [] } })
    "#
    );
}

#[test]
fn create_table_mysql_and_sqlite() {
    let py = up(r#"op.create_table(
    "items",
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("data", sa.JSON),
    sa.Column("flag", sa.Boolean, nullable=False),
    sa.Column("kind", sa.Enum("a", "bb", name="item_kind")),
    sa.Column("u", sa.Uuid),
    sa.Column("at", sa.DateTime),
)"#);
    check!(&py, Mysql, @r#"6:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "items" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: Integer, nullable: false, default: None, identity: None, auto_increment: true, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "data", ty: Json, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "flag", ty: Boolean, nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "kind", ty: InlineEnum(["a", "bb"]), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "u", ty: Uuid, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "at", ty: DateTime(None), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: None, options: [], as_query: false, temporary: false })"#);
    check!(&py, Sqlite, @r#"6:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "items" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: Integer, nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "data", ty: Json, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "flag", ty: Boolean, nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "kind", ty: Varchar(Some(2)), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "u", ty: Named("char(32)"), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "at", ty: DateTime(None), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: None, options: [], as_query: false, temporary: false })"#);
}

#[test]
fn enum_created_before_table_on_postgres() {
    check!(
        &up(r#"op.create_table(
    "tickets",
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("status", sa.Enum("open", "closed", name="ticket_status"), nullable=False),
    sa.Column("prio", postgresql.ENUM("low", "high", name="prio", create_type=False)),
    sa.Column("channel", sa.Enum(*CHANNELS, name="channel")),
)"#).replace("def upgrade", "CHANNELS = ('email', 'chat')\n\ndef upgrade"),
        Postgres,
        @r#"
    8:5 CreateEnum { ty: EnumType { name: QualifiedName { schema: None, name: "ticket_status" }, values: ["open", "closed"] }, if_not_exists: false }
    8:5 CreateEnum { ty: EnumType { name: QualifiedName { schema: None, name: "channel" }, values: ["email", "chat"] }, if_not_exists: false }
    8:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "tickets" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: BigInt, nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: true, constraints: [], position: None }, ColumnDef { column: Column { name: "status", ty: Named("ticket_status"), nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "prio", ty: Named("prio"), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "channel", ty: Named("channel"), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    "#
    );
}

#[test]
fn postgres_dialect_types_through_imports() {
    let py = "import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql\nfrom sqlalchemy.dialects.postgresql import UUID, JSONB as JB\n\ndef upgrade():\n    op.create_table('t', sa.Column('id', UUID(as_uuid=True), primary_key=True), sa.Column('doc', JB()), sa.Column('tags', postgresql.ARRAY(sa.String(20))), sa.Column('ip', postgresql.INET), sa.Column('ts', postgresql.TIMESTAMP(timezone=True)), sa.Column('raw', sa.dialects.postgresql.BYTEA), sa.Column('n', sa.Numeric(10, 2)), sa.Column('iv', sa.Interval))\n";
    check!(py, Postgres, @r#"7:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "t" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: Uuid, nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "doc", ty: Jsonb, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "tags", ty: Array(Varchar(Some(20))), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "ip", ty: Inet, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "ts", ty: Timestamp { tz: true, precision: None }, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "raw", ty: Bytea, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "n", ty: Numeric(Some((10, Some(2)))), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "iv", ty: Interval, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: None, options: [], as_query: false, temporary: false })"#);
}

#[test]
fn mysql_types() {
    let py = "import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import mysql\n\ndef upgrade():\n    op.create_table('t', sa.Column('id', mysql.INTEGER(display_width=11), primary_key=True), sa.Column('b', mysql.TINYINT(1)), sa.Column('v', mysql.VARCHAR(20)), sa.Column('e', sa.Enum('x', 'y')))\n";
    check!(py, Mysql, @r#"6:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "t" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: Integer, nullable: false, default: None, identity: None, auto_increment: true, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "b", ty: Boolean, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "v", ty: Varchar(Some(20)), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "e", ty: InlineEnum(["x", "y"]), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: None, options: [], as_query: false, temporary: false })"#);
}

#[test]
fn unknown_and_mapped_types() {
    let py = "import sqlalchemy as sa\nfrom alembic import op\nimport myapp\nfrom pgvector.sqlalchemy import Vector\n\ndef upgrade():\n    op.add_column('docs', sa.Column('embedding', Vector(1536)))\n    op.add_column('docs', sa.Column('owner', myapp.db.types.UUID()))\n";
    check!(py, Postgres, @r#"
    7:5 AddColumn { table: QualifiedName { schema: None, name: "docs" }, column: ColumnDef { column: Column { name: "embedding", ty: Named("vector(1536)"), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    8:5 AddColumn { table: QualifiedName { schema: None, name: "docs" }, column: ColumnDef { column: Column { name: "owner", ty: Named("uuid"), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    warning[unknown-type] 7:27 column type `pgvector.sqlalchemy.Vector` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    warning[unknown-type] 8:27 column type `myapp.db.types.UUID` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    "#);
    let mut types = BTreeMap::new();
    types.insert("myapp.db.types.UUID".to_string(), "uuid".to_string());
    types.insert("Vector".to_string(), "vector(1536)".to_string());
    insta::assert_snapshot!(render_with(py, &AlembicConfig { dialect: Postgres, types, ..AlembicConfig::default() }, "upgrade"), @r#"
    7:5 AddColumn { table: QualifiedName { schema: None, name: "docs" }, column: ColumnDef { column: Column { name: "embedding", ty: Named("vector(1536)"), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    8:5 AddColumn { table: QualifiedName { schema: None, name: "docs" }, column: ColumnDef { column: Column { name: "owner", ty: Uuid, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    "#);
}

#[test]
fn column_operations() {
    check!(
        &up(r#"op.add_column("users", sa.Column("age", sa.SmallInteger(), nullable=False, server_default="0"))
op.add_column("users", sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), index=True, unique=True))
op.drop_column("users", "legacy")
op.alter_column("users", "email", existing_type=sa.String(255), nullable=True, new_column_name="mail")
op.alter_column("users", "age", type_=sa.BigInteger(), server_default=None, postgresql_using="age::bigint")
op.alter_column("users", "name", server_default=sa.text("'anon'"), comment="display name")"#),
        Postgres,
        @r#"
    6:5 AddColumn { table: QualifiedName { schema: None, name: "users" }, column: ColumnDef { column: Column { name: "age", ty: SmallInt, nullable: false, default: Some("'0'"), identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    7:5 AddColumn { table: QualifiedName { schema: None, name: "users" }, column: ColumnDef { column: Column { name: "team_id", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    7:5 AddConstraint { table: QualifiedName { schema: None, name: "users" }, constraint: ConstraintDef { name: None, kind: ForeignKey(ForeignKey { columns: ["team_id"], ref_table: QualifiedName { schema: None, name: "teams" }, ref_columns: ["id"], on_delete: NoAction, on_update: NoAction }), deferrable: Not, not_valid: false, inline: false } }
    7:5 CreateIndex(CreateIndex { name: Some("ix_users_team_id"), table: QualifiedName { schema: None, name: "users" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_users_team_id", unique: true, keys: [Column { name: "team_id", desc: false }], predicate: None, method: None, include: [] } })
    8:5 DropColumn { table: QualifiedName { schema: None, name: "users" }, column: "legacy", if_exists: false, cascade: false }
    9:5 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "email", change: SetNullable(true) }
    9:5 RenameColumn { table: QualifiedName { schema: None, name: "users" }, from: "email", to: "mail" }
    10:5 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "age", change: SetDefault(None) }
    10:5 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "age", change: SetType { ty: BigInt, using: Some("age::bigint") } }
    11:5 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "name", change: SetDefault(Some("'anon'")) }
    11:5 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "name", change: SetComment(Some("display name")) }
    "#
    );
}

#[test]
fn index_and_constraint_operations() {
    check!(
        &up(r#"op.create_index(op.f("ix_users_email"), "users", ["email"], unique=True)
op.create_index("ix_lower_email", "users", [sa.text("lower(email)")], postgresql_where=sa.text("deleted_at IS NULL"), postgresql_using="btree")
op.create_index("ix_tags", "users", ["tags"], postgresql_using="gin")
op.drop_index("ix_old", table_name="users")
op.create_foreign_key("fk_users_org", "users", "orgs", ["org_id"], ["id"], ondelete="SET NULL")
op.create_unique_constraint("uq_users_name", "users", ["name", "org_id"])
op.create_check_constraint("ck_age", "users", "age >= 0")
op.create_primary_key("pk_x", "x", ["a", "b"])
op.drop_constraint("fk_users_org", "users", type_="foreignkey")
op.create_table_comment("users", "people")
op.rename_table("users", "accounts")
op.drop_table("old")"#),
        Postgres,
        @r#"
    6:5 CreateIndex(CreateIndex { name: Some("ix_users_email"), table: QualifiedName { schema: None, name: "users" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_users_email", unique: true, keys: [Column { name: "email", desc: false }], predicate: None, method: None, include: [] } })
    7:5 CreateIndex(CreateIndex { name: Some("ix_lower_email"), table: QualifiedName { schema: None, name: "users" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_lower_email", unique: false, keys: [Expr { expr: "lower(email)", desc: false }], predicate: Some("deleted_at is null"), method: None, include: [] } })
    8:5 CreateIndex(CreateIndex { name: Some("ix_tags"), table: QualifiedName { schema: None, name: "users" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_tags", unique: false, keys: [Column { name: "tags", desc: false }], predicate: None, method: Some("gin"), include: [] } })
    9:5 DropIndex { name: QualifiedName { schema: None, name: "ix_old" }, table: None, if_exists: false }
    10:5 AddConstraint { table: QualifiedName { schema: None, name: "users" }, constraint: ConstraintDef { name: Some("fk_users_org"), kind: ForeignKey(ForeignKey { columns: ["org_id"], ref_table: QualifiedName { schema: None, name: "orgs" }, ref_columns: ["id"], on_delete: SetNull, on_update: NoAction }), deferrable: Not, not_valid: false, inline: false } }
    11:5 AddConstraint { table: QualifiedName { schema: None, name: "users" }, constraint: ConstraintDef { name: Some("uq_users_name"), kind: Unique { columns: ["name", "org_id"], nulls_not_distinct: false }, deferrable: Not, not_valid: false, inline: false } }
    12:5 AddConstraint { table: QualifiedName { schema: None, name: "users" }, constraint: ConstraintDef { name: Some("ck_age"), kind: Check { expr: "age >= 0" }, deferrable: Not, not_valid: false, inline: false } }
    13:5 AddConstraint { table: QualifiedName { schema: None, name: "x" }, constraint: ConstraintDef { name: Some("pk_x"), kind: PrimaryKey { columns: ["a", "b"] }, deferrable: Not, not_valid: false, inline: false } }
    14:5 DropConstraint { table: QualifiedName { schema: None, name: "users" }, name: "fk_users_org", if_exists: false, cascade: false }
    15:5 SetTableComment { table: QualifiedName { schema: None, name: "users" }, comment: Some("people") }
    16:5 RenameTable { from: QualifiedName { schema: None, name: "users" }, to: QualifiedName { schema: None, name: "accounts" } }
    17:5 DropTable { name: QualifiedName { schema: None, name: "old" }, if_exists: false, cascade: false }
    "#
    );
}

#[test]
fn drop_constraint_mysql_by_kind() {
    check!(
        &up(r#"op.drop_constraint("fk_a", "t", type_="foreignkey")
op.drop_constraint("uq_a", "t", type_="unique")
op.drop_constraint("ck_a", "t", type_="check")
op.drop_index("ix_a", table_name="t")"#),
        Mysql,
        @r#"
    6:5 DropConstraintOfKind { table: QualifiedName { schema: None, name: "t" }, name: "fk_a", kind: ForeignKey }
    7:5 DropConstraintOfKind { table: QualifiedName { schema: None, name: "t" }, name: "uq_a", kind: Index }
    8:5 DropConstraintOfKind { table: QualifiedName { schema: None, name: "t" }, name: "ck_a", kind: Check }
    9:5 DropIndex { name: QualifiedName { schema: None, name: "ix_a" }, table: Some(QualifiedName { schema: None, name: "t" }), if_exists: false }
    "#
    );
}

#[test]
fn batch_alter_table() {
    let py = up(
        r#"with op.batch_alter_table("users", schema=None) as batch_op:
    batch_op.add_column(sa.Column("nick", sa.String(30)))
    batch_op.alter_column("email", nullable=False)
    batch_op.create_index(batch_op.f("ix_users_nick"), ["nick"], unique=False)
    batch_op.create_foreign_key("fk_team", "teams", ["team_id"], ["id"])
    batch_op.drop_index("ix_old")
    batch_op.drop_column("legacy")"#,
    );
    // Batch mode alters the table in place where ALTER TABLE can.
    check!(&py, Postgres, @r#"
    7:9 AddColumn { table: QualifiedName { schema: None, name: "users" }, column: ColumnDef { column: Column { name: "nick", ty: Varchar(Some(30)), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    8:9 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "email", change: SetNullable(false) }
    9:9 CreateIndex(CreateIndex { name: Some("ix_users_nick"), table: QualifiedName { schema: None, name: "users" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_users_nick", unique: false, keys: [Column { name: "nick", desc: false }], predicate: None, method: None, include: [] } })
    10:9 AddConstraint { table: QualifiedName { schema: None, name: "users" }, constraint: ConstraintDef { name: Some("fk_team"), kind: ForeignKey(ForeignKey { columns: ["team_id"], ref_table: QualifiedName { schema: None, name: "teams" }, ref_columns: ["id"], on_delete: NoAction, on_update: NoAction }), deferrable: Not, not_valid: false, inline: false } }
    11:9 DropIndex { name: QualifiedName { schema: None, name: "ix_old" }, table: None, if_exists: false }
    12:9 DropColumn { table: QualifiedName { schema: None, name: "users" }, column: "legacy", if_exists: false, cascade: false }
    "#);
    // On SQLite Alembic recreates the table when the block ends: one op, at the block.
    check!(&py, Sqlite, @r#"
    6:10 RebuildTable { table: QualifiedName { schema: None, name: "users" }, ops: [AddColumn { table: QualifiedName { schema: None, name: "users" }, column: ColumnDef { column: Column { name: "nick", ty: Varchar(Some(30)), nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }, AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "email", change: SetNullable(false) }, CreateIndex(CreateIndex { name: Some("ix_users_nick"), table: QualifiedName { schema: None, name: "users" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_users_nick", unique: false, keys: [Column { name: "nick", desc: false }], predicate: None, method: None, include: [] } }), AddConstraint { table: QualifiedName { schema: None, name: "users" }, constraint: ConstraintDef { name: Some("fk_team"), kind: ForeignKey(ForeignKey { columns: ["team_id"], ref_table: QualifiedName { schema: None, name: "teams" }, ref_columns: ["id"], on_delete: NoAction, on_update: NoAction }), deferrable: Not, not_valid: false, inline: false } }, DropIndex { name: QualifiedName { schema: None, name: "ix_old" }, table: None, if_exists: false }, DropColumn { table: QualifiedName { schema: None, name: "users" }, column: "legacy", if_exists: false, cascade: false }] }
    "#);
}

#[test]
fn execute_and_bulk_insert() {
    check!(
        &up(r#"op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
op.execute(sa.text("UPDATE users SET active = true"))
roles = sa.table("roles", sa.column("id", sa.Integer), sa.column("name", sa.String))
op.bulk_insert(roles, [{"id": 1, "name": "admin"}, {"id": 2, "name": "agent"}])
op.execute(roles.update().values(name="x"))
op.execute("""
    CREATE TABLE a (id int);
    CREATE INDEX a_id ON a (id);
""")
op.execute("CREATE TABLEX oops")"#),
        Postgres,
        @r#"
    6:17 CreateExtension { name: "pg_trgm", if_not_exists: true }
    7:25 Data { kind: Update, table: Some(QualifiedName { schema: None, name: "users" }), rows: None, sql: "UPDATE users SET active = true" }
    9:5 Data { kind: Insert, table: Some(QualifiedName { schema: None, name: "roles" }), rows: Some(1), sql: "INSERT INTO roles (id, name) VALUES (1, 'admin');" }
    9:5 Data { kind: Insert, table: Some(QualifiedName { schema: None, name: "roles" }), rows: Some(1), sql: "INSERT INTO roles (id, name) VALUES (2, 'agent');" }
    10:5 Data { kind: Code, table: None, rows: None, sql: "" }
    12:9 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "a" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    13:9 CreateIndex(CreateIndex { name: Some("a_id"), table: QualifiedName { schema: None, name: "a" }, if_not_exists: false, concurrently: false, index: Index { name: "a_id", unique: false, keys: [Column { name: "id", desc: false }], predicate: None, method: None, include: [] } })
    error[syntax-error] 15:24 syntax error at or near `TABLEX` in `CREATE TABLEX`
    "#
    );
}

#[test]
fn dialect_tests_pick_a_branch() {
    let py = "import sqlalchemy as sa\nfrom alembic import op, context\n\ndef upgrade():\n    bind = op.get_bind()\n    if bind.dialect.name == 'postgresql':\n        op.execute('CREATE EXTENSION citext')\n    elif op.get_context().dialect.name in ('mysql', 'mariadb'):\n        op.execute('SET foreign_key_checks = 0')\n    else:\n        pass\n    if context.get_context().dialect.name != 'sqlite':\n        op.create_index('ix_a', 't', ['a'])\n    if not context.is_offline_mode():\n        op.drop_table('x')\n";
    check!(py, Postgres, @r#"
    7:21 CreateExtension { name: "citext", if_not_exists: false }
    13:9 CreateIndex(CreateIndex { name: Some("ix_a"), table: QualifiedName { schema: None, name: "t" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_a", unique: false, keys: [Column { name: "a", desc: false }], predicate: None, method: None, include: [] } })
    15:9 DropTable { name: QualifiedName { schema: None, name: "x" }, if_exists: false, cascade: false }
    "#);
    check!(py, Mysql, @r#"
    9:21 SetForeignKeyChecks { enabled: false }
    13:9 CreateIndex(CreateIndex { name: Some("ix_a"), table: QualifiedName { schema: None, name: "t" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_a", unique: false, keys: [Column { name: "a", desc: false }], predicate: None, method: None, include: [] } })
    15:9 DropTable { name: QualifiedName { schema: None, name: "x" }, if_exists: false, cascade: false }
    "#);
    check!(py, Sqlite, @r#"15:9 DropTable { name: QualifiedName { schema: None, name: "x" }, if_exists: false, cascade: false }"#);
}

#[test]
fn constants_and_formatting_fold() {
    let py = "import sqlalchemy as sa\nfrom alembic import op\n\nTABLE = 'events'\nSCHEMA = 'audit'\nCOLS = ['a', 'b']\n\ndef upgrade():\n    op.create_index(f'ix_{TABLE}_ab', TABLE, COLS, schema=SCHEMA)\n    op.execute('ALTER TABLE %s.%s ADD COLUMN c int' % (SCHEMA, TABLE))\n    op.execute('COMMENT ON TABLE {}.{} IS {!r}'.format(SCHEMA, TABLE, 'x') )\n    op.execute('DROP INDEX {schema}.ix_old'.format(schema=SCHEMA))\n    op.execute('DROP TABLE x}'.format())\n    op.execute('DROP TABLE {:>10}'.format('x'))\n    for t in ['a', 'b']:\n        op.drop_table(t)\n";
    check!(py, Postgres, @r#"
    9:5 CreateIndex(CreateIndex { name: Some("ix_events_ab"), table: QualifiedName { schema: Some("audit"), name: "events" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_events_ab", unique: false, keys: [Column { name: "a", desc: false }, Column { name: "b", desc: false }], predicate: None, method: None, include: [] } })
    10:17 AddColumn { table: QualifiedName { schema: Some("audit"), name: "events" }, column: ColumnDef { column: Column { name: "c", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    11:17 SetTableComment { table: QualifiedName { schema: Some("audit"), name: "events" }, comment: Some("x") }
    12:17 DropIndex { name: QualifiedName { schema: Some("audit"), name: "ix_old" }, table: None, if_exists: false }
    16:9 DropTable { name: QualifiedName { schema: None, name: "a" }, if_exists: false, cascade: false }
    16:9 DropTable { name: QualifiedName { schema: None, name: "b" }, if_exists: false, cascade: false }
    warning[unsimulated-code] 13:5 `execute` of SQL that cannot be folded to a constant may change the schema and is not simulated
    warning[unsimulated-code] 14:5 `execute` of SQL that cannot be folded to a constant may change the schema and is not simulated
    partial
    "#);
}

#[test]
fn helpers_loops_and_data_code() {
    let py = r#"import sqlalchemy as sa
from alembic import op

def _add_ts(table, name="created_at"):
    op.add_column(table, sa.Column(name, sa.DateTime()))

def upgrade():
    """Docstring."""
    _add_ts("users")
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id FROM users")).fetchall()
    for row in rows:
        conn.execute(sa.text("UPDATE users SET x = 1 WHERE id = :id"), {"id": row.id})
    insp = sa.inspect(conn)
    if "nick" not in [c["name"] for c in insp.get_columns("users")]:
        op.add_column("users", sa.Column("nick", sa.Text()))
    while False:
        pass
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE mood ADD VALUE 'meh'")
    session = sa.orm.Session(bind=conn)
    session.add(object())
    session.commit()
    op.sync_enum_values("public", "mood", ["a"], [])
    some_module.rebuild_views()
"#;
    check!(py, Postgres, @r#"
    5:5 AddColumn { table: QualifiedName { schema: None, name: "users" }, column: ColumnDef { column: Column { name: "created_at", ty: Timestamp { tz: false, precision: None }, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    11:34 NoEffect { what: "SELECT" }
    12:5 Data { kind: Code, table: None, rows: None, sql: "" }
    20:21 AddEnumValue { name: QualifiedName { schema: None, name: "mood" }, value: "meh", position: End, if_not_exists: false }
    22:5 Data { kind: Code, table: None, rows: None, sql: "" }
    23:5 Data { kind: Code, table: None, rows: None, sql: "" }
    warning[unsimulated-code] 15:5 this `if` (its condition cannot be evaluated) may change the schema and is not simulated
    warning[unknown-alembic-op] 24:5 `op.sync_enum_values` is not an Alembic operation Strata knows
    warning[unsimulated-code] 25:5 `some_module.rebuild_views(...)` may change the schema and is not simulated
    partial
    "#);
}

#[test]
fn enum_plugin_idioms() {
    let py = "import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql\n\ndef upgrade():\n    mood = postgresql.ENUM('sad', 'ok', name='mood')\n    mood.create(op.get_bind())\n    sa.Enum(name='old_mood').drop(op.get_bind(), checkfirst=False)\n    postgresql.ENUM('a', name='e2').create(op.get_bind(), checkfirst=True)\n    sa.Enum('x', name='e3').create(op.get_bind())\n";
    check!(py, Postgres, @r#"
    7:5 CreateEnum { ty: EnumType { name: QualifiedName { schema: None, name: "mood" }, values: ["sad", "ok"] }, if_not_exists: true }
    8:5 DropType { name: QualifiedName { schema: None, name: "old_mood" }, if_exists: false, cascade: false }
    9:5 CreateEnum { ty: EnumType { name: QualifiedName { schema: None, name: "e2" }, values: ["a"] }, if_not_exists: true }
    10:5 CreateEnum { ty: EnumType { name: QualifiedName { schema: None, name: "e3" }, values: ["x"] }, if_not_exists: false }
    "#);
    check!(py, Mysql, @"");
}

#[test]
fn downgrade_is_lowered_separately() {
    let py = up("op.create_table('a', sa.Column('id', sa.Integer, primary_key=True))")
        + "\ndef downgrade():\n    op.drop_table('a')\n";
    insta::assert_snapshot!(render_with(&py, &AlembicConfig::default(), "downgrade"), @r#"9:5 DropTable { name: QualifiedName { schema: None, name: "a" }, if_exists: false, cascade: false }"#);
}

#[test]
fn no_upgrade_function() {
    check!("revision = 'abc'\ndown_revision = None\n", Postgres, @"");
}

#[test]
fn syntax_error_is_a_diagnostic() {
    check!("def upgrade():\n    op.create_table('a',\n", Postgres, @"
    error[python-syntax-error] 3:1 this revision is not valid Python: unexpected EOF while parsing
    partial
    ");
    check!("def upgrade(:\n    pass\n", Postgres, @"
    error[python-syntax-error] 1:13 this revision is not valid Python: invalid syntax. Got unexpected token ':'
    partial
    ");
}

#[test]
fn long_comments_are_not_nesting() {
    // Comments and blank lines add no depth (rustpython's lexer leaves them out), whether the
    // file takes the quick reader or, with its `if`, rustpython.
    let comments = "# a note\n\n".repeat(300);
    let text = format!("{comments}def upgrade():\n    op.create_table('t',\n{}        sa.Column('id', sa.Integer()),\n    )\n    if True:\n        op.drop_table('t')\n", "        # column notes\n".repeat(300));
    check!(&text, Postgres, @r#"
    602:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "t" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    906:9 DropTable { name: QualifiedName { schema: None, name: "t" }, if_exists: false, cascade: false }
    "#);
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!(
        "def upgrade():\n    x = {}1{}\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    check!(&deep, Postgres, @"
    error[python-too-deep] 2:57 this revision nests 101 levels deep; Strata reads at most 100
    partial
    ");
    let chain = format!("def upgrade():\n    x = 1{}\n", " + 1".repeat(100_000));
    check!(&chain, Postgres, @"
    error[python-too-deep] 2:399 this revision nests 101 levels deep; Strata reads at most 100
    partial
    ");
    let unary = format!("def upgrade():\n    x = {}1\n", "not ".repeat(100_000));
    check!(&unary, Postgres, @"
    error[python-too-deep] 2:397 this revision nests 101 levels deep; Strata reads at most 100
    partial
    ");
    let mut nested = String::from("def upgrade():\n");
    for i in 0..500 {
        nested.push_str(&" ".repeat(i + 1));
        nested.push_str("if True:\n");
    }
    nested.push_str(&" ".repeat(501));
    nested.push_str("pass\n");
    check!(&nested, Postgres, @"
    error[python-too-deep] 99:102 this revision nests 101 levels deep; Strata reads at most 100
    partial
    ");
}

/// Lowers `upgrade()`, applies it to an empty schema, and prints the names the database would
/// have generated: constraints, indexes, enum types, column types as the catalog spells them.
fn simulate(py: &str, dialect: Dialect) -> String {
    use strata_core::normalize::type_name;
    let lowered = lower_function(
        py,
        0,
        "upgrade",
        &AlembicConfig {
            dialect,
            types: BTreeMap::new(),
            ..AlembicConfig::default()
        },
    );
    let mut schema = strata_core::Schema::new(dialect);
    let mut diags = lowered.diagnostics;
    for op in &lowered.ops {
        strata_core::simulate::apply(&mut schema, op, &mut diags);
    }
    let mut out = String::new();
    for e in schema.enums.values() {
        out.push_str(&format!("enum {} {:?}\n", e.name, e.values));
    }
    for t in schema.tables.values() {
        out.push_str(&format!("table {}\n", t.name));
        for c in &t.columns {
            let null = if c.nullable { "" } else { " not null" };
            let default = c
                .default
                .as_ref()
                .map(|d| format!(" default {d}"))
                .unwrap_or_default();
            let auto = if c.auto_increment {
                " auto_increment"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {} {}{null}{default}{auto}\n",
                c.name,
                type_name(&c.ty, dialect)
            ));
        }
        for c in &t.constraints {
            out.push_str(&format!("  constraint {} {:?}\n", c.name, c.kind));
        }
        for i in &t.indexes {
            out.push_str(&format!(
                "  index {} unique={} {:?}\n",
                i.name, i.unique, i.keys
            ));
        }
    }
    for d in &diags {
        out.push_str(&format!(
            "{}[{}] {}\n",
            d.severity.name(),
            d.code,
            d.message
        ));
    }
    out
}

const USERS: &str = r#"import sqlalchemy as sa
from alembic import op

def upgrade():
    op.create_table(
        "orgs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.Enum("admin", "agent", name="user_role"), server_default="agent", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("length(email) > 3"),
    )
    op.create_index(op.f("ix_users_email"), "users", ["email"], unique=True)
    op.add_column("users", sa.Column("team", sa.String(20), index=True))
"#;

#[test]
fn simulated_names_postgres() {
    insta::assert_snapshot!(simulate(USERS, Postgres), @r#"
    enum user_role ["admin", "agent"]
    table orgs
      id integer not null default nextval('orgs_id_seq')
      name character varying(100) not null
      constraint orgs_pkey PrimaryKey { columns: ["id"] }
      constraint orgs_name_key Unique { columns: ["name"], nulls_not_distinct: false }
    table users
      id integer not null default nextval('users_id_seq')
      email character varying(255) not null
      org_id integer not null
      role user_role not null default 'agent'
      created_at timestamp without time zone default now()
      team character varying(20)
      constraint users_pkey PrimaryKey { columns: ["id"] }
      constraint users_email_check Check { expr: "length(email) > 3" }
      constraint users_org_id_fkey ForeignKey(ForeignKey { columns: ["org_id"], ref_table: QualifiedName { schema: None, name: "orgs" }, ref_columns: ["id"], on_delete: Cascade, on_update: NoAction })
      index ix_users_email unique=true [Column { name: "email", desc: false }]
      index ix_users_team unique=false [Column { name: "team", desc: false }]
    "#);
}

#[test]
fn simulated_names_mysql() {
    insta::assert_snapshot!(simulate(USERS, Mysql), @r#"
    table orgs
      id int(11) not null auto_increment
      name varchar(100) not null
      constraint PRIMARY PrimaryKey { columns: ["id"] }
      constraint name Unique { columns: ["name"], nulls_not_distinct: false }
    table users
      id int(11) not null auto_increment
      email varchar(255) not null
      org_id int(11) not null
      role enum('admin','agent') not null default 'agent'
      created_at datetime default current_timestamp
      team varchar(20)
      constraint PRIMARY PrimaryKey { columns: ["id"] }
      constraint CONSTRAINT_1 Check { expr: "octet_length(email) > 3" }
      constraint users_ibfk_1 ForeignKey(ForeignKey { columns: ["org_id"], ref_table: QualifiedName { schema: None, name: "orgs" }, ref_columns: ["id"], on_delete: Cascade, on_update: NoAction })
      constraint ix_users_email Unique { columns: ["email"], nulls_not_distinct: false }
      index org_id unique=false [Column { name: "org_id", desc: false }]
      index ix_users_team unique=false [Column { name: "team", desc: false }]
    "#);
}

#[test]
fn simulated_names_sqlite() {
    insta::assert_snapshot!(simulate(USERS, Sqlite), @r#"
    table orgs
      id integer not null
      name varchar(100) not null
      constraint  PrimaryKey { columns: ["id"] }
      constraint sqlite_autoindex_orgs_1 Unique { columns: ["name"], nulls_not_distinct: false }
    table users
      id integer not null
      email varchar(255) not null
      org_id integer not null
      role varchar(5) not null default 'agent'
      created_at datetime default current_timestamp
      team varchar(20)
      constraint  PrimaryKey { columns: ["id"] }
      constraint  Check { expr: "length(email) > 3" }
      constraint  ForeignKey(ForeignKey { columns: ["org_id"], ref_table: QualifiedName { schema: None, name: "orgs" }, ref_columns: ["id"], on_delete: Cascade, on_update: NoAction })
      index ix_users_email unique=true [Column { name: "email", desc: false }]
      index ix_users_team unique=false [Column { name: "team", desc: false }]
    "#);
}

#[test]
fn column_extras_and_schemas() {
    check!(
        &up(r#"op.create_table(
    "events",
    sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
    sa.Column("a", sa.Integer()),
    sa.Column("b", sa.Integer(), sa.Computed("a * 2")),
    sa.Column("parent_id", sa.Integer()),
    sa.ForeignKeyConstraint(["parent_id"], ["audit.events.id"], name="fk_parent", onupdate="CASCADE"),
    sa.UniqueConstraint("a", "b", name="uq_ab"),
    sa.Index("ix_events_ab", "a", "b", unique=True),
    schema="audit",
    comment="audit log",
)
op.create_table("pairs", sa.Column("x", sa.Integer, primary_key=True), sa.Column("y", sa.Integer, primary_key=True))"#),
        Postgres,
        @r#"
    6:5 CreateTable(CreateTable { name: QualifiedName { schema: Some("audit"), name: "events" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "id", ty: BigInt, nullable: false, default: None, identity: Some(Always), auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "a", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "b", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: Some(Generated { expr: "a * 2", stored: true }), collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "parent_id", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: false }, ConstraintDef { name: Some("fk_parent"), kind: ForeignKey(ForeignKey { columns: ["parent_id"], ref_table: QualifiedName { schema: Some("audit"), name: "events" }, ref_columns: ["id"], on_delete: NoAction, on_update: Cascade }), deferrable: Not, not_valid: false, inline: false }, ConstraintDef { name: Some("uq_ab"), kind: Unique { columns: ["a", "b"], nulls_not_distinct: false }, deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: Some("audit log"), options: [], as_query: false, temporary: false })
    14:9 CreateIndex(CreateIndex { name: Some("ix_events_ab"), table: QualifiedName { schema: Some("audit"), name: "events" }, if_not_exists: false, concurrently: false, index: Index { name: "ix_events_ab", unique: true, keys: [Column { name: "a", desc: false }, Column { name: "b", desc: false }], predicate: None, method: None, include: [] } })
    18:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "pairs" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "x", ty: Integer, nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, ColumnDef { column: Column { name: "y", ty: Integer, nullable: false, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["x", "y"] }, deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    "#
    );
}

#[test]
fn calls_that_cannot_be_read() {
    check!(
        &up(r#"op.create_table(TABLE_FROM_ELSEWHERE, sa.Column("id", sa.Integer))
op.add_column("t", make_column())
op.execute(build_sql())
op.execute(f"DROP TABLE {name}")
op.alter_column("t", "c", type_=Vector(3))"#),
        Postgres,
        @r#"
    10:5 AlterColumn { table: QualifiedName { schema: None, name: "t" }, column: "c", change: SetType { ty: Named("vector(3)"), using: None } }
    warning[invalid-alembic-call] 6:5 `op.create_table` arguments could not be read
    warning[invalid-alembic-call] 7:5 `op.add_column` arguments could not be read
    warning[unsimulated-code] 8:5 `execute` of SQL that cannot be folded to a constant may change the schema and is not simulated
    warning[unsimulated-code] 9:5 `execute` of SQL that cannot be folded to a constant may change the schema and is not simulated
    warning[unknown-type] 10:5 column type `Vector` is not a SQLAlchemy type Strata knows; kept by name
    partial
    "#
    );
}

/// The whole pipeline on a `versions/` folder: discovery, revision graph, lowering, replay.
#[test]
fn project_replays_alembic_revisions() {
    use strata_core::source::InputFile;
    let first = "\"\"\"create orgs\n\nRevision ID: a1\n\"\"\"\nimport sqlalchemy as sa\nfrom alembic import op\n\nrevision = 'a1'\ndown_revision = None\n\ndef upgrade():\n    op.create_table('orgs', sa.Column('id', sa.Integer, primary_key=True), sa.Column('kind', sa.Enum('a', 'b', name='org_kind')))\n\ndef downgrade():\n    op.drop_table('orgs')\n    sa.Enum(name='org_kind').drop(op.get_bind())\n";
    let second = "\"\"\"add users\n\nRevision ID: b2\n\"\"\"\nimport sqlalchemy as sa\nfrom alembic import op\n\nrevision = 'b2'\ndown_revision = 'a1'\n\ndef upgrade():\n    op.create_table('users', sa.Column('id', sa.Integer, primary_key=True), sa.Column('org_id', sa.Integer, sa.ForeignKey('orgs.id')), sa.Column('email', sa.String(80), index=True, unique=True))\n    if op.get_bind().dialect.name == 'postgresql':\n        op.execute('CREATE INDEX users_lower_email ON users (lower(email))')\n\ndef downgrade():\n    op.drop_table('users')\n";
    let files = vec![
        InputFile::new("versions/a1_create_orgs.py", first),
        InputFile::new("versions/b2_add_users.py", second),
    ];
    let mut out = String::new();
    for dialect in [Postgres, Mysql] {
        let config = strata_core::Config {
            dialect: Some(dialect),
            ..Default::default()
        };
        let project = strata_core::load(files.clone(), &config);
        let replay = project.replay(project.head());
        out.push_str(&format!("== {dialect}\n"));
        for e in replay.schema.enums.values() {
            out.push_str(&format!("enum {}\n", e.name));
        }
        for t in replay.schema.tables.values() {
            let names: Vec<&str> = t
                .constraints
                .iter()
                .map(|c| c.name.as_str())
                .chain(t.indexes.iter().map(|i| i.name.as_str()))
                .collect();
            out.push_str(&format!("{}: {}\n", t.name, names.join(", ")));
        }
        for d in project.diagnostics.iter().chain(&replay.diagnostics) {
            out.push_str(&format!(
                "{}[{}] {}\n",
                d.severity.name(),
                d.code,
                d.message
            ));
        }
    }
    insta::assert_snapshot!(out, @"
    == postgres
    enum org_kind
    orgs: orgs_pkey
    users: users_pkey, users_org_id_fkey, ix_users_email, users_lower_email
    == mysql
    orgs: PRIMARY
    users: PRIMARY, users_ibfk_1, ix_users_email, org_id
    ");
}

/// Every prefix of a realistic revision (most are syntax errors, some cut a call short) lowers
/// without panicking, and the diagnostics always point inside the file.
#[test]
fn truncated_revisions_never_panic() {
    let text = format!("{USERS}    op.execute(f\"UPDATE {{'t'}} SET a = '{{}}'\".format(1) % ())\n    with op.batch_alter_table('users') as b:\n        b.alter_column('email', type_=sa.Text(), server_default=sa.text(\"'x'\"))\n");
    for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let prefix = &text[..end];
        for dialect in [Postgres, Mysql, Sqlite] {
            let lowered = lower_function(
                prefix,
                0,
                "upgrade",
                &AlembicConfig {
                    dialect,
                    types: BTreeMap::new(),
                    ..AlembicConfig::default()
                },
            );
            for d in &lowered.diagnostics {
                let span = d.span.expect("lowering diagnostics have a span");
                assert!(
                    span.end as usize <= prefix.len(),
                    "{d:?} outside a {}-byte file",
                    prefix.len()
                );
            }
        }
    }
}

/// Alembic's MySQL output, from `alembic upgrade --sql`:
/// `ALTER TABLE users CHANGE email mail VARCHAR(20) NULL DEFAULT 'x'`.
#[test]
fn alter_column_mysql_redefines_the_column() {
    check!(
        &up(r#"op.alter_column("users", "email", existing_type=sa.String(20), nullable=True, new_column_name="mail", server_default="x")
op.alter_column("users", "age", existing_type=sa.Integer(), nullable=False, existing_server_default=sa.text("0"), existing_comment="years")
op.alter_column("users", "name", server_default="anon")
op.alter_column("users", "bio", nullable=False)
op.create_table("t", sa.Column("id", sa.Integer, primary_key=True), if_not_exists=True)
op.add_column("t", sa.Column("x", sa.Integer), if_not_exists=True)"#),
        Mysql,
        @r#"
    6:5 RenameColumn { table: QualifiedName { schema: None, name: "users" }, from: "email", to: "mail" }
    6:5 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "mail", change: Redefine { column: ColumnDef { column: Column { name: "mail", ty: Varchar(Some(20)), nullable: true, default: Some("'x'"), identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None } } }
    7:5 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "age", change: Redefine { column: ColumnDef { column: Column { name: "age", ty: Integer, nullable: false, default: Some("0"), identity: None, auto_increment: false, generated: None, collation: None, comment: Some("years") }, serial: false, constraints: [], position: None } } }
    8:5 AlterColumn { table: QualifiedName { schema: None, name: "users" }, column: "name", change: SetDefault(Some("'anon'")) }
    10:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "t" }, if_not_exists: true, columns: [ColumnDef { column: Column { name: "id", ty: Integer, nullable: false, default: None, identity: None, auto_increment: true, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: false }], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    11:5 AddColumn { table: QualifiedName { schema: None, name: "t" }, column: ColumnDef { column: Column { name: "x", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: true }
    warning[invalid-alembic-call] 9:5 on MySQL `alter_column` needs `existing_type=` (Alembic redefines the whole column)
    partial
    "#
    );
}

/// Helpers calling helpers in loops would expand to 10^12 statements: lowering stops at a budget.
#[test]
fn expansion_is_bounded() {
    let mut py = String::from("from alembic import op\n\ndef h0():\n    op.drop_table('t')\n");
    for i in 1..=4 {
        py.push_str(&format!(
            "\ndef h{i}():\n    for _ in [{}]:\n        h{}()\n",
            vec!["0"; 1000].join(", "),
            i - 1
        ));
    }
    py.push_str("\ndef upgrade():\n    h4()\n");
    let lowered = lower_function(&py, 0, "upgrade", &AlembicConfig::default());
    assert!(lowered.partial);
    assert!(lowered.ops.len() < 100_000, "{} ops", lowered.ops.len());
    let codes: Vec<_> = lowered.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unsimulated-code"]);
}

/// `sqlite_autoincrement=True`: `id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT` and no
/// table-level key (SQLAlchemy 2.1).
#[test]
fn sqlite_autoincrement_keys_the_column() {
    let py = up(
        r#"op.create_table("seq", sa.Column("id", sa.Integer, primary_key=True), sqlite_autoincrement=True)"#,
    );
    let lowered = lower_function(
        &py,
        0,
        "upgrade",
        &AlembicConfig {
            dialect: Sqlite,
            types: BTreeMap::new(),
            ..AlembicConfig::default()
        },
    );
    let [op] = lowered.ops.as_slice() else {
        panic!("{:?}", lowered.ops)
    };
    let strata_core::op::Op::CreateTable(ct) = &op.value else {
        panic!("{op:?}")
    };
    let id = &ct.columns[0];
    insta::assert_snapshot!(format!("{:?} {:?} {:?}", id.column.auto_increment, id.constraints, ct.constraints), @r#"true [ConstraintDef { name: None, kind: PrimaryKey { columns: ["id"] }, deferrable: Not, not_valid: false, inline: true }] []"#);
}

#[test]
fn sqlite_drops_comments() {
    // SQLAlchemy's SQLite dialect has `supports_comments = False`: `comment=` emits nothing and
    // the table comment operations are no-ops, not errors.
    let py = up(
        r#"op.create_table("t", sa.Column("a", sa.Integer(), comment="c"), comment="tc")
op.add_column("t", sa.Column("b", sa.Integer(), comment="c"))
op.alter_column("t", "a", comment="d")
op.create_table_comment("t", "tc2")
op.drop_table_comment("t")"#,
    );
    check!(&py, Sqlite, @r#"
    6:5 CreateTable(CreateTable { name: QualifiedName { schema: None, name: "t" }, if_not_exists: false, columns: [ColumnDef { column: Column { name: "a", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }], constraints: [], indexes: [], comment: None, options: [], as_query: false, temporary: false })
    7:5 AddColumn { table: QualifiedName { schema: None, name: "t" }, column: ColumnDef { column: Column { name: "b", ty: Integer, nullable: true, default: None, identity: None, auto_increment: false, generated: None, collation: None, comment: None }, serial: false, constraints: [], position: None }, if_not_exists: false }
    "#);
}
