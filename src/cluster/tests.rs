//! Unit tests of the online pass.

use super::score::time_factor;
use super::*;

fn items<'a>(fs: &'a [Features], times: &[Option<i64>], ids: &'a [String]) -> Vec<Item<'a>> {
    fs.iter().zip(times).zip(ids).map(|((f, t), id)| Item { features: f, time: *t, pin: None, id }).collect()
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{i:03}")).collect()
}

#[test]
fn order_is_dated_by_time_then_id_and_undated_last() {
    let f = Features::default();
    let ids: Vec<String> = ["c", "a", "b", "d", "0"].iter().map(|s| s.to_string()).collect();
    let fs = [f.clone(), f.clone(), f.clone(), f.clone(), f];
    let its = items(&fs, &[Some(5), Some(9), None, Some(5), None], &ids);
    assert_eq!(processing_order(&its), vec![0, 3, 1, 4, 2]);
}

/// Texts of two unrelated stories, the first told three ways.
fn volcano_and_rates() -> Vec<Features> {
    [
        (
            "Volcano erupts on Iceland peninsula",
            "Lava flows from the Reykjanes volcano near Grindavik, forcing evacuations.",
        ),
        (
            "Central bank raises interest rates",
            "The Federal Reserve raised its benchmark interest rate by a quarter point.",
        ),
        (
            "Grindavik evacuated as Reykjanes volcano erupts",
            "The Reykjanes volcano erupted, lava approaching Grindavik.",
        ),
        (
            "Iceland volcano: lava reaches Grindavik",
            "Lava from the Reykjanes eruption reached Grindavik after evacuations.",
        ),
    ]
    .iter()
    .map(|(t, b)| Features::extract(t, b, b))
    .collect()
}

