//! Stated figures ("up to 14,000 inmates", "hundreds of deportees", "$6 million") taken from article
//! text and compared across outlets, so an event page can show each outlet's number side by side and
//! flag only the figures that really cannot all be true.
//!
//! # Extraction ([`extract`])
//! A figure is a numeral (`14,000`, `2.5 million`, `$6 million`, `23%`), a number word (`two`..`twenty`,
//! `a dozen`) or a vague quantity (`dozens` 24–99, `hundreds` 200–999, `thousands` 2,000–9,999,
//! `tens`/`hundreds of thousands`, `millions`) followed by the plural noun phrase it counts
//! ("8,000 of these detainees" and "nationals, 2.5 million of whom" are understood too). A number with no
//! plural noun (and no `$`/`%` unit) is not a count and is dropped, as are years (any 1900–2100 written
//! without a comma, since counts that size are written "2,000"; 1000–1899 unless a plural follows, so
//! "1798 war law" goes), days of the month (`March 16`), times (`01:01`), `9/11`-style slashes, ordinals
//! (`1st`), compounds (`three-year`), numbers in names (`MS-13`, `Barrio 18`), list markers, URLs, and
//! number words after "the" ("the two nations" refers back rather than counts).
//!
//! A qualifier turns the number into the range it asserts, bounds inclusive: `over`/`more than` N → [N, ∞)
//! and `fewer than`/`under` N → [0, N] (inclusive because the other outlet's exact figure is usually
//! rounded too: "over $200,000" and "$200,000" should not be flagged); `at least` N → [N, ∞); `at most` N
//! → [0, N]; `about`/`approximately`/`around`/`some`/`an estimated` N → ±10%; `nearly`/`almost` N →
//! [0.9N, N]. `up to`/`as many as` N is [0, N], except in a capacity statement ("a capacity of up to
//! 14,000", "can hold up to 40,000"): that sentence says what the maximum *is*, so the figure is exactly N.
//! This is why "up to 14,000" and "up to 40,000" conflict instead of being two compatible upper bounds.
//!
//! # Grouping ([`group`])
//! Two figures from different articles may be linked only if they count the same kind of thing (`kind`:
//! people nouns such as inmates, detainees, members and Venezuelans are one kind; homes/houses are one;
//! deaths/"people died" are one; each unit — dollars, percent, years… — is its own), both or neither are
//! capacity statements, and they are of one order of magnitude (nearest ends of their spans within a
//! factor of [`MAX_RATIO`]; an open range uses its stated number, so "over 200" is not near 15,000).
//! They are then linked on any of three grounds:
//! - the same numeral ("238" and "238"), plus the same unit, a shared word of the counted phrases
//!   ("violent gang members"/"violent criminals") or a shared context word;
//! - shared surroundings: at least 2 stemmed context words in common (3 for units), not counting words
//!   of either counted phrase — so "hundreds of deported alleged gang members" in "a prison holding…" joins
//!   "238 Venezuelan detainees" held in a "mega-prison", while "over 10,000 active gang members in El
//!   Salvador alone" stays apart from "about 15,000 suspected gang members" that CECOT "currently houses";
//! - both are capacities of the same noun.
//!
//! Evidence is scored `2·same numeral + shared phrase word + shared context words`. Each figure keeps only
//! its best-scoring partner in each other article; these links are merged strongest first, and a merge is
//! refused when it would put two conflicting figures of one article in one group (an article is taken to
//! agree with itself, so its two different numbers count two different things). Figures of one article are
//! never linked directly. A group disagrees when two entries from different outlets have ranges that do not
//! overlap. Same input gives the same output: ties go to the earlier figure.
//!
//! # Bounds
//! A figure an article states again (same words, same range) is kept once, where first stated, and an
//! article gives at most [`MAX_PER_ARTICLE`] distinct figures. Grouping weighs pairs of figures, so it
//! takes at most [`MAX_COMPARED`] of them, a round at a time. Both keep the work linear in the site's
//! size, whatever an article holds.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Largest factor between two figures' nearest values for them to count as one quantity (4: wide enough
/// for 14,000 vs 40,000, narrow enough to keep 238 deportees apart from 8,000 detainees).
pub const MAX_RATIO: f64 = 4.0;

/// Most distinct figures kept from one article, in reading order. A reader compares an article's
/// headline figures, not a data table; the bound keeps a hostile article of a million numbers from
/// costing more than any other (extraction stops there, so its cost is linear in the text at most).
pub const MAX_PER_ARTICLE: usize = 64;

/// Most figures [`group`] compares at once. Grouping weighs every pair, so it is bounded to stay
/// linear in the size of a site however big one story grows; figures are taken a round at a time
/// (every article's first figure, then every article's second...), so each article is heard before
/// any article is heard twice.
pub const MAX_COMPARED: usize = 256;

/// One stated figure: what an article claims a count is, with enough around it to compare and quote it.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The figure as written, qualifier included ("up to 14,000", "hundreds"), for display.
    pub text: String,
    /// Lowest value the statement allows (inclusive, also for "over N": see the module doc).
    pub lo: f64,
    /// Highest value the statement allows; `f64::INFINITY` for "over"/"at least".
    pub hi: f64,
    /// The number as stated, without qualifier (200 for "over 200"); `None` for vague words like
    /// "hundreds", so that only real numerals count as "the same number".
    pub value: Option<f64>,
    /// The counted noun phrase for display, hedges such as "alleged" dropped ("gang members").
    pub counted: String,
    /// Singular lower-case head noun ("inmate", "venezuelan"): what is counted.
    pub key: String,
    /// Broader class of `key` ("people" for inmates, detainees, Venezuelans…): kinds are never mixed.
    pub kind: String,
    /// Stems of every word of the counted phrase, hedges included, as evidence of what is counted.
    pub phrase: Vec<String>,
    /// Whether the figure states a capacity/maximum, which is never compared with a head count.
    pub capacity: bool,
    /// Stemmed content words near the figure in its sentence, in order, as evidence for grouping.
    pub context: Vec<String>,
    /// The full sentence the figure appears in, trimmed, for quoting.
    pub sentence: String,
}

