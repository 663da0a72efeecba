//! Page metadata: `<title>`, `<meta>`, OpenGraph, JSON-LD, `<link rel=canonical>`, `<time>`.

use serde_json::Value;
use vigil_model::Date;

use super::dom::{Attr, Dom, Tag};
use crate::dates::parse_date;

/// What the head of a page (and a few marked elements of its body) says about it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    /// The publication date the metadata gives, and the rank of its source (lower is
    /// better: 0–2 JSON-LD and `article:published_time`, 3 other `<meta>`, 4–6 microdata).
    pub published: Option<(Date, u8)>,
    pub modified: Option<Date>,
    /// The first `<time datetime>` of the page.
    pub first_time: Option<Date>,
    /// A date in the page's URL or canonical link.
    pub url_date: Option<Date>,
    /// A date in the `<title>`.
    pub title_date: Option<Date>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub canonical: Option<String>,
}

/// Values found for one field, best source first (lower rank is better).
#[derive(Default)]
struct Best {
    value: Option<String>,
    rank: u8,
}

impl Best {
    fn offer(&mut self, v: &str, rank: u8) {
        let v = collapse(v);
        if v.is_empty() {
            return;
        }
        if self.value.is_none() || rank < self.rank {
            self.value = Some(v);
            self.rank = rank;
        }
    }
}

pub(crate) use crate::collapse;

/// The best date offered for a field (lower rank is better); values that are no date are
/// not taken.
#[derive(Default)]
struct BestDate {
    value: Option<Date>,
    rank: u8,
}

impl BestDate {
    fn offer(&mut self, v: &str, rank: u8) {
        if self.value.is_some() && rank >= self.rank {
            return;
        }
        if let Some(d) = parse_date(v) {
            self.value = Some(d);
            self.rank = rank;
        }
    }
}

#[derive(Default)]
struct Fields {
    title: Best,
    author: Best,
    published: BestDate,
    modified: BestDate,
    site: Best,
    lang: Best,
    canonical: Best,
}

