//! Vigil's store: documents and the events extracted from them, kept so that ingest is
//! idempotent and resumable and events can be queried.
//!
//! [`Store`] is the interface; [`SqliteStore`] (one SQLite file, WAL, FTS5) is the default and
//! [`MemoryStore`] a test double with the same behaviour. Ingest goes like this:
//!
//! ```
//! use vigil_model::{DocumentMeta, DocumentOutput};
//! use vigil_store::{MemoryStore, Query, Store, StoredDoc};
//!
//! let mut store = MemoryStore::new();
//! let doc = StoredDoc::new("doc1", "feeds/a.txt", "abc123", 0x0f0f, "Gunmen attacked.");
//! // 1. Known content is skipped before extraction.
//! assert_eq!(store.has_hash(&doc.content_hash)?, None);
//! // 2. A near-duplicate of a stored original is marked as such (its events are kept but
//! //    left out of queries by default).
//! assert_eq!(store.near_duplicate(doc.simhash, 3)?, None);
//! // 3. Documents and their extraction outputs are written in atomic batches.
//! let output = DocumentOutput { document: doc.model_meta(), events: vec![] };
//! let outcome = store.put_batch(&[(doc, output)])?;
//! assert_eq!(outcome.inserted, 1);
//! assert!(store.query(&Query::default())?.is_empty());
//! # Ok::<(), vigil_store::StoreError>(())
//! ```
//!
//! # Full-text queries
//! [`Query::text`] and [`Store::search_documents`] take words and `"quoted phrases"`, joined by
//! `AND` (also implicit), `OR` and `NOT` (upper case; precedence `NOT` > `AND` > `OR`), grouped
//! with parentheses; a trailing `*` makes the last word a prefix (`bomb*`). Words are cut into
//! tokens as SQLite FTS5's `unicode61` tokenizer cuts text — runs of letters and digits, case
//! and diacritics folded — so `al-Qaeda` searches the phrase `"al qaeda"`. User text is never
//! passed to FTS5 as syntax: every phrase is quoted. No stemming: `bomb` does not match
//! `bombing`, `bomb*` does.
#![deny(missing_docs)]

mod batch;
mod error;
mod matchcache;
mod memory;
pub mod pgtest;
mod postgres;
mod salvage;
mod simhash;
mod sqlite;
mod textquery;

pub use error::{Result, StoreError};
pub use matchcache::MatchCache;

/// Stops a store handle's running query ([`Store::interrupter`]).
pub type Interrupter = std::sync::Arc<dyn Fn() + Send + Sync>;
pub use memory::MemoryStore;
pub use postgres::{PgStore, QueueStatus, WorkItem, PG_SCHEMA_VERSION};
pub use salvage::{salvage, Salvaged};
pub use simhash::{band_probes, bands, hamming, SimIndex, BANDS, MAX_BANDED_DISTANCE};
pub use sqlite::{Durability, OpenOptions, SqliteStore, SCHEMA_VERSION};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vigil_model::{Date, DocumentMeta, DocumentOutput, Event, EventKind, Modality};

/// A stored document: its metadata, fingerprints and the normalised text its events index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDoc {
    /// Stable id (the extraction output's document id).
    pub id: String,
    /// Where it came from: a file path, URL, or `-` for stdin.
    pub source: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
    /// Last modification date.
    pub modified: Option<Date>,
    /// Publisher or site name.
    pub site_name: Option<String>,
    /// The language of the text as detected (ISO 639-1 `en`, `und` when undetermined); `None`
    /// for a document stored before Vigil detected languages (see
    /// [`Store::undetected_languages`]).
    pub language: Option<String>,
    /// The language the page or feed declares (`lang`, `Content-Language`), as written.
    #[serde(default)]
    pub declared_language: Option<String>,
    /// Hex digest of the content; the store keeps one document per content hash.
    pub content_hash: String,
    /// 64-bit SimHash of the text, for near-duplicate lookup.
    pub simhash: u64,
    /// The id of the stored original this document nearly duplicates.
    pub duplicate_of: Option<String>,
    /// The normalised text that the events' spans index.
    pub text: String,
    /// When the page was captured or fetched (a WARC record's date), when known: an upper
    /// bound of the publication date, never a stand-in for it.
    #[serde(default)]
    pub retrieved: Option<Date>,
}

