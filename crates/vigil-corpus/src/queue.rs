//! Many workers, one PostgreSQL corpus: `vigil enqueue`, `vigil worker`, `vigil status`.
//!
//! [`enqueue`] puts work items in the database: each file with its bytes (so a worker on
//! another machine needs no shared disk), each URL as its address (the worker fetches it). A
//! [`worker`] claims a few items at a time under a lease (`FOR UPDATE SKIP LOCKED`), runs the
//! ingest pipeline on them, stores the results and marks the items done. Nothing is lost: an
//! item whose worker dies (or hangs past its lease) is claimed again when the lease expires.
//! Nothing is doubled: a document is stored once per content hash, in one transaction with its
//! events, so an item done twice stores nothing the second time. Incidents are computed by
//! readers from the stored events, so workers racing cannot split or merge them wrongly. A
//! worker that loses the database (a restart) connects again, backing off, and goes on.

use crate::error::{Error, Result};
use crate::feeds::{poll_due, Polled};
use crate::ingest::{ingest, IngestOptions, Sink};
use crate::pipeline::Pipeline;
use crate::watch::{deliver, Delivered, Output};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};
use vigil_extract::Extractor;
use vigil_ingest::source::{read_bytes, read_inputs, walk, Options};
use vigil_store::{PgStore, QueueStatus, Store, StoreError, WorkItem};

/// The advisory lock under which one worker at a time delivers watch matches ("VGWT").
const WATCH_LOCK: i64 = 0x5647_5754;

/// Feeds one worker polls per turn (the others take the rest).
const FEEDS_PER_TURN: usize = 2;

/// A PostgreSQL connection string, if `db` is one.
#[must_use]
pub fn postgres_url(db: &Path) -> Option<String> {
    let s = db.to_str()?;
    (s.starts_with("postgres://") || s.starts_with("postgresql://")).then(|| s.to_string())
}

/// The PostgreSQL connection string the work queue needs.
///
/// # Errors
/// [`Error::NotPostgres`] when `db` names a SQLite file.
pub fn queue_url(db: &Path) -> Result<String> {
    postgres_url(db).ok_or_else(|| Error::NotPostgres(db.display().to_string()))
}

/// Connects, retrying with backoff for up to `patience` (the server may be restarting);
/// `retrying` hears of each failed try.
fn connect(
    url: &str,
    patience: Duration,
    retrying: &mut dyn FnMut(&StoreError, Duration),
) -> Result<PgStore> {
    let started = Instant::now();
    let mut wait = Duration::from_millis(100);
    loop {
        match PgStore::connect(url) {
            Ok(store) => return Ok(store),
            Err(e) if started.elapsed() < patience => {
                retrying(&e, wait);
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_secs(5));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// A work item: its key, name and, for a file, its bytes.
type Item = (String, String, Option<Vec<u8>>);

fn file_item(path: &Path) -> Result<Item> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display(), e))?;
    let name = path.display().to_string();
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((format!("file:{name}:{hex}"), name, Some(bytes)))
}

/// `vigil enqueue`: returns (added, already queued).
///
/// # Errors
/// An input that cannot be read, or a database error (then nothing is added).
pub fn enqueue(url: &str, inputs: &[String]) -> Result<(u64, u64)> {
    let mut items = Vec::new();
    for input in inputs {
        if vigil_ingest::fetch::is_url(input) {
            items.push((format!("url:{input}"), input.clone(), None));
            continue;
        }
        let path = Path::new(input);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files).map_err(|e| Error::io(input, e))?;
            for f in files {
                items.push(file_item(&f)?);
            }
        } else if path.is_file() {
            items.push(file_item(path)?);
        } else {
            return Err(Error::NoSuchInput(input.clone()));
        }
    }
    let mut store = PgStore::connect(url)?;
    let mut added = 0;
    // In chunks: one transaction per chunk keeps memory and locks bounded.
    for chunk in items.chunks(500) {
        added += store.enqueue(chunk)?;
    }
    Ok((added, items.len() as u64 - added))
}

/// Settings of `vigil worker`.
pub struct WorkerOptions {
    /// This worker's name in leases.
    pub name: String,
    /// Items claimed at a time.
    pub batch: usize,
    /// How long a claim holds.
    pub lease: Duration,
    /// Stop when no work is queued or held by anyone.
    pub until_empty: bool,
    /// How long to sleep when the queue is empty.
    pub poll: Duration,
    /// How the inputs are read.
    pub read: Options,
    /// Deliver the watch rules' new matches (JSON lines to the output, or their webhooks).
    pub watch: bool,
}

/// What a worker tells as it goes (the CLI writes it to standard error).
pub enum WorkerEvent<'a> {
    /// The database did not answer; another try after `wait`.
    Reconnecting {
        /// Why.
        error: &'a StoreError,
        /// The pause before the next try.
        wait: Duration,
    },
    /// A feed was polled.
    Polled(&'a Polled),
    /// Watch matches were delivered (failed webhooks are in it).
    Delivered(&'a Delivered),
    /// An item was finished (`kept`: this worker's result counted; else its lease was lost to
    /// another worker, whose result stands).
    Finished {
        /// The item.
        item: &'a WorkItem,
        /// What it came to.
        outcome: &'a std::result::Result<(u64, u64), String>,
        /// Whether this worker still held it.
        kept: bool,
    },
    /// A turn failed (the database went away): connecting again.
    TurnFailed(&'a Error),
}

/// Processes one item: its articles through the ingest pipeline. `Ok((documents, events))`,
/// or `Err` with why nothing of it could be stored.
fn process(
    store: &mut PgStore,
    extractor: &Extractor,
    item: &WorkItem,
    read: &Options,
) -> Result<std::result::Result<(u64, u64), String>> {
    let mut reader = |sink: &mut Sink<'_>| match &item.body {
        Some(bytes) => read_bytes(&item.name, None, bytes.clone(), read, sink),
        None => read_inputs(std::slice::from_ref(&item.name), read, sink),
    };
    let s = ingest(
        store,
        Pipeline::new(extractor),
        IngestOptions::batches_of(64),
        &mut reader,
        &mut |_| {},
    )?;
    if s.stored + s.unchanged == 0 {
        if let Some((item, reason)) = s.rejections.first() {
            return Ok(Err(format!("{item}: {reason}")));
        }
    }
    Ok(Ok((s.stored as u64, s.events as u64)))
}

/// One worker's state between turns.
struct Worker<'a> {
    extractor: &'a Extractor,
    opts: &'a WorkerOptions,
    finished: u64,
    /// The store revision whose watch matches this worker saw delivered (by itself or
    /// another).
    watched: Option<u64>,
    /// When watch matches were last looked at (none yet: at once).
    last_watch: Option<Instant>,
}

