//! Atom feeds for the site, each event and each outlet parse with a real feed parser.

mod common;
use common::*;
use std::fs;

fn parse(path: &std::path::Path) -> feed_rs::model::Feed {
    feed_rs::parser::parse(fs::read(path).unwrap().as_slice()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_feed_parses_with_complete_entries() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let json = events_json(&public);
    let mut feeds = vec![public.join("feed.xml")];
    for e in json["events"].as_array().unwrap() {
        feeds.push(public.join("events").join(e["slug"].as_str().unwrap()).join("feed.xml"));
    }
    for o in ["london24-7-uk", "fizoti-com", "a-news", "costa-rica-post", "voz-us"] {
        feeds.push(public.join("outlets").join(o).join("feed.xml"));
    }
    let mut entries = 0;
    for path in &feeds {
        let feed = parse(path);
        assert!(feed.title.is_some(), "{}", path.display());
        for entry in &feed.entries {
            assert!(entry.title.as_ref().is_some_and(|t| !t.content.is_empty()));
            assert!(entry.links.iter().any(|l| l.href.starts_with("https://example.org/articles/")));
            assert!(entry.updated.is_some() && entry.published.is_some());
            assert!(entry.id.starts_with("https://example.org/articles/"), "{}", entry.id);
            entries += 1;
        }
    }
    // Site feed: the 4 dated articles; event feeds 2 + 2 (the undated visit article has no date); outlet feeds 4.
    assert_eq!(entries, 4 + 4 + 4);
    let transfer =
        json["events"].as_array().unwrap().iter().find(|e| e["articles"].as_array().unwrap().len() == 2).unwrap();
    let feed = parse(&public.join("events").join(transfer["slug"].as_str().unwrap()).join("feed.xml"));
    let titles: Vec<String> = feed.entries.iter().map(|e| e.title.clone().unwrap().content).collect();
    assert_eq!(
        titles,
        vec![
            "U.S. Deports 17 Gang Members to El Salvador",
            "17 'violent criminals' from El Tren de Aragua and MS-13 sent to jail in El Salvador"
        ]
    );
    assert_eq!(feed.entries[0].updated.unwrap().to_rfc3339(), "2025-04-01T01:01:00+00:00");
}

#[test]
fn entry_ids_are_stable_across_builds_and_additions() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let ids = |p: &std::path::Path| {
        parse(&p.join("public/feed.xml")).entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>()
    };
    let before = ids(site.path());
    article(
        site.path(),
        "zz-later.md",
        "title: Later story\noutlet: Other Outlet\ndate: 2025-05-01",
        "Something else happened.",
    );
    build_ok(site.path(), &[]);
    let after = ids(site.path());
    assert_eq!(after[0], "https://example.org/articles/zz-later/");
    assert_eq!(&after[1..], &before[..]);
}
