//! Fidelity against real Alembic: for every Alembic example set (`migrations/alembic-*/`) and
//! every dialect, real `alembic upgrade <rev>` runs (a `python3 -m alembic` subprocess,
//! `DATABASE_URL` pointing at a scratch database) for each revision in the order `alembic history`
//! gives, and the catalog is read back after each one.
//!
//! Two tests per dialect use that run:
//! - `real_alembic_*`: Alembic itself upgrades through every revision, every revision changes the
//!   catalog, the head has the expected objects, and `alembic downgrade base` leaves an empty
//!   schema. This proves the example set, independently of Strata.
//! - `strata_matches_real_alembic_*`: Strata's simulation of the same revisions
//!   (`Project::replay_path` of everything applied so far) equals each catalog, exactly as in
//!   `fidelity.rs`. `alembic_version` is Alembic's bookkeeping, not part of Strata's model, and is
//!   left out of the live side.
//!
//! Needs python3 with alembic, sqlalchemy, psycopg2 and pymysql. Without them the tests print
//! `SKIPPED` with the pip command, unless `CI` is set: then they fail, like a missing server.

#[allow(dead_code)] // the SQL sets' helpers are not used here
mod common;

use common::{alembic_sets, AlembicSet};
use std::collections::BTreeMap;
use std::process::Command;
use std::sync::{Arc, Mutex};
use strata_core::{load, Config, Dialect, Project, Schema};
use strata_db::testdb::TestDb;
use strata_db::{block_on, compare, connect, introspect};

const PIP: &str = "pip install alembic sqlalchemy psycopg2-binary pymysql";
const BOOKKEEPING: &str = "alembic_version";

/// Whether real Alembic can run here; panics under `CI` when it cannot.
fn python_ready() -> bool {
    let out = Command::new("python3")
        .args(["-c", "import alembic, sqlalchemy, psycopg2, pymysql"])
        .output();
    let why = match out {
        Ok(o) if o.status.success() => return true,
        Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_string(),
        Err(e) => format!("cannot run python3: {e}"),
    };
    if std::env::var_os("CI").is_some() {
        panic!("real Alembic is needed for these tests ({why}). CI is set, so this is a failure: {PIP}");
    }
    eprintln!("\n*** SKIPPED: real Alembic is not available ({why}). Run `{PIP}` to run these tests ***\n");
    false
}

/// Runs `python3 -m alembic <args>` in the set's folder; stdout on success, else the error lines.
fn alembic(set: &AlembicSet, url: Option<&str>, args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new("python3");
    cmd.args(["-m", "alembic", "-c", "alembic.ini"])
        .args(args)
        .current_dir(&set.dir)
        // Alembic imports the revisions; their bytecode must not land in the example folder.
        .env("PYTHONDONTWRITEBYTECODE", "1");
    match url {
        Some(url) => cmd.env("DATABASE_URL", url),
        None => cmd.env_remove("DATABASE_URL"),
    };
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run python3 -m alembic: {e}"))?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("INFO ")).collect();
    let tail = lines[lines.len().saturating_sub(15)..].join("\n        ");
    Err(format!(
        "`alembic {}` failed ({}):\n        {tail}",
        args.join(" "),
        out.status
    ))
}

/// The revision ids in apply order: `alembic history` lists newest first, one `parents -> id`
/// line per revision.
fn history_order(set: &AlembicSet) -> Result<Vec<String>, String> {
    let out = alembic(set, None, &["history"])?;
    let mut ids: Vec<String> = out
        .lines()
        .filter_map(|line| {
            let (_, after) = line.split_once("-> ")?;
            let id = after.split([' ', ',']).next()?;
            (!id.is_empty()).then(|| id.to_string())
        })
        .collect();
    ids.reverse();
    if ids.is_empty() {
        return Err(format!("`alembic history` listed no revisions:\n{out}"));
    }
    Ok(ids)
}

async fn live_schema(db: &TestDb) -> Result<Schema, String> {
    let mut conn = connect(&db.url).await.map_err(|e| e.to_string())?;
    let schema = introspect(&mut conn).await.map_err(|e| e.to_string());
    let _ = conn.close().await;
    let mut schema = schema?;
    schema.tables.retain(|name, _| name.name != BOOKKEEPING);
    Ok(schema)
}

/// What real Alembic did with one set on one dialect.
struct LiveRun {
    /// Each revision in apply order with the catalog right after `alembic upgrade <it>`.
    revisions: Vec<(String, Schema)>,
    /// The catalog after `alembic downgrade base`, once every revision was applied.
    after_downgrade: Option<Schema>,
    /// Alembic or introspection failures: the set itself is wrong.
    problems: Vec<String>,
}

