//! The publication date of an article, with the precision its source gave.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// A publication date with the precision the source gave; a date-only value is not midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleDate {
    /// Only the day is known.
    Day(NaiveDate),
    /// A moment, with the offset the source gave.
    Moment {
        /// The moment.
        at: DateTime<FixedOffset>,
        /// Whether the source gave seconds, so they are shown only then.
        seconds: bool,
    },
}

impl ArticleDate {
    /// Seconds since the epoch used for ordering and time gaps; a bare day counts as its noon UTC.
    pub fn timestamp(&self) -> i64 {
        match self {
            ArticleDate::Day(d) => d.and_hms_opt(12, 0, 0).map_or(0, |t| Utc.from_utc_datetime(&t).timestamp()),
            ArticleDate::Moment { at, .. } => at.timestamp(),
        }
    }

    /// The calendar day, in the source's own offset, for grouping and slugs.
    pub fn day(&self) -> NaiveDate {
        match self {
            ArticleDate::Day(d) => *d,
            ArticleDate::Moment { at, .. } => at.date_naive(),
        }
    }

    /// Machine-readable form for `<time datetime>` and JSON, keeping the source's precision.
    pub fn iso(&self) -> String {
        match self {
            ArticleDate::Day(d) => d.format("%Y-%m-%d").to_string(),
            ArticleDate::Moment { at, seconds: true } => at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ArticleDate::Moment { at, seconds: false } => {
                let off =
                    if at.offset().local_minus_utc() == 0 { "Z".to_string() } else { at.format("%:z").to_string() };
                format!("{}{off}", at.format("%Y-%m-%dT%H:%M"))
            }
        }
    }

    /// Full RFC 3339 timestamp, as Atom and sitemaps require; a bare day is given as its midnight UTC.
    pub fn rfc3339(&self) -> String {
        match self {
            ArticleDate::Day(d) => format!("{}T00:00:00Z", d.format("%Y-%m-%d")),
            ArticleDate::Moment { at, .. } => at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    /// Human-readable form, e.g. `27 March 2025` or `1 April 2025, 01:01 UTC`.
    pub fn human(&self) -> String {
        match self {
            ArticleDate::Day(d) => d.format("%-d %B %Y").to_string(),
            ArticleDate::Moment { at, .. } => {
                let off = if at.offset().local_minus_utc() == 0 {
                    "UTC".to_string()
                } else {
                    at.format("UTC%:z").to_string()
                };
                format!("{}, {} {off}", at.format("%-d %B %Y"), at.format("%H:%M"))
            }
        }
    }

    /// Parses the accepted forms: `YYYY-MM-DD`, RFC 3339, and `YYYY-MM-DD HH:MM[:SS]` read as UTC.
    pub fn parse(s: &str) -> Option<ArticleDate> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(ArticleDate::Day(d));
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(s) {
            return Some(ArticleDate::Moment { at, seconds: true });
        }
        for (fmt, seconds) in [("%Y-%m-%dT%H:%M%:z", false), ("%Y-%m-%dT%H:%M%#z", false)] {
            if let Ok(at) = DateTime::parse_from_str(s, fmt) {
                return Some(ArticleDate::Moment { at, seconds });
            }
        }
        if let Some(rest) = s.strip_suffix('Z')
            && let Ok(t) = NaiveDateTime::parse_from_str(rest, "%Y-%m-%dT%H:%M")
        {
            return Some(ArticleDate::Moment { at: Utc.from_utc_datetime(&t).fixed_offset(), seconds: false });
        }
        for (fmt, seconds) in [("%Y-%m-%d %H:%M", false), ("%Y-%m-%d %H:%M:%S", true)] {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(ArticleDate::Moment { at: Utc.from_utc_datetime(&t).fixed_offset(), seconds });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_forms_keep_precision() {
        assert_eq!(ArticleDate::parse("2025-03-27").unwrap().iso(), "2025-03-27");
        assert_eq!(ArticleDate::parse("2025-04-01 01:01").unwrap().iso(), "2025-04-01T01:01Z");
        assert_eq!(ArticleDate::parse("2025-04-01T01:01:02+02:00").unwrap().iso(), "2025-04-01T01:01:02+02:00");
        assert_eq!(ArticleDate::parse("2025-04-01T01:01:02Z").unwrap().human(), "1 April 2025, 01:01 UTC");
        let day = ArticleDate::parse("2025-03-27").unwrap();
        let noon = ArticleDate::parse("2025-03-27T12:00:00Z").unwrap();
        assert_eq!(day.timestamp(), noon.timestamp());
        assert_ne!(day, noon);
        assert!(ArticleDate::parse("27/03/2025").is_none());
        assert!(ArticleDate::parse("2025-02-30").is_none());
    }
}
