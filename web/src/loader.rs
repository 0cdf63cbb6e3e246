//! Turning what the user hands over (a pasted text, picked or dropped files, a `.zip`, the
//! `strata serve` set) into the `InputFile`s `strata_core::load` takes, plus the folder name,
//! which may say the dialect (`migrations/sqlite`).

use serde::Deserialize;
use strata_core::InputFile;

/// The name a pasted text is loaded under: the user's name when given (with the guessed
/// extension added when it has none), else a name discovery reads as a one-migration set.
pub fn paste_name(name: &str, text: &str) -> String {
    let ext = if looks_like_python(text) { "py" } else { "sql" };
    let name = name.trim().trim_start_matches('/');
    if name.is_empty() {
        return if ext == "py" {
            "pasted.py".into()
        } else {
            "001_pasted.sql".into()
        };
    }
    let base = name.rsplit('/').next().unwrap_or(name);
    if base.contains('.') {
        name.to_string()
    } else {
        format!("{name}.{ext}")
    }
}

/// An Alembic revision (or other Python) rather than SQL: Python's `def`/`import` lines, or
/// Alembic's `revision = ...` header. SQL never starts a line with these.
pub fn looks_like_python(text: &str) -> bool {
    text.lines().map(str::trim_start).any(|l| {
        l.starts_with("def ")
            || l.starts_with("import ")
            || (l.starts_with("from ") && l.contains(" import "))
            || l.starts_with("revision =")
            || l.starts_with("revision:")
            || l.starts_with("down_revision")
    })
}

/// Strips the folder every path starts with (a dropped or picked folder arrives as
/// `name/versions/a.py`) and returns it as the folder name. Paths are made `/`-separated.
pub fn strip_top_folder(mut files: Vec<InputFile>) -> (Option<String>, Vec<InputFile>) {
    for f in &mut files {
        f.path = f
            .path
            .replace('\\', "/")
            .trim_start_matches('/')
            .to_string();
    }
    let top = files
        .first()
        .and_then(|f| f.path.split_once('/'))
        .map(|(top, _)| top.to_string());
    let Some(top) = top else { return (None, files) };
    let prefix = format!("{top}/");
    if !files.iter().all(|f| f.path.starts_with(&prefix)) {
        return (None, files);
    }
    for f in &mut files {
        f.path = f.path[prefix.len()..].to_string();
    }
    (Some(top), files)
}

/// A `.zip` by name or by its local-file-header magic.
pub fn is_zip(name: &str, bytes: &[u8]) -> bool {
    name.to_ascii_lowercase().ends_with(".zip") || bytes.starts_with(b"PK\x03\x04")
}

/// `migrations.zip` → `migrations`: the folder name a zip stands for.
pub fn zip_folder(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base
        .strip_suffix(".zip")
        .or_else(|| base.strip_suffix(".ZIP"))
        .unwrap_or(base);
    (!stem.is_empty()).then(|| stem.to_string())
}

/// `GET /_strata/set.json` as `strata serve` sends it.
#[derive(Debug, Clone)]
pub struct ServedSet {
    pub folder: Option<String>,
    pub version: String,
    pub files: Vec<InputFile>,
}

#[derive(Deserialize)]
struct SetJson {
    #[serde(default)]
    folder: Option<String>,
    #[serde(default)]
    version: String,
    files: Vec<FileJson>,
}

#[derive(Deserialize)]
struct FileJson {
    path: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    base64: Option<String>,
}

pub fn parse_served_set(json: &str) -> Result<ServedSet, String> {
    let set: SetJson = serde_json::from_str(json)
        .map_err(|e| format!("the server's set.json is not valid: {e}"))?;
    let mut files = Vec::with_capacity(set.files.len());
    for f in set.files {
        let contents = match (f.text, f.base64) {
            (Some(text), _) => text.into_bytes(),
            (None, Some(b64)) => base64_decode(&b64)
                .ok_or_else(|| format!("the server sent `{}` as invalid base64", f.path))?,
            (None, None) => Vec::new(),
        };
        files.push(InputFile::new(f.path, contents));
    }
    Ok(ServedSet {
        folder: set.folder.filter(|f| !f.is_empty()),
        version: set.version,
        files,
    })
}

