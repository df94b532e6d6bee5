use super::*;

/// The five seed texts and the sample site's hand-made articles from them.
const SEEDS: [(&str, &str); 5] = [
    (
        include_str!("../../../tests/fixtures/import/seeds/000_f1e77ce1b3026855.txt"),
        include_str!("../../../articles/000-london247-noem-tours-el-salvador-prison.md"),
    ),
    (
        include_str!("../../../tests/fixtures/import/seeds/001_976ac323f02a64dc.txt"),
        include_str!("../../../articles/001-fizoti-us-deports-17-gang-members.md"),
    ),
    (
        include_str!("../../../tests/fixtures/import/seeds/002_26e8dca23d1c09de.txt"),
        include_str!("../../../articles/002-anews-noem-visits-el-salvador-mega-prison.md"),
    ),
    (
        include_str!("../../../tests/fixtures/import/seeds/003_fae55671563c51db.txt"),
        include_str!("../../../articles/003-costaricapost-officials-visit-prison.md"),
    ),
    (
        include_str!("../../../tests/fixtures/import/seeds/004_b56eeeb7b7cff8c3.txt"),
        include_str!("../../../articles/004-vozus-17-violent-criminals-sent-to-el-salvador.md"),
    ),
];

/// The body of a front-mattered file.
fn body_of(article: &str) -> &str {
    article.splitn(3, "---\n").nth(2).unwrap()
}

/// A draft as `from_bytes` gives it: cleaned (non-breaking spaces made plain, for one).
fn tidy(mut d: Draft) -> Draft {
    md::tidy_draft(&mut d);
    d
}

fn plain(md: &str) -> String {
    crate::article::body_text(md, "").text
}

#[test]
fn seeds_from_the_text_alone() {
    let d: Vec<Draft> = SEEDS.iter().map(|(t, _)| tidy(read(t, None).unwrap())).collect();
    // 000 and 002 show no headline, no date, no outlet, no author.
    for k in [0, 2] {
        assert_eq!(d[k].title, None, "{k}");
        assert_eq!((d[k].date.as_ref(), d[k].outlet.as_ref(), d[k].authors.len()), (None, None, 0), "{k}");
    }
    assert_eq!(d[1].title.as_deref(), Some("U.S. Deports 17 Gang Members to El Salvador"));
    assert_eq!(d[1].date.as_deref(), Some("2025-04-01 01:01"));
    assert_eq!((d[1].outlet.as_ref(), d[1].authors.len()), (None, 0));
    assert_eq!(d[3].title.as_deref(), Some("U.S. Officials Visit El Salvador's Prison Housing Deported Venezuelans"));
    assert_eq!((d[3].date.as_ref(), d[3].outlet.as_ref(), d[3].authors.len()), (None, None, 0));
    let voz = "17 'violent criminals' from El Tren de Aragua and MS-13 sent to jail in El Salvador";
    assert_eq!(d[4].title.as_deref(), Some(voz));
    assert_eq!(d[4].outlet.as_deref(), Some("Voz.us"));
    assert_eq!(d[4].authors, ["Diane Hernández"]);
    assert_eq!(d[4].date, None, "its only date is in its address");
    for (k, draft) in d.iter().enumerate() {
        assert_eq!(draft.url, None);
        assert_eq!(draft.title_source, TitleSource::Source);
        // Every sentence of the article, and nothing else: the same text as the hand-made article.
        assert_eq!(plain(&draft.body), plain(body_of(SEEDS[k].1)), "seed {k}");
    }
    assert!(d[4].body.contains("\n\n## Noem's tour and her message from CECOT\n\n"), "{}", d[4].body);
}

