//! Route ground truth: geodesic legs (checked against geographiclib), fillets at the turn
//! rate limit, speed, timing and end point.

use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};
use iadsim_core::{Geodetic, LocalFrame, Vector3, wgs84};
use iadsim_sim::setup::{Threat, ThreatClass, ThreatMotion};
use iadsim_sim::truth::{Trajectory, TruthError};
use std::f64::consts::FRAC_PI_2;

fn route(waypoints: Vec<Geodetic>, speed: f64, max_turn_rate: f64, start_time: f64) -> Threat {
    Threat {
        name: "cm".into(),
        type_name: "test".into(),
        class: ThreatClass::CruiseMissile,
        rcs: 0.1,
        start_time,
        motion: ThreatMotion::Route {
            terrain_clearance: None,
            waypoints,
            speed,
            max_turn_rate,
            end: Default::default(),
        },
        target_asset: None,
        debris: Default::default(),
    }
}

/// The point `s` m from `p` along azimuth `azi_deg`, at height `h`.
fn direct(p: Geodetic, azi_deg: f64, s: f64, h: f64) -> Geodetic {
    let (lat, lon): (f64, f64) = Geodesic::wgs84().direct(p.lat_deg(), p.lon_deg(), azi_deg, s);
    Geodetic::from_degrees(lat, lon, h)
}

fn geodesic(p: Geodetic, q: Geodetic) -> (f64, f64, f64) {
    let (s, a1, a2, _): (f64, f64, f64, f64) =
        Geodesic::wgs84().inverse(p.lat_deg(), p.lon_deg(), q.lat_deg(), q.lon_deg());
    (s, a1, a2)
}

/// Horizontal and vertical parts of a velocity at a position.
fn split(tr: &Trajectory, t: f64) -> (Vector3<f64>, f64) {
    let s = tr.state_at(t).unwrap();
    let g = tr.geodetic_at(t).unwrap();
    let enu = LocalFrame::new(g).vector_to_enu(&s.velocity).0;
    (Vector3::new(enu.x, enu.y, 0.0), enu.z)
}

/// Heading difference wrapped into (−π, π].
fn wrap(mut d: f64) -> f64 {
    use std::f64::consts::{PI, TAU};
    if d > PI {
        d -= TAU;
    } else if d <= -PI {
        d += TAU;
    }
    d
}

fn times(tr: &Trajectory, n: usize) -> impl Iterator<Item = f64> + '_ {
    let (a, b) = (tr.start_time(), tr.end_time());
    (0..=n).map(move |i| (a + (b - a) * i as f64 / n as f64).min(b))
}

#[test]
fn single_leg_follows_the_geodesic_exactly() {
    let w0 = Geodetic::from_degrees(52.0, 21.0, 0.0);
    let w1 = Geodetic::from_degrees(55.7, 37.6, 0.0);
    let (len, azi, _) = geodesic(w0, w1);
    let v = 245.0;
    let tr = Trajectory::new(&route(vec![w0, w1], v, 0.05, 30.0)).unwrap();
    assert!(
        ((tr.end_time() - 30.0) - len / v).abs() < 1e-6,
        "{}",
        tr.end_time() - 30.0 - len / v
    );
    let g = Geodesic::wgs84();
    for t in times(&tr, 997) {
        let s = (t - 30.0) * v;
        let (lat, lon, azi_t): (f64, f64, f64) = g.direct(w0.lat_deg(), w0.lon_deg(), azi, s);
        let exact = Geodetic::from_degrees(lat, lon, 0.0);
        let st = tr.state_at(t).unwrap();
        assert!(st.position.distance(&exact.to_ecef()) < 1e-3, "t={t}");
        let vel = LocalFrame::new(exact).vector_to_enu(&st.velocity).0;
        let a = azi_t.to_radians();
        let want = Vector3::new(a.sin(), a.cos(), 0.0) * v;
        assert!((vel - want).norm() < 1e-5, "t={t}: {}", (vel - want).norm());
    }
}

