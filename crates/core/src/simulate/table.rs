//! Tables and their columns: create, drop, rename, add/drop/rename/alter columns.

use super::columns;
use super::constraint::{self, describe, fks_referencing, remove_constraints};
use super::naming;
use super::{key_columns, relation_exists, Cx};
use crate::dialect::Dialect;
use crate::op::{ColumnChange, ColumnDef, ColumnPosition, ConstraintDef, CreateTable};
use crate::schema::{
    Column, ConstraintKind, DataType, IndexKey, QualifiedName, Schema, Sequence, Table,
};
use crate::sql_text;

pub(super) fn create_table(schema: &mut Schema, cx: &mut Cx, ct: &CreateTable) {
    let key = cx.key(&ct.name);
    if ct.temporary {
        // Only its name is kept, so that statements that read or drop it are not errors; its
        // columns, indexes and constraints are not modelled.
        schema.session.temporary.insert(key);
        return;
    }
    if name_in_use(schema, cx, &key) {
        if ct.if_not_exists {
            cx.skipped(format!("relation `{key}` already exists, skipping"));
        } else {
            cx.error(
                "duplicate-table",
                format!("relation `{key}` already exists"),
                "already exists",
                "use CREATE TABLE IF NOT EXISTS, or drop or rename the existing one first".into(),
            );
        }
        return;
    }
    if !namespace_exists(schema, cx, &key) {
        return;
    }
    let mut table = Table {
        name: key.clone(),
        comment: ct.comment.clone(),
        options: ct.options.clone(),
        ..Default::default()
    };
    table.columns_unknown = ct.as_query && ct.columns.is_empty();
    table.column_checks = crate::schema::ColumnChecks(Some(Vec::new()));
    let expanded = if ct.as_query {
        expand_stars(schema, cx, &ct.columns, &mut table.columns_unknown)
    } else {
        Vec::new()
    };
    let declared = if ct.as_query { &expanded } else { &ct.columns };
    for cd in declared {
        if columns::find(&table, cx.dialect, &cd.column.name).is_some() {
            cx.error(
                "duplicate-column",
                format!(
                    "column `{}` is declared twice in table `{key}`",
                    cd.column.name
                ),
                "second declaration",
                "rename or remove one of them".into(),
            );
            return;
        }
        let mut column = base_column(cx, cd);
        if ct.as_query {
            column.ty = query_column_type(schema, cx, &column.ty);
        }
        table.columns.push(column);
    }
    crate::normalize::table_exprs(&mut table, cx.dialect);
    // The table exists while its constraints are added so that self-references resolve; a failure
    // removes it again, since the database rejects the whole statement.
    schema.tables.insert(key.clone(), table);
    cx.creating = Some(key.clone());
    let errors = cx.error_count();
    for cd in &ct.columns {
        column_extras(schema, cx, &key, cd);
    }
    let is_fk = |c: &ConstraintDef| matches!(c.kind, ConstraintKind::ForeignKey(_));
    let declared: Vec<(Option<&str>, ConstraintDef)> = ct
        .columns
        .iter()
        .flat_map(|cd| {
            cd.constraints
                .iter()
                .filter(|c| !is_fk(c))
                .map(|c| (Some(cd.column.name.as_str()), c.clone()))
        })
        .chain(
            ct.constraints
                .iter()
                .filter(|c| !is_fk(c))
                .map(|c| (None, c.clone())),
        )
        .collect();
    let rowid = |cols: &[String]| {
        schema.tables.get(&key).is_some_and(|t| {
            constraint::is_rowid_alias(
                t,
                &ConstraintKind::PrimaryKey {
                    columns: cols.to_vec(),
                },
                cols,
            )
        })
    };
    for (column, c) in merge_duplicate_keys(cx.dialect, declared, rowid) {
        let _ = constraint::add_constraint(schema, cx, &key, &c, column);
    }
    for ci in &ct.indexes {
        let mut ci = ci.clone();
        ci.table = key.clone();
        constraint::create_index(schema, cx, &ci);
    }
    // MariaDB gives a foreign key an index only when the table's declared keys do not cover it.
    for cd in &ct.columns {
        for c in cd.constraints.iter().filter(|c| is_fk(c)) {
            let _ = constraint::add_constraint(schema, cx, &key, c, Some(&cd.column.name));
        }
    }
    for c in ct.constraints.iter().filter(|c| is_fk(c)) {
        let _ = constraint::add_constraint(schema, cx, &key, c, None);
    }
    cx.creating = None;
    if cx.error_count() > errors {
        schema.tables.remove(&key);
        schema
            .sequences
            .retain(|_, s| s.owned_by.as_ref().is_none_or(|(t, _)| *t != key));
    }
}

/// The columns a declared PRIMARY KEY or UNIQUE covers, an inline one its own column; `None`
/// for other constraints.
fn declared_key(column: Option<&str>, c: &ConstraintDef) -> Option<Vec<String>> {
    let columns = match &c.kind {
        ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } => key_columns(&c.kind),
        _ => return None,
    };
    Some(match (columns.is_empty(), column) {
        (true, Some(col)) => vec![col.to_string()],
        _ => columns.to_vec(),
    })
}

