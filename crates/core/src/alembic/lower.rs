//! `upgrade()` / `downgrade()` bodies of `op.*` and `sa.*` calls to [`Op`]s.
//!
//! Each call that creates or alters something is turned into the DDL SQLAlchemy and Alembic
//! would emit for the dialect (same clause order, same table-level constraints, same `ix_`
//! names) and that text goes through the SQL path ([`parse_sql`]), so an Alembic revision and the
//! equivalent SQL migration give the same ops. Calls with no DDL of their own worth re-parsing
//! (`alter_column`, `drop_*`) build their ops directly.

use super::data;
use super::eval::{Call, Env, Value};
use super::module::{Failure, Module};
use super::project_types::ProjectModules;
use super::types::{sa_type, SaType};
use crate::diagnostic::{Diagnostic, FileId, Span, Spanned};
use crate::dialect::Dialect;
use crate::normalize;
use crate::op::{ColumnChange, ConstraintKindTag, CreateIndex, DataKind, Op};
use crate::parse::parse_sql;
use crate::schema::{EnumType, Index, IndexKey, QualifiedName};
use rustpython_parser::ast::{self, Expr, Ranged, Stmt};
use rustpython_parser::Tok;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the caller knows beyond the file: the dialect to evaluate `dialect.name` tests and
/// `op.execute` SQL for, `strata.toml`'s `[types]` mapping of project-specific column types,
/// and the project's own Python modules that may define such types.
#[derive(Debug, Clone, Default)]
pub struct AlembicConfig {
    pub dialect: Dialect,
    /// `"myapp.db.types.UUID" = "uuid"`: a Python type name (as written, or its last component)
    /// to a SQL type, parsed in `dialect`. It wins over a definition found in `modules`.
    pub types: BTreeMap<String, String>,
    /// The project's modules (not revisions), read for the classes column types name.
    pub modules: Arc<ProjectModules>,
}

#[derive(Debug, Clone, Default)]
pub struct Lowered {
    pub ops: Vec<Spanned<Op>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Some code that may change the schema could not be evaluated: the revision is only
    /// partially simulated.
    pub partial: bool,
}

/// Nesting the lowering accepts, measured on tokens before parsing: brackets, operator chains
/// and indentation. rustpython's AST (and dropping it) recurses once per level, so deeper input
/// is refused with a diagnostic instead of risking the stack (1 MB on wasm).
const MAX_NESTING: usize = 100;

/// Helper functions calling helper functions: inlined this deep at most.
const MAX_INLINE: usize = 8;

/// Constant `for` loops are unrolled up to this many iterations.
const MAX_UNROLL: usize = 1000;

/// Statements lowered per function, counting unrolled loops and inlined helpers: bounds the work
/// on adversarial input (helpers calling helpers in loops).
const MAX_STATEMENTS: usize = 100_000;

/// Lowers the body of the module-level function `function` (`"upgrade"` or `"downgrade"`).
/// A missing function lowers to nothing.
pub fn lower_function(text: &str, file: FileId, function: &str, config: &AlembicConfig) -> Lowered {
    lower_functions(text, file, &[function], config)
        .pop()
        .unwrap_or_default()
}

/// Lowers several module-level functions of one file (`upgrade` and `downgrade`), parsing the
/// file once. Problems with the file as a whole are reported once, with `upgrade()`.
pub fn lower_functions(
    text: &str,
    file: FileId,
    functions: &[&str],
    config: &AlembicConfig,
) -> Vec<Lowered> {
    lower_module(&Module::parse(text), text, file, functions, config)
}

/// [`lower_functions`] of a file already parsed (discovery parsed it to read its header).
pub fn lower_module(
    module: &Module,
    text: &str,
    file: FileId,
    functions: &[&str],
    config: &AlembicConfig,
) -> Vec<Lowered> {
    let mut outs: Vec<Lowered> = functions.iter().map(|_| Lowered::default()).collect();
    let report_to = functions.iter().position(|f| *f == "upgrade");
    let fail = |outs: &mut Vec<Lowered>, d: Diagnostic| {
        if let Some(out) = report_to.and_then(|i| outs.get_mut(i)) {
            out.diagnostics.push(d);
        }
        for out in outs.iter_mut() {
            out.partial = true;
        }
    };
    let too_deep = |at: usize, depth: String| {
        Diagnostic::error(
            "python-too-deep",
            format!("this revision nests {depth} levels deep; Strata reads at most {MAX_NESTING}"),
        )
        .at(Span::new(file, at, at))
        .label("too deeply nested")
        .help("simplify the expression (split it with intermediate variables)")
    };
    if let Some((at, depth)) = module.too_deep_to_lower {
        fail(&mut outs, too_deep(at, depth.to_string()));
        return outs;
    }
    let suite = match &module.body {
        Ok(suite) => suite,
        // Deeper than the header reader accepts, in a way the lowering's measure does not see
        // (chains of `lambda:`): never parsed.
        Err(Failure::TooDeep(at)) => {
            fail(&mut outs, too_deep(*at, format!("more than {MAX_NESTING}")));
            return outs;
        }
        Err(Failure::Syntax(e)) => {
            let at = e.offset.to_usize();
            fail(
                &mut outs,
                Diagnostic::error(
                    "python-syntax-error",
                    format!("this revision is not valid Python: {}", e.error),
                )
                .at(Span::new(file, at, at))
                .label("syntax error")
                .help("fix the syntax (`python -m py_compile` shows the same error)"),
            );
            return outs;
        }
    };
    let mut env = Env {
        file,
        dialect: config.dialect,
        ..Env::default()
    };
    let funcs = module_env(suite, &mut env);
    functions
        .iter()
        .zip(outs)
        .map(|(function, out)| {
            let Some(f) = funcs.get(*function).copied() else {
                return out;
            };
            let env = env.clone();
            let funcs = funcs.clone();
            let mut l = Lowerer {
                text,
                env,
                config,
                funcs,
                batch: BTreeMap::new(),
                rebuild: BTreeMap::new(),
                inline_depth: 0,
                created_enums: Default::default(),
                budget: MAX_STATEMENTS,
                out,
            };
            l.block(&f.body);
            l.out
        })
        .collect()
}

/// Binds a module's imports and module-level constants in `env`; its top-level functions by name.
pub(super) fn module_env<'a>(
    suite: &'a [Stmt],
    env: &mut Env,
) -> BTreeMap<String, &'a ast::StmtFunctionDef> {
    let mut funcs = BTreeMap::new();
    for s in suite {
        match s {
            Stmt::Import(_) | Stmt::ImportFrom(_) => import(env, s),
            Stmt::FunctionDef(f) => {
                funcs.insert(f.name.to_string(), f);
            }
            Stmt::Assign(a) => {
                let v = env.eval(&a.value);
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        env.globals.insert(n.id.to_string(), v.clone());
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let (Expr::Name(n), Some(v)) = (a.target.as_ref(), &a.value) {
                    let v = env.eval(v);
                    env.globals.insert(n.id.to_string(), v);
                }
            }
            _ => {}
        }
    }
    funcs
}

/// The deepest nesting in the token stream, if above [`MAX_NESTING`], with its offset.
pub(super) fn too_deep(
    tokens: &[Result<
        (Tok, rustpython_parser::text_size::TextRange),
        rustpython_parser::lexer::LexicalError,
    >],
) -> Option<(usize, usize)> {
    // Per open bracket: operators seen since the last comma, each a level of the expression tree.
    let mut stack: Vec<usize> = vec![0];
    let mut indent = 0usize;
    for t in tokens {
        let Ok((tok, range)) = t else { return None };
        match tok {
            Tok::Lpar | Tok::Lsqb | Tok::Lbrace => {
                if let Some(top) = stack.last_mut() {
                    *top += 1;
                }
                stack.push(0);
            }
            Tok::Rpar | Tok::Rsqb | Tok::Rbrace => {
                if stack.len() > 1 {
                    stack.pop();
                }
            }
            Tok::Comma | Tok::Colon | Tok::Semi => {
                if let Some(top) = stack.last_mut() {
                    *top = 0;
                }
            }
            Tok::Newline => stack = vec![0],
            Tok::Indent => indent += 1,
            Tok::Dedent => indent = indent.saturating_sub(1),
            Tok::Name { .. }
            | Tok::Int { .. }
            | Tok::Float { .. }
            | Tok::Complex { .. }
            | Tok::String { .. } => {}
            _ => {
                if let Some(top) = stack.last_mut() {
                    *top += 1;
                }
            }
        }
        let depth = indent + stack.len() + stack.iter().sum::<usize>();
        if depth > MAX_NESTING {
            return Some((range.start().to_usize(), depth));
        }
    }
    None
}

