//! The core compiled to wasm32 behaves as on the host; run in Node by `wasm-pack test --node`.
//! (The bindings' own tests sit beside them in `src/wasm.rs`.)
#![cfg(target_arch = "wasm32")]

use transdiff::{compare, detect_language, CompareOptions, Status};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_source_paragraph_is_paired_or_has_a_fate() {
    let report = compare("One.\n\nTwo.\n\nThree.", "Eins.\n\nZwei.", &CompareOptions::default()).unwrap();
    assert_eq!(report.source.paragraphs.len(), 3);
    assert_eq!(report.target.paragraphs.len(), 2);
    for paragraph in &report.source.paragraphs {
        assert!(paragraph.pair.is_some() || paragraph.status != Status::Matched, "{paragraph:?}");
    }
}

#[wasm_bindgen_test]
fn detects_languages_and_directions() {
    let arabic = detect_language("يولد جميع الناس أحراراً متساوين في الكرامة والحقوق، وقد وهبوا عقلاً وضميراً.");
    assert_eq!(arabic.direction, "rtl");
    let german = detect_language("Alle Menschen sind frei und gleich an Würde und Rechten geboren.");
    assert_eq!(german.lang, "deu");
}

#[wasm_bindgen_test]
fn report_serializes_to_json() {
    let report = compare("Ein Satz.", "Ein Satz.", &CompareOptions::default()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["version"], transdiff::REPORT_VERSION);
}
