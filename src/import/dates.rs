//! Dates from sources, in a form the `date` key accepts, and never guessed.
//!
//! Metadata dates (feeds, JSON-LD, `article:published_time`) are machine-readable and are kept
//! with their offset. Dates printed in a text are read by the rules in [`text_date`]: written-out
//! months and year-first dates are unambiguous; numeric day/month dates are read day first only
//! when nothing contradicts it (see [`Order`]), and left out when the order cannot be known.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// A feed's date (feed-rs gives it in UTC) as RFC 3339.
pub(crate) fn from_utc(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A metadata date (JSON-LD, meta tags) in a form the `date` key accepts: kept as written when it
/// already is one, otherwise RFC 3339 with its own offset (RFC 2822, offsets without a colon,
/// fractions of a second), or `YYYY-MM-DD HH:MM` when it has no zone. `None` when unreadable.
pub(crate) fn from_meta(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if crate::article::ArticleDate::parse(s).is_some() {
        return Some(s.to_string());
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s).or_else(|_| DateTime::parse_from_rfc2822(s)) {
        return Some(d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        }
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%d %H:%M").to_string());
        }
    }
    None
}

/// The day in a page address written as `/YYYY/MM/DD/` (as many news sites do), or `None`.
/// Compact forms such as `250331` are not read: `25-03-31` and `31-03-25` are both dates.
pub(crate) fn from_url(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let segs: Vec<&str> = u.path_segments()?.collect();
    segs.windows(3).find_map(|w| {
        let ok = w[0].len() == 4 && w[1].len() == 2 && w[2].len() == 2;
        let num = |s: &str| s.parse::<u32>().ok();
        let d = NaiveDate::from_ymd_opt(num(w[0])? as i32, num(w[1])?, num(w[2])?)?;
        ok.then(|| d.format("%Y-%m-%d").to_string())
    })
}

/// Which of two numbers up to 12 is the day, for numeric dates such as `01.04.2025`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Day first (`01.04.2025` is 1 April).
    DayFirst,
    /// Month first (`04/01/2025` is 1 April, as in the US).
    MonthFirst,
}

/// A numeric date as printed: the first and second number, the year, and the separator.
#[derive(Debug, Clone, Copy)]
struct Numeric {
    a: u32,
    b: u32,
    year: i32,
    sep: char,
}

/// The numeric dates `DD?MM?YYYY` in `text`, with `.`, `/` or `-` as the separator.
fn numeric_dates(text: &str) -> Vec<Numeric> {
    let mut out = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')) {
        let Some(sep) = ['.', '/', '-'].into_iter().find(|&s| word.matches(s).count() >= 2) else { continue };
        let parts: Vec<&str> = word.trim_end_matches(['.', ',']).split(sep).collect();
        if parts.len() != 3 || parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
            continue;
        }
        if let (Ok(a), Ok(b), Ok(year)) = (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
            out.push(Numeric { a, b, year, sep });
        }
    }
    out
}

/// The order the page's numeric dates with separator `sep` use: a date whose first number is over
/// 12 shows day first, one whose second is over 12 shows month first. With no such evidence,
/// dates with dots are read day first (`dd.mm.yyyy` is the dotted form's convention; month-first
/// dates are written with slashes), and slashes and dashes stay unknown (US and UK pages differ).
/// Contradicting evidence leaves the order unknown.
fn page_order(page: &[Numeric], sep: char) -> Option<Order> {
    let same = page.iter().filter(|n| n.sep == sep);
    let day_first = same.clone().any(|n| n.a > 12 && n.b <= 12);
    let month_first = same.clone().any(|n| n.b > 12 && n.a <= 12);
    match (day_first, month_first) {
        (true, false) => Some(Order::DayFirst),
        (false, true) => Some(Order::MonthFirst),
        (true, true) => None,
        (false, false) => (sep == '.').then_some(Order::DayFirst),
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a word names (`March`, `Mar`, `Mar.`), 1-based.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']).to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(&w) && (w.len() == m.len() || w.len() == 3)).map(|i| i as u32 + 1)
}

/// A time `HH:MM` (or `HH:MM:SS`) among `words`.
fn time(words: &[&str]) -> Option<NaiveTime> {
    words.iter().find_map(|w| {
        let w = w.trim_end_matches([',', '.']);
        NaiveTime::parse_from_str(w, "%H:%M").or_else(|_| NaiveTime::parse_from_str(w, "%H:%M:%S")).ok()
    })
}

/// The date printed in `line`, read by the rules above; `page` is the whole text, whose other
/// dates may show the day/month order. A time of day is kept (`YYYY-MM-DD HH:MM`, read as UTC,
/// since a page rarely states its zone). `None` when there is no date or its order is unknown.
pub(crate) fn text_date(line: &str, page: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let day = numeric_day(line, page).or_else(|| named_day(&words))?;
    Some(match time(&words) {
        Some(t) => day.and_time(t).format("%Y-%m-%d %H:%M").to_string(),
        None => day.format("%Y-%m-%d").to_string(),
    })
}

/// A numeric date in `line`: year first (`2025-03-31`), or day and month in the page's order.
fn numeric_day(line: &str, page: &str) -> Option<NaiveDate> {
    for w in line.split_whitespace() {
        let w = w.trim_end_matches([',', '.']);
        if let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") {
            return Some(d);
        }
    }
    let n = *numeric_dates(line).first()?;
    let order = if n.a > 12 {
        Order::DayFirst
    } else if n.b > 12 {
        Order::MonthFirst
    } else {
        page_order(&numeric_dates(page), n.sep)?
    };
    let (d, m) = if order == Order::DayFirst { (n.a, n.b) } else { (n.b, n.a) };
    NaiveDate::from_ymd_opt(n.year, m, d)
}

