//! Reading a request head within a size bound and a time bound, and parsing its request line.
//!
//! The head is read into one buffer of at most the bound, so a client sending an endless
//! header line costs that much and no more; the time bound is a deadline for the whole head,
//! so a client trickling a byte at a time cannot hold its connection open either.

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::Instant;

/// What the server needs of a request.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Request {
    /// The method, e.g. `GET` (only GET and HEAD are served; the caller refuses others).
    pub method: String,
    /// The path, still percent-encoded, without query or fragment; always starts with `/`.
    pub path: String,
}

/// Why no request head was read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum HeadError {
    /// The head did not end within the size bound (answered 431).
    TooLarge,
    /// The deadline passed; `partial` if some of the head had arrived (answered 408), else the
    /// client was just idle (closed without an answer).
    TimedOut {
        /// Whether any bytes arrived.
        partial: bool,
    },
    /// The client closed, or the connection failed, before the head ended.
    Closed,
}

/// A reader over a connection that gives up at a fixed moment, however the bytes trickle in.
pub(super) struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl<'a> Deadline<'a> {
    /// Reads from `stream` until `until`.
    pub(super) fn new(stream: &'a TcpStream, until: Instant) -> Deadline<'a> {
        Deadline { stream, until }
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

/// Reads up to and including the blank line that ends a request head, never holding more
/// than `max` bytes. Bytes after the head (a body, which GET and HEAD do not have) are dropped.
pub(super) fn read_head(reader: &mut impl Read, max: usize) -> Result<Vec<u8>, HeadError> {
    let mut buf = vec![0u8; max];
    let mut len = 0;
    loop {
        if len == max {
            return Err(HeadError::TooLarge);
        }
        let n = match reader.read(&mut buf[len..]) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(HeadError::TimedOut { partial: len > 0 });
            }
            Err(_) => return Err(HeadError::Closed),
        };
        // The end may straddle two reads: look again at the last bytes of the previous one.
        let from = len.saturating_sub(2);
        len += n;
        if let Some(end) = head_end(&buf[from..len]) {
            buf.truncate(from + end);
            return Ok(buf);
        }
    }
}

/// Where the head ends: just after the first empty line (`\n\n` or `\n\r\n`).
fn head_end(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len()).find_map(|i| match &bytes[i..] {
        [b'\n', b'\n', ..] => Some(i + 2),
        [b'\n', b'\r', b'\n', ..] => Some(i + 3),
        _ => None,
    })
}

/// Parses the request line of a head; `None` if it is not `METHOD TARGET HTTP/1.x` with a
/// target this server can map to a path. Headers are not needed and not parsed.
pub(super) fn parse(head: &[u8]) -> Option<Request> {
    let end = head.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&head[..end]).ok()?;
    let mut parts = line.split_ascii_whitespace();
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") {
        return None;
    }
    Some(Request { method: method.to_string(), path: target_path(target)? })
}

/// The path of a request target, without query or fragment: origin-form (`/a/b?q`) as it is,
/// absolute-form (`http://host:port/a/b?q`, RFC 9112 §3.2.2, sent to proxies and allowed to
/// any server) by its path, with an empty path meaning `/`. The host is not checked: this
/// server has one site. Other forms (`*`, `host:port`) are not for GET or HEAD: `None`.
pub(super) fn target_path(target: &str) -> Option<String> {
    let path = if target.starts_with('/') {
        target
    } else {
        let (scheme, rest) = target.split_once("://")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        match rest.find(['/', '?', '#']) {
            Some(i) if rest[i..].starts_with('/') => &rest[i..],
            _ => "/",
        }
    };
    Some(path.split(['?', '#']).next().unwrap_or("/").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out its bytes a few at a time, then says it timed out.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = self.1.min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn heads_end_at_the_first_blank_line_whatever_the_reads() {
        let raw = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nBODY";
        for step in 1..=raw.len() {
            let head = read_head(&mut Trickle(raw, step), 1024).unwrap();
            assert_eq!(head, b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n", "reads of {step}");
        }
        assert_eq!(read_head(&mut &b"GET / HTTP/1.0\n\nx"[..], 64).unwrap(), b"GET / HTTP/1.0\n\n");
        assert_eq!(read_head(&mut &b"GET / HTTP/1.1\r\n\r\n"[..], 18).unwrap().len(), 18, "exactly the bound fits");
    }

    #[test]
    fn heads_over_the_bound_are_refused_without_reading_on() {
        let mut raw = b"GET / HTTP/1.1\r\nX: ".to_vec();
        raw.extend(std::iter::repeat_n(b'a', 1 << 20));
        let mut reader = &raw[..];
        assert_eq!(read_head(&mut reader, 8192), Err(HeadError::TooLarge));
        assert_eq!(reader.len(), raw.len() - 8192, "read exactly the bound");
        assert_eq!(read_head(&mut &b"GET / HTTP/1.1\r\n\r\n"[..], 17), Err(HeadError::TooLarge));
    }

    #[test]
    fn unfinished_heads_time_out_or_close() {
        assert_eq!(read_head(&mut Trickle(b"", 1), 64), Err(HeadError::TimedOut { partial: false }));
        assert_eq!(read_head(&mut Trickle(b"GET / HT", 3), 64), Err(HeadError::TimedOut { partial: true }));
        assert_eq!(read_head(&mut &b"GET / HTTP/1.1\r\n"[..], 64), Err(HeadError::Closed));
    }

    #[test]
    fn request_lines() {
        let req = |s: &str| parse(s.as_bytes());
        assert_eq!(
            req("GET /a/b?q=1#f HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(Request { method: "GET".into(), path: "/a/b".into() })
        );
        assert_eq!(req("HEAD / HTTP/1.0\n\n").unwrap().method, "HEAD");
        assert_eq!(req("GET /\r\n\r\n"), None, "no version");
        assert_eq!(req("GET / HTTP/2.0\r\n\r\n"), None);
        assert_eq!(req("GET / HTTP/1.1 extra\r\n\r\n"), None);
        assert_eq!(req("\r\n\r\n"), None);
        assert_eq!(req("GET \u{fffd} HTTP/1.1\r\n\r\n"), None);
        assert_eq!(parse(b"GET /\xff HTTP/1.1\r\n\r\n"), None, "not UTF-8");
    }

    #[test]
    fn absolute_form_targets_map_to_their_path() {
        assert_eq!(target_path("/x/"), Some("/x/".into()));
        assert_eq!(target_path("http://127.0.0.1:1111/x/"), Some("/x/".into()));
        assert_eq!(target_path("HTTPS://example.com/a?b=/c"), Some("/a".into()));
        assert_eq!(target_path("http://127.0.0.1:1111"), Some("/".into()));
        assert_eq!(target_path("http://h?q=/x"), Some("/".into()));
        assert_eq!(target_path("http://h/%2e%2e/x"), Some("/%2e%2e/x".into()), "still checked when resolved");
        assert_eq!(target_path("*"), None);
        assert_eq!(target_path("127.0.0.1:1111"), None);
        assert_eq!(target_path("ftp://h/x"), None);
        assert_eq!(target_path("x/y"), None);
    }
}
