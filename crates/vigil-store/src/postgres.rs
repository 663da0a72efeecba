//! The PostgreSQL store: one database shared by many processes on many machines.
//!
//! The same [`Store`] behaviour as the SQLite store (one test suite runs on both): documents,
//! events with their roles and places, the pages of `vigil query`, full-text search, incident
//! splits and watch rules. Differences of means, not of answers:
//!
//! - **Full text** is PostgreSQL's own (`tsvector` columns with GIN indexes, `@@ tsquery`).
//!   Vigil cuts the text into tokens itself ([`crate::textquery::tokenize`], as FTS5's
//!   `unicode61` does: letters and digits, case and diacritics folded) and stores them with
//!   their positions, so a query means the same on every backend; phrases are `<->` chains,
//!   prefixes `:*`. Positions past 16,383 (PostgreSQL's limit) count as 16,383, so a phrase
//!   deep in a very long article can be missed.
//! - Sort keys and ids compare byte-wise (`COLLATE "C"`), as SQLite compares text.
//! - Migrations run under an advisory lock, so workers starting together migrate once.
//! - Writes of one batch are one transaction; a document whose content hash another process
//!   stored first counts as unchanged (no error, nothing doubled).

use crate::batch::{self, sort_key, BatchSql, EventRow, WriteError};
use crate::simhash::{band_keys, probe_keys, probe_radius, Nearest};
use crate::sqlite::{date_text, FEED_COLUMNS, META_COLUMNS};
use crate::textquery::{self, tokenize, Expr};
use crate::{
    fold, validate_batch, BatchOutcome, EventRecord, Query, Result, Stats, Store, StoreError,
    StoredDoc, TextScope,
};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row};
use std::collections::{BTreeMap, BTreeSet};
use vigil_model::{Date, DocumentMeta, DocumentOutput, Event, EventKind};

/// The PostgreSQL schema version this build writes.
pub const PG_SCHEMA_VERSION: u32 = 6;

