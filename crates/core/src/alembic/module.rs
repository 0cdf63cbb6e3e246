//! One revision file lexed and parsed once. Discovery reads the header from it and [`load`]
//! lowers `upgrade()` / `downgrade()` from the same AST: parsing the Python is most of the cost
//! of reading an Alembic set, so it happens once per file.
//!
//! Two nesting limits are checked on the one token stream before parsing, because the two
//! readers recurse differently: the header reader only walks module-level literals
//! ([`revision`](super::revision)), the lowering evaluates whole expressions
//! ([`lower`](super::lower)).
//!
//! [`load`]: crate::project::load

use rustpython_parser::ast;
use rustpython_parser::lexer::{self, LexResult};
use rustpython_parser::{Mode, ParseError};

/// A parsed revision file, or why it has no AST.
#[derive(Debug)]
pub struct Module {
    pub(crate) body: Result<ast::Suite, Failure>,
    /// Where the lowering's nesting limit is first exceeded: (byte offset, depth).
    pub(crate) too_deep_to_lower: Option<(usize, usize)>,
}

/// Why a file has no AST.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Nesting beyond what the header reader accepts, at this byte offset: never parsed.
    TooDeep(usize),
    Syntax(ParseError),
}

impl Module {
    /// Lexes `text` once, measures its nesting for both readers, and parses it unless it nests
    /// too deep for either to walk safely.
    pub fn parse(text: &str) -> Module {
        // Most revision files are plain enough for the quick reader, which builds the same AST
        // (and nests far less than either limit below); it declines everything else.
        if let Some(body) = super::fast::parse(text) {
            return Module {
                body: Ok(body),
                too_deep_to_lower: None,
            };
        }
        // The lexer can keep reporting the same error at the end of a file with an unclosed
        // bracket: stop at the first, which is all the parser reports anyway.
        let mut tokens: Vec<LexResult> = Vec::new();
        for t in lexer::lex(text, Mode::Module) {
            let failed = t.is_err();
            tokens.push(t);
            if failed {
                break;
            }
        }
        let too_deep_to_lower = super::lower::too_deep(&tokens);
        if let Some(at) = super::revision::too_deep(&tokens) {
            return Module {
                body: Err(Failure::TooDeep(at)),
                too_deep_to_lower,
            };
        }
        let body = match rustpython_parser::parse_tokens(tokens, Mode::Module, "<revision>") {
            Ok(ast::Mod::Module(m)) => Ok(m.body),
            Ok(_) => Ok(Vec::new()),
            Err(e) => Err(Failure::Syntax(e)),
        };
        Module {
            body,
            too_deep_to_lower,
        }
    }
}
