//! Pan and zoom of the table graph, and which boxes are worth putting in the DOM.
//!
//! The SVG's `viewBox` is the visible part of the diagram: `x`, `y` is the diagram point at the
//! top-left corner and `scale` the screen pixels per diagram unit. Culling keeps big schemas fast:
//! only boxes meeting the visible area (plus a margin, so panning does not show holes) are drawn;
//! the table list beside the graph still names every table.

pub const MIN_SCALE: f64 = 0.02;
pub const MAX_SCALE: f64 = 4.0;
/// Below this scale column text is unreadable: boxes show only their name.
pub const DETAIL_SCALE: f64 = 0.35;
/// Zoom buttons and one wheel notch.
pub const STEP: f64 = 1.25;

/// A rectangle in diagram units.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bounds {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Bounds {
    pub fn intersects(&self, o: &Bounds) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
    /// Size of the SVG element on screen, in CSS pixels.
    pub width: f64,
    pub height: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            x: 0.0,
            y: 0.0,
            scale: 1.0,
            width: 800.0,
            height: 600.0,
        }
    }
}

fn clamp_scale(s: f64) -> f64 {
    if s.is_finite() {
        s.clamp(MIN_SCALE, MAX_SCALE)
    } else {
        1.0
    }
}

impl Viewport {
    /// A new screen size; the top-left corner and scale stay.
    pub fn resized(self, width: f64, height: f64) -> Viewport {
        Viewport {
            width: width.max(1.0),
            height: height.max(1.0),
            ..self
        }
    }

    /// The `viewBox` attribute.
    pub fn view_box(&self) -> String {
        format!(
            "{:.1} {:.1} {:.1} {:.1}",
            self.x,
            self.y,
            self.width / self.scale,
            self.height / self.scale
        )
    }

    /// The whole diagram in view, centred, never magnified beyond 1:1.
    pub fn fit(self, diagram_w: f64, diagram_h: f64) -> Viewport {
        let pad = 24.0;
        let sx = (self.width - 2.0 * pad).max(1.0) / diagram_w.max(1.0);
        let sy = (self.height - 2.0 * pad).max(1.0) / diagram_h.max(1.0);
        let scale = clamp_scale(sx.min(sy).min(1.0));
        let (cx, cy) = (diagram_w / 2.0, diagram_h / 2.0);
        Viewport {
            x: cx - self.width / scale / 2.0,
            y: cy - self.height / scale / 2.0,
            scale,
            ..self
        }
    }

    /// Zooms by `factor` keeping the diagram point under screen point (`sx`, `sy`) in place.
    pub fn zoom_at(self, factor: f64, sx: f64, sy: f64) -> Viewport {
        let scale = clamp_scale(self.scale * factor);
        let (wx, wy) = (self.x + sx / self.scale, self.y + sy / self.scale);
        Viewport {
            x: wx - sx / scale,
            y: wy - sy / scale,
            scale,
            ..self
        }
    }

    /// Zoom about the centre of the view (the zoom buttons).
    pub fn zoom(self, factor: f64) -> Viewport {
        self.zoom_at(factor, self.width / 2.0, self.height / 2.0)
    }

    /// Moves the view by a drag of (`dx`, `dy`) screen pixels.
    pub fn pan(self, dx: f64, dy: f64) -> Viewport {
        Viewport {
            x: self.x - dx / self.scale,
            y: self.y - dy / self.scale,
            ..self
        }
    }

    /// Puts `b` in the middle, zooming in to a readable scale if needed.
    pub fn center_on(self, b: Bounds) -> Viewport {
        let scale = if self.scale < 0.6 { 0.8 } else { self.scale };
        let (cx, cy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
        Viewport {
            x: cx - self.width / scale / 2.0,
            y: cy - self.height / scale / 2.0,
            scale,
            ..self
        }
    }

    /// The visible diagram area grown by `margin` screen pixels on every side.
    pub fn visible(&self, margin: f64) -> Bounds {
        let m = margin / self.scale;
        Bounds {
            x: self.x - m,
            y: self.y - m,
            w: self.width / self.scale + 2.0 * m,
            h: self.height / self.scale + 2.0 * m,
        }
    }

    /// Whether boxes are drawn with their columns at this zoom.
    pub fn detailed(&self) -> bool {
        self.scale >= DETAIL_SCALE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vp() -> Viewport {
        Viewport::default().resized(1000.0, 500.0)
    }

    #[test]
    fn fit_centres_and_never_magnifies() {
        let v = vp().fit(200.0, 100.0);
        assert_eq!(v.scale, 1.0);
        assert!((v.x + v.width / 2.0 - 100.0).abs() < 1e-9);
        let v = vp().fit(9520.0, 452.0);
        assert!((v.scale - 0.1).abs() < 1e-9, "{}", v.scale);
        let vis = v.visible(0.0);
        assert!(vis.x <= 0.0 && vis.x + vis.w >= 9520.0 && vis.y <= 0.0 && vis.y + vis.h >= 452.0);
        assert_eq!(vp().fit(0.0, 0.0).scale, 1.0);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let v = vp();
        let z = v.zoom_at(2.0, 300.0, 100.0);
        assert_eq!(z.scale, 2.0);
        assert!((z.x + 300.0 / z.scale - (v.x + 300.0 / v.scale)).abs() < 1e-9);
        assert!((z.y + 100.0 / z.scale - (v.y + 100.0 / v.scale)).abs() < 1e-9);
        assert_eq!(v.zoom(1e9).scale, MAX_SCALE);
        assert_eq!(v.zoom(0.0).scale, MIN_SCALE);
        assert_eq!(v.zoom(f64::NAN).scale, 1.0);
    }

    #[test]
    fn pan_and_center() {
        let v = vp().pan(100.0, -50.0);
        assert_eq!((v.x, v.y), (-100.0, 50.0));
        let c = vp().zoom(0.1).center_on(Bounds {
            x: 500.0,
            y: 500.0,
            w: 100.0,
            h: 40.0,
        });
        assert!(c.scale >= 0.6);
        let mid = (
            c.x + c.width / c.scale / 2.0,
            c.y + c.height / c.scale / 2.0,
        );
        assert!((mid.0 - 550.0).abs() < 1e-9 && (mid.1 - 520.0).abs() < 1e-9);
    }

    #[test]
    fn culling_uses_the_margin() {
        let v = vp();
        let outside = Bounds {
            x: 1050.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        assert!(!v.visible(0.0).intersects(&outside));
        assert!(v.visible(100.0).intersects(&outside));
        assert!(v.visible(0.0).intersects(&Bounds {
            x: -5.0,
            y: -5.0,
            w: 10.0,
            h: 10.0
        }));
        assert!(!vp().zoom(0.2).detailed() && vp().detailed());
        assert_eq!(vp().view_box(), "0.0 0.0 1000.0 500.0");
    }
}
