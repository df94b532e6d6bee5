//! Analyze: turns an article's text into the sparse features that clustering compares.
//!
//! Four sub-vectors keep different kinds of evidence apart (the news is in the
//! headline and lead, the topic in the body, the identity in names and figures):
//! `title`, `lead`, `body` (stemmed, stop-worded terms) and `ents` (capitalised
//! name sequences and numbers). Weights are raw sublinear term frequencies here;
//! IDF is applied online by the clusterer, so later articles never change the
//! evidence earlier decisions were based on.

mod names;
mod prior;
mod readable;
pub(crate) mod shingle;
mod stop;
mod tokens;
mod weekday;

pub(crate) use names::entities;
pub(crate) use prior::{background_doc_prob, warm, zipf};
pub(crate) use readable::term_names;
pub(crate) use tokens::term_id;
pub(crate) use weekday::{NAMES as WEEKDAYS, gap_days as weekday_gap_days};

/// A sparse vector: (term id, weight), sorted by term id, ids unique.
pub(crate) type Sparse = Vec<(u32, f32)>;

/// Most body terms kept per article: enough for similarity, bounded for memory at 100k articles.
pub(crate) const BODY_TERMS: usize = 96;

/// The features of one article; everything the clusterer needs to know about its text.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Features {
    /// Stemmed headline terms.
    pub title: Sparse,
    /// Stemmed terms of the lead paragraph.
    pub lead: Sparse,
    /// Stemmed terms of the whole text, the most distinctive `BODY_TERMS`.
    pub body: Sparse,
    /// Names and figures.
    pub ents: Sparse,
    /// Background document probability of each entry of `ents`, in the same order.
    pub ent_priors: Vec<f32>,
    /// Whether only a headline was available (no body text).
    pub headline_only: bool,
    /// MinHash of the body's word 5-shingles, for spotting copies; `None` for short texts.
    pub minhash: Option<shingle::Signature>,
    /// The first weekday the headline or text names (0 = Monday): where the article has no date,
    /// the day it most likely appeared on (see [`weekday`]).
    pub weekday: Option<u8>,
}

impl Features {
    /// Extracts features from an article's headline, lead and body text.
    pub fn extract(title: &str, lead: &str, body: &str) -> Features {
        Features::extract_noting_figures(title, lead, body, &mut Vec::new())
    }

