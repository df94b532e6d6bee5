//! The no-change fast path: `.roundup/cache/build/stamp` records what the last successful build
//! read and wrote, as file facts (path, type, size, modification and change times in
//! nanoseconds, inode), so that a build that finds every fact the same prints its summary without
//! loading, analysing or rendering anything.
//!
//! The facts are those git's index trusts: a file's change time cannot be set back by `touch`, and
//! any write, rename or link count change moves it. One weakness is shared with git ("racily
//! clean" files): file times are taken from a coarse clock, so a file changed twice within one
//! tick, the second time after the build read it, could keep its times. A build whose inputs
//! changed within [`RACY`] of its start therefore records no stamp: the next build is a normal one.

use crate::build;
use crate::config::Config;
use crate::site::{LoadOptions, Site};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How recent an input change makes a stamp untrustworthy: far more than any file system's
/// timestamp granularity.
/// `ROUNDUP_RACY_MS` shortens it, for tests that build right after each change.
const RACY: Duration = Duration::from_secs(2);

/// [`RACY`], or the test override.
fn racy() -> Duration {
    std::env::var("ROUNDUP_RACY_MS").ok().and_then(|v| v.parse().ok()).map_or(RACY, Duration::from_millis)
}

/// The stamp's file under the cache folder.
fn file(root: &Path) -> PathBuf {
    crate::cache::dir(root).join("build").join("stamp")
}

/// What a build reads, taken before it starts: `None` when it cannot be told cheaply or safely
/// (an unreadable folder, an input changed moments ago, a refused output folder).
pub(crate) struct Inputs {
    /// Digest of the options, the settings and every input file's facts.
    digest: String,
    /// The output folder the build writes.
    output: PathBuf,
    /// The output folder as the user named it, for the summary.
    shown: PathBuf,
}

/// Takes the facts of every input of a build of `root` with `opts`.
pub(crate) fn inputs(root: &Path, opts: &LoadOptions) -> Option<Inputs> {
    let started = SystemTime::now();
    let toml = std::fs::read(root.join("site.toml")).ok()?;
    let mut config = Config::load(&root.join("site.toml")).ok()?;
    if let Some(o) = &opts.output_dir {
        config.output_dir = o.clone();
    }
    let output = crate::output::target::resolve(root, &config.output_dir, opts.allow_outside_root).ok()?;
    let mut buf = Vec::with_capacity(1 << 16);
    let options = format!(
        "drafts={} base_url={:?} output={:?} outside={}",
        opts.drafts, opts.base_url, output, opts.allow_outside_root
    );
    for part in [crate::cache::fingerprint().as_bytes(), options.as_bytes(), &toml] {
        buf.extend_from_slice(&(part.len() as u64).to_le_bytes());
        buf.extend_from_slice(part);
    }
    let newest = ["articles", "templates", "static"]
        .iter()
        .map(|d| facts(&root.join(d), &mut buf))
        .collect::<Option<Vec<i128>>>()?;
    let limit = started.checked_sub(racy())?.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_nanos() as i128;
    if newest.into_iter().any(|t| t >= limit) {
        return None;
    }
    Some(Inputs { digest: crate::cache::hash(&[&buf]), output, shown: config.output_dir })
}

/// Appends the facts of every entry under `dir` (sorted by name, links not followed) to `buf`;
/// gives the newest modification or change time seen, in ns since 1970. A missing folder has
/// no entries. Every folder's entries are taken in parallel, at every depth: an output folder
/// of a 100k-article site has a quarter of a million files, most of them in two folders
/// (`articles/`, `events/`), which one thread each would walk alone.
fn facts(dir: &Path, buf: &mut Vec<u8>) -> Option<i128> {
    #[cfg(unix)]
    {
        if !dir.exists() {
            buf.extend_from_slice(b"missing\n");
            return Some(i128::MIN);
        }
        let newest = note(dir, dir, &std::fs::symlink_metadata(dir).ok()?, buf);
        let (b, n) = facts_below(dir, dir)?;
        buf.extend_from_slice(&b);
        Some(newest.max(n))
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, buf);
        None
    }
}