impl StoredDoc {
    /// A document with the required fields and no optional metadata.
    #[must_use]
    pub fn new(id: &str, source: &str, content_hash: &str, simhash: u64, text: &str) -> StoredDoc {
        StoredDoc {
            id: id.into(),
            source: source.into(),
            url: None,
            title: None,
            author: None,
            published: None,
            modified: None,
            site_name: None,
            language: None,
            declared_language: None,
            content_hash: content_hash.into(),
            simhash,
            duplicate_of: None,
            text: text.into(),
            retrieved: None,
        }
    }

    /// Everything the store knows of the document but its text: what query results carry.
    #[must_use]
    pub fn meta(&self) -> DocumentMeta {
        DocumentMeta {
            id: self.id.clone(),
            source: self.source.clone(),
            url: self.url.clone(),
            title: self.title.clone(),
            published: self.published,
            site_name: self.site_name.clone(),
            duplicate_of: self.duplicate_of.clone(),
            language: self.language.clone(),
        }
    }

    /// The metadata extraction gave the document (id, source, title, publication date,
    /// language): the header of its [`DocumentOutput`], equal to what the pipeline made.
    #[must_use]
    pub fn model_meta(&self) -> DocumentMeta {
        DocumentMeta {
            url: None,
            site_name: None,
            duplicate_of: None,
            ..self.meta()
        }
    }
}

/// Where a full-text query looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextScope {
    /// The event's own text or its article's text.
    #[default]
    Either,
    /// The event's evidence sentences, role values, places and source only.
    Events,
    /// The article's title and text only (every event of a matching article).
    Documents,
}

/// A filter over stored events. Every field set narrows the result; the default returns every
/// event of every original (non-duplicate) document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// Event kinds; empty means all.
    pub kinds: Vec<EventKind>,
    /// An actor id (`grp:islamic-state`, `per:…`) held by any role value or the event's
    /// source, or the text of any role value or source, compared case-insensitively.
    pub actor: Option<String>,
    /// Actor ids, any of which a role value or the event's source must hold (an actor with its
    /// affiliates); empty means no such condition.
    pub actor_ids: Vec<String>,
    /// ISO 3166-1 alpha-2 country of any of the event's places (case-insensitive).
    pub country: Option<String>,
    /// Name or text of any of the event's places, case-insensitive.
    pub place: Option<String>,
    /// Earliest event date (inclusive). Undated events are left out when set.
    pub from: Option<Date>,
    /// Latest event date (inclusive). Undated events are left out when set.
    pub to: Option<Date>,
    /// Modality.
    pub modality: Option<Modality>,
    /// Full-text query (see the crate docs: words, `"phrases"`, `prefix*`, `AND`, `OR`,
    /// `NOT`, parentheses).
    pub text: Option<String>,
    /// Where `text` looks.
    pub text_scope: TextScope,
    /// Include events of documents that nearly duplicate another.
    pub include_duplicates: bool,
    /// At most this many results (after ordering).
    pub limit: Option<usize>,
    /// Skip this many results first (after ordering), for pages.
    pub offset: Option<usize>,
}

/// A saved watch rule: which new events to report, and where (`vigil watch`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WatchRule {
    /// Unique name.
    pub name: String,
    /// Event kinds; empty means all.
    pub kinds: Vec<EventKind>,
    /// An actor id or name (as in [`Query::actor`]).
    pub actor: Option<String>,
    /// ISO 3166-1 alpha-2 country of a place of the event.
    pub country: Option<String>,
    /// Words of the targeted group, matched case-insensitively inside the event's target,
    /// victim or targeted-organisation values ("Christians", "journalists").
    pub target: Option<String>,
    /// At least this many killed (by the largest figure the event reports).
    pub min_killed: Option<u64>,
    /// Full-text query (as in [`Query::text`]).
    pub text: Option<String>,
    /// Deliver to this URL (HTTP POST of JSON) instead of printing.
    pub webhook: Option<String>,
}

