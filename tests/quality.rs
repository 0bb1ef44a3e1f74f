//! Quality floors on the yardsticks in `../shared/eval` (see its README): Text+Berg
//! sentence alignment, clean UDHR paragraph pairs, and the perturbation cases scored by
//! `evaluate.py`. Each test prints a notice and passes when the yardsticks are absent.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use transdiff::encoder::Encoder;
use transdiff::lexicon::Lexicon;
use transdiff::{CompareOptions, Lexicons, Units};

fn eval_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    if dir.join("README.md").is_file() {
        Some(dir)
    } else {
        println!("skipped: {} not found", dir.display());
        None
    }
}

fn lexicons(langs: &[&str]) -> Lexicons {
    let mut set = Lexicons::default();
    for lang in langs {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("www/lexicons/{lang}.bin"));
        if let Ok(bytes) = std::fs::read(&path) {
            set.insert(Lexicon::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        }
    }
    set
}

/// The sentence encoder of accurate mode (`make model`), or a notice when it is absent or
/// the build is a debug one (where the encoder runs hundreds of times slower).
fn encoder() -> Option<Encoder> {
    if cfg!(debug_assertions) {
        println!("skipped: accurate mode is measured in release builds (cargo test --release --test quality)");
        return None;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/model/use-m3.bin");
    match std::fs::read(&path) {
        Ok(bytes) => Some(Encoder::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))),
        Err(_) => {
            println!("skipped: {} not found (make model)", path.display());
            None
        }
    }
}

/// Lexical engine alone, or accurate mode with the sentence encoder.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Lexical,
    Accurate,
}

/// The lexicons of `langs`, with the encoder in accurate mode (None when it is absent).
fn resources(langs: &[&str], mode: Mode) -> Option<Lexicons> {
    let mut set = lexicons(langs);
    if mode == Mode::Accurate {
        set.set_encoder(encoder()?);
    }
    Some(set)
}

type BeadSet = Vec<(Vec<usize>, Vec<usize>)>;

fn read_ladder(text: &str) -> BeadSet {
    let ids = |s: &str| -> Vec<usize> {
        let mut v: Vec<usize> =
            s.trim().trim_matches(['[', ']']).split(',').filter_map(|x| x.trim().parse().ok()).collect();
        v.sort_unstable();
        v
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split(':');
            (ids(parts.next().unwrap_or("")), ids(parts.next().unwrap_or("")))
        })
        .filter(|(s, t)| !s.is_empty() || !t.is_empty())
        .collect()
}

/// Strict and lax F1 pooled over documents, as `score_ladder.py` computes them.
fn ladder_f1(docs: &[(BeadSet, BeadSet)]) -> (f64, f64) {
    let (mut ps, mut pl, mut pn, mut rs, mut rl, mut rn) = (0, 0, 0, 0, 0, 0);
    for (gold, system) in docs {
        let dedup = |b: &BeadSet| -> BeadSet {
            let mut seen = HashSet::new();
            b.iter().filter(|x| seen.insert((*x).clone())).cloned().collect()
        };
        let (gold, system) = (dedup(gold), dedup(system));
        let links = |b: &BeadSet| -> HashSet<(usize, usize)> {
            b.iter().flat_map(|(s, t)| s.iter().flat_map(move |&i| t.iter().map(move |&j| (i, j)))).collect()
        };
        let (gl, sl) = (links(&gold), links(&system));
        let (gs, ss): (HashSet<_>, HashSet<_>) = (gold.iter().cloned().collect(), system.iter().cloned().collect());
        for b in &system {
            pn += 1;
            if gs.contains(b) {
                ps += 1;
                pl += 1;
            } else if !b.0.is_empty()
                && !b.1.is_empty()
                && b.0.iter().any(|&i| b.1.iter().any(|&j| gl.contains(&(i, j))))
            {
                pl += 1;
            }
        }
        for b in gold.iter().filter(|b| !b.0.is_empty() && !b.1.is_empty()) {
            rn += 1;
            if ss.contains(b) {
                rs += 1;
                rl += 1;
            } else if b.0.iter().any(|&i| b.1.iter().any(|&j| sl.contains(&(i, j)))) {
                rl += 1;
            }
        }
    }
    let f = |p: f64, r: f64| if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    (f(ratio(ps, pn), ratio(rs, rn)), f(ratio(pl, pn), ratio(rl, rn)))
}

