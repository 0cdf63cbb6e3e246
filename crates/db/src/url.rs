//! Database URLs: `postgres://user:pw@host:port/db`, `mysql://root@127.0.0.1:3306/db`,
//! `sqlite:path`, `sqlite::memory:`.
//!
//! The password is kept only to connect: [`DatabaseUrl::redacted`] (and `Display`) print `***`
//! in its place, so no message built from a URL can leak it.

use crate::Error;
use std::fmt;
use strata_core::Dialect;

#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub dialect: Dialect,
    /// The URL as given; holds the password, so it is private and never printed.
    raw: String,
    /// Byte range of the password inside `raw`, when there is one.
    password: Option<(usize, usize)>,
    /// The database name (server dialects) or the file path (SQLite; `:memory:` for memory).
    pub database: String,
}

impl DatabaseUrl {
    pub fn parse(text: &str) -> Result<DatabaseUrl, Error> {
        let text = text.trim();
        let bad = |why: &str| Error::Url(format!("`{}`: {why}", redact_guess(text)));
        let (scheme, rest) = text
            .split_once(':')
            .ok_or_else(|| bad("expected `postgres://...`, `mysql://...` or `sqlite:path`"))?;
        let dialect = match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Dialect::Postgres,
            "mysql" | "mariadb" => Dialect::Mysql,
            "sqlite" => Dialect::Sqlite,
            other => {
                return Err(bad(&format!(
                    "unknown scheme `{other}`: use postgres, mysql or sqlite"
                )))
            }
        };
        if dialect == Dialect::Sqlite {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or("");
            if path.is_empty() {
                return Err(bad(
                    "no file: write `sqlite:path/to/file.db` or `sqlite::memory:`",
                ));
            }
            return Ok(DatabaseUrl {
                dialect,
                raw: text.to_string(),
                password: None,
                database: path.to_string(),
            });
        }
        let Some(after) = rest.strip_prefix("//") else {
            return Err(bad(&format!(
                "expected `{scheme}://user@host:port/database`"
            )));
        };
        let start = text.len() - after.len();
        let authority_end = after.find(['/', '?']).unwrap_or(after.len());
        let authority = &after[..authority_end];
        let mut password = None;
        if let Some(at) = authority.rfind('@') {
            if let Some(colon) = authority[..at].find(':') {
                password = Some((start + colon + 1, start + at));
            }
        }
        let host = authority.rsplit('@').next().unwrap_or("");
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let path = &after[authority_end..];
        let database = path
            .strip_prefix('/')
            .unwrap_or("")
            .split('?')
            .next()
            .unwrap_or("")
            .to_string();
        Ok(DatabaseUrl {
            dialect,
            raw: text.to_string(),
            password,
            database,
        })
    }

    /// The URL with the password replaced by `***`.
    pub fn redacted(&self) -> String {
        match self.password {
            Some((a, b)) => format!("{}***{}", &self.raw[..a], &self.raw[b..]),
            None => self.raw.clone(),
        }
    }

    /// The full URL, password included: only for handing to the driver.
    pub(crate) fn secret(&self) -> &str {
        &self.raw
    }

    /// The same server with another database (server dialects) or file (SQLite).
    pub fn with_database(&self, database: &str) -> DatabaseUrl {
        let raw = if self.dialect == Dialect::Sqlite {
            format!("sqlite:{database}")
        } else {
            let after_scheme = self.raw.find("://").map_or(0, |i| i + 3);
            let path_start = self.raw[after_scheme..]
                .find(['/', '?'])
                .map_or(self.raw.len(), |i| after_scheme + i);
            let query = self.raw[path_start..]
                .find('?')
                .map(|i| &self.raw[path_start + i..])
                .unwrap_or("");
            format!("{}/{database}{query}", &self.raw[..path_start])
        };
        DatabaseUrl {
            raw,
            database: database.to_string(),
            ..self.clone()
        }
    }
}

/// Best effort for messages about a URL that did not parse: hide whatever sits between `:` and
/// `@` in the authority.
fn redact_guess(text: &str) -> String {
    match (text.find("://"), text.rfind('@')) {
        (Some(s), Some(at)) if at > s => match text[s + 3..at].find(':') {
            Some(c) => format!("{}***{}", &text[..s + 3 + c + 1], &text[at..]),
            None => text.to_string(),
        },
        _ => text.to_string(),
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        DatabaseUrl::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(inputs: &[&str]) -> String {
        let line = |input: &str| match DatabaseUrl::parse(input) {
            Ok(u) => format!(
                "{input} => {} {u} db={} with={}",
                u.dialect,
                u.database,
                u.with_database("other")
            ),
            Err(e) => format!("{input} => {e}"),
        };
        inputs
            .iter()
            .map(|i| line(i))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn parses_and_redacts() {
        insta::assert_snapshot!(check(&[
            "postgres://postgres@127.0.0.1:5432/app",
            "postgresql://u:s3cr:et@h/app?sslmode=disable",
            "mysql://root@127.0.0.1:3306/db",
            "mariadb://root:pw@localhost",
            "sqlite:data/app.db",
            "sqlite::memory:",
            "sqlite://rel.db?mode=rwc",
            "oracle://a:b@c/d",
            "postgres:app",
            "mysql://user:pw@/db",
            "nothing",
            "sqlite:",
        ]), @r#"
            postgres://postgres@127.0.0.1:5432/app => postgres postgres://postgres@127.0.0.1:5432/app db=app with=postgres://postgres@127.0.0.1:5432/other
            postgresql://u:s3cr:et@h/app?sslmode=disable => postgres postgresql://u:***@h/app?sslmode=disable db=app with=postgresql://u:***@h/other?sslmode=disable
            mysql://root@127.0.0.1:3306/db => mysql mysql://root@127.0.0.1:3306/db db=db with=mysql://root@127.0.0.1:3306/other
            mariadb://root:pw@localhost => mysql mariadb://root:***@localhost db= with=mariadb://root:***@localhost/other
            sqlite:data/app.db => sqlite sqlite:data/app.db db=data/app.db with=sqlite:other
            sqlite::memory: => sqlite sqlite::memory: db=:memory: with=sqlite:other
            sqlite://rel.db?mode=rwc => sqlite sqlite://rel.db?mode=rwc db=rel.db with=sqlite:other
            oracle://a:b@c/d => bad database URL `oracle://a:***@c/d`: unknown scheme `oracle`: use postgres, mysql or sqlite
            postgres:app => bad database URL `postgres:app`: expected `postgres://user@host:port/database`
            mysql://user:pw@/db => bad database URL `mysql://user:***@/db`: no host
            nothing => bad database URL `nothing`: expected `postgres://...`, `mysql://...` or `sqlite:path`
            sqlite: => bad database URL `sqlite:`: no file: write `sqlite:path/to/file.db` or `sqlite::memory:`
            "#);
    }
}
