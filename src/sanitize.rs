//! Characters no page or feed may carry.
//!
//! XML 1.0 forbids the C0 control characters other than tab, line feed and carriage return,
//! and U+FFFE and U+FFFF: one NUL in a headline makes every feed that lists it unreadable to
//! XML parsers. HTML treats the same characters (and DEL and the C1 controls) as parse errors.
//! Untrusted text is cleaned when it is loaded ([`clean`]), and every XML output is cleaned
//! once more as it is written ([`xml`]), so no path from input to feed can carry them.

use std::borrow::Cow;

/// Whether `c` may appear in a page or feed.
pub(crate) fn allowed(c: char) -> bool {
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `s` without the characters [`allowed`] refuses; borrowed when there are none (the usual case).
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(allowed) { Cow::Borrowed(s) } else { Cow::Owned(s.chars().filter(|&c| allowed(c)).collect()) }
}

/// An XML document with every character XML 1.0 forbids replaced by U+FFFD, so the damage is
/// visible but the document stays well-formed. Borrowed when there are none (the usual case).
pub(crate) fn xml(bytes: &[u8]) -> Cow<'_, [u8]> {
    // Forbidden characters are C0 bytes other than \t \n \r, and EF BF BE / EF BF BF (U+FFFE, U+FFFF).
    let suspect = |b: &u8| (*b < 0x20 && !matches!(*b, b'\t' | b'\n' | b'\r')) || *b == 0xEF;
    if !bytes.iter().any(suspect) {
        return Cow::Borrowed(bytes);
    }
    let text = String::from_utf8_lossy(bytes);
    let forbidden =
        |c: char| (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if !text.chars().any(forbidden) && matches!(text, Cow::Borrowed(_)) {
        return Cow::Borrowed(bytes);
    }
    let out: String = text.chars().map(|c| if forbidden(c) { '\u{FFFD}' } else { c }).collect();
    Cow::Owned(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_go_and_text_stays() {
        assert_eq!(clean("a\0b\u{1}c\td\ne\u{7f}f\u{85}g\u{FFFF}"), "abc\td\nefg");
        assert!(matches!(clean("Hernández — 17 “violent”"), Cow::Borrowed(_)));
    }

    #[test]
    fn xml_keeps_its_shape() {
        let doc = "<t>a\0b\u{1}c\u{FFFE}</t>\n".as_bytes();
        assert_eq!(std::str::from_utf8(&xml(doc)).unwrap(), "<t>a\u{FFFD}b\u{FFFD}c\u{FFFD}</t>\n");
        assert!(matches!(xml("<t>ﬁ €</t>".as_bytes()), Cow::Borrowed(_)), "other characters starting with EF pass");
    }
}
