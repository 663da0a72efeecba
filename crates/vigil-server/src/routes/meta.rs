//! About the service: the store's counts and this API's description.

use crate::error::ApiError;
use crate::handler::{ok, Ctx};
use axum::response::Response;
use serde_json::Value;

/// `GET /api/v1/stats`.
pub(super) fn stats(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    ok(&*cx.st.views.stats(cx.store)?)
}

/// `GET /api/openapi.json`.
pub(super) fn openapi(_: &mut Ctx<'_>) -> Result<Response, ApiError> {
    static DOC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    ok(DOC.get_or_init(super::openapi))
}
