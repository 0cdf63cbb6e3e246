//! The checker: one history (files + dialect) against the real server.
//!
//! Revisions are numbered by position: state 0 is the empty database, state k the one after the
//! k-th migration in apply order (histories here are linear).
//!
//! - (a) `revisions`: every migration applied in turn, the catalog read back and compared with
//!   the simulation (`strata_db::compare`), as `crates/db/tests/fidelity.rs` does for examples;
//! - (b) `head`: `render::render_schema` of the simulated head applied to an empty database;
//! - (c) `ranges`: for each (from, to), a database built by the migrations up to `from`, a few
//!   rows in every table, then the SQL of `strata diff --from A --to B --format sql` applied;
//!   the catalog must equal state `to`, and the rows of every table both sides keep must still
//!   be there (their common columns of unchanged type, compared as text);
//! - (d) `plan`: `plan(base, head)` on an empty database equals the head, then
//!   `plan(head, R)` there equals the simulation of the down scripts.
//!
//! Ranges and plan stop at the first revision whose simulation already differs: what follows
//! would repeat the same finding.

use crate::rows;
use std::collections::BTreeMap;
use strata_core::diff::diff_with;
use strata_core::op::Op;
use strata_core::plan::plan;
use strata_core::render::{render_ops, render_schema};
use strata_core::schema::{DataType, QualifiedName};
use strata_core::{load, Config, Dialect, InputFile, Project, Revision, Schema, Severity};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, execute_script, introspect, Connection};

/// A history to check.
#[derive(Debug, Clone)]
pub struct Set {
    pub dialect: Dialect,
    pub files: Vec<InputFile>,
}

/// Which checks to run.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    /// Run anything on the server at all: (a) always runs when this is set.
    pub db: bool,
    pub head: bool,
    /// `(from, to)` state numbers.
    pub ranges: Vec<(usize, usize)>,
    /// Run `plan` base → head, then head → this state.
    pub plan_back_to: Option<usize>,
}

