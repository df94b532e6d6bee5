//! Write: puts rendered pages into the output folder without ever leaving it half-built.
//!
//! Pages are compared with what the output folder already holds. Unchanged files
//! are not touched at all (their modification times stay, so deploys sync only
//! what changed); changed ones are written to a staging folder beside the output.
//! Only when every page has rendered are they moved in and stale files removed,
//! so a failed build leaves the previous output exactly as it was.

use crate::diag::Diagnostic;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A build's pending output.
pub struct Staging {
    target: PathBuf,
    /// Whether the output folder existed when the build started (if not, nothing can be unchanged).
    existed: bool,
    staging: PathBuf,
    files: Mutex<HashSet<String>>,
    /// Folders made in staging so far: an event's page and feed share one, and asking to make
    /// it again costs two failing system calls.
    dirs: Mutex<HashSet<String>>,
    changed: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
}

/// What a commit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose content changed (or are new).
    pub written: usize,
    /// Files left untouched because their content was the same.
    pub unchanged: usize,
    /// Files removed because the site no longer has them.
    pub removed: usize,
}

impl Staging {
    /// Prepares an empty staging folder beside `target` (e.g. `.public.staging`).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let staging = target.with_file_name(format!(".{name}.staging"));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        Ok(Staging {
            existed: target.is_dir(),
            target: target.to_path_buf(),
            staging,
            files: Mutex::default(),
            dirs: Mutex::default(),
            changed: Mutex::default(),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Records one output file; only writes it (to staging) when it differs from the current output.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if !self.files.lock().expect("no panics while locked").insert(rel.to_string()) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("two outputs for {rel}")));
        }
        let current = self.target.join(rel);
        let same = self.existed
            && fs::metadata(&current).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && fs::read(&current).is_ok_and(|old| old == bytes);
        if same {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let dest = self.staging.join(rel);
        // A folder is noted only once made, so no thread skips making one that is not there yet;
        // two threads may both make it, which `create_dir_all` allows.
        if let Some((dir, _)) = rel.rsplit_once('/')
            && !self.dirs.lock().expect("no panics while locked").contains(dir)
        {
            fs::create_dir_all(self.staging.join(dir))?;
            self.dirs.lock().expect("no panics while locked").insert(dir.to_string());
        }
        fs::write(&dest, bytes)?;
        self.changed.lock().expect("no panics while locked").push(rel.to_string());
        Ok(())
    }

    /// Copies a folder of static files (as is) into the output; a clash with a page is an error.
    pub fn copy_dir(&self, src: &Path, shown: &Path) -> Result<(), Vec<Diagnostic>> {
        if !src.is_dir() {
            return Ok(());
        }
        let mut problems = Vec::new();
        for e in walkdir::WalkDir::new(src)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let rel = e.path().strip_prefix(src).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
            let show = shown.join(&rel);
            let result = fs::read(e.path()).and_then(|b| self.write(&rel, &b));
            if let Err(err) = result {
                let (msg, hint) = if err.kind() == io::ErrorKind::AlreadyExists {
                    (
                        format!("static file would be written to {rel}, which a generated page already uses"),
                        "rename or remove the static file",
                    )
                } else {
                    (format!("cannot copy static file: {err}"), "")
                };
                problems.push(Diagnostic::new(&show, 1, 1, msg, hint));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// Moves changed files into the output and removes files the site no longer has.
    pub fn commit(self) -> io::Result<WriteStats> {
        let changed = self.changed.into_inner().expect("no panics while locked");
        let files = self.files.into_inner().expect("no panics while locked");
        let unchanged = self.unchanged.into_inner();
        if !self.target.exists() {
            fs::rename(&self.staging, &self.target)?;
            return Ok(WriteStats { written: changed.len(), unchanged, removed: 0 });
        }
        for rel in &changed {
            let dest = self.target.join(rel);
            if let Some(parent) = dest.parent() {
                if parent.is_file() {
                    fs::remove_file(parent)?;
                }
                fs::create_dir_all(parent)?;
            }
            if dest.is_dir() {
                fs::remove_dir_all(&dest)?;
            }
            fs::rename(self.staging.join(rel), &dest)?;
        }
        let mut removed = 0;
        let stale: Vec<PathBuf> = walkdir::WalkDir::new(&self.target)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .filter(|e| {
                let rel = e.path().strip_prefix(&self.target).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
                !files.contains(&rel)
            })
            .map(|e| e.into_path())
            .collect();
        for p in stale {
            fs::remove_file(&p)?;
            removed += 1;
        }
        remove_empty_dirs(&self.target)?;
        fs::remove_dir_all(&self.staging)?;
        Ok(WriteStats { written: changed.len(), unchanged, removed })
    }

    /// Throws the staging folder away, leaving the output untouched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Removes folders left empty by stale-file removal (but never the output root).
fn remove_empty_dirs(root: &Path) -> io::Result<()> {
    let dirs: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    for d in dirs {
        if fs::read_dir(&d)?.next().is_none() {
            fs::remove_dir(&d)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("roundup-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn unchanged_files_keep_their_time_and_stale_ones_go() {
        let root = tmp("stats");
        let out = root.join("public");
        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"two").unwrap();
        assert_eq!(s.commit().unwrap(), WriteStats { written: 2, unchanged: 0, removed: 0 });
        let old = SystemTime::now() - Duration::from_secs(3600);
        fs::File::options().write(true).open(out.join("b.txt")).unwrap().set_modified(old).unwrap();

        let s = Staging::new(&out).unwrap();
        s.write("b.txt", b"two").unwrap();
        s.write("c.txt", b"new").unwrap();
        assert_eq!(s.commit().unwrap(), WriteStats { written: 1, unchanged: 1, removed: 1 });
        assert_eq!(fs::metadata(out.join("b.txt")).unwrap().modified().unwrap(), old);
        assert!(!out.join("a").exists());
        assert_eq!(fs::read(out.join("c.txt")).unwrap(), b"new");
        assert!(!root.join(".public.staging").exists());
    }

    #[test]
    fn files_sharing_new_folders_are_all_written_from_many_threads() {
        let root = tmp("shared-dirs");
        let out = root.join("public");
        let s = Staging::new(&out).unwrap();
        // Each folder's two files are written by different threads at about the same time.
        let rels: Vec<String> =
            (0..400).flat_map(|i| [format!("e/{i}/index.html"), format!("e/{i}/feed.xml")]).collect();
        std::thread::scope(|scope| {
            for start in 0..4 {
                let (s, rels) = (&s, &rels);
                scope.spawn(move || {
                    for rel in rels.iter().skip(start).step_by(4).chain(rels.iter().skip((start + 1) % 4).step_by(4)) {
                        match s.write(rel, rel.as_bytes()) {
                            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                            r => r.unwrap(),
                        }
                    }
                });
            }
        });
        assert_eq!(s.commit().unwrap().written, rels.len());
        for rel in &rels {
            assert_eq!(fs::read_to_string(out.join(rel)).unwrap(), *rel);
        }
    }

    #[test]
    fn abort_leaves_output_alone() {
        let root = tmp("abort");
        let out = root.join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("x"), "keep").unwrap();
        let s = Staging::new(&out).unwrap();
        s.write("x", b"changed").unwrap();
        s.abort();
        assert_eq!(fs::read_to_string(out.join("x")).unwrap(), "keep");
        assert!(s_is_gone(&root));
    }

    fn s_is_gone(root: &Path) -> bool {
        !root.join(".public.staging").exists()
    }

    #[test]
    fn duplicate_outputs_are_refused() {
        let root = tmp("dup");
        let s = Staging::new(&root.join("public")).unwrap();
        s.write("x", b"1").unwrap();
        assert_eq!(s.write("x", b"2").unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        s.abort();
    }
}
