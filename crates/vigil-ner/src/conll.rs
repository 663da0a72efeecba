//! CoNLL-2003 reading and `conlleval`-compatible scoring.
//!
//! The reader takes the usual whitespace-separated column format (token
//! first, NER tag last; `-DOCSTART-` lines and blank lines separate). Only
//! the first and last columns are read: POS and chunk columns are ignored on
//! purpose, since real text has none.
//!
//! The scorer reproduces the chunk logic of `conlleval` (Perl script of the
//! CoNLL shared tasks) step by step: chunks are exact spans; an `I-` tag
//! after `O` or after a tag of another type starts a chunk; sentence
//! boundaries close chunks. Figures are percentages, as `conlleval` prints.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::{Error, Result};

/// One sentence: tokens and their gold tags (strings, as in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Tokens.
    pub tokens: Vec<String>,
    /// Gold tags, one per token (last column of the file).
    pub tags: Vec<String>,
    /// Index of the document (counted by `-DOCSTART-` lines) it belongs to.
    pub doc: usize,
}

impl Sentence {
    /// A copy with every token lower-cased (tags unchanged).
    pub fn lowercased(&self) -> Sentence {
        Sentence {
            tokens: self.tokens.iter().map(|t| t.to_lowercase()).collect(),
            tags: self.tags.clone(),
            doc: self.doc,
        }
    }
}

/// Parses CoNLL text into sentences.
pub fn parse(text: &str) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence {
        tokens: Vec::new(),
        tags: Vec::new(),
        doc: 0,
    };
    let mut doc = 0usize;
    let mut seen_docstart = false;
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let mut cols = line.split_whitespace();
        let Some(first) = cols.next() else {
            if !cur.tokens.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    Sentence {
                        tokens: Vec::new(),
                        tags: Vec::new(),
                        doc,
                    },
                ));
            }
            continue;
        };
        if first == "-DOCSTART-" {
            if !cur.tokens.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    Sentence {
                        tokens: Vec::new(),
                        tags: Vec::new(),
                        doc,
                    },
                ));
            }
            if seen_docstart {
                doc += 1;
            }
            seen_docstart = true;
            cur.doc = doc;
            continue;
        }
        let last = cols.next_back().ok_or_else(|| {
            Error::BadConll(format!(
                "line {}: expected at least two columns",
                lineno + 1
            ))
        })?;
        cur.doc = doc;
        cur.tokens.push(first.to_string());
        cur.tags.push(last.to_string());
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads and parses a CoNLL file.
pub fn read_file(path: impl AsRef<Path>) -> Result<Vec<Sentence>> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text)
}

/// Precision, recall and F1 (percentages) of one entity type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TypeScores {
    /// Correct / predicted, in percent (0 when nothing was predicted).
    pub precision: f64,
    /// Correct / gold, in percent (0 when there is no gold entity).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Number of gold entities.
    pub gold: usize,
    /// Number of predicted entities.
    pub predicted: usize,
    /// Number of exactly matching entities.
    pub correct: usize,
}

impl TypeScores {
    fn from_counts(gold: usize, predicted: usize, correct: usize) -> Self {
        let precision = if predicted > 0 {
            100.0 * correct as f64 / predicted as f64
        } else {
            0.0
        };
        let recall = if gold > 0 {
            100.0 * correct as f64 / gold as f64
        } else {
            0.0
        };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        TypeScores {
            precision,
            recall,
            f1,
            gold,
            predicted,
            correct,
        }
    }
}

/// Micro-averaged and per-type scores, as `conlleval` computes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Micro precision, in percent.
    pub precision: f64,
    /// Micro recall, in percent.
    pub recall: f64,
    /// Micro F1, in percent.
    pub f1: f64,
    /// Token accuracy (whole tags equal), in percent.
    pub accuracy: f64,
    /// Number of tokens scored.
    pub tokens: usize,
    /// Number of gold entities.
    pub gold: usize,
    /// Number of predicted entities.
    pub predicted: usize,
    /// Number of exactly matching entities.
    pub correct: usize,
    /// Scores per entity type (every type seen in gold or predictions).
    pub types: BTreeMap<String, TypeScores>,
}

impl Scores {
    /// A plain-text table in the spirit of `conlleval`'s output.
    pub fn to_table(&self) -> String {
        let mut s = format!(
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.\n",
            self.tokens, self.gold, self.predicted, self.correct
        );
        s.push_str(&format!(
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}\n",
            self.accuracy, self.precision, self.recall, self.f1
        ));
        for (t, ts) in &self.types {
            s.push_str(&format!(
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}\n",
                t, ts.precision, ts.recall, ts.f1, ts.predicted
            ));
        }
        s
    }
}

/// Splits a label into (tag, type) as conlleval does: `B-PER` → (`B`,
/// `PER`); a label without `-` has the empty type.
fn split(label: &str) -> (&str, &str) {
    match label.split_once('-') {
        Some((t, ty)) => (t, ty),
        None => (label, ""),
    }
}

