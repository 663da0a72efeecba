//! `vigil serve`: Vigil's HTTP JSON API and its dashboard, from one binary.
//!
//! - **Routes** come from one table ([`ROUTES`]) that builds both the router and the OpenAPI
//!   description served at `/api/openapi.json`; `docs/API.md` describes the answers.
//! - **Handlers**: one module per resource under `routes/` (events, documents, incidents,
//!   claims, picture, watch, meta); each reads parameters, calls the application layer
//!   (`vigil-corpus`) or the store, and shapes JSON. Domain logic lives in `vigil-corpus`, HTTP
//!   here: the status of every error is one exhaustive match ([`ApiError`]).
//! - **Store access**: a small pool of store handles (one SQLite connection each), used from
//!   blocking threads so a slow query never stalls the network threads. Views derived from the
//!   whole corpus (incidents, the ledger) are computed by `vigil-corpus` and cached here per
//!   store revision ([`cache`]), on a handle of their own ([`Pool::with_views`]). Routes of
//!   incidents, claims, pictures and changes wait for the views of the store's revision (before
//!   they take a store handle, so that no request waits behind them for one); event records
//!   (events, a document's events, watch matches) take their `incident` link from the views as
//!   last computed without waiting (null while the first computation runs), and bring them up
//!   to date in the background.
//! - **Ingest**: `POST /api/v1/documents` hands the upload to [`vigil_corpus::Uploads`], the
//!   same pipeline as `vigil ingest`, step by step: it reads the upload (fetching its URL) and
//!   extracts its events without a store handle, and borrows one from the pool only to look up
//!   what is stored already and to write, so that a few slow uploads at once never keep every
//!   handle from the other requests.
//! - **Read-only** unless a token is configured: then `POST` and `DELETE` need
//!   `Authorization: Bearer TOKEN`.
//! - **Limits**: request bodies up to [`Config::max_body`], every request within
//!   [`Config::timeout`]; errors are JSON `{status, code, message}` ([`ApiError`]).
//! - **Caching**: every successful `GET` carries a strong `ETag` (SHA-256 of the body) and
//!   answers a matching `If-None-Match` with `304`.
//! - **Dashboard**: static assets built into the binary, served under a strict
//!   Content-Security-Policy (no inline script, same-origin only); all article text is
//!   untrusted and is rendered as text, never as markup.

mod assets;
pub mod cache;
mod cancel;
pub mod client;
mod error;
mod handler;
mod multipart;
pub mod params;
mod routes;

pub use error::ApiError;
pub use handler::etag;
pub use routes::{openapi, Answer, Body as RequestBody, Route, ROUTES};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, TryLockError};
use std::time::Duration;
use vigil_corpus::Uploads;
use vigil_store::Store;

/// The Content-Security-Policy of every answer.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// A few store handles shared by the request threads, and one apart for computing the views.
///
/// Computing the views of a large store takes most of a minute: on a handle of the requests'
/// it would keep that handle from them all along, and the requests that find every other
/// handle busy would wait for it past their time limit. So the views are computed on a handle
/// of their own ([`Pool::with_views`]), and the requests that wait for them wait without
/// holding a handle of the requests' (see `handler`).
pub struct Pool {
    stores: Vec<Mutex<Box<dyn Store>>>,
    /// The handle the views are computed on; none when the pool was given a single handle.
    views: Option<Mutex<Box<dyn Store>>>,
    next: AtomicUsize,
    /// How many times a handle of the requests' was given back: a request that found none
    /// free waits for the next one given back, whichever it is.
    returned: Mutex<u64>,
    returned_cv: Condvar,
}

/// A handle of the requests' taken from the pool, given back (and the waiting requests told)
/// however the work on it ends.
struct Held<'a> {
    pool: &'a Pool,
    store: Option<MutexGuard<'a, Box<dyn Store>>>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.store = None;
        *self
            .pool
            .returned
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        self.pool.returned_cv.notify_all();
    }
}

impl Pool {
    /// A pool of these handles (at least one). With two or more, the last one is kept for
    /// computing the views and the requests share the others; a single handle serves both.
    ///
    /// # Panics
    /// If `stores` is empty.
    #[must_use]
    pub fn new(mut stores: Vec<Box<dyn Store>>) -> Pool {
        assert!(!stores.is_empty(), "a pool needs a store");
        let views = if stores.len() > 1 {
            stores.pop().map(Mutex::new)
        } else {
            None
        };
        Pool {
            stores: stores.into_iter().map(Mutex::new).collect(),
            views,
            next: AtomicUsize::new(0),
            returned: Mutex::new(0),
            returned_cv: Condvar::new(),
        }
    }

