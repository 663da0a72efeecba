//! Views derived from the whole stored corpus: incidents (with the analysts' splits), story
//! changes, the claim–assessment ledger, a country's threat picture. Both front ends read them
//! from here: the CLI computes what one command needs; the server keeps a [`Views`] per store
//! revision and answers from it.

use crate::error::{Error, Result};
use crate::filters::ActorFilter;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use vigil_incident::{Change, Incident, Incidents, KeptLedger, LedgerEntry, Picture};
use vigil_model::{Date, DocumentMeta, DocumentOutput, EventKind};
use vigil_store::{Query, Store};

/// The corpus as views keep it: `(source, output)` per original document, ordered by document
/// id, each output shared with the incidents' reports ([`Incidents::add_shared`]).
pub type SharedCorpus = Vec<(String, Arc<DocumentOutput>)>;

/// The source a document's reports are given under: its site name when known.
fn source_of(d: &DocumentMeta) -> String {
    d.site_name.clone().unwrap_or_else(|| d.source.clone())
}

/// Every original document's output with its source (the site name when known), in the
/// store's order.
///
/// # Errors
/// A store error.
pub fn corpus(store: &dyn Store) -> Result<Vec<(String, DocumentOutput)>> {
    let mut out = Vec::new();
    store.each_output(&mut |d, o| out.push((source_of(&d), o)))?;
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

/// The incidents of the store's documents, with its split decisions, and the corpus
/// ([`corpus`]) they were drawn from: the incidents' reports share its events.
///
/// # Errors
/// A store error.
pub fn incidents(store: &dyn Store) -> Result<(SharedCorpus, Incidents)> {
    let mut inc = Incidents::new();
    for split in splits(store)? {
        inc.keep_apart(split);
    }
    let mut docs = Vec::new();
    store.each_output(&mut |d, o| {
        let (source, o) = (source_of(&d), Arc::new(o));
        inc.add_shared(&source, &o);
        docs.push((source, o));
    })?;
    Ok((docs, inc))
}

/// The incidents of the store's documents, with its split decisions, without the corpus:
/// documents are read one at a time and only the events that can be reports are kept (what
/// `vigil incidents` needs).
///
/// # Errors
/// A store error.
pub fn incidents_alone(store: &dyn Store) -> Result<Incidents> {
    let mut inc = Incidents::new();
    for split in splits(store)? {
        inc.keep_apart(split);
    }
    store.each_output(&mut |d, o| {
        inc.add(&source_of(&d), &o);
    })?;
    Ok(inc)
}

/// One incident by id.
///
/// # Errors
/// [`Error::NoSuchIncident`].
pub fn incident(incidents: &Incidents, id: &str) -> Result<Incident> {
    incidents
        .incidents()
        .into_iter()
        .find(|i| i.id == id)
        .ok_or_else(|| Error::NoSuchIncident(id.to_string()))
}

/// Undoes a merge: the named events leave incident `id` and stay apart from the rest from now
/// on (the decision is stored). Returns the incident each group of events is in afterwards.
///
/// # Errors
/// [`Error::BadSplit`] when the events named are none or all of the incident's; a store error.
pub fn split_incident(
    store: &mut dyn Store,
    incidents: &mut Incidents,
    id: &str,
    events: &[String],
) -> Result<Vec<Incident>> {
    let Some(groups) = incidents.split_decision(id, events) else {
        return Err(Error::BadSplit(id.to_string()));
    };
    let stored: Vec<Vec<String>> = groups.iter().map(|g| g.iter().cloned().collect()).collect();
    store.add_incident_split(&stored)?;
    incidents.keep_apart(groups.clone());
    let after = incidents.incidents();
    Ok(groups
        .iter()
        .filter_map(|g| {
            let first = g.iter().next()?;
            after
                .iter()
                .find(|i| i.members.iter().any(|m| &m.event == first))
                .cloned()
        })
        .collect())
}

/// The changes brought by documents published on or after `since` (all when `None`).
pub fn changes_since(changes: &[Change], since: Option<Date>) -> Vec<&Change> {
    changes
        .iter()
        .filter(|c| since.is_none_or(|s| c.published.is_some_and(|p| p >= s)))
        .collect()
}

/// Story changes of the stored corpus since a date: `vigil changes`.
///
/// # Errors
/// A store error.
pub fn changes(store: &dyn Store, since: Option<Date>) -> Result<Vec<Change>> {
    let all = vigil_incident::changes(&corpus(store)?, &splits(store)?);
    Ok(changes_since(&all, since).into_iter().cloned().collect())
}

/// The ledger entries of an actor (resolved by [`claims_actor`]), only the disputed ones if
/// asked.
pub fn select_claims<'a>(
    ledger: &'a [LedgerEntry],
    actor: Option<&ActorFilter>,
    disputed: bool,
) -> Vec<&'a LedgerEntry> {
    ledger
        .iter()
        .filter(|e| !disputed || e.disputed)
        .filter(|e| actor.is_none_or(|a| a.matches(&e.actor)))
        .collect()
}

