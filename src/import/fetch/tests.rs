//! The fetch client against a loopback server: every way a source can fail must end in a
//! reason, and a re-fetch of an unchanged source must be a `304`.

use super::test_server::{Reply, Server};
use super::*;
use std::time::Duration;

/// A small size limit, so the oversize cases stay small; the default time, so that a busy
/// machine never fails a test that should succeed.
fn small() -> Limits {
    Limits { max_bytes: 64 << 10, ..Limits::default() }
}

/// A 1 s budget, for the cases that must time out.
fn hasty() -> Limits {
    Limits { timeout: Duration::from_secs(1), ..small() }
}

/// Fetches with a fresh cache, expecting a body.
fn fetched(url: &str, limits: &Limits) -> Fetched {
    match fetch(url, limits, &mut Cache::default()) {
        Ok(Outcome::Fetched(f)) => f,
        other => panic!("{url}: {other:?}"),
    }
}

/// Fetches with a fresh cache, expecting a failure, and returns its reason.
fn failed(url: &str, limits: &Limits) -> String {
    match fetch(url, limits, &mut Cache::default()) {
        Err(why) => why,
        other => panic!("{url} should fail: {other:?}"),
    }
}

const RSS: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title></channel></rss>";

#[test]
fn a_feed_is_fetched_with_its_type_and_address_and_roundup_named() {
    let server = Server::start(|_| Reply::ok("application/rss+xml", RSS));
    let f = fetched(&server.url("/feed.xml#top"), &Limits::default());
    assert_eq!(f.url, server.url("/feed.xml"), "the fragment is not part of the address");
    assert_eq!(f.content_type.as_deref(), Some("application/rss+xml"));
    assert_eq!(f.body, RSS.as_bytes());
    let req = &server.requests()[0];
    assert_eq!(req.path, "/feed.xml");
    let ua = req.header("user-agent").unwrap();
    assert!(ua.starts_with(&format!("Roundup/{} (", env!("CARGO_PKG_VERSION"))), "{ua}");
    assert!(req.header("accept").unwrap().starts_with("application/rss+xml"));
    assert_eq!(req.header("if-none-match"), None);
}

#[test]
fn http_errors_give_their_status() {
    let server = Server::start(|r| Reply::status(if r.path == "/gone" { 404 } else { 500 }));
    assert_eq!(failed(&server.url("/gone"), &small()), "HTTP 404 Not Found");
    assert_eq!(failed(&server.url("/broken"), &small()), "HTTP 500 Internal Server Error");
}

#[test]
fn a_server_that_hangs_or_trickles_times_out() {
    let server =
        Server::start(|r| if r.path == "/hang" { Reply::Stall(Duration::from_secs(5)) } else { Reply::Trickle });
    assert_eq!(failed(&server.url("/hang"), &hasty()), "timed out after 1 s");
    // The headers arrive at once; the limit covers the body too.
    assert_eq!(failed(&server.url("/trickle"), &hasty()), "timed out after 1 s");
}

#[test]
fn the_time_limit_covers_all_redirects_together() {
    // Three hops of 0.4 s each: every one is within 1 s, together they are not.
    let late = |to: &str| Reply::Late(Duration::from_millis(400), Box::new(Reply::redirect(to)));
    let server = Server::start(move |r| match r.path.as_str() {
        "/1" => late("/2"),
        "/2" => late("/3"),
        "/3" => late("/done"),
        _ => Reply::ok("text/plain", "done"),
    });
    assert_eq!(failed(&server.url("/1"), &hasty()), "timed out after 1 s");
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let server = Server::start(|r| match r.path.as_str() {
        "/announced" => Reply::ok("text/html", vec![b'x'; 100 << 10]),
        "/exact" => Reply::ok("text/html", vec![b'x'; 64 << 10]),
        _ => Reply::Stream { total: 50 << 20 },
    });
    assert_eq!(
        failed(&server.url("/announced"), &small()),
        "response too large: 100 KiB announced, the limit is 64 KiB"
    );
    assert_eq!(fetched(&server.url("/exact"), &small()).body.len(), 64 << 10, "exactly the limit is fine");
    // 50 MB with no Content-Length: refused once the limit is read, long before the end.
    assert_eq!(failed(&server.url("/stream"), &small()), "response too large: more than the limit of 64 KiB");
    let sent = server.streamed();
    assert!(sent < 50 << 20, "the client hung up early, after {sent} of {} bytes", 50 << 20);
}

