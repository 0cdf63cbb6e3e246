//! SQL kept as text (check and index expressions, predicates, view queries, function and
//! trigger statements, scripts), read the way the database reads it.
//!
//! One lexer answers every question the core asks of such text: which identifiers it mentions
//! ([`mentions`], [`refers_to`], [`columns_in`]), where ([`find`], [`idents`]), the text with a
//! column, a called function or the created object renamed ([`rename`], [`rename_calls`],
//! [`rename_created`]), and whether a query selects `*` ([`selects_star`]). It is sqlparser's
//! tokenizer with the dialect `lexer` gives, the same one the statement splitter
//! (`parse::split`) runs, so string literals (PostgreSQL `E'...'` and dollar quotes, MySQL
//! backslash escapes and `"..."` strings), comments and quoted identifiers end where the
//! splitter and the database end them: a word inside `'email'` or `-- email` is no mention.
//!
//! Names compare with the dialect's rules ([`same_name`]): PostgreSQL folds unquoted names to
//! lower case and compares quoted ones exactly; MariaDB compares column names without case (and
//! so, conservatively, every name: table names are case-sensitive there on Linux); SQLite
//! compares every identifier, quoted or not, without ASCII case. A renamed name is written
//! quoted when it would not read back as itself unquoted.
//!
//! Cost: tokenizing allocates, and the simulator asks in loops over constraints, indexes and
//! views. [`mentions`], [`find`] and the renames first look for the name's bytes, ignoring
//! case, and only tokenize text that contains them; who asks about many names in one text
//! tokenizes it once with [`idents`] and asks [`refers_to`].

use crate::dialect::Dialect;
use sqlparser::dialect::{Dialect as SqlparserDialect, MySqlDialect};
use sqlparser::tokenizer::{Location, Token, Tokenizer, TokenizerError};
use std::any::TypeId;
use std::ops::Range;

/// MySQL as sqlparser tokenizes it, except that `/*!40101 ... */` version comments stay one
/// token: expanded, their tokens carry positions inside the comment, which cannot be mapped
/// back to the text. The parser, run on each statement's text, still expands them.
#[derive(Debug)]
struct MySqlLexer(MySqlDialect);

impl SqlparserDialect for MySqlLexer {
    fn dialect(&self) -> TypeId {
        TypeId::of::<MySqlDialect>()
    }
    fn is_identifier_start(&self, ch: char) -> bool {
        self.0.is_identifier_start(ch)
    }
    fn is_identifier_part(&self, ch: char) -> bool {
        self.0.is_identifier_part(ch)
    }
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        self.0.is_delimited_identifier_start(ch)
    }
    fn identifier_quote_style(&self, identifier: &str) -> Option<char> {
        self.0.identifier_quote_style(identifier)
    }
    fn supports_string_literal_backslash_escape(&self) -> bool {
        self.0.supports_string_literal_backslash_escape()
    }
    fn supports_numeric_prefix(&self) -> bool {
        self.0.supports_numeric_prefix()
    }
    fn requires_single_line_comment_whitespace(&self) -> bool {
        self.0.requires_single_line_comment_whitespace()
    }
    fn supports_multiline_comment_hints(&self) -> bool {
        false
    }
}

/// The tokenizer dialect for reading `dialect`'s text with positions: the parser's, except
/// that MySQL version comments stay comments (see `MySqlLexer`).
pub(crate) fn lexer(dialect: Dialect) -> Box<dyn SqlparserDialect> {
    match dialect {
        Dialect::Mysql => Box::new(MySqlLexer(MySqlDialect {})),
        other => other.parser_dialect(),
    }
}

/// Turns sqlparser's 1-based line/column locations (columns count characters) into byte offsets,
/// walking forward only: token locations arrive in order, so the whole text costs one pass.
pub(crate) struct Locator<'a> {
    text: &'a str,
    byte: usize,
    line: u64,
    column: u64,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Locator {
            text,
            byte: 0,
            line: 1,
            column: 1,
        }
    }

    pub(crate) fn offset(&mut self, loc: Location) -> usize {
        if (loc.line, loc.column) < (self.line, self.column) {
            // Out-of-order location (comment hints): restart from the top.
            self.byte = 0;
            self.line = 1;
            self.column = 1;
        }
        let rest = self.text.get(self.byte..).unwrap_or("");
        for c in rest.chars() {
            if (self.line, self.column) >= (loc.line, loc.column) {
                break;
            }
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
            self.byte += c.len_utf8();
        }
        self.byte
    }
}

