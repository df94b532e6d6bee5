//! `roundup check`: everything `build` validates, rendering included, but nothing is written.

use crate::build;
use crate::diag::{Error, print_warnings};
use crate::site::LoadOptions;
use std::path::Path;
use std::time::Instant;

/// Validates the site at `root`; returns the summary line or every problem found.
pub(crate) fn run(root: &Path, opts: &LoadOptions) -> Result<String, Error> {
    let start = Instant::now();
    let (site, tera) = build::load(root, opts, false)?;
    let written = build::write(&site, &tera, true)?;
    print_warnings(&site.warnings);
    print_warnings(&written.warnings);
    Ok(format!("{}: no problems found in {} ms", build::summary(&site), start.elapsed().as_millis()))
}
