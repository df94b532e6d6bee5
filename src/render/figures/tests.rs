//! Page order, merging and quotes of the figures section, on the sample site's articles and on small
//! hand-made groups.

use super::quote::quote;
use super::*;
use crate::figures::fixtures::{SAMPLE, body};
use crate::figures::{extract, group};

/// The only figure of `text`.
fn fig(text: &str) -> Figure {
    let mut fs = extract(text);
    assert_eq!(fs.len(), 1, "{fs:?}");
    fs.remove(0)
}

/// A compared group by hand: entries (article, figure text), its conflicts and outlet count.
fn grp(label: &str, entries: &[(usize, &str)], conflicts: &[(usize, usize)], outlets: usize) -> Group {
    Group {
        label: label.to_string(),
        entries: entries.iter().map(|&(a, t)| (a, fig(t))).collect(),
        disagree: !conflicts.is_empty(),
        conflicts: conflicts.to_vec(),
        outlets,
    }
}

/// Each table as "label: tier", in page order.
fn order(tables: &[Table]) -> Vec<String> {
    tables.iter().map(|t| format!("{}: {:?}", t.label, t.tier)).collect()
}

/// The sample site's groups for one event, whose own articles (by sample index) are `own`.
fn sample(own: &[usize]) -> Vec<Table> {
    let items: Vec<(usize, &str, Vec<Figure>)> =
        SAMPLE.iter().enumerate().map(|(i, (outlet, md))| (i, *outlet, extract(body(md)))).collect();
    let groups = group(&items).into_iter().filter(|g| g.entries.iter().any(|e| own.contains(&e.0))).collect();
    arrange(groups, |a| own.contains(&a))
}

#[test]
fn disagreements_then_agreement_then_one_outlet() {
    let groups = vec![
        grp("boats", &[(0, "They saw 5 boats.")], &[], 1),
        grp("homes", &[(0, "About 300 homes flooded."), (1, "Nearly 300 homes flooded.")], &[], 2),
        grp("deaths", &[(0, "At least 12 people died."), (1, "Officials confirmed 8 deaths.")], &[(0, 1)], 2),
    ];
    let tables = arrange(groups, |_| true);
    assert_eq!(order(&tables), ["deaths: Disagree", "homes: Agree", "boats: OneOutlet"]);
}

#[test]
fn own_figures_before_tables_mostly_from_related_events() {
    // Articles 0 and 1 are the event's own; 5, 6 and 7 are a related event's.
    let groups = vec![
        grp(
            "inmates",
            &[(0, "It holds 900 inmates."), (5, "It holds 900 inmates."), (6, "It holds 900 inmates.")],
            &[],
            3,
        ),
        grp("criminals", &[(0, "They sent 17 criminals."), (1, "They sent 17 criminals.")], &[], 2),
        // Half its rows are the event's own: that is not "mostly" another event's.
        grp("flights", &[(1, "Two flights left."), (7, "Two flights left.")], &[], 2),
    ];
    let tables = arrange(groups, |a| a < 5);
    assert_eq!(order(&tables), ["criminals: Agree", "flights: Agree", "inmates: Agree"]);
    assert_eq!(tables.iter().map(|t| t.related).collect::<Vec<_>>(), [false, false, true]);
}

#[test]
fn groups_with_one_label_merge_within_their_tier_only() {
    let groups = vec![
        grp("gang members", &[(0, "There are over 10,000 gang members.")], &[], 1),
        grp("gang members", &[(1, "It houses about 15,000 gang members.")], &[], 1),
        grp("Gang members", &[(1, "Police held approximately 86,000 gang members.")], &[], 1),
        grp("gang members", &[(0, "They held 500 gang members."), (2, "They held 900 gang members.")], &[(0, 1)], 2),
    ];
    let tables = arrange(groups, |_| true);
    assert_eq!(order(&tables), ["gang members: Disagree", "gang members: OneOutlet"]);
    // The unlinked single-outlet figures share a table, one row each, and none is a conflict.
    let merged: Vec<(&str, bool, bool)> =
        rows(&tables[1]).map(|(_, f, conflicts, new_set)| (f.text.as_str(), conflicts, new_set)).collect();
    assert_eq!(
        merged,
        [("over 10,000", false, false), ("about 15,000", false, true), ("approximately 86,000", false, true)]
    );
    assert!(rows(&tables[0]).all(|r| r.2), "the disagreement keeps its own rows only");
}

