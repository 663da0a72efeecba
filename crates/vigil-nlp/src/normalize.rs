//! Text normalisation that remembers where every byte came from.
//!
//! NFC composition; typographic quotes to ASCII quotes; every dash to `-`; `…` to `...`;
//! invisible characters (zero-width, soft hyphen, bidi controls) removed; runs of spaces and tabs
//! to one space; a run of whitespace holding a line break, or three spaces or more (the paragraph
//! mark of old wire copy), to one `\n`; leading and trailing whitespace dropped.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// Normalised text with a map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// For every byte of `text`, the byte offset in the original it came from; one extra entry
    /// maps `text.len()` to the original's length.
    pub origin: Vec<u32>,
}

impl Normalized {
    /// The original byte offset of a normalised byte offset.
    ///
    /// # Panics
    /// Panics when `offset > text.len()`.
    #[must_use]
    pub fn original_offset(&self, offset: usize) -> usize {
        self.origin[offset] as usize
    }
}

enum Class {
    Keep(char),
    Replace(&'static str),
    Drop,
    Space,
    Newline,
}

fn classify(c: char) -> Class {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => {
            Class::Replace("'")
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Class::Replace("\""),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Class::Replace("-"),
        '\u{2026}' => Class::Replace("..."),
        '\u{200B}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Class::Drop,
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}' => Class::Newline,
        c if c.is_whitespace() => Class::Space,
        c if c.is_control() => Class::Drop,
        c => Class::Keep(c),
    }
}

/// Normalises `raw`, keeping the offset map.
#[must_use]
pub fn normalize(raw: &str) -> Normalized {
    let mut text = String::with_capacity(raw.len());
    let mut origin: Vec<u32> = Vec::with_capacity(raw.len() + 1);
    // Pending whitespace: (start offset in raw, spaces seen, saw newline).
    let mut pending: Option<(usize, usize, bool)> = None;
    let mut iter = raw.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let class = classify(c);
        match class {
            Class::Space | Class::Newline => {
                let nl = matches!(class, Class::Newline);
                let p = pending.get_or_insert((i, 0, false));
                p.1 += 1;
                p.2 |= nl;
                continue;
            }
            Class::Drop => continue,
            _ => {}
        }
        if let Some((at, spaces, nl)) = pending.take() {
            if !text.is_empty() {
                let sep = if nl || spaces >= 3 { '\n' } else { ' ' };
                text.push(sep);
                origin.push(at as u32);
            }
        }
        match class {
            Class::Replace(s) => {
                text.push_str(s);
                origin.extend(std::iter::repeat_n(i as u32, s.len()));
            }
            Class::Keep(c)
                if c.is_ascii()
                    && iter.peek().is_none_or(|&(_, m)| {
                        m.is_ascii() || canonical_combining_class(m) == 0
                    }) =>
            {
                text.push(c);
                origin.push(i as u32);
            }
            Class::Keep(c) => {
                // A base character and the combining marks after it, composed together.
                let mut end = i + c.len_utf8();
                while let Some(&(j, m)) = iter.peek() {
                    if canonical_combining_class(m) == 0 {
                        break;
                    }
                    end = j + m.len_utf8();
                    iter.next();
                }
                let chunk = &raw[i..end];
                let before = text.len();
                if chunk.len() == c.len_utf8() {
                    text.push(c);
                } else {
                    text.extend(chunk.nfc());
                }
                origin.extend(std::iter::repeat_n(i as u32, text.len() - before));
            }
            _ => unreachable!("whitespace and dropped characters handled above"),
        }
    }
    origin.push(raw.len() as u32);
    Normalized { text, origin }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_quotes_dashes_and_spaces() {
        let raw = "  He said \u{201C}no\u{201D} \u{2014} twice\u{2026}\n\n\nNext  line ";
        let n = normalize(raw);
        assert_eq!(n.text, "He said \"no\" - twice...\nNext line");
        // Every normalised byte maps into the original.
        for (i, b) in n.text.bytes().enumerate() {
            let o = n.original_offset(i);
            if b.is_ascii_alphabetic() {
                assert_eq!(raw.as_bytes()[o], b);
            }
        }
        assert_eq!(n.original_offset(n.text.len()), raw.len());
    }

    #[test]
    fn composes_nfc_and_drops_invisibles() {
        let raw = "Cafe\u{301} \u{202E}abc\u{200B}d";
        let n = normalize(raw);
        assert_eq!(n.text, "Caf\u{e9} abcd");
        assert_eq!(n.origin.len(), n.text.len() + 1);
    }

    #[test]
    fn wire_paragraph_mark() {
        assert_eq!(normalize("one.    two.").text, "one.\ntwo.");
        assert_eq!(normalize("one.  two.").text, "one. two.");
    }
}
