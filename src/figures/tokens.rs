//! An article body cut for reading figures: paragraphs (Markdown markers and web addresses removed),
//! tokens with their byte spans, and sentences as token ranges.

use super::words::{L, NUMBER_WORDS, listed};
use std::borrow::Cow;

/// What a token is: a word (letters, or a number glued to letters), a number or one punctuation character.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum T {
    Word,
    Num,
    Punct,
}

/// A token of a paragraph: its text, its lower case (borrowed when already lower case) and byte span.
#[derive(Clone, Debug)]
pub(super) struct Tok<'p> {
    pub(super) t: T,
    pub(super) s: &'p str,
    pub(super) lc: Cow<'p, str>,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Cheap test before tokenizing: a paragraph can only state a figure if it has a digit or a number word.
pub(crate) fn may_state_a_figure(para: &str) -> bool {
    // Number words by length, for comparing without building a lower-case copy.
    static BY_LEN: std::sync::LazyLock<[Vec<&'static [u8]>; 10]> = std::sync::LazyLock::new(|| {
        let mut t: [Vec<&'static [u8]>; 10] = Default::default();
        let words = NUMBER_WORDS.split_whitespace();
        for w in words.chain(["dozen", "dozens", "tens", "hundreds", "thousands", "millions"]) {
            t[w.len()].push(w.as_bytes());
        }
        t
    });
    let b = para.as_bytes();
    if b.iter().any(u8::is_ascii_digit) {
        return true;
    }
    // Runs of ASCII letters, scanned as bytes (any other byte separates words).
    let by_len = &*BY_LEN;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let w = &b[start..i];
        i += 1;
        if by_len.get(w.len()).is_some_and(|ws| ws.iter().any(|n| n.eq_ignore_ascii_case(w))) {
            return true;
        }
    }
    false
}

/// Whether `s` is already what joining its words with single spaces gives: ASCII, no leading,
/// trailing or repeated spaces and no other whitespace or control characters.
fn single_spaced(s: &str) -> bool {
    let b = s.as_bytes();
    b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter().all(|&c| c > b' ' && c < 0x80 || c == b' ')
        && !b.windows(2).any(|w| w == b"  ")
}

/// Blocks of running text: paragraphs joined from lines, headings and list items on their own,
/// list markers and URLs removed.
///
/// Only paragraphs that [`may_state_a_figure`] are kept. With `hints` (see [`super::extract_at`]), lines
/// without one are not even tested.
pub(super) fn paragraphs(text: &str, hints: Option<&[usize]>) -> Vec<String> {
    let mut out = Vec::new();
    let mut next_hint = 0;
    // The current paragraph's lines (without markers) and whether it may state a figure.
    let mut cur: Vec<&str> = Vec::new();
    let mut may = false;
    let mut end = |cur: &mut Vec<&str>, may: &mut bool| {
        if std::mem::take(may) {
            let mut p = String::new();
            for (k, piece) in cur.iter().flat_map(|body| pieces(body)).enumerate() {
                if k > 0 {
                    p.push(' ');
                }
                p.push_str(piece);
            }
            out.push(p);
        }
        cur.clear();
    };
    for line in text.lines() {
        let l = line.trim();
        let digits = l.trim_start_matches(|c: char| c.is_ascii_digit());
        let (body, own) = if l.starts_with('#') {
            (l.trim_start_matches('#'), true)
        } else if let Some(r) = ["- ", "* ", "+ "].iter().find_map(|m| l.strip_prefix(m)) {
            (r, true)
        } else if digits.len() < l.len() && (digits.starts_with(". ") || digits.starts_with(") ")) {
            (&digits[2..], true)
        } else {
            (l, false)
        };
        if (l.is_empty() || own) && !cur.is_empty() {
            end(&mut cur, &mut may);
        }
        // An empty line has just ended the paragraph; it adds nothing (not even a separator).
        if !body.is_empty() {
            cur.push(body);
        }
        let hinted = hints.is_none_or(|h| {
            let (from, len) = (line.as_ptr() as usize - text.as_ptr() as usize, line.len());
            while next_hint < h.len() && h[next_hint] < from {
                next_hint += 1;
            }
            h.get(next_hint).is_some_and(|&k| k < from + len)
        });
        may = may || hinted && pieces(body).any(may_state_a_figure);
        if own {
            end(&mut cur, &mut may);
        }
    }
    end(&mut cur, &mut may);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// The words of one line of a paragraph as it is joined (with single spaces): the line itself
/// when it is already single-spaced, else its words, each cut before any web address.
fn pieces(body: &str) -> Box<dyn Iterator<Item = &str> + '_> {
    let urls = has_url(body);
    if !urls && single_spaced(body) {
        return Box::new(std::iter::once(body));
    }
    Box::new(
        body.split_whitespace().map(
            move |w| {
                if urls && w.contains("://") { w.find("http").map_or(w, |p| &w[..p]) } else { w }
            },
        ),
    )
}

