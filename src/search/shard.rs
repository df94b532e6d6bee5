//! Which shard each search record belongs to.
//!
//! Articles are laid out in publication order, dated ones by (date, id), then undated ones by id
//! in a sequence of their own, and each sequence is cut into shards where content decides: after
//! every article whose id hashes to 0 modulo the target size (so a shard holds `target` articles
//! on average), and after `2 × target` articles at most. A cut depends only on the article it
//! follows, never on how many came before it, so:
//! - an article dated after all others joins the newest shard (or, when its own id cuts, still
//!   ends the newest shard): no older shard changes;
//! - an older article inserted (or edited, or removed) changes only the shard it is in, unless a
//!   shard was cut at the hard cap (about one shard in seven), whose later
//!   neighbours shift until the next content-defined cut.
//!
//! An event's record lives in the shard of its latest article (its latest dated one, if it has
//! any): adding an article to an event moves its record into the newest shard, so the shards a
//! new article touches are the newest one and, at most, the one its event's record leaves —
//! usually a recent one too, as news events are short-lived.
//!
//! A shard is named after the article that ends the shard before it (or `0` for the first), so
//! a name stays the same while articles are added inside the shard, and the names are the same
//! on every machine for the same articles.

use crate::cache;
use crate::site::{ArticleIx, EventIx, Site};
use std::cmp::Ordering;

// The default target of articles per shard (`search_shard_articles`, 500, in `config.rs`) is
// measured with the bench corpus (synthetic articles of about 5.7 KB): Pagefind needs about
// 120–180 KB of memory per record while it indexes a shard (an article, and an event for one
// in five), so one shard of 2,000 articles on average took the 10,000-article build to 1.2 GiB
// with two shards building at once, and 500 keeps it at 398 MiB; at 100,000 articles the
// index then adds little to what loading the site already peaks at (861 MiB in all). Smaller
// shards cost the browser one more small request per shard and query: 100,000 articles make
// about 225 shards.

/// A shard holds at most this many times the target of articles: a bound on memory, at the cost
/// of a cut that depends on a count in about one shard in seven (e^-2), which an insertion
/// before it shifts until the next content-defined cut.
pub(crate) const CAP_FACTOR: usize = 2;

/// One shard of the search index: the records it holds, by what they are records of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shard {
    /// The shard's folder name under `pagefind/`: `d-…` for dated articles, `u-…` for undated.
    pub name: String,
    /// Its articles, in publication order.
    pub articles: Vec<ArticleIx>,
    /// Its events (those whose latest article is among `articles`), in URL order.
    pub events: Vec<EventIx>,
}

/// Where an article sorts: undated after dated, then by time, then by id.
fn order(site: &Site, a: ArticleIx, b: ArticleIx) -> Ordering {
    let (x, y) = (&site.articles[a], &site.articles[b]);
    let key = |d: Option<crate::article::ArticleDate>| (d.is_none(), d.map(|d| d.timestamp()));
    key(x.date).cmp(&key(y.date)).then_with(|| x.id.cmp(&y.id))
}

/// A short, stable hash of an article id, for cuts and names.
fn id_hash(id: &str) -> u64 {
    let h = cache::hash(&[b"search-shard", id.as_bytes()]);
    u64::from_str_radix(&h[..16], 16).expect("hex digest")
}

/// The shards of a site, dated ones from oldest to newest, then undated ones, with `target`
/// articles per shard on average (at least 1).
pub(crate) fn plan(site: &Site, target: usize) -> Vec<Shard> {
    let target = target.max(1);
    let mut sorted: Vec<ArticleIx> = ArticleIx::all(site.articles.len()).collect();
    sorted.sort_by(|&a, &b| order(site, a, b));
    let mut shards: Vec<Shard> = Vec::new();
    let mut shard_of = vec![0usize; site.articles.len()];
    let mut current: Vec<ArticleIx> = Vec::new();
    let mut name = String::new();
    let mut dated_run = true;
    let close = |shards: &mut Vec<Shard>, current: &mut Vec<ArticleIx>, name: &str| {
        if !current.is_empty() {
            shards.push(Shard { name: name.to_string(), articles: std::mem::take(current), events: Vec::new() });
        }
    };
    for (n, &a) in sorted.iter().enumerate() {
        let dated = site.articles[a].date.is_some();
        if n == 0 || dated != dated_run {
            close(&mut shards, &mut current, &name);
            dated_run = dated;
            name = format!("{}-0", if dated { 'd' } else { 'u' });
        }
        shard_of[a.index()] = shards.len();
        current.push(a);
        let id = &site.articles[a].id;
        let h = id_hash(id);
        if h.is_multiple_of(target as u64) || current.len() >= target * CAP_FACTOR {
            close(&mut shards, &mut current, &name);
            name = format!("{}-{:012x}", if dated { 'd' } else { 'u' }, h >> 16);
        }
    }
    close(&mut shards, &mut current, &name);
    for (e, ev) in EventIx::all(site.events.len()).zip(&site.events) {
        let dated = |i: ArticleIx| site.articles[i].date.is_some();
        let latest =
            ev.members.iter().copied().max_by(|&a, &b| dated(a).cmp(&dated(b)).then_with(|| order(site, a, b)));
        if let Some(latest) = latest {
            shards[shard_of[latest.index()]].events.push(e);
        }
    }
    // Two cuts whose ids share 48 bits of hash would name two shards alike: the later gets a suffix.
    let mut seen = std::collections::HashSet::new();
    for s in &mut shards {
        let base = s.name.clone();
        let mut k = 1;
        while !seen.insert(s.name.clone()) {
            k += 1;
            s.name = format!("{base}-{k}");
        }
    }
    for s in &mut shards {
        s.events.sort_by_cached_key(|&e| site.event_url(e));
    }
    shards
}

#[cfg(test)]
mod tests;