/// PostgreSQL and SQLite build one index for keys that a CREATE TABLE declares more than once over
/// the same columns, in the same order (`id ... PRIMARY KEY, UNIQUE (id)`, checked on both):
/// - PostgreSQL (`transformIndexConstraints` in parse_utilcmd.c) puts the primary key first and
///   drops each later key equal to an earlier one (same columns, NULLS [NOT] DISTINCT and
///   deferrability); an unnamed survivor takes the name of the first named duplicate.
/// - SQLite (`sqlite3CreateIndex`) drops the later of two automatic indexes on the same columns;
///   a PRIMARY KEY merged into an earlier UNIQUE makes that index the primary key's. A rowid
///   alias (`INTEGER PRIMARY KEY`) has no index, so nothing merges into it.
///
/// MariaDB creates every table-level key it is given (a second unique index `uuid` beside
/// `PRIMARY`), but a column's own key attributes are flags: `a int UNIQUE UNIQUE` makes one index
/// and `a int PRIMARY KEY UNIQUE` (either order) only the primary key (checked on 10.11).
pub(crate) fn merge_duplicate_keys<'a>(
    dialect: Dialect,
    mut declared: Vec<(Option<&'a str>, ConstraintDef)>,
    rowid: impl Fn(&[String]) -> bool,
) -> Vec<(Option<&'a str>, ConstraintDef)> {
    let is_pk = |c: &ConstraintDef| matches!(c.kind, ConstraintKind::PrimaryKey { .. });
    if dialect == Dialect::Mysql {
        let inline_key = |(col, c): &(Option<&str>, ConstraintDef)| {
            col.is_some() && declared_key(*col, c).is_some()
        };
        let mut kept: Vec<(Option<&'a str>, ConstraintDef)> = Vec::with_capacity(declared.len());
        for item in declared {
            let earlier = kept
                .iter()
                .position(|k| inline_key(k) && inline_key(&item) && k.0 == item.0);
            match earlier {
                Some(at) if is_pk(&item.1) => kept[at] = item,
                Some(_) => {}
                None => kept.push(item),
            }
        }
        return kept;
    }
    if dialect == Dialect::Postgres {
        // Stable: the primary key first, the rest in declaration order.
        declared.sort_by_key(|(_, c)| !is_pk(c));
    }
    let same = |a: &(Option<&str>, ConstraintDef), b: &(Option<&str>, ConstraintDef)| {
        let distinct = |c: &ConstraintDef| match c.kind {
            ConstraintKind::Unique {
                nulls_not_distinct, ..
            } => nulls_not_distinct,
            _ => false,
        };
        let (ka, kb) = (declared_key(a.0, &a.1), declared_key(b.0, &b.1));
        ka.is_some()
            && ka == kb
            && distinct(&a.1) == distinct(&b.1)
            && (dialect == Dialect::Sqlite || a.1.deferrable == b.1.deferrable)
    };
    let mut kept: Vec<(Option<&'a str>, ConstraintDef)> = Vec::with_capacity(declared.len());
    for item in declared {
        let merge_into = kept.iter().position(|k| {
            let rowid_pk = dialect == Dialect::Sqlite
                && [k, &item].iter().any(|x| {
                    is_pk(&x.1) && declared_key(x.0, &x.1).is_some_and(|cols| rowid(&cols))
                });
            !rowid_pk && same(k, &item)
        });
        let Some(at) = merge_into else {
            kept.push(item);
            continue;
        };
        let prior = &mut kept[at];
        if dialect == Dialect::Postgres && prior.1.name.is_none() {
            prior.1.name.clone_from(&item.1.name);
        }
        if dialect == Dialect::Sqlite && is_pk(&item.1) {
            // The merged index is the primary key's now; its columns are the key's.
            let columns = declared_key(item.0, &item.1).unwrap_or_default();
            prior.1.kind = ConstraintKind::PrimaryKey { columns };
            prior.0 = None;
        }
    }
    kept
}

/// Whether a new table, view or sequence cannot be called `key`.
pub(super) fn name_in_use(schema: &Schema, cx: &Cx, key: &QualifiedName) -> bool {
    match cx.dialect {
        Dialect::Mysql => schema.tables.contains_key(key) || schema.views.contains_key(key),
        _ => relation_exists(schema, key.schema.as_deref(), &key.name),
    }
}

/// PostgreSQL rejects objects in a schema that was never created.
pub(super) fn namespace_exists(schema: &Schema, cx: &mut Cx, key: &QualifiedName) -> bool {
    match &key.schema {
        Some(ns)
            if cx.is(Dialect::Postgres)
                && !schema.namespaces.contains(ns)
                && ns != "pg_catalog" =>
        {
            cx.error(
                "unknown-schema",
                format!("schema `{ns}` does not exist"),
                "no such schema",
                format!("create it first: CREATE SCHEMA {ns}"),
            );
            false
        }
        _ => true,
    }
}

/// The column as declared, with what its declaration implies by itself.
fn base_column(cx: &Cx, cd: &ColumnDef) -> Column {
    let mut c = cd.column.clone();
    c.default = c
        .default
        .map(|d| crate::normalize::column_default(d, &c.ty, cx.dialect));
    // Identity (PostgreSQL) and AUTO_INCREMENT (MariaDB) columns are NOT NULL.
    if c.identity.is_some() || (c.auto_increment && cx.is(Dialect::Mysql)) {
        c.nullable = false;
    }
    if cd.serial {
        match cx.dialect {
            Dialect::Postgres => c.nullable = false,
            // MySQL `SERIAL` is `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`.
            Dialect::Mysql => {
                c.nullable = false;
                c.auto_increment = true;
            }
            Dialect::Sqlite => {}
        }
    }
    c
}

/// `CREATE TABLE ... AS SELECT *` columns: the parser leaves a `*` column typed `t%ROWTYPE` for
/// each star over one relation, which stands for that relation's columns now (a table's with
/// their types and collations, as PostgreSQL copies them; a view's by name, with unknown types).
/// A relation not in the schema, or a view whose columns are not known, leaves `unknown` set.
fn expand_stars(
    schema: &Schema,
    cx: &Cx,
    columns: &[ColumnDef],
    unknown: &mut bool,
) -> Vec<ColumnDef> {
    let mut out = Vec::with_capacity(columns.len());
    for cd in columns {
        let star = match &cd.column.ty {
            DataType::Named(t) if cd.column.name == "*" => t.strip_suffix("%ROWTYPE"),
            _ => None,
        };
        let Some(relation) = star else {
            out.push(cd.clone());
            continue;
        };
        let name = match relation.split_once('.') {
            Some((ns, t)) => QualifiedName::qualified(ns, t),
            None => QualifiedName::new(relation),
        };
        let key = cx.key(&name);
        if let Some(t) = schema.tables.get(&key) {
            *unknown |= t.columns_unknown;
            for c in &t.columns {
                let mut column = Column::new(c.name.clone(), c.ty.clone());
                column.collation.clone_from(&c.collation);
                out.push(ColumnDef::new(column));
            }
        } else {
            match schema.views.get(&key) {
                Some(v) if !v.columns.is_empty() => {
                    out.extend(v.columns.iter().map(|c| {
                        ColumnDef::new(Column::new(c.clone(), DataType::Named("unknown".into())))
                    }));
                }
                _ => *unknown = true,
            }
        }
    }
    out
}

/// A `CREATE TABLE ... AS` column's type: the parser leaves a column the query copies as a
/// `table.column%TYPE` reference, which is that column's type now; a reference to a table or
/// column not in the schema (a view, a CTE, a subquery) is `unknown`.
fn query_column_type(schema: &Schema, cx: &Cx, ty: &DataType) -> DataType {
    let DataType::Named(text) = ty else {
        return ty.clone();
    };
    let Some(reference) = text.strip_suffix("%TYPE") else {
        return ty.clone();
    };
    let found = reference.rsplit_once('.').and_then(|(table, column)| {
        let name = match table.split_once('.') {
            Some((ns, t)) => QualifiedName::qualified(ns, t),
            None => QualifiedName::new(table),
        };
        schema
            .tables
            .get(&cx.key(&name))?
            .column(column)
            .map(|c| c.ty.clone())
    });
    found.unwrap_or_else(|| DataType::Named("unknown".into()))
}

/// What a column declaration creates besides the column: the serial sequence (PostgreSQL) or the
/// unique key (MySQL `SERIAL`).
fn column_extras(schema: &mut Schema, cx: &mut Cx, key: &QualifiedName, cd: &ColumnDef) {
    if !cd.serial {
        return;
    }
    let col = cd.column.name.as_str();
    match cx.dialect {
        Dialect::Postgres => {
            let ns = key.schema.as_deref();
            let seq = naming::pg_choose_name(&key.name, Some(col), "seq", |n| {
                relation_exists(schema, ns, n)
            });
            let name = QualifiedName {
                schema: key.schema.clone(),
                name: seq,
            };
            let default = crate::normalize::nextval(&name);
            if let Some(c) = schema.tables.get_mut(key).and_then(|t| t.column_mut(col)) {
                c.default = Some(default);
            }
            schema.sequences.insert(
                name.clone(),
                Sequence {
                    name,
                    owned_by: Some((key.clone(), col.to_string())),
                    data_type: Some(cd.column.ty.clone()),
                    start: None,
                    increment: None,
                },
            );
        }
        Dialect::Mysql => {
            let def = ConstraintDef::new(
                None,
                ConstraintKind::Unique {
                    columns: vec![col.to_string()],
                    nulls_not_distinct: false,
                },
            );
            let _ = constraint::add_constraint(schema, cx, key, &def, Some(col));
        }
        Dialect::Sqlite => {}
    }
}

pub(super) fn drop_table(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    if_exists: bool,
    cascade: bool,
) {
    let key = cx.key(name);
    // A temporary table hides a permanent one of the same name, so it is the one dropped.
    if schema.session.temporary.remove(&key) {
        return;
    }
    if !schema.tables.contains_key(&key) {
        if if_exists {
            cx.skipped(format!("table `{key}` does not exist, skipping"));
        } else {
            cx.unknown_table(schema, &key);
        }
        return;
    }
    let fks = fks_referencing(schema, &key, None);
    let views = if cx.is(Dialect::Postgres) {
        views_using(schema, &key, None)
    } else {
        Vec::new()
    };
    match cx.dialect {
        Dialect::Sqlite => {}
        // With FOREIGN_KEY_CHECKS = 0 MariaDB drops it and the keys keep referencing the name.
        Dialect::Mysql if !fks.is_empty() && cx.fk_checks => {
            cx.dependent_objects(
                &format!("table `{key}`"),
                &describe(&fks),
                "DROP TABLE on the referencing tables first (MariaDB has no CASCADE)",
            );
            cx.diags.last_mut().into_iter().for_each(|d| d.help = Some("drop the foreign keys that reference it first (ALTER TABLE ... DROP FOREIGN KEY)".into()));
            return;
        }
        Dialect::Mysql => {}
        Dialect::Postgres => {
            if !fks.is_empty() || !views.is_empty() {
                if !cascade {
                    cx.dependent_objects(
                        &format!("table `{key}`"),
                        &describe_all(&fks, &views),
                        "DROP TABLE ... CASCADE",
                    );
                    return;
                }
                remove_constraints(schema, &fks);
                for v in &views {
                    schema.views.remove(v);
                }
            }
        }
    }
    schema.tables.remove(&key);
    schema
        .sequences
        .retain(|_, s| s.owned_by.as_ref().is_none_or(|(t, _)| *t != key));
}

fn describe_all(fks: &[(QualifiedName, String)], views: &[QualifiedName]) -> String {
    let mut parts = Vec::new();
    if !fks.is_empty() {
        parts.push(describe(fks));
    }
    parts.extend(views.iter().map(|v| format!("view {v}")));
    parts.join(", ")
}

/// PostgreSQL views that read `table` (and `column`, or every column through `*`), judged from
/// the identifiers of their query: conservative, a view is only reported when it names the table
/// and a reference to the column resolves to it (see [`reads_column`]).
pub(super) fn views_using(
    schema: &Schema,
    table: &QualifiedName,
    column: Option<&str>,
) -> Vec<QualifiedName> {
    schema
        .views
        .values()
        .filter(|v| {
            // `*` was expanded to the columns of the time the view was created (`View::columns`).
            sql_text::mentions(&v.query, &table.name, schema.dialect)
                && column.is_none_or(|c| {
                    reads_column(schema, &v.query, &table.name, c)
                        || (sql_text::selects_star(&v.query, schema.dialect)
                            && v.columns.iter().any(|vc| vc == c))
                })
        })
        .map(|v| v.name.clone())
        .collect()
}

/// Whether `query` refers to `column` of `table`: qualified with the table's name or an alias of
/// it (`p.name` after `FROM post p`), or unqualified when `table` is the only table or view of
/// the schema the query names. `u.name` after `JOIN person u` is not a reference to `post.name`.
fn reads_column(schema: &Schema, query: &str, table: &str, column: &str) -> bool {
    const NOT_ALIASES: &[&str] = &[
        "on",
        "join",
        "left",
        "right",
        "inner",
        "outer",
        "full",
        "cross",
        "natural",
        "where",
        "group",
        "order",
        "limit",
        "offset",
        "fetch",
        "union",
        "except",
        "intersect",
        "having",
        "window",
        "using",
        "lateral",
        "for",
        "returning",
    ];
    let d = schema.dialect;
    let ids = sql_text::idents(query, d);
    // The names `table` goes by: its own, and `table [AS] alias` (words next to each other).
    let mut names = vec![table.to_string()];
    for (k, id) in ids.iter().enumerate() {
        if !id.is_reference() || !id.is(table, d) {
            continue;
        }
        let after = |n: usize| ids.get(k + n).filter(|a| a.tok == id.tok + n);
        let alias = match after(1) {
            Some(a) if a.quote.is_none() && a.value.eq_ignore_ascii_case("as") => after(2),
            other => other,
        };
        if let Some(alias) = alias.filter(|a| !a.call) {
            if alias.quote.is_some()
                || !NOT_ALIASES
                    .iter()
                    .any(|w| alias.value.eq_ignore_ascii_case(w))
            {
                names.push(alias.folded(d));
            }
        }
    }
    // Tokenized once above: each table is looked up among the identifiers.
    let only_table = || {
        schema
            .tables
            .keys()
            .chain(schema.views.keys())
            .filter(|k| sql_text::refers_to(&ids, &k.name, d))
            .count()
            <= 1
    };
    ids.iter().enumerate().any(|(k, id)| {
        if !id.is_reference() || !id.is(column, d) {
            return false;
        }
        if !id.qualified {
            return only_table();
        }
        k.checked_sub(1)
            .and_then(|p| ids.get(p))
            .filter(|q| q.qualifier && q.tok + 2 == id.tok)
            .is_some_and(|q| names.iter().any(|n| q.is(n, d)))
    })
}

pub(super) fn rename_table(
    schema: &mut Schema,
    cx: &mut Cx,
    from: &QualifiedName,
    to: &QualifiedName,
) {
    let Some(old) = cx.existing_table(schema, from) else {
        return;
    };
    let mut new = cx.key(to);
    if new.schema.is_none() && cx.is(Dialect::Postgres) {
        // ALTER TABLE s.t RENAME TO u keeps the table in s.
        new.schema.clone_from(&old.schema);
    }
    if new == old {
        return;
    }
    if name_in_use(schema, cx, &new) {
        cx.error(
            "duplicate-table",
            format!("relation `{new}` already exists"),
            "already exists",
            "choose another name".into(),
        );
        return;
    }
    let Some(mut table) = schema.tables.remove(&old) else {
        return;
    };
    table.name = new.clone();
    match cx.dialect {
        Dialect::Postgres => {}
        Dialect::Mysql => {
            let prefix = format!("{}_ibfk_", old.name);
            for c in &mut table.constraints {
                if let Some(n) = c.name.strip_prefix(prefix.as_str()) {
                    if matches!(c.kind, ConstraintKind::ForeignKey(_)) && n.parse::<u32>().is_ok() {
                        c.name = format!("{}_ibfk_{n}", new.name);
                    }
                }
            }
        }
        Dialect::Sqlite => {
            for c in &mut table.constraints {
                if let Some((t, n)) = naming::parse_sqlite_autoindex(&c.name) {
                    if t == old.name {
                        c.name = naming::sqlite_autoindex(&new.name, n);
                    }
                }
            }
        }
    }
    schema.tables.insert(new.clone(), table);
    for t in schema.tables.values_mut() {
        for c in &mut t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &mut c.kind {
                if fk.ref_table == old {
                    fk.ref_table = new.clone();
                }
            }
        }
    }
    for s in schema.sequences.values_mut() {
        if let Some((t, _)) = &mut s.owned_by {
            if *t == old {
                *t = new.clone();
            }
        }
    }
    if cx.is(Dialect::Postgres) && old.schema != new.schema {
        move_owned_sequences(schema, &new);
    }
    // PostgreSQL keeps a view's query as a tree of table OIDs and SQLite (3.26+) rewrites the
    // views that read a renamed table, so both go on reading it under its new name (checked on
    // both); MariaDB leaves its views naming the old table.
    if !cx.is(Dialect::Mysql) && old.schema == new.schema && old.name != new.name {
        for v in schema.views.values_mut() {
            if sql_text::mentions(&v.query, &old.name, cx.dialect) {
                v.query = sql_text::rename_relation(&v.query, &old.name, &new.name, cx.dialect);
            }
        }
    }
}

/// PostgreSQL `ALTER TABLE ... SET SCHEMA` moves the sequences the table's columns own along
/// with it, and their `nextval` defaults then print the new schema.
fn move_owned_sequences(schema: &mut Schema, table: &QualifiedName) {
    let owned: Vec<QualifiedName> = schema
        .sequences
        .values()
        .filter(|s| s.owned_by.as_ref().is_some_and(|(t, _)| t == table))
        .map(|s| s.name.clone())
        .collect();
    for name in owned {
        let Some(mut s) = schema.sequences.remove(&name) else {
            continue;
        };
        let moved = QualifiedName {
            schema: table.schema.clone(),
            name: name.name.clone(),
        };
        let (was, now) = (
            crate::normalize::nextval(&name),
            crate::normalize::nextval(&moved),
        );
        if let Some(t) = schema.tables.get_mut(table) {
            for c in &mut t.columns {
                if c.default.as_deref() == Some(was.as_str()) {
                    c.default = Some(now.clone());
                }
            }
        }
        s.name = moved.clone();
        schema.sequences.insert(moved, s);
    }
}

pub(super) fn add_column(
    schema: &mut Schema,
    cx: &mut Cx,
    table: &QualifiedName,
    cd: &ColumnDef,
    if_not_exists: bool,
) {
    let Some(key) = cx.existing_table(schema, table) else {
        return;
    };
    let Some(t) = schema.tables.get(&key) else {
        return;
    };
    let name = cd.column.name.as_str();
    if columns::find(t, cx.dialect, name).is_some() {
        if if_not_exists {
            cx.skipped(format!(
                "column `{name}` of relation `{key}` already exists, skipping"
            ));
        } else {
            cx.error(
                "duplicate-column",
                format!("column `{name}` of table `{key}` already exists"),
                "already exists",
                "use ADD COLUMN IF NOT EXISTS, or choose another name".into(),
            );
        }
        return;
    }
    if cx.is(Dialect::Sqlite) && !cx.rebuilding && !sqlite_add_column_allowed(cx, cd) {
        return;
    }
    let position = match &cd.position {
        None => t.columns.len(),
        Some(ColumnPosition::First) => 0,
        Some(ColumnPosition::After(after)) => match t.columns.iter().position(|c| c.name == *after)
        {
            Some(i) => i + 1,
            None => {
                cx.unknown_column(t, after);
                return;
            }
        },
    };
    let (n_constraints, n_indexes) = (t.constraints.len(), t.indexes.len());
    let column = base_column(cx, cd);
    if let Some(t) = schema.tables.get_mut(&key) {
        t.columns.insert(position, column);
        crate::normalize::table_exprs(t, cx.dialect);
    }
    let errors = cx.error_count();
    column_extras(schema, cx, &key, cd);
    let is_fk = |c: &&ConstraintDef| matches!(c.kind, ConstraintKind::ForeignKey(_));
    for c in cd
        .constraints
        .iter()
        .filter(|c| !is_fk(c))
        .chain(cd.constraints.iter().filter(is_fk))
    {
        let _ = constraint::add_constraint(schema, cx, &key, c, Some(name));
    }
    if cx.error_count() > errors {
        if let Some(t) = schema.tables.get_mut(&key) {
            t.columns.retain(|c| c.name != name);
            t.constraints.truncate(n_constraints);
            t.indexes.truncate(n_indexes);
        }
        schema.sequences.retain(|_, s| {
            !s.owned_by
                .as_ref()
                .is_some_and(|(t, c)| *t == key && c == name)
        });
    }
}

/// SQLite's own restrictions on `ALTER TABLE ADD COLUMN`.
fn sqlite_add_column_allowed(cx: &mut Cx, cd: &ColumnDef) -> bool {
    for c in &cd.constraints {
        let what = match c.kind {
            ConstraintKind::PrimaryKey { .. } => "Cannot add a PRIMARY KEY column",
            ConstraintKind::Unique { .. } => "Cannot add a UNIQUE column",
            _ => continue,
        };
        cx.error(
            "unsupported-in-dialect",
            format!("SQLite: {what} (`{}`)", cd.column.name),
            "not supported by SQLite",
            "rebuild the table: create the new table, copy rows, drop the old, rename; or add the column plain and CREATE UNIQUE INDEX on it".into(),
        );
        return false;
    }
    if cd.column.generated.as_ref().is_some_and(|g| g.stored) {
        cx.error(
            "unsupported-in-dialect",
            format!(
                "SQLite: cannot add a STORED generated column (`{}`)",
                cd.column.name
            ),
            "not supported by SQLite",
            "add it as VIRTUAL, or rebuild the table".into(),
        );
        return false;
    }
    let null_default = cd
        .column
        .default
        .as_deref()
        .is_none_or(|d| d.eq_ignore_ascii_case("null"));
    if !cd.column.nullable && null_default && cd.column.generated.is_none() {
        // Checked by SQLite against the rows: an empty table accepts it.
        cx.warning(
            "not-null-without-default",
            format!(
                "SQLite: adding NOT NULL column `{}` without a default fails if the table has rows",
                cd.column.name
            ),
            "give the column a non-NULL DEFAULT, or rebuild the table",
        );
    }
    true
}

pub(super) fn drop_column(
    schema: &mut Schema,
    cx: &mut Cx,
    table: &QualifiedName,
    column: &str,
    if_exists: bool,
    cascade: bool,
) {
    let Some(key) = cx.existing_table(schema, table) else {
        return;
    };
    let Some(t) = schema.tables.get(&key) else {
        return;
    };
    if t.column(column).is_none() {
        if if_exists {
            cx.skipped(format!(
                "column `{column}` of relation `{key}` does not exist, skipping"
            ));
        } else {
            cx.unknown_column(t, column);
        }
        return;
    }
    let col = [column.to_string()];
    let d = cx.dialect;
    // A foreign key of another table, or of this one to itself, that references the column.
    let uses = |kind: &ConstraintKind| {
        kind.uses_column(column, d)
            || matches!(kind, ConstraintKind::ForeignKey(fk)
                if fk.ref_table == key && fk.ref_columns.iter().any(|c| c == column))
    };
    let index_uses = |i: &crate::schema::Index| i.uses_column(column, d);
    match cx.dialect {
        Dialect::Postgres => {
            // Indexes and constraints of the table go with the column; what other objects
            // depend on needs CASCADE.
            let fks: Vec<_> = fks_referencing(schema, &key, Some(&col))
                .into_iter()
                .filter(|(t, _)| *t != key)
                .collect();
            let views = views_using(schema, &key, Some(column));
            if !fks.is_empty() || !views.is_empty() {
                if !cascade {
                    cx.dependent_objects(
                        &format!("column `{column}` of table `{key}`"),
                        &describe_all(&fks, &views),
                        "DROP COLUMN ... CASCADE",
                    );
                    return;
                }
                remove_constraints(schema, &fks);
                for v in &views {
                    schema.views.remove(v);
                }
            }
            if let Some(t) = schema.tables.get_mut(&key) {
                t.constraints.retain(|c| !uses(&c.kind));
                t.indexes.retain(|i| !index_uses(i));
            }
            schema
                .sequences
                .retain(|_, s| s.owned_by.as_ref() != Some(&(key.clone(), column.to_string())));
        }
        Dialect::Mysql => {
            let needed = t.constraints.iter().any(|c| matches!(&c.kind, ConstraintKind::ForeignKey(fk) if fk.columns.iter().any(|c| c == column)))
                || !fks_referencing(schema, &key, Some(&col)).is_empty();
            if needed {
                cx.error(
                    "index-needed-by-fk",
                    format!("cannot drop column `{column}` of `{key}`: its index is needed in a foreign key constraint"),
                    "used by a foreign key",
                    "drop the foreign key first (ALTER TABLE ... DROP FOREIGN KEY)".into(),
                );
                return;
            }
            // MariaDB takes the column out of every key (dropping keys left empty) and drops
            // the checks that mention it.
            if let Some(t) = schema.tables.get_mut(&key) {
                t.constraints.retain(|c| !matches!(&c.kind, ConstraintKind::Check { expr } if sql_text::mentions(expr, column, d)));
                for c in &mut t.constraints {
                    if let ConstraintKind::PrimaryKey { columns }
                    | ConstraintKind::Unique { columns, .. } = &mut c.kind
                    {
                        columns.retain(|c| c != column);
                    }
                }
                t.constraints.retain(|c| !matches!(&c.kind, ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } if columns.is_empty()));
                for i in &mut t.indexes {
                    i.keys
                        .retain(|k| !matches!(k, IndexKey::Column { name, .. } if name == column));
                }
                t.indexes.retain(|i| !i.keys.is_empty());
            }
        }
        // A recreated table (Alembic batch mode) is declared without the column: the keys,
        // checks and indexes on it are left out.
        Dialect::Sqlite if cx.rebuilding => {
            if let Some(t) = schema.tables.get_mut(&key) {
                t.constraints.retain(|c| !uses(&c.kind));
                t.indexes.retain(|i| !index_uses(i));
            }
        }
        Dialect::Sqlite => {
            const REBUILD: &str =
                "rebuild the table: create the new table, copy rows, drop the old, rename";
            let blocker = t.constraints.iter().find_map(|c| match &c.kind {
                ConstraintKind::PrimaryKey { columns } if columns.iter().any(|c| c == column) => {
                    Some("the PRIMARY KEY".to_string())
                }
                ConstraintKind::Unique { columns, .. } if columns.iter().any(|c| c == column) => {
                    Some("a UNIQUE constraint".to_string())
                }
                ConstraintKind::ForeignKey(fk)
                    if fk.columns.len() > 1 && fk.columns.iter().any(|c| c == column) =>
                {
                    Some("a multi-column foreign key".to_string())
                }
                ConstraintKind::Check { expr }
                    if sql_text::mentions(expr, column, d)
                        && sql_text::columns_in(
                            expr,
                            t.columns.iter().map(|c| c.name.as_str()),
                            d,
                        )
                        .len()
                            > 1 =>
                {
                    Some(format!("the CHECK ({expr})"))
                }
                _ => None,
            });
            let (what, help) = match (blocker, t.indexes.iter().find(|i| index_uses(i))) {
                (Some(what), _) => (what, REBUILD.to_string()),
                (None, Some(i)) => (
                    format!("index `{}`", i.name),
                    format!("drop index {} first", i.name),
                ),
                (None, None) => (String::new(), String::new()),
            };
            if !what.is_empty() {
                cx.error(
                    "dependent-objects",
                    format!(
                        "SQLite cannot drop column `{column}` of `{key}`: it is used by {what}"
                    ),
                    "column is in use",
                    help,
                );
                return;
            }
            // What remains are the column's own inline constraints, which go with it.
            if let Some(t) = schema.tables.get_mut(&key) {
                t.constraints.retain(|c| !uses(&c.kind));
            }
        }
    }
    if let Some(t) = schema.tables.get_mut(&key) {
        t.columns.retain(|c| c.name != column);
    }
}

