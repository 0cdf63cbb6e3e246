//! The SQL history generator: one action at a time, each checked against the model before it is
//! emitted and applied to the model after.

use super::model::*;
use super::{Construct as C, Features, Format, History, Revision, Rng, Statement};
use strata_core::Dialect;

pub(crate) struct Gen<'f> {
    pub rng: Rng,
    pub m: Model,
    pub f: &'f Features,
    pub d: Dialect,
    /// The history has down scripts: every statement must have an exact inverse.
    pub downs: bool,
}

pub fn generate(seed: u64, dialect: Dialect, features: &Features) -> History {
    let mut rng = Rng::new(seed);
    let downs = features.has(C::DownScripts) && rng.chance(70);
    let mut g = Gen {
        rng,
        m: Model::new(dialect),
        f: features,
        d: dialect,
        downs,
    };
    let mut revisions = Vec::new();
    let count = g.rng.range(2, 7);
    for r in 0..count {
        let mut statements = Vec::new();
        let wanted = g.rng.range(1, 4);
        let mut attempts = 0;
        while statements.len() < wanted as usize && attempts < 40 {
            attempts += 1;
            let made = if r == 0 && statements.is_empty() || g.m.tables.is_empty() {
                g.create_table()
            } else {
                g.action()
            };
            if let Some(s) = made {
                statements.extend(s);
            }
        }
        revisions.push(Revision {
            name: format!("step_{}", r + 1),
            statements,
        });
    }
    History {
        dialect,
        format: if downs {
            Format::GolangMigrate
        } else {
            Format::Numbered
        },
        revisions,
    }
}

type Made = Option<Vec<Statement>>;

