//! Outlet context across events: the coverage mix of each event on each axis the site uses
//! (country, language, owner, kind of piece and the site's own `[axes]`), the events covered
//! from one side of an axis only (blindspots), who reported an event first, and how much of its
//! coverage is original.
//!
//! Only what `site.toml` and the front matter say is counted: an outlet without a value is
//! "unknown", never guessed, and an event with any unknown outlet on an axis is never called a
//! blindspot on it, as the unknown outlet may well be from the other side.

use super::{ArticleIx, Event, EventIx, Outlet, OutletIx, Site};
use crate::article::{Article, ArticleDate};
use crate::config::{Config, OutletMeta};
use std::collections::{BTreeMap, BTreeSet};

/// One axis of outlet context, in the order pages show them: the built-in ones, then the site's
/// own from `[axes]`, A to Z.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Axis {
    /// Where the outlet is based.
    Country,
    /// The language it publishes in.
    Language,
    /// Who owns it.
    Owner,
    /// What kind of piece each article is: its own `kind`, else its outlet's. The only axis
    /// counted by article, since one outlet runs news and opinion alike.
    Kind,
    /// One of the site's own axes, by name.
    Own(String),
}

impl Axis {
    /// The axis's name as `site.toml` and `events.json` write it.
    pub(crate) fn key(&self) -> &str {
        match self {
            Axis::Country => "country",
            Axis::Language => "language",
            Axis::Owner => "owner",
            Axis::Kind => "kind",
            Axis::Own(name) => name,
        }
    }

    /// The heading of its coverage mix ("Countries").
    pub(crate) fn label(&self) -> String {
        match self {
            Axis::Country => "Countries".into(),
            Axis::Language => "Languages".into(),
            Axis::Owner => "Owners".into(),
            Axis::Kind => "Kinds of piece".into(),
            Axis::Own(name) => {
                let mut c = name.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            }
        }
    }

    /// Whether the mix counts articles (kind) rather than outlets.
    pub(crate) fn per_article(&self) -> bool {
        matches!(self, Axis::Kind)
    }

    /// The sentence that flags an event covered by `value` only ("Covered only by outlets in Turkey").
    pub(crate) fn only(&self, value: &str) -> String {
        match self {
            Axis::Country => format!("Covered only by outlets in {value}"),
            Axis::Language => format!("Covered only by outlets publishing in {value}"),
            Axis::Owner => format!("Covered only by outlets owned by {value}"),
            Axis::Kind => format!("Covered only by {} pieces", value),
            Axis::Own(name) => format!("Covered only by outlets whose {name} is {value}"),
        }
    }

    /// An outlet's value on this axis, as `site.toml` gives it (for `Kind`, the outlet's kind).
    fn of_outlet<'a>(&self, meta: &'a OutletMeta) -> Option<&'a str> {
        match self {
            Axis::Country => meta.country.as_deref(),
            Axis::Language => meta.language.as_deref(),
            Axis::Owner => meta.owner.as_deref(),
            Axis::Kind => meta.kind.as_deref(),
            Axis::Own(name) => meta.axes.get(name).and_then(toml::Value::as_str),
        }
    }
}

/// One event's coverage on one axis: each known value with how many outlets (articles, for
/// kind) carry it, most first and then A to Z, and how many are unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mix {
    /// Known values with their counts, most first, then A to Z.
    pub values: Vec<(String, usize)>,
    /// Outlets (articles, for kind) without a value.
    pub unknown: usize,
}

/// The outlet context of the whole site, computed once with the model.
#[derive(Debug, Clone, Default)]
pub(crate) struct OutletContext {
    /// The axes the site uses: those at least one outlet (or, for kind, one article) carries.
    pub axes: Vec<Axis>,
    /// Each event's mix on each axis, parallel to `axes`.
    pub mixes: Vec<Vec<Mix>>,
    /// Each event's blindspots: the index into `axes` and the one value it was covered from.
    pub blindspots: Vec<Vec<(usize, String)>>,
}

/// The kind of piece article `a` is: its own `kind`, else its outlet's.
pub(super) fn kind_of<'a>(article: &'a Article, outlet: &'a Outlet) -> Option<&'a str> {
    article.kind.as_deref().or(outlet.meta.kind.as_deref())
}

