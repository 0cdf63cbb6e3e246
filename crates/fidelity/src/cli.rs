//! The command line (`cargo xtask fidelity` passes its arguments through):
//!
//! - `loop --minutes N --seed S [--dialect D]... [--alembic] [--without c1,c2] [--budget N]
//!   [--no-cases]`: generate, check, minimize, write cases into `tests/cases/`, print figures;
//! - `show --seed S --dialect D [--alembic] [--check]`: print one generated history (and check it).

use crate::check::{check, Checks, Set};
use crate::gen::{generate, Construct, Features, Rng};
use crate::run::{run, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use strata_core::Dialect;

pub const USAGE: &str = "\
usage: strata-fidelity loop --minutes N --seed S [--dialect D]... [--alembic] [--without C,C] [--budget N] [--no-cases]
       strata-fidelity show --seed S --dialect D [--alembic] [--without C,C] [--check]
       strata-fidelity minimize --seed S --dialect D [--alembic] [--without C,C] [--budget N]
constructs (for --without): see `strata-fidelity constructs`";

pub fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases")
}

struct Args {
    minutes: f64,
    seed: u64,
    dialects: Vec<Dialect>,
    alembic: bool,
    without: Vec<Construct>,
    budget: usize,
    cases: bool,
    check: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        minutes: 1.0,
        seed: 1,
        dialects: Vec::new(),
        alembic: false,
        without: Vec::new(),
        budget: 60,
        cases: true,
        check: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--minutes" => a.minutes = value()?.parse().map_err(|e| format!("--minutes: {e}"))?,
            "--seed" => a.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--dialect" => a.dialects.push(value()?.parse()?),
            "--budget" => a.budget = value()?.parse().map_err(|e| format!("--budget: {e}"))?,
            "--without" => {
                for name in value()?.split(',') {
                    a.without.push(Construct::parse(name.trim()).ok_or(format!(
                        "unknown construct `{name}` (see `strata-fidelity constructs`)"
                    ))?);
                }
            }
            "--alembic" => a.alembic = true,
            "--no-cases" => a.cases = false,
            "--check" => a.check = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if a.dialects.is_empty() {
        a.dialects = vec![Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];
    }
    Ok(a)
}

pub fn main(args: Vec<String>) -> ExitCode {
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    if cmd == "constructs" {
        for c in Construct::ALL {
            println!("{}", c.name());
        }
        return ExitCode::SUCCESS;
    }
    let a = match parse(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("strata-fidelity: {e}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let features = Features::all().without(&a.without);
    match cmd.as_str() {
        "loop" => {
            let o = Options {
                duration: Duration::from_secs_f64(a.minutes * 60.0),
                seed: a.seed,
                dialects: a.dialects,
                alembic: a.alembic,
                features,
                cases: a.cases.then(cases_root),
                budget: a.budget,
            };
            run(&o);
            ExitCode::SUCCESS
        }
        "show" => {
            let d = a.dialects[0];
            let h = generate(a.seed, d, a.alembic, &features);
            for (p, t) in h.files() {
                println!("-- {p}\n{t}");
            }
            if a.check {
                let set = Set {
                    dialect: d,
                    files: h.input_files(),
                };
                let checks = Checks::sample(h.revisions.len(), &mut Rng::new(a.seed ^ 0xC0FFEE));
                for f in check(&set, &checks).map(|r| r.failures).unwrap_or_default() {
                    println!("FAIL {}\n  {}\n", f.signature, f.detail);
                }
            }
            ExitCode::SUCCESS
        }
        "minimize" => {
            let d = a.dialects[0];
            let h = generate(a.seed, d, a.alembic, &features);
            let set = Set {
                dialect: d,
                files: h.input_files(),
            };
            let checks = Checks::sample(h.revisions.len(), &mut Rng::new(a.seed ^ 0xC0FFEE));
            let Some(f) = check(&set, &checks).and_then(|r| r.failures.into_iter().next()) else {
                eprintln!("strata-fidelity: seed {} passes", a.seed);
                return ExitCode::SUCCESS;
            };
            match crate::run::shrink_and_write(
                &cases_root(),
                &h,
                &f,
                a.seed,
                a.budget,
                std::time::Instant::now() + Duration::from_secs(600),
            ) {
                Some(dir) => println!("{}", dir.display()),
                None => return ExitCode::FAILURE,
            }
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("strata-fidelity: unknown command `{other}`\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}
