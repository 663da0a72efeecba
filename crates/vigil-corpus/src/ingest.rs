//! The ingest pipeline: read → identity → extract → near-duplicate → batch, idempotent and
//! resumable, on as many threads as asked.
//!
//! Each article gets an identity hash over its source and text ([`crate::identity`]): reading
//! the same input again finds it stored and skips it before extraction, so a run stopped at any
//! point (even by `kill -9`) is resumed by running the same command again. Documents are written
//! in batches, each one transaction: a crash loses at most the batch in flight, which the next
//! run redoes. An article whose text nearly duplicates a stored one (a syndicated copy, or the
//! same story under another URL) is stored as a duplicate of it, so its events are not counted
//! again.
//!
//! **Threads.** Everything that decides what is stored — the hash lookup, the near-duplicate
//! choice, the batch boundaries — runs on one thread in input order, against the store as a
//! one-thread run would see it. Only extraction, a pure function of the article, runs on
//! [`IngestOptions::threads`] threads, a batch at a time, and the batch is stored in input
//! order; with more than one thread the inputs are read on a thread of their own meanwhile. So
//! the store is the same, byte for byte, whatever the number of threads, and a run stopped at
//! any point is resumed as before.

use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::pipeline::Pipeline;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use vigil_ingest::dedup::{simhash, NEAR_DUPLICATE_BITS};
use vigil_ingest::source::{read_inputs, Options};
use vigil_ingest::{Article, IngestError};
use vigil_model::DocumentOutput;
use vigil_store::{hamming, Store, StoreError, StoredDoc};

/// Where a reader hands each article or error it reads.
pub type Sink<'a> = dyn FnMut(Result<Article, IngestError>) + 'a;

/// Reads articles: hands each article or error to the sink, in input order. It may run on a
/// thread of its own.
pub type Reader<'r> = dyn FnMut(&mut Sink<'_>) + Send + 'r;

/// What one run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Articles read.
    pub read: usize,
    /// Documents written.
    pub stored: usize,
    /// Of which near-duplicates of another document.
    pub duplicates: usize,
    /// Articles already stored (skipped).
    pub unchanged: usize,
    /// Events written.
    pub events: usize,
    /// Rejected items by reason.
    pub rejected: BTreeMap<&'static str, usize>,
    /// Each rejected item with its message.
    pub rejections: Vec<(String, String)>,
    /// Ids of the documents stored or found stored, in input order.
    pub documents: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

impl Summary {
    /// Items rejected in all.
    #[must_use]
    pub fn errors(&self) -> usize {
        self.rejected.values().sum()
    }
}

/// What a run reports as it goes (the CLI draws its progress bar from it).
#[derive(Debug)]
pub enum Progress<'a> {
    /// An item was read (an article or an error); the counts so far.
    Read(&'a Summary),
    /// An item was rejected: the line that says which and why.
    Rejected(&'a str),
}

/// How a run goes.
#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// Documents per transaction.
    pub batch_size: usize,
    /// Extraction threads (1: everything on the calling thread).
    pub threads: usize,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            batch_size: 256,
            threads: 1,
        }
    }
}

impl IngestOptions {
    /// Batches of `batch_size` on one thread.
    #[must_use]
    pub fn batches_of(batch_size: usize) -> IngestOptions {
        IngestOptions {
            batch_size,
            threads: 1,
        }
    }
}

/// The machine's cores (the default number of extraction threads).
#[must_use]
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Reads `inputs` (files, directories, URLs, `-`) and stores them: `vigil ingest`.
///
/// # Errors
/// A store failure (the batch in flight is rolled back; what was committed stays). Items that
/// cannot be read or stored are counted in the summary, not errors.
pub fn ingest_inputs(
    store: &mut dyn Store,
    pipeline: Pipeline<'_>,
    options: IngestOptions,
    inputs: &[String],
    read: &Options,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Summary> {
    ingest(
        store,
        pipeline,
        options,
        &mut |sink: &mut Sink<'_>| read_inputs(inputs, read, sink),
        progress,
    )
}

/// Stores the articles `read` hands over, in batches; `progress` hears of each item.
///
/// # Errors
/// As [`ingest_inputs`].
pub fn ingest(
    store: &mut dyn Store,
    pipeline: Pipeline<'_>,
    options: IngestOptions,
    read: &mut Reader<'_>,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Summary> {
    let started = Instant::now();
    let mut batcher = Batcher {
        store,
        pipeline,
        options: IngestOptions {
            batch_size: options.batch_size.max(1),
            threads: options.threads.max(1),
        },
        summary: Summary::default(),
        waiting: Vec::new(),
        progress,
        failure: None,
    };
    if batcher.options.threads == 1 {
        read(&mut |item| batcher.take(item));
    } else {
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel(batcher.options.batch_size);
            scope.spawn(move || {
                // A send fails only when ingest stopped on an error: the rest is not wanted.
                read(&mut |item| {
                    let _ = send.send(item);
                });
            });
            for item in receive {
                batcher.take(item);
                if batcher.failure.is_some() {
                    break;
                }
            }
        });
    }
    let mut summary = batcher.finish()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// An article admitted for storing, waiting for its batch to be extracted.
struct Waiting {
    article: Article,
    identity: Identity,
    fingerprint: u64,
    duplicate_of: Option<String>,
}

/// Decides, in input order, what each item becomes, and stores the batches.
struct Batcher<'s, 'p> {
    store: &'s mut dyn Store,
    pipeline: Pipeline<'p>,
    options: IngestOptions,
    summary: Summary,
    waiting: Vec<Waiting>,
    progress: &'s mut dyn FnMut(Progress<'_>),
    failure: Option<Error>,
}

