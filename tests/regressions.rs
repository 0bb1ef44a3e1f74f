//! Inputs that once broke an invariant or a plain expectation, kept as they were found
//! (see `tests/properties.rs` and `fuzz/` for how they are searched).
#![cfg(not(target_arch = "wasm32"))]

mod invariants;

use transdiff::{CompareOptions, Status, Units, Verdict};

fn compare_itself(text: &str, units: Units) -> transdiff::Report {
    let report = transdiff::compare(text, text, &CompareOptions { units, ..Default::default() }).unwrap();
    invariants::check_report(text, text, units, &report);
    report
}

/// A text compared with itself has nothing dropped or added and is a version of itself.
fn assert_nothing_lost(report: &transdiff::Report) {
    let lost: Vec<_> = report
        .source
        .paragraphs
        .iter()
        .chain(&report.target.paragraphs)
        .filter(|p| matches!(p.status, Status::Dropped | Status::Added))
        .map(|p| (p.status, p.text.as_str()))
        .collect();
    assert!(lost.is_empty(), "identical texts, yet dropped or added: {lost:?}");
    assert_ne!(report.summary.verdict, Verdict::Unrelated);
}

/// Found by the scaling probe: when every paragraph is alike, mismatched pairs are as similar
/// as aligned ones, the texts are judged unrelated, and the shared-passage threshold
/// (3 x the mismatched similarity) exceeds 1, so even identical pairs are taken apart.
#[test]
fn text_of_one_repeated_paragraph_compared_with_itself_is_matched() {
    let text = ["The council voted 38 to 21 on Tuesday to build the new tram line, Mayor Helena Brandt said."; 10]
        .join("\n\n");
    assert_nothing_lost(&compare_itself(&text, Units::Auto));
}

/// The same with a list of near-identical lines (a price list), one a line.
#[test]
fn list_of_alike_lines_compared_with_itself_is_matched() {
    let text: Vec<String> =
        (1..=12).map(|k| format!("Article {k}: the price of a ticket is {} euros.", k * 3)).collect();
    assert_nothing_lost(&compare_itself(&text.join("\n"), Units::Lines));
}

/// The aligner on the same repeated units: one-to-one beads over both sides.
#[test]
fn repeated_units_align_one_to_one() {
    let units = ["The council voted 38 to 21 on Tuesday."; 40];
    let beads = transdiff::align(&units, &units);
    invariants::check_beads(&beads, units.len(), units.len());
    assert!(beads.iter().all(|b| b.source.len() == 1 && b.target.len() == 1), "{beads:?}");
}

/// A misspelt name inside a hyphenated compound (`St. Moritz Bad` rendered `St. Moirtz-Bad`)
/// went unflagged: the compound was compared as one word.
#[test]
fn misspelt_name_inside_a_hyphenated_compound_is_flagged() {
    let source = "The group waited in the cold at the post office in St. Moritz Bad before the long climb.";
    let target = "The group waited in the cold at the post office in St. Moirtz-Bad before the long climb.";
    let report = transdiff::compare(source, target, &CompareOptions::default()).unwrap();
    let names: Vec<&str> = report.pairs[0]
        .flags
        .iter()
        .filter(|f| f.kind == transdiff::FlagKind::NameMismatch)
        .flat_map(|f| f.target.iter().map(|e| e.text.as_str()))
        .collect();
    assert_eq!(names, ["Moirtz"], "{:?}", report.pairs[0].flags);
}

/// A sentence-opening word was flagged as a misspelt name (`Alles` against `Elles`) although
/// the target writes `elles` elsewhere: inside a hyphenated word (`sont-elles`), whose parts
/// the document's word counts did not see.
#[test]
fn word_the_target_writes_inside_a_hyphenated_word_is_not_a_misspelling() {
    let source = "Ich brauche einige Augenblicke, um wieder zu Atem zu kommen. Alles ist grau und unscharf. \
                  Meine Brille ist sieben oder acht Meter tiefer verschwunden.\n\n\
                  Wo sind die Handschuhe geblieben? Niemand weiss es am Abend in der Hütte.";
    let target = "Il me faut quelques secondes pour reprendre mon souffle. Tout est gris et flou. \
                  Mes lunettes? Elles ont disparu sept à huit mètres plus bas.\n\n\
                  Où les gants sont-elles restées? Personne ne le sait le soir à la cabane.";
    let report = transdiff::compare(source, target, &CompareOptions::default()).unwrap();
    let names: Vec<&str> = report
        .pairs
        .iter()
        .flat_map(|p| &p.flags)
        .filter(|f| f.kind == transdiff::FlagKind::NameMismatch)
        .flat_map(|f| f.target.iter().map(|e| e.text.as_str()))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}
