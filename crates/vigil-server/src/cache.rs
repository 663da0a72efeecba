//! The corpus-wide views ([`vigil_corpus::Views`]: incidents, the ledger, story changes) and the
//! store's counts, kept per store revision and shared by every request until a document or a
//! split decision is added (by this server or by another process writing to the same store).
//! The views are computed once, then brought up to each new revision by taking in only the new
//! documents (a feed monitor writing every few minutes costs what it wrote, not the corpus).
//! The views are computed by the application layer; this only keeps them.
//!
//! Event records carry their incident from [`ViewCache::links`]: the incident of each event
//! as of the views last computed, read without ever waiting for a computation in progress (at
//! a million events computing the views takes most of a minute, bringing them up to date a
//! few seconds, and an event query takes milliseconds).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use vigil_corpus::Views;
use vigil_store::{Stats, Store};

/// A cache of [`Views`] (and of the store's counts) keyed by store revision.
#[derive(Default)]
pub struct ViewCache {
    current: Mutex<Option<Cached>>,
    /// The incident links of the views last made (its lock is never held while they are made).
    links: Mutex<Option<Arc<Links>>>,
    /// Whether a refresh started by [`ViewCache::refresh_in_background`] is running.
    refreshing: Arc<AtomicBool>,
    stats: Mutex<Option<(u64, Arc<Stats>)>>,
}

/// The incident of each event as of the views last computed (kept apart from the views: the
/// views are brought up to date in place, which they cannot be while others hold them).
#[derive(Debug, Default)]
pub struct Links {
    /// The store revision of the views they were taken from.
    pub revision: u64,
    /// The incident of each event that belongs to one.
    pub incident_of: BTreeMap<String, String>,
}

impl Links {
    /// The incident of event `id`, when `links` exist and it belongs to one.
    #[must_use]
    pub fn incident<'a>(links: Option<&'a Links>, id: &str) -> Option<&'a str> {
        links?.incident_of.get(id).map(String::as_str)
    }
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

    /// The incident links of the views last computed, whatever their revision; `None` before
    /// the first computation has ended. Never waits for a computation in progress.
    pub fn links(&self) -> Option<Arc<Links>> {
        self.links
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Runs `refresh` (meant to bring the views up to date: [`ViewCache::get`]) on a thread of
    /// its own, unless one started here is still running or the views are being made now
    /// (what that computation ends with is taken first; a later request may start another).
    /// Returns whether it started one.
    pub fn refresh_in_background(&self, refresh: impl FnOnce() + Send + 'static) -> bool {
        if self.current.try_lock().is_err() {
            return false;
        }
        if self.refreshing.swap(true, Ordering::AcqRel) {
            return false;
        }
        /// Clears the flag however the refresh ends.
        struct Done(Arc<AtomicBool>);
        impl Drop for Done {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let done = Done(Arc::clone(&self.refreshing));
        let spawned = std::thread::Builder::new()
            .name("vigil-views".into())
            .spawn(move || {
                let _done = done;
                refresh();
            });
        spawned.is_ok()
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
        let links = Links {
            revision: views.revision,
            incident_of: views.incident_of.clone(),
        };
        *self.links.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(links));
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
    use std::sync::mpsc;
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

    #[test]
    fn links_are_read_without_waiting_for_views_being_made() {
        let cache = Arc::new(ViewCache::default());
        assert!(cache.links().is_none());
        cache.fresh(Instant::now(), 5, |_| views_at(5)).unwrap();
        assert_eq!(cache.links().unwrap().revision, 5);
        // Another thread brings the views up to revision 7, and takes its time.
        std::thread::sleep(Duration::from_millis(2));
        let (started, has_started) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let slow = {
            let cache = Arc::clone(&cache);
            std::thread::spawn(move || {
                cache
                    .fresh(Instant::now(), 7, |_| {
                        started.send(()).unwrap();
                        released.recv().unwrap();
                        let mut v = views_at(7)?;
                        v.incident_of.insert("d#e1".into(), "inc-1".into());
                        Ok(v)
                    })
                    .unwrap()
                    .revision
            })
        };
        has_started.recv().unwrap();
        // Meanwhile the links of the views before answer at once, and no background refresh
        // starts behind the computation.
        let (answer, answered) = mpsc::channel();
        {
            let cache = Arc::clone(&cache);
            std::thread::spawn(move || {
                let links = cache.links().map(|l| l.revision);
                let refreshed = cache.refresh_in_background(|| {});
                answer.send((links, refreshed)).unwrap();
            });
        }
        let got = answered.recv_timeout(Duration::from_secs(10));
        release.send(()).unwrap();
        assert_eq!(got, Ok((Some(5), false)));
        assert_eq!(slow.join().unwrap(), 7);
        let links = cache.links().unwrap();
        assert_eq!(links.revision, 7);
        assert_eq!(Links::incident(Some(&links), "d#e1"), Some("inc-1"));
        assert_eq!(Links::incident(Some(&links), "d#e2"), None);
        assert_eq!(Links::incident(None, "d#e1"), None);
    }

    #[test]
    fn one_background_refresh_at_a_time() {
        let cache = ViewCache::default();
        let (release, released) = mpsc::channel::<()>();
        let (ran, has_run) = mpsc::channel();
        assert!(cache.refresh_in_background(move || {
            released.recv().unwrap();
            ran.send(()).unwrap();
        }));
        assert!(!cache.refresh_in_background(|| panic!("a second refresh ran")));
        release.send(()).unwrap();
        has_run.recv_timeout(Duration::from_secs(10)).unwrap();
        // Once it has ended, another may start.
        let deadline = Instant::now() + Duration::from_secs(10);
        let (ran, has_run) = mpsc::channel();
        let mut ran = Some(ran);
        loop {
            let r = ran.take().unwrap();
            let keep = r.clone();
            if cache.refresh_in_background(move || r.send(()).unwrap()) {
                break;
            }
            ran = Some(keep);
            assert!(Instant::now() < deadline, "the flag stayed set");
            std::thread::sleep(Duration::from_millis(1));
        }
        has_run.recv_timeout(Duration::from_secs(10)).unwrap();
    }
}
