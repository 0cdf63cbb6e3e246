//! What the table graph draws at a selection: the boxes (with their columns and statuses) and
//! the foreign-key edges, culled to the visible area. Pure data, so it is tested natively and
//! the SVG component is a plain loop over it.
//!
//! A table shows its definition at B; a table dropped between A and B shows its definition at
//! A, in red. Dropped columns are listed after B's columns. Box sizes come from the stable
//! layout (the largest version of each table); a version with more rows than its box (dropped
//! and added columns together) ends with a "+N more" row.

use std::collections::{BTreeMap, BTreeSet};
use strata_core::diagram::{Diagram, Rect, HEADER_HEIGHT, PADDING, ROW_HEIGHT};
use strata_core::normalize::type_name;
use strata_core::schema::{ConstraintKind, QualifiedName, Schema, Table};
use strata_core::timeline::Status;

use crate::viewport::Bounds;

pub type Statuses = BTreeMap<QualifiedName, (Status, BTreeMap<String, Status>)>;

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnItem {
    pub name: String,
    pub ty: String,
    /// `PK`, `FK`, `PF` (both) or empty.
    pub mark: &'static str,
    pub nullable: bool,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BoxItem {
    pub name: QualifiedName,
    pub label: String,
    pub rect: Rect,
    pub status: Status,
    pub columns: Vec<ColumnItem>,
    /// Rows that did not fit.
    pub more: usize,
    /// Identity for keyed rendering: changes whenever anything drawn changes.
    pub key: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EdgeItem {
    pub key: String,
    /// SVG path data.
    pub d: String,
    pub status: Status,
    /// The area the path covers, for culling.
    pub bounds: Bounds,
}

pub fn bounds(r: &Rect) -> Bounds {
    Bounds {
        x: r.x,
        y: r.y,
        w: r.w,
        h: r.h,
    }
}

/// Column rows a box of this height holds.
pub fn capacity(r: &Rect) -> usize {
    ((r.h - HEADER_HEIGHT - PADDING) / ROW_HEIGHT)
        .round()
        .max(0.0) as usize
}

fn marks(t: &Table) -> (BTreeSet<&str>, BTreeSet<&str>) {
    let mut pk = BTreeSet::new();
    let mut fk = BTreeSet::new();
    for c in &t.constraints {
        match &c.kind {
            ConstraintKind::PrimaryKey { columns } => pk.extend(columns.iter().map(String::as_str)),
            ConstraintKind::ForeignKey(f) => fk.extend(f.columns.iter().map(String::as_str)),
            _ => {}
        }
    }
    (pk, fk)
}

fn mark(pk: &BTreeSet<&str>, fk: &BTreeSet<&str>, name: &str) -> &'static str {
    match (pk.contains(name), fk.contains(name)) {
        (true, true) => "PF",
        (true, false) => "PK",
        (false, true) => "FK",
        (false, false) => "",
    }
}

/// The column rows of a table at the selection: B's columns in order, then A's dropped ones.
pub fn column_items(
    a: Option<&Table>,
    b: Option<&Table>,
    statuses: &BTreeMap<String, Status>,
) -> Vec<ColumnItem> {
    let mut out = Vec::new();
    let status = |name: &str| statuses.get(name).copied().unwrap_or(Status::Same);
    let mut push = |t: &Table, only_dropped: bool| {
        let (pk, fk) = marks(t);
        for c in &t.columns {
            let s = status(&c.name);
            if only_dropped && s != Status::Dropped {
                continue;
            }
            out.push(ColumnItem {
                name: c.name.clone(),
                ty: String::new(),
                mark: mark(&pk, &fk, &c.name),
                nullable: c.nullable,
                status: if only_dropped { Status::Dropped } else { s },
            });
        }
    };
    match (a, b) {
        (_, Some(b)) => {
            push(b, false);
            if let Some(a) = a {
                push(a, true);
            }
        }
        (Some(a), None) => push(a, false),
        (None, None) => {}
    }
    out
}

/// Fills in column types (kept apart so `column_items` needs no dialect).
fn typed(
    mut items: Vec<ColumnItem>,
    a: Option<&Table>,
    b: Option<&Table>,
    schema: &Schema,
) -> Vec<ColumnItem> {
    for item in &mut items {
        let col = if item.status == Status::Dropped {
            a.and_then(|t| t.column(&item.name))
        } else {
            b.or(a).and_then(|t| t.column(&item.name))
        };
        if let Some(c) = col {
            item.ty = type_name(&c.ty, schema.dialect);
        }
    }
    items
}

/// The boxes to draw: every table at B, and every table dropped since A, that meets `visible`
/// (all of them when `None`). Without `detailed`, boxes carry no column rows.
pub fn boxes(
    diagram: &Diagram,
    a: &Schema,
    b: &Schema,
    statuses: &Statuses,
    visible: Option<&Bounds>,
    detailed: bool,
) -> Vec<BoxItem> {
    let mut out = Vec::new();
    for (name, (status, cols)) in statuses {
        let Some(rect) = diagram.boxes.get(name) else {
            continue;
        };
        if visible.is_some_and(|v| !v.intersects(&bounds(rect))) {
            continue;
        }
        let (ta, tb) = (a.tables.get(name), b.tables.get(name));
        let mut columns = if detailed {
            typed(column_items(ta, tb, cols), ta, tb, b)
        } else {
            Vec::new()
        };
        let cap = capacity(rect);
        let mut more = 0;
        if columns.len() > cap {
            let keep = cap.saturating_sub(1);
            more = columns.len() - keep;
            columns.truncate(keep);
        }
        let mut key = format!("{name}\u{1}{}\u{1}{detailed}\u{1}{more}", status.name());
        for c in &columns {
            key.push('\u{1}');
            key.push_str(&c.name);
            key.push('\u{2}');
            key.push_str(&c.ty);
            key.push_str(c.mark);
            key.push_str(c.status.name());
            key.push(if c.nullable { '?' } else { '!' });
        }
        out.push(BoxItem {
            name: name.clone(),
            label: name.to_string(),
            rect: *rect,
            status: *status,
            columns,
            more,
            key,
        });
    }
    out
}

/// Referenced tables of `t`, matched to the schema's keys as the database would resolve them
/// (exact name, else the only case-insensitive match).
fn references(t: &Table, schema: &Schema) -> Vec<QualifiedName> {
    let mut out = Vec::new();
    for c in &t.constraints {
        if let ConstraintKind::ForeignKey(fk) = &c.kind {
            let r = &fk.ref_table;
            if schema.tables.contains_key(r) {
                out.push(r.clone());
            } else if let Some(k) = schema
                .tables
                .keys()
                .find(|k| k.name.eq_ignore_ascii_case(&r.name) && k.schema == r.schema)
            {
                out.push(k.clone());
            }
        }
    }
    out
}

fn fk_pairs(s: &Schema) -> BTreeSet<(QualifiedName, QualifiedName)> {
    s.tables
        .values()
        .flat_map(|t| {
            references(t, s)
                .into_iter()
                .map(move |r| (t.name.clone(), r))
        })
        .collect()
}

/// The foreign-key edges present at B (same colour) or only at A (dropped), that meet `visible`.
pub fn edges(diagram: &Diagram, a: &Schema, b: &Schema, visible: Option<&Bounds>) -> Vec<EdgeItem> {
    let (at_a, at_b) = (fk_pairs(a), fk_pairs(b));
    let mut out = Vec::new();
    for e in &diagram.edges {
        let pair = (e.from.clone(), e.to.clone());
        let status = if at_b.contains(&pair) {
            if at_a.contains(&pair) {
                Status::Same
            } else {
                Status::Added
            }
        } else if at_a.contains(&pair) {
            Status::Dropped
        } else {
            continue;
        };
        if e.points.is_empty() {
            continue;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &e.points {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let area = Bounds {
            x: x0,
            y: y0,
            w: (x1 - x0).max(1.0),
            h: (y1 - y0).max(1.0),
        };
        if visible.is_some_and(|v| !v.intersects(&area)) {
            continue;
        }
        let mut d = String::new();
        for (i, (x, y)) in e.points.iter().enumerate() {
            d.push_str(&format!("{}{x:.1} {y:.1} ", if i == 0 { 'M' } else { 'L' }));
        }
        let key = format!("{}\u{1}{}\u{1}{}", e.from, e.to, status.name());
        out.push(EdgeItem {
            key,
            d: d.trim_end().to_string(),
            status,
            bounds: area,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::tests::example_session;
    use strata_core::timeline::table_status;

    #[test]
    fn statuses_and_culling_on_the_example() {
        let s = example_session();
        let (a, b) = (
            s.timeline.schema_at(&s.project, 0),
            s.timeline.schema_at(&s.project, s.positions() - 1),
        );
        let st = table_status(&a, &b);
        let all = boxes(&s.diagram, &a, &b, &st, None, true);
        assert_eq!(all.len(), b.tables.len());
        assert!(all.iter().all(|x| x.status == Status::Added));
        let tickets = all.iter().find(|x| x.label == "tickets").unwrap();
        assert!(tickets
            .columns
            .iter()
            .any(|c| c.mark == "PK" && c.name == "id"));
        assert!(tickets.columns.iter().all(|c| !c.ty.is_empty()));
        let nowhere = Bounds {
            x: -1e6,
            y: -1e6,
            w: 10.0,
            h: 10.0,
        };
        assert!(boxes(&s.diagram, &a, &b, &st, Some(&nowhere), true).is_empty());
        let coarse = boxes(&s.diagram, &a, &b, &st, None, false);
        assert!(coarse.iter().all(|x| x.columns.is_empty()));
        assert!(!edges(&s.diagram, &a, &b, None).is_empty());
        assert!(edges(&s.diagram, &a, &b, None)
            .iter()
            .all(|e| e.status == Status::Added && e.d.starts_with('M')));
    }

    #[test]
    fn dropped_tables_and_columns_show_in_red() {
        let s = example_session();
        let n = s.positions();
        // Some step of the example drops a table (d4007 drops ticket_watchers).
        let step = (1..n)
            .find(|&p| {
                let (a, b) = (
                    s.timeline.schema_at(&s.project, p - 1),
                    s.timeline.schema_at(&s.project, p),
                );
                a.tables.keys().any(|k| !b.tables.contains_key(k))
            })
            .expect("a drop in the example");
        let (a, b) = (
            s.timeline.schema_at(&s.project, step - 1),
            s.timeline.schema_at(&s.project, step),
        );
        let st = table_status(&a, &b);
        let items = boxes(&s.diagram, &a, &b, &st, None, true);
        let dropped = items.iter().find(|x| x.status == Status::Dropped).unwrap();
        assert!(dropped.columns.iter().all(|c| c.status == Status::Dropped));
        assert!(!b.tables.contains_key(&dropped.name));
    }

    #[test]
    fn column_rows_put_dropped_columns_last() {
        let mut a = Table {
            name: QualifiedName::new("t"),
            ..Default::default()
        };
        a.columns = vec![
            strata_core::schema::Column::new("id", strata_core::schema::DataType::Integer),
            strata_core::schema::Column::new("old", strata_core::schema::DataType::Text),
        ];
        let mut b = a.clone();
        b.columns.remove(1);
        b.columns.push(strata_core::schema::Column::new(
            "new",
            strata_core::schema::DataType::Text,
        ));
        let st: BTreeMap<String, Status> = [
            ("id", Status::Same),
            ("old", Status::Dropped),
            ("new", Status::Added),
        ]
        .map(|(k, v)| (k.to_string(), v))
        .into();
        let rows = column_items(Some(&a), Some(&b), &st);
        let names: Vec<(&str, Status)> = rows.iter().map(|r| (r.name.as_str(), r.status)).collect();
        assert_eq!(
            names,
            [
                ("id", Status::Same),
                ("new", Status::Added),
                ("old", Status::Dropped)
            ]
        );
        let r = Rect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: HEADER_HEIGHT + 2.0 * ROW_HEIGHT + PADDING,
        };
        assert_eq!(capacity(&r), 2);
    }
}
