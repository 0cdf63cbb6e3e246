//! The right-hand panel: one scrolling column of sections (Table, Diff, SQL, Diagnostics,
//! Share) with a strip of links to each, so every control is on the page at once. The costly
//! sections (diff, SQL, share link) follow `Ctx::settled`: they are rebuilt once the view stops
//! changing and are empty while it changes, so scrubbing only redraws the graph.

use std::time::Duration;

use leptos::prelude::*;
use strata_core::diff::ObjectKind;
use strata_core::share;
use strata_core::Dialect;

use super::{dom, Busy, Ctx};
use crate::format;
use crate::link;
use crate::panels::{self, SqlMode};
use crate::source_view;

#[component]
pub fn Panel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let diag_count = move || {
        ctx.session
            .with(|s| s.as_ref().map_or(0, |s| s.diagnostics.len()))
    };
    let errors = move || {
        ctx.session.with(|s| {
            s.as_ref().map_or(0, |s| {
                s.diagnostics
                    .iter()
                    .filter(|d| d.severity == strata_core::Severity::Error)
                    .count()
            })
        })
    };
    let link = move |id: &'static str, label: &'static str| {
        view! {
            <button class="tab" data-testid=format!("tab-{id}") on:click=move |_| dom::scroll_to(&format!("#section-{id}"))>
                {label}
                {(id == "diagnostics").then(|| view! {
                    <span class="badge" class:error=move || { errors() > 0 }>{diag_count}</span>
                })}
            </button>
        }
    };
    view! {
        <aside class="panel">
            <nav class="tabs">
                {link("table", "Table")}
                {link("diff", "Diff")}
                {link("sql", "SQL")}
                {link("diagnostics", "Diagnostics")}
                {link("share", "Share")}
            </nav>
            <div class="tab-body">
                <section id="section-table"><h2>"Table"</h2><TableSection /></section>
                <section id="section-diff"><h2>"Diff A → B"</h2><DiffSection /></section>
                <section id="section-sql"><h2>"SQL A → B"</h2><SqlSection /></section>
                <section id="section-diagnostics"><h2>"Diagnostics"</h2><DiagnosticsSection /></section>
                <section id="section-share"><h2>"Share"</h2><ShareSection /></section>
            </div>
        </aside>
    }
}

