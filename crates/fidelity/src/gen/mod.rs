//! Random, valid migration histories.
//!
//! The generator keeps its own model of the schema ([`model`]) and only emits a statement that
//! is valid for the current state of that model, then applies it to the model. Every statement
//! comes with its inverse (the `down` script) when the history has down scripts. Same seed, same
//! features, same history: the PRNG is a fixed SplitMix64 ([`Rng`]).
//!
//! What may be generated is a [`Features`] set of [`Construct`]s, so a test can leave out the
//! constructs whose known findings are not fixed yet.

pub mod alembic;
mod change;
pub mod model;
mod objects;
pub mod sql;

use std::collections::BTreeSet;
use strata_core::Dialect;

/// SplitMix64: tiny, fast, and fixed forever (the seeds of the CI test depend on it).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

/// One kind of construct the generator can emit. Every variant is on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Construct {
    // Column types.
    Varchar,
    Numeric,
    Text,
    Boolean,
    Timestamps,
    Json,
    Enums,
    Arrays,
    // Column options.
    NotNull,
    Defaults,
    /// `'x'::text`, `'1.50'::numeric` and the like in defaults.
    DefaultCasts,
    /// Defaults on decimal columns written with a scale (`1.50`).
    DecimalScale,
    Identity,
    Generated,
    Collations,
    Comments,
    /// MySQL `ON UPDATE CURRENT_TIMESTAMP`.
    OnUpdate,
    // Constraints.
    PrimaryKey,
    Unique,
    Check,
    ForeignKey,
    /// Column-level `REFERENCES t (c)` (MySQL ignores it: a known finding area).
    InlineReferences,
    Deferrable,
    UnnamedConstraints,
    /// A second UNIQUE constraint on columns that already have one.
    DuplicateKeys,
    /// Keys and foreign keys on the same column (MariaDB's foreign-key index is then absorbed
    /// by, or stands in for, the other key). Off: foreign keys only on `*_id` columns, and no
    /// unique key on those.
    FkCoveringKeys,
    // Indexes.
    Indexes,
    PartialIndexes,
    ExpressionIndexes,
    IndexMethods,
    OperatorClasses,
    DescIndexes,
    IncludeIndexes,
    // Other objects.
    Views,
    Sequences,
    // Changes.
    AddColumn,
    DropColumn,
    RenameTable,
    RenameColumn,
    RenameConstraint,
    RenameIndex,
    TypeChange,
    /// `USING` on PostgreSQL type changes.
    TypeChangeUsing,
    AlterDefault,
    AlterNullability,
    DropTable,
    DropCascade,
    DropIndex,
    DropConstraint,
    EnumAddValue,
    /// SQLite's 12-step table rebuild.
    Rebuild,
    /// Histories in golang-migrate up/down pairs (else numbered, forward-only files).
    DownScripts,
    // Alembic.
    AlembicVariant,
    AlembicBatch,
    AlembicUseAlter,
}