impl Checks {
    /// Everything, with `ranges` chosen by `rng` among the `n + 1` states.
    pub fn sample(n: usize, rng: &mut crate::gen::Rng) -> Checks {
        let mut ranges = vec![(0, n), (n, 0)];
        for _ in 0..2 {
            let (a, b) = (rng.below(n + 1), rng.below(n + 1));
            if a != b && !ranges.contains(&(a, b)) {
                ranges.push((a, b));
            }
        }
        Checks {
            db: true,
            head: true,
            ranges,
            plan_back_to: Some(rng.below(n.max(1))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Strata's own diagnostics: a statement of a valid history it does not understand.
    Parse,
    /// The server rejected a migration: a generator bug, or a statement the server refuses.
    Apply,
    /// (a) the simulation differs from the catalog after a migration.
    Revision,
    /// (b) the rendered head schema.
    Head,
    /// (c) the diff SQL is rejected or builds something else.
    Diff,
    /// (c) rows lost or changed by the diff SQL.
    Rows,
    /// (d) the plan.
    Plan,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Parse => "parse",
            Stage::Apply => "apply",
            Stage::Revision => "revision",
            Stage::Head => "head",
            Stage::Diff => "diff",
            Stage::Rows => "rows",
            Stage::Plan => "plan",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub stage: Stage,
    /// What kind of failure, without names or numbers: two failures with the same signature are
    /// taken to be the same finding (the minimizer keeps it).
    pub signature: String,
    /// The full message.
    pub detail: String,
    /// The range (c) or the revision (a) it was seen at.
    pub at: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub failures: Vec<Failure>,
    /// Objects (tables, columns, constraints, indexes, views, types, sequences) compared.
    pub objects: usize,
    pub statements: usize,
    /// Diff scripts the seeded rows made fail (see `data_conflict`): not findings.
    pub data_conflicts: usize,
}

/// Names and numbers out: `table account_3: column price_7: default 5` →
/// `table #: column #: default #`; quoted text becomes `?`.
pub fn signature(stage: Stage, line: &str) -> String {
    let mut out = String::from(stage.name());
    out.push_str(": ");
    let first = line.lines().next().unwrap_or("");
    let mut quote: Option<char> = None;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().any(|c| c.is_ascii_digit()) {
            out.push('#');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for ch in first.chars() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
                out.push('?');
            }
            continue;
        }
        // An apostrophe inside a word (`Can't`) opens no quote.
        if matches!(ch, '\'' | '"' | '`') && !(ch == '\'' && !word.is_empty()) {
            flush(&mut word, &mut out);
            quote = Some(ch);
        } else if ch.is_alphanumeric() || ch == '_' {
            word.push(ch);
        } else {
            flush(&mut word, &mut out);
            out.push(ch);
        }
    }
    flush(&mut word, &mut out);
    out.chars().take(160).collect()
}

fn failure(stage: Stage, at: Option<(usize, usize)>, line: &str, detail: String) -> Failure {
    Failure {
        stage,
        signature: signature(stage, line),
        detail,
        at,
    }
}

pub fn count_objects(s: &Schema) -> usize {
    s.tables
        .values()
        .map(|t| 1 + t.columns.len() + t.constraints.len() + t.indexes.len())
        .sum::<usize>()
        + s.views.len()
        + s.enums.len()
        + s.sequences.len()
}

struct Ctx {
    project: Project,
    states: Vec<Schema>,
    dialect: Dialect,
    /// Alembic sets: a folder with the revisions, `alembic.ini` and `env.py`, where real
    /// Alembic upgrades the database.
    alembic: Option<crate::alembic::Folder>,
}

impl Ctx {
    fn up_script(&self, k: usize) -> Option<&str> {
        let i = *self.project.graph.order.get(k.checked_sub(1)?)?;
        let up = self.project.set.migrations.get(i)?.up?;
        Some(self.project.set.section_text(up))
    }
    /// Applies migration `k` (1-based) to the database: its up script, or `alembic upgrade`.
    async fn migrate(&self, db: &TestDb, conn: &mut Connection, k: usize) -> Result<(), String> {
        if let Some(folder) = &self.alembic {
            let i = *self
                .project
                .graph
                .order
                .get(k - 1)
                .ok_or("no such revision")?;
            let id = &self
                .project
                .set
                .migrations
                .get(i)
                .ok_or("no such revision")?
                .id;
            return folder.upgrade(db, id);
        }
        match self.up_script(k) {
            Some(sql) => execute_script(conn, sql).await.map_err(|e| e.to_string()),
            None => Ok(()),
        }
    }

