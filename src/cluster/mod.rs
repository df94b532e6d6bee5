//! Cluster: groups articles into events, online, in a fixed order.
//!
//! Articles are taken undated first (by id), then dated by time and id. Each one
//! is compared with the candidate events that share its most telling terms
//! (through an inverted index), scored by text similarity times a time factor,
//! and joins the best event if the score clears a threshold that adapts to how
//! similar unrelated events look on this site; otherwise it founds a new event.
//! Copies of an earlier article (same wire text) always join that article's event.
//!
//! IDF, centroids and the adaptive threshold only ever use articles already
//! seen, so an article added later cannot change an earlier decision: events and
//! their URLs are stable as a site grows.

mod neardup;
pub mod score;

use crate::config::ClusteringConfig;
use crate::text::Features;
use neardup::NearDupIndex;
use rustc_hash::FxHashMap as HashMap;
use score::{EventVectors, Idf, Weighted, time_factor};

/// Terms per article used to look up candidate events.
const QUERY_TERMS: usize = 24;
/// Most recent events scanned per query term: enough for the events still within reach in time,
/// and it bounds the work per article on a large archive.
const POSTING_SCAN: usize = 96;
/// Candidates fully scored per article, chosen by the weight of the terms they share with it. Few are
/// needed (the true event shares the most), and each costs a pass over three event vectors that, on a
/// large archive, are no longer in the processor cache: this bounds the per-article work.
const MAX_SCORED: usize = 12;
/// Other events per article that describe its background similarity.
const BACKGROUND_EVENTS: usize = 8;
/// Background similarity assumed before the site has shown its own, and how many observations that assumption is worth.
const BACKGROUND_PRIOR: (f32, f32) = (0.07, 20.0);
/// How many observations the site-wide background is worth against an article's own neighbours.
const BACKGROUND_LOCAL_WEIGHT: f32 = 8.0;

/// What the clusterer needs to know about one article.
pub struct Item<'a> {
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DecisionKind {
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
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The event joined or founded (founding order).
    pub event: usize,
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
    /// Best other candidate event (founding order) and its score.
    pub runner_up: Option<(usize, f32)>,
    /// The background similarity the threshold adapted to.
    pub background: f32,
    /// Threshold in force for this article: `threshold + adaptivity × background`.
    pub threshold: f32,
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
            background: 0.0,
            threshold: 0.0,
        }
    }
}

/// The result: events in founding order, each with its members in processing order.
pub struct Clustering {
    /// Member article indexes (into the input) per event.
    pub events: Vec<Vec<usize>>,
    /// Event index per article.
    pub event_of: Vec<usize>,
    /// Slug per event, fixed when the event was founded.
    pub slugs: Vec<String>,
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
pub struct Trace {
    /// The article's weighted vectors.
    pub article: Weighted,
    /// The chosen event's vectors before the article joined (empty if founded).
    pub event: EventVectors,
    /// The runner-up event's vectors.
    pub runner_up: EventVectors,
}

/// The order articles are processed in: undated by id, then dated by time and id.
pub fn processing_order(items: &[Item]) -> Vec<usize> {
    order_by(items.len(), |i| (items[i].time, items[i].id))
}

/// [`processing_order`] from each article's time and id alone, before its features exist.
pub fn order_by<'k>(n: usize, key: impl Fn(usize) -> (Option<i64>, &'k str)) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let ((xt, xi), (yt, yi)) = (key(a), key(b));
        xt.is_some().cmp(&yt.is_some()).then(xt.cmp(&yt)).then(xi.cmp(yi))
    });
    order
}

/// A clustering pass fed one article at a time, in [`processing_order`], so that clustering runs
/// while later articles are still being read and analysed. Gives exactly what [`cluster`] gives
/// for a site without pins (pins need more than one pass, so such sites use [`cluster`]).
pub struct Online<'a, F: Fn(usize) -> String + ?Sized>(Pass<'a, F>);

