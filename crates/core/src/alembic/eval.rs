//! Constant folding of the Python that surrounds `op.*` calls: literals, module-level constants,
//! string formatting, dotted names resolved through the module's imports, and the
//! `dialect.name` tests that pick a branch for the chosen dialect. Nothing is executed: what
//! cannot be folded is [`Value::Unknown`].

use crate::diagnostic::{FileId, Span};
use crate::dialect::Dialect;
use rustpython_parser::ast::{self, Constant, Expr, Ranged};
use rustpython_parser::text_size::TextRange;
use std::collections::BTreeMap;

/// Expression depth the folder walks before giving up; the token pre-scan in `lower` keeps
/// parsed input well below it, this is the second line of defence.
const MAX_DEPTH: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    /// A dotted name with its first component resolved through the imports
    /// (`sa.Integer` is `sqlalchemy.Integer`).
    Name(String),
    Call(Box<Call>),
    /// `op.get_bind().dialect` and the like.
    Dialect,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Resolved dotted path of the callee (`sqlalchemy.Column`); for a method called on a value
    /// that is not a name (`sa.Enum(...).create`), the method name alone, with `receiver` set.
    pub func: String,
    pub receiver: Option<Value>,
    pub args: Vec<Value>,
    pub kwargs: Vec<(String, Value)>,
    pub span: Span,
    /// Where each positional argument is written (a starred argument's items share its span).
    pub arg_spans: Vec<Span>,
}

impl Call {
    pub fn kw(&self, name: &str) -> Option<&Value> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    /// Positional argument `i`, or keyword `name`.
    pub fn arg(&self, i: usize, name: &str) -> Option<&Value> {
        self.args.get(i).or_else(|| self.kw(name))
    }
    /// The last component of the callee (`Column` for `sqlalchemy.Column`).
    pub fn short(&self) -> &str {
        self.func.rsplit('.').next().unwrap_or(&self.func)
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::None => Some(false),
            Value::Int(i) => Some(*i != 0),
            Value::Str(s) => Some(!s.is_empty()),
            Value::List(l) => Some(!l.is_empty()),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
    pub fn as_call(&self) -> Option<&Call> {
        match self {
            Value::Call(c) => Some(c),
            _ => None,
        }
    }
    /// Items of a list or tuple; a lone string is a one-item list (`op.create_index(..., "c")`).
    pub fn items(&self) -> Option<Vec<Value>> {
        match self {
            Value::List(l) => Some(l.clone()),
            Value::Str(_) => Some(vec![self.clone()]),
            _ => None,
        }
    }
    /// Python's `str()` of a constant, for formatting.
    fn display(&self) -> Option<String> {
        Some(match self {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Str(s) => s.clone(),
            _ => return None,
        })
    }
}

/// What names mean while folding: imports, module constants, function locals.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub file: FileId,
    pub dialect: Dialect,
    /// Local name to dotted module path (`sa` to `sqlalchemy`, `UUID` to
    /// `sqlalchemy.dialects.postgresql.UUID`).
    pub imports: BTreeMap<String, String>,
    pub globals: BTreeMap<String, Value>,
    pub locals: BTreeMap<String, Value>,
}

/// The value of `dialect.name` SQLAlchemy reports for each dialect.
pub fn dialect_name(d: Dialect) -> &'static str {
    match d {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    }
}

/// Calls whose result has a `.dialect`: the connection or migration context.
fn has_dialect(func: &str) -> bool {
    matches!(
        func,
        "alembic.op.get_bind"
            | "alembic.op.get_context"
            | "alembic.context.get_context"
            | "alembic.context.get_bind"
    )
}

impl Env {
    pub fn span(&self, r: TextRange) -> Span {
        Span::new(self.file, r.start().to_usize(), r.end().to_usize())
    }

