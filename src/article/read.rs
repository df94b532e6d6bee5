//! Finding article files, naming them, and reading them within the size limit: the only part of
//! loading that touches the file system, so everything after it is tested without files.

use super::parse::{parse, parse_head};
use super::{Article, Loaded};
use crate::diag::{Diagnostic, line_col};
use std::path::Path;

/// Lists the Markdown files under `dir` (see [`crate::walk`] for what is skipped, and why).
pub(crate) fn find_files(root: &Path, dir: &Path) -> crate::walk::Listing {
    crate::walk::list(root, dir, crate::walk::Hidden::Skip, |p| p.extension().is_some_and(|x| x == "md"))
}

/// Longest article id, in bytes: the id is also the page's path under `articles/`.
const MAX_ID: usize = 512;

/// Derives an article id from its path under `articles/`, checking it is safe to use in a URL.
pub(crate) fn article_id(articles_dir: &Path, file: &Path, shown: &Path) -> Result<String, Diagnostic> {
    use crate::output::path::{Rule, check_segment};
    let rel = file.strip_prefix(articles_dir).unwrap_or(file).with_extension("");
    let segs: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let id = segs.join("/");
    let why = if id.len() > MAX_ID {
        Some(format!("is {} bytes long, over the {MAX_ID}-byte limit", id.len()))
    } else {
        segs.iter().find_map(|s| check_segment(s, Rule::Page).err()).map(|w| format!("has {w}"))
    };
    let Some(why) = why else { return Ok(id) };
    let suggestion: Vec<String> = segs.iter().map(|s| crate::slug::bounded(&crate::slug::slugify(s), 80)).collect();
    Err(Diagnostic::new(
        shown,
        1,
        1,
        format!("the file name cannot be a page address: its id {} {why}", crate::diag::quote(&id)),
        format!(
            "name files and folders with letters, digits, '-', '_' and '.', not starting with '.', e.g. {}.md",
            suggestion.join("/")
        ),
    ))
}

impl Article {
    /// Re-reads the article's Markdown body from its file, under the site `root`: bodies are not
    /// kept in memory between reading the front matter, analysing the body and rendering the page.
    ///
    /// Only the body is read, from its offset: every article is re-read twice per build, so the
    /// usual one read call (the length is known from the first reading) instead of a size query
    /// and two reads, and no copying of the body down over the front matter, add up.
    /// A file that grew past `limit` bytes meanwhile is refused.
    pub fn read_body(&self, root: &Path, limit: u64) -> Result<String, Diagnostic> {
        let fail = |e: std::io::Error| {
            let msg = if e.kind() == std::io::ErrorKind::InvalidData {
                "cannot re-read article: it is no longer UTF-8 where its body starts".to_string()
            } else {
                format!("cannot re-read article: {e}")
            };
            Diagnostic::new(&self.source, 1, 1, msg, "was it changed during the build?")
        };
        let file = std::fs::File::open(root.join(&self.source)).map_err(fail)?;
        // One byte more than the body had when first read: it is complete when that is not filled.
        let cap = self.file_len.saturating_sub(self.body_offset) + 1;
        let max = usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(self.body_offset).saturating_add(1);
        let bytes = read_from(&file, self.body_offset, cap.min(max), max).map_err(fail)?;
        if bytes.len() == max {
            return Err(too_big(&self.source, (self.body_offset + bytes.len()) as u64, limit));
        }
        String::from_utf8(bytes).map_err(|e| fail(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
    }

    /// The problem with a `body` that is still the placeholder `roundup new` wrote, located at
    /// its line (the file is read again for that, only in this rare case).
    pub(crate) fn placeholder_problem(&self, root: &Path, body: &str) -> Option<Diagnostic> {
        let at = super::placeholder_at(body)?;
        let file = std::fs::read(root.join(&self.source)).unwrap_or_default();
        let line = 1 + file.iter().take(self.body_offset + at).filter(|&&b| b == b'\n').count();
        Some(Diagnostic::new(
            &self.source,
            line,
            1,
            "the body is still the placeholder that `roundup new` wrote",
            "paste the article's text in its place",
        ))
    }
}

/// The bytes of `file` from `offset` to its end, in the usual one read call: a buffer of `cap`
/// bytes that the read does not fill means the end was reached (a read of a regular file stops
/// short only there), where `std::fs::read` asks for the size first and makes a second call to
/// see the end. A longer file (one changed meanwhile, or larger than expected) is read on, up to
/// `max` bytes in all: a caller that asks for one byte more than it accepts sees that it is too long.
fn read_from(file: &std::fs::File, offset: usize, cap: usize, max: usize) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = file;
    let mut bytes = vec![0; cap];
    #[cfg(unix)]
    let n = std::os::unix::fs::FileExt::read_at(file, &mut bytes, offset as u64)?;
    #[cfg(not(unix))]
    let n = {
        file.seek(SeekFrom::Start(offset as u64))?;
        file.read(&mut bytes)?
    };
    bytes.truncate(n);
    if n == cap && n < max {
        file.seek(SeekFrom::Start((offset + n) as u64))?;
        file.take((max - n) as u64).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Reads and validates one article file of at most `limit` bytes. `shown` is the path used in messages.
pub(crate) fn load_file(file: &Path, id: String, shown: &Path, limit: u64) -> Result<Loaded, Vec<Diagnostic>> {
    parse(&read_file(file, shown, limit)?, id, shown)
}

/// Reads and validates one article file's front matter only; see [`parse_head`]. The article
/// carries the hash of the bytes read, its key in the analysis cache.
pub(crate) fn load_head(file: &Path, id: String, shown: &Path, limit: u64) -> Result<Article, Vec<Diagnostic>> {
    let text = read_file(file, shown, limit)?;
    let mut article = parse_head(&text, id, shown)?;
    article.hash = crate::cache::hash(&[text.as_bytes()]);
    Ok(article)
}

/// Bytes asked for in the first read of a whole file: most articles are far shorter, so one read
/// call, with no size query, reads them whole.
const FIRST_READ: usize = 16 * 1024;

/// Reads a file of at most `limit` bytes as UTF-8, or says why not. A larger file is refused
/// before it is read whole, so no article can exhaust memory.
fn read_file(file: &Path, shown: &Path, limit: u64) -> Result<String, Vec<Diagnostic>> {
    let fail = |e: std::io::Error| vec![Diagnostic::new(shown, 1, 1, format!("cannot read file: {e}"), "")];
    let f = std::fs::File::open(file).map_err(fail)?;
    let max = usize::try_from(limit).unwrap_or(usize::MAX).saturating_add(1);
    let mut bytes = read_from(&f, 0, FIRST_READ.min(max), max).map_err(fail)?;
    if bytes.len() as u64 > limit {
        let size = f.metadata().map_or(bytes.len() as u64, |m| m.len());
        return Err(vec![too_big(shown, size, limit)]);
    }
    bytes.truncate(limit as usize);
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let (line, col) = line_col(std::str::from_utf8(good).unwrap_or(""), good.len());
        vec![Diagnostic::new(shown, line, col, "file is not valid UTF-8", "re-save the file as UTF-8")]
    })
}

/// The error for an article over the size limit.
fn too_big(shown: &Path, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        shown,
        1,
        1,
        format!("the article is {size} bytes, over the limit of {limit} bytes"),
        "split it, or raise max_article_bytes in site.toml if such articles are expected",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_re_read_from_their_offset_even_after_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        let head = "---\ntitle: \"Noem at CECOT\"\noutlet: \"X\"\n---\n";
        std::fs::write(&file, format!("{head}Body text, “quoted”.\n")).unwrap();
        let a = load_head(&file, "a".into(), Path::new("a.md"), 1000).unwrap();
        let reread = || a.read_body(dir.path(), 1000);
        assert_eq!(reread().unwrap(), "Body text, “quoted”.\n");
        std::fs::write(&file, format!("{head}Body text, “quoted”, and a longer ending.\n")).unwrap();
        assert_eq!(reread().unwrap(), "Body text, “quoted”, and a longer ending.\n");
        std::fs::write(&file, format!("{head}Short.")).unwrap();
        assert_eq!(reread().unwrap(), "Short.");
        std::fs::write(&file, head.as_bytes().iter().chain(b"\xff\xfe bad").copied().collect::<Vec<u8>>()).unwrap();
        let e = reread().unwrap_err();
        assert!(e.message.contains("no longer UTF-8"), "{}", e.message);
        std::fs::write(&file, format!("{head}{}", "x".repeat(1000))).unwrap();
        assert!(reread().unwrap_err().message.contains("over the limit of 1000 bytes"), "grew past the limit");
        std::fs::remove_file(&file).unwrap();
        assert!(reread().unwrap_err().message.contains("cannot re-read article"));
    }

