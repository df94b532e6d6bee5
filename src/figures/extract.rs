//! Reading figures: each sentence's numbers, with the qualifier before them, the noun phrase they
//! count and the words around them, turned into [`Figure`]s (see the module doc for the rules).

use super::tokens::{T, Tok, paragraphs, sentences, tokenize};
use super::words::{L, NUMBER_WORDS, Q, QUALIFIERS, SCALES, listed, plural, singular};
use super::{Figure, MAX_PER_ARTICLE};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::BTreeSet;

/// A number found at a token: token span, base range, numeral value and unit.
struct Num {
    start: usize,
    end: usize,
    lo: f64,
    hi: f64,
    value: Option<f64>,
    unit: Option<&'static str>,
}

/// All figures stated in `text` (an article body, Markdown or plain), in reading order.
pub(crate) fn extract(text: &str) -> Vec<Figure> {
    in_paragraphs(paragraphs(text, None))
}

/// [`extract`], given the byte offset of every word of `text` that [`super::may_state_a_figure`]
/// (in order): only the lines holding one are looked at.
pub(crate) fn extract_at(text: &str, hints: &[usize]) -> Vec<Figure> {
    in_paragraphs(paragraphs(text, Some(hints)))
}

/// The figures of `paragraphs`, each stated once, stopping at [`MAX_PER_ARTICLE`].
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
        // The figure as written: the sentence's text from the qualifier to the number's last token
        // (paragraphs are single-spaced, so it reads as the tokens joined).
        let at = t[qstart].start - t[0].start..t[n.end - 1].end - t[0].start;
        let text = sentence[at.clone()].to_string();
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
            at,
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

/// The lower-case word at token `k`, or "" when there is none (out of range or not a word).
fn word<'a>(t: &'a [Tok], k: usize) -> &'a str {
    t.get(k).filter(|x| x.t == T::Word).map_or("", |x| x.lc.as_ref())
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

#[cfg(test)]
mod tests;