/// The actor a claims filter names (id, dictionary name or alias, or a claimant's name as the
/// ledger holds it), with its affiliates when asked.
///
/// # Errors
/// [`Error::UnknownActor`].
pub fn claims_actor(
    ledger: &[LedgerEntry],
    given: &str,
    with_affiliates: bool,
) -> Result<ActorFilter> {
    let stored = |n: &str| Ok(ledger.iter().any(|e| e.actor.eq_ignore_ascii_case(n)));
    crate::filters::actor(given, with_affiliates, &stored)
}

/// The claim–assessment ledger of the stored corpus: `vigil claims`.
///
/// # Errors
/// [`Error::UnknownActor`]; a store error.
pub fn claims(
    store: &dyn Store,
    actor: Option<&str>,
    with_affiliates: bool,
    disputed: bool,
) -> Result<Vec<LedgerEntry>> {
    let (docs, inc) = incidents(store)?;
    let ledger = vigil_incident::ledger(&docs, &inc);
    let actor = actor
        .map(|a| claims_actor(&ledger, a, with_affiliates))
        .transpose()?;
    Ok(select_claims(&ledger, actor.as_ref(), disputed)
        .into_iter()
        .cloned()
        .collect())
}

/// The code of a country given as a code or a name ([`crate::filters::country`]).
///
/// # Errors
/// [`Error::UnknownCountry`].
pub fn country_code(given: &str) -> Result<String> {
    crate::filters::country(given)
}

/// A country's threat picture over `docs` and their `incidents`, as of `at`, for a targeted
/// group.
///
/// # Errors
/// [`Error::UnknownCountry`].
pub fn picture_of<D: Borrow<DocumentOutput>>(
    docs: &[(String, D)],
    incidents: &[Incident],
    country: &str,
    at: Option<Date>,
    target: Option<&str>,
) -> Result<Picture> {
    let country = country_code(country)?;
    Ok(vigil_incident::picture::picture_of(
        docs, incidents, &country, at, target,
    ))
}

/// A country's threat picture from the stored corpus: `vigil picture`.
///
/// # Errors
/// [`Error::UnknownCountry`]; a store error.
pub fn picture(
    store: &dyn Store,
    country: &str,
    at: Option<Date>,
    target: Option<&str>,
) -> Result<Picture> {
    country_code(country)?;
    let (docs, inc) = incidents(store)?;
    picture_of(&docs, &inc.incidents(), country, at, target)
}

/// Which incidents a list shows: by kind, country and dates of the incident, and by the
/// events of its reports (actor, place, modality, full text: an incident is kept when one of
/// its reports' events passes them).
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// Incident kinds (any when empty).
    pub kinds: Vec<EventKind>,
    /// The incident's country.
    pub country: Option<String>,
    /// Earliest incident date.
    pub from: Option<Date>,
    /// Latest incident date.
    pub to: Option<Date>,
    /// Filters on the reports' events (only actor, place, modality and text count).
    pub events: Query,
}

/// The views of one store revision.
#[derive(Clone)]
pub struct Views {
    /// The revision they were computed from.
    pub revision: u64,
    /// The corpus (`(source, output)` per original document, ordered by document id; the
    /// outputs are shared with the incidents' reports).
    pub docs: SharedCorpus,
    /// Incidents, ordered by id's first report.
    pub incidents: Vec<Incident>,
    /// Index into `incidents` by incident id.
    pub by_id: HashMap<String, usize>,
    /// The incident of each event that belongs to one.
    pub incident_of: BTreeMap<String, String>,
    /// The ledger (drawn, or brought up to date from an earlier revision's, on first use: see
    /// [`Views::ledger`]).
    ledger: std::sync::OnceLock<KeptLedger>,
    /// An earlier revision's ledger with the updates since noted, until it is brought up to
    /// date on first use.
    earlier_ledger: EarlierLedger,
    /// The split decisions.
    pub splits: Vec<Vec<BTreeSet<String>>>,
    changes: std::sync::OnceLock<Vec<Change>>,
    /// The incidents as they grow, for [`Views::update`].
    growing: Incidents,
    ranking: std::sync::OnceLock<Vec<CountryRank>>,
}

/// An earlier revision's ledger waiting to be brought up to date ([`Views::ledger`] takes
/// it from behind a shared reference, once).
#[derive(Default)]
struct EarlierLedger(std::sync::Mutex<Option<KeptLedger>>);

