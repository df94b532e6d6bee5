//! The sample site builds into the expected pages and events, deterministically.

mod common;
use common::*;
use std::fs;

#[test]
fn sample_site_has_two_events_and_every_page() {
    let site = sample_site();
    let out = build_ok(site.path(), &[]);
    assert!(out.starts_with("5 articles, 2 events, 5 outlets → public/ in "), "{out}");
    let public = site.path().join("public");
    let json = events_json(&public);
    let sets = event_sets(&json);
    let short = |v: &Vec<String>| v.iter().map(|s| s[..3].to_string()).collect::<Vec<_>>();
    assert_eq!(sets.iter().map(short).collect::<Vec<_>>(), vec![vec!["000", "002", "003"], vec!["001", "004"]]);

    // Every article exactly once.
    let mut all: Vec<String> = sets.concat();
    all.sort();
    let mut on_disk: Vec<String> = fs::read_dir(repo().join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(all, on_disk);

    // The page set.
    let files: Vec<String> = snapshot(&public).into_iter().map(|(p, _)| p).collect();
    for e in json["events"].as_array().unwrap() {
        let slug = e["slug"].as_str().unwrap();
        assert!(files.contains(&format!("events/{slug}/index.html")), "{slug} missing from {files:?}");
        assert_eq!(e["url"].as_str().unwrap(), format!("/events/{slug}/"));
    }
    for a in &on_disk {
        assert!(files.contains(&format!("articles/{a}/index.html")));
    }
    for o in ["london24-7-uk", "fizoti-com", "a-news", "costa-rica-post", "voz-us"] {
        assert!(files.contains(&format!("outlets/{o}/index.html")), "{o}");
    }
    for f in [
        "index.html",
        "outlets/index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "events.json",
        "style.css",
        "search/index.html",
        "pagefind/pagefind.js",
    ] {
        assert!(files.contains(&f.to_string()), "{f}");
    }
    // 2 events and 5 outlets with a feed each, 5 articles, index, outlets, search, 404, feed, sitemap,
    // events.json, style.css, favicon.svg, search.js, the archive and its two months, and the
    // redirect from the slug the undated Costa Rica Post article would give an event of its own,
    // the blindspots page; plus the search bundle.
    let pages: Vec<&String> = files.iter().filter(|f| !f.starts_with("pagefind/")).collect();
    assert_eq!(pages.len(), 34, "{pages:?}");
    for f in [
        "blindspots/index.html",
        "archive/index.html",
        "archive/2025/03/index.html",
        "archive/2025/04/index.html",
        "favicon.svg",
    ] {
        assert!(files.contains(&f.to_string()), "{f}");
    }
    assert!(files.contains(&"events/u-s-officials-visit-el-salvadors/index.html".to_string()));
    assert!(!files.iter().any(|f| f.starts_with("pagefind/pagefind-ui.")), "unused search UI is not shipped");
}

#[test]
fn event_titles_dates_and_pages_say_the_right_things() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let json = events_json(&public);
    let transfer =
        json["events"].as_array().unwrap().iter().find(|e| e["articles"].as_array().unwrap().len() == 2).unwrap();
    assert_eq!(transfer["first_date"], "2025-03-31");
    assert_eq!(transfer["last_date"], "2025-04-01T01:01Z");
    // A to Z as a reader sorts them, ignoring case.
    assert_eq!(transfer["outlets"], serde_json::json!(["fizoti.com", "Voz.us"]));
    // Most recently updated first.
    assert_eq!(json["events"][0]["slug"], transfer["slug"]);

    let slug = transfer["slug"].as_str().unwrap();
    let page = fs::read_to_string(public.join("events").join(slug).join("index.html")).unwrap();
    assert!(page.contains("<time datetime=\"2025-03-31\">31 March 2025</time>"), "{page}");
    assert!(page.contains("href=\"https://voz.us/en/world/250331/22854/17-violent-criminals-from-tren-aragua-and-ms-13-sent-to-salvador-jails.html\""));
    assert!(page.contains("href=\"/outlets/fizoti-com/\""));
    assert!(
        page.contains("Secretary of State Marco Rubio") || page.contains("The secretary of state confirmed"),
        "lead missing"
    );

    let art = fs::read_to_string(public.join("articles/003-costaricapost-officials-visit-prison/index.html")).unwrap();
    assert!(art.contains("Other coverage of this event"));
    assert!(art.contains("/articles/000-london247-noem-tours-el-salvador-prison/"));
    assert!(art.contains("class=\"undated\""), "undated article shows no invented date");
    assert!(art.contains("40,000 inmates"), "body rendered");
    let london =
        fs::read_to_string(public.join("articles/000-london247-noem-tours-el-salvador-prison/index.html")).unwrap();
    assert!(london.contains("Headline taken from the article"), "title_source: url is shown");

    let outlet = fs::read_to_string(public.join("outlets/voz-us/index.html")).unwrap();
    assert!(outlet.contains("https://voz.us/") && outlet.contains("Voz Media"), "site.toml metadata shown");
    let outlets = fs::read_to_string(public.join("outlets/index.html")).unwrap();
    let pos = |n: &str| outlets.find(&format!(">{n}</a>")).unwrap_or_else(|| panic!("{n}"));
    assert!(
        pos("A News") < pos("Costa Rica Post")
            && pos("Costa Rica Post") < pos("fizoti.com")
            && pos("fizoti.com") < pos("london24-7.uk")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let a = sample_site();
    let b = sample_site();
    build_ok(a.path(), &[]);
    build_ok(b.path(), &[]);
    let (sa, sb) = (snapshot(&a.path().join("public")), snapshot(&b.path().join("public")));
    assert_eq!(sa.len(), sb.len());
    for ((pa, ba), (pb, bb)) in sa.iter().zip(&sb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between builds");
    }
}

#[test]
fn rebuild_without_changes_writes_nothing() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let again = build_ok(site.path(), &[]);
    assert!(again.contains("(0 written, ") && again.contains(" unchanged, 0 removed;"), "{again}");
}

