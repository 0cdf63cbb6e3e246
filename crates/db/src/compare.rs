//! Comparing a simulated schema with an introspected one.
//!
//! [`comparable`] puts a schema in canonical form: what no catalog keeps verbatim is cleared,
//! what catalogs order arbitrarily is sorted, and spellings that mean the same thing to the
//! database are folded to one. [`compare`] lists the differences between two canonical schemas
//! as lines a person can read:
//!
//! ```text
//! table users: column email: type character varying(255) (simulated) vs text (database)
//! ```

use std::collections::{BTreeMap, BTreeSet};
use strata_core::normalize::{parse_type, type_name};
use strata_core::schema::{
    Column, Constraint, ConstraintKind, FkAction, ForeignKey, Function, Index, IndexKey,
    QualifiedName, Schema, Sequence, Table,
};
use strata_core::Dialect;

/// `schema` in canonical form:
/// - constraints and indexes sorted by name (catalogs keep no creation order we could match);
///   column order is kept, it is observable and must match exactly;
/// - view query text, trigger definitions, function bodies and table options cleared: databases
///   reformat or drop them;
/// - a foreign key that names only its target table gets the target's primary-key columns;
/// - sequences get PostgreSQL's defaults for what they leave unset (bigint, start 1, increment 1);
/// - function keys rebuilt as `name(type, ...)` from normalized argument types;
/// - MySQL: `RESTRICT` is `NO ACTION` (InnoDB treats them alike and reports `RESTRICT` for an
///   unspecified action), and a plain unique index is a unique constraint (the catalog cannot
///   tell them apart).
pub fn comparable(schema: &Schema) -> Schema {
    let d = schema.dialect;
    let mut out = schema.clone();
    out.namespaces.sort();
    out.namespaces.dedup();
    out.extensions.sort();
    out.extensions.dedup();
    let primary_keys: BTreeMap<QualifiedName, Vec<String>> = schema
        .tables
        .iter()
        .filter_map(|(n, t)| match t.primary_key().map(|c| &c.kind) {
            Some(ConstraintKind::PrimaryKey { columns }) => Some((n.clone(), columns.clone())),
            _ => None,
        })
        .collect();
    for table in out.tables.values_mut() {
        table.options.clear();
        for trigger in &mut table.triggers {
            trigger.definition.clear();
        }
        table.triggers.sort_by(|a, b| a.name.cmp(&b.name));
        if d == Dialect::Mysql {
            let (unique, rest): (Vec<Index>, Vec<Index>) = std::mem::take(&mut table.indexes)
                .into_iter()
                .partition(|i| {
                    i.unique
                        && i.predicate.is_none()
                        && i.method.is_none()
                        && i.keys
                            .iter()
                            .all(|k| matches!(k, IndexKey::Column { desc: false, .. }))
                });
            table.indexes = rest;
            for index in unique {
                let columns = index.keys.into_iter().filter_map(|k| match k {
                    IndexKey::Column { name, .. } => Some(name),
                    IndexKey::Expr { .. } => None,
                });
                table.constraints.push(Constraint {
                    name: index.name,
                    kind: ConstraintKind::Unique {
                        columns: columns.collect(),
                        nulls_not_distinct: false,
                    },
                    deferrable: Default::default(),
                });
            }
        }
        for constraint in &mut table.constraints {
            if let ConstraintKind::ForeignKey(fk) = &mut constraint.kind {
                if fk.ref_columns.is_empty() {
                    if let Some(pk) = primary_keys.get(&fk.ref_table) {
                        fk.ref_columns = pk.clone();
                    }
                }
                if d == Dialect::Mysql {
                    for action in [&mut fk.on_delete, &mut fk.on_update] {
                        if *action == FkAction::Restrict {
                            *action = FkAction::NoAction;
                        }
                    }
                }
            }
        }
        table.constraints.sort_by(|a, b| {
            a.name
                .cmp(&b.name)
                .then_with(|| describe_kind(&a.kind, d).cmp(&describe_kind(&b.kind, d)))
        });
        for index in &mut table.indexes {
            index.method = index.method.take().map(|m| m.to_ascii_lowercase());
        }
        // `COLLATE "C"` as written and `C` as the catalog reports it are one collation.
        for column in &mut table.columns {
            column.collation = column
                .collation
                .take()
                .map(|c| c.trim_matches(['"', '`', '\'']).to_string());
        }
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    for view in out.views.values_mut() {
        view.query.clear();
    }
    for seq in out.sequences.values_mut() {
        if d == Dialect::Postgres {
            seq.data_type.get_or_insert_with(|| parse_type("bigint", d));
        }
        let increment = *seq.increment.get_or_insert(1);
        if increment > 0 {
            seq.start.get_or_insert(1);
        }
    }
    out.functions = std::mem::take(&mut out.functions)
        .into_values()
        .map(|f| {
            let args = f
                .args
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| argument_type(a, d))
                .collect::<Vec<_>>()
                .join(", ");
            let returns = f.returns.map(|r| match r.trim() {
                r if r.contains('(') && r.to_ascii_lowercase().starts_with("table") => {
                    r.to_string()
                }
                r => type_name(&parse_type(r, d), d),
            });
            (
                format!("{}({args})", f.name),
                Function {
                    name: f.name,
                    args,
                    returns,
                    // The catalog reformats bodies: definitions are never compared.
                    definition: String::new(),
                },
            )
        })
        .collect();
    out
}

