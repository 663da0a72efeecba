//! The SQLite store: one file, WAL journal, FTS5 full-text indexes, migrations at open.

use crate::batch::{self, sort_key, BatchSql, EventRow, WriteError};
use crate::matchcache::{MatchCache, MatchSet};
use crate::simhash::{band_keys, probe_keys, probe_radius, Nearest};
use crate::textquery;
use crate::{
    fold, validate_batch, BatchOutcome, EventRecord, Query, Result, Stats, Store, StoreError,
    StoredDoc, TextScope,
};
use rusqlite::types::Value;
use rusqlite::{
    params, params_from_iter, Connection, ErrorCode, OpenFlags, OptionalExtension, Row,
    TransactionBehavior,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use vigil_model::{Date, DocumentMeta, DocumentOutput, Event, EventKind};

/// The schema version this build writes (and the newest it can read).
pub const SCHEMA_VERSION: u32 = 9;

/// `PRAGMA application_id` of Vigil databases: "VGIL".
const APPLICATION_ID: i32 = 0x5647_494C;

/// One schema change, applied once, in order, in its own transaction.
struct Migration {
    version: u32,
    name: &'static str,
    sql: &'static str,
}

/// Which table drives a page query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Drive {
    /// The events' sort indexes.
    Events,
    /// Every matching event, in any order (aggregates: the planner picks the index).
    Scan,
    /// A country's range of `event_keys`.
    Country,
    /// An actor's range of `event_keys`.
    Actor,
}

/// One event of a page: stored JSON, event day, event id, document.
type PageRow = (String, Option<i64>, String, DocumentMeta);

/// The statements of [`Store::stats`] on SQLite. Each reads an index, never a row that
/// carries text or JSON: the documents' smallest index, the partial index of near-duplicates,
/// `events_counts`, the countries' ranges of `event_keys`, and `documents_language`
/// ([`SqliteStore::stats_plans`] shows their plans).
mod stats_sql {
    /// Documents.
    pub const DOCUMENTS: &str = "SELECT count(*) FROM documents";
    /// Near-duplicate documents.
    pub const DUPLICATES: &str = "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL";
    /// Events of originals, those undated, and the first and last event day.
    pub const EVENTS: &str =
        "SELECT count(*), count(*) - count(event_day), min(event_day), max(event_day)
         FROM events WHERE original = 1";
    /// Events of near-duplicates.
    pub const DUPLICATE_EVENTS: &str = "SELECT count(*) FROM events WHERE original = 0";
    /// (kind, events of originals).
    pub const BY_KIND: &str = "SELECT kind, count(*) FROM events WHERE original = 1 GROUP BY kind";
    /// (modality, events of originals).
    pub const BY_MODALITY: &str =
        "SELECT modality, count(*) FROM events WHERE original = 1 GROUP BY modality";
    /// (country, events of originals): one key per event and country.
    pub const BY_COUNTRY: &str = "SELECT substr(key, 3), count(*) FROM event_keys
         WHERE key >= 'c:' AND key < 'c;' AND original = 1 GROUP BY key";
    /// Every statement, for [`super::SqliteStore::stats_plans`].
    pub const ALL: [&str; 8] = [
        DOCUMENTS,
        DUPLICATES,
        EVENTS,
        DUPLICATE_EVENTS,
        BY_KIND,
        BY_MODALITY,
        BY_COUNTRY,
        crate::stats_sql::BY_LANGUAGE,
    ];
}

/// Above this many full-text matches, a query reads events in page order and tests each.
/// A full-text match set of at most this many events drives the page query; a larger one
/// filters events read in page order.
const FTS_LIST_UP_TO: usize = 1_000;

/// Fills `events.sort_key` as [`sort_key`] computes it.
macro_rules! sort_key_update {
    () => {
        "UPDATE events SET sort_key =
             printf('%d%07d', event_day IS NULL, ifnull(event_day, 0) + 1000000)
             || char(31) || (SELECT id FROM documents WHERE seq = events.doc_seq)
             || char(31) || printf('%06d', idx)"
    };
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "documents, events, roles, places, full-text indexes",
        sql: SCHEMA_V1,
    },
    Migration {
        version: 2,
        name: "when a document was captured or fetched",
        sql: "ALTER TABLE documents ADD COLUMN retrieved TEXT; -- YYYY-MM-DD",
    },
    Migration {
        version: 3,
        name: "user decisions on incidents",
        sql: "CREATE TABLE incident_splits (
                  seq     INTEGER PRIMARY KEY,
                  made_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                  groups  TEXT NOT NULL -- JSON: groups of event ids kept apart
              );",
    },
    Migration {
        version: 4,
        name: "watch rules and their deliveries",
        sql: "CREATE TABLE watch_rules (
                  name       TEXT PRIMARY KEY,
                  rule       TEXT NOT NULL, -- JSON
                  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
              );
              CREATE TABLE watch_deliveries (
                  rule         TEXT NOT NULL,
                  event_id     TEXT NOT NULL,
                  delivered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                  PRIMARY KEY (rule, event_id)
              ) WITHOUT ROWID;",
    },
    Migration {
        version: 5,
        name: "an indexed sort key for events, so pages need no sort",
        // The key orders as (undated last, event day, document id, position): see `sort_key`.
        // `original` (the event's document is no near-duplicate) rides in the indexes, so a
        // page is chosen from index entries alone.
        sql: concat!(
            "ALTER TABLE events ADD COLUMN sort_key TEXT;
             ALTER TABLE events ADD COLUMN original INTEGER NOT NULL DEFAULT 1;
             UPDATE events SET original = 0
                 WHERE doc_seq IN (SELECT seq FROM documents WHERE duplicate_of IS NOT NULL);",
            sort_key_update!(),
            ";
              CREATE INDEX events_sort ON events(sort_key, original);
              CREATE INDEX events_kind_sort ON events(kind, sort_key, original);
              -- Each event under its countries ('c:FR') and actors ('a:' + actor id or folded
              -- text of a role value or source), in page order: a country's or an actor's
              -- events are one range of this table.
              CREATE TABLE event_keys (
                  key       TEXT NOT NULL,
                  sort_key  TEXT NOT NULL,
                  original  INTEGER NOT NULL,
                  event_seq INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
                  PRIMARY KEY (key, sort_key)
              ) WITHOUT ROWID;
              INSERT OR IGNORE INTO event_keys
                  SELECT 'c:' || p.country, e.sort_key, e.original, e.seq
                  FROM event_places p JOIN events e ON e.seq = p.event_seq
                  WHERE p.country IS NOT NULL;
              INSERT OR IGNORE INTO event_keys
                  SELECT 'a:' || r.actor_id, e.sort_key, e.original, e.seq
                  FROM event_roles r JOIN events e ON e.seq = r.event_seq
                  WHERE r.actor_id IS NOT NULL;
              INSERT OR IGNORE INTO event_keys
                  SELECT 'a:' || r.folded, e.sort_key, e.original, e.seq
                  FROM event_roles r JOIN events e ON e.seq = r.event_seq;
              CREATE INDEX event_keys_event ON event_keys(event_seq);"
        ),
    },
    Migration {
        version: 6,
        name: "feeds polled on a schedule",
        sql: "CREATE TABLE feeds (
                  url           TEXT PRIMARY KEY,
                  every_secs    INTEGER NOT NULL CHECK (every_secs > 0),
                  next_due      INTEGER NOT NULL,  -- Unix seconds
                  etag          TEXT,
                  last_modified TEXT,
                  failures      INTEGER NOT NULL DEFAULT 0,
                  last_polled   INTEGER,
                  last_outcome  TEXT,
                  polls         INTEGER NOT NULL DEFAULT 0,
                  documents     INTEGER NOT NULL DEFAULT 0,
                  added_at      INTEGER NOT NULL
              );
              CREATE INDEX feeds_due ON feeds(next_due);",
    },
    Migration {
        version: 7,
        name: "the detected language of each document's text, apart from the declared one",
        // `language` held what the page declared; it now holds what was detected in the text
        // (ISO 639-1, 'und' when undetermined), NULL until detected: documents stored before
        // are detected by the next `vigil ingest` or `vigil serve` (Store::undetected_languages).
        sql: "ALTER TABLE documents ADD COLUMN declared_language TEXT;
              UPDATE documents SET declared_language = language, language = NULL;
              CREATE INDEX documents_language_undetected ON documents(seq)
                  WHERE language IS NULL;",
    },
    Migration {
        version: 8,
        name: "near-duplicate fingerprints in a narrow table of their own; counts from indexes",
        // Probing the bands of `documents` read every candidate's fingerprint from its
        // document row, text and all: at a million events most of an ingest's time. The
        // originals' fingerprints move to a table keyed by (band key, document): a probe
        // reads one short range of it. The four band indexes of `documents` go.
        sql: "CREATE TABLE IF NOT EXISTS fingerprints (
                  band_key INTEGER NOT NULL, -- band number × 65536 + the band's 16 bits
                  doc_seq  INTEGER NOT NULL, -- an original document's row key
                  simhash  INTEGER NOT NULL, -- its whole fingerprint
                  PRIMARY KEY (band_key, doc_seq)
              ) WITHOUT ROWID;
              INSERT OR IGNORE INTO fingerprints
                  SELECT band0, seq, simhash FROM documents WHERE duplicate_of IS NULL
                  UNION ALL
                  SELECT 65536 + band1, seq, simhash FROM documents WHERE duplicate_of IS NULL
                  UNION ALL
                  SELECT 131072 + band2, seq, simhash FROM documents WHERE duplicate_of IS NULL
                  UNION ALL
                  SELECT 196608 + band3, seq, simhash FROM documents WHERE duplicate_of IS NULL;
              DROP INDEX IF EXISTS documents_band0;
              DROP INDEX IF EXISTS documents_band1;
              DROP INDEX IF EXISTS documents_band2;
              DROP INDEX IF EXISTS documents_band3;
              -- The store's counts read this index alone, never an event's JSON nor a
              -- document row.
              CREATE INDEX IF NOT EXISTS events_counts
                  ON events(original, kind, modality, event_day);",
    },
    Migration {
        version: 9,
        name: "the documents' languages in an index of their own, for the count by language",
        // The count by language scanned `documents`, whose rows carry the text: at 300,000
        // events most of `vigil stats`'s time and nearly a gigabyte of mapped pages. It reads
        // this index alone now (key and row id only).
        sql: "CREATE INDEX IF NOT EXISTS documents_language ON documents(language);",
    },
];

