//! Mapping request paths to files in the preview, refusing anything that could escape it or
//! expose private files.
//!
//! Paths are percent-decoded; `.` and `..` segments, backslashes and colons are refused (403),
//! and the resolved file must stay inside the output folder after following symlinks. Hidden
//! files and folders (a segment starting with `.`, such as `.env` or `.git/`) are never served
//! (404), except `.well-known/`, which security.txt and ACME challenges need.

use std::path::{Path, PathBuf};

/// Why a path cannot be served.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Nothing there, or nothing the preview will show (404).
    NotFound,
    /// Outside the output folder, or not a plain path (403).
    Forbidden,
}

/// Whether a path segment names a hidden file or folder, which the preview never serves or
/// copies: dotfiles hold secrets and tooling state (`.env`, `.git/`), not site content.
/// `.well-known` is site content by standard (RFC 8615).
pub(super) fn hidden(segment: &str) -> bool {
    segment.starts_with('.') && segment != ".well-known"
}

/// Maps a request path to a file inside `root`, refusing anything that could escape it.
/// Folder paths get their `index.html`.
pub(super) fn resolve(root: &Path, url_path: &str) -> Result<PathBuf, Refusal> {
    let decoded = percent_decode(url_path).ok_or(Refusal::Forbidden)?;
    if !decoded.starts_with('/') || decoded.contains('\0') || decoded.contains('\\') {
        return Err(Refusal::Forbidden);
    }
    let mut path = root.to_path_buf();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains(':') {
            return Err(Refusal::Forbidden);
        }
        if hidden(seg) {
            return Err(Refusal::NotFound);
        }
        path.push(seg);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().map_err(|_| Refusal::NotFound)?;
    let real_root = root.canonicalize().map_err(|_| Refusal::NotFound)?;
    let Ok(inside) = real.strip_prefix(&real_root) else { return Err(Refusal::Forbidden) };
    // A symlink inside the output may still lead to a hidden file inside it.
    if inside.components().any(|c| hidden(&c.as_os_str().to_string_lossy())) {
        return Err(Refusal::NotFound);
    }
    if real.is_file() { Ok(real) } else { Err(Refusal::NotFound) }
}

/// Decodes `%XX` escapes; `None` if malformed or not UTF-8.
pub(super) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn traversal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        fs::create_dir_all(dir.join("public/a")).unwrap();
        fs::write(dir.join("public/a/index.html"), "hi").unwrap();
        fs::write(dir.join("secret.txt"), "no").unwrap();
        let root = dir.join("public");
        assert!(resolve(&root, "/a/").unwrap().ends_with("a/index.html"));
        assert!(resolve(&root, "/a").is_ok());
        assert_eq!(resolve(&root, "/../secret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/%2e%2e/secret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/a/%2E%2E/%2e%2e/secret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/a%5c..%5csecret.txt"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/%zz"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/missing.html"), Err(Refusal::NotFound));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.txt"), root.join("link.txt")).unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Err(Refusal::Forbidden));
        }
    }

    #[test]
    fn hidden_files_are_not_found_but_well_known_is_served() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [".env", ".git/config", "a/.hidden/x.txt", ".well-known/security.txt", ".well-known/.x", "a/b.txt"] {
            fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            fs::write(root.join(f), "x").unwrap();
        }
        for p in ["/.env", "/%2eenv", "/.git/config", "/.git/", "/a/.hidden/x.txt", "/.well-known/.x", "/.Env"] {
            assert_eq!(resolve(root, p), Err(Refusal::NotFound), "{p}");
        }
        assert!(resolve(root, "/.well-known/security.txt").is_ok());
        assert!(resolve(root, "/a/b.txt").is_ok());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join(".env"), root.join("a/env.txt")).unwrap();
            assert_eq!(resolve(root, "/a/env.txt"), Err(Refusal::NotFound), "a symlink to a hidden file");
        }
    }

    #[test]
    fn hidden_segments() {
        assert!(hidden(".env") && hidden(".git") && hidden(".well-known.bak") && hidden("..."));
        assert!(!hidden(".well-known") && !hidden("a.txt") && !hidden("well-known"));
    }
}
