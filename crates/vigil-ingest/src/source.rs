//! From command-line arguments to articles: paths, directories (recursive, in name order),
//! URLs and `-` (stdin), each file's format told by its extension or, failing that, by its
//! first bytes.

use crate::feed::{looks_like_feed, read_feed};
use crate::fetch::{fetch, is_url, FetchOptions};
use crate::html::read_html;
use crate::jsonl::{read_jsonl, JsonlFields};
use crate::warc::{Limits, WarcReader};
use crate::{Article, Cause, IngestError, Paragraph, ParagraphKind};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct Options {
    /// Field names of JSONL dumps.
    pub jsonl: JsonlFields,
    /// Caps for WARC archives.
    pub warc: Limits,
    /// Largest single file or page read whole (text, HTML, feeds), in bytes.
    pub max_file_bytes: u64,
    /// Limits for URLs.
    pub fetch: FetchOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            jsonl: JsonlFields::default(),
            warc: Limits::default(),
            max_file_bytes: 20 << 20,
            fetch: FetchOptions::default(),
        }
    }
}

/// The format of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// An RSS or Atom feed.
    Feed,
    /// A WARC archive.
    Warc,
    /// A JSONL dump.
    Jsonl,
}

/// The format a file name promises, if any.
#[must_use]
pub fn format_of_name(name: &str) -> Option<Format> {
    let n = name.to_ascii_lowercase();
    let ext = |e: &str| n.ends_with(e);
    if ext(".warc") || ext(".warc.gz") {
        Some(Format::Warc)
    } else if ext(".jsonl") || ext(".ndjson") || ext(".jsonl.gz") {
        Some(Format::Jsonl)
    } else if ext(".html") || ext(".htm") || ext(".xhtml") || ext(".shtml") {
        Some(Format::Html)
    } else if ext(".rss") || ext(".atom") || ext(".xml") {
        Some(Format::Feed)
    } else if ext(".txt") || ext(".text") || ext(".md") {
        Some(Format::Text)
    } else {
        None
    }
}

/// The format the first bytes show.
#[must_use]
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(2048)];
    if head.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if looks_like_feed(head) {
        return Format::Feed;
    }
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = lower.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || lower.contains("<body")
        || lower.contains("<head>")
    {
        return Format::Html;
    }
    if trimmed.starts_with('{')
        && lower
            .lines()
            .next()
            .is_some_and(|l| l.trim_end().ends_with('}'))
    {
        return Format::Jsonl;
    }
    Format::Text
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

