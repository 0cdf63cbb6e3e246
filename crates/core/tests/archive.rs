//! `archive::unzip`: zips written here byte by byte (stored and deflate entries), zips written by
//! Python's `zipfile` and by `zip` into a temp folder, hostile archives, and random bytes.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use strata_core::archive::{unzip, Limits};
use strata_core::{load, Config};

/// CRC-32 bit by bit, independent of the module's table.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One entry: name, method (0 stored, 8 deflate), the bytes as stored, the real content (for
/// the CRC and, unless overridden, the declared size), flags.
struct Entry {
    name: String,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u32,
    flags: u16,
}

fn stored(name: &str, content: &[u8]) -> Entry {
    Entry {
        name: name.into(),
        method: 0,
        data: content.to_vec(),
        crc: crc32(content),
        size: content.len() as u32,
        flags: 0x800,
    }
}

fn deflated(name: &str, content: &[u8]) -> Entry {
    let data = miniz_oxide::deflate::compress_to_vec(content, 6);
    Entry {
        name: name.into(),
        method: 8,
        data,
        crc: crc32(content),
        size: content.len() as u32,
        flags: 0x800,
    }
}

/// A minimal zip: local headers and data, then the central directory and its end record.
fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // version made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(e.flags.to_le_bytes());
            h.extend(e.method.to_le_bytes());
            h.extend([0u8; 4]); // time, date
            h.extend(e.crc.to_le_bytes());
            h.extend((e.data.len() as u32).to_le_bytes());
            h.extend(e.size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name);
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&e.data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // disks
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn paths(bytes: &[u8]) -> Vec<String> {
    unzip(bytes, Limits::default())
        .expect("unzips")
        .into_iter()
        .map(|f| f.path)
        .collect()
}

#[test]
fn stored_and_deflate_entries_with_the_top_folder_stripped() {
    let sql = "CREATE TABLE users (id int);\n".repeat(50);
    let bytes = zip(&[
        stored("project/", b""),
        stored("project/001_users.sql", b"CREATE TABLE a (id int);"),
        deflated("project/sub/002_more.sql", sql.as_bytes()),
        stored("__MACOSX/project/._001_users.sql", b"\0\x05\x16\x07junk"),
        stored("project/.DS_Store", b"junk"),
        stored("project/__pycache__/x.cpython-311.pyc", b"junk"),
        deflated("project/ünï/003_日本.sql", "-- ✓\n".as_bytes()),
    ]);
    let files = unzip(&bytes, Limits::default()).expect("unzips");
    let got: Vec<(&str, &[u8])> = files
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_slice()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("001_users.sql", b"CREATE TABLE a (id int);".as_slice()),
            ("sub/002_more.sql", sql.as_bytes()),
            ("ünï/003_日本.sql", "-- ✓\n".as_bytes()),
        ]
    );
}

#[test]
fn no_common_folder_keeps_paths_and_empty_archive_is_empty() {
    assert_eq!(
        paths(&zip(&[stored("a/1.sql", b"x"), stored("b/2.sql", b"y")])),
        ["a/1.sql", "b/2.sql"]
    );
    assert_eq!(
        paths(&zip(&[stored("a/1.sql", b"x"), stored("2.sql", b"y")])),
        ["2.sql", "a/1.sql"]
    );
    assert!(paths(&zip(&[])).is_empty());
    // Backslashes (old Windows tools) and `./` read as folders; one common folder is stripped.
    assert_eq!(
        paths(&zip(&[
            stored("dir\\x\\1.sql", b"x"),
            stored("./dir/x/2.sql", b"y")
        ])),
        ["x/1.sql", "x/2.sql"]
    );
}

