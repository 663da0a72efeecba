//! Watch rules: saved filters reporting the stored events that match them and were not
//! reported before — as text or JSON lines to a writer, or to a webhook.
//!
//! **Delivery.** A rule's new matches are delivered, then recorded as delivered in one
//! transaction; a failed delivery records nothing, so the next run tries again. A webhook gets
//! one HTTP POST per run and rule (`Content-Type: application/json`, body
//! `{"rule": NAME, "events": [EventRecord …]}`), with an `Idempotency-Key` header (SHA-256 of
//! the rule and event ids) so a receiver can drop a repeat if a run dies between its answer
//! and the record. A POST is tried up to [`ATTEMPTS`] times with doubling pauses from
//! [`FIRST_PAUSE`]; any 2xx answer is success.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::time::Duration;
use vigil_model::Role;
use vigil_store::{EventRecord, Query, Store, WatchRule};

/// Tries per webhook delivery.
pub const ATTEMPTS: u32 = 4;
/// The pause after the first failed try (doubled after each).
pub const FIRST_PAUSE: Duration = Duration::from_millis(250);

/// The stored events a rule matches, in the store's order.
///
/// # Errors
/// A bad full-text query, or a store error.
pub fn matches(store: &dyn Store, rule: &WatchRule) -> Result<Vec<EventRecord>> {
    let q = Query {
        kinds: rule.kinds.clone(),
        actor: rule.actor.clone(),
        country: rule.country.clone(),
        text: rule.text.clone(),
        ..Query::default()
    };
    let target = rule.target.as_ref().map(|t| t.to_lowercase());
    Ok(store
        .query(&q)?
        .into_iter()
        .filter(|r| {
            rule.min_killed
                .is_none_or(|min| vigil_incident::max_killed(&r.event).is_some_and(|n| n >= min))
        })
        .filter(|r| {
            target.as_ref().is_none_or(|t| {
                [Role::Target, Role::Victim, Role::TargetOrg]
                    .iter()
                    .filter_map(|role| r.event.roles.get(role))
                    .flatten()
                    .any(|v| v.text.to_lowercase().contains(t.as_str()))
            })
        })
        .collect())
}

/// A rule's matches, each with whether it was delivered.
///
/// # Errors
/// As [`matches()`].
pub fn matches_marked(store: &dyn Store, rule: &WatchRule) -> Result<Vec<(EventRecord, bool)>> {
    let delivered = store.delivered(&rule.name)?;
    Ok(matches(store, rule)?
        .into_iter()
        .map(|r| {
            let done = delivered.contains(&r.event.id);
            (r, done)
        })
        .collect())
}

/// A rule with how many events it matches and how many of them are new.
#[derive(Debug, Clone)]
pub struct RuleStatus {
    /// The rule.
    pub rule: WatchRule,
    /// Events it matches.
    pub matches: usize,
    /// Of which not yet delivered.
    pub new: usize,
}

/// Every rule with its counts.
///
/// # Errors
/// As [`matches()`].
pub fn rule_statuses(store: &dyn Store) -> Result<Vec<RuleStatus>> {
    store
        .watch_rules()?
        .into_iter()
        .map(|rule| {
            let found = matches_marked(store, &rule)?;
            Ok(RuleStatus {
                matches: found.len(),
                new: found.iter().filter(|(_, done)| !done).count(),
                rule,
            })
        })
        .collect()
}

/// The rule of this name.
///
/// # Errors
/// [`Error::NoSuchRule`]; a store error.
pub fn rule(store: &dyn Store, name: &str) -> Result<WatchRule> {
    store
        .watch_rules()?
        .into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| Error::NoSuchRule(name.to_string()))
}

fn check_webhook(rule: &WatchRule) -> Result<()> {
    match &rule.webhook {
        Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
            Err(Error::BadWebhook(url.clone()))
        }
        _ => Ok(()),
    }
}

/// Checks a rule before it is saved: a name, an http(s) webhook, a full-text query that
/// parses (refused now, not at the next run).
///
/// # Errors
/// [`Error::UnnamedRule`], [`Error::BadWebhook`], or the store's
/// [`vigil_store::StoreError::InvalidQuery`].
pub fn check_rule(store: &dyn Store, rule: &WatchRule) -> Result<()> {
    if rule.name.trim().is_empty() {
        return Err(Error::UnnamedRule);
    }
    check_webhook(rule)?;
    if let Some(text) = &rule.text {
        store.query(&Query {
            text: Some(text.clone()),
            limit: Some(1),
            ..Query::default()
        })?;
    }
    Ok(())
}

