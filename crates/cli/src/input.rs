//! Reading a migration folder from disk into core's `InputFile`s, and `strata.toml`.

use std::path::{Path, PathBuf};
use strata_core::{Config, Diagnostic, InputFile, Layout};

/// Folders that never hold migrations and can be large.
const SKIPPED_DIRS: &[&str] = &[
    "target",
    "node_modules",
    "__pycache__",
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
];

/// Refuse to read files larger than this: a migration folder has no business holding them.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub struct Loaded {
    pub files: Vec<InputFile>,
    /// Problems with the folder itself (unreadable files, non-UTF-8 names).
    pub diagnostics: Vec<Diagnostic>,
    pub config: Config,
}

#[derive(Debug)]
pub struct IoError(pub String);

/// Reads every file under `dir` (recursively, skipping hidden and build folders), sorted by path.
pub fn read_dir(dir: &Path, mut config: Config) -> Result<Loaded, IoError> {
    let meta = std::fs::metadata(dir)
        .map_err(|e| IoError(format!("cannot read `{}`: {e}", dir.display())))?;
    if !meta.is_dir() {
        return Err(IoError(format!(
            "`{}` is not a folder: pass the folder that holds the migrations",
            dir.display()
        )));
    }
    let mut paths = Vec::new();
    let mut diagnostics = Vec::new();
    walk(dir, &mut paths, &mut diagnostics);
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let name = relative_name(rel, &mut diagnostics);
        if name == "strata.toml" {
            apply_toml(&path, &mut config, &mut diagnostics);
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                diagnostics.push(
                    Diagnostic::error(
                        "file-too-large",
                        format!(
                            "`{name}` is {} bytes; Strata reads files up to {MAX_FILE_BYTES} bytes",
                            m.len()
                        ),
                    )
                    .help("move data dumps out of the migration folder"),
                );
                continue;
            }
            _ => {}
        }
        match std::fs::read(&path) {
            Ok(contents) => files.push(InputFile {
                path: name,
                contents,
            }),
            Err(e) => diagnostics.push(Diagnostic::error(
                "unreadable-file",
                format!("cannot read `{name}`: {e}"),
            )),
        }
    }
    Ok(Loaded {
        files,
        diagnostics,
        config,
    })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "unreadable-file",
                format!("cannot list `{}`: {e}", dir.display()),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_ref()) {
                walk(&path, out, diagnostics);
            }
        } else if (kind.is_file() || kind.is_symlink()) && !name.starts_with('.') {
            out.push(path);
        }
    }
}

/// The `/`-separated relative path; a name that is not UTF-8 is shown lossily, with a warning.
fn relative_name(rel: &Path, diagnostics: &mut Vec<Diagnostic>) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| {
            let os = c.as_os_str();
            match os.to_str() {
                Some(s) => s.to_string(),
                None => {
                    let lossy = os.to_string_lossy().into_owned();
                    diagnostics.push(
                        Diagnostic::warning("non-utf8-path", format!("file name `{lossy}` is not valid UTF-8; shown with replacement characters"))
                            .help("rename the file with a UTF-8 name so tools agree on it"),
                    );
                    lossy
                }
            }
        })
        .collect();
    parts.join("/")
}

/// `strata.toml` beside the migrations:
/// ```toml
/// dialect = "postgres"   # postgres | mysql (MySQL 8) | mariadb | sqlite
/// layout = "numbered"    # numbered | flyway | golang-migrate | dbmate | diesel | alembic
/// pattern = 'V(?P<version>\d+)\.(?P<name>.+)\.(?P<direction>up|down)\.sql'  # any other naming
///
/// [types]                # Alembic: project-specific column types to SQL types
/// "myapp.db.types.UUID" = "uuid"
/// ```
/// Command-line flags win over the file.
fn apply_toml(path: &Path, config: &mut Config, diagnostics: &mut Vec<Diagnostic>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "bad-config",
                format!("cannot read strata.toml: {e}"),
            ));
            return;
        }
    };
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            diagnostics.push(Diagnostic::error("bad-config", format!("strata.toml: {e}")));
            return;
        }
    };
    if config.dialect.is_none() {
        if let Some(v) = table.get("dialect").and_then(|v| v.as_str()) {
            match strata_core::dialect::choose_dialect(v) {
                Ok((d, flavor)) => {
                    config.dialect = Some(d);
                    config.flavor = flavor;
                }
                Err(e) => {
                    diagnostics.push(Diagnostic::error("bad-config", format!("strata.toml: {e}")))
                }
            }
        }
    }
    if let Some(types) = table.get("types") {
        match types.as_table() {
            Some(types) => {
                for (python, sql) in types {
                    match sql.as_str() {
                        Some(sql) => {
                            config.types.insert(python.clone(), sql.to_string());
                        }
                        None => diagnostics.push(Diagnostic::error("bad-config", format!("strata.toml: [types] \"{python}\" must be a string naming a SQL type"))),
                    }
                }
            }
            None => diagnostics.push(Diagnostic::error(
                "bad-config",
                "strata.toml: `types` must be a table: [types]",
            )),
        }
    }
    if config.pattern.is_none() {
        match table.get("pattern") {
            None => {}
            Some(v) => match v.as_str() {
                Some(p) => config.pattern = Some(p.to_string()),
                None => diagnostics.push(Diagnostic::error(
                    "bad-config",
                    "strata.toml: `pattern` must be a string (a regular expression; single quotes keep backslashes as written)",
                )),
            },
        }
    }
    if config.layout.is_none() {
        if let Some(v) = table.get("layout").and_then(|v| v.as_str()) {
            match Layout::parse(v) {
                Some(l) => config.layout = Some(l),
                None => diagnostics.push(Diagnostic::error(
                    "bad-config",
                    format!("strata.toml: unknown layout `{v}`"),
                )),
            }
        }
    }
}
