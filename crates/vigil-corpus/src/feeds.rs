//! Feeds followed on a schedule: `vigil run` (one process, SQLite or PostgreSQL) and every
//! `vigil worker` (many processes, PostgreSQL) poll the feeds that are due.
//!
//! **Polling.** A poller claims due feeds under a hold ([`HOLD_SECS`]: no other poller takes
//! them meanwhile; a poller that dies leaves them due again when the hold ends), fetches each
//! with the caching validators of its last answer (`If-None-Match` with its `ETag`,
//! `If-Modified-Since` with its `Last-Modified`), stores the new items through the ingest
//! pipeline, and records the poll: the next poll is due one interval later. An item already
//! stored (same content) is stored once, however often it is read.
//!
//! **Errors** (no answer, an HTTP error, a body that is no feed) count up the feed's failures;
//! the wait before the next poll doubles with each failure in a row, up to [`MAX_BACKOFF_SECS`]
//! (or the interval, when longer), and is at least what the server asked for in `Retry-After`.
//! One success brings the interval back.
//!
//! **Watch rules.** After a poll that stored documents, the monitor ([`monitor`]) delivers the
//! watch rules' new matches, so a new event reaches them within one polling interval of its
//! item's publication.
//!
//! Validators are recorded only after the items are stored: a poller killed in between fetches
//! the whole feed again, and nothing is lost or doubled.

use crate::error::{Error, Result};
use crate::ingest::{ingest, IngestOptions, Sink};
use crate::pipeline::Pipeline;
use crate::watch::{deliver, Delivered, Output};
use std::time::Duration;
use vigil_extract::Extractor;
use vigil_ingest::feed::{read_feed, FeedItems, MAX_FEED_ITEMS};
use vigil_ingest::fetch::{fetch_if_changed, is_url, Fetched};
use vigil_ingest::source::{check_article, Options};
use vigil_ingest::Article;
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

/// A polling interval that cannot be read (the message names it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct IntervalError(String);

