//! Column types the project defines in its own Python (`myapp.db.types.GUID`), read from the
//! project's modules handed over beside the revisions, never imported or run.
//!
//! SQLAlchemy writes a `TypeDecorator`'s DDL type as what `load_dialect_impl(dialect)` returns
//! for the dialect, by default the class's `impl` (`impl = sa.CHAR(32)`; a class given as `impl`
//! is instantiated with the decorator's own arguments unless the class defines `__init__`). This
//! module finds the class a dotted name refers to and evaluates exactly that, with the
//! constant folder of [`eval`](super::eval): `load_dialect_impl` may test `dialect.name` in
//! `if`/`elif`/`else` and return `dialect.type_descriptor(...)`. A subclass of another project
//! class or of a SQLAlchemy type inherits from it; a `UserDefinedType` whose `get_col_spec`
//! returns a string is that SQL. Anything else is reported, with the reason, on the column.
//! `sa.Enum(Status)` of a Python `enum.Enum` class of the project takes its member names.
//!
//! The core reads no files: [`referenced_names`] and [`names_behind`] are the quick textual
//! scans the CLI uses to decide which module files to read and hand over with the revisions.
//!
//! Modules are files: `a/b/c.py` or `a/b/c/__init__.py` is module `a.b.c`, matched on whole
//! trailing components, so it does not matter where the caller rooted the paths (the CLI names
//! files found outside the migration folder `../…/a/b/c.py`; a folder dropped in the browser
//! keeps its own relative paths). Each file is parsed once, on first use.

use super::eval::{Call, Env, Value};
use super::module::Module;
use crate::dialect::Dialect;
use crate::source::InputFile;
use rustpython_parser::ast::{self, Expr, Stmt};
use std::sync::OnceLock;

/// Classes found through other classes (bases, re-exports, `impl`) at most this deep.
const MAX_HOPS: usize = 8;

/// Classes looked at for one type at most (bases of bases fan out).
const MAX_CLASSES: usize = 64;

/// The project's Python modules, for the column types they define.
#[derive(Debug, Default)]
pub struct ProjectModules {
    files: Vec<ModuleFile>,
}

#[derive(Debug)]
struct ModuleFile {
    path: String,
    /// `a.b.c` for `a/b/c.py` and `a/b/c/__init__.py`, leading `..` components dropped.
    dotted: String,
    text: String,
    parsed: OnceLock<Option<Parsed>>,
}

#[derive(Debug)]
struct Parsed {
    suite: ast::Suite,
    /// Imports and module-level constants; each top-level class is bound to its dotted name.
    env: Env,
}

/// The package a module's relative imports start from: the module itself for a package's
/// `__init__.py`, else the module's parent.
fn package_of(path: &str, dotted: &str) -> String {
    if path.ends_with("__init__.py") {
        return dotted.to_string();
    }
    dotted.rsplit_once('.').map_or("", |(p, _)| p).to_string()
}

/// `from .types import GUID` (and `..`): bound to the absolute path from `package`.
fn bind_relative_imports(suite: &[Stmt], package: &str, env: &mut Env) {
    for s in suite {
        let Stmt::ImportFrom(i) = s else { continue };
        let level = i.level.as_ref().map_or(0, |l| l.to_usize());
        if level == 0 {
            continue;
        }
        let module = i.module.as_ref().map(|m| m.to_string());
        let Some(base) = relative_module(package, level, module.as_deref()) else {
            continue;
        };
        for a in &i.names {
            let local = a.asname.as_ref().unwrap_or(&a.name).to_string();
            let full = if base.is_empty() {
                a.name.to_string()
            } else {
                format!("{base}.{}", a.name)
            };
            env.imports.insert(local, full);
        }
    }
}

/// The absolute module of `from <level dots><module> import ...` in `package`.
fn relative_module(package: &str, level: usize, module: Option<&str>) -> Option<String> {
    let mut parts: Vec<&str> = package.split('.').filter(|p| !p.is_empty()).collect();
    for _ in 1..level {
        parts.pop()?;
    }
    parts.extend(module.into_iter().flat_map(|m| m.split('.')));
    Some(parts.join("."))
}

