//! Constraints and indexes: adding them with the names the database generates, checking foreign
//! keys as the database does, dropping and renaming.

use super::naming;
use super::{constraint_exists, constraint_names, has_list, key_columns, relation_exists, Cx};
use crate::dialect::{Dialect, Flavor};
use crate::normalize;
use crate::op::{ConstraintDef, ConstraintKindTag, CreateIndex};
use crate::schema::{
    Constraint, ConstraintKind, DataType, ForeignKey, Function, Index, IndexKey, QualifiedName,
    Schema, Table,
};
use std::collections::BTreeMap;

/// Adds one constraint to the existing table `key`. `column` is the column it was declared on
/// (inline constraints). Returns `Err` after reporting when the database would reject it; the
/// table is then unchanged.
pub(super) fn add_constraint(
    schema: &mut Schema,
    cx: &mut Cx,
    key: &QualifiedName,
    def: &ConstraintDef,
    column: Option<&str>,
) -> Result<(), ()> {
    let Some(table) = schema.tables.get(key) else {
        return Err(());
    };
    let ns = key.schema.as_deref();
    let mut kind = def.kind.clone();
    if let (ConstraintKind::ForeignKey(fk), Some(column), Flavor::Mysql) =
        (&kind, column, cx.flavor)
    {
        if cx.is(Dialect::Mysql) {
            // "MySQL parses but ignores inline REFERENCES specifications (as defined in the SQL
            // standard) where the references are defined as part of the column specification"
            // (MySQL 8.0 Reference Manual, 15.1.20.5 FOREIGN KEY Constraints). MariaDB 10.5+
            // creates the key.
            cx.warning(
                "inline-references-ignored",
                format!(
                    "MySQL ignores the inline REFERENCES of column `{column}` (to `{}`): no foreign key is created",
                    fk.ref_table
                ),
                &format!(
                    "declare it at table level: FOREIGN KEY ({column}) REFERENCES {} ({})",
                    fk.ref_table,
                    fk.ref_columns.join(", ")
                ),
            );
            return Ok(());
        }
    }

    // Local columns must exist.
    for c in key_columns(&kind) {
        if table.column(c).is_none() {
            cx.unknown_column(table, c);
            return Err(());
        }
    }
    if let ConstraintKind::ForeignKey(fk) = &mut kind {
        validate_fk(schema, cx, key, fk)?;
    }
    let is_pk = |k: &ConstraintKind| matches!(k, ConstraintKind::PrimaryKey { .. });
    if cx.rebuilding && is_pk(&kind) {
        // Alembic batch mode builds the new table in SQLAlchemy, whose `Table` has one primary
        // key: the one appended last (`PrimaryKeyConstraint._set_parent` discards the old).
        if let Some(t) = schema.tables.get_mut(key) {
            t.constraints.retain(|c| !is_pk(&c.kind));
        }
    }
    let Some(table) = schema.tables.get(key) else {
        return Err(());
    };
    if schema.dialect == Dialect::Mysql && schema.flavor == Flavor::Mariadb {
        let name = def.name.as_deref().unwrap_or_default();
        if let Some((check, column)) = check_on_written_column(table, name, &kind) {
            let what = if check.is_empty() {
                "this CHECK".to_string()
            } else {
                format!("the CHECK `{check}`")
            };
            cx.error(
                "check-on-fk-action-column",
                format!("MariaDB refuses {what}: column `{column}` is written by a foreign key's referential action (ON DELETE SET NULL, ON UPDATE CASCADE)"),
                "column written by a referential action",
                "drop the CHECK on that column, or use ON DELETE CASCADE / RESTRICT / NO ACTION".into(),
            );
            return Err(());
        }
    }
    if is_pk(&kind) && table.primary_key().is_some() {
        cx.error(
            "duplicate-primary-key",
            format!("table `{key}` already has a primary key"),
            "second primary key",
            "drop the existing primary key first".into(),
        );
        return Err(());
    }

    // MariaDB drops the generated indexes a new key covers, and the key may take their names.
    let gone = match (&kind, cx.dialect) {
        (
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. },
            Dialect::Mysql,
        ) => absorbed(table, columns),
        _ => Vec::new(),
    };
    let pruned = without(table, &gone);
    let table: &Table = &pruned;
    let name = match &def.name {
        Some(name) => {
            let clash = match cx.dialect {
                Dialect::Postgres => {
                    table.constraint(name).is_some()
                        || (index_backed(&kind) && relation_exists(schema, ns, name))
                }
                Dialect::Mysql => {
                    let pk = matches!(kind, ConstraintKind::PrimaryKey { .. });
                    !pk && mysql_name_taken(table, name, &kind)
                }
                Dialect::Sqlite => false,
            };
            if clash {
                cx.error(
                    "duplicate-constraint",
                    format!("a constraint or index named `{name}` already exists"),
                    "name in use",
                    "choose another name".into(),
                );
                return Err(());
            }
            match (cx.dialect, &kind) {
                (Dialect::Mysql, ConstraintKind::PrimaryKey { .. }) => "PRIMARY".to_string(),
                // SQLite keeps a declared name in the stored CREATE TABLE text, which is where
                // introspection reads it from (its index is still `sqlite_autoindex_*`).
                _ => name.clone(),
            }
        }
        None => generated_name(
            schema,
            cx.dialect,
            table,
            &kind,
            def.inline.then_some(column).flatten(),
        ),
    };

    let mut fk_gone = Vec::new();
    let mysql_fk_index = match (&kind, cx.dialect) {
        (ConstraintKind::ForeignKey(fk), Dialect::Mysql)
            if mysql_fk_needs_index(table, &fk.columns) =>
        {
            // A generated index on the same or fewer leading columns gives way to this one.
            fk_gone = absorbed(table, &fk.columns);
            let free = without(table, &fk_gone);
            let base = def
                .name
                .clone()
                .unwrap_or_else(|| fk.columns.first().cloned().unwrap_or_default());
            Some(Index {
                name: naming::mysql_key_name(&base, |n| {
                    mysql_name_taken(
                        &free,
                        n,
                        &ConstraintKind::Unique {
                            columns: vec![],
                            nulls_not_distinct: false,
                        },
                    )
                }),
                unique: false,
                keys: fk
                    .columns
                    .iter()
                    .map(|c| IndexKey::column(c.clone()))
                    .collect(),
                predicate: None,
                method: None,
                include: Vec::new(),
            })
        }
        _ => None,
    };

    let Some(table) = schema.tables.get_mut(key) else {
        return Err(());
    };
    if let ConstraintKind::PrimaryKey { columns } = &kind {
        // SQLite keeps PRIMARY KEY columns nullable (a historical quirk); the others force NOT NULL.
        if cx.dialect != Dialect::Sqlite {
            for c in table
                .columns
                .iter_mut()
                .filter(|c| columns.contains(&c.name))
            {
                c.nullable = false;
            }
        }
    }
    if cx.dialect == Dialect::Mysql && index_backed(&kind) {
        settle_generated(table, &name, false, &gone);
        remember_absorbed(&mut schema.session, cx, &gone);
    }
    if let Some(index) = mysql_fk_index {
        settle_generated(table, &index.name, true, &fk_gone);
        table.indexes.push(index);
    }
    if let (ConstraintKind::Check { .. }, Some(known)) = (&kind, &mut table.column_checks.0) {
        known.retain(|(c, _)| c != &name);
        if let Some(column) = def.inline.then_some(column).flatten() {
            known.push((name.clone(), column.to_string()));
        }
    }
    table.constraints.push(Constraint {
        name,
        kind,
        deferrable: def.deferrable,
    });
    crate::normalize::table_exprs(table, cx.dialect);
    Ok(())
}