/// The type of one function argument as written (`a integer`, `IN b text DEFAULT 'x'`,
/// `double precision`), spelled as the catalog spells it.
fn argument_type(arg: &str, d: Dialect) -> String {
    let mut words: Vec<&str> = arg.split_whitespace().collect();
    if let Some(i) = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("default") || *w == "=")
    {
        words.truncate(i);
    }
    if words.first().is_some_and(|w| {
        ["in", "out", "inout", "variadic"]
            .iter()
            .any(|m| w.eq_ignore_ascii_case(m))
    }) {
        words.remove(0);
    }
    let whole = words.join(" ");
    let ty = parse_type(&whole, d);
    // `name type`: a leading parameter name makes the whole text an unknown type.
    if let (strata_core::schema::DataType::Named(_), [_, rest @ ..]) = (&ty, words.as_slice()) {
        let without_name = parse_type(&rest.join(" "), d);
        if !matches!(without_name, strata_core::schema::DataType::Named(_)) {
            return type_name(&without_name, d);
        }
    }
    type_name(&ty, d)
}

/// The differences between a simulated schema and a live one, one readable line each; empty
/// when they match.
pub fn compare(simulated: &Schema, live: &Schema) -> Vec<String> {
    let d = simulated.dialect;
    let (a, b) = (comparable(simulated), comparable(live));
    let mut out = Vec::new();
    let mut only = |what: &str, sim: bool| {
        out.push(if sim {
            format!("{what}: simulated, not in the database")
        } else {
            format!("{what}: in the database, not simulated")
        })
    };
    for (name, sim) in [(&a.namespaces, true), (&b.namespaces, false)].map(|(x, s)| (x.clone(), s))
    {
        let other = if sim { &b.namespaces } else { &a.namespaces };
        for n in name.iter().filter(|n| !other.contains(n)) {
            only(&format!("schema {n}"), sim);
        }
    }
    for (list, sim) in [(&a.extensions, true), (&b.extensions, false)] {
        let other = if sim { &b.extensions } else { &a.extensions };
        for n in list.iter().filter(|n| !other.contains(n)) {
            only(&format!("extension {n}"), sim);
        }
    }
    keyed(
        &a.tables,
        &b.tables,
        "table",
        &mut out,
        |name, x, y, out| compare_table(&format!("table {name}"), x, y, d, out),
    );
    keyed(&a.views, &b.views, "view", &mut out, |name, x, y, out| {
        let what = format!("view {name}");
        if x.materialized != y.materialized {
            out.push(format!(
                "{what}: materialized {} (simulated) vs {} (database)",
                x.materialized, y.materialized
            ));
        }
        // A simulation that could not work out the output columns leaves them empty.
        if !x.columns.is_empty() && x.columns != y.columns {
            out.push(format!(
                "{what}: columns {} (simulated) vs {} (database)",
                x.columns.join(", "),
                y.columns.join(", ")
            ));
        }
    });
    keyed(&a.enums, &b.enums, "enum", &mut out, |name, x, y, out| {
        if x.values != y.values {
            out.push(format!(
                "enum {name}: values {} (simulated) vs {} (database)",
                quoted(&x.values),
                quoted(&y.values)
            ));
        }
    });
    keyed(
        &a.sequences,
        &b.sequences,
        "sequence",
        &mut out,
        |name, x, y, out| {
            let (sx, sy) = (describe_sequence(x, d), describe_sequence(y, d));
            if sx != sy {
                out.push(format!(
                    "sequence {name}: {sx} (simulated) vs {sy} (database)"
                ));
            }
        },
    );
    keyed(
        &a.functions,
        &b.functions,
        "function",
        &mut out,
        |name, x, y, out| {
            if x.returns != y.returns {
                out.push(format!(
                    "function {name}: returns {} (simulated) vs {} (database)",
                    x.returns.as_deref().unwrap_or("nothing"),
                    y.returns.as_deref().unwrap_or("nothing")
                ));
            }
        },
    );
    out
}

