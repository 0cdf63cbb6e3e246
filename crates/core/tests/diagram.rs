//! The layout: no two boxes overlap (examples, a generated 500-table set, cycles and
//! self-references), referenced tables come first in reading order, edges run from box side to
//! box side, the result does not depend on input order, and the big set is about 16:10.

use std::path::{Path, PathBuf};
use std::time::Instant;
use strata_core::diagram::{box_size, layout, shapes_over, Diagram, Rect, TableShape};
use strata_core::schema::QualifiedName;
use strata_core::timeline::Timeline;
use strata_core::{load, Config, Dialect, InputFile, Project};

fn read_dir(root: &Path, dir: &Path, out: &mut Vec<InputFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_dir(root, &path, out);
        } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(root), std::fs::read(&path)) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(InputFile::new(rel.join("/"), bytes));
        }
    }
}

fn examples() -> Vec<(String, Project)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("migrations/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let out: Vec<(String, Project)> = dirs
        .into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut files = Vec::new();
            read_dir(&dir, &dir, &mut files);
            files.retain(|f| {
                !f.path.contains("__pycache__")
                    && [".sql", ".py", ".ini", ".mako"]
                        .iter()
                        .any(|e| f.path.ends_with(e))
            });
            let project = load(
                files,
                &Config {
                    folder: Some(name.clone()),
                    ..Config::default()
                },
            );
            (name, project)
        })
        .collect();
    assert!(out.len() >= 5, "the example sets were not found");
    out
}

/// 500 tables, each (but every seventh) with keys to up to two earlier tables, then 500 ALTERs.
fn generated() -> Project {
    let mut seed: u64 = 7;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let files = (0..1000)
        .map(|i| {
            let sql = if i < 500 {
                let mut cols = "id bigserial PRIMARY KEY, name text".to_string();
                if i > 0 && i % 7 != 0 {
                    let mut refs = vec![next(i), next(i)];
                    refs.sort();
                    refs.dedup();
                    for r in refs {
                        cols.push_str(&format!(", t{r}_ref bigint REFERENCES t{r}(id)"));
                    }
                }
                format!("CREATE TABLE t{i} ({cols});")
            } else {
                format!("ALTER TABLE t{} ADD COLUMN c{i} integer;", next(500))
            };
            InputFile::new(format!("{:04}_m.sql", i + 1), sql.into_bytes())
        })
        .collect();
    load(
        files,
        &Config {
            dialect: Some(Dialect::Postgres),
            ..Config::default()
        },
    )
}

fn diagram_of(
    project: &Project,
) -> (
    Vec<TableShape>,
    Vec<(QualifiedName, QualifiedName)>,
    Diagram,
) {
    let timeline = Timeline::build(project);
    let (shapes, fks) = shapes_over(project, &timeline);
    let d = layout(&shapes, &fks);
    (shapes, fks, d)
}

fn assert_no_overlap(name: &str, d: &Diagram) {
    let boxes: Vec<(&QualifiedName, &Rect)> = d.boxes.iter().collect();
    for (i, (a, ra)) in boxes.iter().enumerate() {
        assert!(ra.w > 0.0 && ra.h > 0.0, "{name}: {a} has no size");
        assert!(
            ra.x >= 0.0 && ra.y >= 0.0 && ra.right() <= d.width && ra.bottom() <= d.height,
            "{name}: {a} outside the drawing"
        );
        for (b, rb) in &boxes[i + 1..] {
            assert!(!ra.overlaps(rb), "{name}: {a} {ra:?} overlaps {b} {rb:?}");
        }
    }
}

