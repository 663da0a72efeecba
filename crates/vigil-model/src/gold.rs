//! Gold annotations: what an annotated corpus says a document reports, mapped onto the
//! ontology. Readers of public benchmark sets produce these; the event scorer compares Vigil's
//! output with them and the learned extraction models train on them.
//!
//! Offsets are byte ranges into [`GoldDoc::text`] (the text as the corpus gives it, or as
//! rebuilt from its tokens), never into Vigil's normalised text.

use crate::{Date, EventKind, Role};
use std::ops::Range;

/// One annotated document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldDoc {
    /// Corpus document id.
    pub id: String,
    /// The text.
    pub text: String,
    /// Publication date, when the corpus gives one.
    pub published: Option<Date>,
    /// Sentence byte ranges as the corpus segments the text (may be empty).
    pub sentences: Vec<Range<usize>>,
    /// Annotated events, those outside the ontology included (with `kind: None`).
    pub events: Vec<GoldEvent>,
    /// Annotated entities (re3d), with the corpus' own type names.
    pub entities: Vec<GoldEntity>,
    /// How completely the corpus annotates events.
    pub coverage: Coverage,
}

/// How completely a corpus annotates the events of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Coverage {
    /// Every event of the corpus' types is annotated: a predicted event where none is annotated
    /// is a false positive, and every unannotated word is a negative example.
    #[default]
    Complete,
    /// Only some events are annotated (RAMS: one per window): precision cannot be measured and
    /// unannotated words are no negative examples.
    Partial,
    /// Events are annotated per document without trigger words (MUC-4 templates, UCDP rows).
    Document,
    /// No event annotation (re3d entities, UDS factuality).
    None,
}

/// One annotated event mention.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldEvent {
    /// Vigil's kind, or `None` for an event type the ontology does not cover.
    pub kind: Option<EventKind>,
    /// Vigil's subtype where the corpus type tells it (`bombing`, `armed_assault` …).
    pub subtype: Option<String>,
    /// The corpus' own type name (`Conflict.Attack.DetonateExplode`, `Life:Die` …).
    pub source_type: String,
    /// Trigger words, when annotated.
    pub trigger: Option<Range<usize>>,
    /// Arguments mapped onto Vigil's roles (unmapped roles are left out).
    pub args: Vec<GoldArg>,
    /// Did it happen: a factuality score in [-3, 3] (UDS) or `Some(-3.0)` for an annotated
    /// negated event (ECB+ `NEG_ACTION_*`).
    pub factuality: Option<f32>,
    /// Coreference chain id within the corpus (ECB+).
    pub chain: Option<String>,
    /// Killed, where the corpus codes a count (UCDP `best`).
    pub killed: Option<u64>,
    /// Coded location, latitude and longitude (UCDP).
    pub point: Option<(f64, f64)>,
    /// Coded country, ISO 3166-1 alpha-2 (UCDP).
    pub country: Option<String>,
}

/// One argument of a gold event.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldArg {
    /// Vigil's role.
    pub role: Role,
    /// The corpus' own role name.
    pub source_role: String,
    /// The argument's text.
    pub text: String,
    /// Where it is, when the corpus gives offsets (or they were recovered by search).
    pub span: Option<Range<usize>>,
    /// Other mentions of the same entity (MUC-4 lists coreferent mentions): matching any of
    /// them is matching the argument.
    pub also: Vec<String>,
}

/// One annotated entity (re3d).
#[derive(Debug, Clone, PartialEq)]
pub struct GoldEntity {
    /// The corpus' type name (`Organisation`, `Location`, `Weapon` …).
    pub kind: String,
    /// Where it is.
    pub span: Range<usize>,
}
