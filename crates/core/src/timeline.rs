//! The schema at every position of a set's apply order, for scrubbing through history.
//!
//! Position 0 is the base (before any migration); position `k` is the revision
//! `project.graph.order[k - 1]`, and [`Timeline::schema_at`] has the meaning of
//! `project.replay(Revision::At(..))`: that revision and its ancestors only.
//!
//! **Checkpoints, not clones.** [`Timeline::build`] replays the whole order once and keeps a copy
//! of the schema every [`CHECKPOINT_EVERY`] positions; `schema_at` clones the checkpoint at or
//! before the position and replays the few migrations after it. Keeping a clone per position
//! would cost memory quadratic in practice (every schema holds every earlier table).
//!
//! **Branches.** In apply order, a revision on one branch may follow revisions of another branch
//! that are not its ancestors (Alembic's `kb` and `ai` branches interleave), so the prefix of the
//! order is not always the revision's path. The build marks each position whose prefix *is* its
//! path (exactly when the prefix has one maximal element); elsewhere `schema_at` starts from the
//! nearest such position on the revision's path and replays the rest of the path from there.
//!
//! **Last changed.** While replaying, each op's tables are compared column by column before and
//! after it (only the tables the op names are copied; ops that may reach any table compare all).
//! A column is *changed* by a migration when after it the column has a name or a definition (type,
//! nullability, default, identity, generated expression, collation, comment) that it did not have
//! before. Renaming a table moves its history to the new name; dropping and re-creating a table
//! starts a new one.

use crate::diagnostic::{Diagnostic, Spanned};
use crate::dialect::Dialect;
use crate::normalize::type_name;
use crate::op::Op;
use crate::project::{Project, Revision};
use crate::schema::{Column, ConstraintKind, QualifiedName, Schema, Table};
use crate::simulate;
use crate::simulate::table_key;
use std::collections::{BTreeMap, BTreeSet};

/// Positions between two kept schemas. Measured with `cargo bench --bench diagram` (500 tables,
/// 1,000 migrations): cloning a schema costs about as much as replaying 50-100 migrations, so 64
/// keeps the worst `schema_at` within a few milliseconds natively while the build clones 16
/// schemas instead of 32 (at 32) or 1,000 (one per position).
pub const CHECKPOINT_EVERY: usize = 64;

#[derive(Debug, Clone)]
pub struct Timeline {
    /// `project.graph.order` at build time.
    order: Vec<usize>,
    /// Migration index → its position (1-based), for migrations in the order.
    position: Vec<Option<usize>>,
    /// `checkpoints[k]`: the schema after the first `k * CHECKPOINT_EVERY` migrations of the order.
    checkpoints: Vec<Schema>,
    /// Per position: the prefix of the order up to it is exactly that revision's path.
    whole: Vec<bool>,
    diagnostics: Vec<Diagnostic>,
    history: History,
    shapes: Shapes,
}

/// Where a position sits in the drawing of the revision graph, like a row of `git log --graph`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// The column the position's dot is drawn in (0 = leftmost).
    pub lane: usize,
    /// Positions of the parents (the base, position 0, for a root revision).
    pub parents: Vec<usize>,
    /// Parallel to `parents`: the lane each edge runs down from the parent's row to this one.
    /// It is the parent's lane (first child) or a lane kept free for this edge since the parent's
    /// row (another child); an edge ends by joining this position's lane.
    pub via: Vec<usize>,
}

/// How a table or column differs between two schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Same,
    Added,
    Dropped,
    Changed,
}

impl Status {
    /// The lowercase word the web app puts in `data-status`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Same => "same",
            Status::Added => "added",
            Status::Dropped => "dropped",
            Status::Changed => "changed",
        }
    }
}