/// Where a resolution is: the dialect, and how many classes it went through.
struct At<'b> {
    dialect: Dialect,
    hops: usize,
    /// Classes left to look at in this resolution: bases of bases fan out.
    budget: &'b std::cell::Cell<usize>,
}

impl<'b> At<'b> {
    fn next(&self) -> At<'b> {
        At {
            dialect: self.dialect,
            hops: self.hops + 1,
            budget: self.budget,
        }
    }
}

/// What a project type stands for in one dialect.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectType {
    /// A SQLAlchemy type expression (itself resolved like any column type).
    Type(Value),
    /// SQL text (`get_col_spec` of a `UserDefinedType`).
    Sql(String),
}

/// Whether a Python file is an Alembic revision (or `env.py`) rather than a module of the
/// project: revisions set `down_revision` at the start of a line.
fn is_revision_or_env(path: &str, text: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.eq_ignore_ascii_case("env.py")
        || text.lines().any(|l| {
            l.strip_prefix("down_revision")
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
}

fn dotted_name(path: &str) -> Option<String> {
    let stem = path.strip_suffix(".py")?;
    let mut parts: Vec<&str> = stem
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    if parts.last() == Some(&"__init__") {
        parts.pop();
    }
    (!parts.is_empty()).then(|| parts.join("."))
}

impl ProjectModules {
    /// The Python files among `files` that are not revisions nor `env.py`.
    pub fn from_files(files: &[InputFile]) -> ProjectModules {
        let files = files
            .iter()
            .filter_map(|f| {
                let dotted = dotted_name(&f.path)?;
                let text = String::from_utf8_lossy(&f.contents);
                if is_revision_or_env(&f.path, &text) {
                    return None;
                }
                Some(ModuleFile {
                    path: f.path.clone(),
                    dotted,
                    text: text.into_owned(),
                    parsed: OnceLock::new(),
                })
            })
            .collect();
        ProjectModules { files }
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// `(path, text)` of the modules a column type was looked up in, in path order: what a
    /// shared copy of the set must carry for its types to resolve the same.
    pub fn used(&self) -> Vec<(String, String)> {
        let mut used: Vec<(String, String)> = self
            .files
            .iter()
            .filter(|f| f.parsed.get().is_some())
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect();
        used.sort();
        used
    }

    /// The file that is module `module`: the one whose dotted name is it, else the shortest
    /// ending with it on a component boundary (ties: the first path).
    fn module(&self, module: &str) -> Option<&ModuleFile> {
        let suffix = format!(".{module}");
        self.files
            .iter()
            .filter(|f| f.dotted == module || f.dotted.ends_with(&suffix))
            .min_by_key(|f| (f.dotted.len(), &f.path))
    }

    fn parsed(file: &ModuleFile) -> Option<&Parsed> {
        file.parsed
            .get_or_init(|| {
                // Deeper than the lowering evaluates safely: not read, like a revision.
                let module = Module::parse(&file.text);
                if module.too_deep_to_lower.is_some() {
                    return None;
                }
                let suite = module.body.ok()?;
                let mut env = Env::default();
                super::lower::module_env(&suite, &mut env);
                bind_relative_imports(&suite, &package_of(&file.path, &file.dotted), &mut env);
                for s in &suite {
                    if let Stmt::ClassDef(c) = s {
                        let name = c.name.to_string();
                        let full = Value::Name(format!("{}.{name}", file.dotted));
                        env.globals.insert(name, full);
                    }
                }
                Some(Parsed { suite, env })
            })
            .as_ref()
    }

    /// The labels SQLAlchemy gives `sa.Enum(path)` of a Python enum class the project defines:
    /// its members' names in order, aliases left out. `None` when no module holds `path`.
    pub fn enum_members(&self, path: &str) -> Option<Result<Vec<String>, String>> {
        self.enum_members_at(path, 0)
    }

    fn enum_members_at(&self, path: &str, hops: usize) -> Option<Result<Vec<String>, String>> {
        if hops > MAX_HOPS {
            return Some(Err(format!(
                "`{path}` is re-exported more than {MAX_HOPS} times"
            )));
        }
        let (module, class) = path.rsplit_once('.')?;
        let file = self.module(module)?;
        let parsed = Self::parsed(file)?;
        let Some(def) = parsed.suite.iter().find_map(|s| match s {
            Stmt::ClassDef(c) if c.name.as_str() == class => Some(c),
            _ => None,
        }) else {
            // Re-exported from another module of the project.
            let next = parsed.env.imports.get(class).filter(|p| *p != path)?;
            return self.enum_members_at(next, hops + 1);
        };
        let is_enum = def.bases.iter().any(|b| {
            matches!(parsed.env.eval(b), Value::Name(p) if p.ends_with("Enum") && p.starts_with("enum."))
        });
        if !is_enum {
            return Some(Err(format!(
                "class `{class}` in `{}` is not an `enum.Enum`",
                file.path
            )));
        }
        let mut names = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for s in &def.body {
            let Stmt::Assign(a) = s else { continue };
            let [Expr::Name(n)] = a.targets.as_slice() else {
                continue;
            };
            let name = n.id.to_string();
            if name.starts_with('_') {
                continue;
            }
            let v = parsed.env.eval(&a.value);
            let alias = !matches!(v, Value::Call(_) | Value::Unknown) && values.contains(&v);
            if !alias {
                values.push(v);
                names.push(name);
            }
        }
        Some(Ok(names))
    }

    /// What the project type `path` (`myapp.db.types.GUID`), called with `call`'s arguments (or
    /// named bare), is in this dialect. `None` when no module of the project holds it; `Err`
    /// says why a class that was found could not be read.
    pub fn resolve(
        &self,
        path: &str,
        call: Option<&Call>,
        dialect: Dialect,
    ) -> Option<Result<ProjectType, String>> {
        let budget = std::cell::Cell::new(MAX_CLASSES);
        let at = At {
            dialect,
            hops: 0,
            budget: &budget,
        };
        self.resolve_at(path, call, &at)
    }

    fn resolve_at(
        &self,
        path: &str,
        call: Option<&Call>,
        at: &At,
    ) -> Option<Result<ProjectType, String>> {
        let hops = at.hops;
        at.budget.set(at.budget.get().saturating_sub(1));
        if hops > MAX_HOPS || at.budget.get() == 0 {
            return Some(Err(format!(
                "it is defined through too many other classes (more than {MAX_HOPS} deep or {MAX_CLASSES} in all)"
            )));
        }
        let (module, class) = path.rsplit_once('.')?;
        let file = self.module(module)?;
        let Some(parsed) = Self::parsed(file) else {
            return Some(Err(format!(
                "`{}` could not be read (not valid Python, or nested too deep)",
                file.path
            )));
        };
        let def = parsed.suite.iter().find_map(|s| match s {
            Stmt::ClassDef(c) if c.name.as_str() == class => Some(c),
            _ => None,
        });
        let Some(def) = def else {
            // Re-exported (`from .types import GUID`) or an alias (`GUID = sa.CHAR(32)`).
            return match parsed.env.globals.get(class) {
                Some(v @ Value::Call(_)) => Some(Ok(ProjectType::Type(v.clone()))),
                Some(Value::Name(p)) if p != path => self
                    .resolve_at(p, call, &at.next())
                    .or_else(|| Some(Ok(ProjectType::Type(Value::Name(p.clone()))))),
                _ => match parsed.env.imports.get(class) {
                    Some(p) if p != path => self
                        .resolve_at(p, call, &at.next())
                        .or_else(|| Some(Ok(ProjectType::Type(Value::Name(p.clone()))))),
                    _ => Some(Err(format!("`{}` defines no `{class}`", file.path))),
                },
            };
        };
        Some(self.class(parsed, file, def, call, at))
    }

    /// The type a class definition stands for.
    fn class(
        &self,
        parsed: &Parsed,
        file: &ModuleFile,
        def: &ast::StmtClassDef,
        call: Option<&Call>,
        at: &At,
    ) -> Result<ProjectType, String> {
        let where_ = || format!("class `{}` in `{}`", def.name, file.path);
        let method = |name: &str| {
            def.body.iter().find_map(|s| match s {
                Stmt::FunctionDef(f) if f.name.as_str() == name => Some(f),
                _ => None,
            })
        };
        if let Some(f) = method("load_dialect_impl") {
            return match returned(&parsed.env, f, Dialect2::Param, at.dialect) {
                Some(Value::Name(p)) if p == "self.impl" || p == "self.impl_instance" => {
                    self.impl_type(parsed, file, def, call, at)
                }
                Some(v @ (Value::Call(_) | Value::Name(_))) => Ok(ProjectType::Type(v)),
                _ => Err(format!(
                    "{}: its `load_dialect_impl` is not a plain `if dialect.name == ...` chain of `return dialect.type_descriptor(...)`",
                    where_()
                )),
            };
        }
        if let Some(f) = method("get_col_spec") {
            return match returned(&parsed.env, f, Dialect2::None, at.dialect) {
                Some(Value::Str(sql)) => Ok(ProjectType::Sql(sql)),
                _ => Err(format!(
                    "{}: its `get_col_spec` does not return a constant string",
                    where_()
                )),
            };
        }
        self.impl_type(parsed, file, def, call, at)
    }

    /// The class's `impl` (or its base's): the DDL type of a `TypeDecorator` without its own
    /// `load_dialect_impl`.
    fn impl_type(
        &self,
        parsed: &Parsed,
        file: &ModuleFile,
        def: &ast::StmtClassDef,
        call: Option<&Call>,
        at: &At,
    ) -> Result<ProjectType, String> {
        let own_init = def
            .body
            .iter()
            .any(|s| matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == "__init__"));
        // `TypeDecorator.__init__` hands its arguments to `impl`; an `__init__` of the class's
        // own decides for itself (`super().__init__()` with none is the usual form).
        let args = call.filter(|_| !own_init);
        let impl_ = def.body.iter().rev().find_map(|s| match s {
            Stmt::Assign(a) if a.targets.iter().any(|t| is_name(t, "impl")) => {
                Some(parsed.env.eval(&a.value))
            }
            Stmt::AnnAssign(a) if is_name(&a.target, "impl") => {
                a.value.as_deref().map(|v| parsed.env.eval(v))
            }
            _ => None,
        });
        match impl_ {
            Some(Value::Name(p)) if is_placeholder(&p) => Err(format!(
                "class `{}` in `{}` has no `impl` type of its own (`impl = {}`) and no `load_dialect_impl`",
                def.name, file.path, short(&p)
            )),
            Some(Value::Name(p)) => Ok(ProjectType::Type(match args {
                Some(c) => {
                    let mut c = c.clone();
                    c.func = p;
                    Value::Call(Box::new(c))
                }
                None => Value::Name(p),
            })),
            Some(v @ Value::Call(_)) => Ok(ProjectType::Type(v)),
            Some(_) => Err(format!(
                "class `{}` in `{}`: its `impl` is not a type Strata can read",
                def.name, file.path
            )),
            None => self.base_type(parsed, file, def, args, at),
        }
    }

    /// A class without `impl`: what its first base that is a type gives.
    fn base_type(
        &self,
        parsed: &Parsed,
        file: &ModuleFile,
        def: &ast::StmtClassDef,
        args: Option<&Call>,
        at: &At,
    ) -> Result<ProjectType, String> {
        for base in &def.bases {
            // `TypeDecorator[datetime]` is `TypeDecorator`.
            let base = match base {
                Expr::Subscript(s) => s.value.as_ref(),
                b => b,
            };
            let Value::Name(p) = parsed.env.eval(base) else {
                continue;
            };
            if is_placeholder(&p) {
                continue;
            }
            if let Some(found) = self.resolve_at(&p, args, &at.next()) {
                return found;
            }
            if p.starts_with("sqlalchemy.") {
                return Ok(ProjectType::Type(match args {
                    Some(c) => {
                        let mut c = c.clone();
                        c.func = p;
                        Value::Call(Box::new(c))
                    }
                    None => Value::Name(p),
                }));
            }
        }
        Err(format!(
            "class `{}` in `{}` has no `impl`, no `load_dialect_impl` and no SQLAlchemy type as base",
            def.name, file.path
        ))
    }
}

/// The SQLAlchemy bases that say nothing about the DDL type.
fn is_placeholder(path: &str) -> bool {
    matches!(
        short(path),
        "TypeDecorator" | "TypeEngine" | "UserDefinedType" | "Concatenable" | "Indexable"
    ) && (path.starts_with("sqlalchemy.") || !path.contains('.'))
}

fn short(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn is_name(e: &Expr, name: &str) -> bool {
    matches!(e, Expr::Name(n) if n.id.as_str() == name)
}

/// How a method's second parameter is bound.
#[derive(Clone, Copy)]
enum Dialect2 {
    /// `load_dialect_impl(self, dialect)`: the dialect.
    Param,
    None,
}

/// The value a method returns, followed through `if`/`elif`/`else` on constant tests and plain
/// local assignments; `dialect.type_descriptor(t)` is `t` (`self.impl` stays the name
/// `self.impl`). `None` when anything else decides.
fn returned(
    module_env: &Env,
    f: &ast::StmtFunctionDef,
    bind: Dialect2,
    dialect: Dialect,
) -> Option<Value> {
    let mut env = module_env.clone();
    env.dialect = dialect;
    env.locals.clear();
    let params = &f.args.args;
    if let (Dialect2::Param, Some(p)) = (bind, params.get(1)) {
        env.locals.insert(p.def.arg.to_string(), Value::Dialect);
    }
    if let Some(p) = params.first() {
        env.locals
            .insert(p.def.arg.to_string(), Value::Name("self".into()));
    }
    let mut budget = 1000usize;
    walk(&mut env, &f.body, &mut budget).flatten()
}

/// `Some(v)` once a `return` is reached (`Some(None)`: returns something unreadable); `None` to
/// go on with the next statement.
fn walk(env: &mut Env, body: &[Stmt], budget: &mut usize) -> Option<Option<Value>> {
    for s in body {
        *budget = budget.checked_sub(1)?;
        match s {
            Stmt::Return(r) => {
                let v = r.value.as_deref().map(|e| env.eval(e));
                return Some(v.and_then(unwrap_descriptor));
            }
            Stmt::If(i) => {
                let branch = match env.eval(&i.test).as_bool() {
                    Some(true) => &i.body,
                    Some(false) => &i.orelse,
                    None => return Some(None),
                };
                if let Some(r) = walk(env, branch, budget) {
                    return Some(r);
                }
            }
            Stmt::Assign(a) => {
                let v = env.eval(&a.value);
                for t in &a.targets {
                    match t {
                        Expr::Name(n) => {
                            env.locals.insert(n.id.to_string(), v.clone());
                        }
                        _ => return Some(None),
                    }
                }
            }
            Stmt::Pass(_) | Stmt::Expr(_) => {}
            _ => return Some(None),
        }
    }
    None
}

fn unwrap_descriptor(v: Value) -> Option<Value> {
    match v {
        Value::Call(c) if c.func == "type_descriptor" && c.receiver == Some(Value::Dialect) => {
            c.args.into_iter().next().and_then(unwrap_descriptor)
        }
        v => Some(v),
    }
}

/// The dotted names a Python file may take a column type from, those whose last component is
/// in CapWords as class names are: every `import`ed module and every name it binds (`from a.b import C` gives `a.b.C`),
/// and every dotted reference through an imported name (`import myapp` then
/// `myapp.db.types.GUID()` gives `myapp.db.types.GUID`). For the caller that reads files: each
/// name may be a module (`a/b/C.py`, `a/b/C/__init__.py`) or something in the module before it.
/// A quick textual scan, not a parse: it may name too much (in strings, comments), which only
/// costs a look-up; relative imports and `sqlalchemy`/`alembic` are left out, and so is a name
/// whose longer form is also referenced.
pub fn referenced_names(text: &str) -> Vec<String> {
    let (bound, mut out) = imports(text, None);
    for chain in dotted_chains(text, true) {
        let (first, rest) = chain.split_once('.').unwrap_or((chain, ""));
        if let (Some(path), false) = (bound.get(first), rest.is_empty()) {
            out.insert(format!("{path}.{rest}"));
        }
    }
    leaves(capwords(out))
}

/// Column types are classes, named in CapWords: `myapp.db.GUID`, not `prefect.flow`.
fn capwords(mut names: std::collections::BTreeSet<String>) -> std::collections::BTreeSet<String> {
    names.retain(|n| {
        let last = n.rsplit('.').next().unwrap_or(n);
        last.starts_with(|c: char| c.is_ascii_uppercase())
    });
    names
}

/// What a module's `attr` (a class or a re-exported name) may need from other modules: the
/// import that binds it, else the names the `class attr` block (its bases, `impl`,
/// `load_dialect_impl`) takes from imports, following classes of the same module it builds on.
/// The caller that found `attr`'s module reads these next, instead of all the module imports.
/// `package` is where the module's relative imports start (see [`module_package`]).
pub fn names_behind(text: &str, attr: &str, package: &str) -> Vec<String> {
    let (bound, _) = imports(text, Some(package));
    let mut out = std::collections::BTreeSet::new();
    let mut todo = vec![attr.split('.').next().unwrap_or(attr).to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) || seen.len() > 64 {
            continue;
        }
        if let Some(path) = bound.get(&name) {
            out.insert(path.clone());
            continue;
        }
        let Some(block) = class_block(text, &name) else {
            continue;
        };
        // A class that is no column type (a model, a schema) is followed only through its
        // bases, which may be one.
        let header = block.split(':').next().unwrap_or(block);
        let typed = header.contains("Type")
            || block.contains("def load_dialect_impl")
            || block.contains("def get_col_spec")
            || block.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with("impl =") || l.starts_with("impl:")
            });
        let block = if typed { block } else { header };
        for chain in dotted_chains(block, false) {
            let (first, rest) = chain.split_once('.').unwrap_or((chain, ""));
            match bound.get(first) {
                Some(path) if rest.is_empty() => {
                    out.insert(path.clone());
                }
                Some(path) => {
                    out.insert(format!("{path}.{rest}"));
                }
                None if rest.is_empty() && first != name => todo.push(first.to_string()),
                None => {}
            }
        }
    }
    leaves(capwords(out))
}

