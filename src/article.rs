//! Load: turns each `articles/**/*.md` file into a validated [`Article`].
//!
//! Parsing is strict and exhaustive: every problem in every file is collected,
//! each pointing at the line of the offending front-matter key.

use crate::diag::{Diagnostic, did_you_mean, line_col};
use crate::markdown;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;
use serde_yaml::Value as Yaml;
use std::path::{Path, PathBuf};

/// The front-matter keys an article may use; anything else is a typo until proven otherwise.
pub const KNOWN_KEYS: &[&str] =
    &["title", "outlet", "date", "author", "url", "lang", "tags", "summary", "draft", "event", "extra"];

/// A publication date with the precision the source gave; a date-only value is not midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleDate {
    /// Only the day is known.
    Day(NaiveDate),
    /// A moment; `seconds` says whether the source gave seconds.
    Moment { at: DateTime<FixedOffset>, seconds: bool },
}

impl ArticleDate {
    /// Seconds since the epoch used for ordering and time gaps; a bare day counts as its noon UTC.
    pub fn timestamp(&self) -> i64 {
        match self {
            ArticleDate::Day(d) => d.and_hms_opt(12, 0, 0).map_or(0, |t| Utc.from_utc_datetime(&t).timestamp()),
            ArticleDate::Moment { at, .. } => at.timestamp(),
        }
    }

    /// The calendar day, in the source's own offset, for grouping and slugs.
    pub fn day(&self) -> NaiveDate {
        match self {
            ArticleDate::Day(d) => *d,
            ArticleDate::Moment { at, .. } => at.date_naive(),
        }
    }

    /// Machine-readable form for `<time datetime>` and JSON, keeping the source's precision.
    pub fn iso(&self) -> String {
        match self {
            ArticleDate::Day(d) => d.format("%Y-%m-%d").to_string(),
            ArticleDate::Moment { at, seconds: true } => at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ArticleDate::Moment { at, seconds: false } => {
                let off =
                    if at.offset().local_minus_utc() == 0 { "Z".to_string() } else { at.format("%:z").to_string() };
                format!("{}{off}", at.format("%Y-%m-%dT%H:%M"))
            }
        }
    }

    /// Full RFC 3339 timestamp, as Atom and sitemaps require; a bare day is given as its midnight UTC.
    pub fn rfc3339(&self) -> String {
        match self {
            ArticleDate::Day(d) => format!("{}T00:00:00Z", d.format("%Y-%m-%d")),
            ArticleDate::Moment { at, .. } => at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    /// Human-readable form, e.g. `27 March 2025` or `1 April 2025, 01:01 UTC`.
    pub fn human(&self) -> String {
        match self {
            ArticleDate::Day(d) => d.format("%-d %B %Y").to_string(),
            ArticleDate::Moment { at, .. } => {
                let off = if at.offset().local_minus_utc() == 0 {
                    "UTC".to_string()
                } else {
                    at.format("UTC%:z").to_string()
                };
                format!("{}, {} {off}", at.format("%-d %B %Y"), at.format("%H:%M"))
            }
        }
    }

    /// Parses the accepted forms: `YYYY-MM-DD`, RFC 3339, and `YYYY-MM-DD HH:MM[:SS]` read as UTC.
    pub fn parse(s: &str) -> Option<ArticleDate> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(ArticleDate::Day(d));
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(s) {
            return Some(ArticleDate::Moment { at, seconds: true });
        }
        for (fmt, seconds) in [("%Y-%m-%dT%H:%M%:z", false), ("%Y-%m-%dT%H:%M%#z", false)] {
            if let Ok(at) = DateTime::parse_from_str(s, fmt) {
                return Some(ArticleDate::Moment { at, seconds });
            }
        }
        if let Some(rest) = s.strip_suffix('Z')
            && let Ok(t) = NaiveDateTime::parse_from_str(rest, "%Y-%m-%dT%H:%M")
        {
            return Some(ArticleDate::Moment { at: Utc.from_utc_datetime(&t).fixed_offset(), seconds: false });
        }
        for (fmt, seconds) in [("%Y-%m-%d %H:%M", false), ("%Y-%m-%d %H:%M:%S", true)] {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(ArticleDate::Moment { at: Utc.from_utc_datetime(&t).fixed_offset(), seconds });
            }
        }
        None
    }
}

