//! Hostile input: one regression test per defect found by trying the build as an attacker.
//! Each runs the real binary; `ROUNDUP_TEST_BIN=<old binary> cargo test --test hardening`
//! shows them failing on a build from before the fixes.

mod common;
use common::*;
use std::fs;
use std::path::Path;

/// Runs `roundup` in `root` with `args`; returns (success, stdout, stderr).
fn run(root: &Path, args: &[&str]) -> (bool, String, String) {
    let mut all = args.to_vec();
    all.extend(["--root", root.to_str().unwrap()]);
    let out = roundup(&all);
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

/// Every file and folder under `dir`, relative, sorted (links not followed).
fn tree(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A sample site inside a private folder, so that anything written beside or above it is seen.
fn boxed_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("a/b/site");
    fs::create_dir_all(&root).unwrap();
    let s = sample_site();
    copy_dir(s.path(), &root);
    (outer, root)
}

fn pin(root: &Path, pin: &str) {
    let p = root.join("articles/004-vozus-17-violent-criminals-sent-to-el-salvador.md");
    let text = fs::read_to_string(&p).unwrap().replacen("lang: en\n", &format!("lang: en\nevent: {pin:?}\n"), 1);
    fs::write(p, text).unwrap();
}

#[test]
fn event_pins_cannot_name_a_path() {
    for bad in ["../../../PWNED-pin", "../outlets/voz-us", "..", "/tmp/roundup-pwned-abs", "Events/X"] {
        let (outer, root) = boxed_site();
        let before = tree(outer.path());
        pin(&root, bad);
        let (ok, _, err) = run(&root, &["build"]);
        assert!(!ok, "pin {bad:?} was accepted");
        assert!(
            err.contains(
                "articles/004-vozus-17-violent-criminals-sent-to-el-salvador.md:9:1: `event` must be an event's slug"
            ),
            "{bad}: {err}"
        );
        assert!(err.contains("hint: use lowercase letters, digits and dashes"), "{err}");
        assert_eq!(tree(outer.path()), before, "pin {bad:?}: nothing may be written anywhere");
        assert!(!Path::new("/tmp/roundup-pwned-abs").exists());
        let (ok, _, err) = run(&root, &["check"]);
        assert!(!ok && err.contains("`event` must be an event's slug"), "check agrees: {err}");
    }
}

#[test]
fn the_output_folder_cannot_be_the_site_or_its_sources() {
    for (how, value) in [
        ("toml", "."),
        ("toml", "articles"),
        ("toml", "templates/x"),
        ("toml", "../x"),
        ("cli", "."),
        ("cli", "static"),
        ("cli", ".."),
    ] {
        let (outer, root) = boxed_site();
        fs::create_dir_all(root.join("../x")).unwrap();
        fs::write(root.join("../x/keep.txt"), "not Roundup's").unwrap();
        let before = snapshot_all(outer.path());
        let (ok, _, err) = if how == "toml" {
            let toml = fs::read_to_string(root.join("site.toml")).unwrap();
            fs::write(
                root.join("site.toml"),
                toml.replace("output_dir = \"public\"", &format!("output_dir = {value:?}")),
            )
            .unwrap();
            let r = run(&root, &["build"]);
            fs::write(root.join("site.toml"), toml).unwrap();
            r
        } else {
            run(&root, &["build", "--output-dir", value])
        };
        assert!(!ok, "{how} {value:?} was accepted");
        assert!(err.contains("output folder"), "{how} {value:?}: {err}");
        if how == "toml" {
            assert!(err.contains("site.toml:6:1: output folder"), "located at the key: {err}");
        }
        assert_eq!(snapshot_all(outer.path()), before, "{how} {value:?}: no file changed or removed");
    }
}

#[test]
fn outside_the_root_only_with_the_flag_and_never_over_files_roundup_did_not_write() {
    let (outer, root) = boxed_site();
    let elsewhere = outer.path().join("www");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("keep.txt"), "the user's").unwrap();
    let out = elsewhere.to_str().unwrap();
    let (ok, _, err) = run(&root, &["build", "--output-dir", out]);
    assert!(!ok && err.contains("outside the site root") && err.contains("--allow-outside-root"), "{err}");
    let (ok, _, err) = run(&root, &["build", "--output-dir", out, "--allow-outside-root"]);
    assert!(!ok && err.contains("Roundup did not write it"), "a folder of someone else's files: {err}");
    assert_eq!(fs::read_to_string(elsewhere.join("keep.txt")).unwrap(), "the user's");
    // An empty folder is fine, and a file the user adds after a build is kept by the next one.
    let fresh = outer.path().join("fresh");
    let out = fresh.to_str().unwrap();
    let (ok, _, err) = run(&root, &["build", "--output-dir", out, "--allow-outside-root"]);
    assert!(ok, "{err}");
    fs::write(fresh.join("CNAME"), "news.example.org").unwrap();
    fs::remove_file(root.join("articles/000-london247-noem-tours-el-salvador-prison.md")).unwrap();
    let (ok, stdout, err) = run(&root, &["build", "--output-dir", out, "--allow-outside-root"]);
    assert!(ok, "{err}");
    assert!(stdout.contains(", 1 of your own kept"), "{stdout}");
    assert_eq!(fs::read_to_string(fresh.join("CNAME")).unwrap(), "news.example.org");
    assert!(!fresh.join("articles/000-london247-noem-tours-el-salvador-prison").exists(), "stale pages go");
}