/// The text of `class name...:` up to the next line that starts at column 0.
fn class_block<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let mut at = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let top = !line.starts_with([' ', '\t', '\n', '\r', '#', ')', ']']);
        match start {
            None => {
                let rest = line.strip_prefix("class ").map(str::trim_start);
                let named = rest
                    .and_then(|r| r.strip_prefix(name))
                    .is_some_and(|r| r.starts_with(['(', ':', ' ', '[']));
                if named {
                    start = Some(at);
                }
            }
            Some(s) if top => return text.get(s..at),
            Some(_) => {}
        }
        at += line.len();
    }
    start.and_then(|s| text.get(s..))
}

type Bound = std::collections::BTreeMap<String, String>;

/// The package module `module` (found as `file`) starts its relative imports from: itself for
/// a package's `__init__.py`, else its parent.
pub fn module_package(module: &str, file: &str) -> String {
    package_of(file, module)
}

/// Local names bound by `import`/`from ... import` (to their dotted paths), and every imported
/// dotted name; relative imports only when the module's `package` is known.
fn imports(text: &str, package: Option<&str>) -> (Bound, std::collections::BTreeSet<String>) {
    let mut bound = Bound::new();
    let mut out = std::collections::BTreeSet::new();
    for stmt in import_statements(text) {
        let words: Vec<&str> = stmt.split_whitespace().collect();
        match words.as_slice() {
            ["import", rest @ ..] => {
                for item in rest.join(" ").split(',') {
                    let mut it = item.split_whitespace();
                    let Some(module) = it.next() else { continue };
                    let local = match (it.next(), it.next()) {
                        (Some("as"), Some(alias)) => (alias.to_string(), module.to_string()),
                        _ => {
                            let first = module.split('.').next().unwrap_or(module);
                            (first.to_string(), first.to_string())
                        }
                    };
                    out.insert(module.to_string());
                    bound.insert(local.0, local.1);
                }
            }
            ["from", module, "import", rest @ ..] => {
                let module = if module.starts_with('.') {
                    let level = module.len() - module.trim_start_matches('.').len();
                    let name = Some(module.trim_start_matches('.')).filter(|m| !m.is_empty());
                    let Some(absolute) = package.and_then(|p| relative_module(p, level, name))
                    else {
                        continue;
                    };
                    absolute
                } else {
                    module.to_string()
                };
                let module = module.as_str();
                out.insert(module.to_string());
                let names = rest.join(" ").replace(['(', ')'], " ");
                for item in names.split(',') {
                    let mut it = item.split_whitespace();
                    let Some(name) = it.next().filter(|n| *n != "*") else {
                        continue;
                    };
                    let full = format!("{module}.{name}");
                    let local = match (it.next(), it.next()) {
                        (Some("as"), Some(alias)) => alias,
                        _ => name,
                    };
                    out.insert(full.clone());
                    bound.insert(local.to_string(), full);
                }
            }
            _ => {}
        }
    }
    (bound, out)
}

