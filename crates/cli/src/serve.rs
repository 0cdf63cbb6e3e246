//! `strata serve DIR`: the web app on http://127.0.0.1:PORT/ with DIR's migrations loaded.
//!
//! A plain HTTP/1.1 server on std::net, one thread per connection, bound to 127.0.0.1 only. It
//! serves two things:
//! - the static bundle built by `cargo xtask dist` (index.html, JS glue, .wasm). The bundle is
//!   read from disk rather than embedded so that building the CLI never needs the wasm toolchain;
//! - the folder, as `/_strata/set.json` (every file, read afresh on each request) and
//!   `/_strata/version` (a hash the app polls to reload when a file changes).
//!
//! Only files inside the bundle folder are reachable: paths are decoded, `..` is refused before
//! anything touches the disk, and the resolved file must still be under the bundle after
//! symlinks. Requests naming a host other than the loopback one are refused, so a web page
//! elsewhere cannot read the folder through DNS rebinding.

use crate::input;
use clap::Args;
use serde_json::json;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use strata_core::Config;

/// Where `strata serve` looks for the bundle, in order (shown in `--help`).
const DIST_HELP: &str = "\
The web bundle (index.html, strata_web.js, strata_web_bg.wasm) comes from `cargo xtask dist`.
It is looked up in this order:
  1. --dist PATH
  2. $STRATA_DIST
  3. a `dist/index.html` in the current folder or one of its parents, then beside the
     `strata` executable or one of its parents (a cargo build lives in <workspace>/target/...)
The bundle is served from disk rather than built into the binary so that `cargo build` never
needs the wasm toolchain. dist/ is plain static files: any static host can serve it; only the
DIR loading (/_strata/set.json) needs `strata serve`.";

#[derive(Args)]
#[command(after_help = DIST_HELP)]
pub struct ServeArgs {
    /// Folder holding the migration set
    dir: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The web bundle built by `cargo xtask dist` [default: see below]
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Open the page in the default browser
    #[arg(long)]
    open: bool,
}

/// Requests are tiny; anything bigger is not a browser talking to us.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Connections served at once; more get 503 (a stuck client cannot exhaust threads).
const MAX_CONNECTIONS: usize = 64;

struct Site {
    /// Canonical bundle folder.
    dist: PathBuf,
    dir: PathBuf,
    folder: String,
}

/// Runs until killed. Returns only when the server cannot start.
pub fn serve(args: &ServeArgs) -> Result<u8, String> {
    let meta = std::fs::metadata(&args.dir)
        .map_err(|e| format!("cannot read `{}`: {e}", args.dir.display()))?;
    if !meta.is_dir() {
        return Err(format!(
            "`{}` is not a folder: pass the folder that holds the migrations",
            args.dir.display()
        ));
    }
    let dist = find_dist(args.dist.as_deref())?;
    let dir = std::fs::canonicalize(&args.dir).unwrap_or_else(|_| args.dir.clone());
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, args.port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "port {} is in use: pass --port N (--port 0 picks a free one)",
                args.port
            )
        } else {
            format!("cannot listen on 127.0.0.1:{}: {e}", args.port)
        }
    })?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let url = format!("http://127.0.0.1:{port}/");
    // One write, errors ignored: whoever started us may stop reading after the URL line.
    let banner = format!(
        "Strata: serving {} at {url}\n        web bundle from {} (Ctrl+C stops)\n",
        dir.display(),
        dist.display()
    );
    let _ = std::io::stdout()
        .write_all(banner.as_bytes())
        .and_then(|()| std::io::stdout().flush());
    if args.open {
        open_browser(&url);
    }
    let site = Arc::new(Site { dist, dir, folder });
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = respond(&stream, 503, "text/plain; charset=utf-8", b"busy\n", false);
            continue;
        }
        let (site, active) = (Arc::clone(&site), Arc::clone(&active));
        std::thread::spawn(move || {
            handle(&stream, &site, port);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(0)
}

fn find_dist(flag: Option<&Path>) -> Result<PathBuf, String> {
    let explicit = flag
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("STRATA_DIST").map(PathBuf::from));
    if let Some(dist) = explicit {
        return if dist.join("index.html").is_file() {
            std::fs::canonicalize(&dist)
                .map_err(|e| format!("cannot read `{}`: {e}", dist.display()))
        } else {
            Err(format!(
                "`{}` holds no index.html: build the bundle with `cargo xtask dist --out {}`",
                dist.display(),
                dist.display()
            ))
        };
    }
    let starts = [
        std::env::current_dir().ok(),
        std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(Path::to_path_buf)),
    ];
    for start in starts.iter().flatten() {
        for dir in start.ancestors() {
            let dist = dir.join("dist");
            if dist.join("index.html").is_file() {
                return std::fs::canonicalize(&dist)
                    .map_err(|e| format!("cannot read `{}`: {e}", dist.display()));
            }
        }
    }
    Err("no web bundle found (no dist/index.html here, above here, or beside the strata executable): \
         run `cargo xtask dist` in the Strata workspace, or pass --dist PATH"
        .to_string())
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        eprintln!("strata: cannot open a browser ({program}: {e}); open {url} yourself");
    }
}

fn handle(stream: &TcpStream, site: &Site, port: u16) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Some(head) = read_head(stream) else {
        let _ = respond(
            stream,
            400,
            "text/plain; charset=utf-8",
            b"bad request\n",
            false,
        );
        linger(stream);
        return;
    };
    let mut lines = head.lines();
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim());
    let head_only = method == "HEAD";
    let (status, kind, body) = if !target.starts_with('/') {
        (400, "text/plain; charset=utf-8", b"bad request\n".to_vec())
    } else if method != "GET" && !head_only {
        (
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        )
    } else if !host.is_none_or(|h| loopback_host(h, port)) {
        (
            403,
            "text/plain; charset=utf-8",
            b"strata serve answers only to 127.0.0.1 and localhost\n".to_vec(),
        )
    } else {
        route(target, site)
    };
    let _ = respond(stream, status, kind, &body, head_only);
    linger(stream);
}

