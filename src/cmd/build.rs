//! `roundup build`: load, cluster, render and write the site.

use crate::diag::BuildError;
use crate::output::Staging;
use crate::render;
use crate::search;
use crate::site::LoadOptions;
use std::path::Path;
use std::time::Instant;

/// Builds the site at `root`; returns the summary line or every problem found.
pub fn run(root: &Path, opts: &LoadOptions) -> Result<String, BuildError> {
    let start = Instant::now();
    let (site, tera) = super::load_all(root, opts)?;
    let out_dir = site.output_dir();
    let staging = Staging::new(&out_dir)
        .map_err(|e| BuildError::Io(format!("cannot prepare output next to {}: {e}", out_dir.display())))?;
    let render_start = Instant::now();
    let rendered = render::render_all(&site, &tera, &|rel, bytes| staging.write(rel, bytes));
    let render_ms = render_start.elapsed().as_millis();
    let search_start = Instant::now();
    let indexed = rendered.and_then(|_| {
        for (rel, bytes) in search::bundle(&site).map_err(BuildError::Io)? {
            staging.write(&rel, &bytes).map_err(|e| BuildError::Io(format!("cannot write {rel}: {e}")))?;
        }
        Ok(())
    });
    let search_ms = search_start.elapsed().as_millis();
    let copied =
        indexed.and_then(|_| staging.copy_dir(&root.join("static"), Path::new("static")).map_err(BuildError::from));
    if let Err(e) = copied {
        staging.abort();
        return Err(e);
    }
    let commit_start = Instant::now();
    let stats = staging.commit().map_err(|e| BuildError::Io(format!("cannot write {}: {e}", out_dir.display())))?;
    if std::env::var_os("ROUNDUP_TIMINGS").is_some() {
        let phases = site.timings.iter().copied().chain([("render", render_ms), ("search", search_ms), ("write", commit_start.elapsed().as_millis())]);
        for (phase, ms) in phases {
            eprintln!("timing: {phase} {ms} ms");
        }
    }
    Ok(format!(
        "{} → {}/ in {} ms ({} written, {} unchanged, {} removed; search index {} ms)",
        super::summary(&site),
        site.config.output_dir.display(),
        start.elapsed().as_millis(),
        stats.written,
        stats.unchanged,
        stats.removed,
        search_ms
    ))
}
