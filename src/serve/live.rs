//! Live reload: a server-sent-events channel that tells open pages to reload, or to show
//! a build error, only once a build has finished.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;

/// Path of the event stream.
pub const EVENTS_PATH: &str = "/__roundup/events";
/// Path of the reload script.
pub const SCRIPT_PATH: &str = "/__roundup/live.js";

/// The script injected into served pages (never into `build` output).
pub const SCRIPT: &str = r#"(() => {
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
#[derive(Default)]
pub struct Live {
    clients: Mutex<Vec<TcpStream>>,
    error: Mutex<Option<String>>,
}

impl Live {
    /// Registers a page's event stream; a page opened while an error stands sees it at once.
    pub fn subscribe(&self, mut stream: TcpStream) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        if let Some(err) = self.error.lock().expect("no panics while locked").as_ref()
            && stream.write_all(event("build-error", err).as_bytes()).is_err()
        {
            return;
        }
        self.clients.lock().expect("no panics while locked").push(stream);
    }

    /// A build finished well: clear any error and reload every page.
    pub fn built(&self) {
        *self.error.lock().expect("no panics while locked") = None;
        self.broadcast(&event("reload", "built"));
    }

    /// A build failed: keep the previous output and show `message` on every page.
    pub fn failed(&self, message: &str) {
        *self.error.lock().expect("no panics while locked") = Some(message.to_string());
        self.broadcast(&event("build-error", message));
    }

    /// The error pages are showing, if any.
    pub fn error(&self) -> Option<String> {
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

/// One server-sent event; the data is JSON so any text fits on one line.
fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {}\n\n", serde_json::to_string(data).unwrap_or_default())
}

/// Adds the live-reload script to an HTML page, just before `</body>`.
pub fn inject(html: &[u8]) -> Vec<u8> {
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

    #[test]
    fn events_are_single_line_json() {
        assert_eq!(
            event("build-error", "a.md:1:1: bad\n  hint: x"),
            "event: build-error\ndata: \"a.md:1:1: bad\\n  hint: x\"\n\n"
        );
    }
}
