//! The fetch cache: each URL's `ETag` and `Last-Modified`, kept between runs in
//! `<site>/.roundup/fetch-cache.json` so that re-fetching an unchanged feed costs one
//! `304 Not Modified` and no body.
//!
//! It is only an optimisation: losing it (a fresh CI checkout, a deleted or corrupt file) means
//! one full fetch of every source, and the importer skips what it already has. So a file that
//! cannot be read is ignored with a warning, never an error, and the file stays bounded
//! ([`MAX_ENTRIES`], the least recently used dropped first) however many URLs pass through.

use crate::diag::{Diagnostic, Error, print_warnings};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the cache lives, relative to the site root.
pub(crate) const CACHE_FILE: &str = ".roundup/fetch-cache.json";

/// Most URLs remembered; past this the least recently used are forgotten.
const MAX_ENTRIES: usize = 10_000;
/// A cache file larger than this is not read (10,000 entries of the longest allowed values
/// fit in well under this).
const MAX_FILE_BYTES: u64 = 64 << 20;
/// The longest `ETag` or `Last-Modified` kept; a longer one is not remembered.
const MAX_VALUE_LEN: usize = 1024;
/// The longest URL remembered.
const MAX_URL_LEN: usize = 4096;
/// The file format's version; a file of another version is ignored (with a warning).
const VERSION: u32 = 1;

/// The validators remembered for every URL fetched, loaded from and saved to [`CACHE_FILE`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Cache {
    /// URL → its validators.
    entries: BTreeMap<String, Entry>,
    /// The next use stamp: one more than the highest in `entries`.
    next: u64,
}

/// What the server said about one URL the last time it sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// The `ETag` header, sent back as `If-None-Match`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_modified: Option<String>,
    /// When it was last used, as a counter rather than a clock (so a wrong clock cannot make
    /// the cache forget the wrong entries, and the file is the same for the same history).
    used: u64,
}

/// The file as written: a version, so a later format can tell an old file from its own.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    /// [`VERSION`].
    version: u32,
    /// URL → validators, in URL order (so an unchanged cache is an unchanged file).
    entries: BTreeMap<String, Entry>,
}

impl Cache {
    /// Reads `<root>/.roundup/fetch-cache.json`. A missing file is an empty cache; a file that
    /// cannot be read, is too large or is not a cache prints a warning and gives an empty
    /// cache (so every source is fetched in full once); entries with values that could not be
    /// sent back as headers are dropped.
    pub(crate) fn load(root: &Path) -> Cache {
        let path = root.join(CACHE_FILE);
        match read(&path) {
            Ok(None) => Cache::default(),
            Ok(Some(file)) => {
                let mut cache = Cache::default();
                for (url, entry) in file.entries {
                    if valid_url(&url) && entry.values().all(valid_value) {
                        cache.next = cache.next.max(entry.used.saturating_add(1));
                        cache.entries.insert(url, entry);
                    }
                }
                cache.trim();
                cache
            }
            Err(why) => {
                let hint = "it is only a cache: it will be rewritten after this import, \
                            and sources are fetched in full this once";
                print_warnings(&[Diagnostic::new(&path, 1, 1, format!("fetch cache ignored: {why}"), hint)]);
                Cache::default()
            }
        }
    }

    /// Writes the cache to `<root>/.roundup/fetch-cache.json`, creating `.roundup/`: into a
    /// temporary file beside it, then renamed over it, so a crash never leaves half a file.
    pub(crate) fn save(&self, root: &Path) -> Result<(), Error> {
        let path = root.join(CACHE_FILE);
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { doing: "create", path: dir.into(), source })?;
        let file = CacheFile { version: VERSION, entries: self.entries.clone() };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        let tmp = temp_path(&path);
        let written = write_new(&tmp, text.as_bytes()).and_then(|()| std::fs::rename(&tmp, &path));
        written.map_err(|source| {
            let _ = std::fs::remove_file(&tmp);
            Error::Io { doing: "write", path, source }
        })
    }

    /// The `ETag` and `Last-Modified` remembered for `url`, to send back on the next request.
    pub(super) fn validators(&self, url: &str) -> (Option<&str>, Option<&str>) {
        self.entries.get(url).map_or((None, None), |e| (e.etag.as_deref(), e.last_modified.as_deref()))
    }

    /// Remembers what a `2xx` answer for `url` said; an answer with neither validator (or only
    /// unusable ones) forgets the URL, since there is nothing to send back.
    pub(super) fn remember(&mut self, url: &str, etag: Option<&str>, last_modified: Option<&str>) {
        let keep = |v: Option<&str>| v.filter(valid_value).map(str::to_string);
        let entry = Entry { etag: keep(etag), last_modified: keep(last_modified), used: self.next };
        if !valid_url(url) || (entry.etag.is_none() && entry.last_modified.is_none()) {
            self.entries.remove(url);
            return;
        }
        self.next += 1;
        self.entries.insert(url.to_string(), entry);
        self.trim();
    }

    /// Forgets `url` (as given to [`super::fetch`]), so its next fetch is a full one: for a
    /// source that was fetched but could not be imported (a parse error, a full disk), which
    /// must not be answered `304 Not Modified` next time and so never imported.
    pub(crate) fn forget(&mut self, url: &str) {
        if let Ok(key) = super::check_url(url) {
            self.entries.remove(&key);
        }
    }

    /// Marks `url` as used now (it answered `304`), so it is not the next to be forgotten.
    pub(super) fn touch(&mut self, url: &str) {
        if let Some(e) = self.entries.get_mut(url) {
            e.used = self.next;
            self.next += 1;
        }
    }

    /// Forgets the least recently used entries past [`MAX_ENTRIES`].
    fn trim(&mut self) {
        let excess = self.entries.len().saturating_sub(MAX_ENTRIES);
        if excess == 0 {
            return;
        }
        let mut by_use: Vec<(u64, String)> = self.entries.iter().map(|(u, e)| (e.used, u.clone())).collect();
        by_use.sort_unstable();
        for (_, url) in by_use.into_iter().take(excess) {
            self.entries.remove(&url);
        }
    }
}