#[test]
fn collinear_waypoints_take_the_geodesic_sum() {
    let w0 = Geodetic::from_degrees(-33.9, 18.4, 100.0);
    let w1 = direct(w0, 47.0, 80_000.0, 100.0);
    let (_, _, azi_at_w1) = geodesic(w0, w1);
    let w2 = direct(w1, azi_at_w1, 170_000.0, 100.0);
    let w3 = direct(w2, geodesic(w1, w2).2, 55_000.0, 100.0);
    let sum: f64 = [(w0, w1), (w1, w2), (w2, w3)]
        .iter()
        .map(|&(a, b)| geodesic(a, b).0)
        .sum();
    let v = 200.0;
    let tr = Trajectory::new(&route(vec![w0, w1, w2, w3], v, 0.1, 0.0)).unwrap();
    // At 100 m the horizontal path is longer than the ellipsoid one by h/ρ ≈ 1.6e-5.
    let expected = sum * (1.0 + 100.0 / wgs84::MEAN_RADIUS) / v;
    assert!(
        (tr.end_time() - expected).abs() / expected < 2e-7,
        "{} vs {expected}",
        tr.end_time()
    );
    assert_eq!(
        tr.peak_turn_rate(),
        Some(0.0),
        "no fillet on a straight line"
    );
}

#[test]
fn time_equals_path_length_over_speed_with_turns() {
    // Three corners; at height 0 the horizontal path length is the ground length:
    // Σ legs − Σ 2·d + Σ r·|Δ| with r = v/ω, d = r·tan(|Δ|/2).
    let w0 = Geodetic::from_degrees(45.0, 10.0, 0.0);
    let w1 = direct(w0, 0.0, 60_000.0, 0.0);
    let w2 = direct(w1, 70.0, 40_000.0, 0.0);
    let w3 = direct(w2, 200.0, 50_000.0, 0.0);
    let w4 = direct(w3, 120.0, 30_000.0, 0.0);
    let wps = vec![w0, w1, w2, w3, w4];
    let (v, omega) = (250.0, 0.08);
    let r = v / omega;
    let mut length = 0.0;
    for k in 0..wps.len() - 1 {
        length += geodesic(wps[k], wps[k + 1]).0;
    }
    for k in 1..wps.len() - 1 {
        let a_in = geodesic(wps[k - 1], wps[k]).2;
        let a_out = geodesic(wps[k], wps[k + 1]).1;
        let mut delta = (a_out - a_in).to_radians();
        while delta > std::f64::consts::PI {
            delta -= std::f64::consts::TAU;
        }
        while delta <= -std::f64::consts::PI {
            delta += std::f64::consts::TAU;
        }
        length += r * delta.abs() - 2.0 * r * (delta.abs() / 2.0).tan();
    }
    let tr = Trajectory::new(&route(wps.clone(), v, omega, 0.0)).unwrap();
    // The radius carries a ~6e-5 margin (see `peak_turn_rate`): 0.4 m over 172 km here.
    // The right-angle test below checks the exact length with the designed radius.
    let rel = (tr.end_time() - length / v).abs() / tr.end_time();
    assert!(rel < 1e-5, "{} vs {}", tr.end_time(), length / v);
    assert!(tr.end_time() < wps.windows(2).map(|p| geodesic(p[0], p[1]).0).sum::<f64>() / v);
    let end = tr.state_at(tr.end_time()).unwrap().position;
    assert!(end.distance(&w4.to_ecef()) < 1e-6);
    assert_eq!(tr.aim_point(), w4.to_ecef());
}

