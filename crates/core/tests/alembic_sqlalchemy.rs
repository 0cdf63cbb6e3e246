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
