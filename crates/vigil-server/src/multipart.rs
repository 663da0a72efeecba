//! `multipart/form-data` bodies (RFC 7578), as browsers' forms and `curl -F` send them: the
//! parts of a body already read in full (the server's body limit applies first).

/// At most this many parts in one body.
const MAX_PARTS: usize = 16;
/// At most this many bytes of headers in one part.
const MAX_HEADER_BYTES: usize = 8 << 10;

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// The form field's name.
    pub name: String,
    /// The file name a file part carries (without any directory).
    pub filename: Option<String>,
    /// The part's content type, if given.
    pub content_type: Option<String>,
    /// The content.
    pub body: Vec<u8>,
}

impl Part {
    /// The content as text (lossy: invalid UTF-8 becomes U+FFFD).
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The boundary of a `multipart/form-data` content type, `None` for other types.
///
/// # Errors
/// A multipart type without a usable boundary.
pub(crate) fn boundary(content_type: &str) -> Result<Option<String>, String> {
    let mut params = content_type.split(';');
    let kind = params.next().unwrap_or("").trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return Ok(None);
    }
    for p in params {
        let Some((k, v)) = p.split_once('=') else {
            continue;
        };
        if k.trim().eq_ignore_ascii_case("boundary") {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            if v.is_empty() || v.len() > 70 {
                return Err(format!(
                    "multipart boundary must be 1 to 70 characters, not {}",
                    v.len()
                ));
            }
            return Ok(Some(v.to_string()));
        }
    }
    Err("multipart/form-data without a boundary parameter".into())
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The parts of `body` delimited by `boundary`.
///
/// # Errors
/// A malformed body, named by what is wrong.
pub(crate) fn parse(boundary: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    let dash = format!("--{boundary}");
    let delimiter = format!("\r\n--{boundary}");
    // The first boundary opens the body or follows a preamble's line end.
    let mut at = if body.starts_with(dash.as_bytes()) {
        dash.len()
    } else {
        find(body, delimiter.as_bytes(), 0)
            .map(|i| i + delimiter.len())
            .ok_or("the multipart boundary never occurs in the body")?
    };
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding, then the line end after the boundary.
        let line_end = find(body, b"\r\n", at).ok_or("a multipart boundary line never ends")?;
        if body[at..line_end].iter().any(|b| *b != b' ' && *b != b'\t') {
            return Err("text after a multipart boundary on its line".into());
        }
        let headers_start = line_end + 2;
        let headers_end = find(body, b"\r\n\r\n", headers_start)
            .filter(|e| e - headers_start <= MAX_HEADER_BYTES)
            .ok_or("a multipart part's headers never end (or exceed 8 KiB)")?;
        let content_start = headers_end + 4;
        let content_end = find(body, delimiter.as_bytes(), content_start)
            .ok_or("the body ends inside a multipart part (no closing boundary)")?;
        let headers = std::str::from_utf8(&body[headers_start..headers_end])
            .map_err(|_| "multipart headers are not UTF-8")?;
        parts.push(part(headers, &body[content_start..content_end])?);
        if parts.len() > MAX_PARTS {
            return Err(format!("more than {MAX_PARTS} multipart parts"));
        }
        at = content_end + delimiter.len();
    }
}

