//! The route handlers: parameters checked, store work on a blocking thread, JSON out.

use crate::cancel;
use crate::error::ApiError;
use crate::multipart;
use crate::params::Params;
use crate::routes::{Op, Route};
use crate::views::{watch_matches, Views};
use crate::{AppState, Upload};
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;
use vigil_incident::Incident;
use vigil_model::{Date, Event, EventKind, Quantity, Role};
use vigil_store::{EventRecord, Query, Store, WatchRule};

include!(concat!(env!("OUT_DIR"), "/country_names.rs"));

/// A strong ETag over a body: two independent 64-bit hashes of it (with its length), quoted.
/// Not a cryptographic digest — an ETag only has to change when the body does.
pub fn etag(body: &[u8]) -> String {
    use std::hash::Hasher;
    let mut a = rustc_hash::FxHasher::default();
    let mut b = std::hash::DefaultHasher::new();
    a.write(body);
    b.write_usize(body.len());
    b.write(&body[..body.len().min(4096)]);
    b.write(&body[body.len().saturating_sub(4096)..]);
    format!("\"{:016x}{:016x}\"", a.finish(), b.finish())
}

fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => ApiError::internal(e.to_string()).into_response(),
    }
}

fn ok<T: Serialize + ?Sized>(value: &T) -> Result<Response, ApiError> {
    Ok(json_response(StatusCode::OK, value))
}

/// A page of `items` (`more`: whether another page follows).
fn page<T: Serialize>(
    items: &[T],
    limit: usize,
    offset: usize,
    more: bool,
) -> Result<Response, ApiError> {
    ok(&json!({
        "items": items,
        "offset": offset,
        "limit": limit,
        "next_offset": if more { Some(offset + items.len()) } else { None },
    }))
}

