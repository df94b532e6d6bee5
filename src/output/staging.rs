//! A build's pending output: a complete new site staged beside the old one, then swapped in.
//!
//! Every file of the new build goes into a staging folder beside the output (`.public.staging`):
//! new and changed files are written there, unchanged ones hard-linked from the old output (so
//! they keep their modification times, and deploys sync only what changed), and files the user
//! put into the output folder by hand are carried over. The staged folder then replaces the
//! output in one atomic step ([`super::swap`]). A build that fails, or is killed at any moment,
//! leaves the complete old site; one that finishes leaves the complete new one.

use super::manifest::{self, Previous};
use super::path::{OutPath, Rule};
use super::swap;
use crate::diag::Diagnostic;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Marks a staging folder as Roundup's own, so a leftover one may be removed.
const MARKER: &str = ".roundup-staging";

/// A build's pending output.
pub(crate) struct Staging {
    target: PathBuf,
    staging: PathBuf,
    /// Files the previous build wrote (from the output folder's manifest).
    previous: HashSet<OutPath>,
    /// Check only: record and validate every output, touch nothing (`roundup check`).
    dry: bool,
    files: Mutex<HashSet<OutPath>>,
    /// Folders made in staging so far: an event's page and feed share one, and asking to make
    /// it again costs two failing system calls.
    dirs: Mutex<HashSet<String>>,
    changed: Mutex<Vec<OutPath>>,
    unchanged: Mutex<Vec<OutPath>>,
}

/// What a commit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct WriteStats {
    /// Files whose content changed (or are new).
    pub written: usize,
    /// Files left as they were because their content was the same.
    pub unchanged: usize,
    /// Files of the previous build that the site no longer has.
    pub removed: usize,
    /// Files the user put into the output folder, kept.
    pub kept: usize,
}

impl Staging {
    /// Prepares to build into `target` (an output folder already checked by
    /// [`super::target::resolve`]). Clears what a killed build left, and refuses a non-empty
    /// output folder that no Roundup build wrote, since its files cannot be told from the user's.
    pub(crate) fn new(target: &Path, dry: bool) -> Result<Staging, Diagnostic> {
        let staging = swap::sibling(target, "staging");
        let fail = |e: io::Error| {
            Diagnostic::new(target, 1, 1, format!("cannot prepare the output folder: {e}"), "check its permissions")
        };
        if !dry {
            swap::recover(target).map_err(fail)?;
            let parked = swap::parked(target);
            if parked.is_dir() {
                remove_tree(&parked).map_err(fail)?;
            }
            remove_leftover(&staging)?;
        }
        let previous = match manifest::read(target).map_err(fail)? {
            Previous::Empty => HashSet::new(),
            Previous::Written(files) => files.into_iter().collect(),
            Previous::Unknown => {
                return Err(Diagnostic::new(
                    target,
                    1,
                    1,
                    format!("the output folder has files but no {}: Roundup did not write it", manifest::NAME),
                    "Roundup replaces only folders it built; move or delete this folder (or choose another output_dir) and build again",
                ));
            }
        };
        if !dry {
            fs::create_dir_all(&staging).map_err(fail)?;
            fs::write(staging.join(MARKER), "").map_err(fail)?;
        }
        Ok(Staging {
            target: target.to_path_buf(),
            staging,
            previous,
            dry,
            files: Mutex::default(),
            dirs: Mutex::default(),
            changed: Mutex::default(),
            unchanged: Mutex::default(),
        })
    }

