//! The whole pipeline over one migration set: discover, parse, graph, replay.
//!
//! The CLI and the web app both go through [`load`] and the methods of [`Project`]; neither
//! reimplements a stage.

use crate::alembic;
use crate::diagnostic::FileId;
use crate::diagnostic::{Diagnostic, Spanned};
use crate::dialect::{Dialect, Flavor};
use crate::diff::Renames;
use crate::graph::{build_graph, RevisionGraph};
use crate::op::Op;
use crate::parse::parse_sql;
use crate::schema::Schema;
use crate::simulate;
use crate::source::{
    discover_parsed, InputFile, Layout, MigrationSet, MigrationSource, NamePattern, Section,
};
use std::collections::HashMap;

/// What the caller decides; everything left `None` is inferred.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub dialect: Option<Dialect>,
    /// The server of the MySQL family; `None` is MariaDB (see [`Flavor`]).
    pub flavor: Option<Flavor>,
    pub layout: Option<Layout>,
    /// The folder the set was read from, as the user knows it: its name often says the dialect
    /// (`migrations/sqlite`), which the relative file paths do not.
    pub folder: Option<String>,
    /// `strata.toml` `pattern`: a regular expression reading versions, names and directions
    /// from file names no built-in layout knows ([`crate::source::NamePattern`]).
    pub pattern: Option<String>,
    /// `strata.toml` `[types]`: project-specific Python column types (Alembic) to SQL types.
    pub types: std::collections::BTreeMap<String, String>,
}

/// A migration with its scripts parsed.
#[derive(Debug, Clone, Default)]
pub struct Migration {
    pub up: Vec<Spanned<Op>>,
    pub down: Option<Vec<Spanned<Op>>>,
    /// Code that may change the schema could not be evaluated (Alembic): the simulation of this
    /// migration is partial, and its diagnostics say where.
    pub partial: bool,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub set: MigrationSet,
    pub dialect: Dialect,
    /// The server of the MySQL family the set is simulated for (MariaDB unless configured).
    pub flavor: Flavor,
    /// Parallel to `set.migrations`.
    pub migrations: Vec<Migration>,
    pub graph: RevisionGraph,
    /// Discovery, parse and graph diagnostics (replay diagnostics come from [`Project::replay`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The project's own Python modules given beside Alembic revisions (not in `set.files`,
    /// which keeps only migrations' text), for the column types they define.
    pub modules: std::sync::Arc<alembic::ProjectModules>,
}

/// A revision as the user names it, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revision {
    /// Before any migration.
    Base,
    /// Index into `set.migrations`.
    At(usize),
}

/// Runs independent per-file work for [`load_with`]: parsing and lowering each Alembic revision,
/// parsing each SQL script. The core starts no threads (it runs in the browser too): the CLI
/// maps over threads of its own, [`load`] and the web app use [`Sequential`].
pub trait Parallel {
    /// `f` applied to every item; the results in the order of `items`.
    fn map<T: Sync, R: Send>(&self, items: &[T], f: &(dyn Fn(&T) -> R + Sync)) -> Vec<R>;
}

/// [`Parallel`] as a plain loop.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sequential;

impl Parallel for Sequential {
    fn map<T: Sync, R: Send>(&self, items: &[T], f: &(dyn Fn(&T) -> R + Sync)) -> Vec<R> {
        items.iter().map(f).collect()
    }
}

pub fn load(files: Vec<InputFile>, config: &Config) -> Project {
    load_with(files, config, &Sequential)
}

