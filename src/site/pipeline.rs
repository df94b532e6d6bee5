//! Analysing article bodies, with the clustering pass running alongside.
//!
//! Clustering is online and takes articles one at a time in a fixed order, so it
//! runs on one core. Instead of waiting for every body to be analysed, it takes
//! each article as soon as the articles before it in processing order are ready,
//! while the other cores go on analysing. Chunks are analysed in processing order,
//! so the pass is rarely left waiting.

use super::{event_slug, resume};
use crate::article::{self, Article};
use crate::cluster::{self, Clustering, Item, Online};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::figures::{self, Figure};
use crate::text::Features;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Articles per unit of work handed from the analysing workers to the clustering pass.
const CHUNK: usize = 32;

/// What analysing one article's body gives; also what the analysis cache keeps (see [`super::memo`]).
#[derive(Clone, Debug, serde::Deserialize)]
pub(super) struct Analyzed {
    /// The first paragraph as plain text.
    pub lead: String,
    /// Words in the body.
    pub words: usize,
    /// Text features for clustering.
    pub features: Features,
    /// Figures the body states.
    pub figures: Vec<Figure>,
}

/// Re-reads an article's file (of at most `limit` bytes) and analyses its body.
pub(super) fn analyze(root: &Path, a: &Article, limit: u64) -> Result<Analyzed, Diagnostic> {
    let markdown = a.read_body(root, limit)?;
    if let Some(problem) = a.placeholder_problem(root, &markdown) {
        return Err(problem);
    }
    let body = article::body_text(&markdown, &a.title);
    let mut hints = Vec::new();
    let features = Features::extract_noting_figures(&a.title, &body.lead, &body.text, &mut hints);
    Ok(Analyzed { features, figures: figures::extract_at(&body.text, &hints), lead: body.lead, words: body.words })
}

