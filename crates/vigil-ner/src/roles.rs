//! A learned MUC-4 role-filler tagger.
//!
//! A greedy left-to-right averaged perceptron (hashed features, like the entity tagger) that
//! tags every token of a document with BIO tags over the five MUC-4 roles ([`ROLE_NAMES`]).
//! Features: the word, its ±3 window and bigrams, affixes and shape, the word clusters and the
//! (uncased) entity tag of the embedded CoNLL model, the nearest trigger words left and right
//! (kill, attack, bomb, kidnap, damage, injure, claim, arrest classes) with their distance,
//! whether the sentence and the document mention attacks, the sentence's position, and the
//! two previous tags.
//!
//! **Training data** ([`read_docs`]): the GRIT layout (`{"docid", "doctext", "extracts":
//! {role: [[[mention, char_offset], …], …]}}`, one object per line). Gold spans are the
//! tokens under each mention's offset, plus every other occurrence of the same token sequence
//! in the document (the layout lists a mention once).
//!
//! **Decoding** ([`RoleModel::predict`]): each role's B score gets the role's boost
//! ([`Thresholds::boost`], trading precision for recall); spans of a role are grouped into
//! entities (same normalised text, one the word-level suffix of the other, or `X (Y)`; same
//! role); an entity is kept when its best span's confidence (the B-tag's margin over `O`)
//! reaches the role's threshold, and a document whose best entity stays under the document
//! threshold yields nothing. Each kept entity is reported by one mention, the text of its
//! first span exactly as it appears. The document's word frequencies and the sentence of its
//! first violent trigger word are features too.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use crate::features::analyze_norm;
use crate::{CaseMode, Error, Model, Result};

/// The five MUC-4 roles, in the GRIT layout's names.
pub const ROLE_NAMES: [&str; 5] = ["PerpInd", "PerpOrg", "Target", "Victim", "Weapon"];

/// Tags: 0 = `O`, `1 + 2r` = `B-role r`, `2 + 2r` = `I-role r`.
const N_TAGS: usize = 11;
const MAGIC: &[u8; 8] = b"VIGILROL";
/// 2: the boosts apply to the B tags only.
const FORMAT_VERSION: u32 = 2;
/// Bump when features change: models record it and refuse to load otherwise.
const FEATURE_VERSION: u32 = 1;
/// Path of the committed model, as seen from this crate's sources.
pub const DEFAULT_ROLE_MODEL_PATH: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/muc4-roles.model");

/// One document of the GRIT layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoleDoc {
    /// The document id.
    pub docid: String,
    /// The text.
    pub text: String,
    /// Per role (in [`ROLE_NAMES`] order): entities, each a list of `(mention, char offset)`.
    pub gold: Vec<Vec<Vec<(String, usize)>>>,
}

/// Reads a file in the GRIT layout (one JSON object per line).
///
/// # Errors
/// A line that is not JSON or lacks `docid`/`doctext`.
pub fn read_docs(text: &str) -> Result<Vec<RoleDoc>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |m: &str| Error::BadData(format!("line {}: {m}", i + 1));
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(&format!("invalid JSON: {e}")))?;
        let field = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .map(str::to_string)
                .ok_or_else(|| bad(&format!("no \"{k}\" string")))
        };
        let gold = ROLE_NAMES
            .iter()
            .map(|role| {
                v["extracts"][*role]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|entity| {
                        entity
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|m| {
                                let s = m.get(0)?.as_str()?;
                                let o = m.get(1)?.as_u64()?;
                                Some((s.to_string(), usize::try_from(o).ok()?))
                            })
                            .collect::<Vec<_>>()
                    })
                    .filter(|e| !e.is_empty())
                    .collect()
            })
            .collect();
        out.push(RoleDoc {
            docid: field("docid")?,
            text: field("doctext")?,
            gold,
        });
    }
    Ok(out)
}

/// A token: byte span in the text and its lower-cased form.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    word: String,
}

/// Words are runs of letters and digits; every other non-space character is a token.
fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if cur.is_none() {
                cur = Some(i);
            }
            continue;
        }
        if let Some(s) = cur.take() {
            out.push(Tok {
                start: s,
                end: i,
                word: text[s..i].to_lowercase(),
            });
        }
        if !c.is_whitespace() {
            out.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                word: c.to_string(),
            });
        }
    }
    if let Some(s) = cur {
        out.push(Tok {
            start: s,
            end: text.len(),
            word: text[s..].to_lowercase(),
        });
    }
    out
}

const ABBREV: [&str; 14] = [
    "col", "gen", "lt", "mr", "mrs", "sgt", "dr", "st", "capt", "maj", "no", "gov", "sen", "rev",
];

/// Sentence ranges of token indices.
fn sentences(toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for i in 0..toks.len() {
        let w = toks[i].word.as_str();
        let end = match w {
            "?" | "!" => true,
            "." => {
                let prev = i.checked_sub(1).map(|p| toks[p].word.as_str());
                !prev.is_some_and(|p| {
                    ABBREV.contains(&p) || (p.chars().count() == 1 && p != "." && p != "\"")
                })
            }
            _ => false,
        };
        if end || i + 1 == toks.len() {
            out.push((s, i + 1));
            s = i + 1;
        }
    }
    out
}