    /// [`Features::extract`], also noting in `figures` the byte offsets in `body` of the words that
    /// may be part of a figure, so that [`crate::figures::extract_at`] need not scan the text again.
    pub fn extract_noting_figures(title: &str, lead: &str, body: &str, figures: &mut Vec<usize>) -> Features {
        let mut ids = Vec::with_capacity(64);
        let mut with_priors = Vec::with_capacity(body.len() / 6);
        let mut shingles = Vec::with_capacity(body.len() / 5);
        tokens::stem_ids_with_priors(title, &mut with_priors);
        ids.extend(with_priors.iter().map(|&x| tokens::unpack(x).0));
        let t = tf(&mut ids);
        tokens::stem_and_shingle_ids(body, &mut with_priors, &mut shingles, figures);
        // Title and body terms with their counts, each with its prior IDF (equal ids, equal priors).
        with_priors.sort_unstable();
        let runs = with_priors.chunk_by(|a, b| a >> 32 == b >> 32);
        let mut b: Sparse = Vec::with_capacity(runs.clone().count());
        let mut priors: Vec<f32> = Vec::with_capacity(b.capacity());
        for run in runs {
            let (id, prior) = tokens::unpack(run[0]);
            b.push((id, 1.0 + (run.len() as f32).ln()));
            priors.push(prior);
        }
        ids.clear();
        tokens::stem_ids(lead, &mut ids);
        let l = tf(&mut ids);
        let headline_only = body.split_whitespace().nth(3).is_none();
        if b.len() > BODY_TERMS {
            // Keep the terms that would weigh most under the background prior.
            let mut scored: Vec<(f32, u32, f32)> = b.iter().zip(&priors).map(|(&(id, w), &p)| (w * p, id, w)).collect();
            scored.select_nth_unstable_by(BODY_TERMS - 1, |x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            scored.truncate(BODY_TERMS);
            b = scored.into_iter().map(|(_, id, w)| (id, w)).collect();
            b.sort_unstable_by_key(|p| p.0);
        }
        let mut names = Vec::new();
        names::entity_ids(title, &mut names);
        names::entity_ids(body, &mut names);
        names.sort_unstable_by_key(|p| p.0);
        let e = tf(&mut names.iter().map(|p| p.0).collect::<Vec<u32>>());
        // Equal ids have equal priors (the prior depends only on the name); take the first of each run.
        let mut ent_priors = Vec::with_capacity(e.len());
        ent_priors.extend(names.chunk_by(|x, y| x.0 == y.0).map(|run| run[0].1 as f32));
        Features {
            title: t,
            lead: l,
            body: b,
            ents: e,
            ent_priors,
            headline_only,
            minhash: shingle::minhash(&shingles),
            weekday: weekday::first_named(&[title, body]),
        }
    }

    /// Every distinct term id in the article, for document-frequency counting.
    pub fn all_terms(&self) -> Vec<u32> {
        // Each vector is sorted by id already: merging them is cheaper than sorting them together.
        let ids = |v: &Sparse| v.iter().map(|p| p.0).collect::<Vec<u32>>();
        union(&union(&ids(&self.title), &ids(&self.lead)), &union(&ids(&self.body), &ids(&self.ents)))
    }
}

/// Background document probability of any feature id of this article (stems from the table, names as extracted).
impl Features {
    /// Looks up the prior for `id`, which must be one of this article's terms.
    pub fn prior(&self, id: u32) -> f64 {
        match self.ents.binary_search_by_key(&id, |p| p.0) {
            Ok(i) => f64::from(self.ent_priors[i]),
            Err(_) => background_doc_prob(id),
        }
    }
}

/// The sorted, distinct ids of two sorted, distinct id lists.
fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        out.push(x.min(y));
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Counts ids into a sublinear term-frequency vector (1 + ln tf), sorted by id; sorts `ids`.
///
/// The vector is allocated at its final size: features of every article stay in memory.
pub(crate) fn tf(ids: &mut [u32]) -> Sparse {
    ids.sort_unstable();
    let mut out: Sparse = Vec::with_capacity(ids.chunk_by(|a, b| a == b).count());
    out.extend(ids.chunk_by(|a, b| a == b).map(|run| (run[0], 1.0 + (run.len() as f32).ln())));
    out
}

/// Euclidean length of a sparse vector.
pub(crate) fn norm(v: &[(u32, f32)]) -> f32 {
    v.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt()
}

/// Dot product of two id-sorted sparse vectors.
pub(crate) fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// A short sparse vector set up for dot products with many longer ones (an article against
/// its candidate events' centroids, which hold hundreds of terms where the article has tens).
///
/// A bit per id hash marks the ids it may hold, so most entries of the long vector are passed
/// over after one bit test, where [`dot`]'s merge takes a hard-to-predict branch at each step.
/// Matches are summed in id order, as in [`dot`], so the result is the same to the bit.
pub(crate) struct Probe<'a> {
    v: &'a [(u32, f32)],
    bits: [u64; PROBE_WORDS],
}

/// Words of a [`Probe`]'s bit set: 4,096 bits, for vectors of up to about a hundred ids.
const PROBE_WORDS: usize = 64;

