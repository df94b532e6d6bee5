//! What a source is, told from its content: a feed, an HTML page or plain text. The file's
//! extension and the server's `Content-Type` are often wrong (feeds served as `text/html`,
//! pages saved as `.txt`), so the bytes decide and the content type only breaks a tie.

/// The kinds of source `import` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// RSS (0.9x, 1.0, 2.0), Atom, or JSON Feed.
    Feed,
    /// An HTML page.
    Html,
    /// Plain text, one paragraph per line or separated by blank lines.
    Text,
    /// XML that is not a feed, with its root element's name for the report.
    OtherXml(String),
}

/// The bytes as text. Only UTF-8 is read (with or without a byte-order mark): a page in another
/// encoding is refused with its name rather than imported as mojibake. Binary data is refused.
pub(crate) fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("unsupported encoding UTF-16 (only UTF-8 is read)".into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) if s.contains('\0') => Err("binary data, not text".into()),
        Ok(s) => Ok(s.replace("\r\n", "\n").replace('\r', "\n")),
        Err(_) => {
            let declared = declared_charset(bytes).or_else(|| content_type.and_then(charset_param));
            Err(match declared {
                Some(cs) if !cs.eq_ignore_ascii_case("utf-8") && !cs.eq_ignore_ascii_case("utf8") => {
                    format!("unsupported encoding {cs} (only UTF-8 is read)")
                }
                _ => "not UTF-8 text (only UTF-8 is read)".into(),
            })
        }
    }
}

/// The `charset=` of a `Content-Type` value.
fn charset_param(ct: &str) -> Option<String> {
    let i = ct.to_ascii_lowercase().find("charset=")?;
    let v = ct[i + "charset=".len()..].split(';').next()?.trim().trim_matches('"');
    (!v.is_empty()).then(|| v.chars().take(40).collect())
}

/// The encoding a document declares in its first kilobyte: `<?xml ... encoding="...">` or
/// `<meta charset=...>` / `<meta http-equiv content="...; charset=...">`.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    for key in ["encoding=", "charset="] {
        if let Some(i) = head.find(key) {
            let rest = head[i + key.len()..].trim_start_matches(['"', '\'']);
            let v: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || "-_.:".contains(*c)).collect();
            if !v.is_empty() {
                return Some(v);
            }
        }
    }
    None
}

/// The kind of `text`: markup by its first element (skipping the XML declaration, comments and
/// a doctype), a JSON Feed by its `version`, anything else plain text.
pub(crate) fn kind(text: &str, content_type: Option<&str>) -> Kind {
    let t = text.trim_start();
    if t.starts_with('{') && t.contains("https://jsonfeed.org/version/") {
        return Kind::Feed;
    }
    let Some(root) = first_element(t) else {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        // Markup that does not start with a tag (a fragment after some text) is still HTML when
        // the server says so and it has tags; otherwise what looks like text is text.
        return if ct.contains("html") && t.contains("</p>") { Kind::Html } else { Kind::Text };
    };
    match root.as_str() {
        "rss" | "feed" | "rdf:rdf" | "channel" => Kind::Feed,
        "html" | "head" | "body" | "article" | "main" | "div" | "p" | "meta" | "title" | "section" => Kind::Html,
        _ if t.starts_with("<?xml") => Kind::OtherXml(root),
        _ => Kind::Html,
    }
}

/// The lower-cased name of the first element of a markup document, or `None` when `t` does not
/// start with markup.
fn first_element(t: &str) -> Option<String> {
    let mut rest = t;
    loop {
        rest = rest.trim_start();
        if !rest.starts_with('<') {
            return None;
        }
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1;
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = rest.split_once('>')?.1;
        } else {
            let name: String = rest[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_'))
                .take(40)
                .collect();
            return (!name.is_empty()).then(|| name.to_ascii_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_content() {
        let k = |s: &str| kind(s, None);
        assert_eq!(k("<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\"><channel/></rss>"), Kind::Feed);
        assert_eq!(k("<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>"), Kind::Feed);
        assert_eq!(k("<?xml version='1.0'?><rdf:RDF></rdf:RDF>"), Kind::Feed);
        assert_eq!(k("<!DOCTYPE html>\n<html><body></body></html>"), Kind::Html);
        assert_eq!(k("  <html lang=en>"), Kind::Html);
        assert_eq!(k("<?xml version=\"1.0\"?><svg></svg>"), Kind::OtherXml("svg".into()));
        assert_eq!(k("U.S. Deports 17 Gang Members\n\nIn a move..."), Kind::Text);
        assert_eq!(k("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"), Kind::Feed);
        // The content type does not turn text into a feed.
        assert_eq!(kind("Plain words.", Some("application/rss+xml")), Kind::Text);
        assert_eq!(kind("Some text <p>then markup</p>", Some("text/html; charset=utf-8")), Kind::Html);
    }

    #[test]
    fn only_utf8_text_is_read() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi\r\nthere", None).unwrap(), "hi\nthere");
        assert!(decode(b"\xFF\xFEh\0i\0", None).unwrap_err().contains("UTF-16"));
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>caf\xE9</rss>";
        assert_eq!(decode(latin, None).unwrap_err(), "unsupported encoding iso-8859-1 (only UTF-8 is read)");
        assert!(decode(b"caf\xE9", Some("text/plain; charset=windows-1252")).unwrap_err().contains("windows-1252"));
        assert!(decode(b"caf\xE9", None).unwrap_err().contains("not UTF-8"));
        assert!(decode(b"a\0b", None).unwrap_err().contains("binary"));
        // A declared legacy encoding whose bytes are ASCII reads the same in UTF-8.
        assert!(decode(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>", None).is_ok());
    }
}
