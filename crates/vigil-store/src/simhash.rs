//! Near-duplicate lookup over 64-bit SimHash fingerprints by banding.
//!
//! A fingerprint is cut into [`BANDS`] bands of 16 bits, each indexed. If two fingerprints differ
//! in at most `d` bits, the differing bits fall into four bands, so at least one band differs in
//! at most `⌊d/4⌋` bits (pigeonhole). A lookup therefore probes, in every band, each 16-bit value
//! within Hamming radius `⌊d/4⌋` of the query's band — 1 value per band for `d ≤ 3`, 17 for
//! `d ≤ 7`, 137 for `d ≤ 11`, 697 for `d ≤ 15` — and verifies the full distance of each
//! candidate. The lookup is exact (never misses a fingerprint within `d`). Past
//! [`MAX_BANDED_DISTANCE`] probing costs more than reading everything, so it scans.
//!
//! The SQL stores keep the fingerprints of originals in a narrow table of their own,
//! `fingerprints(band_key, doc_seq, simhash)` keyed by [`band_key`] (band number and value in
//! one integer): a probe is one range of that table's key, and verifying a candidate reads its
//! fingerprint from the same entry, never the document row that carries the text. Only the
//! nearest candidate's document id is read from `documents`.

use std::collections::HashMap;

/// Number of 16-bit bands a fingerprint is cut into.
pub const BANDS: usize = 4;

/// The largest distance answered by probing bands; larger distances scan every fingerprint.
pub const MAX_BANDED_DISTANCE: u32 = 15;

pub use vigil_model::hamming;

/// The nearest stored fingerprint among candidates within a distance of a query: least
/// distance first, then the first stored (lowest row key). Both SQL stores pick alike.
pub(crate) struct Nearest {
    query: u64,
    max_distance: u32,
    best: Option<(u32, i64)>,
}

impl Nearest {
    /// Candidates near `query`, within `max_distance` bits.
    pub(crate) fn new(query: u64, max_distance: u32) -> Nearest {
        Nearest {
            query,
            max_distance,
            best: None,
        }
    }

    /// Weighs the stored fingerprint `simhash` of the document of row key `seq` (the same
    /// document may be weighed more than once: it is found in several bands).
    pub(crate) fn consider(&mut self, seq: i64, simhash: u64) {
        let d = hamming(simhash, self.query);
        if d <= self.max_distance && self.best.is_none_or(|best| (d, seq) < best) {
            self.best = Some((d, seq));
        }
    }

    /// The row key of the nearest, if any was near enough.
    pub(crate) fn seq(self) -> Option<i64> {
        self.best.map(|(_, seq)| seq)
    }
}

/// The key of band `k`'s value `value` in the SQL stores' `fingerprints` table: `k × 2¹⁶ +
/// value`, so the entries of band 0 (one per original) are the keys below 2¹⁶.
#[must_use]
pub(crate) fn band_key(k: usize, value: u16) -> i64 {
    ((k as i64) << 16) | i64::from(value)
}

/// The four `fingerprints` keys of a stored fingerprint, band 0 first.
#[must_use]
pub(crate) fn band_keys(simhash: u64) -> [i64; BANDS] {
    let b = bands(simhash);
    std::array::from_fn(|k| band_key(k, b[k]))
}

/// Every `fingerprints` key a lookup within `radius` bits per band probes, band by band.
#[must_use]
pub(crate) fn probe_keys(simhash: u64, radius: u32) -> Vec<i64> {
    bands(simhash)
        .into_iter()
        .enumerate()
        .flat_map(|(k, b)| {
            band_probes(b, radius)
                .into_iter()
                .map(move |v| band_key(k, v))
        })
        .collect()
}

/// The four 16-bit bands of a fingerprint, lowest bits first.
#[must_use]
pub fn bands(simhash: u64) -> [u16; BANDS] {
    std::array::from_fn(|k| (simhash >> (16 * k)) as u16)
}

/// Every 16-bit value within Hamming distance `radius` of `band`, `band` itself first.
///
/// `radius` is at most 3 in practice (see [`MAX_BANDED_DISTANCE`]).
#[must_use]
pub fn band_probes(band: u16, radius: u32) -> Vec<u16> {
    fn flip(value: u16, from_bit: u32, left: u32, out: &mut Vec<u16>) {
        if left == 0 {
            return;
        }
        for bit in from_bit..16 {
            let v = value ^ (1 << bit);
            out.push(v);
            flip(v, bit + 1, left - 1, out);
        }
    }
    let mut out = vec![band];
    flip(band, 0, radius.min(16), &mut out);
    out
}

