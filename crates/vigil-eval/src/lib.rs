//! Vigil's event yardstick.
//!
//! In: the annotated public news corpora under `../shared/train` and `../shared/eval`
//! (WikiEvents, RAMS, M2E2, GENEVA, UDS "It Happened", ECB+, re3d, UCDP GED, MUC-4). Out:
//! [`GoldDoc`]s — each corpus' events and arguments mapped onto ONTOLOGY.md ([`mapping`]) — and
//! a [`score::Report`] comparing Vigil's output with them: event detection per kind, arguments
//! per role (head-word match), modality, within-document duplicates, places and tolls where a
//! corpus annotates them.
//!
//! ```no_run
//! use vigil_eval::{load, Set};
//! let docs = load(Set::WikiEventsDev, "../shared".as_ref()).unwrap();
//! assert!(docs.iter().any(|d| !d.events.is_empty()));
//! ```
#![deny(missing_docs)]

pub mod detok;
mod ecbplus;
mod m2e2;
pub mod mapping;
mod muc4;
mod rams;
mod re3d;
pub mod score;
mod ucdp;
mod uds;
mod wikievents;

pub use vigil_model::gold::{Coverage, GoldArg, GoldDoc, GoldEntity, GoldEvent};

use mapping::Mapped;
use std::ops::Range;
use std::path::Path;
use vigil_model::EventKind;

/// A problem reading a corpus.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file is not what its corpus promises.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file.
        path: String,
        /// Line (1-based), or 0 when the file as a whole is wrong.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn at(path: &str, line: usize, message: impl std::fmt::Display) -> Error {
        Error::Format {
            path: path.into(),
            line,
            message: message.to_string(),
        }
    }
}

/// The annotated sets `vigil eval events` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// WikiEvents dev (`eval/wikievents/dev.jsonl`, 20 documents).
    WikiEventsDev,
    /// WikiEvents train (`train/wikievents/train.jsonl`, 206 documents).
    WikiEventsTrain,
    /// RAMS dev (`train/rams/dev.jsonlines`): one annotated event per five-sentence window.
    Rams,
    /// M2E2 text events (`train/m2e2/m2e2_annotations.zip`): Voice of America sentences, ACE
    /// types, grouped back into their articles.
    M2e2,
    /// GENEVA val (`train/geneva/val.json`): FrameNet-typed events, one sentence each.
    Geneva,
    /// UDS "It Happened" v2 dev (`train/uds-ih2/dev.jsonl`): factuality of predicates.
    Uds,
    /// UDS "It Happened" v2 train (`train/uds-ih2/train.jsonl`): English web text (reviews,
    /// e-mails, blogs, newsgroups), the detector's ordinary-text negatives.
    UdsTrain,
    /// ECB+ topics 1–35 (`train/ecbplus/topics`): event mentions with coreference chains and
    /// negated events.
    EcbPlus,
    /// re3d (`train/re3d`): conflict-domain documents with typed entities.
    Re3d,
    /// UCDP GED Syria 2016–17 (`train/ucdp/ged_syria_2016_2017.tsv`): coded events, each
    /// read from the headline of its source report.
    Ucdp,
    /// MUC-4 dev (`eval/muc4/dev.json`): templates per document.
    Muc4Dev,
    /// MUC-4 train (`eval/muc4/train.json`).
    Muc4Train,
}

impl Set {
    /// Every set, in the order `vigil eval events all` reports them.
    pub const ALL: [Set; 12] = [
        Set::WikiEventsDev,
        Set::WikiEventsTrain,
        Set::Rams,
        Set::M2e2,
        Set::Geneva,
        Set::Uds,
        Set::UdsTrain,
        Set::EcbPlus,
        Set::Re3d,
        Set::Ucdp,
        Set::Muc4Dev,
        Set::Muc4Train,
    ];

    /// The name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Set::WikiEventsDev => "wikievents-dev",
            Set::WikiEventsTrain => "wikievents-train",
            Set::Rams => "rams",
            Set::M2e2 => "m2e2",
            Set::Geneva => "geneva",
            Set::Uds => "uds",
            Set::UdsTrain => "uds-train",
            Set::EcbPlus => "ecbplus",
            Set::Re3d => "re3d",
            Set::Ucdp => "ucdp",
            Set::Muc4Dev => "muc4-dev",
            Set::Muc4Train => "muc4-train",
        }
    }

    /// The set of a command-line name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Set> {
        Set::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Its path under the shared folder.
    #[must_use]
    pub fn path(self) -> &'static str {
        match self {
            Set::WikiEventsDev => "eval/wikievents/dev.jsonl",
            Set::WikiEventsTrain => "train/wikievents/train.jsonl",
            Set::Rams => "train/rams/dev.jsonlines",
            Set::M2e2 => "train/m2e2/m2e2_annotations.zip",
            Set::Geneva => "train/geneva/val.json",
            Set::Uds => "train/uds-ih2/dev.jsonl",
            Set::UdsTrain => "train/uds-ih2/train.jsonl",
            Set::EcbPlus => "train/ecbplus/topics",
            Set::Re3d => "train/re3d",
            Set::Ucdp => "train/ucdp/ged_syria_2016_2017.tsv",
            Set::Muc4Dev => "eval/muc4/dev.json",
            Set::Muc4Train => "eval/muc4/train.json",
        }
    }
}

