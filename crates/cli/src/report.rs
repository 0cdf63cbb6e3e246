//! Human output: diagnostics with source excerpts, and the text form of a schema.

use std::fmt::Write as _;
use strata_core::diagnostic::render_diagnostic;
use strata_core::normalize::type_name;
use strata_core::schema::{Column, ConstraintKind, Identity, IndexKey, Table};
use strata_core::{Diagnostic, Project, Schema, Severity};

pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

pub fn count(diags: &[Diagnostic]) -> Counts {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    Counts { errors: n(Severity::Error), warnings: n(Severity::Warning), infos: n(Severity::Info) }
}

/// Diagnostics in source order (file, then offset), errors of the set as a whole first.
pub fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
    diags
}

pub fn render_all(project: &Project, diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        let file = d.span.and_then(|s| project.set.file(s.file));
        let text = render_diagnostic(d, file.map(|f| f.path.as_str()), file.map(|f| f.text.as_str()));
        if color {
            out.push_str(&colorize(&text, d.severity));
        } else {
            out.push_str(&text);
        }
        out.push('\n');
    }
    out
}

fn colorize(text: &str, severity: Severity) -> String {
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    };
    match text.split_once('\n') {
        Some((head, rest)) => format!("\x1b[{code}m{head}\x1b[0m\n{rest}"),
        None => text.to_string(),
    }
}

pub fn schema_text(schema: &Schema) -> String {
    let mut out = String::new();
    let d = schema.dialect;
    for ns in &schema.namespaces {
        let _ = writeln!(out, "schema {ns}");
    }
    for e in &schema.extensions {
        let _ = writeln!(out, "extension {e}");
    }
    for e in schema.enums.values() {
        let _ = writeln!(out, "enum {} ({})", e.name, e.values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", "));
    }
    for s in schema.sequences.values() {
        let owned = s.owned_by.as_ref().map(|(t, c)| format!(" owned by {t}.{c}")).unwrap_or_default();
        let _ = writeln!(out, "sequence {}{owned}", s.name);
    }
    if !(schema.namespaces.is_empty() && schema.extensions.is_empty() && schema.enums.is_empty() && schema.sequences.is_empty()) {
        out.push('\n');
    }
    for t in schema.tables.values() {
        table_text(&mut out, t, d);
        out.push('\n');
    }
    for v in schema.views.values() {
        let kind = if v.materialized { "materialized view" } else { "view" };
        let _ = writeln!(out, "{kind} {}", v.name);
    }
    for f in schema.functions.values() {
        let _ = writeln!(out, "function {}({})", f.name, f.args);
    }
    out
}

fn table_text(out: &mut String, t: &Table, d: strata_core::Dialect) {
    let _ = writeln!(out, "table {}", t.name);
    let width = t.columns.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let types: Vec<String> = t.columns.iter().map(|c| type_name(&c.ty, d)).collect();
    let twidth = types.iter().map(|s| s.len()).max().unwrap_or(0);
    for (c, ty) in t.columns.iter().zip(&types) {
        let _ = writeln!(out, "  {:width$}  {:twidth$}{}", c.name, ty, column_extras(c).trim_end());
    }
    for c in &t.constraints {
        let deferrable = match c.deferrable {
            strata_core::schema::Deferrable::Not => "",
            strata_core::schema::Deferrable::InitiallyImmediate => " DEFERRABLE",
            strata_core::schema::Deferrable::InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
        };
        let _ = writeln!(out, "  constraint {} {}{deferrable}", c.name, constraint_text(&c.kind));
    }
    for i in &t.indexes {
        let keys: Vec<String> = i
            .keys
            .iter()
            .map(|k| match k {
                IndexKey::Column { name, desc } => format!("{name}{}", if *desc { " DESC" } else { "" }),
                IndexKey::Expr { expr, desc } => format!("({expr}){}", if *desc { " DESC" } else { "" }),
            })
            .collect();
        let unique = if i.unique { "unique " } else { "" };
        let method = i.method.as_ref().map(|m| format!(" using {m}")).unwrap_or_default();
        let pred = i.predicate.as_ref().map(|p| format!(" where {p}")).unwrap_or_default();
        let _ = writeln!(out, "  {unique}index {}{method} ({}){pred}", i.name, keys.join(", "));
    }
    for tr in &t.triggers {
        let _ = writeln!(out, "  trigger {}", tr.name);
    }
}

fn column_extras(c: &Column) -> String {
    let mut s = String::new();
    if !c.nullable {
        s.push_str("  not null");
    }
    if let Some(def) = &c.default {
        let _ = write!(s, "  default {def}");
    }
    match c.identity {
        Some(Identity::Always) => s.push_str("  generated always as identity"),
        Some(Identity::ByDefault) => s.push_str("  generated by default as identity"),
        None => {}
    }
    if c.auto_increment {
        s.push_str("  auto_increment");
    }
    if let Some(g) = &c.generated {
        let _ = write!(s, "  generated as ({}){}", g.expr, if g.stored { " stored" } else { "" });
    }
    if let Some(comment) = &c.comment {
        let _ = write!(s, "  -- {comment}");
    }
    s
}

pub fn constraint_text(kind: &ConstraintKind) -> String {
    match kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", columns.join(", ")),
        ConstraintKind::Unique { columns, nulls_not_distinct } => {
            format!("UNIQUE{} ({})", if *nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" }, columns.join(", "))
        }
        ConstraintKind::Check { expr } => format!("CHECK ({expr})"),
        ConstraintKind::ForeignKey(fk) => {
            let mut s = format!("FOREIGN KEY ({}) REFERENCES {}", fk.columns.join(", "), fk.ref_table);
            if !fk.ref_columns.is_empty() {
                let _ = write!(s, " ({})", fk.ref_columns.join(", "));
            }
            if fk.on_delete != Default::default() {
                let _ = write!(s, " ON DELETE {}", fk.on_delete.sql());
            }
            if fk.on_update != Default::default() {
                let _ = write!(s, " ON UPDATE {}", fk.on_update.sql());
            }
            s
        }
        ConstraintKind::Exclude { definition } => definition.clone(),
    }
}
