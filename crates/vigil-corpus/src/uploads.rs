//! Uploads: what `POST /api/v1/documents` carries — text, a URL to fetch, or a file's bytes —
//! through the same pipeline as `vigil ingest`.

use crate::error::Result;
use crate::ingest::{IngestOptions, Sink, Staged};
use crate::pipeline::Pipeline;
use serde::Serialize;
use vigil_extract::Extractor;
use vigil_ingest::source::{read_bytes, read_inputs, Options};
use vigil_ingest::{Article, Paragraph, ParagraphKind};
use vigil_model::Date;
use vigil_store::Store;

/// Something to ingest, as a `POST /api/v1/documents` carries it.
#[derive(Debug, Clone)]
pub enum Upload {
    /// Text given in the request.
    Text {
        /// The article text.
        text: String,
        /// Its headline.
        title: Option<String>,
        /// Its original address.
        url: Option<String>,
        /// Its publication date.
        published: Option<Date>,
    },
    /// A page or feed to fetch.
    Url(String),
    /// A file's bytes; the name's extension, else the content, tells the format.
    File {
        /// File name.
        name: String,
        /// Its original address, when known.
        url: Option<String>,
        /// The bytes.
        bytes: Vec<u8>,
    },
}

/// One item an ingest refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// The item (file, URL, record).
    pub item: String,
    /// Why.
    pub reason: String,
}

/// A document stored in a language Vigil does not read yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRead {
    /// The document id.
    pub document: String,
    /// Its language (ISO 639-1).
    pub language: String,
    /// The language's English name.
    pub language_name: String,
    /// What it means, in words.
    pub message: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Documents written.
    pub inserted: usize,
    /// Documents already stored.
    pub unchanged: usize,
    /// Events written.
    pub events: usize,
    /// Ids of the documents written or found stored.
    pub documents: Vec<String>,
    /// Items refused.
    pub rejected: Vec<Rejected>,
    /// Documents stored in a language Vigil does not read yet (no events extracted).
    pub not_read: Vec<NotRead>,
}

/// An article from plain text: paragraphs are separated by blank lines.
#[must_use]
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

/// The ingest pipeline behind uploads: an extractor and how pages are read and fetched.
///
/// [`Uploads::ingest`] does it all on one store handle. A server whose few handles serve every
/// request goes step by step instead, holding a handle only for the steps that use it:
/// [`Uploads::read`] (a URL is fetched) and [`Uploads::extract`] need none,
/// [`PendingUpload::find_stored`] reads and [`Uploads::store`] writes. Either way the same is
/// stored and reported.
pub struct Uploads {
    extractor: Extractor,
    read: Options,
}

/// An upload read (its URL fetched, its file parsed), not stored yet: [`Uploads::read`].
pub struct PendingUpload(Staged);

impl PendingUpload {
    /// Marks the articles `store` holds already, so that [`Uploads::extract`] leaves them out
    /// (they are reported unchanged). Reads only.
    ///
    /// # Errors
    /// A store failure.
    pub fn find_stored(&mut self, store: &dyn Store) -> Result<()> {
        self.0.find_stored(store)
    }
}

impl Uploads {
    /// Uploads extracted by `extractor`, read and fetched with `read`.
    #[must_use]
    pub fn new(extractor: Extractor, read: Options) -> Uploads {
        Uploads { extractor, read }
    }

    /// Reads, extracts and stores one upload into `store`.
    ///
    /// # Errors
    /// A store failure (refused items are reported, not errors).
    pub fn ingest(&self, store: &mut dyn Store, upload: Upload) -> Result<IngestReport> {
        let mut pending = self.read(upload);
        pending.find_stored(store)?;
        self.extract(&mut pending);
        self.store(pending, store)
    }

    /// Reads an upload without a store: its text, its file's articles, or its URL fetched
    /// (which may take as long as the server it is fetched from takes to answer). What cannot
    /// be read is reported as refused by [`Uploads::store`].
    #[must_use]
    pub fn read(&self, upload: Upload) -> PendingUpload {
        let read = &self.read;
        let mut upload = Some(upload);
        let mut reader = |sink: &mut Sink<'_>| match upload.take() {
            Some(Upload::Text {
                text,
                title,
                url,
                published,
            }) => {
                let mut article = text_article(&text, title, url);
                article.published = published;
                sink(Ok(article));
            }
            Some(Upload::Url(url)) => read_inputs(&[url], read, sink),
            Some(Upload::File { name, url, bytes }) => {
                read_bytes(&name, url.as_deref(), bytes, read, sink);
            }
            None => {}
        };
        PendingUpload(Staged::read(&mut reader))
    }

    /// Extracts the events of every article read and not found stored, without a store.
    pub fn extract(&self, pending: &mut PendingUpload) {
        pending.0.extract(Pipeline::new(&self.extractor));
    }

    /// Stores what `pending` comes to into `store`, each article decided against the store as
    /// it is now (one stored since it was read or looked up is reported unchanged).
    ///
    /// # Errors
    /// A store failure (refused items are reported, not errors).
    pub fn store(&self, pending: PendingUpload, store: &mut dyn Store) -> Result<IngestReport> {
        let summary = pending.0.store(
            store,
            Pipeline::new(&self.extractor),
            IngestOptions::batches_of(256),
            &mut |_| {},
        )?;
        Ok(IngestReport {
            inserted: summary.stored,
            unchanged: summary.unchanged,
            events: summary.events,
            documents: summary.documents,
            rejected: summary
                .rejections
                .into_iter()
                .map(|(item, reason)| Rejected { item, reason })
                .collect(),
            not_read: summary
                .unread_documents
                .into_iter()
                .map(|(document, language)| NotRead {
                    language_name: crate::language::name(&language).to_string(),
                    message: format!(
                        "in {}, a language Vigil does not read yet: its events are not extracted",
                        crate::language::name(&language)
                    ),
                    document,
                    language,
                })
                .collect(),
        })
    }
}
