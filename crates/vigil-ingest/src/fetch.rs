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
    use ureq::ResponseExt;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_global(Some(opts.timeout))
        .max_redirects(opts.max_redirects)
        .user_agent(opts.user_agent.as_str())
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(|e| fetch_cause(&e, opts))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(Cause::Fetch(
            format!(
                "HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string(),
        ));
    }
    let final_url = resp.get_uri().to_string();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = resp
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| fetch_cause(&e, opts))?;
    Ok(Fetched {
        url: final_url,
        content_type,
        body,
    })
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
