//! The event scorer: Vigil's output for each gold document against its annotation.
//!
//! * **Detection** (documents whose events are annotated with triggers): a gold event is the
//!   pair (sentence of its trigger, kind); Vigil's event is (sentence of its first evidence,
//!   kind). Precision, recall and F1 of those pairs per kind, as the held-out WikiEvents score
//!   counts them. Also by trigger words (a Vigil trigger overlapping a gold trigger of its kind)
//!   and by any evidence sentence. A `counter_operation` counts as an attack: the corpora call a
//!   state's raid or strike an attack. Corpora annotated per document (MUC-4, UCDP) score
//!   whether a document yields a violent event at all.
//! * **Arguments** per role group ([`crate::mapping::role_group`]), head-word match: a gold
//!   argument is found when a value of its group on the Vigil event matched to its event has
//!   the same head word (the last word, or the word before "of"), or any word of it equals the
//!   gold head. Recall over every gold argument of a scored kind; precision over the values of
//!   matched Vigil events.
//! * **Modality**: for gold predicates with a factuality score (UDS, ECB+ negated actions)
//!   whose words a Vigil trigger covers, whether Vigil says it happened (asserted, claimed,
//!   alleged, reported, historical) exactly when the corpus does (score > 0).
//! * **Duplicates**: Vigil events per gold coreference chain they hit (ECB+), and violent events
//!   per document that reports one (MUC-4, UCDP).
//! * **Tolls and places** (UCDP): the first violent event's largest `killed` equals the coded
//!   best estimate; a place of it lies within 25 km of the coded point; its country is right.

use crate::mapping::role_group;
use crate::{Coverage, GoldDoc, GoldEvent};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use vigil_model::{DocumentOutput, Event, EventKind, Modality, Quantity, Role};

/// Counts of one precision/recall measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Prf {
    /// Matched predictions.
    pub tp: usize,
    /// Predictions.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
    /// Gold items found (may differ from `tp` when several predictions find one item).
    pub found: usize,
}

impl Prf {
    /// Precision.
    #[must_use]
    pub fn p(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }
    /// Recall.
    #[must_use]
    pub fn r(&self) -> f64 {
        ratio(self.found, self.gold)
    }
    /// F1.
    #[must_use]
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.found += o.found;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A hit or a miss, for error analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// Document id.
    pub doc: String,
    /// `missed` (gold not found), `spurious` (predicted, not gold), `missed_arg`,
    /// `missed_event_arg` (the gold event was not found), `spurious_arg`, or for UCDP
    /// `wrong_killed` (kind: the coded toll, then ours) and `wrong_place` (kind: each
    /// place of the first event with its country and distance from the coded point).
    pub what: String,
    /// Kind or role.
    pub kind: String,
    /// The sentence or argument concerned.
    pub text: String,
}

/// A ratio of documents or items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Items meeting the condition.
    pub hits: usize,
    /// Items considered.
    pub of: usize,
}

impl Count {
    fn add(&mut self, hit: bool) {
        self.of += 1;
        self.hits += usize::from(hit);
    }
    /// The share.
    #[must_use]
    pub fn share(&self) -> f64 {
        ratio(self.hits, self.of)
    }
}

/// Everything the scorer measured on one set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Documents scored.
    pub documents: usize,
    /// Events Vigil produced.
    pub events: usize,
    /// Detection by (sentence, kind), per kind.
    pub detection: BTreeMap<String, Prf>,
    /// Detection by trigger words, per kind.
    pub triggers: BTreeMap<String, Prf>,
    /// Detection by any evidence sentence, per kind.
    pub any_evidence: BTreeMap<String, Prf>,
    /// Document-level detection of a violent event (MUC-4, UCDP).
    pub documents_detected: Option<Prf>,
    /// Arguments per role group.
    pub arguments: BTreeMap<String, Prf>,
    /// Modality agreement on gold predicates with a factuality score.
    pub modality: Option<Count>,
    /// Vigil events per gold coreference chain they hit (ECB+).
    pub events_per_chain: Option<Count>,
    /// Gold chains (ECB+) that several Vigil events hit: one real event reported twice.
    pub chains_split: Option<Count>,
    /// Documents with a violent event that yield exactly one (MUC-4, UCDP).
    pub exactly_one: Option<Count>,
    /// UCDP: the largest `killed` of the first violent event equals the coded best estimate.
    pub killed_exact: Option<Count>,
    /// UCDP: a place of the first violent event lies within 25 km of the coded point.
    pub place_25km: Option<Count>,
    /// UCDP: a place of the first violent event is in the coded country.
    pub country: Option<Count>,
    /// re3d: role values of Vigil's events that overlap an annotated entity of a fitting type.
    pub typed_values: Option<Count>,
    /// Misses, when asked for.
    pub misses: Vec<Miss>,
}

