//! Drafts into article files: `articles/<day or undated>/<outlet>-<headline>.md`, named only by
//! the bounded slug functions, every value quoted, checked by the article loader before it is
//! written, never over an existing file, and not at all when the article is already there (the
//! same address, or a near-duplicate text).

use super::{DateSource, Draft, TitleSource};
use crate::article::{self, ArticleDate, Loaded};
use crate::diag::Error;
use crate::text::{Features, shingle};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Similarity of two texts' word shingles at which one is taken for a copy of the other: the bar
/// the clustering pass uses for copies (`cluster::neardup::NEAR_DUP`).
const NEAR_DUP: f32 = 0.6;

/// Most numbered variants tried for a taken file name (`-2`, `-3`, ...).
const MAX_SUFFIX: usize = 1000;

/// What the site already has, to tell a new article from one already imported: addresses, texts
/// and file names, including those added during this run.
#[derive(Default)]
pub(crate) struct Index {
    /// Normalised address → the file that has it.
    urls: HashMap<String, PathBuf>,
    /// MinHash of each text long enough to have one, with its file.
    sigs: Vec<(shingle::Signature, PathBuf)>,
    /// Hash of headline, outlet and text → file: exact copies, however short.
    exact: HashMap<u64, PathBuf>,
    /// Paths planned in a dry run (nothing is on disk to show they are taken).
    planned: HashSet<PathBuf>,
    /// Existing article files that could not be read, so were not compared.
    pub(crate) unreadable: usize,
}

impl Index {
    /// Reads every article under `root/articles` (files over `limit` bytes or invalid are counted,
    /// not compared).
    pub(crate) fn load(root: &Path, limit: u64) -> Index {
        let mut ix = Index::default();
        let listing = article::find_files(root, &root.join("articles"));
        for file in &listing.files {
            let rel = file.strip_prefix(root).unwrap_or(file).to_path_buf();
            let id = rel.with_extension("").to_string_lossy().into_owned();
            match article::load_file(file, id, &rel, limit) {
                Ok(loaded) => ix.add(&loaded, rel),
                Err(_) => ix.unreadable += 1,
            }
        }
        ix
    }

    /// Remembers an article.
    fn add(&mut self, a: &Loaded, path: PathBuf) {
        if let Some(u) = a.article.url.as_deref().and_then(url_key) {
            self.urls.entry(u).or_insert_with(|| path.clone());
        }
        if let Some(sig) = signature(a) {
            self.sigs.push((sig, path.clone()));
        }
        self.exact.entry(exact_key(a)).or_insert(path);
    }

    /// Why `a` is already in the site, naming the file that has it; `None` when it is new.
    fn duplicate(&self, a: &Loaded) -> Option<String> {
        if let Some(p) = a.article.url.as_deref().and_then(url_key).and_then(|u| self.urls.get(&u)) {
            return Some(format!("the same address as {}", p.display()));
        }
        if let Some(p) = self.exact.get(&exact_key(a)) {
            return Some(format!("the same text as {}", p.display()));
        }
        let sig = signature(a)?;
        let (sim, p) = self
            .sigs
            .iter()
            .map(|(s, p)| (shingle::similarity(s, &sig), p))
            .filter(|(sim, _)| *sim >= NEAR_DUP)
            .max_by(|x, y| x.0.total_cmp(&y.0))?;
        Some(format!("a near-duplicate ({:.0}% alike) of {}", sim * 100.0, p.display()))
    }
}

/// An address as compared: scheme, `www.`, fragment and a trailing slash do not matter.
fn url_key(u: &str) -> Option<String> {
    let mut parsed = url::Url::parse(u).ok()?;
    parsed.set_fragment(None);
    let host = parsed.host_str()?.trim_start_matches("www.").to_ascii_lowercase();
    let path = parsed.path().trim_end_matches('/');
    Some(format!("{host}{path}?{}", parsed.query().unwrap_or("")))
}

/// The MinHash of an article's text, as the clustering pass computes it.
fn signature(a: &Loaded) -> Option<shingle::Signature> {
    Features::extract(&a.article.title, &a.article.lead, &a.text).minhash
}

/// A hash of headline, outlet and text, case and spacing aside.
fn exact_key(a: &Loaded) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for part in [&a.article.title, &a.article.outlet, &a.text] {
        part.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().hash(&mut h);
    }
    h.finish()
}

/// What became of one draft.
pub(crate) enum Fate {
    /// Written (or, in a dry run, would be) at this path under the root, with its front matter.
    Added(PathBuf, String),
    /// Already in the site: why.
    Skipped(String),
    /// Cannot be an article: why.
    Failed(String),
}

