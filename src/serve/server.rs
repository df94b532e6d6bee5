//! The accept loop and the handling of one connection, within the bounds of [`Limits`]: a
//! thread per connection but never more than `max_connections` of them, each request head
//! read within a size and a time bound, and every write with a timeout.

use super::http;
use super::limits::Limits;
use super::live::{self, Full, Live};
use super::paths::{self, Refusal};
use super::request::{self, HeadError};
use super::slots::Slots;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Serves `out` on `listener` until the process ends.
pub(super) fn serve(listener: &TcpListener, out: PathBuf, live: Arc<Live>, limits: Limits) {
    let slots = Slots::new(limits.max_connections);
    for conn in listener.incoming() {
        let stream = match conn {
            Ok(s) => s,
            // E.g. out of file descriptors: wait a little rather than spin.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let Some(slot) = slots.try_take() else {
            busy(stream);
            continue;
        };
        let (out, live) = (out.clone(), live.clone());
        // If no thread can be made, the closure (with the connection and its slot) is dropped.
        let _ = std::thread::Builder::new().name("serve-connection".into()).spawn(move || {
            let _slot = slot;
            handle(stream, &out, &live, &limits);
        });
    }
}

/// Refuses a connection over the limit with a 503, written without waiting so the accept loop
/// never blocks (a fresh connection's send buffer takes it at once), then closes it.
fn busy(stream: TcpStream) {
    if stream.set_nonblocking(true).is_ok() {
        let _ = http::plain(&mut &stream, "503 Service Unavailable", "too many connections; try again");
    }
}

/// Serves one request.
fn handle(mut stream: TcpStream, out: &Path, live: &Live, limits: &Limits) {
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let until = Instant::now() + limits.idle_timeout;
    let req = match request::read_head(&mut request::Deadline::new(&stream, until), limits.max_head_bytes) {
        Ok(head) => request::parse(&head),
        Err(HeadError::TooLarge) => {
            let _ = http::plain(&mut stream, "431 Request Header Fields Too Large", "request head too large");
            http::close_gently(stream);
            return;
        }
        Err(HeadError::TimedOut { partial: true }) => {
            let _ = http::plain(&mut stream, "408 Request Timeout", "request not sent in time");
            return;
        }
        Err(HeadError::TimedOut { partial: false } | HeadError::Closed) => return,
    };
    let Some(req) = req else {
        let _ = http::plain(&mut stream, "400 Bad Request", "bad request");
        return;
    };
    let head = req.method == "HEAD";
    if req.method != "GET" && !head {
        let _ = http::plain(&mut stream, "405 Method Not Allowed", "GET or HEAD only");
        return;
    }
    if req.path == live::EVENTS_PATH {
        if let Err(Full(mut stream)) = live.subscribe(stream) {
            let _ = http::plain(&mut stream, "503 Service Unavailable", "too many pages are listening for reloads");
        }
        return;
    }
    if req.path == live::SCRIPT_PATH {
        let _ = http::respond(&mut stream, "200 OK", "text/javascript; charset=utf-8", live::SCRIPT.as_bytes(), head);
        return;
    }
    let (status, file) = match paths::resolve(out, &req.path) {
        Ok(f) => ("200 OK", Some(f)),
        Err(Refusal::Forbidden) => ("403 Forbidden", None),
        Err(Refusal::NotFound) => ("404 Not Found", out.join("404.html").is_file().then(|| out.join("404.html"))),
    };
    let body = match &file {
        Some(f) => std::fs::read(f).unwrap_or_default(),
        None if status.starts_with("403") => b"<!doctype html><title>Forbidden</title><p>Forbidden</p>".to_vec(),
        None => format!(
            "<!doctype html><title>Not found</title><body><p>Not found{}</p></body>",
            if live.error().is_some() { " (the site has not built yet)" } else { "" }
        )
        .into_bytes(),
    };
    let ctype = file.as_deref().map_or("text/html; charset=utf-8", http::content_type);
    let body = if ctype.starts_with("text/html") { live::inject(&body) } else { body };
    let _ = http::respond(&mut stream, status, ctype, &body, head);
}
