//! The SQL that `strata schema --format sql` and `strata diff --from A --to B --format sql` print
//! must run on the real servers and build the schema it describes.
//!
//! For every example set and every revision R in apply order (all revisions: each costs one
//! fresh database and two scripts, a few seconds per set):
//! - base → R: `render_ops(diff(empty, R))` on an empty database must introspect equal to R's
//!   simulated schema (what `strata diff --from base --to R` prints, and `strata schema --at R`);
//! - R → head: on that same database, now at R, `render_ops(diff(R, head), R)` must introspect
//!   equal to the head's simulated schema.
//!
//! Column order is not checked for R → head on PostgreSQL and SQLite: a column the head has in
//! the middle of a table (a column re-added under a new name; renames are never inferred) can
//! only be appended there, as `strata diff` says in its own notes. MySQL places columns and is
//! checked fully.
//!
//! The database is seeded from the rendered schema rather than from the migration files so that
//! this test checks the differ and the renderer only; whether the simulation matches what the
//! migrations really do is the fidelity test's question. Both calls are the ones the CLI makes.
//!
//! Ranges whose migrations rename something (`*_renames_keep_rows`): for each migration with a
//! rename op, the ranges from the revision before it to it and back, and from that revision to
//! the head and back. The database is seeded at A, a row is inserted into every table, the
//! rename-aware diff (`Project::renames`, `diff_with`, as `strata diff` makes it) is applied, and
//! the catalog must equal B's simulation with every row still there, under the table's new name.

mod common;

use common::{alembic_sets, example_sets, Case};
use std::collections::BTreeMap;
use strata_core::diff::{diff, diff_with, Renames};
use strata_core::op::Op;
use strata_core::render::{ident, render_ops, sql_dialect};
use strata_core::schema::{ConstraintKind, DataType, QualifiedName, Table};
use strata_core::{load, normalize, Config, Dialect, Project, Revision, Schema};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, execute_script, introspect, Connection};

/// Applies `sql` and compares the result with `expected`; one message per problem.
async fn apply_and_compare(
    conn: &mut Connection,
    sql: &str,
    expected: &Schema,
    what: &str,
    any_column_order: bool,
) -> Result<(), String> {
    if let Err(e) = execute_script(conn, sql).await {
        return Err(format!("{what}: the database rejected the script: {e}"));
    }
    let live = introspect(conn).await.map_err(|e| format!("{what}: {e}"))?;
    let mut differences = compare(expected, &live);
    if any_column_order {
        differences.retain(|d| !d.contains(": column order "));
    }
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{what}: the database differs from the simulation:\n    {}",
            differences.join("\n    ")
        ))
    }
}

/// The problems found in one set; `None` when the server is unavailable.
fn check(case: &Case) -> Option<Vec<String>> {
    block_on(async {
        let project = load(
            case.files.clone(),
            &Config {
                dialect: Some(case.dialect),
                ..Config::default()
            },
        );
        let order = &project.graph.order;
        let revisions: Vec<(String, Schema)> = (0..order.len())
            .filter_map(|k| {
                let migration = project.set.migrations.get(*order.get(k)?)?;
                Some((
                    migration.id.to_string(),
                    project.replay_path(order.get(..=k)?).schema,
                ))
            })
            .collect();
        let Some((head_id, head)) = revisions.last().cloned() else {
            return Some(vec![format!("{}: no migrations discovered", case.name)]);
        };
        let base = Schema::new(case.dialect);
        let mut problems = Vec::new();
        for (id, schema) in &revisions {
            let db = TestDb::create(case.dialect).await?;
            let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
            let sql = render_ops(&diff(&base, schema), &base, case.dialect);
            let what = format!("{}: diff --from base --to {id}", case.name);
            match apply_and_compare(&mut conn, &sql, schema, &what, false).await {
                Err(e) => problems.push(e),
                // Only a database that is exactly at R is a fair start for R → head.
                Ok(()) if id != &head_id => {
                    let sql = render_ops(&diff(schema, &head), schema, case.dialect);
                    let what = format!("{}: diff --from {id} --to {head_id}", case.name);
                    let any_order = case.dialect != Dialect::Mysql;
                    if let Err(e) =
                        apply_and_compare(&mut conn, &sql, &head, &what, any_order).await
                    {
                        problems.push(e);
                    }
                }
                Ok(()) => {}
            }
            let _ = conn.close().await;
        }
        Some(problems)
    })
}

