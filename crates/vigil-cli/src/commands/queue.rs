//! `vigil enqueue`, `worker`, `status` and `recover`: the PostgreSQL work queue, and saving what
//! can be read of a damaged store.

use super::exit;
use super::monitor::tell_failures;
use crate::flags::queue::{EnqueueArgs, RecoverArgs, StatusArgs, WorkerArgs};
use anyhow::Result;
use std::process::ExitCode;
use std::time::Duration;
use vigil_corpus::feeds;
use vigil_corpus::queue::{self, WorkerEvent, WorkerOptions};
use vigil_extract::Extractor;
use vigil_store::{Feed, QueueStatus};

/// `vigil enqueue`.
pub fn enqueue(args: EnqueueArgs) -> Result<ExitCode> {
    let url = args.db.queue_url()?;
    let (added, already) = queue::enqueue(&url, &args.inputs)?;
    outln!("{added} items queued ({already} already queued or done)");
    Ok(ExitCode::SUCCESS)
}

/// Tells what a worker does, on standard error.
fn tell(name: &str, event: WorkerEvent<'_>) {
    match event {
        WorkerEvent::Reconnecting { error, wait } => {
            errln!("vigil worker: {error}; again in {} ms", wait.as_millis());
        }
        WorkerEvent::Polled(p) => errln!("{name}: feed {}", p.describe()),
        WorkerEvent::Delivered(d) => tell_failures(d),
        WorkerEvent::Finished {
            item,
            outcome,
            kept,
        } => {
            if kept {
                let what = match outcome {
                    Ok((d, e)) => format!("{d} stored, {e} events"),
                    Err(why) => format!("failed (try {}): {why}", item.attempts),
                };
                errln!("{name}: item {} {}: {what}", item.seq, item.name);
            } else {
                errln!(
                    "{name}: item {} {}: lease lost to another worker (its result stands)",
                    item.seq,
                    item.name
                );
            }
        }
        WorkerEvent::TurnFailed(e) => errln!("{name}: {e}; connecting again"),
    }
}

/// `vigil worker`.
pub fn worker(args: WorkerArgs) -> Result<ExitCode> {
    let url = args.db.queue_url()?;
    let name = args.name.unwrap_or_else(|| {
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "worker".into());
        format!("{host}:{}", std::process::id())
    });
    let opts = WorkerOptions {
        name,
        batch: args.batch.max(1),
        lease: Duration::from_secs_f64(args.lease.max(1.0)),
        until_empty: args.until_empty,
        poll: Duration::from_millis(500),
        read: args.read.options(),
        watch: !args.no_watch,
    };
    let extractor = Extractor::new()?;
    let n = queue::worker(
        &url,
        &extractor,
        &opts,
        &mut std::io::stdout().lock(),
        &mut |event| tell(&opts.name, event),
    )?;
    errln!("{}: {n} items finished", opts.name);
    Ok(ExitCode::SUCCESS)
}

/// `vigil status`.
pub fn status(args: StatusArgs) -> Result<ExitCode> {
    let url = args.db.queue_url()?;
    let (q, failed) = queue::status(&url)?;
    let feeds = args.db.open_existing()?.feeds()?;
    if args.json {
        print_status_json(&q, &feeds)?;
    } else {
        print_status(&q, &feeds, &failed)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_status_json(queue: &QueueStatus, feeds: &[Feed]) -> Result<()> {
    let now = feeds::now();
    let mut v = serde_json::to_value(queue)?;
    v["feeds"] = serde_json::json!({
        "feeds": feeds.len(),
        "due": feeds.iter().filter(|f| f.next_due <= now).count(),
        "failing": feeds.iter().filter(|f| f.failures > 0).count(),
        "documents": feeds.iter().map(|f| f.documents).sum::<u64>(),
    });
    outln!("{}", serde_json::to_string_pretty(&v)?);
    Ok(())
}

fn print_status(queue: &QueueStatus, feeds: &[Feed], failed: &[(String, String)]) -> Result<()> {
    let now = feeds::now();
    let due = feeds.iter().filter(|f| f.next_due <= now).count();
    let failing: Vec<_> = feeds.iter().filter(|f| f.failures > 0).collect();
    outln!(
        "feeds {} · due now {due} · failing {} · documents stored from feeds {}",
        feeds.len(),
        failing.len(),
        feeds.iter().map(|f| f.documents).sum::<u64>()
    );
    for f in &failing {
        outln!(
            "failing feed: {} ({} in a row): {}",
            f.url,
            f.failures,
            f.last_outcome.as_deref().unwrap_or("")
        );
    }
    outln!(
        "queued {} · leased {} · stuck (lease expired) {} · done {} · failed {}",
        queue.queued,
        queue.leased,
        queue.stuck,
        queue.done,
        queue.failed
    );
    outln!(
        "done in the last minute: {} items · documents stored by done items: {} · workers holding leases: {}",
        queue.done_last_minute,
        queue.documents,
        if queue.workers.is_empty() { "none".to_string() } else { queue.workers.join(", ") }
    );
    for (name, error) in failed {
        outln!("failed: {name}: {error}");
    }
    Ok(())
}

/// `vigil recover`.
pub fn recover(args: RecoverArgs) -> Result<ExitCode> {
    let extractor = Extractor::new()?;
    let r = vigil_corpus::recover::recover(&args.db, &args.to, &extractor)?;
    for l in &r.lost {
        errln!("vigil: {}: unreadable: {l}", args.db.display());
    }
    outln!(
        "{}: {} documents ({} events), {} watch rules, {} incident splits, {} feeds recovered into {}; {} parts unreadable",
        args.db.display(),
        r.documents,
        r.events,
        r.rules,
        r.splits,
        r.feeds,
        args.to.display(),
        r.lost.len()
    );
    Ok(exit(!r.lost.is_empty()))
}
