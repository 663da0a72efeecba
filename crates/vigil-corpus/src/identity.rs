//! One document id for every command: `vigil extract`, `vigil ingest`, uploads, feeds and
//! workers all name an article the same way.
//!
//! An article's identity hash is SHA-256 over its origin (the URL when known, else the file's
//! name without its directories, with the record of an archive: `dump.jsonl#3`) and its text;
//! its document id is a readable stem of the source and the first 12 hex digits of that hash
//! (`kabul-attack-3f9a1c0b52de`). The same file gets the same id whichever command reads it
//! and however its path is written (`kabul.html`, `./news/kabul.html`, an upload named
//! `kabul.html`), and the store recognises an article it holds by the hash before extracting it
//! again. Vigil before 0.1 hashed the whole path: [`Identity::legacy_hash`] finds what it
//! stored, so a store it wrote is resumed, not filled twice.

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

/// What the identity hash counts of an article's origin: the URL when known, else the source
/// without its directories (`news/kabul.html` → `kabul.html`, `dumps/a.jsonl#3` → `a.jsonl#3`;
/// `-`, `api:text` and `demo:…` as they are).
#[must_use]
pub fn identity_origin(article: &Article) -> String {
    match &article.url {
        Some(url) => url.clone(),
        None => article
            .source
            .rsplit(['/', '\\'])
            .find(|part| !part.is_empty())
            .unwrap_or(&article.source)
            .to_string(),
    }
}

/// The identity hash of an article (origin and text): 64 hex digits.
#[must_use]
pub fn identity_hash(article: &Article) -> String {
    content_hash(&format!("{}\n{}", identity_origin(article), article.text()))
}

/// A stable document id: a readable stem of `source` and 12 hex digits of `hash`.
///
/// # Panics
/// When `hash` has fewer than 12 characters.
#[must_use]
pub fn document_id(source: &str, hash: &str) -> String {
    // `demo:demo-01` → `demo-01`, as `kabul.html` → `kabul`.
    let name = source
        .rsplit(['/', '\\', '#', ':'])
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
    /// SHA-256 over origin and text.
    pub hash: String,
    /// The document id.
    pub id: String,
    /// The hash an older Vigil gave the same article (over the whole path as written), when it
    /// differs: a store it filled holds the article under this hash.
    pub legacy_hash: Option<String>,
}

impl Identity {
    /// The identity of `article`.
    #[must_use]
    pub fn of(article: &Article) -> Identity {
        let hash = identity_hash(article);
        let legacy = content_hash(&format!("{}\n{}", origin(article), article.text()));
        Identity {
            id: document_id(&origin(article), &hash),
            legacy_hash: (legacy != hash).then_some(legacy),
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
        assert_eq!(document_id("demo:demo-01", &hash), "demo-01-0123456789ab");
    }

    fn article(source: &str, url: Option<&str>) -> Article {
        let mut a = crate::uploads::text_article("Gunmen attacked a police post.", None, None);
        a.source = source.into();
        a.url = url.map(String::from);
        a
    }

    #[test]
    fn a_file_has_one_identity_however_its_path_is_written() {
        let plain = Identity::of(&article("kabul.html", None));
        for path in ["./kabul.html", "news/kabul.html", "/srv/news/kabul.html"] {
            let other = Identity::of(&article(path, None));
            assert_eq!((&other.id, &other.hash), (&plain.id, &plain.hash), "{path}");
            assert!(other.legacy_hash.is_some(), "{path}");
        }
        assert_eq!(plain.legacy_hash, None);
        assert!(plain.id.starts_with("kabul-"));
        // The URL, when known, is the origin; other text is another document.
        let web = Identity::of(&article("news/kabul.html", Some("https://x.example/kabul")));
        assert_ne!(web.hash, plain.hash);
        let mut other = article("kabul.html", None);
        other.paragraphs[0].text.push_str(" Two were killed.");
        assert_ne!(Identity::of(&other).hash, plain.hash);
    }
}