    fn revision(&self, state: usize) -> Revision {
        match state
            .checked_sub(1)
            .and_then(|k| self.project.graph.order.get(k))
        {
            Some(&i) => Revision::At(i),
            None => Revision::Base,
        }
    }
}

/// Checks `set`; `None` when the server is not available (see `TestDb`).
pub fn check(set: &Set, checks: &Checks) -> Option<Report> {
    let project = load(
        set.files.clone(),
        &Config {
            dialect: Some(set.dialect),
            ..Config::default()
        },
    );
    let order = project.graph.order.clone();
    let states: Vec<Schema> = (0..=order.len())
        .map(|k| project.replay_path(&order[..k]).schema)
        .collect();
    let mut report = Report {
        statements: project.migrations.iter().map(|m| m.up.len()).sum(),
        ..Report::default()
    };
    parse_findings(&project, &mut report);
    let alembic = if project.set.layout == strata_core::Layout::Alembic && checks.db {
        match crate::alembic::Folder::new(&set.files) {
            Ok(f) => Some(f),
            Err(e) => {
                report
                    .failures
                    .push(failure(Stage::Apply, None, "cannot run alembic", e));
                return Some(report);
            }
        }
    } else {
        None
    };
    let ctx = Ctx {
        project,
        states,
        dialect: set.dialect,
        alembic,
    };
    if !checks.db {
        return Some(report);
    }
    block_on(async {
        let valid = revisions(&ctx, &mut report).await?;
        if checks.head {
            head(&ctx, &mut report).await?;
        }
        for &(a, b) in &checks.ranges {
            if a.max(b) <= valid {
                range(&ctx, a, b, &mut report).await?;
            }
        }
        if let Some(back) = checks.plan_back_to {
            if valid + 1 == ctx.states.len() {
                plans(&ctx, back, &mut report).await?;
            }
        }
        Some(report)
    })
}

/// Warnings about what valid histories really do (advice, not a failure to understand).
const LINTS: &[&str] = &[
    "unnamed-check-dropped",
    "not-null-without-default",
    "empty-file",
];

/// Warnings and errors from loading and replaying: the generator only writes valid SQL, so each
/// is something Strata does not understand.
fn parse_findings(project: &Project, report: &mut Report) {
    let replay = project.replay_all();
    for d in project.diagnostics.iter().chain(&replay.diagnostics) {
        if matches!(d.severity, Severity::Info) || LINTS.contains(&d.code.as_ref()) {
            continue;
        }
        let line = format!("[{}] {}", d.code, d.message);
        report
            .failures
            .push(failure(Stage::Parse, None, &line, line.clone()));
    }
}

async fn fresh(dialect: Dialect) -> Option<(TestDb, Connection)> {
    let db = TestDb::create(dialect).await?;
    let conn = connect(&db.url).await.ok()?;
    Some((db, conn))
}

async fn compared(
    conn: &mut Connection,
    expected: &Schema,
    any_order: bool,
    report: &mut Report,
) -> Result<Vec<String>, String> {
    let mut live = introspect(conn).await.map_err(|e| e.to_string())?;
    live.tables.retain(|n, _| n.name != "alembic_version");
    report.objects += count_objects(expected);
    let mut differences = compare(expected, &live);
    if any_order {
        differences.retain(|d| !d.contains(": column order "));
    }
    Ok(differences)
}

/// (a); returns the last state whose simulation matched.
async fn revisions(ctx: &Ctx, report: &mut Report) -> Option<usize> {
    let (db, mut conn) = fresh(ctx.dialect).await?;
    let mut valid = ctx.states.len() - 1;
    let mut previous: Vec<String> = Vec::new();
    for k in 1..ctx.states.len() {
        if let Err(msg) = ctx.migrate(&db, &mut conn, k).await {
            let server = msg.split_once("failed: ").map_or(msg.as_str(), |x| x.1);
            report.failures.push(failure(
                Stage::Apply,
                Some((k, k)),
                server,
                format!("revision {k}: the server rejected the migration: {msg}"),
            ));
            valid = valid.min(k - 1);
            break;
        }
        let differences = match compared(&mut conn, &ctx.states[k], false, report).await {
            Ok(d) => d,
            Err(e) => {
                report.failures.push(failure(
                    Stage::Revision,
                    Some((k, k)),
                    "introspection failed",
                    e,
                ));
                valid = valid.min(k - 1);
                break;
            }
        };
        let new: Vec<&String> = differences
            .iter()
            .filter(|d| !previous.contains(d))
            .collect();
        for d in &new {
            report.failures.push(failure(
                Stage::Revision,
                Some((k, k)),
                d,
                format!("revision {k}: simulated schema differs from the database: {d}"),
            ));
        }
        if !differences.is_empty() {
            valid = valid.min(k - 1);
        }
        previous = differences;
    }
    let _ = conn.close().await;
    let _ = db.drop_async().await;
    Some(valid)
}

/// (b)
async fn head(ctx: &Ctx, report: &mut Report) -> Option<()> {
    let Some(head) = ctx.states.last() else {
        return Some(());
    };
    let sql = render_schema(head, ctx.dialect);
    let (db, mut conn) = fresh(ctx.dialect).await?;
    match execute_script(&mut conn, &sql).await {
        Err(e) => {
            let msg = e.to_string();
            let server = msg.split_once("failed: ").map_or(msg.as_str(), |x| x.1);
            report.failures.push(failure(
                Stage::Head,
                None,
                &format!("rejected: {server}"),
                format!("the server rejected the rendered head schema: {msg}\n--- script:\n{sql}"),
            ));
        }
        Ok(()) => match compared(&mut conn, head, false, report).await {
            Ok(differences) => {
                for d in differences {
                    report.failures.push(failure(
                        Stage::Head,
                        None,
                        &d,
                        format!("rendered head schema differs: {d}\n--- script:\n{sql}"),
                    ));
                }
            }
            Err(e) => report
                .failures
                .push(failure(Stage::Head, None, "introspection failed", e)),
        },
    }
    let _ = conn.close().await;
    let _ = db.drop_async().await;
    Some(())
}

/// The database at state `k`, built by the migrations themselves.
async fn at_state(ctx: &Ctx, db: &TestDb, conn: &mut Connection, k: usize) -> Result<(), String> {
    // Alembic goes there in one run (one Python start instead of k).
    let first = if ctx.alembic.is_some() { k.max(1) } else { 1 };
    if k == 0 {
        return Ok(());
    }
    for j in first..=k {
        ctx.migrate(db, conn, j)
            .await
            .map_err(|e| format!("migration {j}: {e}"))?;
    }
    Ok(())
}

/// (c)
async fn range(ctx: &Ctx, a: usize, b: usize, report: &mut Report) -> Option<()> {
    let (db, mut conn) = fresh(ctx.dialect).await?;
    let at = Some((a, b));
    let (from, to) = (&ctx.states[a], &ctx.states[b]);
    let what = format!("diff from state {a} to state {b}");
    if let Err(e) = at_state(ctx, &db, &mut conn, a).await {
        report
            .failures
            .push(failure(Stage::Apply, at, "cannot build the start", e));
        return Some(());
    }
    rows::seed(&mut conn, from).await;
    let kept = kept(ctx, a, b);
    let mut before = BTreeMap::new();
    for (t, u, cols) in &kept {
        let from_cols: Vec<String> = cols.iter().map(|c| c.0.clone()).collect();
        if let Ok(r) = rows::snapshot(&mut conn, t, &from_cols).await {
            before.insert(u.clone(), r);
        }
    }
    // As `strata diff --format sql` writes it: following the renames of the migrations between.
    let renames = ctx
        .project
        .renames(ctx.revision(a), ctx.revision(b), from, to);
    let sql = render_ops(&diff_with(from, to, &renames), from, ctx.dialect);
    if let Err(e) = execute_script(&mut conn, &sql).await {
        let msg = e.to_string();
        let server = msg.split_once("failed: ").map_or(msg.as_str(), |x| x.1);
        if data_conflict(server) {
            // The target has a constraint the seeded rows break (a unique key on a column every
            // row got the same default for): the migrations never saw rows, so this says
            // nothing about the simulation.
            report.data_conflicts += 1;
        } else {
            report.failures.push(failure(
                Stage::Diff,
                at,
                &format!("rejected: {server}"),
                format!("{what}: the server rejected the diff SQL: {msg}\n--- script:\n{sql}"),
            ));
        }
    } else {
        let any_order = ctx.dialect != Dialect::Mysql;
        match compared(&mut conn, to, any_order, report).await {
            Ok(differences) => {
                for d in differences {
                    let detail = format!(
                        "{what}: the database differs from the simulation: {d}\n--- script:\n{sql}"
                    );
                    report.failures.push(failure(Stage::Diff, at, &d, detail));
                }
            }
            Err(e) => report
                .failures
                .push(failure(Stage::Diff, at, "introspection failed", e)),
        }
        for (_, u, cols) in &kept {
            let Some(old) = before.get(u) else { continue };
            let to_cols: Vec<String> = cols.iter().map(|c| c.1.clone()).collect();
            let now = rows::snapshot(&mut conn, u, &to_cols)
                .await
                .unwrap_or_default();
            if &now != old {
                let kind = if now.len() < old.len() {
                    "rows lost"
                } else {
                    "rows changed"
                };
                let detail = format!(
                    "{what}: table {u}: {kind}: {} rows before, {} after (columns {})\n  before: {old:?}\n  after:  {now:?}\n--- script:\n{sql}",
                    old.len(),
                    now.len(),
                    to_cols.join(", ")
                );
                report.failures.push(failure(Stage::Rows, at, kind, detail));
            }
        }
    }
    let _ = conn.close().await;
    let _ = db.drop_async().await;
    Some(())
}

/// Messages of a constraint the data breaks, per server.
fn data_conflict(message: &str) -> bool {
    [
        "UNIQUE constraint failed",
        "CHECK constraint failed",
        "NOT NULL constraint failed",
        "FOREIGN KEY constraint failed",
        "could not create unique index",
        "violates check constraint",
        "violates not-null constraint",
        "violates foreign key constraint",
        "contains null values",
        "Duplicate entry",
        "is violated",
        "cannot be null",
        "Data truncated",
        "foreign key constraint fails",
        // A conversion (a USING cast, a type change) the seeded values do not survive.
        "invalid input syntax for type",
        "Truncated incorrect",
    ]
    .iter()
    .any(|p| message.contains(p))
}

/// The tables both states keep, with their common columns of unchanged type:
/// `(name at a, name at b, [(column at a, column at b)])`. Renames come from the migrations'
/// own ops between the two states; the same name on both sides counts as kept too.
fn kept(
    ctx: &Ctx,
    a: usize,
    b: usize,
) -> Vec<(QualifiedName, QualifiedName, Vec<(String, String)>)> {
    let (lo, hi) = (a.min(b), a.max(b));
    // name at `lo` → (current name, column map start → current)
    let mut ids: BTreeMap<QualifiedName, (QualifiedName, BTreeMap<String, String>)> = ctx.states
        [lo]
        .tables
        .iter()
        .map(|(n, t)| {
            let cols = t
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.name.clone()))
                .collect();
            (n.clone(), (n.clone(), cols))
        })
        .collect();
    for k in lo + 1..=hi {
        let Some(&i) = ctx.project.graph.order.get(k - 1) else {
            continue;
        };
        for op in &ctx.project.migrations[i].up {
            follow(&mut ids, &op.value);
        }
    }
    let (from, to) = (&ctx.states[a], &ctx.states[b]);
    let mut out = Vec::new();
    for (start, (now, cols)) in ids {
        let (x, y) = if a <= b { (start, now) } else { (now, start) };
        let (Some(tx), Some(ty)) = (from.tables.get(&x), to.tables.get(&y)) else {
            continue;
        };
        let pairs = cols
            .into_iter()
            .map(|(s, n)| if a <= b { (s, n) } else { (n, s) })
            .filter(|(cx, cy)| {
                let (Some(cx), Some(cy)) = (tx.column(cx), ty.column(cy)) else {
                    return false;
                };
                cx.ty == cy.ty
                    && cx.generated.is_none()
                    && cy.generated.is_none()
                    && same_labels(&cx.ty, from, to)
            })
            .collect();
        out.push((x, y, pairs));
    }
    out
}

