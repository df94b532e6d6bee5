//! Where the model's pages live: their URLs, and the check that no two pages share a path.

use super::{ArticleIx, EventIx, OutletIx, Site};
use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

impl Site {
    /// Output path (relative, with `index.html`) of each page, checked for collisions.
    ///
    /// Article pages are not checked: their ids are their distinct file paths under `articles/`
    /// without `.md`, so they cannot collide with each other, and the other kinds of page live
    /// under other folders. Outlet slugs can collide ("A News" and "A-News"); event slugs are
    /// made unique when events are founded, and are checked all the same.
    pub(super) fn duplicate_paths(&self) -> Vec<Diagnostic> {
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        let mut claim = |path: String, what: String, at: &Path| {
            if let Some(prev) = seen.get(&path) {
                out.push(Diagnostic::new(
                    at,
                    1,
                    1,
                    format!("{what} would be written to {path}, which {prev} already uses"),
                    "rename one of them so their URLs differ",
                ));
            } else {
                seen.insert(path, what);
            }
        };
        for o in &self.outlets {
            let first = &self.articles[o.articles[0]].source;
            claim(format!("outlets/{}/", o.slug), format!("outlet {:?} (from {})", o.name, first.display()), first);
        }
        for e in &self.events {
            let first = &self.articles[e.members[0]].source;
            claim(format!("events/{}/", e.slug), format!("event {:?} (from {})", e.slug, first.display()), first);
            for a in &e.aliases {
                claim(format!("events/{a}/"), format!("the redirect {a:?} to event {:?}", e.slug), first);
            }
        }
        out
    }

    /// Root-relative URL of an article page.
    pub(crate) fn article_url(&self, a: ArticleIx) -> String {
        format!("{}articles/{}/", self.base_path, self.articles[a].id)
    }

    /// Root-relative URL of an event page.
    pub(crate) fn event_url(&self, e: EventIx) -> String {
        format!("{}events/{}/", self.base_path, self.events[e].slug)
    }

    /// Root-relative URL of an outlet page.
    pub(crate) fn outlet_url(&self, o: OutletIx) -> String {
        format!("{}outlets/{}/", self.base_path, self.outlets[o].slug)
    }

    /// Absolute URL for a root-relative one, for feeds and sitemaps.
    pub(crate) fn absolute(&self, root_relative: &str) -> String {
        let base = self.config.base_url_slash();
        let path = root_relative.strip_prefix(self.base_path.as_str()).unwrap_or(root_relative.trim_start_matches('/'));
        format!("{base}{path}")
    }

    /// The folder the site is written to, absolute and checked when the site was loaded; `None`
    /// for a site assembled for evaluation, which is never written.
    pub(crate) fn output_dir(&self) -> Option<&Path> {
        self.output.as_deref()
    }
}
