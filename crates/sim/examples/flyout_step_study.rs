//! Convergence study of the in-engine flyout's midcourse step: time of flight, miss
//! distance and cost against the 0.01 s reference, for a 48N6E3 against the reference
//! aircraft at 245 km / 15 km, a 40N6E at 380 km / 15 km, a 9M96E2 at 100 km / 6 km and a
//! 40N6E against the reference 1,000 km ballistic missile (seeker noise off, so only the
//! integration differs).
//!
//! `cargo run --release -p iadsim-sim --example flyout_step_study`

use std::sync::Arc;
use std::time::Instant;

use iadsim_core::Geodetic;
use iadsim_sim::engage::flyout::geometry::reference_site;
use iadsim_sim::engage::flyout::reference::{fly_against, fly_reference_aircraft};
use iadsim_sim::engage::flyout::settings;
use iadsim_sim::engage::flyout::{Airframe, FlightSettings, airframes, calibrate};
use iadsim_sim::truth::Trajectory;

fn airframe(name: &str, flight_time: f64) -> Arc<Airframe> {
    Arc::new(Airframe::from_spec(
        *airframes::spec(name).expect("catalogue airframe"),
        flight_time,
        20.0,
        0.8,
    ))
}

/// A case of the homing-step table: name, airframe, reference aircraft (range, height)
/// or `None` for the ballistic case.
type Case = (String, Arc<Airframe>, Option<(f64, f64)>);

/// The aircraft cases: name, airframe, reference aircraft range and height, m.
fn aircraft_cases() -> Vec<(&'static str, Arc<Airframe>, f64, f64)> {
    vec![
        (
            "48N6E3 vs aircraft 245 km/15 km",
            airframe("48N6E3", 163.0),
            245_000.0,
            15_000.0,
        ),
        (
            "40N6E vs aircraft 380 km/15 km",
            airframe("40N6E", 433.0),
            380_000.0,
            15_000.0,
        ),
        (
            "9M96E2 vs aircraft 100 km/6 km",
            airframe("9M96E2", 100.0),
            100_000.0,
            6_000.0,
        ),
    ]
}

/// The midcourse-step table against the reference aircraft (header and one row per case
/// and step).
fn midcourse_aircraft_rows(steps: &[f64], cases: &[(&str, Arc<Airframe>, f64, f64)]) {
    println!("case | midcourse step s | time of flight s | miss m | flyouts/s");
    for (name, af, range, height) in cases {
        for &h in steps {
            let settings = FlightSettings {
                midcourse_step: h,
                ..FlightSettings::default()
            };
            let r = fly_reference_aircraft(af, &settings, *range, *height);
            let n = 20;
            let t = Instant::now();
            for _ in 0..n {
                std::hint::black_box(fly_reference_aircraft(af, &settings, *range, *height));
            }
            let rate = n as f64 / t.elapsed().as_secs_f64();
            match r.intercept {
                Some(i) => println!(
                    "{name} | {h} | {:.3} | {:.3} | {rate:.0}",
                    i.time_of_flight, i.miss
                ),
                None => println!("{name} | {h} | - | - ({:?}) | {rate:.0}", r.event),
            }
        }
    }
}

/// The midcourse-step rows of the 40N6E against the reference ballistic missile,
/// launched at `launch` s.
fn midcourse_ballistic_rows(
    steps: &[f64],
    af: &Arc<Airframe>,
    site: &Geodetic,
    launch: f64,
    tr: &Trajectory,
) {
    for &h in steps {
        let settings = FlightSettings {
            midcourse_step: h,
            ..FlightSettings::default()
        };
        let r = fly_against(af, &settings, &site.to_ecef().0, launch, tr, 0.5, false);
        match r.intercept {
            Some(i) => println!(
                "40N6E vs 1,000 km BM, launch 40 s before impact | {h} | {:.3} | {:.3} | -",
                i.time_of_flight, i.miss
            ),
            None => println!("40N6E vs BM | {h} | - | - ({:?}) | -", r.event),
        }
    }
}

/// The coarse-homing-step rows of every case (the aircraft and the ballistic missile).
fn coarse_homing_rows(all: &[Case], site: &Geodetic, launch: f64, tr: &Trajectory) {
    for (name, af, aircraft) in all {
        for &h in &[0.01, 0.02, 0.05, 0.1] {
            let settings = FlightSettings {
                coarse_homing_step: h,
                ..settings::planning_settings()
            };
            let fly = || match aircraft {
                Some((range, height)) => fly_reference_aircraft(af, &settings, *range, *height),
                None => fly_against(af, &settings, &site.to_ecef().0, launch, tr, 0.5, false),
            };
            let r = fly();
            let n = 20;
            let t = Instant::now();
            for _ in 0..n {
                std::hint::black_box(fly());
            }
            let rate = n as f64 / t.elapsed().as_secs_f64();
            match r.intercept {
                Some(i) => println!(
                    "{name} | {h} | {:.3} | {:.3} | {rate:.0}",
                    i.time_of_flight, i.miss
                ),
                None => println!("{name} | {h} | - | - ({:?}) | {rate:.0}", r.event),
            }
        }
    }
}

fn main() {
    let steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5];
    let cases = aircraft_cases();
    midcourse_aircraft_rows(&steps, &cases);
    let site = reference_site();
    let threat = calibrate::reference_ballistic_threat(Geodetic::from_degrees(
        site.lat.to_degrees(),
        site.lon.to_degrees(),
        0.0,
    ));
    let tr = Trajectory::new(&threat).expect("reference ballistic trajectory");
    let af = airframe("40N6E", 433.0);
    let launch = tr.end_time() - 40.0;
    midcourse_ballistic_rows(&steps, &af, &site, launch, &tr);

    // Homing step while the time to go exceeds FINE_HOMING_TIME (the engine's settings
    // otherwise: 0.1 s midcourse; the last 4 s at the 0.01 s seeker period in every case).
    println!();
    println!("case | coarse homing step s | time of flight s | miss m | flyouts/s");
    let mut all: Vec<Case> = cases
        .iter()
        .map(|(n, a, r, h)| (n.to_string(), Arc::clone(a), Some((*r, *h))))
        .collect();
    all.push((
        "40N6E vs 1,000 km BM, launch 40 s before impact".into(),
        af,
        None,
    ));
    coarse_homing_rows(&all, &site, launch, &tr);
}
