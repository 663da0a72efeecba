//! `vigil recover`: a new store from what can still be read of a damaged one.
//!
//! Every readable document is stored again with its text, source and dates, and its events are
//! extracted again from that text (captions are not kept in the store, so sentences that were
//! captions are read as body text); watch rules with their deliveries, incident splits and
//! feeds are copied. A near-duplicate whose original was lost becomes an original. What could
//! not be read is listed. Then `vigil ingest` of the original inputs into the new store adds
//! back whatever was lost, and nothing twice.

use anyhow::{bail, Context, Result};
use std::collections::HashSet;
use std::path::Path;
use vigil_extract::{Extractor, Input};
use vigil_store::{SqliteStore, Store, StoredDoc};

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

/// Recovers `from` into the new store `to` (which must not exist).
///
/// # Errors
/// `to` exists, `from` cannot be opened at all, or writing `to` fails.
pub fn recover(from: &Path, to: &Path, x: &Extractor) -> Result<Recovered> {
    if to.exists() {
        bail!("{}: already exists; recover into a new file", to.display());
    }
    let mut store = SqliteStore::open(to)?;
    let mut out = Recovered::default();
    let mut kept: HashSet<String> = HashSet::new();
    let mut batch = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    let flush = |store: &mut SqliteStore, batch: &mut Vec<_>, out: &mut Recovered| {
        if batch.is_empty() {
            return Ok(());
        }
        let o = store.put_batch(batch)?;
        out.documents += o.inserted;
        out.events += o.events;
        batch.clear();
        anyhow::Ok(())
    };
    let salvaged = vigil_store::salvage(from, &mut |d: StoredDoc| {
        if failure.is_some() {
            return;
        }
        let input = Input {
            id: d.id.clone(),
            source: d.url.clone().unwrap_or_else(|| d.source.clone()),
            title: d.title.clone(),
            published: d.published,
            text: d.text.clone(),
            captions: Vec::new(),
        };
        let (doc, output) = x.extract_document(&input);
        let mut stored = d;
        stored.text = doc.text;
        if stored
            .duplicate_of
            .as_ref()
            .is_some_and(|o| !kept.contains(o))
        {
            stored.duplicate_of = None;
        }
        kept.insert(stored.id.clone());
        batch.push((stored, output));
        if batch.len() >= 64 {
            if let Err(e) = flush(&mut store, &mut batch, &mut out) {
                failure = Some(e);
            }
        }
    })
    .map_err(anyhow::Error::msg)?;
    if let Some(e) = failure {
        return Err(e);
    }
    flush(&mut store, &mut batch, &mut out)?;
    for (rule, delivered) in &salvaged.rules {
        store.put_watch_rule(rule)?;
        store.mark_delivered(&rule.name, delivered)?;
        out.rules += 1;
    }
    for s in &salvaged.splits {
        store
            .add_incident_split(s)
            .context("copying an incident split")?;
        out.splits += 1;
    }
    let now = crate::feeds::now();
    for f in &salvaged.feeds {
        store.put_feed(&f.url, f.every_secs, now)?;
        out.feeds += 1;
    }
    out.lost = salvaged.lost;
    Ok(out)
}