pub(super) fn rename_column(
    schema: &mut Schema,
    cx: &mut Cx,
    table: &QualifiedName,
    from: &str,
    to: &str,
) {
    let Some(key) = cx.existing_table(schema, table) else {
        return;
    };
    let Some(t) = schema.tables.get(&key) else {
        return;
    };
    if t.column(from).is_none() {
        cx.unknown_column(t, from);
        return;
    }
    if from == to {
        return;
    }
    // MySQL renames `a` to `A` (one column, new spelling).
    if columns::find(t, cx.dialect, to).is_some_and(|c| c.name != from) {
        cx.error(
            "duplicate-column",
            format!("column `{to}` of table `{key}` already exists"),
            "already exists",
            "choose another name".into(),
        );
        return;
    }
    rename_column_unchecked(schema, &key, from, to);
}

/// Renames a column everywhere it is referred to: keys, checks, indexes, foreign keys of every
/// table, owned sequences. Constraint and index names stay (every dialect keeps them).
fn rename_column_unchecked(schema: &mut Schema, key: &QualifiedName, from: &str, to: &str) {
    let rename = |v: &mut Vec<String>| {
        v.iter_mut()
            .filter(|c| *c == from)
            .for_each(|c| *c = to.to_string())
    };
    let d = schema.dialect;
    for t in schema.tables.values_mut() {
        let this = t.name == *key;
        if this {
            for (_, column) in t.column_checks.0.iter_mut().flatten() {
                if column == from {
                    *column = to.to_string();
                }
            }
            for c in t.columns.iter_mut() {
                if c.name == from {
                    c.name = to.to_string();
                }
                // A generated column's expression follows the rename, as the check does.
                if let Some(g) = &mut c.generated {
                    g.expr = sql_text::rename(&g.expr, from, to, d);
                }
            }
        }
        for c in &mut t.constraints {
            match &mut c.kind {
                ConstraintKind::ForeignKey(fk) => {
                    if this {
                        rename(&mut fk.columns);
                    }
                    if fk.ref_table == *key {
                        rename(&mut fk.ref_columns);
                    }
                }
                _ if !this => {}
                ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                    rename(columns)
                }
                ConstraintKind::Check { expr } => *expr = sql_text::rename(expr, from, to, d),
                ConstraintKind::Exclude { definition } => {
                    *definition = sql_text::rename(definition, from, to, d)
                }
            }
        }
        if this {
            for i in &mut t.indexes {
                for k in &mut i.keys {
                    match k {
                        IndexKey::Column { name, .. } if name == from => *name = to.to_string(),
                        IndexKey::Expr { expr, .. } => *expr = sql_text::rename(expr, from, to, d),
                        IndexKey::Column { .. } => {}
                    }
                }
                rename(&mut i.include);
                if let Some(p) = &mut i.predicate {
                    *p = sql_text::rename(p, from, to, d);
                }
            }
        }
    }
    for s in schema.sequences.values_mut() {
        if let Some((t, c)) = &mut s.owned_by {
            if t == key && c == from {
                *c = to.to_string();
            }
        }
    }
}

