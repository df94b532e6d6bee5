//! `roundup eval`: clusters a labelled corpus exactly as `build` would and scores the result.

use crate::config::Config;
use crate::diag::Error;
use crate::eval::{self, DEFAULT_CONFIG, Scores, Strip, cluster_records};
use std::path::Path;
use std::time::Instant;

/// Runs the evaluation; returns the report text.
pub(crate) fn run(
    corpus: &Path,
    config: Option<&Path>,
    strip: Strip,
    predictions: Option<&Path>,
) -> Result<String, Error> {
    let cfg = match config {
        Some(p) => Config::load(p),
        None => Config::parse(Path::new("(defaults)"), DEFAULT_CONFIG),
    }
    .map_err(Error::from)?;
    let records = eval::read_jsonl(corpus)?;
    let start = Instant::now();
    let (scores, predicted) = cluster_records(&records, cfg, strip)?;
    let ms = start.elapsed().as_millis();
    if let Some(p) = predictions {
        let lines: String =
            records.iter().zip(&predicted).map(|(r, e)| format!("{}\t{e}\t{}\n", r.id, r.event)).collect();
        std::fs::write(p, lines).map_err(|source| Error::Io { doing: "write", path: p.into(), source })?;
    }
    Ok(report(corpus, &scores, records.len(), ms))
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
