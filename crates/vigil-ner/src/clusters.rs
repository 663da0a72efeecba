//! Word clusters: computed here from unlabeled text, and from GloVe vectors.
//!
//! *GloVe clusters* ([`Clusters::with_glove`]): the nested k-means clusters of
//! [`crate::glove`] over the most frequent words of GloVe 6B 50d (Wikipedia +
//! Gigaword, 400,000 lower-cased words), so that words never seen in the
//! CoNLL training text still get a cluster.
//!
//! *Corpus clusters* ([`Clusters::compute`]): each word form (lower-cased, digits mapped to `0`) seen at least
//! [`MIN_COUNT`] times gets a vector of counts of its left and right
//! neighbours among the most frequent words; the vectors are square-rooted,
//! L2-normalised and grouped by spherical k-means at three granularities.
//! The model stores the map from word hash to the three cluster ids.

use std::collections::HashMap;

/// Word hash → nested cluster ids.
type Table = HashMap<u64, [u16; 3]>;
use std::path::Path;

use crate::features::analyze_norm;
use crate::{Error, Result};

/// Minimum frequency of a clustered word.
pub(crate) const MIN_COUNT: u32 = 2;
/// Cluster counts of the three granularities.
pub(crate) const KS: [usize; 3] = [64, 256, 1024];
/// Cluster id of a word that has none.
pub(crate) const NONE: u16 = u16::MAX;
const N_CONTEXT: usize = 600;
const ITERATIONS: usize = 8;

/// Word clusters: two maps from normalised-form hash to cluster ids at three
/// granularities (coarse, mid, fine), one from corpus text and one from
/// GloVe. Built by [`crate::compute_clusters`]; stored in the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    pub(crate) map: Table,
    pub(crate) glove: Table,
}

impl Clusters {
    /// Number of word forms with corpus clusters.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Number of word forms with GloVe clusters.
    pub fn glove_len(&self) -> usize {
        self.glove.len()
    }