fn text_article(source: &str, bytes: Vec<u8>) -> Result<Article, Cause> {
    if looks_binary(&bytes) {
        return Err(Cause::Binary("binary data (NUL bytes)".into()));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Cause::Binary(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    if text.trim().is_empty() {
        return Err(Cause::Empty("empty file".into()));
    }
    Ok(Article {
        source: source.to_string(),
        paragraphs: vec![Paragraph {
            kind: ParagraphKind::Body,
            text,
        }],
        ..Article::default()
    })
}

/// The most text one article may have, in bytes (paragraphs joined): a longer one (a book, a
/// whole archive pasted into one file) is rejected as `too_large` rather than extracted, since
/// extraction time grows faster than the text. A long news article has some 50 KB.
pub const MAX_ARTICLE_TEXT_BYTES: usize = 1 << 20;

/// Checks an article against [`MAX_ARTICLE_TEXT_BYTES`].
///
/// # Errors
/// The article over the cap, named by its source.
pub fn check_article(a: Article) -> Result<Article, IngestError> {
    let len: usize = a.paragraphs.iter().map(|p| p.text.len() + 2).sum();
    if len > MAX_ARTICLE_TEXT_BYTES {
        return Err(IngestError {
            item: a.source.clone(),
            cause: Cause::TooLarge(format!(
                "article text of {len} bytes, over the {MAX_ARTICLE_TEXT_BYTES} byte cap for \
                 one article (split it, or give it as JSON lines)"
            )),
        });
    }
    Ok(a)
}

/// Reads a whole-document input (not WARC or JSONL) of a known format.
/// Reads one input held in memory (an upload): `name` tells the format by its extension, else
/// the content does; `url`, when known, is the page's address. Gzip-compressed bytes are
/// decompressed first (within `opts.max_file_bytes`).
pub fn read_bytes(
    name: &str,
    url: Option<&str>,
    bytes: Vec<u8>,
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    let sink = &mut |r: Result<Article, IngestError>| sink(r.and_then(check_article));
    if bytes.len() as u64 > opts.max_file_bytes {
        sink(Err(IngestError {
            item: name.to_string(),
            cause: Cause::TooLarge(format!("over the {} byte cap", opts.max_file_bytes)),
        }));
        return;
    }
    let named = format_of_name(name);
    let (bytes, named) = if bytes.starts_with(&[0x1f, 0x8b]) && named != Some(Format::Warc) {
        match gunzip(&bytes, opts.max_file_bytes) {
            Ok(b) => {
                let inner = name.strip_suffix(".gz").unwrap_or(name);
                (b, format_of_name(inner).filter(|f| *f != Format::Warc))
            }
            Err(cause) => {
                return sink(Err(IngestError {
                    item: name.to_string(),
                    cause,
                }))
            }
        }
    } else {
        (bytes, named)
    };
    match named.unwrap_or_else(|| sniff(&bytes)) {
        Format::Warc => read_warc(std::io::Cursor::new(bytes), name, &opts.warc, sink),
        Format::Jsonl => read_jsonl(&bytes[..], name, &opts.jsonl, sink),
        format => document(name, url, bytes, format, sink),
    }
}

fn document(
    source: &str,
    url: Option<&str>,
    bytes: Vec<u8>,
    format: Format,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    let err = |cause| IngestError {
        item: source.to_string(),
        cause,
    };
    if bytes.is_empty() {
        sink(Err(err(Cause::Empty("empty file".into()))));
        return;
    }
    match format {
        Format::Html => sink(
            read_html(&bytes, url)
                .map(|mut a| {
                    a.source = source.to_string();
                    a
                })
                .map_err(err),
        ),
        Format::Feed => match read_feed(&bytes, source) {
            Ok(items) => {
                items.articles.into_iter().for_each(|a| sink(Ok(a)));
                for item in items.without_text {
                    sink(Err(IngestError {
                        item,
                        cause: Cause::Empty("feed item with neither title nor text".into()),
                    }));
                }
                if items.skipped > 0 {
                    sink(Err(err(Cause::TooLarge(format!(
                        "{} items past the first {} not read",
                        items.skipped,
                        crate::feed::MAX_FEED_ITEMS
                    )))));
                }
            }
            Err(c) => sink(Err(err(c))),
        },
        Format::Text => sink(
            text_article(source, bytes)
                .map(|mut a| {
                    a.url = url.map(str::to_string);
                    a
                })
                .map_err(err),
        ),
        Format::Warc => read_warc(
            std::io::Cursor::new(bytes),
            source,
            &Limits::default(),
            sink,
        ),
        Format::Jsonl => {
            if looks_binary(&bytes) {
                sink(Err(err(Cause::Binary("binary data (NUL bytes)".into()))));
                return;
            }
            read_jsonl(&bytes[..], source, &JsonlFields::default(), sink);
        }
    }
}

fn read_warc<R: Read + Send + 'static>(
    raw: R,
    source: &str,
    limits: &Limits,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    let reader = match WarcReader::new(raw, *limits) {
        Ok(r) => r,
        Err(e) => {
            sink(Err(IngestError {
                item: source.to_string(),
                cause: Cause::Io(e.to_string()),
            }));
            return;
        }
    };
    for rec in reader {
        match rec {
            Ok(r) => {
                let item = format!("{source}#record-{}", r.index);
                let uri = r.target_uri.clone().unwrap_or_else(|| r.id.clone());
                if r.status.is_some_and(|s| !(200..300).contains(&s)) || !r.is_html() {
                    continue; // redirects, errors, images, scripts: not articles
                }
                match read_html(&r.body, r.target_uri.as_deref()) {
                    Ok(mut a) => {
                        a.source = format!("{source}#{uri}");
                        if a.url.is_none() {
                            a.url = r.target_uri.clone();
                        }
                        a.retrieved = r.date;
                        sink(Ok(a));
                    }
                    Err(cause) => sink(Err(IngestError {
                        item: format!("{item} ({uri})"),
                        cause,
                    })),
                }
            }
            Err(cause) => sink(Err(IngestError {
                item: source.to_string(),
                cause,
            })),
        }
    }
}

fn read_file(path: &Path, opts: &Options, sink: &mut dyn FnMut(Result<Article, IngestError>)) {
    let source = path.display().to_string();
    let err = |cause| IngestError {
        item: source.clone(),
        cause,
    };
    let named = format_of_name(&source);
    let open = || {
        std::fs::File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Cause::NotFound,
            _ => Cause::Io(e.to_string()),
        })
    };
    match named {
        Some(Format::Warc) => match open() {
            Ok(f) => read_warc(f, &source, &opts.warc, sink),
            Err(c) => sink(Err(err(c))),
        },
        Some(Format::Jsonl) => match open() {
            Ok(f) => {
                let gz = source.to_ascii_lowercase().ends_with(".gz");
                if gz {
                    // Streamed, so memory stays bounded whatever it inflates to; capped like a
                    // WARC file, so a gzip bomb ends in a counted rejection, not hours of work.
                    let r = BufReader::new(crate::warc::Capped {
                        inner: flate2::read::MultiGzDecoder::new(f),
                        left: opts.warc.max_total,
                    });
                    read_jsonl(r, &source, &opts.jsonl, sink);
                } else {
                    read_jsonl(BufReader::new(f), &source, &opts.jsonl, sink);
                }
            }
            Err(c) => sink(Err(err(c))),
        },
        _ => {
            let size = match std::fs::metadata(path) {
                Ok(m) => m.len(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return sink(Err(err(Cause::NotFound)))
                }
                Err(e) => return sink(Err(err(Cause::Io(e.to_string())))),
            };
            if size > opts.max_file_bytes {
                sink(Err(err(Cause::TooLarge(format!(
                    "{size} bytes, over the {} byte cap",
                    opts.max_file_bytes
                )))));
                return;
            }
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => return sink(Err(err(Cause::Io(e.to_string())))),
            };
            // A gzip-compressed page, feed or text (`page.html.gz`): inflate it, capped, and
            // go by the name without `.gz`.
            let (bytes, named) = if bytes.starts_with(&[0x1f, 0x8b]) && named != Some(Format::Warc)
            {
                match gunzip(&bytes, opts.max_file_bytes) {
                    Ok(b) => {
                        let inner = source.strip_suffix(".gz").unwrap_or(&source);
                        (b, format_of_name(inner).filter(|f| *f != Format::Warc))
                    }
                    Err(c) => return sink(Err(err(c))),
                }
            } else {
                (bytes, named)
            };
            let format = named.unwrap_or_else(|| sniff(&bytes));
            if format == Format::Warc {
                read_warc(std::io::Cursor::new(bytes), &source, &opts.warc, sink);
            } else if format == Format::Jsonl {
                read_jsonl(&bytes[..], &source, &opts.jsonl, sink);
            } else {
                document(&source, None, bytes, format, sink);
            }
        }
    }
}

