//! Renames that the migrations between two revisions perform, so that [`super::diff_with`] can
//! keep a renamed object (and its rows) instead of dropping it and creating another.
//!
//! Nothing here is guessed from the two schemas: identities are followed through the migrations'
//! own ops. Two revisions A and B share the migrations both need (their common ancestry C); the
//! migrations only A needs lead from C to A, those only B needs from C to B. Each walk records,
//! for every name an op touched, which object of C now carries it ([`Names`]); an object of A is
//! the same as an object of B when both come from the same object of C. So a chain `a → b → c`
//! is `a → c`, a rename followed by a new object under the old name (`t → t_old`, then a new `t`)
//! pairs the old `t` with `t_old` only, a backward range (B before A) is the walk to A read the
//! other way, and revisions on different branches meet at their common ancestry.

use crate::dialect::Dialect;
use crate::op::Op;
use crate::schema::{QualifiedName, Schema, Table};
use crate::simulate::table_key;
use std::collections::BTreeMap;

/// The renames from one schema to another, as ops written against the first: tables, sequences,
/// views and enum types by their old names; columns, constraints, indexes and enum values under
/// their table's (or type's) new name. Each pair is logical (`a → b`): [`super::diff_with`]
/// orders them and goes through a temporary name where two objects swap names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Renames {
    pub ops: Vec<Op>,
}

impl Renames {
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The renames between `from` (the schema at A) and `to` (at B). `to_a` are the ops of the
    /// migrations that lead from the common ancestry to A, `to_b` those that lead to B, each in
    /// apply order. Only pairs whose old object is in `from` and new object in `to` are kept.
    pub fn between<'o>(
        dialect: Dialect,
        to_a: impl IntoIterator<Item = &'o Op>,
        to_b: impl IntoIterator<Item = &'o Op>,
        from: &Schema,
        to: &Schema,
    ) -> Renames {
        let (mut a, mut b) = (Walk::new(dialect), Walk::new(dialect));
        to_a.into_iter().for_each(|op| a.step(op));
        to_b.into_iter().for_each(|op| b.step(op));
        resolve(&a, &b, from, to)
    }
}

/// Which object of the common ancestry carries each name an op touched: `Some(old name)`, or
/// `None` when the name is free or carries a new object. Untouched names carry themselves.
/// `now` is the same relation the other way (old name → name now), kept so that looking an
/// object up costs a map lookup, not a scan.
#[derive(Debug, Clone)]
struct Names<K: Ord + Clone> {
    origin: BTreeMap<K, Option<K>>,
    now: BTreeMap<K, K>,
}

impl<K: Ord + Clone> Default for Names<K> {
    fn default() -> Self {
        Names {
            origin: BTreeMap::new(),
            now: BTreeMap::new(),
        }
    }
}

impl<K: Ord + Clone> Names<K> {
    fn origin(&self, k: &K) -> Option<K> {
        match self.origin.get(k) {
            Some(o) => o.clone(),
            None => Some(k.clone()),
        }
    }
    fn set(&mut self, k: K, origin: Option<K>) {
        if let Some(Some(old)) = self.origin.get(&k) {
            if self.now.get(old) == Some(&k) {
                self.now.remove(&old.clone());
            }
        }
        if let Some(o) = &origin {
            self.now.insert(o.clone(), k.clone());
        }
        self.origin.insert(k, origin);
    }
    fn rename(&mut self, from: K, to: K) {
        let origin = self.origin(&from);
        self.set(from, None);
        self.set(to, origin);
    }
    /// A drop, or a new object under `k`.
    fn forget(&mut self, k: K) {
        self.set(k, None);
    }
    /// The name that the object first called `origin` carries now, if it still exists.
    fn current(&self, origin: &K) -> Option<K> {
        match self.now.get(origin) {
            Some(k) => Some(k.clone()),
            None => (!self.origin.contains_key(origin)).then(|| origin.clone()),
        }
    }
}

/// Index names: per table on MySQL, per namespace elsewhere; `(scope, name)`.
type IndexKey = (QualifiedName, String);

