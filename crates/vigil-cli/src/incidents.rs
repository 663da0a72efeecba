//! `vigil incidents`, `vigil changes`, `vigil claims`, `vigil picture`: views over the stored
//! corpus computed by `vigil-incident` (incidents are derived from the stored events and the
//! user's split decisions, so they are the same whatever the order of ingestion).

use anyhow::{bail, Result};
use std::collections::BTreeSet;
use std::io::Write;
use vigil_incident::{Incident, Incidents, Reason};
use vigil_model::Date;
use vigil_store::Store;

pub use vigil_server::views::{corpus, incidents};

fn day(d: Option<Date>) -> String {
    d.map_or_else(|| "undated".into(), |d| d.to_string())
}

fn best(i: &Incident, role: vigil_model::Role) -> String {
    i.attributes
        .get(&role)
        .map_or_else(|| "-".into(), |a| a.best.text.clone())
}

/// `vigil incidents list`.
pub fn list(out: &mut impl Write, inc: &Incidents, json: bool) -> Result<()> {
    let all = inc.incidents();
    if json {
        for i in &all {
            serde_json::to_writer(&mut *out, i)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    for i in &all {
        let docs: BTreeSet<&str> = i.members.iter().map(|m| m.document.as_str()).collect();
        writeln!(
            out,
            "{}  {:<18} {:<10}  {:<20} {:>2} reports  killed {}  perpetrator {}",
            i.id,
            i.kind.as_str(),
            day(i.date),
            i.place.as_ref().map_or("-", |p| p.name.as_str()),
            docs.len(),
            best(i, vigil_model::Role::Killed),
            best(i, vigil_model::Role::PerpetratorOrg),
        )?;
    }
    writeln!(out, "{} incidents", all.len())?;
    Ok(())
}

/// `vigil incidents show ID [--why]`.
pub fn show(out: &mut impl Write, inc: &Incidents, id: &str, why: bool, json: bool) -> Result<()> {
    let Some(i) = inc.incidents().into_iter().find(|i| i.id == id) else {
        bail!("no incident {id} (see `vigil incidents list`)");
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &i)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}  {}  {}  {}",
        i.id,
        i.kind.as_str(),
        day(i.date),
        i.place.as_ref().map_or("-", |p| p.name.as_str())
    )?;
    writeln!(out, "reports:")?;
    for m in &i.members {
        let sentence = m.data.evidence.first().map_or("", |e| e.text.as_str());
        writeln!(
            out,
            "  {}  {}  {}  {}",
            day(m.published),
            m.source,
            m.event,
            sentence
        )?;
    }
    for (role, a) in &i.attributes {
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
        if i.joins.is_empty() {
            writeln!(out, "  one report")?;
        }
        for j in &i.joins {
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

/// `vigil incidents split ID EVENT...`: records the decision and prints the two incidents.
pub fn split(
    out: &mut impl Write,
    store: &mut dyn Store,
    inc: &mut Incidents,
    id: &str,
    events: &[String],
) -> Result<()> {
    let Some(groups) = inc.split_decision(id, events) else {
        bail!(
            "cannot split {id}: name one or more of its events, not all (see `vigil incidents show {id}`)"
        );
    };
    let stored: Vec<Vec<String>> = groups.iter().map(|g| g.iter().cloned().collect()).collect();
    store.add_incident_split(&stored)?;
    inc.keep_apart(groups.clone());
    for g in &groups {
        let first = g.iter().next().expect("non-empty group");
        if let Some(i) = inc
            .incidents()
            .into_iter()
            .find(|i| i.members.iter().any(|m| &m.event == first))
        {
            writeln!(out, "{}: {} reports", i.id, i.members.len())?;
        }
    }
    Ok(())
}

/// `vigil changes --since DATE`.
pub fn changes(
    out: &mut impl Write,
    store: &dyn Store,
    since: Option<Date>,
    json: bool,
) -> Result<()> {
    let docs = corpus(store)?;
    let splits = vigil_server::views::splits(store)?;
    for c in vigil_incident::changes(&docs, &splits)
        .into_iter()
        .filter(|c| since.is_none_or(|s| c.published.is_some_and(|p| p >= s)))
    {
        if json {
            serde_json::to_writer(&mut *out, &c)?;
            writeln!(out)?;
        } else {
            let what = match (&c.before, c.attribute.is_empty()) {
                (_, true) => format!("new {}", c.after),
                (Some(b), false) => format!("{}: {} -> {}", c.attribute, b, c.after),
                (None, false) => format!("{}: {}", c.attribute, c.after),
            };
            writeln!(
                out,
                "{}  {}  {:<9} {}  ({}, {})",
                day(c.published),
                c.incident,
                serde_json::to_value(c.kind)?.as_str().unwrap_or(""),
                what,
                c.source,
                c.document
            )?;
        }
    }
    Ok(())
}

/// `vigil claims [--actor ID] [--disputed]`.
pub fn claims(
    out: &mut impl Write,
    store: &dyn Store,
    actor: Option<&str>,
    disputed: bool,
    json: bool,
) -> Result<()> {
    let (docs, inc) = incidents(store)?;
    let entries = vigil_incident::ledger(&docs, &inc);
    for e in entries.iter().filter(|e| {
        (!disputed || e.disputed) && actor.is_none_or(|a| e.actor.eq_ignore_ascii_case(a))
    }) {
        if json {
            serde_json::to_writer(&mut *out, e)?;
            writeln!(out)?;
            continue;
        }
        writeln!(
            out,
            "{} by {}{}{}",
            e.kind,
            e.actor,
            e.incident
                .as_ref()
                .map_or(String::new(), |i| format!(" (incident {i})")),
            if e.disputed {
                format!(" — disputed by {}", e.disputed_by.join(", "))
            } else {
                String::new()
            }
        )?;
        for c in &e.claims {
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
        for a in &e.assessments {
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
        for r in &e.retractions {
            writeln!(
                out,
                "  retracted {}  {}  {}",
                day(r.published),
                r.source,
                r.sentence
            )?;
        }
    }
    Ok(())
}

/// `vigil picture CC [--at DATE]`.
pub fn picture(
    out: &mut impl Write,
    store: &dyn Store,
    cc: &str,
    at: Option<Date>,
    group: Option<&str>,
    json: bool,
) -> Result<()> {
    if cc.len() != 2 || !cc.chars().all(|c| c.is_ascii_alphabetic()) {
        bail!("{cc:?}: give a country as its two-letter ISO code (FR, US, NG)");
    }
    let docs = corpus(store)?;
    let p = vigil_incident::picture(&docs, cc, at, group);
    if json {
        serde_json::to_writer_pretty(&mut *out, &p)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} threat picture{}{}",
        p.country,
        group.map_or(String::new(), |g| format!(" for {g}")),
        at.map_or(String::new(), |d| format!(" at {d}"))
    )?;
    writeln!(out, "alert level changes:")?;
    if p.alerts.is_empty() {
        writeln!(out, "  none reported")?;
    }
    for a in &p.alerts {
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
        p.score,
        vigil_incident::picture::WINDOW_DAYS,
        p.drivers.len()
    )?;
    for d in &p.drivers {
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
