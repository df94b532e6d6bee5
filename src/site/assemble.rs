//! Building the model from a clustering: events with their headlines and dates, outlets, the
//! display order, and the conversion of the clusterer's founding-order event numbers into it.

use super::related;
use super::{Analysis, ArticleIx, Event, EventIx, Outlet, OutletIx, Site};
use crate::article::{Article, ArticleDate};
use crate::cluster::{self, Clustering, DecisionKind, Item};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::figures::Figure;
use crate::slug::{short_slug, slugify};
use crate::text::Features;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Words of a headline kept in an event slug.
const SLUG_WORDS: usize = 6;

/// Everything the model is made of besides the clustering: the loaded articles with their
/// analysis, and what loading found. The model is built from it whole, in one go.
pub(super) struct Loaded {
    /// Site root folder.
    pub root: PathBuf,
    /// Validated settings.
    pub config: Config,
    /// Articles sorted by id.
    pub articles: Vec<Article>,
    /// Text features, parallel to `articles`.
    pub features: Vec<Features>,
    /// Figures, parallel to `articles`, when extracted.
    pub figures: Option<Vec<Vec<Figure>>>,
    /// The checked output folder, for a site that is to be written.
    pub output: Option<PathBuf>,
    /// The build cache, for a site that is to be written.
    pub cache: Option<crate::cache::Cache>,
    /// What loading skipped, to tell the user.
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Clusters articles that are already loaded and analyzed, for measuring clustering
    /// (`roundup eval`, tests): the figures are not extracted and the site has no output folder,
    /// as such a site is compared, never written.
    pub fn assemble(root: &Path, config: Config, articles: Vec<Article>, features: Vec<Features>) -> (Site, Analysis) {
        let loaded = Loaded {
            root: root.to_path_buf(),
            config,
            articles,
            features,
            figures: None,
            output: None,
            cache: None,
            warnings: Vec::new(),
        };
        loaded.cluster()
    }
}

impl Loaded {
    /// Clusters the articles in one pass over them all (the only way for a site with pins) and
    /// builds the model.
    pub(super) fn cluster(self) -> (Site, Analysis) {
        let items = cluster_items(&self.articles, &self.features);
        let t0 = std::time::Instant::now();
        let clustering = cluster::cluster(&items, &self.config.clustering, |i| event_slug(&self.articles[i]), None);
        // The online pass alone (the rest of "cluster" is headlines, outlets and related events).
        crate::timing::note("cluster-pass", t0);
        drop(items);
        self.with_clustering(clustering)
    }

    /// Builds the model from a clustering of the articles.
    pub(super) fn with_clustering(self, clustering: Clustering) -> (Site, Analysis) {
        let Loaded { root, config, articles, features, figures, output, cache, warnings } = self;
        let items = cluster_items(&articles, &features);
        let Clustering { events: groups, slugs, aliases, decisions, idf, .. } = clustering;
        // The pass's document frequencies serve related events when it took every article.
        let idf = (idf.articles() as usize == articles.len()).then_some(idf);
        let founded: Vec<Event> = groups
            .par_iter()
            .zip(slugs)
            .zip(aliases)
            .with_max_len(crate::parallel::PAR_LEAF)
            .map(|((members, slug), aliases)| event(&articles, &items, members, slug, aliases))
            .collect();
        drop(items);
        let (mut outlets, outlet_of) = outlets(&config, &articles);
        // Display order: most recently updated first, undated events last.
        let mut order: Vec<usize> = (0..founded.len()).collect();
        order.sort_by(|&x, &y| {
            let (a, b) = (&founded[x], &founded[y]);
            let ka = a.last.map(|d| d.timestamp());
            let kb = b.last.map(|d| d.timestamp());
            kb.is_some().cmp(&ka.is_some()).then(kb.cmp(&ka)).then(a.slug.cmp(&b.slug))
        });
        let mut displayed = vec![EventIx::new(0); founded.len()];
        for (pos, &f) in order.iter().enumerate() {
            displayed[f] = EventIx::new(pos);
        }
        let mut slots: Vec<Option<Event>> = founded.into_iter().map(Some).collect();
        let mut events: Vec<Event> = order.iter().map(|&f| slots[f].take().expect("each event once")).collect();
        let mut event_of = vec![EventIx::new(0); articles.len()];
        for (e, ev) in EventIx::all(events.len()).zip(&mut events) {
            let mut counts: BTreeMap<OutletIx, usize> = BTreeMap::new();
            for &m in &ev.members {
                event_of[m] = e;
                *counts.entry(outlet_of[m]).or_default() += 1;
            }
            ev.outlets = counts.into_iter().collect();
            for &(o, _) in &ev.outlets {
                outlets[o].events.push(e);
            }
        }
        let t1 = std::time::Instant::now();
        let base_path = config.base_path();
        let members: Vec<&[ArticleIx]> = events.iter().map(|e| e.members.as_slice()).collect();
        let related = related::related(&features, &members, idf);
        drop(members);
        crate::timing::note("related", t1);
        let copy_of = decisions
            .iter()
            .map(|d| if let DecisionKind::Copy(o, _) = d.kind { Some(ArticleIx::new(o)) } else { None })
            .collect();
        let decisions = decisions.into_iter().map(|d| d.renumbered(|f| displayed[f])).collect();
        let context = super::context::compute(&config, &articles, &outlets, &outlet_of, &events);
        let site = Site {
            root,
            config,
            articles,
            events,
            outlets,
            event_of,
            outlet_of,
            copy_of,
            related,
            context,
            figures,
            base_path,
            output,
            cache,
            warnings,
        };
        (site, Analysis { features, decisions, stale: Vec::new(), pass_state: None })
    }
}

