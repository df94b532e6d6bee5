//! `[[feeds]]` in site.toml, through the real binary: `roundup check` reports a bad feed at its
//! line with a hint, like every other setting, and a good list builds as before.

mod common;
use common::{new_site, roundup};

const BASE: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

fn check(site_toml: &str) -> (bool, String) {
    let site = new_site(site_toml);
    let out = roundup(&["check", "--root", site.path().to_str().unwrap()]);
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_feed_list_is_accepted() {
    let (ok, err) = check(&format!(
        "{BASE}\n[[feeds]]\nurl = \"https://a.example/rss?lang=en\"\noutlet = \"Diario A\"\n\n[[feeds]]\nurl = \"http://b.example/atom.xml\"\n"
    ));
    assert!(ok, "{err}");
}

#[test]
fn a_feed_that_is_not_a_web_address_is_located() {
    let (ok, err) = check(&format!("{BASE}\n[[feeds]]\nurl = \"file:///etc/passwd\"\n"));
    assert!(!ok);
    assert!(err.contains("site.toml:5:1: feed 1: `url` must be an http:// or https:// address"), "{err}");
    assert!(err.contains("hint: for example url = \"https://example.org/feed.xml\""), "{err}");
}

#[test]
fn a_misspelt_feed_key_gets_a_suggestion() {
    let (ok, err) = check(&format!("{BASE}\n[[feeds]]\nurl = \"https://a.example/rss\"\noutlte = \"A\"\n"));
    assert!(!ok);
    assert!(err.contains("site.toml:6:1: invalid site.toml: unknown field `outlte`"), "{err}");
    assert!(err.contains("did you mean `outlet`?"), "{err}");
}
