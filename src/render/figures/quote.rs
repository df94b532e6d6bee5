//! A figure's sentence as a short quote that always holds the figure: cut around it at sentence or
//! word boundaries (an ellipsis where a sentence is cut), with the quotation marks inside made single
//! and balanced, because templates wrap the quote in `<q>`, which adds the outer pair.

use std::ops::Range;

/// The quote for the figure at byte range `at` of `sentence`, at most about `max` characters (more
/// only when the figure and the words it sits in do not fit: the figure is never cut).
pub(super) fn quote(sentence: &str, at: Range<usize>, max: usize) -> String {
    let span = window(sentence, at, max);
    let mut cut = String::with_capacity(span.len() + 8);
    if span.start > 0 && !sentence_start(sentence, span.start) {
        cut.push('…');
    }
    let kept = &sentence[span.clone()];
    if span.end < sentence.len() && !sentence_end(sentence, span.end) {
        // Trailing punctuation before an ellipsis reads as noise ("El Salvador,…").
        cut.push_str(kept.trim_end_matches([',', ';', ':', ' ', '—', '–', '-', '(', '“', '‘', '"']));
        cut.push('…');
    } else {
        cut.push_str(kept);
    }
    nest(&cut)
}

/// The byte range of `s` to quote: all of it when it fits, else a window of whole words around `at`
/// that starts at a sentence start where one is near enough before the figure and ends at a sentence
/// end where one is near enough after it.
fn window(s: &str, at: Range<usize>, max: usize) -> Range<usize> {
    let chars = |r: Range<usize>| s[r].chars().count();
    let total = chars(0..s.len());
    if total <= max {
        return 0..s.len();
    }
    // Room besides the figure and two ellipses; context before it is worth less than the words after
    // it (which say what is counted), unless the sentence ends soon after the figure.
    let room = max.saturating_sub(chars(at.clone()) + 2);
    let after = chars(at.end..s.len());
    let lead = (room * 2 / 5).max(room.saturating_sub(after));
    let earliest = back(s, at.start, lead);
    let own_word = s[..at.start].rfind(' ').map_or(0, |i| i + 1);
    let starts: Vec<usize> = word_starts(s).filter(|&i| i >= earliest && i <= own_word).collect();
    let start = starts.iter().copied().find(|&i| sentence_start(s, i)).or(starts.first().copied()).unwrap_or(own_word);
    let budget = max.saturating_sub(usize::from(start > 0) + 1);
    let latest = forward(s, start, budget);
    if latest >= s.len() {
        return start..s.len();
    }
    let ends: Vec<usize> = word_ends(s).filter(|&j| j >= at.end && j <= latest).collect();
    // A sentence end is the cleaner cut, unless it would throw away more than half the room.
    let half = forward(s, start, budget / 2);
    let end = ends
        .iter()
        .rev()
        .copied()
        .find(|&j| j >= half && sentence_end(s, j))
        .or(ends.last().copied())
        .unwrap_or_else(|| word_ends(s).find(|&j| j >= at.end).unwrap_or(s.len()));
    start..end
}

/// The byte index `n` characters before `i` (or 0).
fn back(s: &str, i: usize, n: usize) -> usize {
    if n == 0 {
        return i;
    }
    s[..i].char_indices().rev().nth(n - 1).map_or(0, |(k, _)| k)
}

/// The byte index `n` characters after `i` (or the end).
fn forward(s: &str, i: usize, n: usize) -> usize {
    s[i..].char_indices().nth(n).map_or(s.len(), |(k, _)| i + k)
}

/// Byte indices where a word starts: 0 and every index after a space.
fn word_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(s.match_indices(' ').map(|(i, _)| i + 1).filter(move |&i| i < s.len()))
}

/// Byte indices where a word ends: every space (and the end, which callers handle).
fn word_ends(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.match_indices(' ').map(|(i, _)| i).filter(|&i| i > 0)
}

/// Whether a sentence starts at word start `i`: the text before ends a sentence (`.`, `?` or `!`,
/// maybe followed by a closing mark) and the word starts with a capital, a digit or an opening mark.
/// "the U.S. Secretary" passes too; a quote starting there is still a whole-word cut.
fn sentence_start(s: &str, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let before = s[..i].trim_end_matches(' ').trim_end_matches(['"', '”', '’', '\'', ')']);
    let next = s[i..].chars().next();
    before.ends_with(['.', '?', '!'])
        && next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "“‘\"'(".contains(c))
}

/// Whether a sentence ends at word end `j` (a space before a sentence start).
fn sentence_end(s: &str, j: usize) -> bool {
    j + 1 < s.len() && sentence_start(s, j + 1)
}

/// `text` with its quotation marks nested inside `<q>`'s: double marks become single ones, and a mark
/// whose partner was cut off (or never stated) gets one, an opening mark at the start or a closing
/// mark at the end, so every quote reads balanced.
fn nest(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Closing marks still owed, innermost last, and opening marks missing at the start.
    let mut owed: Vec<char> = Vec::new();
    let mut missing = 0;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let opens = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/…“‘\"".contains(p));
        let inner = prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        match c {
            '“' => {
                owed.push('’');
                out.push('‘');
            }
            '"' if opens => {
                owed.push('’');
                out.push('‘');
            }
            '”' | '"' => {
                if owed.pop().is_none() {
                    missing += 1;
                }
                out.push('’');
            }
            '‘' => {
                owed.push('’');
                out.push(c);
            }
            '\'' if opens && next.is_some_and(char::is_alphanumeric) => {
                owed.push('\'');
                out.push(c);
            }
            // A single closing mark is also an apostrophe ("region’s", "gangs’"): it closes only a
            // quotation that is open.
            '’' | '\'' if !inner && owed.last() == Some(&c) => {
                owed.pop();
                out.push(c);
            }
            _ => out.push(c),
        }
        prev = Some(c);
    }
    let mut quoted = "‘".repeat(missing);
    quoted.push_str(&out);
    quoted.extend(owed.iter().rev());
    quoted
}
