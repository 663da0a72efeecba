//! `vigil ingest`: read inputs, extract, and store — idempotent and resumable.
//!
//! Each article gets an identity hash over its source and text: reading the same input again
//! finds it stored and skips it before extraction, so a run stopped at any point (even by
//! `kill -9`) is resumed by running the same command again. Documents are written in batches,
//! each one transaction: a crash loses at most the batch in flight, which the next run redoes.
//! An article whose text nearly duplicates a stored one (a syndicated copy, or the same story
//! under another URL) is stored as a duplicate of it, so its events are not counted again.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use vigil_extract::{Extractor, Input};
use vigil_ingest::dedup::{content_hash, distance, simhash, NEAR_DUPLICATE_BITS};
use vigil_ingest::source::{read_inputs, Options};
use vigil_ingest::{Article, IngestError};
use vigil_model::{Date, DocumentOutput};
use vigil_store::{Store, StoreError, StoredDoc};

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
    pub fn errors(&self) -> usize {
        self.rejected.values().sum()
    }
}

/// A stable document id: a readable stem of the source and the identity hash.
pub fn doc_id(source: &str, hash: &str) -> String {
    let name = source
        .rsplit(['/', '\\', '#'])
        .find(|s| !s.is_empty())
        .unwrap_or("doc");
    let stem: String = name
        .split('.')
        .next()
        .unwrap_or("doc")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect();
    let stem = if stem.is_empty() || stem == "-" {
        "doc".to_string()
    } else {
        stem
    };
    format!("{stem}-{}", &hash[..12])
}

/// An article as the extractor's input. `published` is used when the article has no date.
pub fn to_input(a: &Article, id: &str, published: Option<Date>) -> Input {
    let (text, captions) = a.text_and_captions();
    Input {
        id: id.to_string(),
        source: a.url.clone().unwrap_or_else(|| a.source.clone()),
        title: a.title.clone(),
        published: a.published.or(published),
        text,
        captions,
    }
}

/// The pipeline, reusable by the benchmark: extract one article into a storable pair, or say
/// it is already stored.
pub struct Pipeline<'a> {
    /// The extractor.
    pub x: &'a Extractor,
    /// Publication date for articles without one.
    pub published: Option<Date>,
}

impl Pipeline<'_> {
    /// Hashes, extracts and fingerprints one article.
    pub fn prepare(&self, a: &Article) -> (StoredDoc, DocumentOutput) {
        self.prepare_hashed(a, &Self::identity(a))
    }

    /// [`Pipeline::prepare`] with the identity hash already computed.
    pub fn prepare_hashed(&self, a: &Article, hash: &str) -> (StoredDoc, DocumentOutput) {
        let source = a.url.clone().unwrap_or_else(|| a.source.clone());
        let id = doc_id(&source, hash);
        let input = to_input(a, &id, self.published);
        let (doc, out) = self.x.extract_document(&input);
        let mut stored = StoredDoc::new(&id, &a.source, hash, simhash(&a.body_text()), &doc.text);
        stored.url = a.url.clone();
        stored.title = a.title.clone().or(doc.title.clone());
        stored.author = a.author.clone();
        stored.published = input.published;
        stored.modified = a.modified;
        stored.site_name = a.site_name.clone();
        stored.language = a.language.clone();
        stored.retrieved = a.retrieved;
        (stored, out)
    }

    /// The identity hash of an article (source and text), as [`Pipeline::prepare`] computes it.
    pub fn identity(a: &Article) -> String {
        let source = a.url.clone().unwrap_or_else(|| a.source.clone());
        content_hash(&format!("{source}\n{}", a.text()))
    }
}

/// Where a reader hands each article or error it reads.
pub type Sink<'a> = dyn FnMut(Result<Article, IngestError>) + 'a;

/// Runs `vigil ingest`.
pub fn run(
    store: &mut dyn Store,
    x: &Extractor,
    inputs: &[String],
    opts: &Options,
    published: Option<Date>,
    batch_size: usize,
) -> Result<Summary> {
    run_with(store, x, published, batch_size, true, &mut |sink| {
        read_inputs(inputs, opts, sink);
    })
}

