//! The table graph's layout: one set of box positions for every revision of a set.
//!
//! **Stable across revisions.** [`shapes_over`] collects every table that exists at any position
//! of the timeline, each at its largest, and every foreign key ever declared; [`layout`] places
//! that union once. Scrubbing the timeline then only shows, hides and recolours boxes: a table
//! keeps its place for as long as it exists.
//!
//! **Readable.** Tables are layered by foreign-key direction (a referenced table sits in a
//! column left of the tables referencing it; cycles and self-references are broken where a
//! depth-first search meets them), each layer is ordered by a few barycentric sweeps to reduce
//! crossings, a layer taller than the chosen height continues in the next column, and the
//! columns wrap into bands stacked top to bottom so that the whole is about 16:10. Tables
//! with no foreign key either way come last, packed column by column like a grid. Edges leave the
//! referencing table's side and enter the referenced table's side as orthogonal polylines.
//!
//! Deterministic: input order does not matter (tables are sorted by name), no hashing, no clock.

use crate::project::{Project, Revision};
use crate::schema::QualifiedName;
use crate::timeline::{width_chars, Timeline};
use std::collections::{BTreeMap, BTreeSet};

/// Width of one character of box text, in layout units (the web app draws 12px monospace).
pub const CHAR_WIDTH: f64 = 7.5;
/// Height of one column row.
pub const ROW_HEIGHT: f64 = 18.0;
/// Height of the table-name header.
pub const HEADER_HEIGHT: f64 = 26.0;
/// Inner padding of a box: left and right of the text, and below the last row.
pub const PADDING: f64 = 8.0;
/// Horizontal gap between columns; edges run in it.
const COLUMN_GAP: f64 = 72.0;
/// Vertical gap between boxes of one column.
const ROW_GAP: f64 = 28.0;
/// Vertical gap between bands.
const BAND_GAP: f64 = 96.0;
/// Space around the whole drawing.
const MARGIN: f64 = 24.0;
/// Width over height aimed at.
const ASPECT: f64 = 1.6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableShape {
    pub name: QualifiedName,
    /// Column rows drawn in the box.
    pub rows: usize,
    /// Characters of the widest line.
    pub width_chars: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// Whether the two rectangles share interior area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The referencing table.
    pub from: QualifiedName,
    /// The referenced table.
    pub to: QualifiedName,
    /// The constraint's name when known; `layout` receives bare table pairs (one edge per pair,
    /// however many keys) and leaves it `None`.
    pub name: Option<String>,
    /// From a side of `from`'s box to a side of `to`'s box.
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    pub boxes: BTreeMap<QualifiedName, Rect>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
}

/// The size of a table's box.
pub fn box_size(rows: usize, width_chars: usize) -> (f64, f64) {
    (width_chars.max(8) as f64 * CHAR_WIDTH + 2.0 * PADDING, HEADER_HEIGHT + rows as f64 * ROW_HEIGHT + PADDING)
}

/// Every table of every position, each at its largest, and every foreign key between two of
/// them (referencing, referenced). The timeline's replay in apply order gives the union; on a
/// branched set, the path of each head that is not a prefix of that order is added too, so a
/// table only one branch's path creates is not missed.
pub fn shapes_over(project: &Project, timeline: &Timeline) -> (Vec<TableShape>, Vec<(QualifiedName, QualifiedName)>) {
    let shapes = timeline.shapes();
    let mut tables = shapes.tables.clone();
    let mut fks = shapes.fks.clone();
    for &head in &project.graph.heads {
        let pos = timeline.position_of(Revision::At(head));
        if timeline.is_whole(pos) {
            continue;
        }
        let schema = timeline.schema_at(project, pos);
        for (name, t) in &schema.tables {
            let size = tables.entry(name.clone()).or_default();
            size.0 = size.0.max(t.columns.len());
            size.1 = size.1.max(width_chars(t, project.dialect));
            for c in &t.constraints {
                if let crate::schema::ConstraintKind::ForeignKey(fk) = &c.kind {
                    fks.insert((name.clone(), crate::timeline::table_key(&fk.ref_table, project.dialect)));
                }
            }
        }
    }
    let shapes: Vec<TableShape> = tables.into_iter().map(|(name, (rows, width_chars))| TableShape { name, rows, width_chars }).collect();
    let fks = fks.into_iter().filter(|(a, b)| shapes_has(&shapes, a) && shapes_has(&shapes, b)).collect();
    (shapes, fks)
}

fn shapes_has(shapes: &[TableShape], name: &QualifiedName) -> bool {
    shapes.binary_search_by(|s| s.name.cmp(name)).is_ok()
}

