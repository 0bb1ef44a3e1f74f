//! Snapshot tests of comparison reports for small fixtures in several languages
//! (`tests/fixtures/compare/`), with the committed lexicons of `www/lexicons/`. Review
//! changes with `cargo insta review`.

use serde_json::{json, Value};
use transdiff::lexicon::Lexicon;
use transdiff::{compare_with, CompareOptions, Lexicons, Report};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/compare/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The parts of a report a reader acts on: statuses, pairs and their flags, the summary.
fn digest(report: &Report) -> Value {
    let side = |s: &transdiff::Side| -> Value {
        json!({
            "lang": s.lang,
            "direction": s.language.direction,
            "paragraphs": s.paragraphs.iter().map(|p| json!([p.status, p.text.chars().take(40).collect::<String>()])).collect::<Vec<_>>(),
        })
    };
    json!({
        "source": side(&report.source),
        "target": side(&report.target),
        "pairs": report.pairs.iter().map(|p| json!({
            "source": p.source,
            "target": p.target,
            "moved": p.moved,
            "flags": p.flags.iter().map(|f| json!([f.kind, f.message])).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "summary": {
            "verdict": report.summary.verdict,
            "matched": report.summary.matched,
            "dropped": report.summary.dropped,
            "added": report.summary.added,
            "noise": report.summary.noise,
        },
        "notices": report.notices,
    })
}

fn compared(source: &str, target: &str) -> Value {
    let (source, target) = (fixture(source), fixture(target));
    let mut lexicons = Lexicons::default();
    for text in [&source, &target] {
        let lang = transdiff::detect_language(text).lang;
        let path = format!("{}/www/lexicons/{lang}.bin", env!("CARGO_MANIFEST_DIR"));
        if let Ok(bytes) = std::fs::read(&path) {
            lexicons.insert(Lexicon::from_bytes(&bytes).unwrap());
        }
    }
    digest(&compare_with(&source, &target, &CompareOptions::default(), &lexicons).unwrap())
}

#[test]
fn english_german_changed_number_and_name() {
    insta::assert_json_snapshot!(compared("en.txt", "de.txt"));
}

#[test]
fn english_arabic_right_to_left() {
    insta::assert_json_snapshot!(compared("en.txt", "ar.txt"));
}

#[test]
fn english_rewrite_word_substitution() {
    insta::assert_json_snapshot!(compared("en.txt", "en-rewrite.txt"));
}