impl Worker<'_> {
    /// One turn: feeds, watch delivery, a claim of items. `false` when there is no more work
    /// and the worker should stop.
    fn turn(
        &mut self,
        store: &mut PgStore,
        out: &mut dyn Write,
        tell: &mut dyn FnMut(WorkerEvent<'_>),
    ) -> Result<bool> {
        for p in poll_due(store, self.extractor, &self.opts.read, FEEDS_PER_TURN)? {
            tell(WorkerEvent::Polled(&p));
        }
        self.deliver_watches(store, out, tell)?;
        let items = store.claim(&self.opts.name, self.opts.batch, self.opts.lease)?;
        if items.is_empty() {
            let q = store.queue_status()?;
            if self.opts.until_empty && q.queued + q.leased + q.stuck == 0 {
                return Ok(false);
            }
            std::thread::sleep(self.opts.poll);
            return Ok(true);
        }
        for item in &items {
            let outcome = process(store, self.extractor, item, &self.opts.read)?;
            let kept = store.finish(item.seq, &self.opts.name, outcome.clone())?;
            self.finished += u64::from(kept);
            tell(WorkerEvent::Finished {
                item,
                outcome: &outcome,
                kept,
            });
        }
        Ok(true)
    }

    /// Delivers the watch rules' new matches, at most once a second and only when the store
    /// changed; one worker at a time (the others try again next turn).
    fn deliver_watches(
        &mut self,
        store: &mut PgStore,
        out: &mut dyn Write,
        tell: &mut dyn FnMut(WorkerEvent<'_>),
    ) -> Result<()> {
        if !self.opts.watch
            || self
                .last_watch
                .is_some_and(|t| t.elapsed() < Duration::from_secs(1))
        {
            return Ok(());
        }
        self.last_watch = Some(Instant::now());
        let revision = store.revision()?;
        if self.watched == Some(revision) {
            return Ok(());
        }
        let delivered =
            store.try_exclusive(WATCH_LOCK, |s| deliver(out, s, None, Output::Jsonl))?;
        if let Some(delivered) = delivered {
            tell(WorkerEvent::Delivered(&delivered?));
            self.watched = Some(revision);
        }
        Ok(())
    }
}

/// `vigil worker`: claims and processes work until stopped (or, with `until_empty`, until
/// nothing is queued or held). Watch matches go to `out`, progress to `tell`. Returns the
/// items this worker finished.
///
/// # Errors
/// When the database stays unreachable for a minute.
pub fn worker(
    url: &str,
    extractor: &Extractor,
    opts: &WorkerOptions,
    out: &mut dyn Write,
    tell: &mut dyn FnMut(WorkerEvent<'_>),
) -> Result<u64> {
    let patience = Duration::from_secs(60);
    let mut reconnecting =
        |error: &StoreError, wait: Duration| tell(WorkerEvent::Reconnecting { error, wait });
    let mut store = connect(url, patience, &mut reconnecting)?;
    let mut worker = Worker {
        extractor,
        opts,
        finished: 0,
        watched: None,
        last_watch: None,
    };
    loop {
        match worker.turn(&mut store, out, tell) {
            Ok(true) => {}
            Ok(false) => return Ok(worker.finished),
            Err(e) => {
                // The database went away (or refused): connect again; items held are claimed
                // again when their leases expire.
                tell(WorkerEvent::TurnFailed(&e));
                std::thread::sleep(Duration::from_millis(200));
                store = connect(url, patience, &mut |error, wait| {
                    tell(WorkerEvent::Reconnecting { error, wait });
                })?;
            }
        }
    }
}

/// `vigil watch run` on a PostgreSQL store: waits (up to a minute) for the lock under which
/// workers deliver, so a match is never delivered twice.
///
/// # Errors
/// A database error, the lock held for a minute ([`Error::DeliveryBusy`]), or a failed
/// delivery record.
pub fn deliver_exclusive(
    url: &str,
    out: &mut dyn Write,
    rule: Option<&str>,
    format: Output,
) -> Result<Delivered> {
    let mut store = PgStore::connect(url)?;
    let started = Instant::now();
    loop {
        if let Some(done) = store.try_exclusive(WATCH_LOCK, |s| deliver(out, s, rule, format))? {
            return done;
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err(Error::DeliveryBusy);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `vigil status`: the queue's counts and the failed items with their errors.
///
/// # Errors
/// A database error.
pub fn status(url: &str) -> Result<(QueueStatus, Vec<(String, String)>)> {
    let store = PgStore::connect(url)?;
    Ok((store.queue_status()?, store.failed_work()?))
}
