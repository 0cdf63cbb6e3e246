//! The Alembic history generator: `versions/*.py` revisions of `op.*` calls with `sa.*` columns,
//! on the same schema model as the SQL generator, each call with its inverse in `downgrade()`.
//!
//! A statement's `head`/`items`/`tail` are Python: `op.create_table(` + one `sa.Column(...)` or
//! constraint per item + `)`, so the minimizer can drop columns here too.

use super::model::*;
use super::sql::Gen;
use super::{Construct as C, Features, Format, History, Revision, Rng, Statement};
use strata_core::Dialect;

type Made = Option<Vec<Statement>>;

const IND: &str = "    ";

fn one(up: String, down: Vec<String>) -> Made {
    Some(vec![Statement::plain(up, down)])
}

fn lit(s: &str) -> String {
    format!("\"{s}\"")
}

pub fn generate(seed: u64, dialect: Dialect, features: &Features) -> History {
    let mut g = Gen {
        rng: Rng::new(seed),
        m: Model::new(dialect),
        f: features,
        d: dialect,
        downs: true,
    };
    let mut revisions = Vec::new();
    for r in 0..g.rng.range(2, 6) {
        let mut statements = Vec::new();
        let wanted = g.rng.range(1, 4) as usize;
        let mut attempts = 0;
        while statements.len() < wanted && attempts < 40 {
            attempts += 1;
            let made = if r == 0 && statements.is_empty() || g.m.tables.is_empty() {
                g.py_create_table()
            } else {
                g.py_action()
            };
            statements.extend(made.unwrap_or_default());
        }
        revisions.push(Revision {
            name: format!("step_{}", r + 1),
            statements,
        });
    }
    History {
        dialect,
        format: Format::Alembic,
        revisions,
    }
}

/// `versions/r0001_step_1.py`, ...
pub fn files(h: &History) -> Vec<(String, String)> {
    h.revisions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let id = format!("r{:04}", i + 1);
            let down = if i == 0 {
                "None".to_string()
            } else {
                lit(&format!("r{i:04}"))
            };
            let mut up = String::new();
            for s in &r.statements {
                up.push_str(IND);
                up.push_str(&s.up(&format!(",\n{IND}{IND}")));
                up.push('\n');
            }
            let mut back = String::new();
            for s in r.statements.iter().rev() {
                for d in &s.down {
                    back.push_str(IND);
                    back.push_str(d);
                    back.push('\n');
                }
            }
            let body = |s: String| if s.is_empty() { format!("{IND}pass\n") } else { s };
            let text = format!(
                "\"\"\"{name}\n\nRevision ID: {id}\nRevises: {revises}\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nrevision = {rid}\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n{up}\n\ndef downgrade() -> None:\n{back}",
                name = r.name,
                revises = if i == 0 { String::new() } else { format!("r{i:04}") },
                rid = lit(&id),
                up = body(up),
                back = body(back),
            );
            (format!("versions/{id}_{}.py", r.name), text)
        })
        .collect()
}

fn py_type(ty: &Ty, d: Dialect, variant: bool) -> String {
    match ty {
        Ty::SmallInt => "sa.SmallInteger()".into(),
        Ty::Int => "sa.Integer()".into(),
        Ty::BigInt => "sa.BigInteger()".into(),
        Ty::Varchar(n) => format!("sa.String({n})"),
        Ty::Numeric(p, s) => format!("sa.Numeric({p}, {s})"),
        Ty::Text => "sa.Text()".into(),
        Ty::Bool => "sa.Boolean()".into(),
        Ty::Timestamp => "sa.DateTime()".into(),
        Ty::TimestampTz => "sa.DateTime(timezone=True)".into(),
        Ty::Date => "sa.Date()".into(),
        Ty::Json if variant => "sa.JSON().with_variant(postgresql.JSONB(), \"postgresql\")".into(),
        Ty::Json | Ty::Jsonb => "sa.JSON()".into(),
        Ty::Enum(name) => format!("sa.Enum(\"calm\", \"busy\", \"away\", name={})", lit(name)),
        Ty::InlineEnum(v) => format!(
            "sa.Enum({}, name=\"level\")",
            v.iter().map(|x| lit(x)).collect::<Vec<_>>().join(", ")
        ),
        Ty::IntArray => "postgresql.ARRAY(sa.Integer())".into(),
        Ty::Real => {
            let _ = d;
            "sa.Float()".into()
        }
    }
}

