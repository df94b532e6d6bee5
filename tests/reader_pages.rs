//! The reader's view of a site: story cards, the month archive, attribution, the outlet order,
//! the favicon, and the weight of a big event's page.

mod common;
use common::*;
use std::fs;
use std::path::Path;

fn page(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A site with one pinned event of five articles from four outlets (Harbour Times twice),
/// published over three days.
fn five_article_event() -> tempfile::TempDir {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    let items = [
        ("Harbour Times", "2025-02-01T08:00:00Z", "Bridge closes after crack found"),
        ("Coast Daily", "2025-02-01T09:00:00Z", "Engineers shut the old bridge"),
        ("Harbour Times", "2025-02-02", "Bridge repairs to take months"),
        ("River Wire", "2025-02-02", "Commuters face long detours"),
        ("Valley Post", "2025-02-03", "Council debates a new bridge"),
    ];
    for (i, (outlet, date, title)) in items.iter().enumerate() {
        let front = format!("title: {title}\noutlet: {outlet}\ndate: {date}\nevent: bridge-closure");
        let body =
            format!("Item {i}. The old bridge over the harbour was closed on Saturday after inspectors found a crack.");
        article(site.path(), &format!("a{i}.md"), &front, &body);
    }
    site
}

#[test]
fn a_story_card_has_headline_lead_three_headlines_and_full_coverage() {
    let site = five_article_event();
    build_ok(site.path(), &[]);
    let index = page(site.path(), "index.html");
    let card = index
        .split("<li class=\"story\">")
        .nth(1)
        .expect("a story card")
        .split("class=\"full-coverage\"")
        .next()
        .unwrap();
    assert!(card.contains("<h3><a href=\"/events/bridge-closure/\">"), "the headline links to the event: {card}");
    assert!(card.contains("class=\"story-lead\""), "{card}");
    // Three more headlines, each with its outlet; the fifth article is left to the event page.
    let headlines = card.split("<ul class=\"headlines\">").nth(1).unwrap().split("</ul>").next().unwrap();
    assert_eq!(headlines.matches("<li>").count(), 3, "{headlines}");
    assert!(headlines.contains("<span class=\"outlet\">"), "{headlines}");
    assert!(index.contains("Full coverage: 5 articles from 4 outlets"), "{index}");
    // The index does not list every article of the event.
    assert!(index.matches("/articles/").count() <= 3, "{index}");
}

#[test]
fn who_covered_it_is_sorted_by_count_with_bars_only_when_counts_differ() {
    let site = five_article_event();
    build_ok(site.path(), &[]);
    let ev = page(site.path(), "events/bridge-closure/index.html");
    let who = ev.split("<h2 id=\"outlets-h\">").nth(1).unwrap().split("</section>").next().unwrap();
    let first = who.find("Harbour Times").unwrap();
    assert!(["Coast Daily", "River Wire", "Valley Post"].iter().all(|o| who.find(o).unwrap() > first), "{who}");
    assert_eq!(who.matches("class=\"bar\"").count(), 4, "counts differ, so every outlet has a bar: {who}");
    assert!(who.contains("2 articles"), "{who}");
    // No initials badges: outlets are named.
    assert!(!ev.contains("class=\"badge\""));
    // The headline is attributed; its article leads the page and is not repeated below.
    let attribution = ev.split("<p class=\"attribution\">").nth(1).unwrap().split("</p>").next().unwrap();
    let lead = ev.split("class=\"lead-story\"").nth(1).unwrap().split("</section>").next().unwrap();
    let lead_href = lead.split("class=\"article-link\" href=\"").nth(1).unwrap().split('"').next().unwrap();
    let timeline = ev.split("class=\"event-timeline\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(!timeline.contains(lead_href), "the lead article is not repeated in the timeline");
    assert_eq!(timeline.matches("class=\"article-link\"").count(), 4, "{timeline}");
    assert!(attribution.starts_with("Headline from <a href=\"/outlets/"), "{attribution}");
    // Day separators, oldest day first.
    let days: Vec<&str> = timeline.split("<h3 class=\"day-sep\"><time datetime=\"").skip(1).map(|d| &d[..10]).collect();
    assert!(days.windows(2).all(|w| w[0] < w[1]) && days.len() >= 2, "{days:?}");
}

#[test]
fn the_month_archive_files_each_event_under_its_latest_month() {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    let ev = |name: &str, date: Option<&str>, event: &str| {
        let date = date.map(|d| format!("\ndate: {d}")).unwrap_or_default();
        article(
            site.path(),
            &format!("{name}.md"),
            &format!("title: {name}\noutlet: O{date}\nevent: {event}"),
            "Text.",
        );
    };
    ev("January-storm", Some("2025-01-20"), "jan-storm");
    ev("March-vote", Some("2025-02-27"), "march-vote");
    ev("March-vote-count", Some("2025-03-02"), "march-vote");
    ev("Undated-fair", None, "fair");
    build_ok(site.path(), &[]);
    let archive = page(site.path(), "archive/index.html");
    let (m, j, u) =
        (archive.find("March 2025").unwrap(), archive.find("January 2025").unwrap(), archive.find("Undated").unwrap());
    assert!(m < j && j < u, "newest month first, the undated last: {archive}");
    assert!(!archive.contains("February 2025"), "the vote's latest article is in March");
    let march = page(site.path(), "archive/2025/03/index.html");
    assert!(march.contains("/events/march-vote/") && !march.contains("/events/jan-storm/"), "{march}");
    assert!(page(site.path(), "archive/2025/01/index.html").contains("/events/jan-storm/"));
    assert!(page(site.path(), "archive/undated/index.html").contains("/events/fair/"));
    assert!(!site.path().join("public/archive/2025/02").exists());
    let index = page(site.path(), "index.html");
    assert!(index.contains("<a href=\"/archive/2025/03/\">March 2025</a>"), "the index links the months");
    assert!(page(site.path(), "sitemap.xml").contains("<loc>https://example.org/archive/2025/01/</loc>"));
}

#[test]
fn outlets_are_sorted_as_a_reader_sorts_them() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let outlets = page(site.path(), "outlets/index.html");
    let pos: Vec<usize> = ["A News", "Costa Rica Post", "fizoti.com", "london24-7.uk", "Voz.us"]
        .iter()
        .map(|o| outlets.find(&format!(">{o}</a>")).unwrap_or_else(|| panic!("{o}: {outlets}")))
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "A to Z ignoring case: {pos:?}");
}

