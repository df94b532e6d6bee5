//! The one rule for where the output folder may be.
//!
//! A build replaces the output folder as a whole, so the folder must never be, contain or sit
//! inside the site's own sources: `output_dir = "."` would otherwise swap away `site.toml`
//! and every article. It must also be inside the site root, unless the user says otherwise
//! on the command line (`--allow-outside-root`, for a benchmark or a web server's folder):
//! a `site.toml` taken from elsewhere can then never aim the build at an unrelated folder.

use std::path::{Component, Path, PathBuf};

/// Why an output folder is refused: the message and a hint.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// The site's folders that a build reads from and must never write into.
pub(crate) const SOURCES: &[&str] = &["articles", "templates", "static", ".roundup"];

/// Resolves the output folder `out` (relative to `root`, or absolute) to an absolute path with
/// no symbolic links or `..` in it, and checks it against the rule above. A link is judged by
/// where it leads, and the build then replaces the folder it leads to.
pub(crate) fn resolve(root: &Path, out: &Path, allow_outside_root: bool) -> Result<PathBuf, Refused> {
    let refuse = |message: String, hint: &str| Refused { message, hint: hint.to_string() };
    let root = root
        .canonicalize()
        .map_err(|e| refuse(format!("cannot find the site root {}: {e}", root.display()), "check --root"))?;
    let target = real(&root.join(out));
    let shown = out.display();
    if target.parent().is_none() {
        return Err(refuse(format!("output folder {shown} is the file system root"), "use a folder such as public"));
    }
    if root.starts_with(&target) {
        return Err(refuse(
            format!(
                "output folder {shown} is the site root or contains it; building there would replace the site itself"
            ),
            "use a folder of its own, such as public",
        ));
    }
    for src in SOURCES {
        let s = real(&root.join(src));
        if target.starts_with(&s) || s.starts_with(&target) {
            return Err(refuse(
                format!("output folder {shown} is, contains or sits inside the site's {src}/ folder"),
                "use a folder of its own, such as public",
            ));
        }
    }
    if !target.starts_with(&root) && !allow_outside_root {
        return Err(refuse(
            format!("output folder {shown} is outside the site root {}", root.display()),
            "use a folder inside the site, or pass --allow-outside-root on the command line if this is intended",
        ));
    }
    Ok(target)
}

/// `p` made absolute without `.` or `..`, with the symbolic links of the part that exists
/// resolved (the part that does not exist yet cannot hold any).
fn real(p: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    let mut existing = clean.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(mut r) = existing.canonicalize() {
            r.extend(rest.iter().rev());
            return r;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return clean,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for s in SOURCES {
            std::fs::create_dir_all(d.path().join(s)).unwrap();
        }
        d
    }

    #[test]
    fn the_usual_folder_is_fine() {
        let d = site();
        let root = d.path().canonicalize().unwrap();
        assert_eq!(resolve(d.path(), Path::new("public"), false).unwrap(), root.join("public"));
        assert_eq!(resolve(d.path(), Path::new("out/site/"), false).unwrap(), root.join("out/site"));
        assert_eq!(resolve(d.path(), Path::new("a/../public"), false).unwrap(), root.join("public"));
    }

    #[test]
    fn the_site_and_its_sources_are_refused() {
        let d = site();
        for bad in [".", "./", "..", "../..", "articles", "articles/out", "templates", "static/x", "a/../articles"] {
            assert!(resolve(d.path(), Path::new(bad), true).is_err(), "{bad}");
        }
        assert!(resolve(d.path(), Path::new("/"), true).is_err());
        assert!(resolve(d.path(), &d.path().join("static"), true).is_err(), "absolute path to a source");
    }

    #[test]
    fn outside_the_root_needs_the_flag() {
        let d = site();
        let elsewhere = tempfile::tempdir().unwrap();
        let out = elsewhere.path().join("out");
        let e = resolve(d.path(), &out, false).unwrap_err();
        assert!(e.message.contains("outside the site root"), "{e:?}");
        assert!(resolve(d.path(), Path::new("../x"), false).is_err());
        assert_eq!(resolve(d.path(), &out, true).unwrap(), elsewhere.path().canonicalize().unwrap().join("out"));
    }

    #[cfg(unix)]
    #[test]
    fn links_cannot_smuggle_the_output_into_the_sources() {
        let d = site();
        std::os::unix::fs::symlink(d.path().join("articles"), d.path().join("public")).unwrap();
        assert!(resolve(d.path(), Path::new("public"), true).is_err(), "the output folder is a link to articles/");
        std::os::unix::fs::symlink(d.path().join("articles"), d.path().join("via")).unwrap();
        assert!(resolve(d.path(), Path::new("via/out"), true).is_err(), "a link on the way into articles/");
    }
}