fn run_real_alembic(set: &AlembicSet, dialect: Dialect) -> Option<LiveRun> {
    let mut run = LiveRun {
        revisions: Vec::new(),
        after_downgrade: None,
        problems: Vec::new(),
    };
    let order = match history_order(set) {
        Ok(order) => order,
        Err(e) => {
            run.problems.push(format!("{}: {e}", set.name));
            return Some(run);
        }
    };
    block_on(async {
        let db = TestDb::create(dialect).await?;
        let url = db.sqlalchemy_url();
        for id in &order {
            let what = format!("{} on {dialect}: revision {id}", set.name);
            if let Err(e) = alembic(set, Some(&url), &["upgrade", id]) {
                run.problems.push(format!("{what}: {e}"));
                return Some(run);
            }
            match live_schema(&db).await {
                Ok(schema) => run.revisions.push((id.clone(), schema)),
                Err(e) => {
                    run.problems
                        .push(format!("{what}: cannot read the catalog: {e}"));
                    return Some(run);
                }
            }
        }
        match alembic(set, Some(&url), &["downgrade", "base"]) {
            Err(e) => run.problems.push(format!("{} on {dialect}: {e}", set.name)),
            Ok(_) => match live_schema(&db).await {
                Ok(schema) => run.after_downgrade = Some(schema),
                Err(e) => run.problems.push(format!(
                    "{} on {dialect}: after downgrade base, cannot read the catalog: {e}",
                    set.name
                )),
            },
        }
        Some(run)
    })
}

/// Real Alembic runs once per set and dialect; both tests of a dialect share the result. The lock
/// is held while Alembic runs, which also keeps the dialects from competing for the machine.
fn live_run(set: &AlembicSet, dialect: Dialect) -> Option<Arc<LiveRun>> {
    static RUNS: Mutex<BTreeMap<String, Option<Arc<LiveRun>>>> = Mutex::new(BTreeMap::new());
    let mut runs = RUNS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    runs.entry(format!("{}/{dialect}", set.name))
        .or_insert_with(|| run_real_alembic(set, dialect).map(Arc::new))
        .clone()
}

fn sets() -> Vec<AlembicSet> {
    let sets = alembic_sets();
    assert!(
        !sets.is_empty(),
        "no Alembic example set under migrations/ (a folder named `alembic-...`)"
    );
    sets
}

