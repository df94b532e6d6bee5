//! Builds that reuse the cache give the output of a cold build, byte for byte: after every step of a
//! seeded random sequence of edits (add, edit a body or a headline, delete, redate, nothing), with
//! a damaged cache, and after a build killed part-way. `ROUNDUP_INCREMENTAL_SEED` replays a sequence.

mod common;
use common::*;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const TOPICS: [&str; 6] = ["prison", "flood", "budget", "strike", "wildfire", "vaccine"];

/// One generated article: its event, outlet, day (0 = undated) and an edit counter.
#[derive(Clone)]
struct Art {
    name: String,
    topic: usize,
    outlet: usize,
    day: u32,
    headline: u32,
    body: u32,
}

impl Art {
    /// Article number `n`, on a random topic from a random outlet, on `day`, not yet edited.
    fn new(n: usize, rng: &mut Rng, day: u32) -> Art {
        Art {
            name: format!("a{n:03}.md"),
            topic: rng.below(TOPICS.len()),
            outlet: rng.below(5),
            day,
            headline: 0,
            body: 0,
        }
    }
}

fn write(root: &Path, a: &Art) {
    let t = TOPICS[a.topic];
    let date = if a.day == 0 { String::new() } else { format!("\ndate: 2025-03-{:02}", a.day) };
    let words: Vec<String> = (0..30).map(|k| format!("{t}{}", (k * 7 + a.body as usize) % 19)).collect();
    let body = format!(
        "Officials said the {t} near Town{} affected {} people, version {}.\n\n{}.\n\nWitnesses described the {t}: {}.",
        a.topic,
        100 + a.topic * 10,
        a.body,
        words.join(" "),
        words[..8].join(" ")
    );
    article(
        root,
        &a.name,
        &format!("title: \"The {t} story, take {}\"\noutlet: \"Outlet {}\"{date}", a.headline, a.outlet),
        &body,
    );
}

/// `roundup build` of `root` into its `public/`, with the stamp trusted at once (the steps come
/// faster than the two seconds a real build waits for); gives stdout and stderr.
fn build(root: &Path, extra: &[&str]) -> (String, String) {
    let out = Command::new(bin())
        .args(["build", "--root", root.to_str().unwrap()])
        .args(extra)
        .env("ROUNDUP_RACY_MS", "0")
        .output()
        .unwrap();
    let (so, se) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(out.status.success(), "build failed:\n{se}");
    (so, se)
}

/// A cold build of a fresh copy of the site (no `.roundup/`, no output) with `--no-cache`.
fn cold(root: &Path) -> Vec<(String, Vec<u8>)> {
    let fresh = tempfile::tempdir().unwrap();
    for d in ["articles", "templates", "static"] {
        copy_dir(&root.join(d), &fresh.path().join(d));
    }
    fs::copy(root.join("site.toml"), fresh.path().join("site.toml")).unwrap();
    build(fresh.path(), &["--no-cache"]);
    snapshot_all(&fresh.path().join("public"))
}

/// Asserts the site's output equals a cold build's, file by file (the manifest included).
fn same_as_cold(root: &Path, what: &str) {
    let got = snapshot_all(&root.join("public"));
    let want = cold(root);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "{what}: the same files");
    for (g, w) in got.iter().zip(&want) {
        if g.1 != w.1 {
            let (gs, ws) = (String::from_utf8_lossy(&g.1), String::from_utf8_lossy(&w.1));
            let diff: Vec<String> = gs
                .lines()
                .zip(ws.lines())
                .filter(|(a, b)| a != b)
                .take(3)
                .map(|(a, b)| format!("got  {a}\nwant {b}"))
                .collect();
            panic!("{what}: {} differs from a cold build's:\n{}", g.0, diff.join("\n"));
        }
    }
}

const SITE: &str = "title = \"Incremental\"\nbase_url = \"https://example.org/\"\nsearch = true\nsearch_shard_articles = 8\nevents_per_page = 2\n";

fn generated(rng: &mut Rng, n: usize) -> (tempfile::TempDir, Vec<Art>) {
    let site = new_site(SITE);
    let arts: Vec<Art> = (0..n)
        .map(|i| Art {
            name: format!("a{i:03}.md"),
            topic: rng.below(TOPICS.len()),
            outlet: rng.below(5),
            day: if rng.below(8) == 0 { 0 } else { 1 + rng.below(20) as u32 },
            headline: 0,
            body: 0,
        })
        .collect();
    arts.iter().for_each(|a| write(site.path(), a));
    (site, arts)
}

