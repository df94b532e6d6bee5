//! The build cache: what one build worked out that the next can reuse, kept in
//! `<site>/.roundup/cache/` (ignored by git, and saved between CI runs by the publish workflow).
//!
//! Everything in it is keyed by [`fingerprint`] (the Roundup binary itself) and by the hash of
//! what it was made from, so a stale, foreign or corrupt entry is never used: it only costs the
//! work it would have saved. Nothing in the cache ever decides an output path.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The cache folder under the site root; `.roundup/` is Roundup's bookkeeping folder, which a
/// build never publishes and the output folder may never be (see `output::target`).
pub(crate) const DIR: &str = ".roundup/cache";

/// Where a site's build cache is, and whether this build may read it (`--no-cache` says no; the
/// cache is then still written, for the next build).
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    /// The cache folder, [`dir`] of the site root.
    pub dir: PathBuf,
    /// Whether entries already in the cache may be used.
    pub reuse: bool,
}

impl Cache {
    /// The folder to read from, when reading is allowed.
    pub(crate) fn readable(&self) -> Option<&Path> {
        self.reuse.then_some(self.dir.as_path())
    }
}

/// The cache folder of the site at `root`.
pub(crate) fn dir(root: &Path) -> PathBuf {
    root.join(DIR)
}

/// A 128-bit hex digest of `parts`, each length-prefixed so that ("ab", "c") and ("a", "bc")
/// differ. Cache keys are content hashes: a cryptographic hash, so no crafted article can make
/// two different inputs share a cache entry.
pub(crate) fn hash(parts: &[&[u8]]) -> String {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().to_hex()[..32].to_string()
}

/// A cache file's bytes: `magic` (its kind and layout, ending in a newline), the binary's
/// [`fingerprint`] and a checksum of `payload`, each on a line of its own, then `payload`. Every
/// cache file is framed this way, so a foreign, truncated or damaged one is always told apart.
pub(crate) fn seal(magic: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(magic.len() + payload.len() + 80);
    out.extend_from_slice(magic);
    out.extend_from_slice(fingerprint().as_bytes());
    out.push(b'\n');
    out.extend_from_slice(hash(&[payload]).as_bytes());
    out.push(b'\n');
    out.extend_from_slice(payload);
    out
}

/// The payload of a file [`seal`] made with `magic` and this binary, or why it cannot be used
/// (`not_magic` when it is not such a file at all).
pub(crate) fn unseal<'a>(magic: &[u8], not_magic: &'static str, bytes: &'a [u8]) -> Result<&'a [u8], &'static str> {
    let line = |b: &'a [u8]| b.iter().position(|&c| c == b'\n').map(|at| (&b[..at], &b[at + 1..]));
    let rest = bytes.strip_prefix(magic).ok_or(not_magic)?;
    let (fp, rest) = line(rest).ok_or("is truncated")?;
    if fp != fingerprint().as_bytes() {
        return Err("was made by another build of Roundup");
    }
    let (sum, payload) = line(rest).ok_or("is truncated")?;
    if sum != hash(&[payload]).as_bytes() {
        return Err("is damaged (its checksum does not match)");
    }
    Ok(payload)
}

/// The running binary's own hash: a cache made by any other build of Roundup (another version,
/// or the same version with changed code) is not used. Read once per process, in a stream (the
/// binary can be a hundred megabytes); a binary that cannot be read gives a fingerprint no cache
/// matches.
pub(crate) fn fingerprint() -> &'static str {
    static FP: OnceLock<String> = OnceLock::new();
    FP.get_or_init(|| {
        let mut h = blake3::Hasher::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        match std::env::current_exe().and_then(std::fs::File::open).and_then(|f| h.update_reader(f).map(|_| ())) {
            Ok(()) => h.finalize().to_hex()[..32].to_string(),
            Err(_) => format!("unreadable-{}", std::process::id()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_kept_apart_and_the_hash_is_stable() {
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        assert_eq!(hash(&[b"x"]), hash(&[b"x"]));
        assert_eq!(hash(&[b"x"]).len(), 32);
        assert_eq!(fingerprint(), fingerprint());
    }
}
