//! JSONL dumps: one JSON object per line, with configurable field names.

use crate::dates::parse_date;
use crate::{Article, Cause, IngestError, Paragraph, ParagraphKind};
use serde_json::Value;
use std::io::BufRead;

/// Which fields of each JSON object hold what. Dotted names reach into nested objects
/// (`"meta.published"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlFields {
    /// The article text (required).
    pub text: String,
    /// The headline.
    pub title: String,
    /// The article URL.
    pub url: String,
    /// The publication date.
    pub published: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            text: "text".into(),
            title: "title".into(),
            url: "url".into(),
            published: "published".into(),
        }
    }
}

fn field<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn string(v: &Value, path: &str) -> Option<String> {
    match field(v, path)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads one line; `item` names it in errors (`dump.jsonl:12`).
///
/// # Errors
/// A line that is not a JSON object, or has no text in the text field.
pub fn read_line(line: &str, fields: &JsonlFields, item: &str) -> Result<Article, Cause> {
    let v: Value =
        serde_json::from_str(line).map_err(|e| Cause::Malformed(format!("not JSON: {e}")))?;
    if !v.is_object() {
        return Err(Cause::Malformed("not a JSON object".into()));
    }
    let text = string(&v, &fields.text)
        .ok_or_else(|| Cause::Empty(format!("no text in field {:?}", fields.text)))?;
    let title = string(&v, &fields.title);
    let mut paragraphs = Vec::new();
    if let Some(t) = &title {
        paragraphs.push(Paragraph {
            kind: ParagraphKind::Headline,
            text: t.trim().to_string(),
        });
    }
    paragraphs.push(Paragraph {
        kind: ParagraphKind::Body,
        text,
    });
    Ok(Article {
        source: item.to_string(),
        url: string(&v, &fields.url),
        title,
        published: string(&v, &fields.published)
            .as_deref()
            .and_then(parse_date),
        paragraphs,
        ..Article::default()
    })
}

/// The longest JSONL line read, in bytes: a longer one is rejected (`too_large`) without being
/// held in memory, and reading goes on at the next line.
pub const MAX_LINE_BYTES: usize = 20 << 20;

/// Reads one line of at most `cap` bytes into `buf` (without its `\n`). `Ok(None)` at the end;
/// `Ok(Some(false))` for a line over the cap, which is read to its end and dropped.
fn bounded_line(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut over = false;
    let mut any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(!over));
        }
        any = true;
        let (part, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        if !over && buf.len() + part.len() <= cap {
            buf.extend_from_slice(part);
        } else {
            over = true;
            buf.clear();
        }
        let used = done.unwrap_or(chunk.len());
        input.consume(used);
        if done.is_some() {
            return Ok(Some(!over));
        }
    }
}

/// Streams a JSONL file: `on_item` gets every line's article or error; blank lines are skipped.
/// A line over [`MAX_LINE_BYTES`] or not UTF-8 is rejected and reading goes on; a read error
/// ends the file (reported as one more item).
pub fn read_jsonl(
    input: impl BufRead,
    origin: &str,
    fields: &JsonlFields,
    on_item: impl FnMut(Result<Article, IngestError>),
) {
    read_jsonl_capped(input, origin, fields, MAX_LINE_BYTES, on_item);
}

