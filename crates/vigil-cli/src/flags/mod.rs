//! The command line's flags: every command and its arguments, one module per command group,
//! with the flags several commands share in [`shared`]. Parsing only: what a command does is
//! in `crate::commands`.

pub mod bench;
pub mod documents;
pub mod eval;
pub mod monitor;
pub mod queue;
pub mod shared;
pub mod train;
pub mod views;

use clap::{Parser, Subcommand};

/// The `vigil` command line.
#[derive(Parser)]
#[command(
    name = "vigil",
    version,
    about = "Sourced, deduplicated events of terrorism and political violence from news text"
)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Every command.
#[derive(Subcommand)]
pub enum Command {
    /// Extract events from articles: files (text, HTML, RSS/Atom, WARC, JSONL), directories,
    /// URLs, or `-` for stdin.
    Extract(documents::ExtractArgs),
    /// Read, extract and store articles; run again to resume (nothing is read twice).
    Ingest(documents::IngestArgs),
    /// Stored events matching filters.
    Query(documents::QueryArgs),
    /// Export stored events: JSONL records, ACLED-like CSV, GeoJSON, or Parquet.
    Export(documents::ExportArgs),
    /// Print the main text Vigil reads from a page, feed or file.
    Text(documents::TextArgs),
    /// Incidents: the same attack, arrest or operation reported by many outlets, as one.
    Incidents {
        #[command(subcommand)]
        what: views::IncidentCommand,
    },
    /// How incidents changed as reports came in (tolls, perpetrators, retractions).
    Changes(views::ChangesArgs),
    /// The claim–assessment ledger: claims and threats with who judged them, and retractions.
    Claims(views::ClaimsArgs),
    /// A country's threat picture: alert-level changes and an indicator with its drivers.
    Picture(views::PictureArgs),
    /// Saved rules that report new matching events: to the terminal, JSON lines or a webhook.
    Watch {
        #[command(subcommand)]
        what: monitor::WatchCommand,
    },
    /// Counts over the store.
    Stats(documents::StatsArgs),
    /// Train a model.
    Train {
        #[command(subcommand)]
        what: train::TrainCommand,
    },
    /// Score Vigil on public benchmark data.
    Eval {
        #[command(subcommand)]
        what: eval::EvalCommand,
    },
    /// Serve the HTTP JSON API and the dashboard over a store.
    Serve(queue::ServeArgs),
    /// Queue inputs (files, directories, URLs) for `vigil worker` in a PostgreSQL store; a file
    /// travels with its bytes. Queuing the same input again adds nothing.
    Enqueue(queue::EnqueueArgs),
    /// Process queued work in a PostgreSQL store, with any number of other workers on any
    /// number of machines.
    Worker(queue::WorkerArgs),
    /// A new SQLite store from what can still be read of a damaged one: documents (their
    /// events extracted again), watch rules, incident splits, feeds. Then `vigil ingest` of
    /// the original inputs into it adds back what was lost.
    Recover(queue::RecoverArgs),
    /// Feeds polled on a schedule by `vigil run` and by every `vigil worker`.
    Feeds {
        #[command(subcommand)]
        what: monitor::FeedsCommand,
    },
    /// Monitor: poll the feeds as they fall due (`vigil feeds add`), store their new items and
    /// report the watch rules' new matches (`vigil watch add`) on stdout or to their webhooks.
    /// Runs until stopped; one process, any store.
    Run(monitor::RunArgs),
    /// The work queue of a PostgreSQL store: depth, leases, stuck items, throughput.
    Status(queue::StatusArgs),
    /// Run on the built-in demo articles and print readable events.
    Demo(documents::DemoArgs),
    /// Measure throughput over a real corpus.
    Bench {
        #[command(subcommand)]
        what: bench::BenchCommand,
    },
}
