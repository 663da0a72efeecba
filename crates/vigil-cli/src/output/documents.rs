//! A readable summary of events for a person.

use std::io::Write;
use vigil_model::{DocumentOutput, Quantity};

/// Writes one block per document, one paragraph per event.
pub fn write(out: &mut impl Write, docs: &[DocumentOutput]) -> std::io::Result<()> {
    for d in docs {
        let title = d.document.title.as_deref().unwrap_or("(untitled)");
        let date = d
            .document
            .published
            .map(|p| p.to_string())
            .unwrap_or_else(|| "undated".into());
        writeln!(out, "== {} [{}] {}", d.document.source, date, title)?;
        if d.events.is_empty() {
            writeln!(out, "   (no events)")?;
        }
        for e in &d.events {
            write!(out, "-- {} {}", e.kind, e.subtype)?;
            write!(out, " ({}, confidence {:.2})", e.modality, e.confidence)?;
            writeln!(out)?;
            for (role, vals) in &e.roles {
                let shown: Vec<String> = vals
                    .iter()
                    .map(|v| match (&v.value, &v.id) {
                        (Some(Quantity::Number(n)), _) => format!("{n} [{}]", v.text),
                        (Some(Quantity::Symbol(s)), _) if role.as_str() != "attack" => {
                            format!("{s} [{}]", v.text)
                        }
                        (_, Some(id)) if !id.contains('#') => format!("{} <{id}>", v.text),
                        (_, Some(id)) => format!("→ {id}"),
                        _ => v.text.clone(),
                    })
                    .collect();
                writeln!(out, "     {:<22} {}", role.as_str(), shown.join("; "))?;
            }
            if let Some(t) = &e.time {
                let when = match (t.start, t.end) {
                    (Some(s), Some(en)) if s == en => s.to_string(),
                    (Some(s), Some(en)) => format!("{s} .. {en}"),
                    _ => "unresolved".into(),
                };
                writeln!(
                    out,
                    "     {:<22} {} ({}, {})",
                    "time", t.text, when, t.precision
                )?;
            }
            for p in &e.places {
                let cc = p.country.as_deref().unwrap_or("-");
                writeln!(
                    out,
                    "     {:<22} {} → {} ({cc}, {})",
                    "place", p.text, p.name, p.precision
                )?;
            }
            if let Some(s) = &e.source {
                writeln!(out, "     {:<22} {}", "according to", s.text)?;
            }
            for ev in &e.evidence {
                writeln!(out, "     evidence [{}] {}", ev.sentence, ev.text)?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
