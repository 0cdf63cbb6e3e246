//! Small builders for schema-model fixtures shared by the diff and render tests.
#![allow(dead_code)]

use strata_core::schema::{
    Column, Constraint, ConstraintKind, DataType, Deferrable, EnumType, FkAction, ForeignKey,
    Generated, Identity, Index, IndexKey, QualifiedName, Sequence, Table, View,
};
use strata_core::{Dialect, Schema};

pub fn qn(name: &str) -> QualifiedName {
    match name.split_once('.') {
        Some((s, n)) => QualifiedName::qualified(s, n),
        None => QualifiedName::new(name),
    }
}

pub fn col(name: &str, ty: DataType) -> Column {
    Column::new(name, ty)
}

pub trait ColumnExt {
    fn not_null(self) -> Self;
    fn default(self, expr: &str) -> Self;
    fn identity(self, i: Identity) -> Self;
    fn auto_increment(self) -> Self;
    fn generated(self, expr: &str, stored: bool) -> Self;
    fn collate(self, c: &str) -> Self;
    fn comment(self, c: &str) -> Self;
}

impl ColumnExt for Column {
    fn not_null(mut self) -> Self {
        self.nullable = false;
        self
    }
    fn default(mut self, expr: &str) -> Self {
        self.default = Some(expr.into());
        self
    }
    fn identity(mut self, i: Identity) -> Self {
        self.identity = Some(i);
        self.nullable = false;
        self
    }
    fn auto_increment(mut self) -> Self {
        self.auto_increment = true;
        self.nullable = false;
        self
    }
    fn generated(mut self, expr: &str, stored: bool) -> Self {
        self.generated = Some(Generated {
            expr: expr.into(),
            stored,
        });
        self
    }
    fn collate(mut self, c: &str) -> Self {
        self.collation = Some(c.into());
        self
    }
    fn comment(mut self, c: &str) -> Self {
        self.comment = Some(c.into());
        self
    }
}

fn names(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| c.to_string()).collect()
}

fn constraint(name: &str, kind: ConstraintKind) -> Constraint {
    Constraint {
        name: name.into(),
        kind,
        deferrable: Deferrable::Not,
    }
}

pub fn pk(name: &str, cols: &[&str]) -> Constraint {
    constraint(
        name,
        ConstraintKind::PrimaryKey {
            columns: names(cols),
        },
    )
}

pub fn unique(name: &str, cols: &[&str]) -> Constraint {
    constraint(
        name,
        ConstraintKind::Unique {
            columns: names(cols),
            nulls_not_distinct: false,
        },
    )
}

pub fn check(name: &str, expr: &str) -> Constraint {
    constraint(name, ConstraintKind::Check { expr: expr.into() })
}

pub fn fk(name: &str, cols: &[&str], table: &str, ref_cols: &[&str]) -> Constraint {
    constraint(
        name,
        ConstraintKind::ForeignKey(ForeignKey {
            columns: names(cols),
            ref_table: qn(table),
            ref_columns: names(ref_cols),
            on_delete: FkAction::NoAction,
            on_update: FkAction::NoAction,
        }),
    )
}

pub fn on_delete(mut c: Constraint, action: FkAction) -> Constraint {
    if let ConstraintKind::ForeignKey(fk) = &mut c.kind {
        fk.on_delete = action;
    }
    c
}

pub fn index(name: &str, cols: &[&str]) -> Index {
    Index {
        name: name.into(),
        unique: false,
        keys: cols
            .iter()
            .map(|c| IndexKey::column(c.to_string()))
            .collect(),
        predicate: None,
        method: None,
        include: Vec::new(),
    }
}

pub fn expr_index(name: &str, expr: &str) -> Index {
    Index {
        keys: vec![IndexKey::Expr {
            expr: expr.into(),
            desc: false,
            options: Default::default(),
        }],
        ..index(name, &[])
    }
}

pub fn table(
    name: &str,
    columns: Vec<Column>,
    constraints: Vec<Constraint>,
    indexes: Vec<Index>,
) -> Table {
    Table {
        name: qn(name),
        columns,
        constraints,
        indexes,
        ..Default::default()
    }
}

pub fn view(name: &str, query: &str) -> View {
    View {
        name: qn(name),
        query: query.into(),
        materialized: false,
        columns: Vec::new(),
    }
}

pub fn enum_type(name: &str, values: &[&str]) -> EnumType {
    EnumType {
        name: qn(name),
        values: names(values),
    }
}

pub fn sequence(name: &str, owned_by: Option<(&str, &str)>) -> Sequence {
    Sequence {
        name: qn(name),
        owned_by: owned_by.map(|(t, c)| (qn(t), c.to_string())),
        data_type: None,
        start: None,
        increment: None,
    }
}

pub fn schema(dialect: Dialect, tables: Vec<Table>) -> Schema {
    let mut s = Schema::new(dialect);
    for t in tables {
        s.tables.insert(t.name.clone(), t);
    }
    s
}
