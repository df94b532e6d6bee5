//! Page keys: a hash of everything a page is made from, so a build renders only the pages whose
//! inputs changed (see [`super::memo`]).
//!
//! Hashing a page's finished template context costs as much as rendering it (measured: the
//! context is most of the work), so a key is made from the site model instead, bottom up:
//! - an article's key hashes its card (every field a template sees of it) and its file's bytes
//!   (its body, its figures);
//! - an event's card key hashes its card; its *members* key adds its members' keys in order
//!   (what its feed and its articles' pages show of it); its *deep* key adds what only its own
//!   pages show: its related events (with their members: the figures table quotes them), its
//!   neighbours in the index (their cards), its coverage mix and blindspots;
//! - a page's key hashes the [`global`] key (the binary, the templates, the settings, the
//!   site-wide template values) with the keys of what that page lists.
//!
//! Pages that list the whole site (sitemap, `events.json`, the site feed, the archive, months,
//! blindspots, the outlet list) and the few fixed ones have no key: they are always rendered.
//! A key says too much rather than too little: a page whose key changed without a visible change
//! is rendered and compared as before, so an over-wide key costs time, never correctness.

use super::page::Page;
use super::paging::{self, CARD_ARTICLES};
use super::views::{ArticleCard, EventCard, OutletCard};
use crate::site::{ArticleIx, EventIx, OutletIx, Site};
use rayon::prelude::*;
use serde::Serialize;

/// A page's key.
pub(crate) type Key = [u8; 16];

/// The keys of a site's articles and events, from which [`Keys::page`] makes a page's.
pub(crate) struct Keys {
    global: Key,
    article: Vec<Key>,
    event: Vec<Key>,
    members: Vec<Key>,
    deep: Vec<Key>,
}

/// A hasher fed serialised values and plain numbers.
struct H(blake3::Hasher);

impl H {
    fn new(kind: &str) -> H {
        let mut h = blake3::Hasher::new();
        h.update(kind.as_bytes());
        h.update(&[0]);
        H(h)
    }

    /// Adds a view as JSON: each field named and each string delimited, so two different views
    /// never give the same bytes (and a skipped field, or a list of unknown length, is fine).
    fn view(&mut self, v: &impl Serialize) -> &mut H {
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUF.with_borrow_mut(|buf| {
            buf.clear();
            serde_json::to_writer(&mut *buf, v).expect("views serialise to JSON: string keys, no failing field");
            self.num(buf.len() as u64);
            self.0.update(buf);
        });
        self
    }

    fn key(&mut self, k: &Key) -> &mut H {
        self.0.update(k);
        self
    }

    fn num(&mut self, n: u64) -> &mut H {
        self.0.update(&n.to_le_bytes());
        self
    }

    fn text(&mut self, s: &str) -> &mut H {
        self.num(s.len() as u64);
        self.0.update(s.as_bytes());
        self
    }

    fn done(&self) -> Key {
        let mut k = [0; 16];
        k.copy_from_slice(&self.0.finalize().as_bytes()[..16]);
        k
    }
}

/// What every page depends on: the binary, the templates (`templates`, the digest of their
/// sources), every setting (with command-line overrides) and the `site` value templates see.
pub(crate) fn global(site: &Site, templates: &blake3::Hash) -> Key {
    let mut h = H::new("global");
    h.text(crate::cache::fingerprint()).0.update(templates.as_bytes());
    h.text(&format!("{:?}", site.config)).text(&site.base_path);
    h.view(&super::site_view(site));
    h.done()
}

impl Keys {
    /// Every article's and event's keys, in parallel.
    pub(crate) fn new(site: &Site, global: Key) -> Keys {
        let article: Vec<Key> = (0..site.articles.len())
            .into_par_iter()
            .with_max_len(crate::parallel::PAR_LEAF)
            .map(|i| {
                let a = ArticleIx::new(i);
                H::new("article").view(&ArticleCard::new(site, a)).text(&site.articles[a].hash).done()
            })
            .collect();
        let event: Vec<Key> = (0..site.events.len())
            .into_par_iter()
            .with_max_len(crate::parallel::PAR_LEAF)
            .map(|e| H::new("event").view(&EventCard::new(site, EventIx::new(e))).done())
            .collect();
        let members: Vec<Key> = (0..site.events.len())
            .into_par_iter()
            .with_max_len(crate::parallel::PAR_LEAF)
            .map(|e| members(site, &article, &event, EventIx::new(e)))
            .collect();
        let deep = (0..site.events.len())
            .into_par_iter()
            .with_max_len(crate::parallel::PAR_LEAF)
            .map(|e| deep(site, &members, &event, EventIx::new(e)))
            .collect();
        Keys { global, article, event, members, deep }
    }

