//! Fetching one `http(s)` source for `roundup import`: bounded in time, size and redirects,
//! polite (a User-Agent naming Roundup) and cheap on re-fetch (`ETag` / `Last-Modified`
//! remembered in a [`Cache`], so an unchanged feed answers `304 Not Modified`).
//!
//! Everything a server sends is untrusted, and one bad source must never stop the others: every
//! failure (a refused address, a timeout, HTTP 404 or 500, a redirect loop, a body over the size
//! limit, an unsupported character encoding) is an `Err` with a one-line reason for the import
//! summary, never a panic and never an unbounded wait or allocation.

mod cache;
mod charset;
#[cfg(test)]
pub(crate) mod test_server;
#[cfg(test)]
mod tests;

pub(crate) use cache::Cache;

use std::time::{Duration, Instant};
use ureq::http::StatusCode;

/// How far one fetch may go: a slow, huge or endlessly redirecting server costs at most this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Limits {
    /// The whole request, from resolving the host to the last byte of the body, redirects
    /// included: one budget, not one per redirect. Connecting alone gets at most half of what
    /// is left (and never more than 10 s).
    pub timeout: Duration,
    /// The largest body accepted, counted as it is read (after any gzip decompression), so a
    /// larger one is refused without being held in memory.
    pub max_bytes: u64,
    /// Redirects followed before giving up; a redirect loop ends here.
    pub max_redirects: u32,
}

impl Default for Limits {
    /// 20 s, 10 MiB and 5 redirects: far more than any feed or article page needs, and small
    /// enough that a cron job with many feeds stays bounded.
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(20), max_bytes: 10 << 20, max_redirects: 5 }
    }
}

/// A body that arrived whole, with what the importer needs to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fetched {
    /// The address the body came from, after redirects: the base for relative links.
    pub url: String,
    /// The `Content-Type` header. When it named a charset, the body has been decoded to UTF-8
    /// and this says `charset=utf-8` (see [`fetch`]).
    pub content_type: Option<String>,
    /// The body, at most [`Limits::max_bytes`] long.
    pub body: Vec<u8>,
}

/// What a fetch found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The source answered with a body.
    Fetched(Fetched),
    /// The source has not changed since the copy the cache remembers (`304 Not Modified`):
    /// nothing new to import.
    NotModified,
}

/// What Roundup calls itself on the web, so a site's operator can tell who is fetching and
/// why: `Roundup/<version> (news aggregator; +<repository>)`, the repository when Cargo.toml
/// names one.
pub(crate) fn user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match env!("CARGO_PKG_REPOSITORY") {
        "" => format!("Roundup/{version} (news aggregator)"),
        repo => format!("Roundup/{version} (news aggregator; +{repo})"),
    }
}