#[test]
fn horizontal_speed_is_the_given_speed_and_climb_is_linear() {
    let w0 = Geodetic::from_degrees(30.0, 50.0, 50.0);
    let w1 = direct(w0, 300.0, 120_000.0, 10_000.0);
    let w2 = direct(w1, 10.0, 90_000.0, 10_000.0);
    let w3 = direct(w2, 90.0, 60_000.0, 30.0);
    let v = 300.0;
    let tr = Trajectory::new(&route(vec![w0, w1, w2, w3], v, 0.1, 0.0)).unwrap();
    let mut max_vz: f64 = 0.0;
    for t in times(&tr, 4_000) {
        let (h, vz) = split(&tr, t);
        assert!((h.norm() - v).abs() / v < 1e-6, "t={t}: {}", h.norm());
        let speed = tr.state_at(t).unwrap().velocity.norm();
        assert!((speed - (v * v + vz * vz).sqrt()).abs() < 1e-6 * v);
        max_vz = max_vz.max(vz.abs());
    }
    // First leg: 9,950 m over ~120 km ground at 300 m/s → ~24.9 m/s climb.
    let (_, vz) = split(&tr, 100.0);
    let len01 = geodesic(w0, w1).0;
    assert!((vz - v * 9_950.0 / len01).abs() < 0.05 * vz, "{vz}");
    assert!(max_vz < 60.0);
    // Height at the start and end, and level on the middle leg.
    assert!((tr.geodetic_at(0.0).unwrap().height - 50.0).abs() < 1e-6);
    assert!((tr.geodetic_at(tr.end_time()).unwrap().height - 30.0).abs() < 1e-6);
    let t_mid = tr.end_time() * 0.55;
    assert!((tr.geodetic_at(t_mid).unwrap().height - 10_000.0).abs() < 1e-3);
}

#[test]
fn velocity_is_the_derivative_of_position() {
    let w0 = Geodetic::from_degrees(10.0, -60.0, 500.0);
    let w1 = direct(w0, 45.0, 30_000.0, 500.0);
    let w2 = direct(w1, 160.0, 25_000.0, 500.0);
    let w3 = direct(w2, 10.0, 40_000.0, 500.0);
    let tr = Trajectory::new(&route(vec![w0, w1, w2, w3], 280.0, 0.12, 5.0)).unwrap();
    let d = 1e-3;
    for t in times(&tr, 3_001).skip(1).take(3_000 - 1) {
        let fd = (tr.state_at(t + d).unwrap().position.0 - tr.state_at(t - d).unwrap().position.0)
            / (2.0 * d);
        let v = tr.state_at(t).unwrap().velocity.0;
        assert!((fd - v).norm() < 1e-3, "t={t}: {}", (fd - v).norm());
    }
}

