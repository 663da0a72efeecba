//! WARC archives (ISO 28500, versions 1.0 and 1.1), plain or gzip (one member per record or one
//! for the whole file), read as a stream: one record in memory at a time.
//!
//! Decompression is capped twice: a record block larger than [`Limits::max_record`] is skipped
//! (reported, not loaded), and a file that inflates past [`Limits::max_total`] is stopped — a
//! decompression bomb costs a bounded amount of work. `response` records carrying an HTTP
//! response, and `resource` records, become [`Record`]s with their target URI and date.

use crate::dates::parse_date;
use crate::Cause;
use flate2::read::{DeflateDecoder, GzDecoder, MultiGzDecoder};
use std::io::{self, BufRead, BufReader, Read};
use vigil_model::Date;

/// Caps on what one WARC file may make us read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest record block (and HTTP body, once decoded) kept, in bytes.
    pub max_record: u64,
    /// Most bytes read from one file after decompression.
    pub max_total: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_record: 20 << 20,
            max_total: 8 << 30,
        }
    }
}

/// One payload-bearing record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `WARC-Record-ID`.
    pub id: String,
    /// 1-based position of the record in the file.
    pub index: usize,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date` (when the page was captured).
    pub date: Option<Date>,
    /// HTTP status for `response` records.
    pub status: Option<u16>,
    /// Content type of the payload (HTTP `Content-Type`, or the record's for resources).
    pub content_type: Option<String>,
    /// The payload: the HTTP body (de-chunked and decoded) or the resource bytes.
    pub body: Vec<u8>,
}

impl Record {
    /// True for HTML payloads (by content type, or by sniffing when it is missing).
    #[must_use]
    pub fn is_html(&self) -> bool {
        match &self.content_type {
            Some(t) => {
                let t = t.to_ascii_lowercase();
                t.contains("text/html") || t.contains("application/xhtml")
            }
            None => {
                let head = String::from_utf8_lossy(&self.body[..self.body.len().min(512)])
                    .to_ascii_lowercase();
                head.contains("<html") || head.contains("<!doctype html")
            }
        }
    }
}

/// A reader that fails once more than `left` bytes have passed through it.
pub(crate) struct Capped<R> {
    pub(crate) inner: R,
    pub(crate) left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(io::Error::other("inflates past the size cap"));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Streams the records of one WARC file. Items are `Ok(Record)` or the error that skipped a
/// record. After a framing error (a line where a record should start, a `Content-Length` that
/// does not end the block) the reader looks for the next line starting `WARC/1.` and goes on
/// from there; a truncated file or broken compression ends the stream.
pub struct WarcReader {
    input: BufReader<Capped<Box<dyn Read + Send>>>,
    limits: Limits,
    index: usize,
    done: bool,
    /// Record boundaries were lost: skip to the next version line.
    lost: bool,
}

impl WarcReader {
    /// Wraps raw file bytes; gzip is recognised by its magic number.
    ///
    /// # Errors
    /// An IO error reading the first bytes.
    pub fn new<R: Read + Send + 'static>(raw: R, limits: Limits) -> io::Result<WarcReader> {
        let mut raw = BufReader::new(raw);
        let gz = raw.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let inner: Box<dyn Read + Send> = if gz {
            Box::new(MultiGzDecoder::new(raw))
        } else {
            Box::new(raw)
        };
        Ok(WarcReader {
            input: BufReader::new(Capped {
                inner,
                left: limits.max_total,
            }),
            limits,
            index: 0,
            done: false,
            lost: false,
        })
    }

    /// Reads at most 64 KiB up to and including a `\n` into `buf` (cleared first); the bytes
    /// read, 0 at the end.
    fn read_piece(&mut self, buf: &mut Vec<u8>) -> Result<usize, Cause> {
        buf.clear();
        self.input
            .by_ref()
            .take(64 * 1024)
            .read_until(b'\n', buf)
            .map_err(io_cause)
    }

    /// A whole line as text, its line end dropped.
    fn line_text(mut buf: Vec<u8>) -> String {
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        String::from_utf8_lossy(&buf).into_owned()
    }

    fn line(&mut self) -> Result<Option<String>, Cause> {
        let mut buf = Vec::new();
        if self.read_piece(&mut buf)? == 0 {
            return Ok(None);
        }
        if buf.last() != Some(&b'\n') {
            return Err(Cause::Malformed(format!(
                "record {}: header line too long or truncated",
                self.index
            )));
        }
        Ok(Some(Self::line_text(buf)))
    }

    /// Reads up to the next line that starts `WARC/1.` (lines of any length skipped) and
    /// returns it; `None` at the end.
    fn find_version_line(&mut self) -> Result<Option<String>, Cause> {
        let mut at_line_start = true;
        let mut buf = Vec::new();
        loop {
            if self.read_piece(&mut buf)? == 0 {
                return Ok(None);
            }
            let whole = buf.last() == Some(&b'\n');
            if at_line_start && whole && buf.starts_with(b"WARC/1.") {
                return Ok(Some(Self::line_text(buf)));
            }
            at_line_start = whole;
        }
    }

    /// After a block comes the record end (`\r\n\r\n`) or the end of the file; anything else
    /// means the `Content-Length` lied. The record end is consumed.
    fn block_ends_here(&mut self) -> Result<bool, Cause> {
        let mut ended = false;
        for _ in 0..4 {
            match self.input.fill_buf().map_err(io_cause)?.first() {
                Some(b'\r' | b'\n') => {
                    self.input.consume(1);
                    ended = true;
                }
                Some(_) => break,
                None => return Ok(true),
            }
        }
        Ok(ended)
    }

    fn next_record(&mut self) -> Result<Option<Record>, Cause> {
        loop {
            let first = if self.lost {
                self.lost = false;
                match self.find_version_line()? {
                    None => return Ok(None),
                    Some(l) => l,
                }
            } else {
                // Skip blank lines between records.
                loop {
                    match self.line() {
                        Ok(None) => return Ok(None),
                        Ok(Some(l)) if l.trim().is_empty() => continue,
                        Ok(Some(l)) => break l,
                        Err(e) => {
                            self.index += 1;
                            self.lost = true;
                            return Err(e);
                        }
                    }
                }
            };
            self.index += 1;
            if !first.starts_with("WARC/") {
                self.lost = true;
                return Err(Cause::Malformed(format!(
                    "record {}: expected a WARC/1.x version line, found {:?}",
                    self.index,
                    first.chars().take(40).collect::<String>()
                )));
            }
            let mut headers: Vec<(String, String)> = Vec::new();
            loop {
                match self.line()? {
                    None => {
                        return Err(Cause::Malformed(format!(
                            "record {}: truncated in its header",
                            self.index
                        )))
                    }
                    Some(l) if l.is_empty() => break,
                    Some(l) => {
                        if let Some((k, v)) = l.split_once(':') {
                            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                        }
                    }
                }
            }
            let get = |k: &str| headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.clone());
            let len: u64 = get("content-length")
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| {
                    Cause::Malformed(format!(
                        "record {}: missing or invalid Content-Length",
                        self.index
                    ))
                })?;
            let kind = get("warc-type").unwrap_or_default().to_ascii_lowercase();
            let wanted = kind == "response" || kind == "resource";
            if !wanted || len > self.limits.max_record {
                let skipped = io::copy(&mut self.input.by_ref().take(len), &mut io::sink())
                    .map_err(io_cause)?;
                if skipped < len {
                    return Err(Cause::Malformed(format!(
                        "record {}: truncated ({skipped} of {len} bytes)",
                        self.index
                    )));
                }
                if wanted {
                    return Err(Cause::TooLarge(format!(
                        "record {} ({}) is {len} bytes, over the {} byte cap",
                        self.index,
                        get("warc-target-uri").unwrap_or_default(),
                        self.limits.max_record
                    )));
                }
                continue;
            }
            let mut block = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            self.input
                .by_ref()
                .take(len)
                .read_to_end(&mut block)
                .map_err(io_cause)?;
            if (block.len() as u64) < len {
                return Err(Cause::Malformed(format!(
                    "record {}: truncated ({} of {len} bytes)",
                    self.index,
                    block.len()
                )));
            }
            if !self.block_ends_here()? {
                self.lost = true;
                return Err(Cause::Malformed(format!(
                    "record {}: its Content-Length ({len}) does not end its block",
                    self.index
                )));
            }
            let id = get("warc-record-id").unwrap_or_else(|| format!("record-{}", self.index));
            let target_uri = get("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
            let date = get("warc-date").as_deref().and_then(parse_date);
            let record_type = get("content-type");
            let is_http = kind == "response"
                && record_type
                    .as_deref()
                    .is_none_or(|t| t.to_ascii_lowercase().contains("application/http"));
            let (status, content_type, body) = if is_http {
                let (status, ct, body) = http_response(&block, self.limits.max_record)
                    .map_err(|m| Cause::Malformed(format!("record {}: {m}", self.index)))?;
                (Some(status), ct, body)
            } else {
                (None, record_type, block)
            };
            return Ok(Some(Record {
                id,
                index: self.index,
                target_uri,
                date,
                status,
                content_type,
                body,
            }));
        }
    }
}

impl Iterator for WarcReader {
    type Item = Result<Record, Cause>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e @ Cause::TooLarge(_)) => Some(Err(e)),
            Err(e) if self.lost => Some(Err(e)),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

fn io_cause(e: io::Error) -> Cause {
    let m = e.to_string();
    if m.contains("size cap") {
        Cause::TooLarge(m)
    } else if e.kind() == io::ErrorKind::UnexpectedEof
        || m.contains("invalid gzip")
        || m.contains("corrupt deflate")
    {
        Cause::Malformed(format!("truncated or corrupt compressed data: {m}"))
    } else {
        Cause::Malformed(format!("read error: {m}"))
    }
}

/// Splits an HTTP response block into status, content type and decoded body.
fn http_response(block: &[u8], cap: u64) -> Result<(u16, Option<String>, Vec<u8>), String> {
    let head_end = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or("HTTP response without a header end")?;
    let head = String::from_utf8_lossy(&block[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad HTTP status line {status_line:?}"))?;
    let mut ct = None;
    let mut chunked = false;
    let mut encoding = String::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-type" => ct = Some(v.trim().to_string()),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => encoding = v.trim().to_ascii_lowercase(),
                _ => {}
            }
        }
    }
    let mut body = block[head_end.1..].to_vec();
    if chunked {
        if let Some(b) = dechunk(&body) {
            body = b;
        }
    }
    let decode = |r: &mut dyn Read| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        r.take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("body does not decode as {encoding}: {e}"))?;
        if out.len() as u64 > cap {
            return Err(format!("body inflates past the {cap} byte cap"));
        }
        Ok(out)
    };
    body = match encoding.as_str() {
        "gzip" | "x-gzip" => decode(&mut GzDecoder::new(&body[..]))?,
        "deflate" => decode(&mut DeflateDecoder::new(&body[..]))?,
        _ => body,
    };
    Ok((status, ct, body))
}

/// Undoes chunked transfer coding; `None` when the body is not validly chunked (many archives
/// store bodies already de-chunked while keeping the header).
fn dechunk(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    loop {
        let eol = find(&b[i..], b"\r\n")? + i;
        let size_str = std::str::from_utf8(&b[i..eol]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        i = eol + 2;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(i..i + size)?);
        i += size + 2;
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Builds a WARC file's bytes (for tests and fixtures): one `warcinfo`, then one `response`
/// record per `(uri, date, html)` page, each gzip-compressed as its own member when `gzip`.
#[must_use]
pub fn write_warc(pages: &[(&str, &str, &[u8])], gzip: bool) -> Vec<u8> {
    use flate2::write::GzEncoder;
    use std::io::Write;
    let mut records: Vec<Vec<u8>> = Vec::new();
    let info = b"software: vigil test writer\r\n".to_vec();
    records.push(record(
        "warcinfo",
        None,
        "2024-01-01T00:00:00Z",
        "application/warc-fields",
        &info,
        0,
    ));
    for (n, (uri, date, html)) in pages.iter().enumerate() {
        let mut http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            html.len()
        )
        .into_bytes();
        http.extend_from_slice(html);
        records.push(record(
            "response",
            Some(uri),
            date,
            "application/http; msgtype=response",
            &http,
            n + 1,
        ));
    }
    let mut out = Vec::new();
    for r in records {
        if gzip {
            let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&r).expect("write to memory");
            out.extend(e.finish().expect("finish gzip in memory"));
        } else {
            out.extend(r);
        }
    }
    out
}

fn record(kind: &str, uri: Option<&str>, date: &str, ct: &str, block: &[u8], n: usize) -> Vec<u8> {
    let mut h = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\nWARC-Date: {date}\r\n"
    );
    if let Some(u) = uri {
        h.push_str(&format!("WARC-Target-URI: {u}\r\n"));
    }
    h.push_str(&format!(
        "Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    ));
    let mut out = h.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> Vec<(&'static str, &'static str, &'static [u8])> {
        vec![
            (
                "https://example.org/1",
                "2024-08-09T12:00:00Z",
                b"<html><body><p>One.</p></body></html>".as_slice(),
            ),
            (
                "https://example.org/2",
                "2024-08-10T12:00:00Z",
                b"<html><body><p>Two.</p></body></html>".as_slice(),
            ),
        ]
    }

    fn read_all(bytes: Vec<u8>, limits: Limits) -> Vec<Result<Record, Cause>> {
        WarcReader::new(std::io::Cursor::new(bytes), limits)
            .unwrap()
            .collect()
    }

    #[test]
    fn plain_and_gzip() {
        for gz in [false, true] {
            let got = read_all(write_warc(&pages(), gz), Limits::default());
            assert_eq!(got.len(), 2, "gzip {gz}");
            let r = got[1].as_ref().unwrap();
            assert_eq!(r.target_uri.as_deref(), Some("https://example.org/2"));
            assert_eq!(r.date.unwrap().to_string(), "2024-08-10");
            assert_eq!(r.status, Some(200));
            assert!(r.is_html());
            assert_eq!(r.body, b"<html><body><p>Two.</p></body></html>");
        }
    }

    #[test]
    fn truncation_reports_after_good_records() {
        for gz in [false, true] {
            let mut bytes = write_warc(&pages(), gz);
            bytes.truncate(bytes.len() - 30);
            let got = read_all(bytes, Limits::default());
            assert!(got[0].is_ok(), "first page survives (gzip {gz})");
            let last = got.last().unwrap();
            assert!(
                matches!(last, Err(Cause::Malformed(m)) if m.contains("truncated")),
                "gzip {gz}: {last:?}"
            );
        }
    }

    #[test]
    fn caps() {
        let big = vec![b'a'; 5000];
        let ps = vec![
            ("https://e/big", "2024-01-01T00:00:00Z", big.as_slice()),
            pages()[0],
        ];
        let got = read_all(
            write_warc(&ps, true),
            Limits {
                max_record: 1000,
                max_total: 1 << 20,
            },
        );
        assert!(
            matches!(&got[0], Err(Cause::TooLarge(m)) if m.contains("https://e/big")),
            "{:?}",
            got[0]
        );
        assert!(got[1].is_ok(), "reading goes on after an oversized record");
        let got = read_all(
            write_warc(&ps, true),
            Limits {
                max_record: 1 << 20,
                max_total: 2000,
            },
        );
        assert!(
            got.iter().any(|r| matches!(r, Err(Cause::TooLarge(_)))),
            "{got:?}"
        );
    }

    #[test]
    fn chunked_and_gzipped_bodies() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"not chunked").is_none());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"<p>hi</p>").unwrap();
        let body = gz.finish().unwrap();
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n"
                .to_vec();
        block.extend(body);
        let (s, ct, b) = http_response(&block, 1000).unwrap();
        assert_eq!(
            (s, ct.as_deref(), b.as_slice()),
            (200, Some("text/html"), b"<p>hi</p>".as_slice())
        );
    }

    #[test]
    fn garbage() {
        let got = read_all(b"hello world\n".to_vec(), Limits::default());
        assert!(matches!(&got[0], Err(Cause::Malformed(m)) if m.contains("WARC/1.x")));
        assert!(read_all(Vec::new(), Limits::default()).is_empty());
    }

    #[test]
    fn a_record_that_lies_about_its_length_is_rejected_and_reading_goes_on() {
        let ps = pages();
        let third = (
            "https://example.org/3",
            "2024-08-11T12:00:00Z",
            b"<html><body><p>Three.</p></body></html>".as_slice(),
        );
        for gz in [false, true] {
            // Record 1 says 10 bytes fewer than its block holds.
            let one = String::from_utf8(write_warc(&ps[..1], false)).unwrap();
            let key = "msgtype=response\r\nContent-Length: ";
            let at = one.find(key).unwrap() + key.len();
            let digits = one[at..].find('\r').unwrap();
            let len: usize = one[at..at + digits].parse().unwrap();
            let short = format!("{}{}{}", &one[..at], len - 10, &one[at + digits..]);
            assert_ne!(short, one, "the test edits the length");
            let mut plain = short.into_bytes();
            plain.extend(write_warc(&ps[1..], false));
            // Then a stray line of garbage where a record should start.
            plain.extend_from_slice(b"garbage between records\r\n");
            plain.extend(write_warc(&[third], false));
            let bytes = if gz {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                std::io::Write::write_all(&mut e, &plain).unwrap();
                e.finish().unwrap()
            } else {
                plain
            };
            let got = read_all(bytes, Limits::default());
            assert_eq!(got.len(), 4, "gzip {gz}: {got:?}");
            assert!(
                matches!(&got[0], Err(Cause::Malformed(m)) if m.contains("does not end its block")),
                "{:?}",
                got[0]
            );
            assert_eq!(
                got[1].as_ref().unwrap().target_uri.as_deref(),
                Some("https://example.org/2")
            );
            assert!(matches!(&got[2], Err(Cause::Malformed(m)) if m.contains("WARC/1.x")));
            assert_eq!(
                got[3].as_ref().unwrap().target_uri.as_deref(),
                Some("https://example.org/3")
            );
        }
    }

    #[test]
    fn a_huge_declared_length_allocates_nothing() {
        let w =
            b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 18446744073709551615\r\n\r\nshort"
                .to_vec();
        let got = read_all(w, Limits::default());
        assert!(
            matches!(&got[0], Err(Cause::Malformed(m)) if m.contains("truncated")),
            "{got:?}"
        );
    }
}