#[test]
fn random_edits_give_the_output_of_a_cold_build() {
    let seed = std::env::var("ROUNDUP_INCREMENTAL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(19);
    let mut rng = Rng(seed);
    let (site, mut arts) = generated(&mut rng, 50);
    let root = site.path();
    build(root, &[]);
    same_as_cold(root, &format!("seed {seed}, first build"));
    let mut next = arts.len();
    for step in 0..16 {
        let i = rng.below(arts.len());
        let what = match rng.below(7) {
            0 => {
                arts.push(Art::new(next, &mut rng, 25));
                next += 1;
                "add the newest"
            }
            1 => {
                arts.push(Art::new(next, &mut rng, 10));
                next += 1;
                "add in the middle"
            }
            2 => {
                arts[i].body += 1;
                "edit a body"
            }
            3 => {
                arts[i].headline += 1;
                "edit a headline"
            }
            4 => {
                fs::remove_file(root.join("articles").join(&arts[i].name)).unwrap();
                arts.remove(i);
                "delete"
            }
            5 => {
                arts[i].day = if arts[i].day == 0 { 3 } else { (arts[i].day + 7) % 24 };
                "redate"
            }
            _ => "no change",
        };
        if let Some(a) = arts.get(i).filter(|_| !matches!(what, "delete" | "no change")) {
            write(root, a);
        }
        if let Some(a) = arts.last().filter(|_| what.starts_with("add")) {
            write(root, a);
        }
        let (out, err) = build(root, &[]);
        let context = format!("seed {seed}, step {step} ({what})");
        assert!(!err.contains("warning"), "{context}: {err}");
        if what == "no change" {
            assert!(out.contains("nothing changed since the last build"), "{context}: the fast path: {out}");
        } else {
            assert!(!out.contains("nothing changed"), "{context}: {out}");
        }
        // Today's news goes on from the clustering pass's saved state; an article that sorts
        // before dated ones already clustered makes the pass start again from the first.
        match what {
            "add the newest" => assert!(out.contains("clustering went on after"), "{context}: {out}"),
            "add in the middle" => assert!(!out.contains("clustering went on"), "{context}: {out}"),
            _ => {}
        }
        if what == "edit a body" {
            // Only the pages that show the article are rendered: its own, its event's and its
            // siblings', its outlet's, and the site-wide ones.
            let (rendered, pages) = pages_rendered(&out);
            assert!(rendered < pages / 2, "{context}: {rendered} of {pages} pages rendered: {out}");
        }
        same_as_cold(root, &context);
    }
    // One more body edit, whatever the seed drew: only the pages that show it are rendered.
    arts[0].body += 1;
    write(root, &arts[0]);
    let (out, _) = build(root, &[]);
    let (rendered, pages) = pages_rendered(&out);
    assert!(rendered < pages / 2, "seed {seed}, last body edit: {rendered} of {pages} pages rendered: {out}");
    same_as_cold(root, &format!("seed {seed}, last body edit"));
}

/// `(rendered, pages)` from a build's summary, "… 12 of 130 pages rendered …".
fn pages_rendered(summary: &str) -> (usize, usize) {
    let words: Vec<&str> = summary.split_whitespace().collect();
    let at = words.windows(2).position(|w| w == ["pages", "rendered;"]).expect("the summary counts pages rendered");
    (words[at - 3].parse().unwrap(), words[at - 1].parse().unwrap())
}

#[test]
fn the_shortcut_sees_a_page_edited_or_removed_in_the_output_and_keeps_files_added_there() {
    let mut rng = Rng(11);
    let (site, _) = generated(&mut rng, 20);
    let root = site.path();
    build(root, &[]);
    assert!(build(root, &[]).0.contains("nothing changed since the last build"), "the shortcut holds");
    let out = root.join("public");
    // A page Roundup wrote, edited by hand: a normal build puts it back.
    fs::write(out.join("index.html"), "defaced").unwrap();
    let (so, _) = build(root, &[]);
    assert!(!so.contains("nothing changed"), "{so}");
    same_as_cold(root, "after a page was edited by hand");
    // One removed, with its folder: the same.
    let page = fs::read_dir(out.join("articles")).unwrap().next().unwrap().unwrap().path();
    fs::remove_dir_all(&page).unwrap();
    let (so, _) = build(root, &[]);
    assert!(!so.contains("nothing changed"), "{so}");
    same_as_cold(root, "after a page was removed by hand");
    // A file of the user's own: every build keeps it, the shortcut included.
    build(root, &[]);
    fs::write(out.join("CNAME"), "news.example.org").unwrap();
    build(root, &[]);
    assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "news.example.org");
}

