//! Flags several commands share: how inputs are read, which store, which events.

use clap::{Args, ValueEnum};
use std::path::PathBuf;
use vigil_ingest::jsonl::JsonlFields;
use vigil_ingest::source::Options;
use vigil_model::{Date, EventKind, Modality};
use vigil_store::{PgStore, Query, SqliteStore, Store};

/// The database used when neither `--db` nor `VIGIL_DB` names one.
pub const DEFAULT_DB: &str = "vigil.db";

/// How extracted documents are printed.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// A JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Readable text.
    Table,
}

/// How inputs are read.
#[derive(Args, Clone)]
pub struct ReadArgs {
    /// JSONL field holding the article text (dotted names reach into objects).
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL field holding the headline.
    #[arg(long, default_value = "title")]
    pub title_field: String,
    /// JSONL field holding the URL.
    #[arg(long, default_value = "url")]
    pub url_field: String,
    /// JSONL field holding the publication date.
    #[arg(long, default_value = "published")]
    pub published_field: String,
    /// Largest file or page read whole, in MB (WARC and JSONL stream and are not capped).
    #[arg(long, default_value_t = 20)]
    pub max_mb: u64,
    /// Seconds before a URL fetch gives up.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
}

impl ReadArgs {
    /// The readers' options.
    pub fn options(&self) -> Options {
        let mut o = Options {
            jsonl: JsonlFields {
                text: self.text_field.clone(),
                title: self.title_field.clone(),
                url: self.url_field.clone(),
                published: self.published_field.clone(),
            },
            max_file_bytes: self.max_mb << 20,
            ..Options::default()
        };
        o.fetch.max_bytes = self.max_mb << 20;
        o.fetch.timeout = std::time::Duration::from_secs(self.timeout);
        o
    }
}

/// Which store.
#[derive(Args, Clone)]
pub struct DbArgs {
    /// The database: a SQLite file, or a PostgreSQL server as `postgres://user@host/db`
    /// (default: `$VIGIL_DB`, else `vigil.db` in the current directory).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

impl DbArgs {
    /// `--db`, else `$VIGIL_DB`, else `vigil.db`.
    pub fn path(&self) -> PathBuf {
        self.db
            .clone()
            .or_else(|| std::env::var_os("VIGIL_DB").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DB))
    }

    /// The PostgreSQL connection string, when the store is one.
    pub fn postgres(&self) -> Option<String> {
        vigil_corpus::queue::postgres_url(&self.path())
    }

    /// Opens the store, creating a SQLite file (or PostgreSQL tables) when missing.
    pub fn open(&self) -> anyhow::Result<Box<dyn Store>> {
        let p = self.path();
        Ok(match self.postgres() {
            Some(url) => Box::new(PgStore::connect(&url)?),
            None => Box::new(SqliteStore::open(&p)?),
        })
    }

    /// Opens an existing store (reading commands never create a SQLite file).
    pub fn open_existing(&self) -> anyhow::Result<Box<dyn Store>> {
        let p = self.path();
        if self.postgres().is_none() && !p.exists() {
            anyhow::bail!(
                "{}: no such database (run `vigil ingest` first, or name one with --db)",
                p.display()
            );
        }
        self.open()
    }

    /// The PostgreSQL URL the work queue needs.
    pub fn queue_url(&self) -> anyhow::Result<String> {
        Ok(vigil_corpus::queue::queue_url(&self.path())?)
    }
}

/// The event filters of `query`, `export` and `watch add`.
#[derive(Args, Clone)]
pub struct EventFilters {
    /// Event kinds (repeat or comma-separate).
    #[arg(long, value_delimiter = ',', value_parser = parse_kind,
          long_help = kinds_help())]
    pub kind: Vec<EventKind>,
    /// An actor: a dictionary id (grp:islamic-state), name or alias ("Islamic State", ISIS,
    /// JNIM), or a name stored events hold; an unknown name is an error naming the closest.
    #[arg(long)]
    pub actor: Option<String>,
    /// With --actor: also its affiliates, branches and media (ISWAP, IS-K … for Islamic State).
    #[arg(long, requires = "actor")]
    pub with_affiliates: bool,
    /// Country of a place of the event: ISO code (FR) or English name (France).
    #[arg(long)]
    pub country: Option<String>,
    /// Full-text query over article and event text (words, "phrases", prefix*, AND/OR/NOT).
    #[arg(long)]
    pub text: Option<String>,
}

/// Which stored events `query` and `export` read.
#[derive(Args, Clone)]
pub struct Filters {
    #[command(flatten)]
    pub events: EventFilters,
    /// A place name.
    #[arg(long)]
    pub place: Option<String>,
    /// Earliest event date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<Date>,
    /// Latest event date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<Date>,
    /// Modality.
    #[arg(long, value_parser = parse_modality, long_help = modalities_help())]
    pub modality: Option<Modality>,
    /// Include events of near-duplicate documents.
    #[arg(long)]
    pub include_duplicates: bool,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
}

impl Filters {
    /// The store query, checked in the one place the API checks it too (a country's name to
    /// its code, an actor's name to its id, the dates in order).
    pub fn checked_query(&self, store: &dyn Store) -> anyhow::Result<Query> {
        Ok(vigil_corpus::filters::resolve(
            store,
            self.query(),
            self.events.with_affiliates,
        )?)
    }

    /// The store query as given.
    pub fn query(&self) -> Query {
        Query {
            kinds: self.events.kind.clone(),
            actor: self.events.actor.clone(),
            country: self.events.country.clone(),
            place: self.place.clone(),
            from: self.from,
            to: self.to,
            modality: self.modality,
            text: self.events.text.clone(),
            include_duplicates: self.include_duplicates,
            limit: self.limit,
            ..Query::default()
        }
    }
}

/// `--kind`'s long help: every kind.
pub fn kinds_help() -> String {
    let all: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
    format!(
        "Event kinds (repeat or comma-separate), of: {}",
        all.join(", ")
    )
}

/// `--modality`'s long help: every modality.
pub fn modalities_help() -> String {
    let all: Vec<&str> = Modality::ALL.iter().map(|k| k.as_str()).collect();
    format!("Modality, one of: {}", all.join(", "))
}

/// An event kind by name.
pub fn parse_kind(s: &str) -> Result<EventKind, String> {
    EventKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind {s:?} (one of {})", all.join(", "))
    })
}

/// A modality by name.
pub fn parse_modality(s: &str) -> Result<Modality, String> {
    Modality::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Modality::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown modality {s:?} (one of {})", all.join(", "))
    })
}

/// A date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
}
