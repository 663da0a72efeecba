//! `vigil serve`: the HTTP API and dashboard over a store, with the CLI's ingest pipeline
//! behind `POST /api/v1/documents`.

use crate::ingest;
use anyhow::{Context, Result};
use std::path::Path;
use std::sync::Arc;
use vigil_extract::Extractor;
use vigil_ingest::source::{read_bytes, read_inputs, Options};
use vigil_ingest::{Article, Paragraph, ParagraphKind};
use vigil_server::{Config, IngestReport, Ingestor, Pool, Rejected, Upload};
use vigil_store::{MatchCache, OpenOptions, SqliteStore, Store};

/// The ingest pipeline behind the API.
pub struct CliIngestor {
    x: Extractor,
    opts: Options,
}

impl CliIngestor {
    /// With the extractor loaded and these reading options.
    ///
    /// # Errors
    /// When the extractor's resources fail to load.
    pub fn new(opts: Options) -> Result<CliIngestor> {
        Ok(CliIngestor {
            x: Extractor::new()?,
            opts,
        })
    }
}

/// An article from plain text: paragraphs are separated by blank lines.
pub fn text_article(text: &str, title: Option<String>, url: Option<String>) -> Article {
    let paragraphs = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Paragraph {
            kind: ParagraphKind::Body,
            text: p.to_string(),
        })
        .collect();
    Article {
        source: url.clone().unwrap_or_else(|| "api:text".into()),
        url,
        title,
        paragraphs,
        ..Article::default()
    }
}

impl Ingestor for CliIngestor {
    fn ingest(&self, store: &mut dyn Store, upload: Upload) -> Result<IngestReport> {
        let opts = &self.opts;
        let mut read =
            |sink: &mut dyn FnMut(Result<Article, vigil_ingest::IngestError>)| match upload.clone()
            {
                Upload::Text {
                    text,
                    title,
                    url,
                    published,
                } => {
                    let mut a = text_article(&text, title, url);
                    a.published = published;
                    sink(Ok(a));
                }
                Upload::Url(url) => read_inputs(&[url], opts, sink),
                Upload::File { name, url, bytes } => {
                    read_bytes(&name, url.as_deref(), bytes, opts, sink);
                }
            };
        let s = ingest::run_with(store, &self.x, None, 256, false, &mut read)?;
        Ok(IngestReport {
            inserted: s.stored,
            unchanged: s.unchanged,
            events: s.events,
            documents: s.documents,
            rejected: s
                .rejections
                .into_iter()
                .map(|(item, reason)| Rejected { item, reason })
                .collect(),
        })
    }
}

/// Opens `handles` connections to the store at `path` (created if missing), sharing one cache
/// of full-text match sets.
///
/// # Errors
/// When the store cannot be opened.
pub fn pool(path: &Path, handles: usize) -> Result<Pool> {
    let opts = OpenOptions {
        match_cache: Some(MatchCache::default()),
        ..OpenOptions::default()
    };
    let mut stores: Vec<Box<dyn Store>> = Vec::new();
    for _ in 0..handles.max(1) {
        stores.push(Box::new(
            SqliteStore::open_with(path, &opts).with_context(|| format!("{}", path.display()))?,
        ));
    }
    Ok(Pool::new(stores))
}

/// Runs the server until the process is stopped.
///
/// # Errors
/// When the address cannot be bound or the store opened.
pub fn run(
    path: &Path,
    addr: &str,
    token: Option<String>,
    threads: usize,
    opts: Options,
) -> Result<()> {
    let handles = threads.max(2) * 2;
    let pool = pool(path, handles)?;
    let config = Config {
        token,
        ingestor: Some(Arc::new(CliIngestor::new(opts)?)),
        ..Config::default()
    };
    let writes = if config.token.is_some() {
        "writes need the token"
    } else {
        "read-only (no --token)"
    };
    let state = vigil_server::AppState::new(pool, config);
    vigil_server::run(addr, state, threads, |local| {
        eprintln!(
            "vigil: serving {} on http://{local}/ ({writes}; API at /api/v1, description at /api/openapi.json)",
            path.display()
        );
    })
}