    /// Runs `f` with a free handle of the requests' (or waits for the first one given back:
    /// not for one chosen in advance, which a long piece of work may hold).
    pub fn with<R>(&self, f: impl FnOnce(&mut dyn Store) -> R) -> R {
        let n = self.stores.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n;
        let returned = || {
            self.returned
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        loop {
            // Read before trying the handles: one given back after this is not missed.
            let seen = *returned();
            for i in 0..n {
                let store = match self.stores[(start + i) % n].try_lock() {
                    Ok(s) => s,
                    Err(TryLockError::Poisoned(p)) => p.into_inner(),
                    Err(TryLockError::WouldBlock) => continue,
                };
                let mut held = Held {
                    pool: self,
                    store: Some(store),
                };
                return f(held.store.as_mut().expect("held").as_mut());
            }
            let mut now = returned();
            while *now == seen {
                now = self
                    .returned_cv
                    .wait(now)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
        }
    }

    /// Runs `f` with the handle kept for computing the views (or waits for it): a handle of
    /// the requests' only when the pool has no other.
    pub fn with_views<R>(&self, f: impl FnOnce(&mut dyn Store) -> R) -> R {
        match &self.views {
            Some(handle) => {
                let mut s = handle
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                f(s.as_mut())
            }
            None => self.with(f),
        }
    }
}

/// Server settings.
pub struct Config {
    /// Writes need `Authorization: Bearer TOKEN`; none means read-only.
    pub token: Option<String>,
    /// Largest request body in bytes.
    pub max_body: usize,
    /// Longest time a request may take.
    pub timeout: Duration,
    /// The ingest pipeline for `POST /api/v1/documents`; none refuses ingest.
    pub uploads: Option<Arc<Uploads>>,
    /// Where the server tells what goes wrong outside a request (computing the views at
    /// start); none keeps quiet.
    pub log: Option<fn(&str)>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            token: None,
            max_body: 16 << 20,
            timeout: Duration::from_secs(30),
            uploads: None,
            log: None,
        }
    }
}

/// Everything a request handler reaches.
pub struct AppState {
    pool: Pool,
    config: Config,
    views: cache::ViewCache,
}

impl AppState {
    /// State over `pool` with `config`.
    #[must_use]
    pub fn new(pool: Pool, config: Config) -> Arc<AppState> {
        Arc::new(AppState {
            pool,
            config,
            views: cache::ViewCache::default(),
        })
    }

    /// The views for a request that arrived at `asked` ([`cache::ViewCache::get_since`]), on
    /// the pool's handle for the views: waiting for a computation in progress holds no handle
    /// of the requests'.
    ///
    /// # Errors
    /// A store error.
    pub(crate) fn views_since(
        &self,
        asked: std::time::Instant,
    ) -> vigil_corpus::Result<Arc<vigil_corpus::Views>> {
        self.pool
            .with_views(|store| self.views.get_since(store, asked))
    }

    /// Brings the views up to the store's revision (or computes them) on the pool's handle
    /// for the views, telling the log what goes wrong: for a computation outside any request.
    pub(crate) fn refresh_views(&self) {
        self.pool.with_views(|store| {
            if let (Err(e), Some(log)) = (self.views.get(store), self.config.log) {
                log(&format!("computing incidents: {e}"));
            }
        });
    }
}

/// The router: every route of [`ROUTES`], the dashboard, JSON errors for the rest.
pub fn router(state: Arc<AppState>) -> Router {
    let mut by_path: std::collections::BTreeMap<&str, axum::routing::MethodRouter<Arc<AppState>>> =
        std::collections::BTreeMap::new();
    for r in ROUTES {
        let handler =
            move |State(st): State<Arc<AppState>>, req: Request| handler::dispatch(r, st, req);
        let entry = by_path.remove(r.path).unwrap_or_default();
        let entry = match r.method {
            "GET" => entry.get(handler),
            "POST" => entry.post(handler),
            "DELETE" => entry.delete(handler),
            m => panic!("route {}: unsupported method {m}", r.path),
        };
        by_path.insert(r.path, entry);
    }
    let mut app = Router::new();
    for (path, mr) in by_path {
        app = app.route(
            path,
            mr.fallback(|req: Request| async move {
                ApiError::method_not_allowed(req.method().as_str(), req.uri().path())
            }),
        );
    }
    app.route("/", axum::routing::get(assets::index))
        .route("/assets/{file}", axum::routing::get(assets::asset))
        .fallback(|req: Request| async move {
            ApiError::no_route(req.method().as_str(), req.uri().path())
        })
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            guard,
        ))
        .with_state(state)
}