/// Walks two maps by key: reports keys on one side only, calls `both` for the rest.
fn keyed<K: Ord + std::fmt::Display, V>(
    a: &BTreeMap<K, V>,
    b: &BTreeMap<K, V>,
    what: &str,
    out: &mut Vec<String>,
    mut both: impl FnMut(&K, &V, &V, &mut Vec<String>),
) {
    let keys: BTreeSet<&K> = a.keys().chain(b.keys()).collect();
    for k in keys {
        match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) => both(k, x, y, out),
            (Some(_), None) => out.push(format!("{what} {k}: simulated, not in the database")),
            (None, Some(_)) => out.push(format!("{what} {k}: in the database, not simulated")),
            (None, None) => {}
        }
    }
}

fn compare_table(what: &str, a: &Table, b: &Table, d: Dialect, out: &mut Vec<String>) {
    let names = |t: &Table| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    for c in &a.columns {
        if b.column(&c.name).is_none() {
            out.push(format!(
                "{what}: column {}: simulated, not in the database",
                c.name
            ));
        }
    }
    for c in &b.columns {
        if a.column(&c.name).is_none() {
            out.push(format!(
                "{what}: column {}: in the database, not simulated",
                c.name
            ));
        }
    }
    let common_a: Vec<String> = names(a)
        .into_iter()
        .filter(|n| b.column(n).is_some())
        .collect();
    let common_b: Vec<String> = names(b)
        .into_iter()
        .filter(|n| a.column(n).is_some())
        .collect();
    if common_a != common_b {
        out.push(format!(
            "{what}: column order {} (simulated) vs {} (database)",
            common_a.join(", "),
            common_b.join(", ")
        ));
    }
    for x in &a.columns {
        if let Some(y) = b.column(&x.name) {
            compare_column(&format!("{what}: column {}", x.name), x, y, d, out);
        }
    }
    if a.comment != b.comment {
        out.push(format!(
            "{what}: comment {} (simulated) vs {} (database)",
            opt(&a.comment),
            opt(&b.comment)
        ));
    }

    // Constraints by name; one whose name the database does not keep (empty) matches by content.
    let mut unmatched_b: Vec<&Constraint> = b.constraints.iter().collect();
    let mut unmatched_a: Vec<&Constraint> = Vec::new();
    for x in &a.constraints {
        match unmatched_b
            .iter()
            .position(|y| !x.name.is_empty() && y.name == x.name)
        {
            Some(i) => {
                let y = unmatched_b.remove(i);
                let (dx, dy) = (describe_constraint(x, d), describe_constraint(y, d));
                if dx != dy {
                    out.push(format!(
                        "{what}: constraint {}: {dx} (simulated) vs {dy} (database)",
                        label(&x.name)
                    ));
                }
            }
            None => unmatched_a.push(x),
        }
    }
    unmatched_a.retain(|x| {
        let found = unmatched_b.iter().position(|y| {
            (y.name.is_empty() || x.name.is_empty())
                && describe_constraint(x, d) == describe_constraint(y, d)
        });
        match found {
            Some(i) => {
                unmatched_b.remove(i);
                false
            }
            None => true,
        }
    });
    for x in unmatched_a {
        out.push(format!(
            "{what}: constraint {}: simulated, not in the database: {}",
            label(&x.name),
            describe_constraint(x, d)
        ));
    }
    for y in unmatched_b {
        out.push(format!(
            "{what}: constraint {}: in the database, not simulated: {}",
            label(&y.name),
            describe_constraint(y, d)
        ));
    }

    let ia: BTreeMap<&str, &Index> = a.indexes.iter().map(|i| (i.name.as_str(), i)).collect();
    let ib: BTreeMap<&str, &Index> = b.indexes.iter().map(|i| (i.name.as_str(), i)).collect();
    for name in ia.keys().chain(ib.keys()).collect::<BTreeSet<_>>() {
        match (ia.get(name), ib.get(name)) {
            (Some(x), Some(y)) => {
                let (dx, dy) = (describe_index(x), describe_index(y));
                if dx != dy {
                    out.push(format!(
                        "{what}: index {name}: {dx} (simulated) vs {dy} (database)"
                    ));
                }
            }
            (Some(x), None) => out.push(format!(
                "{what}: index {name}: simulated, not in the database: {}",
                describe_index(x)
            )),
            (None, Some(y)) => out.push(format!(
                "{what}: index {name}: in the database, not simulated: {}",
                describe_index(y)
            )),
            (None, None) => {}
        }
    }
    let ta: BTreeSet<&str> = a.triggers.iter().map(|t| t.name.as_str()).collect();
    let tb: BTreeSet<&str> = b.triggers.iter().map(|t| t.name.as_str()).collect();
    for t in ta.difference(&tb) {
        out.push(format!(
            "{what}: trigger {t}: simulated, not in the database"
        ));
    }
    for t in tb.difference(&ta) {
        out.push(format!(
            "{what}: trigger {t}: in the database, not simulated"
        ));
    }
}