#[test]
fn limits_are_enforced() {
    let three = zip(&[
        stored("1.sql", b"a"),
        stored("2.sql", b"b"),
        stored("3.sql", b"c"),
    ]);
    let err = unzip(
        &three,
        Limits {
            max_entries: 2,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code, "archive-too-large");
    assert!(err.message.contains("3 entries"), "{}", err.message);

    let big = zip(&[stored("1.sql", &[b'x'; 1000])]);
    let err = unzip(
        &big,
        Limits {
            max_entry_bytes: 999,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(err.message.contains("1000 bytes"), "{}", err.message);

    let two = zip(&[stored("1.sql", &[b'x'; 600]), stored("2.sql", &[b'y'; 600])]);
    let err = unzip(
        &two,
        Limits {
            max_total_bytes: 1000,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code, "archive-too-large");
    assert!(unzip(
        &two,
        Limits {
            max_total_bytes: 1200,
            ..Limits::default()
        }
    )
    .is_ok());
}

#[test]
fn zip_bombs_are_refused() {
    // 20 MB of zeros in about 20 kB: refused by ratio before inflating.
    let bomb = zip(&[deflated("bomb.sql", &vec![0u8; 20 << 20])]);
    let err = unzip(&bomb, Limits::default()).unwrap_err();
    assert!(err.message.contains("zip bomb"), "{}", err.message);
    // An entry that lies about its size: inflating stops at the declared size.
    let mut liar = deflated("liar.sql", &vec![b'a'; 100_000]);
    liar.size = 10;
    let err = unzip(&zip(&[liar]), Limits::default()).unwrap_err();
    assert_eq!(err.code, "bad-archive");
    // Many modest entries: the total is what counts (it also bounds archives whose entries
    // all point at the same data).
    let entries: Vec<Entry> = (0..20)
        .map(|i| deflated(&format!("{i}.sql"), &vec![b'a'; 600_000]))
        .collect();
    let err = unzip(
        &zip(&entries),
        Limits {
            max_total_bytes: 10 << 20,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code, "archive-too-large");
    assert!(err.message.contains("expands to over"), "{}", err.message);
}

#[test]
fn damaged_and_unsupported_archives_say_why() {
    let not_zip = unzip(b"CREATE TABLE users (id int);", Limits::default()).unwrap_err();
    assert!(not_zip.message.contains("not a zip"), "{}", not_zip.message);

    let mut bad_crc = stored("1.sql", b"abc");
    bad_crc.crc ^= 1;
    assert!(unzip(&zip(&[bad_crc]), Limits::default())
        .unwrap_err()
        .message
        .contains("checksum"));

    let mut encrypted = stored("1.sql", b"abc");
    encrypted.flags |= 1;
    let err = unzip(&zip(&[encrypted]), Limits::default()).unwrap_err();
    assert_eq!(err.code, "unsupported-archive");
    assert!(err.message.contains("encrypted"));

    let mut bzip2 = stored("1.sql", b"abc");
    bzip2.method = 12;
    assert!(unzip(&zip(&[bzip2]), Limits::default())
        .unwrap_err()
        .message
        .contains("method 12"));

    let mut short = stored("1.sql", b"abcdef");
    short.size = 3;
    assert_eq!(
        unzip(&zip(&[short]), Limits::default()).unwrap_err().code,
        "bad-archive"
    );

    let dup = zip(&[stored("a/1.sql", b"x"), stored("a/1.sql", b"y")]);
    assert!(unzip(&dup, Limits::default())
        .unwrap_err()
        .message
        .contains("twice"));
}

#[test]
fn truncations_and_bit_flips_never_panic() {
    let bytes = zip(&[
        stored("p/001_a.sql", b"CREATE TABLE a (id int);"),
        deflated(
            "p/002_b.sql",
            "CREATE TABLE b (id int);\n".repeat(20).as_bytes(),
        ),
    ]);
    for cut in 0..bytes.len() {
        let _ = unzip(&bytes[..cut], Limits::default());
        let _ = unzip(&bytes[cut..], Limits::default());
    }
    let mut errors = 0;
    for at in 0..bytes.len() {
        for bit in [0, 3, 7] {
            let mut b = bytes.clone();
            b[at] ^= 1 << bit;
            errors += usize::from(unzip(&b, Limits::default()).is_err());
        }
    }
    assert!(errors > bytes.len(), "most flips are caught ({errors})");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = unzip(&bytes, Limits::default());
        // The same bytes behind a valid end record reach the directory reader.
        let mut with_end = bytes.clone();
        with_end.extend(0x0605_4b50u32.to_le_bytes());
        with_end.extend([0u8; 4]);
        with_end.extend(3u16.to_le_bytes());
        with_end.extend(3u16.to_le_bytes());
        with_end.extend((bytes.len() as u32).to_le_bytes());
        with_end.extend(0u32.to_le_bytes());
        with_end.extend(0u16.to_le_bytes());
        let _ = unzip(&with_end, Limits::default());
    }

    #[test]
    fn random_entry_tables_never_panic(
        fields in proptest::collection::vec((any::<u16>(), any::<u32>(), any::<u32>(), any::<u32>()), 1..4),
    ) {
        // Central records with random flags, sizes and offsets over a real local entry.
        let mut bytes = zip(&[stored("1.sql", b"abc")]);
        let cd_start = bytes.len() - 22 - (46 + 5);
        for (flags, csize, usize_, offset) in fields {
            let mut b = bytes.clone();
            b[cd_start + 8..cd_start + 10].copy_from_slice(&flags.to_le_bytes());
            b[cd_start + 20..cd_start + 24].copy_from_slice(&csize.to_le_bytes());
            b[cd_start + 24..cd_start + 28].copy_from_slice(&usize_.to_le_bytes());
            b[cd_start + 42..cd_start + 46].copy_from_slice(&offset.to_le_bytes());
            let _ = unzip(&b, Limits::default());
            bytes = b;
        }
    }
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strata-archive-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/alembic-support")
}

/// The set a zip of the example opens to is the set the folder opens to.
fn same_set_as_the_folder(bytes: &[u8], tool: &str) {
    let files = unzip(bytes, Limits::default()).unwrap_or_else(|d| panic!("{tool}: {}", d.message));
    assert!(
        files
            .iter()
            .any(|f| f.path == "versions/a1001_customers_and_teams.py"),
        "{tool}: {:?}",
        files.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    assert!(files.iter().all(|f| !f.path.contains("__pycache__")));
    let from_zip = load(files, &Config::default());
    assert_eq!(from_zip.set.migrations.len(), 24, "{tool}");
    let direct = std::fs::read(example().join("versions/d4010_tag_name.py")).unwrap();
    let zipped = from_zip
        .set
        .files
        .iter()
        .find(|f| f.path == "versions/d4010_tag_name.py")
        .expect("in the zip");
    assert_eq!(zipped.text.as_bytes(), direct.as_slice(), "{tool}");
}

#[test]
fn python_zipfile_archives_open() {
    let dir = temp_dir("py");
    for (flag, name) in [("", "deflated.zip"), ("stored", "stored.zip")] {
        let out = dir.join(name);
        let script = format!(
            "import os, sys, zipfile\nmode = zipfile.ZIP_STORED if '{flag}' else zipfile.ZIP_DEFLATED\nroot = sys.argv[1]\nwith zipfile.ZipFile(sys.argv[2], 'w', mode) as z:\n    for d, _, fs in os.walk(root):\n        for f in sorted(fs):\n            p = os.path.join(d, f)\n            z.write(p, os.path.join('alembic-support', os.path.relpath(p, root)))\n"
        );
        let status = std::process::Command::new("python3")
            .arg("-c")
            .arg(&script)
            .arg(example())
            .arg(&out)
            .status();
        match status {
            Ok(s) if s.success() => same_set_as_the_folder(&std::fs::read(&out).unwrap(), name),
            other => panic!("python3 is needed for this test: {other:?}"),
        }
    }
    // `python3 -m zipfile -c`, as the brief of a user would run it.
    let out = dir.join("cli.zip");
    let status = std::process::Command::new("python3")
        .args(["-m", "zipfile", "-c"])
        .arg(&out)
        .arg(example())
        .status()
        .expect("python3");
    assert!(status.success());
    same_set_as_the_folder(&std::fs::read(&out).unwrap(), "python3 -m zipfile");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn info_zip_archives_open() {
    let dir = temp_dir("zip");
    let out = dir.join("set.zip");
    let parent = example().parent().unwrap().to_path_buf();
    match std::process::Command::new("zip")
        .arg("-qr")
        .arg(&out)
        .arg("alembic-support")
        .current_dir(&parent)
        .status()
    {
        Ok(s) if s.success() => same_set_as_the_folder(&std::fs::read(&out).unwrap(), "zip -r"),
        Ok(s) => panic!("zip failed: {s}"),
        // Not every machine has Info-ZIP; Python's archives above cover the format.
        Err(e) => eprintln!("skipped: `zip` is not installed ({e})"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
