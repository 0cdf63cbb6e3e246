//! Everything that is not a table: schemas, views, enum types, sequences, extensions, functions,
//! triggers.

use super::constraint::remove_constraints;
use super::table::{name_in_use, namespace_exists};
use super::{has_list, Cx};
use crate::dialect::Dialect;
use crate::op::EnumPosition;
use crate::schema::{DataType, EnumType, Function, QualifiedName, Schema, Sequence, Trigger, View};
use crate::sql_text;

pub(super) fn create_schema(schema: &mut Schema, cx: &mut Cx, name: &str, if_not_exists: bool) {
    if schema.namespaces.iter().any(|n| n == name) {
        if if_not_exists {
            cx.skipped(format!("schema `{name}` already exists, skipping"));
        } else {
            cx.error(
                "duplicate-schema",
                format!("schema `{name}` already exists"),
                "already exists",
                "use CREATE SCHEMA IF NOT EXISTS".into(),
            );
        }
        return;
    }
    schema.namespaces.push(name.to_string());
}

pub(super) fn drop_schema(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &str,
    if_exists: bool,
    cascade: bool,
) {
    if !schema.namespaces.iter().any(|n| n == name) {
        if if_exists {
            cx.skipped(format!("schema `{name}` does not exist, skipping"));
        } else {
            cx.error(
                "unknown-schema",
                format!("schema `{name}` does not exist"),
                "no such schema",
                has_list("the migrations created schemas", &schema.namespaces),
            );
        }
        return;
    }
    let inside = |q: &QualifiedName| q.schema.as_deref() == Some(name);
    let mut contents: Vec<String> = Vec::new();
    contents.extend(
        schema
            .tables
            .keys()
            .filter(|k| inside(k))
            .map(|k| format!("table {k}")),
    );
    contents.extend(
        schema
            .views
            .keys()
            .filter(|k| inside(k))
            .map(|k| format!("view {k}")),
    );
    contents.extend(
        schema
            .enums
            .keys()
            .filter(|k| inside(k))
            .map(|k| format!("type {k}")),
    );
    contents.extend(
        schema
            .sequences
            .keys()
            .filter(|k| inside(k))
            .map(|k| format!("sequence {k}")),
    );
    contents.extend(
        schema
            .functions
            .values()
            .filter(|f| inside(&f.name))
            .map(|f| format!("function {}", f.name)),
    );
    let outside_fks: Vec<(QualifiedName, String)> = schema
        .tables
        .values()
        .filter(|t| !inside(&t.name))
        .flat_map(|t| t.constraints.iter().map(move |c| (t, c)))
        .filter(|(_, c)| matches!(&c.kind, crate::schema::ConstraintKind::ForeignKey(fk) if inside(&fk.ref_table)))
        .map(|(t, c)| (t.name.clone(), c.name.clone()))
        .collect();
    if !contents.is_empty() && !cascade {
        contents.extend(
            outside_fks
                .iter()
                .map(|(t, c)| format!("constraint {c} on table {t}")),
        );
        cx.dependent_objects(
            &format!("schema `{name}`"),
            &contents.join(", "),
            "DROP SCHEMA ... CASCADE",
        );
        return;
    }
    remove_constraints(schema, &outside_fks);
    schema.tables.retain(|k, _| !inside(k));
    schema.views.retain(|k, _| !inside(k));
    schema.enums.retain(|k, _| !inside(k));
    schema.sequences.retain(|k, _| !inside(k));
    schema.functions.retain(|_, f| !inside(&f.name));
    schema.namespaces.retain(|n| n != name);
}

