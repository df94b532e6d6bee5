//! Markdown handling: sanitised HTML for pages, plain text for analysis and listings.

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd, html};

/// Plain-text view of a Markdown body.
pub(crate) struct PlainDoc {
    /// All text, paragraphs separated by blank lines.
    pub text: String,
    /// The first paragraph (not a heading), shortened to a listing-friendly length.
    pub lead: String,
}

const LEAD_MAX_CHARS: usize = 420;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Extracts the text a reader sees, dropping markup and raw HTML tags.
///
/// A first paragraph that only repeats `title` (common in scraped pages) is not taken as the lead.
pub(crate) fn plain_text(md: &str, title: &str) -> PlainDoc {
    let mut text = String::with_capacity(md.len());
    let mut lead = String::new();
    let mut in_para = false;
    let mut lead_done = false;
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow | TagEnd::BlockQuote(_),
            ) => {
                if in_para && !lead_done && !lead.trim().is_empty() {
                    if same_words(&lead, title) {
                        lead.clear();
                    } else {
                        lead_done = true;
                    }
                }
                in_para = false;
                if !text.ends_with("\n\n") && !text.is_empty() {
                    text.push_str("\n\n");
                }
            }
            Event::Text(t) | Event::Code(t) => {
                text.push_str(&t);
                if in_para && !lead_done {
                    lead.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                if in_para && !lead_done {
                    lead.push(' ');
                }
            }
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    PlainDoc { text, lead: shorten(lead.trim(), LEAD_MAX_CHARS) }
}

/// Whether `a` and `b` have the same words, ignoring case and punctuation; compares the words in
/// place, without lower-case copies of ASCII ones.
fn same_words(a: &str, b: &str) -> bool {
    fn words(s: &str) -> Vec<&str> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
    }
    let same = |x: &str, y: &str| {
        if x.is_ascii() && y.is_ascii() { x.eq_ignore_ascii_case(y) } else { x.to_lowercase() == y.to_lowercase() }
    };
    // A lead is usually far longer than its headline: ASCII texts with different numbers of
    // letters and digits cannot have the same words.
    let alnum = |s: &str| s.bytes().filter(u8::is_ascii_alphanumeric).count();
    if a.is_ascii() && b.is_ascii() && alnum(a) != alnum(b) {
        return false;
    }
    let (wa, wb) = (words(a), words(b));
    !b.is_empty() && wa.len() == wb.len() && wa.iter().zip(&wb).all(|(x, y)| same(x, y))
}

/// Cuts text at a word boundary, adding an ellipsis, so listings stay compact.
pub(crate) fn shorten(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let cut: String = s.chars().take(max_chars).collect();
    // A cut that falls just before a space keeps its last word whole; otherwise drop the part word.
    let at_word_end = s.chars().nth(max_chars).is_some_and(char::is_whitespace);
    let cut = if at_word_end { cut.as_str() } else { cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a) };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Renders Markdown to HTML and sanitises it: article files are untrusted input.
///
/// Markdown without raw HTML and with only http(s), mailto or relative links renders to
/// HTML that pulldown-cmark has fully escaped, so it skips the (much slower) sanitiser;
/// anything else goes through ammonia.
pub(crate) fn to_safe_html(md: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(md, options()).collect();
    let mut raw = String::with_capacity(md.len() * 3 / 2);
    let plain = events.iter().all(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => safe_url(dest_url),
        _ => true,
    });
    let links = events.iter().any(|e| matches!(e, Event::Start(Tag::Link { .. })));
    let aligned =
        events.iter().any(|e| matches!(e, Event::Start(Tag::Table(a)) if a.iter().any(|a| *a != Alignment::None)));
    html::push_html(&mut raw, events.into_iter());
    if aligned {
        raw = align_by_class(&raw);
    }
    if plain {
        return if links { add_link_rel(&raw) } else { raw };
    }
    let mut cleaner = ammonia::Builder::default();
    for cell in ["th", "td"] {
        cleaner.add_allowed_classes(cell, ALIGN.iter().map(|(_, class)| *class));
    }
    cleaner.link_rel(Some("noopener noreferrer nofollow")).clean(&raw).to_string()
}