#[test]
fn the_size_limit_counts_decompressed_bytes() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![b' '; 10 << 20]).unwrap();
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 64 << 10, "small on the wire: {} bytes", bomb.len());
    let server = Server::start(move |_| Reply::ok("text/html", bomb.clone()).with("Content-Encoding", "gzip"));
    assert_eq!(failed(&server.url("/bomb"), &small()), "response too large: more than the limit of 64 KiB");
}

#[test]
fn redirects_are_followed_within_the_limit_and_a_loop_fails() {
    let server = Server::start(|r| match r.path.as_str() {
        "/r1" => Reply::redirect("/r2"),
        "/r2" => Reply::redirect("r3"),
        "/r3" => Reply::redirect("/final"),
        "/final" => Reply::ok("text/plain", "arrived"),
        "/loop-a" => Reply::redirect("/loop-b"),
        "/loop-b" => Reply::redirect("/loop-a"),
        "/to-file" => Reply::redirect("file:///etc/passwd"),
        "/nowhere" => Reply::status(301),
        _ => Reply::status(404),
    });
    let f = fetched(&server.url("/r1"), &small());
    assert_eq!((f.url.as_str(), f.body.as_slice()), (server.url("/final").as_str(), b"arrived".as_slice()));
    assert_eq!(failed(&server.url("/loop-a"), &small()), "more than 5 redirects (a redirect loop?)");
    let tight = Limits { max_redirects: 2, ..small() };
    assert_eq!(failed(&server.url("/r1"), &tight), "more than 2 redirects (a redirect loop?)");
    let none = Limits { max_redirects: 0, ..small() };
    assert_eq!(failed(&server.url("/r1"), &none), "HTTP 302 Found and redirects are not followed (limit 0)");
    assert_eq!(
        failed(&server.url("/to-file"), &small()),
        "redirected, and only http:// and https:// addresses are fetched, not file: \"file:///etc/passwd\""
    );
    assert!(server.requests().iter().all(|r| !r.path.contains("passwd")), "never followed");
    assert_eq!(failed(&server.url("/nowhere"), &small()), "HTTP 301 Moved Permanently without a Location to go to");
}

#[test]
fn only_plain_web_addresses_are_fetched() {
    for (url, why) in [
        ("file:///etc/passwd", "only http:// and https:// addresses are fetched, not file: \"file:///etc/passwd\""),
        ("ftp://x.example/feed", "only http:// and https:// addresses are fetched, not ftp: \"ftp://x.example/feed\""),
        (
            "javascript:alert(1)",
            "only http:// and https:// addresses are fetched, not javascript: \"javascript:alert(1)\"",
        ),
        (
            "http://user:pw@127.0.0.1:9/",
            "an address with a user name or password is refused (it would be sent to every redirect)",
        ),
        ("feed.xml", "not a web address (relative URL without a base): \"feed.xml\""),
    ] {
        assert_eq!(failed(url, &small()), why, "{url}");
    }
}

#[test]
fn a_closed_port_is_a_reason() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let why = failed(&format!("http://127.0.0.1:{port}/"), &small());
    assert_eq!(why, "connection refused");
}

#[test]
fn an_etag_makes_the_second_fetch_a_304() {
    let server = Server::start(|r| match r.header("if-none-match") {
        Some("\"v1\"") => Reply::status(304),
        _ => Reply::ok("application/rss+xml", RSS).with("ETag", "\"v1\""),
    });
    let site = tempfile::tempdir().unwrap();
    let url = server.url("/feed.xml");
    let mut cache = Cache::load(site.path());
    assert!(matches!(fetch(&url, &small(), &mut cache), Ok(Outcome::Fetched(_))));
    cache.save(site.path()).unwrap();
    // The next run, as a cron job would start it: the cache comes from the file.
    let mut cache = Cache::load(site.path());
    assert_eq!(fetch(&url, &small(), &mut cache), Ok(Outcome::NotModified));
    let sent: Vec<_> = server.requests().iter().map(|r| r.header("if-none-match").map(str::to_string)).collect();
    assert_eq!(sent, [None, Some("\"v1\"".to_string())]);
}

