//! Decoding a fetched body by the charset its `Content-Type` names, so the importer reads text
//! as UTF-8 whatever the server sent (see [`super::fetch`] for the rules).

use encoding_rs::{Encoding, REPLACEMENT, UTF_8};

/// The longest charset label shown in a reason; a longer one is cut.
const MAX_LABEL_SHOWN: usize = 40;

/// Decodes `body` to UTF-8 when `content_type` names a charset, returning the body and the
/// content type to hand on (its charset now `utf-8`). Without a charset both are returned as
/// they came. An unknown charset is an `Err` with a reason for the summary.
pub(super) fn decode(body: Vec<u8>, content_type: Option<String>) -> Result<(Vec<u8>, Option<String>), String> {
    let Some(ct) = content_type else { return Ok((body, None)) };
    let Some(label) = charset_of(&ct) else { return Ok((body, Some(ct))) };
    let encoding = Encoding::for_label(label.as_bytes())
        .filter(|e| *e != REPLACEMENT)
        .ok_or_else(|| format!("unsupported character encoding {}", crate::diag::quote(&shorten(label))))?;
    let ct = with_utf8_charset(&ct);
    // A body already in UTF-8 without a byte-order mark is kept as it is, invalid bytes and all:
    // the importer reads it as it reads a file.
    if encoding == UTF_8 && !body.starts_with(b"\xEF\xBB\xBF") {
        return Ok((body, Some(ct)));
    }
    // `decode` lets a byte-order mark win over the label, as browsers do, and replaces bytes
    // the encoding cannot map with U+FFFD.
    let (text, _, _) = encoding.decode(&body);
    Ok((fix_xml_declaration(text.into_owned()).into_bytes(), Some(ct)))
}

/// The `charset` parameter of a `Content-Type`, unquoted, if it names one.
fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches(['"', '\'']).trim())
    })
}

/// `content_type` with its charset parameter replaced by `charset=utf-8`, other parameters kept.
fn with_utf8_charset(content_type: &str) -> String {
    let mut parts = content_type.split(';');
    let mut out = parts.next().unwrap_or("").trim().to_string();
    for param in parts.map(str::trim).filter(|p| !p.is_empty()) {
        let is_charset = param.split_once('=').is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case("charset"));
        if !is_charset {
            out.push_str("; ");
            out.push_str(param);
        }
    }
    out.push_str("; charset=utf-8");
    out
}

/// Rewrites the `encoding` of a leading XML declaration to UTF-8: the text was just decoded, and
/// a parser that trusted the old declaration would decode it a second time.
fn fix_xml_declaration(text: String) -> String {
    if !text.starts_with("<?xml") {
        return text;
    }
    let Some(end) = text.find("?>") else { return text };
    let decl = &text.as_bytes()[..end];
    let Some(at) = text[..end].find("encoding") else { return text };
    let skip_space = |mut i: usize| {
        while decl.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let i = skip_space(at + "encoding".len());
    if decl.get(i) != Some(&b'=') {
        return text;
    }
    let i = skip_space(i + 1);
    let Some(&quote) = decl.get(i).filter(|b| matches!(b, b'"' | b'\'')) else { return text };
    let start = i + 1;
    let Some(len) = decl[start..].iter().position(|b| *b == quote) else { return text };
    format!("{}UTF-8{}", &text[..start], &text[start + len..])
}

/// A label cut to [`MAX_LABEL_SHOWN`] characters for a reason.
fn shorten(label: &str) -> String {
    label.chars().take(MAX_LABEL_SHOWN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &[u8], ct: &str) -> Result<(String, String), String> {
        let (b, ct) = decode(body.to_vec(), Some(ct.to_string()))?;
        Ok((String::from_utf8(b).unwrap(), ct.unwrap()))
    }

    #[test]
    fn latin1_is_decoded_and_relabelled() {
        let (text, ct) = run(b"<p>Caf\xe9 \x93quoted\x94</p>", "text/html; charset=ISO-8859-1").unwrap();
        assert_eq!(text, "<p>Café \u{201c}quoted\u{201d}</p>", "Latin-1 is read as windows-1252, as browsers do");
        assert_eq!(ct, "text/html; charset=utf-8");
    }

    #[test]
    fn utf8_is_kept_and_other_parameters_stay() {
        let (text, ct) = run("Málaga".as_bytes(), "text/plain;format=flowed; Charset=\"UTF-8\"").unwrap();
        assert_eq!(text, "Málaga");
        assert_eq!(ct, "text/plain; format=flowed; charset=utf-8");
    }

    #[test]
    fn no_charset_leaves_the_bytes_alone() {
        let (b, ct) = decode(b"\xe9".to_vec(), Some("text/html".into())).unwrap();
        assert_eq!((b, ct.as_deref()), (b"\xe9".to_vec(), Some("text/html")));
        assert_eq!(decode(b"x".to_vec(), None).unwrap(), (b"x".to_vec(), None));
    }

    #[test]
    fn unknown_charsets_are_refused_with_the_label() {
        for label in ["x-klingon", "utf-7", "iso-2022-kr"] {
            let e = run(b"x", &format!("text/html; charset={label}")).unwrap_err();
            assert_eq!(e, format!("unsupported character encoding \"{label}\""));
        }
    }

    #[test]
    fn an_xml_declaration_follows_the_decoding() {
        let body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Espa\xf1a</title></rss>";
        let (text, _) = run(body, "application/rss+xml; charset=iso-8859-1").unwrap();
        assert_eq!(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><title>España</title></rss>");
        let (text, _) = run(b"<?xml version='1.0' encoding = 'latin1' ?><a/>", "text/xml; charset=latin1").unwrap();
        assert_eq!(text, "<?xml version='1.0' encoding = 'UTF-8' ?><a/>");
        let (text, _) = run(b"<?xml version='1.0'?><a>\xe9</a>", "text/xml; charset=latin1").unwrap();
        assert_eq!(text, "<?xml version='1.0'?><a>é</a>");
    }

    #[test]
    fn a_byte_order_mark_wins_over_the_label() {
        let (text, _) = run(b"\xEF\xBB\xBFna\xc3\xafve", "text/plain; charset=windows-1252").unwrap();
        assert_eq!(text, "naïve");
    }
}