#[test]
fn feed_and_sitemap_are_absolute_and_dated() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let feed = fs::read_to_string(site.path().join("public/feed.xml")).unwrap();
    // Four dated articles; the undated one cannot be an Atom entry.
    assert_eq!(feed.matches("<entry>").count(), 4);
    assert!(feed.contains("<updated>2025-04-01T01:01:00Z</updated>"));
    assert!(feed.contains("<id>https://example.org/articles/001-fizoti-us-deports-17-gang-members/</id>"));
    let sitemap = fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    // 14 pages as before, plus the archive and its two months, and the blindspots page.
    assert_eq!(sitemap.matches("<url>").count(), 18);
    assert!(sitemap.contains("<loc>https://example.org/blindspots/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/archive/2025/03/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/outlets/voz-us/</loc>"));
}

#[test]
fn base_url_with_a_path_prefixes_links() {
    let site = sample_site();
    build_ok(site.path(), &["--base-url", "https://news.example.com/roundup/"]);
    let index = fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(index.contains("href=\"/roundup/style.css\""));
    assert!(index.contains("href=\"/roundup/events/"));
    assert!(!index.contains("href=\"/events/"));
}

#[test]
fn check_validates_and_writes_nothing() {
    let site = sample_site();
    let out = roundup(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("5 articles, 2 events, 5 outlets: no problems found"));
    assert!(!site.path().join("public").exists());
    assert!(!site.path().join(".public.staging").exists());
}

#[test]
fn index_is_paginated() {
    let site = sample_site();
    let toml = fs::read_to_string(site.path().join("site.toml"))
        .unwrap()
        .replace("output_dir = \"public\"", "output_dir = \"public\"\nevents_per_page = 1");
    fs::write(site.path().join("site.toml"), toml).unwrap();
    build_ok(site.path(), &[]);
    let first = fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let second = fs::read_to_string(site.path().join("public/page/2/index.html")).unwrap();
    assert!(first.contains("rel=\"next\" href=\"/page/2/\"") && !first.contains("rel=\"prev\""));
    assert!(second.contains("rel=\"prev\" href=\"/\"") && !second.contains("rel=\"next\""));
    assert_eq!(first.matches("class=\"story\"").count(), 1);
    assert!(!site.path().join("public/page/3").exists());
}

#[test]
fn a_pin_overrides_clustering() {
    let site = sample_site();
    // Pin the Costa Rica Post article to the transfer event's slug.
    let p = site.path().join("articles/003-costaricapost-officials-visit-prison.md");
    let text = fs::read_to_string(&p).unwrap().replacen(
        "lang: en\n",
        "lang: en\nevent: 2025-03-31-17-violent-criminals-from-el-tren\n",
        1,
    );
    fs::write(&p, text).unwrap();
    build_ok(site.path(), &[]);
    let sets = event_sets(&events_json(&site.path().join("public")));
    let short = |v: &Vec<String>| v.iter().map(|s| s[..3].to_string()).collect::<Vec<_>>();
    assert_eq!(sets.iter().map(short).collect::<Vec<_>>(), vec![vec!["000", "002"], vec!["001", "003", "004"]]);
}

#[test]
fn adding_an_article_rewrites_only_pages_that_changed() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let before = snapshot(&public);
    article(
        site.path(),
        "zz-unrelated.md",
        "title: Volcano erupts near Grindavik\noutlet: Iceland Review\ndate: 2025-04-20",
        "Lava flowed from a fissure on the Reykjanes peninsula; Grindavik was evacuated.",
    );
    let out = build_ok(site.path(), &[]);
    let written: usize = out.split("ms (").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    let after = snapshot(&public);
    let changed: Vec<&String> =
        after.iter().filter(|(p, b)| !before.iter().any(|(q, c)| q == p && c == b)).map(|(p, _)| p).collect();
    assert_eq!(written, changed.len(), "exactly the changed files were written: {changed:?}");
    // The five existing article pages and the visit's event page do not change.
    for (p, _) in &before {
        if p.starts_with("articles/") {
            assert!(!changed.contains(&p), "{p} was rewritten");
        }
    }
    assert!(changed.len() < before.len() / 2, "{} of {} files changed: {changed:?}", changed.len(), before.len());
}

/// The binary tunes its allocator before the first allocation (lazy commit, prompt purging, for
/// peak memory), and a `MIMALLOC_*` setting in the environment still wins.
#[test]
fn allocator_is_tuned_for_peak_memory_unless_the_environment_says_otherwise() {
    let option = |env: &[(&str, &str)], name: &str| -> String {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_roundup"));
        cmd.arg("--version").env("MIMALLOC_VERBOSE", "1").envs(env.iter().copied());
        let err = String::from_utf8(cmd.output().expect("run roundup").stderr).unwrap();
        let line = err.lines().find(|l| l.contains(&format!("option '{name}':"))).unwrap_or_else(|| panic!("{err}"));
        line.rsplit(':').next().unwrap().trim().to_string()
    };
    assert_eq!(option(&[], "arena_eager_commit"), "0");
    assert_eq!(option(&[], "purge_delay"), "100");
    assert_eq!(option(&[("MIMALLOC_PURGE_DELAY", "7")], "purge_delay"), "7");
}
