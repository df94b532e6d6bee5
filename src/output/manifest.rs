//! The list of files a build wrote, kept inside the output folder.
//!
//! Roundup removes from the output folder only what it wrote there itself: a file the user
//! put there by hand (a `CNAME`, a verification file) is carried into every new build. The
//! manifest is how it knows which is which; it is written into the staged folder, so it is
//! swapped in together with the files it lists.

use super::path::{OutPath, Rule};
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

/// The manifest's file name inside the output folder (hidden, so it is not served by `serve`).
pub(crate) const NAME: &str = ".roundup-manifest";
/// Its first line, which names the format.
const HEADER: &str = "# Files written by Roundup; it removes only these. Format 1.";

/// What the output folder's manifest says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Previous {
    /// There is no output folder yet, or it is empty: nothing is Roundup's, nothing is foreign.
    Empty,
    /// The files a previous build wrote.
    Written(BTreeSet<OutPath>),
    /// The folder has files but no manifest: Roundup cannot tell its own files from the user's.
    Unknown,
}

/// Reads the manifest of the output folder `target`.
pub(crate) fn read(target: &Path) -> io::Result<Previous> {
    let text = match std::fs::read_to_string(target.join(NAME)) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let empty = match std::fs::read_dir(target) {
                Ok(mut d) => d.next().is_none(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => true,
                Err(e) => return Err(e),
            };
            return Ok(if empty { Previous::Empty } else { Previous::Unknown });
        }
        Err(e) => return Err(e),
    };
    parse(&text).map(Previous::Written).ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidData, format!("{} is damaged", target.join(NAME).display()))
    })
}

/// Parses a manifest; `None` if any line is not a safe output path.
fn parse(text: &str) -> Option<BTreeSet<OutPath>> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    lines.map(|l| OutPath::parse(l, Rule::Static).ok()).collect()
}

/// The manifest's text for `files`.
pub(crate) fn render<'a>(files: impl IntoIterator<Item = &'a OutPath>) -> String {
    let mut sorted: Vec<&OutPath> = files.into_iter().collect();
    sorted.sort();
    let mut s = String::with_capacity(HEADER.len() + 1 + sorted.iter().map(|p| p.as_str().len() + 1).sum::<usize>());
    s.push_str(HEADER);
    s.push('\n');
    for p in sorted {
        s.push_str(p.as_str());
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_damage() {
        let files: Vec<OutPath> =
            ["b/index.html", "a.xml"].iter().map(|p| OutPath::parse(p, Rule::Static).unwrap()).collect();
        let text = render(&files);
        assert!(text.starts_with(HEADER));
        assert_eq!(parse(&text).unwrap(), files.iter().cloned().collect());
        assert!(parse(&format!("{text}../../etc/passwd\n")).is_none(), "a path out of the folder");
        assert!(parse("a.xml\n").is_none(), "no header");
    }

    #[test]
    fn a_folder_without_a_manifest_is_empty_or_unknown() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(&dir.path().join("none")).unwrap(), Previous::Empty);
        assert_eq!(read(dir.path()).unwrap(), Previous::Empty);
        std::fs::write(dir.path().join("index.html"), "mine").unwrap();
        assert_eq!(read(dir.path()).unwrap(), Previous::Unknown);
    }
}
