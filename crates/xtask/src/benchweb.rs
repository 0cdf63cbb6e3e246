//! `cargo xtask bench-web`: the web app's speed on a generated set of 500 tables and 1,000
//! migrations, in headless Chromium on this machine, against the goals of issue 4.

use crate::{dist, gen, server, tools};
use std::path::Path;
use std::process::Command;

const TABLES: usize = 500;
const MIGRATIONS: usize = 1000;

/// Goals: load + simulate + layout, a redraw after a revision move, the gzipped module.
const GOAL_LOAD_MS: f64 = 2000.0;
const GOAL_REDRAW_MS: f64 = 50.0;
const GOAL_WASM_GZIP: usize = 1_500_000;

pub fn bench_web(root: &Path) -> Result<(), String> {
    tools::ensure_chromium(root)?;
    let dist_dir = dist::default_out(root);
    let sizes = dist::dist(root, &dist_dir)?;
    let strata = server::build_strata(root)?;
    let set = root.join("target/bench-web-set");
    gen::write_set(&set, TABLES, MIGRATIONS)?;
    let served = server::serve(&strata, &set, &dist_dir)?;
    eprintln!(
        "xtask: $ node web/e2e/bench.mjs   ({} at {})",
        set.display(),
        served.url
    );
    let out = Command::new("node")
        .arg("e2e/bench.mjs")
        .current_dir(root.join("web"))
        .env("STRATA_CHROMIUM", tools::CHROMIUM)
        .env("STRATA_BENCH_URL", &served.url)
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the browser bench failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("bench.mjs printed {line:?}: {e}"))?;
    let med = |key: &str| -> f64 {
        let mut xs: Vec<f64> = v[key]
            .as_array()
            .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default();
        xs.sort_by(f64::total_cmp);
        match xs.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => xs[n / 2],
            n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
        }
    };
    let runs = v["readyMs"].as_array().map_or(0, Vec::len);
    let moves = v["redrawMs"].as_array().map_or(0, Vec::len);
    let pipeline = med("loadMs") + med("simulateMs") + med("layoutMs");
    let redraw = med("redrawMs");
    let rows = [
        ("load", med("loadMs"), String::new()),
        ("simulate", med("simulateMs"), String::new()),
        ("layout", med("layoutMs"), String::new()),
        (
            "load + simulate + layout",
            pipeline,
            verdict(pipeline < GOAL_LOAD_MS, &format!("< {GOAL_LOAD_MS} ms")),
        ),
        ("first render", med("firstRenderMs"), String::new()),
        (
            "page ready (navigation to data-ready)",
            med("readyMs"),
            String::new(),
        ),
        (
            "redraw after ArrowLeft (lastRedrawMs)",
            redraw,
            verdict(redraw < GOAL_REDRAW_MS, &format!("< {GOAL_REDRAW_MS} ms")),
        ),
        (
            "key press to drawn frame",
            med("keyToFrameMs"),
            String::new(),
        ),
    ];
    println!(
        "\nbench-web: {} tables, {} revisions (generated {TABLES} tables, {MIGRATIONS} migrations), headless Chromium, median of {runs} loads and {moves} moves",
        v["tables"], v["revisions"]
    );
    for (name, ms, goal) in &rows {
        println!("  {name:<40} {ms:>9.1} ms  {goal}");
    }
    let gz_ok = sizes.gzip < GOAL_WASM_GZIP;
    println!("  {:<40} {:>12}", "wasm, raw", dist::kb(sizes.raw));
    println!(
        "  {:<40} {:>12}  {}",
        "wasm, gzip -9",
        dist::kb(sizes.gzip),
        verdict(gz_ok, &format!("< {}", dist::kb(GOAL_WASM_GZIP)))
    );
    println!(
        "  {:<40} {:>12}  (reported)",
        "wasm, brotli -11",
        dist::kb(sizes.brotli)
    );
    let missed = !(pipeline < GOAL_LOAD_MS && redraw < GOAL_REDRAW_MS && gz_ok);
    if missed {
        return Err("a speed goal was missed (see the table)".into());
    }
    Ok(())
}

fn verdict(ok: bool, goal: &str) -> String {
    format!("goal {goal}: {}", if ok { "ok" } else { "MISSED" })
}
