//! Share links: a view of a migration set packed into a URL fragment.
//!
//! A link's fragment is `s1.` followed by base64url (no padding) of the raw-deflate compression
//! of a JSON [`Payload`]. The `1` is [`FORMAT_VERSION`]: a later format gets a new prefix, and a
//! reader that does not know it says so ([`ShareError::Version`]) instead of guessing. The
//! fragment never reaches a server, so a link carries the set to any static host of the app.
//! Encoding is deterministic: the same payload always gives the same link.
//!
//! Decoding reads untrusted text, so it is bounded before any work: the fragment is refused above
//! [`MAX_LINK_BYTES`], inflating stops at [`MAX_PAYLOAD_BYTES`] (a small link cannot expand into
//! gigabytes), and JSON nesting is bounded by serde_json's recursion limit. Nothing here panics.
//!
//! # The two forms
//! [`Payload::Files`] holds every file of the set. [`Payload::Range`] holds only what a review
//! needs: the migrations between two revisions A and B, plus the schema they start from rendered
//! as SQL in the set's dialect ([`crate::render::render_schema`]). [`open`] turns either into the
//! files and [`Config`] that [`crate::load`] takes.
//!
//! For the range form, the migrations A and B share (the ancestors of both, `C`) become the base;
//! the range is every other migration that A or B needs, so both ends of the view are in the
//! opened set. When A is an ancestor of B (the usual review), `C` is A and its ancestors, the base
//! is the schema at A and the range is A's descendants up to B. The base becomes one migration
//! whose id is the id of `C`'s newest revision (`base_id`), so `view.from` still resolves:
//!
//! - SQL layouts: a file named as the layout wants with version `base_id`
//!   (`022_base_schema.sql`, `V1.2__base_schema.sql`, `000012_base_schema.up.sql`,
//!   `<id>_base_schema/up.sql`, dbmate with a `-- migrate:up` line) beside the range's files;
//!   it sorts before them since its version is older.
//! - Alembic: a `.sql` file cannot join a `versions/` folder, so the base is a generated Python
//!   revision `versions/<id>_base_schema.py` with `revision = "<base_id>"`, `down_revision =
//!   None` and `op.execute("""<base SQL>""")` as its `upgrade()`. Range revisions whose
//!   `down_revision` or `depends_on` names a revision of `C` other than `base_id` (a branch that
//!   forked before A) get a generated empty revision of that id whose parent is the base, so the
//!   set loads with no `missing-revision` error. Those stubs are no-ops: the base holds their
//!   schema already.
//!
//! The replay of the opened set at B equals the full set's at B (tested on every example, for
//! every pair of Alembic revisions), except for what the base SQL cannot carry as written:
//! - constraint order: `render_schema` adds foreign keys once every table exists (tables may
//!   reference each other), so in the base they follow a table's other constraints. Same
//!   constraints, same database; `diff::summarize` sees no change.
//! - MySQL table options, free text kept as written, come back in the spelling the renderer
//!   folds them to (`DEFAULT CHARSET=utf8` then `CONVERT TO CHARACTER SET utf8mb4` reads back
//!   as `DEFAULT CHARSET=utf8mb4`).
//! - the opened set replays the base, then the range in its own apply order. A range migration
//!   the original applied *before* a migration of `C` (branches interleaved by date) that
//!   touches the same table could order that table's columns differently; the examples have
//!   interleaved branches that commute, and no such case.
//!
//! `strata.toml` `[types]` and a forced layout are not carried by either form; the range form
//! records the set's dialect, the files form relies on the folder name and the files' content as
//! the CLI does (see [`files_payload`]).

use crate::dialect::Dialect;
use crate::project::{infer_dialect, Config, Project, Revision};
use crate::source::{discover, InputFile, Layout};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

