//! `cargo xtask dist [--out DIR]`: the release bundle of the web app as plain static files.
//!
//! cargo builds `strata-web` for wasm32 with the `wasm-release` profile, wasm-bindgen writes the
//! JS glue (`--target web`: an ES module, no bundler), binaryen's wasm-opt shrinks the module,
//! and the root `index.html` (written for trunk, so `trunk serve` keeps working for whoever has
//! it) gets its `<link data-trunk ...>` lines replaced by what they stand for. trunk itself is
//! not used: compiling it takes over ten minutes on a small machine, and these four steps are
//! all it would do here.
//!
//! Running it again when nothing changed costs one no-op cargo build: a stamp in target/ records
//! the inputs of the last bundle written to each output folder.

use crate::{run, tools};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// wasm-opt must be told which post-MVP features the module may use; these are the ones rustc
/// enables by default for wasm32-unknown-unknown (bulk memory, sign extension, non-trapping
/// float-to-int, multi-value, reference types, mutable globals).
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-multivalue",
    "--enable-reference-types",
    "--enable-mutable-globals",
];

pub const WASM: &str = "strata_web_bg.wasm";
pub const GLUE: &str = "strata_web.js";

/// Sizes of the written module, in bytes.
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub fn dist(root: &Path, out: &Path) -> Result<Sizes, String> {
    let started = Instant::now();
    tools::ensure_wasm_target(root)?;
    let bindgen = tools::ensure_wasm_bindgen(root)?;
    tools::ensure_npm_tools(root)?;
    // `cargo rustc --crate-type cdylib`, not `cargo build`: with the crate's two types (cdylib for
    // the browser, rlib for native tests) cargo silently builds without LTO.
    run(
        root,
        "cargo",
        &[
            "rustc",
            "--quiet",
            "-p",
            "strata-web",
            "--lib",
            "--crate-type",
            "cdylib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ],
    )?;
    let input = root.join("target/wasm32-unknown-unknown/wasm-release/strata_web.wasm");
    let index = std::fs::read_to_string(root.join("index.html"))
        .map_err(|e| format!("cannot read index.html at the workspace root: {e}"))?;
    let page = rewrite_index(&index)?;

    let stamp_file = root
        .join("target")
        .join(format!("dist-{:016x}.stamp", hash(&out.to_string_lossy())));
    let stamp = inputs_stamp(root, &input, &page, &bindgen)?;
    let up_to_date = std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp)
        && out.join(WASM).is_file()
        && out.join("index.html").is_file();
    if up_to_date {
        eprintln!("xtask: {} is up to date", out.display());
    } else {
        write_bundle(root, &bindgen, &input, &page, out)?;
        std::fs::write(&stamp_file, &stamp)
            .map_err(|e| format!("cannot write {}: {e}", stamp_file.display()))?;
    }
    let sizes = measure(&out.join(WASM))?;
    println!(
        "dist: {} ({:.1}s): {WASM} {} raw, {} gzip -9, {} brotli -11",
        out.display(),
        started.elapsed().as_secs_f64(),
        kb(sizes.raw),
        kb(sizes.gzip),
        kb(sizes.brotli)
    );
    Ok(sizes)
}

fn write_bundle(
    root: &Path,
    bindgen: &Path,
    input: &Path,
    page: &Page,
    out: &Path,
) -> Result<(), String> {
    let stage = root.join("target/dist-stage");
    let _ = std::fs::remove_dir_all(&stage);
    let (input_s, stage_s) = (input.to_string_lossy(), stage.to_string_lossy());
    run(
        root,
        &bindgen.to_string_lossy(),
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "strata_web",
            "--out-dir",
            &stage_s,
            &input_s,
        ],
    )?;
    // A fresh folder each time: nothing stale from an older bundle gets published.
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let (staged, optimized) = (stage.join(WASM), out.join(WASM));
    let mut args: Vec<&str> = WASM_OPT_FLAGS.to_vec();
    let (staged_s, optimized_s) = (staged.to_string_lossy(), optimized.to_string_lossy());
    args.extend([staged_s.as_ref(), "-o", optimized_s.as_ref()]);
    run(root, &tools::wasm_opt(root).to_string_lossy(), &args)?;
    copy(&stage.join(GLUE), &out.join(GLUE))?;
    for (from, to) in &page.copies {
        copy(&root.join(from), &out.join(to))?;
    }
    std::fs::write(out.join("index.html"), &page.html)
        .map_err(|e| format!("cannot write index.html: {e}"))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// Everything the bundle is made from: the module, the page and the files it links, the tools.