/// [`read_jsonl`] with a line cap of `cap` bytes.
pub fn read_jsonl_capped(
    mut input: impl BufRead,
    origin: &str,
    fields: &JsonlFields,
    cap: usize,
    mut on_item: impl FnMut(Result<Article, IngestError>),
) {
    let mut buf = Vec::new();
    let mut n = 0_usize;
    loop {
        n += 1;
        let item = || format!("{origin}:{n}");
        match bounded_line(&mut input, &mut buf, cap) {
            Ok(None) => return,
            Ok(Some(false)) => on_item(Err(IngestError {
                item: item(),
                cause: Cause::TooLarge(format!("line over the {cap} byte cap")),
            })),
            Ok(Some(true)) => match std::str::from_utf8(&buf) {
                Err(_) => on_item(Err(IngestError {
                    item: item(),
                    cause: Cause::Binary("line is not UTF-8".into()),
                })),
                Ok(l) if l.trim().is_empty() => {}
                Ok(l) => on_item(read_line(l, fields, &item()).map_err(|cause| IngestError {
                    item: item(),
                    cause,
                })),
            },
            Err(e) => {
                let m = e.to_string();
                let cause = if m.contains("size cap") {
                    Cause::TooLarge(format!("the file {m}"))
                } else if m.contains("invalid gzip") || m.contains("corrupt deflate") {
                    Cause::Malformed(format!("corrupt compressed data: {m}"))
                } else {
                    Cause::Io(m)
                };
                on_item(Err(IngestError {
                    item: item(),
                    cause,
                }));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_fields() {
        let dump = "{\"text\":\"Gunmen attacked a base.\",\"title\":\"Base attacked\",\"url\":\"https://e/1\",\"published\":\"2024-03-28T10:00:00Z\"}\n\n\
                    not json\n\
                    {\"title\":\"no text\"}\n\
                    {\"body\":\"Other field.\",\"meta\":{\"date\":\"March 2, 2024\"}}\n";
        let mut got = Vec::new();
        read_jsonl(dump.as_bytes(), "d.jsonl", &JsonlFields::default(), |r| {
            got.push(r)
        });
        assert_eq!(got.len(), 4);
        let a = got[0].as_ref().unwrap();
        assert_eq!(a.source, "d.jsonl:1");
        assert_eq!(a.title.as_deref(), Some("Base attacked"));
        assert_eq!(a.published.unwrap().to_string(), "2024-03-28");
        assert_eq!(a.text(), "Base attacked\n\nGunmen attacked a base.");
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.item, "d.jsonl:3");
        assert!(
            e.to_string().starts_with("d.jsonl:3: malformed: not JSON"),
            "{e}"
        );
        assert!(matches!(
            got[2],
            Err(IngestError {
                cause: Cause::Empty(_),
                ..
            })
        ));
        assert!(got[3].is_err(), "default fields miss 'body'");
        let fields = JsonlFields {
            text: "body".into(),
            published: "meta.date".into(),
            ..JsonlFields::default()
        };
        let a = read_line(dump.lines().nth(4).unwrap(), &fields, "x").unwrap();
        assert_eq!(a.published.unwrap().to_string(), "2024-03-02");
    }

    /// Endless bytes without a newline, then a good line: never held whole.
    struct Flood {
        left: u64,
        tail: &'static [u8],
    }

    impl std::io::Read for Flood {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.left > 0 {
                let n = out
                    .len()
                    .min(usize::try_from(self.left).unwrap_or(usize::MAX));
                out[..n].fill(b'a');
                self.left -= n as u64;
                return Ok(n);
            }
            let n = out.len().min(self.tail.len());
            out[..n].copy_from_slice(&self.tail[..n]);
            self.tail = &self.tail[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_line_over_the_cap_is_rejected_and_reading_goes_on() {
        // 64 MiB without a newline against a 1 MiB cap (the default cap is 20 MiB; a 1 GB line
        // is the same loop, longer).
        let flood = Flood {
            left: 64 << 20,
            tail: b"\n{\"text\":\"After the flood.\"}\n\xff\xfe\n{\"text\":\"Last.\"}",
        };
        let mut got = Vec::new();
        read_jsonl_capped(
            std::io::BufReader::new(flood),
            "big.jsonl",
            &JsonlFields::default(),
            1 << 20,
            |r| got.push(r),
        );
        assert_eq!(got.len(), 4, "{got:?}");
        let e = got[0].as_ref().unwrap_err();
        assert_eq!(e.item, "big.jsonl:1");
        assert_eq!(e.cause.reason(), "too_large");
        assert!(
            e.to_string().contains("line over the 1048576 byte cap"),
            "{e}"
        );
        assert_eq!(got[1].as_ref().unwrap().body_text(), "After the flood.");
        let e = got[2].as_ref().unwrap_err();
        assert_eq!(
            (e.item.as_str(), e.cause.reason()),
            ("big.jsonl:3", "not_text")
        );
        assert_eq!(got[3].as_ref().unwrap().body_text(), "Last.");
    }
}