/// A feed polled on a schedule (`vigil feeds`, `vigil run`, `vigil worker`). Times are Unix
/// seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    /// The feed's address (RSS or Atom).
    pub url: String,
    /// Seconds between polls.
    pub every_secs: u64,
    /// When the next poll is due (while a poller holds the feed: when its hold ends).
    pub next_due: i64,
    /// The `ETag` of the last answer with a body, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last answer with a body, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Polls that failed in a row (0 after a success): the backoff grows with them.
    pub failures: u32,
    /// When the feed was last polled.
    pub last_polled: Option<i64>,
    /// What the last poll did, in words ("200: 3 new documents", "304 not modified", an error).
    pub last_outcome: Option<String>,
    /// Polls so far.
    pub polls: u64,
    /// Documents stored from the feed so far.
    pub documents: u64,
    /// When the feed was added.
    pub added_at: i64,
}

/// The end of one poll of a feed ([`Store::record_feed_poll`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedPoll {
    /// When the poll ended.
    pub at: i64,
    /// When the next poll is due.
    pub next_due: i64,
    /// Whether it worked (a body read, or 304): failures are reset, else counted.
    pub ok: bool,
    /// New caching validators `(ETag, Last-Modified)` from an answer with a body; `None`
    /// keeps the stored ones (304, errors).
    pub validators: Option<(Option<String>, Option<String>)>,
    /// What happened, in words.
    pub outcome: String,
    /// Documents stored by this poll.
    pub documents: u64,
}

/// One event found by a query, with its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// The event exactly as extracted.
    pub event: Event,
    /// Its document.
    pub document: DocumentMeta,
    /// The event's date: the start of its resolved time, else its document's publication date.
    pub event_date: Option<Date>,
}

/// An event record with the event as JSON text ([`Store::query_json`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonRecord {
    /// The event's id.
    pub id: String,
    /// The event, serialised as `serde_json` writes an [`Event`].
    pub event: String,
    /// Its document.
    pub document: DocumentMeta,
    /// The event's date.
    pub event_date: Option<Date>,
}

/// How many events of one kind fall on one day ([`Store::timeline`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// The event date; `None` for undated events.
    pub date: Option<Date>,
    /// The kind.
    pub kind: EventKind,
    /// Events.
    pub count: u64,
}

/// What a [`Store::put_batch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    /// Documents written.
    pub inserted: usize,
    /// Documents whose content hash was already stored (nothing written).
    pub unchanged: usize,
    /// Events written.
    pub events: usize,
}

impl std::ops::AddAssign for BatchOutcome {
    fn add_assign(&mut self, o: BatchOutcome) {
        self.inserted += o.inserted;
        self.unchanged += o.unchanged;
        self.events += o.events;
    }
}

/// Counts over the store. Event counts cover original documents only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Documents stored (originals and duplicates).
    pub documents: u64,
    /// Of which near-duplicates of another.
    pub duplicates: u64,
    /// Events of original documents.
    pub events: u64,
    /// Events of near-duplicate documents (left out of the counts below).
    pub duplicate_events: u64,
    /// Events by kind.
    pub events_by_kind: BTreeMap<EventKind, u64>,
    /// Events by modality.
    pub events_by_modality: BTreeMap<Modality, u64>,
    /// Events with at least one place in the country, by ISO 3166-1 alpha-2 code.
    pub events_by_country: BTreeMap<String, u64>,
    /// Events with no date (no resolved time, no publication date).
    pub undated_events: u64,
    /// Documents (originals and duplicates) by the language of their text (`und`:
    /// undetermined; `unknown`: stored before languages were detected).
    #[serde(default)]
    pub documents_by_language: BTreeMap<String, u64>,
    /// Earliest event date.
    pub first_event_date: Option<Date>,
    /// Latest event date.
    pub last_event_date: Option<Date>,
    /// Size on disk in bytes (database file plus write-ahead log), for file stores.
    pub db_bytes: Option<u64>,
}

/// A store of documents and their events.
///
/// Guarantees, for every implementation: a batch is written entirely or not at all; a document
/// whose content hash is stored is never written again; results are in a deterministic order.
pub trait Store: Send {
    /// Where the store lives (a path, or `:memory:`), for messages.
    fn location(&self) -> &str;

    /// The id of the stored document with this content hash, if any: ingest skips extraction
    /// for content it already has.
    ///
    /// # Errors
    /// A database error.
    fn has_hash(&self, content_hash: &str) -> Result<Option<String>>;

