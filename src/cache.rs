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
    /// How many articles (the first in processing order) this build's clustering took from the
    /// saved pass state instead of deciding again; 0 when it clustered every article.
    pub resumed: usize,
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
    out.extend_from_slice(checksum(blake3::hash(payload)).as_bytes());
    out.push(b'\n');
    out.extend_from_slice(payload);
    out
}

/// The checksum line of a cache file: the first 128 bits of the payload's BLAKE3 hash, in hex.
fn checksum(h: blake3::Hash) -> String {
    h.to_hex()[..32].to_string()
}

/// A cache file framed as [`seal`] frames it, written as a stream: for a payload too large to
/// hold twice in memory. The checksum line is filled in by [`SealWriter::finish`]; a file whose
/// writing stopped before that has a checksum of zeros, which [`unseal`] refuses.
pub(crate) struct SealWriter {
    /// Buffered in front of the hashing, so the hash takes large blocks, not each small write.
    file: std::io::BufWriter<Hashed>,
    /// Where the checksum line starts.
    at: u64,
}

/// A file that hashes what is written to it.
struct Hashed {
    file: std::fs::File,
    hasher: blake3::Hasher,
}

impl std::io::Write for Hashed {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl SealWriter {
    /// Creates `path` and writes the frame up to the payload.
    pub(crate) fn create(path: &Path, magic: &[u8]) -> std::io::Result<SealWriter> {
        use std::io::Write;
        let mut file = std::fs::File::create(path)?;
        let mut frame = magic.to_vec();
        frame.extend_from_slice(fingerprint().as_bytes());
        frame.push(b'\n');
        let at = frame.len() as u64;
        frame.extend_from_slice(&[b'0'; 32]);
        frame.push(b'\n');
        file.write_all(&frame)?;
        let hashed = Hashed { file, hasher: blake3::Hasher::new() };
        Ok(SealWriter { file: std::io::BufWriter::with_capacity(1 << 20, hashed), at })
    }

    /// Writes the checksum of everything written since [`SealWriter::create`] in its place.
    pub(crate) fn finish(self) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom, Write};
        let Hashed { mut file, hasher } = self.file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(self.at))?;
        file.write_all(checksum(hasher.finalize()).as_bytes())
    }
}

impl std::io::Write for SealWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.file.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
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
    if sum != checksum(blake3::hash(payload)).as_bytes() {
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

    #[test]
    fn a_streamed_file_is_sealed_as_seal_seals_it() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let payload: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut w = SealWriter::create(&path, b"test 1\n").unwrap();
        payload.chunks(7777).for_each(|c| w.write_all(c).unwrap());
        w.finish().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes, seal(b"test 1\n", &payload));
        assert_eq!(unseal(b"test 1\n", "not", &bytes), Ok(&payload[..]));
        // Stopped before the checksum was filled in: refused.
        let mut w = SealWriter::create(&path, b"test 1\n").unwrap();
        w.write_all(&payload).unwrap();
        w.flush().unwrap();
        drop(w);
        let bytes = std::fs::read(&path).unwrap();
        assert!(unseal(b"test 1\n", "not", &bytes).is_err());
    }
}