/// Figures from many articles that count the same thing, for a "figures compared" table.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Human label: the most common counted phrase, plus " (capacity)" for capacities.
    pub label: String,
    /// (caller's article index, figure), in the order given to [`group`].
    pub entries: Vec<(usize, Figure)>,
    /// True only if at least two entries from different outlets cannot both be true.
    pub disagree: bool,
    /// Pairs of indices into `entries` that cannot both be true, so the page can say which.
    pub conflicts: Vec<(usize, usize)>,
    /// Number of distinct outlets among entries (1 → "reported by one outlet only").
    pub outlets: usize,
}

// Word lists are space-separated so they stay compact; see `listed`.
const STOP: &str = "a about after all also an and are as at be been before being both but by can could did do does \
    during each for from had has have he her him his how i if in into is it its may might more most must no not of on \
    onto or our over per said says she should since so some such than that the their them then there these they this \
    those to under until up was we were what when where which while who whom will with without would you your many \
    other others only just el la de del";
/// Qualifiers by the range they assert; matched longest first, so "no more than" wins over "more than".
const QUALIFIERS: &[(Q, &str)] = &[
    (Q::Over, "more than|over|upwards of|in excess of"),
    (Q::AtLeast, "at least|no fewer than|no less than|a minimum of"),
    (Q::UpTo, "up to|as many as|as much as|a maximum of"),
    (Q::AtMost, "at most|no more than"),
    (Q::Under, "fewer than|less than|under|below"),
    (Q::About, "about|approximately|around|roughly|some|an estimated|estimated"),
    (Q::Nearly, "nearly|almost|close to|just under"),
];
const NUMBER_WORDS: &str = "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen \
    sixteen seventeen eighteen nineteen twenty";