/// MariaDB refuses a CHECK that reads a column a foreign key's referential action writes (ON
/// DELETE SET NULL / SET DEFAULT, ON UPDATE CASCADE / SET NULL / SET DEFAULT), whichever of
/// the two comes first ("Function or expression 'c' cannot be used in the CHECK clause of `k`",
/// error 1901, checked on 10.11; ON DELETE CASCADE only deletes rows and is allowed). The
/// offending `(check name, column)` once a constraint `name` of `kind` joins `table`'s.
fn check_on_written_column(
    table: &Table,
    name: &str,
    kind: &ConstraintKind,
) -> Option<(String, String)> {
    use crate::schema::FkAction::{Cascade, SetDefault, SetNull};
    let writes = |fk: &ForeignKey| {
        matches!(fk.on_delete, SetNull | SetDefault)
            || matches!(fk.on_update, Cascade | SetNull | SetDefault)
    };
    let reads = |expr: &str, columns: &[String]| {
        columns
            .iter()
            .find(|c| crate::sql_text::mentions(expr, c, Dialect::Mysql))
            .cloned()
    };
    match kind {
        // A new check, against the foreign keys the table has.
        ConstraintKind::Check { expr } => table
            .constraints
            .iter()
            .find_map(|c| match &c.kind {
                ConstraintKind::ForeignKey(fk) if writes(fk) => reads(expr, &fk.columns),
                _ => None,
            })
            .map(|column| (name.to_string(), column)),
        // A new foreign key, against the checks the table has.
        ConstraintKind::ForeignKey(fk) if writes(fk) => {
            table.constraints.iter().find_map(|c| match &c.kind {
                ConstraintKind::Check { expr } => {
                    reads(expr, &fk.columns).map(|column| (c.name.clone(), column))
                }
                _ => None,
            })
        }
        _ => None,
    }
}

fn index_backed(kind: &ConstraintKind) -> bool {
    matches!(
        kind,
        ConstraintKind::PrimaryKey { .. }
            | ConstraintKind::Unique { .. }
            | ConstraintKind::Exclude { .. }
    )
}

/// A single-column `INTEGER PRIMARY KEY` is SQLite's rowid and gets no index.
pub(super) fn is_rowid_alias(table: &Table, kind: &ConstraintKind, columns: &[String]) -> bool {
    matches!(kind, ConstraintKind::PrimaryKey { .. })
        && matches!(columns, [only] if table.column(only).is_some_and(|c| c.ty == DataType::Integer))
}

/// The autoindex of the next key: named keys take a number too, as each has an index.
fn sqlite_next_autoindex(table: &Table) -> String {
    let used = table
        .constraints
        .iter()
        .filter(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } => !is_rowid_alias(table, &c.kind, columns),
            ConstraintKind::Unique { .. } => true,
            _ => false,
        })
        .count();
    naming::sqlite_autoindex(&table.name.name, used + 1)
}

