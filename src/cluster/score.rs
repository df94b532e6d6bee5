//! Scoring an article against an event: IDF weighting, centroids, similarity and time.

use crate::config::ClusteringConfig;
use crate::text::{Features, Sparse, dot};
use rustc_hash::FxHashMap as HashMap;

/// Pseudo-documents the background prior counts for in IDF: a small site leans on the
/// prior, a large one on its own document frequencies.
pub const PRIOR_DOCS: f64 = 1000.0;
/// How strongly an event's incoherence (members that disagree) lowers its similarity to newcomers.
pub const COHERENCE_EXPONENT: f32 = 1.4;
/// Weights of the sub-similarities: whole text, headline and lead, names and figures.
pub const WEIGHTS: [f32; 3] = [0.45, 0.30, 0.25];

/// Online document frequencies blended with the background prior.
#[derive(Default)]
pub struct Idf {
    df: HashMap<u32, u32>,
    n: u32,
}

/// An article's vectors weighted by the IDF in force when it was processed, each L2-normalised.
#[derive(Debug, Clone, Default)]
pub struct Weighted {
    /// Whole text.
    pub body: Sparse,
    /// Headline and lead.
    pub head: Sparse,
    /// Names and figures.
    pub ents: Sparse,
}

impl Idf {
    /// Frequencies for up to `terms` distinct terms without growing: an event's own frequencies
    /// (see `centrality`) are counted for every event.
    pub fn with_capacity(terms: usize) -> Idf {
        Idf { df: HashMap::with_capacity_and_hasher(terms, Default::default()), n: 0 }
    }

    /// Counts one more article.
    pub fn observe(&mut self, f: &Features) {
        self.n += 1;
        for t in f.all_terms() {
            *self.df.entry(t).or_insert(0) += 1;
        }
    }

    /// IDF of term `id` of article `f`: ln((N + M) / (df + M·p + 1)), never negative,
    /// where p is the term's background document probability and M = [`PRIOR_DOCS`].
    pub fn idf(&self, f: &Features, id: u32) -> f32 {
        let df = f64::from(self.df.get(&id).copied().unwrap_or(0));
        let n = f64::from(self.n);
        ((n + PRIOR_DOCS) / (df + PRIOR_DOCS * f.prior(id) + 1.0)).ln().max(0.0) as f32
    }

    /// How many articles have been counted.
    pub fn articles(&self) -> u32 {
        self.n
    }

    /// Weights and normalises one of article `f`'s vectors.
    pub fn weigh_vector(&self, f: &Features, v: &Sparse) -> Sparse {
        let mut out: Sparse = v.iter().map(|&(id, tf)| (id, tf * self.idf(f, id))).filter(|p| p.1 > 0.0).collect();
        let norm = out.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            out.iter_mut().for_each(|p| p.1 /= norm);
        }
        out
    }

    /// Weights and normalises an article's vectors.
    pub fn weigh(&self, f: &Features) -> Weighted {
        let mut head = Centroid::default();
        head.add(&f.title);
        head.add(&f.lead);
        Weighted {
            body: self.weigh_vector(f, &f.body),
            head: self.weigh_vector(f, &head.v),
            ents: self.weigh_vector(f, &f.ents),
        }
    }
}

/// A running sum of members' normalised vectors.
#[derive(Debug, Default, Clone)]
pub struct Centroid {
    /// The sum, sorted by term id.
    pub v: Sparse,
    /// Its Euclidean length.
    pub norm: f32,
}

impl Centroid {
    /// Adds a vector (merging sorted sparse vectors).
    pub fn add(&mut self, x: &Sparse) {
        let mut out = Vec::with_capacity(self.v.len() + x.len());
        let (a, b) = (&self.v, x);
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
                out.push(a[i]);
                i += 1;
            } else if i == a.len() || b[j].0 < a[i].0 {
                out.push(b[j]);
                j += 1;
            } else {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
        self.norm = out.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
        self.v = out;
    }

