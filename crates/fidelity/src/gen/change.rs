//! Changes to existing objects, each with its inverse.

use super::model::*;
use super::sql::Gen;
use super::{Construct as C, Statement};
use strata_core::Dialect;

type Made = Option<Vec<Statement>>;

fn one(up: String, down: Vec<String>) -> Made {
    Some(vec![Statement::plain(up, down)])
}

impl Gen<'_> {
    fn any_table(&mut self) -> Option<Table> {
        let i = self.rng.below(self.m.tables.len());
        self.m.tables.get(i).cloned()
    }

    /// A column of `t` nothing else depends on, with no key, identity or generation role.
    fn free_col(&mut self, t: &Table) -> Option<Col> {
        let cols: Vec<Col> = t
            .cols
            .iter()
            .filter(|c| c.identity.is_none() && c.generated.is_none())
            .filter(|c| !self.m.col_used(&t.name, &c.name))
            .cloned()
            .collect();
        self.rng.pick(&cols).cloned()
    }

    fn position_after(t: &Table, col: &str) -> Option<String> {
        let i = t.cols.iter().position(|c| c.name == col)?;
        Some(match i {
            0 => " FIRST".to_string(),
            _ => format!(" AFTER {}", t.cols.get(i - 1)?.name),
        })
    }

    pub(crate) fn add_column(&mut self) -> Made {
        if !self.has(C::AddColumn) {
            return None;
        }
        let t = self.any_table()?;
        let c = if self.rng.chance(20) {
            self.generated_col_for(&t)?
        } else {
            self.new_col(true)
        };
        let up = format!("ALTER TABLE {} ADD COLUMN {}", t.name, col_sql(&c, self.d));
        let down = format!("ALTER TABLE {} DROP COLUMN {}", t.name, c.name);
        let mut out = vec![Statement::plain(up, vec![down])];
        if let (true, Some(text)) = (self.pg(), &c.comment) {
            let sql = format!("COMMENT ON COLUMN {}.{} IS '{text}'", t.name, c.name);
            out.push(Statement::plain(sql, Vec::new()));
        }
        self.m.table_mut(&t.name)?.cols.push(c);
        Some(out)
    }

    fn generated_col_for(&mut self, t: &Table) -> Option<Col> {
        // Not over a foreign-key column (MariaDB refuses one with referential actions).
        let cols: Vec<Col> = t
            .cols
            .iter()
            .filter(|c| {
                !t.cons
                    .iter()
                    .any(|k| matches!(&k.kind, ConKind::Fk { col, .. } if *col == c.name))
            })
            .cloned()
            .collect();
        self.generated_col(&cols, true)
    }

    pub(crate) fn drop_column(&mut self) -> Made {
        if !self.has(C::DropColumn) {
            return None;
        }
        let t = self.any_table()?;
        if t.cols.len() < 2 {
            return None;
        }
        let c = self.free_col(&t)?;
        let mut add = format!("ALTER TABLE {} ADD COLUMN {}", t.name, col_sql(&c, self.d));
        if self.my() {
            add.push_str(&Self::position_after(&t, &c.name)?);
        }
        // Put back as it was: nullable first when it had no default (rows may exist).
        let mut down = vec![add];
        if self.pg() {
            if let Some(text) = &c.comment {
                down.push(format!(
                    "COMMENT ON COLUMN {}.{} IS '{text}'",
                    t.name, c.name
                ));
            }
        }
        if self.lite() && c.not_null && c.default.is_none() {
            return None;
        }
        if self.lite() && c.default == Some(Default::Now) {
            return None;
        }
        let up = format!("ALTER TABLE {} DROP COLUMN {}", t.name, c.name);
        self.m.table_mut(&t.name)?.cols.retain(|x| x.name != c.name);
        Some(vec![Statement::plain(up, down)])
    }

    pub(crate) fn rename_table(&mut self) -> Made {
        if !self.has(C::RenameTable) {
            return None;
        }
        let t = self.any_table()?;
        if self.my() && self.m.views.iter().any(|v| v.table == t.name) {
            return None;
        }
        let new = self.m.fresh("", self.rng.below(20));
        let sql = |a: &str, b: &str, my_form: bool| {
            if my_form {
                format!("RENAME TABLE {a} TO {b}")
            } else {
                format!("ALTER TABLE {a} RENAME TO {b}")
            }
        };
        let my_form = self.my() && self.rng.chance(50);
        let (up, down) = (sql(&t.name, &new, my_form), sql(&new, &t.name, my_form));
        for other in &mut self.m.tables {
            for c in &mut other.cons {
                if let ConKind::Fk { table, .. } = &mut c.kind {
                    if *table == t.name {
                        *table = new.clone();
                    }
                }
            }
        }
        for v in &mut self.m.views {
            if v.table == t.name {
                v.table = new.clone();
            }
        }
        self.m.table_mut(&t.name)?.name = new;
        one(up, vec![down])
    }

    pub(crate) fn rename_column(&mut self) -> Made {
        if !self.has(C::RenameColumn) {
            return None;
        }
        let t = self.any_table()?;
        let cols: Vec<Col> = t
            .cols
            .iter()
            .filter(|c| {
                !self
                    .m
                    .views
                    .iter()
                    .any(|v| v.table == t.name && v.cols.contains(&c.name))
            })
            .filter(|c| c.name != "id")
            .cloned()
            .collect();
        let c = self.rng.pick(&cols)?.clone();
        let new = self.m.fresh("", self.rng.below(20));
        let sql = |a: &str, b: &str| format!("ALTER TABLE {} RENAME COLUMN {a} TO {b}", t.name);
        let (up, down) = (sql(&c.name, &new), sql(&new, &c.name));
        self.rename_col_in_model(&t.name, &c.name, &new);
        one(up, vec![down])
    }

    fn rename_col_in_model(&mut self, table: &str, old: &str, new: &str) {
        let fix = |s: &mut String| {
            if s == old {
                *s = new.to_string();
            }
        };
        for other in &mut self.m.tables {
            for c in &mut other.cons {
                if let ConKind::Fk {
                    table: rt, ref_col, ..
                } = &mut c.kind
                {
                    if rt == table && ref_col == old {
                        *ref_col = new.to_string();
                    }
                }
            }
        }
        let Some(t) = self.m.table_mut(table) else {
            return;
        };
        for c in &mut t.cols {
            fix(&mut c.name);
            if let Some((src, _)) = &mut c.generated {
                fix(src);
            }
        }
        for k in &mut t.cons {
            match &mut k.kind {
                ConKind::Pk(cols) | ConKind::Unique(cols) => cols.iter_mut().for_each(fix),
                ConKind::Check(col, _) | ConKind::Fk { col, .. } => fix(col),
            }
        }
        for i in &mut t.idx {
            i.keys.iter_mut().for_each(|k| fix(&mut k.col));
            i.include.iter_mut().for_each(fix);
            if let Some(p) = &mut i.predicate {
                fix(p);
            }
        }
    }

    pub(crate) fn rename_constraint_or_index(&mut self) -> Made {
        let t = self.any_table()?;
        let new = self.m.fresh("rn_", self.rng.below(20));
        if self.pg() && self.has(C::RenameConstraint) && self.rng.chance(50) {
            let named: Vec<String> = t.cons.iter().filter_map(|c| c.name.clone()).collect();
            let old = self.rng.pick(&named)?.clone();
            let sql =
                |a: &str, b: &str| format!("ALTER TABLE {} RENAME CONSTRAINT {a} TO {b}", t.name);
            let (up, down) = (sql(&old, &new), sql(&new, &old));
            let tm = self.m.table_mut(&t.name)?;
            for c in &mut tm.cons {
                if c.name.as_deref() == Some(old.as_str()) {
                    c.name = Some(new.clone());
                }
            }
            return one(up, vec![down]);
        }
        if !self.has(C::RenameIndex) || self.lite() {
            return None;
        }
        let names: Vec<String> = t.idx.iter().map(|i| i.name.clone()).collect();
        let old = self.rng.pick(&names)?.clone();
        let sql = |a: &str, b: &str| match self.d {
            Dialect::Mysql => format!("ALTER TABLE {} RENAME INDEX {a} TO {b}", t.name),
            _ => format!("ALTER INDEX {a} RENAME TO {b}"),
        };
        let (up, down) = (sql(&old, &new), sql(&new, &old));
        let tm = self.m.table_mut(&t.name)?;
        for i in &mut tm.idx {
            if i.name == old {
                i.name = new.clone();
            }
        }
        one(up, vec![down])
    }

    /// A widening type change for a free column; SQLite rebuilds the table.
    pub(crate) fn type_change(&mut self) -> Made {
        if !self.has(C::TypeChange) {
            return None;
        }
        let t = self.any_table()?;
        let c = self.free_col(&t)?;
        let to = match &c.ty {
            Ty::SmallInt => Ty::Int,
            Ty::Int => Ty::BigInt,
            Ty::Varchar(n) if self.rng.chance(70) || self.my() => Ty::Varchar(n + 50),
            Ty::Varchar(_) => Ty::Text,
            Ty::Numeric(p, s) => Ty::Numeric(p + 2, *s),
            Ty::Text if self.pg() && self.has(C::Varchar) => Ty::Varchar(300),
            _ => return None,
        };
        let mut new = c.clone();
        new.ty = to;
        self.replace_col(&t, &c, new)
    }

    /// `old` becomes `new` in `t`: PostgreSQL and MySQL alter it, SQLite rebuilds.
    fn replace_col(&mut self, t: &Table, old: &Col, new: Col) -> Made {
        let mut nt = t.clone();
        for c in &mut nt.cols {
            if c.name == old.name {
                *c = new.clone();
            }
        }
        let out = match self.d {
            Dialect::Sqlite => return self.rebuild(t, nt),
            Dialect::Mysql => {
                let sql = |c: &Col| {
                    format!(
                        "ALTER TABLE {} MODIFY COLUMN {}",
                        t.name,
                        col_sql(c, self.d)
                    )
                };
                vec![Statement::plain(sql(&new), vec![sql(old)])]
            }
            Dialect::Postgres => self.pg_alter_col(&t.name, old, &new)?,
        };
        *self.m.table_mut(&t.name)? = nt;
        Some(out)
    }

    fn pg_alter_col(&mut self, table: &str, old: &Col, new: &Col) -> Option<Vec<Statement>> {
        let alter = |what: String| format!("ALTER TABLE {table} ALTER COLUMN {} {what}", old.name);
        let mut up = Vec::new();
        let mut down = Vec::new();
        if old.ty != new.ty {
            let using = self.has(C::TypeChangeUsing) && self.rng.chance(50);
            let ty = |t: &Ty| {
                let s = t.sql(self.d);
                if using {
                    format!("TYPE {s} USING {}::{s}", old.name)
                } else {
                    format!("TYPE {s}")
                }
            };
            up.push(alter(ty(&new.ty)));
            down.push(alter(ty(&old.ty)));
        }
        if old.default != new.default {
            let set = |d: &Option<Default>, ty: &Ty| match d {
                Some(d) => format!("SET DEFAULT {}", default_sql(d, ty, self.d)),
                None => "DROP DEFAULT".to_string(),
            };
            up.push(alter(set(&new.default, &new.ty)));
            down.push(alter(set(&old.default, &old.ty)));
        }
        if old.not_null != new.not_null {
            let set = |nn: bool| if nn { "SET NOT NULL" } else { "DROP NOT NULL" }.to_string();
            up.push(alter(set(new.not_null)));
            down.push(alter(set(old.not_null)));
        }
        down.reverse();
        let mut out: Vec<Statement> = up
            .into_iter()
            .map(|u| Statement::plain(u, Vec::new()))
            .collect();
        out.first_mut()?.down = down;
        Some(out)
    }

    pub(crate) fn alter_default(&mut self) -> Made {
        if !self.has(C::AlterDefault) {
            return None;
        }
        let t = self.any_table()?;
        let cols: Vec<Col> = t
            .cols
            .iter()
            .filter(|c| c.identity.is_none() && c.generated.is_none() && !c.on_update)
            .filter(|c| !matches!(c.default, Some(Default::Nextval(_))))
            .filter(|c| !(c.not_null && c.default.is_some()) || !self.lite())
            .cloned()
            .collect();
        let c = self.rng.pick(&cols)?.clone();
        let mut new = c.clone();
        new.default = if c.default.is_some() && self.rng.chance(50) {
            None
        } else {
            self.pick_default(&c.ty)
        };
        if new.default == c.default || (self.my() && self.m.col_used(&t.name, &c.name)) {
            return None;
        }
        self.replace_col(&t, &c, new)
    }

    pub(crate) fn alter_nullability(&mut self) -> Made {
        if !self.has(C::AlterNullability) {
            return None;
        }
        let t = self.any_table()?;
        let pk: Vec<String> = t
            .pk()
            .map(|k| k.columns().iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        let cols: Vec<Col> = t
            .cols
            .iter()
            .filter(|c| c.identity.is_none() && c.generated.is_none() && !pk.contains(&c.name))
            .filter(|c| !(self.my() && self.m.col_used(&t.name, &c.name)))
            .cloned()
            .collect();
        let c = self.rng.pick(&cols)?.clone();
        let mut new = c.clone();
        new.not_null = !c.not_null;
        self.replace_col(&t, &c, new)
    }
}
