//! The right-hand panels' content, computed from a session and a selection: the selected
//! table's detail, the diff A→B, and the SQL (apply and rollback) in the chosen mode.

use strata_core::diff::{self, Action, Change, Detail as DiffDetail, ObjectKind, Part};
use strata_core::normalize::type_name;
use strata_core::plan;
use strata_core::render::render_ops;
use strata_core::schema::{ConstraintKind, QualifiedName, Schema};
use strata_core::timeline::Status;

use crate::selection::Selection;
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailColumn {
    pub name: String,
    pub ty: String,
    /// `PK`, `FK`, `PK FK` or empty.
    pub key: String,
    pub nullable: bool,
    pub default: Option<String>,
    /// Id and description of the migration that last added or changed the column.
    pub changed_by: Option<(String, String)>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDetail {
    pub name: String,
    pub status: Status,
    /// Shown as it was at A: the table is dropped by B.
    pub dropped: bool,
    pub columns: Vec<DetailColumn>,
    /// (name, one-line definition).
    pub constraints: Vec<(String, String)>,
    pub indexes: Vec<(String, String)>,
    pub comment: Option<String>,
}

/// The selected table at B (or at A when B no longer has it).
pub fn table_detail(
    s: &Session,
    sel: Selection,
    a: &Schema,
    b: &Schema,
    name: &QualifiedName,
) -> Option<TableDetail> {
    let status_map = strata_core::timeline::table_status(a, b);
    let (status, col_status) = status_map.get(name).cloned()?;
    let (table, pos, dropped) = match b.tables.get(name) {
        Some(t) => (t, sel.b, false),
        None => (a.tables.get(name)?, sel.a, true),
    };
    let changed = s.timeline.last_changed(&s.project, pos, name);
    let mut pk = Vec::new();
    let mut fk = Vec::new();
    for c in &table.constraints {
        match &c.kind {
            ConstraintKind::PrimaryKey { columns } => pk.extend(columns.iter().cloned()),
            ConstraintKind::ForeignKey(f) => fk.extend(f.columns.iter().cloned()),
            _ => {}
        }
    }
    let columns = table
        .columns
        .iter()
        .map(|c| {
            let key = [(pk.contains(&c.name), "PK"), (fk.contains(&c.name), "FK")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, k)| *k)
                .collect::<Vec<_>>()
                .join(" ");
            let changed_by = changed
                .iter()
                .find(|(col, _)| *col == c.name)
                .and_then(|(_, m)| *m)
                .and_then(|m| {
                    s.project
                        .set
                        .migrations
                        .get(m)
                        .map(|m| (m.id.clone(), m.description.clone()))
                });
            DetailColumn {
                name: c.name.clone(),
                ty: type_name(&c.ty, s.project.dialect),
                key,
                nullable: c.nullable,
                default: c.default.clone(),
                changed_by,
                status: if dropped {
                    Status::Dropped
                } else {
                    col_status.get(&c.name).copied().unwrap_or(Status::Same)
                },
            }
        })
        .collect();
    Some(TableDetail {
        name: name.to_string(),
        status,
        dropped,
        columns,
        constraints: table
            .constraints
            .iter()
            .map(|c| (c.name.clone(), diff::constraint_summary(c)))
            .collect(),
        indexes: table
            .indexes
            .iter()
            .map(|i| (i.name.clone(), diff::index_summary(i)))
            .collect(),
        comment: table.comment.clone(),
    })
}

/// `data-kind` of a diff item: the contract's `table|column|constraint|index`, and the object
/// or part name for the rest (`view`, `enum`, `trigger`, `comment`...).
pub fn object_kind(k: ObjectKind) -> &'static str {
    k.name()
}

pub fn part_kind(p: Part) -> &'static str {
    // The text report writes no word before a property; a `data-kind` needs one.
    match p {
        Part::Property => "property",
        p => p.name(),
    }
}

pub fn action_name(a: Action) -> &'static str {
    match a {
        Action::Added => "added",
        Action::Dropped => "dropped",
        Action::Changed => "changed",
        Action::Renamed => "renamed",
    }
}

/// The text after a detail's name: the new definition, or `before → after`.
pub fn detail_text(d: &DiffDetail) -> String {
    match d.action {
        Action::Added => d.after.clone().unwrap_or_default(),
        Action::Dropped => d.before.clone().unwrap_or_default(),
        Action::Renamed => format!(
            "{} → {}",
            d.before.as_deref().unwrap_or(""),
            d.after.as_deref().unwrap_or("")
        ),
        Action::Changed => {
            let aspect = d
                .aspect
                .as_deref()
                .map(|a| format!("{a}: "))
                .unwrap_or_default();
            format!(
                "{aspect}{} → {}",
                d.before.as_deref().unwrap_or(""),
                d.after.as_deref().unwrap_or("")
            )
        }
    }
}