pub const FORMAT_VERSION: u8 = 1;
/// Fragment text accepted for decoding: checked before any decoding work.
pub const MAX_LINK_BYTES: usize = 4 << 20;
/// Decompressed JSON accepted: inflating stops there.
pub const MAX_PAYLOAD_BYTES: usize = 32 << 20;
/// Above this many characters the app offers the range-only form. Browsers take far longer
/// URLs, but a link also has to survive being pasted into review comments, chat messages and
/// trackers, and passing through redirectors and link checkers; around 8 KiB is where those
/// start to cut or refuse links (a common HTTP request-line limit of proxies and servers is
/// 8 KiB, and message limits of chat tools are of that order).
pub const REVIEW_TOOL_LIMIT: usize = 8_000;

/// Deflate level: 9 is zlib's best; the highest levels of miniz_oxide gain little on SQL text.
const LEVEL: u8 = 9;
/// The `base_id` of a range whose ends share no revision: no base migration is generated.
const NO_BASE: &str = "base";
/// Description part of generated base and stub file names.
const BASE_NAME: &str = "base_schema";

/// What the app shows: the selected range A..B, the SQL dialect, the selected table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct View {
    pub from: Option<String>,
    pub to: Option<String>,
    pub dialect: Option<Dialect>,
    pub table: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Payload {
    /// The whole set: every file of the set (path, text) and the folder name (dialect hint).
    Files {
        folder: Option<String>,
        files: Vec<(String, String)>,
        view: View,
    },
    /// Only the range under review: the base schema as SQL in `dialect`, then the files of the
    /// migrations in from..to. Opens as a set whose first migration is that base.
    Range {
        dialect: Dialect,
        base_id: String,
        base_sql: String,
        files: Vec<(String, String)>,
        view: View,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is longer than [`MAX_LINK_BYTES`].
    TooLong { len: usize, max: usize },
    /// The fragment does not start with `s<version>.`.
    BadPrefix,
    /// A character that is not base64url, at this byte offset of the encoded part.
    BadBase64 { at: usize },
    /// The bytes are not a deflate stream (truncated or altered link).
    Inflate,
    /// The payload inflates past [`MAX_PAYLOAD_BYTES`].
    TooLarge,
    /// The payload is not the JSON this version writes.
    BadJson(String),
    /// A format version this build does not read.
    Version(u8),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { len, max } => {
                write!(f, "the link is {len} characters long; links up to {max} characters are opened")
            }
            ShareError::BadPrefix => {
                f.write_str("this is not a Strata share link: its part after `#` should start with `s1.`")
            }
            ShareError::BadBase64 { at } => write!(
                f,
                "the link is damaged: character {} after the `s1.` prefix is not part of a share link (was it cut or edited?)",
                at + 1
            ),
            ShareError::Inflate => f.write_str("the link is damaged or incomplete: its data does not decompress (was it cut short?)"),
            ShareError::TooLarge => write!(
                f,
                "the link expands to more than {} MB, the most Strata opens from a link",
                MAX_PAYLOAD_BYTES >> 20
            ),
            ShareError::BadJson(e) => write!(f, "the link's content is not a migration set Strata can read: {e}"),
            ShareError::Version(v) => write!(
                f,
                "the link was made by a newer Strata (link format {v}; this version reads format {FORMAT_VERSION}): open it with a newer build"
            ),
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment text, without a leading `#`.
pub fn encode(p: &Payload) -> String {
    // Serializing these plain types cannot fail; an empty JSON would fail to decode, visibly.
    let json = serde_json::to_vec(p).unwrap_or_default();
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, LEVEL);
    let mut out = format!("s{FORMAT_VERSION}.");
    base64url_encode(&deflated, &mut out);
    out
}

/// Reads a fragment (with or without its `#`, or a whole URL holding one).
pub fn decode(fragment: &str) -> Result<Payload, ShareError> {
    if fragment.len() > MAX_LINK_BYTES {
        return Err(ShareError::TooLong {
            len: fragment.len(),
            max: MAX_LINK_BYTES,
        });
    }
    let fragment = fragment.trim();
    let fragment = fragment.split_once('#').map_or(fragment, |(_, f)| f);
    let (version, data) = split_prefix(fragment)?;
    if version != FORMAT_VERSION {
        return Err(ShareError::Version(version));
    }
    let deflated = base64url_decode(data)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_PAYLOAD_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Inflate,
        })?;
    serde_json::from_slice(&json).map_err(|e| ShareError::BadJson(e.to_string()))
}