#[test]
fn last_modified_makes_the_second_fetch_a_304() {
    const DATE: &str = "Tue, 01 Apr 2025 08:00:00 GMT";
    let server = Server::start(|r| match r.header("if-modified-since") {
        Some(DATE) => Reply::status(304),
        _ => Reply::ok("text/html", "<p>page</p>").with("Last-Modified", DATE),
    });
    let site = tempfile::tempdir().unwrap();
    let url = server.url("/page.html");
    let mut cache = Cache::default();
    assert!(matches!(fetch(&url, &small(), &mut cache), Ok(Outcome::Fetched(_))));
    cache.save(site.path()).unwrap();
    let mut cache = Cache::load(site.path());
    assert_eq!(fetch(&url, &small(), &mut cache), Ok(Outcome::NotModified));
    assert_eq!(server.requests()[1].header("if-modified-since"), Some(DATE));
    assert_eq!(server.requests()[1].header("if-none-match"), None);
}

#[test]
fn a_forgotten_source_is_fetched_in_full() {
    let server = Server::start(|r| match r.header("if-none-match") {
        Some(_) => Reply::status(304),
        None => Reply::ok("text/plain", "all").with("ETag", "\"1\""),
    });
    let url = server.url("/x#frag");
    let mut cache = Cache::default();
    assert!(matches!(fetch(&url, &small(), &mut cache), Ok(Outcome::Fetched(_))));
    // The importer could not use what came: it forgets the source (as it named it).
    cache.forget(&url);
    assert!(matches!(fetch(&url, &small(), &mut cache), Ok(Outcome::Fetched(_))));
    assert_eq!(fetch(&url, &small(), &mut cache), Ok(Outcome::NotModified));
}

#[test]
fn a_304_nobody_asked_for_is_a_failure() {
    let server = Server::start(|_| Reply::status(304));
    assert_eq!(failed(&server.url("/"), &small()), "HTTP 304 Not Modified to a request that asked for the whole page");
}

#[test]
fn a_changed_source_is_fetched_again_and_its_new_etag_kept() {
    let server = Server::start(|r| match r.header("if-none-match") {
        Some("\"v2\"") => Reply::status(304),
        _ => Reply::ok("text/plain", "v2").with("ETag", "\"v2\""),
    });
    let url = server.url("/");
    let mut cache = Cache::default();
    cache.remember(&url, Some("\"v1\""), None);
    assert!(matches!(fetch(&url, &small(), &mut cache), Ok(Outcome::Fetched(f)) if f.body == b"v2"));
    assert_eq!(cache.validators(&url), (Some("\"v2\""), None));
    assert_eq!(fetch(&url, &small(), &mut cache), Ok(Outcome::NotModified));
}

#[test]
fn a_latin1_page_arrives_as_utf8() {
    let server = Server::start(|r| match r.path.as_str() {
        "/latin1" => Reply::ok("text/html; charset=ISO-8859-1", b"<h1>Caf\xe9 en Espa\xf1a</h1>".to_vec()),
        _ => Reply::ok("text/html; charset=x-martian", "x"),
    });
    let f = fetched(&server.url("/latin1"), &small());
    assert_eq!(String::from_utf8(f.body).unwrap(), "<h1>Café en España</h1>");
    assert_eq!(f.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(failed(&server.url("/martian"), &small()), "unsupported character encoding \"x-martian\"");
}

#[test]
fn the_defaults_are_the_agreed_ones() {
    let l = Limits::default();
    assert_eq!((l.timeout, l.max_bytes, l.max_redirects), (Duration::from_secs(20), 10 * 1024 * 1024, 5));
}
