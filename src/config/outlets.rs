//! The outlet context keys of `[outlets."Name"]` (country, language, owner, kind, and the values
//! of the site's own axes) and the `[axes]` table that declares those axes: their checks, each
//! problem located at its key with a hint.
//!
//! Outlet tables take keys of the site's choosing (its axes), so serde cannot refuse unknown keys
//! there; these checks do, with the same "did you mean" as everywhere else.

use super::Config;
use crate::diag::{Diagnostic, did_you_mean, line_col, quote};
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The kinds of piece an outlet (or one article) may be, as written in `site.toml` and front
/// matter. "press release" is written with a space, as in prose.
pub(crate) const KINDS: &[&str] = &["news", "opinion", "wire", "press release", "aggregator"];

/// The keys an outlet table may have besides the site's own axes.
pub(super) const OUTLET_KEYS: &[&str] = &["homepage", "description", "country", "language", "owner", "kind"];

/// The value that stands for "not known" in every coverage mix, so no outlet may carry it.
pub(crate) const UNKNOWN: &str = "unknown";

/// Longest axis name accepted: it names a section of a page and a key of `events.json`.
const MAX_AXIS_NAME: usize = 40;

/// Checks `[axes]` and the context keys of every outlet table, adding each problem to `problems`.
pub(super) fn check(path: &Path, text: &str, cfg: &Config, problems: &mut Vec<Diagnostic>) {
    let doc = DeTable::parse(text).ok();
    let mut report = |keys: &[&str], message: String, hint: String| {
        let (line, col) = locate(text, doc.as_ref(), keys);
        problems.push(Diagnostic::new(path, line, col, message, hint));
    };
    for (axis, values) in &cfg.axes {
        let at = ["axes", axis.as_str()];
        if OUTLET_KEYS.contains(&axis.as_str()) {
            report(
                &at,
                format!("axis `{axis}` has the name of a built-in outlet key"),
                format!(
                    "`country`, `language`, `owner` and `kind` are axes already, and `homepage` and \
                     `description` are not axes; give this axis another name, or set `{axis}` on each outlet"
                ),
            );
        } else if !axis_name_ok(axis) {
            report(
                &at,
                format!("axis name {} is not a plain lowercase name", quote(axis)),
                format!(
                    "use lowercase letters, digits, `_` or `-`, starting with a letter, at most {MAX_AXIS_NAME} characters, e.g. `lean`"
                ),
            );
        }
        if values.is_empty() {
            report(
                &at,
                format!("axis `{axis}` has no values"),
                format!("list the values outlets may carry, e.g. {axis} = [\"left\", \"centre\", \"right\"]"),
            );
        }
        for (i, v) in values.iter().enumerate() {
            if let Some((message, hint)) = bad_value(v) {
                report(&at, format!("axis `{axis}`: {message}"), hint.into());
            } else if values[..i].contains(v) {
                report(&at, format!("axis `{axis}` lists {} twice", quote(v)), "list each value once".into());
            }
        }
    }
    let axis_names: Vec<&str> = cfg.axes.keys().map(String::as_str).collect();
    for (name, meta) in &cfg.outlets {
        let at = |key: &'static str| ["outlets", name.as_str(), key];
        if let Some(h) = &meta.homepage
            && !(h.starts_with("http://") || h.starts_with("https://"))
        {
            report(&at("homepage"), format!("outlet {name:?}: homepage must be an http(s) URL"), String::new());
        }
        for (key, value) in [("country", &meta.country), ("language", &meta.language), ("owner", &meta.owner)] {
            if let Some((message, hint)) = value.as_deref().and_then(bad_value) {
                report(&at(key), format!("outlet {name:?}: `{key}` {message}"), hint.into());
            }
        }
        if let Some(kind) = &meta.kind
            && let Err(hint) = check_kind(kind)
        {
            report(&at("kind"), format!("outlet {name:?}: `kind` {} is not a kind of outlet", quote(kind)), hint);
        }
        for (key, value) in &meta.axes {
            let keys = ["outlets", name.as_str(), key.as_str()];
            let Some(values) = cfg.axes.get(key) else {
                let known = [OUTLET_KEYS, &axis_names].concat();
                let hint = match did_you_mean(key, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if axis_names.is_empty() => format!(
                        "an outlet may have {}; a key of your own must be an axis declared in [axes], \
                         e.g. [axes] {key} = [\"a\", \"b\"]",
                        OUTLET_KEYS.join(", ")
                    ),
                    None => format!("known keys: {}", known.join(", ")),
                };
                report(&keys, format!("unknown key `{key}` in [outlets.{name:?}]"), hint);
                continue;
            };
            let Some(v) = value.as_str() else {
                report(
                    &keys,
                    format!("outlet {name:?}: `{key}` must be text, got {}", value.type_str()),
                    format!("one of {}, in quotes", list(values)),
                );
                continue;
            };
            if !values.iter().any(|x| x == v) {
                let known: Vec<&str> = values.iter().map(String::as_str).collect();
                let hint = match did_you_mean(v, &known) {
                    Some(s) => format!("did you mean {s:?}? The values of `{key}` are {}", list(values)),
                    None => format!("the values of `{key}` are {}; add it to [axes] if it is a new one", list(values)),
                };
                report(&keys, format!("outlet {name:?}: `{key}` {} is not a value of axis `{key}`", quote(v)), hint);
            }
        }
    }
}

