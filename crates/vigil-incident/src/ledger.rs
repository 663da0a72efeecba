//! The claim–assessment ledger: claims (of responsibility, of capability, threats) linked across
//! documents to the assessments of them and to their retractions.
//!
//! - A **claim of responsibility** is one entry per claimant and incident: every report of
//!   "X claimed the attack" whose attack belongs to the same incident.
//! - A **threat** (with its claimed capability: "71 trained soldiers in 15 states") is one entry
//!   per issuer and document.
//! - An **assessment** attaches to the entries it judges: the claims or threats it is linked to
//!   in its document, the claims of an attack it is linked to (through the attack's incident,
//!   so an analyst's verdict in one outlet reaches a claim reported by another), or, unlinked, the
//!   threats of the actors it names in its document.
//! - A **retraction** is a denial by a claimant of an incident it claimed.
//! - An entry is **disputed** when an assessment judges it not credible, propaganda or
//!   opportunistic.

use crate::Incidents;
use serde::Serialize;
use std::borrow::Borrow;
use std::collections::BTreeMap;
use vigil_model::{Date, DocumentOutput, Event, EventKind, Modality, Quantity, Role};

/// Stances that dispute a claim.
pub const DISPUTING: &[&str] = &["not_credible", "propaganda", "opportunistic"];

/// One report of a claim, threat or retraction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimReport {
    /// Event id.
    pub event: String,
    /// Document id.
    pub document: String,
    /// The document's source.
    pub source: String,
    /// Publication date.
    pub published: Option<Date>,
    /// The sentence it rests on.
    pub sentence: String,
    /// Claimed capability ("71 trained soldiers in 15 different states"), for threats.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capability: Vec<String>,
}

/// One assessment of an entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentReport {
    /// Event id.
    pub event: String,
    /// Document id.
    pub document: String,
    /// The document's source.
    pub source: String,
    /// Publication date.
    pub published: Option<Date>,
    /// Who judges, as named.
    pub speakers: Vec<String>,
    /// Normalised stances (`credible`, `not_credible`, `propaganda`, `serious` …).
    pub stances: Vec<String>,
    /// Normalised attributions (`inspired`, `directed`, `enabled` …).
    pub attributions: Vec<String>,
    /// The sentence it rests on.
    pub sentence: String,
}

/// One claim with its assessments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerEntry {
    /// `claim` (of responsibility) or `threat`.
    pub kind: &'static str,
    /// The claimant or issuer: actor id, else the name as written.
    pub actor: String,
    /// The incident claimed, for claims of responsibility.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
    /// Every report of the claim, by publication.
    pub claims: Vec<ClaimReport>,
    /// Every assessment of it.
    pub assessments: Vec<AssessmentReport>,
    /// Denials by the claimant after its claim.
    pub retractions: Vec<ClaimReport>,
    /// Some assessment disputes it.
    pub disputed: bool,
    /// Who disputes it.
    pub disputed_by: Vec<String>,
}

fn first_actor(e: &Event, roles: &[Role]) -> Option<String> {
    roles
        .iter()
        .filter_map(|r| e.roles.get(r))
        .flatten()
        .map(|v| v.id.clone().unwrap_or_else(|| v.text.clone()))
        .next()
}

