//! `roundup init` and `roundup new`: a new site builds as it is, and `new` always writes an article that loads.

mod common;
use common::*;
use std::fs;
use std::path::Path;

/// Runs `roundup` and returns (success, stdout, stderr).
fn run(args: &[&str]) -> (bool, String, String) {
    let out = roundup(args);
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// A fresh site made by `roundup init`, in a folder that does not exist yet.
fn init_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("my-site");
    let (ok, out, err) = run(&["init", site.to_str().unwrap()]);
    assert!(ok, "init failed:\n{err}");
    assert!(out.contains(&format!("roundup build --root {}", site.display())), "{out}");
    (tmp, site)
}

/// `roundup new --outlet OUTLET [extra...] --root ROOT -- TITLE` (`--` so a title may start with `-`).
fn new(root: &Path, title: &str, outlet: &str, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec!["new", "--outlet", outlet];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--root", root.to_str().unwrap(), "--", title]);
    run(&args)
}

/// Replaces the placeholder body of every article `roundup new` started with some text, as a
/// curator does before building (a placeholder left in is refused).
fn paste_text(site: &Path) {
    for (rel, text) in snapshot(&site.join("articles")) {
        let pasted =
            String::from_utf8(text).unwrap().replace(PLACEHOLDER, "The article's text, as the outlet published it.");
        fs::write(site.join("articles").join(rel), pasted).unwrap();
    }
}

const PLACEHOLDER: &str = "Write or paste the article text here.";

/// The text of the first `<h1>` of a page, with HTML entities decoded.
fn h1(page: &str) -> String {
    let start = page.find("<h1>").expect("an <h1>") + 4;
    let inner = &page[start..start + page[start..].find("</h1>").unwrap()];
    assert!(!inner.contains(['<', '"']), "unescaped markup in <h1>: {inner}");
    inner
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn init_makes_a_site_that_builds() {
    let (_tmp, site) = init_site();
    for dir in ["templates", "static"] {
        assert_eq!(snapshot(&site.join(dir)), snapshot(&repo().join(dir)), "{dir}/ is not the default theme");
    }
    assert!(fs::read_to_string(site.join(".gitignore")).unwrap().lines().any(|l| l == "/public"));
    let articles: Vec<String> = snapshot(&site.join("articles")).into_iter().map(|(p, _)| p).collect();
    assert_eq!(articles.len(), 1, "{articles:?}");
    let id = articles[0].strip_suffix(".md").unwrap();
    assert!(id.ends_with("-welcome-to-roundup"), "{id}");

    let (ok, out, err) = run(&["check", "--root", site.to_str().unwrap()]);
    assert!(ok, "check failed:\n{err}");
    assert!(out.starts_with("1 article, 1 event, 1 outlet: no problems found"), "{out}");
    let out = build_ok(&site, &[]);
    assert!(out.starts_with("1 article, 1 event, 1 outlet → public/"), "{out}");
    let public = site.join("public");
    let index = fs::read_to_string(public.join("index.html")).unwrap();
    assert!(index.contains("My Roundup"), "{index}");
    // The index's story card links to the example's event, whose page links to the article.
    let event = index.split("<h3><a href=\"/events/").nth(1).expect("a story card").split('"').next().unwrap();
    let event_page = fs::read_to_string(public.join(format!("events/{event}index.html"))).unwrap();
    assert!(event_page.contains(&format!("/articles/{id}/")), "the event links to the example article");
    let page = fs::read_to_string(public.join(format!("articles/{id}/index.html"))).unwrap();
    assert_eq!(h1(&page), "Welcome to Roundup");
    assert!(page.contains("roundup new"), "the example explains how to add articles");
}

#[test]
fn init_into_an_existing_empty_folder_works() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(&["init", tmp.path().to_str().unwrap()]);
    assert!(ok, "{err}");
    build_ok(tmp.path(), &[]);
}

#[test]
fn init_refuses_a_non_empty_folder_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let before = snapshot(tmp.path());
    let (ok, out, err) = run(&["init", tmp.path().to_str().unwrap()]);
    assert!(!ok);
    assert_eq!(out, "");
    assert!(err.contains(&format!("{} is not empty", tmp.path().display())), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert_eq!(snapshot(tmp.path()), before);
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "no folders either");
}

#[test]
fn new_names_the_file_by_date_and_headline_and_never_overwrites() {
    let (_tmp, site) = init_site();
    let title = "Rubio: 17 gang members sent to El Salvador";
    let url = "https://voz.us/en/world/250331/22854/";
    let (ok, out, err) = new(&site, title, "Voz.us", &["--url", url, "--date", "2025-03-31"]);
    assert!(ok, "{err}");
    let rel = "articles/2025-03-31-rubio-17-gang-members-sent-to-el-salvador.md";
    assert_eq!(out.trim_end(), format!("wrote {rel}"));
    let written = fs::read_to_string(site.join(rel)).unwrap();
    assert!(written.starts_with("---\ntitle: \"Rubio: 17 gang members sent to El Salvador\"\n"), "{written}");
    assert!(written.contains("\nurl: \"https://voz.us/en/world/250331/22854/\"\n"), "{written}");

    paste_text(&site);
    let written = fs::read_to_string(site.join(rel)).unwrap();
    build_ok(&site, &[]);
    let id = "2025-03-31-rubio-17-gang-members-sent-to-el-salvador";
    let page = fs::read_to_string(site.join(format!("public/articles/{id}/index.html"))).unwrap();
    assert_eq!(h1(&page), title);
    assert!(page.contains(url), "the source link is on the page");
    assert!(page.contains("datetime=\"2025-03-31\""), "the date keeps day precision");

    let (ok, out, err) = new(&site, title, "Voz.us", &["--url", url, "--date", "2025-03-31"]);
    assert!(!ok);
    assert_eq!(out, "");
    assert!(err.contains(rel), "the existing file is named:\n{err}");
    assert!(err.contains("hint: "), "{err}");
    assert_eq!(fs::read_to_string(site.join(rel)).unwrap(), written, "the first file is unchanged");
}

