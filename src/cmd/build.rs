//! `roundup build`: load, cluster, render and write the site.

use crate::diag::BuildError;
use crate::output::{Staging, WriteStats};
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
    let (stats, search_ms) = write_site(&site, &tera)?;
    Ok(format!(
        "{} → {}/ in {} ms ({} written, {} unchanged, {} removed; search index {search_ms} ms)",
        super::summary(&site),
        site.config.output_dir.display(),
        start.elapsed().as_millis(),
        stats.written,
        stats.unchanged,
        stats.removed,
    ))
}

/// Renders a loaded site, builds its search index, copies `static/` and commits it all to the
/// output folder; nothing in the output changes unless every step succeeds. Returns what was
/// written and how long the search index took, in ms (`serve` calls this too, after a template change).
pub fn write_site(site: &Site, tera: &Tera) -> Result<(WriteStats, u128), BuildError> {
    let out_dir = site.output_dir();
    let staging = Staging::new(&out_dir)
        .map_err(|e| BuildError::Io(format!("cannot prepare output next to {}: {e}", out_dir.display())))?;
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
            staging.write(&rel, &bytes).map_err(|e| BuildError::Io(format!("cannot write {rel}: {e}")))?;
        }
        Ok(())
    });
    let copied = indexed
        .and_then(|_| staging.copy_dir(&site.root.join("static"), Path::new("static")).map_err(BuildError::from));
    if let Err(e) = copied {
        staging.abort();
        return Err(e);
    }
    let t = Instant::now();
    let stats = staging.commit().map_err(|e| BuildError::Io(format!("cannot write {}: {e}", out_dir.display())))?;
    crate::timing::note("write", t);
    Ok((stats, search_ms))
}