/// conlleval's `endOfChunk`.
fn end_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    let mut end = matches!(
        (prev_tag, tag),
        ("B", "B") | ("B", "O") | ("I", "B") | ("I", "O") | ("E", "E") | ("E", "I") | ("E", "O")
    );
    if prev_tag != "O" && prev_tag != "." && prev_type != ty {
        end = true;
    }
    if prev_tag == "]" || prev_tag == "[" {
        end = true;
    }
    end
}

/// conlleval's `startOfChunk`.
fn start_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    let mut start = matches!(
        (prev_tag, tag),
        ("B", "B") | ("I", "B") | ("O", "B") | ("O", "I") | ("E", "E") | ("E", "I") | ("O", "E")
    );
    if tag != "O" && tag != "." && prev_type != ty {
        start = true;
    }
    if tag == "[" || tag == "]" {
        start = true;
    }
    start
}

/// Scores predicted tags against gold tags, sentence by sentence, with
/// conlleval's rules. `gold[i]` and `pred[i]` must have equal lengths.
///
/// # Panics
/// If the numbers of sentences or of tokens in a sentence differ.
pub fn score<G: AsRef<str>, P: AsRef<str>>(gold: &[Vec<G>], pred: &[Vec<P>]) -> Scores {
    assert_eq!(gold.len(), pred.len(), "sentence counts differ");
    let mut st = State::default();
    for (g, p) in gold.iter().zip(pred) {
        assert_eq!(g.len(), p.len(), "token counts differ");
        for (g, p) in g.iter().zip(p) {
            st.step(g.as_ref(), p.as_ref(), true);
        }
        // A sentence boundary is processed as an O/O line that is not
        // counted as a token, exactly as conlleval does.
        st.step("O", "O", false);
    }
    st.finish()
}

#[derive(Default)]
struct State {
    in_correct: bool,
    last_correct: String,
    last_correct_type: String,
    last_guessed: String,
    last_guessed_type: String,
    correct_chunk: usize,
    found_correct: usize,
    found_guessed: usize,
    tokens: usize,
    correct_tags: usize,
    per_type: BTreeMap<String, [usize; 3]>, // gold, predicted, correct
}

impl State {
    fn step(&mut self, correct_label: &str, guessed_label: &str, count_token: bool) {
        if self.last_correct.is_empty() {
            self.last_correct = "O".into();
            self.last_guessed = "O".into();
        }
        let (correct, correct_type) = split(correct_label);
        let (guessed, guessed_type) = split(guessed_label);
        let (lc, lct) = (self.last_correct.as_str(), self.last_correct_type.as_str());
        let (lg, lgt) = (self.last_guessed.as_str(), self.last_guessed_type.as_str());

        if self.in_correct {
            let end_c = end_of_chunk(lc, correct, lct, correct_type);
            let end_g = end_of_chunk(lg, guessed, lgt, guessed_type);
            if end_c && end_g && lgt == lct {
                self.in_correct = false;
                self.correct_chunk += 1;
                self.per_type.entry(lct.to_string()).or_default()[2] += 1;
            } else if end_c != end_g || guessed_type != correct_type {
                self.in_correct = false;
            }
        }
        let start_c = start_of_chunk(lc, correct, lct, correct_type);
        let start_g = start_of_chunk(lg, guessed, lgt, guessed_type);
        if start_c && start_g && guessed_type == correct_type {
            self.in_correct = true;
        }
        if start_c {
            self.found_correct += 1;
            self.per_type.entry(correct_type.to_string()).or_default()[0] += 1;
        }
        if start_g {
            self.found_guessed += 1;
            self.per_type.entry(guessed_type.to_string()).or_default()[1] += 1;
        }
        if count_token {
            self.tokens += 1;
            if correct_label == guessed_label && correct_type == guessed_type {
                self.correct_tags += 1;
            }
        }
        self.last_correct = correct.to_string();
        self.last_correct_type = correct_type.to_string();
        self.last_guessed = guessed.to_string();
        self.last_guessed_type = guessed_type.to_string();
    }

