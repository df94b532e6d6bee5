//! Cluster: groups articles into events, online, in a fixed order.
//!
//! Articles are taken undated first (by id), then dated by time. Each is compared
//! with candidate events found through an inverted index of distinctive terms,
//! scored by text similarity times a time factor, and joins the best event above
//! the threshold or founds a new one. Because IDF and centroids only ever use
//! articles already seen, an article added later cannot change an earlier
//! decision: events and their URLs are stable as a site grows.

use crate::config::ClusteringConfig;
use crate::text::{Features, Sparse, dot};
use std::collections::HashMap;

/// Pseudo-documents the background prior counts for in IDF; small sites lean on it, large ones on their own counts.
const PRIOR_DOCS: f64 = 5000.0;
/// Terms per article used to look up candidate events.
const QUERY_TERMS: usize = 24;
/// Most recent events scanned per query term.
const POSTING_SCAN: usize = 256;
/// Weights of the sub-similarities: whole text, headline and lead, names and figures.
const W_BODY: f32 = 0.45;
const W_HEAD: f32 = 0.30;
const W_ENTS: f32 = 0.25;

/// What the clusterer needs to know about one article.
pub struct Item<'a> {
    /// Its features.
    pub features: &'a Features,
    /// Seconds since the epoch, if dated.
    pub time: Option<i64>,
    /// Event pin from the front matter.
    pub pin: Option<&'a str>,
    /// The id, used only to order articles deterministically.
    pub id: &'a str,
}

/// How one article came to be in its event; `roundup explain` prints this.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The event joined or founded.
    pub event: usize,
    /// Why.
    pub kind: DecisionKind,
    /// Final score with the chosen event (0 when founded).
    pub score: f32,
    /// Text similarity before the time factor.
    pub text_sim: f32,
    /// Time factor applied.
    pub time_factor: f32,
    /// Days to the event's nearest dated article, if both are dated.
    pub gap_days: Option<f32>,
    /// Best other candidate event and its score.
    pub runner_up: Option<(usize, f32)>,
    /// Threshold in force.
    pub threshold: f32,
}

/// The reason an article is in its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    /// Similar enough to an existing event.
    Joined,
    /// Nothing similar enough: a new event.
    Founded,
    /// The front matter named the event.
    Pinned,
}

/// The result: events in founding order, each with its members in processing order.
pub struct Clustering {
    /// Member article indexes (into the input) per event.
    pub events: Vec<Vec<usize>>,
    /// Event index per article.
    pub event_of: Vec<usize>,
    /// Slug per event, fixed when the event was founded.
    pub slugs: Vec<String>,
    /// One decision per article.
    pub decisions: Vec<Decision>,
}

/// A running sum of members' normalised vectors.
#[derive(Default, Clone)]
struct Centroid {
    v: Sparse,
    norm: f32,
}

impl Centroid {
    fn add(&mut self, x: &Sparse) {
        let mut out = Vec::with_capacity(self.v.len() + x.len());
        let (a, b) = (&self.v, x);
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
                out.push(a[i]);
                i += 1;
            } else if i == a.len() || b[j].0 < a[i].0 {
                out.push(b[j]);
                j += 1;
            } else {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
        self.norm = out.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
        self.v = out;
    }

    fn cos(&self, x: &Sparse) -> f32 {
        if self.norm == 0.0 {
            0.0
        } else {
            dot(x, &self.v) / self.norm
        }
    }
}

struct EventState {
    body: Centroid,
    head: Centroid,
    ents: Centroid,
    last_time: Option<i64>,
    members: Vec<usize>,
}

/// An article's vectors weighted by the IDF in force when it was processed, each L2-normalised.
pub struct Weighted {
    /// Whole text.
    pub body: Sparse,
    /// Headline and lead.
    pub head: Sparse,
    /// Names and figures.
    pub ents: Sparse,
}

/// Online document frequencies blended with the background prior.
#[derive(Default)]
pub struct Idf {
    df: HashMap<u32, u32>,
    n: u32,
}

impl Idf {
    /// Counts one more article.
    pub fn observe(&mut self, f: &Features) {
        self.n += 1;
        for t in f.all_terms() {
            *self.df.entry(t).or_insert(0) += 1;
        }
    }

    /// IDF of term `id` of article `f`: ln((N + M) / (df + M·p + 1)), never negative.
    pub fn idf(&self, f: &Features, id: u32) -> f32 {
        let df = f64::from(self.df.get(&id).copied().unwrap_or(0));
        let n = f64::from(self.n);
        ((n + PRIOR_DOCS) / (df + PRIOR_DOCS * f.prior(id) + 1.0))
            .ln()
            .max(0.0) as f32
    }

