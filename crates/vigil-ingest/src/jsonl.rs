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

/// Streams a JSONL file: `on_item` gets every line's article or error; blank lines are skipped.
/// Returns after the last line, or on a read error (reported as one more item).
pub fn read_jsonl(
    input: impl BufRead,
    origin: &str,
    fields: &JsonlFields,
    mut on_item: impl FnMut(Result<Article, IngestError>),
) {
    for (n, line) in input.lines().enumerate() {
        let item = format!("{origin}:{}", n + 1);
        match line {
            Ok(l) if l.trim().is_empty() => {}
            Ok(l) => {
                on_item(read_line(&l, fields, &item).map_err(|cause| IngestError { item, cause }))
            }
            Err(e) => {
                let cause = if e.kind() == std::io::ErrorKind::InvalidData {
                    Cause::Binary("line is not UTF-8".into())
                } else {
                    Cause::Io(e.to_string())
                };
                on_item(Err(IngestError { item, cause }));
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
}
