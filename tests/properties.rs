//! Property tests: `compare` and `align` hold their invariants on any input — arbitrary
//! Unicode, control characters, U+FFFD, mixed scripts, very long lines, thousands of empty
//! lines, one paragraph repeated many times. The checks live in `tests/invariants/mod.rs`,
//! shared with the fuzz target's regressions.
#![cfg(not(target_arch = "wasm32"))]

mod invariants;

use invariants::{check_beads, check_report};
use proptest::prelude::*;
use std::cell::Cell;
use std::sync::OnceLock;
use transdiff::{lexicon::Lexicon, CompareOptions, Lexicons, Units};

/// The page's lexicons of the languages in [`PIECES`], loaded once.
fn lexicons() -> &'static Lexicons {
    static LEXICONS: OnceLock<Lexicons> = OnceLock::new();
    LEXICONS.get_or_init(|| {
        let mut set = Lexicons::default();
        for lang in ["eng", "deu", "fra", "ara", "rus", "cmn"] {
            let path = format!("{}/www/lexicons/{lang}.bin", env!("CARGO_MANIFEST_DIR"));
            if let Ok(bytes) = std::fs::read(&path) {
                set.insert(Lexicon::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}")));
            }
        }
        set
    })
}

/// Words and marks of several scripts, and the characters that trouble segmenters.
const PIECES: &[&str] = &[
    "the",
    "Haus",
    "année",
    "über",
    "Zürich",
    "Müller",
    "said",
    "report",
    "Mr.",
    "U.S.",
    "e.g.",
    "Wort-",
    "ende",
    "3.5",
    "1,000",
    "2024",
    "12%",
    "الناس",
    "أحراراً",
    "في",
    "الكرامة",
    "والحقوق",
    "٣٤",
    "٢٠٢٤",
    "Все",
    "люди",
    "рождаются",
    "свободными",
    "Москва",
    "1917",
    "人人生而自由",
    "在尊严和权利上一律平等",
    "。",
    "東京",
    "２０２４",
    "です",
    "한국어",
    ".",
    "!",
    "?",
    "«",
    "»",
    "\"",
    "'",
    "-",
    "—",
    "…",
    "(",
    ")",
    ":",
    ";",
    ",",
    "\u{FFFD}",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\t",
    "\u{b}",
    "\u{c}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{200b}",
    "\u{feff}",
    "\u{ad}",
    "\u{202e}",
    "\u{301}",
    "😀",
    "𝔘",
    "👩‍👩‍👧",
    "<p>",
    "</p>",
    "<br>",
    "&amp;",
    "&#x1F600;",
    "\r",
    "\n",
    "\r\n",
    "\n\n",
    " ",
];

/// A run of pieces and arbitrary characters, glued with spaces or nothing.
fn line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z]{1,12}",
    ];
    proptest::collection::vec((piece, any::<bool>()), 0..24)
        .prop_map(|parts| parts.into_iter().map(|(p, space)| if space { p + " " } else { p }).collect())
}

/// One side's text: mixed lines, a very long line, thousands of empty lines, a paragraph
/// repeated many times, or any string at all.
fn text() -> impl Strategy<Value = String> {
    let separator = proptest::sample::select(&["\n", "\n\n", "\r\n", "\r", "\n \n", "\n\t\n\n"][..]);
    prop_oneof![
        4 => proptest::collection::vec((line(), separator.clone()), 0..30)
            .prop_map(|lines| lines.into_iter().map(|(l, s)| l + s).collect()),
        1 => (line(), 50..200usize).prop_map(|(l, n)| vec![l.as_str(); n].join(" ")),
        1 => (line(), 1000..4000usize, line()).prop_map(|(a, n, b)| a + &"\n".repeat(n) + &b),
        1 => (line(), 10..80usize, separator).prop_map(|(l, n, s)| vec![l.as_str(); n].join(s)),
        1 => any::<String>(),
    ]
}

/// A source and a target made from it: some paragraphs dropped, numbers changed, so that
/// pairs and flags occur.
fn related() -> impl Strategy<Value = (String, String)> {
    (proptest::collection::vec((line(), any::<bool>(), any::<bool>()), 1..25), proptest::bool::ANY).prop_map(
        |(paragraphs, blank_lines)| {
            let separator = if blank_lines { "\n\n" } else { "\n" };
            let source: Vec<&str> = paragraphs.iter().map(|(p, _, _)| p.as_str()).collect();
            let target: Vec<String> = paragraphs
                .iter()
                .filter(|(_, keep, _)| *keep)
                .map(|(p, _, change)| if *change { p.replace('1', "7").replace("2024", "2025") } else { p.clone() })
                .collect();
            (source.join(separator), target.join(separator))
        },
    )
}

fn compare_both(source: &str, target: &str) {
    for units in [Units::Auto, Units::Lines] {
        let options = CompareOptions { units, ..Default::default() };
        let report = transdiff::compare(source, target, &options).expect("no language override: no error");
        check_report(source, target, units, &report);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn compare_keeps_every_paragraph_on_any_texts(source in text(), target in text()) {
        compare_both(&source, &target);
    }

    #[test]
    fn compare_keeps_every_paragraph_on_related_texts((source, target) in related()) {
        compare_both(&source, &target);
    }

    #[test]
    fn align_beads_cover_both_sides_in_order(
        source in proptest::collection::vec(line(), 0..30),
        target in proptest::collection::vec(line(), 0..30),
    ) {
        let s: Vec<&str> = source.iter().map(String::as_str).collect();
        let t: Vec<&str> = target.iter().map(String::as_str).collect();
        check_beads(&transdiff::align(&s, &t), s.len(), t.len());
    }
}

proptest! {
    // The slowest cases: identical units make every pair a candidate; lexicons add concepts.
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// With lexicons, and a clock that runs out of budget at any point of the work.
    #[test]
    fn compare_with_lexicons_and_budget_holds_invariants((source, target) in related(), budget in 0.0..60.0f64) {
        for units in [Units::Auto, Units::Lines] {
            let options = CompareOptions { units, time_budget_ms: Some(budget), ..Default::default() };
            let clock = Cell::new(0.0);
            let now = || {
                clock.set(clock.get() + 1.0);
                clock.get()
            };
            let report = transdiff::compare_timed(&source, &target, &options, lexicons(), &now).unwrap();
            check_report(&source, &target, units, &report);
        }
    }

    #[test]
    fn compare_with_itself_holds_invariants(source in text()) {
        compare_both(&source, &source);
    }

    #[test]
    fn align_beads_cover_repeated_units(unit in line(), n in 1..60usize, m in 1..60usize) {
        let (s, t) = (vec![unit.as_str(); n], vec![unit.as_str(); m]);
        check_beads(&transdiff::align(&s, &t), n, m);
    }
}