    /// Cosine of `x` with the centroid, damped by the members' coherence (|sum| / n, 1 when
    /// all members agree) raised to [`COHERENCE_EXPONENT`], so a loose, mixed event is not a
    /// magnet for everything near its topic, and events do not chain into each other.
    pub fn sim(&self, x: &Sparse, members: usize) -> f32 {
        if self.norm == 0.0 || members == 0 {
            return 0.0;
        }
        dot(x, &self.v) / self.norm * (self.norm / members as f32).min(1.0).powf(COHERENCE_EXPONENT)
    }
}

/// The three centroids of an event.
#[derive(Debug, Default, Clone)]
pub struct EventVectors {
    /// Whole text.
    pub body: Centroid,
    /// Headline and lead.
    pub head: Centroid,
    /// Names and figures.
    pub ents: Centroid,
    /// Number of members added.
    pub members: usize,
}

impl EventVectors {
    /// Adds a member's vectors.
    pub fn add(&mut self, w: &Weighted) {
        self.body.add(&w.body);
        self.head.add(&w.head);
        self.ents.add(&w.ents);
        self.members += 1;
    }

    /// The three sub-similarities of an article with this event.
    pub fn subs(&self, w: &Weighted) -> [f32; 3] {
        [
            self.body.sim(&w.body, self.members),
            self.head.sim(&w.head, self.members),
            self.ents.sim(&w.ents, self.members),
        ]
    }

    /// Text similarity: the weighted sum of the sub-similarities.
    pub fn text_sim(&self, w: &Weighted) -> f32 {
        let s = self.subs(w);
        WEIGHTS[0] * s[0] + WEIGHTS[1] * s[1] + WEIGHTS[2] * s[2]
    }
}

/// Time factor: 1 for same-time articles, halving every `half_life_days` towards
/// `time_floor`; 1 when either side is undated (undated articles are neutral).
pub fn time_factor(cfg: &ClusteringConfig, gap_days: Option<f32>) -> f32 {
    match gap_days {
        None => 1.0,
        Some(g) => {
            let floor = cfg.time_floor as f32;
            floor + (1.0 - floor) * 0.5f32.powf(g.max(0.0) / cfg.half_life_days as f32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_factor_decays_to_floor() {
        let c = ClusteringConfig::default();
        assert_eq!(time_factor(&c, None), 1.0);
        assert_eq!(time_factor(&c, Some(0.0)), 1.0);
        let half = c.time_floor as f32 + (1.0 - c.time_floor as f32) * 0.5;
        assert!((time_factor(&c, Some(c.half_life_days as f32)) - half).abs() < 1e-6);
        assert!(time_factor(&c, Some(1000.0)) >= c.time_floor as f32);
    }

    #[test]
    fn mixed_events_attract_less_than_tight_ones() {
        let a: Sparse = vec![(1, 1.0)];
        let b: Sparse = vec![(2, 1.0)];
        let mut tight = Centroid::default();
        tight.add(&a);
        tight.add(&a);
        let mut mixed = Centroid::default();
        mixed.add(&a);
        mixed.add(&b);
        assert!((tight.sim(&a, 2) - 1.0).abs() < 1e-6);
        let cos = 1.0 / 2f32.sqrt();
        assert!((mixed.sim(&a, 2) - cos * cos.powf(COHERENCE_EXPONENT)).abs() < 1e-6);
        assert!(mixed.sim(&a, 2) < 0.5, "less than the plain mean similarity");
    }

    #[test]
    fn idf_prefers_rare_words_and_learns_from_the_site() {
        let f = Features::extract("Prison visit by Noem", "", "Prison visit by Noem");
        let mut idf = Idf::default();
        idf.observe(&f);
        let id = crate::text::term_id;
        assert!(idf.idf(&f, id("noem")) > idf.idf(&f, id("prison")));
        let before = idf.idf(&f, id("noem"));
        for _ in 0..50 {
            idf.observe(&f);
        }
        assert!(idf.idf(&f, id("noem")) < before, "a term in every article loses weight");
    }
}