/// One node of the layout.
struct Node {
    name: QualifiedName,
    w: f64,
    h: f64,
    /// Tables it references (other than itself).
    refs: Vec<usize>,
    /// Tables referencing it (other than itself).
    referenced_by: Vec<usize>,
}

/// A column of boxes: node indices top to bottom.
struct Column {
    nodes: Vec<usize>,
    w: f64,
    h: f64,
}

pub fn layout(tables: &[TableShape], fks: &[(QualifiedName, QualifiedName)]) -> Diagram {
    let mut sizes: BTreeMap<&QualifiedName, (f64, f64)> = BTreeMap::new();
    for t in tables {
        let (w, h) = box_size(t.rows, t.width_chars);
        let s = sizes.entry(&t.name).or_insert((0.0, 0.0));
        *s = (s.0.max(w), s.1.max(h));
    }
    let index: BTreeMap<&QualifiedName, usize> = sizes.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut nodes: Vec<Node> = sizes
        .iter()
        .map(|(name, &(w, h))| Node { name: (*name).clone(), w, h, refs: Vec::new(), referenced_by: Vec::new() })
        .collect();
    let mut pairs = BTreeSet::new();
    let mut selfs = BTreeSet::new();
    for (a, b) in fks {
        let (Some(&i), Some(&j)) = (index.get(a), index.get(b)) else { continue };
        if i == j {
            selfs.insert(i);
        } else if pairs.insert((i, j)) {
            nodes[i].refs.push(j);
            nodes[j].referenced_by.push(i);
        }
    }
    let layers = order_layers(&nodes);
    let isolated: Vec<usize> = (0..nodes.len()).filter(|&i| nodes[i].refs.is_empty() && nodes[i].referenced_by.is_empty()).collect();
    let placed = place(&nodes, &layers, &isolated);
    let edges = route(&nodes, &placed, &pairs, &selfs);
    let mut width: f64 = 0.0;
    let mut height: f64 = 0.0;
    for r in &placed {
        width = width.max(r.right());
        height = height.max(r.bottom());
    }
    for e in &edges {
        for &(x, y) in &e.points {
            width = width.max(x);
            height = height.max(y);
        }
    }
    let boxes = nodes.iter().zip(&placed).map(|(n, r)| (n.name.clone(), *r)).collect();
    Diagram { boxes, edges, width: width + MARGIN, height: height + MARGIN }
}

/// Layers left to right (tables with keys only; isolated ones are not in any), each in its
/// crossing-reduced order.
fn order_layers(nodes: &[Node]) -> Vec<Vec<usize>> {
    let layer = layers(nodes);
    let count = layer.iter().filter_map(|l| *l).max().map_or(0, |m| m + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, l) in layer.iter().enumerate() {
        if let Some(l) = *l {
            layers[l].push(i);
        }
    }
    let mut rank = vec![0.0f64; nodes.len()];
    let set_ranks = |layers: &[Vec<usize>], rank: &mut [f64]| {
        for l in layers {
            for (k, &i) in l.iter().enumerate() {
                rank[i] = (k as f64 + 0.5) / l.len() as f64;
            }
        }
    };
    set_ranks(&layers, &mut rank);
    // Two rounds of sweeps: left to right by the tables referenced, then back by the referencing.
    for _ in 0..2 {
        for forward in [true, false] {
            let range: Vec<usize> = if forward { (1..count).collect() } else { (0..count.saturating_sub(1)).rev().collect() };
            for l in range {
                let mut keyed: Vec<(f64, usize)> = layers[l]
                    .iter()
                    .map(|&i| {
                        let ns = if forward { &nodes[i].refs } else { &nodes[i].referenced_by };
                        let near: Vec<f64> =
                            ns.iter().filter(|&&j| layer[j].is_some_and(|lj| if forward { lj < l } else { lj > l })).map(|&j| rank[j]).collect();
                        let key = if near.is_empty() { rank[i] } else { near.iter().sum::<f64>() / near.len() as f64 };
                        (key, i)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                layers[l] = keyed.into_iter().map(|(_, i)| i).collect();
                let len = layers[l].len() as f64;
                for (k, &i) in layers[l].iter().enumerate() {
                    rank[i] = (k as f64 + 0.5) / len;
                }
            }
        }
    }
    layers
}

/// Each connected table's layer: one more than the deepest table it references, so referenced
/// tables come first. An iterative depth-first search over references (in name order) ignores
/// the edges that close a cycle. `None` for tables with no key either way.
fn layers(nodes: &[Node]) -> Vec<Option<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; nodes.len()];
    let mut layer: Vec<Option<usize>> = vec![None; nodes.len()];
    for root in 0..nodes.len() {
        if state[root] != State::New || (nodes[root].refs.is_empty() && nodes[root].referenced_by.is_empty()) {
            continue;
        }
        // (node, next reference to visit)
        let mut stack = vec![(root, 0usize)];
        state[root] = State::Open;
        while let Some(&mut (i, ref mut next)) = stack.last_mut() {
            if let Some(&j) = nodes[i].refs.get(*next) {
                *next += 1;
                if state[j] == State::New {
                    state[j] = State::Open;
                    stack.push((j, 0));
                }
                continue;
            }
            // All references visited: those not on the stack (Open) are finished and layered.
            let depth = nodes[i].refs.iter().filter(|&&j| state[j] == State::Done).filter_map(|&j| layer[j]).map(|l| l + 1).max();
            layer[i] = Some(depth.unwrap_or(0));
            state[i] = State::Done;
            stack.pop();
        }
    }
    layer
}