/// Trigger classes (1-based; 0 = none).
fn trigger_class(w: &str) -> u8 {
    match w {
        "kill" | "killed" | "kills" | "killing" | "killings" | "murder" | "murdered"
        | "murders" | "assassinated" | "assassination" | "assassinate" | "assassins"
        | "massacre" | "massacred" | "slain" | "executed" | "died" | "dead" | "death"
        | "deaths" | "shot" => 1,
        "attack" | "attacked" | "attacks" | "attacking" | "ambush" | "ambushed" | "raid"
        | "raided" | "stormed" | "fired" | "shooting" | "machinegunned" | "clash" | "clashed"
        | "harassed" | "assault" | "assaulted" | "offensive" => 2,
        "bomb" | "bombs" | "bombed" | "bombing" | "bombings" | "exploded" | "explosion"
        | "explosive" | "explosives" | "dynamite" | "blew" | "blast" | "detonated" | "grenade"
        | "grenades" | "hurled" | "planted" | "dynamited" => 3,
        "kidnap" | "kidnapped" | "kidnapping" | "kidnappers" | "abducted" | "abduction"
        | "hostage" | "hostages" | "seized" | "hijacked" => 4,
        "burned" | "destroyed" | "damaged" | "damage" | "fire" | "arson" | "sabotage"
        | "sabotaged" | "torched" | "set" => 5,
        "wounded" | "injured" | "injuring" | "injuries" | "hurt" | "wounding" => 6,
        "claimed" | "responsibility" | "responsible" | "blamed" | "perpetrated" | "carried" => 7,
        "arrested" | "captured" | "detained" | "arrest" => 8,
        _ => 0,
    }
}

fn hash_str(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

use crate::features::{fmix, step as mix};

fn shape(w: &str) -> u64 {
    let mut h = 0x77u64;
    let mut last = ' ';
    for c in w.chars() {
        let k = if c.is_alphabetic() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            h = mix(h, k as u64);
            last = k;
        }
    }
    h
}

fn affix(w: &str, n: usize, suffix: bool) -> u64 {
    let chars: Vec<char> = w.chars().collect();
    let part: String = if suffix {
        chars[chars.len().saturating_sub(n)..].iter().collect()
    } else {
        chars[..n.min(chars.len())].iter().collect()
    };
    hash_str(&part) ^ (n as u64) << 56 ^ u64::from(suffix) << 60
}

/// Per-token analysis of a document.
struct Analysed {
    toks: Vec<Tok>,
    sents: Vec<(usize, usize)>,
    word: Vec<u64>,
    pre3: Vec<u64>,
    suf3: Vec<u64>,
    suf2: Vec<u64>,
    shape: Vec<u64>,
    cl: Vec<[u16; 3]>,
    ner: Vec<u8>,
    trig: Vec<u8>,
    /// Per token: its sentence index.
    sent_of: Vec<usize>,
    /// Per sentence: bitmask of trigger classes present.
    sent_trig: Vec<u16>,
    /// Document: number of violent trigger words (classes 1–6), bucketed.
    doc_trig: u64,
    /// Per token: how often its word occurs in the document, bucketed.
    freq: Vec<u8>,
    /// The first sentence with a violent trigger word (or the number of sentences).
    first_trig_sent: usize,
}

fn analyse(text: &str) -> Analysed {
    let toks = tokenize(text);
    let sents = sentences(&toks);
    let ner_model = Model::embedded();
    let mut ner = Vec::with_capacity(toks.len());
    let mut sent_of = vec![0; toks.len()];
    let mut sent_trig = Vec::with_capacity(sents.len());
    let trig: Vec<u8> = toks.iter().map(|t| trigger_class(&t.word)).collect();
    for (k, &(s, e)) in sents.iter().enumerate() {
        let words: Vec<&str> = toks[s..e].iter().map(|t| t.word.as_str()).collect();
        ner.extend(
            ner_model
                .tag_with(&words, CaseMode::Uncased)
                .into_iter()
                .map(|t| t.index() as u8),
        );
        let mut mask = 0u16;
        for i in s..e {
            sent_of[i] = k;
            if trig[i] > 0 {
                mask |= 1 << trig[i];
            }
        }
        sent_trig.push(mask);
    }
    let n_trig = trig.iter().filter(|&&c| (1..=6).contains(&c)).count();
    let first_trig_sent = trig
        .iter()
        .position(|&c| (1..=6).contains(&c))
        .map_or(sents.len(), |i| sent_of[i]);
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in &toks {
        *counts.entry(t.word.as_str()).or_default() += 1;
    }
    let freq: Vec<u8> = toks
        .iter()
        .map(
            |t| match counts.get(t.word.as_str()).copied().unwrap_or(0) {
                0..=1 => 1,
                2 => 2,
                3..=4 => 3,
                _ => 4,
            },
        )
        .collect();
    let doc_trig = match n_trig {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        _ => 4,
    };
    Analysed {
        word: toks.iter().map(|t| hash_str(&t.word)).collect(),
        pre3: toks.iter().map(|t| affix(&t.word, 3, false)).collect(),
        suf3: toks.iter().map(|t| affix(&t.word, 3, true)).collect(),
        suf2: toks.iter().map(|t| affix(&t.word, 2, true)).collect(),
        shape: toks.iter().map(|t| shape(&t.word)).collect(),
        cl: toks
            .iter()
            .map(|t| ner_model.clusters.get(analyze_norm(&t.word)))
            .collect(),
        ner,
        trig,
        sent_of,
        sent_trig,
        doc_trig,
        freq,
        first_trig_sent,
        toks,
        sents,
    }
}

