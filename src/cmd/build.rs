//! `roundup build`: load, cluster, render and write the site.

use crate::build;
use crate::diag::{Error, print_warnings};
use crate::site::LoadOptions;
use std::path::Path;
use std::time::Instant;

/// Builds the site at `root`; returns the summary line or every problem found.
///
/// Meant for a process that exits after the build (the CLI): the site model is not freed, as
/// the operating system reclaims it at once, where freeing its many small allocations one by
/// one would add a noticeable serial step at the end of every build.
pub(crate) fn run(root: &Path, opts: &LoadOptions) -> Result<String, Error> {
    let start = Instant::now();
    let inputs = crate::stamp::inputs(root, opts);
    if let Some(i) = inputs.as_ref().filter(|_| !opts.no_cache)
        && let Some(summary) = crate::stamp::unchanged(root, i)
    {
        return Ok(summary.replace("{ms}", &start.elapsed().as_millis().to_string()));
    }
    crate::stamp::forget(root);
    // Loading drops what only clustering needs (text features): rendering a large archive needs the memory.
    let (site, tera) = build::load(root, opts, true)?;
    let (site, tera) = (std::mem::ManuallyDrop::new(site), std::mem::ManuallyDrop::new(tera));
    let written = build::write(&site, &tera, false)?;
    print_warnings(&site.warnings);
    print_warnings(&written.warnings);
    let s = written.stats;
    if let Some(i) = &inputs
        && site.warnings.is_empty()
        && written.warnings.is_empty()
    {
        crate::stamp::record(root, i, &site, s.written + s.unchanged);
    }
    Ok(format!(
        "{} → {}/ in {} ms ({} written, {} unchanged, {} removed{}; {} of {} pages rendered{}; search index {} ms{})",
        build::summary(&site),
        site.config.output_dir.display(),
        start.elapsed().as_millis(),
        s.written,
        s.unchanged,
        s.removed,
        if s.kept > 0 { format!(", {} of your own kept", s.kept) } else { String::new() },
        written.pages.1,
        written.pages.0,
        match site.cache.as_ref().map_or(0, |c| c.resumed) {
            0 => String::new(),
            n => format!("; clustering went on after {n} saved articles"),
        },
        written.search_ms,
        if site.config.search {
            format!(", {} of {} shards rebuilt", written.search.rebuilt, written.search.shards)
        } else {
            String::new()
        },
    ))
}
