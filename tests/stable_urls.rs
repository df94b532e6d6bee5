//! Adding articles dated after all others never changes an existing URL or event.

mod common;
use common::*;
use std::collections::BTreeMap;

fn pages(root: &std::path::Path) -> Vec<String> {
    snapshot(&root.join("public")).into_iter().map(|(p, _)| p).filter(|p| p.ends_with("index.html")).collect()
}

fn membership(root: &std::path::Path) -> BTreeMap<String, String> {
    let json = events_json(&root.join("public"));
    let mut m = BTreeMap::new();
    for e in json["events"].as_array().unwrap() {
        for a in e["articles"].as_array().unwrap() {
            m.insert(a.as_str().unwrap().to_string(), e["slug"].as_str().unwrap().to_string());
        }
    }
    m
}

#[test]
fn later_articles_keep_every_existing_url() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let before_pages = pages(site.path());
    let before = membership(site.path());

    // A follow-up on the transfer, and an unrelated later story from a new outlet.
    article(
        site.path(),
        "005-follow-up.md",
        "title: \"Rubio: 17 Tren de Aragua and MS-13 members flown to El Salvador\"\noutlet: \"fizoti.com\"\ndate: 2025-04-01 09:30",
        "Secretary of State Marco Rubio said 17 members of Tren de Aragua and MS-13 were flown to El Salvador on Sunday night and sent to CECOT.",
    );
    article(
        site.path(),
        "zz/006-other.md",
        "title: \"City council approves new bicycle lanes\"\noutlet: \"Local Courier\"\ndate: 2025-04-20",
        "The council voted to add twelve kilometres of protected bicycle lanes downtown.",
    );
    build_ok(site.path(), &[]);
    let after_pages = pages(site.path());
    for p in &before_pages {
        assert!(after_pages.contains(p), "{p} disappeared");
    }
    let after = membership(site.path());
    for (article, event) in &before {
        assert_eq!(after.get(article), Some(event), "{article} moved");
    }
    // The follow-up joined the transfer event; the council story is an event of its own.
    assert_eq!(after["005-follow-up"], after["001-fizoti-us-deports-17-gang-members"]);
    assert!(!before.values().any(|e| e == &after["zz/006-other"]));
    assert!(after_pages.contains(&"outlets/local-courier/index.html".to_string()));
    assert!(after_pages.contains(&"articles/zz/006-other/index.html".to_string()));
}

#[test]
fn event_slug_comes_from_the_founding_article() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let m = membership(site.path());
    // The transfer event is founded by the earliest dated article about it (Voz.us, 31 March).
    assert_eq!(m["001-fizoti-us-deports-17-gang-members"], "2025-03-31-17-violent-criminals-from-el-tren");
}

#[test]
fn an_undated_articles_event_url_redirects_once_dated_coverage_arrives() {
    let site = sample_site();
    let articles = site.path().join("articles");
    let aside = tempfile::tempdir().unwrap();
    let undated = "003-costaricapost-officials-visit-prison";
    for entry in std::fs::read_dir(&articles).unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with(undated) {
            std::fs::rename(&path, aside.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    // Alone, the undated Costa Rica Post article founds an event named after its headline.
    build_ok(site.path(), &[]);
    let old = "u-s-officials-visit-el-salvadors";
    assert_eq!(membership(site.path())[undated], old);

    // The dated coverage arrives: the event is named by its first dated article, and the old
    // URL becomes a redirect to it, listed as an alias and left out of the sitemap.
    for entry in std::fs::read_dir(aside.path()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::rename(&path, articles.join(path.file_name().unwrap())).unwrap();
    }
    build_ok(site.path(), &[]);
    let new = "2025-03-27-dhs-secretary-kristi-noem-tours-el";
    assert_eq!(membership(site.path())[undated], new);
    let public = site.path().join("public");
    let redirect = std::fs::read_to_string(public.join(format!("events/{old}/index.html"))).unwrap();
    assert!(
        redirect.contains(&format!("<link rel=\"canonical\" href=\"https://example.org/events/{new}/\">")),
        "{redirect}"
    );
    assert!(
        redirect.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url=/events/{new}/\">")),
        "{redirect}"
    );
    assert!(redirect.contains(&format!("<a href=\"/events/{new}/\">")), "{redirect}");
    let json = events_json(&public);
    let event = json["events"].as_array().unwrap().iter().find(|e| e["slug"] == new).unwrap();
    assert_eq!(event["aliases"], serde_json::json!([old]));
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains(old), "a redirect is not a page of its own");
}
