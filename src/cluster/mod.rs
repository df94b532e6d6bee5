//! Cluster: groups articles into events, online, in a fixed order.
//!
//! Articles are taken dated first, by time and id, then undated by id, so that an
//! undated article is placed by its content against events that dated coverage has
//! already shaped, and founds an event only when nothing fits. Each article is
//! compared with the candidate events that share its most telling terms (through an
//! inverted index), scored by text similarity times a time factor, and joins the best
//! event if the score clears one fixed threshold; otherwise it founds a new event.
//! Copies of an earlier article (same wire text) always join that article's event.
//! Terms are weighed by how many events (not articles) use them, so a big story's own
//! words stay telling. A merge pass ([`merge`]) then joins events whose members are on
//! average as alike as a joining article must be: the fragments of a big story.
//!
//! Weights and centroids only ever use articles already seen, so a dated article
//! added later cannot change an earlier dated article's decision. What can change is
//! where undated articles go and which events merge; the URLs that change that way
//! stay as aliases (redirects), so no published event URL stops working.

mod merge;
mod neardup;
mod pass;
pub(crate) mod score;

use crate::config::ClusteringConfig;
use crate::text::Features;
use pass::Pass;
use score::{EventVectors, Idf, Weighted};

/// What the clusterer needs to know about one article.
pub(crate) struct Item<'a> {
    /// Its features.
    pub features: &'a Features,
    /// Seconds since the epoch, if dated.
    pub time: Option<i64>,
    /// Event pin from the front matter.
    pub pin: Option<&'a str>,
    /// The id, used only to order articles deterministically.
    pub id: &'a str,
}

/// The reason an article is in its event.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) enum DecisionKind {
    /// Similar enough to an existing event.
    Joined,
    /// Nothing similar enough: a new event.
    Founded,
    /// The front matter named the event.
    Pinned,
    /// A copy of an earlier article (index), with the estimated share of text in common.
    Copy(usize, f32),
}

/// How one article came to be in its event; `roundup explain` prints this.
///
/// The clusterer numbers events in founding order (`E = usize`); the site model renumbers them
/// into its own display order once ([`Decision::renumbered`]), so nothing after it sees founding order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Decision<E = usize> {
    /// The event joined or founded.
    pub event: E,
    /// Why.
    pub kind: DecisionKind,
    /// Final score with the chosen event (0 when founded).
    pub score: f32,
    /// Sub-similarities with the chosen event: text, headline and lead, names and figures.
    pub subs: [f32; 3],
    /// Time factor applied.
    pub time_factor: f32,
    /// Days to the event's nearest dated article, when both are dated.
    pub gap_days: Option<f32>,
    /// Best other candidate event and its score.
    pub runner_up: Option<(E, f32)>,
    /// The threshold the score was held to.
    pub threshold: f32,
    /// When the event the article joined or founded was later merged into another: the slug
    /// it had, and the average link of the merge.
    pub merged: Option<(String, f32)>,
}

impl Decision {
    fn fixed(event: usize, kind: DecisionKind) -> Decision {
        Decision {
            event,
            kind,
            score: 0.0,
            subs: [0.0; 3],
            time_factor: 1.0,
            gap_days: None,
            runner_up: None,
            threshold: 0.0,
            merged: None,
        }
    }

    /// The same decision with its founding-order event indexes mapped by `to`.
    pub(crate) fn renumbered<E>(self, to: impl Fn(usize) -> E) -> Decision<E> {
        let Decision { event, kind, score, subs, time_factor, gap_days, runner_up, threshold, merged } = self;
        Decision {
            event: to(event),
            kind,
            score,
            subs,
            time_factor,
            gap_days,
            runner_up: runner_up.map(|(e, s)| (to(e), s)),
            threshold,
            merged,
        }
    }
}

/// The result: events in founding order, each with its members in processing order.
pub(crate) struct Clustering {
    /// Member article indexes (into the input) per event.
    pub events: Vec<Vec<usize>>,
    /// Event index per article.
    pub event_of: Vec<usize>,
    /// Slug per event, fixed when the event was founded.
    pub slugs: Vec<String>,
    /// Per event, the other slugs that lead to it: those of events merged into it, and the
    /// slugs its undated members would have given an event of their own, which they may have
    /// had before a dated article arrived. Each is published as a redirect.
    pub aliases: Vec<Vec<String>>,
    /// One decision per article.
    pub decisions: Vec<Decision>,
    /// For `roundup explain`: the traced article's weighted vectors and the event vectors it was compared with.
    pub trace: Option<Trace>,
    /// Document frequencies of the articles the pass took (every article, unless some were pinned),
    /// so that related events need not count them again.
    pub idf: Idf,
}

/// The state one article was judged against, kept only when asked for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Trace {
    /// The article's weighted vectors.
    pub article: Weighted,
    /// The chosen event's vectors before the article joined (empty if founded).
    pub event: EventVectors,
    /// The runner-up event's vectors.
    pub runner_up: EventVectors,
}

/// The order articles are processed in: dated by time and id, then undated by id.
pub(crate) fn processing_order(items: &[Item]) -> Vec<usize> {
    order_by(items.len(), |i| (items[i].time, items[i].id))
}

