//! What the index holds: one record per event, outlet and article, each a pure function of the
//! site, so that a shard's records hash to the same cache key whenever they would index the same.
//!
//! What a record holds, so that a search finds what the pages say:
//! - an article: its body as plain text (bounded, see [`MAX_BODY_BYTES`]) as the searched and
//!   quoted content, its headline and outlet as metadata (searched too, shown above the excerpt,
//!   and so never repeated in it);
//! - an event: its members' leads as content, and as metadata the names (people, places,
//!   organisations) and figures its articles state and its other headlines, so a name said only
//!   deep in an article ("CECOT") finds the event;
//! - an outlet: its description (its name, if it has none).
//!
//! Every record carries a `kind` filter (`event`, `outlet`, `article`): the search page asks for
//! each kind in turn, so events always come before their own articles.

use crate::article;
use crate::diag::Error;
use crate::site::{ArticleIx, EventIx, OutletIx, Site};
use crate::text;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Most bytes of an article's plain-text body that are indexed: a whole news story (about 1,600
/// words), while a hostile or pasted-in book cannot grow the index (or the fragment a browser
/// loads for one result) without bound.
pub(crate) const MAX_BODY_BYTES: usize = 10_000;

/// Most bytes of an event's content (its members' leads), so a 200-article event stays one small
/// fragment.
pub(crate) const MAX_EVENT_TEXT_BYTES: usize = 4_000;

/// Most names kept per event, the ones the most of its articles state first.
pub(crate) const MAX_NAMES: usize = 48;

/// Most distinct figures kept per event.
pub(crate) const MAX_FIGURES: usize = 32;

/// Most bytes of an event's other headlines kept as searchable metadata.
pub(crate) const MAX_HEADLINES_BYTES: usize = 4_000;

/// What a record is a page of; its name is the record's `kind` filter, and the search page lists
/// the kinds in this order (static/search.js names them too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// An event page: listed first, before its own articles.
    Event,
    /// An outlet page.
    Outlet,
    /// An article page.
    Article,
}

impl Kind {
    /// The `kind` filter value, as the search page asks for it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Outlet => "outlet",
            Kind::Article => "article",
        }
    }
}

/// One search record: a page, the text searched and quoted, and its metadata.
#[derive(Debug)]
pub(crate) struct Record {
    /// The page's URL.
    pub url: String,
    /// Searched text, from which Pagefind cuts the excerpt shown under a result.
    pub content: String,
    /// Metadata: `title`, `detail` and `date` are shown; every field is searched.
    pub meta: BTreeMap<String, String>,
    /// What it is a page of, as a Pagefind filter, so the search page can rank kinds.
    pub kind: Kind,
}

/// What one article gives the index: its bounded body text and the names it states.
struct ArticleText {
    /// Plain-text body, at most [`MAX_BODY_BYTES`], Pagefind's markers defused.
    body: String,
    /// Names (lower case, as [`text::entities`] gives them), each once, in order of appearance.
    names: Vec<String>,
}

/// Re-reads and reduces the bodies of `articles` (in parallel, in the order given).
fn article_texts(site: &Site, articles: &[ArticleIx]) -> Result<Vec<ArticleText>, Error> {
    articles
        .par_iter()
        .map(|&i| {
            let a = &site.articles[i];
            let markdown = a.read_body(&site.root, site.config.max_article_bytes).map_err(|d| Error::Input(vec![d]))?;
            let plain = article::body_text(&markdown, &a.title).text;
            let body = bounded(&plain, MAX_BODY_BYTES);
            let mut names: Vec<String> = Vec::new();
            for e in text::entities(&format!("{}.\n{body}", a.title)) {
                if let Some(name) = e.strip_prefix('@')
                    && !names.iter().any(|n| n == name)
                {
                    names.push(name.to_string());
                }
            }
            Ok(ArticleText { body: defuse(body.to_string()), names })
        })
        .collect()
}