#[test]
fn hidden_article_files_never_become_pages() {
    let (_outer, root) = boxed_site();
    build_ok(&root, &[]);
    let home = fs::read(root.join("public/index.html")).unwrap();
    for name in ["..md", "...md"] {
        article(&root, name, "title: Fake home\noutlet: Attacker", "<h1>owned</h1>");
    }
    let (ok, _, err) = run(&root, &["build"]);
    assert!(ok, "{err}");
    assert!(err.contains("warning: articles/..md:1:1: hidden file skipped"), "{err}");
    assert!(err.contains("warning: articles/...md:1:1: hidden file skipped"), "{err}");
    assert_eq!(fs::read(root.join("public/index.html")).unwrap(), home, "the home page is not replaced");
    assert!(!tree(&root.join("public")).iter().any(|p| p.contains("..")));
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed_and_each_is_named() {
    let (outer, root) = boxed_site();
    let secret = outer.path().join("secret.md");
    fs::write(&secret, "---\ntitle: Secret plans\noutlet: Insider\n---\nTOP-SECRET-7f3a\n").unwrap();
    let a = root.join("articles");
    std::os::unix::fs::symlink(&secret, a.join("secret.md")).unwrap();
    std::os::unix::fs::symlink("/etc", a.join("etc")).unwrap();
    std::os::unix::fs::symlink(a.join("loop"), a.join("loop")).unwrap();
    std::os::unix::fs::symlink(a.join("gone.md"), a.join("dangling.md")).unwrap();
    let (ok, _, err) = run(&root, &["build"]);
    assert!(ok, "{err}");
    for link in ["secret.md", "etc", "loop", "dangling.md"] {
        assert!(err.contains(&format!("warning: articles/{link}:1:1: symbolic link not followed")), "{link}: {err}");
    }
    for (path, bytes) in snapshot(&root.join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("TOP-SECRET-7f3a"), "the secret is in {path}");
        assert!(!path.starts_with("articles/secret") && !path.starts_with("articles/etc"), "{path}");
    }
}

#[test]
fn base_url_from_the_command_line_is_checked_like_site_toml() {
    let (_outer, root) = boxed_site();
    for bad in ["javascript:alert(document.domain);//x", "data:text/html,<script>alert(1)</script>", "https://x\"><b>"]
    {
        let (ok, _, err) = run(&root, &["build", "--base-url", bad]);
        assert!(!ok, "{bad} accepted");
        assert!(err.contains("--base-url must be"), "{err}");
        assert!(!root.join("public").exists(), "nothing written");
    }
    build_ok(&root, &["--base-url", "http://localhost:8000/"]);
}

#[test]
fn hidden_static_files_are_not_published() {
    let (_outer, root) = boxed_site();
    let s = root.join("static");
    fs::write(s.join(".env"), "API_KEY=hunter2").unwrap();
    fs::create_dir_all(s.join(".git")).unwrap();
    fs::write(s.join(".git/config"), "[remote]").unwrap();
    fs::create_dir_all(s.join(".well-known")).unwrap();
    fs::write(s.join(".well-known/security.txt"), "Contact: mailto:x@example.org").unwrap();
    let (ok, _, err) = run(&root, &["build"]);
    assert!(ok, "{err}");
    let files = tree(&root.join("public"));
    assert!(!files.iter().any(|f| f.contains(".env") || f.contains(".git")), "{files:?}");
    assert!(files.contains(&".well-known/security.txt".to_string()));
    assert!(err.contains("warning: static/.env:1:1: hidden file skipped"), "{err}");
    assert!(err.contains("warning: static/.git:1:1: hidden folder skipped"), "{err}");
}

