//! The components: thin views over the pure modules (selection, viewport, scene, panels,
//! link), wired with Leptos signals. All user-provided names reach the DOM as text nodes or
//! attribute values, never as markup.

mod dom;
mod graph;
mod panel;
mod read;
mod start;
mod timeline;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use strata_core::schema::{QualifiedName, Schema};
use strata_core::share::{self, View};
use strata_core::timeline::table_status;
use strata_core::{Config, InputFile};

use crate::link;
use crate::loader;
use crate::panels::SqlMode;
use crate::scene::Statuses;
use crate::selection::{Key, Selection};
use crate::session::{Origin, Session};
use crate::source_view::Marked;
use crate::viewport::Viewport;

/// Quiet time after the last change of the view before the diff, SQL and link are rebuilt.
pub const SETTLE_MS: u64 = 250;

/// A value shared between signals and memos, equal only to itself: recomputing it always
/// notifies, and comparing never walks a schema.
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, o: &Self) -> bool {
        Arc::ptr_eq(&self.0, &o.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The two schemas of the selection and the statuses between them.
pub struct Frame {
    pub a: Shared<Schema>,
    pub b: Shared<Schema>,
    pub statuses: Statuses,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Busy {
    Idle,
    Loading,
    Failed(String),
}

/// The app's state, all `Copy` handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub session: RwSignal<Option<Shared<Session>>>,
    pub sel: RwSignal<Selection>,
    pub table: RwSignal<Option<QualifiedName>>,
    pub viewport: RwSignal<Viewport>,
    /// The view once it has stopped changing for [`SETTLE_MS`]: the costly panels (diff, SQL,
    /// share link) follow it, so scrubbing only redraws the graph. `None` while changing.
    pub settled: RwSignal<Option<(Selection, Option<QualifiedName>)>>,
    pub sql_mode: RwSignal<SqlMode>,
    pub busy: RwSignal<Busy>,
    /// The diagnostic source shown in the Diagnostics tab.
    pub source: RwSignal<Option<Marked>>,
    /// The migration (index into `set.migrations`) whose files the source viewer shows.
    pub migration_source: RwSignal<Option<usize>>,
    /// A file shown in the source viewer (by path), from the file list.
    pub file_source: RwSignal<Option<String>>,
    pub range_only: RwSignal<bool>,
    pub paste_open: RwSignal<bool>,
    pub frame: Memo<Option<Shared<Frame>>>,
    figures: StoredValue<dom::Figures>,
    link_len: StoredValue<Option<usize>>,
    link_generation: StoredValue<u64>,
    settle_generation: StoredValue<u64>,
    polling: StoredValue<bool>,
}

impl Ctx {
    fn new() -> Ctx {
        let session: RwSignal<Option<Shared<Session>>> = RwSignal::new(None);
        let sel = RwSignal::new(Selection::default());
        let pos_a = Memo::new(move |_| sel.with(|s| s.a));
        let pos_b = Memo::new(move |_| sel.with(|s| s.b));
        let schema_at = move |pos: Memo<usize>| {
            Memo::new(move |_| {
                let p = pos.get();
                session.with(|s| {
                    s.as_ref()
                        .map(|s| Shared(Arc::new(s.timeline.schema_at(&s.project, p))))
                })
            })
        };
        let (schema_a, schema_b) = (schema_at(pos_a), schema_at(pos_b));
        let frame = Memo::new(move |_| {
            let (a, b) = (schema_a.get()?, schema_b.get()?);
            let statuses = table_status(&a, &b);
            Some(Shared(Arc::new(Frame { a, b, statuses })))
        });
        Ctx {
            session,
            sel,
            table: RwSignal::new(None),
            viewport: RwSignal::new(Viewport::default()),
            settled: RwSignal::new(None),
            sql_mode: RwSignal::new(SqlMode::Plan),
            busy: RwSignal::new(Busy::Loading),
            source: RwSignal::new(None),
            migration_source: RwSignal::new(None),
            file_source: RwSignal::new(None),
            range_only: RwSignal::new(false),
            paste_open: RwSignal::new(false),
            frame,
            figures: StoredValue::new(dom::Figures::default()),
            link_len: StoredValue::new(None),
            link_generation: StoredValue::new(0),
            settle_generation: StoredValue::new(0),
            polling: StoredValue::new(false),
        }
    }

    /// Changes the selection and records how long the page takes to show it
    /// (`window.__strata.lastRedrawMs`): effects run as microtasks after this handler, so a
    /// zero timeout fires once the DOM is updated.
    pub fn select(self, sel: Selection) {
        if self.sel.get_untracked() == sel {
            return;
        }
        let t0 = dom::now();
        self.sel.set(sel);
        set_timeout(
            move || {
                self.figures
                    .update_value(|f| f.last_redraw_ms = dom::now() - t0);
                self.figures.with_value(dom::publish);
            },
            Duration::ZERO,
        );
    }

    pub fn key(self, key: Key, shift: bool) {
        let Some(len) = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.positions()))
        else {
            return;
        };
        self.select(self.sel.get_untracked().key(key, shift, len));
    }

    /// Selects a table and, when asked, centres the graph on it.
    pub fn pick_table(self, name: QualifiedName, center: bool) {
        if center {
            let rect = self
                .session
                .with_untracked(|s| s.as_ref().and_then(|s| s.diagram.boxes.get(&name).copied()));
            if let Some(r) = rect {
                self.viewport
                    .update(|v| *v = v.center_on(crate::scene::bounds(&r)));
            }
        }
        self.table.set(Some(name));
        dom::scroll_to("#section-table");
    }

    /// Opens a set: runs the pipeline (after letting the page paint "Loading"), shows it, and
    /// sets `data-ready` once the first view is in the DOM.
    pub fn open(
        self,
        files: Vec<InputFile>,
        mut config: Config,
        origin: Origin,
        view: Option<View>,
        keep_viewport: bool,
    ) {
        if let Some(d) = view.as_ref().and_then(|v| v.dialect) {
            config.dialect = Some(d);
        }
        self.busy.set(Busy::Loading);
        self.settled.set(None);
        dom::set_ready(false);
        set_timeout(
            move || {
                let s = Session::open(files, config, origin, &dom::now);
                let (sel, table) = match &view {
                    Some(v) => s.apply_view(v),
                    None => (Selection::whole(s.positions()), None),
                };
                let (w, h) = dom::size_of(".graph-wrap svg").unwrap_or((800.0, 600.0));
                let mut vp = self.viewport.get_untracked().resized(w, h);
                if !keep_viewport {
                    vp = vp.fit(s.diagram.width, s.diagram.height);
                    if let Some(r) = table.as_ref().and_then(|t| s.diagram.boxes.get(t)) {
                        vp = vp.center_on(crate::scene::bounds(r));
                    }
                }
                let figures = dom::Figures {
                    timings: s.timings,
                    tables: s
                        .timeline
                        .schema_at(&s.project, s.positions() - 1)
                        .tables
                        .len(),
                    revisions: s.positions() - 1,
                    ..Default::default()
                };
                let served = matches!(s.origin, Origin::Served { .. });
                self.figures.set_value(figures);
                self.link_len.set_value(None);
                let t0 = dom::now();
                self.session.set(Some(Shared(Arc::new(s))));
                self.sel.set(sel);
                self.table.set(table);
                self.viewport.set(vp);
                self.source.set(None);
                self.range_only.set(false);
                self.busy.set(Busy::Idle);
                if served {
                    self.poll();
                }
                set_timeout(
                    move || {
                        self.figures
                            .update_value(|f| f.first_render_ms = dom::now() - t0);
                        self.figures.with_value(dom::publish);
                        dom::set_ready(true);
                    },
                    Duration::ZERO,
                );
            },
            Duration::from_millis(10),
        );
    }

    /// The same files in another dialect, keeping the view.
    pub fn reload_in(self, dialect: strata_core::Dialect) {
        let Some(s) = self.session.get_untracked() else {
            return;
        };
        let mut view = s.view(
            self.sel.get_untracked(),
            self.table.get_untracked().as_ref(),
        );
        view.dialect = Some(dialect);
        self.open(
            s.files.clone(),
            s.config_for(dialect),
            s.origin.clone(),
            Some(view),
            true,
        );
    }

    pub fn fail(self, message: String) {
        self.busy.set(Busy::Failed(message));
        dom::set_ready(false);
    }

    /// Files from the page (picked, dropped, pasted): a lone `.zip` is unpacked; a shared top
    /// folder becomes the folder name.
    pub fn open_local(self, files: Vec<(String, Vec<u8>)>) {
        if files.is_empty() {
            self.fail("No files were found in what was dropped or picked.".into());
            return;
        }
        if let [(name, bytes)] = files.as_slice() {
            if loader::is_zip(name, bytes) {
                match strata_core::archive::unzip(bytes, Default::default()) {
                    Ok(inner) => {
                        let (top, inner) = loader::strip_top_folder(inner);
                        let folder = top.or_else(|| loader::zip_folder(name));
                        let config = Config {
                            folder,
                            ..Default::default()
                        };
                        self.open(inner, config, Origin::Local, None, false);
                    }
                    Err(d) => self.fail(format!("{name}: {}", d.message)),
                }
                return;
            }
        }
        let (folder, files) = loader::strip_top_folder(read::inputs(files));
        self.open(
            files,
            Config {
                folder,
                ..Default::default()
            },
            Origin::Local,
            None,
            false,
        );
    }

    /// Polls `/_strata/version` every second and reloads the set when the folder changed,
    /// keeping the selected revisions and table where they still exist.
    fn poll(self) {
        if self.polling.get_value() {
            return;
        }
        self.polling.set_value(true);
        let busy = StoredValue::new(false);
        set_interval(
            move || {
                if busy.get_value() {
                    return;
                }
                let Some(s) = self.session.get_untracked() else {
                    return;
                };
                let Origin::Served { version } = s.origin.clone() else {
                    return;
                };
                busy.set_value(true);
                leptos::task::spawn_local(async move {
                    let changed = read::fetch_text("/_strata/version")
                        .await
                        .is_some_and(|v| v.trim() != version);
                    if changed {
                        if let Some(set) = read::fetch_text("/_strata/set.json")
                            .await
                            .and_then(|t| loader::parse_served_set(&t).ok())
                        {
                            let view = s.view(
                                self.sel.get_untracked(),
                                self.table.get_untracked().as_ref(),
                            );
                            let config = Config {
                                folder: set.folder,
                                dialect: s.config.dialect,
                                ..Default::default()
                            };
                            self.open(
                                set.files,
                                config,
                                Origin::Served {
                                    version: set.version,
                                },
                                Some(view),
                                true,
                            );
                        }
                    }
                    busy.set_value(false);
                });
            },
            Duration::from_secs(1),
        );
    }

    /// Moves `settled` to the view once it stops changing. A newly opened set waits too, so
    /// its first view (and `data-ready`) comes before the costly panels.
    fn settle(self) {
        Effect::new(move |_| {
            let (s, sel, table) = (self.session.get(), self.sel.get(), self.table.get());
            let generation = self.settle_generation.get_value() + 1;
            self.settle_generation.set_value(generation);
            if s.is_none() {
                self.settled.set(None);
                return;
            }
            if self.settled.get_untracked().is_some() {
                self.settled.set(None);
            }
            set_timeout(
                move || {
                    if self.settle_generation.get_value() == generation {
                        self.settled.set(Some((sel, table)));
                    }
                },
                Duration::from_millis(SETTLE_MS),
            );
        });
    }

    /// Keeps the address bar a share link of the view (debounced; see `link`).
    fn sync_fragment(self) {
        Effect::new(move |_| {
            let (Some(s), sel, table) = (self.session.get(), self.sel.get(), self.table.get())
            else {
                return;
            };
            if !link::auto_update(&s, self.link_len.get_value()) {
                return;
            }
            let generation = self.link_generation.get_value() + 1;
            self.link_generation.set_value(generation);
            set_timeout(
                move || {
                    if self.link_generation.get_value() != generation {
                        return;
                    }
                    let fragment = share::encode(&link::payload(&s, sel, table.as_ref(), false));
                    self.link_len.set_value(Some(fragment.len()));
                    dom::replace_fragment(Some(&fragment));
                },
                Duration::from_millis(link::DEBOUNCE_MS as u64),
            );
        });
    }

    /// What the page opens first: a share link in the fragment, else the set `strata serve`
    /// offers, else the start screen.
    fn boot(self) {
        let hash = dom::hash();
        if link::is_share_fragment(&hash) {
            match share::decode(&hash) {
                Ok(p) => {
                    let (files, config, view) = share::open(&p);
                    self.open(files, config, Origin::Link, Some(view), false);
                }
                Err(e) => self.fail(format!("This share link cannot be opened: {e}")),
            }
            return;
        }
        leptos::task::spawn_local(async move {
            let served = read::fetch_text("/_strata/set.json")
                .await
                .and_then(|t| loader::parse_served_set(&t).ok());
            match served {
                Some(set) => {
                    let config = Config {
                        folder: set.folder,
                        ..Default::default()
                    };
                    self.open(
                        set.files,
                        config,
                        Origin::Served {
                            version: set.version,
                        },
                        None,
                        false,
                    );
                }
                None => self.busy.set(Busy::Idle),
            }
        });
    }
}

