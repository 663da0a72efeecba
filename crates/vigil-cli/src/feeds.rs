//! Continuous feeds: `vigil feeds add|list|remove` keep a list of RSS/Atom feeds in the store,
//! each with its polling interval; `vigil run` (one process, SQLite or PostgreSQL) and every
//! `vigil worker` (many processes, PostgreSQL) poll the feeds that are due.
//!
//! **Polling.** A poller claims due feeds under a hold ([`HOLD_SECS`]: no other poller takes
//! them meanwhile; a poller that dies leaves them due again when the hold ends), fetches each
//! with the caching validators of its last answer (`If-None-Match` with its `ETag`,
//! `If-Modified-Since` with its `Last-Modified`), stores the new items through the `vigil
//! ingest` pipeline, and records the poll: the next poll is due one interval later. An item
//! already stored (same content) is stored once, however often it is read.
//!
//! **Errors** (no answer, an HTTP error, a body that is no feed) count up the feed's failures;
//! the wait before the next poll doubles with each failure in a row, up to [`MAX_BACKOFF_SECS`]
//! (or the interval, when longer), and is at least what the server asked for in `Retry-After`.
//! One success brings the interval back.
//!
//! **Watch rules.** After a poll that stored documents, the watch rules are run, so a new event
//! reaches them within one polling interval of its item's publication.
//!
//! Validators are recorded only after the items are stored: a poller killed in between fetches
//! the whole feed again, and nothing is lost or doubled.

use crate::ingest;
use anyhow::{bail, Result};
use std::time::Duration;
use vigil_extract::Extractor;
use vigil_ingest::fetch::{fetch_if_changed, is_url};
use vigil_ingest::source::Options;
use vigil_model::Date;
use vigil_store::{Feed, FeedPoll, Store};

/// How long a claimed feed is held by its poller (longer than a fetch may take, with the
/// storing of its items).
pub const HOLD_SECS: i64 = 120;

/// The longest wait after failures, unless the interval is longer.
pub const MAX_BACKOFF_SECS: u64 = 6 * 3600;

/// The time now, in Unix seconds.
#[must_use]
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A polling interval: `90` or `90s` (seconds), `5m`, `2h`, `1d`.
///
/// # Errors
/// Anything else, or zero.
pub fn parse_every(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let (num, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "{s:?}: an interval is a number with s, m, h or d (5m)"
            ))
        }
    };
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?}: an interval is a number with s, m, h or d (5m)"))?;
    match n.checked_mul(scale) {
        Some(0) => Err(format!("{s:?}: the interval must be at least one second")),
        Some(secs) => Ok(secs),
        None => Err(format!("{s:?}: too long")),
    }
}

/// An interval in the largest unit that divides it (`300` → `5m`).
#[must_use]
pub fn format_every(secs: u64) -> String {
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s >= 3600 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s >= 60 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// The wait before the next poll of a feed polled every `every` seconds that has now failed
/// `failures` times in a row (0: it worked), given the server's `Retry-After`.
#[must_use]
pub fn next_wait(every: u64, failures: u32, retry_after: Option<Duration>) -> u64 {
    let backoff = if failures == 0 {
        every
    } else {
        let doubled = every.saturating_mul(1_u64 << failures.min(30));
        doubled.min(MAX_BACKOFF_SECS.max(every))
    };
    backoff.max(retry_after.map_or(0, |d| d.as_secs()))
}

/// What one poll did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polled {
    /// The feed.
    pub url: String,
    /// What happened, in words (as recorded in the feed's `last_outcome`).
    pub outcome: String,
    /// Whether the poll worked (an answer with a feed, or 304).
    pub ok: bool,
    /// Documents stored.
    pub documents: u64,
    /// Events stored.
    pub events: u64,
    /// Seconds until the next poll.
    pub next_in: u64,
}

