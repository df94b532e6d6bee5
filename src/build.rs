//! The build driver: load a site with its templates, then render, index and write it.
//!
//! This is the pipeline every command runs (`build`, `check`, `serve`), kept in the library so
//! that the command line and the preview server are adapters over it and nothing imports the
//! command line back.

use crate::diag::{Diagnostic, Error};
use crate::output::preview::{Counts, Group, Preview};
use crate::output::{OutPath, Rule, Staging, WriteStats};
use crate::render::{self, Sink, Templates, memo::Memo};
use crate::search;
use crate::site::{LoadOptions, Site};
use std::path::Path;
use std::time::Instant;

/// Loads the site and its templates, reporting the problems of both in one go.
///
/// The analysis behind the site's events is dropped here, before anything is rendered: rendering
/// never reads it, and on a large archive its text features take memory that rendering needs.
/// With `save_cache`, what was analysed is first saved in the analysis cache (not for `check`,
/// which writes nothing).
pub(crate) fn load(root: &Path, opts: &LoadOptions, save_cache: bool) -> Result<(Site, Templates), Error> {
    let opts = LoadOptions { write_cache: save_cache, ..opts.clone() };
    let (site, tera) = rayon::join(|| Site::load(root, &opts), || render::load_templates(root));
    match (site, tera) {
        (Ok((mut site, mut analysis)), Ok(mut templates)) => {
            if save_cache {
                site.save_analysis(&mut analysis);
            }
            drop(analysis);
            render::prepare(&site, &mut templates);
            Ok((site, templates))
        }
        (Err(Error::Input(mut a)), Err(b)) => {
            a.extend(b);
            Err(a.into())
        }
        (Err(e), _) => Err(e),
        (_, Err(b)) => Err(b.into()),
    }
}

/// What writing a site did.
pub(crate) struct Written {
    /// Files written, unchanged, removed and kept.
    pub stats: WriteStats,
    /// How long the search index took, in ms.
    pub search_ms: u128,
    /// How many search shards there are and how many were indexed anew (not from the cache).
    pub search: search::Stats,
    /// What was skipped from `static/` (links, hidden files) and cache entries not used, to tell
    /// the user.
    pub warnings: Vec<Diagnostic>,
    /// Pages the site has, and how many were rendered (the others' keys were unchanged).
    pub pages: (usize, usize),
}

/// Renders a loaded site, builds its search index, copies `static/` and commits it all to the
/// output folder; nothing in the output changes unless every step succeeds. With `dry`, every
/// step runs and every output path is checked, but nothing is written (`roundup check`).
/// `serve` calls this too, after a template change.
///
/// # Panics
///
/// For a site assembled for evaluation ([`Site::assemble`]), which has no output folder: such
/// a site is only scored, never written, and nothing a user types can make one.
pub(crate) fn write(site: &Site, templates: &Templates, dry: bool) -> Result<Written, Error> {
    let output = site.output_dir().expect("a site assembled for evaluation is never written");
    let cache = site.cache.as_ref().filter(|_| !dry);
    // `check` renders every page: it is asked whether every page renders.
    let memo = Memo::load(cache.and_then(|c| c.readable()), output);
    if let Some(c) = cache {
        Memo::forget(&c.dir);
    }
    let staging = Staging::new(output, dry).map_err(|d| Error::from(vec![d]))?;
    // The search index is built a shard or two at a time, beside the (parallel) rendering; its
    // files go to staging as each shard is done, so no more than two shards are held at once.
    let t = Instant::now();
    let write_index = |rel: &str, bytes: &[u8]| index_file(rel, bytes, &|p, b| staging.write(p, b));
    let sink = Sink { write: &|rel, bytes| staging.write(rel, bytes), keep: &|rel| staging.keep(rel) };
    let (rendered, indexed) = rayon::join(
        || {
            let r = render::render_all(site, templates, &sink, &memo);
            crate::timing::note("render", t);
            r
        },
        || {
            let b = if site.config.search { search::bundle(site, dry, &write_index) } else { Ok(Default::default()) };
            crate::timing::note("search", t);
            (b, t.elapsed().as_millis())
        },
    );
    drop(memo);
    let search_ms = indexed.1;
    let (rendered, search, mut warnings) = match (rendered, indexed.0) {
        (Ok(r), Ok(done)) => (r, done.0, done.1),
        (Err(e), _) | (_, Err(e)) => {
            staging.abort();
            return Err(e);
        }
    };
    let statics = match copy_static(site, &|p, b| staging.write(p, b)) {
        Ok(warnings) => warnings,
        Err(e) => {
            staging.abort();
            return Err(e);
        }
    };
    let t = Instant::now();
    let stats = staging.commit().map_err(|d| Error::from(vec![d]))?;
    crate::timing::note("write", t);
    if let Some(c) = cache {
        let t = Instant::now();
        Memo::save(&c.dir, output, &rendered.keys);
        crate::timing::note("memo-save", t);
    }
    warnings.extend(statics);
    Ok(Written { stats, search_ms, search, warnings, pages: (rendered.pages, rendered.rendered) })
}

