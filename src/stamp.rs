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
/// no entries. The entries of `dir` are walked in parallel (an output folder of a 100k-article
/// site has a quarter of a million), their facts joined in name order.
fn facts(dir: &Path, buf: &mut Vec<u8>) -> Option<i128> {
    #[cfg(unix)]
    {
        use rayon::prelude::*;
        if !dir.exists() {
            buf.extend_from_slice(b"missing\n");
            return Some(i128::MIN);
        }
        let mut newest = note(dir, dir, &std::fs::metadata(dir).ok()?, buf);
        let mut top: Vec<PathBuf> =
            std::fs::read_dir(dir).ok()?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>().ok()?;
        top.sort();
        let parts: Vec<(Vec<u8>, i128)> = top
            .par_iter()
            .with_max_len(64)
            .map(|p| {
                let (mut b, mut n) = (Vec::new(), i128::MIN);
                for e in walkdir::WalkDir::new(p).follow_root_links(false).sort_by_file_name() {
                    let e = e.ok()?;
                    n = n.max(note(e.path(), dir, &e.metadata().ok()?, &mut b));
                }
                Some((b, n))
            })
            .collect::<Option<_>>()?;
        for (b, n) in parts {
            buf.extend_from_slice(&b);
            newest = newest.max(n);
        }
        Some(newest)
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, buf);
        None
    }
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

/// The digest of the output folder's facts.
fn output_digest(output: &Path) -> Option<String> {
    let mut buf = Vec::with_capacity(1 << 16);
    facts(output, &mut buf)?;
    Some(crate::cache::hash(&[&buf]))
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
/// build prints if nothing changed, given the time it took.
pub(crate) fn record(root: &Path, inputs: &Inputs, site: &Site, files: usize, kept: usize) {
    let Some(out) = output_digest(&inputs.output) else { return };
    let kept = if kept > 0 { format!(", {kept} of your own kept") } else { String::new() };
    let summary = format!(
        "{} → {}/ in {{ms}} ms (0 written, {files} unchanged, 0 removed{kept}; nothing changed since the last build)",
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
