//! The loop: generate, check, minimize, write the case; figures at the end.

use crate::case::{read_cases, write_case};
use crate::check::{check, Checks, Failure, Set};
use crate::gen::{generate, Features, History, Rng};
use crate::minimize::minimize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use strata_core::Dialect;

#[derive(Debug, Clone)]
pub struct Options {
    pub duration: Duration,
    pub seed: u64,
    pub dialects: Vec<Dialect>,
    /// Also generate Alembic histories (every other history per dialect).
    pub alembic: bool,
    pub features: Features,
    /// Where cases go (`tests/cases`); `None`: write none.
    pub cases: Option<PathBuf>,
    /// Checks spent on minimizing one failure.
    pub budget: usize,
}

#[derive(Debug, Default)]
pub struct Figures {
    pub histories: usize,
    pub statements: usize,
    pub objects: usize,
    pub skipped: usize,
    /// signature → (count, first seed, dialect)
    pub failures: BTreeMap<String, (usize, u64, Dialect)>,
    pub cases: Vec<PathBuf>,
}

impl Figures {
    pub fn print(&self, elapsed: Duration) {
        println!("\nfidelity: {:.0} s", elapsed.as_secs_f64());
        println!("  histories generated  {}", self.histories);
        println!("  statements           {}", self.statements);
        println!("  objects compared     {}", self.objects);
        if self.skipped > 0 {
            println!("  skipped (no server)  {}", self.skipped);
        }
        let mut by_stage: BTreeMap<&str, usize> = BTreeMap::new();
        for (sig, (n, _, _)) in &self.failures {
            *by_stage
                .entry(sig.split(':').next().unwrap_or("?"))
                .or_default() += n;
        }
        println!("  failures by kind     {by_stage:?}");
        for (sig, (n, seed, d)) in &self.failures {
            println!("    {n:>4} × {sig}   (first: seed {seed}, {d})");
        }
        println!("  cases written        {}", self.cases.len());
        for c in &self.cases {
            println!("    {}", c.display());
        }
    }
}

/// A short stable hash for case names.
fn short_hash(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:06x}", h & 0xff_ffff)
}

/// A first guess at which known finding a failure is (the report is the place to confirm it).
pub fn classify(h: &History, f: &Failure) -> &'static str {
    let text: String = h
        .files()
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let sig = f.signature.as_str();
    let has = |s: &str| text.to_ascii_lowercase().contains(s);
    if matches!(
        f.stage,
        crate::check::Stage::Diff | crate::check::Stage::Rows
    ) && (has("rename") || has("rename_table") || has("new_column_name"))
    {
        return "known: renames in the generated diff SQL (DROP + CREATE)";
    }
    if sig.contains("_pattern_ops") {
        return "known: index operator classes";
    }
    if sig.contains("::") || has("using ") && sig.contains("default") {
        return "known?: casts lost by normalization (USING/defaults)";
    }
    if sig.contains("numeric") || sig.contains("decimal") {
        return "known?: decimal scale";
    }
    if h.dialect == Dialect::Sqlite && sig.contains("check") {
        return "known?: SQLite CHECK text as written";
    }
    if h.dialect == Dialect::Mysql && (has("on update") || has("json") || has("references")) {
        return "known?: MySQL ON UPDATE / JSON / inline REFERENCES";
    }
    if has("with_variant") || has("use_alter") {
        return "known?: Alembic with_variant / use_alter";
    }
    "new?"
}

/// Runs the loop until the time is up.
pub fn run(o: &Options) -> Figures {
    let started = Instant::now();
    let mut figures = Figures::default();
    let mut known: BTreeSet<String> = BTreeSet::new();
    if let Some(root) = &o.cases {
        for c in read_cases(root).into_iter().flatten() {
            if let Some(s) = c.signature {
                known.insert(format!("{} {s}", c.dialect));
            }
        }
    }
    let mut i: u64 = 0;
    while started.elapsed() < o.duration {
        let seed = o.seed.wrapping_add(i);
        let dialect = o.dialects[(i as usize) % o.dialects.len()];
        let alembic = o.alembic && (i / o.dialects.len() as u64) % 2 == 1;
        i += 1;
        let h = generate(seed, dialect, alembic, &o.features);
        let mut rng = Rng::new(seed ^ 0xC0FFEE);
        let checks = Checks::sample(h.revisions.len(), &mut rng);
        let set = Set {
            dialect,
            files: h.input_files(),
        };
        let Some(report) = check(&set, &checks) else {
            figures.skipped += 1;
            continue;
        };
        figures.histories += 1;
        figures.statements += h.statement_count();
        figures.objects += report.objects;
        let mut seen_here = BTreeSet::new();
        let mut minimized_one = false;
        for f in &report.failures {
            if !seen_here.insert(f.signature.clone()) {
                continue;
            }
            let e = figures
                .failures
                .entry(f.signature.clone())
                .or_insert((0, seed, dialect));
            e.0 += 1;
            let key = format!("{dialect} {}", f.signature);
            if known.contains(&key) || minimized_one {
                continue;
            }
            eprintln!(
                "fidelity: seed {seed} ({dialect}{}): {}",
                if alembic { ", alembic" } else { "" },
                f.signature
            );
            let Some(root) = &o.cases else { continue };
            // One minimization per history: the other failures of the same history are often
            // the same cause seen by another check, and come back alone if they are not.
            minimized_one = true;
            known.insert(key);
            if let Some(dir) = shrink_and_write(root, &h, f, seed, o.budget, started + o.duration) {
                figures.cases.push(dir);
            }
        }
    }
    figures.print(started.elapsed());
    figures
}

/// Minimizes `h` for `f` and writes the case under `root`; `None` when writing fails (said on stderr).
pub fn shrink_and_write(
    root: &std::path::Path,
    h: &History,
    f: &Failure,
    seed: u64,
    budget: usize,
    deadline: Instant,
) -> Option<PathBuf> {
    // A minute of grace past the loop's end, so the last finding is still shrunk a little.
    let (small, checks) = minimize(h, f, budget, Some(deadline + Duration::from_secs(60)));
    // The message as the small history gives it (names differ from the original).
    let set = Set {
        dialect: h.dialect,
        files: small.input_files(),
    };
    let detail = check(&set, &checks)
        .and_then(|r| r.failures.into_iter().find(|x| x.signature == f.signature))
        .map_or_else(|| f.detail.clone(), |x| x.detail);
    let kind = classify(&small, f);
    let name = format!(
        "gen-{}-{}-{}",
        h.dialect,
        f.stage.name(),
        short_hash(&f.signature)
    );
    let note = format!("generated from seed {seed} and minimized: {}", f.signature);
    let expect = format!("{kind}: {}", first_line(&detail));
    match write_case(
        root,
        &name,
        h.dialect,
        &small.files(),
        &note,
        Some(&expect),
        &f.signature,
    ) {
        Ok(dir) => Some(dir),
        Err(e) => {
            eprintln!("fidelity: cannot write case {name}: {e}");
            None
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(300).collect()
}
