//! Training the detector from gold documents (`vigil train events`).
//!
//! Every word of every training document is annotated once by Vigil's own NLP stage and
//! labelled from the gold triggers that cover it ([`prepare`]); [`train`] then picks the gate's
//! vocabulary from the chosen documents and fits the model on the words that pass it, so that a
//! cross-validation fold never sees the gate or the weights of the documents it is scored on.

use super::args::{arg_features, candidate, kind_tag, ArgModel, ArgRole};
use super::clusters::{fnv, Clusters, NONE};
use super::features::{stem, token_features, Form, SentCues};
use super::linear::{Fit, Linear};
use super::model::{Class, Detector, CLASSES};
use crate::Extractor;
use std::collections::{HashMap, HashSet};
use vigil_model::gold::{Coverage, GoldDoc};
use vigil_model::{EventKind, Role, TokenKind};

/// One training word.
#[derive(Debug, Clone)]
pub struct Example {
    /// Hashed features.
    pub features: Vec<u32>,
    /// Gold class.
    pub label: Class,
    /// Hash of the word's stem and of its lower-cased form.
    pub stem: u64,
    /// Hash of the lower-cased form.
    pub low: u64,
    /// Fine cluster.
    pub cluster: u16,
    /// Document index.
    pub doc: usize,
}

/// Training words of a set of documents.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// Every word of complete documents, the trigger words of partial ones.
    pub examples: Vec<Example>,
    /// Stems of the lexicon's words (always in the gate).
    pub lexicon_stems: HashSet<u64>,
    /// Argument examples: (features, role, document index).
    pub arg_examples: Vec<(Vec<u32>, ArgRole, usize)>,
}

/// Options of [`train`].
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the examples.
    pub epochs: usize,
    /// AdaGrad learning rate.
    pub rate: f32,
    /// Minimum class probability to report.
    pub threshold: f32,
    /// Minimum role probability to fill an argument.
    pub arg_threshold: f32,
    /// Gate: minimum share of a stem's occurrences that report an event.
    pub gate_rate: f32,
    /// L2 penalty, applied to the weights of the features an example has.
    pub l2: f32,
    /// An unlabelled word whose stem reports an event at least this often, in a document
    /// that reports violence, is left out of training (the corpora annotate partially).
    pub ambiguous_rate: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 3,
            rate: 0.05,
            threshold: 0.5,
            arg_threshold: 0.5,
            gate_rate: 0.04,
            l2: 0.0,
            ambiguous_rate: 0.1,
        }
    }
}

/// The class of a gold event's trigger words.
fn class_of(doc: &GoldDoc, e: &vigil_model::gold::GoldEvent) -> Class {
    match e.kind {
        Some(EventKind::Attack) => Class::Attack,
        Some(EventKind::Arrest) => Class::Arrest,
        Some(EventKind::Threat) => Class::Threat,
        Some(_) => Class::None,
        None if crate::detect::train::is_casualty_type(&e.source_type) => {
            let violent_args = e
                .args
                .iter()
                .any(|a| matches!(a.role, Role::PerpetratorIndividual | Role::Weapon));
            let sentence = e
                .trigger
                .as_ref()
                .and_then(|t| doc.sentences.iter().position(|s| s.contains(&t.start)));
            let attack_near = sentence.is_some_and(|s| {
                doc.events.iter().any(|x| {
                    x.kind == Some(EventKind::Attack)
                        && x.trigger
                            .as_ref()
                            .is_some_and(|t| doc.sentences[s].contains(&t.start))
                })
            });
            if violent_args || attack_near {
                Class::Casualty
            } else {
                Class::Death
            }
        }
        None => Class::None,
    }
}

/// Whether a corpus type names a death or injury (KAIROS/AIDA `Life.Die`, `Life.Injure`, ACE
/// `Life:Die`, `Life:Injure`, FrameNet `Killing`).
#[must_use]
pub fn is_casualty_type(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    l.starts_with("life.die")
        || l.starts_with("life.injure")
        || l.starts_with("life:die")
        || l.starts_with("life:injure")
        || t == "Killing"
}

