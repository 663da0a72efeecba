//! Printing stored events: a table for people, CSV in an ACLED-like flat layout, GeoJSON points,
//! JSONL records; and store statistics.

use anyhow::Result;
use serde_json::json;
use std::io::Write;
use vigil_model::{Event, Quantity, Role, RoleValue};
use vigil_store::{EventRecord, Stats};

/// Roles whose first value is the event's first actor (who acted or spoke), in order of
/// preference.
const ACTOR1: &[Role] = &[
    Role::PerpetratorOrg,
    Role::PerpetratorIndividual,
    Role::IssuerOrg,
    Role::IssuerIndividual,
    Role::ClaimantOrg,
    Role::ClaimantIndividual,
    Role::Denier,
    Role::Issuer,
    Role::Authority,
    Role::Operator,
    Role::Agency,
    Role::Speaker,
];

/// Roles whose first value is the second actor (who or what was targeted or judged).
const ACTOR2: &[Role] = &[
    Role::TargetOrg,
    Role::TargetIndividual,
    Role::Target,
    Role::Victim,
    Role::Suspect,
    Role::SuspectedOrg,
    Role::AboutActor,
    Role::About,
];

fn first<'e>(e: &'e Event, roles: &[Role]) -> Option<&'e RoleValue> {
    roles.iter().find_map(|r| e.role(*r).first())
}

fn actor(v: Option<&RoleValue>) -> String {
    v.map(|v| match &v.id {
        Some(id) => format!("{} [{id}]", v.text),
        None => v.text.clone(),
    })
    .unwrap_or_default()
}

/// The count of a casualty role: its first figure, and every figure when sources differ.
fn count(e: &Event, role: Role) -> (Option<u64>, Vec<String>) {
    let vals: Vec<&RoleValue> = e.role(role).iter().collect();
    let first = vals.iter().find_map(|v| match v.value {
        Some(Quantity::Number(n)) => Some(n),
        _ => None,
    });
    let all: Vec<String> = vals.iter().map(|v| v.text.clone()).collect();
    (first, all)
}

/// The CSV header of [`write_csv`].
pub const CSV_COLUMNS: &[&str] = &[
    "event_id",
    "event_date",
    "time_precision",
    "kind",
    "subtype",
    "modality",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "killed",
    "injured",
    "confidence",
    "document_id",
    "source_url",
    "source_sentence",
    "notes",
];

