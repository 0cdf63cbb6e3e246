//! SQLAlchemy breadth in the Alembic reader, on whole sets through `load`: `with_variant`,
//! `use_alter`, and column types defined by the project's own Python modules (a `TypeDecorator`
//! in a module the revisions import, handed over beside them as files).
//!
//! Each case prints the head schema as Strata renders it, then every warning and error as
//! `severity[code] file:line message`. The expected DDL is what `alembic upgrade head --sql`
//! prints for the same revisions (SQLAlchemy 2.1, Alembic 1.x); `crates/db/tests/alembic_fidelity.rs`
//! runs `migrations/alembic-sqlalchemy` with real Alembic on the real servers.

use std::fmt::Write as _;
use strata_core::diagnostic::line_col;
use strata_core::render::render_schema;
use strata_core::Dialect::{self, Mysql, Postgres, Sqlite};
use strata_core::{load, Config, InputFile, Severity};

fn run(files: &[(&str, &str)], dialect: Dialect) -> String {
    run_with(files, dialect, Default::default())
}

fn run_with(
    files: &[(&str, &str)],
    dialect: Dialect,
    types: std::collections::BTreeMap<String, String>,
) -> String {
    let inputs = files
        .iter()
        .map(|(p, t)| InputFile {
            path: p.to_string(),
            contents: t.as_bytes().to_vec(),
        })
        .collect();
    let project = load(
        inputs,
        &Config {
            dialect: Some(dialect),
            types,
            ..Config::default()
        },
    );
    let replay = project.replay(project.head());
    let mut out = render_schema(&replay.schema, dialect);
    for d in project.diagnostics.iter().chain(&replay.diagnostics) {
        if d.severity == Severity::Info {
            continue;
        }
        let place = d.span.map(|s| {
            let f = project.set.files.get(s.file as usize);
            let (line, _) = f.map_or((0, 0), |f| line_col(&f.text, s.start as usize));
            format!("{}:{line}", f.map_or("?", |f| f.path.as_str()))
        });
        let _ = writeln!(
            out,
            "{}[{}] {} {}",
            d.severity.name(),
            d.code,
            place.unwrap_or_default(),
            d.message
        );
    }
    out
}

fn revision(id: &str, down: &str, body: &str) -> String {
    let body: Vec<String> = body.lines().map(|l| format!("    {l}")).collect();
    format!(
        "import sqlalchemy as sa\nfrom alembic import op\n\nrevision = '{id}'\ndown_revision = {down}\n\n\ndef upgrade():\n{}\n\n\ndef downgrade():\n    pass\n",
        body.join("\n")
    )
}

const VARIANTS: &str = r#"op.create_table(
    "events",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("body", sa.String(10).with_variant(sa.Text(), "postgresql").with_variant(sa.CHAR(3), "mysql", "mariadb")),
    sa.Column("only_mariadb", sa.String(5).with_variant(sa.Text(), "mariadb")),
    sa.Column("kw", sa.Integer().with_variant(sa.SmallInteger(), "postgresql")),
)"#;

