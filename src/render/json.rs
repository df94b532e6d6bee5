//! `events.json`: the machine-readable site, for tools and scripts that read a build.

use crate::site::{EventIx, Site};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct JsonEvent<'a> {
    id: &'a str,
    slug: &'a str,
    title: &'a str,
    url: String,
    first_date: Option<String>,
    last_date: Option<String>,
    outlets: Vec<&'a str>,
    articles: Vec<&'a str>,
    near_duplicates: Vec<JsonCopy<'a>>,
    /// Slugs whose URLs redirect to this event.
    aliases: &'a [String],
    /// The outlets of its earliest dated articles, A to Z (several when their dates tie).
    first_reported_by: Vec<&'a str>,
    /// How many of its articles are not a copy of another ("same text as").
    original_articles: usize,
    /// Its coverage mix on each axis the site uses: value → outlets (articles, for `kind`),
    /// with `unknown` for those without a value.
    coverage: BTreeMap<&'a str, BTreeMap<&'a str, usize>>,
    /// The axes on which only one value covered it.
    blindspots: Vec<JsonBlindspot<'a>>,
}

#[derive(Serialize)]
struct JsonBlindspot<'a> {
    axis: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct JsonCopy<'a> {
    article: &'a str,
    same_text_as: &'a str,
}

/// Event `e`'s coverage mix per axis, for `events.json`.
fn coverage(site: &Site, e: EventIx) -> BTreeMap<&str, BTreeMap<&str, usize>> {
    let c = &site.context;
    c.axes
        .iter()
        .zip(&c.mixes[e.index()])
        .map(|(axis, m)| {
            let mut values: BTreeMap<&str, usize> = m.values.iter().map(|(v, n)| (v.as_str(), *n)).collect();
            if m.unknown > 0 {
                values.insert(crate::config::UNKNOWN, m.unknown);
            }
            (axis.key(), values)
        })
        .collect()
}

/// The machine-readable site: every event with its articles, each article exactly once.
pub fn events_json(site: &Site) -> Vec<u8> {
    let events: Vec<JsonEvent> = EventIx::all(site.events.len())
        .zip(&site.events)
        .map(|(e, ev)| JsonEvent {
            id: &ev.slug,
            slug: &ev.slug,
            title: &site.articles[ev.headline].title,
            url: site.event_url(e),
            first_date: ev.first.map(|d| d.iso()),
            last_date: ev.last.map(|d| d.iso()),
            outlets: ev.outlets.iter().map(|&(o, _)| site.outlets[o].name.as_str()).collect(),
            articles: ev.members.iter().map(|&m| site.articles[m].id.as_str()).collect(),
            near_duplicates: ev
                .members
                .iter()
                .filter_map(|&m| {
                    site.copy_of[m]
                        .map(|o| JsonCopy { article: &site.articles[m].id, same_text_as: &site.articles[o].id })
                })
                .collect(),
            aliases: &ev.aliases,
            first_reported_by: site.first_reported_by(e).into_iter().map(|o| site.outlets[o].name.as_str()).collect(),
            original_articles: site.original_count(e),
            coverage: coverage(site, e),
            blindspots: site.context.blindspots[e.index()]
                .iter()
                .map(|(k, v)| JsonBlindspot { axis: site.context.axes[*k].key(), value: v })
                .collect(),
        })
        .collect();
    #[derive(Serialize)]
    struct Doc<'a> {
        events: Vec<JsonEvent<'a>>,
    }
    let json = serde_json::to_string_pretty(&Doc { events }).unwrap_or_default();
    // `<` only occurs inside strings; escaping it keeps the file safe to inline into a page.
    let mut out = json.replace('<', "\\u003c").into_bytes();
    out.push(b'\n');
    out
}