const SCHEMA_V1: &str = r#"
CREATE TABLE documents (
    seq          BIGSERIAL PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    author       TEXT,
    published    TEXT,
    modified     TEXT,
    retrieved    TEXT,
    site_name    TEXT,
    language     TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    simhash      BIGINT NOT NULL,
    band0        INTEGER NOT NULL,
    band1        INTEGER NOT NULL,
    band2        INTEGER NOT NULL,
    band3        INTEGER NOT NULL,
    duplicate_of TEXT COLLATE "C",
    text         TEXT NOT NULL,
    fts          TSVECTOR NOT NULL,
    ingested_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX documents_band0 ON documents(band0) WHERE duplicate_of IS NULL;
CREATE INDEX documents_band1 ON documents(band1) WHERE duplicate_of IS NULL;
CREATE INDEX documents_band2 ON documents(band2) WHERE duplicate_of IS NULL;
CREATE INDEX documents_band3 ON documents(band3) WHERE duplicate_of IS NULL;
CREATE INDEX documents_fts ON documents USING gin(fts);

CREATE TABLE events (
    seq        BIGSERIAL PRIMARY KEY,
    doc_seq    BIGINT NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    id         TEXT COLLATE "C" NOT NULL UNIQUE,
    kind       TEXT COLLATE "C" NOT NULL,
    subtype    TEXT NOT NULL,
    modality   TEXT NOT NULL,
    event_day  INTEGER,
    confidence DOUBLE PRECISION NOT NULL,
    json       TEXT NOT NULL,
    sort_key   TEXT COLLATE "C" NOT NULL,
    original   BOOLEAN NOT NULL,
    fts        TSVECTOR NOT NULL,
    UNIQUE (doc_seq, idx)
);
CREATE INDEX events_sort ON events(sort_key, original);
CREATE INDEX events_kind_sort ON events(kind, sort_key, original);
CREATE INDEX events_fts ON events USING gin(fts);

CREATE TABLE event_roles (
    event_seq BIGINT NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    pos       INTEGER NOT NULL,
    actor_id  TEXT,
    text      TEXT NOT NULL,
    folded    TEXT NOT NULL,
    number    BIGINT,
    symbol    TEXT,
    PRIMARY KEY (event_seq, role, pos)
);
CREATE INDEX event_roles_actor ON event_roles(actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX event_roles_folded ON event_roles(folded);

CREATE TABLE event_places (
    event_seq   BIGINT NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    name        TEXT NOT NULL,
    text_folded TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    country     TEXT,
    admin1      TEXT,
    geonames_id BIGINT,
    precision   TEXT NOT NULL,
    lat         DOUBLE PRECISION,
    lon         DOUBLE PRECISION,
    PRIMARY KEY (event_seq, pos)
);
CREATE INDEX event_places_country ON event_places(country) WHERE country IS NOT NULL;
CREATE INDEX event_places_name ON event_places(name_folded);
CREATE INDEX event_places_text ON event_places(text_folded);

CREATE TABLE incident_splits (
    seq     BIGSERIAL PRIMARY KEY,
    made_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    groups  TEXT NOT NULL
);

CREATE TABLE watch_rules (
    name       TEXT COLLATE "C" PRIMARY KEY,
    rule       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE watch_deliveries (
    rule         TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    delivered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (rule, event_id)
);
"#;

/// The work queue of `vigil enqueue` and `vigil worker`.
const SCHEMA_V2: &str = r#"
CREATE TABLE work_items (
    seq         BIGSERIAL PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,          -- what makes two items the same work
    name        TEXT NOT NULL,                 -- a file name or a URL
    body        BYTEA,                         -- a file's bytes; NULL for a URL
    state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    leased_by   TEXT,
    lease_until TIMESTAMPTZ,
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    documents   INTEGER,
    events      INTEGER,
    error       TEXT
);
CREATE INDEX work_items_queued ON work_items(seq) WHERE state = 'queued';
"#;

/// (version, name, SQL), applied in order, each in its own transaction.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "documents, events, roles, places, full text, splits, watch rules",
        SCHEMA_V1,
    ),
    (2, "the work queue", SCHEMA_V2),
    (3, "feeds polled on a schedule", SCHEMA_V3),
    (
        4,
        "the detected language of each document's text, apart from the declared one",
        SCHEMA_V4,
    ),
    (
        5,
        "near-duplicate fingerprints in a narrow table of their own",
        SCHEMA_V5,
    ),
    (
        6,
        "the documents' languages in an index of their own, for the count by language",
        SCHEMA_V6,
    ),
];

/// `language` held what the page declared; it now holds what was detected in the text (ISO
/// 639-1, 'und' when undetermined), NULL until detected: documents stored before are detected
/// by the next `vigil ingest`, worker or `vigil serve` (`Store::undetected_languages`).
const SCHEMA_V4: &str = r#"
ALTER TABLE documents ADD COLUMN declared_language TEXT;
UPDATE documents SET declared_language = language, language = NULL;
CREATE INDEX documents_language_undetected ON documents(seq) WHERE language IS NULL;
"#;

/// The originals' fingerprints under their four band keys (see [`crate::simhash`]): a probe
/// reads index entries that carry the fingerprint, never a document row.
const SCHEMA_V5: &str = r"
CREATE TABLE IF NOT EXISTS fingerprints (
    band_key INTEGER NOT NULL, -- band number * 65536 + the band's 16 bits
    doc_seq  BIGINT NOT NULL,  -- an original document's row key
    simhash  BIGINT NOT NULL,  -- its whole fingerprint
    PRIMARY KEY (band_key, doc_seq) INCLUDE (simhash)
);
INSERT INTO fingerprints
    SELECT band0, seq, simhash FROM documents WHERE duplicate_of IS NULL
    UNION ALL
    SELECT 65536 + band1, seq, simhash FROM documents WHERE duplicate_of IS NULL
    UNION ALL
    SELECT 131072 + band2, seq, simhash FROM documents WHERE duplicate_of IS NULL
    UNION ALL
    SELECT 196608 + band3, seq, simhash FROM documents WHERE duplicate_of IS NULL
ON CONFLICT DO NOTHING;
DROP INDEX IF EXISTS documents_band0;
DROP INDEX IF EXISTS documents_band1;
DROP INDEX IF EXISTS documents_band2;
DROP INDEX IF EXISTS documents_band3;
ANALYZE fingerprints;
";

/// The count by language read every document row (a sequential scan of the table that
/// carries the text and its tsvector); with this index it is an index-only scan once the
/// table's pages are marked all-visible (by autovacuum, which also runs after inserts).
const SCHEMA_V6: &str = r"
CREATE INDEX IF NOT EXISTS documents_language ON documents(language);
";

/// Feeds polled on a schedule (times in Unix seconds, as the SQLite store keeps them).
const SCHEMA_V3: &str = r#"
CREATE TABLE feeds (
    url           TEXT COLLATE "C" PRIMARY KEY,
    every_secs    BIGINT NOT NULL CHECK (every_secs > 0),
    next_due      BIGINT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    failures      BIGINT NOT NULL DEFAULT 0,
    last_polled   BIGINT,
    last_outcome  TEXT,
    polls         BIGINT NOT NULL DEFAULT 0,
    documents     BIGINT NOT NULL DEFAULT 0,
    added_at      BIGINT NOT NULL
);
CREATE INDEX feeds_due ON feeds(next_due);
"#;

fn feed_row(r: &Row) -> crate::Feed {
    let n = |i: usize| r.get::<_, i64>(i).max(0).unsigned_abs();
    crate::Feed {
        url: r.get(0),
        every_secs: n(1).max(1),
        next_due: r.get(2),
        etag: r.get(3),
        last_modified: r.get(4),
        failures: u32::try_from(n(5)).unwrap_or(u32::MAX),
        last_polled: r.get(6),
        last_outcome: r.get(7),
        polls: n(8),
        documents: n(9),
        added_at: r.get(10),
    }
}

/// The advisory lock key that serialises migrations ("VGIL").
const MIGRATION_LOCK: i64 = 0x5647_494c;

/// A Vigil store in a PostgreSQL database.
pub struct PgStore {
    client: std::sync::Mutex<Client>,
    location: String,
    /// The connection string (with any password: never shown; `location` is for messages).
    url: String,
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((auth, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// A tsvector literal of the tokens of `fields` (positions from 1; fields apart, so no phrase
/// spans two).
fn tsvector(fields: &[&str]) -> String {
    let mut positions: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut at = 1_u32;
    for f in fields {
        for t in tokenize(f) {
            let p = positions.entry(t).or_default();
            // PostgreSQL keeps at most 256 positions of a lexeme, each at most 16,383.
            if p.len() < 256 {
                p.push(at.min(16_383));
            }
            at = at.saturating_add(1);
        }
        at = at.saturating_add(2);
    }
    let mut out = String::new();
    for (t, ps) in positions {
        if !out.is_empty() {
            out.push(' ');
        }
        // Tokens hold only letters and digits: nothing to escape.
        out.push('\'');
        out.push_str(&t);
        out.push_str("':");
        let mut ps = ps;
        ps.dedup();
        let ps: Vec<String> = ps.iter().map(u32::to_string).collect();
        out.push_str(&ps.join(","));
    }
    out
}

/// A tsquery text for a parsed query.
fn tsquery(e: &Expr) -> String {
    match e {
        Expr::Phrase { tokens, prefix } => {
            let n = tokens.len();
            let parts: Vec<String> = tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    if *prefix && i + 1 == n {
                        format!("'{t}':*")
                    } else {
                        format!("'{t}'")
                    }
                })
                .collect();
            format!("({})", parts.join(" <-> "))
        }
        Expr::And(items) => {
            let parts: Vec<String> = items.iter().map(tsquery).collect();
            format!("({})", parts.join(" & "))
        }
        Expr::Or(items) => {
            let parts: Vec<String> = items.iter().map(tsquery).collect();
            format!("({})", parts.join(" | "))
        }
        Expr::Not(a, b) => format!("({} & !{})", tsquery(a), tsquery(b)),
    }
}

/// Arguments of a statement being built, numbered as they are added.
#[derive(Default)]
struct Args(Vec<Box<dyn ToSql + Sync>>);

impl Args {
    fn add(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.0.push(Box::new(v));
        format!("${}", self.0.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

/// The statements of the batch plan ([`batch::write`]) in PostgreSQL's dialect: documents with
/// their SimHash bands and tsvector, events with theirs, roles and places.
struct PgBatch<'a, 'c> {
    tx: &'a mut postgres::Transaction<'c>,
    by_hash: postgres::Statement,
    by_id: postgres::Statement,
    event_taken: postgres::Statement,
    ins_doc: postgres::Statement,
    ins_event: postgres::Statement,
    ins_role: postgres::Statement,
    ins_place: postgres::Statement,
    ins_fingerprint: postgres::Statement,
}

impl<'a, 'c> PgBatch<'a, 'c> {
    fn prepare(tx: &'a mut postgres::Transaction<'c>) -> Result<PgBatch<'a, 'c>, postgres::Error> {
        Ok(PgBatch {
            by_hash: tx.prepare("SELECT id FROM documents WHERE content_hash = $1")?,
            by_id: tx.prepare("SELECT content_hash FROM documents WHERE id = $1")?,
            event_taken: tx.prepare("SELECT 1 FROM events WHERE id = $1")?,
            // A document another process stores at the same moment: its content hash
            // conflicts, nothing is inserted, and it counts as unchanged.
            ins_doc: tx.prepare(
                "INSERT INTO documents (id, source, url, title, author, published, modified,
                     site_name, language, content_hash, simhash, band0, band1, band2, band3,
                     duplicate_of, text, retrieved, fts, declared_language)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19::text::tsvector, $20)
                 ON CONFLICT (content_hash) DO NOTHING
                 RETURNING seq",
            )?,
            ins_event: tx.prepare(
                "INSERT INTO events (doc_seq, idx, id, kind, subtype, modality, event_day,
                     confidence, json, sort_key, original, fts)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::tsvector)
                 RETURNING seq",
            )?,
            ins_role: tx.prepare(
                "INSERT INTO event_roles (event_seq, role, pos, actor_id, text, folded, number, symbol)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )?,
            ins_place: tx.prepare(
                "INSERT INTO event_places (event_seq, pos, text, name, text_folded, name_folded,
                     country, admin1, geonames_id, precision, lat, lon)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )?,
            ins_fingerprint: tx.prepare(
                "INSERT INTO fingerprints (band_key, doc_seq, simhash)
                 SELECT unnest($1::integer[]), $2, $3",
            )?,
            tx,
        })
    }
}

/// A position as PostgreSQL's `integer`.
fn int(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl BatchSql for PgBatch<'_, '_> {
    type Error = postgres::Error;

    fn hash_stored(&mut self, content_hash: &str) -> Result<bool, postgres::Error> {
        Ok(self
            .tx
            .query_opt(&self.by_hash, &[&content_hash])?
            .is_some())
    }

    fn hash_of(&mut self, id: &str) -> Result<Option<String>, postgres::Error> {
        Ok(self.tx.query_opt(&self.by_id, &[&id])?.map(|r| r.get(0)))
    }

    fn event_stored(&mut self, id: &str) -> Result<bool, postgres::Error> {
        Ok(self.tx.query_opt(&self.event_taken, &[&id])?.is_some())
    }

    fn insert_document(
        &mut self,
        doc: &StoredDoc,
        bands: [u16; 4],
    ) -> Result<Option<i64>, postgres::Error> {
        let [b0, b1, b2, b3] = bands.map(i32::from);
        let fts = tsvector(&[doc.title.as_deref().unwrap_or(""), &doc.text]);
        let row = self.tx.query_opt(
            &self.ins_doc,
            &[
                &doc.id,
                &doc.source,
                &doc.url,
                &doc.title,
                &doc.author,
                &date_text(doc.published),
                &date_text(doc.modified),
                &doc.site_name,
                &doc.language,
                &doc.content_hash,
                &(doc.simhash as i64),
                &b0,
                &b1,
                &b2,
                &b3,
                &doc.duplicate_of,
                &doc.text,
                &date_text(doc.retrieved),
                &fts,
                &doc.declared_language,
            ],
        )?;
        let seq: Option<i64> = row.map(|r| r.get(0));
        if let (Some(seq), None) = (seq, &doc.duplicate_of) {
            let keys: Vec<i32> = band_keys(doc.simhash)
                .into_iter()
                .map(|k| i32::try_from(k).unwrap_or(i32::MAX))
                .collect();
            self.tx
                .execute(&self.ins_fingerprint, &[&keys, &seq, &(doc.simhash as i64)])?;
        }
        Ok(seq)
    }

    fn insert_event(&mut self, doc_seq: i64, row: &EventRow<'_>) -> Result<(), postgres::Error> {
        let e = row.event;
        let seq: i64 = self
            .tx
            .query_one(
                &self.ins_event,
                &[
                    &doc_seq,
                    &int(row.idx),
                    &e.id,
                    &e.kind.as_str(),
                    &e.subtype,
                    &e.modality.as_str(),
                    &row.event_day.and_then(|d| i32::try_from(d).ok()),
                    &e.confidence,
                    &row.json,
                    &row.sort_key,
                    &row.original,
                    &tsvector(&[&row.search_text]),
                ],
            )?
            .get(0);
        for r in &row.roles {
            self.tx.execute(
                &self.ins_role,
                &[
                    &seq,
                    &r.role,
                    &int(r.pos),
                    &r.actor_id,
                    &r.text,
                    &r.folded,
                    &r.number,
                    &r.symbol,
                ],
            )?;
        }
        for p in &row.places {
            self.tx.execute(
                &self.ins_place,
                &[
                    &seq,
                    &int(p.pos),
                    &p.text,
                    &p.name,
                    &p.text_folded,
                    &p.name_folded,
                    &p.country,
                    &p.admin1,
                    &p.geonames_id,
                    &p.precision,
                    &p.lat,
                    &p.lon,
                ],
            )?;
        }
        Ok(())
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`, or key=value
    /// settings) and brings the schema up to date.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the server cannot be reached or refuses; [`StoreError::
    /// NewerSchema`] when a newer Vigil migrated the database.
    pub fn connect(url: &str) -> Result<PgStore> {
        let location = redact(url);
        let client = Client::connect(url, NoTls).map_err(|e| StoreError::Database {
            path: location.clone(),
            context: "cannot connect",
            source: Box::new(e),
        })?;
        let mut store = PgStore {
            client: std::sync::Mutex::new(client),
            location,
            url: url.to_string(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn err(&self, context: &'static str) -> impl Fn(postgres::Error) -> StoreError + '_ {
        move |e| {
            if let Some(db) = e.as_db_error() {
                if db.code() == &postgres::error::SqlState::QUERY_CANCELED {
                    return StoreError::Interrupted {
                        path: self.location.clone(),
                        context,
                    };
                }
            }
            StoreError::Database {
                path: self.location.clone(),
                context,
                source: Box::new(e),
            }
        }
    }

    fn corrupt(&self, detail: String) -> StoreError {
        StoreError::Corrupt {
            path: self.location.clone(),
            detail,
        }
    }

    fn migrate(&mut self) -> Result<()> {
        let location = self.location.clone();
        let err = |context: &'static str| {
            let location = location.clone();
            move |e: postgres::Error| StoreError::Database {
                path: location.clone(),
                context,
                source: Box::new(e),
            }
        };
        let client = self
            .client
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut tx = client.transaction().map_err(err("migrate schema"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(err("migrate schema"))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS vigil_schema_version (
                 version    INTEGER PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
             )",
        )
        .map_err(err("migrate schema"))?;
        let found: i32 = tx
            .query_one(
                "SELECT coalesce(max(version), 0) FROM vigil_schema_version",
                &[],
            )
            .map_err(err("read schema version"))?
            .get(0);
        let found = u32::try_from(found).unwrap_or(0);
        if found > PG_SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: location,
                found,
                supported: PG_SCHEMA_VERSION,
            });
        }
        for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > found) {
            tx.batch_execute(sql).map_err(err("migrate schema"))?;
            tx.execute(
                "INSERT INTO vigil_schema_version (version, name) VALUES ($1, $2)",
                &[&i32::try_from(*version).unwrap_or(i32::MAX), name],
            )
            .map_err(err("migrate schema"))?;
        }
        tx.commit().map_err(err("migrate schema"))
    }

    /// The schema version of the database.
    ///
    /// # Errors
    /// A database error.
    pub fn schema_version(&self) -> Result<u32> {
        let v: i32 = self
            .db()
            .query_one(
                "SELECT coalesce(max(version), 0) FROM vigil_schema_version",
                &[],
            )
            .map_err(self.err("read schema version"))?
            .get(0);
        Ok(u32::try_from(v).unwrap_or(0))
    }

    /// The client, for callers that keep their own tables in the same database (the work
    /// queue).
    pub fn client(&mut self) -> &mut Client {
        self.client
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn parse_date(&self, s: Option<String>) -> Result<Option<Date>> {
        s.map(|s| s.parse::<Date>().map_err(|e| self.corrupt(e)))
            .transpose()
    }

    fn meta(&self, r: &Row, at: usize) -> Result<DocumentMeta> {
        Ok(DocumentMeta {
            id: r.get(at),
            source: r.get(at + 1),
            url: r.get(at + 2),
            title: r.get(at + 3),
            published: self.parse_date(r.get(at + 4))?,
            site_name: r.get(at + 5),
            duplicate_of: r.get(at + 6),
            language: r.get(at + 7),
        })
    }

    fn parse_event(&self, json: &str) -> Result<Event> {
        serde_json::from_str(json)
            .map_err(|e| self.corrupt(format!("stored event does not parse: {e}")))
    }

    /// Shared by the query methods: the page of `q` (document metadata, JSON, day, id).
    fn page(&self, q: &Query, columns: &str) -> Result<(String, Args)> {
        let mut a = Args::default();
        let mut sql = format!(
            "SELECT {columns} FROM events e JOIN documents d ON d.seq = e.doc_seq WHERE TRUE"
        );
        if !q.include_duplicates {
            sql.push_str(" AND e.original");
        }
        if !q.kinds.is_empty() {
            let kinds: Vec<String> = q.kinds.iter().map(|k| k.as_str().to_string()).collect();
            sql.push_str(&format!(" AND e.kind = ANY({})", a.add(kinds)));
        }
        if let Some(m) = q.modality {
            sql.push_str(&format!(
                " AND e.modality = {}",
                a.add(m.as_str().to_string())
            ));
        }
        if let Some(from) = q.from {
            let k = sort_key(Some(from.to_days()), "", 0);
            sql.push_str(&format!(" AND e.sort_key >= {}", a.add(k)));
        }
        if let Some(to) = q.to {
            let k = sort_key(Some(to.to_days() + 1), "", 0);
            sql.push_str(&format!(" AND e.sort_key < {}", a.add(k)));
        } else if q.from.is_some() {
            sql.push_str(" AND e.sort_key < '1'");
        }
        if !q.actor_ids.is_empty() {
            let ids: Vec<String> = q.actor_ids.iter().map(|i| i.trim().to_string()).collect();
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM event_roles r WHERE r.event_seq = e.seq
                              AND r.actor_id = ANY({}))",
                a.add(ids)
            ));
        }
        if let Some(actor) = &q.actor {
            let (id, folded) = (a.add(actor.trim().to_string()), a.add(fold(actor)));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM event_roles r WHERE r.event_seq = e.seq
                              AND (r.actor_id = {id} OR r.folded = {folded}))"
            ));
        }
        if let Some(country) = &q.country {
            let c = a.add(country.trim().to_ascii_uppercase());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM event_places p WHERE p.event_seq = e.seq
                              AND p.country = {c})"
            ));
        }
        if let Some(place) = &q.place {
            let p = a.add(fold(place));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM event_places p WHERE p.event_seq = e.seq
                              AND (p.name_folded = {p} OR p.text_folded = {p}))"
            ));
        }
        if let Some(text) = &q.text {
            let expr = self.expr(text)?;
            let t = a.add(tsquery(&expr));
            let clause = match q.text_scope {
                TextScope::Events => format!("e.fts @@ {t}::text::tsquery"),
                TextScope::Documents => format!("d.fts @@ {t}::text::tsquery"),
                TextScope::Either => {
                    format!("(e.fts @@ {t}::text::tsquery OR d.fts @@ {t}::text::tsquery)")
                }
            };
            sql.push_str(&format!(" AND {clause}"));
        }
        sql.push_str(" ORDER BY e.sort_key");
        if let Some(l) = q.limit {
            sql.push_str(&format!(
                " LIMIT {}",
                a.add(i64::try_from(l).unwrap_or(i64::MAX))
            ));
        }
        if let Some(o) = q.offset {
            sql.push_str(&format!(
                " OFFSET {}",
                a.add(i64::try_from(o).unwrap_or(i64::MAX))
            ));
        }
        Ok((sql, a))
    }

    fn expr(&self, text: &str) -> Result<Expr> {
        textquery::parse(text).map_err(|problem| StoreError::InvalidQuery {
            path: self.location.clone(),
            problem,
        })
    }

    fn rows(&self, sql: &str, a: &Args, context: &'static str) -> Result<Vec<Row>> {
        self.db().query(sql, &a.refs()).map_err(self.err(context))
    }

    /// The client (reads take `&self`; one handle is one connection, used by one thread at a
    /// time).
    /// The connection; one the server closed (a restart) is opened again first, so a
    /// long-lived store outlives its server's restarts (the statement that met the closed
    /// connection failed; the next one works).
    fn db(&self) -> std::sync::MutexGuard<'_, Client> {
        let mut c = self
            .client
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if c.is_closed() {
            if let Ok(fresh) = Client::connect(&self.url, NoTls) {
                *c = fresh;
            }
        }
        c
    }
}

