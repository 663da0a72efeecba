//! Stopping a request's store work when nobody waits for its answer any more.
//!
//! A request runs its store work on a blocking thread. When the request's future is dropped
//! first (its time limit passed, or the client closed the connection), the [`Guard`] it holds
//! marks the work cancelled and interrupts the store query running for it: SQLite stops the
//! statement and the handle goes back to the pool at once, instead of computing an answer
//! nobody reads. Work that has not started yet does not start — except the writes of an upload
//! read and extracted already ([`Cancel::resume`]), which are kept as they were when the
//! upload held its handle from the start.

use crate::error::ApiError;
use std::sync::{Arc, Mutex, PoisonError};
use vigil_store::Interrupter;

#[derive(Default)]
struct State {
    cancelled: bool,
    /// Set while the work runs on a store handle that can be interrupted.
    interrupter: Option<Interrupter>,
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The worker's side: marks when the work runs, and on which handle.
pub(crate) struct Cancel(Arc<Mutex<State>>);

/// The waiting request's side: cancels on drop unless disarmed.
pub(crate) struct Guard(Option<Arc<Mutex<State>>>);

/// The work in progress; dropping it forgets the handle's interrupter.
pub(crate) struct Running<'a>(&'a Mutex<State>);

/// A linked worker side and waiting side.
pub(crate) fn pair() -> (Cancel, Guard) {
    let state = Arc::new(Mutex::new(State::default()));
    (Cancel(Arc::clone(&state)), Guard(Some(state)))
}

impl Cancel {
    /// Starts the work on a handle with `interrupter`; an error when it was already cancelled.
    pub(crate) fn start(&self, interrupter: Option<Interrupter>) -> Result<Running<'_>, ApiError> {
        let mut s = lock(&self.0);
        if s.cancelled {
            return Err(ApiError::internal(
                "the request was abandoned before its work started",
            ));
        }
        s.interrupter = interrupter;
        Ok(Running(&self.0))
    }

    /// Goes on with work begun before the request was dropped, on a handle with
    /// `interrupter`: not refused when it was dropped meanwhile (work already done is not
    /// thrown away), but interrupted when it is dropped while this runs.
    pub(crate) fn resume(&self, interrupter: Option<Interrupter>) -> Running<'_> {
        let mut s = lock(&self.0);
        if !s.cancelled {
            s.interrupter = interrupter;
        }
        Running(&self.0)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        lock(self.0).interrupter = None;
    }
}

impl Guard {
    /// The answer arrived: nothing to cancel.
    pub(crate) fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(state) = self.0.take() {
            let mut s = lock(&state);
            s.cancelled = true;
            if let Some(stop) = s.interrupter.take() {
                stop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counter() -> (Arc<AtomicUsize>, Interrupter) {
        let n = Arc::new(AtomicUsize::new(0));
        let m = Arc::clone(&n);
        (
            n,
            Arc::new(move || {
                m.fetch_add(1, Ordering::SeqCst);
            }),
        )
    }

    #[test]
    fn a_dropped_request_interrupts_its_running_work() {
        let (calls, stop) = counter();
        let (cancel, guard) = pair();
        let running = cancel.start(Some(stop)).unwrap();
        drop(guard);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        drop(running);
        // Nothing more starts for it.
        assert!(cancel.start(None).is_err());
    }

    #[test]
    fn work_not_started_does_not_start() {
        let (calls, stop) = counter();
        let (cancel, guard) = pair();
        drop(guard);
        assert!(cancel.start(Some(stop)).is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn resumed_work_runs_after_a_drop_and_is_interrupted_by_one() {
        let (calls, stop) = counter();
        let (cancel, guard) = pair();
        drop(cancel.start(None).unwrap());
        // Dropped while it runs: interrupted.
        let running = cancel.resume(Some(Arc::clone(&stop)));
        drop(guard);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        drop(running);
        // Dropped before: it goes on, and nothing interrupts it any more.
        drop(cancel.resume(Some(stop)));
        assert!(cancel.start(None).is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn answered_or_finished_work_is_not_interrupted() {
        let (calls, stop) = counter();
        let (cancel, guard) = pair();
        drop(cancel.start(Some(Arc::clone(&stop))).unwrap());
        guard.disarm();
        // Finished, then dropped without disarming (the answer was being sent): the handle
        // may run another request's work by now, so it is left alone.
        let (cancel, guard) = pair();
        drop(cancel.start(Some(stop)).unwrap());
        drop(guard);
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }
}
