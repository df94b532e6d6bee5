//! Extraction tests: what counts as a figure, the ranges qualifiers give, the hinted scan and the bound.

use super::*;
use crate::figures::fixtures::{SAMPLE, body, one, show};

#[test]
fn hinted_extraction_finds_what_the_full_scan_finds() {
    let extra = "Officials said two flights left.\n\n- 17 members of Tren de Aragua\n1. A list item with no number\n\
        See https://example.org/2025/03/31/news for 238 more.\nThe   prison   holds\tforty thousand.\n\n\
        # Dozens arrived\nNo figure here at all.";
    let texts: Vec<String> = SAMPLE.iter().map(|(_, md)| body(md).to_string()).chain([extra.to_string()]).collect();
    let mut found = 0;
    for text in &texts {
        let mut hints = Vec::new();
        crate::text::Features::extract_noting_figures("", "", text, &mut hints);
        assert!(hints.windows(2).all(|w| w[0] < w[1]), "hints are in text order");
        let full = extract(text);
        assert_eq!(extract_at(text, &hints), full);
        found += full.len();
    }
    assert!(found > 10, "the texts state figures");
    assert!(extract_at(extra, &[]).is_empty(), "no hints, no figures");
}

#[test]
fn skips_years_dates_times_names_and_ordinals() {
    let all: Vec<String> = SAMPLE.iter().flat_map(|(_, md)| extract(body(md))).map(|f| f.text).collect();
    for bad in ["1798", "16", "13", "18", "01", "2025", "two"] {
        assert!(!all.iter().any(|t| t.contains(bad) && !t.contains(',')), "{bad} in {all:?}");
    }
    let text = "On March 16 under a 1798 war law, MS-13 and Barrio 18 gangs posted at 01:01 on X.\n\n\
                1. In 2025 the first 3rd-party report named the two nations. See https://x.test/2024/05/17 now.";
    assert_eq!(extract(text), vec![]);
}

#[test]
fn qualifiers_become_ranges() {
    let cases = [
        ("They found 40 bodies.", "40..40"),
        ("More than 200 people fled.", "200..inf"),
        ("At least 12 people died.", "12..inf"),
        ("Fewer than 50 homes stand.", "0..50"),
        ("As many as 500 people may have died.", "0..500"),
        ("The arena can hold up to 20,000 fans.", "20000..20000"),
        ("About 300 homes flooded.", "270..330"),
        ("Nearly 300 houses flooded.", "270..300"),
        ("Hundreds of people marched.", "200..999"),
        ("Dozens of tents burned.", "24..99"),
        ("Thousands of fans cheered.", "2000..9999"),
        ("A dozen officers came.", "12..12"),
        ("Some 2.5 million voters came.", "2250000..2750000"),
    ];
    for (text, want) in cases {
        let f = one(text);
        assert_eq!(format!("{}..{}", show(f.lo), show(f.hi)), want, "{text}");
    }
    let f = one("The plan cost $6 million in total.");
    assert_eq!((f.counted.as_str(), f.key.as_str(), f.lo), ("dollars", "dollar", 6e6));
    let f = one("It holds a capacity of up to 14,000 inmates.");
    assert_eq!(
        (f.text.as_str(), f.counted.as_str(), f.key.as_str(), f.capacity),
        ("up to 14,000", "inmates", "inmate", true)
    );
    let f = one("Officials said 17 violent gang members were deported on Monday.");
    assert_eq!((f.counted.as_str(), f.key.as_str(), f.kind.as_str()), ("gang members", "member", "people"));
}

#[test]
fn a_figure_stated_again_is_kept_once_and_an_article_gives_a_bounded_number() {
    let again = extract("Police said 120 cars burned. Later 120 cars burned again. Then 130 cars burned.");
    let texts: Vec<&str> = again.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(texts, ["120", "130"], "the repeat goes, the first statement stays");
    assert!(again[0].sentence.starts_with("Police said"));
    let many: String = (0..500).map(|i| format!("They saw {} birds at lake {i}. ", 100 + i)).collect();
    let figs = extract(&many);
    assert_eq!(figs.len(), MAX_PER_ARTICLE);
    assert_eq!(figs[0].value, Some(100.0), "the first ones in reading order are kept");
}

#[test]
fn a_figure_knows_where_it_is_in_its_sentence() {
    let text = "The   prison\u{a0}holds\tup to  14,000 inmates.\n\"Over 200\" Venezuelans,\nabout 15,000 members — and $6 million.";
    let texts: Vec<String> = SAMPLE.iter().map(|(_, md)| body(md).to_string()).chain([text.to_string()]).collect();
    for t in &texts {
        for f in extract(t) {
            assert_eq!(f.sentence.get(f.at.clone()), Some(f.text.as_str()), "{f:?}");
        }
    }
    let f = one("It holds a capacity of up to 14,000 inmates.");
    assert_eq!(f.at, 23..35);
}