pub(super) fn alter_column(
    schema: &mut Schema,
    cx: &mut Cx,
    table: &QualifiedName,
    column: &str,
    change: &ColumnChange,
) {
    let Some(key) = cx.existing_table(schema, table) else {
        return;
    };
    let Some(t) = schema.tables.get(&key) else {
        return;
    };
    if t.column(column).is_none() {
        cx.unknown_column(t, column);
        return;
    }
    let in_pk = t
        .primary_key()
        .is_some_and(|pk| key_columns(&pk.kind).iter().any(|c| c == column));
    let pg = cx.is(Dialect::Postgres);
    match change {
        ColumnChange::SetType { .. }
            if pg && !views_using(schema, &key, Some(column)).is_empty() =>
        {
            cx.error(
                "dependent-objects",
                format!("cannot alter type of column `{column}` of `{key}`: a view uses it"),
                "used by a view",
                "drop the view, alter the column, and create the view again".into(),
            );
            return;
        }
        ColumnChange::SetIdentity(Some(_))
            if pg && t.column(column).is_some_and(|c| c.nullable) =>
        {
            cx.error(
                "column-nullable",
                format!("column `{column}` of `{key}` must be declared NOT NULL before identity can be added"),
                "column is nullable",
                format!("first: ALTER TABLE {key} ALTER COLUMN {column} SET NOT NULL"),
            );
            return;
        }
        ColumnChange::SetIdentity(Some(_))
            if pg && t.column(column).is_some_and(|c| c.default.is_some()) =>
        {
            cx.error(
                "column-has-default",
                format!("column `{column}` of `{key}` already has a default value"),
                "has a default",
                format!("first: ALTER TABLE {key} ALTER COLUMN {column} DROP DEFAULT"),
            );
            return;
        }
        ColumnChange::SetNullable(true) if pg && in_pk => {
            cx.error(
                "column-in-primary-key",
                format!("column `{column}` is in the primary key of `{key}` and cannot be made nullable"),
                "part of the primary key",
                "drop the primary key first".into(),
            );
            return;
        }
        ColumnChange::Redefine { column: def } => {
            redefine_column(schema, cx, &key, column, def);
            return;
        }
        _ => {}
    }
    let Some(c) = schema
        .tables
        .get_mut(&key)
        .and_then(|t| t.column_mut(column))
    else {
        return;
    };
    match change {
        // The default is coerced to the new type, as PostgreSQL does.
        ColumnChange::SetType { ty, .. } => {
            c.ty = ty.clone();
            // PostgreSQL: `TYPE t` without `COLLATE` gives the column the new type's default
            // collation (`TYPE t COLLATE c` arrives as this plus a `SetCollation`).
            if cx.dialect == Dialect::Postgres {
                c.collation = None;
            }
            c.default = c
                .default
                .take()
                .map(|d| crate::normalize::column_default(d, ty, cx.dialect));
        }
        ColumnChange::SetDefault(d) => {
            c.default = d
                .clone()
                .map(|d| crate::normalize::column_default(d, &c.ty, cx.dialect))
        }
        ColumnChange::SetNullable(n) => c.nullable = *n,
        ColumnChange::SetIdentity(i) => {
            if i.is_some() {
                c.nullable = false;
            }
            c.identity = *i;
        }
        ColumnChange::SetGenerated(g) => c.generated.clone_from(g),
        ColumnChange::SetComment(m) => c.comment.clone_from(m),
        ColumnChange::SetCollation(m) => c.collation.clone_from(m),
        ColumnChange::Redefine { .. } => {}
    }
}

