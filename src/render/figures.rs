//! Figures compared across outlets, for event pages: within the event and across its related events.

use super::views::{DateView, Link};
use crate::figures::{self, Figure};
use crate::markdown::shorten;
use crate::site::{ArticleIx, EventIx, Site};
use serde::Serialize;

/// Longest quoted sentence, to keep event pages light.
const SENTENCE_CHARS: usize = 220;

/// A group of figures that count the same thing.
#[derive(Serialize)]
pub(super) struct GroupView<'a> {
    /// What the figures count.
    pub label: String,
    /// The outlets' figures cannot all be true.
    pub disagree: bool,
    /// Only one outlet states this figure.
    pub single_outlet: bool,
    /// One row per stated figure.
    pub rows: Vec<Row<'a>>,
}

/// One stated figure.
#[derive(Serialize)]
pub(super) struct Row<'a> {
    /// As written, with its qualifier ("up to 14,000").
    pub text: String,
    /// Outlet name and page.
    pub outlet: &'a str,
    /// Outlet page.
    pub outlet_url: String,
    /// The article's date.
    pub date: Option<DateView>,
    /// The sentence it comes from, shortened.
    pub sentence: String,
    /// The article page.
    pub article_url: String,
    /// Set when the figure comes from a related event rather than this one.
    pub related: Option<Link<'a>>,
}

/// Figure groups for event `e`: its own articles first, then those of its related events.
/// Groups with only related-event figures are left out: they belong on those events' pages.
pub(super) fn groups(site: &Site, e: EventIx) -> Vec<GroupView<'_>> {
    let Some(stated) = &site.figures else {
        return Vec::new();
    };
    let own = &site.events[e].members;
    // Figures are only ever grouped with figures of the same kind, so a related event's figure
    // of a kind this event never states could only form a group without this event: skip it.
    let kinds: std::collections::HashSet<&str> =
        own.iter().flat_map(|&a| stated[a].iter().map(|f| f.kind.as_str())).collect();
    let related = site.related[e].iter().flat_map(|&(r, _)| site.events[r].members.iter().copied());
    // Figure groups name articles by plain position, as `figures` knows nothing of the model.
    let items: Vec<(usize, &str, Vec<Figure>)> = own
        .iter()
        .map(|&a| (a, stated[a].clone()))
        .chain(related.map(|a| (a, stated[a].iter().filter(|f| kinds.contains(f.kind.as_str())).cloned().collect())))
        .filter(|(_, figs): &(ArticleIx, Vec<Figure>)| !figs.is_empty())
        .map(|(a, figs)| (a.index(), site.articles[a].outlet.as_str(), figs))
        .collect();
    let groups = figures::group(&items);
    let is_own = |a: ArticleIx| site.event_of[a] == e;
    groups
        .into_iter()
        .filter(|g| g.entries.iter().any(|(a, _)| is_own(ArticleIx::new(*a))))
        .map(|g| GroupView {
            label: g.label,
            disagree: g.disagree,
            single_outlet: g.outlets <= 1,
            rows: g
                .entries
                .into_iter()
                .map(|(a, f)| {
                    let a = ArticleIx::new(a);
                    let ev = site.event_of[a];
                    Row {
                        text: f.text,
                        outlet: &site.articles[a].outlet,
                        outlet_url: site.outlet_url(site.outlet_of[a]),
                        date: DateView::of(site.articles[a].date),
                        sentence: shorten(&f.sentence, SENTENCE_CHARS),
                        article_url: site.article_url(a),
                        related: (!is_own(a)).then(|| Link {
                            title: &site.articles[site.events[ev].headline].title,
                            url: site.event_url(ev),
                        }),
                    }
                })
                .collect(),
        })
        .collect()
}