/// The columns of a [`crate::Feed`], in the order [`feed_row`] reads them (both SQL stores).
pub(crate) const FEED_COLUMNS: &str = "url, every_secs, next_due, etag, last_modified, failures, \
     last_polled, last_outcome, polls, documents, added_at";

pub(crate) fn feed_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<crate::Feed> {
    Ok(crate::Feed {
        url: r.get(0)?,
        every_secs: r.get::<_, i64>(1)?.max(1).unsigned_abs(),
        next_due: r.get(2)?,
        etag: r.get(3)?,
        last_modified: r.get(4)?,
        failures: u32::try_from(r.get::<_, i64>(5)?).unwrap_or(u32::MAX),
        last_polled: r.get(6)?,
        last_outcome: r.get(7)?,
        polls: r.get::<_, i64>(8)?.max(0).unsigned_abs(),
        documents: r.get::<_, i64>(9)?.max(0).unsigned_abs(),
        added_at: r.get(10)?,
    })
}

const SCHEMA_V1: &str = r"
CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE documents (
    seq          INTEGER PRIMARY KEY,   -- insertion order
    id           TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    author       TEXT,
    published    TEXT,                  -- YYYY-MM-DD
    modified     TEXT,                  -- YYYY-MM-DD
    site_name    TEXT,
    language     TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    simhash      INTEGER NOT NULL,      -- the u64's bits as a signed integer
    band0        INTEGER NOT NULL,      -- simhash bits 0-15
    band1        INTEGER NOT NULL,      -- bits 16-31
    band2        INTEGER NOT NULL,      -- bits 32-47
    band3        INTEGER NOT NULL,      -- bits 48-63
    duplicate_of TEXT REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
-- Near-duplicate lookup probes originals only.
CREATE INDEX documents_band0 ON documents(band0) WHERE duplicate_of IS NULL;
CREATE INDEX documents_band1 ON documents(band1) WHERE duplicate_of IS NULL;
CREATE INDEX documents_band2 ON documents(band2) WHERE duplicate_of IS NULL;
CREATE INDEX documents_band3 ON documents(band3) WHERE duplicate_of IS NULL;
CREATE INDEX documents_duplicate_of ON documents(duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE events (
    seq        INTEGER PRIMARY KEY,
    doc_seq    INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,        -- position in the document's events
    id         TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    subtype    TEXT NOT NULL,
    modality   TEXT NOT NULL,
    event_day  INTEGER,                 -- days since 1970-01-01: time start, else published
    confidence REAL NOT NULL,
    json       TEXT NOT NULL,           -- the full Event, for an exact round trip
    UNIQUE (doc_seq, idx)
);
CREATE INDEX events_day ON events(event_day);
CREATE INDEX events_kind ON events(kind, event_day);
CREATE INDEX events_modality ON events(modality, event_day);

-- Every role value, and the in-article source as role 'source'.
CREATE TABLE event_roles (
    event_seq INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    pos       INTEGER NOT NULL,
    actor_id  TEXT,
    text      TEXT NOT NULL,
    folded    TEXT NOT NULL,            -- Unicode lower case, trimmed
    number    INTEGER,
    symbol    TEXT,
    PRIMARY KEY (event_seq, role, pos)
) WITHOUT ROWID;
CREATE INDEX event_roles_actor ON event_roles(actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX event_roles_folded ON event_roles(folded);

CREATE TABLE event_places (
    event_seq   INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    name        TEXT NOT NULL,
    text_folded TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    country     TEXT,
    admin1      TEXT,
    geonames_id INTEGER,
    precision   TEXT NOT NULL,
    lat         REAL,
    lon         REAL,
    PRIMARY KEY (event_seq, pos)
) WITHOUT ROWID;
CREATE INDEX event_places_country ON event_places(country) WHERE country IS NOT NULL;
CREATE INDEX event_places_name ON event_places(name_folded);
CREATE INDEX event_places_text ON event_places(text_folded);

-- Article text, indexed from the documents table (external content).
CREATE VIRTUAL TABLE document_fts USING fts5(
    title, text, content='documents', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO document_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO document_fts(document_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO document_fts(document_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO document_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Event text (evidence sentences, role values, places, source); rowid = events.seq.
CREATE VIRTUAL TABLE event_fts USING fts5(
    text, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_fts WHERE rowid = old.seq;
END;
";

/// How hard a commit tries to survive a power cut.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=NORMAL` (the default): in WAL mode a commit is safe against a crash of the
    /// process, and the database is never corrupted; a power cut or OS crash may lose the last
    /// commits, which a resumed ingest writes again (content hashes make that exact). One sync
    /// per checkpoint instead of one per commit.
    #[default]
    Normal,
    /// `synchronous=FULL`: the write-ahead log is synced at every commit, so a commit that
    /// returned survives a power cut too.
    Full,
}

/// How [`SqliteStore::open_with`] opens a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOptions {
    /// Create the file when it does not exist (default true); when false a missing file is
    /// [`StoreError::NotFound`].
    pub create: bool,
    /// Commit durability.
    pub durability: Durability,
    /// How long to wait for another process's lock before [`StoreError::Busy`] (default 5 s).
    pub busy_timeout: Duration,
    /// Full-text match sets to share with other handles of the same file (a server's pool);
    /// `None`: this handle keeps its own.
    pub match_cache: Option<MatchCache>,
    /// The most pages this handle keeps in its own cache, in MiB (default 16). Reads come
    /// mostly from the memory-mapped file, shared by every handle; a handle that writes much
    /// (a long ingest) keeps the index pages it dirties here between batches.
    pub cache_mib: u32,
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions {
            create: true,
            durability: Durability::Normal,
            busy_timeout: Duration::from_secs(5),
            match_cache: None,
            cache_mib: 16,
        }
    }
}

/// The default store: one SQLite file in WAL mode, with FTS5 indexes over article and event text.
///
/// Many processes may read while one writes (WAL); writers queue for up to the busy timeout.
/// A batch is one `BEGIN IMMEDIATE` transaction, so the content-hash check and the writes
/// cannot interleave with another process's batch. Foreign keys are on.
///
/// # Schema (version 1)
/// - `schema_version(version, name, applied_at)`: one row per migration applied. Migrations
///   run at open, in order, each in its own transaction; a file whose version is newer than
///   [`SCHEMA_VERSION`] is refused before anything is written. Vigil files are marked with
///   `PRAGMA application_id` `0x5647494C` ("VGIL"), so another program's database is refused.
/// - `documents`: metadata, `content_hash` (unique), `simhash` and its four 16-bit bands
///   `band0..band3`, `duplicate_of`, the normalised `text`.
/// - `fingerprints` (version 8): each original's fingerprint under its four band keys, the
///   near-duplicate lookup's own narrow table: a probe reads its key, never a document row.
/// - `documents_language` (version 9): an index of the documents' detected languages, so the
///   count by language reads index entries, never a document row.
/// - `events`: one row per event with `kind`, `subtype`, `modality`, `event_day` (days since
///   1970-01-01 of the resolved time start, else of the publication date), `confidence`, and
///   the whole `Event` as JSON for an exact round trip.
/// - `event_roles`: every role value (and the in-article source, as role `source`) with its
///   actor id and case-folded text: the actor filter.
/// - `event_places`: every place with its country and case-folded name and text.
/// - `document_fts`: FTS5 over title and text (external content, kept by triggers);
///   `event_fts`: contentless FTS5 over evidence, role values, places and source. Both use
///   `unicode61 remove_diacritics 2`.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    location: String,
    file: Option<PathBuf>,
    busy_timeout: Duration,
    match_cache: MatchCache,
    /// The match sets of the statement being prepared, read by `vigil_matches`.
    pinned: Pinned,
}

/// Match sets by key, for the SQL function `vigil_matches(key, seq)` of one connection.
type Pinned = Arc<Mutex<Vec<(String, Arc<MatchSet>)>>>;

/// Maps SQLite errors to store errors that name the database.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    path: &'a str,
    busy_timeout: Duration,
}

impl<'a> Ctx<'a> {
    fn err(self, context: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + 'a {
        move |e| self.map(context, e)
    }

    fn map(self, context: &'static str, e: rusqlite::Error) -> StoreError {
        let path = self.path.to_string();
        if let rusqlite::Error::SqliteFailure(f, msg) = &e {
            match f.code {
                ErrorCode::NotADatabase => return StoreError::NotADatabase { path },
                ErrorCode::DatabaseCorrupt => {
                    return StoreError::Corrupt {
                        path,
                        detail: msg.clone().unwrap_or_else(|| e.to_string()),
                    }
                }
                ErrorCode::OperationInterrupted => {
                    return StoreError::Interrupted { path, context }
                }
                ErrorCode::DiskFull => {
                    return StoreError::Full {
                        path,
                        detail: msg
                            .clone()
                            .unwrap_or_else(|| "database or disk is full".into()),
                    }
                }
                // A write(2) that failed (EFBIG past a file size limit, EIO): most often space.
                ErrorCode::SystemIoFailure
                    if matches!(
                        f.extended_code,
                        rusqlite::ffi::SQLITE_IOERR_WRITE
                            | rusqlite::ffi::SQLITE_IOERR_FSYNC
                            | rusqlite::ffi::SQLITE_IOERR_TRUNCATE
                            | rusqlite::ffi::SQLITE_IOERR_SHMSIZE
                    ) =>
                {
                    return StoreError::Full {
                        path,
                        detail: format!(
                            "{context}: {}",
                            msg.clone().unwrap_or_else(|| e.to_string())
                        ),
                    }
                }
                ErrorCode::ReadOnly => return StoreError::ReadOnly { path },
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                    return StoreError::Busy {
                        path,
                        waited: self.busy_timeout,
                    }
                }
                _ => {}
            }
            if msg.as_deref().is_some_and(|m| m.starts_with("fts5:")) {
                return StoreError::InvalidQuery {
                    path,
                    problem: msg.clone().unwrap_or_default(),
                };
            }
        }
        StoreError::Database {
            path,
            context,
            source: Box::new(e),
        }
    }

    fn corrupt(self, detail: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.into(),
            detail,
        }
    }

    fn invalid(self, id: &str, problem: String) -> StoreError {
        StoreError::InvalidDocument {
            path: self.path.into(),
            id: id.into(),
            problem,
        }
    }
}

