//! Borrowed views of the site model, shaped for templates.
//!
//! Views borrow strings from the model instead of cloning it; only URLs and
//! formatted dates are computed, once per view.

use crate::article::ArticleDate;
use crate::config::OutletMeta;
use crate::site::{ArticleIx, EventIx, OutletIx, Site};
use serde::Serialize;

/// A date in every form templates need.
#[derive(Serialize)]
pub(crate) struct DateView {
    /// `2025-03-27` or `2025-04-01T01:01Z`: the source's precision, for `<time datetime>`.
    pub iso: String,
    /// `27 March 2025`.
    pub human: String,
    /// Full RFC 3339, for feeds.
    pub rfc3339: String,
    /// `2025-03-27`, for grouping by day.
    pub day: String,
}

impl DateView {
    /// Formats an optional date.
    pub(crate) fn of(d: Option<ArticleDate>) -> Option<DateView> {
        d.map(|d| DateView {
            iso: d.iso(),
            human: d.human(),
            rfc3339: d.rfc3339(),
            day: d.day().format("%Y-%m-%d").to_string(),
        })
    }
}

/// A titled link: a neighbouring page, or the related event a figure comes from.
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    /// The page's headline.
    pub title: &'a str,
    /// Its root-relative URL.
    pub url: String,
}

/// A link to an outlet, with a count when it matters.
#[derive(Serialize)]
pub(crate) struct OutletRef<'a> {
    /// Display name.
    pub name: &'a str,
    /// Page URL.
    pub url: String,
    /// Articles in the context (event or site).
    pub count: usize,
    /// `count` as a percentage of the largest count in the same list, for bar charts.
    pub share: usize,
}

/// An article as listed on event, outlet and index pages.
#[derive(Serialize)]
pub(crate) struct ArticleCard<'a> {
    /// Article id (path under articles/).
    pub id: &'a str,
    /// Headline.
    pub title: &'a str,
    /// Page URL.
    pub url: String,
    /// Absolute page URL, for feeds (an Atom entry's link and id) and sharing.
    pub link: String,
    /// Original address.
    pub source_url: Option<&'a str>,
    /// Outlet name.
    pub outlet: &'a str,
    /// Outlet page URL.
    pub outlet_url: String,
    /// Publication date, if known.
    pub date: Option<DateView>,
    /// Authors.
    pub authors: &'a [String],
    /// Lead paragraph, plain text.
    pub lead: &'a str,
    /// Curator's summary.
    pub summary: Option<&'a str>,
    /// Article language.
    pub lang: Option<&'a str>,
    /// Tags.
    pub tags: &'a [String],
    /// Free data from the front matter.
    pub extra: &'a serde_json::Value,
    /// The earlier article this one is a copy of (same wire text), if any.
    pub same_text_as: Option<CopyRef<'a>>,
    /// What kind of piece it is: its own `kind`, else its outlet's (see `site.toml`).
    pub kind: Option<&'a str>,
    /// The label pages put before its headline when that kind is not plain reporting
    /// ("Opinion", "Wire", "Press release"), so a reader never takes an op-ed for news.
    pub label: Option<&'static str>,
}

/// A link to the article another one copies.
#[derive(Serialize)]
pub(crate) struct CopyRef<'a> {
    /// Its headline.
    pub title: &'a str,
    /// Its outlet.
    pub outlet: &'a str,
    /// Its page.
    pub url: String,
}

/// An event as shown on the index and its own page; where pages list its articles too, they
/// add them as `articles` (see `render::cards`).
#[derive(Serialize)]
pub(crate) struct EventCard<'a> {
    /// URL slug.
    pub slug: &'a str,
    /// Headline of its most central article: the one that says best what all its articles report.
    pub title: &'a str,
    /// The outlet that wrote that headline, so pages can attribute it ("Headline from A News").
    pub headline_outlet: &'a str,
    /// That outlet's page.
    pub headline_outlet_url: String,
    /// The label of the headline's article ("Opinion"; see [`ArticleCard::label`]).
    pub headline_label: Option<&'static str>,
    /// The lead paragraph of the headline's article, for a story card's one-line lead.
    pub lead: &'a str,
    /// Page URL.
    pub url: String,
    /// First dated article.
    pub first: Option<DateView>,
    /// Last dated article.
    pub last: Option<DateView>,
    /// Number of articles.
    pub article_count: usize,
    /// Outlets covering it, most articles first (then A to Z), with counts.
    pub outlets: Vec<OutletRef<'a>>,
    /// Whether the outlets ran different numbers of articles: only then do bars say anything.
    pub counts_differ: bool,
    /// How many outlets besides any one of them covered it, for outlet pages ("also covered by 3").
    pub other_outlets: usize,
}

