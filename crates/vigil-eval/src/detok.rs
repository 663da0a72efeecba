//! Text from tokens: corpora that ship only tokens (WikiEvents train, RAMS) are joined back into
//! readable text, remembering where each token went.

use std::ops::Range;

/// Text rebuilt from tokens, with each token's byte range in it.
#[derive(Debug, Clone, Default)]
pub struct Rebuilt {
    /// The text.
    pub text: String,
    /// Byte range of every token.
    pub tokens: Vec<Range<usize>>,
}

fn no_space_before(t: &str) -> bool {
    matches!(
        t,
        "," | "."
            | ";"
            | ":"
            | "!"
            | "?"
            | ")"
            | "]"
            | "}"
            | "%"
            | "'s"
            | "’s"
            | "n't"
            | "n’t"
            | "'"
            | "’"
            | "”"
            | "'re"
            | "'ve"
            | "'ll"
            | "'d"
            | "'m"
            | "..."
    )
}

fn no_space_after(t: &str) -> bool {
    matches!(t, "(" | "[" | "{" | "“" | "$" | "#")
}

/// Joins tokens with single spaces, except around punctuation that attaches to a neighbour
/// ("Deir ez - Zor" → "Deir ez-Zor", "Thailand ’ s" → "Thailand’s"). `breaks` lists token
/// indices that start a new sentence: a newline goes before them instead of a space.
#[must_use]
pub fn rebuild<S: AsRef<str>>(tokens: &[S], breaks: &[usize]) -> Rebuilt {
    let mut out = Rebuilt::default();
    let mut quote_open = false;
    let mut prev = "";
    for (i, t) in tokens.iter().enumerate() {
        let t = t.as_ref();
        let straight_quote = t == "\"";
        let mut space = i > 0;
        if space {
            if breaks.binary_search(&i).is_ok() {
                out.text.push('\n');
                space = false;
            } else if no_space_before(t)
                || no_space_after(prev)
                || t == "-"
                || prev == "-"
                || straight_quote && quote_open
                || prev == "\"" && quote_open
                || (prev == "’" || prev == "'")
                    && t.len() <= 2
                    && t.chars().all(char::is_alphabetic)
            {
                space = false;
            }
        }
        if space {
            out.text.push(' ');
        }
        let start = out.text.len();
        out.text.push_str(t);
        out.tokens.push(start..out.text.len());
        if straight_quote {
            quote_open = !quote_open;
        }
        prev = t;
    }
    out
}

/// Sentence starts of a token sequence: after `.`, `!` or `?` when the next token begins with
/// an upper-case letter, a digit or a quotation mark, unless the full stop ends a short
/// abbreviation ("Lt .", "Gen .", "U.S .").
#[must_use]
pub fn sentence_breaks<S: AsRef<str>>(tokens: &[S]) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 1..tokens.len() {
        let p = tokens[i - 1].as_ref();
        if !matches!(p, "." | "!" | "?") {
            continue;
        }
        let before = if i >= 2 { tokens[i - 2].as_ref() } else { "" };
        let abbreviation = p == "."
            && (matches!(
                before,
                "Lt" | "Gen"
                    | "Col"
                    | "Sgt"
                    | "Mr"
                    | "Mrs"
                    | "Ms"
                    | "Dr"
                    | "St"
                    | "Capt"
                    | "Maj"
                    | "Rep"
                    | "Sen"
                    | "Gov"
                    | "Jr"
                    | "No"
                    | "Mt"
                    | "Ft"
                    | "Cpl"
                    | "Pvt"
                    | "Adm"
            ) || before.len() == 1 && before.chars().all(|c| c.is_ascii_uppercase()));
        let next = tokens[i].as_ref();
        let starts = next.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'')
        });
        if starts && !abbreviation {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_punctuation_to_its_neighbours() {
        let toks = [
            "Deir", "ez", "-", "Zor", ",", "Thailand", "’", "s", "army", "(", "SDF", ")", ".",
        ];
        let r = rebuild(&toks, &[]);
        assert_eq!(r.text, "Deir ez-Zor, Thailand’s army (SDF).");
        for (t, range) in toks.iter().zip(&r.tokens) {
            assert_eq!(&r.text[range.clone()], *t);
        }
    }

    #[test]
    fn breaks_sentences_but_not_titles() {
        let toks = [
            "Lt", ".", "Gen", ".", "Prawut", "said", ".", "The", "bomb", "exploded", ".",
        ];
        assert_eq!(sentence_breaks(&toks), vec![7]);
        let r = rebuild(&toks, &[7]);
        assert_eq!(r.text, "Lt. Gen. Prawut said.\nThe bomb exploded.");
    }
}