    /// The id of a stored original (a document that is no duplicate itself) whose SimHash is
    /// within `max_distance` bits of `simhash`: the nearest, ties to the one stored first.
    /// Banded (see [`SimIndex`]), not a full scan, up to [`MAX_BANDED_DISTANCE`].
    ///
    /// # Errors
    /// A database error.
    fn near_duplicate(&self, simhash: u64, max_distance: u32) -> Result<Option<String>>;

    /// Writes documents and their extraction outputs in one transaction.
    ///
    /// A document whose content hash is stored (or appears earlier in the batch) is counted
    /// `unchanged` and nothing of it is written. A document's `duplicate_of` must name a
    /// document stored or written in the same batch.
    ///
    /// # Errors
    /// [`StoreError::InvalidDocument`] when a document cannot be stored (its output's id differs,
    /// its id is stored with other content, an event id is taken, `duplicate_of` names an
    /// unknown document, the hash is not hex); then nothing of the batch is written.
    fn put_batch(&mut self, batch: &[(StoredDoc, DocumentOutput)]) -> Result<BatchOutcome>;

    /// Events matching the query, ordered by event date (undated last), document id, and the
    /// event's index in its document.
    ///
    /// # Errors
    /// [`StoreError::InvalidQuery`] for a malformed full-text query; a database error.
    fn query(&self, q: &Query) -> Result<Vec<EventRecord>>;

    /// A stored document with its text.
    ///
    /// # Errors
    /// A database error.
    fn document(&self, id: &str) -> Result<Option<StoredDoc>>;

    /// Every document's metadata, ordered by id.
    ///
    /// # Errors
    /// A database error.
    fn documents(&self, include_duplicates: bool) -> Result<Vec<DocumentMeta>>;

    /// A document's events in their order; empty when the document is unknown.
    ///
    /// # Errors
    /// A database error.
    fn events(&self, doc_id: &str) -> Result<Vec<Event>>;

    /// Documents whose title or text match a full-text query, ordered by id.
    ///
    /// # Errors
    /// [`StoreError::InvalidQuery`] for a malformed query; a database error.
    fn search_documents(
        &self,
        text: &str,
        include_duplicates: bool,
        limit: Option<usize>,
    ) -> Result<Vec<DocumentMeta>>;

    /// Counts.
    ///
    /// # Errors
    /// A database error.
    fn stats(&self) -> Result<Stats>;

    /// The user's incident decisions, oldest first: each a list of groups of event ids that must
    /// stay in different incidents (a split).
    ///
    /// # Errors
    /// A database error.
    fn incident_splits(&self) -> Result<Vec<Vec<Vec<String>>>>;

    /// Records a split decision (see [`Store::incident_splits`]).
    ///
    /// # Errors
    /// [`StoreError::InvalidDocument`] for fewer than two groups or an empty group; a database
    /// error.
    fn add_incident_split(&mut self, groups: &[Vec<String>]) -> Result<()>;

    /// The saved watch rules, by name.
    ///
    /// # Errors
    /// A database error.
    fn watch_rules(&self) -> Result<Vec<WatchRule>>;

    /// Saves a watch rule, replacing one of the same name (its deliveries are kept).
    ///
    /// # Errors
    /// [`StoreError::InvalidDocument`] for an empty name; a database error.
    fn put_watch_rule(&mut self, rule: &WatchRule) -> Result<()>;

    /// Removes a watch rule and its delivery record; `false` when there was none.
    ///
    /// # Errors
    /// A database error.
    fn remove_watch_rule(&mut self, name: &str) -> Result<bool>;

    /// The events already delivered for a rule.
    ///
    /// # Errors
    /// A database error.
    fn delivered(&self, rule: &str) -> Result<std::collections::BTreeSet<String>>;

    /// Records events as delivered for a rule, in one transaction (ids already recorded are
    /// ignored).
    ///
    /// # Errors
    /// A database error.
    fn mark_delivered(&mut self, rule: &str, events: &[String]) -> Result<()>;

    /// The feeds, by URL.
    ///
    /// # Errors
    /// A database error.
    fn feeds(&self) -> Result<Vec<Feed>>;

    /// Adds a feed polled every `every_secs` seconds, due at once; a feed already there keeps
    /// its record and caching validators, takes the new interval and is due at once. Returns
    /// true when the feed is new.
    ///
    /// # Errors
    /// [`StoreError::InvalidDocument`] for an empty URL or a zero interval; a database error.
    fn put_feed(&mut self, url: &str, every_secs: u64, now: i64) -> Result<bool>;

