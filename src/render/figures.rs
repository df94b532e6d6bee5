//! Figures compared across outlets, for event pages: within the event and across its related events,
//! laid out so the part a reader shares comes first. Disagreements lead, then figures several outlets
//! agree on, then figures only one outlet states (which the template folds away); within each, the
//! event's own figures come before tables that are mostly a related event's. Groups that count the
//! same thing (one label) are shown as one table, each row keeping whether it conflicts; each quote is
//! cut around its figure ([`quote`](mod@quote)).

use super::views::{DateView, Link};
use crate::figures::{self, Figure, Group};
use crate::site::{ArticleIx, EventIx, Site};
use serde::Serialize;

mod quote;
#[cfg(test)]
mod tests;

/// Longest quote, in characters, to keep the section compact (the figure's sentence is cut around it).
const QUOTE_CHARS: usize = 200;

/// A table of figures that count the same thing.
#[derive(Serialize)]
pub(super) struct GroupView<'a> {
    /// What the figures count.
    pub label: String,
    /// Some outlets' figures cannot all be true.
    pub disagree: bool,
    /// Each figure is stated by one outlet only (the template folds these tables away).
    pub single_outlet: bool,
    /// Most rows come from related events rather than this one.
    pub related: bool,
    /// How many outlets the rows come from.
    pub outlets: usize,
    /// Rows say one by one whether they conflict: the table disagrees but not every row takes part
    /// (or it joins groups that were compared apart).
    pub mark_rows: bool,
    /// One row per stated figure, the rows of one compared group together.
    pub rows: Vec<Row<'a>>,
}

/// One stated figure.
#[derive(Serialize)]
pub(super) struct Row<'a> {
    /// As written, with its qualifier ("up to 14,000").
    pub text: String,
    /// Outlet name.
    pub outlet: &'a str,
    /// Outlet page.
    pub outlet_url: String,
    /// The article's date.
    pub date: Option<DateView>,
    /// The sentence it comes from, cut around the figure (it always holds `text`).
    pub sentence: String,
    /// The article page.
    pub article_url: String,
    /// Set when the figure comes from a related event rather than this one.
    pub related: Option<Link<'a>>,
    /// It cannot be true together with another outlet's figure in the same compared group.
    pub conflicts: bool,
    /// It starts another compared group of a merged table (its figures were not compared with the
    /// rows above, so the template can set them apart, e.g. as a new `<tbody>`).
    pub new_set: bool,
}

/// Where a table goes: disagreements, then figures several outlets agree on, then the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// Two outlets' figures cannot both be true.
    Disagree,
    /// Several outlets state it and nothing conflicts.
    Agree,
    /// One outlet only.
    OneOutlet,
}

impl Tier {
    /// The tier of one compared group.
    fn of(g: &Group) -> Tier {
        if g.disagree {
            Tier::Disagree
        } else if g.outlets > 1 {
            Tier::Agree
        } else {
            Tier::OneOutlet
        }
    }
}

/// Compared groups as one table of the page: those of one tier with the same label, in page order.
#[derive(Debug)]
struct Table {
    /// The first group's label (all are the same, but for case).
    label: String,
    /// The tier all its groups share.
    tier: Tier,
    /// Most of its rows are related events' rather than the event's own.
    related: bool,
    /// The groups, in the order [`figures::group`] gave them.
    parts: Vec<Group>,
}

/// The page order of `groups` (see the module doc), groups of one tier and label merged into one
/// table. Merging stays within a tier, so a figure nobody contradicts never sits in a table flagged
/// as a disagreement, and a single outlet's figure never leaves the folded part. `own` tells whether
/// an article (by the index given to [`figures::group`]) belongs to this event.
fn arrange(groups: Vec<Group>, own: impl Fn(usize) -> bool) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    for g in groups {
        let tier = Tier::of(&g);
        match tables.iter_mut().find(|t| t.tier == tier && t.label.to_lowercase() == g.label.to_lowercase()) {
            Some(t) => t.parts.push(g),
            None => tables.push(Table { label: g.label.clone(), tier, related: false, parts: vec![g] }),
        }
    }
    for t in &mut tables {
        let (mine, theirs) = t
            .parts
            .iter()
            .flat_map(|g| &g.entries)
            .fold((0, 0), |(m, o), e| if own(e.0) { (m + 1, o) } else { (m, o + 1) });
        t.related = theirs > mine;
    }
    let outlets = |t: &Table| t.parts.iter().map(|g| g.outlets).max().unwrap_or(0);
    // A stable sort: equal tables keep the grouping's order, so the output is deterministic.
    tables.sort_by(|a, b| {
        (a.tier, a.related)
            .cmp(&(b.tier, b.related))
            .then(outlets(b).cmp(&outlets(a)))
            .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
    tables
}

/// The rows of a table as (article, figure, conflicts, starts a new compared group), in order.
fn rows(t: &Table) -> impl Iterator<Item = (usize, &Figure, bool, bool)> {
    t.parts.iter().enumerate().flat_map(|(p, g)| {
        g.entries.iter().enumerate().map(move |(k, (a, f))| {
            let conflicts = g.conflicts.iter().any(|&(x, y)| x == k || y == k);
            (*a, f, conflicts, p > 0 && k == 0)
        })
    })
}

/// Figure tables for event `e`, in page order: its own articles' figures compared with those of its
/// related events. Groups with only related-event figures are left out: they belong on those events'
/// pages.
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
    let is_own = |a: usize| site.event_of[ArticleIx::new(a)] == e;
    let groups = figures::group(&items).into_iter().filter(|g| g.entries.iter().any(|(a, _)| is_own(*a))).collect();
    arrange(groups, is_own).iter().map(|t| view(site, e, t)).collect()
}

/// The template's view of one table.
fn view<'a>(site: &'a Site, e: EventIx, t: &Table) -> GroupView<'a> {
    let rows: Vec<Row<'a>> = rows(t)
        .map(|(a, f, conflicts, new_set)| {
            let a = ArticleIx::new(a);
            let ev = site.event_of[a];
            Row {
                text: f.text.clone(),
                outlet: &site.articles[a].outlet,
                outlet_url: site.outlet_url(site.outlet_of[a]),
                date: DateView::of(site.articles[a].date),
                sentence: quote::quote(&f.sentence, f.at.clone(), QUOTE_CHARS),
                article_url: site.article_url(a),
                related: (ev != e)
                    .then(|| Link { title: &site.articles[site.events[ev].headline].title, url: site.event_url(ev) }),
                conflicts,
                new_set,
            }
        })
        .collect();
    let disagree = t.tier == Tier::Disagree;
    let outlets: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.outlet).collect();
    GroupView {
        label: t.label.clone(),
        disagree,
        single_outlet: t.tier == Tier::OneOutlet,
        related: t.related,
        outlets: outlets.len(),
        mark_rows: disagree && (t.parts.len() > 1 || rows.iter().any(|r| !r.conflicts)),
        rows,
    }
}
