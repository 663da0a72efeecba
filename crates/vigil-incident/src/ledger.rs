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

use crate::{Incident, Incidents};
use serde::Serialize;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    let mut out: Vec<LedgerEntry> = draw(crate::by_publication(docs), incident_of)
        .into_values()
        .collect();
    out.sort_by(|a, b| first_report(a).cmp(&first_report(b)));
    out
}

/// An entry's key: kind, actor, and the incident claimed or, without one, the claim's event id
/// (a threat: its document id).
type Key = (&'static str, String, String);

/// What the ledger is ordered by: an entry's first report (publication date, event id). An
/// entry may hold only a retraction (a withdrawal with no claim before it). Every report is
/// in one entry, so no two entries share it.
fn first_report(e: &LedgerEntry) -> Option<(Option<Date>, &str)> {
    e.claims
        .first()
        .or(e.retractions.first())
        .map(|c| (c.published, c.event.as_str()))
}

/// The entries drawn from the documents `order` (in order of publication), by key. An entry
/// depends only on the documents holding its claims, denials and assessments: drawn from any
/// documents that include those, it is the entry drawn from the whole corpus ([`KeptLedger`]
/// relies on it).
fn draw(
    order: Vec<(&String, &DocumentOutput)>,
    incident_of: &BTreeMap<String, String>,
) -> BTreeMap<Key, LedgerEntry> {
    // Key: (kind, actor, incident or document) → entry.
    let mut entries: BTreeMap<Key, LedgerEntry> = BTreeMap::new();
    // Event id → entry key, for attaching assessments.
    let mut key_of: BTreeMap<String, Key> = BTreeMap::new();
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
            let mut keys: Vec<Key> = Vec::new();
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
    entries
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

/// The incidents and documents whose ledger entries may have changed since the ledger was
/// last brought up to date.
#[derive(Debug, Clone, Default)]
struct Stale {
    incidents: BTreeSet<String>,
    documents: BTreeSet<String>,
}

impl Stale {
    fn is_empty(&self) -> bool {
        self.incidents.is_empty() && self.documents.is_empty()
    }

    /// Whether an entry rests on something marked ([`rests_on`]).
    fn holds(&self, e: &LedgerEntry) -> bool {
        match rests_on(e) {
            RestsOn::Incident(id) => self.incidents.contains(id),
            RestsOn::Document(id) => self.documents.contains(id),
        }
    }
}

/// What a ledger entry rests on.
enum RestsOn<'a> {
    Incident(&'a str),
    Document(&'a str),
}

/// A claim of responsibility rests on the incident it names; a threat, or a claim of no known
/// incident, on the document of its reports (they all come from one: a threat's entry is one
/// per document, a claim's of no incident one per event).
fn rests_on(e: &LedgerEntry) -> RestsOn<'_> {
    match &e.incident {
        Some(incident) => RestsOn::Incident(incident),
        None => RestsOn::Document(
            e.claims
                .first()
                .or(e.retractions.first())
                .map_or("", |r| r.document.as_str()),
        ),
    }
}

/// Up to this many entries go and come one by one when the ledger is brought up to date;
/// more, in one pass over the list.
const ONE_BY_ONE: usize = 4;

/// An entry's first report ([`first_report`]), held.
type At = (Option<Date>, String);

/// The ledger kept up to date as documents arrive and incidents change: at every step the
/// entries [`ledger_of`] draws from the whole corpus (the same entries, in the same order,
/// with the same reports), at the cost of what changed.
///
/// Each entry rests on one incident (a claim of responsibility for one of its attacks) or one
/// document (a threat; a claim of no known incident), and depends only on a few documents:
/// - an incident's entries on its reports' documents (a denial or an unlinked assessment may
///   speak of the one incident of its document), the documents of the claims and denials
///   linked to its attacks, and those of the assessments linked to its attacks or to those
///   claims;
/// - a document's entries on the document and those of the assessments linked to its events.
///
/// [`KeptLedger::note`] marks the incidents and documents whose entries an update may have
/// changed; [`KeptLedger::refresh`] draws those entries again from the documents they depend
/// on only, and puts them in the place of the old ones, found by their first report (the
/// order of the list) through an index of what each entry rests on: an entry whose first
/// report stays replaces the old one where it stands, a few others are removed and inserted
/// one by one, many in one pass over the list. A split decision changes incidents in ways
/// [`KeptLedger::note`] is not told of: after one, draw the ledger again
/// ([`KeptLedger::draw`]).
#[derive(Debug, Clone, Default)]
pub struct KeptLedger {
    entries: Vec<LedgerEntry>,
    /// Incident id → the first reports of the entries resting on it (entries are found by
    /// their first report, the order of the list).
    on_incident: HashMap<String, Vec<At>>,
    /// Document id → the first reports of the entries resting on it.
    on_document: HashMap<String, Vec<At>>,
    /// Event id → the documents of the assessments linked to it (`links.about`).
    assessed_in: HashMap<String, Vec<String>>,
    /// Event id → the documents of the claims and denials linked to it (`links.attack`).
    claimed_in: HashMap<String, Vec<String>>,
    /// Claim or threat event id → its document and the attack it is linked to.
    claims: HashMap<String, (String, Option<String>)>,
    stale: Stale,
}

impl KeptLedger {
    /// The ledger of `docs` drawn from nothing ([`ledger_of`]), ready to be kept up to date.
    #[must_use]
    pub fn draw<D: Borrow<DocumentOutput>>(
        docs: &[(String, D)],
        incident_of: &BTreeMap<String, String>,
    ) -> KeptLedger {
        let mut kept = KeptLedger {
            entries: ledger_of(docs, incident_of),
            ..KeptLedger::default()
        };
        for (_, d) in docs {
            kept.index(d.borrow());
        }
        let entries = std::mem::take(&mut kept.entries);
        for e in &entries {
            kept.file(e);
        }
        kept.entries = entries;
        kept
    }

    /// Files an entry under what it rests on.
    fn file(&mut self, e: &LedgerEntry) {
        let Some((published, event)) = first_report(e) else {
            return;
        };
        let at = (published, event.to_string());
        match rests_on(e) {
            RestsOn::Incident(id) => self.on_incident.entry(id.to_string()),
            RestsOn::Document(id) => self.on_document.entry(id.to_string()),
        }
        .or_default()
        .push(at);
    }

    /// The position of the entry whose first report is `at`.
    fn position(&self, at: (Option<Date>, &str)) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|e| first_report(e).cmp(&Some(at)))
    }

    /// The entries, ordered by their first report. Up to date once [`KeptLedger::refresh`]
    /// has run after the last [`KeptLedger::note`].
    #[must_use]
    pub fn entries(&self) -> &[LedgerEntry] {
        &self.entries
    }

    /// Whether changes were noted that [`KeptLedger::refresh`] has not yet brought in.
    #[must_use]
    pub fn is_stale(&self) -> bool {
        !self.stale.is_empty()
    }

    fn index(&mut self, d: &DocumentOutput) {
        let id = &d.document.id;
        for e in &d.events {
            match e.kind {
                EventKind::ClaimOfResponsibility | EventKind::Threat => {
                    self.claims
                        .insert(e.id.clone(), (id.clone(), e.links.attack.clone()));
                }
                EventKind::Assessment => {
                    for target in &e.links.about {
                        self.assessed_in
                            .entry(target.clone())
                            .or_default()
                            .push(id.clone());
                    }
                }
                _ => {}
            }
            if matches!(
                e.kind,
                EventKind::ClaimOfResponsibility | EventKind::DenialOfResponsibility
            ) {
                if let Some(attack) = &e.links.attack {
                    self.claimed_in
                        .entry(attack.clone())
                        .or_default()
                        .push(id.clone());
                }
            }
        }
    }

    /// Notes an update: the documents `added` (each new to the ledger), the ids of the
    /// incidents that are `gone` and the incidents `rebuilt` in their place
    /// ([`crate::Incidents::rebuilt_since`]), and `incident_of` as it is now. Marks the
    /// incidents and documents whose entries may have changed; [`KeptLedger::refresh`] draws
    /// them again. Notes of several updates add up.
    pub fn note<D: Borrow<DocumentOutput>>(
        &mut self,
        added: &[(String, D)],
        gone: &BTreeSet<String>,
        rebuilt: &[Incident],
        incident_of: &BTreeMap<String, String>,
    ) {
        for (_, d) in added {
            self.index(d.borrow());
        }
        let stale = &mut self.stale;
        // Incidents that changed: their claims, denials and assessments are regrouped. A
        // claim linked to one of their reports that named no incident before (its attack had
        // no incident) rested on its document.
        stale.incidents.extend(gone.iter().cloned());
        for i in rebuilt {
            stale.incidents.insert(i.id.clone());
            for m in &i.members {
                if let Some(docs) = self.claimed_in.get(&m.event) {
                    stale.documents.extend(docs.iter().cloned());
                }
            }
        }
        for (_, d) in added {
            let d = d.borrow();
            stale.documents.insert(d.document.id.clone());
            for e in &d.events {
                // The incidents of its reports (a denial or an unlinked assessment may speak
                // of the one incident of its document) and of the attacks its claims and
                // denials are linked to.
                let linked = e.links.attack.as_ref().and_then(|a| incident_of.get(a));
                stale
                    .incidents
                    .extend(incident_of.get(&e.id).into_iter().chain(linked).cloned());
                if e.kind != EventKind::Assessment {
                    continue;
                }
                // What it judges: the claims of an attack's incident, a claim or threat (in
                // the entry of its incident, or of its document).
                for target in &e.links.about {
                    stale.incidents.extend(incident_of.get(target).cloned());
                    if let Some((doc, attack)) = self.claims.get(target) {
                        stale.documents.insert(doc.clone());
                        let linked = attack.as_ref().and_then(|a| incident_of.get(a));
                        stale.incidents.extend(linked.cloned());
                    }
                }
            }
        }
    }

    /// Brings the entries up to date after [`KeptLedger::note`]: the entries resting on what
    /// was marked are drawn again from the documents they can depend on. `document` finds a
    /// stored document with its source by id, `incident` an incident of now by id, and
    /// `incident_of` is the event → incident map of now.
    pub fn refresh<'a>(
        &mut self,
        document: impl Fn(&str) -> Option<(&'a String, &'a DocumentOutput)>,
        incident: impl Fn(&str) -> Option<&'a Incident>,
        incident_of: &BTreeMap<String, String>,
    ) {
        if self.stale.is_empty() {
            return;
        }
        let mut stale = std::mem::take(&mut self.stale);
        // A denial of a document marked may have been given to the one incident of its
        // document while the attack it is linked to had none, and now goes to the attack's:
        // the incidents of the document's reports are marked too (those of before, when they
        // changed, were marked as gone).
        for (_, d) in stale.documents.iter().filter_map(|id| document(id)) {
            for e in &d.events {
                stale.incidents.extend(incident_of.get(&e.id).cloned());
            }
        }
        let found = |ids: &BTreeSet<&str>| -> Vec<(&'a String, &'a DocumentOutput)> {
            ids.iter().filter_map(|id| document(id)).collect()
        };
        // The reports of each incident marked (one gone has no entries any more), the claims
        // and denials linked to them, the assessments linked to them.
        let mut ids: BTreeSet<&str> = stale.documents.iter().map(String::as_str).collect();
        let none = Vec::new();
        for i in stale.incidents.iter().filter_map(|id| incident(id)) {
            for m in &i.members {
                ids.insert(m.document.as_str());
                for linked in [&self.claimed_in, &self.assessed_in] {
                    ids.extend(
                        linked
                            .get(&m.event)
                            .unwrap_or(&none)
                            .iter()
                            .map(String::as_str),
                    );
                }
            }
        }
        // The assessments linked to their claims and threats.
        let mut docs = found(&ids);
        let mut more: BTreeSet<&str> = BTreeSet::new();
        for (_, d) in &docs {
            for e in &d.events {
                if let Some(linked) = self.assessed_in.get(&e.id) {
                    more.extend(
                        linked
                            .iter()
                            .map(String::as_str)
                            .filter(|id| !ids.contains(id)),
                    );
                }
            }
        }
        docs.extend(found(&more));
        docs.sort_by(|a, b| {
            (a.1.document.published, &a.1.document.id)
                .cmp(&(b.1.document.published, &b.1.document.id))
        });
        let mut fresh: Vec<LedgerEntry> = draw(docs, incident_of)
            .into_values()
            .filter(|e| stale.holds(e))
            .collect();
        fresh.sort_by(|a, b| first_report(a).cmp(&first_report(b)));
        // The entries going: those resting on what was marked, found by their first report.
        let mut filed: Vec<At> = Vec::new();
        for id in &stale.incidents {
            filed.extend(self.on_incident.remove(id).unwrap_or_default());
        }
        for id in &stale.documents {
            filed.extend(self.on_document.remove(id).unwrap_or_default());
        }
        let mut going: BTreeSet<usize> = filed
            .iter()
            .filter_map(|(published, event)| self.position((*published, event)).ok())
            .collect();
        for e in &fresh {
            self.file(e);
        }
        // An entry drawn again in the place of one going (the same first report) replaces it
        // where it stands; the rest go and come one by one while they are few (each moves the
        // entries after it), else in one pass over the list.
        let mut coming = Vec::new();
        for e in fresh {
            let at = first_report(&e).map(|(p, ev)| self.position((p, ev)));
            match at {
                Some(Ok(i)) if going.remove(&i) => self.entries[i] = e,
                _ => coming.push(e),
            }
        }
        if going.len() + coming.len() <= ONE_BY_ONE {
            for i in going.into_iter().rev() {
                self.entries.remove(i);
            }
            for e in coming {
                let at = first_report(&e)
                    .map_or(0, |(p, ev)| self.position((p, ev)).unwrap_or_else(|i| i));
                self.entries.insert(at, e);
            }
        } else {
            let kept = std::mem::take(&mut self.entries);
            let mut out = Vec::with_capacity(kept.len() + coming.len());
            let mut coming = coming.into_iter().peekable();
            for (i, e) in kept.into_iter().enumerate() {
                if going.contains(&i) {
                    continue;
                }
                while let Some(f) = coming.next_if(|f| first_report(f) < first_report(&e)) {
                    out.push(f);
                }
                out.push(e);
            }
            out.extend(coming);
            self.entries = out;
        }
    }
}
