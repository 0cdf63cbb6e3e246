//! Every regression case under `tests/cases/*/` runs through the checker against its real
//! server: each revision against the simulation, the rendered head, the diff SQL of every pair
//! of revisions in both directions (rows kept), and the plan up and back down.
//!
//! A case with `expect_failure = "..."` in its `case.toml` is a known finding not fixed yet: its
//! failures are printed and do not fail the test; when it passes, the output says so, so that
//! the line can go. A missing server skips (prints SKIPPED), except under `CI`, where it fails.

use strata_fidelity::case::{read_cases, Case};
use strata_fidelity::check::check;
use strata_fidelity::cli::cases_root;

fn states(case: &Case) -> usize {
    let project = strata_core::load(
        case.files.clone(),
        &strata_core::Config {
            dialect: Some(case.dialect),
            ..strata_core::Config::default()
        },
    );
    project.graph.order.len() + 1
}

fn run(dialect: strata_core::Dialect) {
    let mut problems = Vec::new();
    let mut ran = 0;
    for case in read_cases(&cases_root()) {
        let case = match case {
            Ok(c) => c,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        if case.dialect != dialect {
            continue;
        }
        let checks = case.checks(states(&case));
        let Some(report) = check(&case.set(), &checks) else {
            eprintln!("{}: skipped (no {dialect} server)", case.name);
            return;
        };
        ran += 1;
        let lines: Vec<String> = report
            .failures
            .iter()
            .map(|f| {
                format!(
                    "    [{}] {}",
                    f.stage.name(),
                    f.detail.lines().next().unwrap_or("")
                )
            })
            .collect();
        match (&case.expect_failure, lines.is_empty()) {
            (None, true) => eprintln!("{}: ok", case.name),
            (None, false) => problems.push(format!(
                "tests/cases/{}: {}\n{}",
                case.name,
                case.note,
                lines.join("\n")
            )),
            (Some(why), false) => eprintln!(
                "{}: fails as expected ({why})\n{}",
                case.name,
                lines.join("\n")
            ),
            (Some(why), true) => eprintln!(
                "{}: NOW PASSES: remove `expect_failure` from its case.toml (was: {why})",
                case.name
            ),
        }
    }
    eprintln!("{ran} {dialect} cases checked");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n\n"));
}

#[test]
fn postgres_cases() {
    run(strata_core::Dialect::Postgres);
}

#[test]
fn mysql_cases() {
    run(strata_core::Dialect::Mysql);
}

#[test]
fn sqlite_cases() {
    run(strata_core::Dialect::Sqlite);
}
