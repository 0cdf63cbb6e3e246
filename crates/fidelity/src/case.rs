//! Regression cases: `tests/cases/<kebab-name>/` holds the migration files of a small set
//! (numbered SQL, golang-migrate pairs, or a `versions/` folder of Alembic revisions) and
//! `case.toml`:
//!
//! ```toml
//! dialect = "postgres"            # or "mysql", "sqlite"
//! note = "one line: what this case caught"
//! expect_failure = "reason"       # optional: a known finding not fixed yet
//! checks = ["revisions", "head", "diff", "plan"]   # optional, default all
//! signature = "..."               # optional: the failure the harness minimized
//! ```

use crate::check::{Checks, Set};
use std::path::{Path, PathBuf};
use strata_core::{Dialect, InputFile};

#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub dir: PathBuf,
    pub dialect: Dialect,
    pub note: String,
    pub expect_failure: Option<String>,
    /// `None`: every check.
    pub checks: Option<Vec<String>>,
    pub signature: Option<String>,
    pub files: Vec<InputFile>,
}

pub const CHECK_NAMES: &[&str] = &["revisions", "head", "diff", "plan"];

/// A TOML value of the small subset `case.toml` uses.
enum Value {
    Str(String),
    List(Vec<String>),
}

fn parse_string(s: &str) -> Option<(String, &str)> {
    let rest = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, ch)) = chars.next() {
        match ch {
            '"' => return Some((out, &rest[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            _ => out.push(ch),
        }
    }
    None
}

fn parse_value(s: &str) -> Option<Value> {
    let s = s.trim();
    if s.starts_with('"') {
        let (v, rest) = parse_string(s)?;
        let rest = rest.trim();
        return (rest.is_empty() || rest.starts_with('#')).then_some(Value::Str(v));
    }
    let mut rest = s.strip_prefix('[')?.trim_start();
    let mut items = Vec::new();
    loop {
        if let Some(after) = rest.strip_prefix(']') {
            let after = after.trim();
            return (after.is_empty() || after.starts_with('#')).then_some(Value::List(items));
        }
        let (v, after) = parse_string(rest)?;
        items.push(v);
        rest = after.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
}

fn quote(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

/// Reads `case.toml`; errors name the file, the line and what to write instead.
pub fn parse_case_toml(
    path: &str,
    text: &str,
) -> Result<
    (
        Dialect,
        String,
        Option<String>,
        Option<Vec<String>>,
        Option<String>,
    ),
    String,
> {
    let (mut dialect, mut note, mut expect, mut checks, mut signature) =
        (None, None, None, None, None);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("{path}:{}:1", n + 1);
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("{at}: expected `key = value`, found `{line}`"));
        };
        let key = key.trim();
        let Some(value) = parse_value(value) else {
            return Err(format!(
                "{at}: the value of `{key}` must be a \"string\" or a [\"list\", \"of strings\"]"
            ));
        };
        match (key, value) {
            ("dialect", Value::Str(d)) => match d.parse::<Dialect>() {
                Ok(d) => dialect = Some(d),
                Err(_) => {
                    return Err(format!(
                        "{at}: unknown dialect `{d}`: write \"postgres\", \"mysql\" or \"sqlite\""
                    ))
                }
            },
            ("note", Value::Str(s)) => note = Some(s),
            ("expect_failure", Value::Str(s)) => expect = Some(s),
            ("signature", Value::Str(s)) => signature = Some(s),
            ("checks", Value::List(l)) => {
                if let Some(bad) = l.iter().find(|c| !CHECK_NAMES.contains(&c.as_str())) {
                    return Err(format!(
                        "{at}: unknown check `{bad}`: the checks are {}",
                        CHECK_NAMES.join(", ")
                    ));
                }
                checks = Some(l);
            }
            // Keys other tools may add are left to them.
            (_, _) => {}
        }
    }
    let Some(dialect) = dialect else {
        return Err(format!(
            "{path}: no `dialect = \"postgres\" | \"mysql\" | \"sqlite\"` line"
        ));
    };
    Ok((dialect, note.unwrap_or_default(), expect, checks, signature))
}

fn read_dir(root: &Path, dir: &Path, out: &mut Vec<InputFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "__pycache__") {
                read_dir(root, &path, out);
            }
        } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(root), std::fs::read(&path)) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            if rel != "case.toml" && !rel.ends_with(".md") && !rel.ends_with(".pyc") {
                out.push(InputFile::new(rel, bytes));
            }
        }
    }
}

/// Every case folder under `root`, sorted by name; a folder that cannot be read is an `Err`
/// with the reason.
pub fn read_cases(root: &Path) -> Vec<Result<Case, String>> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| read_case(&dir)).collect()
}

pub fn read_case(dir: &Path) -> Result<Case, String> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let toml_path = dir.join("case.toml");
    let shown = format!("tests/cases/{name}/case.toml");
    let text = std::fs::read_to_string(&toml_path)
        .map_err(|e| format!("{shown}: cannot read it ({e}): every case folder needs one"))?;
    let (dialect, note, expect_failure, checks, signature) = parse_case_toml(&shown, &text)?;
    let mut files = Vec::new();
    read_dir(dir, dir, &mut files);
    if files.is_empty() {
        return Err(format!(
            "tests/cases/{name}: no migration files beside case.toml"
        ));
    }
    Ok(Case {
        name,
        dir: dir.to_path_buf(),
        dialect,
        note,
        expect_failure,
        checks,
        signature,
        files,
    })
}

impl Case {
    pub fn set(&self) -> Set {
        Set {
            dialect: self.dialect,
            files: self.files.clone(),
        }
    }

    /// The checks `case.toml` asks for, with every range of up to six states (else each state
    /// to and from the head) and the plan back to base.
    pub fn checks(&self, states: usize) -> Checks {
        let on = |n: &str| {
            self.checks
                .as_ref()
                .is_none_or(|c| c.iter().any(|x| x == n))
        };
        let mut ranges = Vec::new();
        if on("diff") {
            for a in 0..states {
                for b in 0..states {
                    if a != b && (states <= 6 || a + 1 == states || b + 1 == states) {
                        ranges.push((a, b));
                    }
                }
            }
        }
        Checks {
            db: on("revisions") || on("head") || on("diff") || on("plan"),
            head: on("head"),
            ranges,
            plan_back_to: on("plan").then_some(0),
        }
    }
}

/// Writes `files` and `case.toml` into `root/name`, replacing nothing: an existing folder is an
/// error.
pub fn write_case(
    root: &Path,
    name: &str,
    dialect: Dialect,
    files: &[(String, String)],
    note: &str,
    expect_failure: Option<&str>,
    signature: &str,
) -> std::io::Result<PathBuf> {
    let dir = root.join(name);
    if dir.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists", dir.display()),
        ));
    }
    std::fs::create_dir_all(&dir)?;
    for (path, text) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)?;
    }
    let mut toml = format!(
        "dialect = {}\nnote = {}\n",
        quote(&dialect.to_string()),
        quote(note)
    );
    if let Some(e) = expect_failure {
        toml.push_str(&format!("expect_failure = {}\n", quote(e)));
    }
    toml.push_str(&format!("signature = {}\n", quote(signature)));
    std::fs::write(dir.join("case.toml"), toml)?;
    Ok(dir)
}
