//! `strata plan` and revision names on Alembic sets, checked against what real Alembic does:
//! the expected texts below were printed by Alembic 1.20.1 / SQLAlchemy 2.1.9
//! (`alembic upgrade --sql`, and `ScriptDirectory.get_revisions` for the names).

use strata_core::dialect::Dialect;
use strata_core::plan::plan;
use strata_core::project::{load, Config, Project, Revision};
use strata_core::source::InputFile;

fn project(files: &[(&str, &str)], dialect: Dialect) -> Project {
    let inputs = files
        .iter()
        .map(|(p, c)| InputFile::new(*p, c.as_bytes()))
        .collect();
    load(
        inputs,
        &Config {
            dialect: Some(dialect),
            ..Config::default()
        },
    )
}

const BULK: &str = r#"import datetime
from alembic import op
import sqlalchemy as sa
revision = "b1"
down_revision = None
def upgrade():
    t = op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(20)), sa.Column("ok", sa.Boolean()), sa.Column("d", sa.Date()), sa.Column("at", sa.DateTime()), sa.Column("n", sa.Numeric(5, 2)), sa.Column("j", sa.JSON()))
    op.bulk_insert(t, [{"name": "it's", "id": 1, "ok": True}, {"id": 2, "name": None, "ok": False, "d": datetime.date(2026, 1, 2), "at": datetime.datetime(2026, 1, 2, 3, 4, 5), "n": 1.5}])
    u = sa.table("u", sa.column("a", sa.Integer), sa.column("b", sa.String))
    op.bulk_insert(u, [{"b": "x", "a": -3}])
    op.bulk_insert(u, [])
    op.bulk_insert(sa.table("v", sa.column("a", sa.Integer), schema="s"), [{"a": 1}], multiinsert=False)
def downgrade():
    pass
"#;

/// The INSERTs of the plan from base to head, without Alembic's own bookkeeping.
fn inserts(dialect: Dialect) -> String {
    let p = project(&[("versions/b1_x.py", BULK)], dialect);
    let script = plan(&p, Revision::Base, p.head()).expect("plan");
    let lines: Vec<&str> = script
        .text
        .lines()
        .filter(|l| l.starts_with("INSERT INTO") && !l.starts_with("INSERT INTO alembic_version"))
        .collect();
    lines.join("\n")
}

#[test]
fn bulk_insert_rows_are_the_inserts_alembic_prints() {
    // PostgreSQL and MySQL print the same text for these rows.
    let server = "INSERT INTO t (id, name, ok) VALUES (1, 'it''s', true);
INSERT INTO t (id, name, ok, d, at, n) VALUES (2, NULL, false, '2026-01-02', '2026-01-02 03:04:05', 1.5);
INSERT INTO u (a, b) VALUES (-3, 'x');
INSERT INTO s.v (a) VALUES (1);";
    assert_eq!(inserts(Dialect::Postgres), server);
    assert_eq!(inserts(Dialect::Mysql), server);
    assert_eq!(
        inserts(Dialect::Sqlite),
        "INSERT INTO t (id, name, ok) VALUES (1, 'it''s', 1);
INSERT INTO t (id, name, ok, d, at, n) VALUES (2, NULL, 0, '2026-01-02', '2026-01-02 03:04:05.000000', 1.5);
INSERT INTO u (a, b) VALUES (-3, 'x');
INSERT INTO s.v (a) VALUES (1);"
    );
}

