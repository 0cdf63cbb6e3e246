//! The revision graph of sets with explicit parents (Alembic's `down_revision`): apply order,
//! heads, roots, branches, merges and the problems a hand-edited history can have.

use std::fmt::Write as _;
use strata_core::graph::{build_graph, RevisionGraph};
use strata_core::source::{
    Layout, MigrationKind, MigrationSet, MigrationSource, Section, SourceFile,
};
use strata_core::Diagnostic;

/// Builds a set from one line per revision, in version order: `id` for a root, `id <- p1 p2`
/// for a revision with parents. Each revision lives in `versions/<line>_<id>.py`.
fn set_of(spec: &str) -> MigrationSet {
    let mut files = Vec::new();
    let mut migrations = Vec::new();
    for (k, line) in spec
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let (id, parents) = line.split_once("<-").unwrap_or((line, ""));
        let id = id.trim().to_string();
        files.push(SourceFile {
            path: format!("versions/{k}_{id}.py"),
            text: String::new(),
        });
        migrations.push(MigrationSource {
            id,
            order: vec![k as u64],
            description: String::new(),
            kind: MigrationKind::Versioned,
            up: Some(Section {
                file: k as u32,
                start: 0,
                end: 0,
            }),
            down: None,
            parents: parents.split_whitespace().map(str::to_string).collect(),
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
        });
    }
    MigrationSet {
        layout: Layout::Alembic,
        files,
        migrations,
    }
}

fn check(spec: &str) -> String {
    let set = set_of(spec);
    let (graph, diagnostics) = build_graph(&set);
    summarize(&set, &graph, &diagnostics)
}