/// Computes every event's mix and blindspots.
///
/// An event is a blindspot on an axis when at least two outlets covered it, every one of them
/// (every article, for kind) has a value on that axis, and they all share one value, while the
/// site's outlets carry at least two values there: on a site whose outlets are all in one
/// country, no event is a blindspot for being covered from it.
pub(super) fn compute(
    config: &Config,
    articles: &[Article],
    outlets: &[Outlet],
    outlet_of: &[OutletIx],
    events: &[Event],
) -> OutletContext {
    let mut candidates = vec![Axis::Country, Axis::Language, Axis::Owner, Axis::Kind];
    candidates.extend(config.axes.keys().map(|k| Axis::Own(k.clone())));
    let mut axes = Vec::new();
    let mut contrasted = Vec::new();
    for axis in candidates {
        let mut seen: BTreeSet<&str> = outlets.iter().filter_map(|o| axis.of_outlet(&o.meta)).collect();
        if axis.per_article() {
            seen.extend(articles.iter().filter_map(|a| a.kind.as_deref()));
        }
        if !seen.is_empty() {
            contrasted.push(seen.len() >= 2);
            axes.push(axis);
        }
    }
    let mut mixes = Vec::with_capacity(events.len());
    let mut blindspots = Vec::with_capacity(events.len());
    for ev in events {
        let per_axis: Vec<Mix> = axes
            .iter()
            .map(|axis| {
                let values: Vec<Option<&str>> = if axis.per_article() {
                    ev.members.iter().map(|&m| kind_of(&articles[m], &outlets[outlet_of[m]])).collect()
                } else {
                    ev.outlets.iter().map(|&(o, _)| axis.of_outlet(&outlets[o].meta)).collect()
                };
                mix(values)
            })
            .collect();
        let spots = per_axis
            .iter()
            .enumerate()
            .filter(|&(k, m)| contrasted[k] && ev.outlets.len() >= 2 && m.unknown == 0 && m.values.len() == 1)
            .map(|(k, m)| (k, m.values[0].0.clone()))
            .collect();
        mixes.push(per_axis);
        blindspots.push(spots);
    }
    OutletContext { axes, mixes, blindspots }
}

/// Counts values into a mix.
fn mix(values: Vec<Option<&str>>) -> Mix {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unknown = 0;
    for v in values {
        match v {
            Some(v) => *counts.entry(v).or_default() += 1,
            None => unknown += 1,
        }
    }
    let mut values: Vec<(String, usize)> = counts.into_iter().map(|(v, n)| (v.to_string(), n)).collect();
    // Stable: equal counts keep A to Z.
    values.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    Mix { values, unknown }
}

/// Whether two dates cannot be told apart in order: the same moment, or the same day when
/// either gives the day only.
fn tied(x: ArticleDate, y: ArticleDate) -> bool {
    x.timestamp() == y.timestamp()
        || (matches!(x, ArticleDate::Day(_)) || matches!(y, ArticleDate::Day(_))) && x.day() == y.day()
}

impl Site {
    /// The outlets of event `e`'s earliest dated articles, A to Z: more than one when their dates
    /// cannot be told apart (two articles dated the same day, with no time), as picking one by
    /// file name would claim what no source says. Empty when no article is dated.
    pub(crate) fn first_reported_by(&self, e: EventIx) -> Vec<OutletIx> {
        let ev = &self.events[e];
        let Some(first) = ev.first else { return Vec::new() };
        let tie: BTreeSet<OutletIx> = ev
            .members
            .iter()
            .filter(|&&m| self.articles[m].date.is_some_and(|d| tied(d, first)))
            .map(|&m| self.outlet_of[m])
            .collect();
        tie.into_iter().collect()
    }

    /// How many of event `e`'s articles are original reporting: not a copy ("same text as") of
    /// an earlier article.
    pub(crate) fn original_count(&self, e: EventIx) -> usize {
        self.events[e].members.iter().filter(|&&m| self.copy_of[m].is_none()).count()
    }