/// MariaDB key names (indexes, unique and primary keys) are per table and case-insensitive; check
/// and foreign-key names only clash with constraints.
fn mysql_name_taken(table: &Table, name: &str, kind: &ConstraintKind) -> bool {
    let constraint_clash = table
        .constraints
        .iter()
        .any(|c| c.name.eq_ignore_ascii_case(name));
    match kind {
        ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_) => constraint_clash,
        _ => {
            table
                .indexes
                .iter()
                .any(|i| i.name.eq_ignore_ascii_case(name))
                || table
                    .constraints
                    .iter()
                    .any(|c| index_backed(&c.kind) && c.name.eq_ignore_ascii_case(name))
        }
    }
}

fn generated_name(
    schema: &Schema,
    dialect: Dialect,
    table: &Table,
    kind: &ConstraintKind,
    inline_column: Option<&str>,
) -> String {
    let t = table.name.name.as_str();
    let ns = table.name.schema.as_deref();
    match dialect {
        Dialect::Postgres => {
            let relation_taken =
                |n: &str| relation_exists(schema, ns, n) || constraint_exists(schema, ns, n);
            let constraint_taken = |n: &str| constraint_exists(schema, ns, n);
            match kind {
                ConstraintKind::PrimaryKey { .. } => {
                    naming::pg_choose_name(t, None, "pkey", relation_taken)
                }
                ConstraintKind::Unique { columns, .. } => {
                    naming::pg_choose_name(t, Some(&columns.join("_")), "key", relation_taken)
                }
                ConstraintKind::Exclude { .. } => {
                    naming::pg_choose_name(t, None, "excl", relation_taken)
                }
                ConstraintKind::ForeignKey(fk) => {
                    naming::pg_choose_name(t, Some(&fk.columns.join("_")), "fkey", constraint_taken)
                }
                ConstraintKind::Check { expr } => {
                    let cols = crate::sql_text::columns_in(
                        expr,
                        table.columns.iter().map(|c| c.name.as_str()),
                        dialect,
                    );
                    let col = match cols.as_slice() {
                        [one] => Some(*one),
                        _ => None,
                    };
                    naming::pg_choose_name(t, col, "check", constraint_taken)
                }
            }
        }
        Dialect::Mysql => match kind {
            ConstraintKind::PrimaryKey { .. } => "PRIMARY".into(),
            ConstraintKind::Unique { columns, .. } => {
                naming::mysql_key_name(columns.first().map_or("key", String::as_str), |n| {
                    mysql_name_taken(table, n, kind)
                })
            }
            ConstraintKind::ForeignKey(_) => naming::mysql_fk_name(
                t,
                table
                    .constraints
                    .iter()
                    .filter(|c| matches!(c.kind, ConstraintKind::ForeignKey(_)))
                    .map(|c| c.name.as_str()),
            ),
            ConstraintKind::Check { .. } if schema.flavor == Flavor::Mysql => {
                naming::mysql8_check_name(t, table.constraints.iter().map(|c| c.name.as_str()))
            }
            ConstraintKind::Check { .. } => match inline_column {
                Some(c) => c.to_string(),
                None => naming::mysql_check_name(|n| mysql_name_taken(table, n, kind)),
            },
            ConstraintKind::Exclude { .. } => String::new(),
        },
        Dialect::Sqlite => match kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                if is_rowid_alias(table, kind, columns) {
                    String::new()
                } else {
                    sqlite_next_autoindex(table)
                }
            }
            _ => String::new(),
        },
    }
}

/// Checks a foreign key the way the database does when it is created, and resolves an empty
/// referenced column list to the target's primary key.
fn validate_fk(
    schema: &Schema,
    cx: &mut Cx,
    key: &QualifiedName,
    fk: &mut ForeignKey,
) -> Result<(), ()> {
    let target_key = cx.key(&fk.ref_table);
    fk.ref_table = target_key.clone();
    let Some(target) = schema.tables.get(&target_key) else {
        if cx.is(Dialect::Sqlite) {
            // SQLite only checks foreign keys when rows are written (and `foreign_keys` is on).
            cx.warning(
                "unknown-table",
                format!("foreign key references table `{target_key}`, which does not exist"),
                "SQLite accepts it, but inserts fail once `PRAGMA foreign_keys` is on: create the table first",
            );
            return Ok(());
        }
        if cx.is(Dialect::Mysql) && !cx.fk_checks {
            // With FOREIGN_KEY_CHECKS = 0 the key may reference a table created later; an
            // existing table is still checked (columns, types, index), as below.
            return Ok(());
        }
        cx.unknown_table(schema, &target_key);
        return Err(());
    };
    if fk.ref_columns.is_empty() {
        match target.primary_key() {
            Some(pk) => fk.ref_columns = key_columns(&pk.kind).to_vec(),
            None if cx.is(Dialect::Sqlite) => return Ok(()),
            None => {
                cx.error(
                    "fk-target-not-unique",
                    format!(
                        "table `{target_key}` has no primary key for the foreign key to reference"
                    ),
                    "no primary key",
                    "name the referenced columns, or add a primary key to the referenced table"
                        .into(),
                );
                return Err(());
            }
        }
    }
    if cx.is(Dialect::Sqlite) {
        return Ok(());
    }
    for c in &fk.ref_columns {
        if target.column(c).is_none() {
            cx.unknown_column(target, c);
            return Err(());
        }
    }
    if fk.ref_columns.len() != fk.columns.len() {
        cx.error(
            "fk-column-count",
            format!(
                "the foreign key has {} columns but references {}",
                fk.columns.len(),
                fk.ref_columns.len()
            ),
            "column counts differ",
            "reference as many columns as the key has".into(),
        );
        return Err(());
    }
    let _ = key;
    match cx.dialect {
        Dialect::Postgres if !unique_on(target, &fk.ref_columns) => {
            cx.error(
                "fk-target-not-unique",
                format!(
                    "no unique constraint on `{target_key}` ({}) for the foreign key to reference",
                    fk.ref_columns.join(", ")
                ),
                "referenced columns are not unique",
                format!(
                    "add a primary key or UNIQUE constraint on {target_key} ({})",
                    fk.ref_columns.join(", ")
                ),
            );
            Err(())
        }
        Dialect::Mysql if !covered_by_index(target, &fk.ref_columns) => {
            cx.error(
                "fk-target-not-indexed",
                format!(
                    "no index on `{target_key}` starts with ({}), which the foreign key needs",
                    fk.ref_columns.join(", ")
                ),
                "foreign key constraint is incorrectly formed (errno 150)",
                format!(
                    "add an index (or a key) on {target_key} ({})",
                    fk.ref_columns.join(", ")
                ),
            );
            Err(())
        }
        _ => Ok(()),
    }
}

