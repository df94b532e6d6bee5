//! Grouping tests on the sample site and small fixtures: what links, what conflicts, the bounds.

use super::*;
use crate::figures::extract;
use crate::figures::fixtures::{SAMPLE, body, one, show};

/// The sample site's figures, grouped.
fn sample() -> Vec<Group> {
    let items: Vec<(usize, &str, Vec<Figure>)> =
        SAMPLE.iter().enumerate().map(|(i, (outlet, md))| (i, *outlet, extract(body(md)))).collect();
    group(&items)
}

/// The group holding article `a`'s figure written `text`.
fn holding<'g>(groups: &'g [Group], a: usize, text: &str) -> &'g Group {
    groups.iter().find(|g| has(g, a, text)).unwrap_or_else(|| panic!("no figure {text:?} in article {a}"))
}

/// Whether group `g` holds article `a`'s figure written `text`.
fn has(g: &Group, a: usize, text: &str) -> bool {
    g.entries.iter().any(|(i, f)| *i == a && f.text == text)
}

#[test]
fn capacities_conflict() {
    let groups = sample();
    let g = holding(&groups, 1, "up to 14,000");
    assert!(has(g, 3, "up to 40,000") && g.disagree && g.entries.len() == 2, "{g:#?}");
    assert_eq!((g.label.as_str(), g.outlets, &g.conflicts[..]), ("inmates (capacity)", 2, &[(0, 1)][..]));
    assert_eq!(groups[0].label, "inmates (capacity)", "conflicts sort first");
}

#[test]
fn deportees_held_agree_across_four_outlets() {
    let groups = sample();
    let g = holding(&groups, 2, "238");
    for (a, text) in [(0, "hundreds"), (3, "over 200"), (4, "more than 200"), (4, "238")] {
        assert!(has(g, a, text), "{text} missing from {g:#?}");
    }
    assert_eq!((g.entries.len(), g.outlets, g.disagree, g.label.as_str()), (5, 4, false, "Venezuelans"));
}

#[test]
fn money_and_seventeen_agree() {
    let groups = sample();
    let money = holding(&groups, 2, "$6 million");
    assert!(has(money, 3, "approximately $6 million") && !money.disagree && money.entries.len() == 2);
    let seventeen = holding(&groups, 1, "17");
    assert!(has(seventeen, 4, "17") && !seventeen.disagree && seventeen.entries.len() == 2);
}

#[test]
fn single_outlet_figures_stay_alone() {
    let groups = sample();
    let alone = [
        (0, "over 10,000"),
        (0, "an estimated 5,000"),
        (2, "dozens"),
        (3, "about 15,000"),
        (3, "approximately 86,000"),
        (3, "around 8,000"),
        (3, "over 2.5 million"),
        (3, "23%"),
    ];
    for (a, text) in alone {
        let g = holding(&groups, a, text);
        assert!(g.entries.len() == 1 && g.outlets == 1 && !g.disagree, "{text}: {g:#?}");
    }
    let nationals = holding(&groups, 3, "over 2.5 million");
    assert_eq!(nationals.entries[0].1.counted, "Salvadoran nationals");
    assert_eq!(holding(&groups, 3, "23%").label, "percent of El Salvador's GDP");
}

#[test]
fn flood_fixture() {
    let a = "Officials said at least 12 people died in the floods on Sunday, and about 300 homes were destroyed.";
    let b = "Sunday's floods caused 8 deaths, the mayor said. Nearly 300 houses were damaged by the floods, \
             and 40 residents were rescued by boat.";
    let groups = group(&[(0, "Daily A", extract(a)), (1, "Daily B", extract(b))]);
    let deaths = holding(&groups, 0, "at least 12");
    assert!(has(deaths, 1, "8") && deaths.disagree && deaths.label == "deaths", "{deaths:#?}");
    let homes = holding(&groups, 0, "about 300");
    assert!(has(homes, 1, "Nearly 300") && !homes.disagree && homes.outlets == 2, "{homes:#?}");
    assert_eq!(holding(&groups, 1, "40").entries.len(), 1);
    assert_eq!(groups.iter().map(|g| g.entries.len()).collect::<Vec<_>>(), [2, 2, 1]);
}

#[test]
fn grouping_compares_a_bounded_number_each_article_before_any_twice() {
    let fig = |n: usize, noun: &str| one(&format!("They counted {n} {noun}."));
    // 300 articles of 3 figures: more than the bound, so each article's first comes first.
    let items: Vec<(usize, &str, Vec<Figure>)> = (0..300)
        .map(|a| (a, "Outlet", ["boats", "cars", "trucks"].iter().map(|noun| fig(100 + a, noun)).collect()))
        .collect();
    let chosen = compared(&items);
    assert_eq!(chosen.len(), MAX_COMPARED);
    assert!(chosen.iter().all(|&(_, k)| k == 0), "no second figure before every article's first");
    assert!(chosen.windows(2).all(|w| w[0] < w[1]), "in the order given");
    let taken: usize = group(&items).iter().map(|g| g.entries.len()).sum();
    assert_eq!(taken, MAX_COMPARED);
    // Under the bound, everything takes part.
    let few: Vec<(usize, &str, Vec<Figure>)> = items[..10].to_vec();
    assert_eq!(compared(&few).len(), 30);
    // 100 articles of 3: the first two rounds fit whole, the third only in part.
    let chosen = compared(&items[..100]);
    let per_round = |k: usize| chosen.iter().filter(|c| c.1 == k).count();
    assert_eq!((per_round(0), per_round(1), per_round(2)), (100, 100, MAX_COMPARED - 200));
}

#[test]
fn deterministic_and_articles_agree_with_themselves() {
    assert_eq!(sample(), sample());
    let same_article = [(0, "X", extract("About 300 homes flooded. About 300 homes flooded again."))];
    assert!(group(&same_article).iter().all(|g| g.entries.len() == 1), "one article's figures never link");
    // B's 500 matches both of A's figures, but A's 300 and 800 contradict each other, so they stay apart.
    let a = "The flood destroyed 300 homes in the valley town. The flood destroyed 800 homes in the valley region.";
    let b = "Floods destroyed 500 homes in the valley.";
    let groups = group(&[(0, "A", extract(a)), (1, "B", extract(b))]);
    assert!(groups.iter().all(|g| !(has(g, 0, "300") && has(g, 0, "800"))), "{groups:#?}");
    assert!(groups.iter().any(|g| has(g, 1, "500") && g.entries.len() == 2 && g.disagree));
}

#[test]
#[expect(
    clippy::print_stdout,
    reason = "shows the sample's groups with --nocapture, for a reader checking them by eye"
)]
fn print_sample_groups() {
    for g in sample() {
        let tag = if g.disagree {
            "DISAGREE"
        } else if g.outlets == 1 {
            "one outlet only"
        } else {
            "agree"
        };
        println!("{} [{tag}; {} outlet(s)]", g.label, g.outlets);
        for (a, f) in &g.entries {
            let (lo, hi) = (show(f.lo), show(f.hi));
            println!("    {:<16} {:<26} {lo} .. {hi}   ({})", SAMPLE[*a].0, f.text, f.counted);
        }
    }
}
