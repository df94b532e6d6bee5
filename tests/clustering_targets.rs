//! The clustering targets, measured through the real `build`: each corpus is written out as an
//! `articles/` folder, built by the binary, and its events read back from `events.json`.
//! Needs `../shared/data` beside the repository (as in CI); a missing corpus fails the test.

mod common;
use common::*;
use roundup::eval::{self, Strip};
use std::collections::HashMap;
use std::path::PathBuf;

fn corpus(name: &str) -> Vec<eval::Record> {
    let p: PathBuf = repo().join("../shared/data").join(format!("{name}.jsonl"));
    eval::read_jsonl(&p).unwrap_or_else(|e| panic!("corpus missing: {e} (CI keeps ../shared beside the repo)"))
}

fn bcubed_through_build(name: &str, strip: Strip) -> f64 {
    let records = corpus(name);
    let site = new_site("title = \"eval\"\nbase_url = \"https://example.org/\"\n");
    let stems = eval::write_articles(&records, strip, &site.path().join("articles")).unwrap();
    build_ok(site.path(), &[]);
    let json = events_json(&site.path().join("public"));
    let mut event_of: HashMap<String, usize> = HashMap::new();
    for (e, ev) in json["events"].as_array().unwrap().iter().enumerate() {
        for a in ev["articles"].as_array().unwrap() {
            assert!(event_of.insert(a.as_str().unwrap().to_string(), e).is_none(), "article in two events");
        }
    }
    let pred: Vec<usize> = stems.iter().map(|s| event_of[s]).collect();
    let gold: Vec<String> = records.iter().map(|r| r.event.to_string()).collect();
    let s = eval::score(&pred, &gold);

    // `roundup eval` reports the same score: it runs the same code path.
    let mut args = vec![
        "eval".to_string(),
        repo().join("../shared/data").join(format!("{name}.jsonl")).to_string_lossy().into_owned(),
    ];
    if strip.no_dates {
        args.push("--no-dates".into());
    }
    if strip.titles_only {
        args.push("--titles-only".into());
    }
    let out = roundup(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.contains(&format!("F1 {:.3}\n  events", s.bcubed.f1)),
        "eval and build disagree: build {:.3}\n{text}",
        s.bcubed.f1
    );
    s.bcubed.f1
}

#[test]
fn allsides_neus() {
    let f1 = bcubed_through_build("allsides_neus", Strip::default());
    assert!(f1 >= 0.86, "BCubed F1 {f1:.3} < 0.86");
}

#[test]
fn basil() {
    let f1 = bcubed_through_build("basil", Strip::default());
    assert!(f1 >= 0.97, "BCubed F1 {f1:.3} < 0.97");
}

#[test]
fn newswcl50() {
    let f1 = bcubed_through_build("newswcl50", Strip::default());
    assert!(f1 >= 0.98, "BCubed F1 {f1:.3} < 0.98");
}

#[test]
fn basil_undated() {
    let f1 = bcubed_through_build("basil", Strip { no_dates: true, ..Strip::default() });
    assert!(f1 >= 0.95, "BCubed F1 {f1:.3} < 0.95");
}

#[test]
fn allsides_headlines_undated() {
    let f1 = bcubed_through_build("allsides_neus", Strip { no_dates: true, titles_only: true, ..Strip::default() });
    assert!(f1 >= 0.65, "BCubed F1 {f1:.3} < 0.65");
}
