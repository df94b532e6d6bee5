//! Scoring an article against an event: IDF weighting, centroids, similarity and time.

use crate::config::ClusteringConfig;
use crate::text::{Features, Probe, Sparse, norm};
use rustc_hash::FxHashMap as HashMap;

/// Pseudo-documents the background prior counts for in IDF: a small site leans on the
/// prior, a large one on its own document frequencies.
pub(crate) const PRIOR_DOCS: f64 = 1000.0;
/// How strongly an event's incoherence (members that disagree) lowers its similarity to newcomers.
pub(crate) const COHERENCE_EXPONENT: f32 = 1.4;
/// Weights of the sub-similarities: whole text, headline and lead, names and figures.
pub(crate) const WEIGHTS: [f32; 3] = [0.45, 0.30, 0.25];

/// Online document frequencies blended with the background prior.
#[derive(Default)]
pub(crate) struct Idf {
    /// Per term: its document frequency, and its background prior once it is known (NaN before;
    /// [`EventIdf::document_frequencies`] fills it in). A term's prior depends on the term alone.
    df: HashMap<u32, (u32, f64)>,
    n: u32,
}

/// An article's vectors weighted by the IDF in force when it was processed, each L2-normalised.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weighted {
    /// Whole text.
    pub body: Sparse,
    /// Headline and lead.
    pub head: Sparse,
    /// Names and figures.
    pub ents: Sparse,
}

impl Idf {
    /// Frequencies for up to `terms` distinct terms without growing: an event's own frequencies
    /// (see `centrality`) are counted for every event.
    pub(crate) fn with_capacity(terms: usize) -> Idf {
        Idf { df: HashMap::with_capacity_and_hasher(terms, Default::default()), n: 0 }
    }

    /// Counts one more article.
    pub(crate) fn observe(&mut self, f: &Features) {
        self.n += 1;
        for t in f.all_terms() {
            self.df.entry(t).or_insert((0, f64::NAN)).0 += 1;
        }
    }

    /// IDF of term `id` of article `f`: ln((N + M) / (df + M·p + 1)), never negative,
    /// where p is the term's background document probability and M = [`PRIOR_DOCS`].
    pub(crate) fn idf(&self, f: &Features, id: u32) -> f32 {
        let (df, prior) = self.df.get(&id).copied().unwrap_or((0, f64::NAN));
        idf_of(self.n, df, if prior.is_nan() { f.prior(id) } else { prior })
    }

    /// How many articles have been counted.
    pub(crate) fn articles(&self) -> u32 {
        self.n
    }

    /// Weights and normalises one of article `f`'s vectors.
    pub(crate) fn weigh_vector(&self, f: &Features, v: &Sparse) -> Sparse {
        weigh_vector_with(v, |id| self.idf(f, id))
    }

    /// Weights and normalises an article's vectors.
    pub(crate) fn weigh(&self, f: &Features) -> Weighted {
        weigh_with(f, |id| self.idf(f, id))
    }
}

/// Event frequencies: in how many events each term occurs, blended with the background prior
/// by the formula of [`Idf::idf`], with events in place of articles.
///
/// Document frequency punishes a big story's own words: every headline of a story covered
/// two hundred times says "Titanfall", so by document counts the word that ties them together
/// weighs little beside each headline's incidental words. Counted per event it stays telling,
/// as it is in one event however many articles repeat it.
///
/// The document frequencies are counted too, in the same look-up, for what needs them later
/// (related events; see [`EventIdf::document_frequencies`]).
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct EventIdf {
    /// Term → its slot in `counts`: one hash look-up per term and article, after which
    /// [`EventIdf::joined`] reaches the counts by index.
    slot: HashMap<u32, u32>,
    /// Per slot: articles and events with the term, and its background prior.
    counts: Vec<(u32, u32, f64)>,
    /// Events and articles so far.
    events: u32,
    articles: u32,
}

