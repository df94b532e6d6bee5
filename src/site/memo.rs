//! The analysis cache, `.roundup/cache/analysis/`: each article's analysis (lead, word count, text
//! features, figures) keyed by the hash of its file's bytes, so an unchanged article's body is
//! neither re-read nor re-analysed.
//!
//! Analysis depends on nothing but the file's bytes (the headline and the body are both in them;
//! no setting of `site.toml` changes what is extracted: `max_article_bytes` only refuses a file
//! before it is analysed) and on the code, which [`crate::cache::fingerprint`] stands for. The
//! entries are split by the hash's first hex digit into [`SHARDS`] files, each read in parallel
//! and rewritten only when its set of entries changed. Each file carries the fingerprint and a
//! checksum of its contents: a foreign, truncated or corrupt file is a warning and a full
//! analysis of its articles, never a wrong result.

use super::pipeline::Analyzed;
use crate::article::Article;
use crate::diag::Diagnostic;
use crate::figures::Figure;
use crate::text::Features;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Files the entries are split into: a new article rewrites one sixteenth of the cache.
pub(crate) const SHARDS: usize = 16;

/// First line of every file: what it is, and the version of its layout.
const MAGIC: &[u8] = b"roundup analysis cache 1\n";

/// The analysis cache's folder under the cache folder.
fn folder(cache: &Path) -> PathBuf {
    cache.join("analysis")
}

/// The shard an entry with content hash `hash` is kept in.
fn shard_of(hash: &str) -> usize {
    hash.get(..1).and_then(|c| usize::from_str_radix(c, 16).ok()).unwrap_or(0)
}

/// The file of shard `k`.
fn file(dir: &Path, k: usize) -> PathBuf {
    dir.join(format!("{k:x}.bin"))
}

/// What the cache gave this build.
pub(crate) struct Lookup {
    /// Per article (parallel to the articles), its cached analysis, if any.
    pub hits: Vec<Option<Analyzed>>,
    /// Per shard, whether its file must be rewritten: an entry is missing, deleted or unreadable.
    pub stale: Vec<bool>,
    /// Why a file was not used (foreign, corrupt), to tell the user.
    pub warnings: Vec<Diagnostic>,
}

/// Looks up every article in the cache at `cache` (`None`: reading is not allowed, `--no-cache`).
pub(crate) fn lookup(cache: Option<&Path>, articles: &[Article]) -> Lookup {
    let n = articles.len();
    let Some(cache) = cache else {
        return Lookup { hits: (0..n).map(|_| None).collect(), stale: vec![true; SHARDS], warnings: Vec::new() };
    };
    let dir = folder(cache);
    let read: Vec<Result<Option<HashMap<String, Analyzed>>, Diagnostic>> =
        (0..SHARDS).into_par_iter().map(|k| read_shard(&file(&dir, k))).collect();
    let mut warnings = Vec::new();
    let mut stale = vec![false; SHARDS];
    let mut maps: Vec<HashMap<String, Analyzed>> = Vec::with_capacity(SHARDS);
    for (k, r) in read.into_iter().enumerate() {
        match r {
            Ok(Some(m)) => maps.push(m),
            Ok(None) => {
                stale[k] = true;
                maps.push(HashMap::new());
            }
            Err(d) => {
                // One warning for the whole cache is enough: it is the same cause for every shard.
                if warnings.is_empty() {
                    warnings.push(d);
                }
                stale[k] = true;
                maps.push(HashMap::new());
            }
        }
    }
    let mut hits: Vec<Option<Analyzed>> = (0..n).map(|_| None).collect();
    let mut taken: HashMap<&str, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        let k = shard_of(&a.hash);
        if let Some(x) = maps[k].remove(&a.hash) {
            hits[i] = Some(x);
            taken.insert(&a.hash, i);
        } else if let Some(&j) = taken.get(a.hash.as_str()) {
            // Two files with the same bytes share one entry.
            hits[i] = hits[j].clone();
        } else {
            stale[k] = true;
        }
    }
    // Entries of articles that are gone (deleted or changed) drop out.
    for (k, m) in maps.iter().enumerate() {
        stale[k] |= !m.is_empty();
    }
    Lookup { hits, stale, warnings }
}