    /// Removes a feed (what it brought stays stored); `false` when there was none.
    ///
    /// # Errors
    /// A database error.
    fn remove_feed(&mut self, url: &str) -> Result<bool>;

    /// Claims up to `limit` feeds due at `now`, most overdue first, holding each until
    /// `now + hold_secs` (its `next_due` moves there) so no other poller takes it meanwhile; a
    /// poller that dies leaves the feed due again when the hold ends.
    ///
    /// # Errors
    /// A database error.
    fn claim_due_feeds(&mut self, now: i64, hold_secs: i64, limit: usize) -> Result<Vec<Feed>>;

    /// Records the end of a poll: next due time, failures, validators, counts. `false` when
    /// the feed was removed meanwhile.
    ///
    /// # Errors
    /// A database error.
    fn record_feed_poll(&mut self, url: &str, poll: &FeedPoll) -> Result<bool>;

    /// Documents whose language was never detected (stored before Vigil detected languages),
    /// up to `limit`, as `(id, text)`, in storage order.
    ///
    /// # Errors
    /// A database error.
    fn undetected_languages(&self, limit: usize) -> Result<Vec<(String, String)>>;

    /// Records the detected language of documents `(id, language)`, in one transaction.
    ///
    /// # Errors
    /// A database error.
    fn set_languages(&mut self, languages: &[(String, String)]) -> Result<()>;

    /// [`Store::query`] with each event as the JSON text [`Store::put_batch`] stored (no
    /// decoding and re-encoding: for servers).
    ///
    /// # Errors
    /// A bad full-text query, or a database error.
    fn query_json(&self, q: &Query) -> Result<Vec<JsonRecord>> {
        Ok(self
            .query(q)?
            .into_iter()
            .map(|r| JsonRecord {
                id: r.event.id.clone(),
                event: serde_json::to_string(&r.event).expect("events serialise"),
                document: r.document,
                event_date: r.event_date,
            })
            .collect())
    }

    /// The ids of the events `q` selects, in query order (for filtering by events without
    /// reading them).
    ///
    /// # Errors
    /// As [`Store::query`].
    fn event_ids(&self, q: &Query) -> Result<Vec<String>> {
        Ok(self.query_json(q)?.into_iter().map(|r| r.id).collect())
    }

    /// Stops this handle's running query from another thread (a server's time limit): the
    /// query fails with [`StoreError::Interrupted`]; a call while nothing runs does nothing.
    /// `None` when the store cannot be interrupted.
    fn interrupter(&self) -> Option<Interrupter> {
        None
    }

    /// A number that changes whenever documents or incident splits are added: derived views
    /// (incidents, the ledger) cached by a reader are stale when it differs.
    ///
    /// # Errors
    /// A database error.
    fn revision(&self) -> Result<u64>;

    /// The original documents stored since the store was at `revision` (a value
    /// [`Store::revision`] returned), ordered by id, so that a reader's views can take in only
    /// what is new. A store may answer more (by default every original document): a caller
    /// skips the documents it has.
    ///
    /// # Errors
    /// A database error.
    fn documents_since(&self, revision: u64) -> Result<Vec<DocumentMeta>> {
        let _ = revision;
        self.documents(false)
    }

    /// Every original document's metadata (as [`Store::documents`] lists it) with its
    /// extraction output (as [`Store::output`] gives it), ordered by id, handed to `each` one
    /// at a time: a reader drawing views from the whole corpus need not hold it twice, nor read
    /// the documents' text. By default [`Store::documents`], then [`Store::output`] of each.
    ///
    /// # Errors
    /// A database error.
    fn each_output(&self, each: &mut dyn FnMut(DocumentMeta, DocumentOutput)) -> Result<()> {
        for d in self.documents(false)? {
            if let Some(o) = self.output(&d.id)? {
                each(d, o);
            }
        }
        Ok(())
    }