/// Per table of either schema: its status and its columns' (dropped ones included). A table is
/// `Changed` when its columns (including their order), constraints, indexes or comment differ.
pub fn table_status(
    from: &Schema,
    to: &Schema,
) -> BTreeMap<QualifiedName, (Status, BTreeMap<String, Status>)> {
    let mut out = BTreeMap::new();
    let all = |t: &Table, s: Status| {
        t.columns
            .iter()
            .map(|c| (c.name.clone(), s))
            .collect::<BTreeMap<_, _>>()
    };
    for (name, a) in &from.tables {
        match to.tables.get(name) {
            None => {
                out.insert(name.clone(), (Status::Dropped, all(a, Status::Dropped)));
            }
            Some(b) => {
                let mut columns = BTreeMap::new();
                for c in &a.columns {
                    let s = match b.column(&c.name) {
                        None => Status::Dropped,
                        Some(d) if d == c => Status::Same,
                        Some(_) => Status::Changed,
                    };
                    columns.insert(c.name.clone(), s);
                }
                for c in &b.columns {
                    columns.entry(c.name.clone()).or_insert(Status::Added);
                }
                let same = a.columns == b.columns
                    && a.constraints == b.constraints
                    && a.indexes == b.indexes
                    && a.comment == b.comment;
                out.insert(
                    name.clone(),
                    (if same { Status::Same } else { Status::Changed }, columns),
                );
            }
        }
    }
    for (name, b) in &to.tables {
        if !from.tables.contains_key(name) {
            out.insert(name.clone(), (Status::Added, all(b, Status::Added)));
        }
    }
    out
}

impl Timeline {
    pub fn build(project: &Project) -> Timeline {
        let order = project.graph.order.clone();
        let n_migrations = project.set.migrations.len();
        let mut position = vec![None; n_migrations];
        for (k, &m) in order.iter().enumerate() {
            if let Some(p) = position.get_mut(m) {
                *p = Some(k + 1);
            }
        }
        let whole = whole_prefixes(project, &order, &position);
        let mut schema = project.empty_schema();
        let mut diagnostics = Vec::new();
        let mut tracker = Tracker {
            history: History::default(),
            shapes: Some(Shapes::default()),
        };
        let mut checkpoints = vec![schema.clone()];
        for (k, &m) in order.iter().enumerate() {
            tracker.apply(
                &mut schema,
                project
                    .migrations
                    .get(m)
                    .map(|m| m.up.as_slice())
                    .unwrap_or_default(),
                k + 1,
                &mut diagnostics,
            );
            if (k + 1) % CHECKPOINT_EVERY == 0 {
                checkpoints.push(schema.clone());
            }
        }
        simulate::focus(&mut diagnostics, project.dialect, |f| {
            project.set.file(f).map(|f| f.text.as_str())
        });
        let shapes = tracker.shapes.take().unwrap_or_default();
        Timeline {
            order,
            position,
            checkpoints,
            whole,
            diagnostics,
            history: tracker.history,
            shapes,
        }
    }

    /// Positions, the base included: migrations in the order + 1.
    pub fn len(&self) -> usize {
        self.order.len() + 1
    }

    /// Never empty: the base is always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The migration (index into `set.migrations`) applied at `pos`; `None` for the base.
    pub fn migration_at(&self, pos: usize) -> Option<usize> {
        pos.checked_sub(1).and_then(|k| self.order.get(k).copied())
    }

    /// A migration left out of the order (caught in a cycle, a duplicate id) has no position of
    /// its own and maps to the base.
    pub fn position_of(&self, rev: Revision) -> usize {
        match rev {
            Revision::Base => 0,
            Revision::At(m) => self.position.get(m).copied().flatten().unwrap_or(0),
        }
    }

    /// The replay diagnostics of the whole order (what `project.replay_all()` reports).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The schema at `pos` (clamped to the last position).
    pub fn schema_at(&self, project: &Project, pos: usize) -> Schema {
        let pos = pos.min(self.order.len());
        if self.is_whole(pos) {
            return self.prefix_schema(project, pos);
        }
        let wanted = self.path_mask(project, pos);
        let start = self.branch_start(pos, &wanted);
        let mut schema = self.prefix_schema(project, start);
        let mut sink = Vec::new();
        for &m in self.order.get(start..pos).unwrap_or_default() {
            if wanted.get(m).copied().unwrap_or(false) {
                for op in project
                    .migrations
                    .get(m)
                    .map(|m| m.up.as_slice())
                    .unwrap_or_default()
                {
                    simulate::apply(&mut schema, op, &mut sink);
                }
            }
        }
        schema
    }

