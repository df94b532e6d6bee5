//! The pass's state after its last dated article, saved so that the next build can go on from it
//! instead of replaying every article.
//!
//! Dated articles come first in processing order, oldest first, so today's news sorts after every
//! dated article already seen: a build that adds it takes the saved state, steps the new article,
//! then the undated ones, and decides exactly what a pass from the first article would (every input
//! to a decision is state the snapshot holds bit for bit). Articles are named by their *step*, their
//! position in processing order, not by their index in one build's list of articles, which a new
//! file shifts; the caller maps steps to this build's articles after checking that they are the
//! same articles (see `site::resume`).

use super::Pass;
use crate::cluster::merge::Merge;
use crate::cluster::neardup::NearDupIndex;
use crate::cluster::score::{EventIdf, EventVectors};
use crate::cluster::{Decision, DecisionKind};
use crate::config::ClusteringConfig;
use rustc_hash::FxHashMap as HashMap;

/// The state as it is written: borrowed from the pass where it needs no renumbering.
#[derive(serde::Serialize)]
struct Saving<'a> {
    event_idf: &'a EventIdf,
    events: &'a [EventVectors],
    span: &'a [(Option<i64>, Option<i64>)],
    members: Vec<Vec<u32>>,
    slugs: &'a [String],
    locked: &'a [bool],
    parent: &'a [usize],
    merges: &'a [Merge],
    by_slug: &'a HashMap<String, usize>,
    postings: &'a HashMap<u32, Vec<u32>>,
    copies: &'a NearDupIndex,
    event_of: Vec<usize>,
    decisions: Vec<Decision>,
    own_slug: Vec<Option<String>>,
}

/// The state as it is read back: [`Saving`]'s fields, in its order, owned.
#[derive(serde::Deserialize)]
struct Saved {
    event_idf: EventIdf,
    events: Vec<EventVectors>,
    span: Vec<(Option<i64>, Option<i64>)>,
    /// Per event, its members' steps.
    members: Vec<Vec<u32>>,
    slugs: Vec<String>,
    locked: Vec<bool>,
    parent: Vec<usize>,
    merges: Vec<Merge>,
    by_slug: HashMap<String, usize>,
    postings: HashMap<u32, Vec<u32>>,
    copies: NearDupIndex,
    /// Per step: its event, its decision (a copy's original named by its step) and reserved slug.
    event_of: Vec<usize>,
    decisions: Vec<Decision>,
    own_slug: Vec<Option<String>>,
}

impl<'a, F: Fn(usize) -> String + ?Sized> Pass<'a, F> {
    /// Writes the state after the steps taken so far, articles named by step, as postcard to `w`.
    /// On a large archive the state is large (170 MB at 100,000 articles): it is streamed, never
    /// held in memory beside the pass.
    pub(in crate::cluster) fn snapshot_to(&self, w: impl std::io::Write) -> std::io::Result<()> {
        let mut step_of = vec![u32::MAX; self.event_of.len()];
        self.by_step.iter().enumerate().for_each(|(s, &i)| step_of[i] = s as u32);
        let decision = |i: usize| {
            let mut d = self.decisions[i].clone();
            if let DecisionKind::Copy(orig, sim) = d.kind {
                d.kind = DecisionKind::Copy(step_of[orig] as usize, sim);
            }
            d
        };
        let saving = Saving {
            event_idf: &self.event_idf,
            events: &self.events,
            span: &self.span,
            members: self.members.iter().map(|m| m.iter().map(|&i| step_of[i]).collect()).collect(),
            slugs: &self.slugs,
            locked: &self.locked,
            parent: &self.parent,
            merges: &self.merges,
            by_slug: &self.by_slug,
            postings: &self.postings,
            copies: &self.copies,
            event_of: self.by_step.iter().map(|&i| self.event_of[i]).collect(),
            decisions: self.by_step.iter().map(|&i| decision(i)).collect(),
            own_slug: self.by_step.iter().map(|&i| self.own_slug[i].clone()).collect(),
        };
        postcard::to_io(&saving, w).map(drop).map_err(std::io::Error::other)
    }