/// One row per event.
pub fn write_csv(out: &mut dyn Write, records: &[EventRecord]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for r in records {
        let e = &r.event;
        let place = e
            .places
            .iter()
            .find(|p| p.lat.is_some())
            .or(e.places.first());
        let (killed, killed_all) = count(e, Role::Killed);
        let (injured, injured_all) = count(e, Role::Injured);
        let mut notes = Vec::new();
        if killed_all.len() > 1 {
            notes.push(format!("killed figures: {}", killed_all.join(" / ")));
        }
        if injured_all.len() > 1 {
            notes.push(format!("injured figures: {}", injured_all.join(" / ")));
        }
        if let Some(t) = &e.time {
            notes.push(format!("time: {}", t.text));
        }
        if let Some(s) = &e.source {
            notes.push(format!("according to: {}", s.text));
        }
        if let Some(d) = &r.document.duplicate_of {
            notes.push(format!("near-duplicate of {d}"));
        }
        let opt = |v: Option<String>| v.unwrap_or_default();
        w.write_record([
            e.id.clone(),
            opt(r.event_date.map(|d| d.to_string())),
            e.time
                .as_ref()
                .map_or_else(|| "publication".to_string(), |t| t.precision.to_string()),
            e.kind.to_string(),
            e.subtype.clone(),
            e.modality.to_string(),
            actor(first(e, ACTOR1)),
            actor(first(e, ACTOR2)),
            opt(place.and_then(|p| p.country.clone())),
            opt(place.and_then(|p| p.admin1.clone())),
            opt(place.map(|p| p.name.clone())),
            opt(place.and_then(|p| p.lat).map(|v| v.to_string())),
            opt(place.and_then(|p| p.lon).map(|v| v.to_string())),
            opt(place.map(|p| p.precision.to_string())),
            opt(killed.map(|n| n.to_string())),
            opt(injured.map(|n| n.to_string())),
            format!("{:.2}", e.confidence),
            r.document.id.clone(),
            opt(r.document.url.clone().or(Some(r.document.source.clone()))),
            opt(e.evidence.first().map(|ev| ev.text.clone())),
            notes.join("; "),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// A GeoJSON FeatureCollection with a point per event that has coordinates.
pub fn write_geojson(out: &mut dyn Write, records: &[EventRecord]) -> Result<()> {
    let features: Vec<serde_json::Value> = records
        .iter()
        .filter_map(|r| {
            let e = &r.event;
            let p = e
                .places
                .iter()
                .find(|p| p.lat.is_some() && p.lon.is_some())?;
            Some(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "event_id": e.id,
                    "event_date": r.event_date,
                    "kind": e.kind,
                    "subtype": e.subtype,
                    "modality": e.modality,
                    "actor1": actor(first(e, ACTOR1)),
                    "actor2": actor(first(e, ACTOR2)),
                    "location": p.name,
                    "country": p.country,
                    "geo_precision": p.precision,
                    "killed": count(e, Role::Killed).0,
                    "injured": count(e, Role::Injured).0,
                    "confidence": e.confidence,
                    "document_id": r.document.id,
                    "source_url": r.document.url,
                    "source_sentence": e.evidence.first().map(|ev| ev.text.clone()),
                }
            }))
        })
        .collect();
    serde_json::to_writer(
        &mut *out,
        &json!({"type": "FeatureCollection", "features": features}),
    )?;
    writeln!(out)?;
    Ok(())
}

/// One JSON object per line: the event with its document and date.
pub fn write_jsonl(out: &mut dyn Write, records: &[EventRecord]) -> Result<()> {
    for r in records {
        serde_json::to_writer(&mut *out, r)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A readable table of events.
pub fn write_table(out: &mut dyn Write, records: &[EventRecord]) -> Result<()> {
    writeln!(
        out,
        "{:<10}  {:<24}  {:<12}  {:<28}  {:<22}  {:>6}  {:>7}  document",
        "date", "kind", "modality", "actor", "place", "killed", "injured"
    )?;
    for r in records {
        let e = &r.event;
        let cut = |s: String, n: usize| -> String {
            if s.chars().count() > n {
                let mut t: String = s.chars().take(n - 1).collect();
                t.push('…');
                t
            } else {
                s
            }
        };
        let kind = if e.subtype == "unknown" || e.subtype.is_empty() {
            e.kind.to_string()
        } else {
            format!("{}/{}", e.kind, e.subtype)
        };
        writeln!(
            out,
            "{:<10}  {:<24}  {:<12}  {:<28}  {:<22}  {:>6}  {:>7}  {}",
            r.event_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            cut(kind, 24),
            e.modality.to_string(),
            cut(
                first(e, ACTOR1).map(|v| v.text.clone()).unwrap_or_default(),
                28
            ),
            cut(
                e.places.first().map(|p| p.name.clone()).unwrap_or_default(),
                22
            ),
            count(e, Role::Killed)
                .0
                .map(|n| n.to_string())
                .unwrap_or_default(),
            count(e, Role::Injured)
                .0
                .map(|n| n.to_string())
                .unwrap_or_default(),
            r.document.id
        )?;
    }
    writeln!(out, "{} events", records.len())?;
    Ok(())
}

/// Store statistics for people.
pub fn write_stats(out: &mut dyn Write, stats: &Stats, location: &str) -> Result<()> {
    writeln!(out, "store: {location}")?;
    if let Some(b) = stats.db_bytes {
        writeln!(out, "size: {:.1} MB", b as f64 / 1e6)?;
    }
    writeln!(
        out,
        "documents: {} ({} near-duplicates)",
        stats.documents, stats.duplicates
    )?;
    writeln!(
        out,
        "events: {} (plus {} in near-duplicates; {} undated)",
        stats.events, stats.duplicate_events, stats.undated_events
    )?;
    if let (Some(a), Some(b)) = (stats.first_event_date, stats.last_event_date) {
        writeln!(out, "event dates: {a} to {b}")?;
    }
    writeln!(out, "by kind:")?;
    for (k, n) in &stats.events_by_kind {
        writeln!(out, "  {:<26} {n:>8}", k.as_str())?;
    }
    writeln!(out, "by modality:")?;
    for (k, n) in &stats.events_by_modality {
        writeln!(out, "  {:<26} {n:>8}", k.as_str())?;
    }
    let mut countries: Vec<_> = stats.events_by_country.iter().collect();
    countries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    writeln!(out, "top countries:")?;
    for (c, n) in countries.iter().take(15) {
        writeln!(out, "  {c:<26} {n:>8}")?;
    }
    Ok(())
}