const SCALES: &[(&str, f64)] = &[("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)];
const MONTHS: &str = "january february march april may june july august september october november december \
    jan feb mar apr jun jul aug sep sept oct nov dec";
const ABBREVIATIONS: &str = "mr ms mrs dr st jr sr no vs gen gov sen rep";
const IRREGULAR: &[(&str, &str)] = &[("people", "person"), ("children", "child"), ("men", "man"), ("women", "woman")];
/// Nouns for people; all count the same kind of thing ("people") and may be compared.
const PEOPLE: &str = "person inmate detainee prisoner deportee migrant immigrant refugee member criminal individual \
    national resident citizen child adult man woman worker victim suspect soldier officer alien civilian student \
    passenger gangster fan voter patient";
/// Kinds that are units of measure: the unit alone says nothing about what is measured.
const UNITS: &str = "dollar euro pound percent year month week day hour minute mile kilometer kilometre acre ton";
const DWELLINGS: &str = "home house dwelling building residence apartment";
const DEATH_VERBS: &str = "died killed dead perished drowned";
/// Hedges and descriptions left out of the displayed counted phrase (kept in `phrase`).
const HEDGES: &str = "alleged suspected violent active illegal deported reported confirmed known additional";
/// Verbs that, with "up to", make a capacity statement ("can hold up to 40,000").
const HOLD: &str = "hold holds house houses accommodate accommodates seat seats fit";

/// Whether `w` is one of the space-separated words of `list` (one of the word lists above).
fn listed(list: L, w: &str) -> bool {
    // Every word of every list, with a bit per list it is in; built once.
    static WORDS: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, u16>> = std::sync::LazyLock::new(|| {
        let mut m = rustc_hash::FxHashMap::default();
        for (bit, list) in LISTS.iter().enumerate() {
            for w in list.split_whitespace() {
                *m.entry(w).or_insert(0) |= 1 << bit;
            }
        }
        m
    });
    WORDS.get(w).is_some_and(|m| m & (1 << list as u16) != 0)
}

/// The word lists, named for `listed`; in the order of `LISTS`.
#[derive(Clone, Copy)]
enum L {
    Stop,
    NumberWords,
    Months,
    Abbreviations,
    People,
    Units,
    Dwellings,
    DeathVerbs,
    Hedges,
    Hold,
}

const LISTS: [&str; 10] =
    [STOP, NUMBER_WORDS, MONTHS, ABBREVIATIONS, PEOPLE, UNITS, DWELLINGS, DEATH_VERBS, HEDGES, HOLD];

/// Qualifier before a number, which decides the range the figure asserts.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Q {
    None,
    Over,
    AtLeast,
    UpTo,
    AtMost,
    Under,
    About,
    Nearly,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum T {
    Word,
    Num,
    Punct,
}

/// A token of a paragraph: its text, its lower case (borrowed when already lower case) and byte span.
#[derive(Clone, Debug)]
struct Tok<'p> {
    t: T,
    s: &'p str,
    lc: Cow<'p, str>,
    start: usize,
    end: usize,
}

/// A number found at a token: token span, base range, numeral value and unit.
struct Num {
    start: usize,
    end: usize,
    lo: f64,
    hi: f64,
    value: Option<f64>,
    unit: Option<&'static str>,
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

/// All figures stated in `text` (an article body, Markdown or plain), in reading order.
pub fn extract(text: &str) -> Vec<Figure> {
    in_paragraphs(paragraphs(text, None))
}

/// [`extract`], given the byte offset of every word of `text` that [`may_state_a_figure`]
/// (in order): only the lines holding one are looked at.
pub fn extract_at(text: &str, hints: &[usize]) -> Vec<Figure> {
    in_paragraphs(paragraphs(text, Some(hints)))
}

fn in_paragraphs(paragraphs: Vec<String>) -> Vec<Figure> {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut out = Vec::new();
    // A figure stated again (same words, same range) says nothing new: it is kept once, where first stated.
    let mut seen: std::collections::HashSet<(String, String, bool, u64, u64)> = std::collections::HashSet::new();
    for para in paragraphs {
        let toks = tokenize(&para);
        for (a, b) in sentences(&toks) {
            let t = &toks[a..b];
            let sentence = para[t[0].start..t[t.len() - 1].end].trim();
            for f in in_sentence(t, sentence, &stemmer) {
                if seen.insert((f.text.clone(), f.key.clone(), f.capacity, f.lo.to_bits(), f.hi.to_bits())) {
                    out.push(f);
                    if out.len() == MAX_PER_ARTICLE {
                        return out;
                    }
                }
            }
        }
    }
    out
}

/// Figures of one sentence: find each number, its qualifier and counted phrase, then its context.
fn in_sentence(t: &[Tok], sentence: &str, stemmer: &Stemmer) -> Vec<Figure> {
    let stem = |w: &str| stem_word(w, stemmer);
    let mut found: Vec<(Figure, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let Some(n) = number_at(t, i) else {
            i += 1;
            continue;
        };
        let (q, qstart) = qualifier(t, n.start);
        let Some((words, key, kind, pend)) = counted(t, &n, qstart) else {
            i = n.end;
            continue;
        };
        let capacity = t[qstart.saturating_sub(4)..qstart]
            .iter()
            .any(|x| x.lc.starts_with("capacit") || (q == Q::UpTo && listed(L::Hold, &x.lc)));
        let (lo, hi) = range(q, n.lo, n.hi, capacity);
        let shown: Vec<&str> =
            words.iter().map(String::as_str).filter(|w| !listed(L::Hedges, &w.to_lowercase())).collect();
        let text = sentence_slice(t, qstart, n.end);
        let phrase = words.iter().flat_map(|w| stem(w)).collect();
        let figure = Figure {
            text,
            lo,
            hi,
            value: n.value,
            counted: if shown.is_empty() { words.join(" ") } else { shown.join(" ") },
            key,
            kind,
            phrase,
            capacity,
            context: Vec::new(),
            sentence: sentence.to_string(),
        };
        found.push((figure, qstart, pend));
        i = pend.max(n.end);
    }
    // Context: up to six content words each side, not reaching into a neighbouring figure.
    let bounds: Vec<(usize, usize)> = found.iter().map(|f| (f.1, f.2)).collect();
    for (k, (figure, qstart, pend)) in found.iter_mut().enumerate() {
        let left = if k == 0 { 0 } else { bounds[k - 1].1 };
        let right = bounds.get(k + 1).map_or(t.len(), |b| b.0);
        let before: Vec<String> = t[left..*qstart].iter().flat_map(|x| stem(x.s)).collect();
        let after = t[*pend..right].iter().flat_map(|x| stem(x.s));
        let mut ctx: Vec<String> = before[before.len().saturating_sub(6)..].to_vec();
        ctx.extend(after.take(6));
        let mut seen = BTreeSet::new();
        figure.context = ctx.into_iter().filter(|w| seen.insert(w.clone())).collect();
    }
    found.into_iter().map(|f| f.0).collect()
}

/// The original text of tokens `a..b` of a sentence.
fn sentence_slice(t: &[Tok], a: usize, b: usize) -> String {
    t[a..b].iter().enumerate().fold(String::new(), |mut s, (k, x)| {
        if k > 0 && t[a + k - 1].end < x.start {
            s.push(' ');
        }
        s.push_str(x.s);
        s
    })
}

/// Stems of the content parts of a word ("mega-prison" → "mega", "prison"); empty for function words.
fn stem_word(w: &str, stemmer: &Stemmer) -> Vec<String> {
    let lc = w.to_lowercase().replace('’', "'");
    let lc = lc.strip_suffix("'s").unwrap_or(&lc);
    if listed(L::Stop, lc) || !lc.starts_with(char::is_alphabetic) {
        return Vec::new();
    }
    lc.split('-')
        .filter(|p| p.len() > 1 && p.starts_with(char::is_alphabetic) && !listed(L::Stop, p))
        .map(|p| stemmer.stem(p).into_owned())
        .collect()
}

/// The range a qualified number asserts (see the module doc).
fn range(q: Q, lo: f64, hi: f64, capacity: bool) -> (f64, f64) {
    match q {
        Q::None => (lo, hi),
        Q::Over => (hi, f64::INFINITY),
        Q::AtLeast => (lo, f64::INFINITY),
        Q::UpTo if capacity => (lo, hi),
        Q::UpTo | Q::AtMost => (0.0, hi),
        Q::Under => (0.0, lo),
        Q::About => (lo * 0.9, hi * 1.1),
        Q::Nearly => (lo * 0.9, hi),
    }
}

fn word<'a>(t: &'a [Tok], k: usize) -> &'a str {
    t.get(k).filter(|x| x.t == T::Word).map_or("", |x| x.lc.as_ref())
}

fn plural(w: &str) -> bool {
    IRREGULAR.iter().any(|p| p.0 == w)
        || (w.len() > 3 && w.ends_with('s') && !["ss", "us", "is", "'s", "’s"].iter().any(|e| w.ends_with(e)))
}

