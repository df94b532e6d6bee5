//! Shard membership is stable: a new newest article changes only the newest shard's records, an
//! inserted older one only its own shard's, and the same site always gives the same shards.

use super::*;
use crate::search::records::{inputs_hash, records_of};
use crate::search::store;
use crate::site::LoadOptions;
use std::collections::BTreeSet;
use std::path::Path;

/// A made-up word for `n`, different for every `n`, so no two articles share a topic.
fn word(mut n: usize) -> String {
    const SYL: &[&str] = &["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pu", "gi", "do"];
    let mut w = String::new();
    for _ in 0..4 {
        w.push_str(SYL[n % SYL.len()]);
        n /= SYL.len();
    }
    w
}

/// Writes article `n`, dated `day` days after the first of January 2024 (undated for `None`).
fn write_article(root: &Path, n: usize, day: Option<u32>) {
    let (a, b, c) = (word(n * 3 + 7), word(n * 3 + 8), word(n * 3 + 9));
    let date = day.map(|d| {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(d.into());
        format!("date: {date}\n")
    });
    let text = format!(
        "---\ntitle: \"{a} {b} {c} report {n}\"\noutlet: \"Outlet {}\"\n{}---\n\n{a} {b} {c} met in {c}. The {b} said {a}.\n",
        n % 5,
        date.unwrap_or_default()
    );
    std::fs::write(root.join(format!("articles/a{n:04}.md")), text).unwrap();
}

/// A site of `n` articles, one a day, plus three undated ones.
fn site(root: &Path, n: usize) {
    std::fs::write(root.join("site.toml"), "title = \"T\"\nbase_url = \"https://example.org/\"\n").unwrap();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    for i in 0..n {
        write_article(root, i, Some(i as u32));
    }
    for i in 0..3 {
        write_article(root, 5000 + i, None);
    }
}

fn load(root: &Path) -> Site {
    Site::load(root, &LoadOptions::default()).unwrap().0
}

/// Each shard's name and the cache key of its records. Checks on the way that the key follows
/// the records: each distinct key here has one set of records (compared as text).
fn keys(site: &Site, target: usize) -> BTreeSet<(String, String)> {
    plan(site, target)
        .iter()
        .map(|s| {
            let inputs = inputs_hash(site, &s.events, &[], &s.articles);
            let key = store::key(&inputs, "en", false);
            let records = format!("{:?}", records_of(site, &s.events, &[], &s.articles).unwrap());
            let seen = RECORDS.with(|r| r.borrow_mut().entry(key.clone()).or_insert_with(|| records.clone()).clone());
            assert_eq!(seen, records, "one key, one set of records");
            (s.name.clone(), key)
        })
        .collect()
}

thread_local! {
    /// The records seen under each key in this test's thread.
    static RECORDS: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
}

#[test]
fn the_same_site_gives_the_same_named_shards_with_every_record_once() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), 120);
    let s = load(dir.path());
    let a = plan(&s, 10);
    assert_eq!(a, plan(&s, 10));
    assert!(a.len() >= 5, "{} shards", a.len());
    let names: BTreeSet<&str> = a.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.len(), a.len(), "names are unique");
    assert_eq!(a[0].name, "d-0");
    assert!(a.iter().any(|s| s.name == "u-0"), "undated articles have their own shards");
    let articles: usize = a.iter().map(|s| s.articles.len()).sum();
    let events: usize = a.iter().map(|s| s.events.len()).sum();
    assert_eq!((articles, events), (s.articles.len(), s.events.len()));
    assert!(a.iter().all(|s| s.articles.len() <= 10 * CAP_FACTOR));
    // An event's record sits with its latest article.
    for sh in &a {
        for &e in &sh.events {
            let latest =
                *s.events[e].members.iter().max_by_key(|&&m| s.articles[m].date.map(|d| d.timestamp())).unwrap();
            assert!(sh.articles.contains(&latest), "{}", s.event_url(e));
        }
    }
}

#[test]
fn a_new_newest_article_changes_only_the_newest_shard() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), 120);
    let before = keys(&load(dir.path()), 10);
    write_article(dir.path(), 120, Some(500));
    let s = load(dir.path());
    let after = keys(&s, 10);
    let gone: Vec<_> = before.difference(&after).collect();
    let new: Vec<_> = after.difference(&before).collect();
    let newest = plan(&s, 10).into_iter().rfind(|s| s.name.starts_with("d-")).unwrap();
    assert_eq!(gone.len(), 1, "one shard changed: {gone:?}");
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].0, newest.name, "the changed shard is the newest");
    assert_eq!(gone[0].0, newest.name, "and keeps its name");
}

#[test]
fn an_inserted_older_article_changes_only_its_own_shard() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), 120);
    let before = keys(&load(dir.path()), 10);
    // Dated between the 40th and 41st day's articles.
    let text = "---\ntitle: \"Zubedo quarrel\"\noutlet: \"Outlet 1\"\ndate: 2024-02-10T06:00:00Z\n---\n\nZubedo.\n";
    std::fs::write(dir.path().join("articles/inserted.md"), text).unwrap();
    let s = load(dir.path());
    let after = keys(&s, 10);
    let gone: Vec<_> = before.difference(&after).collect();
    let new: Vec<_> = after.difference(&before).collect();
    assert_eq!(gone.len(), 1, "{gone:?}");
    // Its own shard, or two if its own id cuts that shard in two.
    assert!((1..=2).contains(&new.len()), "{new:?}");
    let home = plan(&s, 10).into_iter().find(|sh| sh.articles.iter().any(|&a| s.articles[a].id == "inserted")).unwrap();
    assert!(new.iter().any(|(name, _)| *name == home.name));
}

#[test]
fn an_edit_deep_in_a_body_changes_only_its_shard() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), 120);
    let before = keys(&load(dir.path()), 10);
    let path = dir.path().join("articles/a0050.md");
    let text = std::fs::read_to_string(&path).unwrap() + "\nA last sentence naming Quorvel.\n";
    std::fs::write(&path, text).unwrap();
    let after = keys(&load(dir.path()), 10);
    assert_eq!(before.difference(&after).count(), 1);
    assert_eq!(after.difference(&before).count(), 1);
}