#[test]
fn merged_disagreements_keep_each_rows_conflict() {
    let groups = vec![
        grp(
            "inmates (capacity)",
            &[(0, "A capacity of up to 14,000 inmates."), (1, "A capacity of up to 40,000 inmates.")],
            &[(0, 1)],
            2,
        ),
        grp(
            "inmates (capacity)",
            &[
                (2, "A capacity of up to 500 inmates."),
                (3, "A capacity of up to 900 inmates."),
                (4, "A capacity of up to 510 inmates."),
            ],
            &[(0, 1)],
            3,
        ),
    ];
    let tables = arrange(groups, |_| true);
    assert_eq!(tables.len(), 1);
    let flags: Vec<(usize, bool, bool)> = rows(&tables[0]).map(|(a, _, c, n)| (a, c, n)).collect();
    assert_eq!(flags, [(0, true, false), (1, true, false), (2, true, true), (3, true, false), (4, false, false)]);
}

#[test]
fn the_sample_visit_leads_with_its_conflict_and_folds_single_outlet_figures() {
    let tables = sample(&[0, 2, 3]);
    assert_eq!(
        order(&tables[..3]),
        ["inmates (capacity): Disagree", "Venezuelans: Agree", "dollars: Agree"],
        "{tables:#?}"
    );
    assert!(tables[3..].iter().all(|t| t.tier == Tier::OneOutlet));
    let gang = tables.iter().filter(|t| t.label == "gang members").collect::<Vec<_>>();
    assert_eq!(gang.len(), 1, "one table for gang members");
    let texts: Vec<&str> = rows(gang[0]).map(|r| r.1.text.as_str()).collect();
    assert_eq!(texts, ["over 10,000", "about 15,000", "approximately 86,000"]);
    assert!(rows(gang[0]).all(|r| !r.2), "unlinked figures do not conflict");
}

#[test]
fn the_sample_transfer_puts_its_own_seventeen_before_the_visits_headcount() {
    let tables = sample(&[1, 4]);
    assert_eq!(tables[0].label, "inmates (capacity)");
    // The 17 (labelled by what the first of its outlets counts) comes before the visit's headcount,
    // which has more outlets but mostly from the related event.
    assert!(rows(&tables[1]).all(|r| r.1.text == "17") && !tables[1].related, "{tables:#?}");
    assert!(tables[2].label == "Venezuelans" && tables[2].related);
}

/// Whether `q` is a cut of `sentence` at whole words: its text, without the ellipses and the marks
/// [`quote`] adds and with every quotation mark read alike, is a run of whole words of the sentence.
fn whole_words(sentence: &str, q: &str) -> bool {
    let alike = |s: &str| s.replace(['“', '”', '‘', '’', '"', '\''], "'");
    let core = alike(q);
    let core = core.trim_start_matches('\'').trim_start_matches('…').trim_end_matches('\'').trim_end_matches('…');
    let s = alike(sentence);
    s.match_indices(core).any(|(i, m)| {
        let end = i + m.len();
        let starts = i == 0 || s[..i].ends_with([' ', '\'']);
        let rest = s[end..].trim_start_matches([',', ';', ':', '—', '–', '-', '(', '\'']);
        starts && (end == s.len() || rest.starts_with(' ') || rest.is_empty() || !q.ends_with('…'))
    })
}

