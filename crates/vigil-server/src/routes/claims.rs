//! Claims and assessments: the claim–assessment ledger, and every assessment with the claim it
//! judges.

use crate::error::ApiError;
use crate::handler::{slice, Ctx};
use axum::response::Response;
use serde_json::{json, Value};
use vigil_corpus::filters::ActorFilter;
use vigil_corpus::views::{claims_actor, select_claims};
use vigil_incident::LedgerEntry;

/// `GET /api/v1/claims`.
pub(super) fn claims(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let disputed = p.flag("disputed")?;
    let views = cx.views()?;
    let actor = actor_filter(cx, views.ledger())?;
    let all = select_claims(views.ledger(), actor.as_ref(), disputed);
    slice(&all, limit, offset)
}

/// `GET /api/v1/assessments`.
pub(super) fn assessments(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let views = cx.views()?;
    let actor = actor_filter(cx, views.ledger())?;
    let all: Vec<Value> = select_claims(views.ledger(), actor.as_ref(), false)
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

/// The `actor` and `with_affiliates` parameters, resolved as the CLI resolves them.
fn actor_filter(cx: &Ctx<'_>, ledger: &[LedgerEntry]) -> Result<Option<ActorFilter>, ApiError> {
    let p = &cx.req.params;
    let with = p.flag("with_affiliates")?;
    Ok(p.text("actor")
        .map(|a| claims_actor(ledger, &a, with))
        .transpose()?)
}