    /// Whether there are no clusters at all (model trained without them).
    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.glove.is_empty()
    }

    /// The GloVe cluster ids `[coarse, mid, fine]` of a word (any case;
    /// digits count as `0`), if it has some.
    pub fn glove_ids(&self, word: &str) -> Option<[u16; 3]> {
        self.glove.get(&analyze_norm(word)).copied()
    }

    /// These clusters with the GloVe table replaced by `ids` (from
    /// [`crate::glove::nested_clusters`]) of the words of `g`, keyed like the
    /// tagger's features (lower-cased, digits → `0`; the most frequent word
    /// of a key wins).
    pub fn with_glove(mut self, g: &crate::glove::Glove, ids: &[[u16; 3]]) -> Clusters {
        self.glove = HashMap::with_capacity(g.words.len());
        for (w, &id) in g.words.iter().zip(ids) {
            self.glove.entry(analyze_norm(w)).or_insert(id);
        }
        self
    }

    /// These clusters without the corpus table.
    pub fn glove_only(mut self) -> Clusters {
        self.map.clear();
        self
    }

    #[inline]
    pub(crate) fn get(&self, norm: u64) -> [u16; 3] {
        if self.map.is_empty() {
            return [NONE; 3];
        }
        self.map.get(&norm).copied().unwrap_or([NONE; 3])
    }

    #[inline]
    pub(crate) fn get_glove(&self, norm: u64) -> [u16; 3] {
        if self.glove.is_empty() {
            return [NONE; 3];
        }
        self.glove.get(&norm).copied().unwrap_or([NONE; 3])
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        crate::glove::write_table(&self.map, out);
        crate::glove::write_table(&self.glove, out);
    }

    /// Reads what [`Clusters::write`] wrote; returns the rest of the input.
    pub(crate) fn read(bytes: &[u8]) -> Result<(Clusters, &[u8])> {
        let bad = |e: String| Error::BadModel(e);
        let (map, rest) = crate::glove::read_table(bytes).map_err(bad)?;
        let (glove, rest) = crate::glove::read_table(rest).map_err(bad)?;
        Ok((Clusters { map, glove }, rest))
    }

    /// Computes clusters from tokenised sentences.
    pub(crate) fn compute(sents: &[Vec<String>], seed: u64) -> Clusters {
        // Word ids by normalised hash.
        let mut ids: HashMap<u64, u32> = HashMap::new();
        let mut counts: Vec<u32> = Vec::new();
        let seqs: Vec<Vec<u32>> = sents
            .iter()
            .map(|s| {
                s.iter()
                    .map(|t| {
                        let h = analyze_norm(t);
                        let id = *ids.entry(h).or_insert_with(|| {
                            counts.push(0);
                            counts.len() as u32 - 1
                        });
                        counts[id as usize] += 1;
                        id
                    })
                    .collect()
            })
            .collect();
        let mut by_freq: Vec<u32> = (0..counts.len() as u32).collect();
        by_freq.sort_by_key(|&i| std::cmp::Reverse(counts[i as usize]));
        let mut ctx = vec![u32::MAX; counts.len()];
        for (r, &w) in by_freq.iter().take(N_CONTEXT).enumerate() {
            ctx[w as usize] = r as u32;
        }
        let words: Vec<u32> = by_freq
            .iter()
            .copied()
            .filter(|&w| counts[w as usize] >= MIN_COUNT)
            .collect();
        let mut row = vec![u32::MAX; counts.len()];
        for (r, &w) in words.iter().enumerate() {
            row[w as usize] = r as u32;
        }
        // Sparse context vectors. Dimensions: left context (0..N) and right
        // context (N..2N), plus sentence boundaries.
        let dim = 2 * N_CONTEXT + 2;
        let mut vecs: Vec<HashMap<u32, f32>> = vec![HashMap::new(); words.len()];
        for s in &seqs {
            for (i, &w) in s.iter().enumerate() {
                let r = row[w as usize];
                if r == u32::MAX {
                    continue;
                }
                let v = &mut vecs[r as usize];
                let left = if i == 0 {
                    Some(2 * N_CONTEXT as u32)
                } else {
                    let c = ctx[s[i - 1] as usize];
                    (c != u32::MAX).then_some(c)
                };
                let right = if i + 1 == s.len() {
                    Some(2 * N_CONTEXT as u32 + 1)
                } else {
                    let c = ctx[s[i + 1] as usize];
                    (c != u32::MAX).then_some(c + N_CONTEXT as u32)
                };
                for d in [left, right].into_iter().flatten() {
                    *v.entry(d).or_default() += 1.0;
                }
            }
        }
        let sparse: Vec<Vec<(u32, f32)>> = vecs
            .into_iter()
            .map(|m| {
                let mut v: Vec<(u32, f32)> = m.into_iter().map(|(d, c)| (d, c.sqrt())).collect();
                v.sort_by_key(|x| x.0);
                let n = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
                for x in &mut v {
                    x.1 /= n;
                }
                v
            })
            .collect();
        let mut assign = vec![[NONE; 3]; words.len()];
        let mut rng = seed | 1;
        for (g, &k) in KS.iter().enumerate() {
            let k = k.min(sparse.len().max(1));
            // Initial centroids: k random words.
            let mut cent = vec![0f32; k * dim];
            for c in 0..k {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                if sparse.is_empty() {
                    break;
                }
                let w = (rng % sparse.len() as u64) as usize;
                for &(d, x) in &sparse[w] {
                    cent[c * dim + d as usize] = x;
                }
            }
            let mut a = vec![0usize; sparse.len()];
            for _ in 0..ITERATIONS {
                for (wi, v) in sparse.iter().enumerate() {
                    let mut best = (f32::MIN, 0);
                    for c in 0..k {
                        let cr = &cent[c * dim..(c + 1) * dim];
                        let s: f32 = v.iter().map(|&(d, x)| cr[d as usize] * x).sum();
                        if s > best.0 {
                            best = (s, c);
                        }
                    }
                    a[wi] = best.1;
                }
                cent.iter_mut().for_each(|x| *x = 0.0);
                for (wi, v) in sparse.iter().enumerate() {
                    let cr = &mut cent[a[wi] * dim..(a[wi] + 1) * dim];
                    for &(d, x) in v {
                        cr[d as usize] += x;
                    }
                }
                for c in 0..k {
                    let cr = &mut cent[c * dim..(c + 1) * dim];
                    let n = cr.iter().map(|x| x * x).sum::<f32>().sqrt();
                    if n > 0.0 {
                        cr.iter_mut().for_each(|x| *x /= n);
                    }
                }
            }
            for (wi, &c) in a.iter().enumerate() {
                assign[wi][g] = c as u16;
            }
        }
        let hash_of: HashMap<u32, u64> = ids.iter().map(|(&h, &i)| (i, h)).collect();
        let map = words
            .iter()
            .zip(assign)
            .map(|(w, a)| (hash_of[w], a))
            .collect();
        Clusters {
            map,
            glove: HashMap::new(),
        }
    }
}

