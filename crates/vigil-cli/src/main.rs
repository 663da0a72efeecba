//! The `vigil` command.
//!
//! `vigil extract INPUT...` prints the events of articles (text, HTML, feeds, WARC, JSONL,
//! URLs, `-`); `vigil ingest INPUT...` keeps them in a store (SQLite by default) that
//! `query`, `export` and `stats` read; `vigil text INPUT` shows the main text Vigil reads from a
//! page; `vigil eval html DIR` scores main-text extraction; `vigil demo` runs on the built-in
//! demo articles; `vigil bench extract|ingest` measures throughput.

/// mimalloc: the server's answers and extraction allocate many short-lived strings; it cut
/// the time spent in the allocator (16% of a loaded server's samples with glibc's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod bench_serve;
mod demo;
mod eval_events;
mod feeds;
mod incidents;
mod ingest;
mod input;
mod recover;
mod report;
mod serve;
mod table;
mod train_events;
mod watch;
mod work;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_extract::Extractor;
use vigil_ingest::jsonl::JsonlFields;
use vigil_ingest::source::{read_inputs, Options};
use vigil_model::{Date, EventKind, Modality};
use vigil_store::{Query, SqliteStore, Store};

/// The database used when neither `--db` nor `VIGIL_DB` names one.
const DEFAULT_DB: &str = "vigil.db";

#[derive(Parser)]
#[command(
    name = "vigil",
    version,
    about = "Sourced, deduplicated events of terrorism and political violence from news text"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Json,
    Jsonl,
    Table,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum QueryFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExportFormat {
    Jsonl,
    Csv,
    Geojson,
}

/// How inputs are read.
#[derive(Args, Clone)]
struct ReadArgs {
    /// JSONL field holding the article text (dotted names reach into objects).
    #[arg(long, default_value = "text")]
    text_field: String,
    /// JSONL field holding the headline.
    #[arg(long, default_value = "title")]
    title_field: String,
    /// JSONL field holding the URL.
    #[arg(long, default_value = "url")]
    url_field: String,
    /// JSONL field holding the publication date.
    #[arg(long, default_value = "published")]
    published_field: String,
    /// Largest file or page read whole, in MB (WARC and JSONL stream and are not capped).
    #[arg(long, default_value_t = 20)]
    max_mb: u64,
    /// Seconds before a URL fetch gives up.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
}