pub(crate) fn read_file(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Reads one set from the shared folder (`../shared`).
///
/// # Errors
/// A missing or malformed file, named.
pub fn load(set: Set, shared: &Path) -> Result<Vec<GoldDoc>, Error> {
    let path = shared.join(set.path());
    let shown = path.display().to_string();
    match set {
        Set::WikiEventsDev | Set::WikiEventsTrain => wikievents::read(&shown, &read_file(&path)?),
        Set::Rams => rams::read(&shown, &read_file(&path)?),
        Set::M2e2 => m2e2::read(&path),
        Set::Geneva => rams::read_geneva(&shown, &read_file(&path)?),
        Set::Uds | Set::UdsTrain => uds::read(&shown, &read_file(&path)?),
        Set::EcbPlus => ecbplus::read(&path),
        Set::Re3d => re3d::read(&path),
        Set::Ucdp => ucdp::read(&shown, &read_file(&path)?),
        Set::Muc4Dev | Set::Muc4Train => muc4::read(&shown, &read_file(&path)?),
    }
}

/// One gold event from a corpus type, its trigger and its arguments (corpus role, text, span
/// when known).
pub(crate) fn build_event<'a>(
    text: &str,
    source_type: &str,
    trigger: Option<Range<usize>>,
    args: impl Iterator<Item = (&'a str, &'a str, Option<Range<usize>>)>,
) -> GoldEvent {
    let (kind, subtype) = match mapping::event_type(source_type) {
        Mapped::Event(k, s) => (Some(k), s.map(str::to_string)),
        Mapped::Casualty | Mapped::Other => (None, None),
    };
    let mut e = GoldEvent {
        kind,
        subtype,
        source_type: source_type.to_string(),
        trigger,
        ..GoldEvent::default()
    };
    for (role, arg, span) in args {
        let Some(r) = mapping::role(kind, role) else {
            continue;
        };
        let span = span.filter(|s| text.get(s.clone()).is_some());
        e.args.push(GoldArg {
            role: r,
            source_role: role.to_string(),
            text: arg.to_string(),
            span,
            also: Vec::new(),
        });
    }
    e
}

/// Whether a corpus type is a death or injury mention.
#[must_use]
pub fn is_casualty(e: &GoldEvent) -> bool {
    e.kind.is_none() && mapping::event_type(&e.source_type) == Mapped::Casualty
}

/// Completes a document: arguments without offsets are found by search (the occurrence
/// nearest the trigger), and the arguments of a death or injury go to the attack reported in
/// the same sentence (the nearest one).
pub(crate) fn finish_doc(doc: &mut GoldDoc) {
    let text = doc.text.clone();
    for e in &mut doc.events {
        let at = e.trigger.as_ref().map_or(0, |t| t.start);
        for a in e.args.iter_mut().filter(|a| a.span.is_none()) {
            a.span = nearest_occurrence(&text, &a.text, at);
        }
    }
    let sentence_of = |pos: usize| doc.sentences.iter().position(|s| s.contains(&pos));
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for (i, e) in doc.events.iter().enumerate() {
        if !is_casualty(e) {
            continue;
        }
        let Some(t) = &e.trigger else { continue };
        let Some(s) = sentence_of(t.start) else {
            continue;
        };
        let attack = doc
            .events
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                x.kind == Some(EventKind::Attack)
                    && x.trigger
                        .as_ref()
                        .is_some_and(|xt| sentence_of(xt.start) == Some(s))
            })
            .min_by_key(|(_, x)| {
                x.trigger
                    .as_ref()
                    .map_or(usize::MAX, |xt| xt.start.abs_diff(t.start))
            })
            .map(|(j, _)| j);
        if let Some(j) = attack {
            moves.push((i, j));
        }
    }
    for (i, j) in moves {
        let args = doc.events[i].args.clone();
        let target = &mut doc.events[j];
        for a in args {
            if !target
                .args
                .iter()
                .any(|x| x.span.is_some() && x.span == a.span && x.role == a.role)
            {
                target.args.push(a);
            }
        }
    }
}

/// The byte range of the occurrence of `needle` (at word boundaries) nearest to `at`.
pub(crate) fn nearest_occurrence(text: &str, needle: &str, at: usize) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(needle)
        .filter(|(i, m)| {
            !word(text[..*i].chars().next_back()) && !word(text[i + m.len()..].chars().next())
        })
        .map(|(i, m)| i..i + m.len())
        .min_by_key(|r| r.start.abs_diff(at))
}
