//! Installing what the web build and its tests need, only when it is missing: the wasm32 target,
//! the wasm-bindgen CLI at the exact version of the `wasm-bindgen` crate in Cargo.lock (the two
//! must match or the glue does not fit the module), the npm tools (binaryen's wasm-opt,
//! playwright-core) and Debian's Chromium.

use crate::run;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const CHROMIUM: &str = "/usr/bin/chromium";

pub fn ensure_wasm_target(root: &Path) -> Result<(), String> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match out {
        Ok(o)
            if String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "wasm32-unknown-unknown") =>
        {
            Ok(())
        }
        Ok(_) => run(root, "rustup", &["target", "add", "wasm32-unknown-unknown"]),
        Err(e) => Err(format!("rustup is needed to add the wasm32 target: {e}")),
    }
}

/// The `version = "..."` of `[[package]] name = "wasm-bindgen"` in Cargo.lock.
pub fn locked_version(root: &Path, package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(v.to_string());
            }
        }
    }
    Err(format!("Cargo.lock has no `{package}` package: build the web crate once (`cargo build -p strata-web`)"))
}

/// The wasm-bindgen CLI matching Cargo.lock, installed with `cargo install` when absent or at
/// another version. Returns the program to run.
pub fn ensure_wasm_bindgen(root: &Path) -> Result<PathBuf, String> {
    let version = locked_version(root, "wasm-bindgen")?;
    let installed = cargo_bin("wasm-bindgen");
    let current = Command::new(&installed)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if current.as_deref() == Some(&format!("wasm-bindgen {version}")) {
        return Ok(installed);
    }
    eprintln!(
        "xtask: wasm-bindgen {version} is needed (found {}); installing it (a few minutes, once)",
        current.as_deref().unwrap_or("none")
    );
    // Not --locked: the CLI's own lock file pins crates that may have been yanked since.
    run(
        root,
        "cargo",
        &["install", "wasm-bindgen-cli", "--version", &version],
    )?;
    Ok(cargo_bin("wasm-bindgen"))
}

/// `~/.cargo/bin/NAME` when it exists (cargo install puts it there even when it is not on
/// PATH), else NAME looked up on PATH.
fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    home.map(|h| h.join("bin").join(name))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// `npm ci` in web/ when a tool from web/package.json is missing.
pub fn ensure_npm_tools(root: &Path) -> Result<(), String> {
    let web = root.join("web");
    let present = web.join("node_modules/.bin/wasm-opt").is_file()
        && web
            .join("node_modules/playwright-core/package.json")
            .is_file();
    if present {
        return Ok(());
    }
    run(&web, "npm", &["ci", "--no-audit", "--no-fund"])
}

pub fn wasm_opt(root: &Path) -> PathBuf {
    root.join("web/node_modules/.bin/wasm-opt")
}

/// Debian's chromium (and chromium-driver, for WebDriver users) from apt when missing.
pub fn ensure_chromium(root: &Path) -> Result<(), String> {
    if Path::new(CHROMIUM).is_file() {
        return Ok(());
    }
    eprintln!("xtask: {CHROMIUM} is missing; installing chromium and chromium-driver with apt-get");
    run(root, "apt-get", &["update"])?;
    run(
        root,
        "apt-get",
        &[
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ],
    )
}
