//! One batch plan for both SQL stores: the checks a batch must pass, in order, and the rows
//! each document and event becomes (role and place rows, the event's day, sort key, search
//! text and filter keys). SQLite and PostgreSQL differ only in the SQL they run for each step
//! ([`BatchSql`]); the decisions are made here, once.
//!
//! The plan, inside the store's transaction: a document whose content hash is stored counts
//! `unchanged`; an id twice in the batch, an id stored with other content, an event id already
//! taken, or a `duplicate_of` naming no stored document refuses the batch (the caller rolls
//! it back).

use crate::simhash::bands;
use crate::{event_date, event_search_text, fold, BatchOutcome, StoredDoc};
use std::collections::HashSet;
use vigil_model::{Date, DocumentOutput, Event, Quantity};

/// The order of events in every answer — undated last, then by event day, document id and
/// position in the document — as one string that an index keeps sorted (SQLite's migration 5
/// computes the same in SQL).
pub(crate) fn sort_key(day: Option<i64>, doc_id: &str, idx: usize) -> String {
    format!(
        "{}{:07}\u{1f}{doc_id}\u{1f}{idx:06}",
        u8::from(day.is_none()),
        day.unwrap_or(0) + 1_000_000
    )
}

/// One row of `event_roles`: a role value, or the event's in-article source (`role` =
/// `"source"`).
pub(crate) struct RoleRow<'a> {
    pub role: &'a str,
    pub pos: usize,
    pub actor_id: Option<&'a str>,
    pub text: &'a str,
    pub folded: String,
    pub number: Option<i64>,
    pub symbol: Option<&'a str>,
}

/// One row of `event_places`.
pub(crate) struct PlaceRow<'a> {
    pub pos: usize,
    pub text: &'a str,
    pub name: &'a str,
    pub text_folded: String,
    pub name_folded: String,
    pub country: Option<&'a str>,
    pub admin1: Option<&'a str>,
    pub geonames_id: Option<i64>,
    pub precision: &'a str,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// An event as the stores write it.
pub(crate) struct EventRow<'a> {
    /// Its position in its document.
    pub idx: usize,
    /// The event.
    pub event: &'a Event,
    /// Its JSON, stored and handed out as is.
    pub json: String,
    /// The day it is filed under (days since 1970-01-01).
    pub event_day: Option<i64>,
    /// Its place in every answer ([`sort_key`]).
    pub sort_key: String,
    /// Whether its document is an original (not a near-duplicate).
    pub original: bool,
    /// The text full-text search finds it by.
    pub search_text: String,
    /// Role values, then the source.
    pub roles: Vec<RoleRow<'a>>,
    /// Places.
    pub places: Vec<PlaceRow<'a>>,
    /// Actor and country keys of the filter index (`a:ID`, `a:folded name`, `c:CC`).
    pub keys: Vec<String>,
}

impl<'a> EventRow<'a> {
    /// The rows of event `idx` of `doc`.
    fn new(doc: &StoredDoc, idx: usize, event: &'a Event) -> Result<EventRow<'a>, String> {
        let json = serde_json::to_string(event).map_err(|e| e.to_string())?;
        let event_day = event_date(event, doc.published).map(Date::to_days);
        let mut roles = Vec::new();
        let mut keys = Vec::new();
        let mut add = |role: &'a str,
                       pos: usize,
                       id: Option<&'a str>,
                       text: &'a str,
                       value: Option<&'a Quantity>| {
            let (number, symbol) = match value {
                Some(Quantity::Number(n)) => (i64::try_from(*n).ok(), None),
                Some(Quantity::Symbol(s)) => (None, Some(s.as_str())),
                None => (None, None),
            };
            let folded = fold(text);
            keys.extend(id.map(|id| format!("a:{id}")));
            keys.push(format!("a:{folded}"));
            roles.push(RoleRow {
                role,
                pos,
                actor_id: id,
                text,
                folded,
                number,
                symbol,
            });
        };
        for (role, values) in &event.roles {
            for (pos, v) in values.iter().enumerate() {
                add(
                    role.as_str(),
                    pos,
                    v.id.as_deref(),
                    &v.text,
                    v.value.as_ref(),
                );
            }
        }
        if let Some(s) = &event.source {
            add("source", 0, s.id.as_deref(), &s.text, None);
        }
        let places = event
            .places
            .iter()
            .enumerate()
            .map(|(pos, p)| PlaceRow {
                pos,
                text: &p.text,
                name: &p.name,
                text_folded: fold(&p.text),
                name_folded: fold(&p.name),
                country: p.country.as_deref(),
                admin1: p.admin1.as_deref(),
                geonames_id: p.geonames_id.and_then(|g| i64::try_from(g).ok()),
                precision: p.precision.as_str(),
                lat: p.lat,
                lon: p.lon,
            })
            .collect();
        keys.extend(
            event
                .places
                .iter()
                .filter_map(|p| p.country.as_ref())
                .map(|c| format!("c:{c}")),
        );
        Ok(EventRow {
            idx,
            event,
            json,
            event_day,
            sort_key: sort_key(event_day, &doc.id, idx),
            original: doc.duplicate_of.is_none(),
            search_text: event_search_text(event),
            roles,
            places,
            keys,
        })
    }
}

