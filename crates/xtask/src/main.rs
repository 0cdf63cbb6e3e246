//! `cargo xtask <task>`: the project's own automation, in Rust so it runs wherever cargo does.
//!
//! - `test`:  everything CI runs: servers reachable, workspace tests (unit, data-driven, fidelity
//!   against real PostgreSQL/MariaDB/SQLite), the wasm32 build of the core, the CLI on every
//!   bundled example, then the web bundle and its end-to-end tests in headless Chromium.
//! - `demo`:  the main job: builds the web app and serves it on the bundled example
//!   (`--cli`: the terminal tour instead).
//! - `dist`:  the web app's release bundle in dist/ (static files).
//! - `e2e`:   the browser tests alone.
//! - `bench`, `bench-web`: the pipeline benchmark; the web app's speed in Chromium.
//! - `fidelity`: the generative fidelity loop (`crates/fidelity`): random valid histories checked
//!   against the real servers, failures minimized into `tests/cases/`.

mod benchweb;
mod dist;
mod e2e;
mod gen;
mod server;
mod tools;

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const HELP: &str = "\
usage: cargo xtask <task>

tasks:
  test    build and run every test (needs PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306),
          then `dist` and `e2e`
  demo [SET] [--port P]
          the main job: build the web app and serve it with SET loaded (default
          migrations/alembic-support) at http://127.0.0.1:8080/ until Ctrl+C
  demo --cli [SET]
          the terminal tour: the CLI's commands on SET (default migrations/postgres-numbered)
  dist [--out DIR]
          build the web app's release bundle into DIR (default dist/): index.html, JS glue, .wasm;
          installs the wasm32 target, wasm-bindgen-cli and the npm tools when missing
  e2e [--update-screenshot]
          end-to-end tests in headless Chromium (apt-installs chromium when missing); screenshots
          in web/test-output/; --update-screenshot copies the example's to docs/screenshot.png
  bench   run the pipeline benchmark, then `strata plan` against `alembic upgrade head --sql`
          on a generated set of 500 revisions, and print the figures
  bench-alembic   only the second half
  bench-web
          the web app on 500 tables / 1,000 migrations in headless Chromium: load, simulate,
          layout and redraw times, wasm size, against the goals
  fidelity --minutes N --seed S [--dialect D]... [--alembic] [--without C,C] [--budget N] [--no-cases]
          generate random valid migration histories (PostgreSQL, MariaDB, SQLite; --alembic adds
          Alembic ones) from seed S for N minutes, check each against the real servers (every
          revision, the rendered head, diff SQL with rows kept, plan up and down), minimize each
          new failure into tests/cases/gen-*/ (with expect_failure) and print the figures;
          --without leaves constructs out (list: cargo run -p strata-fidelity -- constructs)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(&root),
        Some("demo") => demo(&root, &args[1..]),
        Some("dist") => match args.get(1..) {
            Some([flag, out]) => match std::env::current_dir() {
                Ok(cwd) if flag == "--out" => dist::dist(&root, &cwd.join(out)).map(drop),
                _ => Err(format!("usage: cargo xtask dist [--out DIR]\n\n{HELP}")),
            },
            Some([]) => dist::dist(&root, &dist::default_out(&root)).map(drop),
            _ => Err(format!("usage: cargo xtask dist [--out DIR]\n\n{HELP}")),
        },
        Some("e2e") => e2e::e2e(
            &root,
            args.get(1).is_some_and(|a| a == "--update-screenshot"),
        ),
        Some("bench-web") => benchweb::bench_web(&root),
        Some("bench") => run(
            &root,
            "cargo",
            &["bench", "-p", "strata-core", "--bench", "pipeline"],
        )
        .and_then(|()| bench_alembic(&root)),
        Some("bench-alembic") => bench_alembic(&root),
        Some("fidelity") => fidelity(&root, &args[1..]),
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

