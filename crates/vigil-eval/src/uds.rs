//! UDS "It Happened" v2: sentences (tokens joined by single spaces) with a factuality score in
//! [-3, 3] for each predicate: did the event it names happen?

use crate::Error;
use serde::Deserialize;
use vigil_model::gold::{Coverage, GoldDoc, GoldEvent};

#[derive(Deserialize)]
struct Target {
    span1: (usize, usize),
    label: f32,
}

#[derive(Deserialize)]
struct Line {
    text: String,
    targets: Vec<Target>,
    idx: usize,
}

/// Reads a UDS-IH2 JSON-lines split.
///
/// # Errors
/// A line that is not a UDS sentence (names file and line).
pub fn read(path: &str, body: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(line).map_err(|e| Error::at(path, n + 1, e))?;
        let mut starts = Vec::new();
        let mut at = 0;
        for w in l.text.split(' ') {
            starts.push(at..at + w.len());
            at += w.len() + 1;
        }
        let mut doc = GoldDoc {
            id: format!("uds-{}", l.idx),
            sentences: std::iter::once(0..l.text.len()).collect(),
            coverage: Coverage::None,
            ..GoldDoc::default()
        };
        for t in &l.targets {
            let (s, e) = t.span1;
            if s >= e || e > starts.len() {
                return Err(Error::at(
                    path,
                    n + 1,
                    format!("predicate {s}..{e} outside the sentence"),
                ));
            }
            doc.events.push(GoldEvent {
                source_type: "predicate".into(),
                trigger: Some(starts[s].start..starts[e - 1].end),
                factuality: Some(t.label),
                ..GoldEvent::default()
            });
        }
        doc.text = l.text;
        out.push(doc);
    }
    Ok(out)
}