/// PostgreSQL: a primary key, unique constraint or plain unique index on exactly these columns
/// (in any order).
fn unique_on(table: &Table, columns: &[String]) -> bool {
    let same =
        |cols: &[String]| cols.len() == columns.len() && cols.iter().all(|c| columns.contains(c));
    table.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
            same(columns)
        }
        _ => false,
    }) || table.indexes.iter().any(|i| {
        i.unique && i.predicate.is_none() && {
            let cols: Option<Vec<String>> = i
                .keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column { name, .. } => Some(name.clone()),
                    IndexKey::Expr { .. } => None,
                })
                .collect();
            cols.is_some_and(|c| same(&c))
        }
    })
}

/// MariaDB: some key of the table starts with these columns, in this order.
fn covered_by_index(table: &Table, columns: &[String]) -> bool {
    key_lists(table, None).any(|cols| starts_with(&cols, columns))
}

/// MariaDB gives a new foreign key a generated index unless a key the user made leads with its
/// columns, or a longer generated one does (an equally long generated one is replaced instead).
fn mysql_fk_needs_index(table: &Table, columns: &[String]) -> bool {
    let by_constraint = table.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns: cols }
        | ConstraintKind::Unique { columns: cols, .. } => starts_with(
            &cols.iter().map(String::as_str).collect::<Vec<_>>(),
            columns,
        ),
        _ => false,
    });
    let by_index = table.indexes.iter().any(|i| {
        let cols = index_columns(i);
        starts_with(&cols, columns) && (!is_generated(table, &i.name) || cols.len() > columns.len())
    });
    !by_constraint && !by_index
}

fn index_columns(index: &Index) -> Vec<&str> {
    index
        .keys
        .iter()
        .map(|k| match k {
            IndexKey::Column { name, .. } => name.as_str(),
            IndexKey::Expr { .. } => "",
        })
        .collect()
}

fn is_generated(table: &Table, name: &str) -> bool {
    table
        .generated_indexes
        .0
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// The generated indexes (MariaDB) that a new key on `columns` makes InnoDB drop: those whose
/// columns lead it, whatever their direction. One the user created is never dropped.
fn absorbed(table: &Table, columns: &[String]) -> Vec<String> {
    table
        .indexes
        .iter()
        .filter(|i| is_generated(table, &i.name))
        .filter(|i| {
            let cols = index_columns(i);
            cols.len() <= columns.len() && cols.iter().zip(columns).all(|(c, k)| *c == k.as_str())
        })
        .map(|i| i.name.clone())
        .collect()
}

/// Records the generated indexes the current statement's new key replaced (see
/// `Session::absorbed`).
fn remember_absorbed(session: &mut crate::schema::Session, cx: &Cx, gone: &[String]) {
    if !gone.is_empty() {
        session.absorbed = Some((cx.span, gone.to_vec()));
    }
}

/// `table` as name checks see it once the indexes in `gone` are dropped.
fn without<'t>(table: &'t Table, gone: &[String]) -> std::borrow::Cow<'t, Table> {
    if gone.is_empty() {
        return std::borrow::Cow::Borrowed(table);
    }
    let mut t = table.clone();
    t.indexes.retain(|i| !gone.contains(&i.name));
    std::borrow::Cow::Owned(t)
}

/// Before a key named `name` is added to `table`: drops the generated indexes it absorbs and
/// records whether the new key is itself generated. Stale entries go too, so a name reused by a
/// user's index is never taken for a generated one.
fn settle_generated(table: &mut Table, name: &str, generated: bool, gone: &[String]) {
    table.indexes.retain(|i| !gone.contains(&i.name));
    let live: Vec<String> = std::mem::take(&mut table.generated_indexes.0)
        .into_iter()
        .filter(|n| !n.eq_ignore_ascii_case(name) && table.indexes.iter().any(|i| i.name == *n))
        .collect();
    table.generated_indexes.0 = live;
    if generated {
        table.generated_indexes.0.push(name.to_string());
    }
}

fn starts_with(cols: &[&str], prefix: &[String]) -> bool {
    cols.len() >= prefix.len() && prefix.iter().zip(cols).all(|(p, c)| p == c)
}