    /// Events per day and kind among those `q` selects (its `limit` and `offset` ignored),
    /// ordered by day (undated last) and kind.
    ///
    /// # Errors
    /// A bad full-text query, or a database error.
    fn timeline(&self, q: &Query) -> Result<Vec<DayCount>> {
        let all = Query {
            limit: None,
            offset: None,
            ..q.clone()
        };
        // Kinds by name within a day, as SQLite orders them.
        let mut counts: BTreeMap<(bool, Option<Date>, &'static str), (EventKind, u64)> =
            BTreeMap::new();
        for r in self.query(&all)? {
            let k = r.event.kind;
            counts
                .entry((r.event_date.is_none(), r.event_date, k.as_str()))
                .or_insert((k, 0))
                .1 += 1;
        }
        Ok(counts
            .into_iter()
            .map(|((_, date, _), (kind, count))| DayCount { date, kind, count })
            .collect())
    }

    /// A stored document's extraction output, as `vigil extract` printed it (for export).
    ///
    /// # Errors
    /// A database error.
    fn output(&self, id: &str) -> Result<Option<DocumentOutput>> {
        let Some(doc) = self.document(id)? else {
            return Ok(None);
        };
        Ok(Some(DocumentOutput {
            document: doc.model_meta(),
            events: self.events(id)?,
        }))
    }
}

/// The date an event is filed under: its resolved start, else the publication date.
#[must_use]
pub fn event_date(event: &Event, published: Option<Date>) -> Option<Date> {
    event.time.as_ref().and_then(|t| t.start).or(published)
}

/// Case folding for the case-insensitive filters (Unicode lower case, trimmed).
pub(crate) fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The text an event is found by in full-text search: evidence sentences, role values, place
/// mentions and the in-article source, one per line.
pub(crate) fn event_search_text(e: &Event) -> String {
    let mut parts: Vec<&str> = e.evidence.iter().map(|v| v.text.as_str()).collect();
    parts.extend(e.roles.values().flatten().map(|v| v.text.as_str()));
    parts.extend(e.places.iter().map(|p| p.text.as_str()));
    parts.extend(e.source.iter().map(|s| s.text.as_str()));
    parts.join("\n")
}

/// The statistics queries both SQL stores run (plain SQL that SQLite and PostgreSQL read
/// alike): events of original documents, then counts by kind, by modality and by country.
pub(crate) mod stats_sql {
    /// Events of original documents.
    pub const ORIGINAL: &str =
        "FROM events e JOIN documents d ON d.seq = e.doc_seq WHERE d.duplicate_of IS NULL";
    /// (kind, count).
    pub const BY_KIND: &str = "SELECT e.kind, count(*) FROM events e JOIN documents d
         ON d.seq = e.doc_seq WHERE d.duplicate_of IS NULL GROUP BY e.kind";
    /// (modality, count).
    pub const BY_MODALITY: &str = "SELECT e.modality, count(*) FROM events e JOIN documents d
         ON d.seq = e.doc_seq WHERE d.duplicate_of IS NULL GROUP BY e.modality";
    /// (language or NULL, documents), grouped by the column itself so that both stores read
    /// their `documents_language` index in order (an expression would need the rows); see
    /// [`languages`] for the names.
    pub const BY_LANGUAGE: &str = "SELECT language, count(*) FROM documents GROUP BY language";