/// One validated article. The body is not kept: pages re-read it, which keeps memory flat at scale.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// Path under `articles/` without `.md`, with `/` separators; also its URL path.
    pub id: String,
    /// The file it came from, relative to the site root (for messages).
    #[serde(skip)]
    pub source: PathBuf,
    /// Byte offset of the Markdown body in the file.
    #[serde(skip)]
    pub body_offset: usize,
    /// Length of the file in bytes when its front matter was read.
    #[serde(skip)]
    pub file_len: usize,
    /// Headline as the outlet wrote it.
    pub title: String,
    /// Display name of the outlet.
    pub outlet: String,
    /// Publication date, if the source gave one.
    #[serde(skip)]
    pub date: Option<ArticleDate>,
    /// Authors, possibly none.
    pub authors: Vec<String>,
    /// The original article's address.
    pub url: Option<String>,
    /// Language tag of the article, when it differs from the site's or is known.
    pub lang: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// A summary written by the curator.
    pub summary: Option<String>,
    /// Drafts are validated but only published with `--drafts`.
    pub draft: bool,
    /// Event pin: the slug of the event this article must belong to.
    pub event: Option<String>,
    /// Free-form data for templates.
    pub extra: serde_json::Value,
    /// The first paragraph as plain text, for listings and clustering.
    pub lead: String,
    /// Number of words in the body.
    pub words: usize,
}

/// What loading one file yields: the article plus its plain text, which the analyzer consumes.
pub struct Loaded {
    /// The validated record.
    pub article: Article,
    /// The body as plain text, paragraphs separated by blank lines.
    pub text: String,
}

/// Lists the Markdown files under `dir` (see [`crate::walk`] for what is skipped, and why).
pub fn find_files(root: &Path, dir: &Path) -> crate::walk::Listing {
    crate::walk::list(root, dir, crate::walk::Hidden::Skip, |p| p.extension().is_some_and(|x| x == "md"))
}

/// Longest article id, in bytes: the id is also the page's path under `articles/`.
pub const MAX_ID: usize = 512;

/// Derives an article id from its path under `articles/`, checking it is safe to use in a URL.
pub fn article_id(articles_dir: &Path, file: &Path, shown: &Path) -> Result<String, Diagnostic> {
    use crate::output::path::{Rule, check_segment};
    let rel = file.strip_prefix(articles_dir).unwrap_or(file).with_extension("");
    let segs: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let id = segs.join("/");
    let why = if id.len() > MAX_ID {
        Some(format!("is {} bytes long, over the {MAX_ID}-byte limit", id.len()))
    } else {
        segs.iter().find_map(|s| check_segment(s, Rule::Page).err()).map(|w| format!("has {w}"))
    };
    let Some(why) = why else { return Ok(id) };
    let suggestion: Vec<String> = segs.iter().map(|s| crate::slug::bounded(&crate::slug::slugify(s), 80)).collect();
    Err(Diagnostic::new(
        shown,
        1,
        1,
        format!("the file name cannot be a page address: its id {} {why}", crate::diag::quote(&id)),
        format!(
            "name files and folders with letters, digits, '-', '_' and '.', not starting with '.', e.g. {}.md",
            suggestion.join("/")
        ),
    ))
}

