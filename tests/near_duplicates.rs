//! Syndicated copies land in one event, are marked on the event page and listed in events.json.

mod common;
use common::*;
use std::fs;

const WIRE: &str = "The agency reported that the central committee approved the reform package late on Tuesday after a \
long debate, with officials saying the measures would take effect next month across all provinces and that further \
details would be published in the official gazette on Friday morning.";

#[test]
fn copies_share_an_event_and_are_marked() {
    let site = new_site(
        "title = \"t\"\nbase_url = \"https://example.org/\"\n[clustering]\nhalf_life_days = 0.1\ntime_floor = 0.0\n",
    );
    article(
        site.path(),
        "a-original.md",
        "title: Committee approves reform package\noutlet: Wire Service\ndate: 2025-01-01",
        WIRE,
    );
    article(
        site.path(),
        "b-other.md",
        "title: Tulip season opens\noutlet: Garden Weekly\ndate: 2025-01-05",
        "Plant tulips in autumn and water them well.",
    );
    // Run weeks later by another outlet under its own headline: time alone would split it off.
    article(
        site.path(),
        "c-copy.md",
        "title: Reform cleared\noutlet: Daily Courier\ndate: 2025-01-20",
        &format!("{WIRE}\n\n(Wire Service)"),
    );
    build_ok(site.path(), &[]);
    let json = events_json(&site.path().join("public"));
    let ev = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["articles"].as_array().unwrap().iter().any(|a| a == "c-copy"))
        .unwrap();
    let mut arts: Vec<&str> = ev["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    arts.sort();
    assert_eq!(arts, vec!["a-original", "c-copy"]);
    assert_eq!(ev["near_duplicates"], serde_json::json!([{"article": "c-copy", "same_text_as": "a-original"}]));
    let page =
        fs::read_to_string(site.path().join("public/events").join(ev["slug"].as_str().unwrap()).join("index.html"))
            .unwrap();
    assert!(
        page.contains(
            "Same text as <a href=\"/articles/a-original/\">Wire Service: Committee approves reform package</a>"
        ),
        "{page}"
    );

    let out = roundup(&["explain", "c-copy", "--root", site.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("decision:   a copy of a-original"), "{text}");
}