impl PgStore {
    fn write_batch(
        &self,
        batch: &[(StoredDoc, DocumentOutput)],
    ) -> std::result::Result<BatchOutcome, WriteError<postgres::Error>> {
        let mut client = self.db();
        let mut tx = client.transaction().map_err(WriteError::Sql)?;
        let outcome = batch::write(
            &mut PgBatch::prepare(&mut tx).map_err(WriteError::Sql)?,
            batch,
        )?;
        tx.commit().map_err(WriteError::Sql)?;
        Ok(outcome)
    }

    fn metas(&self, sql: &str, a: &Args) -> Result<Vec<DocumentMeta>> {
        self.rows(sql, a, "list documents")?
            .iter()
            .map(|r| self.meta(r, 0))
            .collect()
    }

    fn json_rows<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        what: &'static str,
    ) -> Result<Vec<T>> {
        self.rows(sql, &Args::default(), what)?
            .iter()
            .map(|r| {
                let j: String = r.get(0);
                serde_json::from_str(&j).map_err(|e| StoreError::InvalidDocument {
                    path: self.location.clone(),
                    id: what.into(),
                    problem: format!("stored value is not valid JSON: {e}"),
                })
            })
            .collect()
    }

    fn count(&self, sql: &str) -> Result<u64> {
        let n: i64 = self
            .db()
            .query_one(sql, &[])
            .map_err(self.err("stats"))?
            .get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// One claimed item of the work queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    /// Its number.
    pub seq: i64,
    /// A file name or a URL.
    pub name: String,
    /// A file's bytes; `None` for a URL.
    pub body: Option<Vec<u8>>,
    /// How many times it was claimed, this time included.
    pub attempts: i32,
}

