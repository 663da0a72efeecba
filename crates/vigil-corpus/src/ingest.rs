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
//! **Threads.** With [`IngestOptions::threads`] above one, the inputs are read (and hashed) on
//! a thread of their own, and articles are fingerprinted and extracted on that many threads
//! while the calling thread stores: extraction is a pure function of the article, so it may
//! run ahead. What is stored is still decided on the calling thread, item by item in input
//! order, just before the item joins its batch, against the store as it is then — exactly as
//! one thread decides: whether it is stored already (or earlier in the batch), which original
//! it nearly duplicates, where batches end, what the store refuses. So the store is the same,
//! byte for byte, whatever the number of threads, and a run stopped at any point is resumed as
//! before. (An article found stored before extraction is not extracted; one stored while it
//! was being extracted — a repeat within the run — is extracted for nothing.)
//!
//! **Steps.** [`Staged`] runs the same ingest in steps, so that a caller holds a store handle
//! only for the steps that use it: read and extract without one, look up and write with one.
//! Its items are decided as the run on several threads decides them, so it stores the same.

use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::language;
use crate::pipeline::Pipeline;
use std::collections::BTreeMap;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use vigil_ingest::dedup::NEAR_DUPLICATE_BITS;
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
    /// Documents stored in a language Vigil does not read yet, by language code.
    pub unread: BTreeMap<String, usize>,
    /// Each of them: (document id, language code).
    pub unread_documents: Vec<(String, String)>,
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
    /// A document was stored in a language Vigil does not read yet: the line that says which
    /// ([`crate::language::notice`]).
    NotRead(&'a str),
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
    // Documents stored before Vigil detected languages get theirs first.
    language::detect_stored(store)?;
    let mut batcher = Batcher::new(store, pipeline, &options, progress);
    if options.threads <= 1 {
        read(&mut |item| batcher.take(item));
    } else {
        parallel(&mut batcher, options.threads, read);
    }
    let mut summary = batcher.finish()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// An ingest in steps, for a caller that should hold a store handle only while it uses it: a
/// server whose few handles serve every request would keep one from all the others for as long
/// as an upload is fetched and extracted. [`Staged::read`] reads (fetching a URL) without the
/// store; [`Staged::find_stored`] looks up which articles are stored already, so that they are
/// not extracted; [`Staged::extract`] extracts the others without the store; [`Staged::store`]
/// decides and writes.
///
/// What is stored is what [`ingest`] stores from the same items: each item is decided at
/// [`Staged::store`], in input order, against the store as it is then, as the run on several
/// threads decides an extraction made ahead (an article stored since it was looked up, by
/// another writer or earlier in the same items, is counted unchanged; its extraction is
/// dropped).
pub struct Staged {
    items: Vec<Stage>,
    started: Instant,
}

/// One item of a [`Staged`] ingest, as far as it has gone.
enum Stage {
    /// Read, neither looked up nor extracted.
    Read(Box<Identified>),
    /// Looked up or extracted (or rejected when read).
    Done(Outcome),
}

impl Staged {
    /// Reads every item `read` hands over, without a store.
    pub fn read(read: &mut Reader<'_>) -> Staged {
        let started = Instant::now();
        let mut items = Vec::new();
        read(&mut |item| {
            items.push(match item {
                Ok(article) => Stage::Read(Box::new(Identified::new(article))),
                Err(e) => Stage::Done(Outcome::Rejected(e)),
            });
        });
        Staged { items, started }
    }

    /// Marks the articles `store` holds already (by their hash, or the hash an older Vigil
    /// gave them): they are not extracted. Reads only.
    ///
    /// # Errors
    /// A store failure.
    pub fn find_stored(&mut self, store: &dyn Store) -> Result<()> {
        for item in &mut self.items {
            if let Stage::Read(identified) = item {
                if let Some(id) = stored_id(store, &identified.identity)? {
                    *item = Stage::Done(Outcome::Stored(id));
                }
            }
        }
        Ok(())
    }

    /// Extracts every article not found stored, without a store.
    pub fn extract(&mut self, pipeline: Pipeline<'_>) {
        for item in &mut self.items {
            if let Stage::Read(identified) = item {
                let pair = pipeline.prepare_identified(&identified.article, &identified.identity);
                *item = Stage::Done(Outcome::Extracted(Box::new(pair)));
            }
        }
    }

    /// Decides every item in input order against `store` as it is now, and writes the new
    /// documents in batches, as [`ingest`] does (an article not extracted yet is looked up and
    /// extracted here); `progress` hears of each item.
    ///
    /// # Errors
    /// As [`ingest`].
    pub fn store(
        self,
        store: &mut dyn Store,
        pipeline: Pipeline<'_>,
        options: IngestOptions,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<Summary> {
        language::detect_stored(store)?;
        let mut batcher = Batcher::new(store, pipeline, &options, progress);
        for item in self.items {
            let decided = match item {
                Stage::Read(identified) => batcher.extract_unless_stored(*identified),
                Stage::Done(outcome) => batcher.recheck(outcome),
            }
            .and_then(|outcome| batcher.decide(outcome));
            if let Err(e) = decided {
                batcher.failure = Some(e);
                break;
            }
        }
        let mut summary = batcher.finish()?;
        summary.elapsed = self.started.elapsed();
        Ok(summary)
    }
}

/// An article with its identity (what the store knows it by).
struct Identified {
    article: Article,
    identity: Identity,
}

impl Identified {
    fn new(article: Article) -> Identified {
        Identified {
            identity: Identity::of(&article),
            article,
        }
    }
}

/// What an item read comes to before it is decided on, in input order.
enum Outcome {
    /// It could not be read.
    Rejected(IngestError),
    /// It was found stored before extraction: its document id.
    Stored(String),
    /// Its extraction, ready to store.
    Extracted(Box<(StoredDoc, DocumentOutput)>),
    /// Its extraction panicked (the panic goes on on the deciding thread).
    Panicked(Box<dyn std::any::Any + Send>),
}

/// Decides, in input order, what each item becomes, and stores the batches.
struct Batcher<'s, 'p> {
    store: &'s mut dyn Store,
    pipeline: Pipeline<'p>,
    batch_size: usize,
    summary: Summary,
    batch: Vec<(StoredDoc, DocumentOutput)>,
    progress: &'s mut dyn FnMut(Progress<'_>),
    failure: Option<Error>,
}

impl<'s, 'p> Batcher<'s, 'p> {
    /// A batcher that writes to `store` in batches of `options.batch_size`.
    fn new(
        store: &'s mut dyn Store,
        pipeline: Pipeline<'p>,
        options: &IngestOptions,
        progress: &'s mut dyn FnMut(Progress<'_>),
    ) -> Self {
        Batcher {
            store,
            pipeline,
            batch_size: options.batch_size.max(1),
            summary: Summary::default(),
            batch: Vec::new(),
            progress,
            failure: None,
        }
    }
    /// One item, read, extracted (if new) and decided here (one thread).
    fn take(&mut self, item: Result<Article, IngestError>) {
        if self.failure.is_some() {
            return;
        }
        let outcome = match item {
            Err(e) => Ok(Outcome::Rejected(e)),
            Ok(article) => self.extract_unless_stored(Identified::new(article)),
        };
        if let Err(e) = outcome.and_then(|o| self.decide(o)) {
            self.failure = Some(e);
        }
    }

    /// The item's outcome: stored already (the store has its hash, or the batch has), else
    /// extracted.
    fn extract_unless_stored(&mut self, item: Identified) -> Result<Outcome> {
        let stored = match self.stored_as(&item.identity.hash)? {
            Some(id) => Some(id),
            None => legacy_stored(self.store, &item.identity)?,
        };
        Ok(match stored {
            Some(id) => Outcome::Stored(id),
            None => Outcome::Extracted(Box::new(
                self.pipeline
                    .prepare_identified(&item.article, &item.identity),
            )),
        })
    }

    /// An extraction made ahead, as the item stands now: stored meanwhile (a repeat within
    /// the run, stored or batched since it was read) or still new.
    fn recheck(&self, outcome: Outcome) -> Result<Outcome> {
        Ok(match outcome {
            Outcome::Extracted(pair) => match self.stored_as(&pair.0.content_hash)? {
                Some(id) => Outcome::Stored(id),
                None => Outcome::Extracted(pair),
            },
            other => other,
        })
    }

    /// Decides what an item becomes (the next one in input order, checked against the store
    /// as it is now).
    fn decide(&mut self, outcome: Outcome) -> Result<()> {
        match outcome {
            Outcome::Rejected(e) => {
                let line = e.to_string();
                self.reject(e.cause.reason(), e.item, line);
            }
            Outcome::Stored(id) => {
                self.summary.read += 1;
                self.unchanged(id);
            }
            Outcome::Extracted(pair) => {
                self.summary.read += 1;
                self.admit(*pair)?;
            }
            Outcome::Panicked(panic) => std::panic::resume_unwind(panic),
        }
        (self.progress)(Progress::Read(&self.summary));
        Ok(())
    }

    fn unchanged(&mut self, id: String) {
        self.summary.unchanged += 1;
        self.summary.documents.push(id);
    }

    fn reject(&mut self, reason: &'static str, item: String, message: String) {
        *self.summary.rejected.entry(reason).or_default() += 1;
        (self.progress)(Progress::Rejected(&message));
        self.summary.rejections.push((item, message));
    }

    /// Adds a new document to the batch with the original it nearly duplicates; stores the
    /// batch when full.
    fn admit(&mut self, (mut doc, out): (StoredDoc, DocumentOutput)) -> Result<()> {
        doc.duplicate_of = self.original_of(&doc.id, doc.simhash)?;
        self.summary.documents.push(doc.id.clone());
        if let Some(code) = doc.language.as_deref().filter(|c| !language::is_read(c)) {
            *self.summary.unread.entry(code.to_string()).or_default() += 1;
            self.summary
                .unread_documents
                .push((doc.id.clone(), code.to_string()));
            let item = doc.url.as_deref().unwrap_or(&doc.source);
            let line = language::notice(item, code, out.events.len());
            (self.progress)(Progress::NotRead(&line));
        }
        self.batch.push((doc, out));
        if self.batch.len() >= self.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    /// The id under which a document of this hash is stored or in the batch.
    fn stored_as(&self, hash: &str) -> Result<Option<String>> {
        Ok(self.store.has_hash(hash)?.or_else(|| {
            self.batch
                .iter()
                .find(|(doc, _)| doc.content_hash == hash)
                .map(|(doc, _)| doc.id.clone())
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
                    .batch
                    .iter()
                    .filter(|(doc, _)| doc.duplicate_of.is_none())
                    .find(|(doc, _)| hamming(doc.simhash, fingerprint) <= NEAR_DUPLICATE_BITS)
                    .map(|(doc, _)| doc.id.clone()),
            },
        )
    }

    /// Stores the batch, one transaction.
    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let duplicates = batch
            .iter()
            .filter(|(doc, _)| doc.duplicate_of.is_some())
            .count();
        match self.store.put_batch(&batch) {
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

/// A numbered item for an extraction thread.
type Job = (u64, Identified);

/// Items in flight (read and not yet decided) at most, per batch of the run.
const AHEAD_BATCHES: usize = 4;

/// The run on several threads: the reader on one, extraction on `threads`, decisions and the
/// store on this one, each item decided in input order.
fn parallel(batcher: &mut Batcher<'_, '_>, threads: usize, read: &mut Reader<'_>) {
    let ahead = batcher.batch_size.saturating_mul(AHEAD_BATCHES);
    let pipeline = batcher.pipeline;
    std::thread::scope(|scope| {
        let (send_read, read_items) = sync_channel(ahead);
        scope.spawn(move || {
            // A send fails only when ingest stopped on an error: the rest is not wanted.
            read(&mut |item| {
                let _ = send_read.send(item.map(Identified::new));
            });
        });
        let (send_job, jobs) = channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        let (send_done, done) = channel();
        for _ in 0..threads {
            let jobs = Arc::clone(&jobs);
            let send_done: Sender<(u64, Outcome)> = send_done.clone();
            scope.spawn(move || extract_jobs(pipeline, &jobs, &send_done));
        }
        drop(send_done);
        let mut order = InOrder::default();
        for item in read_items {
            let seq = order.assign();
            let outcome = match item {
                Err(e) => Some(Outcome::Rejected(e)),
                Ok(identified) => match stored_id(batcher.store, &identified.identity) {
                    Ok(Some(id)) => Some(Outcome::Stored(id)),
                    Ok(None) => {
                        let _ = send_job.send((seq, identified));
                        None
                    }
                    Err(e) => {
                        batcher.failure = Some(e.into());
                        break;
                    }
                },
            };
            if let Some(outcome) = outcome {
                order.arrived(seq, outcome);
            }
            order.decide_ready(batcher, &done, ahead);
            if batcher.failure.is_some() {
                break;
            }
        }
        drop(send_job);
        order.decide_ready(batcher, &done, 0);
    });
}

/// The id under which the store holds an article, by its hash or by the one an older Vigil
/// gave it.
fn stored_id(store: &dyn Store, identity: &Identity) -> vigil_store::Result<Option<String>> {
    match store.has_hash(&identity.hash)? {
        Some(id) => Ok(Some(id)),
        None => legacy_stored(store, identity),
    }
}

/// The id under which an older Vigil stored an article (it hashed the whole path).
fn legacy_stored(store: &dyn Store, identity: &Identity) -> vigil_store::Result<Option<String>> {
    match &identity.legacy_hash {
        Some(h) => store.has_hash(h),
        None => Ok(None),
    }
}

/// Extraction threads: take the next job, extract, hand the result back.
fn extract_jobs(
    pipeline: Pipeline<'_>,
    jobs: &Mutex<Receiver<Job>>,
    done: &Sender<(u64, Outcome)>,
) {
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok((seq, item)) = job else {
            return;
        };
        let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipeline.prepare_identified(&item.article, &item.identity)
        }));
        let outcome = match extracted {
            Ok(pair) => Outcome::Extracted(Box::new(pair)),
            Err(panic) => Outcome::Panicked(panic),
        };
        if done.send((seq, outcome)).is_err() {
            return;
        }
    }
}