/// [`load`], with the per-file work mapped by `par`: the same project whatever `par` does, since
/// each file is parsed and lowered on its own and the results are gathered in order.
pub fn load_with(files: Vec<InputFile>, config: &Config, par: &impl Parallel) -> Project {
    // The project's own Python modules beside Alembic revisions, for the column types they
    // define (discovery keeps no text of files that are not migrations).
    let python = std::sync::Arc::new(alembic::ProjectModules::from_files(&files));
    let mut diagnostics = Vec::new();
    let pattern = config
        .pattern
        .as_deref()
        .and_then(|p| match NamePattern::new(p) {
            Ok(p) => Some(p),
            Err(e) => {
                diagnostics.push(Diagnostic::error("bad-config", format!("strata.toml: {e}")).help(
                    "fix the `pattern`, or remove it to let Strata detect the layout; meanwhile the layout is detected",
                ));
                None
            }
        });
    let (set, found, modules) = discover_parsed(files, config.layout, pattern.as_ref(), par);
    diagnostics.extend(found);
    let dialect = config
        .dialect
        .unwrap_or_else(|| infer_dialect(&set, config.folder.as_deref()));
    let alembic_config = alembic::AlembicConfig {
        dialect,
        types: config.types.clone(),
        modules: python.clone(),
    };
    let parsed = par.map(&set.migrations, &|m| {
        parse_migration(&set, m, &modules, &alembic_config)
    });
    let mut migrations = Vec::with_capacity(parsed.len());
    for (migration, diags) in parsed {
        diagnostics.extend(diags);
        migrations.push(migration);
    }
    let (graph, graph_diags) = build_graph(&set);
    diagnostics.extend(graph_diags);
    // A module a column type was read from was read after all.
    let used = python.used();
    diagnostics.retain(|d| {
        let path = d.span.and_then(|s| set.files.get(s.file as usize));
        !(d.code == "ignored-file" && path.is_some_and(|f| used.iter().any(|(p, _)| *p == f.path)))
    });
    Project {
        set,
        dialect,
        flavor: config.flavor.unwrap_or_default(),
        migrations,
        graph,
        diagnostics,
        modules: python,
    }
}

/// One migration's scripts parsed (SQL) or lowered (Alembic), with what that found.
fn parse_migration(
    set: &MigrationSet,
    m: &MigrationSource,
    modules: &HashMap<FileId, alembic::Module>,
    alembic_config: &alembic::AlembicConfig,
) -> (Migration, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if set.layout == Layout::Alembic {
        // One Python file holds both directions: `upgrade()` and `downgrade()`.
        let Some(s) = m.up else {
            return (Migration::default(), diagnostics);
        };
        let text = set.section_text(s);
        let functions = ["upgrade", "downgrade"];
        // Discovery parsed the file to read its header: lower that same AST.
        let lowered = match modules.get(&s.file) {
            Some(module) => alembic::lower_module(module, text, s.file, &functions, alembic_config),
            None => alembic::lower_functions(text, s.file, &functions, alembic_config),
        };
        let mut both = lowered.into_iter();
        let (up, down) = (
            both.next().unwrap_or_default(),
            both.next().unwrap_or_default(),
        );
        diagnostics.extend(up.diagnostics);
        diagnostics.extend(down.diagnostics);
        return (
            Migration {
                up: up.ops,
                down: Some(down.ops),
                partial: up.partial,
            },
            diagnostics,
        );
    }
    let mut parse = |s: Option<Section>| {
        s.map(|s| {
            let (ops, diags) =
                parse_sql(set.section_text(s), s.file, s.start, alembic_config.dialect);
            diagnostics.extend(diags);
            ops
        })
    };
    let up = parse(m.up).unwrap_or_default();
    let down = parse(m.down);
    (
        Migration {
            up,
            down,
            partial: false,
        },
        diagnostics,
    )
}

