//! What readers see: compared figures, timelines, related events, outlet profiles, page weight.

mod common;
use common::*;
use std::fs;

fn event_pages(site: &std::path::Path) -> Vec<(Vec<String>, String)> {
    let json = events_json(&site.join("public"));
    json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let arts = e["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()[..3].to_string()).collect();
            let page =
                fs::read_to_string(site.join("public/events").join(e["slug"].as_str().unwrap()).join("index.html"))
                    .unwrap();
            (arts, page)
        })
        .collect()
}

/// The `<table class="figures ...">` elements of a page, as (classes, inner text).
fn figure_tables(page: &str) -> Vec<(String, String)> {
    page.split("<table class=\"")
        .skip(1)
        .map(|t| (t.split('"').next().unwrap().to_string(), t.split("</table>").next().unwrap().to_string()))
        .collect()
}

#[test]
fn capacity_conflict_is_flagged_on_both_event_pages_and_headcounts_agree() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    for (arts, page) in event_pages(site.path()) {
        let tables = figure_tables(&page);
        let disagree: Vec<&(String, String)> = tables.iter().filter(|(c, _)| c == "figures disagree").collect();
        assert_eq!(disagree.len(), 1, "{arts:?}: {tables:#?}");
        let t = &disagree[0].1;
        assert!(
            t.contains("up to 14,000")
                && t.contains("fizoti.com")
                && t.contains("up to 40,000")
                && t.contains("Costa Rica Post"),
            "{t}"
        );
        let heads = tables.iter().find(|(_, t)| t.contains(">238<")).expect("238 is compared");
        assert_eq!(heads.0, "figures", "238 and over 200 are not a conflict");
        assert!(heads.1.contains("over 200") && heads.1.contains("more than 200"), "{}", heads.1);
        // Figures from the other event are marked as such.
        assert!(page.contains("(related event: <a href=\"/events/"), "{arts:?}");
    }
    let visit = event_pages(site.path()).into_iter().find(|(a, _)| a.len() == 3).unwrap().1;
    assert!(visit.contains("more figures reported by one outlet</summary>"));
    assert!(visit.contains("approximately 86,000"), "single-outlet figures are listed");
}

#[test]
fn event_page_has_lead_timeline_outlets_related_and_permalink() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let pages = event_pages(site.path());
    let (_, visit) = pages.iter().find(|(a, _)| a.len() == 3).unwrap();
    let (_, transfer) = pages.iter().find(|(a, _)| a.len() == 2).unwrap();
    // The undated Costa Rica Post article is listed apart, not given a date.
    let undated = visit.split("<h3 class=\"day-sep\">Undated</h3>").nth(1).expect("undated section");
    assert!(undated.contains("href=\"/articles/003-costaricapost-officials-visit-prison/\""), "{undated}");
    // The headline is attributed, and its article is the lead, not repeated in the timeline below.
    assert!(visit.contains("Headline from <a href=\"/outlets/a-news/\">A News</a>"), "{visit}");
    let lead = visit.split("class=\"lead-story\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(lead.contains("002-anews-noem-visits-el-salvador-mega-prison"), "{lead}");
    let timeline = visit.split("<ol class=\"timeline\">").nth(1).unwrap().split("</ol>").next().unwrap();
    assert!(!timeline.contains("Costa Rica Post") && !timeline.contains("002-anews"), "{timeline}");
    assert!(timeline.contains("000-london247-noem-tours-el-salvador-prison"), "{timeline}");
    // A day heading above each day's articles.
    assert!(visit.contains("<h3 class=\"day-sep\"><time datetime=\"2025-03-27\">Thursday 27 March 2025</time></h3>"));
    // The transfer's headline is Voz.us's (31 March); fizoti.com (1 April) follows in the timeline.
    assert!(transfer.contains("Headline from <a href=\"/outlets/voz-us/\">Voz.us</a>"), "{transfer}");
    let t = transfer.split("class=\"event-timeline\"").nth(1).unwrap();
    assert!(t.contains("fizoti.com") && !t.contains("004-vozus"), "{t}");
    for page in [visit, transfer] {
        assert!(page.contains("<h2 id=\"lead-h\""));
        assert!(page.contains("<h2 id=\"outlets-h\">Who covered it</h2>"));
        // One article per outlet: no bars, since they would all be the same length.
        assert!(!page.contains("class=\"bar\""), "bars only when counts differ");
        assert!(page.contains("rel=\"bookmark\">Permalink</a>"));
        assert!(
            page.contains("<h2 id=\"related-h\">Related events</h2>"),
            "the visit and the transfer link to each other"
        );
        assert!(page.contains("/feed.xml\">Feed</a>"));
    }
    assert!(visit.contains("href=\"/events/2025-03-31-17-violent-criminals-from-el-tren/\""));
}