/// `base_url` + `#` + the fragment; a fragment already in `base_url` is replaced.
pub fn link(base_url: &str, p: &Payload) -> String {
    let base = base_url.split_once('#').map_or(base_url, |(b, _)| b);
    format!("{base}#{}", encode(p))
}

/// The whole set: the files [`crate::load`] kept (`project.set.files`; read-mes, `alembic.ini`
/// and `env.py` are not among them, and Alembic revisions are found again by their
/// `revision =` lines). `folder` is left `None` unless the files' content alone would make
/// [`crate::load`] pick another dialect than `project.dialect`: then it holds the dialect's name
/// as the hint (`load` reads a folder named after a dialect as that dialect). A caller that knows
/// the folder's name may put it there when [`infer_dialect`] with it still gives the set's dialect.
pub fn files_payload(project: &Project, view: View) -> Payload {
    // The project modules the set's column types came from go along (Alembic); discovery kept
    // them without their text.
    let modules = project.modules.used();
    let mut files: Vec<(String, String)> = project
        .set
        .files
        .iter()
        .filter(|f| !modules.iter().any(|(path, _)| *path == f.path))
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    files.extend(modules);
    let folder = (infer_dialect(&project.set, None) != project.dialect)
        .then(|| project.dialect.name().to_string());
    Payload::Files {
        folder,
        files,
        view,
    }
}

/// The range between `from` and `to` over the schema they share (see the module doc).
pub fn range_payload(project: &Project, from: Revision, to: Revision, view: View) -> Payload {
    let n = project.set.migrations.len();
    let within = |rev: Revision| {
        let mut marks = vec![false; n];
        for i in project.path_to(rev) {
            marks[i] = true;
        }
        marks
    };
    let (in_from, in_to) = (within(from), within(to));
    let order = &project.graph.order;
    let shared: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| in_from[i] && in_to[i])
        .collect();
    let range: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| in_from[i] != in_to[i])
        .collect();

    // The newest revision of the shared part that no other shared revision builds on.
    let mut built_on = vec![false; n];
    for &i in &shared {
        let graph = &project.graph;
        for &p in graph.parents[i]
            .iter()
            .chain(graph.depends_on.get(i).into_iter().flatten())
        {
            if p < n {
                built_on[p] = true;
            }
        }
    }
    let (base_id, base_sql) = match shared.iter().rev().find(|&&i| !built_on[i]) {
        Some(&tip) => {
            let schema = project.replay_path(&shared).schema;
            (
                project.set.migrations[tip].id.clone(),
                crate::render::render_schema(&schema, project.dialect),
            )
        }
        None => (NO_BASE.to_string(), String::new()),
    };

    let file_ids: BTreeSet<usize> = range
        .iter()
        .flat_map(|&i| {
            let m = &project.set.migrations[i];
            [m.up, m.down]
                .into_iter()
                .flatten()
                .map(|s| s.file as usize)
        })
        .collect();
    // The project modules the set's column types came from go along (Alembic).
    let files = file_ids
        .into_iter()
        .filter_map(|id| project.set.files.get(id))
        .map(|f| (f.path.clone(), f.text.clone()))
        .chain(project.modules.used())
        .collect();
    Payload::Range {
        dialect: project.dialect,
        base_id,
        base_sql,
        files,
        view,
    }
}

