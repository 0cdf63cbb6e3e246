//! Discovery: from `(path, bytes)` files to a [`MigrationSet`] of migrations in a known layout.
//!
//! Layouts are detected from file names (see [`Layout`]); `Config::layout` forces one. Every
//! `.sql` file that matches no pattern, every duplicate version and every down without its up is
//! a diagnostic. Only files that are plainly not migrations (read-mes, `.gitkeep`, `*.toml`,
//! Alembic's `env.py`) are skipped without a word; other unknown files get an info.

use crate::alembic::{read_revision_of, Module};
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::project::{Parallel, Sequential};
pub use crate::source_pattern::NamePattern;
use serde::Serialize;
use std::collections::HashMap;

/// One input file: its path relative to the migration folder, `/`-separated, and its raw bytes.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl InputFile {
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        InputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// A file as the rest of the pipeline sees it: text (invalid UTF-8 replaced, with a diagnostic).
#[derive(Debug, Clone, Serialize)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `001_desc.sql`, forward only.
    Numbered,
    /// `V1__desc.sql`, `V1.1__desc.sql`, undo `U1__desc.sql`, repeatable `R__desc.sql`.
    Flyway,
    /// `000001_desc.up.sql` / `000001_desc.down.sql`.
    GolangMigrate,
    /// One file per migration with `-- migrate:up` / `-- migrate:down` sections.
    Dbmate,
    /// `2019-02-26-002946_desc/up.sql` + `down.sql`.
    Diesel,
    /// `versions/*.py` revisions.
    Alembic,
    /// Names read by the `pattern` of `strata.toml` ([`NamePattern`]); never detected.
    Pattern,
}

impl Layout {
    pub const ALL: [Layout; 6] = [
        Layout::Numbered,
        Layout::Flyway,
        Layout::GolangMigrate,
        Layout::Dbmate,
        Layout::Diesel,
        Layout::Alembic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Numbered => "numbered",
            Layout::Flyway => "flyway",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Dbmate => "dbmate",
            Layout::Diesel => "diesel",
            Layout::Pattern => "pattern",
            Layout::Alembic => "alembic",
        }
    }

    pub fn parse(s: &str) -> Option<Layout> {
        Layout::ALL
            .into_iter()
            .find(|l| l.name() == s.to_ascii_lowercase())
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MigrationKind {
    Versioned,
    /// Flyway `R__`: applied after the versioned ones, whenever its checksum changes.
    Repeatable,
}

/// A byte range of one source file holding a script (a whole file, or a dbmate section).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Section {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

/// One migration as found on disk, before its SQL is parsed.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationSource {
    /// The id users type: `001`, `V1.2` is `1.2`, `20190226002946`, an Alembic revision id.
    pub id: String,
    /// Sort key: numeric parts of the version, compared as numbers.
    pub order: Vec<u64>,
    pub description: String,
    pub kind: MigrationKind,
    pub up: Option<Section>,
    pub down: Option<Section>,
    /// Explicit parents (Alembic `down_revision`); empty for linear layouts, where the graph
    /// builder links each migration to the previous one in version order.
    pub parents: Vec<String>,
    /// Revisions to apply before this one that are not its parents (Alembic `depends_on`):
    /// ordering only, no branch or merge.
    pub depends_on: Vec<String>,
    /// Alembic `branch_labels` this revision declares: `label` names it and `label@head` the
    /// head of its line ([`Project::resolve`](crate::project::Project::resolve)).
    pub branch_labels: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MigrationSet {
    pub layout: Layout,
    pub files: Vec<SourceFile>,
    /// In version order (ties broken by path).
    pub migrations: Vec<MigrationSource>,
}

impl MigrationSet {
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id as usize)
    }
    pub fn section_text(&self, s: Section) -> &str {
        self.file(s.file)
            .and_then(|f| f.text.get(s.start..s.end))
            .unwrap_or("")
    }
}

impl Layout {
    /// The file names this layout expects, for help texts.
    pub fn pattern(self) -> &'static str {
        match self {
            Layout::Numbered => "`<number>_<description>.sql`, for example `001_create_users.sql`",
            Layout::Flyway => {
                "`V<version>__<description>.sql` (versions like `1`, `1.2` or `1_2`), undo `U<version>__<description>.sql`, repeatable `R__<description>.sql`"
            }
            Layout::GolangMigrate => "`<version>_<description>.up.sql` and `<version>_<description>.down.sql`, for example `000001_create_users.up.sql`",
            Layout::Dbmate => {
                "`<version>_<description>.sql` with `-- migrate:up` and `-- migrate:down` sections, for example `20240101120000_create_users.sql`"
            }
            Layout::Diesel => "a folder `<version>_<description>/` holding `up.sql` and `down.sql`, for example `2019-02-26-002946_create_users/up.sql`",
            Layout::Alembic => "Alembic revisions `versions/<revision>_<slug>.py`",
            Layout::Pattern => "names that the `pattern` of strata.toml reads",
        }
    }

    /// One file name in this layout.
    pub fn example(self) -> &'static str {
        match self {
            Layout::Numbered => "001_create_users.sql",
            Layout::Flyway => "V1__create_users.sql",
            Layout::GolangMigrate => "000001_create_users.up.sql",
            Layout::Dbmate => "20240101120000_create_users.sql",
            Layout::Diesel => "2019-02-26-002946_create_users/up.sql",
            Layout::Alembic => "versions/1975ea83b712_create_users.py",
            Layout::Pattern => "V0001.create_users.up.sql",
        }
    }

    /// Tie-break when two layouts match the same number of files: golang-migrate names are also
    /// numbered names, dbmate names too (plus section markers), so the narrower reading wins.
    fn specificity(self) -> u8 {
        match self {
            Layout::Numbered => 0,
            Layout::Flyway => 1,
            Layout::GolangMigrate => 2,
            Layout::Dbmate => 3,
            Layout::Diesel => 4,
            Layout::Alembic => 5,
            Layout::Pattern => 6,
        }
    }
}

