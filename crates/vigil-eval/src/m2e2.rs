//! M2E2 text events: Voice of America sentences with ACE event types, read from the zip file
//! as shipped and grouped back into their articles (sentences in order, one per line; the
//! sentences M2E2 left out stay out).

use crate::wikievents::char_to_byte;
use crate::{build_event, finish_doc, Error};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use vigil_model::gold::{Coverage, GoldDoc};

const ENTRY: &str = "m2e2_annotations/text_only_event.json";

#[derive(Deserialize)]
struct Trigger {
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct Arg {
    role: String,
    start: usize,
    end: usize,
    text: String,
}

#[derive(Deserialize)]
struct Mention {
    trigger: Trigger,
    event_type: String,
    #[serde(default)]
    arguments: Vec<Arg>,
}

#[derive(Deserialize)]
struct Sentence {
    sentence_id: String,
    sentence_start: usize,
    sentence: String,
    words: Vec<String>,
    index: Vec<(String, String)>,
    #[serde(rename = "golden-event-mentions", default)]
    events: Vec<Mention>,
}

/// Reads M2E2's text-only events from its zip file.
///
/// # Errors
/// The zip file or the JSON inside it is unreadable or not M2E2's.
pub fn read(path: &Path) -> Result<Vec<GoldDoc>, Error> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    let json = zip_entry(&bytes, ENTRY).map_err(|m| Error::at(&shown, 0, m))?;
    let sentences: Vec<Sentence> =
        serde_json::from_slice(&json).map_err(|e| Error::at(&shown, 0, e))?;
    // Article id → sentences by their number.
    let mut docs: BTreeMap<String, BTreeMap<usize, Sentence>> = BTreeMap::new();
    for s in sentences {
        let Some((doc, n)) = s.sentence_id.rsplit_once('_') else {
            return Err(Error::at(
                &shown,
                0,
                format!("sentence id {} has no number", s.sentence_id),
            ));
        };
        let n: usize = n
            .parse()
            .map_err(|_| Error::at(&shown, 0, format!("sentence id {}", s.sentence_id)))?;
        docs.entry(doc.to_string()).or_default().insert(n, s);
    }
    let mut out = Vec::new();
    for (id, sents) in docs {
        let mut doc = GoldDoc {
            id,
            coverage: Coverage::Complete,
            ..GoldDoc::default()
        };
        for s in sents.values() {
            if !doc.text.is_empty() {
                doc.text.push('\n');
            }
            let base = doc.text.len();
            doc.text.push_str(&s.sentence);
            doc.sentences.push(base..doc.text.len());
            let bytes_of = char_to_byte(&s.sentence);
            let tokens: Vec<std::ops::Range<usize>> = s
                .index
                .iter()
                .map(|(a, b)| {
                    let a: usize = a.parse().unwrap_or(0);
                    let b: usize = b.parse().unwrap_or(0);
                    let at = |c: usize| {
                        base + bytes_of
                            .get(c.saturating_sub(s.sentence_start))
                            .copied()
                            .unwrap_or(s.sentence.len())
                    };
                    at(a)..at(b + 1)
                })
                .collect();
            if tokens.len() != s.words.len() {
                return Err(Error::at(
                    &shown,
                    0,
                    format!(
                        "{}: {} offsets for {} words",
                        s.sentence_id,
                        tokens.len(),
                        s.words.len()
                    ),
                ));
            }
            let span = |a: usize, b: usize| -> Option<std::ops::Range<usize>> {
                (a < b && b <= tokens.len()).then(|| tokens[a].start..tokens[b - 1].end)
            };
            for m in &s.events {
                let args = m
                    .arguments
                    .iter()
                    .map(|a| (a.role.as_str(), a.text.as_str(), span(a.start, a.end)));
                let text = doc.text.clone();
                let e = build_event(
                    &text,
                    &m.event_type,
                    span(m.trigger.start, m.trigger.end),
                    args,
                );
                doc.events.push(e);
            }
        }
        finish_doc(&mut doc);
        out.push(doc);
    }
    Ok(out)
}

/// The bytes of one entry of a zip archive (stored or deflated), found through the central
/// directory.
fn zip_entry(zip: &[u8], name: &str) -> Result<Vec<u8>, String> {
    let u16at = |i: usize| -> Result<usize, String> {
        zip.get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
            .ok_or_else(|| "truncated zip file".to_string())
    };
    let u32at = |i: usize| -> Result<usize, String> {
        zip.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| "truncated zip file".to_string())
    };
    let eocd = (0..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or("not a zip file (no end of central directory)")?;
    let entries = u16at(eocd + 10)?;
    let mut at = u32at(eocd + 16)?;
    for _ in 0..entries {
        if u32at(at)? != 0x0201_4b50 {
            return Err("bad central directory entry".into());
        }
        let method = u16at(at + 10)?;
        let compressed = u32at(at + 20)?;
        let name_len = u16at(at + 28)?;
        let extra_len = u16at(at + 30)?;
        let comment_len = u16at(at + 32)?;
        let local = u32at(at + 42)?;
        let entry_name = zip
            .get(at + 46..at + 46 + name_len)
            .ok_or("truncated zip file")?;
        if entry_name == name.as_bytes() {
            if u32at(local)? != 0x0403_4b50 {
                return Err("bad local header".into());
            }
            let data = local + 30 + u16at(local + 26)? + u16at(local + 28)?;
            let body = zip
                .get(data..data + compressed)
                .ok_or("truncated zip entry")?;
            return match method {
                0 => Ok(body.to_vec()),
                8 => {
                    let mut out = Vec::new();
                    flate2::read::DeflateDecoder::new(body)
                        .read_to_end(&mut out)
                        .map_err(|e| format!("{name}: {e}"))?;
                    Ok(out)
                }
                m => Err(format!("{name}: compression method {m} not supported")),
            };
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    Err(format!("no {name} in the archive"))
}
