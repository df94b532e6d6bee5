//! The search part of the build cache: each built shard's files, in one file per shard under
//! `<cache>/search/`, named by the hash of the shard's records and of the Roundup binary.
//!
//! An entry is written to a temporary file in the same folder and renamed into place, so a killed
//! build leaves either no entry or a whole one. Each entry ends with the hash of what it holds, so
//! a damaged one is noticed and rebuilt. The file names it lists are checked against the few
//! shapes Pagefind writes, and the folder they go to is decided by the build, never by the cache.

use crate::cache;
use std::collections::HashSet;
use std::io;
use std::path::Path;

/// The subfolder of the build cache this module owns.
pub(crate) const SUBDIR: &str = "search";

/// What an entry file starts with; a change of layout changes it.
const MAGIC: &[u8] = b"roundup-search-shard 1\n";

/// The suffix of entry files; anything else in the folder is left alone except our temp files.
const SUFFIX: &str = ".shard";

/// The prefix of temporary files, removed by [`prune`] if a killed build left one.
const TEMP: &str = ".tmp-";

/// The cache key of a shard: the hash of what its records are made from
/// ([`super::records::inputs_hash`]), the index language, whether it is the root bundle (which
/// keeps Pagefind's script and WebAssembly), and the binary's fingerprint, so a shard is reused
/// only where the same build would index the same records.
pub(crate) fn key(inputs: &str, language: &str, root: bool) -> String {
    let kind: &[u8] = if root { b"root" } else { b"shard" };
    cache::hash(&[b"search-shard", cache::fingerprint().as_bytes(), language.as_bytes(), kind, inputs.as_bytes()])
}

/// What looking a key up found.
#[derive(Debug)]
pub(crate) enum Lookup {
    /// The shard's files, as they were built.
    Hit(Vec<(String, Vec<u8>)>),
    /// No entry: the shard is new or changed.
    Missing,
    /// An entry that cannot be used, and why.
    Corrupt(String),
}

/// Whether `name` is a file name Pagefind writes into a bundle, so an entry can never name
/// anything else (a folder outside the bundle, a page).
pub(crate) fn is_bundle_file(name: &str) -> bool {
    let word = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let shaped =
        |prefix: &str, suffix: &str| name.strip_prefix(prefix).and_then(|s| s.strip_suffix(suffix)).is_some_and(word);
    matches!(name, "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json")
        || shaped("wasm.", ".pagefind")
        || shaped("pagefind.", ".pf_meta")
        || shaped("index/", ".pf_index")
        || shaped("fragment/", ".pf_fragment")
        || shaped("filter/", ".pf_filter")
}

/// Reads the entry `key` from `dir`.
pub(crate) fn load(dir: &Path, key: &str) -> Lookup {
    let bytes = match std::fs::read(dir.join(format!("{key}{SUFFIX}"))) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Lookup::Missing,
        Err(e) => return Lookup::Corrupt(format!("cannot read it: {e}")),
    };
    match decode(&bytes) {
        Some(files) => Lookup::Hit(files),
        None => Lookup::Corrupt("it is damaged".into()),
    }
}

/// The files of an entry, if it is whole and well-formed.
fn decode(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let body = bytes.strip_prefix(MAGIC)?;
    let (body, trailer) = body.split_at_checked(body.len().checked_sub(32)?)?;
    if cache::hash(&[body]).as_bytes() != trailer {
        return None;
    }
    let mut rest = body;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    let count = u64::from_le_bytes(take(8)?.try_into().ok()?);
    let mut files = Vec::new();
    for _ in 0..count {
        let n = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let name = std::str::from_utf8(take(usize::try_from(n).ok()?)?).ok()?.to_string();
        let n = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let data = take(usize::try_from(n).ok()?)?.to_vec();
        if !is_bundle_file(&name) {
            return None;
        }
        files.push((name, data));
    }
    rest.is_empty().then_some(files)
}

/// Writes the entry `key` into `dir` atomically (a temporary file, then a rename).
pub(crate) fn save(dir: &Path, key: &str, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut body = Vec::with_capacity(files.iter().map(|(n, d)| n.len() + d.len() + 16).sum::<usize>() + 8);
    body.extend((files.len() as u64).to_le_bytes());
    for (name, data) in files {
        body.extend((name.len() as u64).to_le_bytes());
        body.extend(name.as_bytes());
        body.extend((data.len() as u64).to_le_bytes());
        body.extend(data);
    }
    let trailer = cache::hash(&[&body]);
    let temp = dir.join(format!("{TEMP}{key}-{}", std::process::id()));
    let mut out = Vec::with_capacity(MAGIC.len() + body.len() + trailer.len());
    out.extend(MAGIC);
    out.extend(body);
    out.extend(trailer.as_bytes());
    std::fs::write(&temp, out)?;
    std::fs::rename(&temp, dir.join(format!("{key}{SUFFIX}"))).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Removes every entry of `dir` not in `keep`, and any temporary file a killed build left, so
/// the cache holds one site's current shards and no more.
pub(crate) fn prune(dir: &Path, keep: &HashSet<String>) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = match name.strip_suffix(SUFFIX) {
            Some(key) if !name.starts_with(TEMP) => !keep.contains(key),
            _ => name.starts_with(TEMP),
        };
        if stale && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_damage_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            ("pagefind-entry.json".to_string(), b"{}".to_vec()),
            ("fragment/en_1a2b.pf_fragment".to_string(), vec![0, 1, 2]),
        ];
        assert!(matches!(load(dir.path(), "k"), Lookup::Missing));
        save(dir.path(), "k", &files).unwrap();
        match load(dir.path(), "k") {
            Lookup::Hit(got) => assert_eq!(got, files),
            other => panic!("{other:?}"),
        }
        let path = dir.path().join("k.shard");
        let mut bytes = std::fs::read(&path).unwrap();
        let n = bytes.len();
        bytes[n - 40] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(load(dir.path(), "k"), Lookup::Corrupt(_)));
        std::fs::write(&path, b"roundup-search-shard 1\n").unwrap();
        assert!(matches!(load(dir.path(), "k"), Lookup::Corrupt(_)));
    }

    #[test]
    fn only_pagefind_file_shapes_are_accepted() {
        for ok in ["pagefind.js", "wasm.en.pagefind", "pagefind.en_12ab.pf_meta", "index/en_1.pf_index"] {
            assert!(is_bundle_file(ok), "{ok}");
        }
        for bad in ["../x.pf_index", "index/../../a.pf_index", "index.html", "fragment/.pf_fragment", "a/b/c"] {
            assert!(!is_bundle_file(bad), "{bad}");
        }
    }

    #[test]
    fn prune_keeps_only_what_is_used() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), "a", &[]).unwrap();
        save(dir.path(), "b", &[]).unwrap();
        std::fs::write(dir.path().join(".tmp-c-1"), b"").unwrap();
        std::fs::write(dir.path().join("README"), b"").unwrap();
        prune(dir.path(), &HashSet::from(["a".to_string()])).unwrap();
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, ["README", "a.shard"]);
    }
}