/// Reads the metadata of a parsed page.
pub(crate) fn read(dom: &Dom<'_>, url: Option<&str>) -> Meta {
    let mut f = Fields::default();
    let mut doc_title = None;
    let mut first_time: Option<Date> = None;
    for (i, n) in dom.nodes.iter().enumerate() {
        match n.tag {
            Tag::Html => {
                if let Some(l) = dom.attr_of(n, Attr::Lang) {
                    f.lang.offer(l, 0);
                }
            }
            Tag::Title if doc_title.is_none() => {
                let mut s = String::new();
                dom.raw_text(i as u32, &mut s);
                let s = collapse(&s);
                if !s.is_empty() {
                    doc_title = Some(s);
                }
            }
            Tag::Meta => meta_tag(dom, dom.attr_of(n, Attr::Name), n, &mut f),
            Tag::Link => {
                let rel = dom.attr_of(n, Attr::Rel).unwrap_or("");
                if rel.eq_ignore_ascii_case("canonical") {
                    if let Some(h) = dom.attr_of(n, Attr::Href) {
                        f.canonical.offer(h, 0);
                    }
                }
            }
            Tag::Script if n.first_child != super::dom::NONE => {
                // A script has one raw text child.
                let src = dom.text(n.first_child);
                let ld = match dom.attr_of(n, Attr::Type) {
                    Some(ty) => ty.trim().eq_ignore_ascii_case("application/ld+json"),
                    // Untyped scripts that hold schema.org data.
                    None => {
                        let t = src.trim_start();
                        t.starts_with('{')
                            && memchr::memmem::find(
                                &t.as_bytes()[..t.len().min(200)],
                                b"schema.org",
                            )
                            .is_some()
                    }
                };
                if ld {
                    json_ld(src, &mut f);
                }
            }
            Tag::Time => {
                let dt = dom.attr_of(n, Attr::Datetime);
                if first_time.is_none() {
                    first_time = dt.and_then(parse_date);
                }
                // <time pubdate datetime="…">: the publication date (HTML5 drafts).
                if dom.attr_of(n, Attr::Pubdate).is_some() {
                    if let Some(d) = dt {
                        f.published.offer(d, 4);
                    }
                }
            }
            // hAtom: <abbr class="published" title="2008-05-26T10:00:00">.
            Tag::Abbr => {
                if let (Some(c), Some(t)) =
                    (dom.attr_of(n, Attr::Class), dom.attr_of(n, Attr::Title))
                {
                    if c.split_ascii_whitespace().any(|w| w == "published") {
                        f.published.offer(t, 5);
                    } else if c.split_ascii_whitespace().any(|w| w == "updated") {
                        f.modified.offer(t, 5);
                    }
                }
            }
            _ => {}
        }
        // Microdata on any element.
        if let Some(p) = dom.attr_of(n, Attr::Itemprop) {
            let value = || -> Option<String> {
                if let Some(c) = dom
                    .attr_of(n, Attr::Content)
                    .or_else(|| dom.attr_of(n, Attr::Datetime))
                {
                    return Some(c.to_string());
                }
                let mut s = String::new();
                dom.raw_text(i as u32, &mut s);
                (s.len() < 200).then_some(s)
            };
            match p.trim() {
                "datePublished" => {
                    if let Some(v) = value() {
                        f.published.offer(&v, 4);
                    }
                }
                "dateModified" => {
                    if let Some(v) = value() {
                        f.modified.offer(&v, 4);
                    }
                }
                "dateCreated" => {
                    if let Some(v) = value() {
                        f.published.offer(&v, 6);
                    }
                }
                "author" | "creator"
                    if n.tag != Tag::Meta || dom.attr_of(n, Attr::Content).is_some() =>
                {
                    if let Some(v) = value() {
                        let v = clean_author(&v);
                        if !v.is_empty() {
                            f.author.offer(&v, 5);
                        }
                    }
                }
                "headline" => {
                    if let Some(v) = value() {
                        f.title.offer(&v, 3);
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(t) = &doc_title {
        f.title.offer(&clean_title(t, f.site.value.as_deref()), 9);
    }
    let url_date = url
        .and_then(date_in_url)
        .or_else(|| f.canonical.value.as_deref().and_then(date_in_url));
    let title_date = doc_title
        .as_deref()
        .and_then(|t| crate::dates::find_date(t, crate::dates::DateOrder::Unambiguous))
        .map(|(d, _)| d);
    let canonical = f
        .canonical
        .value
        .map(|c| resolve(&c, url))
        .filter(|c| c.starts_with("http://") || c.starts_with("https://"))
        .or_else(|| url.map(str::to_string));
    Meta {
        title: f.title.value,
        author: f.author.value,
        published: f.published.value.map(|d| (d, f.published.rank)),
        modified: f.modified.value,
        first_time,
        url_date,
        title_date,
        site_name: f.site.value,
        language: f.lang.value.map(|l| l.replace('_', "-")),
        canonical,
    }
}

fn meta_tag(dom: &Dom<'_>, name: Option<&str>, n: &super::dom::Node, f: &mut Fields) {
    let Some(content) = dom.attr_of(n, Attr::Content) else {
        return;
    };
    let key = name
        .or_else(|| dom.attr_of(n, Attr::Property))
        .or_else(|| dom.attr_of(n, Attr::HttpEquiv))
        .or_else(|| dom.attr_of(n, Attr::Itemprop))
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    // A second key when both name and property are given.
    let key2 = dom.attr_of(n, Attr::Property).map(str::to_ascii_lowercase);
    for k in std::iter::once(key.as_str()).chain(key2.as_deref()) {
        match k {
            "og:title" => f.title.offer(content, 2),
            "twitter:title" => f.title.offer(content, 4),
            "dc.title" | "dcterms.title" => f.title.offer(content, 5),
            "author" | "article:author" | "dc.creator" | "dcterms.creator" | "byl"
            | "sailthru.author" | "parsely-author" | "twitter:creator" | "citation_author" => {
                let v = clean_author(content);
                if !v.is_empty() && !v.starts_with("http") && !v.starts_with('@') {
                    f.author.offer(&v, if k == "author" { 2 } else { 3 });
                }
            }
            "article:published_time"
            | "og:published_time"
            | "og:article:published_time"
            | "article.published"
            | "article:published_date"
            | "og:article:published"
            | "vr:published_time"
            | "published_time"
            | "publish_time"
            | "publication_date"
            | "publication-date" => f.published.offer(content, 1),
            "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "publish_date"
            | "parsely-pub-date"
            | "sailthru.date"
            | "dc.date"
            | "dc.date.issued"
            | "dc.date.created"
            | "dcterms.issued"
            | "dcterms.created"
            | "dcterms.date"
            | "citation_publication_date"
            | "citation_date"
            | "originalpublicationdate"
            | "datepublished"
            | "article:published"
            | "og:pubdate"
            | "date.release"
            | "release_date"
            | "creation_date"
            | "dc.date.published"
            | "dcterms.date.issued"
            | "prism.publicationdate"
            | "rnews:datepublished"
            | "bt:pubdate"
            | "date_published"
            | "pub_date"
            | "pdate"
            | "article.created"
            | "article_date_original"
            | "cxenseparse:recs:publishtime"
            | "displaydate"
            | "og:published"
            | "og:article:published_time:date" => f.published.offer(content, 3),
            "article:modified_time" | "og:updated_time" | "article:modified" => {
                f.modified.offer(content, 1);
            }
            "last-modified" | "dcterms.modified" | "dc.date.modified" | "datemodified"
            | "lastmod" | "revised" => f.modified.offer(content, 3),
            "og:site_name" => f.site.offer(content, 1),
            "application-name" | "dc.publisher" | "publisher" => f.site.offer(content, 4),
            "content-language" | "language" | "dc.language" => f.lang.offer(content, 1),
            "og:locale" => f.lang.offer(content, 3),
            "og:url" => f.canonical.offer(content, 2),
            _ => {}
        }
    }
}

/// Article-like JSON-LD types.
fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    matches!(
        t,
        "NewsArticle"
            | "Article"
            | "ReportageNewsArticle"
            | "AnalysisNewsArticle"
            | "OpinionNewsArticle"
            | "BackgroundNewsArticle"
            | "ReviewNewsArticle"
            | "AskPublicNewsArticle"
            | "BlogPosting"
            | "LiveBlogPosting"
            | "SocialMediaPosting"
            | "ScholarlyArticle"
            | "TechArticle"
            | "Report"
            | "DiscussionForumPosting"
            | "Review"
            | "Recipe"
    )
}

/// Other JSON-LD types of a page's main work (not the parts of one: images, people,
/// comments).
fn is_work_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    matches!(
        t,
        "CreativeWork"
            | "HowTo"
            | "VideoObject"
            | "AudioObject"
            | "PodcastEpisode"
            | "RadioEpisode"
            | "Episode"
            | "MediaObject"
            | "Guide"
            | "FAQPage"
            | "QAPage"
            | "AboutPage"
            | "CollectionPage"
            | "ProfilePage"
            | "Blog"
            | "Thesis"
            | "Book"
            | "Chapter"
            | "Course"
            | "PressRelease"
            | "Legislation"
            | "Dataset"
    )
}

/// The string value of `"key": "value"` (or single-quoted) in text that is not valid JSON.
fn loose_value<'a>(src: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(off) = src[from..].find(key) {
        let at = from + off;
        from = at + key.len();
        let before = src[..at].chars().next_back();
        if !matches!(before, Some('"' | '\'')) {
            continue;
        }
        let rest = src[from..].trim_start_matches(['"', '\'']).trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let q = rest.chars().next()?;
        if q != '"' && q != '\'' {
            continue;
        }
        let body = &rest[1..];
        let end = body.find(q)?;
        return Some(&body[..end]);
    }
    None
}

fn types(v: &Value) -> Vec<&str> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn json_ld(src: &str, f: &mut Fields) {
    let src = src.trim();
    let src = src
        .trim_start_matches("<!--")
        .trim_start_matches("//<![CDATA[")
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("-->")
        .trim_end_matches("//]]>")
        .trim_end_matches("]]>");
    let v: Value = match serde_json::from_str(src) {
        Ok(v) => v,
        Err(_) => {
            // Raw control characters inside strings are a common fault.
            let cleaned: String = src
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            match serde_json::from_str(&cleaned) {
                Ok(v) => v,
                Err(_) => {
                    // Not JSON (single quotes, trailing commas, comments): the dates alone.
                    if let Some(d) = loose_value(src, "datePublished") {
                        f.published.offer(d, 2);
                    }
                    if let Some(d) = loose_value(src, "dateModified") {
                        f.modified.offer(d, 2);
                    }
                    return;
                }
            }
        }
    };
    let mut items = Vec::new();
    collect_items(&v, &mut items, 0);
    for item in items {
        let ts = types(item);
        let article = ts.iter().any(|t| is_article_type(t));
        let page = ts
            .iter()
            .any(|t| matches!(*t, "WebPage" | "ItemPage" | "NewsMediaOrganization"));
        if article {
            if let Some(s) = item.get("headline").and_then(Value::as_str) {
                f.title.offer(s, 1);
            } else if let Some(s) = item.get("name").and_then(Value::as_str) {
                f.title.offer(s, 3);
            }
            if let Some(a) = item.get("author").or_else(|| item.get("creator")) {
                let names = person_names(a);
                if !names.is_empty() {
                    f.author.offer(&names.join(", "), 0);
                }
            }
            if let Some(s) = item.get("datePublished").and_then(Value::as_str) {
                f.published.offer(s, 0);
            } else if let Some(s) = item.get("dateCreated").and_then(Value::as_str) {
                f.published.offer(s, 2);
            }
            if let Some(s) = item.get("dateModified").and_then(Value::as_str) {
                f.modified.offer(s, 0);
            }
            if let Some(p) = item.get("publisher") {
                if let Some(s) = p.get("name").and_then(Value::as_str) {
                    f.site.offer(s, 2);
                }
            }
            if let Some(s) = item.get("inLanguage").and_then(Value::as_str) {
                f.lang.offer(s, 2);
            }
            if let Some(s) = item
                .get("mainEntityOfPage")
                .and_then(|m| m.as_str().or_else(|| m.get("@id").and_then(Value::as_str)))
            {
                f.canonical.offer(s, 3);
            }
        } else if page || ts.iter().any(|t| is_work_type(t)) {
            if let Some(s) = item.get("datePublished").and_then(Value::as_str) {
                f.published.offer(s, 2);
            } else if let Some(s) = item.get("uploadDate").and_then(Value::as_str) {
                f.published.offer(s, 2);
            }
            if let Some(s) = item.get("dateModified").and_then(Value::as_str) {
                f.modified.offer(s, 2);
            }
        }
        if ts.contains(&"WebSite") {
            if let Some(s) = item.get("name").and_then(Value::as_str) {
                f.site.offer(s, 3);
            }
        }
    }
}

fn collect_items<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                collect_items(x, out, depth + 1);
            }
        }
        Value::Object(o) => {
            out.push(v);
            if let Some(g) = o.get("@graph") {
                collect_items(g, out, depth + 1);
            }
            if let Some(m) = o.get("mainEntity") {
                collect_items(m, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn person_names(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Value::String(s) => out.push(clean_author(s)),
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                match n {
                    Value::String(s) => out.push(clean_author(s)),
                    Value::Array(_) => out.extend(person_names(n)),
                    _ => {}
                }
            }
        }
        Value::Array(a) => {
            for x in a.iter().take(10) {
                out.extend(person_names(x));
            }
        }
        _ => {}
    }
    out.retain(|s| !s.is_empty() && !s.starts_with("http"));
    out.dedup();
    out
}

