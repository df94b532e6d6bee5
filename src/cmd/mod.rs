//! Subcommands, one per file, each a plain function over a site root.

pub mod build;
pub mod check;
pub mod eval;
pub mod explain;
pub mod init;
pub mod new;
pub mod serve;

use crate::diag::BuildError;
use crate::render;
use crate::site::{LoadOptions, Site};
use std::path::Path;
use tera::Tera;

/// Loads the site and its templates, reporting the problems of both in one go.
pub fn load_all(root: &Path, opts: &LoadOptions) -> Result<(Site, Tera), BuildError> {
    let (site, tera) = rayon::join(|| Site::load(root, opts), || render::load_templates(root));
    match (site, tera) {
        (Ok(site), Ok(mut tera)) => {
            render::prepare(&site, &mut tera);
            Ok((site, tera))
        }
        (Err(BuildError::Input(mut a)), Err(b)) => {
            a.extend(b);
            Err(a.into())
        }
        (Err(e), _) => Err(e),
        (_, Err(b)) => Err(b.into()),
    }
}

/// Prints what was skipped (links, hidden files) on standard error, one warning each.
pub fn warn(warnings: &[crate::diag::Diagnostic]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// The one-line summary both `build` and `check` print.
pub fn summary(site: &Site) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(site.articles.len(), "article"),
        plural(site.events.len(), "event"),
        plural(site.outlets.len(), "outlet")
    )
}
