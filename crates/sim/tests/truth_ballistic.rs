//! Ballistic ground truth against the published minimum-energy table (docs/sources.md) and the
//! two-body invariants.

use iadsim_core::{Ecef, Geodetic, Vector3, wgs84};
use iadsim_sim::setup::{BallisticProfile, Threat, ThreatClass, ThreatMotion};
use iadsim_sim::truth::{Trajectory, TruthError};

const R: f64 = wgs84::MEAN_RADIUS;
const MU: f64 = wgs84::GM;

fn threat(
    launch: Geodetic,
    impact: Geodetic,
    profile: BallisticProfile,
    beta: Option<f64>,
    start_time: f64,
) -> Threat {
    Threat {
        name: "tbm".into(),
        type_name: "test".into(),
        class: ThreatClass::BallisticMissile,
        rcs: 0.05,
        start_time,
        motion: ThreatMotion::Ballistic {
            launch,
            impact,
            profile,
            ballistic_coefficient: beta,
        },
        target_asset: None,
        debris: Default::default(),
    }
}

/// Launch and impact on the equator, `range_km` apart along a sphere of radius R, at the
/// ellipsoid height that puts both at geocentric radius R: the textbook spherical problem.
fn spherical_case(range_km: f64) -> (Geodetic, Geodetic) {
    let h = R - wgs84::A;
    let dlon = range_km * 1e3 / R;
    (
        Geodetic {
            lat: 0.0,
            lon: 0.3,
            height: h,
        },
        Geodetic {
            lat: 0.0,
            lon: 0.3 + dlon,
            height: h,
        },
    )
}

/// Measured figures of a trajectory, all from `state_at` samples.
struct Measured {
    burnout_speed: f64,
    gamma_deg: f64,
    /// Greatest |r| − R, m.
    apogee_spherical: f64,
    /// Greatest geodetic height, m.
    apogee_geodetic: f64,
    flight_time: f64,
    impact_speed: f64,
}