impl Report {
    /// Detection summed over the scored kinds.
    #[must_use]
    pub fn detection_total(&self) -> Prf {
        let mut t = Prf::default();
        for p in self.detection.values() {
            t.add(*p);
        }
        t
    }

    /// Arguments summed over the role groups.
    #[must_use]
    pub fn arguments_total(&self) -> Prf {
        let mut t = Prf::default();
        for p in self.arguments.values() {
            t.add(*p);
        }
        t
    }
}

/// The kinds the detection scores cover.
const SCORED: [EventKind; 3] = [EventKind::Attack, EventKind::Arrest, EventKind::Threat];

/// The kind an event is scored as: counter-operations are attacks.
fn scored_kind(k: EventKind) -> Option<EventKind> {
    match k {
        EventKind::CounterOperation | EventKind::Attack => Some(EventKind::Attack),
        EventKind::Arrest | EventKind::Threat => Some(k),
        _ => None,
    }
}

fn is_violent(e: &Event) -> bool {
    matches!(e.kind, EventKind::Attack | EventKind::CounterOperation)
}

/// Maps Vigil's normalised-text offsets back to the gold text.
struct Back {
    origin: Vec<u32>,
}

impl Back {
    fn new(text: &str) -> Back {
        Back {
            origin: vigil_nlp::normalize(text).origin,
        }
    }
    fn at(&self, offset: usize) -> usize {
        self.origin
            .get(offset)
            .or(self.origin.last())
            .map_or(0, |&o| o as usize)
    }
    fn range(&self, r: Range<usize>) -> Range<usize> {
        self.at(r.start)..self.at(r.end.max(r.start + 1) - 1) + 1
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The head word of an argument: the word before "of"/"who"/"which"/a comma, else the last
/// word; lower-cased, possessive and punctuation stripped.
#[must_use]
pub fn head(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let cut = words
        .iter()
        .position(|w| {
            matches!(
                w.as_str(),
                "of" | "who" | "which" | "that" | "from" | "in" | "at"
            )
        })
        .filter(|&i| i > 0)
        .unwrap_or(words.len());
    words[..cut].last().cloned().unwrap_or_default()
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn arg_matches(gold: &crate::GoldArg, value: &str) -> bool {
    let vh = head(value);
    let vw = words(value);
    std::iter::once(&gold.text).chain(&gold.also).any(|g| {
        let gh = head(g);
        !gh.is_empty() && (gh == vh || vw.contains(&gh))
    })
}

/// Role values of an event by scored group, with the event's places.
fn values_by_group(e: &Event) -> BTreeMap<&'static str, Vec<String>> {
    let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (role, vals) in &e.roles {
        if let Some(g) = role_group(*role) {
            out.entry(g)
                .or_default()
                .extend(vals.iter().map(|v| v.text.clone()));
        }
    }
    for p in &e.places {
        out.entry("place").or_default().push(p.text.clone());
    }
    out
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn happened(m: Modality) -> bool {
    matches!(
        m,
        Modality::Asserted
            | Modality::Claimed
            | Modality::Alleged
            | Modality::Reported
            | Modality::Historical
    )
}

/// Scores Vigil's outputs (one per gold document, in order) against the gold documents.
///
/// # Panics
/// When the two slices differ in length.
#[must_use]
pub fn score(gold: &[GoldDoc], predicted: &[DocumentOutput], keep_misses: bool) -> Report {
    assert_eq!(gold.len(), predicted.len(), "one output per gold document");
    let mut r = Report {
        documents: gold.len(),
        ..Report::default()
    };
    for (g, out) in gold.iter().zip(predicted) {
        r.events += out.events.len();
        let back = Back::new(&g.text);
        match g.coverage {
            Coverage::Complete | Coverage::Partial => {
                score_mentions(g, out, &back, &mut r, keep_misses)
            }
            Coverage::Document => score_document(g, out, &back, &mut r, keep_misses),
            Coverage::None => {}
        }
        score_modality(g, out, &back, &mut r, keep_misses);
        score_chains(g, out, &back, &mut r);
        score_entities(g, out, &back, &mut r);
    }
    // Role groups the set never annotates are not scored.
    r.arguments.retain(|_, p| p.gold > 0);
    r
}

fn sentence_of(g: &GoldDoc, pos: usize) -> Option<usize> {
    g.sentences
        .iter()
        .position(|s| s.start <= pos && pos < s.end.max(s.start + 1))
        .or_else(|| g.sentences.iter().rposition(|s| s.start <= pos))
}

/// A Vigil event as scored: the event, its scored kind, its first evidence sentence, every
/// evidence sentence, and its trigger ranges in the gold text.
type Scored<'a> = (&'a Event, EventKind, usize, Vec<usize>, Vec<Range<usize>>);

fn score_mentions(g: &GoldDoc, out: &DocumentOutput, back: &Back, r: &mut Report, misses: bool) {
    let partial = g.coverage == Coverage::Partial;
    let gold_events: Vec<(&GoldEvent, EventKind, usize)> = g
        .events
        .iter()
        .filter_map(|e| {
            let k = e.kind.filter(|k| SCORED.contains(k))?;
            let s = sentence_of(g, e.trigger.as_ref()?.start)?;
            Some((e, k, s))
        })
        .collect();
    let predicted: Vec<Scored> = out
        .events
        .iter()
        .filter_map(|e| {
            let k = scored_kind(e.kind)?;
            let ev: Vec<usize> = e
                .evidence
                .iter()
                .filter_map(|x| sentence_of(g, back.at(x.span.start)))
                .collect();
            let first = *ev.first()?;
            let trig = e
                .triggers
                .iter()
                .map(|t| back.range(t.start..t.end))
                .collect();
            Some((e, k, first, ev, trig))
        })
        .collect();
    for kind in SCORED {
        let name = kind.as_str().to_string();
        let gold_pairs: BTreeSet<usize> = gold_events
            .iter()
            .filter(|x| x.1 == kind)
            .map(|x| x.2)
            .collect();
        let pred_first: BTreeSet<usize> = predicted
            .iter()
            .filter(|x| x.1 == kind)
            .map(|x| x.2)
            .collect();
        let mut d = Prf {
            gold: gold_pairs.len(),
            found: gold_pairs.intersection(&pred_first).count(),
            ..Prf::default()
        };
        d.tp = d.found;
        if !partial {
            d.predicted = pred_first.len();
        }
        r.detection.entry(name.clone()).or_default().add(d);
        // Any evidence sentence.
        let mut a = Prf {
            gold: gold_pairs.len(),
            ..Prf::default()
        };
        let mut covered: BTreeSet<usize> = BTreeSet::new();
        for p in predicted.iter().filter(|x| x.1 == kind) {
            let hit = p.3.iter().any(|s| gold_pairs.contains(s));
            if !partial {
                a.predicted += 1;
                a.tp += usize::from(hit);
            }
            covered.extend(p.3.iter().filter(|s| gold_pairs.contains(s)));
        }
        a.found = covered.len();
        r.any_evidence.entry(name.clone()).or_default().add(a);
        // Trigger words.
        let gold_trig: Vec<&Range<usize>> = gold_events
            .iter()
            .filter(|x| x.1 == kind)
            .filter_map(|x| x.0.trigger.as_ref())
            .collect();
        let pred_trig: Vec<&Range<usize>> = predicted
            .iter()
            .filter(|x| x.1 == kind)
            .flat_map(|x| x.4.iter())
            .collect();
        let mut t = Prf {
            gold: gold_trig.len(),
            found: gold_trig
                .iter()
                .filter(|gt| pred_trig.iter().any(|pt| overlaps(gt, pt)))
                .count(),
            ..Prf::default()
        };
        if !partial {
            t.predicted = pred_trig.len();
            t.tp = pred_trig
                .iter()
                .filter(|pt| gold_trig.iter().any(|gt| overlaps(gt, pt)))
                .count();
        } else {
            t.tp = t.found;
        }
        r.triggers.entry(name.clone()).or_default().add(t);
        if misses {
            for s in gold_pairs.difference(&pred_first) {
                r.misses.push(Miss {
                    doc: g.id.clone(),
                    what: "missed".into(),
                    kind: name.clone(),
                    text: sentence_text(g, *s),
                });
            }
            if !partial {
                for s in pred_first.difference(&gold_pairs) {
                    r.misses.push(Miss {
                        doc: g.id.clone(),
                        what: "spurious".into(),
                        kind: name.clone(),
                        text: sentence_text(g, *s),
                    });
                }
            }
        }
    }
    // Arguments: each gold event against the Vigil event of its kind whose trigger overlaps it,
    // else the one whose evidence holds its sentence. Recall per gold event; precision per
    // matched Vigil event, against the arguments of every gold event matched to it.
    let mut matched: BTreeMap<usize, Vec<&GoldEvent>> = BTreeMap::new();
    for (ge, kind, s) in &gold_events {
        let gt = ge.trigger.as_ref();
        let m = predicted
            .iter()
            .position(|p| {
                p.1 == *kind && gt.is_some_and(|gt| p.4.iter().any(|pt| overlaps(gt, pt)))
            })
            .or_else(|| {
                predicted
                    .iter()
                    .position(|p| p.1 == *kind && p.3.contains(s))
            });
        recall_args(g, ge, m.map(|i| predicted[i].0), r, misses);
        if let Some(i) = m {
            matched.entry(i).or_default().push(ge);
        }
    }
    if !partial {
        for (i, ges) in matched {
            precision_args(predicted[i].0, &ges, r, misses.then_some(g.id.as_str()));
        }
    }
}

/// Gold arguments by scored group, one per head word.
fn gold_groups<'g>(ges: &[&'g GoldEvent]) -> BTreeMap<&'static str, Vec<&'g crate::GoldArg>> {
    let mut groups: BTreeMap<&'static str, Vec<&crate::GoldArg>> = BTreeMap::new();
    for a in ges.iter().flat_map(|e| &e.args) {
        if let Some(grp) = role_group(a.role) {
            let list = groups.entry(grp).or_default();
            if !list.iter().any(|x| head(&x.text) == head(&a.text)) {
                list.push(a);
            }
        }
    }
    groups
}

