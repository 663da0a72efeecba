//! Flags of `serve`, `enqueue`, `worker`, `status` and `recover`.

use super::shared::{DbArgs, ReadArgs};
use clap::Args;
use std::path::PathBuf;

/// `vigil serve`.
#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Allow writes (ingest, watch rules) with `Authorization: Bearer TOKEN` (default:
    /// `$VIGIL_TOKEN`; without one the server is read-only).
    #[arg(long)]
    pub token: Option<String>,
    /// Store the built-in demo articles first (into `--db`, else a file in the temporary
    /// folder).
    #[arg(long)]
    pub demo: bool,
    /// Network threads (default: the machine's cores).
    #[arg(long)]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `vigil enqueue`.
#[derive(Args)]
pub struct EnqueueArgs {
    /// Inputs.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `vigil worker`.
#[derive(Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Items claimed at a time.
    #[arg(long, default_value_t = 8)]
    pub batch: usize,
    /// Seconds a claim holds: the items of a worker that dies are claimed again after it.
    #[arg(long, default_value_t = 120.0)]
    pub lease: f64,
    /// Exit when nothing is queued or held by any worker.
    #[arg(long)]
    pub until_empty: bool,
    /// This worker's name in leases (default: host name and process id).
    #[arg(long)]
    pub name: Option<String>,
    /// Leave watch rules to someone else (`vigil watch run`); by default one worker at a
    /// time delivers their new matches (JSON lines on stdout, or the rule's webhook).
    #[arg(long)]
    pub no_watch: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `vigil status`.
#[derive(Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `vigil recover`.
#[derive(Args)]
pub struct RecoverArgs {
    /// The damaged store.
    #[arg(long)]
    pub db: PathBuf,
    /// The new store (must not exist).
    #[arg(long)]
    pub to: PathBuf,
}