impl Gen<'_> {
    pub fn has(&self, c: C) -> bool {
        self.f.has(c)
    }
    pub(crate) fn pg(&self) -> bool {
        self.d == Dialect::Postgres
    }
    pub(crate) fn my(&self) -> bool {
        self.d == Dialect::Mysql
    }
    pub(crate) fn lite(&self) -> bool {
        self.d == Dialect::Sqlite
    }

    fn action(&mut self) -> Made {
        let k = self.rng.below(22);
        match k {
            0 | 1 => self.create_table(),
            2 | 3 => self.add_column(),
            4 => self.drop_column(),
            5 => self.rename_table(),
            6 => self.rename_column(),
            7 => self.rename_constraint_or_index(),
            8 => self.type_change(),
            9 => self.alter_default(),
            10 => self.alter_nullability(),
            11 | 12 => self.add_constraint(),
            13 => self.drop_constraint(),
            14 | 15 => self.create_index(),
            16 => self.drop_index(),
            17 => self.create_view(),
            18 => self.drop_table(),
            19 => self.create_enum_or_sequence(),
            20 => self.enum_change(),
            _ => self.comment(),
        }
    }

    /// A column type the features allow.
    pub fn pick_type(&mut self) -> Ty {
        let mut options = vec![Ty::Int, Ty::BigInt, Ty::SmallInt];
        if self.has(C::Varchar) {
            options.push(Ty::Varchar(self.rng.range(1, 20) * 10));
            options.push(Ty::Varchar(self.rng.range(1, 20) * 10));
        }
        if self.has(C::Numeric) {
            let p = self.rng.range(5, 14);
            options.push(Ty::Numeric(p, self.rng.range(0, 4)));
        }
        if self.has(C::Text) {
            options.push(Ty::Text);
        }
        if self.has(C::Boolean) {
            options.push(Ty::Bool);
        }
        if self.has(C::Timestamps) {
            options.extend([Ty::Timestamp, Ty::TimestampTz, Ty::Date]);
        }
        if self.has(C::Json) {
            options.push(Ty::Json);
            if self.pg() {
                options.push(Ty::Jsonb);
            }
        }
        if self.has(C::Enums) {
            if self.my() {
                options.push(Ty::InlineEnum(vec![
                    "low".into(),
                    "mid".into(),
                    "high".into(),
                ]));
            } else if let Some((name, _)) = self.rng.pick(&self.m.enums).cloned() {
                options.push(Ty::Enum(name));
            }
        }
        if self.has(C::Arrays) && self.pg() {
            options.push(Ty::IntArray);
        }
        if self.lite() {
            options.push(Ty::Real);
        }
        self.rng.pick(&options).cloned().unwrap_or(Ty::Int)
    }

    /// A default valid for `ty`, or `None` when the features allow none.
    pub fn pick_default(&mut self, ty: &Ty) -> Option<Default> {
        if !self.has(C::Defaults) {
            return None;
        }
        let cast = self.pg() && self.has(C::DefaultCasts) && self.rng.chance(40);
        let d = match ty {
            Ty::SmallInt | Ty::Int | Ty::BigInt | Ty::Real => {
                Default::Int(self.rng.range(1, 99) as i64)
            }
            Ty::Numeric(_, s) => {
                if *s > 0 && self.has(C::DecimalScale) && self.rng.chance(60) {
                    let frac = "5".to_string() + &"0".repeat(*s as usize - 1);
                    Default::Decimal(format!("{}.{frac}", self.rng.range(1, 9)))
                } else {
                    Default::Int(self.rng.range(1, 9) as i64)
                }
            }
            Ty::Varchar(_) | Ty::Text => {
                Default::Str(["x", "new", "draft", "n/a"][self.rng.below(4)].to_string())
            }
            Ty::Bool => Default::Bool(self.rng.chance(50)),
            Ty::Timestamp | Ty::TimestampTz => Default::Now,
            Ty::Date => Default::Str("2024-01-01".into()),
            Ty::Json | Ty::Jsonb => Default::JsonEmpty,
            Ty::Enum(name) => Default::EnumValue(
                self.m
                    .enum_values(name)
                    .first()
                    .cloned()
                    .unwrap_or_default(),
            ),
            Ty::InlineEnum(v) => Default::EnumValue(v.first().cloned().unwrap_or_default()),
            Ty::IntArray => Default::Str("{}".into()),
        };
        Some(if cast && !matches!(d, Default::Now) {
            Default::Cast(Box::new(d))
        } else {
            d
        })
    }

    /// Whether a column of this type can be a btree key / unique column here.
    pub fn keyable(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Json | Ty::Jsonb => self.lite(),
            Ty::Text | Ty::IntArray => !self.my(),
            _ => true,
        }
    }

    /// A fresh ordinary column for `table` (no key role).
    pub fn new_col(&mut self, adding: bool) -> Col {
        let name = self.m.fresh("", self.rng.below(20));
        let ty = self.pick_type();
        let mut c = Col::new(name, ty.clone());
        if self.has(C::NotNull) && self.rng.chance(35) {
            c.not_null = true;
        }
        // An added NOT NULL column needs a default for the rows already there.
        if self.rng.chance(45) || (c.not_null && (adding || self.lite())) {
            c.default = self.pick_default(&ty);
            if c.default.is_none() {
                c.not_null = false;
            }
        }
        // SQLite cannot add a column whose default is not constant.
        if adding && self.lite() && c.default == Some(Default::Now) {
            c.default = None;
            c.not_null = false;
        }
        if ty.is_string() && self.has(C::Collations) && self.rng.chance(20) {
            c.collation = Some(
                match self.d {
                    Dialect::Postgres => "\"C\"",
                    Dialect::Mysql => "utf8mb4_bin",
                    Dialect::Sqlite => "NOCASE",
                }
                .into(),
            );
        }
        if self.has(C::Comments) && !self.lite() && self.rng.chance(20) {
            c.comment = Some(format!("about {}", c.name));
        }
        if self.my()
            && self.has(C::OnUpdate)
            && matches!(ty, Ty::Timestamp | Ty::TimestampTz)
            && c.default == Some(Default::Now)
            && self.rng.chance(60)
        {
            c.on_update = true;
        }
        c
    }

    /// A generated column computed from an integer column of `cols`.
    pub(crate) fn generated_col(&mut self, cols: &[Col], adding: bool) -> Option<Col> {
        if !self.has(C::Generated) {
            return None;
        }
        let sources: Vec<&Col> = cols
            .iter()
            .filter(|c| c.ty == Ty::Int && c.generated.is_none() && c.identity.is_none())
            .collect();
        let src = self.rng.pick(&sources)?.name.clone();
        let stored = match self.d {
            Dialect::Postgres => true,
            Dialect::Sqlite if adding => false,
            _ => self.rng.chance(50),
        };
        let mut c = Col::new(self.m.fresh("gen_", self.rng.below(20)), Ty::BigInt);
        c.generated = Some((src, stored));
        Some(c)
    }

    pub(crate) fn create_table(&mut self) -> Made {
        let name = self.m.fresh("", self.rng.below(20));
        let mut t = Table {
            name: name.clone(),
            cols: Vec::new(),
            cons: Vec::new(),
            idx: Vec::new(),
            comment: None,
        };
        if self.has(C::PrimaryKey) && self.rng.chance(90) {
            self.primary_key(&mut t);
        }
        for _ in 0..self.rng.range(1, 5) {
            let c = self.new_col(false);
            t.cols.push(c);
        }
        if self.has(C::ForeignKey) && self.rng.chance(50) {
            let parents: Vec<(String, Ty)> = self
                .m
                .tables
                .iter()
                .filter_map(|p| Some((p.name.clone(), p.col("id")?.ty.clone())))
                .collect();
            if let Some((parent, ty)) = self.rng.pick(&parents).cloned() {
                let mut c = Col::new(format!("{parent}_id"), ty);
                c.not_null = self.has(C::NotNull) && self.rng.chance(30);
                t.cols.push(c);
            }
        }
        if self.rng.chance(30) {
            if let Some(g) = self.generated_col(&t.cols, false) {
                t.cols.push(g);
            }
        }
        for _ in 0..self.rng.range(0, 3) {
            if let Some(con) = self.new_constraint(&t, true) {
                t.cons.push(con);
            }
        }
        if self.has(C::Comments) && !self.lite() && self.rng.chance(20) {
            t.comment = Some(format!("the {name} table"));
        }
        let mut out = vec![create_table(&t, self.d)];
        if self.pg() {
            for c in pg_comments(&t) {
                out.push(Statement::plain(c, Vec::new()));
            }
        }
        self.m.tables.push(t);
        Some(out)
    }

    fn primary_key(&mut self, t: &mut Table) {
        let mut id = Col::new(
            "id",
            if self.rng.chance(30) {
                Ty::BigInt
            } else {
                Ty::Int
            },
        );
        id.not_null = !self.lite();
        if self.has(C::Identity) && self.rng.chance(60) {
            id.identity = Some(match self.d {
                Dialect::Postgres => {
                    [Identity::Always, Identity::ByDefault, Identity::Serial][self.rng.below(3)]
                }
                _ => Identity::AutoIncrement,
            });
        }
        if self.lite() {
            id.ty = Ty::Int;
        }
        let composite = !self.lite() && id.identity.is_none() && self.rng.chance(15);
        let inline = !composite && (self.lite() || self.rng.chance(50));
        let named = !inline && (self.rng.chance(60) || !self.has(C::UnnamedConstraints));
        let mut cols = vec!["id".to_string()];
        t.cols.push(id);
        if composite {
            let mut k = Col::new(self.m.fresh("", self.rng.below(20)), Ty::Int);
            k.not_null = true;
            cols.push(k.name.clone());
            t.cols.push(k);
        }
        t.cons.push(Con {
            name: named.then(|| format!("{}_pk", t.name)),
            kind: ConKind::Pk(cols),
            inline,
        });
    }

    /// A unique, check or foreign-key constraint on a column of `t` (`create`: inside CREATE
    /// TABLE, where unnamed and inline ones are allowed).
    pub(crate) fn new_constraint(&mut self, t: &Table, create: bool) -> Option<Con> {
        let kind = self.rng.below(3);
        let unnamed_ok = self.has(C::UnnamedConstraints) && (create || !self.downs);
        let name = if unnamed_ok && self.rng.chance(40) {
            None
        } else {
            Some(self.m.fresh(&format!("{}_", ["uq", "ck", "fk"][kind]), 0))
        };
        let plain = |c: &&Col| c.generated.is_none() && c.identity.is_none() && c.name != "id";
        let kind = match kind {
            0 if self.has(C::Unique) => {
                let cols: Vec<&Col> = t
                    .cols
                    .iter()
                    .filter(plain)
                    .filter(|c| self.keyable(&c.ty) && c.ty != Ty::Bool)
                    .filter(|c| {
                        // Only by ALTER TABLE: inside one CREATE TABLE, PostgreSQL and SQLite
                        // (and MariaDB for column attributes) merge equal keys, and the model
                        // here would go on to drop a key the server never made.
                        (self.has(C::DuplicateKeys) && !create)
                            || !t.cons.iter().any(|k| {
                                matches!(k.kind, ConKind::Pk(_) | ConKind::Unique(_))
                                    && k.columns() == [c.name.as_str()]
                            })
                    })
                    .collect();
                // MariaDB: a key added over a foreign key's column takes over its generated
                // index, and the down script's DROP of that key is then refused while the
                // foreign key stands ("needed in a foreign key constraint", which Strata reports
                // too): with down scripts, no such key.
                let has_fk = |c: &Col| {
                    t.cons
                        .iter()
                        .any(|k| matches!(&k.kind, ConKind::Fk { col, .. } if *col == c.name))
                };
                let cols: Vec<&&Col> = cols
                    .iter()
                    .filter(|c| self.has(C::FkCoveringKeys) || !c.name.ends_with("_id"))
                    .filter(|c| !(self.my() && self.downs && has_fk(c)))
                    .collect();
                ConKind::Unique(vec![self.rng.pick(&cols)?.name.clone()])
            }
            1 if self.has(C::Check) => {
                let cols: Vec<&Col> = t
                    .cols
                    .iter()
                    .filter(plain)
                    .filter(|c| c.ty.is_int() || c.ty.is_string())
                    // MariaDB refuses a CHECK on a column a referential action may write.
                    .filter(|c| !(self.my() && c.name.ends_with("_id")))
                    .collect();
                let c = self.rng.pick(&cols)?;
                ConKind::Check(c.name.clone(), c.ty.is_int())
            }
            2 if self.has(C::ForeignKey) => return self.foreign_key(t, name, create),
            _ => return None,
        };
        let inline = create && name.is_none() && self.rng.chance(50);
        Some(Con { name, kind, inline })
    }

    /// A foreign key from a new or existing column of `t` to a table with an `id` key.
    fn foreign_key(&mut self, t: &Table, name: Option<String>, create: bool) -> Option<Con> {
        let parents: Vec<(String, Ty)> = self
            .m
            .tables
            .iter()
            .filter(|p| p.name != t.name)
            .filter(|p| {
                p.pk()
                    .is_some_and(|k| matches!(&k.kind, ConKind::Pk(c) if c == &["id"]))
            })
            .filter_map(|p| Some((p.name.clone(), p.col("id")?.ty.clone())))
            .collect();
        let (parent, ty) = self.rng.pick(&parents)?.clone();
        let col = t
            .cols
            .iter()
            .filter(|c| c.ty == ty && c.generated.is_none() && c.identity.is_none())
            .filter(|c| c.name != "id" && !t.cons.iter().any(|k| k.columns() == [c.name.as_str()]))
            .filter(|c| !(self.my() && c.default.is_some()))
            .filter(|c| self.has(C::FkCoveringKeys) || c.name.ends_with("_id"))
            // MariaDB refuses a generated column over a column with referential actions.
            .filter(|c| {
                !(self.my()
                    && t.cols
                        .iter()
                        .any(|g| g.generated.as_ref().is_some_and(|(s, _)| *s == c.name)))
            })
            .map(|c| (c.name.clone(), !c.not_null))
            .next()?;
        let mut actions = vec![Action::NoAction, Action::Cascade, Action::Restrict];
        if col.1 {
            actions.push(Action::SetNull);
        }
        let inline =
            create && name.is_none() && self.has(C::InlineReferences) && self.rng.chance(50);
        Some(Con {
            name,
            kind: ConKind::Fk {
                col: col.0,
                table: parent,
                ref_col: "id".into(),
                on_delete: *self.rng.pick(&actions)?,
                deferrable: self.pg() && self.has(C::Deferrable) && self.rng.chance(30),
            },
            inline,
        })
    }
}
