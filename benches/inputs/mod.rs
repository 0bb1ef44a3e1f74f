//! The inputs of the benchmarks (`benches/engine.rs`, `examples/measure.rs`, `scripts/bench`):
//! a news article and its translation, the Text+Berg documents and UDHR pairs of
//! `../shared/eval` when present (read in place, never copied), and synthetic pairs.

pub mod synthetic;

use std::path::{Path, PathBuf};
use transdiff::{lexicon::Lexicon, Lexicons, Units};

/// One comparison to time.
pub struct Input {
    /// Short name: `news`, `textberg-test0`, `udhr-eng-arb`, `synthetic-10000`.
    pub name: String,
    pub source: String,
    pub target: String,
    pub units: Units,
    /// Source sentences of a synthetic pair (the size the growth is fitted on).
    pub sentences: Option<usize>,
}

/// Synthetic sizes, in source sentences: 100,000 (about 12 MB a side) is the largest round
/// size under `transdiff::MAX_INPUT_BYTES` (16 MiB).
pub const SYNTHETIC_SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The synthetic pair of `n` source sentences, one sentence a line.
pub fn synthetic(n: usize) -> Input {
    let (source, target, _) = synthetic::synthetic_pair(n, 0x5eed + n as u64);
    Input {
        name: format!("synthetic-{n}"),
        source: source.join("\n"),
        target: target.join("\n"),
        units: Units::Lines,
        sentences: Some(n),
    }
}

/// Every input, the synthetic ones of `sizes` last; prints a notice for yardsticks absent.
pub fn inputs(sizes: &[usize]) -> Vec<Input> {
    let mut out = vec![Input {
        name: "news".into(),
        source: read(&root().join("benches/inputs/news.en.txt")),
        target: read(&root().join("benches/inputs/news.fr.txt")),
        units: Units::Auto,
        sentences: None,
    }];
    let eval = root().join("../shared/eval");
    let lines = |name: String, source: PathBuf, target: PathBuf| Input {
        name,
        source: read(&source),
        target: read(&target),
        units: Units::Lines,
        sentences: None,
    };
    let berg = eval.join("text-berg-de-fr");
    if berg.is_dir() {
        for k in 0..7 {
            let (de, fr) = (berg.join(format!("test{k}.de")), berg.join(format!("test{k}.fr")));
            out.push(lines(format!("textberg-test{k}"), de, fr));
        }
    } else {
        println!("notice: {} not found, Text+Berg inputs skipped", berg.display());
    }
    let udhr = eval.join("udhr");
    if udhr.is_dir() {
        for tgt in ["deu", "arb", "rus", "cmn"] {
            out.push(lines(format!("udhr-eng-{tgt}"), udhr.join("eng.txt"), udhr.join(format!("{tgt}.txt"))));
        }
    } else {
        println!("notice: {} not found, UDHR inputs skipped", udhr.display());
    }
    out.extend(sizes.iter().map(|&n| synthetic(n)));
    out
}

/// Every lexicon in `www/lexicons`, as the page loads them.
pub fn lexicons() -> Lexicons {
    let mut set = Lexicons::default();
    let dir = root().join("www/lexicons");
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    paths.sort();
    for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "bin")) {
        set.insert(
            Lexicon::from_bytes(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        );
    }
    set
}