/// Checks a kind of piece (an outlet's, or an article's `kind`); the error is a hint naming the
/// kind meant or the kinds there are.
pub(crate) fn check_kind(kind: &str) -> Result<(), String> {
    if KINDS.contains(&kind) {
        return Ok(());
    }
    // "press-release" and "Press Release" are near misses of the spelling with a space.
    let plain = kind.trim().to_lowercase().replace(['-', '_'], " ");
    Err(match did_you_mean(&plain, KINDS) {
        Some(s) => format!("did you mean {s:?}? The kinds are {}", KINDS.join(", ")),
        None => format!("the kinds are {}; leave `kind` out when none fits", KINDS.join(", ")),
    })
}

/// What is wrong with a context value, if anything: empty, or the reserved "unknown".
fn bad_value(v: &str) -> Option<(String, &'static str)> {
    if v.trim().is_empty() {
        Some(("is empty".into(), "leave the key out when the value is not known"))
    } else if v.trim().eq_ignore_ascii_case(UNKNOWN) {
        Some((
            format!("cannot be {}", quote(v)),
            "\"unknown\" is what pages show for outlets without a value; leave the key out instead",
        ))
    } else {
        None
    }
}

/// Whether an axis name is plain: lowercase ASCII letters, digits, `_` and `-`, from a letter.
fn axis_name_ok(name: &str) -> bool {
    name.len() <= MAX_AXIS_NAME
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// `["left", "right"]` as `"left", "right"`, for hints.
fn list(values: &[String]) -> String {
    values.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ")
}

/// The line and column of the deepest of `keys` (a path of table keys) found in the document,
/// whatever TOML form sets it (a `[table]` header, a dotted key, an inline table); (1, 1) when
/// even the first is missing.
fn locate(text: &str, doc: Option<&Spanned<DeTable<'_>>>, keys: &[&str]) -> (usize, usize) {
    let mut table = doc.map(Spanned::get_ref);
    let mut at = None;
    for key in keys {
        let Some((k, v)) = table.and_then(|t| t.iter().find(|(k, _)| k.get_ref() == key)) else { break };
        at = Some(k.span().start);
        table = match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    at.map_or((1, 1), |offset| line_col(text, offset))
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use std::path::Path;

    const HEAD: &str = "title = \"T\"\nbase_url = \"https://x.org/\"\n";

    /// The problems with `HEAD` + `rest`, as printed.
    fn problems(rest: &str) -> Vec<String> {
        match Config::parse(Path::new("site.toml"), &format!("{HEAD}{rest}")) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn one(rest: &str) -> String {
        let p = problems(rest);
        assert_eq!(p.len(), 1, "{p:#?}");
        p[0].clone()
    }

    #[test]
    fn context_keys_and_axes_are_read() {
        let c = Config::parse(
            Path::new("site.toml"),
            &format!(
                "{HEAD}[axes]\nlean = [\"left\", \"centre\", \"right\"]\n[outlets.\"A News\"]\ncountry = \"Turkey\"\n\
                 language = \"English\"\nowner = \"Turkuvaz\"\nkind = \"press release\"\nlean = \"centre\"\n"
            ),
        )
        .unwrap();
        let m = &c.outlets["A News"];
        assert_eq!(m.country.as_deref(), Some("Turkey"));
        assert_eq!(m.kind.as_deref(), Some("press release"));
        assert_eq!(m.axes["lean"].as_str(), Some("centre"));
        assert_eq!(c.axes["lean"], ["left", "centre", "right"]);
    }

    #[test]
    fn an_unknown_outlet_key_is_located_with_a_suggestion() {
        let e = one("[outlets.\"A News\"]\nhomepage = \"https://a.tr/\"\ncontry = \"Turkey\"\n");
        assert!(e.starts_with("site.toml:5:1: unknown key `contry` in [outlets.\"A News\"]"), "{e}");
        assert!(e.contains("did you mean `country`?"), "{e}");
        // A key of the site's own without [axes] says how to declare it.
        let e = one("[outlets.\"A News\"]\nleaning = \"left\"\n");
        assert!(e.starts_with("site.toml:4:1: unknown key `leaning`"), "{e}");
        assert!(e.contains("must be an axis declared in [axes]"), "{e}");
        // With axes, their names are suggested too; an inline table is located as well.
        let e = one("[axes]\nlean = [\"left\", \"right\"]\n[outlets]\nX = { leam = \"left\" }\n");
        assert!(e.starts_with("site.toml:6:7: unknown key `leam`"), "{e}");
        assert!(e.contains("did you mean `lean`?"), "{e}");
    }

    #[test]
    fn a_value_outside_its_axis_is_located_with_a_suggestion() {
        let e = one("[axes]\nlean = [\"left\", \"centre\", \"right\"]\n[outlets.X]\nlean = \"center\"\n");
        assert!(e.starts_with("site.toml:6:1: outlet \"X\": `lean` \"center\" is not a value of axis `lean`"), "{e}");
        assert!(e.contains("did you mean \"centre\"?"), "{e}");
        let e = one("[axes]\nlean = [\"left\", \"right\"]\n[outlets.X]\nlean = \"far out\"\n");
        assert!(e.contains("the values of `lean` are \"left\", \"right\""), "{e}");
        let e = one("[axes]\nlean = [\"left\", \"right\"]\n[outlets.X]\nlean = 3\n");
        assert!(e.starts_with("site.toml:6:1: outlet \"X\": `lean` must be text, got integer"), "{e}");
    }

    #[test]
    fn a_wrong_kind_is_located_with_a_suggestion() {
        let e = one("[outlets.X]\nkind = \"press-release\"\n");
        assert!(e.starts_with("site.toml:4:1: outlet \"X\": `kind` \"press-release\" is not a kind of outlet"), "{e}");
        assert!(e.contains("did you mean \"press release\"?"), "{e}");
        let e = one("[outlets.X]\nkind = \"blog\"\n");
        assert!(e.contains("the kinds are news, opinion, wire, press release, aggregator"), "{e}");
    }

    #[test]
    fn bad_axes_are_located_with_hints() {
        let e = one("[axes]\ncountry = [\"a\", \"b\"]\n");
        assert!(e.starts_with("site.toml:4:1: axis `country` has the name of a built-in outlet key"), "{e}");
        assert!(e.contains("give this axis another name"), "{e}");
        let e = one("[axes]\nlean = []\n");
        assert!(e.starts_with("site.toml:4:1: axis `lean` has no values"), "{e}");
        assert!(e.contains("lean = [\"left\", \"centre\", \"right\"]"), "{e}");
        let e = one("[axes]\n\"Lean Of It\" = [\"a\"]\n");
        assert!(e.starts_with("site.toml:4:1: axis name \"Lean Of It\" is not a plain lowercase name"), "{e}");
        let p = problems("[axes]\nlean = [\"a\", \"a\", \"\", \"Unknown\"]\n");
        assert_eq!(p.len(), 3, "{p:#?}");
        assert!(p[0].contains("lists \"a\" twice") && p[0].starts_with("site.toml:4:1:"), "{p:#?}");
        assert!(p[1].contains("is empty") && p[1].contains("leave the key out"), "{p:#?}");
        assert!(p[2].contains("cannot be \"Unknown\""), "{p:#?}");
    }

    #[test]
    fn empty_or_unknown_context_values_are_refused() {
        let p = problems("[outlets.X]\ncountry = \" \"\nowner = \"unknown\"\n");
        assert_eq!(p.len(), 2, "{p:#?}");
        assert!(p[0].starts_with("site.toml:4:1: outlet \"X\": `country` is empty"), "{p:#?}");
        assert!(p[1].starts_with("site.toml:5:1: outlet \"X\": `owner` cannot be \"unknown\""), "{p:#?}");
    }

    #[test]
    fn a_bad_homepage_is_located_at_its_own_key() {
        let e = one("[outlets.X]\ndescription = \"d\"\nhomepage = \"x.org\"\n");
        assert!(e.starts_with("site.toml:5:1: outlet \"X\": homepage must be an http(s) URL"), "{e}");
    }

    #[test]
    fn a_built_in_key_of_the_wrong_type_is_still_a_located_error() {
        let e = one("[outlets.X]\ncountry = 3\n");
        assert!(e.starts_with("site.toml:"), "{e}");
        assert!(!e.starts_with("site.toml:1:1:"), "located: {e}");
    }

    #[test]
    fn unknown_is_not_a_kind_and_kinds_check() {
        assert!(super::check_kind("opinion").is_ok());
        assert!(super::check_kind("Opinion").unwrap_err().contains("did you mean \"opinion\"?"));
    }
}
