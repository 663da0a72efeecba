//! The route table: one list that both the router and the OpenAPI description are built from,
//! so the description cannot drift from what is served. Each resource's handlers live in a
//! module of their own.

mod claims;
mod documents;
mod events;
mod export;
mod incidents;
mod meta;
mod picture;
mod upload;
mod watch;

use crate::handler::Handler;
use serde_json::{json, Map, Value};

/// What a successful answer of a route is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `200 OK` with JSON.
    Ok,
    /// `201 Created` with JSON.
    Created,
    /// `204 No Content`.
    NoContent,
}

/// What a route takes as its request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// Nothing.
    None,
    /// A document upload: JSON, a form, or the raw file.
    Upload,
    /// A JSON object.
    Json,
}

/// One route.
pub struct Route {
    /// Its OpenAPI operation id.
    pub id: &'static str,
    /// `GET`, `POST` or `DELETE`.
    pub method: &'static str,
    /// Path, with `{name}` for a path parameter.
    pub path: &'static str,
    /// One line for the description.
    pub summary: &'static str,
    /// The query parameters it takes.
    pub params: &'static [&'static str],
    /// Whether it writes (and so needs the token).
    pub write: bool,
    /// Whether it answers from the views of the store's revision (incidents, claims,
    /// pictures): it waits for them before it takes a store handle. Only for a handler that
    /// runs on a handle held throughout (`Handler::Held`).
    pub views: bool,
    /// Its successful answer.
    pub answer: Answer,
    /// Its request body.
    pub body: Body,
    /// What answers it, and whether it holds a store handle throughout or borrows one for
    /// each store call.
    pub(crate) handler: Handler,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.id)
    }
}

const PAGE: &[&str] = &["limit", "offset"];

