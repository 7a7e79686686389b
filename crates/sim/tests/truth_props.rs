//! Property tests of the ground truth on random routes and random ballistic shots.

use geographiclib_rs::{DirectGeodesic, Geodesic};
use iadsim_core::{Geodetic, LocalFrame, wgs84};
use iadsim_sim::setup::{BallisticProfile, Threat, ThreatClass, ThreatMotion};
use iadsim_sim::truth::Trajectory;
use proptest::prelude::*;

fn threat(motion: ThreatMotion, start_time: f64) -> Threat {
    Threat {
        name: "p".into(),
        type_name: "p".into(),
        class: ThreatClass::Aircraft,
        rcs: 1.0,
        start_time,
        motion,
        target_asset: None,
        debris: Default::default(),
    }
}

/// A random route: a start point and up to five (azimuth, distance, height) hops.
fn route_strategy() -> impl Strategy<Value = (Vec<Geodetic>, f64, f64, f64)> {
    (
        -75.0..75.0_f64,
        -180.0..180.0_f64,
        30.0..12_000.0_f64,
        prop::collection::vec(
            (0.0..360.0_f64, 3_000.0..150_000.0_f64, 30.0..12_000.0_f64),
            1..6,
        ),
        80.0..900.0_f64,
        prop_oneof![0.01..0.4_f64, Just(f64::INFINITY)],
        -100.0..1_000.0_f64,
    )
        .prop_map(|(lat, lon, h0, hops, speed, omega, t0)| {
            let g = Geodesic::wgs84();
            let mut wps = vec![Geodetic::from_degrees(lat, lon, h0)];
            for (azi, s, h) in hops {
                let p = *wps.last().unwrap();
                let (la, lo): (f64, f64) = g.direct(p.lat_deg(), p.lon_deg(), azi, s);
                wps.push(Geodetic::from_degrees(la, lo, h));
            }
            (wps, speed, omega, t0)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn routes_are_continuous_fly_at_speed_and_end_on_the_aim(
        (wps, speed, omega, t0) in route_strategy()
    ) {
        let motion = ThreatMotion::Route { waypoints: wps.clone(), speed, max_turn_rate: omega, end: Default::default(), terrain_clearance: None };
        let tr = Trajectory::new(&threat(motion, t0)).unwrap();
        let aim = wps.last().unwrap().to_ecef();
        prop_assert_eq!(tr.aim_point(), aim);
        prop_assert!(tr.state_at(tr.end_time()).unwrap().position.distance(&aim) < 1.0);
        prop_assert!(tr.state_at(t0).unwrap().position.distance(&wps[0].to_ecef()) < 1e-3);
        prop_assert!(tr.state_at(t0 - 1e-3).is_none());
        prop_assert!(tr.state_at(tr.end_time() + 1e-3).is_none());

        let n = 1_500;
        let dt = (tr.end_time() - t0) / n as f64;
        let at = |i: usize| (t0 + dt * i as f64).min(tr.end_time());
        // Fastest 3-D speed anywhere (a climb adds to the horizontal speed; a steep one
        // over a short stretch can hide between the samples below, hence `max_speed`).
        let vmax = tr.max_speed();
        prop_assert!(vmax >= speed * (1.0 - 1e-9));
        // The height bound is a few metres above the highest waypoint at most.
        let top = wps.iter().map(|w| w.height).fold(0.0, f64::max);
        prop_assert!(tr.max_height() <= top + 10.0, "{} vs {}", tr.max_height(), top);
        let mut prev = tr.state_at(t0).unwrap();
        for i in 1..=n {
            let t = at(i);
            let s = tr.state_at(t).unwrap();
            // No jump: a step never covers more than the top speed allows.
            let step = s.position.distance(&prev.position);
            prop_assert!(s.velocity.norm() <= vmax * 1.000_001);
            prop_assert!(step <= vmax * 1.000_001 * (t - at(i - 1)) + 1e-6,
                "jump {} m in {} s (vmax {})", step, t - at(i - 1), vmax);
            // Horizontal speed is the given speed.
            let up = LocalFrame::new(tr.geodetic_at(t).unwrap())
                .vector_to_enu(&s.velocity).0;
            let horizontal = up.x.hypot(up.y);
            prop_assert!((horizontal - speed).abs() < 1e-5 * speed, "{} vs {}", horizontal, speed);
            // Never above the height bound the radars rely on.
            prop_assert!(tr.geodetic_at(t).unwrap().height <= tr.max_height());
            // The position-only query is the state's position, bit for bit.
            prop_assert_eq!(tr.position_at(t), Some(s.position));
            prev = s;
        }
    }

    #[test]
    fn ballistic_shots_hit_and_conserve_energy(
        lat in -70.0..70.0_f64,
        lon in -180.0..180.0_f64,
        azi in 0.0..360.0_f64,
        range in 80e3..9_000e3_f64,
        shape in 0.0..1.0_f64,
        h_launch in 0.0..2_000.0_f64,
        h_impact in 0.0..2_000.0_f64,
    ) {
        let g = Geodesic::wgs84();
        let (la, lo): (f64, f64) = g.direct(lat, lon, azi, range);
        let launch = Geodetic::from_degrees(lat, lon, h_launch);
        let impact = Geodetic::from_degrees(la, lo, h_impact);
        // Minimum energy, or lofted / depressed by up to 60 % of the way to 90° / 0°.
        let psi = range / wgs84::MEAN_RADIUS;
        let gamma_me = (std::f64::consts::PI - psi) / 4.0;
        let profile = if shape < 0.33 {
            BallisticProfile::MinimumEnergy
        } else if shape < 0.66 {
            BallisticProfile::Lofted {
                flight_path_angle: gamma_me + 0.02 + (shape - 0.33) * 1.8 * (1.5 - gamma_me),
            }
        } else {
            BallisticProfile::Depressed {
                flight_path_angle: (gamma_me - 0.02) * (1.0 - (shape - 0.66) * 1.7),
            }
        };
        let motion = ThreatMotion::Ballistic {
            launch,
            impact,
            profile,
            ballistic_coefficient: None,
        };
        let tr = Trajectory::new(&threat(motion, 0.0)).unwrap();
        prop_assert!(tr.state_at(tr.end_time()).unwrap().position.distance(&impact.to_ecef()) < 1.0);
        prop_assert!(tr.state_at(0.0).unwrap().position.distance(&launch.to_ecef()) < 1e-3);
        let energy = |t: f64| {
            let s = tr.state_at(t).unwrap();
            0.5 * s.velocity.0.norm_squared() - wgs84::GM / s.position.norm()
        };
        let e0 = energy(0.0);
        for k in 1..=100 {
            let t = (tr.end_time() * k as f64 / 100.0).min(tr.end_time());
            prop_assert!(((energy(t) - e0) / e0).abs() < 1e-9);
            prop_assert!(tr.geodetic_at(t).unwrap().height <= tr.max_height());
            prop_assert_eq!(tr.position_at(t), tr.state_at(t).map(|s| s.position));
            // Never below the ground before impact.
            if k < 100 {
                prop_assert!(tr.geodetic_at(t).unwrap().height > h_impact.min(h_launch) - 1.0);
            }
        }
    }

    #[test]
    fn ballistic_shots_with_drag_still_hit(
        lat in -70.0..70.0_f64,
        azi in 0.0..360.0_f64,
        range in 150e3..5_000e3_f64,
        beta in 1_500.0..60_000.0_f64,
    ) {
        let g = Geodesic::wgs84();
        let (la, lo): (f64, f64) = g.direct(lat, 10.0, azi, range);
        let launch = Geodetic::from_degrees(lat, 10.0, 0.0);
        let impact = Geodetic::from_degrees(la, lo, 0.0);
        let motion = |b| ThreatMotion::Ballistic {
            launch,
            impact,
            profile: BallisticProfile::MinimumEnergy,
            ballistic_coefficient: b,
        };
        let tr = Trajectory::new(&threat(motion(Some(beta)), 0.0)).unwrap();
        let vac = Trajectory::new(&threat(motion(None), 0.0)).unwrap();
        let end = tr.state_at(tr.end_time()).unwrap();
        prop_assert!(end.position.distance(&impact.to_ecef()) < 100.0);
        prop_assert!(end.velocity.norm() < vac.state_at(vac.end_time()).unwrap().velocity.norm());
        for k in 0..=400 {
            let t = (tr.end_time() * k as f64 / 400.0).min(tr.end_time());
            prop_assert!(tr.state_at(t).unwrap().velocity.norm() <= tr.max_speed() * 1.000_001);
            prop_assert!(tr.geodetic_at(t).unwrap().height <= tr.max_height());
            prop_assert_eq!(tr.position_at(t), tr.state_at(t).map(|s| s.position));
        }
    }
}
