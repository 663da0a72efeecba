//! Sentence segmentation that survives abbreviations, initialisms, quotations, headlines,
//! captions, site furniture and texts with no capital letters.

use vigil_model::{CaseProfile, Sentence, SentenceKind, Span, Token, TokenKind};

/// Titles and other abbreviations after which a period never ends a sentence.
const NEVER_ENDS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sec", "sen", "rep", "gov", "lt", "col", "capt", "cpt", "sgt",
    "maj", "adm", "prof", "rev", "fr", "st", "mt", "ft", "no", "nos", "vs", "v", "cf", "pres",
    "supt", "insp", "det", "cmdr", "brig", "hon", "amb", "approx", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m", "ave",
];

/// Abbreviations that may end a sentence; they end one only before a typical sentence opener.
const MAY_END: &[&str] = &["inc", "co", "corp", "ltd", "jr", "sr", "etc", "bros", "llc"];

/// Words that typically open a sentence (lower case).
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "in",
    "on",
    "at",
    "but",
    "and",
    "however",
    "meanwhile",
    "after",
    "before",
    "when",
    "while",
    "his",
    "her",
    "their",
    "our",
    "officials",
    "police",
    "authorities",
    "no",
    "some",
    "one",
    "two",
    "three",
    "both",
    "according",
    "last",
    "earlier",
    "later",
    "since",
    "as",
    "if",
    "for",
    "from",
    "with",
    "by",
    "to",
    "more",
    "many",
    "most",
    "several",
    "so",
    "then",
    "still",
    "also",
    "yet",
    "such",
    "because",
    "although",
    "during",
    "until",
    "what",
    "who",
];

