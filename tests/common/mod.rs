//! Helpers shared by the integration tests: temporary sites and running the real binary.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the sample site).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary under test: this crate's, or the one `ROUNDUP_TEST_BIN` names (to show that a
/// regression test fails on an older build: `ROUNDUP_TEST_BIN=/path/to/old/roundup cargo test`).
pub(crate) fn bin() -> PathBuf {
    std::env::var_os("ROUNDUP_TEST_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_roundup")), PathBuf::from)
}

/// Runs `roundup` with `args`, returning its output.
pub(crate) fn roundup(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().expect("run roundup")
}

/// Runs `roundup build --root root`, asserting success, and returns stdout.
pub(crate) fn build_ok(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = roundup(&args);
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Copies a folder recursively.
pub(crate) fn copy_dir(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src).into_iter().filter_map(Result::ok) {
        let rel = e.path().strip_prefix(src).unwrap();
        let to = dst.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// A new site in a temp folder with the repo's templates and static files, and `site_toml`.
pub(crate) fn new_site(site_toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("templates"), &dir.path().join("templates"));
    copy_dir(&repo().join("static"), &dir.path().join("static"));
    fs::create_dir_all(dir.path().join("articles")).unwrap();
    fs::write(dir.path().join("site.toml"), site_toml).unwrap();
    dir
}

/// A copy of the repository's sample site (articles, templates, static, site.toml).
pub(crate) fn sample_site() -> tempfile::TempDir {
    let dir = new_site(&fs::read_to_string(repo().join("site.toml")).unwrap());
    copy_dir(&repo().join("articles"), &dir.path().join("articles"));
    dir
}

/// Writes an article file under `articles/`.
pub(crate) fn article(root: &Path, name: &str, front: &str, body: &str) {
    let p = root.join("articles").join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, format!("---\n{front}\n---\n{body}\n")).unwrap();
}

/// The file in an output folder that lists what Roundup wrote there (bookkeeping, not a page).
pub(crate) const MANIFEST: &str = ".roundup-manifest";

/// Every file of the site under `dir` (the manifest aside), relative, sorted, with its bytes.
/// Checks that the manifest lists exactly these files.
pub(crate) fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = snapshot_all(dir);
    v.retain(|(p, _)| p != MANIFEST);
    if let Ok(m) = fs::read_to_string(dir.join(MANIFEST)) {
        let listed: Vec<&str> = m.lines().skip(1).collect();
        let files: Vec<&str> = v.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(listed, files, "the manifest lists exactly the site's files");
    }
    v
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub(crate) fn snapshot_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

/// The parsed events.json of a built site.
pub(crate) fn events_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join("events.json")).unwrap()).unwrap()
}

/// Events as sorted lists of article ids, sorted.
pub(crate) fn event_sets(json: &serde_json::Value) -> Vec<Vec<String>> {
    let mut sets: Vec<Vec<String>> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut v: Vec<String> =
                e["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect();
            v.sort();
            v
        })
        .collect();
    sets.sort();
    sets
}

/// Deterministic pseudo-random numbers (SplitMix64), so a failing sequence can be replayed from
/// its seed; the tests that kill builds or edit sites at random share it.
pub(crate) struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