/// One walk from the common ancestry to a revision.
#[derive(Debug, Clone)]
struct Walk {
    dialect: Dialect,
    tables: Names<QualifiedName>,
    /// Keyed by the table's name in the common ancestry, as are `constraints` and `values`.
    columns: BTreeMap<QualifiedName, Names<String>>,
    constraints: BTreeMap<QualifiedName, Names<String>>,
    indexes: Names<IndexKey>,
    sequences: Names<QualifiedName>,
    views: Names<QualifiedName>,
    enums: Names<QualifiedName>,
    values: BTreeMap<QualifiedName, Names<String>>,
}

impl Walk {
    fn new(dialect: Dialect) -> Self {
        Walk {
            dialect,
            tables: Names::default(),
            columns: BTreeMap::new(),
            constraints: BTreeMap::new(),
            indexes: Names::default(),
            sequences: Names::default(),
            views: Names::default(),
            enums: Names::default(),
            values: BTreeMap::new(),
        }
    }

    fn key(&self, name: &QualifiedName) -> QualifiedName {
        table_key(self.dialect, name)
    }

    /// The table's name in the common ancestry, when it comes from there.
    fn origin(&self, table: &QualifiedName) -> Option<QualifiedName> {
        self.tables.origin(&self.key(table))
    }

    fn columns(&mut self, table: &QualifiedName) -> Option<&mut Names<String>> {
        let t = self.origin(table)?;
        Some(self.columns.entry(t).or_default())
    }

    fn constraints(&mut self, table: &QualifiedName) -> Option<&mut Names<String>> {
        let t = self.origin(table)?;
        Some(self.constraints.entry(t).or_default())
    }

    fn index_key(&self, table: Option<&QualifiedName>, name: &QualifiedName) -> Option<IndexKey> {
        let scope = if self.dialect == Dialect::Mysql {
            self.origin(table?)?
        } else {
            self.key(&QualifiedName {
                schema: name.schema.clone(),
                name: String::new(),
            })
        };
        Some((scope, name.name.clone()))
    }

