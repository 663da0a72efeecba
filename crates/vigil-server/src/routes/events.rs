//! Events: a page of events matching the filters, one event, events per day.

use crate::cache::Links;
use crate::error::ApiError;
use crate::handler::{ok, page, Ctx};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use vigil_model::{Date, EventKind};
use vigil_store::EventRecord;

/// An event record with its incident.
#[derive(Serialize)]
pub(super) struct RecordOut<'a> {
    #[serde(flatten)]
    pub record: &'a EventRecord,
    pub incident: Option<&'a str>,
}

/// Each record with its incident (none when there are no `links` yet).
pub(super) fn records<'a>(
    records: &'a [EventRecord],
    links: Option<&'a Links>,
) -> Vec<RecordOut<'a>> {
    records
        .iter()
        .map(|r| RecordOut {
            record: r,
            incident: Links::incident(links, &r.event.id),
        })
        .collect()
}

/// The incident links for event records: those of the views as last computed, never waited
/// for (an event query takes milliseconds, computing the views of a large store most of a
/// minute). When they are behind the store's revision, the views are brought up to it on a
/// thread of their own (one at a time) and the pool's handle for the views, for the requests
/// that follow.
pub(super) fn links(cx: &Ctx<'_>) -> Result<Option<Arc<Links>>, ApiError> {
    let links = cx.st.views.links();
    if links.as_ref().map(|l| l.revision) != Some(cx.store.revision()?) {
        let st = Arc::clone(cx.st);
        cx.st
            .views
            .refresh_in_background(move || st.refresh_views());
    }
    Ok(links)
}

/// A page of event records written around the events' stored JSON (the hot path of the API:
/// the same bytes as a page of [`RecordOut`]s, without decoding and re-encoding events).
fn json_page_of_records(
    found: &[vigil_store::JsonRecord],
    links: Option<&Links>,
    limit: usize,
    offset: usize,
    more: bool,
) -> Response {
    let mut body = String::with_capacity(found.iter().map(|r| r.event.len() + 400).sum());
    body.push_str("{\"items\":[");
    for (i, r) in found.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str("{\"document\":");
        body.push_str(&serde_json::to_string(&r.document).unwrap_or_default());
        body.push_str(",\"event\":");
        body.push_str(&r.event);
        body.push_str(",\"event_date\":");
        body.push_str(&serde_json::to_string(&r.event_date).unwrap_or_default());
        body.push_str(",\"incident\":");
        body.push_str(&serde_json::to_string(&Links::incident(links, &r.id)).unwrap_or_default());
        body.push('}');
    }
    body.push_str(&format!(
        "],\"limit\":{limit},\"next_offset\":{},\"offset\":{offset}}}",
        if more {
            (offset + found.len()).to_string()
        } else {
            "null".into()
        }
    ));
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `GET /api/v1/events`.
pub(super) fn list(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let mut q = p.event_query(cx.store)?;
    match p.text("order").as_deref() {
        None | Some("oldest") => {}
        Some("newest") => return newest_first(cx, q, limit, offset),
        Some(o) => {
            return Err(ApiError::bad_parameter(format!(
                "order: oldest or newest, not {o:?}"
            )))
        }
    }
    q.limit = Some(limit + 1);
    q.offset = Some(offset);
    let mut found = cx.store.query_json(&q)?;
    let more = found.len() > limit;
    found.truncate(limit);
    let links = links(cx)?;
    Ok(json_page_of_records(
        &found,
        links.as_deref(),
        limit,
        offset,
        more,
    ))
}

/// A page of events newest first (undated ones still last): the query's event ids in store
/// order, the dated ones reversed, then the page's records read by document.
fn newest_first(
    cx: &mut Ctx<'_>,
    mut q: vigil_store::Query,
    limit: usize,
    offset: usize,
) -> Result<Response, ApiError> {
    q.limit = None;
    q.offset = None;
    let all = cx.store.event_ids(&q)?;
    let mut dated_q = q.clone();
    if dated_q.to.is_none() {
        // A bound far past any real date: only dated events pass.
        dated_q.to = Some(Date::from_days(2_900_000));
    }
    let dated = cx.store.event_ids(&dated_q)?;
    let dated_set: BTreeSet<&str> = dated.iter().map(String::as_str).collect();
    let ordered: Vec<&String> = dated
        .iter()
        .rev()
        .chain(all.iter().filter(|i| !dated_set.contains(i.as_str())))
        .collect();
    let mut found = Vec::new();
    let mut docs: BTreeMap<&str, (vigil_store::StoredDoc, Vec<vigil_model::Event>)> =
        BTreeMap::new();
    for id in ordered.iter().skip(offset).take(limit) {
        let doc_id = id.split('#').next().unwrap_or("");
        if !docs.contains_key(doc_id) {
            let Some(doc) = cx.store.document(doc_id)? else {
                continue;
            };
            let events = cx.store.events(doc_id)?;
            docs.insert(doc_id, (doc, events));
        }
        let (doc, events) = &docs[doc_id];
        if let Some(e) = events.iter().find(|e| &e.id == *id) {
            found.push(EventRecord {
                event_date: vigil_store::event_date(e, doc.published),
                event: e.clone(),
                document: doc.meta(),
            });
        }
    }
    let links = links(cx)?;
    let more = ordered.len() > offset + limit;
    page(&records(&found, links.as_deref()), limit, offset, more)
}

/// `GET /api/v1/events/{id}`.
pub(super) fn one(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let id = cx.req.path("id");
    let doc_id = id.split('#').next().unwrap_or("");
    let doc = cx
        .store
        .document(doc_id)?
        .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?;
    let event = cx
        .store
        .events(doc_id)?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?;
    let record = EventRecord {
        event_date: vigil_store::event_date(&event, doc.published),
        event,
        document: doc.meta(),
    };
    let links = links(cx)?;
    ok(&records(std::slice::from_ref(&record), links.as_deref())[0])
}

/// `GET /api/v1/timeline`.
pub(super) fn timeline(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let q = cx.req.params.event_query(cx.store)?;
    let mut days: BTreeMap<Date, BTreeMap<EventKind, u64>> = BTreeMap::new();
    let mut kinds = BTreeSet::new();
    let mut undated = 0;
    for c in cx.store.timeline(&q)? {
        kinds.insert(c.kind);
        match c.date {
            Some(d) => *days.entry(d).or_default().entry(c.kind).or_default() += c.count,
            None => undated += c.count,
        }
    }
    let days: Vec<Value> = days
        .into_iter()
        .map(|(date, counts)| json!({"date": date, "counts": counts}))
        .collect();
    ok(&json!({"kinds": kinds, "days": days, "undated": undated}))
}