/// One event from its members (article indexes, in processing order), founding slug and aliases.
fn event(articles: &[Article], items: &[Item], members: &[usize], slug: String, aliases: Vec<String>) -> Event {
    let central = cluster::centrality(items, members);
    // Near-equal centrality (always the case for two members) goes to the earliest article.
    let key = |k: usize| (central[k] * 1e4).round() as i64;
    let best = (0..members.len())
        .max_by(|&x, &y| {
            key(x).cmp(&key(y)).then(chrono_key(&articles[members[y]]).cmp(&chrono_key(&articles[members[x]])))
        })
        .unwrap_or(0);
    let headline = ArticleIx::new(members[best]);
    let mut members: Vec<ArticleIx> = members.iter().map(|&m| ArticleIx::new(m)).collect();
    members.sort_by(|&x, &y| chrono_key(&articles[x]).cmp(&chrono_key(&articles[y])));
    let dates: Vec<ArticleDate> = members.iter().filter_map(|&m| articles[m].date).collect();
    Event {
        slug,
        headline,
        first: dates.first().copied(),
        last: dates.last().copied(),
        members,
        outlets: Vec::new(),
        aliases,
    }
}

/// The outlets, A to Z by name as a reader sorts them (ignoring case: "fizoti.com" between
/// "Costa Rica Post" and "Voz.us"), each with its articles (and no events yet), and the outlet of
/// each article.
fn outlets(config: &Config, articles: &[Article]) -> (Vec<Outlet>, Vec<OutletIx>) {
    let mut names: BTreeMap<(String, &str), Vec<ArticleIx>> = BTreeMap::new();
    for (i, a) in ArticleIx::all(articles.len()).zip(articles) {
        names.entry((a.outlet.to_lowercase(), a.outlet.as_str())).or_default().push(i);
    }
    let mut outlet_of = vec![OutletIx::new(0); articles.len()];
    let outlets = OutletIx::all(names.len())
        .zip(names)
        .map(|(o, ((_, name), mut arts))| {
            arts.iter().for_each(|&a| outlet_of[a] = o);
            arts.sort_by(|&x, &y| newest_first(&articles[x], &articles[y]));
            let slug = non_empty(crate::slug::bounded(&slugify(name), crate::slug::MAX_SLUG), "outlet", name);
            let dated: Vec<ArticleDate> = arts.iter().filter_map(|&a| articles[a].date).collect();
            Outlet {
                name: name.to_string(),
                slug,
                meta: config.outlets.get(name).cloned().unwrap_or_default(),
                articles: arts,
                events: Vec::new(),
                last: dated.first().copied(),
                first: dated.last().copied(),
            }
        })
        .collect();
    (outlets, outlet_of)
}

/// The slug an event gets from the article that founds it: its date and a short headline slug.
pub(crate) fn event_slug(a: &Article) -> String {
    let words = non_empty(short_slug(&a.title, SLUG_WORDS), "event", &a.id);
    match a.date {
        Some(d) => format!("{}-{words}", d.day().format("%Y-%m-%d")),
        None => words,
    }
}

fn non_empty(slug: String, prefix: &str, seed: &str) -> String {
    if slug.is_empty() { format!("{prefix}-{:08x}", crate::text::term_id(seed)) } else { slug }
}

/// What the clusterer sees of each article; `build` and `explain` must give it the same.
pub(crate) fn cluster_items<'a>(articles: &'a [Article], features: &'a [Features]) -> Vec<Item<'a>> {
    articles
        .iter()
        .zip(features)
        .map(|(a, f)| Item { features: f, time: a.date.map(|d| d.timestamp()), pin: a.event.as_deref(), id: &a.id })
        .collect()
}

/// Publication order: dated by time, then undated; ties by id.
fn chrono_key(a: &Article) -> (bool, i64, &str) {
    (a.date.is_none(), a.date.map_or(0, |d| d.timestamp()), &a.id)
}

/// Newest first, undated last; ties by id. Outlet pages and feeds list articles in this order.
pub(crate) fn newest_first(x: &Article, y: &Article) -> std::cmp::Ordering {
    let (kx, ky) = (x.date.map(|d| d.timestamp()), y.date.map(|d| d.timestamp()));
    ky.is_some().cmp(&kx.is_some()).then(ky.cmp(&kx)).then(x.id.cmp(&y.id))
}
