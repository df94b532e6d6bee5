//! RSS, Atom and JSON feeds, read with feed-rs: each item becomes a draft. The feed's title is the
//! outlet (the command line and site.toml may say otherwise); an item's content, else its summary,
//! is the body, converted from HTML to Markdown.

use super::{Draft, dates, md};

/// Most items read from one feed: a feed is a list of recent items, and one that lists a
/// hundred thousand must not make a hundred thousand files in one run.
pub(crate) const MAX_ITEMS: usize = 500;

/// Reads a feed. `base_url`, the feed's own address when fetched, resolves relative links.
pub(crate) fn read(text: &str, base_url: Option<&str>) -> Result<Vec<Draft>, String> {
    let parser = feed_rs::parser::Builder::new().base_uri(base_url).build();
    let feed = parser.parse(text.as_bytes()).map_err(|e| format!("not a readable feed: {e}"))?;
    let outlet = feed.title.as_ref().and_then(text_of);
    let lang = feed.language.clone();
    // Relative item links are resolved against the feed's own page, else its address.
    let home = feed.links.iter().find_map(|l| absolute(&l.href, base_url)).or_else(|| base_url.map(String::from));
    if feed.entries.is_empty() {
        return Err("a feed with no items".into());
    }
    Ok(feed
        .entries
        .iter()
        .take(MAX_ITEMS)
        .enumerate()
        .map(|(k, e)| {
            let mut d = Draft::new(Some(k + 1));
            d.title = e.title.as_ref().and_then(text_of);
            d.outlet.clone_from(&outlet);
            d.lang = e.language.clone().or_else(|| lang.clone());
            d.url = item_link(&e.links, home.as_deref());
            d.date = e.published.or(e.updated).map(dates::from_utc);
            d.authors = e.authors.iter().filter_map(|p| p.name.clone()).collect();
            let html = match (&e.content, &e.summary) {
                (Some(c), _) if c.body.as_ref().is_some_and(|b| !b.trim().is_empty()) => {
                    body_html(c.body.as_deref().unwrap_or(""), c.content_type.to_string().as_str())
                }
                (_, Some(s)) => body_html(&s.content, s.content_type.to_string().as_str()),
                _ => String::new(),
            };
            d.body = md::html_to_markdown(&html, d.url.as_deref().or(home.as_deref()));
            d
        })
        .collect())
}

/// A feed text (title, summary) as plain text: HTML titles lose their tags.
fn text_of(t: &feed_rs::model::Text) -> Option<String> {
    let s = if t.content_type.to_string().as_str().contains("html") {
        dom_query::Document::from(t.content.as_str()).root().text().to_string()
    } else {
        t.content.clone()
    };
    md::one_line(&s)
}

/// A body as HTML: text bodies are escaped, so their `<` stays a character.
fn body_html(body: &str, media_type: &str) -> String {
    if media_type.contains("html") || media_type.contains("xml") {
        return body.to_string();
    }
    let escaped = body.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    escaped.split("\n\n").map(|p| format!("<p>{p}</p>")).collect()
}

/// The item's own page: its `alternate` (or unlabelled) link, made absolute.
fn item_link(links: &[feed_rs::model::Link], home: Option<&str>) -> Option<String> {
    let page = |l: &&feed_rs::model::Link| l.rel.as_deref().is_none_or(|r| r == "alternate");
    links.iter().filter(page).chain(links.iter()).find_map(|l| absolute(&l.href, home))
}

/// `href` as an absolute http(s) address, resolved against `base` when relative.
fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    md::web_url(href).or_else(|| {
        let b = url::Url::parse(base?).ok()?;
        md::web_url(b.join(href.trim()).ok()?.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>The Daily &amp; Nightly</title><link>https://daily.example/</link><language>en-gb</language>
<item><title>Rubio: 17 sent to El Salvador</title><link>https://daily.example/a/1</link>
<pubDate>Mon, 31 Mar 2025 14:05:00 -0400</pubDate><dc:creator>Jane Doe</dc:creator>
<description><![CDATA[<p>First <b>para</b>.</p><script>alert(1)</script><p>Second &amp; last.</p>]]></description></item>
<item><title>Relative link, odd date</title><link>/a/2</link><pubDate>31 Mar 2025 14:05 GMT</pubDate>
<description>Plain &lt;b&gt;escaped&lt;/b&gt; text</description></item>
<item><description>No title here</description></item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Wire &lt;i&gt;Service&lt;/i&gt;</title>
<link href="https://wire.example/"/><updated>2025-03-31T12:00:00Z</updated><id>urn:x</id>
<entry><title>Atom item</title><id>urn:1</id><link rel="alternate" href="https://wire.example/1"/>
<link rel="enclosure" href="https://wire.example/1.mp3"/>
<updated>2025-03-31T12:00:00Z</updated><author><name>A One</name></author><author><name>B Two</name></author>
<content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content></entry>
<entry><title>No date at all</title><id>urn:2</id><summary>Just a summary.</summary></entry>
</feed>"#;

    #[test]
    fn rss_items_become_drafts() {
        let d = read(RSS, None).unwrap();
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].title.as_deref(), Some("Rubio: 17 sent to El Salvador"));
        assert_eq!(d[0].outlet.as_deref(), Some("The Daily & Nightly"));
        assert_eq!(d[0].url.as_deref(), Some("https://daily.example/a/1"));
        assert_eq!(d[0].date.as_deref(), Some("2025-03-31T18:05:00Z"));
        assert_eq!(d[0].authors, ["Jane Doe"]);
        assert_eq!(d[0].lang.as_deref(), Some("en-gb"));
        assert!(d[0].body.contains("First **para**.") && d[0].body.contains("Second & last."), "{}", d[0].body);
        assert!(!d[0].body.contains("alert"), "{}", d[0].body);
        assert_eq!(d[1].url.as_deref(), Some("https://daily.example/a/2"));
        assert_eq!(d[1].date.as_deref(), Some("2025-03-31T14:05:00Z"));
        assert_eq!(d[2].title, None);
        assert_eq!(d[2].item, Some(3));
    }

    #[test]
    fn atom_entries_become_drafts() {
        let d = read(ATOM, None).unwrap();
        assert_eq!(d[0].outlet.as_deref(), Some("Wire Service"));
        assert_eq!(d[0].url.as_deref(), Some("https://wire.example/1"));
        assert_eq!(d[0].authors, ["A One", "B Two"]);
        assert_eq!(d[0].date.as_deref(), Some("2025-03-31T12:00:00Z"));
        assert_eq!(d[0].body.trim(), "Body text.");
        assert_eq!((d[1].date.as_ref(), d[1].url.as_ref()), (None, None));
        assert_eq!(d[1].body.trim(), "Just a summary.");
    }

    #[test]
    fn broken_feeds_are_refused() {
        assert!(
            read("<rss><channel><item><title>x</item></rss>", None).unwrap_err().starts_with("not a readable feed")
        );
        assert_eq!(
            read("<rss version=\"2.0\"><channel><title>x</title></channel></rss>", None).unwrap_err(),
            "a feed with no items"
        );
    }
}
