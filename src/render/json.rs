//! `events.json`: the machine-readable site, for tools and scripts that read a build.

use crate::site::{EventIx, Site};
use serde::Serialize;

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
}

#[derive(Serialize)]
struct JsonCopy<'a> {
    article: &'a str,
    same_text_as: &'a str,
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