/// Saves a rule (`vigil watch add`); with `from_now`, what matches today counts as delivered.
/// Returns how many events were so marked.
///
/// # Errors
/// [`Error::BadWebhook`]; a store error.
pub fn save_rule(store: &mut dyn Store, rule: &WatchRule, from_now: bool) -> Result<usize> {
    check_webhook(rule)?;
    // The filters checked as a query's are: a country's name becomes its code, a
    // dictionary name its id.
    let mut rule = rule.clone();
    let checked = crate::filters::resolve(
        &*store,
        Query {
            actor: rule.actor.take(),
            country: rule.country.take(),
            ..Query::default()
        },
        false,
    )?;
    rule.country = checked.country;
    rule.actor = checked.actor.or_else(|| checked.actor_ids.first().cloned());
    let rule = &rule;
    store.put_watch_rule(rule)?;
    if !from_now {
        return Ok(0);
    }
    let ids: Vec<String> = matches(store, rule)?
        .into_iter()
        .map(|r| r.event.id)
        .collect();
    store.mark_delivered(&rule.name, &ids)?;
    Ok(ids.len())
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
///
/// # Errors
/// [`Error::Delivery`] after [`ATTEMPTS`] failed tries.
pub fn post(url: &str, rule: &str, records: &[EventRecord]) -> Result<()> {
    let body = serde_json::json!({ "rule": rule, "events": records }).to_string();
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
    Err(Error::Delivery {
        url: url.to_string(),
        tries: ATTEMPTS,
        last,
    })
}

/// How matches without a webhook are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A line per event.
    Text,
    /// A JSON object per event: `{"rule": …, "record": EventRecord}`.
    Jsonl,
}

/// What one delivery round did.
#[derive(Debug, Default)]
pub struct Delivered {
    /// Per rule whose webhook failed: the rule and why (nothing of it was recorded).
    pub failed: Vec<(String, Error)>,
}

impl Delivered {
    /// Whether every delivery worked.
    #[must_use]
    pub fn ok(&self) -> bool {
        self.failed.is_empty()
    }
}

/// Delivers each rule's new matches (`vigil watch run`; only the rule `only` when given):
/// to its webhook, else written to `out`; then records them as delivered.
///
/// # Errors
/// [`Error::NoSuchRule`]; a store error; a write to `out` that fails.
pub fn deliver(
    out: &mut dyn Write,
    store: &mut dyn Store,
    only: Option<&str>,
    format: Output,
) -> Result<Delivered> {
    let rules = store.watch_rules()?;
    if let Some(name) = only {
        if !rules.iter().any(|r| r.name == name) {
            return Err(Error::NoSuchRule(name.to_string()));
        }
    }
    let mut report = Delivered::default();
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
                report.failed.push((rule.name.clone(), e));
                continue;
            }
            writeln!(
                out,
                "{}: {} new events delivered to {url}",
                rule.name,
                new.len()
            )?;
        } else {
            write_matches(out, &rule.name, &new, format)?;
        }
        let ids: Vec<String> = new.into_iter().map(|r| r.event.id).collect();
        store
            .mark_delivered(&rule.name, &ids)
            .map_err(|error| Error::Recording {
                rule: rule.name.clone(),
                error,
            })?;
    }
    Ok(report)
}

fn write_matches(
    out: &mut dyn Write,
    rule: &str,
    records: &[EventRecord],
    format: Output,
) -> Result<()> {
    for r in records {
        match format {
            Output::Jsonl => {
                let line = serde_json::json!({ "rule": rule, "record": r });
                writeln!(out, "{line}")?;
            }
            Output::Text => writeln!(
                out,
                "{}  {}  {}  {}  {}",
                rule,
                r.event_date
                    .map_or_else(|| "undated".into(), |d| d.to_string()),
                r.event.kind.as_str(),
                r.event.id,
                r.event.evidence.first().map_or("", |e| e.text.as_str())
            )?,
        }
    }
    out.flush()?;
    Ok(())
}
