//! `roundup init DIR`: a new site that builds as it is, so a first-time user starts from something working.
//!
//! The theme comes from [`crate::scaffold`], embedded in the binary, so `init` needs nothing but the binary.

use crate::config::ClusteringConfig;
use crate::diag::Error;
use crate::scaffold;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Creates a new site in `dir`: `site.toml`, an example article, the default theme and a `.gitignore`.
///
/// Refuses, writing nothing, when `dir` exists and is not an empty folder, so it never overwrites work.
/// Returns the line to print, which says how to build the new site.
pub(crate) fn run(dir: &Path) -> Result<String, Error> {
    let shown = dir.display();
    if dir.exists() {
        if !dir.is_dir() {
            let hint = "give the path of a new or empty folder";
            return Err(Error::Taken { path: dir.into(), why: "exists and is not a folder", hint });
        }
        let mut entries = fs::read_dir(dir).map_err(|source| Error::Io { doing: "read", path: dir.into(), source })?;
        if entries.next().is_some() {
            return Err(Error::Taken {
                path: dir.into(),
                why: "is not empty, and init only creates a site in a new or empty folder",
                hint: "choose a new folder, e.g. `roundup init my-site`",
            });
        }
    }
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let mut files: Vec<(String, String)> = vec![
        ("site.toml".into(), site_toml()),
        (format!("articles/{today}-welcome-to-roundup.md"), welcome_article(&today)),
        (".gitignore".into(), GITIGNORE.into()),
    ];
    files.extend(scaffold::FILES.iter().map(|(p, c)| (p.to_string(), c.to_string())));

    let mut w = Writer::default();
    if let Err((path, source)) = files.iter().try_for_each(|(rel, text)| w.write(&dir.join(rel), text)) {
        w.roll_back();
        return Err(Error::NewSite { path, source });
    }
    Ok(if dir == Path::new(".") {
        "created a new site here: build it with `roundup build`, add articles with `roundup new \"Headline\" --outlet \"Outlet\"`"
            .to_string()
    } else {
        format!(
            "created a new site in {shown}: build it with `roundup build --root {shown}`, \
             add articles with `roundup new \"Headline\" --outlet \"Outlet\" --root {shown}`"
        )
    })
}

/// Keeps a site's output, the build's staging folder and Roundup's own bookkeeping (the fetch
/// cache of `roundup import`, rebuilt when missing) out of version control.
const GITIGNORE: &str = "# The built site: regenerate it with `roundup build`, never commit it.\n/public\n/.public.*\n\
                         # Roundup's bookkeeping (the fetch cache of `roundup import`); rebuilt when missing.\n/.roundup\n";

/// The starting `site.toml`: required keys set, optional tables commented out with the real defaults.
fn site_toml() -> String {
    let c = ClusteringConfig::default();
    let clustering: String = [
        ("threshold", c.threshold, "higher splits more: fewer wrong merges, more fragmented stories"),
        ("half_life_days", c.half_life_days, "days over which the time factor halves"),
        ("time_floor", c.time_floor, "the lowest the time factor goes"),
        ("window_days", c.window_days, "events further away than this are not candidates at all"),
    ]
    .iter()
    .map(|(key, value, why)| format!("# {:<22}# {why}\n", format!("{key} = {value:?}")))
    .collect();
    format!(
        r#"# Settings for this Roundup site. Unknown keys are errors, so typos never pass silently.

title = "My Roundup"
# Where the site is published. Its path prefixes every link, e.g. "https://example.org/news/".
base_url = "https://example.org/"
description = "News coverage from many outlets, grouped by event."
# Language of the site's own text (a BCP 47 tag).
language = "en"

# How articles are grouped into events. Every key is optional; the defaults, shown,
# are meant to work untuned. Uncomment a line to change it.
# [clustering]
{clustering}
# Feeds that `roundup import --feeds` pulls, one table each; outlet is optional
# (the feed's own title otherwise):
# [[feeds]]
# url = "https://example.org/feed.xml"
# outlet = "Example News"

# Optional metadata per outlet, shown on its page:
# [outlets."Roundup"]
# homepage = "https://example.org/"
# description = "What this outlet is."
# country = "Nowhere"
"#
    )
}

