//! `roundup build`: load, cluster, render and write the site.

use crate::diag::{BuildError, Diagnostic};
use crate::output::{OutPath, Rule, Staging, WriteStats};
use crate::render;
use crate::search;
use crate::site::{LoadOptions, Site};
use std::path::Path;
use std::time::Instant;
use tera::Tera;

/// Builds the site at `root`; returns the summary line or every problem found.
///
/// Meant for a process that exits after the build (the CLI): the site model is not freed, as
/// the operating system reclaims it at once, where freeing its many small allocations one by
/// one would add a noticeable serial step at the end of every build.
pub fn run(root: &Path, opts: &LoadOptions) -> Result<String, BuildError> {
    let start = Instant::now();
    let (mut site, tera) = super::load_all(root, opts)?;
    // Text features are only needed to cluster; rendering a large archive needs the memory.
    site.features = Vec::new();
    let (site, tera) = (std::mem::ManuallyDrop::new(site), std::mem::ManuallyDrop::new(tera));
    let written = write_site(&site, &tera, false)?;
    super::warn(&site.warnings);
    super::warn(&written.warnings);
    let s = written.stats;
    Ok(format!(
        "{} → {}/ in {} ms ({} written, {} unchanged, {} removed{}; search index {} ms)",
        super::summary(&site),
        site.config.output_dir.display(),
        start.elapsed().as_millis(),
        s.written,
        s.unchanged,
        s.removed,
        if s.kept > 0 { format!(", {} of your own kept", s.kept) } else { String::new() },
        written.search_ms,
    ))
}

/// What writing a site did.
pub struct Written {
    /// Files written, unchanged, removed and kept.
    pub stats: WriteStats,
    /// How long the search index took, in ms.
    pub search_ms: u128,
    /// What was skipped from `static/` (links, hidden files), to tell the user.
    pub warnings: Vec<Diagnostic>,
}

/// Renders a loaded site, builds its search index, copies `static/` and commits it all to the
/// output folder; nothing in the output changes unless every step succeeds. With `dry`, every
/// step runs and every output path is checked, but nothing is written (`roundup check`).
/// `serve` calls this too, after a template change.
pub fn write_site(site: &Site, tera: &Tera, dry: bool) -> Result<Written, BuildError> {
    let staging = Staging::new(site.output_dir(), dry).map_err(|d| BuildError::from(vec![d]))?;
    // The search index is built mostly on one thread, so it runs beside the (parallel) rendering.
    let t = Instant::now();
    let (rendered, bundle) = rayon::join(
        || {
            let r = render::render_all(site, tera, &|rel, bytes| staging.write(rel, bytes));
            crate::timing::note("render", t);
            r
        },
        || {
            let b = if site.config.search { search::bundle(site) } else { Ok(Vec::new()) };
            crate::timing::note("search", t);
            (b, t.elapsed().as_millis())
        },
    );
    let search_ms = bundle.1;
    let indexed = rendered.and_then(|_| {
        for (rel, bytes) in bundle.0.map_err(BuildError::Io)? {
            let path = OutPath::parse(&rel, Rule::Static)
                .map_err(|why| BuildError::Io(format!("the search index names {why}")))?;
            staging.write(&path, &bytes).map_err(|e| BuildError::Io(format!("cannot write {rel}: {e}")))?;
        }
        Ok(())
    });
    let statics = crate::walk::list(&site.root, &site.root.join("static"), crate::walk::Hidden::Published, |_| true);
    let copied = indexed.and_then(|_| {
        if !statics.errors.is_empty() {
            return Err(BuildError::from(statics.errors));
        }
        staging.copy_static(&site.root.join("static"), &statics.files).map_err(BuildError::from)
    });
    if let Err(e) = copied {
        staging.abort();
        return Err(e);
    }
    let t = Instant::now();
    let stats = staging.commit().map_err(|d| BuildError::from(vec![d]))?;
    crate::timing::note("write", t);
    Ok(Written { stats, search_ms, warnings: statics.warnings })
}
