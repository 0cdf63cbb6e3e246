//! Constraints, indexes, views, drops, enum types, sequences, comments and SQLite rebuilds.

use super::model::*;
use super::sql::Gen;
use super::{Construct as C, Statement};
use strata_core::Dialect;

type Made = Option<Vec<Statement>>;

fn one(up: String, down: Vec<String>) -> Made {
    Some(vec![Statement::plain(up, down)])
}

impl Gen<'_> {
    fn table_at_random(&mut self) -> Option<Table> {
        let i = self.rng.below(self.m.tables.len());
        self.m.tables.get(i).cloned()
    }

    pub(crate) fn add_constraint(&mut self) -> Made {
        let t = self.table_at_random()?;
        let con = self.new_constraint(&t, false)?;
        if self.d == Dialect::Sqlite {
            let mut nt = t.clone();
            nt.cons.push(con);
            return self.rebuild(&t, nt);
        }
        if self.d == Dialect::Mysql && matches!(con.kind, ConKind::Fk { .. }) {
            // MariaDB then owns an index on the column: never drop or alter it afterwards.
            self.pin_fk_column(&t.name, &con);
        }
        let up = format!("ALTER TABLE {} ADD {}", t.name, con_sql(&con, self.d));
        let down = match &con.name {
            Some(n) => vec![self.drop_constraint_sql(&t.name, n, &con.kind)],
            None => Vec::new(),
        };
        self.m.table_mut(&t.name)?.cons.push(con);
        one(up, down)
    }

    /// MariaDB keeps the index it made for a foreign key after the key is dropped: a pinned
    /// (never rendered) index keeps the model from touching the column again.
    fn pin_fk_column(&mut self, table: &str, con: &Con) {
        let ConKind::Fk { col, .. } = &con.kind else {
            return;
        };
        let name = format!("pin_{col}");
        let covered = self.m.table(table).is_some_and(|t| {
            t.idx
                .iter()
                .any(|i| i.keys.first().is_some_and(|k| &k.col == col))
        });
        if let (false, Some(t)) = (covered, self.m.table_mut(table)) {
            t.idx.push(Idx {
                name,
                unique: false,
                keys: vec![Key {
                    col: col.clone(),
                    lower: false,
                    desc: false,
                    opclass: None,
                }],
                predicate: None,
                method: Some("pinned"),
                include: Vec::new(),
            });
        }
    }

    /// MariaDB: an index led by a foreign-key column replaces the key's own index, and can then
    /// never be dropped while the key exists (not even by the down script): not generated.
    pub(crate) fn absorbs_fk_index(&self, t: &Table, col: &str) -> bool {
        let maybe_fk = !self.has(C::FkCoveringKeys) && col.ends_with("_id");
        self.d == Dialect::Mysql
            && (maybe_fk
                || t.cons
                    .iter()
                    .any(|c| matches!(&c.kind, ConKind::Fk { col: fk, .. } if fk == col)))
    }

    fn drop_constraint_sql(&self, table: &str, name: &str, kind: &ConKind) -> String {
        match (self.d, kind) {
            (Dialect::Mysql, ConKind::Fk { .. }) => {
                format!("ALTER TABLE {table} DROP FOREIGN KEY {name}")
            }
            (Dialect::Mysql, ConKind::Unique(_)) => {
                format!("ALTER TABLE {table} DROP INDEX {name}")
            }
            _ => format!("ALTER TABLE {table} DROP CONSTRAINT {name}"),
        }
    }

    pub(crate) fn drop_constraint(&mut self) -> Made {
        if !self.has(C::DropConstraint) {
            return None;
        }
        let t = self.table_at_random()?;
        let referenced = |m: &Model, col: &str| {
            m.tables.iter().any(|o| {
                o.cons.iter().any(|c| {
                    matches!(&c.kind, ConKind::Fk { table, ref_col, .. } if *table == t.name && ref_col == col)
                })
            })
        };
        let cands: Vec<Con> = t
            .cons
            .iter()
            .filter(|c| !matches!(c.kind, ConKind::Pk(_)))
            .filter(|c| self.d == Dialect::Sqlite || c.name.is_some())
            .filter(|c| !c.columns().iter().any(|col| referenced(&self.m, col)))
            .cloned()
            .collect();
        let con = self.rng.pick(&cands)?.clone();
        let mut nt = t.clone();
        nt.cons.retain(|c| *c != con);
        if self.d == Dialect::Sqlite {
            return self.rebuild(&t, nt);
        }
        // MariaDB: a unique key may be the index a foreign key uses.
        if self.d == Dialect::Mysql
            && matches!(con.kind, ConKind::Unique(_))
            && t.cons.iter().any(
                |c| matches!(&c.kind, ConKind::Fk { col, .. } if con.columns() == [col.as_str()]),
            )
        {
            return None;
        }
        let name = con.name.clone()?;
        let up = self.drop_constraint_sql(&t.name, &name, &con.kind);
        let mut readd = con.clone();
        readd.inline = false;
        let down = format!("ALTER TABLE {} ADD {}", t.name, con_sql(&readd, self.d));
        *self.m.table_mut(&t.name)? = nt;
        one(up, vec![down])
    }

    pub(crate) fn create_index(&mut self) -> Made {
        if !self.has(C::Indexes) {
            return None;
        }
        let t = self.table_at_random()?;
        let cols: Vec<Col> = t
            .cols
            .iter()
            .filter(|c| self.keyable(&c.ty) || self.d == Dialect::Postgres)
            .filter(|c| !self.absorbs_fk_index(&t, &c.name))
            .cloned()
            .collect();
        let first = self.rng.pick(&cols)?.clone();
        let mut i = Idx {
            name: self.m.fresh("ix_", self.rng.below(20)),
            unique: false,
            keys: Vec::new(),
            predicate: None,
            method: None,
            include: Vec::new(),
        };
        let pg = self.d == Dialect::Postgres;
        if !self.keyable(&first.ty) {
            // jsonb / arrays on PostgreSQL: GIN.
            if !self.has(C::IndexMethods) || first.ty == Ty::Json {
                return None;
            }
            i.method = Some("gin");
            i.keys.push(key(&first.name));
        } else if pg && self.has(C::IndexMethods) && self.rng.chance(15) {
            i.method = Some("hash");
            i.keys.push(key(&first.name));
        } else {
            self.btree_keys(&mut i, &first, &cols);
            if pg && self.has(C::IndexMethods) && self.rng.chance(20) {
                i.method = Some("btree");
            }
        }
        let btree = i.method.is_none() || i.method == Some("btree");
        if btree && self.has(C::PartialIndexes) && self.d != Dialect::Mysql && self.rng.chance(25) {
            i.predicate = Some(self.rng.pick(&t.cols)?.name.clone());
        }
        if btree && pg && self.has(C::IncludeIndexes) && self.rng.chance(20) {
            let other: Vec<&Col> = t
                .cols
                .iter()
                .filter(|c| self.keyable(&c.ty) && !i.keys.iter().any(|k| k.col == c.name))
                .collect();
            if let Some(c) = self.rng.pick(&other) {
                i.include.push(c.name.clone());
            }
        }
        let up = create_index(&t.name, &i);
        let down = drop_index(&t.name, &i.name, self.d);
        self.m.table_mut(&t.name)?.idx.push(i);
        one(up, vec![down])
    }

    fn btree_keys(&mut self, i: &mut Idx, first: &Col, cols: &[Col]) {
        let pg = self.d == Dialect::Postgres;
        let mut k = key(&first.name);
        if first.ty.is_string()
            && self.has(C::ExpressionIndexes)
            && self.d != Dialect::Mysql
            && self.rng.chance(30)
        {
            k.lower = true;
        } else if first.ty.is_string() && pg && self.has(C::OperatorClasses) && self.rng.chance(30)
        {
            k.opclass = Some(if first.ty == Ty::Text {
                "text_pattern_ops"
            } else {
                "varchar_pattern_ops"
            });
        }
        k.desc = self.has(C::DescIndexes) && self.rng.chance(25);
        i.keys.push(k);
        if self.rng.chance(30) {
            let others: Vec<&Col> = cols
                .iter()
                .filter(|c| c.name != first.name && self.keyable(&c.ty))
                .collect();
            if let Some(c) = self.rng.pick(&others) {
                i.keys.push(key(&c.name));
            }
        }
        i.unique = self.has(C::Unique)
            && self.rng.chance(25)
            && !i.keys.iter().any(|k| k.lower && self.d == Dialect::Sqlite);
    }

    pub(crate) fn drop_index(&mut self) -> Made {
        if !self.has(C::DropIndex) {
            return None;
        }
        let t = self.table_at_random()?;
        let fk_cols: Vec<String> = t
            .cons
            .iter()
            .filter_map(|c| match &c.kind {
                ConKind::Fk { col, .. } => Some(col.clone()),
                _ => None,
            })
            .collect();
        let cands: Vec<Idx> = t
            .idx
            .iter()
            .filter(|i| i.method != Some("pinned"))
            .filter(|i| {
                !(self.d == Dialect::Mysql
                    && i.keys.first().is_some_and(|k| fk_cols.contains(&k.col)))
            })
            .cloned()
            .collect();
        let i = self.rng.pick(&cands)?.clone();
        let up = drop_index(&t.name, &i.name, self.d);
        let down = create_index(&t.name, &i);
        self.m.table_mut(&t.name)?.idx.retain(|x| x.name != i.name);
        one(up, vec![down])
    }

    pub(crate) fn create_view(&mut self) -> Made {
        if !self.has(C::Views) {
            return None;
        }
        if !self.m.views.is_empty() && self.rng.chance(40) {
            let i = self.rng.below(self.m.views.len());
            let v = self.m.views.remove(i);
            return one(format!("DROP VIEW {}", v.name), vec![create_view(&v)]);
        }
        let t = self.table_at_random()?;
        let n = self.rng.range(1, t.cols.len().min(3) as u32) as usize;
        let v = View {
            name: self.m.fresh("v_", self.rng.below(20)),
            table: t.name.clone(),
            cols: t.cols.iter().take(n).map(|c| c.name.clone()).collect(),
        };
        let up = create_view(&v);
        let down = format!("DROP VIEW {}", v.name);
        self.m.views.push(v);
        one(up, vec![down])
    }

    pub(crate) fn drop_table(&mut self) -> Made {
        if !self.has(C::DropTable) || self.m.tables.len() < 2 {
            return None;
        }
        let t = self.table_at_random()?;
        let cascade = self.d == Dialect::Postgres
            && self.has(C::DropCascade)
            && !self.downs
            && self.rng.chance(50);
        if self.m.table_referenced(&t.name) && !cascade {
            return None;
        }
        let up = format!(
            "DROP TABLE {}{}",
            t.name,
            if cascade { " CASCADE" } else { "" }
        );
        let mut down = vec![create_table(&t, self.d).up(",\n  ")];
        if self.d == Dialect::Postgres {
            down.extend(pg_comments(&t));
        }
        down.extend(
            t.idx
                .iter()
                .filter(|i| i.method != Some("pinned"))
                .map(|i| create_index(&t.name, i)),
        );
        self.m.tables.retain(|x| x.name != t.name);
        if cascade {
            self.m.views.retain(|v| v.table != t.name);
            for o in &mut self.m.tables {
                o.cons
                    .retain(|c| !matches!(&c.kind, ConKind::Fk { table, .. } if *table == t.name));
            }
        }
        one(up, down)
    }

    pub(crate) fn create_enum_or_sequence(&mut self) -> Made {
        if self.d != Dialect::Postgres {
            return None;
        }
        if self.has(C::Enums) && self.rng.chance(50) {
            let name = self.m.fresh("mood_", 0);
            let values: Vec<String> = ["calm", "busy", "away"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let up = format!("CREATE TYPE {name} AS ENUM ({})", quoted_list(&values));
            self.m.enums.push((name.clone(), values));
            return one(up, vec![format!("DROP TYPE {name}")]);
        }
        if !self.has(C::Sequences) {
            return None;
        }
        let t = self.table_at_random()?;
        let name = self.m.fresh("seq_", 0);
        let start = self.rng.range(1, 1000);
        let mut c = Col::new(self.m.fresh("", self.rng.below(20)), Ty::BigInt);
        c.default = Some(Default::Nextval(name.clone()));
        let out = vec![
            Statement::plain(
                format!(
                    "CREATE SEQUENCE {name} START WITH {start} INCREMENT BY {}",
                    self.rng.range(1, 5)
                ),
                vec![format!("DROP SEQUENCE {name}")],
            ),
            Statement::plain(
                format!("ALTER TABLE {} ADD COLUMN {}", t.name, col_sql(&c, self.d)),
                vec![format!("ALTER TABLE {} DROP COLUMN {}", t.name, c.name)],
            ),
        ];
        self.m.sequences.push(name);
        self.m.table_mut(&t.name)?.cols.push(c);
        Some(out)
    }

    /// PostgreSQL: a value added (forward-only histories) or renamed.
    pub(crate) fn enum_change(&mut self) -> Made {
        if self.d != Dialect::Postgres || !self.has(C::Enums) {
            return None;
        }
        let i = self.rng.below(self.m.enums.len());
        let (name, values) = self.m.enums.get(i)?.clone();
        let new = self.m.fresh("v", 0);
        if self.has(C::EnumAddValue) && !self.downs && self.rng.chance(50) {
            let up = format!("ALTER TYPE {name} ADD VALUE '{new}'");
            self.m.enums.get_mut(i)?.1.push(new);
            return one(up, Vec::new());
        }
        let k = self.rng.below(values.len());
        let old = values.get(k)?.clone();
        // A default naming the old value would keep naming it.
        if self.m.tables.iter().flat_map(|t| &t.cols).any(|c| {
            c.default
                .as_ref()
                .is_some_and(|d| format!("{d:?}").contains(&old))
        }) {
            return None;
        }
        let sql = |a: &str, b: &str| format!("ALTER TYPE {name} RENAME VALUE '{a}' TO '{b}'");
        let (up, down) = (sql(&old, &new), sql(&new, &old));
        *self.m.enums.get_mut(i)?.1.get_mut(k)? = new;
        one(up, vec![down])
    }

    pub(crate) fn comment(&mut self) -> Made {
        if self.d != Dialect::Postgres || !self.has(C::Comments) {
            return None;
        }
        let t = self.table_at_random()?;
        let text = format!("note {}", self.rng.range(1, 999));
        let old = t.comment.clone();
        let sql = |c: &Option<String>| match c {
            Some(c) => format!("COMMENT ON TABLE {} IS '{c}'", t.name),
            None => format!("COMMENT ON TABLE {} IS NULL", t.name),
        };
        let (up, down) = (sql(&Some(text.clone())), sql(&old));
        self.m.table_mut(&t.name)?.comment = Some(text);
        one(up, vec![down])
    }

    /// SQLite's table rebuild: create the new shape, copy, drop, rename, re-index.
    pub(crate) fn rebuild(&mut self, old: &Table, new: Table) -> Made {
        if !self.has(C::Rebuild) || self.m.views.iter().any(|v| v.table == old.name) {
            return None;
        }
        let tmp = self.m.fresh("tmp_", 0);
        let steps = |from: &Table, to: &Table| -> Vec<String> {
            let mut shaped = to.clone();
            shaped.name = tmp.clone();
            let cols: Vec<&str> = to
                .cols
                .iter()
                .filter(|c| {
                    c.generated.is_none()
                        && from.col(&c.name).is_some_and(|f| f.generated.is_none())
                })
                .map(|c| c.name.as_str())
                .collect();
            let mut out = vec![
                create_table(&shaped, Dialect::Sqlite).up(",\n  "),
                format!(
                    "INSERT INTO {tmp} ({0}) SELECT {0} FROM {1}",
                    cols.join(", "),
                    from.name
                ),
                format!("DROP TABLE {}", from.name),
                format!("ALTER TABLE {tmp} RENAME TO {}", to.name),
            ];
            out.extend(to.idx.iter().map(|i| create_index(&to.name, i)));
            out
        };
        let up = steps(old, &new);
        let down = steps(&new, old);
        let mut out: Vec<Statement> = up
            .into_iter()
            .map(|s| Statement::plain(s, Vec::new()))
            .collect();
        out.first_mut()?.down = down;
        *self.m.table_mut(&old.name)? = new;
        Some(out)
    }
}

fn key(col: &str) -> Key {
    Key {
        col: col.to_string(),
        lower: false,
        desc: false,
        opclass: None,
    }
}