/// The facts of every entry under `dir` (shown relative to `base`), in name order, and the newest
/// time among them; `None` if any cannot be read.
#[cfg(unix)]
fn facts_below(dir: &Path, base: &Path) -> Option<(Vec<u8>, i128)> {
    use rayon::prelude::*;
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).ok()?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>().ok()?;
    entries.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let parts: Vec<(Vec<u8>, i128)> = entries
        .par_iter()
        .with_max_len(64)
        .map(|p| {
            let meta = std::fs::symlink_metadata(p).ok()?;
            let mut b = Vec::with_capacity(128);
            let mut n = note(p, base, &meta, &mut b);
            if meta.is_dir() {
                let (below, m) = facts_below(p, base)?;
                b.extend_from_slice(&below);
                n = n.max(m);
            }
            Some((b, n))
        })
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut newest = i128::MIN;
    for (b, n) in parts {
        out.extend_from_slice(&b);
        newest = newest.max(n);
    }
    Some((out, newest))
}

/// Appends the facts of `path` (shown relative to `base`) to `buf`; gives its newest time.
#[cfg(unix)]
fn note(path: &Path, base: &Path, m: &std::fs::Metadata, buf: &mut Vec<u8>) -> i128 {
    use std::os::unix::fs::MetadataExt;
    let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
    let (mtime, ctime) = (ns(m.mtime(), m.mtime_nsec()), ns(m.ctime(), m.ctime_nsec()));
    let rel = path.strip_prefix(base).unwrap_or(path);
    buf.extend_from_slice(rel.as_os_str().as_encoded_bytes());
    buf.push(0);
    for x in [i128::from(m.mode()), i128::from(m.size()), mtime, ctime, i128::from(m.ino())] {
        buf.extend_from_slice(&x.to_le_bytes());
    }
    mtime.max(ctime)
}

/// The digest of the output folder's facts: those of its manifest and of every file the manifest
/// lists, the files Roundup wrote there. Listing the folder is not needed: a file the user adds
/// is carried over by every build alike, and one Roundup wrote cannot be changed, replaced or
/// removed without changing its own facts. `None` when the folder has no manifest (no build
/// wrote it) or a listed file is gone.
fn output_digest(output: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use crate::output::manifest;
        use rayon::prelude::*;
        let manifest::Previous::Written(files) = manifest::read(output).ok()? else { return None };
        let files: Vec<crate::output::OutPath> = files.into_iter().collect();
        let mut buf = Vec::with_capacity(files.len() * 96);
        let path = output.join(manifest::NAME);
        note(&path, output, &std::fs::symlink_metadata(&path).ok()?, &mut buf);
        let parts: Vec<Vec<u8>> = files
            .par_chunks(256)
            .map(|chunk| {
                let mut b = Vec::with_capacity(chunk.len() * 96);
                for f in chunk {
                    let p = output.join(f.as_str());
                    note(&p, output, &std::fs::symlink_metadata(&p).ok()?, &mut b);
                }
                Some(b)
            })
            .collect::<Option<_>>()?;
        parts.iter().for_each(|b| buf.extend_from_slice(b));
        Some(crate::cache::hash(&[&buf]))
    }
    #[cfg(not(unix))]
    {
        let _ = output;
        None
    }
}

/// Removes the stamp: a build is about to change the output, or runs with `--no-cache`.
pub(crate) fn forget(root: &Path) {
    drop(std::fs::remove_file(file(root)));
}

/// The summary a build with nothing to do prints, when the stamp says so; the stamp is removed
/// otherwise, so that it never outlives the build that is about to change the output.
pub(crate) fn unchanged(root: &Path, inputs: &Inputs) -> Option<String> {
    let path = file(root);
    let text = std::fs::read_to_string(&path).ok()?;
    let mut lines = text.lines();
    let ok = lines.next() == Some(inputs.digest.as_str())
        && output_digest(&inputs.output).as_deref() == lines.next()
        && lines.next() == Some("end");
    if !ok {
        drop(std::fs::remove_file(&path));
        return None;
    }
    lines.next().map(String::from)
}

/// Records the stamp of a build that just succeeded without warnings: `summary` is what the next
/// build prints if nothing changed, given the time it took. It does not count the files of the
/// user's own in the output folder, which the shortcut does not look at (see [`output_digest`]).
pub(crate) fn record(root: &Path, inputs: &Inputs, site: &Site, files: usize) {
    let Some(out) = output_digest(&inputs.output) else { return };
    let summary = format!(
        "{} → {}/ in {{ms}} ms (0 written, {files} unchanged, 0 removed; nothing changed since the last build)",
        build::summary(site),
        inputs.shown.display(),
    );
    let path = file(root);
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    crate::site::remove_cache_leftovers(dir);
    // A stamp that cannot be saved only costs the next build its shortcut.
    drop(crate::site::write_atomic(&path, format!("{}\n{out}\nend\n{summary}\n", inputs.digest).as_bytes()));
}
