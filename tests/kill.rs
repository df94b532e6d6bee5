//! A killed build leaves the complete old site or the complete new one, never a mix, and the
//! next build cleans up after it. Twenty SIGKILLs at spread-out moments of a 2,000-article
//! rebuild (including its very start and its end), each checked file by file.

mod common;
use common::*;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const ARTICLES: usize = 2000;
const KILLS: usize = 20;

/// Writes article `i` of a generated site: about 400 events of five articles each.
fn write_article(root: &Path, i: usize, version: &str) {
    let event = i / 5;
    let words: Vec<String> = (0..40).map(|k| format!("w{}x{}", event, (k * 7 + i) % 23)).collect();
    let body = format!(
        "{version} Story {event} reported by outlet {}. {}.\n\nMore: {}.",
        i % 37,
        words.join(" "),
        words[..10].join(" ")
    );
    article(
        root,
        &format!("a{i:05}.md"),
        &format!(
            "title: \"Event {event} headline {i}\"\noutlet: \"Outlet {}\"\ndate: 2025-01-{:02}",
            i % 37,
            1 + event % 28
        ),
        &body,
    );
}

fn build(root: &Path) -> std::process::Output {
    Command::new(bin()).args(["build", "--root", root.to_str().unwrap()]).output().unwrap()
}

/// A copy of `src` at `dst` made of hard links.
fn link_tree(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src) {
        let e = e.unwrap();
        let to = dst.join(e.path().strip_prefix(src).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::hard_link(e.path(), &to).unwrap();
        }
    }
}

fn leftovers(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let site = new_site("title = \"Kill test\"\nbase_url = \"https://example.org/\"\nsearch = false\n");
    let root = site.path();
    for i in 0..ARTICLES {
        write_article(root, i, "v1");
    }
    assert!(build(root).status.success());
    let old = snapshot_all(&root.join("public"));
    let pristine = tempfile::tempdir().unwrap();
    copy_dir(&root.join("public"), pristine.path());

    // The new site: a tenth of the articles edited, fifty removed, a hundred added.
    for i in (0..ARTICLES).step_by(10) {
        write_article(root, i, "v2");
    }
    for i in (3..ARTICLES).step_by(40) {
        fs::remove_file(root.join(format!("articles/a{i:05}.md"))).unwrap();
    }
    for i in ARTICLES..ARTICLES + 100 {
        write_article(root, i, "v2");
    }
    let reference = tempfile::tempdir().unwrap();
    copy_dir(root, reference.path());
    fs::remove_dir_all(reference.path().join("public")).unwrap();
    let t = Instant::now();
    assert!(build(reference.path()).status.success());
    let full = t.elapsed();
    let new = snapshot_all(&reference.path().join("public"));
    assert_ne!(old, new);

    let mut rng = Rng(0x5eed);
    let (mut saw_old, mut saw_new) = (0, 0);
    for k in 0..KILLS {
        // Spread over the whole build and a little beyond, plus its very first moments.
        let at =
            if k < 2 { Duration::from_millis(k as u64 * 5) } else { full.mul_f64((rng.next() % 1100) as f64 / 1000.0) };
        let mut child = Command::new(bin()).args(["build", "--root", root.to_str().unwrap()]).spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL on Unix
        child.wait().unwrap();
        let now = snapshot_all(&root.join("public"));
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            let mixed = now.iter().filter(|f| !old.contains(f) && !new.contains(f)).count();
            panic!("kill {k} after {at:?} left a mixed site ({mixed} files from neither)");
        }
        // The next build finishes the job and cleans up.
        let out = build(root);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(snapshot_all(&root.join("public")) == new, "kill {k}: the next build gives the new site");
        assert_eq!(leftovers(root), Vec::<String>::new(), "kill {k}: nothing left beside the output");
        // Back to the old site for the next kill (hard links: a build never writes into a file).
        fs::remove_dir_all(root.join("public")).unwrap();
        link_tree(pristine.path(), &root.join("public"));
    }
    eprintln!("{KILLS} kills: {saw_old} left the old site, {saw_new} the new one (a full build takes {full:?})");
    assert!(saw_old > 0, "some kills land before the swap");
}