/// The analysis cache's shard files of the site at `root`.
fn shards(root: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> =
        fs::read_dir(root.join(".roundup/cache/analysis")).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    assert!(!v.is_empty());
    v
}

#[test]
fn a_damaged_or_foreign_cache_is_a_warning_and_a_full_analysis() {
    let mut rng = Rng(7);
    let (site, mut arts) = generated(&mut rng, 40);
    let root = site.path();
    build(root, &[]);
    type Damage = fn(&[u8]) -> Vec<u8>;
    let damages: [(&str, Damage); 3] = [
        ("truncated", |b| b[..b.len() / 2].to_vec()),
        ("random bytes", |b| b.iter().enumerate().map(|(i, x)| x ^ (i as u8).wrapping_mul(31) ^ 0x5a).collect()),
        ("a foreign fingerprint", |b| {
            let mut v = b.to_vec();
            let at = v.iter().position(|&c| c == b'\n').unwrap() + 1;
            v[at] = if v[at] == b'0' { b'1' } else { b'0' };
            v
        }),
    ];
    for (k, (name, damage)) in damages.iter().enumerate() {
        for s in shards(root) {
            fs::write(&s, damage(&fs::read(&s).unwrap())).unwrap();
        }
        // A change, so that the build cannot take the no-change path without reading the cache.
        arts[k].body += 1;
        write(root, &arts[k]);
        let (_, err) = build(root, &[]);
        assert!(err.contains("warning") && err.contains("analysis cache"), "{name}: {err}");
        same_as_cold(root, name);
        // The cache was rebuilt: the next build uses it without a word.
        arts[k].headline += 1;
        write(root, &arts[k]);
        let (_, err) = build(root, &[]);
        assert!(!err.contains("warning"), "{name}, rebuilt: {err}");
        same_as_cold(root, &format!("{name}, rebuilt"));
    }
}

#[test]
fn a_damaged_clustering_state_is_a_warning_and_a_pass_from_the_first_article() {
    let mut rng = Rng(5);
    let (site, mut arts) = generated(&mut rng, 40);
    let root = site.path();
    build(root, &[]);
    let state = root.join(".roundup/cache/pass.bin");
    let mut next = arts.len();
    type Damage = fn(&mut Vec<u8>);
    let damages: [(&str, Damage); 2] =
        [("truncated", |b| b.truncate(b.len() / 2)), ("a flipped byte", |b| *b.last_mut().unwrap() ^= 1)];
    for (name, damage) in damages {
        let mut bytes = fs::read(&state).unwrap();
        damage(&mut bytes);
        fs::write(&state, &bytes).unwrap();
        arts.push(Art::new(next, &mut rng, 25));
        next += 1;
        write(root, arts.last().unwrap());
        let (out, err) = build(root, &[]);
        assert!(err.contains("warning") && err.contains("saved clustering state"), "{name}: {err}");
        assert!(!out.contains("clustering went on"), "{name}: {out}");
        same_as_cold(root, name);
        // Saved anew: the next new article goes on from it without a word.
        arts.push(Art::new(next, &mut rng, 26));
        next += 1;
        write(root, arts.last().unwrap());
        let (out, err) = build(root, &[]);
        assert!(!err.contains("warning") && out.contains("clustering went on after"), "{name}, saved anew: {out}{err}");
        same_as_cold(root, &format!("{name}, saved anew"));
    }
    // `--no-cache` clusters every article, and still saves the state for the next build.
    arts[0].body += 1;
    write(root, &arts[0]);
    let (out, _) = build(root, &["--no-cache"]);
    assert!(!out.contains("clustering went on"), "{out}");
}

#[test]
fn a_killed_build_leaves_a_cache_the_next_build_uses_correctly() {
    let mut rng = Rng(11);
    let (site, mut arts) = generated(&mut rng, 60);
    let root = site.path();
    build(root, &[]);
    for kill in 0..6u64 {
        let i = rng.below(arts.len());
        arts[i].body += 1;
        write(root, &arts[i]);
        let mut child = Command::new(bin())
            .args(["build", "--root", root.to_str().unwrap()])
            .env("ROUNDUP_RACY_MS", "0")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(kill * 40));
        drop(child.kill());
        child.wait().unwrap();
        // A temporary file as a killed save leaves it.
        fs::write(root.join(".roundup/cache/analysis/.3.bin.tmp-99999"), b"half").unwrap();
        let (_, err) = build(root, &[]);
        assert!(!err.contains("warning"), "kill {kill}: {err}");
        same_as_cold(root, &format!("after kill {kill}"));
        assert!(!root.join(".roundup/cache/analysis/.3.bin.tmp-99999").exists(), "leftovers are removed");
    }
}