/// The column lists of every key of a table (primary, unique, plain), skipping the one named
/// `except`.
fn key_lists<'t>(
    table: &'t Table,
    except: Option<&'t str>,
) -> impl Iterator<Item = Vec<&'t str>> + 't {
    let from_constraints = table
        .constraints
        .iter()
        .filter(move |c| Some(c.name.as_str()) != except)
        .filter_map(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                Some(columns.iter().map(String::as_str).collect())
            }
            _ => None,
        });
    let from_indexes = table
        .indexes
        .iter()
        .filter(move |i| Some(i.name.as_str()) != except)
        .map(|i| {
            i.keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column { name, .. } => name.as_str(),
                    IndexKey::Expr { .. } => "",
                })
                .collect()
        });
    from_constraints.chain(from_indexes)
}

/// MariaDB refuses to drop a key a foreign key relies on ("needed in a foreign key constraint"):
/// one of this table's foreign keys, or one referencing it, that no other key covers.
fn needed_by_fk(schema: &Schema, key: &QualifiedName, index_name: &str) -> bool {
    let Some(table) = schema.tables.get(key) else {
        return false;
    };
    let Some(cols) = key_lists(table, None)
        .zip(names_of_keys(table))
        .find(|(_, n)| n.eq_ignore_ascii_case(index_name))
        .map(|(c, _)| c)
    else {
        return false;
    };
    let needs = |fk_cols: &[String]| {
        starts_with(&cols, fk_cols)
            && !key_lists(table, Some(index_name)).any(|other| starts_with(&other, fk_cols))
    };
    let local = table
        .constraints
        .iter()
        .any(|c| matches!(&c.kind, ConstraintKind::ForeignKey(fk) if needs(&fk.columns)));
    let remote = schema.tables.values().flat_map(|t| &t.constraints).any(|c| {
        matches!(&c.kind, ConstraintKind::ForeignKey(fk) if fk.ref_table == *key && needs(&fk.ref_columns))
    });
    local || remote
}

fn names_of_keys(table: &Table) -> impl Iterator<Item = &str> {
    table
        .constraints
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
            )
        })
        .map(|c| c.name.as_str())
        .chain(table.indexes.iter().map(|i| i.name.as_str()))
}

/// Foreign keys of any table that reference `key`'s columns `columns` (all of them, any order):
/// `(table, constraint)`.
pub(super) fn fks_referencing(
    schema: &Schema,
    key: &QualifiedName,
    columns: Option<&[String]>,
) -> Vec<(QualifiedName, String)> {
    let mut out = Vec::new();
    for t in schema.tables.values() {
        for c in &t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &c.kind {
                let cols_match = match columns {
                    None => t.name != *key,
                    Some(cols) => fk.ref_columns.iter().any(|r| cols.contains(r)),
                };
                if fk.ref_table == *key && cols_match {
                    out.push((t.name.clone(), c.name.clone()));
                }
            }
        }
    }
    out
}

pub(super) fn remove_constraints(schema: &mut Schema, which: &[(QualifiedName, String)]) {
    for (t, name) in which {
        if let Some(t) = schema.tables.get_mut(t) {
            t.constraints.retain(|c| c.name != *name);
        }
    }
}

pub(super) fn describe(which: &[(QualifiedName, String)]) -> String {
    let items: Vec<String> = which
        .iter()
        .map(|(t, c)| format!("constraint {c} on table {t}"))
        .collect();
    items.join(", ")
}

pub(super) fn drop_constraint(
    schema: &mut Schema,
    cx: &mut Cx,
    table: &QualifiedName,
    name: &str,
    if_exists: bool,
    cascade: bool,
) {
    let Some(key) = cx.existing_table(schema, table) else {
        return;
    };
    let Some(t) = schema.tables.get(&key) else {
        return;
    };
    let Some(c) = t.constraints.iter().find(|c| c.name == name) else {
        if if_exists {
            cx.skipped(format!(
                "constraint `{name}` of table `{key}` does not exist, skipping"
            ));
        } else {
            cx.unknown_constraint(&key, name, &constraint_names(t));
        }
        return;
    };
    if cx.is(Dialect::Mysql) && index_backed(&c.kind) && needed_by_fk(schema, &key, name) {
        cx.needed_by_fk(name);
        return;
    }
    if refuses_column_check(schema, cx, t, c) {
        return;
    }
    if cx.is(Dialect::Postgres) {
        if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } =
            &c.kind
        {
            let deps: Vec<(QualifiedName, String)> = schema
                .tables
                .values()
                .flat_map(|t| t.constraints.iter().map(move |c| (t, c)))
                .filter(|(_, fc)| {
                    matches!(&fc.kind, ConstraintKind::ForeignKey(fk)
                        if fk.ref_table == key && fk.ref_columns.len() == columns.len() && fk.ref_columns.iter().all(|r| columns.contains(r)))
                })
                .map(|(t, fc)| (t.name.clone(), fc.name.clone()))
                .collect();
            if !deps.is_empty() {
                if !cascade {
                    cx.dependent_objects(
                        &format!("constraint `{name}` on table `{key}`"),
                        &describe(&deps),
                        "ALTER TABLE ... DROP CONSTRAINT ... CASCADE",
                    );
                    return;
                }
                remove_constraints(schema, &deps);
            }
        }
    }
    if let Some(t) = schema.tables.get_mut(&key) {
        t.constraints.retain(|c| c.name != name);
    }
}

