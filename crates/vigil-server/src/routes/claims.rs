//! Claims and assessments: the claim–assessment ledger, and every assessment with the claim it
//! judges.

use crate::error::ApiError;
use crate::handler::{slice, Ctx};
use axum::response::Response;
use serde_json::{json, Value};
use vigil_corpus::views::select_claims;

/// `GET /api/v1/claims`.
pub(super) fn claims(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let actor = p.text("actor");
    let disputed = p.flag("disputed")?;
    let views = cx.st.views.get(cx.store)?;
    let all = select_claims(views.ledger(), actor.as_deref(), disputed);
    slice(&all, limit, offset)
}

/// `GET /api/v1/assessments`.
pub(super) fn assessments(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let actor = p.text("actor");
    let views = cx.st.views.get(cx.store)?;
    let all: Vec<Value> = select_claims(views.ledger(), actor.as_deref(), false)
        .into_iter()
        .flat_map(|e| {
            e.assessments.iter().map(move |a| {
                json!({"claim_kind": e.kind, "actor": e.actor, "incident": e.incident,
                       "disputed": e.disputed, "assessment": a})
            })
        })
        .collect();
    slice(&all, limit, offset)
}