/// The kinds of body `import` reads, most wanted first; anything else is still accepted.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, \
                      text/html;q=0.8, text/plain;q=0.7, */*;q=0.5";

/// The longest `Content-Type` kept; a longer one is dropped as garbage.
const MAX_CONTENT_TYPE: usize = 256;

/// Fetches `url` (`http://` or `https://` only) within `limits`.
///
/// Sends `If-None-Match` / `If-Modified-Since` when `cache` remembers the URL's validators, and
/// returns [`Outcome::NotModified`] on `304`. A `2xx` answer's `ETag` / `Last-Modified` are
/// remembered in `cache` (the caller saves it); an answer without them forgets the URL.
///
/// **Decoding.** When `Content-Type` names a charset (`text/html; charset=ISO-8859-1`), the body
/// is decoded here to UTF-8 (any WHATWG encoding: UTF-8, Latin-1 read as windows-1252 as
/// browsers do, UTF-16, Shift_JIS, ...; a byte-order mark wins), the returned `content_type`
/// says `charset=utf-8`, and an XML declaration's `encoding="..."` is rewritten to UTF-8 so an
/// XML parser does not decode it twice. An unknown charset is an `Err`. When the header names
/// none, the bytes are returned as they came, and the importer reads them as it reads a file
/// (a BOM, `<meta charset>`, the XML declaration, else UTF-8). The header wins over the body's
/// own declarations because HTTP and HTML both say it does.
///
/// Every failure is an `Err` with a short reason for the import summary ("HTTP 404 Not Found",
/// "timed out after 20 s", "more than 5 redirects (a redirect loop?)", ...).
pub(crate) fn fetch(url: &str, limits: &Limits, cache: &mut Cache) -> Result<Outcome, String> {
    let url = check_url(url)?;
    let deadline = Instant::now() + limits.timeout;
    let (etag, last_modified) = cache.validators(&url);
    let (etag, last_modified) = (etag.map(str::to_string), last_modified.map(str::to_string));
    let conditional = etag.is_some() || last_modified.is_some();
    // Redirects are followed here rather than by the client, so that every hop is checked like
    // the first address (a `Location: file:///etc/passwd` is refused, not read as a path).
    let mut current = url.clone();
    let mut redirects = 0;
    let mut response = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timed_out(limits));
        }
        let mut request = agent(left).get(&current).header("Accept", ACCEPT);
        if let Some(v) = &etag {
            request = request.header("If-None-Match", v);
        }
        if let Some(v) = &last_modified {
            request = request.header("If-Modified-Since", v);
        }
        let response = request.call().map_err(|e| reason(e, limits))?;
        let status = response.status();
        if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
            break response;
        }
        let Some(location) = response.headers().get("location").and_then(|v| v.to_str().ok()) else {
            return Err(format!("{} without a Location to go to", http_status(status)));
        };
        if redirects == limits.max_redirects {
            return Err(match redirects {
                0 => format!("{} and redirects are not followed (limit 0)", http_status(status)),
                n => format!("more than {n} redirects (a redirect loop?)"),
            });
        }
        redirects += 1;
        current = url::Url::parse(&current)
            .and_then(|base| base.join(location.trim()))
            .map_err(|e| format!("redirected to a bad address ({e}): {}", crate::diag::quote(location)))
            .and_then(|next| check_url(next.as_str()).map_err(|why| format!("redirected, and {why}")))?;
    };
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        if !conditional {
            return Err("HTTP 304 Not Modified to a request that asked for the whole page".into());
        }
        cache.touch(&url);
        return Ok(Outcome::NotModified);
    }
    if !status.is_success() {
        return Err(http_status(status));
    }
    let header =
        |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::trim).map(str::to_string);
    let content_type = header("content-type").filter(|t| t.len() <= MAX_CONTENT_TYPE && !t.is_empty());
    let (new_etag, new_last_modified) = (header("etag"), header("last-modified"));
    if let Some(n) = header("content-length").and_then(|n| n.parse::<u64>().ok())
        && n > limits.max_bytes
    {
        return Err(too_big(limits.max_bytes, Some(n)));
    }
    let body =
        response.body_mut().with_config().limit(limits.max_bytes).read_to_vec().map_err(|e| reason(e, limits))?;
    let (body, content_type) = charset::decode(body, content_type)?;
    cache.remember(&url, new_etag.as_deref(), new_last_modified.as_deref());
    Ok(Outcome::Fetched(Fetched { url: current, content_type, body }))
}

/// Refuses anything but a plain `http(s)` address with a host and no user name or password (a
/// `file:` URL must never read the local disk), and returns it normalised, without a fragment.
fn check_url(url: &str) -> Result<String, String> {
    let shown = crate::diag::quote(url);
    let mut u = url::Url::parse(url.trim()).map_err(|e| format!("not a web address ({e}): {shown}"))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(format!("only http:// and https:// addresses are fetched, not {}: {shown}", u.scheme()));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err(format!("the address has no host: {shown}"));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err("an address with a user name or password is refused (it would be sent to every redirect)".into());
    }
    u.set_fragment(None);
    Ok(u.into())
}

/// An agent for one request with `left` of the fetch's time budget: it follows no redirects
/// ([`fetch`] does, checking each) and turns no status into an error (304 and 404 are read
/// there), so every outcome reads clearly.
fn agent(left: Duration) -> ureq::Agent {
    let connect = (left / 2).min(Duration::from_secs(10));
    ureq::Agent::config_builder()
        .timeout_global(Some(left))
        .timeout_connect(Some(connect))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(user_agent())
        .build()
        .into()
}

/// "HTTP 404 Not Found".
fn http_status(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(r) => format!("HTTP {} {r}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// The reason for a body over the size limit, with its announced size when the server gave one.
fn too_big(max: u64, announced: Option<u64>) -> String {
    match announced {
        Some(n) => format!("response too large: {} announced, the limit is {}", bytes(n), bytes(max)),
        None => format!("response too large: more than the limit of {}", bytes(max)),
    }
}

/// A byte count for people: "10 MiB", "52 KiB", "900 bytes".
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.0} MiB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.0} KiB", n as f64 / f64::from(1 << 10)),
        n => format!("{n} bytes"),
    }
}

/// The reason for a fetch that ran out of time.
fn timed_out(limits: &Limits) -> String {
    format!("timed out after {} s", limits.timeout.as_secs_f64())
}

/// A ureq error as a reason for the summary: says which limit was hit, not the client's
/// internals.
fn reason(e: ureq::Error, limits: &Limits) -> String {
    use ureq::Error as E;
    let timed_out = || timed_out(limits);
    match e {
        E::Timeout(_) => timed_out(),
        E::TooManyRedirects => format!("more than {} redirects (a redirect loop?)", limits.max_redirects),
        E::BodyExceedsLimit(_) => too_big(limits.max_bytes, None),
        E::HostNotFound => "host not found".into(),
        E::ConnectionFailed => "connection failed".into(),
        E::StatusCode(code) => StatusCode::from_u16(code).map_or_else(|_| format!("HTTP {code}"), http_status),
        E::BadUri(why) => format!("bad address: {why}"),
        E::Io(io) => match io.get_ref().and_then(|inner| inner.downcast_ref::<ureq::Error>()) {
            Some(E::Timeout(_)) => timed_out(),
            Some(E::BodyExceedsLimit(_)) => too_big(limits.max_bytes, None),
            _ if io.kind() == std::io::ErrorKind::TimedOut => timed_out(),
            _ if io.kind() == std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            _ => format!("network error: {io}"),
        },
        other => format!("network error: {other}"),
    }
}