/// A changed object's name as shown: `old → new` when the migrations renamed it.
pub fn change_name(c: &Change) -> String {
    match &c.renamed_from {
        Some(old) => format!("{old} → {}", c.name),
        None => c.name.clone(),
    }
}

/// The diff A→B (positions `from`, `to`, schemas `a`, `b`) with tables first (what reviewers
/// look at; other objects follow in `summarize`'s order). Renames the migrations between the two
/// perform are shown as renames.
pub fn diff_changes(s: &Session, from: usize, to: usize, a: &Schema, b: &Schema) -> Vec<Change> {
    let renames = s.project.renames(s.revision(from), s.revision(to), a, b);
    let mut changes = diff::summarize_with(a, b, &renames);
    changes.sort_by_key(|c| c.object != ObjectKind::Table);
    changes
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SqlMode {
    /// The migrations as written, with the set's own bookkeeping (`plan`).
    #[default]
    Plan,
    /// The schema difference, rendered.
    Diff,
}

impl SqlMode {
    pub fn value(self) -> &'static str {
        match self {
            SqlMode::Plan => "plan",
            SqlMode::Diff => "diff",
        }
    }
    pub fn parse(s: &str) -> SqlMode {
        if s == "diff" {
            SqlMode::Diff
        } else {
            SqlMode::Plan
        }
    }
}

/// The script that takes a database from `from` to `to` (positions). Plan mode fails when the
/// two revisions are on different branches; the error says so, and diff mode still works.
pub fn script(
    s: &Session,
    from: usize,
    to: usize,
    mode: SqlMode,
    schema_from: &Schema,
    schema_to: &Schema,
) -> Result<String, String> {
    match mode {
        SqlMode::Plan => plan::plan(&s.project, s.revision(from), s.revision(to))
            .map(|p| p.text)
            .map_err(|d| {
                let mut m = d.message;
                if let Some(h) = d.help {
                    m.push_str(" (");
                    m.push_str(&h);
                    m.push(')');
                }
                m
            }),
        SqlMode::Diff => {
            let renames =
                s.project
                    .renames(s.revision(from), s.revision(to), schema_from, schema_to);
            Ok(render_ops(
                &diff::diff_with(schema_from, schema_to, &renames),
                schema_from,
                s.project.dialect,
            ))
        }
    }
}

/// What the SQL pane shows: the script, a note when there is nothing to do, or the reason
/// there is no script.
pub fn shown(result: &Result<String, String>) -> String {
    match result {
        Ok(text) if text.trim().is_empty() => {
            "-- nothing to apply: the two revisions have the same schema\n".into()
        }
        Ok(text) => text.clone(),
        Err(why) => format!("-- no script: {why}\n"),
    }
}

