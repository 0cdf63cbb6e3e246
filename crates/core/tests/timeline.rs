//! The timeline against plain replay: every position of every example set (and of a generated,
//! branched Alembic set whose branches conflict) must give exactly `project.replay(..)`'s schema;
//! `last_changed` against a brute-force walk; `lanes` on the example's branch and merge.

use std::path::{Path, PathBuf};
use strata_core::project::Replay;
use strata_core::schema::{QualifiedName, Schema};
use strata_core::timeline::{table_status, Status, Timeline};
use strata_core::{load, Config, Dialect, InputFile, Project, Revision};

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

/// Every example set in `migrations/`, loaded as the CLI would (the folder name hints the
/// dialect); the Alembic sets once per dialect.
fn examples() -> Vec<(String, Project)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("migrations/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
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
        let dialects: Vec<Option<Dialect>> = if name.starts_with("alembic-") {
            Dialect::ALL.iter().map(|&d| Some(d)).collect()
        } else {
            vec![None]
        };
        for dialect in dialects {
            let config = Config {
                dialect,
                folder: Some(name.clone()),
                ..Config::default()
            };
            out.push((format!("{name} {dialect:?}"), load(files.clone(), &config)));
        }
    }
    assert!(out.len() >= 6, "the example sets were not found");
    out
}

