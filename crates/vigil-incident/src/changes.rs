//! Story evolution: how each incident changed as reports were published.
//!
//! The documents are replayed in order of publication (then id). After each, every incident it
//! reports is compared with what the earlier reports made of it: a new incident, an attribute
//! first reported (a perpetrator named), a best value that changed (a toll that rose), a claim
//! retracted (a denial by its claimant). Changes carry the document, its source and its date,
//! and the incident's final id. Replaying from the data makes the log the same whatever the
//! order in which documents were stored.

use crate::{Incident, Incidents};
use serde::Serialize;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use vigil_model::{Date, DocumentOutput, EventKind, Quantity, Role};

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The first report of an incident.
    New,
    /// An attribute reported for the first time.
    Added,
    /// An attribute's best value changed.
    Changed,
    /// A claimant denied what it had claimed.
    Retracted,
}

/// One change of one incident.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The incident's final id.
    pub incident: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The attribute (a role name; `claim` for a retraction; empty for a new incident).
    pub attribute: String,
    /// The best value before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The best value after (for a new incident: its kind).
    pub after: String,
    /// The document that brought the change.
    pub document: String,
    /// Its source.
    pub source: String,
    /// Its publication date.
    pub published: Option<Date>,
}

/// The attributes whose changes are logged.
const TRACKED: &[Role] = &[
    Role::Killed,
    Role::Injured,
    Role::PerpetratorOrg,
    Role::PerpetratorIndividual,
    Role::SuspectedOrg,
];

/// What a best value means: its number, else its id, else its folded text.
fn key(i: &Incident, role: Role) -> Option<String> {
    let b = &i.attributes.get(&role)?.best;
    Some(match &b.value {
        Some(Quantity::Number(n)) => n.to_string(),
        _ => b.id.clone().unwrap_or_else(|| b.text.to_lowercase()),
    })
}

fn best(i: &Incident, role: Role) -> Option<String> {
    i.attributes.get(&role).map(|a| a.best.text.clone())
}

/// The changes of every incident of `docs` (an output held or shared), in order of
/// publication; `apart` are the user's split decisions.
#[must_use]
pub fn changes<D: Borrow<DocumentOutput>>(
    docs: &[(String, D)],
    apart: &[Vec<BTreeSet<String>>],
) -> Vec<Change> {
    changes_by(docs, apart, apart.is_empty())
}

