//! The preview server's output: a private folder that `roundup serve` owns alone, updated in
//! place.
//!
//! A published output folder is replaced whole ([`super::staging`]), so that a killed build
//! leaves the old site. That costs a link per unchanged file and a swap, about half a second on a
//! 1,000-article site on disk, which is most of the time between saving an article and seeing it.
//! The preview folder is the server's own temporary folder, read by nobody else and removed when
//! it stops, so it is updated in place instead: a rebuild's files are gathered first and written
//! only when the whole rebuild succeeded, each one only if its bytes changed (the writer keeps a
//! hash of every file it wrote), each through a temporary name and a rename, so the server never
//! sends half a file. Files the site no longer has are removed afterwards.
//!
//! Paths are still [`OutPath`]s: this writer joins them to its folder and never decides one.

use super::OutPath;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What one group of files (the pages and static files, or the search index) looked like when
/// last written: path → hash of the bytes.
type Written = HashMap<OutPath, blake3::Hash>;

/// The preview folder and what the writer put in it, by group.
pub(crate) struct Preview {
    dir: PathBuf,
    /// Shared with the batch under way, which may be dropped unfinished and leave them as they are.
    groups: [Arc<Written>; 2],
}

/// The two groups of files a preview writes at different moments: the pages first, so the browser
/// reloads as soon as they are in place, then the search index.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Group {
    /// Pages, feeds and the files of `static/`.
    Pages = 0,
    /// The search index.
    Search = 1,
}

/// One rebuild's files of one group, gathered before anything is written.
pub(crate) struct Batch {
    dir: PathBuf,
    group: Group,
    /// The group's files as last written.
    old: Arc<Written>,
    /// Every file of this rebuild, with its hash.
    seen: Mutex<Written>,
    /// How many files' bytes differ from what is in the folder.
    changed: AtomicUsize,
    /// Pages whose bytes changed, held in memory until [`Batch::finish`]: nothing is written
    /// unless every page rendered. Search index files are written at once (shards can be large).
    pending: Mutex<Vec<(OutPath, Vec<u8>)>>,
}

/// What a finished batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Files written (new or changed).
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files removed because the site no longer has them.
    pub removed: usize,
}

impl Preview {
    /// A writer for the empty, private folder `dir`.
    pub(crate) fn new(dir: &Path) -> Preview {
        Preview { dir: dir.to_path_buf(), groups: Default::default() }
    }

    /// The folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts a rebuild's files of `group`.
    pub(crate) fn batch(&self, group: Group) -> Batch {
        Batch {
            dir: self.dir.clone(),
            group,
            old: Arc::clone(&self.groups[group as usize]),
            seen: Mutex::default(),
            changed: AtomicUsize::new(0),
            pending: Mutex::default(),
        }
    }
}

/// Writes `bytes` at `path` under `dir` through a temporary name in the same folder, then renames it.
fn put(dir: &Path, path: &OutPath, bytes: &[u8]) -> io::Result<()> {
    let full = dir.join(path.as_str());
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut tmp = full.clone().into_os_string();
    tmp.push(".roundup-tmp");
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, &full)
}

