//! The revision graph: apply order, heads, branches, merges and problems.
//!
//! Linear layouts (numbered, Flyway, golang-migrate, dbmate, diesel) chain each migration to the
//! one before it; sets with explicit parents (Alembic's `down_revision`) form a DAG. Both go
//! through the same Kahn's-algorithm ordering, so every layout gets the same guarantees: parents
//! before children, ties in version order, cycles reported instead of looping.

use crate::diagnostic::{Diagnostic, Span};
use crate::source::{MigrationKind, MigrationSet, MigrationSource};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

#[derive(Debug, Clone, Default, Serialize)]
pub struct RevisionGraph {
    /// Indices into `MigrationSet::migrations`, in apply order (parents before children,
    /// ties by version order). Migrations caught in a cycle or after one, and the second of two
    /// revisions with one id, are left out (with a diagnostic).
    pub order: Vec<usize>,
    /// `parents[i]`: indices of the parents of migration `i`.
    pub parents: Vec<Vec<usize>>,
    /// `children[i]`: indices of the children of migration `i`.
    pub children: Vec<Vec<usize>>,
    /// Migrations with no children.
    pub heads: Vec<usize>,
    /// Migrations with no parents.
    pub roots: Vec<usize>,
    /// `depends_on[i]`: migrations that must be applied before `i` without being its parents
    /// (Alembic's `depends_on`). They order the apply path but do not make branches, merges or
    /// heads, as in `alembic history`.
    pub depends_on: Vec<Vec<usize>>,
}

impl RevisionGraph {
    pub fn is_branch_point(&self, i: usize) -> bool {
        self.children.get(i).is_some_and(|c| c.len() > 1)
    }
    pub fn is_merge(&self, i: usize) -> bool {
        self.parents.get(i).is_some_and(|p| p.len() > 1)
    }
}