fn py_default(def: &Default, d: Dialect) -> Option<String> {
    Some(match def {
        Default::Int(n) => format!("sa.text(\"{n}\")"),
        Default::Decimal(s) => format!("sa.text(\"{s}\")"),
        Default::Str(s) => lit(s),
        Default::Bool(b) => match d {
            Dialect::Postgres => format!("sa.text(\"{b}\")"),
            _ => format!("sa.text(\"{}\")", *b as u8),
        },
        Default::Now => "sa.text(\"CURRENT_TIMESTAMP\")".into(),
        Default::EnumValue(v) => lit(v),
        Default::Cast(inner) => return py_default(inner, d),
        _ => return None,
    })
}

impl Gen<'_> {
    /// `sa.Column(...)` for `c`; `fk`: a column-level `sa.ForeignKey`.
    fn py_col(&self, c: &Col, extra: &str) -> String {
        let variant = self.has(C::AlembicVariant) && self.d == Dialect::Postgres;
        let mut s = format!(
            "sa.Column({}, {}",
            lit(&c.name),
            py_type(&c.ty, self.d, variant)
        );
        if let Some((src, stored)) = &c.generated {
            s.push_str(&format!(
                ", sa.Computed(\"{src} * 2\", persisted={})",
                py_bool(*stored)
            ));
        }
        if c.identity == Some(Identity::Always) || c.identity == Some(Identity::ByDefault) {
            let always = c.identity == Some(Identity::Always);
            s.push_str(&format!(
                ", sa.Identity(always={})",
                if always { "True" } else { "False" }
            ));
        }
        s.push_str(extra);
        s.push_str(if c.not_null {
            ", nullable=False"
        } else {
            ", nullable=True"
        });
        if let Some(d) = c.default.as_ref().and_then(|d| py_default(d, self.d)) {
            s.push_str(&format!(", server_default={d}"));
        }
        if let Some(text) = &c.comment {
            s.push_str(&format!(", comment={}", lit(text)));
        }
        s.push(')');
        s
    }

    fn py_con(&self, con: &Con) -> String {
        let name = con
            .name
            .as_ref()
            .map_or(String::new(), |n| format!(", name={}", lit(n)));
        match &con.kind {
            ConKind::Pk(cols) => format!("sa.PrimaryKeyConstraint({}{name})", quoted(cols)),
            ConKind::Unique(cols) => format!("sa.UniqueConstraint({}{name})", quoted(cols)),
            ConKind::Check(col, int) => format!(
                "sa.CheckConstraint({}{name})",
                lit(&check_text(col, *int, self.d))
            ),
            ConKind::Fk {
                col,
                table,
                ref_col,
                on_delete,
                ..
            } => {
                let mut s = format!(
                    "sa.ForeignKeyConstraint([{}], [{}]{name}",
                    lit(col),
                    lit(&format!("{table}.{ref_col}"))
                );
                if *on_delete != Action::NoAction {
                    s.push_str(&format!(", ondelete={}", lit(on_delete.sql())));
                }
                if con.inline {
                    s.push_str(", use_alter=True");
                }
                s.push(')');
                s
            }
        }
    }

    fn py_action(&mut self) -> Made {
        match self.rng.below(12) {
            0 | 1 => self.py_create_table(),
            2 | 3 => self.py_add_column(),
            4 => self.py_drop_column(),
            5 | 6 => self.py_alter_column(),
            7 => self.py_create_index(),
            8 | 9 => self.py_add_constraint(),
            10 => self.py_rename_or_drop_table(),
            _ => self.py_drop_constraint(),
        }
    }

    pub(crate) fn py_create_table(&mut self) -> Made {
        // The SQL generator's table, spelled in Python.
        let before = self.m.tables.len();
        self.create_table()?;
        let t = self.m.tables.get(before)?.clone();
        let mut t2 = t.clone();
        for c in &mut t2.cols {
            c.collation = None;
        }
        // SQLAlchemy's batch mode cannot copy SQLite generated columns (it reflects their
        // definition as the type): a limit of Alembic, not of Strata.
        if self.d == Dialect::Sqlite {
            t2.cols.retain(|c| c.generated.is_none());
        }
        let t = t2.clone();
        let mut items = Vec::new();
        for c in &t.cols {
            let mut extra = String::new();
            if t.cons.iter().any(|k| {
                k.inline && matches!(k.kind, ConKind::Pk(_)) && k.columns() == [c.name.as_str()]
            }) {
                extra.push_str(", primary_key=True");
                if c.identity == Some(Identity::AutoIncrement)
                    || c.identity == Some(Identity::Serial)
                {
                    extra.push_str(", autoincrement=True");
                }
            }
            // SQLAlchemy makes a lone integer key AUTO_INCREMENT / SERIAL unless told not to;
            // the model says whether it is one.
            if c.name == "id" && c.identity.is_none() {
                extra.push_str(", autoincrement=False");
            }
            if t.cons.iter().any(|k| {
                k.inline && matches!(k.kind, ConKind::Unique(_)) && k.columns() == [c.name.as_str()]
            }) {
                extra.push_str(", unique=True");
            }
            items.push(self.py_col(c, &extra));
        }
        let use_alter = self.has(C::AlembicUseAlter) && self.d != Dialect::Sqlite;
        for con in &mut t2.cons {
            if con.inline && !matches!(con.kind, ConKind::Pk(_) | ConKind::Unique(_)) {
                // Inline checks and references become table constraints (references with
                // use_alter when allowed).
                con.inline =
                    use_alter && matches!(con.kind, ConKind::Fk { .. }) && con.name.is_some();
            }
        }
        for con in t2
            .cons
            .iter()
            .filter(|k| !(k.inline && matches!(k.kind, ConKind::Pk(_) | ConKind::Unique(_))))
        {
            items.push(self.py_con(con));
        }
        for con in &mut t2.cons {
            con.inline = matches!(con.kind, ConKind::Pk(_) | ConKind::Unique(_)) && con.inline;
        }
        *self.m.tables.get_mut(before)? = t2;
        Some(vec![Statement {
            head: format!("op.create_table(\n{IND}{IND}{},\n{IND}{IND}", lit(&t.name)),
            items,
            tail: format!(",\n{IND})"),
            down: vec![format!("op.drop_table({})", lit(&t.name))],
        }])
    }

    fn py_add_column(&mut self) -> Made {
        let i = self.rng.below(self.m.tables.len());
        let t = self.m.tables.get(i)?.name.clone();
        let mut c = self.new_col(true);
        if matches!(c.ty, Ty::Enum(_)) {
            return None;
        }
        if self.d == Dialect::Sqlite && c.default == Some(Default::Now) {
            c.default = None;
            c.not_null = false;
        }
        let up = format!("op.add_column({}, {})", lit(&t), self.py_col(&c, ""));
        let down = format!("op.drop_column({}, {})", lit(&t), lit(&c.name));
        self.m.tables.get_mut(i)?.cols.push(c);
        one(up, vec![down])
    }

    fn py_drop_column(&mut self) -> Made {
        let i = self.rng.below(self.m.tables.len());
        let t = self.m.tables.get(i)?.clone();
        let cols: Vec<Col> = t
            .cols
            .iter()
            .filter(|c| {
                c.identity.is_none() && c.generated.is_none() && !matches!(c.ty, Ty::Enum(_))
            })
            .filter(|c| !self.m.col_used(&t.name, &c.name))
            .filter(|c| {
                !(self.d == Dialect::Sqlite && (c.not_null || c.default == Some(Default::Now)))
            })
            .cloned()
            .collect();
        let c = self.rng.pick(&cols)?.clone();
        if t.cols.len() < 2 {
            return None;
        }
        let up = format!("op.drop_column({}, {})", lit(&t.name), lit(&c.name));
        let down = format!("op.add_column({}, {})", lit(&t.name), self.py_col(&c, ""));
        self.m.tables.get_mut(i)?.cols.retain(|x| x.name != c.name);
        one(up, vec![down])
    }

    /// In a `batch_alter_table` block on SQLite (or when chosen), else a plain `op.` call.
    fn batch(&mut self, table: &str, call: &str, args: &str) -> String {
        if self.d == Dialect::Sqlite || (self.has(C::AlembicBatch) && self.rng.chance(30)) {
            format!(
                "with op.batch_alter_table({}) as batch_op:\n{IND}{IND}batch_op.{call}({args})",
                lit(table)
            )
        } else {
            format!("op.{call}({}, {args})", lit(table))
        }
    }

    fn py_alter_column(&mut self) -> Made {
        if self.d == Dialect::Sqlite && !self.has(C::AlembicBatch) {
            return None;
        }
        let i = self.rng.below(self.m.tables.len());
        let t = self.m.tables.get(i)?.clone();
        let pk: Vec<String> = t
            .pk()
            .map(|k| k.columns().iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        let cols: Vec<Col> = t
            .cols
            .iter()
            .filter(|c| c.identity.is_none() && c.generated.is_none() && !pk.contains(&c.name))
            .filter(|c| !matches!(c.ty, Ty::Enum(_) | Ty::InlineEnum(_)))
            .filter(|c| !self.m.col_used(&t.name, &c.name))
            .cloned()
            .collect();
        let c = self.rng.pick(&cols)?.clone();
        let ty = py_type(&c.ty, self.d, false);
        let (arg, back, apply): (String, String, Box<dyn Fn(&mut Col)>) = match self.rng.below(3) {
            0 => (
                format!("nullable={}", py_bool(c.not_null)),
                format!("nullable={}", py_bool(!c.not_null)),
                Box::new(|c: &mut Col| c.not_null = !c.not_null),
            ),
            1 if self.has(C::RenameColumn) => {
                let new = self.m.fresh("", self.rng.below(20));
                let args = |a: &str, b: &str| {
                    format!("{}, new_column_name={}, existing_type={ty}", lit(a), lit(b))
                };
                let up = self.batch(&t.name, "alter_column", &args(&c.name, &new));
                let down = self.batch(&t.name, "alter_column", &args(&new, &c.name));
                self.m
                    .tables
                    .get_mut(i)?
                    .cols
                    .iter_mut()
                    .find(|x| x.name == c.name)?
                    .name = new;
                return one(up, vec![down]);
            }
            _ => {
                let to = match c.ty {
                    Ty::Int => Ty::BigInt,
                    Ty::Varchar(n) => Ty::Varchar(n + 50),
                    Ty::Numeric(p, s) => Ty::Numeric(p + 2, s),
                    _ => return None,
                };
                let (a, b) = (py_type(&to, self.d, false), ty.clone());
                (
                    format!("type_={a}, existing_type={b}"),
                    format!("type_={b}, existing_type={a}"),
                    Box::new(move |c: &mut Col| c.ty = to.clone()),
                )
            }
        };
        let nullable = format!(", existing_nullable={}", py_bool(!c.not_null));
        let extra = if arg.starts_with("nullable") {
            format!(", existing_type={ty}")
        } else {
            nullable
        };
        let up = self.batch(
            &t.name,
            "alter_column",
            &format!("{}, {arg}{extra}", lit(&c.name)),
        );
        let down = self.batch(
            &t.name,
            "alter_column",
            &format!("{}, {back}{extra}", lit(&c.name)),
        );
        apply(
            self.m
                .tables
                .get_mut(i)?
                .cols
                .iter_mut()
                .find(|x| x.name == c.name)?,
        );
        one(up, vec![down])
    }

    fn py_create_index(&mut self) -> Made {
        let i = self.rng.below(self.m.tables.len());
        let t = self.m.tables.get(i)?.clone();
        let cols: Vec<&Col> = t
            .cols
            .iter()
            .filter(|c| self.keyable(&c.ty) && c.ty != Ty::IntArray)
            .filter(|c| !self.absorbs_fk_index(&t, &c.name))
            .collect();
        let c = self.rng.pick(&cols)?.name.clone();
        let name = self.m.fresh("ix_", self.rng.below(20));
        let unique = self.has(C::Unique) && self.rng.chance(25);
        let mut args = format!("{}, {}, [{}]", lit(&name), lit(&t.name), lit(&c));
        if unique {
            args.push_str(", unique=True");
        }
        let partial =
            self.has(C::PartialIndexes) && self.d != Dialect::Mysql && self.rng.chance(30);
        if partial {
            let key = if self.d == Dialect::Postgres {
                "postgresql_where"
            } else {
                "sqlite_where"
            };
            args.push_str(&format!(", {key}=sa.text(\"{c} IS NOT NULL\")"));
        }
        let up = format!("op.create_index({args})");
        let down = format!("op.drop_index({}, table_name={})", lit(&name), lit(&t.name));
        self.m.tables.get_mut(i)?.idx.push(Idx {
            name,
            unique,
            keys: vec![Key {
                col: c.clone(),
                lower: false,
                desc: false,
                opclass: None,
            }],
            predicate: partial.then_some(c),
            method: None,
            include: Vec::new(),
        });
        one(up, vec![down])
    }

    fn py_add_constraint(&mut self) -> Made {
        let i = self.rng.below(self.m.tables.len());
        let t = self.m.tables.get(i)?.clone();
        let mut con = self.new_constraint(&t, false)?;
        let name = con.name.clone()?;
        con.inline = false;
        let (call, args, type_) = match &con.kind {
            ConKind::Unique(cols) => (
                "create_unique_constraint",
                format!("{}, [{}]", lit(&name), quoted(cols)),
                "unique",
            ),
            ConKind::Check(col, int) => (
                "create_check_constraint",
                format!(
                    "{}, sa.text({})",
                    lit(&name),
                    lit(&check_text(col, *int, self.d))
                ),
                "check",
            ),
            ConKind::Fk {
                col,
                table,
                ref_col,
                on_delete,
                ..
            } => {
                if self.d == Dialect::Sqlite {
                    return None;
                }
                let mut a = format!(
                    "{}, {}, [{}], [{}]",
                    lit(&name),
                    lit(table),
                    lit(col),
                    lit(ref_col)
                );
                if *on_delete != Action::NoAction {
                    a.push_str(&format!(", ondelete={}", lit(on_delete.sql())));
                }
                ("create_foreign_key", a, "foreignkey")
            }
            ConKind::Pk(_) => return None,
        };
        // op.create_*(name, table, ...) / batch_op.create_*(name, ...)
        let up = if self.d == Dialect::Sqlite {
            let rest = args
                .split_once(", ")
                .map_or(String::new(), |x| x.1.to_string());
            format!(
                "with op.batch_alter_table({}) as batch_op:\n{IND}{IND}batch_op.{call}({}, {rest})",
                lit(&t.name),
                lit(&name)
            )
        } else {
            let rest = args
                .split_once(", ")
                .map_or(String::new(), |x| x.1.to_string());
            format!("op.{call}({}, {}, {rest})", lit(&name), lit(&t.name))
        };
        let down = self.drop_con_py(&t.name, &name, type_);
        self.m.tables.get_mut(i)?.cons.push(con);
        one(up, vec![down])
    }

    fn drop_con_py(&self, table: &str, name: &str, type_: &str) -> String {
        if self.d == Dialect::Sqlite {
            format!("with op.batch_alter_table({}) as batch_op:\n{IND}{IND}batch_op.drop_constraint({}, type_={})", lit(table), lit(name), lit(type_))
        } else {
            format!(
                "op.drop_constraint({}, {}, type_={})",
                lit(name),
                lit(table),
                lit(type_)
            )
        }
    }

    fn py_drop_constraint(&mut self) -> Made {
        let i = self.rng.below(self.m.tables.len());
        let t = self.m.tables.get(i)?.clone();
        let cands: Vec<Con> = t
            .cons
            .iter()
            .filter(|c| {
                c.name.is_some()
                    && !c.inline
                    && matches!(c.kind, ConKind::Unique(_) | ConKind::Check(..))
            })
            .cloned()
            .collect();
        let con = self.rng.pick(&cands)?.clone();
        let name = con.name.clone()?;
        let type_ = if matches!(con.kind, ConKind::Unique(_)) {
            "unique"
        } else {
            "check"
        };
        let up = self.drop_con_py(&t.name, &name, type_);
        let down = match &con.kind {
            ConKind::Unique(cols) if self.d != Dialect::Sqlite => format!("op.create_unique_constraint({}, {}, [{}])", lit(&name), lit(&t.name), quoted(cols)),
            ConKind::Check(col, int) if self.d != Dialect::Sqlite => format!("op.create_check_constraint({}, {}, sa.text({}))", lit(&name), lit(&t.name), lit(&check_text(col, *int, self.d))),
            ConKind::Unique(cols) => format!("with op.batch_alter_table({}) as batch_op:\n{IND}{IND}batch_op.create_unique_constraint({}, [{}])", lit(&t.name), lit(&name), quoted(cols)),
            ConKind::Check(col, int) => format!("with op.batch_alter_table({}) as batch_op:\n{IND}{IND}batch_op.create_check_constraint({}, sa.text({}))", lit(&t.name), lit(&name), lit(&check_text(col, *int, self.d))),
            _ => return None,
        };
        self.m.tables.get_mut(i)?.cons.retain(|c| *c != con);
        one(up, vec![down])
    }

    fn py_rename_or_drop_table(&mut self) -> Made {
        let i = self.rng.below(self.m.tables.len());
        let t = self.m.tables.get(i)?.clone();
        if self.m.table_referenced(&t.name) {
            return None;
        }
        if self.has(C::RenameTable) && self.rng.chance(50) {
            let new = self.m.fresh("", self.rng.below(20));
            let up = format!("op.rename_table({}, {})", lit(&t.name), lit(&new));
            let down = format!("op.rename_table({}, {})", lit(&new), lit(&t.name));
            self.m.tables.get_mut(i)?.name = new;
            return one(up, vec![down]);
        }
        None
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn quoted(cols: &[String]) -> String {
    cols.iter().map(|c| lit(c)).collect::<Vec<_>>().join(", ")
}

fn check_text(col: &str, int: bool, d: Dialect) -> String {
    match (int, d) {
        (true, _) => format!("{col} > 0"),
        (false, Dialect::Mysql) => format!("char_length({col}) > 0"),
        (false, _) => format!("length({col}) > 0"),
    }
}
