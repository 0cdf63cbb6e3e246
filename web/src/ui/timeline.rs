//! The timeline across the top: one dot per position (base first), lanes for branches, the
//! range A..B shaded. Click sets B, Shift+click sets A, dragging scrubs B.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Ctx;
use crate::lanes;
use crate::selection::{changed_positions, position_at, Selection};

/// Short label under a dot: ids are cut to 8 characters (the full id is in the header).
fn label(id: &str) -> String {
    let mut s: String = id.chars().take(8).collect();
    if id.chars().count() > 8 {
        s.push('…');
    }
    s
}

/// Position under the pointer, from the SVG's left edge.
fn pos_of(ev: &web_sys::PointerEvent, len: usize) -> Option<usize> {
    let svg = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let x = ev.client_x() as f64 - svg.get_bounding_client_rect().left();
    Some(position_at(x, lanes::PAD, lanes::STEP, len))
}

#[component]
pub fn Timeline() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let dragging = StoredValue::new(false);
    let ends = move || {
        ctx.session.with(|s| {
            s.as_ref().map(|s| {
                let sel = ctx.sel.get();
                let end = |p: usize| {
                    let d = s.rev_description(p);
                    if d.is_empty() {
                        s.rev_id(p)
                    } else {
                        format!("{} · {d}", s.rev_id(p))
                    }
                };
                (end(sel.a), end(sel.b))
            })
        })
    };
    // The marks of the timeline's items are set here, on the items that change, not by a
    // reactive attribute per item: a 1,000-revision timeline would rerun 3,000 closures per key.
    let applied = StoredValue::new(None::<(usize, Selection)>);
    Effect::new(move |_| {
        let sel = ctx.sel.get();
        let Some((id, len)) = ctx.session.with(|s| {
            s.as_ref()
                .map(|s| (std::sync::Arc::as_ptr(&s.0) as usize, s.positions()))
        }) else {
            return;
        };
        let before = applied
            .get_value()
            .filter(|(i, _)| *i == id)
            .map(|(_, s)| s);
        applied.set_value(Some((id, sel)));
        let changed = match before {
            Some(old) => changed_positions(old, sel, len),
            None => (0..len).collect(),
        };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        for pos in changed {
            let Ok(Some(el)) = doc.query_selector(&format!(
                "[data-testid=timeline] [data-testid=rev][data-pos=\"{pos}\"]"
            )) else {
                continue;
            };
            let _ = el.set_attribute("aria-selected", if sel.b == pos { "true" } else { "false" });
            let mark = |name: &str, on: bool| {
                let _ = if on {
                    el.set_attribute(name, "1")
                } else {
                    el.remove_attribute(name)
                };
            };
            mark("data-range", sel.in_range(pos));
            mark("data-a", sel.a == pos);
        }
    });
    // Keep B in sight when keys move it past the scrolled part of a long timeline. Read the
    // scroll position in the next frame: reading it here would force a layout of the page
    // before the DOM updates are done.
    Effect::new(move |_| {
        let b = ctx.sel.get().b;
        request_animation_frame(move || scroll_to_position(b));
    });
    let open_source = move |_| {
        let m = ctx.session.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.timeline.migration_at(ctx.sel.get_untracked().b))
        });
        ctx.migration_source.set(m);
    };
    let drawing = move || {
        let s = ctx.session.get()?;
        let lanes_ = s.timeline.lanes(&s.project);
        let len = s.positions();
        let init = ctx.sel.get_untracked();
        // The items below carry `init`'s marks: the effect above only touches what differs.
        applied.set_value(Some((std::sync::Arc::as_ptr(&s.0) as usize, init)));
        let (w, h) = lanes::size(&lanes_);
        let label_h = 46.0;
        let edges: Vec<_> = (0..len)
            .flat_map(|p| lanes::edge_paths(p, &lanes_))
            .collect();
        let dots: Vec<_> = (0..len)
            .map(|pos| {
                let id = s.rev_id(pos);
                let (x, y) = (lanes::x(pos), lanes::y(lanes_[pos].lane));
                let merge = lanes_[pos].parents.len() > 1;
                let text = label(&id);
                let ly = h + 6.0;
                view! {
                    <g data-testid="rev" data-rev=id data-pos=pos.to_string() class="rev"
                        class:merge=merge
                        aria-selected=if init.b == pos { "true" } else { "false" }
                        data-range=init.in_range(pos).then_some("1")
                        data-a=(init.a == pos).then_some("1")
                        on:dblclick=move |_| ctx.migration_source.set(migration_at_pos(ctx, pos))>
                        <rect class="hit" x=x - lanes::STEP / 2.0 y=0 width=lanes::STEP height=h + label_h></rect>
                        <circle cx=x cy=y r=5></circle>
                        <text class="label" transform=format!("translate({x:.1} {ly:.1}) rotate(40)")>{text}</text>
                    </g>
                }
            })
            .collect();
        let band = move || {
            let sel = ctx.sel.get();
            let (lo, hi) = (sel.a.min(sel.b), sel.a.max(sel.b));
            let x0 = lanes::x(lo) - lanes::STEP / 2.0;
            (x0, lanes::x(hi) + lanes::STEP / 2.0 - x0)
        };
        Some(view! {
            <svg class="timeline-svg" width=w height=h + label_h
                on:pointerdown=move |ev| {
                    if let Some(p) = pos_of(&ev, len) {
                        dragging.set_value(!ev.shift_key());
                        ctx.select(ctx.sel.get_untracked().click(p, ev.shift_key(), len));
                    }
                }
                on:pointermove=move |ev| {
                    if dragging.get_value() && ev.buttons() & 1 == 1 {
                        if let Some(p) = pos_of(&ev, len) {
                            ctx.select(ctx.sel.get_untracked().click(p, false, len));
                        }
                    }
                }
                on:pointerup=move |_| dragging.set_value(false)
                on:pointerleave=move |_| dragging.set_value(false)>
                <rect class="range" x=move || band().0 y=0 width=move || band().1 height=h></rect>
                <g class="edges">{edges.into_iter().map(|d| view! { <path d=d></path> }).collect_view()}</g>
                {dots}
            </svg>
        })
    };
    view! {
        <section class="timeline" data-testid="timeline">
            <div class="timeline-head">
                <span class="end">"A " <b>{move || ends().map(|e| e.0)}</b></span>
                <span class="arrow">"→"</span>
                <span class="end">"B " <b>{move || ends().map(|e| e.1)}</b></span>
                <button class="small" data-testid="rev-source" on:click=open_source title="Show the source of revision B">"source"</button>
                <span class="hint">"click: B · shift+click: A · ←/→ move B · shift+←/→ move A · Home/End"</span>
            </div>
            <div class="timeline-scroll">{drawing}</div>
        </section>
    }
}

fn scroll_to_position(b: usize) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".timeline-scroll").ok().flatten());
    if let Some(el) = el {
        let (x, left, width) = (
            lanes::x(b),
            el.scroll_left() as f64,
            el.client_width() as f64,
        );
        if x < left + 2.0 * lanes::STEP || x > left + width - 2.0 * lanes::STEP {
            el.set_scroll_left((x - width / 2.0).max(0.0) as i32);
        }
    }
}

fn migration_at_pos(ctx: Ctx, pos: usize) -> Option<usize> {
    ctx.session
        .with_untracked(|s| s.as_ref().and_then(|s| s.timeline.migration_at(pos)))
}
