//! MinHash signatures of word 5-shingles, for finding syndicated and wire copies.

/// Number of hash functions in a signature.
pub(crate) const SIG_LEN: usize = 32;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Texts with fewer shingles than this get no signature: too short to call a copy.
const MIN_SHINGLES: usize = 20;

/// A MinHash signature; the fraction of equal entries estimates the Jaccard similarity of two texts' shingle sets.
pub(crate) type Signature = [u32; SIG_LEN];

/// Start of every shingle's hash chain.
const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser: cheap, well-spread, deterministic.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Signature of a text given as the ids of its lower-cased words (see `tokens::stem_and_shingle_ids`),
/// or `None` when it is too short.
pub(crate) fn minhash(words: &[u32]) -> Option<Signature> {
    if words.len() < SHINGLE + MIN_SHINGLES - 1 {
        return None;
    }
    // One-permutation hashing: each shingle is hashed once and lands in one of SIG_LEN bins,
    // which keeps its minimum; far cheaper than SIG_LEN hash functions, same estimate.
    let mut sig = [u32::MAX; SIG_LEN];
    let mut keep = |h: u64| {
        let bin = (h >> 59) as usize % SIG_LEN;
        sig[bin] = sig[bin].min(h as u32);
    };
    // Each shingle's hash is a chain of dependent multiplications; hashing four shingles side by
    // side lets the processor overlap their chains. A bin keeps its minimum, whatever the order.
    let quads = words.windows(SHINGLE + 3).step_by(4);
    let done = quads.len() * 4;
    for w in quads {
        let mut h = [SEED; 4];
        for k in 0..SHINGLE {
            for (j, h) in h.iter_mut().enumerate() {
                *h = mix(*h ^ u64::from(w[j + k]));
            }
        }
        h.into_iter().for_each(|h| keep(mix(h)));
    }
    for win in words[done..].windows(SHINGLE) {
        keep(mix(win.iter().fold(SEED, |acc, &w| mix(acc ^ u64::from(w)))));
    }
    // Empty bins borrow from the next filled one (rotation densification), so short texts compare fairly.
    for k in 0..SIG_LEN {
        if sig[k] == u32::MAX {
            let mut j = (k + 1) % SIG_LEN;
            while sig[j] == u32::MAX && j != k {
                j = (j + 1) % SIG_LEN;
            }
            sig[k] = sig[j].wrapping_add(k as u32);
        }
    }
    Some(sig)
}

/// Estimated Jaccard similarity of two signatures.
pub(crate) fn similarity(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / SIG_LEN as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minhash(text: &str) -> Option<Signature> {
        super::minhash(&crate::text::tokens::shingle_ids(text))
    }

    const TEXT: &str = "The Homeland Security Secretary toured the maximum security prison in El Salvador on Wednesday, \
        where more than two hundred Venezuelans deported by the United States are being held, before meeting the \
        president to discuss deportation flights and security cooperation between the two countries this week.";

    #[test]
    fn four_at_a_time_hashing_gives_the_plain_signature() {
        // The plain definition: every shingle hashed on its own, each bin keeping its minimum.
        let plain = |words: &[u32]| {
            let mut sig = [u32::MAX; SIG_LEN];
            for win in words.windows(SHINGLE) {
                let h = mix(win.iter().fold(SEED, |acc, &w| mix(acc ^ u64::from(w))));
                let bin = (h >> 59) as usize % SIG_LEN;
                sig[bin] = sig[bin].min(h as u32);
            }
            sig
        };
        let mut seed = 1u64;
        for n in (SHINGLE + MIN_SHINGLES - 1)..(SHINGLE + MIN_SHINGLES + 40) {
            let words: Vec<u32> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    (seed >> 40) as u32
                })
                .collect();
            let got = super::minhash(&words).unwrap();
            let want = plain(&words);
            // Bins the plain pass filled agree exactly (empty ones are then filled from their neighbours).
            for k in (0..SIG_LEN).filter(|&k| want[k] != u32::MAX) {
                assert_eq!(got[k], want[k], "{n} words, bin {k}");
            }
        }
    }

    #[test]
    fn copies_are_similar_and_other_texts_are_not() {
        let a = minhash(TEXT).unwrap();
        let edited = TEXT.replace("this week", "on Thursday").replace("toured", "visited");
        let b = minhash(&edited).unwrap();
        let other =
            minhash(&"Officials announced a new budget for schools and hospitals in the capital city. ".repeat(3))
                .unwrap();
        assert!(similarity(&a, &b) > 0.5, "{}", similarity(&a, &b));
        assert!(similarity(&a, &other) < 0.2);
        assert_eq!(similarity(&a, &a), 1.0);
        assert!(minhash("too short to matter").is_none());
    }
}
