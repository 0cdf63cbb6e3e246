//! Geometry of the timeline: one column per position, left to right, and one row per lane of
//! the revision graph (branches side by side, merges joining), drawn as SVG.

use strata_core::timeline::Lane;

/// Pixels between two positions.
pub const STEP: f64 = 26.0;
/// Left and right margin.
pub const PAD: f64 = 18.0;
/// Pixels between two lanes.
pub const LANE: f64 = 16.0;
/// Top of the first lane.
pub const TOP: f64 = 14.0;

pub fn x(pos: usize) -> f64 {
    PAD + pos as f64 * STEP
}

pub fn y(lane: usize) -> f64 {
    TOP + lane as f64 * LANE
}

/// Width and height of the drawing.
pub fn size(lanes: &[Lane]) -> (f64, f64) {
    let n = lanes.len().max(1);
    let most = lanes
        .iter()
        .flat_map(|l| l.via.iter().copied().chain([l.lane]))
        .max()
        .unwrap_or(0);
    (2.0 * PAD + (n - 1) as f64 * STEP, y(most) + TOP)
}

/// The edges into `pos`, as SVG paths from each parent's dot: down (or up) into the edge's lane
/// right after the parent, along it, and into this dot's lane just before it.
pub fn edge_paths(pos: usize, lanes: &[Lane]) -> Vec<String> {
    let Some(me) = lanes.get(pos) else {
        return Vec::new();
    };
    me.parents
        .iter()
        .zip(me.via.iter().chain(std::iter::repeat(&me.lane)))
        .filter_map(|(&p, &via)| {
            let from = lanes.get(p)?;
            let (x0, y0) = (x(p), y(from.lane));
            let (x1, y1) = (x(pos), y(me.lane));
            let yv = y(via);
            let bend = STEP / 2.0;
            Some(if y0 == yv && yv == y1 {
                format!("M{x0:.1} {y0:.1} L{x1:.1} {y1:.1}")
            } else {
                format!(
                    "M{x0:.1} {y0:.1} L{:.1} {yv:.1} L{:.1} {yv:.1} L{x1:.1} {y1:.1}",
                    (x0 + bend).min(x1),
                    (x1 - bend).max(x0 + bend).min(x1)
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(lane: usize, parents: &[usize], via: &[usize]) -> Lane {
        Lane {
            lane,
            parents: parents.to_vec(),
            via: via.to_vec(),
        }
    }

    #[test]
    fn straight_and_branched_edges() {
        let lanes = vec![
            lane(0, &[], &[]),
            lane(0, &[0], &[0]),
            lane(1, &[0], &[1]),
            lane(0, &[1, 2], &[0, 1]),
        ];
        assert_eq!(
            edge_paths(1, &lanes),
            [format!("M{:.1} {:.1} L{:.1} {:.1}", x(0), y(0), x(1), y(0))]
        );
        let into_merge = edge_paths(3, &lanes);
        assert_eq!(into_merge.len(), 2);
        assert!(into_merge[1].contains(&format!("{:.1}", y(1))));
        assert_eq!(edge_paths(9, &lanes), Vec::<String>::new());
        let (w, h) = size(&lanes);
        assert_eq!(w, 2.0 * PAD + 3.0 * STEP);
        assert_eq!(h, y(1) + TOP);
    }

    #[test]
    fn example_lanes_show_the_branch() {
        let s = crate::session::tests::example_session();
        let lanes = s.timeline.lanes(&s.project);
        assert_eq!(lanes.len(), s.positions());
        assert!(lanes.iter().any(|l| l.lane > 0), "the example branches");
        assert!(lanes.iter().any(|l| l.parents.len() == 2), "and merges");
    }
}
