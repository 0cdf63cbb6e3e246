//! The quick reader against rustpython: whatever it accepts must be exactly rustpython's AST.

use super::parse;
use rustpython_parser::{ast, Mode};

fn slow(text: &str) -> Option<ast::Suite> {
    match rustpython_parser::parse(text, Mode::Module, "<test>") {
        Ok(ast::Mod::Module(m)) => Some(m.body),
        _ => None,
    }
}

/// Accepted means identical to rustpython; returns whether it was accepted.
fn check(text: &str) -> bool {
    let Some(fast) = parse(text) else {
        return false;
    };
    let Some(slow) = slow(text) else {
        panic!("the quick reader accepts what rustpython rejects:\n{text}")
    };
    assert_eq!(fast, slow, "different trees for:\n{text}");
    true
}

fn accepts(text: &str) {
    assert!(check(text), "should take the quick path:\n{text}");
}

fn declines(text: &str) {
    assert!(
        parse(text).is_none(),
        "should leave this to rustpython:\n{text}"
    );
}

/// Every `.py` file under `dir`, recursively.
fn python_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            python_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

fn example_files() -> Vec<(std::path::PathBuf, String)> {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/alembic-support");
    let mut paths = Vec::new();
    python_files(&root, &mut paths);
    paths.sort();
    assert!(paths.len() > 20, "the example set is missing");
    paths
        .into_iter()
        .map(|p| (p.clone(), std::fs::read_to_string(&p).expect("readable")))
        .collect()
}

#[test]
fn every_revision_of_the_example_takes_the_quick_path_or_matches() {
    let files = example_files();
    let taken = files.iter().filter(|(_, text)| check(text)).count();
    eprintln!("quick path: {taken} of {} example files", files.len());
    // The example uses everything Strata interprets; only the revision with a loop (and
    // whatever is added later in that vein) needs rustpython.
    assert!(
        taken + 2 > files.len(),
        "only {taken} of {} example files took the quick path",
        files.len()
    );
}

/// More revision files, when `STRATA_PY_CORPUS` names a folder of them (public Alembic
/// histories; see ../shared/real-world.md in the team's notes): prints how many were taken.
#[test]
fn a_corpus_of_revision_files_matches_rustpython() {
    let Ok(dir) = std::env::var("STRATA_PY_CORPUS") else {
        return;
    };
    let mut paths = Vec::new();
    python_files(std::path::Path::new(&dir), &mut paths);
    let mut taken = 0;
    for p in &paths {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        let caught = std::panic::catch_unwind(|| check(&text));
        match caught {
            Ok(true) => taken += 1,
            Ok(false) => {}
            Err(_) => panic!("{} differs", p.display()),
        }
        let mut rng = Rng(0x5eed_0000_0000_0001 ^ text.len() as u64);
        for _ in 0..20 {
            let s = mutant(&text, &mut rng);
            if std::panic::catch_unwind(|| check(&s)).is_err() {
                panic!("a mutant of {} differs:\n{s}", p.display());
            }
        }
    }
    eprintln!(
        "quick path: {taken} of {} files (and 20 mutants of each checked)",
        paths.len()
    );
}

#[test]
fn statements_of_plain_revisions() {
    accepts("\"\"\"add users\n\nRevision ID: abc\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\nimport sqlalchemy.dialects.postgresql\nfrom sqlalchemy.dialects import postgresql as pg, mysql\n");
    accepts("from typing import (\n    Sequence,\n    Union,\n)\nfrom typing import (Sequence)\n");
    accepts("revision: str = 'abc'\ndown_revision: Union[str, None] = None\nbranch_labels: Union[str, Sequence[str], None] = None\nx: int\n");
    accepts("down_revision = ('a', 'b')\ndepends_on = ['c',]\nempty = ()\none = ('a',)\nparen = ('a')\nd = {}\ne = {'a': 1, 'b': -2.5,}\n");
    accepts("def upgrade() -> None:\n    # comment\n    op.create_table('t',\n        sa.Column('id', sa.Integer(), primary_key=True),  # trailing\n\n        sa.Column('n', sa.String(length=20), server_default=sa.text(\"'x'\")),\n    )\n\n\ndef downgrade():\n    pass\n");
    accepts("def upgrade(engine_name: str, other,) -> None:\n    globals()['upgrade_x']()\n");
    accepts("def upgrade():\n    with op.batch_alter_table('t', schema=None) as batch_op:\n        batch_op.add_column(sa.Column('x', sa.Integer()))\n\n    with a() as b, c():\n        return\n    return op.f('x')\n");
    accepts(
        "x = (a).b(c)[d]\ny = (a)\n(z)\nw = x[(a), b,]\nv = x[a,]\nu = -(1)\nt = - 1 .__class__\n",
    );
    accepts("x = 'a' \"b\" '''c\nd''' r'\\d+\\'' u'e'\ny = u'a' 'b'\nz = '\\\\ \\' \\\" \\n \\t \\r \\\n'\n");
    accepts("x = 0\ny = 10.25\nz = 123456789012345678901234567890\n");
    accepts("if_ = 1\nnot_a_keyword = None\nmatched = f(match=1, type=2)\n");
    accepts("def f():\n    x = 1\n  # a comment at another indentation\n    y = 2\n");
    accepts("def f():\n    pass");
    accepts("def upgrade():\n    if op.get_bind().dialect.name == 'postgresql':\n        op.execute('x')\n    elif a != b == c:\n        pass\n\n    elif d:\n        pass\n    else:\n        # note\n        return\n    if x:\n        pass\n    if y:\n        pass\n    else:\n        pass\n");
    accepts("def downgrade():\n    raise RuntimeError('Order No. 227 - Ни шагу назад!')\n\n\ndef f():\n    raise\n");
}