    /// For each column of `table` at `pos`: the migration (index into `set.migrations`) that last
    /// added or changed it, in the sense of the module doc; `None` when no migration on the path
    /// did (a table whose columns came from a query). Empty when the table does not exist there.
    pub fn last_changed(
        &self,
        project: &Project,
        pos: usize,
        table: &QualifiedName,
    ) -> Vec<(String, Option<usize>)> {
        let pos = pos.min(self.order.len());
        let schema = self.schema_at(project, pos);
        let Some(t) = schema.tables.get(table) else {
            return Vec::new();
        };
        if self.is_whole(pos) {
            return changes_of(&self.history, t, table, pos, |p| self.migration_at(p));
        }
        // A branch position whose prefix is not its path (rare): that path's own replay, tracked.
        let path = project.path_to(Revision::At(self.migration_at(pos).unwrap_or(usize::MAX)));
        let mut scratch = project.empty_schema();
        let mut tracker = Tracker {
            history: History::default(),
            shapes: None,
        };
        let mut sink = Vec::new();
        for (step, &m) in path.iter().enumerate() {
            tracker.apply(
                &mut scratch,
                project
                    .migrations
                    .get(m)
                    .map(|m| m.up.as_slice())
                    .unwrap_or_default(),
                step + 1,
                &mut sink,
            );
        }
        // Steps of this replay are 1-based indices into `path`.
        changes_of(&tracker.history, t, table, path.len(), |step| {
            step.checked_sub(1).and_then(|s| path.get(s)).copied()
        })
    }

    /// One row per position: its lane and the lanes its parents' edges run in.
    pub fn lanes(&self, project: &Project) -> Vec<Lane> {
        let n = self.len();
        let parents_of = |pos: usize| -> Vec<usize> {
            let Some(m) = self.migration_at(pos) else {
                return Vec::new();
            };
            let mut ps: Vec<usize> = project
                .graph
                .parents
                .get(m)
                .map(|ps| {
                    ps.iter()
                        .filter_map(|&p| self.position.get(p).copied().flatten())
                        .collect()
                })
                .unwrap_or_default();
            if ps.is_empty() {
                ps.push(0);
            }
            ps
        };
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut parents = Vec::with_capacity(n);
        for pos in 0..n {
            let ps = parents_of(pos);
            for &p in &ps {
                if let Some(c) = children.get_mut(p) {
                    c.push(pos);
                }
            }
            parents.push(ps);
        }
        // `waiting[l]`: the (child, parent) edge lane `l` is kept for, from the parent's row on.
        let mut waiting: Vec<Option<(usize, usize)>> = Vec::new();
        let mut out = Vec::with_capacity(n);
        for (pos, ps) in parents.into_iter().enumerate() {
            let mine: Vec<usize> = (0..waiting.len())
                .filter(|&l| waiting[l].is_some_and(|(c, _)| c == pos))
                .collect();
            let lane = match mine.first() {
                Some(&l) => l,
                None => free_lane(&waiting),
            };
            let via = ps
                .iter()
                .map(|&p| {
                    mine.iter()
                        .copied()
                        .find(|&l| waiting[l] == Some((pos, p)))
                        .unwrap_or(lane)
                })
                .collect();
            for &l in &mine {
                waiting[l] = None;
            }
            let mut kids = children.get(pos).cloned().unwrap_or_default();
            kids.sort_unstable();
            kids.dedup();
            for (i, &c) in kids.iter().enumerate() {
                let l = if i == 0 { lane } else { free_lane(&waiting) };
                if l == waiting.len() {
                    waiting.push(None);
                }
                if let Some(w) = waiting.get_mut(l) {
                    *w = Some((c, pos));
                }
            }
            out.push(Lane {
                lane,
                parents: ps,
                via,
            });
        }
        out
    }