    fn step(&mut self, op: &Op) {
        match op {
            Op::RenameTable { from, to } => {
                let (from, to) = (self.key(from), self.key(to));
                self.tables.rename(from, to);
            }
            Op::DropTable { name, .. } => self.tables.forget(self.key(name)),
            Op::CreateTable(ct) if !ct.if_not_exists && !ct.temporary => {
                self.tables.forget(self.key(&ct.name))
            }
            Op::RenameColumn { table, from, to } => {
                if let Some(c) = self.columns(table) {
                    c.rename(from.clone(), to.clone());
                }
            }
            Op::DropColumn { table, column, .. } => {
                if let Some(c) = self.columns(table) {
                    c.forget(column.clone());
                }
            }
            Op::AddColumn { table, column, .. } => {
                if let Some(c) = self.columns(table) {
                    c.forget(column.column.name.clone());
                }
            }
            Op::RenameConstraint { table, from, to } => {
                if let Some(c) = self.constraints(table) {
                    c.rename(from.clone(), to.clone());
                }
            }
            Op::DropConstraint { table, name, .. }
            | Op::DropConstraintOfKind { table, name, .. } => {
                if let Some(c) = self.constraints(table) {
                    c.forget(name.clone());
                }
            }
            Op::AddConstraint { table, constraint } => {
                if let (Some(name), Some(c)) = (&constraint.name, self.constraints(table)) {
                    c.forget(name.clone());
                }
            }
            Op::RenameIndex { table, from, to } => {
                let target = QualifiedName {
                    schema: from.schema.clone(),
                    name: to.clone(),
                };
                if let (Some(f), Some(t)) = (
                    self.index_key(table.as_ref(), from),
                    self.index_key(table.as_ref(), &target),
                ) {
                    self.indexes.rename(f, t);
                }
                // MySQL names unique keys (constraints in the model) and indexes alike.
                if let (Dialect::Mysql, Some(t)) = (self.dialect, table) {
                    if let Some(c) = self.constraints(t) {
                        c.rename(from.name.clone(), to.clone());
                    }
                }
            }
            Op::DropIndex { name, table, .. } => {
                if let Some(k) = self.index_key(table.as_ref(), name) {
                    self.indexes.forget(k);
                }
            }
            Op::CreateIndex(ci) if !ci.if_not_exists => {
                if let Some(name) = &ci.name {
                    let q = QualifiedName {
                        schema: ci.table.schema.clone(),
                        name: name.clone(),
                    };
                    if let Some(k) = self.index_key(Some(&ci.table), &q) {
                        self.indexes.forget(k);
                    }
                }
            }
            Op::RenameSequence { from, to } => {
                let to = QualifiedName {
                    schema: from.schema.clone(),
                    name: to.clone(),
                };
                let (from, to) = (self.key(from), self.key(&to));
                self.sequences.rename(from, to);
            }
            Op::DropSequence { name, .. } => self.sequences.forget(self.key(name)),
            Op::CreateSequence {
                seq,
                if_not_exists: false,
            } => self.sequences.forget(self.key(&seq.name)),
            Op::RenameView { from, to } => {
                let (from, to) = (self.key(from), self.key(to));
                self.views.rename(from, to);
            }
            Op::DropView { name, .. } => self.views.forget(self.key(name)),
            Op::CreateView {
                view,
                or_replace: false,
                if_not_exists: false,
            } => self.views.forget(self.key(&view.name)),
            Op::RenameType { from, to } => {
                let (from, to) = (self.key(from), self.key(to));
                self.enums.rename(from, to);
            }
            Op::DropType { name, .. } => self.enums.forget(self.key(name)),
            Op::CreateEnum {
                ty,
                if_not_exists: false,
            } => self.enums.forget(self.key(&ty.name)),
            Op::RenameEnumValue { name, from, to } => {
                if let Some(e) = self.enums.origin(&self.key(name)) {
                    let values = self.values.entry(e).or_default();
                    values.rename(from.clone(), to.clone());
                }
            }
            Op::RebuildTable { ops, .. } => ops.iter().for_each(|op| self.step(op)),
            _ => {}
        }
    }
}

/// Where the object called `name` at A is at B: back to the common ancestry through `a`, then
/// forward through `b`.
fn across<K: Ord + Clone>(a: &Names<K>, b: &Names<K>, name: &K) -> Option<K> {
    b.current(&a.origin(name)?)
}

/// The names kept for one table or type; untouched ones carry themselves.
fn nested<'w>(
    map: &'w BTreeMap<QualifiedName, Names<String>>,
    k: &QualifiedName,
    empty: &'w Names<String>,
) -> &'w Names<String> {
    map.get(k).unwrap_or(empty)
}

fn resolve(a: &Walk, b: &Walk, from: &Schema, to: &Schema) -> Renames {
    let mut ops = Vec::new();
    let mut pairs: Vec<(&Table, &Table, QualifiedName)> = Vec::new();
    for (name, old) in &from.tables {
        let Some(origin) = a.tables.origin(name) else {
            continue;
        };
        let Some(new) = b.tables.current(&origin).and_then(|n| to.tables.get(&n)) else {
            continue;
        };
        if new.name != old.name {
            ops.push(Op::RenameTable {
                from: old.name.clone(),
                to: new.name.clone(),
            });
        }
        pairs.push((old, new, origin));
    }
    for (old, new) in renamed(&a.sequences, &b.sequences, &from.sequences, &to.sequences) {
        ops.push(Op::RenameSequence {
            from: old.clone(),
            to: new.name.clone(),
        });
    }
    for (old, new) in renamed(&a.views, &b.views, &from.views, &to.views) {
        ops.push(Op::RenameView {
            from: old.clone(),
            to: new.clone(),
        });
    }
    let enums = renamed(&a.enums, &b.enums, &from.enums, &to.enums);
    for (old, new) in &enums {
        ops.push(Op::RenameType {
            from: (*old).clone(),
            to: (*new).clone(),
        });
    }
    for (old, new, origin) in pairs {
        table_parts(a, b, old, new, &origin, &mut ops);
    }
    for (old_name, e) in &from.enums {
        let Some(origin) = a.enums.origin(old_name) else {
            continue;
        };
        let Some(new) = b.enums.current(&origin).and_then(|n| to.enums.get(&n)) else {
            continue;
        };
        let empty = Names::default();
        let (va, vb) = (
            nested(&a.values, &origin, &empty),
            nested(&b.values, &origin, &empty),
        );
        for v in &e.values {
            match across(va, vb, v) {
                Some(w) if &w != v && new.values.contains(&w) => ops.push(Op::RenameEnumValue {
                    name: new.name.clone(),
                    from: v.clone(),
                    to: w,
                }),
                _ => {}
            }
        }
    }
    Renames { ops }
}

