//! Vigil's NLP stage: from a document's raw text to an annotated document.
//!
//! In: raw text and metadata. Out: [`Annotated`] — normalised text with a map back to the
//! original ([`normalize`]), tokens ([`tokenize`]), sentences classified as headline, body,
//! caption or boilerplate ([`segment`]), actor and title mentions from the dictionary
//! ([`Actors`]), person names with coreference ([`persons`]), numbers with qualifiers
//! ([`find_numbers`]), time expressions resolved against the publication date
//! ([`find_times`]), and quotation regions. Case is a signal, never a requirement: every step
//! works on lower-case and ALL-CAPS text.
//!
//! ```
//! use vigil_nlp::Nlp;
//! let nlp = Nlp::new().unwrap();
//! let a = nlp.annotate("IS claimed the attack. More than 140 died.", None);
//! assert_eq!(a.sentences.len(), 2);
//! assert_eq!(a.actors[0].id, "grp:islamic-state");
//! assert_eq!(a.numbers[0].value, 140);
//! ```
#![deny(missing_docs)]

mod actors;
mod case;
mod normalize;
mod numbers;
pub mod persons;
mod phrase;
mod sentences;
mod time;
mod tokens;

pub use actors::{Actor, Actors, AliasRef, Edge};
pub use case::case_profile;
pub use normalize::{normalize, Normalized};
pub use numbers::{find_numbers, NumberMention};
pub use persons::PersonMention;
pub use phrase::{phrase_key, PhraseIndex, PhraseMatch};
pub use sentences::segment;
pub use time::{calendar_word, find_times, TimeMention};
pub use tokens::tokenize;

use std::ops::Range;
use vigil_model::{CaseProfile, Date, MentionKind, Sentence, SentenceKind, Span, Token};

/// A resource file is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DataError {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl DataError {
    /// Makes an error.
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> DataError {
        DataError {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// An actor named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Bytes.
    pub span: Span,
    /// Actor id.
    pub id: String,
    /// Group, state, agency, media or organisation.
    pub kind: MentionKind,
}

/// A title named in the text ("Secretary of Defense", "spokesman").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Bytes.
    pub span: Span,
    /// Category from the data (`official`, `spokesperson`, `expert` …).
    pub category: String,
}

/// A document after the NLP stage.
#[derive(Debug, Clone)]
pub struct Annotated {
    /// Normalised text.
    pub text: String,
    /// `text` with ASCII letters lower-cased (same byte offsets).
    pub lower: String,
    /// Map back to the original text.
    pub origin: Vec<u32>,
    /// Case profile.
    pub case: CaseProfile,
    /// Publication date.
    pub published: Option<Date>,
    /// Tokens.
    pub tokens: Vec<Token>,
    /// Sentences.
    pub sentences: Vec<Sentence>,
    /// Token range of each sentence.
    pub sentence_tokens: Vec<Range<usize>>,
    /// Actor mentions, in text order.
    pub actors: Vec<ActorMention>,
    /// Title mentions, in text order.
    pub titles: Vec<TitleMention>,
    /// Person mentions (with coreferent repeats), in text order.
    pub persons: Vec<PersonMention>,
    /// Numbers.
    pub numbers: Vec<NumberMention>,
    /// Time expressions.
    pub times: Vec<TimeMention>,
    /// Quoted regions (between paired quotation marks, or to the paragraph end).
    pub quotes: Vec<Span>,
}

impl Annotated {
    /// The text of a token.
    #[must_use]
    pub fn tok(&self, i: usize) -> &str {
        self.tokens[i].span.slice(&self.text)
    }

    /// The lower-cased text of a token (empty past the end).
    #[must_use]
    pub fn low(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.span.slice(&self.lower))
    }

    /// Whether token `i` is written against the token before it, with no space between
    /// ("U.S.-made", "Nord-Kivu"); false for the first token and past the end.
    #[must_use]
    pub fn touches(&self, i: usize) -> bool {
        i > 0 && i < self.tokens.len() && self.tokens[i - 1].span.end == self.tokens[i].span.start
    }

    /// Bytes from token `start` to token `end - 1`.
    #[must_use]
    pub fn token_span(&self, start: usize, end: usize) -> Span {
        Span::new(self.tokens[start].span.start, self.tokens[end - 1].span.end)
    }

    /// The sentence holding a token.
    #[must_use]
    pub fn sentence_of(&self, token: usize) -> usize {
        self.sentence_tokens
            .partition_point(|r| r.end <= token)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// True when the byte offset lies inside a quotation.
    #[must_use]
    pub fn in_quote(&self, offset: usize) -> bool {
        self.quotes
            .iter()
            .any(|q| q.start <= offset && offset < q.end)
    }
}

/// The NLP stage with its resources loaded once.
#[derive(Debug, Clone)]
pub struct Nlp {
    /// The actor dictionary.
    pub actors: Actors,
}

impl Nlp {
    /// Loads the built-in resources.
    ///
    /// # Errors
    /// When a built-in data file is malformed (names file and line).
    pub fn new() -> Result<Nlp, DataError> {
        Ok(Nlp {
            actors: Actors::builtin()?,
        })
    }

    /// Annotates raw text.
    #[must_use]
    pub fn annotate(&self, raw: &str, published: Option<Date>) -> Annotated {
        self.annotate_with(raw, published, &[], |_| true)
    }

