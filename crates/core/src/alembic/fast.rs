//! A quick reader for the plain Python most revision files are written in.
//!
//! Generated and hand-written Alembic revisions are mostly imports, a few module-level
//! assignments, and two functions whose bodies are calls (`op.create_table(...)`), `with`
//! blocks and the odd `if dialect == "postgresql":` or `raise`. rustpython's LALRPOP parser
//! reads any Python, but it was half of the time of `strata plan` on a large Alembic set. This reader takes only that plain subset and builds
//! the very AST rustpython would build, node for node and range for range; on anything else
//! (an operator it does not know, a loop, an f-string, an escape it does not decode, a tab
//! in the indentation, odd nesting) it gives up at once and [`Module`](super::Module) parses
//! the file with rustpython, which also reports any syntax error. Giving up is always safe;
//! accepting what rustpython would reject, or building a different tree, never is: the tests
//! compare both parsers on every revision file in the repository and on thousands of mutants.

use rustpython_parser::ast::{self, bigint::BigInt, Constant, Expr, ExprContext, Identifier, Stmt};
use rustpython_parser::text_size::{TextRange, TextSize};

/// The deepest nesting (indentation, brackets, operators, measured as the two depth checks of
/// [`Module::parse`](super::Module::parse) measure it) this reader takes. Well below both
/// limits, so a file read here never needs those checks.
const MAX_DEPTH: usize = 48;

