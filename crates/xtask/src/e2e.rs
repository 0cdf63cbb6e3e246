//! `cargo xtask e2e`: the web app end to end in headless Chromium (web/e2e/run.mjs, playwright-core
//! driving Debian's /usr/bin/chromium), against the release bundle and real `strata serve`s.

use crate::{dist, server, tools};
use std::path::Path;
use std::process::Command;

const EXAMPLE: &str = "migrations/alembic-support";
const BROKEN: &str = "migrations/broken-postgres";

pub fn e2e(root: &Path, update_screenshot: bool) -> Result<(), String> {
    tools::ensure_chromium(root)?;
    let dist_dir = dist::default_out(root);
    dist::dist(root, &dist_dir)?;
    let strata = server::build_strata(root)?;
    let tables = head_tables(&strata, &root.join(EXAMPLE))?;
    let example = server::serve(&strata, &root.join(EXAMPLE), &dist_dir)?;
    let broken = server::serve(&strata, &root.join(BROKEN), &dist_dir)?;
    // A folder the test edits while the page is open.
    let live_dir = root.join("target/e2e-live-set");
    let _ = std::fs::remove_dir_all(&live_dir);
    std::fs::create_dir_all(&live_dir)
        .map_err(|e| format!("cannot create {}: {e}", live_dir.display()))?;
    std::fs::write(
        live_dir.join("001_init.sql"),
        "CREATE TABLE live_first (id int PRIMARY KEY);\n",
    )
    .map_err(|e| e.to_string())?;
    let live = server::serve(&strata, &live_dir, &dist_dir)?;
    let out = root.join("web/test-output");
    eprintln!(
        "xtask: $ node web/e2e/run.mjs   (example at {}, broken set at {})",
        example.url, broken.url
    );
    let status = Command::new("node")
        .arg("e2e/run.mjs")
        .current_dir(root.join("web"))
        .env("STRATA_CHROMIUM", tools::CHROMIUM)
        .env("STRATA_E2E_EXAMPLE_URL", &example.url)
        .env("STRATA_E2E_BROKEN_URL", &broken.url)
        .env("STRATA_E2E_LIVE_URL", &live.url)
        .env("STRATA_E2E_LIVE_DIR", &live_dir)
        .env("STRATA_E2E_DIST", &dist_dir)
        .env(
            "STRATA_E2E_TABLES",
            serde_json::to_string(&tables).map_err(|e| e.to_string())?,
        )
        .env("STRATA_E2E_OUT", &out)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !status.success() {
        return Err(format!(
            "end-to-end tests failed ({status}); screenshots in {}",
            out.display()
        ));
    }
    if update_screenshot {
        let docs = root.join("docs");
        std::fs::create_dir_all(&docs)
            .map_err(|e| format!("cannot create {}: {e}", docs.display()))?;
        std::fs::copy(out.join("example.png"), docs.join("screenshot.png"))
            .map_err(|e| format!("cannot copy the screenshot: {e}"))?;
        eprintln!("xtask: docs/screenshot.png updated");
    }
    Ok(())
}

/// The tables at head, as the CLI computes them: the page must name each one.
fn head_tables(strata: &Path, set: &Path) -> Result<Vec<String>, String> {
    let out = Command::new(strata)
        .args(["schema", "--at", "head", "--format", "json"])
        .arg(set)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", strata.display()))?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("`strata schema --format json`: {e}"))?;
    let tables = v["schema"]["tables"]
        .as_array()
        .ok_or("`strata schema --format json` printed no schema.tables")?;
    Ok(tables
        .iter()
        .filter_map(|t| {
            let name = t["name"]["name"].as_str()?;
            Some(match t["name"]["schema"].as_str() {
                Some(schema) => format!("{schema}.{name}"),
                None => name.to_string(),
            })
        })
        .collect())
}