impl Batcher<'_, '_> {
    fn take(&mut self, item: Result<Article, IngestError>) {
        if self.failure.is_some() {
            return;
        }
        if let Err(e) = self.step(item) {
            self.failure = Some(e);
        }
    }

    fn step(&mut self, item: Result<Article, IngestError>) -> Result<()> {
        match item {
            Err(e) => {
                let line = e.to_string();
                self.reject(e.cause.reason(), e.item, line);
            }
            Ok(article) => {
                self.summary.read += 1;
                self.admit(article)?;
            }
        }
        (self.progress)(Progress::Read(&self.summary));
        Ok(())
    }

    fn reject(&mut self, reason: &'static str, item: String, message: String) {
        *self.summary.rejected.entry(reason).or_default() += 1;
        (self.progress)(Progress::Rejected(&message));
        self.summary.rejections.push((item, message));
    }

    /// Skips an article already stored (or waiting), else queues it with its original.
    fn admit(&mut self, article: Article) -> Result<()> {
        let identity = Identity::of(&article);
        if let Some(id) = self.stored_as(&identity.hash)? {
            self.summary.unchanged += 1;
            self.summary.documents.push(id);
            return Ok(());
        }
        let fingerprint = simhash(&article.body_text());
        let duplicate_of = self.original_of(&identity.id, fingerprint)?;
        self.summary.documents.push(identity.id.clone());
        self.waiting.push(Waiting {
            article,
            identity,
            fingerprint,
            duplicate_of,
        });
        if self.waiting.len() >= self.options.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    /// The id under which an article of this hash is stored or waiting.
    fn stored_as(&self, hash: &str) -> Result<Option<String>> {
        Ok(self.store.has_hash(hash)?.or_else(|| {
            self.waiting
                .iter()
                .find(|w| w.identity.hash == hash)
                .map(|w| w.identity.id.clone())
        }))
    }

    /// The original a new document nearly duplicates: stored already, or earlier in this
    /// batch. Another process may have stored this very document since the hash lookup: then
    /// it is its own nearest neighbour, and the store counts it unchanged by its content hash.
    fn original_of(&self, id: &str, fingerprint: u64) -> Result<Option<String>> {
        Ok(
            match self
                .store
                .near_duplicate(fingerprint, NEAR_DUPLICATE_BITS)?
            {
                Some(found) if found == id => None,
                Some(found) => Some(found),
                None => self
                    .waiting
                    .iter()
                    .filter(|w| w.duplicate_of.is_none())
                    .find(|w| hamming(w.fingerprint, fingerprint) <= NEAR_DUPLICATE_BITS)
                    .map(|w| w.identity.id.clone()),
            },
        )
    }

    /// Extracts the waiting articles and stores them, one transaction.
    fn flush(&mut self) -> Result<()> {
        if self.waiting.is_empty() {
            return Ok(());
        }
        let batch = extract_waiting(self.pipeline, &self.waiting, self.options.threads);
        self.waiting.clear();
        self.store_batch(&batch)
    }

    fn store_batch(&mut self, batch: &[(StoredDoc, DocumentOutput)]) -> Result<()> {
        let duplicates = batch
            .iter()
            .filter(|(doc, _)| doc.duplicate_of.is_some())
            .count();
        match self.store.put_batch(batch) {
            Ok(o) => {
                self.summary.stored += o.inserted;
                self.summary.unchanged += o.unchanged;
                self.summary.events += o.events;
                self.summary.duplicates += duplicates.min(o.inserted);
                Ok(())
            }
            // One document the store refuses (the batch was rolled back): store the others
            // one by one and reject that one by name.
            Err(StoreError::InvalidDocument { .. }) => {
                batch.iter().try_for_each(|pair| self.store_one(pair))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn store_one(&mut self, pair: &(StoredDoc, DocumentOutput)) -> Result<()> {
        let doc = &pair.0;
        match self.store.put_batch(std::slice::from_ref(pair)) {
            Ok(o) => {
                self.summary.stored += o.inserted;
                self.summary.unchanged += o.unchanged;
                self.summary.events += o.events;
                self.summary.duplicates +=
                    usize::from(doc.duplicate_of.is_some() && o.inserted > 0);
                Ok(())
            }
            Err(e @ StoreError::InvalidDocument { .. }) => {
                self.summary.documents.retain(|id| *id != doc.id);
                let line = format!("{}: {e}", doc.source);
                *self.summary.rejected.entry("store_refused").or_default() += 1;
                (self.progress)(Progress::Rejected(&line));
                self.summary
                    .rejections
                    .push((doc.source.clone(), e.to_string()));
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Stores what is left; the first failure, if any.
    fn finish(mut self) -> Result<Summary> {
        if let Some(e) = self.failure.take() {
            return Err(e);
        }
        self.flush()?;
        Ok(self.summary)
    }
}

/// Extracts the waiting articles on `threads` threads (the calling one among them); the
/// results in the articles' order.
fn extract_waiting(
    pipeline: Pipeline<'_>,
    waiting: &[Waiting],
    threads: usize,
) -> Vec<(StoredDoc, DocumentOutput)> {
    let prepare = |w: &Waiting| {
        let (mut doc, out) = pipeline.prepare_fingerprinted(&w.article, &w.identity, w.fingerprint);
        doc.duplicate_of.clone_from(&w.duplicate_of);
        (doc, out)
    };
    let threads = threads.clamp(1, waiting.len().max(1));
    if threads == 1 {
        return waiting.iter().map(prepare).collect();
    }
    // Each thread takes the next article not yet taken, so long articles even out.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(w) = waiting.get(index) else {
                return done;
            };
            done.push((index, prepare(w)));
        }
    };
    let mut done: Vec<(usize, (StoredDoc, DocumentOutput))> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            all.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, pair)| pair).collect()
}
