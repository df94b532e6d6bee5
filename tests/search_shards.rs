//! The sharded search index, through the real binary: a rebuild after one new newest article
//! indexes only the shards that changed and writes what a cold `--no-cache` build writes; a
//! damaged cache entry is noticed, rebuilt, and costs nothing else.

mod common;
use common::*;
use std::path::Path;

/// A made-up word for `n`, so no two articles share a topic (and none joins another's event).
fn word(mut n: usize) -> String {
    const SYL: &[&str] = &["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pu", "gi", "do"];
    let mut w = String::new();
    for _ in 0..4 {
        w.push_str(SYL[n % SYL.len()]);
        n /= SYL.len();
    }
    w
}

/// Article `n`, dated `day` days after 2024-01-01.
fn add(root: &Path, n: usize, day: u64) {
    let (a, b) = (word(n * 2 + 11), word(n * 2 + 12));
    let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(day);
    let front = format!("title: \"{a} {b} dispute {n}\"\noutlet: \"Outlet {}\"\ndate: {date}", n % 4);
    article(root, &format!("a{n:04}.md"), &front, &format!("The {a} and the {b} met in {b}. {a} said {n}."));
}

/// A site of 150 dated articles in shards of about 15.
fn sharded_site() -> tempfile::TempDir {
    let site = new_site("title = \"T\"\nbase_url = \"https://example.org/\"\nsearch_shard_articles = 15\n");
    for n in 0..150 {
        add(site.path(), n, n as u64);
    }
    site
}

/// (rebuilt, total) from the summary line's "K of N shards rebuilt".
fn rebuilt(summary: &str) -> (usize, usize) {
    let part = summary.split("; search index ").nth(1).unwrap_or_else(|| panic!("{summary}"));
    let words: Vec<&str> = part.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let at = words.iter().position(|w| *w == "of").unwrap_or_else(|| panic!("{summary}"));
    (words[at - 1].parse().unwrap(), words[at + 1].parse().unwrap())
}

/// A cold build of a copy of `site` (no cache, fresh folder): its output files.
fn cold_copy(site: &Path) -> Vec<(String, Vec<u8>)> {
    let cold = tempfile::tempdir().unwrap();
    for part in ["articles", "templates", "static"] {
        copy_dir(&site.join(part), &cold.path().join(part));
    }
    std::fs::copy(site.join("site.toml"), cold.path().join("site.toml")).unwrap();
    build_ok(cold.path(), &["--no-cache"]);
    snapshot(&cold.path().join("public"))
}

#[test]
fn a_new_newest_article_rebuilds_only_its_shard_and_the_outlets() {
    let site = sharded_site();
    let first = build_ok(site.path(), &[]);
    let (built, total) = rebuilt(&first);
    assert_eq!(built, total, "a first build builds every shard: {first}");
    assert!(total >= 5, "the test site has several shards: {first}");
    let shards: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.path().join("public/pagefind/shards.json")).unwrap()).unwrap();
    assert_eq!(shards["shards"].as_array().unwrap().len(), total - 1, "every shard but the root is listed");

    let again = build_ok(site.path(), &[]);
    assert_eq!(rebuilt(&again), (0, total), "no change, nothing indexed: {again}");

    add(site.path(), 150, 400);
    let next = build_ok(site.path(), &[]);
    // The newest shard takes the article and its event; the root bundle's outlet record counts
    // the outlet's articles, so it changes too. Nothing else does.
    assert_eq!(rebuilt(&next).0, 2, "{next}");
    assert_eq!(snapshot(&site.path().join("public")), cold_copy(site.path()), "same bytes as a cold build");
}

#[test]
fn a_damaged_cache_entry_is_rebuilt_with_a_warning() {
    let site = sharded_site();
    let first = build_ok(site.path(), &[]);
    let total = rebuilt(&first).1;
    let dir = site.path().join(".roundup/cache/search");
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    assert_eq!(entries.len(), total, "one cache entry per shard");
    let mut bytes = std::fs::read(&entries[0]).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&entries[0], bytes).unwrap();
    std::fs::remove_file(&entries[1]).unwrap();

    let out = roundup(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(out.status.success());
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(rebuilt(&stdout), (2, total), "the damaged and the missing entry: {stdout}");
    assert_eq!(stderr.matches("search cache entry not used").count(), 1, "one warning, for the damaged one: {stderr}");
    assert_eq!(snapshot(&site.path().join("public")), cold_copy(site.path()));
    let after = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(after, total, "entries rewritten, none left over");
}

#[test]
fn no_cache_rebuilds_every_shard_and_unused_entries_are_dropped() {
    let site = sharded_site();
    build_ok(site.path(), &[]);
    let out = build_ok(site.path(), &["--no-cache"]);
    let (built, total) = rebuilt(&out);
    assert_eq!(built, total, "{out}");
    // Fewer shards: the entries of the old ones go.
    let toml = "title = \"T\"\nbase_url = \"https://example.org/\"\nsearch_shard_articles = 1000\n";
    std::fs::write(site.path().join("site.toml"), toml).unwrap();
    let out = build_ok(site.path(), &[]);
    assert_eq!(rebuilt(&out), (1, 2), "{out}");
    assert_eq!(std::fs::read_dir(site.path().join(".roundup/cache/search")).unwrap().count(), 2);
}

#[test]
fn the_shard_size_setting_is_checked_where_it_is_written() {
    let site = new_site("title = \"T\"\nbase_url = \"https://example.org/\"\n\nsearch_shard_articles = 0\n");
    let out = roundup(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("site.toml:4:1") && err.contains("`search_shard_articles` must be between 1 and"), "{err}");
}
