//! `strata diff` over a range whose migrations rename things: every format says renamed, and
//! the SQL renames instead of dropping (the example that reported it, and a small set).

use std::path::Path;
use std::process::Command;

mod common;
use common::Folder;

fn strata(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .arg("diff")
        .arg(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_reported_table_rename_keeps_the_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/alembic-support");
    let range = ["--from", "b2001", "--to", "b2002"];
    let sql = strata(&dir, &[&range[..], &["--format", "sql"]].concat());
    assert!(
        sql.starts_with("ALTER TABLE knowledge_base RENAME TO kb_articles;\n")
            && !sql.contains("DROP TABLE")
            && !sql.contains("nextval"),
        "{sql}"
    );
    let text = strata(&dir, &range);
    assert!(
        text.starts_with("~ table knowledge_base → kb_articles\n"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&strata(&dir, &[&range[..], &["--format", "json"]].concat())).unwrap();
    let change = &json["changes"][0];
    assert_eq!(change["action"], "renamed", "{json}");
    assert_eq!(change["renamed_from"], "knowledge_base", "{json}");
    assert_eq!(change["name"], "kb_articles", "{json}");
    assert_eq!(json["ops"][0]["op"], "rename_table", "{json}");
}

#[test]
fn a_renamed_column_both_ways() {
    let folder = Folder::new(&[
        (
            "001_tags.sql",
            b"CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL);",
        ),
        (
            "002_name.sql",
            b"ALTER TABLE tags RENAME COLUMN label TO name;",
        ),
    ]);
    let up = strata(
        &folder.0,
        &["--from", "001", "--to", "002", "--format", "sql"],
    );
    assert_eq!(up, "ALTER TABLE tags RENAME COLUMN label TO name;\n");
    let down = strata(
        &folder.0,
        &["--from", "002", "--to", "001", "--format", "sql"],
    );
    assert_eq!(down, "ALTER TABLE tags RENAME COLUMN name TO label;\n");
    let text = strata(&folder.0, &["--from", "001", "--to", "002"]);
    assert_eq!(text, "~ table tags\n  ~ column label → name\n");
}