/// Objects of `from` whose counterpart in `to` has another name.
fn renamed<'s, T>(
    a: &Names<QualifiedName>,
    b: &Names<QualifiedName>,
    from: &'s BTreeMap<QualifiedName, T>,
    to: &'s BTreeMap<QualifiedName, T>,
) -> Vec<(&'s QualifiedName, &'s QualifiedName)> {
    from.keys()
        .filter_map(|old| {
            let new = across(a, b, old)?;
            let (new, _) = to.get_key_value(&new)?;
            (new != old).then_some((old, new))
        })
        .collect()
}

/// Column, constraint and index renames of one table (`origin` is its name in the common
/// ancestry), written under its new name.
fn table_parts(
    a: &Walk,
    b: &Walk,
    old: &Table,
    new: &Table,
    origin: &QualifiedName,
    ops: &mut Vec<Op>,
) {
    let table = &new.name;
    let empty = Names::default();
    let (ca, cb) = (
        nested(&a.columns, origin, &empty),
        nested(&b.columns, origin, &empty),
    );
    for c in &old.columns {
        if let Some(n) = across(ca, cb, &c.name) {
            if n != c.name && new.column(&n).is_some() {
                ops.push(Op::RenameColumn {
                    table: table.clone(),
                    from: c.name.clone(),
                    to: n,
                });
            }
        }
    }
    let (ka, kb) = (
        nested(&a.constraints, origin, &empty),
        nested(&b.constraints, origin, &empty),
    );
    // PostgreSQL: `ALTER INDEX` on a key's index renames the key too.
    let via_index = |name: &str| -> Option<String> {
        if a.dialect != Dialect::Postgres {
            return None;
        }
        let q = QualifiedName {
            schema: old.name.schema.clone(),
            name: name.to_string(),
        };
        let origin = a.indexes.origin(&a.index_key(Some(&old.name), &q)?)?;
        b.indexes.current(&origin).map(|(_, n)| n)
    };
    for c in old.constraints.iter().filter(|c| !c.name.is_empty()) {
        let renamed = match across(ka, kb, &c.name) {
            Some(n) if n != c.name => Some(n),
            _ => via_index(&c.name),
        };
        if let Some(n) = renamed {
            if n != c.name
                && new.constraint(&n).is_some_and(|k| {
                    std::mem::discriminant(&k.kind) == std::mem::discriminant(&c.kind)
                })
            {
                ops.push(Op::RenameConstraint {
                    table: table.clone(),
                    from: c.name.clone(),
                    to: n,
                });
            }
        }
    }
    for i in &old.indexes {
        let q = |t: &Table, name: &str| QualifiedName {
            schema: t.name.schema.clone(),
            name: name.to_string(),
        };
        let Some(ka) = a.index_key(Some(&old.name), &q(old, &i.name)) else {
            continue;
        };
        let Some(origin_key) = a.indexes.origin(&ka) else {
            continue;
        };
        let Some((_, n)) = b.indexes.current(&origin_key) else {
            continue;
        };
        if n != i.name && new.indexes.iter().any(|x| x.name == n) {
            ops.push(Op::RenameIndex {
                table: Some(table.clone()),
                from: q(new, &i.name),
                to: n,
            });
        }
    }
}