impl SqliteStore {
    /// Opens the database at `path`, creating it when missing, and brings its schema up to
    /// [`SCHEMA_VERSION`].
    ///
    /// # Errors
    /// [`StoreError::NotADatabase`], [`StoreError::NotVigil`], [`StoreError::NewerSchema`],
    /// [`StoreError::Corrupt`], [`StoreError::Busy`], or a database error naming the path.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        SqliteStore::open_with(path, &OpenOptions::default())
    }

    /// Opens with options.
    ///
    /// # Errors
    /// As [`SqliteStore::open`]; [`StoreError::NotFound`] when `create` is false and the file
    /// is missing.
    pub fn open_with(path: impl AsRef<Path>, opts: &OpenOptions) -> Result<SqliteStore> {
        let path = path.as_ref();
        let location = path.display().to_string();
        let ctx = Ctx {
            path: &location,
            busy_timeout: opts.busy_timeout,
        };
        if !opts.create && !path.exists() {
            return Err(StoreError::NotFound { path: location });
        }
        let cannot_open = |why: String| StoreError::Database {
            path: location.clone(),
            context: "cannot open",
            source: why.into(),
        };
        if path.is_dir() {
            return Err(cannot_open("it is a directory".into()));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.is_dir() {
                return Err(cannot_open(format!(
                    "the directory {} does not exist",
                    parent.display()
                )));
            }
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if opts.create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(ctx.err("cannot open"))?;
        SqliteStore::init(conn, location.clone(), Some(path.to_path_buf()), opts)
    }

    /// A private database in memory (no WAL, no file), mostly for tests.
    ///
    /// # Errors
    /// A database error.
    pub fn in_memory() -> Result<SqliteStore> {
        let location = ":memory:".to_string();
        let opts = OpenOptions::default();
        let conn = Connection::open_in_memory().map_err(
            Ctx {
                path: &location,
                busy_timeout: opts.busy_timeout,
            }
            .err("cannot open"),
        )?;
        SqliteStore::init(conn, location, None, &opts)
    }

    /// The JSON values of a one-column query, decoded.
    fn json_rows<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        what: &'static str,
    ) -> Result<Vec<T>> {
        let err = self.ctx().err(what);
        let mut st = self.conn.prepare(sql).map_err(&err)?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(&err)?;
        rows.iter()
            .map(|j| {
                serde_json::from_str(j).map_err(|e| StoreError::InvalidDocument {
                    path: self.location.clone(),
                    id: what.into(),
                    problem: format!("stored value is not valid JSON: {e}"),
                })
            })
            .collect()
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            path: &self.location,
            busy_timeout: self.busy_timeout,
        }
    }

    fn init(
        mut conn: Connection,
        location: String,
        file: Option<PathBuf>,
        opts: &OpenOptions,
    ) -> Result<SqliteStore> {
        let ctx = Ctx {
            path: &location,
            busy_timeout: opts.busy_timeout,
        };
        conn.busy_timeout(opts.busy_timeout)
            .map_err(ctx.err("set busy timeout"))?;
        // Reading the header first: garbage fails here with "file is not a database", before
        // anything is written. Header and schema are read in one transaction, so a process
        // creating the same new file meanwhile is seen either not at all or whole.
        let (app_id, objects): (i32, i64) = {
            let read = conn.transaction().map_err(ctx.err("read header"))?;
            let app_id = read
                .pragma_query_value(None, "application_id", |r| r.get(0))
                .map_err(ctx.err("read header"))?;
            let objects = read
                .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
                .map_err(ctx.err("read schema"))?;
            read.commit().map_err(ctx.err("read header"))?;
            (app_id, objects)
        };
        if app_id != APPLICATION_ID {
            if app_id != 0 {
                return Err(StoreError::NotVigil {
                    path: location,
                    reason: format!("its application id {app_id:#010x} is another program's"),
                });
            }
            if objects > 0 {
                return Err(StoreError::NotVigil {
                    path: location,
                    reason: format!("it holds {objects} tables or indexes of another program"),
                });
            }
        } else {
            let found = current_version(&conn).map_err(ctx.err("read schema version"))?;
            let Some(found) = found else {
                return Err(StoreError::NotVigil {
                    path: location,
                    reason: "its schema_version table is missing".into(),
                });
            };
            if found > SCHEMA_VERSION {
                return Err(StoreError::NewerSchema {
                    path: location,
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
        }
        if file.is_some() {
            let mode: String = conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
                .map_err(ctx.err("enable WAL"))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Database {
                    path: location,
                    context: "enable WAL",
                    source: format!("the journal mode stayed {mode:?}").into(),
                });
            }
        }
        let sync = match opts.durability {
            Durability::Normal => "NORMAL",
            Durability::Full => "FULL",
        };
        conn.pragma_update(None, "synchronous", sync)
            .map_err(ctx.err("set synchronous"))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(ctx.err("enable foreign keys"))?;
        // Plans do not depend on bound values: otherwise SQLite marks a statement with
        // `LIMIT ?` to be prepared again at every new binding, which was a quarter of a loaded
        // server's time.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(ctx.err("set query planner stability"))?;
        // Reads map the file (shared with the operating system's cache and the other handles)
        // instead of copying pages through read(2); each handle keeps `cache_mib` of pages.
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)
            .map_err(ctx.err("set mmap_size"))?;
        conn.pragma_update(None, "cache_size", -1024 * i64::from(opts.cache_mib.max(1)))
            .map_err(ctx.err("set cache_size"))?;
        migrate(&mut conn, MIGRATIONS).map_err(|e| ctx.map("migrate schema", e))?;
        let pinned = Pinned::default();
        register_matches(&conn, Arc::clone(&pinned)).map_err(ctx.err("register functions"))?;
        Ok(SqliteStore {
            conn,
            location,
            file,
            busy_timeout: opts.busy_timeout,
            match_cache: opts.match_cache.clone().unwrap_or_default(),
            pinned,
        })
    }

    /// The schema version of the open database.
    ///
    /// # Errors
    /// A database error.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(current_version(&self.conn)
            .map_err(self.ctx().err("read schema version"))?
            .unwrap_or(0))
    }

    /// The database file, `None` in memory.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Row counts of every table, including the full-text indexes (`document_fts`,
    /// `event_fts`: indexed rows), for diagnostics and tests.
    ///
    /// # Errors
    /// A database error.
    pub fn row_counts(&self) -> Result<BTreeMap<&'static str, u64>> {
        let tables = [
            ("documents", "documents"),
            ("events", "events"),
            ("event_roles", "event_roles"),
            ("event_places", "event_places"),
            ("document_fts", "document_fts_docsize"),
            ("event_fts", "event_fts_docsize"),
            ("schema_version", "schema_version"),
        ];
        let mut out = BTreeMap::new();
        for (name, table) in tables {
            let n: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .map_err(self.ctx().err("count rows"))?;
            out.insert(name, n as u64);
        }
        Ok(out)
    }

    /// Runs SQLite's integrity check and FTS5's over both full-text indexes.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] with what the checks found.
    pub fn integrity_check(&self) -> Result<()> {
        let ctx = self.ctx();
        let mut problems = Vec::new();
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(ctx.err("integrity check"))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(ctx.err("integrity check"))?;
        for row in rows {
            let line = row.map_err(ctx.err("integrity check"))?;
            if line != "ok" {
                problems.push(line);
            }
        }
        for fts in ["document_fts", "event_fts"] {
            let sql = format!("INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)");
            if let Err(e) = self.conn.execute(&sql, []) {
                problems.push(format!("{fts}: {e}"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ctx.corrupt(problems.join("; ")))
        }
    }

    /// The events `expr` matches in `scope`, from the cache when this revision of the store
    /// has computed them; pinned for `vigil_matches` under the returned key.
    fn match_set(&self, expr: &str, scope: TextScope) -> Result<(String, Arc<MatchSet>)> {
        let key = format!("{scope:?}\u{1f}{expr}");
        let revision = self.revision()?;
        let set = match self.match_cache.get(revision, &key) {
            Some(set) => set,
            None => {
                let err = self.ctx().err("read full-text matches");
                let mut seqs = Vec::new();
                let mut read = |sql: &str| -> Result<()> {
                    let mut st = self.conn.prepare_cached(sql).map_err(&err)?;
                    let rows = st.query_map([expr], |r| r.get::<_, i64>(0)).map_err(&err)?;
                    for r in rows {
                        seqs.push(r.map_err(&err)?);
                    }
                    Ok(())
                };
                if scope != TextScope::Documents {
                    read("SELECT rowid FROM event_fts WHERE event_fts MATCH ?1")?;
                }
                if scope != TextScope::Events {
                    read(
                        "SELECT e.seq FROM events e WHERE e.doc_seq IN
                         (SELECT rowid FROM document_fts WHERE document_fts MATCH ?1)",
                    )?;
                }
                let set = Arc::new(MatchSet::new(seqs, FTS_LIST_UP_TO));
                self.match_cache
                    .put(revision, key.clone(), Arc::clone(&set));
                set
            }
        };
        let mut pinned = self.pinned.lock().unwrap_or_else(PoisonError::into_inner);
        pinned.retain(|(k, _)| *k != key);
        pinned.push((key.clone(), Arc::clone(&set)));
        if pinned.len() > 4 {
            pinned.remove(0);
        }
        Ok((key, set))
    }

    fn fts_expr(&self, text: &str) -> Result<String> {
        textquery::parse(text)
            .map(|e| e.to_fts5())
            .map_err(|problem| StoreError::InvalidQuery {
                path: self.location.clone(),
                problem,
            })
    }
}

/// Registers `vigil_matches(key, seq)`: whether event `seq` is in the match set pinned under
/// `key` (looked up once per statement).
fn register_matches(conn: &Connection, pinned: Pinned) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "vigil_matches",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DIRECTONLY,
        move |ctx| {
            let set = ctx.get_or_create_aux(0, |key| -> std::result::Result<_, String> {
                let key = key.as_str().map_err(|e| e.to_string())?;
                let pinned = pinned.lock().unwrap_or_else(PoisonError::into_inner);
                pinned
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, set)| Arc::clone(set))
                    .ok_or_else(|| format!("no match set is pinned under {key:?}"))
            })?;
            Ok(set.contains(ctx.get::<i64>(1)?))
        },
    )
}

