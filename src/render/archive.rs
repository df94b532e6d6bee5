//! The month archive: every event under the month it was last updated, so that older events are
//! reachable in a few clicks however long the site has run, not only by paging back through the
//! index. `/archive/` lists the months; `/archive/2025/03/` the events of March 2025; undated
//! events have `/archive/undated/`.

use crate::site::{EventIx, Site};
use chrono::Datelike;
use serde::Serialize;

/// A month of the archive, or the undated events (`None`).
pub(crate) type Month = Option<(i32, u32)>;

/// The month event `e` is filed under: that of its latest dated article, as on the index.
pub(crate) fn month_of(site: &Site, e: EventIx) -> Month {
    site.events[e].last.map(|d| (d.day().year(), d.day().month()))
}

/// Every month that has events, newest first, then the undated events if there are any; with how
/// many events each holds.
pub(crate) fn months(site: &Site) -> Vec<(Month, usize)> {
    let mut out: Vec<(Month, usize)> = Vec::new();
    // Events are in index order (most recently updated first, undated last), so each month's
    // events are contiguous and the months come newest first.
    for e in EventIx::all(site.events.len()) {
        let m = month_of(site, e);
        match out.last_mut() {
            Some((last, n)) if *last == m => *n += 1,
            _ => out.push((m, 1)),
        }
    }
    out
}

/// The URL of a month's page.
pub(crate) fn month_url(site: &Site, m: Month) -> String {
    match m {
        Some((y, mo)) => format!("{}archive/{y:04}/{mo:02}/", site.base_path),
        None => format!("{}archive/undated/", site.base_path),
    }
}

/// "March 2025", or "Undated".
pub(crate) fn month_name(m: Month) -> String {
    match m.and_then(|(y, mo)| chrono::NaiveDate::from_ymd_opt(y, mo, 1)) {
        Some(d) => d.format("%B %Y").to_string(),
        None => "Undated".to_string(),
    }
}

/// A month as listed on the archive's first page and the index.
#[derive(Serialize)]
pub(crate) struct MonthLink {
    /// "March 2025".
    pub name: String,
    /// Its page.
    pub url: String,
    /// Events filed under it.
    pub events: usize,
}

/// The months as links, newest first.
pub(crate) fn month_links(site: &Site) -> Vec<MonthLink> {
    months(site)
        .into_iter()
        .map(|(m, events)| MonthLink { name: month_name(m), url: month_url(site, m), events })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_named_and_the_undated_have_their_own() {
        assert_eq!(month_name(Some((2025, 3))), "March 2025");
        assert_eq!(month_name(None), "Undated");
        assert_eq!(month_name(Some((2025, 13))), "Undated", "no such month: never a panic");
    }
}
