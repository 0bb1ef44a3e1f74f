//! Writes a lexicon file from the TSV of `scripts/lexicons/build.py`:
//! `cargo run --release --example build_lexicon -- LANG IN.tsv OUT.bin`.
//!
//! Each TSV line is `word<TAB>lemma lemma ...` (English lemmas, best first); the word is
//! folded by `transdiff::lexicon`, so keys match run-time lookups. A line with no lemmas
//! names a function word (see [`Lexicon::from_entries`]).

use std::process::ExitCode;
use transdiff::lexicon::Lexicon;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lang, input, output] = args.as_slice() else {
        eprintln!("usage: build_lexicon LANG IN.tsv OUT.bin");
        return ExitCode::from(2);
    };
    match build(lang, input, output) {
        Ok(keys) => {
            eprintln!("{output}: {keys} keys");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build_lexicon: {e}");
            ExitCode::FAILURE
        }
    }
}

fn build(lang: &str, input: &str, output: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(input)?;
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let (word, lemmas) = line.split_once('\t').ok_or_else(|| format!("{input}:{}: no tab", n + 1))?;
        entries.push((word, lemmas.split(' ').filter(|l| !l.is_empty()).collect::<Vec<&str>>()));
    }
    let lexicon = Lexicon::from_entries(lang, entries)?;
    std::fs::write(output, lexicon.to_bytes())?;
    Ok(lexicon.len())
}
