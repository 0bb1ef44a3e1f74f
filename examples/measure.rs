//! Times `compare` natively on the bench inputs (`benches/inputs`) and measures its peak
//! heap; `scripts/bench` runs it beside the same inputs in wasm.
//!
//! `cargo run --release --example measure -- [--write DIR] [SIZES...]`
//!
//! SIZES are synthetic pairs in source sentences (default 1000 10000 100000). Prints one
//! tab-separated line per input: name, source bytes, target bytes, seconds (the fastest of
//! up to 5 runs within about 2 s), peak heap MiB; an input `compare` refuses gets a
//! `skipped` line with the reason. `--write DIR` also writes each input to
//! `DIR/NAME.source.txt` and `DIR/NAME.target.txt` and lists them in `DIR/inputs.tsv`
//! (name, units, source sentences), for the wasm run.

#[path = "../benches/inputs/mod.rs"]
mod inputs;
#[path = "../benches/inputs/peak.rs"]
mod peak;

use std::fmt::Write as _;
use std::time::Instant;
use transdiff::{CompareOptions, Units};

#[global_allocator]
static ALLOC: peak::PeakAlloc = peak::PeakAlloc;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let write = if args.peek().is_some_and(|a| a == "--write") { args.nth(1) } else { None };
    let sizes: Vec<usize> = args.map(|a| a.parse().expect("sizes are numbers of sentences")).collect();
    let sizes = if sizes.is_empty() { inputs::SYNTHETIC_SIZES.to_vec() } else { sizes };
    let lexicons = inputs::lexicons();
    let mut listing = String::new();
    println!("name\tsource_bytes\ttarget_bytes\tseconds\tpeak_mib");
    for input in inputs::inputs(&sizes) {
        let units = match input.units {
            Units::Auto => "auto",
            Units::Lines => "lines",
        };
        if let Some(dir) = &write {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(format!("{dir}/{}.source.txt", input.name), &input.source).unwrap();
            std::fs::write(format!("{dir}/{}.target.txt", input.name), &input.target).unwrap();
            let sentences = input.sentences.map_or(String::new(), |n| n.to_string());
            writeln!(listing, "{}\t{units}\t{sentences}", input.name).unwrap();
        }
        let options = CompareOptions { units: input.units, ..Default::default() };
        let run = || transdiff::compare_with(&input.source, &input.target, &options, &lexicons);
        let start = Instant::now();
        let (result, peak) = peak::peak_of(run);
        if let Err(error) = result {
            println!("skipped {}: {error}", input.name);
            continue;
        }
        let mut best = start.elapsed().as_secs_f64();
        let (mut runs, mut total) = (1, best);
        while runs < 5 && total < 2.0 {
            let start = Instant::now();
            run().unwrap();
            let seconds = start.elapsed().as_secs_f64();
            best = best.min(seconds);
            total += seconds;
            runs += 1;
        }
        let mib = peak as f64 / (1 << 20) as f64;
        println!("{}\t{}\t{}\t{best:.4}\t{mib:.1}", input.name, input.source.len(), input.target.len());
    }
    if let Some(dir) = &write {
        std::fs::write(format!("{dir}/inputs.tsv"), listing).unwrap();
    }
}