/// A polling interval: `90` or `90s` (seconds), `5m`, `2h`, `1d`.
///
/// # Errors
/// Anything else, or zero.
pub fn parse_every(text: &str) -> std::result::Result<u64, IntervalError> {
    let t = text.trim();
    let (num, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let unit_error = || {
        IntervalError(format!(
            "{text:?}: an interval is a number with s, m, h or d (5m)"
        ))
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(unit_error()),
    };
    let n: u64 = num.parse().map_err(|_| unit_error())?;
    match n.checked_mul(scale) {
        Some(0) => Err(IntervalError(format!(
            "{text:?}: the interval must be at least one second"
        ))),
        Some(secs) => Ok(secs),
        None => Err(IntervalError(format!("{text:?}: too long"))),
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

impl Polled {
    /// A line for the log about this poll.
    #[must_use]
    pub fn describe(&self) -> String {
        let next = format_every(self.next_in);
        if self.ok {
            format!("{}: {}; next poll in {next}", self.url, self.outcome)
        } else {
            format!("{}: failed: {}; next try in {next}", self.url, self.outcome)
        }
    }
}

/// What a fetch brought, before it is recorded.
struct Fetch {
    ok: bool,
    outcome: String,
    validators: Option<(Option<String>, Option<String>)>,
    retry_after: Option<Duration>,
    documents: u64,
    events: u64,
}

impl Fetch {
    fn failed(outcome: String, retry_after: Option<Duration>) -> Fetch {
        Fetch {
            ok: false,
            outcome,
            validators: None,
            retry_after,
            documents: 0,
            events: 0,
        }
    }
}

/// Stores the items of a fetched feed body.
fn store_items(
    store: &mut dyn Store,
    pipeline: Pipeline<'_>,
    feed: &Feed,
    fetched: Fetched,
) -> Result<Fetch> {
    let FeedItems {
        articles,
        skipped,
        without_text,
    } = match read_feed(&fetched.body, &feed.url) {
        Ok(items) => items,
        Err(cause) => return Ok(Fetch::failed(cause.to_string(), None)),
    };
    let n = articles.len();
    let today = Date::from_days(now().div_euclid(86_400));
    let mut items: Option<Vec<Article>> = Some(articles);
    let mut reader = |sink: &mut Sink<'_>| {
        for mut article in items.take().unwrap_or_default() {
            article.retrieved.get_or_insert(today);
            sink(check_article(article));
        }
    };
    let s = ingest(
        store,
        pipeline,
        IngestOptions::batches_of(64),
        &mut reader,
        &mut |_| {},
    )?;
    let mut outcome = format!("{n} items: {} new documents, {} events", s.stored, s.events);
    if s.errors() > 0 {
        outcome.push_str(&format!(", {} items refused", s.errors()));
    }
    if !without_text.is_empty() {
        outcome.push_str(&format!(", {} items without text left", without_text.len()));
    }
    if skipped > 0 {
        outcome.push_str(&format!(
            ", {skipped} items past the first {MAX_FEED_ITEMS} not read"
        ));
    }
    Ok(Fetch {
        ok: true,
        outcome,
        validators: Some((fetched.etag, fetched.last_modified)),
        retry_after: None,
        documents: s.stored as u64,
        events: s.events as u64,
    })
}

/// Polls one claimed feed: fetches it unless unchanged, stores its new items, records the poll.
///
/// # Errors
/// Only a store error (then the poll is not recorded, and the hold makes the feed due again);
/// what goes wrong with the feed itself is recorded as a failed poll.
pub fn poll(
    store: &mut dyn Store,
    extractor: &Extractor,
    feed: &Feed,
    read: &Options,
) -> Result<Polled> {
    let fetched = fetch_if_changed(
        &feed.url,
        &read.fetch,
        feed.etag.as_deref(),
        feed.last_modified.as_deref(),
    );
    let fetch = match fetched {
        Err(f) => Fetch::failed(f.cause.to_string(), f.retry_after),
        Ok(None) => Fetch {
            ok: true,
            outcome: "304 not modified".to_string(),
            ..Fetch::failed(String::new(), None)
        },
        Ok(Some(f)) => store_items(store, Pipeline::new(extractor), feed, f)?,
    };
    let failures = if fetch.ok { 0 } else { feed.failures + 1 };
    let next_in = next_wait(feed.every_secs, failures, fetch.retry_after);
    let at = now();
    let outcome = if fetch.ok || failures == 1 {
        fetch.outcome
    } else {
        format!("{} ({failures} failures in a row)", fetch.outcome)
    };
    store.record_feed_poll(
        &feed.url,
        &FeedPoll {
            at,
            next_due: at.saturating_add(i64::try_from(next_in).unwrap_or(i64::MAX)),
            ok: fetch.ok,
            validators: fetch.validators,
            outcome: outcome.clone(),
            documents: fetch.documents,
        },
    )?;
    Ok(Polled {
        url: feed.url.clone(),
        outcome,
        ok: fetch.ok,
        documents: fetch.documents,
        events: fetch.events,
        next_in,
    })
}

/// Claims the feeds due now (at most `limit`) and polls each; returns what each poll did.
///
/// # Errors
/// A store error.
pub fn poll_due(
    store: &mut dyn Store,
    extractor: &Extractor,
    read: &Options,
    limit: usize,
) -> Result<Vec<Polled>> {
    let due = store.claim_due_feeds(now(), HOLD_SECS, limit)?;
    due.iter()
        .map(|feed| poll(store, extractor, feed, read))
        .collect()
}

/// `vigil feeds add`: returns, per URL, whether it was new.
///
/// # Errors
/// [`Error::NotAFeedUrl`] for an argument that is no http(s) URL (nothing is added then), or a
/// store error.
pub fn add(store: &mut dyn Store, urls: &[String], every: u64) -> Result<Vec<bool>> {
    if let Some(bad) = urls.iter().find(|u| !is_url(u)) {
        return Err(Error::NotAFeedUrl(bad.clone()));
    }
    let t = now();
    urls.iter()
        .map(|u| Ok(store.put_feed(u, every, t)?))
        .collect()
}

/// How the monitor goes.
pub struct MonitorOptions {
    /// Poll the feeds due now, deliver the watch rules' new matches, and stop.
    pub once: bool,
    /// How watch matches are written.
    pub output: Output,
    /// How inputs are read and fetched.
    pub read: Options,
    /// The longest sleep between looks at the schedule (feeds added meanwhile are seen then).
    pub tick: Duration,
}

/// What the monitor tells as it goes.
pub enum MonitorEvent<'a> {
    /// A feed was polled.
    Polled(&'a Polled),
    /// A delivery round ended (failed webhooks are in it).
    Delivered(&'a Delivered),
    /// A round failed; the monitor tries again after `retry`.
    RoundFailed {
        /// Why.
        error: &'a Error,
        /// When it tries again.
        retry: Duration,
    },
}

/// `vigil run`: polls feeds as they fall due and delivers the watch rules' new matches (to
/// `out`, or their webhooks) after each poll that stored something (and once at start), until
/// the process ends (or, with `once`, after one round). Returns whether every watch delivery
/// worked.
///
/// # Errors
/// A store error, with `once`; without it, a failed round is told and tried again.
pub fn monitor(
    out: &mut dyn std::io::Write,
    store: &mut dyn Store,
    extractor: &Extractor,
    opts: &MonitorOptions,
    tell: &mut dyn FnMut(MonitorEvent<'_>),
) -> Result<bool> {
    let mut delivered_ok = true;
    let mut watched: Option<u64> = None;
    loop {
        let mut round = || -> Result<Option<i64>> {
            for p in poll_due(store, extractor, &opts.read, 64)? {
                tell(MonitorEvent::Polled(&p));
            }
            let revision = store.revision()?;
            if watched != Some(revision) {
                let report = deliver(out, store, None, opts.output)?;
                tell(MonitorEvent::Delivered(&report));
                delivered_ok &= report.ok();
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
            Err(error) => {
                tell(MonitorEvent::RoundFailed {
                    error: &error,
                    retry: opts.tick,
                });
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
}
