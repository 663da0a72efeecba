//! Vigil's shared data model.
//!
//! Every stage of the pipeline meets through the types here and never through each other:
//! ingest produces a [`Document`], the NLP stage annotates it with [`Sentence`]s, [`Token`]s and
//! [`Mention`]s, extraction produces [`Event`]s, and the CLI serialises a [`DocumentOutput`].
//!
//! The central promise is the [`Span`]: a byte range into the document's *normalised* text, so
//! `&text[span]` is always the quote a value rests on.
//!
//! ```
//! use vigil_model::Span;
//! let text = "IS claimed the attack.";
//! let span = Span::new(0, 2);
//! assert_eq!(span.slice(text), "IS");
//! ```
#![deny(missing_docs)]

mod date;
mod document;
mod event;
pub mod gold;
mod ontology;
mod span;

pub use date::Date;
pub use document::{
    CaseProfile, Document, DocumentMeta, DocumentOutput, Mention, MentionKind, Sentence,
    SentenceKind, Token, TokenKind,
};
pub use event::{Event, Evidence, Links, PlaceRef, Quantity, RoleValue, SourceRef, TimeRef};
pub use ontology::{
    Attribution, EventKind, GeoPrecision, Modality, Qualifier, Role, Stance, TimePrecision,
};
pub use span::Span;

/// Bits in which two 64-bit SimHash fingerprints differ (their Hamming distance): how near two
/// texts are. `vigil-ingest` makes the fingerprints and sets how near is a near-duplicate;
/// `vigil-store` finds the stored fingerprints near one.
#[must_use]
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}