    /// The union of every table over the replay, each with its largest size, and every foreign
    /// key edge (referencing table, referenced table) seen: what one stable layout needs.
    pub(crate) fn shapes(&self) -> &Shapes {
        &self.shapes
    }

    /// Whether the prefix of the order up to `pos` is exactly the path of its revision.
    pub(crate) fn is_whole(&self, pos: usize) -> bool {
        self.whole.get(pos).copied().unwrap_or(true)
    }

    /// The schema after the first `pos` migrations of the order: the checkpoint, then replay.
    fn prefix_schema(&self, project: &Project, pos: usize) -> Schema {
        let k = (pos / CHECKPOINT_EVERY).min(self.checkpoints.len().saturating_sub(1));
        let mut schema = self
            .checkpoints
            .get(k)
            .cloned()
            .unwrap_or_else(|| project.empty_schema());
        let mut sink = Vec::new();
        for &m in self
            .order
            .get(k * CHECKPOINT_EVERY..pos)
            .unwrap_or_default()
        {
            for op in project
                .migrations
                .get(m)
                .map(|m| m.up.as_slice())
                .unwrap_or_default()
            {
                simulate::apply(&mut schema, op, &mut sink);
            }
        }
        schema
    }

    /// Which migrations are on the path of the revision at `pos`.
    fn path_mask(&self, project: &Project, pos: usize) -> Vec<bool> {
        let mut wanted = vec![false; project.set.migrations.len()];
        if let Some(m) = self.migration_at(pos) {
            for i in project.path_to(Revision::At(m)) {
                if let Some(w) = wanted.get_mut(i) {
                    *w = true;
                }
            }
        }
        wanted
    }

    /// The latest position before `pos` whose prefix is a path made only of `pos`'s ancestors:
    /// from there on, `pos`'s path is the rest of its ancestors in order.
    fn branch_start(&self, pos: usize, wanted: &[bool]) -> usize {
        (0..pos)
            .rev()
            .find(|&q| {
                q == 0
                    || (self.whole.get(q).copied().unwrap_or(false)
                        && self
                            .migration_at(q)
                            .is_some_and(|m| wanted.get(m).copied().unwrap_or(false)))
            })
            .unwrap_or(0)
    }
}

/// The leftmost lane no edge is kept in (one past the last when all are).
fn free_lane(waiting: &[Option<(usize, usize)>]) -> usize {
    waiting
        .iter()
        .position(Option::is_none)
        .unwrap_or(waiting.len())
}

/// Per position, whether the prefix of the order up to it equals the path of its revision. The
/// prefix is closed under ancestry (parents and `depends_on` come first), so it is the path of
/// its last revision exactly when that revision is its only maximal element: one counter kept
/// as revisions are added.
fn whole_prefixes(project: &Project, order: &[usize], position: &[Option<usize>]) -> Vec<bool> {
    let n = project.set.migrations.len();
    let mut maximal = vec![false; n];
    let mut count = 0usize;
    let mut whole = vec![true];
    for &m in order {
        let before = project
            .graph
            .parents
            .get(m)
            .into_iter()
            .flatten()
            .chain(project.graph.depends_on.get(m).into_iter().flatten());
        let mut seen = BTreeSet::new();
        for &p in before {
            if position.get(p).copied().flatten().is_some()
                && seen.insert(p)
                && maximal.get(p).copied().unwrap_or(false)
            {
                maximal[p] = false;
                count -= 1;
            }
        }
        if let Some(x) = maximal.get_mut(m) {
            *x = true;
            count += 1;
        }
        whole.push(count == 1);
    }
    whole
}

/// For each column of `t` (named `table`) after step `at` of a tracked replay: the migration of
/// the last step that added or changed it.
fn changes_of(
    history: &History,
    t: &Table,
    table: &QualifiedName,
    at: usize,
    migration_of: impl Fn(usize) -> Option<usize>,
) -> Vec<(String, Option<usize>)> {
    let columns = history.columns_of(table, at);
    t.columns
        .iter()
        .map(|c| {
            let last = columns
                .and_then(|cs| cs.get(&c.name))
                .and_then(|steps| steps[..steps.partition_point(|&s| s <= at)].last().copied());
            (c.name.clone(), last.and_then(&migration_of))
        })
        .collect()
}