/// The state of the work queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueStatus {
    /// Items waiting, not leased.
    pub queued: u64,
    /// Items a worker holds under a lease that has not expired.
    pub leased: u64,
    /// Items whose lease expired before they were finished (their worker died or hangs);
    /// they are claimed again.
    pub stuck: u64,
    /// Items done.
    pub done: u64,
    /// Items given up after [`PgStore::MAX_ATTEMPTS`] tries, with their last error.
    pub failed: u64,
    /// Items finished in the last minute.
    pub done_last_minute: u64,
    /// Documents stored by finished items.
    pub documents: u64,
    /// Workers holding leases now.
    pub workers: Vec<String>,
}

impl PgStore {
    /// An item that failed this many times is given up (`failed`, with its last error).
    pub const MAX_ATTEMPTS: i32 = 3;

    /// Adds work: `(key, name, body)` per item; an item whose key is already queued (or done)
    /// is not added again. Returns how many were added.
    ///
    /// # Errors
    /// A database error (nothing of the call is added then).
    pub fn enqueue(&mut self, items: &[(String, String, Option<Vec<u8>>)]) -> Result<u64> {
        let run = |c: &mut Client| -> std::result::Result<u64, postgres::Error> {
            let mut tx = c.transaction()?;
            let st = tx.prepare(
                "INSERT INTO work_items (key, name, body) VALUES ($1, $2, $3)
                 ON CONFLICT (key) DO NOTHING",
            )?;
            let mut added = 0;
            for (key, name, body) in items {
                added += tx.execute(&st, &[key, name, body])?;
            }
            tx.commit()?;
            Ok(added)
        };
        run(&mut self.db()).map_err(self.err("enqueue"))
    }

