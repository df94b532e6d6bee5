//! What the fuzz targets in `fuzz/` run, kept in the library so that `cargo test` replays every
//! input they ever found (`fuzz/regressions/`) on stable Rust, with no fuzzer installed.
//!
//! Each entry point takes one untrusted input as raw bytes and runs everything a build does with
//! it short of the file system, then checks what must hold for any input, not only "no panic":
//! a located, bounded message for every refusal; an output path of safe segments for every page;
//! sanitised HTML with no script; well-formed XML text; and the front-matter fast path agreeing
//! with the YAML parser. A broken promise panics, which the fuzzer reports as a crash.

use crate::article::{self, Article};
use crate::diag::Diagnostic;
use crate::output::path::{OutPath, Rule};
use std::path::Path;

/// Longest message a refusal may print: a hostile value is quoted, never copied whole.
const MAX_MESSAGE: usize = 1_000;

/// One article file: the bytes up to the first NUL are its path under `articles/` (so file names
/// are fuzzed too), the rest its content.
pub fn article_file(data: &[u8]) {
    let (name, content) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&b"a.md"[..], data),
    };
    let name = String::from_utf8_lossy(name);
    let articles = Path::new("articles");
    let file = articles.join(format!("{name}.md"));
    match article::article_id(articles, &file, &file) {
        Ok(id) => {
            let segments: Vec<&str> = std::iter::once("articles").chain(id.split('/')).collect();
            OutPath::join(&segments, Rule::Page)
                .unwrap_or_else(|e| panic!("accepted id {id:?} is no safe page path: {e}"));
            article_text(content, id, &file);
        }
        Err(d) => located(&[d]),
    }
}

/// One article's content, under a fixed, valid id.
pub fn article_bytes(content: &[u8]) {
    let file = Path::new("articles/a.md");
    article_text(content, "a".to_string(), file);
}

fn article_text(content: &[u8], id: String, file: &Path) {
    let Ok(text) = std::str::from_utf8(content) else { return };
    match article::parse(text, id, file) {
        Ok(loaded) => analysed(&loaded.article, &loaded.text, text),
        Err(ds) => located(&ds),
    }
    if let Some(yaml) = front_matter_of(text) {
        same_as_yaml_parser(yaml);
    }
}

/// Everything a build derives from an accepted article, with what must hold of it.
fn analysed(a: &Article, plain: &str, text: &str) {
    for field in [&a.title, &a.outlet] {
        assert!(field.chars().all(crate::sanitize::allowed), "a character XML forbids in {field:?}");
    }
    let slug = crate::site::event_slug(a);
    OutPath::join(&["events", &slug], Rule::Page).unwrap_or_else(|e| panic!("event slug {slug:?}: {e}"));
    let mut hints = Vec::new();
    let _ = crate::text::Features::extract_noting_figures(&a.title, &a.lead, plain, &mut hints);
    let figures = crate::figures::extract_at(plain, &hints);
    assert!(figures.len() <= crate::figures::MAX_PER_ARTICLE);
    assert_eq!(figures, crate::figures::extract(plain), "hinted and full figure scans differ");
    let body = text.get(a.body_offset..).unwrap_or("");
    no_script(&crate::markdown::to_safe_html(body));
}

/// The attributes whose value a browser follows or loads as an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "cite",
    "poster",
    "background",
    "data",
    "codebase",
    "xlink:href",
    "ping",
    "longdesc",
    "manifest",
    "lowsrc",
    "dynsrc",
    "usemap",
    "archive",
    "profile",
    "icon",
];

/// Sanitised HTML runs nothing: no script-bearing element, no event handler, no script or data
/// address. Text is escaped, so every `<` starts a tag, and only tags need reading.
fn no_script(html: &str) {
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("").to_ascii_lowercase();
        let name = tag.split(|c: char| c.is_ascii_whitespace() || c == '/').find(|s| !s.is_empty()).unwrap_or("");
        let banned = ["script", "iframe", "object", "embed", "svg", "math", "style", "form", "base", "meta", "link"];
        assert!(!banned.contains(&name), "sanitised HTML holds <{name}>: {html}");
        for (key, value) in attributes(&tag[tag.find(name).map_or(0, |k| k + name.len())..]) {
            assert!(!key.starts_with("on") && key != "style", "sanitised HTML holds {key}=: {html}");
            // Only an address is followed; text such as `alt="vbscript:…"` (an image's description,
            // escaped and shown as words) runs nothing.
            if !URL_ATTRIBUTES.contains(&key) {
                continue;
            }
            let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(!value.starts_with(scheme), "sanitised HTML links to {scheme}: {html}");
            }
        }
    }
}