/// Whether a line holds a web address (`://`), found with a byte search for `:`.
fn has_url(s: &str) -> bool {
    s.match_indices(':').any(|(i, _)| s[i..].starts_with("://"))
}

/// Words (with internal hyphens, apostrophes and "U.S."-style dots), numbers ("$14,000.5", "23%") and
/// single punctuation characters, with byte offsets. A number glued to letters ("1st", "3-year") is a word.
pub(super) fn tokenize(p: &str) -> Vec<Tok<'_>> {
    let cs: Vec<(usize, char)> = p.char_indices().collect();
    let is = |i: usize, f: fn(char) -> bool| cs.get(i).is_some_and(|c| f(c.1));
    let digit: fn(char) -> bool = |c| c.is_ascii_digit();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let (start, c) = (i, cs[i].1);
        let t = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c.is_ascii_digit() || ("$€£".contains(c) && is(i + 1, digit)) {
            i += 1;
            while is(i, digit) || (is(i, |d| ",.:".contains(d)) && is(i + 1, digit)) {
                i += 1;
            }
            if is(i, |d| d == '%') {
                i += 1;
                T::Num
            } else if is(i, char::is_alphabetic) || (is(i, |d| d == '-') && is(i + 1, char::is_alphanumeric)) {
                i = word_end(&cs, i);
                T::Word
            } else {
                T::Num
            }
        } else if c.is_alphabetic() {
            i = word_end(&cs, i);
            T::Word
        } else {
            i += 1;
            T::Punct
        };
        let (a, b) = (cs[start].0, cs.get(i).map_or(p.len(), |c| c.0));
        let s = &p[a..b];
        let lc = if s.chars().any(char::is_uppercase) { Cow::Owned(s.to_lowercase()) } else { Cow::Borrowed(s) };
        out.push(Tok { t, s, lc, start: a, end: b });
    }
    out
}

/// Where the word starting at char `i` of `cs` ends: letters and digits, inner hyphens and apostrophes,
/// and "U.S."-style dots.
fn word_end(cs: &[(usize, char)], mut i: usize) -> usize {
    let is = |i: usize, f: fn(char) -> bool| cs.get(i).is_some_and(|c| f(c.1));
    let mut dotted = false;
    while i < cs.len() {
        let c = cs[i].1;
        if c.is_alphanumeric() || ("-'’".contains(c) && is(i + 1, char::is_alphanumeric)) {
            i += 1;
        } else if c == '.' && is(i + 1, char::is_alphabetic) && is(i + 2, |d| d == '.') {
            dotted = true;
            i += 2;
        } else if c == '.' && dotted {
            return i + 1;
        } else {
            break;
        }
    }
    i
}

/// Token ranges of sentences: split after . ? ! (not after "Ms." and the like), keeping closing quotes.
pub(super) fn sentences(toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut a, mut i) = (0, 0);
    while i < toks.len() {
        let x = &toks[i];
        let abbrev = x.s == "." && i > 0 && listed(L::Abbreviations, &toks[i - 1].lc);
        i += 1;
        if x.t == T::Punct && [".", "?", "!"].contains(&x.s) && !abbrev {
            while i < toks.len() && ["\"", "”", "’", "'", ")"].contains(&toks[i].s) && toks[i].start == toks[i - 1].end
            {
                i += 1;
            }
            out.push((a, i));
            a = i;
        }
    }
    if a < toks.len() {
        out.push((a, toks.len()));
    }
    out
}
