//! Machine-readable pages: Atom feeds (site, event, outlet) and the sitemap.

use super::cards::Cards;
use super::page::{Filled, Page, index_url, pages};
use crate::site::{ArticleIx, EventIx, OutletIx, Site};
use serde::Serialize;
use tera::{Context, Value};

#[derive(Serialize)]
struct FeedMeta {
    title: String,
    /// The page the feed belongs to (absolute).
    alternate: String,
    /// The feed's own address (absolute); also its id, which never changes.
    id: String,
    /// The newest entry's time; fixed for a fixed input, so builds stay byte-identical.
    updated: String,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

/// The site-wide feed: the newest articles of every event.
pub(super) fn site_feed(site: &Site, cards: &Cards, ctx: &mut Context) -> Filled {
    let base = &site.base_path;
    let all = ArticleIx::all(site.articles.len());
    atom(site, cards, all, site.config.title.clone(), base.clone(), format!("{base}feed.xml"), ctx)
}

/// Event `e`'s feed.
pub(super) fn event_feed(site: &Site, cards: &Cards, e: EventIx, ctx: &mut Context) -> Filled {
    let url = site.event_url(e);
    let title = format!("{}: {}", site.config.title, site.articles[site.events[e].headline].title);
    let feed = format!("{url}feed.xml");
    atom(site, cards, site.events[e].members.iter().copied(), title, url, feed, ctx)
}

/// Outlet `o`'s feed.
pub(super) fn outlet_feed(site: &Site, cards: &Cards, o: OutletIx, ctx: &mut Context) -> Filled {
    let url = site.outlet_url(o);
    let title = format!("{}: {}", site.config.title, site.outlets[o].name);
    let feed = format!("{url}feed.xml");
    atom(site, cards, site.outlets[o].articles.iter().copied(), title, url, feed, ctx)
}

/// The sitemap: every page a reader can land on, with when it last changed.
pub(super) fn sitemap(site: &Site, ctx: &mut Context) -> Filled {
    let base = &site.base_path;
    let mut urls: Vec<SitemapUrl> = Vec::new();
    for p in pages(site) {
        let (loc, lastmod) = match p {
            Page::Index(n) => (index_url(site, n), None),
            Page::Event(e, n) => {
                (super::paging::numbered(&site.event_url(e), n), site.events[e].last.map(|d| d.rfc3339()))
            }
            Page::Outlets => (format!("{base}outlets/"), None),
            Page::Archive => (format!("{base}archive/"), None),
            Page::Blindspots => (format!("{base}blindspots/"), None),
            Page::Month(m) => (super::archive::month_url(site, m), None),
            Page::Outlet(o, n) => {
                (super::paging::numbered(&site.outlet_url(o), n), site.outlets[o].last.map(|d| d.rfc3339()))
            }
            Page::Article(a) => (site.article_url(a), site.articles[a].date.map(|d| d.rfc3339())),
            _ => continue,
        };
        urls.push(SitemapUrl { loc: site.absolute(&loc), lastmod });
    }
    ctx.insert("urls", &urls);
    Ok(("sitemap.xml", String::new(), format!("{base}sitemap.xml")))
}

/// Fills `ctx` for an Atom feed of `articles`, titled `title`, that belongs to the page at
/// `page_url` and is itself at `feed_url`.
fn atom(
    site: &Site,
    cards: &Cards,
    articles: impl Iterator<Item = ArticleIx>,
    title: String,
    page_url: String,
    feed_url: String,
    ctx: &mut Context,
) -> Filled {
    // Atom entries need a time: undated articles cannot be entries.
    let mut idx: Vec<ArticleIx> = articles.filter(|&i| site.articles[i].date.is_some()).collect();
    idx.sort_by(|&x, &y| crate::site::newest_first(&site.articles[x], &site.articles[y]));
    idx.truncate(site.config.feed_limit);
    // Each entry is the article's card; its `link`, the absolute page URL, is also the entry's id.
    let entries: Vec<Value> = idx.iter().map(|&i| cards.article(i)).collect();
    let updated = idx
        .first()
        .and_then(|&i| site.articles[i].date)
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    ctx.insert(
        "feed",
        &FeedMeta { title: title.clone(), alternate: site.absolute(&page_url), id: site.absolute(&feed_url), updated },
    );
    ctx.insert_value("entries", Value::from(entries));
    Ok(("feed.xml", title, feed_url))
}