/// What `transdiff align --units lines` prints for two texts.
fn align_texts(source: &str, target: &str, set: &Lexicons) -> BeadSet {
    let options = CompareOptions { units: Units::Lines, ..CompareOptions::default() };
    transdiff::align_paragraphs(source, target, &options, set)
        .unwrap()
        .into_iter()
        .map(|link| (link.source, link.target))
        .collect()
}

/// What `transdiff align --units lines` prints for two files.
fn align_files(source: &Path, target: &Path, set: &Lexicons) -> BeadSet {
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    align_texts(&read(source), &read(target), set)
}

/// Strict and lax F1 of `align --units lines` on the 7 Text+Berg test documents.
fn text_berg(eval: &Path, set: &Lexicons) -> (f64, f64) {
    let dir = eval.join("text-berg-de-fr");
    let docs: Vec<(BeadSet, BeadSet)> = (0..7)
        .map(|k| {
            let gold = read_ladder(&std::fs::read_to_string(dir.join(format!("test{k}.defr"))).unwrap());
            let system = align_files(&dir.join(format!("test{k}.de")), &dir.join(format!("test{k}.fr")), set);
            (gold, system)
        })
        .collect();
    ladder_f1(&docs)
}

#[test]
fn text_berg_strict_f1_floor() {
    let Some(eval) = eval_dir() else { return };
    let (strict, lax) = text_berg(&eval, &lexicons(&["deu", "fra"]));
    println!("Text+Berg 7 test documents: strict F1 {strict:.3}, lax F1 {lax:.3}");
    assert!(strict >= 0.885, "strict F1 {strict:.3} below 0.885");
    assert!(lax >= 0.968, "lax F1 {lax:.3} below 0.968");
}

#[test]
fn text_berg_accurate_mode_floor() {
    let Some(eval) = eval_dir() else { return };
    let Some(set) = resources(&["deu", "fra"], Mode::Accurate) else { return };
    let (strict, lax) = text_berg(&eval, &set);
    println!("Text+Berg 7 test documents, accurate mode: strict F1 {strict:.3}, lax F1 {lax:.3}");
    assert!(strict >= 0.908, "strict F1 {strict:.3} below 0.908");
    assert!(lax >= 0.972, "lax F1 {lax:.3} below 0.972");
}

/// The UDHR gold of `udhr/gold.py`: one-to-one inside a section with as many paragraphs on
/// both sides, else the whole section as one bead.
fn udhr_gold(dir: &Path, src: &str, tgt: &str) -> BeadSet {
    let sections = |lang: &str| -> Vec<(String, Vec<usize>)> {
        let mut out: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, sec) in
            std::fs::read_to_string(dir.join(format!("{lang}.sections"))).unwrap().split_whitespace().enumerate()
        {
            match out.iter_mut().find(|(s, _)| s == sec) {
                Some((_, ids)) => ids.push(i),
                None => out.push((sec.to_string(), vec![i])),
            }
        }
        out
    };
    let t: BTreeMap<String, Vec<usize>> = sections(tgt).into_iter().collect();
    let mut gold = Vec::new();
    for (sec, a) in sections(src) {
        let b = t.get(&sec).cloned().unwrap_or_default();
        if a.len() == b.len() {
            gold.extend(a.into_iter().zip(b).map(|(i, j)| (vec![i], vec![j])));
        } else {
            gold.push((a, b));
        }
    }
    gold
}

/// The clean UDHR pairs of the alignment issue: file names and language codes.
const UDHR_PAIRS: [(&str, &str, &str, &str); 6] = [
    ("eng", "deu", "eng", "deu"),
    ("eng", "arb", "eng", "ara"),
    ("eng", "rus", "eng", "rus"),
    ("eng", "cmn", "eng", "cmn"),
    ("eng", "heb", "eng", "heb"),
    ("deu", "arb", "deu", "ara"),
];

/// Checks lax F1 >= 0.99 on every UDHR pair but deu-arb, which has `deu_arb_floor`.
fn udhr_floors(mode: Mode, deu_arb_floor: f64) {
    let Some(eval) = eval_dir() else { return };
    let dir = eval.join("udhr");
    for (src, tgt, lang_s, lang_t) in UDHR_PAIRS {
        let floor = if (src, tgt) == ("deu", "arb") { deu_arb_floor } else { 0.99 };
        let Some(set) = resources(&[lang_s, lang_t], mode) else { return };
        let system = align_files(&dir.join(format!("{src}.txt")), &dir.join(format!("{tgt}.txt")), &set);
        let (strict, lax) = ladder_f1(&[(udhr_gold(&dir, src, tgt), system)]);
        println!("UDHR {src}-{tgt}: strict F1 {strict:.3}, lax F1 {lax:.3}");
        assert!(lax >= floor, "UDHR {src}-{tgt}: lax F1 {lax:.3} below {floor}");
    }
}