/// An outlet with its site.toml metadata.
#[derive(Serialize)]
pub(crate) struct OutletCard<'a> {
    /// Display name.
    pub name: &'a str,
    /// Page URL.
    pub url: String,
    /// Metadata from site.toml.
    pub meta: &'a OutletMeta,
    /// Article count.
    pub article_count: usize,
    /// Event count.
    pub event_count: usize,
}

/// The label of a kind of piece that is not plain reporting: opinion, wire copy and press
/// releases are labelled; news, aggregators' pieces and pieces of unknown kind are not.
pub(crate) fn label(kind: Option<&str>) -> Option<&'static str> {
    match kind? {
        "opinion" => Some("Opinion"),
        "wire" => Some("Wire"),
        "press release" => Some("Press release"),
        _ => None,
    }
}

impl<'a> ArticleCard<'a> {
    /// Card of article `a`.
    pub(crate) fn new(site: &'a Site, a: ArticleIx) -> ArticleCard<'a> {
        let art = &site.articles[a];
        let url = site.article_url(a);
        ArticleCard {
            id: &art.id,
            title: &art.title,
            link: site.absolute(&url),
            url,
            source_url: art.url.as_deref(),
            outlet: &art.outlet,
            outlet_url: site.outlet_url(site.outlet_of[a]),
            date: DateView::of(art.date),
            authors: &art.authors,
            lead: &art.lead,
            summary: art.summary.as_deref(),
            lang: art.lang.as_deref(),
            tags: &art.tags,
            extra: &art.extra,
            same_text_as: site.copy_of[a].map(|o| CopyRef {
                title: &site.articles[o].title,
                outlet: &site.articles[o].outlet,
                url: site.article_url(o),
            }),
            kind: site.kind_of(a),
            label: label(site.kind_of(a)),
        }
    }
}

impl<'a> EventCard<'a> {
    /// Card of event `e`.
    pub(crate) fn new(site: &'a Site, e: EventIx) -> EventCard<'a> {
        let ev = &site.events[e];
        let headline = &site.articles[ev.headline];
        let mut by_count = ev.outlets.clone();
        // Stable: equal counts keep the outlets' A to Z order.
        by_count.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
        EventCard {
            slug: &ev.slug,
            title: &headline.title,
            headline_outlet: &headline.outlet,
            headline_outlet_url: site.outlet_url(site.outlet_of[ev.headline]),
            headline_label: label(site.kind_of(ev.headline)),
            lead: &headline.lead,
            url: site.event_url(e),
            first: DateView::of(ev.first),
            last: DateView::of(ev.last),
            article_count: ev.members.len(),
            other_outlets: ev.outlets.len().saturating_sub(1),
            counts_differ: by_count.first().map(|p| p.1) != by_count.last().map(|p| p.1),
            outlets: {
                let max = by_count.first().map_or(1, |p| p.1);
                by_count
                    .iter()
                    .map(|&(o, count)| OutletRef { share: count * 100 / max, ..OutletRef::new(site, o, count) })
                    .collect()
            },
        }
    }
}

impl<'a> OutletRef<'a> {
    /// Link to outlet `o`, which has `count` articles in the context.
    pub(crate) fn new(site: &'a Site, o: OutletIx, count: usize) -> OutletRef<'a> {
        let name = &site.outlets[o].name;
        OutletRef { name, url: site.outlet_url(o), count, share: 100 }
    }
}

impl<'a> OutletCard<'a> {
    /// Card of outlet `o`.
    pub(crate) fn new(site: &'a Site, o: OutletIx) -> OutletCard<'a> {
        let out = &site.outlets[o];
        OutletCard {
            name: &out.name,
            url: site.outlet_url(o),
            meta: &out.meta,
            article_count: out.articles.len(),
            event_count: out.events.len(),
        }
    }
}