/// Polls one claimed feed: fetches it unless unchanged, stores its new items, records the poll.
///
/// # Errors
/// Only a store error (then the poll is not recorded, and the hold makes the feed due again);
/// what goes wrong with the feed itself is recorded as a failed poll.
pub fn poll(store: &mut dyn Store, x: &Extractor, feed: &Feed, read: &Options) -> Result<Polled> {
    let fetched = fetch_if_changed(
        &feed.url,
        &read.fetch,
        feed.etag.as_deref(),
        feed.last_modified.as_deref(),
    );
    let (ok, outcome, validators, retry_after, documents, events) = match fetched {
        Err(f) => (false, f.cause.to_string(), None, f.retry_after, 0, 0),
        Ok(None) => (true, "304 not modified".to_string(), None, None, 0, 0),
        Ok(Some(f)) => match vigil_ingest::feed::read_feed(&f.body, &feed.url) {
            Err(cause) => (false, cause.to_string(), None, None, 0, 0),
            Ok(vigil_ingest::feed::FeedItems {
                articles: items,
                skipped,
                without_text,
            }) => {
                let n = items.len();
                let today = Date::from_days(now().div_euclid(86_400));
                let mut items = Some(items);
                let mut reader = |sink: &mut ingest::Sink<'_>| {
                    for mut a in items.take().unwrap_or_default() {
                        a.retrieved.get_or_insert(today);
                        sink(vigil_ingest::source::check_article(a));
                    }
                };
                let s = ingest::run_with(store, x, None, 64, false, &mut reader)?;
                let mut outcome =
                    format!("{n} items: {} new documents, {} events", s.stored, s.events);
                if s.errors() > 0 {
                    outcome.push_str(&format!(", {} items refused", s.errors()));
                }
                if !without_text.is_empty() {
                    outcome.push_str(&format!(", {} items without text left", without_text.len()));
                }
                if skipped > 0 {
                    outcome.push_str(&format!(
                        ", {skipped} items past the first {} not read",
                        vigil_ingest::feed::MAX_FEED_ITEMS
                    ));
                }
                (
                    true,
                    outcome,
                    Some((f.etag, f.last_modified)),
                    None,
                    s.stored as u64,
                    s.events as u64,
                )
            }
        },
    };
    let failures = if ok { 0 } else { feed.failures + 1 };
    let next_in = next_wait(feed.every_secs, failures, retry_after);
    let at = now();
    let outcome = if ok || failures == 1 {
        outcome
    } else {
        format!("{outcome} ({failures} failures in a row)")
    };
    store.record_feed_poll(
        &feed.url,
        &FeedPoll {
            at,
            next_due: at.saturating_add(i64::try_from(next_in).unwrap_or(i64::MAX)),
            ok,
            validators,
            outcome: outcome.clone(),
            documents,
        },
    )?;
    Ok(Polled {
        url: feed.url.clone(),
        outcome,
        ok,
        documents,
        events,
        next_in,
    })
}

/// Claims the feeds due now (at most `limit`) and polls each; returns what each poll did.
///
/// # Errors
/// A store error.
pub fn poll_due(
    store: &mut dyn Store,
    x: &Extractor,
    read: &Options,
    limit: usize,
) -> Result<Vec<Polled>> {
    let due = store.claim_due_feeds(now(), HOLD_SECS, limit)?;
    due.iter().map(|f| poll(store, x, f, read)).collect()
}

/// How `vigil run` goes.
pub struct RunOptions {
    /// Poll the feeds due now, deliver the watch rules' new matches, and stop.
    pub once: bool,
    /// How watch matches are printed.
    pub output: crate::watch::Output,
    /// How inputs are read and fetched.
    pub read: Options,
    /// The longest sleep between looks at the schedule (feeds added meanwhile are seen then).
    pub tick: Duration,
}

/// `vigil run`: polls feeds as they fall due and delivers the watch rules' new matches after
/// each poll that stored something (and once at start), until killed (or, with `once`, after
/// one round). Progress goes to stderr, matches to `out`. Returns whether every watch
/// delivery worked.
///
/// # Errors
/// A store error.
pub fn run(
    out: &mut impl std::io::Write,
    store: &mut dyn Store,
    x: &Extractor,
    opts: &RunOptions,
) -> Result<bool> {
    let mut delivered_ok = true;
    let mut watched: Option<u64> = None;
    loop {
        let mut round = || -> Result<Option<i64>> {
            for p in poll_due(store, x, &opts.read, 64)? {
                eprintln!("{}", describe(&p));
            }
            let revision = store.revision()?;
            if watched != Some(revision) {
                delivered_ok &= crate::watch::run(out, store, None, opts.output)?;
                watched = Some(revision);
            }
            Ok(store.feeds()?.iter().map(|f| f.next_due).min())
        };
        let next = match round() {
            Ok(next) if !opts.once => next,
            Ok(_) => return Ok(delivered_ok),
            Err(e) if opts.once => return Err(e),
            // A monitor outlives a busy database or a server restart: the feeds it held are
            // due again when their holds end, and nothing stored is lost.
            Err(e) => {
                eprintln!(
                    "vigil run: {e:#}; trying again in {} s",
                    opts.tick.as_secs()
                );
                Some(now().saturating_add(i64::try_from(opts.tick.as_secs()).unwrap_or(5)))
            }
        };
        let wait = next.map_or(opts.tick, |t| {
            let at = std::time::UNIX_EPOCH + Duration::from_secs(u64::try_from(t).unwrap_or(0));
            at.duration_since(std::time::SystemTime::now())
                .unwrap_or_default()
                .min(opts.tick)
        });
        std::thread::sleep(wait.max(Duration::from_millis(100)));
    }
}

