//! Per-page template contexts: what each kind of page shows, built from borrowed views.

use super::archive;
use super::cards::{Cards, extend};
use super::page::{Filled, index_url};
use super::paging;
use super::views::{DateView, Link, OutletCard};
use crate::markdown;
use crate::site::{ArticleIx, EventIx, OutletIx, Site};
use serde::Serialize;
use tera::{Context, Value};

/// A day on the index (with the events last updated that day) or in an event's timeline (with
/// the articles published that day).
#[derive(Serialize)]
struct Day {
    /// `2025-03-31`, or empty for undated events.
    iso: String,
    /// `Monday 31 March 2025`, or "Undated".
    human: String,
    /// Event story cards, on the index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    events: Vec<Value>,
    /// Article cards, in a timeline.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    articles: Vec<Value>,
}

impl Day {
    /// The heading of the day `date` falls on, or "Undated".
    fn of(date: Option<crate::article::ArticleDate>) -> (String, String) {
        match date {
            Some(d) => (d.day().format("%Y-%m-%d").to_string(), d.day().format("%A %-d %B %Y").to_string()),
            None => (String::new(), "Undated".to_string()),
        }
    }
}

/// Groups `items` under day headings, in their order: consecutive items of one day share one.
fn by_day<T: Copy>(
    items: impl Iterator<Item = T>,
    date: impl Fn(T) -> Option<crate::article::ArticleDate>,
    card: impl Fn(T) -> Value,
    events: bool,
) -> Vec<Day> {
    let mut days: Vec<Day> = Vec::new();
    for item in items {
        let (iso, human) = Day::of(date(item));
        if days.last().is_none_or(|d| d.iso != iso) {
            days.push(Day { iso, human, events: Vec::new(), articles: Vec::new() });
        }
        let day = days.last_mut().expect("pushed above");
        if events { day.events.push(card(item)) } else { day.articles.push(card(item)) }
    }
    days
}

/// How many articles, events and outlets the site has, as the index shows them. Only the index
/// has them: were they in `site`, every page would change with every new article.
#[derive(Serialize)]
struct Totals {
    articles: usize,
    events: usize,
    outlets: usize,
}

/// Months the index links to directly; the archive's first page lists them all.
const RECENT_MONTHS: usize = 12;

/// Index page `n` (from 1): the events, newest first, under day headings.
pub(super) fn index(site: &Site, cards: &Cards, n: usize, ctx: &mut Context) -> Filled {
    let per = site.config.events_per_page;
    let count = site.events.len().div_ceil(per).max(1);
    let range = ((n - 1) * per)..(n * per).min(site.events.len());
    let days = by_day(range.map(EventIx::new), |e| site.events[e].last, |e| cards.story(site, e), true);
    ctx.insert("days", &days);
    let mut months = archive::month_links(site);
    months.truncate(RECENT_MONTHS);
    ctx.insert("recent_months", &months);
    ctx.insert("pagination", &paging::Pagination::new(&site.base_path, n, count));
    ctx.insert(
        "totals",
        &Totals { articles: site.articles.len(), events: site.events.len(), outlets: site.outlets.len() },
    );
    let title = if n == 1 { site.config.title.clone() } else { format!("{} — page {n}", site.config.title) };
    Ok(("index.html", title, index_url(site, n)))
}

/// Page `n` (from 1) of event `e`: its lead, timeline, figures and related events.
pub(super) fn event(site: &Site, cards: &Cards, e: EventIx, n: usize, ctx: &mut Context) -> Filled {
    let ev = &site.events[e];
    let url = site.event_url(e);
    let count = paging::event_pages(site, e);
    let title = site.articles[ev.headline].title.clone();
    ctx.insert_value("lead", cards.article(ev.headline));
    // The lead article heads the page; the timeline lists the rest, day by day.
    let (timeline, undated): (Vec<ArticleIx>, Vec<ArticleIx>) = paging::slice(&ev.members, n, paging::PER_PAGE)
        .iter()
        .filter(|&&m| m != ev.headline)
        .partition(|&&m| site.articles[m].date.is_some());
    let days = by_day(timeline.iter().copied(), |m| site.articles[m].date, |m| cards.article(m), false);
    ctx.insert("timeline", &days);
    ctx.insert_value("undated", list(&undated, |m| cards.article(m)));
    // What sums up the whole event is on its first page only, so no page repeats it.
    let related: Vec<Value> = if n > 1 {
        Vec::new()
    } else {
        site.related[e].iter().map(|&(r, s)| extend(&cards.event(r), [("similarity", similarity(s).into())])).collect()
    };
    ctx.insert("related", &related);
    let figures = if n > 1 { Vec::new() } else { super::figures::groups(site, e) };
    ctx.insert("figures", &figures);
    super::context::event(site, e, ctx);
    ctx.insert("first_page", &(n == 1));
    ctx.insert("pagination", &paging::Pagination::new(&url, n, count));
    // Index order is newest first: the previous page is the newer event.
    let newer = e.index().checked_sub(1).map(EventIx::new);
    let older = Some(e.index() + 1).filter(|&p| p < site.events.len()).map(EventIx::new);
    ctx.insert("newer", &newer.map(|p| event_link(site, p)));
    ctx.insert("older", &older.map(|p| event_link(site, p)));
    ctx.insert("feed_url", &format!("{url}feed.xml"));
    ctx.insert_value("event", cards.event(e));
    Ok(("event.html", if n == 1 { title } else { format!("{title} — page {n}") }, paging::numbered(&url, n)))
}