    /// A pass over `n` articles that goes on from a [`Pass::snapshot_to`], whose steps are this
    /// build's articles `steps` (article indexes, in processing order). `None` when the bytes are
    /// not a snapshot of that many steps, or not a consistent one: the caller then replays.
    pub(in crate::cluster) fn resume(
        n: usize,
        cfg: &'a ClusteringConfig,
        auto_slug: &'a F,
        bytes: &[u8],
        steps: &[usize],
    ) -> Option<Self> {
        let s: Saved = postcard::from_bytes(bytes).ok()?;
        if !s.consistent(steps.len()) || steps.iter().any(|&i| i >= n) {
            return None;
        }
        let mut p = Pass::new(n, cfg, auto_slug);
        let ix = |step: usize| steps[step];
        for (step, ((event, mut d), own)) in s.event_of.into_iter().zip(s.decisions).zip(s.own_slug).enumerate() {
            if let DecisionKind::Copy(orig, sim) = d.kind {
                d.kind = DecisionKind::Copy(ix(orig), sim);
            }
            let i = ix(step);
            (p.event_of[i], p.decisions[i], p.own_slug[i]) = (event, d, own);
        }
        p.members = s.members.into_iter().map(|m| m.into_iter().map(|step| ix(step as usize)).collect()).collect();
        p.by_step = steps.to_vec();
        p.seen = vec![0; s.events.len()];
        p.shared = vec![0.0; s.events.len()];
        (p.event_idf, p.events, p.span, p.slugs, p.locked, p.parent, p.merges) =
            (s.event_idf, s.events, s.span, s.slugs, s.locked, s.parent, s.merges);
        (p.by_slug, p.postings, p.copies) = (s.by_slug, s.postings, s.copies);
        Some(p)
    }
}

impl Saved {
    /// Whether every index in the state is in range for `steps` steps, so that going on from it
    /// cannot panic: the file is checksummed, but it is read from disk all the same.
    fn consistent(&self, steps: usize) -> bool {
        let events = self.events.len();
        let event = |e: usize| e < events;
        let per_event = [self.span.len(), self.members.len(), self.slugs.len(), self.locked.len(), self.parent.len()];
        let decision = |d: &Decision| {
            (event(d.event))
                && d.runner_up.is_none_or(|(e, _)| event(e))
                && !matches!(d.kind, DecisionKind::Copy(orig, _) if orig >= steps)
        };
        per_event.iter().all(|&l| l == events)
            && [self.event_of.len(), self.decisions.len(), self.own_slug.len()].iter().all(|&l| l == steps)
            && self.members.iter().flatten().all(|&s| (s as usize) < steps)
            // An event is only ever merged into an earlier one, so finding a root always ends.
            && self.parent.iter().enumerate().all(|(e, &p)| p <= e)
            && self.merges.iter().all(|m| event(m.from) && event(m.into))
            && self.by_slug.values().all(|&e| event(e))
            && self.postings.values().flatten().all(|&e| event(e as usize))
            && self.event_of.iter().all(|&e| event(e))
            && self.decisions.iter().all(decision)
            && self.event_idf.consistent()
            && self.copies.consistent(steps)
    }
}

#[cfg(test)]
mod tests {
    use crate::cluster::{Clustering, Item, Online, processing_order};
    use crate::config::ClusteringConfig;
    use crate::text::Features;

    /// Eight stories told over three weeks, with wire copies (far apart in time), look-alike
    /// stories a week apart (which merges and the time factor sort out) and undated articles.
    fn corpus() -> (Vec<Features>, Vec<Option<i64>>, Vec<String>) {
        let stories = [
            "volcano erupts near Grindavik lava Reykjanes evacuation",
            "central bank raises interest rates inflation Federal Reserve",
            "rail strike halts trains unions wages Network Rail",
            "wildfire spreads canyon homes evacuated firefighters Malibu",
            "court ruling blocks abortion law Texas judge appeal",
            "vaccine trial shows immune response children Pfizer dose",
            "floods hit Marlow river Tamsin bursts banks boats",
            "budget vote fails parliament coalition Rutte deficit",
        ];
        let wire = "The agency reported that the central committee approved the reform package late on Tuesday \
            after a long debate, with officials saying the measures would take effect next month across all \
            provinces and that further details would be published in the official gazette.";
        let (mut fs, mut times, mut ids) = (Vec::new(), Vec::new(), Vec::new());
        for k in 0..90usize {
            let story = stories[k % stories.len()];
            let words: Vec<&str> = story.split(' ').collect();
            // Each article tells its story in a few of its words: fragments, which merging rejoins.
            let pick = |j: usize| words[(k * 7 + j * (k % 5 + 1)) % words.len()];
            let title = format!("{} {} {}", pick(0), pick(1), pick(2));
            let body = if k % 17 == 5 {
                wire.to_string()
            } else {
                format!("{} {} {} {}.", pick(3), pick(4), pick(5), pick(6))
            };
            fs.push(Features::extract(&title, &body, &body));
            // Stories recur a week later; every tenth article is undated.
            let day = (k % stories.len()) as i64 + 7 * ((k / 30) as i64);
            times.push((k % 10 != 9).then_some(day * 86_400 + (k as i64) * 60));
            ids.push(format!("a{k:03}"));
        }
        (fs, times, ids)
    }

