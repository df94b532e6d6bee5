//! Redirect pages: an event URL that no longer names an event of its own (the event was merged
//! into another, or its undated founder joined dated coverage) leads to the event it became.
//!
//! The page is fixed HTML rather than a template, so a site made before redirects existed
//! needs no new template, and nothing in it comes from an article but the escaped headline.

use crate::site::{EventIx, Site};

/// `text` escaped for HTML text and attribute values.
fn esc(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The redirect page for an alias of event `e`: a canonical link for search engines, an
/// immediate refresh for browsers, and a plain link for everything else.
pub(super) fn page(site: &Site, e: EventIx) -> Vec<u8> {
    let url = esc(&site.event_url(e));
    let canonical = esc(&site.absolute(&site.event_url(e)));
    let title = esc(&site.articles[site.events[e].headline].title);
    let lang = esc(&site.config.language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This event is now at <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
    .into_bytes()
}