    /// Records one output file; writes it to staging unless the previous build wrote the same bytes.
    pub(crate) fn write(&self, path: &OutPath, bytes: &[u8]) -> io::Result<()> {
        if !self.files.lock().expect("no panics while locked").insert(path.clone()) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("two outputs for {path}")));
        }
        if self.dry {
            return Ok(());
        }
        if self.previous.contains(path) && same_file(&self.target.join(path.as_str()), bytes) {
            self.unchanged.lock().expect("no panics while locked").push(path.clone());
            return Ok(());
        }
        self.make_dir(path.parent())?;
        fs::write(self.staging.join(path.as_str()), bytes)?;
        self.changed.lock().expect("no panics while locked").push(path.clone());
        Ok(())
    }

    /// Records one output file as the previous build's, unrendered: the caller knows its bytes
    /// would be the same (its page key is unchanged and its file untouched). `false` if the
    /// previous build did not write it, or it was already recorded; the caller renders it then.
    pub(crate) fn keep(&self, path: &OutPath) -> bool {
        if self.dry || !self.previous.contains(path) {
            return false;
        }
        if !self.files.lock().expect("no panics while locked").insert(path.clone()) {
            return false;
        }
        self.unchanged.lock().expect("no panics while locked").push(path.clone());
        true
    }

    /// Makes folder `dir` (relative) in staging. A folder is noted only once made, so no thread
    /// skips making one that is not there yet; two threads may both make it, which
    /// `create_dir_all` allows.
    fn make_dir(&self, dir: Option<&str>) -> io::Result<()> {
        if let Some(dir) = dir
            && !self.dirs.lock().expect("no panics while locked").contains(dir)
        {
            fs::create_dir_all(self.staging.join(dir))?;
            self.dirs.lock().expect("no panics while locked").insert(dir.to_string());
        }
        Ok(())
    }

    /// Completes the staged site and swaps it in for the output folder. On failure the output
    /// is as it was, and the staging folder is removed.
    pub(crate) fn commit(self) -> Result<WriteStats, Diagnostic> {
        let (staging, dry) = (self.staging.clone(), self.dry);
        let result = self.complete();
        if result.is_err() && !dry {
            let _ = remove_tree(&staging);
        }
        result
    }

    fn complete(self) -> Result<WriteStats, Diagnostic> {
        let files = std::mem::take(&mut *self.files.lock().expect("no panics while locked"));
        let changed = std::mem::take(&mut *self.changed.lock().expect("no panics while locked"));
        let unchanged = std::mem::take(&mut *self.unchanged.lock().expect("no panics while locked"));
        let removed = self.previous.iter().filter(|p| !files.contains(*p)).count();
        let fail = |e: io::Error| {
            Diagnostic::new(
                &self.target,
                1,
                1,
                format!("cannot write the output folder: {e}"),
                "check its permissions and free space",
            )
        };
        let t = std::time::Instant::now();
        let foreign = foreign_files(&self.target, &self.previous).map_err(fail)?;
        crate::timing::note("write-foreign", t);
        if let Some((clash, _)) = foreign.iter().find(|(f, _)| files.contains(f.as_str())) {
            return Err(Diagnostic::new(
                &self.target.join(clash),
                1,
                1,
                "a file Roundup did not write is where a page of the site goes",
                "move or delete it; Roundup never overwrites files it did not write",
            ));
        }
        let stats = WriteStats { written: changed.len(), unchanged: unchanged.len(), removed, kept: foreign.len() };
        if self.dry {
            return Ok(stats);
        }
        // Nothing changed: the output already is this build, so it is left as it is.
        if changed.is_empty() && removed == 0 && self.target.join(manifest::NAME).is_file() {
            remove_tree(&self.staging).map_err(fail)?;
            return Ok(stats);
        }
        let link_all = |list: &[(String, bool)]| -> io::Result<()> {
            list.par_iter().with_max_len(crate::parallel::PAR_LEAF * 8).try_for_each(|(rel, is_dir)| {
                let (from, to) = (self.target.join(rel), self.staging.join(rel));
                self.make_dir(rel.rsplit_once('/').map(|(d, _)| d))?;
                if *is_dir { fs::create_dir_all(to) } else { link_or_copy(&from, &to) }
            })
        };
        let unchanged: Vec<(String, bool)> = unchanged.iter().map(|p| (p.as_str().to_string(), false)).collect();
        let t = std::time::Instant::now();
        link_all(&unchanged).map_err(fail)?;
        link_all(&foreign).map_err(fail)?;
        crate::timing::note("write-links", t);
        fs::write(self.staging.join(manifest::NAME), manifest::render(&files)).map_err(fail)?;
        fs::remove_file(self.staging.join(MARKER)).map_err(fail)?;
        if self.target.exists() {
            swap::exchange(&self.staging, &self.target).map_err(fail)?;
            // The staging name now holds the old site.
            let t = std::time::Instant::now();
            remove_tree(&self.staging).map_err(fail)?;
            crate::timing::note("write-remove-old", t);
        } else {
            if let Some(parent) = self.target.parent() {
                fs::create_dir_all(parent).map_err(fail)?;
            }
            fs::rename(&self.staging, &self.target).map_err(fail)?;
        }
        Ok(stats)
    }

    /// Throws the staging folder away, leaving the output untouched.
    pub(crate) fn abort(self) {
        if !self.dry {
            let _ = remove_tree(&self.staging);
        }
    }
}