fn symbols(e: &Event, role: Role) -> Vec<String> {
    let mut out: Vec<String> = e
        .roles
        .get(&role)
        .into_iter()
        .flatten()
        .filter_map(|v| match &v.value {
            Some(Quantity::Symbol(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    out.dedup();
    out
}

fn sentence(e: &Event) -> String {
    e.evidence
        .first()
        .map(|x| x.text.clone())
        .unwrap_or_default()
}

fn report(source: &str, d: &DocumentOutput, e: &Event) -> ClaimReport {
    ClaimReport {
        event: e.id.clone(),
        document: d.document.id.clone(),
        source: source.to_string(),
        published: d.document.published,
        sentence: sentence(e),
        capability: e
            .roles
            .get(&Role::ClaimedCapability)
            .into_iter()
            .flatten()
            .map(|v| v.text.clone())
            .collect(),
    }
}

/// The ledger of `docs` (`(source, output)` pairs; an output held or shared), with the
/// incidents of `incidents` tying claims of one attack across documents. Entries are ordered by
/// their first report.
#[must_use]
pub fn ledger<D: Borrow<DocumentOutput>>(
    docs: &[(String, D)],
    incidents: &Incidents,
) -> Vec<LedgerEntry> {
    ledger_of(docs, &incidents.incident_of())
}

/// [`ledger`] with the incidents already built: `incident_of` maps each event id to the id of
/// the incident holding it ([`crate::incident_of`]).
#[must_use]
pub fn ledger_of<D: Borrow<DocumentOutput>>(
    docs: &[(String, D)],
    incident_of: &BTreeMap<String, String>,
) -> Vec<LedgerEntry> {
    // Key: (kind, actor, incident or document) → entry.
    let mut entries: BTreeMap<(&'static str, String, String), LedgerEntry> = BTreeMap::new();
    // Event id → entry key, for attaching assessments.
    let mut key_of: BTreeMap<String, (&'static str, String, String)> = BTreeMap::new();
    let order = crate::by_publication(docs);
    for (source, d) in &order {
        for e in &d.events {
            let (kind, actor, scope, incident) = match e.kind {
                EventKind::ClaimOfResponsibility if e.modality != Modality::Negated => {
                    let Some(actor) =
                        first_actor(e, &[Role::ClaimantOrg, Role::ClaimantIndividual])
                    else {
                        continue;
                    };
                    let incident = e
                        .links
                        .attack
                        .as_ref()
                        .and_then(|a| incident_of.get(a))
                        .cloned();
                    let scope = incident.clone().unwrap_or_else(|| e.id.clone());
                    ("claim", actor, scope, incident)
                }
                EventKind::Threat if e.modality != Modality::Negated => {
                    let Some(actor) = first_actor(e, &[Role::IssuerOrg, Role::IssuerIndividual])
                    else {
                        continue;
                    };
                    ("threat", actor, d.document.id.clone(), None)
                }
                _ => continue,
            };
            let key = (kind, actor.clone(), scope);
            let entry = entries.entry(key.clone()).or_insert_with(|| LedgerEntry {
                kind,
                actor,
                incident,
                claims: Vec::new(),
                assessments: Vec::new(),
                retractions: Vec::new(),
                disputed: false,
                disputed_by: Vec::new(),
            });
            if kind == "claim" && is_retraction(e) {
                entry.retractions.push(report(source, d, e));
            } else {
                entry.claims.push(report(source, d, e));
            }
            key_of.insert(e.id.clone(), key);
        }
    }
    // Denials by a claimant of an incident it claimed.
    for (source, d) in &order {
        for e in d
            .events
            .iter()
            .filter(|e| e.kind == EventKind::DenialOfResponsibility)
        {
            let Some(actor) = first_actor(e, &[Role::Denier]) else {
                continue;
            };
            let incident = crate::incident_about(e, d, incident_of);
            if let Some(inc) = incident {
                if let Some(entry) = entries.get_mut(&("claim", actor, inc)) {
                    entry.retractions.push(report(source, d, e));
                }
            }
        }
    }
    // Assessments.
    for (source, d) in &order {
        for a in d.events.iter().filter(|e| e.kind == EventKind::Assessment) {
            let mut keys: Vec<(&'static str, String, String)> = Vec::new();
            for target in &a.links.about {
                if let Some(k) = key_of.get(target) {
                    keys.push(k.clone());
                } else if let Some(inc) = incident_of.get(target) {
                    keys.extend(
                        entries
                            .keys()
                            .filter(|k| k.0 == "claim" && &k.2 == inc)
                            .cloned(),
                    );
                }
            }
            if a.links.about.is_empty() {
                // Unlinked: the claims and threats of this document by the actors it names; or,
                // when it speaks of a claim, the claims of those actors for the incidents this
                // document reports ("the group's claim for the May 8 bombing was not credible").
                let named: Vec<String> = a
                    .roles
                    .get(&Role::About)
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.id.clone())
                    .collect();
                for e in &d.events {
                    if let Some(k) = key_of.get(&e.id) {
                        if named.contains(&k.1) {
                            keys.push(k.clone());
                        }
                    }
                }
                let of_claim = a.evidence.iter().any(|x| {
                    let t = x.text.to_lowercase();
                    t.contains("claim")
                });
                if keys.is_empty() && of_claim {
                    for e in &d.events {
                        if let Some(inc) = incident_of.get(&e.id) {
                            for actor in &named {
                                let k = ("claim", actor.clone(), inc.clone());
                                if entries.contains_key(&k) {
                                    keys.push(k);
                                }
                            }
                        }
                    }
                }
            }
            keys.sort();
            keys.dedup();
            let speakers: Vec<String> = {
                let mut s: Vec<String> = a
                    .roles
                    .get(&Role::Speaker)
                    .into_iter()
                    .flatten()
                    .map(|v| v.text.clone())
                    .collect();
                s.dedup();
                s
            };
            let stances = symbols(a, Role::Stance);
            let report = AssessmentReport {
                event: a.id.clone(),
                document: d.document.id.clone(),
                source: (*source).clone(),
                published: d.document.published,
                speakers: speakers.clone(),
                stances: stances.clone(),
                attributions: symbols(a, Role::Attribution),
                sentence: sentence(a),
            };
            for k in keys {
                if let Some(entry) = entries.get_mut(&k) {
                    if entry.assessments.iter().any(|x| x.event == report.event) {
                        continue;
                    }
                    if stances.iter().any(|s| DISPUTING.contains(&s.as_str())) {
                        entry.disputed = true;
                        for s in &speakers {
                            if !entry.disputed_by.contains(s) {
                                entry.disputed_by.push(s.clone());
                            }
                        }
                    }
                    entry.assessments.push(report.clone());
                }
            }
        }
    }
    let mut out: Vec<LedgerEntry> = entries.into_values().collect();
    out.sort_by(|a, b| {
        // An entry may hold only a retraction (a denial with no claim before it).
        let k = |e: &LedgerEntry| {
            e.claims
                .first()
                .or(e.retractions.first())
                .map(|c| (c.published, c.event.clone()))
        };
        k(a).cmp(&k(b))
    });
    out
}

/// A report that a claimant withdrew its claim ("has withdrawn its claim of responsibility",
/// "retracted the claim").
#[must_use]
pub fn is_retraction(e: &Event) -> bool {
    e.kind == EventKind::ClaimOfResponsibility
        && e.evidence.iter().any(|x| {
            let t = x.text.to_lowercase();
            [
                "withdrew",
                "withdrawn",
                "withdraws",
                "retracted",
                "retracts",
                "issued in error",
            ]
            .iter()
            .any(|w| t.contains(w))
        })
}