fn compare_column(what: &str, a: &Column, b: &Column, d: Dialect, out: &mut Vec<String>) {
    let mut field = |name: &str, x: String, y: String| {
        if x != y {
            out.push(format!("{what}: {name} {x} (simulated) vs {y} (database)"));
        }
    };
    field("type", type_name(&a.ty, d), type_name(&b.ty, d));
    field("nullable", a.nullable.to_string(), b.nullable.to_string());
    field("default", opt(&a.default), opt(&b.default));
    field(
        "identity",
        identity(a.identity).into(),
        identity(b.identity).into(),
    );
    field(
        "auto_increment",
        a.auto_increment.to_string(),
        b.auto_increment.to_string(),
    );
    let generated = |c: &Column| match &c.generated {
        Some(g) => format!("{} {}", g.expr, if g.stored { "stored" } else { "virtual" }),
        None => "none".to_string(),
    };
    field("generated", generated(a), generated(b));
    field("collation", opt(&a.collation), opt(&b.collation));
    field("comment", opt(&a.comment), opt(&b.comment));
    field("on update", opt(&a.on_update), opt(&b.on_update));
}

fn identity(i: Option<strata_core::schema::Identity>) -> &'static str {
    match i {
        Some(strata_core::schema::Identity::Always) => "always",
        Some(strata_core::schema::Identity::ByDefault) => "by default",
        None => "none",
    }
}

fn opt(v: &Option<String>) -> String {
    match v {
        Some(s) => s.clone(),
        None => "none".to_string(),
    }
}

