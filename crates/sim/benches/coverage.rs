//! Coverage benchmark: the whole `coverage::compute` (four radar Pd maps, cumulative and
//! combined maps, contours, engagement zones, vertical diagrams, detection ranges) for
//! two battalions at 48°N 67°E ± 20 km, terrain off, on grids of 250², 500² and 1000²
//! nodes covering every radar's instrumented range, with 1 and 2 rayon threads.
//!
//! Run: `cargo bench -p iadsim-sim --bench coverage`.

#[path = "../tests/radar_support.rs"]
mod support;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use iadsim_sim::coverage::{CoverageRequest, GridSpec, compute};

fn bench(c: &mut Criterion) {
    let setup = support::regiment_setup();
    let mut group = c.benchmark_group("coverage");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    let threads: Vec<usize> = match std::env::var("IADSIM_BENCH_THREADS") {
        Ok(s) => s.split(',').filter_map(|t| t.trim().parse().ok()).collect(),
        Err(_) => vec![1, 2],
    };
    for &n in &[250usize, 500, 1000] {
        let mut req = CoverageRequest::new(&setup);
        req.grid = GridSpec::covering(&setup, n, n);
        req.rcs = 1.0;
        req.target_height = 1_000.0;
        for &t in &threads {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .unwrap();
            group.bench_with_input(
                BenchmarkId::new(format!("{n}x{n}"), format!("{t}-threads")),
                &req,
                |b, req| b.iter(|| pool.install(|| black_box(compute(&setup, req).unwrap()))),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
