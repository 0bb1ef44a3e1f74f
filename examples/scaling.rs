//! Time and peak memory of the aligner on synthetic document pairs of growing size.
//!
//! `cargo run --release --example scaling -- 1000 10000 20000 100000`
//!
//! Each pair is generated from a fixed seed by `benches/inputs/synthetic.rs`; the known
//! answer gives the strict F1 of the alignment too.

#[path = "../benches/inputs/peak.rs"]
mod peak;
#[path = "../benches/inputs/synthetic.rs"]
mod synthetic;

use std::collections::HashSet;
use std::time::Instant;

#[global_allocator]
static ALLOC: peak::PeakAlloc = peak::PeakAlloc;

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000, 20_000] } else { sizes };
    println!("{:>8} {:>8} {:>10} {:>12} {:>10}", "source", "target", "seconds", "peak MiB", "strict F1");
    for n in sizes {
        let (source, target, gold) = synthetic::synthetic_pair(n, 0x5eed + n as u64);
        let s: Vec<&str> = source.iter().map(String::as_str).collect();
        let t: Vec<&str> = target.iter().map(String::as_str).collect();
        let start = Instant::now();
        let (beads, peak) = peak::peak_of(|| transdiff::align(&s, &t));
        let seconds = start.elapsed().as_secs_f64();
        let peak = peak as f64 / (1 << 20) as f64;
        let found: HashSet<(Vec<usize>, Vec<usize>)> = beads
            .iter()
            .filter(|b| !b.source.is_empty() && !b.target.is_empty())
            .map(|b| (b.source.clone().collect(), b.target.clone().collect()))
            .collect();
        let hits = found.intersection(&gold).count() as f64;
        let (p, r) = (hits / found.len().max(1) as f64, hits / gold.len().max(1) as f64);
        let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        println!("{:>8} {:>8} {:>10.3} {:>12.1} {:>10.3}", s.len(), t.len(), seconds, peak, f1);
    }
}
