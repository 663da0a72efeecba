//! Flags of `bench`: throughput over real corpora.

use clap::Subcommand;
use std::path::PathBuf;

/// `vigil bench …`.
#[derive(Subcommand)]
pub enum BenchCommand {
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
    /// How a store holds up as it grows: ingest rate per tenth of the growth from empty,
    /// the views from nothing and after one new report, a server's first answer, event-query
    /// latency (filters, full text, under writes), peak memory.
    Scale {
        /// The store to grow from empty (one that exists is measured without the growth curve).
        #[arg(long, default_value = "target/bench-scale.db")]
        db: PathBuf,
        /// Events to grow it to.
        #[arg(long, default_value_t = 100_000)]
        events: u64,
        /// Seconds per round of queries.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Client connections.
        #[arg(long, default_value_t = 16)]
        connections: usize,
        /// Grow a PostgreSQL store instead (a private server made with `initdb`; two workers).
        #[arg(long)]
        postgres: bool,
        /// Page cache of the handle that grows the SQLite store, in MiB.
        #[arg(long, default_value_t = 16)]
        cache_mib: u32,
    },
    /// Pages/s of HTML → extract → SQLite store over a directory of pages, through the
    /// `vigil ingest` pipeline on one thread and on N, with the two stores compared.
    Ingest {
        /// A directory of HTML pages (searched recursively).
        dir: PathBuf,
        /// Timed repetitions (the median is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Threads of the parallel runs (default: the machine's cores).
        #[arg(long)]
        threads: Option<usize>,
    },
}