/// Metadata from (key, value) pairs, leaving out the empty values.
fn meta(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// An event's record; `text` gives the reduced body of any of its members.
fn event_record<'a>(site: &Site, e: EventIx, text: impl Fn(ArticleIx) -> &'a ArticleText) -> Record {
    let ev = &site.events[e];
    let title = &site.articles[ev.headline].title;
    let outlets: Vec<&str> = ev.outlets.iter().map(|&(o, _)| site.outlets[o].name.as_str()).collect();
    let detail = format!("Event · {} articles · {}", ev.members.len(), outlets.join(", "));
    let date = ev.last.map(|d| d.human()).unwrap_or_default();
    let mut leads = String::new();
    let mut headlines = String::new();
    for &m in &ev.members {
        push_bounded(&mut leads, &site.articles[m].lead, MAX_EVENT_TEXT_BYTES);
        if m != ev.headline {
            push_bounded(&mut headlines, &site.articles[m].title, MAX_HEADLINES_BYTES);
        }
    }
    let names = event_names(ev.members.iter().map(|&m| &text(m).names)).join(", ");
    let figures = event_figures(site, &ev.members).join(", ");
    Record {
        url: site.event_url(e),
        content: defuse(leads),
        meta: meta(&[
            ("title", title),
            ("detail", &detail),
            ("date", &date),
            ("names", &names),
            ("figures", &figures),
            ("headlines", &headlines),
        ]),
        kind: Kind::Event,
    }
}

/// An outlet's record: its description.
fn outlet_record(site: &Site, o: OutletIx) -> Record {
    let outlet = &site.outlets[o];
    let detail = format!("Outlet · {} articles", outlet.articles.len());
    // Pagefind leaves out a record with no text, and the root bundle, which the search page loads
    // first, must hold a record whenever the site has any: an outlet without a description is
    // indexed under its name (the search page shows no excerpt that only repeats the title).
    let desc = outlet.meta.description.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(&outlet.name);
    Record {
        url: site.outlet_url(o),
        content: defuse(bounded(desc, MAX_EVENT_TEXT_BYTES).to_string()),
        meta: meta(&[("title", &outlet.name), ("detail", &detail)]),
        kind: Kind::Outlet,
    }
}

/// An article's record, from its reduced body.
fn article_record(site: &Site, i: ArticleIx, t: &ArticleText) -> Record {
    let a = &site.articles[i];
    let detail = format!("Article · {}", a.outlet);
    let date = a.date.map(|d| d.human()).unwrap_or_default();
    // A headline-only article still has its lead (the headline) to show.
    let content = if t.body.trim().is_empty() { defuse(a.lead.clone()) } else { t.body.clone() };
    Record {
        url: site.article_url(i),
        content,
        meta: meta(&[("title", &a.title), ("detail", &detail), ("date", &date)]),
        kind: Kind::Article,
    }
}

/// The records of some events, outlets and articles, in that order (events, then outlets, then
/// articles, each in the order given). Reads the bodies of the articles and of the events'
/// members (each once), and nothing else.
pub(crate) fn records_of(
    site: &Site,
    events: &[EventIx],
    outlets: &[OutletIx],
    articles: &[ArticleIx],
) -> Result<Vec<Record>, Error> {
    let mut read: Vec<ArticleIx> = events.iter().flat_map(|&e| site.events[e].members.iter().copied()).collect();
    read.extend_from_slice(articles);
    read.sort_unstable();
    read.dedup();
    let texts = article_texts(site, &read)?;
    let text = |a: ArticleIx| &texts[read.binary_search(&a).expect("every article read")];
    let mut out = Vec::with_capacity(events.len() + outlets.len() + articles.len());
    out.extend(events.iter().map(|&e| event_record(site, e, text)));
    out.extend(outlets.iter().map(|&o| outlet_record(site, o)));
    out.extend(articles.iter().map(|&i| article_record(site, i, text(i))));
    Ok(out)
}

