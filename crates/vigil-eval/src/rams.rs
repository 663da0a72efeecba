//! RAMS 1.0 (one annotated event per five-sentence window, arguments across sentences) and
//! GENEVA (FrameNet-typed events, one sentence per line): both tokenised, with token spans.

use crate::detok::rebuild;
use crate::{build_event, finish_doc, Error};
use serde::Deserialize;
use std::collections::HashMap;
use vigil_model::gold::{Coverage, GoldDoc};

/// A trigger: first and last token, and its types with their weights.
type RamsTrigger = (usize, usize, Vec<(String, f64)>);
/// An argument link: trigger tokens, argument tokens, role.
type RamsLink = ((usize, usize), (usize, usize), String);

#[derive(Deserialize)]
struct RamsLine {
    doc_key: String,
    sentences: Vec<Vec<String>>,
    evt_triggers: Vec<RamsTrigger>,
    gold_evt_links: Vec<RamsLink>,
}

/// Reads RAMS `*.jsonlines`.
///
/// # Errors
/// A line that is not a RAMS window (names file and line).
pub fn read(path: &str, body: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: RamsLine = serde_json::from_str(line).map_err(|e| Error::at(path, n + 1, e))?;
        let tokens: Vec<&str> = l.sentences.iter().flatten().map(String::as_str).collect();
        let mut breaks = Vec::new();
        let mut at = 0;
        for s in &l.sentences {
            if at > 0 {
                breaks.push(at);
            }
            at += s.len();
        }
        let r = rebuild(&tokens, &breaks);
        let span = |s: usize, e: usize| -> Option<std::ops::Range<usize>> {
            (s <= e && e < r.tokens.len()).then(|| r.tokens[s].start..r.tokens[e].end)
        };
        let mut sentences = Vec::new();
        let mut start = 0;
        for s in &l.sentences {
            if !s.is_empty() {
                sentences.push(r.tokens[start].start..r.tokens[start + s.len() - 1].end);
            }
            start += s.len();
        }
        let mut doc = GoldDoc {
            id: l.doc_key.clone(),
            text: r.text.clone(),
            sentences,
            coverage: Coverage::Partial,
            ..GoldDoc::default()
        };
        for (ts, te, types) in &l.evt_triggers {
            let Some((t, _)) = types.first() else {
                continue;
            };
            let args: Vec<(&str, &str, Option<std::ops::Range<usize>>)> = l
                .gold_evt_links
                .iter()
                .filter(|(trig, _, _)| trig.0 == *ts && trig.1 == *te)
                .filter_map(|(_, (s, e), role)| {
                    let sp = span(*s, *e)?;
                    Some((role.as_str(), &r.text[sp.clone()], Some(sp)))
                })
                .collect();
            let trigger = span(*ts, *te);
            let e = build_event(&doc.text, t, trigger, args.into_iter());
            doc.events.push(e);
        }
        finish_doc(&mut doc);
        out.push(doc);
    }
    Ok(out)
}

#[derive(Deserialize)]
struct GenevaTrigger {
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct GenevaArg {
    entity_id: String,
    text: String,
    role: String,
}

#[derive(Deserialize)]
struct GenevaEvent {
    event_type: String,
    trigger: GenevaTrigger,
    #[serde(default)]
    arguments: Vec<GenevaArg>,
}

#[derive(Deserialize)]
struct GenevaEntity {
    id: String,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct GenevaLine {
    wnd_id: String,
    tokens: Vec<String>,
    #[serde(default)]
    entity_mentions: Vec<GenevaEntity>,
    #[serde(default)]
    event_mentions: Vec<GenevaEvent>,
}

/// Reads GENEVA's JSON lines (one sentence each).
///
/// # Errors
/// A line that is not a GENEVA sentence (names file and line).
pub fn read_geneva(path: &str, body: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: GenevaLine = serde_json::from_str(line).map_err(|e| Error::at(path, n + 1, e))?;
        let r = rebuild(&l.tokens, &[]);
        let span = |s: usize, e: usize| -> Option<std::ops::Range<usize>> {
            (s < e && e <= r.tokens.len()).then(|| r.tokens[s].start..r.tokens[e - 1].end)
        };
        let entities: HashMap<&str, (usize, usize)> = l
            .entity_mentions
            .iter()
            .map(|e| (e.id.as_str(), (e.start, e.end)))
            .collect();
        let mut doc = GoldDoc {
            id: l.wnd_id.clone(),
            text: r.text.clone(),
            sentences: std::iter::once(0..r.text.len()).collect(),
            coverage: Coverage::Complete,
            ..GoldDoc::default()
        };
        for m in &l.event_mentions {
            let args = m.arguments.iter().map(|a| {
                let sp = entities
                    .get(a.entity_id.as_str())
                    .and_then(|&(s, e)| span(s, e));
                (a.role.as_str(), a.text.as_str(), sp)
            });
            let e = build_event(
                &doc.text,
                &m.event_type,
                span(m.trigger.start, m.trigger.end),
                args,
            );
            doc.events.push(e);
        }
        finish_doc(&mut doc);
        out.push(doc);
    }
    Ok(out)
}
