//! Replacing the output folder with the staged one in a single step.
//!
//! On Linux, `renameat2(RENAME_EXCHANGE)` swaps the two folders atomically: at every moment
//! the output path names either the complete old site or the complete new one, even if the
//! process is killed. Where that call is missing (other systems, or file systems without it)
//! the fallback is two renames through a third name, `.<output>.old`; a kill between them
//! leaves the old site under that name and no output folder, and the next build puts it back
//! ([`recover`]) before doing anything else.

use std::io;
use std::path::{Path, PathBuf};

/// Where the fallback parks the old site between its two renames.
pub(crate) fn parked(target: &Path) -> PathBuf {
    sibling(target, "old")
}

/// A hidden sibling of `target` named after it: `.public.<what>`.
pub(crate) fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{what}"))
}

/// Puts back an old site that a killed fallback swap left parked, so the output path never
/// stays empty. Does nothing when the output folder exists.
pub(crate) fn recover(target: &Path) -> io::Result<()> {
    let old = parked(target);
    if !target.exists() && old.is_dir() {
        std::fs::rename(&old, target)?;
    }
    Ok(())
}

/// Swaps the folders `a` and `b`, which must both exist; each then holds what the other held.
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    match exchange_atomically(a, b) {
        Ok(()) => Ok(()),
        Err(e) if matches!(e.raw_os_error(), Some(code) if unsupported(code)) => exchange_by_renames(a, b),
        Err(e) => Err(e),
    }
}

/// The fallback: `b` is parked, `a` takes its name, and the parked folder takes `a`'s.
fn exchange_by_renames(a: &Path, b: &Path) -> io::Result<()> {
    let old = parked(b);
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

#[cfg(target_os = "linux")]
fn unsupported(code: i32) -> bool {
    // No such system call (old kernels), or the file system does not support the flag.
    code == libc::ENOSYS || code == libc::EINVAL
}

#[cfg(not(target_os = "linux"))]
fn unsupported(_code: i32) -> bool {
    true
}

#[cfg(target_os = "linux")]
fn exchange_atomically(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c =
        |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e));
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; the system call
    // only reads them. It is called directly because not every C library wraps renameat2.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange_atomically(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn folders_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(a.join("x")).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x/new"), "new").unwrap();
        fs::write(b.join("old"), "old").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(b.join("x/new")).unwrap(), "new");
        assert_eq!(fs::read_to_string(a.join("old")).unwrap(), "old");
        assert!(!parked(&b).exists());
    }

    #[test]
    fn the_fallback_trades_places_too_and_a_parked_site_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("stage"), dir.path().join("public"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("n"), "new").unwrap();
        fs::write(b.join("o"), "old").unwrap();
        exchange_by_renames(&a, &b).unwrap();
        assert!(b.join("n").is_file() && a.join("o").is_file());
        // A kill between the fallback's renames leaves the old site parked and no output.
        fs::rename(&b, parked(&b)).unwrap();
        recover(&b).unwrap();
        assert!(b.join("n").is_file(), "the parked site is the output again");
        assert!(!parked(&b).exists());
    }
}
