//! The build driver: load a site with its templates, then render, index and write it.
//!
//! This is the pipeline every command runs (`build`, `check`, `serve`), kept in the library so
//! that the command line and the preview server are adapters over it and nothing imports the
//! command line back.

use crate::diag::{Diagnostic, Error};
use crate::output::{OutPath, Rule, Staging, WriteStats};
use crate::render;
use crate::search;
use crate::site::{LoadOptions, Site};
use std::path::Path;
use std::time::Instant;
use tera::Tera;

/// Loads the site and its templates, reporting the problems of both in one go.
///
/// The analysis behind the site's events is dropped here, before anything is rendered: rendering
/// never reads it, and on a large archive its text features take memory that rendering needs.
/// With `save_cache`, what was analysed is first saved in the analysis cache (not for `check`,
/// which writes nothing).
pub(crate) fn load(root: &Path, opts: &LoadOptions, save_cache: bool) -> Result<(Site, Tera), Error> {
    let (site, tera) = rayon::join(|| Site::load(root, opts), || render::load_templates(root));
    match (site, tera) {
        (Ok((mut site, analysis)), Ok(mut tera)) => {
            if save_cache {
                site.save_analysis(&analysis);
            }
            drop(analysis);
            render::prepare(&site, &mut tera);
            Ok((site, tera))
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
pub(crate) fn write(site: &Site, tera: &Tera, dry: bool) -> Result<Written, Error> {
    let output = site.output_dir().expect("a site assembled for evaluation is never written");
    let staging = Staging::new(output, dry).map_err(|d| Error::from(vec![d]))?;
    // The search index is built a shard or two at a time, beside the (parallel) rendering; its
    // files go to staging as each shard is done, so no more than two shards are held at once.
    let t = Instant::now();
    let write_index = |rel: &str, bytes: &[u8]| {
        let path =
            OutPath::parse(rel, Rule::Static).map_err(|why| Error::OutputPath { what: "a search index file", why })?;
        staging.write(&path, bytes).map_err(|source| Error::Io { doing: "write", path: rel.into(), source })
    };
    let (rendered, indexed) = rayon::join(
        || {
            let r = render::render_all(site, tera, &|rel, bytes| staging.write(rel, bytes));
            crate::timing::note("render", t);
            r
        },
        || {
            let b = if site.config.search { search::bundle(site, dry, &write_index) } else { Ok(Default::default()) };
            crate::timing::note("search", t);
            (b, t.elapsed().as_millis())
        },
    );
    let search_ms = indexed.1;
    let (search, mut warnings) = match (rendered, indexed.0) {
        (Ok(_), Ok(done)) => (done.0, done.1),
        (Err(e), _) | (_, Err(e)) => {
            staging.abort();
            return Err(e);
        }
    };
    let statics = crate::walk::list(&site.root, &site.root.join("static"), crate::walk::Hidden::Published, |_| true);
    let copied = if statics.errors.is_empty() {
        staging.copy_static(&site.root.join("static"), &statics.files).map_err(Error::from)
    } else {
        Err(Error::from(statics.errors))
    };
    if let Err(e) = copied {
        staging.abort();
        return Err(e);
    }
    let t = Instant::now();
    let stats = staging.commit().map_err(|d| Error::from(vec![d]))?;
    crate::timing::note("write", t);
    warnings.extend(statics.warnings);
    Ok(Written { stats, search_ms, search, warnings })
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