fn recall_args(g: &GoldDoc, ge: &GoldEvent, m: Option<&Event>, r: &mut Report, misses: bool) {
    let vals = m.map(values_by_group).unwrap_or_default();
    for (grp, list) in gold_groups(&[ge]) {
        let pv = vals.get(grp).cloned().unwrap_or_default();
        let p = r.arguments.entry(grp.to_string()).or_default();
        p.gold += list.len();
        for a in list {
            if pv.iter().any(|v| arg_matches(a, v)) {
                p.found += 1;
            } else if misses {
                r.misses.push(Miss {
                    doc: g.id.clone(),
                    what: if m.is_some() {
                        "missed_arg"
                    } else {
                        "missed_event_arg"
                    }
                    .into(),
                    kind: grp.to_string(),
                    text: format!("{} (have: {})", a.text, pv.join(" | ")),
                });
            }
        }
    }
}

/// Precision of the arguments of `e` against those of the gold events matched to it; with
/// `misses` (the document's id), each value no gold argument matches is listed as
/// `spurious_arg` with the gold values of its role.
fn precision_args(e: &Event, ges: &[&GoldEvent], r: &mut Report, misses: Option<&str>) {
    let groups = gold_groups(ges);
    for (grp, pv) in values_by_group(e) {
        let list = groups.get(grp).cloned().unwrap_or_default();
        let p = r.arguments.entry(grp.to_string()).or_default();
        p.predicted += pv.len();
        for v in &pv {
            if list.iter().any(|a| arg_matches(a, v)) {
                p.tp += 1;
            } else if let Some(doc) = misses {
                let gold: Vec<&str> = list.iter().map(|a| a.text.as_str()).collect();
                r.misses.push(Miss {
                    doc: doc.to_string(),
                    what: "spurious_arg".into(),
                    kind: grp.to_string(),
                    text: format!("{v} (gold: {})", gold.join(" | ")),
                });
            }
        }
    }
}