/// The names worth looking up: not SQLAlchemy's or Alembic's, and only the longest of a name
/// and its extensions (`import myapp` is only the way to `myapp.db.types.GUID`; in sorted order
/// a name's extensions follow it).
fn leaves(out: std::collections::BTreeSet<String>) -> Vec<String> {
    let names: Vec<String> = out
        .into_iter()
        .filter(|n| {
            let root = n.split('.').next().unwrap_or(n);
            !matches!(root, "sqlalchemy" | "alembic" | "__future__")
        })
        .collect();
    let mut leaves = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        let extended = names
            .get(i + 1)
            .is_some_and(|next| next.starts_with(n.as_str()) && next[n.len()..].starts_with('.'));
        if !extended {
            leaves.push(n.clone());
        }
    }
    leaves
}

/// `import ...` and `from ... import ...` statements, a parenthesized list joined into one.
fn import_statements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(mut s) = open.take() {
            s.push(' ');
            s.push_str(line);
            if line.contains(')') {
                out.push(s);
            } else {
                open = Some(s);
            }
            continue;
        }
        if line.starts_with("import ") || line.starts_with("from ") {
            let line = line.trim_end_matches('\\').to_string();
            if line.contains('(') && !line.contains(')') {
                open = Some(line);
            } else {
                out.push(line);
            }
        }
    }
    out
}

/// Every `name.name...` in the text: of at least two identifiers when `dotted`, else also
/// single names.
fn dotted_chains(text: &str, dotted: bool) -> Vec<&str> {
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_')
            && (i == 0 || !(ident(bytes[i - 1]) || bytes[i - 1] == b'.'));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        loop {
            while end < bytes.len() && ident(bytes[end]) {
                end += 1;
            }
            let next = bytes.get(end + 1).copied();
            if bytes.get(end) == Some(&b'.')
                && next.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            {
                end += 1;
            } else {
                break;
            }
        }
        if let Some(chain) = text.get(start..end).filter(|c| !dotted || c.contains('.')) {
            out.push(chain);
        }
        i = end.max(i + 1);
    }
    out
}
