//! Flags of `extract`, `ingest`, `query`, `export`, `text`, `stats` and `demo`.

use super::shared::{parse_date, DbArgs, Filters, Format, ReadArgs};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use vigil_model::Date;

/// How stored events are printed.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum QueryFormat {
    /// Readable columns.
    Table,
    /// A JSON array.
    Json,
    /// One JSON record per line.
    Jsonl,
    /// ACLED-like CSV.
    Csv,
}

/// How stored events are exported.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON record per line.
    Jsonl,
    /// ACLED-like CSV.
    Csv,
    /// GeoJSON: points, country outlines, and areas marked without a geometry.
    Geojson,
    /// Apache Parquet: typed columns and the roles (needs --output).
    Parquet,
}

/// `vigil extract`.
#[derive(Args)]
pub struct ExtractArgs {
    /// Inputs.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Publication date (YYYY-MM-DD) for articles that do not give one.
    #[arg(long, value_parser = parse_date)]
    pub published: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `vigil ingest`.
#[derive(Args)]
pub struct IngestArgs {
    /// Inputs: files, directories, URLs, `-`.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Publication date (YYYY-MM-DD) for articles that do not give one.
    #[arg(long, value_parser = parse_date)]
    pub published: Option<Date>,
    /// Documents per transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// Extraction threads (default: the machine's cores); the store is the same whatever the
    /// number.
    #[arg(long)]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `vigil query`.
#[derive(Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filters: Filters,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueryFormat,
}

/// `vigil export`.
#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filters: Filters,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// `vigil text`.
#[derive(Args)]
pub struct TextArgs {
    /// A file, URL or `-`.
    pub input: String,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `vigil stats`.
#[derive(Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `vigil demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}
