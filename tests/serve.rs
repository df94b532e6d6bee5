//! `roundup serve`: the real server on an ephemeral loopback port, edited while it runs.

mod common;
use common::*;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server process; killed when dropped so no test leaves it running (or its preview folder behind).
struct Server {
    child: Child,
    port: u16,
    out: std::sync::mpsc::Receiver<String>,
    /// Lines printed up to and including the one with the URL.
    early: Vec<String>,
}

impl Server {
    /// Waits (up to 10 s) for a printed line matching `pred`, looking at everything printed so far.
    fn printed(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.early.iter().any(|l| pred(l)) || self.printed_next(pred)
    }

    /// Waits (up to 10 s) for a line matching `pred` among those not yet looked at.
    fn printed_next(&self, pred: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while let Ok(line) = self.out.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if pred(&line) {
                return true;
            }
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A killed server cannot clean up; `a_taken_port_moves_to_the_next_and_sigint_stops_cleanly` checks that a stopped one does.
        let _ = std::fs::remove_dir_all(std::env::temp_dir().join(format!("roundup-serve-{}", self.child.id())));
    }
}

fn start(root: &Path, extra: &[&str]) -> Server {
    start_with(root, extra, &[])
}

/// Starts the server with extra environment variables (e.g. a short idle timeout).
fn start_with(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_roundup"))
        .args(["serve", "--root", root.to_str().unwrap()])
        .args(extra)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    for pipe in [Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, Box::new(child.stderr.take().unwrap())]
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    // Owned by `Server` at once, so the process is killed and waited for even if startup fails.
    let mut server = Server { child, port: 0, out: rx, early: Vec::new() };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = server
            .out
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("server printed its URL");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            server.port =
                rest.trim_end_matches(|c: char| !c.is_ascii_digit()).split('/').next().unwrap().parse().unwrap();
            server.early.push(line);
            return server;
        }
        server.early.push(line);
    }
}

fn request(port: u16, raw_path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // A server refusing the connection (503) may close it before the request is written.
    let _ = write!(s, "GET {raw_path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    let status = buf.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, buf)
}

/// An open event stream.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET /__roundup/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        let mut r = BufReader::new(s);
        let mut line = String::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !line.starts_with(": connected") {
            line.clear();
            let _ = r.read_line(&mut line);
            assert!(Instant::now() < deadline, "event stream did not open");
        }
        Events(r)
    }

    /// Waits for the next event called `name`, returning its data.
    fn wait(&mut self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut current = String::new();
        loop {
            assert!(Instant::now() < deadline, "no `{name}` event within 30 s");
            let mut line = String::new();
            if self.0.read_line(&mut line).unwrap_or(0) == 0 {
                continue;
            }
            if let Some(ev) = line.strip_prefix("event: ") {
                current = ev.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && current == name
            {
                return serde_json::from_str(data.trim()).unwrap();
            }
        }
    }
}

#[test]
fn serves_pages_with_live_reload_and_safe_paths() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0"]);
    let (status, page) = request(server.port, "/");
    assert_eq!(status, 200);
    assert!(page.contains("Content-Type: text/html; charset=utf-8"));
    assert!(
        page.contains("<script src=\"/__roundup/live.js\"></script></body>"),
        "reload script injected when serving"
    );
    assert!(
        page.contains(&format!("href=\"http://127.0.0.1:{}/feed.xml\"", server.port))
            || page.contains("href=\"/feed.xml\"")
    );
    let (status, css) = request(server.port, "/style.css");
    assert_eq!(status, 200);
    assert!(css.contains("Content-Type: text/css"));
    let (status, _) = request(server.port, "/events/");
    assert_eq!(status, 404);
    let (status, missing) = request(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("Page not found"), "the site's own 404 page");
    for evil in [
        "/../Cargo.toml",
        "/%2e%2e/site.toml",
        "/articles/%2E%2E/%2e%2e/site.toml",
        "/..%2f..%2fsite.toml",
        "/%5c..%5csite.toml",
    ] {
        let (status, body) = request(server.port, evil);
        assert!(status == 403 || status == 404, "{evil} → {status}");
        assert!(!body.contains("base_url"), "{evil} leaked a file");
    }
    // Serving never writes into the site itself, and the built output has no reload script.
    assert!(!site.path().join("public").exists());
}

