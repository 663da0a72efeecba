//! What a sentence offers to the events triggered in it: actors, persons, places, numbers,
//! times, speakers, vocabulary hits.

use vigil_model::{MentionKind, Span, TokenKind};
use vigil_nlp::{Annotated, PhraseIndex};

/// A vocabulary hit (channel, weapon, generic speaker, force).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Class from `vocab.tsv`.
    pub class: String,
}

/// Something that can say things: a person, an actor, a title or a generic noun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// Bytes of the name.
    pub span: Span,
    /// Canonical id when known.
    pub id: Option<String>,
    /// A person (as opposed to an organisation or generic noun).
    pub person: bool,
}

/// Loads the vocabulary.
///
/// # Errors
/// A malformed line, naming file and line.
pub fn parse_vocab(file: &str, text: &str) -> Result<PhraseIndex<String>, vigil_nlp::DataError> {
    let mut idx = PhraseIndex::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 2 || !matches!(f[1].trim(), "channel" | "weapon" | "speaker" | "force") {
            return Err(vigil_nlp::DataError::new(
                file,
                i + 1,
                "expected `phrase<TAB>channel|weapon|speaker|force`",
            ));
        }
        idx.insert(f[0].trim(), f[1].trim().to_string());
    }
    Ok(idx)
}

/// Vocabulary hits in a token range.
pub fn vocab_hits(
    vocab: &PhraseIndex<String>,
    a: &Annotated,
    range: std::ops::Range<usize>,
) -> Vec<Hit> {
    vocab
        .find(&a.text, &a.lower, &a.tokens, range, |_| true)
        .into_iter()
        .filter(|m| !(m.payloads.iter().all(|c| c == "weapon") && in_name(a, m.start, m.end)))
        .flat_map(|m| {
            m.payloads.iter().map(move |c| Hit {
                start: m.start,
                end: m.end,
                class: c.clone(),
            })
        })
        .collect()
}

/// True when tokens `[start, end)` are capitalised inside a run of capitalised words in
/// mixed-case text: a name particle ("Eric Van Laere"), not the vehicle.
fn in_name(a: &Annotated, start: usize, end: usize) -> bool {
    let cap = |i: usize| {
        a.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word)
            && a.tok(i).chars().next().is_some_and(char::is_uppercase)
    };
    a.case.is_mixed()
        && cap(start)
        && a.tok(start).chars().skip(1).any(char::is_lowercase)
        && (start > 0 && cap(start - 1) || cap(end))
}

/// Speech verbs (lower case) that introduce or close reported speech.
pub const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "warned",
    "warns",
    "added",
    "stated",
    "states",
    "continued",
    "noted",
    "explained",
    "insisted",
    "declared",
    "announced",
    "wrote",
    "stating",
    "saying",
    "deem",
    "deemed",
    "dismissed",
    "believe",
    "believes",
    "assessed",
    "concluded",
    "argued",
    "echoed",
    "cautioned",
    "confirmed",
    "reported",
];

/// Finds the speaker of a sentence: "X said", "said X", "according to X", "he added".
///
/// `last_person` resolves pronouns.
pub fn sentence_speaker(
    a: &Annotated,
    range: std::ops::Range<usize>,
    hits: &[Hit],
    last_person: Option<&Speaker>,
) -> Option<Speaker> {
    // Most sentences report no speech: find that out before gathering candidates.
    if !range
        .clone()
        .any(|i| matches!(a.low(i), "according") || SPEECH.contains(&a.low(i)))
    {
        return None;
    }
    let mut cands: Vec<(usize, usize, Speaker)> = Vec::new();
    for p in a.persons.iter().filter(|p| range.contains(&p.start)) {
        let span = p.title.map_or(p.span, |t| {
            if t.end < p.span.start && p.span.start - t.end < 2 {
                t.cover(p.span)
            } else {
                p.span
            }
        });
        cands.push((
            p.start,
            p.end,
            Speaker {
                span,
                id: Some(p.id.clone()),
                person: true,
            },
        ));
    }
    for m in a
        .actors
        .iter()
        .filter(|m| range.contains(&m.start) && m.kind != MentionKind::Group)
    {
        cands.push((
            m.start,
            m.end,
            Speaker {
                span: m.span,
                id: Some(m.id.clone()),
                person: false,
            },
        ));
    }
    for t in a.titles.iter().filter(|t| range.contains(&t.start)) {
        if !cands.iter().any(|c| c.0 <= t.end && t.start < c.1 + 1) {
            // "the Pentagon chief": a title standing for a person.
            let start = if t.start > range.start && a.actors.iter().any(|m| m.end == t.start) {
                a.actors
                    .iter()
                    .find(|m| m.end == t.start)
                    .map_or(t.start, |m| m.start)
            } else {
                t.start
            };
            cands.push((
                start,
                t.end,
                Speaker {
                    span: a.token_span(start, t.end),
                    id: None,
                    person: true,
                },
            ));
        }
    }
    for h in hits.iter().filter(|h| h.class == "speaker") {
        if !cands.iter().any(|c| c.0 < h.end && h.start < c.1) {
            let mut start = h.start;
            if start > range.start
                && matches!(
                    a.low(start - 1),
                    "some" | "the" | "several" | "many" | "most"
                )
            {
                start -= 1;
            }
            cands.push((
                start,
                h.end,
                Speaker {
                    span: a.token_span(start, h.end),
                    id: None,
                    person: false,
                },
            ));
        }
    }
    cands.sort_by_key(|c| c.0);
    for i in range.clone() {
        let w = a.low(i);
        if w == "according" && a.low(i + 1) == "to" {
            if let Some(c) = cands.iter().find(|c| c.0 >= i + 2 && c.0 <= i + 4) {
                return Some(c.2.clone());
            }
        }
    }
    for i in range.clone() {
        let w = a.low(i);
        if !SPEECH.contains(&w) {
            continue;
        }
        if i > range.start && matches!(a.low(i - 1), "he" | "she") {
            if let Some(p) = last_person {
                return Some(p.clone());
            }
        }
        // Closest candidate ending before the verb, within eight tokens, outside quotes.
        let before = cands
            .iter()
            .filter(|c| c.1 <= i && i - c.1 <= 8 && !a.in_quote(a.tokens[c.0].span.start))
            .max_by_key(|c| c.1);
        // Inversion: "continued the Pentagon chief", "said Carter".
        let after = cands.iter().find(|c| c.0 > i && c.0 - i <= 3);
        let closes_quote = i > range.start && matches!(a.low(i - 1), "\"" | ",");
        match (before, after) {
            (_, Some(c)) if closes_quote => return Some(c.2.clone()),
            (Some(c), _) => return Some(c.2.clone()),
            (None, Some(c)) => return Some(c.2.clone()),
            _ => {}
        }
    }
    None
}
