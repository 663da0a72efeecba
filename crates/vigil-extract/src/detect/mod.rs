//! Learned event detection: which words of a sentence report an attack, an arrest, a threat
//! or casualties.
//!
//! A cheap gate first: only words whose stem was seen reporting an event in training (or is
//! in the trigger lexicon), or whose word cluster holds such words, are looked at, so most
//! sentences of most pages cost one hash lookup per word. Each such word is then classified by
//! a multinomial logistic regression over hashed features (`detect/features.rs`): its form, stem and
//! clusters, its neighbours, the lexicon's and vocabularies' say, syntax-like cues, and what
//! the sentence and document hold. The model is trained by `vigil train events` on WikiEvents,
//! M2E2, GENEVA and RAMS ([`train`]); the lexicon is one feature among many, not a gate.

pub mod args;
pub mod clusters;
pub(crate) mod features;
pub mod linear;
pub mod model;
pub mod train;

pub use clusters::Clusters;
pub use model::{Class, Detector, CLASSES};

use crate::Extractor;
use features::{token_features, DocContext, Form, SentCues};
use std::sync::{Arc, OnceLock};
use vigil_model::TokenKind;
use vigil_nlp::Annotated;

const EMBEDDED: &[u8] = include_bytes!("../../../../data/events/detector.model");

/// A word (or run of words) the detector says reports an event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it reports.
    pub class: Class,
    /// The model's probability of that class.
    pub p: f32,
}

impl Detector {
    /// The detector compiled into the binary (`data/events/detector.model`), decoded once;
    /// `None` only in a checkout whose model has not been trained yet (an empty file).
    ///
    /// # Panics
    /// When the embedded model is malformed (a build from a broken checkout).
    #[must_use]
    pub fn embedded() -> Option<Arc<Detector>> {
        static D: OnceLock<Option<Arc<Detector>>> = OnceLock::new();
        D.get_or_init(|| {
            (!EMBEDDED.is_empty()).then(|| {
                Arc::new(
                    Detector::from_bytes(EMBEDDED)
                        .unwrap_or_else(|e| panic!("data/events/detector.model: {e}")),
                )
            })
        })
        .clone()
    }
}

/// The document context the features read: lexicon matches and vocabulary hits per token.
pub(crate) fn doc_context<'a>(x: &Extractor, a: &'a Annotated) -> DocContext<'a> {
    let n = a.tokens.len();
    let mut lexicon: Vec<Option<(u64, bool)>> = vec![None; n];
    for m in x
        .triggers
        .find(&a.text, &a.lower, &a.tokens, 0..n, |_| true)
    {
        let t = &m.payloads[0];
        let key = format!("{}:{}:{}", t.kind.as_str(), t.subtype, t.strong);
        let hsh = clusters::fnv(key.as_bytes());
        for (k, slot) in lexicon[m.start..m.end].iter_mut().enumerate() {
            slot.get_or_insert((hsh, k == 0));
        }
    }
    let hits: Vec<(usize, usize, u8)> = crate::context::vocab_hits(&x.vocab, a, 0..n)
        .into_iter()
        .map(|h| {
            let bit = match h.class.as_str() {
                "channel" => 1,
                "weapon" => 2,
                "speaker" => 4,
                _ => 8,
            };
            (h.start, h.end, bit)
        })
        .collect();
    DocContext::new(a, lexicon, &hits)
}

