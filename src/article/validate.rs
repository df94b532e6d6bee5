//! Validation of the front matter as a whole: every key checked against [`KEYS`], unknown keys
//! named with a "did you mean" hint, required keys required, and every problem located at the
//! line of its key, all collected rather than stopping at the first.

use super::Article;
use super::keys::{KEYS, Problems};
use crate::diag::{Diagnostic, did_you_mean};
use serde_yaml::Value as Yaml;
use std::path::Path;

/// Checks every key of the front matter `fm` (read from the text `yaml`) into `out`, collecting
/// all problems rather than the first.
pub(crate) fn validate(fm: &Yaml, yaml: &str, shown: &Path, out: &mut Article) -> Vec<Diagnostic> {
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
        let Some(known) = KEYS.iter().find(|known| known.name == key) else {
            let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
            let hint = match did_you_mean(key, &names) {
                Some(s) => format!("did you mean `{s}`? Free-form data goes under `extra:`"),
                None => format!("known keys: {}; free-form data goes under `extra:`", names.join(", ")),
            };
            err(key, format!("unknown front-matter key `{key}`"), &hint);
            continue;
        };
        let mut found = Problems::new(key);
        (known.check)(v, out, &mut found);
        for (msg, hint) in found.found {
            err(key, msg, &hint);
        }
    }
    for req in KEYS.iter().filter(|k| k.required).map(|k| k.name) {
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