/// Outcomes arriving in any order, decided in input order.
#[derive(Default)]
struct InOrder {
    assigned: u64,
    next: u64,
    arrived: BTreeMap<u64, Outcome>,
}

impl InOrder {
    /// The number of the next item read.
    fn assign(&mut self) -> u64 {
        self.assigned += 1;
        self.assigned - 1
    }

    fn arrived(&mut self, seq: u64, outcome: Outcome) {
        self.arrived.insert(seq, outcome);
    }

    /// Decides every item whose turn has come; waits for extractions while more than `ahead`
    /// items are in flight (with `ahead` 0: until every item is decided).
    fn decide_ready(
        &mut self,
        batcher: &mut Batcher<'_, '_>,
        done: &Receiver<(u64, Outcome)>,
        ahead: usize,
    ) {
        loop {
            while let Ok((seq, outcome)) = done.try_recv() {
                self.arrived(seq, outcome);
            }
            while let Some(outcome) = self.arrived.remove(&self.next) {
                self.next += 1;
                if batcher.failure.is_none() {
                    let decided = batcher
                        .recheck(outcome)
                        .and_then(|outcome| batcher.decide(outcome));
                    if let Err(e) = decided {
                        batcher.failure = Some(e);
                    }
                }
            }
            let in_flight = usize::try_from(self.assigned - self.next).unwrap_or(usize::MAX);
            if in_flight <= ahead || in_flight == 0 {
                return;
            }
            match done.recv() {
                Ok((seq, outcome)) => self.arrived(seq, outcome),
                // Every extraction thread ended (a panic): nothing more will arrive.
                Err(_) => return,
            }
        }
    }
}
