//! Load: turns each `articles/**/*.md` file into a validated [`Article`].
//!
//! Parsing is strict and exhaustive: every problem in every file is collected,
//! each pointing at the line of the offending front-matter key.
//!
//! The parts, in the order a file goes through them: [`read`] finds the files, names them and
//! reads them within the size limit; [`parse`](mod@parse) splits off the front matter and reads its YAML
//! (the common simple shape through [`simple_yaml`], anything else through the YAML parser);
//! [`validate`] checks every key against the table in [`keys`], whose checks fill the
//! [`Article`]; [`body`] turns the Markdown body into plain text. [`date`] is the publication
//! date type.

mod body;
mod date;
mod keys;
mod parse;
mod read;
pub(crate) mod simple_yaml;
mod validate;

pub(crate) use body::{PLACEHOLDER, body_text, placeholder_at};
pub(crate) use date::ArticleDate;
pub(crate) use parse::parse;
pub(crate) use read::{article_id, find_files, load_file, load_head};

use serde::Serialize;
use std::path::PathBuf;

/// One validated article. The body is not kept: pages re-read it, which keeps memory flat at scale.
///
/// The front-matter fields are filled by the checks in [`keys::KEYS`]; the rest by the loader.
/// `Default` is the empty article those checks start from.
#[derive(Debug, Clone, Default, Serialize)]
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
    /// What kind of piece it is (`opinion` for an op-ed), when it differs from its outlet's
    /// `kind`: one of the kinds `site.toml` takes, checked.
    pub kind: Option<String>,
    /// Free-form data for templates.
    pub extra: serde_json::Value,
    /// The first paragraph as plain text, for listings and clustering.
    pub lead: String,
    /// Number of words in the body.
    pub words: usize,
    /// [`crate::cache::hash`] of the file's bytes as read: the key of its entry in the analysis
    /// cache, so an unchanged file's body is neither re-read nor re-analysed.
    #[serde(skip)]
    pub(crate) hash: String,
}

/// What loading one file yields: the article plus its plain text, which the analyzer consumes.
pub(crate) struct Loaded {
    /// The validated record.
    pub article: Article,
    /// The body as plain text, paragraphs separated by blank lines.
    pub text: String,
}
