//! Tokenizing: stems for topical terms, and names and figures for identity.

use super::stop::is_stop;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// FNV-1a, 64 bits, fed in pieces: term ids and word-cache keys are computed without first
/// building the string they hash.
#[derive(Clone, Copy)]
pub(super) struct Fnv(pub(super) u64);

impl Fnv {
    pub(super) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(super) fn write(mut self, bytes: &[u8]) -> Fnv {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// The 32-bit term id.
    pub(super) fn id(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// A stable 32-bit id for a term, so features can be built in parallel without a shared dictionary.
///
/// FNV-1a over the bytes, folded from 64 bits; collisions among a site's few hundred
/// thousand terms are rare and only blur two terms' weights.
pub(crate) fn term_id(term: &str) -> u32 {
    Fnv::new().write(term.as_bytes()).id()
}

/// Normalises one raw word the way the background table was built: lower case, no possessive.
pub(super) fn normalise(word: &str) -> String {
    let w = word.to_lowercase().replace('’', "'");
    w.strip_suffix("'s").map(str::to_string).unwrap_or(w)
}

/// Words of running text: letters, digits and apostrophes; everything else separates.
///
/// The same words as `split(|c| !(c.is_alphanumeric() || c == '\'' || c == '’'))` without empty
/// pieces, but scanning bytes and decoding only non-ASCII characters.
pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    // (part of a word?, byte length) of the character at `i`.
    let class = move |i: usize| {
        let b = bytes[i];
        if b < 0x80 {
            (b.is_ascii_alphanumeric() || b == b'\'', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric() || c == '’', c.len_utf8())
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            if i >= bytes.len() {
                return None;
            }
            let (word, len) = class(i);
            if word {
                break;
            }
            i += len;
        }
        let start = i;
        while i < bytes.len() {
            let (word, len) = class(i);
            if !word {
                break;
            }
            i += len;
        }
        Some(&text[start..i])
    })
}

/// Stemmed, stop-worded terms of `text`, in order: the plain definition the fast id path is tested
/// against.
#[cfg(test)]
pub(crate) fn stems(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).flat_map(word_stems)
}

/// Stemmed, stop-worded terms of one word ("mega-prison's" → "mega", "prison").
pub(super) fn word_stems(w: &str) -> Vec<String> {
    let n = normalise(w);
    n.split(|c: char| !c.is_alphanumeric())
        .filter(|p| p.chars().count() >= 2 && !p.chars().all(|c| c.is_ascii_digit()) && !is_stop(p))
        .map(|p| stemmer().stem(p).into_owned())
        .collect()
}

/// Most stems one cached word keeps; words with more (rare) are stemmed at each use.
const CACHED_STEMS: usize = 3;

/// What analysis needs of one distinct word, computed once per thread.
#[derive(Clone, Copy)]
struct WordInfo {
    /// Term ids of its stems; `n` of them are used, or `None` when there are too many to cache.
    ids: [u32; CACHED_STEMS],
    n: Option<u8>,
    /// The background-prior IDF of each stem ([`super::prior::prior_idf_by_id`]): looked up
    /// once per distinct word rather than once per article in a table too large for the caches.
    priors: [f32; CACHED_STEMS],
    /// Term id of the whole word in lower case, for shingles.
    lower: u32,
    /// Whether it may be (part of) a figure: it has a digit or a number word ("two", "dozens").
    figure: bool,
}

impl WordInfo {
    fn of(w: &str) -> WordInfo {
        let stems = word_stems(w);
        let mut ids = [0; CACHED_STEMS];
        let n = (stems.len() <= CACHED_STEMS).then(|| {
            stems.iter().zip(&mut ids).for_each(|(s, id)| *id = term_id(s));
            stems.len() as u8
        });
        WordInfo {
            priors: ids.map(super::prior::prior_idf_by_id),
            ids,
            n,
            lower: term_id(&w.to_lowercase().replace('’', "'")),
            figure: crate::figures::may_state_a_figure(w),
        }
    }

    fn push_stems(&self, w: &str, out: &mut Vec<u32>) {
        match self.n {
            Some(n) => out.extend_from_slice(&self.ids[..usize::from(n)]),
            None => out.extend(word_stems(w).iter().map(|s| term_id(s))),
        }
    }

    /// [`WordInfo::push_stems`], each id packed with its prior IDF (see [`with_prior`]).
    fn push_stems_with_priors(&self, w: &str, out: &mut Vec<u64>) {
        match self.n {
            Some(n) => {
                let n = usize::from(n);
                out.extend(self.ids[..n].iter().zip(&self.priors[..n]).map(|(&id, &p)| pack(id, p)));
            }
            None => out.extend(word_stems(w).iter().map(|s| with_prior(term_id(s)))),
        }
    }
}

/// Distinct words a per-thread cache holds before it starts over, so a long-running `serve`
/// cannot grow it without limit.
pub(super) const CACHE_WORDS: usize = 500_000;

thread_local! {
    /// Raw word (by 64-bit hash) → its stems and shingle id. News text is Zipf-distributed, so
    /// nearly every word is a hit and each distinct word is normalised and stemmed once per thread.
    static WORDS: std::cell::RefCell<rustc_hash::FxHashMap<u64, WordInfo>> = Default::default();
}

