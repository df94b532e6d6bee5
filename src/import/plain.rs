//! Plain-text pages: the text of an article page as copied or saved from a browser, one paragraph
//! per line (blank lines between them or not), with whatever page chrome came along.
//!
//! What is recognised, near the top: a masthead naming the outlet's web address (`Voz media US
//! Voz.us`), date lines (`Published Date: 01.04.2025 01:01 / Politics`), bylines (`By Jane Doe`,
//! `Published by Jane Doe`, or a name on the line before or after a lone `Published by`), a
//! reading time, and the headline: the first remaining line when it reads as one (short, not
//! ending like a sentence) and text follows it. Anywhere: a picture caption printed twice (the
//! second time with its credit), a repeated headline, video-player text, "Found a mistake?"
//! lines, and everything from a "RECOMMENDATION", "Newsletter" or "Related Articles" line on.
//! Whatever is not recognised is kept as text or left out, never guessed: no headline, no date
//! and no outlet unless the text shows one (or the page's address is given).

use super::{DateSource, Draft, TitleSource, dates, md};

/// Lines that start the page's trailing blocks (recommendations, sign-ups, links to other
/// stories): they and everything after them are not the article.
const TRAILERS: &[&str] = &[
    "recommendation",
    "recommendations",
    "recommended",
    "recommended for you",
    "newsletter",
    "related",
    "related articles",
    "related stories",
    "related news",
    "read more",
    "read also",
    "more stories",
    "most read",
    "you may also like",
    "trending",
];

/// Lines that are page furniture wherever they stand.
const CHROME: &[&str] = &[
    "found a mistake? contact us!",
    "advertisement",
    "advertising",
    "share",
    "share this article",
    "tracking",
    "skip ad",
    "press shift question mark to access a list of keyboard shortcuts",
];

/// Lines above the article text in which a date line, byline or masthead is looked for.
const HEAD: usize = 12;

/// Labels that open a date line; `Updated` dates are used only when no other date is given.
const DATE_LABELS: &[&str] =
    &["published date:", "published:", "published on", "posted on", "posted:", "date:", "updated:", "last updated"];

/// Reads a plain-text page. `base_url`, the page's address when known, gives the `url`, and the
/// headline and date when the text has none (marked as taken from the address).
pub(crate) fn read(text: &str, base_url: Option<&str>) -> Result<Draft, String> {
    let mut lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if let Some(end) = lines.iter().skip(1).position(|l| is_trailer(l)) {
        lines.truncate(end + 1);
    }
    lines.retain(|l| !is_chrome(l));
    let mut d = Draft::new(None);
    drop_captions(&mut lines);

    // Dates, bylines and reading times near the top.
    let (mut date, mut updated) = (None, None);
    let mut i = 0;
    while i < lines.len().min(HEAD) {
        let lower = lines[i].to_lowercase();
        if let Some(label) = DATE_LABELS.iter().find(|l| lower.starts_with(*l)) {
            let found = dates::text_date(&lines[i][label.len()..], text);
            if label.starts_with("updated") || label.starts_with("last") {
                updated = updated.or(found);
            } else {
                date = date.or(found);
            }
            lines.remove(i);
        } else if let Some((at, n)) = byline(&lines, i) {
            d.authors.push(strip_by(lines[at]).to_string());
            let start = at.min(i);
            lines.drain(start..start + n);
            i = start;
        } else if reading_time(&lower) {
            lines.remove(i);
        } else {
            i += 1;
        }
    }
    d.date = date.or(updated);

    // A masthead, then the headline.
    if lines.len() > 2
        && let Some(site) = masthead(lines[0])
        && headline_shaped(lines[1])
    {
        d.outlet = Some(site);
        lines.remove(0);
    }
    if lines.len() > 1 && headline_shaped(lines[0]) {
        let h = lines.remove(0).to_string();
        lines.retain(|l| *l != h);
        d.title = Some(h);
    }
    if lines.is_empty() {
        return Err("no article text found".into());
    }

    if let Some(u) = base_url {
        d.url = Some(u.to_string());
        if d.title.is_none() {
            d.title = title_from_url(u, text);
            d.title_source = TitleSource::Url;
        }
        if d.date.is_none() {
            d.date = dates::from_url(u);
            d.date_source = DateSource::Url;
        }
    }
    let last = lines.len() - 1;
    let paras: Vec<String> =
        lines
            .iter()
            .enumerate()
            .map(|(k, l)| {
                if k > 0 && k < last && subheading(l) {
                    format!("## {}", md::escape_text(l))
                } else {
                    md::escape_text(l)
                }
            })
            .collect();
    d.body = paras.join("\n\n");
    Ok(d)
}

/// Whether `line` starts the trailing blocks.
fn is_trailer(line: &str) -> bool {
    let l = line.trim_end_matches(':').to_lowercase();
    TRAILERS.contains(&l.as_str())
}

/// Whether `line` is page furniture: a known line, a video player's controls and timings.
fn is_chrome(line: &str) -> bool {
    let l = line.to_lowercase();
    let timing = !l.is_empty() && l.len() <= 8 && l.chars().all(|c| c.is_ascii_digit() || c == ':') && l.contains(':');
    CHROME.contains(&l.as_str()) || timing || (l.contains(" seconds of ") && l.contains("volume"))
}

