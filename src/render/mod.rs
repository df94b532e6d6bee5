//! Render: Tera templates turn the site model into pages, in parallel.

mod archive;
mod cards;
mod context;
mod feeds;
mod figures;
mod json;
pub(crate) mod keys;
pub(crate) mod memo;
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
pub(crate) use templates::{Templates, load_templates, template_diag};
use tera::{Context, Tera};

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    base_path: String,
    language: &'a str,
    search: bool,
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

/// The `site` value every template sees. It holds no count of articles or events, which every
/// new article changes: a value here is part of every page's key (see [`keys`]), and the index
/// page, the one that shows the counts, has them as `totals`.
fn site_view(site: &Site) -> SiteView<'_> {
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: site.config.base_url_slash(),
        base_path: site.base_path.clone(),
        language: &site.config.language,
        search: site.config.search,
        uses_axes: !site.context.axes.is_empty(),
    }
}

/// Prepares the shared part of every template context once.
pub(crate) fn prepare(site: &Site, templates: &mut Templates) {
    templates.tera.global_context().insert("site", &site_view(site));
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

/// Where rendered pages go: the staged output folder, or the preview server's folder.
pub(crate) struct Sink<'a> {
    /// Takes a rendered page.
    pub write: &'a (dyn Fn(&OutPath, &[u8]) -> std::io::Result<()> + Sync),
    /// Keeps the page the output folder already has at a path, unrendered; `false` if it cannot.
    pub keep: &'a (dyn Fn(&OutPath) -> bool + Sync),
}

/// What [`render_all`] did.
pub(crate) struct Rendered {
    /// Pages the site has.
    pub pages: usize,
    /// Pages rendered (the rest were kept, their keys unchanged).
    pub rendered: usize,
    /// The key of every page that has one, with the hash of its bytes, for the next build's
    /// [`memo::Memo`].
    pub keys: Vec<(OutPath, keys::Key, memo::Digest)>,
}

/// Renders every page in parallel, handing each to `sink`, except pages whose key `memo` says is
/// unchanged, which the sink keeps; collects every template error.
pub(crate) fn render_all(
    site: &Site,
    templates: &Templates,
    sink: &Sink,
    memo: &memo::Memo,
) -> Result<Rendered, Error> {
    let tera = &templates.tera;
    let problems = Mutex::new(Vec::new());
    let io_error = Mutex::new(None);
    let t = std::time::Instant::now();
    let page_keys = keys::Keys::new(site, keys::global(site, &templates.digest));
    crate::timing::note("render-keys", t);
    // Site-wide pages (the sitemap and `events.json` list everything; an outlet page, all its
    // articles) go first: started last, one of them would leave a core idle at the end.
    let mut all = pages(site);
    all.sort_by_key(|p| {
        !matches!(p, Page::Sitemap | Page::EventsJson | Page::Feed | Page::Outlet(..) | Page::OutletFeed(_))
    });
    let cards = Cards::new(site);
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let keyed: Vec<(OutPath, keys::Key, memo::Digest)> = all
        .par_iter()
        .with_max_len(crate::parallel::PAR_LEAF)
        .filter_map(|&p| {
            let path = match page_path(site, p) {
                Ok(path) => path,
                Err(e) => {
                    io_error.lock().expect("no panics while locked").get_or_insert(e);
                    return None;
                }
            };
            let key = page_keys.page(site, p);
            if let Some(k) = key
                && let Some(d) = memo.unchanged(&path, &k)
                && (sink.keep)(&path)
            {
                return Some((path, k, d));
            }
            let mut digest = None;
            rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            PAGE.with_borrow_mut(|buf| {
                match render_page(site, &cards, tera, p, buf) {
                    Ok(()) => {
                        let bytes = if page::is_xml(p) {
                            crate::sanitize::xml(buf)
                        } else {
                            std::borrow::Cow::Borrowed(&buf[..])
                        };
                        digest = key.map(|_| memo::digest(&bytes));
                        if let Err(source) = (sink.write)(&path, &bytes) {
                            let e = Error::Io { doing: "write", path: path.as_str().into(), source };
                            io_error.lock().expect("no panics while locked").get_or_insert(e);
                        }
                    }
                    Err(d) => problems.lock().expect("no panics while locked").push(d),
                }
                if buf.capacity() > KEPT_BUFFER {
                    *buf = Vec::new();
                }
            });
            key.zip(digest).map(|(k, d)| (path, k, d))
        })
        .collect();
    cards.free();
    if let Some(e) = io_error.into_inner().expect("no panics while locked") {
        return Err(e);
    }
    let problems = problems.into_inner().expect("no panics while locked");
    if !problems.is_empty() {
        return Err(problems.into());
    }
    Ok(Rendered { pages: all.len(), rendered: rendered.into_inner(), keys: keyed })
}
