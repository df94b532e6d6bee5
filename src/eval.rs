//! Measuring clustering against labelled corpora (the JSONL format of `shared/data`).
//!
//! Records are turned into the same Markdown files `build` reads and go through
//! the same parse → analyze → cluster path, so a score measures what users get.

use crate::article::{self, Article};
use crate::config::Config;
use crate::diag::Error;
use crate::site::Site;
use crate::text::Features;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// One labelled article.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// Corpus id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Text, paragraphs separated by blank lines.
    #[serde(default)]
    pub body: String,
    /// ISO date or null.
    pub date: Option<String>,
    /// Outlet name.
    #[serde(default)]
    pub outlet: Option<String>,
    /// Gold event id: used only for scoring.
    pub event: serde_json::Value,
}

/// How to strip records, to imitate poorer sources.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strip {
    /// Drop every date.
    pub no_dates: bool,
    /// Keep only the headline.
    pub titles_only: bool,
    /// Drop the dates of this share of the records (0 to 1), chosen by [`undated_by_hash`], to
    /// imitate a site where some sources give no date.
    pub drop_dates: f64,
}

impl Strip {
    /// Whether record `r` loses its date.
    pub fn drops_date(&self, r: &Record) -> bool {
        self.no_dates || undated_by_hash(&r.id, self.drop_dates)
    }
}

/// Whether the record with `id` is among the `share` (0 to 1) of records whose dates are dropped.
/// The choice is a stable hash of the id (64-bit FNV-1a), so it is the same on every run and
/// machine, and a larger share drops the dates of a superset of the records a smaller one does.
pub fn undated_by_hash(id: &str, share: f64) -> bool {
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    (h % 1_000_000) as f64 / 1_000_000.0 < share
}

/// Reads a JSONL corpus, reporting the first bad line with its number.
pub fn read_jsonl(path: &Path) -> Result<Vec<Record>, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|source| Error::Io { doing: "read", path: path.into(), source })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| Error::Corpus { path: path.into(), line: i + 1, source })
        })
        .collect()
}

/// A file name for a record that is safe as an article id and unique within the corpus.
pub fn file_stem(r: &Record, n: usize) -> String {
    let s = crate::slug::slugify(&r.id);
    format!("{n:06}-{}", if s.is_empty() { "x" } else { &s })
}

/// The article file `build` would read for this record.
pub fn to_markdown(r: &Record, strip: Strip) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    // A few corpus records have no headline; like a curator would, use the opening words.
    let title = if r.title.trim().is_empty() {
        r.body.split_whitespace().take(12).collect::<Vec<_>>().join(" ")
    } else {
        r.title.trim().to_string()
    };
    let title = if title.is_empty() { r.id.clone() } else { title };
    let mut out = format!(
        "---\ntitle: {}\noutlet: {}\n",
        q(&title),
        q(r.outlet.as_deref().filter(|o| !o.trim().is_empty()).unwrap_or("Unknown"))
    );
    if let Some(d) = r.date.as_deref().filter(|_| !strip.drops_date(r))
        && crate::article::ArticleDate::parse(d).is_some()
    {
        out.push_str(&format!("date: {}\n", q(d)));
    }
    out.push_str("---\n\n");
    if !strip.titles_only {
        out.push_str(&r.body.replace("\r\n", "\n"));
        out.push('\n');
    }
    out
}

/// Writes records as article files under `dir`, as a user would collect them; returns the file stems in record order.
pub fn write_articles(records: &[Record], strip: Strip, dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    records
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let stem = file_stem(r, n);
            std::fs::write(dir.join(format!("{stem}.md")), to_markdown(r, strip))?;
            Ok(stem)
        })
        .collect()
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn new(p: f64, r: f64) -> Prf {
        Prf { p, r, f1: if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 } }
    }
}

/// Every score `eval` reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Over all pairs of articles.
    pub pairwise: Prf,
    /// Averaged per article.
    pub bcubed: Prf,
    /// Predicted events.
    pub predicted: usize,
    /// Gold events.
    pub gold: usize,
}

