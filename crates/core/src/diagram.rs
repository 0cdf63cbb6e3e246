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
//! with no foreign key either way come last, packed column by column like a grid. Edges are
//! orthogonal polylines from the referencing table's side to the referenced table's side that
//! run in the gaps between columns and bands (an edge skipping a band may cross it), each in a
//! lane of its own; a gap widens (up to a limit) for the edges it carries.
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
/// Space around the whole drawing; edges to the outer columns and bands run in it.
const MARGIN: f64 = 56.0;
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
    (
        width_chars.max(8) as f64 * CHAR_WIDTH + 2.0 * PADDING,
        HEADER_HEIGHT + rows as f64 * ROW_HEIGHT + PADDING,
    )
}

/// Every table of every position, each at its largest, and every foreign key between two of
/// them (referencing, referenced). The timeline's replay in apply order gives the union; on a
/// branched set, the path of each head that is not a prefix of that order is added too, so a
/// table only one branch's path creates is not missed.
pub fn shapes_over(
    project: &Project,
    timeline: &Timeline,
) -> (Vec<TableShape>, Vec<(QualifiedName, QualifiedName)>) {
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
                    fks.insert((
                        name.clone(),
                        crate::simulate::table_key(project.dialect, &fk.ref_table),
                    ));
                }
            }
        }
    }
    let shapes: Vec<TableShape> = tables
        .into_iter()
        .map(|(name, (rows, width_chars))| TableShape {
            name,
            rows,
            width_chars,
        })
        .collect();
    let fks = fks
        .into_iter()
        .filter(|(a, b)| shapes_has(&shapes, a) && shapes_has(&shapes, b))
        .collect();
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
    let index: BTreeMap<&QualifiedName, usize> =
        sizes.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut nodes: Vec<Node> = sizes
        .iter()
        .map(|(name, &(w, h))| Node {
            name: (*name).clone(),
            w,
            h,
            refs: Vec::new(),
            referenced_by: Vec::new(),
        })
        .collect();
    let mut pairs = BTreeSet::new();
    let mut selfs = BTreeSet::new();
    for (a, b) in fks {
        let (Some(&i), Some(&j)) = (index.get(a), index.get(b)) else {
            continue;
        };
        if i == j {
            selfs.insert(i);
        } else if pairs.insert((i, j)) {
            nodes[i].refs.push(j);
            nodes[j].referenced_by.push(i);
        }
    }
    let layers = order_layers(&nodes);
    let isolated: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].refs.is_empty() && nodes[i].referenced_by.is_empty())
        .collect();
    let bands = arrange(&nodes, &layers, &isolated);
    // Routes depend only on which band and column each box is in; the gaps then widen to give
    // every edge running in them a lane of its own, and the boxes move accordingly.
    let draft = geometry(&nodes, &bands, &BTreeMap::new());
    let plans = plan(&draft, &pairs);
    let mut users: BTreeMap<Channel, Vec<usize>> = BTreeMap::new();
    for (k, p) in plans.iter().enumerate() {
        for ch in p.channels() {
            users.entry(ch).or_default().push(k);
        }
    }
    let placement = geometry(&nodes, &bands, &users);
    let edges = draw(&nodes, &placement, &plans, &users, &selfs);
    let mut width: f64 = 0.0;
    let mut height: f64 = 0.0;
    for r in &placement.rects {
        width = width.max(r.right());
        height = height.max(r.bottom());
    }
    for e in &edges {
        for &(x, y) in &e.points {
            width = width.max(x);
            height = height.max(y);
        }
    }
    let (right, bottom) = (placement.right_margin, placement.bottom_margin);
    let boxes = nodes
        .iter()
        .zip(placement.rects)
        .map(|(n, r)| (n.name.clone(), r))
        .collect();
    Diagram {
        boxes,
        edges,
        width: width + right,
        height: height + bottom,
    }
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
            let range: Vec<usize> = if forward {
                (1..count).collect()
            } else {
                (0..count.saturating_sub(1)).rev().collect()
            };
            for l in range {
                let mut keyed: Vec<(f64, usize)> = layers[l]
                    .iter()
                    .map(|&i| {
                        let ns = if forward {
                            &nodes[i].refs
                        } else {
                            &nodes[i].referenced_by
                        };
                        let near: Vec<f64> = ns
                            .iter()
                            .filter(|&&j| {
                                layer[j].is_some_and(|lj| if forward { lj < l } else { lj > l })
                            })
                            .map(|&j| rank[j])
                            .collect();
                        let key = if near.is_empty() {
                            rank[i]
                        } else {
                            near.iter().sum::<f64>() / near.len() as f64
                        };
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
        if state[root] != State::New
            || (nodes[root].refs.is_empty() && nodes[root].referenced_by.is_empty())
        {
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
            let depth = nodes[i]
                .refs
                .iter()
                .filter(|&&j| state[j] == State::Done)
                .filter_map(|&j| layer[j])
                .map(|l| l + 1)
                .max();
            layer[i] = Some(depth.unwrap_or(0));
            state[i] = State::Done;
            stack.pop();
        }
    }
    layer
}

/// Splits layers into columns no taller than a height and wraps the columns into bands no
/// wider than a width, keeping the pair of limits whose result is closest to 16:10 without
/// wasting area. Every band more costs a little: on a small set one band reads best.
fn arrange(nodes: &[Node], layers: &[Vec<usize>], isolated: &[usize]) -> Vec<Vec<Column>> {
    if nodes.is_empty() {
        return Vec::new();
    }
    let area: f64 = nodes
        .iter()
        .map(|n| (n.w + COLUMN_GAP) * (n.h + ROW_GAP))
        .sum();
    let tallest = nodes.iter().map(|n| n.h).fold(0.0, f64::max);
    let side = (area / ASPECT).sqrt();
    let mut best: Option<(f64, Vec<Vec<Column>>)> = None;
    // Column height limits around the height a square-ish drawing would have.
    for hf in [0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0] {
        let limit = (side * hf).max(tallest);
        let columns = columns(nodes, layers, isolated, limit);
        let total_w: f64 = columns.iter().map(|c| c.w + COLUMN_GAP).sum();
        let widest = columns.iter().map(|c| c.w).fold(0.0, f64::max);
        for wf in [0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 8.0, f64::INFINITY] {
            let max_w = (side * ASPECT * wf).max(widest).min(total_w.max(widest));
            let bands = wrap(&columns, max_w);
            let (w, h) = extent(&bands);
            let score = (w / h / ASPECT).ln().abs()
                + 0.5 * (w * h / area).ln().max(0.0)
                + 0.3 * (bands.len() - 1) as f64;
            if best.as_ref().is_none_or(|(s, _)| score < *s - 1e-9) {
                best = Some((score, bands));
            }
        }
    }
    best.map(|(_, bands)| bands).unwrap_or_default()
}

/// One band's geometry.
struct Band {
    top: f64,
    bottom: f64,
    /// Height of the gap above it (the top margin for the first band).
    gap_above: f64,
    /// Per column: (left, right).
    columns: Vec<(f64, f64)>,
    /// Per column: width of the gap to its left; one more entry: the gap right of the last.
    gaps: Vec<f64>,
}

/// Where the boxes went: each box's band and column, and every band's and gap's extent, which
/// the router needs to keep edges in the gaps.
struct Placement {
    rects: Vec<Rect>,
    /// Per node: (band, column within the band).
    slot: Vec<(usize, usize)>,
    bands: Vec<Band>,
    bottom_margin: f64,
    right_margin: f64,
}

/// Space between edge lanes in a gap.
const LANE: f64 = 2.0;
/// A gap widens for its edges up to this.
const MAX_GAP: f64 = 160.0;

/// Positions the arranged columns, each gap as wide as its edges need (`users` per channel).
fn geometry(
    nodes: &[Node],
    bands: &[Vec<Column>],
    users: &BTreeMap<Channel, Vec<usize>>,
) -> Placement {
    let need = |ch: Channel, base: f64| {
        let n = users.get(&ch).map_or(0, Vec::len) as f64;
        (n * LANE / 0.7).clamp(base, MAX_GAP.max(base))
    };
    let mut placement = Placement {
        rects: vec![
            Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0
            };
            nodes.len()
        ],
        slot: vec![(0, 0); nodes.len()],
        bands: Vec::new(),
        bottom_margin: 0.0,
        right_margin: 0.0,
    };
    let mut y = 0.0;
    for (b, band) in bands.iter().enumerate() {
        let gap_above = need(
            Channel::Horizontal(b),
            if b == 0 { MARGIN } else { BAND_GAP },
        );
        y += gap_above;
        let mut x = 0.0;
        let mut columns = Vec::with_capacity(band.len());
        let mut gaps = Vec::with_capacity(band.len() + 1);
        for (k, c) in band.iter().enumerate() {
            let gap = need(
                Channel::Vertical(b, k),
                if k == 0 { MARGIN } else { COLUMN_GAP },
            );
            x += gap;
            gaps.push(gap);
            let mut cy = y;
            for &i in &c.nodes {
                placement.rects[i] = Rect {
                    x,
                    y: cy,
                    w: nodes[i].w,
                    h: nodes[i].h,
                };
                placement.slot[i] = (b, k);
                cy += nodes[i].h + ROW_GAP;
            }
            columns.push((x, x + c.w));
            x += c.w;
        }
        let last = need(Channel::Vertical(b, band.len()), MARGIN);
        gaps.push(last);
        placement.right_margin = placement.right_margin.max(last);
        let h = band.iter().map(|c| c.h).fold(0.0, f64::max);
        placement.bands.push(Band {
            top: y,
            bottom: y + h,
            gap_above,
            columns,
            gaps,
        });
        y += h;
    }
    placement.bottom_margin = need(Channel::Horizontal(bands.len()), MARGIN);
    placement
}