#[test]
fn edits_rebuild_and_reload_only_after_the_build() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0"]);
    let mut events = Events::open(server.port);
    let art = site.path().join("articles/001-fizoti-us-deports-17-gang-members.md");
    fs::write(
        &art,
        fs::read_to_string(&art)
            .unwrap()
            .replace("U.S. Deports 17 Gang Members", "U.S. Deports Seventeen Gang Members"),
    )
    .unwrap();
    events.wait("reload");
    // The reload signal came after the build: the new page is already there.
    let (_, page) = request(server.port, "/articles/001-fizoti-us-deports-17-gang-members/");
    assert!(page.contains("U.S. Deports Seventeen Gang Members"));

    // A template change re-renders; a static change copies the file.
    let tpl = site.path().join("templates/404.html");
    fs::write(&tpl, fs::read_to_string(&tpl).unwrap().replace("Page not found", "Nothing here, sorry")).unwrap();
    events.wait("reload");
    assert!(request(server.port, "/missing/").1.contains("Nothing here, sorry"));
    fs::write(site.path().join("static/extra.txt"), "hello static").unwrap();
    events.wait("reload");
    assert!(request(server.port, "/extra.txt").1.ends_with("hello static"));
    // The new static file is part of the site now: a later article edit still builds.
    fs::write(&art, fs::read_to_string(&art).unwrap().replace("Seventeen", "17")).unwrap();
    events.wait("reload");
    assert!(request(server.port, "/articles/001-fizoti-us-deports-17-gang-members/").1.contains("Deports 17 Gang"));
    assert!(request(server.port, "/extra.txt").1.ends_with("hello static"));
    drop(server);
}

/// Waits until the preview folder holds exactly what a cold build of `site` with the server's
/// address writes, search included, and says where it does not. The watcher may see a test's
/// changes as two, so a rebuild or two more may follow the first reload.
fn assert_preview_is_a_build(server: &Server, site: &Path) {
    let cold = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{}/", server.port);
    let o = cold.path().to_str().unwrap();
    build_ok(site, &["--no-cache", "--output-dir", o, "--allow-outside-root", "--base-url", &url]);
    let built = snapshot(cold.path());
    let mut served = snapshot_all(&preview(server));
    for _ in 0..3 {
        if served == built || !server.printed_next(|l| l.starts_with("rebuilt: search index")) {
            break;
        }
        served = snapshot_all(&preview(server));
    }
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&served), names(&built), "the same files");
    for ((p, a), (_, b)) in served.iter().zip(&built) {
        assert!(a == b, "{p} differs from a cold build");
    }
    assert!(served.iter().any(|(p, _)| p.starts_with("pagefind/")), "with the search index");
}

#[test]
fn the_preview_is_what_a_build_writes_and_search_follows_the_reload() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0"]);
    assert!(server.printed(|l| l.starts_with("rebuilt: search index")), "the first index is built");
    let mut events = Events::open(server.port);
    let out = preview(&server);
    let css = out.join("style.css");
    let css_written = fs::metadata(&css).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    // An edited headline, a removed article (its pages go, and the site's counts change on
    // pages whose own context did not) and a new undated one.
    let art = site.path().join("articles/001-fizoti-us-deports-17-gang-members.md");
    fs::write(&art, fs::read_to_string(&art).unwrap().replace("U.S. Deports 17 Gang Members", "Seventeen deported"))
        .unwrap();
    fs::remove_file(site.path().join("articles/004-vozus-17-violent-criminals-sent-to-el-salvador.md")).unwrap();
    article(
        site.path(),
        "005-new.md",
        "title: Prison tour, seen again\noutlet: Later Outlet",
        "Noem toured the CECOT prison.",
    );
    events.wait("reload");
    assert!(server.printed_next(|l| l.starts_with("rebuilt: search index")), "the index follows the reload");
    // Only what changed was written: the style sheet was left alone.
    assert_eq!(fs::metadata(&css).unwrap().modified().unwrap(), css_written);
    assert_preview_is_a_build(&server, site.path());
    assert!(
        !out.join("articles/004-vozus-17-violent-criminals-sent-to-el-salvador").exists(),
        "a removed article's page is gone"
    );

    // A template every page uses, edited while serving: every page changes.
    let base = site.path().join("templates/base.html");
    let text = fs::read_to_string(&base).unwrap();
    assert!(text.contains("</footer>"), "the base template has a footer");
    fs::write(&base, text.replace("</footer>", "<p>Edited while serving.</p></footer>")).unwrap();
    events.wait("reload");
    assert!(
        request(server.port, "/articles/000-london247-noem-tours-el-salvador-prison/")
            .1
            .contains("Edited while serving.")
    );
    assert_preview_is_a_build(&server, site.path());
    drop(server);
}