#[test]
fn udhr_clean_pairs_lax_f1_floor() {
    // deu-arb: the Arabic preamble has no paragraph for "friendly relations between
    // nations" and splits "the General Assembly proclaims" in two, so the gold's
    // position-by-position beads pair paragraphs that do not correspond; 0.94 is what
    // a correct content alignment scores there.
    udhr_floors(Mode::Lexical, 0.93);
}

#[test]
fn udhr_accurate_mode_floor() {
    // In accurate mode the Arabic preamble's missing paragraphs are left unpaired (as they
    // are), which the gold's position-by-position preamble beads count against it.
    udhr_floors(Mode::Accurate, 0.91);
}

/// What is scored on the perturbation cases.
#[derive(Clone, Copy)]
enum Output {
    /// The comparer's report (`transdiff compare --json --units lines`).
    Report,
    /// The bare alignment (`transdiff align --units lines`) turned into a report by
    /// `ladder_report.py`: only its pairs and dropped rows mean something.
    Ladder,
}

/// Runs `perturb.py` for each case, compares with the library, and returns the rows of
/// `evaluate.py` by name: the F1 of each, and `score`.
fn evaluate_cases(eval: &Path, cases: &[(&str, u32)], mode: Mode, output: Output) -> Option<BTreeMap<String, f64>> {
    let mode_tag = if mode == Mode::Accurate { "accurate" } else { "lexical" };
    let output_tag = if matches!(output, Output::Ladder) { "-ladder" } else { "" };
    // Tests run in parallel: one directory per mode, output and case list.
    let first_seed = cases.first().map_or(0, |c| c.1);
    let work = std::env::temp_dir()
        .join(format!("transdiff-quality-{mode_tag}{output_tag}-{first_seed}-{}", std::process::id()));
    let mut args: Vec<PathBuf> = Vec::new();
    for (corpus, seed) in cases {
        let dir = work.join(format!("{}-{seed}", corpus.replace(':', "-")));
        let ok =
            Command::new("python3").arg(eval.join("perturb.py")).arg(corpus).arg(seed.to_string()).arg(&dir).status();
        if !ok.is_ok_and(|s| s.success()) {
            println!("skipped: python3 could not run perturb.py");
            return None;
        }
        let source = std::fs::read_to_string(dir.join("source.txt")).unwrap();
        let target = std::fs::read_to_string(dir.join("target.txt")).unwrap();
        let langs: Vec<String> = [&source, &target].iter().map(|t| transdiff::detect_language(t).lang).collect();
        let set = resources(&[&langs[0], &langs[1]], mode)?;
        let json = dir.join("report.json");
        match output {
            Output::Report => {
                let options = CompareOptions { units: Units::Lines, ..CompareOptions::default() };
                let report = transdiff::compare_with(&source, &target, &options, &set).unwrap();
                std::fs::write(&json, serde_json::to_string(&report).unwrap()).unwrap();
            }
            Output::Ladder => {
                let ladder: String =
                    align_texts(&source, &target, &set).iter().map(|(s, t)| format!("{s:?}:{t:?}\n")).collect();
                std::fs::write(dir.join("align.ladder"), ladder).unwrap();
                let out = Command::new("python3")
                    .arg(eval.join("ladder_report.py"))
                    .args([dir.join("source.txt"), dir.join("target.txt"), dir.join("align.ladder")])
                    .output()
                    .unwrap();
                assert!(out.status.success(), "ladder_report.py: {}", String::from_utf8_lossy(&out.stderr));
                std::fs::write(&json, out.stdout).unwrap();
            }
        }
        args.push(dir);
        args.push(json);
    }
    let out = Command::new("python3").arg(eval.join("evaluate.py")).args(&args).output().unwrap();
    let _ = std::fs::remove_dir_all(&work);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    println!("{text}");
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let Some(k) = words.iter().position(|w| *w == "F1") {
            let name = words[..words.iter().position(|w| *w == "precision").unwrap_or(1)].join(" ");
            rows.insert(name, words[k + 1].parse().unwrap_or(0.0));
        } else if words.first() == Some(&"score") {
            rows.insert("score".to_string(), words[1].parse().unwrap_or(0.0));
        }
    }
    Some(rows)
}