#[component]
fn TableSection() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let detail = move || {
        let s = ctx.session.get()?;
        let name = ctx.table.get()?;
        let sel = ctx.sel.get();
        ctx.frame.with(|f| {
            f.as_ref()
                .and_then(|f| panels::table_detail(&s, sel, &f.a, &f.b, &name))
        })
    };
    let open_migration = move |id: String| {
        let m = ctx.session.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.project.set.migrations.iter().position(|m| m.id == id))
        });
        ctx.migration_source.set(m);
    };
    view! {
        <div data-testid="table-detail" class="detail">
            {move || match detail() {
                None => view! { <p class="hint">"Click a table in the graph or the list to see its columns, constraints and indexes."</p> }.into_any(),
                Some(d) => {
                    let status = d.status.name();
                    view! {
                        <h3><span class="table-name">{d.name.clone()}</span>" "<span class=format!("status {status}")>{status}</span></h3>
                        {d.dropped.then(|| view! { <p class="hint">"Dropped between A and B; shown as it was at A."</p> })}
                        {d.comment.clone().map(|c| view! { <p class="comment">{c}</p> })}
                        <table class="columns">
                            <thead><tr><th>"key"</th><th>"column"</th><th>"type / default"</th><th>"null"</th><th>"last changed by"</th></tr></thead>
                            <tbody>
                                {d.columns.into_iter().map(|c| {
                                    let by = c.changed_by.clone();
                                    let column = c.name.clone();
                                    view! {
                                        <tr data-column=column data-status=c.status.name() class=c.status.name()>
                                            <td class="key">{c.key}</td>
                                            <td class="mono">{c.name}</td>
                                            <td class="mono">{c.ty}{c.default.map(|d| view! { <div class="default">"default " {d}</div> })}</td>
                                            <td class="null">{if c.nullable { "null" } else { "not null" }}</td>
                                            <td>{by.map(|(id, desc)| {
                                                let id2 = id.clone();
                                                view! { <a href="#" class="rev-link" title=desc on:click=move |ev| { ev.prevent_default(); open_migration(id2.clone()); }>{id}</a> }
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h4>"Constraints"</h4>
                        <ul class="defs">
                            {d.constraints.into_iter().map(|(n, def)| view! { <li><span class="mono name">{n}</span>" "<span class="mono">{def}</span></li> }).collect_view()}
                        </ul>
                        <h4>"Indexes"</h4>
                        <ul class="defs">
                            {d.indexes.into_iter().map(|(n, def)| view! { <li><span class="mono name">{n}</span>" "<span class="mono">{def}</span></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// `data-state` of a derived pane: `computing` until the settled view's result is in the DOM,
/// then `ready`. Tests (and the visible "computing…" label) wait on it, never on time.
fn pane_state(ready: bool) -> &'static str {
    if ready {
        "ready"
    } else {
        "computing"
    }
}

/// The schemas of the settled view, `None` while the view changes.
fn settled_frame(
    ctx: Ctx,
) -> Option<(
    super::Shared<crate::session::Session>,
    crate::selection::Selection,
    super::Shared<super::Frame>,
)> {
    let (sel, _) = ctx.settled.get()?;
    let s = ctx.session.get_untracked()?;
    let f = ctx.frame.get_untracked()?;
    Some((s, sel, f))
}

#[component]
fn DiffSection() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // While the view changes the last diff stays (dimmed): clearing thousands of items on every
    // key would cost more than the redraw.
    let changes = Memo::new(
        move |prev: Option<&Option<super::Shared<Vec<strata_core::diff::Change>>>>| {
            match settled_frame(ctx) {
                Some((s, sel, f)) => Some(super::Shared(std::sync::Arc::new(
                    panels::diff_changes(&s, sel.a, sel.b, &f.a, &f.b),
                ))),
                None => prev.cloned().flatten(),
            }
        },
    );
    // A big diff shows its first objects until asked for all (thousands of items cost seconds
    // of layout in a browser).
    let all = RwSignal::new(false);
    view! {
        <div data-testid="diff" class="diff" class:stale=move || ctx.settled.with(|s| s.is_none())
            data-state=move || pane_state(ctx.settled.with(|s| s.is_some()) && changes.with(|c| c.is_some()))>
            {move || {
                let Some(cs) = changes.get() else {
                    return view! { <p class="hint">"…"</p> }.into_any();
                };
                if cs.is_empty() {
                    return view! { <p class="hint">"No schema difference between A and B."</p> }.into_any();
                }
                let shown = if all.get() { cs.len() } else { cs.len().min(DIFF_SHOWN) };
                let rest = cs.len() - shown;
                let more = (rest > 0).then(|| view! {
                    <button class="more" on:click=move |_| all.set(true)>{format!("show {rest} more objects")}</button>
                });
                let items = cs.iter().take(shown).map(|c| {
                    let action = panels::action_name(c.action);
                    // Tables are the contract's diff items; other objects are listed plainly.
                    let table = c.object == ObjectKind::Table;
                    view! {
                        <div class=format!("change {action}") data-testid=table.then_some("diff-item") data-kind=table.then_some("table") data-action=table.then_some(action)>
                            <div class="change-head">
                                <span class=format!("sign {action}")>{action}</span>
                                " " <span class="kind">{c.object.name()}</span>
                                " " <span class="mono name">{panels::change_name(c)}</span>
                            </div>
                            <ul>
                                {c.details.iter().map(|d| {
                                    let a = panels::action_name(d.action);
                                    let kind = panels::part_kind(d.part);
                                    let item = table && matches!(kind, "column" | "constraint" | "index");
                                    view! {
                                        <li data-testid=item.then_some("diff-item") data-kind=item.then_some(kind) data-action=item.then_some(a) class=a>
                                            <span class=format!("sign {a}")>{a}</span>
                                            " " <span class="kind">{kind}</span>
                                            " " <span class="mono name">{d.name.clone()}</span>
                                            " " <span class="mono def">{panels::detail_text(d)}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    }
                }).collect_view();
                view! { {items} {more} }.into_any()
            }}
        </div>
    }
}

/// Objects listed before "show more".
const DIFF_SHOWN: usize = 150;

#[component]
fn SqlSection() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let copied = RwSignal::new(false);
    let script = move |rollback: bool,
                       (s, sel, f): &(
        super::Shared<crate::session::Session>,
        crate::selection::Selection,
        super::Shared<super::Frame>,
    )| {
        let mode = ctx.sql_mode.get();
        let (from, to, sf, st) = if rollback {
            (sel.b, sel.a, &f.b, &f.a)
        } else {
            (sel.a, sel.b, &f.a, &f.b)
        };
        let text = panels::shown(&panels::script(s, from, to, mode, sf, st));
        (panels::file_name(s, from, to, rollback), text)
    };
    let apply = Memo::new(move |_| settled_frame(ctx).map(|v| script(false, &v)));
    let sql_ready = move || ctx.settled.with(|s| s.is_some()) && apply.with(|a| a.is_some());
    let dialect = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| s.project.dialect.name())
                .unwrap_or("postgres")
        })
    };
    let copy = move |_| {
        let text = apply
            .with_untracked(|a| a.as_ref().map(|a| a.1.clone()))
            .unwrap_or_default();
        leptos::task::spawn_local(async move {
            let ok = dom::copy(&text).await;
            copied.set(ok);
            set_timeout(move || copied.set(false), Duration::from_millis(2000));
        });
    };
    let download = move |rollback: bool| {
        let got = if rollback {
            settled_frame(ctx).map(|v| script(true, &v))
        } else {
            apply.get_untracked()
        };
        if let Some((name, text)) = got {
            dom::download(&name, &text, "application/sql");
        }
    };
    view! {
        <div class="sql-tab">
            <div class="row controls">
                <label>"dialect "
                    <select data-testid="dialect" prop:value=dialect on:change=move |ev| {
                        if let Ok(d) = event_target_value(&ev).parse::<Dialect>() {
                            if d.name() != dialect() { ctx.reload_in(d) }
                        }
                    }>
                        {Dialect::ALL.into_iter().map(|d| view! { <option value=d.name() selected=move || dialect() == d.name()>{d.name()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"from "
                    <select data-testid="sql-mode" prop:value=move || ctx.sql_mode.get().value() on:change=move |ev| ctx.sql_mode.set(SqlMode::parse(&event_target_value(&ev)))>
                        <option value="plan">"migrations as written"</option>
                        <option value="diff">"schema diff"</option>
                    </select>
                </label>
            </div>
            <div class="row controls">
                <button data-testid="copy-sql" data-copied=move || if copied.get() { "1" } else { "0" } on:click=copy>
                    {move || if copied.get() { "Copied ✓" } else { "Copy" }}
                </button>
                <button data-testid="download-sql" on:click=move |_| download(false)>"Download apply .sql"</button>
                <button data-testid="download-rollback" on:click=move |_| download(true)>"Download rollback .sql"</button>
            </div>
            <Show when=move || !sql_ready()>
                <p class="hint computing" data-testid="sql-computing" role="status">"computing…"</p>
            </Show>
            // One block makes the element, so its state and its text change together.
            {move || {
                let text = apply.with(|a| a.as_ref().map(|a| a.1.clone())).filter(|_| ctx.settled.with(|s| s.is_some()));
                let state = pane_state(text.is_some());
                view! { <pre data-testid="sql" class="code" data-state=state>{text}</pre> }
            }}
        </div>
    }
}

#[component]
fn DiagnosticsSection() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // Errors first, then warnings and notes; those with a place before set-wide ones.
    let list = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| {
                    let mut l: Vec<_> = s
                        .diagnostics
                        .iter()
                        .enumerate()
                        .map(|(i, d)| {
                            (
                                i,
                                d.severity,
                                source_view::severity_attr(d.severity),
                                d.code,
                                d.message.clone(),
                                source_view::location(&s.project.set, d),
                                d.help.clone(),
                            )
                        })
                        .collect();
                    l.sort_by_key(|x| (std::cmp::Reverse(x.1), x.5.is_empty()));
                    l
                })
                .unwrap_or_default()
        })
    };
    let show = move |i: usize| {
        let m = ctx.session.with_untracked(|s| {
            s.as_ref().and_then(|s| {
                s.diagnostics
                    .get(i)
                    .and_then(|d| source_view::for_diagnostic(&s.project.set, d))
            })
        });
        ctx.source.set(m);
        set_timeout(
            || dom::scroll_to("[data-testid=source] mark"),
            Duration::ZERO,
        );
    };
    let files = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.project
                        .set
                        .files
                        .iter()
                        .map(|f| f.path.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div class="diagnostics-tab">
            <ul data-testid="diagnostics" class="diagnostics">
                {move || {
                    let l = list();
                    if l.is_empty() {
                        return view! { <li class="hint">"No diagnostics: every migration replays cleanly."</li> }.into_any();
                    }
                    l.into_iter().map(|(i, _, sev, code, msg, loc, help)| view! {
                        <li data-testid="diagnostic" data-severity=sev class=format!("diagnostic {sev}") on:click=move |_| show(i)>
                            <span class=format!("sev {sev}")>{sev}</span>
                            <span class="mono code">{format!("[{code}]")}</span>
                            " " <span class="msg">{msg}</span>
                            <div class="loc mono">{loc}</div>
                            {help.map(|h| view! { <div class="help">"help: " {h}</div> })}
                        </li>
                    }).collect_view().into_any()
                }}
            </ul>
            {move || ctx.source.get().map(|m| view! {
                <div class="source-box">
                    <div class="source-path mono">{m.path}</div>
                    <pre data-testid="source" class="code">{m.before}<mark>{m.marked}</mark>{m.after}</pre>
                </div>
            })}
            <label class="files">"Every file of the set: "
                <select data-testid="file-select" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.file_source.set((!v.is_empty()).then_some(v));
                }>
                    <option value="">"open a file…"</option>
                    {move || files().into_iter().map(|p| { let v = p.clone(); view! { <option value=v>{p}</option> } }).collect_view()}
                </select>
            </label>
        </div>
    }
}

#[component]
fn ShareSection() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let copied = RwSignal::new(false);
    // Big sets build the link only when asked (see `link`).
    let asked = RwSignal::new(false);
    let automatic = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.text_bytes() <= link::AUTO_LIMIT)
        })
    };
    // (link shown, its length, the whole-set link's length)
    let built = Memo::new(move |_| {
        if ctx.busy.get() == Busy::Loading || !(automatic() || asked.get()) {
            return None;
        }
        let (sel, table) = ctx.settled.get()?;
        let s = ctx.session.get_untracked()?;
        let range = ctx.range_only.get();
        let href = dom::href();
        let base = link::base_url(&href).to_string();
        let full = share::link(&base, &link::payload(&s, sel, table.as_ref(), false));
        if range {
            let short = share::link(&base, &link::payload(&s, sel, table.as_ref(), true));
            let n = short.len();
            Some((short, n, full.len()))
        } else {
            let n = full.len();
            Some((full, n, n))
        }
    });
    let copy = move |_| {
        let text = built
            .with_untracked(|l| l.as_ref().map(|l| l.0.clone()))
            .unwrap_or_default();
        leptos::task::spawn_local(async move {
            copied.set(dom::copy(&text).await);
            set_timeout(move || copied.set(false), Duration::from_millis(2000));
        });
    };
    view! {
        <div class="share-tab">
            <p class="hint">"The link holds the set (or only the range under review) and this view: revisions A and B, dialect, table. It opens on any host of this app; nothing is sent to a server."</p>
            <input type="text" readonly=true data-testid="share-url" class="mono" data-state=move || pane_state(built.with(|l| l.is_some())) prop:value=move || built.with(|l| l.as_ref().map(|l| l.0.clone()).unwrap_or_default()) on:focus=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select() }
            } />
            <div class="row">
                <span data-testid="share-size" class="size">{move || built.with(|l| l.as_ref().map(|l| format::size(l.1)))}</span>
                <button data-testid="share-copy" data-copied=move || if copied.get() { "1" } else { "0" } on:click=copy>
                    {move || if copied.get() { "Copied ✓" } else { "Copy link" }}
                </button>
                <Show when=move || !automatic() && !asked.get()>
                    <button data-testid="share-make" on:click=move |_| asked.set(true)>"Make link"</button>
                </Show>
            </div>
            {move || {
                let (len, full) = built.with(|l| l.as_ref().map_or((0, 0), |l| (l.1, l.2)));
                if ctx.range_only.get() {
                    view! {
                        <p class="note">"Range-only form: the schema at A as SQL plus the migrations A..B (the whole set: " {format::size(full)} "). "
                            <button on:click=move |_| ctx.range_only.set(false)>"Share the whole set"</button>
                        </p>
                    }.into_any()
                } else if link::offer_range(len) {
                    view! {
                        <p class="note">{format!("This link is {}, longer than the {} characters code-review tools and chat apps reliably keep. ", format::size(len), share::REVIEW_TOOL_LIMIT)}
                            <button data-testid="share-range-only" on:click=move |_| ctx.range_only.set(true)>"Share only the range A..B"</button>
                        </p>
                    }.into_any()
                } else {
                    ().into_any()
                }
            }}
        </div>
    }
}

/// The files of a migration (or one file from the list), as plain text.
#[component]
pub fn SourceViewer() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let content = move || {
        let s = ctx.session.get()?;
        let set = &s.project.set;
        if let Some(path) = ctx.file_source.get() {
            let f = set.files.iter().find(|f| f.path == path)?;
            return Some((
                path.clone(),
                String::new(),
                vec![(f.path.clone(), f.text.clone())],
            ));
        }
        let m = set.migrations.get(ctx.migration_source.get()?)?;
        let mut files: Vec<u32> = [m.up, m.down]
            .into_iter()
            .flatten()
            .map(|s| s.file)
            .collect();
        files.dedup();
        let texts = files
            .into_iter()
            .filter_map(|id| set.file(id))
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect();
        Some((m.id.clone(), m.description.clone(), texts))
    };
    let close = move |_| {
        ctx.migration_source.set(None);
        ctx.file_source.set(None);
    };
    move || {
        content().map(|(title, desc, files)| {
            view! {
                <div class="overlay" on:click=close>
                    <div class="dialog wide" data-testid="migration-source" on:click=|ev| ev.stop_propagation()>
                        <div class="dialog-head">
                            <b class="mono">{title}</b> " " <span>{desc}</span>
                            <button class="close" data-testid="close-source" on:click=close>"×"</button>
                        </div>
                        {files.into_iter().map(|(path, text)| view! {
                            <div class="source-path mono">{path}</div>
                            <pre class="code">{text}</pre>
                        }).collect_view()}
                    </div>
                </div>
            }
        })
    }
}
