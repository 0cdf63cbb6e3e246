//! `cargo xtask <task>`: the project's own automation, in Rust so it runs wherever cargo does.
//!
//! - `test`:  everything CI runs: servers reachable, workspace tests (unit, data-driven, fidelity
//!   against real PostgreSQL/MariaDB/SQLite), the wasm32 build of the core, the CLI on every
//!   bundled example.
//! - `demo`:  the main job: builds `strata` and runs it on the bundled example.
//! - `bench`: the pipeline benchmark (prints figures).

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const HELP: &str = "\
usage: cargo xtask <task>

tasks:
  test    build and run every test (needs PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306)
  demo    build the CLI and run it on the bundled example (migrations/postgres-numbered)
  bench   run the pipeline benchmark and print its figures
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(&root),
        Some("demo") => demo(&root, args.get(1).map(String::as_str)),
        Some("bench") => run(&root, "cargo", &["bench", "-p", "strata-core", "--bench", "pipeline"]),
        Some("-h" | "--help" | "help") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).map(Path::to_path_buf).unwrap_or(manifest)
}

fn run(root: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("xtask: $ {program} {}", args.join(" "));
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    eprintln!("xtask: ({:.1}s)", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn reachable(addr: &str) -> bool {
    addr.parse::<SocketAddr>().is_ok_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(2)).is_ok())
}

fn test(root: &Path) -> Result<(), String> {
    // The fidelity tests need the real servers. Under CI a missing server is a failure; on a laptop
    // the tests themselves say how to point them at a server (STRATA_TEST_POSTGRES_URL, ...).
    let ci = std::env::var_os("CI").is_some();
    for (name, addr, var) in [
        ("PostgreSQL", "127.0.0.1:5432", "STRATA_TEST_POSTGRES_URL"),
        ("MariaDB", "127.0.0.1:3306", "STRATA_TEST_MYSQL_URL"),
    ] {
        if std::env::var_os(var).is_none() && !reachable(addr) {
            if ci {
                return Err(format!("{name} is not reachable at {addr}: the fidelity tests need it (see DEVELOPERS notes in README)"));
            }
            eprintln!("xtask: WARNING: {name} is not reachable at {addr}; its fidelity tests will be skipped (set {var})");
        }
    }
    ensure_wasm_target(root)?;
    run(root, "cargo", &["build", "--workspace", "--all-targets"])?;
    run(root, "cargo", &["build", "-p", "strata-core", "--target", "wasm32-unknown-unknown"])?;
    run(root, "cargo", &["test", "--workspace", "--no-fail-fast"])?;
    // The example sets themselves must apply on the real servers (and MySQL downs undo their ups).
    run(root, "bash", &["migrations/verify.sh"])?;
    smoke_examples(root)?;
    Ok(())
}

fn ensure_wasm_target(root: &Path) -> Result<(), String> {
    let out = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match out {
        Ok(o) if String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") => Ok(()),
        Ok(_) => run(root, "rustup", &["target", "add", "wasm32-unknown-unknown"]),
        Err(e) => Err(format!("rustup is needed to add the wasm32 target: {e}")),
    }
}

/// Every bundled example must check clean with the CLI; the broken one must fail with exit 1.
fn smoke_examples(root: &Path) -> Result<(), String> {
    let strata = root.join("target/debug/strata");
    let dir = root.join("migrations");
    let mut sets: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    sets.sort();
    for set in sets {
        let name = set.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let expect = if name.starts_with("broken") { Some(1) } else { Some(0) };
        let status = Command::new(&strata)
            .args(["check"])
            .arg(&set)
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run {}: {e}", strata.display()))?;
        if status.code() != expect {
            return Err(format!("`strata check migrations/{name}` exited {:?}, expected {:?}", status.code(), expect));
        }
        eprintln!("xtask: strata check migrations/{name}: exit {:?} as expected", status.code());
    }
    Ok(())
}

fn demo(root: &Path, set: Option<&str>) -> Result<(), String> {
    let set = set.unwrap_or("migrations/postgres-numbered");
    run(root, "cargo", &["build", "--quiet", "-p", "strata-cli"])?;
    let strata = root.join("target/debug/strata");
    let strata = strata.to_string_lossy();
    run(root, &strata, &["history", set])?;
    // check exits 1 when the set has errors; the demo goes on to show the schema anyway.
    let _ = run(root, &strata, &["check", set]);
    run(root, &strata, &["schema", set, "--at", "head"])?;
    run(root, &strata, &["diff", set, "--from", "head~3", "--to", "head"])?;
    run(root, &strata, &["diff", set, "--from", "head~3", "--to", "head", "--format", "sql"])?;
    Ok(())
}