impl Construct {
    pub const ALL: &'static [Construct] = &[
        Construct::Varchar,
        Construct::Numeric,
        Construct::Text,
        Construct::Boolean,
        Construct::Timestamps,
        Construct::Json,
        Construct::Enums,
        Construct::Arrays,
        Construct::NotNull,
        Construct::Defaults,
        Construct::DefaultCasts,
        Construct::DecimalScale,
        Construct::Identity,
        Construct::Generated,
        Construct::Collations,
        Construct::Comments,
        Construct::OnUpdate,
        Construct::PrimaryKey,
        Construct::Unique,
        Construct::Check,
        Construct::ForeignKey,
        Construct::InlineReferences,
        Construct::Deferrable,
        Construct::UnnamedConstraints,
        Construct::DuplicateKeys,
        Construct::FkCoveringKeys,
        Construct::Indexes,
        Construct::PartialIndexes,
        Construct::ExpressionIndexes,
        Construct::IndexMethods,
        Construct::OperatorClasses,
        Construct::DescIndexes,
        Construct::IncludeIndexes,
        Construct::Views,
        Construct::Sequences,
        Construct::AddColumn,
        Construct::DropColumn,
        Construct::RenameTable,
        Construct::RenameColumn,
        Construct::RenameConstraint,
        Construct::RenameIndex,
        Construct::TypeChange,
        Construct::TypeChangeUsing,
        Construct::AlterDefault,
        Construct::AlterNullability,
        Construct::DropTable,
        Construct::DropCascade,
        Construct::DropIndex,
        Construct::DropConstraint,
        Construct::EnumAddValue,
        Construct::Rebuild,
        Construct::DownScripts,
        Construct::AlembicVariant,
        Construct::AlembicBatch,
        Construct::AlembicUseAlter,
    ];

    /// The kebab-case name used on the command line (`--without rename-table`).
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut out = String::new();
        for (i, ch) in debug.chars().enumerate() {
            if ch.is_ascii_uppercase() && i > 0 {
                out.push('-');
            }
            out.push(ch.to_ascii_lowercase());
        }
        out
    }

    pub fn parse(name: &str) -> Option<Construct> {
        Construct::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// The constructs a generator may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features(BTreeSet<Construct>);

impl Default for Features {
    fn default() -> Self {
        Features::all()
    }
}

impl Features {
    pub fn all() -> Features {
        Features(Construct::ALL.iter().copied().collect())
    }
    pub fn without(mut self, constructs: &[Construct]) -> Features {
        for c in constructs {
            self.0.remove(c);
        }
        self
    }
    pub fn has(&self, c: Construct) -> bool {
        self.0.contains(&c)
    }
}

/// How a history is written to files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `001_x.sql`, forward only.
    Numbered,
    /// `000001_x.up.sql` / `.down.sql`.
    GolangMigrate,
    /// `versions/*.py`.
    Alembic,
}

/// One statement with its inverse, as separate parts so the minimizer can drop items (columns,
/// constraints) of a `CREATE TABLE` without understanding SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Text before the items (`CREATE TABLE t (`), or the whole statement when `items` is empty.
    pub head: String,
    pub items: Vec<String>,
    /// Text after the items (`)`).
    pub tail: String,
    /// The statements that undo this one (in order), empty for forward-only histories.
    pub down: Vec<String>,
}

impl Statement {
    pub fn plain(up: impl Into<String>, down: Vec<String>) -> Statement {
        Statement {
            head: up.into(),
            items: Vec::new(),
            tail: String::new(),
            down,
        }
    }
    pub fn up(&self, sep: &str) -> String {
        if self.items.is_empty() && self.tail.is_empty() {
            self.head.clone()
        } else {
            format!("{}{}{}", self.head, self.items.join(sep), self.tail)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Short snake-case description for the file name.
    pub name: String,
    pub statements: Vec<Statement>,
}

/// A generated history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub dialect: Dialect,
    pub format: Format,
    pub revisions: Vec<Revision>,
}

impl History {
    pub fn statement_count(&self) -> usize {
        self.revisions.iter().map(|r| r.statements.len()).sum()
    }

    /// The files of the history, as `(relative path, text)`.
    pub fn files(&self) -> Vec<(String, String)> {
        match self.format {
            Format::Alembic => alembic::files(self),
            Format::Numbered => self
                .revisions
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("{:03}_{}.sql", i + 1, r.name), up_text(r)))
                .collect(),
            Format::GolangMigrate => {
                let mut out = Vec::new();
                for (i, r) in self.revisions.iter().enumerate() {
                    let stem = format!("{:06}_{}", i + 1, r.name);
                    out.push((format!("{stem}.up.sql"), up_text(r)));
                    out.push((format!("{stem}.down.sql"), down_text(r)));
                }
                out
            }
        }
    }

    pub fn input_files(&self) -> Vec<strata_core::InputFile> {
        self.files()
            .into_iter()
            .map(|(p, t)| strata_core::InputFile::new(p, t))
            .collect()
    }
}

fn up_text(r: &Revision) -> String {
    let mut s = String::new();
    for st in &r.statements {
        s.push_str(&st.up(",\n  "));
        s.push_str(";\n");
    }
    s
}

fn down_text(r: &Revision) -> String {
    let mut s = String::new();
    for st in r.statements.iter().rev() {
        for d in &st.down {
            s.push_str(d);
            s.push_str(";\n");
        }
    }
    s
}

/// Generates one history for `dialect` (`alembic` picks the Alembic generator).
pub fn generate(seed: u64, dialect: Dialect, alembic: bool, features: &Features) -> History {
    if alembic {
        alembic::generate(seed, dialect, features)
    } else {
        sql::generate(seed, dialect, features)
    }
}
