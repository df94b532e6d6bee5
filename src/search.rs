//! Search: a Pagefind index over headlines, outlets and events, written with the site.
//!
//! Records are added directly (no HTML re-parsing), so indexing costs little per
//! article. Pagefind splits the index into chunks and fragments that the browser
//! loads on demand, so search stays light on a site of tens of thousands of pages.

use crate::diag::Error;
use crate::site::{ArticleIx, EventIx, OutletIx, Site};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;

/// Folder (under the output) that holds the search bundle.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// Pagefind's prebuilt user interfaces, which Roundup's search page does not use.
const UNUSED_UI: &[&str] = &["pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight."];

/// Builds the search bundle; returns (path relative to the output folder, bytes) pairs, sorted.
pub(crate) fn bundle(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let rt = tokio::runtime::Builder::new_current_thread().build().map_err(|e| Error::Search(e.into()))?;
    rt.block_on(async {
        let lang = site.config.language.clone();
        let options = PagefindServiceConfig::builder().force_language(lang.clone()).build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| Error::Search(e.into()))?;
        for (url, content, meta) in records(site) {
            index
                .add_custom_record(url, content, lang.clone(), Some(meta), None, None)
                .await
                .map_err(|e| Error::Search(e.into()))?;
        }
        let mut files: Vec<(String, Vec<u8>)> = index
            .get_files()
            .await
            .map_err(|e| Error::Search(e.into()))?
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            // Roundup has its own small search page; Pagefind's ready-made interfaces are not shipped.
            .filter(|(name, _)| !UNUSED_UI.iter().any(|u| name.starts_with(u)))
            .map(|(name, bytes)| (format!("{BUNDLE_DIR}/{name}"), bytes))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}

/// One record per event, outlet and article: URL, searchable text, and metadata shown in results.
fn records(site: &Site) -> Vec<(String, String, BTreeMap<String, String>)> {
    let meta = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>()
    };
    let mut out = Vec::with_capacity(site.events.len() + site.outlets.len() + site.articles.len());
    for (e, ev) in EventIx::all(site.events.len()).zip(&site.events) {
        let title = &site.articles[ev.headline].title;
        let outlets: Vec<&str> = ev.outlets.iter().map(|&(o, _)| site.outlets[o].name.as_str()).collect();
        let headlines: Vec<&str> = ev.members.iter().map(|&m| site.articles[m].title.as_str()).collect();
        let detail = format!("Event · {} articles · {}", ev.members.len(), outlets.join(", "));
        let date = ev.last.map(|d| d.human()).unwrap_or_default();
        out.push((
            site.event_url(e),
            format!("{title}. {}. {}", outlets.join(". "), headlines.join(". ")),
            meta(&[("title", title), ("detail", &detail), ("date", &date)]),
        ));
    }
    for (o, outlet) in OutletIx::all(site.outlets.len()).zip(&site.outlets) {
        let detail = format!("Outlet · {} articles", outlet.articles.len());
        let desc = outlet.meta.description.as_deref().unwrap_or("");
        out.push((
            site.outlet_url(o),
            format!("{}. {desc}", outlet.name),
            meta(&[("title", &outlet.name), ("detail", &detail)]),
        ));
    }
    for (i, a) in ArticleIx::all(site.articles.len()).zip(&site.articles) {
        let detail = format!("Article · {}", a.outlet);
        let date = a.date.map(|d| d.human()).unwrap_or_default();
        out.push((
            site.article_url(i),
            format!("{}. {}. {}", a.title, a.outlet, a.lead),
            meta(&[("title", &a.title), ("detail", &detail), ("date", &date)]),
        ));
    }
    out
}