    /// Claims up to `n` queued items for `worker` under a lease of `lease`: items no one holds
    /// and items whose lease expired (`FOR UPDATE SKIP LOCKED`: workers never wait for each
    /// other, and never get the same item while a lease holds).
    ///
    /// # Errors
    /// A database error.
    pub fn claim(
        &mut self,
        worker: &str,
        n: usize,
        lease: std::time::Duration,
    ) -> Result<Vec<WorkItem>> {
        let secs = lease.as_secs_f64();
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let rows = self
            .db()
            .query(
                "WITH c AS (
                     SELECT seq FROM work_items
                     WHERE state = 'queued' AND (lease_until IS NULL OR lease_until < now())
                     ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
                 )
                 UPDATE work_items w
                 SET leased_by = $2, lease_until = now() + make_interval(secs => $3),
                     attempts = w.attempts + 1
                 FROM c WHERE w.seq = c.seq
                 RETURNING w.seq, w.name, w.body, w.attempts",
                &[&n, &worker, &secs],
            )
            .map_err(self.err("claim work"))?;
        let mut items: Vec<WorkItem> = rows
            .iter()
            .map(|r| WorkItem {
                seq: r.get(0),
                name: r.get(1),
                body: r.get(2),
                attempts: r.get(3),
            })
            .collect();
        items.sort_by_key(|i| i.seq);
        Ok(items)
    }

    /// Records the end of an item `worker` holds: `Ok((documents, events))`, or the error (the
    /// item is queued again until [`PgStore::MAX_ATTEMPTS`], then `failed`). Returns false
    /// when the worker no longer held it (its lease expired and another worker claimed it).
    ///
    /// # Errors
    /// A database error.
    pub fn finish(
        &mut self,
        seq: i64,
        worker: &str,
        outcome: std::result::Result<(u64, u64), String>,
    ) -> Result<bool> {
        let n = match outcome {
            Ok((docs, events)) => self.db().execute(
                "UPDATE work_items SET state = 'done', finished_at = now(), lease_until = NULL,
                     documents = $3, events = $4, error = NULL
                 WHERE seq = $1 AND leased_by = $2 AND state = 'queued'",
                &[
                    &seq,
                    &worker,
                    &i32::try_from(docs).unwrap_or(i32::MAX),
                    &i32::try_from(events).unwrap_or(i32::MAX),
                ],
            ),
            Err(e) => self.db().execute(
                "UPDATE work_items SET lease_until = NULL, leased_by = NULL, error = $3,
                     state = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'queued' END,
                     finished_at = CASE WHEN attempts >= $4 THEN now() END
                 WHERE seq = $1 AND leased_by = $2 AND state = 'queued'",
                &[&seq, &worker, &e, &Self::MAX_ATTEMPTS],
            ),
        }
        .map_err(self.err("finish work"))?;
        Ok(n == 1)
    }

    /// Queue depth, leases, stuck items and throughput.
    ///
    /// # Errors
    /// A database error.
    pub fn queue_status(&self) -> Result<QueueStatus> {
        let r = self
            .db()
            .query_one(
                "SELECT
                     count(*) FILTER (WHERE state = 'queued' AND lease_until IS NULL),
                     count(*) FILTER (WHERE state = 'queued' AND lease_until >= now()),
                     count(*) FILTER (WHERE state = 'queued' AND lease_until < now()),
                     count(*) FILTER (WHERE state = 'done'),
                     count(*) FILTER (WHERE state = 'failed'),
                     count(*) FILTER (WHERE state = 'done'
                                      AND finished_at > now() - interval '1 minute'),
                     coalesce(sum(documents) FILTER (WHERE state = 'done'), 0)::BIGINT,
                     coalesce(array_agg(DISTINCT leased_by) FILTER (
                         WHERE state = 'queued' AND lease_until >= now()), '{}')
                 FROM work_items",
                &[],
            )
            .map_err(self.err("queue status"))?;
        let n = |i: usize| u64::try_from(r.get::<_, i64>(i)).unwrap_or(0);
        Ok(QueueStatus {
            queued: n(0),
            leased: n(1),
            stuck: n(2),
            done: n(3),
            failed: n(4),
            done_last_minute: n(5),
            documents: n(6),
            workers: r.get(7),
        })
    }

    /// Runs `f` holding the advisory lock `key` (for this session), unless another session
    /// holds it: then `None`, and `f` is not run. The lock goes when `f` returns, or with the
    /// connection if this process dies.
    ///
    /// # Errors
    /// A database error taking or leaving the lock.
    pub fn try_exclusive<T>(
        &mut self,
        key: i64,
        f: impl FnOnce(&mut Self) -> T,
    ) -> Result<Option<T>> {
        let got: bool = self
            .db()
            .query_one("SELECT pg_try_advisory_lock($1)", &[&key])
            .map_err(self.err("advisory lock"))?
            .get(0);
        if !got {
            return Ok(None);
        }
        let out = f(self);
        self.db()
            .execute("SELECT pg_advisory_unlock($1)", &[&key])
            .map_err(self.err("advisory lock"))?;
        Ok(Some(out))
    }

    /// The items given up, with their last errors: `(name, error)`.
    ///
    /// # Errors
    /// A database error.
    pub fn failed_work(&self) -> Result<Vec<(String, String)>> {
        Ok(self
            .db()
            .query(
                "SELECT name, coalesce(error, '') FROM work_items WHERE state = 'failed'
                 ORDER BY seq",
                &[],
            )
            .map_err(self.err("queue status"))?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }
}