/// Finds the migrations in `files`. `layout` forces a layout; otherwise it is inferred from the
/// names: the layout matching the most files wins, a tie goes to the more specific layout.
///
/// `MigrationSet::files` holds the files that matter (migrations, `.sql` files that match no
/// pattern, unknown files), sorted by path; obvious non-migrations (`README.md`, `.gitkeep`,
/// `*.toml`, Alembic's `env.py`) are dropped without a word.
pub fn discover(files: Vec<InputFile>, layout: Option<Layout>) -> (MigrationSet, Vec<Diagnostic>) {
    let (set, diagnostics, _) = discover_parsed(files, layout, None, &Sequential);
    (set, diagnostics)
}

/// [`discover`], also handing back the Alembic revision files it parsed to read their headers,
/// by file id, so that [`load`](crate::project::load) lowers the same AST: parsing the Python is
/// most of the cost of an Alembic set. Kept out of [`MigrationSet`], which is plain data. The
/// revision files are parsed through `par`, each on its own.
///
/// With a `pattern` the layout is [`Layout::Pattern`], whatever `layout` says.
pub fn discover_parsed(
    files: Vec<InputFile>,
    layout: Option<Layout>,
    pattern: Option<&NamePattern>,
    par: &impl Parallel,
) -> (MigrationSet, Vec<Diagnostic>, HashMap<FileId, Module>) {
    let version_dirs = alembic_version_dirs(&files);
    let mut inputs: Vec<InputFile> = files.into_iter().filter(|f| !is_noise(&f.path)).collect();
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    let decoded: Vec<Decoded> = inputs.into_iter().map(decode).collect();

    let detected = detect(&decoded, &version_dirs);
    let layout = if pattern.is_some() {
        Some(Layout::Pattern)
    } else {
        layout
    };
    let chosen = layout.or(detected).unwrap_or(Layout::Numbered);
    let seen: Vec<String> = decoded.iter().map(|f| f.path.clone()).collect();
    let mut d = Discovery {
        layout: chosen,
        pattern: pattern.cloned(),
        files: Vec::with_capacity(decoded.len()),
        diagnostics: Vec::new(),
        found: Vec::new(),
        version_dirs,
        modules: HashMap::new(),
    };
    for file in decoded {
        d.add_file(file);
    }
    if d.found.is_empty() {
        d.diagnostics.insert(0, empty_set(layout, detected, &seen));
    }
    let migrations = if chosen == Layout::Alembic {
        d.alembic(par)
    } else {
        d.assemble()
    };
    (
        MigrationSet {
            layout: chosen,
            files: d.files,
            migrations,
        },
        d.diagnostics,
        d.modules,
    )
}

/// A file with its bytes read as text; `bad_utf8` is the first invalid byte, `nul` the first NUL
/// (offset in the text, offset in the file).
struct Decoded {
    path: String,
    text: String,
    bad_utf8: Option<usize>,
    nul: Option<(usize, usize)>,
    utf16: bool,
}

/// The file offset of the NUL at text offset `at`: each U+FFFD that lossy decoding introduced
/// before it stands for at least one byte; counting it as one is exact for the common cases
/// (Latin-1 text, UTF-16) and off by a little only for truncated multi-byte sequences.
fn bytes_nul(text: &str, at: usize, bad_utf8: Option<usize>) -> usize {
    if bad_utf8.is_none() {
        return at;
    }
    let replaced = text.get(..at).map_or(0, |t| t.matches('\u{FFFD}').count());
    at - replaced * ('\u{FFFD}'.len_utf8() - 1)
}

