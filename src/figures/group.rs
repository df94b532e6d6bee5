//! Comparing figures across articles: which figures count the same thing (evidence), how links are
//! merged into groups, and which figures of a group cannot all be true (see the module doc).

use super::words::{L, listed};
use super::{Figure, Group, MAX_COMPARED, MAX_RATIO};
use std::collections::BTreeSet;

/// Groups figures of many articles by what they count (see the module doc for the rule), conflicts
/// first, then by number of outlets (most first), then by label. `items`: (article index, outlet name,
/// figures of that article). At most [`MAX_COMPARED`] figures take part, chosen a round at a time.
pub(crate) fn group(items: &[(usize, &str, Vec<Figure>)]) -> Vec<Group> {
    let flat: Vec<(usize, &str, &Figure)> =
        compared(items).into_iter().map(|(i, k)| (items[i].0, items[i].1, &items[i].2[k])).collect();
    let prepared: Vec<Prepared> = flat.iter().map(|x| Prepared::new(x.2)).collect();
    // Only figures of one kind and capacity may link: compare within those buckets, in index order.
    let mut buckets: std::collections::HashMap<(&str, bool), Vec<usize>> = std::collections::HashMap::new();
    for (i, x) in flat.iter().enumerate() {
        buckets.entry((x.2.kind.as_str(), x.2.capacity)).or_default().push(i);
    }
    // Candidate links: each figure's best match in every other article (highest evidence, then first).
    let mut links: Vec<(usize, usize, usize)> = Vec::new(); // (evidence, a, b)
    for a in 0..flat.len() {
        let mut best: Vec<(usize, usize, usize)> = Vec::new(); // (article, flat index, evidence)
        for &b in &buckets[&(flat[a].2.kind.as_str(), flat[a].2.capacity)] {
            if flat[b].0 == flat[a].0 {
                continue;
            }
            let Some(e) = evidence(&prepared[a], &prepared[b]) else { continue };
            match best.iter_mut().find(|x| x.0 == flat[b].0) {
                Some(x) if x.2 < e => *x = (flat[b].0, b, e),
                Some(_) => {}
                None => best.push((flat[b].0, b, e)),
            }
        }
        links.extend(best.into_iter().map(|(_, b, e)| (e, a.min(b), a.max(b))));
    }
    // Strongest links first; a merge is refused if it would put two conflicting figures of one
    // article together (an article is taken to agree with itself, so they count different things).
    links.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    // Each component is named by its smallest member and lists its members in index order.
    let mut comp: Vec<usize> = (0..flat.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..flat.len()).map(|x| vec![x]).collect();
    for (_, a, b) in links {
        let (ca, cb) = (comp[a], comp[b]);
        if ca == cb {
            continue;
        }
        let clash = members[ca]
            .iter()
            .any(|&x| members[cb].iter().any(|&y| flat[x].0 == flat[y].0 && conflict(flat[x].2, flat[y].2)));
        if !clash {
            let (keep, gone) = (ca.min(cb), ca.max(cb));
            let moved = std::mem::take(&mut members[gone]);
            moved.iter().for_each(|&x| comp[x] = keep);
            members[keep].extend(moved);
            members[keep].sort_unstable();
        }
    }
    let mut groups: Vec<Group> = members.iter().filter(|m| !m.is_empty()).map(|m| make_group(&flat, m)).collect();
    groups.sort_by(|a, b| b.disagree.cmp(&a.disagree).then(b.outlets.cmp(&a.outlets)).then(a.label.cmp(&b.label)));
    groups
}

/// The figures [`group`] compares, as (item, figure) indices in the order given: all of them when
/// there are at most [`MAX_COMPARED`], else every item's first figure, then every item's second, and
/// so on until the bound is reached.
fn compared(items: &[(usize, &str, Vec<Figure>)]) -> Vec<(usize, usize)> {
    let total: usize = items.iter().map(|x| x.2.len()).sum();
    let mut taken: Vec<usize> = items.iter().map(|x| x.2.len()).collect();
    if total > MAX_COMPARED {
        taken.iter_mut().for_each(|t| *t = 0);
        let (mut left, mut round) = (MAX_COMPARED, 0);
        while left > 0 {
            for (i, item) in items.iter().enumerate() {
                if left > 0 && round < item.2.len() {
                    taken[i] += 1;
                    left -= 1;
                }
            }
            round += 1;
        }
    }
    taken.iter().enumerate().flat_map(|(i, &n)| (0..n).map(move |k| (i, k))).collect()
}

