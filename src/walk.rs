//! Listing a source folder (`articles/`, `templates/`, `static/`): the one way Roundup does it.
//!
//! - **Symbolic links are not followed.** A link in `articles/` could otherwise publish any
//!   file the build can read (`articles/secret.md -> ~/.ssh/id_rsa`), or walk `/etc`, or loop.
//!   Each link is named in a warning, so nothing is skipped unseen.
//! - **Hidden files and folders are skipped**, with a warning: `.env`, `.git/`, an editor's
//!   `.#draft.md`. Only the few names web hosts read ([`PUBLISHED_DOTFILES`]) pass, and only
//!   in `static/`.
//! - **Unreadable entries are errors**, never silently missing articles.
//! - The listing is sorted, so nothing depends on the order the file system returns.

use crate::diag::Diagnostic;
use crate::output::path::PUBLISHED_DOTFILES;
use std::path::{Path, PathBuf};

/// What listing a folder found.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    /// The files to use, sorted.
    pub files: Vec<PathBuf>,
    /// Links and hidden entries that were skipped.
    pub warnings: Vec<Diagnostic>,
    /// Entries that could not be read.
    pub errors: Vec<Diagnostic>,
}

/// Which hidden names a folder lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hidden {
    /// None (articles and templates).
    Skip,
    /// The names web hosts read ([`PUBLISHED_DOTFILES`]), for `static/`.
    Published,
}

/// Lists the files under `dir` for which `wanted` holds (by path), under the rules above.
/// `root` is the site root, for the paths shown in messages. A missing folder lists nothing.
pub(crate) fn list(root: &Path, dir: &Path, hidden: Hidden, wanted: impl Fn(&Path) -> bool) -> Listing {
    let mut out = Listing::default();
    if !dir.is_dir() {
        return out;
    }
    let shown = |p: &Path| p.strip_prefix(root).map_or_else(|_| p.to_path_buf(), Path::to_path_buf);
    let mut walk = walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().map_or_else(|| shown(dir), shown);
                let msg = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                out.errors.push(Diagnostic::new(&at, 1, 1, format!("cannot read: {msg}"), "check its permissions"));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let is_dir = entry.file_type().is_dir();
        let skip_hidden =
            name.starts_with('.') && !(hidden == Hidden::Published && PUBLISHED_DOTFILES.contains(&&*name));
        if skip_hidden {
            if is_dir {
                walk.skip_current_dir();
            }
            if is_dir || wanted(entry.path()) {
                out.warnings.push(Diagnostic::new(
                    &shown(entry.path()),
                    1,
                    1,
                    format!("hidden {} skipped", if is_dir { "folder" } else { "file" }),
                    "names starting with '.' are never read or published; rename it if it belongs to the site",
                ));
            }
            continue;
        }
        if entry.path_is_symlink() {
            out.warnings.push(Diagnostic::new(
                &shown(entry.path()),
                1,
                1,
                "symbolic link not followed",
                "Roundup reads only real files inside the site; copy the file here instead of linking to it",
            ));
            continue;
        }
        if entry.file_type().is_file() && wanted(entry.path()) {
            out.files.push(entry.into_path());
        }
    }
    out.files.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn links_and_hidden_entries_are_skipped_with_a_warning() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        let dir = root.join("static");
        fs::create_dir_all(dir.join(".git")).unwrap();
        fs::create_dir_all(dir.join(".well-known")).unwrap();
        fs::create_dir_all(dir.join("css")).unwrap();
        fs::write(dir.join(".git/config"), "secret").unwrap();
        fs::write(dir.join(".env"), "secret").unwrap();
        fs::write(dir.join(".well-known/security.txt"), "ok").unwrap();
        fs::write(dir.join("css/a.css"), "ok").unwrap();
        fs::write(root.join("outside.txt"), "secret").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("outside.txt"), dir.join("link.txt")).unwrap();
            std::os::unix::fs::symlink("/etc", dir.join("etc")).unwrap();
            std::os::unix::fs::symlink(dir.join("loop"), dir.join("loop")).unwrap();
            std::os::unix::fs::symlink(dir.join("missing"), dir.join("dangling")).unwrap();
        }
        let l = list(root, &dir, Hidden::Published, |_| true);
        let rel: Vec<String> =
            l.files.iter().map(|f| f.strip_prefix(&dir).unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(rel, [".well-known/security.txt", "css/a.css"]);
        let warned: Vec<String> = l.warnings.iter().map(|w| w.path.to_string_lossy().into_owned()).collect();
        assert!(
            warned.contains(&"static/.git".to_string()) && warned.contains(&"static/.env".to_string()),
            "{warned:?}"
        );
        #[cfg(unix)]
        for link in ["link.txt", "etc", "loop", "dangling"] {
            assert!(warned.contains(&format!("static/{link}")), "{link} is named: {warned:?}");
        }
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let articles = list(root, &dir, Hidden::Skip, |_| true);
        assert!(!articles.files.iter().any(|f| f.to_string_lossy().contains(".well-known")));
    }

    #[test]
    fn unwanted_hidden_files_pass_without_a_word() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join(".DS_Store"), "").unwrap();
        fs::write(d.path().join("..md"), "").unwrap();
        let l = list(d.path(), d.path(), Hidden::Skip, |p| p.extension().is_some_and(|x| x == "md"));
        assert!(l.files.is_empty());
        assert_eq!(l.warnings.len(), 1, "only the hidden .md file is named: {:?}", l.warnings);
        assert!(l.warnings[0].path.ends_with("..md"));
    }
}