/// A table column's alignment as pulldown-cmark writes it, and the class that replaces it.
///
/// Why: an inline `style` is what a sanitiser must refuse (CSS can fetch addresses and restyle
/// the page), so ammonia removed the alignment of tables in articles with raw HTML while the
/// fast path kept it. A fixed class says the same on both paths, and the style sheet aligns it.
const ALIGN: [(&str, &str); 3] = [
    (" style=\"text-align: left\"", "align-left"),
    (" style=\"text-align: center\"", "align-center"),
    (" style=\"text-align: right\"", "align-right"),
];

/// Replaces the renderer's alignment styles by [`ALIGN`]'s classes. Text is escaped, so a
/// `style="…"` found here is always an attribute (raw HTML that says the same becomes the class,
/// which is as harmless).
fn align_by_class(html: &str) -> String {
    let mut out = html.to_string();
    for (style, class) in ALIGN {
        out = out.replace(style, &format!(" class=\"{class}\""));
    }
    out
}

/// Link targets that need no sanitising: web, mail and relative addresses.
fn safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(i) => {
            let scheme = &lower[..i];
            // A colon after a slash, query or fragment is not a scheme ("a/b:c").
            lower[..i].contains(['/', '?', '#']) || matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

/// Adds `rel` to every link, as the sanitiser does, so untrusted links never get the opener.
fn add_link_rel(html: &str) -> String {
    html.replace("<a href=", "<a rel=\"noopener noreferrer nofollow\" href=")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_skips_headings_for_lead_and_markup() {
        let d = plain_text("## Sub\n\nFirst *para* with `code`\nwrapped.\n\nSecond <b>bold</b>.\n", "");
        assert_eq!(d.lead, "First para with code wrapped.");
        assert_eq!(d.text, "Sub\n\nFirst para with code wrapped.\n\nSecond bold.");
    }

    #[test]
    fn repeated_headline_is_not_the_lead() {
        assert_eq!(plain_text("Big News Today\n\nThe real lead.\n", "Big news: today").lead, "The real lead.");
        assert_eq!(plain_text("Big News Today too\n\nThe real lead.\n", "Big news: today").lead, "Big News Today too");
        assert_eq!(plain_text("Big News Tod\n\nThe real lead.\n", "Big news: today").lead, "Big News Tod");
        assert!(same_words("ÉTÉ à Paris", "été, À PARIS") && !same_words("x", ""));
    }

    #[test]
    fn scripts_never_survive() {
        let h = to_safe_html(
            "Hi <script>alert(1)</script> <a href=\"javascript:x\" onclick=\"y\">l</a> <img src=x onerror=alert(1)>",
        );
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(!h.contains("onclick") && !h.contains("onerror"), "{h}");
        assert!(h.contains("<p>Hi"), "{h}");
    }

    #[test]
    fn fast_path_is_safe_too() {
        let h = to_safe_html("Plain *text* with [a link](https://x.org/a?b=1) & <3 and `code`.");
        assert!(h.contains("<a rel=\"noopener noreferrer nofollow\" href=\"https://x.org/a?b=1\">a link</a>"), "{h}");
        assert!(h.contains("&amp; &lt;3"), "{h}");
        // Unsafe schemes leave the fast path and are removed.
        let h = to_safe_html("[x](JavaScript:alert(1)) [y]( vbscript:z) ![i](data:text/html;base64,xx)");
        assert!(!h.to_lowercase().contains("javascript:") && !h.contains("vbscript") && !h.contains("data:"), "{h}");
        assert!(safe_url("/articles/a/") && safe_url("a/b:c") && safe_url("mailto:x@y") && !safe_url("javascript:x"));
    }

    #[test]
    fn table_alignment_is_a_class_on_both_paths() {
        let table = "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n";
        for md in [table.to_string(), format!("{table}\n<b>raw</b>\n")] {
            let h = to_safe_html(&md);
            assert!(!h.contains("style"), "{h}");
            for class in ["align-left", "align-center", "align-right"] {
                assert_eq!(h.matches(&format!("class=\"{class}\"")).count(), 2, "{class} on th and td: {h}");
            }
            assert_eq!(h.matches("<td>").count(), 1, "an unaligned column has no class: {h}");
        }
        let h = to_safe_html("<td style=\"color: red\" class=\"x\">cell</td>");
        assert!(!h.contains("style") && !h.contains("class"), "{h}");
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("one two three", 9), "one two…");
        assert_eq!(shorten("short", 9), "short");
        assert_eq!(shorten("one two three", 7), "one two…", "a cut at a word's end keeps the word");
    }
}