    #[test]
    fn files_of_any_length_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        // Around the first read's buffer size, and far beyond it.
        for len in [0, 1, FIRST_READ - 1, FIRST_READ, FIRST_READ + 1, 100_000] {
            let text: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            std::fs::write(&file, &text).unwrap();
            assert_eq!(read_file(&file, Path::new("a.md"), 100_000).unwrap(), text, "{len} bytes");
        }
    }

    #[test]
    fn files_over_the_limit_are_refused_before_they_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        for (len, limit) in [(11, 10), (FIRST_READ + 1, FIRST_READ as u64), (100_000, 50_000)] {
            std::fs::write(&file, "x".repeat(len)).unwrap();
            let e = read_file(&file, Path::new("a.md"), limit).unwrap_err();
            assert!(e[0].message.contains(&format!("is {len} bytes, over the limit of {limit}")), "{}", e[0]);
            assert!(e[0].hint.as_deref().unwrap().contains("max_article_bytes"));
        }
        std::fs::write(&file, "x".repeat(10)).unwrap();
        assert_eq!(read_file(&file, Path::new("a.md"), 10).unwrap().len(), 10, "exactly the limit is fine");
    }

    #[test]
    fn ids_must_be_url_safe() {
        let d = Path::new("articles");
        assert_eq!(article_id(d, Path::new("articles/2025/a-b.md"), Path::new("x")).unwrap(), "2025/a-b");
        let e = article_id(d, Path::new("articles/Héllo world.md"), Path::new("x")).unwrap_err();
        assert!(e.message.contains("cannot be a page address"), "{e}");
        assert!(e.hint.unwrap().contains("e.g. hello-world.md"));
        // `..md` and `...md` would give the ids `.` and `..`: a page written over the home page.
        for bad in ["articles/..md", "articles/...md", "articles/.x.md", "articles/a/..md"] {
            assert!(article_id(d, Path::new(bad), Path::new("x")).is_err(), "{bad}");
        }
        let long = format!("articles/{}.md", vec!["a".repeat(150); 4].join("/"));
        assert!(article_id(d, Path::new(&long), Path::new("x")).unwrap_err().message.contains("byte limit"));
    }
}