/// Closes gracefully: our side first, then whatever the client still sends is read and dropped,
/// so the kernel does not reset the connection before the client has read the response.
fn linger(stream: &TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = std::io::copy(&mut stream.take(1 << 20), &mut std::io::sink());
}

/// The request line and headers, up to the blank line; `None` when malformed or too long.
fn read_head(stream: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD_BYTES as u64));
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" || line == "\n" {
            return Some(head);
        }
        head.push_str(&line);
    }
}

/// `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` (the port may be left out).
fn loopback_host(host: &str, port: u16) -> bool {
    let (name, host_port) = match host.rsplit_once(':') {
        Some((name, p)) if !name.is_empty() && !p.contains(']') => (name, Some(p)),
        _ => (host, None),
    };
    let port_ok = host_port.is_none_or(|p| p.parse() == Ok(port));
    port_ok
        && matches!(
            name.to_ascii_lowercase().as_str(),
            "127.0.0.1" | "localhost" | "[::1]"
        )
}

fn route(target: &str, site: &Site) -> (u16, &'static str, Vec<u8>) {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    match path {
        "/_strata/set.json" => match set_json(site) {
            Ok(body) => (200, "application/json", body),
            Err(e) => (
                500,
                "text/plain; charset=utf-8",
                format!("{e}\n").into_bytes(),
            ),
        },
        "/_strata/version" => match input::read_dir(&site.dir, Config::default()) {
            Ok(loaded) => (
                200,
                "text/plain; charset=utf-8",
                version(&loaded).into_bytes(),
            ),
            Err(e) => (
                500,
                "text/plain; charset=utf-8",
                format!("{}\n", e.0).into_bytes(),
            ),
        },
        _ => match static_file(path, &site.dist) {
            Some(file) => {
                let kind = content_type(&file);
                match std::fs::read(&file) {
                    Ok(body) => (200, kind, body),
                    Err(_) => not_found(),
                }
            }
            None => not_found(),
        },
    }
}

fn not_found() -> (u16, &'static str, Vec<u8>) {
    (404, "text/plain; charset=utf-8", b"not found\n".to_vec())
}

/// The bundle file a URL path names, or `None` when it does not exist or would leave the bundle.
fn static_file(path: &str, dist: &Path) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let mut file = dist.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0', ':']) || s.starts_with('.') => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let file = std::fs::canonicalize(&file).ok()?;
    (file.starts_with(dist) && file.is_file()).then_some(file)
}

/// `%XX` escapes decoded; `None` for a bad escape or bytes that are not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `{"folder", "version", "files": [{"path", "text"} | {"path", "base64"}], "config"}`.
///
/// `config` carries what `strata.toml` says (dialect, layout, Alembic types) so the browser
/// loads the set the way `strata check DIR` does; it is omitted when there is no strata.toml.
fn set_json(site: &Site) -> Result<Vec<u8>, String> {
    let loaded = input::read_dir(&site.dir, Config::default()).map_err(|e| e.0)?;
    for d in &loaded.diagnostics {
        eprintln!("strata serve: {}: {}", d.severity.name(), d.message);
    }
    let files: Vec<serde_json::Value> = loaded
        .files
        .iter()
        .map(|f| match std::str::from_utf8(&f.contents) {
            Ok(text) => json!({ "path": f.path, "text": text }),
            Err(_) => json!({ "path": f.path, "base64": base64(&f.contents) }),
        })
        .collect();
    let mut v = json!({ "folder": site.folder, "version": version(&loaded), "files": files });
    let c = &loaded.config;
    let mut config = serde_json::Map::new();
    if let Some(d) = c.dialect {
        config.insert("dialect".into(), json!(d.name()));
    }
    if let Some(l) = c.layout {
        config.insert("layout".into(), json!(l.name()));
    }
    if !c.types.is_empty() {
        config.insert("types".into(), json!(c.types));
    }
    if !config.is_empty() {
        v["config"] = serde_json::Value::Object(config);
    }
    serde_json::to_vec(&v).map_err(|e| e.to_string())
}

/// A hash of what the app would load: every path with its contents, and `strata.toml`'s
/// settings. Contents rather than mtimes, so two saves within one mtime tick still count.
fn version(loaded: &input::Loaded) -> String {
    // DefaultHasher::new() uses fixed keys: the same files give the same version across runs.
    let mut h = std::hash::DefaultHasher::new();
    for f in &loaded.files {
        f.path.hash(&mut h);
        f.contents.hash(&mut h);
    }
    let c = &loaded.config;
    (
        c.dialect.map(|d| d.name()),
        c.layout.map(|l| l.name()),
        &c.types,
    )
        .hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Standard base64 with padding (what the browser's `atob` reads).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn respond(
    mut stream: &TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn only_loopback_hosts_on_our_port() {
        assert!(loopback_host("127.0.0.1:8080", 8080));
        assert!(loopback_host("localhost:8080", 8080));
        assert!(loopback_host("[::1]:8080", 8080));
        assert!(loopback_host("localhost", 8080));
        assert!(!loopback_host("evil.example:8080", 8080));
        assert!(!loopback_host("127.0.0.1:9090", 8080));
        assert!(!loopback_host("127.0.0.1.evil.example", 8080));
    }

    #[test]
    fn percent_escapes_decode_or_fail() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/%2e%2e/x").as_deref(), Some("/../x"));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%e"), None);
        assert_eq!(percent_decode("/%ff"), None);
    }
}