    fn finish(mut self) -> Scores {
        if self.in_correct {
            self.correct_chunk += 1;
            let t = self.last_correct_type.clone();
            self.per_type.entry(t).or_default()[2] += 1;
        }
        let micro =
            TypeScores::from_counts(self.found_correct, self.found_guessed, self.correct_chunk);
        let types = self
            .per_type
            .into_iter()
            .filter(|(t, _)| !t.is_empty())
            .map(|(t, [g, p, c])| (t, TypeScores::from_counts(g, p, c)))
            .collect();
        Scores {
            precision: micro.precision,
            recall: micro.recall,
            f1: micro.f1,
            accuracy: if self.tokens > 0 {
                100.0 * self.correct_tags as f64 / self.tokens as f64
            } else {
                0.0
            },
            tokens: self.tokens,
            gold: self.found_correct,
            predicted: self.found_guessed,
            correct: self.correct_chunk,
            types,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_tagger_scores_100() {
        let gold = vec![v("B-PER I-PER O B-LOC"), v("O B-ORG I-ORG I-ORG O B-MISC")];
        let s = score(&gold, &gold);
        assert!(close(s.precision, 100.0) && close(s.recall, 100.0) && close(s.f1, 100.0));
        assert!(close(s.accuracy, 100.0));
        assert_eq!((s.gold, s.predicted, s.correct, s.tokens), (4, 4, 4, 10));
        for t in ["PER", "LOC", "ORG", "MISC"] {
            assert!(close(s.types[t].f1, 100.0), "{t}");
        }
    }

    #[test]
    fn partial_matches_score_as_conlleval() {
        // gold: [John Smith]PER visited [New York]LOC with [IBM]ORG
        // pred: [John]PER [Smith]PER visited [New York]LOC with [IBM]LOC
        let gold = vec![v("B-PER I-PER O B-LOC I-LOC O B-ORG")];
        let pred = vec![v("B-PER B-PER O B-LOC I-LOC O B-LOC")];
        let s = score(&gold, &pred);
        // gold 3 chunks, predicted 4, correct 1 (New York).
        assert_eq!((s.gold, s.predicted, s.correct), (3, 4, 1));
        assert!(close(s.precision, 25.0));
        assert!(close(s.recall, 100.0 / 3.0));
        let f = 2.0 * 25.0 * (100.0 / 3.0) / (25.0 + 100.0 / 3.0);
        assert!(close(s.f1, f));
        // PER: gold 1, pred 2, correct 0 → P = R = F = 0.
        assert_eq!((s.types["PER"].gold, s.types["PER"].predicted), (1, 2));
        assert!(close(s.types["PER"].f1, 0.0));
        // LOC: gold 1, pred 2, correct 1 → P 50, R 100, F 66.67.
        assert!(close(s.types["LOC"].precision, 50.0));
        assert!(close(s.types["LOC"].recall, 100.0));
        assert!(close(s.types["LOC"].f1, 200.0 / 3.0));
        // ORG: gold 1, pred 0 → P 0 (nothing found), R 0.
        assert_eq!(s.types["ORG"].predicted, 0);
        assert!(close(s.types["ORG"].f1, 0.0));
        // token accuracy: 5 of 7 tags equal.
        assert!(close(s.accuracy, 500.0 / 7.0));
    }

    #[test]
    fn i_after_o_or_other_type_starts_a_chunk() {
        // pred `O I-PER I-PER` is one chunk (I after O starts it) and
        // matches gold `O B-PER I-PER`.
        let s = score(&[v("O B-PER I-PER")], &[v("O I-PER I-PER")]);
        assert_eq!((s.gold, s.predicted, s.correct), (1, 1, 1));
        assert!(close(s.f1, 100.0));
        // `B-PER I-LOC`: the I-LOC after PER starts a new LOC chunk.
        let s = score(&[v("B-PER B-LOC")], &[v("B-PER I-LOC")]);
        assert_eq!((s.gold, s.predicted, s.correct), (2, 2, 2));
        // A chunk that is too long in the prediction is wrong.
        let s = score(&[v("B-ORG O")], &[v("B-ORG I-ORG")]);
        assert_eq!((s.gold, s.predicted, s.correct), (1, 1, 0));
        assert!(close(s.f1, 0.0));
        // Sentence boundaries close chunks: the same span split over two
        // sentences is two chunks.
        let s = score(&[v("B-LOC"), v("I-LOC")], &[v("B-LOC"), v("I-LOC")]);
        assert_eq!((s.gold, s.predicted, s.correct), (2, 2, 2));
    }

    #[test]
    fn chunk_at_end_of_input_counts() {
        let s = score(&[v("O B-MISC I-MISC")], &[v("O B-MISC I-MISC")]);
        assert_eq!(s.correct, 1);
        // A shorter predicted chunk at the very end is not a match.
        let s = score(&[v("O B-MISC I-MISC")], &[v("O O B-MISC")]);
        assert_eq!((s.gold, s.predicted, s.correct), (1, 1, 0));
    }

    #[test]
    fn empty_input_scores_zero() {
        let s = score::<String, String>(&[], &[]);
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
        assert!(s.types.is_empty());
    }

    #[test]
    fn json_has_micro_fields_and_types() {
        let s = score(&[v("B-PER")], &[v("B-PER")]);
        let j = serde_json::to_value(&s).unwrap();
        for k in ["precision", "recall", "f1"] {
            assert!(j[k].is_number(), "{k}");
            assert!(j["types"]["PER"][k].is_number(), "{k}");
        }
    }

    #[test]
    fn reader_skips_docstart_and_ignores_middle_columns() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n\
                    -DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\n";
        let s = parse(text).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, v("EU rejects"));
        assert_eq!(s[0].tags, v("B-ORG O"));
        assert_eq!((s[0].doc, s[1].doc), (0, 1));
        assert_eq!(s[1].lowercased().tokens, v("peter"));
        assert!(parse("lonely\n").is_err());
    }
}
