//! The one function rustpython-parser calls, without the Unicode name table behind it.
//!
//! Alembic revision files do not spell characters as `\N{NAME}`; when one does, the parser
//! reports the escape as invalid (a diagnostic on its span), which costs far less than the
//! table's share of the wasm bundle. See ARCHITECTURE.md, "Web bundle size".

/// The character named `name`: never known here.
pub fn character(name: &str) -> Option<char> {
    let _ = name;
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_name_is_known() {
        assert_eq!(super::character("LATIN SMALL LETTER A"), None);
    }
}