/// Stores the articles `read` hands over (it calls its sink once per article or error), in
/// batches of `batch_size`; `progress` draws a progress bar and prints errors on stderr.
pub fn run_with(
    store: &mut dyn Store,
    x: &Extractor,
    published: Option<Date>,
    batch_size: usize,
    progress: bool,
    read: &mut dyn for<'s> FnMut(&'s mut Sink<'s>),
) -> Result<Summary> {
    let t0 = Instant::now();
    let target = if progress {
        ProgressDrawTarget::stderr_with_hz(4)
    } else {
        ProgressDrawTarget::hidden()
    };
    let pb = ProgressBar::with_draw_target(None, target);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} {pos} documents ({per_sec}) {msg}",
        )
        .expect("valid template"),
    );
    pb.enable_steady_tick(Duration::from_millis(250));
    let pipeline = Pipeline { x, published };
    let mut summary = Summary::default();
    let mut batch: Vec<(StoredDoc, DocumentOutput)> = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    let flush = |store: &mut dyn Store,
                 batch: &mut Vec<(StoredDoc, DocumentOutput)>,
                 summary: &mut Summary|
     -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let dups = batch
            .iter()
            .filter(|(d, _)| d.duplicate_of.is_some())
            .count();
        match store.put_batch(batch) {
            Ok(o) => {
                summary.stored += o.inserted;
                summary.unchanged += o.unchanged;
                summary.events += o.events;
                summary.duplicates += dups.min(o.inserted);
            }
            // One document the store refuses (the batch was rolled back): store the others
            // one by one and reject that one by name.
            Err(StoreError::InvalidDocument { .. }) => {
                for one in batch.iter() {
                    match store.put_batch(std::slice::from_ref(one)) {
                        Ok(o) => {
                            summary.stored += o.inserted;
                            summary.unchanged += o.unchanged;
                            summary.events += o.events;
                            summary.duplicates +=
                                usize::from(one.0.duplicate_of.is_some() && o.inserted > 0);
                        }
                        Err(e @ StoreError::InvalidDocument { .. }) => {
                            *summary.rejected.entry("store_refused").or_default() += 1;
                            summary.documents.retain(|d| *d != one.0.id);
                            summary
                                .rejections
                                .push((one.0.source.clone(), e.to_string()));
                            if progress {
                                eprintln!("vigil: {}: {e}", one.0.source);
                            }
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            Err(e) => return Err(e.into()),
        }
        batch.clear();
        Ok(())
    };
    read(&mut |item: Result<Article, IngestError>| {
        if failure.is_some() {
            return;
        }
        let step = || -> Result<()> {
            match item {
                Err(e) => {
                    *summary.rejected.entry(e.cause.reason()).or_default() += 1;
                    summary.rejections.push((e.item.clone(), e.to_string()));
                    if progress {
                        pb.suspend(|| eprintln!("vigil: {e}"));
                    }
                }
                Ok(a) => {
                    summary.read += 1;
                    pb.inc(1);
                    let hash = Pipeline::identity(&a);
                    if let Some(id) = store.has_hash(&hash)?.or_else(|| {
                        batch
                            .iter()
                            .find(|(d, _)| d.content_hash == hash)
                            .map(|(d, _)| d.id.clone())
                    }) {
                        summary.unchanged += 1;
                        summary.documents.push(id);
                    } else {
                        let (mut doc, out) = pipeline.prepare_hashed(&a, &hash);
                        summary.documents.push(doc.id.clone());
                        // The original: stored already, or earlier in this batch.
                        // Another process may have stored this very document since the hash
                        // lookup: then it is its own nearest neighbour, and the store counts it
                        // unchanged by its content hash.
                        doc.duplicate_of =
                            match store.near_duplicate(doc.simhash, NEAR_DUPLICATE_BITS)? {
                                Some(id) if id == doc.id => None,
                                Some(id) => Some(id),
                                None => batch
                                    .iter()
                                    .filter(|(d, _)| d.duplicate_of.is_none())
                                    .find(|(d, _)| {
                                        distance(d.simhash, doc.simhash) <= NEAR_DUPLICATE_BITS
                                    })
                                    .map(|(d, _)| d.id.clone()),
                            };
                        batch.push((doc, out));
                        if batch.len() >= batch_size {
                            flush(store, &mut batch, &mut summary)?;
                        }
                    }
                }
            }
            pb.set_message(format!(
                "· {} stored · {} events · {} unchanged · {} errors",
                summary.stored,
                summary.events,
                summary.unchanged,
                summary.errors()
            ));
            Ok(())
        };
        if let Err(e) = step() {
            failure = Some(e);
        }
    });
    if let Some(e) = failure {
        pb.finish_and_clear();
        return Err(e);
    }
    flush(store, &mut batch, &mut summary)?;
    pb.finish_and_clear();
    summary.elapsed = t0.elapsed();
    Ok(summary)
}

/// Prints the closing summary.
pub fn print_summary(s: &Summary, location: &str) {
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    println!(
        "{} articles read in {:.1} s ({:.0}/s): {} stored ({} near-duplicates), {} already stored, {} events, into {location}",
        s.read,
        secs,
        s.read as f64 / secs,
        s.stored,
        s.duplicates,
        s.unchanged,
        s.events
    );
    if s.errors() > 0 {
        let parts: Vec<String> = s.rejected.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("{} rejected: {}", s.errors(), parts.join(", "));
    }
}
