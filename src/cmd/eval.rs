//! `roundup eval`: clusters a labelled corpus exactly as `build` would and scores the result.

use crate::article::{self, Article};
use crate::config::Config;
use crate::eval::{self, Scores, Strip};
use crate::site::Site;
use crate::text::Features;
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

/// Default config used when no `--config` is given: the built-in clustering defaults.
pub const DEFAULT_CONFIG: &str = "title = \"eval\"\nbase_url = \"https://example.org/\"\n";

/// Runs the evaluation; returns the report text.
pub fn run(corpus: &Path, config: Option<&Path>, strip: Strip, predictions: Option<&Path>) -> Result<String, String> {
    let cfg = match config {
        Some(p) => Config::load(p),
        None => Config::parse(Path::new("(defaults)"), DEFAULT_CONFIG),
    }
    .map_err(|ds| ds.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
    let records = eval::read_jsonl(corpus)?;
    let start = Instant::now();
    let (scores, predicted) = cluster_records(&records, cfg, strip)?;
    let ms = start.elapsed().as_millis();
    if let Some(p) = predictions {
        let lines: String =
            records.iter().zip(&predicted).map(|(r, e)| format!("{}\t{e}\t{}\n", r.id, r.event)).collect();
        std::fs::write(p, lines).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(report(corpus, &scores, records.len(), ms))
}

/// Parses, analyzes and clusters records through the build path; returns scores and predicted event per record.
pub fn cluster_records(records: &[eval::Record], cfg: Config, strip: Strip) -> Result<(Scores, Vec<usize>), String> {
    let (articles, features) = load_records(records, strip)?;
    let site = Site::assemble(Path::new("."), cfg, articles, features);
    let gold: Vec<String> = records.iter().map(|r| r.event.to_string()).collect();
    Ok((eval::score(&site.event_of, &gold), site.event_of.clone()))
}

/// Turns records into articles and features exactly as `build` would read them from files.
pub fn load_records(records: &[eval::Record], strip: Strip) -> Result<(Vec<Article>, Vec<Features>), String> {
    let parsed: Vec<_> = records
        .par_iter()
        .enumerate()
        .map(|(n, r)| {
            let id = eval::file_stem(r, n);
            let shown = Path::new("articles").join(format!("{id}.md"));
            let loaded = article::parse(&eval::to_markdown(r, strip), id, &shown)
                .map_err(|ds| ds.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
            let f = Features::extract(&loaded.article.title, &loaded.article.lead, &loaded.text);
            Ok((loaded.article, f))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(parsed.into_iter().unzip())
}

fn report(corpus: &Path, s: &Scores, n: usize, ms: u128) -> String {
    format!(
        "{}: {n} articles\n  pairwise  P {:.3}  R {:.3}  F1 {:.3}\n  BCubed    P {:.3}  R {:.3}  F1 {:.3}\n  events    {} predicted, {} gold\n  time      {ms} ms",
        corpus.display(),
        s.pairwise.p,
        s.pairwise.r,
        s.pairwise.f1,
        s.bcubed.p,
        s.bcubed.r,
        s.bcubed.f1,
        s.predicted,
        s.gold
    )
}
