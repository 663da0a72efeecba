//! Flags of `watch`, `feeds` and `run`.

use super::shared::{DbArgs, EventFilters, ReadArgs};
use clap::{Args, Subcommand};

fn parse_every(s: &str) -> Result<u64, vigil_corpus::feeds::IntervalError> {
    vigil_corpus::feeds::parse_every(s)
}

/// `vigil watch …`.
#[derive(Subcommand)]
pub enum WatchCommand {
    /// Save a rule (a rule of the same name is replaced).
    Add(WatchAddArgs),
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

/// `vigil watch add`.
#[derive(Args)]
pub struct WatchAddArgs {
    /// The rule's name.
    pub name: String,
    #[command(flatten)]
    pub events: EventFilters,
    /// Words of the targeted group ("Christians", "journalists").
    #[arg(long)]
    pub target: Option<String>,
    /// At least this many killed.
    #[arg(long)]
    pub min_killed: Option<u64>,
    /// POST new matches to this URL instead of printing them.
    #[arg(long)]
    pub webhook: Option<String>,
    /// Only events stored from now on: what matches today counts as reported.
    #[arg(long)]
    pub from_now: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `vigil feeds …`.
#[derive(Subcommand)]
pub enum FeedsCommand {
    /// Add RSS/Atom feeds (a feed already there takes the new interval); each is due at once.
    Add {
        /// Feed URLs.
        #[arg(required = true)]
        urls: Vec<String>,
        /// Time between polls: 90s, 5m, 2h, 1d.
        #[arg(long, default_value = "15m", value_parser = parse_every)]
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

/// `vigil run`.
#[derive(Args)]
pub struct RunArgs {
    /// One round: poll the feeds due now, report, and exit (for cron).
    #[arg(long)]
    pub once: bool,
    /// Watch matches as JSON lines (`{"rule", "record"}`) instead of text.
    #[arg(long)]
    pub jsonl: bool,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub read: ReadArgs,
}
