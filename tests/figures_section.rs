//! The event page's "Figures compared" section as built: disagreements first, the figures one outlet
//! reports folded behind one `<details>` that counts them, one table per counted noun and tier, and
//! every quote holding its figure. On the sample site and on a big generated event.

mod common;
use common::*;
use std::fs;

/// One figures table of a page: its classes, caption, whether it is folded, and its rows as
/// (figure, quote), both as the HTML has them (escaped alike, so one can be looked for in the other).
#[derive(Debug)]
struct Table {
    classes: String,
    caption: String,
    folded: bool,
    rows: Vec<(String, String)>,
}

/// The text between the first `a` and the next `b` of `s`.
fn between<'s>(s: &'s str, a: &str, b: &str) -> Option<&'s str> {
    let from = s.find(a)? + a.len();
    Some(&s[from..from + s[from..].find(b)?])
}

/// The figures section of an event page (empty if it has none) and its tables in page order.
fn section(page: &str) -> (String, Vec<Table>) {
    let Some(start) = page.find("<section class=\"figures-compared\"") else { return (String::new(), Vec::new()) };
    let s = &page[start..start + page[start..].find("</section>").expect("section closes")];
    let folded_from = s.find("<details").unwrap_or(s.len());
    let mut tables = Vec::new();
    for (at, _) in s.match_indices("<table class=\"") {
        let t = &s[at..at + s[at..].find("</table>").expect("table closes")];
        let rows = t
            .split("<tr")
            .skip(1)
            .filter(|r| r.contains("<td class=\"num\">"))
            .map(|r| {
                let cell = between(r, "<td class=\"num\">", "</td>").unwrap();
                let figure = between(cell, "\">", "</a>").unwrap().to_string();
                (figure, between(r, "<q>", "</q>").expect("a quote per row").to_string())
            })
            .collect();
        let caption = between(t, "<caption>", "</caption>").unwrap();
        tables.push(Table {
            classes: between(t, "<table class=\"", "\"").unwrap().to_string(),
            caption: caption.split(" <").next().unwrap().to_string(),
            folded: at > folded_from,
            rows,
        });
    }
    (s.to_string(), tables)
}

/// Checks that hold for every event page's section, and returns its tables.
fn check(page: &str, what: &str) -> Vec<Table> {
    let (s, tables) = section(page);
    let details = s.matches("<details").count();
    assert!(details <= 1, "{what}: {details} details elements");
    let disagree = |t: &Table| t.classes.split(' ').any(|c| c == "disagree");
    let rank = |t: &Table| {
        if disagree(t) {
            0
        } else if t.folded {
            2
        } else {
            1
        }
    };
    let ranks: Vec<u8> = tables.iter().map(rank).collect();
    assert!(ranks.is_sorted(), "{what}: disagreements, agreement, then the folded tables: {ranks:?}");
    assert!(tables.iter().filter(|t| t.folded).all(|t| !disagree(t)), "{what}: a folded disagreement");
    let mut seen = std::collections::BTreeSet::new();
    for t in &tables {
        assert!(seen.insert((rank(t), t.caption.to_lowercase())), "{what}: two tables captioned {:?}", t.caption);
        for (figure, quote) in &t.rows {
            assert!(quote.contains(figure.as_str()), "{what}: {:?}: the quote {quote:?} lacks {figure:?}", t.caption);
            assert!(!quote.contains(['“', '”']) && !quote.contains("&quot;"), "{what}: double marks in {quote:?}");
            assert!(quote.matches('‘').count() <= quote.matches('’').count(), "{what}: unbalanced {quote:?}");
        }
    }
    let folded: usize = tables.iter().filter(|t| t.folded).map(|t| t.rows.len()).sum();
    if details == 1 {
        let summary = between(&s, "<summary>", "</summary>").unwrap();
        let more = if tables.iter().any(|t| !t.folded) { "more " } else { "" };
        let s = if folded == 1 { "" } else { "s" };
        assert_eq!(summary, format!("{folded} {more}figure{s} reported by one outlet"), "{what}");
    } else {
        assert_eq!(folded, 0, "{what}");
    }
    tables
}