pub(super) fn create_view(
    schema: &mut Schema,
    cx: &mut Cx,
    view: &View,
    or_replace: bool,
    if_not_exists: bool,
) {
    let key = cx.key(&view.name);
    let mut view = view.clone();
    view.name = key.clone();
    if view.columns.is_empty() && sql_text::selects_star(&view.query, cx.dialect) {
        // `SELECT * FROM t` is expanded when the view is created: the view has t's columns now.
        let ids = sql_text::idents(&view.query, cx.dialect);
        let mut read = schema
            .tables
            .values()
            .filter(|t| sql_text::refers_to(&ids, &t.name.name, cx.dialect));
        if let (Some(t), None) = (read.next(), read.next()) {
            view.columns = t.columns.iter().map(|c| c.name.clone()).collect();
        }
    }
    if schema.views.contains_key(&key) && or_replace {
        schema.views.insert(key, view);
        return;
    }
    if name_in_use(schema, cx, &key) {
        if if_not_exists {
            cx.skipped(format!("relation `{key}` already exists, skipping"));
        } else {
            cx.error(
                "duplicate-view",
                format!("relation `{key}` already exists"),
                "already exists",
                "use CREATE OR REPLACE VIEW, or choose another name".into(),
            );
        }
        return;
    }
    if !namespace_exists(schema, cx, &key) {
        return;
    }
    schema.views.insert(key, view);
}

pub(super) fn drop_view(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    if_exists: bool,
    cascade: bool,
) {
    let key = cx.key(name);
    // MariaDB parses and ignores CASCADE here.
    if cascade && cx.is(Dialect::Postgres) && schema.views.contains_key(&key) {
        // PostgreSQL: `NOTICE: drop cascades to [materialized] view ...`, for views built on
        // this one and on those, however deep. A view is only ever dropped once, so the walk
        // ends after at most one pass per view.
        let mut dropped = vec![key.clone()];
        let mut i = 0;
        while let Some(gone) = dropped.get(i).cloned() {
            i += 1;
            let uses: Vec<QualifiedName> = schema
                .views
                .iter()
                .filter(|(k, v)| {
                    !dropped.contains(k) && sql_text::mentions(&v.query, &gone.name, cx.dialect)
                })
                .map(|(k, _)| k.clone())
                .collect();
            dropped.extend(uses);
        }
        for k in dropped.iter().skip(1) {
            schema.views.remove(k);
        }
        match &mut schema.session.cascaded {
            Some((span, gone)) if *span == cx.span => gone.extend(dropped),
            other => *other = Some((cx.span, dropped)),
        }
    }
    let cascaded_here = |s: &Schema| {
        s.session
            .cascaded
            .as_ref()
            .is_some_and(|(span, gone)| *span == cx.span && gone.contains(&key))
    };
    if schema.views.remove(&key).is_none() && !cascaded_here(schema) {
        if if_exists {
            cx.skipped(format!("view `{key}` does not exist, skipping"));
        } else {
            let names: Vec<String> = schema.views.keys().map(ToString::to_string).collect();
            cx.error(
                "unknown-view",
                format!("view `{key}` does not exist"),
                "no such view",
                has_list("the schema has views", &names),
            );
        }
    }
}

pub(super) fn rename_view(
    schema: &mut Schema,
    cx: &mut Cx,
    from: &QualifiedName,
    to: &QualifiedName,
) {
    let old = cx.key(from);
    let mut new = cx.key(to);
    if new.schema.is_none() {
        new.schema.clone_from(&old.schema);
    }
    if !schema.views.contains_key(&old) {
        let names: Vec<String> = schema.views.keys().map(ToString::to_string).collect();
        cx.error(
            "unknown-view",
            format!("view `{old}` does not exist"),
            "no such view",
            has_list("the schema has views", &names),
        );
        return;
    }
    if name_in_use(schema, cx, &new) {
        cx.error(
            "duplicate-view",
            format!("relation `{new}` already exists"),
            "already exists",
            "choose another name".into(),
        );
        return;
    }
    if let Some(mut v) = schema.views.remove(&old) {
        v.name = new.clone();
        schema.views.insert(new, v);
    }
}

fn unknown_type(cx: &mut Cx, schema: &Schema, key: &QualifiedName) {
    let names: Vec<String> = schema.enums.keys().map(ToString::to_string).collect();
    cx.error(
        "unknown-type",
        format!("type `{key}` does not exist"),
        "no such type",
        has_list("the schema has enum types", &names),
    );
}

