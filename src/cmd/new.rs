//! `roundup new "Headline" --outlet NAME`: starts an article file with valid front matter, so curators
//! never hand-quote YAML or invent a file name.

use crate::article::{self, ArticleDate, PLACEHOLDER};
use crate::diag::Error;
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The date forms `--date` accepts, the same as the front matter's `date`.
const DATE_HINT: &str = "use YYYY-MM-DD, an RFC 3339 time like 2025-03-31T14:05:00Z, or YYYY-MM-DD HH:MM (read as UTC)";

/// When the article was published, as the curator said: a date, or that the source gives none.
/// There is no default: a date the source does not give is never invented (not even today's).
#[derive(Debug, Clone, Copy)]
pub(crate) enum When<'a> {
    /// `--date`, in any form the front matter accepts.
    Date(&'a str),
    /// `--undated`: the source gives no date.
    Undated,
    /// Neither was given: refused, with a hint.
    NotGiven,
}

/// Writes `articles/<date>-<slug>.md` (`articles/undated-<slug>.md` for an undated source) under
/// `root` and returns `wrote articles/....md`.
///
/// A date takes every form the front matter accepts; the file name uses its day. Never overwrites a
/// file, and checks that what it wrote loads, so `new` cannot start a broken article.
pub(crate) fn run(root: &Path, title: &str, outlet: &str, url: Option<&str>, when: When) -> Result<String, Error> {
    let usage = |message: String, hint: &str| Error::Usage { message, hint: hint.to_string() };
    let (title, outlet) = (title.trim(), outlet.trim());
    for (name, value) in [("title", title), ("outlet", outlet)] {
        if value.is_empty() {
            return Err(usage(format!("the {name} is empty"), "give it some text"));
        }
        if value.chars().any(char::is_control) {
            return Err(usage(format!("the {name} contains a line break or control character"), "keep it on one line"));
        }
    }
    let url = url.map(str::trim);
    if let Some(u) = url
        && !((u.starts_with("https://") || u.starts_with("http://")) && !u.contains(char::is_whitespace))
    {
        return Err(usage(
            format!("--url must start with http:// or https:// and contain no spaces, got {u:?}"),
            "give the article's full web address",
        ));
    }
    let date = match when {
        When::Date(d) => match ArticleDate::parse(d.trim()) {
            Some(parsed) => Some((d.trim().to_string(), parsed.day())),
            None => return Err(usage(format!("cannot parse --date {d:?}"), DATE_HINT)),
        },
        When::Undated => None,
        When::NotGiven => {
            return Err(usage(
                "no publication date: give --date, or --undated for a source that gives none".into(),
                "copy the date from the source, e.g. --date 2025-03-31; Roundup never invents one",
            ));
        }
    };
    if !root.join("site.toml").is_file() {
        return Err(usage(
            format!("no site.toml in {}", root.display()),
            "run this in a site's folder or pass --root; `roundup init DIR` creates a site",
        ));
    }

    let mut slug = crate::slug::short_slug(title, 8);
    if slug.is_empty() {
        slug = "article".into();
    }
    let id = match &date {
        Some((_, day)) => format!("{}-{slug}", day.format("%Y-%m-%d")),
        None => format!("undated-{slug}"),
    };
    let rel = PathBuf::from("articles").join(format!("{id}.md"));
    let path = root.join(&rel);
    let date = date.map(|(text, _)| text);
    let text = format!("---\n{}---\n\n{PLACEHOLDER}\n", front_matter(title, outlet, date.as_deref(), url));
    let io = |source: std::io::Error| Error::Io { doing: "write", path: rel.clone(), source };
    fs::create_dir_all(root.join("articles")).map_err(io)?;
    let mut file = match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            return Err(Error::Taken {
                path: rel,
                why: "already exists",
                hint: "choose another title, or edit that file",
            });
        }
        Err(e) => return Err(io(e)),
    };
    if let Err(e) = file.write_all(text.as_bytes()) {
        let _ = fs::remove_file(&path);
        return Err(io(e));
    }
    drop(file);
    if let Err(problems) = article::load_file(&path, id, &rel, u64::MAX) {
        let _ = fs::remove_file(&path);
        return Err(problems.into());
    }
    Ok(format!("wrote {}", rel.display()))
}

