//! The events a full-text expression matches, computed once per store revision and shared by
//! the handles of one process.
//!
//! A search is rarely asked once: the dashboard asks for a page of events, the timeline and the
//! next pages with the same words, and a popular search is asked by many analysts. Reading an
//! FTS5 match costs time proportional to the documents that match (thousands for a common
//! word), so the set of matching events is kept: a sorted list when it is small (the page query
//! is then driven by it), a bitset over event sequence numbers when it is large (the page query
//! then reads events in page order and tests each one, stopping when the page is full).
//!
//! Entries are dropped when the store's revision changes (documents or incident splits added)
//! and, least recently used first, beyond [`MatchCache::MAX_ENTRIES`] entries or
//! [`MatchCache::MAX_BYTES`] bytes.

use std::sync::{Arc, Mutex, PoisonError};

/// The events one full-text expression matches in one scope.
#[derive(Debug)]
pub(crate) struct MatchSet {
    /// Sorted sequence numbers (small sets).
    seqs: Vec<i64>,
    /// One bit per sequence number (large sets).
    bits: Vec<u64>,
}

impl MatchSet {
    /// A set of `seqs`, kept as a list when there are at most `list_up_to`.
    pub(crate) fn new(mut seqs: Vec<i64>, list_up_to: usize) -> MatchSet {
        seqs.sort_unstable();
        seqs.dedup();
        if seqs.len() <= list_up_to {
            return MatchSet {
                seqs,
                bits: Vec::new(),
            };
        }
        let max = seqs.last().copied().unwrap_or(0).max(0) as usize;
        let mut bits = vec![0_u64; max / 64 + 1];
        for s in seqs.into_iter().filter(|s| *s >= 0) {
            let s = s as usize;
            bits[s / 64] |= 1 << (s % 64);
        }
        MatchSet {
            seqs: Vec::new(),
            bits,
        }
    }

    /// The sorted list, `None` for a set kept as bits.
    pub(crate) fn list(&self) -> Option<&[i64]> {
        self.bits.is_empty().then_some(&self.seqs[..])
    }

    /// Whether event `seq` matches.
    pub(crate) fn contains(&self, seq: i64) -> bool {
        if self.bits.is_empty() {
            return self.seqs.binary_search(&seq).is_ok();
        }
        usize::try_from(seq).is_ok_and(|s| {
            self.bits
                .get(s / 64)
                .is_some_and(|w| w & (1 << (s % 64)) != 0)
        })
    }

    fn bytes(&self) -> usize {
        self.seqs.len() * 8 + self.bits.len() * 8 + 64
    }
}

/// Match sets of recent full-text expressions; cloning shares the cache. Give the same cache
/// to every handle of one database file ([`crate::OpenOptions::match_cache`]).
#[derive(Debug, Clone, Default)]
pub struct MatchCache {
    inner: Arc<Mutex<Inner>>,
}

/// Two handles are equal when they share one cache.
impl PartialEq for MatchCache {
    fn eq(&self, other: &MatchCache) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for MatchCache {}

#[derive(Debug, Default)]
struct Inner {
    revision: u64,
    clock: u64,
    bytes: usize,
    /// (key, set, last use)
    entries: Vec<(String, Arc<MatchSet>, u64)>,
    hits: u64,
    misses: u64,
}

impl MatchCache {
    /// At most this many expressions are kept.
    pub const MAX_ENTRIES: usize = 64;
    /// At most this many bytes of sets are kept (a set of a 10-million-event store as bits is
    /// 1.25 MB).
    pub const MAX_BYTES: usize = 64 << 20;

    /// The set under `key` at `revision`, if kept.
    pub(crate) fn get(&self, revision: u64, key: &str) -> Option<Arc<MatchSet>> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.revision != revision {
            inner.entries.clear();
            inner.bytes = 0;
            inner.revision = revision;
        }
        inner.clock += 1;
        let now = inner.clock;
        let found = inner
            .entries
            .iter_mut()
            .find(|(k, _, _)| k == key)
            .map(|(_, set, used)| {
                *used = now;
                Arc::clone(set)
            });
        if found.is_some() {
            inner.hits += 1;
        } else {
            inner.misses += 1;
        }
        found
    }

    /// Keeps `set` under `key` at `revision`, dropping the least recently used sets beyond the
    /// limits.
    pub(crate) fn put(&self, revision: u64, key: String, set: Arc<MatchSet>) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.revision != revision {
            if revision < inner.revision {
                // Computed before a newer revision was seen: of no use to anyone.
                return;
            }
            inner.entries.clear();
            inner.bytes = 0;
            inner.revision = revision;
        }
        if set.bytes() > Self::MAX_BYTES || inner.entries.iter().any(|(k, _, _)| *k == key) {
            return;
        }
        inner.clock += 1;
        let now = inner.clock;
        inner.bytes += set.bytes();
        inner.entries.push((key, set, now));
        while inner.entries.len() > Self::MAX_ENTRIES || inner.bytes > Self::MAX_BYTES {
            let Some(oldest) = inner
                .entries
                .iter()
                .enumerate()
                .min_by_key(|(_, (_, _, used))| *used)
                .map(|(i, _)| i)
            else {
                break;
            };
            let (_, gone, _) = inner.entries.swap_remove(oldest);
            inner.bytes -= gone.bytes();
        }
    }

    /// (hits, misses) since the cache was made.
    #[must_use]
    pub fn hits_and_misses(&self) -> (u64, u64) {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        (inner.hits, inner.misses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sets_are_lists_and_large_ones_bits() {
        let small = MatchSet::new(vec![9, 3, 3, 5], 10);
        assert_eq!(small.list(), Some(&[3, 5, 9][..]));
        let large = MatchSet::new((0..100).map(|i| i * 7).collect(), 10);
        assert_eq!(large.list(), None);
        for s in [0, 7, 693] {
            assert!(large.contains(s) && small.contains(3));
        }
        for s in [-1, 1, 694, 700, 1 << 40] {
            assert!(!large.contains(s) && !small.contains(s));
        }
    }

    #[test]
    fn a_new_revision_empties_the_cache_and_old_results_are_not_kept() {
        let cache = MatchCache::default();
        let set = Arc::new(MatchSet::new(vec![1, 2], 10));
        cache.put(1, "a".into(), Arc::clone(&set));
        assert!(cache.get(1, "a").is_some());
        assert!(cache.get(1, "b").is_none());
        assert!(cache.get(2, "a").is_none());
        cache.put(1, "a".into(), set);
        assert!(
            cache.get(2, "a").is_none(),
            "a set of an older revision was kept"
        );
        assert_eq!(cache.hits_and_misses(), (1, 3));
    }

    #[test]
    fn the_least_recently_used_set_goes_first() {
        let cache = MatchCache::default();
        for i in 0..MatchCache::MAX_ENTRIES {
            cache.put(7, format!("k{i}"), Arc::new(MatchSet::new(vec![1], 10)));
        }
        assert!(cache.get(7, "k0").is_some());
        cache.put(7, "new".into(), Arc::new(MatchSet::new(vec![1], 10)));
        assert!(
            cache.get(7, "k0").is_some(),
            "a recently used set was dropped"
        );
        assert!(
            cache.get(7, "k1").is_none(),
            "the least recently used set was kept"
        );
        assert!(cache.get(7, "new").is_some());
    }
}
