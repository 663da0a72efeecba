//! One document id for every command: `vigil extract`, `vigil ingest`, uploads, feeds and
//! workers all name an article the same way.
//!
//! An article's identity hash is SHA-256 over its source (the URL when known, else the path or
//! the record's name) and its text; its document id is a readable stem of the source and the
//! first 12 hex digits of that hash (`kabul-attack-3f9a1c0b52de`). The same file read by the
//! same path gets the same id whichever command reads it, and the store recognises an article
//! it holds by the hash before extracting it again.

use vigil_ingest::dedup::content_hash;
use vigil_ingest::Article;

/// Where an article comes from, as its identity counts it: the URL when known, else the
/// source (a path, `path#record`, `-`).
#[must_use]
pub fn origin(article: &Article) -> String {
    article
        .url
        .clone()
        .unwrap_or_else(|| article.source.clone())
}

/// The identity hash of an article (source and text): 64 hex digits.
#[must_use]
pub fn identity_hash(article: &Article) -> String {
    content_hash(&format!("{}\n{}", origin(article), article.text()))
}

/// A stable document id: a readable stem of `source` and 12 hex digits of `hash`.
///
/// # Panics
/// When `hash` has fewer than 12 characters.
#[must_use]
pub fn document_id(source: &str, hash: &str) -> String {
    let name = source
        .rsplit(['/', '\\', '#'])
        .find(|part| !part.is_empty())
        .unwrap_or("doc");
    let stem: String = name
        .split('.')
        .next()
        .unwrap_or("doc")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect();
    let stem = if stem.is_empty() || stem == "-" {
        "doc".to_string()
    } else {
        stem
    };
    format!("{stem}-{}", &hash[..12])
}

/// An article's identity: its hash and document id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// SHA-256 over source and text.
    pub hash: String,
    /// The document id.
    pub id: String,
}

impl Identity {
    /// The identity of `article`.
    #[must_use]
    pub fn of(article: &Article) -> Identity {
        let hash = identity_hash(article);
        Identity {
            id: document_id(&origin(article), &hash),
            hash,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_a_readable_stem_and_the_hash() {
        let hash = "0123456789abcdef".repeat(4);
        assert_eq!(
            document_id("../shared/news/Kabul attack.html", &hash),
            "Kabulattack-0123456789ab"
        );
        assert_eq!(
            document_id("https://example.org/a/story-1/", &hash),
            "story-1-0123456789ab"
        );
        assert_eq!(document_id("crawl.warc#3", &hash), "3-0123456789ab");
        assert_eq!(document_id("-", &hash), "doc-0123456789ab");
    }
}
