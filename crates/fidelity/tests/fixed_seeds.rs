//! The generator on a fixed set of seeds, every history checked against the real servers: a
//! bounded run (well under three minutes on a 2-core machine) that CI repeats identically.
//!
//! Every construct is on; one whose finding cannot be fixed at once is switched off here with
//! its case in tests/cases until it is (then run `cargo xtask fidelity` for a while to look for
//! what else it finds).

use std::time::Instant;
use strata_core::Dialect;
use strata_fidelity::check::{check, Checks, Set};
use strata_fidelity::gen::{generate, Features, Rng};

fn ci_features(_dialect: Dialect) -> Features {
    Features::all()
}

/// Checks `count` histories from `first` on; SQL and Alembic alternate.
fn seeds(dialect: Dialect, first: u64, count: u64) {
    let features = ci_features(dialect);
    let started = Instant::now();
    let mut problems = Vec::new();
    for seed in first..first + count {
        let alembic = seed % 2 == 1;
        let h = generate(seed, dialect, alembic, &features);
        let set = Set {
            dialect,
            files: h.input_files(),
        };
        let checks = Checks::sample(h.revisions.len(), &mut Rng::new(seed ^ 0xC0FFEE));
        let Some(report) = check(&set, &checks) else {
            eprintln!("{dialect}: skipped (no server)");
            return;
        };
        for f in report.failures {
            problems.push(format!(
                "seed {seed} ({dialect}{}): {}\n    {}\n    reproduce: cargo run -p strata-fidelity -- show --seed {seed} --dialect {dialect}{} --check",
                if alembic { ", alembic" } else { "" },
                f.signature,
                f.detail.lines().next().unwrap_or(""),
                if alembic { " --alembic" } else { "" },
            ));
        }
    }
    eprintln!(
        "{dialect}: {count} histories in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n\n"));
}

#[test]
fn postgres_fixed_seeds() {
    seeds(Dialect::Postgres, 1, 12);
}

#[test]
fn mysql_fixed_seeds() {
    seeds(Dialect::Mysql, 1, 12);
}

#[test]
fn sqlite_fixed_seeds() {
    seeds(Dialect::Sqlite, 1, 16);
}