#[test]
fn a_right_angle_corner_is_flown_at_the_turn_rate_limit() {
    let w0 = Geodetic::from_degrees(50.0, 20.0, 0.0);
    let w1 = direct(w0, 0.0, 50_000.0, 0.0);
    let a_in = geodesic(w0, w1).2;
    let w2 = direct(w1, a_in + 90.0, 50_000.0, 0.0);
    let (v, omega) = (250.0, 0.1);
    let tr = Trajectory::new(&route(vec![w0, w1, w2], v, omega, 0.0)).unwrap();
    // Designed at ω less a small margin (map distortion and interpolation, ~5e-5).
    let design = tr.peak_turn_rate().unwrap();
    assert!(design <= omega && design > omega * (1.0 - 1e-4), "{design}");
    // Path length: two legs cut by d = r each, plus a quarter circle, at height 0.
    let r = v / design;
    let length = geodesic(w0, w1).0 + geodesic(w1, w2).0 - 2.0 * r + r * FRAC_PI_2;
    assert!(
        (tr.end_time() - length / v).abs() < 1e-6,
        "{}",
        tr.end_time() - length / v
    );

    // Heading change per second, both headings in the ENU frame at the first point so
    // that the convergence of the meridians does not count as a turn.
    let heading = |frame: &LocalFrame, t: f64| {
        let e = frame.vector_to_enu(&tr.state_at(t).unwrap().velocity).0;
        e.x.atan2(e.y)
    };
    let mut t = 0.0;
    let mut turning_seconds = 0.0;
    let mut total = 0.0;
    while t + 1.0 <= tr.end_time() {
        let frame = LocalFrame::new(tr.geodetic_at(t).unwrap());
        let dpsi = wrap(heading(&frame, t + 1.0) - heading(&frame, t));
        assert!(dpsi.abs() <= omega * (1.0 + 1e-6), "t={t}: {dpsi}");
        if dpsi.abs() > 1e-4 {
            turning_seconds += 1.0;
        }
        total += dpsi;
        t += 1.0;
    }
    assert!((total - FRAC_PI_2).abs() < 1e-3, "{total}");
    // π/2 / 0.1 = 15.7 s of turn, spread over 16–17 whole-second windows.
    assert!(
        (16.0..=17.0).contains(&turning_seconds),
        "{turning_seconds}"
    );

    // The instantaneous rate, from the lateral acceleration: peaks at ω, never above.
    let mut peak: f64 = 0.0;
    for t in times(&tr, 20_000) {
        if t + 0.01 > tr.end_time() {
            break;
        }
        let frame = LocalFrame::new(tr.geodetic_at(t).unwrap());
        let rate = wrap(heading(&frame, t + 0.01) - heading(&frame, t)) / 0.01;
        peak = peak.max(rate.abs());
    }
    assert!(peak <= omega * (1.0 + 1e-4), "{peak}");
    assert!(peak > omega * 0.999, "{peak}");
}

#[test]
fn a_fillet_too_big_for_its_legs_is_tightened_and_still_ends_on_the_aim() {
    let w0 = Geodetic::from_degrees(0.0, 0.0, 100.0);
    let w1 = direct(w0, 0.0, 3_000.0, 100.0);
    let w2 = direct(w1, 150.0, 2_000.0, 100.0);
    let w3 = direct(w2, 0.0, 2_000.0, 100.0);
    let (v, omega) = (250.0, 0.05); // r = 5 km: the corners do not fit
    let tr = Trajectory::new(&route(vec![w0, w1, w2, w3], v, omega, 0.0)).unwrap();
    assert!(tr.peak_turn_rate().unwrap() > omega);
    assert!(
        tr.state_at(tr.end_time())
            .unwrap()
            .position
            .distance(&w3.to_ecef())
            < 1e-6
    );
    for t in times(&tr, 1_000) {
        let (h, _) = split(&tr, t);
        assert!((h.norm() - v).abs() < 1e-6 * v, "t={t} {}", h.norm() - v);
    }
}

#[test]
fn starts_and_ends_on_the_waypoints_and_is_none_outside() {
    let w0 = Geodetic::from_degrees(59.9, 30.3, 12_000.0);
    let w1 = Geodetic::from_degrees(55.7, 37.6, 9_000.0);
    let w2 = Geodetic::from_degrees(54.0, 38.0, 6_000.0);
    let tr = Trajectory::new(&route(vec![w0, w1, w2], 230.0, 0.03, 120.0)).unwrap();
    assert_eq!(tr.start_time(), 120.0);
    assert!(tr.state_at(120.0).unwrap().position.distance(&w0.to_ecef()) < 1e-6);
    assert!(
        tr.state_at(tr.end_time())
            .unwrap()
            .position
            .distance(&w2.to_ecef())
            < 1.0
    );
    assert!(tr.state_at(119.999).is_none());
    assert!(tr.state_at(tr.end_time() + 1e-6).is_none());
    assert!(tr.state_at(f64::NAN).is_none());
    assert!(tr.state_at(f64::INFINITY).is_none());
    assert!(!tr.is_ballistic());
    assert_eq!(tr.class(), ThreatClass::CruiseMissile);
}

