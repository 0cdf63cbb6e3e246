//! strata-web: Strata in the browser. A migration set is loaded, simulated and laid out by
//! strata-core compiled to WASM; the page shows the table graph at a selected revision, a
//! timeline to scrub, the diff and SQL between two revisions, diagnostics on their source, and
//! share links that carry the whole view in the URL fragment.
//!
//! The logic lives in plain modules that build and test natively (`cargo test -p strata-web`);
//! `ui` holds the Leptos components over them.

pub mod example;
pub mod find;
pub mod format;
pub mod lanes;
pub mod link;
pub mod loader;
pub mod panels;
pub mod scene;
pub mod selection;
pub mod session;
pub mod source_view;
mod ui;
pub mod viewport;

/// Entry point: wasm-bindgen calls it when the module is instantiated.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(ui::App);
}
