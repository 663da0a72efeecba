//! Documents: a page of documents, one document with its text cut at every evidence boundary,
//! full-text search over documents, and ingest of uploads (on store handles lent for its
//! store calls only).

use super::events::links;
use super::upload;
use crate::cache::Links;
use crate::error::ApiError;
use crate::handler::{json_response, ok, page, slice, Ctx, Lent};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use vigil_model::Event;

/// `GET /api/v1/documents`.
pub(super) fn list(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let all = cx.store.documents(p.flag("duplicates")?)?;
    slice(&all, limit, offset)
}

/// `GET /api/v1/search`.
pub(super) fn search(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let q = p
        .text("q")
        .ok_or_else(|| ApiError::bad_parameter("q: give a full-text query"))?;
    let found = cx.store.search_documents(
        &q,
        p.flag("duplicates")?,
        Some(offset.saturating_add(limit) + 1),
    )?;
    let items: Vec<Value> = found
        .iter()
        .skip(offset)
        .take(limit)
        .map(|d| json!({"document": d}))
        .collect();
    page(
        &items,
        limit,
        offset,
        found.len() > offset.saturating_add(limit),
    )
}

/// The text cut at every evidence boundary; each piece lists the events whose evidence
/// covers it.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Segment<'a> {
    /// The piece of text.
    pub text: &'a str,
    /// Events it is evidence of.
    pub events: Vec<&'a str>,
}

/// Cuts `text` into [`Segment`]s by the evidence spans of `events` (spans that do not fall on
/// the text's character boundaries are left out).
pub fn segments<'a>(text: &'a str, events: &'a [Event]) -> Vec<Segment<'a>> {
    let valid = |s: usize, e: usize| {
        s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
    };
    let mut cuts = vec![0, text.len()];
    for e in events {
        for x in &e.evidence {
            if valid(x.span.start, x.span.end) {
                cuts.push(x.span.start);
                cuts.push(x.span.end);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| Segment {
            text: &text[w[0]..w[1]],
            events: events
                .iter()
                .filter(|e| {
                    e.evidence.iter().any(|x| {
                        valid(x.span.start, x.span.end)
                            && x.span.start <= w[0]
                            && w[1] <= x.span.end
                    })
                })
                .map(|e| e.id.as_str())
                .collect(),
        })
        .collect()
}

/// `GET /api/v1/documents/{id}`.
pub(super) fn one(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let id = cx.req.path("id");
    let doc = cx
        .store
        .document(id)?
        .ok_or_else(|| ApiError::not_found(format!("no document {id:?}")))?;
    let events = cx.store.events(id)?;
    let links = links(cx)?;
    let incidents: BTreeMap<&str, &str> = events
        .iter()
        .filter_map(|e| Links::incident(links.as_deref(), &e.id).map(|i| (e.id.as_str(), i)))
        .collect();
    ok(&json!({
        "document": doc.meta(),
        "text": doc.text,
        "segments": segments(&doc.text, &events),
        "events": events,
        "incidents": incidents,
    }))
}

/// `POST /api/v1/documents`. Reading the upload (fetching its URL) and extracting its events
/// take long and need no store: it borrows a store handle only to look up what is stored
/// already and to write, so that a few uploads at once never keep every handle from the
/// other requests.
pub(super) fn ingest(cx: &Lent<'_>) -> Result<Response, ApiError> {
    let Some(uploads) = &cx.st.config.uploads else {
        return Err(ApiError::read_only());
    };
    let upload = upload::read(cx.req)?;
    let mut pending = uploads.read(upload);
    cx.with_store(|store| Ok(pending.find_stored(store)?))?;
    uploads.extract(&mut pending);
    let report = cx.with_store(|store| Ok(uploads.store(pending, store)?))?;
    let status = if report.documents.is_empty() && !report.rejected.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CREATED
    };
    Ok(json_response(status, &report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_model::{EventKind, Evidence, Modality, Span};

    fn event(id: &str, spans: &[(usize, usize)]) -> Event {
        Event {
            id: id.into(),
            kind: EventKind::Attack,
            subtype: String::new(),
            modality: Modality::Asserted,
            roles: BTreeMap::new(),
            time: None,
            places: Vec::new(),
            source: None,
            links: vigil_model::Links::default(),
            confidence: 1.0,
            triggers: Vec::new(),
            evidence: spans
                .iter()
                .map(|&(s, t)| Evidence {
                    sentence: 0,
                    span: Span { start: s, end: t },
                    text: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn segments_cover_the_text_and_mark_evidence() {
        let text = "One. Two é. Three.";
        let events = vec![
            event("d#e1", &[(5, 12)]),
            event("d#e2", &[(0, 12)]),
            event("d#e3", &[(9, 10)]),
        ];
        let segs = segments(text, &events);
        let joined: String = segs.iter().map(|s| s.text).collect();
        assert_eq!(joined, text);
        assert_eq!(
            segs[0],
            Segment {
                text: "One. ",
                events: vec!["d#e2"]
            }
        );
        assert_eq!(
            segs[1],
            Segment {
                text: "Two é.",
                events: vec!["d#e1", "d#e2"]
            }
        );
        // d#e3's span ends inside "é": left out.
        assert_eq!(
            segs[2],
            Segment {
                text: " Three.",
                events: vec![]
            }
        );
        assert_eq!(segs.len(), 3);
    }
}
