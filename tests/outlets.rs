//! Outlet context on real builds: the keys of `[outlets."Name"]` and `[axes]` and the article
//! `kind` checked with hints, every event's coverage mix, blindspots (their page and each event's
//! flag), kind labels, "first reported by" and originality, on pages and in events.json.

mod common;
use common::*;
use std::fs;
use std::path::Path;

fn page(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json_event<'a>(json: &'a serde_json::Value, slug: &str) -> &'a serde_json::Value {
    json["events"].as_array().unwrap().iter().find(|e| e["slug"] == slug).unwrap_or_else(|| panic!("no event {slug}"))
}

const HEAD: &str = "title = \"t\"\nbase_url = \"https://example.org/\"\n";

#[test]
fn every_bad_outlet_key_axis_value_and_kind_is_reported_at_its_line_in_one_run() {
    let site = new_site(&format!(
        "{HEAD}[axes]\nlean = [\"left\", \"centre\", \"right\"]\n\
         [outlets.\"A News\"]\ncontry = \"Turkey\"\nlean = \"center\"\nkind = \"press-release\"\n\
         [outlets.\"B\"]\nowner = \"unknown\"\n"
    ));
    article(site.path(), "a.md", "title: A\noutlet: A News\ndate: 2025-01-01\nkind: op-ed", "Body text here.");
    let out = roundup(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for (at, says, hint) in [
        ("site.toml:6:1:", "unknown key `contry` in [outlets.\"A News\"]", "did you mean `country`?"),
        ("site.toml:7:1:", "`lean` \"center\" is not a value of axis `lean`", "did you mean \"centre\"?"),
        ("site.toml:8:1:", "`kind` \"press-release\" is not a kind of outlet", "did you mean \"press release\"?"),
        ("site.toml:10:1:", "`owner` cannot be \"unknown\"", "leave the key out instead"),
    ] {
        let line = err.lines().position(|l| l.contains(at) && l.contains(says));
        let line = line.unwrap_or_else(|| panic!("no {at} {says} in:\n{err}"));
        let rest: String = err.lines().skip(line).take(3).collect::<Vec<_>>().join("\n");
        assert!(rest.contains(hint), "{at} has no hint {hint:?}:\n{err}");
    }
}

#[test]
fn an_articles_bad_kind_is_located_with_the_kinds() {
    let site = new_site(HEAD);
    article(site.path(), "a.md", "title: A\noutlet: X\ndate: 2025-01-01\nkind: editorial", "Body text here.");
    let out = roundup(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a.md:5:") && err.contains("`kind` \"editorial\" is not a kind of piece"), "{err}");
    assert!(err.contains("news, opinion, wire, press release, aggregator"), "{err}");
}

/// A site with a lean axis: "quake" covered by two left-leaning Turkish outlets (a blindspot on
/// country and on lean), "vote" by outlets from two countries, one of them with no lean.
fn axes_site() -> tempfile::TempDir {
    let site = new_site(&format!(
        "{HEAD}[axes]\nlean = [\"left\", \"centre\", \"right\"]\n\
         [outlets.\"Ankara Daily\"]\ncountry = \"Turkey\"\nlean = \"left\"\n\
         [outlets.\"Istanbul Post\"]\ncountry = \"Turkey\"\nlean = \"left\"\nkind = \"opinion\"\n\
         [outlets.\"Tico Times\"]\ncountry = \"Costa Rica\"\nlean = \"right\"\nkind = \"wire\"\n\
         [outlets.\"Nowhere News\"]\n"
    ));
    let items = [
        ("q1", "Ankara Daily", "2025-02-01T08:00:00Z", "quake", "Quake shakes the coast", ""),
        ("q2", "Istanbul Post", "2025-02-01T09:00:00Z", "quake", "Why the coast was not ready", ""),
        ("q3", "Ankara Daily", "2025-02-02", "quake", "Aftershocks continue", ""),
        ("v1", "Tico Times", "2025-02-03", "vote", "Parliament votes on budget", ""),
        ("v2", "Istanbul Post", "2025-02-03", "vote", "Budget vote explained", "\nkind: news"),
        ("v3", "Nowhere News", "2025-02-04", "vote", "Budget passes", ""),
    ];
    for (id, outlet, date, event, title, more) in items {
        let front = format!("title: {title}\noutlet: {outlet}\ndate: {date}\nevent: {event}{more}");
        article(site.path(), &format!("{id}.md"), &front, &format!("{title}. Item {id} of the coverage."));
    }
    site
}