/// Reads unlabeled text for clustering: CoNLL files (first column),
/// JSON lines with a `tokens` array or a `doctext` string, or plain text
/// (one sentence per line). Raw text is split on white space and
/// punctuation is split off word ends.
pub fn read_unlabeled(path: impl AsRef<Path>) -> Result<Vec<Vec<String>>> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let name = path.to_string_lossy();
    if name.ends_with(".json") || name.ends_with(".jsonl") {
        let mut out = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| Error::BadConll(format!("{}: {e}", path.display())))?;
            if let Some(t) = v.get("tokens").and_then(|t| t.as_array()) {
                out.push(
                    t.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect(),
                );
            } else if let Some(d) = v.get("doctext").and_then(|t| t.as_str()) {
                out.extend(split_text(d));
            }
        }
        return Ok(out);
    }
    if text.starts_with("-DOCSTART-") {
        return Ok(crate::conll::parse(&text)?
            .into_iter()
            .map(|s| s.tokens)
            .collect());
    }
    Ok(text.lines().flat_map(split_text).collect())
}

/// Splits raw text into rough sentences of tokens.
fn split_text(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for w in text.split_whitespace() {
        let start = w.find(|c: char| c.is_alphanumeric()).unwrap_or(w.len());
        let end = w.rfind(|c: char| c.is_alphanumeric()).map_or(start, |i| {
            i + w[i..].chars().next().map_or(1, char::len_utf8)
        });
        let (lead, core, trail) = if start < end {
            (&w[..start], &w[start..end], &w[end..])
        } else {
            (w, "", "")
        };
        for c in lead.chars() {
            cur.push(c.to_string());
        }
        if !core.is_empty() {
            cur.push(core.to_string());
        }
        let mut boundary = false;
        for c in trail.chars() {
            cur.push(c.to_string());
            boundary |= matches!(c, '.' | '!' | '?');
        }
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text() {
        let s = split_text("the fmln (farabundo) attacked. \"yes,\" he said");
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0],
            ["the", "fmln", "(", "farabundo", ")", "attacked", "."]
        );
        assert_eq!(s[1], ["\"", "yes", ",", "\"", "he", "said"]);
    }

    #[test]
    fn similar_contexts_cluster_together() {
        let mut sents = Vec::new();
        for city in ["paris", "london", "berlin", "madrid"] {
            for _ in 0..3 {
                sents.push(
                    format!("he flew to {city} yesterday")
                        .split(' ')
                        .map(String::from)
                        .collect(),
                );
            }
        }
        let c = Clusters::compute(&sents, 7);
        let p = c.get(analyze_norm("Paris"));
        assert_ne!(p, [NONE; 3]);
        assert_eq!(p, c.get(analyze_norm("madrid")));
        let mut bytes = Vec::new();
        c.write(&mut bytes);
        let (c2, rest) = Clusters::read(&bytes).unwrap();
        assert_eq!(c, c2);
        assert!(rest.is_empty());
    }
}
