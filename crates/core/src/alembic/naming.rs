//! SQLAlchemy's rendering of names it generates from a naming convention (`ix_<table>_<column>`
//! for `index=True`): too long for the dialect, a name is cut and suffixed with 4 hex digits of
//! its MD5, as `IdentifierPreparer._truncate_and_render_maxlen_name` does.

use crate::dialect::Dialect;

/// The longest index name SQLAlchemy renders as is (`max_index_name_length`, else
/// `max_identifier_length`).
fn max_len(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Postgres => 63,
        Dialect::Mysql => 64,
        Dialect::Sqlite => 9999,
    }
}

/// A convention name as SQLAlchemy renders it for `dialect`. Lengths count characters, as
/// Python's `len` does.
pub fn convention_name(name: &str, dialect: Dialect) -> String {
    let max = max_len(dialect);
    if name.chars().count() <= max {
        return name.to_string();
    }
    let digest = md5_hex(name.as_bytes());
    let head: String = name.chars().take(max - 8).collect();
    format!("{head}_{}", &digest[digest.len() - 4..])
}

/// MD5 (RFC 1321) as lower-case hex.
pub fn md5_hex(data: &[u8]) -> String {
    const SHIFTS: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
    let k: Vec<u32> = (0..64)
        .map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32)
        .collect();
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_le_bytes());
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    for chunk in message.chunks_exact(64) {
        let words: Vec<u32> = chunk
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect();
        let [mut a, mut b, mut c, mut d] = state;
        for (i, &ki) in k.iter().enumerate() {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(ki).wrapping_add(words[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(SHIFTS[(i / 16) * 4 + i % 4]));
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }
    state
        .iter()
        .flat_map(|s| s.to_le_bytes())
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_matches_known_digests() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            md5_hex(b"The quick brown fox jumps over the lazy dog"),
            "9e107d9d372bb6826bd81d3542a419d6"
        );
        // Two blocks of padding.
        assert_eq!(md5_hex(&[b'a'; 60]), "cc7ed669cf88f201c3297c6a91e1d18d");
    }

    /// `CreateIndex` of a column with `index=True` on table `"a" * 40`, column `"b" * 30`
    /// (SQLAlchemy 2.1).
    #[test]
    fn long_convention_names_are_cut_like_sqlalchemy() {
        let name = format!("ix_{}_{}", "a".repeat(40), "b".repeat(30));
        assert_eq!(
            convention_name(&name, Dialect::Postgres),
            format!("ix_{}_{}_6943", "a".repeat(40), "b".repeat(11))
        );
        assert_eq!(
            convention_name(&name, Dialect::Mysql),
            format!("ix_{}_{}_6943", "a".repeat(40), "b".repeat(12))
        );
        assert_eq!(convention_name(&name, Dialect::Sqlite), name);
    }
}