/// Inflates gzip data, refusing more than `cap` bytes out.
fn gunzip(bytes: &[u8], cap: u64) -> Result<Vec<u8>, Cause> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| Cause::Malformed(format!("truncated or corrupt gzip data: {e}")))?;
    if out.len() as u64 > cap {
        return Err(Cause::TooLarge(format!("inflates past the {cap} byte cap")));
    }
    Ok(out)
}

/// Files under a directory, recursively, in name order; hidden entries skipped (the order and
/// the files `vigil ingest DIR` reads).
///
/// # Errors
/// When a directory cannot be listed.
pub fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads every input named by `args`, in order, handing each article or error to `sink` as
/// soon as it is read (a WARC or JSONL file streams item by item).
pub fn read_inputs(
    args: &[String],
    opts: &Options,
    sink: &mut dyn FnMut(Result<Article, IngestError>),
) {
    let sink = &mut |r: Result<Article, IngestError>| sink(r.and_then(check_article));
    for arg in args {
        if arg == "-" {
            let mut bytes = Vec::new();
            let read = std::io::stdin()
                .lock()
                .take(opts.max_file_bytes + 1)
                .read_to_end(&mut bytes);
            match read {
                Err(e) => sink(Err(IngestError {
                    item: "-".into(),
                    cause: Cause::Io(e.to_string()),
                })),
                Ok(_) if bytes.len() as u64 > opts.max_file_bytes => sink(Err(IngestError {
                    item: "-".into(),
                    cause: Cause::TooLarge(format!("over the {} byte cap", opts.max_file_bytes)),
                })),
                Ok(_) => {
                    let f = sniff(&bytes);
                    document("-", None, bytes, f, sink);
                }
            }
        } else if is_url(arg) {
            match fetch(arg, &opts.fetch) {
                Ok(f) => {
                    let ct = f
                        .content_type
                        .clone()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    let format = if ct.contains("html") {
                        Format::Html
                    } else if ct.contains("rss") || ct.contains("atom") || ct.contains("xml") {
                        Format::Feed
                    } else {
                        sniff(&f.body)
                    };
                    document(arg, Some(&f.url), f.body, format, sink);
                }
                Err(cause) => sink(Err(IngestError {
                    item: arg.clone(),
                    cause,
                })),
            }
        } else {
            let path = Path::new(arg);
            if path.is_dir() {
                let mut files = Vec::new();
                if let Err(e) = walk(path, &mut files) {
                    sink(Err(IngestError {
                        item: arg.clone(),
                        cause: Cause::Io(e.to_string()),
                    }));
                } else if files.is_empty() {
                    // A directory with nothing to read is said, never passed over in silence.
                    sink(Err(IngestError {
                        item: arg.clone(),
                        cause: Cause::Empty(
                            "an empty directory: no files to read in it (hidden files are skipped)"
                                .into(),
                        ),
                    }));
                }
                for f in files {
                    read_file(&f, opts, sink);
                }
            } else {
                read_file(path, opts, sink);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, bytes: Vec<u8>) -> Vec<Result<Article, IngestError>> {
        let mut got = Vec::new();
        read_bytes(name, None, bytes, &Options::default(), &mut |r| got.push(r));
        got
    }

    fn gzip(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut e, b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn a_gzip_bomb_is_stopped_at_the_cap() {
        // 40 KiB that inflate to 40 MiB, twice the cap.
        let bomb = gzip(&vec![b' '; 40 << 20]);
        assert!(bomb.len() < 100 << 10, "{}", bomb.len());
        for name in ["page.html.gz", "page.html", "notes.txt"] {
            let got = read(name, bomb.clone());
            assert_eq!(got.len(), 1, "{name}");
            let e = got[0].as_ref().unwrap_err();
            assert_eq!(e.cause.reason(), "too_large", "{name}: {e}");
            assert!(e.to_string().contains("inflates past"), "{name}: {e}");
        }
        // A compressed JSONL dump is streamed (memory stays bounded) and capped in total.
        let dir = std::env::temp_dir().join(format!("vigil-bomb-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("dump.jsonl.gz");
        let mut lines = String::from("{\"text\":\"First report.\"}\n");
        lines.push_str(&"\n".repeat(3 << 20));
        std::fs::write(&path, gzip(lines.as_bytes())).unwrap();
        let mut opts = Options::default();
        opts.warc.max_total = 1 << 20;
        let mut got = Vec::new();
        read_inputs(&[path.display().to_string()], &opts, &mut |r| got.push(r));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].is_ok());
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.cause.reason(), "too_large", "{e}");
    }

    #[test]
    fn deeply_nested_html_is_read_without_recursion_trouble() {
        let mut page = String::from("<html><body>");
        page.push_str(&"<div><span>".repeat(100_000));
        page.push_str("<p>Gunmen attacked a checkpoint on Monday, police said.</p>");
        page.push_str(&"</span></div>".repeat(100_000));
        page.push_str("</body></html>");
        let got = read("deep.html", page.into_bytes());
        let a = got[0].as_ref().unwrap();
        assert!(
            a.text().contains("Gunmen attacked a checkpoint"),
            "{}",
            a.text()
        );
    }

    #[test]
    fn an_article_over_the_text_cap_is_rejected_by_name() {
        let line = "Gunmen attacked a checkpoint near the border on Monday.\n";
        let big = line.repeat(MAX_ARTICLE_TEXT_BYTES / line.len() + 10);
        let got = read("book.txt", big.clone().into_bytes());
        assert_eq!(got.len(), 1);
        let e = got[0].as_ref().unwrap_err();
        assert_eq!(
            (e.item.as_str(), e.cause.reason()),
            ("book.txt", "too_large")
        );
        assert!(e.to_string().contains("byte cap for one article"), "{e}");
        // Just under the cap is read.
        let fits = line.repeat(MAX_ARTICLE_TEXT_BYTES / line.len() / 2);
        assert!(read("fits.txt", fits.into_bytes())[0].is_ok());
        // In a JSONL dump only the big record is refused.
        let mut dump = serde_json::json!({ "text": big }).to_string();
        dump.push_str("\n{\"text\":\"A small report.\"}\n");
        let got = read("dump.jsonl", dump.into_bytes());
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap_err().item, "dump.jsonl:1");
        assert!(got[1].is_ok());
    }
}