/// Splits layers into columns no taller than a height, wraps the columns into bands no wider than
/// a width, and keeps the pair of limits whose result is closest to 16:10 without wasting area.
fn place(nodes: &[Node], layers: &[Vec<usize>], isolated: &[usize]) -> Vec<Rect> {
    let mut out = vec![Rect { x: 0.0, y: 0.0, w: 0.0, h: 0.0 }; nodes.len()];
    if nodes.is_empty() {
        return out;
    }
    let area: f64 = nodes.iter().map(|n| (n.w + COLUMN_GAP) * (n.h + ROW_GAP)).sum();
    let tallest = nodes.iter().map(|n| n.h).fold(0.0, f64::max);
    let side = (area / ASPECT).sqrt();
    let mut best: Option<(f64, Vec<Vec<Column>>)> = None;
    // Column height limits around the height a square-ish drawing would have.
    for hf in [0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8] {
        let limit = (side * hf).max(tallest);
        let columns = columns(nodes, layers, isolated, limit);
        let total_w: f64 = columns.iter().map(|c| c.w + COLUMN_GAP).sum();
        let widest = columns.iter().map(|c| c.w).fold(0.0, f64::max);
        for wf in [0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 8.0, f64::INFINITY] {
            let max_w = (side * ASPECT * wf).max(widest).min(total_w.max(widest));
            let bands = wrap(&columns, max_w);
            let (w, h) = extent(&bands);
            let score = (w / h / ASPECT).ln().abs() + 0.5 * (w * h / area).ln().max(0.0);
            if best.as_ref().is_none_or(|(s, _)| score < *s - 1e-9) {
                best = Some((score, bands));
            }
        }
    }
    let Some((_, bands)) = best else { return out };
    let mut y = MARGIN;
    for band in &bands {
        let mut x = MARGIN;
        for c in band {
            let mut cy = y;
            for &i in &c.nodes {
                out[i] = Rect { x, y: cy, w: nodes[i].w, h: nodes[i].h };
                cy += nodes[i].h + ROW_GAP;
            }
            x += c.w + COLUMN_GAP;
        }
        y += band.iter().map(|c| c.h).fold(0.0, f64::max) + BAND_GAP;
    }
    out
}

/// Layers, then isolated tables, cut into columns of at most `limit` height (one box at least).
fn columns(nodes: &[Node], layers: &[Vec<usize>], isolated: &[usize], limit: f64) -> Vec<Column> {
    let mut out = Vec::new();
    for group in layers.iter().map(Vec::as_slice).chain(std::iter::once(isolated)) {
        let mut current = Column { nodes: Vec::new(), w: 0.0, h: 0.0 };
        for &i in group {
            let h = nodes[i].h;
            if !current.nodes.is_empty() && current.h + ROW_GAP + h > limit {
                out.push(std::mem::replace(&mut current, Column { nodes: Vec::new(), w: 0.0, h: 0.0 }));
            }
            current.h += if current.nodes.is_empty() { h } else { ROW_GAP + h };
            current.w = current.w.max(nodes[i].w);
            current.nodes.push(i);
        }
        if !current.nodes.is_empty() {
            out.push(current);
        }
    }
    out
}

/// Consecutive columns into bands no wider than `max_w` (one column at least).
fn wrap(columns: &[Column], max_w: f64) -> Vec<Vec<Column>> {
    let mut bands: Vec<Vec<Column>> = Vec::new();
    let mut width = 0.0;
    for c in columns {
        let add = if width == 0.0 { c.w } else { COLUMN_GAP + c.w };
        match bands.last_mut() {
            Some(band) if width + add <= max_w => {
                band.push(Column { nodes: c.nodes.clone(), w: c.w, h: c.h });
                width += add;
            }
            _ => {
                bands.push(vec![Column { nodes: c.nodes.clone(), w: c.w, h: c.h }]);
                width = c.w;
            }
        }
    }
    bands
}