    fn items<'a>(fs: &'a [Features], times: &[Option<i64>], ids: &'a [String], keep: &[usize]) -> Vec<Item<'a>> {
        keep.iter().map(|&k| Item { features: &fs[k], time: times[k], pin: None, id: &ids[k] }).collect()
    }

    /// A whole pass; with `snapshot`, the state after its dated articles too.
    fn run(its: &[Item], cfg: &ClusteringConfig) -> (Clustering, Vec<u8>) {
        let slug = |i: usize| its[i].id.to_string();
        let mut online = Online::new(its.len(), cfg, &slug);
        let mut saved = Vec::new();
        for i in processing_order(its) {
            if its[i].time.is_none() && saved.is_empty() {
                online.snapshot_to(&mut saved).unwrap();
            }
            online.push(i, &its[i]);
        }
        (online.finish(), saved)
    }

    fn same(a: &Clustering, b: &Clustering, ids_a: &[&str], ids_b: &[&str]) {
        let named = |c: &Clustering, ids: &[&str]| {
            let mut evs: Vec<(String, Vec<String>, Vec<String>)> = c
                .events
                .iter()
                .enumerate()
                .map(|(e, m)| {
                    (c.slugs[e].clone(), m.iter().map(|&i| ids[i].to_string()).collect(), c.aliases[e].clone())
                })
                .collect();
            evs.sort();
            evs
        };
        assert_eq!(named(a, ids_a), named(b, ids_b));
    }

    #[test]
    fn a_pass_resumed_after_its_dated_articles_decides_as_a_pass_from_the_start() {
        let (fs, times, ids) = corpus();
        let cfg = ClusteringConfig::default();
        let all: Vec<usize> = (0..fs.len()).collect();
        // The earlier build lacked the five newest dated articles and listed its files in another order.
        let mut newest: Vec<usize> = all.iter().copied().filter(|&k| times[k].is_some()).collect();
        newest.sort_by_key(|&k| std::cmp::Reverse((times[k], k)));
        let earlier: Vec<usize> = all.iter().rev().copied().filter(|k| !newest[..5].contains(k)).collect();
        let old_items = items(&fs, &times, &ids, &earlier);
        let (_, saved) = run(&old_items, &cfg);
        assert!(!saved.is_empty());

        let new_items = items(&fs, &times, &ids, &all);
        let (cold, _) = run(&new_items, &cfg);
        let order = processing_order(&new_items);
        let dated_before = old_items.iter().filter(|it| it.time.is_some()).count();
        let slug = |i: usize| new_items[i].id.to_string();
        let mut resumed = Online::resume(all.len(), &cfg, &slug, &saved, &order[..dated_before]).expect("a snapshot");
        assert_eq!(resumed.steps(), dated_before);
        for &i in &order[dated_before..] {
            resumed.push(i, &new_items[i]);
        }
        let resumed = resumed.finish();
        let names: Vec<&str> = ids.iter().map(String::as_str).collect();
        same(&resumed, &cold, &names, &names);
        assert_eq!(resumed.event_of, cold.event_of);
        assert_eq!(resumed.decisions, cold.decisions, "every decision, scores to the bit");
        let copies = cold.decisions.iter().filter(|d| matches!(d.kind, crate::cluster::DecisionKind::Copy(..))).count();
        let merged = cold.decisions.iter().filter(|d| d.merged.is_some()).count();
        assert!(copies > 0 && merged > 0, "the corpus exercises copies ({copies}) and merges ({merged})");
        assert!(cold.events.len() > 8 && cold.aliases.iter().any(|a| !a.is_empty()));
    }

    #[test]
    fn a_snapshot_that_does_not_fit_is_refused() {
        let (fs, times, ids) = corpus();
        let cfg = ClusteringConfig::default();
        let all: Vec<usize> = (0..fs.len()).collect();
        let its = items(&fs, &times, &ids, &all);
        let (_, saved) = run(&its, &cfg);
        let order = processing_order(&its);
        let dated = its.iter().filter(|it| it.time.is_some()).count();
        let slug = |i: usize| its[i].id.to_string();
        let resume = |bytes: &[u8], steps: &[usize]| Online::resume(its.len(), &cfg, &slug, bytes, steps).is_some();
        assert!(resume(&saved, &order[..dated]));
        assert!(!resume(&saved, &order[..dated - 1]), "another number of steps");
        assert!(!resume(&saved[..saved.len() / 2], &order[..dated]), "truncated");
        assert!(!resume(b"", &order[..dated]));
        // Flipped bytes either fail to decode or leave indexes out of range; either way no panic.
        for at in (0..saved.len()).step_by(saved.len() / 40 + 1) {
            let mut bad = saved.clone();
            bad[at] ^= 0xff;
            let _ = resume(&bad, &order[..dated]);
        }
    }
}