    /// Weights and normalises an article's vectors.
    pub fn weigh(&self, f: &Features) -> Weighted {
        let w = |v: &Sparse| -> Sparse {
            let mut out: Sparse = v
                .iter()
                .map(|&(id, tf)| (id, tf * self.idf(f, id)))
                .filter(|p| p.1 > 0.0)
                .collect();
            let norm = out.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                out.iter_mut().for_each(|p| p.1 /= norm);
            }
            out
        };
        let head = merge_tf(&f.title, &f.lead);
        Weighted {
            body: w(&f.body),
            head: w(&head),
            ents: w(&f.ents),
        }
    }
}

fn merge_tf(a: &Sparse, b: &Sparse) -> Sparse {
    let mut c = Centroid::default();
    c.add(a);
    c.add(b);
    c.v
}

/// The order articles are processed in: undated by id, then dated by time and id.
pub fn processing_order(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&items[a], &items[b]);
        x.time
            .is_some()
            .cmp(&y.time.is_some())
            .then(x.time.cmp(&y.time))
            .then(x.id.cmp(y.id))
    });
    order
}

/// Time factor: 1 for same-time articles, halving every `half_life_days`, never below `time_floor`.
pub fn time_factor(cfg: &ClusteringConfig, gap_days: Option<f32>) -> f32 {
    match gap_days {
        None => 1.0,
        Some(g) => {
            let floor = cfg.time_floor as f32;
            floor + (1.0 - floor) * 0.5f32.powf(g.max(0.0) / cfg.half_life_days as f32)
        }
    }
}

/// Text similarity between an article and an event, before the time factor.
fn text_sim(w: &Weighted, e: &EventState) -> f32 {
    if std::env::var_os("ROUNDUP_DEBUG").is_some() {
        eprintln!(
            "  body={:.3} head={:.3} ents={:.3}",
            e.body.cos(&w.body),
            e.head.cos(&w.head),
            e.ents.cos(&w.ents)
        );
    }
    W_BODY * e.body.cos(&w.body) + W_HEAD * e.head.cos(&w.head) + W_ENTS * e.ents.cos(&w.ents)
}

/// Clusters `items`; `auto_slug(i)` proposes the URL slug for an event founded by article `i`.
///
/// Pins: a pin that names the slug an automatic event would get attaches the
/// article to that event afterwards (so it cannot pull other articles in ahead
/// of the event's own founder). Any other pin names an event of its own, which
/// the pinned articles found and unpinned articles may join.
pub fn cluster(
    items: &[Item],
    cfg: &ClusteringConfig,
    auto_slug: impl Fn(usize) -> String,
) -> Clustering {
    if items.iter().all(|it| it.pin.is_none()) {
        return run(items, cfg, &auto_slug, &vec![false; items.len()], false);
    }
    let pinned: Vec<bool> = items.iter().map(|it| it.pin.is_some()).collect();
    let auto = run(items, cfg, &auto_slug, &pinned, true);
    let attach: Vec<bool> = items
        .iter()
        .map(|it| it.pin.is_some_and(|p| auto.slugs.iter().any(|s| s == p)))
        .collect();
    let mut c = run(items, cfg, &auto_slug, &attach, false);
    for (i, it) in items.iter().enumerate().filter(|(i, _)| attach[*i]) {
        let pin = it.pin.unwrap_or_default();
        let event = match c.slugs.iter().position(|s| s == pin) {
            Some(e) => e,
            None => {
                c.slugs.push(pin.to_string());
                c.events.push(Vec::new());
                c.events.len() - 1
            }
        };
        c.events[event].push(i);
        c.event_of[i] = event;
        c.decisions[i] = Decision {
            event,
            kind: DecisionKind::Pinned,
            score: 0.0,
            text_sim: 0.0,
            time_factor: 1.0,
            gap_days: None,
            runner_up: None,
            threshold: cfg.threshold as f32,
        };
    }
    c
}

