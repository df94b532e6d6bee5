//! Template loading and template diagnostics: every template's syntax errors are found in one
//! build, each reported at its file, line and column.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};
use tera::{ErrorKind, Tera};

/// Templates every site must have.
pub(super) const REQUIRED: &[&str] = &[
    "index.html",
    "event.html",
    "outlets.html",
    "outlet.html",
    "archive.html",
    "blindspots.html",
    "month.html",
    "article.html",
    "search.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
];

/// A site's templates, and a digest of their sources: every page's key includes it, so a changed
/// template renders every page again (see [`super::keys`]).
pub(crate) struct Templates {
    /// The parsed templates.
    pub(crate) tera: Tera,
    /// BLAKE3 of every template's name and text, in name order.
    pub(crate) digest: blake3::Hash,
}

/// Loads every file under `templates/`, reporting each syntax error with its template line.
pub(crate) fn load_templates(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
    let dir = root.join("templates");
    let mut files: Vec<(String, String)> = Vec::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let name = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => files.push((name, text)),
            Err(e) => problems.push(Diagnostic::new(
                &Path::new("templates").join(&name),
                1,
                1,
                format!("cannot read template: {e}"),
                "",
            )),
        }
    }
    for req in REQUIRED {
        if !files.iter().any(|(n, _)| n == req) {
            problems.push(Diagnostic::new(
                &Path::new("templates").join(req),
                1,
                1,
                format!("missing template {req}"),
                "copy it from a new site made with `roundup init`",
            ));
        }
    }
    let mut tera = Tera::new();
    tera.register_filter("excerpt", excerpt);
    if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        // Parse each template alone so that every file's syntax errors are reported, not only the first.
        let mut found = false;
        for (n, t) in &files {
            let mut one = Tera::new();
            if let Err(e) = one.add_raw_template(n, t)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                problems.push(template_diag(&e, Some(n)));
                found = true;
            }
        }
        if !found {
            problems.push(template_diag(&e, None));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut digest = blake3::Hasher::new();
    for (n, t) in &files {
        for part in [n, t] {
            digest.update(&(part.len() as u64).to_le_bytes());
            digest.update(part.as_bytes());
        }
    }
    Ok(Templates { tera, digest: digest.finalize() })
}

/// The `excerpt(length=N)` filter: text cut to at most `length` characters at a word boundary,
/// with an ellipsis. Tera's `truncate` cuts mid-word ("The indi…"), which reads as a typo in
/// a lead or a headline.
fn excerpt(text: &str, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    Ok(crate::markdown::shorten(text, kwargs.must_get::<usize>("length")?))
}

/// Turns a Tera error into `templates/<name>:line:col: message`.
pub(crate) fn template_diag(e: &tera::Error, fallback: Option<&str>) -> Diagnostic {
    let (name, line, col, msg) = match e.kind() {
        ErrorKind::SyntaxError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            format!("template syntax error: {}", r.message()),
        ),
        ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            format!("template error: {}", r.message()),
        ),
        other => (fallback.unwrap_or("").to_string(), 1, 1, format!("template error: {other}")),
    };
    let name = if name.is_empty() { fallback.unwrap_or("?").to_string() } else { name };
    // Templates copied from an earlier theme read the site's counts from `site`.
    let moved = ["article_count", "event_count", "outlet_count"]
        .iter()
        .any(|f| msg.contains(&format!("`{f}` is not defined")) && msg.contains("uses_axes"));
    let hint = if moved {
        "the counts of articles, events and outlets are now the index page's `totals.articles`, \
         `totals.events` and `totals.outlets` (docs/templates.md)"
    } else {
        "see the template reference in docs/templates.md"
    };
    Diagnostic::new(&PathBuf::from("templates").join(name), line, col, msg, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_read_from_site_points_to_totals() {
        let mut tera = Tera::new();
        tera.add_raw_template("index.html", "{{ site.event_count }}").unwrap();
        tera.global_context().insert("site", &serde_json::json!({"title": "T", "uses_axes": false}));
        let d = template_diag(&tera.render("index.html", &tera::Context::new()).unwrap_err(), None);
        assert_eq!((d.path.as_path(), d.line), (Path::new("templates/index.html"), 1));
        assert!(d.hint.as_deref().is_some_and(|h| h.contains("totals.events")), "{d:?}");
        let d = template_diag(&Tera::new().render("x", &tera::Context::new()).unwrap_err(), Some("x"));
        assert!(d.hint.as_deref().is_some_and(|h| !h.contains("totals")), "{d:?}");
    }

    #[test]
    fn excerpt_cuts_at_a_word_boundary() {
        let mut tera = Tera::new();
        tera.register_filter("excerpt", excerpt);
        tera.add_raw_template("t", "{{ t | excerpt(length=14) }}").unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("t", "The indictment was unsealed");
        // Tera's truncate would give "The indictment…" at 14 and "The indi…" at 8.
        assert_eq!(tera.render("t", &ctx).unwrap(), "The indictment…");
        ctx.insert("t", "Short");
        assert_eq!(tera.render("t", &ctx).unwrap(), "Short");
        ctx.insert("t", "The indictment was");
        tera.add_raw_template("u", "{{ t | excerpt(length=8) }}").unwrap();
        assert_eq!(tera.render("u", &ctx).unwrap(), "The…");
    }
}