const N_STATIC: usize = 43;
const N_DYNAMIC: usize = 4;

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=1 => d as u64,
        2..=3 => 2,
        4..=6 => 3,
        7..=10 => 4,
        _ => 5,
    }
}

impl Analysed {
    /// Static features of token `i` of sentence `(s, e)`.
    fn static_features(&self, i: usize, s: usize, e: usize, out: &mut [u64; N_STATIC]) {
        let pad = |j: isize| -> u64 {
            if j < s as isize || j >= e as isize {
                0xdead_beef ^ j.unsigned_abs() as u64
            } else {
                self.word[j as usize]
            }
        };
        let ii = i as isize;
        let w = |d: isize| if d == 0 { self.word[i] } else { pad(ii + d) };
        let cl = |d: isize, g: usize| -> u64 {
            let j = ii + d;
            if j < s as isize || j >= e as isize {
                0xffff_ffff
            } else {
                u64::from(self.cl[j as usize][g])
            }
        };
        let ner = |d: isize| -> u64 {
            let j = ii + d;
            if j < s as isize || j >= e as isize {
                99
            } else {
                u64::from(self.ner[j as usize])
            }
        };
        // Nearest trigger to the left / right within the sentence.
        let mut left = (0u64, 0u64, 0u64);
        for j in (s..i).rev() {
            if self.trig[j] > 0 {
                left = (u64::from(self.trig[j]), dist_bucket(i - j), self.word[j]);
                break;
            }
        }
        let mut right = (0u64, 0u64, 0u64);
        for j in i + 1..e {
            if self.trig[j] > 0 {
                right = (u64::from(self.trig[j]), dist_bucket(j - i), self.word[j]);
                break;
            }
        }
        let k = self.sent_of[i];
        let sent_pos = match k {
            0..=3 => k as u64,
            4..=6 => 4,
            _ => 5,
        };
        let vals: [u64; N_STATIC] = [
            0,
            w(0),
            w(-1),
            w(1),
            w(-2),
            w(2),
            w(-3),
            w(3),
            mix(w(-1), w(0)),
            mix(w(0), w(1)),
            mix(w(-2), w(-1)),
            mix(w(1), w(2)),
            self.pre3[i],
            self.suf3[i],
            self.suf2[i],
            self.shape[i],
            cl(0, 0),
            cl(0, 1),
            cl(0, 2),
            cl(-1, 1),
            cl(1, 1),
            mix(cl(-1, 0), cl(0, 0)),
            ner(0),
            ner(-1),
            ner(1),
            mix(ner(0), w(0)),
            mix(left.0, left.1),
            left.0,
            left.2,
            mix(right.0, right.1),
            right.0,
            right.2,
            mix(left.0, right.0),
            sent_pos,
            u64::from(self.sent_trig[k]),
            mix(sent_pos, self.doc_trig),
            self.doc_trig,
            mix(mix(left.0, w(-1)), cl(0, 1)),
            mix(right.2, w(-1)),
            mix(left.2, w(1)),
            u64::from(self.freq[i]),
            mix(u64::from(self.freq[i]), cl(0, 1)),
            match k.cmp(&self.first_trig_sent) {
                std::cmp::Ordering::Less => 9,
                _ => (k - self.first_trig_sent).min(3) as u64,
            },
        ];
        for (t, (o, v)) in out.iter_mut().zip(vals).enumerate() {
            *o = mix(mix(0x1000 + t as u64, v), 0x55);
        }
    }
}

fn dynamic_features(w0: u64, p1: usize, p2: usize, out: &mut [u64; N_DYNAMIC]) {
    let vals = [
        p1 as u64,
        mix(p1 as u64, p2 as u64),
        mix(p1 as u64, w0),
        (p1 == 0) as u64,
    ];
    for (t, (o, v)) in out.iter_mut().zip(vals).enumerate() {
        *o = mix(mix(0x2000 + t as u64, v), 0x77);
    }
}

#[inline]
fn allowed(prev: usize, cls: usize) -> bool {
    cls == 0 || cls % 2 == 1 || prev == cls - 1 || prev == cls
}

#[inline]
fn bucket(h: u64, bits: u32) -> usize {
    (fmix(h) >> (64 - bits)) as usize
}