/// The objects of a schema, one kind per line, for the head snapshots.
fn summary(schema: &Schema) -> String {
    let names = |keys: Vec<&strata_core::schema::QualifiedName>| {
        keys.iter()
            .map(|k| k.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "tables: {}\nviews: {}\nenums: {}",
        names(schema.tables.keys().collect()),
        names(schema.views.keys().collect()),
        names(schema.enums.keys().collect()),
    )
}

/// Checks what real Alembic did; returns the head summary of each set, `None` when skipped.
fn real_alembic(dialect: Dialect) -> Option<String> {
    if !python_ready() {
        return None;
    }
    let mut problems = Vec::new();
    let mut heads = Vec::new();
    for set in sets() {
        let run = live_run(&set, dialect)?;
        problems.extend(run.problems.iter().cloned());
        let mut previous = Schema::new(dialect);
        for (id, schema) in &run.revisions {
            // Every revision of the example changes the schema; one that does not means the
            // upgrade silently did nothing (or the catalog was read from the wrong database).
            if compare(&previous, schema).is_empty() {
                problems.push(format!(
                    "{} on {dialect}: revision {id} left the catalog unchanged",
                    set.name
                ));
            }
            previous = schema.clone();
        }
        if let Some(empty) = &run.after_downgrade {
            let left = compare(&Schema::new(dialect), empty);
            if !left.is_empty() {
                problems.push(format!(
                    "{} on {dialect}: `alembic downgrade base` leaves objects behind:\n    {}",
                    set.name,
                    left.join("\n    ")
                ));
            }
        }
        if let Some((_, head)) = run.revisions.last() {
            heads.push(format!("{}:\n{}", set.name, summary(head)));
        }
    }
    assert!(
        problems.is_empty(),
        "real Alembic failures:\n\n{}\n",
        problems.join("\n\n")
    );
    Some(heads.join("\n"))
}

#[test]
fn real_alembic_postgres_upgrades_every_revision_and_downgrades_to_empty() {
    let Some(heads) = real_alembic(Dialect::Postgres) else {
        return;
    };
    insta::assert_snapshot!(heads, @r"
    alembic-sqlalchemy:
    tables: accounts, deliveries, events, job_runs, jobs
    views: 
    enums: job_status, priority
    alembic-support:
    tables: agent_skills, agents, ai_runs, customers, escalations, feedback, kb_articles, sla_policies, tags, teams, ticket_messages, ticket_tags, tickets
    views: open_tickets
    enums: agent_kind, ticket_status
    ");
}

#[test]
fn real_alembic_mysql_upgrades_every_revision_and_downgrades_to_empty() {
    let Some(heads) = real_alembic(Dialect::Mysql) else {
        return;
    };
    insta::assert_snapshot!(heads, @r"
    alembic-sqlalchemy:
    tables: accounts, deliveries, events, job_runs, jobs
    views: 
    enums: 
    alembic-support:
    tables: agent_skills, agents, ai_runs, customers, escalations, feedback, kb_articles, sla_policies, tags, teams, ticket_messages, ticket_tags, tickets
    views: open_tickets
    enums:
    ");
}

#[test]
fn real_alembic_sqlite_upgrades_every_revision_and_downgrades_to_empty() {
    let Some(heads) = real_alembic(Dialect::Sqlite) else {
        return;
    };
    insta::assert_snapshot!(heads, @r"
    alembic-sqlalchemy:
    tables: accounts, deliveries, events, job_runs, jobs
    views: 
    enums: 
    alembic-support:
    tables: agent_skills, agents, ai_runs, customers, escalations, feedback, kb_articles, sla_policies, tags, teams, ticket_messages, ticket_tags, tickets
    views: open_tickets
    enums:
    ");
}

/// Strata's errors and warnings about the revisions applied so far, which often explain a
/// difference.
fn diagnostics(project: &Project, replay: &[strata_core::Diagnostic]) -> String {
    common::diagnostic_lines(
        project,
        project.diagnostics.iter().chain(replay),
        "diagnostics",
    )
}

/// Compares Strata's simulation with each catalog real Alembic produced.
fn strata_problems(set: &AlembicSet, dialect: Dialect, run: &LiveRun) -> Vec<String> {
    let mut problems = Vec::new();
    let project = load(
        set.files.clone(),
        &Config {
            dialect: Some(dialect),
            folder: Some(format!("migrations/{}", set.name)),
            ..Config::default()
        },
    );
    let found = project.set.migrations.len();
    if found != run.revisions.len() {
        problems.push(format!(
            "{} on {dialect}: Strata discovered {found} revisions in {} files, real Alembic applied {} \
             ({}); the Alembic reader (crates/core/src/alembic) must produce one migration per \
             versions/*.py file{}",
            set.name,
            set.files.len(),
            run.revisions.len(),
            run.revisions.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(" "),
            diagnostics(&project, &[]),
        ));
        if found == 0 {
            return problems;
        }
    }
    let mut applied = vec![false; found];
    let mut previous: Vec<String> = Vec::new();
    for (id, live) in &run.revisions {
        let what = format!("{} on {dialect}: revision {id}", set.name);
        let rev = match project.resolve(id) {
            Ok(rev) => rev,
            Err(d) => {
                problems.push(format!("{what}: Strata cannot resolve it: {}", d.message));
                continue;
            }
        };
        // The database holds every revision upgraded so far, on all branches; a branch
        // revision's own ancestors (`replay(rev)`) would miss the other branch.
        for i in project.path_to(rev) {
            if let Some(slot) = applied.get_mut(i) {
                *slot = true;
            }
        }
        let path: Vec<usize> = project
            .graph
            .order
            .iter()
            .copied()
            .filter(|&i| applied.get(i).copied().unwrap_or(false))
            .collect();
        let replay = project.replay_path(&path);
        let differences = compare(&replay.schema, live);
        // Each revision reports only what it adds, so one early mismatch does not repeat.
        let new: Vec<&String> = differences
            .iter()
            .filter(|d| !previous.contains(d))
            .collect();
        if !new.is_empty() {
            let partial = path
                .iter()
                .filter(|&&i| project.migrations.get(i).is_some_and(|m| m.partial))
                .count();
            let mut message = format!("{what}: simulated schema differs from real Alembic's:");
            for line in new {
                message.push_str("\n    ");
                message.push_str(line);
            }
            if partial > 0 {
                message.push_str(&format!(
                    "\n    ({partial} of the applied revisions are only partially simulated)"
                ));
            }
            message.push_str(&diagnostics(&project, &replay.diagnostics));
            problems.push(message);
        }
        previous = differences;
    }
    problems
}

fn strata_matches(dialect: Dialect) {
    if !python_ready() {
        return;
    }
    let mut problems = Vec::new();
    for set in sets() {
        let Some(run) = live_run(&set, dialect) else {
            eprintln!("{}: skipped (no {dialect} server)", set.name);
            continue;
        };
        assert!(
            run.problems.is_empty(),
            "real Alembic failed, so there is nothing to compare with (see the real_alembic_* tests):\n{}",
            run.problems.join("\n\n")
        );
        problems.extend(strata_problems(&set, dialect, &run));
    }
    assert!(
        problems.is_empty(),
        "Strata's simulation differs from real Alembic:\n\n{}\n",
        problems.join("\n\n")
    );
}

#[test]
fn strata_matches_real_alembic_postgres() {
    strata_matches(Dialect::Postgres);
}

#[test]
fn strata_matches_real_alembic_mysql() {
    strata_matches(Dialect::Mysql);
}

#[test]
fn strata_matches_real_alembic_sqlite() {
    strata_matches(Dialect::Sqlite);
}
