//! Writing HTTP/1.1 responses: content types, complete responses, and closing without losing them.
//!
//! Every response closes its connection (no keep-alive): previews are light, and it keeps the
//! server simple and its limits easy to reason about.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// Content type by file extension.
pub(super) fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Writes a complete response; `head` leaves the body out (for HEAD requests).
pub(super) fn respond(stream: &mut impl Write, status: &str, ctype: &str, body: &[u8], head: bool) -> io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Writes a short plain-text answer, for errors and refusals.
pub(super) fn plain(stream: &mut impl Write, status: &str, text: &str) -> io::Result<()> {
    respond(stream, status, "text/plain; charset=utf-8", text.as_bytes(), false)
}

/// Most bytes [`close_gently`] reads and drops.
const DRAIN_BYTES: usize = 1 << 20;
/// Longest [`close_gently`] waits.
const DRAIN_TIME: Duration = Duration::from_secs(1);

/// Closes a connection answered before its request was read to the end. Closing with the
/// client's bytes unread would reset the connection, and the client could lose the answer;
/// so the server stops writing, then reads and drops what is still coming, up to 1 MiB or
/// 1 s (bounded, like everything else), before closing.
pub(super) fn close_gently(stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let mut reader = super::request::Deadline::new(&stream, Instant::now() + DRAIN_TIME);
    let mut sink = [0u8; 8192];
    let mut left = DRAIN_BYTES;
    while left > 0 {
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("x.pf_fragment")), "application/octet-stream");
        assert_eq!(content_type(Path::new("feed.xml")), "application/xml; charset=utf-8");
    }

    #[test]
    fn responses_close_and_head_has_no_body() {
        let mut out = Vec::new();
        respond(&mut out, "200 OK", "text/plain", b"hello", false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Length: 5\r\n") && text.contains("Connection: close\r\n"));
        assert!(text.ends_with("\r\n\r\nhello"));
        let mut out = Vec::new();
        respond(&mut out, "200 OK", "text/plain", b"hello", true).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("Content-Length: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n")
        );
    }
}
