//! `strata serve` started by xtask for the browser tests and the bench, stopped on drop.

use crate::run;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

pub struct Served {
    child: Child,
    /// Held open so the server never writes into a closed pipe.
    _stdout: BufReader<ChildStdout>,
    pub url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the CLI (debug, as `cargo xtask test` does) and returns the binary.
pub fn build_strata(root: &Path) -> Result<PathBuf, String> {
    run(root, "cargo", &["build", "--quiet", "-p", "strata-cli"])?;
    Ok(root.join("target/debug/strata"))
}

/// `strata serve DIR --port 0 --dist DIST`; returns once it printed its URL.
pub fn serve(strata: &Path, dir: &Path, dist: &Path) -> Result<Served, String> {
    let mut child = Command::new(strata)
        .args(["serve", "--port", "0", "--dist"])
        .arg(dist)
        .arg(dir)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", strata.display()))?;
    let mut line = String::new();
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut stdout = BufReader::new(stdout);
    let _ = stdout.read_line(&mut line);
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(str::to_string);
    match url {
        Some(url) => Ok(Served {
            child,
            _stdout: stdout,
            url,
        }),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!(
                "`strata serve {}` did not start (printed {line:?})",
                dir.display()
            ))
        }
    }
}