#[test]
fn every_sample_quote_holds_its_figure_cut_at_whole_words() {
    let mut cut = 0;
    for (_, md) in SAMPLE {
        for f in extract(body(md)) {
            assert_eq!(&f.sentence[f.at.clone()], f.text, "the figure's place in its sentence");
            let q = quote(&f.sentence, f.at.clone(), QUOTE_CHARS);
            assert!(q.contains(&f.text), "{:?} not in {q:?}", f.text);
            assert!(q.chars().count() <= QUOTE_CHARS + 2, "{q}");
            assert!(whole_words(&f.sentence, &q), "{q:?} is not whole words of {:?}", f.sentence);
            assert!(!q.contains(['“', '”', '"']), "double marks are <q>'s: {q}");
            cut += usize::from(q.contains('…'));
        }
    }
    assert!(cut >= 5, "the sample has long sentences");
}

#[test]
fn a_long_sentence_is_cut_around_the_figure_wherever_it_is() {
    let words: Vec<String> = (0..120).map(|i| format!("word{i}")).collect();
    for k in [0, 1, 30, 60, 100, 118, 119] {
        let mut w = words.clone();
        w[k] = "4,321".into();
        let s = w.join(" ");
        let start = s.find("4,321").unwrap();
        let q = quote(&s, start..start + 5, 80);
        assert!(q.contains("4,321"), "{k}: {q}");
        assert!(q.chars().count() <= 80, "{k}: {} chars: {q}", q.chars().count());
        assert!(whole_words(&s, &q), "{k}: {q}");
        assert_eq!(q.starts_with('…'), k > 2, "{k}: {q}");
        assert_eq!(q.ends_with('…'), k < 117, "{k}: {q}");
    }
}

#[test]
fn cuts_prefer_sentence_boundaries() {
    let s = "Their reach extends beyond El Salvador, with operations in Mexico, Guatemala, and the U.S. It is \
             estimated that there are over 10,000 active gang members in El Salvador alone.";
    let at = s.find("over 10,000").unwrap();
    let q = quote(s, at..at + 11, 100);
    assert_eq!(q, "It is estimated that there are over 10,000 active gang members in El Salvador alone.");
    let s = "Officials said 300 homes flooded. The rest of this text runs on for a long while and is not needed.";
    assert_eq!(quote(s, 15..18, 60), "Officials said 300 homes flooded.");
    let short = "About 300 homes flooded.";
    assert_eq!(quote(short, 6..9, 60), short, "a sentence that fits is kept whole");
}

#[test]
fn quotation_marks_nest_inside_q_and_stay_balanced() {
    let s = "“President Trump and I have a clear message: LEAVE NOW,” Noem said, where dozens of inmates stood.";
    let at = s.find("dozens").unwrap();
    assert_eq!(
        quote(s, at..at + 6, 200),
        "‘President Trump and I have a clear message: LEAVE NOW,’ Noem said, where dozens of inmates stood."
    );
    // The opening mark cut off: one is put back before the ellipsis.
    let q = quote(s, at..at + 6, 70);
    assert!(q.starts_with("‘…") && q.contains("NOW,’ Noem") && q.matches('‘').count() == 1, "{q}");
    // The closing mark cut off: one is added after the ellipsis.
    let s = "He said “we now hold 238 detainees and expect many more to arrive in the coming weeks,” and left.";
    let at = s.find("238").unwrap();
    let q = quote(s, at..at + 3, 50);
    assert!(q.contains("‘we now hold 238") && q.ends_with("…’"), "{q}");
    // Straight double marks pair up by position; apostrophes are left alone.
    let s = "He said \"the region’s prison holds 14,000 inmates\" on Monday, and Bukele's aides agreed.";
    let at = s.find("14,000").unwrap();
    assert_eq!(
        quote(s, at..at + 6, 200),
        "He said ‘the region’s prison holds 14,000 inmates’ on Monday, and Bukele's aides agreed."
    );
}