/// A line for the log about a poll.
#[must_use]
pub fn describe(p: &Polled) -> String {
    let next = format_every(p.next_in);
    if p.ok {
        format!("{}: {}; next poll in {next}", p.url, p.outcome)
    } else {
        format!("{}: failed: {}; next try in {next}", p.url, p.outcome)
    }
}

/// `vigil feeds add`: returns, per URL, whether it was new.
///
/// # Errors
/// An argument that is no http(s) URL (nothing is added then), or a store error.
pub fn add(store: &mut dyn Store, urls: &[String], every: u64) -> Result<Vec<bool>> {
    if let Some(bad) = urls.iter().find(|u| !is_url(u)) {
        bail!("{bad}: a feed is an http:// or https:// URL");
    }
    let t = now();
    urls.iter()
        .map(|u| Ok(store.put_feed(u, every, t)?))
        .collect()
}

/// `vigil feeds list` as text: one line per feed.
#[must_use]
pub fn table(feeds: &[Feed], at: i64) -> String {
    let ago = |t: i64| {
        let d = at - t;
        if d < 0 {
            format!("in {}", format_every(d.unsigned_abs()))
        } else {
            format!("{} ago", format_every(d.unsigned_abs()))
        }
    };
    let mut rows = vec![[
        "FEED".to_string(),
        "EVERY".into(),
        "NEXT".into(),
        "LAST POLL".into(),
        "DOCS".into(),
        "LAST OUTCOME".into(),
    ]];
    for f in feeds {
        rows.push([
            f.url.clone(),
            format_every(f.every_secs),
            if f.next_due <= at {
                "due".into()
            } else {
                ago(f.next_due)
            },
            f.last_polled.map_or_else(|| "never".into(), ago),
            f.documents.to_string(),
            f.last_outcome.clone().unwrap_or_default(),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        for (i, w) in widths.iter().enumerate() {
            out.push_str(&format!("{:<w$}  ", r[i]));
        }
        out.push_str(&r[5]);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_and_print() {
        assert_eq!(parse_every("90"), Ok(90));
        assert_eq!(parse_every("90s"), Ok(90));
        assert_eq!(parse_every("5m"), Ok(300));
        assert_eq!(parse_every(" 2h "), Ok(7200));
        assert_eq!(parse_every("1d"), Ok(86_400));
        for bad in [
            "",
            "m",
            "5 m",
            "5w",
            "-5m",
            "0s",
            "1.5h",
            "99999999999999999999d",
        ] {
            assert!(parse_every(bad).is_err(), "{bad}");
        }
        assert_eq!(format_every(300), "5m");
        assert_eq!(format_every(90), "90s");
        assert_eq!(format_every(7200), "2h");
        assert_eq!(format_every(172_800), "2d");
        assert_eq!(format_every(0), "0s");
    }

    #[test]
    fn backoff_doubles_to_a_cap_and_heeds_retry_after() {
        assert_eq!(next_wait(300, 0, None), 300);
        assert_eq!(next_wait(300, 1, None), 600);
        assert_eq!(next_wait(300, 3, None), 2400);
        assert_eq!(next_wait(300, 10, None), MAX_BACKOFF_SECS);
        assert_eq!(next_wait(300, u32::MAX, None), MAX_BACKOFF_SECS);
        // A daily feed never waits less than a day, nor more after failures.
        assert_eq!(next_wait(86_400, 4, None), 86_400);
        // Retry-After lengthens a wait, never shortens it.
        assert_eq!(next_wait(300, 1, Some(Duration::from_secs(3600))), 3600);
        assert_eq!(next_wait(300, 1, Some(Duration::from_secs(5))), 600);
        assert_eq!(next_wait(300, 0, Some(Duration::from_secs(900))), 900);
    }

    #[test]
    fn the_table_says_when() {
        let f = Feed {
            url: "https://example.org/rss".into(),
            every_secs: 300,
            next_due: 1_120,
            last_polled: Some(1_000),
            last_outcome: Some("304 not modified".into()),
            documents: 7,
            ..Feed::default()
        };
        let t = table(std::slice::from_ref(&f), 1_060);
        let line = t.lines().nth(1).unwrap();
        assert!(line.starts_with("https://example.org/rss  5m"), "{t}");
        assert!(line.contains("in 1m"), "{t}");
        assert!(line.contains("1m ago"), "{t}");
        assert!(line.ends_with("304 not modified"), "{t}");
        let never = Feed {
            last_polled: None,
            next_due: 0,
            ..f
        };
        let t = table(&[never], 10);
        assert!(t.contains("due") && t.contains("never"), "{t}");
    }
}