/// The front-matter lines (without fences). Text is double-quoted via JSON, which is valid YAML for any string.
fn front_matter(title: &str, outlet: &str, date: Option<&str>, url: Option<&str>) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = format!("title: {}\noutlet: {}\n", q(title), q(outlet));
    if let Some(date) = date {
        // Every accepted date form is plain YAML text as it is; anything unexpected is quoted all the same.
        let plain = date.chars().all(|c| c.is_ascii_alphanumeric() || "-:+. ".contains(c)) && !date.contains(": ");
        out.push_str(&format!("date: {}\n", if plain { date.to_string() } else { q(date) }));
    }
    if let Some(u) = url {
        out.push_str(&format!("url: {}\n", q(u)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWKWARD: &[&str] = &[
        "Rubio: 17 gang members sent to El Salvador",
        "He said \"no\" — #1 'quoted' & <b>bold</b>: 100% café",
        "- starts like a list",
        "[bracketed] {braced} *starred* &anchor !tag |pipe >fold %pct @at `tick`",
        "1984",
        "yes",
        "null",
        "~",
        "back\\slash \\n not a newline",
        "日本語の見出し 🎉",
        "trailing colon:",
        "#hashtag at start",
    ];

    #[test]
    fn any_title_round_trips_through_the_front_matter() {
        for t in AWKWARD {
            for date in ["2025-03-31", "2025-03-31T14:05:00-04:00", "2025-03-31 14:05", "2025-03-31T14:05Z"] {
                let text = format!(
                    "---\n{}---\n\n{PLACEHOLDER}\n",
                    front_matter(t, t, Some(date), Some("https://x.org/a?b=c#d"))
                );
                let a = article::parse(&text, "x".into(), Path::new("x.md"))
                    .unwrap_or_else(|e| panic!("{t}: {e:?}"))
                    .article;
                assert_eq!(a.title, *t);
                assert_eq!(a.outlet, *t);
                assert_eq!(a.date, ArticleDate::parse(date), "{date}");
                assert_eq!(a.url.as_deref(), Some("https://x.org/a?b=c#d"));
            }
        }
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("site.toml"), "title = \"t\"\nbase_url = \"https://example.org/\"\n").unwrap();
        dir
    }

    #[test]
    fn names_the_file_by_day_and_headline() {
        let s = site();
        let msg = run(s.path(), "Rubio: 17 gang members sent to El Salvador", "Voz.us", None, When::Date("2025-03-31"))
            .unwrap();
        assert_eq!(msg, "wrote articles/2025-03-31-rubio-17-gang-members-sent-to-el-salvador.md");
        // A moment keeps the day of its own offset, not of UTC.
        let msg = run(s.path(), "Late news", "X", None, When::Date("2025-03-31T23:30:00-04:00")).unwrap();
        assert_eq!(msg, "wrote articles/2025-03-31-late-news.md");
        let msg = run(s.path(), "日本", "X", None, When::Date("2025-03-31 14:05")).unwrap();
        assert_eq!(msg, "wrote articles/2025-03-31-article.md");
        let text = fs::read_to_string(s.path().join("articles/2025-03-31-article.md")).unwrap();
        assert_eq!(
            text,
            format!("---\ntitle: \"日本\"\noutlet: \"X\"\ndate: 2025-03-31 14:05\n---\n\n{PLACEHOLDER}\n")
        );
    }

    #[test]
    fn refuses_bad_input_and_existing_files() {
        let s = site();
        let err = |r: Result<String, Error>| r.unwrap_err().to_string();
        assert!(err(run(s.path(), "T", "O", Some("ftp://x"), When::Undated)).contains("--url must start with http://"));
        assert!(err(run(s.path(), "T", "O", None, When::Date("yesterday"))).contains("hint: use YYYY-MM-DD"));
        assert!(err(run(s.path(), " ", "O", None, When::Undated)).contains("title is empty"));
        assert!(err(run(s.path(), "T", "O", Some("https://x.org/a b"), When::Undated)).contains("no spaces"));
        assert!(err(run(s.path(), "two\nlines", "O", None, When::Undated)).contains("line break"));
        assert!(!s.path().join("articles").exists());
        run(s.path(), "T", "O", None, When::Date("2025-01-02")).unwrap();
        let e = err(run(s.path(), "T", "Other", None, When::Date("2025-01-02")));
        assert!(e.starts_with("articles/2025-01-02-t.md already exists"), "{e}");
        assert!(fs::read_to_string(s.path().join("articles/2025-01-02-t.md")).unwrap().contains("outlet: \"O\""));
        let e = err(run(&s.path().join("nowhere"), "T", "O", None, When::Undated));
        assert!(e.contains("no site.toml"), "{e}");
    }

    #[test]
    fn a_date_is_never_invented() {
        let s = site();
        let e = run(s.path(), "T", "O", None, When::NotGiven).unwrap_err().to_string();
        assert!(e.contains("no publication date: give --date, or --undated"), "{e}");
        assert!(!s.path().join("articles").exists(), "nothing written");
        let msg = run(s.path(), "Prison tour", "Costa Rica Post", None, When::Undated).unwrap();
        assert_eq!(msg, "wrote articles/undated-prison-tour.md");
        let text = fs::read_to_string(s.path().join("articles/undated-prison-tour.md")).unwrap();
        assert!(!text.contains("date:"), "{text}");
        let a = article::parse(&text, "undated-prison-tour".into(), Path::new("x.md")).unwrap().article;
        assert_eq!(a.date, None);
    }
}