#[test]
fn outlet_page_has_profile_range_exclusives_and_feed() {
    let site = sample_site();
    article(
        site.path(),
        "zz-exclusive.md",
        "title: Volcano erupts near Reykjavik\noutlet: Voz.us\ndate: 2025-04-20",
        "Lava flowed from a fissure on the Reykjanes peninsula.",
    );
    build_ok(site.path(), &[]);
    let page = fs::read_to_string(site.path().join("public/outlets/voz-us/index.html")).unwrap();
    assert!(page.contains("<dt>Active</dt><dd><time datetime=\"2025-03-31\">31 March 2025</time> to <time datetime=\"2025-04-20\">20 April 2025</time></dd>"), "{page}");
    assert!(page.contains("<dt>Articles</dt><dd>2</dd>"));
    assert!(page.contains("<dt>Events covered</dt><dd>2, of which 1 by no other outlet here</dd>"), "{page}");
    let coverage = page.split("<h2 id=\"coverage-h\">").nth(1).unwrap().split("</section>").next().unwrap();
    // Each event once, newest first, each article once, dated by this outlet's article: the
    // transfer shows Voz.us's 31 March, not the event's last update (fizoti.com's 1 April, 01:01).
    assert!(coverage.find("Volcano erupts").unwrap() < coverage.find("17 &#39;violent").unwrap(), "{coverage}");
    assert_eq!(coverage.matches("/articles/004-vozus-17-violent-criminals-sent-to-el-salvador/").count(), 1);
    assert_eq!(coverage.matches("/events/2025-03-31-17-violent-criminals-from-el-tren/").count(), 1);
    assert!(coverage.contains("<time datetime=\"2025-03-31\">31 March 2025</time>"), "{coverage}");
    assert!(!coverage.contains("01:01"), "{coverage}");
    assert!(coverage.contains("only this outlet"), "the volcano is covered by Voz.us alone");
    assert!(!page.contains("Exclusives"), "no separate section listing the same events again");
    assert!(page.contains("also covered by 1 other outlet"));
    assert!(page.contains("href=\"/outlets/voz-us/feed.xml\""));
}

#[test]
fn index_groups_events_by_day() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let index = fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let a = index.find("<time datetime=\"2025-04-01\">Tuesday 1 April 2025</time></h2>").expect("day heading");
    let b = index.find("<time datetime=\"2025-03-27\">Thursday 27 March 2025</time></h2>").expect("day heading");
    assert!(a < b, "newest day first");
    for page in ["index.html", "outlets/index.html", "search/index.html", "404.html"] {
        let html = fs::read_to_string(site.path().join("public").join(page)).unwrap();
        assert!(html.contains("<form class=\"search-box\" role=\"search\""), "{page} has the search box");
        assert!(!html.contains("<script") || page.starts_with("search"), "{page} needs no JavaScript");
    }
}

#[test]
fn figures_compare_on_a_fixture_of_our_own() {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    let front = |o: &str, d: &str| format!("title: Floods hit Marlow\noutlet: {o}\ndate: {d}\nevent: marlow-floods");
    article(
        site.path(),
        "a.md",
        &front("River Gazette", "2025-02-01"),
        "At least 12 people died in the floods in Marlow. Rescuers said about 300 homes were damaged.",
    );
    article(
        site.path(),
        "b.md",
        &front("Valley Post", "2025-02-01"),
        "Officials in Marlow confirmed 8 deaths after the floods. Nearly 300 houses were damaged by the water.",
    );
    build_ok(site.path(), &[]);
    let page = fs::read_to_string(site.path().join("public/events/marlow-floods/index.html")).unwrap();
    let tables = figure_tables(&page);
    let deaths =
        tables.iter().find(|(_, t)| t.contains("At least 12") || t.contains("at least 12")).expect("deaths compared");
    assert_eq!(deaths.0, "figures disagree", "{deaths:?}");
    assert!(deaths.1.contains(">8<"));
    let homes = tables.iter().find(|(_, t)| t.contains("about 300")).expect("homes compared");
    assert_eq!(homes.0, "figures");
    assert!(homes.1.contains("Nearly 300") || homes.1.contains("nearly 300"));
}

#[test]
fn an_event_page_of_twenty_articles_stays_under_60_kb() {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    for i in 0..20 {
        let body = format!(
            "Officials said {} people were evacuated from the coastal town on Monday as the storm approached. \
             The regional government reported that up to {} homes had lost power and that schools would stay closed. \
             Forecasters expect the storm to weaken by Wednesday, according to the national weather service, \
             while emergency crews from {} neighbouring districts were sent to help.\n\n\
             Residents described flooded streets and fallen trees. \"We have never seen water this high,\" one said.",
            1000 + i * 10,
            5000 + i * 100,
            3 + i % 4
        );
        let front = format!(
            "title: \"Storm forces evacuations, report {i}\"\noutlet: \"Outlet {i}\"\ndate: 2025-01-01T{:02}:00:00Z\nurl: https://outlet{i}.example/storm\nevent: the-storm",
            i
        );
        article(site.path(), &format!("a{i:02}.md"), &front, &body);
    }
    build_ok(site.path(), &[]);
    let html = fs::metadata(site.path().join("public/events/the-storm/index.html")).unwrap().len();
    let css = fs::metadata(site.path().join("public/style.css")).unwrap().len();
    assert!(html + css < 60 * 1024, "event page {html} B + CSS {css} B");
}