fn singular(w: &str) -> String {
    let w = w.to_lowercase();
    if let Some(p) = IRREGULAR.iter().find(|p| p.0 == w) {
        return p.1.to_string();
    }
    if let Some(s) = w.strip_suffix("ies") {
        return format!("{s}y");
    }
    for e in ["sses", "xes", "ches", "shes", "zes"] {
        if w.ends_with(e) {
            return w[..w.len() - 2].to_string();
        }
    }
    w.strip_suffix('s').unwrap_or(&w).to_string()
}

/// The number starting at token `i`, unless it is a year, date, time, name part or not a number.
fn number_at(t: &[Tok], i: usize) -> Option<Num> {
    let tok = &t[i];
    let vague = |lo: f64, hi: f64, end: usize| Some(Num { start: i, end, lo, hi, value: None, unit: None });
    let exact = |v: f64, start: usize, end: usize, unit| Some(Num { start, end, lo: v, hi: v, value: Some(v), unit });
    if tok.t == T::Word {
        let thousands = word(t, i + 1) == "of" && word(t, i + 2) == "thousands";
        return match tok.lc.as_ref() {
            "dozen" if word(t, i.wrapping_sub(1)) == "a" => exact(12.0, i - 1, i + 1, None),
            "dozens" => vague(24.0, 99.0, i + 1),
            "tens" if thousands => vague(2e4, 99_999.0, i + 3),
            "hundreds" if thousands => vague(2e5, 999_999.0, i + 3),
            "hundreds" => vague(200.0, 999.0, i + 1),
            "thousands" => vague(2e3, 9_999.0, i + 1),
            "millions" => vague(2e6, 999_999_999.0, i + 1),
            _ if word(t, i.wrapping_sub(1)) == "the" => None, // "the two nations" refers, it does not count
            w if listed(L::NumberWords, w) => {
                NUMBER_WORDS.split_whitespace().position(|n| n == w).and_then(|p| exact(p as f64 + 2.0, i, i + 1, None))
            }
            _ => None,
        };
    }
    let slash = |k: usize| t.get(k).is_some_and(|x| x.s == "/");
    if tok.t != T::Num || tok.s.contains(':') || slash(i + 1) || slash(i.wrapping_sub(1)) || is_name_part(t, i) {
        return None;
    }
    let digits: String = tok.s.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    let mut v: f64 = digits.parse().ok()?;
    let mut end = i + 1;
    if let Some(s) = SCALES.iter().find(|s| s.0 == word(t, end)) {
        v *= s.1;
        end += 1;
    }
    let money = [("$", "dollar"), ("€", "euro"), ("£", "pound")].into_iter().find(|m| tok.s.starts_with(m.0));
    let percent = tok.s.ends_with('%') || word(t, end) == "percent";
    if percent && !tok.s.ends_with('%') {
        end += 1;
    }
    let plain = money.is_none() && !percent && end == i + 1;
    let day = v.fract() == 0.0 && v <= 31.0;
    if plain && day && (listed(L::Months, word(t, i.wrapping_sub(1))) || listed(L::Months, word(t, i + 1))) {
        return None;
    }
    // A year: "in 2025", "the 2012 attacks", "a 1798 war law" (counts this size are written "2,000").
    let year = (1900.0..=2100.0).contains(&v) || ((1000.0..1900.0).contains(&v) && !plural(word(t, i + 1)));
    if plain && !tok.s.contains(',') && year {
        return None;
    }
    exact(v, i, end, money.map(|m| m.1).or(percent.then_some("percent")))
}

/// "Barrio 18", "Apollo 11": a number right after a capitalised word that is not a function word.
fn is_name_part(t: &[Tok], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &t[p]) else { return false };
    prev.t == T::Word
        && prev.s.starts_with(char::is_uppercase)
        && !listed(L::Stop, &prev.lc)
        && !listed(L::Months, &prev.lc)
        && !QUALIFIERS.iter().flat_map(|q| q.1.split('|')).any(|alt| alt.rsplit(' ').next() == Some(prev.lc.as_ref()))
}

/// The qualifier ending right before token `start`, and where it starts.
fn qualifier(t: &[Tok], start: usize) -> (Q, usize) {
    for n in (1..=3).rev().filter(|n| *n <= start) {
        let words: Vec<&str> = t[start - n..start].iter().map(|x| x.lc.as_ref()).collect();
        let said = words.join(" ");
        if let Some(q) = QUALIFIERS.iter().find(|q| q.1.split('|').any(|alt| alt == said)) {
            return (q.0, start - n);
        }
    }
    (Q::None, start)
}

