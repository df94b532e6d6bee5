//! Front matter of the common, simple shape, read without the YAML parser.
//!
//! Nearly every article's front matter is a handful of `key: value` lines: quoted text, a date,
//! a word or two, `true`/`false`, or a one-line list of words. Parsing those with the full YAML
//! parser was the largest part of reading an article's head, and every build reads every head.
//! [`simple`] reads exactly that shape into the value the YAML parser would give, and declines
//! everything else (nesting, comments after values, escapes, numbers, anything unusual), which
//! then goes to the YAML parser as before. Declining is always safe; accepting must be exact.

use serde_yaml::{Mapping, Value as Yaml};

/// The front matter `yaml` as [`serde_yaml::from_str`] would read it, if it has the simple shape;
/// `None` otherwise.
pub(crate) fn simple(yaml: &str) -> Option<Yaml> {
    // The parser refuses characters YAML forbids anywhere, comments included, and reads some as
    // line breaks: such front matter is always left to it (and its error message).
    if !yaml.chars().all(|c| matches!(c, '\t' | '\n' | '\r') || plain_char(c) || c == '"' || c == '\\') {
        return None;
    }
    let mut map = Mapping::new();
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // A carriage return on its own is a line break to YAML, even inside a comment.
        if line.contains('\r') {
            return None;
        }
        if line.trim_matches(' ').is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let plain_key = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !special(key);
        let value = value.strip_prefix(' ')?.trim_matches(' ');
        if !plain_key || value.is_empty() || map.contains_key(key) {
            return None;
        }
        map.insert(Yaml::String(key.to_string()), scalar_or_list(value)?);
    }
    (!map.is_empty()).then_some(Yaml::Mapping(map))
}

/// A value on one line: quoted text, a one-line list of words, or a plain scalar.
fn scalar_or_list(value: &str) -> Option<Yaml> {
    if let Some(inner) = value.strip_prefix('"') {
        let text = inner.strip_suffix('"')?;
        return text.chars().all(plain_char).then(|| Yaml::String(text.to_string()));
    }
    if let Some(inner) = value.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?.trim_matches(' ');
        if inner.is_empty() {
            return Some(Yaml::Sequence(Vec::new()));
        }
        let items: Option<Vec<Yaml>> =
            inner.split(',').map(|item| word(item.trim_matches(' ')).map(|w| Yaml::String(w.to_string()))).collect();
        return items.map(Yaml::Sequence);
    }
    match value {
        "true" => Some(Yaml::Bool(true)),
        "false" => Some(Yaml::Bool(false)),
        _ if is_date(value) => Some(Yaml::String(value.to_string())),
        _ => word(value).map(|w| Yaml::String(w.to_string())),
    }
}

