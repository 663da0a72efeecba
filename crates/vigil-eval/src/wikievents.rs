//! WikiEvents (Li, Ji & Han 2021): the original layout of the dev split (text, sentences with
//! character offsets, entity mentions, events with argument entity ids) and the derived layout
//! of the train split (tokens, events with argument text only).

use crate::detok::{rebuild, sentence_breaks};
use crate::{build_event, finish_doc, Error};
use serde::Deserialize;
use std::collections::HashMap;
use vigil_model::gold::{Coverage, GoldDoc};

#[derive(Deserialize)]
struct Trigger {
    #[serde(alias = "start_idx")]
    start: usize,
    #[serde(alias = "end_idx")]
    end: usize,
}

#[derive(Deserialize)]
struct Arg {
    #[serde(default)]
    entity_id: Option<String>,
    role: String,
    text: String,
}

#[derive(Deserialize)]
struct Mention {
    event_type: String,
    trigger: Trigger,
    #[serde(default)]
    arguments: Vec<Arg>,
}

#[derive(Deserialize)]
struct Entity {
    id: String,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct Line {
    #[serde(alias = "docid")]
    doc_id: String,
    tokens: Vec<String>,
    #[serde(default)]
    text: Option<String>,
    /// Original layout: `[[[token, start, end], …], sentence text]` per sentence.
    #[serde(default)]
    sentences: serde_json::Value,
    #[serde(default)]
    entity_mentions: Vec<Entity>,
    event_mentions: Vec<Mention>,
}

/// Reads a WikiEvents JSONL file of either layout.
///
/// # Errors
/// A line that is not a WikiEvents document (names file and line).
pub fn read(path: &str, body: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(line).map_err(|e| Error::at(path, n + 1, e))?;
        out.push(document(l).map_err(|m| Error::at(path, n + 1, m))?);
    }
    Ok(out)
}

fn document(l: Line) -> Result<GoldDoc, String> {
    // Token byte ranges and sentence ranges.
    let (text, tokens, sentences) = match (&l.text, l.sentences.as_array()) {
        (Some(text), Some(sents)) => {
            // The release's character offsets drift in a few documents: each token is found by
            // search from the end of the one before, its offsets only a fallback.
            let byte = char_to_byte(text);
            let conv = |c: usize| byte.get(c).copied().unwrap_or(text.len());
            let mut toks: Vec<std::ops::Range<usize>> = Vec::new();
            let mut sentences = Vec::new();
            let mut cursor = 0;
            for s in sents {
                let words = s
                    .get(0)
                    .and_then(|w| w.as_array())
                    .ok_or("sentence without tokens")?;
                let first = toks.len();
                for w in words {
                    let a = w.as_array().ok_or("token is not [text, start, end]")?;
                    let (Some(word), Some(st), Some(en)) = (
                        a.first().and_then(serde_json::Value::as_str),
                        a.get(1).and_then(serde_json::Value::as_u64),
                        a.get(2).and_then(serde_json::Value::as_u64),
                    ) else {
                        return Err("token without text and offsets".into());
                    };
                    let found = text
                        .get(cursor..)
                        .and_then(|rest| rest.find(word))
                        .filter(|&k| k < 64 && !word.is_empty())
                        .map(|k| cursor + k..cursor + k + word.len());
                    let r = found.unwrap_or_else(|| conv(st as usize)..conv(en as usize));
                    cursor = r.end.max(cursor);
                    toks.push(r);
                }
                if toks.len() > first {
                    sentences.push(toks[first].start..toks[toks.len() - 1].end);
                }
            }
            (text.clone(), toks, sentences)
        }
        _ => {
            let breaks = sentence_breaks(&l.tokens);
            let r = rebuild(&l.tokens, &breaks);
            let mut sents = Vec::new();
            let mut start = 0;
            for &b in breaks.iter().chain(std::iter::once(&l.tokens.len())) {
                if b > start {
                    sents.push(r.tokens[start].start..r.tokens[b - 1].end);
                }
                start = b;
            }
            (r.text, r.tokens, sents)
        }
    };
    if tokens.len() != l.tokens.len() {
        return Err(format!(
            "{}: {} tokens in the sentences, {} listed",
            l.doc_id,
            tokens.len(),
            l.tokens.len()
        ));
    }
    let entities: HashMap<&str, (usize, usize)> = l
        .entity_mentions
        .iter()
        .map(|e| (e.id.as_str(), (e.start, e.end)))
        .collect();
    let span = |s: usize, e: usize| -> Option<std::ops::Range<usize>> {
        (s < e && e <= tokens.len()).then(|| tokens[s].start..tokens[e - 1].end)
    };
    let mut doc = GoldDoc {
        id: l.doc_id.clone(),
        text,
        sentences,
        coverage: Coverage::Complete,
        ..GoldDoc::default()
    };
    for m in &l.event_mentions {
        let trigger = span(m.trigger.start, m.trigger.end);
        let args = m.arguments.iter().map(|a| {
            let at = a
                .entity_id
                .as_deref()
                .and_then(|id| entities.get(id))
                .and_then(|&(s, e)| span(s, e));
            (a.role.as_str(), a.text.as_str(), at)
        });
        doc.events
            .push(build_event(&doc.text, &m.event_type, trigger, args));
    }
    finish_doc(&mut doc);
    Ok(doc)
}

/// Byte offset of every character offset (one extra for the end).
pub(crate) fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}
