//! Small wrappers over browser APIs: the clock, `body[data-ready]`, `window.__strata`, the
//! address bar, clipboard, downloads. Failures (an API missing in some browser) are ignored
//! where the app can go on without them.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::session::Timings;

/// `performance.now()` in milliseconds; 0 where there is no performance object.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn body() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.body()
}

/// `body[data-ready]`: "1" once a set is shown, "0" while one loads.
pub fn set_ready(ready: bool) {
    if let Some(b) = body() {
        let _ = b.set_attribute("data-ready", if ready { "1" } else { "0" });
    }
}

/// The numbers `window.__strata` holds for the bench.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures {
    pub timings: Timings,
    pub first_render_ms: f64,
    pub last_redraw_ms: f64,
    pub tables: usize,
    pub revisions: usize,
}

/// Writes `window.__strata = { loadMs, simulateMs, layoutMs, firstRenderMs, lastRedrawMs, tables, revisions }`.
pub fn publish(f: &Figures) {
    let Some(w) = web_sys::window() else { return };
    let o = Object::new();
    let set = |k: &str, v: f64| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(v));
    };
    set("loadMs", f.timings.load_ms);
    set("simulateMs", f.timings.simulate_ms);
    set("layoutMs", f.timings.layout_ms);
    set("firstRenderMs", f.first_render_ms);
    set("lastRedrawMs", f.last_redraw_ms);
    set("tables", f.tables as f64);
    set("revisions", f.revisions as f64);
    let _ = Reflect::set(&w, &JsValue::from_str("__strata"), &o);
}

pub fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the fragment without a history entry or a scroll (`None` removes it).
pub fn replace_fragment(fragment: Option<&str>) {
    let Some(w) = web_sys::window() else { return };
    let href = href();
    let base = crate::link::base_url(&href);
    let url = match fragment {
        Some(f) => format!("{base}#{f}"),
        None => base.to_string(),
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Copies `text`: the async clipboard API where allowed, else a hidden textarea and
/// `execCommand("copy")` (plain HTTP, older browsers). Returns whether a copy was attempted
/// successfully as far as the page can tell.
pub async fn copy(text: &str) -> bool {
    if let Some(w) = web_sys::window() {
        let clipboard = w.navigator().clipboard();
        if !JsValue::from(clipboard.clone()).is_undefined()
            && wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
                .await
                .is_ok()
        {
            return true;
        }
    }
    copy_fallback(text)
}

fn copy_fallback(text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(area) = doc.create_element("textarea") else {
        return false;
    };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("style", "position:fixed;top:-1000px;opacity:0");
    let Some(b) = doc.body() else { return false };
    let _ = b.append_child(&area);
    area.select();
    let ok = doc
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    area.remove();
    ok
}

/// Saves `text` as a file named `name` (a blob URL and a clicked `<a download>`).
pub fn download(name: &str, text: &str, mime: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let (Some(b), Ok(a)) = (doc.body(), a.dyn_into::<web_sys::HtmlElement>()) {
            let _ = b.append_child(&a);
            a.click();
            a.remove();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Client size of the first element matching `selector`.
pub fn size_of(selector: &str) -> Option<(f64, f64)> {
    let el = web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()??;
    let r = el.get_bounding_client_rect();
    Some((r.width(), r.height()))
}

/// Scrolls the first element matching `selector` into view (the `<mark>` of a source view).
pub fn scroll_to(selector: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
    {
        el.scroll_into_view_with_bool(false);
    }
}

/// Whether a key event comes from a text field (where arrows move the caret, not the timeline).
pub fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| {
            matches!(
                e.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select"
            )
        })
}
