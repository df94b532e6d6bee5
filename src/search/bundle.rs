//! Building the sharded index: each shard's records, its cache entry or a fresh Pagefind build,
//! and its files written into the output as soon as they are ready.

use super::records::{Record, inputs_hash, records_of};
use super::shard::{self, Shard};
use super::store::{self, Lookup};
use crate::diag::{Diagnostic, Error};
use crate::site::{OutletIx, Site};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Folder (under the output) that holds the search bundles.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// The list of shard folders the search page merges, under [`BUNDLE_DIR`].
pub(crate) const SHARDS_FILE: &str = "shards.json";

/// Pagefind's prebuilt user interfaces, which Roundup's search page does not use.
const UNUSED_UI: &[&str] = &["pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight."];

/// Shards built at once. Pagefind indexes one shard on one thread; two use this machine's two
/// cores (alongside rendering), and bound peak memory to two shards' worth whatever the core
/// count, which is what the shard size is chosen against (see the comment on shard sizes in `shard.rs`).
const BUILDERS: usize = 2;

/// Where the index's files go: (path under the output, bytes), from either builder thread.
pub(crate) type WriteFile<'a> = dyn Fn(&str, &[u8]) -> Result<(), Error> + Sync + 'a;

/// What building the index did, for the summary line.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stats {
    /// Bundles in the index: the root one (outlets) and every shard.
    pub shards: usize,
    /// Bundles built by Pagefind this time; the others came from the cache.
    pub rebuilt: usize,
}

/// Something to index: the root bundle (the outlets, with Pagefind's script and WebAssembly,
/// at `pagefind/`) or a shard (its data files only, at `pagefind/<name>/`).
enum Unit<'a> {
    /// The root bundle.
    Root,
    /// A shard of events and articles.
    Shard(&'a Shard),
}

