//! Per-page template contexts: what each kind of page shows, built from borrowed views.

use super::cards::{Cards, extend};
use super::page::{Filled, index_url};
use super::paging;
use super::views::{DateView, Link, OutletCard};
use crate::markdown;
use crate::site::{ArticleIx, EventIx, OutletIx, Site};
use serde::Serialize;
use tera::{Context, Value};

/// A day on the index, with the events last updated that day.
#[derive(Serialize)]
struct Day {
    /// `2025-03-31`, or empty for undated events.
    iso: String,
    /// `31 March 2025`, or "Undated".
    human: String,
    /// Event cards with their articles.
    events: Vec<Value>,
}

/// Index page `n` (from 1): the events, newest first, under day headings.
pub(super) fn index(site: &Site, cards: &Cards, n: usize, ctx: &mut Context) -> Filled {
    let per = site.config.events_per_page;
    let count = site.events.len().div_ceil(per).max(1);
    let range = ((n - 1) * per)..(n * per).min(site.events.len());
    let mut days: Vec<Day> = Vec::new();
    for e in range.map(EventIx::new) {
        let card = cards.event_with_articles(site, e);
        let (iso, human) = match site.events[e].last {
            Some(d) => (d.day().format("%Y-%m-%d").to_string(), d.day().format("%A %-d %B %Y").to_string()),
            None => (String::new(), "Undated".to_string()),
        };
        match days.last_mut() {
            Some(day) if day.iso == iso => day.events.push(card),
            _ => days.push(Day { iso, human, events: vec![card] }),
        }
    }
    ctx.insert("days", &days);
    ctx.insert("pagination", &paging::Pagination::new(&site.base_path, n, count));
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
    let (timeline, undated): (Vec<ArticleIx>, Vec<ArticleIx>) =
        paging::slice(&ev.members, n, paging::PER_PAGE).iter().partition(|&&m| site.articles[m].date.is_some());
    ctx.insert_value("timeline", list(&timeline, |m| cards.article(m)));
    ctx.insert_value("undated", list(&undated, |m| cards.article(m)));
    // What sums up the whole event is on its first page only, so no page repeats it.
    let related: Vec<Value> = if n > 1 {
        Vec::new()
    } else {
        site.related[e]
            .iter()
            .map(|&(r, s)| extend(&cards.event(r), [("similarity", format!("{:.0}%", s * 100.0).into())]))
            .collect()
    };
    ctx.insert("related", &related);
    let figures = if n > 1 { Vec::new() } else { super::figures::groups(site, e) };
    ctx.insert("figures", &figures);
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

/// Page `n` (from 1) of outlet `o`: its articles, its events, and what only it covered.
pub(super) fn outlet(site: &Site, cards: &Cards, o: OutletIx, n: usize, ctx: &mut Context) -> Filled {
    let out = &site.outlets[o];
    let url = site.outlet_url(o);
    ctx.insert("outlet", &OutletCard::new(site, o));
    ctx.insert("first", &DateView::of(out.first));
    ctx.insert("last", &DateView::of(out.last));
    let per = paging::PER_PAGE;
    ctx.insert_value("articles", list(paging::slice(&out.articles, n, per), |a| cards.article(a)));
    let exclusives: Vec<EventIx> = out.events.iter().copied().filter(|&e| site.events[e].outlets.len() == 1).collect();
    ctx.insert("exclusive_count", &exclusives.len());
    let shown = if n == 1 { &exclusives[..exclusives.len().min(per)] } else { &[][..] };
    ctx.insert_value("exclusives", list(shown, |e| cards.event(e)));
    ctx.insert_value("events", list(paging::slice(&out.events, n, per), |e| cards.event(e)));
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
