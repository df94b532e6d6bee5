//! What search records hold: body text (bounded), an event's names and figures, and the kinds
//! the search page ranks by.

use super::*;
use crate::site::LoadOptions;
use std::path::Path;

/// The sample site at the repository's root.
fn sample() -> Site {
    Site::load(Path::new(env!("CARGO_MANIFEST_DIR")), &LoadOptions::default()).unwrap().0
}

fn record<'a>(records: &'a [Record], url_part: &str) -> &'a Record {
    records.iter().find(|r| r.url.contains(url_part)).unwrap_or_else(|| panic!("no record for {url_part}"))
}

#[test]
fn article_records_hold_the_body_and_not_the_headline_or_outlet() {
    let site = sample();
    let records = records(&site).unwrap();
    let voz = record(&records, "/articles/004-vozus-");
    assert_eq!(voz.kind, Kind::Article);
    // Said deep in the body, in neither the headline nor the lead.
    assert!(voz.content.contains("Centro de Confinamiento del Terrorismo (CECOT)"), "{}", voz.content);
    assert!(!voz.content.starts_with(&site.articles.iter().find(|a| a.id.starts_with("004")).unwrap().title));
    assert!(!voz.content.contains("Voz.us"), "the outlet is metadata, not repeated in the excerpt text");
    assert!(voz.meta["title"].starts_with("17 'violent criminals'"));
    assert_eq!(voz.meta["detail"], "Article · Voz.us");
}

#[test]
fn event_records_hold_names_and_figures_of_their_articles() {
    let site = sample();
    let records = records(&site).unwrap();
    let events: Vec<&Record> = records.iter().filter(|r| r.kind == Kind::Event).collect();
    assert_eq!(events.len(), 2);
    for e in &events {
        let names = &e.meta["names"];
        assert!(names.split(", ").any(|n| n == "cecot"), "{}: names {names}", e.url);
        assert!(!e.meta["figures"].is_empty(), "{}: no figures", e.url);
        assert!(!e.content.is_empty(), "{}: no leads", e.url);
    }
    let visit = record(&records, "kristi-noem");
    assert!(visit.meta["names"].split(", ").any(|n| n == "kristi noem"), "{}", visit.meta["names"]);
    assert!(visit.meta["figures"].contains("238"), "{}", visit.meta["figures"]);
    assert!(visit.meta["figures"].contains("up to 40,000 inmates"), "{}", visit.meta["figures"]);
    let transfer = record(&records, "17-violent");
    assert!(transfer.meta["figures"].contains("14,000"), "{}", transfer.meta["figures"]);
}

#[test]
fn records_come_events_first_and_every_kind_is_a_known_filter() {
    let site = sample();
    let records = records(&site).unwrap();
    let kinds: Vec<Kind> = records.iter().map(|r| r.kind).collect();
    assert!(kinds.is_sorted(), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == Kind::Event).count(), site.events.len());
    assert_eq!(kinds.iter().filter(|k| **k == Kind::Article).count(), site.articles.len());
    let names: Vec<&str> = [Kind::Event, Kind::Outlet, Kind::Article].map(Kind::name).to_vec();
    let script = include_str!("../../../static/search.js");
    assert!(script.contains(&format!("{names:?}")), "static/search.js asks for the kinds {names:?}, in this order");
}

/// A site of one hostile article: a body far over the bound, words that are Pagefind's markers.
fn hostile_site(dir: &Path) -> Site {
    std::fs::write(dir.join("site.toml"), "title = \"T\"\nbase_url = \"https://example.org/\"\n").unwrap();
    std::fs::create_dir(dir.join("articles")).unwrap();
    let mut body =
        String::from("Opening words `___PAGEFIND_WEIGHT___10` boosted `____END_PAGEFIND_WEIGHT___` done.\n\n");
    while body.len() < 5 * MAX_BODY_BYTES {
        body.push_str("Noem toured the prison and spoke about CECOT with reporters again. ");
    }
    let article = format!("---\ntitle: \"Big\"\noutlet: \"Hostile\"\ndate: 2025-03-27\n---\n\n{body}\n");
    std::fs::write(dir.join("articles/big.md"), article).unwrap();
    Site::load(dir, &LoadOptions::default()).unwrap().0
}

#[test]
fn body_text_is_bounded_and_cannot_carry_pagefind_markers() {
    let dir = tempfile::tempdir().unwrap();
    let site = hostile_site(dir.path());
    let records = records(&site).unwrap();
    let big = record(&records, "/articles/big/");
    assert!(big.content.len() <= MAX_BODY_BYTES, "{} bytes", big.content.len());
    assert!(big.content.len() > MAX_BODY_BYTES - 100, "cut near the bound, not far before it");
    let last = big.content.rsplit(' ').next().unwrap();
    let words = "Noem toured the prison and spoke about CECOT with reporters again.";
    assert!(words.split(' ').any(|w| w == last), "cut at a word boundary, not inside {last:?}");
    assert!(!big.content.contains("___"), "{}", &big.content[..100]);
    assert!(
        big.content.starts_with("Opening words __PAGEFIND_WEIGHT__10 boosted __END_PAGEFIND_WEIGHT__ done."),
        "{}",
        &big.content[..90]
    );
    let event = records.iter().find(|r| r.kind == Kind::Event).unwrap();
    assert!(event.content.len() <= MAX_EVENT_TEXT_BYTES && !event.content.contains("___"));
}

#[test]
fn bounds_cut_at_words_and_characters() {
    assert_eq!(bounded("short", 10), "short");
    assert_eq!(bounded("one two three", 9), "one two");
    assert_eq!(bounded("ééééé", 5), "éé", "never inside a character");
    let mut s = String::new();
    push_bounded(&mut s, "First lead", 30);
    push_bounded(&mut s, "Second one.", 30);
    push_bounded(&mut s, "Too long to fit in what is left", 30);
    assert_eq!(s, "First lead. Second one.");
    assert_eq!(defuse("a ______PAGEFIND_ANCHOR___x b".into()), "a __PAGEFIND_ANCHOR__x b");
}

#[test]
fn event_names_rank_by_articles_then_first_mention() {
    let a = vec!["noem".to_string(), "cecot".to_string()];
    let b = vec!["bukele".to_string(), "cecot".to_string()];
    assert_eq!(event_names([&a, &b].into_iter()), ["cecot", "noem", "bukele"]);
}
