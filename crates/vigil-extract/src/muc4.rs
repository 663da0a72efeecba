//! MUC-4 role-filler extraction in the GRIT layout, and the GRIT "CEAF-REE" strict scorer.
//!
//! **Layout** (one JSON object per line): `{"docid", "doctext", "extracts": {role: [entity …]}}`
//! where an entity is a list of `[mention, char_offset]` pairs (coreferent mentions) and the
//! roles are [`ROLES`].
//!
//! **Mapping** ([`predict`]): the events Vigil extracts from a document that report violence
//! that happened or was tried (attacks asserted, claimed, reported, alleged, attempted or
//! foiled; arrests and counter-operations are not MUC templates) give their perpetrator
//! individuals (`PerpInd`), perpetrator and claimant organisations (`PerpOrg`), targets
//! (`Target`), victims (`Victim`) and weapons (`Weapon`). Mentions are the text exactly as it
//! appears; mentions with the same actor id are one entity, others one entity per normalised
//! string.
//!
//! **Learned** ([`predict_learned`], [`predict_combined`]): `vigil eval muc4` uses the role
//! tagger of [`vigil_ner::roles`] (trained on the MUC-4 training set by `vigil train muc4`),
//! with the mapping above contributing perpetrator organisations in relevant documents.
//!
//! **Metric** ([`score`]): per document and role, mention strings are normalised (lower case,
//! punctuation and the articles a/an/the removed, whitespace collapsed); a predicted entity
//! matches a gold entity when every predicted mention is among the gold entity's mentions;
//! predicted and gold entities are aligned one-to-one to maximise matches (maximum bipartite
//! matching). Precision = matches / predicted entities, recall = matches / gold entities,
//! pooled over documents; the micro average pools the five roles.

use crate::{Extractor, Input};
use serde::Serialize;
use std::collections::BTreeMap;
use vigil_model::{EventKind, Modality, Role};

/// The five MUC-4 roles, in the layout's names.
pub const ROLES: [&str; 5] = ["PerpInd", "PerpOrg", "Target", "Victim", "Weapon"];

/// Entities of one role: each a list of mention strings.
pub type Entities = Vec<Vec<String>>;

/// One document: id, text, and the gold entities per role (empty for predictions).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    /// The document id (`TST1-MUC3-0001`).
    pub docid: String,
    /// The text.
    pub text: String,
    /// Role → entities.
    pub roles: BTreeMap<String, Entities>,
}

/// Reads a file in the GRIT layout.
///
/// # Errors
/// A line that is not JSON or lacks `docid`/`doctext`, named by its number.
pub fn read(text: &str) -> Result<Vec<Doc>, String> {
    let mut out = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: invalid JSON: {e}", i + 1))?;
        let field = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .map(str::to_string)
                .ok_or_else(|| format!("line {}: no \"{k}\" string", i + 1))
        };
        let mut doc = Doc {
            docid: field("docid")?,
            text: field("doctext")?,
            roles: BTreeMap::new(),
        };
        for role in ROLES {
            let entities = v["extracts"][role]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|entity| {
                            entity
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|m| m.get(0).and_then(|s| s.as_str()))
                                .map(str::to_string)
                                .collect::<Vec<String>>()
                        })
                        .filter(|e| !e.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            doc.roles.insert(role.to_string(), entities);
        }
        out.push(doc);
    }
    Ok(out)
}

/// GRIT's numeric document id: `TST3-MUC4-0003` → `30003`.
#[must_use]
pub fn numeric_id(docid: &str) -> String {
    let first = docid.split('-').next().unwrap_or("");
    let series = first
        .chars()
        .last()
        .and_then(|c| c.to_digit(10))
        .unwrap_or(0);
    let n: u64 = docid
        .rsplit('-')
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or(0);
    (u64::from(series) * 10_000 + n).to_string()
}