/// A date with the month written out: `March 31, 2025`, `31 March 2025`, `Mar. 31 2025`.
fn named_day(words: &[&str]) -> Option<NaiveDate> {
    let num = |w: &str| w.trim_end_matches([',', '.']).trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']).parse().ok();
    for (i, w) in words.iter().enumerate() {
        let Some(m) = month(w) else { continue };
        let year = |j: usize| words.get(j).and_then(|y| y.trim_end_matches([',', '.']).parse::<i32>().ok());
        let found = match (i.checked_sub(1).and_then(|j| num(words[j])), words.get(i + 1).and_then(|w| num(w))) {
            (_, Some(d)) if year(i + 2).is_some() => NaiveDate::from_ymd_opt(year(i + 2)?, m, d),
            (Some(d), _) if year(i + 1).is_some() => NaiveDate::from_ymd_opt(year(i + 1)?, m, d),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_dates_keep_their_offset() {
        assert_eq!(from_meta("2025-03-31").as_deref(), Some("2025-03-31"));
        assert_eq!(from_meta("2025-03-31T14:05:00-04:00").as_deref(), Some("2025-03-31T14:05:00-04:00"));
        assert_eq!(from_meta("2025-03-31T14:05:00.000+0000").as_deref(), Some("2025-03-31T14:05:00Z"));
        assert_eq!(from_meta("Mon, 31 Mar 2025 14:05:00 +0200").as_deref(), Some("2025-03-31T14:05:00+02:00"));
        assert_eq!(from_meta("2025-03-31T14:05:09").as_deref(), Some("2025-03-31 14:05"));
        assert_eq!(from_meta("last Tuesday"), None);
        assert_eq!(from_meta(""), None);
    }

    #[test]
    fn addresses_give_a_date_only_as_year_month_day() {
        let u = "https://london24-7.uk/2025/03/27/opinion/dhs-secretary";
        assert_eq!(from_url(u).as_deref(), Some("2025-03-27"));
        assert_eq!(from_url("https://voz.us/en/world/250331/22854/x.html"), None);
        assert_eq!(from_url("https://x.org/2025/13/40/x"), None);
        assert_eq!(from_url("https://x.org/news/1/2/x"), None);
    }

    #[test]
    fn day_and_month_order() {
        let page = "Published Date: 01.04.2025 01:01 / Politics";
        assert_eq!(text_date(page, page).as_deref(), Some("2025-04-01 01:01"), "dots: day first");
        assert_eq!(text_date("31.03.2025", "").as_deref(), Some("2025-03-31"));
        assert_eq!(text_date("03/31/2025", "").as_deref(), Some("2025-03-31"), "only month first can be");
        assert_eq!(text_date("04/01/2025", "04/01/2025"), None, "slashes, no evidence: unknown");
        let us = "Posted 04/01/2025. Updated 04/13/2025.";
        assert_eq!(text_date("04/01/2025", us).as_deref(), Some("2025-04-01"), "the page shows month first");
        let uk = "Posted 04/01/2025. Updated 13/04/2025.";
        assert_eq!(text_date("04/01/2025", uk).as_deref(), Some("2025-01-04"), "the page shows day first");
        let mixed = "13.04.2025 and 04.13.2025";
        assert_eq!(text_date("01.04.2025", mixed), None, "contradicting evidence: unknown");
        assert_eq!(text_date("Published on March 31, 2025 at 14:05", "").as_deref(), Some("2025-03-31 14:05"));
        assert_eq!(text_date("31st March 2025", "").as_deref(), Some("2025-03-31"));
        assert_eq!(text_date("Updated 2025-03-31", "").as_deref(), Some("2025-03-31"));
        assert_eq!(text_date("31.02.2025", ""), None, "no such day");
        assert_eq!(text_date("2 minutes read", ""), None);
        assert_eq!(text_date("May the best win, 2025", ""), None);
    }
}