/// Column histories, by table identity (which follows renames).
#[derive(Debug, Clone, Default)]
struct History {
    /// Table name → (from position, identity), in position order.
    names: BTreeMap<QualifiedName, Vec<(usize, usize)>>,
    /// Per identity: column → positions where it was added or changed, ascending.
    columns: Vec<BTreeMap<String, Vec<usize>>>,
}

impl History {
    fn id_at(&self, table: &QualifiedName, pos: usize) -> Option<usize> {
        let entries = self.names.get(table)?;
        entries[..entries.partition_point(|&(from, _)| from <= pos)]
            .last()
            .map(|&(_, id)| id)
    }

    fn columns_of(
        &self,
        table: &QualifiedName,
        pos: usize,
    ) -> Option<&BTreeMap<String, Vec<usize>>> {
        self.columns.get(self.id_at(table, pos)?)
    }

    fn name(&mut self, table: &QualifiedName, pos: usize, id: usize) {
        self.names.entry(table.clone()).or_default().push((pos, id));
    }

    fn create(&mut self, table: &QualifiedName, pos: usize) -> usize {
        self.columns.push(BTreeMap::new());
        let id = self.columns.len() - 1;
        self.name(table, pos, id);
        id
    }
}

/// What the layout needs from every revision: each table at its largest, every FK edge.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shapes {
    /// Table → (most columns, widest line in characters).
    pub tables: BTreeMap<QualifiedName, (usize, usize)>,
    /// (referencing, referenced).
    pub fks: BTreeSet<(QualifiedName, QualifiedName)>,
}

/// Characters of a table's widest line as the web app draws it: the name, or a column as
/// `key-mark name type null-mark`.
pub fn width_chars(t: &Table, dialect: Dialect) -> usize {
    let name = t.name.to_string().chars().count();
    t.columns
        .iter()
        .map(|c| c.name.chars().count() + type_name(&c.ty, dialect).chars().count() + 5)
        .fold(name, usize::max)
}

/// Replays ops while recording column changes (and, during the build, table shapes).
struct Tracker {
    history: History,
    shapes: Option<Shapes>,
}

