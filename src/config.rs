//! `site.toml`: the site's settings, validated strictly so typos never pass silently.

mod feeds;

use crate::diag::{Diagnostic, did_you_mean, line_col};
use serde::{Deserialize, Serialize};

mod outlets;
pub(crate) use outlets::{UNKNOWN, check_kind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything `site.toml` can say. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in every page header and the feed.
    pub title: String,
    /// Absolute URL the site is published at; its path becomes the prefix of every link.
    pub base_url: String,
    /// One-line description for the index and the feed.
    #[serde(default)]
    pub description: String,
    /// Language of the site's own text, as a BCP 47 tag (`lang` attribute).
    #[serde(default = "default_language")]
    pub language: String,
    /// Where `build` writes the site, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Events per index page.
    #[serde(default = "default_per_page")]
    pub events_per_page: usize,
    /// Articles in the site-wide Atom feed.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Build the search index (Pagefind). Turn off for the fastest builds of very large archives.
    #[serde(default = "default_true")]
    pub search: bool,
    /// Largest article file accepted, in bytes: articles come from outlets nobody here controls,
    /// and one huge file must not exhaust the build's memory or time.
    #[serde(default = "default_max_article_bytes")]
    pub max_article_bytes: u64,
    /// Articles per search shard, on average (at most twice as many): the search index is
    /// built a shard at a time, so this bounds its memory, and a new article re-indexes only its
    /// shard. The default is measured (see `src/search/shard.rs`).
    #[serde(default = "default_search_shard_articles")]
    pub search_shard_articles: usize,
    /// The clustering knobs; see the README for what each trades off.
    #[serde(default)]
    pub clustering: ClusteringConfig,
    /// Optional metadata per outlet, keyed by the outlet's display name.
    #[serde(default)]
    pub outlets: BTreeMap<String, OutletMeta>,
    /// The site's own axes of outlet context (`lean = ["left", "centre", "right"]`): each name
    /// with the values an outlet may carry under that name, beside the built-in `country`,
    /// `language`, `owner` and `kind`.
    #[serde(default)]
    pub axes: BTreeMap<String, Vec<String>>,
    /// The feeds `roundup import --feeds` pulls, in the order listed (`[[feeds]]` tables).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feeds: Vec<FeedConfig>,
}

/// The few settings that steer event clustering. The defaults are meant to work untuned.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ClusteringConfig {
    /// Similarity an article needs with an event to join it, and two events need to merge, on a
    /// 0..1 scale. It is fixed: a bar that moved with how alike nearby events look rose inside a
    /// big story, whose nearby events are its own fragments, and so split it further.
    pub threshold: f64,
    /// Days over which the time factor halves; smaller splits close-in-time events more eagerly.
    pub half_life_days: f64,
    /// Lowest value of the time factor, so long-running stories can still be joined.
    pub time_floor: f64,
    /// Events whose nearest article is further away than this (days) are not candidates at all.
    pub window_days: f64,
}

impl Default for ClusteringConfig {
    fn default() -> Self {
        ClusteringConfig { threshold: 0.2, half_life_days: 1.0, time_floor: 0.35, window_days: 30.0 }
    }
}

/// What `[outlets."Name"]` may say about an outlet; shown on its page, and its context (country,
/// language, owner, kind and the site's own axes) counted in every event's coverage mix.
///
/// Keys besides the built-in ones land in `axes` and must be axes declared in `[axes]`; the
/// checks in [`outlets`] refuse anything else, so unknown keys are still errors.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct OutletMeta {
    /// The outlet's home page.
    pub homepage: Option<String>,
    /// A short description of the outlet.
    pub description: Option<String>,
    /// Where the outlet is based.
    pub country: Option<String>,
    /// The language it publishes in.
    pub language: Option<String>,
    /// Who owns it.
    pub owner: Option<String>,
    /// What kind of outlet it is: one of [`outlets::KINDS`].
    pub kind: Option<String>,
    /// Its values on the site's own axes, by axis name (checked against `[axes]`).
    #[serde(flatten)]
    pub axes: BTreeMap<String, toml::Value>,
}

/// One `[[feeds]]` table: a feed `roundup import --feeds` pulls, and whose name its articles
/// carry.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// The feed's address: `http://` or `https://` only.
    pub url: String,
    /// The outlet its articles are filed under; the feed's own title when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
}

fn default_language() -> String {
    "en".into()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}
fn default_true() -> bool {
    true
}
fn default_max_article_bytes() -> u64 {
    5_000_000
}
fn default_search_shard_articles() -> usize {
    500
}
fn default_per_page() -> usize {
    50
}
fn default_feed_limit() -> usize {
    50
}

