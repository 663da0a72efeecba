//! Uploads: what `POST /api/v1/documents` carries — text, a URL to fetch, or a file's bytes —
//! through the same pipeline as `vigil ingest`.

use crate::error::Result;
use crate::ingest::{ingest, IngestOptions, Sink};
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
pub struct Uploads {
    extractor: Extractor,
    read: Options,
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
        let read = &self.read;
        let mut reader = |sink: &mut Sink<'_>| match upload.clone() {
            Upload::Text {
                text,
                title,
                url,
                published,
            } => {
                let mut article = text_article(&text, title, url);
                article.published = published;
                sink(Ok(article));
            }
            Upload::Url(url) => read_inputs(&[url], read, sink),
            Upload::File { name, url, bytes } => {
                read_bytes(&name, url.as_deref(), bytes, read, sink);
            }
        };
        let summary = ingest(
            store,
            Pipeline::new(&self.extractor),
            IngestOptions::batches_of(256),
            &mut reader,
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