fn summarize(set: &MigrationSet, g: &RevisionGraph, diagnostics: &[Diagnostic]) -> String {
    let ids = |list: &[usize]| match list {
        [] => "-".to_string(),
        _ => list
            .iter()
            .map(|&i| set.migrations[i].id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    };
    let n = set.migrations.len();
    let branches: Vec<usize> = (0..n).filter(|&i| g.is_branch_point(i)).collect();
    let merges: Vec<usize> = (0..n).filter(|&i| g.is_merge(i)).collect();
    let mut out = format!(
        "order: {}\nheads: {}\nroots: {}\n",
        ids(&g.order),
        ids(&g.heads),
        ids(&g.roots)
    );
    if !branches.is_empty() {
        let _ = writeln!(out, "branch points: {}", ids(&branches));
    }
    if !merges.is_empty() {
        let _ = writeln!(out, "merges: {}", ids(&merges));
    }
    for d in diagnostics {
        let path = d
            .span
            .and_then(|s| set.file(s.file))
            .map_or("-", |f| f.path.as_str());
        let _ = writeln!(
            out,
            "{}[{}] {path}: {}",
            d.severity.name(),
            d.code,
            d.message
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  help: {help}");
        }
    }
    out
}

#[test]
fn chain() {
    insta::assert_snapshot!(check("
        a
        b <- a
        c <- b
    "), @r"
        order: a b c
        heads: c
        roots: a
    ");
}

#[test]
fn empty() {
    insta::assert_snapshot!(check(""), @r"
        order: -
        heads: -
        roots: -
    ");
}

#[test]
fn parents_listed_after_children_still_come_first() {
    insta::assert_snapshot!(check("
        c <- b
        b <- a
        a
    "), @r"
        order: a b c
        heads: c
        roots: a
    ");
}

#[test]
fn branch_leaves_two_heads() {
    insta::assert_snapshot!(check("
        base
        left <- base
        right <- base
        left2 <- left
    "), @r"
        order: base left right left2
        heads: right left2
        roots: base
        branch points: base
        warning[multiple-heads] versions/3_left2.py: the set has 2 heads: `right`, `left2`
          help: each head is a separate branch; merge them into one revision whose parents are all heads (with Alembic: `alembic merge heads`)
    ");
}

#[test]
fn merge_joins_branches_and_ties_follow_version_order() {
    insta::assert_snapshot!(check("
        a
        c <- a
        b <- a
        d <- c b
        e <- d
    "), @r"
        order: a c b d e
        heads: e
        roots: a
        branch points: a
        merges: d
    ");
}

#[test]
fn repeated_parent_counts_once() {
    insta::assert_snapshot!(check("
        a
        b <- a a
    "), @r"
        order: a b
        heads: b
        roots: a
    ");
}

#[test]
fn independent_roots_are_two_bases() {
    insta::assert_snapshot!(check("
        users
        billing
        both <- users billing
    "), @r"
        order: users billing both
        heads: both
        roots: users billing
        merges: both
    ");
}

#[test]
fn missing_parent() {
    insta::assert_snapshot!(check("
        a
        b <- a
        c <- b_typo
    "), @r"
        order: a b c
        heads: b c
        roots: a c
        error[missing-revision] versions/2_c.py: revision `c` in `versions/2_c.py` follows `b_typo`, which is not in the set
          help: fix down_revision in `versions/2_c.py`: name an existing revision, or restore the file of `b_typo`
        warning[multiple-heads] versions/2_c.py: the set has 2 heads: `b`, `c`
          help: each head is a separate branch; merge them into one revision whose parents are all heads (with Alembic: `alembic merge heads`)
    ");
}

#[test]
fn self_dependency() {
    insta::assert_snapshot!(check("
        a
        b <- a b
    "), @r"
        order: a b
        heads: b
        roots: a
        error[self-dependency] versions/1_b.py: revision `b` lists itself as its parent
          help: set down_revision to the revision this one follows (None for the first revision)
    ");
}

#[test]
fn duplicate_revision() {
    insta::assert_snapshot!(check("
        a
        b <- a
        b <- a
        c <- b
    "), @r"
        order: a b c
        heads: c
        roots: a
        error[duplicate-revision] versions/2_b.py: revision id `b` is used twice: `versions/1_b.py` and `versions/2_b.py`; the second is left out
          help: revision ids must be unique: give one of the revisions a new id (and update the down_revision that should point at it)
    ");
}

#[test]
fn cycles_are_left_out_with_their_descendants() {
    insta::assert_snapshot!(check("
        a
        b <- a d
        c <- b
        d <- c
        after <- d
        x <- y
        y <- x
        after_x <- x
        after_both <- after after_x
        fine <- a
    "), @r"
        order: a fine
        heads: after_both fine
        roots: a
        branch points: a d x
        merges: b after_both
        error[cycle] versions/1_b.py: revisions `b`, `c`, `d` depend on each other in a cycle and are not applied, nor are the revisions after them: `after`, `after_both`
          help: a revision cannot follow its own descendants: fix the down_revision of one revision in the cycle
        error[cycle] versions/5_x.py: revisions `x`, `y` depend on each other in a cycle and are not applied, nor are the revisions after them: `after_x`
          help: a revision cannot follow its own descendants: fix the down_revision of one revision in the cycle
        warning[multiple-heads] versions/9_fine.py: the set has 2 heads: `after_both`, `fine`
          help: each head is a separate branch; merge them into one revision whose parents are all heads (with Alembic: `alembic merge heads`)
    ");
}

/// Large graphs in the shapes that make naive algorithms quadratic or recursive: a long chain,
/// a ladder where every revision merges the two before it, a fan-out merged in one revision,
/// and one long cycle.
#[test]
fn twenty_thousand_revisions() {
    const N: usize = 20_000;
    let shape = |spec: String| {
        let set = set_of(&spec);
        let (g, diagnostics) = build_graph(&set);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        format!(
            "{} ordered, {} heads, {} roots, {} merges, diagnostics {codes:?}",
            g.order.len(),
            g.heads.len(),
            g.roots.len(),
            (0..N).filter(|&i| g.is_merge(i)).count()
        )
    };
    let chain: String = (0..N)
        .map(|i| {
            if i == 0 {
                "r0\n".to_string()
            } else {
                format!("r{i} <- r{}\n", i - 1)
            }
        })
        .collect();
    let ladder: String = (0..N)
        .map(|i| match i {
            0 => "r0\n".to_string(),
            1 => "r1 <- r0\n".to_string(),
            _ => format!("r{i} <- r{} r{}\n", i - 1, i - 2),
        })
        .collect();
    let mut fan: String = "root\n".to_string();
    fan.extend((1..N - 1).map(|i| format!("r{i} <- root\n")));
    fan.push_str(&format!(
        "merge <- {}\n",
        (1..N - 1)
            .map(|i| format!("r{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    ));
    let cycle: String = (0..N)
        .map(|i| format!("r{i} <- r{}\n", (i + N - 1) % N))
        .collect();
    let out = [chain, ladder, fan, cycle].map(shape).join("\n");
    insta::assert_snapshot!(out, @r#"
        20000 ordered, 1 heads, 1 roots, 0 merges, diagnostics []
        20000 ordered, 1 heads, 1 roots, 19998 merges, diagnostics []
        20000 ordered, 1 heads, 1 roots, 1 merges, diagnostics []
        0 ordered, 0 heads, 0 roots, 0 merges, diagnostics ["cycle"]
    "#);
}

proptest::proptest! {
    /// Random parent links (including cycles, self-links, unknown and repeated parents): the
    /// graph never panics, `order` lists each revision at most once and always parents first.
    #[test]
    fn any_parents_give_a_consistent_order(links in proptest::collection::vec(proptest::collection::vec(0usize..12, 0..3), 0..12)) {
        let spec: String = links
            .iter()
            .enumerate()
            .map(|(i, ps)| format!("r{i} <- {}\n", ps.iter().map(|p| format!("r{p}")).collect::<Vec<_>>().join(" ")))
            .collect();
        let set = set_of(&spec);
        let (g, _) = build_graph(&set);
        let mut position = vec![None; links.len()];
        for (k, &i) in g.order.iter().enumerate() {
            proptest::prop_assert!(position[i].is_none(), "r{i} twice in {:?}", g.order);
            position[i] = Some(k);
        }
        for (i, ps) in g.parents.iter().enumerate() {
            for &p in ps {
                if let (Some(pi), Some(ci)) = (position[p], position[i]) {
                    proptest::prop_assert!(pi < ci, "parent r{p} after child r{i}");
                }
                proptest::prop_assert!(position[i].is_none() || position[p].is_some(), "r{i} ordered without its parent r{p}");
            }
        }
    }
}
