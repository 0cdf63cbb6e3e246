//! Alembic revision files: the header read from the Python (`check_header`), and whole
//! `versions/` folders through discovery and the revision graph (`check`).

use std::fmt::Write as _;
use strata_core::alembic::read_revision;
use strata_core::diagnostic::Diagnostic;
use strata_core::graph::build_graph;
use strata_core::source::{discover, InputFile, MigrationSet};

fn render(out: &mut String, d: &Diagnostic, path_text: impl Fn(u32) -> (String, String)) {
    let place = match d.span {
        Some(s) => {
            let (path, text) = path_text(s.file);
            let snippet = text.get(s.range()).unwrap_or("?");
            if s.start == 0 && s.end == 0 {
                path
            } else {
                format!("{path}@{}..{} {snippet:?}", s.start, s.end)
            }
        }
        None => "-".to_string(),
    };
    let _ = writeln!(
        out,
        "{}[{}] {place}: {}",
        d.severity.name(),
        d.code,
        d.message
    );
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  help: {help}");
    }
}

/// The header of one file, then its diagnostics.
fn check_header(text: &str) -> String {
    let (h, diagnostics) = read_revision(text, 0);
    let mut out = String::new();
    let _ = writeln!(out, "revision: {:?}", h.revision);
    let _ = writeln!(out, "down_revisions: {:?}", h.down_revisions);
    if !h.branch_labels.is_empty() {
        let _ = writeln!(out, "branch_labels: {:?}", h.branch_labels);
    }
    if !h.depends_on.is_empty() {
        let _ = writeln!(out, "depends_on: {:?}", h.depends_on);
    }
    let _ = writeln!(out, "message: {:?}", h.message);
    if let Some(date) = &h.create_date {
        let _ = writeln!(out, "create_date: {date:?}");
    }
    for d in &diagnostics {
        render(&mut out, d, |_| ("file".to_string(), text.to_string()));
    }
    out
}

/// A revision file as Alembic's template writes it.
fn rev(id: &str, down: &str, message: &str) -> String {
    format!("\"\"\"{message}\n\nRevision ID: {id}\nCreate Date: 2024-01-01 00:00:00\n\"\"\"\nrevision = \"{id}\"\ndown_revision = {down}\n")
}

