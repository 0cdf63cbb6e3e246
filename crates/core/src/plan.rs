//! The offline apply script between two revisions, like `alembic upgrade A:B --sql`.
//!
//! Each migration's ops are rendered against the schema as it stands just before that
//! migration (SQLite rebuilds and MySQL `MODIFY COLUMN` need the table as it is), then applied
//! to that running schema, so the script is what the database would run in order. Alembic sets
//! get Alembic's own `alembic_version` bookkeeping, statement for statement; plain SQL sets
//! have no version table Strata could know about.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::op::Op;
use crate::project::{Project, Revision};
use crate::render::Script;
use crate::schema::Schema;
use crate::simulate;
use crate::source::Layout;

/// The script, with what the simulator found while replaying to `from` and through the plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// The script that takes a database at `from` to `to`: an upgrade when `from` is an ancestor
/// of `to`, a downgrade (the `down` scripts in reverse) when `to` is an ancestor of `from`.
pub fn plan(project: &Project, from: Revision, to: Revision) -> Result<Plan, Diagnostic> {
    let from_path = project.path_to(from);
    let to_path = project.path_to(to);
    let downgrade = if is_ancestor(from, &to_path) {
        false
    } else if is_ancestor(to, &from_path) {
        true
    } else {
        return Err(Diagnostic::error(
            "unrelated-revisions",
            format!(
                "`{}` and `{}` are on different branches: neither is an ancestor of the other",
                name(project, from),
                name(project, to)
            ),
        )
        .help("plan from a common ancestor (`base` works), or to a merge of both branches"));
    };
    let mut steps: Vec<usize> = if downgrade {
        from_path
            .iter()
            .rev()
            .copied()
            .filter(|i| !to_path.contains(i))
            .collect()
    } else {
        to_path
            .iter()
            .copied()
            .filter(|i| !from_path.contains(i))
            .collect()
    };
    // Alembic sets run in the order Alembic itself would run them.
    let top = if downgrade { from } else { to };
    if let (Layout::Alembic, Revision::At(top)) = (project.set.layout, top) {
        if let Some(mut order) = alembic_order(project, &steps, top) {
            if !downgrade {
                order.reverse();
            }
            steps = order;
        }
    }
    if downgrade {
        if let Some(&i) = steps
            .iter()
            .find(|&&i| project.migrations.get(i).is_none_or(|m| m.down.is_none()))
        {
            let id = project.set.migrations.get(i).map_or("?", |m| m.id.as_str());
            return Err(Diagnostic::error("missing-down-script", format!("migration `{id}` has no down script: cannot plan a downgrade through it"))
                .help("write its down script (a `.down.sql` file, or Alembic's `downgrade()`), or downgrade only to a revision after it"));
        }
    }

    let mut diagnostics = Vec::new();
    let mut schema = project.empty_schema();
    for &i in &from_path {
        for op in project
            .migrations
            .get(i)
            .map(|m| m.up.as_slice())
            .unwrap_or_default()
        {
            simulate::apply(&mut schema, op, &mut diagnostics);
        }
    }

    let mut script = Script::new(schema, project.dialect, project.dialect);
    // The simulation's own copy of the schema, once the script's state may part from it (a
    // table rebuild advances it its own way); until then the script simulates for both.
    let mut apart: Option<Schema> = None;
    let alembic = project.set.layout == Layout::Alembic;
    let mut blocks: Vec<String> = Vec::new();
    let mut rows: Vec<usize> = match from {
        Revision::At(i) => vec![i],
        Revision::Base => Vec::new(),
    };
    if alembic {
        if project.dialect == Dialect::Postgres {
            blocks.push("BEGIN;".into());
        }
        if from == Revision::Base && !downgrade {
            blocks.push(
                "CREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL,\n    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);"
                    .into(),
            );
        }
    } else {
        blocks.push("-- strata: plain SQL migrations keep no version table here: record what was applied as your migration tool does".into());
    }

    for &i in &steps {
        let (Some(source), Some(migration)) =
            (project.set.migrations.get(i), project.migrations.get(i))
        else {
            continue;
        };
        let ops = if downgrade {
            migration.down.as_deref().unwrap_or_default()
        } else {
            migration.up.as_slice()
        };
        let header = if alembic {
            let parents = source.parents.join(", ");
            if downgrade {
                format!("-- Running downgrade {} -> {parents}", source.id)
            } else {
                format!("-- Running upgrade {parents} -> {}", source.id)
            }
        } else {
            let section = if downgrade { source.down } else { source.up };
            let path = section
                .and_then(|s| project.set.file(s.file))
                .map_or(source.id.as_str(), |f| f.path.as_str());
            format!("-- {path}")
        };
        // Alembic's own header keeps its trailing space on a downgrade to base (`a1 -> `).
        blocks.push(if alembic {
            header
        } else {
            header.trim_end().to_string()
        });
        if migration.partial {
            blocks.push(format!("-- strata: `{}` is only partly simulated: code Strata could not evaluate is missing below (`strata check` says where)", source.id));
        }
        let simulated = if apart.is_none() {
            script.render_simulated(ops, &mut diagnostics)
        } else {
            None
        };
        let sql = match simulated {
            Some(sql) => sql,
            None => {
                let schema = apart.get_or_insert_with(|| script.state().clone());
                let plain: Vec<Op> = ops.iter().map(|op| op.value.clone()).collect();
                let sql = script.render(&plain);
                for op in ops {
                    simulate::apply(schema, op, &mut diagnostics);
                }
                sql
            }
        };
        if !sql.trim().is_empty() {
            blocks.push(sql.trim_end().to_string());
        }
        if alembic {
            let parents = project.graph.parents.get(i).cloned().unwrap_or_default();
            if downgrade {
                bookkeep_down(project, &mut rows, i, &parents, &mut blocks);
            } else {
                bookkeep_up(project, &mut rows, i, &parents, &mut blocks);
            }
        }
    }
    if alembic && project.dialect == Dialect::Postgres {
        blocks.push("COMMIT;".into());
    }
    simulate::focus(&mut diagnostics, project.dialect, |f| {
        project.set.file(f).map(|f| f.text.as_str())
    });
    let mut text = blocks.join("\n\n");
    text.push('\n');
    Ok(Plan { text, diagnostics })
}