fn import(env: &mut Env, s: &Stmt) {
    match s {
        Stmt::Import(i) => {
            for a in &i.names {
                let full = a.name.to_string();
                match &a.asname {
                    Some(alias) => env.imports.insert(alias.to_string(), full),
                    // `import sqlalchemy.dialects.postgresql` binds `sqlalchemy`.
                    None => {
                        let first = full.split('.').next().unwrap_or_default().to_string();
                        env.imports.insert(first.clone(), first)
                    }
                };
            }
        }
        Stmt::ImportFrom(i) => {
            let module = i.module.as_ref().map(|m| m.to_string()).unwrap_or_default();
            for a in &i.names {
                let local = a.asname.as_ref().unwrap_or(&a.name).to_string();
                env.imports.insert(local, format!("{module}.{}", a.name));
            }
        }
        _ => {}
    }
}

struct Lowerer<'a> {
    text: &'a str,
    env: Env,
    config: &'a AlembicConfig,
    funcs: BTreeMap<String, &'a ast::StmtFunctionDef>,
    /// `with op.batch_alter_table("t") as batch_op`: `batch_op` to its table.
    batch: BTreeMap<String, QualifiedName>,
    /// On SQLite, the ops of each open batch block's calls, by alias: Alembic recreates the
    /// table when the block ends, so they become one [`Op::RebuildTable`].
    rebuild: BTreeMap<String, Vec<Op>>,
    inline_depth: usize,
    /// PostgreSQL enum types `create_table` already created in this function: SQLAlchemy notes
    /// each in the DDL runner's memo (Alembic's one per run) and creates it once, so a second
    /// table with the same `sa.Enum(..., name=...)` emits no `CREATE TYPE`. The memo is kept per
    /// revision here, as when each revision is upgraded on its own.
    created_enums: std::collections::BTreeSet<String>,
    /// Statements left to lower (see [`MAX_STATEMENTS`]).
    budget: usize,
    out: Lowered,
}

/// A column as SQLAlchemy declares it, with what it adds to its table.
struct ColumnSpec {
    name: String,
    ty: SaType,
    sql: String,
    primary_key: bool,
    unique: bool,
    index: bool,
    comment: Option<String>,
    /// `FOREIGN KEY(...) REFERENCES ...` clauses from `sa.ForeignKey`.
    foreign_keys: Vec<String>,
    /// Parallel to `foreign_keys`: declared `use_alter=True` (see [`use_alter`]).
    fk_use_alter: Vec<bool>,
    autoincrement: Option<bool>,
    nullable: Option<bool>,
    default: Option<String>,
    identity: Option<String>,
    computed: Option<String>,
}

impl<'a> Lowerer<'a> {
    fn dialect(&self) -> Dialect {
        self.config.dialect
    }

    fn push(&mut self, span: Span, op: Op) {
        self.out.ops.push(Spanned::new(span, op));
    }

    fn warn(&mut self, d: Diagnostic) {
        self.out.diagnostics.push(d);
    }

    fn unsimulated(&mut self, span: Span, what: &str) {
        self.out.partial = true;
        self.warn(
            Diagnostic::warning("unsimulated-code", format!("{what} may change the schema and is not simulated"))
                .at(span)
                .label("not simulated")
                .help("Strata cannot evaluate this Python; the schema after this revision may differ (write the change as plain `op.*` calls to simulate it)"),
        );
    }

    fn invalid(&mut self, span: Span, message: String) {
        self.out.partial = true;
        self.warn(
            Diagnostic::warning("invalid-alembic-call", message)
                .at(span)
                .label("not understood")
                .help("pass the arguments as literals (or module-level constants) as Alembic's documentation shows"),
        );
    }

    /// Lowers statements in order; `false` once a `return` was reached.
    fn block(&mut self, stmts: &'a [Stmt]) -> bool {
        for s in stmts {
            if !self.stmt(s) {
                return false;
            }
        }
        true
    }