/// The largest `search_shard_articles`: a shard of four times as many records would take Pagefind
/// several GB to index.
const MAX_SEARCH_SHARD_ARTICLES: usize = 20_000;

const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "output_dir",
    "events_per_page",
    "feed_limit",
    "search",
    "max_article_bytes",
    "search_shard_articles",
    "clustering",
    "outlets",
    "axes",
    "feeds",
];
const CLUSTER_KEYS: &[&str] = &["threshold", "half_life_days", "time_floor", "window_days"];
const FEED_KEYS: &[&str] = &["url", "outlet"];

impl Config {
    /// Reads and validates `site.toml`, returning every problem found with its line.
    pub fn load(path: &Path) -> Result<Config, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Diagnostic::new(
                path,
                1,
                1,
                format!("cannot read site config: {e}"),
                "every site needs a site.toml at its root; `roundup init` writes one",
            )]
        })?;
        Self::parse(path, &text)
    }

    /// Parses config text; split from `load` so tests need no files.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let cfg: Config = toml::from_str(text).map_err(|e| vec![toml_diag(path, text, &e)])?;
        let mut problems = Vec::new();
        let at = |key: &str| find_key_line(text, key);
        if cfg.title.trim().is_empty() {
            problems.push(Diagnostic::new(path, at("title"), 1, "`title` is empty", "give the site a title"));
        }
        if let Err(why) = check_base_url(&cfg.base_url) {
            problems.push(Diagnostic::new(path, at("base_url"), 1, format!("`base_url` {why}"), BASE_URL_HINT));
        }
        if cfg.max_article_bytes == 0 {
            problems.push(Diagnostic::new(
                path,
                at("max_article_bytes"),
                1,
                "`max_article_bytes` must be at least 1",
                "",
            ));
        }
        if !(1..=MAX_SEARCH_SHARD_ARTICLES).contains(&cfg.search_shard_articles) {
            problems.push(Diagnostic::new(
                path,
                at("search_shard_articles"),
                1,
                format!("`search_shard_articles` must be between 1 and {MAX_SEARCH_SHARD_ARTICLES}"),
                "it bounds the search index's memory: the default, 500, keeps it near 400 MB at 10,000 articles",
            ));
        }
        if cfg.events_per_page == 0 {
            problems.push(Diagnostic::new(path, at("events_per_page"), 1, "`events_per_page` must be at least 1", ""));
        }
        let c = &cfg.clustering;
        for (key, v, ok) in [
            ("threshold", c.threshold, (0.0..=1.0).contains(&c.threshold)),
            ("half_life_days", c.half_life_days, c.half_life_days > 0.0),
            ("time_floor", c.time_floor, (0.0..=1.0).contains(&c.time_floor)),
            ("window_days", c.window_days, c.window_days > 0.0),
        ] {
            if !ok {
                problems.push(Diagnostic::new(
                    path,
                    at(key),
                    1,
                    format!("clustering.{key} = {v} is out of range"),
                    "see the README's clustering table for valid ranges and defaults",
                ));
            }
        }
        outlets::check(path, text, &cfg, &mut problems);
        feeds::check(path, text, &cfg.feeds, &mut problems);
        if problems.is_empty() { Ok(cfg) } else { Err(problems) }
    }

    /// The path prefix of every internal link, taken from `base_url` (e.g. `/` or `/news/`).
    pub fn base_path(&self) -> String {
        let rest = self.base_url.split_once("://").map_or("", |(_, r)| r);
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        let path = path.trim_end_matches('/');
        format!("{path}/")
    }

    /// `base_url` with exactly one trailing slash, for absolute links in feeds and sitemaps.
    pub fn base_url_slash(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

/// How to write a base URL, for both `site.toml` and `--base-url`.
pub(crate) const BASE_URL_HINT: &str =
    "for example base_url = \"https://example.org/\" (or --base-url https://example.org/)";

/// Checks a base URL: every link, feed id and sitemap entry starts with it, so anything but a
/// plain absolute `http(s)` address (a `javascript:` URL, quotes, spaces) is refused, wherever
/// it comes from. The error completes "`base_url` ...".
pub(crate) fn check_base_url(s: &str) -> Result<(), String> {
    check_web_url(s, false)
}

/// Checks a web address from `site.toml` or the command line: an absolute `http(s)` URL in
/// lowercase scheme, with a host, no user name or password, and no spaces, quotes or angle
/// brackets; a query (and fragment) only where `query_allowed` (feeds have them, a base URL
/// may not). One check for every such address, so they cannot drift apart.
pub(crate) fn check_web_url(s: &str, query_allowed: bool) -> Result<(), String> {
    let shown = crate::diag::quote(s);
    let plain = s.bytes().all(|b| b.is_ascii_graphic() && !b"\"'<>\\`{}|^".contains(&b));
    if !plain {
        return Err(format!("must be a plain web address without spaces, quotes or angle brackets, got {shown}"));
    }
    match url::Url::parse(s) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some_and(|h| !h.is_empty())
                && u.username().is_empty()
                && u.password().is_none()
                && (query_allowed || (u.query().is_none() && u.fragment().is_none())) =>
        {
            // The parser forgives `https:host` and `https:&/host`; an address in site.toml is
            // written out in full, so what it says is what every reader of it sees.
            if s.starts_with("http://") || s.starts_with("https://") {
                Ok(())
            } else {
                Err(format!("must start with http:// or https:// in lowercase, got {shown}"))
            }
        }
        _ if query_allowed => Err(format!("must be an http:// or https:// address with a host, got {shown}")),
        _ => Err(format!("must be an http:// or https:// address with a host and no query, got {shown}")),
    }
}

