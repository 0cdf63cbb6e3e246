//! Share links: round trips of both forms, bounded decoding of hostile input, and the range form
//! reopening to the same schema as the full set on the bundled examples.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use strata_core::share::{self, Payload, ShareError, View, MAX_LINK_BYTES, MAX_PAYLOAD_BYTES};
use strata_core::{load, Config, Dialect, InputFile, Project, Revision, Severity};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(name)
}

/// The folder's files as the CLI reads them (hidden files and caches skipped).
fn read_folder(dir: &Path) -> Vec<InputFile> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<InputFile>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("example folder")
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "__pycache__" {
                continue;
            }
            let path = e.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(InputFile::new(rel, std::fs::read(&path).expect("readable")));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

fn load_example(name: &str) -> Project {
    let dir = example(name);
    let config = Config {
        folder: Some(dir.to_string_lossy().into_owned()),
        ..Config::default()
    };
    load(read_folder(&dir), &config)
}

fn reopen(p: &Payload) -> (Project, View) {
    let text = share::encode(p);
    let decoded = share::decode(&text).expect("own links decode");
    assert_eq!(&decoded, p, "round trip");
    let (files, config, view) = share::open(&decoded);
    (load(files, &config), view)
}

fn errors(p: &Project) -> Vec<String> {
    p.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

fn hostile_files() -> Vec<(String, String)> {
    vec![
        (
            "001_<script>alert(1)</script>.sql".into(),
            "CREATE TABLE \"<img src=x onerror=alert(1)>\" (id int);\n".into(),
        ),
        (
            "002_ünïcødé_日本語.sql".into(),
            "-- ✓ naïve café 🚀\nCREATE TABLE t (\"colonne_é\" text);\n".into(),
        ),
        ("003_empty.sql".into(), String::new()),
    ]
}

fn hostile_view() -> View {
    View {
        from: Some("<b>001</b>".into()),
        to: Some("日本".into()),
        dialect: Some(Dialect::Mysql),
        table: Some("</script><script>alert(1)</script>".into()),
    }
}

#[test]
fn files_form_round_trips_html_unicode_and_empty() {
    for p in [
        Payload::Files {
            folder: Some("<script>x</script>/ü".into()),
            files: hostile_files(),
            view: hostile_view(),
        },
        Payload::Files {
            folder: None,
            files: Vec::new(),
            view: View::default(),
        },
    ] {
        let text = share::encode(&p);
        assert!(text.starts_with("s1."), "{text}");
        assert!(
            text[3..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{text}"
        );
        assert_eq!(share::decode(&text), Ok(p.clone()));
        assert_eq!(share::decode(&format!("#{text}")), Ok(p.clone()));
        assert_eq!(
            share::decode(&share::link("https://example.org/app/#old", &p)),
            Ok(p.clone())
        );
    }
}

#[test]
fn range_form_round_trips_html_unicode_and_empty() {
    for p in [
        Payload::Range {
            dialect: Dialect::Sqlite,
            base_id: "<i>7</i>".into(),
            base_sql: "CREATE TABLE \"</pre>\" (\"ü\" TEXT);\n".into(),
            files: hostile_files(),
            view: hostile_view(),
        },
        Payload::Range {
            dialect: Dialect::Postgres,
            base_id: String::new(),
            base_sql: String::new(),
            files: Vec::new(),
            view: View::default(),
        },
    ] {
        assert_eq!(share::decode(&share::encode(&p)), Ok(p.clone()));
        // Opening hostile names never fails: they are names, nothing runs.
        let (files, config, _) = share::open(&p);
        let _ = load(files, &config);
    }
}

#[test]
fn encoding_is_deterministic() {
    let a = load_example("postgres-numbered");
    let b = load_example("postgres-numbered");
    let view = View {
        from: Some("003".into()),
        to: Some("025".into()),
        dialect: None,
        table: Some("users".into()),
    };
    assert_eq!(
        share::encode(&share::files_payload(&a, view.clone())),
        share::encode(&share::files_payload(&b, view.clone()))
    );
    let (from, to) = (a.resolve("010").unwrap(), a.head());
    assert_eq!(
        share::encode(&share::range_payload(&a, from, to, view.clone())),
        share::encode(&share::range_payload(&b, from, to, view))
    );
}

#[test]
fn prefix_version_and_alphabet_errors() {
    let good = share::encode(&Payload::Files {
        folder: None,
        files: hostile_files(),
        view: View::default(),
    });
    let data = &good[3..];
    assert_eq!(
        share::decode(&format!("s2.{data}")),
        Err(ShareError::Version(2))
    );
    assert_eq!(
        share::decode(&format!("s999.{data}")),
        Err(ShareError::Version(255))
    );
    assert_eq!(
        share::decode(&format!("x1.{data}")),
        Err(ShareError::BadPrefix)
    );
    assert_eq!(share::decode("s1"), Err(ShareError::BadPrefix));
    assert_eq!(share::decode(""), Err(ShareError::BadPrefix));
    assert_eq!(
        share::decode("s1.ab!cd"),
        Err(ShareError::BadBase64 { at: 2 })
    );
    assert_eq!(
        share::decode("s1.abcde"),
        Err(ShareError::BadBase64 { at: 5 })
    );
    assert_eq!(share::decode("s1."), Err(ShareError::Inflate));
    // Valid base64url of bytes that are not deflate.
    assert_eq!(share::decode("s1.____"), Err(ShareError::Inflate));
    // Valid deflate of something that is not the payload.
    let not_json = format!(
        "s1.{}",
        b64(&miniz_oxide::deflate::compress_to_vec(b"{\"Files\": 3}", 6))
    );
    assert!(
        matches!(share::decode(&not_json), Err(ShareError::BadJson(_))),
        "{:?}",
        share::decode(&not_json)
    );
    for e in [
        ShareError::BadPrefix,
        ShareError::Version(2),
        ShareError::Inflate,
        ShareError::TooLarge,
        ShareError::BadBase64 { at: 4 },
    ] {
        assert!(e.to_string().len() > 20, "{e}");
    }
    assert!(ShareError::Version(2).to_string().contains("newer"));
}

/// Base64url without padding, written independently of the module's encoder.
fn b64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = String::new();
    for &b in bytes {
        bits = (bits << 8) | u32::from(b);
        n += 8;
        while n >= 6 {
            n -= 6;
            out.push(A[((bits >> n) & 63) as usize] as char);
        }
    }
    if n > 0 {
        out.push(A[((bits << (6 - n)) & 63) as usize] as char);
    }
    out
}

#[test]
fn the_module_encoder_matches_an_independent_base64url() {
    let p = Payload::Files {
        folder: Some("x".into()),
        files: hostile_files(),
        view: View::default(),
    };
    let text = share::encode(&p);
    let json = serde_json::to_vec(&p).unwrap();
    let expected = format!(
        "s1.{}",
        b64(&miniz_oxide::deflate::compress_to_vec(&json, 9))
    );
    assert_eq!(text, expected);
}

#[test]
fn oversized_input_is_refused_before_work() {
    let long = format!("s1.{}", "A".repeat(MAX_LINK_BYTES));
    assert_eq!(
        share::decode(&long),
        Err(ShareError::TooLong {
            len: MAX_LINK_BYTES + 3,
            max: MAX_LINK_BYTES
        })
    );
}

#[test]
fn a_small_link_cannot_inflate_past_the_limit() {
    // 100 MB of zeros deflates to about 100 kB: a bomb for a naive decoder.
    let zeros = vec![0u8; 100 << 20];
    let bomb = format!(
        "s1.{}",
        b64(&miniz_oxide::deflate::compress_to_vec(&zeros, 6))
    );
    assert!(bomb.len() < MAX_LINK_BYTES);
    assert_eq!(share::decode(&bomb), Err(ShareError::TooLarge));
    // A real payload just over the limit is refused the same way.
    let big = Payload::Files {
        folder: None,
        files: vec![("a.sql".into(), "x".repeat(MAX_PAYLOAD_BYTES))],
        view: View::default(),
    };
    assert_eq!(
        share::decode(&share::encode(&big)),
        Err(ShareError::TooLarge)
    );
}

#[test]
fn truncations_and_bit_flips_of_a_real_link_never_panic() {
    let p = share::files_payload(&load_example("sqlite-numbered"), View::default());
    let text = share::encode(&p);
    let bytes = text.as_bytes();
    for cut in (0..bytes.len())
        .step_by(7)
        .chain(bytes.len().saturating_sub(40)..bytes.len())
    {
        let r = share::decode(&text[..cut]);
        assert!(r.is_err() || cut >= bytes.len() - 1, "cut at {cut} decoded");
    }
    // Flip each bit of every 13th character: the result is an error or some payload, never a panic.
    let mut changed = 0;
    for at in (3..bytes.len()).step_by(13) {
        for bit in 0..8 {
            let mut b = bytes.to_vec();
            b[at] ^= 1 << bit;
            if let Ok(s) = std::str::from_utf8(&b) {
                if share::decode(s).as_ref() != Ok(&p) {
                    changed += 1;
                }
            }
        }
    }
    assert!(changed > 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_never_panics(s in ".{0,300}") {
        let _ = share::decode(&s);
        let _ = share::decode(&format!("s1.{s}"));
    }

    #[test]
    fn random_base64_never_panics(s in "[A-Za-z0-9_-]{0,400}") {
        let _ = share::decode(&format!("s1.{s}"));
    }

    #[test]
    fn random_deflate_streams_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = share::decode(&format!("s1.{}", b64(&bytes)));
        // Compressed random JSON-ish bytes reach the JSON reader.
        let _ = share::decode(&format!("s1.{}", b64(&miniz_oxide::deflate::compress_to_vec(&bytes, 1))));
    }

    #[test]
    fn random_payloads_round_trip(
        files in proptest::collection::vec(("\\PC{0,20}", "\\PC{0,80}"), 0..5),
        folder in proptest::option::of("\\PC{0,10}"),
        table in proptest::option::of("\\PC{0,10}"),
    ) {
        let p = Payload::Files { folder, files, view: View { table, ..View::default() } };
        prop_assert_eq!(share::decode(&share::encode(&p)), Ok(p.clone()));
        let q = Payload::Range { dialect: Dialect::Sqlite, base_id: "1".into(), base_sql: String::new(), files: Vec::new(), view: View::default() };
        prop_assert_eq!(share::decode(&share::encode(&q)), Ok(q.clone()));
    }
}

/// The files form reopens to the very same set.
#[test]
fn files_form_reopens_the_examples() {
    for name in [
        "postgres-numbered",
        "sqlite-numbered",
        "mysql-golang",
        "alembic-support",
        "broken-postgres",
    ] {
        let original = load_example(name);
        let (opened, _) = reopen(&share::files_payload(&original, View::default()));
        assert_eq!(opened.dialect, original.dialect, "{name}");
        assert_eq!(opened.set.layout, original.set.layout, "{name}");
        assert_eq!(
            opened.set.migrations.len(),
            original.set.migrations.len(),
            "{name}"
        );
        assert_eq!(
            opened.diagnostics.len(),
            original.diagnostics.len(),
            "{name}"
        );
        assert_eq!(
            opened.replay(opened.head()).schema,
            original.replay(original.head()).schema,
            "{name}"
        );
    }
}

/// Opens the range `from..to` of `name` and checks it loads cleanly and replays to the original
/// schema at `to` (and at `from`).
fn check_range(original: &Project, name: &str, from: Revision, to: Revision) {
    let id = |r: Revision| match r {
        Revision::Base => "base".to_string(),
        Revision::At(i) => original.set.migrations[i].id.clone(),
    };
    let view = View {
        from: Some(id(from)),
        to: Some(id(to)),
        dialect: None,
        table: None,
    };
    let payload = share::range_payload(original, from, to, view);
    let (opened, view) = reopen(&payload);
    let what = format!("{name} {}..{}", id(from), id(to));
    assert_eq!(errors(&opened), errors(original), "{what}: load errors");
    assert_eq!(opened.dialect, original.dialect, "{what}");
    for (rev, label) in [(to, "to"), (from, "from")] {
        let wanted = view
            .clone()
            .to
            .filter(|_| label == "to")
            .or(view.from.clone().filter(|_| label == "from"))
            .unwrap();
        let at = opened
            .resolve(&wanted)
            .unwrap_or_else(|d| panic!("{what}: `{wanted}` in the opened set: {}", d.message));
        let (got, expected) = (opened.replay(at), original.replay(rev));
        let replay_errors: Vec<_> = got
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| &d.message)
            .collect();
        assert!(
            replay_errors.is_empty(),
            "{what}: replay errors at {label}: {replay_errors:?}"
        );
        if comparable(&got.schema) != comparable(&expected.schema) {
            let summary = strata_core::diff::render_text(&strata_core::diff::summarize(
                &expected.schema,
                &got.schema,
            ));
            panic!(
                "{what}: schema at {label} differs:\n{summary}\n{}",
                first_difference(&got.schema, &expected.schema)
            );
        }
    }
    // A forward range opens with B as its only head.
    if matches!(from, Revision::At(a) if original.path_to(to).contains(&a)) {
        assert_eq!(
            opened.head(),
            opened.resolve(view.to.as_deref().unwrap()).unwrap(),
            "{what}: head"
        );
    }
}

