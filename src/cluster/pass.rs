//! One online clustering pass: the state it keeps while articles arrive one at a time, and the
//! decision for each (join, found, copy, pin), followed by a merge check.
//!
//! Finding and scoring the candidate events is in [`candidates`]; turning the final state into a
//! [`Clustering`] (merges resolved, events numbered again) is in [`finish`].

mod candidates;
mod finish;
mod snapshot;

use super::merge;
use super::neardup::NearDupIndex;
use super::score::{EventIdf, EventVectors, Weighted};
use super::{Clustering, Decision, DecisionKind, Item, Trace, processing_order};
use crate::config::ClusteringConfig;
use candidates::{Scored, query_terms};
use rustc_hash::FxHashMap as HashMap;

/// The state of one online pass.
pub(super) struct Pass<'a, F: Fn(usize) -> String + ?Sized> {
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

impl<'a, F: Fn(usize) -> String + ?Sized> Pass<'a, F> {
    /// A pass over `n` articles.
    pub(super) fn new(n: usize, cfg: &'a ClusteringConfig, auto_slug: &'a F) -> Self {
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
    pub(super) fn run(
        mut self,
        items: &[Item],
        skip: &[bool],
        ignore_pins: bool,
        trace_item: Option<usize>,
    ) -> Clustering {
        for i in processing_order(items).into_iter().filter(|&i| !skip[i]) {
            self.step(i, &items[i], ignore_pins, trace_item == Some(i));
        }
        self.finish()
    }

    /// Decides article `i`, the next one in processing order.
    pub(super) fn step(&mut self, i: usize, it: &Item, ignore_pins: bool, traced: bool) {
        let step = self.by_step.len();
        let pin = if ignore_pins { None } else { it.pin };
        let (w, terms) = self.event_idf.observe_and_weigh(it.features);
        let query = query_terms(&w);
        let scored = self.candidates(step, it.time, it.features.weekday, &w, &query);
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

    /// How many articles have been stepped.
    pub(super) fn steps(&self) -> usize {
        self.by_step.len()
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