/// An author string without "By", "Von", and surrounding noise.
fn clean_author(s: &str) -> String {
    let s = collapse(s);
    let mut t = s.as_str();
    for p in [
        "By ", "by ", "BY ", "Von ", "von ", "Par ", "par ", "Por ", "por ", "Autor: ", "Author: ",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
            break;
        }
    }
    t.trim_matches(|c: char| c == '|' || c == ',' || c.is_whitespace())
        .to_string()
}

/// A `<title>` without its site-name part ("Headline | Site", "Site - Headline").
pub(crate) fn clean_title(t: &str, site: Option<&str>) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " · "] {
        if t.contains(sep) {
            let parts: Vec<&str> = t.split(sep).map(str::trim).collect();
            if let Some(site) = site {
                let rest: Vec<&str> = parts
                    .iter()
                    .copied()
                    .filter(|p| !p.eq_ignore_ascii_case(site))
                    .collect();
                if rest.len() < parts.len() && !rest.is_empty() {
                    return rest.join(sep);
                }
            }
            // Keep the longest part.
            if let Some(best) = parts.iter().max_by_key(|p| p.chars().count()) {
                if best.split_whitespace().count() >= 3 {
                    return (*best).to_string();
                }
            }
            break;
        }
    }
    t.to_string()
}