fn lower_eq(s: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// The longest sentence, in tokens: a longer run without a sentence end (a list, a table, a
/// text without punctuation) is cut at the first comma, semicolon or colon after
/// [`SOFT_SENTENCE_TOKENS`] tokens, else here. Extraction looks at word pairs within a
/// sentence, so this bounds its time per token.
pub const MAX_SENTENCE_TOKENS: usize = 256;
/// Where an overlong sentence may be cut at a comma, semicolon or colon.
pub const SOFT_SENTENCE_TOKENS: usize = 192;

/// Segments `text` (already tokenised) into sentences and classifies each.
#[must_use]
pub fn segment(text: &str, tokens: &[Token], case: CaseProfile) -> Vec<Sentence> {
    let mut spans: Vec<(Span, usize)> = Vec::new(); // (span, paragraph)
    let mut paragraph = 0usize;
    let mut start: Option<usize> = None; // token index where the current sentence starts
    let mut i = 0;
    while i < tokens.len() {
        let s = start.get_or_insert(i);
        let mut end_here = is_terminal(text, tokens, i, case);
        if end_here {
            // Closing quotes and brackets belong to the sentence they close.
            while i + 1 < tokens.len()
                && matches!(tokens[i + 1].span.slice(text), "\"" | "'" | ")" | "]")
                && !gap_has_newline(text, tokens[i], tokens[i + 1])
                && closes_quote(text, tokens, i + 1)
            {
                i += 1;
            }
        }
        let len = i + 1 - *s;
        if len >= MAX_SENTENCE_TOKENS
            || len >= SOFT_SENTENCE_TOKENS && matches!(tokens[i].span.slice(text), "," | ";" | ":")
        {
            end_here = true;
        }
        let line_break = i + 1 < tokens.len() && gap_has_newline(text, tokens[i], tokens[i + 1]);
        let wrapped = line_break && is_wrapped_line(text, tokens, i, case);
        if line_break && !wrapped {
            end_here = true;
        }
        if end_here || i + 1 == tokens.len() {
            let span = Span::new(tokens[*s].span.start, tokens[i].span.end);
            spans.push((span, paragraph));
            start = None;
        }
        if line_break && !wrapped {
            paragraph += 1;
        }
        i += 1;
    }
    classify(text, spans, case)
}

fn gap_has_newline(text: &str, a: Token, b: Token) -> bool {
    text[a.span.end..b.span.start].contains('\n')
}

/// A quote mark after a terminal closes a quotation when the quotes before it are odd in number.
fn closes_quote(text: &str, tokens: &[Token], at: usize) -> bool {
    let mark = tokens[at].span.slice(text);
    if mark == ")" || mark == "]" {
        return true;
    }
    // Count the same mark back to the start of the line.
    let mut n = 0;
    for t in tokens[..at].iter().rev() {
        if gap_has_newline(text, *t, tokens[at]) && t.span.end < tokens[at].span.start {
            let line_start = text[..tokens[at].span.start]
                .rfind('\n')
                .map_or(0, |p| p + 1);
            if t.span.start < line_start {
                break;
            }
        }
        if t.span.slice(text) == mark {
            n += 1;
        }
    }
    n % 2 == 1 || mark == "'"
}

/// A line that continues on the next one (hard-wrapped prose), not a paragraph end.
fn is_wrapped_line(text: &str, tokens: &[Token], i: usize, case: CaseProfile) -> bool {
    let last = tokens[i].span.slice(text);
    if matches!(last, "." | "!" | "?" | ":" | "\"" | "'" | ")" | "..." | "-") {
        return false;
    }
    let next = tokens[i + 1].span.slice(text);
    case.is_mixed() && next.chars().next().is_some_and(char::is_lowercase) && i > 0 && {
        // Short lines are headings or list items, not wrapped prose.
        let line_start = text[..tokens[i].span.start]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        tokens[i].span.end - line_start > 50
    }
}

fn is_terminal(text: &str, tokens: &[Token], i: usize, case: CaseProfile) -> bool {
    let tok = tokens[i];
    let s = tok.span.slice(text);
    let may_end = matches!(s, "!" | "?" | "." | "...")
        || (tok.kind == TokenKind::Word && s.ends_with('.') && s.len() > 2);
    if i + 1 >= tokens.len() || !may_end {
        return false;
    }
    // Skip closing quotes/brackets to find what opens the next sentence.
    let mut k = i + 1;
    while k < tokens.len() && matches!(tokens[k].span.slice(text), "\"" | "'" | ")" | "]") {
        k += 1;
    }
    let opener = tokens.get(k).map_or("", |t| t.span.slice(text));
    let opener_upper = opener
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || matches!(opener, "\"" | "'" | "(" | "[");
    let opener_typical = lower_eq(opener, OPENERS);
    match s {
        "!" | "?" => true,
        "." | "..." => {
            let prev = if i > 0 { tokens[i - 1] } else { return false };
            let prev_s = prev.span.slice(text);
            let attached = prev.span.end == tok.span.start;
            if attached && prev.kind == TokenKind::Word {
                if lower_eq(prev_s, NEVER_ENDS) {
                    return false;
                }
                if lower_eq(prev_s, MAY_END) {
                    return opener_typical;
                }
                // An initial ("George W. Bush").
                if case.is_mixed()
                    && prev_s.chars().count() == 1
                    && prev_s.chars().all(char::is_uppercase)
                    && opener.chars().next().is_some_and(char::is_uppercase)
                    && !opener_typical
                {
                    return false;
                }
            }
            if case.is_mixed() {
                opener_upper
            } else {
                true
            }
        }
        // An initialism carries its period: "... inside the U.S. The next".
        _ if tok.kind == TokenKind::Word && s.ends_with('.') && s.len() > 2 => {
            if case.is_mixed() {
                opener_typical && opener.chars().next().is_some_and(char::is_uppercase)
            } else {
                opener_typical
            }
        }
        _ => false,
    }
}

const BOILERPLATE: &[&str] = &[
    "follow ",
    "please let us know",
    "sign up for",
    "subscribe to",
    "share this",
    "click here",
    "all rights reserved",
    "read more",
    "related:",
    "related articles",
    "advertisement",
    "copyright",
    "having issues with commenting",
    "comments are closed",
    "leave a comment",
    "join the conversation",
    "download our app",
    "newsletter",
    "this article was originally published",
    "reporting by ",
    "editing by ",
    "(c) ",
];

fn is_boilerplate(s: &str) -> bool {
    let starts =
        |p: &str| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if starts("follow ") {
        let lower = s.to_ascii_lowercase();
        if lower.contains("twitter")
            || lower.contains('@')
            || lower.contains("facebook")
            || lower.contains("instagram")
            || lower.contains(" on x")
        {
            return true;
        }
    }
    if BOILERPLATE[1..]
        .iter()
        .any(|p| (p.ends_with(' ') || p.starts_with('(')) && starts(p))
    {
        return true;
    }
    // Phrases found anywhere count only in short sentences.
    if s.len() >= 160 {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    BOILERPLATE[1..]
        .iter()
        .any(|p| !(p.ends_with(' ') || p.starts_with('(')) && lower.contains(p))
}

/// A dateline opens a story: "WASHINGTON, D.C. -", "KABUL (Reuters) -", "LONDON -".
fn has_dateline(s: &str) -> bool {
    let head: String = s.chars().take(60).collect();
    let Some(cut) = head.find([',', '-', '(']) else {
        return false;
    };
    let place = head[..cut].trim();
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    // "JNIM - the al-Qaeda-linked group - claimed ...": a dash pair around an apposition.
    let apposition = s.find(" - ").is_some_and(|d| s[d + 3..].contains(" - "));
    letters.len() >= 3
        && letters.iter().all(|c| c.is_uppercase())
        && head.contains(" -")
        && !apposition
}

fn is_caption_marker(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    [
        "(photo",
        "photo:",
        "photograph:",
        "credit:",
        "getty images",
        "/ap photo",
        "(ap photo",
        "/reuters",
        "reuters/",
        "afp via getty",
        "file photo",
    ]
    .iter()
    .any(|m| l.contains(m))
}

fn classify(text: &str, spans: Vec<(Span, usize)>, case: CaseProfile) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = spans
        .into_iter()
        .enumerate()
        .map(|(index, (span, paragraph))| Sentence {
            index,
            span,
            paragraph,
            kind: SentenceKind::Body,
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    // Headline: the first paragraph, one sentence, no closing punctuation.
    let first = &out[0];
    let first_text = first.span.slice(text);
    let headline = first.paragraph == 0
        && out.get(1).is_none_or(|s| s.paragraph > 0)
        && !first_text.ends_with(['.', '!', '?', '"', ':'])
        && first_text.split(' ').count() <= 30;
    if headline && out.len() > 1 {
        out[0].kind = SentenceKind::Headline;
    }
    // Captions: paragraphs between the headline and a dateline paragraph, or marked as photos.
    if case.is_mixed() {
        let dateline_para = out
            .iter()
            .find(|s| s.paragraph <= 3 && has_dateline(s.span.slice(text)))
            .map(|s| s.paragraph);
        let first_body_para = usize::from(headline);
        for s in &mut out {
            let in_gap =
                dateline_para.is_some_and(|d| s.paragraph >= first_body_para && s.paragraph < d);
            if s.kind == SentenceKind::Body && (in_gap || is_caption_marker(s.span.slice(text))) {
                s.kind = SentenceKind::Caption;
            }
        }
    }
    for s in &mut out {
        if is_boilerplate(s.span.slice(text)) {
            s.kind = SentenceKind::Boilerplate;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{case_profile, tokenize};

    fn split(s: &str) -> Vec<(String, SentenceKind)> {
        let toks = tokenize(s);
        segment(s, &toks, case_profile(s))
            .into_iter()
            .map(|x| (x.span.slice(s).to_string(), x.kind))
            .collect()
    }

    fn texts(s: &str) -> Vec<String> {
        split(s).into_iter().map(|x| x.0).collect()
    }

    #[test]
    fn overlong_runs_are_cut() {
        // No punctuation at all: cut every MAX_SENTENCE_TOKENS tokens.
        let words = "word ".repeat(600);
        let toks = tokenize(&words);
        let got = segment(&words, &toks, case_profile(&words));
        assert_eq!(got.len(), 3, "600 tokens in 256 + 256 + 88");
        assert_eq!(
            got[0].span.slice(&words).split(' ').count(),
            MAX_SENTENCE_TOKENS
        );
        // Commas: cut at the first one after SOFT_SENTENCE_TOKENS tokens.
        let list = "a b c d e f g h i j, ".repeat(40);
        let toks = tokenize(&list);
        let got = segment(&list, &toks, case_profile(&list));
        assert!(got[0].span.slice(&list).ends_with(','), "{:?}", got[0]);
        let n = tokenize(got[0].span.slice(&list)).len();
        assert!(
            (SOFT_SENTENCE_TOKENS..SOFT_SENTENCE_TOKENS + 11).contains(&n),
            "{n}"
        );
        // Ordinary sentences are untouched.
        assert_eq!(
            texts("It rained. It stopped."),
            ["It rained.", "It stopped."]
        );
    }

    #[test]
    fn abbreviations_and_initialisms() {
        assert_eq!(
            texts("Gen. Smith met Sec. Jones in the U.S. capital. No. 3 was there. It ended."),
            [
                "Gen. Smith met Sec. Jones in the U.S. capital.",
                "No. 3 was there.",
                "It ended."
            ]
        );
        assert_eq!(
            texts("They attacked inside the U.S. The group said so."),
            ["They attacked inside the U.S.", "The group said so."]
        );
        assert_eq!(
            texts("George W. Bush spoke. He left."),
            ["George W. Bush spoke.", "He left."]
        );
    }

    #[test]
    fn quotations() {
        assert_eq!(
            texts("He warned, \"It will come. You will see.\" Then he left."),
            [
                "He warned, \"It will come.",
                "You will see.\"",
                "Then he left."
            ]
        );
    }

    #[test]
    fn lower_and_upper_case() {
        assert_eq!(
            texts("the army denied it. col. isaacs said the u.s. embassy was safe. he added more."),
            [
                "the army denied it.",
                "col. isaacs said the u.s. embassy was safe.",
                "he added more."
            ]
        );
        assert_eq!(
            texts("GUERRILLAS ATTACKED A POST. THE ARMY SAID SO."),
            ["GUERRILLAS ATTACKED A POST.", "THE ARMY SAID SO."]
        );
    }

    #[test]
    fn headline_caption_boilerplate() {
        let s = "Big Headline Here\n\nSoldiers celebrate near the town on January 26.\n\nWASHINGTON - The story begins. It goes on.\n\nFollow Jane Doe on Twitter: @jdoe.";
        let got = split(s);
        assert_eq!(got[0].1, SentenceKind::Headline);
        assert_eq!(got[1].1, SentenceKind::Caption);
        assert_eq!(got[2].1, SentenceKind::Body);
        assert_eq!(got[3].1, SentenceKind::Body);
        assert_eq!(got[4].1, SentenceKind::Boilerplate);
    }
}