#[test]
fn event_pages_show_the_coverage_mix_with_unknown_and_flag_blindspots() {
    let site = axes_site();
    build_ok(site.path(), &[]);
    let quake = page(site.path(), "events/quake/index.html");
    let mix = quake.split("class=\"coverage-mix\"").nth(1).expect("a coverage mix").split("</section>").next().unwrap();
    assert!(
        mix.contains("<span class=\"mix-axis\">Countries</span>: <span class=\"mix-value\">Turkey 2</span>"),
        "{mix}"
    );
    assert!(mix.contains("<span class=\"mix-axis\">Lean</span>: <span class=\"mix-value\">left 2</span>"), "{mix}");
    // Kinds count articles: Istanbul Post's one opinion piece, Ankara Daily's two of no kind.
    assert!(mix.contains("opinion 1</span> · <span class=\"mix-value unknown\">unknown 2</span>"), "{mix}");
    assert!(!mix.contains("Languages") && !mix.contains("Owners"), "axes no outlet carries are left out: {mix}");
    assert!(quake.contains("Blindspot</a>: Covered only by outlets in Turkey</p>"), "{quake}");
    assert!(quake.contains("Blindspot</a>: Covered only by outlets whose lean is left</p>"), "{quake}");

    let vote = page(site.path(), "events/vote/index.html");
    let mix = vote.split("class=\"coverage-mix\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(mix.contains("Costa Rica 1</span> · <span class=\"mix-value\">Turkey 1</span> · <span class=\"mix-value unknown\">unknown 1</span>"), "{mix}");
    assert!(!vote.contains("class=\"blindspot-flag\""), "two countries and an unknown: no blindspot: {vote}");
    // The article's own kind (news) overrides its outlet's (opinion); wire copy is labelled.
    assert!(mix.contains("news 1</span> · <span class=\"mix-value\">wire 1</span>"), "{mix}");
    assert!(vote.contains("<span class=\"kind-label\">Wire</span> <a class=\"article-link\""), "{vote}");
    assert!(!vote.contains(">Opinion</span>"), "{vote}");
    // The nav links the blindspots page once outlets carry context.
    assert!(vote.contains("<a href=\"/blindspots/\">Blindspots</a>"), "{vote}");
}

#[test]
fn the_blindspots_page_lists_events_per_axis_and_is_in_the_sitemap() {
    let site = axes_site();
    build_ok(site.path(), &[]);
    let b = page(site.path(), "blindspots/index.html");
    let section = |id: &str| {
        b.split(&format!("aria-labelledby=\"bs-{id}\"")).nth(1).unwrap().split("</section>").next().unwrap().to_string()
    };
    let country = section("country");
    assert!(country.contains("<a href=\"/events/quake/\">Quake shakes the coast</a>"), "{country}");
    assert!(country.contains("Covered only by outlets in Turkey"), "{country}");
    assert!(!country.contains("/events/vote/"), "{country}");
    assert!(section("lean").contains("/events/quake/"), "{b}");
    // Kinds: the quake has pieces of unknown kind, the vote two kinds: none.
    assert!(section("kind").contains("None:"), "{b}");
    assert!(page(site.path(), "sitemap.xml").contains("<loc>https://example.org/blindspots/</loc>"));
    let json = events_json(&site.path().join("public"));
    let quake = json_event(&json, "quake");
    assert_eq!(
        quake["blindspots"],
        serde_json::json!([{"axis": "country", "value": "Turkey"}, {"axis": "lean", "value": "left"}])
    );
    assert_eq!(quake["coverage"]["kind"], serde_json::json!({"opinion": 1, "unknown": 2}));
    assert_eq!(
        json_event(&json, "vote")["coverage"]["country"],
        serde_json::json!({"Costa Rica": 1, "Turkey": 1, "unknown": 1})
    );
}