/// `/2012/05/31/`, `/2012-05-31` or `/20120531-` in a URL.
pub(crate) fn date_in_url(url: &str) -> Option<Date> {
    let b = url.as_bytes();
    let digits = |i: usize, n: usize| -> Option<u32> {
        let s = b.get(i..i + n)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(s).ok()?.parse().ok())
            .flatten()
    };
    let date = |y: u32, m: u32, d: u32| -> Option<Date> {
        if !(1995..=2035).contains(&y) {
            return None;
        }
        Date::new(y as i32, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
    };
    for i in 0..b.len() {
        if b[i] != b'/' && b[i] != b'-' && b[i] != b'_' {
            continue;
        }
        let Some(y) = digits(i + 1, 4) else { continue };
        let Some(&sep) = b.get(i + 5) else { continue };
        if sep.is_ascii_digit() {
            // Compact: /20120531 followed by a separator.
            let (Some(m), Some(d)) = (digits(i + 5, 2), digits(i + 7, 2)) else {
                continue;
            };
            if b.get(i + 9)
                .is_some_and(|c| matches!(c, b'/' | b'-' | b'_' | b'.'))
            {
                if let Some(x) = date(y, m, d) {
                    return Some(x);
                }
            }
            continue;
        }
        if !matches!(sep, b'/' | b'-' | b'_') {
            continue;
        }
        let Some(m) = digits(i + 6, 2) else { continue };
        if b.get(i + 8) != Some(&sep) {
            continue;
        }
        let Some(d) = digits(i + 9, 2) else { continue };
        if b.get(i + 11).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if let Some(x) = date(y, m, d) {
            return Some(x);
        }
    }
    None
}