    fn lookup(&self, name: &str) -> Value {
        if let Some(v) = self.locals.get(name).or_else(|| self.globals.get(name)) {
            return v.clone();
        }
        if let Some(path) = self.imports.get(name) {
            return Value::Name(path.clone());
        }
        // Alembic templates import these; a file that forgot still means the same.
        match name {
            "sa" => Value::Name("sqlalchemy".into()),
            "op" => Value::Name("alembic.op".into()),
            "context" => Value::Name("alembic.context".into()),
            "postgresql" | "mysql" | "sqlite" => Value::Name(format!("sqlalchemy.dialects.{name}")),
            "True" => Value::Bool(true),
            "False" => Value::Bool(false),
            "None" => Value::None,
            _ => Value::Name(name.to_string()),
        }
    }

    pub fn eval(&self, e: &Expr) -> Value {
        self.eval_at(e, 0)
    }

    fn eval_at(&self, e: &Expr, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        let ev = |x: &Expr| self.eval_at(x, depth + 1);
        match e {
            Expr::Constant(c) => constant(&c.value),
            Expr::Name(n) => self.lookup(n.id.as_str()),
            Expr::Attribute(a) => match ev(&a.value) {
                Value::Name(p) => Value::Name(format!("{p}.{}", a.attr.as_str())),
                Value::Call(c) if has_dialect(&c.func) && a.attr.as_str() == "dialect" => {
                    Value::Dialect
                }
                // `op.get_context().as_sql`: offline mode, which a simulated upgrade is not
                // (as `context.is_offline_mode()`).
                Value::Call(c)
                    if c.func.ends_with(".get_context") && a.attr.as_str() == "as_sql" =>
                {
                    Value::Bool(false)
                }
                Value::Dialect if a.attr.as_str() == "name" => {
                    Value::Str(dialect_name(self.dialect).into())
                }
                _ => Value::Unknown,
            },
            Expr::List(l) => Value::List(l.elts.iter().map(ev).collect()),
            Expr::Tuple(t) => Value::List(t.elts.iter().map(ev).collect()),
            Expr::Set(s) => Value::List(s.elts.iter().map(ev).collect()),
            Expr::Dict(d) => {
                let mut out = Vec::new();
                for (k, v) in d.keys.iter().zip(&d.values) {
                    match k {
                        Some(k) => out.push((ev(k), ev(v))),
                        None => return Value::Unknown,
                    }
                }
                Value::Dict(out)
            }
            Expr::Call(c) => self.call(c, depth),
            Expr::JoinedStr(j) => {
                let mut s = String::new();
                for part in &j.values {
                    match ev(part).display() {
                        Some(p) => s.push_str(&p),
                        None => return Value::Unknown,
                    }
                }
                Value::Str(s)
            }
            Expr::FormattedValue(f) => match ev(&f.value) {
                v @ (Value::Str(_)
                | Value::Int(_)
                | Value::Float(_)
                | Value::Bool(_)
                | Value::None)
                    if f.format_spec.is_none() =>
                {
                    v.display().map(Value::Str).unwrap_or(Value::Unknown)
                }
                _ => Value::Unknown,
            },
            Expr::BinOp(b) => binop(ev(&b.left), &b.op, ev(&b.right)),
            Expr::UnaryOp(u) => match (&u.op, ev(&u.operand)) {
                (ast::UnaryOp::Not, v) => v
                    .as_bool()
                    .map(|b| Value::Bool(!b))
                    .unwrap_or(Value::Unknown),
                (ast::UnaryOp::USub, Value::Int(i)) => Value::Int(i.wrapping_neg()),
                (ast::UnaryOp::USub, Value::Float(f)) => Value::Float(-f),
                _ => Value::Unknown,
            },
            Expr::BoolOp(b) => {
                let and = matches!(b.op, ast::BoolOp::And);
                let mut last = Value::Unknown;
                for v in &b.values {
                    let v = ev(v);
                    match v.as_bool() {
                        // Short-circuit as Python does: the first deciding operand is the result.
                        Some(t) if t != and => return v,
                        Some(_) => last = v,
                        None => return Value::Unknown,
                    }
                }
                last
            }
            Expr::Compare(c) => {
                let mut left = ev(&c.left);
                for (op, right) in c.ops.iter().zip(&c.comparators) {
                    let right = ev(right);
                    match compare(&left, op, &right) {
                        Some(true) => left = right,
                        Some(false) => return Value::Bool(false),
                        None => return Value::Unknown,
                    }
                }
                Value::Bool(true)
            }
            Expr::IfExp(i) => match ev(&i.test).as_bool() {
                Some(true) => ev(&i.body),
                Some(false) => ev(&i.orelse),
                None => Value::Unknown,
            },
            _ => Value::Unknown,
        }
    }

