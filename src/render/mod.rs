//! Render: Tera templates turn the site model into pages, in parallel.

mod cards;
mod feeds;
mod figures;
mod pages;
pub mod paging;
mod redirect;
pub mod views;

use crate::diag::{BuildError, Diagnostic};
use crate::output::{OutPath, Rule};
use crate::site::Site;
use cards::Cards;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tera::{Context, ErrorKind, Tera};

/// Templates every site must have.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "event.html",
    "outlets.html",
    "outlet.html",
    "article.html",
    "search.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
];

/// Loads every file under `templates/`, reporting each syntax error with its template line.
pub fn load_templates(root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let dir = root.join("templates");
    let mut files: Vec<(String, String)> = Vec::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let name = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => files.push((name, text)),
            Err(e) => problems.push(Diagnostic::new(
                &Path::new("templates").join(&name),
                1,
                1,
                format!("cannot read template: {e}"),
                "",
            )),
        }
    }
    for req in REQUIRED {
        if !files.iter().any(|(n, _)| n == req) {
            problems.push(Diagnostic::new(
                &Path::new("templates").join(req),
                1,
                1,
                format!("missing template {req}"),
                "copy it from a new site made with `roundup init`",
            ));
        }
    }
    let mut tera = Tera::new();
    if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        // Parse each template alone so that every file's syntax errors are reported, not only the first.
        let mut found = false;
        for (n, t) in &files {
            let mut one = Tera::new();
            if let Err(e) = one.add_raw_template(n, t)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                problems.push(template_diag(&e, Some(n)));
                found = true;
            }
        }
        if !found {
            problems.push(template_diag(&e, None));
        }
    }
    if problems.is_empty() { Ok(tera) } else { Err(problems) }
}

/// Turns a Tera error into `templates/<name>:line:col: message`.
pub fn template_diag(e: &tera::Error, fallback: Option<&str>) -> Diagnostic {
    let (name, line, col, msg) = match e.kind() {
        ErrorKind::SyntaxError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            format!("template syntax error: {}", r.message()),
        ),
        ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            format!("template error: {}", r.message()),
        ),
        other => (fallback.unwrap_or("").to_string(), 1, 1, format!("template error: {other}")),
    };
    let name = if name.is_empty() { fallback.unwrap_or("?").to_string() } else { name };
    Diagnostic::new(&PathBuf::from("templates").join(name), line, col, msg, "see the template reference in the README")
}

/// Every page the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Index page number (1-based).
    Index(usize),
    /// Page `n` (from 1) of an event's page.
    Event(usize, usize),
    /// The outlets A to Z.
    Outlets,
    /// Page `n` (from 1) of an outlet's page.
    Outlet(usize, usize),
    /// An article page.
    Article(usize),
    /// The search page.
    Search,
    /// The not-found page.
    NotFound,
    /// The site-wide Atom feed.
    Feed,
    /// An event's Atom feed.
    EventFeed(usize),
    /// An outlet's Atom feed.
    OutletFeed(usize),
    /// The sitemap.
    Sitemap,
    /// `events.json`, the machine-readable site.
    EventsJson,
    /// Event `.0`'s alias number `.1`: a redirect to the event from a URL it once had.
    Alias(usize, usize),
}

/// Lists the pages of `site`, in a fixed order.
pub fn pages(site: &Site) -> Vec<Page> {
    let per = site.config.events_per_page;
    let index_pages = site.events.len().div_ceil(per).max(1);
    let mut p: Vec<Page> = (1..=index_pages).map(Page::Index).collect();
    for e in 0..site.events.len() {
        p.extend((1..=paging::event_pages(site, e)).map(|n| Page::Event(e, n)));
        p.push(Page::EventFeed(e));
        p.extend((0..site.events[e].aliases.len()).map(|k| Page::Alias(e, k)));
    }
    p.push(Page::Outlets);
    for o in 0..site.outlets.len() {
        p.extend((1..=paging::outlet_pages(site, o)).map(|n| Page::Outlet(o, n)));
        p.push(Page::OutletFeed(o));
    }
    p.extend((0..site.articles.len()).map(Page::Article));
    p.extend([Page::Search, Page::NotFound, Page::Feed, Page::Sitemap, Page::EventsJson]);
    p
}

/// Where a page is written, relative to the output folder. Every segment goes through
/// [`OutPath`]'s check, so no slug, id or pin can place a page anywhere else (slugs and ids are
/// validated when loaded too: this is the last line, not the only one).
pub fn page_path(site: &Site, page: Page) -> Result<OutPath, String> {
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
    OutPath::join(&segs, Rule::Page)
}

/// Whether a page is an XML document, whose text must hold only what XML 1.0 allows.
fn is_xml(page: Page) -> bool {
    matches!(page, Page::Feed | Page::EventFeed(_) | Page::OutletFeed(_) | Page::Sitemap)
}

/// URL of index page `n`.
pub(crate) fn index_url(site: &Site, n: usize) -> String {
    if n == 1 { site.base_path.clone() } else { format!("{}page/{n}/", site.base_path) }
}

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
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    url: String,
    permalink: String,
}

/// Prepares the shared part of every template context once.
pub fn prepare(site: &Site, tera: &mut Tera) {
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
    };
    tera.global_context().insert("site", &view);
}

/// Renders one page into `out`, replacing what it held.
fn render_page(site: &Site, cards: &Cards, tera: &Tera, page: Page, out: &mut Vec<u8>) -> Result<(), Diagnostic> {
    if page == Page::EventsJson {
        *out = events_json(site);
        return Ok(());
    }
    if let Page::Alias(e, _) = page {
        *out = redirect::page(site, e);
        return Ok(());
    }
    out.clear();
    let mut ctx = Context::new();
    let (template, title, url) = pages::context(site, cards, page, &mut ctx)?;
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
    let events: Vec<JsonEvent> = site
        .events
        .iter()
        .enumerate()
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

/// Renders every page in parallel, handing each to `sink`; collects every template error.
pub fn render_all(
    site: &Site,
    tera: &Tera,
    sink: &(dyn Fn(&OutPath, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<usize, BuildError> {
    let problems = Mutex::new(Vec::new());
    let io_error = Mutex::new(None);
    // Site-wide pages (the sitemap and `events.json` list everything; an outlet page, all its
    // articles) go first: started last, one of them would leave a core idle at the end.
    let mut all = pages(site);
    all.sort_by_key(|p| {
        !matches!(p, Page::Sitemap | Page::EventsJson | Page::Feed | Page::Outlet(..) | Page::OutletFeed(_))
    });
    let cards = Cards::build(site);
    all.par_iter().with_max_len(crate::PAR_LEAF).for_each(|&p| {
        PAGE.with_borrow_mut(|buf| {
            match render_page(site, &cards, tera, p, buf) {
                Ok(()) => {
                    let bytes =
                        if is_xml(p) { crate::sanitize::xml(buf) } else { std::borrow::Cow::Borrowed(&buf[..]) };
                    let written = page_path(site, p)
                        .map_err(|why| format!("refused to write a page at {why}"))
                        .and_then(|path| sink(&path, &bytes).map_err(|e| format!("cannot write {path}: {e}")));
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
        return Err(BuildError::Io(e));
    }
    let problems = problems.into_inner().expect("no panics while locked");
    if problems.is_empty() { Ok(all.len()) } else { Err(problems.into()) }
}
