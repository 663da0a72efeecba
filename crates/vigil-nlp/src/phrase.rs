//! A dictionary of multi-word phrases matched over tokens, longest match first.
//!
//! Keys are the lower-cased tokens of a phrase joined by single spaces, with hyphens dropped, so
//! "al-Qaeda", "al Qaeda" and "AL-QAEDA" share one key. Matching walks the tokens once: at each
//! start it extends the key while it is still a prefix of some phrase, and keeps the longest
//! phrase seen. Case-insensitive by construction; case guards belong to the caller.

use crate::tokenize;
use std::collections::HashMap;
use vigil_model::{Token, TokenKind};

/// A phrase dictionary from keys to payloads.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    entries: HashMap<String, Vec<T>>,
    /// Proper prefixes (in tokens) of keys, so extension stops as early as it can.
    prefixes: HashMap<String, ()>,
    max_tokens: usize,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            entries: HashMap::new(),
            prefixes: HashMap::new(),
            max_tokens: 0,
        }
    }
}

/// One match of a phrase: token range `[start, end)` and the payloads of its key.
#[derive(Debug)]
pub struct PhraseMatch<'a, T> {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Everything stored under the matched key.
    pub payloads: &'a [T],
}

/// True for tokens that key building skips (hyphens between words).
fn skipped(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punct && t.span.slice(text) == "-"
}

/// The key of a phrase, or `None` when it has no token.
#[must_use]
pub fn phrase_key(phrase: &str) -> Option<String> {
    let toks = tokenize(phrase);
    let mut key = String::with_capacity(phrase.len());
    for t in toks.iter().filter(|t| !skipped(phrase, t)) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&t.span.slice(phrase).to_lowercase());
    }
    (!key.is_empty()).then_some(key)
}

impl<T> PhraseIndex<T> {
    /// An empty index.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a phrase; returns false when the phrase has no token.
    pub fn insert(&mut self, phrase: &str, payload: T) -> bool {
        let Some(key) = phrase_key(phrase) else {
            return false;
        };
        let n = key.split(' ').count();
        self.max_tokens = self.max_tokens.max(n);
        let mut at = 0;
        while let Some(p) = key[at..].find(' ') {
            self.prefixes.insert(key[..at + p].to_string(), ());
            at += p + 1;
        }
        self.entries.entry(key).or_default().push(payload);
        true
    }

    /// Number of distinct keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Payloads stored under the exact key of `phrase`.
    #[must_use]
    pub fn get(&self, phrase: &str) -> &[T] {
        phrase_key(phrase)
            .and_then(|k| self.entries.get(&k))
            .map_or(&[], Vec::as_slice)
    }

    /// Leftmost-longest matches over `tokens[range]` of `text`, where `lower` is `text` with
    /// ASCII letters lower-cased. `may_start(i)` says whether a match may begin at token `i`.
    pub fn find<'a>(
        &'a self,
        text: &str,
        lower: &str,
        tokens: &[Token],
        range: std::ops::Range<usize>,
        mut may_start: impl FnMut(usize) -> bool,
    ) -> Vec<PhraseMatch<'a, T>> {
        let mut out = Vec::new();
        let mut key = String::with_capacity(64);
        let mut i = range.start;
        while i < range.end {
            if skipped(text, &tokens[i]) || tokens[i].kind == TokenKind::Punct || !may_start(i) {
                i += 1;
                continue;
            }
            key.clear();
            let mut best: Option<(usize, &'a [T])> = None;
            let mut j = i;
            let mut words = 0;
            while j < range.end && words < self.max_tokens {
                let t = &tokens[j];
                if skipped(text, t) {
                    j += 1;
                    continue;
                }
                if words > 0 {
                    // A line break ends a phrase.
                    if text[tokens[j - 1].span.end..t.span.start].contains('\n') {
                        break;
                    }
                    key.push(' ');
                }
                let piece = &lower[t.span.start..t.span.end];
                if piece.is_ascii() {
                    key.push_str(piece);
                } else {
                    key.push_str(&piece.to_lowercase());
                }
                words += 1;
                if let Some(p) = self.entries.get(key.as_str()) {
                    best = Some((j + 1, p.as_slice()));
                }
                if !self.prefixes.contains_key(key.as_str()) {
                    break;
                }
                j += 1;
            }
            match best {
                Some((end, payloads)) => {
                    out.push(PhraseMatch {
                        start: i,
                        end,
                        payloads,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_first_and_hyphen_insensitive() {
        let mut idx = PhraseIndex::new();
        idx.insert("Islamic State", 1);
        idx.insert("Islamic State Khorasan Province", 2);
        idx.insert("al-Qaeda", 3);
        let text = "The Islamic State-Khorasan Province and al Qaeda and the Islamic State.";
        let lower = text.to_ascii_lowercase();
        let toks = tokenize(text);
        let got: Vec<(String, i32)> = idx
            .find(text, &lower, &toks, 0..toks.len(), |_| true)
            .iter()
            .map(|m| {
                let s = toks[m.start].span.start;
                let e = toks[m.end - 1].span.end;
                (text[s..e].to_string(), m.payloads[0])
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Islamic State-Khorasan Province".to_string(), 2),
                ("al Qaeda".to_string(), 3),
                ("Islamic State".to_string(), 1)
            ]
        );
    }
}