#[cfg(test)]
impl Cache {
    /// How many URLs are remembered.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

impl Entry {
    /// The validators present.
    fn values(&self) -> impl Iterator<Item = &String> {
        self.etag.iter().chain(&self.last_modified)
    }
}

/// Reads and parses the cache file: `Ok(None)` when there is none, `Err` with why it is unusable.
fn read(path: &Path) -> Result<Option<CacheFile>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("{} bytes is more than a cache can be", meta.len()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let file: CacheFile = serde_json::from_str(&text).map_err(|e| format!("not a fetch cache ({e})"))?;
    if file.version != VERSION {
        return Err(format!("version {} is not the version {VERSION} this Roundup writes", file.version));
    }
    Ok(Some(file))
}

/// A URL worth remembering: an `http(s)` address of bounded length.
fn valid_url(url: &str) -> bool {
    url.len() <= MAX_URL_LEN && (url.starts_with("http://") || url.starts_with("https://"))
}

/// A validator that can be sent back as a header value: visible ASCII and spaces, bounded.
fn valid_value(v: &impl AsRef<str>) -> bool {
    let v = v.as_ref();
    !v.is_empty() && v.len() <= MAX_VALUE_LEN && v.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

/// A temporary file beside `path`, unique to this process.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp{}", std::process::id()));
    path.with_file_name(name)
}

/// Writes `bytes` to a file that must not exist yet (a leftover temporary file is replaced by
/// removing it first; it is ours, named by our process id), and flushes it to disk.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_cache_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::default();
        c.remember("https://a.example/feed", Some("\"v1\""), None);
        c.remember("https://b.example/feed", None, Some("Wed, 21 Oct 2015 07:28:00 GMT"));
        c.save(dir.path()).unwrap();
        let back = Cache::load(dir.path());
        assert_eq!(back, c);
        assert_eq!(back.validators("https://a.example/feed"), (Some("\"v1\""), None));
        let names: Vec<_> =
            std::fs::read_dir(dir.path().join(".roundup")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["fetch-cache.json"], "no temporary file is left behind");
    }

    #[test]
    fn a_missing_or_corrupt_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Cache::load(dir.path()).len(), 0);
        std::fs::create_dir_all(dir.path().join(".roundup")).unwrap();
        for bad in ["{not json", "[]", "{\"version\": 99, \"entries\": {}}", ""] {
            std::fs::write(dir.path().join(CACHE_FILE), bad).unwrap();
            assert_eq!(Cache::load(dir.path()).len(), 0, "{bad}");
        }
        let mut c = Cache::default();
        c.remember("https://a.example/", Some("\"x\""), None);
        c.save(dir.path()).unwrap();
        assert_eq!(Cache::load(dir.path()).len(), 1, "a corrupt file is replaced on save");
    }

    #[test]
    fn unusable_entries_are_dropped_on_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".roundup")).unwrap();
        let text = r#"{"version": 1, "entries": {
            "https://ok.example/": {"etag": "\"1\"", "used": 4},
            "file:///etc/passwd": {"etag": "\"2\"", "used": 5},
            "https://crlf.example/": {"etag": "a\r\nX-Evil: 1", "used": 6}
        }}"#;
        std::fs::write(dir.path().join(CACHE_FILE), text).unwrap();
        let c = Cache::load(dir.path());
        assert_eq!(c.entries.keys().collect::<Vec<_>>(), ["https://ok.example/"]);
        assert_eq!(c.next, 5);
    }

    #[test]
    fn the_least_recently_used_are_forgotten_past_the_bound() {
        let mut c = Cache::default();
        for i in 0..MAX_ENTRIES + 3 {
            c.remember(&format!("https://x.example/{i}"), Some("\"e\""), None);
            if i == 10 {
                c.touch("https://x.example/0");
            }
        }
        assert_eq!(c.len(), MAX_ENTRIES);
        assert!(c.entries.contains_key("https://x.example/0"), "touched, so kept");
        for gone in [1, 2, 3] {
            assert!(!c.entries.contains_key(&format!("https://x.example/{gone}")), "{gone}");
        }
    }

    #[test]
    fn an_answer_without_validators_forgets_the_url() {
        let mut c = Cache::default();
        c.remember("https://a.example/", Some("\"1\""), None);
        c.remember("https://a.example/", None, None);
        assert_eq!(c.len(), 0);
        c.remember("https://a.example/", Some(&"x".repeat(MAX_VALUE_LEN + 1)), None);
        assert_eq!(c.len(), 0, "an over-long ETag is not kept");
    }
}