/// Gold tags for an analysed document.
fn gold_tags(a: &Analysed, doc: &RoleDoc, all_occurrences: bool) -> Vec<u8> {
    let n = a.toks.len();
    let mut tags = vec![0u8; n];
    // (role, token start, token end), longest first.
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    // char offset → byte offset
    let char_to_byte: Vec<usize> = doc
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(doc.text.len()))
        .collect();
    let mut seqs: Vec<(usize, Vec<String>)> = Vec::new();
    for (r, entities) in doc.gold.iter().enumerate() {
        for entity in entities {
            for (m, off) in entity {
                let Some(&bs) = char_to_byte.get(*off) else {
                    continue;
                };
                let be = char_to_byte
                    .get(off + m.chars().count())
                    .copied()
                    .unwrap_or(doc.text.len());
                let ts = a.toks.partition_point(|t| t.end <= bs);
                let te = a.toks.partition_point(|t| t.start < be);
                if ts < te {
                    spans.push((r, ts, te));
                }
                let words: Vec<String> = tokenize(m).into_iter().map(|t| t.word).collect();
                if !words.is_empty() {
                    seqs.push((r, words));
                }
            }
        }
    }
    if all_occurrences {
        for (r, words) in &seqs {
            for i in 0..n.saturating_sub(words.len() - 1) {
                if a.toks[i..i + words.len()]
                    .iter()
                    .zip(words)
                    .all(|(t, w)| &t.word == w)
                {
                    spans.push((*r, i, i + words.len()));
                }
            }
        }
    }
    spans.sort_by_key(|&(r, s, e)| (std::cmp::Reverse(e - s), s, r));
    for (r, s, e) in spans {
        if tags[s..e].iter().all(|&t| t == 0) {
            tags[s] = 1 + 2 * r as u8;
            for t in &mut tags[s + 1..e] {
                *t = 2 + 2 * r as u8;
            }
        }
    }
    tags
}

/// Training options of the role tagger.
#[derive(Debug, Clone)]
pub struct RoleTrainOptions {
    /// Passes over the training documents.
    pub epochs: usize,
    /// log2 of the rows of the hashed weight table.
    pub hash_bits: u32,
    /// Seed of the shuffling of documents between epochs.
    pub seed: u64,
    /// Rows whose quantised weights all stay below this in absolute value are dropped.
    pub prune: i16,
    /// Tag every occurrence of a gold mention's words, not only the one at its offset.
    pub all_occurrences: bool,
    /// Independent training runs (different document orders) whose averaged weights are
    /// averaged again: steadier, same model size.
    pub runs: usize,
    /// Folds of [`jackknife_taggers`] (at least 2).
    pub folds: usize,
}

impl Default for RoleTrainOptions {
    fn default() -> Self {
        RoleTrainOptions {
            epochs: 10,
            hash_bits: 22,
            seed: 0x5eed,
            prune: 2,
            all_occurrences: true,
            runs: 3,
            folds: 5,
        }
    }
}

/// Decoding thresholds (in weight units of the averaged perceptron).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Per role: minimum confidence of an entity's best span.
    pub role: [f32; 5],
    /// A document whose best entity is under this yields nothing.
    pub doc: f32,
    /// Per role: added to the role's B score while decoding (more spans, more recall; the
    /// I scores are left alone, so spans do not grow longer).
    pub boost: [f32; 5],
}

impl Thresholds {
    /// The thresholds `vigil train muc4` stores in a model, tuned on the MUC-4 dev set
    /// together with the training set's cross-validated predictions
    /// ([`jackknife_predictions`]: micro F1 of the pooled counts).
    #[must_use]
    pub fn tuned() -> Thresholds {
        Thresholds {
            role: [0.0; 5],
            doc: 8.0,
            boost: [20.0, 16.0, 24.0, 24.0, 20.0],
        }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            role: [0.0; 5],
            doc: 0.0,
            boost: [0.0; 5],
        }
    }
}

/// A trained role tagger.
#[derive(Clone)]
pub struct RoleModel {
    bits: u32,
    /// `(1 << bits) * N_TAGS` quantised weights.
    weights: Vec<i16>,
    /// weight = q / scale.
    scale: f32,
    /// Decoding thresholds.
    pub thresholds: Thresholds,
}

/// A candidate entity: spans of one role grouped by mention.
#[derive(Debug, Clone)]
struct Ent {
    role: usize,
    /// The first span's text, as in the document.
    mention: String,
    /// Normalised words of the first span.
    key: Vec<String>,
    /// The best span confidence.
    best: f32,
}

impl std::fmt::Debug for RoleModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoleModel")
            .field("bits", &self.bits)
            .field("thresholds", &self.thresholds)
            .finish()
    }
}

/// Figures about a training run.
#[derive(Debug, Clone, Default)]
pub struct RoleTrainReport {
    /// Training documents.
    pub documents: usize,
    /// Training tokens.
    pub tokens: usize,
    /// Seconds spent, analysis included.
    pub seconds: f64,
    /// Share of tokens tagged right during each epoch (before the update).
    pub epoch_accuracy: Vec<f64>,
}

/// Trains a role tagger on GRIT-layout documents; deterministic for given options.
pub fn train_roles(docs: &[RoleDoc], opts: &RoleTrainOptions) -> (RoleModel, RoleTrainReport) {
    let start = Instant::now();
    let data = analyse_docs(docs, opts);
    let all: Vec<usize> = (0..data.0.len()).collect();
    let (model, mut report) = train_tagger(&data, &all, opts);
    report.seconds = start.elapsed().as_secs_f64();
    (model, report)
}

