//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item is an article with its title, link, date,
//! author and its content (or, when the feed has none, its summary).

use crate::dates::parse_date;
use crate::markup::{decode_entities, fragment_paragraphs};
use crate::{Article, Cause, Paragraph, ParagraphKind};
use quick_xml::escape::unescape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

/// True when the bytes look like a feed (an `<rss`, `<feed` or `<rdf:RDF` root near the start).
#[must_use]
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    author: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    id: Option<String>,
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            unescape(&String::from_utf8_lossy(&a.value))
                .ok()
                .map(Cow::into_owned)
        })
}

/// The most items read from one feed; those after are counted and left
/// ([`FeedItems::skipped`]).
pub const MAX_FEED_ITEMS: usize = 10_000;

/// The items of a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItems {
    /// Articles, in feed order (at most [`MAX_FEED_ITEMS`]).
    pub articles: Vec<Article>,
    /// Items past [`MAX_FEED_ITEMS`], not read.
    pub skipped: usize,
    /// The sources (`origin#item-3`) of items with neither title nor text.
    pub without_text: Vec<String>,
}

/// Reads a feed. `origin` names it in item sources (`origin#item-3`) and errors.
///
/// # Errors
/// [`Cause::Malformed`] for XML that does not parse or a document that is not a feed;
/// [`Cause::Empty`] for a feed without items.
pub fn read_feed(bytes: &[u8], origin: &str) -> Result<FeedItems, Cause> {
    let mut skipped = 0;
    let mut reader = Reader::from_reader(bytes);
    // Text is trimmed per element at its end tag, not per text event: quick-xml reports each
    // `&…;` as its own event, and trimming the text around one would eat the spaces beside it.
    // A lone `&` (common in hand-made feeds) is text, as it was before quick-xml 0.38.
    reader.config_mut().trim_text(false);
    reader.config_mut().allow_dangling_amp = true;
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut root: Option<String> = None;
    let mut items: Vec<Item> = Vec::new();
    let mut cur: Option<Item> = None;
    let mut site: Option<String> = None;
    let mut language: Option<String> = None;
    let mut text = String::new();
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            Cause::Malformed(format!(
                "invalid feed XML at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if root.is_none() {
                    if !matches!(name.as_str(), "rss" | "feed" | "rdf") {
                        return Err(Cause::Malformed(format!(
                            "not an RSS or Atom feed (root element <{name}>)"
                        )));
                    }
                    if name == "feed" {
                        language = attr(&e, b"lang");
                    }
                    root = Some(name.clone());
                }
                if matches!(name.as_str(), "item" | "entry") {
                    cur = Some(Item::default());
                }
                if name == "link" {
                    link(&e, cur.as_mut());
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if name == "link" {
                    link(&e, cur.as_mut());
                }
            }
            Event::Text(t) => {
                let raw = String::from_utf8_lossy(t.as_ref()).into_owned();
                text.push_str(&decode_entities(&raw));
            }
            Event::GeneralRef(r) => {
                let raw = format!("&{};", String::from_utf8_lossy(r.as_ref()));
                text.push_str(&decode_entities(&raw));
            }
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(t.as_ref())),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let value = text.trim().to_string();
                text.clear();
                if matches!(name.as_str(), "item" | "entry") {
                    if let Some(it) = cur.take() {
                        if items.len() < MAX_FEED_ITEMS {
                            items.push(it);
                        } else {
                            skipped += 1;
                        }
                    }
                    continue;
                }
                if value.is_empty() {
                    continue;
                }
                match cur.as_mut() {
                    Some(it) if matches!(parent, "item" | "entry") => match name.as_str() {
                        "title" => it.title = Some(value),
                        "link" if it.link.is_none() => it.link = Some(value),
                        "pubdate" | "published" | "issued" | "date" => it.date = Some(value),
                        "updated" | "modified" => it.updated = Some(value),
                        "creator" | "author" => it.author = Some(value),
                        "description" | "summary" => it.summary = Some(value),
                        "encoded" | "content" => it.content = Some(value),
                        "guid" | "id" => it.id = Some(value),
                        _ => {}
                    },
                    Some(it) if name == "name" && parent == "author" => it.author = Some(value),
                    None if name == "title" && matches!(parent, "channel" | "feed") => {
                        site.get_or_insert(value);
                    }
                    None if name == "language" && parent == "channel" => language = Some(value),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if root.is_none() {
        return Err(Cause::Malformed(
            "not an RSS or Atom feed (no root element)".into(),
        ));
    }
    if cur.is_some() || !path.is_empty() {
        return Err(Cause::Malformed(
            "feed ends inside an element (truncated?)".into(),
        ));
    }
    if items.is_empty() {
        return Err(Cause::Empty("feed has no items".into()));
    }
    let mut without_text = Vec::new();
    let articles = items
        .into_iter()
        .enumerate()
        .map(|(i, it)| {
            let mut paragraphs = Vec::new();
            if let Some(t) = &it.title {
                let t = fragment_paragraphs(t).join(" ");
                if !t.is_empty() {
                    paragraphs.push(Paragraph {
                        kind: ParagraphKind::Headline,
                        text: t,
                    });
                }
            }
            let body = it.content.as_ref().or(it.summary.as_ref());
            for p in body.map(|b| fragment_paragraphs(b)).unwrap_or_default() {
                paragraphs.push(Paragraph {
                    kind: ParagraphKind::Body,
                    text: p,
                });
            }
            Article {
                source: format!("{origin}#item-{}", i + 1),
                url: it.link.clone().or_else(|| {
                    it.id
                        .clone()
                        .filter(|g| g.starts_with("http://") || g.starts_with("https://"))
                }),
                title: paragraphs
                    .first()
                    .filter(|p| p.kind == ParagraphKind::Headline)
                    .map(|p| p.text.clone()),
                author: it.author,
                published: it.date.as_deref().and_then(parse_date),
                modified: it.updated.as_deref().and_then(parse_date),
                site_name: site.clone(),
                language: language.clone(),
                retrieved: None,
                paragraphs,
            }
        })
        .filter(|a: &Article| {
            let empty = a.paragraphs.iter().all(|p| p.text.trim().is_empty());
            if empty {
                without_text.push(a.source.clone());
            }
            !empty
        })
        .collect();
    Ok(FeedItems {
        articles,
        skipped,
        without_text,
    })
}

/// Atom links are attributes: the `alternate` one (or one without `rel`) is the article.
fn link(e: &BytesStart, cur: Option<&mut Item>) {
    let Some(it) = cur else { return };
    let rel = attr(e, b"rel");
    if let Some(href) = attr(e, b"href") {
        if rel.as_deref().is_none_or(|r| r == "alternate") && it.link.is_none() {
            it.link = Some(href);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Wire</title><language>en-gb</language>
<item><title>Bomb wounds 11 at Istanbul bus stop</title><link>https://example.org/a/1</link>
<pubDate>Fri, 09 Aug 2024 14:02:00 +0300</pubDate><dc:creator>A. Reporter</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>A bomb hidden in a bin exploded at a bus stop in Istanbul on Friday, wounding 11 people.</p><p>Police suspected the PKK.</p>]]></content:encoded></item>
<item><title>Second &amp; last</title><link>https://example.org/a/2</link><pubDate>Sat, 10 Aug 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt; summary.&lt;/p&gt;</description></item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Exemple</title>
<entry><title type="html">Alerte relevée</title><id>urn:uuid:1</id>
<link rel="self" href="https://example.fr/self"/><link rel="alternate" href="https://example.fr/1"/>
<published>2025-02-04T07:00:00+01:00</published><updated>2025-02-05T07:00:00Z</updated>
<author><name>Jeanne Dupont</name></author>
<summary type="html">&lt;p&gt;Le niveau de menace a été relevé.&lt;/p&gt;</summary></entry>
</feed>"#;

    #[test]
    fn rss_items() {
        let items = read_feed(RSS.as_bytes(), "wire.xml").unwrap().articles;
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!(a.source, "wire.xml#item-1");
        assert_eq!(a.url.as_deref(), Some("https://example.org/a/1"));
        assert_eq!(a.published.unwrap().to_string(), "2024-08-09");
        assert_eq!(a.author.as_deref(), Some("A. Reporter"));
        assert_eq!(a.site_name.as_deref(), Some("Example Wire"));
        assert_eq!(a.language.as_deref(), Some("en-gb"));
        assert_eq!(a.paragraphs.len(), 3, "headline + content paragraphs");
        assert_eq!(a.paragraphs[2].text, "Police suspected the PKK.");
        assert_eq!(items[1].title.as_deref(), Some("Second & last"));
        assert_eq!(items[1].paragraphs[1].text, "Escaped HTML summary.");
    }

    #[test]
    fn atom_entries() {
        let items = read_feed(ATOM.as_bytes(), "f.atom").unwrap().articles;
        assert_eq!(items.len(), 1);
        let a = &items[0];
        assert_eq!(a.url.as_deref(), Some("https://example.fr/1"));
        assert_eq!(a.published.unwrap().to_string(), "2025-02-04");
        assert_eq!(a.modified.unwrap().to_string(), "2025-02-05");
        assert_eq!(a.author.as_deref(), Some("Jeanne Dupont"));
        assert_eq!(a.language.as_deref(), Some("fr"));
        assert_eq!(a.paragraphs[1].text, "Le niveau de menace a été relevé.");
    }

    #[test]
    fn references_and_lone_ampersands_in_text() {
        let f = "<rss><channel><item><title>AT&T &amp; Co&#39;s &quot;x&quot;&nbsp;y</title>\
                 <link>https://example.org/?a=1&amp;b=2</link></item></channel></rss>";
        let a = &read_feed(f.as_bytes(), "x").unwrap().articles[0];
        assert_eq!(a.title.as_deref(), Some("AT&T & Co's \"x\" y"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/?a=1&b=2"));
    }

    #[test]
    fn bad_feeds() {
        let e = read_feed(b"<html><body>hi</body></html>", "x").unwrap_err();
        assert!(
            matches!(e, Cause::Malformed(ref m) if m.contains("not an RSS")),
            "{e}"
        );
        let e = read_feed(&RSS.as_bytes()[..300], "x").unwrap_err();
        assert!(matches!(e, Cause::Malformed(_)), "{e}");
        let e = read_feed(b"<rss><channel><title>t</title></channel></rss>", "x").unwrap_err();
        assert!(matches!(e, Cause::Empty(_)), "{e}");
        assert!(read_feed(b"", "x").is_err());
        assert!(looks_like_feed(RSS.as_bytes()) && looks_like_feed(ATOM.as_bytes()));
    }

    #[test]
    fn items_past_the_cap_are_counted_not_read() {
        let mut f = String::from("<rss><channel><title>Flood</title>");
        for i in 0..MAX_FEED_ITEMS + 25 {
            f.push_str(&format!(
                "<item><title>Item {i}</title><description>Text {i}.</description></item>"
            ));
        }
        f.push_str("</channel></rss>");
        let got = read_feed(f.as_bytes(), "flood.rss").unwrap();
        assert_eq!(got.articles.len(), MAX_FEED_ITEMS);
        assert_eq!(got.skipped, 25);
        assert_eq!(got.articles[0].title.as_deref(), Some("Item 0"));
    }
}