impl Store for PgStore {
    fn location(&self) -> &str {
        &self.location
    }

    fn has_hash(&self, content_hash: &str) -> Result<Option<String>> {
        Ok(self
            .db()
            .query_opt(
                "SELECT id FROM documents WHERE content_hash = $1",
                &[&content_hash],
            )
            .map_err(self.err("look up content hash"))?
            .map(|r| r.get(0)))
    }

    fn near_duplicate(&self, simhash: u64, max_distance: u32) -> Result<Option<String>> {
        let rows = match probe_radius(max_distance) {
            Some(radius) => {
                let keys: Vec<i32> = probe_keys(simhash, radius)
                    .into_iter()
                    .map(|k| i32::try_from(k).unwrap_or(i32::MAX))
                    .collect();
                self.db()
                    .query(
                        "SELECT doc_seq, simhash FROM fingerprints WHERE band_key = ANY($1)",
                        &[&keys],
                    )
                    .map_err(self.err("near-duplicate"))?
            }
            // Band 0's keys (below 65536) list every original once.
            None => self
                .db()
                .query(
                    "SELECT doc_seq, simhash FROM fingerprints WHERE band_key < 65536",
                    &[],
                )
                .map_err(self.err("near-duplicate"))?,
        };
        let mut nearest = Nearest::new(simhash, max_distance);
        for r in rows {
            let (seq, h): (i64, i64) = (r.get(0), r.get(1));
            nearest.consider(seq, h as u64);
        }
        let Some(seq) = nearest.seq() else {
            return Ok(None);
        };
        Ok(self
            .db()
            .query_opt("SELECT id FROM documents WHERE seq = $1", &[&seq])
            .map_err(self.err("near-duplicate"))?
            .map(|r| r.get(0)))
    }

    fn put_batch(&mut self, batch: &[(StoredDoc, DocumentOutput)]) -> Result<BatchOutcome> {
        validate_batch(batch, &self.location)?;
        match self.write_batch(batch) {
            Ok(outcome) => Ok(outcome),
            Err(WriteError::Sql(e)) => Err(self.err("write batch")(e)),
            Err(WriteError::Invalid(id, problem)) => Err(StoreError::InvalidDocument {
                path: self.location.clone(),
                id,
                problem,
            }),
        }
    }

    fn query(&self, q: &Query) -> Result<Vec<EventRecord>> {
        self.query_json(q)?
            .into_iter()
            .map(|r| {
                Ok(EventRecord {
                    event: self.parse_event(&r.event)?,
                    document: r.document,
                    event_date: r.event_date,
                })
            })
            .collect()
    }

    fn query_json(&self, q: &Query) -> Result<Vec<crate::JsonRecord>> {
        let (sql, a) = self.page(q, &format!("{META_COLUMNS}, e.json, e.event_day, e.id"))?;
        self.rows(&sql, &a, "query events")?
            .iter()
            .map(|r| {
                Ok(crate::JsonRecord {
                    document: self.meta(r, 0)?,
                    event: r.get(8),
                    event_date: r
                        .get::<_, Option<i32>>(9)
                        .map(|d| Date::from_days(d.into())),
                    id: r.get(10),
                })
            })
            .collect()
    }