pub(super) fn create_enum(schema: &mut Schema, cx: &mut Cx, ty: &EnumType, if_not_exists: bool) {
    let key = cx.key(&ty.name);
    if schema.enums.contains_key(&key) {
        if if_not_exists {
            cx.skipped(format!("type `{key}` already exists, skipping"));
        } else {
            cx.error(
                "duplicate-type",
                format!("type `{key}` already exists"),
                "already exists",
                "choose another name, or DROP TYPE first".into(),
            );
        }
        return;
    }
    if let Some(dup) = ty
        .values
        .iter()
        .enumerate()
        .find(|(i, v)| ty.values.iter().take(*i).any(|w| w == *v))
        .map(|(_, v)| v)
    {
        cx.error(
            "duplicate-enum-value",
            format!("enum label `{dup}` is given twice"),
            "repeated label",
            "remove the repeated label".into(),
        );
        return;
    }
    if !namespace_exists(schema, cx, &key) {
        return;
    }
    schema.enums.insert(
        key.clone(),
        EnumType {
            name: key,
            values: ty.values.clone(),
        },
    );
}

pub(super) fn add_enum_value(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    value: &str,
    position: &EnumPosition,
    if_not_exists: bool,
) {
    let key = cx.key(name);
    let Some(e) = schema.enums.get_mut(&key) else {
        unknown_type(cx, schema, &key);
        return;
    };
    if e.values.iter().any(|v| v == value) {
        if if_not_exists {
            cx.skipped(format!("enum label `{value}` already exists, skipping"));
        } else {
            cx.error(
                "duplicate-enum-value",
                format!("enum label `{value}` already exists in `{key}`"),
                "already exists",
                "use ADD VALUE IF NOT EXISTS".into(),
            );
        }
        return;
    }
    let at = match position {
        EnumPosition::End => Some(e.values.len()),
        EnumPosition::Before(v) => e.values.iter().position(|x| x == v),
        EnumPosition::After(v) => e.values.iter().position(|x| x == v).map(|i| i + 1),
    };
    match at {
        Some(i) => e.values.insert(i, value.to_string()),
        None => {
            let (EnumPosition::Before(v) | EnumPosition::After(v)) = position else {
                return;
            };
            let help = has_list("the type has", &e.values);
            cx.error(
                "unknown-enum-value",
                format!("`{v}` is not an existing enum label of `{key}`"),
                "no such label",
                help,
            );
        }
    }
}

pub(super) fn rename_enum_value(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    from: &str,
    to: &str,
) {
    let key = cx.key(name);
    let Some(e) = schema.enums.get_mut(&key) else {
        unknown_type(cx, schema, &key);
        return;
    };
    if e.values.iter().any(|v| v == to) {
        cx.error(
            "duplicate-enum-value",
            format!("enum label `{to}` already exists in `{key}`"),
            "already exists",
            "choose another label".into(),
        );
        return;
    }
    match e.values.iter_mut().find(|v| *v == from) {
        Some(v) => {
            *v = to.to_string();
            rename_enum_defaults(schema, &key, from, to);
        }
        None => {
            let help = has_list("the type has", &e.values);
            cx.error(
                "unknown-enum-value",
                format!("`{from}` is not an existing enum label of `{key}`"),
                "no such label",
                help,
            );
        }
    }
}

/// PostgreSQL stores a default of an enum column as the label's OID, so renaming the label renames
/// the default (`DEFAULT 'require_application'` reads back `'RequireApplication'`; found on
/// Lemmy's history, checked on PostgreSQL 15).
fn rename_enum_defaults(schema: &mut Schema, key: &QualifiedName, from: &str, to: &str) {
    let literal = |v: &str| format!("'{}'", v.replace('\'', "''"));
    let (old, new) = (literal(from), literal(to));
    for t in schema.tables.values_mut() {
        for c in t.columns.iter_mut() {
            if !matches!(&c.ty, DataType::Named(_)) || !uses_type(&c.ty, key) {
                continue;
            }
            if let Some(d) = c.default.as_mut() {
                if let Some(rest) = d.strip_prefix(old.as_str()) {
                    if rest.is_empty() || rest.starts_with("::") {
                        *d = format!("{new}{rest}");
                    }
                }
            }
        }
    }
}