#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new();
    provide_context(ctx);
    dom::set_ready(false);
    ctx.settle();
    ctx.sync_fragment();
    ctx.boot();

    let _keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if dom::typing_in(ev.target()) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        if let Some(k) = Key::from_dom(&ev.key()) {
            ev.prevent_default();
            ctx.key(k, ev.shift_key());
        } else if ev.key() == "Escape" {
            ctx.migration_source.set(None);
            ctx.file_source.set(None);
            ctx.paste_open.set(false);
        }
    });
    let _over = window_event_listener(leptos::ev::dragover, move |ev| ev.prevent_default());
    let _drop = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        let (entries, list) = read::drop_entries(&ev);
        ctx.busy.set(Busy::Loading);
        leptos::task::spawn_local(async move {
            let files = if !entries.is_empty() {
                read::read_entries(entries).await
            } else if let Some(list) = list {
                read::read_list(&list).await
            } else {
                Ok(Vec::new())
            };
            match files {
                Ok(files) => ctx.open_local(files),
                Err(e) => ctx.fail(e),
            }
        });
    });

    let summary = move || {
        ctx.session
            .with(|s| s.as_ref().map(|s| s.summary()).unwrap_or_default())
    };
    let timings = move || {
        ctx.session.with(|s| {
            s.as_ref().map(|s| {
                let t = s.timings;
                format!(
                    "parsed {} · simulated {} · laid out {}",
                    crate::format::duration(t.load_ms),
                    crate::format::duration(t.simulate_ms),
                    crate::format::duration(t.layout_ms)
                )
            })
        })
    };
    let loaded = move || ctx.session.with(|s| s.is_some());

    view! {
        <div class="app">
            <header class="top">
                <span class="logo">"Strata"</span>
                <span class="summary" data-testid="set-summary">{summary}</span>
                <span class="timings">{timings}</span>
                <span class="spacer"></span>
                <start::OpenButtons />
            </header>
            {move || match ctx.busy.get() {
                Busy::Loading => view! { <div class="banner loading">"Loading…"</div> }.into_any(),
                Busy::Failed(m) => view! { <div class="banner error" role="alert">{m}</div> }.into_any(),
                Busy::Idle => ().into_any(),
            }}
            <Show when=loaded fallback=|| view! { <start::StartScreen /> }>
                <timeline::Timeline />
                <main class="body">
                    <graph::TableList />
                    <graph::Graph />
                    <panel::Panel />
                </main>
            </Show>
            <Show when=move || ctx.paste_open.get() && loaded()>
                <div class="overlay" on:click=move |_| ctx.paste_open.set(false)>
                    <div class="dialog" on:click=|ev| ev.stop_propagation()>
                        <start::PasteForm />
                    </div>
                </div>
            </Show>
            <panel::SourceViewer />
        </div>
    }
}