/// Each edge starts on a vertical side of its `from` box and ends on one of its `to` box, and
/// every segment is horizontal or vertical.
fn assert_edges_attach(name: &str, d: &Diagram) {
    let on_side = |r: &Rect, (x, y): (f64, f64)| {
        ((x - r.x).abs() < 1e-6 || (x - r.right()).abs() < 1e-6) && y >= r.y && y <= r.bottom()
    };
    for e in &d.edges {
        let (Some(&first), Some(&last)) = (e.points.first(), e.points.last()) else {
            panic!("{name}: empty edge")
        };
        assert!(
            on_side(&d.boxes[&e.from], first),
            "{name}: edge {} -> {} does not start on a side",
            e.from,
            e.to
        );
        assert!(
            on_side(&d.boxes[&e.to], last),
            "{name}: edge {} -> {} does not end on a side",
            e.from,
            e.to
        );
        for w in e.points.windows(2) {
            assert!(
                w[0].0 == w[1].0 || w[0].1 == w[1].1,
                "{name}: edge {} -> {} has a slanted segment",
                e.from,
                e.to
            );
        }
    }
}

/// In reading order (bands top to bottom, columns left to right), a referenced table comes
/// before the tables referencing it, when the keys form no cycle.
fn assert_referenced_first(name: &str, d: &Diagram) {
    for e in d.edges.iter().filter(|e| e.from != e.to) {
        let (a, b) = (&d.boxes[&e.from], &d.boxes[&e.to]);
        assert!(
            b.right() <= a.x || b.bottom() <= a.y,
            "{name}: {} is not before {} which references it",
            e.to,
            e.from
        );
    }
}

#[test]
fn examples_lay_out_without_overlap() {
    for (name, project) in examples() {
        let (shapes, fks, d) = diagram_of(&project);
        assert!(
            !shapes.is_empty() || name.starts_with("broken"),
            "{name}: no tables"
        );
        assert_eq!(d.boxes.len(), shapes.len(), "{name}");
        assert_no_overlap(&name, &d);
        assert_edges_attach(&name, &d);
        assert_referenced_first(&name, &d);
        assert_eq!(
            d.edges.len(),
            fks.len(),
            "{name}: one edge per referencing pair"
        );
        for s in &shapes {
            let (w, h) = box_size(s.rows, s.width_chars);
            let r = d.boxes[&s.name];
            assert_eq!(
                (r.w, r.h),
                (w, h),
                "{name}: {} is sized from its shape",
                s.name
            );
        }
    }
}

#[test]
fn the_union_keeps_every_table_of_every_revision() {
    let (_, project) = examples()
        .into_iter()
        .find(|(n, _)| n == "postgres-numbered")
        .expect("postgres-numbered");
    let timeline = Timeline::build(&project);
    let (shapes, _) = shapes_over(&project, &timeline);
    for pos in 0..timeline.len() {
        for (name, t) in &timeline.schema_at(&project, pos).tables {
            let s = shapes
                .iter()
                .find(|s| &s.name == name)
                .unwrap_or_else(|| panic!("{name} at {pos} missing from the union"));
            assert!(s.rows >= t.columns.len(), "{name} at {pos}: box too short");
        }
    }
    // Renamed tables keep both names (018 renames activity_logs).
    assert!(shapes.iter().any(|s| s.name.name == "activity_logs"));
}

#[test]
fn five_hundred_tables_lay_out_fast_and_about_16_by_10() {
    let project = generated();
    let (shapes, fks, d) = diagram_of(&project);
    assert_eq!(shapes.len(), 500);
    assert!(fks.len() > 600, "{} keys", fks.len());
    let t = Instant::now();
    let again = layout(&shapes, &fks);
    let took = t.elapsed();
    assert_eq!(again, d, "deterministic");
    assert_no_overlap("generated", &d);
    assert_edges_attach("generated", &d);
    assert_referenced_first("generated", &d);
    let aspect = d.width / d.height;
    assert!(
        (1.1..=2.4).contains(&aspect),
        "aspect {aspect:.2} ({} x {})",
        d.width,
        d.height
    );
    let boxes: f64 = d.boxes.values().map(|r| r.w * r.h).sum();
    assert!(
        boxes / (d.width * d.height) > 0.2,
        "the drawing is mostly empty: {:.2}",
        boxes / (d.width * d.height)
    );
    // A bound loose enough for a debug build on a busy machine; the bench has the real figure.
    assert!(took.as_secs_f64() < 3.0, "layout took {took:?}");
}