/// Whether a column type is the named type, directly or as an array element.
fn uses_type(ty: &DataType, key: &QualifiedName) -> bool {
    match ty {
        DataType::Named(n) => *n == key.name || *n == key.to_string(),
        DataType::Array(inner) => uses_type(inner, key),
        _ => false,
    }
}

fn rename_type_in(ty: &mut DataType, key: &QualifiedName, to: &str) {
    match ty {
        DataType::Named(n) if *n == key.name || *n == key.to_string() => *n = to.to_string(),
        DataType::Array(inner) => rename_type_in(inner, key, to),
        _ => {}
    }
}

pub(super) fn drop_type(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    if_exists: bool,
    cascade: bool,
) {
    let key = cx.key(name);
    if !schema.enums.contains_key(&key) {
        if if_exists {
            cx.skipped(format!("type `{key}` does not exist, skipping"));
        }
        // Other types (domains, composites) are not modelled, so an unknown name is not an error.
        return;
    }
    let users: Vec<(QualifiedName, String)> = schema
        .tables
        .values()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter(|(_, c)| uses_type(&c.ty, &key))
        .map(|(t, c)| (t.name.clone(), c.name.clone()))
        .collect();
    if !users.is_empty() {
        if !cascade {
            let list: Vec<String> = users
                .iter()
                .map(|(t, c)| format!("column {c} of table {t}"))
                .collect();
            cx.dependent_objects(
                &format!("type `{key}`"),
                &list.join(", "),
                "DROP TYPE ... CASCADE",
            );
            return;
        }
        // CASCADE drops the columns themselves.
        for (t, c) in &users {
            if let Some(t) = schema.tables.get_mut(t) {
                t.columns.retain(|col| col.name != *c);
            }
        }
    }
    schema.enums.remove(&key);
}

pub(super) fn rename_type(
    schema: &mut Schema,
    cx: &mut Cx,
    from: &QualifiedName,
    to: &QualifiedName,
) {
    let old = cx.key(from);
    let mut new = cx.key(to);
    if new.schema.is_none() {
        new.schema.clone_from(&old.schema);
    }
    let Some(mut e) = schema.enums.remove(&old) else {
        // Unmodelled types rename silently.
        return;
    };
    if schema.enums.contains_key(&new) {
        schema.enums.insert(old, e);
        cx.error(
            "duplicate-type",
            format!("type `{new}` already exists"),
            "already exists",
            "choose another name".into(),
        );
        return;
    }
    e.name = new.clone();
    schema.enums.insert(new.clone(), e);
    let spelled = new.to_string();
    for t in schema.tables.values_mut() {
        for c in &mut t.columns {
            rename_type_in(&mut c.ty, &old, &spelled);
        }
    }
}

fn unknown_sequence(cx: &mut Cx, schema: &Schema, key: &QualifiedName) {
    let names: Vec<String> = schema.sequences.keys().map(ToString::to_string).collect();
    cx.error(
        "unknown-sequence",
        format!("sequence `{key}` does not exist"),
        "no such sequence",
        has_list("the schema has sequences", &names),
    );
}

pub(super) fn create_sequence(
    schema: &mut Schema,
    cx: &mut Cx,
    seq: &Sequence,
    if_not_exists: bool,
) {
    let key = cx.key(&seq.name);
    if name_in_use(schema, cx, &key) || schema.sequences.contains_key(&key) {
        if if_not_exists {
            cx.skipped(format!("relation `{key}` already exists, skipping"));
        } else {
            cx.error(
                "duplicate-sequence",
                format!("relation `{key}` already exists"),
                "already exists",
                "use CREATE SEQUENCE IF NOT EXISTS, or choose another name".into(),
            );
        }
        return;
    }
    if !namespace_exists(schema, cx, &key) {
        return;
    }
    let mut seq = seq.clone();
    seq.name = key.clone();
    schema.sequences.insert(key, seq);
}