fn part(headers: &str, content: &[u8]) -> Result<Part, String> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in headers.split("\r\n").filter(|l| !l.is_empty()) {
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| format!("not a multipart header line: {line:?}"))?;
        let k = k.trim();
        if k.eq_ignore_ascii_case("content-disposition") {
            let mut params = split_params(v);
            let kind = params.first().map(|(k, _)| k.to_ascii_lowercase());
            if kind.as_deref() != Some("form-data") {
                return Err(format!("multipart part is not form-data: {:?}", v.trim()));
            }
            for (k, v) in params.drain(1..) {
                match k.to_ascii_lowercase().as_str() {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        } else if k.eq_ignore_ascii_case("content-type") {
            content_type = Some(v.trim().to_string());
        }
    }
    let name = name.ok_or("a multipart part has no name")?;
    // Only the last path component: "C:\\Users\\me\\page.html" and "../../x" are names.
    let filename = filename
        .map(|f| {
            f.rsplit(['/', '\\'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .filter(|f| !f.is_empty() && f != "." && f != "..");
    Ok(Part {
        name,
        filename,
        content_type,
        body: content.to_vec(),
    })
}

/// `form-data; name="a;b"; filename=x` → [("form-data", ""), ("name", "a;b"), ("filename", "x")].
fn split_params(v: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = v.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ';') {
            chars.next();
        }
        if chars.peek().is_none() {
            return out;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' {
                break;
            }
            key.push(c);
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                value.push(n);
                            }
                        }
                        c => value.push(c),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ';' {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
            }
        }
        out.push((key.trim().to_string(), value.trim().to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[&str]) -> Vec<u8> {
        let mut b = b"preamble to ignore\r\n".to_vec();
        for p in parts {
            b.extend_from_slice(b"--XyZ\r\n");
            b.extend_from_slice(p.as_bytes());
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(b"--XyZ--\r\nepilogue");
        b
    }

    #[test]
    fn boundaries_come_from_the_content_type() {
        assert_eq!(boundary("text/html").unwrap(), None);
        assert_eq!(
            boundary("multipart/form-data; boundary=abc").unwrap(),
            Some("abc".into())
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"").unwrap(),
            Some("a b".into())
        );
        assert!(boundary("multipart/form-data").is_err());
        assert!(boundary("multipart/form-data; boundary=").is_err());
    }

    #[test]
    fn fields_and_files_are_read() {
        let b = body(&[
            "Content-Disposition: form-data; name=\"title\"\r\n\r\nKano; attack",
            "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\dir\\\\page.html\"\r\nContent-Type: text/html\r\n\r\n<p>Gunmen\r\nattacked</p> --XyZ\r\n",
            "content-disposition: form-data; name=empty\r\n\r\n",
        ]);
        let parts = parse("XyZ", &b).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].text()),
            ("title", "Kano; attack".into())
        );
        assert_eq!(parts[1].filename.as_deref(), Some("page.html"));
        assert_eq!(parts[1].content_type.as_deref(), Some("text/html"));
        assert_eq!(parts[1].text(), "<p>Gunmen\r\nattacked</p> --XyZ\r\n");
        assert_eq!((parts[2].name.as_str(), parts[2].body.len()), ("empty", 0));
    }

    #[test]
    fn directories_in_file_names_are_dropped() {
        let b = body(&[
            "Content-Disposition: form-data; name=f; filename=\"../../etc/passwd\"\r\n\r\nx",
        ]);
        assert_eq!(
            parse("XyZ", &b).unwrap()[0].filename.as_deref(),
            Some("passwd")
        );
        let b = body(&["Content-Disposition: form-data; name=f; filename=\"..\"\r\n\r\nx"]);
        assert_eq!(parse("XyZ", &b).unwrap()[0].filename, None);
    }

    #[test]
    fn malformed_bodies_are_errors() {
        for (bad, why) in [
            (b"no boundary here".to_vec(), "never occurs"),
            (
                b"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nunfinished".to_vec(),
                "ends inside",
            ),
            (
                b"--XyZ\r\nContent-Disposition: form-data; name=a".to_vec(),
                "headers never end",
            ),
            (
                b"--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--XyZ--".to_vec(),
                "not form-data",
            ),
            (
                b"--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--".to_vec(),
                "no name",
            ),
            (
                b"--XyZ junk\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ--"
                    .to_vec(),
                "after a multipart boundary",
            ),
        ] {
            let e = parse("XyZ", &bad).unwrap_err();
            assert!(e.contains(why), "{e}");
        }
        let many: Vec<String> = (0..=MAX_PARTS)
            .map(|i| format!("Content-Disposition: form-data; name=f{i}\r\n\r\nx"))
            .collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(parse("XyZ", &body(&refs))
            .unwrap_err()
            .contains("more than"));
    }
}