/// Where [`super::diff_with`] starts from: ops that clear names the renames need (objects of
/// `from` that go away and whose names renamed objects take), the rename ops in an order that
/// applies, and the schema after both, which the rest of the diff starts from.
pub(super) struct Prepared {
    pub clear: Vec<Op>,
    /// `from` with those objects gone (what `clear` leads to).
    pub base: Schema,
    pub renames: Vec<Op>,
    pub schema: Schema,
    /// The logical renames that were kept (those the dialect can render and that apply).
    pub kept: Vec<Op>,
}

/// An object of `from` in the way of a rename: it goes away, and a renamed object takes its name.
#[derive(Debug, Clone, PartialEq)]
enum Blocker {
    Table(QualifiedName),
    Other(Box<Op>),
}

pub(super) fn prepare(from: &Schema, renames: &Renames) -> Prepared {
    let mut wanted: Vec<Op> = renames
        .ops
        .iter()
        .filter(|op| renders(op, from))
        .cloned()
        .collect();
    // Each object in the way, with the rename that needs it out of the way.
    let mut blockers: Vec<(Blocker, Op)> = Vec::new();
    // Each round either succeeds, clears one more object or gives up one rename.
    for _ in 0..=2 * wanted.len() {
        let cleared: Vec<Blocker> = blockers.iter().map(|(b, _)| b.clone()).collect();
        let Some(base) = without(from, &cleared) else {
            // The database would not drop it: keep the object, give up the rename.
            if let Some((_, op)) = blockers.pop() {
                wanted.retain(|w| *w != op);
            }
            continue;
        };
        match order(&base, &wanted) {
            Ok((ops, schema, kept)) => {
                return Prepared {
                    clear: if cleared.is_empty() {
                        Vec::new()
                    } else {
                        super::diff(from, &base)
                    },
                    base,
                    renames: ops,
                    schema,
                    kept,
                }
            }
            Err((i, Some(b))) if !cleared.contains(&b) => {
                if let Some(op) = wanted.get(i) {
                    blockers.push((b, op.clone()));
                }
            }
            Err((i, _)) => {
                if i < wanted.len() {
                    wanted.remove(i);
                }
            }
        }
    }
    Prepared {
        clear: Vec::new(),
        base: from.clone(),
        renames: Vec::new(),
        schema: from.clone(),
        kept: Vec::new(),
    }
}

/// Whether the dialect's renderer can say this rename (a MySQL CHECK or foreign key, or any
/// SQLite constraint, cannot be renamed: it is dropped and added instead).
fn renders(op: &Op, schema: &Schema) -> bool {
    match (schema.dialect, op) {
        (Dialect::Postgres, _) => true,
        (Dialect::Mysql, Op::RenameConstraint { table, from, .. }) => {
            let old = schema.tables.values().find(|t| &t.name == table);
            // Written under the new table name: look the constraint up by name in any table.
            let kind = old
                .or_else(|| {
                    schema
                        .tables
                        .values()
                        .find(|t| t.constraint(from).is_some())
                })
                .and_then(|t| t.constraint(from))
                .map(|c| &c.kind);
            matches!(kind, Some(crate::schema::ConstraintKind::Unique { .. }))
        }
        (Dialect::Mysql, Op::RenameType { .. } | Op::RenameEnumValue { .. }) => false,
        (Dialect::Sqlite, Op::RenameConstraint { .. } | Op::RenameSequence { .. }) => false,
        (Dialect::Sqlite, Op::RenameType { .. } | Op::RenameEnumValue { .. }) => false,
        _ => true,
    }
}

/// Applies `op`; false (and `schema` unchanged, as the simulator rolls a rejected statement
/// back) when the database would refuse it.
fn try_apply(schema: &mut Schema, op: &Op) -> bool {
    let mut diags = Vec::new();
    let spanned = crate::diagnostic::Spanned::new(Default::default(), op.clone());
    crate::simulate::apply(schema, &spanned, &mut diags);
    !diags
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error)
}

