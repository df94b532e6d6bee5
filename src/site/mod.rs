//! Site model: articles, events and outlets with their URLs, built once and then only read.

mod assemble;
mod ix;
mod load;
mod pipeline;
mod related;
mod urls;

pub use assemble::{cluster_items, event_slug, newest_first};
pub use ix::{ArticleIx, EventIx, OutletIx};
pub use load::LoadOptions;

use crate::article::{Article, ArticleDate};
use crate::cluster::Decision;
use crate::config::{Config, OutletMeta};
use crate::diag::Diagnostic;
use crate::figures::Figure;
use crate::text::Features;
use std::path::PathBuf;

/// One event: the articles that report the same real-world happening.
#[derive(Debug, Clone)]
pub struct Event {
    /// URL slug, fixed when the event was founded.
    pub slug: String,
    /// Member articles: dated ones in publication order, then undated ones by id.
    pub members: Vec<ArticleIx>,
    /// The most central member, whose headline names the event.
    pub headline: ArticleIx,
    /// Earliest dated member's date.
    pub first: Option<ArticleDate>,
    /// Latest dated member's date.
    pub last: Option<ArticleDate>,
    /// Outlets covering it, A to Z, with how many articles each ran.
    pub outlets: Vec<(OutletIx, usize)>,
    /// Other slugs that lead here: events merged into this one, and the events its undated
    /// members would have had alone. Each gets a redirect page, so no event URL ever breaks.
    pub aliases: Vec<String>,
}

/// One outlet and what it published.
#[derive(Debug, Clone)]
pub struct Outlet {
    /// Display name, as in the front matter.
    pub name: String,
    /// URL slug of the name.
    pub slug: String,
    /// Metadata from site.toml.
    pub meta: OutletMeta,
    /// Its articles, newest first, undated last.
    pub articles: Vec<ArticleIx>,
    /// Events it covered, most recently updated first.
    pub events: Vec<EventIx>,
    /// Its earliest dated article.
    pub first: Option<ArticleDate>,
    /// Its latest dated article.
    pub last: Option<ArticleDate>,
}

/// The whole site, ready to render.
pub struct Site {
    /// Site root folder.
    pub root: PathBuf,
    /// Validated settings, with command-line overrides applied.
    pub config: Config,
    /// Articles sorted by id.
    pub articles: Vec<Article>,
    /// Text features, parallel to `articles`; only clustering and `explain` use them (`build` drops them before rendering).
    pub features: Vec<Features>,
    /// Events, most recently updated first.
    pub events: Vec<Event>,
    /// Outlets A to Z.
    pub outlets: Vec<Outlet>,
    /// Event of each article.
    pub event_of: Vec<EventIx>,
    /// Outlet of each article.
    pub outlet_of: Vec<OutletIx>,
    /// Clustering decision per article (event indexes refer to founding order; see `founding_to_event`).
    pub decisions: Vec<Decision>,
    /// Maps a founding-order event index to its index in `events`.
    pub founding_to_event: Vec<EventIx>,
    /// For each article that is a copy of an earlier one (same wire text), that article.
    pub copy_of: Vec<Option<ArticleIx>>,
    /// For each event, its nearest other events by content, with similarity, best first.
    pub related: Vec<Vec<(EventIx, f32)>>,
    /// Figures each article states, for comparing them across outlets (empty when not extracted).
    pub figures: Vec<Vec<Figure>>,
    /// The link prefix from `base_url`, computed once: every URL on every page starts with it.
    pub base_path: String,
    /// The output folder, absolute and checked (see [`crate::output::target`]).
    pub output: PathBuf,
    /// What was skipped while loading (links, hidden files), to tell the user.
    pub warnings: Vec<Diagnostic>,
}