/// [`processing_order`] from each article's time and id alone, before its features exist.
pub(crate) fn order_by<'k>(n: usize, key: impl Fn(usize) -> (Option<i64>, &'k str)) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let ((xt, xi), (yt, yi)) = (key(a), key(b));
        yt.is_some().cmp(&xt.is_some()).then(xt.cmp(&yt)).then(xi.cmp(yi))
    });
    order
}

/// A clustering pass fed one article at a time, in [`processing_order`], so that clustering runs
/// while later articles are still being read and analysed. Gives exactly what [`cluster`] gives
/// for a site without pins (pins need more than one pass, so such sites use [`cluster`]).
pub(crate) struct Online<'a, F: Fn(usize) -> String + ?Sized>(Pass<'a, F>);

impl<'a, F: Fn(usize) -> String + ?Sized> Online<'a, F> {
    /// A pass over `n` articles; `auto_slug(i)` as for [`cluster`].
    pub(crate) fn new(n: usize, cfg: &'a ClusteringConfig, auto_slug: &'a F) -> Self {
        Online(Pass::new(n, cfg, auto_slug))
    }

    /// A pass over `n` articles that goes on from a [`Online::snapshot_to`] taken after the articles
    /// that are, in this build, `steps` (article indexes in processing order; the caller checks
    /// they are the same articles). `None` if the bytes are not such a snapshot: replay instead.
    pub(crate) fn resume(
        n: usize,
        cfg: &'a ClusteringConfig,
        auto_slug: &'a F,
        snapshot: &[u8],
        steps: &[usize],
    ) -> Option<Self> {
        Pass::resume(n, cfg, auto_slug, snapshot, steps).map(Online)
    }

    /// Decides article `i`, which must be the next one in processing order.
    pub(crate) fn push(&mut self, i: usize, item: &Item) {
        self.0.step(i, item, false, false);
    }

    /// Writes the state after the articles pushed so far to `w`, for [`Online::resume`] in a later
    /// build. Taken after the last dated article, it lets a build that only adds newer articles
    /// skip the rest.
    pub(crate) fn snapshot_to(&self, w: impl std::io::Write) -> std::io::Result<()> {
        self.0.snapshot_to(w)
    }

    /// How many articles the pass has taken (those a resumed pass went on from included).
    pub(crate) fn steps(&self) -> usize {
        self.0.steps()
    }

    /// The result.
    pub(crate) fn finish(self) -> Clustering {
        self.0.finish()
    }
}

/// Clusters `items`; `auto_slug(i)` proposes the URL slug for an event founded by article `i`.
///
/// Pins: a pin that names the slug an automatic event would get attaches the
/// article to that event afterwards (so it cannot pull other articles in ahead
/// of the event's own founder). Any other pin names an event of its own, which
/// the pinned articles found and unpinned articles may join.
pub(crate) fn cluster(
    items: &[Item],
    cfg: &ClusteringConfig,
    auto_slug: impl Fn(usize) -> String,
    trace: Option<usize>,
) -> Clustering {
    if items.iter().all(|it| it.pin.is_none()) {
        return Pass::new(items.len(), cfg, &auto_slug).run(items, &vec![false; items.len()], false, trace);
    }
    let pinned: Vec<bool> = items.iter().map(|it| it.pin.is_some()).collect();
    let auto = Pass::new(items.len(), cfg, &auto_slug).run(items, &pinned, true, None);
    let attach: Vec<bool> = items.iter().map(|it| it.pin.is_some_and(|p| auto.slugs.iter().any(|s| s == p))).collect();
    let mut c = Pass::new(items.len(), cfg, &auto_slug).run(items, &attach, false, trace);
    for (i, it) in items.iter().enumerate().filter(|(i, _)| attach[*i]) {
        let pin = it.pin.unwrap_or_default();
        let named = |c: &Clustering| {
            c.slugs.iter().position(|s| s == pin).or_else(|| c.aliases.iter().position(|a| a.iter().any(|s| s == pin)))
        };
        let event = named(&c).unwrap_or_else(|| {
            c.slugs.push(pin.to_string());
            c.aliases.push(Vec::new());
            c.events.push(Vec::new());
            c.events.len() - 1
        });
        c.events[event].push(i);
        c.event_of[i] = event;
        c.decisions[i] = Decision::fixed(event, DecisionKind::Pinned);
    }
    c
}

/// How close each member is to the event as a whole; the most central one gives the event its headline.
pub(crate) fn centrality(items: &[Item], members: &[usize]) -> Vec<f32> {
    let f = |m: usize| items[m].features;
    let mut idf =
        Idf::with_capacity(members.iter().map(|&m| f(m).body.len() + f(m).ents.len() + f(m).title.len()).sum());
    for &m in members {
        idf.observe(f(m));
    }
    let ws: Vec<Weighted> = members.iter().map(|&m| idf.weigh(f(m))).collect();
    let ev = EventVectors::of(&ws);
    ws.iter().map(|w| ev.text_sim(w)).collect()
}

#[cfg(test)]
mod tests;