/// Copies the files of `static/` (as listed by [`crate::walk`]) through `write`, which refuses
/// a second output at one path; a clash with a page, or a name no output may have, is reported
/// per file. Shared by the staged build and the preview server's writer.
pub(crate) fn copy_static(
    src: &Path,
    files: &[PathBuf],
    write: &dyn Fn(&OutPath, &[u8]) -> io::Result<()>,
) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap_or(f).to_string_lossy().replace('\\', "/");
        let show = Path::new("static").join(&rel);
        let result = OutPath::parse(&rel, Rule::Static)
            .map_err(|why| io::Error::new(io::ErrorKind::InvalidInput, format!("cannot publish {why}")))
            .and_then(|p| fs::read(f).and_then(|b| write(&p, &b)));
        if let Err(err) = result {
            let (msg, hint) = match err.kind() {
                io::ErrorKind::AlreadyExists => (
                    format!("static file would be written to {rel}, which a generated page already uses"),
                    "rename or remove the static file",
                ),
                io::ErrorKind::InvalidInput => (err.to_string(), "rename the file"),
                _ => (format!("cannot copy static file: {err}"), ""),
            };
            problems.push(Diagnostic::new(&show, 1, 1, msg, hint));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Whether the regular file at `path` holds exactly `bytes`.
fn same_file(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Removes a staging folder a killed build left behind, if it is Roundup's: it holds the marker
/// (staged, not yet swapped), a manifest (the old site, swapped out) or nothing.
fn remove_leftover(staging: &Path) -> Result<(), Diagnostic> {
    if !staging.exists() {
        return Ok(());
    }
    let ours = staging.join(MARKER).exists()
        || staging.join(manifest::NAME).exists()
        || fs::read_dir(staging).is_ok_and(|mut d| d.next().is_none());
    if !ours {
        return Err(Diagnostic::new(
            staging,
            1,
            1,
            "this folder is in the way of the build's staging folder, and Roundup did not make it",
            "move or delete it",
        ));
    }
    remove_tree(staging).map_err(|e| {
        Diagnostic::new(
            staging,
            1,
            1,
            format!("cannot remove what an interrupted build left: {e}"),
            "delete it by hand",
        )
    })
}

/// Files and links in the output folder that no Roundup build wrote (relative paths), so that
/// they are carried into the new build; empty folders are listed too (marked `true`).
fn foreign_files(target: &Path, previous: &HashSet<OutPath>) -> io::Result<Vec<(String, bool)>> {
    if !target.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = entries_below(target, "")?;
    out.retain(|(rel, is_dir)| *is_dir || (rel != manifest::NAME && !previous.contains(rel.as_str())));
    out.sort();
    Ok(out)
}

/// Every file below `dir` and every empty folder (`true`), as paths relative to the output
/// folder (`rel` is `dir`'s), listing folders in parallel: an archive's output has a folder per
/// page, and one thread listing 100,000 of them took over a second.
fn entries_below(dir: &Path, rel: &str) -> io::Result<Vec<(String, bool)>> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    if entries.is_empty() && !rel.is_empty() {
        return Ok(vec![(rel.to_string(), true)]);
    }
    let parts: Vec<Vec<(String, bool)>> = entries
        .par_iter()
        .with_max_len(64)
        .map(|e| {
            let name = e.file_name().to_string_lossy().replace('\\', "/");
            let rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            if e.file_type()?.is_dir() { entries_below(&e.path(), &rel) } else { Ok(vec![(rel, false)]) }
        })
        .collect::<io::Result<_>>()?;
    Ok(parts.into_iter().flatten().collect())
}

/// Puts the old output's file `from` into the new one at `to`: a hard link, so the content and
/// modification time are the old file's, or a copy with the old time where links are not
/// possible (a symbolic link the user put there is carried as a link).
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let meta = fs::symlink_metadata(from)?;
    if meta.is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(fs::read_link(from)?, to);
        #[cfg(not(unix))]
        return Ok(());
    }
    fs::copy(from, to)?;
    fs::File::options().write(true).open(to)?.set_modified(meta.modified()?)
}

/// Removes a folder of Roundup's, its marker last: a build killed half-way through removing it
/// leaves a folder that the next build still knows to be Roundup's (by the marker, or because
/// it is empty), where removing the manifest early would leave an unknown folder behind.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let marker = dir.join(MARKER);
    if !marker.exists() {
        fs::write(&marker, "")?;
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().filter(|e| e.file_name() != MARKER).try_for_each(remove_entry)?;
    fs::remove_file(&marker)?;
    fs::remove_dir(dir)
}

/// Removes one entry of a folder: a file or link, or a folder with everything in it, its
/// folders in parallel (one thread removing an archive's 100,000 page folders took seconds).
fn remove_entry(e: &fs::DirEntry) -> io::Result<()> {
    if !e.file_type()?.is_dir() {
        return fs::remove_file(e.path());
    }
    let below: Vec<fs::DirEntry> = fs::read_dir(e.path())?.collect::<Result<_, _>>()?;
    below.par_iter().with_max_len(64).try_for_each(remove_entry)?;
    fs::remove_dir(e.path())
}

#[cfg(test)]
mod tests;
