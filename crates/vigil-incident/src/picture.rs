//! The threat picture of a country (and, optionally, of a group targeted in it): its official
//! alert-level changes as sourced events, and an indicator computed from recent attacks,
//! threats, warnings, arrests and assessments.
//!
//! **Which events concern a country**: an event with a place in it, an alert change naming it,
//! a threat or warning whose scope or region is in it.
//!
//! **Indicator** over the [`WINDOW_DAYS`] days up to the date asked (every event, dated or not,
//! when no date is asked). Each event adds its weight, times a linear decay from 1 (that day)
//! to 0.25 (the window's first day) when dated:
//!
//! | event | weight |
//! | --- | --- |
//! | attack (carried out) | 3, plus 1 per 10 killed up to 5 more |
//! | attack attempted or foiled | 1.5 |
//! | threat | 1 |
//! | warning | 1 |
//! | alert level raised / lowered | +2 / −1 |
//! | assessment judging a threat serious or credible | 0.5 |
//! | arrest or counter-terrorism operation | 0.5 |
//!
//! Threatened, hypothetical, historical and negated attacks count nothing. An incident reported
//! by many outlets counts once (its heaviest report). Every score lists the events that drive
//! it, with their weights and sentences.

use serde::Serialize;
use std::borrow::Borrow;
use vigil_model::{Date, DocumentOutput, Event, EventKind, Modality, Quantity, Role};

/// Days the indicator looks back.
pub const WINDOW_DAYS: i64 = 30;

/// One alert-level change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertChange {
    /// Event id.
    pub event: String,
    /// Document id.
    pub document: String,
    /// The document's source.
    pub source: String,
    /// When: the event's time, else the publication date.
    pub date: Option<Date>,
    /// The level as written and normalised (`highest`, `severe` …).
    pub level: Option<String>,
    /// `raised`, `lowered`, `maintained` …
    pub direction: Option<String>,
    /// Who decided.
    pub authority: Vec<String>,
    /// The source sentence.
    pub sentence: String,
}

/// One event that drives the indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    /// Event id.
    pub event: String,
    /// Kind.
    pub kind: EventKind,
    /// When: the event's time, else the publication date.
    pub date: Option<Date>,
    /// Its contribution.
    pub weight: f64,
    /// The rule that gave it.
    pub rule: String,
    /// The source sentence.
    pub sentence: String,
}

/// A country's threat picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Picture {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// The date asked, if any.
    pub at: Option<Date>,
    /// The targeted group asked, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Alert-level changes up to that date, oldest first (undated ones first of all).
    pub alerts: Vec<AlertChange>,
    /// The indicator: the sum of the drivers' weights.
    pub score: f64,
    /// The events that drive it, heaviest first.
    pub drivers: Vec<Driver>,
}

fn event_date(e: &Event, published: Option<Date>) -> Option<Date> {
    e.time.as_ref().and_then(|t| t.start).or(published)
}

fn symbol(e: &Event, role: Role) -> Option<String> {
    e.roles.get(&role)?.iter().find_map(|v| match &v.value {
        Some(Quantity::Symbol(s)) => Some(s.clone()),
        _ => None,
    })
}

/// An alert level as normalised: a named one (`severe`) or a number ("raised from 3 to 4": `4`).
fn level(e: &Event) -> Option<String> {
    e.roles
        .get(&Role::Level)?
        .iter()
        .find_map(|v| match &v.value {
            Some(Quantity::Symbol(s)) => Some(s.clone()),
            Some(Quantity::Number(n)) => Some(n.to_string()),
            None => None,
        })
}

fn concerns(e: &Event, cc: &str) -> bool {
    let state = format!("state:{cc}");
    e.places.iter().any(|p| p.country.as_deref() == Some(cc))
        || [Role::Country, Role::Scope, Role::Region]
            .iter()
            .filter_map(|r| e.roles.get(r))
            .flatten()
            .any(|v| {
                v.id.as_deref() == Some(state.as_str())
                    || matches!(&v.value, Some(Quantity::Symbol(s)) if s == cc)
            })
}

fn weight(e: &Event) -> Option<(f64, String)> {
    match (e.kind, e.modality) {
        (
            EventKind::Attack,
            Modality::Threatened
            | Modality::Hypothetical
            | Modality::Historical
            | Modality::Negated,
        ) => None,
        (EventKind::Attack, Modality::Attempted | Modality::Foiled) => {
            Some((1.5, "attack attempted or foiled: 1.5".into()))
        }
        (EventKind::Attack, _) => {
            let k = crate::max_killed(e).unwrap_or(0);
            let extra = (k as f64 / 10.0).floor().min(5.0);
            Some((3.0 + extra, format!("attack: 3 + {extra} for {k} killed")))
        }
        (_, Modality::Negated) => None,
        (EventKind::Threat, _) => Some((1.0, "threat: 1".into())),
        (EventKind::Warning, _) => Some((1.0, "warning: 1".into())),
        (EventKind::AlertLevelChange, _) => match symbol(e, Role::Direction).as_deref() {
            Some("raised") => Some((2.0, "alert raised: 2".into())),
            Some("lowered") => Some((-1.0, "alert lowered: -1".into())),
            _ => None,
        },
        (EventKind::Assessment, _) => {
            let stance = symbol(e, Role::Stance)?;
            matches!(stance.as_str(), "serious" | "credible")
                .then(|| (0.5, format!("assessment ({stance}): 0.5")))
        }
        (EventKind::Arrest | EventKind::CounterOperation, _) => {
            Some((0.5, "arrest or operation: 0.5".into()))
        }
        _ => None,
    }
}

