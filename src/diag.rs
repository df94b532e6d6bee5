//! Diagnostics and errors: one problem in the user's input, with where it is and how to fix it
//! ([`Diagnostic`]), and why a command stopped ([`Error`]).
//!
//! Every stage collects diagnostics instead of stopping at the first failure, so that
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
/// Each variant says what failed and keeps what caused it as its `source`, so a caller can
/// tell an input problem from a full disk without reading the message. The message repeats
/// the cause's own text, because the command line prints the message alone.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the user's files; all of them, sorted by path and line.
    #[error("{}", Listed(.0))]
    Input(Vec<Diagnostic>),
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
    /// Reading or writing a file or folder failed (disk full, permission denied...): what was
    /// being done, to which path, and the system's error.
    #[error("cannot {doing} {}: {source}", path.display())]
    Io {
        /// What was being done, completing "cannot ...": "read", "write", "find the site root".
        doing: &'static str,
        /// The file or folder, as the user gave it or relative to the folder the command
        /// writes in (the site root, the output folder).
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
    /// The search index could not be built; Pagefind's (or its runtime's) error says why.
    #[error("search index: {0}")]
    Search(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A line of a labelled corpus (`roundup eval`) is not a record: the file, the 1-based line
    /// and the JSON error.
    #[error("{}:{line}: {source}", path.display())]
    Corpus {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong with the line.
        #[source]
        source: serde_json::Error,
    },
    /// The preview server found no port to listen on: the first address tried, how many ports
    /// after it were tried too, and the last one's error.
    #[error("cannot listen on {addr}{}: {source}; choose another with --port", more_ports(*more))]
    Listen {
        /// The first address tried.
        addr: std::net::SocketAddr,
        /// How many ports after it were tried.
        more: u16,
        /// Why the last one failed.
        #[source]
        source: std::io::Error,
    },
    /// The preview server cannot watch the site for changes.
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        /// The site root, resolved.
        path: PathBuf,
        /// The watcher's error.
        #[source]
        source: notify_debouncer_full::notify::Error,
    },
    /// The preview server cannot catch Ctrl-C, which it needs to remove its temporary folder.
    #[error("cannot handle Ctrl-C: {0}")]
    CtrlC(#[source] ctrlc::Error),
}

/// " or the N ports after it", for [`Error::Listen`].
fn more_ports(more: u16) -> String {
    match more {
        0 => String::new(),
        1 => " or the port after it".to_string(),
        n => format!(" or the {n} ports after it"),
    }
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
pub(crate) fn quote(s: &str) -> String {
    let n = s.chars().count();
    if n <= QUOTE_CHARS {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(QUOTE_CHARS).collect();
        format!("{:?}… ({n} characters)", head)
    }
}

/// Converts a byte offset in `text` into a 1-based (line, column) pair, counting columns in characters.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
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
pub(crate) fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(&word.to_lowercase(), k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance; the inputs are short key names, so the quadratic table is fine.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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
pub(crate) fn print_warnings(warnings: &[Diagnostic]) {
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
    fn listen_errors_say_which_ports_were_tried() {
        let e = |port, more| Error::Listen {
            addr: std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            more,
            source: std::io::Error::from(std::io::ErrorKind::AddrInUse),
        };
        assert_eq!(
            e(1111, 9).to_string(),
            "cannot listen on 127.0.0.1:1111 or the 9 ports after it: address in use; choose another with --port"
        );
        assert_eq!(e(0, 0).to_string(), "cannot listen on 127.0.0.1:0: address in use; choose another with --port");
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
