//! A small HTTP/1.1 file server for previews: GET and HEAD only, one thread per connection.
//!
//! Safety first: request paths are percent-decoded, any `.` or `..` segment is refused,
//! and the resolved file must stay inside the output folder after following symlinks.

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

/// A parsed request line.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET` or `HEAD` (others are refused before routing).
    pub method: String,
    /// The path, still percent-encoded, without the query string.
    pub path: String,
}

/// Reads the request line and headers; returns `None` for a malformed request.
pub fn read_request(stream: &TcpStream) -> io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return Ok(None) };
    // Drain headers; the preview server needs none of them.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    Ok(Some(Request { method: method.to_string(), path }))
}

/// Why a path cannot be served.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing there (404).
    NotFound,
    /// Outside the output folder, or not a plain path (403).
    Forbidden,
}

/// Maps a request path to a file inside `root`, refusing anything that could escape it.
/// Folder paths get their `index.html`.
pub fn resolve(root: &Path, url_path: &str) -> Result<PathBuf, Refusal> {
    let decoded = percent_decode(url_path).ok_or(Refusal::Forbidden)?;
    if !decoded.starts_with('/') || decoded.contains('\0') || decoded.contains('\\') {
        return Err(Refusal::Forbidden);
    }
    let mut path = root.to_path_buf();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains(':') {
            return Err(Refusal::Forbidden);
        }
        path.push(seg);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().map_err(|_| Refusal::NotFound)?;
    let real_root = root.canonicalize().map_err(|_| Refusal::NotFound)?;
    if !real.starts_with(&real_root) {
        return Err(Refusal::Forbidden);
    }
    if real.is_file() { Ok(real) } else { Err(Refusal::NotFound) }
}

/// Decodes `%XX` escapes; `None` if malformed or not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content type by file extension.
pub fn content_type(path: &Path) -> &'static str {
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

/// Writes a complete response (no keep-alive: previews are light, and it keeps the server simple).
pub fn respond(stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8], head: bool) -> io::Result<()> {
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

/// Reads a file to serve.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    fs::read(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let dir = std::env::temp_dir().join(format!("roundup-http-{}", std::process::id()));
        fs::create_dir_all(dir.join("public/a")).unwrap();
        fs::write(dir.join("public/a/index.html"), "hi").unwrap();
        fs::write(dir.join("secret.txt"), "no").unwrap();
        let root = dir.join("public");
        assert!(resolve(&root, "/a/").unwrap().ends_with("a/index.html"));
        assert!(resolve(&root, "/a").is_ok());
        assert_eq!(resolve(&root, "/../secret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/%2e%2e/secret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/a/%2E%2E/%2e%2e/secret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/a%5c..%5csecret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/%zz"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/missing.html"), Err(Refusal::NotFound));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.txt"), root.join("link.txt")).unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Err(Refusal::Forbidden));
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("x.pf_fragment")), "application/octet-stream");
        assert_eq!(content_type(Path::new("feed.xml")), "application/xml; charset=utf-8");
    }
}