/// Whether an event targets a group: words of `group` inside its target, victim or targeted
/// organisation values (case-insensitive).
fn targets(e: &Event, group: &str) -> bool {
    let g = group.to_lowercase();
    [Role::Target, Role::Victim, Role::TargetOrg]
        .iter()
        .filter_map(|r| e.roles.get(r))
        .flatten()
        .any(|v| v.text.to_lowercase().contains(&g))
}

/// The picture of country `cc` from `docs` (`(source, output)` pairs; an output held or
/// shared) at date `at`; with
/// `group`, only the events that target it ("Christians", "journalists") drive the indicator
/// (alert changes are listed all the same: they concern everyone).
#[must_use]
pub fn picture<D: Borrow<DocumentOutput>>(
    docs: &[(String, D)],
    cc: &str,
    at: Option<Date>,
    group: Option<&str>,
) -> Picture {
    let mut incidents = crate::Incidents::new();
    for (s, d) in docs {
        incidents.add(s, d.borrow());
    }
    picture_of(docs, &incidents.incidents(), cc, at, group)
}

/// [`picture`] with the incidents of `docs` already computed.
#[must_use]
pub fn picture_of<D: Borrow<DocumentOutput>>(
    docs: &[(String, D)],
    incidents: &[crate::Incident],
    cc: &str,
    at: Option<Date>,
    group: Option<&str>,
) -> Picture {
    let cc = cc.to_ascii_uppercase();
    // An incident counts once, however many outlets report it.
    let incident_of: std::collections::BTreeMap<&str, (&str, usize)> = incidents
        .iter()
        .flat_map(|i| {
            let n = i
                .members
                .iter()
                .map(|m| m.document.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            i.members
                .iter()
                .map(move |m| (m.event.as_str(), (i.id.as_str(), n)))
        })
        .collect();
    let mut alerts = Vec::new();
    let mut drivers: Vec<Driver> = Vec::new();
    let mut counted: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (source, d) in docs {
        let d = d.borrow();
        for e in d.events.iter().filter(|e| concerns(e, &cc)) {
            let date = event_date(e, d.document.published);
            if let (Some(at), Some(day)) = (at, date) {
                if day > at {
                    continue;
                }
            }
            let sentence = e
                .evidence
                .first()
                .map(|x| x.text.clone())
                .unwrap_or_default();
            if e.kind == EventKind::AlertLevelChange {
                alerts.push(AlertChange {
                    event: e.id.clone(),
                    document: d.document.id.clone(),
                    source: source.clone(),
                    date,
                    level: level(e),
                    direction: symbol(e, Role::Direction),
                    authority: e
                        .roles
                        .get(&Role::Authority)
                        .into_iter()
                        .flatten()
                        .map(|v| v.text.clone())
                        .collect(),
                    sentence: sentence.clone(),
                });
            }
            if group.is_some_and(|g| !targets(e, g)) {
                continue;
            }
            let Some((w, rule)) = weight(e) else { continue };
            let decay = match (at, date) {
                (Some(at), Some(day)) => {
                    let age = at.to_days() - day.to_days();
                    if age >= WINDOW_DAYS {
                        continue;
                    }
                    1.0 - 0.75 * age as f64 / WINDOW_DAYS as f64
                }
                _ => 1.0,
            };
            let mut rule = if decay < 1.0 {
                format!("{rule}, × {decay:.2} for age")
            } else {
                rule
            };
            if let Some((id, n)) = incident_of.get(e.id.as_str()) {
                if *n > 1 {
                    rule = format!("{rule}; incident {id}, {n} reports, counted once");
                }
            }
            let driver = Driver {
                event: e.id.clone(),
                kind: e.kind,
                date,
                weight: (w * decay * 100.0).round() / 100.0,
                rule,
                sentence,
            };
            // One driver per incident: its heaviest report.
            match incident_of.get(e.id.as_str()).map(|x| x.0) {
                Some(id) => match counted.get(id) {
                    Some(&k) if drivers[k].weight >= driver.weight => {}
                    Some(&k) => drivers[k] = driver,
                    None => {
                        counted.insert(id.to_string(), drivers.len());
                        drivers.push(driver);
                    }
                },
                None => drivers.push(driver),
            }
        }
    }
    alerts.sort_by(|a, b| (a.date, &a.event).cmp(&(b.date, &b.event)));
    drivers.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.event.cmp(&b.event))
    });
    let score = (drivers.iter().map(|d| d.weight).sum::<f64>() * 100.0).round() / 100.0 + 0.0; // never -0
    Picture {
        country: cc,
        at,
        group: group.map(str::to_string),
        alerts,
        score,
        drivers,
    }
}
