//! Looks up the words of texts in the lexicons, for scripts/lexicons/coverage.py:
//! `cargo run --release --example lexicon_lookup -- www/lexicons < lines`.
//!
//! Each input line is `LANG<TAB>text`; each output line has one tab-separated field per
//! word token of the text, `word=id,id,...` (ids in hex, none when the word is unknown).

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use transdiff::lexicon::Lexicon;
use transdiff::text::{tokenize, TokenKind};

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: lexicon_lookup LEXICON_DIR < LANG<TAB>text lines");
        return ExitCode::from(2);
    };
    match run(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lexicon_lookup: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut lexicons: HashMap<String, Lexicon> = HashMap::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let (lang, text) = line.split_once('\t').ok_or("input line without a tab")?;
        if !lexicons.contains_key(lang) {
            let bytes = std::fs::read(format!("{dir}/{lang}.bin"))?;
            lexicons.insert(lang.to_string(), Lexicon::from_bytes(&bytes)?);
        }
        let lexicon = &lexicons[lang];
        let fields: Vec<String> = tokenize(text)
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| {
                let word = &text[t.start..t.end];
                let ids: Vec<String> = lexicon.concepts(word).iter().map(|id| format!("{id:x}")).collect();
                format!("{word}={}", ids.join(","))
            })
            .collect();
        writeln!(out, "{}", fields.join("\t"))?;
    }
    Ok(())
}