/// A branched Alembic set whose apply order interleaves three branches: `b` and `c` both add a
/// column `shared` to `t0` (so the replay in apply order fails where each branch alone does
/// not), `c` renames `t1`, and `d` is never merged (a second head).
fn branched() -> Project {
    let rev = |id: &str, down: &str, body: &str| {
        format!(
            "revision = \"{id}\"\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\
             from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n{body}\n\n\ndef downgrade():\n    pass\n"
        )
    };
    let table = |name: &str, fk: Option<&str>| {
        let fk = fk
            .map(|t| format!(", sa.Column(\"{t}_id\", sa.Integer(), sa.ForeignKey(\"{t}.id\"))"))
            .unwrap_or_default();
        format!("    op.create_table(\"{name}\", sa.Column(\"id\", sa.Integer(), primary_key=True), sa.Column(\"name\", sa.String(20)){fk})\n")
    };
    let add = |t: &str, c: &str, ty: &str| {
        format!("    op.add_column(\"{t}\", sa.Column(\"{c}\", sa.{ty}(), nullable=True))\n")
    };
    let mut revs: Vec<(String, String)> = Vec::new();
    revs.push((
        "r0".into(),
        rev(
            "r0",
            "None",
            &(table("t0", None) + &table("t1", Some("t0"))),
        ),
    ));
    let (mut b, mut c, mut d) = ("r0".to_string(), "r0".to_string(), "r0".to_string());
    for k in 0..6 {
        let mut body =
            table(&format!("bt{k}"), Some("t0")) + &add("t0", &format!("b{k}"), "Integer");
        if k == 0 {
            body += &add("t0", "shared", "Integer");
        }
        if k == 3 {
            body += "    op.alter_column(\"t0\", \"b0\", type_=sa.BigInteger())\n";
        }
        revs.push((
            format!("b{k}"),
            rev(&format!("b{k}"), &format!("\"{b}\""), &body),
        ));
        b = format!("b{k}");
        let t1 = if k > 2 { "t1_renamed" } else { "t1" };
        let mut body = add(t1, &format!("c{k}"), "Text");
        match k {
            0 => body += &add("t0", "shared", "Text"),
            2 => body += "    op.rename_table(\"t1\", \"t1_renamed\")\n",
            4 => {
                body += "    op.alter_column(\"t1_renamed\", \"name\", new_column_name=\"title\")\n"
            }
            _ => {}
        }
        revs.push((
            format!("c{k}"),
            rev(&format!("c{k}"), &format!("\"{c}\""), &body),
        ));
        c = format!("c{k}");
        if k < 3 {
            revs.push((
                format!("d{k}"),
                rev(
                    &format!("d{k}"),
                    &format!("\"{d}\""),
                    &table(&format!("dt{k}"), Some("t1")),
                ),
            ));
            d = format!("d{k}");
        }
    }
    revs.push((
        "m".into(),
        rev(
            "m",
            &format!("(\"{b}\", \"{c}\")"),
            &add("t0", "merged", "Integer"),
        ),
    ));
    revs.push((
        "z".into(),
        rev("z", "\"m\"", &add("t1_renamed", "after_merge", "Integer")),
    ));
    let files = revs
        .into_iter()
        .enumerate()
        .map(|(i, (id, text))| {
            InputFile::new(format!("versions/{i:03}_{id}.py"), text.into_bytes())
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

fn replay_at(project: &Project, timeline: &Timeline, pos: usize) -> Replay {
    match timeline.migration_at(pos) {
        Some(m) => project.replay(Revision::At(m)),
        None => project.replay(Revision::Base),
    }
}

fn check_schemas(name: &str, project: &Project) -> Timeline {
    let timeline = Timeline::build(project);
    assert_eq!(timeline.len(), project.graph.order.len() + 1, "{name}");
    assert_eq!(
        timeline.diagnostics(),
        project.replay_all().diagnostics.as_slice(),
        "{name}: diagnostics"
    );
    for pos in 0..timeline.len() {
        let expected = replay_at(project, &timeline, pos).schema;
        assert!(
            timeline.schema_at(project, pos) == expected,
            "{name}: schema at position {pos} differs from replay"
        );
    }
    timeline
}

#[test]
fn schema_at_equals_replay_at_every_position_of_every_example() {
    for (name, project) in examples() {
        check_schemas(&name, &project);
    }
}

#[test]
fn schema_at_follows_ancestors_on_a_branched_set() {
    let project = branched();
    let timeline = check_schemas("branched", &project);
    // The set really is interleaved and conflicting: some positions are not their prefix.
    let prefix_differs = (1..timeline.len()).any(|pos| {
        let prefix: Vec<usize> = project.graph.order[..pos].to_vec();
        project.replay_path(&prefix).schema != timeline.schema_at(&project, pos)
    });
    assert!(
        prefix_differs,
        "the generated set should have branch positions whose prefix is not their path"
    );
    assert_eq!(project.graph.heads.len(), 2);
    assert!(
        !timeline.diagnostics().is_empty(),
        "b0 and c0 both add t0.shared: the replay in apply order reports it"
    );
    let c0 = timeline.position_of(Revision::At(
        project.resolve("c0").expect("c0").into_index(),
    ));
    let shared = timeline.schema_at(&project, c0).tables[&QualifiedName::new("t0")]
        .column("shared")
        .cloned()
        .expect("shared");
    assert_eq!(
        strata_core::normalize::type_name(&shared.ty, Dialect::Postgres),
        "text",
        "c0's own path adds shared as text"
    );
}

trait Index {
    fn into_index(self) -> usize;
}
impl Index for Revision {
    fn into_index(self) -> usize {
        match self {
            Revision::At(i) => i,
            Revision::Base => usize::MAX,
        }
    }
}

/// The schemas along a revision's path: before any of it, then after each migration.
fn path_schemas(project: &Project, path: &[usize]) -> Vec<Schema> {
    let mut schema = Schema::new(project.dialect);
    let mut out = vec![schema.clone()];
    let mut sink = Vec::new();
    for &m in path {
        for op in &project.migrations[m].up {
            strata_core::simulate::apply(&mut schema, op, &mut sink);
        }
        out.push(schema.clone());
    }
    out
}

/// The brute force: along the revision's path, the last migration after which the column (by
/// table and column name) is not what it was before. Differs from `last_changed` only where a
/// table was renamed to this name on the way (the history follows the table; the brute force
/// starts over), which the second value says.
fn brute_last_changed(
    project: &Project,
    path: &[usize],
    schemas: &[Schema],
    table: &QualifiedName,
    column: &str,
) -> (Option<usize>, bool) {
    let col = |s: &Schema| s.tables.get(table).and_then(|t| t.column(column)).cloned();
    for k in (0..path.len()).rev() {
        if col(&schemas[k + 1]).is_some() && col(&schemas[k]) != col(&schemas[k + 1]) {
            let renamed = project.migrations[path[k]]
                .up
                .iter()
                .any(|op| matches!(&op.value, strata_core::op::Op::RenameTable { to, .. } if to == table))
                && !schemas[k].tables.contains_key(table);
            return (Some(path[k]), renamed);
        }
    }
    (None, false)
}

fn check_last_changed(name: &str, project: &Project, timeline: &Timeline) {
    let mut checked = 0;
    for pos in 1..timeline.len() {
        let m = timeline.migration_at(pos).expect("a migration");
        let path = project.path_to(Revision::At(m));
        let schemas = path_schemas(project, &path);
        let schema = timeline.schema_at(project, pos);
        for (table, t) in &schema.tables {
            let got = timeline.last_changed(project, pos, table);
            let names: Vec<&str> = got.iter().map(|(c, _)| c.as_str()).collect();
            let expected: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, expected, "{name}: columns of {table} at {pos}");
            for (column, by) in &got {
                let (brute, renamed) = brute_last_changed(project, &path, &schemas, table, column);
                if renamed {
                    let at = |x: Option<usize>| x.map(|i| timeline.position_of(Revision::At(i)));
                    assert!(
                        at(*by) <= at(brute),
                        "{name}: {table}.{column} at {pos}: {by:?} after the rename {brute:?}"
                    );
                } else {
                    assert_eq!(
                        *by, brute,
                        "{name}: last change of {table}.{column} at position {pos}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "{name}: no column checked");
}

#[test]
fn last_changed_matches_a_brute_force_walk() {
    for (name, project) in examples() {
        let timeline = Timeline::build(&project);
        check_last_changed(&name, &project, &timeline);
    }
    let project = branched();
    let timeline = Timeline::build(&project);
    check_last_changed("branched", &project, &timeline);
}

#[test]
fn last_changed_follows_renames_and_alters() {
    let project = branched();
    let timeline = Timeline::build(&project);
    let pos = |id: &str| timeline.position_of(project.resolve(id).expect("revision"));
    let mig = |id: &str| project.resolve(id).expect("revision").into_index();
    let at_z: Vec<(String, Option<usize>)> =
        timeline.last_changed(&project, pos("z"), &QualifiedName::new("t1_renamed"));
    let by = |col: &str| at_z.iter().find(|(c, _)| c == col).and_then(|(_, m)| *m);
    assert_eq!(
        by("id"),
        Some(mig("r0")),
        "renaming the table does not change its columns"
    );
    assert_eq!(
        by("title"),
        Some(mig("c4")),
        "a renamed column is changed by the rename"
    );
    assert_eq!(by("c1"), Some(mig("c1")));
    assert_eq!(by("after_merge"), Some(mig("z")));
    let t0 = timeline.last_changed(&project, pos("z"), &QualifiedName::new("t0"));
    assert!(t0.contains(&("b0".to_string(), Some(mig("b3")))), "{t0:?}");
    assert!(timeline
        .last_changed(&project, pos("r0"), &QualifiedName::new("nope"))
        .is_empty());
}

#[test]
fn table_status_reports_tables_and_columns() {
    let files = vec![
        InputFile::new(
            "001_a.sql",
            b"CREATE TABLE keep (id int PRIMARY KEY, a int);
              CREATE TABLE gone (id int);
              CREATE TABLE edit (id int, b int, c int);
              CREATE TABLE idx (id int);"
                .to_vec(),
        ),
        InputFile::new(
            "002_b.sql",
            b"DROP TABLE gone;
              CREATE TABLE fresh (id int);
              ALTER TABLE edit DROP COLUMN b;
              ALTER TABLE edit ALTER COLUMN c TYPE bigint;
              ALTER TABLE edit ADD COLUMN d text;
              CREATE INDEX idx_id ON idx (id);"
                .to_vec(),
        ),
    ];
    let project = load(
        files,
        &Config {
            dialect: Some(Dialect::Postgres),
            ..Config::default()
        },
    );
    let timeline = Timeline::build(&project);
    let (a, b) = (
        timeline.schema_at(&project, 1),
        timeline.schema_at(&project, 2),
    );
    let s = table_status(&a, &b);
    let q = QualifiedName::new;
    assert_eq!(s[&q("keep")].0, Status::Same);
    assert!(s[&q("keep")].1.values().all(|&c| c == Status::Same));
    assert_eq!(s[&q("gone")].0, Status::Dropped);
    assert_eq!(s[&q("gone")].1[&"id".to_string()], Status::Dropped);
    assert_eq!(s[&q("fresh")].0, Status::Added);
    assert_eq!(s[&q("fresh")].1[&"id".to_string()], Status::Added);
    assert_eq!(
        s[&q("idx")].0,
        Status::Changed,
        "a new index changes the table"
    );
    let edit = &s[&q("edit")];
    assert_eq!(edit.0, Status::Changed);
    let col = |c: &str| edit.1[&c.to_string()];
    assert_eq!(
        (col("id"), col("b"), col("c"), col("d")),
        (
            Status::Same,
            Status::Dropped,
            Status::Changed,
            Status::Added
        )
    );
    // Reversed: the mirror image.
    let r = table_status(&b, &a);
    assert_eq!(
        (r[&q("gone")].0, r[&q("fresh")].0),
        (Status::Added, Status::Dropped)
    );
    assert!(table_status(&b, &b)
        .values()
        .all(|(s, cs)| *s == Status::Same && cs.values().all(|&c| c == Status::Same)));
}

#[test]
fn lanes_draw_the_example_branch_and_merge() {
    let (_, project) = examples()
        .into_iter()
        .find(|(n, _)| n.starts_with("alembic-support"))
        .expect("alembic-support");
    let timeline = Timeline::build(&project);
    let lanes = timeline.lanes(&project);
    assert_eq!(lanes.len(), timeline.len());
    let pos = |id: &str| timeline.position_of(project.resolve(id).expect("revision"));
    assert_eq!((lanes[0].lane, lanes[0].parents.len()), (0, 0), "the base");
    assert_eq!(lanes[pos("a1001")].parents, vec![0]);
    for id in ["a1001", "a1008", "b2001", "b2003", "d4001", "d4010"] {
        assert_eq!(lanes[pos(id)].lane, 0, "{id} is on the main lane");
    }
    for id in ["c3001", "c3002", "c3003"] {
        assert_eq!(lanes[pos(id)].lane, 1, "{id} is on the branch lane");
    }
    assert_eq!(lanes[pos("b2001")].parents, vec![pos("a1008")]);
    assert_eq!(lanes[pos("c3001")].parents, vec![pos("a1008")]);
    assert_eq!(
        lanes[pos("c3001")].via,
        vec![1],
        "the branch leaves a1008 in a lane of its own"
    );
    let merge = &lanes[pos("d4001")];
    assert_eq!(merge.parents, vec![pos("b2003"), pos("c3003")]);
    assert_eq!(
        merge.via,
        vec![0, 1],
        "each parent's edge arrives in its own lane"
    );
    assert_eq!(lanes[pos("d4002")].parents, vec![pos("d4001")]);
    // A lane is never shared by two edges at once: at every row, the lanes kept for edges
    // that pass it (parent above, child below) are distinct from each other and from the dot.
    for row in 0..lanes.len() {
        let mut busy = vec![lanes[row].lane];
        for l in &lanes[row + 1..] {
            for (p, v) in l.parents.iter().zip(&l.via) {
                if *p < row {
                    assert!(!busy.contains(v), "row {row}: lane {v} used twice");
                    busy.push(*v);
                }
            }
        }
    }
}

#[test]
fn lanes_of_a_linear_set_are_one_line() {
    let (_, project) = examples()
        .into_iter()
        .find(|(n, _)| n.starts_with("postgres-numbered"))
        .expect("postgres-numbered");
    let timeline = Timeline::build(&project);
    for (pos, lane) in timeline.lanes(&project).iter().enumerate() {
        assert_eq!(lane.lane, 0);
        assert_eq!(lane.parents, if pos == 0 { vec![] } else { vec![pos - 1] });
    }
}

#[test]
fn positions_and_migrations_map_both_ways() {
    let project = branched();
    let timeline = Timeline::build(&project);
    assert_eq!(timeline.position_of(Revision::Base), 0);
    assert_eq!(timeline.migration_at(0), None);
    assert_eq!(timeline.migration_at(timeline.len()), None);
    for pos in 1..timeline.len() {
        let m = timeline.migration_at(pos).expect("migration");
        assert_eq!(timeline.position_of(Revision::At(m)), pos);
    }
    assert_eq!(
        timeline.schema_at(&project, usize::MAX),
        timeline.schema_at(&project, timeline.len() - 1),
        "clamped"
    );
    let empty = load(Vec::new(), &Config::default());
    let t = Timeline::build(&empty);
    assert_eq!(t.len(), 1);
    assert_eq!(t.schema_at(&empty, 0), Schema::new(empty.dialect));
    assert_eq!(t.lanes(&empty).len(), 1);
}

#[test]
fn the_layout_union_covers_every_position_of_a_branched_set() {
    let project = branched();
    let timeline = Timeline::build(&project);
    let (shapes, fks) = strata_core::diagram::shapes_over(&project, &timeline);
    for pos in 0..timeline.len() {
        for (name, t) in &timeline.schema_at(&project, pos).tables {
            let s = shapes
                .iter()
                .find(|s| &s.name == name)
                .unwrap_or_else(|| panic!("{name} at {pos} is not in the union"));
            assert!(
                s.rows >= t.columns.len(),
                "{name} at {pos}: {} rows for {} columns",
                s.rows,
                t.columns.len()
            );
            assert!(
                s.width_chars >= strata_core::timeline::width_chars(t, project.dialect),
                "{name} at {pos}: too narrow"
            );
        }
    }
    assert!(
        fks.contains(&(QualifiedName::new("dt0"), QualifiedName::new("t1"))),
        "{fks:?}"
    );
}