/// `strata-a1003-to-d4010.sql`, `strata-d4010-to-a1003-rollback.sql`: safe file names.
pub fn file_name(s: &Session, from: usize, to: usize, rollback: bool) -> String {
    let clean = |id: String| -> String {
        id.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .take(40)
            .collect()
    };
    format!(
        "strata-{}-to-{}{}.sql",
        clean(s.rev_id(from)),
        clean(s.rev_id(to)),
        if rollback { "-rollback" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::tests::example_session;

    #[test]
    fn detail_of_tickets_names_the_migrations() {
        let s = example_session();
        let sel = Selection::whole(s.positions());
        let (a, b) = (
            s.timeline.schema_at(&s.project, sel.a),
            s.timeline.schema_at(&s.project, sel.b),
        );
        let name = s.table_named("tickets").unwrap();
        let d = table_detail(&s, sel, &a, &b, &name).unwrap();
        assert_eq!(d.status, Status::Added);
        assert!(!d.dropped);
        let id = d.columns.iter().find(|c| c.name == "id").unwrap();
        assert_eq!(id.key, "PK");
        assert!(!id.nullable);
        assert!(
            d.columns.iter().all(|c| c.changed_by.is_some()),
            "{:?}",
            d.columns
        );
        assert!(d
            .constraints
            .iter()
            .any(|(_, def)| def.starts_with("PRIMARY KEY")));
        assert_eq!(
            table_detail(&s, sel, &a, &b, &QualifiedName::new("nope")),
            None
        );
    }

    #[test]
    fn diff_items_and_kinds() {
        let s = example_session();
        let (a, b) = (
            s.timeline.schema_at(&s.project, 0),
            s.timeline.schema_at(&s.project, s.positions() - 1),
        );
        let changes = diff_changes(&s, 0, s.positions() - 1, &a, &b);
        assert!(changes
            .iter()
            .any(|c| c.object == ObjectKind::Table && c.action == Action::Added));
        let first_other = changes
            .iter()
            .position(|c| c.object != ObjectKind::Table)
            .unwrap();
        assert!(
            first_other > 0
                && changes[first_other..]
                    .iter()
                    .all(|c| c.object != ObjectKind::Table)
        );
        assert_eq!(object_kind(ObjectKind::Table), "table");
        assert_eq!(part_kind(Part::Index), "index");
        assert_eq!(action_name(Action::Dropped), "dropped");
        let d = DiffDetail {
            part: Part::Column,
            name: "x".into(),
            action: Action::Changed,
            aspect: Some("type".into()),
            before: Some("integer".into()),
            after: Some("bigint".into()),
        };
        assert_eq!(detail_text(&d), "type: integer → bigint");
    }

    #[test]
    fn plan_and_diff_scripts() {
        let s = example_session();
        let (a, b) = (
            s.timeline.schema_at(&s.project, 0),
            s.timeline.schema_at(&s.project, s.positions() - 1),
        );
        let head = s.positions() - 1;
        let up = script(&s, 0, head, SqlMode::Plan, &a, &b).unwrap();
        assert!(
            up.contains("CREATE TABLE") && up.contains("alembic_version"),
            "{up}"
        );
        let down = script(&s, head, 0, SqlMode::Plan, &b, &a).unwrap();
        assert!(down.contains("DROP TABLE"), "{down}");
        let d = script(&s, 0, head, SqlMode::Diff, &a, &b).unwrap();
        assert!(d.contains("CREATE TABLE") && !d.contains("alembic_version"));
        assert!(shown(&Ok(String::new())).starts_with("-- nothing to apply"));
        assert_eq!(shown(&Err("why".into())), "-- no script: why\n");
        assert_eq!(SqlMode::parse("diff"), SqlMode::Diff);
        assert_eq!(SqlMode::parse("x"), SqlMode::Plan);
        assert_eq!(
            file_name(&s, 0, head, false),
            format!("strata-base-to-{}.sql", s.rev_id(head))
        );
        assert!(file_name(&s, head, 0, true).ends_with("-to-base-rollback.sql"));
    }

    #[test]
    fn renamed_table_is_a_rename_in_diff_and_sql() {
        let s = example_session();
        let pos = |id: &str| s.position_named(id).unwrap();
        let (p, q) = (pos("b2001"), pos("b2002"));
        let (a, b) = (
            s.timeline.schema_at(&s.project, p),
            s.timeline.schema_at(&s.project, q),
        );
        let changes = diff_changes(&s, p, q, &a, &b);
        let kb = changes.iter().find(|c| c.name == "kb_articles").unwrap();
        assert_eq!(kb.action, Action::Renamed);
        assert_eq!(action_name(kb.action), "renamed");
        assert_eq!(change_name(kb), "knowledge_base → kb_articles");
        assert!(!changes.iter().any(|c| c.action == Action::Dropped));
        let sql = script(&s, p, q, SqlMode::Diff, &a, &b).unwrap();
        assert!(
            sql.contains("ALTER TABLE knowledge_base RENAME TO kb_articles")
                && !sql.contains("DROP TABLE"),
            "{sql}"
        );
        let back = script(&s, q, p, SqlMode::Diff, &b, &a).unwrap();
        assert!(
            back.contains("ALTER TABLE kb_articles RENAME TO knowledge_base"),
            "{back}"
        );
        let d = DiffDetail {
            part: Part::Column,
            name: "name".into(),
            action: Action::Renamed,
            aspect: None,
            before: Some("label".into()),
            after: Some("name".into()),
        };
        assert_eq!(detail_text(&d), "label → name");
    }

    #[test]
    fn plan_across_branches_explains_itself() {
        let s = example_session();
        // b2001 (kb branch) and c3001 (ai branch) are on different branches.
        let pos = |id: &str| s.position_named(id).unwrap();
        let (p, q) = (pos("b2001"), pos("c3001"));
        let (a, b) = (
            s.timeline.schema_at(&s.project, p),
            s.timeline.schema_at(&s.project, q),
        );
        let err = script(&s, p, q, SqlMode::Plan, &a, &b).unwrap_err();
        assert!(err.contains("different branches"), "{err}");
        assert!(script(&s, p, q, SqlMode::Diff, &a, &b).is_ok());
    }
}
