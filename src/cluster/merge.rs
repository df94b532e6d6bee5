//! Merge: joins two events whose members are, on average, as alike as an article must be to
//! join an event.
//!
//! The pass compares each article with whole events, so a big story whose headlines share
//! only the story's name can be left in fragments: each fragment is coherent, and a new
//! headline matches one of them too weakly. Two fragments, compared member with member on
//! average (average link), show what they share. The check runs online, each time an article
//! joins or founds an event, against the best other event that article was scored with: a bounded
//! neighbourhood from the inverted index, so the work stays linear, and a merge depends only on
//! the articles before it, so articles added later never undo one.

use super::score::{Centroid, EventVectors, time_factor, weighted};
use crate::config::ClusteringConfig;

/// One merge: event `from` went into `into` with this average link.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Merge {
    /// The absorbed event.
    pub from: usize,
    /// The event it went into, which was founded before it.
    pub into: usize,
    /// The two events' average link, at least the threshold.
    pub score: f32,
}

/// Of `candidates`, the event best linked with event `e` whose average link, times the time
/// factor of the gap between their dated spans, clears the threshold.
pub(super) fn best_link(
    vectors: &[EventVectors],
    span: &[(Option<i64>, Option<i64>)],
    e: usize,
    candidates: impl Iterator<Item = usize>,
    cfg: &ClusteringConfig,
) -> Option<(f32, usize)> {
    let threshold = cfg.threshold as f32;
    candidates
        .filter(|&c| c != e)
        .filter_map(|c| {
            let gap = span_gap(span[e], span[c]);
            if gap.is_some_and(|g| f64::from(g) > cfg.window_days) {
                return None;
            }
            Some((average_link(&vectors[e], &vectors[c]) * time_factor(cfg, gap), c))
        })
        .filter(|&(s, _)| s >= threshold)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
}

/// The mean similarity of the members of `a` with the members of `b`: each centroid is a sum
/// of unit vectors, so the dot product of two sums over the number of pairs is that mean.
pub(super) fn average_link(a: &EventVectors, b: &EventVectors) -> f32 {
    let pairs = (a.members * b.members).max(1) as f32;
    let link = |x: &Centroid, y: &Centroid| crate::text::dot(&x.v, &y.v) / pairs;
    weighted([link(&a.body, &b.body), link(&a.head, &b.head), link(&a.ents, &b.ents)])
}

/// Days between two events' dated spans (0 when they overlap), if both have dated members.
pub(super) fn span_gap(a: (Option<i64>, Option<i64>), b: (Option<i64>, Option<i64>)) -> Option<f32> {
    let ((Some(a0), Some(a1)), (Some(b0), Some(b1))) = (a, b) else { return None };
    Some((a0.max(b0) - a1.min(b1)).max(0) as f32 / 86_400.0)
}

/// The earlier of two optional times.
pub(super) fn min_some(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) | (None, x) => x,
    }
}

/// The surviving event that `x` went into, with path halving.
pub(super) fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::score::Weighted;

    fn event(vs: &[&[(u32, f32)]]) -> EventVectors {
        let ws: Vec<Weighted> =
            vs.iter().map(|v| Weighted { body: v.to_vec(), head: v.to_vec(), ents: v.to_vec() }).collect();
        EventVectors::of(&ws)
    }

    #[test]
    fn average_link_is_the_mean_pairwise_similarity() {
        let s = 0.5f32.sqrt();
        let a = event(&[&[(1, 1.0)], &[(1, s), (2, s)]]);
        let b = event(&[&[(1, 1.0)], &[(3, 1.0)]]);
        // Pairs: 1·1 = 1, 1·(3) = 0, (1,2)·1 = s, (1,2)·3 = 0: mean (1 + s) / 4 in every sub-vector.
        let want = (1.0 + s) / 4.0;
        assert!((average_link(&a, &b) - want).abs() < 1e-6, "{}", average_link(&a, &b));
    }

    #[test]
    fn the_best_linked_candidate_above_the_threshold_is_chosen() {
        let vectors = vec![
            event(&[&[(1, 0.8), (2, 0.6)], &[(1, 0.8), (3, 0.6)]]),
            event(&[&[(9, 0.8), (10, 0.6)]]),
            event(&[&[(1, 0.8), (4, 0.6)]]),
            event(&[&[(1, 1.0)]]),
        ];
        let span = vec![(None, None); 4];
        let cfg = ClusteringConfig::default();
        // Event 3 shares more with event 0 (0.8 on average) than event 2 does (0.64).
        assert_eq!(best_link(&vectors, &span, 0, 1..4, &cfg).map(|b| b.1), Some(3));
        assert_eq!(best_link(&vectors, &span, 0, [1, 2].into_iter(), &cfg).map(|b| b.1), Some(2));
        assert_eq!(best_link(&vectors, &span, 0, [0, 1].into_iter(), &cfg), None, "itself and another story");
        let unknown = time_factor(&cfg, None);
        let (s, _) = best_link(&vectors, &span, 2, [0].into_iter(), &cfg).unwrap();
        assert!((s - 0.64 * unknown).abs() < 1e-5, "{s}");
    }

    #[test]
    fn spans_far_apart_are_not_merged() {
        let vectors = vec![event(&[&[(1, 1.0)]]), event(&[&[(1, 1.0)]])];
        let day = 86_400;
        let cfg = ClusteringConfig::default();
        let near = vec![(Some(0), Some(day)), (Some(day), Some(2 * day))];
        assert!(best_link(&vectors, &near, 0, [1].into_iter(), &cfg).is_some());
        let far = vec![(Some(0), Some(day)), (Some(100 * day), Some(101 * day))];
        assert_eq!(best_link(&vectors, &far, 0, [1].into_iter(), &cfg), None, "beyond window_days");
        assert_eq!(span_gap((Some(0), Some(10)), (Some(5), Some(20))), Some(0.0));
        assert_eq!(span_gap((Some(0), Some(day)), (Some(3 * day), Some(4 * day))), Some(2.0));
        assert_eq!(min_some(None, Some(3)), Some(3));
    }
}
