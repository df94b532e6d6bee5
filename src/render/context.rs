//! Outlet context on pages: an event's coverage mix, its blindspot flags, who reported it first
//! and how much of it is original, and the `/blindspots/` page.

use super::cards::{Cards, extend};
use super::page::Filled;
use super::views::OutletRef;
use crate::site::{EventIx, Mix, Site};
use serde::Serialize;
use tera::{Context, Value};

/// One axis of an event's coverage mix, as the event page shows it.
#[derive(Serialize)]
struct MixView<'a> {
    /// The axis's key (`country`, `lean`), for classes and tests.
    axis: &'a str,
    /// Its heading ("Countries").
    label: String,
    /// What is counted: "outlets", or "articles" for kind.
    unit: &'static str,
    /// Each value with its count and share, most first, "unknown" last.
    values: Vec<MixValue<'a>>,
}

/// One value of a mix.
#[derive(Serialize)]
struct MixValue<'a> {
    /// The value as `site.toml` or the front matter gives it, or "unknown".
    value: &'a str,
    /// Outlets (articles, for kind) with that value.
    count: usize,
    /// `count` as a whole percentage of the mix's total, for its bar.
    share: usize,
    /// Whether this is the count of outlets without a value.
    unknown: bool,
}

/// The mix of `m` on an axis, with "unknown" last when any outlet lacks a value.
fn values(m: &Mix) -> Vec<MixValue<'_>> {
    let total = m.values.iter().map(|v| v.1).sum::<usize>() + m.unknown;
    let share = |n: usize| (n * 100).checked_div(total).unwrap_or(0);
    let mut out: Vec<MixValue> =
        m.values.iter().map(|(v, n)| MixValue { value: v, count: *n, share: share(*n), unknown: false }).collect();
    if m.unknown > 0 {
        out.push(MixValue { value: crate::config::UNKNOWN, count: m.unknown, share: share(m.unknown), unknown: true });
    }
    out
}

/// How much of an event is original reporting.
#[derive(Serialize)]
struct Originality {
    /// Articles that are not a copy of another.
    original: usize,
    /// All its articles.
    total: usize,
}

/// Adds what the event page says about event `e`'s outlets: `coverage_mix`, `blindspots` (the
/// flag sentences), `first_reported_by` (outlet links, A to Z) and `originality`.
pub(super) fn event(site: &Site, e: EventIx, ctx: &mut Context) {
    let c = &site.context;
    let mix: Vec<MixView> = c
        .axes
        .iter()
        .zip(&c.mixes[e.index()])
        .map(|(axis, m)| MixView {
            axis: axis.key(),
            label: axis.label(),
            unit: if axis.per_article() { "articles" } else { "outlets" },
            values: values(m),
        })
        .collect();
    ctx.insert("coverage_mix", &mix);
    let flags: Vec<String> = c.blindspots[e.index()].iter().map(|(k, v)| c.axes[*k].only(v)).collect();
    ctx.insert("blindspots", &flags);
    let first: Vec<OutletRef> = site.first_reported_by(e).into_iter().map(|o| OutletRef::new(site, o, 1)).collect();
    ctx.insert("first_reported_by", &first);
    ctx.insert("originality", &Originality { original: site.original_count(e), total: site.events[e].members.len() });
}

/// Events listed per axis on `/blindspots/`, newest first; the rest are counted, and each is
/// still flagged on its own page. A bound keeps the page light on a large archive.
pub(crate) const BLINDSPOTS_PER_AXIS: usize = 200;

/// One axis on `/blindspots/`.
#[derive(Serialize)]
struct AxisSpots {
    /// The axis's key.
    axis: String,
    /// Its heading ("Countries").
    label: String,
    /// Its events covered from one value only: each event's card with `flag`, the sentence.
    events: Vec<Value>,
    /// How many more there are than are listed.
    more: usize,
}

/// `/blindspots/`: per axis the site uses, the events covered by outlets of one value only.
pub(super) fn blindspots(site: &Site, cards: &Cards, ctx: &mut Context) -> Filled {
    let c = &site.context;
    let axes: Vec<AxisSpots> = c
        .axes
        .iter()
        .enumerate()
        .map(|(k, axis)| {
            let all: Vec<(EventIx, &str)> = EventIx::all(site.events.len())
                .filter_map(|e| c.blindspots[e.index()].iter().find(|(x, _)| *x == k).map(|(_, v)| (e, v.as_str())))
                .collect();
            let events = all
                .iter()
                .take(BLINDSPOTS_PER_AXIS)
                .map(|&(e, v)| extend(&cards.event(e), [("flag", axis.only(v).into())]))
                .collect();
            AxisSpots {
                axis: axis.key().to_string(),
                label: axis.label(),
                events,
                more: all.len().saturating_sub(BLINDSPOTS_PER_AXIS),
            }
        })
        .collect();
    ctx.insert("axes", &axes);
    Ok(("blindspots.html", "Blindspots".to_string(), format!("{}blindspots/", site.base_path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_comes_last_and_shares_add_up_to_the_whole() {
        let m = Mix { values: vec![("Turkey".into(), 2), ("Costa Rica".into(), 1)], unknown: 1 };
        let v = values(&m);
        let shown: Vec<(&str, usize, usize, bool)> = v.iter().map(|x| (x.value, x.count, x.share, x.unknown)).collect();
        assert_eq!(shown, [("Turkey", 2, 50, false), ("Costa Rica", 1, 25, false), ("unknown", 1, 25, true)]);
        let known = Mix { values: vec![("left".into(), 3)], unknown: 0 };
        assert_eq!(values(&known).len(), 1, "no unknown entry when every outlet has a value");
    }
}
