//! Candidate events for an article: found through the inverted index of the events' telling terms,
//! pre-scored by the weight of the terms they share with the article, and only the best few scored
//! in full (text similarity times the time factor). This bounds the work per article however large
//! the archive.

use super::Pass;
use crate::cluster::merge;
use crate::cluster::score::{self, Weighted, time_factor};
use crate::text::weekday_gap_days;

/// Terms per article used to look up candidate events.
const QUERY_TERMS: usize = 24;
/// Most recent events scanned per query term: enough for the events still within reach in time,
/// and it bounds the work per article on a large archive.
const POSTING_SCAN: usize = 96;
/// Candidates fully scored per article, chosen by the weight of the terms they share with it. Few are
/// needed (the true event shares the most), and each costs a pass over three event vectors that, on a
/// large archive, are no longer in the processor cache: this bounds the per-article work.
const MAX_SCORED: usize = 12;

/// A scored candidate event.
#[derive(Clone, Copy)]
pub(super) struct Scored {
    pub(super) score: f32,
    /// The sub-similarities behind the score, kept for the decision.
    pub(super) subs: [f32; 3],
    pub(super) time_factor: f32,
    pub(super) gap: Option<f32>,
    pub(super) event: usize,
}

impl<F: Fn(usize) -> String + ?Sized> Pass<'_, F> {
    /// Scores the events that share the article's query terms, best first.
    pub(super) fn candidates(
        &mut self,
        step: usize,
        time: Option<i64>,
        weekday: Option<u8>,
        w: &Weighted,
        query: &[(u32, f32)],
    ) -> Vec<Scored> {
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
        // An undated article that names a weekday is as far from a dated event as the nearest day
        // it could have appeared on (see `text::weekday_gap_days`): at most three days.
        let gap_of = |e: usize| match (time, self.span[e]) {
            (Some(a), (_, Some(b))) => Some(((a - b).abs() as f32) / 86_400.0),
            (None, (Some(first), Some(last))) => weekday.map(|d| weekday_gap_days(d, first, last)),
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
}

/// The article's most telling terms (names and body terms) with their weights, used to find candidates.
pub(super) fn query_terms(w: &Weighted) -> Vec<(u32, f32)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_terms_are_the_heaviest_distinct_ids() {
        // The plain definition: sort everything by weight (ties by id), keep first occurrences.
        let reference = |w: &Weighted| {
            let mut all: Vec<(f32, u32)> = w.ents.iter().chain(&w.body).map(|&(id, x)| (x, id)).collect();
            all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut out: Vec<(u32, f32)> = Vec::new();
            for (x, id) in all {
                if out.len() < QUERY_TERMS && !out.iter().any(|p| p.0 == id) {
                    out.push((id, x));
                }
            }
            out
        };
        let mut seed = 9u64;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as u32 % n
        };
        for round in 0..300 {
            // Few distinct ids in some rounds, so names and body share most of them; ties in weight too;
            // names as heavy as body terms in others, so shared ids crowd the top.
            let ids = if round % 3 == 0 { 30 } else { 100_000 };
            let mut vector = |n: u32| {
                let len = next(n);
                let mut v: Vec<(u32, f32)> =
                    (0..len).map(|_| (next(ids), if round % 5 == 0 { 1.0 } else { next(8) as f32 / 8.0 })).collect();
                v.sort_by_key(|p| p.0);
                v.dedup_by_key(|p| p.0);
                v
            };
            let body = vector(120);
            let ents = vector(60);
            let w = Weighted { body, head: Vec::new(), ents };
            assert_eq!(query_terms(&w), reference(&w), "round {round}");
        }
    }
}