/// The dialect a set is written for, guessed from its paths and text; PostgreSQL when unsure.
/// A folder named after a dialect (`migrations/postgresql`, `db/sqlite`) decides it.
pub fn infer_dialect(set: &MigrationSet, folder: Option<&str>) -> Dialect {
    if let Some(d) = folder.and_then(dialect_of_folder) {
        return d;
    }
    let mut score = [0usize; 3];
    for f in &set.files {
        let path = f.path.to_ascii_lowercase();
        for (i, words) in [
            ["postgres", "pg_"],
            ["mysql", "mariadb"],
            ["sqlite", "sqlite"],
        ]
        .iter()
        .enumerate()
        {
            if words.iter().any(|w| path.contains(w)) {
                score[i] += 100;
            }
        }
        let text = f.text.to_ascii_lowercase();
        let count = |needles: &[&str]| {
            needles
                .iter()
                .map(|n| text.matches(n).count())
                .sum::<usize>()
        };
        score[0] += count(&[
            "serial",
            "$$",
            "jsonb",
            "timestamptz",
            "::",
            "create extension",
            "plpgsql",
        ]);
        score[1] += count(&[
            "auto_increment",
            "engine=",
            "engine =",
            "`",
            "unsigned",
            "charset",
        ]);
        score[2] += count(&["autoincrement", "pragma ", "without rowid", "strict;"]);
    }
    let best = (0..3)
        .max_by_key(|&i| (score[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if score[best] == 0 {
        Dialect::Postgres
    } else {
        Dialect::ALL[best]
    }
}

/// The dialect the last two components of a folder path name, if any.
fn dialect_of_folder(folder: &str) -> Option<Dialect> {
    folder
        .rsplit(['/', '\\'])
        .filter(|c| !c.is_empty())
        .take(2)
        .find_map(|c| match c.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" | "psql" => Some(Dialect::Postgres),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
            _ => None,
        })
}

/// A schema after replaying some revisions, with what the simulator found on the way.
#[derive(Debug, Clone)]
pub struct Replay {
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// Resolves `base`, `head`, `head~N`, a full id or a unique prefix of one, and Alembic's
    /// branch names: a branch label alone is the revision that declares it; `label@head` (or
    /// `@heads` when it is one) the head of that line, `label@base` the base, `label@<id>` a
    /// revision that must be on that line. As in Alembic, the part before `@` may also be a
    /// revision id, and the line of a revision is its ancestors and descendants.
    pub fn resolve(&self, name: &str) -> Result<Revision, Diagnostic> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("base") {
            return Ok(Revision::Base);
        }
        let (stem, back) = match name.split_once('~') {
            Some((stem, n)) => match n.parse::<usize>() {
                Ok(n) => (stem, n),
                Err(_) => {
                    return Err(Diagnostic::error(
                        "unknown-revision",
                        format!("`{name}`: `~` takes a number (`head~2`)"),
                    ))
                }
            },
            None => (name, 0),
        };
        let start = if let Some((branch, target)) = stem.split_once('@') {
            match self.on_branch(branch, target)? {
                Revision::At(i) => i,
                Revision::Base => {
                    return if back == 0 {
                        Ok(Revision::Base)
                    } else {
                        Err(self.too_far(name))
                    }
                }
            }
        } else if stem.eq_ignore_ascii_case("head") || stem.eq_ignore_ascii_case("heads") {
            match self.graph.heads.as_slice() {
                [] => {
                    return if back == 0 {
                        Ok(Revision::Base)
                    } else {
                        Err(self.too_far(name))
                    }
                }
                [one] => *one,
                many => {
                    let ids: Vec<&str> = many
                        .iter()
                        .map(|&i| self.set.migrations[i].id.as_str())
                        .collect();
                    return Err(Diagnostic::error(
                        "multiple-heads",
                        format!(
                            "`{stem}` is ambiguous: the set has heads {}",
                            ids.join(", ")
                        ),
                    )
                    .help("name one of them, or merge the branches"));
                }
            }
        } else {
            self.find(stem)?
        };
        let mut at = Revision::At(start);
        for _ in 0..back {
            at = match at {
                Revision::At(i) => match self.graph.parents.get(i).and_then(|p| p.first()) {
                    Some(&p) => Revision::At(p),
                    None => Revision::Base,
                },
                Revision::Base => return Err(self.too_far(name)),
            };
        }
        Ok(at)
    }

    /// `branch@target`: `branch` is a label or a revision, `target` is `head`, `heads`, `base`
    /// or a revision on the line of `branch`.
    fn on_branch(&self, branch: &str, target: &str) -> Result<Revision, Diagnostic> {
        let named = format!("{branch}@{target}");
        let root = self.find(branch).map_err(|d| {
            Diagnostic::error(
                "unknown-revision",
                format!("`{named}`: no branch label or revision `{branch}` in this set"),
            )
            .help(d.help.unwrap_or_else(|| {
                "`strata history DIR` lists the revisions and their branch labels".into()
            }))
        })?;
        let line = self.line_of(root);
        let target = target.trim();
        if target.eq_ignore_ascii_case("base") || target.is_empty() {
            return Ok(Revision::Base);
        }
        if target.eq_ignore_ascii_case("head") || target.eq_ignore_ascii_case("heads") {
            let heads: Vec<usize> = self
                .graph
                .heads
                .iter()
                .copied()
                .filter(|&h| line.get(h).copied().unwrap_or(false))
                .collect();
            return match heads[..] {
                [one] => Ok(Revision::At(one)),
                [] => Ok(Revision::Base),
                _ => {
                    let ids: Vec<&str> = heads
                        .iter()
                        .map(|&i| self.set.migrations[i].id.as_str())
                        .collect();
                    Err(Diagnostic::error("multiple-heads", format!("`{named}` is ambiguous: the line of `{branch}` has heads {}", ids.join(", ")))
                        .help("name one of them, or give one of the branches its own label (`branch_labels`)"))
                }
            };
        }
        if target.starts_with(['+', '-']) || target.contains(['+', '-']) {
            return Err(Diagnostic::error(
                "unknown-revision",
                format!("`{named}`: Strata does not take Alembic's relative steps"),
            )
            .help(format!(
                "count back from a head with `~`: `{branch}@head~2`"
            )));
        }
        let ms = &self.set.migrations;
        let at = match ms.iter().position(|m| m.id == target) {
            Some(i) => i,
            // A prefix only counts revisions on the line, as in Alembic.
            None => {
                let hits: Vec<usize> = (0..ms.len())
                    .filter(|&i| {
                        line.get(i).copied().unwrap_or(false) && ms[i].id.starts_with(target)
                    })
                    .collect();
                match hits[..] {
                    [one] => one,
                    [] => {
                        return Err(Diagnostic::error(
                            "unknown-revision",
                            format!("`{named}`: no revision `{target}` on the line of `{branch}`"),
                        )
                        .help("`strata history DIR` lists the revisions"))
                    }
                    _ => {
                        let ids: Vec<&str> =
                            hits.iter().take(5).map(|&i| ms[i].id.as_str()).collect();
                        return Err(Diagnostic::error(
                            "ambiguous-revision",
                            format!(
                                "`{target}` is a prefix of several revisions: {}",
                                ids.join(", ")
                            ),
                        )
                        .help("type more of the id"));
                    }
                }
            }
        };
        if !line.get(at).copied().unwrap_or(false) {
            return Err(Diagnostic::error(
                "unknown-revision",
                format!(
                    "`{named}`: revision `{}` is not on the line of `{branch}`",
                    ms[at].id
                ),
            )
            .help(format!(
                "name the revision alone, or a revision that `{branch}` comes from or leads to"
            )));
        }
        Ok(Revision::At(at))
    }

    /// The revisions sharing a line with `i`: its ancestors and descendants through parents
    /// (not `depends_on`), as Alembic's branch lineage.
    fn line_of(&self, i: usize) -> Vec<bool> {
        let n = self.set.migrations.len();
        let mut line = vec![false; n];
        for edges in [&self.graph.parents, &self.graph.children] {
            let mut stack = vec![i];
            let mut seen = vec![false; n];
            while let Some(j) = stack.pop() {
                if j < n && !seen[j] {
                    seen[j] = true;
                    line[j] = true;
                    stack.extend(edges.get(j).into_iter().flatten().copied());
                }
            }
        }
        line
    }

    fn too_far(&self, name: &str) -> Diagnostic {
        Diagnostic::error(
            "unknown-revision",
            format!("`{name}` goes back past the first revision"),
        )
        .help("use `base` for the empty schema")
    }

    fn find(&self, name: &str) -> Result<usize, Diagnostic> {
        let ms = &self.set.migrations;
        if let Some(i) = ms.iter().position(|m| m.id == name) {
            return Ok(i);
        }
        // An Alembic branch label names the revision that declares it.
        if let Some(i) = ms
            .iter()
            .position(|m| m.branch_labels.iter().any(|l| l == name))
        {
            return Ok(i);
        }
        // Numbered ids match regardless of leading zeros (`7` finds `007`).
        if let Ok(n) = name.parse::<u64>() {
            let hits: Vec<usize> = (0..ms.len())
                .filter(|&i| ms[i].order.first() == Some(&n) && ms[i].order.len() == 1)
                .collect();
            if let [one] = hits[..] {
                return Ok(one);
            }
        }
        let hits: Vec<usize> = (0..ms.len())
            .filter(|&i| ms[i].id.starts_with(name))
            .collect();
        match hits[..] {
            [one] => Ok(one),
            [] => Err(Diagnostic::error(
                "unknown-revision",
                format!("no revision `{name}` in this set"),
            )
            .help("`strata history DIR` lists the revisions; `base` and `head` work too")),
            _ => {
                let ids: Vec<&str> = hits.iter().take(5).map(|&i| ms[i].id.as_str()).collect();
                Err(Diagnostic::error(
                    "ambiguous-revision",
                    format!(
                        "`{name}` is a prefix of several revisions: {}",
                        ids.join(", ")
                    ),
                )
                .help("type more of the id"))
            }
        }
    }

    /// By index, whether a migration is `target` or one it needs applied first: its parents and
    /// `depends_on` (Alembic applies those and their ancestors before it), recursively.
    pub fn needs(&self, target: usize) -> Vec<bool> {
        let n = self.set.migrations.len();
        let mut wanted = vec![false; n];
        let mut stack = vec![target];
        while let Some(i) = stack.pop() {
            if i < n && !wanted[i] {
                wanted[i] = true;
                stack.extend(self.graph.parents[i].iter().copied());
                stack.extend(self.graph.depends_on.get(i).into_iter().flatten().copied());
            }
        }
        wanted
    }

    /// The migrations that make up `rev`: it and all its ancestors, in apply order.
    pub fn path_to(&self, rev: Revision) -> Vec<usize> {
        let Revision::At(target) = rev else {
            return Vec::new();
        };
        let wanted = self.needs(target);
        self.graph
            .order
            .iter()
            .copied()
            .filter(|&i| wanted[i])
            .collect()
    }

    /// The renames that the migrations perform between revisions `a` and `b`, whose schemas are
    /// `from` and `to`, for [`crate::diff::diff_with`]: forward when `a` comes before `b`,
    /// backward (the downgrade direction) when after, through their common ancestry when they
    /// are on different branches. Followed through the migrations' own ops, never guessed.
    pub fn renames(&self, a: Revision, b: Revision, from: &Schema, to: &Schema) -> Renames {
        let n = self.set.migrations.len();
        let need = |r: Revision| match r {
            Revision::At(i) => self.needs(i),
            Revision::Base => vec![false; n],
        };
        let (na, nb) = (need(a), need(b));
        let only = |this: &[bool], other: &[bool]| -> Vec<&Op> {
            self.graph
                .order
                .iter()
                .filter(|&&i| this.get(i) == Some(&true) && other.get(i) != Some(&true))
                .filter_map(|&i| self.migrations.get(i))
                .flat_map(|m| m.up.iter().map(|op| &op.value))
                .collect()
        };
        Renames::between(self.dialect, only(&na, &nb), only(&nb, &na), from, to)
    }

    /// Replays the migrations up to and including `rev`.
    pub fn replay(&self, rev: Revision) -> Replay {
        self.replay_path(&self.path_to(rev))
    }

    /// Replays every migration in apply order (all branches): what `check` reports.
    pub fn replay_all(&self) -> Replay {
        self.replay_path(&self.graph.order)
    }

    /// The schema before any migration: empty, of the set's dialect and flavour.
    pub fn empty_schema(&self) -> Schema {
        Schema::with_flavor(self.dialect, self.flavor)
    }

    pub fn replay_path(&self, path: &[usize]) -> Replay {
        let mut schema = self.empty_schema();
        let mut diagnostics = Vec::new();
        for &i in path {
            for op in &self.migrations[i].up {
                simulate::apply(&mut schema, op, &mut diagnostics);
            }
        }
        simulate::focus(&mut diagnostics, self.dialect, |f| {
            self.set.file(f).map(|f| f.text.as_str())
        });
        Replay {
            schema,
            diagnostics,
        }
    }

    /// The head, or `None` for an empty set. With several heads, the last in apply order.
    pub fn head(&self) -> Revision {
        match self.graph.order.last() {
            Some(&i) if self.graph.heads.len() <= 1 => Revision::At(i),
            Some(_) => Revision::At(
                *self
                    .graph
                    .heads
                    .iter()
                    .max_by_key(|&&h| self.graph.order.iter().position(|&o| o == h))
                    .unwrap_or(&0),
            ),
            None => Revision::Base,
        }
    }
}