/// Scores a predicted clustering against gold labels (one label per article, any values).
pub fn score<P: Eq + std::hash::Hash, G: Eq + std::hash::Hash>(pred: &[P], gold: &[G]) -> Scores {
    assert_eq!(pred.len(), gold.len(), "one prediction per gold label");
    let mut psize: HashMap<&P, f64> = HashMap::new();
    let mut gsize: HashMap<&G, f64> = HashMap::new();
    let mut both: HashMap<(&P, &G), f64> = HashMap::new();
    for (p, g) in pred.iter().zip(gold) {
        *psize.entry(p).or_default() += 1.0;
        *gsize.entry(g).or_default() += 1.0;
        *both.entry((p, g)).or_default() += 1.0;
    }
    let pairs = |n: f64| n * (n - 1.0) / 2.0;
    let tp: f64 = both.values().map(|&n| pairs(n)).sum();
    let pp: f64 = psize.values().map(|&n| pairs(n)).sum();
    let gp: f64 = gsize.values().map(|&n| pairs(n)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    let n = pred.len() as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for (p, g) in pred.iter().zip(gold) {
        let common = both[&(p, g)];
        bp += common / psize[p];
        br += common / gsize[g];
    }
    Scores {
        pairwise: Prf::new(ratio(tp, pp), ratio(tp, gp)),
        bcubed: if n > 0.0 { Prf::new(bp / n, br / n) } else { Prf::new(1.0, 1.0) },
        predicted: psize.len(),
        gold: gsize.len(),
    }
}

/// Default config used when no `--config` is given: the built-in clustering defaults.
pub const DEFAULT_CONFIG: &str = "title = \"eval\"\nbase_url = \"https://example.org/\"\n";

/// Parses, analyzes and clusters records through the build path; returns scores and predicted event per record.
pub fn cluster_records(records: &[Record], cfg: Config, strip: Strip) -> Result<(Scores, Vec<usize>), Error> {
    let (articles, features) = load_records(records, strip)?;
    let (site, _analysis) = Site::assemble(Path::new("."), cfg, articles, features);
    let gold: Vec<String> = records.iter().map(|r| r.event.to_string()).collect();
    Ok((score(&site.event_of, &gold), site.event_of.iter().map(|e| e.index()).collect()))
}

/// Turns records into articles and features exactly as `build` would read them from files.
pub fn load_records(records: &[Record], strip: Strip) -> Result<(Vec<Article>, Vec<Features>), Error> {
    let parsed: Vec<_> = records
        .par_iter()
        .enumerate()
        .map(|(n, r)| {
            let id = file_stem(r, n);
            let shown = Path::new("articles").join(format!("{id}.md"));
            let loaded = article::parse(&to_markdown(r, strip), id, &shown).map_err(Error::from)?;
            let f = Features::extract(&loaded.article.title, &loaded.article.lead, &loaded.text);
            Ok((loaded.article, f))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(parsed.into_iter().unzip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_and_all_singletons() {
        let s = score(&[1, 1, 2], &["a", "a", "b"]);
        assert_eq!((s.pairwise.f1, s.bcubed.f1, s.predicted, s.gold), (1.0, 1.0, 2, 2));
        let s = score(&[1, 2, 3, 4], &["a", "a", "b", "b"]);
        // No predicted pairs: pairwise precision is vacuous (1), recall 0.
        assert_eq!((s.pairwise.p, s.pairwise.r), (1.0, 0.0));
        assert!(close(s.bcubed.p, 1.0) && close(s.bcubed.r, 0.5));
    }

    #[test]
    fn hand_computed_case() {
        // Gold {0,1,2} {3,4}; predicted {0,1} {2,3,4}.
        let s = score(&[0, 0, 1, 1, 1], &[0, 0, 0, 1, 1]);
        // Pairs: gold 3+1=4, predicted 1+3=4, together in both: (0,1) and (3,4) = 2.
        assert!(close(s.pairwise.p, 0.5) && close(s.pairwise.r, 0.5) && close(s.pairwise.f1, 0.5));
        // BCubed precision: 1,1,1/3,2/3,2/3 → 11/15; recall: 2/3,2/3,1/3,1,1 → 11/15.
        assert!(close(s.bcubed.p, 11.0 / 15.0) && close(s.bcubed.r, 11.0 / 15.0));
    }

    #[test]
    fn markdown_respects_strip_options() {
        let r = Record {
            id: "a b".into(),
            title: "T: x".into(),
            body: "Body.".into(),
            date: Some("2021-04-22".into()),
            outlet: None,
            event: 1.into(),
        };
        let full = to_markdown(&r, Strip::default());
        assert!(full.contains("title: \"T: x\"") && full.contains("date: \"2021-04-22\"") && full.contains("Body."));
        let bare = to_markdown(&r, Strip { no_dates: true, titles_only: true, ..Strip::default() });
        assert!(!bare.contains("date:") && !bare.contains("Body."));
        assert_eq!(file_stem(&r, 7), "000007-a-b");
    }

    #[test]
    fn dropping_dates_takes_a_stable_share_by_id() {
        let ids: Vec<String> = (0..4000).map(|i| format!("article-{i}")).collect();
        let share = |f: f64| ids.iter().filter(|id| undated_by_hash(id, f)).count() as f64 / ids.len() as f64;
        assert!((share(0.3) - 0.3).abs() < 0.03, "{}", share(0.3));
        assert_eq!(share(0.0), 0.0);
        assert_eq!(share(1.0), 1.0);
        // A larger share drops a superset, and the choice does not depend on anything but the id.
        assert!(ids.iter().all(|id| !undated_by_hash(id, 0.2) || undated_by_hash(id, 0.5)));
        let r = Record {
            id: "x".into(),
            title: "T".into(),
            body: "B.".into(),
            date: Some("2021-04-22".into()),
            outlet: None,
            event: 1.into(),
        };
        let strip = Strip { drop_dates: 1.0, ..Strip::default() };
        assert!(!to_markdown(&r, strip).contains("date:"));
        assert!(to_markdown(&r, Strip { drop_dates: 0.0, ..strip }).contains("date:"));
    }
}