fn sentence_text(g: &GoldDoc, s: usize) -> String {
    g.sentences
        .get(s)
        .and_then(|r| g.text.get(r.clone()))
        .unwrap_or("")
        .to_string()
}

fn score_document(g: &GoldDoc, out: &DocumentOutput, _back: &Back, r: &mut Report, misses: bool) {
    let violent: Vec<&Event> = out
        .events
        .iter()
        .filter(|e| is_violent(e) && happened(e.modality))
        .collect();
    let gold = g.events.first();
    let d = r.documents_detected.get_or_insert_with(Prf::default);
    if gold.is_some() {
        d.gold += 1;
        d.found += usize::from(!violent.is_empty());
    }
    if !violent.is_empty() {
        d.predicted += 1;
        d.tp += usize::from(gold.is_some());
    }
    if misses && gold.is_some() == violent.is_empty() {
        r.misses.push(Miss {
            doc: g.id.clone(),
            what: if gold.is_some() { "missed" } else { "spurious" }.into(),
            kind: "attack".into(),
            text: g.text.chars().take(300).collect(),
        });
    }
    let Some(ge) = gold else { return };
    if !violent.is_empty() {
        r.exactly_one
            .get_or_insert_with(Count::default)
            .add(violent.len() == 1);
    }
    // Arguments against all violent events of the document together.
    let mut merged: Option<Event> = None;
    for e in &violent {
        match &mut merged {
            None => merged = Some((*e).clone()),
            Some(m) => {
                for (k, v) in &e.roles {
                    m.roles.entry(*k).or_default().extend(v.iter().cloned());
                }
                m.places.extend(e.places.iter().cloned());
            }
        }
    }
    if !ge.args.is_empty() {
        recall_args(g, ge, merged.as_ref(), r, misses);
        if let Some(m) = &merged {
            precision_args(m, &[ge], r, misses.then_some(g.id.as_str()));
        }
    }
    let first = violent.first();
    if let Some(best) = ge.killed {
        let most = first.and_then(|e| {
            e.roles
                .get(&Role::Killed)
                .into_iter()
                .flatten()
                .filter_map(|v| match v.value {
                    Some(Quantity::Number(n)) => Some(n),
                    _ => None,
                })
                .max()
        });
        let exact = most.unwrap_or(0) == best && first.is_some();
        r.killed_exact.get_or_insert_with(Count::default).add(exact);
        if misses && !exact && first.is_some() {
            r.misses.push(Miss {
                doc: g.id.clone(),
                what: "wrong_killed".into(),
                kind: format!(
                    "{best} not {}",
                    most.map_or("none".into(), |n| n.to_string())
                ),
                text: g.text.chars().take(300).collect(),
            });
        }
    }
    if let Some(pt) = ge.point {
        let near = first.is_some_and(|e| {
            e.places
                .iter()
                .any(|p| p.lat.zip(p.lon).is_some_and(|q| km(q, pt) <= 25.0))
        });
        r.place_25km.get_or_insert_with(Count::default).add(near);
        if misses && !near {
            if let Some(e) = first {
                let had: Vec<String> = e
                    .places
                    .iter()
                    .map(|p| {
                        let at = p.lat.zip(p.lon).map_or(String::new(), |q| {
                            format!(
                                " {} {:.0} km",
                                p.country.as_deref().unwrap_or("?"),
                                km(q, pt)
                            )
                        });
                        format!("{}={}{at}", p.text, p.name)
                    })
                    .collect();
                r.misses.push(Miss {
                    doc: g.id.clone(),
                    what: "wrong_place".into(),
                    kind: if had.is_empty() {
                        "none".into()
                    } else {
                        had.join("; ")
                    },
                    text: g.text.chars().take(300).collect(),
                });
            }
        }
    }
    if let Some(c) = &ge.country {
        let ok = first.is_some_and(|e| e.places.iter().any(|p| p.country.as_deref() == Some(c)));
        r.country.get_or_insert_with(Count::default).add(ok);
    }
}

