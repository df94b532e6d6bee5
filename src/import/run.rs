//! One import run: each source read in turn (files, folders walked, URLs fetched), its drafts
//! written, and a summary of what was added, skipped and failed. One bad source never stops the
//! others; only a problem with the site itself (no or a broken `site.toml`, a refused option, a
//! file that cannot be written) ends the run.

use super::write::{self, Fate, Index};
use super::{Draft, Options, feeds, fetch, from_bytes, md};
use crate::config::Config;
use crate::diag::Error;
use std::path::{Path, PathBuf};

/// Most files read from one folder source.
const MAX_FILES: usize = 10_000;

/// What an import did, for the report.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// Added articles: path under the root, the source, and the front matter (shown in a dry run).
    pub added: Vec<(PathBuf, String, String)>,
    /// Skipped duplicates: the source and why.
    pub skipped: Vec<(String, String)>,
    /// Sources (or feed items) that gave no article: the source and why.
    pub failed: Vec<(String, String)>,
    /// Sources unchanged since the last fetch (the server said so).
    pub unchanged: Vec<String>,
    /// Other things worth saying: files skipped in a folder, files not compared.
    pub notes: Vec<String>,
}

impl Summary {
    /// Whether every source failed: nothing added, skipped or unchanged, and something failed.
    /// The command exits non-zero then, and only then: one feed that is down must not stop a
    /// scheduled job from committing what the others gave.
    pub(crate) fn all_failed(&self) -> bool {
        !self.failed.is_empty() && self.added.is_empty() && self.skipped.is_empty() && self.unchanged.is_empty()
    }

    /// The report: each article added or skipped, the summary line, then each failure.
    pub(crate) fn report(&self) -> String {
        let mut out = String::new();
        for (path, source, front) in &self.added {
            if self.dry_run {
                out.push_str(&format!("would add {} (from {source})\n", path.display()));
                out.push_str(&format!(
                    "    ---\n{}    ---\n",
                    front.lines().map(|l| format!("    {l}\n")).collect::<String>()
                ));
            } else {
                out.push_str(&format!("added {} (from {source})\n", path.display()));
            }
        }
        for (source, why) in &self.skipped {
            out.push_str(&format!("skipped {source}: {why}\n"));
        }
        for u in &self.unchanged {
            out.push_str(&format!("unchanged {u}: not modified since the last import\n"));
        }
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        let counts = format!(
            "{} {}, skipped {} (duplicates), failed {}",
            if self.dry_run { "would add" } else { "added" },
            self.added.len(),
            self.skipped.len(),
            self.failed.len()
        );
        out.push_str(&counts);
        if self.dry_run {
            out.push_str(" (dry run: nothing was written)");
        }
        for (source, why) in &self.failed {
            out.push_str(&format!("\nfailed {source}: {why}"));
        }
        out
    }
}

/// Imports `sources` (files, folders, http(s) URLs) into the site at `root`.
pub(crate) fn run(root: &Path, sources: &[String], opts: &Options) -> Result<Summary, Error> {
    let usage = |message: String, hint: &str| Error::Usage { message, hint: hint.to_string() };
    if !root.join("site.toml").is_file() {
        return Err(usage(
            format!("no site.toml in {}", root.display()),
            "run this in a site's folder or pass --root; `roundup init DIR` creates a site",
        ));
    }
    let config = Config::load(&root.join("site.toml")).map_err(Error::Input)?;
    let mut opts = opts.clone();
    if let Some(o) = &opts.outlet {
        opts.outlet = Some(md::one_line(o).ok_or_else(|| usage("--outlet is empty".into(), "give the outlet's name"))?);
    }
    if let Some(u) = &opts.url {
        let checked = md::web_url(u).ok_or_else(|| {
            usage(format!("--url must be an http:// or https:// address, got {u:?}"), "give the page's full address")
        })?;
        if sources.len() != 1 || is_url(&sources[0]) || Path::new(&sources[0]).is_dir() {
            return Err(usage("--url names the address of one saved file".into(), "import that file on its own"));
        }
        opts.url = Some(checked);
    }
    let mut ix = Index::load(root, config.max_article_bytes);
    let mut summary = Summary { dry_run: opts.dry_run, ..Summary::default() };
    if ix.unreadable > 0 {
        summary.notes.push(format!(
            "{} existing article files could not be read, so were not compared (`roundup check` says why)",
            ix.unreadable
        ));
    }
    // The sources given, then the site's feeds, each feed under its own outlet unless
    // --outlet names one for all.
    let mut all: Vec<(String, Options)> = sources.iter().map(|s| (s.clone(), opts.clone())).collect();
    if opts.feeds {
        for f in feeds::sources(&config)? {
            let outlet = opts.outlet.clone().or(f.outlet);
            all.push((f.url, Options { outlet, ..opts.clone() }));
        }
    }
    let mut cache = fetch::Cache::load(root);
    let mut fetched_any = false;
    for (source, opts) in &all {
        if is_url(source) {
            fetched_any = true;
            match fetch::fetch(source, &fetch::Limits::default(), &mut cache) {
                Ok(fetch::Outcome::Fetched(f)) => {
                    let drafts = from_bytes(source, &f.body, f.content_type.as_deref(), Some(&f.url), opts);
                    if !take(root, &config, &mut ix, source, drafts, opts, &mut summary)? {
                        // Fetched but not read: the next run must fetch it in full, not be told
                        // "not modified" and never import it.
                        cache.forget(source);
                    }
                }
                Ok(fetch::Outcome::NotModified) => summary.unchanged.push(source.clone()),
                Err(why) => summary.failed.push((source.clone(), why)),
            }
            continue;
        }
        let path = Path::new(source);
        let files = if path.is_dir() {
            let listing = crate::walk::list(path, path, crate::walk::Hidden::Skip, |_| true);
            for w in listing.warnings.iter().chain(&listing.errors) {
                summary.notes.push(format!("{}: {}", path.join(&w.path).display(), w.message));
            }
            if listing.files.len() > MAX_FILES {
                summary.failed.push((
                    source.clone(),
                    format!("more than {MAX_FILES} files; only the first {MAX_FILES} were read"),
                ));
            }
            listing.files.into_iter().take(MAX_FILES).collect()
        } else {
            vec![path.to_path_buf()]
        };
        for file in files {
            let shown = file.display().to_string();
            let drafts = read_file(&file).and_then(|bytes| from_bytes(&shown, &bytes, None, opts.url.as_deref(), opts));
            take(root, &config, &mut ix, &shown, drafts, opts, &mut summary)?;
        }
    }
    if fetched_any
        && !opts.dry_run
        && let Err(e) = cache.save(root)
    {
        summary.notes.push(format!("the fetch cache was not saved: {e}"));
    }
    Ok(summary)
}

