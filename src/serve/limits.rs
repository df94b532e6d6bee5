//! The preview server's resource limits, in one place, each with the reason for its value.
//!
//! The server is for one person's browser on their own machine, but it must not be
//! knocked over by a stray or hostile client: every connection costs a thread, a
//! buffer and a file descriptor only up to these bounds.

use std::time::Duration;

/// Largest request line plus headers, in bytes. A browser's request to a preview is under
/// 2 KiB, but cookies set on `localhost` by other development servers are sent here too;
/// 16 KiB (Node's default) leaves room for them. Larger heads get 431.
pub(super) const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Most requests handled at once (one thread each). A browser opens at most six connections
/// per host, so 64 covers several browsers reloading together; beyond it, 503.
pub(super) const MAX_CONNECTIONS: usize = 64;

/// Most open live-reload streams. Each open page holds one; a browser holds at most six
/// connections per host, so 32 covers several browsers and devices; beyond it, 503.
pub(super) const MAX_SUBSCRIBERS: usize = 32;

/// Time a client has, from connecting, to send its whole request head. Browsers send it at
/// once; 10 s also covers a speculative connection opened ahead of a click. Slower clients
/// (idle or trickling) are dropped, freeing their place.
pub(super) const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// Time a write may stall (the client not reading) before the connection is dropped.
pub(super) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Overrides [`IDLE_TIMEOUT`] (milliseconds), so tests can watch idle clients being dropped quickly.
pub(super) const IDLE_TIMEOUT_ENV: &str = "ROUNDUP_SERVE_IDLE_TIMEOUT_MS";

/// The limits a running server applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// See [`MAX_HEAD_BYTES`].
    pub max_head_bytes: usize,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
    /// See [`MAX_SUBSCRIBERS`].
    pub max_subscribers: usize,
    /// See [`IDLE_TIMEOUT`].
    pub idle_timeout: Duration,
    /// See [`WRITE_TIMEOUT`].
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_head_bytes: MAX_HEAD_BYTES,
            max_connections: MAX_CONNECTIONS,
            max_subscribers: MAX_SUBSCRIBERS,
            idle_timeout: IDLE_TIMEOUT,
            write_timeout: WRITE_TIMEOUT,
        }
    }
}

impl Limits {
    /// The defaults, with the idle timeout taken from [`IDLE_TIMEOUT_ENV`] when it holds a
    /// positive number of milliseconds (anything else is ignored).
    pub(crate) fn from_env() -> Limits {
        let idle = std::env::var(IDLE_TIMEOUT_ENV).ok().and_then(|v| parse_millis(&v));
        Limits { idle_timeout: idle.unwrap_or(IDLE_TIMEOUT), ..Limits::default() }
    }
}

/// A positive whole number of milliseconds.
fn parse_millis(text: &str) -> Option<Duration> {
    text.trim().parse::<u64>().ok().filter(|&ms| ms > 0).map(Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_timeout_override_is_positive_milliseconds() {
        assert_eq!(parse_millis("1500"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_millis(" 20 "), Some(Duration::from_millis(20)));
        assert_eq!(parse_millis("0"), None);
        assert_eq!(parse_millis("-5"), None);
        assert_eq!(parse_millis("2s"), None);
    }
}