    fn call(&self, c: &ast::ExprCall, depth: usize) -> Value {
        let ev = |x: &Expr| self.eval_at(x, depth + 1);
        let (func, receiver) = match c.func.as_ref() {
            Expr::Attribute(a) => match ev(&a.value) {
                Value::Name(p) => (format!("{p}.{}", a.attr.as_str()), None),
                Value::Str(s) => {
                    return str_method(
                        &s,
                        a.attr.as_str(),
                        &c.args.iter().map(ev).collect::<Vec<_>>(),
                        self.kwargs(c, depth),
                    )
                }
                other => (a.attr.as_str().to_string(), Some(other)),
            },
            other => match ev(other) {
                Value::Name(p) => (p, None),
                _ => return Value::Unknown,
            },
        };
        // `op.f("name")` marks a name as final (no naming convention): it is the name.
        if receiver.is_none()
            && (func == "alembic.op.f" || func.ends_with(".f"))
            && c.args.len() == 1
        {
            if let v @ Value::Str(_) = ev(&c.args[0]) {
                return v;
            }
        }
        if func == "alembic.context.is_offline_mode" {
            // Strata simulates a database, as `alembic upgrade` (online) does.
            return Value::Bool(false);
        }
        let mut args = Vec::new();
        let mut arg_spans = Vec::new();
        for a in &c.args {
            match a {
                // `sa.Enum(*VALUES, name=...)`: a constant list spreads into the arguments.
                Expr::Starred(st) => match ev(&st.value) {
                    Value::List(items) => args.extend(items),
                    _ => args.push(Value::Unknown),
                },
                a => args.push(ev(a)),
            }
            arg_spans.resize(args.len(), self.span(a.range()));
        }
        Value::Call(Box::new(Call {
            func,
            receiver,
            args,
            kwargs: self.kwargs(c, depth),
            span: self.span(c.range),
            arg_spans,
        }))
    }

    fn kwargs(&self, c: &ast::ExprCall, depth: usize) -> Vec<(String, Value)> {
        c.keywords
            .iter()
            .map(|k| {
                (
                    k.arg
                        .as_ref()
                        .map(|a| a.as_str().to_string())
                        .unwrap_or_else(|| "**".into()),
                    self.eval_at(&k.value, depth + 1),
                )
            })
            .collect()
    }
}

fn constant(c: &Constant) -> Value {
    match c {
        Constant::None => Value::None,
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Str(s) => Value::Str(s.clone()),
        Constant::Int(i) => i
            .to_string()
            .parse()
            .map(Value::Int)
            .unwrap_or(Value::Unknown),
        Constant::Float(f) => Value::Float(*f),
        Constant::Tuple(t) => Value::List(t.iter().map(constant).collect()),
        _ => Value::Unknown,
    }
}

fn binop(l: Value, op: &ast::Operator, r: Value) -> Value {
    use ast::Operator as O;
    match (l, op, r) {
        (Value::Str(a), O::Add, Value::Str(b)) => Value::Str(a + &b),
        (Value::Int(a), O::Add, Value::Int(b)) => {
            a.checked_add(b).map(Value::Int).unwrap_or(Value::Unknown)
        }
        (Value::Int(a), O::Sub, Value::Int(b)) => {
            a.checked_sub(b).map(Value::Int).unwrap_or(Value::Unknown)
        }
        (Value::Int(a), O::Mult, Value::Int(b)) => {
            a.checked_mul(b).map(Value::Int).unwrap_or(Value::Unknown)
        }
        (Value::List(mut a), O::Add, Value::List(b)) => {
            a.extend(b);
            Value::List(a)
        }
        (Value::Str(f), O::Mod, args) => {
            let args = match args {
                Value::List(l) => l,
                one => vec![one],
            };
            percent_format(&f, &args)
                .map(Value::Str)
                .unwrap_or(Value::Unknown)
        }
        _ => Value::Unknown,
    }
}