/// [`changes`], replaying component by component (`replay`, only without split decisions) or
/// recomputing every incident after each document.
fn changes_by<D: Borrow<DocumentOutput>>(
    docs: &[(String, D)],
    apart: &[Vec<BTreeSet<String>>],
    replay: bool,
) -> Vec<Change> {
    let order = crate::by_publication(docs);
    // The final incident of every event.
    let mut all = Incidents::new();
    for d in &apart.to_vec() {
        all.keep_apart(d.clone());
    }
    for (s, d) in &order {
        all.add(s, d);
    }
    let final_of = all.incident_of();
    let mut out = Vec::new();
    let mut inc = Incidents::new();
    for d in apart {
        inc.keep_apart(d.clone());
    }
    // Replaying without split decisions, incidents only grow: each document's incidents are
    // built alone, with what they were before (the largest incident merged into each).
    let replay = replay && apart.is_empty();
    let mut last: std::collections::HashMap<usize, Incident> = std::collections::HashMap::new();
    let mut before: Vec<Incident> = Vec::new();
    let mut claimed: BTreeMap<(String, String), bool> = BTreeMap::new();
    for (source, d) in &order {
        inc.add(source, d);
        let mut now: Vec<(Incident, Option<Incident>)> = Vec::new();
        let mut after = Vec::new();
        if replay {
            for (root, absorbed, i) in inc.touched(d) {
                let prev = absorbed
                    .iter()
                    .filter_map(|r| last.remove(r))
                    .max_by(|a, b| {
                        a.members.len().cmp(&b.members.len()).then_with(|| {
                            crate::order_key(&a.members[0]).cmp(&crate::order_key(&b.members[0]))
                        })
                    });
                last.insert(root, i.clone());
                now.push((i, prev));
            }
            now.sort_by(|a, b| {
                crate::order_key(&a.0.members[0]).cmp(&crate::order_key(&b.0.members[0]))
            });
        } else {
            after = inc.incidents();
            let ours: BTreeSet<&str> = d.events.iter().map(|e| e.id.as_str()).collect();
            for i in after
                .iter()
                .filter(|i| i.members.iter().any(|m| ours.contains(m.event.as_str())))
            {
                // What the earlier reports made of it: the earlier incident sharing most
                // members.
                let prev = before
                    .iter()
                    .filter_map(|p| {
                        let shared = p
                            .members
                            .iter()
                            .filter(|m| i.members.iter().any(|x| x.event == m.event))
                            .count();
                        (shared > 0).then_some((shared, p))
                    })
                    .max_by_key(|x| x.0)
                    .map(|x| x.1.clone());
                now.push((i.clone(), prev));
            }
        }
        for (i, prev) in &now {
            let id = final_of
                .get(&i.members[0].event)
                .cloned()
                .unwrap_or_else(|| i.id.clone());
            let change = |kind, attribute: &str, before: Option<String>, after: String| Change {
                incident: id.clone(),
                kind,
                attribute: attribute.to_string(),
                before,
                after,
                document: d.document.id.clone(),
                source: (*source).clone(),
                published: d.document.published,
            };
            let Some(prev) = prev else {
                out.push(change(
                    ChangeKind::New,
                    "",
                    None,
                    i.kind.as_str().to_string(),
                ));
                continue;
            };
            // Tolls and perpetrators: what a story's evolution is about (targets and weapons
            // change wording from outlet to outlet, not meaning).
            for role in i.attributes.keys().filter(|r| TRACKED.contains(r)) {
                let (now, was) = (key(i, *role), key(prev, *role));
                match (&was, &now) {
                    (None, Some(_)) => out.push(change(
                        ChangeKind::Added,
                        role.as_str(),
                        None,
                        best(i, *role).unwrap_or_default(),
                    )),
                    (Some(w), Some(n)) if w != n => out.push(change(
                        ChangeKind::Changed,
                        role.as_str(),
                        best(prev, *role),
                        best(i, *role).unwrap_or_default(),
                    )),
                    _ => {}
                }
            }
        }
        // Claims and their retraction by the same actor, per incident.
        for e in &d.events {
            let actor_of = |roles: &[Role]| {
                roles
                    .iter()
                    .filter_map(|r| e.roles.get(r))
                    .flatten()
                    .find_map(|v| v.id.clone())
            };
            let incident = crate::incident_about(e, d, &final_of);
            let Some(incident) = incident else { continue };
            match e.kind {
                EventKind::ClaimOfResponsibility if !crate::ledger::is_retraction(e) => {
                    if let Some(a) = actor_of(&[Role::ClaimantOrg, Role::ClaimantIndividual]) {
                        claimed.insert((incident, a), true);
                    }
                }
                EventKind::DenialOfResponsibility | EventKind::ClaimOfResponsibility => {
                    let roles: &[Role] = if e.kind == EventKind::DenialOfResponsibility {
                        &[Role::Denier]
                    } else {
                        &[Role::ClaimantOrg, Role::ClaimantIndividual]
                    };
                    if let Some(a) = actor_of(roles) {
                        if claimed.remove(&(incident.clone(), a.clone())).is_some() {
                            out.push(Change {
                                incident,
                                kind: ChangeKind::Retracted,
                                attribute: "claim".into(),
                                before: Some(format!("claimed by {a}")),
                                after: format!("retracted by {a}"),
                                document: d.document.id.clone(),
                                source: (*source).clone(),
                                published: d.document.published,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        if !replay {
            before = after;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_extract::{Extractor, Input};

    /// The fictional incident corpus (`tests/fixtures/incidents/`).
    fn corpus() -> Vec<(String, DocumentOutput)> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/incidents");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        names.sort();
        let x = Extractor::new().unwrap();
        names
            .iter()
            .map(|n| {
                let raw = std::fs::read_to_string(dir.join(n)).unwrap();
                let (header, text) = raw.split_once('\n').unwrap();
                let (outlet, published) = header.trim_start_matches('#').split_once('|').unwrap();
                let outlet = outlet
                    .trim()
                    .trim_start_matches("outlet:")
                    .trim()
                    .to_string();
                let published = published
                    .trim()
                    .trim_start_matches("published:")
                    .trim()
                    .parse()
                    .ok();
                let input = Input {
                    id: n.trim_end_matches(".txt").into(),
                    source: outlet.clone(),
                    title: None,
                    published,
                    text: text.into(),
                    captions: Vec::new(),
                };
                (outlet, x.extract(&input))
            })
            .collect()
    }

    #[test]
    fn the_replay_gives_what_recomputing_gives() {
        let docs = corpus();
        let fast = changes_by(&docs, &[], true);
        let slow = changes_by(&docs, &[], false);
        assert!(
            fast.iter().any(|c| c.kind == ChangeKind::Changed),
            "{fast:#?}"
        );
        assert!(fast.iter().any(|c| c.kind == ChangeKind::Retracted));
        assert_eq!(fast, slow);
        // And in reverse arrival order (the replay follows publication anyway).
        let mut rev = docs.clone();
        rev.reverse();
        assert_eq!(changes_by(&rev, &[], true), slow);
    }
}