/// The terms of one article, as slots of an [`EventIdf`], sorted by term id.
pub(crate) struct TermSlots(Vec<(u32, u32)>);

impl EventIdf {
    /// Counts article `f` and weighs it as if it were one more event: a term the article
    /// brings counts once more, so its own words never weigh more than a new event's would.
    pub(crate) fn observe_and_weigh(&mut self, f: &Features) -> (Weighted, TermSlots) {
        self.articles += 1;
        let n = self.events + 1;
        let mut weights: Vec<(u32, f32)> = Vec::new();
        let terms: Vec<(u32, u32)> = f
            .all_terms()
            .into_iter()
            .map(|t| {
                let next = self.counts.len() as u32;
                let k = *self.slot.entry(t).or_insert(next);
                if k == next {
                    self.counts.push((0, 0, f.prior(t)));
                }
                let c = &mut self.counts[k as usize];
                c.0 += 1;
                weights.push((t, idf_of(n, c.1 + 1, c.2)));
                (t, k)
            })
            .collect();
        let idf = |id: u32| weights.binary_search_by_key(&id, |p| p.0).map_or(0.0, |k| weights[k].1);
        (weigh_with(f, idf), TermSlots(terms))
    }

    /// Records that the article with `terms` joined event `ev` (or founded it, when `ev` is
    /// empty), before its vectors are added: its terms the event lacked occur in one more event.
    pub(crate) fn joined(&mut self, terms: &TermSlots, ev: &EventVectors) {
        let founded = ev.members == 0;
        self.events += u32::from(founded);
        let has = |v: &Sparse, t: u32| v.binary_search_by_key(&t, |p| p.0).is_ok();
        for &(t, k) in &terms.0 {
            if founded || !(has(&ev.body.v, t) || has(&ev.ents.v, t) || has(&ev.head.v, t)) {
                self.counts[k as usize].1 += 1;
            }
        }
    }

    /// Whether every slot is in range (see the pass's snapshot).
    pub(super) fn consistent(&self) -> bool {
        self.slot.values().all(|&k| (k as usize) < self.counts.len())
    }

    /// The document frequencies counted so far, as [`Idf`] keeps them.
    pub(crate) fn document_frequencies(&self) -> Idf {
        let mut df = HashMap::with_capacity_and_hasher(self.slot.len(), Default::default());
        df.extend(self.slot.iter().map(|(&t, &k)| {
            let c = self.counts[k as usize];
            (t, (c.0, c.2))
        }));
        Idf { df, n: self.articles }
    }
}

/// The IDF formula of [`Idf::idf`], from the article count, the term's document frequency and prior.
fn idf_of(n: u32, df: u32, prior: f64) -> f32 {
    ((f64::from(n) + PRIOR_DOCS) / (f64::from(df) + PRIOR_DOCS * prior + 1.0)).ln().max(0.0) as f32
}

/// `v` weighted by `idf` and L2-normalised.
fn weigh_vector_with(v: &Sparse, idf: impl Fn(u32) -> f32) -> Sparse {
    let mut out: Sparse = v.iter().map(|&(id, tf)| (id, tf * idf(id))).filter(|p| p.1 > 0.0).collect();
    let length = norm(&out);
    if length > 0.0 {
        out.iter_mut().for_each(|p| p.1 /= length);
    }
    out
}

/// An article's three vectors weighted by `idf`.
fn weigh_with(f: &Features, idf: impl Fn(u32) -> f32) -> Weighted {
    let mut head = Centroid::default();
    head.add(&f.title);
    head.add(&f.lead);
    Weighted {
        body: weigh_vector_with(&f.body, &idf),
        head: weigh_vector_with(&head.v, &idf),
        ents: weigh_vector_with(&f.ents, &idf),
    }
}

/// A running sum of members' normalised vectors.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Centroid {
    /// The sum, sorted by term id.
    pub v: Sparse,
    /// Its Euclidean length.
    pub norm: f32,
}

