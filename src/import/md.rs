//! Markdown from the sources' HTML and text, and the clean-up every draft gets: characters no page
//! may carry removed, one-line fields kept on one line, addresses checked, blank padding dropped.

use super::Draft;

/// Elements whose content is never article text: scripts, media and their players, forms, page
/// furniture, pictures and their captions.
const DROP: &str = "script, style, noscript, template, iframe, object, embed, video, audio, picture, img, svg, \
    canvas, figure, form, button, input, select, textarea, nav, aside, footer";

/// `html` (a fragment or a page) as Markdown: links made absolute against `base_url`, links that
/// are not http(s) reduced to their text, everything in [`DROP`] left out.
pub(crate) fn html_to_markdown(html: &str, base_url: Option<&str>) -> String {
    let doc = dom_query::Document::from(html);
    doc.select(DROP).remove();
    let base = base_url.and_then(|b| url::Url::parse(b).ok());
    for a in doc.select("a").nodes() {
        let href = a.attr("href").map(|h| h.to_string()).unwrap_or_default();
        let abs = match &base {
            Some(b) => b.join(href.trim()).ok().map(String::from),
            None => Some(href.trim().to_string()),
        };
        match abs.as_deref().and_then(web_url) {
            Some(u) => a.set_attr("href", &u),
            None => a.remove_attr("href"),
        }
    }
    tidy_body(&doc.md(None))
}

/// `line` of plain text as a Markdown paragraph that shows exactly that text: the characters
/// Markdown would read as markup are escaped.
pub(crate) fn escape_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    // What starts a block: a heading, a list item, a quote (escaped above), a thematic break.
    let first = out.chars().next().unwrap_or(' ');
    if matches!(first, '#' | '-' | '+' | '=') {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
        out.insert(digits, '\\');
    }
    out
}

/// `s` if it is an http(s) address without spaces or control characters, normalised by the URL
/// parser (so `HTTPS://Example.org` and `https://example.org/` are the same address).
pub(crate) fn web_url(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() > 2000 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let u = url::Url::parse(s).ok()?;
    (matches!(u.scheme(), "http" | "https") && u.host_str().is_some()).then(|| u.to_string())
}

/// One line of text from a source: forbidden characters removed, runs of white space (line
/// breaks included) made one space, trimmed; `None` when nothing is left.
pub(crate) fn one_line(s: &str) -> Option<String> {
    let s = crate::sanitize::clean(s);
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// A Markdown body cleaned: forbidden characters removed, trailing spaces and blank padding
/// dropped, never more than one blank line in a row.
pub(crate) fn tidy_body(md: &str) -> String {
    let clean = crate::sanitize::clean(md);
    let mut out = String::with_capacity(clean.len());
    let mut blank = true;
    for line in clean.lines() {
        let line = line.trim_end().replace('\u{a0}', " ");
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        if blank && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
        out.push('\n');
        blank = false;
    }
    out
}

/// Every field of `d` cleaned: one-line fields on one line, the body tidy and without a first
/// heading that repeats the headline, addresses checked.
pub(crate) fn tidy_draft(d: &mut Draft) {
    d.title = d.title.as_deref().and_then(one_line);
    d.outlet = d.outlet.as_deref().and_then(one_line);
    d.url = d.url.as_deref().and_then(web_url);
    d.lang = d.lang.as_deref().and_then(|l| {
        let l = l.trim();
        (!l.is_empty() && l.len() <= 35 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then(|| l.into())
    });
    let mut authors: Vec<String> = Vec::new();
    for a in d.authors.iter().filter_map(|a| one_line(a)) {
        if !authors.contains(&a) && authors.len() < 20 {
            authors.push(a);
        }
    }
    d.authors = authors;
    let mut body = tidy_body(&d.body);
    if let Some(t) = &d.title {
        let first = body.lines().next().unwrap_or("");
        let heading = first.trim_start_matches('#').trim();
        if first.starts_with('#') && heading == t.as_str() {
            body = tidy_body(&body[first.len()..]);
        }
    }
    d.body = body;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_markdown_without_scripts_media_or_bad_links() {
        let md = html_to_markdown(
            "<p>Tom &amp; Jerry <b>bold</b> &lt;script&gt;x&lt;/script&gt;</p><script>evil()</script>\
             <p><a href=\"javascript:alert(1)\">js</a> <a href=\"/rel\">rel</a></p>\
             <figure><img src=x.png><figcaption>Caption</figcaption></figure><p>End</p>",
            Some("https://example.org/news/a"),
        );
        assert!(md.contains("Tom & Jerry **bold** \\<script>x\\</script>"), "{md}");
        assert!(!md.contains("evil") && !md.contains("javascript") && !md.contains("Caption"), "{md}");
        assert!(md.contains("[rel](https://example.org/rel)"), "{md}");
        assert!(md.ends_with("End\n"), "{md}");
    }

    #[test]
    fn plain_text_stays_plain() {
        assert_eq!(escape_text("1984. Not a list"), "1984\\. Not a list");
        assert_eq!(escape_text("# not a heading"), "\\# not a heading");
        assert_eq!(escape_text("- dash <b>x</b> *y* [z](u)"), "\\- dash \\<b\\>x\\</b\\> \\*y\\* \\[z\\](u)");
        for s in ["1984. Not a list", "# h", "- a", "<script>alert(1)</script>", "a *b* _c_ `d` [e](f) & g"] {
            let html = crate::markdown::to_safe_html(&escape_text(s));
            let text = crate::markdown::plain_text(&escape_text(s), "").text;
            assert_eq!(text.trim(), s, "{html}");
        }
    }

    #[test]
    fn fields_are_cleaned() {
        assert_eq!(one_line(" two\nlines\u{0}\t here "), Some("two lines here".into()));
        assert_eq!(one_line(" \n "), None);
        assert_eq!(web_url("HTTPS://Example.org"), Some("https://example.org/".into()));
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(web_url("https://x.org/a b"), None);
        assert_eq!(web_url("file:///etc/passwd"), None);
        assert_eq!(tidy_body("\n\n a  \n\n\n\nb\u{7}\n\n"), " a\n\nb\n");
        let mut d = Draft::new(None);
        d.title = Some("Head\nline".into());
        d.body = "## Head line\n\nText".into();
        d.authors = vec!["A".into(), " A ".into(), "".into()];
        tidy_draft(&mut d);
        assert_eq!(d.title.as_deref(), Some("Head line"));
        assert_eq!(d.body, "Text\n");
        assert_eq!(d.authors, ["A"]);
    }
}