#[test]
fn a_bad_edit_shows_the_error_and_keeps_serving() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0"]);
    let mut events = Events::open(server.port);
    fs::write(site.path().join("articles/zz-bad.md"), "---\ntitle: [broken\noutlet: X\n---\nText\n").unwrap();
    let err = events.wait("build-error");
    assert!(err.starts_with("articles/zz-bad.md:3:7: invalid YAML in front matter"), "{err}");
    assert!(server.printed(|l| l.starts_with("articles/zz-bad.md:3:7: invalid YAML")), "same message on the terminal");
    // Still serving the previous build; a page opened now learns of the error at once.
    assert_eq!(request(server.port, "/").0, 200);
    assert!(Events::open(server.port).wait("build-error").contains("zz-bad.md:3:7"));
    fs::remove_file(site.path().join("articles/zz-bad.md")).unwrap();
    events.wait("reload");
    assert_eq!(request(server.port, "/").0, 200);
}

#[test]
fn a_taken_port_moves_to_the_next_and_sigint_stops_cleanly() {
    let site = sample_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = start(site.path(), &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    assert!(server.port > port && server.port < port + 10);
    assert_eq!(request(server.port, "/").0, 200);
    assert!(server.printed(|l| l.contains(&format!("port {port} is taken; using {}", server.port))));
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "server did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!Path::new(&std::env::temp_dir().join(format!("roundup-serve-{pid}"))).exists(), "preview folder removed");
    assert!(server.printed(|l| l == "stopped"));
}

#[test]
fn polling_also_sees_edits() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0", "--poll"]);
    let mut events = Events::open(server.port);
    article(
        site.path(),
        "zz-new.md",
        "title: A polled story\noutlet: Poll Times\ndate: 2025-05-01",
        "Found by polling.",
    );
    events.wait("reload");
    assert_eq!(request(server.port, "/articles/zz-new/").0, 200);
}

/// A number from the server's `/proc/<pid>/status` (Linux), e.g. `VmHWM` (kB) or `Threads`.
fn proc_status(server: &Server, key: &str) -> u64 {
    let status = fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with(&format!("{key}:"))).unwrap_or_else(|| panic!("no {key}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The preview folder the server builds into.
fn preview(server: &Server) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("roundup-serve-{}/public", server.child.id()))
}

/// Sends raw bytes and reads the whole answer (empty if the server closed without one).
fn exchange(port: u16, raw: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    let _ = s.write_all(raw);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

fn status_of(answer: &str) -> u16 {
    answer.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[test]
fn oversized_request_heads_are_refused_without_buffering_them() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0"]);
    assert_eq!(request(server.port, "/").0, 200);
    let before = proc_status(&server, "VmHWM");

    // A head a little over the limit, sent whole: refused with 431, not served.
    let mut raw = b"GET / HTTP/1.1\r\nHost: localhost\r\nCookie: ".to_vec();
    raw.extend(std::iter::repeat_n(b'a', 40 * 1024));
    raw.extend_from_slice(b"\r\n\r\n");
    assert_eq!(status_of(&exchange(server.port, &raw)), 431);

    // 64 MiB of one header line with no end: answered 431 (or just closed), never buffered.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    let _ = s.write_all(b"GET / HTTP/1.1\r\nX-Big: ");
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..64 {
        if s.write_all(&chunk).is_err() {
            break;
        }
    }
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let status = status_of(&String::from_utf8_lossy(&answer));
    assert!(status == 431 || status == 400 || status == 0, "64 MiB header answered {status}");
    let after = proc_status(&server, "VmHWM");
    assert!(after < before + 16 * 1024, "peak memory grew from {before} kB to {after} kB");
    assert_eq!(request(server.port, "/").0, 200, "still serving");
}

#[test]
fn idle_connections_are_bounded_and_timed_out() {
    let site = sample_site();
    let server = start_with(site.path(), &["--port", "0"], &[("ROUNDUP_SERVE_IDLE_TIMEOUT_MS", "2000")]);
    assert_eq!(request(server.port, "/").0, 200);
    let base = proc_status(&server, "Threads");
    let idle: Vec<TcpStream> = (0..500).map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap()).collect();
    // Connections are accepted in order: once this one is answered (a 503, or a close when the
    // refusal crossed the request), the server has seen all 500.
    let (status, _) = request(server.port, "/");
    assert!(status == 200 || status == 503 || status == 0, "{status}");
    let threads = proc_status(&server, "Threads");
    assert!(threads <= base + 64 + 8, "{threads} threads for 500 idle connections (from {base})");
    // Idle connections are dropped after the idle timeout, and normal requests are answered again.
    let deadline = Instant::now() + Duration::from_secs(60);
    while request(server.port, "/").0 != 200 {
        assert!(Instant::now() < deadline, "no 200 within 60 s after 500 idle connections");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut first = &idle[0];
    first.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut buf = [0u8; 64];
    let closed = match first.read(&mut buf) {
        Ok(_) => true,
        Err(e) => !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
    };
    assert!(closed, "an idle connection was never closed");
}

#[test]
fn event_streams_are_bounded() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0"]);
    let _open: Vec<Events> = (0..32).map(|_| Events::open(server.port)).collect();
    let answer = exchange(server.port, b"GET /__roundup/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(status_of(&answer), 503, "{answer}");
    assert_eq!(request(server.port, "/").0, 200);
}

#[test]
fn all_interfaces_warns_and_prints_the_real_address() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0", "--interface", "0.0.0.0"]);
    let port = server.port;
    assert!(
        server.printed(
            |l| l.starts_with("Serving ") && l.contains(&format!("listening on 0.0.0.0:{port} (all interfaces)"))
        ),
        "the banner gives the real address"
    );
    assert!(server.printed(|l| l.starts_with("warning: listening on 0.0.0.0:")), "a warning on stderr");
    assert_eq!(request(port, "/").0, 200);
}