impl Tracker {
    /// Applies one migration's ops as step `pos`, then compares the tables they touched.
    fn apply(
        &mut self,
        schema: &mut Schema,
        ops: &[Spanned<Op>],
        pos: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let dialect = schema.dialect;
        let mut named: Option<Vec<QualifiedName>> = Some(Vec::new());
        for op in ops {
            match (&mut named, touched(&op.value, dialect)) {
                (Some(keys), Some(more)) => keys.extend(more),
                _ => named = None,
            }
        }
        let any = named.is_none();
        let mut keys: Vec<QualifiedName> =
            named.unwrap_or_else(|| schema.tables.keys().cloned().collect());
        keys.sort();
        keys.dedup();
        let before: BTreeMap<&QualifiedName, Vec<Column>> = keys
            .iter()
            .filter_map(|k| schema.tables.get(k).map(|t| (k, t.columns.clone())))
            .collect();
        for op in ops {
            simulate::apply(schema, op, diagnostics);
        }
        let renames: Vec<(QualifiedName, QualifiedName)> = ops
            .iter()
            .filter_map(|op| match &op.value {
                Op::RenameTable { from, to } => {
                    Some((table_key(dialect, from), table_key(dialect, to)))
                }
                _ => None,
            })
            .collect();
        // An op that may reach any table may also create one under a name not known before it.
        let extra: Vec<QualifiedName> = if any {
            schema
                .tables
                .keys()
                .filter(|k| keys.binary_search(k).is_err())
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        for k in keys.iter().chain(&extra) {
            let Some(t) = schema.tables.get(k) else {
                continue;
            };
            // The same name before the migration, else where this migration's renames bring it
            // from: the table keeps that identity and is compared with that table.
            let source = if before.contains_key(k) {
                k
            } else {
                renames
                    .iter()
                    .rev()
                    .fold(k, |cur, (from, to)| if to == cur { from } else { cur })
            };
            let (id, old) = match (before.get(source), self.history.id_at(source, pos)) {
                (Some(old), Some(id)) => {
                    if source != k {
                        self.history.name(k, pos, id);
                    }
                    (id, Some(old))
                }
                _ => (self.history.create(k, pos), None),
            };
            if let Some(columns) = self.history.columns.get_mut(id) {
                for c in &t.columns {
                    if old.and_then(|cs| cs.iter().find(|o| o.name == c.name)) != Some(c) {
                        columns.entry(c.name.clone()).or_default().push(pos);
                    }
                }
            }
            if let Some(shapes) = &mut self.shapes {
                let size = shapes.tables.entry(k.clone()).or_default();
                size.0 = size.0.max(t.columns.len());
                size.1 = size.1.max(width_chars(t, dialect));
                for c in &t.constraints {
                    if let ConstraintKind::ForeignKey(fk) = &c.kind {
                        shapes
                            .fks
                            .insert((k.clone(), table_key(dialect, &fk.ref_table)));
                    }
                }
            }
        }
    }
}

/// The tables whose columns or constraints an op can change, as map keys; `None` when it may be
/// any table (dropping a type or sequence with CASCADE, renaming a type, anything unknown).
fn touched(op: &Op, dialect: Dialect) -> Option<Vec<QualifiedName>> {
    let one = |t: &QualifiedName| Some(vec![table_key(dialect, t)]);
    match op {
        Op::CreateTable(ct) => one(&ct.name),
        Op::RenameTable { from, to } => {
            Some(vec![table_key(dialect, from), table_key(dialect, to)])
        }
        Op::DropTable { name: t, .. }
        | Op::SetTableComment { table: t, .. }
        | Op::SetTableOptions { table: t, .. }
        | Op::AddColumn { table: t, .. }
        | Op::DropColumn { table: t, .. }
        | Op::RenameColumn { table: t, .. }
        | Op::AlterColumn { table: t, .. }
        | Op::AddConstraint { table: t, .. }
        | Op::DropConstraint { table: t, .. }
        | Op::RenameConstraint { table: t, .. }
        | Op::AlterConstraint { table: t, .. }
        | Op::DropPrimaryKey { table: t }
        | Op::DropConstraintOfKind { table: t, .. }
        | Op::SetColumnComment { table: t, .. } => one(t),
        Op::CreateIndex(ci) => one(&ci.table),
        Op::RebuildTable { table, ops } => {
            let mut keys = vec![table_key(dialect, table)];
            // A worklist, not recursion: nested rebuilds are flattened.
            let mut work: Vec<&Op> = ops.iter().collect();
            while let Some(op) = work.pop() {
                match op {
                    Op::RebuildTable { ops, .. } => work.extend(ops.iter()),
                    op => keys.extend(touched(op, dialect)?),
                }
            }
            keys.sort();
            keys.dedup();
            Some(keys)
        }
        // Indexes, views, functions, triggers, enums' values, data: no column or foreign key.
        Op::DropIndex { .. }
        | Op::RenameIndex { .. }
        | Op::CreateView { .. }
        | Op::DropView { .. }
        | Op::RenameView { .. }
        | Op::CreateEnum { .. }
        | Op::AddEnumValue { .. }
        | Op::RenameEnumValue { .. }
        | Op::CreateOpaqueType { .. }
        | Op::CreateSequence { .. }
        | Op::AlterSequence { .. }
        | Op::CreateExtension { .. }
        | Op::CreateFunction { .. }
        | Op::DropFunction { .. }
        | Op::RenameFunction { .. }
        | Op::CreateTrigger { .. }
        | Op::DropTrigger { .. }
        | Op::RenameTrigger { .. }
        | Op::CreateSchema { .. }
        | Op::Data { .. }
        | Op::NoEffect { .. }
        | Op::SetForeignKeyChecks { .. } => Some(Vec::new()),
        _ => None,
    }
}