impl Article {
    /// Re-reads the article's Markdown body from its file, under the site `root`: bodies are not
    /// kept in memory between reading the front matter, analysing the body and rendering the page.
    ///
    /// Only the body is read, from its offset: every article is re-read twice per build, so the
    /// usual one read call (the length is known from the first reading) instead of a size query
    /// and two reads, and no copying of the body down over the front matter, add up.
    /// A file that grew past `limit` bytes meanwhile is refused.
    pub fn read_body(&self, root: &Path, limit: u64) -> Result<String, Diagnostic> {
        let fail = |e: std::io::Error| {
            let msg = if e.kind() == std::io::ErrorKind::InvalidData {
                "cannot re-read article: it is no longer UTF-8 where its body starts".to_string()
            } else {
                format!("cannot re-read article: {e}")
            };
            Diagnostic::new(&self.source, 1, 1, msg, "was it changed during the build?")
        };
        let file = std::fs::File::open(root.join(&self.source)).map_err(fail)?;
        // One byte more than the body had when first read: it is complete when that is not filled.
        let cap = self.file_len.saturating_sub(self.body_offset) + 1;
        let max = usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(self.body_offset).saturating_add(1);
        let bytes = read_from(&file, self.body_offset, cap.min(max), max).map_err(fail)?;
        if bytes.len() == max {
            return Err(too_big(&self.source, (self.body_offset + bytes.len()) as u64, limit));
        }
        String::from_utf8(bytes).map_err(|e| fail(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
    }
}

/// The bytes of `file` from `offset` to its end, in the usual one read call: a buffer of `cap`
/// bytes that the read does not fill means the end was reached (a read of a regular file stops
/// short only there), where `std::fs::read` asks for the size first and makes a second call to
/// see the end. A longer file (one changed meanwhile, or larger than expected) is read on, up to
/// `max` bytes in all: a caller that asks for one byte more than it accepts sees that it is too long.
fn read_from(file: &std::fs::File, offset: usize, cap: usize, max: usize) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = file;
    let mut bytes = vec![0; cap];
    #[cfg(unix)]
    let n = std::os::unix::fs::FileExt::read_at(file, &mut bytes, offset as u64)?;
    #[cfg(not(unix))]
    let n = {
        file.seek(SeekFrom::Start(offset as u64))?;
        file.read(&mut bytes)?
    };
    bytes.truncate(n);
    if n == cap && n < max {
        file.seek(SeekFrom::Start((offset + n) as u64))?;
        file.take((max - n) as u64).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Reads and validates one article file of at most `limit` bytes. `shown` is the path used in messages.
pub fn load_file(file: &Path, id: String, shown: &Path, limit: u64) -> Result<Loaded, Vec<Diagnostic>> {
    parse(&read_file(file, shown, limit)?, id, shown)
}

/// Reads and validates one article file's front matter only; see [`parse_head`].
pub fn load_head(file: &Path, id: String, shown: &Path, limit: u64) -> Result<Article, Vec<Diagnostic>> {
    parse_head(&read_file(file, shown, limit)?, id, shown)
}

/// Bytes asked for in the first read of a whole file: most articles are far shorter, so one read
/// call, with no size query, reads them whole.
const FIRST_READ: usize = 16 * 1024;

/// Reads a file of at most `limit` bytes as UTF-8, or says why not. A larger file is refused
/// before it is read whole, so no article can exhaust memory.
pub fn read_file(file: &Path, shown: &Path, limit: u64) -> Result<String, Vec<Diagnostic>> {
    let fail = |e: std::io::Error| vec![Diagnostic::new(shown, 1, 1, format!("cannot read file: {e}"), "")];
    let f = std::fs::File::open(file).map_err(fail)?;
    let max = usize::try_from(limit).unwrap_or(usize::MAX).saturating_add(1);
    let mut bytes = read_from(&f, 0, FIRST_READ.min(max), max).map_err(fail)?;
    if bytes.len() as u64 > limit {
        let size = f.metadata().map_or(bytes.len() as u64, |m| m.len());
        return Err(vec![too_big(shown, size, limit)]);
    }
    bytes.truncate(limit as usize);
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let (line, col) = line_col(std::str::from_utf8(good).unwrap_or(""), good.len());
        vec![Diagnostic::new(shown, line, col, "file is not valid UTF-8", "re-save the file as UTF-8")]
    })
}

/// The error for an article over the size limit.
pub fn too_big(shown: &Path, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        shown,
        1,
        1,
        format!("the article is {size} bytes, over the limit of {limit} bytes"),
        "split it, or raise max_article_bytes in site.toml if such articles are expected",
    )
}

/// Splits front matter from body and validates both. Pure, so it is tested without files.
pub fn parse(text: &str, id: String, shown: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let mut article = parse_head(text, id, shown)?;
    let body = body_text(text.get(article.body_offset..).unwrap_or(""), &article.title);
    (article.lead, article.words) = (body.lead, body.words);
    Ok(Loaded { article, text: body.text })
}

/// An article body as plain text.
pub struct Body {
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// The first paragraph, for the article's `lead`.
    pub lead: String,
    /// Number of words, for the article's `words`.
    pub words: usize,
}

/// A Markdown body as plain text; `title` is the article's headline (see [`markdown::plain_text`]).
pub fn body_text(body: &str, title: &str) -> Body {
    let doc = markdown::plain_text(body, title);
    Body { words: count_words(&doc.text), text: doc.text, lead: doc.lead }
}