/// Python's keywords: never a name in an expression. `match`, `case` and `type` are soft
/// keywords, refused at the start of a statement. (A `match` compiles to a length switch; a
/// list scan was a tenth of this reader's time.)
fn is_keyword(w: &str) -> bool {
    matches!(
        w,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Name,
    Int,
    Float,
    /// A string literal; `value` indexes the decoded strings.
    Str,
    /// One of `( ) [ ] { } , : . = ; -`.
    Op(u8),
    Arrow,
    /// `==` or `!=`.
    Compare(ast::CmpOp),
    Newline,
    Indent,
    Dedent,
    End,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Kind,
    start: u32,
    end: u32,
    value: u32,
}

/// A decoded string literal and whether it had the `u` prefix.
struct Literal {
    value: String,
    unicode: bool,
}

/// The module's statements, or `None` when the file is not in the plain subset.
pub(super) fn parse(text: &str) -> Option<ast::Suite> {
    let (tokens, literals) = tokenize(text)?;
    let mut p = Parser {
        text,
        tokens,
        literals,
        at: 0,
        last_end: 0,
    };
    let mut body = Vec::new();
    while p.kind() != Kind::End {
        body.push(p.statement(0)?);
    }
    Some(body)
}

fn tokenize(text: &str) -> Option<(Vec<Token>, Vec<Literal>)> {
    u32::try_from(text.len()).ok()?;
    let b = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 4);
    let mut literals = Vec::new();
    let mut indents: Vec<usize> = vec![0];
    let mut brackets = 0usize;
    let mut depth = Depth::default();
    let mut i = 0usize;
    let mut line_start = true;
    let push = |tokens: &mut Vec<Token>, kind: Kind, start: usize, end: usize, value: u32| {
        tokens.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
            value,
        });
    };
    loop {
        if line_start {
            let mut j = i;
            while b.get(j) == Some(&b' ') {
                j += 1;
            }
            match b.get(j) {
                None => break,
                Some(b'\n') => {
                    i = j + 1;
                    continue;
                }
                Some(b'#') => {
                    i = skip_comment(b, j);
                    continue;
                }
                Some(b'\t' | b'\x0c' | b'\r' | b'\\') => return None,
                Some(_) => {}
            }
            let width = j - i;
            let top = *indents.last()?;
            if width > top {
                indents.push(width);
                push(&mut tokens, Kind::Indent, j, j, 0);
                depth.indent += 1;
            } else {
                while width < *indents.last()? {
                    indents.pop();
                    push(&mut tokens, Kind::Dedent, j, j, 0);
                    depth.indent -= 1;
                }
                if width != *indents.last()? {
                    return None;
                }
            }
            i = j;
            line_start = false;
        }
        let Some(&c) = b.get(i) else { break };
        let start = i;
        match c {
            b' ' | b'\t' => i += 1,
            b'#' => i = skip_comment(b, i),
            b'\n' => {
                i += 1;
                if brackets == 0 {
                    push(&mut tokens, Kind::Newline, start, start + 1, 0);
                    depth.newline();
                    line_start = true;
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                match b.get(i) {
                    Some(b'"' | b'\'') => {
                        let unicode = match &b[start..i] {
                            b"u" | b"U" => true,
                            b"r" | b"R" => false,
                            _ => return None,
                        };
                        let raw = !unicode;
                        let (value, end) = string(text, i, raw)?;
                        push(&mut tokens, Kind::Str, start, end, literals.len() as u32);
                        literals.push(Literal { value, unicode });
                        i = end;
                    }
                    Some(&n) if n >= 0x80 => return None,
                    _ => push(&mut tokens, Kind::Name, start, i, 0),
                }
            }
            b'"' | b'\'' => {
                let (value, end) = string(text, i, false)?;
                push(&mut tokens, Kind::Str, start, end, literals.len() as u32);
                literals.push(Literal {
                    value,
                    unicode: false,
                });
                i = end;
            }
            b'0'..=b'9' => {
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let mut kind = Kind::Int;
                if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    kind = Kind::Float;
                }
                // Exponents, `_` separators, `0x`, `1j`, `1.`, and leading zeros go to rustpython.
                if b.get(i).is_some_and(|&n| {
                    n.is_ascii_alphanumeric() || n == b'_' || n == b'.' || n >= 0x80
                }) || (kind == Kind::Int && c == b'0' && i - start > 1)
                {
                    return None;
                }
                push(&mut tokens, kind, start, i, 0);
            }
            b'(' | b'[' | b'{' => {
                brackets += 1;
                depth.open();
                push(&mut tokens, Kind::Op(c), start, i + 1, 0);
                i += 1;
            }
            b')' | b']' | b'}' => {
                brackets = brackets.checked_sub(1)?;
                depth.close();
                push(&mut tokens, Kind::Op(c), start, i + 1, 0);
                i += 1;
            }
            b',' | b':' | b';' => {
                if b.get(i + 1) == Some(&b'=') {
                    return None;
                }
                depth.comma();
                push(&mut tokens, Kind::Op(c), start, i + 1, 0);
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'>') => {
                depth.operator();
                push(&mut tokens, Kind::Arrow, start, i + 2, 0);
                i += 2;
            }
            b'=' | b'!' if b.get(i + 1) == Some(&b'=') => {
                depth.operator();
                let op = if c == b'=' {
                    ast::CmpOp::Eq
                } else {
                    ast::CmpOp::NotEq
                };
                push(&mut tokens, Kind::Compare(op), start, i + 2, 0);
                i += 2;
            }
            b'.' | b'=' | b'-' => {
                if matches!(b.get(i + 1), Some(b'=' | b'.'))
                    || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
                {
                    return None;
                }
                depth.operator();
                push(&mut tokens, Kind::Op(c), start, i + 1, 0);
                i += 1;
            }
            _ => return None,
        }
        if depth.exceeded() {
            return None;
        }
    }
    if brackets != 0 {
        return None;
    }
    let end = text.len();
    if tokens
        .last()
        .is_some_and(|t| !matches!(t.kind, Kind::Newline | Kind::Dedent | Kind::Indent))
    {
        push(&mut tokens, Kind::Newline, end, end, 0);
    }
    for _ in 1..indents.len() {
        push(&mut tokens, Kind::Dedent, end, end, 0);
    }
    push(&mut tokens, Kind::End, end, end, 0);
    Some((tokens, literals))
}

/// Both nesting measures of [`Module::parse`](super::Module::parse) at once, conservatively:
/// indentation, open brackets, and operators since the last comma of each bracket.
#[derive(Default)]
struct Depth {
    indent: usize,
    /// Operators since the last comma, per open bracket (the first entry is outside brackets).
    levels: Vec<usize>,
    total: usize,
}