pub(super) fn drop_primary_key(schema: &mut Schema, cx: &mut Cx, table: &QualifiedName) {
    let Some(key) = cx.existing_table(schema, table) else {
        return;
    };
    let Some(t) = schema.tables.get(&key) else {
        return;
    };
    let Some(pk) = t.primary_key() else {
        cx.error(
            "unknown-constraint",
            format!("table `{key}` has no primary key"),
            "nothing to drop",
            "remove this statement".into(),
        );
        return;
    };
    let pk_name = pk.name.clone();
    if needed_by_fk(schema, &key, &pk_name) {
        cx.needed_by_fk(&pk_name);
        return;
    }
    if let Some(t) = schema.tables.get_mut(&key) {
        t.constraints.retain(|c| c.name != pk_name);
    }
}

/// MariaDB cannot drop a column-level check by name ("Can't DROP CONSTRAINT `a`; check that it
/// exists"): only restating the column without it does. Reports it and returns true for one.
fn refuses_column_check(schema: &Schema, cx: &mut Cx, t: &Table, c: &Constraint) -> bool {
    let ConstraintKind::Check { expr } = &c.kind else {
        return false;
    };
    let Some(column) = super::columns::table_check_column(schema, t, &c.name) else {
        return false;
    };
    let ty = crate::normalize::type_name(
        &t.column(column).map_or(DataType::Text, |c| c.ty.clone()),
        Dialect::Mysql,
    );
    cx.error(
        "unknown-constraint",
        format!(
            "MariaDB cannot drop `{}` by name: it is column `{column}`'s own CHECK ({expr})",
            c.name
        ),
        "column-level check",
        format!(
            "restate the column without it: ALTER TABLE {} MODIFY {column} {ty} ...",
            t.name
        ),
    );
    true
}

/// MariaDB `DROP FOREIGN KEY` / `DROP INDEX` / `DROP CHECK` / `DROP KEY` inside ALTER TABLE.
pub(super) fn drop_of_kind(
    schema: &mut Schema,
    cx: &mut Cx,
    table: &QualifiedName,
    name: &str,
    kind: ConstraintKindTag,
) {
    let Some(key) = cx.existing_table(schema, table) else {
        return;
    };
    let Some(t) = schema.tables.get(&key) else {
        return;
    };
    match kind {
        ConstraintKindTag::ForeignKey | ConstraintKindTag::Check => {
            let want_fk = kind == ConstraintKindTag::ForeignKey;
            let found = t.constraints.iter().any(|c| {
                c.name.eq_ignore_ascii_case(name)
                    && matches!(c.kind, ConstraintKind::ForeignKey(_)) == want_fk
                    && (want_fk || matches!(c.kind, ConstraintKind::Check { .. }))
            });
            if !found {
                cx.unknown_constraint(&key, name, &constraint_names(t));
                return;
            }
            let check = t.constraints.iter().find(|c| {
                c.name.eq_ignore_ascii_case(name) && matches!(c.kind, ConstraintKind::Check { .. })
            });
            if !want_fk && check.is_some_and(|c| refuses_column_check(schema, cx, t, c)) {
                return;
            }
            // The index MariaDB made for a foreign key stays when the foreign key is dropped.
            if let Some(t) = schema.tables.get_mut(&key) {
                t.constraints.retain(|c| {
                    !(c.name.eq_ignore_ascii_case(name)
                        && (matches!(c.kind, ConstraintKind::ForeignKey(_)) == want_fk))
                });
            }
        }
        ConstraintKindTag::PrimaryKey | ConstraintKindTag::Unique | ConstraintKindTag::Index => {
            let absorbed_here = schema
                .session
                .absorbed
                .as_ref()
                .is_some_and(|(span, names)| {
                    *span == cx.span && names.iter().any(|n| n.eq_ignore_ascii_case(name))
                });
            if absorbed_here {
                // A key this statement adds already replaced it: the explicit drop says the same.
                return;
            }
            if !names_of_keys(t).any(|n| n.eq_ignore_ascii_case(name)) {
                let names: Vec<&str> = names_of_keys(t).collect();
                cx.error(
                    "unknown-index",
                    format!("table `{key}` has no index `{name}`"),
                    "no such index",
                    has_list("the table has indexes", &names),
                );
                return;
            }
            if needed_by_fk(schema, &key, name) {
                cx.needed_by_fk(name);
                return;
            }
            if let Some(t) = schema.tables.get_mut(&key) {
                t.generated_indexes
                    .0
                    .retain(|n| !n.eq_ignore_ascii_case(name));
                t.indexes.retain(|i| !i.name.eq_ignore_ascii_case(name));
                t.constraints
                    .retain(|c| !(index_backed(&c.kind) && c.name.eq_ignore_ascii_case(name)));
            }
        }
    }
}

pub(super) fn rename_constraint(
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
    let Some(c) = t.constraint(from) else {
        cx.unknown_constraint(&key, from, &constraint_names(t));
        return;
    };
    let ns = key.schema.as_deref();
    if t.constraint(to).is_some() || (index_backed(&c.kind) && relation_exists(schema, ns, to)) {
        cx.error(
            "duplicate-constraint",
            format!("a constraint or relation named `{to}` already exists"),
            "name in use",
            "choose another name".into(),
        );
        return;
    }
    if let Some(c) = schema
        .tables
        .get_mut(&key)
        .and_then(|t| t.constraints.iter_mut().find(|c| c.name == from))
    {
        c.name = to.to_string();
    }
}

