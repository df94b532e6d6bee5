//! Bad input: every problem is reported at once, precisely, and nothing is written.

mod common;
use common::*;
use std::fs;
use std::path::Path;

fn stderr_of(root: &Path) -> (bool, String) {
    let out = roundup(&["build", "--root", root.to_str().unwrap()]);
    (out.status.success(), String::from_utf8(out.stderr).unwrap())
}

fn bad_site() -> tempfile::TempDir {
    let site = new_site(&fs::read_to_string(repo().join("tests/fixtures/bad/site.toml")).unwrap());
    copy_dir(&repo().join("tests/fixtures/bad/articles"), &site.path().join("articles"));
    fs::write(site.path().join("articles/latin1.md"), b"---\ntitle: Caf\xe9\noutlet: X\n---\n").unwrap();
    fs::write(
        site.path().join("templates/outlet.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
    )
    .unwrap();
    site
}

#[test]
fn every_problem_is_reported_with_location_and_hint() {
    let site = bad_site();
    let (ok, err) = stderr_of(site.path());
    assert!(!ok);
    let lines: Vec<&str> = err.lines().filter(|l| !l.starts_with("  hint: ")).collect();
    let expected = [
        "articles/bad-date.md:4:1: cannot parse date \"31/03/2025\"",
        "articles/bad-url.md:4:1: `url` must start with http:// or https://, got \"ftp://example.org/a\"",
        "articles/bad-yaml.md:3:7: invalid YAML in front matter: did not find expected ',' or ']'",
        "articles/empty.md:1:1: file is empty",
        "articles/latin1.md:2:11: file is not valid UTF-8",
        "articles/missing-outlet.md:1:1: missing required key `outlet`",
        "articles/no-fence.md:1:1: missing front matter: the file must start with a `---` line",
        "articles/unknown-key.md:4:1: unknown front-matter key `authr`",
        "articles/unterminated.md:1:1: unterminated front matter: no closing `---` line",
        "articles/wrong-type.md:4:1: `tags` must be a list, got text",
        "templates/outlet.html:3:7: template syntax error:",
    ];
    for want in expected {
        assert!(lines.iter().any(|l| l.starts_with(want)), "missing line {want:?} in:\n{err}");
    }
    assert!(err.contains("  hint: did you mean `author`?"), "{err}");
    assert!(err.ends_with("11 problems found; nothing was written\n"), "{err}");
    let hints = err.lines().filter(|l| l.starts_with("  hint: ")).count();
    assert!(hints >= 11, "every problem has a hint:\n{err}");
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let before = snapshot(&public);
    let mtime = fs::metadata(public.join("index.html")).unwrap().modified().unwrap();
    // A new, good article plus a broken one: nothing of the good one may appear either.
    article(site.path(), "zz-later.md", "title: A later story\noutlet: New Outlet\ndate: 2025-05-01", "Text.");
    article(site.path(), "zz-broken.md", "title: Broken\noutlet: X\ndate: someday", "Text.");
    let (ok, err) = stderr_of(site.path());
    assert!(!ok);
    assert!(err.contains("articles/zz-broken.md:4:1: cannot parse date \"someday\""), "{err}");
    assert_eq!(snapshot(&public), before);
    assert_eq!(fs::metadata(public.join("index.html")).unwrap().modified().unwrap(), mtime);
    assert!(!site.path().join(".public.staging").exists());
}

#[test]
fn render_errors_name_template_and_line_and_keep_output() {
    let site = sample_site();
    build_ok(site.path(), &[]);
    let before = snapshot(&site.path().join("public"));
    fs::write(site.path().join("templates/event.html"), "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ event.title }}</h1>\n<p>{{ event.no_such_field.deeper }}</p>\n{% endblock content %}\n").unwrap();
    let (ok, err) = stderr_of(site.path());
    assert!(!ok);
    assert!(err.lines().any(|l| l.starts_with("templates/event.html:4:")), "{err}");
    assert_eq!(snapshot(&site.path().join("public")), before);
}

#[test]
fn bad_site_toml_is_located() {
    let site = sample_site();
    fs::write(
        site.path().join("site.toml"),
        "title = \"x\"\nbase_url = \"https://example.org/\"\n\n[clustering]\nthreshhold = 0.4\n",
    )
    .unwrap();
    let (ok, err) = stderr_of(site.path());
    assert!(!ok);
    assert!(err.starts_with("site.toml:5:1: invalid site.toml: unknown field `threshhold`"), "{err}");
    assert!(err.contains("hint: did you mean `threshold`?"), "{err}");
}

#[test]
fn duplicate_output_paths_name_both_sources() {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    article(site.path(), "a.md", "title: One\noutlet: A News\ndate: 2025-01-01", "Alpha beta.");
    article(site.path(), "b.md", "title: Two\noutlet: A-News\ndate: 2025-01-02", "Gamma delta.");
    let (ok, err) = stderr_of(site.path());
    assert!(!ok);
    assert!(err.contains("outlet \"A-News\" (from articles/b.md) would be written to outlets/a-news/, which outlet \"A News\" (from articles/a.md) already uses"), "{err}");
}

#[test]
fn static_file_clashing_with_a_page_is_an_error() {
    let site = sample_site();
    fs::write(site.path().join("static/404.html"), "mine").unwrap();
    let (ok, err) = stderr_of(site.path());
    assert!(!ok);
    assert!(
        err.contains(
            "static/404.html:1:1: static file would be written to 404.html, which a generated page already uses"
        ),
        "{err}"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn scripts_in_articles_never_reach_a_page() {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    article(
        site.path(),
        "evil.md",
        "title: \"<script>alert('t')</script> Headline\"\noutlet: \"<script>alert('o')</script>\"\nsummary: \"<img src=x onerror=alert(1)>\"",
        "Hello <script>alert('b')</script> <iframe src=\"https://x\"></iframe> [x](javascript:alert(1)) <b onclick=\"alert(1)\">b</b>",
    );
    build_ok(site.path(), &[]);
    // Every page, feed and data file we generate (the search bundle's own scripts are not article content).
    for (path, bytes) in snapshot(&site.path().join("public"))
        .into_iter()
        .filter(|(p, _)| !p.starts_with("pagefind/") && !p.ends_with(".js"))
    {
        // The search page's own script is the only one a page may have.
        let ours = "<script src=\"/search.js\" data-bundle=\"/pagefind/pagefind.js\" type=\"module\"></script>";
        let text = String::from_utf8_lossy(&bytes).replace(ours, "").to_lowercase();
        assert!(!text.contains("<script"), "{path} has a script tag");
        assert!(
            !text.contains("<iframe")
                && !text.contains("onclick=")
                && !text.contains("javascript:")
                && !text.contains("<img"),
            "{path} has active content"
        );
    }
    let page = fs::read_to_string(site.path().join("public/articles/evil/index.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert("), "title is shown as text");
}

#[test]
fn drafts_only_with_flag() {
    let site = new_site("title = \"t\"\nbase_url = \"https://example.org/\"\n");
    article(site.path(), "a.md", "title: Published\noutlet: O\ndate: 2025-01-01", "Alpha.");
    article(site.path(), "b.md", "title: Not yet\noutlet: O\ndate: 2025-01-02\ndraft: true", "Beta.");
    let out = build_ok(site.path(), &[]);
    assert!(out.starts_with("1 article, 1 event, 1 outlet"), "{out}");
    assert!(!site.path().join("public/articles/b").exists());
    let out = build_ok(site.path(), &["--drafts"]);
    assert!(out.starts_with("2 articles"), "{out}");
    assert!(site.path().join("public/articles/b/index.html").exists());
}
