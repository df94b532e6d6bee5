//! The shape of the code, checked: data flows one way through the modules, and no two files
//! import each other, directly or round a loop. ARCHITECTURE.md draws the same layers.
//!
//! Imports are read from the source text: every `crate::name` path and every `super::`
//! path that reaches a sibling file. A folder's `mod.rs` declaring or re-exporting its own
//! children is the folder's face, not an import, so those edges are left out; a child using
//! its parent's items (`super::Item`) is an ordinary import.

mod common;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers of the crate, lowest first. A module may import its own layer's modules
/// (as long as no loop forms) and any lower layer's, never a higher one.
const LAYERS: &[&[&str]] = &[
    &["diag", "timing", "slug", "sanitize", "markdown", "scaffold", "cache", "parallel"],
    &["config", "text", "output", "figures"],
    &["walk"],
    &["article"],
    &["cluster"],
    &["site"],
    &["render", "search", "eval", "fuzz"],
    &["build", "stamp"],
    &["serve"],
    &["import"],
    &["cmd"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `src/`, relative to it, skipping `main.rs` and its private modules
/// (the binary sits above the library and only calls `cli`).
fn sources(src: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path.strip_prefix(src).unwrap().to_path_buf());
            }
        }
    }
    out.retain(|p| !matches!(p.to_str(), Some("main.rs" | "tune_allocator.rs")));
    out.sort();
    out
}

/// The module path of a file: `text/names.rs` → [text, names]; `text/mod.rs` → [text].
fn module_of(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// The file that defines module path `m`, or its nearest ancestor that exists.
fn file_of(m: &[String], files: &BTreeSet<PathBuf>) -> Option<PathBuf> {
    (0..=m.len()).rev().find_map(|n| {
        let base: PathBuf = m[..n].iter().collect();
        let candidates =
            if n == 0 { vec![PathBuf::from("lib.rs")] } else { vec![base.with_extension("rs"), base.join("mod.rs")] };
        candidates.into_iter().find(|c| files.contains(c))
    })
}

/// Module paths named in `text`: `crate::a::b` as [a, b], and `super::x` resolved from `here`.
fn named_paths(text: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // Strip comments line by line, so prose that mentions `crate::x` is not an import.
    let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let bytes = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let start_ok = i == 0 || !ident(bytes[i - 1]);
        let rest = &bytes[i..];
        let (base, skip): (Vec<String>, usize) = if start_ok && rest.starts_with(b"crate::") {
            (Vec::new(), "crate::".len())
        } else if start_ok && rest.starts_with(b"super::") {
            // `super` is the parent of the file's module (`module_of` already names a mod.rs by its folder).
            let mut base = here.to_vec();
            let mut n = 0;
            let mut r = rest;
            while r.starts_with(b"super::") {
                n += 1;
                r = &r[b"super::".len()..];
            }
            for _ in 0..n {
                base.pop();
            }
            (base, rest.len() - r.len())
        } else {
            i += 1;
            continue;
        };
        let mut path = base;
        let mut j = i + skip;
        loop {
            let s = j;
            while j < bytes.len() && ident(bytes[j]) {
                j += 1;
            }
            if s == j {
                break;
            }
            path.push(code[s..j].to_string());
            if bytes[j..].starts_with(b"::") {
                j += 2;
            } else {
                break;
            }
        }
        out.push(path);
        i = j.max(i + 1);
    }
    out
}