#[test]
fn feeds_stay_well_formed_xml_whatever_the_text_holds() {
    let (_outer, root) = boxed_site();
    article(
        &root,
        "zz-control.md",
        "title: \"Null\\0 and \\x01 in a title\\uFFFE\"\noutlet: \"Out\\x02let\"\ndate: 2025-04-02\nauthor: \"A\\x03B\"",
        "Body with \u{1} and \u{0} and \u{b} inside.\n",
    );
    build_ok(&root, &[]);
    let public = root.join("public");
    for f in ["feed.xml", "sitemap.xml", "outlets/outlet/feed.xml"] {
        let bytes = fs::read(public.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        let bad = bytes.iter().any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
        assert!(!bad, "{f} holds a character XML forbids");
        assert!(!String::from_utf8(bytes.clone()).unwrap().contains('\u{FFFE}'), "{f}");
        feed_rs::parser::parse(&bytes[..])
            .map(|_| ())
            .or_else(|e| if f == "sitemap.xml" { Ok(()) } else { Err(e) })
            .unwrap();
    }
    let feed = feed_rs::parser::parse(&fs::read(public.join("feed.xml")).unwrap()[..]).unwrap();
    assert!(feed.entries.iter().any(|e| e.title.as_ref().unwrap().content == "Null and  in a title"));
}

#[test]
fn a_long_headline_builds_and_check_agrees_with_build() {
    let (_outer, root) = boxed_site();
    let word = "x".repeat(266);
    article(&root, "zz-long.md", &format!("title: \"{word}\"\noutlet: \"{word}\"\ndate: 2025-04-02"), "Text.");
    let (ok, _, err) = run(&root, &["check"]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&root, &["build"]);
    assert!(ok, "{err}");
    let json = events_json(&root.join("public"));
    for e in json["events"].as_array().unwrap() {
        assert!(e["slug"].as_str().unwrap().len() <= 100, "{}", e["slug"]);
    }
    // A 1 MB headline: bounded paths and messages.
    let huge = "y".repeat(1 << 20);
    article(
        &root,
        "zz-huge.md",
        &format!("title: \"{huge}\"\noutlet: \"{huge}\"\nevent: \"{huge}\"\ndate: 2025-04-02"),
        "",
    );
    let (ok, _, err) = run(&root, &["check"]);
    assert!(!ok, "the over-long pin is refused");
    assert!(err.len() < 2000, "the message quotes the start only ({} bytes)", err.len());
    let (ok2, _, err2) = run(&root, &["build"]);
    assert_eq!((ok, err.lines().next()), (ok2, err2.lines().next()), "check and build agree");
}

#[test]
fn check_fails_where_build_would() {
    // A static file where a page goes: build has always refused it; check did not look.
    let (_outer, root) = boxed_site();
    fs::write(root.join("static/index.html"), "<p>static home</p>").unwrap();
    let (ok, _, err) = run(&root, &["check"]);
    assert!(!ok && err.contains("static/index.html:1:1: static file would be written to index.html"), "{err}");
    let (ok, _, _) = run(&root, &["build"]);
    assert!(!ok);
}

#[test]
fn articles_over_the_size_limit_are_refused_with_their_location() {
    let (_outer, root) = boxed_site();
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    fs::write(root.join("site.toml"), format!("max_article_bytes = 20000\n{toml}")).unwrap();
    article(&root, "zz-big.md", "title: Big\noutlet: X", &"word ".repeat(10_000));
    let (ok, _, err) = run(&root, &["build"]);
    assert!(!ok);
    assert!(err.contains("articles/zz-big.md:1:1: the article is 50030 bytes, over the limit of 20000 bytes"), "{err}");
    assert!(err.contains("hint: split it, or raise max_article_bytes"), "{err}");
}

#[test]
fn output_is_byte_identical_across_thread_counts_and_file_orders() {
    let a = sample_site();
    // The same articles, created in the opposite order (so directory order differs on most file systems).
    let b = new_site(&fs::read_to_string(repo().join("site.toml")).unwrap());
    let mut names: Vec<_> = fs::read_dir(repo().join("articles")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names.iter().rev() {
        fs::copy(p, b.path().join("articles").join(p.file_name().unwrap())).unwrap();
    }
    let build = |root: &Path, threads: &str| {
        let out = std::process::Command::new(bin())
            .args(["build", "--root", root.to_str().unwrap()])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        snapshot(&root.join("public"))
    };
    let one = build(a.path(), "1");
    fs::remove_dir_all(a.path().join("public")).unwrap();
    let four = build(a.path(), "4");
    let other = build(b.path(), "3");
    assert!(one == four, "1 and 4 threads differ");
    assert!(one == other, "file order changes the output");
}

#[test]
fn a_big_story_gives_output_linear_in_its_size() {
    // 600 articles with one headline from 300 outlets: one event, as a big real story is.
    let site = new_site("title = \"Big story\"\nbase_url = \"https://example.org/\"\nsearch = false\n");
    for i in 0..600 {
        article(
            site.path(),
            &format!("a{i:04}.md"),
            &format!(
                "title: \"Volcano erupts near Grindavik\"\noutlet: \"Outlet {}\"\ndate: 2025-04-{:02}",
                i % 300,
                1 + i % 20
            ),
            &format!("Lava reached the town, report {i} says. The eruption began at night near Grindavik."),
        );
    }
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let json = events_json(&public);
    assert_eq!(json["events"].as_array().unwrap().len(), 1, "one story");
    let slug = json["events"][0]["slug"].as_str().unwrap().to_string();
    let files = snapshot(&public);
    let size = |prefix: &str| files.iter().filter(|(p, _)| p.starts_with(prefix)).map(|(_, b)| b.len()).max().unwrap();
    // An article page lists its nearest coverage, not the other 599 articles.
    assert!(size("articles/") < 20_000, "largest article page: {} bytes", size("articles/"));
    // The event's timeline is split into pages of a bounded size.
    let pages: Vec<&String> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.starts_with(&format!("events/{slug}/")) && p.ends_with(".html"))
        .collect();
    assert_eq!(pages.len(), 6, "{pages:?}");
    assert!(size("events/") < 150_000, "largest event page: {} bytes", size("events/"));
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    assert!(total < 600 * 25_000, "total output {total} bytes for 600 articles");
    let page2 = fs::read_to_string(public.join(format!("events/{slug}/page/2/index.html"))).unwrap();
    assert!(
        page2.contains(&format!("href=\"/events/{slug}/page/3/\"")) && page2.contains("rel=\"prev\""),
        "pages link on"
    );
}

#[test]
fn repeated_figures_cost_one_row_and_many_figures_a_bounded_page() {
    // Defect 10: "120 cars" in every sentence made grouping quadratic (an 8 MB article took 24 s) and
    // gave a table row per repetition. A figure stated again is one statement; an article's figures
    // and an event's compared figures are bounded, so the page and the time stay linear.
    let site = new_site("title = \"Figures\"\nbase_url = \"https://example.org/\"\nsearch = false\n");
    let repeated = "Police said 120 cars were damaged in the town. ".repeat(20_000);
    article(site.path(), "cars.md", "title: \"Cars damaged\"\noutlet: \"Daily\"\ndate: 2025-04-01", &repeated);
    let varied: String =
        (0..5_000).map(|i| format!("Officials counted {} boats near harbour {i}. ", 100 + i % 900)).collect();
    article(site.path(), "boats.md", "title: \"Boats counted\"\noutlet: \"Weekly\"\ndate: 2025-05-20", &varied);
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let json = events_json(&public);
    let page = |title: &str| {
        let e = json["events"].as_array().unwrap().iter().find(|e| e["title"] == title).unwrap();
        fs::read_to_string(public.join(format!("events/{}/index.html", e["slug"].as_str().unwrap()))).unwrap()
    };
    let cars = page("Cars damaged");
    // The figure cell links to its article: `<td class="num"><a href="...">120</a></td>`.
    assert_eq!(cars.matches(">120</a></td>").count(), 1, "the repeated figure is one row");
    let boats = page("Boats counted");
    let rows = boats.matches("<td class=\"num\">").count();
    assert!((1..=64).contains(&rows), "{rows} figure rows from one article");
    assert!(boats.len() < 100_000, "event page of {} bytes", boats.len());
}
