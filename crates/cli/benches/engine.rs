//! Engine throughput on the shipped regiment scenario: one replication, events discarded
//! and events serialised as JSON Lines to memory. Compare the time per replication with
//! the scenario's simulated duration for the faster-than-real-time factor. The first
//! models (fixed-Pd radar, nearest-neighbour tracker, lead-collision interceptor) are
//! timed too, the faster set for screening studies.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use iadsim_io::JsonlSink;
use iadsim_sim::events::NullSink;

fn regiment(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/regiment_defense.yaml");
    let setup = iadsim_scenario::load_path(&path)
        .expect("shipped scenario loads")
        .setup;
    let mut group = c.benchmark_group("regiment_defense");
    group.sample_size(20);
    group.bench_function("run, events discarded", |b| {
        b.iter(|| iadsim_sim::run(black_box(&setup), 0, &mut NullSink).unwrap())
    });
    let first = iadsim_sim::EngineOptions {
        radar_model: iadsim_sim::RadarModelKind::FixedPd,
        tracker: iadsim_sim::TrackerKind::NearestNeighbour,
        interceptor_model: iadsim_sim::InterceptorModelKind::LeadCollision,
        ..Default::default()
    };
    group.bench_function("run, first models, events discarded", |b| {
        b.iter(|| iadsim_sim::run_with(black_box(&setup), 0, &mut NullSink, &first).unwrap())
    });
    group.bench_function("run, events as JSON Lines", |b| {
        b.iter(|| {
            let mut sink = JsonlSink::new(Vec::with_capacity(1 << 22));
            iadsim_sim::run(black_box(&setup), 0, &mut sink).unwrap();
            sink.finish().unwrap().len()
        })
    });
    group.finish();
}

criterion_group!(benches, regiment);
criterion_main!(benches);
