//! Incidents: the same event reported by many outlets, as one; and how they changed as
//! reports came in.

use crate::error::ApiError;
use crate::handler::{ok, slice, Ctx};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use vigil_corpus::views::{changes_since, IncidentFilter};
use vigil_corpus::Views;
use vigil_incident::Incident;
use vigil_model::{Quantity, Role};
use vigil_store::Store;

/// `GET /api/v1/incidents`.
pub(super) fn list(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let filter = IncidentFilter {
        kinds: p.kinds()?,
        country: p.country("country")?,
        from: p.date("from")?,
        to: p.date("to")?,
        events: p.event_query(cx.store)?,
    };
    let views = cx.views()?;
    let all: Vec<Value> = views
        .incidents_matching(cx.store, &filter)?
        .into_iter()
        .map(|i| summary(i, &views))
        .collect();
    slice(&all, limit, offset)
}

/// `GET /api/v1/incidents/{id}`.
pub(super) fn one(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let id = cx.req.path("id");
    let views = cx.views()?;
    let i = views
        .incident(id)
        .ok_or_else(|| ApiError::not_found(format!("no incident {id:?}")))?;
    let mut out = serde_json::to_value(i).map_err(|e| ApiError::internal(e.to_string()))?;
    let mut reports: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in &i.members {
        reports.entry(&m.document).or_default().push(&m.event);
    }
    let mut reports: Vec<Value> = reports
        .into_iter()
        .map(|(d, events)| json!({"document": store_meta(cx.store, d), "events": events}))
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
    out["claims"] = json!(views.claims_of(id));
    ok(&out)
}

/// `GET /api/v1/changes`.
pub(super) fn changes(cx: &mut Ctx<'_>) -> Result<Response, ApiError> {
    let p = &cx.req.params;
    let (limit, offset) = p.page()?;
    let since = p.date("since")?;
    let views = cx.views()?;
    slice(&changes_since(views.changes(), since), limit, offset)
}

fn store_meta(store: &dyn Store, id: &str) -> Value {
    store
        .document(id)
        .ok()
        .flatten()
        .map_or(json!({"id": id}), |d| json!(d.meta()))
}

fn number(incident: &Incident, role: Role) -> Option<u64> {
    match incident.attributes.get(&role)?.best.value.as_ref()? {
        Quantity::Number(n) => Some(*n),
        _ => None,
    }
}

/// The summary of an incident for lists and the map.
fn summary(incident: &Incident, views: &Views) -> Value {
    let mut sources: Vec<&str> = Vec::new();
    let mut docs: BTreeSet<&str> = BTreeSet::new();
    for m in &incident.members {
        docs.insert(&m.document);
        if !sources.contains(&m.source.as_str()) {
            sources.push(&m.source);
        }
    }
    let perpetrators: Vec<&str> = [Role::PerpetratorOrg, Role::PerpetratorIndividual]
        .iter()
        .filter_map(|r| incident.attributes.get(r))
        .map(|a| a.best.text.as_str())
        .collect();
    let first = incident.members.iter().min_by(|a, b| {
        (a.published.is_none(), a.published, &a.document).cmp(&(
            b.published.is_none(),
            b.published,
            &b.document,
        ))
    });
    let title = first
        .and_then(|m| views.document(&m.document))
        .and_then(|d| d.title.clone());
    json!({
        "id": incident.id,
        "kind": incident.kind,
        "date": incident.date,
        "place": incident.place.as_ref().map(|p| json!({
            "name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon, "precision": p.precision,
        })),
        "killed": number(incident, Role::Killed),
        "injured": number(incident, Role::Injured),
        "perpetrators": perpetrators,
        "reports": docs.len(),
        "sources": sources,
        "title": title,
    })
}
