//! The background IDF prior: how common a word is in general English.
//!
//! Site-only IDF cannot tell on a five-article site that "prison" is common and
//! "CECOT" is not. `stemfreq_en.tsv` (derived from wordfreq, CC BY-SA 4.0, see
//! STEMFREQ_LICENSE.md) gives each stem's Zipf frequency, embedded in the binary.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("stemfreq_en.tsv");

/// Zipf value of stems missing from the table: rarer than anything listed.
const UNKNOWN_ZIPF: f32 = 1.0;

/// Average tokens per document assumed when turning word frequency into document frequency.
const DOC_TOKENS: f64 = 400.0;

/// Per stem id: its Zipf value, the document probability derived from it and the IDF that
/// gives ([`prior_idf`]), computed once.
fn table() -> &'static HashMap<u32, (f32, f64, f32)> {
    static T: OnceLock<HashMap<u32, (f32, f64, f32)>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (stem, z) = l.split_once('\t')?;
                let z: f32 = z.trim().parse().ok()?;
                Some((super::term_id(stem), (z, doc_prob(z), prior_idf(doc_prob(z)))))
            })
            .collect()
    })
}

/// Builds the table now (it is otherwise built on first use): a build does it beside reading
/// front matter, instead of making every analysing thread wait for it.
pub(crate) fn warm() {
    table();
}

/// Document probability for a Zipf value: 1 − e^(−frequency × tokens per document).
fn doc_prob(zipf: f32) -> f64 {
    let freq = 10f64.powf(f64::from(zipf) - 9.0);
    1.0 - (-freq * DOC_TOKENS).exp()
}

/// Zipf frequency of a stem (log10 of occurrences per billion words); 1.0 when unknown.
pub(crate) fn zipf(stem: &str) -> f32 {
    table().get(&super::term_id(stem)).map_or(UNKNOWN_ZIPF, |e| e.0)
}

/// Probability that a general English document contains the stem with this id.
pub(crate) fn background_doc_prob(id: u32) -> f64 {
    static UNKNOWN: OnceLock<f64> = OnceLock::new();
    table().get(&id).map_or_else(|| *UNKNOWN.get_or_init(|| doc_prob(UNKNOWN_ZIPF)), |e| e.1)
}

/// IDF under the prior alone; used to pick an article's most telling terms before site statistics exist.
pub(super) fn prior_idf_by_id(id: u32) -> f32 {
    static UNKNOWN: OnceLock<f32> = OnceLock::new();
    table().get(&id).map_or_else(|| *UNKNOWN.get_or_init(|| prior_idf(doc_prob(UNKNOWN_ZIPF))), |e| e.2)
}

fn prior_idf(doc_prob: f64) -> f32 {
    (-(doc_prob.max(1e-9)).ln()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_common() {
        assert!(zipf("prison") > 4.0, "{}", zipf("prison"));
        assert!(zipf("cecot") <= 2.0);
        assert!(
            background_doc_prob(super::super::term_id("year")) > background_doc_prob(super::super::term_id("prison"))
        );
        assert!(prior_idf_by_id(super::super::term_id("noem")) > prior_idf_by_id(super::super::term_id("visit")));
    }
}