/// `"... %s ..." % (a, b)`: `%s`, `%d`, `%r` of constants and `%%`.
fn percent_format(f: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'd' | 'i' => out.push_str(&it.next()?.display()?),
            'r' => match it.next()? {
                Value::Str(s) => out.push_str(&format!("'{s}'")),
                v => out.push_str(&v.display()?),
            },
            _ => return None,
        }
    }
    it.next().is_none().then_some(out)
}

/// `"...{}...{name}".format(...)`, `.upper()`, `.lower()`, `.strip()`, `"sep".join([...])`.
fn str_method(s: &str, method: &str, args: &[Value], kwargs: Vec<(String, Value)>) -> Value {
    match method {
        "format" => {
            let mut out = String::new();
            let mut next = 0usize;
            let mut rest = s;
            while let Some(i) = rest.find(['{', '}']) {
                out.push_str(&rest[..i]);
                let tail = &rest[i..];
                if tail.starts_with("{{") || tail.starts_with("}}") {
                    out.push_str(&tail[..1]);
                    rest = &tail[2..];
                    continue;
                }
                // A lone `}` is an error in Python.
                let Some(close) = tail.find('}').filter(|&c| c > 0) else {
                    return Value::Unknown;
                };
                // `{!r}` / `{0!s}`: the conversion of a string constant; format specs are not folded.
                let field = &tail[1..close];
                let (field, repr) = match field.split_once('!') {
                    Some((f, "r")) => (f, true),
                    Some((f, "s")) => (f, false),
                    Some(_) => return Value::Unknown,
                    None => (field, false),
                };
                if field.contains(':') {
                    return Value::Unknown;
                }
                let v = if field.is_empty() {
                    next += 1;
                    args.get(next - 1)
                } else if let Ok(n) = field.parse::<usize>() {
                    args.get(n)
                } else {
                    kwargs.iter().find(|(k, _)| k == field).map(|(_, v)| v)
                };
                match v.and_then(Value::display) {
                    Some(d) if repr && matches!(v, Some(Value::Str(_))) => {
                        out.push_str(&format!("'{d}'"))
                    }
                    Some(d) => out.push_str(&d),
                    None => return Value::Unknown,
                }
                rest = &tail[close + 1..];
            }
            out.push_str(rest);
            Value::Str(out)
        }
        "upper" => Value::Str(s.to_uppercase()),
        "lower" => Value::Str(s.to_lowercase()),
        "strip" => Value::Str(s.trim().to_string()),
        "join" => match args.first() {
            Some(Value::List(items)) => {
                let parts: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                parts
                    .map(|p| Value::Str(p.join(s)))
                    .unwrap_or(Value::Unknown)
            }
            _ => Value::Unknown,
        },
        _ => Value::Unknown,
    }
}

fn compare(l: &Value, op: &ast::CmpOp, r: &Value) -> Option<bool> {
    use ast::CmpOp as C;
    let known = |v: &Value| {
        !matches!(
            v,
            Value::Unknown | Value::Call(_) | Value::Name(_) | Value::Dialect
        )
    };
    if !known(l) || !known(r) {
        return None;
    }
    match op {
        C::Eq => Some(l == r),
        C::NotEq => Some(l != r),
        C::In | C::NotIn => {
            let found = match r {
                Value::List(items) => items.contains(l),
                Value::Str(h) => h.contains(l.as_str()?),
                Value::Dict(d) => d.iter().any(|(k, _)| k == l),
                _ => return None,
            };
            Some(found == matches!(op, C::In))
        }
        C::Is => Some(l == r),
        C::IsNot => Some(l != r),
        C::Lt | C::LtE | C::Gt | C::GtE => {
            let (a, b) = (l.as_int()?, r.as_int()?);
            Some(match op {
                C::Lt => a < b,
                C::LtE => a <= b,
                C::Gt => a > b,
                _ => a >= b,
            })
        }
    }
}