impl<'a, F: Fn(usize) -> String + ?Sized> Online<'a, F> {
    /// A pass over `n` articles; `auto_slug(i)` as for [`cluster`].
    pub fn new(n: usize, cfg: &'a ClusteringConfig, auto_slug: &'a F) -> Self {
        Online(Pass::new(n, cfg, auto_slug))
    }

    /// Decides article `i`, which must be the next one in processing order.
    pub fn push(&mut self, i: usize, item: &Item) {
        self.0.step(i, item, false, false);
    }

    /// The result.
    pub fn finish(self) -> Clustering {
        self.0.finish()
    }
}

/// Clusters `items`; `auto_slug(i)` proposes the URL slug for an event founded by article `i`.
///
/// Pins: a pin that names the slug an automatic event would get attaches the
/// article to that event afterwards (so it cannot pull other articles in ahead
/// of the event's own founder). Any other pin names an event of its own, which
/// the pinned articles found and unpinned articles may join.
pub fn cluster(
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
        let event = c.slugs.iter().position(|s| s == pin).unwrap_or_else(|| {
            c.slugs.push(pin.to_string());
            c.events.push(Vec::new());
            c.events.len() - 1
        });
        c.events[event].push(i);
        c.event_of[i] = event;
        c.decisions[i] = Decision::fixed(event, DecisionKind::Pinned);
    }
    c
}

/// The state of one online pass.
struct Pass<'a, F: Fn(usize) -> String + ?Sized> {
    cfg: &'a ClusteringConfig,
    auto_slug: &'a F,
    idf: Idf,
    events: Vec<EventVectors>,
    last_time: Vec<Option<i64>>,
    members: Vec<Vec<usize>>,
    slugs: Vec<String>,
    by_slug: HashMap<String, usize>,
    postings: HashMap<u32, Vec<u32>>,
    seen: Vec<u32>,
    shared: Vec<f32>,
    copies: NearDupIndex,
    by_step: Vec<usize>,
    background: (f32, f32),
    event_of: Vec<usize>,
    decisions: Vec<Decision>,
    trace: Option<Trace>,
}

/// A scored candidate event.
#[derive(Clone, Copy)]
struct Scored {
    score: f32,
    /// The sub-similarities behind the score, kept for the decision.
    subs: [f32; 3],
    time_factor: f32,
    gap: Option<f32>,
    event: usize,
}

impl<'a, F: Fn(usize) -> String + ?Sized> Pass<'a, F> {
    /// A pass over `n` articles.
    fn new(n: usize, cfg: &'a ClusteringConfig, auto_slug: &'a F) -> Self {
        Pass {
            cfg,
            auto_slug,
            idf: Idf::default(),
            events: Vec::new(),
            last_time: Vec::new(),
            members: Vec::new(),
            slugs: Vec::new(),
            by_slug: HashMap::default(),
            postings: HashMap::default(),
            seen: Vec::new(),
            shared: Vec::new(),
            copies: NearDupIndex::default(),
            by_step: Vec::new(),
            background: (BACKGROUND_PRIOR.0 * BACKGROUND_PRIOR.1, BACKGROUND_PRIOR.1),
            event_of: vec![usize::MAX; n],
            decisions: vec![Decision::fixed(usize::MAX, DecisionKind::Pinned); n],
            trace: None,
        }
    }

    /// Processes every article of `items` not `skip`ped; with `ignore_pins`, pins are treated as absent.
    fn run(mut self, items: &[Item], skip: &[bool], ignore_pins: bool, trace_item: Option<usize>) -> Clustering {
        for i in processing_order(items).into_iter().filter(|&i| !skip[i]) {
            self.step(i, &items[i], ignore_pins, trace_item == Some(i));
        }
        self.finish()
    }

    /// The result, once every article has been stepped.
    fn finish(self) -> Clustering {
        let Pass { members, event_of, slugs, decisions, trace, idf, events, postings, copies, by_slug, .. } = self;
        // The index (a list per term) and the centroids are many small allocations: they are freed
        // beside the work that follows rather than before it.
        rayon::spawn(move || drop((events, postings, copies, by_slug)));
        Clustering { events: members, event_of, slugs, decisions, trace, idf }
    }

