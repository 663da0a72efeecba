//! Hashed feature extraction.
//!
//! Every feature is a 64-bit hash of (template id, values); the model maps it
//! to a row of a fixed-size weight table with the top `bits` bits of a
//! finalised hash. Per sentence, each token is first analysed once
//! ([`TokInfo`]); then a fixed number of *static* features per token
//! ([`N_STATIC`]) and of *dynamic* ones that depend on the two previous tags
//! ([`N_DYNAMIC`]) are produced.

use crate::clusters::Clusters;

/// Bump when features change: models record it and refuse to load otherwise.
pub(crate) const FEATURE_VERSION: u32 = 3;

/// Static features per token.
pub(crate) const N_STATIC: usize = 45;
/// Tag-history features per token.
pub(crate) const N_DYNAMIC: usize = 5;

const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline]
pub(crate) fn step(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

#[inline]
pub(crate) fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

#[inline]
pub(crate) fn bucket(h: u64, salt: u64, bits: u32) -> u32 {
    (fmix(h ^ salt) >> (64 - bits)) as u32
}

#[inline]
fn f2(tpl: u64, a: u64) -> u64 {
    step(step(tpl.wrapping_mul(0x9e37_79b9_7f4a_7c15), a), 0x55)
}

#[inline]
fn f3(tpl: u64, a: u64, b: u64) -> u64 {
    step(f2(tpl, a), b)
}

#[inline]
fn f4(tpl: u64, a: u64, b: u64, c: u64) -> u64 {
    step(f3(tpl, a, b), c)
}

// Flag bits.
const INIT_UPPER: u32 = 1;
const ALL_UPPER: u32 = 2;
const HAS_LOWER: u32 = 4;
const HAS_DIGIT: u32 = 8;
const ALL_DIGIT: u32 = 16;
const HAS_HYPHEN: u32 = 32;
const HAS_PERIOD: u32 = 64;
const HAS_APOS: u32 = 128;
const NO_ALNUM: u32 = 256;
const INNER_UPPER: u32 = 512;
const NON_ASCII: u32 = 1024;
const HAS_AMP: u32 = 2048;

/// What one token contributes to features.
#[derive(Clone, Copy, Default)]
pub(crate) struct TokInfo {
    norm: u64,
    raw: u64,
    shape: u64,
    sshape: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    flags: u32,
    len: u32,
    gl: [u64; 3],
}

impl TokInfo {
    fn pad(k: u64) -> TokInfo {
        let v = step(0xdead_beef, k);
        TokInfo {
            norm: v,
            raw: v,
            shape: v,
            sshape: v,
            pre: [v; 4],
            suf: [v; 4],
            flags: 0,
            len: 0,
            gl: [v; 3],
        }
    }
}

#[inline]
fn shape_class(c: char) -> u64 {
    if c.is_uppercase() {
        'X' as u64
    } else if c.is_lowercase() {
        'x' as u64
    } else if c.is_ascii_digit() {
        'd' as u64
    } else if c.is_alphabetic() {
        'a' as u64
    } else {
        c as u64
    }
}

pub(crate) fn analyze(tok: &str) -> TokInfo {
    let mut norm = 0x1234_5678u64;
    let mut raw = 0x8765_4321u64;
    let mut shape = 0x1111u64;
    let mut sshape = 0x2222u64;
    let mut pre = [0u64; 4];
    let mut last = [0u64; 4]; // ring of the last 4 normalised chars
    let mut flags = 0u32;
    let mut n = 0usize;
    let mut prev_cls = u64::MAX;
    let mut run = 0u32;
    let (mut n_upper, mut n_alpha, mut n_digit) = (0u32, 0u32, 0u32);
    for c in tok.chars() {
        let (lc, cls) = if c.is_ascii() {
            let cls = if c.is_ascii_uppercase() {
                'X' as u64
            } else if c.is_ascii_lowercase() {
                'x' as u64
            } else if c.is_ascii_digit() {
                'd' as u64
            } else {
                c as u64
            };
            (c.to_ascii_lowercase(), cls)
        } else {
            flags |= NON_ASCII;
            (c.to_lowercase().next().unwrap_or(c), shape_class(c))
        };
        let is_digit = c.is_ascii_digit();
        let nc = if is_digit { '0' as u64 } else { lc as u64 };
        let rc = if is_digit { '0' as u64 } else { c as u64 };
        norm = step(norm, nc);
        raw = step(raw, rc);
        if cls == prev_cls {
            run += 1;
        } else {
            run = 1;
            sshape = step(sshape, cls);
        }
        if run <= 4 {
            shape = step(shape, cls);
        }
        prev_cls = cls;
        match cls {
            88 => {
                // 'X'
                n_upper += 1;
                n_alpha += 1;
                if n == 0 {
                    flags |= INIT_UPPER;
                } else {
                    flags |= INNER_UPPER;
                }
            }
            120 | 97 => {
                n_alpha += 1;
                flags |= HAS_LOWER;
            }
            100 => n_digit += 1,
            _ => match c {
                '-' => flags |= HAS_HYPHEN,
                '.' => flags |= HAS_PERIOD,
                '\'' => flags |= HAS_APOS,
                '&' => flags |= HAS_AMP,
                _ => {}
            },
        }
        if n < 4 {
            pre[n] = norm;
        }
        last[n % 4] = nc;
        n += 1;
    }
    for p in pre.iter_mut().skip(n.min(4)) {
        *p = norm;
    }
    let mut suf = [0u64; 4];
    let mut h = 0x3333u64;
    for (k, s) in suf.iter_mut().enumerate() {
        if k < n {
            h = step(h, last[(n - 1 - k) % 4]);
        }
        *s = step(h, 0x77);
    }
    if n_upper > 0 && n_upper == n_alpha {
        flags |= ALL_UPPER;
    }
    if n_digit > 0 {
        flags |= HAS_DIGIT;
        if n_digit as usize == n {
            flags |= ALL_DIGIT;
        }
    }
    if n_alpha == 0 && n_digit == 0 {
        flags |= NO_ALNUM;
    }
    let len = match n {
        0..=3 => n as u32,
        4..=6 => 4,
        7..=9 => 5,
        _ => 6,
    };
    TokInfo {
        norm,
        raw,
        shape,
        sshape,
        pre,
        suf,
        flags,
        len,
        gl: [0; 3],
    }
}

/// Hash of the normalised form (lower-cased, digits → `0`) of a token: the
/// key of word clusters.
pub(crate) fn analyze_norm(tok: &str) -> u64 {
    analyze(tok).norm
}

/// Sentence-level context for feature extraction.
pub(crate) struct SentInfo {
    toks: Vec<TokInfo>,
    all_caps: bool,
}

const PAD: usize = 2;

impl SentInfo {
    pub(crate) fn new() -> Self {
        SentInfo {
            toks: Vec::new(),
            all_caps: false,
        }
    }

    pub(crate) fn fill<S: AsRef<str>>(&mut self, tokens: &[S], clusters: &Clusters) {
        self.toks.clear();
        self.toks.push(TokInfo::pad(1));
        self.toks.push(TokInfo::pad(2));
        let mut alpha = 0;
        let mut caps = 0;
        for t in tokens {
            let mut ti = analyze(t.as_ref());
            let g = clusters.get_glove(ti.norm);
            ti.gl = [g[0] as u64, g[1] as u64, g[2] as u64];
            if ti.flags & (HAS_LOWER | INIT_UPPER) != 0 {
                alpha += 1;
                if ti.flags & ALL_UPPER != 0 {
                    caps += 1;
                }
            }
            self.toks.push(ti);
        }
        self.toks.push(TokInfo::pad(3));
        self.toks.push(TokInfo::pad(4));
        self.all_caps = alpha >= 2 && caps == alpha;
    }

    /// Number of real tokens.
    pub(crate) fn len(&self) -> usize {
        self.toks.len() - 2 * PAD
    }

    /// Static feature hashes of token `i` (before salting/bucketing).
    #[inline]
    pub(crate) fn static_features(&self, i: usize, out: &mut [u64; N_STATIC]) {
        let t = &self.toks;
        let j = i + PAD;
        let (m2, m1, w, p1, p2) = (&t[j - 2], &t[j - 1], &t[j], &t[j + 1], &t[j + 2]);
        let initial = (i == 0) as u64;
        out[0] = 0x0b1a5;
        out[1] = f2(1, w.norm);
        out[2] = f2(2, w.raw);
        out[3] = f2(3, w.pre[0]);
        out[4] = f2(4, w.pre[1]);
        out[5] = f2(5, w.pre[2]);
        out[6] = f2(6, w.pre[3]);
        out[7] = f2(7, w.suf[0]);
        out[8] = f2(8, w.suf[1]);
        out[9] = f2(9, w.suf[2]);
        out[10] = f2(10, w.suf[3]);
        out[11] = f2(11, w.shape);
        out[12] = f2(12, w.sshape);
        out[13] = f2(13, m1.norm);
        out[14] = f2(14, p1.norm);
        out[15] = f2(15, m2.norm);
        out[16] = f2(16, p2.norm);
        out[17] = f3(17, m1.norm, w.norm);
        out[18] = f3(18, w.norm, p1.norm);
        out[19] = f3(19, m1.sshape, w.sshape);
        out[20] = f3(20, w.sshape, p1.sshape);
        out[21] = f4(21, m1.sshape, w.sshape, p1.sshape);
        out[22] = f2(22, m1.suf[2]);
        out[23] = f2(23, p1.suf[2]);
        out[24] = f2(24, w.flags as u64);
        out[25] = f3(25, initial, w.sshape);
        out[26] = f3(26, m1.norm, p1.norm);
        out[27] = f3(27, w.len as u64, w.flags as u64 & 3);
        out[28] = f2(28, m1.raw);
        out[29] = f2(29, p1.raw);
        out[30] = f3(30, self.all_caps as u64, w.norm);
        out[31] = f3(31, initial, w.norm);
        out[32] = f4(32, m1.flags as u64, w.flags as u64, p1.flags as u64);
        // GloVe clusters (coarse, mid, fine) of the word and its window. The
        // corpus clusters of the model are not features here (they owe
        // everything to the training text and generalise worse in
        // cross-validation); the MUC-4 role tagger reads them.
        out[33] = f2(50, w.gl[0]);
        out[34] = f2(51, w.gl[1]);
        out[35] = f2(52, w.gl[2]);
        out[36] = f2(53, m1.gl[1]);
        out[37] = f2(54, p1.gl[1]);
        out[38] = f3(55, m1.gl[1], w.gl[1]);
        out[39] = f3(56, w.gl[1], p1.gl[1]);
        out[40] = f3(57, w.gl[2], w.sshape);
        out[41] = f2(58, m1.gl[2]);
        out[42] = f2(59, p1.gl[2]);
        out[43] = f2(60, m2.gl[1]);
        out[44] = f2(61, p2.gl[1]);
    }

    /// Tag-history feature hashes of token `i`, given the previous two
    /// classes (`N_CLASSES` stands for "before the sentence").
    #[inline]
    pub(crate) fn dynamic_features(
        &self,
        i: usize,
        prev1: usize,
        prev2: usize,
        out: &mut [u64; N_DYNAMIC],
    ) {
        let t = &self.toks;
        let j = i + PAD;
        let (p1, p2) = (prev1 as u64, prev2 as u64);
        out[0] = f2(40, p1);
        out[1] = f3(41, p2, p1);
        out[2] = f3(42, p1, t[j].norm);
        out[3] = f3(43, p1, t[j].sshape);
        out[4] = f3(44, p1, t[j + 1].norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_digits_normalise() {
        let a = analyze("Paris");
        let b = analyze("PARIS");
        let c = analyze("paris");
        assert_eq!(a.norm, b.norm);
        assert_eq!(a.norm, c.norm);
        assert_ne!(a.raw, c.raw);
        assert_ne!(a.shape, c.shape);
        assert_eq!(analyze("1996").norm, analyze("2003").norm);
        assert!(a.flags & INIT_UPPER != 0 && b.flags & ALL_UPPER != 0);
        assert_eq!(analyze("Zürich").norm, analyze("zürich").norm);
        assert_eq!(analyze("ab").suf[3], analyze("ab").suf[1]);
    }
}
