//! HTML pages: main text and metadata.
//!
//! [`read_html`] decodes the bytes (BOM, declared charset, else detection), parses the page
//! with a small forgiving parser of its own, reads the metadata (`<meta>`, OpenGraph, JSON-LD
//! including `@graph`, microdata, hAtom, `<link rel=canonical>`, `<time datetime>`, dates in
//! the URL) and extracts the main text: boilerplate (navigation, cookie banners, share
//! prompts, comments, related-article lists, ads) is dropped by element, role, class and link
//! density; the container of the story is found by paragraph scores; the headline comes first,
//! then standfirst, body paragraphs and captions in reading order. The publication date weighs
//! the metadata against the dates printed around the headline (see `pubdate`).
//!
//! The crates `rs-trafilatura`, `trafilatura` and `dom_smoothie` were measured on the
//! trafilatura evaluation set first; none reached the accuracy or the speed needed here
//! (see `eval`), so this reader is written for both.

mod charset;
mod dom;
mod extract;
mod meta;
mod pubdate;

use crate::dates::DateOrder;
use crate::{Article, Cause, Paragraph, ParagraphKind};

/// Reads an HTML page: its main text as paragraphs (headline first) and its metadata.
///
/// `url` is where the page came from; the article's `url` is the page's canonical link when it
/// has one, else `url`. `source` is left empty for the caller.
///
/// # Errors
/// [`Cause::Binary`] for bytes that are not text (NUL bytes, control characters), and
/// [`Cause::Empty`] for a page with no text once markup and boilerplate are removed.
pub fn read_html(bytes: &[u8], url: Option<&str>) -> Result<Article, Cause> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Cause::Empty("no bytes".into()));
    }
    if charset::looks_binary(bytes) {
        return Err(Cause::Binary("binary data, not HTML".into()));
    }
    let (text, _) = charset::decode(bytes);
    let dom = dom::Dom::parse(&text);
    let meta = meta::read(&dom, url);
    let ex = extract::extract(&dom, meta.title.as_deref());
    let mut paragraphs = ex.paragraphs;
    if !paragraphs.iter().any(|p| p.kind != ParagraphKind::Headline) {
        return Err(Cause::Empty("no text in the page".into()));
    }
    // Numeric dates printed with slashes are read in the order of the page's language.
    let order = meta
        .language
        .as_deref()
        .map_or(DateOrder::Unambiguous, DateOrder::for_language);
    let printed = pubdate::printed_around(&dom, ex.headline, ex.root, order);
    let published = pubdate::choose(&meta, &printed);
    let title = paragraphs
        .iter()
        .find(|p| p.kind == ParagraphKind::Headline)
        .map(|p| p.text.clone())
        .or(meta.title);
    dedup_adjacent(&mut paragraphs);
    Ok(Article {
        source: String::new(),
        url: meta.canonical,
        title,
        author: meta.author,
        published,
        modified: meta.modified,
        site_name: meta.site_name,
        language: meta.language,
        retrieved: None,
        paragraphs,
    })
}

/// Drops a paragraph that repeats the one before it (responsive pages print some twice).
fn dedup_adjacent(ps: &mut Vec<Paragraph>) {
    ps.dedup_by(|b, a| a.text == b.text);
}