/// The schema less two things the base SQL cannot carry as the migrations wrote them (the gaps
/// the module doc of `share` names); everything else must be equal as is:
/// - each table's constraints are sorted by name: `render::render_schema` adds foreign keys
///   after every table exists (tables may reference each other), so in a schema replayed from it
///   they come after the table's other constraints. The database holds the same constraints, and
///   `diff::summarize` reports no change.
/// - table options (`ENGINE=InnoDB ...`, informative free text kept as written) are dropped: the
///   MySQL renderer folds them into the spelling the server accepts, so `DEFAULT CHARSET=utf8`
///   plus a later `CONVERT TO CHARACTER SET utf8mb4` comes back as `DEFAULT CHARSET=utf8mb4`.
fn comparable(s: &strata_core::Schema) -> strata_core::Schema {
    let mut s = s.clone();
    for t in s.tables.values_mut() {
        t.constraints.sort_by(|a, b| a.name.cmp(&b.name));
        t.options.clear();
    }
    s
}

/// The first part of two schemas that differs, for a readable failure.
fn first_difference(got: &strata_core::Schema, expected: &strata_core::Schema) -> String {
    for (name, t) in &expected.tables {
        if got.tables.get(name) != Some(t) {
            return format!("table {name}:\n got {:?}\nwant {t:?}", got.tables.get(name));
        }
    }
    for (name, v) in &expected.views {
        if got.views.get(name) != Some(v) {
            return format!("view {name}:\n got {:?}\nwant {v:?}", got.views.get(name));
        }
    }
    let (mut g, mut e) = (got.clone(), expected.clone());
    g.tables.clear();
    e.tables.clear();
    g.views.clear();
    e.views.clear();
    format!("rest:\n got {g:?}\nwant {e:?}")
}