    /// Decides article `i`, the next one in processing order.
    fn step(&mut self, i: usize, it: &Item, ignore_pins: bool, traced: bool) {
        let step = self.by_step.len();
        let pin = if ignore_pins { None } else { it.pin };
        let w = self.idf.observe_and_weigh(it.features);
        let query = query_terms(&w);
        let scored = self.candidates(step, it.time, &w, &query);
        let (background, threshold) = self.threshold(&scored);
        let copy =
            it.features.minhash.as_ref().and_then(|sig| self.copies.find(sig)).map(|(s, sim)| (self.by_step[s], sim));

        let (event, kind) = if let Some(e) = pin.and_then(|p| self.by_slug.get(p).copied()) {
            (e, DecisionKind::Pinned)
        } else if let (None, Some((orig, sim))) = (pin, copy) {
            (self.event_of[orig], DecisionKind::Copy(orig, sim))
        } else if pin.is_none() && scored.first().is_some_and(|s| s.score >= threshold) {
            (scored[0].event, DecisionKind::Joined)
        } else {
            let slug = self.unique_slug(pin.map_or_else(|| (self.auto_slug)(i), str::to_string));
            (self.found(slug), if pin.is_some() { DecisionKind::Pinned } else { DecisionKind::Founded })
        };

        let chosen = scored.iter().find(|s| s.event == event).copied();
        let runner_up = scored.iter().find(|s| s.event != event).copied();
        if traced {
            self.trace = Some(Trace {
                article: w.clone(),
                event: if chosen.is_some() { self.events[event].clone() } else { EventVectors::default() },
                runner_up: runner_up.map(|r| self.events[r.event].clone()).unwrap_or_default(),
            });
        }
        self.decisions[i] = Decision {
            event,
            kind,
            score: chosen.map_or(0.0, |c| c.score),
            subs: chosen.map_or([0.0; 3], |c| c.subs),
            time_factor: chosen.map_or(1.0, |c| c.time_factor),
            gap_days: chosen.and_then(|c| c.gap),
            runner_up: runner_up.map(|r| (r.event, r.score)),
            background,
            threshold,
        };
        for s in scored.iter().skip(1).take(BACKGROUND_EVENTS) {
            self.background.0 += s.score;
            self.background.1 += 1.0;
        }
        self.add(event, i, it.time, &w, &query);
        if let Some(sig) = it.features.minhash {
            self.copies.insert(step, sig);
        }
        self.by_step.push(i);
        self.event_of[i] = event;
    }