/// What a rename renames: (scope, old name, new name). Two renames in one scope can swap names.
fn ends(op: &Op) -> Option<(String, String, String)> {
    Some(match op {
        Op::RenameTable { from, to } | Op::RenameView { from, to } => {
            ("relation".into(), from.to_string(), to.to_string())
        }
        Op::RenameSequence { from, to } => ("relation".into(), from.to_string(), {
            let to = QualifiedName {
                schema: from.schema.clone(),
                name: to.clone(),
            };
            to.to_string()
        }),
        Op::RenameType { from, to } => ("type".into(), from.to_string(), to.to_string()),
        Op::RenameColumn { table, from, to } => {
            (format!("column {table}"), from.clone(), to.clone())
        }
        Op::RenameConstraint { table, from, to } => {
            (format!("constraint {table}"), from.clone(), to.clone())
        }
        Op::RenameIndex { table, from, to } => (
            format!(
                "index {}",
                table.as_ref().map(|t| t.to_string()).unwrap_or_default()
            ),
            from.name.clone(),
            to.clone(),
        ),
        Op::RenameEnumValue { name, from, to } => {
            (format!("value {name}"), from.clone(), to.clone())
        }
        _ => return None,
    })
}

/// `op` with its old name replaced by `old` (`Some`) and/or its new one by `new`.
fn with_names(op: &Op, old: Option<&str>, new: Option<&str>) -> Op {
    let mut op = op.clone();
    let set = |s: &mut String, v: Option<&str>| {
        if let Some(v) = v {
            *s = v.to_string();
        }
    };
    match &mut op {
        Op::RenameTable { from, to }
        | Op::RenameView { from, to }
        | Op::RenameType { from, to } => {
            set(&mut from.name, old);
            set(&mut to.name, new);
        }
        Op::RenameSequence { from, to } => {
            set(&mut from.name, old);
            set(to, new);
        }
        Op::RenameIndex { from, to, .. } => {
            set(&mut from.name, old);
            set(to, new);
        }
        Op::RenameColumn { from, to, .. }
        | Op::RenameConstraint { from, to, .. }
        | Op::RenameEnumValue { from, to, .. } => {
            set(from, old);
            set(to, new);
        }
        _ => {}
    }
    op
}

/// The name part of a rename's new name (its last component).
fn bare(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The renames in an order that applies on `base`, with the schema after them and the logical
/// renames kept; or the index of a rename that cannot apply, with the object in its way if any.
#[allow(clippy::type_complexity)]
fn order(
    base: &Schema,
    wanted: &[Op],
) -> Result<(Vec<Op>, Schema, Vec<Op>), (usize, Option<Blocker>)> {
    let mut schema = base.clone();
    // (op still to apply, the logical rename it stands for, its index in `wanted`)
    let mut pending: Vec<(Op, usize)> = wanted.iter().cloned().zip(0..).collect();
    let mut out = Vec::new();
    let mut done = Vec::new();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|(op, i)| {
            if try_apply(&mut schema, op) {
                out.push(op.clone());
                done.push(*i);
                false
            } else {
                true
            }
        });
        if pending.len() < before {
            continue;
        }
        // Stuck: a swap goes through a temporary name; anything else is in the way.
        let (op, i) = pending[0].clone();
        let Some((scope, _, target)) = ends(&op) else {
            return Err((i, None));
        };
        let swap = pending.iter().position(|(q, _)| {
            ends(q).is_some_and(|(s, source, _)| s == scope && source == target)
        });
        if let Some(j) = swap {
            let (q, k) = pending[j].clone();
            let Some((_, source, _)) = ends(&q) else {
                return Err((k, None));
            };
            let aside = format!("{}_strata_tmp", bare(&source));
            let step = with_names(&q, None, Some(&aside));
            if try_apply(&mut schema, &step) {
                out.push(step);
                pending[j].0 = with_names(&q, Some(&aside), None);
                continue;
            }
            return Err((k, None));
        }
        return Err((i, blocker(base, wanted, &op)));
    }
    done.sort_unstable();
    let kept = done
        .into_iter()
        .filter_map(|i| wanted.get(i).cloned())
        .collect();
    Ok((out, schema, kept))
}