fn score_modality(g: &GoldDoc, out: &DocumentOutput, back: &Back, r: &mut Report, misses: bool) {
    for ge in g.events.iter().filter(|e| e.factuality.is_some()) {
        let (Some(f), Some(gt)) = (ge.factuality, &ge.trigger) else {
            continue;
        };
        let Some(e) = out.events.iter().find(|e| {
            e.triggers
                .iter()
                .any(|t| overlaps(&back.range(t.start..t.end), gt))
        }) else {
            continue;
        };
        if f.abs() < 0.5 {
            continue; // annotators undecided
        }
        // A threat's own modality is that it was made: "threatened" tells of its content.
        let made = happened(e.modality)
            || e.kind == EventKind::Threat && e.modality == Modality::Threatened;
        let agrees = made == (f > 0.0);
        r.modality.get_or_insert_with(Count::default).add(agrees);
        if misses && !agrees {
            r.misses.push(Miss {
                doc: g.id.clone(),
                what: "modality".into(),
                kind: format!("{} (gold {f:+.1})", e.modality.as_str()),
                text: sentence_text(g, sentence_of(g, gt.start).unwrap_or(0)),
            });
        }
    }
}

fn score_chains(g: &GoldDoc, out: &DocumentOutput, back: &Back, r: &mut Report) {
    if !g.events.iter().any(|e| e.chain.is_some()) {
        return;
    }
    // Each Vigil event: the chains its triggers hit.
    let mut chains_hit: BTreeMap<&str, usize> = BTreeMap::new();
    let mut events_hitting = 0;
    for e in &out.events {
        let hit: BTreeSet<&str> = e
            .triggers
            .iter()
            .flat_map(|t| {
                let t = back.range(t.start..t.end);
                g.events
                    .iter()
                    .filter(move |ge| ge.trigger.as_ref().is_some_and(|gt| overlaps(gt, &t)))
                    .filter_map(|ge| ge.chain.as_deref())
            })
            .collect();
        if !hit.is_empty() {
            events_hitting += 1;
            for c in hit {
                *chains_hit.entry(c).or_default() += 1;
            }
        }
    }
    if events_hitting > 0 {
        let c = r.events_per_chain.get_or_insert_with(Count::default);
        c.hits += events_hitting;
        c.of += chains_hit.len();
        let s = r.chains_split.get_or_insert_with(Count::default);
        s.hits += chains_hit.values().filter(|&&n| n > 1).count();
        s.of += chains_hit.len();
    }
}

