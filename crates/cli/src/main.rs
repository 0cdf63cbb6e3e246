//! `strata`: review and simulate database migrations from the terminal.

mod input;
mod link;
mod report;
mod serve;
mod threads;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use strata_core::diagnostic::line_col;
use strata_core::project::Revision;
use strata_core::{Config, Diagnostic, Dialect, Flavor, Layout, Project, Severity};

/// mimalloc instead of the system allocator: reading an Alembic set allocates and frees millions
/// of small AST nodes and strings (measured in `cargo xtask bench-alembic`, see the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "strata", version, about = "Review, visualize and simulate database migrations", long_about = None)]
#[command(after_help = "Exit codes: 0 ok, 1 errors in the migrations, 2 usage or IO error.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate every migration and report what the database would reject (exit 1 on errors)
    Check {
        #[command(flatten)]
        set: SetArgs,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List revisions in apply order with their parents; heads are marked
    History {
        #[command(flatten)]
        set: SetArgs,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the simulated schema at a revision
    Schema {
        #[command(flatten)]
        set: SetArgs,
        /// Revision: an id, a unique prefix, `base`, `head` or `head~N`
        #[arg(long, default_value = "head")]
        at: String,
        /// `sql` prints DDL that recreates the schema on an empty database
        #[arg(long, value_enum, default_value_t = SchemaFormat::Text)]
        format: SchemaFormat,
    },
    /// Compare the simulated schema at two revisions
    Diff {
        #[command(flatten)]
        set: SetArgs,
        /// Revision to compare from (an id, a unique prefix, `base`, `head`, `head~N`)
        #[arg(long, default_value = "base")]
        from: String,
        /// Revision to compare to
        #[arg(long, default_value = "head")]
        to: String,
        /// `sql` prints the statements that turn FROM into TO
        #[arg(long, value_enum, default_value_t = SchemaFormat::Text)]
        format: SchemaFormat,
    },
    /// Print the offline script that migrates a database from one revision to another
    ///
    /// Like `alembic upgrade A:B --sql`: each migration's statements, rendered for the dialect
    /// against the schema at that point. A TO before FROM prints the downgrade script.
    #[command(
        after_help = "Alembic sets get Alembic's `alembic_version` bookkeeping (and BEGIN/COMMIT on PostgreSQL).\nA downgrade runs the down scripts in reverse; a migration without one is an error (exit 1)."
    )]
    Plan {
        #[command(flatten)]
        set: SetArgs,
        /// Revision the database is at (an id, a unique prefix, `base`, `head`, `head~N`)
        #[arg(long, default_value = "base")]
        from: String,
        /// Revision to bring it to
        #[arg(long, default_value = "head")]
        to: String,
    },
    /// Print a link that opens the set (or the range FROM..TO) in the web app
    Link(link::LinkArgs),
    /// Serve the web app on http://127.0.0.1:PORT/ with DIR loaded; it reloads when files change
    Serve(serve::ServeArgs),
}

#[derive(Args)]
struct SetArgs {
    /// Folder holding the migration set
    dir: PathBuf,
    /// SQL dialect of the set: postgres, mysql (MySQL 8), mariadb or sqlite [default: from
    /// strata.toml, else inferred (a MySQL-family set as MariaDB), else postgres]
    #[arg(long, value_parser = parse_dialect)]
    dialect: Option<(Dialect, Option<Flavor>)>,
    /// Force a layout instead of detecting it from file names
    #[arg(long, value_parser = parse_layout)]
    layout: Option<Layout>,
    /// Read migration file names with this regular expression instead of a layout: named groups
    /// `version` (required), `name` and `direction` (up/down), e.g.
    /// 'V(?P<version>\d+)\.(?P<name>.+)\.(?P<direction>up|down)\.sql' [default: strata.toml `pattern`]
    #[arg(long, value_name = "REGEX")]
    pattern: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaFormat {
    Text,
    Json,
    Sql,
}

fn parse_dialect(s: &str) -> Result<(Dialect, Option<Flavor>), String> {
    strata_core::dialect::choose_dialect(s)
}

fn parse_layout(s: &str) -> Result<Layout, String> {
    Layout::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
        format!("unknown layout `{s}`: expected one of {}", names.join(", "))
    })
}

