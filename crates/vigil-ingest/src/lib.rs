//! Vigil's readers: everything that turns bytes from the outside world into articles.
//!
//! Plain text, HTML pages (main text, headline, standfirst, captions, metadata from `<meta>`,
//! OpenGraph, JSON-LD and `<time>`, charset detection), RSS 2.0 and Atom feeds (one article per
//! item), WARC archives (gzip or plain, streamed with capped decompression), JSONL dumps with
//! configurable field names, directories, stdin and user-requested URLs. Each article carries a
//! content hash (exact duplicates) and a SimHash fingerprint (near duplicates such as a wire
//! story syndicated with a different headline).
//!
//! Reading never panics on bad input: every problem is an [`IngestError`] naming the item and
//! the cause, and the caller goes on with the next item.
#![deny(missing_docs)]

pub mod dates;
pub mod dedup;
pub mod eval;
pub mod feed;
pub mod fetch;
pub mod html;
pub mod jsonl;
pub mod markup;
pub mod source;
pub mod warc;

use serde::{Deserialize, Serialize};
use vigil_model::Date;

/// Whitespace collapsed to single spaces, trimmed.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// What a paragraph of an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// The headline.
    Headline,
    /// The standfirst (dek, summary line under the headline).
    Standfirst,
    /// A paragraph of the story.
    Body,
    /// A photo or video caption.
    Caption,
}

/// One paragraph of an article's main text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// What the paragraph is.
    pub kind: ParagraphKind,
    /// Its text, whitespace collapsed, no markup.
    pub text: String,
}

/// An article read from some source, before extraction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Article {
    /// Where it came from: a file path, `path#item-3`, a WARC record id, a URL, or `-`.
    pub source: String,
    /// The article's URL (canonical URL, feed item link, WARC target URI), when known.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
    /// Last modification date.
    pub modified: Option<Date>,
    /// Site or publisher name.
    pub site_name: Option<String>,
    /// Language code as declared ("en", "fr-FR").
    pub language: Option<String>,
    /// When the page was captured or fetched (a WARC record's date): an upper bound for the
    /// publication date, never a stand-in for it.
    pub retrieved: Option<Date>,
    /// Main text, in reading order. The headline, when known, is the first paragraph.
    pub paragraphs: Vec<Paragraph>,
}

impl Article {
    /// The main text: paragraphs separated by blank lines.
    #[must_use]
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.paragraphs {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&p.text);
        }
        out
    }

    /// The main text and the byte ranges of its caption paragraphs.
    #[must_use]
    pub fn text_and_captions(&self) -> (String, Vec<std::ops::Range<usize>>) {
        let mut out = String::new();
        let mut captions = Vec::new();
        for p in &self.paragraphs {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            let start = out.len();
            out.push_str(&p.text);
            if p.kind == ParagraphKind::Caption {
                captions.push(start..out.len());
            }
        }
        (out, captions)
    }

    /// The text without its headline paragraph (what extraction and fingerprints read after
    /// the title is set apart).
    #[must_use]
    pub fn body_text(&self) -> String {
        let mut a = self.clone();
        a.paragraphs.retain(|p| p.kind != ParagraphKind::Headline);
        a.text()
    }
}

/// A problem with one input item. The message names the item and the cause.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{item}: {cause}")]
pub struct IngestError {
    /// The item: a path, `path#record-n`, or a URL.
    pub item: String,
    /// What went wrong.
    pub cause: Cause,
}

/// Why an item was rejected; also the key of the rejection counts in a run summary.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum Cause {
    /// No such file or directory.
    #[error("no such file")]
    NotFound,
    /// The file or response is empty, or holds no text once markup is removed.
    #[error("{0}")]
    Empty(String),
    /// Bytes that are not text (a binary file named `.html`).
    #[error("{0}")]
    Binary(String),
    /// Larger than the configured cap.
    #[error("too large: {0}")]
    TooLarge(String),
    /// A malformed container or format (truncated gzip, broken WARC header, invalid feed,
    /// bad JSON line).
    #[error("malformed: {0}")]
    Malformed(String),
    /// Reading failed (permissions, IO error).
    #[error("unreadable: {0}")]
    Io(String),
    /// A URL could not be fetched (status, timeout, too many redirects).
    #[error("fetch failed: {0}")]
    Fetch(String),
}

impl Cause {
    /// A short stable name for counting rejections by reason.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Cause::NotFound => "not_found",
            Cause::Empty(_) => "empty",
            Cause::Binary(_) => "not_text",
            Cause::TooLarge(_) => "too_large",
            Cause::Malformed(_) => "malformed",
            Cause::Io(_) => "unreadable",
            Cause::Fetch(_) => "fetch_failed",
        }
    }
}