/// A hash of everything the records of these events, outlets and articles are made from, for
/// the cache key: for an article its URL, headline, outlet, date, lead and the hash of its file;
/// for an event its URL, size, outlets, dates, headline, figures and each member's headline,
/// lead and file hash; for an outlet its record itself (it reads no file). Every record is a
/// function of these (and of the code, which the cache key's fingerprint covers), so equal
/// hashes mean equal records, while an unchanged shard costs a hash of a few strings instead of
/// the text extraction that making its records takes.
pub(crate) fn inputs_hash(site: &Site, events: &[EventIx], outlets: &[OutletIx], articles: &[ArticleIx]) -> String {
    // The hash of the whole file, taken when it was loaded, stands for its body: no body is
    // read again to find out that its shard is unchanged.
    // An article made without loading a file has no hash: its shard then matches no cache entry.
    let unhashed = format!("unhashed-{}", std::process::id());
    let body = |a: ArticleIx| Some(site.articles[a].hash.as_str()).filter(|h| !h.is_empty()).unwrap_or(&unhashed);
    let date = |d: Option<crate::article::ArticleDate>| d.map(|d| d.human()).unwrap_or_default();
    let mut parts: Vec<String> = vec!["records-v1".into()];
    for &e in events {
        let ev = &site.events[e];
        let outlets: Vec<&str> = ev.outlets.iter().map(|&(o, _)| site.outlets[o].name.as_str()).collect();
        parts.extend([
            "event".into(),
            site.event_url(e),
            ev.members.len().to_string(),
            outlets.join("\n"),
            date(ev.last),
            event_figures(site, &ev.members).join("\n"),
        ]);
        for &m in &ev.members {
            let a = &site.articles[m];
            parts.extend([(m == ev.headline).to_string(), a.title.clone(), a.lead.clone(), body(m).to_string()]);
        }
    }
    for &o in outlets {
        let r = outlet_record(site, o);
        parts.extend(["outlet".into(), r.url, r.content]);
        parts.extend(r.meta.into_iter().flat_map(|(k, v)| [k, v]));
    }
    for &i in articles {
        let a = &site.articles[i];
        parts.extend([
            "article".into(),
            site.article_url(i),
            a.title.clone(),
            a.outlet.clone(),
            date(a.date),
            a.lead.clone(),
        ]);
        parts.push(body(i).to_string());
    }
    let bytes: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
    crate::cache::hash(&bytes)
}

/// One record per event, outlet and article, in that order.
#[cfg(test)]
pub(crate) fn records(site: &Site) -> Result<Vec<Record>, Error> {
    let events: Vec<EventIx> = EventIx::all(site.events.len()).collect();
    let outlets: Vec<OutletIx> = OutletIx::all(site.outlets.len()).collect();
    let articles: Vec<ArticleIx> = ArticleIx::all(site.articles.len()).collect();
    records_of(site, &events, &outlets, &articles)
}

/// An event's names: those stated by the most of its articles first, ties in order of first
/// mention, at most [`MAX_NAMES`].
fn event_names<'a>(per_article: impl Iterator<Item = &'a Vec<String>>) -> Vec<&'a str> {
    let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
    for names in per_article {
        for n in names {
            let next = seen.len();
            seen.entry(n.as_str()).or_insert((0, next)).0 += 1;
        }
    }
    let mut names: Vec<(&str, (usize, usize))> = seen.into_iter().collect();
    names.sort_by_key(|&(_, (count, first))| (std::cmp::Reverse(count), first));
    names.into_iter().take(MAX_NAMES).map(|(n, _)| n).collect()
}

/// An event's figures as its articles state them ("up to 14,000 inmates"), each once, in member
/// order, at most [`MAX_FIGURES`].
fn event_figures(site: &Site, members: &[ArticleIx]) -> Vec<String> {
    let Some(stated) = &site.figures else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    for f in members.iter().flat_map(|&m| &stated[m]) {
        let shown = format!("{} {}", f.text, f.counted);
        if !out.contains(&shown) {
            out.push(shown);
            if out.len() == MAX_FIGURES {
                break;
            }
        }
    }
    out
}

/// The longest prefix of `s` of at most `max` bytes that ends at a word boundary (or at a
/// character boundary, for one long word).
fn bounded(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    match s[..end].rfind(char::is_whitespace) {
        Some(space) if space > 0 => s[..space].trim_end(),
        _ => &s[..end],
    }
}

/// Appends `piece` to `out` as a sentence of its own, unless that would take `out` past `max` bytes.
fn push_bounded(out: &mut String, piece: &str, max: usize) {
    let piece = piece.trim();
    if piece.is_empty() || out.len() + piece.len() + 2 > max {
        return;
    }
    if !out.is_empty() {
        out.push_str(if out.ends_with(['.', '!', '?', '"', '”', '\'', '’']) { " " } else { ". " });
    }
    out.push_str(piece);
}

/// Article text with Pagefind's in-band markers defused: Pagefind reads a word starting
/// `___PAGEFIND_` (or `___END_PAGEFIND_`) in a record's content as an instruction (a ranking
/// weight, an anchor), and an article must not be able to give itself one. Runs of three or more
/// underscores become two, which no marker starts with.
fn defuse(text: String) -> String {
    if !text.contains("___") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if c == '_' {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