/// The newest applied migration, `None` without a `schema_version` table.
fn current_version(conn: &Connection) -> rusqlite::Result<Option<u32>> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    let v: Option<i64> =
        conn.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?;
    Ok(Some(v.map_or(0, |v| u32::try_from(v).unwrap_or(u32::MAX))))
}

/// Applies the migrations the database lacks, in order, each in its own write transaction.
/// The version is re-read inside the transaction, so two processes opening a new file at once
/// apply each migration once.
fn migrate(conn: &mut Connection, migrations: &[Migration]) -> rusqlite::Result<()> {
    // Up to date: no write lock taken, so opening never waits for another process's writes.
    let latest = migrations.iter().map(|m| m.version).max().unwrap_or(0);
    if current_version(conn)?.unwrap_or(0) >= latest {
        return Ok(());
    }
    for m in migrations {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if current_version(&tx)?.unwrap_or(0) >= m.version {
            continue;
        }
        tx.execute_batch(m.sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, name) VALUES (?1, ?2)",
            params![i64::from(m.version), m.name],
        )?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

pub(crate) fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// How much of the file a handle maps for its reads.
const MMAP_BYTES: i64 = 1 << 30;

pub(crate) const META_COLUMNS: &str =
    "d.id, d.source, d.url, d.title, d.published, d.site_name, d.duplicate_of, d.language";

/// Reads [`META_COLUMNS`] starting at column `at`.
fn meta_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<(DocumentMeta, Option<String>)> {
    let published: Option<String> = row.get(at + 4)?;
    Ok((
        DocumentMeta {
            id: row.get(at)?,
            source: row.get(at + 1)?,
            url: row.get(at + 2)?,
            title: row.get(at + 3)?,
            published: None,
            site_name: row.get(at + 5)?,
            duplicate_of: row.get(at + 6)?,
            language: row.get(at + 7)?,
        },
        published,
    ))
}

impl SqliteStore {
    fn parse_date(&self, s: Option<String>) -> Result<Option<Date>> {
        s.map(|s| s.parse::<Date>().map_err(|e| self.ctx().corrupt(e)))
            .transpose()
    }

    fn finish_meta(
        &self,
        (mut meta, published): (DocumentMeta, Option<String>),
    ) -> Result<DocumentMeta> {
        meta.published = self.parse_date(published)?;
        Ok(meta)
    }

    fn parse_event(&self, json: &str) -> Result<Event> {
        serde_json::from_str(json).map_err(|e| {
            self.ctx()
                .corrupt(format!("stored event does not parse: {e}"))
        })
    }

    fn metas(&self, sql: &str, args: Vec<Value>) -> Result<Vec<DocumentMeta>> {
        let ctx = self.ctx();
        let mut stmt = self.conn.prepare(sql).map_err(ctx.err("list documents"))?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| meta_from_row(r, 0))
            .map_err(ctx.err("list documents"))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(self.finish_meta(row.map_err(ctx.err("list documents"))?)?);
        }
        Ok(out)
    }

    /// [`Store::each_output`]'s pass, as the handle is set up.
    fn read_outputs(&self, each: &mut dyn FnMut(DocumentMeta, DocumentOutput)) -> Result<()> {
        let ctx = self.ctx();
        let err = ctx.err("read documents");
        let mut docs = self
            .conn
            .prepare(&format!(
                "SELECT {META_COLUMNS}, d.seq FROM documents d
                 WHERE d.duplicate_of IS NULL ORDER BY d.id"
            ))
            .map_err(&err)?;
        let mut events = self
            .conn
            .prepare_cached("SELECT json FROM events WHERE doc_seq = ?1 ORDER BY idx")
            .map_err(&err)?;
        let mut rows = docs.query([]).map_err(&err)?;
        while let Some(row) = rows.next().map_err(&err)? {
            let meta = self.finish_meta(meta_from_row(row, 0).map_err(&err)?)?;
            let seq: i64 = row.get(8).map_err(&err)?;
            let mut out = Vec::new();
            let mut found = events.query([seq]).map_err(&err)?;
            while let Some(e) = found.next().map_err(&err)? {
                let json: String = e.get(0).map_err(&err)?;
                out.push(self.parse_event(&json)?);
            }
            // The output's header, as `Store::output` gives it.
            let document = DocumentMeta {
                url: None,
                site_name: None,
                duplicate_of: None,
                ..meta.clone()
            };
            each(
                meta,
                DocumentOutput {
                    document,
                    events: out,
                },
            );
        }
        Ok(())
    }

    fn write_batch(
        &mut self,
        batch: &[(StoredDoc, DocumentOutput)],
    ) -> std::result::Result<BatchOutcome, WriteError<rusqlite::Error>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(WriteError::Sql)?;
        let outcome = batch::write(
            &mut SqliteBatch::prepare(&tx).map_err(WriteError::Sql)?,
            batch,
        )?;
        tx.commit().map_err(WriteError::Sql)?;
        Ok(outcome)
    }
}