/// One online pass. Articles with `skip` set are left out (decided by the caller);
/// with `ignore_pins`, pins are treated as absent.
fn run(
    items: &[Item],
    cfg: &ClusteringConfig,
    auto_slug: &dyn Fn(usize) -> String,
    skip: &[bool],
    ignore_pins: bool,
) -> Clustering {
    let n = items.len();
    let mut idf = Idf::default();
    let mut events: Vec<EventState> = Vec::new();
    let mut slugs: Vec<String> = Vec::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut event_of = vec![usize::MAX; n];
    let mut decisions: Vec<Option<Decision>> = vec![None; n];
    let mut seen_stamp: Vec<u32> = Vec::new();
    let threshold = cfg.threshold as f32;

    for (step, i) in processing_order(items)
        .into_iter()
        .filter(|&i| !skip[i])
        .enumerate()
    {
        let it = &items[i];
        let pin = if ignore_pins { None } else { it.pin };
        idf.observe(it.features);
        let w = idf.weigh(it.features);
        let query = query_terms(&w);

        // Candidate events through the inverted index, newest first.
        let mut cands: Vec<usize> = Vec::new();
        for t in &query {
            if let Some(p) = postings.get(t) {
                for &e in p.iter().rev().take(POSTING_SCAN) {
                    let e = e as usize;
                    if seen_stamp[e] != step as u32 + 1 {
                        seen_stamp[e] = step as u32 + 1;
                        cands.push(e);
                    }
                }
            }
        }
        cands.sort_unstable();
        let mut scored: Vec<(f32, f32, f32, Option<f32>, usize)> = cands
            .into_iter()
            .filter_map(|e| {
                let ev = &events[e];
                let gap = match (it.time, ev.last_time) {
                    (Some(a), Some(b)) => Some(((a - b).abs() as f32) / 86_400.0),
                    _ => None,
                };
                if gap.is_some_and(|g| f64::from(g) > cfg.window_days) {
                    return None;
                }
                let s = text_sim(&w, ev);
                let tfac = time_factor(cfg, gap);
                Some((s * tfac, s, tfac, gap, e))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.4.cmp(&b.4)));

        let pinned = pin.and_then(|p| by_slug.get(p).copied());
        let (event, kind) = if let Some(e) = pinned {
            (e, DecisionKind::Pinned)
        } else if pin.is_none() && scored.first().is_some_and(|s| s.0 >= threshold) {
            (scored[0].4, DecisionKind::Joined)
        } else {
            let mut slug = pin.map_or_else(|| auto_slug(i), str::to_string);
            if by_slug.contains_key(&slug) {
                let base = slug.clone();
                slug = (2..)
                    .map(|k| format!("{base}-{k}"))
                    .find(|s| !by_slug.contains_key(s))
                    .unwrap_or(base);
            }
            by_slug.insert(slug.clone(), events.len());
            slugs.push(slug);
            events.push(EventState {
                body: Centroid::default(),
                head: Centroid::default(),
                ents: Centroid::default(),
                last_time: None,
                members: Vec::new(),
            });
            seen_stamp.push(0);
            (
                events.len() - 1,
                if pin.is_some() {
                    DecisionKind::Pinned
                } else {
                    DecisionKind::Founded
                },
            )
        };

        let chosen = scored.iter().find(|s| s.4 == event).copied();
        let runner_up = scored.iter().find(|s| s.4 != event).map(|s| (s.4, s.0));
        decisions[i] = Some(Decision {
            event,
            kind,
            score: chosen.map_or(0.0, |c| c.0),
            text_sim: chosen.map_or(0.0, |c| c.1),
            time_factor: chosen.map_or(1.0, |c| c.2),
            gap_days: chosen.and_then(|c| c.3),
            runner_up,
            threshold,
        });
        let ev = &mut events[event];
        ev.body.add(&w.body);
        ev.head.add(&w.head);
        ev.ents.add(&w.ents);
        if it.time.is_some() {
            ev.last_time = ev.last_time.max(it.time);
        }
        ev.members.push(i);
        event_of[i] = event;
        for t in query {
            let p = postings.entry(t).or_default();
            if p.last() != Some(&(event as u32)) {
                p.push(event as u32);
            }
        }
    }
    Clustering {
        events: events.into_iter().map(|e| e.members).collect(),
        event_of,
        slugs,
        decisions: decisions
            .into_iter()
            .map(|d| {
                d.unwrap_or(Decision {
                    event: usize::MAX,
                    kind: DecisionKind::Pinned,
                    score: 0.0,
                    text_sim: 0.0,
                    time_factor: 1.0,
                    gap_days: None,
                    runner_up: None,
                    threshold,
                })
            })
            .collect(),
    }
}