/// Reads one shard: `None` when there is none yet; a warning when it cannot be used.
fn read_shard(path: &Path) -> Result<Option<HashMap<String, Analyzed>>, Diagnostic> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unusable(path, &format!("cannot be read ({e})"))),
    };
    let entries = decode(&bytes).map_err(|why| unusable(path, why))?;
    Ok(Some(entries.into_iter().collect()))
}

/// The entries of a shard file's bytes, or why they cannot be used.
fn decode(bytes: &[u8]) -> Result<Vec<(String, Analyzed)>, &'static str> {
    let payload = crate::cache::unseal(MAGIC, "is not an analysis cache file", bytes)?;
    postcard::from_bytes(payload).map_err(|_| "is damaged (it cannot be decoded)")
}

/// The warning for a shard file that cannot be used.
fn unusable(path: &Path, why: &str) -> Diagnostic {
    Diagnostic::new(
        path,
        1,
        1,
        format!("the analysis cache {why}: analysing the articles again"),
        "nothing to do: the cache is rebuilt by this build (deleting .roundup/cache is always safe)",
    )
}

/// One entry as written: borrowed from the site, laid out as [`Analyzed`] is read back.
#[derive(serde::Serialize)]
struct Entry<'a> {
    lead: &'a str,
    words: usize,
    features: &'a Features,
    figures: &'a [Figure],
}

/// Rewrites the stale shards of the cache at `cache` from the analysed articles, atomically (a
/// temporary file renamed over the old one). A failure to write is a warning: the cache only saves
/// work.
pub(crate) fn save(
    cache: &Path,
    articles: &[Article],
    features: &[Features],
    figures: &[Vec<Figure>],
    stale: &[bool],
) -> Vec<Diagnostic> {
    let dir = folder(cache);
    remove_leftovers(&dir);
    if !stale.iter().any(|&s| s) {
        return Vec::new();
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return vec![not_saved(&dir, &e)];
    }
    let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); SHARDS];
    for (i, a) in articles.iter().enumerate() {
        if !a.hash.is_empty() {
            by_shard[shard_of(&a.hash)].push(i);
        }
    }
    (0..SHARDS)
        .into_par_iter()
        .filter(|&k| stale.get(k).copied().unwrap_or(true))
        .filter_map(|k| {
            let mut ix = by_shard[k].clone();
            ix.sort_by(|&a, &b| articles[a].hash.cmp(&articles[b].hash));
            ix.dedup_by(|a, b| articles[*a].hash == articles[*b].hash);
            let entries: Vec<(&str, Entry)> = ix
                .iter()
                .map(|&i| {
                    let a = &articles[i];
                    (
                        a.hash.as_str(),
                        Entry { lead: &a.lead, words: a.words, features: &features[i], figures: &figures[i] },
                    )
                })
                .collect();
            let payload = postcard::to_allocvec(&entries).expect("plain data always serializes");
            let bytes = crate::cache::seal(MAGIC, &payload);
            let path = file(&dir, k);
            write_atomic(&path, &bytes).err().map(|e| not_saved(&path, &e))
        })
        .collect()
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed over it: a
/// reader (or a build killed meanwhile) sees the old file or the new one, never part of one.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .inspect_err(|_| drop(std::fs::remove_file(&tmp)))
}

/// Removes temporary files a killed build left in `dir`.
pub(crate) fn remove_leftovers(dir: &Path) {
    let Ok(list) = std::fs::read_dir(dir) else { return };
    for e in list.flatten() {
        if e.file_name().to_string_lossy().contains(".tmp-") {
            drop(std::fs::remove_file(e.path()));
        }
    }
}

/// The warning for a cache file that could not be written.
fn not_saved(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(path, 1, 1, format!("cannot save the analysis cache: {e}"), "the next build analyses again")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_files_are_refused() {
        let payload = postcard::to_allocvec(&Vec::<(String, u8)>::new()).unwrap();
        let good = crate::cache::seal(MAGIC, &payload);
        assert!(decode(&good).is_ok());
        for cut in 0..good.len() {
            assert!(decode(&good[..cut]).is_err(), "truncated at {cut}");
        }
        let mut foreign = good.clone();
        foreign[MAGIC.len()] ^= 1;
        assert_eq!(decode(&foreign).unwrap_err(), "was made by another build of Roundup");
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 0x55;
        assert!(decode(&flipped).unwrap_err().contains("damaged"));
        assert_eq!(shard_of("f0"), 15);
        assert_eq!(shard_of(""), 0);
    }
}
