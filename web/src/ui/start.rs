//! Opening a set: the header's buttons (example, files, folder, paste) and the start screen.

use leptos::prelude::*;
use strata_core::{Config, InputFile};
use wasm_bindgen::JsCast;

use super::{read, Ctx};
use crate::example;
use crate::loader;
use crate::session::Origin;

fn files_of(ev: &leptos::ev::Event) -> Option<web_sys::FileList> {
    ev.target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .files()
}

fn read_picked(ctx: Ctx, ev: leptos::ev::Event) {
    let Some(list) = files_of(&ev) else { return };
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
    ctx.busy.set(super::Busy::Loading);
    leptos::task::spawn_local(async move {
        match read::read_list(&list).await {
            Ok(files) => ctx.open_local(files),
            Err(e) => ctx.fail(e),
        }
        // Picking the same folder again must fire `change` again.
        if let Some(input) = input {
            input.set_value("");
        }
    });
}

#[component]
pub fn OpenButtons() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let example = move |_| {
        let config = Config {
            folder: Some(example::FOLDER.into()),
            ..Default::default()
        };
        ctx.open(example::files(), config, Origin::Example, None, false);
    };
    view! {
        <div class="open">
            <button data-testid="load-example" on:click=example title="Open the bundled Alembic example">"Example"</button>
            <label class="button" title="Pick migration files or a .zip">
                "Files…"
                <input type="file" multiple=true data-testid="file-input" class="hidden-input" on:change=move |ev| read_picked(ctx, ev) />
            </label>
            <label class="button" title="Pick a migrations folder">
                "Folder…"
                <input type="file" prop:webkitdirectory=true multiple=true data-testid="dir-input" class="hidden-input" on:change=move |ev| read_picked(ctx, ev) />
            </label>
            <Show when=move || ctx.session.with(|s| s.is_some())>
                <button on:click=move |_| ctx.paste_open.set(true)>"Paste…"</button>
            </Show>
        </div>
    }
}

/// A name field and a textarea: one migration file, SQL or an Alembic revision.
#[component]
pub fn PasteForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let guessed = move || text.with(|t| loader::paste_name(&name.get(), t));
    let load = move |_| {
        let body = text.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        let path = loader::paste_name(&name.get_untracked(), &body);
        ctx.paste_open.set(false);
        ctx.open(
            vec![InputFile::new(path, body.into_bytes())],
            Config::default(),
            Origin::Local,
            None,
            false,
        );
    };
    view! {
        <div class="paste">
            <h3>"Paste one migration"</h3>
            <label class="field">
                "File name (optional)"
                <input type="text" data-testid="paste-name" placeholder="001_create_users.sql" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <textarea data-testid="paste-text" spellcheck="false" rows="12" placeholder="CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="row">
                <button class="primary" data-testid="paste-load" on:click=load>"Load"</button>
                <span class="hint">"loads as " <code>{guessed}</code></span>
            </div>
        </div>
    }
}

#[component]
pub fn StartScreen() -> impl IntoView {
    view! {
        <div class="start">
            <div class="intro">
                <h2>"See a migration history evolve"</h2>
                <p>"Open a folder of SQL migrations (numbered, Flyway, golang-migrate, dbmate, diesel) or an Alembic "
                    <code>"versions/"</code> " folder. Everything runs in this page; nothing is uploaded."</p>
                <ul>
                    <li>"Drop a folder or a " <code>".zip"</code> " anywhere on the page,"</li>
                    <li>"or use " <b>"Files…"</b> " / " <b>"Folder…"</b> " above,"</li>
                    <li>"or open the bundled " <b>"Example"</b> " (an Alembic set with a branch and a merge),"</li>
                    <li>"or paste one file below."</li>
                </ul>
            </div>
            <PasteForm />
        </div>
    }
}
