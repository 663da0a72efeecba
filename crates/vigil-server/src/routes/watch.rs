//! Watch rules: list with match counts, a rule's matches, create or replace, remove.

use super::events::{links, records};
use crate::error::ApiError;
use crate::handler::{json_response, page, slice, Ctx};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use vigil_corpus::watch::{check_rule, matches_marked, rule, rule_statuses};
use vigil_store::{EventRecord, WatchRule};

/// `GET /api/v1/watch`.
pub(super) fn rules(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let mut all = Vec::new();
    for status in rule_statuses(cx.store)? {
        let mut v =
            serde_json::to_value(&status.rule).map_err(|e| ApiError::internal(e.to_string()))?;
        v["matches"] = json!(status.matches);
        v["new"] = json!(status.new);
        all.push(v);
    }
    page(&all, crate::params::MAX_LIMIT, 0, false)
}

/// `GET /api/v1/watch/{name}/matches`.
pub(super) fn matches(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let (limit, offset) = cx.req.params.page()?;
    let rule = rule(cx.store, cx.req.path("name"))?;
    let (found, delivered): (Vec<EventRecord>, Vec<bool>) =
        matches_marked(cx.store, &rule)?.into_iter().unzip();
    let links = links(cx)?;
    let all: Vec<Value> = records(&found, links.as_deref())
        .into_iter()
        .zip(delivered)
        .map(|(r, done)| {
            let mut v = serde_json::to_value(&r).unwrap_or(Value::Null);
            v["delivered"] = json!(done);
            v
        })
        .collect();
    slice(&all, limit, offset)
}

/// `POST /api/v1/watch`.
pub(super) fn put(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    if !cx.req.content_type.starts_with("application/json") {
        return Err(ApiError::unsupported_media_type(
            "a watch rule is sent as application/json",
        ));
    }
    let rule: WatchRule = serde_json::from_slice(&cx.req.body)
        .map_err(|e| ApiError::bad_body(format!("not a watch rule: {e}")))?;
    check_rule(cx.store, &rule)?;
    cx.store.put_watch_rule(&rule)?;
    Ok(json_response(StatusCode::CREATED, &rule))
}

/// `DELETE /api/v1/watch/{name}`.
pub(super) fn delete(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let name = cx.req.path("name");
    if cx.store.remove_watch_rule(name)? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("no watch rule {name:?}")))
    }
}
