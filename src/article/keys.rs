//! The front-matter keys, declared once: each key's name, whether it is required, and the check
//! that reads its value into the [`Article`].
//!
//! Validation, the "did you mean" hint for a misspelt key and the list of known keys all read
//! [`KEYS`], so adding a key means adding one entry and its check here, plus a field to
//! [`Article`] to hold the value (and a line in `docs/articles.md`, which a test checks).

use super::{Article, ArticleDate};
use serde_yaml::Value as Yaml;

/// One front-matter key an article may use.
pub(crate) struct Key {
    /// The name as written in the front matter.
    pub(crate) name: &'static str,
    /// Every article must have it; a missing one is reported at the top of the file.
    pub(crate) required: bool,
    /// Reads the value into the article, reporting every problem with it.
    pub(crate) check: fn(&Yaml, &mut Article, &mut Problems),
}

/// Every front-matter key, in the order the "known keys" hint lists them; anything else is a
/// typo until proven otherwise.
pub(crate) const KEYS: &[Key] = &[
    Key { name: "title", required: true, check: title },
    Key { name: "outlet", required: true, check: outlet },
    Key { name: "date", required: false, check: date },
    Key { name: "author", required: false, check: author },
    Key { name: "url", required: false, check: url },
    Key { name: "lang", required: false, check: lang },
    Key { name: "tags", required: false, check: tags },
    Key { name: "summary", required: false, check: summary },
    Key { name: "draft", required: false, check: draft },
    Key { name: "event", required: false, check: event },
    Key { name: "kind", required: false, check: kind_of_piece },
    Key { name: "extra", required: false, check: extra },
];

/// The problems found in one key's value, each a message and a hint (empty for none); validation
/// locates them at the key's line.
pub(crate) struct Problems<'a> {
    /// The key whose value is checked, for messages shared by several keys.
    key: &'a str,
    /// What was found, in order.
    pub(crate) found: Vec<(String, String)>,
}

impl<'a> Problems<'a> {
    /// No problems yet with the value of `key`.
    pub(crate) fn new(key: &'a str) -> Self {
        Problems { key, found: Vec::new() }
    }

    /// Reports one problem.
    fn add(&mut self, message: String, hint: &str) {
        self.found.push((message, hint.to_string()));
    }

    /// The value as text, as written; or reports that it is not text, with `hint`.
    fn text(&mut self, v: &Yaml, hint: &str) -> Option<String> {
        let s = scalar_string(v);
        if s.is_none() {
            self.add(format!("`{}` must be text, got {}", self.key, kind(v)), hint);
        }
        s
    }

    /// The value as trimmed text, for keys whose value is a line of text.
    fn trimmed(&mut self, v: &Yaml) -> Option<String> {
        self.text(v, "quote the value").map(|s| s.trim().to_string())
    }

    /// Like [`Problems::trimmed`], but reports an empty value: for required keys.
    fn non_empty(&mut self, v: &Yaml) -> Option<String> {
        let s = self.trimmed(v)?;
        if s.is_empty() {
            self.add(format!("`{}` is empty", self.key), "give it a non-empty value");
            return None;
        }
        Some(s)
    }
}

fn title(v: &Yaml, a: &mut Article, p: &mut Problems) {
    if let Some(s) = p.non_empty(v) {
        a.title = s;
    }
}

fn outlet(v: &Yaml, a: &mut Article, p: &mut Problems) {
    if let Some(s) = p.non_empty(v) {
        a.outlet = s;
    }
}

fn date(v: &Yaml, a: &mut Article, p: &mut Problems) {
    let Some(s) = p.text(v, "use YYYY-MM-DD") else { return };
    match ArticleDate::parse(&s) {
        Some(d) => a.date = Some(d),
        None => p.add(
            format!("cannot parse date {s:?}"),
            "use YYYY-MM-DD, an RFC 3339 time like 2025-03-31T14:05:00Z, or YYYY-MM-DD HH:MM (read as UTC); leave the date out if unknown",
        ),
    }
}

/// A name, or a list of names.
fn author(v: &Yaml, a: &mut Article, p: &mut Problems) {
    match v {
        Yaml::Sequence(items) => {
            for it in items {
                match scalar_string(it) {
                    Some(s) if !s.trim().is_empty() => a.authors.push(s.trim().to_string()),
                    _ => {
                        p.add(format!("every `author` must be text, got {}", kind(it)), "write author: [\"A\", \"B\"]")
                    }
                }
            }
        }
        _ => {
            if let Some(s) = p.text(v, "a name, or a list of names") {
                a.authors.push(s.trim().to_string());
            }
        }
    }
}