/// `s.split_whitespace().count()`, without decoding ASCII: a word starts at each non-space
/// character that follows a space (or the start).
fn count_words(s: &str) -> usize {
    let (mut n, mut after_space) = (0, true);
    for (i, &c) in s.as_bytes().iter().enumerate() {
        let space = match c {
            // Space, or \t \n \x0b \x0c \r: branch-free for ASCII text.
            0..0x80 => (c == b' ') | (c.wrapping_sub(9) < 5),
            // A continuation byte belongs to the character before it.
            0x80..0xc0 => after_space,
            _ => s[i..].chars().next().is_some_and(char::is_whitespace),
        };
        n += usize::from(after_space & !space);
        after_space = space;
    }
    n
}

/// Validates the front matter only: everything but `lead` and `words`, which [`body_text`] fills.
/// Ordering articles for clustering needs only this, so the bodies can be analysed afterwards.
pub fn parse_head(text: &str, id: String, shown: &Path) -> Result<Article, Vec<Diagnostic>> {
    let diag = |line, col, msg: &str, hint: &str| Diagnostic::new(shown, line, col, msg, hint);
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - t.len();
    if t.trim().is_empty() {
        return Err(vec![diag(
            1,
            1,
            "file is empty",
            "an article starts with front matter: ---, title: ..., outlet: ..., ---, then the body",
        )]);
    }
    let first = t.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(vec![diag(
            1,
            1,
            "missing front matter: the file must start with a `---` line",
            "add `---`, then `title:` and `outlet:` lines, then `---` above the body",
        )]);
    }
    let yaml_start = first.len() + if t[first.len()..].starts_with("\r\n") { 2 } else { 1 };
    let mut pos = yaml_start;
    let mut close = None;
    for line in t[yaml_start.min(t.len())..].split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            close = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((yaml_end, body_start)) = close else {
        return Err(vec![diag(
            1,
            1,
            "unterminated front matter: no closing `---` line",
            "add a line with `---` between the front matter and the body",
        )]);
    };
    let yaml = &t[yaml_start.min(yaml_end)..yaml_end];
    // The common simple shape without the YAML parser; anything else through it.
    let fm = match crate::front_matter::simple(yaml).map_or_else(|| serde_yaml::from_str::<Yaml>(yaml), Ok) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line() + 1, l.column()));
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg);
            return Err(vec![diag(
                line,
                col,
                &format!("invalid YAML in front matter: {msg}"),
                "check indentation, and quote values that contain `: ` or start with a special character",
            )]);
        }
    };
    let mut fields = FrontMatter::default();
    let problems = validate(&fm, yaml, shown, &mut fields);
    if !problems.is_empty() {
        return Err(problems);
    }
    let article = Article {
        id,
        source: shown.to_path_buf(),
        body_offset: bom + body_start,
        file_len: text.len(),
        title: fields.title.unwrap_or_default(),
        outlet: fields.outlet.unwrap_or_default(),
        date: fields.date,
        authors: fields.authors,
        url: fields.url,
        lang: fields.lang,
        tags: fields.tags,
        summary: fields.summary,
        draft: fields.draft,
        event: fields.event,
        extra: fields.extra,
        lead: String::new(),
        words: 0,
    };
    Ok(article)
}

#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    outlet: Option<String>,
    date: Option<ArticleDate>,
    authors: Vec<String>,
    url: Option<String>,
    lang: Option<String>,
    tags: Vec<String>,
    summary: Option<String>,
    draft: bool,
    event: Option<String>,
    extra: serde_json::Value,
}

