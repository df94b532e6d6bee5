//! `roundup explain ARTICLE_ID`: why an article is in its event, in terms a curator can act on.

use crate::article;
use crate::cluster::score::{EventVectors, WEIGHTS, Weighted};
use crate::cluster::{self, DecisionKind};
use crate::diag::Error;
use crate::site::{EventIx, LoadOptions, Site};
use crate::text::{Sparse, WEEKDAYS, term_names};
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

/// Terms listed per kind of evidence.
const TOP: usize = 8;

/// Explains the clustering decision for `id`; returns the report.
pub(crate) fn run(root: &Path, id: &str, opts: &LoadOptions) -> Result<String, Error> {
    let (site, analysis) = Site::load(root, opts)?;
    let Some(i) = site.articles.iter().position(|a| a.id == id) else {
        let ids = || site.articles.iter().map(|a| a.id.as_str());
        let close = ids().find(|a| a.contains(id)).or_else(|| ids().min_by_key(|a| crate::diag::edit_distance(a, id)));
        let form = "ids are paths under articles/ without .md";
        let hint = close.map_or(form.to_string(), |c| format!("the closest is {c:?} ({form})"));
        return Err(Error::UnknownArticle { id: id.to_string(), hint });
    };
    // The decision is the one the site was built with; clustering again, tracing this article,
    // gives the vectors it was compared with (the pass is deterministic: it decides the same).
    let d = &analysis.decisions[i];
    let items = crate::site::cluster_items(&site.articles, &analysis.features);
    let c = cluster::cluster(&items, &site.config.clustering, |k| crate::site::event_slug(&site.articles[k]), Some(i));
    let trace = c.trace.unwrap_or_default();
    let art = &site.articles[i];
    let text = article::load_file(&root.join(&art.source), art.id.clone(), &art.source, site.config.max_article_bytes)
        .map(|l| l.text)
        .unwrap_or_default();
    let names = term_names(&format!("{}\n\n{text}", art.title));
    let ev = |e: EventIx| &site.events[e];
    let title_of = |e: EventIx| site.articles[ev(e).headline].title.as_str();

    let mut out = String::new();
    let e = d.event;
    let _ = writeln!(out, "{} ({})", art.id, art.source.display());
    let _ = writeln!(out, "  event:      {} — {:?} ({} articles)", ev(e).slug, title_of(e), ev(e).members.len());
    match d.kind {
        DecisionKind::Pinned => {
            let _ = writeln!(
                out,
                "  decision:   pinned by `event: {}` in its front matter",
                art.event.as_deref().unwrap_or("")
            );
        }
        DecisionKind::Copy(orig, sim) => {
            let _ = writeln!(
                out,
                "  decision:   a copy of {} ({:.0}% of 5-word shingles in common); copies always share an event",
                site.articles[orig].id,
                sim * 100.0
            );
        }
        DecisionKind::Founded => {
            let _ = writeln!(
                out,
                "  decision:   founded a new event: no event scored at least the threshold {:.3}",
                d.threshold
            );
        }
        DecisionKind::Joined => {
            let _ = writeln!(out, "  decision:   joined: score {:.3} ≥ threshold {:.3}", d.score, d.threshold);
        }
    }
    if d.kind == DecisionKind::Joined {
        let text_sim = d.score / d.time_factor.max(1e-6);
        let named = analysis.features[i].weekday.filter(|_| art.date.is_none());
        let gap = match (d.gap_days, named) {
            (None, _) => "an undated side: an unknown gap counts as one half-life".to_string(),
            (Some(g), Some(day)) => format!(
                "undated, but the text names a {0}: {g:.0} days from a {0} or the day after to the event's dated days",
                WEEKDAYS[usize::from(day)]
            ),
            (Some(g), None) => format!("{g:.1} days to the event's nearest dated article"),
        };
        let _ =
            writeln!(out, "  score:      {:.3} = text {:.3} × time {:.3} ({gap})", d.score, text_sim, d.time_factor);
        let _ = writeln!(
            out,
            "  text:       {:.2} × {:.3} (whole text) + {:.2} × {:.3} (headline and lead) + {:.2} × {:.3} (names and figures)",
            WEIGHTS[0], d.subs[0], WEIGHTS[1], d.subs[1], WEIGHTS[2], d.subs[2]
        );
        shared(&mut out, &trace.article, &trace.event, &names);
    }
    if !matches!(d.kind, DecisionKind::Pinned | DecisionKind::Copy(..)) {
        let _ = writeln!(
            out,
            "  threshold:  {:.3}, fixed (`threshold` in site.toml); terms weigh by how few events use them",
            d.threshold
        );
        if art.date.is_none() {
            let _ = writeln!(
                out,
                "  undated:    placed after every dated article, by its content and any weekday it names"
            );
        }
    }
    if let Some((from, link)) = &d.merged {
        let _ = writeln!(
            out,
            "  merged:     its event {from} was merged into this one: members alike on average {link:.3} ≥ threshold {:.3}; /events/{from}/ redirects here",
            d.threshold
        );
    }
    match d.runner_up {
        Some((r, s)) => {
            let _ = writeln!(out, "  nearest other event: {} — {:?}, score {:.3}", ev(r).slug, title_of(r), s);
            if d.kind == DecisionKind::Founded {
                let sub = trace.runner_up.subs(&trace.article);
                let text = WEIGHTS[0] * sub[0] + WEIGHTS[1] * sub[1] + WEIGHTS[2] * sub[2];
                let _ = writeln!(out, "    score:            {s:.3} = text {text:.3} × time {:.3}", s / text.max(1e-6));
                let _ = writeln!(
                    out,
                    "    text:             {:.2} × {:.3} (whole text) + {:.2} × {:.3} (headline and lead) + {:.2} × {:.3} (names and figures)",
                    WEIGHTS[0], sub[0], WEIGHTS[1], sub[1], WEIGHTS[2], sub[2]
                );
                shared(&mut out, &trace.article, &trace.runner_up, &names);
            }
        }
        None => {
            let _ = writeln!(
                out,
                "  nearest other event: none shares its distinctive terms within {} days",
                site.config.clustering.window_days
            );
        }
    }
    Ok(out.trim_end().to_string())
}

/// Lists the terms that contributed most to the similarity with an event.
fn shared(out: &mut String, a: &Weighted, e: &EventVectors, names: &HashMap<u32, String>) {
    let top = |x: &Sparse, c: &Sparse| -> String {
        let cmap: HashMap<u32, f32> = c.iter().copied().collect();
        let mut v: Vec<(f32, &str)> =
            x.iter().filter_map(|(id, w)| Some((w * cmap.get(id)?, names.get(id)?.as_str()))).collect();
        v.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(q.1)));
        v.dedup_by(|p, q| p.1 == q.1);
        let list: Vec<String> = v.iter().take(TOP).map(|(w, n)| format!("{n} ({w:.3})")).collect();
        if list.is_empty() { "none".into() } else { list.join(", ") }
    };
    let _ = writeln!(out, "    shared terms:     {}", top(&a.body, &e.body.v));
    let _ = writeln!(out, "    shared names:     {}", top(&a.ents, &e.ents.v));
}