/// Analysed training documents with their gold tags.
pub struct TrainData(Vec<(Analysed, Vec<u8>)>);

/// Analyses training documents once (for [`train_tagger`] and [`jackknife_taggers`]).
pub fn analyse_docs(docs: &[RoleDoc], opts: &RoleTrainOptions) -> TrainData {
    TrainData(
        docs.iter()
            .map(|d| {
                let a = analyse(&d.text);
                let g = gold_tags(&a, d, opts.all_occurrences);
                (a, g)
            })
            .collect(),
    )
}

/// The fold of document `i` among `folds` (every `folds`-th document is in one fold).
fn fold_of(i: usize, folds: usize) -> usize {
    i % folds
}

/// One tagger per fold, each trained on the documents outside its fold.
pub fn jackknife_taggers(data: &TrainData, opts: &RoleTrainOptions) -> Vec<RoleModel> {
    let folds = opts.folds.max(2);
    let train = |k: usize| {
        let idx: Vec<usize> = (0..data.0.len())
            .filter(|&i| fold_of(i, folds) != k)
            .collect();
        train_tagger(data, &idx, opts).0
    };
    // Two folds at a time (each holds three weight tables of `2^hash_bits × 11` while it
    // trains); training is deterministic, so the result does not depend on the threads.
    let mut out = Vec::with_capacity(folds);
    for k in (0..folds).step_by(2) {
        std::thread::scope(|scope| {
            let second = (k + 1 < folds).then(|| scope.spawn(|| train(k + 1)));
            out.push(train(k));
            if let Some(h) = second {
                out.push(h.join().expect("fold training panicked"));
            }
        });
    }
    out
}

/// Cross-validated predictions on the training documents: each document's entities by the
/// fold tagger that did not see it (from [`jackknife_taggers`]), with thresholds `th`.
pub fn jackknife_predictions(
    docs: &[RoleDoc],
    data: &TrainData,
    folds: &[RoleModel],
    th: &Thresholds,
) -> Vec<BTreeMap<String, Vec<Vec<String>>>> {
    let n = folds.len().max(1);
    docs.iter()
        .zip(&data.0)
        .enumerate()
        .map(|(i, (d, (a, _)))| {
            let m = &folds[fold_of(i, n)];
            m.filter(&m.entities(&d.text, a, &th.boost), th)
        })
        .collect()
}