/// What a number counts: (phrase words as written, key, kind, token after the phrase).
fn counted(t: &[Tok], n: &Num, qstart: usize) -> Option<(Vec<String>, String, String, usize)> {
    let mut j = n.end;
    if let Some(unit) = n.unit {
        let mut words = vec![if unit == "percent" { "percent".to_string() } else { format!("{unit}s") }];
        if unit == "percent" && word(t, j) == "of" {
            words.push("of".into());
            let named = |x: &&Tok| x.t == T::Word && (x.lc == "the" || x.s.starts_with(char::is_uppercase));
            let rest = t[j + 1..].iter().take_while(|x| named(x) || (x.t == T::Word && !listed(L::Stop, &x.lc)));
            words.extend(rest.take(4).map(|x| x.s.to_string()));
        }
        let end = j + words.len().saturating_sub(1);
        return Some((words, unit.to_string(), unit.to_string(), end));
    }
    let mut words = Vec::new();
    if word(t, j) == "of" && ["whom", "which"].contains(&word(t, j + 1)) {
        words = antecedent(t, qstart);
        j += 2;
    } else {
        if word(t, j) == "of" {
            j += if ["the", "these", "those"].contains(&word(t, j + 1)) { 2 } else { 1 };
        }
        let content = |k: usize| !word(t, k).is_empty() && !listed(L::Stop, word(t, k));
        while j < t.len() && t[j].t == T::Word && words.len() < 5 {
            let joins = ["and", "or"].contains(&word(t, j))
                && !words.is_empty()
                && (j + 1..j + 4).take_while(|k| content(*k)).any(|k| plural(word(t, k)));
            if !content(j) && !joins {
                break;
            }
            words.push(t[j].s.to_string());
            j += 1;
            if plural(word(t, j - 1)) {
                break;
            }
        }
    }
    let head = words.last().filter(|w| plural(&w.to_lowercase()))?.clone();
    let mut after = j;
    while ["were", "are", "have", "had", "been", "was"].contains(&word(t, after)) {
        after += 1;
    }
    let mut key = singular(&head);
    let people = listed(L::People, &key) || (head.starts_with(char::is_uppercase) && key.ends_with("an"));
    if people && listed(L::DeathVerbs, word(t, after)) {
        key = "death".into(); // "12 people died" counts deaths
        words = vec!["deaths".into()];
    }
    let kind = match key.as_str() {
        "death" | "fatality" => "deaths",
        _ if people => "people",
        k if listed(L::Dwellings, k) => "dwellings",
        k => k,
    }
    .to_string();
    Some((words, key, kind, j))
}

/// For "…Salvadoran nationals, over 2.5 million of whom…": the plural noun phrase before the figure.
fn antecedent(t: &[Tok], qstart: usize) -> Vec<String> {
    let mut k = qstart;
    while k > 0 && t[k - 1].t == T::Punct {
        k -= 1;
    }
    let mut words = Vec::new();
    while k > 0 && words.len() < 2 && t[k - 1].t == T::Word && !listed(L::Stop, &t[k - 1].lc) {
        words.insert(0, t[k - 1].s.to_string());
        k -= 1;
    }
    words
}