/// The statements of the batch plan ([`batch::write`]) in SQLite's dialect: documents with
/// their SimHash bands, events with their roles, places, filter keys and full-text row.
struct SqliteBatch<'t> {
    conn: &'t Connection,
    by_hash: rusqlite::Statement<'t>,
    by_id: rusqlite::Statement<'t>,
    event_taken: rusqlite::Statement<'t>,
    ins_doc: rusqlite::Statement<'t>,
    ins_event: rusqlite::Statement<'t>,
    ins_role: rusqlite::Statement<'t>,
    ins_place: rusqlite::Statement<'t>,
    ins_fts: rusqlite::Statement<'t>,
    ins_key: rusqlite::Statement<'t>,
    ins_fingerprint: rusqlite::Statement<'t>,
}

impl<'t> SqliteBatch<'t> {
    fn prepare(conn: &'t Connection) -> rusqlite::Result<SqliteBatch<'t>> {
        Ok(SqliteBatch {
            conn,
            by_hash: conn.prepare("SELECT id FROM documents WHERE content_hash = ?1")?,
            by_id: conn.prepare("SELECT content_hash FROM documents WHERE id = ?1")?,
            event_taken: conn.prepare("SELECT 1 FROM events WHERE id = ?1")?,
            ins_doc: conn.prepare(
                "INSERT INTO documents (id, source, url, title, author, published, modified,
                     site_name, language, content_hash, simhash, band0, band1, band2, band3,
                     duplicate_of, text, retrieved, declared_language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19)",
            )?,
            ins_event: conn.prepare(
                "INSERT INTO events (doc_seq, idx, id, kind, subtype, modality, event_day,
                     confidence, json, sort_key, original)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            ins_role: conn.prepare(
                "INSERT INTO event_roles (event_seq, role, pos, actor_id, text, folded, number, symbol)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            ins_place: conn.prepare(
                "INSERT INTO event_places (event_seq, pos, text, name, text_folded, name_folded,
                     country, admin1, geonames_id, precision, lat, lon)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            ins_fts: conn.prepare("INSERT INTO event_fts (rowid, text) VALUES (?1, ?2)")?,
            ins_key: conn.prepare(
                "INSERT OR IGNORE INTO event_keys (key, sort_key, original, event_seq)
                 VALUES (?1, ?2, ?3, ?4)",
            )?,
            ins_fingerprint: conn.prepare(
                "INSERT INTO fingerprints (band_key, doc_seq, simhash) VALUES (?1, ?2, ?3)",
            )?,
        })
    }
}

