//! The clustering targets, measured through the real `build`: each corpus is written out as an
//! `articles/` folder, built by the binary, and its events read back from `events.json`.
//! Needs `../shared/data` beside the repository, so every test here is an explicit target:
//! `cargo test -- --ignored` runs them (CI does), and a missing corpus fails loudly.

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
    if strip.drop_dates > 0.0 {
        args.extend(["--drop-dates".to_string(), strip.drop_dates.to_string()]);
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

/// Reads `../shared/data`, which a clone on its own does not have: run with `cargo test -- --ignored`
/// (as CI does), where a missing corpus fails loudly.
macro_rules! target {
    ($name:ident, $corpus:literal, $strip:expr, $target:literal) => {
        #[test]
        #[ignore = "reads ../shared/data: run with `cargo test -- --ignored`"]
        fn $name() {
            let f1 = bcubed_through_build($corpus, $strip);
            assert!(f1 >= $target, "BCubed F1 {f1:.3} < {}", $target);
        }
    };
}

const DATED: Strip = Strip { no_dates: false, titles_only: false, drop_dates: 0.0 };
const UNDATED: Strip = Strip { no_dates: true, ..DATED };
const HEADLINES_UNDATED: Strip = Strip { titles_only: true, ..UNDATED };
const THIRD_UNDATED: Strip = Strip { drop_dates: 0.3, ..DATED };

target!(allsides_neus, "allsides_neus", DATED, 0.86);
target!(basil, "basil", DATED, 0.97);
target!(newswcl50, "newswcl50", DATED, 0.98);
target!(basil_undated, "basil", UNDATED, 0.95);
target!(ecbplus_dev, "ecbplus_dev", UNDATED, 0.88);
target!(uci_titles_dev, "uci_titles_dev", UNDATED, 0.65);
target!(basil_30_percent_undated, "basil", THIRD_UNDATED, 0.96);
target!(newswcl50_30_percent_undated, "newswcl50", THIRD_UNDATED, 0.98);

// Two targets of the issue are not met yet (0.65 and 0.85). Until they are, these hold the
// ground gained: each floor is what the method reaches today less 0.01, so a change that loses
// more fails here. Raise them as the method improves; see the README's clustering table.
target!(allsides_headlines_undated_floor, "allsides_neus", HEADLINES_UNDATED, 0.60);
target!(allsides_30_percent_undated_floor, "allsides_neus", THIRD_UNDATED, 0.81);
