//! URL slugs: short, lowercase, ASCII, stable for a given input.

/// Lowercases, keeps ASCII letters and digits, and joins the rest with single dashes.
pub fn slugify(s: &str) -> String {
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

/// A slug of at most `max_words` words, for event URLs built from headlines.
pub fn short_slug(s: &str, max_words: usize) -> String {
    let full = slugify(s);
    let words: Vec<&str> = full.split('-').filter(|w| !w.is_empty()).take(max_words).collect();
    words.join("-")
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
}
