//! Readable names for term ids, for `roundup explain`: features hold only hashed ids, and a
//! person reading why an article joined its event needs the words behind them.
//!
//! It sits above both the word tokenizer and the name finder, which it combines, so that
//! neither of those needs the other.

use super::names::entities;
use super::tokens::{normalise, term_id, word_stems, words};
use std::collections::HashMap;

/// Readable names for an article's term ids: the first word that produced each stem, and each name or figure.
pub(crate) fn term_names(text: &str) -> HashMap<u32, String> {
    let mut names = HashMap::new();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_as_the_words_and_names_that_made_them() {
        let text = "Noem visits the prisons of El Salvador";
        let names = term_names(text);
        assert_eq!(names.get(&term_id("prison")).map(String::as_str), Some("prisons"), "the word, not its stem");
        for e in entities(text) {
            let shown = e.trim_start_matches(['@', '#']);
            assert_eq!(names.get(&term_id(&e)).map(String::as_str), Some(shown), "every name reads back, unmarked");
        }
        assert!(names.values().any(|n| n == "el salvador"));
        assert!(!names.values().any(|n| n == "the"), "stop words have no id");
    }
}
