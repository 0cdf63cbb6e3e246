//! The generated set `cargo xtask bench-web` loads: numbered PostgreSQL migrations, first one
//! CREATE TABLE per table (each with a foreign key to an earlier table, so the graph has edges
//! to lay out), then ALTERs spread over all tables (columns added, indexes, a constraint).

use std::fmt::Write as _;
use std::path::Path;

pub fn write_set(dir: &Path, tables: usize, migrations: usize) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (i, text) in set(tables, migrations).into_iter().enumerate() {
        let path = dir.join(format!("{:04}_step.sql", i + 1));
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The text of each migration, in order.
fn set(tables: usize, migrations: usize) -> Vec<String> {
    (0..migrations)
        .map(|m| {
            let mut sql = String::new();
            if m < tables {
                let _ = writeln!(sql, "CREATE TABLE t{m} (\n    id bigserial PRIMARY KEY,\n    name varchar(100) NOT NULL,");
                if m > 0 {
                    let _ = writeln!(sql, "    parent_id bigint REFERENCES t{} (id),", m / 2);
                }
                let _ = writeln!(sql, "    created_at timestamptz NOT NULL DEFAULT now()\n);");
            } else {
                let step = m - tables;
                let t = step * 7 % tables.max(1);
                let _ = writeln!(sql, "ALTER TABLE t{t} ADD COLUMN c{step} integer NOT NULL DEFAULT 0;");
                match step % 3 {
                    0 => {
                        let _ = writeln!(sql, "CREATE INDEX ix_t{t}_c{step} ON t{t} (c{step});");
                    }
                    1 => {
                        let _ = writeln!(sql, "ALTER TABLE t{t} ALTER COLUMN name TYPE varchar({});", 100 + step);
                    }
                    _ => {
                        let _ = writeln!(sql, "ALTER TABLE t{t} ADD CONSTRAINT ck_t{t}_c{step} CHECK (c{step} >= 0);");
                    }
                }
            }
            sql
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_first_then_alters_over_every_table() {
        let set = set(500, 1000);
        assert_eq!(set.len(), 1000);
        assert!(set[0].starts_with("CREATE TABLE t0 (") && !set[0].contains("REFERENCES"));
        assert!(set[499].contains("REFERENCES t249 (id)"));
        assert!(set[500].starts_with("ALTER TABLE t0 ADD COLUMN c0"));
        let altered: std::collections::BTreeSet<&str> = set[500..]
            .iter()
            .filter_map(|s| s.split_whitespace().nth(2))
            .collect();
        assert_eq!(
            altered.len(),
            500,
            "7 is coprime with 500: every table is altered"
        );
    }
}
