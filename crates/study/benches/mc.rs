//! Monte Carlo throughput on the shipped regiment scenario: a study of 8 replications
//! (tables written to a temporary folder) with 1 and 2 worker threads, and the cost of
//! turning one engine summary into a table row (the study's own per-replication overhead).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use iadsim_sim::events::NullSink;
use iadsim_study::{Measures, Shard, StudyConfig, run_study};

fn mc(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/regiment_defense.yaml");
    let setup = iadsim_scenario::load_path(&path)
        .expect("shipped scenario loads")
        .setup;
    let summary = iadsim_sim::run(&setup, 0, &mut NullSink).expect("runs");
    let measures = Measures::new(&setup);
    let mut group = c.benchmark_group("mc_regiment_defense");
    group.bench_function("row from summary", |b| {
        b.iter(|| measures.row(black_box(&summary)))
    });
    group.sample_size(10);
    for threads in [1, 2] {
        group.bench_function(format!("8 replications, {threads} thread(s)"), |b| {
            let dir = tempfile::tempdir().expect("temp dir");
            let config = StudyConfig {
                runs: 8,
                threads,
                shard: Shard::WHOLE,
                options: Default::default(),
                progress: false,
                cancel: None,
            };
            b.iter(|| run_study(black_box(&setup), &config, dir.path()).expect("study runs"))
        });
    }
    group.finish();
}

criterion_group!(benches, mc);
criterion_main!(benches);
