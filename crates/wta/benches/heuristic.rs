//! Criterion benchmark of the heuristic on a generated 100 weapons × 200 targets × 2 shots
//! instance (values uniform in [25, 100], kill probabilities uniform in [0.6, 0.9]).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iadsim_wta::{Instance, Method, SolveOptions, solve};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn generated(weapons: usize, targets: usize, shots: u32, seed: u64) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let values = (0..targets)
        .map(|_| rng.random_range(25.0..100.0))
        .collect();
    let pk = (0..weapons)
        .map(|_| (0..targets).map(|_| rng.random_range(0.6..0.9)).collect())
        .collect();
    Instance::new(values, pk, vec![shots; weapons]).expect("valid generated instance")
}

fn bench(c: &mut Criterion) {
    let instance = generated(100, 200, 2, 7);
    let mut group = c.benchmark_group("wta_100x200x2");
    group.sample_size(10);
    for (name, method, iterations) in [
        ("greedy", Method::Greedy, 0),
        ("heuristic_20_rounds", Method::Heuristic, 20),
    ] {
        let options = SolveOptions {
            method,
            time_limit: None,
            max_iterations: Some(iterations),
            ..SolveOptions::default()
        };
        group.bench_function(name, |b| b.iter(|| solve(black_box(&instance), &options)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
