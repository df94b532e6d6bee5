//! Names and figures: capitalised sequences ("Tren de Aragua") and numbers ("14,000"), the
//! evidence of identity that stems alone miss.

use super::stop::is_stop;
use super::tokens::{CACHE_WORDS, Fnv, normalise, stem_ids, stem_word};

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
pub(crate) fn entities(text: &str) -> Vec<String> {
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

/// [`term_id`](super::term_id) of each of the [`entities`] of `text`, with its background document probability
/// (a name is as rare as its rarest word); without building the strings.
pub(super) fn entity_ids(text: &str, out: &mut Vec<(u32, f64)>) {
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
    use super::super::tokens::term_id;
    use super::*;

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
}