impl<'a> Probe<'a> {
    /// Sets up `v`, an id-sorted sparse vector.
    pub(crate) fn new(v: &'a [(u32, f32)]) -> Probe<'a> {
        let mut bits = [0u64; PROBE_WORDS];
        for &(id, _) in v {
            let (word, bit) = Probe::slot(id);
            bits[word] |= 1 << bit;
        }
        Probe { v, bits }
    }

    /// Word and bit of `id` (ids are hashes, so their low bits are well spread).
    fn slot(id: u32) -> (usize, u32) {
        ((id as usize >> 6) % PROBE_WORDS, id & 63)
    }

    /// `dot(v, long)`.
    pub(crate) fn dot(&self, long: &[(u32, f32)]) -> f32 {
        let (v, mut i, mut s) = (self.v, 0, 0.0);
        let Some(&(last, _)) = v.last() else { return 0.0 };
        for &(id, w) in long {
            let (word, bit) = Probe::slot(id);
            if self.bits[word] >> bit & 1 == 0 {
                continue;
            }
            if id > last {
                break;
            }
            while v[i].0 < id {
                i += 1;
            }
            if v[i].0 == id {
                s += v[i].1 * w;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_dot_equals_the_merge_dot_to_the_bit() {
        // Pseudo-random sparse vectors of many lengths and overlaps, ids spread like hashes.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let pool: Vec<u32> = (0..600).map(|_| next() as u32).collect();
        let mut vector = |n: usize| {
            let mut v: Sparse =
                (0..n).map(|_| (pool[next() as usize % pool.len()], (next() % 1000) as f32 / 997.0)).collect();
            v.sort_unstable_by_key(|p| p.0);
            v.dedup_by_key(|p| p.0);
            v
        };
        for (short, long) in [(0, 5), (1, 1), (3, 0), (40, 300), (96, 900), (96, 60), (200, 400)] {
            for _ in 0..20 {
                let (a, b) = (vector(short), vector(long));
                assert_eq!(Probe::new(&a).dot(&b).to_bits(), dot(&a, &b).to_bits(), "{short}x{long}");
            }
        }
        let a = [(5, 2.0), (64 * 64 + 5, 3.0)];
        assert_eq!(Probe::new(&a).dot(&[(5, 1.0), (7, 1.0), (64 * 64 + 5, 1.0), (u32::MAX, 9.0)]), 5.0);
    }

    #[test]
    fn tf_is_sublinear_and_sorted() {
        let v = tf(&mut [5, 3, 5, 5]);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0], (3, 1.0));
        assert!((v[1].1 - (1.0 + 3f32.ln())).abs() < 1e-6);
        assert_eq!(dot(&v, &[(3, 2.0), (4, 9.0)]), 2.0);
    }

    #[test]
    fn all_terms_are_the_sorted_distinct_ids_of_every_vector() {
        let f = Features::extract(
            "Rubio announces transfer of 17 gang members",
            "Marco Rubio said 17 members were sent to El Salvador.",
            "Marco Rubio said 17 members were sent to El Salvador.\n\nThe prison holds 14,000 inmates; Rubio spoke.",
        );
        let mut want: Vec<u32> =
            [&f.title, &f.lead, &f.body, &f.ents].iter().flat_map(|v| v.iter().map(|p| p.0)).collect();
        want.sort_unstable();
        want.dedup();
        assert!(want.len() > 10);
        assert_eq!(f.all_terms(), want);
        assert_eq!(union(&[1, 3, 5], &[2, 3, 9]), [1, 2, 3, 5, 9]);
        assert_eq!(union(&[], &[4]), [4]);
    }

    #[test]
    fn features_separate_kinds_of_evidence() {
        let f = Features::extract(
            "Rubio announces transfer of 17 gang members",
            "Marco Rubio said 17 members of Tren de Aragua were sent to El Salvador.",
            "Marco Rubio said 17 members of Tren de Aragua were sent to El Salvador.\n\nThe prison holds 14,000 inmates.",
        );
        assert!(f.title.iter().any(|p| p.0 == term_id("rubio")));
        assert!(f.ents.iter().any(|p| p.0 == term_id("#17")));
        assert!(f.ents.iter().any(|p| p.0 == term_id("#14000")));
        assert!(f.ents.iter().any(|p| p.0 == term_id("@marco rubio")));
        assert!(!f.headline_only);
        assert!(Features::extract("Only a headline here", "", "").headline_only);
    }
}