/// Analyses every article (results in article order) and clusters them as they become ready.
/// Only for sites without pins: see [`Online`].
///
/// The calling thread runs the clustering pass; the pool's other threads analyse. When the pass
/// has nothing ready to take, its thread analyses the next chunk itself rather than wait, so
/// every core does useful work and no core runs more than one busy thread: a separate pass
/// thread competing with as many analysing threads as there are cores was slower, as each
/// evicted the others' working sets from the processor caches.
///
/// `cached` holds, per article, its analysis from the cache: such an article is not analysed again.
/// `saved` is the pass's state from an earlier build (see [`super::resume`]): when this build's
/// first articles are the ones it was taken after, the pass goes on from it rather than take them
/// again. The state after this build's last dated article is written aside in the cache folder
/// `save_to`.
pub(super) fn analyze_and_cluster(
    root: &Path,
    config: &Config,
    articles: &[Article],
    cached: Vec<Option<Analyzed>>,
    saved: Option<&resume::Saved>,
    save_to: Option<&Path>,
) -> Clustered {
    let cached: Vec<Mutex<Option<Analyzed>>> = cached.into_iter().map(Mutex::new).collect();
    let take = |i: usize| cached.get(i).and_then(|c| c.lock().expect("no panics while locked").take());
    let n = articles.len();
    let time = |i: usize| articles[i].date.map(|d| d.timestamp());
    let order = cluster::order_by(n, |i| (time(i), articles[i].id.as_str()));
    let chunks: Vec<&[usize]> = order.chunks(CHUNK).collect();
    let next = AtomicUsize::new(0);
    // Takes the next chunk nobody has taken yet, in processing order, and analyses it.
    let analyze_next = || {
        let k = next.fetch_add(1, Ordering::Relaxed);
        let chunk = chunks.get(k)?;
        Some((
            k,
            chunk
                .iter()
                .map(|&i| take(i).map_or_else(|| analyze(root, &articles[i], config.max_article_bytes), Ok))
                .collect::<Vec<_>>(),
        ))
    };
    let analyze_next = &analyze_next;
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<Result<Analyzed, Diagnostic>>)>();
    let slug = |i: usize| event_slug(&articles[i]);
    let settings = resume::settings(config);
    rayon::in_place_scope(|s| {
        for _ in 1..rayon::current_num_threads() {
            let tx = tx.clone();
            s.spawn(move |_| {
                while let Some(done) = analyze_next() {
                    if tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Reading the saved state, if it fits, costs this thread what the helpers analyse meanwhile.
        let t = Instant::now();
        let fits = saved.and_then(|s| s.fits(&settings, &order, articles));
        let resumed = fits.and_then(|(state, k)| Online::resume(n, &config.clustering, &slug, state, &order[..k]));
        let mut online = resumed.unwrap_or_else(|| Online::new(n, &config.clustering, &slug));
        let taken = online.steps();
        let mut busy = t.elapsed();
        // The state after the last dated article, written aside for the next build; `None` until
        // then, and when it is the state this build went on from.
        let mut state: Option<Result<resume::Staged, Diagnostic>> = None;
        let snapshot = |online: &Online<_>, state: &mut Option<Result<resume::Staged, Diagnostic>>| {
            let steps = online.steps();
            if let Some(cache) = save_to.filter(|_| state.is_none() && (steps != taken || taken == 0)) {
                let t = Instant::now();
                *state = Some(resume::stage(cache, &settings, &order[..steps], articles, |w| online.snapshot_to(w)));
                crate::timing::note("cluster-save", t);
            }
        };
        let mut boundary = false;
        let mut results: Vec<Option<Result<Analyzed, Diagnostic>>> = (0..n).map(|_| None).collect();
        let mut waiting: BTreeMap<usize, Vec<Result<Analyzed, Diagnostic>>> = BTreeMap::new();
        let mut due = 0;
        while due < chunks.len() {
            waiting.extend(rx.try_iter());
            if let Some(chunk) = waiting.remove(&due) {
                let t = Instant::now();
                for ((step, &i), r) in (due * CHUNK..).zip(chunks[due]).zip(chunk) {
                    if let Ok(x) = &r
                        && step >= taken
                    {
                        if time(i).is_none() && !boundary {
                            boundary = true;
                            snapshot(&online, &mut state);
                        }
                        let id = articles[i].id.as_str();
                        online.push(i, &Item { features: &x.features, time: time(i), pin: None, id });
                    }
                    results[i] = Some(r);
                }
                busy += t.elapsed();
                due += 1;
                continue;
            }
            // The chunk due is still being analysed elsewhere: analyse another meanwhile, or wait.
            let (k, chunk) = match analyze_next() {
                Some(done) => done,
                None => rx.recv().expect("every chunk taken by a helper is delivered"),
            };
            waiting.insert(k, chunk);
        }
        if !boundary {
            let t = Instant::now();
            snapshot(&online, &mut state);
            busy += t.elapsed();
        }
        crate::timing::note_ms("cluster-pass", busy.as_millis());
        let results = results.into_iter().map(|r| r.expect("every chunk was analysed")).collect();
        let (state, warning) = match state {
            Some(Ok(s)) => (Some(s), None),
            Some(Err(d)) => (None, Some(d)),
            None => (None, None),
        };
        Clustered { results, clustering: online.finish(), resumed: taken, state, warning }
    })
}

/// What [`analyze_and_cluster`] gives.
pub(super) struct Clustered {
    /// Each article's analysis, in article order.
    pub results: Vec<Result<Analyzed, Diagnostic>>,
    /// The events.
    pub clustering: Clustering,
    /// How many articles the pass took from the saved state rather than stepped (0: none).
    pub resumed: usize,
    /// The pass's state after the last dated article, written aside, when it differs from the
    /// saved state this build went on from.
    pub state: Option<resume::Staged>,
    /// Why the state could not be written aside.
    pub warning: Option<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::cluster;
    use std::path::PathBuf;

    /// Articles on eight topics, dated out of file order, enough for several chunks.
    fn site() -> (tempfile::TempDir, Vec<Article>) {
        let dir = tempfile::tempdir().unwrap();
        let topics = [
            "prison visit",
            "gang transfer",
            "flood warning",
            "budget vote",
            "rail strike",
            "wildfire",
            "court ruling",
            "vaccine trial",
        ];
        let mut articles = Vec::new();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        for i in 0..150 {
            let t = topics[i % topics.len()];
            let name = format!("a{i:03}.md");
            let day = 1 + (i * 7) % 27;
            let text = format!(
                "---\ntitle: \"Report {i} on the {t}\"\noutlet: \"Outlet {o}\"\ndate: 2025-03-{day:02}\n---\n\
                 Officials said the {t} affected {n} people in Region{k} on Monday.\n\n\
                 Witnesses described the {t} near Town{k}; {m} residents were moved.\n",
                o = i % 5,
                n = 100 + i % 8,
                k = i % topics.len(),
                m = 10 * (i % 8),
            );
            let path = dir.path().join("articles").join(&name);
            std::fs::write(&path, text).unwrap();
            let shown = PathBuf::from("articles").join(&name);
            articles
                .push(article::load_head(&path, name.trim_end_matches(".md").to_string(), &shown, 1 << 20).unwrap());
        }
        (dir, articles)
    }

    #[test]
    fn clustering_while_analysing_matches_clustering_afterwards_on_any_number_of_threads() {
        let (dir, articles) = site();
        let config =
            Config::parse(Path::new("site.toml"), "title = \"Test\"\nbase_url = \"https://example.org\"\n").unwrap();
        let mut seen = Vec::new();
        // The state of an earlier build that lacked the newest day's articles, which the runs below
        // go on from every other time.
        let t = |a: &Article| a.date.map(|d| d.timestamp());
        let newest = articles.iter().filter_map(t).max();
        let earlier: Vec<Article> = articles.iter().filter(|a| t(a) != newest).cloned().collect();
        let cache = dir.path().join(".roundup/cache");
        let before = analyze_and_cluster(dir.path(), &config, &earlier, Vec::new(), None, Some(&cache));
        assert_eq!(before.resumed, 0);
        assert!(before.state.expect("a state after the dated articles").commit().is_none());
        let (saved, warning) = resume::read(Some(&cache));
        assert!(warning.is_none());
        let saved = saved.expect("the state just saved");
        // Several runs on many threads: chunks then finish in varying order.
        for (run, threads) in [1, 2, 4, 4, 4, 4, 8].into_iter().enumerate() {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let from = (run % 2 == 1).then_some(&saved);
            let c =
                pool.install(|| analyze_and_cluster(dir.path(), &config, &articles, Vec::new(), from, Some(&cache)));
            assert_eq!(c.resumed, if from.is_some() { earlier.len() } else { 0 }, "run {run}");
            assert!(c.state.is_some(), "there is a newer state to save");
            let (analyzed, clustering) = (c.results, c.clustering);
            let features: Vec<Features> = analyzed.into_iter().map(|r| r.unwrap().features).collect();
            // Results come back in article order: each matches analysing that article alone.
            for (a, f) in articles.iter().zip(&features) {
                assert_eq!(f.body, analyze(dir.path(), a, 1 << 20).unwrap().features.body, "{}", a.id);
            }
            let items = crate::site::cluster_items(&articles, &features);
            let batch = cluster(&items, &config.clustering, |i| event_slug(&articles[i]), None);
            assert_eq!(clustering.event_of, batch.event_of, "{threads} threads, run {run}");
            assert_eq!(clustering.slugs, batch.slugs, "{threads} threads, run {run}");
            assert_eq!(clustering.decisions, batch.decisions, "{threads} threads, run {run}");
            seen.push(clustering.event_of);
        }
        let events = seen[0].iter().collect::<std::collections::HashSet<_>>().len();
        assert!((2..150).contains(&events), "a real grouping, not one event or all singletons: {events}");
    }
}
