//! Near-duplicate lookup: locality-sensitive hashing over MinHash signatures.
//!
//! Each signature is cut into bands; two texts that agree on a whole band become
//! candidates and are then compared on the full signature. Finding copies costs
//! about the same per article whatever the site's size: no pairwise comparison.

use crate::text::shingle::{SIG_LEN, Signature, similarity};
use rustc_hash::FxHashMap as HashMap;

/// Rows per band; with 32 hashes, 16 bands of 2.
const ROWS: usize = 2;
/// Estimated Jaccard similarity of shingles at which two texts count as copies.
pub(super) const NEAR_DUP: f32 = 0.6;

/// Bands per signature.
const BANDS: usize = SIG_LEN / ROWS;
/// End of a bucket's chain.
const NONE: u32 = u32::MAX;

/// Signatures seen so far, indexed by band.
///
/// Each band's buckets are chains threaded through flat arrays (the newest entry first), so
/// adding an article allocates nothing per bucket and the index frees in a few large blocks.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(super) struct NearDupIndex {
    /// Per band: band value → newest entry with it.
    heads: Vec<HashMap<u64, u32>>,
    /// Per entry and band: the previous entry with the same band value, or `NONE`.
    next: Vec<[u32; BANDS]>,
    sigs: Vec<Signature>,
    /// The `order` each entry was added with.
    orders: Vec<usize>,
}

fn band_key(sig: &Signature, band: usize) -> u64 {
    let rows = &sig[band * ROWS..(band + 1) * ROWS];
    rows.iter().fold(0u64, |h, &r| h.rotate_left(32) ^ u64::from(r))
}

impl NearDupIndex {
    /// The most similar earlier article that is a copy of this one, with its similarity; ties go to the earliest added.
    pub(super) fn find(&self, sig: &Signature) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for (band, heads) in self.heads.iter().enumerate() {
            let mut k = heads.get(&band_key(sig, band)).copied().unwrap_or(NONE);
            while k != NONE {
                let (other, s) = (self.orders[k as usize], similarity(sig, &self.sigs[k as usize]));
                if s >= NEAR_DUP && best.is_none_or(|(b, bs)| s > bs || (s == bs && other < b)) {
                    best = Some((other, s));
                }
                k = self.next[k as usize][band];
            }
        }
        best
    }

    /// Adds article `i`; `order` must increase with each call so "earliest" is well defined.
    pub(super) fn insert(&mut self, order: usize, sig: Signature) {
        if self.heads.is_empty() {
            self.heads = vec![HashMap::default(); BANDS];
        }
        let k = self.sigs.len() as u32;
        let mut next = [NONE; BANDS];
        for (band, heads) in self.heads.iter_mut().enumerate() {
            next[band] = heads.insert(band_key(&sig, band), k).unwrap_or(NONE);
        }
        self.next.push(next);
        self.sigs.push(sig);
        self.orders.push(order);
    }

    /// Whether every link and order is in range, for an index of articles numbered below `orders`
    /// (see the pass's snapshot): then [`NearDupIndex::find`] cannot index out of bounds.
    pub(super) fn consistent(&self, orders: usize) -> bool {
        let entries = self.sigs.len();
        let link = |k: u32| k == NONE || (k as usize) < entries;
        [self.next.len(), self.orders.len()].iter().all(|&l| l == entries)
            && (self.heads.is_empty() || self.heads.len() == BANDS)
            && self.heads.iter().flat_map(|h| h.values()).all(|&k| k != NONE && link(k))
            // Each chain runs to earlier entries only, so following one always ends.
            && self.next.iter().enumerate().all(|(k, n)| n.iter().all(|&j| j == NONE || (j as usize) < k))
            && self.orders.iter().all(|&o| o < orders)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(seed: u32) -> Signature {
        std::array::from_fn(|k| seed.wrapping_mul(2_654_435_761).wrapping_add(k as u32 * 40_503))
    }

    #[test]
    fn finds_the_earliest_best_copy_and_nothing_else() {
        let mut idx = NearDupIndex::default();
        let a = sig(1);
        let mut near = a;
        near[..8].copy_from_slice(&sig(9)[..8]); // 24 of 32 hashes equal: 0.75
        idx.insert(10, sig(2));
        idx.insert(11, near);
        idx.insert(12, a);
        idx.insert(13, a);
        assert_eq!(idx.find(&a), Some((12, 1.0)), "exact copies beat near ones; ties go to the earliest");
        assert_eq!(idx.find(&sig(3)), None);
        let mut far = a;
        far[..16].copy_from_slice(&sig(9)[..16]); // 0.5 with `a`, below the copy threshold
        assert_eq!(idx.find(&far).map(|p| p.0), Some(11), "{:?}", idx.find(&far));
    }
}
