//! The page memo: each page's [key](super::keys) as of the last build, and the facts of the file
//! it left in the output folder, so that a page whose key is unchanged is not rendered again.
//!
//! A page may be skipped only if the file in the output folder is still the one that build left:
//! its size, modification time (to the nanosecond) and inode must be as recorded, so a page edited,
//! replaced or removed by hand is rendered (and restored) as before. As with git's index, a file
//! modified within [`RACY`] of being recorded could be edited again within the same tick of the
//! file system's clock and keep its time: for such a file the hash of its bytes is recorded too,
//! and checked.
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

/// A file modified this recently when recorded is checked by its bytes (see the module documentation).
const RACY: Duration = Duration::from_secs(2);

/// What is known of an output file: size, modification time in ns, inode, and for a file
/// modified within [`RACY`] of being recorded, the hash of its bytes.
type Facts = (u64, i128, u64, Option<[u8; 16]>);

/// The hash of a file's bytes, as [`Facts`] holds it.
fn digest(bytes: &[u8]) -> [u8; 16] {
    let mut d = [0; 16];
    d.copy_from_slice(&blake3::hash(bytes).as_bytes()[..16]);
    d
}

/// The pages of the last build (or rebuild) whose files can be trusted, with their keys.
#[derive(Default)]
pub(crate) struct Memo {
    /// The folder the pages are in.
    dir: PathBuf,
    /// Path → key, and the facts its file must still have (`None`: a private folder, trusted).
    pages: HashMap<String, (Key, Option<Facts>)>,
}

/// The memo's file in the cache folder `cache`.
fn file(cache: &Path) -> PathBuf {
    cache.join("build").join("pages")
}

#[cfg(unix)]
fn facts_of(m: &std::fs::Metadata) -> Facts {
    use std::os::unix::fs::MetadataExt;
    (m.size(), i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()), m.ino(), None)
}

#[cfg(not(unix))]
fn facts_of(m: &std::fs::Metadata) -> Facts {
    let t = m.modified().ok().and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
    (m.len(), t.map_or(0, |d| d.as_nanos() as i128), 0, None)
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
        Memo { dir: dir.to_path_buf(), pages }
    }

    /// A memo of a private folder, whose files nobody else changes: the preview server's.
    pub(crate) fn trusted(dir: &Path, keys: Vec<(OutPath, Key)>) -> Memo {
        let pages = keys.into_iter().map(|(p, k)| (p.as_str().to_string(), (k, None))).collect();
        Memo { dir: dir.to_path_buf(), pages }
    }

    /// Whether the page at `path` has key `key` and its file is as that build left it.
    pub(crate) fn unchanged(&self, path: &OutPath, key: &Key) -> bool {
        match self.pages.get(path.as_str()) {
            Some((k, _)) if k != key => false,
            Some((_, None)) => true,
            Some((_, Some(f))) => {
                let file = self.dir.join(path.as_str());
                facts(&file).is_some_and(|now| now.0 == f.0 && now.1 == f.1 && now.2 == f.2)
                    && f.3.is_none_or(|d| std::fs::read(&file).is_ok_and(|b| digest(&b) == d))
            }
            None => false,
        }
    }

    /// Records the keys of the pages just written to the output folder `dir` in the cache folder
    /// `cache`, with their files' facts (and the hash of the bytes of a file modified less than
    /// [`RACY`] ago). A memo that cannot be saved only costs the next build its skipped pages.
    pub(crate) fn save(cache: &Path, dir: &Path, keys: &[(OutPath, Key)]) {
        let recent = SystemTime::now().checked_sub(RACY).and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
        let Some(before) = recent.map(|d| d.as_nanos() as i128) else { return };
        let entries: Vec<(&str, Key, Facts)> = keys
            .par_iter()
            .with_max_len(crate::parallel::PAR_LEAF * 8)
            .filter_map(|(p, k)| {
                let file = dir.join(p.as_str());
                let mut f = facts(&file)?;
                if f.1 >= before {
                    f.3 = Some(digest(&std::fs::read(&file).ok()?));
                }
                Some((p.as_str(), *k, f))
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

/// The file: [`MAGIC`], the binary's fingerprint, then postcard of the entries, then a checksum.
fn encode(entries: &[(&str, Key, Facts)]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(crate::cache::fingerprint().as_bytes());
    out.push(b'\n');
    let body = postcard::to_stdvec(entries).unwrap_or_default();
    out.extend_from_slice(blake3::hash(&body).as_bytes());
    out.extend_from_slice(&body);
    out
}

/// The entries of a file [`encode`] wrote with this binary, or `None`.
fn decode(bytes: &[u8]) -> Option<HashMap<String, (Key, Option<Facts>)>> {
    let rest = bytes.strip_prefix(MAGIC)?.strip_prefix(crate::cache::fingerprint().as_bytes())?.strip_prefix(b"\n")?;
    let (sum, body) = rest.split_at_checked(32)?;
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let entries: Vec<(String, Key, Facts)> = postcard::from_bytes(body).ok()?;
    Some(entries.into_iter().map(|(p, k, f)| (p, (k, Some(f)))).collect())
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
        let keys = vec![(path("a/index.html"), [1; 16]), (path("b.html"), [2; 16]), (path("new.html"), [3; 16])];
        Memo::save(&cache, &out, &keys);
        let memo = Memo::load(Some(&cache), &out);
        assert!(memo.unchanged(&path("a/index.html"), &[1; 16]));
        assert!(!memo.unchanged(&path("a/index.html"), &[9; 16]), "another key");
        assert!(memo.unchanged(&path("new.html"), &[3; 16]));
        // An edit that keeps size and times (as one in the same tick of the clock could) is seen
        // in a file modified just before it was recorded, by its bytes.
        let f = std::fs::File::options().write(true).open(out.join("new.html")).unwrap();
        let mtime = f.metadata().unwrap().modified().unwrap();
        std::fs::write(out.join("new.html"), "NEW").unwrap();
        f.set_modified(mtime).unwrap();
        assert!(!memo.unchanged(&path("new.html"), &[3; 16]), "an edit within the clock's tick");
        assert!(!memo.unchanged(&path("c.html"), &[1; 16]), "a page it never saw");
        std::fs::write(out.join("b.html"), "new").unwrap();
        assert!(!memo.unchanged(&path("b.html"), &[2; 16]), "a file edited by hand");
        std::fs::remove_file(out.join("a/index.html")).unwrap();
        assert!(!memo.unchanged(&path("a/index.html"), &[1; 16]), "a file removed by hand");
        assert!(!Memo::load(None, &out).unchanged(&path("b.html"), &[2; 16]), "--no-cache reads no memo");
    }

    #[test]
    fn a_damaged_or_foreign_memo_is_not_used() {
        let entries = vec![("x.html", [7; 16], (3, 4, 5, None)), ("y.html", [8; 16], (3, 4, 6, Some([1; 16])))];
        let good = encode(&entries);
        assert_eq!(decode(&good).unwrap()["x.html"], ([7; 16], Some((3, 4, 5, None))));
        assert_eq!(decode(&good).unwrap()["y.html"], ([8; 16], Some((3, 4, 6, Some([1; 16])))));
        let mut bad = good.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(decode(&bad).is_none(), "a checksum that does not match");
        assert!(decode(&good[..good.len() - 3]).is_none(), "truncated");
        let foreign = [MAGIC, b"0123456789abcdef0123456789abcdef\n", &good[MAGIC.len() + 33..]].concat();
        assert!(decode(&foreign).is_none(), "written by another build of Roundup");
    }
}