/// `text` without the items marked `#[cfg(test)]` (a test module, or a helper only tests use):
/// each is cut from the attribute to its closing brace, or to its `;` when it has no body.
fn without_test_items(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let end = match (item.find('{'), item.find(';')) {
            (Some(open), semi) if semi.is_none_or(|s| open < s) => {
                let mut depth = 0;
                item[open..]
                    .char_indices()
                    .find_map(|(k, c)| {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        (depth == 0).then_some(open + k + 1)
                    })
                    .unwrap_or(item.len())
            }
            (_, Some(semi)) => semi + 1,
            _ => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// File → the files it imports.
fn imports(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let files: BTreeSet<PathBuf> = sources(src).into_iter().collect();
    let mut graph = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(src.join(f)).unwrap();
        // Test code may reach anywhere below it; it is not part of the flow.
        let text = without_test_items(&text);
        let here = module_of(f);
        let is_mod_rs = f.file_name().is_some_and(|n| n == "mod.rs" || n == "lib.rs");
        let mut to = BTreeSet::new();
        for m in named_paths(&text, &here) {
            // Children re-exported or declared by a folder's face are not imports.
            if is_mod_rs && m.len() > here.len() && m[..here.len()] == here[..] {
                continue;
            }
            if let Some(target) = file_of(&m, &files).filter(|t| t != f) {
                to.insert(target);
            }
        }
        graph.insert(f.clone(), to);
    }
    graph
}

/// The files that import each other round a loop (strongly connected components of more than one file).
fn loops(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    // Reachability by depth-first search from each file: small graphs, plain code.
    let reach = |from: &PathBuf| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(f) = stack.pop() {
            for t in graph.get(&f).into_iter().flatten() {
                if seen.insert(t.clone()) {
                    stack.push(t.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&PathBuf, BTreeSet<PathBuf>> = graph.keys().map(|f| (f, reach(f))).collect();
    let mut out: Vec<Vec<PathBuf>> = Vec::new();
    for f in graph.keys() {
        let mut comp: Vec<PathBuf> = graph
            .keys()
            .filter(|g| *g != f && reachable[f].contains(*g) && reachable[*g].contains(f))
            .cloned()
            .collect();
        if comp.is_empty() {
            continue;
        }
        comp.push(f.clone());
        comp.sort();
        if !out.contains(&comp) {
            out.push(comp);
        }
    }
    out
}

fn top(f: &Path) -> String {
    module_of(f).first().cloned().unwrap_or_else(|| "lib".into())
}

#[test]
fn no_file_imports_round_a_loop() {
    let graph = imports(&common::repo().join("src"));
    assert!(graph.len() > 40, "the source files were found ({})", graph.len());
    let found = loops(&graph);
    assert!(found.is_empty(), "files that import each other: {found:#?}");
}

#[test]
fn data_flows_down_the_layers() {
    let graph = imports(&common::repo().join("src"));
    let mut wrong = Vec::new();
    for (f, to) in &graph {
        let from = top(f);
        if from == "lib" {
            continue;
        }
        let lf = layer(&from).unwrap_or_else(|| panic!("{}: module {from} is in no layer of LAYERS", f.display()));
        for t in to {
            let target = top(t);
            if target == "lib" || target == from {
                continue;
            }
            let lt = layer(&target).unwrap_or_else(|| panic!("module {target} is in no layer of LAYERS"));
            if lt > lf {
                wrong.push(format!("{} ({from}) imports {} ({target}), a higher layer", f.display(), t.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checks_see_loops_and_upward_imports() {
    // A checker that sees nothing passes everything: show it a made-up tree with both faults.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    for (file, text) in [
        ("lib.rs", "pub mod text;\npub mod render;\n"),
        ("text/mod.rs", "mod a;\nmod b;\npub use a::x;\n"),
        ("text/a.rs", "use super::b::y;\npub fn x() {}\n"),
        ("text/b.rs", "use super::a::x; // a loop\npub fn y() { crate::render::page(); }\n"),
        ("render.rs", "pub fn page() {}\n"),
    ] {
        let p = src.join(file);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let graph = imports(src);
    assert_eq!(loops(&graph), vec![vec![PathBuf::from("text/a.rs"), PathBuf::from("text/b.rs")]]);
    assert!(graph[&PathBuf::from("text/b.rs")].contains(&PathBuf::from("render.rs")));
    assert!(layer("render") > layer("text"), "so text/b.rs importing render runs up");
    assert!(graph[&PathBuf::from("text/mod.rs")].is_empty(), "a folder's face is not an import");
}

#[test]
fn no_source_file_outgrows_one_job() {
    // A file past this has usually taken on a second job; split it by job, as figures/ and article/ are.
    const MOST_LINES: usize = 500;
    let src = common::repo().join("src");
    let long: Vec<String> = sources(&src)
        .into_iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(src.join(&f)).unwrap().lines().count();
            (n > MOST_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "longer than {MOST_LINES} lines: {long:?}");
}
