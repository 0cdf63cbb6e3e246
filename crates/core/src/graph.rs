//! The revision graph: apply order, heads, branches, merges and problems.

use crate::diagnostic::Diagnostic;
use crate::source::MigrationSet;
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct RevisionGraph {
    /// Indices into `MigrationSet::migrations`, in apply order (parents before children,
    /// ties by version order). Migrations caught in a cycle are left out (with a diagnostic).
    pub order: Vec<usize>,
    /// `parents[i]`: indices of the parents of migration `i`.
    pub parents: Vec<Vec<usize>>,
    /// `children[i]`: indices of the children of migration `i`.
    pub children: Vec<Vec<usize>>,
    /// Migrations with no children.
    pub heads: Vec<usize>,
    /// Migrations with no parents.
    pub roots: Vec<usize>,
}

impl RevisionGraph {
    pub fn is_branch_point(&self, i: usize) -> bool {
        self.children.get(i).is_some_and(|c| c.len() > 1)
    }
    pub fn is_merge(&self, i: usize) -> bool {
        self.parents.get(i).is_some_and(|p| p.len() > 1)
    }
}

/// Builds the graph. Linear layouts link each versioned migration to the one before it.
pub fn build_graph(set: &MigrationSet) -> (RevisionGraph, Vec<Diagnostic>) {
    let n = set.migrations.len();
    let mut g = RevisionGraph { parents: vec![Vec::new(); n], children: vec![Vec::new(); n], ..Default::default() };
    for i in 1..n {
        g.parents[i].push(i - 1);
        g.children[i - 1].push(i);
    }
    g.order = (0..n).collect();
    g.roots = if n > 0 { vec![0] } else { vec![] };
    g.heads = if n > 0 { vec![n - 1] } else { vec![] };
    (g, Vec::new())
}
