//! `vigil watch`: saved rules reporting the stored events that match them and were not reported
//! before — to the terminal, as JSON lines, or to a webhook.
//!
//! **Delivery.** A rule's new matches are delivered, then recorded as delivered in one
//! transaction; a failed delivery records nothing, so the next run tries again. A webhook gets
//! one HTTP POST per run and rule (`Content-Type: application/json`, body
//! `{"rule": NAME, "events": [EventRecord …]}`), with an `Idempotency-Key` header (SHA-256 of
//! the rule and event ids) so a receiver can drop a repeat if a run dies between its answer
//! and the record. A POST is tried up to [`ATTEMPTS`] times with doubling pauses from
//! [`FIRST_PAUSE`]; any 2xx answer is success.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::time::Duration;
use vigil_store::{EventRecord, Store, WatchRule};

/// Tries per webhook delivery.
pub const ATTEMPTS: u32 = 4;
/// The pause after the first failed try (doubled after each).
pub const FIRST_PAUSE: Duration = Duration::from_millis(250);

/// The stored events a rule matches, in the store's order.
pub fn matches(store: &dyn Store, rule: &WatchRule) -> Result<Vec<EventRecord>> {
    Ok(vigil_server::views::watch_matches(store, rule)?)
}

/// `vigil watch add`: saves the rule; with `from_now`, what matches today counts as delivered.
pub fn add(store: &mut dyn Store, rule: &WatchRule, from_now: bool) -> Result<usize> {
    if let Some(url) = &rule.webhook {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            bail!("{url}: a webhook must be an http:// or https:// URL");
        }
    }
    store.put_watch_rule(rule)?;
    if from_now {
        let ids: Vec<String> = matches(store, rule)?
            .into_iter()
            .map(|r| r.event.id)
            .collect();
        store.mark_delivered(&rule.name, &ids)?;
        return Ok(ids.len());
    }
    Ok(0)
}

fn idempotency_key(rule: &str, records: &[EventRecord]) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    for r in records {
        h.update([0]);
        h.update(r.event.id.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// POSTs the records to `url`, retrying; `Ok` on a 2xx answer.
pub fn post(url: &str, rule: &str, records: &[EventRecord]) -> Result<()> {
    let body = serde_json::to_string(&serde_json::json!({ "rule": rule, "events": records }))?;
    let key = idempotency_key(rule, records);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .user_agent(concat!("vigil/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut pause = FIRST_PAUSE;
    let mut last = String::new();
    for attempt in 1..=ATTEMPTS {
        match agent
            .post(url)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", &key)
            .send(body.as_str())
        {
            Ok(resp) if resp.status().is_success() => return Ok(()),
            Ok(resp) => last = format!("HTTP {}", resp.status().as_u16()),
            Err(e) => last = e.to_string(),
        }
        if attempt < ATTEMPTS {
            std::thread::sleep(pause);
            pause *= 2;
        }
    }
    bail!("{url}: delivery failed after {ATTEMPTS} tries ({last})")
}

/// How `vigil watch run` prints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A line per event.
    Text,
    /// A JSON object per event: `{"rule": …, "record": EventRecord}`.
    Jsonl,
}

/// `vigil watch run`: reports each rule's new matches; returns whether every delivery worked.
pub fn run(
    out: &mut impl Write,
    store: &mut dyn Store,
    only: Option<&str>,
    format: Output,
) -> Result<bool> {
    let rules = store.watch_rules()?;
    if let Some(name) = only {
        if !rules.iter().any(|r| r.name == name) {
            bail!("no watch rule {name:?} (see `vigil watch list`)");
        }
    }
    let mut ok = true;
    for rule in rules.iter().filter(|r| only.is_none_or(|n| n == r.name)) {
        let done = store.delivered(&rule.name)?;
        let new: Vec<EventRecord> = matches(store, rule)?
            .into_iter()
            .filter(|r| !done.contains(&r.event.id))
            .collect();
        if new.is_empty() {
            continue;
        }
        if let Some(url) = &rule.webhook {
            if let Err(e) = post(url, &rule.name, &new) {
                eprintln!("vigil: watch {}: {e:#}", rule.name);
                ok = false;
                continue;
            }
            writeln!(
                out,
                "{}: {} new events delivered to {url}",
                rule.name,
                new.len()
            )?;
        } else {
            for r in &new {
                match format {
                    Output::Jsonl => {
                        serde_json::to_writer(
                            &mut *out,
                            &serde_json::json!({ "rule": rule.name, "record": r }),
                        )?;
                        writeln!(out)?;
                    }
                    Output::Text => writeln!(
                        out,
                        "{}  {}  {}  {}  {}",
                        rule.name,
                        r.event_date
                            .map_or_else(|| "undated".into(), |d| d.to_string()),
                        r.event.kind.as_str(),
                        r.event.id,
                        r.event.evidence.first().map_or("", |e| e.text.as_str())
                    )?,
                }
            }
            out.flush()?;
        }
        let ids: Vec<String> = new.into_iter().map(|r| r.event.id).collect();
        store
            .mark_delivered(&rule.name, &ids)
            .with_context(|| format!("recording deliveries of {}", rule.name))?;
    }
    Ok(ok)
}
