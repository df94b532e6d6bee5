//! `roundup import`: turns RSS and Atom feeds, saved article pages and plain-text pages into
//! article files, so a site's input can be the sources themselves.
//!
//! Everything imported is untrusted. A source gives [`Draft`]s ([`from_bytes`]: the kind is
//! detected by content, then `feed.rs`, `html.rs` or `plain.rs` reads it); `run.rs` walks the
//! sources and `write.rs` turns drafts into files: named only by the checked slug functions,
//! every value quoted, never overwriting, skipping duplicates, and checked by the article loader
//! before anything is written. What a source does not say is left out, never guessed.

mod dates;
mod detect;
mod feed;
mod feeds;
pub(crate) mod fetch;
mod html;
mod md;
mod plain;
mod run;
mod write;

pub(crate) use run::run;

/// What the command line asks of an import.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// `--outlet`: the outlet's name for every article, over what the sources say.
    pub outlet: Option<String>,
    /// `--dry-run`: show what would be written, write nothing.
    pub dry_run: bool,
    /// `--url`: the address a single saved file came from (for its headline, date and `url`
    /// when the text itself lacks them); fetched sources know their own.
    pub url: Option<String>,
    /// `--feeds`: also pull every `[[feeds]]` of `site.toml`, each under its own outlet.
    pub feeds: bool,
}

/// Where an article's headline came from, so a headline the page did not show is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleSource {
    /// The source's own headline (feed item, page metadata, the text's headline line).
    Source,
    /// The words of the page address: the outlet's wording, but not shown as a headline.
    Url,
}

/// Where an article's date came from: a date read from the address is noted in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateSource {
    /// The source's own metadata or date line.
    Source,
    /// A `/YYYY/MM/DD/` part of the page address.
    Url,
}

/// One article as read from a source, before it is checked and written. Every field the source
/// did not give is empty: the writer refuses a draft without a headline or an outlet rather than
/// invent one.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The item's place in a feed (1-based), for reports; `None` for a one-article source.
    pub item: Option<usize>,
    /// The headline, one line.
    pub title: Option<String>,
    /// Where the headline came from.
    pub title_source: TitleSource,
    /// The outlet's display name.
    pub outlet: Option<String>,
    /// The article's canonical address (http or https).
    pub url: Option<String>,
    /// The date in a form the `date` key accepts.
    pub date: Option<String>,
    /// Where the date came from.
    pub date_source: DateSource,
    /// Author names.
    pub authors: Vec<String>,
    /// A language tag, when the source states one.
    pub lang: Option<String>,
    /// The body, Markdown.
    pub body: String,
}

impl Draft {
    /// An empty draft: nothing known yet.
    fn new(item: Option<usize>) -> Draft {
        Draft {
            item,
            title: None,
            title_source: TitleSource::Source,
            outlet: None,
            url: None,
            date: None,
            date_source: DateSource::Source,
            authors: Vec::new(),
            lang: None,
            body: String::new(),
        }
    }
}

/// Reads one source's bytes into drafts. `source` names it in messages; `content_type` is the
/// server's (a hint only: the kind is detected from the content); `base_url` is the address the
/// bytes came from, if known, for relative links and for what the text lacks. The error is the
/// reason for the summary: the source is not a feed, an article page or an article's text.
pub(crate) fn from_bytes(
    source: &str,
    body: &[u8],
    content_type: Option<&str>,
    base_url: Option<&str>,
    opts: &Options,
) -> Result<Vec<Draft>, String> {
    let _ = source;
    let text = detect::decode(body, content_type)?;
    let base_url = base_url.and_then(md::web_url);
    let mut drafts = match detect::kind(&text, content_type) {
        detect::Kind::Feed => feed::read(&text, base_url.as_deref())?,
        detect::Kind::Html => vec![html::read(&text, base_url.as_deref())?],
        detect::Kind::Text => vec![plain::read(&text, base_url.as_deref())?],
        detect::Kind::OtherXml(root) => {
            return Err(format!("an XML document whose root is <{root}>, neither an RSS nor an Atom feed"));
        }
    };
    for d in &mut drafts {
        if let Some(o) = &opts.outlet {
            d.outlet = Some(o.clone());
        }
        md::tidy_draft(d);
    }
    Ok(drafts)
}
