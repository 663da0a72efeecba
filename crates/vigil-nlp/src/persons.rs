//! Person names found without a learned tagger: after titles ("Prime Minister Gabriel Attal",
//! "IS spokesman Abu Hudhaifah al-Ansari"), Arabic kunyas ("Abu Ibrahim Al Ameriki"),
//! appositions ("Pamela Geller, the president of …") and before speech verbs; plus
//! within-document coreference of later surname mentions ("Carter", "Al-Ansari").

use vigil_model::{CaseProfile, Span, Token, TokenKind};

/// Name particles that may be lower case inside a name.
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "de", "del", "la", "van", "von", "da", "di", "y", "abu",
    "abou", "ul", "ud",
];

/// Words that stop a name in a lower-cased text.
const STOP: &[&str] = &[
    "said",
    "says",
    "told",
    "warned",
    "added",
    "of",
    "the",
    "a",
    "an",
    "and",
    "in",
    "on",
    "at",
    "who",
    "which",
    "that",
    "was",
    "is",
    "has",
    "had",
    "were",
    "will",
    "would",
    "to",
    "for",
    "from",
    "with",
    "by",
    "as",
    "also",
    "reported",
    "stated",
    "noted",
    "announced",
    "claimed",
    "called",
    "recalled",
    "during",
    "after",
    "before",
    "while",
    "when",
    "since",
    "it",
    "he",
    "she",
];

/// Last words that make a capitalised name an organisation, not a person ("Greater Manchester
/// Police said").
const ORG_HEADS: &[&str] = &[
    "police",
    "ministry",
    "service",
    "services",
    "agency",
    "force",
    "forces",
    "army",
    "office",
    "department",
    "court",
    "council",
    "committee",
    "group",
    "party",
    "front",
    "brigade",
    "brigades",
    "movement",
    "organisation",
    "organization",
    "authority",
    "authorities",
    "government",
    "command",
    "centre",
    "center",
    "university",
    "institute",
    "church",
    "mosque",
    "hospital",
    "company",
    "news",
    "media",
    "times",
    "post",
    "network",
    "union",
    "association",
    "commission",
    "bureau",
    "unit",
    "guard",
    "cross",
    "crescent",
    "nations",
    "embassy",
    "consulate",
];

/// A person mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    /// First token of the name.
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// Bytes of the name.
    pub span: Span,
    /// Canonical id `per:<slug of the full name>` (shared by coreferent mentions).
    pub id: String,
    /// Bytes of the title before it, if any ("Secretary of Defense").
    pub title: Option<Span>,
}