impl Depth {
    fn top(&mut self) -> &mut usize {
        if self.levels.is_empty() {
            self.levels.push(0);
        }
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }
    fn operator(&mut self) {
        *self.top() += 1;
        self.total += 1;
    }
    fn open(&mut self) {
        self.operator();
        self.levels.push(0);
    }
    fn close(&mut self) {
        if self.levels.len() > 1 {
            let ops = self.levels.pop().unwrap_or(0);
            self.total -= ops;
        }
    }
    fn comma(&mut self) {
        let ops = std::mem::take(self.top());
        self.total -= ops;
    }
    fn newline(&mut self) {
        self.levels.clear();
        self.total = 0;
    }
    fn exceeded(&self) -> bool {
        self.indent + self.levels.len() + self.total > MAX_DEPTH
    }
}

fn skip_comment(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'\n' {
        if b[i] == b'\r' {
            // rustpython ends a comment at `\r` too: leave such files to it.
            return b.len() + 1;
        }
        i += 1;
    }
    i
}

/// The string literal whose opening quote is at `i`: its value and the offset past it. Only
/// the escapes `\\ \' \" \n \t \r` and a backslash before a newline are decoded; anything
/// else gives up.
fn string(text: &str, i: usize, raw: bool) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let q = b[i];
    let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
    let mut j = if triple { i + 3 } else { i + 1 };
    let mut value = String::new();
    let mut from = j;
    loop {
        let c = *b.get(j)?;
        match c {
            b'\r' => return None,
            b'\n' if !triple => return None,
            b'\\' => {
                value.push_str(text.get(from..j)?);
                let n = *b.get(j + 1)?;
                if raw {
                    if n == b'\r' {
                        return None;
                    }
                    value.push('\\');
                    from = j + 1;
                    j += 1;
                    if n == b'\\' || n == q {
                        value.push(n as char);
                        j += 1;
                        from = j;
                    }
                    continue;
                }
                match n {
                    b'\\' | b'\'' | b'"' => value.push(n as char),
                    b'n' => value.push('\n'),
                    b't' => value.push('\t'),
                    b'r' => value.push('\r'),
                    b'\n' => {}
                    _ => return None,
                }
                j += 2;
                from = j;
            }
            _ if c == q => {
                if !triple {
                    value.push_str(text.get(from..j)?);
                    return Some((value, j + 1));
                }
                if b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q) {
                    value.push_str(text.get(from..j)?);
                    return Some((value, j + 3));
                }
                j += 1;
            }
            _ => j += 1,
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    literals: Vec<Literal>,
    at: usize,
    /// Where the last token taken ends: LALRPOP's `@R`, the end of every range.
    last_end: u32,
}

fn range(start: u32, end: u32) -> TextRange {
    TextRange::new(TextSize::new(start), TextSize::new(end))
}