/// Annotates the documents and labels their words; each document is read twice, as written
/// and lower-cased (feeds, transcripts and MUC-4's wire copy come without capitals).
#[must_use]
pub fn prepare(x: &Extractor, det_clusters: &Clusters, docs: &[GoldDoc]) -> Prepared {
    let mut out = Prepared::default();
    for (di, doc) in docs.iter().enumerate() {
        for lower in [false, true] {
            let text = if lower {
                doc.text.to_ascii_lowercase()
            } else {
                doc.text.clone()
            };
            prepare_doc(x, det_clusters, doc, di, &text, &mut out);
        }
    }
    for phrase in x.trigger_words() {
        out.lexicon_stems.insert(fnv(stem(&phrase).as_bytes()));
        out.lexicon_stems.insert(fnv(phrase.as_bytes()));
    }
    out
}

/// Labels the words of one document whose text (as written or lower-cased: the same byte
/// offsets) is `text`.
fn prepare_doc(
    x: &Extractor,
    det_clusters: &Clusters,
    doc: &GoldDoc,
    di: usize,
    text: &str,
    out: &mut Prepared,
) {
    {
        let a = x.nlp.annotate(text, doc.published);
        let ctx = super::doc_context(x, &a);
        // Original byte offset → normalised: the first normalised byte from there on.
        let norm = |o: usize| a.origin.partition_point(|&x| (x as usize) < o);
        let mut labels = vec![Class::None; a.tokens.len()];
        for e in &doc.events {
            let Some(t) = &e.trigger else { continue };
            let c = class_of(doc, e);
            if c == Class::None {
                continue;
            }
            let (s, en) = (norm(t.start), norm(t.end));
            for (i, tok) in a.tokens.iter().enumerate() {
                if tok.span.start < en
                    && s < tok.span.end
                    && (labels[i] == Class::None || c < labels[i])
                {
                    labels[i] = c;
                }
            }
        }
        let partial = doc.coverage == Coverage::Partial;
        prepare_args(x, det_clusters, doc, di, &a, &ctx, &norm, out);
        let mut feats = Vec::new();
        for (si, range) in a.sentence_tokens.iter().enumerate() {
            if range.is_empty() {
                continue;
            }
            let forms: Vec<Form> = range
                .clone()
                .map(|i| Form::of(&a, i, det_clusters))
                .collect();
            let cues = SentCues::new(&ctx, si, range.clone());
            for i in range.clone() {
                if a.tokens[i].kind != TokenKind::Word || partial && labels[i] == Class::None {
                    continue;
                }
                token_features(&ctx, &cues, range, &forms, i, &mut feats);
                let low = a.low(i);
                out.examples.push(Example {
                    features: feats.clone(),
                    label: labels[i],
                    stem: fnv(stem(low).as_bytes()),
                    low: fnv(low.as_bytes()),
                    cluster: forms[i - range.start].clusters[2],
                    doc: di,
                });
            }
        }
    }
}

/// The head of a span of tokens: the word before "of", "who", "which", a comma or a bracket,
/// else the last word.
fn head_of(a: &vigil_nlp::Annotated, s: usize, e: usize) -> Option<usize> {
    let cut = (s..e)
        .find(|&i| {
            i > s
                && matches!(
                    a.low(i),
                    "of" | "who" | "which" | "that" | "," | "(" | "from"
                )
        })
        .unwrap_or(e);
    (s..cut)
        .rev()
        .find(|&i| matches!(a.tokens[i].kind, TokenKind::Word | TokenKind::Number))
}

