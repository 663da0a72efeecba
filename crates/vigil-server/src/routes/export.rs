//! Exports and names: the events a selection holds as a file (`/api/v1/export`, the
//! dashboard's export button), and the actor dictionary's names as one types
//! (`/api/v1/actors`).

use crate::error::ApiError;
use crate::handler::{ok, Ctx};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vigil_corpus::export::{self, Format};
use vigil_corpus::filters::suggest_actors;

/// The most events one export holds.
pub const MAX_EXPORT: usize = 100_000;

/// `GET /api/v1/export?format=csv|geojson|jsonl|parquet&…filters`.
pub(super) fn events(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let name = p.text("format").unwrap_or_else(|| "csv".into());
    let format = Format::parse(&name).ok_or_else(|| {
        let all: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
        ApiError::bad_parameter(format!("format: one of {}, not {name:?}", all.join(", ")))
    })?;
    let mut q = p.event_query(cx.store)?;
    q.limit = Some(MAX_EXPORT + 1);
    let found = cx.store.query(&q)?;
    if found.len() > MAX_EXPORT {
        return Err(ApiError::bad_parameter(format!(
            "more than {MAX_EXPORT} events: narrow the filters"
        )));
    }
    let mut body = Vec::new();
    export::write(format, &mut body, &found)?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"vigil-events.{}\"",
                    format.extension()
                ),
            ),
        ],
        body,
    )
        .into_response())
}

/// `GET /api/v1/actors?q=isl`: dictionary actors whose name or an alias starts with (else
/// holds) the text.
pub(super) fn actors(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let q = cx
        .req
        .params
        .text("q")
        .ok_or_else(|| ApiError::bad_parameter("q: give the start of a name"))?;
    let items: Vec<_> = suggest_actors(&q, 12)
        .into_iter()
        .map(|(id, name, alias)| json!({"id": id, "name": name, "matched": alias}))
        .collect();
    ok(&json!({ "items": items }))
}
