//! Miss distances with seeker noise (glint, angle and receiver noise), for the homing step
//! far from the end game: the 0.01 s seeker period throughout against the engine's
//! 0.05 s until the last 4 s of time to go. Monte Carlo over seeds; perfect track uplinks
//! at 1 s, engine steps of 0.5 s, targets flying straight.
//!
//! `cargo run --release -p iadsim-sim --example homing_noise_study`

use std::sync::Arc;

use iadsim_sim::assess::damage::DamageFunction;
use iadsim_sim::engage::flyout::geometry::{point_at, reference_site};
use iadsim_sim::engage::flyout::guidance::TargetEstimate;
use iadsim_sim::engage::flyout::reference::{ConstantVelocity, TargetMotion};
use iadsim_sim::engage::flyout::seeker::glint_sigma;
use iadsim_sim::engage::flyout::settings::planning_settings;
use iadsim_sim::engage::flyout::{Airframe, Flight, FlightEvent, airframes};
use iadsim_sim::setup::ThreatClass;
use iadsim_sim::truth::ThreatMotionOverStep;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// One noisy flight; the miss distance, if the fuze fired.
fn fly(
    af: &Arc<Airframe>,
    coarse: f64,
    target: &ConstantVelocity,
    glint: f64,
    seed: u64,
) -> Option<f64> {
    let settings = iadsim_sim::engage::flyout::FlightSettings {
        coarse_homing_step: coarse,
        ..planning_settings()
    };
    let launcher = reference_site().to_ecef().0;
    let est = |t: f64| {
        let (p, v) = target.state(t).expect("target");
        TargetEstimate {
            position: p,
            velocity: v,
            time: t,
        }
    };
    let mut flight = Flight::launch(Arc::clone(af), settings, &launcher, 0.0, est(0.0));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dt = 0.5;
    for k in 0..600 {
        let (t0, t1) = (f64::from(k) * dt, f64::from(k + 1) * dt);
        let motion = [ThreatMotionOverStep {
            index: 0,
            position: [target.state(t0)?.0, target.state(t1)?.0],
            glint,
        }];
        match flight.advance(t0, t1, Some(est(t0)), &motion, Some(&mut rng)) {
            FlightEvent::Flying => {}
            FlightEvent::Fuzed { miss, .. } => return Some(miss),
            FlightEvent::Ended { .. } => return None,
        }
    }
    None
}

fn main() {
    let site = reference_site();
    let cases = [
        (
            "48N6E3 vs fighter, 60 km / 10 km, inbound",
            "48N6E3",
            163.0,
            60_000.0,
            10_000.0,
            ThreatClass::Aircraft,
        ),
        (
            "9M96E2 vs cruise missile, 25 km / 100 m, inbound",
            "9M96E2",
            156.0,
            25_000.0,
            100.0,
            ThreatClass::CruiseMissile,
        ),
    ];
    println!(
        "case | homing step far out s | fuzed / flights | mean miss m | RMS m | 90th pct m | mean Pk (Gaussian, P_k0 0.8, R_l 20 m / 0.7, 5 m)"
    );
    for (name, ty, ft, range, height, class) in cases {
        let spec = *airframes::spec(ty).expect("catalogue");
        let (pk0, rl) = if ty == "9M96E2" {
            (0.7, 5.0)
        } else {
            (0.8, 20.0)
        };
        let af = Arc::new(Airframe::from_spec(spec, ft, rl, pk0));
        let p = point_at(&site, 0.0, range + 250.0 * 60.0, height);
        let q = point_at(&site, 0.0, range + 250.0 * 59.0, height);
        let target = ConstantVelocity {
            position: p,
            velocity: (q - p).normalize() * 250.0,
            time: 0.0,
        };
        for coarse in [0.01, 0.05] {
            let n = 200;
            let mut misses: Vec<f64> = (0..n)
                .filter_map(|s| fly(&af, coarse, &target, glint_sigma(class), s))
                .collect();
            misses.sort_by(f64::total_cmp);
            let m = misses.len() as f64;
            let mean = misses.iter().sum::<f64>() / m;
            let rms = (misses.iter().map(|d| d * d).sum::<f64>() / m).sqrt();
            let p90 = misses[((0.9 * m) as usize).min(misses.len() - 1)];
            let pk = misses
                .iter()
                .map(|&d| DamageFunction::Gaussian.pk(d, pk0, rl))
                .sum::<f64>()
                / n as f64;
            println!(
                "{name} | {coarse} | {} / {n} | {mean:.2} | {rms:.2} | {p90:.2} | {pk:.3}",
                misses.len()
            );
        }
    }
}