/// Turns a TOML error into a located diagnostic, adding "did you mean" for unknown keys.
fn toml_diag(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    let msg = e.message().trim().to_string();
    let mut hint = String::from("see the README's site.toml reference");
    if let Some(rest) = msg.strip_prefix("unknown field `")
        && let Some(key) = rest.split('`').next()
    {
        let known = [TOP_KEYS, CLUSTER_KEYS, outlets::OUTLET_KEYS, FEED_KEYS].concat();
        if key == "adaptivity" {
            hint = "the join threshold no longer adapts to nearby events (it split big stories); \
                    remove `adaptivity`, and set `threshold` alone if the default does not suit"
                .to_string();
        } else if let Some(s) = did_you_mean(key, &known) {
            hint = format!("did you mean `{s}`?");
        }
    }
    Diagnostic::new(path, line, col, format!("invalid site.toml: {msg}"), hint)
}

/// The 1-based line of `site.toml` at `path` where `key` is set (1 when it is not), for
/// problems found after the file was read, such as an output folder refused.
pub(crate) fn key_line(path: &Path, key: &str) -> usize {
    std::fs::read_to_string(path).map_or(1, |t| find_key_line(&t, key))
}

/// Finds the 1-based line where `key` is assigned, for pointing at semantic errors.
fn find_key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("[outlets.").trim_start_matches('"');
            l.starts_with(key) && l[key.len()..].trim_start().starts_with(['=', '"', ']'])
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("site.toml"), t)
    }

    #[test]
    fn defaults_fill_in() {
        let c = parse("title = \"T\"\nbase_url = \"https://x.org/news\"\n").unwrap();
        assert_eq!(c.output_dir, PathBuf::from("public"));
        assert_eq!(c.events_per_page, 50);
        assert_eq!(c.base_path(), "/news/");
        assert_eq!(c.base_url_slash(), "https://x.org/news/");
        assert_eq!(c.clustering, ClusteringConfig::default());
    }

    #[test]
    fn unknown_key_has_line_and_suggestion() {
        let e = parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[clustering]\nthreshhold = 0.5\n").unwrap_err();
        let s = e[0].to_string();
        assert!(s.starts_with("site.toml:4:1: invalid site.toml: unknown field `threshhold`"), "{s}");
        assert!(s.contains("did you mean `threshold`?"), "{s}");
    }

    #[test]
    fn the_retired_adaptivity_key_says_what_to_do() {
        let e = parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[clustering]\nadaptivity = 1.7\n").unwrap_err();
        let s = e[0].to_string();
        assert!(s.starts_with("site.toml:4:1: invalid site.toml: unknown field `adaptivity`"), "{s}");
        assert!(s.contains("no longer adapts") && s.contains("remove `adaptivity`"), "{s}");
    }

    #[test]
    fn base_urls_are_plain_web_addresses() {
        for ok in ["https://example.org/", "http://localhost:1111/", "https://x.org/news", "https://[::1]:8/"] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "javascript:alert(document.domain);//x",
            "JAVASCRIPT:alert(1)//http://x",
            "data:text/html,x",
            "https://x.org/\"><script>",
            "https://x.org/ a",
            "https://",
            "//x.org/",
            "ftp://x.org/",
            // The URL parser forgives these; an address must be written out in full.
            "https:0007",
            "https:&/a.example/rss",
            "https://u:p@x.org/",
            "https://x.org/?q=1",
            "HTTPS://x.org/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn semantic_errors_all_reported() {
        let e = parse("title = \"\"\nbase_url = \"ftp://x\"\n[clustering]\nthreshold = 3.0\n").unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
        assert_eq!(e[1].line, 2);
        assert_eq!(e[2].line, 4);
    }
}