    /// The kind of piece article `a` is: its own `kind`, else its outlet's.
    pub(crate) fn kind_of(&self, a: ArticleIx) -> Option<&str> {
        kind_of(&self.articles[a], &self.outlets[self.outlet_of[a]])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(toml: &str) -> Config {
        Config::parse(Path::new("site.toml"), &format!("title = \"T\"\nbase_url = \"https://x.org/\"\n{toml}")).unwrap()
    }

    fn outlet(config: &Config, name: &str) -> Outlet {
        Outlet {
            name: name.into(),
            slug: name.to_lowercase(),
            meta: config.outlets.get(name).cloned().unwrap_or_default(),
            articles: Vec::new(),
            events: Vec::new(),
            first: None,
            last: None,
        }
    }

    /// Events of `groups` (article indexes), where article `i` is by outlet `by[i]` with kind `kinds[i]`.
    fn site(toml: &str, names: &[&str], by: &[usize], kinds: &[Option<&str>], groups: &[&[usize]]) -> OutletContext {
        let cfg = config(toml);
        let outlets: Vec<Outlet> = names.iter().map(|n| outlet(&cfg, n)).collect();
        let articles: Vec<Article> =
            kinds.iter().map(|k| Article { kind: k.map(String::from), ..Article::default() }).collect();
        let outlet_of: Vec<OutletIx> = by.iter().map(|&o| OutletIx::new(o)).collect();
        let events: Vec<Event> = groups
            .iter()
            .map(|g| {
                let mut counts: BTreeMap<OutletIx, usize> = BTreeMap::new();
                g.iter().for_each(|&m| *counts.entry(outlet_of[m]).or_default() += 1);
                Event {
                    slug: String::new(),
                    members: g.iter().map(|&m| ArticleIx::new(m)).collect(),
                    headline: ArticleIx::new(g[0]),
                    first: None,
                    last: None,
                    outlets: counts.into_iter().collect(),
                    aliases: Vec::new(),
                }
            })
            .collect();
        compute(&cfg, &articles, &outlets, &outlet_of, &events)
    }

    const OUTLETS: &str = "[axes]\nlean = [\"left\", \"right\"]\n\
        [outlets.A]\ncountry = \"Turkey\"\nlean = \"left\"\n\
        [outlets.B]\ncountry = \"Turkey\"\nlean = \"right\"\nkind = \"wire\"\n\
        [outlets.C]\ncountry = \"Costa Rica\"\n";

    #[test]
    fn only_axes_someone_carries_are_used_in_page_order() {
        let c = site(OUTLETS, &["A", "B", "C", "D"], &[0, 1], &[None, None], &[&[0, 1]]);
        let keys: Vec<&str> = c.axes.iter().map(Axis::key).collect();
        assert_eq!(keys, ["country", "kind", "lean"]);
        let c = site("", &["A"], &[0], &[Some("opinion")], &[&[0]]);
        assert_eq!(c.axes, [Axis::Kind], "an article's own kind puts the kind axis in use");
    }

    #[test]
    fn mixes_count_outlets_and_unknowns_and_kinds_count_articles() {
        // A twice and C and D once; the kind of article 1 is its own, of article 2 its outlet B's.
        let c = site(
            OUTLETS,
            &["A", "B", "C", "D"],
            &[0, 0, 1, 2, 3],
            &[None, Some("opinion"), None, None, None],
            &[&[0, 1, 2, 3, 4]],
        );
        let country = &c.mixes[0][0];
        assert_eq!(country.values, [("Turkey".to_string(), 2), ("Costa Rica".to_string(), 1)]);
        assert_eq!(country.unknown, 1);
        let kind = &c.mixes[0][1];
        assert_eq!(kind.values, [("opinion".to_string(), 1), ("wire".to_string(), 1)], "equal counts A to Z");
        assert_eq!(kind.unknown, 3);
        assert!(c.blindspots[0].is_empty());
    }

    #[test]
    fn blindspots_need_two_outlets_all_known_and_one_value_on_a_contrasted_axis() {
        let names = ["A", "B", "C", "D"];
        // A and B: both in Turkey, leaning apart.
        let c = site(OUTLETS, &names, &[0, 1], &[None, None], &[&[0, 1]]);
        let spots: Vec<(&str, &str)> = c.blindspots[0].iter().map(|(k, v)| (c.axes[*k].key(), v.as_str())).collect();
        assert_eq!(spots, [("country", "Turkey")]);
        assert_eq!(c.axes[0].only("Turkey"), "Covered only by outlets in Turkey");
        // One outlet alone is an exclusive, not a blindspot.
        let c = site(OUTLETS, &names, &[0, 0], &[None, None], &[&[0, 1]]);
        assert!(c.blindspots[0].is_empty());
        // An outlet without a country (D) may be from elsewhere: no blindspot.
        let c = site(OUTLETS, &names, &[0, 1, 3], &[None, None, None], &[&[0, 1, 2]]);
        assert!(c.blindspots[0].iter().all(|(k, _)| c.axes[*k] != Axis::Country), "{:?}", c.blindspots);
        // When every outlet of the site is in one country, no event is a blindspot for it.
        let one = "[outlets.A]\ncountry = \"Turkey\"\n[outlets.B]\ncountry = \"Turkey\"\n";
        let c = site(one, &["A", "B"], &[0, 1], &[None, None], &[&[0, 1]]);
        assert!(c.blindspots[0].is_empty());
    }

    #[test]
    fn own_axes_are_labelled_and_flagged_by_name() {
        let lean = Axis::Own("lean".into());
        assert_eq!(lean.label(), "Lean");
        assert_eq!(lean.only("left"), "Covered only by outlets whose lean is left");
        assert_eq!(Axis::Kind.only("opinion"), "Covered only by opinion pieces");
    }

    #[test]
    fn dates_a_day_apart_or_a_day_with_a_time_in_it_are_tied_or_not() {
        let d = |s: &str| ArticleDate::parse(s).unwrap();
        assert!(tied(d("2025-03-27"), d("2025-03-27")));
        assert!(tied(d("2025-03-27"), d("2025-03-27T08:00:00Z")));
        assert!(!tied(d("2025-03-27T07:00:00Z"), d("2025-03-27T08:00:00Z")));
        assert!(!tied(d("2025-03-26"), d("2025-03-27")));
    }
}
