//! The weekday a news text names first ("… opened a global climate summit Thursday"): a date cue
//! that undated articles still carry. News style names the day of the event, which is the day of
//! publication or the day before far more often than not, so an undated article that names a
//! Thursday most likely appeared on a Thursday or a Friday.

/// English weekday names, Monday first (so that the index is the ISO weekday less one).
pub(crate) const NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The first weekday named in `texts`, read in order (0 = Monday); only a capitalised whole word
/// counts, so "sundays" or "Mondayisation" do not.
pub(crate) fn first_named(texts: &[&str]) -> Option<u8> {
    texts.iter().find_map(|t| first_in(t))
}

fn first_in(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // Every weekday name ends in "day": find those and check the word around each.
    let mut from = 0;
    while let Some(k) = text[from..].find("day") {
        let end = from + k + 3;
        from = end;
        if bytes.get(end).is_some_and(|&b| is_word(b)) {
            continue;
        }
        if let Some(d) = NAMES.iter().position(|n| {
            end >= n.len()
                && &bytes[end - n.len()..end] == n.as_bytes()
                && (end == n.len() || !is_word(bytes[end - n.len() - 1]))
        }) {
            return Some(d as u8);
        }
    }
    None
}

/// Days from an undated article that names weekday `named` to the nearest day it could have
/// appeared on (that weekday or the next) for an event whose dated articles run from `first` to
/// `last` (seconds since the epoch): 0 when the weekday of one of the event's days fits, else 1 to 3.
pub(crate) fn gap_days(named: u8, first: i64, last: i64) -> f32 {
    let (first, last) = (first.div_euclid(86_400), last.div_euclid(86_400));
    // A week of days holds every weekday; the span is never longer than that here.
    let days = first..=last.min(first + 6);
    f32::from(days.map(|day| day_gap(named, day)).min().unwrap_or(3))
}

/// [`gap_days`] for one day (days since the epoch).
fn day_gap(named: u8, day: i64) -> u8 {
    // 1 January 1970 was a Thursday (3 with Monday as 0).
    let weekday = (day + 3).rem_euclid(7) as u8;
    let lag = (weekday + 7 - named) % 7;
    // Days back to the named day's next day, or forward to the named day of the next week.
    if lag <= 1 { 0 } else { (lag - 1).min(7 - lag) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_capitalised_weekday_in_reading_order() {
        assert_eq!(first_named(&["Biden to sign bill", "He said on Thursday, not Monday, that"]), Some(3));
        assert_eq!(first_named(&["Vote set for Sunday", "On Monday"]), Some(6));
        assert_eq!(first_named(&["every sunday", "Mondayisation of Today, a Holiday"]), None);
        assert_eq!(first_named(&["Friday's vote", "(Saturday)"]), Some(4));
        assert_eq!(first_named(&["", "day Day"]), None);
    }

    #[test]
    fn gap_is_zero_on_the_named_day_and_the_next_and_grows_to_three() {
        let day = |n: i64| n * 86_400 + 3_600; // 1970-01-01 plus n days, one in the morning
        let gap_days = |named, t| gap_days(named, t, t);
        // 1970-01-01 was a Thursday (3): an article naming Thursday fits Thursday and Friday.
        assert_eq!(gap_days(3, day(0)), 0.0);
        assert_eq!(gap_days(3, day(1)), 0.0);
        assert_eq!(gap_days(3, day(2)), 1.0, "Saturday is a day after Friday");
        assert_eq!(gap_days(3, day(3)), 2.0);
        assert_eq!(gap_days(3, day(4)), 3.0, "Monday is three days from either");
        assert_eq!(gap_days(3, day(5)), 2.0, "Tuesday is two days before the next Thursday");
        assert_eq!(gap_days(3, day(6)), 1.0, "Wednesday, the day before: 'will vote Thursday'");
        assert_eq!(gap_days(3, day(7)), 0.0, "a week later fits again");
        assert_eq!(gap_days(3, day(-7)), 0.0, "so does a week before 1970");
        assert_eq!(gap_days(0, day(4)), 0.0, "1970-01-05 was a Monday");
    }

    #[test]
    fn an_event_fits_if_any_of_its_days_does() {
        let day = |n: i64| n * 86_400 + 3_600;
        // Thursday named; an event from Saturday to Monday is one day from Friday at best.
        assert_eq!(gap_days(3, day(2), day(4)), 1.0);
        assert_eq!(gap_days(3, day(3), day(4)), 2.0);
        assert_eq!(gap_days(3, day(-1), day(4)), 0.0, "it began on a Wednesday... and ran past Thursday");
        assert_eq!(gap_days(3, day(2), day(400)), 0.0, "a long event holds every weekday");
    }
}
