//! The clustering pass's saved state, `.roundup/cache/pass.bin`: the pass as it stood after the
//! last dated article of the build that wrote it (see `cluster::Online::snapshot`).
//!
//! A build may go on from it when its own first articles in processing order are those same
//! articles: the same ids, dates and file contents (the content hash of the analysis cache), with
//! the same clustering settings and the same binary (the file's framing, [`crate::cache::seal`]).
//! That is the case when every change sorts after them: new articles dated after all others, and
//! any change to undated articles, which the pass takes last. Any other change (an edit, a
//! deletion, an earlier date) replays the pass from the first article, as a cold build does, so
//! the decisions are always those of a pass from the start.
//!
//! The file holds a header (settings, and per step the article's id, time and hash) and then the
//! state, so a file that does not fit is refused after reading the header alone.

use crate::article::Article;
use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// First line of the file: what it is, and the version of its layout.
const MAGIC: &[u8] = b"roundup pass state 1\n";

/// What a saved state was taken after.
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    /// The clustering settings, as `Debug` shows them.
    settings: String,
    /// Per step: the article's id, time (seconds since the epoch) and content hash.
    steps: Vec<(String, i64, String)>,
}

/// The file in the cache folder `cache`.
fn file(cache: &Path) -> PathBuf {
    cache.join("pass.bin")
}

/// The clustering settings as the header keeps them.
pub(super) fn settings(config: &crate::config::Config) -> String {
    format!("{:?}", config.clustering)
}

/// A saved state as read from the cache, not yet checked against this build's articles: the
/// file's bytes and where its payload starts (the framing is not copied away: the file is large).
pub(super) struct Saved(Vec<u8>, usize);

/// Reads the saved state from the cache folder, if reading it is allowed (`None`: `--no-cache`).
/// A file that is not a usable state is a warning, unless it was only made by another build of
/// Roundup (the analysis cache already says so) or is missing.
pub(super) fn read(cache: Option<&Path>) -> (Option<Saved>, Option<Diagnostic>) {
    let Some(path) = cache.map(file) else { return (None, None) };
    let Ok(bytes) = std::fs::read(&path) else { return (None, None) };
    match crate::cache::unseal(MAGIC, "is not a saved clustering state", &bytes) {
        Ok(payload) => {
            let at = bytes.len() - payload.len();
            (Some(Saved(bytes, at)), None)
        }
        Err(why) if why.contains("another build") => (None, None),
        Err(why) => (None, Some(unusable(&path, why))),
    }
}

impl Saved {
    /// The state and how many of this build's first articles in processing order (`order`) it
    /// was taken after, if they are the very articles it was taken after, with the same settings.
    pub(super) fn fits(&self, settings: &str, order: &[usize], articles: &[Article]) -> Option<(&[u8], usize)> {
        let (header, state) = postcard::take_from_bytes::<Header>(&self.0[self.1..]).ok()?;
        if header.settings != settings || header.steps.len() > order.len() {
            return None;
        }
        let same = header.steps.iter().zip(order).all(|((id, time, hash), &i)| {
            let a = &articles[i];
            !a.hash.is_empty() && a.id == *id && a.hash == *hash && a.date.map(|d| d.timestamp()) == Some(*time)
        });
        same.then_some((state, header.steps.len()))
    }
}

/// Writes the state the pass took after this build's articles `steps` (indexes, in processing
/// order), written by `state`, to a temporary file in the cache folder `cache`: it is large (170 MB
/// at 100,000 articles), so it is streamed to disk as the pass writes it rather than held in memory.
/// [`Staged::commit`] puts it in place once the build may save its cache.
pub(super) fn stage(
    cache: &Path,
    settings: &str,
    steps: &[usize],
    articles: &[Article],
    state: impl FnOnce(&mut crate::cache::SealWriter) -> std::io::Result<()>,
) -> Result<Staged, Diagnostic> {
    let path = file(cache);
    let tmp = cache.join(format!(".pass.bin.tmp-{}", std::process::id()));
    let staged = Staged { tmp, path, done: false };
    let written = std::fs::create_dir_all(cache).and_then(|()| {
        super::remove_cache_leftovers(cache);
        let mut w = crate::cache::SealWriter::create(&staged.tmp, MAGIC)?;
        postcard::to_io(&header(settings, steps, articles), &mut w).map_err(std::io::Error::other)?;
        state(&mut w)?;
        w.finish()
    });
    written.map(|()| staged).map_err(|e| not_saved(&file(cache), &e))
}

/// A saved state written to its temporary file, put in place by [`Staged::commit`]; dropped
/// uncommitted (by `roundup check`, or a build that failed), the file is removed.
pub(crate) struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    done: bool,
}

impl Staged {
    /// Puts the state in place for the next build; a failure is a warning, as it only saves work.
    pub(crate) fn commit(mut self) -> Option<Diagnostic> {
        self.done = true;
        std::fs::rename(&self.tmp, &self.path)
            .inspect_err(|_| drop(std::fs::remove_file(&self.tmp)))
            .err()
            .map(|e| not_saved(&self.path, &e))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            drop(std::fs::remove_file(&self.tmp));
        }
    }
}

/// The warning for a state that could not be saved.
fn not_saved(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        path,
        1,
        1,
        format!("cannot save the clustering state: {e}"),
        "the next build clusters every article again",
    )
}

/// What the state is taken after: the settings and this build's articles `steps`.
fn header(settings: &str, steps: &[usize], articles: &[Article]) -> Header {
    Header {
        settings: settings.to_string(),
        steps: steps
            .iter()
            .map(|&i| {
                let a = &articles[i];
                (a.id.clone(), a.date.map_or(i64::MIN, |d| d.timestamp()), a.hash.clone())
            })
            .collect(),
    }
}

/// The warning for a saved state that cannot be used.
fn unusable(path: &Path, why: &str) -> Diagnostic {
    Diagnostic::new(
        path,
        1,
        1,
        format!("the saved clustering state {why}: clustering every article again"),
        "nothing to do: this build saves it anew (deleting .roundup/cache is always safe)",
    )
}
