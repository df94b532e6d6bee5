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
pub mod score;

use crate::config::ClusteringConfig;
use crate::text::Features;
use neardup::NearDupIndex;
use rustc_hash::FxHashMap as HashMap;
use score::{EventIdf, EventVectors, Idf, Weighted, time_factor};

/// Terms per article used to look up candidate events.
const QUERY_TERMS: usize = 24;
/// Most recent events scanned per query term: enough for the events still within reach in time,
/// and it bounds the work per article on a large archive.
const POSTING_SCAN: usize = 96;
/// Candidates fully scored per article, chosen by the weight of the terms they share with it. Few are
/// needed (the true event shares the most), and each costs a pass over three event vectors that, on a
/// large archive, are no longer in the processor cache: this bounds the per-article work.
const MAX_SCORED: usize = 12;

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
///
/// The clusterer numbers events in founding order (`E = usize`); the site model renumbers them
/// into its own display order once ([`Decision::renumbered`]), so nothing after it sees founding order.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision<E = usize> {
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
    pub fn renumbered<E>(self, to: impl Fn(usize) -> E) -> Decision<E> {
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
pub struct Clustering {
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
pub struct Trace {
    /// The article's weighted vectors.
    pub article: Weighted,
    /// The chosen event's vectors before the article joined (empty if founded).
    pub event: EventVectors,
    /// The runner-up event's vectors.
    pub runner_up: EventVectors,
}

/// The order articles are processed in: dated by time and id, then undated by id.
pub fn processing_order(items: &[Item]) -> Vec<usize> {
    order_by(items.len(), |i| (items[i].time, items[i].id))
}

/// [`processing_order`] from each article's time and id alone, before its features exist.
pub fn order_by<'k>(n: usize, key: impl Fn(usize) -> (Option<i64>, &'k str)) -> Vec<usize> {
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

/// The state of one online pass.
struct Pass<'a, F: Fn(usize) -> String + ?Sized> {
    cfg: &'a ClusteringConfig,
    auto_slug: &'a F,
    event_idf: EventIdf,
    events: Vec<EventVectors>,
    /// Each event's first and last dated article.
    span: Vec<(Option<i64>, Option<i64>)>,
    members: Vec<Vec<usize>>,
    slugs: Vec<String>,
    /// Events founded by a pin, which merging leaves alone.
    locked: Vec<bool>,
    /// Per event, the event it was merged into (itself while it stands); see [`merge::find`].
    parent: Vec<usize>,
    /// The merges so far, in order.
    merges: Vec<merge::Merge>,
    /// The slug each undated article reserved for itself (see [`Clustering::aliases`]).
    own_slug: Vec<Option<String>>,
    by_slug: HashMap<String, usize>,
    postings: HashMap<u32, Vec<u32>>,
    seen: Vec<u32>,
    shared: Vec<f32>,
    copies: NearDupIndex,
    by_step: Vec<usize>,
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
            event_idf: EventIdf::default(),
            events: Vec::new(),
            span: Vec::new(),
            members: Vec::new(),
            slugs: Vec::new(),
            locked: Vec::new(),
            parent: Vec::new(),
            merges: Vec::new(),
            own_slug: vec![None; n],
            by_slug: HashMap::default(),
            postings: HashMap::default(),
            seen: Vec::new(),
            shared: Vec::new(),
            copies: NearDupIndex::default(),
            by_step: Vec::new(),
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

    /// The result, once every article has been stepped: events merged, then numbered again.
    fn finish(self) -> Clustering {
        let Pass {
            members,
            event_of,
            slugs,
            mut decisions,
            trace,
            event_idf,
            own_slug,
            by_step,
            merges,
            mut parent,
            ..
        } = self;
        let Pass { events, postings, copies, by_slug, .. } = self;
        // The index (a list per term) and the centroids are many small allocations: they are freed
        // beside the work that follows rather than before it.
        rayon::spawn(move || drop((events, postings, copies, by_slug)));

        let n = members.len();
        let mut link = vec![0.0f32; n];
        for m in &merges {
            link[m.from] = m.score;
        }
        let root: Vec<usize> = (0..n).map(|e| merge::find(&mut parent, e)).collect();
        let mut index = vec![usize::MAX; n];
        let kept = (0..n).filter(|&e| root[e] == e).enumerate().map(|(k, e)| index[e] = k).count();
        let to = |e: usize| if e == usize::MAX { e } else { index[root[e]] };

        for d in decisions.iter_mut().filter(|d| d.event != usize::MAX) {
            if root[d.event] != d.event {
                d.merged = Some((slugs[d.event].clone(), link[d.event]));
            }
            d.event = to(d.event);
            d.runner_up = d.runner_up.map(|(e, s)| (to(e), s));
        }
        let mut events = vec![Vec::new(); kept];
        let mut kept_slugs = vec![String::new(); kept];
        let mut aliases = vec![Vec::new(); kept];
        for (e, (m, slug)) in members.into_iter().zip(slugs).enumerate() {
            events[to(e)].extend(m);
            if root[e] == e { kept_slugs[to(e)] = slug } else { aliases[to(e)].push(slug) }
        }
        let event_of: Vec<usize> = event_of.into_iter().map(to).collect();
        for (i, own) in own_slug.into_iter().enumerate() {
            if let Some(own) = own.filter(|s| kept_slugs[event_of[i]] != *s && !aliases[event_of[i]].contains(s)) {
                aliases[event_of[i]].push(own);
            }
        }
        aliases.iter_mut().for_each(|a| a.sort_unstable());
        // A merged event lists its members in processing order, as every event does.
        let mut step_of = vec![usize::MAX; event_of.len()];
        by_step.iter().enumerate().for_each(|(step, &i)| step_of[i] = step);
        let mut merged: Vec<usize> = merges.iter().map(|m| to(m.into)).collect();
        merged.sort_unstable();
        merged.dedup();
        for k in merged {
            events[k].sort_by_key(|&i| step_of[i]);
        }
        let idf = event_idf.document_frequencies();
        Clustering { events, event_of, slugs: kept_slugs, aliases, decisions, trace, idf }
    }

    /// Decides article `i`, the next one in processing order.
    fn step(&mut self, i: usize, it: &Item, ignore_pins: bool, traced: bool) {
        let step = self.by_step.len();
        let pin = if ignore_pins { None } else { it.pin };
        let (w, terms) = self.event_idf.observe_and_weigh(it.features);
        let query = query_terms(&w);
        let scored = self.candidates(step, it.time, &w, &query);
        let threshold = self.cfg.threshold as f32;
        let copy =
            it.features.minhash.as_ref().and_then(|sig| self.copies.find(sig)).map(|(s, sim)| (self.by_step[s], sim));
        // An undated article reserves the slug it would give an event of its own: before a dated
        // article about its story arrived, it may have founded that event, and the URL stays.
        let own = (pin.is_none() && it.time.is_none()).then(|| self.unique_slug((self.auto_slug)(i)));

        let (event, kind) = if let Some(e) = pin.and_then(|p| self.by_slug.get(p).copied()) {
            (merge::find(&mut self.parent, e), DecisionKind::Pinned)
        } else if let (None, Some((orig, sim))) = (pin, copy) {
            (merge::find(&mut self.parent, self.event_of[orig]), DecisionKind::Copy(orig, sim))
        } else if pin.is_none() && scored.first().is_some_and(|s| s.score >= threshold) {
            (scored[0].event, DecisionKind::Joined)
        } else {
            let slug = own
                .clone()
                .unwrap_or_else(|| self.unique_slug(pin.map_or_else(|| (self.auto_slug)(i), str::to_string)));
            (self.found(slug, pin.is_some()), if pin.is_some() { DecisionKind::Pinned } else { DecisionKind::Founded })
        };
        // A founder's own slug is its event's; anyone else's becomes an alias of where it went.
        if let Some(own) = own.filter(|_| kind != DecisionKind::Founded) {
            self.by_slug.insert(own.clone(), event);
            self.own_slug[i] = Some(own);
        }

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
            threshold,
            merged: None,
        };
        self.event_idf.joined(&terms, &self.events[event]);
        self.add(event, i, it.time, &w, &query);
        self.merge_from(event, &scored, it.time.is_some());
        if let Some(sig) = it.features.minhash {
            self.copies.insert(step, sig);
        }
        self.by_step.push(i);
        self.event_of[i] = event;
    }

    /// Merges the event an article just joined or founded with the best scored of the other
    /// events the article was compared with, if their average link clears the threshold. One
    /// candidate is enough: fragments of one story meet as an article's best two events, and
    /// checking every candidate doubled the pass for the same clusters on every corpus. An
    /// undated article never merges two events that both hold dated articles: what dated articles
    /// share an event changes only as dated articles arrive, so a later dated article never
    /// undoes it.
    fn merge_from(&mut self, e: usize, scored: &[Scored], dated: bool) {
        let has_dated = |c: usize| self.span[c].1.is_some();
        let Some(c) = scored.iter().map(|s| s.event).find(|&c| c != e) else { return };
        if self.locked[e] || self.locked[c] || (!dated && has_dated(e) && has_dated(c)) {
            return;
        }
        let Some((score, c)) = merge::best_link(&self.events, &self.span, e, std::iter::once(c), self.cfg) else {
            return;
        };
        let (into, from) = (e.min(c), e.max(c));
        self.parent[from] = into;
        let gone = std::mem::take(&mut self.events[from]);
        self.events[into].absorb(&gone);
        let gone = std::mem::take(&mut self.members[from]);
        self.members[into].extend(gone);
        let (a, b) = (self.span[into], self.span[from]);
        self.span[into] = (merge::min_some(a.0, b.0), a.1.max(b.1));
        self.merges.push(merge::Merge { from, into, score });
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
                let e = merge::find(&mut self.parent, e as usize);
                if self.seen[e] != stamp {
                    self.seen[e] = stamp;
                    self.shared[e] = 0.0;
                    cands.push(e);
                }
                self.shared[e] += weight;
            }
        }
        let gap_of = |e: usize| match (time, self.span[e].1) {
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

    fn unique_slug(&self, slug: String) -> String {
        if !self.by_slug.contains_key(&slug) {
            return slug;
        }
        (2..).map(|k| format!("{slug}-{k}")).find(|s| !self.by_slug.contains_key(s)).unwrap_or(slug)
    }

    fn found(&mut self, slug: String, pinned: bool) -> usize {
        let e = self.events.len();
        self.by_slug.insert(slug.clone(), e);
        self.slugs.push(slug);
        self.locked.push(pinned);
        self.parent.push(e);
        self.events.push(EventVectors::default());
        self.span.push((None, None));
        self.members.push(Vec::new());
        self.seen.push(0);
        self.shared.push(0.0);
        e
    }

    fn add(&mut self, event: usize, i: usize, time: Option<i64>, w: &Weighted, query: &[(u32, f32)]) {
        self.events[event].add(w);
        if let Some(t) = time {
            let (first, last) = self.span[event];
            self.span[event] = (merge::min_some(first, Some(t)), last.max(Some(t)));
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
