//! Countries: a country's threat picture, and the countries the stored events are in.

use crate::error::ApiError;
use crate::handler::{ok, Ctx};
use axum::response::Response;
use serde_json::{json, Value};

use vigil_corpus::atlas::country_name;

/// `GET /api/v1/picture/{country}`.
pub(super) fn picture(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let country = vigil_corpus::views::country_code(cx.req.path("country"))?;
    let views = cx.views()?;
    let target = cx.req.params.text("target");
    let at = cx.req.params.date("at")?;
    ok(&views.picture(&country, at, target.as_deref())?)
}

/// `GET /api/v1/ranking`: countries by their threat picture's indicator, highest first.
pub(super) fn ranking(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let views = cx.views()?;
    let stats = cx.st.views.stats(cx.store)?;
    let all: Vec<Value> = views
        .ranking()
        .iter()
        .map(|r| {
            let mut v = json!(r);
            v["events"] = json!(stats.events_by_country.get(&r.code).copied().unwrap_or(0));
            v
        })
        .collect();
    ok(&all)
}

/// `GET /api/v1/countries`.
pub(super) fn countries(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let stats = cx.st.views.stats(cx.store)?;
    let all: Vec<Value> = stats
        .events_by_country
        .iter()
        .map(|(code, n)| json!({"code": code, "name": country_name(code), "events": n}))
        .collect();
    ok(&all)
}