/// The cache key of word `w`, a slice of `text`: for the words of up to eight bytes (most of
/// them) the bytes themselves, read at once, which is exact and far cheaper than hashing byte by
/// byte; longer words are hashed. Words hold no zero bytes, so a short word's zero padding cannot
/// make two short words' keys equal.
fn word_key(text: &str, w: &str) -> u64 {
    let b = w.as_bytes();
    if b.len() > 8 {
        return Fnv::new().write(b).0;
    }
    let start = w.as_ptr() as usize - text.as_ptr() as usize;
    match text.as_bytes().get(start..start + 8) {
        // The word and whatever follows it; the bytes past its end are masked off.
        Some(eight) => {
            let raw = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            raw & (u64::MAX >> (8 * (8 - b.len())))
        }
        None => {
            let mut k = [0u8; 8];
            k[..b.len()].copy_from_slice(b);
            u64::from_le_bytes(k)
        }
    }
}

/// Runs `f` on each word of `text` with its (cached) analysis.
fn each_word(text: &str, mut f: impl FnMut(&str, &WordInfo)) {
    WORDS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() > CACHE_WORDS {
            cache.clear();
        }
        for w in words(text) {
            let info = cache.entry(word_key(text, w)).or_insert_with(|| WordInfo::of(w));
            f(w, info);
        }
    })
}

/// Appends the term ids of the stemmed, stop-worded terms of `text` to `out`, hashed with
/// [`term_id`], without allocating per word (the tests compare it with the plain `stems`).
pub(super) fn stem_ids(text: &str, out: &mut Vec<u32>) {
    each_word(text, |w, info| info.push_stems(w, out));
}

/// A term id with its background-prior IDF in one number that sorts by id: the id in the high
/// half, the IDF's bits in the low half (equal ids have equal priors).
fn pack(id: u32, prior: f32) -> u64 {
    (u64::from(id) << 32) | u64::from(prior.to_bits())
}

/// [`pack`] of `id` and its prior IDF, looked up.
fn with_prior(id: u32) -> u64 {
    pack(id, super::prior::prior_idf_by_id(id))
}

/// The id and prior IDF in a [`pack`]ed number.
pub(super) fn unpack(x: u64) -> (u32, f32) {
    ((x >> 32) as u32, f32::from_bits(x as u32))
}

/// [`stem_ids`] of `text`, each with its prior IDF ([`pack`]) from the word cache.
pub(super) fn stem_ids_with_priors(text: &str, out: &mut Vec<u64>) {
    each_word(text, |w, info| info.push_stems_with_priors(w, out));
}

/// [`stem_ids_with_priors`] of `text`, in `shingles` the id of each
/// lower-cased word, for MinHash, and in `figures` the byte offset of each word that may be part
/// of a figure; one pass.
pub(super) fn stem_and_shingle_ids(text: &str, out: &mut Vec<u64>, shingles: &mut Vec<u32>, figures: &mut Vec<usize>) {
    each_word(text, |w, info| {
        info.push_stems_with_priors(w, out);
        shingles.push(info.lower);
        if info.figure {
            figures.push(w.as_ptr() as usize - text.as_ptr() as usize);
        }
    });
}

/// Lower-cased word ids of `text`, the input of [`super::shingle::minhash`].
#[cfg(test)]
pub(super) fn shingle_ids(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    each_word(text, |_, info| out.push(info.lower));
    out
}

/// Stems a single lower-case word, as the background table does.
pub(super) fn stem_word(word: &str) -> String {
    stemmer().stem(&normalise(word)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_stop_words_possessives_and_digits() {
        let s: Vec<String> = stems("The deportations of Noem’s prisoners, 2025 and U.S. visits").collect();
        assert_eq!(s, vec!["deport", "noem", "prison", "visit"]);
    }

    #[test]
    fn fast_ids_match_the_plain_stems() {
        let text = "The deportations of Noem’s prisoners, 2025 and U.S. visits; don't DEPORT";
        let mut ids = Vec::new();
        stem_ids(text, &mut ids);
        stem_ids(text, &mut ids);
        let plain: Vec<u32> = stems(text).map(|s| term_id(&s)).collect();
        assert_eq!(ids, [plain.clone(), plain].concat());
    }

    #[test]
    fn words_split_like_the_plain_rule() {
        let text = "Noem’s visit—to CECOT, “El Salvador’s” mega-prison; don't 14,000 ÉTÉ naïve 北京 x";
        let plain: Vec<&str> =
            text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()).collect();
        assert_eq!(words(text).collect::<Vec<_>>(), plain);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" ,. ").count(), 0);
    }

    #[test]
    fn short_words_are_keyed_by_their_bytes_wherever_they_sit() {
        let text = "a ab Noem’s prisoners x12345678 é 9";
        for w in words(text) {
            let mut own = [0u8; 8];
            let n = w.len().min(8);
            own[..n].copy_from_slice(&w.as_bytes()[..n]);
            let want = if w.len() <= 8 { u64::from_le_bytes(own) } else { Fnv::new().write(w.as_bytes()).0 };
            assert_eq!(word_key(text, w), want, "{w}");
            // The same word alone (no bytes after it to read) gets the same key.
            assert_eq!(word_key(w, w), want, "{w}");
        }
        assert_ne!(word_key("ab", "ab"), word_key("a", "a"));
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(term_id("prison"), term_id("prison"));
        assert_ne!(term_id("prison"), term_id("prisons"));
    }
}
