//! Test fixtures shared by the extraction and grouping tests: the sample site's five articles and
//! small helpers to read one figure and show a bound.

use super::{Figure, extract};

/// The sample site's articles as (outlet, file text), in file order.
pub(crate) const SAMPLE: [(&str, &str); 5] = [
    ("london24-7.uk", include_str!("../../articles/000-london247-noem-tours-el-salvador-prison.md")),
    ("fizoti.com", include_str!("../../articles/001-fizoti-us-deports-17-gang-members.md")),
    ("A News", include_str!("../../articles/002-anews-noem-visits-el-salvador-mega-prison.md")),
    ("Costa Rica Post", include_str!("../../articles/003-costaricapost-officials-visit-prison.md")),
    ("Voz.us", include_str!("../../articles/004-vozus-17-violent-criminals-sent-to-el-salvador.md")),
];

/// The article body: everything after the closing `---` of the front matter.
pub(crate) fn body(md: &str) -> &str {
    md.splitn(3, "---\n").nth(2).unwrap_or(md)
}

/// The only figure `text` states (the test fails unless there is exactly one).
pub(super) fn one(text: &str) -> Figure {
    let mut fs = extract(text);
    assert_eq!(fs.len(), 1, "{fs:?}");
    fs.remove(0)
}

/// A bound for display: whole numbers without float noise, "inf" for open ends.
pub(super) fn show(x: f64) -> String {
    if x.is_infinite() { "inf".into() } else { format!("{}", (x * 1e6).round() / 1e6) }
}
