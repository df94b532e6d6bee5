//! Tokenizing: stems for topical terms, and names and figures for identity.

use super::stop::is_stop;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// A stable 32-bit id for a term, so features can be built in parallel without a shared dictionary.
///
/// FNV-1a over the bytes, folded from 64 bits; collisions among a site's few hundred
/// thousand terms are rare and only blur two terms' weights.
pub fn term_id(term: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

/// Normalises one raw word the way the background table was built: lower case, no possessive.
fn normalise(word: &str) -> String {
    let w = word.to_lowercase().replace('’', "'");
    w.strip_suffix("'s").map(str::to_string).unwrap_or(w)
}

/// Stemmed, stop-worded terms of `text`, in order.
pub fn stems(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()).flat_map(|w| {
        let n = normalise(w);
        n.split(|c: char| !c.is_alphanumeric())
            .filter(|p| p.chars().count() >= 2 && !p.chars().all(|c| c.is_ascii_digit()) && !is_stop(p))
            .map(|p| stemmer().stem(p).into_owned())
            .collect::<Vec<_>>()
    })
}

thread_local! {
    /// Word → ids of its stems. News text is Zipf-distributed, so nearly every word is a hit
    /// and each distinct word is normalised and stemmed once per thread, not once per use.
    static STEM_CACHE: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Box<[u32]>>> = Default::default();
    /// Word → whether it is too common to stand alone as a name.
    static COMMON_CACHE: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, bool>> = Default::default();
}

/// Appends the term ids of the stemmed, stop-worded terms of `text` to `out`; the same terms as
/// [`stems`], hashed with [`term_id`], without allocating per word.
pub fn stem_ids(text: &str, out: &mut Vec<u32>) {
    STEM_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()) {
            match cache.get(w) {
                Some(ids) => out.extend_from_slice(ids),
                None => {
                    let ids: Box<[u32]> = stems(w).map(|s| term_id(&s)).collect();
                    out.extend_from_slice(&ids);
                    // Bounded, so a long-running `serve` cannot grow it without limit.
                    if cache.len() < 500_000 {
                        cache.insert(w.into(), ids);
                    }
                }
            }
        }
    })
}

/// Whether a capitalised word is too common in general English to be a name on its own.
fn is_common(w: &str) -> bool {
    COMMON_CACHE.with(|cache| {
        if let Some(&c) = cache.borrow().get(w) {
            return c;
        }
        let c = is_stop(w) || super::zipf(&stem_word(w)) >= 4.6;
        let mut cache = cache.borrow_mut();
        if cache.len() < 500_000 {
            cache.insert(w.into(), c);
        }
        c
    })
}

/// Readable names for an article's term ids: the first word that produced each stem, and each name or figure.
pub fn term_names(text: &str) -> std::collections::HashMap<u32, String> {
    let mut names = std::collections::HashMap::new();
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()) {
        for s in stems(w) {
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

/// Names (capitalised sequences, prefixed `@`) and figures (numbers, prefixed `#`) in `text`.
///
/// A multi-word name yields the whole name and each rare word in it, so "Ms. Noem"
/// still matches "Kristi Noem". Capitalised common words at a sentence start are skipped.
pub fn entities(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seq: Vec<String> = Vec::new();
    let mut sentence_start = true;
    let flush = |seq: &mut Vec<String>, out: &mut Vec<String>, first_at_start: bool| {
        while seq.last().is_some_and(|w| CONNECTORS.contains(&w.as_str())) {
            seq.pop();
        }
        let common = |w: &str| is_common(w);
        // Titles and other common words in front of a name ("President", "Members of") are not part of it.
        while seq.len() > 1 && (common(&seq[0]) || CONNECTORS.contains(&seq[0].as_str())) {
            seq.remove(0);
        }
        if seq.is_empty() {
            return;
        }
        if seq.len() == 1 {
            if !(is_stop(&seq[0]) || first_at_start && common(&seq[0])) {
                out.push(format!("@{}", seq[0]));
            }
        } else {
            out.push(format!("@{}", seq.join(" ")));
            for w in seq.iter() {
                if !CONNECTORS.contains(&w.as_str()) && !common(w) {
                    out.push(format!("@{w}"));
                }
            }
        }
        seq.clear();
    };
    let mut seq_at_start = false;
    for raw in text.split_whitespace() {
        let ends_sentence = raw.ends_with(['.', '!', '?', ':', '"', '”']) && !is_abbreviation(raw);
        let breaks = ends_sentence || raw.ends_with([',', ';', ')', '"', '”']);
        let word = raw.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-' || c == '$' || c == '%'));
        let word = word.trim_start_matches('$').trim_end_matches('%');
        if word.is_empty() {
            flush(&mut seq, &mut out, seq_at_start);
            sentence_start = ends_sentence || sentence_start;
            continue;
        }
        let first = word.chars().next().unwrap_or(' ');
        // Lower-casing allocates; only names and connectors inside a name need it.
        let lower = || normalise(word).replace('.', "");
        if first.is_ascii_digit() && word.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
            flush(&mut seq, &mut out, seq_at_start);
            let n: String = word.chars().filter(|c| *c != ',').collect();
            let n = n.trim_end_matches('.').trim_end_matches(".0");
            out.push(format!("#{n}"));
        } else if first.is_uppercase() {
            if seq.is_empty() {
                seq_at_start = sentence_start;
            }
            seq.push(lower());
        } else if !seq.is_empty() && CONNECTORS.contains(&word) {
            seq.push(word.to_string());
        } else {
            flush(&mut seq, &mut out, seq_at_start);
        }
        if breaks {
            flush(&mut seq, &mut out, seq_at_start);
        }
        sentence_start = ends_sentence;
    }
    flush(&mut seq, &mut out, seq_at_start);
    out
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
    fn ids_are_stable() {
        assert_eq!(term_id("prison"), term_id("prison"));
        assert_ne!(term_id("prison"), term_id("prisons"));
    }
}