fn label(name: &str) -> &str {
    if name.is_empty() {
        "(unnamed)"
    } else {
        name
    }
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn describe_constraint(c: &Constraint, d: Dialect) -> String {
    let mut s = describe_kind(&c.kind, d);
    match c.deferrable {
        strata_core::schema::Deferrable::Not => {}
        strata_core::schema::Deferrable::InitiallyImmediate => s.push_str(" deferrable"),
        strata_core::schema::Deferrable::InitiallyDeferred => {
            s.push_str(" deferrable initially deferred")
        }
    }
    s
}

fn describe_kind(k: &ConstraintKind, _d: Dialect) -> String {
    match k {
        ConstraintKind::PrimaryKey { columns } => format!("primary key ({})", columns.join(", ")),
        ConstraintKind::Unique {
            columns,
            nulls_not_distinct,
        } => {
            format!(
                "unique{} ({})",
                if *nulls_not_distinct {
                    " nulls not distinct"
                } else {
                    ""
                },
                columns.join(", ")
            )
        }
        ConstraintKind::Check { expr } => format!("check ({expr})"),
        ConstraintKind::ForeignKey(fk) => describe_fk(fk),
        ConstraintKind::Exclude { definition } => definition.clone(),
    }
}

fn describe_fk(fk: &ForeignKey) -> String {
    let mut s = format!(
        "foreign key ({}) references {} ({})",
        fk.columns.join(", "),
        fk.ref_table,
        fk.ref_columns.join(", ")
    );
    if fk.on_delete != FkAction::NoAction {
        s.push_str(&format!(" on delete {}", fk.on_delete.sql().to_lowercase()));
    }
    if fk.on_update != FkAction::NoAction {
        s.push_str(&format!(" on update {}", fk.on_update.sql().to_lowercase()));
    }
    s
}

pub(crate) fn describe_index(i: &Index) -> String {
    let keys: Vec<String> = i
        .keys
        .iter()
        .map(|k| {
            // The key's SQL, with the keywords in this listing's lower case.
            let suffix = k
                .suffix(|c| format!("\"{c}\""))
                .replace(" COLLATE ", " collate ")
                .replace(" DESC", " desc")
                .replace(" NULLS ", " nulls ")
                .replace(" FIRST", " first")
                .replace(" LAST", " last");
            match k {
                IndexKey::Column { name, .. } => format!("{name}{suffix}"),
                IndexKey::Expr { expr, .. } => format!("({expr}){suffix}"),
            }
        })
        .collect();
    let mut s = format!(
        "{}index ({})",
        if i.unique { "unique " } else { "" },
        keys.join(", ")
    );
    if let Some(m) = &i.method {
        s.push_str(&format!(" using {m}"));
    }
    if !i.include.is_empty() {
        s.push_str(&format!(" include ({})", i.include.join(", ")));
    }
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" where {p}"));
    }
    s
}

fn describe_sequence(s: &Sequence, d: Dialect) -> String {
    let mut out = String::new();
    if let Some(t) = &s.data_type {
        out.push_str(&format!("as {} ", type_name(t, d)));
    }
    out.push_str(&format!(
        "start {} increment {}",
        s.start.map_or("default".into(), |v| v.to_string()),
        s.increment.map_or("default".into(), |v| v.to_string())
    ));
    if let Some((t, c)) = &s.owned_by {
        out.push_str(&format!(" owned by {t}.{c}"));
    }
    out
}

