//! The full-text query language, shared by both stores.
//!
//! A query is words and `"quoted phrases"`, joined by `AND` (also implicit), `OR` and `NOT`
//! (upper case, as in SQLite FTS5; precedence `NOT` > `AND` > `OR`), grouped with parentheses; a
//! trailing `*` makes the last word a prefix (`bomb*`). Every word is cut into tokens the way
//! FTS5's `unicode61` tokenizer cuts text — runs of letters and digits, case and diacritics
//! folded — so `al-Qaeda` is the phrase `"al qaeda"` and `grp:islamic-state` the phrase
//! `"grp islamic state"`. The SQLite store compiles a query to an FTS5 expression in which every
//! phrase is quoted (user text can never be FTS5 syntax); the in-memory store evaluates it.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A parsed full-text query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    /// Adjacent tokens; with `prefix`, the last one only has to start the text's token.
    Phrase { tokens: Vec<String>, prefix: bool },
    /// All of them.
    And(Vec<Expr>),
    /// Any of them.
    Or(Vec<Expr>),
    /// The first without the second.
    Not(Box<Expr>, Box<Expr>),
}

/// Cuts text into folded tokens (lower case, diacritics removed), like FTS5 `unicode61
/// remove_diacritics 2`.
pub(crate) fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(fold(&cur));
            cur.clear();
        }
    }
    if !cur.is_empty() {
        out.push(fold(&cur));
    }
    out
}

fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
enum Lex {
    Open,
    Close,
    And,
    Or,
    Not,
    Term(Vec<String>, bool),
}

