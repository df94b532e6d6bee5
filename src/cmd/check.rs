//! `roundup check`: everything `build` validates, rendering included, but nothing is written.

use crate::diag::BuildError;
use crate::site::LoadOptions;
use std::path::Path;
use std::time::Instant;

/// Validates the site at `root`; returns the summary line or every problem found.
pub fn run(root: &Path, opts: &LoadOptions) -> Result<String, BuildError> {
    let start = Instant::now();
    let (site, tera) = super::load_all(root, opts)?;
    let written = super::build::write_site(&site, &tera, true)?;
    super::warn(&site.warnings);
    super::warn(&written.warnings);
    Ok(format!("{}: no problems found in {} ms", super::summary(&site), start.elapsed().as_millis()))
}
