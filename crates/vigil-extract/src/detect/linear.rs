//! A multinomial logistic regression over hashed features: the learning machinery shared by the
//! event detector and the argument model. Weights live in `2^BITS` rows of `K` classes; only the
//! rows training touched are kept, sorted, quantised to 16 bits in files.

use super::features::BITS;

const SCALE: f32 = 4096.0;

/// Sparse weight rows of a `K`-class linear model.
#[derive(Clone, PartialEq, Default)]
pub struct Linear<const K: usize> {
    rows: Vec<u32>,
    weights: Vec<[f32; K]>,
}

/// How to fit a [`Linear`] model.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    /// Passes over the examples.
    pub epochs: usize,
    /// AdaGrad learning rate.
    pub rate: f32,
    /// L2 penalty on the weights of each example's features.
    pub l2: f32,
}

impl<const K: usize> Linear<K> {
    /// Number of weight rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the model has no weights.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Class probabilities of a feature vector.
    #[must_use]
    pub fn probabilities(&self, features: &[u32]) -> [f32; K] {
        let mut s = [0f32; K];
        for f in features {
            if let Ok(k) = self.rows.binary_search(f) {
                for (x, w) in s.iter_mut().zip(&self.weights[k]) {
                    *x += w;
                }
            }
        }
        softmax(s)
    }

    /// Fits the model to examples (features, class), visited in a fixed shuffled order:
    /// deterministic.
    #[must_use]
    pub fn fit(examples: &[(&[u32], usize)], opts: &Fit) -> Linear<K> {
        let rows = 1usize << BITS;
        let mut w = vec![0f32; rows * K];
        let mut g2 = vec![1e-6f32; rows * K];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..opts.epochs {
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &k in &order {
                let (features, label) = examples[k];
                let mut s = [0f32; K];
                for &f in features {
                    let row = &w[f as usize * K..(f as usize + 1) * K];
                    for (x, v) in s.iter_mut().zip(row) {
                        *x += v;
                    }
                }
                let p = softmax(s);
                for &f in features {
                    let base = f as usize * K;
                    for c in 0..K {
                        let y = if c == label { 1.0 } else { 0.0 };
                        let g = p[c] - y + opts.l2 * w[base + c];
                        if g.abs() < 1e-4 {
                            continue;
                        }
                        g2[base + c] += g * g;
                        w[base + c] -= opts.rate * g / g2[base + c].sqrt();
                    }
                }
            }
        }
        let mut out = Linear::default();
        for r in 0..rows {
            let row = &w[r * K..(r + 1) * K];
            if row.iter().any(|x| x.abs() >= 1.0 / SCALE) {
                out.rows.push(r as u32);
                let mut a = [0f32; K];
                a.copy_from_slice(row);
                out.weights.push(a);
            }
        }
        out
    }

    /// Appends the compact form.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        for (r, w) in self.rows.iter().zip(&self.weights) {
            out.extend_from_slice(&r.to_le_bytes());
            for x in w {
                let q = (x * SCALE).round().clamp(-32767.0, 32767.0) as i16;
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
    }

    /// Reads what [`Linear::write`] wrote; returns the rest of the input.
    pub(crate) fn read(bytes: &[u8]) -> Result<(Linear<K>, &[u8]), String> {
        let short = || "truncated weights".to_string();
        let n = u32::from_le_bytes(bytes.get(..4).ok_or_else(short)?.try_into().unwrap()) as usize;
        let size = 4 + 2 * K;
        let body = bytes.get(4..4 + n * size).ok_or_else(short)?;
        let mut out = Linear {
            rows: Vec::with_capacity(n),
            weights: Vec::with_capacity(n),
        };
        for c in body.chunks_exact(size) {
            out.rows
                .push(u32::from_le_bytes(c[..4].try_into().unwrap()));
            let mut w = [0f32; K];
            for (k, x) in w.iter_mut().enumerate() {
                *x = f32::from(i16::from_le_bytes([c[4 + 2 * k], c[5 + 2 * k]])) / SCALE;
            }
            out.weights.push(w);
        }
        if !out.rows.windows(2).all(|w| w[0] < w[1]) {
            return Err("weight rows out of order".into());
        }
        Ok((out, &bytes[4 + n * size..]))
    }
}

/// Softmax of scores.
#[must_use]
pub fn softmax<const K: usize>(s: [f32; K]) -> [f32; K] {
    let m = s.iter().copied().fold(f32::MIN, f32::max);
    let mut e = [0f32; K];
    let mut z = 0.0;
    for (x, v) in e.iter_mut().zip(s) {
        *x = (v - m).exp();
        z += *x;
    }
    for x in &mut e {
        *x /= z;
    }
    e
}
