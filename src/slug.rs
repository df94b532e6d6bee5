//! URL slugs: short, lowercase, ASCII, stable for a given input.

/// Lowercases, keeps ASCII letters and digits, and joins the rest with single dashes.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            // "El Salvador's" reads better as "el-salvadors" than "el-salvador-s".
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Longest slug, in bytes. Slugs name folders, and one unbroken 1 MB "word" in a headline must
/// not become a 1 MB folder name (file systems stop at 255 bytes, and long URLs help nobody).
pub(crate) const MAX_SLUG: usize = 80;

/// A slug of at most `max_words` words and [`MAX_SLUG`] bytes, for event URLs built from headlines.
pub(crate) fn short_slug(s: &str, max_words: usize) -> String {
    let full = slugify(s);
    let words: Vec<&str> = full.split('-').filter(|w| !w.is_empty()).take(max_words).collect();
    bounded(&words.join("-"), MAX_SLUG)
}

/// `slug` cut to at most `max` bytes, at a dash when one is near the end so no word is cut
/// (all slug characters are ASCII, so any cut is a character boundary).
pub(crate) fn bounded(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let cut = &slug[..max];
    let cut = match cut.rfind('-') {
        Some(i) if i >= max / 2 => &cut[..i],
        _ => cut,
    };
    cut.trim_end_matches('-').to_string()
}

/// Checks an `event:` pin: it names an event's URL, so it must be a slug as Roundup makes them
/// (lowercase ASCII letters, digits and single dashes, at most [`MAX_SLUG`] bytes). The error
/// is a hint with the nearest valid pin.
pub(crate) fn check_pin(pin: &str) -> Result<(), String> {
    let suggestion = bounded(&slugify(pin), MAX_SLUG);
    if suggestion == pin && !pin.is_empty() {
        return Ok(());
    }
    Err(if suggestion.is_empty() {
        "use lowercase letters, digits and dashes, e.g. the event's slug as listed in events.json".to_string()
    } else {
        format!("use lowercase letters, digits and dashes, e.g. `event: {suggestion}`")
    })
}

/// Maps common accented Latin letters to ASCII so that "Hernández" slugs as "hernandez".
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let mapped = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    };
    std::iter::once(mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_clean() {
        assert_eq!(slugify("U.S. Officials Visit El Salvador's Prison"), "u-s-officials-visit-el-salvadors-prison");
        assert_eq!(slugify("  Diane Hernández!! "), "diane-hernandez");
        assert_eq!(slugify("london24-7.uk"), "london24-7-uk");
        assert_eq!(short_slug("17 'violent criminals' from El Tren de Aragua", 4), "17-violent-criminals-from");
        assert_eq!(slugify("日本"), "");
    }

    #[test]
    fn slugs_have_a_bounded_length() {
        let long = short_slug(&"a".repeat(1_000_000), 6);
        assert_eq!(long.len(), MAX_SLUG);
        let words = short_slug(&format!("{} {}", "b".repeat(70), "c".repeat(30)), 6);
        assert_eq!(words, "b".repeat(70), "cut at the dash");
        assert_eq!(bounded("abc", 10), "abc");
    }

    #[test]
    fn pins_must_be_slugs() {
        assert!(check_pin("2025-03-31-rubio-17").is_ok());
        for bad in ["..", "../../../PWNED-pin", "../outlets/voz-us", "/etc", "", "A", "a--b", "-a", "a b", "<script>"] {
            assert!(check_pin(bad).is_err(), "{bad:?}");
        }
        assert!(check_pin("../outlets/voz-us").unwrap_err().contains("`event: outlets-voz-us`"));
        assert!(check_pin(&"a".repeat(MAX_SLUG + 1)).is_err());
    }
}
