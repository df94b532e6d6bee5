//! A small HTTP/1.1 server on 127.0.0.1 for tests, so the real client path runs (sockets,
//! redirects, timeouts, size limits) without the network. Each connection gets one answer,
//! chosen by a handler from the request, and is then closed.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// The request target, e.g. `/feed.xml`.
    pub path: String,
    /// The headers, names in lowercase, in the order sent.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of header `name` (lowercase), if sent.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// How the server answers one request.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    /// A whole answer, sent at once with its `Content-Length`.
    Full {
        /// The status code.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Says nothing for this long, then gives up: a server that hangs.
    Stall(Duration),
    /// Waits this long, then answers: a slow server that does finish.
    Late(Duration, Box<Reply>),
    /// Sends the headers (announcing 1,000 bytes), then one byte every 100 ms: a server too
    /// slow to finish.
    Trickle,
    /// Sends a body of `total` bytes with no `Content-Length`, until done or the client hangs
    /// up; how many bytes went out is reported through [`Server::streamed`].
    Stream {
        /// Bytes it would send in all.
        total: u64,
    },
}

impl Reply {
    /// `200 OK` with this content type and body.
    pub(crate) fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full { status: 200, headers: vec![("Content-Type".into(), content_type.into())], body: body.into() }
    }

    /// An empty answer with this status.
    pub(crate) fn status(status: u16) -> Reply {
        Reply::Full { status, headers: Vec::new(), body: Vec::new() }
    }

    /// `302 Found` to `location`.
    pub(crate) fn redirect(location: &str) -> Reply {
        Reply::Full { status: 302, headers: vec![("Location".into(), location.into())], body: Vec::new() }
    }

    /// The same answer with one more header.
    pub(crate) fn with(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// The handler choosing each answer.
type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A running server; it lives until the test process ends.
pub(crate) struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Every request received, in order.
    requests: Arc<Mutex<Vec<Request>>>,
    /// How many body bytes each finished [`Reply::Stream`] sent.
    streamed: Mutex<Receiver<u64>>,
}

impl Server {
    /// Starts a server on a free loopback port, answering with `handler`.
    pub(crate) fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = channel();
        let handler: Arc<Handler> = Arc::new(handler);
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, seen, tx) = (Arc::clone(&handler), Arc::clone(&seen), tx.clone());
                std::thread::spawn(move || serve(stream, &*handler, &seen, &tx));
            }
        });
        Server { addr, requests, streamed: Mutex::new(rx) }
    }

    /// The full URL of `path` on this server.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request received so far.
    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// Waits for the next [`Reply::Stream`] to end (sent all, or the client hung up) and
    /// returns how many body bytes it sent.
    pub(crate) fn streamed(&self) -> u64 {
        self.streamed.lock().unwrap().recv().expect("a streamed reply")
    }
}

/// Reads one request from `stream` and answers it.
fn serve(stream: TcpStream, handler: &Handler, seen: &Mutex<Vec<Request>>, streamed: &Sender<u64>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Some(request) = read_request(&stream) else { return };
    seen.lock().unwrap().push(request.clone());
    answer(stream, handler(&request), streamed);
}

/// Sends `reply` on `out`.
fn answer(mut out: TcpStream, reply: Reply, streamed: &Sender<u64>) {
    match reply {
        Reply::Full { status, headers, body } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\nContent-Length: {}\r\n", reason(status), body.len());
            for (n, v) in headers {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
            head.push_str("Connection: close\r\n\r\n");
            let _ = out.write_all(head.as_bytes()).and_then(|()| out.write_all(&body));
        }
        Reply::Stall(d) => std::thread::sleep(d),
        Reply::Late(d, reply) => {
            std::thread::sleep(d);
            answer(out, *reply, streamed);
        }
        Reply::Trickle => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n";
            if out.write_all(head.as_bytes()).is_err() {
                return;
            }
            for _ in 0..1000 {
                std::thread::sleep(Duration::from_millis(100));
                if out.write_all(b"x").and_then(|()| out.flush()).is_err() {
                    return;
                }
            }
        }
        Reply::Stream { total } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n";
            let mut sent = 0u64;
            if out.write_all(head.as_bytes()).is_ok() {
                let chunk = vec![b' '; 64 << 10];
                while sent < total {
                    let n = chunk.len().min(usize::try_from(total - sent).unwrap_or(usize::MAX));
                    if out.write_all(&chunk[..n]).is_err() {
                        break;
                    }
                    sent += n as u64;
                }
            }
            let _ = streamed.send(sent);
        }
    }
}

/// Parses the request line and headers (the fetch client sends no body).
fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let l = line.trim_end();
        if l.is_empty() {
            return Some(Request { path, headers });
        }
        let (n, v) = l.split_once(':')?;
        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
}

/// The reason phrase of the statuses the tests use.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}