#[test]
fn an_undated_article_joins_the_dated_event_it_fits_and_keeps_its_own_slug_as_an_alias() {
    let fs = volcano_and_rates();
    let ids: Vec<String> = ["a-undated", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
    // The undated one has the smallest id; it used to be taken first and found the event.
    let its = items(&fs, &[None, Some(0), Some(3600), Some(7200)], &ids);
    let c = cluster(&its, &ClusteringConfig::default(), |i| format!("e{i}"), None);
    assert_eq!(c.event_of[0], c.event_of[2], "placed by content with the dated coverage");
    assert_eq!(c.event_of[2], c.event_of[3]);
    assert_ne!(c.event_of[0], c.event_of[1]);
    let volcano = c.event_of[2];
    assert_eq!(c.slugs[volcano], "e2", "the slug comes from the first dated article");
    assert_eq!(c.aliases[volcano], vec!["e0"], "the slug the undated article would have given its own event");
    assert_eq!(c.decisions[0].kind, DecisionKind::Joined);
    assert!(c.aliases[c.event_of[1]].is_empty(), "a dated article reserves nothing");

    // Alone (before the dated coverage arrived), it founded that very event.
    let alone = cluster(&its[..1], &ClusteringConfig::default(), |i| format!("e{i}"), None);
    assert_eq!(alone.slugs, vec!["e0"]);
}

#[test]
fn an_unknown_gap_counts_less_than_a_known_short_one() {
    // The same pair of texts, dated an hour apart or with one side undated.
    let fs = volcano_and_rates();
    let (a, b) = (fs[0].clone(), fs[3].clone());
    let pair = [a, b];
    let ids = ids(2);
    let dated =
        cluster(&items(&pair, &[Some(0), Some(3600)], &ids), &ClusteringConfig::default(), |i| format!("e{i}"), None);
    let undated =
        cluster(&items(&pair, &[Some(0), None], &ids), &ClusteringConfig::default(), |i| format!("e{i}"), None);
    let (d, u) = (&dated.decisions[1], &undated.decisions[1]);
    assert!(d.time_factor > 0.95, "{}", d.time_factor);
    assert_eq!(u.time_factor, time_factor(&ClusteringConfig::default(), None));
    assert!((u.score / u.time_factor - d.score / d.time_factor).abs() < 1e-5, "the same text similarity");
}

#[test]
fn similar_texts_group_and_different_ones_do_not() {
    let texts = [
        (
            "Volcano erupts on Iceland peninsula",
            "Lava flows from the Reykjanes volcano near Grindavik, forcing evacuations.",
        ),
        (
            "Icelandic volcano eruption forces evacuation of Grindavik",
            "The Reykjanes peninsula volcano erupted again, lava approaching Grindavik.",
        ),
        (
            "Central bank raises interest rates",
            "The Federal Reserve raised its benchmark interest rate by a quarter point on inflation.",
        ),
    ];
    let fs: Vec<Features> = texts.iter().map(|(t, b)| Features::extract(t, b, b)).collect();
    let ids = ids(3);
    let its = items(&fs, &[Some(0), Some(3600), Some(7200)], &ids);
    let c = cluster(&its, &ClusteringConfig::default(), |i| format!("e{i}"), None);
    assert_eq!(c.event_of[0], c.event_of[1]);
    assert_ne!(c.event_of[0], c.event_of[2]);
    assert_eq!(c.slugs, vec!["e0", "e2"]);
    assert_eq!(c.decisions[1].kind, DecisionKind::Joined);
    assert!(c.decisions[1].score >= c.decisions[1].threshold);
}

#[test]
fn time_separates_similar_events() {
    let t =
        "Storm floods the coastal town of Marlow; residents evacuated by boat as the river Tamsin bursts its banks.";
    let fs: Vec<Features> = (0..2).map(|_| Features::extract("Floods hit Marlow", t, t)).collect();
    let ids = ids(2);
    let day = 86_400;
    let near =
        cluster(&items(&fs, &[Some(0), Some(day / 2)], &ids), &ClusteringConfig::default(), |i| format!("e{i}"), None);
    assert_eq!(near.events.len(), 1);
    let cfg = ClusteringConfig { window_days: 10.0, ..Default::default() };
    let far = cluster(&items(&fs, &[Some(0), Some(40 * day)], &ids), &cfg, |i| format!("e{i}"), None);
    assert_eq!(far.events.len(), 2, "beyond the window an event is not a candidate");
}

#[test]
fn pins_override_and_name_the_event() {
    let fs: Vec<Features> =
        ["alpha beta gamma", "delta epsilon zeta"].iter().map(|t| Features::extract(t, t, t)).collect();
    let ids = ids(2);
    let mut its = items(&fs, &[Some(0), Some(1)], &ids);
    its[0].pin = Some("my-event");
    its[1].pin = Some("my-event");
    let c = cluster(&its, &ClusteringConfig::default(), |i| format!("e{i}"), None);
    assert_eq!(c.events, vec![vec![0, 1]]);
    assert_eq!(c.slugs, vec!["my-event"]);
    assert_eq!(c.decisions[1].kind, DecisionKind::Pinned);
}

#[test]
fn copies_join_the_original_even_when_far_apart_in_time() {
    let wire = "The agency reported that the central committee approved the reform package late on Tuesday after \
        a long debate, with officials saying the measures would take effect next month across all provinces and \
        that further details would be published in the official gazette.";
    let fs = vec![
        Features::extract("Committee approves reform package", wire, wire),
        Features::extract(
            "Unrelated gardening tips",
            "Plant tulips in autumn.",
            "Plant tulips in autumn. Water them well.",
        ),
        Features::extract("Reform approved", wire, &format!("{wire} Reporting by staff.")),
    ];
    let ids = ids(3);
    let day = 86_400;
    let cfg = ClusteringConfig { time_floor: 0.0, half_life_days: 0.1, ..Default::default() };
    let c = cluster(&items(&fs, &[Some(0), Some(day), Some(20 * day)], &ids), &cfg, |i| format!("e{i}"), None);
    assert_eq!(c.event_of[2], c.event_of[0]);
    assert!(matches!(c.decisions[2].kind, DecisionKind::Copy(0, s) if s > 0.6));
}

#[test]
fn trace_captures_the_compared_state() {
    let fs: Vec<Features> =
        ["red apples fall", "red apples fall from trees"].iter().map(|t| Features::extract(t, t, t)).collect();
    let ids = ids(2);
    let c =
        cluster(&items(&fs, &[Some(0), Some(10)], &ids), &ClusteringConfig::default(), |i| format!("e{i}"), Some(1));
    let t = c.trace.unwrap();
    assert_eq!(t.event.members, 1);
    assert!(!t.article.body.is_empty());
}

#[test]
fn online_pass_fed_in_order_equals_the_batch_pass() {
    let words = ["volcano", "lava", "bank", "rates", "election", "ballots", "storm", "flood", "court", "ruling"];
    let fs: Vec<Features> = (0..60)
        .map(|k| {
            let (a, b) = (words[k % 5 * 2], words[k % 5 * 2 + 1]);
            let text = format!("Story {k}: the {a} and the {b} near Town{} said Officer{}.", k % 7, k % 3);
            Features::extract(&format!("{a} {b} news {k}"), &text, &text)
        })
        .collect();
    let ids = ids(fs.len());
    let times: Vec<Option<i64>> =
        (0..fs.len()).map(|k| (k % 9 != 0).then_some((k as i64 * 7919) % 50 * 3600)).collect();
    let its = items(&fs, &times, &ids);
    let cfg = ClusteringConfig::default();
    let slug = |i: usize| format!("e{i}");
    let batch = cluster(&its, &cfg, slug, None);
    let mut online = Online::new(its.len(), &cfg, &slug);
    for i in order_by(its.len(), |i| (times[i], ids[i].as_str())) {
        online.push(i, &its[i]);
    }
    let streamed = online.finish();
    assert!(batch.events.len() > 1 && batch.events.len() < fs.len(), "{} events", batch.events.len());
    assert_eq!(streamed.events, batch.events);
    assert_eq!(streamed.slugs, batch.slugs);
    assert_eq!(streamed.decisions, batch.decisions);
}

#[test]
fn an_undated_article_that_names_a_weekday_goes_to_the_event_on_that_day() {
    // Two eruptions of one volcano, five weeks apart, told in the same words; then an
    // undated report of the same words that says "Thursday". Day 0 (1970-01-01) was a Thursday.
    let text = |day: &str| {
        let body = format!("The Reykjanes volcano erupted on {day}, lava approaching Grindavik after evacuations.");
        Features::extract("Volcano erupts near Grindavik", &body, &body)
    };
    let fs = [text("Monday"), text("Thursday"), text("Thursday")];
    let day = |n: i64| Some(n * 86_400 + 36_000);
    let ids: Vec<String> = ["monday", "thursday", "undated"].iter().map(|s| s.to_string()).collect();
    // Monday 1970-02-09 and Thursday 1970-01-01: further apart than the window, so two events.
    let its = items(&fs, &[day(39), day(0), None], &ids);
    let c = cluster(&its, &ClusteringConfig::default(), |i| format!("e{i}"), None);
    assert_ne!(c.event_of[0], c.event_of[1], "five weeks apart: two eruptions");
    assert_eq!(c.event_of[2], c.event_of[1], "the undated report names Thursday");
    let d = &c.decisions[2];
    assert_eq!(d.gap_days, Some(0.0));
    assert_eq!(d.time_factor, 1.0);
    let (other, score) = d.runner_up.unwrap();
    assert_eq!(other, c.event_of[0]);
    // Monday is three days from a Thursday or a Friday: the factor of a three-day gap.
    assert!((score / d.score - time_factor(&ClusteringConfig::default(), Some(3.0))).abs() < 0.05, "{score}");

    // Without the weekday, the same texts leave the choice to content alone: equal factors.
    let plain: Vec<Features> = fs.iter().map(|f| Features { weekday: None, ..f.clone() }).collect();
    let c = cluster(
        &items(&plain, &[day(39), day(0), None], &ids),
        &ClusteringConfig::default(),
        |i| format!("e{i}"),
        None,
    );
    assert_eq!(c.decisions[2].gap_days, None);
    assert_eq!(c.decisions[2].time_factor, time_factor(&ClusteringConfig::default(), None));
}
