//! Times the sentence encoder natively: model load, tokenisation, and embedding throughput
//! on the parity sentences (tests/fixtures/encoder/sentences.txt) and, when present, the
//! UDHR paragraphs in ../shared/eval/udhr.
//!
//! `cargo run --release --example encode_bench -- [MODEL] [--min-seconds S]`
//!
//! MODEL defaults to www/model/use-m3.bin (`make model` builds it).

use std::time::{Duration, Instant};

use transdiff::encoder::Encoder;

fn sentences(root: &std::path::Path) -> (Vec<String>, usize) {
    let fixture = std::fs::read_to_string(root.join("tests/fixtures/encoder/sentences.txt")).unwrap_or_default();
    let mut out: Vec<String> =
        fixture.lines().filter(|l| !l.starts_with('#') && *l != "<empty>").map(String::from).collect();
    let fixture_count = out.len();
    if let Ok(dir) = std::fs::read_dir(root.join("../shared/eval/udhr")) {
        let mut files: Vec<_> =
            dir.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            out.extend(text.lines().filter(|l| !l.trim().is_empty()).map(String::from));
        }
    }
    (out, fixture_count)
}

/// Runs `f` until `min` has passed (at least once); the fastest run.
fn fastest(min: Duration, mut f: impl FnMut()) -> Duration {
    let started = Instant::now();
    let mut best = Duration::MAX;
    loop {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        if started.elapsed() >= min {
            return best;
        }
    }
}

fn main() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let mut model = root.join("www/model/use-m3.bin");
    let mut min = Duration::from_secs(3);
    while let Some(a) = args.next() {
        if a == "--min-seconds" {
            min = Duration::from_secs_f64(args.next().and_then(|s| s.parse().ok()).expect("--min-seconds S"));
        } else {
            model = a.into();
        }
    }
    let bytes = match std::fs::read(&model) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e} (build it with `make model`)", model.display());
            std::process::exit(1);
        }
    };
    let t = Instant::now();
    let encoder = Encoder::from_bytes(&bytes).expect("model loads");
    let load = t.elapsed();
    println!(
        "model\t{}\t{} bytes\tloaded in {:.0} ms\t{:.1} MiB resident",
        model.display(),
        bytes.len(),
        load.as_secs_f64() * 1e3,
        encoder.memory() as f64 / (1 << 20) as f64
    );

    let (texts, fixture) = sentences(&root);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let tokens: usize = refs.iter().map(|t| encoder.tokenize(t).len()).sum();
    println!(
        "input\t{} sentences ({} fixture, {} UDHR)\t{} tokens\t{:.1} tokens a sentence",
        refs.len(),
        fixture,
        refs.len() - fixture,
        tokens,
        tokens as f64 / refs.len() as f64
    );

    let tok = fastest(min / 4, || {
        for t in &refs {
            std::hint::black_box(encoder.tokenize(t));
        }
    });
    println!(
        "tokenize\t{:.0} sentences/s\t{:.2} MB/s",
        refs.len() as f64 / tok.as_secs_f64(),
        refs.iter().map(|t| t.len()).sum::<usize>() as f64 / tok.as_secs_f64() / 1e6
    );

    for (name, set) in [("fixture", &refs[..fixture]), ("all", &refs[..])] {
        let took = fastest(min, || {
            std::hint::black_box(encoder.embed(set));
        });
        let n: usize = set.iter().map(|t| encoder.tokenize(t).len()).sum();
        println!(
            "embed {name}\t{:.0} sentences/s\t{:.0} tokens/s\t{:.1} ms for {} sentences",
            set.len() as f64 / took.as_secs_f64(),
            n as f64 / took.as_secs_f64(),
            took.as_secs_f64() * 1e3,
            set.len()
        );
    }
}
