//! `vigil serve`: the HTTP API and dashboard over a store, with the ingest pipeline of
//! `vigil-corpus` behind `POST /api/v1/documents`.

use crate::flags::queue::ServeArgs;
use anyhow::{Context, Result};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use vigil_corpus::Uploads;
use vigil_extract::Extractor;
use vigil_server::{Config, Pool};
use vigil_store::{MatchCache, OpenOptions, SqliteStore, Store};

/// Opens `handles` connections to the store at `path` (created if missing) for the requests,
/// and one more for computing the views (kept apart from the requests': see
/// [`Pool::new`]), sharing one cache of full-text match sets.
///
/// # Errors
/// When the store cannot be opened.
pub fn pool(path: &Path, handles: usize) -> Result<Pool> {
    let opts = OpenOptions {
        match_cache: Some(MatchCache::default()),
        ..OpenOptions::default()
    };
    let mut stores: Vec<Box<dyn Store>> = Vec::new();
    for _ in 0..=handles.max(1) {
        stores.push(Box::new(
            SqliteStore::open_with(path, &opts).with_context(|| format!("{}", path.display()))?,
        ));
    }
    Ok(Pool::new(stores))
}

/// `vigil serve`: stores the demo articles first if asked, then serves until stopped.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let path = if args.demo && args.db.db.is_none() {
        std::env::temp_dir().join("vigil-demo.db")
    } else {
        args.db.path()
    };
    if !args.demo && !path.exists() {
        anyhow::bail!(
            "{}: no such database (run `vigil ingest` first, name one with --db, or use --demo)",
            path.display()
        );
    }
    let extractor = Extractor::new()?;
    if args.demo {
        let mut store = SqliteStore::open(&path)?;
        let s = super::demo::store(&mut store, &extractor)?;
        errln!(
            "vigil: demo articles in {}: {} stored, {} already there",
            path.display(),
            s.stored,
            s.unchanged
        );
    }
    let token = args
        .token
        .or_else(|| std::env::var("VIGIL_TOKEN").ok())
        .filter(|t| !t.is_empty());
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
    });
    let pool = pool(&path, threads.max(2) * 2)?;
    let config = Config {
        token,
        uploads: Some(Arc::new(Uploads::new(extractor, args.read.options()))),
        log: Some(|line| errln!("vigil: {line}")),
        ..Config::default()
    };
    let writes = if config.token.is_some() {
        "writes need the token"
    } else {
        "read-only (no --token)"
    };
    let state = vigil_server::AppState::new(pool, config);
    vigil_server::run(&args.addr, state, threads, |local| {
        errln!(
            "vigil: serving {} on http://{local}/ ({writes}; API at /api/v1, description at /api/openapi.json)",
            path.display()
        );
    })?;
    Ok(ExitCode::SUCCESS)
}