impl EarlierLedger {
    fn take(&self) -> Option<KeptLedger> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

impl Clone for EarlierLedger {
    fn clone(&self) -> EarlierLedger {
        let held = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        EarlierLedger(std::sync::Mutex::new(held.clone()))
    }
}

/// A country's place in the threat-picture ranking.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CountryRank {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// English name.
    pub name: Option<&'static str>,
    /// The picture's indicator now.
    pub score: f64,
    /// Alert-level changes reported.
    pub alerts: usize,
    /// The latest alert level reported, when one was.
    pub level: Option<String>,
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
            .map(|(n, incident)| (incident.id.clone(), n))
            .collect();
        let incident_of = vigil_incident::incident_of(&incidents);
        Ok(Views {
            revision,
            by_id,
            incident_of,
            incidents,
            ledger: std::sync::OnceLock::new(),
            earlier_ledger: EarlierLedger::default(),
            splits: splits(store)?,
            docs,
            changes: std::sync::OnceLock::new(),
            growing: inc,
            ranking: std::sync::OnceLock::new(),
        })
    }

    /// These views brought up to the store's current revision: the same views as
    /// [`Views::compute`] would give, at the cost of what changed. The documents stored since
    /// are added; only the incidents their reports touch are built again (the clusters they
    /// join, [`Incidents::rebuilt_since`]); the ledger, when it was drawn, is told what
    /// changed and brings the entries those touch up to date on its next use
    /// ([`KeptLedger`]). A new split decision computes everything again, the ledger with it
    /// (drawn from nothing on its next use).
    ///
    /// # Errors
    /// A store error.
    pub fn update(mut self, store: &dyn Store) -> Result<Views> {
        let revision = store.revision()?;
        if revision == self.revision {
            return Ok(self);
        }
        if splits(store)? != self.splits {
            // A split regroups incidents that no new report touched: everything is computed
            // again, and the ledger is drawn from nothing on its next use.
            return Views::compute(store);
        }
        // The ledger drawn for an earlier revision, brought up to date or not since.
        let mut ledger = self.ledger.take().or_else(|| self.earlier_ledger.take());
        let mark = self.growing.mark();
        let mut added = Vec::new();
        for d in store.documents_since(self.revision)? {
            // Listed by id: a document listed twice comes twice in a row.
            let listed = added
                .last()
                .is_some_and(|(_, o): &(String, Arc<DocumentOutput>)| o.document.id == d.id);
            if listed || self.document(&d.id).is_some() {
                continue;
            }
            if let Some(o) = store.output(&d.id)? {
                let (source, o) = (source_of(&d), Arc::new(o));
                self.growing.add_shared(&source, &o);
                added.push((source, o));
            }
        }
        // The corpus stays in the store's order (by document id), as computed from nothing.
        for doc in added.iter().cloned() {
            let at = self
                .docs
                .partition_point(|(_, d)| d.document.id < doc.1.document.id);
            self.docs.insert(at, doc);
        }
        let (incident_of, by_id, incidents) = (&self.incident_of, &self.by_id, &self.incidents);
        let unchanged = |events: &[&str]| {
            events
                .first()
                .and_then(|e| incident_of.get(*e))
                .is_some_and(|id| {
                    by_id
                        .get(id)
                        .and_then(|&n| incidents.get(n))
                        .is_some_and(|i| {
                            i.members.len() == events.len()
                                && events.iter().all(|e| incident_of.get(*e) == Some(id))
                        })
                })
        };
        let (rebuilt, events) = self.growing.rebuilt_since(mark, unchanged);
        let gone: BTreeSet<String> = events
            .iter()
            .filter_map(|e| self.incident_of.get(e).cloned())
            .collect();
        let mut incidents: Vec<Incident> = std::mem::take(&mut self.incidents)
            .into_iter()
            .filter(|i| !gone.contains(&i.id))
            .collect();
        for e in &events {
            self.incident_of.remove(e);
        }
        for incident in &rebuilt {
            for m in &incident.members {
                self.incident_of
                    .insert(m.event.clone(), incident.id.clone());
            }
        }
        if let Some(ledger) = &mut ledger {
            ledger.note(&added, &gone, &rebuilt, &self.incident_of);
        }
        for incident in rebuilt {
            let key = vigil_incident::first_report(&incident);
            let at = incidents.partition_point(|i| vigil_incident::first_report(i) < key);
            incidents.insert(at, incident);
        }
        self.by_id = incidents
            .iter()
            .enumerate()
            .map(|(n, incident)| (incident.id.clone(), n))
            .collect();
        self.incidents = incidents;
        self.ledger = std::sync::OnceLock::new();
        self.earlier_ledger = EarlierLedger(std::sync::Mutex::new(ledger));
        self.ranking = std::sync::OnceLock::new();
        self.changes = std::sync::OnceLock::new();
        self.revision = revision;
        Ok(self)
    }

    /// The claim–assessment ledger, made on first use once per revision (event queries and
    /// incidents never wait for it): an earlier revision's brought up to date where
    /// [`Views::update`] kept one (only the entries the new documents and the incidents they
    /// changed can touch are drawn again), else drawn from the corpus and its incidents.
    pub fn ledger(&self) -> &[LedgerEntry] {
        self.ledger
            .get_or_init(|| match self.earlier_ledger.take() {
                Some(mut kept) => {
                    kept.refresh(
                        |id| self.output(id),
                        |id| self.incident(id),
                        &self.incident_of,
                    );
                    kept
                }
                None => KeptLedger::draw(&self.docs, &self.incident_of),
            })
            .entries()
    }

    /// Every country the stored events concern, ranked by its threat picture's indicator
    /// (highest first, then by name; computed on first use).
    pub fn ranking(&self) -> &[CountryRank] {
        self.ranking.get_or_init(|| {
            let mut codes: BTreeSet<String> = BTreeSet::new();
            for (_, d) in &self.docs {
                for e in &d.events {
                    codes.extend(e.places.iter().filter_map(|p| p.country.clone()));
                }
            }
            let mut out: Vec<CountryRank> = codes
                .into_iter()
                .filter(|c| crate::atlas::is_country(c))
                .map(|code| {
                    let p = vigil_incident::picture::picture_of(
                        &self.docs,
                        &self.incidents,
                        &code,
                        None,
                        None,
                    );
                    CountryRank {
                        name: crate::atlas::country_name(&code),
                        score: p.score,
                        alerts: p.alerts.len(),
                        level: p.alerts.iter().rev().find_map(|a| a.level.clone()),
                        code,
                    }
                })
                .collect();
            out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.name.cmp(&b.name)));
            out
        })
    }

    /// The claims and threats whose ledger entry names this incident.
    #[must_use]
    pub fn claims_of(&self, incident: &str) -> Vec<&LedgerEntry> {
        self.ledger()
            .iter()
            .filter(|e| e.incident.as_deref() == Some(incident))
            .collect()
    }

    /// Story evolution (computed on first use: it replays the corpus document by document).
    pub fn changes(&self) -> &[Change] {
        self.changes
            .get_or_init(|| vigil_incident::changes(&self.docs, &self.splits))
    }

    /// A document's metadata (the header of its output) by id.
    #[must_use]
    pub fn document(&self, id: &str) -> Option<&DocumentMeta> {
        self.output(id).map(|(_, d)| &d.document)
    }

    /// A document's output with its source by id.
    fn output(&self, id: &str) -> Option<(&String, &DocumentOutput)> {
        let at = self
            .docs
            .partition_point(|(_, d)| d.document.id.as_str() < id);
        self.docs
            .get(at)
            .map(|(s, d)| (s, &**d))
            .filter(|(_, d)| d.document.id == id)
    }

    /// One incident by id.
    #[must_use]
    pub fn incident(&self, id: &str) -> Option<&Incident> {
        self.by_id.get(id).map(|&n| &self.incidents[n])
    }

    /// The incidents `filter` keeps, in order.
    ///
    /// # Errors
    /// A bad full-text query; a store error.
    pub fn incidents_matching(
        &self,
        store: &dyn Store,
        filter: &IncidentFilter,
    ) -> Result<Vec<&Incident>> {
        let q = &filter.events;
        let by_events: Option<HashSet<String>> = if q.actor.is_some()
            || !q.actor_ids.is_empty()
            || q.place.is_some()
            || q.modality.is_some()
            || q.text.is_some()
        {
            let q = Query {
                actor: q.actor.clone(),
                actor_ids: q.actor_ids.clone(),
                place: q.place.clone(),
                modality: q.modality,
                text: q.text.clone(),
                text_scope: q.text_scope,
                ..Query::default()
            };
            Some(store.event_ids(&q)?.into_iter().collect())
        } else {
            None
        };
        Ok(self
            .incidents
            .iter()
            .filter(|i| filter.kinds.is_empty() || filter.kinds.contains(&i.kind))
            .filter(|i| {
                by_events
                    .as_ref()
                    .is_none_or(|ids| i.members.iter().any(|m| ids.contains(&m.event)))
            })
            .filter(|i| {
                filter
                    .country
                    .as_ref()
                    .is_none_or(|c| i.place.as_ref().and_then(|p| p.country.as_ref()) == Some(c))
            })
            .filter(|i| filter.from.is_none_or(|f| i.date.is_some_and(|d| d >= f)))
            .filter(|i| filter.to.is_none_or(|t| i.date.is_some_and(|d| d <= t)))
            .collect())
    }

    /// A country's threat picture.
    ///
    /// # Errors
    /// [`Error::UnknownCountry`].
    pub fn picture(
        &self,
        country: &str,
        at: Option<Date>,
        target: Option<&str>,
    ) -> Result<Picture> {
        picture_of(&self.docs, &self.incidents, country, at, target)
    }
}
