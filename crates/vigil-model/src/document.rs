//! Documents and what the NLP stage marks in them.

use crate::{Date, Event, Span};
use serde::{Deserialize, Serialize};

/// One article, with its text already normalised (see `vigil-nlp`).
///
/// All spans of sentences, tokens, mentions and events index into [`Document::text`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id (derived from the source and content by the caller).
    pub id: String,
    /// Where it came from: a file path, URL, or `-` for stdin.
    pub source: String,
    /// The headline, when known.
    pub title: Option<String>,
    /// Publication date, when known; relative times are resolved against it.
    pub published: Option<Date>,
    /// Normalised text.
    pub text: String,
}

impl Document {
    /// The quote of a span of this document.
    ///
    /// # Panics
    /// Panics when the span was not made for this document's text.
    #[must_use]
    pub fn quote(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// The header of this document as printed in extraction output.
    #[must_use]
    pub fn meta(&self) -> DocumentMeta {
        DocumentMeta {
            id: self.id.clone(),
            source: self.source.clone(),
            url: None,
            title: self.title.clone(),
            published: self.published,
            site_name: None,
            duplicate_of: None,
            language: None,
        }
    }
}

/// A document's metadata, without its text: what extraction says of a document (id, source,
/// title, publication date) and what a store adds (URL, site, the original a near-duplicate
/// copies). One concept for both: the extraction output prints its header fields only
/// ([`DocumentOutput`]); stored records print all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Document id.
    pub id: String,
    /// Where it came from.
    pub source: String,
    /// Canonical URL (known to a store).
    #[serde(default)]
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
    /// Publisher or site name (known to a store).
    #[serde(default)]
    pub site_name: Option<String>,
    /// The original this document nearly duplicates (known to a store).
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// The language of its text as detected (ISO 639-1, `en`; `und` when the text is too
    /// short or mixed to tell), when a language was detected: the extraction output prints it
    /// when known, a store keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// The header fields of [`DocumentMeta`] that the extraction output contract prints.
fn serialize_header<S: serde::Serializer>(meta: &DocumentMeta, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Header<'a> {
        id: &'a str,
        source: &'a str,
        title: &'a Option<String>,
        published: &'a Option<Date>,
        #[serde(skip_serializing_if = "Option::is_none")]
        language: &'a Option<String>,
    }
    Header {
        id: &meta.id,
        source: &meta.source,
        title: &meta.title,
        published: &meta.published,
        language: &meta.language,
    }
    .serialize(s)
}

/// One document's extraction result: the object `vigil extract --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentOutput {
    /// The document header (printed with the contract's fields: id, source, title, published,
    /// and the language when detected).
    #[serde(serialize_with = "serialize_header")]
    pub document: DocumentMeta,
    /// Events in text order.
    pub events: Vec<Event>,
}

/// How the letters of a text are cased — a signal for guards, never a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseProfile {
    /// Ordinary mixed-case prose.
    Mixed,
    /// Everything lower case (old wire transcripts, chat).
    Lower,
    /// Everything upper case (telex, headlines).
    Upper,
}

impl CaseProfile {
    /// True when capital letters carry information in this text.
    #[must_use]
    pub fn is_mixed(self) -> bool {
        self == CaseProfile::Mixed
    }
}

/// What part of an article a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    /// The headline (first line, no closing punctuation).
    Headline,
    /// Ordinary article text.
    Body,
    /// A photo caption: may describe a different event.
    Caption,
    /// Site furniture ("Follow X on Twitter"): never yields events.
    Boilerplate,
}

/// A sentence of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// Index in the document, from 0.
    pub index: usize,
    /// Byte span, trimmed of surrounding whitespace.
    pub span: Span,
    /// Paragraph index, from 0.
    pub paragraph: usize,
    /// Headline, body, caption or boilerplate.
    pub kind: SentenceKind,
}

/// Coarse token classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters (with inner apostrophes, hyphens or periods: "al-Qaeda", "U.S.").
    Word,
    /// Digits (with inner separators: "1,300", "3.5").
    Number,
    /// Punctuation.
    Punct,
    /// Anything else (symbols, emoji).
    Symbol,
}

/// A token of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Byte span.
    pub span: Span,
    /// Class.
    pub kind: TokenKind,
}

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A militant group (`grp:`).
    Group,
    /// A state (`state:XX`).
    State,
    /// A government agency or force (`agency:`).
    Agency,
    /// A militant media outlet (`media:`).
    Media,
    /// Another organisation (`org:`).
    Organisation,
    /// A person.
    Person,
    /// An official or organisational title ("Secretary of Defense", "spokesman").
    Title,
    /// A place.
    Place,
}

/// A stretch of text that names something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Byte span.
    pub span: Span,
    /// What it names.
    pub kind: MentionKind,
    /// Canonical id when known (`grp:islamic-state`, `state:FR`, `geonames:2988507`).
    pub id: Option<String>,
}