/// Function words of English and of the other languages most common in the pages Vigil is
/// pointed at. The learned models are trained on English: a text whose function words are
/// mostly another language's is not given to them ("die" is an article in German).
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "a", "is", "was", "that", "for", "on", "with", "by", "as", "at",
    "from", "were", "are", "has", "have", "had", "it", "its", "this", "which", "be", "been",
    "their", "they", "he", "she", "after", "said", "who", "an", "or", "not", "but",
];
const OTHER: [&[&str]; 6] = [
    // German
    &[
        "der", "die", "und", "das", "ist", "nicht", "mit", "von", "den", "zu", "ein", "eine",
        "für", "auf", "dem", "des", "sich", "auch", "wird", "sind", "wurde",
    ],
    // French
    &[
        "le", "la", "les", "et", "des", "est", "du", "une", "dans", "pour", "qui", "pas", "sur",
        "au", "avec", "sont", "été", "aux", "par", "ce",
    ],
    // Spanish
    &[
        "el", "los", "las", "y", "del", "que", "por", "una", "para", "con", "es", "se", "fue",
        "lo", "como", "más", "su", "sus", "al",
    ],
    // Italian
    &[
        "il", "di", "che", "per", "non", "della", "sono", "gli", "delle", "nel", "dei", "una", "è",
        "alla", "anche",
    ],
    // Portuguese
    &[
        "os", "que", "não", "uma", "para", "com", "por", "mais", "foi", "dos", "das", "ao", "pelo",
        "são",
    ],
    // Dutch
    &[
        "het", "een", "van", "en", "niet", "zijn", "voor", "met", "ook", "wordt", "werd", "naar",
        "dat", "bij",
    ],
];

/// Whether a text reads as English: its English function words at least as many as any other
/// language's (counted over the first 3,000 words). A text with none of either (a headline)
/// counts as English.
#[must_use]
pub fn reads_english(a: &Annotated) -> bool {
    let mut en = 0usize;
    let mut other = [0usize; OTHER.len()];
    for i in (0..a.tokens.len())
        .filter(|&i| a.tokens[i].kind == TokenKind::Word)
        .take(3000)
    {
        let w = a.low(i);
        if ENGLISH.contains(&w) {
            en += 1;
        }
        for (k, list) in OTHER.iter().enumerate() {
            if list.contains(&w) {
                other[k] += 1;
            }
        }
    }
    other.iter().all(|&o| en >= o)
}

/// Whether token `i` passes the gate.
pub(crate) fn gated(d: &Detector, a: &Annotated, i: usize) -> bool {
    a.tokens[i].kind == TokenKind::Word && d.may_trigger(a.low(i))
}

/// Class probabilities of every gated word of sentence `si`: (token, probabilities).
pub(crate) fn sentence_probabilities(
    d: &Detector,
    ctx: &DocContext,
    si: usize,
) -> Vec<(usize, [f32; CLASSES])> {
    let a = ctx.a;
    let range = a.sentence_tokens[si].clone();
    let cands: Vec<usize> = range.clone().filter(|&i| gated(d, a, i)).collect();
    if cands.is_empty() {
        return Vec::new();
    }
    let forms: Vec<Form> = range.clone().map(|i| Form::of(a, i, &d.clusters)).collect();
    let cues = SentCues::new(ctx, si, range.clone());
    let mut feats = Vec::with_capacity(64);
    cands
        .into_iter()
        .map(|i| {
            token_features(ctx, &cues, &range, &forms, i, &mut feats);
            (i, d.probabilities(&feats))
        })
        .collect()
}

/// The detections among a sentence's word probabilities: words whose most probable event
/// class reaches the threshold; neighbouring words of one class form one detection.
pub(crate) fn decide(d: &Detector, probabilities: &[(usize, [f32; CLASSES])]) -> Vec<Detection> {
    let mut out: Vec<Detection> = Vec::new();
    for &(i, p) in probabilities {
        let (k, best) =
            p.iter()
                .enumerate()
                .skip(1)
                .fold((0, 0f32), |b, (k, &v)| if v > b.1 { (k, v) } else { b });
        if k == 0 || best < d.threshold {
            continue;
        }
        let class = Class::ALL[k];
        if let Some(last) = out.last_mut() {
            if last.end == i && last.class == class {
                last.end = i + 1;
                last.p = last.p.max(best);
                continue;
            }
        }
        out.push(Detection {
            start: i,
            end: i + 1,
            class,
            p: best,
        });
    }
    out
}