/// The statements of one SQL store inside a batch's transaction.
pub(crate) trait BatchSql {
    /// The database's error.
    type Error;

    /// Whether a document of this content hash is stored.
    fn hash_stored(&mut self, content_hash: &str) -> Result<bool, Self::Error>;

    /// The content hash of the document stored under this id.
    fn hash_of(&mut self, id: &str) -> Result<Option<String>, Self::Error>;

    /// Whether an event of this id is stored.
    fn event_stored(&mut self, id: &str) -> Result<bool, Self::Error>;

    /// Inserts a document (its SimHash bands given); its row key, or `None` when a document
    /// of the same content hash was stored meanwhile by another process.
    fn insert_document(
        &mut self,
        doc: &StoredDoc,
        bands: [u16; 4],
    ) -> Result<Option<i64>, Self::Error>;

    /// Inserts an event of the document of row key `doc_seq`, with its roles, places and
    /// whatever indexes the store keeps.
    fn insert_event(&mut self, doc_seq: i64, event: &EventRow<'_>) -> Result<(), Self::Error>;
}

/// Why a batch write stopped (the caller rolls the transaction back).
pub(crate) enum WriteError<E> {
    /// The database failed.
    Sql(E),
    /// A document cannot be stored as given: its id and the problem.
    Invalid(String, String),
}

/// Runs the batch plan with `sql`: checks each document, writes what is new.
pub(crate) fn write<S: BatchSql>(
    sql: &mut S,
    batch: &[(StoredDoc, DocumentOutput)],
) -> Result<BatchOutcome, WriteError<S::Error>> {
    let mut outcome = BatchOutcome::default();
    let mut new_ids: HashSet<&str> = HashSet::new();
    let mut dup_refs: Vec<(&str, &str)> = Vec::new();
    for (doc, out) in batch {
        if sql
            .hash_stored(&doc.content_hash)
            .map_err(WriteError::Sql)?
        {
            outcome.unchanged += 1;
            continue;
        }
        if new_ids.contains(doc.id.as_str()) {
            return Err(WriteError::Invalid(
                doc.id.clone(),
                "the id appears twice in the batch with different content".into(),
            ));
        }
        if let Some(hash) = sql.hash_of(&doc.id).map_err(WriteError::Sql)? {
            return Err(WriteError::Invalid(
                doc.id.clone(),
                format!("the id is stored with other content (hash {hash})"),
            ));
        }
        let Some(doc_seq) = sql
            .insert_document(doc, bands(doc.simhash))
            .map_err(WriteError::Sql)?
        else {
            outcome.unchanged += 1;
            continue;
        };
        new_ids.insert(&doc.id);
        if let Some(original) = &doc.duplicate_of {
            dup_refs.push((&doc.id, original));
        }
        for (idx, e) in out.events.iter().enumerate() {
            if sql.event_stored(&e.id).map_err(WriteError::Sql)? {
                return Err(WriteError::Invalid(
                    doc.id.clone(),
                    format!("event id {:?} is already stored", e.id),
                ));
            }
            let row = EventRow::new(doc, idx, e)
                .map_err(|problem| WriteError::Invalid(doc.id.clone(), problem))?;
            sql.insert_event(doc_seq, &row).map_err(WriteError::Sql)?;
            outcome.events += 1;
        }
        outcome.inserted += 1;
    }
    for (id, original) in dup_refs {
        if sql.hash_of(original).map_err(WriteError::Sql)?.is_none() {
            return Err(WriteError::Invalid(
                id.into(),
                format!("duplicate_of names {original:?}, which is not stored"),
            ));
        }
    }
    Ok(outcome)
}