    fn stmt(&mut self, s: &'a Stmt) -> bool {
        let span = self.env.span(s.range());
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        if self.budget == 0 {
            self.unsimulated(span, &format!("the rest of this function (more than {MAX_STATEMENTS} statements once loops and helpers are expanded)"));
            return false;
        }
        match s {
            Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::Assert(_)
            | Stmt::Global(_)
            | Stmt::Nonlocal(_) => {}
            Stmt::Return(_) | Stmt::Raise(_) => return false,
            Stmt::Import(_) | Stmt::ImportFrom(_) => import(&mut self.env, s),
            Stmt::FunctionDef(f) => {
                // A nested helper: its body is lowered where it is called.
                self.funcs.insert(f.name.to_string(), f);
            }
            Stmt::Expr(e) => match e.value.as_ref() {
                call @ Expr::Call(_) => self.call_expr(call),
                Expr::Await(_) => self.unsimulated(span, "`await`"),
                // Docstrings and bare names do nothing.
                _ => {}
            },
            Stmt::Assign(a) => {
                let v = self.assigned(&a.value);
                for t in &a.targets {
                    self.bind(t, v.clone());
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    let v = self.assigned(value);
                    self.bind(&a.target, v);
                }
            }
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = a.target.as_ref() {
                    self.env.locals.insert(n.id.to_string(), Value::Unknown);
                }
            }
            Stmt::If(i) => match self.env.eval(&i.test).as_bool() {
                Some(true) => return self.block(&i.body),
                Some(false) => return self.block(&i.orelse),
                None => {
                    self.opaque(
                        &i.body,
                        span,
                        "this `if` (its condition cannot be evaluated)",
                    );
                    self.opaque(
                        &i.orelse,
                        span,
                        "this `else` (its condition cannot be evaluated)",
                    );
                }
            },
            Stmt::With(w) => return self.with(&w.items, &w.body),
            Stmt::AsyncWith(w) => return self.with(&w.items, &w.body),
            Stmt::For(f) => {
                let items = self.env.eval(&f.iter);
                match (items, f.target.as_ref()) {
                    (Value::List(items), Expr::Name(n))
                        if items.len() <= MAX_UNROLL && f.orelse.is_empty() =>
                    {
                        let name = n.id.to_string();
                        for item in items {
                            self.env.locals.insert(name.clone(), item);
                            if !self.block(&f.body) {
                                return false;
                            }
                        }
                    }
                    _ => self.opaque(&f.body, span, "this loop"),
                }
            }
            Stmt::While(w) => self.opaque(&w.body, span, "this loop"),
            Stmt::AsyncFor(f) => self.opaque(&f.body, span, "this loop"),
            Stmt::Try(t) => {
                // The body is what runs when nothing fails.
                if !self.block(&t.body) {
                    return false;
                }
                return self.block(&t.finalbody);
            }
            Stmt::TryStar(t) => return self.block(&t.body),
            Stmt::Delete(_) => {}
            _ => self.unsimulated(span, "this statement"),
        }
        true
    }

    fn bind(&mut self, target: &Expr, v: Value) {
        match target {
            Expr::Name(n) => {
                self.env.locals.insert(n.id.to_string(), v);
            }
            Expr::Tuple(t) => {
                let items = match v {
                    Value::List(items) if items.len() == t.elts.len() => items,
                    _ => vec![Value::Unknown; t.elts.len()],
                };
                for (e, v) in t.elts.iter().zip(items) {
                    self.bind(e, v);
                }
            }
            _ => {}
        }
    }

    fn with(&mut self, items: &[ast::WithItem], body: &'a [Stmt]) -> bool {
        let mut bound: Vec<(String, Span)> = Vec::new();
        for item in items {
            let v = self.env.eval(&item.context_expr);
            let alias = match item.optional_vars.as_deref() {
                Some(Expr::Name(n)) => Some(n.id.to_string()),
                _ => None,
            };
            if let (Some(c), Some(alias)) = (v.as_call(), alias.clone()) {
                if c.func == "alembic.op.batch_alter_table" {
                    match self.table_arg(c, 0, "table_name") {
                        Some(t) => {
                            self.batch.insert(alias.clone(), t);
                            bound.push((alias, c.span));
                        }
                        None => self.invalid(
                            c.span,
                            "`batch_alter_table` needs the table name as a string".into(),
                        ),
                    }
                    continue;
                }
            }
            if let Some(alias) = alias {
                self.env.locals.insert(alias, v);
            }
        }
        // `autocommit_block()`, sessions, batch contexts: the body runs once, in order.
        let go_on = self.block(body);
        for (alias, span) in bound {
            let table = self.batch.remove(&alias);
            if let (Some(table), Some(ops)) = (table, self.rebuild.remove(&alias)) {
                if !ops.is_empty() {
                    let ops = index_drops_first(ops);
                    self.push(span, Op::RebuildTable { table, ops });
                }
            }
        }
        go_on
    }

    /// Code that cannot be evaluated: lowered aside; data changes are recorded, schema changes
    /// make the revision partial.
    fn opaque(&mut self, body: &'a [Stmt], span: Span, what: &str) {
        if body.is_empty() {
            return;
        }
        let mut aside = Lowerer {
            text: self.text,
            env: self.env.clone(),
            config: self.config,
            funcs: self.funcs.clone(),
            batch: self.batch.clone(),
            // Batch calls made aside are collected aside, so they count as schema changes.
            rebuild: BTreeMap::new(),
            inline_depth: self.inline_depth,
            created_enums: self.created_enums.clone(),
            budget: self.budget,
            out: Lowered::default(),
        };
        aside.block(body);
        self.budget = aside.budget;
        let schema = aside.out.partial
            || aside.rebuild.values().any(|ops| !ops.is_empty())
            || aside
                .out
                .ops
                .iter()
                .any(|o| !matches!(o.value, Op::Data { .. } | Op::NoEffect { .. }));
        if schema {
            self.unsimulated(span, what);
        } else if !aside.out.ops.is_empty() {
            self.push(
                span,
                Op::Data {
                    kind: DataKind::Code,
                    table: None,
                    rows: None,
                    sql: String::new(),
                },
            );
        }
    }

    /// A call in statement position: its effect. The effect of a call chain
    /// (`conn.execute(...).fetchall()`) is that of its innermost call with one.
    fn call_expr(&mut self, e: &Expr) {
        let v = self.env.eval(e);
        let Value::Call(call) = &v else {
            let span = self.env.span(e.range());
            return self.unsimulated(span, "this call");
        };
        let outer = call.as_ref();
        let mut at = Some(outer);
        while let Some(c) = at {
            if self.effectful(c) {
                break;
            }
            at = c.receiver.as_ref().and_then(Value::as_call);
        }
        self.call(at.unwrap_or(outer));
    }

    /// The value of the right-hand side of an assignment; calls that change something
    /// (`t = op.create_table(...)`, `res = conn.execute(...)`) take effect, constructors
    /// (`sa.table(...)`, `sa.inspect(bind)`, `op.get_bind()`) only give a value.
    fn assigned(&mut self, e: &Expr) -> Value {
        let v = self.env.eval(e);
        let mut call = v.as_call();
        while let Some(c) = call {
            if self.effectful(c) {
                self.call(c);
                break;
            }
            call = c.receiver.as_ref().and_then(Value::as_call);
        }
        v
    }

    fn effectful(&self, c: &Call) -> bool {
        if let Some(op) = c.func.strip_prefix("alembic.op.") {
            return !matches!(op, "get_bind" | "get_context" | "f" | "inline_literal");
        }
        if let Some((alias, _)) = c.func.split_once('.') {
            if self.batch.contains_key(alias) {
                return true;
            }
        }
        let receiver_enum = c
            .receiver
            .as_ref()
            .and_then(Value::as_call)
            .is_some_and(|r| matches!(r.short(), "Enum" | "ENUM"));
        (receiver_enum && matches!(c.short(), "create" | "drop"))
            || (c.receiver.is_none() && self.funcs.contains_key(&c.func))
            || matches!(c.short(), "execute" | "exec_driver_sql")
    }

    fn call(&mut self, c: &Call) {
        if let Some(op) = c.func.strip_prefix("alembic.op.") {
            return self.op_call(op, c, None);
        }
        if let Some((alias, op)) = c.func.split_once('.') {
            if let Some(table) = self.batch.get(alias).cloned() {
                if self.dialect() != Dialect::Sqlite {
                    return self.op_call(op, c, Some(table));
                }
                // SQLite: the call's ops wait for the table's recreation at the block's end.
                let start = self.out.ops.len();
                self.op_call(op, c, Some(table));
                let ops: Vec<Op> = self.out.ops.drain(start..).map(|o| o.value).collect();
                self.rebuild
                    .entry(alias.to_string())
                    .or_default()
                    .extend(ops);
                return;
            }
        }
        let short = c.short().to_string();
        if let Some(receiver) = c.receiver.as_ref().and_then(Value::as_call) {
            // `sa.Enum(..., name=).create(op.get_bind())`, `postgresql.ENUM(...).drop(bind)`.
            if matches!(receiver.short(), "Enum" | "ENUM")
                && matches!(short.as_str(), "create" | "drop")
            {
                return self.enum_ddl(receiver, &short, c);
            }
        }
        if c.receiver.is_none() && !c.func.contains('.') {
            if let Some(f) = self.funcs.get(&c.func).copied() {
                return self.inline(f, c);
            }
        }
        match short.as_str() {
            "print" | "debug" | "info" | "warning" | "warn" | "error" | "exception" | "log"
            | "echo" => {}
            // `sa.MetaData().reflect(bind)` reads the catalog into Python objects.
            "reflect"
                if c.receiver
                    .as_ref()
                    .and_then(Value::as_call)
                    .is_some_and(|r| r.short() == "MetaData") => {}
            "execute" | "exec_driver_sql" => self.execute(c, DataKind::Code),
            "add"
            | "add_all"
            | "commit"
            | "flush"
            | "merge"
            | "delete"
            | "query"
            | "bulk_save_objects"
            | "bulk_insert_mappings"
            | "bulk_update_mappings"
            | "close"
            | "rollback"
            | "scalars"
            | "scalar" => self.push(
                c.span,
                Op::Data {
                    kind: DataKind::Code,
                    table: None,
                    rows: None,
                    sql: String::new(),
                },
            ),
            _ => {
                let what = format!("`{}(...)`", c.func);
                self.unsimulated(c.span, &what);
            }
        }
    }

    fn inline(&mut self, f: &'a ast::StmtFunctionDef, c: &Call) {
        if self.inline_depth >= MAX_INLINE {
            let what = format!("`{}(...)` (helpers nested too deep)", c.func);
            return self.unsimulated(c.span, &what);
        }
        let saved = std::mem::take(&mut self.env.locals);
        let params: Vec<_> = f
            .args
            .posonlyargs
            .iter()
            .chain(&f.args.args)
            .chain(&f.args.kwonlyargs)
            .collect();
        for (i, p) in params.iter().enumerate() {
            let name = p.def.arg.to_string();
            let v = c
                .args
                .get(i)
                .cloned()
                .or_else(|| c.kw(&name).cloned())
                .or_else(|| p.default.as_deref().map(|d| self.env.eval(d)))
                .unwrap_or(Value::Unknown);
            self.env.locals.insert(name, v);
        }
        self.inline_depth += 1;
        self.block(&f.body);
        self.inline_depth -= 1;
        self.env.locals = saved;
    }

    fn enum_ddl(&mut self, e: &Call, action: &str, c: &Call) {
        let Some(name) = e.kw("name").and_then(Value::as_str).map(str::to_string) else {
            return self.invalid(
                c.span,
                "an enum created or dropped by itself needs `name=`".into(),
            );
        };
        if self.dialect() != Dialect::Postgres {
            // SQLAlchemy creates named types on PostgreSQL only; elsewhere this does nothing.
            return;
        }
        let qn = QualifiedName {
            schema: e.kw("schema").and_then(Value::as_str).map(str::to_string),
            name,
        };
        // `postgresql.ENUM.create/drop` check first by default, `sa.Enum`'s pass `checkfirst=False`.
        let pg_type = e.func.starts_with("sqlalchemy.dialects.postgresql.");
        let checkfirst = c
            .kw("checkfirst")
            .or_else(|| c.args.get(1))
            .and_then(Value::as_bool)
            .unwrap_or(pg_type);
        if action == "create" {
            let Some(values) = e
                .args
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
            else {
                return self.invalid(c.span, "the enum's values must be strings".into());
            };
            self.push(
                c.span,
                Op::CreateEnum {
                    ty: EnumType { name: qn, values },
                    if_not_exists: checkfirst,
                },
            );
        } else {
            self.push(
                c.span,
                Op::DropType {
                    name: qn,
                    if_exists: checkfirst,
                    cascade: false,
                },
            );
        }
    }

    /// `op.execute("SQL")`, `conn.execute(sa.text("SQL"))`: the SQL is simulated; anything
    /// else (`table.update()`, ORM statements) is recorded as data.
    fn execute(&mut self, c: &Call, data: DataKind) {
        let sql = match c.args.first() {
            Some(Value::Str(s)) => Some((s.clone(), c.arg_spans.first())),
            Some(Value::Call(t)) if matches!(t.short(), "text") => t
                .args
                .first()
                .and_then(Value::as_str)
                .map(|s| (s.to_string(), t.arg_spans.first())),
            _ => None,
        };
        match sql {
            Some((sql, literal)) => self.literal_sql(&sql, literal.copied().unwrap_or(c.span)),
            None => match c.args.first() {
                // `sa.table(...).update()`, `sa.select(...)`, ORM statements: data by construction.
                Some(Value::Call(stmt)) if is_data_statement(stmt) => self.push(
                    c.span,
                    Op::Data {
                        kind: data,
                        table: None,
                        rows: None,
                        sql: String::new(),
                    },
                ),
                // A string built at run time may hold any DDL.
                _ => self.unsimulated(
                    c.span,
                    "`execute` of SQL that cannot be folded to a constant",
                ),
            },
        }
    }

    /// SQL from a string literal: spans point into the literal, at the statement when the
    /// string is written as is (escapes and folding make offsets approximate, so they are kept
    /// inside the literal).
    fn literal_sql(&mut self, sql: &str, literal: Span) {
        let text = self.text.get(literal.range()).unwrap_or_default();
        let opening = text.find(['"', '\'']).map(|q| {
            let quote = &text[q..q + 1];
            q + if text[q..].starts_with(&quote.repeat(3)) {
                3
            } else {
                1
            }
        });
        let base = literal.start as usize + opening.unwrap_or(0);
        let (ops, diags) = parse_sql(sql, literal.file, base, self.dialect());
        let inside = |s: Span| {
            if s.start >= literal.start && s.end <= literal.end {
                s
            } else {
                literal
            }
        };
        for mut d in diags {
            d.span = Some(d.span.map(inside).unwrap_or(literal));
            self.out.diagnostics.push(d);
        }
        for op in ops {
            self.push(inside(op.span), op.value);
        }
    }

    /// Runs SQL Strata wrote through the SQL path; ops and diagnostics point at `span` (the call).
    fn sql(&mut self, sql: &str, span: Span) {
        for op in self.generated_ops(sql, span) {
            self.push(span, op);
        }
    }

    /// The ops of SQL Strata wrote for a call at `span`; its diagnostics point at the call, since
    /// the text exists nowhere in the file.
    fn generated_ops(&mut self, sql: &str, span: Span) -> Vec<Op> {
        let (ops, diags) = crate::parse::sql::parse_generated(sql, span.file, self.dialect());
        for mut d in diags {
            d.span = Some(span);
            self.out.diagnostics.push(d);
        }
        ops.into_iter().map(|op| op.value).collect()
    }

    fn q(&self, name: &str) -> String {
        match self.dialect() {
            Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    fn qn(&self, n: &QualifiedName) -> String {
        match &n.schema {
            Some(s) => format!("{}.{}", self.q(s), self.q(&n.name)),
            None => self.q(&n.name),
        }
    }

    fn qualified(&self, schema: Option<&str>, name: &str) -> QualifiedName {
        let schema = schema
            .filter(|s| !(self.dialect() == Dialect::Postgres && *s == "public"))
            .map(str::to_string);
        QualifiedName {
            schema,
            name: name.to_string(),
        }
    }

    /// A table named by argument `i` (or keyword `kw`), with the call's `schema=`.
    fn table_arg(&self, c: &Call, i: usize, kw: &str) -> Option<QualifiedName> {
        let name = c.arg(i, kw)?.as_str()?;
        Some(self.qualified(c.kw("schema").and_then(Value::as_str), name))
    }

    fn str_list(v: Option<&Value>) -> Option<Vec<String>> {
        v?.items()?
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    fn op_call(&mut self, op: &str, c: &Call, batch: Option<QualifiedName>) {
        // Batch calls omit the table: put it back where `op.*` takes it.
        let mut c = c.clone();
        if let Some(t) = &batch {
            let at = match op {
                "add_column"
                | "drop_column"
                | "alter_column"
                | "create_table_comment"
                | "drop_table_comment" => Some(0),
                "drop_index" => None,
                _ => Some(1),
            };
            match at {
                Some(at) if at <= c.args.len() => c.args.insert(at, Value::Str(t.name.clone())),
                Some(_) => {}
                None => c
                    .kwargs
                    .push(("table_name".into(), Value::Str(t.name.clone()))),
            }
            if let (Some(s), None) = (&t.schema, c.kw("schema")) {
                c.kwargs.push(("schema".into(), Value::Str(s.clone())));
            }
        }
        let c = &c;
        let span = c.span;
        let result = match op {
            "create_table" => self.create_table(c),
            "drop_table" => self.table_arg(c, 0, "table_name").map(|name| {
                let if_exists = c.kw("if_exists").and_then(Value::as_bool).unwrap_or(false);
                self.push(
                    span,
                    Op::DropTable {
                        name,
                        if_exists,
                        cascade: false,
                    },
                )
            }),
            "rename_table" => (|| {
                let from = self.table_arg(c, 0, "old_table_name")?;
                let to = self.qualified(
                    from.schema.as_deref(),
                    c.arg(1, "new_table_name")?.as_str()?,
                );
                self.push(span, Op::RenameTable { from, to });
                Some(())
            })(),
            "add_column" => self.add_column(c),
            "drop_column" => (|| {
                let table = self.table_arg(c, 0, "table_name")?;
                let column = c.arg(1, "column_name")?.as_str()?.to_string();
                self.push(
                    span,
                    Op::DropColumn {
                        table,
                        column,
                        if_exists: false,
                        cascade: false,
                    },
                );
                Some(())
            })(),
            "alter_column" => self.alter_column(c),
            "create_index" => self.create_index(c),
            "drop_index" => (|| {
                let name = c.arg(0, "index_name")?.as_str()?.to_string();
                let table = c
                    .arg(1, "table_name")
                    .and_then(Value::as_str)
                    .map(|t| self.qualified(c.kw("schema").and_then(Value::as_str), t));
                let qn = self.qualified(c.kw("schema").and_then(Value::as_str), &name);
                let if_exists = c.kw("if_exists").and_then(Value::as_bool).unwrap_or(false);
                let table = if self.dialect() == Dialect::Mysql {
                    table
                } else {
                    None
                };
                self.push(
                    span,
                    Op::DropIndex {
                        name: qn,
                        table,
                        if_exists,
                    },
                );
                Some(())
            })(),
            "create_foreign_key" => (|| {
                let name = c.arg(0, "constraint_name").and_then(Value::as_str);
                let table = self.table_arg(c, 1, "source_table")?;
                let referent = c.arg(2, "referent_table")?.as_str()?;
                let ref_schema = c.kw("referent_schema").and_then(Value::as_str);
                let local = Self::str_list(c.arg(3, "local_cols"))?;
                let remote = Self::str_list(c.arg(4, "remote_cols"))?;
                let refq = self.qn(&self.qualified(ref_schema, referent));
                let clause = self.fk_clause(&local, &refq, &remote, c);
                self.add_constraint(&table, name, &clause, span);
                Some(())
            })(),
            "create_unique_constraint" | "create_primary_key" => (|| {
                let name = c.arg(0, "constraint_name").and_then(Value::as_str);
                let table = self.table_arg(c, 1, "table_name")?;
                let cols = Self::str_list(c.arg(2, "columns"))?;
                let key = if op == "create_primary_key" {
                    "PRIMARY KEY"
                } else {
                    "UNIQUE"
                };
                let clause = format!("{key} ({})", self.cols(&cols));
                self.add_constraint(&table, name, &clause, span);
                Some(())
            })(),
            "create_check_constraint" => (|| {
                let name = c.arg(0, "constraint_name").and_then(Value::as_str);
                let table = self.table_arg(c, 1, "table_name")?;
                let cond = sql_text(c.arg(2, "condition")?)?;
                self.add_constraint(&table, name, &format!("CHECK ({cond})"), span);
                Some(())
            })(),
            "drop_constraint" if c.arg(0, "constraint_name") == Some(&Value::None) => {
                self.warn(
                    Diagnostic::error(
                        "unnamed-constraint-drop",
                        "`op.drop_constraint(None, ...)` cannot run: SQLAlchemy emits no DROP CONSTRAINT without a name (Alembic stops with a CompileError)",
                    )
                    .at(span)
                    .label("no constraint name")
                    .help("pass the name the database gave the constraint (`strata schema` lists it)"),
                );
                Some(())
            }
            "drop_constraint" => (|| {
                let name = c.arg(0, "constraint_name")?.as_str()?.to_string();
                let table = self.table_arg(c, 1, "table_name")?;
                let kind = c.arg(2, "type_").and_then(Value::as_str);
                let op = match (self.dialect(), kind) {
                    (Dialect::Mysql, Some("foreignkey")) => Op::DropConstraintOfKind {
                        table,
                        name,
                        kind: ConstraintKindTag::ForeignKey,
                    },
                    (Dialect::Mysql, Some("unique")) => Op::DropConstraintOfKind {
                        table,
                        name,
                        kind: ConstraintKindTag::Index,
                    },
                    (Dialect::Mysql, Some("check")) => Op::DropConstraintOfKind {
                        table,
                        name,
                        kind: ConstraintKindTag::Check,
                    },
                    (Dialect::Mysql, Some("primary")) => Op::DropPrimaryKey { table },
                    _ => Op::DropConstraint {
                        table,
                        name,
                        if_exists: false,
                        cascade: false,
                    },
                };
                self.push(span, op);
                Some(())
            })(),
            "create_table_comment" | "drop_table_comment" => (|| {
                let table = self.table_arg(c, 0, "table_name")?;
                let comment = if op == "create_table_comment" {
                    Some(c.arg(1, "comment")?.as_str()?.to_string())
                } else {
                    None
                };
                // SQLAlchemy's SQLite dialect emits nothing for comments.
                if self.dialect() != Dialect::Sqlite {
                    self.push(span, Op::SetTableComment { table, comment });
                }
                Some(())
            })(),
            "execute" => {
                self.execute(c, DataKind::Code);
                Some(())
            }
            "bulk_insert" => {
                let (table, columns) = match c.arg(0, "table") {
                    Some(Value::Call(t)) => (
                        t.args
                            .first()
                            .and_then(Value::as_str)
                            .map(|n| self.qualified(t.kw("schema").and_then(Value::as_str), n)),
                        data::table_columns(t),
                    ),
                    Some(Value::Str(n)) => (Some(self.qualified(None, n)), Vec::new()),
                    _ => (None, Vec::new()),
                };
                let rows = match c.arg(1, "rows") {
                    Some(Value::List(l)) => Some(l.as_slice()),
                    _ => None,
                };
                // Each row is the INSERT Alembic prints offline; rows Strata cannot write
                // exactly leave the call a data change `plan` notes without rendering.
                match (&table, rows) {
                    (Some(t), Some(rows)) => {
                        match data::bulk_insert_sql(t, &columns, rows, self.dialect()) {
                            Some(inserts) => {
                                for sql in inserts {
                                    self.push(
                                        span,
                                        Op::Data {
                                            kind: DataKind::Insert,
                                            table: table.clone(),
                                            rows: Some(1),
                                            sql,
                                        },
                                    );
                                }
                            }
                            None => self.push(
                                span,
                                Op::Data {
                                    kind: DataKind::Insert,
                                    table,
                                    rows: Some(rows.len()),
                                    sql: String::new(),
                                },
                            ),
                        }
                    }
                    _ => self.push(
                        span,
                        Op::Data {
                            kind: DataKind::Insert,
                            table,
                            rows: rows.map(<[Value]>::len),
                            sql: String::new(),
                        },
                    ),
                }
                Some(())
            }
            "get_bind" | "get_context" | "inline_literal" | "f" | "implementation_for"
            | "invoke" => Some(()),
            _ => {
                self.out.partial = true;
                self.warn(
                    Diagnostic::warning("unknown-alembic-op", format!("`op.{op}` is not an Alembic operation Strata knows"))
                        .at(span)
                        .label("not simulated")
                        .help("it may come from a plugin (alembic-utils, alembic-postgresql-enum); write the change with `op.execute(\"...\")` to simulate it"),
                );
                Some(())
            }
        };
        if result.is_none() {
            self.invalid(span, format!("`op.{op}` arguments could not be read"));
        }
    }

    fn cols(&self, cols: &[String]) -> String {
        cols.iter()
            .map(|c| self.q(c))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn fk_clause(&self, local: &[String], ref_table: &str, remote: &[String], c: &Call) -> String {
        let mut s = format!(
            "FOREIGN KEY({}) REFERENCES {ref_table} ({})",
            self.cols(local),
            self.cols(remote)
        );
        for (kw, sql) in [("ondelete", "ON DELETE"), ("onupdate", "ON UPDATE")] {
            if let Some(a) = c.kw(kw).and_then(Value::as_str) {
                s.push_str(&format!(" {sql} {a}"));
            }
        }
        if c.kw("deferrable").and_then(Value::as_bool) == Some(true) {
            s.push_str(" DEFERRABLE");
        }
        if let Some(i) = c.kw("initially").and_then(Value::as_str) {
            s.push_str(&format!(" INITIALLY {i}"));
        }
        s
    }

    fn add_constraint(
        &mut self,
        table: &QualifiedName,
        name: Option<&str>,
        clause: &str,
        span: Span,
    ) {
        let named = name
            .map(|n| format!("CONSTRAINT {} ", self.q(n)))
            .unwrap_or_default();
        let sql = format!("ALTER TABLE {} ADD {named}{clause}", self.qn(table));
        self.sql(&sql, span);
    }

    /// `"t.c"` or `"s.t.c"` of `sa.ForeignKey` to the quoted table and the column.
    fn fk_target(&self, target: &str) -> Option<(String, String)> {
        let mut parts: Vec<&str> = target.split('.').collect();
        let col = parts.pop()?;
        let table = parts.pop()?;
        let schema = parts.pop();
        Some((self.qn(&self.qualified(schema, table)), col.to_string()))
    }

    fn column(&mut self, c: &Call) -> Option<ColumnSpec> {
        let mut args = c.args.iter();
        let name = match c.args.first() {
            Some(Value::Str(s)) => {
                args.next();
                s.clone()
            }
            _ => c.kw("name")?.as_str()?.to_string(),
        };
        let mut ty = None;
        let mut foreign_keys = Vec::new();
        let mut fk_use_alter = Vec::new();
        let mut identity = None;
        let mut computed = None;
        for a in args {
            match a.as_call().map(|c| (c.short(), c)) {
                Some(("ForeignKey", fk)) => {
                    let (table, col) = self.fk_target(fk.arg(0, "column")?.as_str()?)?;
                    let named = fk
                        .kw("name")
                        .and_then(Value::as_str)
                        .map(|n| format!("CONSTRAINT {} ", self.q(n)))
                        .unwrap_or_default();
                    foreign_keys.push(format!(
                        "{named}{}",
                        self.fk_clause(std::slice::from_ref(&name), &table, &[col], fk)
                    ));
                    fk_use_alter.push(use_alter(fk));
                }
                // SQLAlchemy renders `Identity()` on PostgreSQL only.
                Some(("Identity", id)) if self.dialect() == Dialect::Postgres => {
                    let always = id.kw("always").and_then(Value::as_bool).unwrap_or(false);
                    identity = Some(format!(
                        "GENERATED {} AS IDENTITY",
                        if always { "ALWAYS" } else { "BY DEFAULT" }
                    ));
                }
                Some(("Computed", comp)) => {
                    let e = sql_text(comp.arg(0, "sqltext")?)?;
                    let persisted = comp.kw("persisted").and_then(Value::as_bool);
                    let stored = match (self.dialect(), persisted) {
                        (_, Some(true)) | (Dialect::Postgres, None) => " STORED",
                        (_, Some(false)) => " VIRTUAL",
                        _ => "",
                    };
                    computed = Some(format!("GENERATED ALWAYS AS ({e}){stored}"));
                }
                Some(("Sequence" | "Identity", _)) => {}
                _ if ty.is_none() => ty = Some(a.clone()),
                _ => {}
            }
        }
        let ty = match ty.or_else(|| c.kw("type_").cloned()) {
            Some(t) => sa_type(&t, self.dialect(), self.config),
            // SQLAlchemy's NullType; only valid with a foreign key, whose type it takes.
            None => sa_type(
                &Value::Name("sqlalchemy.Integer".into()),
                self.dialect(),
                self.config,
            ),
        };
        if let Some(d) = ty.unknown_diagnostic(c.span) {
            self.warn(d);
        }
        let flag = |k: &str| c.kw(k).and_then(Value::as_bool);
        let default = match c.kw("server_default") {
            None | Some(Value::None) => None,
            Some(v) => Some(self.server_default(v)?),
        };
        // SQLAlchemy's SQLite dialect emits no comments: the column has none.
        let comment = c
            .kw("comment")
            .and_then(Value::as_str)
            .map(str::to_string)
            .filter(|_| self.dialect() != Dialect::Sqlite);
        Some(ColumnSpec {
            name,
            // Types Strata sets directly need not be SQL the parser accepts.
            sql: if ty.data_type.is_some() {
                "TEXT".into()
            } else {
                ty.sql.clone()
            },
            ty,
            primary_key: flag("primary_key").unwrap_or(false),
            unique: flag("unique").unwrap_or(false),
            index: flag("index").unwrap_or(false),
            comment,
            foreign_keys,
            fk_use_alter,
            autoincrement: match c.kw("autoincrement") {
                Some(Value::Str(s)) if s == "auto" => None,
                Some(v) => v.as_bool(),
                None => None,
            },
            nullable: flag("nullable"),
            default,
            identity,
            computed,
        })
    }

    /// `server_default=`: a string is a quoted literal, `sa.text(...)` is SQL, `sa.func.now()`
    /// a function call.
    fn server_default(&self, v: &Value) -> Option<String> {
        match v {
            Value::Str(s) => Some(format!("'{}'", s.replace('\'', "''"))),
            Value::Call(c) if c.short() == "text" || c.short() == "literal_column" => {
                c.args.first()?.as_str().map(str::to_string)
            }
            Value::Call(c)
                if c.func.starts_with("sqlalchemy.func.")
                    || c.func.starts_with("sqlalchemy.sql.func.") =>
            {
                let f = c.short();
                if f == "now" && self.dialect() == Dialect::Sqlite {
                    return Some("CURRENT_TIMESTAMP".into());
                }
                let args: Option<Vec<String>> = c
                    .args
                    .iter()
                    .map(|a| match a {
                        Value::Str(s) => Some(format!("'{}'", s.replace('\'', "''"))),
                        Value::Int(i) => Some(i.to_string()),
                        _ => None,
                    })
                    .collect();
                let sql = format!("{f}({})", args?.join(", "));
                // SQLAlchemy parenthesizes function defaults where the database requires it.
                Some(if self.dialect() == Dialect::Postgres {
                    sql
                } else {
                    format!("({sql})")
                })
            }
            Value::Call(c) if matches!(c.short(), "true" | "false") => Some(c.short().to_string()),
            Value::Int(i) => Some(format!("'{i}'")),
            _ => None,
        }
    }

    /// `name TYPE [DEFAULT x] [NOT NULL]` as SQLAlchemy's DDL compiler writes it.
    fn column_sql(
        &self,
        col: &ColumnSpec,
        ty_sql: &str,
        not_null: bool,
        auto_increment: bool,
    ) -> String {
        let mut s = format!("{} {ty_sql}", self.q(&col.name));
        if let Some(g) = &col.computed {
            s.push_str(&format!(" {g}"));
        }
        if let Some(d) = &col.default {
            s.push_str(&format!(" DEFAULT {d}"));
        }
        if let Some(id) = &col.identity {
            s.push_str(&format!(" {id}"));
        }
        if not_null {
            s.push_str(" NOT NULL");
        }
        if auto_increment {
            s.push_str(" AUTO_INCREMENT");
        }
        s
    }

    fn create_table(&mut self, c: &Call) -> Option<()> {
        let span = c.span;
        let table = self.table_arg(c, 0, "table_name")?;
        let mut columns = Vec::new();
        let mut constraints = Vec::new();
        let mut pk_constraint: Option<(Option<String>, Vec<String>)> = None;
        let mut indexes = Vec::new();
        for item in c.args.iter().skip(1) {
            let Some(item) = item.as_call() else {
                self.invalid(
                    span,
                    "an argument of `create_table` is not a column or constraint".into(),
                );
                continue;
            };
            let name = item
                .kw("name")
                .and_then(Value::as_str)
                .map(|n| format!("CONSTRAINT {} ", self.q(n)))
                .unwrap_or_default();
            match item.short() {
                "Column" => match self.column(item) {
                    Some(col) => columns.push(col),
                    None => self.invalid(
                        item.span,
                        "this column's arguments could not be read".into(),
                    ),
                },
                "PrimaryKeyConstraint" => {
                    let cols: Option<Vec<String>> = item
                        .args
                        .iter()
                        .map(|a| a.as_str().map(str::to_string))
                        .collect();
                    pk_constraint = Some((
                        item.kw("name").and_then(Value::as_str).map(str::to_string),
                        cols?,
                    ));
                }
                "UniqueConstraint" => {
                    let cols: Option<Vec<String>> = item
                        .args
                        .iter()
                        .map(|a| a.as_str().map(str::to_string))
                        .collect();
                    constraints.push(format!("{name}UNIQUE ({})", self.cols(&cols?)));
                }
                "CheckConstraint" => {
                    let cond = sql_text(item.arg(0, "sqltext")?)?;
                    constraints.push(format!("{name}CHECK ({cond})"));
                }
                // Left out of CREATE TABLE, and not added afterwards: see [`use_alter`].
                "ForeignKeyConstraint" if use_alter(item) && self.dialect() != Dialect::Sqlite => {}
                "ForeignKeyConstraint" => {
                    let local = Self::str_list(item.arg(0, "columns"))?;
                    let targets = Self::str_list(item.arg(1, "refcolumns"))?;
                    let mut ref_table = None;
                    let mut remote = Vec::new();
                    for t in &targets {
                        let (tab, col) = self.fk_target(t)?;
                        ref_table = Some(tab);
                        remote.push(col);
                    }
                    constraints.push(format!(
                        "{name}{}",
                        self.fk_clause(&local, &ref_table?, &remote, item)
                    ));
                }
                "Index" => indexes.push(item.clone()),
                other => {
                    let what = format!("`{other}(...)` in `create_table`");
                    self.unsimulated(item.span, &what);
                }
            }
        }
        let pk_cols: Vec<String> = match &pk_constraint {
            Some((_, cols)) => cols.clone(),
            None => columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.clone())
                .collect(),
        };
        // SQLAlchemy's autoincrement column: the single integer primary key column, unless
        // `autoincrement=False` (or a foreign key and no explicit `autoincrement=True`).
        let auto = if pk_cols.len() == 1 {
            columns.iter().position(|c| {
                c.name == pk_cols[0]
                    && c.ty.integer.is_some()
                    && c.default.is_none()
                    && c.computed.is_none()
                    && match c.autoincrement {
                        Some(a) => a,
                        None => c.foreign_keys.is_empty(),
                    }
            })
        } else {
            None
        };
        let sqlite_autoincrement = self.dialect() == Dialect::Sqlite
            && c.kw("sqlite_autoincrement")
                .and_then(Value::as_bool)
                .unwrap_or(false);
        let mut defs = Vec::new();
        let mut enums = Vec::new();
        for (i, col) in columns.iter().enumerate() {
            let is_auto = auto == Some(i);
            let ty_sql = match (
                self.dialect(),
                is_auto && col.identity.is_none(),
                col.ty.integer,
            ) {
                (Dialect::Postgres, true, Some("bigint")) => "BIGSERIAL".to_string(),
                (Dialect::Postgres, true, Some("smallint")) => "SMALLSERIAL".to_string(),
                (Dialect::Postgres, true, Some(_)) => "SERIAL".to_string(),
                _ => col.sql.clone(),
            };
            let not_null = !col.nullable.unwrap_or(!pk_cols.contains(&col.name));
            let mut def = self.column_sql(
                col,
                &ty_sql,
                not_null,
                is_auto && self.dialect() == Dialect::Mysql,
            );
            if is_auto && sqlite_autoincrement {
                def.push_str(" PRIMARY KEY AUTOINCREMENT");
            }
            defs.push(def);
            if let Some((name, values, true)) = &col.ty.pg_enum {
                if self.created_enums.insert(name.clone()) {
                    enums.push((name.clone(), values.clone()));
                }
            }
        }
        // `sqlite_autoincrement=True` puts the key on the column, as SQLite requires.
        if !pk_cols.is_empty() && (!sqlite_autoincrement || auto.is_none()) {
            let name = pk_constraint
                .as_ref()
                .and_then(|(n, _)| n.as_ref())
                .map(|n| format!("CONSTRAINT {} ", self.q(n)))
                .unwrap_or_default();
            defs.push(format!("{name}PRIMARY KEY ({})", self.cols(&pk_cols)));
        }
        defs.extend(constraints);
        for col in &columns {
            if col.unique && !col.index {
                defs.push(format!("UNIQUE ({})", self.q(&col.name)));
            }
        }
        for col in &columns {
            let kept = col.foreign_keys.iter().zip(&col.fk_use_alter);
            defs.extend(
                kept.filter(|(_, &alter)| !alter || self.dialect() == Dialect::Sqlite)
                    .map(|(fk, _)| fk.clone()),
            );
        }
        for (name, values) in enums {
            self.push(
                span,
                Op::CreateEnum {
                    ty: EnumType {
                        name: QualifiedName::new(name),
                        values,
                    },
                    if_not_exists: false,
                },
            );
        }
        let sql = format!("CREATE TABLE {} ({})", self.qn(&table), defs.join(", "));
        for mut op in self.generated_ops(&sql, span) {
            if let Op::CreateTable(ct) = &mut op {
                for (def, col) in ct.columns.iter_mut().zip(&columns) {
                    if let Some(t) = &col.ty.data_type {
                        def.column.ty = t.clone();
                    }
                    if col.comment.is_some() {
                        def.column.comment = col.comment.clone();
                    }
                }
                if let Some(comment) = c
                    .kw("comment")
                    .and_then(Value::as_str)
                    .filter(|_| self.dialect() != Dialect::Sqlite)
                {
                    ct.comment = Some(comment.to_string());
                }
                ct.if_not_exists = c
                    .kw("if_not_exists")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
            }
            self.push(span, op);
        }
        for col in &columns {
            if col.index {
                self.column_index(&table, col, span);
            }
        }
        for ix in indexes {
            let mut ix = ix.clone();
            // `sa.Index("name", "col", ...)` to `op.create_index("name", table, [cols])`.
            let name = ix.args.first().cloned().unwrap_or(Value::None);
            let cols = Value::List(ix.args.iter().skip(1).cloned().collect());
            ix.args = vec![name, Value::Str(table.name.clone()), cols];
            if let (Some(s), None) = (&table.schema, ix.kw("schema")) {
                ix.kwargs.push(("schema".into(), Value::Str(s.clone())));
            }
            if self.create_index(&ix).is_none() {
                self.invalid(ix.span, "this index's arguments could not be read".into());
            }
        }
        Some(())
    }

    /// `index=True`: SQLAlchemy's default naming convention `ix_%(column_0_label)s`, the label
    /// being `<table>_<column>`; `unique=True` with it makes the index unique.
    fn column_index(&mut self, table: &QualifiedName, col: &ColumnSpec, span: Span) {
        // The label of a column of a schema-qualified table includes the schema.
        let label = match &table.schema {
            Some(s) => format!("{s}_{}_{}", table.name, col.name),
            None => format!("{}_{}", table.name, col.name),
        };
        let name = super::naming::convention_name(&format!("ix_{label}"), self.dialect());
        self.push(
            span,
            Op::CreateIndex(CreateIndex {
                name: Some(name.clone()),
                table: table.clone(),
                if_not_exists: false,
                concurrently: false,
                index: Index {
                    name,
                    unique: col.unique,
                    keys: vec![IndexKey::column(col.name.clone())],
                    predicate: None,
                    method: None,
                    include: Vec::new(),
                },
            }),
        );
    }

    fn add_column(&mut self, c: &Call) -> Option<()> {
        let span = c.span;
        let table = self.table_arg(c, 0, "table_name")?;
        let col = self.column(c.arg(1, "column")?.as_call()?)?;
        let not_null = !col.nullable.unwrap_or(!col.primary_key);
        let def = self.column_sql(&col, &col.sql, not_null, false);
        let sql = format!("ALTER TABLE {} ADD COLUMN {def}", self.qn(&table));
        for mut op in self.generated_ops(&sql, span) {
            if let Op::AddColumn {
                column,
                if_not_exists,
                ..
            } = &mut op
            {
                *if_not_exists = c
                    .kw("if_not_exists")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if let Some(t) = &col.ty.data_type {
                    column.column.ty = t.clone();
                }
                column.column.comment = col.comment.clone().or(column.column.comment.take());
            }
            self.push(span, op);
        }
        // Alembic adds the column's other constraints and indexes one statement each
        // (`add_column` never creates an enum type).
        if col.unique && !col.index {
            self.add_constraint(
                &table,
                None,
                &format!("UNIQUE ({})", self.q(&col.name)),
                span,
            );
        }
        for fk in col.foreign_keys.clone() {
            let sql = format!("ALTER TABLE {} ADD {fk}", self.qn(&table));
            self.sql(&sql, span);
        }
        if col.index {
            self.column_index(&table, &col, span);
        }
        Some(())
    }

    fn alter_column(&mut self, c: &Call) -> Option<()> {
        let span = c.span;
        let table = self.table_arg(c, 0, "table_name")?;
        let column = c.arg(1, "column_name")?.as_str()?.to_string();
        let d = self.dialect();
        if d == Dialect::Mysql {
            if let Some(done) = self.mysql_alter_column(c, &table, &column) {
                return done;
            }
        }
        let mut changes = Vec::new();
        if let Some(n) = c.kw("nullable").and_then(Value::as_bool) {
            changes.push(ColumnChange::SetNullable(n));
        }
        match c.kw("server_default") {
            None => {}
            Some(Value::None | Value::Bool(false)) => changes.push(ColumnChange::SetDefault(None)),
            Some(v) => {
                let sql = self.server_default(v)?;
                changes.push(ColumnChange::SetDefault(normalize::default_expr(&sql, d)));
            }
        }
        if let Some(t) = c.kw("type_") {
            let ty = sa_type(t, d, self.config);
            if let Some(d) = ty.unknown_diagnostic(span) {
                self.warn(d);
            }
            let using = c
                .kw("postgresql_using")
                .and_then(sql_text)
                .map(|u| normalize::expr(&u, d));
            changes.push(ColumnChange::SetType {
                ty: ty.data_type(d),
                using,
            });
        }
        match c.kw("comment") {
            None | Some(Value::Bool(false)) => {}
            // SQLAlchemy's SQLite dialect emits no comments.
            Some(_) if d == Dialect::Sqlite => {}
            Some(Value::None) => changes.push(ColumnChange::SetComment(None)),
            Some(v) => changes.push(ColumnChange::SetComment(Some(v.as_str()?.to_string()))),
        }
        for change in changes {
            self.push(
                span,
                Op::AlterColumn {
                    table: table.clone(),
                    column: column.clone(),
                    change,
                },
            );
        }
        if let Some(to) = c.kw("new_column_name").and_then(Value::as_str) {
            self.push(
                span,
                Op::RenameColumn {
                    table,
                    from: column,
                    to: to.to_string(),
                },
            );
        }
        Some(())
    }

    /// MySQL has no `ALTER COLUMN ... SET NOT NULL`: Alembic redefines the whole column with
    /// `MODIFY` (or `CHANGE` to rename) from the new values and the `existing_*` ones, so what
    /// `existing_*` leaves out (a default, a comment) is dropped, as on the database. `None` when
    /// only the default changes (`ALTER COLUMN ... SET DEFAULT`, the generic path).
    fn mysql_alter_column(
        &mut self,
        c: &Call,
        table: &QualifiedName,
        column: &str,
    ) -> Option<Option<()>> {
        let new_name = c.kw("new_column_name").and_then(Value::as_str);
        let redefine = new_name.is_some()
            || ["nullable", "type_", "comment", "autoincrement"]
                .iter()
                .any(|k| c.kw(k).is_some());
        if !redefine {
            return None;
        }
        let Some(ty) = c.kw("type_").or_else(|| c.kw("existing_type")) else {
            self.invalid(c.span, "on MySQL `alter_column` needs `existing_type=` (Alembic redefines the whole column)".into());
            return Some(Some(()));
        };
        let ty = sa_type(ty, Dialect::Mysql, self.config);
        let nullable = c
            .kw("nullable")
            .or_else(|| c.kw("existing_nullable"))
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let default = match c
            .kw("server_default")
            .or_else(|| c.kw("existing_server_default"))
        {
            None | Some(Value::None | Value::Bool(false)) => None,
            Some(v) => Some(self.server_default(v)?),
        };
        let comment = match c.kw("comment") {
            Some(Value::Bool(false)) | None => c.kw("existing_comment"),
            other => other,
        }
        .and_then(Value::as_str);
        let auto = c
            .kw("autoincrement")
            .or_else(|| c.kw("existing_autoincrement"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut def = format!("{} {}", self.q(new_name.unwrap_or(column)), ty.sql);
        def.push_str(if nullable { " NULL" } else { " NOT NULL" });
        if let Some(d) = default {
            def.push_str(&format!(" DEFAULT {d}"));
        }
        if auto {
            def.push_str(" AUTO_INCREMENT");
        }
        if let Some(comment) = comment {
            def.push_str(&format!(" COMMENT '{}'", comment.replace('\'', "''")));
        }
        let sql = match new_name {
            Some(_) => format!(
                "ALTER TABLE {} CHANGE {} {def}",
                self.qn(table),
                self.q(column)
            ),
            None => format!("ALTER TABLE {} MODIFY {def}", self.qn(table)),
        };
        self.sql(&sql, c.span);
        Some(Some(()))
    }

    fn create_index(&mut self, c: &Call) -> Option<()> {
        let d = self.dialect();
        let name = c
            .arg(0, "index_name")
            .and_then(Value::as_str)
            .map(str::to_string);
        let table = self.table_arg(c, 1, "table_name")?;
        let mut keys = Vec::new();
        for k in c.arg(2, "columns")?.items()? {
            keys.push(match &k {
                Value::Str(s) if is_identifier(s) => IndexKey::column(s.clone()),
                // Alembic treats a string that is not a plain name as an expression.
                Value::Str(s) => IndexKey::Expr {
                    expr: normalize::expr(s, d),
                    desc: false,
                    options: Default::default(),
                },
                Value::Call(t) if t.short() == "text" || t.short() == "literal_column" => {
                    IndexKey::Expr {
                        expr: normalize::expr(t.args.first()?.as_str()?, d),
                        desc: false,
                        options: Default::default(),
                    }
                }
                Value::Call(t) if t.short() == "desc" => IndexKey::Column {
                    name: t.args.first()?.as_str()?.to_string(),
                    desc: true,
                    options: Default::default(),
                },
                _ => return None,
            });
        }
        let predicate = c
            .kw("postgresql_where")
            .filter(|_| d == Dialect::Postgres)
            .or_else(|| c.kw("sqlite_where").filter(|_| d == Dialect::Sqlite))
            .and_then(sql_text)
            .map(|p| normalize::expr(&p, d));
        let method = match d {
            Dialect::Postgres => c
                .kw("postgresql_using")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase),
            Dialect::Mysql => c
                .kw("mysql_prefix")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase),
            Dialect::Sqlite => None,
        }
        .filter(|m| m != "btree");
        let include = if d == Dialect::Postgres {
            Self::str_list(c.kw("postgresql_include")).unwrap_or_default()
        } else {
            Vec::new()
        };
        let index = Index {
            name: name.clone().unwrap_or_default(),
            unique: c.kw("unique").and_then(Value::as_bool).unwrap_or(false),
            keys,
            predicate,
            method,
            include,
        };
        let concurrently = d == Dialect::Postgres
            && c.kw("postgresql_concurrently")
                .and_then(Value::as_bool)
                .unwrap_or(false);
        let if_not_exists = c
            .kw("if_not_exists")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self.push(
            c.span,
            Op::CreateIndex(CreateIndex {
                name,
                table,
                if_not_exists,
                concurrently,
                index,
            }),
        );
        Some(())
    }
}

/// A SQLAlchemy Core statement that reads or writes rows: `t.update().where(...)`,
/// `sa.insert(t).values(...)`, `sa.select(...)`.
/// The ops of a SQLite batch block with each `drop_index` moved before the column drops that
/// precede it (but after whatever created, dropped or renamed an index). Alembic's batch mode
/// keeps the table's indexes in a list of their own until it recreates the table, so
/// `drop_column("version")` then `drop_index("uq_name_version")` works there; the simulator,
/// which applies the ops one by one, drops an index with its column.
fn index_drops_first(ops: Vec<Op>) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    for op in ops {
        let Op::DropIndex { name, .. } = &op else {
            out.push(op);
            continue;
        };
        let touches = |o: &Op| match o {
            Op::CreateIndex(c) => c.name.as_deref() == Some(name.name.as_str()),
            Op::DropIndex { .. } | Op::RenameIndex { .. } => true,
            _ => false,
        };
        let after = out.iter().rposition(touches).map_or(0, |i| i + 1);
        let at = out[after..]
            .iter()
            .position(|o| matches!(o, Op::DropColumn { .. }))
            .map_or(out.len(), |i| after + i);
        out.insert(at, op);
    }
    out
}

/// `sa.ForeignKey(..., use_alter=True)` / `sa.ForeignKeyConstraint(..., use_alter=True)`.
/// SQLAlchemy's DDL compiler leaves such a constraint out of `CREATE TABLE` on every dialect that
/// supports `ALTER TABLE ... ADD CONSTRAINT` (PostgreSQL, MySQL); `MetaData.create_all` adds it
/// afterwards, but `op.create_table` does not, so the table has no such key (`alembic upgrade
/// --sql` prints nothing for it). SQLite cannot add constraints later, so there it stays inline.
/// `op.add_column` adds a column's keys one `ALTER TABLE` each, `use_alter` or not.
fn use_alter(c: &Call) -> bool {
    c.kw("use_alter").and_then(Value::as_bool).unwrap_or(false)
}

fn is_data_statement(c: &Call) -> bool {
    const DATA: [&str; 10] = [
        "update",
        "insert",
        "delete",
        "select",
        "values",
        "where",
        "filter",
        "filter_by",
        "returning",
        "from_select",
    ];
    let mut call = Some(c);
    while let Some(c) = call {
        if DATA.contains(&c.short()) {
            return true;
        }
        call = c.receiver.as_ref().and_then(Value::as_call);
    }
    false
}

/// SQL given as a string or `sa.text("...")`.
fn sql_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Call(c) if matches!(c.short(), "text" | "literal_column") => {
            c.args.first()?.as_str().map(str::to_string)
        }
        _ => None,
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}