fn examples(dialect: Dialect) {
    let cases: Vec<Case> = example_sets()
        .into_iter()
        .filter(|c| c.dialect == dialect)
        .collect();
    assert!(
        !cases.is_empty(),
        "no {dialect} example set under migrations/"
    );
    let mut failures = Vec::new();
    for case in &cases {
        match check(case) {
            None => eprintln!("{}: skipped (no server)", case.name),
            Some(problems) => failures.extend(problems),
        }
    }
    assert!(
        failures.is_empty(),
        "rendered SQL failures:\n\n{}\n",
        failures.join("\n\n")
    );
}

#[test]
fn postgres_rendered_sql_applies() {
    examples(Dialect::Postgres);
}

#[test]
fn mysql_rendered_sql_applies() {
    examples(Dialect::Mysql);
}

#[test]
fn sqlite_rendered_sql_applies() {
    examples(Dialect::Sqlite);
}

/// Whether a migration's ops rename anything.
fn renames_something(ops: &[Op]) -> bool {
    ops.iter().any(|op| match op {
        Op::RebuildTable { ops, .. } => renames_something(ops),
        Op::RenameTable { .. }
        | Op::RenameColumn { .. }
        | Op::RenameConstraint { .. }
        | Op::RenameIndex { .. }
        | Op::RenameView { .. }
        | Op::RenameSequence { .. }
        | Op::RenameType { .. }
        | Op::RenameEnumValue { .. } => true,
        _ => false,
    })
}

/// Ranges checked besides those found: (set, from, to), the ranges the problem was reported on.
const REPORTED: &[(&str, &str, &str)] = &[
    ("alembic-support", "b2001", "b2002"),
    ("alembic-support", "d4008", "d4010"),
    ("alembic-support", "d4010", "d4008"),
    ("mysql-golang", "000012", "000013"),
];

