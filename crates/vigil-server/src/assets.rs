//! The dashboard: files of `assets/` and the world map, built into the binary.

use crate::error::ApiError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

fn file(name: &str) -> Option<Response> {
    let (_, bytes) = FILES.iter().find(|(n, _)| *n == name)?;
    Some(([(header::CONTENT_TYPE, content_type(name))], *bytes).into_response())
}

/// `/`: the dashboard's page.
pub async fn index() -> Response {
    file("index.html")
        .unwrap_or_else(|| ApiError::not_found("no dashboard built in").into_response())
}

/// `/assets/{file}`.
pub async fn asset(Path(name): Path<String>) -> Response {
    file(&name).unwrap_or_else(|| ApiError::not_found(format!("no asset {name:?}")).into_response())
}