#[test]
fn seeds_with_their_addresses() {
    let url0 = "https://london24-7.uk/2025/03/27/opinion/dhs-secretary-kristi-noem-tours-el-salvador-prison-for-deported-gang-members";
    let d = read(SEEDS[0].0, Some(url0)).unwrap();
    assert_eq!(
        d.title.as_deref(),
        Some("DHS Secretary Kristi Noem tours El Salvador prison for deported gang members")
    );
    assert_eq!(
        (d.title_source, d.date.as_deref(), d.date_source),
        (TitleSource::Url, Some("2025-03-27"), DateSource::Url)
    );
    assert_eq!(d.url.as_deref(), Some(url0));
    let url2 = "https://www.anews.com.tr/world/2025/03/27/us-homeland-security-secretary-visits-el-salvador-mega-prison-amid-deportation-controversy";
    let d = read(SEEDS[2].0, Some(url2)).unwrap();
    assert_eq!(
        d.title.as_deref(),
        Some("US Homeland Security Secretary visits El Salvador mega-prison amid deportation controversy")
    );
    // The text's own headline and date win over the address.
    let d = read(SEEDS[1].0, Some("https://fizoti.com/us/1/us-deports-17-gang-members-to-el-salvador-211")).unwrap();
    assert_eq!((d.title_source, d.date.as_deref()), (TitleSource::Source, Some("2025-04-01 01:01")));
    // 250331 is not read as a date.
    let d = read(SEEDS[4].0, Some("https://voz.us/en/world/250331/22854/17-violent-criminals.html")).unwrap();
    assert_eq!(d.date, None);
}

#[test]
fn chrome_is_recognised() {
    assert!(is_chrome("Found a mistake? Contact us!"));
    assert!(is_chrome("0 seconds of 1 minute, 26 secondsVolume 0%"));
    assert!(is_chrome("01:26") && is_chrome("tracking"));
    assert!(!is_chrome("At 01:26 the plane landed."));
    assert!(is_trailer("RECOMMENDATION") && is_trailer("Related Articles") && is_trailer("Newsletter:"));
    assert!(reading_time("2 minutes read") && reading_time("5 min read") && !reading_time("2 minutes later"));
    let mut l = vec!["A", "Members arrive.", "Members arrive.AFP.", "B"];
    drop_captions(&mut l);
    assert_eq!(l, ["A", "B"]);
    let mut l = vec!["A said so.", "A said so. And more was said here by many people in the room today."];
    drop_captions(&mut l);
    assert_eq!(l.len(), 2, "a long continuation is text, not a credit");
}

#[test]
fn bylines_mastheads_and_headlines() {
    let t = "Big news today\nBy Jane Doe\nPublished: 31 March 2025\nThe text of the story, which is long enough to be text.\nMore.";
    let d = read(t, None).unwrap();
    assert_eq!((d.title.as_deref(), d.date.as_deref()), (Some("Big news today"), Some("2025-03-31")));
    assert_eq!(d.authors, ["Jane Doe"]);
    assert_eq!(d.body, "The text of the story, which is long enough to be text.\n\nMore.");
    let d = read("Published by\nJohn Smith\nHeadline here\nText.", None).unwrap();
    assert_eq!(d.authors, ["John Smith"]);
    assert_eq!(masthead("Voz media US Voz.us").as_deref(), Some("Voz.us"));
    assert_eq!(masthead("U.S. news"), None);
    assert_eq!(masthead("This is a sentence about example.com."), None);
    // An ambiguous date is left out, and its line still dropped.
    let d = read("Posted: 04/01/2025\nHeadline\nText.", None).unwrap();
    assert_eq!((d.date, d.body.as_str()), (None, "Text."));
    // A lone line is text, not a headline over nothing.
    assert_eq!(read("Only a line", None).unwrap().title, None);
    assert!(read("\n\n \n", None).is_err());
    // Markdown in a text stays text.
    let d = tidy(read("Headline\n# not a heading <script>alert(1)</script>", None).unwrap());
    assert_eq!(d.body, "\\# not a heading \\<script\\>alert(1)\\</script\\>\n");
}