/// Layers, then isolated tables, cut into columns of at most `limit` height (one box at least).
fn columns(nodes: &[Node], layers: &[Vec<usize>], isolated: &[usize], limit: f64) -> Vec<Column> {
    let mut out = Vec::new();
    for group in layers
        .iter()
        .map(Vec::as_slice)
        .chain(std::iter::once(isolated))
    {
        let mut current = Column {
            nodes: Vec::new(),
            w: 0.0,
            h: 0.0,
        };
        for &i in group {
            let h = nodes[i].h;
            if !current.nodes.is_empty() && current.h + ROW_GAP + h > limit {
                out.push(std::mem::replace(
                    &mut current,
                    Column {
                        nodes: Vec::new(),
                        w: 0.0,
                        h: 0.0,
                    },
                ));
            }
            current.h += if current.nodes.is_empty() {
                h
            } else {
                ROW_GAP + h
            };
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
                band.push(Column {
                    nodes: c.nodes.clone(),
                    w: c.w,
                    h: c.h,
                });
                width += add;
            }
            _ => {
                bands.push(vec![Column {
                    nodes: c.nodes.clone(),
                    w: c.w,
                    h: c.h,
                }]);
                width = c.w;
            }
        }
    }
    bands
}

fn extent(bands: &[Vec<Column>]) -> (f64, f64) {
    let w = bands
        .iter()
        .map(|b| b.iter().map(|c| c.w).sum::<f64>() + COLUMN_GAP * b.len().saturating_sub(1) as f64)
        .fold(0.0, f64::max);
    let h = bands
        .iter()
        .map(|b| b.iter().map(|c| c.h).fold(0.0, f64::max))
        .sum::<f64>()
        + BAND_GAP * bands.len().saturating_sub(1) as f64;
    (w.max(1.0) + 2.0 * MARGIN, h.max(1.0) + 2.0 * MARGIN)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Left,
    Right,
}

