//! Stated figures ("up to 14,000 inmates", "hundreds of deportees", "$6 million") taken from article
//! text and compared across outlets, so an event page can show each outlet's number side by side and
//! flag only the figures that really cannot all be true.
//!
//! # Extraction ([`extract`](fn@extract))
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
//! # Grouping ([`group`](fn@group))
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
//!
//! # Where things are
//! - `words.rs`: the word lists (stop words, qualifiers, number words, people nouns, units…) and the
//!   word forms (plural, singular) they are matched in;
//! - `tokens.rs`: an article body cut into paragraphs, tokens and sentences;
//! - `extract.rs`: the figures each sentence states (numbers, qualifiers, counted nouns, ranges);
//! - `group.rs`: the figures of many articles compared (evidence, merging, conflicts).

mod extract;
mod group;
mod tokens;
mod words;

#[cfg(test)]
pub(crate) mod fixtures;

pub(crate) use extract::{extract, extract_at};
pub(crate) use group::group;
pub(crate) use tokens::may_state_a_figure;

/// Largest factor between two figures' nearest values for them to count as one quantity (4: wide enough
/// for 14,000 vs 40,000, narrow enough to keep 238 deportees apart from 8,000 detainees).
pub(crate) const MAX_RATIO: f64 = 4.0;

/// Most distinct figures kept from one article, in reading order. A reader compares an article's
/// headline figures, not a data table; the bound keeps a hostile article of a million numbers from
/// costing more than any other (extraction stops there, so its cost is linear in the text at most).
pub(crate) const MAX_PER_ARTICLE: usize = 64;

/// Most figures [`group`](fn@group) compares at once. Grouping weighs every pair, so it is bounded to stay
/// linear in the size of a site however big one story grows; figures are taken a round at a time
/// (every article's first figure, then every article's second...), so each article is heard before
/// any article is heard twice.
pub(crate) const MAX_COMPARED: usize = 256;

/// One stated figure: what an article claims a count is, with enough around it to compare and quote it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Figure {
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
    /// Where `text` is in `sentence` (a byte range, `sentence[at] == text`), so that a quote cut from
    /// a long sentence can keep the figure it is quoted for.
    pub at: std::ops::Range<usize>,
}

/// Figures from many articles that count the same thing, for a "figures compared" table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group {
    /// Human label: the most common counted phrase, plus " (capacity)" for capacities.
    pub label: String,
    /// (caller's article index, figure), in the order given to [`group`](fn@group).
    pub entries: Vec<(usize, Figure)>,
    /// True only if at least two entries from different outlets cannot both be true.
    pub disagree: bool,
    /// Pairs of indices into `entries` that cannot both be true, so the page can say which.
    pub conflicts: Vec<(usize, usize)>,
    /// Number of distinct outlets among entries (1: the page folds it among "figures reported by one outlet").
    pub outlets: usize,
}