#[test]
fn declines_what_it_does_not_read() {
    for text in [
        "if x < 1:\n    pass\n",
        "if not x:\n    pass\n",
        "if x is None:\n    pass\n",
        "if x == 1 and y:\n    pass\n",
        "f(a != b)\n",
        "x = f'{a}'\n",
        "x = b'a'\n",
        "x = 1 + 2\n",
        "x = a == b\n",
        "x = 1e5\n",
        "x = 1_000\n",
        "x = 0x10\n",
        "x = 01\n",
        "x = .5\n",
        "x = '\\x41'\n",
        "x = '\\N{BULLET}'\n",
        "def f():\n\tpass\n",
        "def f():\r\n    pass\r\n",
        "@decorator\ndef f():\n    pass\n",
        "x = y = 1\n",
        "x = 1; y = 2\n",
        "x, y = 1, 2\n",
        "x = 1, 2\n",
        "f(*args)\n",
        "f(**kwargs)\n",
        "from . import x\n",
        "from x import *\n",
        "with (a, b):\n    pass\n",
        "def f(a=1):\n    pass\n",
        "x = lambda: 1\n",
        "x = [a for a in b]\n",
        "x = {a, b}\n",
        "x = a[1:2]\n",
        "x = ...\n",
        "match x:\n    case 1:\n        pass\n",
        "type X = int\n",
        "café = 1\n",
        "x = \\\n    1\n",
        "\u{feff}x = 1\n",
        "async def f():\n    pass\n",
        "x.y = 1\n",
        "x[0] = 1\n",
        "x += 1\n",
        "raise X from e\n",
        "print(x) if y else z\n",
        // rustpython takes this one; CPython does not.
        "None = 1\n",
    ] {
        declines(text);
        // Whatever rustpython makes of it, declining is right.
    }
}

#[test]
fn declines_syntax_errors_for_rustpython_to_report() {
    for text in [
        "f(a=1, b)\n",
        "f(a=1, a=2)\n",
        "def f(a, a):\n    pass\n",
        "def f(:\n    pass\n",
        "x = (1\n",
        "x = 1)\n",
        "def f():\n    x = 1\n  y = 2\n",
        "  x = 1\n",
        "def f():\nx = 1\n",
        "x = 'abc\n",
        "x = '''abc\n",
        "f(None=1)\n",
        "x = import\n",
        "def f()\n    pass\n",
        "with a as b\n    pass\n",
        "from x import (a, b\n",
        "from x import a,\n",
        "x = [1, 2,,]\n",
        "def f():\n",
        "x = (\n",
    ] {
        declines(text);
        assert!(slow(text).is_none(), "not a syntax error after all: {text}");
    }
}

/// A small deterministic generator, so a failure names a reproducible case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: [&str; 24] = [
    "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "-", "->", "'", "\"", "\"\"\"", "\\", "\n",
    "    ", "\t", "#", "x", "1", "None", "as",
];

/// `text` with one to three edits: a few characters deleted, a piece inserted, or a character
/// replaced by a piece (pieces that often matter to Python's syntax).
fn mutant(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    for _ in 0..=rng.below(2) {
        let mut at = rng.below(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(3) {
            0 => {
                let mut end = (at + 1 + rng.below(6)).min(s.len());
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                s.replace_range(at..end, "");
            }
            1 => s.insert_str(at, PIECES[rng.below(PIECES.len())]),
            _ => {
                let mut end = (at + 1).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, PIECES[rng.below(PIECES.len())]);
            }
        }
    }
    s
}

/// Thousands of mutants of the example's revision files (a character or a token deleted,
/// duplicated or replaced by one that often matters): never accepted unless rustpython builds
/// the same tree.
#[test]
fn mutants_of_the_example_match_or_are_declined() {
    let files = example_files();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let (mut accepted, mut total) = (0, 0);
    for (_, text) in &files {
        for _ in 0..150 {
            let s = mutant(text, &mut rng);
            total += 1;
            if check(&s) {
                accepted += 1;
            }
        }
    }
    eprintln!("quick path: {accepted} of {total} mutants");
    // Most mutants still parse: the test is only worth something if many take the quick path.
    assert!(
        accepted * 5 > total,
        "only {accepted} of {total} mutants took the quick path"
    );
}