/// The article's most telling terms (names first, then body terms), used to find candidates.
fn query_terms(w: &Weighted) -> Vec<u32> {
    let mut all: Vec<(f32, u32)> = w
        .ents
        .iter()
        .chain(&w.body)
        .map(|&(id, x)| (x, id))
        .collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<u32> = all.into_iter().map(|p| p.1).collect();
    out.dedup();
    out.truncate(QUERY_TERMS);
    out
}

/// How close each member is to the event as a whole; the most central one gives the event its headline.
pub fn centrality(items: &[Item], members: &[usize]) -> Vec<f32> {
    let mut idf = Idf::default();
    for &m in members {
        idf.observe(items[m].features);
    }
    let ws: Vec<Weighted> = members
        .iter()
        .map(|&m| idf.weigh(items[m].features))
        .collect();
    let mut ev = EventState {
        body: Centroid::default(),
        head: Centroid::default(),
        ents: Centroid::default(),
        last_time: None,
        members: Vec::new(),
    };
    for w in &ws {
        ev.body.add(&w.body);
        ev.head.add(&w.head);
        ev.ents.add(&w.ents);
    }
    ws.iter().map(|w| text_sim(w, &ev)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items<'a>(fs: &'a [Features], times: &[Option<i64>], ids: &'a [String]) -> Vec<Item<'a>> {
        fs.iter()
            .zip(times)
            .zip(ids)
            .map(|((f, t), id)| Item {
                features: f,
                time: *t,
                pin: None,
                id,
            })
            .collect()
    }

    #[test]
    fn time_factor_decays_to_floor() {
        let c = ClusteringConfig::default();
        assert_eq!(time_factor(&c, None), 1.0);
        assert_eq!(time_factor(&c, Some(0.0)), 1.0);
        let half = c.time_floor as f32 + (1.0 - c.time_floor as f32) * 0.5;
        assert!((time_factor(&c, Some(c.half_life_days as f32)) - half).abs() < 1e-6);
        assert!(time_factor(&c, Some(1000.0)) >= c.time_floor as f32);
    }

    #[test]
    fn order_is_undated_first_then_time_then_id() {
        let f = Features::default();
        let ids: Vec<String> = ["c", "a", "b", "d"].iter().map(|s| s.to_string()).collect();
        let fs = [f.clone(), f.clone(), f.clone(), f];
        let its = items(&fs, &[Some(5), Some(9), None, Some(5)], &ids);
        assert_eq!(processing_order(&its), vec![2, 0, 3, 1]);
    }

    #[test]
    fn similar_texts_group_and_different_ones_do_not() {
        let texts = [
            (
                "Volcano erupts on Iceland peninsula",
                "Lava flows from the Reykjanes volcano near Grindavik, forcing evacuations.",
            ),
            (
                "Icelandic volcano eruption forces evacuation of Grindavik",
                "The Reykjanes peninsula volcano erupted again, lava approaching Grindavik.",
            ),
            (
                "Central bank raises interest rates",
                "The Federal Reserve raised its benchmark interest rate by a quarter point on inflation.",
            ),
        ];
        let fs: Vec<Features> = texts
            .iter()
            .map(|(t, b)| Features::extract(t, b, b))
            .collect();
        let ids: Vec<String> = (0..3).map(|i| i.to_string()).collect();
        let its = items(&fs, &[Some(0), Some(3600), Some(7200)], &ids);
        let c = cluster(&its, &ClusteringConfig::default(), |i| format!("e{i}"));
        assert_eq!(c.event_of[0], c.event_of[1]);
        assert_ne!(c.event_of[0], c.event_of[2]);
        assert_eq!(c.slugs, vec!["e0", "e2"]);
        assert_eq!(c.decisions[1].kind, DecisionKind::Joined);
    }

    #[test]
    fn pins_override_and_name_the_event() {
        let fs: Vec<Features> = ["alpha beta gamma", "delta epsilon zeta"]
            .iter()
            .map(|t| Features::extract(t, t, t))
            .collect();
        let ids: Vec<String> = vec!["a".into(), "b".into()];
        let mut its = items(&fs, &[Some(0), Some(1)], &ids);
        its[0].pin = Some("my-event");
        its[1].pin = Some("my-event");
        let c = cluster(&its, &ClusteringConfig::default(), |i| format!("e{i}"));
        assert_eq!(c.events, vec![vec![0, 1]]);
        assert_eq!(c.slugs, vec!["my-event"]);
        assert_eq!(c.decisions[1].kind, DecisionKind::Pinned);
    }
}
