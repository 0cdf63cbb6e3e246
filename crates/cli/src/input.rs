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
    add_project_modules(dir, &mut files);
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

/// Folders above the migration folder searched for the project's modules.
const MODULE_SEARCH_DEPTH: usize = 10;
/// Project modules read at most, and rounds of their own imports followed.
const MAX_MODULES: usize = 64;
const MODULE_ROUNDS: usize = 3;

/// Adds the project's own Python modules that the Alembic revisions import (the column types
/// they define live there: `from myapp.db.types import GUID`). A dotted name `a.b.c` is
/// `a/b/c.py` or `a/b/c/__init__.py` under the migration folder or one of its ancestors (the
/// nearest wins), so a package beside or above the migrations is found wherever `sys.path` would
/// start. Files outside the folder are named by their path relative to it (`../../myapp/db.py`);
/// the core matches modules by their trailing components. The modules' own imports are followed
/// for a few rounds, only as far as the names need (a re-export in a package's `__init__.py`,
/// a base class or an `impl` from another module).
fn add_project_modules(dir: &Path, files: &mut Vec<InputFile>) {
    use strata_core::alembic::project_types::{module_package, names_behind, referenced_names};
    if !files.iter().any(|f| f.path.ends_with(".py")) {
        return;
    }
    let Ok(root) = dir.canonicalize() else { return };
    // The Python text of every file at hand, by path: the folder's, then each module read.
    let mut texts: std::collections::BTreeMap<PathBuf, String> = files
        .iter()
        .filter(|f| f.path.ends_with(".py"))
        .map(|f| {
            let text = String::from_utf8_lossy(&f.contents).into_owned();
            (root.join(&f.path), text)
        })
        .collect();
    let mut names: std::collections::BTreeSet<String> =
        texts.values().flat_map(|t| referenced_names(t)).collect();
    let mut followed = std::collections::BTreeSet::new();
    let mut added = 0;
    for _ in 0..MODULE_ROUNDS {
        let mut next = std::collections::BTreeSet::new();
        for name in std::mem::take(&mut names) {
            let Some((base, path, module, attr)) = find_module(&root, &name) else {
                continue;
            };
            if !texts.contains_key(&path) {
                if added >= MAX_MODULES {
                    continue;
                }
                let Some(file) = read_module(&root, base, &path) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&file.contents).into_owned();
                texts.insert(path.clone(), text);
                files.push(file);
                added += 1;
            }
            // Then only what that name needs from the module: a re-export, a base class.
            if let (Some(attr), Some(text)) = (attr, texts.get(&path)) {
                if followed.insert((path.clone(), attr.clone())) {
                    let package = module_package(&module, &path.to_string_lossy());
                    next.extend(names_behind(text, &attr, &package));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        names = next;
    }
}

/// The file of the longest prefix of `name` that is a module under `root` or an ancestor, with
/// that folder (where `sys.path` would start), the module's name and the rest of the name
/// (`myapp.types` and `GUID` of `myapp.types.GUID`).
type FoundModule<'r> = (&'r Path, PathBuf, String, Option<String>);

fn find_module<'r>(root: &'r Path, name: &str) -> Option<FoundModule<'r>> {
    let parts: Vec<&str> = name.split('.').collect();
    for len in (1..=parts.len()).rev() {
        let rel: PathBuf = parts[..len].iter().collect();
        let rest = (len < parts.len()).then(|| parts[len..].join("."));
        let module = parts[..len].join(".");
        for base in root.ancestors().take(MODULE_SEARCH_DEPTH + 1) {
            let file = base.join(&rel).with_extension("py");
            if file.is_file() {
                return Some((base, file, module, rest));
            }
            let init = base.join(&rel).join("__init__.py");
            if init.is_file() {
                return Some((base, init, module, rest));
            }
        }
    }
    None
}

/// A module file named relative to the migration folder: `../` for each level from it up to
/// `base`, then the path from `base`, so the name keeps the module's package path.
fn read_module(root: &Path, base: &Path, path: &Path) -> Option<InputFile> {
    if std::fs::metadata(path).ok()?.len() > MAX_FILE_BYTES {
        return None;
    }
    let contents = std::fs::read(path).ok()?;
    let name = match path.strip_prefix(root) {
        Ok(inside) => inside.to_string_lossy().replace('\\', "/"),
        Err(_) => {
            let up = root.strip_prefix(base).ok()?.components().count();
            let rest = path
                .strip_prefix(base)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            format!("{}{rest}", "../".repeat(up))
        }
    };
    Some(InputFile {
        path: name,
        contents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the test folder");
        }
        std::fs::write(path, text).expect("write a test file");
    }

    /// A project laid out like `src/app/...` with the migrations deep inside the package and the
    /// types module elsewhere in it, re-exported through a package `__init__.py`.
    #[test]
    fn project_modules_above_the_folder_are_read() {
        let root = std::env::temp_dir().join(format!("strata-modules-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let versions = root.join("src/app/db/migrations/versions");
        write(
            &versions.join("a1_t.py"),
            "import sqlalchemy as sa\nfrom alembic import op\nimport app\nfrom app.models import GUID\nrevision = 'a1'\ndown_revision = None\n\ndef upgrade():\n    op.add_column('t', sa.Column('x', app.utils.types.Stamp()))\n",
        );
        write(&root.join("src/app/__init__.py"), "import app.everything\n");
        write(
            &root.join("src/app/models/__init__.py"),
            "from ..utils.types import GUID\n",
        );
        write(&root.join("src/app/utils/types.py"), "class GUID: pass\n");
        write(&root.join("src/app/unrelated.py"), "x = 1\n");
        let loaded = read_dir(&versions, Config::default()).expect("read the folder");
        let paths: Vec<&str> = loaded.files.iter().map(|f| f.path.as_str()).collect();
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(
            paths,
            [
                "a1_t.py",
                "../../../../app/models/__init__.py",
                "../../../../app/utils/types.py",
            ]
        );
    }
}