pub(super) fn alter_sequence(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    owned_by: Option<&Option<(QualifiedName, String)>>,
    start: Option<i64>,
    increment: Option<i64>,
) {
    let key = cx.key(name);
    if !schema.sequences.contains_key(&key) {
        // Restarting an identity's sequence changes nothing the model keeps.
        if !may_be_identity_sequence(schema, &key) {
            unknown_sequence(cx, schema, &key);
        }
        return;
    }
    let owner = match owned_by {
        Some(Some((t, c))) => {
            let tkey = cx.key(t);
            match schema.tables.get(&tkey) {
                None => {
                    cx.unknown_table(schema, &tkey);
                    return;
                }
                Some(table) if table.column(c).is_none() => {
                    cx.unknown_column(table, c);
                    return;
                }
                Some(_) => Some(Some((tkey, c.clone()))),
            }
        }
        Some(None) => Some(None),
        None => None,
    };
    let Some(s) = schema.sequences.get_mut(&key) else {
        return;
    };
    if let Some(o) = owner {
        s.owned_by = o;
    }
    if start.is_some() {
        s.start = start;
    }
    if increment.is_some() {
        s.increment = increment;
    }
}

pub(super) fn drop_sequence(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    if_exists: bool,
    cascade: bool,
) {
    let key = cx.key(name);
    if !schema.sequences.contains_key(&key) {
        if if_exists {
            cx.skipped(format!("sequence `{key}` does not exist, skipping"));
        } else {
            unknown_sequence(cx, schema, &key);
        }
        return;
    }
    // A column default `nextval('seq'::regclass)` depends on the sequence.
    // `nextval('s1'`: what the normalized `nextval('s1')` and the catalog's
    // `nextval('s1'::regclass)` both start with.
    let call = crate::normalize::nextval(&key);
    let call = call.strip_suffix(')').unwrap_or(&call);
    let users: Vec<(QualifiedName, String)> = schema
        .tables
        .values()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter(|(_, c)| c.default.as_deref().is_some_and(|d| d.contains(call)))
        .map(|(t, c)| (t.name.clone(), c.name.clone()))
        .collect();
    if cx.is(Dialect::Postgres) && !users.is_empty() {
        if !cascade {
            let list: Vec<String> = users
                .iter()
                .map(|(t, c)| format!("default value for column {c} of table {t}"))
                .collect();
            cx.dependent_objects(
                &format!("sequence `{key}`"),
                &list.join(", "),
                "DROP SEQUENCE ... CASCADE",
            );
            return;
        }
        for (t, c) in &users {
            if let Some(col) = schema.tables.get_mut(t).and_then(|t| t.column_mut(c)) {
                col.default = None;
            }
        }
    }
    schema.sequences.remove(&key);
}

pub(super) fn rename_sequence(schema: &mut Schema, cx: &mut Cx, from: &QualifiedName, to: &str) {
    let old = cx.key(from);
    let new = QualifiedName {
        schema: old.schema.clone(),
        name: to.to_string(),
    };
    if !schema.sequences.contains_key(&old) {
        if !may_be_identity_sequence(schema, &old) {
            unknown_sequence(cx, schema, &old);
        }
        return;
    }
    if name_in_use(schema, cx, &new) {
        cx.error(
            "duplicate-sequence",
            format!("relation `{new}` already exists"),
            "already exists",
            "choose another name".into(),
        );
        return;
    }
    if let Some(mut s) = schema.sequences.remove(&old) {
        s.name = new.clone();
        schema.sequences.insert(new.clone(), s);
    }
    // A `nextval('seq'::regclass)` default holds the sequence's OID: PostgreSQL prints the new
    // name from then on.
    let (was, now) = (
        crate::normalize::nextval(&old),
        crate::normalize::nextval(&new),
    );
    for t in schema.tables.values_mut() {
        for c in &mut t.columns {
            if let Some(d) = c.default.as_mut().filter(|d| d.contains(&was)) {
                *d = d.replace(&was, &now);
            }
        }
    }
}

/// Whether `key` can be the sequence behind a PostgreSQL identity column. The model keeps those
/// sequences inside their column (the catalog lists them as part of it), so their names are not
/// recorded: PostgreSQL names one `<table>_<column>_seq` when the column is created and keeps
/// that name when the table is renamed, so a name ending in `_<column>_seq` of an identity
/// column in the same namespace is taken to be one.
fn may_be_identity_sequence(schema: &Schema, key: &QualifiedName) -> bool {
    schema.dialect == Dialect::Postgres
        && schema
            .tables
            .values()
            .filter(|t| t.name.schema == key.schema)
            .any(|t| {
                t.columns.iter().filter(|c| c.identity.is_some()).any(|c| {
                    let own = super::naming::pg_object_name(&t.name.name, Some(&c.name), "seq");
                    key.name == own || key.name.ends_with(&format!("_{}_seq", c.name))
                })
            })
}

