//! Inputs a person may paste by mistake or on purpose: each gives a clear message or a
//! sensible report, never a panic.

use transdiff::{compare, CompareOptions, Error, Status, Units, Verdict, MAX_INPUT_BYTES};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/compare/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn auto() -> CompareOptions {
    CompareOptions::default()
}

#[test]
fn empty_and_whitespace_sides_give_an_empty_verdict() {
    for (s, t) in [("", ""), ("   \n\n\t ", "Some text here."), ("Some text here.", "\n\n")] {
        let report = compare(s, t, &auto()).unwrap();
        assert_eq!(report.summary.verdict, Verdict::Empty, "{s:?} / {t:?}");
        assert!(report.pairs.is_empty());
    }
}

#[test]
fn identical_sides_match_everywhere_without_flags() {
    let text = fixture("en.txt");
    let report = compare(&text, &text, &auto()).unwrap();
    assert!(report.source.paragraphs.iter().all(|p| matches!(p.status, Status::Matched | Status::Noise)));
    assert!(report.pairs.iter().all(|p| p.flags.is_empty() && p.source == p.target));
    assert_eq!(report.summary.coverage, 1.0);
}

#[test]
fn a_side_of_furniture_only_is_noise_not_added_content() {
    let report = compare(&fixture("en.txt"), "Advertisement\n\nRead more\n\nShare this article", &auto()).unwrap();
    assert!(report.target.paragraphs.iter().all(|p| p.status == Status::Noise));
    assert_eq!(report.summary.added, 0);
}

#[test]
fn swapped_sides_turn_drops_into_additions() {
    let (en, de) = (fixture("en.txt"), fixture("de.txt"));
    let forward = compare(&en, &de, &auto()).unwrap();
    let backward = compare(&de, &en, &auto()).unwrap();
    assert_eq!(forward.summary.dropped, backward.summary.added);
    assert_eq!(forward.summary.added, backward.summary.dropped);
}

#[test]
fn unsupported_scripts_still_align_by_shape() {
    let georgian = "ყველა ადამიანი იბადება თავისუფალი.\n\nყველას აქვს უფლება 1948 წელს.";
    let tibetan = "སྐྱེ་བོ་ཡོངས་རྫོགས་རང་དབང་.\n\nལོ་1948 ལ་ཐོབ་ཐང་.";
    let report = compare(georgian, tibetan, &auto()).unwrap();
    assert_eq!(report.pairs.len(), 2);
}

#[test]
fn unrelated_texts_are_said_to_be_unrelated() {
    let report = compare(&fixture("recipe.txt"), &fixture("storm.txt"), &auto()).unwrap();
    assert_eq!(report.summary.verdict, Verdict::Unrelated, "{:?}", report.summary);
    assert!(report.notices.iter().any(|n| n.contains("do not look like versions")));
}

#[test]
fn oversized_input_is_refused_with_its_size() {
    let big = "a".repeat(MAX_INPUT_BYTES + 1);
    let error = compare(&big, "b", &auto()).unwrap_err();
    assert!(matches!(error, Error::TooLarge { side: "source", .. }));
    assert!(error.to_string().contains("limit"));
}

#[test]
fn five_megabyte_paste_of_one_line_is_compared() {
    let line = "word ".repeat(1_000_000);
    let report = compare(&line, "word word word", &CompareOptions { units: Units::Lines, ..auto() }).unwrap();
    assert_eq!(report.source.paragraphs.len(), 1);
    assert!(report.source.paragraphs[0].text == line, "the line must come back byte for byte");
}

#[test]
fn binary_bytes_and_mixed_line_endings() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let report = compare(&text, "one\r\ntwo\rthree\n", &CompareOptions { units: Units::Lines, ..auto() }).unwrap();
    assert_eq!(report.target.paragraphs.len(), 3);
}

#[test]
fn unknown_language_code_is_an_error() {
    let options = CompareOptions { source_lang: Some("xx-nowhere".into()), ..auto() };
    assert_eq!(compare("a", "b", &options).unwrap_err(), Error::UnknownLanguage("xx-nowhere".into()));
}
