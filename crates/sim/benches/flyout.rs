//! Flyouts per second (one core): a 48N6E3 against the reference aircraft at 250 km,
//! 15 km high, noise-free seeker, at the library's default steps (0.05 s midcourse,
//! 0.01 s homing) and at the engine's settings (0.1 s midcourse, gas-dynamic turnover;
//! [`iadsim_sim::engage::flyout::settings::planning_settings`]).
//!
//! `cargo bench -p iadsim-sim --bench flyout`

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use iadsim_sim::engage::flyout::reference::fly_reference_aircraft;
use iadsim_sim::engage::flyout::settings::planning_settings;
use iadsim_sim::engage::flyout::{Airframe, FlightSettings, airframes};

fn flyout(c: &mut Criterion) {
    let spec = *airframes::spec("48N6E3").unwrap();
    let af = Arc::new(Airframe::from_spec(spec, 163.0, 20.0, 0.8));
    let settings = FlightSettings::default();
    let probe = fly_reference_aircraft(&af, &settings, 245_000.0, 15_000.0);
    eprintln!("250 km class flyout: {:?}", probe.event);
    let mut group = c.benchmark_group("flyout");
    group.sample_size(30);
    group.bench_function("48N6E3 vs aircraft at 245 km", |b| {
        b.iter(|| {
            black_box(fly_reference_aircraft(
                &af,
                &settings,
                black_box(245_000.0),
                15_000.0,
            ))
        })
    });
    let engine = planning_settings();
    let probe = fly_reference_aircraft(&af, &engine, 245_000.0, 15_000.0);
    eprintln!("250 km class flyout, engine settings: {:?}", probe.event);
    group.bench_function("48N6E3 vs aircraft at 245 km, engine step", |b| {
        b.iter(|| {
            black_box(fly_reference_aircraft(
                &af,
                &engine,
                black_box(245_000.0),
                15_000.0,
            ))
        })
    });
    let af40 = Arc::new(Airframe::from_spec(
        *airframes::spec("40N6E").unwrap(),
        433.0,
        20.0,
        0.8,
    ));
    group.bench_function("40N6E vs aircraft at 380 km", |b| {
        b.iter(|| {
            black_box(fly_reference_aircraft(
                &af40,
                &settings,
                black_box(380_000.0),
                15_000.0,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, flyout);
criterion_main!(benches);