/// The public case list of `../shared/eval/README.md`.
const PUBLIC_CASES: [(&str, u32); 8] = [
    ("udhr:eng-deu", 1),
    ("udhr:eng-arb", 2),
    ("udhr:eng-cmn", 3),
    ("udhr:eng-rus", 4),
    ("textberg:test0", 5),
    ("textberg:test1", 6),
    ("textberg:test2", 7),
    ("textberg:test3", 8),
];

/// Other language pairs and seeds, never used to set the engine's parameters: evidence that
/// what the public list measures generalises.
const HELD_OUT_CASES: [(&str, u32); 8] = [
    ("udhr:eng-fra", 31),
    ("udhr:rus-deu", 32),
    ("udhr:eng-tur", 33),
    ("udhr:arb-eng", 34),
    ("udhr:cmn-eng", 35),
    ("textberg:test4", 36),
    ("textberg:test5", 37),
    ("textberg:test6", 38),
];

/// Scores `output` on `cases` in `mode` and checks the rows named in `floors` (F1 figures,
/// or `score`) against regression floors (a little under what was measured when they were
/// set, or what an issue asks).
fn perturbation_floors(cases: &[(&str, u32)], mode: Mode, output: Output, floors: &[(&str, f64)]) {
    let Some(eval) = eval_dir() else { return };
    let Some(rows) = evaluate_cases(&eval, cases, mode, output) else { return };
    for &(name, floor) in floors {
        let value = rows.get(name).copied().unwrap_or(0.0);
        assert!(value >= floor, "{name} {value:.3} below {floor}");
    }
}

#[test]
fn perturbation_cases_accurate_mode_floor() {
    let floors = [
        ("pairs strict", 0.94),
        ("pairs lax", 0.97),
        ("dropped", 0.90),
        ("added", 0.80),
        ("noise", 0.95),
        ("flags", 0.75),
        ("score", 0.90),
    ];
    perturbation_floors(&PUBLIC_CASES, Mode::Accurate, Output::Report, &floors);
}

#[test]
fn perturbation_cases_held_out_accurate_mode_floor() {
    let floors = [
        ("pairs strict", 0.93),
        ("pairs lax", 0.96),
        ("dropped", 0.88),
        ("added", 0.78),
        ("noise", 0.95),
        ("flags", 0.75),
        ("score", 0.89),
    ];
    perturbation_floors(&HELD_OUT_CASES, Mode::Accurate, Output::Report, &floors);
}

/// Two different Text+Berg articles (same magazine, same topic) were once judged versions of
/// each other by lexical similarity alone; accurate mode must call them unrelated, and a
/// perturbed copy of one article (drops, a move, a split) related.
#[test]
fn different_articles_on_one_topic_are_unrelated_in_accurate_mode() {
    let Some(eval) = eval_dir() else { return };
    let Some(set) = resources(&["deu", "fra"], Mode::Accurate) else { return };
    let dir = eval.join("text-berg-de-fr");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let verdict = |source: &str, target: &str| {
        transdiff::compare_with(source, target, &CompareOptions::default(), &set).unwrap().summary.verdict
    };
    for (de, fr) in [("test2.de", "test3.fr"), ("test0.de", "test1.fr"), ("test3.de", "test5.fr")] {
        assert_eq!(verdict(&read(de), &read(fr)), transdiff::Verdict::Unrelated, "{de} against {fr}");
    }
    assert_eq!(verdict(&read("test4.de"), &read("test4.fr")), transdiff::Verdict::Versions);
}

#[test]
fn perturbation_cases_public_list_floor() {
    let floors = [
        ("pairs strict", 0.94),
        ("pairs lax", 0.97),
        ("dropped", 0.88),
        ("added", 0.70),
        ("noise", 0.95),
        ("flags", 0.70),
        ("score", 0.86),
    ];
    perturbation_floors(&PUBLIC_CASES, Mode::Lexical, Output::Report, &floors);
}

/// The bare aligner on the public list, as the alignment issue asks: pairs strict >= 0.85,
/// lax >= 0.95, dropped >= 0.85 (its other rows are not its job).
#[test]
fn bare_aligner_perturbation_floor() {
    let floors = [("pairs strict", 0.85), ("pairs lax", 0.95), ("dropped", 0.85)];
    perturbation_floors(&PUBLIC_CASES, Mode::Lexical, Output::Ladder, &floors);
}