/// A gap edges run in: vertical (band, gap left of column k; k = columns means right of the
/// last) or horizontal (the gap above band b; b = bands means below the last).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Channel {
    Vertical(usize, usize),
    Horizontal(usize),
}

/// An edge's route: out of `from` on a side, into a vertical channel, then either straight to
/// `to` or along a horizontal channel to a second vertical channel next to `to`.
struct Plan {
    from: usize,
    to: usize,
    sides: (Side, Side),
    first: Channel,
    rest: Option<(Channel, Channel)>,
}

impl Plan {
    fn channels(&self) -> impl Iterator<Item = Channel> {
        std::iter::once(self.first).chain(self.rest.into_iter().flat_map(|(h, v)| [h, v]))
    }
}

/// Routes stay in the gaps, so no edge crosses a box: out of the side of `from` facing `to` into
/// the gap next to it; when `to`'s column is the next one, straight across to `to`'s side;
/// otherwise along the gap above or below the band (the gap above `from`'s band when `to` is in
/// an earlier one) to the gap next to `to`. Tables in one column are joined on their right sides.
fn plan(placed: &Placement, pairs: &BTreeSet<(usize, usize)>) -> Vec<Plan> {
    let boxes = &placed.rects;
    pairs
        .iter()
        .map(|&(from, to)| {
            let ((ba, ca), (bb, cb)) = (placed.slot[from], placed.slot[to]);
            if (ba, ca) == (bb, cb) {
                return Plan {
                    from,
                    to,
                    sides: (Side::Right, Side::Right),
                    first: Channel::Vertical(ba, ca + 1),
                    rest: None,
                };
            }
            // Reading order: is `to` before `from` (the usual direction of a key)?
            let forward = (bb, cb) < (ba, ca);
            let (sides, first, last) = if forward {
                (
                    (Side::Left, Side::Right),
                    Channel::Vertical(ba, ca),
                    Channel::Vertical(bb, cb + 1),
                )
            } else {
                (
                    (Side::Right, Side::Left),
                    Channel::Vertical(ba, ca + 1),
                    Channel::Vertical(bb, cb),
                )
            };
            if first == last {
                return Plan {
                    from,
                    to,
                    sides,
                    first,
                    rest: None,
                };
            }
            let gap = match (ba == bb, forward) {
                (false, true) => ba,
                (false, false) => ba + 1,
                (true, _) => {
                    let (top, bottom) = placed
                        .bands
                        .get(ba)
                        .map_or((0.0, 0.0), |b| (b.top, b.bottom));
                    let (ya, yb) = (
                        boxes[from].y + boxes[from].h / 2.0,
                        boxes[to].y + boxes[to].h / 2.0,
                    );
                    if (ya - top) + (yb - top) <= (bottom - ya) + (bottom - yb) {
                        ba
                    } else {
                        ba + 1
                    }
                }
            };
            Plan {
                from,
                to,
                sides,
                first,
                rest: Some((Channel::Horizontal(gap), last)),
            }
        })
        .collect()
}

