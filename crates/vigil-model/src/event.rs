//! Events: what the extraction stage produces.

use crate::{Date, EventKind, GeoPrecision, Modality, Qualifier, Role, Span, TimePrecision};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One event reported by a document, tied to the sentences it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Id, unique within the output (`<document id>#e<n>`).
    pub id: String,
    /// Kind.
    pub kind: EventKind,
    /// Kind-specific subtype (`bombing`, `raid` …) or `unknown`.
    pub subtype: String,
    /// How the article presents it.
    pub modality: Modality,
    /// Role → values, in role order.
    pub roles: BTreeMap<Role, Vec<RoleValue>>,
    /// When, if the text says.
    pub time: Option<TimeRef>,
    /// Where, if the text says.
    pub places: Vec<PlaceRef>,
    /// Who says so inside the article (not the outlet).
    pub source: Option<SourceRef>,
    /// Every sentence the event rests on; never empty. In text order, except that for an
    /// attack or operation the sentence telling the blow itself comes first, before one that
    /// tells only its dead ("IED kills general" after "an IED detonated under a convoy").
    pub evidence: Vec<Evidence>,
    /// The words that report it ("bombing", "were arrested"), one per mention merged into the
    /// event, in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Span>,
    /// Links to other events of the same document.
    pub links: Links,
    /// 0..1, computed from the cues that produced the event.
    pub confidence: f64,
}

/// One value of a role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleValue {
    /// The text as it appears.
    pub text: String,
    /// Canonical id when known (actor id, geonames id, linked event id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Normalised value when the role has one (a number, `highest`, `raised`, `not_credible`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Quantity>,
    /// How a number is bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// Where the text is.
    pub span: Span,
}

/// A normalised role value: a count or a symbolic value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Quantity {
    /// A count.
    Number(u64),
    /// A symbolic value (`highest`, `raised`, `credible`, `inspired`).
    Symbol(String),
}

/// A time expression, resolved when an anchor allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeRef {
    /// The original expression ("on Thursday", "during Ramadan (which ends April 10th)").
    pub text: String,
    /// First day, when resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// Last day, when resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// Precision; `unresolved` without an anchor.
    pub precision: TimePrecision,
    /// Where the expression is.
    pub span: Span,
}

/// A place mention, resolved against the gazetteer when it can be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRef {
    /// The text as it appears.
    pub text: String,
    /// Canonical name.
    pub name: String,
    /// GeoNames id, when the place is in the gazetteer with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u64>,
    /// ISO 3166-1 alpha-2 country, when one country holds the place.
    pub country: Option<String>,
    /// First-level subdivision code or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// Latitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// How precisely the place is known.
    pub precision: GeoPrecision,
    /// Where the mention is.
    pub span: Span,
}

/// Who says so inside the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The speaker as named.
    pub text: String,
    /// Actor id when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Where the speaker is named.
    pub span: Span,
}

/// A sentence an event rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Sentence index in the document.
    pub sentence: usize,
    /// Byte span of the sentence.
    pub span: Span,
    /// The sentence text.
    pub text: String,
}

/// Links between events of one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Links {
    /// For a claim or denial: the attack it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attack: Option<String>,
    /// For an attack: the claims of responsibility for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claimed_by: Vec<String>,
    /// For an assessment: the threats, claims or attacks it judges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
    /// For a threat, claim or attack: the assessments of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessed_by: Vec<String>,
    /// For an alert-level change: the events cited as its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reason: Vec<String>,
}

impl Event {
    /// Adds a role value, keeping values unique by span.
    pub fn push_role(&mut self, role: Role, value: RoleValue) {
        let values = self.roles.entry(role).or_default();
        if !values.iter().any(|v| v.span == value.span) {
            values.push(value);
            values.sort_by_key(|v| v.span);
        }
    }

    /// True when the event has a value for this role.
    #[must_use]
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.get(&role).is_some_and(|v| !v.is_empty())
    }

    /// The values of a role, empty when absent.
    #[must_use]
    pub fn role(&self, role: Role) -> &[RoleValue] {
        self.roles.get(&role).map_or(&[], Vec::as_slice)
    }
}
