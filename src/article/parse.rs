//! Parsing an article's text: the front matter between `---` fences, read as YAML and validated,
//! then the body after it. Pure, so it is tested without files.

use super::body::body_text;
use super::validate::validate;
use super::{Article, Loaded, simple_yaml};
use crate::diag::Diagnostic;
use serde_yaml::Value as Yaml;
use std::path::Path;

/// Splits front matter from body and validates both. Pure, so it is tested without files.
pub(crate) fn parse(text: &str, id: String, shown: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let mut article = parse_head(text, id, shown)?;
    let body = body_text(text.get(article.body_offset..).unwrap_or(""), &article.title);
    (article.lead, article.words) = (body.lead, body.words);
    Ok(Loaded { article, text: body.text })
}

/// Validates the front matter only: everything but `lead` and `words`, which [`body_text`] fills.
/// Ordering articles for clustering needs only this, so the bodies can be analysed afterwards.
pub(crate) fn parse_head(text: &str, id: String, shown: &Path) -> Result<Article, Vec<Diagnostic>> {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - t.len();
    let (yaml, body_start) = fences(t, shown).map_err(|d| vec![d])?;
    let fm = read_yaml(yaml, shown).map_err(|d| vec![d])?;
    let mut article = Article {
        id,
        source: shown.to_path_buf(),
        body_offset: bom + body_start,
        file_len: text.len(),
        ..Article::default()
    };
    let problems = validate(&fm, yaml, shown, &mut article);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(article)
}

/// The YAML between the opening `---` line and the closing `---` (or `...`) line of `t`, and the
/// offset where the body starts; or why `t` has no front matter.
fn fences<'a>(t: &'a str, shown: &Path) -> Result<(&'a str, usize), Diagnostic> {
    let diag = |msg: &str, hint: &str| Diagnostic::new(shown, 1, 1, msg, hint);
    if t.trim().is_empty() {
        return Err(diag(
            "file is empty",
            "an article starts with front matter: ---, title: ..., outlet: ..., ---, then the body",
        ));
    }
    let first = t.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(diag(
            "missing front matter: the file must start with a `---` line",
            "add `---`, then `title:` and `outlet:` lines, then `---` above the body",
        ));
    }
    let yaml_start = first.len() + if t[first.len()..].starts_with("\r\n") { 2 } else { 1 };
    let mut pos = yaml_start;
    let mut close = None;
    for line in t[yaml_start.min(t.len())..].split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            close = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((yaml_end, body_start)) = close else {
        return Err(diag(
            "unterminated front matter: no closing `---` line",
            "add a line with `---` between the front matter and the body",
        ));
    };
    Ok((&t[yaml_start.min(yaml_end)..yaml_end], body_start))
}

/// The front matter's YAML as a value: the common simple shape without the YAML parser (see
/// [`simple_yaml`]), anything else through it, whose error is located in the file.
fn read_yaml(yaml: &str, shown: &Path) -> Result<Yaml, Diagnostic> {
    simple_yaml::simple(yaml).map_or_else(|| serde_yaml::from_str::<Yaml>(yaml), Ok).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line() + 1, l.column()));
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg);
        Diagnostic::new(
            shown,
            line,
            col,
            format!("invalid YAML in front matter: {msg}"),
            "check indentation, and quote values that contain `: ` or start with a special character",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str) -> Result<Loaded, Vec<Diagnostic>> {
        parse(t, "x".into(), Path::new("a.md"))
    }

    #[test]
    fn parses_a_full_article() {
        let l = p("---\ntitle: \"Hello: world\"\noutlet: Daily\ndate: 2025-03-27\nauthor: [A, B]\nurl: https://x.org/a\ntags: [x]\ndraft: true\nextra:\n  k: 1\n---\nFirst para.\n\nSecond para.\n").unwrap();
        let a = l.article;
        assert_eq!(a.title, "Hello: world");
        assert_eq!(a.authors, vec!["A", "B"]);
        assert_eq!(a.date.unwrap().iso(), "2025-03-27");
        assert!(a.draft);
        assert_eq!(a.lead, "First para.");
        assert_eq!(a.extra["k"], 1);
        assert_eq!(a.words, 4);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let e = p("---\ntitel: x\ndate: yesterday\nurl: ftp://x\ndraft: maybe\n---\nbody\n").err().unwrap();
        let lines: Vec<String> = e.iter().map(|d| format!("{}:{}", d.line, d.message)).collect();
        assert!(lines.contains(&"2:unknown front-matter key `titel`".to_string()), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("3:cannot parse date")), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("4:`url` must start with")), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("5:`draft` must be")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("missing required key `title`")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("missing required key `outlet`")), "{lines:?}");
        assert!(e[0].hint.as_deref().unwrap().contains("did you mean `title`?"));
    }

    #[test]
    fn fences_and_yaml_errors_are_located() {
        assert!(p("").err().unwrap()[0].message.contains("empty"));
        assert!(p("title: x\n").err().unwrap()[0].message.contains("missing front matter"));
        assert!(p("---\ntitle: x\n").err().unwrap()[0].message.contains("unterminated"));
        let e = p("---\ntitle: x\noutlet: [unclosed\n---\n").err().unwrap();
        assert!(e[0].message.starts_with("invalid YAML"), "{e:?}");
        assert!(e[0].line >= 3, "{e:?}");
        let e = p("---\ntitle: [1, 2]\noutlet: o\n---\n").err().unwrap();
        assert_eq!((e[0].line, e[0].message.as_str()), (2, "`title` must be text, got a list"));
    }
}
