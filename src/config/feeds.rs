//! `[[feeds]]` in `site.toml`: the feeds `roundup import --feeds` pulls, checked like every
//! other setting so a typo or a non-web address is reported at its line before anything runs.

use super::FeedConfig;
use crate::diag::Diagnostic;
use std::path::Path;

/// The longest outlet name a `[[feeds]]` table may give, in characters.
const MAX_OUTLET_CHARS: usize = 200;

/// Checks every `[[feeds]]` table: a plain `http(s)` address, listed once, and an outlet name
/// that is one line of text. Each problem points at the line of the feed's `url`.
pub(super) fn check(path: &Path, text: &str, feeds: &[FeedConfig], problems: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::BTreeSet::new();
    for (i, feed) in feeds.iter().enumerate() {
        let line = key_line(text, i, "url");
        let n = i + 1;
        if let Err(why) = check_url(&feed.url) {
            problems.push(Diagnostic::new(path, line, 1, format!("feed {n}: `url` {why}"), FEED_URL_HINT));
        } else if !seen.insert(feed.url.as_str()) {
            problems.push(Diagnostic::new(
                path,
                line,
                1,
                format!("feed {n}: {} is listed twice", crate::diag::quote(&feed.url)),
                "remove one of the two [[feeds]] tables",
            ));
        }
        if let Some(o) = &feed.outlet {
            let why = if o.trim().is_empty() {
                Some("is empty")
            } else if o.chars().any(char::is_control) {
                Some("contains a line break or control character")
            } else if o.chars().count() > MAX_OUTLET_CHARS {
                Some("is longer than 200 characters")
            } else {
                None
            };
            if let Some(why) = why {
                let hint = "give the outlet's name as readers know it, or leave `outlet` out to use the feed's title";
                let line = key_line(text, i, "outlet");
                problems.push(Diagnostic::new(path, line, 1, format!("feed {n}: `outlet` {why}"), hint));
            }
        }
    }
}

/// How to write a feed's address.
const FEED_URL_HINT: &str = "for example url = \"https://example.org/feed.xml\"";

/// Checks a feed's address: an absolute `http(s)` URL with a host, no user name or password,
/// and no spaces, quotes or angle brackets (a query is allowed: many feeds have one). The error
/// completes "`url` ...".
fn check_url(s: &str) -> Result<(), String> {
    super::check_web_url(s, true)
}

/// The 1-based line where `key` is set in the `index`-th (0-based) `[[feeds]]` table, else that
/// table's header line, else 1: for pointing at one table of the array.
fn key_line(text: &str, index: usize, key: &str) -> usize {
    let is_feeds_header = |l: &str| {
        l.strip_prefix("[[")
            .and_then(|r| r.trim_start().strip_prefix("feeds"))
            .is_some_and(|r| r.trim_start().starts_with("]]"))
    };
    let (mut seen, mut header) = (0, None);
    for (i, line) in text.lines().enumerate() {
        let l = line.trim_start();
        if l.starts_with('[') {
            if header.is_some() {
                break;
            }
            if is_feeds_header(l) {
                if seen == index {
                    header = Some(i + 1);
                }
                seen += 1;
            }
        } else if header.is_some() && l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')) {
            return i + 1;
        }
    }
    header.unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::diag::Diagnostic;
    use std::path::Path;

    fn parse(t: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("site.toml"), t)
    }

    const BASE: &str = "title = \"T\"\nbase_url = \"https://x.org/\"\n";

    #[test]
    fn feeds_are_read_in_order_with_their_outlets() {
        let c = parse(&format!(
            "{BASE}[[feeds]]\nurl = \"https://a.example/feed.xml?format=rss\"\noutlet = \"Diario A\"\n\n\
             [[feeds]]\nurl = \"http://b.example/atom\"\n"
        ))
        .unwrap();
        let got: Vec<_> = c.feeds.iter().map(|f| (f.url.as_str(), f.outlet.as_deref())).collect();
        assert_eq!(got, [("https://a.example/feed.xml?format=rss", Some("Diario A")), ("http://b.example/atom", None)]);
        assert!(parse(BASE).unwrap().feeds.is_empty());
    }

    #[test]
    fn a_feed_url_must_be_http_or_https() {
        for bad in [
            "ftp://x.example/feed",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "feed.xml",
            "https://u:p@x.org/f",
            "https://x.org/a b",
            "HTTPS://x.org/",
        ] {
            let e = parse(&format!("{BASE}\n[[feeds]]\nurl = \"{bad}\"\n")).unwrap_err();
            let s = e[0].to_string();
            assert!(s.starts_with("site.toml:5:1: feed 1: `url` must "), "{bad}: {s}");
            assert!(s.contains("hint: for example url = \"https://example.org/feed.xml\""), "{s}");
        }
    }

    #[test]
    fn unknown_feed_keys_get_a_suggestion() {
        let e = parse(&format!("{BASE}[[feeds]]\nurl = \"https://a.example/\"\noutlett = \"A\"\n")).unwrap_err();
        let s = e[0].to_string();
        assert!(s.starts_with("site.toml:5:1: invalid site.toml: unknown field `outlett`"), "{s}");
        assert!(s.contains("did you mean `outlet`?"), "{s}");
        let e = parse(&format!("{BASE}[[feed]]\nurl = \"https://a.example/\"\n")).unwrap_err();
        assert!(e[0].to_string().contains("did you mean `feeds`?"), "{}", e[0]);
        let e = parse(&format!("{BASE}[[feeds]]\noutlet = \"A\"\n")).unwrap_err();
        assert!(e[0].to_string().contains("missing field `url`"), "{}", e[0]);
    }

    #[test]
    fn feed_problems_are_all_reported_at_their_lines() {
        let e = parse(&format!(
            "{BASE}[[feeds]]\nurl = \"https://a.example/\"\n[[feeds]]\nurl = \"https://a.example/\"\n\
             [[feeds]]\nurl = \"https://c.example/\"\noutlet = \"  \"\n[[feeds]]\nurl = \"https://d.example/\"\noutlet = \"A\\nB\"\n"
        ))
        .unwrap_err();
        let got: Vec<String> = e.iter().map(|d| format!("{}: {}", d.line, d.message)).collect();
        assert_eq!(
            got,
            [
                "6: feed 2: \"https://a.example/\" is listed twice",
                "9: feed 3: `outlet` is empty",
                "12: feed 4: `outlet` contains a line break or control character",
            ]
        );
    }
}
