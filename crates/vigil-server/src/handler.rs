//! Every request of a route: path and query parameters checked, the token for writes, the body
//! read within its limit, the views for a route that needs them (without holding a store
//! handle meanwhile), then the route's handler on a blocking thread, and JSON out. Most
//! handlers run on a store handle taken before they start ([`Handler::Held`]); one whose slow
//! work needs no store (an upload, fetched and extracted) borrows a handle only for its store
//! calls ([`Handler::Lent`]). Store work is interrupted when the request is dropped.

use crate::cancel;
use crate::error::ApiError;
use crate::params::Params;
use crate::routes::Route;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;
use vigil_corpus::Views;
use vigil_store::Store;

/// What a route's handler gets: the server, a store handle, the request.
pub(crate) struct Ctx<'a> {
    /// The server's state (views, settings).
    pub st: &'a Arc<AppState>,
    /// A store handle of the pool.
    pub store: &'a mut dyn Store,
    /// The request.
    pub req: &'a Req,
    /// The views of a route that needs them ([`Route::views`]), taken before the store handle.
    pub views: Option<Arc<Views>>,
}

impl Ctx<'_> {
    /// The views for this request: those taken before its store handle for a route that
    /// needs them, else as [`crate::cache::ViewCache::get_since`] gives them on its handle.
    pub fn views(&self) -> Result<Arc<Views>, ApiError> {
        match &self.views {
            Some(v) => Ok(Arc::clone(v)),
            None => Ok(self.st.views.get_since(self.store, self.req.arrived)?),
        }
    }
}

/// What a request of a route with a [`Handler::Lent`] gets: the server and the request, and
/// store handles lent one call at a time ([`Lent::with_store`]).
pub(crate) struct Lent<'a> {
    /// The server's state (settings).
    pub st: &'a Arc<AppState>,
    /// The request.
    pub req: &'a Req,
    cancel: &'a cancel::Cancel,
}

impl Lent<'_> {
    /// Runs `f` on a store handle of the pool, taken for it alone and given back as soon as it
    /// returns. Interrupted when the request is dropped while it runs; run all the same when
    /// the request was dropped before, since the handler began (the work done without the
    /// store is not thrown away: an upload abandoned while it was fetched is still stored, as
    /// when it held its handle from the start).
    pub fn with_store<R>(
        &self,
        f: impl FnOnce(&mut dyn Store) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        self.st.pool.with(|store| {
            let _running = self.cancel.resume(store.interrupter());
            f(store)
        })
    }
}

/// A route's handler, and how it holds a store handle.
#[derive(Clone, Copy)]
pub(crate) enum Handler {
    /// It runs on a store handle taken before it starts and given back once it answers.
    Held(fn(&mut Ctx<'_>) -> Result<Response, ApiError>),
    /// It runs without one, and borrows one from the pool for each store call it makes, so
    /// that its slow work without the store (a fetch, an extraction) keeps no handle from the
    /// other requests.
    Lent(fn(&Lent<'_>) -> Result<Response, ApiError>),
}

/// A request, checked and read.
pub(crate) struct Req {
    path: BTreeMap<String, String>,
    /// Its query parameters.
    pub params: Params,
    /// Its `Content-Type`, lower-cased.
    pub content_type: String,
    /// Its body (read for writes only).
    pub body: Bytes,
    /// When it arrived: views whose revision was read since then serve it.
    pub arrived: Instant,
}

impl Req {
    /// A path parameter (`{id}`).
    pub fn path(&self, name: &str) -> &str {
        self.path.get(name).map_or("", String::as_str)
    }
}

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

/// A JSON answer with this status.
pub(crate) fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
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

/// A `200 OK` JSON answer.
pub(crate) fn ok<T: Serialize + ?Sized>(value: &T) -> Result<Response, ApiError> {
    Ok(json_response(StatusCode::OK, value))
}

/// A page of `items` (`more`: whether another page follows).
pub(crate) fn page<T: Serialize>(
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

/// A page cut from a whole list.
pub(crate) fn slice<T: Serialize>(
    all: &[T],
    limit: usize,
    offset: usize,
) -> Result<Response, ApiError> {
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
    let req = read(route, &st, req).await?;
    // A route that needs the views waits for them (a computation of a large store's views
    // takes most of a minute) before it takes a store handle, so that the requests waiting
    // for them never hold every handle of the pool from the others. The computation is not
    // interrupted with the request: the requests that follow need it as much.
    let views = if route.views {
        let worker = Arc::clone(&st);
        let asked = req.arrived;
        Some(
            tokio::task::spawn_blocking(move || worker.views_since(asked))
                .await
                .map_err(|e| ApiError::internal(format!("computing the views failed: {e}")))??,
        )
    } else {
        None
    };
    let worker = Arc::clone(&st);
    // When this future is dropped before the answer (the time limit, or the client went
    // away), the store work is interrupted instead of running on.
    let (cancel, guard) = cancel::pair();
    let answer = tokio::task::spawn_blocking(move || match route.handler {
        Handler::Held(handler) => worker.pool.with(|store| {
            let _running = cancel.start(store.interrupter())?;
            handler(&mut Ctx {
                st: &worker,
                store,
                req: &req,
                views,
            })
        }),
        Handler::Lent(handler) => {
            // Not started at all when the request was dropped already.
            drop(cancel.start(None)?);
            handler(&Lent {
                st: &worker,
                req: &req,
                cancel: &cancel,
            })
        }
    })
    .await
    .map_err(|e| ApiError::internal(format!("request handler failed: {e}")))?;
    guard.disarm();
    answer
}

/// Checks the request's parameters (and token, for a write) and reads its body.
async fn read(route: &'static Route, st: &AppState, req: Request) -> Result<Req, ApiError> {
    let arrived = Instant::now();
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
        authorize(st, &parts.headers)?;
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
    Ok(Req {
        path,
        params,
        content_type,
        body: bytes,
        arrived,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_differ_with_the_body() {
        assert_eq!(etag(b"a"), etag(b"a"));
        assert_ne!(etag(b"a"), etag(b"b"));
        assert!(etag(b"").starts_with('"') && etag(b"").ends_with('"'));
    }
}