/// Every request: the time limit, ETags on successful GETs, and the security headers.
async fn guard(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let get = req.method() == Method::GET;
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let limit = st.config.timeout;
    let mut res = match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::timeout(limit.as_secs()).into_response(),
    };
    if get && res.status() == StatusCode::OK {
        let (mut parts, body) = res.into_parts();
        let bytes = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(b) => b,
            Err(e) => return ApiError::internal(e.to_string()).into_response(),
        };
        let tag = etag(&bytes);
        let matches = if_none_match.is_some_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == tag || t == "*")
        });
        parts
            .headers
            .insert(header::ETAG, HeaderValue::from_str(&tag).expect("hex"));
        res = if matches {
            parts.status = StatusCode::NOT_MODIFIED;
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::empty())
        } else {
            Response::from_parts(parts, Body::from(bytes))
        };
    }
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    res
}

/// Serves `state` on `listener` until the process ends.
///
/// # Errors
/// An I/O error of the listener.
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

/// A runtime with `threads` network threads (blocking store work runs on its own pool).
///
/// # Errors
/// When the runtime cannot start.
pub fn runtime(threads: usize) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .max_blocking_threads(64)
        .enable_all()
        .build()
}

/// Serves `state` on `addr` with `threads` network threads until the process ends; `ready` is
/// called with the bound address once the server listens.
///
/// # Errors
/// When the address cannot be bound or the runtime cannot start.
pub fn run(
    addr: &str,
    state: Arc<AppState>,
    threads: usize,
    ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    runtime(threads)?.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
        ready(listener.local_addr()?);
        // Compute the corpus-wide views now rather than on the first request that needs them.
        // On the pool's handle for the views: the requests keep all of theirs meanwhile.
        let warm = Arc::clone(&state);
        tokio::task::spawn_blocking(move || warm.refresh_views());
        serve(listener, state).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use vigil_store::MemoryStore;

    fn memory() -> Box<dyn Store> {
        Box::new(MemoryStore::new())
    }

    #[test]
    fn a_request_finding_no_free_handle_takes_the_first_given_back() {
        // Two handles for the requests (the third is the views'). One is held all along, as
        // a long piece of work holds it; the other is held, then given back.
        let pool = Arc::new(Pool::new(vec![memory(), memory(), memory()]));
        // Takes a request handle (or the views' handle) on a thread and holds it until released.
        let hold = |pool: &Arc<Pool>, views: bool| {
            let (taken, is_taken) = mpsc::channel();
            let (release, released) = mpsc::channel::<()>();
            let pool = Arc::clone(pool);
            let t = std::thread::spawn(move || {
                let held = |_: &mut dyn Store| {
                    taken.send(()).unwrap();
                    released.recv().unwrap();
                };
                if views {
                    pool.with_views(held);
                } else {
                    pool.with(held);
                }
            });
            is_taken.recv().unwrap();
            (release, t)
        };
        let (release_long, long) = hold(&pool, false);
        let (release_short, short) = hold(&pool, false);
        // Every handle is busy: this one waits (its first choice is the long one's).
        let (done, is_done) = mpsc::channel();
        let waiter = {
            let pool = Arc::clone(&pool);
            std::thread::spawn(move || pool.with(|_| done.send(()).unwrap()))
        };
        // (Time for it to find every handle busy and start waiting: without it, it could
        // find the short one's handle already given back, and the test would prove nothing.)
        std::thread::sleep(Duration::from_millis(300));
        release_short.send(()).unwrap();
        short.join().unwrap();
        let got = is_done.recv_timeout(Duration::from_secs(60));
        release_long.send(()).unwrap();
        long.join().unwrap();
        waiter.join().unwrap();
        assert_eq!(
            got,
            Ok(()),
            "the waiting request did not take the handle given back"
        );
        // The views' handle is apart from them.
        let (release, views) = hold(&pool, true);
        for _ in 0..4 {
            pool.with(|_| ());
        }
        release.send(()).unwrap();
        views.join().unwrap();
    }
}
