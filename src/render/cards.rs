//! Template values shared between pages, built once per build.
//!
//! An article's card is listed on its own page, its event's page, every sibling article's page,
//! its outlet's page and in feeds; an event's card on index, outlet and related-event pages.
//! Converting each card to a template value once, and sharing that reference-counted value,
//! keeps a page's cost proportional to what it adds, not to everything it lists.

use super::views::{ArticleCard, EventCard};
use crate::site::{ArticleIx, EventIx, Site};
use rayon::prelude::*;
use std::sync::OnceLock;
use tera::Value;

/// Every article's and event's card, as template values, each made the first time a page asks
/// for it: a build that renders only what changed needs few of them.
pub(super) struct Cards<'a> {
    site: &'a Site,
    article: Vec<OnceLock<Value>>,
    event: Vec<OnceLock<Value>>,
}

impl<'a> Cards<'a> {
    /// No card made yet.
    pub(super) fn new(site: &'a Site) -> Cards<'a> {
        let empty = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        Cards { site, article: empty(site.articles.len()), event: empty(site.events.len()) }
    }

    /// Frees every card, on every thread: they hold hundreds of thousands of small allocations,
    /// and freeing them one by one on one thread was a noticeable serial step ending each build.
    pub(super) fn free(self) {
        self.article.into_par_iter().chain(self.event).with_max_len(crate::parallel::PAR_LEAF * 16).for_each(drop);
    }

    /// Card of article `a` (a cheap, shared copy).
    pub(super) fn article(&self, a: ArticleIx) -> Value {
        self.article[a].get_or_init(|| Value::from_serializable(&ArticleCard::new(self.site, a))).clone()
    }

    /// Card of event `e`, without its article list.
    pub(super) fn event(&self, e: EventIx) -> Value {
        self.event[e].get_or_init(|| Value::from_serializable(&EventCard::new(self.site, e))).clone()
    }

    /// Story card of event `e`: its card with `articles`, the first other headlines in
    /// publication order (at most [`CARD_ARTICLES`](super::paging::CARD_ARTICLES); the event's
    /// own headline is its title already, so it is not repeated), and `more`, how many it leaves out.
    pub(super) fn story(&self, site: &Site, e: EventIx) -> Value {
        let ev = &site.events[e];
        let others = ev.members.iter().filter(|&&m| m != ev.headline);
        let articles: Vec<Value> = others.take(super::paging::CARD_ARTICLES).map(|&m| self.article(m)).collect();
        let more = ev.members.len() - 1 - articles.len();
        extend(&self.event(e), [("articles", Value::from(articles)), ("more", Value::from(more))])
    }
}

/// `card` with extra fields, for views that add to a shared card (an outlet page's event count,
/// a related event's similarity, a feed entry's link).
pub(super) fn extend<const N: usize>(card: &Value, extra: [(&'static str, Value); N]) -> Value {
    let mut map = card.as_map().cloned().unwrap_or_default();
    for (k, v) in extra {
        map.insert(k.into(), v);
    }
    Value::from(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extend_adds_fields_and_keeps_the_shared_card() {
        let card = Value::from_serializable(&serde_json::json!({"title": "T", "count": 2}));
        let more = extend(&card, [("similarity", Value::from("40%")), ("count", Value::from(3))]);
        let m = more.as_map().unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(more.get_from_path("similarity").unwrap().as_str(), Some("40%"));
        assert_eq!(more.get_from_path("count").unwrap().as_i128(), Some(3));
        assert_eq!(card.get_from_path("count").unwrap().as_i128(), Some(2), "the shared card is not changed");
    }

    #[test]
    fn templates_loop_over_maps_in_a_fixed_order() {
        // Users loop over front-matter `extra` data; output must not depend on hash order.
        let keys: Vec<String> = (0..40).map(|i| format!("k{:02}", (i * 7) % 40)).collect();
        let map: serde_json::Map<String, serde_json::Value> =
            keys.iter().map(|k| (k.clone(), serde_json::Value::Bool(true))).collect();
        let mut tera = tera::Tera::new();
        tera.add_raw_template("t", "{% for k, v in m %}{{ k }} {% endfor %}").unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("m", &map);
        let out = tera.render("t", &ctx).unwrap();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(out.split_whitespace().collect::<Vec<_>>(), sorted, "serde_json maps are sorted by key");
        let card = extend(&Value::from_serializable(&map), [("zz", Value::from(1)), ("aa", Value::from(2))]);
        let mut ctx = tera::Context::new();
        ctx.insert_value("m", card);
        let out = tera.render("t", &ctx).unwrap();
        assert!(out.ends_with("zz aa "), "added fields come last, in order: {out}");
    }
}
