//! A dictionary of multi-word phrases matched over tokens, longest match first.
//!
//! Keys are the lower-cased tokens of a phrase joined by single spaces, with hyphens dropped, so
//! "al-Qaeda", "al Qaeda" and "AL-QAEDA" share one key. Matching walks the tokens once: at each
//! start it extends the key while it is still a prefix of some phrase, and keeps the longest
//! phrase seen. Case-insensitive by construction; case guards belong to the caller.

use crate::tokenize;
use rustc_hash::FxHashMap as HashMap;
use vigil_model::{Token, TokenKind};

/// A phrase dictionary from keys to payloads.
///
/// Stored as a trie over word ids: every distinct lower-cased word of any key gets an id, and
/// each trie edge is a (node, word) pair. Matching looks each token up once per start and
/// never builds a string, so a token that occurs in no phrase costs one hash probe.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    words: HashMap<Box<str>, u32>,
    edges: HashMap<(u32, u32), u32>,
    /// Payloads of the phrase ending at each node (node 0 is the root).
    payloads: Vec<Vec<T>>,
    keys: usize,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            words: HashMap::default(),
            edges: HashMap::default(),
            payloads: vec![Vec::new()],
            keys: 0,
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
    t.kind == TokenKind::Punct && t.span.len() == 1 && text.as_bytes()[t.span.start] == b'-'
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
        let mut node = 0u32;
        for w in key.split(' ') {
            let next_word = u32::try_from(self.words.len()).expect("fewer than 2^32 words");
            let word = *self.words.entry(w.into()).or_insert(next_word);
            let next_node = u32::try_from(self.payloads.len()).expect("fewer than 2^32 nodes");
            node = match self.edges.entry((node, word)) {
                std::collections::hash_map::Entry::Occupied(e) => *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(next_node);
                    self.payloads.push(Vec::new());
                    next_node
                }
            };
        }
        let slot = &mut self.payloads[node as usize];
        if slot.is_empty() {
            self.keys += 1;
        }
        slot.push(payload);
        true
    }

    /// Number of distinct keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys
    }

    /// True when empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys == 0
    }

    fn step(&self, node: u32, word: &str) -> Option<u32> {
        let id = *self.words.get(word)?;
        self.edges.get(&(node, id)).copied()
    }

    /// Payloads stored under the exact key of `phrase`.
    #[must_use]
    pub fn get(&self, phrase: &str) -> &[T] {
        let Some(key) = phrase_key(phrase) else {
            return &[];
        };
        let mut node = 0;
        for w in key.split(' ') {
            match self.step(node, w) {
                Some(n) => node = n,
                None => return &[],
            }
        }
        &self.payloads[node as usize]
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
        let mut scratch = String::new();
        let mut word_at = |t: &Token| -> Option<u32> {
            let piece = &lower[t.span.start..t.span.end];
            if piece.is_ascii() {
                self.words.get(piece).copied()
            } else {
                scratch.clear();
                scratch.extend(piece.chars().flat_map(char::to_lowercase));
                self.words.get(scratch.as_str()).copied()
            }
        };
        let mut i = range.start;
        while i < range.end {
            if tokens[i].kind == TokenKind::Punct || skipped(text, &tokens[i]) {
                i += 1;
                continue;
            }
            let Some(first) = word_at(&tokens[i]).and_then(|w| self.edges.get(&(0, w))) else {
                i += 1;
                continue;
            };
            if !may_start(i) {
                i += 1;
                continue;
            }
            let mut node = *first;
            let mut best: Option<(usize, u32)> = None;
            let mut j = i;
            loop {
                if !self.payloads[node as usize].is_empty() {
                    best = Some((j + 1, node));
                }
                // The next word, across hyphens; a line break ends a phrase.
                let mut k = j + 1;
                while k < range.end && skipped(text, &tokens[k]) {
                    k += 1;
                }
                if k >= range.end
                    || text[tokens[k - 1].span.end..tokens[k].span.start].contains('\n')
                {
                    break;
                }
                match word_at(&tokens[k]).and_then(|w| self.edges.get(&(node, w))) {
                    Some(&n) => {
                        node = n;
                        j = k;
                    }
                    None => break,
                }
            }
            match best {
                Some((end, n)) => {
                    out.push(PhraseMatch {
                        start: i,
                        end,
                        payloads: &self.payloads[n as usize],
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