fn is_ancestor(rev: Revision, path: &[usize]) -> bool {
    match rev {
        Revision::Base => true,
        Revision::At(i) => path.contains(&i),
    }
}

fn name(project: &Project, rev: Revision) -> &str {
    match rev {
        Revision::Base => "base",
        Revision::At(i) => project.set.migrations.get(i).map_or("?", |m| m.id.as_str()),
    }
}

fn id(project: &Project, i: usize) -> String {
    project
        .set
        .migrations
        .get(i)
        .map_or_else(String::new, |m| m.id.replace('\'', "''"))
}

fn insert(project: &Project, i: usize) -> String {
    // SQLAlchemy asks for the inserted key where the database can return it (not MySQL).
    let returning = match project.dialect {
        Dialect::Postgres => " RETURNING alembic_version.version_num",
        Dialect::Sqlite => " RETURNING version_num",
        Dialect::Mysql => "",
    };
    format!(
        "INSERT INTO alembic_version (version_num) VALUES ('{}'){returning};",
        id(project, i)
    )
}

fn update(project: &Project, from: usize, to: usize) -> String {
    format!(
        "UPDATE alembic_version SET version_num='{}' WHERE alembic_version.version_num = '{}';",
        id(project, to),
        id(project, from)
    )
}

fn delete(project: &Project, i: usize) -> String {
    format!(
        "DELETE FROM alembic_version WHERE alembic_version.version_num = '{}';",
        id(project, i)
    )
}

