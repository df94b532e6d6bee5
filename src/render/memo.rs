//! The page memo: each page's [key](super::keys) as of the last build, and the facts of the file
//! it left in the output folder, so that a page whose key is unchanged is not rendered again.
//!
//! A page may be skipped only if the file in the output folder is still the one that build left,
//! so a page edited, replaced or removed by hand is rendered (and restored) as before. Its size,
//! modification time (to the nanosecond) and inode as recorded say so at the cost of one `stat`.
//! Otherwise the hash of its bytes, also recorded, is checked: a file with new times but the same
//! bytes (an output folder restored from a CI cache, a copy) is still kept, unrendered. As with
//! git's index, a file modified within [`RACY`] of being recorded could be edited again within the
//! same tick of the file system's clock and keep its time, so its times are never trusted: its
//! bytes are checked.
//!
//! Kept in `.roundup/cache/build/pages`; a missing, foreign or damaged file only means every page
//! is rendered. The preview server keeps its memo in memory, for its private folder.

use super::keys::Key;
use crate::output::OutPath;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// First line of the file: what it is, and the version of its layout.
const MAGIC: &[u8] = b"roundup page memo 1\n";

/// A file modified this recently when recorded is always checked by its bytes (see the module
/// documentation).
const RACY: Duration = Duration::from_secs(2);

/// What is known of an output file: size, modification time in ns, inode.
type Facts = (u64, i128, u64);

/// The hash of a file's bytes.
pub(crate) type Digest = [u8; 16];

/// The [`Digest`] of `bytes`.
pub(crate) fn digest(bytes: &[u8]) -> Digest {
    let mut d = [0; 16];
    d.copy_from_slice(&blake3::hash(bytes).as_bytes()[..16]);
    d
}

/// What the memo knows of one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Entry {
    key: Key,
    /// The hash of the file's bytes.
    digest: Digest,
    /// The file's facts when recorded, if they can be trusted (not modified within [`RACY`]);
    /// `None` in a private folder too, where the digest is trusted without reading.
    facts: Option<Facts>,
}

/// The pages of the last build (or rebuild) whose files can be trusted, with their keys.
#[derive(Default)]
pub(crate) struct Memo {
    /// The folder the pages are in.
    dir: PathBuf,
    /// Path → what is known of its page.
    pages: HashMap<String, Entry>,
    /// Whether the folder is private (the preview server's): its files are as recorded.
    private: bool,
}

/// The memo's file in the cache folder `cache`.
fn file(cache: &Path) -> PathBuf {
    cache.join("build").join("pages")
}

#[cfg(unix)]
fn facts_of(m: &std::fs::Metadata) -> Facts {
    use std::os::unix::fs::MetadataExt;
    (m.size(), i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()), m.ino())
}

#[cfg(not(unix))]
fn facts_of(m: &std::fs::Metadata) -> Facts {
    let t = m.modified().ok().and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
    (m.len(), t.map_or(0, |d| d.as_nanos() as i128), 0)
}

/// The facts of the regular file at `path`, if it is one.
fn facts(path: &Path) -> Option<Facts> {
    std::fs::symlink_metadata(path).ok().filter(std::fs::Metadata::is_file).map(|m| facts_of(&m))
}

impl Memo {
    /// The memo the last build left for the output folder `dir`, from the cache folder `cache`
    /// (`None`: `--no-cache`, or no cache). Anything unreadable gives an empty memo.
    pub(crate) fn load(cache: Option<&Path>, dir: &Path) -> Memo {
        let pages = cache.and_then(|c| std::fs::read(file(c)).ok()).and_then(|b| decode(&b)).unwrap_or_default();
        Memo { dir: dir.to_path_buf(), pages, private: false }
    }

    /// A memo of a private folder, whose files nobody else changes: the preview server's.
    pub(crate) fn private(dir: &Path, pages: Vec<(OutPath, Key, Digest)>) -> Memo {
        let pages = pages
            .into_iter()
            .map(|(p, key, digest)| (p.as_str().to_string(), Entry { key, digest, facts: None }))
            .collect();
        Memo { dir: dir.to_path_buf(), pages, private: true }
    }

    /// If the page at `path` has key `key` and its file is as that build left it, the hash of
    /// its bytes; `None` means it must be rendered.
    pub(crate) fn unchanged(&self, path: &OutPath, key: &Key) -> Option<Digest> {
        let e = self.pages.get(path.as_str()).filter(|e| e.key == *key)?;
        if self.private {
            return Some(e.digest);
        }
        let file = self.dir.join(path.as_str());
        let now = facts(&file)?;
        if e.facts == Some(now) {
            return Some(e.digest);
        }
        // New times (a restored or copied folder, or a recent write): the bytes decide.
        (e.facts.is_none_or(|f| f.0 == now.0) && std::fs::read(&file).is_ok_and(|b| digest(&b) == e.digest))
            .then_some(e.digest)
    }

