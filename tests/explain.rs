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
    assert!(text.contains("threshold:  0.") && text.contains("= 0.14 + 1.70 × background"), "{text}");
    assert!(text.contains("nearest other event: u-s-officials-visit-el-salvadors"), "{text}");
}

#[test]
fn a_founding_article_shows_why_it_did_not_join() {
    let text = explain("004-vozus-17-violent-criminals-sent-to-el-salvador");
    assert!(text.contains("decision:   founded a new event"), "{text}");
    let near = text.lines().find(|l| l.contains("nearest other event:")).unwrap();
    assert!(near.contains("u-s-officials-visit-el-salvadors"), "{near}");
    // The visit shares vocabulary (Noem, Bukele) but is four days earlier: the time factor says so.
    assert!(text.contains("× time 0.51"), "{text}");
    let names = text.lines().find(|l| l.contains("shared names:")).unwrap();
    assert!(names.contains("noem"), "{names}");
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