/// Every route served.
pub const ROUTES: &[Route] = &[
    Route {
        id: "Stats",
        method: "GET",
        path: "/api/v1/stats",
        summary: "Counts over the store",
        params: &[],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(meta::stats),
    },
    Route {
        id: "Events",
        method: "GET",
        path: "/api/v1/events",
        summary: "Events matching the filters, a page at a time",
        params: &[
            "kind",
            "actor",
            "with_affiliates",
            "country",
            "place",
            "from",
            "to",
            "modality",
            "text",
            "scope",
            "duplicates",
            "order",
            "limit",
            "offset",
        ],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(events::list),
    },
    Route {
        id: "Event",
        method: "GET",
        path: "/api/v1/events/{id}",
        summary: "One event with its document and incident",
        params: &[],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(events::one),
    },
    Route {
        id: "Timeline",
        method: "GET",
        path: "/api/v1/timeline",
        summary: "Events per day and kind among those the filters select",
        params: crate::params::EVENT_FILTERS,
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(events::timeline),
    },
    Route {
        id: "Export",
        method: "GET",
        path: "/api/v1/export",
        summary: "The events the filters select as a file: CSV, GeoJSON, JSONL or Parquet",
        params: &[
            "format",
            "kind",
            "actor",
            "with_affiliates",
            "country",
            "place",
            "from",
            "to",
            "modality",
            "text",
            "scope",
            "duplicates",
        ],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(export::events),
    },
    Route {
        id: "Actors",
        method: "GET",
        path: "/api/v1/actors",
        summary: "Dictionary actors whose name or an alias starts with (else holds) q",
        params: &["q"],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(export::actors),
    },
    Route {
        id: "Documents",
        method: "GET",
        path: "/api/v1/documents",
        summary: "Documents, a page at a time",
        params: &["limit", "offset", "duplicates"],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(documents::list),
    },
    Route {
        id: "Document",
        method: "GET",
        path: "/api/v1/documents/{id}",
        summary:
            "A document: its text cut into segments marking each event's evidence, and its events",
        params: &[],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(documents::one),
    },
    Route {
        id: "Ingest",
        method: "POST",
        path: "/api/v1/documents",
        summary: "Ingest text, a URL, or an uploaded file (token required)",
        params: &["name", "url"],
        write: true,
        views: false,
        answer: Answer::Created,
        body: Body::Upload,
        handler: Handler::Lent(documents::ingest),
    },
    Route {
        id: "Search",
        method: "GET",
        path: "/api/v1/search",
        summary: "Documents whose title or text match a full-text query",
        params: &["q", "limit", "offset", "duplicates"],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(documents::search),
    },
    Route {
        id: "Incidents",
        method: "GET",
        path: "/api/v1/incidents",
        summary: "Incidents (events merged across reports), a page at a time",
        params: &[
            "kind", "country", "from", "to", "actor", "with_affiliates", "place", "modality",
            "text", "scope", "limit", "offset",
        ],
        write: false,
        views: true,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(incidents::list),
    },
    Route {
        id: "Incident",
        method: "GET",
        path: "/api/v1/incidents/{id}",
        summary:
            "One incident: every report, every reported value with its source, why it was merged",
        params: &[],
        write: false,
        views: true,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(incidents::one),
    },
    Route {
        id: "Claims",
        method: "GET",
        path: "/api/v1/claims",
        summary: "The claim–assessment ledger",
        params: &["actor", "with_affiliates", "disputed", "limit", "offset"],
        write: false,
        views: true,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(claims::claims),
    },
    Route {
        id: "Assessments",
        method: "GET",
        path: "/api/v1/assessments",
        summary: "Every assessment with the claim it judges",
        params: &["actor", "with_affiliates", "limit", "offset"],
        write: false,
        views: true,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(claims::assessments),
    },
    Route {
        id: "Picture",
        method: "GET",
        path: "/api/v1/picture/{country}",
        summary:
            "A country's threat picture: alert-level changes, indicator, the events driving it",
        params: &["at", "target"],
        write: false,
        views: true,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(picture::picture),
    },
    Route {
        id: "Changes",
        method: "GET",
        path: "/api/v1/changes",
        summary: "Story evolution: new incidents, tolls and perpetrators changed, claims retracted",
        params: &["since", "limit", "offset"],
        write: false,
        views: true,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(incidents::changes),
    },
    Route {
        id: "Ranking",
        method: "GET",
        path: "/api/v1/ranking",
        summary: "Countries ranked by their threat picture's indicator, highest first, with their latest alert level",
        params: &[],
        write: false,
        views: true,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(picture::ranking),
    },
    Route {
        id: "Countries",
        method: "GET",
        path: "/api/v1/countries",
        summary: "The countries the stored events are in, with their event counts",
        params: &[],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(picture::countries),
    },
    Route {
        id: "WatchRules",
        method: "GET",
        path: "/api/v1/watch",
        summary: "Watch rules with their match counts",
        params: &[],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(watch::rules),
    },
    Route {
        id: "WatchPut",
        method: "POST",
        path: "/api/v1/watch",
        summary: "Create or replace a watch rule (token required)",
        params: &[],
        write: true,
        views: false,
        answer: Answer::Created,
        body: Body::Json,
        handler: Handler::Held(watch::put),
    },
    Route {
        id: "WatchMatches",
        method: "GET",
        path: "/api/v1/watch/{name}/matches",
        summary: "A rule's matching events, each marked delivered or new",
        params: PAGE,
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(watch::matches),
    },
    Route {
        id: "WatchDelete",
        method: "DELETE",
        path: "/api/v1/watch/{name}",
        summary: "Remove a watch rule (token required)",
        params: &[],
        write: true,
        views: false,
        answer: Answer::NoContent,
        body: Body::None,
        handler: Handler::Held(watch::delete),
    },
    Route {
        id: "OpenApi",
        method: "GET",
        path: "/api/openapi.json",
        summary: "This description",
        params: &[],
        write: false,
        views: false,
        answer: Answer::Ok,
        body: Body::None,
        handler: Handler::Held(meta::openapi),
    },
];

