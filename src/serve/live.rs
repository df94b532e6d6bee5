//! Live reload: a server-sent-events channel that tells open pages to reload, or to show
//! a build error, only once a build has finished.
//!
//! Each open page holds a connection, so their number is bounded: streams whose page has
//! gone are dropped before a new one is counted, and beyond the bound a page is refused.

use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::Mutex;

/// Path of the event stream.
pub(super) const EVENTS_PATH: &str = "/__roundup/events";
/// Path of the reload script.
pub(super) const SCRIPT_PATH: &str = "/__roundup/live.js";

/// The script injected into served pages (never into `build` output).
pub(super) const SCRIPT: &str = r#"(() => {
  const box = document.createElement("div");
  box.id = "roundup-error-overlay";
  box.setAttribute("role", "alert");
  box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#ffe7e7;font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;border-top:4px solid #ff6b6b";
  const show = (text) => { box.textContent = "Roundup: the last change could not be built; showing the previous build.\n\n" + text; if (!box.isConnected) document.body.appendChild(box); };
  const es = new EventSource("/__roundup/events");
  es.addEventListener("reload", () => location.reload());
  es.addEventListener("build-error", (e) => show(JSON.parse(e.data)));
})();
"#;

/// The state pages are told about, and the streams to tell.
pub(crate) struct Live {
    clients: Mutex<Vec<TcpStream>>,
    error: Mutex<Option<String>>,
    max_clients: usize,
}

/// A page's event stream was refused: `max_clients` pages are already listening.
#[derive(Debug)]
pub(crate) struct Full(pub TcpStream);

impl Live {
    /// No pages listening yet, and room for at most `max_clients`.
    pub(crate) fn new(max_clients: usize) -> Live {
        Live { clients: Mutex::new(Vec::new()), error: Mutex::new(None), max_clients }
    }

    /// Registers a page's event stream; a page opened while an error stands sees it at once.
    /// The stream should have a write timeout, so a page that stops reading cannot stall
    /// the others. When the bound is reached, the stream is handed back to be refused.
    pub(crate) fn subscribe(&self, mut stream: TcpStream) -> Result<(), Full> {
        let mut clients = self.clients.lock().expect("no panics while locked");
        clients.retain(is_open);
        if clients.len() >= self.max_clients {
            return Err(Full(stream));
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
        if stream.write_all(head.as_bytes()).is_err() {
            return Ok(());
        }
        if let Some(err) = self.error.lock().expect("no panics while locked").as_ref()
            && stream.write_all(event("build-error", err).as_bytes()).is_err()
        {
            return Ok(());
        }
        clients.push(stream);
        Ok(())
    }

    /// A build finished well: clear any error and reload every page.
    pub(crate) fn built(&self) {
        *self.error.lock().expect("no panics while locked") = None;
        self.broadcast(&event("reload", "built"));
    }

    /// A build failed: keep the previous output and show `message` on every page.
    pub(crate) fn failed(&self, message: &str) {
        *self.error.lock().expect("no panics while locked") = Some(message.to_string());
        self.broadcast(&event("build-error", message));
    }

    /// The error pages are showing, if any.
    pub(crate) fn error(&self) -> Option<String> {
        self.error.lock().expect("no panics while locked").clone()
    }

    fn broadcast(&self, msg: &str) {
        // Streams whose page has gone away fail to write and are dropped.
        self.clients
            .lock()
            .expect("no panics while locked")
            .retain_mut(|s| s.write_all(msg.as_bytes()).and_then(|_| s.flush()).is_ok());
    }
}

/// Whether the page at the other end is still there. Pages send nothing after their request,
/// so a stream with nothing to read is open, and one at its end (or failed) is closed.
fn is_open(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let open = match stream.peek(&mut [0u8; 1]) {
        Ok(n) => n > 0,
        Err(e) => e.kind() == io::ErrorKind::WouldBlock,
    };
    stream.set_nonblocking(false).is_ok() && open
}

/// One server-sent event; the data is JSON so any text fits on one line.
fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {}\n\n", serde_json::to_string(data).unwrap_or_default())
}

/// Adds the live-reload script to an HTML page, just before `</body>`.
pub(super) fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><script src=\"/__roundup/live.js\"></script></body></html>");
    }

    /// A connected pair: (the client's end, the server's end).
    fn pair() -> (TcpStream, TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, server)
    }

    #[test]
    fn listening_pages_are_bounded_and_gone_ones_make_room() {
        let live = Live::new(2);
        let (a, a_srv) = pair();
        let (_b, b_srv) = pair();
        let (_c, c_srv) = pair();
        assert!(live.subscribe(a_srv).is_ok());
        assert!(live.subscribe(b_srv).is_ok());
        let Err(Full(c_srv)) = live.subscribe(c_srv) else { panic!("a third page was let in") };
        drop(a);
        // The closed page is noticed once its end arrives; wait for that without timing anything.
        let mut c_srv = c_srv;
        loop {
            match live.subscribe(c_srv) {
                Ok(()) => break,
                Err(Full(s)) => c_srv = s,
            }
            std::thread::yield_now();
        }
        assert_eq!(live.clients.lock().unwrap().len(), 2);
    }

    #[test]
    fn open_and_closed_streams() {
        let (client, server) = pair();
        assert!(is_open(&server));
        drop(client);
        while is_open(&server) {
            std::thread::yield_now();
        }
    }

    #[test]
    fn events_are_single_line_json() {
        assert_eq!(
            event("build-error", "a.md:1:1: bad\n  hint: x"),
            "event: build-error\ndata: \"a.md:1:1: bad\\n  hint: x\"\n\n"
        );
    }
}
