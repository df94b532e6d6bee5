//! The pages a site has, and the one place that decides where each is written.

use super::paging;
use crate::diag::{Diagnostic, Error};
use crate::output::{OutPath, Rule};
use crate::site::{ArticleIx, EventIx, OutletIx, Site};

/// What filling a page's context gives: the template, the page title and its root-relative URL.
pub(super) type Filled = Result<(&'static str, String, String), Diagnostic>;

/// Every page the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    /// Index page number (1-based).
    Index(usize),
    /// Page `n` (from 1) of an event's page.
    Event(EventIx, usize),
    /// The outlets A to Z.
    Outlets,
    /// The archive's first page: every month.
    Archive,
    /// The events covered from one side of an axis only.
    Blindspots,
    /// One month of the archive (`None`: the undated events).
    Month(super::archive::Month),
    /// Page `n` (from 1) of an outlet's page.
    Outlet(OutletIx, usize),
    /// An article page.
    Article(ArticleIx),
    /// The search page.
    Search,
    /// The not-found page.
    NotFound,
    /// The site-wide Atom feed.
    Feed,
    /// An event's Atom feed.
    EventFeed(EventIx),
    /// An outlet's Atom feed.
    OutletFeed(OutletIx),
    /// The sitemap.
    Sitemap,
    /// `events.json`, the machine-readable site.
    EventsJson,
    /// Event `.0`'s alias number `.1`: a redirect to the event from a URL it once had.
    Alias(EventIx, usize),
}

/// Lists the pages of `site`, in a fixed order.
pub(crate) fn pages(site: &Site) -> Vec<Page> {
    let per = site.config.events_per_page;
    let index_pages = site.events.len().div_ceil(per).max(1);
    let mut p: Vec<Page> = (1..=index_pages).map(Page::Index).collect();
    for e in EventIx::all(site.events.len()) {
        p.extend((1..=paging::event_pages(site, e)).map(|n| Page::Event(e, n)));
        p.push(Page::EventFeed(e));
        p.extend((0..site.events[e].aliases.len()).map(|k| Page::Alias(e, k)));
    }
    p.push(Page::Outlets);
    p.push(Page::Archive);
    p.push(Page::Blindspots);
    p.extend(super::archive::months(site).into_iter().map(|(m, _)| Page::Month(m)));
    for o in OutletIx::all(site.outlets.len()) {
        p.extend((1..=paging::outlet_pages(site, o)).map(|n| Page::Outlet(o, n)));
        p.push(Page::OutletFeed(o));
    }
    p.extend(ArticleIx::all(site.articles.len()).map(Page::Article));
    p.extend([Page::Search, Page::NotFound, Page::Feed, Page::Sitemap, Page::EventsJson]);
    p
}

/// Where a page is written, relative to the output folder. Every segment goes through
/// [`OutPath`]'s check, so no slug, id or pin can place a page anywhere else (slugs and ids are
/// validated when loaded too: this is the last line, not the only one).
pub(crate) fn page_path(site: &Site, page: Page) -> Result<OutPath, Error> {
    let n;
    let segs: Vec<&str> = match page {
        Page::Index(1) => vec!["index.html"],
        Page::Index(k) => {
            n = k.to_string();
            vec!["page", &n, "index.html"]
        }
        Page::Event(e, 1) => vec!["events", &site.events[e].slug, "index.html"],
        Page::Event(e, k) => {
            n = k.to_string();
            vec!["events", &site.events[e].slug, "page", &n, "index.html"]
        }
        Page::Outlets => vec!["outlets", "index.html"],
        Page::Archive => vec!["archive", "index.html"],
        Page::Blindspots => vec!["blindspots", "index.html"],
        Page::Month(Some((y, m))) => {
            n = format!("{y:04}/{m:02}");
            let (year, month) = n.split_at(4);
            vec!["archive", year, &month[1..], "index.html"]
        }
        Page::Month(None) => vec!["archive", "undated", "index.html"],
        Page::Outlet(o, 1) => vec!["outlets", &site.outlets[o].slug, "index.html"],
        Page::Outlet(o, k) => {
            n = k.to_string();
            vec!["outlets", &site.outlets[o].slug, "page", &n, "index.html"]
        }
        Page::Article(a) => {
            let mut v = vec!["articles"];
            v.extend(site.articles[a].id.split('/'));
            v.push("index.html");
            v
        }
        Page::Search => vec!["search", "index.html"],
        Page::NotFound => vec!["404.html"],
        Page::Feed => vec!["feed.xml"],
        Page::EventFeed(e) => vec!["events", &site.events[e].slug, "feed.xml"],
        Page::OutletFeed(o) => vec!["outlets", &site.outlets[o].slug, "feed.xml"],
        Page::Sitemap => vec!["sitemap.xml"],
        Page::EventsJson => vec!["events.json"],
        Page::Alias(e, k) => vec!["events", &site.events[e].aliases[k], "index.html"],
    };
    OutPath::join(&segs, Rule::Page).map_err(|why| Error::OutputPath { what: "a page", why })
}

/// Whether a page is an XML document, whose text must hold only what XML 1.0 allows.
pub(super) fn is_xml(page: Page) -> bool {
    matches!(page, Page::Feed | Page::EventFeed(_) | Page::OutletFeed(_) | Page::Sitemap)
}

/// URL of index page `n`.
pub(crate) fn index_url(site: &Site, n: usize) -> String {
    if n == 1 { site.base_path.clone() } else { format!("{}page/{n}/", site.base_path) }
}
