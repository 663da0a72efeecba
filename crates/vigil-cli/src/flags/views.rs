//! Flags of `incidents`, `changes`, `claims` and `picture`.

use super::shared::{parse_date, DbArgs};
use clap::{Args, Subcommand};
use vigil_model::Date;

/// `vigil incidents …`.
#[derive(Subcommand)]
pub enum IncidentCommand {
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

/// `vigil changes`.
#[derive(Args)]
pub struct ChangesArgs {
    /// Only changes brought by documents published on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub since: Option<Date>,
    #[command(flatten)]
    pub db: DbArgs,
    /// JSON lines instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `vigil claims`.
#[derive(Args)]
pub struct ClaimsArgs {
    /// Only claims by this actor: a dictionary id (grp:islamic-state), name or alias (JNIM,
    /// ISIS), or a claimant's name as stored; an unknown name is an error naming the closest.
    #[arg(long)]
    pub actor: Option<String>,
    /// With --actor: also its affiliates, branches and media.
    #[arg(long, requires = "actor")]
    pub with_affiliates: bool,
    /// Only claims some assessment disputes (not credible, propaganda, opportunistic).
    #[arg(long)]
    pub disputed: bool,
    #[command(flatten)]
    pub db: DbArgs,
    /// JSON lines instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `vigil picture`.
#[derive(Args)]
pub struct PictureArgs {
    /// A country: ISO code (FR, US, NG) or English name (France).
    pub country: String,
    /// As of this date (YYYY-MM-DD); default: every stored event.
    #[arg(long, value_parser = parse_date)]
    pub at: Option<Date>,
    /// Only events that target this group ("Christians", "journalists").
    #[arg(long)]
    pub target: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}
