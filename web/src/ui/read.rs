//! Reading what the browser hands over: `File`s from an `<input type=file>`, entries of a
//! dropped folder (walked recursively), and `fetch` of the `strata serve` endpoints.

use js_sys::{Array, Promise, Reflect, Uint8Array};
use strata_core::InputFile;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Dropped folders nest at most this deep; deeper entries are left out.
const MAX_DEPTH: usize = 32;
/// Stop walking after this many files (a dropped home folder must not hang the page).
const MAX_FILES: usize = 50_000;

pub async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("could not read `{}`", file.name()))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// The path a picked file had inside its folder (`webkitRelativePath`), else its name.
pub fn relative_path(file: &web_sys::File) -> String {
    Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

/// Every file of a `FileList`, with its relative path.
pub async fn read_list(list: &web_sys::FileList) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for i in 0..list.length() {
        if let Some(f) = list.get(i) {
            out.push((relative_path(&f), file_bytes(&f).await?));
        }
    }
    Ok(out)
}

/// One batch of a directory reader (`readEntries` returns at most 100 at a time; empty = done).
async fn read_batch(reader: &web_sys::FileSystemDirectoryReader) -> Vec<web_sys::FileSystemEntry> {
    let promise = Promise::new(&mut |resolve, reject| {
        let _ = reader.read_entries_with_callback_and_callback(&resolve, &reject);
    });
    match JsFuture::from(promise).await {
        Ok(v) => Array::from(&v)
            .iter()
            .filter_map(|e| e.dyn_into().ok())
            .collect(),
        Err(_) => Vec::new(),
    }
}

async fn entry_file(entry: &web_sys::FileSystemFileEntry) -> Option<web_sys::File> {
    let promise = Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// Walks dropped entries (files and folders) breadth-first; paths are the entries' full paths
/// without the leading `/`, so a dropped folder `pg` gives `pg/001_a.sql`.
pub async fn read_entries(
    roots: Vec<web_sys::FileSystemEntry>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    let mut queue: Vec<(web_sys::FileSystemEntry, usize)> =
        roots.into_iter().map(|e| (e, 0)).collect();
    while let Some((entry, depth)) = queue.pop() {
        if out.len() >= MAX_FILES {
            break;
        }
        let path = entry.full_path().trim_start_matches('/').to_string();
        if entry.is_directory() {
            if depth >= MAX_DEPTH {
                continue;
            }
            let dir: web_sys::FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = dir.create_reader();
            loop {
                let batch = read_batch(&reader).await;
                if batch.is_empty() {
                    break;
                }
                queue.extend(batch.into_iter().map(|e| (e, depth + 1)));
            }
        } else if entry.is_file() {
            let fe: web_sys::FileSystemFileEntry = entry.unchecked_into();
            if let Some(file) = entry_file(&fe).await {
                out.push((path, file_bytes(&file).await?));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The entries of a drop, taken synchronously (the item list is gone once the handler returns).
pub fn drop_entries(
    ev: &web_sys::DragEvent,
) -> (Vec<web_sys::FileSystemEntry>, Option<web_sys::FileList>) {
    let Some(dt) = ev.data_transfer() else {
        return (Vec::new(), None);
    };
    let items = dt.items();
    let mut entries = Vec::new();
    for i in 0..items.length() {
        if let Some(item) = items.get(i) {
            if item.kind() == "file" {
                if let Ok(Some(e)) = item.webkit_get_as_entry() {
                    entries.push(e);
                }
            }
        }
    }
    (entries, dt.files())
}

/// `GET url` → body text, `None` on a network error or a status other than 200.
pub async fn fetch_text(url: &str) -> Option<String> {
    let w = web_sys::window()?;
    let resp: web_sys::Response = JsFuture::from(w.fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if resp.status() != 200 {
        return None;
    }
    JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
}

/// `(path, bytes)` pairs as `InputFile`s.
pub fn inputs(files: Vec<(String, Vec<u8>)>) -> Vec<InputFile> {
    files
        .into_iter()
        .map(|(p, b)| InputFile::new(p, b))
        .collect()
}
