//! What a `POST /api/v1/documents` carries, read from its body: JSON (`text` with `title`,
//! `url`, `published`; or a `url` alone), a `multipart/form-data` form, or the raw bytes of a
//! file (named by `?name=`).

use crate::error::ApiError;
use crate::handler::Req;
use crate::multipart;
use serde::Deserialize;
use vigil_corpus::Upload;
use vigil_model::Date;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonUpload {
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

fn http(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// The name a file of this content type is given when the upload names none.
fn upload_name(content_type: &str) -> String {
    let ext = match content_type.split(';').next().unwrap_or("").trim() {
        "text/html" | "application/xhtml+xml" => "html",
        "text/plain" => "txt",
        "application/rss+xml" | "application/atom+xml" | "application/xml" | "text/xml" => "xml",
        "application/warc" => "warc",
        "application/x-ndjson" | "application/jsonl" => "jsonl",
        "application/gzip" | "application/x-gzip" => "gz",
        _ => "",
    };
    if ext.is_empty() {
        "upload".into()
    } else {
        format!("upload.{ext}")
    }
}

fn parse_published(d: Option<&str>) -> Result<Option<Date>, ApiError> {
    d.map(|d| {
        d.parse::<Date>()
            .map_err(|_| ApiError::bad_body(format!("published: not a date (YYYY-MM-DD): {d:?}")))
    })
    .transpose()
}

/// A `multipart/form-data` upload: one file part (any field with a file name, or `file`),
/// with an optional `url` field; or the fields `text` (with `title`, `url`, `published`);
/// or a `url` alone, fetched.
fn form_upload(parts: &[multipart::Part]) -> Result<Upload, ApiError> {
    const FIELDS: [&str; 5] = ["file", "text", "title", "url", "published"];
    let mut files = parts
        .iter()
        .filter(|p| p.filename.is_some() || p.name == "file");
    let file = files.next();
    if files.next().is_some() {
        return Err(ApiError::bad_body("one file per upload"));
    }
    let field = |name: &str| -> Result<Option<String>, ApiError> {
        let mut values = parts
            .iter()
            .filter(|p| p.name == name && p.filename.is_none() && p.name != "file");
        let v = values.next().map(multipart::Part::text);
        if values.next().is_some() {
            return Err(ApiError::bad_body(format!(
                "form field {name:?} given twice"
            )));
        }
        Ok(v.filter(|v| !v.trim().is_empty()))
    };
    if let Some(unknown) = parts
        .iter()
        .find(|p| p.filename.is_none() && !FIELDS.contains(&p.name.as_str()))
    {
        return Err(ApiError::bad_body(format!(
            "unknown form field {:?} (expected one of {})",
            unknown.name,
            FIELDS.join(", ")
        )));
    }
    let url = field("url")?;
    if let Some(u) = url.as_deref().filter(|u| !http(u)) {
        return Err(ApiError::bad_body(format!(
            "url: only http:// and https:// addresses, not {u:?}"
        )));
    }
    if let Some(f) = file {
        if f.body.is_empty() {
            return Err(ApiError::bad_body("the uploaded file is empty"));
        }
        return Ok(Upload::File {
            name: f
                .filename
                .clone()
                .unwrap_or_else(|| upload_name(f.content_type.as_deref().unwrap_or(""))),
            url,
            bytes: f.body.clone(),
        });
    }
    let published = parse_published(field("published")?.as_deref())?;
    match (field("text")?, url) {
        (Some(text), url) => Ok(Upload::Text {
            text,
            title: field("title")?,
            url,
            published,
        }),
        (None, Some(url)) => Ok(Upload::Url(url)),
        (None, None) => Err(ApiError::bad_body(
            "give a file, a \"text\" field or a \"url\" field",
        )),
    }
}

/// A JSON upload: `{"text", "title", "url", "published"}` or `{"url"}`.
fn json_upload(body: &[u8]) -> Result<Upload, ApiError> {
    let j: JsonUpload = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_body(format!(
            "expected {{\"text\", \"title\", \"url\", \"published\"}} or {{\"url\"}}: {e}"
        ))
    })?;
    let published = parse_published(j.published.as_deref())?;
    match (j.text, j.url) {
        (Some(text), url) if !text.trim().is_empty() => Ok(Upload::Text {
            text,
            title: j.title,
            url,
            published,
        }),
        (_, Some(url)) if http(&url) => Ok(Upload::Url(url)),
        (_, Some(url)) => Err(ApiError::bad_body(format!(
            "{url:?}: only http:// and https:// URLs are fetched"
        ))),
        _ => Err(ApiError::bad_body("give \"text\" or \"url\"")),
    }
}

/// The upload a request carries.
pub(super) fn read(req: &Req) -> Result<Upload, ApiError> {
    if req.body.is_empty() {
        return Err(ApiError::bad_body("the request body is empty"));
    }
    let boundary = multipart::boundary(&req.content_type).map_err(ApiError::bad_body)?;
    if let Some(boundary) = boundary {
        return form_upload(&multipart::parse(&boundary, &req.body).map_err(ApiError::bad_body)?);
    }
    if req.content_type.starts_with("application/json") {
        return json_upload(&req.body);
    }
    let name = req
        .params
        .text("name")
        .unwrap_or_else(|| upload_name(&req.content_type));
    let url = req.params.text("url");
    if let Some(u) = url.as_deref().filter(|u| !http(u)) {
        return Err(ApiError::bad_parameter(format!(
            "url: only http:// and https:// addresses, not {u:?}"
        )));
    }
    Ok(Upload::File {
        name,
        url,
        bytes: req.body.to_vec(),
    })
}
