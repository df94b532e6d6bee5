//! Diagnostics: one problem in the user's input, with where it is and how to fix it.
//!
//! Every stage collects these instead of stopping at the first failure, so that
//! one build reports every problem at once (as `path:line:col: message`).

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in an input file, pointing at the exact place.
///
/// Line and column are 1-based, as editors and terminals expect them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file the problem is in, as the user would type it.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Makes a diagnostic; `hint` may be empty, which means "no hint".
    pub fn new(path: &Path, line: usize, col: usize, message: impl Into<String>, hint: impl Into<String>) -> Self {
        let hint = hint.into();
        Diagnostic {
            path: path.to_path_buf(),
            line: line.max(1),
            col: col.max(1),
            message: message.into(),
            hint: if hint.is_empty() { None } else { Some(hint) },
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.col, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// Why a command stopped: the one error type of the crate, returned by every command, by the
/// build driver and by the preview server, and printed as it is (`{e}`) by the command line.
///
/// Each variant says what failed and keeps what caused it (`source`), so a caller can tell an
/// input problem from a full disk without reading the message.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the user's files; all of them, sorted by path and line.
    #[error("{}", Listed(.0))]
    Input(Vec<Diagnostic>),
    /// A page or search index file would be written outside its place (see
    /// [`crate::output::OutPath`]); slugs and ids are checked when loaded, so this is the last
    /// line of defence, not the usual report.
    #[error("refused to write {what} at {why}")]
    OutputPath {
        /// What was to be written: "a page", "a search index file".
        what: &'static str,
        /// What is wrong with its path, completing "at ...": see [`crate::output::path::check_segment`].
        why: String,
    },
    /// Reading or writing a file or folder failed (disk full, permission denied...): what was
    /// being done, to which path, and the system's error.
    #[error("cannot {doing} {}: {source}", path.display())]
    Io {
        /// What was being done, completing "cannot ...": "read", "write", "find the site root".
        doing: &'static str,
        /// The file or folder, as the user gave it where the command has that form.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// `init` could not write a file of the new site. It removed everything it had written,
    /// so the folder is as it was and `init` can simply be run again.
    #[error("cannot write {}: {source}; nothing was kept", path.display())]
    NewSite {
        /// The file that could not be written.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// A command-line value is refused: what is wrong, and how to fix it.
    #[error("error: {message}\n  hint: {hint}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// The file or folder a command would create is already there, and is not the command's to
    /// replace (`init` into a folder with files, `new` with a headline already written).
    #[error("{} {why}; nothing was written\n  hint: {hint}", path.display())]
    Taken {
        /// The file or folder, as the user gave it.
        path: PathBuf,
        /// What is in the way, completing "PATH ...".
        why: &'static str,
        /// How to go on.
        hint: &'static str,
    },
    /// `explain` was given an id that no article has.
    #[error("no article with id {id:?}\n  hint: {hint}")]
    UnknownArticle {
        /// The id asked for.
        id: String,
        /// What ids look like, and the closest one that exists.
        hint: String,
    },
    /// Not yet sorted into its own variant.
    #[error("{0}")]
    Other(String),
}

/// Input problems as the user reads them: one per line, then how many and that nothing was written.
struct Listed<'a>(&'a [Diagnostic]);

impl fmt::Display for Listed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{} found; nothing was written", if n == 1 { "" } else { "s" })
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(mut ds: Vec<Diagnostic>) -> Self {
        ds.sort();
        ds.dedup();
        Error::Input(ds)
    }
}

/// Longest user-supplied value quoted in full in a message: a 1 MB headline must not make a 1 MB
/// error message.
const QUOTE_CHARS: usize = 60;

/// A user-supplied value quoted for a message, shortened to its start when long.
pub fn quote(s: &str) -> String {
    let n = s.chars().count();
    if n <= QUOTE_CHARS {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(QUOTE_CHARS).collect();
        format!("{:?}… ({n} characters)", head)
    }
}

/// Converts a byte offset in `text` into a 1-based (line, column) pair, counting columns in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Suggests the closest known name for a misspelt one, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(&word.to_lowercase(), k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance; the inputs are short key names, so the quadratic table is fine.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Prints warnings (skipped links, hidden files) on standard error, one line each: the
/// commands and the preview server report them the same way.
pub fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_in_chars() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 8), (3, 1));
    }

    #[test]
    fn suggests_close_keys_only() {
        let known = ["title", "outlet", "date", "author"];
        assert_eq!(did_you_mean("titel", &known), Some("title"));
        assert_eq!(did_you_mean("outlett", &known), Some("outlet"));
        assert_eq!(did_you_mean("Author", &known), Some("author"));
        assert_eq!(did_you_mean("zzzzzzzz", &known), None);
    }

    #[test]
    fn long_values_are_quoted_short() {
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        let q = quote(&"x".repeat(1_000_000));
        assert!(q.len() < 100 && q.ends_with("… (1000000 characters)"), "{q}");
    }

    #[test]
    fn io_errors_say_what_and_where_and_keep_the_cause() {
        use std::error::Error as _;
        let source = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let e = Error::Io { doing: "write", path: "public/a.html".into(), source };
        assert_eq!(e.to_string(), "cannot write public/a.html: permission denied");
        assert_eq!(e.source().map(ToString::to_string).as_deref(), Some("permission denied"));
    }

    #[test]
    fn input_problems_are_listed_then_counted() {
        let d = |line| Diagnostic::new(Path::new("a.md"), line, 1, "bad", "");
        let e = Error::from(vec![d(2), d(1), d(2)]);
        assert_eq!(e.to_string(), "a.md:1:1: bad\na.md:2:1: bad\n2 problems found; nothing was written");
    }

    #[test]
    fn display_has_location_and_hint() {
        let d = Diagnostic::new(Path::new("a.md"), 3, 2, "bad", "fix it");
        assert_eq!(d.to_string(), "a.md:3:2: bad\n  hint: fix it");
    }
}