#[test]
fn range_form_replays_like_the_full_set() {
    for name in [
        "postgres-numbered",
        "sqlite-numbered",
        "mysql-golang",
        "alembic-support",
    ] {
        let original = load_example(name);
        assert!(
            errors(&original).is_empty(),
            "{name}: {:?}",
            errors(&original)
        );
        let order = original.graph.order.clone();
        let head = original.head();
        // Every start to the head, and from the base to every revision.
        check_range(&original, name, Revision::Base, head);
        for &i in &order {
            check_range(&original, name, Revision::At(i), head);
            check_range(&original, name, Revision::Base, Revision::At(i));
        }
        // An empty range: the base alone, at A = B.
        for &i in order.iter().step_by(5) {
            check_range(&original, name, Revision::At(i), Revision::At(i));
        }
        // Short windows in the middle, as reviews are.
        for w in order.windows(4) {
            check_range(&original, name, Revision::At(w[0]), Revision::At(w[3]));
        }
    }
}

#[test]
fn alembic_ranges_across_branches_load_without_missing_revisions() {
    let original = load_example("alembic-support");
    let g = &original.graph;
    // Every ordered pair, including A on one branch and B on the other (both ends reopen).
    for (a, &from) in g.order.iter().enumerate() {
        for &to in &g.order[a + 1..] {
            check_range(
                &original,
                "alembic-support",
                Revision::At(from),
                Revision::At(to),
            );
        }
    }
}

