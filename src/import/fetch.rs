//! Fetching a source over HTTP(S). This branch only holds the agreed interface: helper "net"
//! writes the client (bounded time, size and redirects, ETag/Last-Modified) in its own branch,
//! and that file replaces this one on merge.

// Until the client lands, nothing builds a body or reads the limits it would obey.
#![allow(dead_code)]

use crate::diag::Error;
use std::path::Path;
use std::time::Duration;

/// How far one fetch may go: a feed that never ends or redirects forever must not stall an import.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// The whole request, connecting to last byte.
    pub timeout: Duration,
    /// Largest body accepted.
    pub max_bytes: u64,
    /// Most redirects followed.
    pub max_redirects: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(20), max_bytes: 10 * 1024 * 1024, max_redirects: 5 }
    }
}

/// A fetched body and what the server said about it, for detecting its kind and resolving links.
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    /// The final URL, after redirects.
    pub url: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body, at most `Limits::max_bytes`.
    pub body: Vec<u8>,
}

/// What a fetch gave: a body, or the server's word that nothing changed since the last fetch.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// A body to import.
    Fetched(Fetched),
    /// `304 Not Modified`: nothing new to import.
    NotModified,
}

/// Validators (ETag / Last-Modified) per URL, so a re-fetch is cheap. Empty in this branch.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cache {}

impl Cache {
    /// The cache saved under `root`; here always empty.
    pub(crate) fn load(_root: &Path) -> Cache {
        Cache::default()
    }

    /// Saves the cache under `root`; here nothing to save.
    pub(crate) fn save(&self, _root: &Path) -> Result<(), Error> {
        Ok(())
    }
}

/// Fetches `url` within `limits`; here always refused, as this branch has no HTTP client.
pub(crate) fn fetch(_url: &str, _limits: &Limits, _cache: &mut Cache) -> Result<Outcome, String> {
    Err("fetching over the network is not built in this branch".to_string())
}