/// Blocks of running text: paragraphs joined from lines, headings and list items on their own,
/// list markers and URLs removed.
///
/// Only paragraphs that [`may_state_a_figure`] are kept. With `hints` (see [`extract_at`]), lines
/// without one are not even tested.
fn paragraphs(text: &str, hints: Option<&[usize]>) -> Vec<String> {
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
fn tokenize(p: &str) -> Vec<Tok<'_>> {
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
fn sentences(toks: &[Tok]) -> Vec<(usize, usize)> {
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

/// Groups figures of many articles by what they count (see the module doc for the rule), conflicts
/// first, then by number of outlets (most first), then by label. `items`: (article index, outlet name,
/// figures of that article). At most [`MAX_COMPARED`] figures take part, chosen a round at a time.
pub fn group(items: &[(usize, &str, Vec<Figure>)]) -> Vec<Group> {
    let flat: Vec<(usize, &str, &Figure)> =
        compared(items).into_iter().map(|(i, k)| (items[i].0, items[i].1, &items[i].2[k])).collect();
    let prepared: Vec<Prepared> = flat.iter().map(|x| Prepared::new(x.2)).collect();
    // Only figures of one kind and capacity may link: compare within those buckets, in index order.
    let mut buckets: std::collections::HashMap<(&str, bool), Vec<usize>> = std::collections::HashMap::new();
    for (i, x) in flat.iter().enumerate() {
        buckets.entry((x.2.kind.as_str(), x.2.capacity)).or_default().push(i);
    }
    // Candidate links: each figure's best match in every other article (highest evidence, then first).
    let mut links: Vec<(usize, usize, usize)> = Vec::new(); // (evidence, a, b)
    for a in 0..flat.len() {
        let mut best: Vec<(usize, usize, usize)> = Vec::new(); // (article, flat index, evidence)
        for &b in &buckets[&(flat[a].2.kind.as_str(), flat[a].2.capacity)] {
            if flat[b].0 == flat[a].0 {
                continue;
            }
            let Some(e) = evidence(&prepared[a], &prepared[b]) else { continue };
            match best.iter_mut().find(|x| x.0 == flat[b].0) {
                Some(x) if x.2 < e => *x = (flat[b].0, b, e),
                Some(_) => {}
                None => best.push((flat[b].0, b, e)),
            }
        }
        links.extend(best.into_iter().map(|(_, b, e)| (e, a.min(b), a.max(b))));
    }
    // Strongest links first; a merge is refused if it would put two conflicting figures of one
    // article together (an article is taken to agree with itself, so they count different things).
    links.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    // Each component is named by its smallest member and lists its members in index order.
    let mut comp: Vec<usize> = (0..flat.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..flat.len()).map(|x| vec![x]).collect();
    for (_, a, b) in links {
        let (ca, cb) = (comp[a], comp[b]);
        if ca == cb {
            continue;
        }
        let clash = members[ca]
            .iter()
            .any(|&x| members[cb].iter().any(|&y| flat[x].0 == flat[y].0 && conflict(flat[x].2, flat[y].2)));
        if !clash {
            let (keep, gone) = (ca.min(cb), ca.max(cb));
            let moved = std::mem::take(&mut members[gone]);
            moved.iter().for_each(|&x| comp[x] = keep);
            members[keep].extend(moved);
            members[keep].sort_unstable();
        }
    }
    let mut groups: Vec<Group> = members.iter().filter(|m| !m.is_empty()).map(|m| make_group(&flat, m)).collect();
    groups.sort_by(|a, b| b.disagree.cmp(&a.disagree).then(b.outlets.cmp(&a.outlets)).then(a.label.cmp(&b.label)));
    groups
}

/// The figures [`group`] compares, as (item, figure) indices in the order given: all of them when
/// there are at most [`MAX_COMPARED`], else every item's first figure, then every item's second, and
/// so on until the bound is reached.
fn compared(items: &[(usize, &str, Vec<Figure>)]) -> Vec<(usize, usize)> {
    let total: usize = items.iter().map(|x| x.2.len()).sum();
    let mut taken: Vec<usize> = items.iter().map(|x| x.2.len()).collect();
    if total > MAX_COMPARED {
        taken.iter_mut().for_each(|t| *t = 0);
        let (mut left, mut round) = (MAX_COMPARED, 0);
        while left > 0 {
            for (i, item) in items.iter().enumerate() {
                if left > 0 && round < item.2.len() {
                    taken[i] += 1;
                    left -= 1;
                }
            }
            round += 1;
        }
    }
    taken.iter().enumerate().flat_map(|(i, &n)| (0..n).map(move |k| (i, k))).collect()
}

/// A figure with its word sets sorted once, so that weighing a pair of figures allocates nothing.
struct Prepared<'f> {
    figure: &'f Figure,
    phrase: Vec<&'f str>,
    context: Vec<&'f str>,
}

impl<'f> Prepared<'f> {
    fn new(figure: &'f Figure) -> Self {
        let set = |v: &'f [String]| {
            let mut s: Vec<&str> = v.iter().map(String::as_str).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        Prepared { figure, phrase: set(&figure.phrase), context: set(&figure.context) }
    }
}

/// The words two sorted, de-duplicated lists share, in order.
fn shared<'a>(a: &'a [&'a str], b: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

/// Whether two figures' ranges cannot both be true.
fn conflict(a: &Figure, b: &Figure) -> bool {
    a.hi < b.lo || b.hi < a.lo
}

fn make_group(flat: &[(usize, &str, &Figure)], m: &[usize]) -> Group {
    let mut conflicts = Vec::new();
    for (x, &a) in m.iter().enumerate() {
        for (y, &b) in m.iter().enumerate().skip(x + 1) {
            let (fa, fb) = (flat[a].2, flat[b].2);
            if flat[a].1 != flat[b].1 && conflict(fa, fb) {
                conflicts.push((x, y));
            }
        }
    }
    let mut labels: Vec<(&str, usize)> = Vec::new();
    for &x in m {
        match labels.iter_mut().find(|l| l.0 == flat[x].2.counted) {
            Some(l) => l.1 += 1,
            None => labels.push((&flat[x].2.counted, 1)),
        }
    }
    let best = labels.iter().fold(labels[0], |best, l| if l.1 > best.1 { *l } else { best });
    let outlets: BTreeSet<&str> = m.iter().map(|&x| flat[x].1).collect();
    Group {
        label: if flat[m[0]].2.capacity { format!("{} (capacity)", best.0) } else { best.0.to_string() },
        entries: m.iter().map(|&x| (flat[x].0, flat[x].2.clone())).collect(),
        disagree: !conflicts.is_empty(),
        conflicts,
        outlets: outlets.len(),
    }
}

/// The values a figure is "about", for the magnitude test: its range, or its stated number when open.
fn span(f: &Figure) -> (f64, f64) {
    if f.lo > 0.0 && f.hi.is_finite() {
        return (f.lo, f.hi);
    }
    let v = f.value.unwrap_or(if f.lo > 0.0 { f.lo } else { f.hi });
    (v, v)
}

/// How strongly two figures (from different articles) look like the same quantity, `None` if they
/// may not be linked at all; see the module doc.
fn evidence(pa: &Prepared, pb: &Prepared) -> Option<usize> {
    let (a, b) = (pa.figure, pb.figure);
    let ((a0, a1), (b0, b1)) = (span(a), span(b));
    if a.kind != b.kind || a.capacity != b.capacity || a0.max(b0) > a1.min(b1) * MAX_RATIO {
        return None;
    }
    let unit = listed(L::Units, &a.kind);
    let shared_words = shared(&pa.phrase, &pb.phrase).any(|w| !listed(L::Units, w));
    let what = usize::from((a.key == b.key && !unit) || shared_words);
    let same = usize::from(a.value.is_some() && a.value == b.value);
    let in_phrase = |w: &str| pa.phrase.binary_search(&w).is_ok() || pb.phrase.binary_search(&w).is_ok();
    let place = shared(&pa.context, &pb.context).filter(|w| !in_phrase(w)).count();
    let near = place >= if unit { 3 } else { 2 };
    let linked = (same == 1 && (unit || what + place >= 1)) || near || (a.capacity && what == 1);
    linked.then_some(2 * same + what + place)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: [(&str, &str); 5] = [
        ("london24-7.uk", include_str!("../articles/000-london247-noem-tours-el-salvador-prison.md")),
        ("fizoti.com", include_str!("../articles/001-fizoti-us-deports-17-gang-members.md")),
        ("A News", include_str!("../articles/002-anews-noem-visits-el-salvador-mega-prison.md")),
        ("Costa Rica Post", include_str!("../articles/003-costaricapost-officials-visit-prison.md")),
        ("Voz.us", include_str!("../articles/004-vozus-17-violent-criminals-sent-to-el-salvador.md")),
    ];

    #[test]
    fn hinted_extraction_finds_what_the_full_scan_finds() {
        let extra = "Officials said two flights left.\n\n- 17 members of Tren de Aragua\n1. A list item with no number\n\
            See https://example.org/2025/03/31/news for 238 more.\nThe   prison   holds\tforty thousand.\n\n\
            # Dozens arrived\nNo figure here at all.";
        let texts: Vec<String> = SAMPLE.iter().map(|(_, md)| body(md).to_string()).chain([extra.to_string()]).collect();
        let mut found = 0;
        for text in &texts {
            let mut hints = Vec::new();
            crate::text::Features::extract_noting_figures("", "", text, &mut hints);
            assert!(hints.windows(2).all(|w| w[0] < w[1]), "hints are in text order");
            let full = extract(text);
            assert_eq!(extract_at(text, &hints), full);
            found += full.len();
        }
        assert!(found > 10, "the texts state figures");
        assert!(extract_at(extra, &[]).is_empty(), "no hints, no figures");
    }

    /// The article body: everything after the closing `---` of the front matter.
    fn body(md: &str) -> &str {
        md.splitn(3, "---\n").nth(2).unwrap_or(md)
    }

    fn sample() -> Vec<Group> {
        let items: Vec<(usize, &str, Vec<Figure>)> =
            SAMPLE.iter().enumerate().map(|(i, (outlet, md))| (i, *outlet, extract(body(md)))).collect();
        group(&items)
    }

    /// The group holding article `a`'s figure written `text`.
    fn holding<'g>(groups: &'g [Group], a: usize, text: &str) -> &'g Group {
        groups.iter().find(|g| has(g, a, text)).unwrap_or_else(|| panic!("no figure {text:?} in article {a}"))
    }

    fn has(g: &Group, a: usize, text: &str) -> bool {
        g.entries.iter().any(|(i, f)| *i == a && f.text == text)
    }

    fn one(text: &str) -> Figure {
        let mut fs = extract(text);
        assert_eq!(fs.len(), 1, "{fs:?}");
        fs.remove(0)
    }

    #[test]
    fn capacities_conflict() {
        let groups = sample();
        let g = holding(&groups, 1, "up to 14,000");
        assert!(has(g, 3, "up to 40,000") && g.disagree && g.entries.len() == 2, "{g:#?}");
        assert_eq!((g.label.as_str(), g.outlets, &g.conflicts[..]), ("inmates (capacity)", 2, &[(0, 1)][..]));
        assert_eq!(groups[0].label, "inmates (capacity)", "conflicts sort first");
    }

    #[test]
    fn deportees_held_agree_across_four_outlets() {
        let groups = sample();
        let g = holding(&groups, 2, "238");
        for (a, text) in [(0, "hundreds"), (3, "over 200"), (4, "more than 200"), (4, "238")] {
            assert!(has(g, a, text), "{text} missing from {g:#?}");
        }
        assert_eq!((g.entries.len(), g.outlets, g.disagree, g.label.as_str()), (5, 4, false, "Venezuelans"));
    }

    #[test]
    fn money_and_seventeen_agree() {
        let groups = sample();
        let money = holding(&groups, 2, "$6 million");
        assert!(has(money, 3, "approximately $6 million") && !money.disagree && money.entries.len() == 2);
        let seventeen = holding(&groups, 1, "17");
        assert!(has(seventeen, 4, "17") && !seventeen.disagree && seventeen.entries.len() == 2);
    }

    #[test]
    fn single_outlet_figures_stay_alone() {
        let groups = sample();
        let alone = [
            (0, "over 10,000"),
            (0, "an estimated 5,000"),
            (2, "dozens"),
            (3, "about 15,000"),
            (3, "approximately 86,000"),
            (3, "around 8,000"),
            (3, "over 2.5 million"),
            (3, "23%"),
        ];
        for (a, text) in alone {
            let g = holding(&groups, a, text);
            assert!(g.entries.len() == 1 && g.outlets == 1 && !g.disagree, "{text}: {g:#?}");
        }
        let nationals = holding(&groups, 3, "over 2.5 million");
        assert_eq!(nationals.entries[0].1.counted, "Salvadoran nationals");
        assert_eq!(holding(&groups, 3, "23%").label, "percent of El Salvador's GDP");
    }

    #[test]
    fn skips_years_dates_times_names_and_ordinals() {
        let all: Vec<String> = SAMPLE.iter().flat_map(|(_, md)| extract(body(md))).map(|f| f.text).collect();
        for bad in ["1798", "16", "13", "18", "01", "2025", "two"] {
            assert!(!all.iter().any(|t| t.contains(bad) && !t.contains(',')), "{bad} in {all:?}");
        }
        let text = "On March 16 under a 1798 war law, MS-13 and Barrio 18 gangs posted at 01:01 on X.\n\n\
                    1. In 2025 the first 3rd-party report named the two nations. See https://x.test/2024/05/17 now.";
        assert_eq!(extract(text), vec![]);
    }

    #[test]
    fn qualifiers_become_ranges() {
        let cases = [
            ("They found 40 bodies.", "40..40"),
            ("More than 200 people fled.", "200..inf"),
            ("At least 12 people died.", "12..inf"),
            ("Fewer than 50 homes stand.", "0..50"),
            ("As many as 500 people may have died.", "0..500"),
            ("The arena can hold up to 20,000 fans.", "20000..20000"),
            ("About 300 homes flooded.", "270..330"),
            ("Nearly 300 houses flooded.", "270..300"),
            ("Hundreds of people marched.", "200..999"),
            ("Dozens of tents burned.", "24..99"),
            ("Thousands of fans cheered.", "2000..9999"),
            ("A dozen officers came.", "12..12"),
            ("Some 2.5 million voters came.", "2250000..2750000"),
        ];
        for (text, want) in cases {
            let f = one(text);
            assert_eq!(format!("{}..{}", show(f.lo), show(f.hi)), want, "{text}");
        }
        let f = one("The plan cost $6 million in total.");
        assert_eq!((f.counted.as_str(), f.key.as_str(), f.lo), ("dollars", "dollar", 6e6));
        let f = one("It holds a capacity of up to 14,000 inmates.");
        assert_eq!(
            (f.text.as_str(), f.counted.as_str(), f.key.as_str(), f.capacity),
            ("up to 14,000", "inmates", "inmate", true)
        );
        let f = one("Officials said 17 violent gang members were deported on Monday.");
        assert_eq!((f.counted.as_str(), f.key.as_str(), f.kind.as_str()), ("gang members", "member", "people"));
    }

    #[test]
    fn flood_fixture() {
        let a = "Officials said at least 12 people died in the floods on Sunday, and about 300 homes were destroyed.";
        let b = "Sunday's floods caused 8 deaths, the mayor said. Nearly 300 houses were damaged by the floods, \
                 and 40 residents were rescued by boat.";
        let groups = group(&[(0, "Daily A", extract(a)), (1, "Daily B", extract(b))]);
        let deaths = holding(&groups, 0, "at least 12");
        assert!(has(deaths, 1, "8") && deaths.disagree && deaths.label == "deaths", "{deaths:#?}");
        let homes = holding(&groups, 0, "about 300");
        assert!(has(homes, 1, "Nearly 300") && !homes.disagree && homes.outlets == 2, "{homes:#?}");
        assert_eq!(holding(&groups, 1, "40").entries.len(), 1);
        assert_eq!(groups.iter().map(|g| g.entries.len()).collect::<Vec<_>>(), [2, 2, 1]);
    }

    #[test]
    fn a_figure_stated_again_is_kept_once_and_an_article_gives_a_bounded_number() {
        let again = extract("Police said 120 cars burned. Later 120 cars burned again. Then 130 cars burned.");
        let texts: Vec<&str> = again.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["120", "130"], "the repeat goes, the first statement stays");
        assert!(again[0].sentence.starts_with("Police said"));
        let many: String = (0..500).map(|i| format!("They saw {} birds at lake {i}. ", 100 + i)).collect();
        let figs = extract(&many);
        assert_eq!(figs.len(), MAX_PER_ARTICLE);
        assert_eq!(figs[0].value, Some(100.0), "the first ones in reading order are kept");
    }

    #[test]
    fn grouping_compares_a_bounded_number_each_article_before_any_twice() {
        let fig = |n: usize, noun: &str| one(&format!("They counted {n} {noun}."));
        // 300 articles of 3 figures: more than the bound, so each article's first comes first.
        let items: Vec<(usize, &str, Vec<Figure>)> = (0..300)
            .map(|a| (a, "Outlet", ["boats", "cars", "trucks"].iter().map(|noun| fig(100 + a, noun)).collect()))
            .collect();
        let chosen = compared(&items);
        assert_eq!(chosen.len(), MAX_COMPARED);
        assert!(chosen.iter().all(|&(_, k)| k == 0), "no second figure before every article's first");
        assert!(chosen.windows(2).all(|w| w[0] < w[1]), "in the order given");
        let taken: usize = group(&items).iter().map(|g| g.entries.len()).sum();
        assert_eq!(taken, MAX_COMPARED);
        // Under the bound, everything takes part.
        let few: Vec<(usize, &str, Vec<Figure>)> = items[..10].to_vec();
        assert_eq!(compared(&few).len(), 30);
        // 100 articles of 3: the first two rounds fit whole, the third only in part.
        let chosen = compared(&items[..100]);
        let per_round = |k: usize| chosen.iter().filter(|c| c.1 == k).count();
        assert_eq!((per_round(0), per_round(1), per_round(2)), (100, 100, MAX_COMPARED - 200));
    }

    #[test]
    fn deterministic_and_articles_agree_with_themselves() {
        assert_eq!(sample(), sample());
        let same_article = [(0, "X", extract("About 300 homes flooded. About 300 homes flooded again."))];
        assert!(group(&same_article).iter().all(|g| g.entries.len() == 1), "one article's figures never link");
        // B's 500 matches both of A's figures, but A's 300 and 800 contradict each other, so they stay apart.
        let a = "The flood destroyed 300 homes in the valley town. The flood destroyed 800 homes in the valley region.";
        let b = "Floods destroyed 500 homes in the valley.";
        let groups = group(&[(0, "A", extract(a)), (1, "B", extract(b))]);
        assert!(groups.iter().all(|g| !(has(g, 0, "300") && has(g, 0, "800"))), "{groups:#?}");
        assert!(groups.iter().any(|g| has(g, 1, "500") && g.entries.len() == 2 && g.disagree));
    }

    /// A bound for display: whole numbers without float noise, "inf" for open ends.
    fn show(x: f64) -> String {
        if x.is_infinite() { "inf".into() } else { format!("{}", (x * 1e6).round() / 1e6) }
    }

    #[test]
    fn print_sample_groups() {
        for g in sample() {
            let tag = if g.disagree {
                "DISAGREE"
            } else if g.outlets == 1 {
                "one outlet only"
            } else {
                "agree"
            };
            println!("{} [{tag}; {} outlet(s)]", g.label, g.outlets);
            for (a, f) in &g.entries {
                let (lo, hi) = (show(f.lo), show(f.hi));
                println!("    {:<16} {:<26} {lo} .. {hi}   ({})", SAMPLE[*a].0, f.text, f.counted);
            }
        }
    }
}
