//! Render: Tera templates turn the site model into pages, in parallel.

mod archive;
mod cards;
mod context;
mod feeds;
mod figures;
mod json;
mod page;
mod pages;
pub(crate) mod paging;
mod redirect;
mod templates;
pub(crate) mod views;

use crate::diag::{Diagnostic, Error};
use crate::output::OutPath;
use crate::site::Site;
use cards::Cards;
pub use json::events_json;
pub(crate) use page::{Page, page_path, pages};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Mutex;
pub(crate) use templates::{load_templates, template_diag};
use tera::{Context, Tera};

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    base_path: String,
    language: &'a str,
    search: bool,
    article_count: usize,
    event_count: usize,
    outlet_count: usize,
    /// Whether any outlet carries context (a country, a kind, an axis of the site's own): only
    /// then does the nav link the blindspots page.
    uses_axes: bool,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    url: String,
    permalink: String,
}

/// Prepares the shared part of every template context once.
pub(crate) fn prepare(site: &Site, tera: &mut Tera) {
    let view = SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: site.config.base_url_slash(),
        base_path: site.base_path.clone(),
        language: &site.config.language,
        search: site.config.search,
        article_count: site.articles.len(),
        event_count: site.events.len(),
        outlet_count: site.outlets.len(),
        uses_axes: !site.context.axes.is_empty(),
    };
    tera.global_context().insert("site", &view);
}

/// Renders one page into `out`, replacing what it held.
fn render_page(site: &Site, cards: &Cards, tera: &Tera, page: Page, out: &mut Vec<u8>) -> Result<(), Diagnostic> {
    let mut ctx = Context::new();
    let filled = match page {
        Page::EventsJson => {
            *out = events_json(site);
            return Ok(());
        }
        Page::Alias(e, _) => {
            *out = redirect::page(site, e);
            return Ok(());
        }
        Page::Index(n) => pages::index(site, cards, n, &mut ctx),
        Page::Event(e, n) => pages::event(site, cards, e, n, &mut ctx),
        Page::Outlets => pages::outlets(site, &mut ctx),
        Page::Archive => pages::archive(site, &mut ctx),
        Page::Blindspots => context::blindspots(site, cards, &mut ctx),
        Page::Month(m) => pages::month(site, cards, m, &mut ctx),
        Page::Outlet(o, n) => pages::outlet(site, cards, o, n, &mut ctx),
        Page::Article(a) => pages::article(site, cards, a, &mut ctx),
        Page::Search => pages::search(site),
        Page::NotFound => pages::not_found(site),
        Page::Feed => feeds::site_feed(site, cards, &mut ctx),
        Page::EventFeed(e) => feeds::event_feed(site, cards, e, &mut ctx),
        Page::OutletFeed(o) => feeds::outlet_feed(site, cards, o, &mut ctx),
        Page::Sitemap => feeds::sitemap(site, &mut ctx),
    };
    let (template, title, url) = filled?;
    out.clear();
    ctx.insert("page", &PageMeta { title, permalink: site.absolute(&url), url });
    tera.render_to(template, &ctx, &mut *out).map_err(|e| template_diag(&e, Some(template)))
}

/// Largest page buffer a rendering thread keeps between pages: the site-wide pages of a large
/// archive run to megabytes, and are rendered once.
const KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    /// Each rendering thread's page buffer, reused from page to page: a fresh buffer for every
    /// page was allocated and grown by copying, and rendering to a `String` checked it was UTF-8.
    static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Renders every page in parallel, handing each to `sink`; collects every template error.
pub(crate) fn render_all(
    site: &Site,
    tera: &Tera,
    sink: &(dyn Fn(&OutPath, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<usize, Error> {
    let problems = Mutex::new(Vec::new());
    let io_error = Mutex::new(None);
    // Site-wide pages (the sitemap and `events.json` list everything; an outlet page, all its
    // articles) go first: started last, one of them would leave a core idle at the end.
    let mut all = pages(site);
    all.sort_by_key(|p| {
        !matches!(p, Page::Sitemap | Page::EventsJson | Page::Feed | Page::Outlet(..) | Page::OutletFeed(_))
    });
    let cards = Cards::build(site);
    all.par_iter().with_max_len(crate::parallel::PAR_LEAF).for_each(|&p| {
        PAGE.with_borrow_mut(|buf| {
            match render_page(site, &cards, tera, p, buf) {
                Ok(()) => {
                    let bytes =
                        if page::is_xml(p) { crate::sanitize::xml(buf) } else { std::borrow::Cow::Borrowed(&buf[..]) };
                    let written = page_path(site, p).and_then(|path| {
                        sink(&path, &bytes).map_err(|source| Error::Io {
                            doing: "write",
                            path: path.as_str().into(),
                            source,
                        })
                    });
                    if let Err(e) = written {
                        io_error.lock().expect("no panics while locked").get_or_insert(e);
                    }
                }
                Err(d) => problems.lock().expect("no panics while locked").push(d),
            }
            if buf.capacity() > KEPT_BUFFER {
                *buf = Vec::new();
            }
        })
    });
    cards.free();
    if let Some(e) = io_error.into_inner().expect("no panics while locked") {
        return Err(e);
    }
    let problems = problems.into_inner().expect("no panics while locked");
    if problems.is_empty() { Ok(all.len()) } else { Err(problems.into()) }
}