fn shape(name: &str, rows: usize) -> TableShape {
    TableShape {
        name: QualifiedName::new(name),
        rows,
        width_chars: 10 + name.len(),
    }
}

fn fk(a: &str, b: &str) -> (QualifiedName, QualifiedName) {
    (QualifiedName::new(a), QualifiedName::new(b))
}

#[test]
fn cycles_and_self_references_do_not_panic() {
    let tables: Vec<TableShape> = ["a", "b", "c", "d", "e", "lonely"]
        .iter()
        .map(|n| shape(n, 3))
        .collect();
    let fks = vec![
        fk("a", "b"),
        fk("b", "c"),
        fk("c", "a"),
        fk("d", "d"),
        fk("e", "a"),
        fk("e", "e"),
        fk("a", "b"),
        fk("x", "a"),
    ];
    let d = layout(&tables, &fks);
    assert_eq!(d.boxes.len(), 6);
    assert_no_overlap("cycle", &d);
    assert_edges_attach("cycle", &d);
    // The unknown table `x` draws nothing; the duplicate a -> b draws once.
    assert_eq!(d.edges.len(), 6);
    let selfs: Vec<&str> = d
        .edges
        .iter()
        .filter(|e| e.from == e.to)
        .map(|e| e.from.name.as_str())
        .collect();
    assert_eq!(selfs, ["d", "e"]);
    // Only self-references: every table is isolated and packed.
    let d = layout(&tables[..2], &[fk("a", "a"), fk("b", "b")]);
    assert_no_overlap("selfs", &d);
    assert_eq!(d.edges.len(), 2);
    // A long cycle (deep search without recursion).
    let ring: Vec<TableShape> = (0..5000).map(|i| shape(&format!("r{i:05}"), 2)).collect();
    let ring_fks: Vec<_> = (0..5000)
        .map(|i| fk(&format!("r{i:05}"), &format!("r{:05}", (i + 1) % 5000)))
        .collect();
    let d = layout(&ring, &ring_fks);
    assert_eq!(d.boxes.len(), 5000);
}

#[test]
fn input_order_does_not_matter() {
    let tables: Vec<TableShape> = (0..40)
        .map(|i| shape(&format!("t{i}"), 1 + i % 6))
        .collect();
    let fks: Vec<_> = (1..40)
        .map(|i| fk(&format!("t{i}"), &format!("t{}", (i * 7) % i)))
        .collect();
    let d = layout(&tables, &fks);
    let mut rev_tables = tables.clone();
    rev_tables.reverse();
    let mut rev_fks = fks.clone();
    rev_fks.reverse();
    let r = layout(&rev_tables, &rev_fks);
    assert_eq!(d.boxes, r.boxes);
    assert_eq!((d.width, d.height), (r.width, r.height));
    let mut a: Vec<_> = d.edges.iter().map(|e| format!("{e:?}")).collect();
    let mut b: Vec<_> = r.edges.iter().map(|e| format!("{e:?}")).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn degenerate_inputs() {
    let d = layout(&[], &[]);
    assert!(d.boxes.is_empty() && d.edges.is_empty());
    let d = layout(&[shape("only", 0)], &[]);
    assert_eq!(d.boxes.len(), 1);
    let huge = TableShape {
        name: QualifiedName::new("huge"),
        rows: 100_000,
        width_chars: 100_000,
    };
    let d = layout(&[huge, shape("small", 1)], &[fk("small", "huge")]);
    assert_no_overlap("huge", &d);
    assert!(d.width.is_finite() && d.height.is_finite());
}