/// Whether a column of type `ty` reads the same text on both sides: not so for an enum whose
/// labels were renamed between them (`ALTER TYPE .. RENAME VALUE` rewrites what rows read).
fn same_labels(ty: &DataType, from: &Schema, to: &Schema) -> bool {
    let DataType::Named(name) = ty else {
        return true;
    };
    let labels = |s: &Schema| {
        s.enums
            .values()
            .find(|e| &e.name.name == name)
            .map(|e| e.values.clone())
    };
    labels(from) == labels(to)
}

fn follow(ids: &mut BTreeMap<QualifiedName, (QualifiedName, BTreeMap<String, String>)>, op: &Op) {
    let find = |ids: &BTreeMap<QualifiedName, (QualifiedName, BTreeMap<String, String>)>,
                name: &QualifiedName| {
        ids.iter()
            .find(|(_, (now, _))| now == name)
            .map(|(k, _)| k.clone())
    };
    match op {
        Op::RenameTable { from, to } => {
            if let Some(k) = find(ids, from) {
                if let Some(e) = ids.get_mut(&k) {
                    e.0 = to.clone();
                }
            }
        }
        Op::DropTable { name, .. } => {
            if let Some(k) = find(ids, name) {
                ids.remove(&k);
            }
        }
        Op::RenameColumn { table, from, to } => {
            if let Some(e) = find(ids, table).and_then(|k| ids.get_mut(&k)) {
                for now in e.1.values_mut() {
                    if now == from {
                        *now = to.clone();
                    }
                }
            }
        }
        Op::DropColumn { table, column, .. } => {
            if let Some(e) = find(ids, table).and_then(|k| ids.get_mut(&k)) {
                e.1.retain(|_, now| now != column);
            }
        }
        Op::RebuildTable { ops, .. } => ops.iter().for_each(|o| follow(ids, o)),
        _ => {}
    }
}

