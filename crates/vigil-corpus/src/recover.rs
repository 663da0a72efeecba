//! `vigil recover`: a new store from what can still be read of a damaged one.
//!
//! Every readable document is stored again with its text, source and dates, and its events are
//! extracted again from that text (captions are not kept in the store, so sentences that were
//! captions are read as body text); watch rules with their deliveries, incident splits and
//! feeds are copied. A near-duplicate whose original was lost becomes an original. What could
//! not be read is listed. Then `vigil ingest` of the original inputs into the new store adds
//! back whatever was lost, and nothing twice.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::path::Path;
use vigil_extract::{Extractor, Input};
use vigil_model::DocumentOutput;
use vigil_store::{SqliteStore, Store, StoredDoc};

/// Documents per transaction of the new store.
const BATCH: usize = 64;

/// What was recovered.
#[derive(Debug, Default)]
pub struct Recovered {
    /// Documents stored in the new store.
    pub documents: usize,
    /// Their events.
    pub events: usize,
    /// Watch rules copied.
    pub rules: usize,
    /// Incident splits copied.
    pub splits: usize,
    /// Feeds copied.
    pub feeds: usize,
    /// What could not be read.
    pub lost: Vec<String>,
}

/// The documents of the damaged store, extracted again, stored in batches.
struct Restorer<'a> {
    store: SqliteStore,
    extractor: &'a Extractor,
    recovered: Recovered,
    kept: HashSet<String>,
    batch: Vec<(StoredDoc, DocumentOutput)>,
    failure: Option<Error>,
}

impl Restorer<'_> {
    fn take(&mut self, doc: StoredDoc) {
        if self.failure.is_some() {
            return;
        }
        let input = Input {
            id: doc.id.clone(),
            source: doc.url.clone().unwrap_or_else(|| doc.source.clone()),
            title: doc.title.clone(),
            published: doc.published,
            text: doc.text.clone(),
            captions: Vec::new(),
        };
        let (extracted, output) = self.extractor.extract_document(&input);
        let mut stored = doc;
        stored.text = extracted.text;
        if stored
            .duplicate_of
            .as_ref()
            .is_some_and(|original| !self.kept.contains(original))
        {
            stored.duplicate_of = None;
        }
        self.kept.insert(stored.id.clone());
        self.batch.push((stored, output));
        if self.batch.len() >= BATCH {
            if let Err(e) = self.flush() {
                self.failure = Some(e);
            }
        }
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let o = self.store.put_batch(&self.batch)?;
        self.recovered.documents += o.inserted;
        self.recovered.events += o.events;
        self.batch.clear();
        Ok(())
    }
}

/// Recovers `from` into the new store `to` (which must not exist).
///
/// # Errors
/// `to` exists, `from` cannot be opened at all, or writing `to` fails.
pub fn recover(from: &Path, to: &Path, extractor: &Extractor) -> Result<Recovered> {
    if to.exists() {
        return Err(Error::RecoverTarget(to.display().to_string()));
    }
    let mut restorer = Restorer {
        store: SqliteStore::open(to)?,
        extractor,
        recovered: Recovered::default(),
        kept: HashSet::new(),
        batch: Vec::new(),
        failure: None,
    };
    let salvaged = vigil_store::salvage(from, &mut |doc| restorer.take(doc))?;
    if let Some(e) = restorer.failure.take() {
        return Err(e);
    }
    restorer.flush()?;
    let Restorer {
        mut store,
        recovered: mut out,
        ..
    } = restorer;
    for (rule, delivered) in &salvaged.rules {
        store.put_watch_rule(rule)?;
        store.mark_delivered(&rule.name, delivered)?;
        out.rules += 1;
    }
    for split in &salvaged.splits {
        store.add_incident_split(split).map_err(Error::CopySplit)?;
        out.splits += 1;
    }
    let now = crate::feeds::now();
    for feed in &salvaged.feeds {
        store.put_feed(&feed.url, feed.every_secs, now)?;
        out.feeds += 1;
    }
    out.lost = salvaged.lost;
    Ok(out)
}
