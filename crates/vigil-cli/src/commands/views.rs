//! `vigil incidents`, `changes`, `claims` and `picture`: views over the stored corpus computed
//! by the application layer (incidents are derived from the stored events and the analysts'
//! split decisions, so they are the same whatever the order of ingestion), printed as text or
//! JSON.

use crate::flags::views::{ChangesArgs, ClaimsArgs, IncidentCommand, PictureArgs};
use anyhow::Result;
use std::collections::BTreeSet;
use std::io::Write;
use std::process::ExitCode;
use vigil_corpus::views;
use vigil_incident::{Change, Incident, Incidents, LedgerEntry, Picture, Reason};
use vigil_model::Date;

fn day(d: Option<Date>) -> String {
    d.map_or_else(|| "undated".into(), |d| d.to_string())
}

fn best(i: &Incident, role: vigil_model::Role) -> String {
    i.attributes
        .get(&role)
        .map_or_else(|| "-".into(), |a| a.best.text.clone())
}

/// `vigil incidents list|show|split`.
pub fn incidents(what: IncidentCommand) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match what {
        IncidentCommand::List { db, json } => {
            let store = db.open_existing()?;
            let inc = views::incidents_alone(store.as_ref())?;
            list(&mut out, &inc, json)?;
        }
        IncidentCommand::Show { id, why, db, json } => {
            let store = db.open_existing()?;
            let inc = views::incidents_alone(store.as_ref())?;
            let incident = views::incident(&inc, &id)?;
            show(&mut out, &incident, why, json)?;
        }
        IncidentCommand::Split { id, events, db } => {
            let mut store = db.open_existing()?;
            let mut inc = views::incidents_alone(store.as_ref())?;
            for i in views::split_incident(store.as_mut(), &mut inc, &id, &events)? {
                writeln!(out, "{}: {}", i.id, reports(i.members.len()))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "1 report", "3 reports".
fn reports(n: usize) -> String {
    if n == 1 {
        "1 report".into()
    } else {
        format!("{n} reports")
    }
}

/// `vigil incidents list`: each incident printed as soon as it is built (the list is never
/// held whole).
fn list(out: &mut impl Write, inc: &Incidents, json: bool) -> Result<()> {
    let mut count = 0usize;
    let mut failed: Option<anyhow::Error> = None;
    inc.each_incident(|i| {
        if failed.is_none() {
            count += 1;
            if let Err(e) = line(out, &i, json) {
                failed = Some(e);
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if !json {
        writeln!(out, "{count} incidents")?;
    }
    Ok(())
}

/// One incident of `vigil incidents list`.
fn line(out: &mut impl Write, i: &Incident, json: bool) -> Result<()> {
    if json {
        serde_json::to_writer(&mut *out, i)?;
        writeln!(out)?;
        return Ok(());
    }
    let docs: BTreeSet<&str> = i.members.iter().map(|m| m.document.as_str()).collect();
    writeln!(
        out,
        "{}  {:<18} {:<10}  {:<20} {:>11}  killed {}  perpetrator {}",
        i.id,
        i.kind.as_str(),
        day(i.date),
        i.place.as_ref().map_or("-", |p| p.name.as_str()),
        reports(docs.len()),
        best(i, vigil_model::Role::Killed),
        best(i, vigil_model::Role::PerpetratorOrg),
    )?;
    Ok(())
}

/// `vigil incidents show ID [--why]`.
fn show(out: &mut impl Write, incident: &Incident, why: bool, json: bool) -> Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, incident)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}  {}  {}  {}",
        incident.id,
        incident.kind.as_str(),
        day(incident.date),
        incident.place.as_ref().map_or("-", |p| p.name.as_str())
    )?;
    writeln!(out, "reports:")?;
    for m in &incident.members {
        let sentence = m.data().evidence.first().map_or("", |e| e.text.as_str());
        writeln!(
            out,
            "  {}  {}  {}  {}",
            day(m.published),
            m.source,
            m.event,
            sentence
        )?;
    }
    for (role, a) in &incident.attributes {
        writeln!(
            out,
            "{}: {}  (rule: {}; {}, {})",
            role.as_str(),
            a.best.text,
            a.rule,
            a.best.source,
            day(a.best.published)
        )?;
        for v in &a.values {
            writeln!(
                out,
                "    {:<30} {}  {}  {}",
                v.text,
                day(v.published),
                v.source,
                v.event
            )?;
        }
    }
    if why {
        writeln!(out, "why these reports are one incident:")?;
        if incident.joins.is_empty() {
            writeln!(out, "  one report")?;
        }
        for j in &incident.joins {
            let reasons: Vec<String> = j
                .reasons
                .iter()
                .map(|r| match r {
                    Reason::Time { a, b } => format!("times agree ({a} / {b})"),
                    Reason::Place { how } => format!("place: {how}"),
                    Reason::Perpetrator { how } => format!("perpetrator: {how}"),
                })
                .collect();
            writeln!(out, "  {} ~ {}: {}", j.a, j.b, reasons.join("; "))?;
        }
    }
    Ok(())
}

/// `vigil changes [--since DATE]`.
pub fn changes(args: ChangesArgs) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let all = views::changes(store.as_ref(), args.since)?;
    let mut out = std::io::stdout().lock();
    for c in &all {
        if args.json {
            serde_json::to_writer(&mut out, c)?;
            writeln!(out)?;
        } else {
            write_change(&mut out, c)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_change(out: &mut impl Write, change: &Change) -> Result<()> {
    let what = match (&change.before, change.attribute.is_empty()) {
        (_, true) => format!("new {}", change.after),
        (Some(b), false) => format!("{}: {} -> {}", change.attribute, b, change.after),
        (None, false) => format!("{}: {}", change.attribute, change.after),
    };
    writeln!(
        out,
        "{}  {}  {:<9} {}  ({}, {})",
        day(change.published),
        change.incident,
        serde_json::to_value(change.kind)?.as_str().unwrap_or(""),
        what,
        change.source,
        change.document
    )?;
    Ok(())
}

/// `vigil claims [--actor ID] [--disputed]`.
pub fn claims(args: ClaimsArgs) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let entries = views::claims(
        store.as_ref(),
        args.actor.as_deref(),
        args.with_affiliates,
        args.disputed,
    )?;
    let mut out = std::io::stdout().lock();
    for e in &entries {
        if args.json {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        } else {
            write_claim(&mut out, e)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_claim(out: &mut impl Write, entry: &LedgerEntry) -> Result<()> {
    writeln!(
        out,
        "{} by {}{}{}",
        entry.kind,
        entry.actor,
        entry
            .incident
            .as_ref()
            .map_or(String::new(), |i| format!(" (incident {i})")),
        if entry.disputed {
            format!(" — disputed by {}", entry.disputed_by.join(", "))
        } else {
            String::new()
        }
    )?;
    for c in &entry.claims {
        writeln!(
            out,
            "  claim  {}  {}  {}",
            day(c.published),
            c.source,
            c.sentence
        )?;
        for cap in &c.capability {
            writeln!(out, "         capability: {cap}")?;
        }
    }
    for a in &entry.assessments {
        writeln!(
            out,
            "  judged {}  {}: {}{}  {}",
            day(a.published),
            a.speakers.join(", "),
            a.stances.join(", "),
            if a.attributions.is_empty() {
                String::new()
            } else {
                format!(" ({})", a.attributions.join(", "))
            },
            a.sentence
        )?;
    }
    for r in &entry.retractions {
        writeln!(
            out,
            "  retracted {}  {}  {}",
            day(r.published),
            r.source,
            r.sentence
        )?;
    }
    Ok(())
}

/// `vigil picture CC [--at DATE] [--target GROUP]`.
pub fn picture(args: PictureArgs) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let p = views::picture(
        store.as_ref(),
        &args.country,
        args.at,
        args.target.as_deref(),
    )?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &p)?;
        writeln!(out)?;
    } else {
        write_picture(&mut out, &p, args.at, args.target.as_deref())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_picture(
    out: &mut impl Write,
    picture: &Picture,
    at: Option<Date>,
    group: Option<&str>,
) -> Result<()> {
    writeln!(
        out,
        "{} ({}) threat picture{}{}",
        vigil_corpus::atlas::country_name(&picture.country).unwrap_or("-"),
        picture.country,
        group.map_or(String::new(), |g| format!(" for {g}")),
        at.map_or(String::new(), |d| format!(" at {d}"))
    )?;
    writeln!(out, "alert level changes:")?;
    if picture.alerts.is_empty() {
        writeln!(out, "  none reported")?;
    }
    for a in &picture.alerts {
        writeln!(
            out,
            "  {}  {} {}  by {}  ({})\n      \"{}\"",
            day(a.date),
            a.direction.as_deref().unwrap_or("changed"),
            a.level
                .as_deref()
                .map_or(String::new(), |l| format!("to {l}")),
            if a.authority.is_empty() {
                "-".into()
            } else {
                a.authority.join(", ")
            },
            a.source,
            a.sentence
        )?;
    }
    writeln!(
        out,
        "indicator: {:.2} over the last {} days ({} events)",
        // Never "-0.00".
        picture.score + 0.0,
        vigil_incident::picture::WINDOW_DAYS,
        picture.drivers.len()
    )?;
    for d in &picture.drivers {
        writeln!(
            out,
            "  {:>5.2}  {:<22} {}  {}  \"{}\"",
            d.weight,
            d.kind.as_str(),
            day(d.date),
            d.rule,
            d.sentence
        )?;
    }
    Ok(())
}
