//! The 3-DOF equations of motion and their RK4 integration: energy conservation when
//! coasting in vacuum, fourth-order step convergence with thrust, drag and lift on, and
//! the size of the Earth-rotation terms the default model leaves out.

use std::sync::Arc;

use iadsim_core::{Enu, Geodetic, LocalFrame, Vector3};
use iadsim_sim::engage::flyout::FlightSettings;
use iadsim_sim::engage::flyout::airframes::{self, Airframe};
use iadsim_sim::engage::flyout::dynamics::{self, MissileState, Physics, StepInputs};
use iadsim_sim::engage::flyout::envelope::Criteria;
use iadsim_sim::engage::flyout::geometry;
use iadsim_sim::engage::flyout::reference::{assess, fly_reference_aircraft};

fn airframe(name: &str, max_flight_time: f64) -> Airframe {
    Airframe::from_spec(*airframes::spec(name).unwrap(), max_flight_time, 20.0, 0.8)
}

/// A state at `height` over (50° N, 30° E) moving north-east at `speed` and
/// flight-path angle `gamma_deg`.
fn start(height: f64, speed: f64, gamma_deg: f64, mass: f64) -> MissileState {
    let site = Geodetic::from_degrees(50.0, 30.0, height);
    let frame = LocalFrame::new(site);
    let g = gamma_deg.to_radians();
    let dir = Enu::new(g.cos() * 0.6, g.cos() * 0.8, g.sin());
    MissileState {
        position: site.to_ecef().0,
        velocity: frame.vector_to_ecef(&dir).0 * speed,
        mass,
        lateral: Vector3::zeros(),
    }
}

/// Integrates `t_end` s with step `h` (burn-out instants must fall on step boundaries),
/// with a constant lateral command `command`.
fn integrate(
    af: &Airframe,
    physics: &Physics,
    s0: MissileState,
    t_end: f64,
    h: f64,
    command: Vector3<f64>,
    coast: bool,
) -> MissileState {
    let n = (t_end / h).round() as usize;
    let mut s = s0;
    for i in 0..n {
        let t = i as f64 * h;
        let (thrust, mass_flow, _) = if coast { (0.0, 0.0, 0.0) } else { af.motor(t) };
        let input = StepInputs {
            thrust,
            mass_flow,
            command,
        };
        s = dynamics::rk4_step(af, physics, &s, &input, h);
    }
    s
}

#[test]
fn coasting_in_vacuum_conserves_energy() {
    // 40N6E-sized body coasting from 20 km at 2.5 km/s, 45° up: a 600 s arc to ~170 km
    // and back, no thrust, no drag, no command.
    let af = airframe("40N6E", 433.0);
    let physics = Physics {
        drag: false,
        ..Physics::default()
    };
    let s0 = start(20_000.0, 2_500.0, 45.0, 800.0);
    let e0 = dynamics::specific_energy(&s0, false);
    let mut s = s0;
    let mut worst: f64 = 0.0;
    let mut peak: f64 = 0.0;
    for _ in 0..12 {
        s = integrate(&af, &physics, s, 50.0, 0.05, Vector3::zeros(), true);
        let e = dynamics::specific_energy(&s, false);
        worst = worst.max(((e - e0) / e0).abs());
        peak = peak.max(dynamics::height(&s.position));
    }
    println!(
        "apogee {:.1} km, worst relative energy drift {worst:.2e}",
        peak / 1e3
    );
    assert!(peak > 150_000.0, "apogee {peak}");
    assert!(worst < 1e-6, "relative energy drift {worst:e}");

    // With Earth rotation on (rotating frame), the Jacobi integral is the invariant.
    let physics = Physics {
        drag: false,
        earth_rotation: true,
        ..Physics::default()
    };
    let j0 = dynamics::specific_energy(&s0, true);
    let s = integrate(&af, &physics, s0, 600.0, 0.05, Vector3::zeros(), true);
    let j = dynamics::specific_energy(&s, true);
    assert!(
        ((j - j0) / j0).abs() < 1e-6,
        "Jacobi drift {:e}",
        (j - j0) / j0
    );
    // ... while the inertial-form energy is not conserved in the rotating frame.
    assert!(
        ((dynamics::specific_energy(&s, false) - dynamics::specific_energy(&s0, false)) / j0).abs()
            > 1e-5
    );
}