fn measure(tr: &Trajectory) -> Measured {
    let s0 = tr.state_at(tr.start_time()).unwrap();
    let r = s0.position.0;
    let v = s0.velocity.0;
    let gamma = (r.dot(&v) / (r.norm() * v.norm())).asin();
    let (mut max_r, mut max_h) = (0.0_f64, f64::MIN);
    let n = 20_000;
    for i in 0..=n {
        let t = (tr.start_time() + (tr.end_time() - tr.start_time()) * i as f64 / n as f64)
            .min(tr.end_time());
        let s = tr.state_at(t).unwrap();
        max_r = max_r.max(s.position.norm());
        max_h = max_h.max(tr.geodetic_at(t).unwrap().height);
    }
    Measured {
        burnout_speed: v.norm(),
        gamma_deg: gamma.to_degrees(),
        apogee_spherical: max_r - R,
        apogee_geodetic: max_h,
        flight_time: tr.end_time() - tr.start_time(),
        impact_speed: tr.state_at(tr.end_time()).unwrap().velocity.norm(),
    }
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// The minimum-energy table (docs/sources.md): (range km, burnout km/s, γ deg, apogee km, flight time s).
const TABLE: [(f64, f64, f64, f64, f64); 3] = [
    (300.0, 1.696, 44.3, 74.1, 251.0),
    (1_000.0, 3.016, 42.8, 239.9, 474.0),
    (3_000.0, 4.865, 38.3, 655.2, 895.0),
];

#[test]
fn minimum_energy_reproduces_reference_table_on_the_sphere() {
    for &(range, v_ref, g_ref, apo_ref, tof_ref) in &TABLE {
        let (l, i) = spherical_case(range);
        let tr =
            Trajectory::new(&threat(l, i, BallisticProfile::MinimumEnergy, None, 10.0)).unwrap();
        let m = measure(&tr);
        println!(
            "{range} km: v {:.4} km/s, γ {:.3}°, apogee {:.2} km, TOF {:.2} s, impact {:.4} km/s",
            m.burnout_speed / 1e3,
            m.gamma_deg,
            m.apogee_spherical / 1e3,
            m.flight_time,
            m.impact_speed / 1e3
        );
        assert!(rel(m.burnout_speed, v_ref * 1e3) < 0.01, "speed {range}");
        assert!(rel(m.gamma_deg, g_ref) < 0.01, "gamma {range}");
        assert!(
            rel(m.apogee_spherical, apo_ref * 1e3) < 0.01,
            "apogee {range}"
        );
        assert!(rel(m.flight_time, tof_ref) < 0.01, "time {range}");
        // Tighter: the table's rounding (4 significant figures) is the only difference.
        assert!(rel(m.burnout_speed, v_ref * 1e3) < 1e-3, "speed {range}");
        assert!(
            rel(m.apogee_spherical, apo_ref * 1e3) < 1e-3,
            "apogee {range}"
        );
        assert!((m.flight_time - tof_ref).abs() < 0.6, "time {range}");
        // And the closed forms, exactly.
        let psi = range * 1e3 / R;
        let s = (psi / 2.0).sin();
        let v_closed = (MU / R * 2.0 * s / (1.0 + s)).sqrt();
        assert!(
            rel(m.burnout_speed, v_closed) < 1e-12,
            "closed-form speed {range}"
        );
        assert!((m.gamma_deg.to_radians() - (std::f64::consts::PI - psi) / 4.0).abs() < 1e-12);
        // Symmetric arc between equal radii: impact speed equals burnout speed.
        assert!(rel(m.impact_speed, m.burnout_speed) < 1e-12);
        assert_eq!(tr.start_time(), 10.0);
    }
}

#[test]
fn minimum_energy_on_the_ellipsoid_is_within_one_percent_of_the_table() {
    // Sea-level launch and impact on the equator (radius a, 0.11 % above R).
    for &(range, v_ref, g_ref, apo_ref, tof_ref) in &TABLE {
        let dlon = range * 1e3 / R;
        let l = Geodetic::from_degrees(0.0, 30.0, 0.0);
        let i = Geodetic {
            lon: l.lon + dlon,
            ..l
        };
        let tr =
            Trajectory::new(&threat(l, i, BallisticProfile::MinimumEnergy, None, 0.0)).unwrap();
        let m = measure(&tr);
        assert!(rel(m.burnout_speed, v_ref * 1e3) < 0.01, "speed {range}");
        assert!(rel(m.gamma_deg, g_ref) < 0.01, "gamma {range}");
        assert!(
            rel(m.apogee_geodetic, apo_ref * 1e3) < 0.01,
            "apogee {range}: {}",
            m.apogee_geodetic
        );
        assert!(rel(m.flight_time, tof_ref) < 0.01, "time {range}");
    }
}

#[test]
fn hits_the_aim_and_starts_at_the_launch_site() {
    let cases = [
        (
            Geodetic::from_degrees(45.0, 30.0, 150.0),
            Geodetic::from_degrees(52.0, 38.0, 80.0),
        ),
        (
            Geodetic::from_degrees(-10.0, 170.0, 0.0),
            Geodetic::from_degrees(5.0, -175.0, 1_200.0),
        ),
        (
            Geodetic::from_degrees(60.0, 10.0, 0.0),
            Geodetic::from_degrees(61.0, 16.0, 0.0),
        ),
        (
            Geodetic::from_degrees(30.0, 40.0, 0.0),
            Geodetic::from_degrees(55.0, 37.5, 150.0),
        ),
    ];
    for (l, i) in cases {
        for profile in [
            BallisticProfile::MinimumEnergy,
            BallisticProfile::Lofted {
                flight_path_angle: 60f64.to_radians(),
            },
            BallisticProfile::Depressed {
                flight_path_angle: 20f64.to_radians(),
            },
        ] {
            let tr = Trajectory::new(&threat(l, i, profile, None, 5.0)).unwrap();
            let start = tr.state_at(tr.start_time()).unwrap().position;
            let end = tr.state_at(tr.end_time()).unwrap().position;
            assert!(start.distance(&l.to_ecef()) < 1e-3, "{profile:?}");
            assert!(
                end.distance(&i.to_ecef()) < 1.0,
                "{profile:?}: {}",
                end.distance(&i.to_ecef())
            );
            assert!(end.distance(&i.to_ecef()) < 1e-3);
            assert_eq!(tr.aim_point(), i.to_ecef());
            // The impact height is the aim's height; no earlier crossing below it.
            let g = tr.geodetic_at(tr.end_time()).unwrap();
            assert!((g.height - i.height).abs() < 1e-3);
        }
    }
}

#[test]
fn energy_and_angular_momentum_are_conserved_without_drag() {
    for &(range, ..) in &TABLE {
        let l = Geodetic::from_degrees(40.0, 20.0, 0.0);
        let i = Geodetic::from_degrees(40.0 + range / 111.0 * 0.6, 20.0 + range / 85.0 * 0.8, 0.0);
        for profile in [
            BallisticProfile::MinimumEnergy,
            BallisticProfile::Lofted {
                flight_path_angle: 1.2,
            },
        ] {
            let tr = Trajectory::new(&threat(l, i, profile, None, 0.0)).unwrap();
            let inv = |t: f64| {
                let s = tr.state_at(t).unwrap();
                let (r, v) = (s.position.0, s.velocity.0);
                (0.5 * v.norm_squared() - MU / r.norm(), r.cross(&v))
            };
            let (e0, h0) = inv(tr.start_time());
            for k in 1..=500 {
                let t = tr.end_time() * k as f64 / 500.0;
                let (e, h) = inv(t);
                assert!(rel(e, e0) < 1e-9, "energy {range} {t}: {}", rel(e, e0));
                assert!((h - h0).norm() / h0.norm() < 1e-9, "ang. mom. {range} {t}");
            }
        }
    }
}

#[test]
fn velocity_is_the_derivative_of_position() {
    let l = Geodetic::from_degrees(40.0, 20.0, 0.0);
    let i = Geodetic::from_degrees(47.0, 28.0, 0.0);
    for beta in [None, Some(3_000.0)] {
        let tr =
            Trajectory::new(&threat(l, i, BallisticProfile::MinimumEnergy, beta, 0.0)).unwrap();
        let d = 1e-3;
        let n = 400;
        for k in 1..n {
            let t = tr.end_time() * k as f64 / n as f64;
            let fd = (tr.state_at(t + d).unwrap().position.0
                - tr.state_at(t - d).unwrap().position.0)
                / (2.0 * d);
            let v = tr.state_at(t).unwrap().velocity.0;
            assert!(
                (fd - v).norm() < 2e-3 * (1.0 + v.norm() * 1e-3),
                "{beta:?} t={t}: {}",
                (fd - v).norm()
            );
        }
    }
}

#[test]
fn reenters_near_three_km_per_s_for_a_1000_km_missile_without_drag() {
    let (l, i) = spherical_case(1_000.0);
    let tr = Trajectory::new(&threat(l, i, BallisticProfile::MinimumEnergy, None, 0.0)).unwrap();
    let v_end = tr.state_at(tr.end_time()).unwrap().velocity.norm();
    assert!((v_end - 3_016.0).abs() < 30.0, "{v_end}");
}

#[test]
fn lofted_is_higher_and_longer_depressed_is_lower_and_shorter() {
    let (l, i) = spherical_case(1_000.0);
    let me = measure(
        &Trajectory::new(&threat(l, i, BallisticProfile::MinimumEnergy, None, 0.0)).unwrap(),
    );
    for gamma_deg in [50.0, 65.0, 80.0] {
        let tr = Trajectory::new(&threat(
            l,
            i,
            BallisticProfile::Lofted {
                flight_path_angle: f64::to_radians(gamma_deg),
            },
            None,
            0.0,
        ))
        .unwrap();
        let m = measure(&tr);
        assert!(m.apogee_spherical > me.apogee_spherical && m.flight_time > me.flight_time);
        assert!(
            m.burnout_speed > me.burnout_speed,
            "off-optimum costs speed"
        );
        assert!((m.gamma_deg - gamma_deg).abs() < 1e-9);
        assert!(
            tr.state_at(tr.end_time())
                .unwrap()
                .position
                .distance(&i.to_ecef())
                < 1.0
        );
    }
    for gamma_deg in [35.0, 20.0, 5.0] {
        let tr = Trajectory::new(&threat(
            l,
            i,
            BallisticProfile::Depressed {
                flight_path_angle: f64::to_radians(gamma_deg),
            },
            None,
            0.0,
        ))
        .unwrap();
        let m = measure(&tr);
        assert!(m.apogee_spherical < me.apogee_spherical && m.flight_time < me.flight_time);
        assert!(m.burnout_speed > me.burnout_speed);
        assert!(
            tr.state_at(tr.end_time())
                .unwrap()
                .position
                .distance(&i.to_ecef())
                < 1.0
        );
    }
}

#[test]
fn drag_slows_the_reentry_and_still_hits_the_aim() {
    for (range, beta) in [(300.0, 2_000.0), (1_000.0, 5_000.0), (3_000.0, 20_000.0)] {
        let l = Geodetic::from_degrees(50.0, 30.0, 0.0);
        let i = Geodetic {
            lon: l.lon + range * 1e3 / R / l.lat.cos(),
            ..l
        };
        let vac =
            Trajectory::new(&threat(l, i, BallisticProfile::MinimumEnergy, None, 0.0)).unwrap();
        let tr = Trajectory::new(&threat(
            l,
            i,
            BallisticProfile::MinimumEnergy,
            Some(beta),
            0.0,
        ))
        .unwrap();
        let (mv, md) = (measure(&vac), measure(&tr));
        let miss = tr
            .state_at(tr.end_time())
            .unwrap()
            .position
            .distance(&i.to_ecef());
        println!(
            "{range} km, β {beta}: burnout {:.1} → {:.1} m/s, impact {:.1} → {:.1} m/s, \
             TOF {:.1} → {:.1} s, miss {miss:.2e} m",
            mv.burnout_speed,
            md.burnout_speed,
            mv.impact_speed,
            md.impact_speed,
            mv.flight_time,
            md.flight_time
        );
        assert!(miss < 100.0);
        assert!(
            miss < 0.01,
            "the secant converges far inside the 100 m bound"
        );
        assert!(md.impact_speed < mv.impact_speed);
        assert!(
            md.burnout_speed > mv.burnout_speed,
            "more speed is needed to reach"
        );
        // The ascent is unchanged in shape (same γ, no drag before apogee).
        assert!((md.gamma_deg - mv.gamma_deg).abs() < 1e-9);
        // Energy only ever decreases once drag acts, and never increases anywhere.
        let energy = |t: f64| {
            let s = tr.state_at(t).unwrap();
            0.5 * s.velocity.0.norm_squared() - MU / s.position.norm()
        };
        let e0 = energy(0.0);
        let mut prev = e0;
        for k in 1..=2_000 {
            let t = tr.end_time() * k as f64 / 2_000.0;
            let e = energy(t);
            assert!(e <= prev + 1e-6 * prev.abs(), "energy rose at {t}");
            prev = e;
        }
        assert!(prev < e0);
    }
}

#[test]
fn drag_heavy_body_at_1000_km_decelerates_strongly() {
    // A blunt, light body (β = 1,000 kg/m²) loses most of its speed in the low atmosphere.
    let (l, i) = (
        Geodetic::from_degrees(0.0, 30.0, 0.0),
        Geodetic::from_degrees(0.0, 30.0 + 1_000e3 / R * 180.0 / std::f64::consts::PI, 0.0),
    );
    let tr = Trajectory::new(&threat(
        l,
        i,
        BallisticProfile::MinimumEnergy,
        Some(1_000.0),
        0.0,
    ))
    .unwrap();
    let m = measure(&tr);
    assert!(m.impact_speed < 1_000.0, "{}", m.impact_speed);
    assert!(
        tr.state_at(tr.end_time())
            .unwrap()
            .position
            .distance(&i.to_ecef())
            < 100.0
    );
    // The state is continuous where the Kepler arc hands over to the drag table.
    let mut prev = tr.state_at(0.0).unwrap();
    let n = 20_000;
    for k in 1..=n {
        let t = tr.end_time() * k as f64 / n as f64;
        let s = tr.state_at(t).unwrap();
        let dt = tr.end_time() / n as f64;
        assert!(
            s.position.distance(&prev.position)
                <= 1.001 * dt * prev.velocity.norm().max(s.velocity.norm()) + 1e-6
        );
        prev = s;
    }
}

#[test]
fn state_is_none_outside_the_flight() {
    let (l, i) = spherical_case(300.0);
    let tr = Trajectory::new(&threat(l, i, BallisticProfile::MinimumEnergy, None, 100.0)).unwrap();
    assert!(tr.state_at(99.999).is_none());
    assert!(tr.state_at(tr.end_time() + 1e-6).is_none());
    assert!(tr.state_at(f64::NAN).is_none());
    assert!(tr.state_at(100.0).is_some());
    assert!(tr.state_at(tr.end_time()).is_some());
    assert!(tr.is_ballistic());
    assert_eq!(tr.class(), ThreatClass::BallisticMissile);
    assert_eq!(tr.peak_turn_rate(), None);
}

/// Whether building a ballistic threat from `l` to `i` with profile `p` fails in the
/// ballistic solver.
fn is_ballistic_err(p: BallisticProfile, l: Geodetic, i: Geodetic) -> bool {
    matches!(
        Trajectory::new(&threat(l, i, p, None, 0.0)),
        Err(TruthError::Ballistic(_))
    )
}

/// Burnout angles no ballistic arc from `l` to `i` has: lofted below and depressed above
/// the minimum-energy angle, flat or downward, near-vertical, NaN.
fn impossible_burnout_angles_are_errors(l: Geodetic, i: Geodetic) {
    // Lofted below and depressed above the minimum-energy angle.
    assert!(is_ballistic_err(
        BallisticProfile::Lofted {
            flight_path_angle: 0.5
        },
        l,
        i
    ));
    assert!(is_ballistic_err(
        BallisticProfile::Depressed {
            flight_path_angle: 1.0
        },
        l,
        i
    ));
    // Flat or downward burnout.
    assert!(is_ballistic_err(
        BallisticProfile::Depressed {
            flight_path_angle: 0.0
        },
        l,
        i
    ));
    assert!(is_ballistic_err(
        BallisticProfile::Depressed {
            flight_path_angle: -0.1
        },
        l,
        i
    ));
    // Near-vertical: needs escape speed.
    assert!(is_ballistic_err(
        BallisticProfile::Lofted {
            flight_path_angle: std::f64::consts::FRAC_PI_2 - 1e-4
        },
        l,
        i
    ));
    // NaN angle.
    assert!(is_ballistic_err(
        BallisticProfile::Lofted {
            flight_path_angle: f64::NAN
        },
        l,
        i
    ));
}

#[test]
fn impossible_trajectories_are_errors() {
    let (l, i) = spherical_case(1_000.0);
    // Same point.
    assert!(is_ballistic_err(BallisticProfile::MinimumEnergy, l, l));
    // Antipodes.
    let anti = Geodetic {
        lat: 0.0,
        lon: l.lon - std::f64::consts::PI,
        height: l.height,
    };
    assert!(is_ballistic_err(BallisticProfile::MinimumEnergy, l, anti));
    impossible_burnout_angles_are_errors(l, i);
    // Invalid β.
    assert!(matches!(
        Trajectory::new(&threat(
            l,
            i,
            BallisticProfile::MinimumEnergy,
            Some(0.0),
            0.0
        )),
        Err(TruthError::Ballistic(_))
    ));
    assert!(matches!(
        Trajectory::new(&threat(
            l,
            i,
            BallisticProfile::MinimumEnergy,
            None,
            f64::NAN
        )),
        Err(TruthError::StartTime(_))
    ));
    // An absurd β either reaches the aim or reports that it cannot — never panics.
    match Trajectory::new(&threat(
        l,
        i,
        BallisticProfile::MinimumEnergy,
        Some(5.0),
        0.0,
    )) {
        Ok(tr) => assert!(
            tr.state_at(tr.end_time())
                .unwrap()
                .position
                .distance(&i.to_ecef())
                < 100.0
        ),
        Err(e) => assert!(matches!(e, TruthError::Ballistic(_))),
    }
    let _ = Ecef(Vector3::zeros());
}