    fn event_ids(&self, q: &Query) -> Result<Vec<String>> {
        let (sql, a) = self.page(q, "e.id")?;
        Ok(self
            .rows(&sql, &a, "query event ids")?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn revision(&self) -> Result<u64> {
        let r = self
            .db()
            .query_one(
                "SELECT (SELECT coalesce(max(seq), 0) FROM documents),
                        (SELECT count(*) FROM incident_splits)",
                &[],
            )
            .map_err(self.err("revision"))?;
        let (docs, splits): (i64, i64) = (r.get(0), r.get(1));
        Ok(((docs as u64) << 20) + splits as u64)
    }

    fn timeline(&self, q: &Query) -> Result<Vec<crate::DayCount>> {
        let all = Query {
            limit: None,
            offset: None,
            ..q.clone()
        };
        let (page, a) = self.page(&all, "e.event_day, e.kind")?;
        let page = page.replace(" ORDER BY e.sort_key", "");
        let sql = format!(
            "SELECT event_day, kind, count(*) FROM ({page}) t GROUP BY event_day, kind
             ORDER BY event_day IS NULL, event_day, kind"
        );
        self.rows(&sql, &a, "timeline")?
            .iter()
            .map(|r| {
                let kind: String = r.get(1);
                Ok(crate::DayCount {
                    date: r
                        .get::<_, Option<i32>>(0)
                        .map(|d| Date::from_days(d.into())),
                    kind: EventKind::parse(&kind)
                        .ok_or_else(|| self.corrupt(format!("unknown event kind {kind:?}")))?,
                    count: u64::try_from(r.get::<_, i64>(2)).unwrap_or(0),
                })
            })
            .collect()
    }

    fn document(&self, id: &str) -> Result<Option<StoredDoc>> {
        let row = self
            .db()
            .query_opt(
                &format!(
                    "SELECT {META_COLUMNS}, d.author, d.modified, d.declared_language,
                            d.content_hash, d.simhash, d.text, d.retrieved
                     FROM documents d WHERE d.id = $1"
                ),
                &[&id],
            )
            .map_err(self.err("read document"))?;
        let Some(r) = row else {
            return Ok(None);
        };
        let meta = self.meta(&r, 0)?;
        Ok(Some(StoredDoc {
            id: meta.id,
            source: meta.source,
            url: meta.url,
            title: meta.title,
            author: r.get(8),
            published: meta.published,
            modified: self.parse_date(r.get(9))?,
            site_name: meta.site_name,
            language: meta.language,
            declared_language: r.get(10),
            content_hash: r.get(11),
            simhash: r.get::<_, i64>(12) as u64,
            duplicate_of: meta.duplicate_of,
            text: r.get(13),
            retrieved: self.parse_date(r.get(14))?,
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
            &Args::default(),
        )
    }

    fn events(&self, doc_id: &str) -> Result<Vec<Event>> {
        let mut a = Args::default();
        let id = a.add(doc_id.to_string());
        self.rows(
            &format!(
                "SELECT e.json FROM events e JOIN documents d ON d.seq = e.doc_seq
                 WHERE d.id = {id} ORDER BY e.idx"
            ),
            &a,
            "read events",
        )?
        .iter()
        .map(|r| self.parse_event(r.get(0)))
        .collect()
    }

    fn search_documents(
        &self,
        text: &str,
        include_duplicates: bool,
        limit: Option<usize>,
    ) -> Result<Vec<DocumentMeta>> {
        let expr = self.expr(text)?;
        let mut a = Args::default();
        let t = a.add(tsquery(&expr));
        let filter = if include_duplicates {
            ""
        } else {
            "AND d.duplicate_of IS NULL"
        };
        let limit = limit.map_or(String::new(), |l| {
            format!(" LIMIT {}", a.add(i64::try_from(l).unwrap_or(i64::MAX)))
        });
        self.metas(
            &format!(
                "SELECT {META_COLUMNS} FROM documents d WHERE d.fts @@ {t}::text::tsquery {filter}
                 ORDER BY d.id{limit}"
            ),
            &a,
        )
    }

    fn stats(&self) -> Result<Stats> {
        let mut s = Stats {
            documents: self.count("SELECT count(*) FROM documents")?,
            duplicates: self.count("SELECT count(duplicate_of) FROM documents")?,
            ..Stats::default()
        };
        use crate::stats_sql::{self, ORIGINAL};
        let r = self
            .db()
            .query_one(
                &format!(
                    "SELECT count(*), count(*) - count(e.event_day), min(e.event_day),
                            max(e.event_day) {ORIGINAL}"
                ),
                &[],
            )
            .map_err(self.err("stats"))?;
        s.events = u64::try_from(r.get::<_, i64>(0)).unwrap_or(0);
        s.undated_events = u64::try_from(r.get::<_, i64>(1)).unwrap_or(0);
        s.first_event_date = r
            .get::<_, Option<i32>>(2)
            .map(|d| Date::from_days(d.into()));
        s.last_event_date = r
            .get::<_, Option<i32>>(3)
            .map(|d| Date::from_days(d.into()));
        s.duplicate_events = self.count(
            "SELECT count(*) FROM events e JOIN documents d ON d.seq = e.doc_seq
             WHERE d.duplicate_of IS NOT NULL",
        )?;
        let grouped = |sql: &str| -> Result<Vec<(String, u64)>> {
            Ok(self
                .rows(sql, &Args::default(), "stats")?
                .iter()
                .map(|r| {
                    (
                        r.get::<_, String>(0),
                        u64::try_from(r.get::<_, i64>(1)).unwrap_or(0),
                    )
                })
                .collect())
        };
        crate::fill_grouped_stats(
            &mut s,
            grouped(stats_sql::BY_KIND)?,
            grouped(stats_sql::BY_MODALITY)?,
            grouped(stats_sql::BY_COUNTRY)?,
            |d| self.corrupt(d),
        )?;
        s.documents_by_language = stats_sql::languages(
            self.rows(stats_sql::BY_LANGUAGE, &Args::default(), "stats")?
                .iter()
                .map(|r| {
                    (
                        r.get::<_, Option<String>>(0),
                        u64::try_from(r.get::<_, i64>(1)).unwrap_or(0),
                    )
                }),
        );
        s.db_bytes = Some(self.count("SELECT pg_database_size(current_database())")?);
        Ok(s)
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
        self.db()
            .execute("INSERT INTO incident_splits (groups) VALUES ($1)", &[&json])
            .map_err(self.err("incident split"))?;
        Ok(())
    }

    fn undetected_languages(&self, limit: usize) -> Result<Vec<(String, String)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(self
            .db()
            .query(
                "SELECT id, text FROM documents WHERE language IS NULL ORDER BY seq LIMIT $1",
                &[&limit],
            )
            .map_err(self.err("documents without a language"))?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn set_languages(&mut self, languages: &[(String, String)]) -> Result<()> {
        let run = |c: &mut Client| -> std::result::Result<(), postgres::Error> {
            let mut tx = c.transaction()?;
            let st = tx.prepare("UPDATE documents SET language = $2 WHERE id = $1")?;
            for (id, language) in languages {
                tx.execute(&st, &[id, language])?;
            }
            tx.commit()
        };
        run(&mut self.db()).map_err(self.err("document languages"))
    }

    fn feeds(&self) -> Result<Vec<crate::Feed>> {
        Ok(self
            .db()
            .query(
                &format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY url"),
                &[],
            )
            .map_err(self.err("feeds"))?
            .iter()
            .map(feed_row)
            .collect())
    }

    fn put_feed(&mut self, url: &str, every_secs: u64, now: i64) -> Result<bool> {
        crate::validate_feed(url, every_secs, &self.location)?;
        let every = i64::try_from(every_secs).unwrap_or(i64::MAX);
        // `xmax = 0` tells an inserted row from an updated one.
        let r = self
            .db()
            .query_one(
                "INSERT INTO feeds (url, every_secs, next_due, added_at) VALUES ($1, $2, $3, $3)
                 ON CONFLICT (url) DO UPDATE SET every_secs = $2, next_due = $3
                 RETURNING (xmax = 0)",
                &[&url, &every, &now],
            )
            .map_err(self.err("feeds"))?;
        Ok(r.get(0))
    }

    fn remove_feed(&mut self, url: &str) -> Result<bool> {
        let n = self
            .db()
            .execute("DELETE FROM feeds WHERE url = $1", &[&url])
            .map_err(self.err("feeds"))?;
        Ok(n > 0)
    }

    fn claim_due_feeds(
        &mut self,
        now: i64,
        hold_secs: i64,
        limit: usize,
    ) -> Result<Vec<crate::Feed>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let until = now.saturating_add(hold_secs);
        // The rows are returned as they were before the update (the CTE's snapshot), so the
        // caller sees the feed's own due time, not its hold.
        let rows = self
            .db()
            .query(
                &format!(
                    "WITH due AS (
                         SELECT {FEED_COLUMNS} FROM feeds WHERE next_due <= $1
                         ORDER BY next_due, url LIMIT $2 FOR UPDATE SKIP LOCKED
                     ), held AS (
                         UPDATE feeds f SET next_due = $3 FROM due WHERE f.url = due.url
                     )
                     SELECT {FEED_COLUMNS} FROM due ORDER BY next_due, url"
                ),
                &[&now, &limit, &until],
            )
            .map_err(self.err("feeds"))?;
        Ok(rows.iter().map(feed_row).collect())
    }

    fn record_feed_poll(&mut self, url: &str, poll: &crate::FeedPoll) -> Result<bool> {
        let (keep, etag, modified) = poll.validator_columns();
        let docs = i64::try_from(poll.documents).unwrap_or(i64::MAX);
        let n = self
            .db()
            .execute(
                "UPDATE feeds SET next_due = $2,
                     failures = CASE WHEN $3 THEN 0 ELSE failures + 1 END,
                     etag = CASE WHEN $4 THEN etag ELSE $5 END,
                     last_modified = CASE WHEN $4 THEN last_modified ELSE $6 END,
                     last_polled = $7, last_outcome = $8, polls = polls + 1,
                     documents = documents + $9
                 WHERE url = $1",
                &[
                    &url,
                    &poll.next_due,
                    &poll.ok,
                    &keep,
                    &etag,
                    &modified,
                    &poll.at,
                    &poll.outcome,
                    &docs,
                ],
            )
            .map_err(self.err("feeds"))?;
        Ok(n > 0)
    }

    fn watch_rules(&self) -> Result<Vec<crate::WatchRule>> {
        self.json_rows("SELECT rule FROM watch_rules ORDER BY name", "watch rule")
    }

    fn put_watch_rule(&mut self, rule: &crate::WatchRule) -> Result<()> {
        crate::validate_rule(rule, &self.location)?;
        let json = serde_json::to_string(rule).expect("a rule serialises");
        self.db()
            .execute(
                "INSERT INTO watch_rules (name, rule) VALUES ($1, $2)
                 ON CONFLICT (name) DO UPDATE SET rule = excluded.rule",
                &[&rule.name, &json],
            )
            .map_err(self.err("watch rule"))?;
        Ok(())
    }

    fn remove_watch_rule(&mut self, name: &str) -> Result<bool> {
        let run = |c: &mut Client| -> std::result::Result<u64, postgres::Error> {
            let mut tx = c.transaction()?;
            let n = tx.execute("DELETE FROM watch_rules WHERE name = $1", &[&name])?;
            tx.execute("DELETE FROM watch_deliveries WHERE rule = $1", &[&name])?;
            tx.commit()?;
            Ok(n)
        };
        let n = run(&mut self.db()).map_err(self.err("watch rule"))?;
        Ok(n > 0)
    }

    fn delivered(&self, rule: &str) -> Result<BTreeSet<String>> {
        let mut a = Args::default();
        let r = a.add(rule.to_string());
        Ok(self
            .rows(
                &format!("SELECT event_id FROM watch_deliveries WHERE rule = {r}"),
                &a,
                "watch deliveries",
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn mark_delivered(&mut self, rule: &str, events: &[String]) -> Result<()> {
        let run = |c: &mut Client| -> std::result::Result<(), postgres::Error> {
            let mut tx = c.transaction()?;
            let st = tx.prepare(
                "INSERT INTO watch_deliveries (rule, event_id) VALUES ($1, $2)
                 ON CONFLICT DO NOTHING",
            )?;
            for e in events {
                tx.execute(&st, &[&rule, e])?;
            }
            tx.commit()
        };
        run(&mut self.db()).map_err(self.err("watch deliveries"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://vigil:s3cret@db.example:5432/vigil"),
            "postgres://vigil:***@db.example:5432/vigil"
        );
        assert_eq!(redact("postgres://db/vigil"), "postgres://db/vigil");
        assert_eq!(redact("host=/tmp port=5433"), "host=/tmp port=5433");
    }

    #[test]
    fn text_becomes_positioned_tokens_and_queries_tsquery() {
        assert_eq!(
            tsvector(&["Société Générale", "al-Qaeda threatened al-Qaeda"]),
            "'al':5,8 'generale':2 'qaeda':6,9 'societe':1 'threatened':7"
        );
        let q = textquery::parse("(paris AND amaq) OR \"concert hall\" NOT bomb*").unwrap();
        assert_eq!(
            tsquery(&q),
            "((('paris') & ('amaq')) | (('concert' <-> 'hall') & !('bomb':*)))"
        );
    }
}