/// The argument examples of one document: for each gold event with a trigger, every candidate
/// word of the trigger's sentence, labelled with the role of the gold argument it heads.
#[allow(clippy::too_many_arguments)]
fn prepare_args(
    x: &Extractor,
    det_clusters: &Clusters,
    doc: &GoldDoc,
    di: usize,
    a: &vigil_nlp::Annotated,
    ctx: &super::features::DocContext,
    norm: &dyn Fn(usize) -> usize,
    out: &mut Prepared,
) {
    let mut places = vec![false; a.tokens.len()];
    for p in x.gazetteer.places(a) {
        for v in &mut places[p.start..p.end.min(a.tokens.len())] {
            *v = true;
        }
    }
    let tokens_of = |r: &std::ops::Range<usize>| -> Option<(usize, usize)> {
        let (s, e) = (norm(r.start), norm(r.end));
        let first = a
            .tokens
            .iter()
            .position(|t| t.span.end > s && t.span.start < e)?;
        let last = a
            .tokens
            .iter()
            .rposition(|t| t.span.end > s && t.span.start < e)?;
        Some((first, last + 1))
    };
    let mut feats = Vec::new();
    for e in &doc.events {
        let casualty = is_casualty_type(&e.source_type);
        if e.kind.is_none() && !casualty || e.args.is_empty() && doc.coverage == Coverage::Partial {
            continue;
        }
        let Some(trig) = e.trigger.as_ref().and_then(tokens_of) else {
            continue;
        };
        let si = a.sentence_of(trig.0);
        let range = a.sentence_tokens[si].clone();
        if !range.contains(&trig.0) {
            continue;
        }
        let mut heads: Vec<(usize, ArgRole)> = Vec::new();
        for arg in &e.args {
            let role = ArgRole::of(arg.role);
            if role == ArgRole::None {
                continue;
            }
            if let Some(h) = arg
                .span
                .as_ref()
                .and_then(tokens_of)
                .and_then(|(s, e)| head_of(a, s, e))
            {
                heads.push((h, role));
            }
        }
        let forms: Vec<Form> = range
            .clone()
            .map(|i| Form::of(a, i, det_clusters))
            .collect();
        let tag = kind_tag(e.kind, casualty);
        for c in range.clone() {
            if (trig.0..trig.1).contains(&c) || !candidate(ctx, c) {
                continue;
            }
            let role = heads
                .iter()
                .find(|(h, _)| *h == c)
                .map_or(ArgRole::None, |(_, r)| *r);
            arg_features(ctx, &range, &forms, &places, trig, tag, c, &mut feats);
            out.arg_examples.push((feats.clone(), role, di));
        }
    }
}