#[test]
fn rk4_converges_at_fourth_order() {
    // Full model: boost and sustain with mass flow, Mach-dependent drag in the US-1976
    // atmosphere, a constant lateral command through the autopilot lag, lift limit and
    // induced drag; 48N6E3 from 100 m at 100 m/s, 60° up, for 40 s to ~60 km (burn-out at
    // 5 s and 15 s fall on every step's boundaries). The command (3.7 m/s²) stays mostly
    // inside the lift limit: switching in and out of saturation, and the kinks of the
    // atmosphere's temperature profile at 11, 20, 32 and 47 km, are only C⁰ in the
    // derivative and cost RK4 its order locally (O(h²) in the crossing step), which the
    // sizes here keep below the O(h⁴) body.
    // A fixed test airframe (the 48N6E3 row with α_max 25°), independent of refits.
    let mut spec = *airframes::spec("48N6E3").unwrap();
    spec.alpha_max = 25f64.to_radians();
    spec.propellant_mass = 1_300.0;
    let af = Airframe::from_spec(spec, 163.0, 20.0, 0.8);
    let physics = Physics::default();
    let s0 = start(100.0, 100.0, 60.0, af.launch_mass);
    let command = Vector3::new(3.0, -2.0, 1.0);
    let run = |h: f64| integrate(&af, &physics, s0, 40.0, h, command, false);
    let reference = run(0.25 / 64.0);
    let steps = [0.25, 0.125, 0.0625, 0.03125];
    let errors: Vec<f64> = steps
        .iter()
        .map(|&h| {
            let s = run(h);
            (s.position - reference.position).norm()
        })
        .collect();
    let orders: Vec<f64> = errors.windows(2).map(|w| (w[0] / w[1]).log2()).collect();
    println!("step errors (m): {errors:?}; observed orders {orders:?}");
    for p in &orders {
        assert!((3.5..=4.6).contains(p), "order {p} (errors {errors:?})");
    }
    // The production step (0.05 s) is far inside the asymptotic range: millimetres after
    // 60 km of powered flight.
    let e = (run(0.05).position - reference.position).norm();
    assert!(e < 1e-2, "0.05 s step error {e} m");
}

#[test]
fn earth_rotation_changes_a_400_km_flyout_little() {
    // The default model treats ECEF as inertial (like the threat truth). The Coriolis and
    // centrifugal terms change a guided 40N6E flyout to ~350 km (aimed 380 km, a 330 s
    // flight through 100 km of altitude) by 0.24 % in time of flight and 1.2 % in
    // terminal speed, and both intercept: guidance absorbs the ~0.3 m/s² drift.
    let af = Arc::new(airframe("40N6E", 433.0));
    let criteria = Criteria::default();
    let base = FlightSettings::default();
    let mut rot = base;
    rot.physics.earth_rotation = true;
    let a = fly_reference_aircraft(&af, &base, 380_000.0, 15_000.0);
    let b = fly_reference_aircraft(&af, &rot, 380_000.0, 15_000.0);
    let ia = assess(&af, &criteria, &a).expect("intercept without rotation");
    let ib = assess(&af, &criteria, &b).expect("intercept with rotation");
    let dt = (ia.time_of_flight - ib.time_of_flight).abs() / ia.time_of_flight;
    let dv = (ia.speed - ib.speed).abs() / ia.speed;
    println!(
        "tof {:.2} vs {:.2} s, speed {:.1} vs {:.1} m/s, miss {:.2} vs {:.2} m",
        ia.time_of_flight, ib.time_of_flight, ia.speed, ib.speed, ia.miss, ib.miss
    );
    assert!(dt < 0.01 && dv < 0.02, "dt {dt} dv {dv}");
    let _ = geometry::reference_site();
}
