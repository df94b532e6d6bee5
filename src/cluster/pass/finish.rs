//! The end of a pass: merges resolved to the surviving events, events numbered again without the
//! absorbed ones, aliases gathered, and merged events' members put back in processing order.

use super::super::merge;
use super::Pass;
use crate::cluster::Clustering;

impl<F: Fn(usize) -> String + ?Sized> Pass<'_, F> {
    /// The result, once every article has been stepped: events merged, then numbered again.
    pub(in crate::cluster) fn finish(self) -> Clustering {
        let Pass {
            members,
            event_of,
            slugs,
            mut decisions,
            trace,
            event_idf,
            own_slug,
            by_step,
            merges,
            mut parent,
            ..
        } = self;
        let Pass { events, postings, copies, by_slug, .. } = self;
        // The index (a list per term) and the centroids are many small allocations: they are freed
        // beside the work that follows rather than before it.
        rayon::spawn(move || drop((events, postings, copies, by_slug)));

        let n = members.len();
        let mut link = vec![0.0f32; n];
        for m in &merges {
            link[m.from] = m.score;
        }
        let root: Vec<usize> = (0..n).map(|e| merge::find(&mut parent, e)).collect();
        let mut index = vec![usize::MAX; n];
        let kept = (0..n).filter(|&e| root[e] == e).enumerate().map(|(k, e)| index[e] = k).count();
        let to = |e: usize| if e == usize::MAX { e } else { index[root[e]] };

        for d in decisions.iter_mut().filter(|d| d.event != usize::MAX) {
            if root[d.event] != d.event {
                d.merged = Some((slugs[d.event].clone(), link[d.event]));
            }
            d.event = to(d.event);
            d.runner_up = d.runner_up.map(|(e, s)| (to(e), s));
        }
        let mut events = vec![Vec::new(); kept];
        let mut kept_slugs = vec![String::new(); kept];
        let mut aliases = vec![Vec::new(); kept];
        for (e, (m, slug)) in members.into_iter().zip(slugs).enumerate() {
            events[to(e)].extend(m);
            if root[e] == e { kept_slugs[to(e)] = slug } else { aliases[to(e)].push(slug) }
        }
        let event_of: Vec<usize> = event_of.into_iter().map(to).collect();
        for (i, own) in own_slug.into_iter().enumerate() {
            if let Some(own) = own.filter(|s| kept_slugs[event_of[i]] != *s && !aliases[event_of[i]].contains(s)) {
                aliases[event_of[i]].push(own);
            }
        }
        aliases.iter_mut().for_each(|a| a.sort_unstable());
        // A merged event lists its members in processing order, as every event does.
        let mut step_of = vec![usize::MAX; event_of.len()];
        by_step.iter().enumerate().for_each(|(step, &i)| step_of[i] = step);
        let mut merged: Vec<usize> = merges.iter().map(|m| to(m.into)).collect();
        merged.sort_unstable();
        merged.dedup();
        for k in merged {
            events[k].sort_by_key(|&i| step_of[i]);
        }
        let idf = event_idf.document_frequencies();
        Clustering { events, event_of, slugs: kept_slugs, aliases, decisions, trace, idf }
    }
}
