//! Site model: articles, events and outlets with their URLs, built once and then only read.
//!
//! [`Site::load`] reads, analyzes and clusters a site and gives two things: the [`Site`], all
//! that rendering reads, and the [`Analysis`], what clustering worked from and decided, which
//! only `roundup explain` and evaluation read. Indexes into the model are typed ([`ArticleIx`],
//! [`EventIx`], [`OutletIx`]), and events are numbered in one order only: display order.

mod assemble;
mod context;
mod ix;
mod load;
mod memo;
mod pipeline;
mod related;
mod resume;
mod urls;

pub(crate) use assemble::{cluster_items, event_slug, newest_first};
pub(crate) use context::{Mix, OutletContext};
pub(crate) use ix::OutletIx;
pub use ix::{ArticleIx, EventIx};
pub(crate) use load::LoadOptions;
pub(crate) use memo::{remove_leftovers as remove_cache_leftovers, write_atomic};

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
pub(crate) struct Outlet {
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

/// The whole site, ready to render: everything pages, feeds and the search index are made from,
/// and nothing else (what only clustering needs is in [`Analysis`]).
pub struct Site {
    /// Site root folder.
    pub(crate) root: PathBuf,
    /// Validated settings, with command-line overrides applied.
    pub(crate) config: Config,
    /// Articles sorted by id.
    pub articles: Vec<Article>,
    /// Events, most recently updated first.
    pub events: Vec<Event>,
    /// Outlets A to Z.
    pub(crate) outlets: Vec<Outlet>,
    /// Event of each article.
    pub(crate) event_of: Vec<EventIx>,
    /// Outlet of each article.
    pub(crate) outlet_of: Vec<OutletIx>,
    /// For each article that is a copy of an earlier one (same wire text), that article.
    pub(crate) copy_of: Vec<Option<ArticleIx>>,
    /// For each event, its nearest other events by content, with similarity, best first.
    pub(crate) related: Vec<Vec<(EventIx, f32)>>,
    /// Figures each article states, for comparing them across outlets; `None` when they were not
    /// extracted (a site assembled for evaluation).
    pub(crate) figures: Option<Vec<Vec<Figure>>>,
    /// Each event's coverage mix and blindspots on the axes the site uses.
    pub(crate) context: OutletContext,
    /// The link prefix from `base_url`, computed once: every URL on every page starts with it.
    pub(crate) base_path: String,
    /// The output folder, absolute and checked (see [`crate::output::target`]); `None` for a site
    /// assembled for evaluation, which is never written.
    pub(crate) output: Option<PathBuf>,
    /// The build cache; `None` for a site assembled for evaluation, which is never written.
    pub(crate) cache: Option<crate::cache::Cache>,
    /// What was skipped while loading (links, hidden files), to tell the user.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// What clustering worked from and decided, kept apart from the [`Site`] so that rendering cannot
/// reach it: only `roundup explain` and evaluation read it, and `build` drops it before rendering,
/// as the features of a large archive take memory that rendering needs.
pub struct Analysis {
    /// Text features of each article (parallel to [`Site::articles`]), what the clusterer compared.
    pub(crate) features: Vec<Features>,
    /// How each article came to be in its event, with events in display order.
    pub(crate) decisions: Vec<Decision<EventIx>>,
    /// Which files of the analysis cache are out of date (see [`Site::save_analysis`]); empty
    /// when there is nothing to save.
    pub(crate) stale: Vec<bool>,
    /// The clustering pass's state after the last dated article, written aside for the next build
    /// (see `resume`); `None` when there is nothing new to save.
    pub(crate) pass_state: Option<resume::Staged>,
}