/// The files and configuration to give [`crate::load`], and the view to show.
pub fn open(p: &Payload) -> (Vec<InputFile>, Config, View) {
    match p {
        Payload::Files {
            folder,
            files,
            view,
        } => {
            let config = Config {
                folder: folder.clone(),
                ..Config::default()
            };
            (inputs(files), config, view.clone())
        }
        Payload::Range {
            dialect,
            base_id,
            base_sql,
            files,
            view,
        } => {
            let mut out = inputs(files);
            let (found, _) = discover(out.clone(), None);
            let detected = (!found.migrations.is_empty()).then_some(found.layout);
            let mut layout = detected;
            if base_id.trim().is_empty() || base_id.eq_ignore_ascii_case(NO_BASE) {
                let config = Config {
                    dialect: Some(*dialect),
                    layout,
                    ..Config::default()
                };
                return (out, config, view.clone());
            }
            let first_file = found
                .migrations
                .first()
                .and_then(|m| m.up.or(m.down))
                .and_then(|s| found.file(s.file));
            let taken: BTreeSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
            let candidates = detected
                .into_iter()
                .chain(Layout::ALL.into_iter().filter(|l| Some(*l) != detected));
            let mut base = None;
            for l in candidates {
                let dir = folder_for(l, first_file.map(|f| f.path.as_str()));
                let file = base_file(l, &dir, base_id, base_sql, &taken);
                let (alone, _) = discover(vec![file.clone()], Some(l));
                let fits = alone.migrations.first().is_some_and(|m| m.id == *base_id);
                if fits || base.is_none() {
                    base = Some((l, dir, file));
                }
                if fits {
                    break;
                }
            }
            if let Some((l, dir, file)) = base {
                layout = Some(l);
                out.push(file);
                if l == Layout::Alembic {
                    out.extend(stubs(&found, base_id, &dir, &taken));
                }
            }
            let config = Config {
                dialect: Some(*dialect),
                layout,
                ..Config::default()
            };
            (out, config, view.clone())
        }
    }
}

fn inputs(files: &[(String, String)]) -> Vec<InputFile> {
    files
        .iter()
        .map(|(path, text)| InputFile::new(path.clone(), text.as_bytes()))
        .collect()
}

/// Where the generated base goes: beside the range's first migration (for diesel, beside its
/// folder); `versions/` for an Alembic range with no files.
fn folder_for(layout: Layout, first: Option<&str>) -> String {
    let parent = |p: &str| {
        p.rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"))
    };
    match (layout, first) {
        (Layout::Diesel, Some(p)) => parent(parent(p).trim_end_matches('/')),
        (_, Some(p)) => parent(p),
        (Layout::Alembic, None) => "versions/".to_string(),
        (_, None) => String::new(),
    }
}

/// A path in `dir` named after `id` that no file of the range uses.
fn free_path(dir: &str, stem: &str, ext: &str, taken: &BTreeSet<&str>) -> String {
    let mut path = format!("{dir}{stem}{ext}");
    let mut n = 2;
    while taken.contains(path.as_str()) {
        path = format!("{dir}{stem}_{n}{ext}");
        n += 1;
    }
    path
}

/// The base migration of a range in `layout`, with version or revision `id`.
fn base_file(layout: Layout, dir: &str, id: &str, sql: &str, taken: &BTreeSet<&str>) -> InputFile {
    let sql = if sql.is_empty() || sql.ends_with('\n') {
        sql.to_string()
    } else {
        format!("{sql}\n")
    };
    let header =
        format!("-- Schema at revision {id}: the base of a shared range, written by Strata.\n");
    let (path, text) = match layout {
        // A range's base is only written in a layout the range's files were detected in, never
        // `Pattern`; if it were, a numbered name is what a pattern most often reads.
        Layout::Numbered | Layout::Pattern => (
            free_path(dir, &format!("{id}_{BASE_NAME}"), ".sql", taken),
            format!("{header}{sql}"),
        ),
        Layout::Flyway => (
            free_path(dir, &format!("V{id}__{BASE_NAME}"), ".sql", taken),
            format!("{header}{sql}"),
        ),
        Layout::GolangMigrate => (
            free_path(dir, &format!("{id}_{BASE_NAME}"), ".up.sql", taken),
            format!("{header}{sql}"),
        ),
        Layout::Dbmate => (
            free_path(dir, &format!("{id}_{BASE_NAME}"), ".sql", taken),
            format!("{header}-- migrate:up\n{sql}"),
        ),
        Layout::Diesel => (
            format!("{dir}{id}_{BASE_NAME}/up.sql"),
            format!("{header}{sql}"),
        ),
        Layout::Alembic => (
            free_path(dir, &format!("{}_{BASE_NAME}", file_stem(id)), ".py", taken),
            python_revision(
                id,
                None,
                "Schema at this revision: the base of a shared range, written by Strata.",
                &sql,
            ),
        ),
    };
    InputFile::new(path, text)
}