/// Type and meaning of each query parameter.
fn param_doc(name: &str) -> (&'static str, &'static str) {
    match name {
        "kind" => ("string", "Event kinds, comma-separated (attack, threat, claim_of_responsibility …)"),
        "actor" => ("string", "An actor: dictionary id (grp:islamic-state), name or alias (ISIS, JNIM), or a name stored events hold; an unknown name is a bad_parameter naming the closest"),
        "with_affiliates" => ("boolean", "With actor: also its affiliates, branches and media"),
        "format" => ("string", "csv, geojson, jsonl or parquet (default csv)"),
        "country" => ("string", "A country: ISO 3166-1 alpha-2 code (FR) or English name (France)"),
        "place" => ("string", "A place name"),
        "from" => ("date", "Earliest event date, inclusive (YYYY-MM-DD)"),
        "to" => ("date", "Latest event date, inclusive (YYYY-MM-DD)"),
        "since" => ("date", "Changes reported on or after this date (YYYY-MM-DD)"),
        "at" => ("date", "The picture as of this date (YYYY-MM-DD)"),
        "modality" => ("string", "asserted, claimed, alleged, reported, threatened, attempted, foiled, historical, hypothetical, negated"),
        "text" => ("string", "Full-text query: words, \"phrases\", prefix*, AND, OR, NOT"),
        "q" => ("string", "Full-text query (on /api/v1/actors: the start of a name): words, \"phrases\", prefix*, AND, OR, NOT"),
        "scope" => ("string", "Where text looks: either, events, documents"),
        "duplicates" => ("boolean", "Include near-duplicate documents"),
        "order" => ("string", "oldest (default: event date, undated last) or newest (latest first, undated last)"),
        "disputed" => ("boolean", "Only claims some assessment disputes"),
        "target" => ("string", "A targeted group (Christians, journalists)"),
        "limit" => ("integer", "Page size, 1 to 500 (default 50)"),
        "offset" => ("integer", "Items to skip (the previous page's next_offset)"),
        "name" => ("string", "File name of an uploaded body; its extension tells the format"),
        "url" => ("string", "The original address of an uploaded page"),
        _ => ("string", ""),
    }
}

/// The OpenAPI 3.0 description of [`ROUTES`].
#[must_use]
pub fn openapi() -> Value {
    let mut paths = Map::new();
    for r in ROUTES {
        let mut parameters: Vec<Value> = Vec::new();
        for seg in r.path.split('/') {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                parameters.push(json!({
                    "name": name, "in": "path", "required": true, "schema": {"type": "string"}
                }));
            }
        }
        for p in r.params {
            let (ty, description) = param_doc(p);
            let schema = match ty {
                "date" => json!({"type": "string", "format": "date"}),
                "integer" => json!({"type": "integer", "minimum": 0}),
                t => json!({"type": t}),
            };
            parameters.push(json!({
                "name": p, "in": "query", "required": false, "schema": schema,
                "description": description
            }));
        }
        let error = json!({"$ref": "#/components/responses/Error"});
        let mut responses = Map::new();
        let ok = match r.answer {
            Answer::Created => "201",
            Answer::NoContent => "204",
            Answer::Ok => "200",
        };
        responses.insert(
            ok.into(),
            if ok == "204" {
                json!({"description": "Done"})
            } else {
                json!({"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}})
            },
        );
        if r.method == "GET" {
            responses.insert(
                "304".into(),
                json!({"description": "Not modified (If-None-Match)"}),
            );
        }
        responses.insert("400".into(), error.clone());
        if r.path.contains('{') {
            responses.insert("404".into(), error.clone());
        }
        if r.write {
            responses.insert("401".into(), error.clone());
            responses.insert("403".into(), error.clone());
            responses.insert("413".into(), error.clone());
        }
        let mut op = json!({
            "operationId": r.id,
            "summary": r.summary,
            "parameters": parameters,
            "responses": responses,
        });
        if r.write {
            op["security"] = json!([{"bearer": []}]);
        }
        if r.body == Body::Upload {
            op["requestBody"] = json!({"required": true, "content": {
                "application/json": {"schema": {"type": "object"}},
                "multipart/form-data": {"schema": {"type": "object", "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "text": {"type": "string"},
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "published": {"type": "string", "format": "date"}
                }}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            }});
        } else if r.body == Body::Json {
            op["requestBody"] = json!({"required": true, "content": {
                "application/json": {"schema": {"type": "object"}}
            }});
        }
        let entry = paths
            .entry(r.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        entry[r.method.to_ascii_lowercase()] = op;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Vigil",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Sourced events about terrorism and political violence: documents, events, incidents, claims and assessments, threat pictures, story evolution, watch rules. Errors are {status, code, message}; GET answers carry ETags."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {"Error": {"description": "An error", "content": {"application/json": {"schema": {
                "type": "object", "required": ["status", "code", "message"],
                "properties": {"status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"}}
            }}}}}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_borrow_store_handles_and_only_held_handlers_take_the_views() {
        for r in ROUTES {
            let lent = matches!(r.handler, Handler::Lent(_));
            assert!(!(lent && r.views), "{r:?}: the views are for held handlers");
            assert_eq!(lent, r.id == "Ingest", "{r:?}");
        }
    }
}