pub(super) fn create_extension(schema: &mut Schema, cx: &mut Cx, name: &str, if_not_exists: bool) {
    if schema.extensions.iter().any(|e| e == name) {
        if if_not_exists {
            cx.skipped(format!("extension `{name}` already exists, skipping"));
        } else {
            cx.error(
                "duplicate-extension",
                format!("extension `{name}` already exists"),
                "already exists",
                "use CREATE EXTENSION IF NOT EXISTS".into(),
            );
        }
        return;
    }
    schema.extensions.push(name.to_string());
}

pub(super) fn drop_extension(schema: &mut Schema, cx: &mut Cx, name: &str, if_exists: bool) {
    if !schema.extensions.iter().any(|e| e == name) {
        if if_exists {
            cx.skipped(format!("extension `{name}` does not exist, skipping"));
        } else {
            cx.error(
                "unknown-extension",
                format!("extension `{name}` does not exist"),
                "no such extension",
                has_list("the schema has extensions", &schema.extensions),
            );
        }
        return;
    }
    schema.extensions.retain(|e| e != name);
}

fn function_key(name: &QualifiedName, args: &str) -> String {
    format!("{name}({args})")
}

pub(super) fn create_function(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    args: &str,
    returns: Option<&String>,
    or_replace: bool,
    definition: &str,
) {
    let name = cx.key(name);
    let fkey = function_key(&name, args);
    if schema.functions.contains_key(&fkey) && !or_replace {
        cx.error(
            "duplicate-function",
            format!("function `{fkey}` already exists"),
            "already exists",
            "use CREATE OR REPLACE FUNCTION".into(),
        );
        return;
    }
    schema.functions.insert(
        fkey,
        Function {
            name,
            args: args.to_string(),
            returns: returns.cloned(),
            definition: definition.to_string(),
        },
    );
}

pub(super) fn drop_function(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    args: Option<&str>,
    if_exists: bool,
    cascade: bool,
) {
    let name = cx.key(name);
    let before = schema.functions.len();
    match args {
        Some(args) => {
            schema.functions.remove(&function_key(&name, args));
        }
        None => schema.functions.retain(|_, f| f.name != name),
    }
    let dropped = schema.functions.len() < before;
    // CASCADE takes the triggers that execute the function with it (its other dependents, a
    // default or check calling it, are not modelled).
    let gone = |f: &str| !schema.functions.values().any(|g| g.name.name == f);
    if dropped && cascade && gone(&name.name) {
        let d = cx.dialect;
        for t in schema.tables.values_mut() {
            t.triggers
                .retain(|tr| !sql_text::calls(&tr.definition, &name.name, d));
        }
    }
    if !dropped {
        if if_exists {
            cx.skipped(format!("function `{name}` does not exist, skipping"));
        } else {
            let names: Vec<String> = schema.functions.keys().cloned().collect();
            cx.error(
                "unknown-function",
                format!("function `{name}` does not exist"),
                "no such function",
                has_list("the schema has functions", &names),
            );
        }
    }
}

