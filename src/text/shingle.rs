//! MinHash signatures of word 5-shingles, for finding syndicated and wire copies.

/// Number of hash functions in a signature.
pub const SIG_LEN: usize = 32;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Texts with fewer shingles than this get no signature: too short to call a copy.
const MIN_SHINGLES: usize = 20;

/// A MinHash signature; the fraction of equal entries estimates the Jaccard similarity of two texts' shingle sets.
pub type Signature = [u32; SIG_LEN];

fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser: cheap, well-spread, deterministic.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Signature of `text`, or `None` when it is too short.
pub fn minhash(text: &str) -> Option<Signature> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| u64::from(super::term_id(&w.to_lowercase())))
        .collect();
    if words.len() < SHINGLE + MIN_SHINGLES - 1 {
        return None;
    }
    let mut sig = [u32::MAX; SIG_LEN];
    for win in words.windows(SHINGLE) {
        let h = win.iter().fold(0x9e37_79b9_7f4a_7c15u64, |acc, &w| mix(acc ^ w));
        for (k, slot) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ (k as u64).wrapping_mul(0xa076_1d64_78bd_642f)) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(sig)
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / SIG_LEN as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The Homeland Security Secretary toured the maximum security prison in El Salvador on Wednesday, \
        where more than two hundred Venezuelans deported by the United States are being held, before meeting the \
        president to discuss deportation flights and security cooperation between the two countries this week.";

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
