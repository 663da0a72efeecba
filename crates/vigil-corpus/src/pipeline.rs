//! One article through extraction: the pure step of the ingest pipeline, shared by `vigil
//! extract` (which prints the output) and every path that stores it.

use crate::identity::{origin, Identity};
use vigil_extract::{Extractor, Input};
use vigil_ingest::dedup::simhash;
use vigil_ingest::Article;
use vigil_model::{Date, DocumentOutput};
use vigil_store::StoredDoc;

/// An article as the extractor's input, under document id `id`; `published` is used when the
/// article gives no date.
#[must_use]
pub fn to_input(article: &Article, id: &str, published: Option<Date>) -> Input {
    let (text, captions) = article.text_and_captions();
    Input {
        id: id.to_string(),
        source: origin(article),
        title: article.title.clone(),
        published: article.published.or(published),
        text,
        captions,
    }
}

/// The language of a document's headline and text.
fn language_of(title: Option<&str>, text: &str) -> &'static str {
    match title {
        Some(t) if text.len() < crate::language::SAMPLE_BYTES => {
            crate::language::detect(&format!("{t}\n{text}"))
        }
        _ => crate::language::detect(text),
    }
}

/// Extraction of articles into storable documents.
#[derive(Clone, Copy)]
pub struct Pipeline<'a> {
    /// The extractor.
    pub extractor: &'a Extractor,
    /// Publication date for articles that give none.
    pub published: Option<Date>,
}

impl<'a> Pipeline<'a> {
    /// A pipeline over `extractor`, with no default publication date.
    #[must_use]
    pub fn new(extractor: &'a Extractor) -> Pipeline<'a> {
        Pipeline {
            extractor,
            published: None,
        }
    }

    /// The events of `article`, under its document id, with the language of its text (what
    /// `vigil extract` prints).
    #[must_use]
    pub fn extract(&self, article: &Article) -> DocumentOutput {
        let identity = Identity::of(article);
        let input = to_input(article, &identity.id, self.published);
        let mut out = self.extractor.extract(&input);
        out.document.language = Some(language_of(input.title.as_deref(), &input.text).into());
        out
    }

    /// Hashes, extracts and fingerprints one article.
    #[must_use]
    pub fn prepare(&self, article: &Article) -> (StoredDoc, DocumentOutput) {
        self.prepare_identified(article, &Identity::of(article))
    }

    /// [`Pipeline::prepare`] with the article's identity already computed.
    #[must_use]
    pub fn prepare_identified(
        &self,
        article: &Article,
        identity: &Identity,
    ) -> (StoredDoc, DocumentOutput) {
        self.prepare_fingerprinted(article, identity, simhash(&article.body_text()))
    }

    /// [`Pipeline::prepare`] with identity and SimHash fingerprint already computed.
    #[must_use]
    pub fn prepare_fingerprinted(
        &self,
        article: &Article,
        identity: &Identity,
        fingerprint: u64,
    ) -> (StoredDoc, DocumentOutput) {
        let input = to_input(article, &identity.id, self.published);
        let (doc, mut out) = self.extractor.extract_document(&input);
        let language = language_of(doc.title.as_deref(), &doc.text).to_string();
        out.document.language = Some(language.clone());
        let mut stored = StoredDoc::new(
            &identity.id,
            &article.source,
            &identity.hash,
            fingerprint,
            &doc.text,
        );
        stored.url.clone_from(&article.url);
        stored.title = article.title.clone().or(doc.title.clone());
        stored.author.clone_from(&article.author);
        stored.published = input.published;
        stored.modified = article.modified;
        stored.site_name.clone_from(&article.site_name);
        stored.language = Some(language);
        stored.declared_language.clone_from(&article.language);
        stored.retrieved = article.retrieved;
        (stored, out)
    }
}