/// A failure that is not about the migrations: bad arguments, unreadable folder.
struct UsageError(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let result = match cli.command {
        Command::Check { set, format } => check(&set, format, &mut out),
        Command::History { set, format } => history(&set, format, &mut out),
        Command::Schema { set, at, format } => schema(&set, &at, format, &mut out),
        Command::Diff {
            set,
            from,
            to,
            format,
        } => diff(&set, &from, &to, format, &mut out),
        Command::Plan { set, from, to } => plan(&set, &from, &to, &mut out),
        Command::Link(args) => link::link(&args, &mut out),
        Command::Serve(args) => serve::serve(&args).map_err(UsageError),
    };
    let _ = out.flush();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(UsageError(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

struct Session {
    project: Project,
    /// Folder-level problems found while reading (before core saw the files).
    read_diagnostics: Vec<Diagnostic>,
    dialect_source: &'static str,
    layout_forced: bool,
}

fn open(set: &SetArgs) -> Result<Session, UsageError> {
    let folder = std::fs::canonicalize(&set.dir).unwrap_or_else(|_| set.dir.clone());
    let config = Config {
        dialect: set.dialect.map(|(d, _)| d),
        flavor: set.dialect.and_then(|(_, f)| f),
        layout: set.layout,
        pattern: set.pattern.clone(),
        folder: Some(folder.to_string_lossy().into_owned()),
        ..Config::default()
    };
    let loaded = input::read_dir(&set.dir, config).map_err(|e| UsageError(e.0))?;
    let dialect_source = if set.dialect.is_some() {
        "--dialect"
    } else if loaded.config.dialect.is_some() {
        "strata.toml"
    } else {
        "inferred"
    };
    let layout_forced = loaded.config.layout.is_some() || loaded.config.pattern.is_some();
    // Each migration file is parsed on its own: on all cores (same result as `load`).
    let project =
        strata_core::project::load_with(loaded.files, &loaded.config, &threads::Threads::new());
    Ok(Session {
        project,
        read_diagnostics: loaded.diagnostics,
        dialect_source,
        layout_forced,
    })
}

fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn check(set: &SetArgs, format: Format, out: &mut impl Write) -> Result<u8, UsageError> {
    let s = open(set)?;
    let replay = s.project.replay_all();
    let mut diags = s.read_diagnostics.clone();
    diags.extend(s.project.diagnostics.iter().cloned());
    diags.extend(replay.diagnostics);
    let diags = report::sorted(diags);
    let counts = report::count(&diags);
    match format {
        Format::Text => {
            let _ = write!(out, "{}", report::render_all(&s.project, &diags, color()));
            let _ = writeln!(
                out,
                "{} migrations ({} layout, {} dialect): {} errors, {} warnings, {} notes",
                s.project.set.migrations.len(),
                s.project.set.layout,
                s.project.dialect,
                counts.errors,
                counts.warnings,
                counts.infos
            );
        }
        Format::Json => {
            let v = json!({
                "strata": 1,
                "layout": s.project.set.layout.name(),
                "dialect": s.project.dialect.name(),
                "migrations": s.project.set.migrations.len(),
                "errors": counts.errors,
                "warnings": counts.warnings,
                "diagnostics": diags.iter().map(|d| diagnostic_json(&s.project, d)).collect::<Vec<_>>(),
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
    }
    Ok(u8::from(counts.errors > 0))
}

fn diagnostic_json(project: &Project, d: &Diagnostic) -> serde_json::Value {
    let mut v = json!({
        "severity": d.severity.name(),
        "code": d.code,
        "message": d.message,
    });
    if let Some(span) = d.span {
        if let Some(f) = project.set.file(span.file) {
            let (line, column) = line_col(&f.text, span.start as usize);
            let (end_line, end_column) = line_col(&f.text, span.end as usize);
            v["file"] = json!(f.path);
            v["line"] = json!(line);
            v["column"] = json!(column);
            v["end_line"] = json!(end_line);
            v["end_column"] = json!(end_column);
        }
    }
    if let Some(l) = &d.label {
        v["label"] = json!(l);
    }
    if let Some(h) = &d.help {
        v["help"] = json!(h);
    }
    v
}

/// Alembic sets as `alembic history` prints them (`parents (depends_on) -> id (branch labels)
/// (head), message`, with `(branchpoint)` and `(mergepoint)`), but oldest first, in Strata's
/// apply order.
fn alembic_history(p: &Project, out: &mut impl Write) {
    let g = &p.graph;
    let labels = strata_core::alembic::labels::shown_labels(&p.set, g);
    for &i in &g.order {
        let m = &p.set.migrations[i];
        // The parents as written, so a missing one still shows where the chain breaks.
        let mut line = if m.parents.is_empty() {
            "<base>".to_string()
        } else {
            m.parents.join(", ")
        };
        if !m.depends_on.is_empty() {
            line.push_str(&format!(" ({})", m.depends_on.join(", ")));
        }
        line.push_str(&format!(" -> {}", m.id));
        if let Some(shown) = labels.get(i).filter(|l| !l.is_empty()) {
            line.push_str(&format!(" ({})", shown.join(", ")));
        }
        if g.heads.contains(&i) {
            line.push_str(" (head)");
        }
        if g.is_branch_point(i) {
            line.push_str(" (branchpoint)");
        }
        if g.is_merge(i) {
            line.push_str(" (mergepoint)");
        }
        if p.migrations[i].partial {
            line.push_str(" (partially simulated)");
        }
        let data = p.migrations[i]
            .up
            .iter()
            .filter(|op| matches!(op.value, strata_core::op::Op::Data { .. }))
            .count();
        if data > 0 {
            line.push_str(&format!(
                " ({data} data statement{})",
                if data == 1 { "" } else { "s" }
            ));
        }
        if !m.description.is_empty() {
            line.push_str(&format!(", {}", m.description));
        }
        let _ = writeln!(out, "{line}");
    }
}

fn history(set: &SetArgs, format: Format, out: &mut impl Write) -> Result<u8, UsageError> {
    let s = open(set)?;
    let p = &s.project;
    let g = &p.graph;
    let ms = &p.set.migrations;
    let path_of = |sec: Option<strata_core::source::Section>| {
        sec.and_then(|x| p.set.file(x.file)).map(|f| f.path.clone())
    };
    match format {
        Format::Text => {
            let _ = writeln!(
                out,
                "layout: {} ({}), dialect: {} ({}), {} migrations",
                p.set.layout,
                if s.layout_forced {
                    "forced"
                } else {
                    "detected"
                },
                p.dialect,
                s.dialect_source,
                ms.len()
            );
            if p.set.layout == Layout::Alembic {
                alembic_history(p, out);
            }
            let idw = g.order.iter().map(|&i| ms[i].id.len()).max().unwrap_or(0);
            let mut previous: Option<usize> = None;
            for &i in g.order.iter().filter(|_| p.set.layout != Layout::Alembic) {
                let m = &ms[i];
                let mut marks = Vec::new();
                // A parent is shown when it is not simply the line above (branches, merges).
                match g.parents[i].as_slice() {
                    [] if previous.is_some() => marks.push("root".to_string()),
                    [p] if Some(*p) != previous => marks.push(format!("parent {}", ms[*p].id)),
                    _ => {}
                }
                previous = Some(i);
                if g.heads.contains(&i) {
                    marks.push("head".to_string());
                }
                if g.is_branch_point(i) {
                    marks.push("branch point".to_string());
                }
                if g.is_merge(i) {
                    let parents: Vec<&str> =
                        g.parents[i].iter().map(|&p| ms[p].id.as_str()).collect();
                    marks.push(format!("merge of {}", parents.join(", ")));
                }
                if m.down.is_some() {
                    marks.push("reversible".to_string());
                }
                // Data changes are recorded, not simulated: a reviewer wants to see where they are.
                let data = p.migrations[i]
                    .up
                    .iter()
                    .filter(|op| matches!(op.value, strata_core::op::Op::Data { .. }))
                    .count();
                if data > 0 {
                    marks.push(format!(
                        "{data} data statement{}",
                        if data == 1 { "" } else { "s" }
                    ));
                }
                let marks = if marks.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", marks.join(", "))
                };
                let _ = writeln!(out, "{:idw$}  {}{marks}", m.id, m.description);
            }
        }
        Format::Json => {
            let revisions: Vec<_> = g
                .order
                .iter()
                .map(|&i| {
                    let m = &ms[i];
                    json!({
                        "id": m.id,
                        "description": m.description,
                        "parents": g.parents[i].iter().map(|&p| ms[p].id.clone()).collect::<Vec<_>>(),
                        "head": g.heads.contains(&i),
                        "data_statements": p.migrations[i].up.iter().filter(|op| matches!(op.value, strata_core::op::Op::Data { .. })).count(),
                        "up": path_of(m.up),
                        "down": path_of(m.down),
                    })
                })
                .collect();
            let v = json!({
                "strata": 1,
                "layout": p.set.layout.name(),
                "dialect": p.dialect.name(),
                "revisions": revisions,
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
    }
    let errors = s
        .read_diagnostics
        .iter()
        .chain(&p.diagnostics)
        .any(|d| d.severity == Severity::Error);
    report_errors_brief(&s, &[]);
    Ok(u8::from(errors))
}

/// For commands whose output is not diagnostics: errors go to stderr, so stdout stays clean.
fn report_errors_brief(s: &Session, replay: &[Diagnostic]) {
    let all: Vec<Diagnostic> = s
        .read_diagnostics
        .iter()
        .chain(&s.project.diagnostics)
        .chain(replay)
        .cloned()
        .collect();
    let counts = report::count(&all);
    let errors: Vec<Diagnostic> = all
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        eprint!(
            "{}",
            report::render_all(
                &s.project,
                &report::sorted(errors),
                std::io::stderr().is_terminal()
            )
        );
    }
    if counts.errors + counts.warnings > 0 {
        eprintln!(
            "note: {} errors, {} warnings; `strata check` shows them all",
            counts.errors, counts.warnings
        );
    }
}

/// Scripts end with a newline, so shells and `>` files are tidy.
fn with_newline(mut text: String) -> String {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn resolve(s: &Session, name: &str) -> Result<Revision, UsageError> {
    s.project.resolve(name).map_err(|d| {
        let help = d
            .help
            .map(|h| format!("\n  = help: {h}"))
            .unwrap_or_default();
        UsageError(format!("{}{help}", d.message))
    })
}

fn revision_id(p: &Project, r: Revision) -> Option<String> {
    match r {
        Revision::Base => None,
        Revision::At(i) => Some(p.set.migrations[i].id.clone()),
    }
}

fn schema(
    set: &SetArgs,
    at: &str,
    format: SchemaFormat,
    out: &mut impl Write,
) -> Result<u8, UsageError> {
    let s = open(set)?;
    let rev = resolve(&s, at)?;
    let replay = s.project.replay(rev);
    match format {
        SchemaFormat::Text => {
            let _ = write!(out, "{}", report::schema_text(&replay.schema));
        }
        SchemaFormat::Sql => {
            let _ = write!(
                out,
                "{}",
                with_newline(strata_core::render::render_schema(
                    &replay.schema,
                    s.project.dialect
                ))
            );
        }
        SchemaFormat::Json => {
            let v = json!({
                "strata": 1,
                "revision": revision_id(&s.project, rev),
                "dialect": s.project.dialect.name(),
                "schema": replay.schema,
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
    }
    report_errors_brief(&s, &replay.diagnostics);
    let errors = replay
        .diagnostics
        .iter()
        .chain(&s.project.diagnostics)
        .any(|d| d.severity == Severity::Error);
    Ok(u8::from(errors))
}

fn diff(
    set: &SetArgs,
    from: &str,
    to: &str,
    format: SchemaFormat,
    out: &mut impl Write,
) -> Result<u8, UsageError> {
    let s = open(set)?;
    let (a, b) = (resolve(&s, from)?, resolve(&s, to)?);
    let (ra, rb) = (s.project.replay(a), s.project.replay(b));
    // Renames the migrations in the range perform stay renames (rows kept), never guessed.
    let renames = s.project.renames(a, b, &ra.schema, &rb.schema);
    let ops = strata_core::diff::diff_with(&ra.schema, &rb.schema, &renames);
    let summary = || strata_core::diff::summarize_with(&ra.schema, &rb.schema, &renames);
    match format {
        SchemaFormat::Text => {
            let _ = write!(out, "{}", strata_core::diff::render_text(&summary()));
        }
        SchemaFormat::Sql => {
            let _ = write!(
                out,
                "{}",
                with_newline(strata_core::render::render_ops(
                    &ops,
                    &ra.schema,
                    s.project.dialect
                ))
            );
        }
        SchemaFormat::Json => {
            let v = json!({
                "strata": 1,
                "from": revision_id(&s.project, a),
                "to": revision_id(&s.project, b),
                "dialect": s.project.dialect.name(),
                "changes": summary(),
                "ops": ops,
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
    }
    // Both replays share the migrations before the older revision: report each finding once.
    let mut seen = std::collections::HashSet::new();
    let replay_diags: Vec<Diagnostic> = ra
        .diagnostics
        .into_iter()
        .chain(rb.diagnostics)
        .filter(|d| seen.insert((d.code, d.span, d.message.clone())))
        .collect();
    report_errors_brief(&s, &replay_diags);
    let errors = replay_diags
        .iter()
        .chain(&s.project.diagnostics)
        .any(|d| d.severity == Severity::Error);
    Ok(u8::from(errors))
}

fn plan(set: &SetArgs, from: &str, to: &str, out: &mut impl Write) -> Result<u8, UsageError> {
    let s = open(set)?;
    let (a, b) = (resolve(&s, from)?, resolve(&s, to)?);
    let plan = match strata_core::plan::plan(&s.project, a, b) {
        Ok(plan) => plan,
        Err(d) => {
            // Nothing printed: a partial script would be worse than none.
            report_errors_brief(&s, std::slice::from_ref(&d));
            return Ok(1);
        }
    };
    let _ = write!(out, "{}", plan.text);
    report_errors_brief(&s, &plan.diagnostics);
    let errors = plan
        .diagnostics
        .iter()
        .chain(&s.project.diagnostics)
        .any(|d| d.severity == Severity::Error);
    Ok(u8::from(errors))
}