/// The example article, dated `today`: it shows valid front matter and says how to add more.
fn welcome_article(today: &str) -> String {
    format!(
        r#"---
title: "Welcome to Roundup"
outlet: "Roundup"
date: {today}
---

This is an example article. Each Markdown file in `articles/` is one article, and Roundup groups the articles of many outlets into events: one page per event, per outlet and per article. Delete this file once you have added your own.

To add an article, run

    roundup new "The headline" --outlet "The outlet" --url https://example.org/story --date 2025-03-31

which writes `articles/2025-03-31-the-headline.md`, ready for you to paste the text into. Or write a file by hand: front matter between `---` lines, then the text.

```yaml
---
title: "The headline, as the outlet wrote it"
outlet: "The outlet"
date: 2025-03-31
url: "https://example.org/story"
---
```

Only `title` and `outlet` are required. `date` may also be a time, such as `2025-03-31T14:05:00-04:00`; leave it out when the source gives none. Other keys are `author`, `lang`, `tags`, `summary`, `draft`, `event` and `extra`.

Then run `roundup check` to validate everything, and `roundup build` to write the site into `public/`. Change the title and address of the site in `site.toml`, and its look in `templates/` and `static/`.
"#
    )
}

/// Writes new files, remembering everything it created so a failure can undo it all.
#[derive(Default)]
struct Writer {
    created: Vec<PathBuf>,
}

impl Writer {
    /// Writes `path`, creating missing parent folders; never replaces an existing file.
    fn write(&mut self, path: &Path, text: &str) -> Result<(), (PathBuf, io::Error)> {
        let fail = |e| (path.to_path_buf(), e);
        if let Some(parent) = path.parent() {
            self.make_dir(parent).map_err(fail)?;
        }
        let mut f = fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(fail)?;
        self.created.push(path.to_path_buf());
        f.write_all(text.as_bytes()).map_err(fail)
    }

    fn make_dir(&mut self, dir: &Path) -> io::Result<()> {
        if dir.as_os_str().is_empty() || dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = dir.parent() {
            self.make_dir(parent)?;
        }
        fs::create_dir(dir)?;
        self.created.push(dir.to_path_buf());
        Ok(())
    }

    /// Removes what was created, newest first, so folders are empty by the time they are removed.
    fn roll_back(&self) {
        for p in self.created.iter().rev() {
            let _ = if p.is_dir() { fs::remove_dir(p) } else { fs::remove_file(p) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn site_toml_parses_and_its_commented_defaults_are_the_real_ones() {
        let text = site_toml();
        let cfg = Config::parse(Path::new("site.toml"), &text).unwrap();
        assert_eq!(cfg.title, "My Roundup");
        assert_eq!(cfg.language, "en");
        let uncommented: String = text
            .lines()
            .map(|l| l.strip_prefix("# ").filter(|r| r.starts_with('[') || r.contains(" = ")).unwrap_or(l))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(uncommented.contains("\n[clustering]\nthreshold = 0.2 "), "{uncommented}");
        let cfg = Config::parse(Path::new("site.toml"), &uncommented).unwrap();
        assert_eq!(cfg.clustering, ClusteringConfig::default());
        assert_eq!(cfg.outlets["Roundup"].homepage.as_deref(), Some("https://example.org/"));
        assert_eq!(cfg.feeds[0].url, "https://example.org/feed.xml");
        assert_eq!(cfg.feeds[0].outlet.as_deref(), Some("Example News"));
    }

    #[test]
    fn welcome_article_loads() {
        let loaded = crate::article::parse(&welcome_article("2025-03-31"), "x".into(), Path::new("x.md")).unwrap();
        assert_eq!(loaded.article.title, "Welcome to Roundup");
        assert_eq!(loaded.article.outlet, "Roundup");
        assert_eq!(loaded.article.date.unwrap().iso(), "2025-03-31");
        assert!(loaded.article.lead.starts_with("This is an example article."), "{}", loaded.article.lead);
    }

    #[test]
    fn refuses_a_non_empty_folder_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let e = run(dir.path()).unwrap_err().to_string();
        assert!(e.contains("is not empty"), "{e}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn writes_every_theme_file_into_a_new_nested_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("a/b");
        let msg = run(&site).unwrap();
        assert!(msg.contains(&format!("roundup build --root {}", site.display())), "{msg}");
        for (rel, text) in scaffold::FILES {
            assert_eq!(fs::read_to_string(site.join(rel)).unwrap(), *text, "{rel}");
        }
        let gitignore = fs::read_to_string(site.join(".gitignore")).unwrap();
        assert!(gitignore.lines().any(|l| l == "/public"), "{gitignore}");
        assert!(gitignore.lines().any(|l| l == "/.roundup"), "{gitignore}");
        assert!(Config::load(&site.join("site.toml")).is_ok());
        assert_eq!(crate::article::find_files(&site, &site.join("articles")).files.len(), 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::default();
        w.write(&dir.path().join("x/y/one.txt"), "1").unwrap();
        // A file where a folder is needed makes the second write fail.
        assert!(w.write(&dir.path().join("x/y/one.txt/two.txt"), "2").is_err());
        w.roll_back();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
