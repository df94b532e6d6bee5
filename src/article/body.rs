//! An article's Markdown body as plain text, with its lead and word count: what listings show
//! and what the analyzer reads.

use crate::markdown;

/// The body `roundup new` writes, to be replaced by the article's text. Loading refuses an article
/// that still has it, so a started article is never published as it is.
pub(crate) const PLACEHOLDER: &str = "Write or paste the article text here.";

/// Where in `body` (as a byte offset) the placeholder stands, if the body is nothing else.
pub(crate) fn placeholder_at(body: &str) -> Option<usize> {
    (body.trim() == PLACEHOLDER).then(|| body.len() - body.trim_start().len())
}

/// An article body as plain text.
pub(crate) struct Body {
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// The first paragraph, for the article's `lead`.
    pub lead: String,
    /// Number of words, for the article's `words`.
    pub words: usize,
}

/// A Markdown body as plain text; `title` is the article's headline (see [`markdown::plain_text`]).
pub(crate) fn body_text(body: &str, title: &str) -> Body {
    let doc = markdown::plain_text(body, title);
    Body { words: count_words(&doc.text), text: doc.text, lead: doc.lead }
}

/// `s.split_whitespace().count()`, without decoding ASCII: a word starts at each non-space
/// character that follows a space (or the start).
fn count_words(s: &str) -> usize {
    let (mut n, mut after_space) = (0, true);
    for (i, &c) in s.as_bytes().iter().enumerate() {
        let space = match c {
            // Space, or \t \n \x0b \x0c \r: branch-free for ASCII text.
            0..0x80 => (c == b' ') | (c.wrapping_sub(9) < 5),
            // A continuation byte belongs to the character before it.
            0x80..0xc0 => after_space,
            _ => s[i..].chars().next().is_some_and(char::is_whitespace),
        };
        n += usize::from(after_space & !space);
        after_space = space;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_matches_split_whitespace() {
        for s in
            ["", " ", "one", " two  words ", "a\tb\nc\x0bd\x0ce\rf", "é\u{a0}x\u{2003}y\u{85}z", "北京 naïve\u{3000}"]
        {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
    }
}
