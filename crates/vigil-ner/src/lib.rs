//! Vigil's learned entity tagger.
//!
//! A greedy left-to-right averaged perceptron over hashed features (word
//! forms, affixes, shapes, capitalisation flags, a ±2 word window, nested
//! word clusters of GloVe 6B 50d vectors ([`glove`]) of the word and its
//! window, the two previous tags), trained on CoNLL-2003 and emitting IOB2 tags with the types `PER`,
//! `ORG`, `LOC` and `MISC` (an `I-X` is only ever emitted after `B-X`/`I-X`).
//! One model file holds two feature spaces in one hashed weight table: a
//! *cased* one, used for sentences that contain an upper-case letter, and an
//! *uncased* one (trained on a lower-cased copy of the training data), used
//! for sentences without any, so lower-cased text still gets tagged well.
//!
//! * [`train`] / [`TrainOptions`]: train a [`Model`] from a CoNLL file
//!   (`.with_glove(".vigil-data/glove-6b-50d")` adds the GloVe clusters the
//!   tagger's features use, `.with_shared_text("../shared")` the corpus
//!   clusters the MUC-4 role tagger reads); [`cross_validate`]: a
//!   cross-validated figure by document on the training data, by which
//!   settings are chosen.
//! * [`Model::save`], [`Model::load`], [`Model::from_bytes`],
//!   [`Model::embedded`]: the compact binary model format.
//! * [`Model::tag`]: tag one tokenised sentence.
//! * [`conll`]: CoNLL reader and a scorer that follows `conlleval`'s rules.
//! * [`evaluate_file`]: score a model on a CoNLL file (optionally
//!   lower-cased in memory first); [`bench()`]: tagging throughput.
//! * [`roles`]: a MUC-4 role-filler tagger in the same spirit (BIO tags over
//!   perpetrators, targets, victims and weapons), trained on the GRIT layout;
//!   its committed model is `data/muc4-roles.model` in this crate.

mod clusters;
mod features;
mod model;

pub mod conll;
pub mod glove;
pub mod roles;

pub use clusters::{read_unlabeled, Clusters};

pub use model::{
    bench, compute_clusters, cross_validate, doc_folds, evaluate, evaluate_file, glove_clusters,
    train, train_sentences, BenchReport, CaseMode, CvReport, Model, TrainOptions, TrainReport,
};

use std::fmt;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A model file is malformed or was written by an incompatible version.
    #[error("bad model file: {0}")]
    BadModel(String),
    /// A CoNLL file is malformed.
    #[error("bad CoNLL input: {0}")]
    BadConll(String),
    /// A GRIT-layout (MUC-4) file is malformed.
    #[error("bad MUC-4 input: {0}")]
    BadData(String),
    /// The GloVe vectors are missing or malformed (see [`glove::read`]).
    #[error("{0}")]
    Glove(String),
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Entity types of CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// Person.
    Per,
    /// Organisation.
    Org,
    /// Location.
    Loc,
    /// Miscellaneous (nationalities, events, works, …).
    Misc,
}

impl EntityType {
    /// All types, in class order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
    ];

    /// The CoNLL label (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// Parses a CoNLL label.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PER" => Some(EntityType::Per),
            "ORG" => Some(EntityType::Org),
            "LOC" => Some(EntityType::Loc),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }
}

/// An IOB2 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Outside any entity.
    O,
    /// First token of an entity.
    B(EntityType),
    /// Continuation of an entity.
    I(EntityType),
}

/// Number of tag classes (O + B/I × 4 types).
pub const N_CLASSES: usize = 9;

impl Tag {
    /// Class index: O = 0, B-PER = 1, I-PER = 2, B-ORG = 3, …, I-MISC = 8.
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(t) => 1 + 2 * t as usize,
            Tag::I(t) => 2 + 2 * t as usize,
        }
    }

    /// Inverse of [`Tag::index`]; panics on an index ≥ [`N_CLASSES`].
    pub fn from_index(i: usize) -> Tag {
        assert!(i < N_CLASSES, "tag index out of range");
        if i == 0 {
            Tag::O
        } else {
            let t = EntityType::ALL[(i - 1) / 2];
            if i % 2 == 1 {
                Tag::B(t)
            } else {
                Tag::I(t)
            }
        }
    }

    /// The entity type, if any.
    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Tag::O => None,
            Tag::B(t) | Tag::I(t) => Some(t),
        }
    }

    /// Parses `O`, `B-PER`, `I-LOC`, …; `None` for anything else.
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (p, t) = s.split_once('-')?;
        let t = EntityType::parse(t)?;
        match p {
            "B" => Some(Tag::B(t)),
            "I" => Some(Tag::I(t)),
            _ => None,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(t) => write!(f, "B-{}", t.as_str()),
            Tag::I(t) => write!(f, "I-{}", t.as_str()),
        }
    }
}

/// Path of the committed CoNLL-2003 English model (`data/ner/conll-en.model`
/// at the repository root), as seen from this crate's sources.
pub const DEFAULT_MODEL_PATH: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/ner/conll-en.model");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_index_roundtrip() {
        for i in 0..N_CLASSES {
            let t = Tag::from_index(i);
            assert_eq!(t.index(), i);
            assert_eq!(Tag::parse(&t.to_string()), Some(t));
        }
        assert_eq!(Tag::parse("B-XYZ"), None);
        assert_eq!(Tag::parse("E-PER"), None);
    }
}