/// Byte offset in `text` of a 1-based line and character column (sqlparser's counting).
pub(crate) fn byte_offset(text: &str, line: u64, column: u64) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let off = Locator::new(text).offset(Location { line, column });
    Some(off)
}

/// Tokens with their byte ranges in the text they were read from.
pub type Tokens = Vec<(Token, Range<usize>)>;

/// The tokens of `text` without whitespace and comments, each with its byte range. Text the
/// tokenizer gives up on (an unterminated string) yields the tokens before that point: what
/// follows is inside the unterminated literal or identifier, which mentions nothing.
pub fn tokens(text: &str, dialect: Dialect) -> Tokens {
    spanned(text, &*lexer(dialect)).0
}

/// [`tokens`] read with any tokenizer dialect, and whether the tokenizer read to the end.
pub(crate) fn spanned(
    text: &str,
    lexer: &dyn SqlparserDialect,
) -> (Tokens, Result<(), TokenizerError>) {
    let mut raw = Vec::new();
    // On an error, `raw` keeps the tokens read before it.
    let result = Tokenizer::new(lexer, text).tokenize_with_location_into_buf(&mut raw);
    let mut loc = Locator::new(text);
    let mut out = Vec::with_capacity(raw.len());
    for t in raw {
        if matches!(t.token, Token::Whitespace(_)) {
            continue;
        }
        let start = loc.offset(t.span.start);
        let end = loc.offset(t.span.end);
        out.push((t.token, start..end));
    }
    (out, result)
}

/// An identifier (a word, quoted or not) in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// As the database reads it: without quotes, doubled quotes undone, case as written.
    pub value: String,
    /// The quote character (`"`, `` ` ``, `[`) when quoted.
    pub quote: Option<char>,
    /// Byte range in the text, quotes included.
    pub span: Range<usize>,
    /// Index of its token in [`tokens`] of the same text (adjacent words differ by one).
    pub tok: usize,
    /// Followed by `(`: a function name.
    pub call: bool,
    /// After `::`: a type name.
    pub cast: bool,
    /// After `.`: qualified (`t.x` for `x`).
    pub qualified: bool,
    /// Before `.`: a qualifier (`t` in `t.x`), a table, alias or schema.
    pub qualifier: bool,
}

impl Ident {
    /// Whether this is `name` under `dialect`'s rules.
    pub fn is(&self, name: &str, dialect: Dialect) -> bool {
        same_name(dialect, &self.value, self.quote.is_some(), name)
    }

    /// The name it refers to: PostgreSQL folds an unquoted identifier to lower case.
    pub fn folded(&self, dialect: Dialect) -> String {
        match (dialect, self.quote) {
            (Dialect::Postgres, None) => self.value.to_ascii_lowercase(),
            _ => self.value.clone(),
        }
    }

    /// A reference to a column, table or view: not a function name, type name or qualifier.
    pub fn is_reference(&self) -> bool {
        !(self.call || self.cast || self.qualifier)
    }
}

/// Whether an identifier written as `written` (quoted or not) names the object called `name`.
pub fn same_name(dialect: Dialect, written: &str, quoted: bool, name: &str) -> bool {
    match dialect {
        Dialect::Postgres if quoted => written == name,
        Dialect::Postgres => {
            written.len() == name.len()
                && written
                    .bytes()
                    .zip(name.bytes())
                    .all(|(w, n)| w.to_ascii_lowercase() == n)
        }
        Dialect::Mysql | Dialect::Sqlite => written.eq_ignore_ascii_case(name),
    }
}

/// Every identifier of `text`, in order.
pub fn idents(text: &str, dialect: Dialect) -> Vec<Ident> {
    let toks = tokens(text, dialect);
    let at = |k: Option<usize>| k.and_then(|k| toks.get(k)).map(|t| &t.0);
    let mut out = Vec::new();
    for (k, (t, span)) in toks.iter().enumerate() {
        let Token::Word(w) = t else { continue };
        let (prev, next) = (at(k.checked_sub(1)), at(k.checked_add(1)));
        out.push(Ident {
            value: w.value.clone(),
            quote: w.quote_style,
            span: span.clone(),
            tok: k,
            call: next == Some(&Token::LParen),
            cast: prev == Some(&Token::DoubleColon),
            qualified: prev == Some(&Token::Period),
            qualifier: next == Some(&Token::Period),
        });
    }
    out
}

