//! Reading a `.zip` of a migration folder (dropped or picked in the web app) into input files.
//!
//! A small reader of the zip central directory: stored and deflate entries (what `zip`, Finder,
//! Explorer and Python's `zipfile` write), CRC-checked. The bytes are untrusted, so every size
//! is checked before it is used: the entry count, each entry's size, the total and the
//! compression ratio ([`Limits`]); inflating stops at the declared size. Directories,
//! `__MACOSX/` resource forks, hidden files (a name part starting with `.`) and the build and
//! cache folders the CLI skips when reading a folder (`__pycache__`, `node_modules`, ...) are
//! left out, and a folder that holds everything (`project/...`) is
//! stripped so paths read as they would from that folder. Zip64, encrypted and multi-disk
//! archives are refused with a diagnostic. Nothing here panics.

use crate::diagnostic::Diagnostic;
use crate::source::InputFile;
use std::collections::BTreeSet;

/// Bounds on what an archive may expand to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_entries: usize,
    /// Sum of the uncompressed sizes of the files kept.
    pub max_total_bytes: usize,
    pub max_entry_bytes: usize,
    /// Uncompressed size over compressed size, checked for entries above 1 MiB (small files of
    /// repeated text compress well and are harmless); zip bombs reach ratios near 1000.
    pub max_ratio: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 20_000,
            max_total_bytes: 256 << 20,
            max_entry_bytes: 64 << 20,
            max_ratio: 200,
        }
    }
}

/// Entries at most this large are never refused for their compression ratio.
const RATIO_FREE_BYTES: usize = 1 << 20;

/// Folders left out: macOS resource forks, and what the CLI skips when reading a folder (build
/// output and caches that never hold migrations).
const SKIPPED_DIRS: &[&str] = &["__MACOSX", "__pycache__", "node_modules", "target", "venv"];

const EOCD_SIG: u32 = 0x0605_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const LOCAL_SIG: u32 = 0x0403_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const EOCD_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;