fn lex(s: &str) -> Result<Vec<Lex>, String> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            _ if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Lex::Open);
            }
            ')' => {
                chars.next();
                out.push(Lex::Close);
            }
            '"' => {
                chars.next();
                let start = i + 1;
                let end = loop {
                    match chars.next() {
                        Some((j, '"')) => break j,
                        Some(_) => {}
                        None => return Err(format!("unterminated quote in {s:?}")),
                    }
                };
                let prefix = chars.next_if(|&(_, c)| c == '*').is_some();
                let tokens = tokenize(&s[start..end]);
                if !tokens.is_empty() {
                    out.push(Lex::Term(tokens, prefix));
                }
            }
            _ => {
                let start = i;
                let mut end = s.len();
                while let Some(&(j, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                let word = &s[start..end];
                match word {
                    "AND" => out.push(Lex::And),
                    "OR" => out.push(Lex::Or),
                    "NOT" => out.push(Lex::Not),
                    _ => {
                        let prefix = word.ends_with('*');
                        let tokens = tokenize(word);
                        if !tokens.is_empty() {
                            out.push(Lex::Term(tokens, prefix));
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

struct Parser {
    lexes: Vec<Lex>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.lexes.get(self.pos)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Lex::Or) {
            self.pos += 1;
            items.push(
                self.and()
                    .map_err(|e| format!("OR needs a term after it ({e})"))?,
            );
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.not()?];
        loop {
            match self.peek() {
                Some(Lex::And) => {
                    self.pos += 1;
                    items.push(
                        self.not()
                            .map_err(|e| format!("AND needs a term after it ({e})"))?,
                    );
                }
                Some(Lex::Term(..) | Lex::Open) => items.push(self.not()?),
                _ => break,
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn not(&mut self) -> Result<Expr, String> {
        let mut left = self.primary()?;
        while self.peek() == Some(&Lex::Not) {
            self.pos += 1;
            let right = self
                .primary()
                .map_err(|e| format!("NOT needs a term after it ({e})"))?;
            left = Expr::Not(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        match self.lexes.get(self.pos).cloned() {
            Some(Lex::Term(tokens, prefix)) => {
                self.pos += 1;
                Ok(Expr::Phrase { tokens, prefix })
            }
            Some(Lex::Open) => {
                self.pos += 1;
                let e = self.or()?;
                if self.peek() != Some(&Lex::Close) {
                    return Err("missing closing parenthesis".into());
                }
                self.pos += 1;
                Ok(e)
            }
            Some(Lex::Close) => Err("unexpected closing parenthesis".into()),
            Some(Lex::And | Lex::Or | Lex::Not) => {
                Err("AND, OR and NOT go between two terms".into())
            }
            None => Err("a search term is missing".into()),
        }
    }
}

/// Parses a query; the error says what is wrong in words.
pub(crate) fn parse(s: &str) -> Result<Expr, String> {
    let lexes = lex(s)?;
    if lexes.is_empty() {
        return Err(format!("{s:?} has no word to search for"));
    }
    let mut p = Parser { lexes, pos: 0 };
    let e = p.or()?;
    match p.peek() {
        None => Ok(e),
        Some(Lex::Close) => Err("unexpected closing parenthesis".into()),
        Some(_) => Err("AND, OR and NOT go between two terms".into()),
    }
}

impl Expr {
    /// The FTS5 expression: every phrase quoted, every operator parenthesised.
    pub(crate) fn to_fts5(&self) -> String {
        fn join(items: &[Expr], op: &str) -> String {
            let parts: Vec<String> = items.iter().map(Expr::to_fts5).collect();
            format!("({})", parts.join(op))
        }
        match self {
            Expr::Phrase { tokens, prefix } => {
                // Tokens hold only letters and digits, so they need no escaping.
                format!("\"{}\"{}", tokens.join(" "), if *prefix { "*" } else { "" })
            }
            Expr::And(items) => join(items, " AND "),
            Expr::Or(items) => join(items, " OR "),
            Expr::Not(a, b) => format!("({} NOT {})", a.to_fts5(), b.to_fts5()),
        }
    }

    /// True when the query matches text cut into fields (phrases never span two fields).
    pub(crate) fn matches(&self, fields: &[Vec<String>]) -> bool {
        match self {
            Expr::Phrase { tokens, prefix } => fields.iter().any(|f| phrase_in(f, tokens, *prefix)),
            Expr::And(items) => items.iter().all(|e| e.matches(fields)),
            Expr::Or(items) => items.iter().any(|e| e.matches(fields)),
            Expr::Not(a, b) => a.matches(fields) && !b.matches(fields),
        }
    }
}

fn phrase_in(field: &[String], tokens: &[String], prefix: bool) -> bool {
    let n = tokens.len();
    if n == 0 || field.len() < n {
        return false;
    }
    field.windows(n).any(|w| {
        w[..n - 1] == tokens[..n - 1]
            && if prefix {
                w[n - 1].starts_with(tokens[n - 1].as_str())
            } else {
                w[n - 1] == tokens[n - 1]
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(s: &str) -> String {
        parse(s).unwrap().to_fts5()
    }

    #[test]
    fn compiles_to_quoted_fts5() {
        assert_eq!(fts("bomb"), "\"bomb\"");
        assert_eq!(fts("al-Qaeda"), "\"al qaeda\"");
        assert_eq!(fts("Bomb* Kabul"), "(\"bomb\"* AND \"kabul\")");
        assert_eq!(fts("\"suicide bomber\""), "\"suicide bomber\"");
        assert_eq!(fts("a OR b c"), "(\"a\" OR (\"b\" AND \"c\"))");
        assert_eq!(fts("a NOT b"), "(\"a\" NOT \"b\")");
        assert_eq!(fts("(a OR b) AND c"), "((\"a\" OR \"b\") AND \"c\")");
        assert_eq!(fts("Société"), "\"societe\"");
        assert_eq!(fts("grp:islamic-state"), "\"grp islamic state\"");
        // Punctuation-only words vanish; lower-case operators are words.
        assert_eq!(fts("a - b"), "(\"a\" AND \"b\")");
        assert_eq!(fts("a or b"), "(\"a\" AND \"or\" AND \"b\")");
    }

    #[test]
    fn rejects_malformed_queries() {
        for q in [
            "", "  ", "-", "OR", "a OR", "NOT a", "(a", "a)", "\"a", "a AND",
        ] {
            assert!(parse(q).is_err(), "{q:?}");
        }
    }

    #[test]
    fn matches_like_fts5() {
        let fields = vec![
            tokenize("Suicide bombers struck Kabul's airport."),
            tokenize("Al-Qaeda"),
        ];
        let m = |q: &str| parse(q).unwrap().matches(&fields);
        assert!(m("kabul"));
        assert!(m("KABUL airport"));
        assert!(m("\"suicide bombers\""));
        assert!(!m("\"bombers suicide\""));
        assert!(m("bomb*"));
        assert!(!m("bomb"));
        assert!(m("al-qaeda"));
        assert!(!m("\"airport al\""), "phrases stay inside a field");
        assert!(m("paris OR kabul"));
        assert!(!m("kabul NOT airport"));
        assert!(m("kabul NOT paris"));
    }
}