    /// Annotates in two steps: text, tokens and sentences first; then, only when `go` says so
    /// of that much, actors, titles, persons, numbers, times and quotes. An extractor that finds
    /// no trigger word in a page skips the second step (the mentions stay empty).
    pub fn annotate_with(
        &self,
        raw: &str,
        published: Option<Date>,
        captions: &[Range<usize>],
        go: impl FnOnce(&Annotated) -> bool,
    ) -> Annotated {
        let Normalized { text, origin } = normalize(raw);
        let lower = text.to_ascii_lowercase();
        let case = case_profile(&text);
        let tokens = tokenize(&text);
        let mut sentences = segment(&text, &tokens, case);
        // Sentences inside ranges the reader marked as captions (raw offsets) are captions.
        if !captions.is_empty() {
            for s in &mut sentences {
                let at = origin[s.span.start] as usize;
                if s.kind == SentenceKind::Body && captions.iter().any(|c| c.contains(&at)) {
                    s.kind = SentenceKind::Caption;
                }
            }
        }
        let mut sentence_tokens = Vec::with_capacity(sentences.len());
        let mut k = 0;
        for s in &sentences {
            while k < tokens.len() && tokens[k].span.start < s.span.start {
                k += 1;
            }
            let start = k;
            while k < tokens.len() && tokens[k].span.end <= s.span.end {
                k += 1;
            }
            sentence_tokens.push(start..k);
        }
        let mut base = Annotated {
            text,
            lower,
            origin,
            case,
            published,
            tokens,
            sentences,
            sentence_tokens,
            actors: Vec::new(),
            titles: Vec::new(),
            persons: Vec::new(),
            numbers: Vec::new(),
            times: Vec::new(),
            quotes: Vec::new(),
        };
        if !go(&base) {
            return base;
        }
        let (text, lower, tokens, sentence_tokens) =
            (&base.text, &base.lower, &base.tokens, &base.sentence_tokens);
        let mut actors = Vec::new();
        let mut titles = Vec::new();
        let mut numbers = Vec::new();
        let mut times = Vec::new();
        for r in sentence_tokens {
            for (s, e, a) in self.actors.find(text, lower, tokens, r.clone(), case) {
                let actor = &self.actors.actors[a];
                let span = Span::new(tokens[s].span.start, tokens[e - 1].span.end);
                actors.push(ActorMention {
                    start: s,
                    end: e,
                    span,
                    id: actor.id.clone(),
                    kind: actor.kind,
                });
            }
            for m in self
                .actors
                .titles
                .find(text, lower, tokens, r.clone(), |_| true)
            {
                let span = Span::new(tokens[m.start].span.start, tokens[m.end - 1].span.end);
                titles.push(TitleMention {
                    start: m.start,
                    end: m.end,
                    span,
                    category: m.payloads[0].clone(),
                });
            }
            numbers.extend(find_numbers(lower, tokens, r.clone()));
            times.extend(find_times(lower, tokens, r.clone(), published));
        }
        // Titles inside actor names ("Prime Minister's Office") are not titles.
        titles.retain(|t| !actors.iter().any(|a| a.start <= t.start && t.end <= a.end));
        let mut in_actor = vec![false; tokens.len()];
        for a in &actors {
            in_actor[a.start..a.end].iter_mut().for_each(|b| *b = true);
        }
        let blocked = |i: usize| in_actor[i];
        let mut persons = Vec::new();
        for r in sentence_tokens {
            let ts: Vec<(usize, usize)> = titles
                .iter()
                .filter(|t| r.contains(&t.start))
                .map(|t| (t.start, t.end))
                .collect();
            persons.extend(persons::find_persons(
                text,
                tokens,
                r.clone(),
                case,
                &ts,
                &blocked,
            ));
        }
        let extra = persons::corefer(text, tokens, &persons, case, &blocked);
        persons.extend(extra);
        persons.sort_by_key(|p| p.start);
        let quotes = quote_regions(text);
        base.actors = actors;
        base.titles = titles;
        base.persons = persons;
        base.numbers = numbers;
        base.times = times;
        base.quotes = quotes;
        base
    }
}

/// Quoted regions: paired `"` marks within a paragraph; an unclosed one runs to the paragraph's
/// end (multi-paragraph quotations open each paragraph without closing).
fn quote_regions(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    for para in text.split('\n') {
        let mut open: Option<usize> = None;
        for (i, b) in para.bytes().enumerate() {
            if b == b'"' {
                match open.take() {
                    Some(s) => out.push(Span::new(offset + s, offset + i + 1)),
                    None => open = Some(i),
                }
            }
        }
        if let Some(s) = open {
            out.push(Span::new(offset + s, offset + para.len()));
        }
        offset += para.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persons_titles_and_coreference() {
        let nlp = Nlp::new().unwrap();
        let a = nlp.annotate(
            "Secretary of Defense Ashton Carter told reporters. Later, Carter said it was serious.",
            None,
        );
        let ids: Vec<&str> = a.persons.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["per:ashton-carter", "per:ashton-carter"]);
        assert_eq!(a.persons[0].span.slice(&a.text), "Ashton Carter");
    }

    #[test]
    fn reader_marked_captions_are_captions() {
        let nlp = Nlp::new().unwrap();
        let raw = "Bomb kills six\n\nPolice inspect the site of the blast on Sunday.\n\nA car bomb killed six people.";
        let cap = raw.find("Police").unwrap()..raw.find(" on Sunday.").unwrap() + 11;
        let kinds = |caps: &[std::ops::Range<usize>]| -> Vec<SentenceKind> {
            let a = nlp.annotate_with(raw, None, caps, |_| true);
            a.sentences.iter().map(|s| s.kind).collect()
        };
        assert_eq!(kinds(&[])[1], SentenceKind::Body);
        let k = kinds(&[cap]);
        assert_eq!(
            k,
            [
                SentenceKind::Headline,
                SentenceKind::Caption,
                SentenceKind::Body
            ]
        );
    }

    #[test]
    fn quotes_pair_within_paragraphs() {
        assert_eq!(
            quote_regions("a \"b\" c \"d\ne"),
            [Span::new(2, 5), Span::new(8, 10)]
        );
    }
}
