//! `strata serve` end to end: the real binary on a free port, a temporary bundle and a temporary
//! migration folder, spoken to over raw HTTP/1.1 sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

mod common;
use common::Folder;

/// A running `strata serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    // Kept alive for the server's lifetime.
    _dist: Folder,
    set: Folder,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const BUNDLE: &[(&str, &[u8])] = &[
    ("index.html", b"<!doctype html><title>Strata</title>"),
    ("strata_web.js", b"export default function init() {}"),
    ("strata_web_bg.wasm", b"\0asm\x01\0\0\0"),
    ("style.css", b"body { margin: 0 }"),
];

const SET: &[(&str, &[u8])] = &[
    (
        "001_users.sql",
        b"CREATE TABLE users (id serial PRIMARY KEY);",
    ),
    (
        "002_posts.sql",
        b"CREATE TABLE posts (id serial PRIMARY KEY, user_id int REFERENCES users);",
    ),
    ("003_bytes.sql", b"-- \xff\xfe not UTF-8\n"),
];

fn start(set: &[(&str, &[u8])]) -> Server {
    let dist = Folder::new(BUNDLE);
    let set = Folder::new(set);
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["serve", "--port", "0", "--dist"])
        .arg(&dist.0)
        .arg(&set.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .rsplit_once("http://127.0.0.1:")
        .and_then(|(_, rest)| rest.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no URL in the first line: {line:?}"));
    Server {
        child,
        port,
        _dist: dist,
        set,
    }
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` verbatim and reads the whole response (the server closes the connection).
fn raw(port: u16, request: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no end of headers");
    let head = String::from_utf8(bytes[..split].to_vec()).unwrap();
    let (status_line, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    Response {
        status,
        headers: headers.to_string(),
        body: bytes[split + 4..].to_vec(),
    }
}

fn get(port: u16, path: &str) -> Response {
    raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    )
}

#[test]
fn bundle_files_are_served_with_their_types_and_no_caching() {
    let s = start(SET);
    let index = get(s.port, "/");
    assert_eq!(index.status, 200);
    assert_eq!(index.text(), "<!doctype html><title>Strata</title>");
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    assert_eq!(get(s.port, "/index.html?x=1").status, 200);
    let wasm = get(s.port, "/strata_web_bg.wasm");
    assert_eq!(
        (wasm.status, wasm.header("content-type")),
        (200, Some("application/wasm"))
    );
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");
    assert_eq!(
        get(s.port, "/strata_web.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        get(s.port, "/style.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
    let head = raw(
        s.port,
        &format!(
            "HEAD /style.css HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            s.port
        ),
    );
    assert_eq!(
        (head.status, head.header("content-length"), head.body.len()),
        (200, Some("18"), 0)
    );
}

#[test]
fn missing_files_are_404() {
    let s = start(SET);
    for path in ["/nope.js", "/_strata/nope", "/001_users.sql", "/a/b/c"] {
        assert_eq!(get(s.port, path).status, 404, "{path}");
    }
}

#[test]
fn nothing_outside_the_bundle_is_reachable() {
    let s = start(SET);
    // A secret beside the bundle folder and one inside the migration folder.
    let outside = s._dist.0.parent().unwrap().join(format!(
        "{}-secret.txt",
        s._dist.0.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&outside, "TOP SECRET").unwrap();
    let name = outside.file_name().unwrap().to_string_lossy().into_owned();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, s._dist.0.join("link.txt")).unwrap();
    let attempts = [
        format!("/../{name}"),
        format!("/%2e%2e/{name}"),
        format!("/%2E%2E%2F{name}"),
        format!("/x/../../{name}"),
        format!("/..%5c{name}"),
        "//etc/passwd".to_string(),
        "/%2fetc%2fpasswd".to_string(),
        "/../../../../../../etc/passwd".to_string(),
        "/link.txt".to_string(),
        "/%00".to_string(),
        "/%zz".to_string(),
    ];
    for path in &attempts {
        let r = get(s.port, path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(
            !r.text().contains("TOP SECRET") && !r.text().contains("root:"),
            "{path} leaked: {}",
            r.text()
        );
    }
    let _ = std::fs::remove_file(outside);
}

#[test]
fn only_get_and_loopback_hosts_are_answered() {
    let s = start(SET);
    let post = raw(
        s.port,
        &format!(
            "POST /_strata/set.json HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\r\n",
            s.port
        ),
    );
    assert_eq!(post.status, 405);
    let rebound = raw(
        s.port,
        &format!(
            "GET /_strata/set.json HTTP/1.1\r\nHost: attacker.example:{}\r\n\r\n",
            s.port
        ),
    );
    assert_eq!(rebound.status, 403);
    assert!(!rebound.text().contains("users"));
    let garbage = raw(s.port, "\r\n\r\n");
    assert_eq!(garbage.status, 400);
    let huge = raw(
        s.port,
        &format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(20_000)),
    );
    assert_eq!(huge.status, 400);
}

#[test]
fn set_json_carries_every_file_and_the_folder_name() {
    let s = start(SET);
    let r = get(s.port, "/_strata/set.json");
    assert_eq!(
        (r.status, r.header("content-type")),
        (200, Some("application/json"))
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        v["folder"],
        s.set.0.file_name().unwrap().to_string_lossy().as_ref()
    );
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["path"], "001_users.sql");
    assert_eq!(
        files[0]["text"],
        "CREATE TABLE users (id serial PRIMARY KEY);"
    );
    assert_eq!(files[2]["path"], "003_bytes.sql");
    assert_eq!(files[2]["base64"], "LS0g//4gbm90IFVURi04Cg==");
    assert!(files[2].get("text").is_none());
    assert_eq!(
        v["version"],
        get(s.port, "/_strata/version").text().as_str()
    );
    assert!(v.get("config").is_none());
}

#[test]
fn strata_toml_settings_reach_the_app() {
    let s = start(&[
        (
            "strata.toml",
            b"dialect = \"mysql\"\n[types]\n\"app.UUID\" = \"char(36)\"\n",
        ),
        ("001_a.sql", b"CREATE TABLE a (id int);"),
    ]);
    let v: serde_json::Value =
        serde_json::from_slice(&get(s.port, "/_strata/set.json").body).unwrap();
    assert_eq!(v["config"]["dialect"], "mysql");
    assert_eq!(v["config"]["types"]["app.UUID"], "char(36)");
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
}

#[test]
fn version_changes_when_a_file_changes_and_only_then() {
    let s = start(SET);
    let v1 = get(s.port, "/_strata/version").text();
    assert_eq!(v1.len(), 16, "{v1}");
    assert_eq!(get(s.port, "/_strata/version").text(), v1);
    // Same size, same second: only the contents differ.
    std::fs::write(
        s.set.0.join("001_users.sql"),
        b"CREATE TABLE usors (id serial PRIMARY KEY);",
    )
    .unwrap();
    let v2 = get(s.port, "/_strata/version").text();
    assert_ne!(v2, v1);
    std::fs::write(s.set.0.join("004_new.sql"), b"CREATE TABLE tags (id int);").unwrap();
    let v3 = get(s.port, "/_strata/version").text();
    assert_ne!(v3, v2);
    let v: serde_json::Value =
        serde_json::from_slice(&get(s.port, "/_strata/set.json").body).unwrap();
    assert_eq!(v["version"], v3.as_str());
    assert_eq!(v["files"].as_array().unwrap().len(), 4);
}

#[test]
fn a_missing_bundle_says_how_to_build_it() {
    let set = Folder::new(SET);
    let empty = Folder::new(&[]);
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["serve", "--port", "0", "--dist"])
        .arg(&empty.0)
        .arg(&set.0)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cargo xtask dist"), "{stderr}");
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["serve", "--port", "0"])
        .arg(set.0.join("nope"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let s = start(SET);
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["serve", "--port", &s.port.to_string(), "--dist"])
        .arg(&s._dist.0)
        .arg(&s.set.0)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is in use"));
}

/// The lookup order in `--help` works: $STRATA_DIST names the bundle.
#[test]
fn strata_dist_variable_names_the_bundle() {
    let dist = Folder::new(BUNDLE);
    let set = Folder::new(SET);
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["serve", "--port", "0"])
        .arg(&set.0)
        .env("STRATA_DIST", &dist.0)
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut text = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut text).unwrap();
    out.read_line(&mut text).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let canonical = std::fs::canonicalize(Path::new(&dist.0)).unwrap();
    assert!(text.contains(&canonical.display().to_string()), "{text}");
}
