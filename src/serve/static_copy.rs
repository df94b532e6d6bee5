//! Copying one changed static file into the preview, with the same reach as `roundup build`:
//! no hidden files and no symlinks, so nothing private or outside `static/` gets served.

use super::paths::hidden;
use crate::diag::BuildError;
use std::path::{Component, Path};

/// Copies `static/<rel>` into the preview at `out/<rel>`, or removes the preview's copy when
/// the source is gone or may not be copied. Paths with a hidden segment (`.env`, `.git/…`;
/// see [`hidden`]) are left alone entirely; a symlink anywhere below `static/` is not followed
/// (`build` does not follow them either), so a link to `~/.ssh/id_rsa` never reaches the preview.
pub fn copy_static(root: &Path, out: &Path, rel: &Path) -> Result<(), BuildError> {
    let mut segments = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => segments.push(s),
            _ => return Ok(()),
        }
    }
    if segments.is_empty() || segments.iter().any(|s| hidden(&s.to_string_lossy())) {
        return Ok(());
    }
    let io = |e: std::io::Error| BuildError::Io(format!("static/{}: {e}", rel.display()));
    let statics = root.join("static");
    let dst = out.join(rel);
    if plain_file_below(&statics, rel) {
        if let Some(p) = dst.parent() {
            std::fs::create_dir_all(p).map_err(io)?;
        }
        std::fs::copy(statics.join(rel), &dst).map_err(io)?;
    } else if dst.is_file() {
        std::fs::remove_file(&dst).map_err(io)?;
    }
    Ok(())
}

/// Whether `base/rel` is a regular file reached without passing through any symlink below `base`.
fn plain_file_below(base: &Path, rel: &Path) -> bool {
    let mut path = base.to_path_buf();
    let mut last = None;
    for c in rel.components() {
        path.push(c);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if !m.file_type().is_symlink() => last = Some(m),
            _ => return false,
        }
    }
    last.is_some_and(|m| m.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn copies_plain_files_and_removes_deleted_ones() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("out"));
        fs::create_dir_all(root.join("static/css")).unwrap();
        fs::write(root.join("static/css/a.css"), "a").unwrap();
        fs::create_dir_all(root.join("static/.well-known")).unwrap();
        fs::write(root.join("static/.well-known/security.txt"), "s").unwrap();
        copy_static(&root, &out, Path::new("css/a.css")).unwrap();
        copy_static(&root, &out, Path::new(".well-known/security.txt")).unwrap();
        assert_eq!(fs::read_to_string(out.join("css/a.css")).unwrap(), "a");
        assert_eq!(fs::read_to_string(out.join(".well-known/security.txt")).unwrap(), "s");
        fs::remove_file(root.join("static/css/a.css")).unwrap();
        copy_static(&root, &out, Path::new("css/a.css")).unwrap();
        assert!(!out.join("css/a.css").exists());
    }

    #[test]
    fn hidden_files_are_never_copied() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("out"));
        for f in [".env", ".git/config", "a/.secret/key"] {
            fs::create_dir_all(root.join("static").join(f).parent().unwrap()).unwrap();
            fs::write(root.join("static").join(f), "x").unwrap();
            copy_static(&root, &out, Path::new(f)).unwrap();
            assert!(!out.join(f).exists(), "{f}");
        }
        copy_static(&root, &out, Path::new("../site.toml")).unwrap();
        assert!(!dir.path().join("site.toml").exists());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_followed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("out"));
        fs::create_dir_all(root.join("static")).unwrap();
        fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        fs::write(dir.path().join("elsewhere/secret.txt"), "secret").unwrap();
        symlink(dir.path().join("elsewhere/secret.txt"), root.join("static/file-link.txt")).unwrap();
        symlink(dir.path().join("elsewhere"), root.join("static/dir-link")).unwrap();
        for rel in ["file-link.txt", "dir-link/secret.txt"] {
            copy_static(&root, &out, Path::new(rel)).unwrap();
            assert!(!out.join(rel).exists(), "{rel}");
        }
        // A file that became a symlink loses its copy, as `build` would not have it.
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("file-link.txt"), "old").unwrap();
        copy_static(&root, &out, Path::new("file-link.txt")).unwrap();
        assert!(!out.join("file-link.txt").exists());
    }
}
