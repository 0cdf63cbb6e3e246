//! The generator and the case format, without a database.

use strata_core::{Dialect, Severity};
use strata_fidelity::case::parse_case_toml;
use strata_fidelity::check::{signature, Stage};
use strata_fidelity::gen::{generate, Construct, Features};

#[test]
fn same_seed_same_history() {
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        for alembic in [false, true] {
            let a = generate(42, d, alembic, &Features::all());
            let b = generate(42, d, alembic, &Features::all());
            assert_eq!(a, b);
            assert_ne!(a, generate(43, d, alembic, &Features::all()));
        }
    }
}

#[test]
fn construct_names_round_trip() {
    for c in Construct::ALL {
        assert_eq!(Construct::parse(&c.name()), Some(*c), "{c:?}");
    }
    assert_eq!(Construct::RenameTable.name(), "rename-table");
}

#[test]
fn features_leave_constructs_out() {
    let f = Features::all().without(&[Construct::RenameTable, Construct::RenameColumn]);
    for seed in 0..50 {
        let h = generate(seed, Dialect::Postgres, false, &f);
        for (_, text) in h.files() {
            assert!(
                !text
                    .lines()
                    .any(|l| l.starts_with("ALTER TABLE") && l.contains(" RENAME TO ")),
                "seed {seed}: {text}"
            );
            assert!(!text.contains("RENAME COLUMN"), "seed {seed}: {text}");
        }
    }
}

/// Strata reads every generated history without an error of its own (warnings are findings the
/// harness reports; errors here would mean the generator wrote something unparsable).
#[test]
fn strata_parses_generated_histories() {
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        for seed in 0..40 {
            let h = generate(seed, d, false, &Features::all());
            let p = strata_core::load(
                h.input_files(),
                &strata_core::Config {
                    dialect: Some(d),
                    ..Default::default()
                },
            );
            assert_eq!(p.graph.order.len(), h.revisions.len(), "{d} seed {seed}");
            let errors: Vec<_> = p
                .diagnostics
                .iter()
                .filter(|x| x.severity == Severity::Error)
                .map(|x| x.message.clone())
                .collect();
            assert!(errors.is_empty(), "{d} seed {seed}: {errors:?}");
        }
    }
}

#[test]
fn signatures_drop_names_and_numbers() {
    assert_eq!(
        signature(
            Stage::Diff,
            "table account_3: column price_7: default 5 (simulated) vs 'x' (database)"
        ),
        "diff: table #: column #: default # (simulated) vs ? (database)"
    );
}

#[test]
fn case_toml_errors_say_where_and_what() {
    let ok = parse_case_toml(
        "c.toml",
        "dialect = \"mysql\"\nnote = \"a \\\"b\\\"\"\nchecks = [\"head\", \"diff\"]\n",
    )
    .unwrap();
    assert_eq!(ok.0, Dialect::Mysql);
    assert_eq!(ok.1, "a \"b\"");
    assert_eq!(ok.3, Some(vec!["head".to_string(), "diff".to_string()]));
    let e = parse_case_toml("c.toml", "dialect = \"oracle\"").unwrap_err();
    assert!(e.starts_with("c.toml:1:1: unknown dialect `oracle`"), "{e}");
    let e = parse_case_toml("c.toml", "note = \"x\"\nchecks = [\"speed\"]").unwrap_err();
    assert!(e.starts_with("c.toml:2:1: unknown check `speed`"), "{e}");
    let e = parse_case_toml("c.toml", "note = \"x\"").unwrap_err();
    assert!(e.contains("no `dialect"), "{e}");
    let e = parse_case_toml("c.toml", "dialect postgres").unwrap_err();
    assert!(e.starts_with("c.toml:1:1: expected `key = value`"), "{e}");
}
