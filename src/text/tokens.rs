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
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(mut self, bytes: &[u8]) -> Fnv {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// The 32-bit term id.
    fn id(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// A stable 32-bit id for a term, so features can be built in parallel without a shared dictionary.
///
/// FNV-1a over the bytes, folded from 64 bits; collisions among a site's few hundred
/// thousand terms are rare and only blur two terms' weights.
pub fn term_id(term: &str) -> u32 {
    Fnv::new().write(term.as_bytes()).id()
}

/// Normalises one raw word the way the background table was built: lower case, no possessive.
fn normalise(word: &str) -> String {
    let w = word.to_lowercase().replace('’', "'");
    w.strip_suffix("'s").map(str::to_string).unwrap_or(w)
}

/// Words of running text: letters, digits and apostrophes; everything else separates.
///
/// The same words as `split(|c| !(c.is_alphanumeric() || c == '\'' || c == '’'))` without empty
/// pieces, but scanning bytes and decoding only non-ASCII characters.
fn words(text: &str) -> impl Iterator<Item = &str> {
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

/// Stemmed, stop-worded terms of `text`, in order.
pub fn stems(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).flat_map(word_stems)
}

/// Stemmed, stop-worded terms of one word ("mega-prison's" → "mega", "prison").
fn word_stems(w: &str) -> Vec<String> {
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
    /// Term id of the whole word in lower case, for shingles.
    lower: u32,
}

impl WordInfo {
    fn of(w: &str) -> WordInfo {
        let stems = word_stems(w);
        let mut ids = [0; CACHED_STEMS];
        let n = (stems.len() <= CACHED_STEMS).then(|| {
            stems.iter().zip(&mut ids).for_each(|(s, id)| *id = term_id(s));
            stems.len() as u8
        });
        WordInfo { ids, n, lower: term_id(&w.to_lowercase().replace('’', "'")) }
    }

    fn push_stems(&self, w: &str, out: &mut Vec<u32>) {
        match self.n {
            Some(n) => out.extend_from_slice(&self.ids[..usize::from(n)]),
            None => out.extend(word_stems(w).iter().map(|s| term_id(s))),
        }
    }
}

/// Distinct words a per-thread cache holds before it starts over, so a long-running `serve`
/// cannot grow it without limit.
const CACHE_WORDS: usize = 500_000;

thread_local! {
    /// Raw word (by 64-bit hash) → its stems and shingle id. News text is Zipf-distributed, so
    /// nearly every word is a hit and each distinct word is normalised and stemmed once per thread.
    static WORDS: std::cell::RefCell<rustc_hash::FxHashMap<u64, WordInfo>> = Default::default();
}

/// Runs `f` on each word of `text` with its (cached) analysis.
fn each_word(text: &str, mut f: impl FnMut(&str, &WordInfo)) {
    WORDS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() > CACHE_WORDS {
            cache.clear();
        }
        for w in words(text) {
            let info = cache.entry(Fnv::new().write(w.as_bytes()).0).or_insert_with(|| WordInfo::of(w));
            f(w, info);
        }
    })
}

/// Appends the term ids of the stemmed, stop-worded terms of `text` to `out`; the same terms as
/// [`stems`], hashed with [`term_id`], without allocating per word.
pub fn stem_ids(text: &str, out: &mut Vec<u32>) {
    each_word(text, |w, info| info.push_stems(w, out));
}

/// [`stem_ids`] of `text`, and in `shingles` the id of each lower-cased word, for MinHash; one pass.
pub fn stem_and_shingle_ids(text: &str, out: &mut Vec<u32>, shingles: &mut Vec<u32>) {
    each_word(text, |w, info| {
        info.push_stems(w, out);
        shingles.push(info.lower);
    });
}

/// Lower-cased word ids of `text`, the input of [`super::shingle::minhash`].
pub fn shingle_ids(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    each_word(text, |_, info| out.push(info.lower));
    out
}

/// Readable names for an article's term ids: the first word that produced each stem, and each name or figure.
pub fn term_names(text: &str) -> std::collections::HashMap<u32, String> {
    let mut names = std::collections::HashMap::new();
    for w in words(text) {
        for s in word_stems(w) {
            names.entry(term_id(&s)).or_insert_with(|| normalise(w));
        }
    }
    for e in entities(text) {
        let shown = e.trim_start_matches(['@', '#']).to_string();
        names.entry(term_id(&e)).or_insert(shown);
    }
    names
}

/// Stems a single lower-case word, as the background table does.
pub fn stem_word(word: &str) -> String {
    stemmer().stem(&normalise(word)).into_owned()
}

/// Words that may sit inside a multi-word name ("Tren de Aragua", "Department of Homeland Security").
const CONNECTORS: &[&str] =
    &["al", "da", "de", "del", "der", "des", "di", "do", "dos", "du", "la", "le", "of", "van", "von"];

