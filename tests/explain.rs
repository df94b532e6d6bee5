//! `roundup explain` tells a curator why an article is where it is.

mod common;
use common::*;

fn explain(id: &str) -> String {
    let site = sample_site();
    let out = roundup(&["explain", id, "--root", site.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_joined_article_shows_evidence_time_and_threshold() {
    let text = explain("001-fizoti-us-deports-17-gang-members");
    assert!(text.contains("event:      2025-03-31-17-violent-criminals-from-el-tren"), "{text}");
    assert!(text.contains("decision:   joined: score "), "{text}");
    assert!(text.contains("0.5 days to the event's nearest dated article"), "{text}");
    let terms = text.lines().find(|l| l.contains("shared terms:")).unwrap();
    assert!(terms.contains("rubio"), "{terms}");
    assert!(text.contains("threshold:  0.200, fixed"), "{text}");
    assert!(text.contains("nearest other event: 2025-03-27-dhs-secretary-kristi-noem-tours-el"), "{text}");
    assert!(!text.contains("undated:"), "{text}");
}

#[test]
fn a_founding_article_shows_why_it_did_not_join() {
    let text = explain("004-vozus-17-violent-criminals-sent-to-el-salvador");
    assert!(text.contains("decision:   founded a new event"), "{text}");
    let near = text.lines().find(|l| l.contains("nearest other event:")).unwrap();
    assert!(near.contains("2025-03-27-dhs-secretary-kristi-noem-tours-el"), "{near}");
    // The visit shares vocabulary (Noem, Bukele) but is four days earlier: the time factor
    // (0.35 + 0.65 × 2^-4, four half-lives of a day) says so.
    assert!(text.contains("× time 0.391"), "{text}");
    let names = text.lines().find(|l| l.contains("shared names:")).unwrap();
    assert!(names.contains("noem"), "{names}");
}

#[test]
fn an_undated_article_is_placed_by_content_against_the_dated_coverage() {
    let text = explain("003-costaricapost-officials-visit-prison");
    // The event is named by its first dated article, not by the undated Costa Rica Post.
    assert!(text.contains("event:      2025-03-27-dhs-secretary-kristi-noem-tours-el"), "{text}");
    assert!(text.contains("decision:   joined"), "{text}");
    // Undated, but its text names the Wednesday of the visit, which one of the event's dated
    // articles fits: the time factor is a same-day one.
    assert!(
        text.contains("× time 1.000 (undated, but the text names a Wednesday: 0 days from a Wednesday or the day after to the event's dated days)"),
        "{text}"
    );
    assert!(
        text.contains("undated:    placed after every dated article, by its content and any weekday it names"),
        "{text}"
    );
}

#[test]
fn unknown_ids_get_a_suggestion() {
    let site = sample_site();
    let out = roundup(&["explain", "004-vozus", "--root", site.path().to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("the closest is \"004-vozus-17-violent-criminals-sent-to-el-salvador\"")
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `roundup explain ID | head -1`: the pipe closes before the report is written.
    let site = sample_site();
    let mut child = std::process::Command::new(bin())
        .args(["explain", "004-vozus-17-violent-criminals-sent-to-el-salvador", "--root"])
        .arg(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "status {:?}: {err}", out.status);
    assert!(!err.contains("panicked"), "{err}");
}