#[test]
fn every_page_has_a_favicon_and_articles_link_the_original_at_the_top() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    assert!(page(site.path(), "favicon.svg").starts_with("<svg"));
    for p in ["index.html", "outlets/index.html", "archive/index.html", "404.html"] {
        assert!(page(site.path(), p).contains("<link rel=\"icon\" href=\"/favicon.svg\""), "{p}");
    }
    let art = page(site.path(), "articles/004-vozus-17-violent-criminals-sent-to-el-salvador/index.html");
    let read = art.find("Read the original at Voz.us").expect("a link to the original");
    let body = art.find("<div class=\"body\">").expect("the body");
    assert!(art.find("<h1>").unwrap() < read, "the link is under the headline");
    assert!(read < body, "the link to the original comes before the text");
}

#[test]
fn an_event_page_of_200_articles_stays_under_200_kb() {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    for i in 0..200 {
        let body = format!(
            "Officials said {} people were evacuated from the coastal town as the storm approached. \
             The regional government reported that up to {} homes had lost power and that schools would stay closed. \
             Forecasters expect the storm to weaken by Wednesday, while crews from {} districts were sent to help.",
            1000 + i * 10,
            5000 + i * 100,
            3 + i % 4
        );
        let front = format!(
            "title: \"Storm forces evacuations, report {i}\"\noutlet: \"Outlet {}\"\ndate: 2025-01-{:02}T{:02}:00:00Z\nurl: https://outlet{i}.example/storm\nevent: the-storm",
            i % 60,
            1 + i / 24,
            i % 24
        );
        article(site.path(), &format!("a{i:03}.md"), &front, &body);
    }
    build_ok(site.path(), &[]);
    let css = fs::metadata(site.path().join("public/style.css")).unwrap().len();
    let dir = site.path().join("public/events/the-storm");
    let html = fs::metadata(dir.join("index.html")).unwrap().len();
    assert!(html + css < 200 * 1024, "event page {html} B + CSS {css} B");
    let first = page(site.path(), "events/the-storm/index.html");
    assert!(first.contains("200 articles from 60 outlets"), "the page still says how big the event is");
}
