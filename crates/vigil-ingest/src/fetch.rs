//! Fetching article and feed URLs the user asked for — the only network access Vigil makes.
//!
//! Every request has a connect timeout and an overall timeout, a cap on redirects and on the
//! body size, and says who it is in its `User-Agent`.

use crate::Cause;
use std::time::Duration;

/// Limits for one fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Time to connect.
    pub connect_timeout: Duration,
    /// Time for the whole request, body included.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_bytes: 20 << 20,
            user_agent: format!(
                "vigil/{} (news event extraction; fetches only URLs its user names)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// A fetched body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub url: String,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body bytes (content-coding undone).
    pub body: Vec<u8>,
    /// The `ETag` header: sent back as `If-None-Match` by a later conditional fetch.
    pub etag: Option<String>,
    /// The `Last-Modified` header: sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// True for arguments that name a URL rather than a path.
#[must_use]
pub fn is_url(arg: &str) -> bool {
    let l = arg.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// Fetches one URL.
///
/// # Errors
/// [`Cause::Fetch`] naming the status (404, 500 …), a timeout, too many redirects, a refused
/// connection or an unknown host; [`Cause::TooLarge`] for a body over the cap.
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Fetched, Cause> {
    match fetch_if_changed(url, opts, None, None) {
        Ok(Some(f)) => Ok(f),
        // Without validators a server has nothing to answer 304 to; one that does anyway
        // sent no body.
        Ok(None) => Err(Cause::Fetch(
            "HTTP 304 Not Modified to a plain request".into(),
        )),
        Err(e) => Err(e.cause),
    }
}

/// Why a conditional fetch failed, and how long the server asked us to wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchFailure {
    /// What went wrong.
    pub cause: Cause,
    /// A `Retry-After` (in seconds, or an HTTP date) sent with a 429 or 503 answer.
    pub retry_after: Option<Duration>,
}

/// Fetches a URL unless it is unchanged: `etag` goes out as `If-None-Match` and
/// `last_modified` as `If-Modified-Since` (values of an earlier [`Fetched`]), and a
/// `304 Not Modified` answer is `Ok(None)`.
///
/// # Errors
/// As [`fetch`], with the server's `Retry-After` when it sent one.
pub fn fetch_if_changed(
    url: &str,
    opts: &FetchOptions,
    etag: Option<&str>,
    last_modified: Option<&str>,
) -> Result<Option<Fetched>, FetchFailure> {
    use ureq::ResponseExt;
    let plain = |cause| FetchFailure {
        cause,
        retry_after: None,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_global(Some(opts.timeout))
        .max_redirects(opts.max_redirects)
        .user_agent(opts.user_agent.as_str())
        .http_status_as_error(false)
        .build()
        .into();
    let mut req = agent.get(url);
    if let Some(e) = etag {
        req = req.header("If-None-Match", e);
    }
    if let Some(m) = last_modified {
        req = req.header("If-Modified-Since", m);
    }
    let mut resp = req.call().map_err(|e| plain(fetch_cause(&e, opts)))?;
    let status = resp.status();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if status.as_u16() == 304 {
        return Ok(None);
    }
    if !status.is_success() {
        let retry_after = header("retry-after").and_then(|v| retry_after(&v, now_unix()));
        return Err(FetchFailure {
            cause: Cause::Fetch(
                format!(
                    "HTTP {} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("")
                )
                .trim_end()
                .to_string(),
            ),
            retry_after,
        });
    }
    let final_url = resp.get_uri().to_string();
    let content_type = header("content-type");
    let etag = header("etag");
    let last_modified = header("last-modified");
    let body = resp
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| plain(fetch_cause(&e, opts)))?;
    Ok(Some(Fetched {
        url: final_url,
        content_type,
        body,
        etag,
        last_modified,
    }))
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A `Retry-After` value — seconds, or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`) — as a
/// wait from `now` (Unix seconds); a date in the past is no wait.
#[must_use]
pub fn retry_after(value: &str, now: i64) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = http_date(v)?;
    Some(Duration::from_secs(u64::try_from(at - now).unwrap_or(0)))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110) as Unix seconds.
fn http_date(v: &str) -> Option<i64> {
    let rest = v.split_once(", ").map_or(v, |(_, r)| r);
    let mut it = rest.split_ascii_whitespace();
    let day: u32 = it.next()?.parse().ok()?;
    let month: u8 = match it.next()?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let year: i32 = it.next()?.parse().ok()?;
    let mut hms = it.next()?.split(':').map(str::parse::<i64>);
    let (h, m, s) = (hms.next()?.ok()?, hms.next()?.ok()?, hms.next()?.ok()?);
    if it.next()? != "GMT"
        || !(0..24).contains(&h)
        || !(0..60).contains(&m)
        || !(0..61).contains(&s)
    {
        return None;
    }
    let days = vigil_model::Date::new(year, month, u8::try_from(day).ok()?)?.to_days();
    Some(days * 86_400 + h * 3_600 + m * 60 + s)
}

fn fetch_cause(e: &ureq::Error, opts: &FetchOptions) -> Cause {
    match e {
        ureq::Error::Timeout(_) => Cause::Fetch(format!(
            "timed out (connect {} s, total {} s)",
            opts.connect_timeout.as_secs(),
            opts.timeout.as_secs()
        )),
        ureq::Error::TooManyRedirects => {
            Cause::Fetch(format!("more than {} redirects", opts.max_redirects))
        }
        ureq::Error::BodyExceedsLimit(_) => {
            Cause::TooLarge(format!("body over the {} byte cap", opts.max_bytes))
        }
        ureq::Error::HostNotFound => Cause::Fetch("host not found".into()),
        other => Cause::Fetch(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(retry_after("120", 0), Some(Duration::from_secs(120)));
        assert_eq!(retry_after(" 0 ", 0), Some(Duration::ZERO));
        // 1994-11-06T08:49:37Z is 784111777.
        let at = 784_111_777;
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at - 90),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at + 5),
            Some(Duration::ZERO),
            "a date past is no wait"
        );
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date("Sat, 29 Feb 2020 23:59:59 GMT"),
            Some(1_583_020_799)
        );
        for bad in [
            "soon",
            "-5",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "",
        ] {
            assert_eq!(retry_after(bad, 0), None, "{bad}");
        }
    }
}