/// What name-finding needs of one distinct word, computed once per thread.
struct NameWord {
    /// Lower case, no possessive, no dots ("U.S." → "us"): its form inside a name.
    lower: Box<str>,
    /// Too common in general English to be a name on its own ("President").
    common: bool,
    stop: bool,
    connector: bool,
    /// Background document probability of its rarest stem (1 when it has none).
    prior: f64,
}

impl NameWord {
    fn of(word: &str) -> NameWord {
        let lower = normalise(word).replace('.', "");
        let stop = is_stop(&lower);
        let mut ids = Vec::new();
        stem_ids(&lower, &mut ids);
        NameWord {
            common: stop || super::zipf(&stem_word(&lower)) >= 4.6,
            stop,
            connector: CONNECTORS.contains(&lower.as_str()),
            prior: ids.into_iter().map(super::background_doc_prob).fold(1.0, f64::min),
            lower: lower.into(),
        }
    }
}

/// Name words seen by this thread: raw word (by 64-bit hash) → index into `words`.
#[derive(Default)]
struct NameCache {
    index: rustc_hash::FxHashMap<u64, u32>,
    words: Vec<NameWord>,
}

impl NameCache {
    fn get(&mut self, word: &str) -> u32 {
        let next = self.words.len() as u32;
        let words = &mut self.words;
        *self.index.entry(Fnv::new().write(word.as_bytes()).0).or_insert_with(|| {
            words.push(NameWord::of(word));
            next
        })
    }
}

thread_local! {
    static NAMES: std::cell::RefCell<NameCache> = Default::default();
}

/// A name or figure found in text.
enum Found<'a> {
    /// A number, without thousands separators or trailing `.0` ("14000").
    Figure(&'a str),
    /// A name: its words, as indexes into the thread's [`NameCache`].
    Name(&'a [u32]),
}

/// Finds names (capitalised sequences) and figures (numbers) in `text`, calling `emit` for each.
///
/// A multi-word name yields the whole name and each rare word in it, so "Ms. Noem"
/// still matches "Kristi Noem". Capitalised common words at a sentence start are skipped.
fn scan_entities(text: &str, mut emit: impl FnMut(&NameCache, Found)) {
    NAMES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.words.len() > CACHE_WORDS {
            *cache = NameCache::default();
        }
        let mut seq: Vec<u32> = Vec::new();
        let (mut sentence_start, mut seq_at_start) = (true, false);
        for raw in text.split_whitespace() {
            // Most words are plain lower-case ones: they only end or continue a name.
            if raw.bytes().all(|b| b.is_ascii_lowercase()) {
                if !seq.is_empty() && CONNECTORS.contains(&raw) {
                    let k = cache.get(raw);
                    seq.push(k);
                } else {
                    flush_name(&cache, &mut seq, seq_at_start, &mut emit);
                }
                sentence_start = false;
                continue;
            }
            let ends_sentence = raw.ends_with(['.', '!', '?', ':', '"', '”']) && !is_abbreviation(raw);
            let breaks = ends_sentence || raw.ends_with([',', ';', ')', '"', '”']);
            let word = raw.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-' || c == '$' || c == '%'));
            let word = word.trim_start_matches('$').trim_end_matches('%');
            if word.is_empty() {
                flush_name(&cache, &mut seq, seq_at_start, &mut emit);
                sentence_start = ends_sentence || sentence_start;
                continue;
            }
            let first = word.chars().next().unwrap_or(' ');
            if first.is_ascii_digit() && word.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
                flush_name(&cache, &mut seq, seq_at_start, &mut emit);
                let n: String = word.chars().filter(|c| *c != ',').collect();
                emit(&cache, Found::Figure(n.trim_end_matches('.').trim_end_matches(".0")));
            } else if first.is_uppercase() || !seq.is_empty() && CONNECTORS.contains(&word) {
                if seq.is_empty() {
                    seq_at_start = sentence_start;
                }
                let k = cache.get(word);
                seq.push(k);
            } else {
                flush_name(&cache, &mut seq, seq_at_start, &mut emit);
            }
            if breaks {
                flush_name(&cache, &mut seq, seq_at_start, &mut emit);
            }
            sentence_start = ends_sentence;
        }
        flush_name(&cache, &mut seq, seq_at_start, &mut emit);
    })
}

