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
pub const NEAR_DUP: f32 = 0.6;

/// Signatures seen so far, indexed by band.
#[derive(Default)]
pub struct NearDupIndex {
    buckets: HashMap<(u8, u64), Vec<usize>>,
    sigs: HashMap<usize, Signature>,
}

fn band_key(sig: &Signature, band: usize) -> (u8, u64) {
    let rows = &sig[band * ROWS..(band + 1) * ROWS];
    (band as u8, rows.iter().fold(0u64, |h, &r| h.rotate_left(32) ^ u64::from(r)))
}

impl NearDupIndex {
    /// The most similar earlier article that is a copy of this one, with its similarity; ties go to the earliest added.
    pub fn find(&self, sig: &Signature) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for band in 0..SIG_LEN / ROWS {
            for &other in self.buckets.get(&band_key(sig, band)).into_iter().flatten() {
                let s = similarity(sig, &self.sigs[&other]);
                if s >= NEAR_DUP && best.is_none_or(|(b, bs)| s > bs || (s == bs && other < b)) {
                    best = Some((other, s));
                }
            }
        }
        best
    }

    /// Adds article `i`; `order` must increase with each call so "earliest" is well defined.
    pub fn insert(&mut self, order: usize, sig: Signature) {
        for band in 0..SIG_LEN / ROWS {
            self.buckets.entry(band_key(&sig, band)).or_default().push(order);
        }
        self.sigs.insert(order, sig);
    }
}
