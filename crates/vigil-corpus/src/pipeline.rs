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

    /// The events of `article`, under its document id (what `vigil extract` prints).
    #[must_use]
    pub fn extract(&self, article: &Article) -> DocumentOutput {
        let identity = Identity::of(article);
        self.extractor
            .extract(&to_input(article, &identity.id, self.published))
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
        let (doc, out) = self.extractor.extract_document(&input);
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
        stored.language.clone_from(&article.language);
        stored.retrieved = article.retrieved;
        (stored, out)
    }
}