/// The front matter (without fences) for a draft with a headline and an outlet. Text is
/// double-quoted via JSON, which is valid YAML for any string, as `roundup new` writes it.
pub(crate) fn front_matter(d: &Draft, title: &str, outlet: &str) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = format!("title: {}\noutlet: {}\n", q(title), q(outlet));
    if let Some(date) = &d.date {
        if d.date_source == DateSource::Url {
            out.push_str("# date from the address only\n");
        }
        let plain = date.chars().all(|c| c.is_ascii_alphanumeric() || "-:+. ".contains(c)) && !date.contains(": ");
        out.push_str(&format!("date: {}\n", if plain { date.clone() } else { q(date) }));
    }
    match d.authors.as_slice() {
        [] => {}
        [one] => out.push_str(&format!("author: {}\n", q(one))),
        many => out.push_str(&format!("author: [{}]\n", many.iter().map(|a| q(a)).collect::<Vec<_>>().join(", "))),
    }
    if let Some(u) = &d.url {
        out.push_str(&format!("url: {}\n", q(u)));
    }
    if let Some(l) = &d.lang {
        out.push_str(&format!("lang: {}\n", q(l)));
    }
    if d.title_source == TitleSource::Url {
        out.push_str("# no headline in the text; the title is the outlet's own wording, taken from the page address\n");
        out.push_str("extra:\n  title_source: url\n");
    }
    out
}

/// The folder and file stem for a draft: `articles/<YYYY-MM-DD or undated>`, and
/// `<outlet slug>-<headline slug>` (each bounded; `article` when both slug to nothing).
fn place(date: Option<&ArticleDate>, title: &str, outlet: &str) -> (PathBuf, String) {
    let dir = match date {
        Some(d) => d.day().format("%Y-%m-%d").to_string(),
        None => "undated".to_string(),
    };
    let parts: Vec<String> = [crate::slug::short_slug(outlet, 4), crate::slug::short_slug(title, 8)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let stem = if parts.is_empty() { "article".to_string() } else { parts.join("-") };
    (PathBuf::from("articles").join(dir), stem)
}

/// Checks a draft, and writes it under `root` unless it is a duplicate or `dry_run`. `limit` is
/// the site's largest article file. Only a failure to write is an error; everything about the
/// draft itself is its [`Fate`].
pub(crate) fn add(root: &Path, ix: &mut Index, d: &Draft, dry_run: bool, limit: u64) -> Result<Fate, Error> {
    let Some(title) = d.title.as_deref() else {
        let why = if d.item.is_some() {
            "the item has no title"
        } else {
            "no headline found (the text shows none; give the page's address with --url to take the address's words)"
        };
        return Ok(Fate::Failed(why.into()));
    };
    let Some(outlet) = d.outlet.as_deref() else {
        return Ok(Fate::Failed("no outlet: the source names none; give it with --outlet NAME".into()));
    };
    let text = format!("---\n{}---\n\n{}\n", front_matter(d, title, outlet), d.body.trim_end());
    if text.len() as u64 > limit {
        return Ok(Fate::Failed(format!("{} bytes, over the site's max_article_bytes ({limit})", text.len())));
    }
    let date = d.date.as_deref().and_then(ArticleDate::parse);
    let (dir, stem) = place(date.as_ref(), title, outlet);
    let loaded = match article::parse(&text, stem.clone(), &dir.join(format!("{stem}.md"))) {
        Ok(l) => l,
        Err(problems) => {
            let first = problems.first().map_or_else(String::new, |p| p.message.clone());
            return Ok(Fate::Failed(format!("would not load as an article: {first}")));
        }
    };
    if let Some(why) = ix.duplicate(&loaded) {
        return Ok(Fate::Skipped(why));
    }
    let io = |doing: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| Error::Io { doing, path, source }
    };
    if !dry_run {
        fs::create_dir_all(root.join(&dir)).map_err(io("create", &dir))?;
    }
    for n in 1..=MAX_SUFFIX {
        let name = if n == 1 { format!("{stem}.md") } else { format!("{stem}-{n}.md") };
        let rel = dir.join(name);
        let path = root.join(&rel);
        if ix.planned.contains(&rel) || path.symlink_metadata().is_ok() {
            continue;
        }
        if !dry_run {
            let mut file = match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io("write", &rel)(e)),
            };
            file.write_all(text.as_bytes()).map_err(io("write", &rel))?;
        }
        ix.planned.insert(rel.clone());
        ix.add(&loaded, rel.clone());
        return Ok(Fate::Added(rel, front_matter(d, title, outlet)));
    }
    Ok(Fate::Failed(format!("{}/{stem}.md and {MAX_SUFFIX} numbered variants are all taken", dir.display())))
}

#[cfg(test)]
mod tests;