/// A compact, line-per-fact text of a schema, for snapshots.
pub fn summary(schema: &Schema) -> String {
    let d = schema.dialect;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    for n in &schema.namespaces {
        line(format!("schema {n}"));
    }
    for e in &schema.extensions {
        line(format!("extension {e}"));
    }
    for (name, t) in &schema.tables {
        line(format!(
            "table {name}{}",
            t.comment
                .as_ref()
                .map_or(String::new(), |c| format!(" comment '{c}'"))
        ));
        for c in &t.columns {
            let mut s = format!("  {} {}", c.name, type_name(&c.ty, d));
            if !c.nullable {
                s.push_str(" not null");
            }
            if let Some(v) = &c.default {
                s.push_str(&format!(" default {v}"));
            }
            if let Some(v) = &c.on_update {
                s.push_str(&format!(" on update {v}"));
            }
            if c.identity.is_some() {
                s.push_str(&format!(" identity {}", identity(c.identity)));
            }
            if c.auto_increment {
                s.push_str(" auto_increment");
            }
            if let Some(g) = &c.generated {
                s.push_str(&format!(
                    " generated ({}) {}",
                    g.expr,
                    if g.stored { "stored" } else { "virtual" }
                ));
            }
            if let Some(v) = &c.collation {
                s.push_str(&format!(" collate {v}"));
            }
            if let Some(v) = &c.comment {
                s.push_str(&format!(" comment '{v}'"));
            }
            line(s);
        }
        for c in &t.constraints {
            line(format!(
                "  constraint {} {}",
                label(&c.name),
                describe_constraint(c, d)
            ));
        }
        for i in &t.indexes {
            line(format!("  index {} {}", i.name, describe_index(i)));
        }
        for tr in &t.triggers {
            line(format!("  trigger {}", tr.name));
        }
        if !t.options.is_empty() {
            line(format!("  options {}", t.options.join(", ")));
        }
    }
    for (name, v) in &schema.views {
        line(format!(
            "{}view {name} ({})",
            if v.materialized { "materialized " } else { "" },
            v.columns.join(", ")
        ));
    }
    for (name, e) in &schema.enums {
        line(format!("enum {name} ({})", quoted(&e.values)));
    }
    for (name, s) in &schema.sequences {
        line(format!("sequence {name} {}", describe_sequence(s, d)));
    }
    for (key, f) in &schema.functions {
        line(format!(
            "function {key}{}",
            f.returns
                .as_ref()
                .map_or(String::new(), |r| format!(" returns {r}"))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_core::{load, Config, InputFile, Revision};

    fn simulate(sql: &str, dialect: Dialect) -> Schema {
        let project = load(
            vec![InputFile::new("001_x.sql", sql)],
            &Config {
                dialect: Some(dialect),
                ..Config::default()
            },
        );
        project.replay(Revision::At(0)).schema
    }

    /// The difference lines between two simulated schemas, `simulated` standing for the
    /// simulation and `live` for the database.
    fn check(dialect: Dialect, simulated: &str, live: &str) -> String {
        let lines = compare(&simulate(simulated, dialect), &simulate(live, dialect));
        if lines.is_empty() {
            "(same)".to_string()
        } else {
            lines.join("\n")
        }
    }

    #[test]
    fn same_schema_has_no_differences() {
        let sql = "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE); CREATE INDEX ON users (lower(email));";
        insta::assert_snapshot!(check(Dialect::Postgres, sql, sql), @"(same)");
    }

    #[test]
    fn columns() {
        insta::assert_snapshot!(check(
            Dialect::Postgres,
            "CREATE TABLE t (a int NOT NULL, b varchar(20) DEFAULT 'x', c text, d int);",
            "CREATE TABLE t (a bigint, c text, b varchar(30), e int);",
        ), @r#"
            table t: column d: simulated, not in the database
            table t: column e: in the database, not simulated
            table t: column order a, b, c (simulated) vs a, c, b (database)
            table t: column a: type integer (simulated) vs bigint (database)
            table t: column a: nullable false (simulated) vs true (database)
            table t: column b: type character varying(20) (simulated) vs character varying(30) (database)
            table t: column b: default 'x' (simulated) vs none (database)
            "#);
    }

    #[test]
    fn tables_constraints_indexes() {
        insta::assert_snapshot!(check(
            Dialect::Postgres,
            "CREATE TABLE t (id int PRIMARY KEY, n int CONSTRAINT positive CHECK (n > 0)); CREATE TABLE gone (x int); CREATE INDEX t_n ON t (n);",
            "CREATE TABLE t (id int PRIMARY KEY, n int CONSTRAINT n_positive CHECK (n > 0)); CREATE TABLE extra (x int); CREATE INDEX t_n ON t (n DESC) WHERE n > 1;",
        ), @r#"
            table extra: in the database, not simulated
            table gone: simulated, not in the database
            table t: constraint positive: simulated, not in the database: check (n > 0)
            table t: constraint n_positive: in the database, not simulated: check (n > 0)
            table t: index t_n: index (n) (simulated) vs index (n desc) where n > 1 (database)
            "#);
    }

    #[test]
    fn mysql_equivalent_spellings() {
        // A unique index and a unique key are one thing in MySQL; RESTRICT is NO ACTION.
        insta::assert_snapshot!(check(
            Dialect::Mysql,
            "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int, UNIQUE KEY u (id), FOREIGN KEY (p_id) REFERENCES p (id));",
            "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int, FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE RESTRICT); CREATE UNIQUE INDEX u ON c (id);",
        ), @"(same)");
    }

    #[test]
    fn function_arguments_as_written_or_as_the_catalog_spells_them() {
        let args = [
            "a integer",
            "IN b character varying(20) DEFAULT 'x'",
            "double precision",
            "int4",
            "mood",
        ];
        let got: Vec<String> = args
            .iter()
            .map(|a| argument_type(a, Dialect::Postgres))
            .collect();
        insta::assert_snapshot!(got.join(" | "), @"integer | character varying(20) | double precision | integer | mood");
    }

    #[test]
    fn unnamed_constraints_match_by_content() {
        let simulated = simulate("CREATE TABLE t (n int CONSTRAINT n_check CHECK (n > 0), m int CONSTRAINT m_check CHECK (m > 0));", Dialect::Sqlite);
        let mut live = simulated.clone();
        for table in live.tables.values_mut() {
            for c in &mut table.constraints {
                c.name.clear();
            }
            table.constraints.pop();
        }
        insta::assert_snapshot!(compare(&simulated, &live).join("\n"), @"table t: constraint m_check: simulated, not in the database: check (m > 0)");
    }
}