/// Trains a detector on the examples of the documents `use_doc` keeps.
#[must_use]
pub fn train(
    prepared: &Prepared,
    use_doc: &dyn Fn(usize) -> bool,
    clusters: Clusters,
    opts: &TrainOptions,
) -> Detector {
    let examples: Vec<&Example> = prepared
        .examples
        .iter()
        .filter(|e| use_doc(e.doc))
        .collect();
    // The gate: stems that report an event often enough, and fine clusters that hold several.
    let mut by_stem: HashMap<u64, (u32, u32)> = HashMap::new();
    let mut by_cluster: HashMap<u16, (u32, u32, HashSet<u64>)> = HashMap::new();
    for e in &examples {
        let pos = e.label != Class::None;
        let s = by_stem.entry(e.stem).or_default();
        s.0 += 1;
        s.1 += u32::from(pos);
        if e.cluster != NONE {
            let c = by_cluster.entry(e.cluster).or_default();
            c.0 += 1;
            c.1 += u32::from(pos);
            if pos {
                c.2.insert(e.stem);
            }
        }
    }
    let mut gate_stems: HashSet<u64> = by_stem
        .iter()
        .filter(|(_, &(n, p))| p >= 1 && p as f32 >= opts.gate_rate * n as f32)
        .map(|(&s, _)| s)
        .collect();
    gate_stems.extend(prepared.lexicon_stems.iter().copied());
    let gate_clusters: HashSet<u16> = by_cluster
        .iter()
        .filter(|(_, (n, p, stems))| {
            *p >= 3 && *p as f32 >= opts.gate_rate * *n as f32 && stems.len() >= 2
        })
        .map(|(&c, _)| c)
        .collect();
    // The corpora annotate only some of the events they mention ("attack" is a gold trigger
    // in a fifth of its occurrences in WikiEvents train): an unlabelled word that often reports
    // an event, in a document that reports violence, is no reliable negative and is left out.
    let violent_docs: HashSet<usize> = examples
        .iter()
        .filter(|e| {
            matches!(
                e.label,
                Class::Attack | Class::Casualty | Class::Arrest | Class::Threat
            )
        })
        .map(|e| e.doc)
        .collect();
    let ambiguous = |e: &Example| {
        e.label == Class::None
            && violent_docs.contains(&e.doc)
            && by_stem
                .get(&e.stem)
                .is_some_and(|&(n, p)| p as f32 >= opts.ambiguous_rate * n as f32)
    };
    let gated: Vec<&Example> = examples
        .iter()
        .copied()
        .filter(|e| {
            (gate_stems.contains(&e.stem)
                || gate_stems.contains(&e.low)
                || e.cluster != NONE && gate_clusters.contains(&e.cluster))
                && !ambiguous(e)
        })
        .collect();
    let examples: Vec<(&[u32], usize)> = gated
        .iter()
        .map(|e| (e.features.as_slice(), e.label as usize))
        .collect();
    let linear = Linear::fit(
        &examples,
        &Fit {
            epochs: opts.epochs,
            rate: opts.rate,
            l2: opts.l2,
        },
    );
    let arg_examples: Vec<(&[u32], usize)> = prepared
        .arg_examples
        .iter()
        .filter(|(_, _, d)| use_doc(*d))
        .map(|(f, r, _)| (f.as_slice(), *r as usize))
        .collect();
    let args = ArgModel {
        linear: Linear::fit(
            &arg_examples,
            &Fit {
                epochs: opts.epochs,
                rate: opts.rate,
                l2: opts.l2,
            },
        ),
        threshold: opts.arg_threshold,
    };
    Detector {
        clusters,
        gate_stems,
        gate_clusters,
        linear,
        threshold: opts.threshold,
        args,
    }
}

/// Word-level scores per class: (gold, predicted, correct).
pub type ClassCounts = [(usize, usize, usize); CLASSES];

/// Word-level scores of a detector on the examples of the documents `use_doc` keeps: per class
/// (gold, predicted, correct), and how many event words the gate lets through (passed, all).
#[must_use]
pub fn word_scores(
    det: &Detector,
    prepared: &Prepared,
    use_doc: &dyn Fn(usize) -> bool,
) -> (ClassCounts, (usize, usize)) {
    let mut per = [(0usize, 0usize, 0usize); CLASSES];
    let mut gate = (0usize, 0usize);
    for e in prepared.examples.iter().filter(|e| use_doc(e.doc)) {
        let passes = det.gate_stems.contains(&e.stem)
            || det.gate_stems.contains(&e.low)
            || e.cluster != NONE && det.gate_clusters.contains(&e.cluster);
        if e.label != Class::None {
            gate.1 += 1;
            gate.0 += usize::from(passes);
            per[e.label as usize].0 += 1;
        }
        if !passes {
            continue;
        }
        let p = det.probabilities(&e.features);
        let (k, best) =
            p.iter()
                .enumerate()
                .skip(1)
                .fold((0, 0f32), |b, (k, &v)| if v > b.1 { (k, v) } else { b });
        if k != 0 && best >= det.threshold {
            per[k].1 += 1;
            if k == e.label as usize {
                per[k].2 += 1;
            }
        }
    }
    (per, gate)
}
