//! Time-travel benchmark: what the web app does on load (timeline build, shapes, layout) and on
//! every move to another revision (`schema_at`, `table_status`), on a generated set of 500
//! tables and 1,000 migrations.
//!
//! `cargo bench -p strata-core --bench diagram` prints the best of several runs (the machine is
//! shared; the fastest run is the least disturbed) and the worst `schema_at` over every position. A figure, not a test: nothing here asserts timing. The browser budget is 2 s
//! for load + simulate + layout and 50 ms per redraw; wasm runs 1.5-3x slower than native.

use std::hint::black_box;
use std::time::{Duration, Instant};
use strata_core::diagram::{layout, shapes_over};
use strata_core::timeline::{table_status, Timeline};
use strata_core::{Config, Dialect, InputFile};

/// `tables` CREATE TABLEs, each with foreign keys to up to two earlier tables (every seventh
/// has none), then ALTERs adding columns and indexes to earlier tables up to `migrations`.
fn generate(tables: usize, migrations: usize) -> Vec<InputFile> {
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    (0..migrations)
        .map(|i| {
            let sql = if i < tables {
                let mut cols =
                    "    id bigserial PRIMARY KEY,\n    name varchar(80) NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now()".to_string();
                if i > 0 && i % 7 != 0 {
                    let mut refs = vec![next(i)];
                    if i > 3 && next(3) == 0 {
                        refs.push(next(i));
                    }
                    refs.dedup();
                    for r in refs {
                        cols.push_str(&format!(",\n    t{r}_id bigint REFERENCES t{r}(id) ON DELETE CASCADE"));
                    }
                }
                format!("CREATE TABLE t{i} (\n{cols}\n);\n")
            } else {
                let t = next(tables);
                let mut sql = format!("ALTER TABLE t{t} ADD COLUMN c{i} integer DEFAULT 0;\n");
                if i % 3 == 0 {
                    sql.push_str(&format!("CREATE INDEX t{t}_c{i}_idx ON t{t} (c{i});\n"));
                }
                if i % 5 == 0 {
                    sql.push_str(&format!("ALTER TABLE t{t} ALTER COLUMN name TYPE varchar({});\n", 100 + i % 50));
                }
                sql
            };
            InputFile::new(format!("{:06}_step_{i}.sql", i + 1), sql.into_bytes())
        })
        .collect()
}

/// Best of `runs`: on a shared machine the fastest run is the one least disturbed by others.
fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let (tables, migrations) = (500, 1_000);
    let files = generate(tables, migrations);
    let config = Config {
        dialect: Some(Dialect::Postgres),
        ..Config::default()
    };
    let project = strata_core::load(files.clone(), &config);
    let runs = 11;
    let load = time(runs, || {
        black_box(strata_core::load(files.clone(), &config));
    });
    let replay = time(runs, || {
        black_box(project.replay_all().schema.tables.len());
    });
    let build = time(runs, || {
        black_box(Timeline::build(&project));
    });
    let timeline = Timeline::build(&project);
    let (shapes, fks) = shapes_over(&project, &timeline);
    let shapes_t = time(runs, || {
        black_box(shapes_over(&project, &timeline));
    });
    let layout_t = time(runs, || {
        black_box(layout(&shapes, &fks));
    });
    let diagram = layout(&shapes, &fks);
    // Every position, best of three: the worst position is what a user scrubbing can hit.
    let mut per_position: Vec<Duration> = (0..timeline.len())
        .map(|pos| {
            (0..3)
                .map(|_| {
                    let t = Instant::now();
                    black_box(timeline.schema_at(&project, pos));
                    t.elapsed()
                })
                .min()
                .unwrap_or_default()
        })
        .collect();
    let worst_at = (0..per_position.len())
        .max_by_key(|&p| per_position[p])
        .unwrap_or(0);
    per_position.sort();
    let worst = per_position.last().copied().unwrap_or_default();
    let typical = per_position[per_position.len() / 2];
    let p90 = per_position[per_position.len() * 9 / 10];
    let (base, head) = (
        timeline.schema_at(&project, 0),
        timeline.schema_at(&project, timeline.len() - 1),
    );
    let middle = timeline.schema_at(&project, timeline.len() / 2);
    let clone = time(runs, || {
        black_box(head.clone());
    });
    let status = time(runs, || {
        black_box(table_status(&middle, &head));
    });
    let status_all_added = time(runs, || {
        black_box(table_status(&base, &head));
    });
    let busiest = head
        .tables
        .iter()
        .max_by_key(|(_, t)| t.columns.len())
        .map(|(n, _)| n.clone())
        .unwrap_or_default();
    let last_changed = time(runs, || {
        black_box(timeline.last_changed(&project, timeline.len() - 1, &busiest));
    });
    let fk_count = fks.len();
    println!("generated set: {tables} tables, {migrations} migrations, {fk_count} foreign-key edges (PostgreSQL); best of {runs} runs");
    println!("  load (discover + parse)       {:>10}", ms(load));
    println!("  replay_all (reference)        {:>10}", ms(replay));
    let checkpoints = timeline
        .len()
        .div_ceil(strata_core::timeline::CHECKPOINT_EVERY);
    println!(
        "  Timeline::build               {:>10}  ({checkpoints} checkpoints kept)",
        ms(build)
    );
    println!("  shapes_over                   {:>10}", ms(shapes_t));
    let (w, h) = (diagram.width, diagram.height);
    println!(
        "  layout                        {:>10}  ({w:.0} x {h:.0}, aspect {:.2})",
        ms(layout_t),
        w / h
    );
    println!(
        "  schema_at, worst position     {:>10}  (at {worst_at}; median {}, 90th percentile {})",
        ms(worst),
        ms(typical),
        ms(p90)
    );
    println!("  clone of the head schema      {:>10}", ms(clone));
    println!("  table_status middle -> head   {:>10}", ms(status));
    println!(
        "  table_status base -> head     {:>10}",
        ms(status_all_added)
    );
    println!("  last_changed (widest table)   {:>10}", ms(last_changed));
    println!(
        "  on load: build + shapes + layout             {:>10}",
        ms(build + shapes_t + layout_t)
    );
    println!(
        "  per move: worst schema_at + table_status     {:>10}",
        ms(worst + status.max(status_all_added))
    );
}
