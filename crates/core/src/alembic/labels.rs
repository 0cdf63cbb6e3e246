//! The branch labels `alembic history` shows beside each revision: a label declared on one
//! revision is shown on every revision of its line, as Alembic's revision map spreads it.

use crate::graph::RevisionGraph;
use crate::source::MigrationSet;
use std::collections::BTreeSet;

/// The labels shown for each migration (indexed like `set.migrations`), sorted.
///
/// Alembic (`RevisionMap._add_branches`) gives a revision's labels to all its descendants
/// through `down_revision` (not `depends_on`), then walks down from the last descendant its
/// depth-first search reached, through single parents, labelling each revision until a branch
/// point or a merge point: so on a plain chain the revisions before the labelled one carry the
/// label too. Alembic's search follows a Python set, so where the descendants branch, which one
/// is "last" depends on hashing; here the children are searched in apply order. Alembic prints a
/// revision's labels in set order as well; they are sorted here.
pub fn shown_labels(set: &MigrationSet, graph: &RevisionGraph) -> Vec<Vec<String>> {
    let n = set.migrations.len();
    let mut shown: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); n];
    let rank = apply_rank(graph, n);
    for (i, m) in set.migrations.iter().enumerate() {
        if m.branch_labels.is_empty() {
            continue;
        }
        let labels = || m.branch_labels.iter().map(String::as_str);
        let Some(last) = descendants(graph, i, &rank, |d| shown[d].extend(labels())) else {
            continue;
        };
        let mut at = last;
        loop {
            if graph.is_branch_point(at) || graph.is_merge(at) {
                break;
            }
            shown[at].extend(labels());
            match graph.parents.get(at).map(Vec::as_slice) {
                Some(&[parent]) if parent < n => at = parent,
                _ => break,
            }
        }
    }
    shown
        .into_iter()
        .map(|s| s.into_iter().map(str::to_string).collect())
        .collect()
}

/// Position of each migration in apply order (`usize::MAX` when left out of it).
fn apply_rank(graph: &RevisionGraph, n: usize) -> Vec<usize> {
    let mut rank = vec![usize::MAX; n];
    for (r, &i) in graph.order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(i) {
            *slot = r;
        }
    }
    rank
}

/// Visits `start` and its descendants depth-first (a stack, as Alembic's search), calling
/// `visit` on each once; returns the last one visited.
fn descendants(
    graph: &RevisionGraph,
    start: usize,
    rank: &[usize],
    mut visit: impl FnMut(usize),
) -> Option<usize> {
    let n = rank.len();
    let mut seen = vec![false; n];
    let mut stack = vec![start];
    let mut last = None;
    while let Some(i) = stack.pop() {
        if i >= n || seen[i] {
            continue;
        }
        seen[i] = true;
        let mut children = graph.children.get(i).cloned().unwrap_or_default();
        children.sort_by_key(|&c| rank.get(c).copied().unwrap_or(usize::MAX));
        stack.extend(children);
        visit(i);
        last = Some(i);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::shown_labels;
    use crate::graph::build_graph;
    use crate::source::{discover, InputFile};

    fn labels(revisions: &[(&str, &str, &str)]) -> Vec<(String, String)> {
        let files = revisions
            .iter()
            .map(|(id, down, labels)| InputFile {
                path: format!("versions/{id}.py"),
                contents: format!(
                    "revision = \"{id}\"\ndown_revision = {down}\nbranch_labels = {labels}\n"
                )
                .into_bytes(),
            })
            .collect();
        let (set, _) = discover(files, None);
        let (graph, _) = build_graph(&set);
        let shown = shown_labels(&set, &graph);
        graph
            .order
            .iter()
            .map(|&i| (set.migrations[i].id.clone(), shown[i].join(", ")))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// Checked with `alembic history` (Alembic 1.18): on a plain chain the label shows on every
    /// revision, before the labelled one too.
    #[test]
    fn a_chain_carries_its_label_throughout() {
        let got = labels(&[
            ("a", "None", "None"),
            ("b", "\"a\"", "(\"x\",)"),
            ("c", "\"b\"", "None"),
        ]);
        assert_eq!(got, pairs(&[("a", "x"), ("b", "x"), ("c", "x")]));
    }

    /// As migrations/alembic-support: labels stop at the branch point and meet at the merge.
    #[test]
    fn branches_keep_their_labels_and_a_merge_has_both() {
        let got = labels(&[
            ("a", "None", "None"),
            ("b1", "\"a\"", "(\"kb\",)"),
            ("c1", "\"a\"", "(\"ai\",)"),
            ("m", "(\"b1\", \"c1\")", "None"),
            ("n", "\"m\"", "None"),
        ]);
        assert_eq!(
            got,
            pairs(&[
                ("a", ""),
                ("b1", "kb"),
                ("c1", "ai"),
                ("m", "ai, kb"),
                ("n", "ai, kb")
            ])
        );
    }
}
