//! Real Alembic for Alembic histories: a scratch folder with the revisions, the example set's
//! `alembic.ini` and `env.py` (the database is `DATABASE_URL`), and `python3 -m alembic upgrade`.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use strata_core::InputFile;
use strata_db::testdb::TestDb;

const ENV_PY: &str = include_str!("../../../migrations/alembic-support/env.py");
const ALEMBIC_INI: &str = include_str!("../../../migrations/alembic-support/alembic.ini");

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A scratch folder Alembic runs in; removed on drop.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    pub fn new(files: &[InputFile]) -> Result<Folder, String> {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("strata_fidelity_{}_{n}", std::process::id()));
        let write = |rel: &str, text: &[u8]| -> Result<(), String> {
            let p = dir.join(rel);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
        };
        for f in files {
            if f.path.ends_with(".py") && f.path.contains("versions/") {
                let rel = &f.path[f.path.find("versions/").unwrap_or(0)..];
                write(rel, &f.contents)?;
            }
        }
        write("env.py", ENV_PY.as_bytes())?;
        write("alembic.ini", ALEMBIC_INI.as_bytes())?;
        Ok(Folder { dir })
    }

    /// `alembic upgrade <revision>` on `db`.
    pub fn upgrade(&self, db: &TestDb, revision: &str) -> Result<(), String> {
        let out = Command::new("python3")
            .args(["-m", "alembic", "-c", "alembic.ini", "upgrade", revision])
            .current_dir(&self.dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("DATABASE_URL", db.sqlalchemy_url())
            .output()
            .map_err(|e| format!("cannot run python3 -m alembic: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The exception's last line carries the server's message.
        let last = stderr
            .lines()
            .rev()
            .find(|l| l.contains("Error") && !l.starts_with(' ') && !l.starts_with("(Background"))
            .or_else(|| stderr.lines().rev().find(|l| !l.trim().is_empty()))
            .unwrap_or("");
        Err(format!("alembic upgrade {revision} failed: {last}"))
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
