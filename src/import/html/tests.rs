use super::*;

const JSON_LD: &str = include_str!("../../../tests/fixtures/import/pages/jsonld.html");
const OG_ONLY: &str = include_str!("../../../tests/fixtures/import/pages/og-only.html");
const TITLE_ONLY: &str = include_str!("../../../tests/fixtures/import/pages/title-only.html");
const NOT_ARTICLE: &str = include_str!("../../../tests/fixtures/import/pages/not-article.html");

fn read_tidy(html: &str, base: Option<&str>) -> Result<Draft, String> {
    read(html, base).map(|mut d| {
        md::tidy_draft(&mut d);
        d
    })
}

#[test]
fn json_ld_comes_first() {
    let d = read_tidy(JSON_LD, None).unwrap();
    assert_eq!(d.title.as_deref(), Some("Harbour bridge reopens after repairs"));
    assert_eq!(d.outlet.as_deref(), Some("Coastal Courier"));
    assert_eq!(d.date.as_deref(), Some("2025-04-02T08:30:00+01:00"));
    assert_eq!(d.authors, ["Ana Lima", "Tom Berg"]);
    assert_eq!(d.url.as_deref(), Some("https://courier.example/news/2025/04/02/harbour-bridge-reopens"));
    assert_eq!(d.lang.as_deref(), Some("en"));
    assert!(d.body.starts_with("The harbour bridge reopened"), "{}", d.body);
    assert!(d.body.contains("[published on its site](https://courier.example/transport/statement)"), "{}", d.body);
    assert!(
        d.body
            .trim_end()
            .ends_with("said in a statement [published on its site](https://courier.example/transport/statement).")
    );
    for chrome in
        ["Home", "Buy cheap", "Play video", "Related", "Detours explained", "newsletter", "Copyright", "By Ana"]
    {
        assert!(!d.body.contains(chrome), "{chrome} in {}", d.body);
    }
}

#[test]
fn open_graph_then_title() {
    let d = read_tidy(OG_ONLY, None).unwrap();
    assert_eq!(d.title.as_deref(), Some("Library opens its new reading room"));
    assert_eq!(d.outlet.as_deref(), Some("Valley Gazette"));
    assert_eq!(d.date.as_deref(), Some("2025-03-30T17:00:00+02:00"));
    assert_eq!(d.authors, ["Mia Park"], "an author given as an address is no name");
    assert_eq!(d.url.as_deref(), Some("https://gazette.example/culture/library-reading-room"));
    assert!(!d.body.contains("Share"), "{}", d.body);

    let d = read_tidy(TITLE_ONLY, Some("https://roads.example/today")).unwrap();
    assert_eq!(d.title.as_deref(), Some("Snowfall closes mountain pass for a second day"));
    assert_eq!((d.outlet.as_ref(), d.date.as_ref()), (None, None));
    assert_eq!(d.url.as_deref(), Some("https://roads.example/roads/mountain-pass-closed"));
    assert!(d.body.starts_with("The mountain pass stayed closed"), "{}", d.body);
}

#[test]
fn pages_that_are_not_articles_are_refused() {
    let e = read(NOT_ARTICLE, None).unwrap_err();
    assert!(e.starts_with("not an article page"), "{e}");
}

#[test]
fn json_ld_shapes() {
    let page = |ld: &str| {
        format!("<html><head><script type=\"application/ld+json\">{ld}</script></head><body><p>x</p></body></html>")
    };
    let meta = |ld: &str| json_ld(&Document::from(page(ld).as_str()));
    let m = meta(r#"[{"@type":"Person","name":"x"},{"@type":"Article","name":"N","author":"Solo","publisher":"P"}]"#);
    assert_eq!(
        (m.title.as_deref(), m.authors.as_slice(), m.outlet.as_deref()),
        (Some("N"), &["Solo".to_string()][..], Some("P"))
    );
    assert!(!meta("{not json").article);
    assert!(!meta(r#"{"@type":"WebPage","headline":"x"}"#).article);
    assert_eq!(strip_site_name("A | B", Some("b")), "A");
    assert_eq!(strip_site_name("A - C", Some("B")), "A - C");
}