/// Whether a source is a web address.
fn is_url(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// A source file's bytes, refused past the fetch size limit (a saved page is never that large).
fn read_file(file: &Path) -> Result<Vec<u8>, String> {
    let max = fetch::Limits::default().max_bytes;
    let meta = std::fs::metadata(file).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    if meta.len() > max {
        return Err(format!("{} bytes, over the {max}-byte limit for a source", meta.len()));
    }
    std::fs::read(file).map_err(|e| format!("cannot read: {e}"))
}

/// Writes one source's drafts and records what became of each; false when the source could
/// not be read at all.
fn take(
    root: &Path,
    config: &Config,
    ix: &mut Index,
    source: &str,
    drafts: Result<Vec<Draft>, String>,
    opts: &Options,
    summary: &mut Summary,
) -> Result<bool, Error> {
    let drafts = match drafts {
        Ok(d) => d,
        Err(why) => {
            summary.failed.push((source.to_string(), why));
            return Ok(false);
        }
    };
    for mut d in drafts {
        let label = match (d.item, &d.title) {
            (Some(k), Some(t)) => format!("{source} item {k} ({})", crate::markdown::shorten(t, 60)),
            (Some(k), None) => format!("{source} item {k}"),
            (None, _) => source.to_string(),
        };
        if opts.outlet.is_none()
            && let Some(name) = d.url.as_deref().and_then(|u| site_outlet(config, u))
        {
            d.outlet = Some(name);
        }
        match write::add(root, ix, &d, opts.dry_run, config.max_article_bytes)? {
            Fate::Added(path, front) => summary.added.push((path, label, front)),
            Fate::Skipped(why) => summary.skipped.push((label, why)),
            Fate::Failed(why) => summary.failed.push((label, why)),
        }
    }
    Ok(true)
}

/// The site's own name for the outlet at `url`: the `[outlets."Name"]` whose `homepage` has the
/// same host (`www.` aside).
fn site_outlet(config: &Config, url: &str) -> Option<String> {
    let host = |u: &str| url::Url::parse(u).ok()?.host_str().map(|h| h.trim_start_matches("www.").to_ascii_lowercase());
    let want = host(url)?;
    config
        .outlets
        .iter()
        .find(|(_, m)| m.homepage.as_deref().and_then(host).as_deref() == Some(&want))
        .map(|(n, _)| n.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exit_status_fails_only_when_everything_failed() {
        let failed = || vec![("a.xml".to_string(), "not a readable feed".to_string())];
        let mut s = Summary { failed: failed(), notes: vec!["x: hidden file skipped".into()], ..Summary::default() };
        assert!(s.all_failed(), "a note is no success");
        s.unchanged.push("https://x.example/feed".into());
        assert!(!s.all_failed(), "an unchanged feed is no failure");
        let s = Summary { failed: failed(), skipped: vec![("b".into(), "dup".into())], ..Summary::default() };
        assert!(!s.all_failed());
        assert!(!Summary::default().all_failed(), "nothing to do is not a failure");
        assert_eq!(Summary::default().report(), "added 0, skipped 0 (duplicates), failed 0");
    }
}
