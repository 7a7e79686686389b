//! The debris fall (`truth/debris.rs`) against closed forms: the terminal speed
//! √(2βg/ρ) and, over a short drop where the density hardly changes, the constant-density
//! solution v(t) = v_t·tanh(g·t/v_t); and the fading RCS law.

use iadsim_core::atmosphere::us1976;
use iadsim_core::{Geodetic, wgs84};
use iadsim_sim::setup::ThreatClass;
use iadsim_sim::truth::debris::{Ground, RcsFade, falling};
use nalgebra::Vector3;

/// Gravity at ECEF `r`, m/s² (the model's point mass).
fn g_at(r: &Vector3<f64>) -> f64 {
    wgs84::GM / r.norm_squared()
}

#[test]
fn a_fragment_falls_at_its_terminal_speed() {
    // β = 1,000 kg/m² dropped at rest from 3 km: it reaches the ground at the local
    // terminal speed √(2βg/ρ(0)) ≈ 126.5 m/s, a little above it since the air thickens
    // as it falls (within 3 %).
    let beta = 1_000.0;
    let start = Geodetic::from_degrees(50.0, 30.0, 3_000.0).to_ecef().0;
    let tr = falling(
        ThreatClass::Aircraft,
        &start,
        &Vector3::zeros(),
        100.0,
        beta,
        Ground::Smooth(0.0),
    );
    let end = tr.state_at(tr.end_time()).unwrap();
    let r = end.position.0;
    let height = end.position.to_geodetic().height;
    assert!(height.abs() < 1e-3, "lands at {height} m");
    let v_t = (2.0 * beta * g_at(&r) / us1976(0.0).density).sqrt();
    let v = end.velocity.0.norm();
    assert!(v >= v_t && v < 1.03 * v_t, "{v} vs terminal {v_t}");
}

#[test]
fn a_short_drop_follows_the_constant_density_closed_form() {
    // β = 300 kg/m² dropped at rest from 500 m: over 2 s it falls ~19 m, where the density
    // changes by 0.2 %: v(t) = v_t·tanh(g·t/v_t) within 0.5 %.
    let beta = 300.0;
    let start = Geodetic::from_degrees(50.0, 30.0, 500.0).to_ecef().0;
    let tr = falling(
        ThreatClass::CruiseMissile,
        &start,
        &Vector3::zeros(),
        0.0,
        beta,
        Ground::Smooth(0.0),
    );
    let g = g_at(&start);
    let rho = us1976(495.0).density;
    let v_t = (2.0 * beta * g / rho).sqrt();
    for t in [0.5, 1.0, 2.0] {
        let v = tr.state_at(t).unwrap().velocity.0.norm();
        let reference = v_t * (g * t / v_t).tanh();
        assert!(
            (v - reference).abs() < 5e-3 * reference,
            "t {t}: {v} vs {reference}"
        );
    }
}

#[test]
fn the_rcs_fades_to_its_floor_with_its_time_constant() {
    let fade = RcsFade {
        since: 10.0,
        initial: 1.5,
        floor: 0.3,
        decay_time: 3.0,
    };
    assert_eq!(fade.at(5.0), 1.5);
    assert_eq!(fade.at(10.0), 1.5);
    // One time constant: floor + (initial − floor)/e.
    let one = 0.3 + 1.2 * (-1.0f64).exp();
    assert!((fade.at(13.0) - one).abs() < 1e-12);
    assert!((fade.at(1e6) - 0.3).abs() < 1e-12);
    assert_eq!(fade.max(), 1.5);
}
