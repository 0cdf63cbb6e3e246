//! Pipeline benchmark: discover + parse + replay of generated migration sets, beside bare
//! sqlparser parsing of the same text, measured in the same run.
//!
//! `cargo bench -p strata-core --bench pipeline` (or `cargo xtask bench`) prints a table of
//! medians and the ratio strata / sqlparser. A figure, not a test: nothing here asserts timing.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use std::hint::black_box;
use std::time::{Duration, Instant};
use strata_core::{Config, Dialect, InputFile};

/// About five statements per migration, the mix of a typical history: a new table with keys and
/// a foreign key, an index, a column added to an older table, a named check, seed data.
fn generate(n: usize) -> Vec<InputFile> {
    (0..n)
        .map(|i| {
            let mut sql = format!(
                "CREATE TABLE t{i} (\n    id bigserial PRIMARY KEY,\n    name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now()"
            );
            if i > 0 {
                sql.push_str(&format!(",\n    parent_id bigint REFERENCES t{}(id) ON DELETE CASCADE", i - 1));
            }
            sql.push_str("\n);\n");
            sql.push_str(&format!("CREATE INDEX t{i}_name_idx ON t{i} (name);\n"));
            sql.push_str(&format!("ALTER TABLE t{} ADD COLUMN c{i} integer DEFAULT 0;\n", i / 2));
            sql.push_str(&format!("ALTER TABLE t{i} ADD CONSTRAINT t{i}_name_check CHECK (length(name) > 0);\n"));
            sql.push_str(&format!("INSERT INTO t{i} (name) VALUES ('seed {i}');\n"));
            InputFile::new(format!("{:06}_step_{i}.sql", i + 1), sql.into_bytes())
        })
        .collect()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    println!(
        "{:>8} {:>9} {:>12} {:>14} {:>12} {:>14} {:>8} {:>8} {:>11}",
        "migr.",
        "stmts",
        "sqlparser",
        "strata load",
        "replay",
        "strata total",
        "replay/",
        "total/",
        "per migr."
    );
    println!(
        "{:>8} {:>9} {:>12} {:>14} {:>12} {:>14} {:>8} {:>8} {:>11}",
        "", "", "", "(disc.+parse)", "(simulate)", "", "sqlpars.", "sqlpars.", ""
    );
    // STRATA_BENCH_SIZES=1000 runs one size (for profiling under callgrind).
    let sizes: Vec<usize> = std::env::var("STRATA_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000, 10_000]);
    for n in sizes {
        let files = generate(n);
        let texts: Vec<String> = files
            .iter()
            .map(|f| String::from_utf8_lossy(&f.contents).into_owned())
            .collect();
        let statements: usize = texts.iter().map(|t| t.matches(";\n").count()).sum();
        let runs = if n >= 10_000 { 5 } else { 11 };
        let bare = time(runs, || {
            for t in &texts {
                let _ = black_box(Parser::parse_sql(&PostgreSqlDialect {}, t));
            }
        });
        let config = Config {
            dialect: Some(Dialect::Postgres),
            ..Config::default()
        };
        let load = time(runs, || {
            black_box(strata_core::load(files.clone(), &config));
        });
        let total = time(runs, || {
            let project = strata_core::load(files.clone(), &config);
            let replay = project.replay_all();
            black_box(replay.schema.tables.len());
        });
        // Replay alone is the difference of two medians measured in the same run.
        let replay = total.saturating_sub(load);
        println!(
            "{:>8} {:>9} {:>10.1}ms {:>12.1}ms {:>10.1}ms {:>12.1}ms {:>7.2}x {:>7.2}x {:>9.1}µs",
            n,
            statements,
            bare.as_secs_f64() * 1e3,
            load.as_secs_f64() * 1e3,
            replay.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3,
            replay.as_secs_f64() / bare.as_secs_f64(),
            total.as_secs_f64() / bare.as_secs_f64(),
            total.as_secs_f64() * 1e6 / n as f64,
        );
    }
}
