//! `roundup import` over HTTP, through the real binary and a server on 127.0.0.1: a URL source,
//! `--feeds` with the outlets of `[[feeds]]`, a failing feed that stops no other, and a re-run
//! that the ETag cache makes cheap.

mod common;
use common::{new_site, roundup};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Serves `/feed.xml` (with an ETag, answering `304` to a matching `If-None-Match`) and a 404 for
/// anything else; records each request line with its `If-None-Match`.
fn serve(feed: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            let mut inm = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("if-none-match:") {
                    inm = Some(v.trim().to_string());
                }
            }
            let path = first.split_whitespace().nth(1).unwrap_or("").to_string();
            seen.lock().unwrap().push(format!("{path} {}", inm.clone().unwrap_or_default()));
            let reply = if path == "/feed.xml" && inm.as_deref() == Some("\"v1\"") {
                "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n".to_string()
            } else if path == "/feed.xml" {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{feed}",
                    feed.len()
                )
            } else {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            };
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (base, log)
}

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback Gazette</title><link>https://gazette.example/</link>
<item><title>Town hall reopens after repairs</title><link>https://gazette.example/news/town-hall</link>
<pubDate>Tue, 01 Apr 2025 09:30:00 GMT</pubDate>
<description>&lt;p&gt;The town hall reopened on Tuesday after two years of repairs costing 4 million euros.&lt;/p&gt;</description></item>
</channel></rss>"#;

fn import(root: &Path, args: &[&str]) -> (bool, String) {
    let mut all = vec!["import", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = roundup(&all);
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn feeds_are_pulled_under_their_outlet_and_a_rerun_is_cheap() {
    let (base, log) = serve(FEED);
    let site = new_site(&format!(
        "title = \"t\"\nbase_url = \"https://example.org/\"\n\n[[feeds]]\nurl = \"{base}/feed.xml\"\noutlet = \"The Gazette\"\n\n[[feeds]]\nurl = \"{base}/gone.xml\"\n"
    ));
    let (ok, out) = import(site.path(), &["--feeds"]);
    assert!(ok, "one feed failing does not fail the run: {out}");
    assert!(out.contains("added 1, skipped 0 (duplicates), failed 1"), "{out}");
    assert!(out.contains("gone.xml") && out.contains("404"), "the failure names its source and reason: {out}");
    let file = site.path().join("articles/2025-04-01/the-gazette-town-hall-reopens-after-repairs.md");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}\n{out}", file.display()));
    assert!(
        text.contains("outlet: \"The Gazette\"") || text.contains("outlet: The Gazette"),
        "[[feeds]] outlet over the feed title: {text}"
    );
    assert!(text.contains("4 million euros"), "{text}");

    // The second run sends the ETag, is told "not modified", and adds nothing.
    let (ok, out) = import(site.path(), &["--feeds"]);
    assert!(ok, "{out}");
    assert!(out.contains("added 0"), "{out}");
    let requests = log.lock().unwrap().clone();
    assert!(requests.iter().any(|r| r == "/feed.xml \"v1\""), "the re-fetch is conditional: {requests:?}");
    assert!(!site.path().join("articles/2025-04-01/the-gazette-town-hall-reopens-after-repairs-2.md").exists());
}

#[test]
fn a_url_source_is_fetched_and_outlet_on_the_command_line_wins() {
    let (base, _) = serve(FEED);
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    let (ok, out) = import(site.path(), &[&format!("{base}/feed.xml"), "--outlet", "Desk", "--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("articles/2025-04-01/desk-town-hall-reopens-after-repairs.md"), "{out}");
    assert!(!site.path().join("articles/2025-04-01").exists(), "a dry run writes nothing");
    let (ok, out) = import(site.path(), &["--feeds"]);
    assert!(!ok, "--feeds without [[feeds]] is a usage error");
    assert!(out.contains("[[feeds]]"), "{out}");
}