/// The loop lives in `crates/fidelity` (it needs sqlx and the servers); xtask only runs its
/// binary, so xtask itself stays free of database code.
fn fidelity(root: &Path, args: &[String]) -> Result<(), String> {
    if !args.iter().any(|a| a == "--minutes") || !args.iter().any(|a| a == "--seed") {
        return Err(format!(
            "usage: cargo xtask fidelity --minutes N --seed S [--dialect D]...\n\n{HELP}"
        ));
    }
    let mut all = vec![
        "run",
        "-q",
        "-p",
        "strata-fidelity",
        "--bin",
        "strata-fidelity",
        "--",
        "loop",
    ];
    all.extend(args.iter().map(String::as_str));
    run(root, "cargo", &all)
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or(manifest)
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
    addr.parse::<SocketAddr>()
        .is_ok_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(2)).is_ok())
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
    tools::ensure_wasm_target(root)?;
    // The workspace is kept as rustfmt formats it (defaults, no rustfmt.toml): a diff is then
    // only what changed.
    run(root, "cargo", &["fmt", "--all", "--check"])?;
    run(root, "cargo", &["build", "--workspace", "--all-targets"])?;
    run(
        root,
        "cargo",
        &[
            "build",
            "-p",
            "strata-core",
            "--target",
            "wasm32-unknown-unknown",
        ],
    )?;
    run(root, "cargo", &["test", "--workspace", "--no-fail-fast"])?;
    // The example sets themselves must apply on the real servers (and MySQL downs undo their ups).
    run(root, "bash", &["migrations/verify.sh"])?;
    smoke_examples(root)?;
    // The web app: its release bundle, then the browser tests against it.
    e2e::e2e(root, false)
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
        let name = set
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expect = if name.starts_with("broken") {
            Some(1)
        } else {
            Some(0)
        };
        let status = Command::new(&strata)
            .args(["check"])
            .arg(&set)
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run {}: {e}", strata.display()))?;
        if status.code() != expect {
            return Err(format!(
                "`strata check migrations/{name}` exited {:?}, expected {:?}",
                status.code(),
                expect
            ));
        }
        eprintln!(
            "xtask: strata check migrations/{name}: exit {:?} as expected",
            status.code()
        );
    }
    Ok(())
}

/// The web app on a set, served until Ctrl+C; with `--cli`, the terminal tour instead.
fn demo(root: &Path, args: &[String]) -> Result<(), String> {
    let mut set = None;
    let mut port = "8080".to_string();
    let mut cli = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cli" => cli = true,
            "--port" => port = args.next().ok_or("--port needs a number")?.clone(),
            other if set.is_none() && !other.starts_with('-') => set = Some(other.to_string()),
            other => return Err(format!("unknown demo argument `{other}`\n\n{HELP}")),
        }
    }
    if cli {
        return demo_cli(
            root,
            set.as_deref().unwrap_or("migrations/postgres-numbered"),
        );
    }
    let set = set.unwrap_or_else(|| "migrations/alembic-support".to_string());
    dist::dist(root, &dist::default_out(root))?;
    let strata = server::build_strata(root)?;
    // `strata serve` prints the URL and serves until Ctrl+C.
    run(
        root,
        &strata.to_string_lossy(),
        &["serve", &set, "--port", &port],
    )
}

fn demo_cli(root: &Path, set: &str) -> Result<(), String> {
    run(root, "cargo", &["build", "--quiet", "-p", "strata-cli"])?;
    let strata = root.join("target/debug/strata");
    let strata = strata.to_string_lossy();
    run(root, &strata, &["history", set])?;
    // check exits 1 when the set has errors; the demo goes on to show the schema anyway.
    let _ = run(root, &strata, &["check", set]);
    run(root, &strata, &["schema", set, "--at", "head"])?;
    run(
        root,
        &strata,
        &["diff", set, "--from", "head~3", "--to", "head"],
    )?;
    run(
        root,
        &strata,
        &[
            "diff", set, "--from", "head~3", "--to", "head", "--format", "sql",
        ],
    )?;
    Ok(())
}