impl ReadArgs {
    fn options(&self) -> Options {
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
struct DbArgs {
    /// The database: a SQLite file, or a PostgreSQL server as `postgres://user@host/db`
    /// (default: `$VIGIL_DB`, else `vigil.db` in the current directory).
    #[arg(long)]
    db: Option<PathBuf>,
}

/// A PostgreSQL connection string given as `--db`.
fn postgres_url(p: &std::path::Path) -> Option<String> {
    let s = p.to_str()?;
    (s.starts_with("postgres://") || s.starts_with("postgresql://")).then(|| s.to_string())
}

impl DbArgs {
    fn path(&self) -> PathBuf {
        self.db
            .clone()
            .or_else(|| std::env::var_os("VIGIL_DB").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DB))
    }

    /// Opens the store, creating a SQLite file (or PostgreSQL tables) when missing.
    fn open(&self) -> Result<Box<dyn Store>> {
        let p = self.path();
        Ok(match postgres_url(&p) {
            Some(url) => Box::new(vigil_store::PgStore::connect(&url)?),
            None => Box::new(SqliteStore::open(&p)?),
        })
    }

    /// The PostgreSQL URL the work queue needs.
    fn postgres(&self) -> Result<String> {
        let p = self.path();
        postgres_url(&p).ok_or_else(|| {
            anyhow::anyhow!(
                "{}: the work queue lives in PostgreSQL: give --db postgres://user@host/db",
                p.display()
            )
        })
    }

    /// Opens an existing store (reading commands never create a SQLite file).
    fn open_existing(&self) -> Result<Box<dyn Store>> {
        let p = self.path();
        if postgres_url(&p).is_none() && !p.exists() {
            anyhow::bail!(
                "{}: no such database (run `vigil ingest` first, or name one with --db)",
                p.display()
            );
        }
        self.open()
    }
}

/// Which events.
#[derive(Args, Clone)]
struct Filters {
    /// Event kinds (repeat or comma-separate): attack, threat, claim_of_responsibility, …
    #[arg(long, value_delimiter = ',', value_parser = parse_kind)]
    kind: Vec<EventKind>,
    /// An actor id (grp:islamic-state) or name.
    #[arg(long)]
    actor: Option<String>,
    /// ISO 3166-1 alpha-2 country of a place of the event.
    #[arg(long)]
    country: Option<String>,
    /// A place name.
    #[arg(long)]
    place: Option<String>,
    /// Earliest event date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<Date>,
    /// Latest event date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<Date>,
    /// Modality: asserted, claimed, alleged, reported, threatened, attempted, foiled, …
    #[arg(long, value_parser = parse_modality)]
    modality: Option<Modality>,
    /// Full-text query over article and event text (words, "phrases", prefix*, AND/OR/NOT).
    #[arg(long)]
    text: Option<String>,
    /// Include events of near-duplicate documents.
    #[arg(long)]
    include_duplicates: bool,
    /// At most this many events.
    #[arg(long)]
    limit: Option<usize>,
}

impl Filters {
    fn query(&self) -> Query {
        Query {
            kinds: self.kind.clone(),
            actor: self.actor.clone(),
            country: self.country.clone(),
            place: self.place.clone(),
            from: self.from,
            to: self.to,
            modality: self.modality,
            text: self.text.clone(),
            include_duplicates: self.include_duplicates,
            limit: self.limit,
            ..Query::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Extract events from articles: files (text, HTML, RSS/Atom, WARC, JSONL), directories,
    /// URLs, or `-` for stdin.
    Extract {
        /// Inputs.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Publication date (YYYY-MM-DD) for articles that do not give one.
        #[arg(long, value_parser = parse_date)]
        published: Option<Date>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Read, extract and store articles; run again to resume (nothing is read twice).
    Ingest {
        /// Inputs: files, directories, URLs, `-`.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        db: DbArgs,
        /// Publication date (YYYY-MM-DD) for articles that do not give one.
        #[arg(long, value_parser = parse_date)]
        published: Option<Date>,
        /// Documents per transaction.
        #[arg(long, default_value_t = 256)]
        batch: usize,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Stored events matching filters.
    Query {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        filters: Filters,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: QueryFormat,
    },
    /// Export stored events: JSONL records, ACLED-like CSV, or GeoJSON points.
    Export {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        filters: Filters,
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print the main text Vigil reads from a page, feed or file.
    Text {
        /// A file, URL or `-`.
        input: String,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Incidents: the same attack, arrest or operation reported by many outlets, as one.
    Incidents {
        #[command(subcommand)]
        what: IncidentCommand,
    },
    /// How incidents changed as reports came in (tolls, perpetrators, retractions).
    Changes {
        /// Only changes brought by documents published on or after this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        since: Option<Date>,
        #[command(flatten)]
        db: DbArgs,
        /// JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The claim–assessment ledger: claims and threats with who judged them, and retractions.
    Claims {
        /// Only claims by this actor id (grp:islamic-state) or name.
        #[arg(long)]
        actor: Option<String>,
        /// Only claims some assessment disputes (not credible, propaganda, opportunistic).
        #[arg(long)]
        disputed: bool,
        #[command(flatten)]
        db: DbArgs,
        /// JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// A country's threat picture: alert-level changes and an indicator with its drivers.
    Picture {
        /// ISO 3166-1 alpha-2 code (FR, US, NG).
        country: String,
        /// As of this date (YYYY-MM-DD); default: every stored event.
        #[arg(long, value_parser = parse_date)]
        at: Option<Date>,
        /// Only events that target this group ("Christians", "journalists").
        #[arg(long)]
        target: Option<String>,
        #[command(flatten)]
        db: DbArgs,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Saved rules that report new matching events: to the terminal, JSON lines or a webhook.
    Watch {
        #[command(subcommand)]
        what: WatchCommand,
    },
    /// Counts over the store.
    Stats {
        #[command(flatten)]
        db: DbArgs,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Train a model.
    Train {
        #[command(subcommand)]
        what: TrainCommand,
    },
    /// Score Vigil on public benchmark data.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Serve the HTTP JSON API and the dashboard over a store.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Allow writes (ingest, watch rules) with `Authorization: Bearer TOKEN` (default:
        /// `$VIGIL_TOKEN`; without one the server is read-only).
        #[arg(long)]
        token: Option<String>,
        /// Store the built-in demo articles first (into `--db`, else a file in the temporary
        /// folder).
        #[arg(long)]
        demo: bool,
        /// Network threads (default: the machine's cores).
        #[arg(long)]
        threads: Option<usize>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Queue inputs (files, directories, URLs) for `vigil worker` in a PostgreSQL store; a file
    /// travels with its bytes. Queuing the same input again adds nothing.
    Enqueue {
        /// Inputs.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Process queued work in a PostgreSQL store, with any number of other workers on any
    /// number of machines.
    Worker {
        #[command(flatten)]
        db: DbArgs,
        /// Items claimed at a time.
        #[arg(long, default_value_t = 8)]
        batch: usize,
        /// Seconds a claim holds: the items of a worker that dies are claimed again after it.
        #[arg(long, default_value_t = 120.0)]
        lease: f64,
        /// Exit when nothing is queued or held by any worker.
        #[arg(long)]
        until_empty: bool,
        /// This worker's name in leases (default: host name and process id).
        #[arg(long)]
        name: Option<String>,
        /// Leave watch rules to someone else (`vigil watch run`); by default one worker at a
        /// time delivers their new matches (JSON lines on stdout, or the rule's webhook).
        #[arg(long)]
        no_watch: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// A new SQLite store from what can still be read of a damaged one: documents (their
    /// events extracted again), watch rules, incident splits, feeds. Then `vigil ingest` of
    /// the original inputs into it adds back what was lost.
    Recover {
        /// The damaged store.
        #[arg(long)]
        db: PathBuf,
        /// The new store (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
    /// Feeds polled on a schedule by `vigil run` and by every `vigil worker`.
    Feeds {
        #[command(subcommand)]
        what: FeedsCommand,
    },
    /// Monitor: poll the feeds as they fall due (`vigil feeds add`), store their new items and
    /// report the watch rules' new matches (`vigil watch add`) on stdout or to their webhooks.
    /// Runs until stopped; one process, any store.
    Run {
        /// One round: poll the feeds due now, report, and exit (for cron).
        #[arg(long)]
        once: bool,
        /// Watch matches as JSON lines (`{"rule", "record"}`) instead of text.
        #[arg(long)]
        jsonl: bool,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// The work queue of a PostgreSQL store: depth, leases, stuck items, throughput.
    Status {
        #[command(flatten)]
        db: DbArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run on the built-in demo articles and print readable events.
    Demo {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Measure throughput over a real corpus.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The learned event detector (data/events/detector.model), from WikiEvents train, M2E2,
    /// GENEVA and RAMS, with word clusters from GloVe (`scripts/fetch-data --training`);
    /// deterministic.
    Events {
        /// The shared folder holding the corpora.
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// The GloVe folder written by `scripts/fetch-data --training`.
        #[arg(long, default_value = ".vigil-data/glove-6b-50d")]
        glove: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "data/events/detector.model")]
        out: PathBuf,
        /// Cross-validation folds by document (the threshold is chosen on their predictions);
        /// 0 or 1 trains once with the default threshold.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Passes over the training words.
        #[arg(long, default_value_t = vigil_extract::detect::train::TrainOptions::default().epochs)]
        epochs: usize,
        /// AdaGrad learning rate.
        #[arg(long, default_value_t = vigil_extract::detect::train::TrainOptions::default().rate)]
        rate: f32,
        /// L2 penalty on the weights of each example's features.
        #[arg(long, default_value_t = vigil_extract::detect::train::TrainOptions::default().l2)]
        l2: f32,
    },
    /// The entity tagger, from CoNLL-2003 training data, with word clusters from the texts
    /// under the shared folder.
    Ner {
        /// CoNLL training file.
        #[arg(long, default_value = "../shared/eval/conll2003/train.txt")]
        train: PathBuf,
        /// The shared folder whose texts give word clusters (CoNLL, MUC-4, WikiEvents).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = vigil_ner::DEFAULT_MODEL_PATH)]
        out: PathBuf,
    },
    /// The MUC-4 role-filler tagger, from a file in the GRIT layout (deterministic).
    Muc4 {
        /// Training documents in the GRIT layout.
        #[arg(long, default_value = "../shared/eval/muc4/train.json")]
        train: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = vigil_ner::roles::DEFAULT_ROLE_MODEL_PATH)]
        out: PathBuf,
        /// Passes over the training documents.
        #[arg(long, default_value_t = vigil_ner::roles::RoleTrainOptions::default().epochs)]
        epochs: usize,
        /// Also score the training documents cross-validated (five more taggers, each trained
        /// without a fifth of them, tag that fifth; scored as `vigil eval muc4` scores, the
        /// rules' organisations included): a steadier yardstick than the 200 dev documents.
        #[arg(long)]
        cv: bool,
    },
}

#[derive(Subcommand)]
enum FeedsCommand {
    /// Add RSS/Atom feeds (a feed already there takes the new interval); each is due at once.
    Add {
        /// Feed URLs.
        #[arg(required = true)]
        urls: Vec<String>,
        /// Time between polls: 90s, 5m, 2h, 1d.
        #[arg(long, default_value = "15m", value_parser = feeds::parse_every)]
        every: u64,
        #[command(flatten)]
        db: DbArgs,
    },
    /// The feeds: interval, next poll, last poll and its outcome, documents stored.
    List {
        #[command(flatten)]
        db: DbArgs,
        /// JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Stop polling feeds (what they brought stays stored).
    Remove {
        /// Feed URLs.
        #[arg(required = true)]
        urls: Vec<String>,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum WatchCommand {
    /// Save a rule (a rule of the same name is replaced).
    Add {
        /// The rule's name.
        name: String,
        /// Event kinds (repeat or comma-separate).
        #[arg(long, value_delimiter = ',', value_parser = parse_kind)]
        kind: Vec<EventKind>,
        /// An actor id (grp:islamic-state) or name.
        #[arg(long)]
        actor: Option<String>,
        /// ISO country code of a place of the event.
        #[arg(long)]
        country: Option<String>,
        /// Words of the targeted group ("Christians", "journalists").
        #[arg(long)]
        target: Option<String>,
        /// At least this many killed.
        #[arg(long)]
        min_killed: Option<u64>,
        /// Full-text query.
        #[arg(long)]
        text: Option<String>,
        /// POST new matches to this URL instead of printing them.
        #[arg(long)]
        webhook: Option<String>,
        /// Only events stored from now on: what matches today counts as reported.
        #[arg(long)]
        from_now: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// The saved rules.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove a rule and its record of deliveries.
    Remove {
        /// The rule's name.
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Report every rule's matches that were not reported before.
    Run {
        /// Only this rule.
        #[arg(long)]
        rule: Option<String>,
        /// JSON lines (`{"rule", "record"}`) instead of text.
        #[arg(long)]
        jsonl: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum IncidentCommand {
    /// Every incident: id, kind, date, place, reports, best toll and perpetrator.
    List {
        #[command(flatten)]
        db: DbArgs,
        /// JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// One incident: its reports, every reported value with its source, the best values.
    Show {
        /// The incident id (inc-…).
        id: String,
        /// Also say why its reports were joined (time, place, perpetrator).
        #[arg(long)]
        why: bool,
        #[command(flatten)]
        db: DbArgs,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Undo a merge: the events named leave the incident, and stay apart from now on.
    Split {
        /// The incident id.
        id: String,
        /// Event ids to take out (see `vigil incidents show ID`).
        #[arg(required = true)]
        events: Vec<String>,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Events on annotated real news (WikiEvents, RAMS, M2E2, GENEVA, UDS, ECB+, re3d, UCDP,
    /// MUC-4): detection per kind, arguments per role, modality, duplicates, tolls and places.
    Events {
        /// Sets: wikievents-dev, wikievents-train, rams, m2e2, geneva, uds, ecbplus, re3d,
        /// ucdp, muc4-dev, muc4-train, pages (ordinary web pages: every event is suspect), or
        /// all.
        #[arg(required = true)]
        sets: Vec<String>,
        /// The shared folder holding the corpora.
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// One JSON object per set.
        #[arg(long)]
        json: bool,
        /// After the scores, list every missed and spurious event and missed argument
        /// (tab-separated: what, kind or role, document, text).
        #[arg(long, conflicts_with = "json")]
        misses: bool,
        /// Extraction threads (default: the machine's cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Write the set's documents as JSON lines (id, text, published) to this file instead
        /// of scoring (for another extractor: `vigil extract --format jsonl FILE`).
        #[arg(long, conflicts_with_all = ["outputs", "misses", "json"])]
        texts: Option<PathBuf>,
        /// Score these document outputs (JSON lines, in the order of `--texts`) instead of
        /// extracting.
        #[arg(long)]
        outputs: Option<PathBuf>,
    },
    /// Toponym recognition and resolution on a geoparsing corpus (GeoWebNews or LGL XML).
    Geo {
        /// The corpus file.
        file: PathBuf,
        /// One JSON object (recognition, resolution).
        #[arg(long)]
        json: bool,
        /// Instead of the scores, list the resolution misses (tab-separated: article, gold
        /// name, gold type, gold id, gold point, ours, our id, our point, how, km).
        #[arg(long, conflicts_with = "json")]
        misses: bool,
    },
    /// MUC-4 role fillers (GRIT layout): per-role and micro precision/recall/F1, CEAF-REE strict.
    Muc4 {
        /// A file in the GRIT layout (`../shared/eval/muc4/dev.json`).
        file: PathBuf,
        /// Also write predictions in GRIT's format to this file.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// One JSON object (`micro` and one object per role).
        #[arg(long)]
        json: bool,
        /// A role model file instead of the committed one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Use the rule-based extractor only, instead of the learned role tagger.
        #[arg(long, conflicts_with = "learned")]
        rules: bool,
        /// Use the learned role tagger only (by default the rule-based extractor adds
        /// perpetrator organisations in documents the tagger finds relevant).
        #[arg(long)]
        learned: bool,
        /// Override the model's thresholds, eleven comma-separated numbers: five per-role
        /// minimum scores, the document minimum, five per-role boosts (role order: PerpInd,
        /// PerpOrg, Target, Victim, Weapon).
        #[arg(long)]
        thresholds: Option<String>,
    },
    /// The entity tagger on a CoNLL file, with conlleval's rules (entity-level exact spans).
    Conll {
        /// A CoNLL-2003 file (token, POS, chunk, NER columns).
        file: PathBuf,
        /// Score a lower-cased copy of the file (made in memory).
        #[arg(long)]
        lowercase: bool,
        /// A model file instead of the built-in one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// One JSON object (precision, recall, f1 micro; types).
        #[arg(long)]
        json: bool,
    },
    /// Main-text extraction on a directory with gold.json and pages/ (the trafilatura set).
    Html {
        /// The benchmark directory.
        dir: PathBuf,
        /// One JSON object (precision, recall, f1, date_accuracy).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Write generated wire reports as text files (`report-00000.txt` …), a corpus for the
    /// worker tests and benchmarks.
    Corpus {
        /// The directory to write to.
        #[arg(long)]
        out: PathBuf,
        /// How many reports.
        #[arg(long, default_value_t = 5000)]
        documents: u64,
    },
    /// Tokens/s per core of the entity tagger over a CoNLL file.
    Ner {
        /// A CoNLL-2003 file.
        file: PathBuf,
        /// Timed repetitions (the median is reported).
        #[arg(long, default_value_t = 7)]
        runs: usize,
    },
    /// Words/s per core of `extract` (MUC-4 JSON lines, text files, directories).
    Extract {
        /// Inputs.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Timed repetitions (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Event queries/s and latency of `vigil serve` on loopback over a store of generated
    /// reports.
    Serve {
        /// The store (built on first use, reused after).
        #[arg(long, default_value = "target/bench-serve.db")]
        db: PathBuf,
        /// Events in the store.
        #[arg(long, default_value_t = 100_000)]
        events: u64,
        /// Seconds per round.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Rounds (the median is reported); 0 only builds the store.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Client connections.
        #[arg(long, default_value_t = 16)]
        connections: usize,
        /// Server network threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Send only these paths (repeatable) instead of the built-in mix of event queries.
        #[arg(long = "path")]
        paths: Vec<String>,
    },
    /// Pages/s per core of HTML → extract → SQLite store over a directory of pages.
    Ingest {
        /// A directory of HTML pages (searched recursively).
        dir: PathBuf,
        /// Timed repetitions (the median is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
}

fn parse_kind(s: &str) -> Result<EventKind, String> {
    EventKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind {s:?} (one of {})", all.join(", "))
    })
}

fn parse_modality(s: &str) -> Result<Modality, String> {
    Modality::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Modality::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown modality {s:?} (one of {})", all.join(", "))
    })
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
}

/// A write past a file size limit (`ulimit -f`) kills the process with SIGXFSZ unless it is
/// ignored; ignored, the write fails with EFBIG and the store reports a clear error, rolling
/// back the batch (a full disk gives ENOSPC without a signal).
fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN at start, before any thread exists,
    // has no other effect on the program.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

fn main() -> ExitCode {
    ignore_file_size_signal();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vigil: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract {
            inputs,
            published,
            format,
            read,
        } => {
            let x = Extractor::new()?;
            let mut failed = false;
            let mut docs = Vec::new();
            read_inputs(&inputs, &read.options(), &mut |item| match item {
                Ok(a) => {
                    let id = if a.source == "-" || std::path::Path::new(&a.source).is_file() {
                        input::doc_id(&a.source, &a.text())
                    } else {
                        ingest::doc_id(&a.source, &ingest::Pipeline::identity(&a))
                    };
                    docs.push(x.extract(&ingest::to_input(&a, &id, published)));
                }
                Err(e) => {
                    eprintln!("vigil: {e}");
                    failed = true;
                }
            });
            let stdout = std::io::stdout();
            emit(&mut stdout.lock(), &docs, format)?;
            Ok(exit(failed))
        }
        Command::Ingest {
            inputs,
            db,
            published,
            batch,
            read,
        } => {
            let mut store = db.open()?;
            let path = vigil_store::Store::location(store.as_ref()).to_string();
            let x = Extractor::new()?;
            let s = ingest::run(
                store.as_mut(),
                &x,
                &inputs,
                &read.options(),
                published,
                batch.max(1),
            )?;
            ingest::print_summary(&s, &path);
            Ok(exit(s.errors() > 0))
        }
        Command::Query {
            db,
            filters,
            format,
        } => {
            let store = db.open_existing()?;
            let records = store.query(&filters.query())?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match format {
                QueryFormat::Table => report::write_table(&mut out, &records)?,
                QueryFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &records)?;
                    writeln!(out)?;
                }
                QueryFormat::Jsonl => report::write_jsonl(&mut out, &records)?,
                QueryFormat::Csv => report::write_csv(&mut out, &records)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            db,
            filters,
            format,
            output,
        } => {
            let store = db.open_existing()?;
            let records = store.query(&filters.query())?;
            let mut out: Box<dyn Write> = match &output {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p).with_context(|| format!("{}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            match format {
                ExportFormat::Jsonl => report::write_jsonl(&mut out, &records)?,
                ExportFormat::Csv => report::write_csv(&mut out, &records)?,
                ExportFormat::Geojson => report::write_geojson(&mut out, &records)?,
            }
            out.flush()?;
            if let Some(p) = output {
                eprintln!("{} events written to {}", records.len(), p.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Text { input, read } => {
            let mut failed = false;
            let mut texts = Vec::new();
            read_inputs(&[input], &read.options(), &mut |item| match item {
                Ok(a) => texts.push(a.text()),
                Err(e) => {
                    eprintln!("vigil: {e}");
                    failed = true;
                }
            });
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for (i, t) in texts.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{t}")?;
            }
            Ok(exit(failed))
        }
        Command::Incidents { what } => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match what {
                IncidentCommand::List { db, json } => {
                    let store = db.open_existing()?;
                    let (_, inc) = incidents::incidents(store.as_ref())?;
                    incidents::list(&mut out, &inc, json)?;
                }
                IncidentCommand::Show { id, why, db, json } => {
                    let store = db.open_existing()?;
                    let (_, inc) = incidents::incidents(store.as_ref())?;
                    incidents::show(&mut out, &inc, &id, why, json)?;
                }
                IncidentCommand::Split { id, events, db } => {
                    let mut store = db.open_existing()?;
                    let (_, mut inc) = incidents::incidents(store.as_ref())?;
                    incidents::split(&mut out, store.as_mut(), &mut inc, &id, &events)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Changes { since, db, json } => {
            let store = db.open_existing()?;
            incidents::changes(&mut std::io::stdout().lock(), store.as_ref(), since, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Claims {
            actor,
            disputed,
            db,
            json,
        } => {
            let store = db.open_existing()?;
            incidents::claims(
                &mut std::io::stdout().lock(),
                store.as_ref(),
                actor.as_deref(),
                disputed,
                json,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Picture {
            country,
            at,
            target,
            db,
            json,
        } => {
            let store = db.open_existing()?;
            incidents::picture(
                &mut std::io::stdout().lock(),
                store.as_ref(),
                &country,
                at,
                target.as_deref(),
                json,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch { what } => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match what {
                WatchCommand::Add {
                    name,
                    kind,
                    actor,
                    country,
                    target,
                    min_killed,
                    text,
                    webhook,
                    from_now,
                    db,
                } => {
                    let mut store = db.open_existing()?;
                    let rule = vigil_store::WatchRule {
                        name: name.clone(),
                        kinds: kind,
                        actor,
                        country,
                        target,
                        min_killed,
                        text,
                        webhook,
                    };
                    let skipped = watch::add(store.as_mut(), &rule, from_now)?;
                    writeln!(out, "saved watch rule {name}")?;
                    if from_now {
                        writeln!(out, "{skipped} events already stored count as reported")?;
                    }
                }
                WatchCommand::List { db } => {
                    let store = db.open_existing()?;
                    for r in store.watch_rules()? {
                        writeln!(out, "{}", serde_json::to_string(&r)?)?;
                    }
                }
                WatchCommand::Remove { name, db } => {
                    let mut store = db.open_existing()?;
                    if !store.remove_watch_rule(&name)? {
                        anyhow::bail!("no watch rule {name:?}");
                    }
                    writeln!(out, "removed watch rule {name}")?;
                }
                WatchCommand::Run { rule, jsonl, db } => {
                    let mut store = db.open_existing()?;
                    let format = if jsonl {
                        watch::Output::Jsonl
                    } else {
                        watch::Output::Text
                    };
                    let ok = match postgres_url(&db.path()) {
                        // Workers deliver too: one delivery at a time, under their lock.
                        Some(url) => {
                            work::watch_exclusive(&url, &mut out, rule.as_deref(), format)?
                        }
                        None => watch::run(&mut out, store.as_mut(), rule.as_deref(), format)?,
                    };
                    return Ok(exit(!ok));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { db, json } => {
            let store = db.open_existing()?;
            let s = store.stats()?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &s)?;
                writeln!(out)?;
            } else {
                report::write_stats(&mut out, &s, &db.path().display().to_string())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train {
            what:
                TrainCommand::Events {
                    shared,
                    glove,
                    out,
                    folds,
                    epochs,
                    rate,
                    l2,
                },
        } => {
            train_events::run(&train_events::Options {
                shared,
                glove,
                out,
                folds,
                train: vigil_extract::detect::train::TrainOptions {
                    epochs,
                    rate,
                    l2,
                    ..Default::default()
                },
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Events {
                    sets,
                    shared,
                    json,
                    misses,
                    threads,
                    texts,
                    outputs,
                },
        } => {
            let threads = threads.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
            });
            eval_events::run(
                &sets,
                &eval_events::Options {
                    shared: &shared,
                    json,
                    misses,
                    threads,
                    texts: texts.as_deref(),
                    outputs: outputs.as_deref(),
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what: EvalCommand::Html { dir, json },
        } => {
            let s = vigil_ingest::eval::eval_html(&dir).map_err(anyhow::Error::msg)?;
            if json {
                println!("{}", serde_json::to_string(&s)?);
            } else {
                println!(
                    "main text on {} pages: precision {:.3}, recall {:.3}, F1 {:.3}",
                    s.pages, s.precision, s.recall, s.f1
                );
                if let Some(d) = s.date_accuracy {
                    println!(
                        "publication date accuracy: {d:.3} ({} pages with a gold date)",
                        s.date_pages
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train {
            what:
                TrainCommand::Muc4 {
                    train,
                    out,
                    epochs,
                    cv,
                },
        } => {
            let t0 = std::time::Instant::now();
            let text = std::fs::read_to_string(&train)
                .with_context(|| format!("{}: cannot read", train.display()))?;
            let docs = vigil_ner::roles::read_docs(&text)?;
            let opts = vigil_ner::roles::RoleTrainOptions {
                epochs,
                ..Default::default()
            };
            let (mut model, report) = vigil_ner::roles::train_roles(&docs, &opts);
            model.thresholds = vigil_ner::roles::Thresholds::tuned();
            model.save(&out)?;
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            println!(
                "trained on {} documents ({} tokens, {} epochs, last epoch accuracy {:.4}) in {:.1} s ({:.1} s in all); model written to {} ({:.2} MB)",
                report.documents,
                report.tokens,
                epochs,
                report.epoch_accuracy.last().copied().unwrap_or(0.0),
                report.seconds,
                t0.elapsed().as_secs_f64(),
                out.display(),
                size as f64 / 1e6
            );
            if cv {
                use vigil_extract::muc4;
                let data = vigil_ner::roles::analyse_docs(&docs, &opts);
                let folds = vigil_ner::roles::jackknife_taggers(&data, &opts);
                let learned = vigil_ner::roles::jackknife_predictions(
                    &docs,
                    &data,
                    &folds,
                    &model.thresholds,
                );
                let gold =
                    muc4::read(&text).map_err(|e| anyhow::anyhow!("{}: {e}", train.display()))?;
                let x = Extractor::new()?;
                let predicted: std::collections::BTreeMap<_, _> = gold
                    .iter()
                    .zip(learned)
                    .map(|(d, p)| (d.docid.clone(), muc4::combine(p, &muc4::predict(&x, d))))
                    .collect();
                let s = muc4::score(&gold, &predicted);
                for (role, p) in s
                    .roles
                    .iter()
                    .map(|(r, p)| (r.as_str(), p))
                    .chain([("micro", &s.micro)])
                {
                    println!("cross-validated {}", p.line(role));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train {
            what: TrainCommand::Ner { train, shared, out },
        } => {
            let t0 = std::time::Instant::now();
            let opts = vigil_ner::TrainOptions::default().with_shared_text(&shared);
            let model = vigil_ner::train(&train, &opts)?;
            model.save(&out)?;
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            println!(
                "trained in {:.1} s; model written to {} ({:.1} MB)",
                t0.elapsed().as_secs_f64(),
                out.display(),
                size as f64 / 1e6
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Conll {
                    file,
                    lowercase,
                    model,
                    json,
                },
        } => {
            let loaded;
            let m = match &model {
                Some(p) => {
                    loaded = vigil_ner::Model::load(p)?;
                    &loaded
                }
                None => vigil_ner::Model::embedded(),
            };
            let scores = vigil_ner::evaluate_file(m, &file, lowercase)?;
            if json {
                println!("{}", serde_json::to_string(&scores)?);
            } else {
                print!("{}", scores.to_table());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            what: BenchCommand::Ner { file, runs },
        } => {
            let t0 = std::time::Instant::now();
            let m = vigil_ner::Model::embedded();
            let load_ms = t0.elapsed().as_secs_f64() * 1e3;
            let sents = vigil_ner::conll::read_file(&file)?;
            let r = vigil_ner::bench(m, &sents, runs);
            println!("model loaded once in {load_ms:.0} ms");
            println!(
                "tagging, 1 thread: {} tokens per run, {} runs: median {:.0} tokens/s per core (best {:.0})",
                r.tokens, r.runs, r.median_tokens_per_sec, r.max_tokens_per_sec
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Muc4 {
                    file,
                    predictions,
                    json,
                    model,
                    rules,
                    learned,
                    thresholds,
                },
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("{}: cannot read", file.display()))?;
            let docs = vigil_extract::muc4::read(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut roles = match &model {
                Some(p) => vigil_ner::roles::RoleModel::load(p)?,
                None => vigil_ner::roles::RoleModel::embedded()?.clone(),
            };
            if let Some(t) = &thresholds {
                let v: Vec<f32> = t
                    .split(',')
                    .map(|x| x.trim().parse::<f32>())
                    .collect::<Result<_, _>>()
                    .context("--thresholds: eleven comma-separated numbers")?;
                anyhow::ensure!(
                    v.len() == 11,
                    "--thresholds: eleven comma-separated numbers"
                );
                roles.thresholds.role.copy_from_slice(&v[..5]);
                roles.thresholds.doc = v[5];
                roles.thresholds.boost.copy_from_slice(&v[6..]);
            }
            let x = if learned {
                None
            } else {
                Some(Extractor::new()?)
            };
            let t0 = std::time::Instant::now();
            let predicted: std::collections::BTreeMap<_, _> = docs
                .iter()
                .map(|d| {
                    let p = match &x {
                        Some(x) if rules => vigil_extract::muc4::predict(x, d),
                        Some(x) => vigil_extract::muc4::predict_combined(x, &roles, d),
                        None => vigil_extract::muc4::predict_learned(&roles, d),
                    };
                    (d.docid.clone(), p)
                })
                .collect();
            let secs = t0.elapsed().as_secs_f64();
            let s = vigil_extract::muc4::score(&docs, &predicted);
            if let Some(out) = predictions {
                std::fs::write(
                    &out,
                    serde_json::to_string_pretty(&vigil_extract::muc4::predictions_json(
                        &predicted,
                    ))?,
                )
                .with_context(|| format!("{}: cannot write", out.display()))?;
            }
            let per_sec = docs.len() as f64 / secs.max(1e-9);
            if json {
                let mut v = serde_json::to_value(&s.roles)?;
                v["micro"] = serde_json::to_value(s.micro)?;
                v["documents"] = s.documents.into();
                v["documents_per_second"] = per_sec.into();
                println!("{v}");
            } else {
                for (role, p) in &s.roles {
                    println!("{}", p.line(role));
                }
                println!(
                    "micro    {}  on {} documents, {per_sec:.0} documents/s (1 thread)",
                    s.micro.percents(),
                    s.documents,
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what: EvalCommand::Geo {
                file, misses: true, ..
            },
        } => {
            let list = vigil_geo::eval::resolution_misses(&file).map_err(anyhow::Error::msg)?;
            let mut out = std::io::stdout().lock();
            let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
            let pt = |p: Option<(f64, f64)>| opt(p.map(|(a, b)| format!("{a:.4},{b:.4}")));
            for m in list {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    m.article,
                    m.name,
                    opt(m.kind),
                    opt(m.gold_id.map(|i| i.to_string())),
                    pt(Some(m.gold)),
                    opt(m.ours),
                    opt(m.our_id.map(|i| i.to_string())),
                    pt(m.our_point),
                    if m.inferred { "setting" } else { "name" },
                    opt(m.km.map(|k| format!("{k:.0}"))),
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what: EvalCommand::Geo { file, json, .. },
        } => {
            let s = vigil_geo::eval::eval_geo(&file).map_err(anyhow::Error::msg)?;
            if json {
                println!("{}", serde_json::to_string(&s)?);
            } else {
                let r = &s.recognition;
                let z = &s.resolution;
                println!(
                    "toponym recognition: precision {:.3}, recall {:.3}, F1 {:.3}",
                    r.precision, r.recall, r.f1
                );
                println!(
                    "resolution given gold spans ({} toponyms): exact id {:.3}, within 161 km {:.3}",
                    z.n, z.exact, z.within_161km
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            db,
            addr,
            token,
            demo,
            threads,
            read,
        } => {
            let path = if demo && db.db.is_none() {
                std::env::temp_dir().join("vigil-demo.db")
            } else {
                db.path()
            };
            if demo {
                let mut store = SqliteStore::open(&path)?;
                let x = Extractor::new()?;
                let s = demo::store(&mut store, &x)?;
                eprintln!(
                    "vigil: demo articles in {}: {} stored, {} already there",
                    path.display(),
                    s.stored,
                    s.unchanged
                );
            } else if !path.exists() {
                anyhow::bail!(
                    "{}: no such database (run `vigil ingest` first, name one with --db, or use --demo)",
                    path.display()
                );
            }
            let token = token
                .or_else(|| std::env::var("VIGIL_TOKEN").ok())
                .filter(|t| !t.is_empty());
            let threads = threads.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
            });
            serve::run(&path, &addr, token, threads, read.options())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Enqueue { inputs, db } => {
            let url = db.postgres()?;
            let (added, already) = work::enqueue(&url, &inputs)?;
            println!("{added} items queued ({already} already queued or done)");
            Ok(ExitCode::SUCCESS)
        }
        Command::Worker {
            db,
            batch,
            lease,
            until_empty,
            name,
            no_watch,
            read,
        } => {
            let url = db.postgres()?;
            let name = name.unwrap_or_else(|| {
                let host = std::fs::read_to_string("/etc/hostname")
                    .map(|h| h.trim().to_string())
                    .unwrap_or_else(|_| "worker".into());
                format!("{host}:{}", std::process::id())
            });
            let opts = work::WorkerOptions {
                name,
                batch: batch.max(1),
                lease: std::time::Duration::from_secs_f64(lease.max(1.0)),
                until_empty,
                poll: std::time::Duration::from_millis(500),
                read: read.options(),
                watch: !no_watch,
            };
            let n = work::worker(&url, &opts)?;
            eprintln!("{}: {n} items finished", opts.name);
            Ok(ExitCode::SUCCESS)
        }
        Command::Recover { db, to } => {
            let x = Extractor::new()?;
            let r = recover::recover(&db, &to, &x)?;
            for l in &r.lost {
                eprintln!("vigil: {}: unreadable: {l}", db.display());
            }
            println!(
                "{}: {} documents ({} events), {} watch rules, {} incident splits, {} feeds recovered into {}; {} parts unreadable",
                db.display(),
                r.documents,
                r.events,
                r.rules,
                r.splits,
                r.feeds,
                to.display(),
                r.lost.len()
            );
            Ok(exit(!r.lost.is_empty()))
        }
        Command::Feeds {
            what: FeedsCommand::Add { urls, every, db },
        } => {
            let mut store = db.open()?;
            for (url, new) in urls.iter().zip(feeds::add(store.as_mut(), &urls, every)?) {
                let verb = if new { "added" } else { "updated" };
                println!("{verb} {url}, polled every {}", feeds::format_every(every));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Feeds {
            what: FeedsCommand::List { db, json },
        } => {
            let store = db.open_existing()?;
            let all = store.feeds()?;
            let mut out = std::io::stdout().lock();
            if json {
                for f in &all {
                    serde_json::to_writer(&mut out, f)?;
                    writeln!(out)?;
                }
            } else if all.is_empty() {
                writeln!(
                    out,
                    "no feeds (add one with `vigil feeds add URL --every 15m`)"
                )?;
            } else {
                write!(out, "{}", feeds::table(&all, feeds::now()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Feeds {
            what: FeedsCommand::Remove { urls, db },
        } => {
            let mut store = db.open_existing()?;
            let mut missing = false;
            for url in &urls {
                if store.remove_feed(url)? {
                    println!("removed {url}");
                } else {
                    eprintln!("vigil: no feed {url} (see `vigil feeds list`)");
                    missing = true;
                }
            }
            Ok(if missing {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Run {
            once,
            jsonl,
            db,
            read,
        } => {
            let mut store = db.open()?;
            let x = Extractor::new()?;
            let opts = feeds::RunOptions {
                once,
                output: if jsonl {
                    watch::Output::Jsonl
                } else {
                    watch::Output::Text
                },
                read: read.options(),
                tick: std::time::Duration::from_secs(5),
            };
            let ok = feeds::run(&mut std::io::stdout().lock(), store.as_mut(), &x, &opts)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Status { db, json } => {
            let url = db.postgres()?;
            let (q, failed) = work::status(&url)?;
            let feeds = db.open_existing()?.feeds()?;
            let now = feeds::now();
            let due = feeds.iter().filter(|f| f.next_due <= now).count();
            let failing: Vec<_> = feeds.iter().filter(|f| f.failures > 0).collect();
            if json {
                let mut v = serde_json::to_value(&q)?;
                v["feeds"] = serde_json::json!({
                    "feeds": feeds.len(),
                    "due": due,
                    "failing": failing.len(),
                    "documents": feeds.iter().map(|f| f.documents).sum::<u64>(),
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!(
                    "feeds {} · due now {due} · failing {} · documents stored from feeds {}",
                    feeds.len(),
                    failing.len(),
                    feeds.iter().map(|f| f.documents).sum::<u64>()
                );
                for f in &failing {
                    println!(
                        "failing feed: {} ({} in a row): {}",
                        f.url,
                        f.failures,
                        f.last_outcome.as_deref().unwrap_or("")
                    );
                }
                println!(
                    "queued {} · leased {} · stuck (lease expired) {} · done {} · failed {}",
                    q.queued, q.leased, q.stuck, q.done, q.failed
                );
                println!(
                    "done in the last minute: {} items · documents stored by done items: {} · workers holding leases: {}",
                    q.done_last_minute,
                    q.documents,
                    if q.workers.is_empty() { "none".to_string() } else { q.workers.join(", ") }
                );
                for (name, error) in failed {
                    println!("failed: {name}: {error}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { format } => {
            let x = Extractor::new()?;
            let docs: Vec<_> = demo::inputs().iter().map(|i| x.extract(i)).collect();
            let stdout = std::io::stdout();
            emit(&mut stdout.lock(), &docs, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            what: BenchCommand::Corpus { out, documents },
        } => {
            bench_serve::write_corpus(&out, documents)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            what: BenchCommand::Extract { paths, runs },
        } => {
            bench::run(&paths, runs)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            what:
                BenchCommand::Serve {
                    db,
                    events,
                    seconds,
                    rounds,
                    connections,
                    threads,
                    paths,
                },
        } => {
            bench_serve::run(&db, events, seconds, connections, threads, rounds, &paths)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            what: BenchCommand::Ingest { dir, runs },
        } => {
            bench::ingest(&dir, runs)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn emit(out: &mut impl Write, docs: &[vigil_model::DocumentOutput], format: Format) -> Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, docs)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for d in docs {
                serde_json::to_writer(&mut *out, d)?;
                writeln!(out)?;
            }
        }
        Format::Table => table::write(out, docs)?,
    }
    Ok(())
}