#[test]
fn invalid_routes_are_errors() {
    let w0 = Geodetic::from_degrees(10.0, 10.0, 100.0);
    let w1 = Geodetic::from_degrees(10.5, 10.0, 100.0);
    let err = |wps: Vec<Geodetic>, v: f64, w: f64| Trajectory::new(&route(wps, v, w, 0.0)).err();
    assert_eq!(err(vec![w0], 200.0, 0.1), Some(TruthError::RouteTooShort));
    assert_eq!(err(vec![], 200.0, 0.1), Some(TruthError::RouteTooShort));
    assert_eq!(
        err(vec![w0, w0, w0.with_height(500.0)], 200.0, 0.1),
        Some(TruthError::RouteTooShort)
    );
    assert!(matches!(
        err(vec![w0, w1], 0.0, 0.1),
        Some(TruthError::InvalidRoute(_))
    ));
    assert!(matches!(
        err(vec![w0, w1], f64::NAN, 0.1),
        Some(TruthError::InvalidRoute(_))
    ));
    assert!(matches!(
        err(vec![w0, w1], 200.0, 0.0),
        Some(TruthError::InvalidRoute(_))
    ));
    let bad = Geodetic {
        lat: f64::NAN,
        ..w1
    };
    assert!(matches!(
        err(vec![w0, bad], 200.0, 0.1),
        Some(TruthError::InvalidRoute(_))
    ));
    // Duplicates are merged, an infinite turn rate flies sharp corners.
    let w2 = Geodetic::from_degrees(10.5, 10.5, 100.0);
    let tr = Trajectory::new(&route(vec![w0, w0, w1, w2], 200.0, f64::INFINITY, 0.0)).unwrap();
    assert_eq!(tr.peak_turn_rate(), Some(f64::INFINITY));
    assert!(
        tr.state_at(tr.end_time())
            .unwrap()
            .position
            .distance(&w2.to_ecef())
            < 1e-6
    );
}

#[test]
fn wide_fillets_never_exceed_the_turn_rate() {
    // Cruise-missile turn rates make fillets tens to hundreds of km across, where the
    // azimuthal-equidistant drawing of the arc distorts its curvature by up to ~1 %.
    for (lat, turn, omega, h) in [
        (0.0, 150.0, 0.02, 0.0),
        (60.0, 150.0, 0.02, 0.0),
        (-60.0, -90.0, 0.005, 0.0),
        (30.0, 170.0, 0.005, 0.0),
        (30.0, -170.0, 0.005, 10_000.0),
    ] {
        let w0 = Geodetic::from_degrees(lat, 20.0, h);
        let w1 = direct(w0, 80.0, 800_000.0, h);
        let w2 = direct(w1, geodesic(w0, w1).2 + turn, 800_000.0, h);
        let tr = Trajectory::new(&route(vec![w0, w1, w2], 250.0, omega, 0.0)).unwrap();
        let heading = |frame: &LocalFrame, t: f64| {
            let e = frame.vector_to_enu(&tr.state_at(t).unwrap().velocity).0;
            e.x.atan2(e.y)
        };
        let (mut peak, mut total) = (0.0_f64, 0.0);
        let dt = 0.05;
        let mut t = 0.0;
        while t + dt <= tr.end_time() {
            let frame = LocalFrame::new(tr.geodetic_at(t).unwrap());
            let d = wrap(heading(&frame, t + dt) - heading(&frame, t));
            peak = peak.max(d.abs() / dt);
            total += d;
            t += dt;
        }
        assert!(
            peak <= omega * (1.0 + 1e-6),
            "{lat} {turn} {omega}: {}",
            peak / omega - 1.0
        );
        assert!(
            peak > omega * 0.95,
            "{lat} {turn} {omega}: {}",
            peak / omega - 1.0
        );
        assert!(
            (total.abs() - f64::to_radians(turn.abs())).abs() < 1e-3,
            "{total}"
        );
    }
}