/// Empty revisions for the ids range revisions build on that are neither in the range nor the
/// base: they stand for a branch of the shared part, whose schema the base holds already.
fn stubs(
    found: &crate::source::MigrationSet,
    base_id: &str,
    dir: &str,
    taken: &BTreeSet<&str>,
) -> Vec<InputFile> {
    let defined: BTreeSet<&str> = found.migrations.iter().map(|m| m.id.as_str()).collect();
    let wanted: BTreeSet<&str> = found
        .migrations
        .iter()
        .flat_map(|m| m.parents.iter().chain(&m.depends_on))
        .map(String::as_str)
        .filter(|id| *id != base_id && !defined.contains(id))
        .collect();
    wanted
        .into_iter()
        .map(|id| {
            let path = free_path(dir, &format!("{}_shared", file_stem(id)), ".py", taken);
            let doc = "Part of the schema the base holds already: an empty revision written by Strata for a shared range.";
            InputFile::new(path, python_revision(id, Some(base_id), doc, ""))
        })
        .collect()
}

/// An id as a file-name part: letters, digits, `-` and `_` kept, anything else `_`.
fn file_stem(id: &str) -> String {
    id.chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An Alembic revision whose `upgrade()` executes `sql` (nothing when empty).
fn python_revision(id: &str, parent: Option<&str>, doc: &str, sql: &str) -> String {
    let down = parent.map_or("None".to_string(), |p| format!("\"{}\"", py_escape(p)));
    let upgrade = if sql.trim().is_empty() {
        "    pass".to_string()
    } else {
        format!("    op.execute(\"\"\"\n{}\"\"\")", py_escape(sql))
    };
    format!(
        "\"\"\"{}\n\nRevision ID: {}\n\"\"\"\nfrom alembic import op\n\nrevision = \"{}\"\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n{upgrade}\n\n\ndef downgrade():\n    pass\n",
        py_escape(doc),
        py_escape(id),
        py_escape(id)
    )
}

/// Escapes text for a Python string literal (single or triple quoted): backslashes, quotes and
/// control characters other than newline and tab.
fn py_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// `s<digits>.` → the version and the rest. Versions past 255 read as 255: still unknown.
fn split_prefix(fragment: &str) -> Result<(u8, &str), ShareError> {
    let rest = fragment.strip_prefix('s').ok_or(ShareError::BadPrefix)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || rest.as_bytes().get(digits) != Some(&b'.') {
        return Err(ShareError::BadPrefix);
    }
    let version = rest[..digits].parse::<u8>().unwrap_or(u8::MAX);
    Ok((version, &rest[digits + 1..]))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
}

fn sextet(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Base64url without padding (up to two trailing `=` are tolerated); leftover bits are ignored.
fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let bytes = text.as_bytes();
    let trimmed = bytes.len()
        - bytes
            .iter()
            .rev()
            .take(2)
            .take_while(|&&b| b == b'=')
            .count();
    let data = &bytes[..trimmed];
    if let Some(at) = data.iter().position(|&c| sextet(c).is_none()) {
        return Err(ShareError::BadBase64 { at });
    }
    // One character left over holds six bits: not a whole byte, so the link was cut.
    if data.len() % 4 == 1 {
        return Err(ShareError::BadBase64 { at: data.len() });
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    for (c, chunk) in data.chunks(4).enumerate() {
        let mut n = 0u32;
        for (k, &ch) in chunk.iter().enumerate() {
            let v = sextet(ch).ok_or(ShareError::BadBase64 { at: c * 4 + k })?;
            n |= v << (18 - 6 * k);
        }
        let produced = chunk.len() * 6 / 8;
        for k in 0..produced {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    Ok(out)
}