/// Discovers `(path, contents)` files and builds the graph: each revision with its parents in
/// apply order, branch and merge points, heads, then every diagnostic.
fn check(files: &[(&str, &str)]) -> String {
    let inputs = files
        .iter()
        .map(|(p, c)| InputFile::new(*p, c.as_bytes()))
        .collect();
    let (set, mut diagnostics) = discover(inputs, None);
    let (g, graph_diagnostics) = build_graph(&set);
    diagnostics.extend(graph_diagnostics);
    let mut out = format!("layout: {}\n", set.layout);
    let ms = &set.migrations;
    for &i in &g.order {
        let names = |list: &[usize]| {
            list.iter()
                .map(|&p| ms[p].id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let parents = if g.parents[i].is_empty() {
            "base".to_string()
        } else {
            names(&g.parents[i])
        };
        let mut marks = String::new();
        if g.is_branch_point(i) {
            marks.push_str(" (branchpoint)");
        }
        if g.is_merge(i) {
            marks.push_str(" (mergepoint)");
        }
        if g.heads.contains(&i) {
            marks.push_str(" (head)");
        }
        if !g.depends_on[i].is_empty() {
            let _ = write!(marks, " (depends on {})", names(&g.depends_on[i]));
        }
        let _ = writeln!(
            out,
            "{parents} -> {}{marks}, {:?}",
            ms[i].id, ms[i].description
        );
    }
    for d in &diagnostics {
        render(&mut out, d, |f| file_of(&set, f));
    }
    out
}

fn file_of(set: &MigrationSet, f: u32) -> (String, String) {
    set.file(f).map_or_else(
        || ("?".to_string(), String::new()),
        |f| (f.path.clone(), f.text.clone()),
    )
}

#[test]
fn template_header() {
    insta::assert_snapshot!(check_header(r#""""add users table

Revision ID: 1975ea83b712
Revises: 
Create Date: 2024-03-05 10:11:12.345678

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "1975ea83b712"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("users")
"#), @r#"
    revision: Some("1975ea83b712")
    down_revisions: []
    message: "add users table"
    create_date: "2024-03-05 10:11:12.345678"
    "#);
}

#[test]
fn down_revision_forms() {
    insta::assert_snapshot!(check_header("revision = 'b'\ndown_revision = 'a'\n"), @r#"
    revision: Some("b")
    down_revisions: ["a"]
    message: ""
    "#);
    insta::assert_snapshot!(check_header("revision = 'c'\ndown_revision = ('a', 'b')\n"), @r#"
    revision: Some("c")
    down_revisions: ["a", "b"]
    message: ""
    "#);
    insta::assert_snapshot!(check_header("revision = 'c'\ndown_revision = ['a', 'b']\n"), @r#"
    revision: Some("c")
    down_revisions: ["a", "b"]
    message: ""
    "#);
    insta::assert_snapshot!(check_header("revision = 'c'\ndown_revision = ()\n"), @r#"
    revision: Some("c")
    down_revisions: []
    message: ""
    "#);
}

#[test]
fn constants_are_folded() {
    insta::assert_snapshot!(check_header(r#"
BASE = "1975ea83b712"
OTHER = BASE
PREFIX = "ae10"
revision = PREFIX + "27a6acf"
down_revision = (OTHER, "3adcc9a56557")
depends_on = OTHER
"#), @r#"
    revision: Some("ae1027a6acf")
    down_revisions: ["1975ea83b712", "3adcc9a56557"]
    depends_on: ["1975ea83b712"]
    message: ""
    "#);
    // A name reassigned to something unknown is no longer a constant.
    insta::assert_snapshot!(check_header("X = 'a'\nX = compute()\nrevision = 'b'\ndown_revision = X\n"), @r#"
    revision: Some("b")
    down_revisions: []
    message: ""
    warning[unreadable-revision-field] file@53..54 "X": `down_revision` in the revision file is not a value Strata can read without running Python; it is read as None
      help: write the parent revision as a string literal, a tuple of string literals or None (module-level constants holding these work too)
    "#);
    insta::assert_snapshot!(check_header("revision, down_revision = 'b', 'a'\n"), @r#"
    revision: Some("b")
    down_revisions: ["a"]
    message: ""
    "#);
}

#[test]
fn branch_labels_and_depends_on() {
    insta::assert_snapshot!(check_header(
        "revision = 'a1'\ndown_revision = None\nbranch_labels = ('shop',)\ndepends_on = '1975ea83b712'\n"
    ), @r#"
    revision: Some("a1")
    down_revisions: []
    branch_labels: ["shop"]
    depends_on: ["1975ea83b712"]
    message: ""
    "#);
    insta::assert_snapshot!(check_header(
        "revision = 'a1'\ndown_revision = None\nbranch_labels = 'shop'\ndepends_on = ['x1', 'y2']\n"
    ), @r#"
    revision: Some("a1")
    down_revisions: []
    branch_labels: ["shop"]
    depends_on: ["x1", "y2"]
    message: ""
    "#);
}

#[test]
fn docstring() {
    insta::assert_snapshot!(check_header("'''\n  Add index on email  \nmore words\ncreate date: yesterday\n'''\nrevision = 'a'\ndown_revision = None\n"), @r#"
    revision: Some("a")
    down_revisions: []
    message: "Add index on email"
    create_date: "yesterday"
    "#);
    // A string that is not the first statement is not a docstring.
    insta::assert_snapshot!(check_header("revision = 'a'\n\"\"\"not a docstring\"\"\"\ndown_revision = None\n"), @r#"
    revision: Some("a")
    down_revisions: []
    message: ""
    "#);
}

#[test]
fn bad_headers() {
    insta::assert_snapshot!(check_header("revision = 'b'\n"), @r#"
    revision: Some("b")
    down_revisions: []
    message: ""
    error[missing-down-revision] file: the revision file sets no `down_revision`; Alembic fails to load it
      help: add `down_revision = None` if this is a first revision, or `down_revision = "<parent id>"`; Strata reads it as a first revision meanwhile
    "#);
    insta::assert_snapshot!(check_header("down_revision = None\n"), @r#"
    revision: None
    down_revisions: []
    message: ""
    error[missing-revision-id] file: the revision file sets no `revision` id, so it is not part of the revision graph
      help: add a line `revision = "<id>"` near the top (Alembic's files use 12 hex digits)
    "#);
    insta::assert_snapshot!(check_header("revision = None\ndown_revision = None\n"), @r#"
    revision: None
    down_revisions: []
    message: ""
    error[invalid-revision-id] file@11..15 "None": `revision` must be one string; the file is not part of the revision graph
      help: use a unique id of letters, digits and underscores (Alembic generates 12 hex digits)
    "#);
    insta::assert_snapshot!(check_header("revision = 'ab-cd'\ndown_revision = None\n"), @r#"
    revision: None
    down_revisions: []
    message: ""
    error[invalid-revision-id] file@11..18 "'ab-cd'": revision id `ab-cd` contains `-`, which Alembic does not allow in ids; the file is not part of the revision graph
      help: use a unique id of letters, digits and underscores (Alembic generates 12 hex digits)
    "#);
    insta::assert_snapshot!(check_header("revision = ''\ndown_revision = None\n"), @r#"
    revision: None
    down_revisions: []
    message: ""
    error[invalid-revision-id] file@11..13 "''": the revision id is empty; the file is not part of the revision graph
      help: use a unique id of letters, digits and underscores (Alembic generates 12 hex digits)
    "#);
    insta::assert_snapshot!(check_header("revision = 'b'\ndown_revision = get_parent()\n"), @r#"
    revision: Some("b")
    down_revisions: []
    message: ""
    warning[unreadable-revision-field] file@31..43 "get_parent()": `down_revision` in the revision file is not a value Strata can read without running Python; it is read as None
      help: write the parent revision as a string literal, a tuple of string literals or None (module-level constants holding these work too)
    "#);
}

#[test]
fn syntax_errors() {
    // The header is still read line by line, so the revision stays in the graph.
    insta::assert_snapshot!(check_header("revision = 'b'\ndown_revision = 'a'\n\ndef upgrade(:\n    pass\n"), @r#"
    revision: Some("b")
    down_revisions: ["a"]
    message: ""
    error[python-syntax-error] file@48..49 ":": Python syntax error: invalid syntax. Got unexpected token ':'
      help: fix the syntax (`python -m py_compile FILE` shows the same error); Alembic cannot import this file either
    "#);
    insta::assert_snapshot!(check_header("revision = 'b'\ndown_revision = ('a',\n"), @r#"
    revision: Some("b")
    down_revisions: []
    message: ""
    error[python-syntax-error] file@37..37 "": Python syntax error at the end of the file: unexpected EOF while parsing
      help: fix the syntax (`python -m py_compile FILE` shows the same error); Alembic cannot import this file either
    "#);
    insta::assert_snapshot!(check_header("revision = 'é'\ndown_revision = None\nx = 'ü' $ 1\n"), @r#"
    revision: Some("é")
    down_revisions: []
    message: ""
    error[python-syntax-error] file@46..47 "$": Python syntax error: Got unexpected token $
      help: fix the syntax (`python -m py_compile FILE` shows the same error); Alembic cannot import this file either
    "#);
    insta::assert_snapshot!(check_header("def upgrade():\n\tif x:\n        pass\n"), @r#"
    revision: None
    down_revisions: []
    message: ""
    error[python-syntax-error] file@30..31 "p": Python syntax error: inconsistent use of tabs and spaces in indentation
      help: fix the syntax (`python -m py_compile FILE` shows the same error); Alembic cannot import this file either
    error[missing-revision-id] file: the revision file sets no `revision` id, so it is not part of the revision graph
      help: add a line `revision = "<id>"` near the top (Alembic's files use 12 hex digits)
    "#);
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let parens = format!(
        "revision = 'a'\ndown_revision = None\nx = {}1{}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let sums = format!(
        "revision = 'a'\ndown_revision = None\nx = 1{}\n",
        " + 1".repeat(100_000)
    );
    let unary = format!(
        "revision = 'a'\ndown_revision = None\nx = {}1\n",
        "-".repeat(100_000)
    );
    let attrs = format!(
        "revision = 'a'\ndown_revision = None\nx = a{}\n",
        ".b".repeat(100_000)
    );
    for text in [parens, sums, unary, attrs] {
        let (h, diagnostics) = read_revision(&text, 0);
        assert_eq!(h.revision.as_deref(), Some("a"));
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["python-too-deep"]);
    }
    // Deep but within the limit still parses (and is dropped without overflowing the stack).
    let ok = format!(
        "revision = 'a'\ndown_revision = None\nx = {}1{}\n",
        "(".repeat(150),
        ")".repeat(150)
    );
    let (_, diagnostics) = read_revision(&ok, 0);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let ok = format!(
        "revision = 'a'\ndown_revision = None\nx = 1{}\n",
        " + 1".repeat(350)
    );
    let (_, diagnostics) = read_revision(&ok, 0);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn chain_branch_and_merge() {
    let a = rev("1975ea83b712", "None", "create account table");
    let b = rev("ae1027a6acf", "'1975ea83b712'", "add a column");
    let c = rev("27c6a30d7c24", "'1975ea83b712'", "add orders");
    let d = rev(
        "3adcc9a56557",
        "('ae1027a6acf', '27c6a30d7c24')",
        "merge heads",
    );
    let e = rev("4f2b1a0c9d11", "'3adcc9a56557'", "add index");
    insta::assert_snapshot!(check(&[
        ("alembic.ini", "[alembic]\nscript_location = alembic\n"),
        ("alembic/env.py", "from alembic import context"),
        ("alembic/versions/1975ea83b712_create_account_table.py", &a),
        ("alembic/versions/ae1027a6acf_add_a_column.py", &b),
        ("alembic/versions/27c6a30d7c24_add_orders.py", &c),
        ("alembic/versions/3adcc9a56557_merge_heads.py", &d),
        ("alembic/versions/4f2b1a0c9d11_add_index.py", &e),
    ]), @r#"
    layout: alembic
    base -> 1975ea83b712 (branchpoint), "create account table"
    1975ea83b712 -> 27c6a30d7c24, "add orders"
    1975ea83b712 -> ae1027a6acf, "add a column"
    ae1027a6acf, 27c6a30d7c24 -> 3adcc9a56557 (mergepoint), "merge heads"
    3adcc9a56557 -> 4f2b1a0c9d11 (head), "add index"
    "#);
}

#[test]
fn multiple_heads_and_missing_parents() {
    insta::assert_snapshot!(check(&[
        ("versions/a1_first.py", &rev("a1", "None", "first")),
        ("versions/b2_left.py", &rev("b2", "'a1'", "left")),
        ("versions/c3_right.py", &rev("c3", "'a1'", "right")),
        ("versions/d4_orphan.py", &rev("d4", "'0ff1ce'", "orphan")),
    ]), @r#"
    layout: alembic
    base -> a1 (branchpoint), "first"
    a1 -> b2 (head), "left"
    a1 -> c3 (head), "right"
    base -> d4 (head), "orphan"
    error[missing-revision] versions/d4_orphan.py: revision `d4` in `versions/d4_orphan.py` follows `0ff1ce`, which is not in the set
      help: fix down_revision in `versions/d4_orphan.py`: name an existing revision, or restore the file of `0ff1ce`
    warning[multiple-heads] versions/d4_orphan.py: the set has 3 heads: `b2`, `c3`, `d4`
      help: each head is a separate branch; merge them into one revision whose parents are all heads (with Alembic: `alembic merge heads`)
    "#);
}

#[test]
fn cycles_self_dependencies_and_duplicates() {
    insta::assert_snapshot!(check(&[
        ("versions/a1_first.py", &rev("a1", "None", "first")),
        ("versions/b2_x.py", &rev("b2", "'c3'", "x")),
        ("versions/c3_y.py", &rev("c3", "'b2'", "y")),
        ("versions/d4_after_cycle.py", &rev("d4", "'c3'", "after the cycle")),
        ("versions/e5_self.py", &rev("e5", "('a1', 'e5')", "self")),
        ("versions/f6_copy.py", &rev("a1", "None", "copy of first")),
    ]), @r#"
    layout: alembic
    base -> a1, "first"
    a1 -> e5 (head), "self"
    error[duplicate-revision] versions/f6_copy.py: revision id `a1` is used twice: `versions/a1_first.py` and `versions/f6_copy.py`; the second is left out
      help: revision ids must be unique: give one of the revisions a new id (and update the down_revision that should point at it)
    error[self-dependency] versions/e5_self.py: revision `e5` lists itself as its parent
      help: set down_revision to the revision this one follows (None for the first revision)
    error[cycle] versions/b2_x.py: revisions `b2`, `c3` depend on each other in a cycle and are not applied, nor are the revisions after them: `d4`
      help: a revision cannot follow its own descendants: fix the down_revision of one revision in the cycle
    warning[multiple-heads] versions/e5_self.py: the set has 2 heads: `d4`, `e5`
      help: each head is a separate branch; merge them into one revision whose parents are all heads (with Alembic: `alembic merge heads`)
    "#);
}

#[test]
fn depends_on_orders_without_merging() {
    // `b1` on its own branch depends on `a2`: applied after it, but not a merge, and both stay
    // heads, as `alembic heads` says.
    let b1 = format!("{}depends_on = 'a2'\n", rev("b1", "None", "other branch"));
    let b2 = format!(
        "{}depends_on = ('zz',)\n",
        rev("b2", "'b1'", "needs a missing one")
    );
    insta::assert_snapshot!(check(&[
        ("versions/a1_x.py", &rev("a1", "None", "x")),
        ("versions/a2_y.py", &rev("a2", "'a1'", "y")),
        ("versions/b1_z.py", &b1),
        ("versions/b2_w.py", &b2),
    ]), @r#"
    layout: alembic
    base -> a1, "x"
    a1 -> a2 (head), "y"
    base -> b1 (depends on a2), "other branch"
    b1 -> b2 (head), "needs a missing one"
    error[missing-revision] versions/b2_w.py: revision `b2` in `versions/b2_w.py` depends on `zz`, which is not in the set
      help: fix depends_on in `versions/b2_w.py`: name an existing revision, or restore the file of `zz`
    warning[multiple-heads] versions/b2_w.py: the set has 2 heads: `a2`, `b2`
      help: each head is a separate branch; merge them into one revision whose parents are all heads (with Alembic: `alembic merge heads`)
    "#);
}

#[test]
fn folders_as_users_point_at_them() {
    // At `versions/` itself: files have no folder, their content says they are revisions.
    insta::assert_snapshot!(check(&[
        ("1975ea83b712_create.py", &rev("1975ea83b712", "None", "create")),
        ("ae1027a6acf_add.py", &rev("ae1027a6acf", "'1975ea83b712'", "add")),
        ("__init__.py", ""),
        ("__pycache__/ae1027a6acf_add.cpython-312.pyc", "\0"),
    ]), @r#"
    layout: alembic
    base -> 1975ea83b712, "create"
    1975ea83b712 -> ae1027a6acf (head), "add"
    "#);
    // `version_locations` in alembic.ini names folders that are not called `versions`. The
    // syntax error of `b1` is reported when its upgrade() is lowered, not twice.
    insta::assert_snapshot!(check(&[
        ("alembic.ini", "[alembic]\nscript_location = %(here)s/db\nversion_locations = %(here)s/db/core %(here)s/db/billing\n"),
        ("db/env.py", "from alembic import context"),
        ("db/core/a1_core.py", &rev("a1", "None", "core")),
        ("db/billing/b1_billing.py", "\"\"\"billing\"\"\"\nrevision = 'b1'\ndown_revision = 'a1'\ndef upgrade(:\n"),
        ("db/helpers.py", "def helper():\n    pass\n"),
    ]), @r#"
    layout: alembic
    base -> a1, "core"
    a1 -> b1 (head), "billing"
    info[ignored-file] db/helpers.py: `db/helpers.py` is not an alembic migration and was not read
      help: an alembic set holds Alembic revisions `versions/<revision>_<slug>.py`
    "#);
    // A file without a revision id is left out, named, and its child reports the gap.
    insta::assert_snapshot!(check(&[
        ("versions/1975ea83b712_create.py", "\"\"\"create\"\"\"\ndown_revision = None\n"),
        ("versions/ae1027a6acf_add.py", &rev("ae1027a6acf", "'1975ea83b712'", "add")),
        // Alembic's legacy naming: the file name is the id.
        ("versions/4f2b1a0c9d11.py", "\"\"\"legacy\"\"\"\ndown_revision = 'ae1027a6acf'\n"),
    ]), @r#"
    layout: alembic
    base -> ae1027a6acf, "add"
    ae1027a6acf -> 4f2b1a0c9d11 (head), "legacy"
    error[missing-revision-id] versions/1975ea83b712_create.py: `versions/1975ea83b712_create.py` sets no `revision` id, so it is not part of the revision graph
      help: add a line `revision = "1975ea83b712"` near the top (the id the file name starts with)
    error[missing-revision] versions/ae1027a6acf_add.py: revision `ae1027a6acf` in `versions/ae1027a6acf_add.py` follows `1975ea83b712`, which is not in the set
      help: fix down_revision in `versions/ae1027a6acf_add.py`: name an existing revision, or restore the file of `1975ea83b712`
    "#);
}

#[test]
fn thousands_of_revisions_with_merges_read_quickly() {
    // 2,000 revisions as Alembic writes them: every tenth revision starts a side branch that
    // the fifth revision after it merges back.
    let body = "\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade() -> None:\n    op.add_column('t', sa.Column('c', sa.Integer(), nullable=True))\n\n\ndef downgrade() -> None:\n    op.drop_column('t', 'c')\n";
    let mut files = Vec::new();
    let id = |k: usize| format!("{k:012x}");
    for k in 0..2000 {
        let down = match k {
            0 => "None".to_string(),
            k if k % 10 == 5 => format!("('{}', 's{:011x}')", id(k - 1), k - 5),
            k => format!("'{}'", id(k - 1)),
        };
        files.push(InputFile::new(
            format!("versions/{}_step.py", id(k)),
            format!("{}{body}", rev(&id(k), &down, "step")),
        ));
        if k % 10 == 0 {
            let side = format!("s{k:011x}");
            files.push(InputFile::new(
                format!("versions/{side}_side.py"),
                format!("{}{body}", rev(&side, &format!("'{}'", id(k)), "side")),
            ));
        }
    }
    let started = std::time::Instant::now();
    let (set, diagnostics) = discover(files, None);
    let (g, graph_diagnostics) = build_graph(&set);
    let elapsed = started.elapsed();
    assert!(
        diagnostics.is_empty() && graph_diagnostics.is_empty(),
        "{diagnostics:?} {graph_diagnostics:?}"
    );
    assert_eq!(set.migrations.len(), 2200);
    assert_eq!(g.order.len(), 2200);
    assert_eq!(g.heads.len(), 1);
    assert_eq!((0..2200).filter(|&i| g.is_merge(i)).count(), 200);
    // Generous for a debug build on a busy machine; a quadratic step would take minutes.
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
}

/// Discovery parses each revision once and `load` lowers that parse: a broken file still gets
/// exactly one error, and nesting only the header reader's measure catches (a chain of
/// `lambda:`, which resets the lowering's count at each colon) is refused before parsing.
#[test]
fn one_parse_serves_the_header_and_the_bodies() {
    use strata_core::project::{load, Config};
    let broken = "revision = 'a1'\ndown_revision = None\ndef upgrade():\n    op.create_table(\n";
    let lambdas = format!(
        "revision = 'b1'\ndown_revision = 'a1'\nf = {}1\n",
        "lambda: ".repeat(50_000)
    );
    let files = vec![
        InputFile::new("versions/a1_x.py", broken.as_bytes()),
        InputFile::new("versions/b1_y.py", lambdas.as_bytes()),
    ];
    let project = load(files, &Config::default());
    let codes: Vec<(&str, u32)> = project
        .diagnostics
        .iter()
        .map(|d| (d.code, d.span.map_or(u32::MAX, |s| s.file)))
        .collect();
    assert_eq!(codes, [("python-syntax-error", 0), ("python-too-deep", 1)]);
    let ids: Vec<&str> = project
        .graph
        .order
        .iter()
        .map(|&i| project.set.migrations[i].id.as_str())
        .collect();
    assert_eq!(ids, ["a1", "b1"]);
}

/// `\N{NAME}` escapes are not decoded (the Unicode name table is left out of the web bundle, see
/// ARCHITECTURE.md): the file gets a syntax diagnostic on the escape, and its header still counts.
#[test]
fn unicode_name_escapes_are_reported_not_decoded() {
    let out = check_header("revision = 'b'\ndown_revision = None\nbullet = '\\N{BULLET}'\n");
    assert!(out.contains("revision: Some(\"b\")"), "{out}");
    assert!(out.contains("error[python-syntax-error]"), "{out}");
    assert!(out.contains("does not decode `\\N{NAME}` escapes"), "{out}");
}
