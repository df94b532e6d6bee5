//! Related events: the nearest other events by content, found through an inverted index.
//!
//! One story over several days often splits into events (a visit, then a transfer
//! announced days later). Linking each event to its nearest neighbours lets
//! readers follow the story, and lets figures be compared across it.

use super::{ArticleIx, EventIx};
use crate::cluster::score::{Centroid, Idf};
use crate::text::{Features, Sparse, dot, norm};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// Terms per event used to find neighbours.
const QUERY_TERMS: usize = 20;
/// Terms per event kept for the similarity: the heaviest carry nearly all of it, and keeping
/// every term of every event would hold tens of megabytes per ten thousand events.
const KEPT_TERMS: usize = 64;
/// Related events listed per event.
pub(super) const MAX_RELATED: usize = 3;
/// Least similarity for two events to count as related.
pub(super) const MIN_SIMILARITY: f32 = 0.12;

/// For each event (given as member lists), its related events with their similarity, best first.
/// The similarity is the cosine of the events' vectors cut to each one's [`KEPT_TERMS`] heaviest terms.
/// `idf`: the document frequencies of all of `features`, when already counted.
pub(super) fn related(features: &[Features], events: &[&[ArticleIx]], idf: Option<Idf>) -> Vec<Vec<(EventIx, f32)>> {
    let idf = idf.unwrap_or_else(|| {
        let mut idf = Idf::default();
        features.iter().for_each(|f| idf.observe(f));
        idf
    });
    // One vector per event: the normalised sum of its members' text and name vectors.
    let vectors: Vec<Sparse> = events
        .par_iter()
        .with_max_len(crate::parallel::PAR_LEAF)
        .map(|members| {
            let weighed: Vec<Sparse> = members
                .iter()
                .map(|&m| &features[m])
                .flat_map(|f| [idf.weigh_vector(f, &f.body), idf.weigh_vector(f, &f.ents)])
                .collect();
            let c = Centroid::sum_of(weighed.iter());
            let length = c.norm.max(f32::MIN_POSITIVE);
            let mut v: Sparse = c.v.into_iter().map(|(id, x)| (id, x / length)).collect();
            if v.len() > KEPT_TERMS {
                v.select_nth_unstable_by(KEPT_TERMS - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                v.truncate(KEPT_TERMS);
                v.shrink_to_fit();
                v.sort_unstable_by_key(|p| p.0);
                let length = norm(&v).max(f32::MIN_POSITIVE);
                v.iter_mut().for_each(|p| p.1 /= length);
            }
            v
        })
        .collect();
    let top = |v: &Sparse| -> Vec<u32> {
        let mut t: Vec<(f32, u32)> = v.iter().map(|&(id, x)| (x, id)).collect();
        t.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        t.into_iter().take(QUERY_TERMS).map(|p| p.1).collect()
    };
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::default();
    let tops: Vec<Vec<u32>> = vectors.par_iter().map(top).collect();
    for (e, terms) in tops.iter().enumerate() {
        for &t in terms {
            postings.entry(t).or_default().push(e);
        }
    }
    tops.par_iter()
        .with_max_len(crate::parallel::PAR_LEAF)
        .enumerate()
        .map(|(e, terms)| {
            let mut cands: Vec<usize> =
                terms.iter().flat_map(|t| postings[t].iter().copied()).filter(|&o| o != e).collect();
            cands.sort_unstable();
            cands.dedup();
            let mut scored: Vec<(EventIx, f32)> = cands
                .into_iter()
                .map(|o| (EventIx::new(o), dot(&vectors[e], &vectors[o])))
                .filter(|&(_, s)| s >= MIN_SIMILARITY)
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(MAX_RELATED);
            scored
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_share_content() {
        let f = |t: &str| Features::extract(t, t, t);
        let features = vec![
            f("Noem tours CECOT prison in El Salvador with Bukele"),
            f("Rubio: 17 gang members sent to CECOT prison in El Salvador"),
            f("Central bank raises interest rates to fight inflation"),
        ];
        let events = [[ArticleIx::new(0)], [ArticleIx::new(1)], [ArticleIx::new(2)]];
        let events: Vec<&[ArticleIx]> = events.iter().map(|e| &e[..]).collect();
        let r = related(&features, &events, None);
        let mut idf = Idf::default();
        features.iter().for_each(|f| idf.observe(f));
        assert_eq!(related(&features, &events, Some(idf)), r, "counted frequencies give the same links");
        assert_eq!(r[0].iter().map(|p| p.0.index()).collect::<Vec<_>>(), vec![1]);
        assert_eq!(r[1].iter().map(|p| p.0.index()).collect::<Vec<_>>(), vec![0]);
        assert!(r[2].is_empty());
    }
}
