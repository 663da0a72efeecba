//! Printing stored events as a table for people, and store statistics (the export layouts are
//! `vigil_corpus::export`'s).

use anyhow::Result;
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

fn first<'e>(e: &'e Event, roles: &[Role]) -> Option<&'e RoleValue> {
    roles.iter().find_map(|r| e.role(*r).first())
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
