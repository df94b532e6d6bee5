//! `roundup import` on fixture feeds, saved pages and the seed texts, through the real binary:
//! what is written and where, duplicates and re-imports, dry runs, hostile values, bad sources,
//! and that the site builds from what was imported.

mod common;
use common::{build_ok, new_site, roundup, sample_site, snapshot_all};
use std::fs;
use std::path::{Path, PathBuf};

/// A fixture under tests/fixtures/import.
fn fixture(rel: &str) -> String {
    common::repo().join("tests/fixtures/import").join(rel).to_string_lossy().into_owned()
}

/// Runs `roundup import --root root args...`, returning (success, stdout, stderr).
fn import(root: &Path, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["import", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = roundup(&all);
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The front matter of an article file as YAML.
fn front(root: &Path, rel: &str) -> serde_yaml::Value {
    let text = fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_yaml::from_str(text.split("---\n").nth(1).unwrap()).unwrap()
}

/// Every article file under the site, relative, sorted.
fn articles(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(root.join("articles"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

const SITE: &str = "title = \"Import test\"\nbase_url = \"https://example.org/\"\n";

#[test]
fn feeds_and_pages_become_articles_that_build() {
    let site = new_site(SITE);
    let root = site.path();
    let (ok, out, err) = import(root, &[&fixture("feeds/rss.xml"), &fixture("feeds/atom.xml"), &fixture("pages")]);
    assert!(ok, "{out}\n{err}");
    assert!(out.contains("\nadded 7, skipped 0 (duplicates), failed 3\n"), "{out}");
    assert!(out.contains("rss.xml item 4: the item has no title"), "{out}");
    assert!(out.contains("not-article.html: not an article page"), "{out}");
    assert!(out.contains("title-only.html: no outlet: the source names none; give it with --outlet NAME"), "{out}");

    // RSS: CDATA, an odd zone name, entities, a relative link, a missing date.
    let f = front(root, "articles/2025-04-01/harbour-town-herald-ferry-fares-rise-by-5-from-may-weekend.md");
    assert_eq!(f["title"], "Ferry fares rise by 5% from May & weekend services cut");
    assert_eq!(f["outlet"], "Harbour Town Herald");
    assert_eq!(f["date"], "2025-04-01T14:15:00Z");
    assert_eq!(f["author"], "Ola Nordmann");
    let body = fs::read_to_string(
        root.join("articles/2025-04-01/harbour-town-herald-ferry-fares-rise-by-5-from-may-weekend.md"),
    )
    .unwrap();
    assert!(
        body.contains("will rise by **5%** from") && !body.contains("tracking") && !body.contains("script"),
        "{body}"
    );
    let f = front(root, "articles/2025-04-02/harbour-town-herald-cafe-owners-win-appeal-over-terrace-licences.md");
    assert_eq!(f["title"], "Café owners win appeal over terrace licences");
    assert_eq!(f["url"], "https://herald.example/news/cafe-terraces");
    assert_eq!(f["date"], "2025-04-02T12:00:00Z");
    let f = front(root, "articles/undated/harbour-town-herald-storm-warning-lifted.md");
    assert!(f.get("date").is_none());
    // Atom: an HTML title for the outlet, published over updated, two authors, only an updated date.
    let f = front(root, "articles/2025-04-03/valley-wire-dam-inspection-finds-no-cracks.md");
    assert_eq!((f["outlet"].as_str(), f["date"].as_str()), (Some("Valley Wire"), Some("2025-04-03T06:00:00Z")));
    assert_eq!(f["author"], serde_yaml::from_str::<serde_yaml::Value>("[Kim Lee, Sam Roe]").unwrap());
    assert_eq!(f["url"], "https://wire.example/2025/04/03/dam-inspection");
    let f = front(root, "articles/2025-04-02/valley-wire-only-updated-and-only-a-summary.md");
    assert_eq!(f["date"], "2025-04-02T16:45:00Z");
    // Pages: JSON-LD first, OpenGraph next.
    let f = front(root, "articles/2025-04-02/coastal-courier-harbour-bridge-reopens-after-repairs.md");
    assert_eq!(f["title"], "Harbour bridge reopens after repairs");
    assert_eq!(f["date"], "2025-04-02T08:30:00+01:00");
    let f = front(root, "articles/2025-03-30/valley-gazette-library-opens-its-new-reading-room.md");
    assert_eq!((f["outlet"].as_str(), f["author"].as_str()), (Some("Valley Gazette"), Some("Mia Park")));

    // A page without an outlet imports when one is given.
    let (ok, out, _) = import(root, &[&fixture("pages/title-only.html"), "--outlet", "Road News"]);
    assert!(
        ok && out.contains("added articles/undated/road-news-snowfall-closes-mountain-pass-for-a-second-day.md"),
        "{out}"
    );

    build_ok(root, &[]);
    assert!(
        root.join("public/articles/2025-04-02/coastal-courier-harbour-bridge-reopens-after-repairs/index.html")
            .is_file()
    );
}

#[test]
fn reimporting_is_a_no_op() {
    let site = new_site(SITE);
    let root = site.path();
    let sources = [fixture("feeds/rss.xml"), fixture("feeds/atom.xml"), fixture("pages/jsonld.html")];
    let args: Vec<&str> = sources.iter().map(String::as_str).collect();
    assert!(import(root, &args).0);
    let before = snapshot_all(root);
    let (ok, out, _) = import(root, &args);
    assert!(ok, "{out}");
    assert!(out.contains("added 0, skipped 6 (duplicates), failed 1"), "{out}");
    assert!(out.contains("skipped ") && out.contains(": the same address as articles/"), "{out}");
    assert_eq!(snapshot_all(root), before, "nothing changed");

    // An edited article is a curator's: not overwritten, and still recognised by its address.
    let edited = root.join("articles/2025-04-03/valley-wire-dam-inspection-finds-no-cracks.md");
    let text = fs::read_to_string(&edited).unwrap().replace("no cracks in", "no cracks at all in");
    fs::write(&edited, &text).unwrap();
    assert!(import(root, &args).1.contains("added 0, skipped 6"));
    assert_eq!(fs::read_to_string(&edited).unwrap(), text);
}

#[test]
fn a_dry_run_writes_nothing() {
    let site = new_site(SITE);
    let root = site.path();
    let before = snapshot_all(root);
    let (ok, out, _) = import(root, &["--dry-run", &fixture("feeds/atom.xml")]);
    assert!(ok, "{out}");
    assert!(out.contains("would add articles/2025-04-03/valley-wire-dam-inspection-finds-no-cracks.md"), "{out}");
    assert!(out.contains("    title: \"Dam inspection finds no cracks\"\n    outlet: \"Valley Wire\"\n"), "{out}");
    assert!(out.ends_with("would add 2, skipped 0 (duplicates), failed 0 (dry run: nothing was written)\n"), "{out}");
    assert_eq!(snapshot_all(root), before);
}

#[test]
fn hostile_values_choose_no_path_and_are_escaped() {
    let site = new_site(SITE);
    let root = site.path();
    let (ok, out, _) = import(root, &[&fixture("feeds/hostile.xml")]);
    assert!(ok, "{out}");
    let files = articles(root);
    assert_eq!(
        files,
        [
            PathBuf::from("articles/2025-04-01/tmp-outlet-etc-passwd.md"),
            PathBuf::from("articles/undated/tmp-outlet-script-alert-title-script-quoted-1-x.md"),
        ]
    );
    assert_eq!(front(root, "articles/2025-04-01/tmp-outlet-etc-passwd.md")["title"], "../../etc/passwd");
    let f = front(root, "articles/undated/tmp-outlet-script-alert-title-script-quoted-1-x.md");
    assert_eq!(f["title"], "<script>alert(\"title\")</script> \"quoted\": #1 - [x]");
    assert!(f.get("url").is_none(), "a javascript: link is no address");
    assert!(!root.parent().unwrap().join("tmp").exists() && !root.join("etc").exists());
    build_ok(root, &[]);
    let page = fs::read_to_string(
        root.join("public/articles/undated/tmp-outlet-script-alert-title-script-quoted-1-x/index.html"),
    )
    .unwrap();
    assert!(page.contains("&lt;script&gt;alert("), "the title is escaped");
    // The author stays text: `&lt;img src=x onerror=...&gt;` is shown, never an element.
    for bad in ["<script>alert(", "<img src=x", "onclick", "javascript:", "<iframe"] {
        assert!(!page.contains(bad), "{bad} in the page");
    }
}

#[test]
fn one_bad_source_never_stops_the_others() {
    let site = new_site(SITE);
    let root = site.path();
    let missing = fixture("feeds/no-such-file.xml");
    let bad = [
        fixture("feeds/malformed.xml"),
        fixture("feeds/latin1.xml"),
        missing.clone(),
        fixture("pages/not-article.html"),
    ];
    let mut args: Vec<&str> = bad.iter().map(String::as_str).collect();
    // Every source failing is the one case that exits non-zero.
    let (ok, out, _) = import(root, &args);
    assert!(!ok, "{out}");
    assert!(out.contains("added 0, skipped 0 (duplicates), failed 4"), "{out}");
    assert!(out.contains("malformed.xml: not a readable feed:"), "{out}");
    assert!(out.contains("latin1.xml: unsupported encoding iso-8859-1 (only UTF-8 is read)"), "{out}");
    assert!(out.contains(&format!("failed {missing}: cannot read:")), "{out}");
    let atom = fixture("feeds/atom.xml");
    args.insert(2, &atom);
    let (ok, out, _) = import(root, &args);
    assert!(ok, "{out}");
    assert!(out.contains("added 2, skipped 0 (duplicates), failed 4"), "{out}");
}

/// The seeds' front matter, by what each text supports (see tests/fixtures/import/README.md).
#[test]
fn the_seeds_give_what_their_text_supports() {
    let site = new_site(SITE);
    let root = site.path();
    let (ok, out, _) = import(root, &[&fixture("seeds")]);
    assert!(ok, "{out}");
    assert!(out.contains("added 1, skipped 0 (duplicates), failed 4"), "{out}");
    for (seed, why) in
        [("000", "no headline found"), ("001", "no outlet"), ("002", "no headline found"), ("003", "no outlet")]
    {
        assert!(
            out.lines().any(|l| l.starts_with("failed ") && l.contains(&format!("/{seed}_")) && l.contains(why)),
            "{seed}: {out}"
        );
    }
    let voz = "articles/undated/voz-us-17-violent-criminals-from-el-tren-de-aragua.md";
    let f = front(root, voz);
    assert_eq!(f["title"], "17 'violent criminals' from El Tren de Aragua and MS-13 sent to jail in El Salvador");
    assert_eq!((f["outlet"].as_str(), f["author"].as_str()), (Some("Voz.us"), Some("Diane Hernández")));
    assert!(f.get("date").is_none() && f.get("url").is_none(), "its only date is in its address, not given");

    // With an outlet named, the texts with a headline import; the dotted date reads day first.
    for (seed, outlet) in [("001_976ac323f02a64dc", "fizoti.com"), ("003_fae55671563c51db", "Costa Rica Post")] {
        assert!(import(root, &[&fixture(&format!("seeds/{seed}.txt")), "--outlet", outlet]).0);
    }
    let f = front(root, "articles/2025-04-01/fizoti-com-u-s-deports-17-gang-members-to-el.md");
    assert_eq!(
        (f["title"].as_str(), f["date"].as_str()),
        (Some("U.S. Deports 17 Gang Members to El Salvador"), Some("2025-04-01 01:01"))
    );
    assert!(f.get("author").is_none());
    let f = front(root, "articles/undated/costa-rica-post-u-s-officials-visit-el-salvadors-prison-housing.md");
    assert_eq!(f["title"], "U.S. Officials Visit El Salvador's Prison Housing Deported Venezuelans");
    assert!(f.get("date").is_none());

    // With the address, a text without a headline takes the address's words, marked as such,
    // and the address's /YYYY/MM/DD/ date, marked too.
    let url = "https://london24-7.uk/2025/03/27/opinion/dhs-secretary-kristi-noem-tours-el-salvador-prison-for-deported-gang-members";
    let (ok, out, _) =
        import(root, &[&fixture("seeds/000_f1e77ce1b3026855.txt"), "--url", url, "--outlet", "london24-7.uk"]);
    assert!(ok, "{out}");
    let rel = "articles/2025-03-27/london24-7-uk-dhs-secretary-kristi-noem-tours-el-salvador-prison.md";
    let f = front(root, rel);
    assert_eq!(f["title"], "DHS Secretary Kristi Noem tours El Salvador prison for deported gang members");
    assert_eq!((f["date"].as_str(), f["url"].as_str()), (Some("2025-03-27"), Some(url)));
    assert_eq!(f["extra"]["title_source"], "url");
    let text = fs::read_to_string(root.join(rel)).unwrap();
    assert!(text.contains("# date from the address only\ndate: 2025-03-27\n"), "{text}");
    build_ok(root, &[]);
}

#[test]
fn the_sample_sites_own_sources_are_already_there() {
    // The sample articles were made from the seeds by hand: importing the seeds again adds nothing.
    let site = sample_site();
    let root = site.path();
    let before = snapshot_all(&root.join("articles"));
    let (ok, out, _) = import(root, &[&fixture("seeds"), "--outlet", "Some outlet"]);
    assert!(ok, "{out}");
    assert!(out.contains("added 0, skipped 3 (duplicates), failed 2"), "{out}");
    assert!(
        out.contains("a near-duplicate (")
            && out.contains("of articles/004-vozus-17-violent-criminals-sent-to-el-salvador.md"),
        "{out}"
    );
    // With its address, a seed is found by it; site.toml names the outlet for that address.
    let url = "https://www.anews.com.tr/world/2025/03/27/us-homeland-security-secretary-visits-el-salvador-mega-prison-amid-deportation-controversy";
    let (ok, out, _) = import(root, &["--url", url, &fixture("seeds/002_26e8dca23d1c09de.txt")]);
    assert!(
        ok && out.contains("the same address as articles/002-anews-noem-visits-el-salvador-mega-prison.md"),
        "{out}"
    );
    assert_eq!(snapshot_all(&root.join("articles")), before);
}

#[test]
fn refused_options() {
    let site = new_site(SITE);
    let root = site.path();
    let (ok, _, err) = import(root, &["--url", "ftp://x", &fixture("seeds")]);
    assert!(!ok && err.contains("--url must be an http:// or https:// address"), "{err}");
    let (ok, _, err) = import(root, &["--url", "https://x.org/a", &fixture("seeds")]);
    assert!(!ok && err.contains("--url names the address of one saved file"), "{err}");
    let (ok, _, err) = import(&root.join("nowhere"), &[&fixture("seeds")]);
    assert!(!ok && err.contains("no site.toml"), "{err}");
}