fn extent(bands: &[Vec<Column>]) -> (f64, f64) {
    let w = bands.iter().map(|b| b.iter().map(|c| c.w).sum::<f64>() + COLUMN_GAP * b.len().saturating_sub(1) as f64).fold(0.0, f64::max);
    let h = bands.iter().map(|b| b.iter().map(|c| c.h).fold(0.0, f64::max)).sum::<f64>() + BAND_GAP * bands.len().saturating_sub(1) as f64;
    (w.max(1.0) + 2.0 * MARGIN, h.max(1.0) + 2.0 * MARGIN)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Left,
    Right,
}

/// Orthogonal polylines. A referencing table to the right of the referenced one goes from its
/// left side to the other's right side through the gap between them (and the mirror case);
/// boxes sharing a horizontal span are joined on their right sides around the right. Where
/// several edges meet a side, they are spread along it in the order of their other ends.
fn route(nodes: &[Node], boxes: &[Rect], pairs: &BTreeSet<(usize, usize)>, selfs: &BTreeSet<usize>) -> Vec<Edge> {
    struct Plan {
        from: usize,
        to: usize,
        sides: (Side, Side),
    }
    let plans: Vec<Plan> = pairs
        .iter()
        .map(|&(from, to)| {
            let (a, b) = (&boxes[from], &boxes[to]);
            let sides = if a.x >= b.right() {
                (Side::Left, Side::Right)
            } else if a.right() <= b.x {
                (Side::Right, Side::Left)
            } else {
                (Side::Right, Side::Right)
            };
            Plan { from, to, sides }
        })
        .collect();
    // Attachment points: per (box, side), the edges sorted by the other end's centre.
    let mut at: BTreeMap<(usize, Side), Vec<(f64, usize, bool)>> = BTreeMap::new();
    for (k, p) in plans.iter().enumerate() {
        let centre = |i: usize| boxes[i].y + boxes[i].h / 2.0;
        at.entry((p.from, p.sides.0)).or_default().push((centre(p.to), k, true));
        at.entry((p.to, p.sides.1)).or_default().push((centre(p.from), k, false));
    }
    let mut ys = vec![(0.0, 0.0); plans.len()];
    for ((i, _), mut list) in at {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let r = &boxes[i];
        // Below the header, over the rows.
        let top = r.y + HEADER_HEIGHT.min(r.h / 2.0);
        let span = (r.bottom() - top).max(1.0);
        let n = list.len() as f64;
        for (k, &(_, e, is_from)) in list.iter().enumerate() {
            let y = top + span * (k as f64 + 0.5) / n;
            if is_from {
                ys[e].0 = y;
            } else {
                ys[e].1 = y;
            }
        }
    }
    let mut edges: Vec<Edge> = plans
        .iter()
        .zip(&ys)
        .map(|(p, &(ya, yb))| {
            let (a, b) = (&boxes[p.from], &boxes[p.to]);
            let (xa, xb, xm) = match p.sides {
                (Side::Left, _) => (a.x, b.right(), channel(b.right(), a.x)),
                (Side::Right, Side::Left) => (a.right(), b.x, channel(a.right(), b.x)),
                _ => (a.right(), b.right(), a.right().max(b.right()) + COLUMN_GAP / 3.0),
            };
            let points = if (ya - yb).abs() < 0.5 { vec![(xa, ya), (xb, ya)] } else { vec![(xa, ya), (xm, ya), (xm, yb), (xb, yb)] };
            Edge { from: nodes[p.from].name.clone(), to: nodes[p.to].name.clone(), name: None, points }
        })
        .collect();
    for &i in selfs {
        let r = &boxes[i];
        let (y1, y2) = (r.y + r.h * 0.35, r.y + r.h * 0.65);
        let x = r.right() + COLUMN_GAP / 4.0;
        edges.push(Edge {
            from: nodes[i].name.clone(),
            to: nodes[i].name.clone(),
            name: None,
            points: vec![(r.right(), y1), (x, y1), (x, y2), (r.right(), y2)],
        });
    }
    edges
}

/// The x of the vertical segment between two facing sides: in the gap next to the box at
/// `right`, as columns are separated by one gap.
fn channel(left: f64, right: f64) -> f64 {
    if right - left >= COLUMN_GAP {
        right - COLUMN_GAP / 2.0
    } else {
        (left + right) / 2.0
    }
}