/// Resolves a possibly relative URL against the page URL.
fn resolve(href: &str, base: Option<&str>) -> String {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_string();
    }
    let Some(base) = base else {
        return href.to_string();
    };
    let Some(scheme_end) = base.find("://") else {
        return href.to_string();
    };
    if let Some(rest) = href.strip_prefix("//") {
        return format!("{}://{rest}", &base[..scheme_end]);
    }
    let host_end = base[scheme_end + 3..]
        .find('/')
        .map_or(base.len(), |p| p + scheme_end + 3);
    if href.starts_with('/') {
        return format!("{}{href}", &base[..host_end]);
    }
    let dir_end = base
        .rfind('/')
        .filter(|&p| p >= host_end)
        .map_or(host_end, |p| p);
    format!("{}/{href}", &base[..dir_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_titles() {
        assert_eq!(
            date_in_url("https://x.org/2012/05/31/a/"),
            Date::new(2012, 5, 31)
        );
        assert_eq!(
            date_in_url("https://x.org/a-2019-01-02.html"),
            Date::new(2019, 1, 2)
        );
        assert_eq!(date_in_url("https://x.org/12345678901"), None);
        assert_eq!(
            date_in_url("https://x.org/texte/20220127-gedenkstunde.html"),
            Date::new(2022, 1, 27)
        );
        assert_eq!(date_in_url("https://x.org/a/20221399-x"), None);
        assert_eq!(
            loose_value("{'datePublished': '2021-05-12', }", "datePublished"),
            Some("2021-05-12")
        );
        assert_eq!(
            loose_value(r#"{"headline": "datePublished", "x": 1"#, "datePublished"),
            None
        );
        assert_eq!(date_in_url("https://x.org/id/2022012755/"), None);
        assert_eq!(resolve("/a", Some("https://x.org/b/c")), "https://x.org/a");
        assert_eq!(resolve("a", Some("https://x.org/b/c")), "https://x.org/b/a");
        assert_eq!(
            clean_title("Big news today | Site", Some("Site")),
            "Big news today"
        );
    }
}