/// The files of a zip archive, sorted by path.
pub fn unzip(bytes: &[u8], limits: Limits) -> Result<Vec<InputFile>, Diagnostic> {
    let eocd = find_eocd(bytes).ok_or_else(|| {
        bad("the file is not a zip archive (no end-of-archive record)")
            .help("drop a `.zip` of the migration folder, or the folder itself")
    })?;
    let r = Reader(bytes);
    let field = |off: usize| r.u16(eocd + off).ok_or_else(truncated);
    let (disk, cd_disk, count) = (field(4)?, field(6)?, field(10)?);
    let cd_size = r.u32(eocd + 12).ok_or_else(truncated)?;
    let cd_offset = r.u32(eocd + 16).ok_or_else(truncated)?;
    if count == u16::MAX
        || cd_size == u32::MAX
        || cd_offset == u32::MAX
        || (eocd >= 20 && r.u32(eocd - 20) == Some(ZIP64_LOCATOR_SIG))
    {
        return Err(unsupported(
            "it is a Zip64 archive (over 65,535 entries or 4 GB)",
        ));
    }
    if disk != 0 || cd_disk != 0 {
        return Err(unsupported("it spans several disks"));
    }
    let count = usize::from(count);
    if count > limits.max_entries {
        return Err(too_large(format!(
            "the archive has {count} entries; Strata opens archives of up to {}",
            limits.max_entries
        )));
    }

    let mut pos = cd_offset as usize;
    let mut total = 0usize;
    let mut files = Vec::new();
    let mut seen = BTreeSet::new();
    for _ in 0..count {
        let entry = central_entry(&r, pos)?;
        pos = entry.next;
        let Some(path) = clean_path(&entry.name) else {
            continue;
        };
        if entry.flags & 1 != 0 {
            return Err(unsupported(format!("`{path}` is encrypted"))
                .help("make the archive without a password"));
        }
        let (usize_, csize) = (entry.uncompressed as usize, entry.compressed as usize);
        if usize_ > limits.max_entry_bytes {
            return Err(too_large(format!(
                "`{path}` is {usize_} bytes; Strata reads files of up to {} bytes",
                limits.max_entry_bytes
            )));
        }
        if usize_ > RATIO_FREE_BYTES && usize_ / csize.max(1) > limits.max_ratio {
            return Err(too_large(format!("`{path}` expands {}-fold, more than a source file does: this looks like a zip bomb", usize_ / csize.max(1))));
        }
        total = total.saturating_add(usize_);
        if total > limits.max_total_bytes {
            return Err(too_large(format!(
                "the archive expands to over {} bytes, more than Strata reads",
                limits.max_total_bytes
            )));
        }
        let data = entry_data(&r, &entry, &path)?;
        let contents = match entry.method {
            0 if csize == usize_ => data.to_vec(),
            0 => {
                return Err(bad(format!(
                    "`{path}` is stored with two different sizes ({csize} and {usize_} bytes)"
                )))
            }
            8 => {
                miniz_oxide::inflate::decompress_to_vec_with_limit(data, usize_).map_err(|_| {
                    bad(format!(
                        "`{path}` does not decompress to the {usize_} bytes the archive declares"
                    ))
                })?
            }
            m => return Err(unsupported(format!(
                "`{path}` uses compression method {m}; Strata reads stored and deflate entries"
            ))
            .help(
                "re-create the archive with the default compression of `zip`, Finder or Explorer",
            )),
        };
        if contents.len() != usize_ {
            return Err(bad(format!(
                "`{path}` holds {} bytes, not the {usize_} the archive declares",
                contents.len()
            )));
        }
        if crc32(&contents) != entry.crc {
            return Err(bad(format!(
                "`{path}` fails its checksum: the archive is damaged"
            )));
        }
        if !seen.insert(path.clone()) {
            return Err(bad(format!("the archive holds `{path}` twice")));
        }
        files.push(InputFile::new(path, contents));
    }
    strip_common_folder(&mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn bad(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("bad-archive", message)
}

fn truncated() -> Diagnostic {
    bad("the zip archive is truncated").help("download or copy it again")
}

fn unsupported(why: impl Into<String>) -> Diagnostic {
    Diagnostic::error(
        "unsupported-archive",
        format!("Strata cannot open this zip archive: {}", why.into()),
    )
}

fn too_large(message: String) -> Diagnostic {
    Diagnostic::error("archive-too-large", message).help("zip only the migration folder")
}

/// Little-endian reads that return `None` past the end instead of panicking.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&self, at: usize, len: usize) -> Option<&'a [u8]> {
        self.0.get(at..at.checked_add(len)?)
    }
    fn u16(&self, at: usize) -> Option<u16> {
        self.bytes(at, 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&self, at: usize) -> Option<u32> {
        self.bytes(at, 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// The end-of-central-directory record: the last one whose comment reaches the end exactly.
fn find_eocd(bytes: &[u8]) -> Option<usize> {
    let r = Reader(bytes);
    let last = bytes.len().checked_sub(EOCD_LEN)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last).rev().find(|&at| {
        r.u32(at) == Some(EOCD_SIG)
            && r.u16(at + 20)
                .is_some_and(|c| at + EOCD_LEN + usize::from(c) == bytes.len())
    })
}

struct Entry {
    name: Vec<u8>,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u32,
    uncompressed: u32,
    local: usize,
    /// Offset of the next central record.
    next: usize,
}

fn central_entry(r: &Reader, at: usize) -> Result<Entry, Diagnostic> {
    if r.u32(at) != Some(CENTRAL_SIG) {
        return Err(bad("the archive's table of contents is damaged"));
    }
    let u16_at = |off: usize| {
        r.u16(at.saturating_add(off))
            .map(usize::from)
            .ok_or_else(truncated)
    };
    let u32_at = |off: usize| r.u32(at.saturating_add(off)).ok_or_else(truncated);
    let (name_len, extra_len, comment_len) = (u16_at(28)?, u16_at(30)?, u16_at(32)?);
    let name = r
        .bytes(at.saturating_add(CENTRAL_LEN), name_len)
        .ok_or_else(truncated)?
        .to_vec();
    Ok(Entry {
        name,
        flags: u16_at(8)? as u16,
        method: u16_at(10)? as u16,
        crc: u32_at(16)?,
        compressed: u32_at(20)?,
        uncompressed: u32_at(24)?,
        local: u32_at(42)? as usize,
        next: at.saturating_add(CENTRAL_LEN + name_len + extra_len + comment_len),
    })
}

/// The compressed bytes of an entry, found through its local header.
fn entry_data<'a>(r: &Reader<'a>, e: &Entry, path: &str) -> Result<&'a [u8], Diagnostic> {
    if r.u32(e.local) != Some(LOCAL_SIG) {
        return Err(bad(format!("the archive's record of `{path}` is damaged")));
    }
    // Offsets come from the archive: added without overflow, even where usize is 32 bits.
    let name_len = r.u16(e.local.saturating_add(26)).ok_or_else(truncated)?;
    let extra_len = r.u16(e.local.saturating_add(28)).ok_or_else(truncated)?;
    let start = e
        .local
        .saturating_add(LOCAL_LEN + usize::from(name_len) + usize::from(extra_len));
    r.bytes(start, e.compressed as usize).ok_or_else(truncated)
}

/// The `/`-separated relative path of a file worth reading, or `None` for directories, hidden
/// files and anything under [`SKIPPED_DIRS`]. Names are UTF-8 (zip's flag 11, and what tools write
/// today); other bytes are replaced.
fn clean_path(name: &[u8]) -> Option<String> {
    let name = String::from_utf8_lossy(name).replace('\\', "/");
    if name.ends_with('/') {
        return None;
    }
    let parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| p.starts_with('.') || SKIPPED_DIRS.contains(p))
    {
        return None;
    }
    Some(parts.join("/"))
}

/// `project/a.sql`, `project/b.sql` → `a.sql`, `b.sql`: the archive of a folder holds the folder.
fn strip_common_folder(files: &mut [InputFile]) {
    let top = |p: &str| p.split_once('/').map(|(top, _)| top.to_string());
    let Some(first) = files.first().and_then(|f| top(&f.path)) else {
        return;
    };
    if files
        .iter()
        .all(|f| top(&f.path).as_deref() == Some(first.as_str()))
    {
        for f in files.iter_mut() {
            f.path = f.path[first.len() + 1..].to_string();
        }
    }
}

/// CRC-32 (IEEE, as zip uses), table-driven.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = !0u32;
    for &b in data {
        crc = TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}