/// Builds the graph. Linear layouts link each versioned migration to the one before it, and the
/// repeatable ones after all versioned ones; a set where any migration names its parents is
/// read as a DAG of those names. "Version order" is the order of `set.migrations`.
pub fn build_graph(set: &MigrationSet) -> (RevisionGraph, Vec<Diagnostic>) {
    let n = set.migrations.len();
    let mut g = RevisionGraph {
        parents: vec![Vec::new(); n],
        children: vec![Vec::new(); n],
        depends_on: vec![Vec::new(); n],
        ..Default::default()
    };
    let mut diagnostics = Vec::new();
    // A duplicate id cannot be told apart from the first by its children: like Alembic, which
    // refuses such a set, it takes no part in the graph (the diagnostic names its file).
    let mut duplicate = vec![false; n];
    let explicit = set.layout == crate::source::Layout::Alembic
        || set.migrations.iter().any(|m| !m.parents.is_empty());
    if explicit {
        link_explicit(set, &mut g, &mut duplicate, &mut diagnostics);
    } else {
        link_linear(set, &mut g);
    }
    for (i, ps) in g.parents.iter().enumerate() {
        for &p in ps {
            if let Some(c) = g.children.get_mut(p) {
                c.push(i);
            }
        }
    }
    let edges = Edges::of(&g);
    g.order = topological_order(&edges, &duplicate);
    let duplicates = duplicate.iter().filter(|&&d| d).count();
    if g.order.len() + duplicates < n {
        report_cycles(set, &edges, &g.order, &duplicate, &mut diagnostics);
    }
    g.roots = (0..n)
        .filter(|&i| !duplicate[i] && g.parents[i].is_empty())
        .collect();
    g.heads = (0..n)
        .filter(|&i| !duplicate[i] && g.children[i].is_empty())
        .collect();
    if g.heads.len() > 1 {
        let ids = g
            .heads
            .iter()
            .map(|&h| format!("`{}`", id(set, h)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = Diagnostic::warning("multiple-heads", format!("the set has {} heads: {ids}", g.heads.len())).help(
            "each head is a separate branch; merge them into one revision whose parents are all heads (with Alembic: `alembic merge heads`)",
        );
        if let Some(span) = g.heads.last().and_then(|&h| span_of(set, h)) {
            d = d.at(span);
        }
        diagnostics.push(d);
    }
    (g, diagnostics)
}

/// Every ordering edge: parents plus `depends_on`, in both directions.
struct Edges {
    before: Vec<Vec<usize>>,
    after: Vec<Vec<usize>>,
}

impl Edges {
    fn of(g: &RevisionGraph) -> Edges {
        let mut before = g.parents.clone();
        let mut after = g.children.clone();
        for (i, ds) in g.depends_on.iter().enumerate() {
            for &d in ds {
                if let (Some(b), Some(a)) = (before.get_mut(i), after.get_mut(d)) {
                    b.push(d);
                    a.push(i);
                }
            }
        }
        Edges { before, after }
    }
}

fn link_linear(set: &MigrationSet, g: &mut RevisionGraph) {
    let versioned =
        (0..set.migrations.len()).filter(|&i| set.migrations[i].kind == MigrationKind::Versioned);
    let repeatable =
        (0..set.migrations.len()).filter(|&i| set.migrations[i].kind == MigrationKind::Repeatable);
    let mut previous = None;
    for i in versioned.chain(repeatable) {
        if let (Some(p), Some(ps)) = (previous, g.parents.get_mut(i)) {
            ps.push(p);
        }
        previous = Some(i);
    }
}

fn link_explicit(
    set: &MigrationSet,
    g: &mut RevisionGraph,
    duplicate: &mut [bool],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let ms = &set.migrations;
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(ms.len());
    for (i, m) in ms.iter().enumerate() {
        if let Some(&first) = index.get(m.id.as_str()) {
            if let Some(d) = duplicate.get_mut(i) {
                *d = true;
            }
            let mut d = Diagnostic::error(
                "duplicate-revision",
                format!(
                    "revision id `{}` is used twice: {} and {}; the second is left out",
                    m.id,
                    describe_file(set, first),
                    describe_file(set, i)
                ),
            )
            .help("revision ids must be unique: give one of the revisions a new id (and update the down_revision that should point at it)");
            if let Some(span) = span_of(set, i) {
                d = d.at(span);
            }
            diagnostics.push(d);
        } else {
            index.insert(m.id.as_str(), i);
        }
    }
    // `seen[p] == i + 1` marks `p` as already a parent of `i`: repeated parents collapse in O(1).
    let mut seen = vec![0usize; ms.len()];
    for (i, m) in ms.iter().enumerate() {
        if duplicate.get(i).copied().unwrap_or(true) {
            continue;
        }
        for parent in &m.parents {
            let at = |d: Diagnostic| match span_of(set, i) {
                Some(span) => d.at(span),
                None => d,
            };
            if *parent == m.id {
                diagnostics.push(at(Diagnostic::error(
                    "self-dependency",
                    format!("revision `{}` lists itself as its parent", m.id),
                )
                .help("set down_revision to the revision this one follows (None for the first revision)")));
                continue;
            }
            let Some(&p) = index.get(parent.as_str()) else {
                diagnostics.push(at(Diagnostic::error(
                    "missing-revision",
                    format!(
                        "revision `{}` in {} follows `{parent}`, which is not in the set",
                        m.id,
                        describe_file(set, i)
                    ),
                )
                .help(format!(
                    "fix down_revision in {}: name an existing revision, or restore the file of `{parent}`",
                    describe_file(set, i)
                ))));
                continue;
            };
            if let (Some(s), Some(ps)) = (seen.get_mut(p), g.parents.get_mut(i)) {
                if *s != i + 1 {
                    *s = i + 1;
                    ps.push(p);
                }
            }
        }
        for dep in &m.depends_on {
            let at = |d: Diagnostic| match span_of(set, i) {
                Some(span) => d.at(span),
                None => d,
            };
            if *dep == m.id {
                diagnostics.push(at(Diagnostic::error(
                    "self-dependency",
                    format!("revision `{}` lists itself in its depends_on", m.id),
                )
                .help("remove the revision's own id from depends_on")));
                continue;
            }
            let Some(&d) = index.get(dep.as_str()) else {
                diagnostics.push(at(Diagnostic::error(
                    "missing-revision",
                    format!(
                        "revision `{}` in {} depends on `{dep}`, which is not in the set",
                        m.id,
                        describe_file(set, i)
                    ),
                )
                .help(format!(
                    "fix depends_on in {}: name an existing revision, or restore the file of `{dep}`",
                    describe_file(set, i)
                ))));
                continue;
            };
            // A dependency that is already a parent adds nothing.
            if seen.get(d) != Some(&(i + 1)) {
                if let (Some(s), Some(ds)) = (seen.get_mut(d), g.depends_on.get_mut(i)) {
                    *s = i + 1;
                    ds.push(d);
                }
            }
        }
    }
}

/// Kahn's algorithm with a min-heap of ready indices, so among migrations whose parents are all
/// applied the earliest in version order goes first. O((V + E) log V).
fn topological_order(g: &Edges, skip: &[bool]) -> Vec<usize> {
    let n = g.before.len();
    let mut waiting: Vec<usize> = g.before.iter().map(Vec::len).collect();
    let mut ready: BinaryHeap<Reverse<usize>> = (0..n)
        .filter(|&i| waiting[i] == 0 && !skip[i])
        .map(Reverse)
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse(i)) = ready.pop() {
        order.push(i);
        for &c in g.after.get(i).map_or(&[][..], Vec::as_slice) {
            if let Some(w) = waiting.get_mut(c) {
                *w -= 1;
                if *w == 0 {
                    ready.push(Reverse(c));
                }
            }
        }
    }
    order
}

/// Reports each cycle (a strongly connected component of what Kahn could not place) once, in
/// version order, with the revisions left out only because they descend from it. Each such
/// descendant is named under the first cycle that reaches it, so the whole pass stays O(V + E).
fn report_cycles(
    set: &MigrationSet,
    g: &Edges,
    order: &[usize],
    skip: &[bool],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let n = g.before.len();
    let mut placed = skip.to_vec();
    for &i in order {
        placed[i] = true;
    }
    let rest: Vec<usize> = (0..n).filter(|&i| !placed[i]).collect();
    let mut cycles: Vec<Vec<usize>> = strongly_connected(g, &placed, &rest)
        .into_iter()
        .filter(|c| c.len() > 1)
        .collect();
    for c in &mut cycles {
        c.sort_unstable();
    }
    cycles.sort_unstable_by_key(|c| c.first().copied());
    let mut claimed = vec![false; n];
    for c in &cycles {
        for &i in c {
            claimed[i] = true;
        }
    }
    for cycle in &cycles {
        let mut descendants = Vec::new();
        let mut stack = cycle.clone();
        while let Some(i) = stack.pop() {
            for &c in g.after.get(i).map_or(&[][..], Vec::as_slice) {
                if !claimed[c] {
                    claimed[c] = true;
                    descendants.push(c);
                    stack.push(c);
                }
            }
        }
        descendants.sort_unstable();
        let names = |list: &[usize]| {
            list.iter()
                .map(|&i| format!("`{}`", id(set, i)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut message = format!(
            "revisions {} depend on each other in a cycle and are not applied",
            names(cycle)
        );
        if !descendants.is_empty() {
            let shown = descendants.get(..10).unwrap_or(&descendants);
            let more = if descendants.len() > shown.len() {
                format!(" and {} more", descendants.len() - shown.len())
            } else {
                String::new()
            };
            message.push_str(&format!(
                ", nor are the revisions after them: {}{more}",
                names(shown)
            ));
        }
        let mut d = Diagnostic::error("cycle", message)
            .help("a revision cannot follow its own descendants: fix the down_revision of one revision in the cycle");
        if let Some(span) = cycle.first().and_then(|&i| span_of(set, i)) {
            d = d.at(span);
        }
        diagnostics.push(d);
    }
}

/// Kosaraju's algorithm over the nodes in `rest` (those Kahn could not place), iteratively so
/// a long chain cannot overflow the stack.
fn strongly_connected(g: &Edges, placed: &[bool], rest: &[usize]) -> Vec<Vec<usize>> {
    let n = g.before.len();
    let mut visited = vec![false; n];
    let mut finish = Vec::with_capacity(rest.len());
    for &start in rest {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let out = g.after.get(node).map_or(&[][..], Vec::as_slice);
            if let Some(&c) = out.get(*next) {
                *next += 1;
                if !placed[c] && !visited[c] {
                    visited[c] = true;
                    stack.push((c, 0));
                }
            } else {
                finish.push(node);
                stack.pop();
            }
        }
    }
    let mut assigned = vec![false; n];
    let mut components = Vec::new();
    for &start in finish.iter().rev() {
        if assigned[start] {
            continue;
        }
        assigned[start] = true;
        let mut component = Vec::new();
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            component.push(node);
            for &p in g.before.get(node).map_or(&[][..], Vec::as_slice) {
                if !placed[p] && !assigned[p] {
                    assigned[p] = true;
                    stack.push(p);
                }
            }
        }
        components.push(component);
    }
    components
}

fn id(set: &MigrationSet, i: usize) -> &str {
    set.migrations.get(i).map_or("?", |m| m.id.as_str())
}

fn file_of(m: &MigrationSource) -> Option<u32> {
    m.up.or(m.down).map(|s| s.file)
}

fn span_of(set: &MigrationSet, i: usize) -> Option<Span> {
    set.migrations
        .get(i)
        .and_then(file_of)
        .map(Span::file_start)
}

fn describe_file(set: &MigrationSet, i: usize) -> String {
    match set
        .migrations
        .get(i)
        .and_then(file_of)
        .and_then(|f| set.file(f))
    {
        Some(f) => format!("`{}`", f.path),
        None => format!("revision `{}`", id(set, i)),
    }
}
