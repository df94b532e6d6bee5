//! Watching the site's sources, debounced, and sorting changes by how much must be rebuilt.

use crate::diag::Error;
use notify_debouncer_full::notify::{self, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How much a change requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// Articles or site.toml: load, cluster and render again.
    Content,
    /// Templates only: render again without re-reading articles.
    Templates,
    /// Static files only (relative to `static/`): the loaded site is written again, with no re-reading.
    Static(Vec<PathBuf>),
}

impl Change {
    /// Merges two pending changes into the one that covers both.
    pub(crate) fn merge(self, other: Change) -> Change {
        match (self, other) {
            (Change::Content, _) | (_, Change::Content) => Change::Content,
            (Change::Templates, _) | (_, Change::Templates) => Change::Templates,
            (Change::Static(mut a), Change::Static(b)) => {
                a.extend(b);
                a.sort();
                a.dedup();
                Change::Static(a)
            }
        }
    }
}

/// Classifies changed paths (absolute) under `root`; `None` when nothing relevant changed.
pub(super) fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let mut change: Option<Change> = None;
    for p in paths {
        let Ok(rel) = p.strip_prefix(root) else { continue };
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let first = parts.next().unwrap_or_default();
        let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Editors' swap and backup files are not content.
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
            continue;
        }
        let c = match first.as_str() {
            "articles" => Change::Content,
            "site.toml" => Change::Content,
            "templates" => Change::Templates,
            "static" => Change::Static(vec![rel.strip_prefix("static").unwrap_or(rel).to_path_buf()]),
            _ => continue,
        };
        change = Some(match change {
            Some(prev) => prev.merge(c),
            None => c,
        });
    }
    change
}

/// Keeps the watcher alive; dropping it stops watching (the value is only ever held, never read).
#[allow(dead_code)]
pub(super) enum Watching {
    /// Native events (inotify and friends).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling, for file systems where native events do not arrive.
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// Watches `articles/`, `templates/`, `static/` and `site.toml` under `root`, sending classified changes.
///
/// Events are debounced (rename-on-save arrives as one change), and `poll` switches to polling.
pub(super) fn watch(root: &Path, poll: bool, tx: Sender<Change>) -> Result<Watching, Error> {
    let root =
        root.canonicalize().map_err(|source| Error::Io { doing: "find the site root", path: root.into(), source })?;
    let r = root.clone();
    let handler = move |res: DebounceEventResult| {
        if let Ok(events) = res {
            // Reads (our own builds open every article) are not changes.
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            if let Some(c) = classify(&r, &paths) {
                let _ = tx.send(c);
            }
        }
    };
    // Long enough for a save by rename (a few events within a millisecond or two) to arrive as one
    // change; every millisecond of it is added to the time from saving to seeing the page.
    let delay = Duration::from_millis(50);
    let targets = ["articles", "templates", "static", "site.toml"].map(|t| root.join(t));
    let err = |source: notify::Error| Error::Watch { path: root.clone(), source };
    if poll {
        let config =
            notify::Config::default().with_poll_interval(Duration::from_millis(300)).with_compare_contents(true);
        let mut d = new_debouncer_opt::<_, PollWatcher, NoCache>(delay, None, handler, NoCache, config).map_err(err)?;
        for t in targets.iter().filter(|t| t.exists()) {
            d.watch(t, RecursiveMode::Recursive).map_err(err)?;
        }
        Ok(Watching::Poll(d))
    } else {
        let mut d = new_debouncer(delay, None, handler).map_err(err)?;
        // The root itself is watched (not recursively) so that a replaced site.toml or a new folder is seen.
        d.watch(&root, RecursiveMode::NonRecursive).map_err(err)?;
        for t in targets.iter().filter(|t| t.is_dir()) {
            d.watch(t, RecursiveMode::Recursive).map_err(err)?;
        }
        Ok(Watching::Native(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_by_cost() {
        let root = Path::new("/site");
        let p = |s: &str| root.join(s);
        assert_eq!(classify(root, &[p("static/a.css")]), Some(Change::Static(vec![PathBuf::from("a.css")])));
        assert_eq!(classify(root, &[p("static/a.css"), p("templates/event.html")]), Some(Change::Templates));
        assert_eq!(classify(root, &[p("templates/x.html"), p("articles/a.md")]), Some(Change::Content));
        assert_eq!(classify(root, &[p("site.toml")]), Some(Change::Content));
        assert_eq!(classify(root, &[p("public/index.html"), p("articles/.a.md.swp"), p("README.md")]), None);
    }
}