    /// Records the pages just committed to the output folder `dir` in the cache folder `cache`:
    /// each one's key and digest, and its file's facts unless it was modified less than [`RACY`]
    /// ago. A memo that cannot be saved only costs the next build its unrendered pages.
    pub(crate) fn save(cache: &Path, dir: &Path, pages: &[(OutPath, Key, Digest)]) {
        let recent = SystemTime::now().checked_sub(RACY).and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
        let Some(before) = recent.map(|d| d.as_nanos() as i128) else { return };
        let entries: Vec<(&str, Entry)> = pages
            .par_iter()
            .with_max_len(crate::parallel::PAR_LEAF * 8)
            .map(|(p, key, digest)| {
                let facts = facts(&dir.join(p.as_str())).filter(|f| f.1 < before);
                (p.as_str(), Entry { key: *key, digest: *digest, facts })
            })
            .collect();
        let path = file(cache);
        if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_ok()
        {
            drop(crate::site::write_atomic(&path, &encode(&entries)));
        }
    }

    /// Forgets the memo in the cache folder `cache`: the output is about to change in ways it
    /// does not describe (a build that fails half-way leaves the old output, which it still
    /// describes, but removing it is never wrong).
    pub(crate) fn forget(cache: &Path) {
        drop(std::fs::remove_file(file(cache)));
    }
}

/// The file: the entries as postcard, framed as every cache file is ([`crate::cache::seal`]).
fn encode(entries: &[(&str, Entry)]) -> Vec<u8> {
    crate::cache::seal(MAGIC, &postcard::to_stdvec(entries).unwrap_or_default())
}

/// The entries of a file [`encode`] wrote with this binary, or `None`.
fn decode(bytes: &[u8]) -> Option<HashMap<String, Entry>> {
    let payload = crate::cache::unseal(MAGIC, "is not a page memo", bytes).ok()?;
    let entries: Vec<(String, Entry)> = postcard::from_bytes(payload).ok()?;
    Some(entries.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Rule;

    fn path(s: &str) -> OutPath {
        OutPath::parse(s, Rule::Page).unwrap()
    }

    #[test]
    fn a_page_is_unchanged_only_with_its_key_and_its_file_as_recorded() {
        let tmp = tempfile::tempdir().unwrap();
        let (cache, out) = (tmp.path().join("cache"), tmp.path().join("out"));
        std::fs::create_dir_all(out.join("a")).unwrap();
        for f in ["a/index.html", "b.html", "new.html"] {
            std::fs::write(out.join(f), "old").unwrap();
        }
        // Two files old enough to be known by their facts; `new.html` was just written.
        let old = SystemTime::now() - Duration::from_secs(60);
        for f in ["a/index.html", "b.html"] {
            std::fs::File::options().write(true).open(out.join(f)).unwrap().set_modified(old).unwrap();
        }
        let d = digest(b"old");
        let pages =
            vec![(path("a/index.html"), [1; 16], d), (path("b.html"), [2; 16], d), (path("new.html"), [3; 16], d)];
        Memo::save(&cache, &out, &pages);
        let memo = Memo::load(Some(&cache), &out);
        assert_eq!(memo.unchanged(&path("a/index.html"), &[1; 16]), Some(d));
        assert_eq!(memo.unchanged(&path("a/index.html"), &[9; 16]), None, "another key");
        assert_eq!(memo.unchanged(&path("new.html"), &[3; 16]), Some(d));
        assert_eq!(memo.unchanged(&path("c.html"), &[1; 16]), None, "a page it never saw");
        // An edit that keeps size and times (as one in the same tick of the clock could) is seen
        // in a file modified just before it was recorded, by its bytes.
        let f = std::fs::File::options().write(true).open(out.join("new.html")).unwrap();
        let mtime = f.metadata().unwrap().modified().unwrap();
        std::fs::write(out.join("new.html"), "NEW").unwrap();
        f.set_modified(mtime).unwrap();
        assert_eq!(memo.unchanged(&path("new.html"), &[3; 16]), None, "an edit within the clock's tick");
        std::fs::write(out.join("b.html"), "new").unwrap();
        assert_eq!(memo.unchanged(&path("b.html"), &[2; 16]), None, "a file edited by hand");
        // The same bytes with new times and a new inode (a folder restored from a cache): kept.
        std::fs::remove_file(out.join("b.html")).unwrap();
        std::fs::write(out.join("b.html"), "old").unwrap();
        assert_eq!(memo.unchanged(&path("b.html"), &[2; 16]), Some(d), "the same bytes, rewritten");
        std::fs::remove_file(out.join("a/index.html")).unwrap();
        assert_eq!(memo.unchanged(&path("a/index.html"), &[1; 16]), None, "a file removed by hand");
        assert_eq!(Memo::load(None, &out).unchanged(&path("b.html"), &[2; 16]), None, "--no-cache reads no memo");
        let private = Memo::private(&out, vec![(path("gone.html"), [4; 16], d)]);
        assert_eq!(private.unchanged(&path("gone.html"), &[4; 16]), Some(d), "a private folder is not checked");
    }

    #[test]
    fn a_damaged_or_foreign_memo_is_not_used() {
        let x = Entry { key: [7; 16], digest: [1; 16], facts: Some((3, 4, 5)) };
        let y = Entry { key: [8; 16], digest: [2; 16], facts: None };
        let good = encode(&[("x.html", x), ("y.html", y)]);
        let read = decode(&good).unwrap();
        assert_eq!((read["x.html"], read["y.html"]), (x, y));
        let mut bad = good.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(decode(&bad).is_none(), "a checksum that does not match");
        assert!(decode(&good[..good.len() - 3]).is_none(), "truncated");
        let mut foreign = good.clone();
        foreign[MAGIC.len()] ^= 1;
        assert!(decode(&foreign).is_none(), "written by another build of Roundup");
    }
}