    /// Scores the events that share the article's query terms, best first.
    fn candidates(&mut self, step: usize, time: Option<i64>, w: &Weighted, query: &[(u32, f32)]) -> Vec<Scored> {
        // First a cheap pre-score: the weight of the query terms each event shares with the article.
        let stamp = step as u32 + 1;
        let mut cands: Vec<usize> = Vec::new();
        let top = query.first().map_or(1.0, |q| q.1.max(f32::MIN_POSITIVE));
        for &(t, weight) in query {
            // Telling terms are followed far back; weak, common ones only to the most recent events.
            let scan = ((POSTING_SCAN as f32 * weight / top).ceil() as usize).clamp(8, POSTING_SCAN);
            for &e in self.postings.get(&t).into_iter().flat_map(|p| p.iter().rev().take(scan)) {
                let e = e as usize;
                if self.seen[e] != stamp {
                    self.seen[e] = stamp;
                    self.shared[e] = 0.0;
                    cands.push(e);
                }
                self.shared[e] += weight;
            }
        }
        let gap_of = |e: usize| match (time, self.last_time[e]) {
            (Some(a), Some(b)) => Some(((a - b).abs() as f32) / 86_400.0),
            _ => None,
        };
        cands.retain(|&e| gap_of(e).is_none_or(|g| f64::from(g) <= self.cfg.window_days));
        // Then the full score, only for the events that share the most: the work per article stays
        // bounded however many events a large archive holds.
        if cands.len() > MAX_SCORED {
            let order = |a: &usize, b: &usize| self.shared[*b].total_cmp(&self.shared[*a]).then(a.cmp(b));
            cands.select_nth_unstable_by(MAX_SCORED - 1, order);
            cands.truncate(MAX_SCORED);
            cands.sort_unstable();
        }
        let probes = score::Probes::of(w);
        let mut scored: Vec<Scored> = cands
            .into_iter()
            .map(|e| {
                let gap = gap_of(e);
                let tf = time_factor(self.cfg, gap);
                let subs = self.events[e].subs_of(&probes);
                Scored { score: score::weighted(subs) * tf, subs, time_factor: tf, gap, event: e }
            })
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.event.cmp(&b.event)));
        scored
    }

    /// The threshold in force: the base threshold plus `adaptivity` times the background
    /// similarity, i.e. how similar this article is to its nearest other events (beyond
    /// the best), shrunk toward how similar unrelated events look on this site so far.
    fn threshold(&self, scored: &[Scored]) -> (f32, f32) {
        let site = self.background.0 / self.background.1;
        let near: Vec<f32> = scored.iter().skip(1).take(BACKGROUND_EVENTS).map(|s| s.score).collect();
        let bg =
            (near.iter().sum::<f32>() + BACKGROUND_LOCAL_WEIGHT * site) / (near.len() as f32 + BACKGROUND_LOCAL_WEIGHT);
        (bg, self.cfg.threshold as f32 + self.cfg.adaptivity as f32 * bg)
    }

    fn unique_slug(&self, slug: String) -> String {
        if !self.by_slug.contains_key(&slug) {
            return slug;
        }
        (2..).map(|k| format!("{slug}-{k}")).find(|s| !self.by_slug.contains_key(s)).unwrap_or(slug)
    }

    fn found(&mut self, slug: String) -> usize {
        let e = self.events.len();
        self.by_slug.insert(slug.clone(), e);
        self.slugs.push(slug);
        self.events.push(EventVectors::default());
        self.last_time.push(None);
        self.members.push(Vec::new());
        self.seen.push(0);
        self.shared.push(0.0);
        e
    }

    fn add(&mut self, event: usize, i: usize, time: Option<i64>, w: &Weighted, query: &[(u32, f32)]) {
        self.events[event].add(w);
        if let Some(t) = time {
            self.last_time[event] = self.last_time[event].max(Some(t));
        }
        self.members[event].push(i);
        for &(t, _) in query {
            let p = self.postings.entry(t).or_default();
            if p.last() != Some(&(event as u32)) {
                p.push(event as u32);
            }
        }
    }
}

/// The article's most telling terms (names and body terms) with their weights, used to find candidates.
fn query_terms(w: &Weighted) -> Vec<(u32, f32)> {
    let mut all: Vec<(f32, u32)> = w.ents.iter().chain(&w.body).map(|&(id, x)| (x, id)).collect();
    let heaviest = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    // An id occurs at most twice (once among names, once among body terms), so the 2 × QUERY_TERMS
    // heaviest entries hold the QUERY_TERMS heaviest distinct ids: select and sort only those.
    let few = (2 * QUERY_TERMS).min(all.len());
    if few < all.len() {
        all.select_nth_unstable_by(few - 1, heaviest);
    }
    all[..few].sort_unstable_by(heaviest);
    let mut out: Vec<(u32, f32)> = Vec::with_capacity(QUERY_TERMS);
    for &(x, id) in &all[..few] {
        if out.len() < QUERY_TERMS && !out.iter().any(|p| p.0 == id) {
            out.push((id, x));
        }
    }
    out
}

/// How close each member is to the event as a whole; the most central one gives the event its headline.
pub fn centrality(items: &[Item], members: &[usize]) -> Vec<f32> {
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