impl Centroid {
    /// Adds a vector (merging sorted sparse vectors).
    pub(crate) fn add(&mut self, x: &Sparse) {
        let (a, b) = (&self.v, x);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => {
                    out.push(a[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push((a[i].0, a[i].1 + b[j].1));
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        self.norm = norm(&out);
        self.v = out;
    }

    /// The centroid of all of `vectors` at once: bit for bit what adding them one by one in
    /// this order gives (each term's weights are summed in the same order), without re-merging
    /// the growing sum for every member, which costs a large event time quadratic in its size.
    pub(crate) fn sum_of<'v>(vectors: impl Iterator<Item = &'v Sparse>) -> Centroid {
        let mut all: Vec<(u32, f32)> = vectors.flatten().copied().collect();
        // Stable: equal ids keep the order of the vectors they came from.
        all.sort_by_key(|p| p.0);
        let mut v: Sparse = Vec::with_capacity(all.len());
        for run in all.chunk_by(|a, b| a.0 == b.0) {
            v.push((run[0].0, run[1..].iter().fold(run[0].1, |s, p| s + p.1)));
        }
        Centroid { norm: norm(&v), v }
    }

    /// [`Centroid::damped_sim`] with the damping computed afresh, for tests.
    #[cfg(test)]
    pub(crate) fn sim(&self, x: &Sparse, members: usize) -> f32 {
        self.damped_sim(&Probe::new(x), members, self.damping(members))
    }

    /// The coherence damping of [`Centroid::damped_sim`]: how much the members agree (|sum| / n).
    fn damping(&self, members: usize) -> f32 {
        (self.norm / members as f32).min(1.0).powf(COHERENCE_EXPONENT)
    }

    /// Cosine of `x` with the centroid, damped by the members' coherence (|sum| / n, 1 when
    /// all members agree) raised to [`COHERENCE_EXPONENT`], so a loose, mixed event is not a
    /// magnet for everything near its topic, and events do not chain into each other. The
    /// damping is passed in, as events keep it up to date between additions.
    fn damped_sim(&self, x: &Probe, members: usize, damping: f32) -> f32 {
        if self.norm == 0.0 || members == 0 {
            return 0.0;
        }
        x.dot(&self.v) / self.norm * damping
    }
}

/// The three centroids of an event.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct EventVectors {
    /// Whole text.
    pub body: Centroid,
    /// Headline and lead.
    pub head: Centroid,
    /// Names and figures.
    pub ents: Centroid,
    /// Number of members added.
    pub members: usize,
    /// Each centroid's coherence damping (see [`Centroid::damped_sim`]), kept up to date by `add`: an
    /// event is compared with many articles between two additions.
    damping: [f32; 3],
}

impl EventVectors {
    /// Adds a member's vectors.
    pub(crate) fn add(&mut self, w: &Weighted) {
        self.body.add(&w.body);
        self.head.add(&w.head);
        self.ents.add(&w.ents);
        self.members += 1;
        self.update_damping();
    }

    /// Adds every member of `other`, as [`EventVectors::add`] would one by one.
    pub(crate) fn absorb(&mut self, other: &EventVectors) {
        self.body.add(&other.body.v);
        self.head.add(&other.head.v);
        self.ents.add(&other.ents.v);
        self.members += other.members;
        self.update_damping();
    }

    /// Recomputes [`EventVectors::damping`] after the centroids changed.
    fn update_damping(&mut self) {
        self.damping = [&self.body, &self.head, &self.ents].map(|c| c.damping(self.members));
    }

    /// The vectors of an event with members `ws`: the same as adding each in turn, faster.
    pub(crate) fn of(ws: &[Weighted]) -> EventVectors {
        if ws.is_empty() {
            return EventVectors::default();
        }
        let mut ev = EventVectors {
            body: Centroid::sum_of(ws.iter().map(|w| &w.body)),
            head: Centroid::sum_of(ws.iter().map(|w| &w.head)),
            ents: Centroid::sum_of(ws.iter().map(|w| &w.ents)),
            members: ws.len(),
            damping: [0.0; 3],
        };
        ev.update_damping();
        ev
    }

