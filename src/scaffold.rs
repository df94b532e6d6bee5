//! The default theme, embedded in the binary so that `roundup init` can create a working site anywhere,
//! without a copy of this repository at hand.
//!
//! The repository's own `templates/` and `static/` are the single source: the files are included at
//! compile time, and a test fails if one is added there but not listed here.

/// Every file of the default theme as (path relative to the site root, contents), in path order.
///
/// Listed explicitly because `include_str!` takes literal paths; `tests::lists_every_theme_file`
/// keeps the list complete.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("static/favicon.svg", include_str!("../static/favicon.svg")),
    ("static/search.js", include_str!("../static/search.js")),
    ("static/style.css", include_str!("../static/style.css")),
    ("templates/404.html", include_str!("../templates/404.html")),
    ("templates/archive.html", include_str!("../templates/archive.html")),
    ("templates/article.html", include_str!("../templates/article.html")),
    ("templates/base.html", include_str!("../templates/base.html")),
    ("templates/blindspots.html", include_str!("../templates/blindspots.html")),
    ("templates/event.html", include_str!("../templates/event.html")),
    ("templates/feed.xml", include_str!("../templates/feed.xml")),
    ("templates/index.html", include_str!("../templates/index.html")),
    ("templates/month.html", include_str!("../templates/month.html")),
    ("templates/outlet.html", include_str!("../templates/outlet.html")),
    ("templates/outlets.html", include_str!("../templates/outlets.html")),
    ("templates/partials/coverage_mix.html", include_str!("../templates/partials/coverage_mix.html")),
    ("templates/partials/date.html", include_str!("../templates/partials/date.html")),
    ("templates/partials/event_context.html", include_str!("../templates/partials/event_context.html")),
    ("templates/partials/figures.html", include_str!("../templates/partials/figures.html")),
    ("templates/partials/kind_label.html", include_str!("../templates/partials/kind_label.html")),
    ("templates/partials/outlet_count.html", include_str!("../templates/partials/outlet_count.html")),
    ("templates/partials/story_card.html", include_str!("../templates/partials/story_card.html")),
    ("templates/partials/timeline_item.html", include_str!("../templates/partials/timeline_item.html")),
    ("templates/search.html", include_str!("../templates/search.html")),
    ("templates/sitemap.xml", include_str!("../templates/sitemap.xml")),
];

#[cfg(test)]
mod tests {
    use super::FILES;
    use std::collections::BTreeMap;
    use std::path::Path;

    #[test]
    fn lists_every_theme_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let listed: BTreeMap<&str, &str> = FILES.iter().copied().collect();
        assert_eq!(listed.len(), FILES.len(), "a path is listed twice in scaffold::FILES");
        let mut on_disk = Vec::new();
        for top in ["templates", "static"] {
            for e in walkdir::WalkDir::new(root.join(top)).into_iter().map(Result::unwrap) {
                if !e.file_type().is_file() {
                    continue;
                }
                let rel = e.path().strip_prefix(root).unwrap();
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                let text = std::fs::read_to_string(e.path())
                    .unwrap_or_else(|err| panic!("{rel}: {err}; FILES embeds text files only"));
                match listed.get(rel.as_str()) {
                    Some(embedded) => assert!(*embedded == text, "{rel} differs from its embedded copy"),
                    None => panic!("{rel} is missing from scaffold::FILES: add it"),
                }
                on_disk.push(rel);
            }
        }
        on_disk.sort();
        let listed: Vec<&str> = listed.into_keys().collect();
        assert_eq!(on_disk, listed, "scaffold::FILES and templates/ + static/ differ");
    }
}
