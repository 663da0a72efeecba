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
    current: Mutex<Option<Arc<Views>>>,
    stats: Mutex<Option<(u64, Arc<Stats>)>>,
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
    /// # Errors
    /// A store error.
    pub fn get(&self, store: &dyn Store) -> vigil_corpus::Result<Arc<Views>> {
        let revision = store.revision()?;
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(v) = current.as_ref().filter(|v| v.revision == revision) {
            return Ok(Arc::clone(v));
        }
        let v = match current.take() {
            Some(old) => sole(old).update(store)?,
            None => Views::compute(store)?,
        };
        let v = Arc::new(v);
        *current = Some(Arc::clone(&v));
        Ok(v)
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