/// A page of event records written around the events' stored JSON (the hot path of the API:
/// the same bytes as [`page`] over [`RecordOut`]s, without decoding and re-encoding events).
fn json_page_of_records(
    found: &[vigil_store::JsonRecord],
    views: &Views,
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
        body.push_str(&serde_json::to_string(&views.incident_of.get(&r.id)).unwrap_or_default());
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

/// A page cut from a whole list.
fn slice<T: Serialize>(all: &[T], limit: usize, offset: usize) -> Result<Response, ApiError> {
    let from = offset.min(all.len());
    let to = offset.saturating_add(limit).min(all.len());
    page(&all[from..to], limit, offset, to < all.len())
}

/// Handles one request of `route`.
pub async fn dispatch(route: &'static Route, st: Arc<AppState>, req: Request) -> Response {
    match handle(route, st, req).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn handle(
    route: &'static Route,
    st: Arc<AppState>,
    req: Request,
) -> Result<Response, ApiError> {
    let (mut parts, body) = req.into_parts();
    let path: BTreeMap<String, String> = if route.path.contains('{') {
        Path::<BTreeMap<String, String>>::from_request_parts(&mut parts, &st)
            .await
            .map_err(|e| ApiError::bad_parameter(e.body_text()))?
            .0
    } else {
        BTreeMap::new()
    };
    let params = Params::parse(parts.uri.query(), route.params)?;
    let mut bytes = Bytes::new();
    if route.write {
        authorize(&st, &parts.headers)?;
        let max = st.config.max_body;
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max as u64) {
            return Err(ApiError::too_large(max));
        }
        bytes = axum::body::to_bytes(body, max)
            .await
            .map_err(|_| ApiError::too_large(max))?;
    }
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let req = Req {
        path,
        params,
        content_type,
        body: bytes,
    };
    let worker = Arc::clone(&st);
    // When this future is dropped before the answer (the time limit, or the client went
    // away), the store work is interrupted instead of running on.
    let (cancel, guard) = cancel::pair();
    let answer = tokio::task::spawn_blocking(move || {
        worker.pool.with(|store| {
            let _running = cancel.start(store.interrupter())?;
            run(route.op, &worker, store, &req)
        })
    })
    .await
    .map_err(|e| ApiError::internal(format!("request handler failed: {e}")))?;
    guard.disarm();
    answer
}

fn authorize(st: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &st.config.token else {
        return Err(ApiError::read_only());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    // Compare in time independent of where the first difference is.
    let same = given.is_some_and(|g| {
        g.len() == token.len()
            && g.bytes()
                .zip(token.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    });
    if same {
        Ok(())
    } else {
        Err(ApiError::unauthorized())
    }
}

struct Req {
    path: BTreeMap<String, String>,
    params: Params,
    content_type: String,
    body: Bytes,
}

impl Req {
    fn path(&self, name: &str) -> &str {
        self.path.get(name).map_or("", String::as_str)
    }
}

/// An event record with its incident.
#[derive(Serialize)]
struct RecordOut<'a> {
    #[serde(flatten)]
    record: &'a EventRecord,
    incident: Option<&'a str>,
}

fn records<'a>(records: &'a [EventRecord], views: &'a Views) -> Vec<RecordOut<'a>> {
    records
        .iter()
        .map(|r| RecordOut {
            record: r,
            incident: views.incident_of.get(&r.event.id).map(String::as_str),
        })
        .collect()
}

fn run(op: Op, st: &AppState, store: &mut dyn Store, req: &Req) -> Result<Response, ApiError> {
    let p = &req.params;
    match op {
        Op::OpenApi => {
            static DOC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
            ok(DOC.get_or_init(crate::openapi))
        }
        Op::Stats => ok(&*st.views.stats(store)?),
        Op::Events => {
            let (limit, offset) = p.page()?;
            let mut q = p.event_query()?;
            q.limit = Some(limit + 1);
            q.offset = Some(offset);
            let mut found = store.query_json(&q)?;
            let more = found.len() > limit;
            found.truncate(limit);
            let views = st.views.get(store)?;
            Ok(json_page_of_records(&found, &views, limit, offset, more))
        }
        Op::Event => {
            let id = req.path("id");
            let doc_id = id.split('#').next().unwrap_or("");
            let doc = store
                .document(doc_id)?
                .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?;
            let event = store
                .events(doc_id)?
                .into_iter()
                .find(|e| e.id == id)
                .ok_or_else(|| ApiError::not_found(format!("no event {id:?}")))?;
            let record = EventRecord {
                event_date: vigil_store::event_date(&event, doc.published),
                event,
                document: doc.meta(),
            };
            let views = st.views.get(store)?;
            ok(&records(std::slice::from_ref(&record), &views)[0])
        }
        Op::Timeline => {
            let q = p.event_query()?;
            let mut days: BTreeMap<Date, BTreeMap<EventKind, u64>> = BTreeMap::new();
            let mut kinds = BTreeSet::new();
            let mut undated = 0;
            for c in store.timeline(&q)? {
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
        Op::Documents => {
            let (limit, offset) = p.page()?;
            let all = store.documents(p.flag("duplicates")?)?;
            slice(&all, limit, offset)
        }
        Op::Document => document(st, store, req.path("id")),
        Op::Ingest => ingest(st, store, req),
        Op::Search => {
            let (limit, offset) = p.page()?;
            let q = p
                .text("q")
                .ok_or_else(|| ApiError::bad_parameter("q: give a full-text query"))?;
            let found = store.search_documents(
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
        Op::Incidents => {
            let (limit, offset) = p.page()?;
            let kinds = p.kinds()?;
            let country = p.country("country")?;
            let (from, to) = (p.date("from")?, p.date("to")?);
            // Event filters: an incident is kept when one of its reports' events passes them.
            let q = p.event_query()?;
            let by_events = if q.actor.is_some()
                || q.place.is_some()
                || q.modality.is_some()
                || q.text.is_some()
            {
                let q = Query {
                    actor: q.actor,
                    place: q.place,
                    modality: q.modality,
                    text: q.text,
                    text_scope: q.text_scope,
                    ..Query::default()
                };
                Some(
                    store
                        .event_ids(&q)?
                        .into_iter()
                        .collect::<HashSet<String>>(),
                )
            } else {
                None
            };
            let views = st.views.get(store)?;
            let all: Vec<Value> = views
                .incidents
                .iter()
                .filter(|i| kinds.is_empty() || kinds.contains(&i.kind))
                .filter(|i| {
                    by_events
                        .as_ref()
                        .is_none_or(|ids| i.members.iter().any(|m| ids.contains(&m.event)))
                })
                .filter(|i| {
                    country.as_ref().is_none_or(|c| {
                        i.place.as_ref().and_then(|pl| pl.country.as_ref()) == Some(c)
                    })
                })
                .filter(|i| from.is_none_or(|f| i.date.is_some_and(|d| d >= f)))
                .filter(|i| to.is_none_or(|t| i.date.is_some_and(|d| d <= t)))
                .map(|i| summary(i, &views))
                .collect();
            slice(&all, limit, offset)
        }
        Op::Incident => {
            let id = req.path("id");
            let views = st.views.get(store)?;
            let i = views
                .by_id
                .get(id)
                .map(|&n| &views.incidents[n])
                .ok_or_else(|| ApiError::not_found(format!("no incident {id:?}")))?;
            let mut out = serde_json::to_value(i).map_err(|e| ApiError::internal(e.to_string()))?;
            let mut reports: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for m in &i.members {
                reports.entry(&m.document).or_default().push(&m.event);
            }
            let mut reports: Vec<Value> = reports
                .into_iter()
                .map(|(d, events)| json!({"document": store_meta(store, d), "events": events}))
                .collect();
            reports.sort_by(|a, b| {
                let key = |v: &Value| {
                    (
                        v["document"]["published"]
                            .as_str()
                            .unwrap_or("")
                            .to_string(),
                        v["document"]["id"].as_str().unwrap_or("").to_string(),
                    )
                };
                key(a).cmp(&key(b))
            });
            out["reports"] = Value::Array(reports);
            ok(&out)
        }
        Op::Claims => {
            let (limit, offset) = p.page()?;
            let actor = p.text("actor");
            let disputed = p.flag("disputed")?;
            let views = st.views.get(store)?;
            let all: Vec<_> = views
                .ledger
                .iter()
                .filter(|e| !disputed || e.disputed)
                .filter(|e| {
                    actor
                        .as_ref()
                        .is_none_or(|a| e.actor.eq_ignore_ascii_case(a))
                })
                .collect();
            slice(&all, limit, offset)
        }
        Op::Assessments => {
            let (limit, offset) = p.page()?;
            let actor = p.text("actor");
            let views = st.views.get(store)?;
            let all: Vec<Value> = views
                .ledger
                .iter()
                .filter(|e| {
                    actor
                        .as_ref()
                        .is_none_or(|a| e.actor.eq_ignore_ascii_case(a))
                })
                .flat_map(|e| {
                    e.assessments.iter().map(move |a| {
                        json!({"claim_kind": e.kind, "actor": e.actor, "incident": e.incident,
                               "disputed": e.disputed, "assessment": a})
                    })
                })
                .collect();
            slice(&all, limit, offset)
        }
        Op::Picture => {
            let cc = req.path("country");
            if cc.len() != 2 || !cc.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(ApiError::bad_parameter(format!(
                    "country: a two-letter ISO 3166-1 code (FR, US, NG), not {cc:?}"
                )));
            }
            let views = st.views.get(store)?;
            let target = p.text("target");
            ok(&vigil_incident::picture::picture_of(
                &views.docs,
                &views.incidents,
                cc,
                p.date("at")?,
                target.as_deref(),
            ))
        }
        Op::Changes => {
            let (limit, offset) = p.page()?;
            let since = p.date("since")?;
            let views = st.views.get(store)?;
            let all: Vec<_> = views
                .changes()
                .iter()
                .filter(|c| since.is_none_or(|s| c.published.is_some_and(|d| d >= s)))
                .collect();
            slice(&all, limit, offset)
        }
        Op::Countries => {
            let stats = st.views.stats(store)?;
            let all: Vec<Value> = stats
                .events_by_country
                .iter()
                .map(|(code, n)| json!({"code": code, "name": country_name(code), "events": n}))
                .collect();
            ok(&all)
        }
        Op::WatchRules => {
            let mut all = Vec::new();
            for rule in store.watch_rules()? {
                let found = watch_matches(store, &rule)?;
                let delivered = store.delivered(&rule.name)?;
                let new = found
                    .iter()
                    .filter(|r| !delivered.contains(&r.event.id))
                    .count();
                let mut v =
                    serde_json::to_value(&rule).map_err(|e| ApiError::internal(e.to_string()))?;
                v["matches"] = json!(found.len());
                v["new"] = json!(new);
                all.push(v);
            }
            page(&all, crate::params::MAX_LIMIT, 0, false)
        }
        Op::WatchMatches => {
            let (limit, offset) = p.page()?;
            let name = req.path("name");
            let rule = store
                .watch_rules()?
                .into_iter()
                .find(|r| r.name == name)
                .ok_or_else(|| ApiError::not_found(format!("no watch rule {name:?}")))?;
            let found = watch_matches(store, &rule)?;
            let delivered = store.delivered(&rule.name)?;
            let views = st.views.get(store)?;
            let all: Vec<Value> = records(&found, &views)
                .into_iter()
                .map(|r| {
                    let d = delivered.contains(&r.record.event.id);
                    let mut v = serde_json::to_value(&r).unwrap_or(Value::Null);
                    v["delivered"] = json!(d);
                    v
                })
                .collect();
            slice(&all, limit, offset)
        }
        Op::WatchPut => {
            if !req.content_type.starts_with("application/json") {
                return Err(ApiError::unsupported_media_type(
                    "a watch rule is sent as application/json",
                ));
            }
            let rule: WatchRule = serde_json::from_slice(&req.body)
                .map_err(|e| ApiError::bad_body(format!("not a watch rule: {e}")))?;
            if rule.name.trim().is_empty() {
                return Err(ApiError::bad_body("a watch rule needs a name"));
            }
            if let Some(url) = &rule.webhook {
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(ApiError::bad_body(format!(
                        "{url:?}: a webhook must be an http:// or https:// URL"
                    )));
                }
            }
            if let Some(t) = &rule.text {
                // A bad full-text query is refused now, not at the next run.
                store.query(&vigil_store::Query {
                    text: Some(t.clone()),
                    limit: Some(1),
                    ..vigil_store::Query::default()
                })?;
            }
            store.put_watch_rule(&rule)?;
            Ok(json_response(StatusCode::CREATED, &rule))
        }
        Op::WatchDelete => {
            let name = req.path("name");
            if store.remove_watch_rule(name)? {
                Ok(StatusCode::NO_CONTENT.into_response())
            } else {
                Err(ApiError::not_found(format!("no watch rule {name:?}")))
            }
        }
    }
}

fn store_meta(store: &dyn Store, id: &str) -> Value {
    store
        .document(id)
        .ok()
        .flatten()
        .map_or(json!({"id": id}), |d| json!(d.meta()))
}

fn number(i: &Incident, role: Role) -> Option<u64> {
    match i.attributes.get(&role)?.best.value.as_ref()? {
        Quantity::Number(n) => Some(*n),
        _ => None,
    }
}

/// The summary of an incident for lists and the map.
fn summary(i: &Incident, views: &Views) -> Value {
    let mut sources: Vec<&str> = Vec::new();
    let mut docs: BTreeSet<&str> = BTreeSet::new();
    for m in &i.members {
        docs.insert(&m.document);
        if !sources.contains(&m.source.as_str()) {
            sources.push(&m.source);
        }
    }
    let perpetrators: Vec<&str> = [Role::PerpetratorOrg, Role::PerpetratorIndividual]
        .iter()
        .filter_map(|r| i.attributes.get(r))
        .map(|a| a.best.text.as_str())
        .collect();
    let first = i.members.iter().min_by(|a, b| {
        (a.published.is_none(), a.published, &a.document).cmp(&(
            b.published.is_none(),
            b.published,
            &b.document,
        ))
    });
    let title = first
        .and_then(|m| views.meta.get(&m.document))
        .and_then(|d| d.title.clone());
    json!({
        "id": i.id,
        "kind": i.kind,
        "date": i.date,
        "place": i.place.as_ref().map(|p| json!({
            "name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon, "precision": p.precision,
        })),
        "killed": number(i, Role::Killed),
        "injured": number(i, Role::Injured),
        "perpetrators": perpetrators,
        "reports": docs.len(),
        "sources": sources,
        "title": title,
    })
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

fn document(st: &AppState, store: &mut dyn Store, id: &str) -> Result<Response, ApiError> {
    let doc = store
        .document(id)?
        .ok_or_else(|| ApiError::not_found(format!("no document {id:?}")))?;
    let events = store.events(id)?;
    let views = st.views.get(store)?;
    let incidents: BTreeMap<&str, &str> = events
        .iter()
        .filter_map(|e| {
            views
                .incident_of
                .get(&e.id)
                .map(|i| (e.id.as_str(), i.as_str()))
        })
        .collect();
    ok(&json!({
        "document": doc.meta(),
        "text": doc.text,
        "segments": segments(&doc.text, &events),
        "events": events,
        "incidents": incidents,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonUpload {
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

/// The name a file of this content type is given when the upload names none.
fn upload_name(content_type: &str) -> String {
    let ext = match content_type.split(';').next().unwrap_or("").trim() {
        "text/html" | "application/xhtml+xml" => "html",
        "text/plain" => "txt",
        "application/rss+xml" | "application/atom+xml" | "application/xml" | "text/xml" => "xml",
        "application/warc" => "warc",
        "application/x-ndjson" | "application/jsonl" => "jsonl",
        "application/gzip" | "application/x-gzip" => "gz",
        _ => "",
    };
    if ext.is_empty() {
        "upload".into()
    } else {
        format!("upload.{ext}")
    }
}

fn parse_published(d: Option<&str>) -> Result<Option<Date>, ApiError> {
    d.map(|d| {
        d.parse::<Date>()
            .map_err(|_| ApiError::bad_body(format!("published: not a date (YYYY-MM-DD): {d:?}")))
    })
    .transpose()
}

/// A `multipart/form-data` upload: one file part (any field with a file name, or `file`),
/// with an optional `url` field; or the fields `text` (with `title`, `url`, `published`);
/// or a `url` alone, fetched.
fn form_upload(parts: &[multipart::Part]) -> Result<Upload, ApiError> {
    const FIELDS: [&str; 5] = ["file", "text", "title", "url", "published"];
    let http = |u: &str| u.starts_with("http://") || u.starts_with("https://");
    let mut files = parts
        .iter()
        .filter(|p| p.filename.is_some() || p.name == "file");
    let file = files.next();
    if files.next().is_some() {
        return Err(ApiError::bad_body("one file per upload"));
    }
    let field = |name: &str| -> Result<Option<String>, ApiError> {
        let mut values = parts
            .iter()
            .filter(|p| p.name == name && p.filename.is_none() && p.name != "file");
        let v = values.next().map(multipart::Part::text);
        if values.next().is_some() {
            return Err(ApiError::bad_body(format!(
                "form field {name:?} given twice"
            )));
        }
        Ok(v.filter(|v| !v.trim().is_empty()))
    };
    if let Some(unknown) = parts
        .iter()
        .find(|p| p.filename.is_none() && !FIELDS.contains(&p.name.as_str()))
    {
        return Err(ApiError::bad_body(format!(
            "unknown form field {:?} (expected one of {})",
            unknown.name,
            FIELDS.join(", ")
        )));
    }
    let url = field("url")?;
    if let Some(u) = url.as_deref().filter(|u| !http(u)) {
        return Err(ApiError::bad_body(format!(
            "url: only http:// and https:// addresses, not {u:?}"
        )));
    }
    if let Some(f) = file {
        if f.body.is_empty() {
            return Err(ApiError::bad_body("the uploaded file is empty"));
        }
        return Ok(Upload::File {
            name: f
                .filename
                .clone()
                .unwrap_or_else(|| upload_name(f.content_type.as_deref().unwrap_or(""))),
            url,
            bytes: f.body.clone(),
        });
    }
    let published = parse_published(field("published")?.as_deref())?;
    match (field("text")?, url) {
        (Some(text), url) => Ok(Upload::Text {
            text,
            title: field("title")?,
            url,
            published,
        }),
        (None, Some(url)) => Ok(Upload::Url(url)),
        (None, None) => Err(ApiError::bad_body(
            "give a file, a \"text\" field or a \"url\" field",
        )),
    }
}

fn ingest(st: &AppState, store: &mut dyn Store, req: &Req) -> Result<Response, ApiError> {
    let Some(ingestor) = &st.config.ingestor else {
        return Err(ApiError::read_only());
    };
    if req.body.is_empty() {
        return Err(ApiError::bad_body("the request body is empty"));
    }
    let http = |u: &str| u.starts_with("http://") || u.starts_with("https://");
    let boundary = multipart::boundary(&req.content_type).map_err(ApiError::bad_body)?;
    let upload = if let Some(boundary) = boundary {
        form_upload(&multipart::parse(&boundary, &req.body).map_err(ApiError::bad_body)?)?
    } else if req.content_type.starts_with("application/json") {
        let j: JsonUpload = serde_json::from_slice(&req.body).map_err(|e| {
            ApiError::bad_body(format!(
                "expected {{\"text\", \"title\", \"url\", \"published\"}} or {{\"url\"}}: {e}"
            ))
        })?;
        let published = parse_published(j.published.as_deref())?;
        match (j.text, j.url) {
            (Some(text), url) if !text.trim().is_empty() => Upload::Text {
                text,
                title: j.title,
                url,
                published,
            },
            (_, Some(url)) if http(&url) => Upload::Url(url),
            (_, Some(url)) => {
                return Err(ApiError::bad_body(format!(
                    "{url:?}: only http:// and https:// URLs are fetched"
                )))
            }
            _ => return Err(ApiError::bad_body("give \"text\" or \"url\"")),
        }
    } else {
        let name = req
            .params
            .text("name")
            .unwrap_or_else(|| upload_name(&req.content_type));
        let url = req.params.text("url");
        if let Some(u) = url.as_deref().filter(|u| !http(u)) {
            return Err(ApiError::bad_parameter(format!(
                "url: only http:// and https:// addresses, not {u:?}"
            )));
        }
        Upload::File {
            name,
            url,
            bytes: req.body.to_vec(),
        }
    };
    let report = ingestor.ingest(store, upload)?;
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

    #[test]
    fn etags_differ_with_the_body() {
        assert_eq!(etag(b"a"), etag(b"a"));
        assert_ne!(etag(b"a"), etag(b"b"));
        assert!(etag(b"").starts_with('"') && etag(b"").ends_with('"'));
    }
}
