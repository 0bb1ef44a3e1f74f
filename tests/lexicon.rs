//! The committed lexicons in www/lexicons: they load, round-trip, reject damage, and
//! bring translations of each other to shared English concepts.

use std::collections::HashMap;
use std::sync::OnceLock;
use transdiff::lexicon::{concept_id, Lexicon, LexiconError};

const LANGS: [&str; 7] = ["eng", "deu", "fra", "spa", "ara", "rus", "tur"];

fn bytes(lang: &str) -> Vec<u8> {
    let path = format!("{}/www/lexicons/{lang}.bin", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn lexicons() -> &'static HashMap<&'static str, Lexicon> {
    static ALL: OnceLock<HashMap<&'static str, Lexicon>> = OnceLock::new();
    ALL.get_or_init(|| LANGS.iter().map(|&l| (l, Lexicon::from_bytes(&bytes(l)).unwrap())).collect())
}

fn concepts(lang: &str, word: &str) -> Vec<u32> {
    lexicons()[lang].concepts(word)
}

/// True when the two words share a concept.
fn meet(a: (&str, &str), b: (&str, &str)) -> bool {
    let b = concepts(b.0, b.1);
    concepts(a.0, a.1).iter().any(|c| b.contains(c))
}

#[test]
fn every_file_loads_with_its_language() {
    for lang in LANGS {
        let lex = &lexicons()[lang];
        assert_eq!(lex.lang(), lang);
        assert!(lex.len() > 50_000, "{lang}: {} keys", lex.len());
    }
}

#[test]
fn english_forms_map_to_their_lemma() {
    assert_eq!(concepts("eng", "governments"), [concept_id("government")]);
    assert_eq!(concepts("eng", "Rights"), [concept_id("right")]);
    assert!(concepts("eng", "the").is_empty());
    assert!(concepts("eng", "qwxzv").is_empty());
}

#[test]
fn translations_meet_in_english() {
    let government = [
        ("eng", "government"),
        ("deu", "Regierung"),
        ("fra", "gouvernement"),
        ("spa", "gobierno"),
        ("ara", "الحكومة"),
        ("rus", "правительство"),
        ("tur", "hükümet"),
    ];
    for a in government {
        for b in government {
            assert!(meet(a, b), "{a:?} {b:?}");
        }
    }
    assert!(meet(("deu", "Geheimdienst"), ("eng", "intelligence")));
    assert!(meet(("deu", "Würde"), ("fra", "dignité")));
    assert!(meet(("deu", "Würde"), ("ara", "كرامة")));
    assert!(meet(("deu", "Menschen"), ("eng", "people")));
    assert!(!meet(("deu", "Regierung"), ("fra", "fromage")));
}

#[test]
fn normalisation_per_language() {
    // German: case, umlauts, inflection, compounds.
    assert_eq!(concepts("deu", "REGIERUNGEN"), concepts("deu", "regierungen"));
    assert!(meet(("deu", "Häusern"), ("eng", "house")));
    assert!(meet(("deu", "Nordostwand"), ("eng", "wall")));
    assert!(meet(("deu", "Regierungssprecherinnenbüro"), ("eng", "government")));
    // French: elision, accents.
    assert!(meet(("fra", "l'homme"), ("eng", "man")));
    assert!(meet(("fra", "L’Homme"), ("eng", "man")));
    assert_eq!(concepts("fra", "DIGNITE"), concepts("fra", "dignité"));
    // Spanish: inflection.
    assert!(meet(("spa", "derechos"), ("eng", "right")));
    // Arabic: article, conjunction and preposition clitics, pronoun suffixes, harakat.
    for w in ["والحكومة", "بالحكومة", "للحكومة", "حكومتها", "الْحُكُومَة"] {
        assert!(meet(("ara", w), ("eng", "government")), "{w}");
    }
    // Russian: stress marks, ё, inflection.
    assert_eq!(concepts("rus", "пра́во"), concepts("rus", "право"));
    assert!(meet(("rus", "правительства"), ("eng", "government")));
    // Turkish: dotted capital I, suffixes.
    assert!(meet(("tur", "İnsan"), ("eng", "human")));
    assert!(meet(("tur", "hükümetlerin"), ("eng", "government")));
}

#[test]
fn files_round_trip_byte_for_byte() {
    for lang in ["deu", "ara"] {
        let original = bytes(lang);
        assert_eq!(Lexicon::from_bytes(&original).unwrap().to_bytes(), original, "{lang}");
    }
}

#[test]
fn damaged_files_are_errors() {
    let original = bytes("fra");
    assert!(matches!(Lexicon::from_bytes(&original[..original.len() / 2]), Err(LexiconError::Truncated)));
    assert!(Lexicon::from_bytes(&original[..original.len() - 1]).is_err());
    assert_eq!(Lexicon::from_bytes(&original[1..]), Err(LexiconError::NotALexicon));
    let mut damaged = original.clone();
    for i in (9..damaged.len()).step_by(997) {
        damaged[i] ^= 0x5a;
    }
    // Either an error or some lexicon: never a panic.
    let _ = Lexicon::from_bytes(&damaged);
    let err = Lexicon::from_bytes(b"").unwrap_err();
    assert!(!err.to_string().is_empty());
}
