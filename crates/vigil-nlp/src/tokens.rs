//! Tokenisation into words, numbers, punctuation and symbols.
//!
//! Hyphens split words ("al-Qaeda" is `al`, `-`, `Qaeda`) so that dictionary keys match the
//! spelled and hyphenated variants alike; initialisms keep their periods ("U.S.", "D.C.");
//! a possessive `'s` is its own token.

use vigil_model::{Span, Token, TokenKind};

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_mark(c)
}

fn unicode_mark(c: char) -> bool {
    // Combining marks left after NFC (rare) stay inside words.
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Splits `text` into tokens, in order, covering every non-space character.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\n' {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let (end, kind) = if c.is_ascii_digit() {
            (scan_number(text, i), TokenKind::Number)
        } else if c.is_alphabetic() {
            (scan_word(text, i), TokenKind::Word)
        } else if c == '\'' && text[i + 1..].starts_with(['s', 'S']) && !next_is_word(text, i + 2) {
            (i + 2, TokenKind::Word)
        } else if text[i..].starts_with("...") {
            (i + 3, TokenKind::Punct)
        } else if c.is_ascii_punctuation() || is_unicode_punct(c) {
            (i + c.len_utf8(), TokenKind::Punct)
        } else {
            (i + c.len_utf8(), TokenKind::Symbol)
        };
        out.push(Token {
            span: Span::new(i, end),
            kind,
        });
        i = end;
    }
    out
}

fn is_unicode_punct(c: char) -> bool {
    matches!(c, '\u{a1}'..='\u{bf}' | '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}')
}

fn next_is_word(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(is_word_char)
}

fn scan_word(text: &str, start: usize) -> usize {
    // Initialisms: single letters each followed by a period ("U.S.", "D.C.", "U.S.A.").
    let b = text.as_bytes();
    let mut j = start;
    let mut letters = 0;
    while j + 1 < b.len() && b[j].is_ascii_alphabetic() && b[j + 1] == b'.' {
        if j + 2 < b.len()
            && b[j + 2].is_ascii_alphabetic()
            && !(j + 3 < b.len() && b[j + 3] == b'.')
        {
            // "U.Sx" is not an initialism; stop before.
            break;
        }
        letters += 1;
        j += 2;
    }
    if letters >= 2 {
        return j;
    }
    let mut end = start;
    for (off, c) in text[start..].char_indices() {
        let at = start + off;
        if is_word_char(c) {
            end = at + c.len_utf8();
        } else if c == '\'' || c == '\u{2019}' {
            // Inner apostrophe ("Da'ish", "don't"), but not a possessive 's at the end.
            let rest = &text[at + c.len_utf8()..];
            let possessive = (rest.starts_with('s') || rest.starts_with('S'))
                && !rest[1..].chars().next().is_some_and(is_word_char);
            if possessive || !rest.chars().next().is_some_and(char::is_alphabetic) {
                break;
            }
            end = at + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn scan_number(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut j = start;
    while j < b.len() {
        let separator = (b[j] == b',' || b[j] == b'.')
            && j + 1 < b.len()
            && b[j + 1].is_ascii_digit()
            && j > start;
        if b[j].is_ascii_digit() || separator {
            j += 1;
        } else {
            break;
        }
    }
    // Ordinal suffixes and units glued to the number ("10th", "1st", "5km").
    while j < b.len() && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.span.slice(s)).collect()
    }

    #[test]
    fn words_numbers_punctuation() {
        assert_eq!(
            texts("al-Qaeda's 1,300 men (U.S. Army) ended April 10th..."),
            [
                "al", "-", "Qaeda", "'s", "1,300", "men", "(", "U.S.", "Army", ")", "ended",
                "April", "10th", "..."
            ]
        );
        assert_eq!(texts("Da'ish don't"), ["Da'ish", "don't"]);
        assert_eq!(
            texts("Gen. Smith, D.C."),
            ["Gen", ".", "Smith", ",", "D.C."]
        );
        assert_eq!(texts("3.5 km. Then"), ["3.5", "km", ".", "Then"]);
    }

    #[test]
    fn tokens_cover_non_space() {
        let s = "IS—or ISIS—\"claimed\" it; 40-minute audio @x #y";
        let toks = tokenize(s);
        let covered: usize = toks.iter().map(|t| t.span.len()).sum();
        let non_space = s
            .chars()
            .filter(|c| *c != ' ')
            .map(char::len_utf8)
            .sum::<usize>();
        assert_eq!(covered, non_space);
    }
}
