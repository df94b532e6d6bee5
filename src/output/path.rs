//! The one place that decides where an output file goes.
//!
//! Every file Roundup writes (pages, feeds, the search bundle, static files) is named by an
//! [`OutPath`], and the only ways to make one check every segment. An article's id, an event
//! pin or a feed item's title can therefore never name a path outside the output folder, an
//! absolute path, a hidden file, or another kind of page's folder: whatever the input, the
//! writer only ever sees plain relative paths of safe segments.

use std::fmt;

/// Longest segment accepted, in bytes: file systems allow 255, and a shorter bound leaves room
/// for the `.md` an id's segment had, and for tools that add suffixes.
pub(crate) const MAX_SEGMENT: usize = 200;
/// Longest path accepted, in bytes: with the output folder's own path in front it stays well
/// under the 4,096 bytes Linux allows for a whole path.
pub(crate) const MAX_PATH: usize = 1024;

/// A relative output path of safe `/`-separated segments, checked when made.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct OutPath(String);

/// Which segments a path may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// Generated pages and feeds: ASCII letters, digits, `-`, `_` and `.`, not starting with `.`.
    Page,
    /// Files copied from `static/` or made by the search indexer: any printable characters but
    /// `\` and `:`; hidden names only for the few a web host reads (see [`PUBLISHED_DOTFILES`]).
    Static,
}

/// Hidden names that are published from `static/`: web hosts and browsers read them. Any other
/// name starting with `.` (`.env`, `.git`, an editor's swap file) is left out of the site.
pub(crate) const PUBLISHED_DOTFILES: &[&str] = &[".well-known", ".htaccess", ".nojekyll"];

impl OutPath {
    /// Joins segments into a path, checking each against `rule`.
    pub(crate) fn join(segments: &[&str], rule: Rule) -> Result<OutPath, String> {
        let mut s = String::with_capacity(segments.iter().map(|x| x.len() + 1).sum());
        for (i, seg) in segments.iter().enumerate() {
            check_segment(seg, rule)?;
            if i > 0 {
                s.push('/');
            }
            s.push_str(seg);
        }
        if s.is_empty() {
            return Err("an empty path".into());
        }
        if s.len() > MAX_PATH {
            return Err(format!("a path of {} bytes, over the {MAX_PATH}-byte limit", s.len()));
        }
        Ok(OutPath(s))
    }

    /// Checks a `/`-separated relative path (a static file's or a search bundle file's).
    pub(crate) fn parse(rel: &str, rule: Rule) -> Result<OutPath, String> {
        let segs: Vec<&str> = rel.split('/').collect();
        OutPath::join(&segs, rule)
    }

    /// The path as `/`-separated text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder part, if the path has one.
    pub(crate) fn parent(&self) -> Option<&str> {
        self.0.rsplit_once('/').map(|(d, _)| d)
    }
}

/// Lets sets of paths be searched by text, e.g. with a file name found on disk.
impl std::borrow::Borrow<str> for OutPath {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for OutPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `seg` may be one segment of a path under `rule`; the error says why not.
///
/// The reasons here (and of [`OutPath::join`]) are words that end a caller's sentence
/// ("refused to write a page at {why}", "has {why}" for an article id), not failures with a
/// cause of their own, so they are plain text: [`crate::diag::Error::OutputPath`] carries one.
pub(crate) fn check_segment(seg: &str, rule: Rule) -> Result<(), String> {
    if seg.is_empty() {
        return Err("an empty path segment".into());
    }
    if seg == "." || seg == ".." {
        return Err(format!("the path segment {seg:?}"));
    }
    if seg.len() > MAX_SEGMENT {
        return Err(format!("a path segment of {} bytes, over the {MAX_SEGMENT}-byte limit", seg.len()));
    }
    let ok = match rule {
        Rule::Page => !seg.starts_with('.') && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
        Rule::Static => {
            (!seg.starts_with('.') || PUBLISHED_DOTFILES.contains(&seg))
                && !seg.chars().any(|c| c.is_control() || c == '\\' || c == ':')
        }
    };
    if ok { Ok(()) } else { Err(format!("the path segment {}", crate::diag::quote(seg))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_take_only_plain_segments() {
        assert_eq!(
            OutPath::join(&["events", "a-b", "index.html"], Rule::Page).unwrap().as_str(),
            "events/a-b/index.html"
        );
        for bad in ["..", ".", "", ".hidden", "a/b", "a\\b", "/abs", "a b", "é", "a\0"] {
            assert!(OutPath::join(&["events", bad, "index.html"], Rule::Page).is_err(), "{bad:?}");
        }
        let long = "a".repeat(MAX_SEGMENT + 1);
        assert!(OutPath::join(&[&long], Rule::Page).is_err());
        let many = vec!["abcdefghij"; MAX_PATH / 10];
        assert!(OutPath::join(&many, Rule::Page).is_err(), "a path over the total limit");
    }

    #[test]
    fn static_paths_refuse_traversal_and_hidden_files() {
        for ok in ["style.css", "img/a b.png", ".well-known/security.txt", "fonts/Ünï.woff2", ".nojekyll"] {
            assert!(OutPath::parse(ok, Rule::Static).is_ok(), "{ok}");
        }
        for bad in ["../x", "a/../../x", "/etc/passwd", ".env", ".git/config", "a//b", "a/./b", "c:x", "a\\..\\b", ""] {
            assert!(OutPath::parse(bad, Rule::Static).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reasons_read_as_the_end_of_a_sentence() {
        let why = |rel: &str| OutPath::parse(rel, Rule::Static).unwrap_err();
        assert_eq!(why("a/../b"), "the path segment \"..\"");
        assert_eq!(why(".env"), "the path segment \".env\"");
        assert_eq!(why("a//b"), "an empty path segment");
        assert_eq!(why(&"a".repeat(MAX_SEGMENT + 1)), "a path segment of 201 bytes, over the 200-byte limit");
        assert_eq!(OutPath::join(&[], Rule::Page).unwrap_err(), "an empty path");
    }

    #[test]
    fn parent_is_the_folder() {
        let p = OutPath::parse("a/b/c.xml", Rule::Static).unwrap();
        assert_eq!(p.parent(), Some("a/b"));
        assert_eq!(OutPath::parse("c.xml", Rule::Static).unwrap().parent(), None);
    }
}