/// The attributes of a tag after its name, as (key, value): a quoted value is read to its
/// closing quote, so text inside one (`alt="a &lt;img onerror=x"`) is never taken for a key.
fn attributes(mut rest: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let (key, after) = rest.split_at(end);
        let Some(after) = after.trim_start().strip_prefix('=') else {
            out.push((key, ""));
            rest = after;
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => after[1..].split_once(q).unwrap_or((&after[1..], "")),
            _ => after.split_at(after.find(|c: char| c.is_ascii_whitespace()).unwrap_or(after.len())),
        };
        out.push((key, value));
        rest = next;
    }
}

/// Every refusal names a line and column in the file, and quotes the input only in part.
fn located(ds: &[Diagnostic]) {
    assert!(!ds.is_empty(), "refused without a reason");
    for d in ds {
        assert!(d.line >= 1 && d.col >= 1, "{d}");
        assert!(d.message.len() <= MAX_MESSAGE, "a message of {} bytes", d.message.len());
    }
}

/// The YAML between the opening `---` line and the next `---` line, if the text has one.
fn front_matter_of(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    Some(&rest[..end + 1])
}

/// The fast path of front-matter reading must give exactly what the YAML parser gives.
fn same_as_yaml_parser(yaml: &str) {
    if let Some(fast) = crate::article::simple_yaml::simple(yaml) {
        let parsed: Result<serde_yaml::Value, _> = serde_yaml::from_str(yaml);
        assert_eq!(parsed.ok(), Some(fast), "front matter read differently from the YAML parser: {yaml:?}");
    }
}

/// One `site.toml`.
pub fn site_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match crate::config::Config::parse(Path::new("site.toml"), text) {
        Ok(c) => {
            assert!(crate::config::check_base_url(&c.base_url).is_ok(), "accepted base_url {:?}", c.base_url);
            let base = c.base_path();
            assert!(base.starts_with('/') && base.ends_with('/'), "base path {base:?}");
            for f in &c.feeds {
                assert!(f.url.starts_with("http://") || f.url.starts_with("https://"), "accepted feed {:?}", f.url);
                assert!(f.outlet.as_ref().is_none_or(|o| !o.trim().is_empty() && !o.contains(char::is_control)));
            }
        }
        Err(ds) => located(&ds),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replays every input kept in `fuzz/regressions/<target>/`: what fuzzing once found, and
    /// seeds that reach each branch. Runs on stable Rust in every `cargo test`.
    #[test]
    fn fuzz_regressions_replay() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
        let mut replayed = 0;
        for (target, run) in
            [("article_file", article_file as fn(&[u8])), ("article_bytes", article_bytes), ("site_toml", site_toml)]
        {
            let mut files: Vec<_> = std::fs::read_dir(dir.join(target))
                .unwrap_or_else(|e| panic!("fuzz/regressions/{target}: {e}"))
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            assert!(!files.is_empty(), "no inputs for {target}");
            for f in files {
                let data = std::fs::read(&f).unwrap();
                if std::panic::catch_unwind(|| run(&data)).is_err() {
                    panic!("{target} fails on {}", f.display());
                }
                replayed += 1;
            }
        }
        assert!(replayed >= 3);
    }

    #[test]
    fn the_checks_catch_what_they_claim() {
        // A refusal with a message quoting a whole hostile value would be caught.
        let long = Diagnostic::new(Path::new("a.md"), 1, 1, "x".repeat(MAX_MESSAGE + 1), "");
        assert!(std::panic::catch_unwind(|| located(&[long])).is_err());
        // The fast path's agreement check compares values, so a mismatch would be caught.
        assert!(std::panic::catch_unwind(|| same_as_yaml_parser("title: \"x\"\n")).is_ok());
        assert_eq!(front_matter_of("---\ntitle: x\n---\nbody"), Some("title: x\n"));
        // The HTML check reads tags, not text: escaped text passes, a handler or script address fails.
        no_script("<p>the onerror handler and javascript: in text &lt;script&gt;</p>");
        // ...and reads a quoted value whole: handler-like text inside one is a value, not a key.
        no_script("<img src=\"https://x.org\" alt=\"a &lt;img src=x onerror=alert link\" />");
        assert_eq!(attributes(" a=\"x y\" b='z' c=d e /"), vec![("a", "x y"), ("b", "z"), ("c", "d"), ("e", "")]);
        for bad in [
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg><p>",
            "<p style=x>",
            "<img alt=\"x\" onerror=\"y\">",
            "<a title='t' href=' javascript:x'>",
        ] {
            assert!(std::panic::catch_unwind(|| no_script(bad)).is_err(), "{bad}");
        }
    }
}
