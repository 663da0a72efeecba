//! Vigil's event extraction.
//!
//! In: raw text and metadata. Out: a [`DocumentOutput`] — the events the article reports, each
//! with kind, subtype, modality, roles, time, places, in-article source, evidence sentences,
//! links and a computed confidence. Stages: [`vigil_nlp`] annotates, [`vigil_geo`] resolves
//! places, the trigger lexicon (`data/lexicon/triggers.tsv`) proposes candidate events per
//! sentence, role rules fill them from the sentence, candidates that report the same event are
//! merged, and claims, denials, assessments and alert changes are linked to what they are about.
//!
//! ```
//! use vigil_extract::{Extractor, Input};
//! let x = Extractor::new().unwrap();
//! let out = x.extract(&Input::text("doc", "Gunmen killed 12 people in Kabul on Monday. The Taliban denied involvement."));
//! assert_eq!(out.events[0].kind.as_str(), "attack");
//! ```
#![deny(missing_docs)]

mod candidate;
mod context;
pub mod detect;
mod lexicon;
mod merge;
pub mod muc4;
mod unlisted;

pub use lexicon::{builtin_triggers, parse_triggers, trigger_words, Trigger};

use vigil_geo::Gazetteer;
use vigil_model::{Date, Document, DocumentOutput};
use vigil_nlp::{DataError, Nlp, PhraseIndex};

const VOCAB_TSV: &str = include_str!("../../../data/lexicon/vocab.tsv");

/// One document to extract from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Document id.
    pub id: String,
    /// Where it came from.
    pub source: String,
    /// Headline, when known apart from the text.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
    /// Raw text.
    pub text: String,
    /// Byte ranges of `text` that are photo or video captions (as an HTML reader marks them):
    /// their sentences are captions, whatever they look like.
    pub captions: Vec<std::ops::Range<usize>>,
}

impl Input {
    /// A document from text alone.
    #[must_use]
    pub fn text(id: &str, text: &str) -> Input {
        Input {
            id: id.into(),
            source: id.into(),
            title: None,
            published: None,
            text: text.into(),
            captions: Vec::new(),
        }
    }
}

/// The extraction pipeline with all resources loaded once.
#[derive(Debug, Clone)]
pub struct Extractor {
    /// NLP stage.
    pub nlp: Nlp,
    /// Gazetteer.
    pub gazetteer: Gazetteer,
    triggers: PhraseIndex<Trigger>,
    vocab: PhraseIndex<String>,
    /// Whether the learned entity tagger looks for unlisted organisations and people in the
    /// sentences that hold a trigger (on by default; see [`Extractor::with_entity_tagger`]).
    tagger: bool,
    /// The learned event detector (attacks, arrests, threats, casualties); `None` leaves
    /// detection to the trigger lexicon alone.
    detector: Option<std::sync::Arc<detect::Detector>>,
    /// Armed groups' names written as acronyms ("SDF", "YPG", "ISIS"): a page gate's sign that
    /// a text names an armed side ("Advances for SDF in Aleppo countryside").
    group_acronyms: std::collections::HashSet<String>,
}

impl Extractor {
    /// Loads every built-in resource.
    ///
    /// # Errors
    /// A malformed built-in data file (names file and line).
    pub fn new() -> Result<Extractor, DataError> {
        Ok(Extractor::lexicon_only()?.with_detector(detect::Detector::embedded()))
    }

    /// Loads every built-in resource but the learned event detector: the trigger lexicon alone
    /// proposes events (what `vigil train events` starts from).
    ///
    /// # Errors
    /// A malformed built-in data file (names file and line).
    pub fn lexicon_only() -> Result<Extractor, DataError> {
        let nlp = Nlp::new()?;
        let gazetteer = Gazetteer::builtin(&nlp.actors)?;
        let group_acronyms = candidate::group_acronyms(&nlp.actors);
        Ok(Extractor {
            nlp,
            gazetteer,
            triggers: builtin_triggers()?,
            vocab: context::parse_vocab("data/lexicon/vocab.tsv", VOCAB_TSV)?,
            tagger: true,
            detector: None,
            group_acronyms,
        })
    }

    /// Uses another event detector (`None`: the trigger lexicon alone), e.g. one trained
    /// without the documents it is scored on.
    #[must_use]
    pub fn with_detector(
        mut self,
        detector: Option<std::sync::Arc<detect::Detector>>,
    ) -> Extractor {
        self.detector = detector;
        self
    }

    /// The lexicon's trigger words, lower-cased (the detector's gate always lets them by).
    #[must_use]
    pub fn trigger_words(&self) -> Vec<String> {
        lexicon::trigger_words()
    }

    /// Turns the learned entity tagger on or off. Off, only the dictionaries name actors and
    /// people (faster by a few per cent; `vigil bench extract` measures both).
    #[must_use]
    pub fn with_entity_tagger(mut self, on: bool) -> Extractor {
        self.tagger = on;
        self
    }

    /// Extracts the events of one document.
    #[must_use]
    pub fn extract(&self, input: &Input) -> DocumentOutput {
        self.extract_document(input).1
    }

    /// Extracts the events of one document and returns the document too: its normalised text
    /// is what every span of the output indexes (a store keeps it beside the events).
    #[must_use]
    pub fn extract_document(&self, input: &Input) -> (Document, DocumentOutput) {
        // Pages that hold no trigger word report no event: skip the rest of the analysis.
        let mut trigger_tokens: Vec<usize> = Vec::new();
        let mut a = self
            .nlp
            .annotate_with(&input.text, input.published, &input.captions, |a| {
                trigger_tokens = self
                    .triggers
                    .find(&a.text, &a.lower, &a.tokens, 0..a.tokens.len(), |_| true)
                    .iter()
                    .map(|m| m.start)
                    .collect();
                // Blows of weapons and aircraft: "Coalition warplanes target al-Raqqa" (only
                // in a text that names something armed).
                if candidate::blow_page(a, &self.group_acronyms) {
                    trigger_tokens
                        .extend((0..a.tokens.len()).filter(|&i| candidate::may_be_blow(a.low(i))));
                }
                if let Some(d) = self.detector.as_ref().filter(|_| detect::reads_english(a)) {
                    trigger_tokens.extend((0..a.tokens.len()).filter(|&i| detect::gated(d, a, i)));
                }
                trigger_tokens.sort_unstable();
                trigger_tokens.dedup();
                !trigger_tokens.is_empty()
            });
        let any_trigger = !trigger_tokens.is_empty();
        if any_trigger && self.tagger {
            // Organisations and people nobody listed, in the sentences that may report events.
            let mut sentences: Vec<usize> = trigger_tokens
                .iter()
                .map(|&t| a.sentence_tokens.partition_point(|r| r.end <= t))
                .filter(|&si| si < a.sentence_tokens.len())
                .collect();
            sentences.dedup();
            unlisted::tag(&mut a, &sentences, &self.gazetteer);
        }
        let title = input.title.clone().or_else(|| {
            a.sentences
                .iter()
                .find(|s| s.kind == vigil_model::SentenceKind::Headline)
                .map(|s| a.text[s.span.start..s.span.end].to_string())
        });
        let doc = Document {
            id: input.id.clone(),
            source: input.source.clone(),
            title,
            published: input.published,
            text: a.text.clone(),
        };
        let events = if any_trigger {
            let places = self.gazetteer.places(&a);
            let cands = candidate::propose(self, &a, &places);
            merge::finish(&doc, &a, cands, &self.nlp.actors)
        } else {
            Vec::new()
        };
        let out = DocumentOutput {
            document: doc.meta(),
            events,
        };
        (doc, out)
    }
}