fn inputs_stamp(root: &Path, input: &Path, page: &Page, bindgen: &Path) -> Result<String, String> {
    let mut h = std::hash::DefaultHasher::new();
    std::fs::read(input)
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?
        .hash(&mut h);
    page.html.hash(&mut h);
    for (from, to) in &page.copies {
        (from, to, std::fs::read(root.join(from)).unwrap_or_default()).hash(&mut h);
    }
    (bindgen, WASM_OPT_FLAGS).hash(&mut h);
    Ok(format!("{:016x}", h.finish()))
}

fn hash(s: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The page as published, and the files it links: (path from the workspace root, name in dist).
#[derive(Debug, PartialEq)]
struct Page {
    html: String,
    copies: Vec<(String, String)>,
}

/// Replaces trunk's asset lines: `rel="rust"` becomes the module script that starts the app,
/// `rel="css"` a stylesheet link to a copy of the file, `rel="copy-file"` / `rel="icon"` a copy.
fn rewrite_index(index: &str) -> Result<Page, String> {
    let mut html = String::with_capacity(index.len() + 256);
    let mut copies = Vec::new();
    let mut rest = index;
    let mut found_rust = false;
    while let Some(start) = rest.find("<link data-trunk") {
        html.push_str(&rest[..start]);
        let end = rest[start..]
            .find('>')
            .map(|e| start + e + 1)
            .ok_or("index.html: unclosed <link data-trunk")?;
        let tag = &rest[start..end];
        let rel = attr(tag, "rel").ok_or_else(|| format!("index.html: no rel= in {tag}"))?;
        let href = attr(tag, "href");
        let file_name = |href: &str| {
            Path::new(href)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        match (rel, href) {
            ("rust", _) => {
                found_rust = true;
                html.push_str(&format!(
                    "<link rel=\"modulepreload\" href=\"{GLUE}\">\n    \
                     <link rel=\"preload\" href=\"{WASM}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n    \
                     <script type=\"module\">import init from \"./{GLUE}\"; init();</script>"
                ));
            }
            ("css", Some(href)) => {
                html.push_str(&format!(
                    "<link rel=\"stylesheet\" href=\"{}\">",
                    file_name(href)
                ));
                copies.push((href.to_string(), file_name(href)));
            }
            ("icon", Some(href)) => {
                html.push_str(&format!("<link rel=\"icon\" href=\"{}\">", file_name(href)));
                copies.push((href.to_string(), file_name(href)));
            }
            ("copy-file", Some(href)) => copies.push((href.to_string(), file_name(href))),
            (rel, _) => {
                return Err(format!(
                "index.html: `{tag}`: rel=\"{rel}\" without a known meaning for `cargo xtask dist`"
            ))
            }
        }
        rest = &rest[end..];
    }
    html.push_str(rest);
    if !found_rust {
        return Err("index.html has no `<link data-trunk rel=\"rust\" .../>` line marking where the app starts".into());
    }
    Ok(Page { html, copies })
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

fn measure(wasm: &Path) -> Result<Sizes, String> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).map_err(|e| e.to_string())?;
    let gzip = gz.finish().map_err(|e| e.to_string())?.len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params).map_err(|e| e.to_string())?;
    Ok(Sizes {
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    })
}

pub fn kb(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

pub fn default_out(root: &Path) -> PathBuf {
    root.join("dist")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_lines_become_plain_html() {
        let index = "<head>\n<link data-trunk rel=\"rust\" href=\"web\" data-wasm-opt=\"z\"/>\n\
                     <link data-trunk rel=\"css\" href=\"web/style.css\"/>\n</head>";
        let page = rewrite_index(index).unwrap();
        assert!(page.html.contains(
            "<script type=\"module\">import init from \"./strata_web.js\"; init();</script>"
        ));
        assert!(page
            .html
            .contains("<link rel=\"stylesheet\" href=\"style.css\">"));
        assert!(!page.html.contains("data-trunk"));
        assert_eq!(
            page.copies,
            vec![("web/style.css".to_string(), "style.css".to_string())]
        );
    }

    #[test]
    fn a_page_without_the_app_is_refused() {
        assert!(rewrite_index("<head></head>").is_err());
        assert!(rewrite_index(
            "<link data-trunk rel=\"sass\" href=\"x.scss\"/><link data-trunk rel=\"rust\"/>"
        )
        .is_err());
    }
}