pub(super) fn rename_function(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    args: Option<&str>,
    to: &str,
) {
    let name = cx.key(name);
    let matching: Vec<String> = schema
        .functions
        .iter()
        .filter(|(k, f)| f.name == name && args.is_none_or(|a| **k == function_key(&name, a)))
        .map(|(k, _)| k.clone())
        .collect();
    let from = match matching.as_slice() {
        [one] => one.clone(),
        [] => {
            let names: Vec<String> = schema.functions.keys().cloned().collect();
            cx.error(
                "unknown-function",
                format!("function `{name}` does not exist"),
                "no such function",
                has_list("the schema has functions", &names),
            );
            return;
        }
        _ => {
            cx.error(
                "ambiguous-function",
                format!("function name `{name}` is not unique"),
                "several functions have this name",
                format!("give the argument types, as in `ALTER FUNCTION {name}(...) RENAME TO {to}`; {}", has_list("candidates are", &matching)),
            );
            return;
        }
    };
    let Some(mut f) = schema.functions.get(&from).cloned() else {
        return;
    };
    let new_name = QualifiedName {
        schema: name.schema.clone(),
        name: to.to_string(),
    };
    let new_key = function_key(&new_name, &f.args);
    if schema.functions.contains_key(&new_key) {
        cx.error(
            "duplicate-function",
            format!("function `{new_key}` already exists"),
            "already exists",
            "choose another name, or drop the existing function first".into(),
        );
        return;
    }
    schema.functions.remove(&from);
    // The stored statement still names the old function; re-creating it must use the new name.
    f.definition = sql_text::rename_created(&f.definition, "FUNCTION", &name.name, to, cx.dialect);
    f.name = new_name;
    schema.functions.insert(new_key, f);
    // Triggers hold their function by OID: PostgreSQL prints the new name in their definition.
    for tr in schema.tables.values_mut().flat_map(|t| &mut t.triggers) {
        tr.definition = sql_text::rename_calls(&tr.definition, &name.name, to, cx.dialect);
    }
}

pub(super) fn create_trigger(
    schema: &mut Schema,
    cx: &mut Cx,
    table: &QualifiedName,
    name: &str,
    definition: &str,
    replace: bool,
) {
    let Some(t) = cx.table_mut(schema, table) else {
        return;
    };
    match t.triggers.iter_mut().find(|tr| tr.name == name) {
        Some(tr) if replace => tr.definition = definition.to_string(),
        Some(_) => {
            let key = t.name.clone();
            cx.error(
                "duplicate-trigger",
                format!("trigger `{name}` on table `{key}` already exists"),
                "already exists",
                "use CREATE OR REPLACE TRIGGER, or drop it first".into(),
            );
        }
        None => t.triggers.push(Trigger {
            name: name.to_string(),
            definition: definition.to_string(),
        }),
    }
}

pub(super) fn drop_trigger(
    schema: &mut Schema,
    cx: &mut Cx,
    table: Option<&QualifiedName>,
    name: &str,
    if_exists: bool,
) {
    let key = table.map(|t| cx.key(t));
    if let Some(k) = &key {
        if !schema.tables.contains_key(k) {
            if if_exists {
                cx.skipped(format!("table `{k}` does not exist, skipping"));
            } else {
                cx.unknown_table(schema, k);
            }
            return;
        }
    }
    let owner = schema
        .tables
        .values_mut()
        .filter(|t| key.as_ref().is_none_or(|k| t.name == *k))
        .find(|t| t.triggers.iter().any(|tr| tr.name == name));
    match owner {
        Some(t) => t.triggers.retain(|tr| tr.name != name),
        None if if_exists => cx.skipped(format!("trigger `{name}` does not exist, skipping")),
        None => cx.error(
            "unknown-trigger",
            format!("trigger `{name}` does not exist"),
            "no such trigger",
            "check the trigger's name and table".into(),
        ),
    }
}

pub(super) fn rename_trigger(
    schema: &mut Schema,
    cx: &mut Cx,
    table: &QualifiedName,
    from: &str,
    to: &str,
) {
    let Some(t) = cx.table_mut(schema, table) else {
        return;
    };
    if t.triggers.iter().any(|tr| tr.name == to) {
        let key = t.name.clone();
        cx.error(
            "duplicate-trigger",
            format!("trigger `{to}` on table `{key}` already exists"),
            "already exists",
            "choose another name".into(),
        );
        return;
    }
    match t.triggers.iter_mut().find(|tr| tr.name == from) {
        Some(tr) => {
            tr.name = to.to_string();
            // The definition re-creates the trigger: it must carry the new name.
            tr.definition =
                sql_text::rename_created(&tr.definition, "TRIGGER", from, to, cx.dialect);
        }
        None => cx.error(
            "unknown-trigger",
            format!("trigger `{from}` does not exist"),
            "no such trigger",
            "check the trigger's name and table".into(),
        ),
    }
}