impl BatchSql for SqliteBatch<'_> {
    type Error = rusqlite::Error;

    fn hash_stored(&mut self, content_hash: &str) -> rusqlite::Result<bool> {
        Ok(self
            .by_hash
            .query_row([content_hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn hash_of(&mut self, id: &str) -> rusqlite::Result<Option<String>> {
        self.by_id.query_row([id], |r| r.get(0)).optional()
    }

    fn event_stored(&mut self, id: &str) -> rusqlite::Result<bool> {
        Ok(self
            .event_taken
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn insert_document(
        &mut self,
        doc: &StoredDoc,
        [b0, b1, b2, b3]: [u16; 4],
    ) -> rusqlite::Result<Option<i64>> {
        self.ins_doc.execute(params![
            doc.id,
            doc.source,
            doc.url,
            doc.title,
            doc.author,
            date_text(doc.published),
            date_text(doc.modified),
            doc.site_name,
            doc.language,
            doc.content_hash,
            doc.simhash as i64,
            b0,
            b1,
            b2,
            b3,
            doc.duplicate_of,
            doc.text,
            date_text(doc.retrieved),
            doc.declared_language,
        ])?;
        let seq = self.conn.last_insert_rowid();
        if doc.duplicate_of.is_none() {
            for key in band_keys(doc.simhash) {
                self.ins_fingerprint
                    .execute(params![key, seq, doc.simhash as i64])?;
            }
        }
        Ok(Some(seq))
    }

    fn insert_event(&mut self, doc_seq: i64, row: &EventRow<'_>) -> rusqlite::Result<()> {
        let e = row.event;
        self.ins_event.execute(params![
            doc_seq,
            row.idx as i64,
            e.id,
            e.kind.as_str(),
            e.subtype,
            e.modality.as_str(),
            row.event_day,
            e.confidence,
            row.json,
            row.sort_key,
            row.original,
        ])?;
        let seq = self.conn.last_insert_rowid();
        for r in &row.roles {
            self.ins_role.execute(params![
                seq,
                r.role,
                r.pos as i64,
                r.actor_id,
                r.text,
                r.folded,
                r.number,
                r.symbol,
            ])?;
        }
        for p in &row.places {
            self.ins_place.execute(params![
                seq,
                p.pos as i64,
                p.text,
                p.name,
                p.text_folded,
                p.name_folded,
                p.country,
                p.admin1,
                p.geonames_id,
                p.precision,
                p.lat,
                p.lon,
            ])?;
        }
        for key in &row.keys {
            self.ins_key
                .execute(params![key, row.sort_key, row.original, seq])?;
        }
        self.ins_fts.execute(params![seq, row.search_text])?;
        Ok(())
    }
}

impl SqliteStore {
    /// The events `q` selects, in order: stored JSON, event day, event id, document.
    /// The page of `q` as a query of event sequence numbers (`s`) and sort keys (`k`), with
    /// its arguments.
    fn page_sql(&self, q: &Query) -> Result<(String, Vec<Value>)> {
        // A country or an actor (given as an id or in lower case) is one range of
        // `event_keys`, already in page order: it drives the query. Otherwise the events'
        // sort indexes do.
        let driver = match (&q.country, &q.actor) {
            (Some(c), _) => Some((
                Drive::Country,
                format!("c:{}", c.trim().to_ascii_uppercase()),
            )),
            (None, Some(a)) if a.trim() == fold(a) => {
                Some((Drive::Actor, format!("a:{}", fold(a))))
            }
            _ => None,
        };
        let (drive, key) = driver.map_or((Drive::Events, None), |(d, k)| (d, Some(k)));
        let (conditions, mut args) = self.conditions(q, drive)?;
        // The page is chosen over narrow rows (sequence and sort key); only its events' JSON
        // is read.
        let mut page = match key {
            Some(key) => {
                args.push(Value::Text(key));
                format!(
                    "SELECT k.event_seq AS s, k.sort_key AS k
                     FROM event_keys k JOIN events e ON e.seq = k.event_seq{conditions}
                     AND k.key = ? ORDER BY k.sort_key"
                )
            }
            None => format!(
                "SELECT e.seq AS s, e.sort_key AS k FROM events e{conditions} ORDER BY e.sort_key"
            ),
        };
        if q.limit.is_some() || q.offset.is_some() {
            page.push_str(" LIMIT ? OFFSET ?");
            let n = |v: usize| Value::Integer(i64::try_from(v).unwrap_or(i64::MAX));
            args.push(q.limit.map_or(Value::Integer(-1), n));
            args.push(n(q.offset.unwrap_or(0)));
        }
        Ok((page, args))
    }

    /// The steps SQLite plans for choosing a page of `q` (the detail column of `EXPLAIN QUERY
    /// PLAN`, one line per step): for finding why a query is slow, and for tests that a page
    /// is read in index order.
    ///
    /// # Errors
    /// A malformed full-text query or a database error.
    pub fn page_plan(&self, q: &Query) -> Result<Vec<String>> {
        let err = self.ctx().err("plan a query");
        let (page, args) = self.page_sql(q)?;
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {page}"))
            .map_err(&err)?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| r.get::<_, String>(3))
            .map_err(&err)?;
        rows.collect::<rusqlite::Result<Vec<String>>>()
            .map_err(&err)
    }

    /// Each statement of [`Store::stats`] with the steps SQLite plans for it (the detail
    /// column of `EXPLAIN QUERY PLAN`): for tests that the counts read indexes only, never a
    /// row that carries text or JSON.
    ///
    /// # Errors
    /// A database error.
    pub fn stats_plans(&self) -> Result<Vec<(&'static str, Vec<String>)>> {
        let err = self.ctx().err("plan the stats");
        stats_sql::ALL
            .iter()
            .map(|sql| {
                let mut stmt = self
                    .conn
                    .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .map_err(&err)?;
                let rows = stmt
                    .query_map([], |r| r.get::<_, String>(3))
                    .map_err(&err)?;
                let plan = rows
                    .collect::<rusqlite::Result<Vec<String>>>()
                    .map_err(&err)?;
                Ok((*sql, plan))
            })
            .collect()
    }

    fn page_rows(&self, q: &Query) -> Result<Vec<PageRow>> {
        let ctx = self.ctx();
        let (page, args) = self.page_sql(q)?;
        let sql = format!(
            "SELECT e.json, e.event_day, e.id, {META_COLUMNS}
             FROM ({page}) AS pg JOIN events e ON e.seq = pg.s JOIN documents d ON d.seq = e.doc_seq
             ORDER BY pg.k"
        );
        let mut stmt = self
            .conn
            .prepare_cached(&sql)
            .map_err(ctx.err("query events"))?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                    meta_from_row(r, 3)?,
                ))
            })
            .map_err(ctx.err("query events"))?;
        let mut out = Vec::new();
        for row in rows {
            let (json, event_day, id, meta) = row.map_err(ctx.err("query events"))?;
            out.push((json, event_day, id, self.finish_meta(meta)?));
        }
        Ok(out)
    }

    /// The conditions of `q` over `events e JOIN documents d`, with their arguments.
    fn conditions(&self, q: &Query, drive: Drive) -> Result<(String, Vec<Value>)> {
        let mut sql = String::from(" WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        // Order and duplicates come from the driving table's entries.
        let t = if matches!(drive, Drive::Events | Drive::Scan) {
            "e"
        } else {
            "k"
        };
        if !q.include_duplicates {
            // A page never selects by this flag (nearly every event is an original): with it
            // usable, SQLite chose `events_counts (original=?)` for a page with no other filter,
            // read every event and sorted them (0.4 s at 100,000 events), instead of reading
            // `events_sort` in order and stopping at the page's end. `+` keeps it a test.
            let plus = if drive == Drive::Events { "+" } else { "" };
            sql.push_str(&format!(" AND {plus}{t}.original = 1"));
        }
        if !q.kinds.is_empty() {
            let marks = vec!["?"; q.kinds.len()].join(", ");
            sql.push_str(&format!(" AND e.kind IN ({marks})"));
            args.extend(q.kinds.iter().map(|k| Value::Text(k.as_str().into())));
        }
        if let Some(m) = q.modality {
            sql.push_str(" AND e.modality = ?");
            args.push(Value::Text(m.as_str().into()));
        }
        // Dates are ranges of the sort key (which begins with the day; undated keys begin with
        // "1"), so a page is read from its place in the index.
        if let Some(from) = q.from {
            sql.push_str(&format!(" AND {t}.sort_key >= ?"));
            args.push(Value::Text(sort_key(Some(from.to_days()), "", 0)));
        }
        if let Some(to) = q.to {
            sql.push_str(&format!(" AND {t}.sort_key < ?"));
            args.push(Value::Text(sort_key(Some(to.to_days() + 1), "", 0)));
        } else if q.from.is_some() {
            sql.push_str(&format!(" AND {t}.sort_key < '1'"));
        }
        if let Some(actor) = q.actor.as_ref().filter(|_| drive != Drive::Actor) {
            // Correlated, so that a page is read in index order and stops when full.
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM event_roles r WHERE r.event_seq = e.seq
                              AND (r.actor_id = ? OR r.folded = ?))",
            );
            args.push(Value::Text(actor.trim().into()));
            args.push(Value::Text(fold(actor)));
        }
        if !q.actor_ids.is_empty() {
            let marks = vec!["?"; q.actor_ids.len()].join(", ");
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM event_roles r WHERE r.event_seq = e.seq
                              AND r.actor_id IN ({marks}))"
            ));
            args.extend(q.actor_ids.iter().map(|a| Value::Text(a.trim().into())));
        }
        if let Some(country) = q.country.as_ref().filter(|_| drive != Drive::Country) {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM event_places p WHERE p.event_seq = e.seq
                              AND p.country = ?)",
            );
            args.push(Value::Text(country.trim().to_ascii_uppercase()));
        }
        if let Some(place) = &q.place {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM event_places p WHERE p.event_seq = e.seq
                              AND (p.name_folded = ? OR p.text_folded = ?))",
            );
            args.push(Value::Text(fold(place)));
            args.push(Value::Text(fold(place)));
        }
        if let Some(text) = &q.text {
            let expr = self.fts_expr(text)?;
            // Few matches: the query reads them (by sequence number) and orders them. Many:
            // it reads events in page order and tests each against the set, so a page stops
            // early.
            let (key, set) = self.match_set(&expr, q.text_scope)?;
            match set.list() {
                Some(list) => {
                    sql.push_str(" AND e.seq IN (SELECT value FROM json_each(?))");
                    let list: Vec<String> = list.iter().map(i64::to_string).collect();
                    args.push(Value::Text(format!("[{}]", list.join(","))));
                }
                None => {
                    sql.push_str(" AND vigil_matches(?, e.seq)");
                    args.push(Value::Text(key));
                }
            }
        }
        Ok((sql, args))
    }
}

impl Store for SqliteStore {
    fn location(&self) -> &str {
        &self.location
    }

