//! Views derived from the whole corpus — incidents, the claim–assessment ledger — computed
//! once per store revision and shared by every request until a document or a split decision
//! is added (by this server or by another process writing to the same store).

use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use vigil_incident::{Incident, Incidents, LedgerEntry};
use vigil_model::{DocumentMeta, DocumentOutput, Role};
use vigil_store::{EventRecord, Query, Store, WatchRule};

/// Every original document's output with its source (the site name when known), in the
/// store's order.
///
/// # Errors
/// A store error.
pub fn corpus(store: &dyn Store) -> Result<Vec<(String, DocumentOutput)>> {
    let mut out = Vec::new();
    for d in store.documents(false)? {
        if let Some(o) = store.output(&d.id)? {
            out.push((d.site_name.clone().unwrap_or_else(|| d.source.clone()), o));
        }
    }
    Ok(out)
}

/// The store's split decisions, as [`Incidents::keep_apart`] takes them.
///
/// # Errors
/// A store error.
pub fn splits(store: &dyn Store) -> Result<Vec<Vec<BTreeSet<String>>>> {
    Ok(store
        .incident_splits()?
        .into_iter()
        .map(|s| s.into_iter().map(|g| g.into_iter().collect()).collect())
        .collect())
}

/// The incidents of the store's documents, with its split decisions.
///
/// # Errors
/// A store error.
pub fn incidents(store: &dyn Store) -> Result<(Vec<(String, DocumentOutput)>, Incidents)> {
    let docs = corpus(store)?;
    let mut inc = Incidents::new();
    for split in splits(store)? {
        inc.keep_apart(split);
    }
    for (s, d) in &docs {
        inc.add(s, d);
    }
    Ok((docs, inc))
}

/// The views of one store revision.
pub struct Views {
    /// The revision they were computed from.
    pub revision: u64,
    /// The corpus (`(source, output)` per original document).
    pub docs: Vec<(String, DocumentOutput)>,
    /// Document metadata by id.
    pub meta: HashMap<String, DocumentMeta>,
    /// Incidents, ordered by id's first report.
    pub incidents: Vec<Incident>,
    /// Index into `incidents` by incident id.
    pub by_id: HashMap<String, usize>,
    /// The incident of each event that belongs to one.
    pub incident_of: BTreeMap<String, String>,
    /// The ledger.
    pub ledger: Vec<LedgerEntry>,
    /// The split decisions.
    pub splits: Vec<Vec<BTreeSet<String>>>,
    changes: std::sync::OnceLock<Vec<vigil_incident::Change>>,
}

impl Views {
    /// Computes the views of `store` now.
    ///
    /// # Errors
    /// A store error.
    pub fn compute(store: &dyn Store) -> Result<Views> {
        let revision = store.revision()?;
        let (docs, inc) = incidents(store)?;
        let incidents = inc.incidents();
        let by_id = incidents
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.clone(), i))
            .collect();
        let ledger = vigil_incident::ledger(&docs, &inc);
        let meta = docs
            .iter()
            .map(|(_, d)| (d.document.id.clone(), d.document.clone()))
            .collect();
        Ok(Views {
            revision,
            meta,
            by_id,
            incident_of: vigil_incident::incident_of(&incidents),
            incidents,
            ledger,
            splits: splits(store)?,
            docs,
            changes: std::sync::OnceLock::new(),
        })
    }

    /// Story evolution (computed on first use: it replays the corpus document by document).
    pub fn changes(&self) -> &[vigil_incident::Change] {
        self.changes
            .get_or_init(|| vigil_incident::changes(&self.docs, &self.splits))
    }
}

/// A cache of [`Views`] (and of the store's counts) keyed by store revision.
#[derive(Default)]
pub struct ViewCache {
    current: std::sync::Mutex<Option<Arc<Views>>>,
    stats: std::sync::Mutex<Option<(u64, Arc<vigil_store::Stats>)>>,
}

impl ViewCache {
    /// The store's counts at its current revision (corpus-wide aggregates: cached).
    ///
    /// # Errors
    /// A store error.
    pub fn stats(&self, store: &dyn Store) -> Result<Arc<vigil_store::Stats>> {
        let revision = store.revision()?;
        let mut cached = self
            .stats
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, s)) = cached.as_ref().filter(|(r, _)| *r == revision) {
            return Ok(Arc::clone(s));
        }
        let s = Arc::new(store.stats()?);
        *cached = Some((revision, Arc::clone(&s)));
        Ok(s)
    }

    /// The views of the store's current revision: cached, or computed now (one computation at
    /// a time; others wait for it rather than repeat it).
    ///
    /// # Errors
    /// A store error.
    pub fn get(&self, store: &dyn Store) -> Result<Arc<Views>> {
        let revision = store.revision()?;
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = current.as_ref().filter(|v| v.revision == revision) {
            return Ok(Arc::clone(v));
        }
        let v = Arc::new(Views::compute(store)?);
        *current = Some(Arc::clone(&v));
        Ok(v)
    }
}

/// The stored events a watch rule matches, in the store's order.
///
/// # Errors
/// A bad full-text query, or a store error.
pub fn watch_matches(store: &dyn Store, rule: &WatchRule) -> vigil_store::Result<Vec<EventRecord>> {
    let q = Query {
        kinds: rule.kinds.clone(),
        actor: rule.actor.clone(),
        country: rule.country.clone(),
        text: rule.text.clone(),
        ..Query::default()
    };
    let target = rule.target.as_ref().map(|t| t.to_lowercase());
    Ok(store
        .query(&q)?
        .into_iter()
        .filter(|r| {
            rule.min_killed
                .is_none_or(|min| vigil_incident::max_killed(&r.event).is_some_and(|n| n >= min))
        })
        .filter(|r| {
            target.as_ref().is_none_or(|t| {
                [Role::Target, Role::Victim, Role::TargetOrg]
                    .iter()
                    .filter_map(|role| r.event.roles.get(role))
                    .flatten()
                    .any(|v| v.text.to_lowercase().contains(t.as_str()))
            })
        })
        .collect())
}