/// Standard or URL-safe base64, padding optional, whitespace ignored; `None` on anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    }
    let digits: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let digits = digits
        .strip_suffix(b"==")
        .or_else(|| digits.strip_suffix(b"="))
        .unwrap_or(&digits);
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_names_follow_the_content() {
        assert_eq!(paste_name("", "CREATE TABLE a (id int);"), "001_pasted.sql");
        let py =
            "\"\"\"x\"\"\"\nrevision = 'abc'\ndown_revision = None\ndef upgrade():\n    pass\n";
        assert_eq!(paste_name("", py), "pasted.py");
        assert_eq!(paste_name("  0003_users ", "select 1"), "0003_users.sql");
        assert_eq!(paste_name("versions/abc", py), "versions/abc.py");
        assert_eq!(paste_name("V1__init.sql", py), "V1__init.sql");
        assert!(!looks_like_python(
            "-- from the docs: import nothing\nCREATE TABLE t (id int);"
        ));
    }

    #[test]
    fn pasted_revision_loads_as_alembic() {
        let py = "revision = 'abc1'\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))\n\ndef downgrade():\n    op.drop_table('t')\n";
        let file = InputFile::new(paste_name("", py), py.as_bytes());
        let project = strata_core::load(vec![file], &Default::default());
        assert_eq!(project.set.layout, strata_core::Layout::Alembic);
        assert_eq!(project.set.migrations.len(), 1);
    }

    #[test]
    fn top_folder_is_stripped_only_when_shared() {
        let files = vec![
            InputFile::new("sqlite/001_a.sql", ""),
            InputFile::new("sqlite/002_b.sql", ""),
        ];
        let (folder, files) = strip_top_folder(files);
        assert_eq!(folder.as_deref(), Some("sqlite"));
        assert_eq!(files[1].path, "002_b.sql");
        let files = vec![
            InputFile::new("a/001_a.sql", ""),
            InputFile::new("b/002_b.sql", ""),
        ];
        let (folder, files) = strip_top_folder(files);
        assert_eq!(folder, None);
        assert_eq!(files[0].path, "a/001_a.sql");
        let (folder, _) = strip_top_folder(vec![InputFile::new("001_a.sql", "")]);
        assert_eq!(folder, None);
        let (folder, files) = strip_top_folder(vec![InputFile::new("x\\v\\a.py", "")]);
        assert_eq!(
            (folder.as_deref(), files[0].path.as_str()),
            (Some("x"), "v/a.py")
        );
    }

    #[test]
    fn zips_are_recognized() {
        assert!(is_zip("m.ZIP", b""));
        assert!(is_zip("blob", b"PK\x03\x04rest"));
        assert!(!is_zip("001.sql", b"CREATE"));
        assert_eq!(
            zip_folder("dl/migrations.zip").as_deref(),
            Some("migrations")
        );
        assert_eq!(zip_folder(".zip"), None);
    }

    #[test]
    fn base64_round_trips_known_vectors() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64_decode("/w==").unwrap(), [0xff]);
        assert_eq!(base64_decode("_w").unwrap(), [0xff]);
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("a"), None);
        assert_eq!(base64_decode("a*bc"), None);
    }

    #[test]
    fn served_set_parses_text_and_base64() {
        let json = r#"{"folder":"pg","version":"ab12","files":[{"path":"001_a.sql","text":"CREATE TABLE a (id int);"},{"path":"002_b.sql","base64":"/w=="}]}"#;
        let set = parse_served_set(json).unwrap();
        assert_eq!(set.folder.as_deref(), Some("pg"));
        assert_eq!(set.version, "ab12");
        assert_eq!(set.files[1].contents, vec![0xff]);
        assert_eq!(set.files.len(), 2);
        assert!(parse_served_set("{").is_err());
        assert!(parse_served_set(r#"{"files":[{"path":"a","base64":"*"}]}"#)
            .unwrap_err()
            .contains("`a`"));
    }
}