fn end_of_stmt(s: &Stmt) -> u32 {
    ast::Ranged::range(s).end().into()
}

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.tokens.get(self.at).copied().unwrap_or(Token {
            kind: Kind::End,
            start: 0,
            end: 0,
            value: 0,
        })
    }
    fn kind(&self) -> Kind {
        self.peek().kind
    }
    fn next(&mut self) -> Token {
        let t = self.peek();
        self.at += 1;
        if !matches!(
            t.kind,
            Kind::Newline | Kind::Indent | Kind::Dedent | Kind::End
        ) {
            self.last_end = t.end;
        }
        t
    }
    fn eat(&mut self, kind: Kind) -> Option<Token> {
        (self.kind() == kind).then(|| self.next())
    }
    fn expect(&mut self, kind: Kind) -> Option<Token> {
        self.eat(kind)
    }
    fn word(&self, t: Token) -> &str {
        self.text
            .get(t.start as usize..t.end as usize)
            .unwrap_or_default()
    }
    fn is_word(&self, word: &str) -> bool {
        let t = self.peek();
        t.kind == Kind::Name && self.word(t) == word
    }
    /// A name that is not a keyword.
    fn identifier(&mut self) -> Option<(Identifier, Token)> {
        let t = self.expect(Kind::Name)?;
        let w = self.word(t);
        if is_keyword(w) {
            return None;
        }
        Some((Identifier::new(w), t))
    }

    fn statement(&mut self, depth: usize) -> Option<Stmt> {
        if depth > MAX_DEPTH {
            return None;
        }
        let t = self.peek();
        if t.kind != Kind::Name {
            return self.simple();
        }
        match self.word(t) {
            "def" => self.function(depth),
            "with" => self.with(depth),
            "if" => self.if_(depth),
            "pass" => {
                self.next();
                self.expect(Kind::Newline)?;
                Some(Stmt::Pass(ast::StmtPass {
                    range: range(t.start, t.end),
                }))
            }
            "return" => {
                self.next();
                let value = if self.kind() == Kind::Newline {
                    None
                } else {
                    Some(Box::new(self.expr(0)?))
                };
                let end = self.last_end;
                self.expect(Kind::Newline)?;
                Some(Stmt::Return(ast::StmtReturn {
                    value,
                    range: range(t.start, end),
                }))
            }
            "raise" => {
                self.next();
                let exc = if self.kind() == Kind::Newline {
                    None
                } else {
                    Some(Box::new(self.expr(0)?))
                };
                let end = self.last_end;
                self.expect(Kind::Newline)?;
                Some(Stmt::Raise(ast::StmtRaise {
                    exc,
                    cause: None,
                    range: range(t.start, end),
                }))
            }
            "import" => self.import(),
            "from" => self.import_from(),
            "match" | "case" | "type" => None,
            w if is_keyword(w) && !matches!(w, "None" | "True" | "False") => None,
            _ => self.simple(),
        }
    }

    /// An expression statement, `name = value` or `name: annotation [= value]`.
    fn simple(&mut self) -> Option<Stmt> {
        let start = self.peek().start;
        let e = self.expr(0)?;
        let stmt = match self.kind() {
            Kind::Op(b'=') => {
                let Expr::Name(mut target) = e else {
                    return None;
                };
                self.next();
                target.ctx = ExprContext::Store;
                let value = self.expr(0)?;
                let end = self.last_end;
                Stmt::Assign(ast::StmtAssign {
                    targets: vec![Expr::Name(target)],
                    value: Box::new(value),
                    type_comment: None,
                    range: range(start, end),
                })
            }
            Kind::Op(b':') => {
                let Expr::Name(mut target) = e else {
                    return None;
                };
                self.next();
                target.ctx = ExprContext::Store;
                let annotation = self.expr(0)?;
                let value = if self.eat(Kind::Op(b'=')).is_some() {
                    Some(Box::new(self.expr(0)?))
                } else {
                    None
                };
                let end = self.last_end;
                Stmt::AnnAssign(ast::StmtAnnAssign {
                    target: Box::new(Expr::Name(target)),
                    annotation: Box::new(annotation),
                    value,
                    simple: true,
                    range: range(start, end),
                })
            }
            _ => {
                let end = self.last_end;
                Stmt::Expr(ast::StmtExpr {
                    value: Box::new(e),
                    range: range(start, end),
                })
            }
        };
        self.expect(Kind::Newline)?;
        Some(stmt)
    }

    fn dotted(&mut self) -> Option<(Identifier, u32)> {
        let (first, t) = self.identifier()?;
        let mut name = first.as_str().to_string();
        let mut end = t.end;
        while self.eat(Kind::Op(b'.')).is_some() {
            let (part, t) = self.identifier()?;
            name.push('.');
            name.push_str(part.as_str());
            end = t.end;
        }
        Some((Identifier::new(name), end))
    }

    fn alias(&mut self, dotted: bool) -> Option<ast::Alias> {
        let start = self.peek().start;
        let (name, mut end) = if dotted {
            self.dotted()?
        } else {
            let (name, t) = self.identifier()?;
            (name, t.end)
        };
        let asname = if self.is_word("as") {
            self.next();
            let (alias, t) = self.identifier()?;
            end = t.end;
            Some(alias)
        } else {
            None
        };
        Some(ast::Alias {
            name,
            asname,
            range: range(start, end),
        })
    }

    fn import(&mut self) -> Option<Stmt> {
        let t = self.next();
        let mut names = vec![self.alias(true)?];
        while self.eat(Kind::Op(b',')).is_some() {
            names.push(self.alias(true)?);
        }
        let end: u32 = names.last()?.range.end().into();
        self.expect(Kind::Newline)?;
        Some(Stmt::Import(ast::StmtImport {
            names,
            range: range(t.start, end),
        }))
    }

    fn import_from(&mut self) -> Option<Stmt> {
        let t = self.next();
        let (module, _) = self.dotted()?;
        if !self.is_word("import") {
            return None;
        }
        self.next();
        let paren = self.eat(Kind::Op(b'(')).is_some();
        let mut names = vec![self.alias(false)?];
        let mut end: u32 = names[0].range.end().into();
        while self.eat(Kind::Op(b',')).is_some() {
            if paren && self.kind() == Kind::Op(b')') {
                break;
            }
            let a = self.alias(false)?;
            end = a.range.end().into();
            names.push(a);
        }
        if paren {
            end = self.expect(Kind::Op(b')'))?.end;
        }
        self.expect(Kind::Newline)?;
        Some(Stmt::ImportFrom(ast::StmtImportFrom {
            module: Some(module),
            names,
            level: Some(ast::Int::new(0)),
            range: range(t.start, end),
        }))
    }

    /// `NEWLINE INDENT statement+ DEDENT`, after the colon.
    fn suite(&mut self, depth: usize) -> Option<Vec<Stmt>> {
        self.expect(Kind::Op(b':'))?;
        self.expect(Kind::Newline)?;
        self.expect(Kind::Indent)?;
        let mut body = Vec::new();
        while self.eat(Kind::Dedent).is_none() {
            body.push(self.statement(depth + 1)?);
        }
        Some(body)
    }

    fn function(&mut self, depth: usize) -> Option<Stmt> {
        let t = self.next();
        let (name, _) = self.identifier()?;
        let open = self.expect(Kind::Op(b'('))?;
        let mut args: Vec<ast::ArgWithDefault> = Vec::new();
        while self.kind() != Kind::Op(b')') {
            let (arg, n) = self.identifier()?;
            if args.iter().any(|a| a.def.arg == arg) {
                return None;
            }
            let annotation = if self.eat(Kind::Op(b':')).is_some() {
                Some(Box::new(self.expr(0)?))
            } else {
                None
            };
            let end = self.last_end;
            let r = range(n.start, end);
            args.push(ast::ArgWithDefault {
                def: ast::Arg {
                    arg,
                    annotation,
                    type_comment: None,
                    range: r,
                },
                default: None,
                range: r.into(),
            });
            if self.eat(Kind::Op(b',')).is_none() {
                break;
            }
        }
        let close = self.expect(Kind::Op(b')'))?;
        let arguments = ast::Arguments {
            posonlyargs: Vec::new(),
            args,
            vararg: None,
            kwonlyargs: Vec::new(),
            kwarg: None,
            range: range(open.start, close.end).into(),
        };
        let returns = if self.eat(Kind::Arrow).is_some() {
            Some(Box::new(self.expr(0)?))
        } else {
            None
        };
        let body = self.suite(depth)?;
        let end = end_of_stmt(body.last()?);
        Some(Stmt::FunctionDef(ast::StmtFunctionDef {
            name,
            args: Box::new(arguments),
            body,
            decorator_list: Vec::new(),
            returns,
            type_comment: None,
            type_params: Vec::new(),
            range: range(t.start, end),
        }))
    }

    /// `if test: ... [elif test: ...]* [else: ...]`; each `elif` is an `If` in the `orelse` of
    /// the one before, ending where the whole statement ends, as rustpython builds it.
    fn if_(&mut self, depth: usize) -> Option<Stmt> {
        let mut branches: Vec<(u32, Expr, Vec<Stmt>)> = Vec::new();
        let t = self.next();
        let test = self.test()?;
        branches.push((t.start, test, self.suite(depth)?));
        while self.is_word("elif") {
            let e = self.next();
            let test = self.test()?;
            branches.push((e.start, test, self.suite(depth)?));
        }
        let mut orelse = Vec::new();
        if self.is_word("else") {
            self.next();
            orelse = self.suite(depth)?;
        }
        let end = end_of_stmt(
            orelse
                .last()
                .or_else(|| branches.last().and_then(|b| b.2.last()))?,
        );
        while let Some((start, test, body)) = branches.pop() {
            orelse = vec![Stmt::If(ast::StmtIf {
                test: Box::new(test),
                body,
                orelse,
                range: range(start, end),
            })];
        }
        orelse.pop()
    }

    /// An expression, or a chain of `==` / `!=` comparisons.
    fn test(&mut self) -> Option<Expr> {
        let start = self.peek().start;
        let left = self.expr(0)?;
        let (mut ops, mut comparators) = (Vec::new(), Vec::new());
        while let Kind::Compare(op) = self.kind() {
            self.next();
            ops.push(op);
            comparators.push(self.expr(0)?);
        }
        if ops.is_empty() {
            return Some(left);
        }
        Some(Expr::Compare(ast::ExprCompare {
            left: Box::new(left),
            ops,
            comparators,
            range: range(start, self.last_end),
        }))
    }

    fn with(&mut self, depth: usize) -> Option<Stmt> {
        let t = self.next();
        // `with (a, b):` means something else in each Python version: rustpython decides.
        if self.kind() == Kind::Op(b'(') {
            return None;
        }
        let mut items = Vec::new();
        loop {
            let start = self.peek().start;
            let context_expr = self.expr(0)?;
            let mut end = self.last_end;
            let optional_vars = if self.is_word("as") {
                self.next();
                let (id, n) = self.identifier()?;
                end = n.end;
                Some(Box::new(Expr::Name(ast::ExprName {
                    id,
                    ctx: ExprContext::Store,
                    range: range(n.start, n.end),
                })))
            } else {
                None
            };
            items.push(ast::WithItem {
                context_expr,
                optional_vars,
                range: range(start, end).into(),
            });
            if self.eat(Kind::Op(b',')).is_none() {
                break;
            }
        }
        let body = self.suite(depth)?;
        let end = end_of_stmt(body.last()?);
        Some(Stmt::With(ast::StmtWith {
            items,
            body,
            type_comment: None,
            range: range(t.start, end),
        }))
    }

    /// A unary minus, or an atom followed by attributes, calls and subscripts.
    fn expr(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(minus) = self.eat(Kind::Op(b'-')) {
            let operand = self.expr(depth + 1)?;
            let end = self.last_end;
            return Some(Expr::UnaryOp(ast::ExprUnaryOp {
                op: ast::UnaryOp::USub,
                operand: Box::new(operand),
                range: range(minus.start, end),
            }));
        }
        let start = self.peek().start;
        let mut e = self.atom(depth)?;
        loop {
            match self.kind() {
                Kind::Op(b'.') => {
                    self.next();
                    let (attr, t) = self.identifier()?;
                    e = Expr::Attribute(ast::ExprAttribute {
                        value: Box::new(e),
                        attr,
                        ctx: ExprContext::Load,
                        range: range(start, t.end),
                    });
                }
                Kind::Op(b'(') => {
                    self.next();
                    let (args, keywords) = self.arguments(depth)?;
                    let close = self.expect(Kind::Op(b')'))?;
                    e = Expr::Call(ast::ExprCall {
                        func: Box::new(e),
                        args,
                        keywords,
                        range: range(start, close.end),
                    });
                }
                Kind::Op(b'[') => {
                    self.next();
                    let from = self.peek().start;
                    let first = self.expr(depth + 1)?;
                    let slice = if self.kind() == Kind::Op(b',') {
                        let mut elts = vec![first];
                        while self.eat(Kind::Op(b',')).is_some() {
                            if self.kind() == Kind::Op(b']') {
                                break;
                            }
                            elts.push(self.expr(depth + 1)?);
                        }
                        Expr::Tuple(ast::ExprTuple {
                            elts,
                            ctx: ExprContext::Load,
                            range: range(from, self.last_end),
                        })
                    } else {
                        first
                    };
                    let close = self.expect(Kind::Op(b']'))?;
                    e = Expr::Subscript(ast::ExprSubscript {
                        value: Box::new(e),
                        slice: Box::new(slice),
                        ctx: ExprContext::Load,
                        range: range(start, close.end),
                    });
                }
                _ => return Some(e),
            }
        }
    }

    /// Call arguments up to the closing parenthesis: positional ones, then `name=value`.
    fn arguments(&mut self, depth: usize) -> Option<(Vec<Expr>, Vec<ast::Keyword>)> {
        let mut args = Vec::new();
        let mut keywords: Vec<ast::Keyword> = Vec::new();
        while self.kind() != Kind::Op(b')') {
            let t = self.peek();
            let is_keyword = t.kind == Kind::Name
                && self
                    .tokens
                    .get(self.at + 1)
                    .is_some_and(|n| n.kind == Kind::Op(b'='));
            if is_keyword {
                let (arg, _) = self.identifier()?;
                self.next();
                if keywords.iter().any(|k| k.arg.as_ref() == Some(&arg)) {
                    return None;
                }
                let value = self.expr(depth + 1)?;
                let end = self.last_end;
                keywords.push(ast::Keyword {
                    arg: Some(arg),
                    value,
                    range: range(t.start, end),
                });
            } else {
                if !keywords.is_empty() {
                    return None;
                }
                args.push(self.expr(depth + 1)?);
            }
            if self.eat(Kind::Op(b',')).is_none() {
                break;
            }
        }
        Some((args, keywords))
    }

    fn atom(&mut self, depth: usize) -> Option<Expr> {
        let t = self.next();
        let r = range(t.start, t.end);
        let constant = |value: Constant| {
            Some(Expr::Constant(ast::ExprConstant {
                value,
                kind: None,
                range: r,
            }))
        };
        match t.kind {
            Kind::Name => match self.word(t) {
                "None" => constant(Constant::None),
                "True" => constant(Constant::Bool(true)),
                "False" => constant(Constant::Bool(false)),
                w if is_keyword(w) => None,
                w => Some(Expr::Name(ast::ExprName {
                    id: Identifier::new(w),
                    ctx: ExprContext::Load,
                    range: r,
                })),
            },
            Kind::Int => constant(Constant::Int(self.word(t).parse::<BigInt>().ok()?)),
            Kind::Float => constant(Constant::Float(self.word(t).parse::<f64>().ok()?)),
            Kind::Str => {
                let first = self.literals.get(t.value as usize)?;
                let kind = first.unicode.then(|| "u".to_string());
                let mut value = first.value.clone();
                let mut end = t.end;
                while let Some(next) = self.eat(Kind::Str) {
                    value.push_str(&self.literals.get(next.value as usize)?.value);
                    end = next.end;
                }
                Some(Expr::Constant(ast::ExprConstant {
                    value: Constant::Str(value),
                    kind,
                    range: range(t.start, end),
                }))
            }
            Kind::Op(b'[') => {
                let (elts, _) = self.items(b']', depth)?;
                let close = self.next();
                Some(Expr::List(ast::ExprList {
                    elts,
                    ctx: ExprContext::Load,
                    range: range(t.start, close.end),
                }))
            }
            Kind::Op(b'(') => {
                let (mut elts, trailing_comma) = self.items(b')', depth)?;
                let close = self.next();
                if elts.len() == 1 && !trailing_comma {
                    return elts.pop();
                }
                Some(Expr::Tuple(ast::ExprTuple {
                    elts,
                    ctx: ExprContext::Load,
                    range: range(t.start, close.end),
                }))
            }
            Kind::Op(b'{') => {
                let mut keys = Vec::new();
                let mut values = Vec::new();
                while self.kind() != Kind::Op(b'}') {
                    keys.push(Some(self.expr(depth + 1)?));
                    self.expect(Kind::Op(b':'))?;
                    values.push(self.expr(depth + 1)?);
                    if self.eat(Kind::Op(b',')).is_none() {
                        break;
                    }
                }
                let close = self.expect(Kind::Op(b'}'))?;
                Some(Expr::Dict(ast::ExprDict {
                    keys,
                    values,
                    range: range(t.start, close.end),
                }))
            }
            _ => None,
        }
    }

    /// Comma-separated expressions up to (not past) `close`, and whether a comma ended them.
    fn items(&mut self, close: u8, depth: usize) -> Option<(Vec<Expr>, bool)> {
        let mut elts = Vec::new();
        let mut trailing = false;
        while self.kind() != Kind::Op(close) {
            elts.push(self.expr(depth + 1)?);
            trailing = self.eat(Kind::Op(b',')).is_some();
            if !trailing {
                break;
            }
        }
        (self.kind() == Kind::Op(close)).then_some((elts, trailing))
    }
}

#[cfg(test)]
mod tests;
