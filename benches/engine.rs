//! Criterion benchmarks of `compare` with every lexicon loaded, as the page runs it: a news
//! article and its translation, the 7 Text+Berg documents and UDHR pairs (when
//! `../shared/eval` is there), synthetic pairs of 1k and 10k sentences.
//!
//! `cargo bench --bench engine` (a few minutes; `-- news` runs one input). Samples are few:
//! the large inputs take seconds each. The 50k and 100k pairs (8 and 19 s a compare) are
//! timed once by `scripts/bench` instead.

#[path = "inputs/mod.rs"]
mod inputs;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use std::time::Duration;
use transdiff::CompareOptions;

fn engine(c: &mut Criterion) {
    let lexicons = inputs::lexicons();
    let mut group = c.benchmark_group("compare");
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).sampling_mode(SamplingMode::Flat);
    for input in inputs::inputs(&inputs::SYNTHETIC_SIZES[..2]) {
        let options = CompareOptions { units: input.units, ..Default::default() };
        let seconds = if input.sentences.is_some_and(|n| n >= 10_000) { 30 } else { 3 };
        group.measurement_time(Duration::from_secs(seconds));
        group.throughput(Throughput::Bytes((input.source.len() + input.target.len()) as u64));
        group.bench_function(BenchmarkId::from_parameter(&input.name), |b| {
            b.iter(|| transdiff::compare_with(&input.source, &input.target, &options, &lexicons).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
