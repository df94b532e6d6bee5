//! `roundup import SOURCE...`: feeds, saved pages and texts into article files; the work is in
//! [`crate::import`], this only runs it and says how it went.

use crate::diag::Error;
use crate::import::{self, Options};
use std::path::Path;

/// What `import` reports, and whether every source failed (the only case that exits non-zero).
pub(crate) struct Report {
    /// The summary to print.
    pub text: String,
    /// Every source failed and nothing was imported or found already there.
    pub all_failed: bool,
}

/// Imports `sources` into the site at `root`.
pub(crate) fn run(root: &Path, sources: &[String], opts: &Options) -> Result<Report, Error> {
    let summary = import::run(root, sources, opts)?;
    Ok(Report { text: summary.report(), all_failed: summary.all_failed() })
}
