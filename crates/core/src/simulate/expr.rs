//! Just enough lexing of expression and query text to know which identifiers it mentions: the
//! simulator needs that for check names, dependencies and column renames, not a full parse.

/// An identifier token in a text.
pub struct Ident<'a> {
    pub text: &'a str,
    pub quoted: bool,
    pub start: usize,
    pub end: usize,
    /// Followed by `(`: a function name, not a column.
    pub call: bool,
}

impl Ident<'_> {
    pub fn is(&self, name: &str) -> bool {
        if self.quoted {
            self.text == name
        } else {
            self.text.eq_ignore_ascii_case(name)
        }
    }
}

/// Identifier tokens of `text`, skipping string literals, numbers and comments.
pub fn idents(text: &str) -> Vec<Ident<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\'' => i = skip_quoted(bytes, i, b'\''),
            b'"' | b'`' => {
                let end = skip_quoted(bytes, i, c);
                let inner_end = end.saturating_sub(1).max(i + 1);
                let ident = text.get(i + 1..inner_end).unwrap_or("");
                out.push(Ident {
                    text: ident,
                    quoted: true,
                    start: i,
                    end,
                    call: next_is_paren(bytes, end),
                });
                i = end;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'0'..=b'9' => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_')
                {
                    i += 1;
                }
            }
            _ if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i].is_ascii_alphanumeric()
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                let ident = text.get(start..i).unwrap_or("");
                // `::int` casts name types, not columns.
                let is_cast = start >= 2 && &bytes[start - 2..start] == b"::";
                if !is_cast {
                    out.push(Ident {
                        text: ident,
                        quoted: false,
                        start,
                        end: i,
                        call: next_is_paren(bytes, i),
                    });
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

fn next_is_paren(bytes: &[u8], mut i: usize) -> bool {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    bytes.get(i) == Some(&b'(')
}

/// Whether `text` mentions `name` as an identifier (not as a function name).
pub fn mentions(text: &str, name: &str) -> bool {
    idents(text).iter().any(|i| !i.call && i.is(name))
}

/// The distinct names of `columns` that `text` mentions, in order of first mention.
pub fn columns_in<'c>(text: &str, columns: impl Iterator<Item = &'c str> + Clone) -> Vec<&'c str> {
    let mut out: Vec<&str> = Vec::new();
    for ident in idents(text) {
        if ident.call {
            continue;
        }
        if let Some(c) = columns.clone().find(|c| ident.is(c)) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// `text` with every identifier `from` (not a function name) replaced by `to`.
pub fn rename_ident(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for ident in idents(text) {
        if ident.call || !ident.is(from) {
            continue;
        }
        out.push_str(text.get(last..ident.start).unwrap_or(""));
        if ident.quoted {
            let q = text.get(ident.start..ident.start + 1).unwrap_or("\"");
            out.push_str(q);
            out.push_str(to);
            out.push_str(q);
        } else {
            out.push_str(to);
        }
        last = ident.end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

/// Whether a query uses every column of what it reads (`SELECT *`, `t.*`), which PostgreSQL
/// expands when the view is created.
pub fn selects_star(query: &str) -> bool {
    let mut in_string = false;
    // What precedes a `*` outside strings: `SELECT *`, `, *` and `t.*` select columns;
    // `count(*)` and `a * b` do not.
    let mut prev_word = String::new();
    let mut prev_char = ' ';
    for c in query.chars() {
        match c {
            '\'' => in_string = !in_string,
            _ if in_string => continue,
            '*' if matches!(prev_char, ',' | '.')
                || (prev_char == ' '
                    && matches!(prev_word.as_str(), "SELECT" | "DISTINCT" | "ALL")) =>
            {
                return true
            }
            c if c.is_alphanumeric() || c == '_' => {
                if !(prev_char.is_alphanumeric() || prev_char == '_') {
                    prev_word.clear();
                }
                prev_word.push(c.to_ascii_uppercase());
            }
            _ => {}
        }
        if !c.is_whitespace() {
            prev_char = c;
        } else if prev_char.is_alphanumeric() || prev_char == '_' {
            // A word followed by space: remember it ended, keep the word.
            prev_char = ' ';
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_columns_not_functions_or_strings() {
        let cols = ["a", "b", "lower"];
        assert_eq!(
            columns_in("lower(a) > 'b' AND \"b\" < 1", cols.iter().copied()),
            vec!["a", "b"]
        );
        assert_eq!(
            columns_in("x::b > 0", cols.iter().copied()),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn star_in_projection_only() {
        assert!(selects_star("SELECT * FROM t"));
        assert!(selects_star("SELECT a, t.* FROM t"));
        assert!(selects_star("select distinct *\nfrom t"));
        assert!(!selects_star("SELECT count(*) AS n, a * 2 AS b FROM t"));
        assert!(!selects_star("SELECT '*' FROM t"));
    }

    #[test]
    fn renames_identifiers_only() {
        assert_eq!(
            rename_ident("a > 0 AND 'a' <> \"a\" AND a(1)", "a", "z"),
            "z > 0 AND 'a' <> \"z\" AND a(1)"
        );
    }
}