type Attachment = (f64, usize, bool);

/// The polylines. Where several edges meet a box side they are spread along it in the order of
/// their other ends; edges sharing a gap each get a lane of it.
fn draw(
    nodes: &[Node],
    placed: &Placement,
    plans: &[Plan],
    users: &BTreeMap<Channel, Vec<usize>>,
    selfs: &BTreeSet<usize>,
) -> Vec<Edge> {
    let boxes = &placed.rects;
    // Per (box, side): (the other end's centre, edge, whether the edge leaves here).
    let mut at: BTreeMap<(usize, Side), Vec<Attachment>> = BTreeMap::new();
    for (k, p) in plans.iter().enumerate() {
        let centre = |i: usize| boxes[i].y + boxes[i].h / 2.0;
        at.entry((p.from, p.sides.0))
            .or_default()
            .push((centre(p.to), k, true));
        at.entry((p.to, p.sides.1))
            .or_default()
            .push((centre(p.from), k, false));
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
    let mut lane: BTreeMap<(Channel, usize), f64> = BTreeMap::new();
    for (ch, ks) in users {
        let (start, extent) = channel_span(placed, *ch);
        let n = ks.len() as f64;
        for (j, &k) in ks.iter().enumerate() {
            lane.insert(
                (*ch, k),
                start + extent * (0.15 + 0.7 * (j as f64 + 0.5) / n),
            );
        }
    }
    let at_lane = |ch: Channel, k: usize| lane.get(&(ch, k)).copied().unwrap_or(0.0);
    let mut edges: Vec<Edge> = plans
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let (a, b) = (&boxes[p.from], &boxes[p.to]);
            let (ya, yb) = ys[k];
            let xa = if p.sides.0 == Side::Left {
                a.x
            } else {
                a.right()
            };
            let xb = if p.sides.1 == Side::Left {
                b.x
            } else {
                b.right()
            };
            let x1 = at_lane(p.first, k);
            let points = match p.rest {
                None => vec![(xa, ya), (x1, ya), (x1, yb), (xb, yb)],
                Some((h, v)) => {
                    let (gy, x2) = (at_lane(h, k), at_lane(v, k));
                    vec![(xa, ya), (x1, ya), (x1, gy), (x2, gy), (x2, yb), (xb, yb)]
                }
            };
            Edge {
                from: nodes[p.from].name.clone(),
                to: nodes[p.to].name.clone(),
                name: None,
                points,
            }
        })
        .collect();
    for &i in selfs {
        let r = &boxes[i];
        let (y1, y2) = (r.y + r.h * 0.35, r.y + r.h * 0.65);
        let x = r.right() + COLUMN_GAP / 5.0;
        edges.push(Edge {
            from: nodes[i].name.clone(),
            to: nodes[i].name.clone(),
            name: None,
            points: vec![(r.right(), y1), (x, y1), (x, y2), (r.right(), y2)],
        });
    }
    edges
}

/// A channel's start and extent across its run (x for vertical ones, y for horizontal ones).
fn channel_span(placed: &Placement, ch: Channel) -> (f64, f64) {
    match ch {
        Channel::Vertical(b, k) => {
            let Some(band) = placed.bands.get(b) else {
                return (0.0, MARGIN);
            };
            let gap = band.gaps.get(k).copied().unwrap_or(MARGIN);
            let end = match band.columns.get(k) {
                Some(&(left, _)) => left,
                None => band.columns.last().map_or(0.0, |&(_, right)| right) + gap,
            };
            (end - gap, gap)
        }
        Channel::Horizontal(b) => match placed.bands.get(b) {
            Some(band) => (band.top - band.gap_above, band.gap_above),
            None => (
                placed.bands.last().map_or(0.0, |band| band.bottom),
                placed.bottom_margin,
            ),
        },
    }
}