fn decode(f: InputFile) -> Decoded {
    let utf16 = f.contents.starts_with(&[0xFF, 0xFE]) || f.contents.starts_with(&[0xFE, 0xFF]);
    let mut bytes = f.contents;
    // The BOM is not SQL; dropping it before decoding keeps byte offsets and text offsets equal.
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let (text, bad_utf8) = match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    // The span needs the offset in the text, the message the offset in the file as the user
    // sees it in a hex editor; they differ once bad bytes became 3-byte U+FFFD.
    let nul = text
        .find('\0')
        .map(|at| (at, bytes_nul(&text, at, bad_utf8)));
    Decoded {
        path: f.path,
        text,
        bad_utf8,
        nul,
        utf16,
    }
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The folder holding `path` (its last folder component), or `""` at the top.
fn parent_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    parts.next();
    parts.next().unwrap_or("")
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Files that sit in migration folders but are plainly not migrations: read-mes, VCS keep files,
/// tool configuration, Alembic's scaffolding. Dropping them silently keeps `check` output clean.
fn is_noise(path: &str) -> bool {
    if path
        .split('/')
        .any(|c| c.starts_with('.') || c == "__pycache__")
    {
        return true;
    }
    let name = base_name(path).to_ascii_lowercase();
    let ext = extension(&name);
    // A `.sql` file is never obviously noise: if it matches no pattern the user hears about it.
    if ext == "sql" {
        return false;
    }
    const NAMES: &[&str] = &[
        "alembic.ini",
        "env.py",
        "script.py.mako",
        "__init__.py",
        "thumbs.db",
        "makefile",
        "dockerfile",
    ];
    const PREFIXES: &[&str] = &["readme", "license", "licence", "changelog", "notice"];
    const EXTENSIONS: &[&str] = &[
        "md", "markdown", "txt", "rst", "adoc", "toml", "ini", "cfg", "mako", "pyc", "pyo", "yml",
        "yaml", "lock", "log",
    ];
    NAMES.contains(&name.as_str())
        || PREFIXES.iter().any(|p| name.starts_with(p))
        || EXTENSIONS.contains(&ext.as_str())
}

fn is_sql(path: &str) -> bool {
    extension(base_name(path)) == "sql"
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Up,
    Down,
    Repeatable,
    /// A dbmate file: up and down are sections of the one file.
    Sections,
}

/// What a file name says about the migration it holds.
#[derive(Debug, Clone)]
struct Name {
    id: String,
    order: Vec<u64>,
    description: String,
    role: Role,
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let (head, tail) = (s.get(..cut)?, s.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

fn describe(s: &str) -> String {
    s.replace('_', " ").trim().to_string()
}

/// Appends the value of a run of ASCII digits to a sort key. Runs too long for a `u64` become
/// `[u64::MAX, digit count, 19-digit chunks...]`: still larger than every short number and
/// ordered among themselves, so no version is rejected for being long.
fn push_number(digits: &str, key: &mut Vec<u64>) {
    let significant = digits.trim_start_matches('0');
    if significant.len() <= 19 {
        key.push(significant.parse().unwrap_or(0));
        return;
    }
    key.push(u64::MAX);
    key.push(significant.len() as u64);
    for chunk in significant.as_bytes().chunks(19) {
        key.push(chunk.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')));
    }
}

/// [`match_name`], and for Alembic also what the content and `alembic.ini` say: a `.py` file in
/// a folder `alembic.ini` names, or one that sets `revision` and `down_revision` at the start of
/// a line (the user pointed Strata at `versions/` itself).
fn name_of(layout: Layout, f: &Decoded, version_dirs: &[String]) -> Option<Name> {
    if let Some(name) = match_name(layout, &f.path) {
        return Some(name);
    }
    if layout != Layout::Alembic {
        return None;
    }
    let stem = strip_suffix_ci(base_name(&f.path), ".py")?;
    let dir = f.path.rsplit_once('/').map_or("", |(d, _)| d);
    if !version_dirs.iter().any(|v| v == dir) && !looks_like_revision(&f.text) {
        return None;
    }
    Some(Name {
        id: stem.to_string(),
        order: Vec::new(),
        description: String::new(),
        role: Role::Up,
    })
}

fn looks_like_revision(text: &str) -> bool {
    let sets = |name: &str| {
        text.lines().any(|l| {
            l.strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
    };
    sets("revision") && sets("down_revision")
}

/// The revision folders `alembic.ini` files point at (`version_locations`, else
/// `script_location` + `/versions`), relative to the set's root. `%(here)s` is the folder of the
/// ini file; other interpolations and `package:path` locations are not resolved. The file is
/// read as text only, never run.
fn alembic_version_dirs(files: &[InputFile]) -> Vec<String> {
    let mut dirs = Vec::new();
    for f in files
        .iter()
        .filter(|f| base_name(&f.path).eq_ignore_ascii_case("alembic.ini"))
    {
        let here = f.path.rsplit_once('/').map_or("", |(d, _)| d);
        let text = String::from_utf8_lossy(&f.contents);
        let mut section = String::new();
        let (mut script, mut versions) = (None, None);
        for line in text.lines() {
            let line = line.trim();
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim().to_string();
                continue;
            }
            if section != "alembic" {
                continue;
            }
            let Some((key, value)) = line.split_once(['=', ':']) else {
                continue;
            };
            match key.trim() {
                "script_location" => script = Some(value.trim().to_string()),
                "version_locations" => versions = Some(value.trim().to_string()),
                _ => {}
            }
        }
        let resolve = |p: &str| {
            // Alembic runs from the ini file's folder, so relative locations start there too.
            let p = if p.contains("%(here)s") || p.starts_with('/') {
                p.replace("%(here)s", if here.is_empty() { "." } else { here })
            } else {
                format!("{here}/{p}")
            };
            let mut parts: Vec<&str> = Vec::new();
            for c in p.split(['/', '\\']) {
                match c {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    c => parts.push(c),
                }
            }
            parts.join("/")
        };
        match (versions, script) {
            (Some(v), _) => dirs.extend(
                v.split([' ', ',', ';'])
                    .filter(|p| !p.is_empty())
                    .map(resolve),
            ),
            (None, Some(s)) if !s.contains(':') || s.contains("%(here)s") => {
                let base = resolve(&s);
                dirs.push(if base.is_empty() {
                    "versions".to_string()
                } else {
                    format!("{base}/versions")
                });
            }
            _ => {}
        }
    }
    dirs
}

fn match_name(layout: Layout, path: &str) -> Option<Name> {
    let name = base_name(path);
    match layout {
        Layout::Numbered => {
            let stem = strip_suffix_ci(name, ".sql")?;
            let (digits, rest) = split_digits(stem);
            if digits.is_empty() {
                return None;
            }
            // `001_x`, `1_x` and `0001-x` are all in use; a bare `001.sql` is too.
            let description = match rest.chars().next() {
                None => "",
                Some('_' | '-') => rest.get(1..)?,
                Some(_) => return None,
            };
            let mut order = Vec::new();
            push_number(digits, &mut order);
            Some(Name {
                id: digits.to_string(),
                order,
                description: describe(description),
                role: Role::Up,
            })
        }
        Layout::Flyway => {
            let stem = strip_suffix_ci(name, ".sql")?;
            if let Some(desc) = stem.strip_prefix("R__") {
                return Some(Name {
                    id: stem.to_string(),
                    order: Vec::new(),
                    description: describe(desc),
                    role: Role::Repeatable,
                });
            }
            let (role, rest) = match stem.split_at_checked(1)? {
                ("V", rest) => (Role::Up, rest),
                ("U", rest) => (Role::Down, rest),
                _ => return None,
            };
            let (version, desc) = rest.split_once("__").unwrap_or((rest, ""));
            let mut order = Vec::new();
            for part in version.split(['.', '_']) {
                if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                push_number(part, &mut order);
            }
            // Flyway treats `1`, `1.0` and `1.0.0` as one version.
            while order.len() > 1 && order.last() == Some(&0) {
                order.pop();
            }
            Some(Name {
                id: version.replace('_', "."),
                order,
                description: describe(desc),
                role,
            })
        }
        Layout::GolangMigrate => {
            let (stem, role) = match strip_suffix_ci(name, ".up.sql") {
                Some(s) => (s, Role::Up),
                None => (strip_suffix_ci(name, ".down.sql")?, Role::Down),
            };
            // Up/down pairs are also written `V0001.Initial_Schema.up.sql`: a `V` before the
            // version and a dot after it.
            let stem = match stem.strip_prefix(['V', 'v']) {
                Some(s) if s.starts_with(|c: char| c.is_ascii_digit()) => s,
                _ => stem,
            };
            let (digits, rest) = split_digits(stem);
            let desc = rest.strip_prefix(['_', '.'])?;
            if digits.is_empty() {
                return None;
            }
            let mut order = Vec::new();
            push_number(digits, &mut order);
            Some(Name {
                id: digits.to_string(),
                order,
                description: describe(desc),
                role,
            })
        }
        Layout::Dbmate => {
            let stem = strip_suffix_ci(name, ".sql")?;
            let (digits, rest) = split_digits(stem);
            if digits.is_empty() {
                return None;
            }
            let mut order = Vec::new();
            push_number(digits, &mut order);
            let desc = rest.strip_prefix('_').unwrap_or(rest);
            Some(Name {
                id: digits.to_string(),
                order,
                description: describe(desc),
                role: Role::Sections,
            })
        }
        Layout::Diesel => {
            let role = match name {
                "up.sql" => Role::Up,
                "down.sql" => Role::Down,
                _ => return None,
            };
            let folder = parent_name(path);
            let (version, desc) = folder.split_once('_').unwrap_or((folder, ""));
            if !version.starts_with(|c: char| c.is_ascii_digit())
                || !version.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            {
                return None;
            }
            // `2019-02-26-002946` and `20190226002946` are the same instant: compare the digits.
            // diesel orders versions as strings, so a short one (`2024-03-13` in a folder named
            // `2024-03-13_170000_x`) sorts as if padded with zeros, not as a small number.
            let mut digits: String = version.chars().filter(char::is_ascii_digit).collect();
            while digits.len() < 14 {
                digits.push('0');
            }
            let mut order = Vec::new();
            push_number(&digits, &mut order);
            Some(Name {
                id: version.to_string(),
                order,
                description: describe(desc),
                role,
            })
        }
        // Read by `Discovery::pattern_name`, which has the expression.
        Layout::Pattern => None,
        Layout::Alembic => {
            if parent_name(path) != "versions" {
                return None;
            }
            let stem = strip_suffix_ci(name, ".py")?;
            Some(Name {
                id: stem.to_string(),
                order: Vec::new(),
                description: String::new(),
                role: Role::Up,
            })
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    Up,
    Down,
}

/// A dbmate `-- migrate:up` / `-- migrate:down` line: `start` of the line, `end` past its newline.
#[derive(Debug, Clone, Copy)]
struct Marker {
    kind: MarkerKind,
    start: usize,
    end: usize,
}

/// Lines with their start offset and the offset just past their `\n`.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut at = 0;
    text.split_inclusive('\n').map(move |line| {
        let start = at;
        at += line.len();
        (start, at, line)
    })
}

/// Reads a marker the way dbmate does: at the start of a line, `--`, optional blanks, the
/// directive, then the end of the line or blank-separated options (`transaction:false`).
fn marker_kind(line: &str) -> Option<MarkerKind> {
    let rest = line.strip_prefix("--")?.trim_start();
    let (kind, after) = if let Some(a) = rest.strip_prefix("migrate:up") {
        (MarkerKind::Up, a)
    } else {
        (MarkerKind::Down, rest.strip_prefix("migrate:down")?)
    };
    (after.is_empty() || after.starts_with(char::is_whitespace)).then_some(kind)
}

fn markers(text: &str) -> Vec<Marker> {
    lines(text)
        .filter_map(|(start, end, line)| marker_kind(line).map(|kind| Marker { kind, start, end }))
        .collect()
}

fn has_up_marker(text: &str) -> bool {
    text.contains("migrate:up") && markers(text).iter().any(|m| m.kind == MarkerKind::Up)
}

fn detect(files: &[Decoded], version_dirs: &[String]) -> Option<Layout> {
    let mut score = [0usize; Layout::ALL.len()];
    let mut dbmate_markers = false;
    for f in files {
        for (k, layout) in Layout::ALL.into_iter().enumerate() {
            if name_of(layout, f, version_dirs).is_some() {
                score[k] += 1;
                if layout == Layout::Dbmate && !dbmate_markers {
                    dbmate_markers = has_up_marker(&f.text);
                }
            }
        }
    }
    // Any numbered file name is a dbmate name; the section markers are what make a set dbmate.
    if !dbmate_markers {
        if let Some(k) = Layout::ALL.iter().position(|&l| l == Layout::Dbmate) {
            score[k] = 0;
        }
    }
    let (best, count) = Layout::ALL
        .into_iter()
        .zip(score)
        .max_by_key(|&(l, n)| (n, l.specificity()))?;
    (count > 0).then_some(best)
}

/// The files a folder holds, for the help of a set that matched no layout: a few names, and a
/// `pattern` that would read the first SQL file.
fn seen_help(seen: &[String]) -> String {
    if seen.is_empty() {
        return String::new();
    }
    const SHOWN: usize = 5;
    let mut names: Vec<String> = seen.iter().take(SHOWN).map(|p| format!("`{p}`")).collect();
    if seen.len() > SHOWN {
        names.push(format!("and {} more", seen.len() - SHOWN));
    }
    let mut help = format!("; the folder holds {}", names.join(", "));
    let example = seen
        .iter()
        .find(|p| is_sql(p))
        .or(seen.first())
        .map(|p| base_name(p));
    if let Some(pattern) = example.and_then(crate::source_pattern::suggest) {
        help.push_str(&format!(
            ". If these are migrations named another way, describe their names in strata.toml, for example `pattern = '{pattern}'` (a regular expression with groups `version`, `name` and `direction`)"
        ));
    }
    help
}

fn empty_set(forced: Option<Layout>, detected: Option<Layout>, seen: &[String]) -> Diagnostic {
    if forced == Some(Layout::Pattern) {
        return Diagnostic::error("empty-set", "no file name matches the `pattern` of strata.toml")
            .help(format!("the pattern is matched against each path relative to the folder, then against the file name alone{}", seen_help(seen)));
    }
    match forced {
        Some(l) => {
            let mut help = format!("{} {l} set holds {}", article(l), l.pattern());
            if let Some(d) = detected.filter(|&d| d != l) {
                help.push_str(&format!(
                    "; these files look like a {d} set: choose layout `{d}` or leave the layout out"
                ));
            }
            Diagnostic::error("empty-set", format!("no {l} migrations found")).help(help)
        }
        None => {
            let help = Layout::ALL
                .iter()
                .map(|&l| match l {
                    Layout::Dbmate => {
                        format!(
                            "`{}` ({l}, with `-- migrate:up` and `-- migrate:down` sections)",
                            l.example()
                        )
                    }
                    _ => format!("`{}` ({l})", l.example()),
                })
                .collect::<Vec<_>>()
                .join(", ");
            Diagnostic::error("empty-set", "no migration files found").help(format!(
                "point Strata at the folder holding the migrations; expected names like {help}{}",
                seen_help(seen)
            ))
        }
    }
}

/// A migration file of the chosen layout, before pairing ups with downs.
struct Found {
    file: FileId,
    name: Name,
    /// False when the file cannot be read as a script (binary, no dbmate up section): the
    /// migration stays in the set, so ids and order do not shift, but has no scripts.
    usable: bool,
}

struct Discovery {
    layout: Layout,
    pattern: Option<NamePattern>,
    files: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    found: Vec<Found>,
    /// Folders `alembic.ini` names as holding revisions, relative to the set's root.
    version_dirs: Vec<String>,
    /// The revision files that joined the set, parsed.
    modules: HashMap<FileId, Module>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Version(Vec<u64>),
    Repeatable(String),
}

impl Discovery {
    fn add_file(&mut self, f: Decoded) {
        let Ok(id) = FileId::try_from(self.files.len()) else {
            return;
        };
        let span = Span::file_start(id);
        let reported = self.diagnostics.len();
        let name = match self.pattern.take() {
            Some(p) if self.layout == Layout::Pattern => {
                let name = self.pattern_name(&p, &f, id);
                self.pattern = Some(p);
                name
            }
            _ => name_of(self.layout, &f, &self.version_dirs),
        };
        let sql = is_sql(&f.path);
        if name.is_none() && !sql {
            self.diagnostics.push(
                Diagnostic::info(
                    "ignored-file",
                    format!(
                        "`{}` is not {} {} migration and was not read",
                        f.path,
                        article(self.layout),
                        self.layout
                    ),
                )
                .at(span)
                .help(format!(
                    "{} {} set holds {}",
                    article(self.layout),
                    self.layout,
                    self.layout.pattern()
                )),
            );
            self.files.push(SourceFile {
                path: f.path,
                text: String::new(),
            });
            return;
        }
        let mut usable = self.check_content(&f, id);
        // A name the pattern read but refused (`bad-direction`) is reported once.
        if name.is_none() && self.diagnostics.len() == reported {
            self.diagnostics.push(
                Diagnostic::warning(
                    "unmatched-file",
                    format!(
                        "`{}` does not match the {} naming pattern and is not applied",
                        f.path, self.layout
                    ),
                )
                .at(span)
                .help(format!(
                    "rename it to {}, or move it out of the migration folder",
                    self.layout.pattern()
                )),
            );
        }
        if let Some(name) = name {
            if name.role == Role::Sections && usable && !has_up_marker(&f.text) {
                self.diagnostics.push(
                    Diagnostic::error("missing-up-section", format!("`{}` has no `-- migrate:up` line, so dbmate cannot apply it", f.path))
                        .at(span)
                        .help("start the file with a line `-- migrate:up` above the statements, and put the rollback under `-- migrate:down`"),
                );
                usable = false;
            }
            self.found.push(Found {
                file: id,
                name,
                usable,
            });
        }
        self.files.push(SourceFile {
            path: f.path,
            text: f.text,
        });
    }

    /// Reports binary and non-UTF-8 content; false when the file cannot be read as SQL at all.
    fn check_content(&mut self, f: &Decoded, id: FileId) -> bool {
        if let Some((at, byte)) = f.nul {
            let help = if f.utf16 {
                "the file is UTF-16: save it as UTF-8"
            } else {
                "a migration is text: remove this file from the migration folder or replace it with the SQL it should hold"
            };
            self.diagnostics.push(
                Diagnostic::error(
                    "binary-file",
                    format!(
                        "`{}` holds binary data (a NUL byte at offset {byte}); it is not read",
                        f.path
                    ),
                )
                .at(Span::new(id, at, at + 1))
                .label("NUL byte")
                .help(help),
            );
            return false;
        }
        if let Some(at) = f.bad_utf8 {
            self.diagnostics.push(
                Diagnostic::error(
                    "invalid-utf8",
                    format!(
                        "`{}` is not valid UTF-8 (first bad byte at offset {at})",
                        f.path
                    ),
                )
                .at(Span::new(id, at, at + '\u{FFFD}'.len_utf8()))
                .label("not UTF-8")
                .help("save the file as UTF-8; the bad bytes are read as U+FFFD meanwhile"),
            );
        }
        true
    }

    /// What the `pattern` reads from `f`: a version and a direction (a `direction` that is no
    /// up or down word is reported and the file left out).
    fn pattern_name(&mut self, p: &NamePattern, f: &Decoded, id: FileId) -> Option<Name> {
        let m = p.read(&f.path)?;
        if let Some(d) = m.bad_direction {
            self.diagnostics.push(
                Diagnostic::error(
                    "bad-direction",
                    format!("`{}`: the pattern reads the direction `{d}`, which is neither up nor down", f.path),
                )
                .at(Span::file_start(id))
                .help("`direction` must capture `up`, `do` or `apply` for the forward script and `down`, `undo` or `revert` for the rollback"),
            );
            return None;
        }
        let mut order = Vec::new();
        for part in m
            .version
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
        {
            push_number(part, &mut order);
        }
        Some(Name {
            id: m.version,
            order,
            description: describe(&m.name),
            role: if m.up == Some(false) {
                Role::Down
            } else {
                Role::Up
            },
        })
    }

    fn path(&self, id: FileId) -> &str {
        self.files.get(id as usize).map_or("", |f| f.path.as_str())
    }

    fn text(&self, id: FileId) -> &str {
        self.files.get(id as usize).map_or("", |f| f.text.as_str())
    }

    /// One migration per readable revision file. The id, parents and message come from the
    /// Python (never run); both directions are the whole file, whose `upgrade()` and
    /// `downgrade()` the project lowers. A file without a usable `revision` id is left out
    /// with an error: Alembic refuses to load it as well.
    fn alembic(&mut self, par: &impl Parallel) -> Vec<MigrationSource> {
        let found = std::mem::take(&mut self.found);
        let usable: Vec<&Found> = found.iter().filter(|f| f.usable).collect();
        let texts: Vec<&str> = usable.iter().map(|f| self.text(f.file)).collect();
        let parsed = par.map(&texts, &|text| Module::parse(text));
        let mut read = Vec::with_capacity(found.len());
        for (f, module) in usable.into_iter().zip(parsed) {
            let path = self.path(f.file).to_string();
            let (header, diagnostics) =
                read_revision_of(&module, self.text(f.file), f.file, Some(&path));
            // A file that joins the set has its upgrade() and downgrade() lowered from this
            // parse, which reports the same syntax error; only a file left out keeps it from here.
            let lowered_later = header.revision.is_some();
            self.diagnostics.extend(diagnostics.into_iter().filter(|d| {
                !(lowered_later && matches!(d.code, "python-syntax-error" | "python-too-deep"))
            }));
            let Some(id) = header.revision else { continue };
            self.modules.insert(f.file, module);
            let whole = self.whole(f.file);
            let m = MigrationSource {
                id,
                order: Vec::new(),
                description: header.message,
                kind: MigrationKind::Versioned,
                up: Some(whole),
                down: Some(whole),
                parents: header.down_revisions,
                depends_on: header.depends_on,
                branch_labels: header.branch_labels,
            };
            read.push((header.create_date, path, m));
        }
        // Ids are random, so the tie-break between unrelated branches is creation time (Alembic's
        // date format sorts as text), then path; files without a date go first.
        read.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let migrations: Vec<MigrationSource> = read.into_iter().map(|(_, _, m)| m).collect();
        self.duplicate_labels(&migrations);
        migrations
    }

    /// A branch label names one revision: Alembic refuses to load a set that gives it twice.
    fn duplicate_labels(&mut self, migrations: &[MigrationSource]) {
        let mut owners: HashMap<&str, &str> = HashMap::new();
        for m in migrations {
            for label in &m.branch_labels {
                let Some(first) = owners.get(label.as_str()).copied() else {
                    owners.insert(label, &m.id);
                    continue;
                };
                let file = m.up.map_or(0, |s| s.file);
                let d = Diagnostic::error(
                    "duplicate-branch-label",
                    format!("`{}` gives branch label `{label}` to revision `{}`, but revision `{first}` already has it", self.path(file), m.id),
                )
                .at(Span::file_start(file))
                .help("a branch label names one revision (the start of its line): rename one of them; Alembic refuses to load the set as it is");
                self.diagnostics.push(d);
            }
        }
    }

    /// Pairs scripts into migrations in version order; repeatables go last, by description.
    fn assemble(&mut self) -> Vec<MigrationSource> {
        let mut found = std::mem::take(&mut self.found);
        // Stable: equal versions stay in path order, so the first file by path wins a duplicate.
        found.sort_by(|a, b| {
            let rank = |f: &Found| u8::from(f.name.role == Role::Repeatable);
            rank(a).cmp(&rank(b)).then_with(|| match a.name.role {
                Role::Repeatable => a.name.description.cmp(&b.name.description),
                _ => a.name.order.cmp(&b.name.order),
            })
        });
        let key = |n: &Name| match n.role {
            Role::Repeatable => Key::Repeatable(n.description.clone()),
            _ => Key::Version(n.order.clone()),
        };
        let mut migrations: Vec<MigrationSource> = Vec::new();
        // Where each migration's up came from, to name both files of a duplicate.
        let mut up_files: Vec<FileId> = Vec::new();
        let mut index: HashMap<Key, usize> = HashMap::with_capacity(found.len());
        let mut downs = Vec::new();
        for f in found {
            if f.name.role == Role::Down {
                downs.push(f);
                continue;
            }
            if let Some(&i) = index.get(&key(&f.name)) {
                let first = up_files.get(i).copied().unwrap_or(0);
                self.duplicate(&f.name, first, f.file);
                continue;
            }
            let (up, down) = if f.usable {
                self.scripts(&f)
            } else {
                (None, None)
            };
            index.insert(key(&f.name), migrations.len());
            up_files.push(f.file);
            let kind = if f.name.role == Role::Repeatable {
                MigrationKind::Repeatable
            } else {
                MigrationKind::Versioned
            };
            let Name {
                id,
                order,
                description,
                ..
            } = f.name;
            migrations.push(MigrationSource {
                id,
                order,
                description,
                kind,
                up,
                down,
                parents: Vec::new(),
                depends_on: Vec::new(),
                branch_labels: Vec::new(),
            });
        }
        let mut down_files: HashMap<usize, FileId> = HashMap::new();
        for f in downs {
            let Some(&i) = index.get(&key(&f.name)) else {
                self.down_without_up(&f);
                continue;
            };
            if let Some(&first) = down_files.get(&i) {
                self.duplicate(&f.name, first, f.file);
                continue;
            }
            down_files.insert(i, f.file);
            if let Some(m) = migrations.get_mut(i) {
                m.down = f.usable.then(|| self.whole(f.file));
            }
        }
        migrations
    }

    fn whole(&self, file: FileId) -> Section {
        Section {
            file,
            start: 0,
            end: self.text(file).len(),
        }
    }

    /// The up and down scripts of a usable up-ish file; warns when the up script is empty.
    fn scripts(&mut self, f: &Found) -> (Option<Section>, Option<Section>) {
        let (up, down, marker) = match f.name.role {
            Role::Sections => self.dbmate_sections(f.file),
            _ => (Some(self.whole(f.file)), None, None),
        };
        if let Some(s) = up {
            if self
                .text(f.file)
                .get(s.start..s.end)
                .is_some_and(|t| t.trim().is_empty())
            {
                let span = marker.unwrap_or_else(|| Span::file_start(f.file));
                let what = if marker.is_some() {
                    "its `-- migrate:up` section is empty"
                } else {
                    "the file is empty"
                };
                self.diagnostics.push(
                    Diagnostic::warning(
                        "empty-file",
                        format!("migration `{}` does nothing: {what}", self.path(f.file)),
                    )
                    .at(span)
                    .help(
                        "write the migration's statements, or delete the file if it is not needed",
                    ),
                );
            }
        }
        (up, down)
    }

    /// Splits a dbmate file at its markers (either may come first, as in dbmate). Returns the
    /// up and down sections and the span of the up marker line.
    fn dbmate_sections(
        &mut self,
        file: FileId,
    ) -> (Option<Section>, Option<Section>, Option<Span>) {
        let text = self.text(file);
        let len = text.len();
        let all = markers(text);
        let first_marker = all.first().map_or(len, |m| m.start);
        let stray = lines(text)
            .take_while(|&(start, _, _)| start < first_marker)
            .find(|(_, _, line)| !line.trim().is_empty() && !line.trim_start().starts_with("--"))
            .map(|(start, end, line)| (start, end.min(start + line.trim_end().len())));
        let mut up: Option<Marker> = None;
        let mut down: Option<Marker> = None;
        let mut repeated = Vec::new();
        for m in all {
            let slot = if m.kind == MarkerKind::Up {
                &mut up
            } else {
                &mut down
            };
            if slot.is_some() {
                repeated.push(m);
            } else {
                *slot = Some(m);
            }
        }
        let path = self.path(file).to_string();
        if let Some((start, end)) = stray {
            self.diagnostics.push(
                Diagnostic::error(
                    "statement-outside-section",
                    format!("`{path}` has a statement before its first `-- migrate:` line"),
                )
                .at(Span::new(file, start, end))
                .label("not in the up or down section")
                .help(
                    "dbmate refuses statements outside the sections: move it below `-- migrate:up`",
                ),
            );
        }
        for m in repeated {
            let which = if m.kind == MarkerKind::Up {
                "up"
            } else {
                "down"
            };
            self.diagnostics.push(
                Diagnostic::error("duplicate-section", format!("`{path}` has a second `-- migrate:{which}` line"))
                    .at(Span::new(file, m.start, m.end.saturating_sub(1).max(m.start)))
                    .label("ignored; the first one counts")
                    .help(
                        "keep one up and one down section per file; split the migration into two files if it needs two",
                    ),
            );
        }
        let Some(up) = up else {
            return (None, None, None);
        };
        let section = |from: &Marker, to: Option<&Marker>| {
            let end = to.filter(|t| t.start >= from.end).map_or(len, |t| t.start);
            Section {
                file,
                start: from.end,
                end,
            }
        };
        let up_section = section(&up, down.as_ref());
        let down_section = down.map(|d| section(&d, Some(&up)));
        let marker_span = Span::new(
            file,
            up.start,
            up.start + "-- migrate:up".len().min(up.end - up.start),
        );
        (Some(up_section), down_section, Some(marker_span))
    }

    fn duplicate(&mut self, name: &Name, first: FileId, second: FileId) {
        let (a, b) = (self.path(first).to_string(), self.path(second).to_string());
        let what = match name.role {
            Role::Repeatable => format!("repeatable migration `{}`", name.description),
            Role::Down => format!("undo/down script for version `{}`", name.id),
            _ => format!("version `{}`", name.id),
        };
        let mut help = match name.role {
            Role::Repeatable => {
                "give each repeatable migration its own description: rename one of the files"
            }
            Role::Down => "keep one down script per version: delete or merge one of the files",
            _ => "give each migration its own version: rename one of the files",
        }
        .to_string();
        if parent_of(&a) != parent_of(&b) {
            help = format!(
                "the files are in different folders (`{}` and `{}`): point Strata at one migration set at a time, or {help}",
                display_dir(parent_of(&a)),
                display_dir(parent_of(&b))
            );
        }
        self.diagnostics.push(
            Diagnostic::error(
                "duplicate-version",
                format!("{what} is defined twice: `{a}` and `{b}`; `{b}` is ignored"),
            )
            .at(Span::file_start(second))
            .help(help),
        );
    }

    fn down_without_up(&mut self, f: &Found) {
        let path = self.path(f.file).to_string();
        let expected = match self.layout {
            Layout::Flyway => format!("`V{}__<description>.sql`", f.name.id),
            Layout::GolangMigrate => format!("`{}_<description>.up.sql`", f.name.id),
            Layout::Diesel => "`up.sql` in the same folder".to_string(),
            _ => "an up script with the same version".to_string(),
        };
        self.diagnostics.push(
            Diagnostic::error(
                "down-without-up",
                format!(
                    "`{path}` reverts version `{}`, which has no up script",
                    f.name.id
                ),
            )
            .at(Span::file_start(f.file))
            .help(format!(
                "add {expected}, or delete the down script if the migration is gone"
            )),
        );
    }
}

fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn display_dir(dir: &str) -> &str {
    if dir.is_empty() {
        "."
    } else {
        dir
    }
}

/// "an alembic set", "a flyway set".
fn article(layout: Layout) -> &'static str {
    if layout == Layout::Alembic {
        "an"
    } else {
        "a"
    }
}