/// The probe radius per band for a maximum distance, or `None` when a scan is cheaper.
#[must_use]
pub(crate) fn probe_radius(max_distance: u32) -> Option<u32> {
    (max_distance <= MAX_BANDED_DISTANCE).then_some(max_distance / BANDS as u32)
}

/// An in-memory banded index of fingerprints, for [`crate::MemoryStore`] and for callers that
/// need to find near-duplicates among documents not yet stored (within one ingest batch).
#[derive(Debug, Clone, Default)]
pub struct SimIndex {
    entries: Vec<(u64, String)>,
    bands: [HashMap<u16, Vec<u32>>; BANDS],
}

impl SimIndex {
    /// An empty index.
    #[must_use]
    pub fn new() -> SimIndex {
        SimIndex::default()
    }

    /// Adds a fingerprint under an id. Earlier entries win ties in [`SimIndex::nearest`].
    ///
    /// # Panics
    /// Panics past 2³² entries.
    pub fn insert(&mut self, simhash: u64, id: impl Into<String>) {
        let n = u32::try_from(self.entries.len()).expect("fewer than 2^32 fingerprints");
        for (k, b) in bands(simhash).into_iter().enumerate() {
            self.bands[k].entry(b).or_default().push(n);
        }
        self.entries.push((simhash, id.into()));
    }

    /// The entry nearest to `simhash` within `max_distance` bits, with its distance; ties go to
    /// the entry inserted first.
    #[must_use]
    pub fn nearest(&self, simhash: u64, max_distance: u32) -> Option<(&str, u32)> {
        let mut best: Option<(u32, u32)> = None; // (distance, entry)
        let mut consider = |n: u32| {
            let d = hamming(self.entries[n as usize].0, simhash);
            if d <= max_distance && best.is_none_or(|b| (d, n) < b) {
                best = Some((d, n));
            }
        };
        match probe_radius(max_distance) {
            Some(radius) => {
                for (k, b) in bands(simhash).into_iter().enumerate() {
                    for probe in band_probes(b, radius) {
                        for &n in self.bands[k].get(&probe).into_iter().flatten() {
                            consider(n);
                        }
                    }
                }
            }
            None => (0..self.entries.len() as u32).for_each(&mut consider),
        }
        best.map(|(d, n)| (self.entries[n as usize].1.as_str(), d))
    }

    /// Number of fingerprints.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_cover_the_ball_exactly_once() {
        for radius in 0..=3 {
            let probes = band_probes(0xA5A5, radius);
            let expected: usize = (0..=radius as usize)
                .map(|k| (0..k).fold(1, |acc, i| acc * (16 - i) / (i + 1)))
                .sum();
            assert_eq!(probes.len(), expected, "radius {radius}");
            let mut sorted = probes.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), probes.len(), "no repeats");
            assert!(probes
                .iter()
                .all(|&p| hamming(u64::from(p), 0xA5A5) <= radius));
            assert_eq!(probes[0], 0xA5A5);
        }
    }

    #[test]
    fn banded_lookup_agrees_with_a_scan() {
        // A deterministic pseudo-random corpus (xorshift), plus near variants of some members.
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut index = SimIndex::new();
        let mut all = Vec::new();
        for i in 0..2000 {
            let h = if i % 3 == 0 && !all.is_empty() {
                let (base, _): &(u64, String) = &all[(next() % all.len() as u64) as usize];
                let flips = next() % 12;
                (0..flips).fold(*base, |h, _| h ^ (1 << (next() % 64)))
            } else {
                next()
            };
            index.insert(h, format!("d{i}"));
            all.push((h, format!("d{i}")));
        }
        for q in 0..300 {
            let (base, _) = &all[(q * 7) % all.len()];
            let query = (0..q % 9).fold(*base, |h, i| h ^ (1 << ((q * 13 + i * 29) % 64)));
            for d in [0, 3, 4, 7, 8, 11, 15, 16, 20] {
                let scan = all
                    .iter()
                    .enumerate()
                    .map(|(n, (h, id))| (hamming(*h, query), n, id.as_str()))
                    .filter(|(dist, _, _)| *dist <= d)
                    .min()
                    .map(|(dist, _, id)| (id, dist));
                assert_eq!(index.nearest(query, d), scan, "query {q} distance {d}");
            }
        }
    }
}
