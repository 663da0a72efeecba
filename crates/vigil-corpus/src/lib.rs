//! Vigil's application layer: the corpus an analyst keeps, what goes into it and what is read
//! out of it. Both front ends — the `vigil` command and the HTTP server — call it; it calls the
//! engine (readers in `vigil-ingest`, extraction in `vigil-extract`, incidents in
//! `vigil-incident`) and the store (`vigil-store`), and nothing calls back up.
//!
//! **In:** inputs (files, directories, URLs, feeds, uploads, queued work items) and a store.
//! **Out:** stored documents with their events, and views over them.
//!
//! - [`identity`]: one document id for every command (`vigil extract`, `vigil ingest`,
//!   uploads, feeds, workers).
//! - [`pipeline`]: one article through extraction ([`Pipeline`]), with the language of its
//!   text ([`language`]: detected for every document; Vigil reads English only for now, and
//!   says so of every document in another language).
//! - [`ingest`]: read → identity → extract → near-duplicate → batch, idempotent, resumable,
//!   on several threads with the same result as one ([`ingest::ingest_inputs`]).
//! - [`uploads`]: what `POST /api/v1/documents` carries ([`Uploads`]).
//! - [`filters`]: event filters as users give them (country names, actor names and aliases,
//!   affiliates), checked once for the CLI and the API.
//! - [`export`]: stored events as CSV, GeoJSON, JSONL and Parquet, the same for the CLI and
//!   the API; [`atlas`]: country and first-level-area names, codes and outlines.
//! - [`views`]: incidents with the analysts' splits, story changes, the claim–assessment
//!   ledger, threat pictures ([`Views`] for a server that caches them per store revision).
//! - [`watch`]: watch rules, their matches and their delivery (webhooks).
//! - [`feeds`]: feeds polled on a schedule, and the monitor loop of `vigil run`.
//! - [`queue`]: the PostgreSQL work queue: `enqueue`, `worker`, `status`.
//! - [`recover`]: a new store from what can be read of a damaged one.
//!
//! Nothing here prints: progress and log lines go to callbacks, reports to a writer the caller
//! gives, and every failure is an [`Error`].
//!
//! ```
//! use vigil_corpus::ingest::{ingest, IngestOptions, Sink};
//! use vigil_corpus::{uploads::text_article, views, Pipeline};
//! use vigil_extract::Extractor;
//! use vigil_store::MemoryStore;
//!
//! let extractor = Extractor::new().unwrap();
//! let mut store = MemoryStore::new();
//! let article = text_article(
//!     "Gunmen attacked a police station in Kano on Monday, killing four officers.",
//!     Some("Kano attack".into()),
//!     None,
//! );
//! let summary = ingest(
//!     &mut store,
//!     Pipeline::new(&extractor),
//!     IngestOptions::default(),
//!     &mut |sink: &mut Sink<'_>| sink(Ok(article.clone())),
//!     &mut |_| {},
//! )
//! .unwrap();
//! assert_eq!(summary.stored, 1);
//! let (_, incidents) = views::incidents(&store).unwrap();
//! assert_eq!(incidents.incidents().len(), 1);
//! ```

#![deny(missing_docs)]

pub mod atlas;
mod error;
pub mod export;
pub mod feeds;
pub mod filters;
pub mod identity;
pub mod ingest;
pub mod language;
pub mod pipeline;
pub mod queue;
pub mod recover;
pub mod uploads;
pub mod views;
pub mod watch;

pub use error::{Error, Result};
pub use identity::{document_id, Identity};
pub use ingest::{IngestOptions, Summary};
pub use pipeline::Pipeline;
pub use uploads::{IngestReport, NotRead, PendingUpload, Rejected, Upload, Uploads};
pub use views::Views;