pub(super) fn create_index(schema: &mut Schema, cx: &mut Cx, ci: &CreateIndex) {
    if let Some(view) = schema
        .views
        .get(&cx.key(&ci.table))
        .filter(|v| v.materialized && cx.is(Dialect::Postgres))
    {
        // The model keeps no indexes on materialized views (nor does the catalog comparison);
        // only a column that is certainly missing is worth reporting.
        let missing = ci.index.keys.iter().find_map(|k| match k {
            IndexKey::Column { name, .. }
                if !view.columns.is_empty() && !view.columns.contains(name) =>
            {
                Some(name.clone())
            }
            _ => None,
        });
        if let Some(name) = missing {
            let help = super::has_list("the materialized view has columns", &view.columns);
            cx.error(
                "unknown-column",
                format!(
                    "column `{name}` does not exist in materialized view `{}`",
                    view.name
                ),
                "no such column",
                help,
            );
        }
        return;
    }
    let Some(key) = cx.existing_table(schema, &ci.table) else {
        return;
    };
    let Some(table) = schema.tables.get(&key) else {
        return;
    };
    for k in &ci.index.keys {
        if let IndexKey::Column { name, .. } = k {
            if table.column(name).is_none() {
                cx.unknown_column(table, name);
                return;
            }
        }
    }
    for c in &ci.index.include {
        if table.column(c).is_none() {
            cx.unknown_column(table, c);
            return;
        }
    }
    let ns = key.schema.as_deref();
    let mysql = cx.is(Dialect::Mysql);
    let gone = if mysql {
        let columns: Vec<String> = index_columns(&ci.index)
            .into_iter()
            .map(String::from)
            .collect();
        absorbed(table, &columns)
    } else {
        Vec::new()
    };
    let pruned = without(table, &gone);
    let table: &Table = &pruned;
    let taken = |n: &str| {
        if mysql {
            mysql_name_taken(
                table,
                n,
                &ConstraintKind::Unique {
                    columns: vec![],
                    nulls_not_distinct: false,
                },
            )
        } else {
            relation_exists(schema, ns, n)
        }
    };
    let name = match &ci.name {
        Some(name) => {
            if taken(name) {
                if ci.if_not_exists {
                    cx.skipped(format!("relation `{name}` already exists, skipping"));
                } else {
                    cx.error(
                        "duplicate-index",
                        format!("an index or relation named `{name}` already exists"),
                        "name in use",
                        if mysql { format!("index names are per table in MariaDB; choose another name on `{key}`") } else { "index names share the schema's namespace with tables: choose another name".into() },
                    );
                }
                return;
            }
            name.clone()
        }
        None if mysql => {
            let base = match ci.index.keys.first() {
                Some(IndexKey::Column { name, .. }) => name.clone(),
                _ => "expr".into(),
            };
            naming::mysql_key_name(&base, taken)
        }
        None => {
            let parts: Vec<String> = ci
                .index
                .keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column { name, .. } => name.clone(),
                    IndexKey::Expr { expr, .. } => naming::pg_index_key_name(expr),
                })
                .collect();
            naming::pg_choose_name(&key.name, Some(&parts.join("_")), "idx", taken)
        }
    };
    let as_unique_key: Option<Vec<String>> =
        if mysql && ci.index.unique && ci.index.predicate.is_none() && ci.index.method.is_none() {
            ci.index
                .keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column {
                        name,
                        desc: false,
                        options,
                    } if options.is_default() => Some(name.clone()),
                    _ => None,
                })
                .collect()
        } else {
            None
        };
    let functions = &schema.functions;
    let params = |f: &str, n: usize| function_params(functions, f, n);
    let Some(table) = schema.tables.get_mut(&key) else {
        return;
    };
    if mysql {
        settle_generated(table, &name, false, &gone);
        remember_absorbed(&mut schema.session, cx, &gone);
    }
    match as_unique_key {
        Some(columns) => table.constraints.push(Constraint {
            name,
            kind: ConstraintKind::Unique {
                columns,
                nulls_not_distinct: false,
            },
            deferrable: Default::default(),
        }),
        None => {
            let mut index = ci.index.clone();
            index.name = name;
            for k in &mut index.keys {
                if let IndexKey::Expr { expr, .. } = k {
                    *expr = normalize::call_casts(expr, &table.columns, &params, cx.dialect);
                }
            }
            table.indexes.push(index);
            normalize::table_exprs(table, cx.dialect);
        }
    }
}

/// The parameter types of the one function of `functions` called `name` with `n` arguments
/// (none when there is no such function, or several, or a variadic one).
fn function_params(
    functions: &BTreeMap<String, Function>,
    name: &str,
    n: usize,
) -> Option<Vec<String>> {
    let mut found = functions
        .values()
        .filter(|f| f.name.name == name && !f.args.contains("VARIADIC"))
        .map(|f| top_level_items(&f.args))
        .filter(|args| args.len() == n);
    let args = found.next()?;
    found.next().is_none().then_some(args)
}

