//! The table graph (SVG, culled to the view) and the list of every table at B beside it.

use leptos::prelude::*;
use strata_core::diagram::{CHAR_WIDTH, HEADER_HEIGHT, PADDING, ROW_HEIGHT};
use strata_core::schema::QualifiedName;
use strata_core::timeline::Status;
use wasm_bindgen::JsCast;

use super::{dom, Ctx};
use crate::find;
use crate::scene::{self, BoxItem};
use crate::viewport::STEP;

/// Screen pixels of margin drawn around the visible area (panning shows no holes).
const CULL_MARGIN: f64 = 300.0;

#[component]
pub fn TableList() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let items = move || {
        ctx.frame.with(|f| {
            f.as_ref()
                .map(|f| {
                    f.b.tables
                        .keys()
                        .map(|k| (k.clone(), f.statuses.get(k).map_or(Status::Same, |s| s.0)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <aside class="tables">
            <div class="tables-head">"Tables at B " <span class="count">{move || ctx.frame.with(|f| f.as_ref().map(|f| f.b.tables.len()))}</span></div>
            <ul data-testid="table-list">
                <For each=items key=|(k, s)| (k.clone(), *s) let:item>
                    {
                        let (name, status) = item;
                        let label = name.to_string();
                        let text = label.clone();
                        let picked = name.clone();
                        let here = name.clone();
                        view! {
                            <li data-testid="table-item" data-table=label.clone() data-status=status.name()
                                class=format!("item {}", status.name())
                                class:selected=move || ctx.table.with(|t| t.as_ref() == Some(&here))
                                on:click=move |_| ctx.pick_table(picked.clone(), true)>
                                {text}
                            </li>
                        }
                    }
                </For>
            </ul>
        </aside>
    }
}

/// The SVG group of one table box.
fn table_box(ctx: Ctx, b: BoxItem) -> impl IntoView {
    let r = b.rect;
    let name = b.name.clone();
    let here = b.name.clone();
    let table_attr = b.label.clone();
    let rows = b.columns.into_iter().enumerate().map(move |(i, c)| {
        let y = r.y + HEADER_HEIGHT + ROW_HEIGHT * (i as f64 + 0.75);
        let x = r.x + PADDING;
        let column = c.name.clone();
        view! {
            <text data-column=column data-status=c.status.name() class=format!("col {}", c.status.name()) x=x y=y>
                <tspan class="mark">{c.mark}</tspan>
                <tspan x=x + 3.0 * CHAR_WIDTH>{c.name}</tspan>
                <tspan class="type" x=r.x + r.w - PADDING - 1.5 * CHAR_WIDTH text-anchor="end">{c.ty}</tspan>
                <tspan class="null" x=r.x + r.w - PADDING text-anchor="end">{if c.nullable { "?" } else { "" }}</tspan>
            </text>
        }
    });
    let more = (b.more > 0).then(|| {
        let y = r.y + r.h - PADDING - ROW_HEIGHT * 0.25;
        view! { <text class="more" x=r.x + PADDING y=y>{format!("+{} more", b.more)}</text> }
    });
    view! {
        <g data-testid="table" data-table=table_attr data-status=b.status.name()
            class=format!("table {}", b.status.name())
            class:selected=move || ctx.table.with(|t| t.as_ref() == Some(&here))
            on:click=move |_| ctx.pick_table(name.clone(), false)>
            <rect class="box" x=r.x y=r.y width=r.w height=r.h rx=4></rect>
            <rect class="head" x=r.x y=r.y width=r.w height=HEADER_HEIGHT rx=4></rect>
            <text class="name" x=r.x + PADDING y=r.y + HEADER_HEIGHT * 0.68>{b.label}</text>
            {rows.collect_view()}
            {more}
        </g>
    }
}

#[component]
pub fn Graph() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // Everything drawable at this selection and level of detail; culling then filters it.
    let detailed = Memo::new(move |_| ctx.viewport.with(|v| v.detailed()));
    let all_boxes = Memo::new(move |_| {
        let d = detailed.get();
        let s = ctx.session.get()?;
        ctx.frame.with(|f| {
            f.as_ref().map(|f| {
                super::Shared(std::sync::Arc::new(scene::boxes(
                    &s.diagram,
                    &f.a,
                    &f.b,
                    &f.statuses,
                    None,
                    d,
                )))
            })
        })
    });
    let all_edges = Memo::new(move |_| {
        let s = ctx.session.get()?;
        ctx.frame.with(|f| {
            f.as_ref().map(|f| {
                super::Shared(std::sync::Arc::new(scene::edges(
                    &s.diagram, &f.a, &f.b, None,
                )))
            })
        })
    });
    let visible_boxes = move || {
        let v = ctx.viewport.with(|v| v.visible(CULL_MARGIN));
        all_boxes.with(|b| {
            b.as_ref()
                .map(|b| {
                    b.iter()
                        .filter(|x| v.intersects(&scene::bounds(&x.rect)))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let visible_edges = move || {
        let v = ctx.viewport.with(|v| v.visible(CULL_MARGIN));
        all_edges.with(|e| {
            e.as_ref()
                .map(|e| {
                    e.iter()
                        .filter(|x| v.intersects(&x.bounds))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };

    // Pan by dragging the background; a drag that moved does not count as a click.
    let drag = StoredValue::new(None::<(f64, f64, crate::viewport::Viewport)>);
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        drag.set_value(Some((
            ev.client_x() as f64,
            ev.client_y() as f64,
            ctx.viewport.get_untracked(),
        )));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if let Some((x0, y0, v0)) = drag.get_value() {
            if ev.buttons() & 1 == 0 {
                drag.set_value(None);
                return;
            }
            let (dx, dy) = (ev.client_x() as f64 - x0, ev.client_y() as f64 - y0);
            if dx.abs() + dy.abs() > 3.0 {
                ctx.viewport.set(v0.pan(dx, dy));
            }
        }
    };
    let on_up = move |_| drag.set_value(None);
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some(svg) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = svg.get_bounding_client_rect();
        let (sx, sy) = (
            ev.client_x() as f64 - rect.left(),
            ev.client_y() as f64 - rect.top(),
        );
        let factor = if ev.delta_y() < 0.0 { STEP } else { 1.0 / STEP };
        ctx.viewport.update(|v| {
            *v = v
                .resized(rect.width(), rect.height())
                .zoom_at(factor, sx, sy)
        });
    };
    let measure = move || {
        dom::size_of(".graph-wrap svg").map(|(w, h)| ctx.viewport.update(|v| *v = v.resized(w, h)))
    };
    let fit = move |_| {
        measure();
        if let Some((w, h)) = ctx
            .session
            .with_untracked(|s| s.as_ref().map(|s| (s.diagram.width, s.diagram.height)))
        {
            ctx.viewport.update(|v| *v = v.fit(w, h));
        }
    };
    let zoom = move |f: f64| {
        measure();
        ctx.viewport.update(|v| *v = v.zoom(f));
    };
    let _resize = window_event_listener(leptos::ev::resize, move |_| {
        measure();
    });

    let query = RwSignal::new(String::new());
    let suggestions = move || {
        let q = query.get();
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| {
                    find::matches(s.diagram.boxes.keys(), &q, 8)
                        .into_iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let find_enter = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        let q = query.get_untracked();
        // Prefer a table that exists at B; fall back to any revision's.
        let hit: Option<QualifiedName> = ctx.frame.with_untracked(|f| {
            f.as_ref()
                .and_then(|f| find::best(f.b.tables.keys(), &q).cloned())
        });
        let hit = hit.or_else(|| {
            ctx.session.with_untracked(|s| {
                s.as_ref()
                    .and_then(|s| find::best(s.diagram.boxes.keys(), &q).cloned())
            })
        });
        if let Some(name) = hit {
            measure();
            ctx.pick_table(name, true);
        }
    };

    view! {
        <section class="graph-wrap">
            <div class="graph-tools">
                <button data-testid="fit" on:click=fit title="Fit the whole diagram">"Fit"</button>
                <button data-testid="zoom-out" on:click=move |_| zoom(1.0 / STEP) title="Zoom out">"−"</button>
                <button data-testid="zoom-in" on:click=move |_| zoom(STEP) title="Zoom in">"+"</button>
                <input type="search" data-testid="find-table" placeholder="Find table… (Enter)" list="table-names"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=find_enter />
                <datalist id="table-names">
                    {move || suggestions().into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
                </datalist>
                <span class="legend">
                    <span class="added">"added"</span>
                    <span class="changed">"changed"</span>
                    <span class="dropped">"dropped"</span>
                    " since A"
                </span>
            </div>
            <svg data-testid="graph" class="graph" viewBox=move || ctx.viewport.with(|v| v.view_box())
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointerleave=on_up on:wheel=on_wheel>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0 L10 5 L0 10 z" class="arrowhead"></path>
                    </marker>
                </defs>
                <g class="edges">
                    <For each=visible_edges key=|e| e.key.clone() let:e>
                        <path class=format!("edge {}", e.status.name()) d=e.d marker-end="url(#arrow)"></path>
                    </For>
                </g>
                <g class="boxes">
                    <For each=visible_boxes key=|b| b.key.clone() let:b>
                        {table_box(ctx, b)}
                    </For>
                </g>
            </svg>
        </section>
    }
}