/// A figure with its word sets sorted once, so that weighing a pair of figures allocates nothing.
struct Prepared<'f> {
    figure: &'f Figure,
    phrase: Vec<&'f str>,
    context: Vec<&'f str>,
}

impl<'f> Prepared<'f> {
    fn new(figure: &'f Figure) -> Self {
        let set = |v: &'f [String]| {
            let mut s: Vec<&str> = v.iter().map(String::as_str).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        Prepared { figure, phrase: set(&figure.phrase), context: set(&figure.context) }
    }
}

/// The words two sorted, de-duplicated lists share, in order.
fn shared<'a>(a: &'a [&'a str], b: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

/// Whether two figures' ranges cannot both be true.
fn conflict(a: &Figure, b: &Figure) -> bool {
    a.hi < b.lo || b.hi < a.lo
}

/// The group of flat figures `m` (one merged component): its label, entries, conflicts and outlets.
fn make_group(flat: &[(usize, &str, &Figure)], m: &[usize]) -> Group {
    let mut conflicts = Vec::new();
    for (x, &a) in m.iter().enumerate() {
        for (y, &b) in m.iter().enumerate().skip(x + 1) {
            let (fa, fb) = (flat[a].2, flat[b].2);
            if flat[a].1 != flat[b].1 && conflict(fa, fb) {
                conflicts.push((x, y));
            }
        }
    }
    let mut labels: Vec<(&str, usize)> = Vec::new();
    for &x in m {
        match labels.iter_mut().find(|l| l.0 == flat[x].2.counted) {
            Some(l) => l.1 += 1,
            None => labels.push((&flat[x].2.counted, 1)),
        }
    }
    let best = labels.iter().fold(labels[0], |best, l| if l.1 > best.1 { *l } else { best });
    let outlets: BTreeSet<&str> = m.iter().map(|&x| flat[x].1).collect();
    Group {
        label: if flat[m[0]].2.capacity { format!("{} (capacity)", best.0) } else { best.0.to_string() },
        entries: m.iter().map(|&x| (flat[x].0, flat[x].2.clone())).collect(),
        disagree: !conflicts.is_empty(),
        conflicts,
        outlets: outlets.len(),
    }
}

/// The values a figure is "about", for the magnitude test: its range, or its stated number when open.
fn span(f: &Figure) -> (f64, f64) {
    if f.lo > 0.0 && f.hi.is_finite() {
        return (f.lo, f.hi);
    }
    let v = f.value.unwrap_or(if f.lo > 0.0 { f.lo } else { f.hi });
    (v, v)
}

/// How strongly two figures (from different articles) look like the same quantity, `None` if they
/// may not be linked at all; see the module doc.
fn evidence(pa: &Prepared, pb: &Prepared) -> Option<usize> {
    let (a, b) = (pa.figure, pb.figure);
    let ((a0, a1), (b0, b1)) = (span(a), span(b));
    if a.kind != b.kind || a.capacity != b.capacity || a0.max(b0) > a1.min(b1) * MAX_RATIO {
        return None;
    }
    let unit = listed(L::Units, &a.kind);
    let shared_words = shared(&pa.phrase, &pb.phrase).any(|w| !listed(L::Units, w));
    let what = usize::from((a.key == b.key && !unit) || shared_words);
    let same = usize::from(a.value.is_some() && a.value == b.value);
    let in_phrase = |w: &str| pa.phrase.binary_search(&w).is_ok() || pb.phrase.binary_search(&w).is_ok();
    let place = shared(&pa.context, &pb.context).filter(|w| !in_phrase(w)).count();
    let near = place >= if unit { 3 } else { 2 };
    let linked = (same == 1 && (unit || what + place >= 1)) || near || (a.capacity && what == 1);
    linked.then_some(2 * same + what + place)
}

#[cfg(test)]
mod tests;