fn is_cap(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Slug of a name: lower-case ASCII letters and digits joined by hyphens.
#[must_use]
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for part in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(part.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Extends a name from token `i` while tokens look like name parts; returns the end token.
fn name_end(
    text: &str,
    tokens: &[Token],
    i: usize,
    limit: usize,
    case: CaseProfile,
    blocked: &dyn Fn(usize) -> bool,
) -> usize {
    let mut j = i;
    let mut words = 0;
    while j < limit && words < 5 {
        let t = tokens[j];
        let s = t.span.slice(text);
        if t.kind == TokenKind::Punct && s == "-" && words > 0 && j + 1 < limit {
            j += 1;
            continue;
        }
        if t.kind != TokenKind::Word || blocked(j) || s == "'s" {
            break;
        }
        let lower = s.to_ascii_lowercase();
        let ok = if case.is_mixed() {
            is_cap(s)
                || (PARTICLES.contains(&lower.as_str())
                    && j + 1 < limit
                    && is_cap(tokens[j + 1].span.slice(text)))
                || (PARTICLES.contains(&lower.as_str())
                    && j + 2 < limit
                    && tokens[j + 1].span.slice(text) == "-")
        } else {
            !STOP.contains(&lower.as_str())
        };
        if !ok {
            break;
        }
        if j > i && text[tokens[j - 1].span.end..t.span.start].contains('\n') {
            break;
        }
        words += 1;
        j += 1;
    }
    // Never end on a hyphen or a particle.
    while j > i {
        let last = tokens[j - 1].span.slice(text).to_ascii_lowercase();
        if last == "-" || (PARTICLES.contains(&last.as_str()) && case.is_mixed()) {
            j -= 1;
        } else {
            break;
        }
    }
    j
}

/// Finds person names in `tokens[range]`.
///
/// `titles` are `(start, end)` token ranges of title mentions; `blocked(i)` is true for tokens
/// that belong to another mention (an actor or a place).
#[must_use]
pub fn find_persons(
    text: &str,
    tokens: &[Token],
    range: std::ops::Range<usize>,
    case: CaseProfile,
    titles: &[(usize, usize)],
    blocked: &dyn Fn(usize) -> bool,
) -> Vec<PersonMention> {
    let mut out: Vec<PersonMention> = Vec::new();
    let push = |start: usize, end: usize, title: Option<Span>, out: &mut Vec<PersonMention>| {
        if end <= start || out.iter().any(|p| p.start < end && start < p.end) {
            return;
        }
        let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
        out.push(PersonMention {
            start,
            end,
            span,
            id: format!("per:{}", slug(span.slice(text))),
            title,
        });
    };
    // After titles (skipping further titles: "spokesman colonel luis isaacs").
    for &(ts, te) in titles {
        let mut i = te;
        while let Some(&(_, e2)) = titles.iter().find(|(s2, _)| *s2 == i) {
            i = e2;
        }
        if i >= range.end {
            continue;
        }
        let end = name_end(text, tokens, i, range.end, case, blocked);
        let words = tokens[i..end]
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .count();
        let plausible = if case.is_mixed() {
            words >= 1
        } else {
            (1..=4).contains(&words)
        };
        if plausible {
            let title = Span::new(tokens[ts].span.start, tokens[te - 1].span.end);
            push(i, end, Some(title), &mut out);
        }
    }
    if case.is_mixed() {
        let mut i = range.start;
        while i < range.end {
            let s = tokens[i].span.slice(text);
            let sentence_start = i == range.start;
            if tokens[i].kind == TokenKind::Word && is_cap(s) && !blocked(i) {
                let end = name_end(text, tokens, i, range.end, case, blocked);
                let words = tokens[i..end]
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word)
                    .count();
                let next = tokens
                    .get(end)
                    .map(|t| t.span.slice(text).to_ascii_lowercase())
                    .unwrap_or_default();
                let after_comma = tokens
                    .get(end + 1)
                    .map(|t| t.span.slice(text).to_ascii_lowercase())
                    .unwrap_or_default();
                let kunya = matches!(s, "Abu" | "Abou" | "Umm") && words >= 2;
                let speech = words >= 2
                    && matches!(
                        next.as_str(),
                        "said" | "says" | "told" | "warned" | "added" | "wrote" | "stated"
                    );
                let apposition = words >= 2
                    && next == ","
                    && matches!(after_comma.as_str(), "the" | "a" | "an" | "who");
                let signed =
                    i > range.start + 1 && tokens[i - 1].span.slice(text) == "by" && words >= 2;
                let organisation = end > i
                    && ORG_HEADS.contains(
                        &tokens[end - 1]
                            .span
                            .slice(text)
                            .to_ascii_lowercase()
                            .as_str(),
                    );
                if (kunya || (speech || apposition || signed) && !organisation)
                    && !(sentence_start && words < 2)
                {
                    push(i, end, None, &mut out);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }
    out.sort_by_key(|p| p.start);
    out
}

/// Links later mentions of a surname (or of the last two name words) to the full name seen
/// first; returns extra person mentions found that way, sharing the full name's id.
#[must_use]
pub fn corefer(
    text: &str,
    tokens: &[Token],
    persons: &[PersonMention],
    case: CaseProfile,
    blocked: &dyn Fn(usize) -> bool,
) -> Vec<PersonMention> {
    // Surname keys: last word, and "al X" forms, lower-cased.
    let mut keys: Vec<(Vec<String>, &PersonMention)> = Vec::new();
    for p in persons {
        let words: Vec<String> = tokens[p.start..p.end]
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.span.slice(text).to_ascii_lowercase())
            .collect();
        if words.len() < 2 {
            continue;
        }
        let n = words.len();
        if n >= 3 && PARTICLES.contains(&words[n - 2].as_str()) {
            keys.push((words[n - 2..].to_vec(), p));
        }
        if !PARTICLES.contains(&words[n - 1].as_str()) {
            keys.push((words[n - 1..].to_vec(), p));
        }
    }
    keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if blocked(i)
            || persons.iter().any(|p| p.start <= i && i < p.end)
            || tokens[i].kind != TokenKind::Word
        {
            i += 1;
            continue;
        }
        let mut matched = None;
        for (k, p) in &keys {
            let mut j = i;
            let mut ok = true;
            for w in k {
                while j < tokens.len() && tokens[j].span.slice(text) == "-" {
                    j += 1;
                }
                if j >= tokens.len() || !tokens[j].span.slice(text).eq_ignore_ascii_case(w) {
                    ok = false;
                    break;
                }
                j += 1;
            }
            let cap_ok = !case.is_mixed() || is_cap(tokens[i].span.slice(text));
            if ok && cap_ok && j > i {
                matched = Some((j, *p));
                break;
            }
        }
        if let Some((j, p)) = matched {
            let span = Span::new(tokens[i].span.start, tokens[j - 1].span.end);
            out.push(PersonMention {
                start: i,
                end: j,
                span,
                id: p.id.clone(),
                title: None,
            });
            i = j;
        } else {
            i += 1;
        }
    }
    out
}