/// The table called `name` in `base`, given its name after the table renames in `wanted`.
fn old_table(wanted: &[Op], name: &QualifiedName) -> QualifiedName {
    wanted
        .iter()
        .find_map(|op| match op {
            Op::RenameTable { from, to } if to == name => Some(from.clone()),
            _ => None,
        })
        .unwrap_or_else(|| name.clone())
}

/// The object of `base` that holds the new name of `op`.
fn blocker(base: &Schema, wanted: &[Op], op: &Op) -> Option<Blocker> {
    let drop = |op: Op| Some(Blocker::Other(Box::new(op)));
    match op {
        Op::RenameTable { .. } | Op::RenameView { .. } | Op::RenameSequence { .. } => {
            let to = match op {
                Op::RenameSequence { from, to } => QualifiedName {
                    schema: from.schema.clone(),
                    name: to.clone(),
                },
                Op::RenameTable { to, .. } | Op::RenameView { to, .. } => to.clone(),
                _ => return None,
            };
            if base.tables.contains_key(&to) {
                Some(Blocker::Table(to))
            } else if let Some(v) = base.views.get(&to) {
                drop(Op::DropView {
                    name: to,
                    if_exists: false,
                    materialized: v.materialized,
                    cascade: false,
                })
            } else if base.sequences.contains_key(&to) {
                drop(Op::DropSequence {
                    name: to,
                    if_exists: false,
                    cascade: false,
                })
            } else {
                None
            }
        }
        Op::RenameType { to, .. } if base.enums.contains_key(to) => drop(Op::DropType {
            name: to.clone(),
            if_exists: false,
            cascade: false,
        }),
        Op::RenameColumn { table, to, .. } => drop(Op::DropColumn {
            table: old_table(wanted, table),
            column: to.clone(),
            if_exists: false,
            cascade: false,
        }),
        Op::RenameConstraint { table, to, .. } => drop(Op::DropConstraint {
            table: old_table(wanted, table),
            name: to.clone(),
            if_exists: false,
            cascade: false,
        }),
        Op::RenameIndex { table, from, to } => {
            let table = table.as_ref().map(|t| old_table(wanted, t));
            drop(Op::DropIndex {
                name: QualifiedName {
                    schema: from.schema.clone(),
                    name: to.clone(),
                },
                table,
                if_exists: false,
            })
        }
        _ => None,
    }
}

/// `from` without the objects in the way: a table goes with the foreign keys that reference it,
/// the views that read it and the sequences its columns own (the database drops those with it,
/// or refuses to drop it while they exist); anything else is dropped as the database would.
/// `None` when the database would refuse a drop.
fn without(from: &Schema, blockers: &[Blocker]) -> Option<Schema> {
    let mut schema = from.clone();
    for b in blockers {
        match b {
            Blocker::Table(name) => remove_table(&mut schema, name),
            Blocker::Other(op) => {
                if !try_apply(&mut schema, op) {
                    return None;
                }
            }
        }
    }
    Some(schema)
}

fn remove_table(schema: &mut Schema, name: &QualifiedName) {
    schema.tables.remove(name);
    for t in schema.tables.values_mut() {
        t.constraints.retain(|c| {
            !matches!(&c.kind, crate::schema::ConstraintKind::ForeignKey(fk) if &fk.ref_table == name)
        });
    }
    schema
        .sequences
        .retain(|_, s| s.owned_by.as_ref().is_none_or(|(t, _)| t != name));
    let mut gone = vec![name.name.clone()];
    while let Some(n) = gone.pop() {
        let reading: Vec<QualifiedName> = schema
            .views
            .values()
            .filter(|v| crate::sql_text::mentions(&v.query, &n, schema.dialect))
            .map(|v| v.name.clone())
            .collect();
        for v in reading {
            schema.views.remove(&v);
            gone.push(v.name);
        }
    }
    schema.names.valid = false;
}