impl Batch {
    /// Records one file of this rebuild. A second file at one path is refused, as the staged
    /// build refuses it.
    pub(crate) fn write(&self, path: &OutPath, bytes: &[u8]) -> io::Result<()> {
        let hash = blake3::hash(bytes);
        if self.seen.lock().expect("no panics while locked").insert(path.clone(), hash).is_some() {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("two outputs for {path}")));
        }
        if self.old.get(path) == Some(&hash) {
            return Ok(());
        }
        self.changed.fetch_add(1, Ordering::Relaxed);
        if matches!(self.group, Group::Pages) {
            self.pending.lock().expect("no panics while locked").push((path.clone(), bytes.to_vec()));
            Ok(())
        } else {
            put(&self.dir, path, bytes)
        }
    }

    /// Records the file the folder already has at `path` as this rebuild's, unrendered (its page
    /// key is unchanged). `false` if this group never wrote it, or it was already recorded.
    pub(crate) fn keep(&self, path: &OutPath) -> bool {
        let Some(hash) = self.old.get(path) else { return false };
        self.seen.lock().expect("no panics while locked").insert(path.clone(), *hash).is_none()
    }

    /// Writes what was held back, removes what this rebuild no longer has, and records what the
    /// folder now holds. Call it only when the whole rebuild succeeded; a batch dropped unfinished
    /// writes nothing more (and a held one wrote nothing at all).
    pub(crate) fn finish(self, preview: &mut Preview) -> io::Result<Counts> {
        let seen = self.seen.into_inner().expect("no panics while locked");
        let mut pending = self.pending.into_inner().expect("no panics while locked");
        pending.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        for (path, bytes) in &pending {
            put(&self.dir, path, bytes)?;
        }
        let changed = self.changed.into_inner();
        let mut removed = 0;
        for gone in self.old.keys().filter(|p| !seen.contains_key(*p)) {
            let file = self.dir.join(gone.as_str());
            match fs::remove_file(&file) {
                Ok(()) => {
                    removed += 1;
                    // Folders left empty go too (removing one that is not empty fails, and stops).
                    let mut dir = file.parent();
                    while let Some(d) = dir.filter(|d| *d != self.dir && fs::remove_dir(d).is_ok()) {
                        dir = d.parent();
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        let counts = Counts { written: changed, unchanged: seen.len() - changed, removed };
        preview.groups[self.group as usize] = Arc::new(seen);
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Rule;

    fn path(s: &str) -> OutPath {
        OutPath::parse(s, Rule::Static).unwrap()
    }

    /// One whole rebuild of `group` with these files.
    fn rebuild(preview: &mut Preview, group: Group, files: &[(&str, &[u8])]) -> Counts {
        let b = preview.batch(group);
        files.iter().for_each(|(p, bytes)| b.write(&path(p), bytes).unwrap());
        b.finish(preview).unwrap()
    }

    #[test]
    fn writes_only_changes_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let mut preview = Preview::new(dir.path());
        let b = preview.batch(Group::Pages);
        b.write(&path("a/index.html"), b"one").unwrap();
        b.write(&path("b.css"), b"css").unwrap();
        assert!(!dir.path().join("a/index.html").exists(), "pages are held until the batch finishes");
        assert_eq!(b.finish(&mut preview).unwrap(), Counts { written: 2, unchanged: 0, removed: 0 });
        assert_eq!(fs::read(dir.path().join("a/index.html")).unwrap(), b"one");

        let two: &[(&str, &[u8])] = &[("a/index.html", b"two")];
        assert_eq!(rebuild(&mut preview, Group::Pages, two), Counts { written: 1, unchanged: 0, removed: 1 });
        assert_eq!(fs::read(dir.path().join("a/index.html")).unwrap(), b"two");
        assert!(!dir.path().join("b.css").exists());
        rebuild(&mut preview, Group::Pages, &[("gone/deep/index.html", b"x"), ("a/index.html", b"two")]);
        assert_eq!(rebuild(&mut preview, Group::Pages, two).removed, 1);
        assert!(!dir.path().join("gone").exists(), "folders left empty are removed");
        assert!(dir.path().is_dir());

        let left: Vec<_> = fs::read_dir(dir.path().join("a")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    }

    #[test]
    fn an_unfinished_batch_writes_nothing_and_changes_no_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut preview = Preview::new(dir.path());
        rebuild(&mut preview, Group::Pages, &[("p.html", b"old")]);
        let failed = preview.batch(Group::Pages);
        failed.write(&path("p.html"), b"new").unwrap();
        drop(failed);
        assert_eq!(fs::read(dir.path().join("p.html")).unwrap(), b"old");
        assert_eq!(
            rebuild(&mut preview, Group::Pages, &[("p.html", b"old")]),
            Counts { written: 0, unchanged: 1, removed: 0 }
        );
    }

    #[test]
    fn groups_are_separate_and_two_files_at_one_path_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut preview = Preview::new(dir.path());
        let pages = preview.batch(Group::Pages);
        pages.write(&path("index.html"), b"page").unwrap();
        let clash = pages.write(&path("index.html"), b"static").unwrap_err();
        assert_eq!(clash.kind(), io::ErrorKind::AlreadyExists);
        pages.finish(&mut preview).unwrap();
        let search = preview.batch(Group::Search);
        search.write(&path("pagefind/x.pf"), b"idx").unwrap();
        assert!(dir.path().join("pagefind/x.pf").exists(), "search files are written as they come");
        search.finish(&mut preview).unwrap();
        // A pages rebuild does not remove the search files, and the other way round.
        assert_eq!(rebuild(&mut preview, Group::Pages, &[("index.html", b"page")]).removed, 0);
        assert!(dir.path().join("pagefind/x.pf").exists());
        assert_eq!(rebuild(&mut preview, Group::Search, &[]).removed, 1);
        assert!(dir.path().join("index.html").exists());
    }
}