/// (d)
async fn plans(ctx: &Ctx, back: usize, report: &mut Report) -> Option<()> {
    let n = ctx.states.len() - 1;
    let head = ctx.revision(n);
    let (db, mut conn) = fresh(ctx.dialect).await?;
    let steps = [
        (ctx.revision(0), head, 0, n),
        (head, ctx.revision(back), n, back),
    ];
    for (from, to, a, b) in steps {
        let what = format!("plan from state {a} to state {b}");
        let script = match plan(&ctx.project, from, to) {
            Ok(p) => p.text,
            Err(_) => break,
        };
        let expected = if b > a {
            ctx.states[b].clone()
        } else {
            downgraded(ctx, a, b)
        };
        if let Err(e) = execute_script(&mut conn, &script).await {
            let msg = e.to_string();
            let server = msg.split_once("failed: ").map_or(msg.as_str(), |x| x.1);
            report.failures.push(failure(
                Stage::Plan,
                Some((a, b)),
                &format!("rejected: {server}"),
                format!("{what}: the server rejected the plan: {msg}\n--- script:\n{script}"),
            ));
            break;
        }
        match compared(&mut conn, &expected, false, report).await {
            Ok(differences) => {
                for d in &differences {
                    let detail = format!("{what}: the database differs from the simulation: {d}\n--- script:\n{script}");
                    report
                        .failures
                        .push(failure(Stage::Plan, Some((a, b)), d, detail));
                }
                if !differences.is_empty() {
                    break;
                }
            }
            Err(e) => report.failures.push(failure(
                Stage::Plan,
                Some((a, b)),
                "introspection failed",
                e,
            )),
        }
    }
    let _ = conn.close().await;
    let _ = db.drop_async().await;
    Some(())
}

/// The simulation of the down scripts from state `a` back to state `b`.
fn downgraded(ctx: &Ctx, a: usize, b: usize) -> Schema {
    let mut schema = ctx.states[a].clone();
    let mut diagnostics = Vec::new();
    for k in (b + 1..=a).rev() {
        let Some(&i) = ctx.project.graph.order.get(k - 1) else {
            continue;
        };
        for op in ctx.project.migrations[i].down.iter().flatten() {
            strata_core::simulate::apply(&mut schema, op, &mut diagnostics);
        }
    }
    schema
}
