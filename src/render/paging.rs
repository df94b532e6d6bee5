//! Bounds on what one page lists, so that output grows linearly with the site.
//!
//! Without them a story of 5,000 articles made every one of its article pages list the other
//! 4,999 (4.3 GB of output), and its event and outlet pages ran to megabytes. Every list on a
//! page is now either bounded by a constant or split across numbered pages.

use crate::site::{EventIx, OutletIx, Site};
use serde::Serialize;

/// Articles listed under "Other coverage" on an article page: the nearest in time.
pub(crate) const OTHER_COVERAGE: usize = 10;
/// Articles in an event's timeline, and events and articles on an outlet page, per page.
pub(crate) const PER_PAGE: usize = 100;
/// Headlines a story card on the index lists besides the event's own, before "Full coverage":
/// enough to show that outlets differ, few enough that a page of 50 stories stays short.
pub(crate) const CARD_ARTICLES: usize = 3;

/// Where a numbered page is, and its neighbours, for templates.
#[derive(Serialize)]
pub(crate) struct Pagination {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages there are.
    pub count: usize,
    /// The previous page's URL.
    pub prev: Option<String>,
    /// The next page's URL.
    pub next: Option<String>,
}

impl Pagination {
    /// Page `number` of `count`, whose first page is at `first` (a folder URL).
    pub(crate) fn new(first: &str, number: usize, count: usize) -> Pagination {
        Pagination {
            number,
            count,
            prev: (number > 1).then(|| numbered(first, number - 1)),
            next: (number < count).then(|| numbered(first, number + 1)),
        }
    }
}

/// URL of page `n` of a list whose first page is the folder URL `first`.
pub(crate) fn numbered(first: &str, n: usize) -> String {
    if n == 1 { first.to_string() } else { format!("{first}page/{n}/") }
}

/// Pages needed for `len` items, `per` a page (at least one).
pub(crate) fn count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// The items of page `n` (from 1) of `items`.
pub(crate) fn slice<T>(items: &[T], n: usize, per: usize) -> &[T] {
    let start = ((n - 1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

/// Pages of event `e`'s timeline.
pub(crate) fn event_pages(site: &Site, e: EventIx) -> usize {
    count(site.events[e].members.len(), PER_PAGE)
}

/// Pages of outlet `o`: its articles, each page grouping its articles by event.
pub(crate) fn outlet_pages(site: &Site, o: OutletIx) -> usize {
    count(site.outlets[o].articles.len(), PER_PAGE)
}

/// The `k` items of `order` nearest to position `pos` (itself left out): the window around it,
/// shifted to stay inside the list, so each article page lists a bounded neighbourhood.
pub(crate) fn nearby<T: Copy + PartialEq>(order: &[T], pos: usize, k: usize) -> Vec<T> {
    let n = order.len();
    let want = k.min(n.saturating_sub(1));
    let mut start = pos.saturating_sub(want / 2);
    if start + want + 1 > n {
        start = n.saturating_sub(want + 1);
    }
    order[start..(start + want + 1).min(n)].iter().copied().filter(|&m| m != order[pos]).take(want).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_item_once() {
        let items: Vec<usize> = (0..250).collect();
        let pages = count(items.len(), 100);
        assert_eq!(pages, 3);
        let all: Vec<usize> = (1..=pages).flat_map(|n| slice(&items, n, 100).to_vec()).collect();
        assert_eq!(all, items);
        assert_eq!(count(0, 100), 1);
        assert!(slice(&items[..0], 1, 100).is_empty());
    }

    #[test]
    fn page_urls_and_neighbours() {
        let p = Pagination::new("/events/x/", 2, 3);
        assert_eq!(p.prev.as_deref(), Some("/events/x/"));
        assert_eq!(p.next.as_deref(), Some("/events/x/page/3/"));
        assert!(Pagination::new("/events/x/", 1, 1).next.is_none());
    }

    #[test]
    fn nearby_is_a_bounded_window_without_the_article() {
        let order: Vec<usize> = (100..200).collect();
        assert_eq!(nearby(&order, 0, 10), (101..111).collect::<Vec<_>>());
        assert_eq!(nearby(&order, 50, 10), (145..156).filter(|&m| m != 150).collect::<Vec<_>>());
        assert_eq!(nearby(&order, 99, 10), (189..199).collect::<Vec<_>>());
        assert_eq!(nearby(&order[..3], 1, 10), vec![100, 102]);
        assert_eq!(nearby(&order[..1], 0, 10), Vec::<usize>::new());
    }
}
