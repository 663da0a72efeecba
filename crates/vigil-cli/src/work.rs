//! Many workers, one PostgreSQL corpus: `vigil enqueue`, `vigil worker`, `vigil status`.
//!
//! `enqueue` puts work items in the database: each file with its bytes (so a worker on
//! another machine needs no shared disk), each URL as its address (the worker fetches it). A
//! worker claims a few items at a time under a lease (`FOR UPDATE SKIP LOCKED`), runs the same
//! pipeline as `vigil ingest` on them, stores the results and marks the items done. Nothing is
//! lost: an item whose worker dies (or hangs past its lease) is claimed again when the lease
//! expires. Nothing is doubled: a document is stored once per content hash, in one
//! transaction with its events, so an item done twice stores nothing the second time.
//! Incidents are computed by readers from the stored events, so workers racing cannot split or
//! merge them wrongly. A worker that loses the database (a restart) connects again, backing
//! off, and goes on.

use crate::ingest;
use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, Instant};
use vigil_extract::Extractor;
use vigil_ingest::source::{read_bytes, read_inputs, walk, Options};
use vigil_store::{PgStore, QueueStatus, Store, WorkItem};

/// Connects, retrying with backoff for up to `patience` (the server may be restarting).
fn connect(url: &str, patience: Duration) -> Result<PgStore> {
    let t0 = Instant::now();
    let mut wait = Duration::from_millis(100);
    loop {
        match PgStore::connect(url) {
            Ok(s) => return Ok(s),
            Err(e) if t0.elapsed() < patience => {
                eprintln!("vigil worker: {e}; again in {} ms", wait.as_millis());
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_secs(5));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// `vigil enqueue`: returns (added, already queued).
///
/// # Errors
/// An input that cannot be read, or a database error (then nothing is added).
pub fn enqueue(url: &str, inputs: &[String]) -> Result<(u64, u64)> {
    let mut items = Vec::new();
    let add_file = |items: &mut Vec<_>, path: &Path| -> Result<()> {
        let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
        let name = path.display().to_string();
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let key = format!("file:{name}:{hex}");
        items.push((key, name, Some(bytes)));
        Ok(())
    };
    for input in inputs {
        if vigil_ingest::fetch::is_url(input) {
            items.push((format!("url:{input}"), input.clone(), None));
            continue;
        }
        let path = Path::new(input);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files).with_context(|| input.clone())?;
            for f in files {
                add_file(&mut items, &f)?;
            }
        } else if path.is_file() {
            add_file(&mut items, path)?;
        } else {
            bail!("{input}: no such file, directory or URL");
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
    /// Deliver the watch rules' new matches (JSON lines on stdout, or their webhooks).
    pub watch: bool,
}

/// The advisory lock under which one worker at a time delivers watch matches ("VGWT").
const WATCH_LOCK: i64 = 0x5647_5754;

/// Feeds one worker polls per turn (the others take the rest).
const FEEDS_PER_TURN: usize = 2;

/// Processes one item: its articles through the ingest pipeline. `Ok((documents, events))`,
/// or `Err` with why nothing of it could be stored.
fn process(
    store: &mut PgStore,
    x: &Extractor,
    item: &WorkItem,
    read: &Options,
) -> Result<std::result::Result<(u64, u64), String>> {
    let mut reader = |sink: &mut dyn FnMut(
        Result<vigil_ingest::Article, vigil_ingest::IngestError>,
    )| {
        match &item.body {
            Some(bytes) => read_bytes(&item.name, None, bytes.clone(), read, sink),
            None => read_inputs(std::slice::from_ref(&item.name), read, sink),
        }
    };
    let s = ingest::run_with(store, x, None, 64, false, &mut reader)?;
    if s.stored + s.unchanged == 0 {
        if let Some((item, reason)) = s.rejections.first() {
            return Ok(Err(format!("{item}: {reason}")));
        }
    }
    Ok(Ok((s.stored as u64, s.events as u64)))
}

/// `vigil worker`: claims and processes work until stopped (or, with `until_empty`, until
/// nothing is queued or held). Returns the items this worker finished.
///
/// # Errors
/// When the database stays unreachable for a minute.
pub fn worker(url: &str, opts: &WorkerOptions) -> Result<u64> {
    let x = Extractor::new()?;
    let patience = Duration::from_secs(60);
    let mut store = connect(url, patience)?;
    let mut finished = 0;
    // The store revision whose watch matches this worker saw delivered (by itself or another).
    let mut watched: Option<u64> = None;
    // When watch matches were last looked at (none yet: at once).
    let mut last_watch: Option<Instant> = None;
    loop {
        let step = (|| -> Result<bool> {
            for p in crate::feeds::poll_due(&mut store, &x, &opts.read, FEEDS_PER_TURN)? {
                eprintln!("{}: feed {}", opts.name, crate::feeds::describe(&p));
            }
            if opts.watch && last_watch.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
                last_watch = Some(Instant::now());
                let revision = store.revision()?;
                if watched != Some(revision) {
                    // One worker delivers at a time; the others try again next turn.
                    let out = store.try_exclusive(WATCH_LOCK, |s| {
                        crate::watch::run(
                            &mut std::io::stdout().lock(),
                            s,
                            None,
                            crate::watch::Output::Jsonl,
                        )
                    })?;
                    if let Some(delivered) = out {
                        delivered?;
                        watched = Some(revision);
                    }
                }
            }
            let items = store.claim(&opts.name, opts.batch, opts.lease)?;
            if items.is_empty() {
                let q = store.queue_status()?;
                if opts.until_empty && q.queued + q.leased + q.stuck == 0 {
                    return Ok(false);
                }
                std::thread::sleep(opts.poll);
                return Ok(true);
            }
            for item in &items {
                let outcome = process(&mut store, &x, item, &opts.read)?;
                let what = match &outcome {
                    Ok((d, e)) => format!("{d} stored, {e} events"),
                    Err(why) => format!("failed (try {}): {why}", item.attempts),
                };
                if store.finish(item.seq, &opts.name, outcome)? {
                    finished += 1;
                    eprintln!("{}: item {} {}: {what}", opts.name, item.seq, item.name);
                } else {
                    eprintln!(
                        "{}: item {} {}: lease lost to another worker (its result stands)",
                        opts.name, item.seq, item.name
                    );
                }
            }
            Ok(true)
        })();
        match step {
            Ok(true) => {}
            Ok(false) => return Ok(finished),
            Err(e) => {
                // The database went away (or refused): connect again; items held are claimed
                // again when their leases expire.
                eprintln!("{}: {e:#}; connecting again", opts.name);
                std::thread::sleep(Duration::from_millis(200));
                store = connect(url, patience)?;
            }
        }
    }
}

/// `vigil watch run` on a PostgreSQL store: waits (up to a minute) for the lock under which
/// workers deliver, so a match is never delivered twice.
///
/// # Errors
/// A database error, the lock held for a minute, or a failed delivery record.
pub fn watch_exclusive(
    url: &str,
    out: &mut impl std::io::Write,
    rule: Option<&str>,
    format: crate::watch::Output,
) -> Result<bool> {
    let mut store = PgStore::connect(url)?;
    let t0 = Instant::now();
    loop {
        if let Some(done) =
            store.try_exclusive(WATCH_LOCK, |s| crate::watch::run(out, s, rule, format))?
        {
            return done;
        }
        if t0.elapsed() > Duration::from_secs(60) {
            bail!("a worker has been delivering watch matches for a minute; try again later");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `vigil status`.
///
/// # Errors
/// A database error.
pub fn status(url: &str) -> Result<(QueueStatus, Vec<(String, String)>)> {
    let store = PgStore::connect(url)?;
    Ok((store.queue_status()?, store.failed_work()?))
}