/// `strata plan` against `alembic upgrade head --sql` on the same generated set of 500
/// revisions, side by side in one run: whole commands, as a user runs them (Python's start-up
/// counts, so does Strata's). Needs `pip install alembic sqlalchemy`.
fn bench_alembic(root: &Path) -> Result<(), String> {
    const REVISIONS: usize = 500;
    let python_ok = Command::new("python3")
        .args(["-c", "import alembic, sqlalchemy"])
        .status()
        .is_ok_and(|s| s.success());
    if !python_ok {
        eprintln!("xtask: SKIPPED the Alembic benchmark: pip install alembic sqlalchemy");
        return Ok(());
    }
    run(
        root,
        "cargo",
        &["build", "--release", "--quiet", "-p", "strata-cli"],
    )?;
    let dir = std::env::temp_dir().join(format!("strata-bench-alembic-{}", std::process::id()));
    let versions = dir.join("versions");
    std::fs::create_dir_all(&versions)
        .map_err(|e| format!("cannot create {}: {e}", versions.display()))?;
    let write = |path: PathBuf, text: String| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(dir.join("alembic.ini"), "[alembic]\nscript_location = %(here)s\nsqlalchemy.url = postgresql://bench@localhost/bench\n".into())?;
    write(
        dir.join("env.py"),
        "from alembic import context\n\
         context.configure(url=context.config.get_main_option(\"sqlalchemy.url\"), literal_binds=True)\n\
         with context.begin_transaction():\n    context.run_migrations()\n"
            .into(),
    )?;
    for i in 0..REVISIONS {
        let down = if i == 0 {
            "None".to_string()
        } else {
            format!("\"r{:04}\"", i - 1)
        };
        let older = i / 2;
        let text = format!(
            "\"\"\"step {i}\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n\
             revision = \"r{i:04}\"\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\n\
             def upgrade():\n\
             \x20   op.create_table(\n\
             \x20       \"t{i}\",\n\
             \x20       sa.Column(\"id\", sa.BigInteger(), primary_key=True),\n\
             \x20       sa.Column(\"name\", sa.String(100), nullable=False),\n\
             \x20       sa.Column(\"created_at\", sa.DateTime(timezone=True), server_default=sa.text(\"now()\"), nullable=False),\n\
             \x20   )\n\
             \x20   op.create_index(\"ix_t{i}_name\", \"t{i}\", [\"name\"])\n\
             \x20   op.add_column(\"t{older}\", sa.Column(\"c{i}\", sa.Integer(), server_default=\"0\"))\n\n\n\
             def downgrade():\n\
             \x20   op.drop_column(\"t{older}\", \"c{i}\")\n\
             \x20   op.drop_index(\"ix_t{i}_name\", table_name=\"t{i}\")\n\
             \x20   op.drop_table(\"t{i}\")\n"
        );
        write(versions.join(format!("r{i:04}_step.py")), text)?;
    }
    let strata = root.join("target/release/strata");
    let dir_arg = dir.to_string_lossy().into_owned();
    let run_once = |program: &Path, args: &[&str], cwd: &Path| -> Result<Duration, String> {
        let started = Instant::now();
        let out = Command::new(program)
            .args(args)
            .current_dir(cwd)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
        if !out.status.success() {
            return Err(format!(
                "{} failed: {}",
                program.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(started.elapsed())
    };
    // The two commands alternate, so a load that comes and goes on a shared machine weighs on
    // both alike; the median of each is compared.
    // Whole-command timings on a shared 2-core VM swing by tens of milliseconds from one run to
    // the next: 15 pairs keep the medians steady.
    const SAMPLES: usize = 15;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..SAMPLES {
        ours.push(run_once(
            &strata,
            &["plan", &dir_arg, "--dialect", "postgres"],
            root,
        )?);
        theirs.push(run_once(
            Path::new("python3"),
            &[
                "-m",
                "alembic",
                "-c",
                "alembic.ini",
                "upgrade",
                "head",
                "--sql",
            ],
            &dir,
        )?);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    // (median, fastest, slowest)
    let spread = |mut v: Vec<Duration>| {
        v.sort();
        (v[v.len() / 2], v[0], v[v.len() - 1])
    };
    let ((ours, ours_min, ours_max), (theirs, theirs_min, theirs_max)) =
        (spread(ours), spread(theirs));
    println!(
        "{REVISIONS} Alembic revisions, PostgreSQL: strata plan {:.1} ms ({:.0}-{:.0}), alembic upgrade head --sql {:.1} ms ({:.0}-{:.0}): {:.1}x faster (medians of {SAMPLES} alternating runs)",
        ms(ours),
        ms(ours_min),
        ms(ours_max),
        ms(theirs),
        ms(theirs_min),
        ms(theirs_max),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    Ok(())
}