/// Checks every key of the front matter, collecting all problems rather than the first.
fn validate(fm: &Yaml, yaml: &str, shown: &Path, out: &mut FrontMatter) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Lines are 1-based in the file; the YAML starts on line 2, after the opening fence.
    let key_line = |key: &str| {
        yaml.lines()
            .position(|l| {
                l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':'))
                    || l.strip_prefix(&format!("\"{key}\"")).is_some()
            })
            .map_or(1, |i| i + 2)
    };
    let mut err =
        |key: &str, msg: String, hint: &str| problems.push(Diagnostic::new(shown, key_line(key), 1, msg, hint));
    let empty = serde_yaml::Mapping::new();
    let map = match fm {
        Yaml::Mapping(m) => m,
        Yaml::Null => &empty,
        _ => {
            return vec![Diagnostic::new(
                shown,
                2,
                1,
                "front matter must be a set of `key: value` lines",
                "for example `title: \"Headline\"`",
            )];
        }
    };
    for (k, v) in map {
        let Some(key) = k.as_str() else {
            err("", format!("front-matter keys must be text, got {k:?}"), "");
            continue;
        };
        let want_str = |v: &Yaml| -> Result<String, String> {
            scalar_string(v).ok_or_else(|| format!("`{key}` must be text, got {}", kind(v)))
        };
        match key {
            "title" | "outlet" | "summary" | "lang" | "event" => match want_str(v) {
                Ok(s) if s.trim().is_empty() && matches!(key, "title" | "outlet") => {
                    err(key, format!("`{key}` is empty"), "give it a non-empty value")
                }
                Ok(s) => {
                    let s = s.trim().to_string();
                    match key {
                        "title" => out.title = Some(s),
                        "outlet" => out.outlet = Some(s),
                        "summary" => out.summary = Some(s),
                        "lang" => out.lang = Some(s),
                        _ => match crate::slug::check_pin(&s) {
                            Ok(()) => out.event = Some(s),
                            Err(hint) => err(
                                key,
                                format!("`event` must be an event's slug, got {}", crate::diag::quote(&s)),
                                &hint,
                            ),
                        },
                    }
                }
                Err(m) => err(key, m, "quote the value"),
            },
            "date" => match scalar_string(v) {
                Some(s) => match ArticleDate::parse(&s) {
                    Some(d) => out.date = Some(d),
                    None => err(
                        key,
                        format!("cannot parse date {s:?}"),
                        "use YYYY-MM-DD, an RFC 3339 time like 2025-03-31T14:05:00Z, or YYYY-MM-DD HH:MM (read as UTC); leave the date out if unknown",
                    ),
                },
                None => err(key, format!("`date` must be text, got {}", kind(v)), "use YYYY-MM-DD"),
            },
            "author" => match v {
                Yaml::Sequence(items) => {
                    for it in items {
                        match scalar_string(it) {
                            Some(s) if !s.trim().is_empty() => out.authors.push(s.trim().to_string()),
                            _ => err(
                                key,
                                format!("every `author` must be text, got {}", kind(it)),
                                "write author: [\"A\", \"B\"]",
                            ),
                        }
                    }
                }
                _ => match want_str(v) {
                    Ok(s) => out.authors.push(s.trim().to_string()),
                    Err(m) => err(key, m, "a name, or a list of names"),
                },
            },
            "url" => match want_str(v) {
                Ok(s) if s.starts_with("https://") || s.starts_with("http://") => out.url = Some(s.trim().to_string()),
                Ok(s) => err(
                    key,
                    format!("`url` must start with http:// or https://, got {s:?}"),
                    "give the article's full web address",
                ),
                Err(m) => err(key, m, "give the article's full web address"),
            },
            "tags" => match v {
                Yaml::Sequence(items) => {
                    for it in items {
                        match scalar_string(it) {
                            Some(s) => out.tags.push(s),
                            None => err(key, format!("every tag must be text, got {}", kind(it)), ""),
                        }
                    }
                }
                _ => err(key, format!("`tags` must be a list, got {}", kind(v)), "write tags: [politics, migration]"),
            },
            "draft" => match v {
                Yaml::Bool(b) => out.draft = *b,
                _ => err(key, format!("`draft` must be true or false, got {}", kind(v)), ""),
            },
            "extra" => match v {
                Yaml::Mapping(_) => out.extra = clean_json(serde_json::to_value(v).unwrap_or_default()),
                _ => err(key, format!("`extra` must be a map, got {}", kind(v)), "indent its keys under `extra:`"),
            },
            other => {
                let hint = match did_you_mean(other, KNOWN_KEYS) {
                    Some(s) => format!("did you mean `{s}`? Free-form data goes under `extra:`"),
                    None => format!("known keys: {}; free-form data goes under `extra:`", KNOWN_KEYS.join(", ")),
                };
                err(other, format!("unknown front-matter key `{other}`"), &hint);
            }
        }
    }
    for req in ["title", "outlet"] {
        if !map.contains_key(req) {
            problems.push(Diagnostic::new(
                shown,
                1,
                1,
                format!("missing required key `{req}`"),
                format!("add a `{req}:` line to the front matter"),
            ));
        }
    }
    problems
}

