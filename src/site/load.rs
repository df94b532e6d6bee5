//! Loading a site: settings, then every article's front matter, then bodies analysed and
//! clustered, reporting every problem found at each step rather than the first.

use super::assemble::Loaded;
use super::pipeline::{Analyzed, analyze, analyze_and_cluster};
use super::{Analysis, Site, memo, resume};
use crate::article::{self, Article};
use crate::config::Config;
use crate::diag::{Diagnostic, Error};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// How to load a site.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Publish drafts too.
    pub drafts: bool,
    /// Override `base_url` (e.g. for a local preview).
    pub base_url: Option<String>,
    /// Override the output folder.
    pub output_dir: Option<PathBuf>,
    /// Let the output folder lie outside the site root (`--allow-outside-root`).
    pub allow_outside_root: bool,
    /// Ignore the build cache and rebuild everything (`--no-cache`); the cache is still refreshed.
    pub no_cache: bool,
    /// Whether loading may write to the build cache: a build does (see [`Site::save_analysis`]);
    /// `check` and `explain` do not.
    pub write_cache: bool,
}

impl Site {
    /// Loads, validates, analyzes and clusters a site; reports every problem found.
    ///
    /// Gives the model to render and, beside it, the analysis behind its events: a caller that
    /// only renders drops the analysis (see [`Analysis`]).
    pub fn load(root: &Path, opts: &LoadOptions) -> Result<(Site, Analysis), Error> {
        let mut config = Config::load(&root.join("site.toml")).map_err(|mut ds| {
            ds.iter_mut().for_each(|d| d.path = shown(root, &d.path));
            Error::from(ds)
        })?;
        if let Some(b) = &opts.base_url {
            crate::config::check_base_url(b).map_err(|why| Error::Usage {
                message: format!("--base-url {why}"),
                hint: crate::config::BASE_URL_HINT.into(),
            })?;
            config.base_url = b.clone();
        }
        let from_cli = opts.output_dir.is_some();
        if let Some(o) = &opts.output_dir {
            config.output_dir = o.clone();
        }
        // A refused output folder is reported with the articles' problems, not instead of them.
        let mut problems = Vec::new();
        let output = match crate::output::target::resolve(root, &config.output_dir, opts.allow_outside_root) {
            Ok(o) => Some(o),
            Err(r) if from_cli => {
                return Err(Error::Usage { message: format!("--output-dir: {}", r.message), hint: r.hint });
            }
            Err(r) => {
                let line = crate::config::key_line(&root.join("site.toml"), "output_dir");
                problems.push(Diagnostic::new(Path::new("site.toml"), line, 1, r.message, r.hint));
                None
            }
        };
        let dir = root.join("articles");
        let start = std::time::Instant::now();
        let listing = article::find_files(root, &dir);
        let files = listing.files;
        let limit = config.max_article_bytes;
        // Front matter first: it is all that ordering articles for clustering needs.
        let (heads, ()): (Vec<Result<Article, Vec<Diagnostic>>>, ()) = rayon::join(
            || {
                files
                    .par_iter()
                    .with_max_len(crate::parallel::PAR_LEAF)
                    .map(|f| {
                        let show = shown(root, f);
                        let id = article::article_id(&dir, f, &show).map_err(|d| vec![d])?;
                        article::load_head(f, id, &show, limit)
                    })
                    .collect()
            },
            // The background word table analysis needs, built meanwhile.
            crate::text::warm,
        );
        crate::timing::note("heads", start);
        problems.extend(listing.errors);
        let mut articles = Vec::new();
        for r in heads {
            match r {
                Ok(a) if a.draft && !opts.drafts => {}
                Ok(a) => articles.push(a),
                Err(ds) => problems.extend(ds),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        // Then the bodies, those the analysis cache does not have; without pins, clustering runs
        // alongside, one article at a time.
        let mut cache = crate::cache::Cache { dir: crate::cache::dir(root), reuse: !opts.no_cache, resumed: 0 };
        let t = std::time::Instant::now();
        let pinned = articles.iter().any(|a| a.event.is_some());
        // Pins need more than one pass (see `cluster::cluster`): such a site has no saved state.
        let (memo::Lookup { hits, stale, warnings: mut cache_warnings }, (saved, bad_state)) = rayon::join(
            || memo::lookup(cache.readable(), &articles),
            || if pinned { (None, None) } else { resume::read(cache.readable()) },
        );
        cache_warnings.extend(bad_state);
        crate::timing::note("cache-read", t);
        let (analyzed, clustering, pass_state) = if pinned {
            let analyzed: Vec<Result<Analyzed, Diagnostic>> =
                articles.par_iter().zip(hits).map(|(a, hit)| hit.map_or_else(|| analyze(root, a, limit), Ok)).collect();
            (analyzed, None, None)
        } else {
            let c = analyze_and_cluster(
                root,
                &config,
                &articles,
                hits,
                saved.as_ref(),
                opts.write_cache.then_some(cache.dir.as_path()),
            );
            drop(saved);
            cache.resumed = c.resumed;
            cache_warnings.extend(c.warning);
            (c.results, Some(c.clustering), c.state)
        };
        let (mut features, mut figures) = (Vec::with_capacity(articles.len()), Vec::with_capacity(articles.len()));
        for (a, r) in articles.iter_mut().zip(analyzed) {
            match r {
                Ok(x) => {
                    (a.lead, a.words) = (x.lead, x.words);
                    features.push(x.features);
                    figures.push(x.figures);
                }
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        crate::timing::note("load", start);
        let start = std::time::Instant::now();
        let loaded = Loaded {
            root: root.to_path_buf(),
            config,
            articles,
            features,
            figures: Some(figures),
            output,
            cache: Some(cache),
            warnings: listing.warnings.into_iter().chain(cache_warnings).collect(),
        };
        let (site, mut analysis) = match clustering {
            Some(c) => loaded.with_clustering(c),
            None => loaded.cluster(),
        };
        crate::timing::note("cluster", start);
        let dupes = site.duplicate_paths();
        if !dupes.is_empty() {
            return Err(dupes.into());
        }
        analysis.stale = stale;
        analysis.pass_state = pass_state;
        Ok((site, analysis))
    }

    /// Saves the analysis of this build's articles in the analysis cache, rewriting only its
    /// out-of-date files; a failure to write is a warning, as the cache only saves work. Called by
    /// a build that writes its output (not `roundup check`), once loading has succeeded: each
    /// entry is keyed by its file's content, so it is right whatever happens to the rest of the build.
    pub(crate) fn save_analysis(&mut self, analysis: &mut Analysis) {
        let (Some(cache), Some(figures)) = (&self.cache, &self.figures) else { return };
        let t = std::time::Instant::now();
        let warnings = memo::save(&cache.dir, &self.articles, &analysis.features, figures, &analysis.stale);
        let state = analysis.pass_state.take().and_then(resume::Staged::commit);
        crate::timing::note("cache-write", t);
        self.warnings.extend(warnings.into_iter().chain(state));
    }
}

/// The path to show in messages: relative to the site root when possible.
fn shown(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf())
}
