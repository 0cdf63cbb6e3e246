//! strata-web: the browser app. Skeleton; filled in by issue 4.
use leptos::prelude::*;

#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(|| view! { <p>"Strata"</p> });
}