/// The outlets A to Z.
pub(super) fn outlets(site: &Site, ctx: &mut Context) -> Filled {
    let base = &site.base_path;
    let outlets: Vec<_> = OutletIx::all(site.outlets.len()).map(|o| OutletCard::new(site, o)).collect();
    ctx.insert("outlets", &outlets);
    Ok(("outlets.html", "Outlets".to_string(), format!("{base}outlets/")))
}

/// One event on an outlet's page, with that outlet's own articles about it.
#[derive(Serialize)]
struct Covered {
    /// The event's card.
    event: Value,
    /// The outlet's articles in it (on this page), newest first: their dates are the outlet's,
    /// not the event's last update.
    articles: Vec<Value>,
}

/// Page `n` (from 1) of outlet `o`: its articles, newest first, each under the event it covered,
/// so every article and every event is listed once.
pub(super) fn outlet(site: &Site, cards: &Cards, o: OutletIx, n: usize, ctx: &mut Context) -> Filled {
    let out = &site.outlets[o];
    let url = site.outlet_url(o);
    ctx.insert("outlet", &OutletCard::new(site, o));
    ctx.insert("first", &DateView::of(out.first));
    ctx.insert("last", &DateView::of(out.last));
    let mut coverage: Vec<(EventIx, Covered)> = Vec::new();
    for &a in paging::slice(&out.articles, n, paging::PER_PAGE) {
        let e = site.event_of[a];
        match coverage.iter_mut().find(|(x, _)| *x == e) {
            Some((_, c)) => c.articles.push(cards.article(a)),
            None => coverage.push((e, Covered { event: cards.event(e), articles: vec![cards.article(a)] })),
        }
    }
    ctx.insert("coverage", &coverage.into_iter().map(|(_, c)| c).collect::<Vec<_>>());
    let exclusives = out.events.iter().filter(|&&e| site.events[e].outlets.len() == 1).count();
    ctx.insert("exclusive_count", &exclusives);
    ctx.insert("first_page", &(n == 1));
    ctx.insert("pagination", &paging::Pagination::new(&url, n, paging::outlet_pages(site, o)));
    ctx.insert("feed_url", &format!("{url}feed.xml"));
    let title = if n == 1 { out.name.clone() } else { format!("{} — page {n}", out.name) };
    Ok(("outlet.html", title, paging::numbered(&url, n)))
}

/// Article `a`'s page: its text, and the rest of its event's coverage.
pub(super) fn article(site: &Site, cards: &Cards, a: ArticleIx, ctx: &mut Context) -> Filled {
    let art = &site.articles[a];
    let body = art.read_body(&site.root, site.config.max_article_bytes)?;
    ctx.insert_value("article", cards.article(a));
    ctx.insert("body", &markdown::to_safe_html(&body));
    let e = site.event_of[a];
    ctx.insert_value("event", cards.event(e));
    let members = &site.events[e].members;
    let pos = members.iter().position(|&m| m == a).unwrap_or(0);
    let others = paging::nearby(members, pos, paging::OTHER_COVERAGE);
    ctx.insert_value("other_coverage", list(&others, |m| cards.article(m)));
    ctx.insert("other_count", &(members.len() - 1));
    let link = |m: ArticleIx| Link { title: &site.articles[m].title, url: site.article_url(m) };
    ctx.insert("prev", &pos.checked_sub(1).map(|p| link(members[p])));
    ctx.insert("next", &members.get(pos + 1).map(|&m| link(m)));
    Ok(("article.html", art.title.clone(), site.article_url(a)))
}

/// A related event's similarity as its page shows it, "40%". Page keys hash this, not the
/// number: every edit moves every similarity a little, and most moves do not show.
pub(super) fn similarity(s: f32) -> String {
    format!("{:.0}%", s * 100.0)
}

/// The archive's first page: every month with its number of events.
pub(super) fn archive(site: &Site, ctx: &mut Context) -> Filled {
    ctx.insert("months", &archive::month_links(site));
    Ok(("archive.html", "Archive".to_string(), format!("{}archive/", site.base_path)))
}

/// One month's page: its events, newest first, as compact cards (headline, counts, dates).
pub(super) fn month(site: &Site, cards: &Cards, m: archive::Month, ctx: &mut Context) -> Filled {
    let events: Vec<Value> =
        EventIx::all(site.events.len()).filter(|&e| archive::month_of(site, e) == m).map(|e| cards.event(e)).collect();
    let all = archive::months(site);
    let at = all.iter().position(|(x, _)| *x == m);
    // Neighbours in the archive's own order: the newer month before, the older after.
    let link = |k: usize| {
        all.get(k).map(|&(x, n)| archive::MonthLink {
            name: archive::month_name(x),
            url: archive::month_url(site, x),
            events: n,
        })
    };
    ctx.insert("newer", &at.and_then(|k| k.checked_sub(1)).and_then(link));
    ctx.insert("older", &at.and_then(|k| link(k + 1)));
    ctx.insert_value("events", Value::from(events));
    ctx.insert("month", &archive::month_name(m));
    Ok(("month.html", archive::month_name(m), archive::month_url(site, m)))
}

/// The search page (its results come from the search index, in the browser).
pub(super) fn search(site: &Site) -> Filled {
    Ok(("search.html", "Search".to_string(), format!("{}search/", site.base_path)))
}

/// The not-found page.
pub(super) fn not_found(site: &Site) -> Filled {
    Ok(("404.html", "Page not found".to_string(), format!("{}404.html", site.base_path)))
}

/// A template list of the cards of `items`.
fn list<T: Copy>(items: &[T], card: impl Fn(T) -> Value) -> Value {
    Value::from(items.iter().map(|&i| card(i)).collect::<Vec<Value>>())
}

fn event_link(site: &Site, e: EventIx) -> Link<'_> {
    Link { title: &site.articles[site.events[e].headline].title, url: site.event_url(e) }
}