#[test]
fn rows_strata_cannot_write_exactly_stay_a_note() {
    let py = BULK.replace(r#"[{"a": 1}]"#, r#"[{"a": some_function()}]"#);
    let p = project(&[("versions/b1_x.py", &py)], Dialect::Postgres);
    let text = plan(&p, Revision::Base, p.head()).expect("plan").text;
    assert!(
        text.contains("INSERT INTO u (a, b) VALUES (-3, 'x');"),
        "{text}"
    );
    assert!(!text.contains("INSERT INTO s.v"), "{text}");
    assert!(
        text.contains("data change (insert on s.v (1 rows)) not rendered"),
        "{text}"
    );
}

/// The example of Alembic's "Working with Branch Labels": `shoppingcart` branches off
/// 1975ea83b712, `networking` is a second, independent base.
fn labelled() -> Project {
    let rev = |id: &str, down: &str, labels: &str| {
        format!("\"\"\"{id}\"\"\"\nrevision = '{id}'\ndown_revision = {down}\nbranch_labels = {labels}\ndepends_on = None\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n")
    };
    let files = [
        (
            "versions/1975ea83b712_a.py",
            rev("1975ea83b712", "None", "None"),
        ),
        (
            "versions/ae1027a6acf_b.py",
            rev("ae1027a6acf", "'1975ea83b712'", "None"),
        ),
        (
            "versions/27c6a30d7c24_c.py",
            rev("27c6a30d7c24", "'1975ea83b712'", "('shoppingcart',)"),
        ),
        (
            "versions/d747a8a8879_d.py",
            rev("d747a8a8879", "'27c6a30d7c24'", "None"),
        ),
        (
            "versions/3cac04ae8714_e.py",
            rev("3cac04ae8714", "None", "('networking',)"),
        ),
        (
            "versions/109ec7d132bf_f.py",
            rev("109ec7d132bf", "'3cac04ae8714'", "None"),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    project(&files, Dialect::Postgres)
}

fn resolved(p: &Project, name: &str) -> String {
    match p.resolve(name) {
        Ok(Revision::Base) => "base".into(),
        Ok(Revision::At(i)) => p.set.migrations[i].id.clone(),
        Err(d) => format!("{}: {}", d.code, d.message),
    }
}

#[test]
fn branch_labels_resolve_as_in_alembic() {
    let p = labelled();
    assert!(
        p.diagnostics.iter().all(|d| d.code == "multiple-heads"),
        "{:?}",
        p.diagnostics
    );
    // What `ScriptDirectory.get_revisions(name)` answers for the same set.
    for (name, alembic) in [
        ("shoppingcart", "27c6a30d7c24"),
        ("shoppingcart@head", "d747a8a8879"),
        ("shoppingcart@heads", "d747a8a8879"),
        ("networking@head", "109ec7d132bf"),
        ("shoppingcart@base", "base"),
        ("networking@base", "base"),
        ("shoppingcart@1975", "1975ea83b712"),
        ("shoppingcart@d747", "d747a8a8879"),
        ("networking@3cac", "3cac04ae8714"),
        ("ae10@head", "ae1027a6acf"),
    ] {
        assert_eq!(resolved(&p, name), alembic, "{name}");
    }
    // Strata's `~N` counts back from there.
    assert_eq!(resolved(&p, "shoppingcart@head~1"), "27c6a30d7c24");
    assert_eq!(resolved(&p, "networking@head~2"), "base");
    assert_eq!(
        resolved(&p, "networking@head~3"),
        "unknown-revision: `networking@head~3` goes back past the first revision"
    );
    // Alembic refuses these too (a revision off the line, several heads on one line).
    assert_eq!(
        resolved(&p, "shoppingcart@ae10"),
        "unknown-revision: `shoppingcart@ae10`: no revision `ae10` on the line of `shoppingcart`"
    );
    assert_eq!(
        resolved(&p, "shoppingcart@ae1027a6acf"),
        "unknown-revision: `shoppingcart@ae1027a6acf`: revision `ae1027a6acf` is not on the line of `shoppingcart`"
    );
    assert_eq!(
        resolved(&p, "1975@head"),
        "multiple-heads: `1975@head` is ambiguous: the line of `1975` has heads ae1027a6acf, d747a8a8879"
    );
    assert_eq!(
        resolved(&p, "nosuch@head"),
        "unknown-revision: `nosuch@head`: no branch label or revision `nosuch` in this set"
    );
    assert_eq!(
        resolved(&p, "shoppingcart@+1"),
        "unknown-revision: `shoppingcart@+1`: Strata does not take Alembic's relative steps"
    );
}

#[test]
fn a_plan_can_name_a_branch() {
    let p = labelled();
    let (from, to) = (
        p.resolve("shoppingcart@head").expect("head"),
        p.resolve("shoppingcart@base").expect("base"),
    );
    let text = plan(&p, from, to).expect("downgrade").text;
    // As `alembic downgrade d747a8a8879:shoppingcart@base --sql`: the line down to base.
    let headers: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("-- Running"))
        .collect();
    assert_eq!(
        headers,
        [
            "-- Running downgrade d747a8a8879 -> 27c6a30d7c24",
            "-- Running downgrade 27c6a30d7c24 -> 1975ea83b712",
            "-- Running downgrade 1975ea83b712 -> "
        ]
    );
}

#[test]
fn a_branch_label_given_twice_is_an_error() {
    let rev =
        |id: &str| format!("revision = '{id}'\ndown_revision = None\nbranch_labels = ('x',)\n");
    let (a, b) = (rev("aaaa1"), rev("bbbb2"));
    let p = project(
        &[("versions/aaaa1_a.py", &a), ("versions/bbbb2_b.py", &b)],
        Dialect::Postgres,
    );
    let dup: Vec<&str> = p
        .diagnostics
        .iter()
        .filter(|d| d.code == "duplicate-branch-label")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(dup, ["`versions/bbbb2_b.py` gives branch label `x` to revision `bbbb2`, but revision `aaaa1` already has it"]);
}

/// Branches of three, a branch off a branch, merges of two and three: `plan` runs revisions
/// in Alembic's own order (`alembic upgrade m2 --sql`, `alembic downgrade m2:r1 --sql`).
#[test]
fn branches_run_in_alembics_order() {
    let revs: [(&str, &str); 10] = [
        ("r1", "None"),
        ("r2", "'r1'"),
        ("a1", "'r2'"),
        ("b1", "'r2'"),
        ("c1", "'r2'"),
        ("a2", "'a1'"),
        ("b2", "'b1'"),
        ("d1", "'a1'"),
        ("m1", "('b2', 'a2')"),
        ("m2", "('m1', 'c1', 'd1')"),
    ];
    let files: Vec<(String, String)> = revs
        .iter()
        .enumerate()
        .map(|(i, (r, down))| {
            (
                format!("versions/{i:02}_{r}.py"),
                format!("from alembic import op\nrevision = '{r}'\ndown_revision = {down}\n\ndef upgrade():\n    op.execute('SELECT 1')\n\ndef downgrade():\n    op.execute('SELECT 2')\n"),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let p = project(&files, Dialect::Postgres);
    let headers = |from: &str, to: &str| -> Vec<String> {
        let (a, b) = (p.resolve(from).expect("from"), p.resolve(to).expect("to"));
        let text = plan(&p, a, b).expect("plan").text;
        text.lines()
            .filter(|l| l.starts_with("-- Running"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        headers("base", "m2"),
        [
            "-- Running upgrade  -> r1",
            "-- Running upgrade r1 -> r2",
            "-- Running upgrade r2 -> a1",
            "-- Running upgrade a1 -> a2",
            "-- Running upgrade a1 -> d1",
            "-- Running upgrade r2 -> c1",
            "-- Running upgrade r2 -> b1",
            "-- Running upgrade b1 -> b2",
            "-- Running upgrade b2, a2 -> m1",
            "-- Running upgrade m1, c1, d1 -> m2",
        ]
    );
    assert_eq!(
        headers("m2", "r1"),
        [
            "-- Running downgrade m2 -> m1, c1, d1",
            "-- Running downgrade m1 -> b2, a2",
            "-- Running downgrade b2 -> b1",
            "-- Running downgrade b1 -> r2",
            "-- Running downgrade c1 -> r2",
            "-- Running downgrade d1 -> a1",
            "-- Running downgrade a2 -> a1",
            "-- Running downgrade a1 -> r2",
            "-- Running downgrade r2 -> r1",
        ]
    );
}
