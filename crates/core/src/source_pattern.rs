//! Naming schemes no built-in layout knows: `strata.toml` `pattern`, a regular expression with
//! named groups, and the suggestion of one when a folder matches no layout.
//!
//! The expression is matched against the whole path relative to the folder (`/`-separated),
//! else against the file name alone, so `V(?P<version>\d+)__(?P<name>.+)\.sql` works whether
//! the files sit at the top or in sub-folders. Groups:
//! - `version` (required): orders the migrations by its numeric parts, as Flyway does
//!   (`1.10` after `1.9`); the id users type is the version as written.
//! - `name` (optional): the description.
//! - `direction` (optional): `up`/`do`/`apply` or `down`/`undo`/`revert` (any case); a file
//!   without it is an up script.

use regex_lite::Regex;

/// A compiled `pattern`.
#[derive(Debug, Clone)]
pub struct NamePattern {
    regex: Regex,
    source: String,
}

/// What the pattern reads from one file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PatternMatch {
    pub version: String,
    pub name: String,
    /// `Some(true)` up, `Some(false)` down, `None` when the group is absent.
    pub up: Option<bool>,
    /// The `direction` text when it is neither an up nor a down word.
    pub bad_direction: Option<String>,
}

impl NamePattern {
    /// Compiles `source`; the error says what is wrong and how to fix it.
    pub fn new(source: &str) -> Result<NamePattern, String> {
        // Anchored: a pattern describes the whole name, not a piece of it.
        let anchored = format!("^(?:{source})$");
        let regex = Regex::new(&anchored)
            .map_err(|e| format!("`pattern` is not a valid regular expression: {e}"))?;
        if !regex.capture_names().flatten().any(|n| n == "version") {
            return Err(
                "`pattern` has no group named `version`: write it as `(?P<version>\\d+)` where the version stands in the file name"
                    .to_string(),
            );
        }
        Ok(NamePattern {
            regex,
            source: source.to_string(),
        })
    }

    /// The expression as the user wrote it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Reads `path` (relative to the folder), else its file name; `None` when neither matches.
    pub(crate) fn read(&self, path: &str) -> Option<PatternMatch> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let caps = self
            .regex
            .captures(path)
            .or_else(|| self.regex.captures(name))?;
        let group = |g: &str| caps.name(g).map(|m| m.as_str().to_string());
        let version = group("version").filter(|v| !v.is_empty())?;
        let (up, bad_direction) = match group("direction") {
            None => (None, None),
            Some(d) => match d.to_ascii_lowercase().as_str() {
                "up" | "do" | "apply" => (Some(true), None),
                "down" | "undo" | "revert" => (Some(false), None),
                _ => (None, Some(d)),
            },
        };
        Some(PatternMatch {
            version,
            name: group("name").unwrap_or_default(),
            up,
            bad_direction,
        })
    }
}

/// A pattern that reads `example` (a file name seen in the folder): the first run of digits is
/// the version, an `up`/`down` word before the extension the direction, the text between them
/// the name. `None` when the name holds no digits.
pub(crate) fn suggest(example: &str) -> Option<String> {
    let start = example.find(|c: char| c.is_ascii_digit())?;
    let digits_end = example[start..]
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or(example.len(), |n| start + n);
    // A version like `1.2.` keeps its dots but not a trailing one (that separates the name).
    let version_end = start + example[start..digits_end].trim_end_matches('.').len();
    let prefix = &example[..start];
    let rest = &example[version_end..];
    let (stem, ext) = match rest.rfind('.') {
        Some(dot) => (&rest[..dot], &rest[dot..]),
        None => (rest, ""),
    };
    let (stem, direction) = ["up", "down"]
        .iter()
        .find_map(|w| {
            let lower = stem.to_ascii_lowercase();
            lower
                .strip_suffix(w)
                .filter(|s| s.ends_with(['.', '_', '-']))
                .map(|s| (&stem[..s.len() - 1], Some(&stem[s.len() - 1..s.len()])))
        })
        .unwrap_or((stem, None));
    let sep = stem.chars().next().filter(|c| matches!(c, '.' | '_' | '-'));
    let mut p = escape(prefix);
    p.push_str(r"(?P<version>\d+(?:\.\d+)*)");
    if let Some(sep) = sep {
        p.push_str(&escape(&sep.to_string()));
        p.push_str("(?P<name>.+?)");
    } else if !stem.is_empty() {
        p.push_str("(?P<name>.*?)");
    }
    if let Some(d) = direction {
        p.push_str(&escape(d));
        p.push_str("(?P<direction>up|down)");
    }
    p.push_str(&escape(ext));
    Some(p)
}

/// `text` as a literal in an expression; only what is special outside classes is escaped, so
/// suggestions stay readable (`mig-(?P<version>…)`, not `mig\-…`).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_groups_from_path_or_name() {
        let p = NamePattern::new(r"V(?P<version>\d+)\.(?P<name>.+)\.(?P<direction>up|down)\.sql")
            .unwrap();
        let m = p.read("db/V0001.Initial_Schema.up.sql").unwrap();
        assert_eq!(m.version, "0001");
        assert_eq!(m.name, "Initial_Schema");
        assert_eq!(m.up, Some(true));
        assert_eq!(p.read("V0002.x.down.sql").and_then(|m| m.up), Some(false));
        assert!(p.read("README.sql").is_none());
    }

    #[test]
    fn refuses_bad_patterns_with_the_fix() {
        assert!(NamePattern::new(r"(?P<name>.+)\.sql")
            .unwrap_err()
            .contains("(?P<version>"));
        assert!(NamePattern::new(r"(?P<version>\d+")
            .unwrap_err()
            .contains("not a valid"));
    }

    #[test]
    fn suggestions_read_the_example_they_came_from() {
        for (example, version, up) in [
            ("V0001.Initial_Schema.up.sql", "0001", Some(true)),
            ("V0001.Initial_Schema.down.sql", "0001", Some(false)),
            ("mig-12-add-users.sql", "12", None),
            ("2024.01.02_init.sql", "2024.01.02", None),
            ("0007.sql", "0007", None),
        ] {
            let s = suggest(example).unwrap();
            let p = NamePattern::new(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
            let m = p
                .read(example)
                .unwrap_or_else(|| panic!("{s} does not read {example}"));
            assert_eq!(m.version, version, "{s}");
            assert_eq!(m.up, up, "{s}");
        }
        assert_eq!(suggest("init.sql"), None);
    }
}