fn score_entities(g: &GoldDoc, out: &DocumentOutput, back: &Back, r: &mut Report) {
    if g.entities.is_empty() {
        return;
    }
    let fits = |role: Role, kind: &str| match role {
        Role::PerpetratorOrg
        | Role::SuspectedOrg
        | Role::ClaimantOrg
        | Role::IssuerOrg
        | Role::TargetOrg
        | Role::Operator
        | Role::Agency => {
            matches!(kind, "Organisation" | "Nationality" | "Location")
        }
        Role::PerpetratorIndividual
        | Role::Suspect
        | Role::IssuerIndividual
        | Role::ClaimantIndividual
        | Role::TargetIndividual
        | Role::Victim => {
            matches!(kind, "Person" | "Organisation" | "Nationality")
        }
        Role::Weapon => matches!(kind, "Weapon" | "MilitaryPlatform"),
        Role::Place => kind == "Location",
        _ => true,
    };
    for e in &out.events {
        for (role, vals) in &e.roles {
            if role_group(*role).is_none() {
                continue;
            }
            for v in vals {
                let sp = back.range(v.span.start..v.span.end);
                let overl: Vec<&crate::GoldEntity> = g
                    .entities
                    .iter()
                    .filter(|x| overlaps(&x.span, &sp))
                    .collect();
                if overl.is_empty() {
                    continue;
                }
                r.typed_values
                    .get_or_insert_with(Count::default)
                    .add(overl.iter().any(|x| fits(*role, &x.kind)));
            }
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "documents {}  events {}", self.documents, self.events)?;
        // A measure with nothing to divide by is shown as "-", not 0: sets annotated in part
        // (RAMS, one event per window) score recall only, and predict nothing for precision.
        let row = |f: &mut std::fmt::Formatter<'_>, name: &str, p: &Prf| {
            let cell = |defined: bool, x: f64| {
                if defined {
                    format!("{x:>6.3}")
                } else {
                    format!("{:>6}", "-")
                }
            };
            let (has_p, has_r) = (p.predicted > 0, p.gold > 0);
            writeln!(
                f,
                "  {name:<26} {} {} {} {:>6} {:>6}",
                cell(has_p, p.p()),
                cell(has_r, p.r()),
                cell(has_p && has_r, p.f1()),
                p.gold,
                p.predicted
            )
        };
        let table = |f: &mut std::fmt::Formatter<'_>, title: &str, m: &BTreeMap<String, Prf>| {
            if m.values().all(|p| p.gold == 0 && p.predicted == 0) {
                return Ok(());
            }
            writeln!(
                f,
                "{title:<28} {:>6} {:>6} {:>6} {:>6} {:>6}",
                "P", "R", "F1", "gold", "pred"
            )?;
            let mut total = Prf::default();
            for (k, p) in m {
                total.add(*p);
                row(f, k, p)?;
            }
            row(f, "all", &total)
        };
        table(f, "detection (sentence, kind)", &self.detection)?;
        table(f, "detection (trigger words)", &self.triggers)?;
        table(f, "detection (any evidence)", &self.any_evidence)?;
        if let Some(d) = &self.documents_detected {
            let mut m = BTreeMap::new();
            m.insert("violent event".to_string(), *d);
            table(f, "documents", &m)?;
        }
        table(f, "arguments (head word)", &self.arguments)?;
        let count = |f: &mut std::fmt::Formatter<'_>, name: &str, c: &Option<Count>| match c {
            Some(c) => writeln!(f, "{name:<28} {:>6.3} ({} of {})", c.share(), c.hits, c.of),
            None => Ok(()),
        };
        count(f, "modality agrees", &self.modality)?;
        if let Some(c) = &self.events_per_chain {
            writeln!(
                f,
                "{:<28} {:>6.3} ({} events, {} chains)",
                "events per gold chain",
                c.share(),
                c.hits,
                c.of
            )?;
        }
        count(f, "gold chains split", &self.chains_split)?;
        count(f, "exactly one violent event", &self.exactly_one)?;
        count(f, "killed exact", &self.killed_exact)?;
        count(f, "place within 25 km", &self.place_25km)?;
        count(f, "country", &self.country)?;
        count(f, "role values of a fitting type", &self.typed_values)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_words() {
        assert_eq!(head("the Russian major general"), "general");
        assert_eq!(head("members of the regime forces"), "members");
        assert_eq!(head("Thailand’s"), "thailand");
        assert_eq!(head("two men, who"), "men");
    }

    #[test]
    fn prf_counts() {
        let p = Prf {
            tp: 3,
            predicted: 4,
            gold: 6,
            found: 3,
        };
        assert!((p.p() - 0.75).abs() < 1e-9);
        assert!((p.r() - 0.5).abs() < 1e-9);
        assert!((p.f1() - 0.6).abs() < 1e-9);
    }
}