/// Reads a YAML scalar as text. Numbers are accepted for text keys only where YAML would surprise users (e.g. a title `1984`).
/// Characters no page or feed may carry are dropped here (see [`crate::sanitize`]).
fn scalar_string(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) => Some(crate::sanitize::clean(s).into_owned()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Tagged(t) => scalar_string(&t.value),
        _ => None,
    }
}

/// `extra` data with every string (keys too) cleaned like the other fields.
fn clean_json(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    let text = |s: String| match crate::sanitize::clean(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(c) => c,
    };
    match v {
        J::String(s) => J::String(text(s)),
        J::Array(items) => J::Array(items.into_iter().map(clean_json).collect()),
        J::Object(map) => J::Object(map.into_iter().map(|(k, v)| (text(k), clean_json(v))).collect()),
        other => other,
    }
}

fn kind(v: &Yaml) -> &'static str {
    match v {
        Yaml::Null => "nothing",
        Yaml::Bool(_) => "a boolean",
        Yaml::Number(_) => "a number",
        Yaml::String(_) => "text",
        Yaml::Sequence(_) => "a list",
        Yaml::Mapping(_) => "a map",
        Yaml::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_matches_split_whitespace() {
        for s in
            ["", " ", "one", " two  words ", "a\tb\nc\x0bd\x0ce\rf", "é\u{a0}x\u{2003}y\u{85}z", "北京 naïve\u{3000}"]
        {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
    }

    #[test]
    fn bodies_are_re_read_from_their_offset_even_after_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        let head = "---\ntitle: \"Noem at CECOT\"\noutlet: \"X\"\n---\n";
        std::fs::write(&file, format!("{head}Body text, “quoted”.\n")).unwrap();
        let a = load_head(&file, "a".into(), Path::new("a.md"), 1000).unwrap();
        let reread = || a.read_body(dir.path(), 1000);
        assert_eq!(reread().unwrap(), "Body text, “quoted”.\n");
        std::fs::write(&file, format!("{head}Body text, “quoted”, and a longer ending.\n")).unwrap();
        assert_eq!(reread().unwrap(), "Body text, “quoted”, and a longer ending.\n");
        std::fs::write(&file, format!("{head}Short.")).unwrap();
        assert_eq!(reread().unwrap(), "Short.");
        std::fs::write(&file, head.as_bytes().iter().chain(b"\xff\xfe bad").copied().collect::<Vec<u8>>()).unwrap();
        let e = reread().unwrap_err();
        assert!(e.message.contains("no longer UTF-8"), "{}", e.message);
        std::fs::write(&file, format!("{head}{}", "x".repeat(1000))).unwrap();
        assert!(reread().unwrap_err().message.contains("over the limit of 1000 bytes"), "grew past the limit");
        std::fs::remove_file(&file).unwrap();
        assert!(reread().unwrap_err().message.contains("cannot re-read article"));
    }

    #[test]
    fn files_of_any_length_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        // Around the first read's buffer size, and far beyond it.
        for len in [0, 1, FIRST_READ - 1, FIRST_READ, FIRST_READ + 1, 100_000] {
            let text: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            std::fs::write(&file, &text).unwrap();
            assert_eq!(read_file(&file, Path::new("a.md"), 100_000).unwrap(), text, "{len} bytes");
        }
    }

    #[test]
    fn files_over_the_limit_are_refused_before_they_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        for (len, limit) in [(11, 10), (FIRST_READ + 1, FIRST_READ as u64), (100_000, 50_000)] {
            std::fs::write(&file, "x".repeat(len)).unwrap();
            let e = read_file(&file, Path::new("a.md"), limit).unwrap_err();
            assert!(e[0].message.contains(&format!("is {len} bytes, over the limit of {limit}")), "{}", e[0]);
            assert!(e[0].hint.as_deref().unwrap().contains("max_article_bytes"));
        }
        std::fs::write(&file, "x".repeat(10)).unwrap();
        assert_eq!(read_file(&file, Path::new("a.md"), 10).unwrap().len(), 10, "exactly the limit is fine");
    }

    fn p(t: &str) -> Result<Loaded, Vec<Diagnostic>> {
        parse(t, "x".into(), Path::new("a.md"))
    }

    #[test]
    fn parses_a_full_article() {
        let l = p("---\ntitle: \"Hello: world\"\noutlet: Daily\ndate: 2025-03-27\nauthor: [A, B]\nurl: https://x.org/a\ntags: [x]\ndraft: true\nextra:\n  k: 1\n---\nFirst para.\n\nSecond para.\n").unwrap();
        let a = l.article;
        assert_eq!(a.title, "Hello: world");
        assert_eq!(a.authors, vec!["A", "B"]);
        assert_eq!(a.date.unwrap().iso(), "2025-03-27");
        assert!(a.draft);
        assert_eq!(a.lead, "First para.");
        assert_eq!(a.extra["k"], 1);
        assert_eq!(a.words, 4);
    }

    #[test]
    fn date_forms_keep_precision() {
        assert_eq!(ArticleDate::parse("2025-03-27").unwrap().iso(), "2025-03-27");
        assert_eq!(ArticleDate::parse("2025-04-01 01:01").unwrap().iso(), "2025-04-01T01:01Z");
        assert_eq!(ArticleDate::parse("2025-04-01T01:01:02+02:00").unwrap().iso(), "2025-04-01T01:01:02+02:00");
        assert_eq!(ArticleDate::parse("2025-04-01T01:01:02Z").unwrap().human(), "1 April 2025, 01:01 UTC");
        let day = ArticleDate::parse("2025-03-27").unwrap();
        let noon = ArticleDate::parse("2025-03-27T12:00:00Z").unwrap();
        assert_eq!(day.timestamp(), noon.timestamp());
        assert_ne!(day, noon);
        assert!(ArticleDate::parse("27/03/2025").is_none());
        assert!(ArticleDate::parse("2025-02-30").is_none());
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let e = p("---\ntitel: x\ndate: yesterday\nurl: ftp://x\ndraft: maybe\n---\nbody\n").err().unwrap();
        let lines: Vec<String> = e.iter().map(|d| format!("{}:{}", d.line, d.message)).collect();
        assert!(lines.contains(&"2:unknown front-matter key `titel`".to_string()), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("3:cannot parse date")), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("4:`url` must start with")), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("5:`draft` must be")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("missing required key `title`")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("missing required key `outlet`")), "{lines:?}");
        assert!(e[0].hint.as_deref().unwrap().contains("did you mean `title`?"));
    }

    #[test]
    fn fences_and_yaml_errors_are_located() {
        assert!(p("").err().unwrap()[0].message.contains("empty"));
        assert!(p("title: x\n").err().unwrap()[0].message.contains("missing front matter"));
        assert!(p("---\ntitle: x\n").err().unwrap()[0].message.contains("unterminated"));
        let e = p("---\ntitle: x\noutlet: [unclosed\n---\n").err().unwrap();
        assert!(e[0].message.starts_with("invalid YAML"), "{e:?}");
        assert!(e[0].line >= 3, "{e:?}");
        let e = p("---\ntitle: [1, 2]\noutlet: o\n---\n").err().unwrap();
        assert_eq!((e[0].line, e[0].message.as_str()), (2, "`title` must be text, got a list"));
    }

    #[test]
    fn ids_must_be_url_safe() {
        let d = Path::new("articles");
        assert_eq!(article_id(d, Path::new("articles/2025/a-b.md"), Path::new("x")).unwrap(), "2025/a-b");
        let e = article_id(d, Path::new("articles/Héllo world.md"), Path::new("x")).unwrap_err();
        assert!(e.message.contains("cannot be a page address"), "{e}");
        assert!(e.hint.unwrap().contains("e.g. hello-world.md"));
        // `..md` and `...md` would give the ids `.` and `..`: a page written over the home page.
        for bad in ["articles/..md", "articles/...md", "articles/.x.md", "articles/a/..md"] {
            assert!(article_id(d, Path::new(bad), Path::new("x")).is_err(), "{bad}");
        }
        let long = format!("articles/{}.md", vec!["a".repeat(150); 4].join("/"));
        assert!(article_id(d, Path::new(&long), Path::new("x")).unwrap_err().message.contains("byte limit"));
    }
}
