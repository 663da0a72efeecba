//! The corpus-wide views ([`vigil_corpus::Views`]: incidents, the ledger, story changes) and the
//! store's counts, kept per store revision and shared by every request until a document or a
//! split decision is added (by this server or by another process writing to the same store).
//! The views are computed once, then brought up to each new revision by taking in only the new
//! documents (a feed monitor writing every few minutes costs what it wrote, not the corpus).
//! The views are computed by the application layer; this only keeps them.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use vigil_corpus::Views;
use vigil_store::{Stats, Store};

/// A cache of [`Views`] (and of the store's counts) keyed by store revision.
#[derive(Default)]
pub struct ViewCache {
    current: Mutex<Option<Cached>>,
    stats: Mutex<Option<(u64, Arc<Stats>)>>,
}

/// Views and the moment just before the store's revision was read to bring them up to it.
struct Cached {
    views: Arc<Views>,
    read_after: Instant,
}

impl ViewCache {
    /// The store's counts at its current revision (corpus-wide aggregates: cached).
    ///
    /// # Errors
    /// A store error.
    pub fn stats(&self, store: &dyn Store) -> vigil_store::Result<Arc<Stats>> {
        let revision = store.revision()?;
        let mut cached = self.stats.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, s)) = cached.as_ref().filter(|(r, _)| *r == revision) {
            return Ok(Arc::clone(s));
        }
        let s = Arc::new(store.stats()?);
        *cached = Some((revision, Arc::clone(&s)));
        Ok(s)
    }

    /// The views of the store's current revision: cached, or brought up to it now from the
    /// previous revision's ([`Views::update`]: only what the new documents touch), or computed
    /// when there are none (one computation at a time; others wait for it rather than repeat
    /// it).
    ///
    /// Views brought up to date by another request while this one waited are taken as they
    /// are, even when a writer has stored more since this one read the revision: they hold
    /// everything stored before this call (the store's revision was read for them after this
    /// call began). Without that, under a writer committing every fraction of a second each
    /// waiting request updated the views again in turn, and a request could wait for the
    /// others' updates past the time limit.
    ///
    /// # Errors
    /// A store error.
    pub fn get(&self, store: &dyn Store) -> vigil_corpus::Result<Arc<Views>> {
        self.get_since(store, Instant::now())
    }

    /// As [`ViewCache::get`], for a request that arrived at `asked`: views whose revision was
    /// read after it arrived serve it (they hold whatever its client stored before asking),
    /// however long it then waited for a store handle or for another request's update.
    ///
    /// # Errors
    /// A store error.
    pub fn get_since(&self, store: &dyn Store, asked: Instant) -> vigil_corpus::Result<Arc<Views>> {
        let revision = store.revision()?;
        self.fresh(asked, revision, |old| match old {
            Some(old) => sole(old).update(store),
            None => Views::compute(store),
        })
    }

    /// The cached views if they are of `revision` or their revision was read at or after
    /// `asked`; else those `make` gives from the cached ones (taken out of the cache), stored
    /// with the moment just before `make` ran.
    fn fresh(
        &self,
        asked: Instant,
        revision: u64,
        make: impl FnOnce(Option<Arc<Views>>) -> vigil_corpus::Result<Views>,
    ) -> vigil_corpus::Result<Arc<Views>> {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = current
            .as_ref()
            .filter(|c| c.views.revision == revision || c.read_after >= asked)
        {
            return Ok(Arc::clone(&c.views));
        }
        let read_after = Instant::now();
        let views = Arc::new(make(current.take().map(|c| c.views))?);
        *current = Some(Cached {
            views: Arc::clone(&views),
            read_after,
        });
        Ok(views)
    }
}

/// The views themselves once the requests still reading them are done (new requests wait on
/// the cache's lock meanwhile, so none starts reading them), or a copy of them if that takes
/// more than a few seconds.
fn sole(mut views: Arc<Views>) -> Views {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match Arc::try_unwrap(views) {
            Ok(v) => return v,
            Err(shared) if Instant::now() < deadline => {
                views = shared;
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(shared) => return (*shared).clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_store::MemoryStore;

    fn views_at(revision: u64) -> vigil_corpus::Result<Views> {
        let mut v = Views::compute(&MemoryStore::new())?;
        v.revision = revision;
        Ok(v)
    }

    #[test]
    fn views_brought_up_to_date_after_a_request_began_serve_it_without_another_update() {
        let cache = ViewCache::default();
        let before = Instant::now();
        let made = std::cell::Cell::new(0);
        let make = |revision: u64| {
            let made = &made;
            move |_: Option<Arc<Views>>| {
                made.set(made.get() + 1);
                views_at(revision)
            }
        };
        // Nothing cached: computed.
        assert_eq!(cache.fresh(before, 5, make(5)).unwrap().revision, 5);
        assert_eq!(made.get(), 1);
        // The same revision: cached.
        assert_eq!(cache.fresh(Instant::now(), 5, make(6)).unwrap().revision, 5);
        assert_eq!(made.get(), 1);
        // A request that read revision 7 before the views at 5 were made (a writer stored
        // more meanwhile) takes them: their revision was read after it began.
        assert_eq!(cache.fresh(before, 7, make(7)).unwrap().revision, 5);
        assert_eq!(made.get(), 1);
        // One that began after them and reads another revision brings them up to it, from
        // the cached views.
        std::thread::sleep(Duration::from_millis(2));
        let had = std::cell::Cell::new(None);
        let v = cache
            .fresh(Instant::now(), 7, |old| {
                had.set(old.map(|v| v.revision));
                views_at(7)
            })
            .unwrap();
        assert_eq!((had.get(), v.revision), (Some(5), 7));
        // A revision that went back (a store replaced under the server) is no exception.
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(cache.fresh(Instant::now(), 3, make(3)).unwrap().revision, 3);
        assert_eq!(made.get(), 2);
    }
}
