//! The example migration sets, shared by the tests that run them against real databases.

use std::path::{Path, PathBuf};
use strata_core::{Dialect, InputFile};

/// One migration set to check.
pub struct Case {
    pub name: String,
    pub dialect: Dialect,
    pub files: Vec<InputFile>,
}

/// Every file below `dir`, named by its path relative to `dir`.
#[allow(dead_code)] // only the real-world fidelity test uses it; each binary compiles this module
pub fn read_folder(dir: &Path) -> Vec<InputFile> {
    let mut files = Vec::new();
    read_dir(dir, dir, &mut files);
    files
}

fn read_dir(root: &Path, dir: &Path, out: &mut Vec<InputFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_dir(root, &path, out);
        } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(root), std::fs::read(&path)) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(InputFile::new(rel.join("/"), bytes));
        }
    }
}

/// The example sets in the repository's `migrations/` folder, as they are at run time.
pub fn example_sets() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut cases = Vec::new();
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Alembic sets run on every dialect with real Alembic: `alembic_sets`.
        if name.starts_with("broken-") || name.starts_with("alembic-") {
            continue;
        }
        let first = name.split(['-', '_']).next().unwrap_or("");
        let dialect = match first.parse::<Dialect>() {
            Ok(d) => d,
            Err(e) => panic!("migrations/{name}: the set's name must start with its dialect ({e})"),
        };
        let mut files = Vec::new();
        read_dir(&dir, &dir, &mut files);
        // Documentation beside the migrations is not part of the set.
        files.retain(|f| !f.path.ends_with(".md"));
        cases.push(Case {
            name,
            dialect,
            files,
        });
    }
    cases
}

/// An Alembic example set (`migrations/alembic-<name>/`): real Alembic runs it from `dir`.
#[allow(dead_code)] // only the Alembic tests use it; each test binary compiles this module
pub struct AlembicSet {
    pub name: String,
    pub dir: PathBuf,
    /// What Strata reads: the revisions, `alembic.ini`, `env.py` and the script template; not
    /// the documentation, the verify script or Python bytecode.
    pub files: Vec<InputFile>,
}

/// The Alembic example sets in the repository's `migrations/` folder.
#[allow(dead_code)] // only the Alembic tests use it; each test binary compiles this module
pub fn alembic_sets() -> Vec<AlembicSet> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("alembic-"))
        })
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let mut files = Vec::new();
            read_dir(&dir, &dir, &mut files);
            files.retain(|f| {
                !f.path.contains("__pycache__")
                    && [".py", ".ini", ".mako"].iter().any(|e| f.path.ends_with(e))
            });
            AlembicSet {
                name: dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                dir,
                files,
            }
        })
        .collect()
}

/// Up to ten of Strata's errors and warnings, one per line with `file:line:`, under `heading`;
/// empty when there are none. They often explain a fidelity difference.
#[allow(dead_code)] // the fidelity tests use it, cli_sql does not; each binary compiles this module
pub fn diagnostic_lines<'a>(
    project: &strata_core::Project,
    diagnostics: impl Iterator<Item = &'a strata_core::Diagnostic>,
    heading: &str,
) -> String {
    let lines: Vec<String> = diagnostics
        .filter(|d| !matches!(d.severity, strata_core::Severity::Info))
        .take(10)
        .map(|d| {
            let place = d
                .span
                .and_then(|span| {
                    let file = project.set.file(span.file)?;
                    let (line, _) =
                        strata_core::diagnostic::line_col(&file.text, span.start as usize);
                    Some(format!("{}:{line}: ", file.path))
                })
                .unwrap_or_default();
            format!(
                "\n      {place}{}[{}]: {}",
                d.severity.name(),
                d.code,
                d.message
            )
        })
        .collect();
    if lines.is_empty() {
        String::new()
    } else {
        format!("\n    {heading}:{}", lines.concat())
    }
}
