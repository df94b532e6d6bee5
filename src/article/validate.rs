//! Validation of the front matter: every key checked, unknown keys named with a "did you mean"
//! hint, required keys required, and every problem located at the line of its key, all
//! collected rather than stopping at the first.

use super::ArticleDate;
use crate::diag::{Diagnostic, did_you_mean};
use serde_yaml::Value as Yaml;
use std::path::Path;

/// The front-matter keys an article may use; anything else is a typo until proven otherwise.
const KNOWN_KEYS: &[&str] =
    &["title", "outlet", "date", "author", "url", "lang", "tags", "summary", "draft", "event", "extra"];

/// The values of the front-matter keys, as validation reads them; the loader copies them into
/// the [`Article`](super::Article).
#[derive(Default)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) date: Option<ArticleDate>,
    pub(crate) authors: Vec<String>,
    pub(crate) url: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) summary: Option<String>,
    pub(crate) draft: bool,
    pub(crate) event: Option<String>,
    pub(crate) extra: serde_json::Value,
}

/// Checks every key of the front matter, collecting all problems rather than the first.
pub(crate) fn validate(fm: &Yaml, yaml: &str, shown: &Path, out: &mut FrontMatter) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Lines are 1-based in the file; the YAML starts on line 2, after the opening fence.
    let key_line = |key: &str| {
        yaml.lines()
            .position(|l| {
                l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':'))
                    || l.strip_prefix(&format!("\"{key}\"")).is_some()
            })
            .map_or(1, |i| i + 2)
    };
    let mut err =
        |key: &str, msg: String, hint: &str| problems.push(Diagnostic::new(shown, key_line(key), 1, msg, hint));
    let empty = serde_yaml::Mapping::new();
    let map = match fm {
        Yaml::Mapping(m) => m,
        Yaml::Null => &empty,
        _ => {
            return vec![Diagnostic::new(
                shown,
                2,
                1,
                "front matter must be a set of `key: value` lines",
                "for example `title: \"Headline\"`",
            )];
        }
    };
    for (k, v) in map {
        let Some(key) = k.as_str() else {
            err("", format!("front-matter keys must be text, got {k:?}"), "");
            continue;
        };
        let want_str = |v: &Yaml| -> Result<String, String> {
            scalar_string(v).ok_or_else(|| format!("`{key}` must be text, got {}", kind(v)))
        };
        match key {
            "title" | "outlet" | "summary" | "lang" | "event" => match want_str(v) {
                Ok(s) if s.trim().is_empty() && matches!(key, "title" | "outlet") => {
                    err(key, format!("`{key}` is empty"), "give it a non-empty value")
                }
                Ok(s) => {
                    let s = s.trim().to_string();
                    match key {
                        "title" => out.title = Some(s),
                        "outlet" => out.outlet = Some(s),
                        "summary" => out.summary = Some(s),
                        "lang" => out.lang = Some(s),
                        _ => match crate::slug::check_pin(&s) {
                            Ok(()) => out.event = Some(s),
                            Err(hint) => err(
                                key,
                                format!("`event` must be an event's slug, got {}", crate::diag::quote(&s)),
                                &hint,
                            ),
                        },
                    }
                }
                Err(m) => err(key, m, "quote the value"),
            },
            "date" => match scalar_string(v) {
                Some(s) => match ArticleDate::parse(&s) {
                    Some(d) => out.date = Some(d),
                    None => err(
                        key,
                        format!("cannot parse date {s:?}"),
                        "use YYYY-MM-DD, an RFC 3339 time like 2025-03-31T14:05:00Z, or YYYY-MM-DD HH:MM (read as UTC); leave the date out if unknown",
                    ),
                },
                None => err(key, format!("`date` must be text, got {}", kind(v)), "use YYYY-MM-DD"),
            },
            "author" => match v {
                Yaml::Sequence(items) => {
                    for it in items {
                        match scalar_string(it) {
                            Some(s) if !s.trim().is_empty() => out.authors.push(s.trim().to_string()),
                            _ => err(
                                key,
                                format!("every `author` must be text, got {}", kind(it)),
                                "write author: [\"A\", \"B\"]",
                            ),
                        }
                    }
                }
                _ => match want_str(v) {
                    Ok(s) => out.authors.push(s.trim().to_string()),
                    Err(m) => err(key, m, "a name, or a list of names"),
                },
            },
            "url" => match want_str(v) {
                Ok(s) if s.starts_with("https://") || s.starts_with("http://") => out.url = Some(s.trim().to_string()),
                Ok(s) => err(
                    key,
                    format!("`url` must start with http:// or https://, got {s:?}"),
                    "give the article's full web address",
                ),
                Err(m) => err(key, m, "give the article's full web address"),
            },
            "tags" => match v {
                Yaml::Sequence(items) => {
                    for it in items {
                        match scalar_string(it) {
                            Some(s) => out.tags.push(s),
                            None => err(key, format!("every tag must be text, got {}", kind(it)), ""),
                        }
                    }
                }
                _ => err(key, format!("`tags` must be a list, got {}", kind(v)), "write tags: [politics, migration]"),
            },
            "draft" => match v {
                Yaml::Bool(b) => out.draft = *b,
                _ => err(key, format!("`draft` must be true or false, got {}", kind(v)), ""),
            },
            "extra" => match v {
                Yaml::Mapping(_) => out.extra = clean_json(serde_json::to_value(v).unwrap_or_default()),
                _ => err(key, format!("`extra` must be a map, got {}", kind(v)), "indent its keys under `extra:`"),
            },
            other => {
                let hint = match did_you_mean(other, KNOWN_KEYS) {
                    Some(s) => format!("did you mean `{s}`? Free-form data goes under `extra:`"),
                    None => format!("known keys: {}; free-form data goes under `extra:`", KNOWN_KEYS.join(", ")),
                };
                err(other, format!("unknown front-matter key `{other}`"), &hint);
            }
        }
    }
    for req in ["title", "outlet"] {
        if !map.contains_key(req) {
            problems.push(Diagnostic::new(
                shown,
                1,
                1,
                format!("missing required key `{req}`"),
                format!("add a `{req}:` line to the front matter"),
            ));
        }
    }
    problems
}

/// Reads a YAML scalar as text. Numbers are accepted for text keys only where YAML would surprise users (e.g. a title `1984`).
/// Characters no page or feed may carry are dropped here (see [`crate::sanitize`]).
fn scalar_string(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) => Some(crate::sanitize::clean(s).into_owned()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Tagged(t) => scalar_string(&t.value),
        _ => None,
    }
}

/// `extra` data with every string (keys too) cleaned like the other fields.
fn clean_json(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    let text = |s: String| match crate::sanitize::clean(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(c) => c,
    };
    match v {
        J::String(s) => J::String(text(s)),
        J::Array(items) => J::Array(items.into_iter().map(clean_json).collect()),
        J::Object(map) => J::Object(map.into_iter().map(|(k, v)| (text(k), clean_json(v))).collect()),
        other => other,
    }
}

/// How a value is named in messages: "got a list".
fn kind(v: &Yaml) -> &'static str {
    match v {
        Yaml::Null => "nothing",
        Yaml::Bool(_) => "a boolean",
        Yaml::Number(_) => "a number",
        Yaml::String(_) => "text",
        Yaml::Sequence(_) => "a list",
        Yaml::Mapping(_) => "a map",
        Yaml::Tagged(_) => "a tagged value",
    }
}