#[test]
fn new_accepts_every_date_form_and_names_the_file_by_its_day() {
    let (_tmp, site) = init_site();
    for (date, file) in [
        ("2025-04-01 01:01", "articles/2025-04-01-a-moment-in-utc.md"),
        // The day in the source's own offset, although it is already 1 April in UTC.
        ("2025-03-31T23:30:00-04:00", "articles/2025-03-31-late-evening-in-washington.md"),
        ("2025-03-30T10:00Z", "articles/2025-03-30-no-seconds.md"),
    ] {
        let title = match file {
            f if f.contains("utc") => "A moment in UTC",
            f if f.contains("washington") => "Late evening in Washington",
            _ => "No seconds",
        };
        let (ok, out, err) = new(&site, title, "Wire", &["--date", date]);
        assert!(ok, "{date}: {err}");
        assert_eq!(out.trim_end(), format!("wrote {file}"));
    }
    paste_text(&site);
    build_ok(&site, &[]);
}

#[test]
fn new_never_invents_a_date_and_check_catches_the_placeholder() {
    let (_tmp, site) = init_site();
    let before = snapshot(&site);
    let (ok, out, err) = new(&site, "Today's story", "Wire", &[]);
    assert!(!ok && out.is_empty());
    assert!(err.contains("no publication date: give --date, or --undated"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert_eq!(snapshot(&site), before, "nothing written");

    let (ok, out, err) = new(&site, "Prison tour", "Costa Rica Post", &["--undated"]);
    assert!(ok, "{err}");
    let rel = "articles/undated-prison-tour.md";
    assert_eq!(out.trim_end(), format!("wrote {rel}"));
    assert!(!fs::read_to_string(site.join(rel)).unwrap().contains("date:"));

    // The placeholder body is refused, at its line, by check and build alike.
    for command in ["check", "build"] {
        let (ok, _, err) = run(&[command, "--root", site.to_str().unwrap()]);
        assert!(!ok, "{command} accepted the placeholder");
        assert!(err.contains(&format!("{rel}:6:1: the body is still the placeholder")), "{command}: {err}");
        assert!(err.contains("hint: paste the article's text"), "{err}");
    }
    paste_text(&site);
    build_ok(&site, &[]);
    let page = fs::read_to_string(site.join("public/articles/undated-prison-tour/index.html")).unwrap();
    assert_eq!(h1(&page), "Prison tour");
    assert!(!page.contains("<time"), "an undated article shows no date");
}

#[test]
fn awkward_titles_round_trip_exactly() {
    let (_tmp, site) = init_site();
    let titles = [
        "He said \"no\": #1 'quoted' & <b>bold</b> — 100% café",
        "- [not] a list: {or a map} # or a comment",
        "Back\\slash, `ticks`, *stars* & trailing colon:",
        "日本語の見出し",
    ];
    for (i, title) in titles.iter().enumerate() {
        let date = format!("2025-01-{:02}", i * 7 + 1);
        let (ok, out, err) = new(&site, title, "Outlet: \"Quoted\" #1", &["--date", &date]);
        assert!(ok, "{title}: {err}");
        let rel = out.trim_end().strip_prefix("wrote ").unwrap().to_string();
        assert!(rel.starts_with(&format!("articles/{date}-")), "{rel}");
    }
    paste_text(&site);
    build_ok(&site, &[]);
    let json = events_json(&site.join("public"));
    let mut found = 0;
    for (path, _) in snapshot(&site.join("articles")) {
        let id = path.strip_suffix(".md").unwrap();
        if id.ends_with("welcome-to-roundup") {
            continue;
        }
        let page = fs::read_to_string(site.join(format!("public/articles/{id}/index.html"))).unwrap();
        let shown = h1(&page);
        assert!(titles.contains(&shown.as_str()), "{shown:?} is not one of the titles");
        found += 1;
    }
    assert_eq!(found, titles.len());
    assert!(json.to_string().contains("Outlet: \\\"Quoted\\\" #1"), "the outlet round-trips too");
    assert!(
        site.join("articles/2025-01-22-article.md").is_file(),
        "a title with no ASCII slug falls back to `article`"
    );
}

#[test]
fn new_rejects_a_bad_url_or_date_and_writes_nothing() {
    let (_tmp, site) = init_site();
    let before = snapshot(&site);
    let (ok, out, err) = new(&site, "Headline", "Name", &["--url", "ftp://x"]);
    assert!(!ok);
    assert_eq!(out, "");
    assert!(err.contains("--url must start with http:// or https://"), "{err}");
    assert!(err.contains("\"ftp://x\""), "{err}");
    let (ok, out, err) = new(&site, "Headline", "Name", &["--date", "yesterday"]);
    assert!(!ok);
    assert_eq!(out, "");
    assert!(err.contains("cannot parse --date \"yesterday\""), "{err}");
    assert!(err.contains("hint: use YYYY-MM-DD"), "{err}");
    assert_eq!(snapshot(&site), before);
}

#[test]
fn new_outside_a_site_says_how_to_make_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, _, err) = new(tmp.path(), "Headline", "Name", &["--date", "2025-03-31"]);
    assert!(!ok);
    assert!(err.contains("no site.toml") && err.contains("roundup init"), "{err}");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}