/// The ranges to check: around every migration that renames something, and from there to the
/// head, both ways; and the reported ones.
fn rename_ranges(name: &str, project: &Project) -> Vec<(Revision, Revision)> {
    let order = &project.graph.order;
    let head = project.head();
    let mut out: Vec<(Revision, Revision)> = REPORTED
        .iter()
        .filter(|(set, _, _)| *set == name)
        .filter_map(|(_, a, b)| Some((project.resolve(a).ok()?, project.resolve(b).ok()?)))
        .collect();
    for (k, &i) in order.iter().enumerate() {
        let renames = project.migrations.get(i).is_some_and(|m| {
            let ops: Vec<Op> = m.up.iter().map(|op| op.value.clone()).collect();
            renames_something(&ops)
        });
        if !renames {
            continue;
        }
        let at = Revision::At(i);
        let before = match project.graph.parents.get(i).and_then(|p| p.first()) {
            Some(&p) => Revision::At(p),
            None if k == 0 => Revision::Base,
            None => continue,
        };
        for pair in [(before, at), (at, before), (before, head), (head, before)] {
            if pair.0 != pair.1 && !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    out
}

/// A literal of the column's type that the database accepts, or `None` when the test has none.
/// `n` (1 or 2) varies it: the second row, and a column beside another (two foreign keys that
/// must differ, `CHECK (a <> b)`), get other values; foreign keys point at rows 1 and 2.
fn literal(schema: &Schema, ty: &DataType, n: usize) -> Option<String> {
    let text = |s: &str| Some(format!("'{s}'"));
    match ty {
        DataType::Boolean if schema.dialect == Dialect::Postgres => Some("true".into()),
        DataType::Boolean => Some("1".into()),
        ty if normalize::is_numeric_type(ty) => Some(n.to_string()),
        DataType::Char(Some(1)) => text(&n.to_string()),
        DataType::Char(_)
        | DataType::Varchar(_)
        | DataType::Text
        | DataType::SizedText(_)
        | DataType::Bytea
        | DataType::Blob(_) => text(&format!("x{n}")),
        DataType::Date => text(&format!("2020-01-0{n}")),
        DataType::Time { .. } => text(&format!("12:00:0{n}")),
        DataType::Timestamp { .. } | DataType::DateTime(_) => {
            text(&format!("2020-01-0{n} 00:00:00"))
        }
        DataType::Interval => text(&format!("{n} day")),
        DataType::Json | DataType::Jsonb => text("{}"),
        DataType::Uuid => text(&format!("00000000-0000-0000-0000-00000000000{n}")),
        DataType::Inet | DataType::Cidr => text(&format!("127.0.0.{n}")),
        DataType::MacAddr => text(&format!("08:00:2b:01:02:0{n}")),
        DataType::InlineEnum(values) => values.first().and_then(|v| text(v)),
        DataType::Set(_) => text(""),
        DataType::Array(_) => text("{}"),
        DataType::Named(name) => schema
            .enums
            .values()
            .find(|e| e.name.to_string() == *name || e.name.name == *name)
            .and_then(|e| e.values.first())
            .and_then(|v| text(v)),
        _ => None,
    }
}

fn quoted(dialect: Dialect, name: &QualifiedName) -> String {
    let d = sql_dialect(dialect);
    match &name.schema {
        Some(s) => format!("{}.{}", ident(d, s), ident(d, &name.name)),
        None => ident(d, &name.name),
    }
}

/// Tables with those they reference first (a cycle falls back to name order).
fn insert_order(schema: &Schema) -> Vec<&Table> {
    let mut left: Vec<&Table> = schema.tables.values().collect();
    let mut out = Vec::new();
    while !left.is_empty() {
        let ready = left.iter().position(|t| {
            !t.constraints.iter().any(|c| {
                matches!(&c.kind, ConstraintKind::ForeignKey(fk)
                    if fk.ref_table != t.name && left.iter().any(|o| o.name == fk.ref_table))
            })
        });
        out.push(left.remove(ready.unwrap_or(0)));
    }
    out
}

/// The INSERT of row `row` (1 or 2) into `t`: every column that takes a value (`all`), or only
/// those that need one; `None` when a column needs a value of a type the test has none for.
fn insert_sql(schema: &Schema, t: &Table, row: usize, all: bool) -> Option<String> {
    let d = sql_dialect(schema.dialect);
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (j, c) in t.columns.iter().enumerate() {
        if c.identity.is_some() || c.auto_increment || c.generated.is_some() {
            continue;
        }
        let needed = !c.nullable && c.default.is_none();
        if !(needed || all) {
            continue;
        }
        // MariaDB's JSON is longtext with `CHECK (json_valid(col))`.
        let json = t.constraints.iter().any(|k| {
            matches!(&k.kind, ConstraintKind::Check { expr } if expr.contains(&format!("json_valid({})", c.name)))
        });
        let value = match json {
            true => Some("'{}'".to_string()),
            false => literal(schema, &c.ty, (row + j) % 2 + 1),
        };
        match value {
            Some(v) => {
                names.push(ident(d, &c.name));
                values.push(v);
            }
            None if needed => return None,
            None => {}
        }
    }
    let table = quoted(schema.dialect, &t.name);
    Some(if names.is_empty() {
        match schema.dialect {
            Dialect::Mysql => format!("INSERT INTO {table} () VALUES ()"),
            _ => format!("INSERT INTO {table} DEFAULT VALUES"),
        }
    } else {
        format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            values.join(", ")
        )
    })
}

/// Inserts two rows into every table of `schema` that takes them (every column filled where
/// the database accepts it, else only those that need a value); the rows each table took.
async fn insert_rows(conn: &mut Connection, schema: &Schema) -> BTreeMap<QualifiedName, i64> {
    let mut inserted = BTreeMap::new();
    for t in insert_order(schema) {
        let mut rows = 0;
        for row in 1..=2 {
            for all in [true, false] {
                let Some(sql) = insert_sql(schema, t, row, all) else {
                    continue;
                };
                if execute_script(conn, &sql).await.is_ok() {
                    rows += 1;
                    break;
                }
            }
        }
        if rows > 0 {
            inserted.insert(t.name.clone(), rows);
        }
    }
    inserted
}

async fn count(
    conn: &mut Connection,
    dialect: Dialect,
    table: &QualifiedName,
) -> Result<i64, String> {
    let sql = format!("SELECT COUNT(*) FROM {}", quoted(dialect, table));
    let r = match conn {
        Connection::Postgres(c) => sqlx::query_scalar::<_, i64>(&sql).fetch_one(c).await,
        Connection::Mysql(c) => sqlx::query_scalar::<_, i64>(&sql).fetch_one(c).await,
        Connection::Sqlite(c) => sqlx::query_scalar::<_, i64>(&sql).fetch_one(c).await,
    };
    r.map_err(|e| format!("{sql}: {e}"))
}

/// The table that carries the rows of `from`'s table `t` after the renames: its new name, or
/// its own name unless a renamed table takes it; `None` when it goes away.
fn survivor(t: &QualifiedName, renames: &Renames, to: &Schema) -> Option<QualifiedName> {
    let mut taken = false;
    for op in &renames.ops {
        match op {
            Op::RenameTable { from, to } if from == t => return Some(to.clone()),
            Op::RenameTable { to, .. } | Op::RenameView { to, .. } if to == t => taken = true,
            _ => {}
        }
    }
    (!taken && to.tables.contains_key(t)).then(|| t.clone())
}

fn rev_name(project: &Project, r: Revision) -> String {
    match r {
        Revision::At(i) => project
            .set
            .migrations
            .get(i)
            .map_or_else(|| "?".into(), |m| m.id.clone()),
        Revision::Base => "base".into(),
    }
}

/// One range with renames: seeded at `a` with a row in every table, the diff to `b` applied.
async fn check_range(
    project: &Project,
    name: &str,
    (a, b): (Revision, Revision),
) -> Option<Vec<String>> {
    let dialect = project.dialect;
    let (from, to) = (project.replay(a).schema, project.replay(b).schema);
    let renames = project.renames(a, b, &from, &to);
    let what = format!(
        "{name}: diff --from {} --to {}",
        rev_name(project, a),
        rev_name(project, b)
    );
    let mut problems = Vec::new();
    if renames.is_empty() {
        return Some(problems);
    }
    let db = TestDb::create(dialect).await?;
    let mut conn = connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
    let base = Schema::new(dialect);
    let seed = render_ops(&diff(&base, &from), &base, dialect);
    if let Err(e) = apply_and_compare(&mut conn, &seed, &from, &what, false).await {
        problems.push(format!("seeding: {e}"));
        return Some(problems);
    }
    let inserted = insert_rows(&mut conn, &from).await;
    for op in &renames.ops {
        if let Op::RenameTable { from: t, .. } = op {
            if !inserted.contains_key(t) {
                problems.push(format!("{what}: no row could be inserted into {t}"));
            }
        }
    }
    let sql = render_ops(&diff_with(&from, &to, &renames), &from, dialect);
    let any_order = dialect != Dialect::Mysql;
    if let Err(e) = apply_and_compare(&mut conn, &sql, &to, &what, any_order).await {
        problems.push(format!("{e}\n  script:\n{sql}"));
    }
    for (t, n) in &inserted {
        let Some(now) = survivor(t, &renames, &to) else {
            continue;
        };
        match count(&mut conn, dialect, &now).await {
            Ok(c) if c == *n => {}
            Ok(c) => problems.push(format!(
                "{what}: table {t} had {n} row(s), {now} has {c} after the script:\n{sql}"
            )),
            Err(e) => problems.push(format!("{what}: {e}")),
        }
    }
    let _ = conn.close().await;
    Some(problems)
}

/// Every example set of `dialect` (and every Alembic set, read for `dialect`): the ranges with
/// renames keep their rows. The regression cases under `tests/cases/` get the same check, for
/// every pair of revisions, from the fidelity crate's case runner.
fn renames_keep_rows(dialect: Dialect) {
    let mut sets: Vec<(String, Vec<strata_core::InputFile>)> = example_sets()
        .into_iter()
        .filter(|c| c.dialect == dialect)
        .map(|c| (c.name, c.files))
        .collect();
    sets.extend(alembic_sets().into_iter().map(|s| (s.name, s.files)));
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, files) in sets {
        let project = load(
            files,
            &Config {
                dialect: Some(dialect),
                ..Config::default()
            },
        );
        let ranges = rename_ranges(&name, &project);
        for range in ranges {
            match block_on(check_range(&project, &name, range)) {
                None => {
                    eprintln!("{name}: skipped (no server)");
                    return;
                }
                Some(problems) => failures.extend(problems),
            }
            eprintln!(
                "{name}: {} → {} checked",
                rev_name(&project, range.0),
                rev_name(&project, range.1)
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no {dialect} range with renames");
    assert!(
        failures.is_empty(),
        "ranges with renames:\n\n{}\n",
        failures.join("\n\n")
    );
}

#[test]
fn postgres_renames_keep_rows() {
    renames_keep_rows(Dialect::Postgres);
}

#[test]
fn mysql_renames_keep_rows() {
    renames_keep_rows(Dialect::Mysql);
}

#[test]
fn sqlite_renames_keep_rows() {
    renames_keep_rows(Dialect::Sqlite);
}
