use super::*;
use std::time::{Duration, SystemTime};

fn p(s: &str) -> OutPath {
    OutPath::parse(s, Rule::Static).unwrap()
}

fn build(out: &Path, files: &[(&str, &str)]) -> WriteStats {
    let s = Staging::new(out, false).unwrap();
    for (rel, body) in files {
        s.write(&p(rel), body.as_bytes()).unwrap();
    }
    s.commit().unwrap()
}

fn stats(written: usize, unchanged: usize, removed: usize, kept: usize) -> WriteStats {
    WriteStats { written, unchanged, removed, kept }
}

#[test]
fn unchanged_files_keep_their_time_and_stale_ones_go() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    assert_eq!(build(&out, &[("a/index.html", "one"), ("b.txt", "two")]), stats(2, 0, 0, 0));
    let old = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options().write(true).open(out.join("b.txt")).unwrap().set_modified(old).unwrap();

    assert_eq!(build(&out, &[("b.txt", "two"), ("c.txt", "new")]), stats(1, 1, 1, 0));
    assert_eq!(fs::metadata(out.join("b.txt")).unwrap().modified().unwrap(), old);
    assert!(!out.join("a").exists());
    assert_eq!(fs::read(out.join("c.txt")).unwrap(), b"new");
    assert!(!root.path().join(".public.staging").exists());
    let listed = fs::read_to_string(out.join(manifest::NAME)).unwrap();
    assert!(listed.ends_with("b.txt\nc.txt\n"), "{listed}");
}

#[test]
fn a_build_with_no_change_leaves_the_folder_alone() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    build(&out, &[("x.html", "1")]);
    let before = fs::metadata(&out).unwrap();
    assert_eq!(build(&out, &[("x.html", "1")]), stats(0, 1, 0, 0));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(fs::metadata(&out).unwrap().ino(), before.ino(), "the same folder, not a new one");
    }
}

#[test]
fn files_the_user_put_there_are_kept_and_never_overwritten() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    build(&out, &[("index.html", "site")]);
    fs::write(out.join("CNAME"), "news.example.org").unwrap();
    fs::create_dir_all(out.join("empty")).unwrap();
    assert_eq!(build(&out, &[("index.html", "site v2")]), stats(1, 0, 0, 2));
    assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "news.example.org");
    assert!(out.join("empty").is_dir());

    fs::write(out.join("about.html"), "the user's own page").unwrap();
    let s = Staging::new(&out, false).unwrap();
    s.write(&p("index.html"), b"v3").unwrap();
    s.write(&p("about.html"), b"generated").unwrap();
    let e = s.commit().unwrap_err();
    assert!(e.message.contains("did not write"), "{e}");
    assert_eq!(fs::read_to_string(out.join("about.html")).unwrap(), "the user's own page");
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "site v2", "the old site stays whole");
}

#[test]
fn a_folder_roundup_did_not_build_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let e = Staging::new(&out, false).err().unwrap();
    assert!(e.message.contains("Roundup did not write it"), "{e}");
    assert!(Staging::new(&out, true).is_err(), "check says so too");
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    // An empty folder is fine.
    fs::remove_file(out.join("notes.txt")).unwrap();
    assert_eq!(build(&out, &[("i.html", "x")]), stats(1, 0, 0, 0));
}

#[test]
fn what_a_killed_build_left_is_cleaned_up_and_a_stranger_folder_is_not() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    build(&out, &[("i.html", "1")]);
    let staging = root.path().join(".public.staging");
    // Killed while staging: the marker is there.
    fs::create_dir_all(staging.join("deep")).unwrap();
    fs::write(staging.join(MARKER), "").unwrap();
    fs::write(staging.join("deep/x"), "half").unwrap();
    assert_eq!(build(&out, &[("i.html", "2")]), stats(1, 0, 0, 0));
    assert!(!staging.exists());
    // Killed after the swap, while removing the old site: it has a manifest.
    fs::create_dir_all(&staging).unwrap();
    fs::write(staging.join(manifest::NAME), "x").unwrap();
    build(&out, &[("i.html", "3")]);
    assert!(!staging.exists());
    // Killed between the fallback's two renames: the old site is parked, the output is gone.
    fs::rename(&out, root.path().join(".public.old")).unwrap();
    assert_eq!(build(&out, &[("i.html", "3")]), stats(0, 1, 0, 0));
    assert!(!root.path().join(".public.old").exists());
    // A folder of that name that Roundup did not make is left alone.
    fs::create_dir_all(&staging).unwrap();
    fs::write(staging.join("thesis.tex"), "mine").unwrap();
    assert!(Staging::new(&out, false).is_err());
    assert!(staging.join("thesis.tex").is_file());
}

#[test]
fn check_writes_nothing_but_finds_clashes() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    let s = Staging::new(&out, true).unwrap();
    s.write(&p("a.html"), b"x").unwrap();
    assert_eq!(s.write(&p("a.html"), b"y").unwrap_err().kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(s.commit().unwrap().written, 0);
    assert!(!out.exists() && !root.path().join(".public.staging").exists());
}

#[test]
fn files_sharing_new_folders_are_all_written_from_many_threads() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    let s = Staging::new(&out, false).unwrap();
    // Each folder's two files are written by different threads at about the same time.
    let rels: Vec<String> = (0..400).flat_map(|i| [format!("e/{i}/index.html"), format!("e/{i}/feed.xml")]).collect();
    std::thread::scope(|scope| {
        for start in 0..4 {
            let (s, rels) = (&s, &rels);
            scope.spawn(move || {
                for rel in rels.iter().skip(start).step_by(4).chain(rels.iter().skip((start + 1) % 4).step_by(4)) {
                    match s.write(&p(rel), rel.as_bytes()) {
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                        r => r.unwrap(),
                    }
                }
            });
        }
    });
    assert_eq!(s.commit().unwrap().written, rels.len());
    for rel in &rels {
        assert_eq!(fs::read_to_string(out.join(rel)).unwrap(), *rel);
    }
}

#[test]
fn abort_leaves_output_alone() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    build(&out, &[("x", "keep")]);
    let s = Staging::new(&out, false).unwrap();
    s.write(&p("x"), b"changed").unwrap();
    s.abort();
    assert_eq!(fs::read_to_string(out.join("x")).unwrap(), "keep");
    assert!(!root.path().join(".public.staging").exists());
}