fn url(v: &Yaml, a: &mut Article, p: &mut Problems) {
    const HINT: &str = "give the article's full web address";
    let Some(s) = p.text(v, HINT) else { return };
    if s.starts_with("https://") || s.starts_with("http://") {
        a.url = Some(s.trim().to_string());
    } else {
        p.add(format!("`url` must start with http:// or https://, got {s:?}"), HINT);
    }
}

fn lang(v: &Yaml, a: &mut Article, p: &mut Problems) {
    if let Some(s) = p.trimmed(v) {
        a.lang = Some(s);
    }
}

fn tags(v: &Yaml, a: &mut Article, p: &mut Problems) {
    match v {
        Yaml::Sequence(items) => {
            for it in items {
                match scalar_string(it) {
                    Some(s) => a.tags.push(s),
                    None => p.add(format!("every tag must be text, got {}", kind(it)), ""),
                }
            }
        }
        _ => p.add(format!("`tags` must be a list, got {}", kind(v)), "write tags: [politics, migration]"),
    }
}

fn summary(v: &Yaml, a: &mut Article, p: &mut Problems) {
    if let Some(s) = p.trimmed(v) {
        a.summary = Some(s);
    }
}

fn draft(v: &Yaml, a: &mut Article, p: &mut Problems) {
    match v {
        Yaml::Bool(b) => a.draft = *b,
        _ => p.add(format!("`draft` must be true or false, got {}", kind(v)), ""),
    }
}

/// A pin to an event, by its slug (see [`crate::slug::check_pin`]).
fn event(v: &Yaml, a: &mut Article, p: &mut Problems) {
    let Some(s) = p.trimmed(v) else { return };
    match crate::slug::check_pin(&s) {
        Ok(()) => a.event = Some(s),
        Err(hint) => p.add(format!("`event` must be an event's slug, got {}", crate::diag::quote(&s)), &hint),
    }
}

/// What kind of piece this article is (an outlet's op-ed, a wire story it ran), overriding its
/// outlet's `kind` from `site.toml`: one of [`crate::config::check_kind`]'s kinds.
fn kind_of_piece(v: &Yaml, a: &mut Article, p: &mut Problems) {
    let Some(s) = p.trimmed(v) else { return };
    match crate::config::check_kind(&s) {
        Ok(()) => a.kind = Some(s),
        Err(hint) => p.add(format!("`kind` {} is not a kind of piece", crate::diag::quote(&s)), &hint),
    }
}

/// Free-form data for templates: any map.
fn extra(v: &Yaml, a: &mut Article, p: &mut Problems) {
    match v {
        Yaml::Mapping(_) => a.extra = clean_json(serde_json::to_value(v).unwrap_or_default()),
        _ => p.add(format!("`extra` must be a map, got {}", kind(v)), "indent its keys under `extra:`"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(v: &str) -> (Option<String>, Vec<(String, String)>) {
        let mut a = Article::default();
        let mut p = Problems::new("kind");
        kind_of_piece(&Yaml::String(v.into()), &mut a, &mut p);
        (a.kind, p.found)
    }

    #[test]
    fn kind_takes_the_five_kinds_and_hints_at_near_misses() {
        assert_eq!(checked(" opinion ").0.as_deref(), Some("opinion"));
        assert_eq!(checked("press release").0.as_deref(), Some("press release"));
        let (k, found) = checked("press-release");
        assert!(k.is_none());
        assert_eq!(found[0].0, "`kind` \"press-release\" is not a kind of piece");
        assert!(found[0].1.contains("did you mean \"press release\"?"), "{found:?}");
        let (_, found) = checked("editorial");
        assert!(found[0].1.contains("the kinds are news, opinion, wire, press release, aggregator"), "{found:?}");
    }

    #[test]
    fn every_key_is_declared_once_and_documented() {
        let docs = include_str!("../../docs/articles.md");
        for (i, k) in KEYS.iter().enumerate() {
            assert!(KEYS[..i].iter().all(|o| o.name != k.name), "`{}` is declared twice", k.name);
            let row = format!("| `{}` | {} |", k.name, if k.required { "yes" } else { "no" });
            assert!(docs.contains(&row), "docs/articles.md has no row {row:?}");
        }
    }
}