/// Whether `text` can mention `name` at all: its bytes appear, ignoring ASCII case. Every
/// spelling that [`same_name`] accepts contains them, except a quoted name with an escaped
/// (doubled) quote in it, for which this says yes.
fn may_mention(text: &str, name: &str) -> bool {
    let (t, n) = (text.as_bytes(), name.as_bytes());
    if n.is_empty() || n.iter().any(|b| matches!(b, b'"' | b'`' | b']')) {
        return true;
    }
    t.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Whether `text` refers to `name` as a column, table or view (qualified `t.x` counts for `x`;
/// function names, type names and qualifiers do not).
pub fn mentions(text: &str, name: &str, dialect: Dialect) -> bool {
    may_mention(text, name) && refers_to(&idents(text, dialect), name, dialect)
}

/// [`mentions`] over identifiers already read with [`idents`], for asking about many names.
pub fn refers_to(idents: &[Ident], name: &str, dialect: Dialect) -> bool {
    idents
        .iter()
        .any(|i| i.is_reference() && i.is(name, dialect))
}

/// The byte range (quotes included) of the first identifier of `text` that is `name`, in any
/// role (a function or type name too).
pub fn find(text: &str, name: &str, dialect: Dialect) -> Option<Range<usize>> {
    if !may_mention(text, name) {
        return None;
    }
    idents(text, dialect)
        .into_iter()
        .find(|i| i.is(name, dialect))
        .map(|i| i.span)
}

/// Where `name` stands as a dotted part of a quoted token (`'deliveries.id'`, `"team.id"`):
/// how Alembic revisions (Python read with this tokenizer) and some tools name tables and
/// columns inside strings. Compared without case. For pointing a diagnostic at a name that
/// [`find`] does not see as an identifier; never for deciding what an expression uses.
pub fn find_in_strings(text: &str, name: &str, dialect: Dialect) -> Option<Range<usize>> {
    if !may_mention(text, name) {
        return None;
    }
    for (t, span) in tokens(text, dialect) {
        let quoted = match &t {
            Token::SingleQuotedString(_) | Token::DoubleQuotedString(_) => true,
            Token::Word(w) => w.quote_style.is_some(),
            _ => false,
        };
        let Some(inner) = text.get(span.clone()).filter(|_| quoted) else {
            continue;
        };
        // Past the opening quote; parts are separated by dots.
        let mut at = span.start + 1;
        for part in inner
            .get(1..inner.len().saturating_sub(1))
            .unwrap_or("")
            .split('.')
        {
            // `["x.id"]` is one bracket-quoted token to SQLite's tokenizer: quotes stay inside.
            let quotes: &[char] = &['"', '\'', '`', '[', ']'];
            let lead = part.len() - part.trim_start_matches(quotes).len();
            let word = part.trim_matches(quotes);
            if word.eq_ignore_ascii_case(name) {
                return Some(at + lead..at + lead + word.len());
            }
            at += part.len() + 1;
        }
    }
    None
}

/// The distinct names of `columns` that `text` refers to, in order of first mention.
pub fn columns_in<'c>(
    text: &str,
    columns: impl Iterator<Item = &'c str> + Clone,
    dialect: Dialect,
) -> Vec<&'c str> {
    let mut out: Vec<&str> = Vec::new();
    for ident in idents(text, dialect) {
        if !ident.is_reference() {
            continue;
        }
        if let Some(c) = columns.clone().find(|c| ident.is(c, dialect)) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// `text` with every reference to column `from` (see [`mentions`]) replaced by one to `to`,
/// quoted as the original was, or as `to` needs to read back as itself.
pub fn rename(text: &str, from: &str, to: &str, dialect: Dialect) -> String {
    rename_where(text, from, to, dialect, Ident::is_reference)
}

/// `text` with every call of function `from` (`from(...)`, `s.from(...)`) made a call of `to`.
pub fn rename_calls(text: &str, from: &str, to: &str, dialect: Dialect) -> String {
    rename_where(text, from, to, dialect, |i| i.call)
}

/// Whether `text` calls function `name` (`name(...)`, `s.name(...)`).
pub fn calls(text: &str, name: &str, dialect: Dialect) -> bool {
    may_mention(text, name)
        && idents(text, dialect)
            .iter()
            .any(|i| i.call && i.is(name, dialect))
}

/// `text` with the relation `from` called `to`: where it is read (`FROM from`) and where it
/// qualifies a column (`from.id`), not where a function or type of that name is meant. A column
/// of the same name is renamed too; a query rarely has both.
pub fn rename_relation(text: &str, from: &str, to: &str, dialect: Dialect) -> String {
    rename_where(text, from, to, dialect, |i| !(i.call || i.cast))
}

fn rename_where(
    text: &str,
    from: &str,
    to: &str,
    dialect: Dialect,
    pick: impl Fn(&Ident) -> bool,
) -> String {
    if !may_mention(text, from) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + to.len());
    let mut last = 0;
    for ident in idents(text, dialect) {
        if !pick(&ident) || !ident.is(from, dialect) {
            continue;
        }
        out.push_str(text.get(last..ident.span.start).unwrap_or(""));
        out.push_str(&written(to, ident.quote, dialect));
        last = ident.span.end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

/// `definition` (`CREATE TRIGGER name ...`, `CREATE FUNCTION schema.name(...) ...`) with the
/// name of what it creates renamed from `from` to `to`: the name after the first `keyword` word
/// (past `IF NOT EXISTS`, the last part of a qualified name). Unchanged when that is not `from`.
pub fn rename_created(
    definition: &str,
    keyword: &str,
    from: &str,
    to: &str,
    dialect: Dialect,
) -> String {
    let toks = tokens(definition, dialect);
    let is_word = |k: usize, word: &str| {
        matches!(toks.get(k), Some((Token::Word(w), _))
            if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
    };
    let Some(mut k) = (0..toks.len()).find(|&k| is_word(k, keyword)) else {
        return definition.to_string();
    };
    k += 1;
    while ["IF", "NOT", "EXISTS"].iter().any(|w| is_word(k, w)) {
        k += 1;
    }
    while matches!(toks.get(k + 1), Some((Token::Period, _)))
        && matches!(toks.get(k + 2), Some((Token::Word(_), _)))
    {
        k += 2;
    }
    match toks.get(k) {
        Some((Token::Word(w), span))
            if same_name(dialect, &w.value, w.quote_style.is_some(), from) =>
        {
            format!(
                "{}{}{}",
                definition.get(..span.start).unwrap_or(""),
                written(to, w.quote_style, dialect),
                definition.get(span.end..).unwrap_or("")
            )
        }
        _ => definition.to_string(),
    }
}

/// `name` as an identifier token that reads back as `name`: in `quote` when given, else plain
/// when the dialect reads the plain word as `name`, else in the dialect's quotes.
fn written(name: &str, quote: Option<char>, dialect: Dialect) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && same_name(dialect, name, false, name);
    let open = match (quote, dialect) {
        (Some(q), _) => q,
        (None, _) if plain => return name.to_string(),
        (None, Dialect::Mysql) => '`',
        (None, _) => '"',
    };
    let close = if open == '[' { ']' } else { open };
    let escaped = if close == ']' {
        name.to_string()
    } else {
        name.replace(close, &format!("{close}{close}"))
    };
    format!("{open}{escaped}{close}")
}

/// Whether a query uses every column of what it reads (`SELECT *`, `t.*`), which PostgreSQL
/// expands when the view is created. `count(*)` and `a * b` select no columns.
pub fn selects_star(query: &str, dialect: Dialect) -> bool {
    let toks = tokens(query, dialect);
    toks.iter().enumerate().any(|(k, (t, _))| {
        *t == Token::Mul
            && k.checked_sub(1)
                .and_then(|p| toks.get(p))
                .is_some_and(|(prev, _)| match prev {
                    Token::Comma | Token::Period => true,
                    Token::Word(w) if w.quote_style.is_none() => ["SELECT", "DISTINCT", "ALL"]
                        .iter()
                        .any(|kw| w.value.eq_ignore_ascii_case(kw)),
                    _ => false,
                })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dialect::{Mysql, Postgres, Sqlite};

    #[test]
    fn names_inside_strings_are_found_only_when_asked() {
        let py = r#"sa.ForeignKeyConstraint(["state_id"], ["flow_run_state.id"], name="fk")"#;
        for d in Dialect::ALL {
            assert_eq!(find(py, "flow_run_state", d), None, "{d}");
            let r = find_in_strings(py, "flow_run_state", d).unwrap();
            assert_eq!(&py[r], "flow_run_state", "{d}");
        }
        assert_eq!(find_in_strings("'a.b'", "c", Postgres), None);
    }

    #[test]
    fn a_relation_renames_where_read_and_where_it_qualifies() {
        let q = "SELECT t.id, count(*) FROM t JOIN t AS u ON u.id = t.id WHERE t(1) AND x::t";
        assert_eq!(
            rename_relation(q, "t", "s", Postgres),
            "SELECT s.id, count(*) FROM s JOIN s AS u ON u.id = s.id WHERE t(1) AND x::t"
        );
    }

    #[test]
    fn literals_and_comments_mention_nothing() {
        for d in Dialect::ALL {
            let text = "kind IN ('email', 'sms') -- email\n /* email */";
            assert!(!mentions(text, "email", d), "{d}");
            assert!(mentions(text, "kind", d), "{d}");
        }
        // Backslash escapes in MySQL strings: the quote after `\` does not end the literal.
        assert!(!mentions(r"kind <> 'it\'s email'", "email", Mysql));
        assert!(!mentions("kind <> '#' # email", "email", Mysql));
        // MariaDB reads "..." as a string (no ANSI_QUOTES); PostgreSQL as a name.
        assert!(!mentions("kind <> \"email\"", "email", Mysql));
        assert!(mentions("kind <> \"email\"", "email", Postgres));
        assert!(!mentions("kind <> E'x\\' email'", "email", Postgres));
        assert!(!mentions("kind <> $q$ email $q$", "email", Postgres));
        assert!(!mentions("kind <> $$email$$", "email", Postgres));
    }

    #[test]
    fn case_rules_follow_the_dialect() {
        // PostgreSQL folds unquoted names; quoted ones are exact.
        assert!(mentions("EMAIL <> ''", "email", Postgres));
        assert!(!mentions("\"EMAIL\" <> ''", "email", Postgres));
        assert!(mentions("\"Email\" <> ''", "Email", Postgres));
        assert!(!mentions("Email <> ''", "Email", Postgres));
        // MariaDB column names and SQLite identifiers ignore case, quoted or not.
        assert!(mentions("`EMAIL` <> ''", "email", Mysql));
        assert!(mentions("EMAIL <> ''", "Email", Mysql));
        assert!(mentions("\"EMAIL\" <> ''", "email", Sqlite));
        assert!(mentions("[Email] <> ''", "email", Sqlite));
        // Doubled quotes inside a quoted name.
        assert!(mentions("\"a\"\"b\" > 0", "a\"b", Postgres));
    }

    #[test]
    fn qualified_names_count_but_functions_types_and_qualifiers_do_not() {
        for d in Dialect::ALL {
            assert!(mentions("t.email <> ''", "email", d), "{d}");
            assert!(!mentions("t.email <> ''", "t", d), "{d}");
            assert!(!mentions("lower(x) <> ''", "lower", d), "{d}");
            assert!(mentions("lower (email) <> ''", "email", d), "{d}");
        }
        assert!(!mentions("x::email > 0", "email", Postgres));
        assert!(mentions("SELECT a FROM public.users u", "users", Postgres));
    }

    #[test]
    fn columns_in_finds_each_once_in_order() {
        let cols = ["a", "b", "lower"];
        assert_eq!(
            columns_in(
                "lower(b) > 'a' AND \"b\" < a",
                cols.iter().copied(),
                Postgres
            ),
            vec!["b", "a"]
        );
        assert_eq!(
            columns_in("x::b > 0", cols.iter().copied(), Postgres),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn find_gives_the_span_with_quotes_in_any_role() {
        let text = "CREATE INDEX i -- archived_at\n ON p (\"archived_at\")";
        let r = find(text, "archived_at", Postgres);
        assert_eq!(r.and_then(|r| text.get(r)), Some("\"archived_at\""));
        let text = "SELECT x::mood, é FROM t";
        assert_eq!(
            find(text, "mood", Postgres).and_then(|r| text.get(r)),
            Some("mood")
        );
        assert_eq!(
            find(text, "é", Postgres).and_then(|r| text.get(r)),
            Some("é")
        );
        assert_eq!(find(text, "nowhere", Postgres), None);
    }

    #[test]
    fn renames_references_only() {
        assert_eq!(
            rename(
                "a > 0 AND 'a' <> \"a\" AND a(1) AND t.a = 1",
                "a",
                "z",
                Postgres
            ),
            "z > 0 AND 'a' <> \"z\" AND a(1) AND t.z = 1"
        );
        // The new name is quoted when it would not read back as itself.
        assert_eq!(rename("a > 0", "a", "Big", Postgres), "\"Big\" > 0");
        assert_eq!(rename("A > 0", "a", "Big", Mysql), "Big > 0");
        assert_eq!(rename("a > 0", "a", "two words", Mysql), "`two words` > 0");
        assert_eq!(rename("[a] > 0", "A", "b", Sqlite), "[b] > 0");
        assert_eq!(rename("\"a\" > 0", "a", "q\"x", Sqlite), "\"q\"\"x\" > 0");
        assert_eq!(rename("-- a\nb > 0", "a", "z", Sqlite), "-- a\nb > 0");
        assert_eq!(
            rename_calls("EXECUTE FUNCTION public.f() -- f()", "f", "G", Postgres),
            "EXECUTE FUNCTION public.\"G\"() -- f()"
        );
    }

    #[test]
    fn renames_the_created_object_only() {
        let f = "CREATE /* FUNCTION f */ FUNCTION public.f() RETURNS int AS $$ SELECT f() $$";
        assert_eq!(
            rename_created(f, "FUNCTION", "f", "G", Postgres),
            "CREATE /* FUNCTION f */ FUNCTION public.\"G\"() RETURNS int AS $$ SELECT f() $$"
        );
        let t = "CREATE TRIGGER IF NOT EXISTS `Tr` AFTER INSERT ON t BEGIN SELECT 1; END";
        assert_eq!(
            rename_created(t, "TRIGGER", "tr", "t2", Mysql),
            "CREATE TRIGGER IF NOT EXISTS `t2` AFTER INSERT ON t BEGIN SELECT 1; END"
        );
        assert_eq!(rename_created(t, "TRIGGER", "other", "t2", Mysql), t);
        assert_eq!(
            rename_created("CREATE TRIGGER", "TRIGGER", "a", "b", Sqlite),
            "CREATE TRIGGER"
        );
    }

    #[test]
    fn star_in_projection_only() {
        for d in Dialect::ALL {
            assert!(selects_star("SELECT * FROM t", d), "{d}");
            assert!(selects_star("SELECT a, t.* FROM t", d), "{d}");
            assert!(selects_star("select distinct *\nfrom t", d), "{d}");
            assert!(
                !selects_star("SELECT count(*) AS n, a * 2 AS b FROM t", d),
                "{d}"
            );
            assert!(!selects_star("SELECT '*' FROM t -- *", d), "{d}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_char_boundaries(
            text in "(a|A|b|\"|'|`|\\[|\\]|\\$\\$|\\$q\\$|--|#|/\\*|\\*/|\\.|::|\\(|\\)|\\*|,|\\\\|é|E|\n| |SELECT|TRIGGER|IF){0,40}",
            name in "(a|A|é|\"|`|\\]){0,3}",
        ) {
            for d in Dialect::ALL {
                if let Some(r) = find(&text, &name, d) {
                    proptest::prop_assert!(text.get(r).is_some());
                }
                for i in idents(&text, d) {
                    let at = text.get(i.span.clone());
                    match i.quote {
                        None => proptest::prop_assert_eq!(at, Some(i.value.as_str())),
                        Some(q) => proptest::prop_assert!(at.is_some_and(|t| t.starts_with(q))),
                    }
                }
                let _ = mentions(&text, &name, d);
                let _ = columns_in(&text, [name.as_str()].into_iter(), d);
                let _ = rename(&text, &name, "b\"`]", d);
                let _ = rename_calls(&text, &name, "b", d);
                let _ = rename_created(&text, "TRIGGER", &name, "b", d);
                let _ = selects_star(&text, d);
            }
        }
    }

    #[test]
    fn unterminated_text_does_not_panic() {
        for d in Dialect::ALL {
            assert!(mentions("a > 'b", "a", d), "{d}");
            assert!(!mentions("'a", "a", d), "{d}");
            assert_eq!(rename("a > \"b", "a", "c", d), "c > \"b");
            assert!(!mentions("", "a", d));
            assert!(!mentions("a", "", d));
        }
    }
}