/// `a, numeric(10,2), b` → `[a, numeric(10,2), b]`: split at commas outside parentheses.
fn top_level_items(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, ch) in list.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(list[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(list[start..].trim().to_string());
    out.retain(|a| !a.is_empty());
    out
}

pub(super) fn drop_index(
    schema: &mut Schema,
    cx: &mut Cx,
    name: &QualifiedName,
    table: Option<&QualifiedName>,
    if_exists: bool,
) {
    if cx.is(Dialect::Mysql) {
        let key = match table {
            Some(t) => cx.key(t),
            None => match schema
                .tables
                .values()
                .find(|t| names_of_keys(t).any(|n| n.eq_ignore_ascii_case(&name.name)))
            {
                Some(t) => t.name.clone(),
                None => {
                    if if_exists {
                        cx.skipped(format!("index `{}` does not exist, skipping", name.name));
                    } else {
                        cx.unknown_index(&name.name);
                    }
                    return;
                }
            },
        };
        if if_exists
            && schema
                .tables
                .get(&key)
                .is_some_and(|t| !names_of_keys(t).any(|n| n.eq_ignore_ascii_case(&name.name)))
        {
            cx.skipped(format!("index `{}` does not exist, skipping", name.name));
            return;
        }
        drop_of_kind(schema, cx, &key, &name.name, ConstraintKindTag::Index);
        return;
    }
    let key = cx.key(name);
    let ns = key.schema.as_deref();
    let owner = schema
        .tables
        .values()
        .filter(|t| t.name.schema.as_deref() == ns)
        .find_map(|t| {
            if t.indexes.iter().any(|i| i.name == key.name) {
                Some((t.name.clone(), None))
            } else {
                t.constraints
                    .iter()
                    .find(|c| c.name == key.name && index_backed(&c.kind))
                    .map(|c| (t.name.clone(), Some(c.name.clone())))
            }
        });
    match owner {
        None if if_exists => cx.skipped(format!("index `{key}` does not exist, skipping")),
        None => cx.unknown_index(&key.to_string()),
        Some((t, Some(constraint))) => {
            let help = if cx.is(Dialect::Sqlite) {
                "SQLite keeps this index as long as the UNIQUE or PRIMARY KEY constraint exists: rebuild the table without it".to_string()
            } else {
                format!("drop the constraint instead: ALTER TABLE {t} DROP CONSTRAINT {constraint}")
            };
            cx.error(
                "index-implements-constraint",
                format!(
                    "index `{}` implements constraint `{constraint}` on table `{t}`",
                    key.name
                ),
                "cannot drop this index",
                help,
            );
        }
        Some((t, None)) => {
            if let Some(t) = schema.tables.get_mut(&t) {
                t.indexes.retain(|i| i.name != key.name);
            }
        }
    }
}

pub(super) fn rename_index(
    schema: &mut Schema,
    cx: &mut Cx,
    table: Option<&QualifiedName>,
    from: &QualifiedName,
    to: &str,
) {
    let mysql = cx.is(Dialect::Mysql);
    let from_key = cx.key(from);
    let ns = from_key.schema.as_deref();
    let table_key = table.map(|t| cx.key(t));
    let owner = schema
        .tables
        .values()
        .filter(|t| match &table_key {
            Some(k) => t.name == *k,
            None => t.name.schema.as_deref() == ns,
        })
        .find(|t| {
            names_of_keys(t).any(|n| {
                if mysql {
                    n.eq_ignore_ascii_case(&from_key.name)
                } else {
                    n == from_key.name
                }
            })
        })
        .map(|t| t.name.clone());
    let Some(owner) = owner else {
        cx.unknown_index(&from_key.to_string());
        return;
    };
    let taken = match schema.tables.get(&owner) {
        Some(t) if mysql => names_of_keys(t).any(|n| n.eq_ignore_ascii_case(to)),
        _ => relation_exists(schema, owner.schema.as_deref(), to),
    };
    if taken {
        cx.error(
            "duplicate-index",
            format!("an index or relation named `{to}` already exists"),
            "name in use",
            "choose another name".into(),
        );
        return;
    }
    let Some(t) = schema.tables.get_mut(&owner) else {
        return;
    };
    let same = |n: &str| {
        if mysql {
            n.eq_ignore_ascii_case(&from_key.name)
        } else {
            n == from_key.name
        }
    };
    // A renamed generated index counts as the user's from then on.
    t.generated_indexes
        .0
        .retain(|n| !same(n) && !n.eq_ignore_ascii_case(to));
    for i in t.indexes.iter_mut().filter(|i| same(&i.name)) {
        i.name = to.to_string();
    }
    for c in t
        .constraints
        .iter_mut()
        .filter(|c| index_backed(&c.kind) && same(&c.name))
    {
        c.name = to.to_string();
    }
}

impl Cx<'_> {
    fn needed_by_fk(&mut self, index: &str) {
        self.error(
            "index-needed-by-fk",
            format!("cannot drop index `{index}`: needed in a foreign key constraint"),
            "a foreign key uses this index",
            "drop the foreign key first, or create another index on its columns".into(),
        );
    }

    fn unknown_index(&mut self, name: &str) {
        self.error(
            "unknown-index",
            format!("index `{name}` does not exist"),
            "no such index",
            "check the name: generated names are listed by `strata schema`".into(),
        );
    }

    pub(super) fn dependent_objects(&mut self, what: &str, deps: &str, cascade_form: &str) {
        self.error(
            "dependent-objects",
            format!("cannot drop {what} because other objects depend on it: {deps}"),
            "other objects depend on this",
            format!("drop the dependent objects first, or use {cascade_form} to drop them too"),
        );
    }
}
