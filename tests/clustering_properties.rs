//! Properties users rely on, checked over random splits and shuffles of a real labelled corpus:
//! the same input gives the same events whatever the input order, and articles dated after all
//! existing ones never move an existing article or rename an existing event.

mod common;
use common::repo;
use roundup::article::Article;
use roundup::cmd::eval::{DEFAULT_CONFIG, load_records};
use roundup::config::Config;
use roundup::eval::{self, Strip};
use roundup::site::Site;
use roundup::text::Features;
use std::collections::BTreeMap;
use std::path::Path;

/// A small deterministic PRNG (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn corpus(undated_share: usize) -> (Vec<Article>, Vec<Features>) {
    let path = repo().join("../shared/data/newswcl50.jsonl");
    let mut records = eval::read_jsonl(&path).expect("../shared/data must be beside the repo");
    let more = eval::read_jsonl(&repo().join("../shared/data/allsides_neus.jsonl")).expect("allsides corpus");
    records.extend(more.into_iter().take(250));
    // Strip the dates of every n-th record, to mix undated articles in.
    if undated_share > 0 {
        for (k, r) in records.iter_mut().enumerate() {
            if k % undated_share == 0 {
                r.date = None;
            }
        }
    }
    load_records(&records, Strip::default()).unwrap()
}

fn config() -> Config {
    Config::parse(Path::new("site.toml"), DEFAULT_CONFIG).unwrap()
}

/// Article id → slug of its event.
fn membership(site: &Site) -> BTreeMap<String, String> {
    site.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), site.events[site.event_of[i]].slug.clone())).collect()
}

#[test]
fn input_order_does_not_matter() {
    let (articles, features) = corpus(7);
    let reference = Site::assemble(Path::new("."), config(), articles.clone(), features.clone());
    let expected = roundup::render::events_json(&reference);
    let mut rng = Rng(0x5eed);
    for _ in 0..4 {
        let mut order: Vec<usize> = (0..articles.len()).collect();
        for k in (1..order.len()).rev() {
            order.swap(k, rng.below(k + 1));
        }
        let a: Vec<Article> = order.iter().map(|&k| articles[k].clone()).collect();
        let f: Vec<Features> = order.iter().map(|&k| features[k].clone()).collect();
        let site = Site::assemble(Path::new("."), config(), a, f);
        assert!(roundup::render::events_json(&site) == expected, "a shuffled input gave different events");
    }
}

#[test]
fn later_articles_never_move_existing_ones() {
    for undated_share in [0, 5] {
        let (articles, features) = corpus(undated_share);
        let full = Site::assemble(Path::new("."), config(), articles.clone(), features.clone());
        let after = membership(&full);
        let mut times: Vec<i64> = articles.iter().filter_map(|a| a.date.map(|d| d.timestamp())).collect();
        times.sort_unstable();
        times.dedup();
        let mut rng = Rng(0xc0ffee + undated_share as u64);
        for _ in 0..6 {
            // Everything up to a random moment is the existing site; the rest arrives later.
            let cut = times[rng.below(times.len() - 1)];
            let keep: Vec<usize> =
                (0..articles.len()).filter(|&k| articles[k].date.is_none_or(|d| d.timestamp() <= cut)).collect();
            let a: Vec<Article> = keep.iter().map(|&k| articles[k].clone()).collect();
            let f: Vec<Features> = keep.iter().map(|&k| features[k].clone()).collect();
            let before_site = Site::assemble(Path::new("."), config(), a, f);
            let before = membership(&before_site);
            assert!(before.len() < after.len());
            for (id, slug) in &before {
                assert_eq!(
                    after.get(id),
                    Some(slug),
                    "{id} moved or its event was renamed when later articles arrived (cut {cut})"
                );
            }
            // Every existing event keeps its URL and all of its members.
            for ev in &before_site.events {
                let kept = full.events.iter().find(|e| e.slug == ev.slug).expect("event URL disappeared");
                for &m in &ev.members {
                    assert!(kept.members.iter().any(|&k| full.articles[k].id == before_site.articles[m].id));
                }
            }
        }
    }
}
