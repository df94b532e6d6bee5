//! The words figures are read with: stop words, qualifiers, number words and scales, months, people
//! nouns, units and the rest, kept here so that reading (`extract.rs`) and comparing (`group.rs`)
//! share one vocabulary; plus the plural/singular forms counted nouns are matched in.

// Word lists are space-separated so they stay compact; see `listed`.
const STOP: &str = "a about after all also an and are as at be been before being both but by can could did do does \
    during each for from had has have he her him his how i if in into is it its may might more most must no not of on \
    onto or our over per said says she should since so some such than that the their them then there these they this \
    those to under until up was we were what when where which while who whom will with without would you your many \
    other others only just el la de del";
/// Qualifiers by the range they assert; matched longest first, so "no more than" wins over "more than".
pub(super) const QUALIFIERS: &[(Q, &str)] = &[
    (Q::Over, "more than|over|upwards of|in excess of"),
    (Q::AtLeast, "at least|no fewer than|no less than|a minimum of"),
    (Q::UpTo, "up to|as many as|as much as|a maximum of"),
    (Q::AtMost, "at most|no more than"),
    (Q::Under, "fewer than|less than|under|below"),
    (Q::About, "about|approximately|around|roughly|some|an estimated|estimated"),
    (Q::Nearly, "nearly|almost|close to|just under"),
];
pub(super) const NUMBER_WORDS: &str = "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen \
    sixteen seventeen eighteen nineteen twenty";
pub(super) const SCALES: &[(&str, f64)] = &[("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)];
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
pub(super) fn listed(list: L, w: &str) -> bool {
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
pub(super) enum L {
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
pub(super) enum Q {
    None,
    Over,
    AtLeast,
    UpTo,
    AtMost,
    Under,
    About,
    Nearly,
}

/// Whether `w` (lower case) looks like a plural noun, which a counted phrase ends in.
pub(super) fn plural(w: &str) -> bool {
    IRREGULAR.iter().any(|p| p.0 == w)
        || (w.len() > 3 && w.ends_with('s') && !["ss", "us", "is", "'s", "’s"].iter().any(|e| w.ends_with(e)))
}

/// The singular of a plural noun, lower case ("detainees" → "detainee"): the key figures are compared by.
pub(super) fn singular(w: &str) -> String {
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