/// `N minutes read`, `N min read`.
fn reading_time(lower: &str) -> bool {
    let mut w = lower.split_whitespace();
    w.next().is_some_and(|n| n.parse::<u32>().is_ok())
        && w.next().is_some_and(|m| m.starts_with("min"))
        && w.next() == Some("read")
        && w.next().is_none()
}

/// Drops a picture caption printed twice, the second time with its credit appended
/// (`Members of ... arrive to CECOT.` then `Members of ... arrive to CECOT.AFP.`).
fn drop_captions(lines: &mut Vec<&str>) {
    let mut k = 0;
    while k + 1 < lines.len() {
        let (a, b) = (lines[k], lines[k + 1]);
        let credit = b.strip_prefix(a).map(str::trim);
        if credit.is_some_and(|c| !c.is_empty() && c.len() <= 40 && c.split_whitespace().count() <= 4) {
            lines.drain(k..k + 2);
        } else {
            k += 1;
        }
    }
}

/// A byline at line `i`: where the name is and how many lines the byline spans (from the
/// smaller of `i` and the name's line).
fn byline(lines: &[&str], i: usize) -> Option<(usize, usize)> {
    let l = lines[i];
    let lower = l.to_lowercase();
    if lower == "published by" || lower == "written by" || lower == "by" {
        if i > 0 && name_shaped(lines[i - 1]) {
            return Some((i - 1, 2));
        }
        if lines.get(i + 1).is_some_and(|n| name_shaped(n)) {
            return Some((i + 1, 2));
        }
        return None;
    }
    (name_shaped(strip_by(l)) && strip_by(l).len() < l.len()).then_some((i, 1))
}

/// `l` without a leading `By`, `Published by`, `Written by` or `Author:`.
fn strip_by(l: &str) -> &str {
    for p in ["Published by ", "Written by ", "By ", "BY ", "by ", "Author: ", "Author "] {
        if let Some(rest) = l.strip_prefix(p) {
            return rest.trim();
        }
    }
    l
}

/// A person's name: two to four words, each starting with a capital letter, made of letters,
/// hyphens, apostrophes and periods.
fn name_shaped(l: &str) -> bool {
    let words: Vec<&str> = l.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        })
}

/// The web address a masthead line names (`Voz.us` in `Voz media US Voz.us`): a short line with a
/// word shaped like a domain name.
fn masthead(l: &str) -> Option<String> {
    let words: Vec<&str> = l.split_whitespace().collect();
    if words.len() > 6 || l.ends_with(['.', '!', '?']) {
        return None;
    }
    words.iter().rev().find_map(|w| {
        let (name, tld) = w.rsplit_once('.')?;
        let ok = !name.is_empty()
            && (2..=6).contains(&tld.len())
            && tld.chars().all(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'));
        ok.then(|| w.to_string())
    })
}

/// Reads as a headline: at most 30 words and 300 bytes, not ending like a sentence.
fn headline_shaped(l: &str) -> bool {
    l.len() <= 300 && l.split_whitespace().count() <= 30 && !l.ends_with(['.', '!', '?', ':', ';', ','])
}

/// A subheading inside the text: a short line starting with a capital, not ending like a sentence.
fn subheading(l: &str) -> bool {
    l.split_whitespace().count() <= 12
        && l.chars().next().is_some_and(char::is_uppercase)
        && !l.ends_with(['.', '!', '?', ':', ';', ',', '"', '”', '\'', ')'])
}

/// A headline from the last part of the address's path (`.../us-visits-el-salvador-mega-prison`):
/// each word spelt as the text spells it most often (else lower case, the first capitalised),
/// two words joined by a hyphen when the text joins them so, and a trailing number (a page id)
/// dropped. `None` when the address has fewer than three words there.
fn title_from_url(url: &str, text: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let last = u.path_segments()?.rev().find(|s| !s.is_empty())?;
    let stem = last.rsplit_once('.').map_or(last, |(s, ext)| if ext.len() <= 5 { s } else { last });
    let mut words: Vec<&str> = stem.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    if words.last().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())) {
        words.pop();
    }
    if words.len() < 3 || words.iter().any(|w| !w.chars().all(|c| c.is_ascii_alphanumeric())) {
        return None;
    }
    let spelt = |w: &str| -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for t in text.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|t| t.eq_ignore_ascii_case(w)) {
            match counts.iter_mut().find(|(s, _)| s == t) {
                Some((_, n)) => *n += 1,
                None => counts.push((t.to_string(), 1)),
            }
        }
        // The most frequent spelling; the first seen among equals.
        let best = counts
            .iter()
            .fold(None::<&(String, usize)>, |b, c| if b.is_some_and(|b| b.1 >= c.1) { b } else { Some(c) });
        best.map(|(s, _)| s.clone())
    };
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if let Some(joined) = words.get(k + 1).and_then(|n| spelt(&format!("{}-{n}", words[k]))) {
            out.push(joined);
            k += 2;
            continue;
        }
        out.push(spelt(words[k]).unwrap_or_else(|| words[k].to_lowercase()));
        k += 1;
    }
    let first = out[0].clone();
    let mut cs = first.chars();
    out[0] = cs.next().map(|c| c.to_uppercase().chain(cs).collect()).unwrap_or_default();
    Some(out.join(" "))
}

#[cfg(test)]
mod tests;
