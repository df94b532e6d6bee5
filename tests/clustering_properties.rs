//! Properties users rely on, checked over random splits and shuffles of a real labelled corpus
//! from `../shared/data` (so these are explicit targets: `cargo test -- --ignored`):
//! the same input gives the same events whatever the input order, and articles dated after all
//! existing ones never break an existing event URL: it stays an event page, or becomes a
//! redirect (its event merged into another, or its undated founder joined dated coverage) to an
//! event that still holds every dated article it held.

mod common;
use common::repo;
use roundup::Article;
use roundup::Config;
use roundup::Features;
use roundup::eval::{self, Strip};
use roundup::eval::{DEFAULT_CONFIG, load_records};
use roundup::{ArticleIx, EventIx, Site};
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

#[test]
#[ignore = "reads ../shared/data: run with `cargo test -- --ignored`"]
fn input_order_does_not_matter() {
    let (articles, features) = corpus(7);
    let (reference, _) = Site::assemble(Path::new("."), config(), articles.clone(), features.clone());
    let expected = roundup::events_json(&reference);
    let mut rng = Rng(0x5eed);
    for _ in 0..4 {
        let mut order: Vec<usize> = (0..articles.len()).collect();
        for k in (1..order.len()).rev() {
            order.swap(k, rng.below(k + 1));
        }
        let a: Vec<Article> = order.iter().map(|&k| articles[k].clone()).collect();
        let f: Vec<Features> = order.iter().map(|&k| features[k].clone()).collect();
        let (site, _) = Site::assemble(Path::new("."), config(), a, f);
        assert!(roundup::events_json(&site) == expected, "a shuffled input gave different events");
    }
}

/// Where each event URL of `site` leads: its own slug and each alias → the event's index.
fn resolver(site: &Site) -> BTreeMap<String, EventIx> {
    let mut urls = BTreeMap::new();
    for (e, ev) in EventIx::all(site.events.len()).zip(&site.events) {
        for slug in std::iter::once(&ev.slug).chain(&ev.aliases) {
            assert!(urls.insert(slug.clone(), e).is_none(), "{slug} names two pages");
        }
    }
    urls
}

#[test]
#[ignore = "reads ../shared/data: run with `cargo test -- --ignored`"]
fn later_articles_never_break_an_existing_url() {
    let (mut merged, mut redirected) = (0, 0);
    for undated_share in [0, 5] {
        let (articles, features) = corpus(undated_share);
        let (full, _) = Site::assemble(Path::new("."), config(), articles.clone(), features.clone());
        let after = resolver(&full);
        let id_of = |site: &Site, m: ArticleIx| site.articles[m].id.clone();
        let in_full = |e: EventIx, id: &str| full.events[e].members.iter().any(|&m| full.articles[m].id == id);
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
            let (before, _) = Site::assemble(Path::new("."), config(), a, f);
            assert!(before.articles.len() < full.articles.len());
            for ev in &before.events {
                // Every event URL, and every redirect, still leads somewhere.
                for slug in std::iter::once(&ev.slug).chain(&ev.aliases) {
                    let Some(&now) = after.get(slug) else { panic!("/events/{slug}/ disappeared (cut {cut})") };
                    redirected += usize::from(full.events[now].slug != *slug);
                }
                // An event's own URL leads to an event that still holds every dated article it
                // held: only undated articles are placed again when dated coverage arrives (and
                // a redirect from an undated article's own slug follows that article).
                let now = after[&ev.slug];
                for &m in ev.members.iter().filter(|&&m| before.articles[m].date.is_some()) {
                    let id = id_of(&before, m);
                    assert!(in_full(now, &id), "/events/{}/ no longer holds {id} (cut {cut})", ev.slug);
                }
                merged += usize::from(after.get(&ev.slug).is_some_and(|&e| full.events[e].slug != ev.slug));
            }
        }
    }
    // The corpus exercises both ways an URL can become a redirect, or the test proves little.
    assert!(merged > 0 && redirected > merged, "merged {merged}, redirected {redirected}");
}
