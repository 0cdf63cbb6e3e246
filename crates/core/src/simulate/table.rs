//! Tables and their columns: create, drop, rename, add/drop/rename/alter columns.

use super::constraint::{self, describe, fks_referencing, remove_constraints};
use super::expr;
use super::naming;
use super::{key_columns, relation_exists, Cx};
use crate::dialect::Dialect;
use crate::op::{ColumnChange, ColumnDef, ColumnPosition, ConstraintDef, CreateTable};
use crate::schema::{
    Column, ConstraintKind, DataType, IndexKey, QualifiedName, Schema, Sequence, Table,
};

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
    let expanded = if ct.as_query {
        expand_stars(schema, cx, &ct.columns, &mut table.columns_unknown)
    } else {
        Vec::new()
    };
    let declared = if ct.as_query { &expanded } else { &ct.columns };
    for cd in declared {
        if table.column(&cd.column.name).is_some() {
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
                .map(|c| (Some(cd.column.name.as_str()), c.clone()))
        })
        .chain(ct.constraints.iter().map(|c| (None, c.clone())))
        .filter(|(_, c)| !is_fk(c))
        .collect();
    for (column, c) in without_duplicate_keys(cx.dialect, declared) {
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

/// PostgreSQL and SQLite make one index of identical key constraints declared in one
/// `CREATE TABLE` (`a int PRIMARY KEY UNIQUE`, a column's `UNIQUE` and a table's `UNIQUE (a)`):
/// the primary key wins, else the first; PostgreSQL gives an unnamed survivor the name of a
/// named duplicate. MariaDB keeps them all.
fn without_duplicate_keys(
    dialect: Dialect,
    declared: Vec<(Option<&str>, ConstraintDef)>,
) -> Vec<(Option<&str>, ConstraintDef)> {
    if dialect == Dialect::Mysql {
        return declared;
    }
    // SQLite's `INTEGER PRIMARY KEY` is the rowid, with no index a UNIQUE could duplicate:
    // there only UNIQUEs are compared.
    let key = |c: &ConstraintDef| match &c.kind {
        ConstraintKind::PrimaryKey { columns } if dialect == Dialect::Postgres => {
            Some((columns.clone(), false))
        }
        ConstraintKind::Unique {
            columns,
            nulls_not_distinct,
        } => Some((columns.clone(), *nulls_not_distinct)),
        _ => None,
    };
    // The primary key is kept in preference to the others: consider it first.
    let mut order: Vec<usize> = (0..declared.len()).collect();
    order.sort_by_key(|&i| {
        !matches!(
            declared.get(i).map(|d| &d.1.kind),
            Some(ConstraintKind::PrimaryKey { .. })
        )
    });
    let mut keep = vec![true; declared.len()];
    let mut renamed: Vec<(usize, String)> = Vec::new();
    for (n, &i) in order.iter().enumerate() {
        let Some(k) = declared.get(i).and_then(|d| key(&d.1)) else {
            continue;
        };
        let prior = order[..n].iter().copied().find(|&j| {
            keep[j]
                && declared.get(j).is_some_and(|d| {
                    key(&d.1).as_ref() == Some(&k)
                        && d.1.deferrable
                            == declared.get(i).map_or(d.1.deferrable, |x| x.1.deferrable)
                })
        });
        if let Some(j) = prior {
            keep[i] = false;
            let unnamed = declared.get(j).is_some_and(|d| d.1.name.is_none())
                && !renamed.iter().any(|(r, _)| *r == j);
            if let (true, Some(name), Dialect::Postgres) = (
                unnamed,
                declared.get(i).and_then(|d| d.1.name.clone()),
                dialect,
            ) {
                renamed.push((j, name));
            }
        }
    }
    declared
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep[*i])
        .map(|(i, (column, mut c))| {
            if let Some((_, name)) = renamed.iter().find(|(j, _)| *j == i) {
                c.name = Some(name.clone());
            }
            (column, c)
        })
        .collect()
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
            let qualified = match ns {
                Some(ns) => format!("{ns}.{seq}"),
                None => seq.clone(),
            };
            let default = crate::normalize::nextval(&qualified);
            if let Some(c) = schema.tables.get_mut(key).and_then(|t| t.column_mut(col)) {
                c.default = Some(default);
            }
            let name = QualifiedName {
                schema: key.schema.clone(),
                name: seq,
            };
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
        Dialect::Mysql if !fks.is_empty() => {
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
            expr::mentions(&v.query, &table.name)
                && column.is_none_or(|c| {
                    reads_column(schema, &v.query, &table.name, c)
                        || (expr::selects_star(&v.query) && v.columns.iter().any(|vc| vc == c))
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
    let ids = expr::idents(query);
    let bytes = query.as_bytes();
    let gap_is_space = |from: usize, to: usize| {
        query
            .get(from..to)
            .is_some_and(|g| !g.is_empty() && g.trim().is_empty())
    };
    let dotted_before = |i: usize| i > 0 && bytes.get(i - 1) == Some(&b'.');
    // The names `table` goes by: its own, and `table [AS] alias`.
    let mut names = vec![table.to_string()];
    for (k, id) in ids.iter().enumerate() {
        if id.call || !id.is(table) || bytes.get(id.end) == Some(&b'.') {
            continue;
        }
        let mut next = ids.get(k + 1);
        let mut prev_end = id.end;
        if let Some(n) = next.filter(|n| {
            !n.quoted && n.text.eq_ignore_ascii_case("as") && gap_is_space(prev_end, n.start)
        }) {
            prev_end = n.end;
            next = ids.get(k + 2);
        }
        if let Some(alias) = next.filter(|n| gap_is_space(prev_end, n.start) && !n.call) {
            if alias.quoted
                || !NOT_ALIASES
                    .iter()
                    .any(|w| alias.text.eq_ignore_ascii_case(w))
            {
                names.push(alias.text.to_string());
            }
        }
    }
    let only_table = || {
        schema
            .tables
            .keys()
            .chain(schema.views.keys())
            .filter(|k| expr::mentions(query, &k.name))
            .count()
            <= 1
    };
    ids.iter().enumerate().any(|(k, id)| {
        if id.call || !id.is(column) || bytes.get(id.end) == Some(&b'.') {
            return false;
        }
        match k
            .checked_sub(1)
            .and_then(|p| ids.get(p))
            .filter(|_| dotted_before(id.start))
        {
            Some(qualifier) => {
                names.iter().any(|n| qualifier.is(n)) && qualifier.end + 1 == id.start
            }
            None => only_table(),
        }
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
    if t.column(name).is_some() {
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
    let uses = |kind: &ConstraintKind| match kind {
        ConstraintKind::Check { expr } => expr::mentions(expr, column),
        ConstraintKind::ForeignKey(fk) => {
            fk.columns.iter().any(|c| c == column)
                || (fk.ref_table == key && fk.ref_columns.iter().any(|c| c == column))
        }
        ConstraintKind::Exclude { definition } => expr::mentions(definition, column),
        k => key_columns(k).iter().any(|c| c == column),
    };
    let index_uses = |i: &crate::schema::Index| {
        i.keys.iter().any(|k| match k {
            IndexKey::Column { name, .. } => name == column,
            IndexKey::Expr { expr, .. } => expr::mentions(expr, column),
        }) || i.include.iter().any(|c| c == column)
            || i.predicate
                .as_deref()
                .is_some_and(|p| expr::mentions(p, column))
    };
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
                t.constraints.retain(|c| !matches!(&c.kind, ConstraintKind::Check { expr } if expr::mentions(expr, column)));
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
                    if expr::mentions(expr, column)
                        && expr::columns_in(expr, t.columns.iter().map(|c| c.name.as_str()))
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
    if t.column(to).is_some() {
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
    for t in schema.tables.values_mut() {
        let this = t.name == *key;
        if this {
            for c in t.columns.iter_mut() {
                if c.name == from {
                    c.name = to.to_string();
                }
                // A generated column's expression follows the rename, as the check does.
                if let Some(g) = &mut c.generated {
                    g.expr = expr::rename_ident(&g.expr, from, to);
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
                ConstraintKind::Check { expr } => *expr = expr::rename_ident(expr, from, to),
                ConstraintKind::Exclude { definition } => {
                    *definition = expr::rename_ident(definition, from, to)
                }
            }
        }
        if this {
            for i in &mut t.indexes {
                for k in &mut i.keys {
                    match k {
                        IndexKey::Column { name, .. } if name == from => *name = to.to_string(),
                        IndexKey::Expr { expr, .. } => *expr = expr::rename_ident(expr, from, to),
                        IndexKey::Column { .. } => {}
                    }
                }
                rename(&mut i.include);
                if let Some(p) = &mut i.predicate {
                    *p = expr::rename_ident(p, from, to);
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
        ColumnChange::SetType { ty, .. } => {
            c.ty = ty.clone();
            // PostgreSQL: `TYPE t` without `COLLATE` gives the column the new type's default
            // collation (`TYPE t COLLATE c` arrives as this plus a `SetCollation`).
            if pg {
                c.collation = None;
            }
        }
        ColumnChange::SetDefault(d) => c.default.clone_from(d),
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
    if new_name != column && t.column(new_name).is_some() {
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