    /// The counts of [`BY_LANGUAGE`]'s rows by name: `unknown` for documents stored before
    /// languages were detected (NULL), added to any stored as `unknown`.
    pub fn languages(
        rows: impl IntoIterator<Item = (Option<String>, u64)>,
    ) -> std::collections::BTreeMap<String, u64> {
        let mut by = std::collections::BTreeMap::new();
        for (language, n) in rows {
            *by.entry(language.unwrap_or_else(|| "unknown".into()))
                .or_insert(0) += n;
        }
        by
    }
    /// (country, events).
    pub const BY_COUNTRY: &str = "SELECT p.country, count(DISTINCT p.event_seq) FROM event_places p
         JOIN events e ON e.seq = p.event_seq JOIN documents d ON d.seq = e.doc_seq
         WHERE d.duplicate_of IS NULL AND p.country IS NOT NULL GROUP BY p.country";
}

/// Fills the counts by kind, modality and country from the rows of [`stats_sql`]'s grouped
/// queries; an unknown kind or modality is `corrupt`.
pub(crate) fn fill_grouped_stats(
    s: &mut Stats,
    kinds: Vec<(String, u64)>,
    modalities: Vec<(String, u64)>,
    countries: Vec<(String, u64)>,
    corrupt: impl Fn(String) -> StoreError,
) -> Result<()> {
    for (kind, n) in kinds {
        let k = EventKind::parse(&kind)
            .ok_or_else(|| corrupt(format!("unknown event kind {kind:?}")))?;
        s.events_by_kind.insert(k, n);
    }
    for (m, n) in modalities {
        let k = Modality::parse(&m).ok_or_else(|| corrupt(format!("unknown modality {m:?}")))?;
        s.events_by_modality.insert(k, n);
    }
    s.events_by_country = countries.into_iter().collect();
    Ok(())
}

/// Checks what can be checked of a batch without the store.
pub(crate) fn validate_rule(rule: &WatchRule, path: &str) -> Result<()> {
    if rule.name.trim().is_empty() {
        return Err(StoreError::InvalidDocument {
            path: path.to_string(),
            id: "watch rule".into(),
            problem: "a watch rule needs a name".into(),
        });
    }
    Ok(())
}

pub(crate) fn validate_feed(url: &str, every_secs: u64, path: &str) -> Result<()> {
    let problem = if url.trim().is_empty() {
        "a feed needs a URL"
    } else if every_secs == 0 {
        "a feed's polling interval must be at least one second"
    } else {
        return Ok(());
    };
    Err(StoreError::InvalidDocument {
        path: path.to_string(),
        id: format!("feed {url}"),
        problem: problem.into(),
    })
}

impl FeedPoll {
    /// The validators as the SQL stores bind them: (keep the stored ones, `ETag`,
    /// `Last-Modified`).
    pub(crate) fn validator_columns(&self) -> (bool, Option<String>, Option<String>) {
        match &self.validators {
            Some((etag, modified)) => (false, etag.clone(), modified.clone()),
            None => (true, None, None),
        }
    }
}

/// [`Store::record_feed_poll`] applied to a feed record (the in-memory store; the SQL stores
/// do the same in SQL).
pub(crate) fn apply_feed_poll(f: &mut Feed, poll: &FeedPoll) {
    f.next_due = poll.next_due;
    f.failures = if poll.ok { 0 } else { f.failures + 1 };
    if let Some((etag, modified)) = &poll.validators {
        f.etag.clone_from(etag);
        f.last_modified.clone_from(modified);
    }
    f.last_polled = Some(poll.at);
    f.last_outcome = Some(poll.outcome.clone());
    f.polls += 1;
    f.documents += poll.documents;
}

pub(crate) fn validate_split(groups: &[Vec<String>], path: &str) -> Result<()> {
    if groups.len() < 2 || groups.iter().any(Vec::is_empty) {
        return Err(StoreError::InvalidDocument {
            path: path.to_string(),
            id: "incident split".into(),
            problem: "a split needs two or more non-empty groups of event ids".into(),
        });
    }
    Ok(())
}

pub(crate) fn validate_batch(batch: &[(StoredDoc, DocumentOutput)], path: &str) -> Result<()> {
    let invalid = |id: &str, problem: String| StoreError::InvalidDocument {
        path: path.into(),
        id: id.into(),
        problem,
    };
    for (doc, out) in batch {
        if out.document.id != doc.id {
            return Err(invalid(
                &doc.id,
                format!(
                    "its extraction output is for document {:?}",
                    out.document.id
                ),
            ));
        }
        if doc.content_hash.is_empty() || !doc.content_hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid(
                &doc.id,
                format!("content hash {:?} is not hexadecimal", doc.content_hash),
            ));
        }
        if doc.duplicate_of.as_deref() == Some(doc.id.as_str()) {
            return Err(invalid(
                &doc.id,
                "it is marked a duplicate of itself".into(),
            ));
        }
        let mut ids = std::collections::HashSet::new();
        for e in &out.events {
            if !ids.insert(e.id.as_str()) {
                return Err(invalid(
                    &doc.id,
                    format!("event id {:?} appears twice", e.id),
                ));
            }
            // JSON has no NaN or infinity: such a number would not read back.
            let finite = e.confidence.is_finite()
                && e.places
                    .iter()
                    .all(|p| p.lat.is_none_or(f64::is_finite) && p.lon.is_none_or(f64::is_finite));
            if !finite {
                return Err(invalid(
                    &doc.id,
                    format!("event {:?} has a number that is not finite", e.id),
                ));
            }
        }
    }
    Ok(())
}