#[test]
fn alembic_range_base_is_a_generated_revision() {
    let original = load_example("alembic-support");
    let from = original.resolve("d4005").unwrap();
    let payload = share::range_payload(&original, from, original.head(), View::default());
    let Payload::Range {
        ref base_id,
        ref files,
        ..
    } = payload
    else {
        panic!("range form")
    };
    assert_eq!(base_id, "d4005");
    assert!(files.iter().all(|(p, _)| p.ends_with(".py")), "{files:?}");
    let (inputs, config, _) = share::open(&payload);
    let base = inputs
        .iter()
        .find(|f| f.path.contains("base_schema"))
        .expect("generated base");
    let text = String::from_utf8_lossy(&base.contents);
    assert!(
        text.contains("revision = \"d4005\"")
            && text.contains("down_revision = None")
            && text.contains("op.execute("),
        "{text}"
    );
    let opened = load(inputs, &config);
    assert_eq!(opened.set.migrations.len(), 1 + files.len());
    assert_eq!(opened.graph.roots.len(), 1);
}

#[test]
fn a_branch_forked_before_the_base_gets_an_empty_revision() {
    // a1008 forks into b2001.. and c3001..; the range b2003..d4001 holds the c branch, whose
    // first revision names a1008, part of the base.
    let original = load_example("alembic-support");
    let (from, to) = (
        original.resolve("b2003").unwrap(),
        original.resolve("d4001").unwrap(),
    );
    let payload = share::range_payload(&original, from, to, View::default());
    let (inputs, config, _) = share::open(&payload);
    let stubs: Vec<String> = inputs
        .iter()
        .filter(|f| f.path.ends_with("_shared.py"))
        .map(|f| String::from_utf8_lossy(&f.contents).into_owned())
        .collect();
    assert_eq!(
        stubs.len(),
        1,
        "{:?}",
        inputs.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    assert!(
        stubs[0].contains("revision = \"a1008\"") && stubs[0].contains("down_revision = \"b2003\""),
        "{}",
        stubs[0]
    );
    let opened = load(inputs, &config);
    assert!(errors(&opened).is_empty(), "{:?}", errors(&opened));
    check_range(&original, "alembic-support", from, to);
}

#[test]
fn downgrade_range_holds_both_ends() {
    let original = load_example("postgres-numbered");
    let (from, to) = (
        original.resolve("020").unwrap(),
        original.resolve("012").unwrap(),
    );
    check_range(&original, "postgres-numbered", from, to);
}

/// Sizes of the links of the bundled examples, printed for the README and the report
/// (`cargo test -p strata-core --test share link_sizes -- --nocapture`).
#[test]
fn link_sizes() {
    for name in [
        "postgres-numbered",
        "sqlite-numbered",
        "mysql-golang",
        "alembic-support",
    ] {
        let p = load_example(name);
        let files = share::link(
            "http://127.0.0.1:8080/",
            &share::files_payload(&p, View::default()),
        );
        let from = p.resolve("head~3").unwrap();
        let range = share::link(
            "http://127.0.0.1:8080/",
            &share::range_payload(&p, from, p.head(), View::default()),
        );
        eprintln!(
            "{name}: files form {} chars, range head~3..head {} chars",
            files.len(),
            range.len()
        );
        assert!(files.len() < MAX_LINK_BYTES);
    }
}