#[test]
fn a_site_without_outlet_context_has_an_explaining_blindspots_page_and_no_nav_link() {
    let site = new_site(HEAD);
    article(site.path(), "a.md", "title: A\noutlet: X\ndate: 2025-01-01", "Body text here.");
    build_ok(site.path(), &[]);
    let b = page(site.path(), "blindspots/index.html");
    assert!(b.contains("This site says nothing about its outlets yet"), "{b}");
    assert!(!page(site.path(), "index.html").contains("/blindspots/\">Blindspots"));
    let ev = page(site.path(), &format!("events/{}/index.html", json_event_slug(site.path())));
    assert!(!ev.contains("coverage-mix"), "{ev}");
}

fn json_event_slug(site: &Path) -> String {
    events_json(&site.join("public"))["events"][0]["slug"].as_str().unwrap().to_string()
}

#[test]
fn first_reported_by_names_the_earliest_outlet_or_every_one_tied_with_it() {
    let site = axes_site();
    build_ok(site.path(), &[]);
    let json = events_json(&site.path().join("public"));
    assert_eq!(json_event(&json, "quake")["first_reported_by"], serde_json::json!(["Ankara Daily"]));
    // Two articles dated the same day, without a time: neither can be called first.
    assert_eq!(json_event(&json, "vote")["first_reported_by"], serde_json::json!(["Istanbul Post", "Tico Times"]));
    let quake = page(site.path(), "events/quake/index.html");
    assert!(quake.contains("</time> by <a href=\"/outlets/ankara-daily/\">Ankara Daily</a>"), "{quake}");
    let vote = page(site.path(), "events/vote/index.html");
    assert!(vote.contains(">Istanbul Post</a> and <a href=\"/outlets/tico-times/\">Tico Times</a>"), "{vote}");
    // Undated coverage has no first report.
    let site = new_site(HEAD);
    article(site.path(), "a.md", "title: A\noutlet: X", "Body text here.");
    build_ok(site.path(), &[]);
    assert_eq!(events_json(&site.path().join("public"))["events"][0]["first_reported_by"], serde_json::json!([]));
}

const WIRE: &str = "The agency reported that the central committee approved the reform package late on Tuesday after a \
long debate, with officials saying the measures would take effect next month across all provinces and that further \
details would be published in the official gazette on Friday morning.";

#[test]
fn originality_counts_the_articles_that_are_not_copies() {
    let site = new_site(&format!("{HEAD}[clustering]\nhalf_life_days = 0.1\ntime_floor = 0.0\n"));
    article(
        site.path(),
        "a-original.md",
        "title: Committee approves reform\noutlet: Wire Service\ndate: 2025-01-01",
        WIRE,
    );
    article(site.path(), "c-copy.md", "title: Reform cleared\noutlet: Daily Courier\ndate: 2025-01-02", WIRE);
    build_ok(site.path(), &[]);
    let json = events_json(&site.path().join("public"));
    let ev = &json["events"][0];
    assert_eq!(ev["articles"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(ev["original_articles"], 1);
    let html = page(site.path(), &format!("events/{}/index.html", ev["slug"].as_str().unwrap()));
    assert!(html.contains("1 of 2 articles is original reporting"), "{html}");
}

#[test]
fn the_sample_site_says_only_what_its_sources_support() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let json = events_json(&site.path().join("public"));
    let visit = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["articles"].as_array().unwrap().iter().any(|a| a == "002-anews-noem-visits-el-salvador-mega-prison")
        })
        .unwrap();
    assert_eq!(visit["coverage"]["country"], serde_json::json!({"Costa Rica": 1, "Turkey": 1, "unknown": 1}));
    assert_eq!(visit["coverage"]["kind"], serde_json::json!({"opinion": 1, "unknown": 2}));
    assert_eq!(visit["first_reported_by"], serde_json::json!(["A News", "london24-7.uk"]));
    assert_eq!(visit["blindspots"], serde_json::json!([]));
    let html = page(site.path(), &format!("events/{}/index.html", visit["slug"].as_str().unwrap()));
    assert!(html.contains("Countries</span>: <span class=\"mix-value\">Costa Rica 1</span> · <span class=\"mix-value\">Turkey 1</span> · <span class=\"mix-value unknown\">unknown 1</span>"), "{html}");
    // london24-7.uk files the piece under /opinion/: labelled in the timeline.
    assert!(
        html.contains("<span class=\"kind-label\">Opinion</span> <a class=\"article-link\" href=\"/articles/000-"),
        "{html}"
    );
}