/// Emits the name collected in `seq` (see [`scan_entities`]) and empties it.
fn flush_name(cache: &NameCache, seq: &mut Vec<u32>, first_at_start: bool, emit: &mut impl FnMut(&NameCache, Found)) {
    if seq.is_empty() {
        return;
    }
    let w = |k: u32| &cache.words[k as usize];
    while seq.last().is_some_and(|&k| w(k).connector) {
        seq.pop();
    }
    // Titles and other common words in front of a name ("President", "Members of") are not part of it.
    let lead = seq.iter().take_while(|&&k| w(k).common || w(k).connector).count().min(seq.len().max(1) - 1);
    seq.drain(..lead);
    match seq.as_slice() {
        [] => {}
        [one] => {
            if !(w(*one).stop || first_at_start && w(*one).common) {
                emit(cache, Found::Name(seq));
            }
        }
        many => {
            emit(cache, Found::Name(many));
            for k in many {
                if !w(*k).connector && !w(*k).common {
                    emit(cache, Found::Name(std::slice::from_ref(k)));
                }
            }
        }
    }
    seq.clear();
}

/// Names (capitalised sequences, prefixed `@`) and figures (numbers, prefixed `#`) in `text`.
pub fn entities(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    scan_entities(text, |cache, found| {
        out.push(match found {
            Found::Figure(n) => format!("#{n}"),
            Found::Name(ws) => {
                let words: Vec<&str> = ws.iter().map(|&k| &*cache.words[k as usize].lower).collect();
                format!("@{}", words.join(" "))
            }
        })
    });
    out
}

/// [`term_id`] of each of the [`entities`] of `text`, with its background document probability
/// (a name is as rare as its rarest word); without building the strings.
pub fn entity_ids(text: &str, out: &mut Vec<(u32, f64)>) {
    scan_entities(text, |cache, found| {
        out.push(match found {
            Found::Figure(n) => (Fnv::new().write(b"#").write(n.as_bytes()).id(), figure_prior(n)),
            Found::Name(ws) => {
                let mut h = Fnv::new().write(b"@");
                let mut prior = 1.0f64;
                for (i, &k) in ws.iter().enumerate() {
                    let w = &cache.words[k as usize];
                    if i > 0 {
                        h = h.write(b" ");
                    }
                    h = h.write(w.lower.as_bytes());
                    prior = prior.min(w.prior);
                }
                (h.id(), prior)
            }
        })
    });
}

/// Background document probability of a figure: small numbers and years are common.
fn figure_prior(n: &str) -> f64 {
    match n.chars().filter(char::is_ascii_digit).count() {
        0..=2 => 0.08,
        4 if n.starts_with("19") || n.starts_with("20") => 0.08,
        _ => 0.01,
    }
}

/// Abbreviations whose full stop does not end a sentence.
fn is_abbreviation(raw: &str) -> bool {
    let w = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
    matches!(
        w,
        "Mr."
            | "Ms."
            | "Mrs."
            | "Dr."
            | "St."
            | "Gen."
            | "Sen."
            | "Rep."
            | "Gov."
            | "Lt."
            | "Col."
            | "Jr."
            | "Sr."
            | "U.S."
            | "U.K."
            | "U.N."
    )
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
    fn names_and_figures() {
        let e = entities(
            "During her visit, Kristi Noem met President Nayib Bukele. The prison holds 14,000 inmates and $6 million. Members of Tren de Aragua and MS-13 arrived.",
        );
        for want in [
            "@kristi noem",
            "@noem",
            "@nayib bukele",
            "@bukele",
            "#14000",
            "#6",
            "@tren de aragua",
            "@aragua",
            "@ms-13",
        ] {
            assert!(e.contains(&want.to_string()), "{want} missing from {e:?}");
        }
        assert!(!e.contains(&"@during".to_string()), "{e:?}");
        assert!(!e.contains(&"@the".to_string()), "{e:?}");
        assert!(!e.contains(&"@members".to_string()), "{e:?}");
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
    fn entity_ids_hash_the_entities_with_the_rarest_words_prior() {
        let text = "Secretary Kristi Noem toured CECOT with Tren de Aragua members. The U.S. paid $6 million; \
            the prison holds 14,000.0 inmates, up from 2,025 in 2025. Noem’s visit of Members of Congress.";
        let names = entities(text);
        let mut ids = Vec::new();
        entity_ids(text, &mut ids);
        assert_eq!(ids.iter().map(|p| p.0).collect::<Vec<_>>(), names.iter().map(|n| term_id(n)).collect::<Vec<_>>());
        for ((_, prior), name) in ids.iter().zip(&names) {
            let want = match name.strip_prefix('#') {
                Some(n) if n.len() <= 2 || n == "2025" => 0.08,
                Some(_) => 0.01,
                None => {
                    let mut stems = Vec::new();
                    stem_ids(&name[1..], &mut stems);
                    stems.into_iter().map(super::super::background_doc_prob).fold(1.0, f64::min)
                }
            };
            assert_eq!(*prior, want, "{name}");
        }
        assert!(names.contains(&"#14000".to_string()) && names.contains(&"#2025".to_string()), "{names:?}");
        assert!(
            names.contains(&"@tren de aragua".to_string()) && names.contains(&"@congress".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(term_id("prison"), term_id("prison"));
        assert_ne!(term_id("prison"), term_id("prisons"));
    }
}