    /// The three sub-similarities of an article with this event.
    pub(crate) fn subs(&self, w: &Weighted) -> [f32; 3] {
        self.subs_of(&Probes::of(w))
    }

    /// [`EventVectors::subs`] of an article set up once for scoring against many events.
    pub(crate) fn subs_of(&self, p: &Probes) -> [f32; 3] {
        let [b, h, e] = self.damping;
        [
            self.body.damped_sim(&p.body, self.members, b),
            self.head.damped_sim(&p.head, self.members, h),
            self.ents.damped_sim(&p.ents, self.members, e),
        ]
    }

    /// Text similarity: the weighted sum of the sub-similarities.
    pub(crate) fn text_sim(&self, w: &Weighted) -> f32 {
        weighted(self.subs(w))
    }
}

/// An article's [`Weighted`] vectors set up for dot products with many events' centroids.
pub(crate) struct Probes<'a> {
    body: Probe<'a>,
    head: Probe<'a>,
    ents: Probe<'a>,
}

impl<'a> Probes<'a> {
    /// Sets up the three vectors of `w`.
    pub(crate) fn of(w: &'a Weighted) -> Probes<'a> {
        Probes { body: Probe::new(&w.body), head: Probe::new(&w.head), ents: Probe::new(&w.ents) }
    }
}

/// The text similarity of [`EventVectors::text_sim`], from the sub-similarities.
pub(crate) fn weighted(s: [f32; 3]) -> f32 {
    WEIGHTS[0] * s[0] + WEIGHTS[1] * s[1] + WEIGHTS[2] * s[2]
}

/// Time factor: 1 for same-time articles, halving every `half_life_days` towards
/// `time_floor`. When either side is undated it is half-way between the two, the value of one
/// half-life: an unknown gap is neither evidence for the same event (a gap of zero) nor against
/// it (a gap of weeks). Were it 1, an undated article would meet every same-topic event of the
/// archive as if published the same day, and join the wrong one.
pub(crate) fn time_factor(cfg: &ClusteringConfig, gap_days: Option<f32>) -> f32 {
    match gap_days {
        None => (1.0 + cfg.time_floor as f32) / 2.0,
        Some(g) => {
            let floor = cfg.time_floor as f32;
            floor + (1.0 - floor) * 0.5f32.powf(g.max(0.0) / cfg.half_life_days as f32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_factor_decays_to_floor() {
        let c = ClusteringConfig::default();
        assert_eq!(time_factor(&c, None), (1.0 + c.time_floor as f32) / 2.0, "an unknown gap is one half-life");
        assert_eq!(time_factor(&c, Some(0.0)), 1.0);
        let half = c.time_floor as f32 + (1.0 - c.time_floor as f32) * 0.5;
        assert!((time_factor(&c, Some(c.half_life_days as f32)) - half).abs() < 1e-6);
        assert!(time_factor(&c, Some(1000.0)) >= c.time_floor as f32);
    }

    #[test]
    fn mixed_events_attract_less_than_tight_ones() {
        let a: Sparse = vec![(1, 1.0)];
        let b: Sparse = vec![(2, 1.0)];
        let mut tight = Centroid::default();
        tight.add(&a);
        tight.add(&a);
        let mut mixed = Centroid::default();
        mixed.add(&a);
        mixed.add(&b);
        assert!((tight.sim(&a, 2) - 1.0).abs() < 1e-6);
        let cos = 1.0 / 2f32.sqrt();
        assert!((mixed.sim(&a, 2) - cos * cos.powf(COHERENCE_EXPONENT)).abs() < 1e-6);
        assert!(mixed.sim(&a, 2) < 0.5, "less than the plain mean similarity");
    }

    #[test]
    fn an_event_built_at_once_equals_one_built_member_by_member() {
        let texts = [
            "Noem visits CECOT prison in El Salvador",
            "Rubio: 17 gang members sent to CECOT",
            "Noem and Rubio on the prison, again",
            "Bukele shows Noem the mega-prison",
            "Flood warning for the coast",
        ];
        let mut idf = Idf::default();
        let fs: Vec<Features> =
            texts.iter().map(|t| Features::extract(t, t, &format!("{t}. {t} said officials on Monday."))).collect();
        fs.iter().for_each(|f| idf.observe(f));
        let ws: Vec<Weighted> = fs.iter().map(|f| idf.weigh(f)).collect();
        for n in 0..=ws.len() {
            let mut one_by_one = EventVectors::default();
            ws[..n].iter().for_each(|w| one_by_one.add(w));
            let at_once = EventVectors::of(&ws[..n]);
            for (a, b) in [
                (&one_by_one.body, &at_once.body),
                (&one_by_one.head, &at_once.head),
                (&one_by_one.ents, &at_once.ents),
            ] {
                assert_eq!(a.v, b.v, "{n} members");
                assert_eq!(a.norm.to_bits(), b.norm.to_bits(), "{n} members");
            }
            assert_eq!(one_by_one.damping.map(f32::to_bits), at_once.damping.map(f32::to_bits));
            assert_eq!(one_by_one.members, at_once.members);
        }
    }

    #[test]
    fn event_frequencies_keep_a_big_storys_word_heavy_and_count_documents_too() {
        let story = |extra: &str| {
            let t = format!("Titanfall {extra}");
            Features::extract(&t, "", &t)
        };
        let fs: Vec<Features> =
            ["released", "review", "sales", "servers", "launch", "patch"].iter().map(|e| story(e)).collect();
        let (mut events, mut docs) = (EventIdf::default(), Idf::default());
        // The story's word: the one term of the text that every headline has.
        let id = fs[0].body.iter().map(|p| p.0).find(|t| fs.iter().all(|f| f.body.iter().any(|p| p.0 == *t))).unwrap();
        let mut ev = EventVectors::default();
        let of = |w: &Weighted| w.body.iter().find(|p| p.0 == id).map_or(0.0, |p| p.1);
        for (k, f) in fs.iter().enumerate() {
            let (w, terms) = events.observe_and_weigh(f);
            docs.observe(f);
            let (by_events, by_docs) = (of(&w), of(&docs.weigh(f)));
            // Every article joins one event: the word stays in one event however often it is said,
            // while its document frequency grows with each headline.
            assert!(by_events > 0.0 && by_events >= by_docs - 1e-6, "{k}: {by_events} < {by_docs}");
            if k == fs.len() - 1 {
                assert!(by_events > by_docs * 1.05, "{by_events} vs {by_docs}");
            }
            events.joined(&terms, &ev);
            ev.add(&w);
        }
        let counted = events.document_frequencies();
        assert_eq!(counted.articles(), docs.articles());
        for f in &fs {
            for t in f.all_terms() {
                assert_eq!(counted.idf(f, t).to_bits(), docs.idf(f, t).to_bits(), "document counts agree");
            }
        }
        // Documents, unlike events, punish the story's own word.
        let mut alone = Idf::default();
        alone.observe(&fs[0]);
        assert!(docs.idf(&fs[0], id) < alone.idf(&fs[0], id));
    }

    #[test]
    fn idf_prefers_rare_words_and_learns_from_the_site() {
        let f = Features::extract("Prison visit by Noem", "", "Prison visit by Noem");
        let mut idf = Idf::default();
        idf.observe(&f);
        let id = crate::text::term_id;
        assert!(idf.idf(&f, id("noem")) > idf.idf(&f, id("prison")));
        let before = idf.idf(&f, id("noem"));
        for _ in 0..50 {
            idf.observe(&f);
        }
        assert!(idf.idf(&f, id("noem")) < before, "a term in every article loses weight");
    }
}
