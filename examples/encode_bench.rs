//! Times the sentence encoder natively: model load, tokenisation, and embedding throughput
//! on the parity sentences (tests/fixtures/encoder/sentences.txt) and, when present, the
//! UDHR paragraphs in ../shared/eval/udhr.
//!
//! `cargo run --release --example encode_bench -- [MODEL] [--min-seconds S]`
//!
//! MODEL defaults to www/model/use-m3.bin (`make model` builds it).
//!
//! Built for wasm32 the example is a module for `node scripts/model/bench-wasm.mjs`, which
//! times the same work in WebAssembly:
//! `cargo build --release --target wasm32-unknown-unknown --example encode_bench`.

#[cfg(not(target_arch = "wasm32"))]
use std::time::{Duration, Instant};

#[cfg(not(target_arch = "wasm32"))]
use transdiff::encoder::Encoder;

/// What the wasm build exports to the Node driver: a buffer to copy bytes into, loading
/// the model from it, and embedding newline-separated sentences from it.
#[cfg(target_arch = "wasm32")]
mod wasm {
    use std::sync::OnceLock;
    use transdiff::encoder::{cosine, Encoder};

    static ENCODER: OnceLock<Encoder> = OnceLock::new();
    static mut BUFFER: Vec<u8> = Vec::new();

    #[allow(static_mut_refs)]
    fn buffer() -> &'static mut Vec<u8> {
        // SAFETY: wasm32-unknown-unknown runs one thread; the driver calls one export at a time.
        unsafe { &mut BUFFER }
    }

    /// A buffer of `len` bytes for the driver to fill; its address.
    #[no_mangle]
    pub extern "C" fn bench_buffer(len: usize) -> *mut u8 {
        let b = buffer();
        b.clear();
        b.resize(len, 0);
        b.as_mut_ptr()
    }

    /// Loads the model from the buffer: 0 when it loads, 1 when it does not.
    #[no_mangle]
    pub extern "C" fn bench_load() -> u32 {
        match Encoder::from_bytes(buffer()) {
            Ok(e) => {
                let _ = ENCODER.set(e);
                buffer().clear();
                buffer().shrink_to_fit();
                0
            }
            Err(_) => 1,
        }
    }

    fn texts() -> Vec<&'static str> {
        std::str::from_utf8(buffer()).unwrap_or("").lines().collect()
    }

    /// Embeds the buffer's lines; the number of tokens.
    #[no_mangle]
    pub extern "C" fn bench_embed() -> u32 {
        let e = ENCODER.get().expect("model loaded");
        let t = texts();
        std::hint::black_box(e.embed(&t));
        t.iter().map(|s| e.tokenize(s).len() as u32).sum()
    }

    /// Tokenises the buffer's lines; the number of tokens.
    #[no_mangle]
    pub extern "C" fn bench_tokenize() -> u32 {
        let e = ENCODER.get().expect("model loaded");
        texts().iter().map(|s| e.tokenize(s).len() as u32).sum()
    }

    /// Cosine of the embeddings of the buffer's first two lines (a sanity check).
    #[no_mangle]
    pub extern "C" fn bench_cosine() -> f32 {
        let e = ENCODER.get().expect("model loaded");
        let v = e.embed(&texts()[..2]);
        cosine(&v[0], &v[1])
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
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

#[cfg(not(target_arch = "wasm32"))]
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

#[cfg(not(target_arch = "wasm32"))]
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
        if name == "fixture" {
            let v = encoder.embed(&["The cat sleeps on the sofa.", "Le chat dort sur le canapé."]);
            println!("check\tcosine(cat en, cat fr) = {:.6}", transdiff::encoder::cosine(&v[0], &v[1]));
        }
        println!(
            "embed {name}\t{:.0} sentences/s\t{:.0} tokens/s\t{:.1} ms for {} sentences",
            set.len() as f64 / took.as_secs_f64(),
            n as f64 / took.as_secs_f64(),
            took.as_secs_f64() * 1e3,
            set.len()
        );
    }
}
