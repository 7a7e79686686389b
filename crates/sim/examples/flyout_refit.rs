//! The reproducible fit of the catalogue airframes ([C] values in
//! `engage/flyout/airframes.rs`) and of the intercept criterion's hand-over error
//! (`Criteria::default` in `engage/flyout/envelope.rs`). Slow (about ten minutes on two
//! cores): run in release.
//!
//! ```text
//! cargo run -p iadsim-sim --release --example flyout_refit             # the whole fit
//! ONLY=48N6E3 cargo run -p iadsim-sim --release --example flyout_refit # one airframe
//! cargo run -p iadsim-sim --release --example flyout_refit -- handover # ε_h alone
//! ```
//!
//! `tests/flyout_calibrate.rs` checks that the table meets the catalogue figures.

use std::sync::Arc;
use std::time::Instant;

use iadsim_sim::engage::flyout::FlightSettings;
use iadsim_sim::engage::flyout::airframes::{self, Airframe};
use iadsim_sim::engage::flyout::calibrate::{self, TARGETS};
use iadsim_sim::engage::flyout::envelope::Criteria;
use iadsim_sim::setup::Missile;

fn missile(type_name: &str) -> Missile {
    calibrate::catalogue_missile(type_name).expect("a catalogue missile")
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("handover") {
        refit_handover_error();
    } else {
        refit();
    }
}

/// The whole fit: first the criterion's hand-over error ε_h jointly with the 40N6E (ε_h
/// sets the ballistic ceiling, 25 km; the 40N6E's α_max the aircraft ceiling, 30 km; each
/// moves the other), then every airframe with the final criterion. Prints the values to
/// paste into `flyout/airframes.rs` (the `entry` rows) and `flyout/envelope.rs`
/// (`Criteria::default`). Set `ONLY=<type>` to refit one airframe with the current ε_h.
fn refit() {
    let only = std::env::var("ONLY").ok();
    let mut criteria = Criteria::default();
    if only.is_none() {
        let m = missile("40N6E");
        let mut spec = *airframes::spec("40N6E").unwrap();
        for round in 0..8 {
            let (s, r) =
                calibrate::fit_at_loft(spec, &m, &criteria, 400_000.0, 30_000.0, spec.loft)
                    .expect("40N6E fit");
            spec = s;
            let af = Arc::new(Airframe::from_spec(
                s,
                m.max_flight_time,
                m.lethal_radius,
                m.single_shot_pk,
            ));
            let next = calibrate::fit_handover_error(&af, &criteria, 25_000.0);
            println!(
                "round {round}: 40N6E m_p {:.1} kg alpha {:.2} deg (range {:.1} km, ceiling {:.2} km); handover_error {:.5} -> {:.5} rad",
                s.propellant_mass,
                s.alpha_max.to_degrees(),
                r.max_range / 1e3,
                r.ceiling / 1e3,
                criteria.handover_error,
                next.handover_error
            );
            let done = (next.handover_error / criteria.handover_error - 1.0).abs() < 0.01;
            criteria = next;
            if done {
                break;
            }
        }
        println!(
            "Criteria::default handover_error: {:.5} rad",
            criteria.handover_error
        );
    }
    for (name, range, ceiling) in TARGETS {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let t0 = Instant::now();
        let spec = *airframes::spec(name).unwrap();
        let m = missile(name);
        match calibrate::fit(spec, &m, &criteria, range, ceiling) {
            Some((s, r)) => {
                println!(
                    "    /* [C] */ {:.1}, {:.2}, {:.1}, {}),  // {name}",
                    s.propellant_mass,
                    s.alpha_max.to_degrees(),
                    s.thruster_accel,
                    s.loft
                );
                println!(
                    "{name}: propellant_mass {:.1} kg, alpha_max {:.2} deg, thruster {:.1} m/s2, loft {} | max range {:.1} km at {:.1} km, ceiling {:.2} km at {:.1} km ({:.0?})",
                    s.propellant_mass,
                    s.alpha_max.to_degrees(),
                    s.thruster_accel,
                    s.loft,
                    r.max_range / 1e3,
                    r.max_range_height / 1e3,
                    r.ceiling / 1e3,
                    r.ceiling_range / 1e3,
                    t0.elapsed()
                );
            }
            None => println!("{name}: no fit ({:.0?})", t0.elapsed()),
        }
    }
}

/// Fits the criterion's hand-over heading error so that the (catalogue) 40N6E's ceiling
/// against the reference 1,000 km ballistic missile is 25 km.
fn refit_handover_error() {
    let af = Arc::new(Airframe::for_missile(&missile("40N6E")).unwrap());
    let c = calibrate::fit_handover_error(&af, &Criteria::default(), 25_000.0);
    let got = calibrate::ballistic_ceiling(&af, &FlightSettings::default(), &c);
    println!(
        "handover_error {:.5} rad -> ballistic ceiling {got:?}",
        c.handover_error
    );
}
