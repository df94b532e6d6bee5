use super::*;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("site.toml"), "title = \"t\"\nbase_url = \"https://example.org/\"\n").unwrap();
    dir
}

const TEXT: &str = "The harbour bridge reopened to traffic on Wednesday morning after eight months of repairs, the \
    city council said, ending long detours for the thousands of commuters who cross the estuary each day and night.";

fn draft(title: &str, outlet: &str, date: Option<&str>, url: Option<&str>, body: &str) -> Draft {
    let mut d = Draft::new(None);
    d.title = Some(title.into());
    d.outlet = Some(outlet.into());
    d.date = date.map(String::from);
    d.url = url.map(String::from);
    d.body = body.into();
    d
}

fn added(f: Fate) -> PathBuf {
    match f {
        Fate::Added(p, _) => p,
        Fate::Skipped(w) | Fate::Failed(w) => panic!("not added: {w}"),
    }
}

fn skipped(f: Fate) -> String {
    match f {
        Fate::Skipped(w) => w,
        Fate::Added(p, _) => panic!("added {}", p.display()),
        Fate::Failed(w) => panic!("failed: {w}"),
    }
}

#[test]
fn files_are_named_by_day_outlet_and_headline() {
    let s = site();
    let mut ix = Index::default();
    let d = draft("Bridge reopens: 42 cables later", "The Courier", Some("2025-04-02T23:30:00-04:00"), None, TEXT);
    let p = added(add(s.path(), &mut ix, &d, false, u64::MAX).unwrap());
    assert_eq!(p, Path::new("articles/2025-04-02/the-courier-bridge-reopens-42-cables-later.md"));
    // The same name again (another text) gets a number; the first file is untouched.
    let before = fs::read(s.path().join(&p)).unwrap();
    let d2 = draft("Bridge reopens: 42 cables later", "The Courier", Some("2025-04-02"), None, "Other words entirely.");
    let p2 = added(add(s.path(), &mut ix, &d2, false, u64::MAX).unwrap());
    assert_eq!(p2, Path::new("articles/2025-04-02/the-courier-bridge-reopens-42-cables-later-2.md"));
    assert_eq!(fs::read(s.path().join(&p)).unwrap(), before);
    let undated = draft("日本", "日本", None, None, "Text.");
    assert_eq!(
        added(add(s.path(), &mut ix, &undated, false, u64::MAX).unwrap()),
        Path::new("articles/undated/article.md")
    );
}

#[test]
fn hostile_values_stay_in_place_and_quoted() {
    let s = site();
    let mut ix = Index::default();
    for (k, t) in [
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "title: x\nevil: true",
        "\"quoted\" #hash: - [a] {b}",
        "..",
        "/",
    ]
    .into_iter()
    .enumerate()
    {
        let mut d =
            draft(t, "../../outlet", None, Some(&format!("https://x.org/{k}?b=\"c\"#d")), &format!("Body {k}."));
        d.authors = vec!["A \"B\" C".into(), "---".into()];
        let p = added(add(s.path(), &mut ix, &d, false, u64::MAX).unwrap());
        assert!(p.starts_with("articles/undated") && p.components().count() == 3, "{}", p.display());
        assert!(!p.to_string_lossy().contains(".."), "{}", p.display());
        let text = fs::read_to_string(s.path().join(&p)).unwrap();
        let a = article::parse(&text, "x".into(), &p).unwrap().article;
        assert_eq!(a.title, t);
        assert_eq!(a.outlet, "../../outlet");
        assert_eq!(a.authors, ["A \"B\" C", "---"]);
    }
    assert_eq!(fs::read_dir(s.path()).unwrap().count(), 2, "only site.toml and articles/");
}

#[test]
fn duplicates_are_skipped() {
    let s = site();
    let mut ix = Index::default();
    let d = draft("Bridge reopens", "Courier", Some("2025-04-02"), Some("https://www.courier.example/a/"), TEXT);
    added(add(s.path(), &mut ix, &d, false, u64::MAX).unwrap());
    // A fresh index reads what is on disk.
    let mut ix = Index::load(s.path(), u64::MAX);
    let again = skipped(add(s.path(), &mut ix, &d, false, u64::MAX).unwrap());
    assert!(again.starts_with("the same address as articles/2025-04-02/courier-bridge-reopens.md"), "{again}");
    let other_address =
        draft("Bridge reopens", "Courier", Some("2025-04-02"), Some("http://courier.example/a#top"), "x");
    assert!(skipped(add(s.path(), &mut ix, &other_address, false, u64::MAX).unwrap()).starts_with("the same address"));
    let edited = draft("Bridge is open", "Other", None, None, &TEXT.replace("Wednesday", "Thursday"));
    let why = skipped(add(s.path(), &mut ix, &edited, false, u64::MAX).unwrap());
    assert!(why.starts_with("a near-duplicate ("), "{why}");
    let short = draft("Short", "Courier", None, None, "Two words.");
    added(add(s.path(), &mut ix, &short, false, u64::MAX).unwrap());
    assert!(skipped(add(s.path(), &mut ix, &short, false, u64::MAX).unwrap()).starts_with("the same text as"));
}

#[test]
fn dry_run_writes_nothing_and_plans_distinct_names() {
    let s = site();
    let mut ix = Index::default();
    let a = draft("Same", "O", None, None, "First text.");
    let b = draft("Same", "O", None, None, "Second text.");
    assert_eq!(added(add(s.path(), &mut ix, &a, true, u64::MAX).unwrap()), Path::new("articles/undated/o-same.md"));
    assert_eq!(added(add(s.path(), &mut ix, &b, true, u64::MAX).unwrap()), Path::new("articles/undated/o-same-2.md"));
    assert!(!s.path().join("articles").exists());
}

#[test]
fn what_cannot_be_an_article_fails() {
    let s = site();
    let mut ix = Index::default();
    let mut d = draft("T", "O", None, None, "x");
    d.title = None;
    assert!(
        matches!(add(s.path(), &mut ix, &d, false, u64::MAX).unwrap(), Fate::Failed(w) if w.starts_with("no headline"))
    );
    let mut d = draft("T", "O", None, None, "x");
    d.outlet = None;
    assert!(
        matches!(add(s.path(), &mut ix, &d, false, u64::MAX).unwrap(), Fate::Failed(w) if w.starts_with("no outlet"))
    );
    let d = draft("T", "O", None, None, &"x".repeat(200));
    assert!(
        matches!(add(s.path(), &mut ix, &d, false, 100).unwrap(), Fate::Failed(w) if w.contains("max_article_bytes"))
    );
    assert!(!s.path().join("articles").exists());
}

#[test]
fn provenance_is_marked() {
    let mut d = draft("A headline", "O", Some("2025-03-27"), Some("https://o.example/2025/03/27/a-headline"), "x");
    d.title_source = TitleSource::Url;
    d.date_source = DateSource::Url;
    d.lang = Some("en".into());
    let fm = front_matter(&d, "A headline", "O");
    assert_eq!(
        fm,
        "title: \"A headline\"\noutlet: \"O\"\n# date from the address only\ndate: 2025-03-27\n\
         url: \"https://o.example/2025/03/27/a-headline\"\nlang: \"en\"\n\
         # no headline in the text; the title is the outlet's own wording, taken from the page address\n\
         extra:\n  title_source: url\n"
    );
    let a = article::parse(&format!("---\n{fm}---\n\nx\n"), "x".into(), Path::new("x.md")).unwrap().article;
    assert_eq!(a.extra["title_source"], "url");
}