/// A character that stands for itself inside double quotes on one line: one of YAML's printable
/// characters (the reader refuses the rest, such as U+FFFF), and not a quote, escape, control
/// character, or anything YAML's reader treats as a line break or byte-order mark.
fn plain_char(c: char) -> bool {
    let printable = matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    printable && !(c == '"' || c == '\\' || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

/// Unquoted words ("en", "Lenkan Tribune", "wire-copy"): letters first, then letters, digits,
/// single spaces, `-`, `_` or `.`; never a word YAML reads as null or a boolean.
fn word(s: &str) -> Option<&str> {
    let ok = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_' | b'.'))
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !special(s);
    ok.then_some(s)
}

/// A word that YAML may read as null or a boolean rather than as text (`TRUE`, `Null`, `yes`...),
/// as a value or as a key.
fn special(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n")
}

/// `2025-03-31`, optionally with a time: `2025-03-31T14:05:00Z`, `2025-03-31 14:05`,
/// `2025-03-31T14:05:00.5+02:00`. YAML reads these as text; [`crate::article`] parses the date.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 10 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    b[10..].is_empty()
        || matches!(b[10], b'T' | b' ')
            && b.len() > 11
            && b[11..].iter().all(|&c| c.is_ascii_digit() || matches!(c, b':' | b'.' | b'+' | b'-' | b'Z'))
            && !s[11..].contains(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `simple` either declines or agrees with the YAML parser.
    fn agrees(yaml: &str) -> bool {
        match simple(yaml) {
            None => false,
            Some(v) => {
                let want: Yaml =
                    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("accepted invalid {yaml:?}: {e}"));
                assert_eq!(v, want, "{yaml:?}");
                true
            }
        }
    }

    #[test]
    fn the_common_shape_is_read_exactly_as_yaml_reads_it() {
        for yaml in [
            "title: \"Wiolslurk Brerkran thonju statement\"\noutlet: \"Lenkan Tribune\"\nauthor: \"Sterkmyl Bimziork\"\ndate: 2026-02-21T15:13:11Z\nurl: \"https://www.lenkanpost.org/2026/02/21/x-a000001\"\ntags: [education, weather]\n",
            "title: \"U.S. Deports 17: Gang “Members” — El Salvador\"\noutlet: \"fizoti.com\"\n# a comment line\ndate: 2025-04-01 01:01\nlang: en\n",
            "title: Plain words here\r\noutlet: A News\r\ndraft: false\r\ntags: []\r\n",
            "title: \"x\"\noutlet: \"y\"\ndraft: true\ndate: 2025-03-27\nauthor: [Jane Doe, J. Smith]\nevent: cecot-visit\n",
            "title: \"a # not a comment\"\noutlet: \"b: c\"\nsummary: \"'single' quotes\"\n",
        ] {
            assert!(agrees(yaml), "declined {yaml:?}");
        }
    }

    #[test]
    fn anything_unusual_goes_to_the_yaml_parser() {
        for yaml in [
            "",
            "# only a comment\n",
            "title: \"a\"\ntitle: \"b\"\n",
            "title: \"a \\\"quoted\\\" word\"\n",
            "title: 'single'\n",
            "title: \"a\" # comment\n",
            "title: Foo\n  continued\n",
            "extra:\n  title_source: url\n",
            "title:\n",
            "title:\"x\"\n",
            "date: 2025\n",
            "count: 17\n",
            "title: 1e5\n",
            "title: null\n",
            "title: ~\n",
            "draft: True\n",
            "draft: yes\n",
            "lang: no\n",
            "title: a: b\n",
            "title: \"line\u{2028}break\"\n",
            "title: \"x\"\noutnet: \"y\u{ffff}\"\n",
            "title: \"x\"\n#comment\r00-01-01\n",
            "title: \"x\"\routlet: \"y\"\n",
            "title: \"\u{fffe}\"\n",
            "title: \"tab\there\"\n",
            "tags: [a, [b]]\n",
            "tags: [a,, b]\n",
            "tags: [true, x]\n",
            "tags: [a, b\n",
            "\"title\": \"x\"\n",
            "title x: y\n",
            "- a\n- b\n",
            "title: &anchor x\n",
            "title: *anchor\n",
            "title: !tag x\n",
            "title: x  y\n",
            "date: 2025-03-31T14:05: 00\n",
            // Found by fuzzing: YAML reads these keys as booleans or null, and refuses a NUL even in a comment.
            "TRUE: x\n",
            "null: x\n",
            "title: \"x\"\n# a \u{0} in a comment\n",
            "title: \"x\"\n# \u{85} next line\n",
        ] {
            assert!(simple(yaml).is_none(), "accepted {yaml:?} as {:?}", simple(yaml));
        }
    }

    #[test]
    fn generated_front_matter_is_declined_or_read_exactly() {
        let values = [
            "\"Headline\"",
            "\"“Curly” — dash, colon: yes\"",
            "\"\"",
            "plain words",
            "Rubio",
            "en",
            "2025-03-31",
            "2025-03-31T14:05:00Z",
            "2025-03-31 14:05",
            "2025-03-31T14:05:00.5+02:00",
            "true",
            "false",
            "[]",
            "[a, b]",
            "[Kristi Noem, Marco Rubio]",
            "[x-y, z_w, v.1]",
            "17",
            "-3",
            "0x1F",
            "1.5",
            ".inf",
            "null",
            "NULL",
            "~",
            "yes",
            "On",
            "'q'",
            "x #c",
            "\"a\\nb\"",
            "[a, \"b\"]",
            "{a: b}",
            "|",
            ">",
            "@x",
            "%x",
            "`x`",
            "a - b",
            "a-",
            "Nan",
            "inf",
            "e5",
            "2025-13-45",
            "2025-03-31x",
            "0017",
        ];
        let keys = ["title", "outlet", "date", "tags", "lang", "x_1", "_k"];
        let mut seed = 5u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        let mut accepted = 0;
        for _ in 0..3000 {
            let lines: Vec<String> = (0..1 + next(4))
                .map(|_| format!("{}: {}", keys[next(keys.len())], values[next(values.len())]))
                .collect();
            if agrees(&(lines.join("\n") + "\n")) {
                accepted += 1;
            }
        }
        assert!(accepted > 300, "the simple shape is common: {accepted} of 3000 accepted");
    }
}