#[test]
fn cuts_never_split_a_character_or_the_figure() {
    // Multi-byte text, a run with no spaces to cut at, marks next to the figure: the quote still holds
    // the figure and is cut only where a space is.
    let cases = [
        "Ünïcödé wörds everywhere — “über 300 Häuser” wurden zerstört, sagte der Bürgermeister am Abend.".repeat(3),
        format!("{}, 4,500 homes {}", "x".repeat(300), "y".repeat(300)),
        format!("({}) 4,500 homes.", "ééé ".repeat(80)),
    ];
    for s in &cases {
        for fig in ["300", "4,500"] {
            let Some(start) = s.find(fig) else { continue };
            for max in [10, 40, 120, 400] {
                let q = quote(s, start..start + fig.len(), max);
                assert!(q.contains(fig), "{max}: {q}");
                assert!(whole_words(s, &q), "{max}: {q:?}");
            }
        }
    }
}

/// A table view by hand, `n` rows from outlet "O" whose quotes say `quote`.
fn table_view(label: &str, tier: Tier, n: usize, quote: &str) -> GroupView<'static> {
    let row = |k: usize| Row {
        text: format!("{k}"),
        outlet: "O",
        outlet_url: "/outlets/o/".into(),
        date: None,
        sentence: format!("{quote} {k}"),
        article_url: "/articles/a/".into(),
        related: None,
        conflicts: tier == Tier::Disagree,
        new_set: false,
    };
    GroupView {
        label: label.into(),
        disagree: tier == Tier::Disagree,
        single_outlet: tier == Tier::OneOutlet,
        related: false,
        outlets: usize::from(tier == Tier::OneOutlet) + 2 * usize::from(tier != Tier::OneOutlet),
        mark_rows: false,
        rows: (0..n).map(row).collect(),
    }
}

/// The figures partial rendered for `figures`, as the event page includes it.
fn render(figures: &[GroupView]) -> String {
    let mut tera = tera::Tera::new();
    tera.add_raw_templates([
        ("partials/figures.html", include_str!("../../../templates/partials/figures.html")),
        ("partials/date.html", include_str!("../../../templates/partials/date.html")),
    ])
    .unwrap();
    let mut ctx = tera::Context::new();
    ctx.insert("figures", figures);
    tera.render("partials/figures.html", &ctx).unwrap()
}

#[test]
fn one_details_counts_the_figures_it_folds() {
    let shared = [table_view("deaths", Tier::Disagree, 2, "q"), table_view("homes", Tier::Agree, 2, "q")];
    let alone = [table_view("boats", Tier::OneOutlet, 3, "q"), table_view("cars", Tier::OneOutlet, 1, "q")];
    let both: Vec<GroupView> = shared.into_iter().chain(alone).collect();
    let html = render(&both);
    assert_eq!(html.matches("<details").count(), 1, "{html}");
    assert!(html.contains("<summary>4 more figures reported by one outlet</summary>"), "{html}");
    let folded = html.split("<details").nth(1).unwrap();
    assert_eq!(folded.matches("<tr>").count() - folded.matches("<thead>").count(), 4, "{folded}");
    assert!(!folded.contains("deaths") && !folded.contains("homes"), "only one-outlet tables fold");
    assert!(html.find("deaths").unwrap() < html.find("homes").unwrap());

    // Nothing folded: no details at all; everything folded: no "more".
    let html = render(&[table_view("homes", Tier::Agree, 2, "q")]);
    assert!(!html.contains("<details"), "{html}");
    let html = render(&[table_view("boats", Tier::OneOutlet, 1, "q")]);
    assert!(html.contains("<summary>1 figure reported by one outlet</summary>"), "{html}");
    assert!(render(&[]).trim().is_empty(), "no figures, no section");
}

#[test]
fn the_section_escapes_what_articles_wrote() {
    let html = render(&[table_view("<b>x</b>", Tier::Agree, 1, "<script>alert(1)</script> & \"q\"")]);
    assert!(!html.contains("<script>") && !html.contains("<b>"), "{html}");
    assert!(html.contains("&lt;script&gt;") && html.contains("&amp;"), "{html}");
}
