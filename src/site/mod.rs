//! Site model: articles, events and outlets with their URLs, built once and then only read.

mod pipeline;
pub mod related;

use pipeline::{Analyzed, analyze, analyze_and_cluster};

use crate::article::{self, Article, ArticleDate};
use crate::cluster::{self, Clustering, Decision, DecisionKind, Item};
use crate::config::{Config, OutletMeta};
use crate::diag::{BuildError, Diagnostic};
use crate::figures::Figure;
use crate::slug::{short_slug, slugify};
use crate::text::Features;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Words of a headline kept in an event slug.
const SLUG_WORDS: usize = 6;

/// How to load a site.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Publish drafts too.
    pub drafts: bool,
    /// Override `base_url` (e.g. for a local preview).
    pub base_url: Option<String>,
    /// Override the output folder.
    pub output_dir: Option<PathBuf>,
    /// Let the output folder lie outside the site root (`--allow-outside-root`).
    pub allow_outside_root: bool,
}

/// One event: the articles that report the same real-world happening.
#[derive(Debug, Clone)]
pub struct Event {
    /// URL slug, fixed when the event was founded.
    pub slug: String,
    /// Member articles: dated ones in publication order, then undated ones by id.
    pub members: Vec<usize>,
    /// The most central member, whose headline names the event.
    pub headline: usize,
    /// Earliest dated member's date.
    pub first: Option<ArticleDate>,
    /// Latest dated member's date.
    pub last: Option<ArticleDate>,
    /// Outlets covering it, A to Z, with how many articles each ran.
    pub outlets: Vec<(usize, usize)>,
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
    pub articles: Vec<usize>,
    /// Events it covered, most recently updated first.
    pub events: Vec<usize>,
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
    /// Event index per article.
    pub event_of: Vec<usize>,
    /// Outlet index per article.
    pub outlet_of: Vec<usize>,
    /// Clustering decision per article (event indexes refer to founding order; see `founding_to_event`).
    pub decisions: Vec<Decision>,
    /// Maps a founding-order event index to its index in `events`.
    pub founding_to_event: Vec<usize>,
    /// For each article that is a copy of an earlier one (same wire text), that article.
    pub copy_of: Vec<Option<usize>>,
    /// For each event, its nearest other events by content, with similarity, best first.
    pub related: Vec<Vec<(usize, f32)>>,
    /// Figures each article states, for comparing them across outlets (empty when not extracted).
    pub figures: Vec<Vec<Figure>>,
    /// The link prefix from `base_url`, computed once: every URL on every page starts with it.
    pub base_path: String,
    /// The output folder, absolute and checked (see [`crate::output::target`]).
    pub output: PathBuf,
    /// What was skipped while loading (links, hidden files), to tell the user.
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Loads, validates, analyzes and clusters a site; reports every problem found.
    pub fn load(root: &Path, opts: &LoadOptions) -> Result<Site, BuildError> {
        let mut config = Config::load(&root.join("site.toml")).map_err(|mut ds| {
            ds.iter_mut().for_each(|d| d.path = shown(root, &d.path));
            BuildError::from(ds)
        })?;
        if let Some(b) = &opts.base_url {
            crate::config::check_base_url(b).map_err(|why| BuildError::Usage {
                message: format!("--base-url {why}"),
                hint: crate::config::BASE_URL_HINT.into(),
            })?;
            config.base_url = b.clone();
        }
        let from_cli = opts.output_dir.is_some();
        if let Some(o) = &opts.output_dir {
            config.output_dir = o.clone();
        }
        // A refused output folder is reported with the articles' problems, not instead of them.
        let mut problems = Vec::new();
        let output = match crate::output::target::resolve(root, &config.output_dir, opts.allow_outside_root) {
            Ok(o) => o,
            Err(r) if from_cli => {
                return Err(BuildError::Usage { message: format!("--output-dir: {}", r.message), hint: r.hint });
            }
            Err(r) => {
                let line = crate::config::key_line(&root.join("site.toml"), "output_dir");
                problems.push(Diagnostic::new(Path::new("site.toml"), line, 1, r.message, r.hint));
                PathBuf::new()
            }
        };
        let dir = root.join("articles");
        let start = std::time::Instant::now();
        let listing = article::find_files(root, &dir);
        let files = listing.files;
        let limit = config.max_article_bytes;
        // Front matter first: it is all that ordering articles for clustering needs.
        let (heads, ()): (Vec<Result<Article, Vec<Diagnostic>>>, ()) = rayon::join(
            || {
                files
                    .par_iter()
                    .with_max_len(crate::PAR_LEAF)
                    .map(|f| {
                        let show = shown(root, f);
                        let id = article::article_id(&dir, f, &show).map_err(|d| vec![d])?;
                        article::load_head(f, id, &show, limit)
                    })
                    .collect()
            },
            // The background word table analysis needs, built meanwhile.
            crate::text::warm,
        );
        crate::timing::note("heads", start);
        problems.extend(listing.errors);
        let mut articles = Vec::new();
        for r in heads {
            match r {
                Ok(a) if a.draft && !opts.drafts => {}
                Ok(a) => articles.push(a),
                Err(ds) => problems.extend(ds),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        // Then the bodies; without pins, clustering runs alongside, one article at a time.
        let pinned = articles.iter().any(|a| a.event.is_some());
        let (analyzed, clustering) = if pinned {
            let analyzed: Vec<Result<Analyzed, Diagnostic>> =
                articles.par_iter().map(|a| analyze(root, a, limit)).collect();
            (analyzed, None)
        } else {
            let (analyzed, clustering) = analyze_and_cluster(root, &config, &articles);
            (analyzed, Some(clustering))
        };
        let (mut features, mut figs) = (Vec::with_capacity(articles.len()), Vec::with_capacity(articles.len()));
        for (a, r) in articles.iter_mut().zip(analyzed) {
            match r {
                Ok(x) => {
                    (a.lead, a.words) = (x.lead, x.words);
                    features.push(x.features);
                    figs.push(x.figures);
                }
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        crate::timing::note("load", start);
        let start = std::time::Instant::now();
        let mut site = match clustering {
            Some(c) => Self::from_clustering(root, config, articles, features, c),
            None => Self::assemble(root, config, articles, features),
        };
        site.figures = figs;
        site.output = output;
        site.warnings = listing.warnings;
        crate::timing::note("cluster", start);
        let dupes = site.duplicate_paths();
        if !dupes.is_empty() {
            return Err(dupes.into());
        }
        Ok(site)
    }

    /// Clusters loaded articles and derives events and outlets.
    pub fn assemble(root: &Path, config: Config, articles: Vec<Article>, features: Vec<Features>) -> Site {
        let items = cluster_items(&articles, &features);
        let t0 = std::time::Instant::now();
        let clustering = cluster::cluster(&items, &config.clustering, |i| event_slug(&articles[i]), None);
        // The online pass alone (the rest of "cluster" is headlines, outlets and related events).
        crate::timing::note("cluster-pass", t0);
        drop(items);
        Self::from_clustering(root, config, articles, features, clustering)
    }

    /// Derives events and outlets from a clustering of the articles.
    fn from_clustering(
        root: &Path,
        config: Config,
        articles: Vec<Article>,
        features: Vec<Features>,
        clustering: Clustering,
    ) -> Site {
        let items = cluster_items(&articles, &features);
        let Clustering { events: groups, slugs, aliases, decisions, idf, .. } = clustering;
        // The pass's document frequencies serve related events when it took every article.
        let idf = (idf.articles() as usize == articles.len()).then_some(idf);
        let mut events: Vec<Event> = groups
            .par_iter()
            .zip(slugs)
            .zip(aliases)
            .with_max_len(crate::PAR_LEAF)
            .map(|((members, slug), aliases)| {
                let central = cluster::centrality(&items, members);
                // Near-equal centrality (always the case for two members) goes to the earliest article.
                let key = |k: usize| (central[k] * 1e4).round() as i64;
                let best = (0..members.len())
                    .max_by(|&x, &y| {
                        key(x)
                            .cmp(&key(y))
                            .then(chrono_key(&articles[members[y]]).cmp(&chrono_key(&articles[members[x]])))
                    })
                    .unwrap_or(0);
                let mut members = members.clone();
                let headline = members[best];
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
            })
            .collect();
        // Outlets, A to Z by name.
        let mut names: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, a) in articles.iter().enumerate() {
            names.entry(a.outlet.as_str()).or_default().push(i);
        }
        let mut outlet_of = vec![0; articles.len()];
        let mut outlets: Vec<Outlet> = names
            .into_iter()
            .enumerate()
            .map(|(o, (name, mut arts))| {
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
        // Index order: most recently updated first, undated events last.
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.sort_by(|&x, &y| {
            let (a, b) = (&events[x], &events[y]);
            let ka = a.last.map(|d| d.timestamp());
            let kb = b.last.map(|d| d.timestamp());
            kb.is_some().cmp(&ka.is_some()).then(kb.cmp(&ka)).then(a.slug.cmp(&b.slug))
        });
        let mut founding_to_event = vec![0; events.len()];
        for (pos, &f) in order.iter().enumerate() {
            founding_to_event[f] = pos;
        }
        let mut slots: Vec<Option<Event>> = events.drain(..).map(Some).collect();
        let mut events: Vec<Event> = order.iter().map(|&f| slots[f].take().expect("each event once")).collect();
        let mut event_of = vec![0; articles.len()];
        for (e, ev) in events.iter_mut().enumerate() {
            let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
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
        let config_base_path = config.base_path();
        let related = related::related(&features, &events.iter().map(|e| e.members.clone()).collect::<Vec<_>>(), idf);
        crate::timing::note("related", t1);
        let copy_of =
            decisions.iter().map(|d| if let DecisionKind::Copy(o, _) = d.kind { Some(o) } else { None }).collect();
        Site {
            root: root.to_path_buf(),
            config,
            articles,
            features,
            events,
            outlets,
            event_of,
            outlet_of,
            decisions,
            founding_to_event,
            copy_of,
            related,
            figures: Vec::new(),
            base_path: config_base_path,
            output: PathBuf::new(),
            warnings: Vec::new(),
        }
    }

    /// Output path (relative, with `index.html`) of each page, checked for collisions.
    ///
    /// Article pages are not checked: their ids are their distinct file paths under `articles/`
    /// without `.md`, so they cannot collide with each other, and the other kinds of page live
    /// under other folders. Outlet slugs can collide ("A News" and "A-News"); event slugs are
    /// made unique when events are founded, and are checked all the same.
    fn duplicate_paths(&self) -> Vec<Diagnostic> {
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        let mut claim = |path: String, what: String, at: &Path| {
            if let Some(prev) = seen.get(&path) {
                out.push(Diagnostic::new(
                    at,
                    1,
                    1,
                    format!("{what} would be written to {path}, which {prev} already uses"),
                    "rename one of them so their URLs differ",
                ));
            } else {
                seen.insert(path, what);
            }
        };
        for o in &self.outlets {
            let first = &self.articles[o.articles[0]].source;
            claim(format!("outlets/{}/", o.slug), format!("outlet {:?} (from {})", o.name, first.display()), first);
        }
        for e in &self.events {
            let first = &self.articles[e.members[0]].source;
            claim(format!("events/{}/", e.slug), format!("event {:?} (from {})", e.slug, first.display()), first);
            for a in &e.aliases {
                claim(format!("events/{a}/"), format!("the redirect {a:?} to event {:?}", e.slug), first);
            }
        }
        out
    }

    /// Root-relative URL of an article page.
    pub fn article_url(&self, i: usize) -> String {
        format!("{}articles/{}/", self.base_path, self.articles[i].id)
    }

    /// Root-relative URL of an event page.
    pub fn event_url(&self, e: usize) -> String {
        format!("{}events/{}/", self.base_path, self.events[e].slug)
    }

    /// Root-relative URL of an outlet page.
    pub fn outlet_url(&self, o: usize) -> String {
        format!("{}outlets/{}/", self.base_path, self.outlets[o].slug)
    }

    /// Absolute URL for a root-relative one, for feeds and sitemaps.
    pub fn absolute(&self, root_relative: &str) -> String {
        let base = self.config.base_url_slash();
        let path = root_relative.strip_prefix(self.base_path.as_str()).unwrap_or(root_relative.trim_start_matches('/'));
        format!("{base}{path}")
    }

    /// The folder the site is written to, absolute and checked when the site was loaded.
    pub fn output_dir(&self) -> &Path {
        &self.output
    }
}

/// The slug an event gets from the article that founds it: its date and a short headline slug.
pub fn event_slug(a: &Article) -> String {
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
pub fn cluster_items<'a>(articles: &'a [Article], features: &'a [Features]) -> Vec<Item<'a>> {
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
pub fn newest_first(x: &Article, y: &Article) -> std::cmp::Ordering {
    let (kx, ky) = (x.date.map(|d| d.timestamp()), y.date.map(|d| d.timestamp()));
    ky.is_some().cmp(&kx.is_some()).then(ky.cmp(&kx)).then(x.id.cmp(&y.id))
}

/// The path to show in messages: relative to the site root when possible.
fn shown(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf())
}
