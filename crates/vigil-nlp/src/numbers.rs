//! Numbers in digits and words, with the qualifier the text puts on them.

use vigil_model::{Qualifier, Span, Token, TokenKind};

/// A number found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberMention {
    /// First token of the number itself (after any qualifier).
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// First token of the qualifier, or `start` when there is none.
    pub qualifier_start: usize,
    /// The value.
    pub value: u64,
    /// How the text bounds it.
    pub qualifier: Qualifier,
    /// Bytes of qualifier and number ("more than 140").
    pub span: Span,
}

fn unit(w: &str) -> Option<u64> {
    Some(match w {
        "zero" | "no" => 0,
        "one" | "a" | "an" | "single" => 1,
        "two" | "both" | "pair" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

fn tens(w: &str) -> Option<u64> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn scale(w: &str) -> Option<u64> {
    Some(match w {
        "hundred" => 100,
        "thousand" => 1_000,
        "million" => 1_000_000,
        _ => return None,
    })
}

fn digits(s: &str) -> Option<u64> {
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b',') || s.starts_with(',') {
        return None;
    }
    // "1,300" but not "3,4" (a list).
    let groups: Vec<&str> = s.split(',').collect();
    if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    s.replace(',', "").parse().ok()
}

/// Finds numbers in `tokens[range]`. `lower` is the text with ASCII letters lower-cased.
#[must_use]
pub fn find_numbers(
    lower: &str,
    tokens: &[Token],
    range: std::ops::Range<usize>,
) -> Vec<NumberMention> {
    let word = |i: usize| -> &str {
        if i < range.end {
            tokens[i].span.slice(lower)
        } else {
            ""
        }
    };
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let w = word(i);
        let parsed: Option<(u64, usize, Qualifier)> = if tokens[i].kind == TokenKind::Number {
            digits(w).map(|v| (v, i + 1, Qualifier::Exact))
        } else if w == "dozen" || (w == "a" && word(i + 1) == "dozen") {
            let end = if w == "a" { i + 2 } else { i + 1 };
            Some((12, end, Qualifier::About))
        } else if w == "dozens" {
            Some((24, i + 1, Qualifier::AtLeast))
        } else if w == "hundreds" {
            Some((200, i + 1, Qualifier::AtLeast))
        } else if unit(w).is_some() || tens(w).is_some() {
            words_value(&word, i)
        } else {
            None
        };
        let Some((mut value, end, mut qualifier)) = parsed else {
            i += 1;
            continue;
        };
        // "a"/"an" alone is a number only before "dozen"/"hundred" (handled) — skip otherwise.
        if matches!(w, "a" | "an" | "no" | "both" | "pair" | "single") && end == i + 1 {
            i += 1;
            continue;
        }
        // Digits followed by "million"/"thousand".
        if let Some(s) = scale(word(end)) {
            value *= s;
        }
        let (qstart, q) = qualifier_before(&word, i, range.start);
        if let Some(q) = q {
            qualifier = q;
        }
        let span = Span::new(tokens[qstart].span.start, tokens[end - 1].span.end);
        out.push(NumberMention {
            start: i,
            end,
            qualifier_start: qstart,
            value,
            qualifier,
            span,
        });
        i = end;
    }
    out
}

fn words_value<'a>(word: &impl Fn(usize) -> &'a str, i: usize) -> Option<(u64, usize, Qualifier)> {
    let mut total = 0u64;
    let mut current = 0u64;
    let mut j = i;
    let mut any = false;
    loop {
        let w = word(j);
        if let Some(t) = tens(w) {
            current += t;
            j += 1;
            if word(j) == "-" {
                if let Some(u) = unit(word(j + 1)) {
                    current += u;
                    j += 2;
                }
            } else if let Some(u) = unit(word(j)).filter(|_| !matches!(word(j), "a" | "an" | "no"))
            {
                current += u;
                j += 1;
            }
            any = true;
        } else if let Some(u) = unit(w).filter(|_| !any || current == 0) {
            current += u;
            j += 1;
            any = true;
        } else if let Some(s) = scale(w).filter(|_| any) {
            current = current.max(1) * s;
            if s >= 1000 {
                total += current;
                current = 0;
            }
            j += 1;
            if word(j) == "and" && (unit(word(j + 1)).is_some() || tens(word(j + 1)).is_some()) {
                j += 1;
            }
        } else {
            break;
        }
    }
    any.then_some((total + current, j, Qualifier::Exact))
}

fn qualifier_before<'a>(
    word: &impl Fn(usize) -> &'a str,
    i: usize,
    floor: usize,
) -> (usize, Option<Qualifier>) {
    let w1 = if i > floor { word(i - 1) } else { "" };
    let w2 = if i > floor + 1 { word(i - 2) } else { "" };
    let two = |a: &str, b: &str| w2 == a && w1 == b;
    if two("more", "than") || two("at", "least") || two("upwards", "of") || two("no", "fewer") {
        return (i - 2, Some(Qualifier::AtLeast));
    }
    if two("up", "to") || two("as", "many") {
        return (i - 2, Some(Qualifier::UpTo));
    }
    if i > floor + 2 && word(i - 3) == "no" && two("fewer", "than") {
        return (i - 3, Some(Qualifier::AtLeast));
    }
    match w1 {
        "over" => (i - 1, Some(Qualifier::AtLeast)),
        "about" | "around" | "nearly" | "almost" | "approximately" | "some" | "roughly"
        | "estimated" | "approx" => (i - 1, Some(Qualifier::About)),
        _ => (i, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn nums(s: &str) -> Vec<(u64, Qualifier, String)> {
        let lower = s.to_ascii_lowercase();
        let toks = tokenize(&lower);
        find_numbers(&lower, &toks, 0..toks.len())
            .into_iter()
            .map(|n| (n.value, n.qualifier, n.span.slice(s).to_string()))
            .collect()
    }

    #[test]
    fn digits_words_and_qualifiers() {
        use Qualifier::*;
        assert_eq!(
            nums("more than 140 dead and 360 injured"),
            [
                (140, AtLeast, "more than 140".into()),
                (360, Exact, "360".into())
            ]
        );
        assert_eq!(
            nums("at least a dozen"),
            [(12, AtLeast, "at least a dozen".into())]
        );
        assert_eq!(
            nums("Two attackers, twenty-three men"),
            [(2, Exact, "Two".into()), (23, Exact, "twenty-three".into())]
        );
        assert_eq!(
            nums("71 trained soldiers in 15 states"),
            [(71, Exact, "71".into()), (15, Exact, "15".into())]
        );
        assert_eq!(
            nums("up to 1,300 people"),
            [(1300, UpTo, "up to 1,300".into())]
        );
        assert_eq!(
            nums("one hundred and forty"),
            [(140, Exact, "one hundred and forty".into())]
        );
        assert_eq!(nums("about 30"), [(30, About, "about 30".into())]);
        assert!(nums("a man and an hour").is_empty());
    }
}