#[cfg(test)]
mod scoring {
    use super::*;
    use crate::{GoldArg, GoldEvent};
    use vigil_model::{DocumentMeta, Evidence, Links, RoleValue, Span};

    fn event(
        kind: EventKind,
        sentence: Span,
        trigger: Span,
        roles: &[(Role, &str, Span)],
    ) -> Event {
        let mut r: BTreeMap<Role, Vec<RoleValue>> = BTreeMap::new();
        for (role, text, span) in roles {
            r.entry(*role).or_default().push(RoleValue {
                text: (*text).into(),
                id: None,
                value: None,
                qualifier: None,
                span: *span,
            });
        }
        Event {
            id: "d#e1".into(),
            kind,
            subtype: "unknown".into(),
            modality: Modality::Asserted,
            roles: r,
            time: None,
            places: Vec::new(),
            source: None,
            evidence: vec![Evidence {
                sentence: 0,
                span: sentence,
                text: String::new(),
            }],
            triggers: vec![trigger],
            links: Links::default(),
            confidence: 1.0,
        }
    }

    fn output(events: Vec<Event>) -> DocumentOutput {
        DocumentOutput {
            document: DocumentMeta {
                id: "d".into(),
                source: "d".into(),
                url: None,
                title: None,
                published: None,
                site_name: None,
                duplicate_of: None,
                language: None,
            },
            events,
        }
    }