/// `rows` is the version table: one row per applied head. A revision takes over its parents'
/// rows (a merge deletes all but the last, as Alembic does), or inserts a row when none of its
/// parents has one (a root, or a second branch off a branch point).
fn bookkeep_up(
    project: &Project,
    rows: &mut Vec<usize>,
    i: usize,
    parents: &[usize],
    out: &mut Vec<String>,
) {
    let held: Vec<usize> = parents
        .iter()
        .copied()
        .filter(|p| rows.contains(p))
        .collect();
    match held.split_last() {
        None => out.push(insert(project, i)),
        Some((&last, rest)) => {
            for &p in rest {
                out.push(delete(project, p));
            }
            out.push(update(project, last, i));
        }
    }
    rows.retain(|r| !held.contains(r));
    rows.push(i);
}

/// Undoing `i` gives its row back to the parents that no other row already descends from: the
/// last takes it over, the others are inserted (Alembic's choice when `i` is the only head; in
/// a range with other heads Alembic's pick follows Python's set order); with none left, the row
/// is deleted.
fn bookkeep_down(
    project: &Project,
    rows: &mut Vec<usize>,
    i: usize,
    parents: &[usize],
    out: &mut Vec<String>,
) {
    rows.retain(|&r| r != i);
    let covered = |p: usize| {
        rows.iter()
            .any(|&r| r == p || project.path_to(Revision::At(r)).contains(&p))
    };
    let needed: Vec<usize> = parents.iter().copied().filter(|&p| !covered(p)).collect();
    match needed.split_last() {
        None => out.push(delete(project, i)),
        Some((&last, rest)) => {
            for &p in rest {
                out.push(insert(project, p));
            }
            out.push(update(project, i, last));
        }
    }
    rows.extend(needed);
}

/// Alembic's own order for `steps` below `top` (alembic/script/revision.py,
/// `RevisionMap._topological_sort`): from the top down, one branch to its end before the
/// next, in `down_revision` order, but never a revision before a head that still needs it.
/// Downgrades run in this order, upgrades in reverse. `None` where Strata keeps its own
/// (equally valid) order: sets with `depends_on`, which Alembic normalizes first, or a walk
/// that does not finish within its bound.
fn alembic_order(project: &Project, steps: &[usize], top: usize) -> Option<Vec<usize>> {
    let g = &project.graph;
    let n = project.set.migrations.len();
    if steps
        .iter()
        .any(|&i| g.depends_on.get(i).is_some_and(|d| !d.is_empty()))
    {
        return None;
    }
    let parents = |i: usize| g.parents.get(i).map(Vec::as_slice).unwrap_or_default();
    // Every revision `h` descends from, and `h` itself (Alembic's `_get_ancestor_nodes`).
    let ancestors = |h: usize| project.needs(h);
    let mut todo = vec![false; n];
    for &i in steps {
        *todo.get_mut(i)? = true;
    }
    let is = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(false);
    let (mut heads, mut below) = (Vec::new(), Vec::new());
    if is(&todo, top) {
        heads.push(top);
        below.push(ancestors(top));
    }
    let mut out = Vec::with_capacity(steps.len());
    let mut at = 0usize;
    // Each round emits a revision or moves to another head; a bound rather than trust.
    let mut budget = 4 * (n + 1) * (n + 1);
    while let Some(&candidate) = heads.get(at) {
        budget = budget.checked_sub(1)?;
        // Another head still needs this revision: walk that one first.
        if let Some(other) = below
            .iter()
            .enumerate()
            .position(|(k, b)| k != at && is(b, candidate))
        {
            at = other;
            continue;
        }
        if is(&todo, candidate) {
            out.push(candidate);
            todo[candidate] = false;
        }
        let next: Vec<usize> = parents(candidate)
            .iter()
            .copied()
            .filter(|&p| is(&todo, p) && !heads.contains(&p))
            .collect();
        match next.split_first() {
            None => {
                heads.remove(at);
                below.remove(at);
                at = at.saturating_sub(1);
            }
            Some((&first, rest)) => {
                heads[at] = first;
                if parents(candidate).len() == 1 {
                    if let Some(b) = below.get_mut(at).and_then(|b| b.get_mut(candidate)) {
                        *b = false;
                    }
                } else {
                    below[at] = ancestors(first);
                    heads.extend_from_slice(rest);
                    below.extend(rest.iter().map(|&h| ancestors(h)));
                }
            }
        }
    }
    (out.len() == steps.len()).then_some(out)
}