#[test]
fn with_variant_picks_the_dialects_type() {
    let v = revision("a1", "None", VARIANTS);
    let files = [("versions/a1_events.py", v.as_str())];
    insta::assert_snapshot!(run(&files, Postgres), @r"
    CREATE SEQUENCE events_id_seq AS bigint;
    CREATE TABLE events (
        id bigint DEFAULT nextval('events_id_seq') NOT NULL,
        body text,
        only_mariadb character varying(5),
        kw smallint,
        CONSTRAINT events_pkey PRIMARY KEY (id)
    );
    ALTER SEQUENCE events_id_seq OWNED BY events.id;
    ");
    insta::assert_snapshot!(run(&files, Mysql), @r"
    CREATE TABLE events (
        id bigint(20) NOT NULL AUTO_INCREMENT,
        body char(3),
        only_mariadb varchar(5),
        kw int(11),
        PRIMARY KEY (id)
    );
    ");
    insta::assert_snapshot!(run(&files, Sqlite), @r"
    CREATE TABLE events (
        id integer NOT NULL,
        body varchar(10),
        only_mariadb varchar(5),
        kw integer,
        PRIMARY KEY (id)
    );
    ");
}

const CYCLE: &str = r#"op.create_table(
    "flow_run",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("task_id", sa.Integer(), sa.ForeignKey("task_run.id", use_alter=True)),
    sa.Column("state_id", sa.Integer()),
    sa.ForeignKeyConstraint(["state_id"], ["flow_run_state.id"], name="fk_flow_run_state", use_alter=True),
)
op.create_table(
    "task_run",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("flow_run_id", sa.Integer(), sa.ForeignKey("flow_run.id")),
)
op.create_table(
    "flow_run_state",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("flow_run_id", sa.Integer(), sa.ForeignKey("flow_run.id", use_alter=True)),
)
op.add_column("task_run", sa.Column("state_id", sa.Integer(), sa.ForeignKey("flow_run_state.id", use_alter=True)))"#;

#[test]
fn use_alter_keys_are_left_out_of_create_table() {
    let v = revision("a1", "None", CYCLE);
    let files = [("versions/a1_runs.py", v.as_str())];
    insta::assert_snapshot!(run(&files, Postgres), @r"
    CREATE SEQUENCE flow_run_id_seq AS integer;
    CREATE SEQUENCE flow_run_state_id_seq AS integer;
    CREATE SEQUENCE task_run_id_seq AS integer;
    CREATE TABLE flow_run (
        id integer DEFAULT nextval('flow_run_id_seq') NOT NULL,
        task_id integer,
        state_id integer,
        CONSTRAINT flow_run_pkey PRIMARY KEY (id)
    );
    CREATE TABLE flow_run_state (
        id integer DEFAULT nextval('flow_run_state_id_seq') NOT NULL,
        flow_run_id integer,
        CONSTRAINT flow_run_state_pkey PRIMARY KEY (id)
    );
    CREATE TABLE task_run (
        id integer DEFAULT nextval('task_run_id_seq') NOT NULL,
        flow_run_id integer,
        state_id integer,
        CONSTRAINT task_run_pkey PRIMARY KEY (id)
    );
    ALTER SEQUENCE flow_run_id_seq OWNED BY flow_run.id;
    ALTER SEQUENCE flow_run_state_id_seq OWNED BY flow_run_state.id;
    ALTER SEQUENCE task_run_id_seq OWNED BY task_run.id;
    ALTER TABLE task_run ADD CONSTRAINT task_run_flow_run_id_fkey FOREIGN KEY (flow_run_id) REFERENCES flow_run (id);
    ALTER TABLE task_run ADD CONSTRAINT task_run_state_id_fkey FOREIGN KEY (state_id) REFERENCES flow_run_state (id);
    ");
    insta::assert_snapshot!(run(&files, Mysql), @r"
    CREATE TABLE flow_run (
        id int(11) NOT NULL AUTO_INCREMENT,
        task_id int(11),
        state_id int(11),
        PRIMARY KEY (id)
    );
    CREATE TABLE flow_run_state (
        id int(11) NOT NULL AUTO_INCREMENT,
        flow_run_id int(11),
        PRIMARY KEY (id)
    );
    CREATE TABLE task_run (
        id int(11) NOT NULL AUTO_INCREMENT,
        flow_run_id int(11),
        state_id int(11),
        PRIMARY KEY (id)
    );
    CREATE INDEX flow_run_id ON task_run (flow_run_id);
    CREATE INDEX state_id ON task_run (state_id);
    ALTER TABLE task_run ADD CONSTRAINT task_run_ibfk_1 FOREIGN KEY (flow_run_id) REFERENCES flow_run (id);
    ALTER TABLE task_run ADD CONSTRAINT task_run_ibfk_2 FOREIGN KEY (state_id) REFERENCES flow_run_state (id);
    ");
    insta::assert_snapshot!(run(&files, Sqlite), @r"
    CREATE TABLE task_run (
        id integer NOT NULL,
        flow_run_id integer,
        state_id integer,
        PRIMARY KEY (id),
        FOREIGN KEY (flow_run_id) REFERENCES flow_run (id)
    );
    CREATE TABLE flow_run_state (
        id integer NOT NULL,
        flow_run_id integer,
        PRIMARY KEY (id),
        FOREIGN KEY (flow_run_id) REFERENCES flow_run (id)
    );
    CREATE TABLE flow_run (
        id integer NOT NULL,
        task_id integer,
        state_id integer,
        PRIMARY KEY (id),
        CONSTRAINT fk_flow_run_state FOREIGN KEY (state_id) REFERENCES flow_run_state (id),
        FOREIGN KEY (task_id) REFERENCES task_run (id)
    );
    warning[unknown-table] versions/a1_runs.py:14 foreign key references table `flow_run_state`, which does not exist
    warning[unknown-table] versions/a1_runs.py:12 foreign key references table `task_run`, which does not exist
    error[unsupported-in-dialect] versions/a1_runs.py:26 SQLite's ALTER TABLE cannot do this: constraints cannot be added, dropped or changed with ALTER TABLE
    ");
}

macro_rules! example {
    ($($path:literal),*) => {
        &[$(($path, include_str!(concat!("../../../migrations/alembic-sqlalchemy/", $path)))),*]
    };
}

/// `migrations/alembic-sqlalchemy`, which real Alembic runs in `crates/db`'s fidelity tests.
const EXAMPLE: &[(&str, &str)] = example!(
    "alembic.ini",
    "env.py",
    "myapp/__init__.py",
    "myapp/db/__init__.py",
    "myapp/db/types.py",
    "myapp/enums.py",
    "versions/s1001_accounts.py",
    "versions/s1002_events.py",
    "versions/s1003_jobs.py"
);

#[test]
fn project_types_come_from_the_projects_modules() {
    insta::assert_snapshot!(run(EXAMPLE, Postgres), @r"
    CREATE TYPE job_status AS ENUM ('queued', 'running', 'done');
    CREATE TYPE priority AS ENUM ('low', 'normal', 'high');
    CREATE SEQUENCE deliveries_id_seq AS integer;
    CREATE SEQUENCE events_id_seq AS bigint;
    CREATE SEQUENCE job_runs_id_seq AS integer;
    CREATE TABLE accounts (
        id uuid NOT NULL,
        name character varying(40) NOT NULL,
        slug character varying(20) NOT NULL,
        settings jsonb,
        profile jsonb,
        created timestamp with time zone,
        CONSTRAINT accounts_pkey PRIMARY KEY (id),
        CONSTRAINT uq_accounts_slug UNIQUE (slug)
    );
    CREATE TABLE deliveries (
        id integer DEFAULT nextval('deliveries_id_seq') NOT NULL,
        event_id bigint NOT NULL,
        retry_of_id integer,
        CONSTRAINT deliveries_pkey PRIMARY KEY (id)
    );
    CREATE TABLE events (
        id bigint DEFAULT nextval('events_id_seq') NOT NULL,
        account_id uuid NOT NULL,
        last_delivery_id integer,
        kind text NOT NULL,
        note character varying(30),
        CONSTRAINT events_pkey PRIMARY KEY (id)
    );
    CREATE TABLE job_runs (
        id integer DEFAULT nextval('job_runs_id_seq') NOT NULL,
        job_id uuid NOT NULL,
        status job_status NOT NULL,
        CONSTRAINT job_runs_pkey PRIMARY KEY (id)
    );
    CREATE TABLE jobs (
        id uuid NOT NULL,
        status job_status NOT NULL,
        queued_at timestamp with time zone,
        priority priority NOT NULL,
        CONSTRAINT jobs_pkey PRIMARY KEY (id)
    );
    ALTER SEQUENCE deliveries_id_seq OWNED BY deliveries.id;
    ALTER SEQUENCE events_id_seq OWNED BY events.id;
    ALTER SEQUENCE job_runs_id_seq OWNED BY job_runs.id;
    ALTER TABLE deliveries ADD CONSTRAINT fk_deliveries_event FOREIGN KEY (event_id) REFERENCES events (id);
    ALTER TABLE events ADD CONSTRAINT events_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
    ALTER TABLE job_runs ADD CONSTRAINT job_runs_job_id_fkey FOREIGN KEY (job_id) REFERENCES jobs (id);
    ");
    insta::assert_snapshot!(run(EXAMPLE, Mysql), @r"
    CREATE TABLE accounts (
        id char(32) NOT NULL,
        name varchar(40) NOT NULL,
        slug varchar(20) NOT NULL,
        settings text,
        profile text,
        created datetime,
        PRIMARY KEY (id),
        UNIQUE KEY uq_accounts_slug (slug)
    );
    CREATE TABLE deliveries (
        id int(11) NOT NULL AUTO_INCREMENT,
        event_id bigint(20) NOT NULL,
        retry_of_id int(11),
        PRIMARY KEY (id)
    );
    CREATE TABLE events (
        id bigint(20) NOT NULL AUTO_INCREMENT,
        account_id char(32) NOT NULL,
        last_delivery_id int(11),
        kind char(8) NOT NULL,
        note varchar(30),
        PRIMARY KEY (id)
    );
    CREATE TABLE job_runs (
        id int(11) NOT NULL AUTO_INCREMENT,
        job_id char(32) NOT NULL,
        status enum('queued','running','done') NOT NULL,
        PRIMARY KEY (id)
    );
    CREATE TABLE jobs (
        id char(32) NOT NULL,
        status enum('queued','running','done') NOT NULL,
        queued_at datetime,
        priority enum('low','normal','high') NOT NULL,
        PRIMARY KEY (id)
    );
    CREATE INDEX fk_deliveries_event ON deliveries (event_id);
    CREATE INDEX account_id ON events (account_id);
    CREATE INDEX job_id ON job_runs (job_id);
    ALTER TABLE deliveries ADD CONSTRAINT fk_deliveries_event FOREIGN KEY (event_id) REFERENCES events (id);
    ALTER TABLE events ADD CONSTRAINT events_ibfk_1 FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
    ALTER TABLE job_runs ADD CONSTRAINT job_runs_ibfk_1 FOREIGN KEY (job_id) REFERENCES jobs (id);
    ");
    insta::assert_snapshot!(run(EXAMPLE, Sqlite), @r"
    CREATE TABLE events (
        id integer NOT NULL,
        account_id char(32) NOT NULL,
        last_delivery_id integer,
        kind varchar(10) NOT NULL,
        note varchar(30),
        PRIMARY KEY (id),
        FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
        FOREIGN KEY (last_delivery_id) REFERENCES deliveries (id)
    );
    CREATE TABLE deliveries (
        id integer NOT NULL,
        event_id integer NOT NULL,
        retry_of_id integer,
        PRIMARY KEY (id),
        CONSTRAINT fk_deliveries_event FOREIGN KEY (event_id) REFERENCES events (id),
        CONSTRAINT fk_deliveries_retry FOREIGN KEY (retry_of_id) REFERENCES deliveries (id)
    );
    CREATE TABLE accounts (
        id char(32) NOT NULL,
        name varchar(40) NOT NULL,
        slug varchar(20) NOT NULL,
        settings text,
        profile text,
        created datetime,
        PRIMARY KEY (id),
        CONSTRAINT uq_accounts_slug UNIQUE (slug)
    );
    CREATE TABLE jobs (
        id char(32) NOT NULL,
        status varchar(7) NOT NULL,
        queued_at datetime,
        priority varchar(6) NOT NULL,
        PRIMARY KEY (id)
    );
    CREATE TABLE job_runs (
        id integer NOT NULL,
        job_id char(32) NOT NULL,
        status varchar(7) NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY (job_id) REFERENCES jobs (id)
    );
    warning[unknown-table] versions/s1002_events.py:29 foreign key references table `deliveries`, which does not exist
    ");
}

/// The CLI names modules found above the migration folder by their path from it.
#[test]
fn modules_outside_the_folder_resolve_the_same() {
    let inside = run(EXAMPLE, Postgres);
    let moved: Vec<(String, &str)> = EXAMPLE
        .iter()
        .map(|(p, t)| match p.strip_prefix("myapp/") {
            Some(rest) => (format!("../../src/myapp/{rest}"), *t),
            None => (p.to_string(), *t),
        })
        .collect();
    let moved: Vec<(&str, &str)> = moved.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    assert_eq!(run(&moved, Postgres), inside);
}

#[test]
fn without_the_module_the_warning_says_how_to_map_the_type() {
    let files: Vec<(&str, &str)> = EXAMPLE
        .iter()
        .copied()
        .filter(|(p, _)| !p.starts_with("myapp/") && !p.ends_with("s1003_jobs.py"))
        .collect();
    let out = run(&files, Sqlite);
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning")).collect();
    insta::assert_snapshot!(warnings.join("\n"), @r"
    warning[unknown-type] versions/s1001_accounts.py:24 column type `myapp.db.GUID` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    warning[unknown-type] versions/s1001_accounts.py:25 column type `myapp.db.types.Name` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    warning[unknown-type] versions/s1001_accounts.py:26 column type `myapp.db.types.Slug` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    warning[unknown-type] versions/s1001_accounts.py:27 column type `myapp.db.types.Document` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    warning[unknown-type] versions/s1001_accounts.py:28 column type `myapp.db.types.Payload` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    warning[unknown-type] versions/s1001_accounts.py:29 column type `myapp.db.types.Timestamp` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    warning[unknown-type] versions/s1002_events.py:28 column type `myapp.db.types.GUID` is not a SQLAlchemy type, and no module of the project given to Strata defines it; kept by name
    warning[unknown-table] versions/s1002_events.py:29 foreign key references table `deliveries`, which does not exist
    ");
    let mut types = std::collections::BTreeMap::new();
    types.insert("myapp.db.types.Document".to_string(), "json".to_string());
    let mapped = run_with(EXAMPLE, Sqlite, types);
    assert!(
        mapped.contains("settings  json") || mapped.contains("settings json"),
        "strata.toml [types] wins over the module:\n{mapped}"
    );
}

#[test]
fn a_class_strata_cannot_read_is_reported_with_the_reason() {
    let types = r#"import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator, TypeEngine

class Loop(TypeDecorator):
    impl = sa.Text

    def load_dialect_impl(self, dialect):
        for name in ("postgresql", "sqlite"):
            if dialect.name == name:
                return dialect.type_descriptor(sa.JSON())
        return self.impl_instance

class Bare(TypeDecorator):
    impl = TypeEngine

class Spec(sa.types.UserDefinedType):
    def get_col_spec(self, **kw):
        return "POINT"

Alias = sa.String(12)
"#;
    let rev = revision(
        "a1",
        "None",
        r#"op.create_table(
    "shapes",
    sa.Column("a", myapp.types.Loop()),
    sa.Column("b", myapp.types.Bare()),
    sa.Column("c", myapp.types.Spec()),
    sa.Column("d", myapp.types.Alias),
    sa.Column("e", myapp.types.Missing()),
)"#,
    )
    .replace(
        "from alembic import op\n",
        "from alembic import op\nimport myapp\n",
    );
    let files = [
        ("myapp/types.py", types),
        ("versions/a1_shapes.py", rev.as_str()),
    ];
    insta::assert_snapshot!(run(&files, Postgres), @r"
    CREATE TABLE shapes (
        a loop,
        b bare,
        c point,
        d character varying(12),
        e missing
    );
    warning[unknown-type] versions/a1_shapes.py:12 column type `myapp.types.Loop` could not be read: class `Loop` in `myapp/types.py`: its `load_dialect_impl` is not a plain `if dialect.name == ...` chain of `return dialect.type_descriptor(...)`; kept by name
    warning[unknown-type] versions/a1_shapes.py:13 column type `myapp.types.Bare` could not be read: class `Bare` in `myapp/types.py` has no `impl` type of its own (`impl = TypeEngine`) and no `load_dialect_impl`; kept by name
    warning[unknown-type] versions/a1_shapes.py:16 column type `myapp.types.Missing` could not be read: `myapp/types.py` defines no `Missing`; kept by name
    ");
}

#[test]
fn referenced_names_are_what_the_cli_looks_up() {
    let text = r#"import sqlalchemy as sa
from alembic import op
import prefect
import myapp.db as mdb
from myapp.types import (
    GUID,
    Name as N,  # a comment
)
from .relative import nothing

def upgrade():
    op.add_column("t", sa.Column("a", prefect.server.utilities.database.UUID()))
    op.add_column("t", sa.Column("b", mdb.Timestamp()))
"#;
    let names = strata_core::alembic::project_types::referenced_names(text);
    insta::assert_snapshot!(names.join("\n"), @r"
    myapp.db.Timestamp
    myapp.types.GUID
    myapp.types.Name
    prefect.server.utilities.database.UUID
    ");
}

/// Alembic's batch mode keeps indexes apart from columns until it recreates the table, so an
/// index on a dropped column may be dropped after it (Prefect's `b75d279ba985`, checked with
/// real Alembic on SQLite).
#[test]
fn batch_drop_index_after_drop_column() {
    let r1 = revision(
        "b1",
        "None",
        r#"op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("a", sa.String()), sa.Column("b", sa.String()))
op.create_index("uq_t_a_b", "t", ["a", "b"], unique=True)"#,
    );
    let r2 = revision(
        "b2",
        "'b1'",
        r#"with op.batch_alter_table("t") as batch_op:
    batch_op.drop_column("b")
    batch_op.drop_index("uq_t_a_b")
    batch_op.add_column(sa.Column("c", sa.String()))
    batch_op.create_index("ix_t_c", ["c"])
    batch_op.drop_index("ix_t_c")"#,
    );
    let files = [
        ("versions/b1.py", r1.as_str()),
        ("versions/b2.py", r2.as_str()),
    ];
    insta::assert_snapshot!(run(&files, Sqlite), @r"
    CREATE TABLE t (
        id integer NOT NULL,
        a varchar,
        c varchar,
        PRIMARY KEY (id)
    );
    ");
}

/// A share link carries the modules the types came from, so the web app resolves them too.
#[test]
fn share_links_carry_the_modules_used() {
    use strata_core::share::{files_payload, open, range_payload, View};
    let inputs: Vec<InputFile> = EXAMPLE
        .iter()
        .map(|(p, t)| InputFile {
            path: p.to_string(),
            contents: t.as_bytes().to_vec(),
        })
        .collect();
    let config = Config {
        dialect: Some(Postgres),
        ..Config::default()
    };
    let project = load(inputs, &config);
    let head = |p: &strata_core::Project| render_schema(&p.replay(p.head()).schema, Postgres);
    let expected = head(&project);
    let (files, config, _) = open(&files_payload(&project, View::default()));
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(names.contains(&"myapp/db/types.py"), "{names:?}");
    assert!(
        !names.contains(&"myapp/__init__.py"),
        "unused modules stay out: {names:?}"
    );
    assert_eq!(head(&load(files, &config)), expected);
    let from = project.resolve("s1001").expect("s1001");
    let (files, config, _) = open(&range_payload(
        &project,
        from,
        project.head(),
        View::default(),
    ));
    assert!(files.iter().any(|f| f.path == "myapp/db/types.py"));
    assert_eq!(head(&load(files, &config)), expected);
}

/// Classes that name each other in a circle, fan out through many bases, or do not parse end in
/// a warning, not a hang or a panic.
#[test]
fn cycles_fan_outs_and_broken_modules_are_reported() {
    let mut fan =
        String::from("import sqlalchemy as sa\nfrom sqlalchemy.types import TypeDecorator\n");
    for i in 0..12 {
        let bases: Vec<String> = (0..12).map(|j| format!("C{}_{j}", i + 1)).collect();
        for j in 0..12 {
            fan.push_str(&format!(
                "class C{i}_{j}({}):\n    pass\n",
                bases.join(", ")
            ));
        }
    }
    let types = "from myapp.types import B as A\nfrom myapp.types import A as B\nclass Self(TypeDecorator):\n    impl = Self\n";
    let rev = revision(
        "a1",
        "None",
        r#"op.create_table(
    "t",
    sa.Column("a", myapp.types.A()),
    sa.Column("b", myapp.types.Self()),
    sa.Column("c", myapp.fan.C0_0()),
    sa.Column("d", myapp.broken.X()),
)"#,
    )
    .replace(
        "from alembic import op\n",
        "from alembic import op\nimport myapp\n",
    );
    let files = [
        ("myapp/types.py", types),
        ("myapp/fan.py", fan.as_str()),
        ("myapp/broken.py", "class X(:\n"),
        ("versions/a1_t.py", rev.as_str()),
    ];
    insta::assert_snapshot!(run(&files, Postgres), @r"
    CREATE TABLE t (
        a a,
        b self,
        c c0_0,
        d x
    );
    warning[unknown-type] versions/a1_t.py:12 column type `myapp.types.A` could not be read: it is defined through too many other classes (more than 8 deep or 64 in all); kept by name
    warning[unknown-type] versions/a1_t.py:13 column type `myapp.types.Self` could not be read: it is defined through more than 8 other types; kept by name
    warning[unknown-type] versions/a1_t.py:14 column type `myapp.fan.C0_0` could not be read: it is defined through too many other classes (more than 8 deep or 64 in all); kept by name
    warning[unknown-type] versions/a1_t.py:15 column type `myapp.broken.X` could not be read: `myapp/broken.py` could not be read (not valid Python, or nested too deep); kept by name
    ");
}

/// A module a column type was read from is not reported as a file that was not read.
#[test]
fn modules_used_are_not_ignored_files() {
    let inputs: Vec<InputFile> = EXAMPLE
        .iter()
        .map(|(p, t)| InputFile {
            path: p.to_string(),
            contents: t.as_bytes().to_vec(),
        })
        .chain([InputFile {
            path: "myapp/unused.py".into(),
            contents: b"x = 1\n".to_vec(),
        }])
        .collect();
    let project = load(inputs, &Config::default());
    let ignored: Vec<&str> = project
        .diagnostics
        .iter()
        .filter(|d| d.code == "ignored-file")
        .filter_map(|d| d.span)
        .filter_map(|s| project.set.files.get(s.file as usize))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(ignored, ["myapp/unused.py"]);
}

/// Reflecting the catalog changes nothing, and a simulated upgrade is online
/// (`op.get_context().as_sql` is false): Prefect's data migrations.
#[test]
fn reflect_and_as_sql() {
    let r = revision(
        "a1",
        "None",
        r#"op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))
connection = op.get_bind()
meta_data = sa.MetaData()
meta_data.reflect(connection)
ctx = op.get_context()
with ctx.autocommit_block():
    if not ctx.as_sql:
        op.create_index("ix_t_id", "t", ["id"])
    if op.get_context().as_sql:
        op.drop_table("t")"#,
    );
    insta::assert_snapshot!(run(&[("versions/a1.py", r.as_str())], Postgres), @r"
    CREATE SEQUENCE t_id_seq AS integer;
    CREATE TABLE t (
        id integer DEFAULT nextval('t_id_seq') NOT NULL,
        CONSTRAINT t_pkey PRIMARY KEY (id)
    );
    ALTER SEQUENCE t_id_seq OWNED BY t.id;
    CREATE INDEX ix_t_id ON t (id);
    ");
}

/// What the CLI reads next from a module it found: only what the name needs.
#[test]
fn names_behind_follow_re_exports_bases_and_impl() {
    use strata_core::alembic::project_types::names_behind;
    let text = r#"from myapp.base import BaseType as BaseType
from myapp.json import Json
from pydantic import BaseModel
import myapp.other as other

class Model(BaseModel):
    """Mentions impl and Json in prose only."""
    x: Json = None

class Local(BaseType):
    cache_ok = True

class Payload(Local):
    impl = Json

class Deep(other.Thing):
    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(other.Helper())
"#;
    let behind = |attr: &str| names_behind(text, attr, "myapp.db").join(" ");
    assert_eq!(behind("BaseType"), "myapp.base.BaseType");
    assert_eq!(behind("Model"), "pydantic.BaseModel");
    assert_eq!(behind("Payload"), "myapp.base.BaseType myapp.json.Json");
    assert_eq!(behind("Deep"), "myapp.other.Helper myapp.other.Thing");
    assert_eq!(behind("Missing"), "");
    let relative = "from .types import GUID\nfrom ..base import Base\nfrom . import json\n";
    let behind = |attr: &str| names_behind(relative, attr, "myapp.db").join(" ");
    assert_eq!(behind("GUID"), "myapp.db.types.GUID");
    assert_eq!(behind("Base"), "myapp.base.Base");
}

/// `op.drop_constraint(None, ...)` fails in real Alembic (SQLAlchemy's CompileError, checked with
/// `alembic downgrade --sql`): an error, not a call Strata could not read (pypi/warehouse).
#[test]
fn dropping_an_unnamed_constraint_is_an_error() {
    let r = revision(
        "a1",
        "None",
        r#"op.create_table("r", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("v", sa.Integer()))
op.create_unique_constraint(None, "r", ["v"])
op.drop_constraint(None, "r", type_="unique")"#,
    );
    insta::assert_snapshot!(run(&[("versions/a1.py", r.as_str())], Postgres), @r"
    CREATE SEQUENCE r_id_seq AS integer;
    CREATE TABLE r (
        id integer DEFAULT nextval('r_id_seq') NOT NULL,
        v integer,
        CONSTRAINT r_pkey PRIMARY KEY (id),
        CONSTRAINT r_v_key UNIQUE (v)
    );
    ALTER SEQUENCE r_id_seq OWNED BY r.id;
    error[unnamed-constraint-drop] versions/a1.py:11 `op.drop_constraint(None, ...)` cannot run: SQLAlchemy emits no DROP CONSTRAINT without a name (Alembic stops with a CompileError)
    ");
}

/// `sa.Enum(Status)` of a Python enum in the project's modules: SQLAlchemy labels it with the
/// member names (aliases left out) and names the type after the class in lower case (checked
/// with SQLAlchemy 2.1's `CreateTable(...).compile`).
#[test]
fn enums_from_the_projects_python_enums() {
    let models = r#"import enum
from enum import Enum

class Status(enum.Enum):
    NEW = "new"
    DONE = "done"
    ALIAS = "new"
    _ignore_ = []

class Kind(str, Enum):
    A = "a"

from myapp.models import Kind as Again
"#;
    let rev = revision(
        "a1",
        "None",
        r#"op.create_table(
    "t",
    sa.Column("s", sa.Enum(Status)),
    sa.Column("k", sa.Enum(myapp.models.Kind, name="kk")),
    sa.Column("a", sa.Enum(Again, name="again")),
)"#,
    )
    .replace(
        "from alembic import op\n",
        "from alembic import op\nimport myapp\nfrom myapp.models import Status, Again\n",
    );
    let files = [
        ("myapp/models.py", models),
        ("versions/a1_t.py", rev.as_str()),
    ];
    insta::assert_snapshot!(run(&files, Postgres), @r"
    CREATE TYPE again AS ENUM ('A');
    CREATE TYPE kk AS ENUM ('A');
    CREATE TYPE status AS ENUM ('NEW', 'DONE');
    CREATE TABLE t (
        s status,
        k kk,
        a again
    );
    ");
    insta::assert_snapshot!(run(&files, Mysql), @r"
    CREATE TABLE t (
        s enum('NEW','DONE'),
        k enum('A'),
        a enum('A')
    );
    ");
}