/// MariaDB `MODIFY` / `CHANGE`: the column takes the new definition entirely (an omitted
/// DEFAULT, NOT NULL or COMMENT is gone), possibly a new name and position.
fn redefine_column(
    schema: &mut Schema,
    cx: &mut Cx,
    key: &QualifiedName,
    column: &str,
    def: &ColumnDef,
) {
    let new_name = def.column.name.as_str();
    let Some(t) = schema.tables.get(key) else {
        return;
    };
    // MariaDB: the new definition replaces the column's own CHECK (restated or gone), whatever
    // name it kept through renames (`CHANGE old new ...` renames, then restates).
    let own_check = t
        .constraints
        .iter()
        .find(|c| {
            matches!(c.kind, ConstraintKind::Check { .. })
                && columns::table_check_column(schema, t, &c.name) == Some(column)
        })
        .map(|c| c.name.clone());
    if columns::find(t, cx.dialect, new_name).is_some_and(|c| c.name != column) {
        cx.error(
            "duplicate-column",
            format!("column `{new_name}` of table `{key}` already exists"),
            "already exists",
            "choose another name".into(),
        );
        return;
    }
    if let Some(ColumnPosition::After(after)) = &def.position {
        if after != column && t.column(after).is_none() {
            cx.unknown_column(t, after);
            return;
        }
    }
    if new_name != column {
        rename_column_unchecked(schema, key, column, new_name);
    }
    let column = base_column(cx, def);
    let Some(t) = schema.tables.get_mut(key) else {
        return;
    };
    let Some(old) = t.columns.iter().position(|c| c.name == new_name) else {
        return;
    };
    let mut column = column;
    if t.primary_key()
        .is_some_and(|pk| key_columns(&pk.kind).iter().any(|c| c == new_name))
    {
        column.nullable = false;
    }
    t.columns.remove(old);
    if let Some(name) = &own_check {
        t.constraints.retain(|c| c.name != *name);
    }
    let at = match &def.position {
        None => old,
        Some(ColumnPosition::First) => 0,
        Some(ColumnPosition::After(after)) => t
            .columns
            .iter()
            .position(|c| c.name == *after)
            .map_or(t.columns.len(), |i| i + 1),
    };
    t.columns.insert(at.min(t.columns.len()), column);
    let is_fk = |c: &&ConstraintDef| matches!(c.kind, ConstraintKind::ForeignKey(_));
    for c in def
        .constraints
        .iter()
        .filter(|c| !is_fk(c))
        .chain(def.constraints.iter().filter(is_fk))
    {
        let _ = constraint::add_constraint(schema, cx, key, c, Some(new_name));
    }
}