#[test]
fn absolute_form_targets_are_served_by_their_path() {
    let site = sample_site();
    let server = start(site.path(), &["--port", "0"]);
    let port = server.port;
    let (status, page) = request(port, &format!("http://127.0.0.1:{port}/"));
    assert_eq!(status, 200);
    assert!(page.contains("text/html"));
    assert_eq!(request(port, &format!("http://127.0.0.1:{port}/style.css?v=1")).0, 200);
    assert_eq!(request(port, &format!("HTTP://localhost:{port}/no/such/")).0, 404);
    assert_eq!(request(port, &format!("http://127.0.0.1:{port}")).0, 200, "no path means /");
}

#[test]
fn dotfiles_are_never_served_or_copied() {
    let site = sample_site();
    // An empty folder is not copied by the build, but is watched from the start.
    fs::create_dir_all(site.path().join("static/.secrets")).unwrap();
    let server = start(site.path(), &["--port", "0"]);
    let out = preview(&server);
    fs::write(out.join(".env"), "SECRET=1").unwrap();
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git/config"), "[core]").unwrap();
    fs::create_dir_all(out.join("events/.hidden")).unwrap();
    fs::write(out.join("events/.hidden/x.txt"), "no").unwrap();
    fs::create_dir_all(out.join(".well-known")).unwrap();
    fs::write(out.join(".well-known/security.txt"), "Contact: mailto:a@example.com").unwrap();
    for path in ["/.env", "/.git/config", "/%2eenv", "/.git/", "/events/.hidden/x.txt", "/.well-known/.env"] {
        let (status, body) = request(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("SECRET") && !body.contains("[core]"), "{path} leaked");
    }
    let (status, body) = request(server.port, "/.well-known/security.txt");
    assert_eq!(status, 200);
    assert!(body.ends_with("Contact: mailto:a@example.com"));

    // Changed static files: dotfiles and symlinks are not copied into the preview.
    let mut events = Events::open(server.port);
    let st = site.path().join("static");
    fs::write(st.join(".secrets/token"), "SECRET=2").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.path().join("site.toml"), st.join("leak.txt")).unwrap();
    fs::write(st.join("ok.txt"), "fine").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while request(server.port, "/ok.txt").0 != 200 {
        events.wait("reload");
        assert!(Instant::now() < deadline, "ok.txt was not copied");
    }
    assert!(!out.join(".secrets").exists(), "static/.secrets/token copied into the preview");
    assert!(!out.join("leak.txt").exists(), "a symlink out of static/ was followed");
    assert_eq!(request(server.port, "/leak.txt").0, 404);
}