/// A mention normalised as the metric says.
#[must_use]
pub fn normalise(m: &str) -> String {
    let lower = m.to_lowercase();
    let cleaned: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .filter(|w| !matches!(*w, "a" | "an" | "the"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn role_of(kind: EventKind, role: Role) -> Option<&'static str> {
    match (kind, role) {
        (EventKind::Attack, Role::PerpetratorIndividual) => Some("PerpInd"),
        (EventKind::Attack, Role::PerpetratorOrg) => Some("PerpOrg"),
        (EventKind::ClaimOfResponsibility, Role::ClaimantOrg) => Some("PerpOrg"),
        (EventKind::Attack, Role::Target) => Some("Target"),
        (EventKind::Attack, Role::Victim) => Some("Victim"),
        (EventKind::Attack, Role::Weapon) => Some("Weapon"),
        _ => None,
    }
}

/// Vigil's entities for one document.
#[must_use]
pub fn predict(x: &Extractor, doc: &Doc) -> BTreeMap<String, Entities> {
    let (document, out) = x.extract_document(&Input::text(&doc.docid, &doc.text));
    // MUC-4's templates are terrorist incidents: battles between armed forces and guerrillas
    // ("fierce fighting", "clashes") and tolls told alone are not.
    let battle_only = |e: &vigil_model::Event| {
        !e.triggers.is_empty()
            && e.triggers.iter().all(|t| {
                matches!(
                    t.slice(&document.text).to_ascii_lowercase().as_str(),
                    "clashes"
                        | "clash"
                        | "clashed"
                        | "fighting"
                        | "exchange of fire"
                        | "exchanged fire"
                        | "wounded"
                        | "killed"
                        | "dead"
                        | "injured"
                )
            })
    };
    // Role → entity key (actor id or normalised text) → mentions.
    let mut roles: BTreeMap<&str, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for e in out.events.iter().filter(|e| {
        !matches!(
            e.modality,
            Modality::Threatened
                | Modality::Hypothetical
                | Modality::Historical
                | Modality::Negated
        ) && !battle_only(e)
    }) {
        for (role, values) in &e.roles {
            let Some(name) = role_of(e.kind, *role) else {
                continue;
            };
            for v in values {
                let n = normalise(&v.text);
                if n.is_empty() {
                    continue;
                }
                let key = v.id.clone().unwrap_or_else(|| n.clone());
                let mentions = roles.entry(name).or_default().entry(key).or_default();
                if !mentions.contains(&v.text) {
                    mentions.push(v.text.clone());
                }
            }
        }
    }
    ROLES
        .iter()
        .map(|r| {
            let entities = roles
                .remove(r)
                .map(|m| m.into_values().collect())
                .unwrap_or_default();
            (r.to_string(), entities)
        })
        .collect()
}

/// The learned role tagger's entities for one document (see [`vigil_ner::roles`]).
#[must_use]
pub fn predict_learned(
    model: &vigil_ner::roles::RoleModel,
    doc: &Doc,
) -> BTreeMap<String, Entities> {
    model.predict(&doc.text)
}

/// The learned tagger's entities ([`predict_learned`]), where the tagger finds the document
/// relevant (predicts anything) preceded, for `PerpOrg`, by the rule-based extractor's
/// organisations ([`predict`]: matched against the actor dictionary). Each entity is given by
/// one mention; an organisation of the tagger that is the same as one of the rules' (same
/// normalised text, or one ending with the other) is dropped.
#[must_use]
pub fn predict_combined(
    x: &Extractor,
    model: &vigil_ner::roles::RoleModel,
    doc: &Doc,
) -> BTreeMap<String, Entities> {
    let out = predict_learned(model, doc);
    if out.values().all(Vec::is_empty) {
        return out;
    }
    combine(out, &predict(x, doc))
}

/// The learned entities `out` with, for `PerpOrg`, the rule-based organisations `rules` first
/// (see [`predict_combined`]).
#[must_use]
pub fn combine(
    mut out: BTreeMap<String, Entities>,
    rules: &BTreeMap<String, Entities>,
) -> BTreeMap<String, Entities> {
    if out.values().all(Vec::is_empty) {
        return out;
    }
    let candidates: Vec<String> = rules
        .get("PerpOrg")
        .into_iter()
        .chain(out.get("PerpOrg"))
        .flatten()
        .filter_map(|e| e.first().cloned())
        .collect();
    let mut keys: Vec<String> = Vec::new();
    let mut orgs: Entities = Vec::new();
    for m in candidates {
        let n = normalise(&m);
        let same =
            |k: &String| *k == n || k.ends_with(&format!(" {n}")) || n.ends_with(&format!(" {k}"));
        if n.is_empty() || keys.iter().any(same) {
            continue;
        }
        keys.push(n);
        orgs.push(vec![m]);
    }
    out.insert("PerpOrg".to_string(), orgs);
    out
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matches / predicted.
    pub precision: f64,
    /// Matches / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Matched entities.
    pub matched: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Prf {
    /// `precision  52.18  recall  45.26  F1  48.48`, in percent.
    #[must_use]
    pub fn percents(&self) -> String {
        format!(
            "precision {:6.2}  recall {:6.2}  F1 {:6.2}",
            self.precision * 100.0,
            self.recall * 100.0,
            self.f1 * 100.0
        )
    }

    /// A role's line of a report: its name, [`Prf::percents`] and the counts.
    #[must_use]
    pub fn line(&self, role: &str) -> String {
        format!(
            "{role:<8} {}  ({} matched, {} predicted, {} gold)",
            self.percents(),
            self.matched,
            self.predicted,
            self.gold
        )
    }

    fn from_counts(matched: usize, predicted: usize, gold: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (ratio(matched, predicted), ratio(matched, gold));
        Prf {
            precision: p,
            recall: r,
            f1: if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
            matched,
            predicted,
            gold,
        }
    }
}

/// The scores: micro over the roles, and per role.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Pooled over the five roles.
    pub micro: Prf,
    /// Per role.
    pub roles: BTreeMap<String, Prf>,
    /// Documents scored.
    pub documents: usize,
}

/// Maximum one-to-one matching of predicted to gold entities (augmenting paths).
fn max_matching(pred: &[Vec<String>], gold: &[Vec<String>]) -> usize {
    let ok = |p: &Vec<String>, g: &Vec<String>| p.iter().all(|m| g.contains(m));
    let mut owner: Vec<Option<usize>> = vec![None; gold.len()];
    fn augment(
        p: usize,
        pred: &[Vec<String>],
        gold: &[Vec<String>],
        ok: &dyn Fn(&Vec<String>, &Vec<String>) -> bool,
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for g in 0..gold.len() {
            if seen[g] || !ok(&pred[p], &gold[g]) {
                continue;
            }
            seen[g] = true;
            if owner[g].is_none_or(|q| augment(q, pred, gold, ok, seen, owner)) {
                owner[g] = Some(p);
                return true;
            }
        }
        false
    }
    let mut n = 0;
    for p in 0..pred.len() {
        let mut seen = vec![false; gold.len()];
        if augment(p, pred, gold, &ok, &mut seen, &mut owner) {
            n += 1;
        }
    }
    n
}

fn normalised(entities: &Entities) -> Entities {
    entities
        .iter()
        .map(|e| {
            let mut m: Vec<String> = e
                .iter()
                .map(|x| normalise(x))
                .filter(|x| !x.is_empty())
                .collect();
            m.dedup();
            m
        })
        .filter(|e| !e.is_empty())
        .collect()
}

/// Scores predictions (docid → role → entities) against gold documents; a document without a
/// prediction predicts nothing.
#[must_use]
pub fn score(gold: &[Doc], predicted: &BTreeMap<String, BTreeMap<String, Entities>>) -> Scores {
    let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let empty = BTreeMap::new();
    for d in gold {
        let p = predicted.get(&d.docid).unwrap_or(&empty);
        for role in ROLES {
            let g = normalised(d.roles.get(role).unwrap_or(&Vec::new()));
            let q = normalised(p.get(role).unwrap_or(&Vec::new()));
            let m = max_matching(&q, &g);
            let c = counts.entry(role).or_default();
            c.0 += m;
            c.1 += q.len();
            c.2 += g.len();
        }
    }
    let (mut m, mut p, mut g) = (0, 0, 0);
    let roles = counts
        .iter()
        .map(|(r, &(a, b, c))| {
            m += a;
            p += b;
            g += c;
            (r.to_string(), Prf::from_counts(a, b, c))
        })
        .collect();
    Scores {
        micro: Prf::from_counts(m, p, g),
        roles,
        documents: gold.len(),
    }
}

/// The GRIT prediction file for `predicted` (docid → role → entities).
#[must_use]
pub fn predictions_json(
    predicted: &BTreeMap<String, BTreeMap<String, Entities>>,
) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for (docid, roles) in predicted {
        out.insert(
            numeric_id(docid),
            serde_json::json!({ "pred_extracts": roles }),
        );
    }
    serde_json::Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(list: &[&[&str]]) -> Entities {
        list.iter()
            .map(|e| e.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    fn doc(id: &str, role: &str, gold: Entities) -> Doc {
        let mut roles: BTreeMap<String, Entities> =
            ROLES.iter().map(|r| (r.to_string(), Vec::new())).collect();
        roles.insert(role.into(), gold);
        Doc {
            docid: id.into(),
            text: String::new(),
            roles,
        }
    }

    #[test]
    fn normalisation_and_ids() {
        assert_eq!(normalise("The  \"Shining Path\","), "shining path");
        assert_eq!(normalise("a car-bomb"), "car bomb");
        assert_eq!(numeric_id("TST3-MUC4-0003"), "30003");
        assert_eq!(numeric_id("DEV-MUC3-0104"), "104");
        assert_eq!(numeric_id("TST1-MUC3-0001"), "10001");
    }

    #[test]
    fn perfect_partial_and_strict_matches() {
        let gold = vec![doc(
            "d1",
            "PerpOrg",
            ents(&[
                &["farabundo marti national liberation front", "fmln"],
                &["eln"],
            ]),
        )];
        let pred = |e: Entities| {
            let mut m = BTreeMap::new();
            m.insert("PerpOrg".to_string(), e);
            BTreeMap::from([("d1".to_string(), m)])
        };
        // Gold against itself: 100.
        let s = score(&gold, &pred(gold[0].roles["PerpOrg"].clone()));
        assert_eq!(
            (s.micro.precision, s.micro.recall, s.micro.f1),
            (1.0, 1.0, 1.0)
        );
        // One correct mention is enough; "The FMLN" normalises to "fmln".
        let s = score(&gold, &pred(ents(&[&["The FMLN"]])));
        assert_eq!(
            (s.micro.matched, s.micro.predicted, s.micro.gold),
            (1, 1, 2)
        );
        assert!((s.micro.recall - 0.5).abs() < 1e-12);
        // Strict: a predicted entity with one wrong mention does not match.
        let s = score(&gold, &pred(ents(&[&["fmln", "army"]])));
        assert_eq!(s.micro.matched, 0);
        // One-to-one: two predictions for one gold entity match once.
        let s = score(
            &gold,
            &pred(ents(&[
                &["fmln"],
                &["farabundo marti national liberation front"],
            ])),
        );
        assert_eq!((s.micro.matched, s.micro.predicted), (1, 2));
        // The matching is maximal: "fmln"+"eln" each find their own entity.
        let s = score(&gold, &pred(ents(&[&["eln"], &["fmln"]])));
        assert_eq!(s.micro.matched, 2);
        // A missing document predicts nothing.
        let s = score(&gold, &BTreeMap::new());
        assert_eq!((s.micro.predicted, s.micro.gold, s.micro.f1), (0, 2, 0.0));
    }

    #[test]
    fn combine_puts_the_rules_organisations_first_once() {
        let roles = |orgs: Entities, targets: Entities| -> BTreeMap<String, Entities> {
            ROLES
                .iter()
                .map(|r| {
                    let e = match *r {
                        "PerpOrg" => orgs.clone(),
                        "Target" => targets.clone(),
                        _ => Vec::new(),
                    };
                    (r.to_string(), e)
                })
                .collect()
        };
        let learned = roles(ents(&[&["FMLN guerrillas"], &["ELN"]]), ents(&[&["bank"]]));
        let rules = roles(ents(&[&["the guerrillas"], &["ARENA"]]), Vec::new());
        let out = combine(learned, &rules);
        // "FMLN guerrillas" ends with the rules' "guerrillas": the same organisation.
        assert_eq!(
            out["PerpOrg"],
            ents(&[&["the guerrillas"], &["ARENA"], &["ELN"]])
        );
        assert_eq!(out["Target"], ents(&[&["bank"]]));
        // A document the tagger finds irrelevant stays empty.
        let none = roles(Vec::new(), Vec::new());
        assert!(combine(none, &rules).values().all(Vec::is_empty));
    }

    #[test]
    fn micro_pools_roles() {
        let mut d = doc("d", "Target", ents(&[&["embassy"]]));
        d.roles
            .insert("Weapon".into(), ents(&[&["dynamite"], &["bomb"]]));
        let mut p = BTreeMap::new();
        p.insert("Target".to_string(), ents(&[&["the embassy"]]));
        p.insert("Weapon".to_string(), ents(&[&["dynamite"], &["rifles"]]));
        let s = score(&[d], &BTreeMap::from([("d".to_string(), p)]));
        assert_eq!(
            (s.micro.matched, s.micro.predicted, s.micro.gold),
            (2, 3, 3)
        );
        assert_eq!(s.roles["Target"].f1, 1.0);
        assert_eq!(s.roles["Weapon"].matched, 1);
        assert_eq!(s.roles["PerpInd"].gold, 0);
    }
}