/// Builds the index and hands each file (path under the output, bytes) to `write`, a shard at a
/// time; returns what it did and any warning (a damaged cache entry). Shards whose records are
/// unchanged since a build with the same binary are taken from the cache; with `dry` (`roundup
/// check`) the cache is read but never written.
pub(crate) fn bundle(site: &Site, dry: bool, write: &WriteFile<'_>) -> Result<(Stats, Vec<Diagnostic>), Error> {
    let shards = shard::plan(site, site.config.search_shard_articles);
    let mut units = vec![Unit::Root];
    units.extend(shards.iter().map(Unit::Shard));
    let cache_dir = site.cache.as_ref().map(|c| c.dir.join(store::SUBDIR));
    let readable = site.cache.as_ref().and_then(|c| c.readable()).is_some();
    let next = AtomicUsize::new(0);
    let out = Mutex::new(Outcome::default());
    // Rayon tasks, not threads of their own: a builder's own parallel work (reading bodies) runs
    // on the same pool, so a pool of one thread (RAYON_NUM_THREADS=1) runs everything in turn
    // instead of waiting on itself. Each task takes units one at a time, so at most BUILDERS
    // units are in memory at once.
    rayon::scope(|scope| {
        for _ in 0..BUILDERS.min(units.len()) {
            scope.spawn(|_| {
                while let Some(unit) = units.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let done = build_unit(site, unit, cache_dir.as_ref(), readable, dry, write);
                    let mut o = out.lock().expect("no panics while locked");
                    match done {
                        Ok((key, rebuilt, warning)) => {
                            o.keys.insert(key);
                            o.rebuilt += usize::from(rebuilt);
                            o.warnings.extend(warning);
                        }
                        Err(e) => {
                            o.error.get_or_insert(e);
                            next.store(units.len(), Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    let out = out.into_inner().expect("no panics while locked");
    if let Some(e) = out.error {
        return Err(e);
    }
    write(&format!("{BUNDLE_DIR}/{SHARDS_FILE}"), shards_json(&shards).as_bytes())?;
    let mut warnings = out.warnings;
    warnings.sort_by_key(|d| d.to_string());
    if let Some(dir) = &cache_dir
        && !dry
        && let Err(e) = store::prune(dir, &out.keys)
    {
        warnings.push(cache_warning(dir.clone(), format!("cannot remove unused search cache entries: {e}")));
    }
    Ok((Stats { shards: units.len(), rebuilt: out.rebuilt }, warnings))
}

/// What the builders found, gathered as they finish.
#[derive(Default)]
struct Outcome {
    /// Cache keys in use: every other entry is pruned.
    keys: HashSet<String>,
    /// Units built by Pagefind.
    rebuilt: usize,
    /// Damaged cache entries, unwritable cache.
    warnings: Vec<Diagnostic>,
    /// The first error; the others stop at their next unit.
    error: Option<Error>,
}

/// `shards.json`: the shard folders, newest first, then the undated ones. The search page merges
/// them all, so a new shard changes this file and no page.
fn shards_json(shards: &[Shard]) -> String {
    let (dated, undated): (Vec<&Shard>, Vec<&Shard>) = shards.iter().partition(|s| s.name.starts_with("d-"));
    let names: Vec<&str> = dated.iter().rev().chain(&undated).map(|s| s.name.as_str()).collect();
    serde_json::json!({ "version": 1, "shards": names }).to_string()
}

/// Builds (or takes from the cache) one unit and writes its files; returns its cache key, whether
/// Pagefind built it, and a warning about its cache entry, if any.
fn build_unit(
    site: &Site,
    unit: &Unit,
    cache_dir: Option<&PathBuf>,
    readable: bool,
    dry: bool,
    write: &WriteFile<'_>,
) -> Result<(String, bool, Option<Diagnostic>), Error> {
    let outlets: Vec<OutletIx> = OutletIx::all(site.outlets.len()).collect();
    let (events, outlets, articles, folder, root) = match unit {
        Unit::Root => (&[][..], &outlets[..], &[][..], BUNDLE_DIR.to_string(), true),
        Unit::Shard(s) => (&s.events[..], &[][..], &s.articles[..], format!("{BUNDLE_DIR}/{}", s.name), false),
    };
    let lang = &site.config.language;
    let key = store::key(&inputs_hash(site, events, outlets, articles), lang, root);
    let mut warning = None;
    let cached = match cache_dir.filter(|_| readable).map(|d| store::load(d, &key)) {
        Some(Lookup::Hit(files)) => Some(files),
        Some(Lookup::Corrupt(why)) => {
            let path = cache_dir.expect("looked up").join(format!("{key}.shard"));
            warning = Some(cache_warning(path, format!("search cache entry not used: {why}; the shard is rebuilt")));
            None
        }
        Some(Lookup::Missing) | None => None,
    };
    let rebuilt = cached.is_none();
    let files = match cached {
        Some(files) => files,
        None => {
            let files = index(records_of(site, events, outlets, articles)?, lang, root)?;
            if let Some(dir) = cache_dir
                && !dry
                && let Err(e) = store::save(dir, &key, &files)
            {
                warning = Some(cache_warning(dir.clone(), format!("cannot write the search cache: {e}")));
            }
            files
        }
    };
    for (name, bytes) in &files {
        write(&format!("{folder}/{name}"), bytes)?;
    }
    Ok((key, rebuilt, warning))
}

/// A warning about the cache: it never fails a build, only costs the work it would have saved.
fn cache_warning(path: PathBuf, message: String) -> Diagnostic {
    Diagnostic::new(&path, 1, 1, message, "the build is complete and correct; the cache is rewritten as it goes")
}

/// Indexes `records` with Pagefind; returns the bundle's files (name inside the bundle, bytes),
/// sorted, without the prebuilt interfaces and, for a shard, without the script and
/// WebAssembly the root bundle already has.
fn index(records: Vec<Record>, lang: &str, root: bool) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let rt = tokio::runtime::Builder::new_current_thread().build().map_err(|e| Error::Search(e.into()))?;
    rt.block_on(async {
        let options = PagefindServiceConfig::builder().force_language(lang.to_string()).build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| Error::Search(e.into()))?;
        for r in records {
            let filters = BTreeMap::from([("kind".to_string(), vec![r.kind.name().to_string()])]);
            index
                .add_custom_record(r.url, r.content, lang.to_string(), Some(r.meta), Some(filters), None)
                .await
                .map_err(|e| Error::Search(e.into()))?;
        }
        let mut files: Vec<(String, Vec<u8>)> = index
            .get_files()
            .await
            .map_err(|e| Error::Search(e.into()))?
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            // Roundup has its own small search page; Pagefind's ready-made interfaces are not shipped.
            .filter(|(name, _)| !UNUSED_UI.iter().any(|u| name.starts_with(u)))
            .filter(|(name, _)| root || !is_runtime(name))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}

/// Whether `name` is Pagefind's script or WebAssembly, which every bundle has alike and the
/// browser loads only from the root bundle.
fn is_runtime(name: &str) -> bool {
    name == "pagefind.js" || name == "pagefind-worker.js" || name.starts_with("wasm.")
}