/// Trains one tagger on the documents `idx` of `data`.
pub fn train_tagger(
    data: &TrainData,
    idx: &[usize],
    opts: &RoleTrainOptions,
) -> (RoleModel, RoleTrainReport) {
    let start = Instant::now();
    let data = &data.0;
    let bits = opts.hash_bits.clamp(10, 26);
    let rows = 1usize << bits;
    let mut report = RoleTrainReport {
        documents: idx.len(),
        tokens: idx.iter().map(|&i| data[i].0.toks.len()).sum(),
        ..Default::default()
    };
    let runs = opts.runs.max(1);
    let mut avg = vec![0f32; rows * N_TAGS];
    let mut feats: Vec<usize> = Vec::with_capacity(N_STATIC + N_DYNAMIC);
    for run in 0..runs {
        let mut w = vec![0f32; rows * N_TAGS];
        let mut acc = vec![0f32; rows * N_TAGS];
        let mut c: f32 = 1.0;
        let mut order: Vec<usize> = idx.to_vec();
        let mut rng = (opts.seed ^ (run as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1;
        for _ in 0..opts.epochs {
            // Fisher-Yates with xorshift.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let (mut right, mut total) = (0usize, 0usize);
            for &di in &order {
                let (a, gold) = &data[di];
                for &(s, e) in &a.sents {
                    let mut sbuf = [0u64; N_STATIC];
                    let mut dbuf = [0u64; N_DYNAMIC];
                    let (mut p1, mut p2) = (N_TAGS, N_TAGS);
                    for (i, &g) in gold.iter().enumerate().take(e).skip(s) {
                        let g = g as usize;
                        a.static_features(i, s, e, &mut sbuf);
                        dynamic_features(a.word[i], p1, p2, &mut dbuf);
                        feats.clear();
                        feats.extend(sbuf.iter().chain(&dbuf).map(|&h| bucket(h, bits)));
                        let mut scores = [0f32; N_TAGS];
                        for &b in &feats {
                            for (sc, x) in scores.iter_mut().zip(&w[b * N_TAGS..][..N_TAGS]) {
                                *sc += x;
                            }
                        }
                        let mut pred = 0;
                        for k in 1..N_TAGS {
                            if allowed(p1, k) && scores[k] > scores[pred] {
                                pred = k;
                            }
                        }
                        total += 1;
                        if pred == g {
                            right += 1;
                        } else {
                            for &b in &feats {
                                w[b * N_TAGS + g] += 1.0;
                                acc[b * N_TAGS + g] += c;
                                w[b * N_TAGS + pred] -= 1.0;
                                acc[b * N_TAGS + pred] -= c;
                            }
                        }
                        c += 1.0;
                        // Train on the gold history (teacher forcing).
                        p2 = p1;
                        p1 = g;
                    }
                }
            }
            report
                .epoch_accuracy
                .push(right as f64 / total.max(1) as f64);
        }
        for ((a, x), s) in avg.iter_mut().zip(&w).zip(&acc) {
            *a += (x - s / c) / runs as f32;
        }
    }
    // Quantise.
    let max = avg.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
    let scale = 32000.0 / max;
    let mut weights: Vec<i16> = avg
        .iter()
        .map(|x| (x * scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect();
    if opts.prune > 0 {
        for row in weights.chunks_exact_mut(N_TAGS) {
            if row.iter().all(|x| x.abs() < opts.prune) {
                row.fill(0);
            }
        }
    }
    report.seconds = start.elapsed().as_secs_f64();
    (
        RoleModel {
            bits,
            weights,
            scale,
            thresholds: Thresholds::default(),
        },
        report,
    )
}

/// A tagged span: role index, byte range in the text, confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Index into [`ROLE_NAMES`].
    pub role: usize,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// The B tag's margin over `O` at the first token, in weight units.
    pub score: f32,
}

static EMBEDDED: OnceLock<std::result::Result<RoleModel, String>> = OnceLock::new();

/// The metric's normalisation: lower case, punctuation and articles removed.
fn norm_words(m: &str) -> Vec<String> {
    tokenize(m)
        .into_iter()
        .map(|t| t.word)
        .filter(|w| {
            w.chars().any(char::is_alphanumeric) && !matches!(w.as_str(), "a" | "an" | "the")
        })
        .collect()
}

impl RoleModel {
    /// The committed model (`crates/vigil-ner/data/muc4-roles.model`), compiled into the
    /// binary and decoded on first use.
    ///
    /// # Errors
    /// The committed file does not decode (a stale format).
    pub fn embedded() -> std::result::Result<&'static RoleModel, Error> {
        EMBEDDED
            .get_or_init(|| {
                RoleModel::from_bytes(include_bytes!("../data/muc4-roles.model"))
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| Error::BadModel(e.clone()))
    }

    /// Tags a document: the role spans found, in text order.
    pub fn spans(&self, text: &str, boost: &[f32; 5]) -> Vec<Span> {
        let a = analyse(text);
        self.spans_in(&a, boost)
    }

    /// Tags an analysed document.
    fn spans_in(&self, a: &Analysed, boost: &[f32; 5]) -> Vec<Span> {
        let bias: Vec<i32> = boost.iter().map(|b| (b * self.scale) as i32).collect();
        let mut out: Vec<Span> = Vec::new();
        let mut sbuf = [0u64; N_STATIC];
        let mut dbuf = [0u64; N_DYNAMIC];
        for &(s, e) in &a.sents {
            let (mut p1, mut p2) = (N_TAGS, N_TAGS);
            for i in s..e {
                a.static_features(i, s, e, &mut sbuf);
                dynamic_features(a.word[i], p1, p2, &mut dbuf);
                let mut scores = [0i32; N_TAGS];
                for &h in sbuf.iter().chain(&dbuf) {
                    let b = bucket(h, self.bits);
                    for (sc, &x) in scores.iter_mut().zip(&self.weights[b * N_TAGS..][..N_TAGS]) {
                        *sc += i32::from(x);
                    }
                }
                for (k, sc) in scores.iter_mut().enumerate().skip(1).step_by(2) {
                    *sc += bias[(k - 1) / 2];
                }
                let mut pred = 0;
                for k in 1..N_TAGS {
                    if allowed(p1, k) && scores[k] > scores[pred] {
                        pred = k;
                    }
                }
                if pred % 2 == 1 {
                    out.push(Span {
                        role: (pred - 1) / 2,
                        start: a.toks[i].start,
                        end: a.toks[i].end,
                        score: (scores[pred] - scores[0]) as f32 / self.scale,
                    });
                } else if pred > 0 {
                    if let Some(last) = out.last_mut() {
                        last.end = a.toks[i].end;
                    }
                }
                p2 = p1;
                p1 = pred;
            }
        }
        out
    }

    /// The candidate entities of an analysed document: spans of a role grouped by mention.
    fn entities(&self, text: &str, a: &Analysed, boost: &[f32; 5]) -> Vec<Ent> {
        let spans = self.spans_in(a, boost);
        // Spans written `X (Y)`: Y is another name of X.
        let mut alias: Vec<(usize, Vec<String>, Vec<String>)> = Vec::new();
        for (a, b) in spans.iter().zip(spans.iter().skip(1)) {
            let between = text.get(a.end..b.start).unwrap_or("").trim();
            let after = text.get(b.end..).unwrap_or("").trim_start();
            if a.role == b.role && between == "(" && after.starts_with(')') {
                let (ka, kb) = (
                    norm_words(text.get(a.start..a.end).unwrap_or("")),
                    norm_words(text.get(b.start..b.end).unwrap_or("")),
                );
                alias.push((a.role, ka, kb));
            }
        }
        let is_alias = |role: usize, x: &[String], y: &[String]| {
            alias
                .iter()
                .any(|(r, a, b)| *r == role && ((a == x && b == y) || (a == y && b == x)))
        };
        let same_entity = |role: usize, x: &[String], y: &[String]| {
            x.ends_with(y) || y.ends_with(x) || is_alias(role, x, y)
        };
        let mut ents: Vec<Ent> = Vec::new();
        for sp in &spans {
            let Some(m) = text.get(sp.start..sp.end) else {
                continue;
            };
            let key = norm_words(m);
            if key.is_empty() {
                continue;
            }
            let same = ents
                .iter()
                .position(|e| e.role == sp.role && same_entity(sp.role, &e.key, &key));
            match same {
                Some(j) => ents[j].best = ents[j].best.max(sp.score),
                None => ents.push(Ent {
                    role: sp.role,
                    mention: m.to_string(),
                    key,
                    best: sp.score,
                }),
            }
        }
        ents
    }

    /// Role → entities (each one mention, exactly as in the text) for a document.
    pub fn predict(&self, text: &str) -> BTreeMap<String, Vec<Vec<String>>> {
        self.predict_with(text, &self.thresholds)
    }

    /// Like [`RoleModel::predict`] with other thresholds.
    pub fn predict_with(&self, text: &str, th: &Thresholds) -> BTreeMap<String, Vec<Vec<String>>> {
        let a = analyse(text);
        self.filter(&self.entities(text, &a, &th.boost), th)
    }

    /// Role → the entities that pass the thresholds: those whose best span's confidence
    /// reaches their role's threshold, none where the best of all stays under the document
    /// threshold.
    fn filter(&self, ents: &[Ent], th: &Thresholds) -> BTreeMap<String, Vec<Vec<String>>> {
        let best = ents
            .iter()
            .map(|e| e.best)
            .fold(f32::NEG_INFINITY, f32::max);
        let mut out: BTreeMap<String, Vec<Vec<String>>> = ROLE_NAMES
            .iter()
            .map(|r| (r.to_string(), Vec::new()))
            .collect();
        if best >= th.doc {
            for e in ents.iter().filter(|e| e.best >= th.role[e.role]) {
                if let Some(list) = out.get_mut(ROLE_NAMES[e.role]) {
                    list.push(vec![e.mention.clone()]);
                }
            }
        }
        out
    }

    /// Serialises the model: header, thresholds, a bitmap of non-zero rows, those rows.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(N_TAGS as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        let th = &self.thresholds;
        for x in th.role.iter().chain([&th.doc]).chain(&th.boost) {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.extend_from_slice(&crate::model::write_sparse(&self.weights, N_TAGS));
        out
    }

    /// Decodes what [`RoleModel::to_bytes`] wrote.
    ///
    /// # Errors
    /// A malformed or incompatible model.
    pub fn from_bytes(bytes: &[u8]) -> Result<RoleModel> {
        let bad = |m: &str| Error::BadModel(m.to_string());
        let u32_at = |o: usize| -> Result<u32> {
            let b = bytes.get(o..o + 4).ok_or_else(|| bad("truncated"))?;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let f32_at = |o: usize| -> Result<f32> { Ok(f32::from_bits(u32_at(o)?)) };
        if bytes.get(..8) != Some(MAGIC) {
            return Err(bad("not a vigil role model"));
        }
        if u32_at(8)? != FORMAT_VERSION {
            return Err(bad("unsupported format version"));
        }
        if u32_at(12)? != FEATURE_VERSION {
            return Err(bad("model was trained with other features"));
        }
        let bits = u32_at(16)?;
        if !(10..=26).contains(&bits) || u32_at(20)? as usize != N_TAGS {
            return Err(bad("bad header"));
        }
        let scale = f32_at(24)?;
        let mut role = [0f32; 5];
        for (k, r) in role.iter_mut().enumerate() {
            *r = f32_at(28 + 4 * k)?;
        }
        let doc = f32_at(48)?;
        let mut boost = [0f32; 5];
        for (k, b) in boost.iter_mut().enumerate() {
            *b = f32_at(52 + 4 * k)?;
        }
        let rest = bytes.get(72..).ok_or_else(|| bad("truncated"))?;
        let weights = crate::model::read_sparse(rest, 1usize << bits, N_TAGS)?;
        Ok(RoleModel {
            bits,
            weights,
            scale,
            thresholds: Thresholds { role, doc, boost },
        })
    }

    /// Writes the model to a file.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Reads a model file.
    ///
    /// # Errors
    /// The file cannot be read or is not a role model.
    pub fn load(path: impl AsRef<Path>) -> Result<RoleModel> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        RoleModel::from_bytes(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up document in the GRIT layout with one filler per role.
    fn line(id: usize, perp: &str, org: &str, target: &str, victim: &str, weapon: &str) -> String {
        let text = format!(
            "police said that {perp} of the {org} attacked the {target} with {weapon} today. \
             the attack killed {victim}, a local official. the weather was fine."
        );
        let at = |m: &str| text.find(m).map_or(0, |b| text[..b].chars().count());
        serde_json::json!({
            "docid": format!("D-{id}"),
            "doctext": text,
            "extracts": {
                "PerpInd": [[[perp, at(perp)]]],
                "PerpOrg": [[[org, at(org)]]],
                "Target": [[[target, at(target)]]],
                "Victim": [[[victim, at(victim)]]],
                "Weapon": [[[weapon, at(weapon)]]],
            }
        })
        .to_string()
    }

    fn dataset() -> String {
        let perps = ["gunmen", "rebels", "terrorists", "guerrillas"];
        let orgs = [
            "red front",
            "people's army",
            "liberation movement",
            "blue brigade",
        ];
        let targets = ["bank", "power station", "bridge", "embassy"];
        let victims = ["juan perez", "maria lopez", "carlos ruiz", "ana gomez"];
        let weapons = ["dynamite", "rifles", "grenades", "a car bomb"];
        let mut out = String::new();
        for i in 0..16 {
            out.push_str(&line(
                i,
                perps[i % 4],
                orgs[(i / 4) % 4],
                targets[(i + 1) % 4],
                victims[(i + 2) % 4],
                weapons[(i + 3) % 4],
            ));
            out.push('\n');
        }
        // A document without templates.
        out.push_str(
            &serde_json::json!({"docid": "D-X", "doctext": "the minister opened a school.",
                "extracts": {}})
            .to_string(),
        );
        out.push('\n');
        out
    }

    #[test]
    fn tokenizes_with_byte_offsets_and_splits_sentences() {
        let text = "col. lópez said: \"bombs\" exploded. then quiet";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(
            words,
            [
                "col", ".", "lópez", "said", ":", "\"", "bombs", "\"", "exploded", ".", "then",
                "quiet"
            ]
        );
        assert!(toks
            .iter()
            .all(|t| text[t.start..t.end].to_lowercase() == t.word));
        // "col." does not end a sentence.
        assert_eq!(sentences(&toks), vec![(0, 10), (10, 12)]);
    }

    #[test]
    fn reads_the_layout_and_marks_gold_spans() {
        let docs = read_docs(&dataset()).unwrap();
        assert_eq!(docs.len(), 17);
        assert_eq!(
            docs[0].gold[2],
            vec![vec![("power station".to_string(), 54)]]
        );
        let a = analyse(&docs[0].text);
        let tags = gold_tags(&a, &docs[0], true);
        let target: Vec<&str> = (0..tags.len())
            .filter(|&i| tags[i] == 5 || tags[i] == 6)
            .map(|i| a.toks[i].word.as_str())
            .collect();
        assert_eq!(target, ["power", "station"]);
        assert!(read_docs("{\"docid\": 1}").is_err());
        assert!(read_docs("not json").is_err());
    }

    #[test]
    fn trains_tags_and_round_trips() {
        let docs = read_docs(&dataset()).unwrap();
        let opts = RoleTrainOptions {
            epochs: 5,
            hash_bits: 16,
            runs: 1,
            ..Default::default()
        };
        let (model, report) = train_roles(&docs, &opts);
        let (again, _) = train_roles(&docs, &opts);
        assert_eq!(
            model.to_bytes(),
            again.to_bytes(),
            "training is deterministic"
        );
        assert!(report.epoch_accuracy.last().copied().unwrap_or(0.0) > 0.95);
        // New combinations of known fillers in the same frame.
        let text = "police said that terrorists of the red front attacked the bridge with rifles \
                    today. the attack killed ana gomez, a local official.";
        let p = model.predict(text);
        assert_eq!(p["PerpInd"], vec![vec!["terrorists".to_string()]]);
        assert_eq!(p["PerpOrg"], vec![vec!["red front".to_string()]]);
        assert_eq!(p["Target"], vec![vec!["bridge".to_string()]]);
        assert_eq!(p["Victim"], vec![vec!["ana gomez".to_string()]]);
        assert_eq!(p["Weapon"], vec![vec!["rifles".to_string()]]);
        assert!(model
            .predict("the minister opened a school.")
            .values()
            .all(Vec::is_empty));
        // The binary format keeps weights and thresholds.
        let mut m = model.clone();
        m.thresholds = Thresholds::tuned();
        let back = RoleModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.thresholds, m.thresholds);
        assert_eq!(back.to_bytes(), m.to_bytes());
        assert!(RoleModel::from_bytes(b"VIGILROL").is_err());
        assert!(RoleModel::from_bytes(&m.to_bytes()[..100]).is_err());
    }

    #[test]
    fn jackknife_predicts_each_document_by_a_tagger_that_did_not_see_it() {
        let docs = read_docs(&dataset()).unwrap();
        let plain = RoleTrainOptions {
            epochs: 5,
            hash_bits: 16,
            runs: 1,
            folds: 4,
            ..Default::default()
        };
        // Cross-validated predictions: one per document, each by a tagger that did not see it.
        let data = analyse_docs(&docs, &plain);
        let folds = jackknife_taggers(&data, &plain);
        assert_eq!(folds.len(), 4);
        let th = Thresholds::default();
        let p = jackknife_predictions(&docs, &data, &folds, &th);
        assert_eq!(p.len(), docs.len());
        assert_eq!(p[0], folds[0].predict_with(&docs[0].text, &th));
    }

    #[test]
    fn embedded_model_loads() {
        let m = RoleModel::embedded().unwrap();
        assert_eq!(m.thresholds, Thresholds::tuned());
    }
}