    #[test]
    fn detection_and_arguments_by_sentence_trigger_and_head() {
        let text = "Gunmen attacked a police post. Two officers were killed. Later, police arrested a man.";
        let gold = GoldDoc {
            id: "d".into(),
            text: text.into(),
            sentences: vec![0..30, 31..55, 56..text.len()],
            events: vec![
                GoldEvent {
                    kind: Some(EventKind::Attack),
                    trigger: Some(7..15),
                    args: vec![
                        GoldArg {
                            role: Role::PerpetratorIndividual,
                            source_role: "Attacker".into(),
                            text: "Gunmen".into(),
                            span: Some(0..6),
                            also: Vec::new(),
                        },
                        GoldArg {
                            role: Role::Target,
                            source_role: "Target".into(),
                            text: "a police post".into(),
                            span: Some(16..29),
                            also: Vec::new(),
                        },
                    ],
                    ..GoldEvent::default()
                },
                GoldEvent {
                    kind: Some(EventKind::Arrest),
                    trigger: Some(71..79),
                    ..GoldEvent::default()
                },
            ],
            ..GoldDoc::default()
        };
        // One attack found with its perpetrator and a wrong target; a spurious threat.
        let predicted = output(vec![
            event(
                EventKind::Attack,
                Span::new(0, 30),
                Span::new(7, 15),
                &[
                    (Role::PerpetratorIndividual, "Gunmen", Span::new(0, 6)),
                    (Role::Target, "two officers", Span::new(31, 43)),
                ],
            ),
            event(EventKind::Threat, Span::new(31, 55), Span::new(48, 54), &[]),
        ]);
        let r = score(&[gold], &[predicted], true);
        let attack = r.detection["attack"];
        assert_eq!((attack.tp, attack.predicted, attack.gold), (1, 1, 1));
        let arrest = r.detection["arrest"];
        assert_eq!((arrest.found, arrest.gold, arrest.predicted), (0, 1, 0));
        assert_eq!(r.detection["threat"].predicted, 1);
        let total = r.detection_total();
        assert!((total.p() - 0.5).abs() < 1e-9 && (total.r() - 0.5).abs() < 1e-9);
        assert_eq!(r.arguments["perpetrator"].found, 1);
        assert_eq!(r.arguments["victim_or_target"].found, 0);
        assert_eq!(r.arguments["victim_or_target"].predicted, 1);
        assert!(r
            .misses
            .iter()
            .any(|m| m.what == "missed" && m.kind == "arrest"));
    }
}