/// Every event page of a built site, as (slug, page).
fn event_pages(root: &std::path::Path) -> Vec<(String, String)> {
    let json = events_json(&root.join("public"));
    json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let slug = e["slug"].as_str().unwrap().to_string();
            let page = fs::read_to_string(root.join("public/events").join(&slug).join("index.html")).unwrap();
            (slug, page)
        })
        .collect()
}

#[test]
fn the_sample_visit_shows_its_conflict_first_and_folds_one_outlet_figures_once() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let pages = event_pages(site.path());
    for (slug, page) in &pages {
        check(page, slug);
    }
    let visit = &pages.iter().find(|(s, _)| s.contains("dhs-secretary")).expect("the visit").1;
    let tables = check(visit, "visit");
    assert_eq!(tables[0].caption, "inmates (capacity)");
    assert_eq!(tables[0].rows.iter().filter(|r| r.0.starts_with("up to ")).count(), 2, "{:?}", tables[0]);
    assert!(visit.contains("<details class=\"figures-more\">"), "the visit folds its one-outlet figures");
    let gang: Vec<&Table> = tables.iter().filter(|t| t.caption == "gang members").collect();
    assert_eq!(gang.len(), 1, "one table for the three gang-member figures");
    assert_eq!(gang[0].rows.len(), 3);
    // The quotes the issue found cut short or doubled.
    assert!(visit.contains("comprise 23% of El Salvador"), "the 23% quote holds its number");
    assert!(visit.contains("Tecoluca, El Salvador, where more than 200"), "Voz.us's quote holds its number");
    assert!(!visit.contains("““") && !visit.contains("‘‘"), "no doubled quotation mark");

    let transfer = &pages.iter().find(|(s, _)| s.contains("17-violent")).expect("the transfer").1;
    let tables = check(transfer, "transfer");
    let at = |fig: &str| tables.iter().position(|t| t.rows.iter().any(|r| r.0 == fig)).unwrap();
    assert!(at("17") < at("238"), "the event's own 17 before the visit's headcount: {tables:#?}");
}

#[test]
fn a_big_event_keeps_one_details_and_every_quote_holds_its_figure() {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\nsearch = false\n");
    for i in 0..120 {
        // A shared death toll (a third of the outlets disagree), and a figure of its own per article
        // (a noun no other article counts) in a long sentence, early or late, so the quote is cut.
        let dead = if i % 3 == 0 { 40 } else { 12 };
        let noun: String = [b'a' + (i / 26) as u8, b'a' + (i % 26) as u8].iter().map(|&c| c as char).collect();
        let filler = "the officials who spoke to reporters near the flooded river bank on the second day";
        let own = if i % 2 == 0 {
            format!("Volunteers filled {} zorb{noun}s, {filler}, {filler}, {filler}.", 1000 + 37 * i)
        } else {
            format!("Said {filler}, {filler}, {filler}, volunteers filled {} zorb{noun}s.", 1000 + 37 * i)
        };
        let body = format!(
            "Officials said {dead} people died in the flood on Monday.\n\n{own}\n\n\
             \"We counted {} boats,\" a harbour master said.",
            200 + i
        );
        let front = format!(
            "title: \"Flood report {i}\"\noutlet: \"Outlet {i}\"\ndate: 2025-01-01T{:02}:{:02}:00Z\nevent: the-flood",
            i / 60,
            i % 60
        );
        article(site.path(), &format!("a{i:03}.md"), &front, &body);
    }
    build_ok(site.path(), &[]);
    let page = fs::read_to_string(site.path().join("public/events/the-flood/index.html")).unwrap();
    let tables = check(&page, "the flood");
    assert!(tables[0].classes.contains("disagree"), "{:?}", tables[0]);
    let caps: Vec<(&str, bool, usize)> = tables.iter().map(|t| (t.caption.as_str(), t.folded, t.rows.len())).collect();
    assert!(tables.iter().any(|t| t.folded), "one-outlet figures are folded: {caps:?}");
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    assert!(rows >= 100, "{rows} rows");
}
