//! The selected range A..B on the timeline and how clicks and keys move it. Pure: the
//! components only translate DOM events into [`Key`]s and positions.
//!
//! Positions are timeline positions: 0 is the base (before any migration), `k` is after the
//! k-th migration in apply order. B is the revision shown; A is what it is compared with
//! (statuses, diff, SQL), the base by default.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    pub a: usize,
    pub b: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Left,
    Right,
    Home,
    End,
}

impl Key {
    /// The DOM `KeyboardEvent.key` names the timeline answers to.
    pub fn from_dom(key: &str) -> Option<Key> {
        Some(match key {
            "ArrowLeft" => Key::Left,
            "ArrowRight" => Key::Right,
            "Home" => Key::Home,
            "End" => Key::End,
            _ => return None,
        })
    }
}

impl Selection {
    /// Base to head: the whole set under review.
    pub fn whole(len: usize) -> Selection {
        Selection {
            a: 0,
            b: len.saturating_sub(1),
        }
    }

    /// Both ends kept inside `0..len` (after a reload with fewer revisions).
    pub fn clamp(self, len: usize) -> Selection {
        let last = len.saturating_sub(1);
        Selection {
            a: self.a.min(last),
            b: self.b.min(last),
        }
    }

    /// Click sets B; Shift+click sets A.
    pub fn click(self, pos: usize, shift: bool, len: usize) -> Selection {
        let s = if shift {
            Selection { a: pos, ..self }
        } else {
            Selection { b: pos, ..self }
        };
        s.clamp(len)
    }

    /// Arrows move B (Shift+Arrow moves A) one position; Home/End jump to base/head.
    pub fn key(self, key: Key, shift: bool, len: usize) -> Selection {
        let last = len.saturating_sub(1);
        let end = if shift { self.a } else { self.b };
        let moved = match key {
            Key::Left => end.saturating_sub(1),
            Key::Right => (end + 1).min(last),
            Key::Home => 0,
            Key::End => last,
        };
        self.click(moved, shift, len)
    }

    /// Whether `pos` lies in the range, both ends included (`data-range="1"`).
    pub fn in_range(self, pos: usize) -> bool {
        let (lo, hi) = if self.a <= self.b {
            (self.a, self.b)
        } else {
            (self.b, self.a)
        };
        (lo..=hi).contains(&pos)
    }
}

/// The positions whose marks (B, A, in range) differ between two selections: the only timeline
/// items a selection change has to touch, however long the timeline is.
pub fn changed_positions(old: Selection, new: Selection, len: usize) -> Vec<usize> {
    let lo = old.a.min(old.b).min(new.a).min(new.b);
    let hi = old
        .a
        .max(old.b)
        .max(new.a)
        .max(new.b)
        .min(len.saturating_sub(1));
    (lo..=hi)
        .filter(|&p| {
            let marks = |s: Selection| (s.b == p, s.a == p, s.in_range(p));
            marks(old) != marks(new)
        })
        .collect()
}

/// The timeline position nearest to `x` pixels from the left edge of a timeline whose
/// positions sit `step` pixels apart starting at `pad` (mouse scrubbing).
pub fn position_at(x: f64, pad: f64, step: f64, len: usize) -> usize {
    if len == 0 || step <= 0.0 || !x.is_finite() {
        return 0;
    }
    let p = ((x - pad) / step).round();
    if p <= 0.0 {
        0
    } else {
        (p as usize).min(len - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_b_and_shift_moves_a() {
        let s = Selection { a: 0, b: 5 };
        assert_eq!(s.key(Key::Left, false, 10), Selection { a: 0, b: 4 });
        assert_eq!(s.key(Key::Right, true, 10), Selection { a: 1, b: 5 });
        assert_eq!(s.key(Key::End, false, 10), Selection { a: 0, b: 9 });
        assert_eq!(s.key(Key::Home, false, 10), Selection { a: 0, b: 0 });
        assert_eq!(Selection { a: 0, b: 9 }.key(Key::Right, false, 10).b, 9);
        assert_eq!(Selection { a: 0, b: 0 }.key(Key::Left, true, 10).a, 0);
        assert_eq!(
            Selection::default().key(Key::Right, false, 0),
            Selection::default()
        );
    }

    #[test]
    fn clicks_and_ranges() {
        let s = Selection::whole(25);
        assert_eq!(s, Selection { a: 0, b: 24 });
        let s = s.click(7, false, 25).click(3, true, 25);
        assert_eq!(s, Selection { a: 3, b: 7 });
        assert!(s.in_range(3) && s.in_range(7) && s.in_range(5));
        assert!(!s.in_range(2) && !s.in_range(8));
        let back = Selection { a: 7, b: 3 };
        assert!(back.in_range(5) && !back.in_range(8));
        assert_eq!(s.click(99, false, 25).b, 24);
        assert_eq!(
            Selection { a: 30, b: 40 }.clamp(10),
            Selection { a: 9, b: 9 }
        );
    }

    #[test]
    fn only_changed_marks_are_touched() {
        let old = Selection { a: 0, b: 10 };
        assert_eq!(
            changed_positions(old, Selection { a: 0, b: 9 }, 20),
            [9, 10]
        );
        assert_eq!(changed_positions(old, old, 20), Vec::<usize>::new());
        assert_eq!(
            changed_positions(old, Selection { a: 2, b: 10 }, 20),
            [0, 1, 2]
        );
        assert_eq!(
            changed_positions(Selection { a: 5, b: 5 }, Selection { a: 5, b: 7 }, 20),
            [5, 6, 7]
        );
        assert!(
            changed_positions(Selection { a: 0, b: 99 }, Selection { a: 0, b: 98 }, 10)
                .iter()
                .all(|&p| p < 10)
        );
    }

    #[test]
    fn dom_keys() {
        assert_eq!(Key::from_dom("ArrowLeft"), Some(Key::Left));
        assert_eq!(Key::from_dom("End"), Some(Key::End));
        assert_eq!(Key::from_dom("a"), None);
    }

    #[test]
    fn scrub_positions() {
        assert_eq!(position_at(0.0, 20.0, 30.0, 10), 0);
        assert_eq!(position_at(20.0 + 30.0 * 3.4, 20.0, 30.0, 10), 3);
        assert_eq!(position_at(20.0 + 30.0 * 3.6, 20.0, 30.0, 10), 4);
        assert_eq!(position_at(1e9, 20.0, 30.0, 10), 9);
        assert_eq!(position_at(f64::NAN, 20.0, 30.0, 10), 0);
        assert_eq!(position_at(50.0, 20.0, 30.0, 0), 0);
    }
}
