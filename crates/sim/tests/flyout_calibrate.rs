//! Calibration of the catalogue airframes: the checks that the table in
//! `engage/flyout/airframes.rs` meets the catalogue figures. The reproducible fit itself
//! is `cargo run -p iadsim-sim --release --example flyout_refit`.

use std::sync::Arc;

use iadsim_sim::engage::flyout::FlightSettings;
use iadsim_sim::engage::flyout::airframes::Airframe;
use iadsim_sim::engage::flyout::calibrate::{self, TARGETS};
use iadsim_sim::engage::flyout::envelope::Criteria;
use iadsim_sim::engage::flyout::reference;
use iadsim_sim::setup::Missile;

/// The catalogue missile figures the airframes take (crates/scenario/catalogue.yaml).
fn missile(type_name: &str) -> Missile {
    calibrate::catalogue_missile(type_name).expect("a catalogue missile")
}

fn check_reach(name: &str) {
    let (_, range, ceiling) = *TARGETS.iter().find(|t| t.0 == name).unwrap();
    let m = missile(name);
    let af = Arc::new(Airframe::for_missile(&m).unwrap());
    let settings = FlightSettings::default();
    let criteria = Criteria::default();
    // Ground range of the intercept point (it can fall short of the aimed one when the
    // flight takes longer than the planner expected), if the criterion holds.
    let hit =
        |r: f64, h: f64| reference::reference_aircraft_intercept(&af, &settings, &criteria, r, h);
    // Maximum range within 5 %: over target heights from 3 km to 0.8 of the ceiling and
    // aimed ranges from 95 % to 130 % of the catalogue figure, the farthest intercept is
    // within 5 % of it.
    let mut far: f64 = 0.0;
    for h in calibrate::range_heights(ceiling) {
        for f in [0.95, 1.0, 1.025, 1.05, 1.075, 1.1, 1.15, 1.2, 1.3] {
            if let Some(got) = hit(f * range, h) {
                far = far.max(got);
            }
        }
    }
    assert!(
        (far / range - 1.0).abs() < 0.05,
        "{name}: farthest intercept {far} m vs {range} m"
    );
    // Ceiling within 5 %: an intercept at 95 % of it at some range, none at 105 % at any.
    let ranges = calibrate::ceiling_ranges(range);
    assert!(
        ranges.iter().any(|&r| hit(r, 0.95 * ceiling).is_some()),
        "{name}: no intercept at 95 % of ceiling {ceiling} m"
    );
    for &r in &ranges {
        assert!(
            hit(r, 1.05 * ceiling).is_none(),
            "{name}: intercept above 105 % of ceiling at {r} m"
        );
    }
    println!(
        "{name}: farthest intercept {:.1} km (catalogue {:.0} km); ceiling within 5 % of {:.0} km",
        far / 1e3,
        range / 1e3,
        ceiling / 1e3
    );
}

#[test]
fn reach_40n6e() {
    check_reach("40N6E");
}

#[test]
fn reach_48n6e3() {
    check_reach("48N6E3");
}

#[test]
fn reach_48n6e2() {
    check_reach("48N6E2");
}

#[test]
fn reach_9m96e2() {
    check_reach("9M96E2");
}

#[test]
fn reach_9m96e() {
    check_reach("9M96E");
}