    /// The key of `page`, or `None` for a page rendered every time.
    pub(crate) fn page(&self, site: &Site, page: Page) -> Option<Key> {
        let mut h = H::new("page");
        h.key(&self.global);
        match page {
            Page::Index(n) => {
                let per = site.config.events_per_page;
                h.text("index").num(n as u64).num(site.events.len() as u64);
                h.num(site.articles.len() as u64).num(site.outlets.len() as u64);
                h.view(&super::archive::month_links(site));
                for e in ((n - 1) * per..(n * per).min(site.events.len())).map(EventIx::new) {
                    h.key(&self.event[e]);
                    let ev = &site.events[e];
                    let story = ev.members.iter().filter(|&&m| m != ev.headline).take(CARD_ARTICLES);
                    for &m in story {
                        h.key(&self.article[m]);
                    }
                }
            }
            Page::Event(e, n) => {
                h.text("event").num(n as u64).key(&self.deep[e]);
            }
            Page::EventFeed(e) => {
                h.text("event feed").key(&self.members[e]);
            }
            Page::Article(a) => {
                h.text("article").key(&self.article[a]).key(&self.members[site.event_of[a]]);
            }
            Page::Outlet(o, n) => {
                self.outlet(site, o, &mut h);
                h.text("outlet").num(n as u64);
                for &a in paging::slice(&site.outlets[o].articles, n, paging::PER_PAGE) {
                    h.key(&self.article[a]).key(&self.event[site.event_of[a]]);
                }
            }
            Page::OutletFeed(o) => {
                self.outlet(site, o, &mut h);
                h.text("outlet feed");
                for &a in &site.outlets[o].articles {
                    h.key(&self.article[a]);
                }
            }
            _ => return None,
        }
        Some(h.done())
    }

    /// What every page of outlet `o` shows of the outlet itself.
    fn outlet(&self, site: &Site, o: OutletIx, h: &mut H) {
        let out = &site.outlets[o];
        h.view(&OutletCard::new(site, o)).text(&format!("{:?} {:?}", out.first, out.last));
        h.num(out.articles.len() as u64);
        let exclusives = out.events.iter().filter(|&&e| site.events[e].outlets.len() == 1).count();
        h.num(exclusives as u64);
    }
}

/// Event `e`'s members key: its card and its members' keys in order, what its feed and its
/// articles' pages show of it (the other coverage, the previous and next article).
fn members(site: &Site, article: &[Key], event: &[Key], e: EventIx) -> Key {
    let ev = &site.events[e];
    let mut h = H::new("members");
    // Positions, never article numbers: those shift when an article with an earlier name comes or goes.
    let headline = ev.members.iter().position(|&m| m == ev.headline).unwrap_or(usize::MAX);
    h.key(&event[e.index()]).num(headline as u64).num(ev.members.len() as u64);
    for &m in &ev.members {
        h.key(&article[m.index()]);
    }
    h.done()
}

/// Event `e`'s deep key: its members key, and what only its own pages add: its related events
/// (with their members, whose figures its figures table quotes), its neighbours in the index (an
/// event page links the newer and the older, by their cards), its coverage mix and blindspots.
fn deep(site: &Site, members: &[Key], event: &[Key], e: EventIx) -> Key {
    let mut h = H::new("deep");
    h.key(&members[e.index()]);
    h.num(site.related[e].len() as u64);
    for &(r, s) in &site.related[e] {
        // Members too: the figures table quotes the related events' articles.
        h.key(&members[r.index()]).text(&super::pages::similarity(s));
    }
    for n in [e.index().checked_sub(1), Some(e.index() + 1)] {
        match n.and_then(|n| event.get(n)) {
            Some(k) => h.key(k),
            None => h.num(0),
        };
    }
    h.text(&format!("{:?} {:?}", site.context.mixes[e.index()], site.context.blindspots[e.index()]));
    h.done()
}