    fn has_hash(&self, content_hash: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT id FROM documents WHERE content_hash = ?1",
                [content_hash],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.ctx().err("look up content hash"))
    }

    fn near_duplicate(&self, simhash: u64, max_distance: u32) -> Result<Option<String>> {
        let err = self.ctx().err("near-duplicate");
        let mut nearest = Nearest::new(simhash, max_distance);
        let mut weigh = |stmt: &mut rusqlite::CachedStatement<'_>, key: i64| {
            let mut rows = stmt.query([key]).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let (seq, h): (i64, i64) = (r.get(0).map_err(&err)?, r.get(1).map_err(&err)?);
                nearest.consider(seq, h as u64);
            }
            Ok::<(), StoreError>(())
        };
        match probe_radius(max_distance) {
            Some(radius) => {
                let mut stmt = self
                    .conn
                    .prepare_cached("SELECT doc_seq, simhash FROM fingerprints WHERE band_key = ?1")
                    .map_err(&err)?;
                for key in probe_keys(simhash, radius) {
                    weigh(&mut stmt, key)?;
                }
            }
            // Band 0's keys (below 2¹⁶) list every original once.
            None => {
                let mut stmt = self
                    .conn
                    .prepare_cached("SELECT doc_seq, simhash FROM fingerprints WHERE band_key < ?1")
                    .map_err(&err)?;
                weigh(&mut stmt, 1 << 16)?;
            }
        }
        let Some(seq) = nearest.seq() else {
            return Ok(None);
        };
        self.conn
            .prepare_cached("SELECT id FROM documents WHERE seq = ?1")
            .and_then(|mut st| st.query_row([seq], |r| r.get(0)).optional())
            .map_err(&err)
    }

    fn put_batch(&mut self, batch: &[(StoredDoc, DocumentOutput)]) -> Result<BatchOutcome> {
        validate_batch(batch, &self.location)?;
        match self.write_batch(batch) {
            Ok(outcome) => Ok(outcome),
            Err(WriteError::Sql(e)) => Err(self.ctx().map("write batch", e)),
            Err(WriteError::Invalid(id, problem)) => Err(self.ctx().invalid(&id, problem)),
        }
    }

    fn query(&self, q: &Query) -> Result<Vec<EventRecord>> {
        self.page_rows(q)?
            .into_iter()
            .map(|(json, event_day, _, meta)| {
                Ok(EventRecord {
                    event: self.parse_event(&json)?,
                    document: meta,
                    event_date: event_day.map(Date::from_days),
                })
            })
            .collect()
    }

    fn query_json(&self, q: &Query) -> Result<Vec<crate::JsonRecord>> {
        self.page_rows(q)?
            .into_iter()
            .map(|(json, event_day, id, meta)| {
                Ok(crate::JsonRecord {
                    id,
                    event: json,
                    document: meta,
                    event_date: event_day.map(Date::from_days),
                })
            })
            .collect()
    }

    fn event_ids(&self, q: &Query) -> Result<Vec<String>> {
        let err = self.ctx().err("query event ids");
        let (page, args) = self.page_sql(q)?;
        let sql =
            format!("SELECT e.id FROM ({page}) AS pg JOIN events e ON e.seq = pg.s ORDER BY pg.k");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| r.get::<_, String>(0))
            .map_err(&err)?;
        rows.collect::<rusqlite::Result<Vec<String>>>()
            .map_err(&err)
    }

    fn interrupter(&self) -> Option<crate::Interrupter> {
        let handle = self.conn.get_interrupt_handle();
        Some(Arc::new(move || handle.interrupt()))
    }

    fn revision(&self) -> Result<u64> {
        self.conn
            .prepare_cached(
                "SELECT (SELECT ifnull(max(seq), 0) FROM documents),
                        (SELECT count(*) FROM incident_splits)",
            )
            .and_then(|mut st| {
                st.query_row([], |r| {
                    Ok(((r.get::<_, i64>(0)? as u64) << 20) + r.get::<_, i64>(1)? as u64)
                })
            })
            .map_err(self.ctx().err("revision"))
    }

    fn timeline(&self, q: &Query) -> Result<Vec<crate::DayCount>> {
        let ctx = self.ctx();
        let (conditions, args) = self.conditions(q, Drive::Scan)?;
        let sql = format!(
            "SELECT e.event_day, e.kind, count(*)
             FROM events e JOIN documents d ON d.seq = e.doc_seq{conditions}
             GROUP BY e.event_day, e.kind
             ORDER BY e.event_day IS NULL, e.event_day, e.kind"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(ctx.err("timeline"))?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(ctx.err("timeline"))?;
        let mut out = Vec::new();
        for row in rows {
            let (day, kind, count) = row.map_err(ctx.err("timeline"))?;
            let kind = EventKind::parse(&kind)
                .ok_or_else(|| ctx.corrupt(format!("unknown event kind {kind:?}")))?;
            out.push(crate::DayCount {
                date: day.map(Date::from_days),
                kind,
                count: u64::try_from(count).unwrap_or(0),
            });
        }
        Ok(out)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDoc>> {
        let ctx = self.ctx();
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {META_COLUMNS}, d.author, d.modified, d.declared_language, d.content_hash,
                        d.simhash, d.text, d.retrieved
                 FROM documents d WHERE d.id = ?1"
            ))
            .map_err(ctx.err("read document"))?
            .query_row([id], |r| {
                Ok((
                    meta_from_row(r, 0)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, String>(11)?,
                    r.get::<_, i64>(12)?,
                    r.get::<_, String>(13)?,
                    r.get::<_, Option<String>>(14)?,
                ))
            })
            .optional()
            .map_err(ctx.err("read document"))?;
        let Some((meta, author, modified, declared, content_hash, simhash, text, retrieved)) = row
        else {
            return Ok(None);
        };
        let meta = self.finish_meta(meta)?;
        Ok(Some(StoredDoc {
            id: meta.id,
            source: meta.source,
            url: meta.url,
            title: meta.title,
            author,
            published: meta.published,
            modified: self.parse_date(modified)?,
            site_name: meta.site_name,
            language: meta.language,
            declared_language: declared,
            content_hash,
            simhash: simhash as u64,
            duplicate_of: meta.duplicate_of,
            text,
            retrieved: self.parse_date(retrieved)?,
        }))
    }

    fn documents(&self, include_duplicates: bool) -> Result<Vec<DocumentMeta>> {
        let filter = if include_duplicates {
            ""
        } else {
            "WHERE d.duplicate_of IS NULL"
        };
        self.metas(
            &format!("SELECT {META_COLUMNS} FROM documents d {filter} ORDER BY d.id"),
            Vec::new(),
        )
    }

    // The revision's high bits are the largest document row key; rows are numbered in commit
    // order (one writer at a time), so the new documents are those past it.
    fn documents_since(&self, revision: u64) -> Result<Vec<DocumentMeta>> {
        self.metas(
            &format!(
                "SELECT {META_COLUMNS} FROM documents d
                 WHERE d.seq > ?1 AND d.duplicate_of IS NULL ORDER BY d.id"
            ),
            vec![Value::Integer(
                i64::try_from(revision >> 20).unwrap_or(i64::MAX),
            )],
        )
    }

    // One pass over the original documents' rows (their metadata only, not their text), each
    // document's events read by its row key as it comes. The pass reads every page once: it
    // reads them into the page cache instead of mapping the file, whose pages would otherwise
    // stay in this process's resident memory (up to the whole mapping) after the pass.
    fn each_output(&self, each: &mut dyn FnMut(DocumentMeta, DocumentOutput)) -> Result<()> {
        let err = self.ctx().err("set mmap_size");
        self.conn
            .pragma_update(None, "mmap_size", 0)
            .map_err(&err)?;
        let read = self.read_outputs(each);
        self.conn
            .pragma_update(None, "mmap_size", MMAP_BYTES)
            .map_err(&err)?;
        read
    }

    fn events(&self, doc_id: &str) -> Result<Vec<Event>> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.json FROM events e JOIN documents d ON d.seq = e.doc_seq
                 WHERE d.id = ?1 ORDER BY e.idx",
            )
            .map_err(ctx.err("read events"))?;
        let rows = stmt
            .query_map([doc_id], |r| r.get::<_, String>(0))
            .map_err(ctx.err("read events"))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(self.parse_event(&row.map_err(ctx.err("read events"))?)?);
        }
        Ok(out)
    }

    fn search_documents(
        &self,
        text: &str,
        include_duplicates: bool,
        limit: Option<usize>,
    ) -> Result<Vec<DocumentMeta>> {
        let expr = self.fts_expr(text)?;
        let filter = if include_duplicates {
            ""
        } else {
            "AND d.duplicate_of IS NULL"
        };
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        self.metas(
            &format!(
                "SELECT {META_COLUMNS} FROM documents d
                 WHERE d.seq IN (SELECT rowid FROM document_fts WHERE document_fts MATCH ?1)
                 {filter} ORDER BY d.id LIMIT ?2"
            ),
            vec![Value::Text(expr), Value::Integer(limit)],
        )
    }

    fn watch_rules(&self) -> Result<Vec<crate::WatchRule>> {
        self.json_rows("SELECT rule FROM watch_rules ORDER BY name", "watch rule")
    }

    fn put_watch_rule(&mut self, rule: &crate::WatchRule) -> Result<()> {
        crate::validate_rule(rule, &self.location)?;
        let json = serde_json::to_string(rule).expect("a rule serialises");
        let err = self.ctx().err("watch rule");
        self.conn
            .execute(
                "INSERT INTO watch_rules (name, rule) VALUES (?1, ?2)
                 ON CONFLICT(name) DO UPDATE SET rule = excluded.rule",
                params![rule.name, json],
            )
            .map_err(&err)?;
        Ok(())
    }

    fn remove_watch_rule(&mut self, name: &str) -> Result<bool> {
        let run = |conn: &mut Connection| -> rusqlite::Result<usize> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute("DELETE FROM watch_rules WHERE name = ?1", [name])?;
            tx.execute("DELETE FROM watch_deliveries WHERE rule = ?1", [name])?;
            tx.commit()?;
            Ok(n)
        };
        let n = run(&mut self.conn).map_err(|e| self.ctx().map("watch rule", e))?;
        Ok(n > 0)
    }

    fn delivered(&self, rule: &str) -> Result<std::collections::BTreeSet<String>> {
        let err = self.ctx().err("watch deliveries");
        let mut st = self
            .conn
            .prepare("SELECT event_id FROM watch_deliveries WHERE rule = ?1")
            .map_err(&err)?;
        let rows = st
            .query_map([rule], |r| r.get::<_, String>(0))
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        Ok(rows)
    }

    fn mark_delivered(&mut self, rule: &str, events: &[String]) -> Result<()> {
        let run = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut st = tx.prepare(
                    "INSERT OR IGNORE INTO watch_deliveries (rule, event_id) VALUES (?1, ?2)",
                )?;
                for e in events {
                    st.execute(params![rule, e])?;
                }
            }
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| self.ctx().map("watch deliveries", e))
    }

    fn undetected_languages(&self, limit: usize) -> Result<Vec<(String, String)>> {
        let err = self.ctx().err("documents without a language");
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, text FROM documents WHERE language IS NULL ORDER BY seq LIMIT ?1",
            )
            .map_err(&err)?;
        let rows = st
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        Ok(rows)
    }

    fn set_languages(&mut self, languages: &[(String, String)]) -> Result<()> {
        let run = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut st = tx.prepare("UPDATE documents SET language = ?2 WHERE id = ?1")?;
                for (id, language) in languages {
                    st.execute(params![id, language])?;
                }
            }
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| self.ctx().map("document languages", e))
    }

    fn feeds(&self) -> Result<Vec<crate::Feed>> {
        let err = self.ctx().err("feeds");
        let mut st = self
            .conn
            .prepare(&format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY url"))
            .map_err(&err)?;
        let rows = st
            .query_map([], feed_row)
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        Ok(rows)
    }

    fn put_feed(&mut self, url: &str, every_secs: u64, now: i64) -> Result<bool> {
        crate::validate_feed(url, every_secs, &self.location)?;
        let every = i64::try_from(every_secs).unwrap_or(i64::MAX);
        let run = |conn: &mut Connection| -> rusqlite::Result<bool> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute(
                "UPDATE feeds SET every_secs = ?2, next_due = ?3 WHERE url = ?1",
                params![url, every, now],
            )?;
            if n == 0 {
                tx.execute(
                    "INSERT INTO feeds (url, every_secs, next_due, added_at) VALUES (?1, ?2, ?3, ?3)",
                    params![url, every, now],
                )?;
            }
            tx.commit()?;
            Ok(n == 0)
        };
        run(&mut self.conn).map_err(|e| self.ctx().map("feeds", e))
    }

    fn remove_feed(&mut self, url: &str) -> Result<bool> {
        let err = self.ctx().err("feeds");
        let n = self
            .conn
            .execute("DELETE FROM feeds WHERE url = ?1", [url])
            .map_err(&err)?;
        Ok(n > 0)
    }

    fn claim_due_feeds(
        &mut self,
        now: i64,
        hold_secs: i64,
        limit: usize,
    ) -> Result<Vec<crate::Feed>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let run = |conn: &mut Connection| -> rusqlite::Result<Vec<crate::Feed>> {
            // Immediate: the write lock is taken first, so two processes never claim one feed.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let due: Vec<crate::Feed> = tx
                .prepare(&format!(
                    "SELECT {FEED_COLUMNS} FROM feeds WHERE next_due <= ?1
                     ORDER BY next_due, url LIMIT ?2"
                ))?
                .query_map(params![now, limit], feed_row)?
                .collect::<rusqlite::Result<_>>()?;
            for f in &due {
                tx.execute(
                    "UPDATE feeds SET next_due = ?2 WHERE url = ?1",
                    params![f.url, now.saturating_add(hold_secs)],
                )?;
            }
            tx.commit()?;
            Ok(due)
        };
        run(&mut self.conn).map_err(|e| self.ctx().map("feeds", e))
    }

    fn record_feed_poll(&mut self, url: &str, poll: &crate::FeedPoll) -> Result<bool> {
        let err = self.ctx().err("feeds");
        let (keep, etag, modified) = poll.validator_columns();
        let n = self
            .conn
            .execute(
                "UPDATE feeds SET next_due = ?2,
                     failures = CASE WHEN ?3 THEN 0 ELSE failures + 1 END,
                     etag = CASE WHEN ?4 THEN etag ELSE ?5 END,
                     last_modified = CASE WHEN ?4 THEN last_modified ELSE ?6 END,
                     last_polled = ?7, last_outcome = ?8, polls = polls + 1,
                     documents = documents + ?9
                 WHERE url = ?1",
                params![
                    url,
                    poll.next_due,
                    poll.ok,
                    keep,
                    etag,
                    modified,
                    poll.at,
                    poll.outcome,
                    i64::try_from(poll.documents).unwrap_or(i64::MAX)
                ],
            )
            .map_err(&err)?;
        Ok(n > 0)
    }

    fn incident_splits(&self) -> Result<Vec<Vec<Vec<String>>>> {
        self.json_rows(
            "SELECT groups FROM incident_splits ORDER BY seq",
            "incident split",
        )
    }

    fn add_incident_split(&mut self, groups: &[Vec<String>]) -> Result<()> {
        crate::validate_split(groups, &self.location)?;
        let json = serde_json::to_string(groups).expect("strings serialise");
        let err = self.ctx().err("incident split");
        self.conn
            .execute("INSERT INTO incident_splits (groups) VALUES (?1)", [json])
            .map_err(&err)?;
        Ok(())
    }

    fn stats(&self) -> Result<Stats> {
        let ctx = self.ctx();
        let c = &self.conn;
        let err = ctx.err("stats");
        let mut s = Stats::default();
        // Every count reads an index, never a row that carries text or JSON (see `stats_sql`).
        let count = |sql: &str| -> Result<u64> {
            c.query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n.max(0).unsigned_abs())
                .map_err(&err)
        };
        s.documents = count(stats_sql::DOCUMENTS)?;
        s.duplicates = count(stats_sql::DUPLICATES)?;
        let (events, undated, first, last): (i64, i64, Option<i64>, Option<i64>) = c
            .query_row(stats_sql::EVENTS, [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .map_err(&err)?;
        s.events = events as u64;
        s.undated_events = undated as u64;
        s.first_event_date = first.map(Date::from_days);
        s.last_event_date = last.map(Date::from_days);
        s.duplicate_events = count(stats_sql::DUPLICATE_EVENTS)?;
        let grouped = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut stmt = c.prepare(sql).map_err(&err)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
                })
                .map_err(&err)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map_err(&err)
        };
        crate::fill_grouped_stats(
            &mut s,
            grouped(stats_sql::BY_KIND)?,
            grouped(stats_sql::BY_MODALITY)?,
            grouped(stats_sql::BY_COUNTRY)?,
            |d| ctx.corrupt(d),
        )?;
        let by_language = {
            let mut stmt = c.prepare(crate::stats_sql::BY_LANGUAGE).map_err(&err)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?))
                })
                .map_err(&err)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map_err(&err)?
        };
        s.documents_by_language = crate::stats_sql::languages(
            by_language
                .into_iter()
                .map(|(l, n)| (l, n.max(0).unsigned_abs())),
        );
        if let Some(file) = &self.file {
            let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
            let mut wal = file.clone().into_os_string();
            wal.push("-wal");
            s.db_bytes = Some(size(file) + size(Path::new(&wal)));
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migrated_sort_key_is_the_written_one() {
        assert_eq!(
            sort_key(Some(19_000), "b", 3),
            "01019000\u{1f}b\u{1f}000003"
        );
        assert_eq!(sort_key(None, "a", 0), "11000000\u{1f}a\u{1f}000000");
        assert!(sort_key(Some(-400), "z", 9) < sort_key(Some(0), "a", 0));
        assert!(sort_key(Some(5), "ab", 0) < sort_key(Some(5), "abc", 0));
        assert!(sort_key(Some(99_999), "z", 0) < sort_key(None, "a", 0));
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE documents (seq INTEGER PRIMARY KEY, id TEXT);
             CREATE TABLE events (doc_seq INTEGER, idx INTEGER, event_day INTEGER, sort_key TEXT);
             INSERT INTO documents VALUES (1, 'kabul-1'), (2, 'x');
             INSERT INTO events VALUES (1, 0, 19000, NULL), (1, 12, NULL, NULL), (2, 3, -400, NULL);",
        )
        .unwrap();
        conn.execute_batch(sort_key_update!()).unwrap();
        let keys: Vec<String> = conn
            .prepare("SELECT sort_key FROM events ORDER BY rowid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            keys,
            [
                sort_key(Some(19_000), "kabul-1", 0),
                sort_key(None, "kabul-1", 12),
                sort_key(Some(-400), "x", 3),
            ]
        );
    }

    #[test]
    fn migrations_apply_in_order_once_and_roll_back_on_failure() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..1]).unwrap();
        assert_eq!(current_version(&conn).unwrap(), Some(1));
        let more = [
            Migration {
                version: 1,
                name: "never re-run",
                sql: "CREATE TABLE documents (x)",
            },
            Migration {
                version: 2,
                name: "add a table",
                sql: "CREATE TABLE extra (x INTEGER); INSERT INTO extra VALUES (2);",
            },
            Migration {
                version: 3,
                name: "fails halfway",
                sql: "CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);",
            },
        ];
        assert!(migrate(&mut conn, &more).is_err());
        assert_eq!(current_version(&conn).unwrap(), Some(2), "2 applied, 3 not");
        let half: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'half')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!half, "a failed migration leaves nothing behind");
        let names: Vec<String> = conn
            .prepare("SELECT name FROM schema_version ORDER BY version")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names.len(), 2);
        assert_eq!(names[1], "add a table");
        let app: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
    }

    #[test]
    fn fts5_is_compiled_in() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(x, contentless_delete=1, content='')",
        )
        .unwrap();
    }
}