/// Copies the files of `static/` through `write` (no hidden files, no links, no clash with a
/// page); gives what was skipped, to tell the user.
fn copy_static(site: &Site, write: &dyn Fn(&OutPath, &[u8]) -> std::io::Result<()>) -> Result<Vec<Diagnostic>, Error> {
    let src = site.root.join("static");
    let statics = crate::walk::list(&site.root, &src, crate::walk::Hidden::Published, |_| true);
    if !statics.errors.is_empty() {
        return Err(Error::from(statics.errors));
    }
    crate::output::staging::copy_static(&src, &statics.files, write).map_err(Error::from)?;
    Ok(statics.warnings)
}

/// Writes one file of the search index through `write`, its path checked as every output path is.
fn index_file(rel: &str, bytes: &[u8], write: &dyn Fn(&OutPath, &[u8]) -> std::io::Result<()>) -> Result<(), Error> {
    let path =
        OutPath::parse(rel, Rule::Static).map_err(|why| Error::OutputPath { what: "a search index file", why })?;
    write(&path, bytes).map_err(|source| Error::Io { doing: "write", path: rel.into(), source })
}

/// The preview server's rebuild of pages: renders a loaded site and copies `static/` into the
/// server's private folder in place (see [`Preview`]), writing only files whose bytes changed and
/// nothing at all unless every page rendered; pages whose key `memo` (the last good rebuild's)
/// says is unchanged are not rendered, and `memo` becomes this rebuild's. The search index is left
/// for [`preview_search`], so the browser can reload before it is rebuilt. Gives what was written
/// and what `static/` skipped.
pub(crate) fn preview_pages(
    site: &Site,
    templates: &Templates,
    preview: &mut Preview,
    memo: &mut Memo,
) -> Result<(Counts, Vec<Diagnostic>), Error> {
    let t = Instant::now();
    let batch = preview.batch(Group::Pages);
    let sink = Sink { write: &|p, b| batch.write(p, b), keep: &|p| batch.keep(p) };
    let rendered = render::render_all(site, templates, &sink, memo)?;
    crate::timing::note("render", t);
    let statics = copy_static(site, &|p, b| batch.write(p, b))?;
    let t = Instant::now();
    // Until the folder is written, neither memo describes it.
    *memo = Memo::default();
    let counts =
        batch.finish(preview).map_err(|source| Error::Io { doing: "write", path: preview.dir().into(), source })?;
    *memo = Memo::private(preview.dir(), rendered.keys);
    crate::timing::note("write", t);
    Ok((counts, statics))
}

/// The preview server's rebuild of the search index, after [`preview_pages`]: shards whose records
/// are unchanged come from the build cache, and only changed files are written. With search off,
/// the index files of an earlier rebuild are removed.
pub(crate) fn preview_search(site: &Site, preview: &mut Preview) -> Result<(search::Stats, Vec<Diagnostic>), Error> {
    let batch = preview.batch(Group::Search);
    let (stats, warnings) = if site.config.search {
        search::bundle(site, false, &|rel, bytes| index_file(rel, bytes, &|p, b| batch.write(p, b)))?
    } else {
        Default::default()
    };
    batch.finish(preview).map_err(|source| Error::Io { doing: "write", path: preview.dir().into(), source })?;
    Ok((stats, warnings))
}

/// The one-line summary `build`, `check` and `serve` print: articles, events and outlets.
pub(crate) fn summary(site: &Site) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(site.articles.len(), "article"),
        plural(site.events.len(), "event"),
        plural(site.outlets.len(), "outlet")
    )
}
