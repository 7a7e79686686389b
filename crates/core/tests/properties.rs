//! Property tests: round trips between frames, geodesic consistency, line-of-sight
//! symmetry and monotonicity, atmosphere continuity and hydrostatic balance.

use std::f64::consts::{FRAC_PI_2, PI};

use iadsim_core::atmosphere::{self, us1976};
use iadsim_core::geodesic;
use iadsim_core::horizon::{self, FOUR_THIRDS};
use iadsim_core::{Ecef, Enu, Geodetic, LocalFrame, Polar, Vector3};
use proptest::prelude::*;

fn latitude() -> impl Strategy<Value = f64> {
    prop_oneof![
        1 => Just(FRAC_PI_2),
        1 => Just(-FRAC_PI_2),
        1 => Just(0.0),
        12 => -FRAC_PI_2..=FRAC_PI_2,
    ]
}

fn longitude() -> impl Strategy<Value = f64> {
    // (−π, π]
    (-PI..=PI).prop_map(|l| if l == -PI { PI } else { l })
}

fn point(h_min: f64, h_max: f64) -> impl Strategy<Value = Geodetic> {
    (latitude(), longitude(), h_min..=h_max).prop_map(|(lat, lon, height)| Geodetic {
        lat,
        lon,
        height,
    })
}

fn ang_diff(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(2.0 * PI);
    d.min(2.0 * PI - d)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn geodetic_ecef_round_trip(g in point(-10_000.0, 40_000_000.0)) {
        let back = g.to_ecef().to_geodetic();
        prop_assert!((back.height - g.height).abs() < 1e-6, "h {} vs {}", back.height, g.height);
        prop_assert!((back.lat - g.lat).abs() < 1e-12, "lat {} vs {}", back.lat, g.lat);
        if g.lat.abs() < FRAC_PI_2 {
            prop_assert!(ang_diff(back.lon, g.lon) < 1e-12, "lon {} vs {}", back.lon, g.lon);
        }
        prop_assert!(back.lon > -PI && back.lon <= PI);
    }

    #[test]
    fn ecef_geodetic_round_trip(
        x in -5e7..5e7f64, y in -5e7..5e7f64, z in -5e7..5e7f64,
    ) {
        let p = Ecef(Vector3::new(x, y, z));
        prop_assume!(p.norm() > 6.3e6);
        let back = p.to_geodetic().to_ecef();
        prop_assert!(back.distance(&p) < 1e-6, "{}", back.distance(&p));
    }

    #[test]
    fn ecef_enu_round_trip(
        origin in point(-500.0, 10_000.0),
        e in -1e6..1e6f64, n in -1e6..1e6f64, u in -1e5..1e6f64,
    ) {
        let frame = LocalFrame::new(origin);
        let enu = Enu::new(e, n, u);
        let ecef = frame.position_to_ecef(&enu);
        let back = frame.position_to_enu(&ecef);
        prop_assert!((back.0 - enu.0).norm() < 1e-6);
        let v = frame.vector_to_ecef(&enu);
        prop_assert!((v.0.norm() - enu.0.norm()).abs() < 1e-6);
        prop_assert!((frame.vector_to_enu(&v).0 - enu.0).norm() < 1e-6);
        // The frame's up axis is the ellipsoid normal: a point straight up has the
        // origin's latitude and longitude.
        let up = frame.position_to_ecef(&Enu::new(0.0, 0.0, 1000.0)).to_geodetic();
        prop_assert!((up.height - origin.height - 1000.0).abs() < 1e-6);
        prop_assert!((up.lat - origin.lat).abs() < 1e-12);
    }

    #[test]
    fn polar_enu_round_trip(
        range in 1.0..1e6f64, azimuth in 0.0..(2.0 * PI), elevation in -1.5..1.5f64,
    ) {
        let p = Polar { range, azimuth, elevation };
        let back = p.to_enu().to_polar();
        prop_assert!((back.range - range).abs() < 1e-8 * range);
        prop_assert!(ang_diff(back.azimuth, azimuth) < 1e-12);
        prop_assert!((back.elevation - elevation).abs() < 1e-12);
        prop_assert!(back.azimuth >= 0.0 && back.azimuth < 2.0 * PI);
    }

    #[test]
    fn geodesic_direct_inverts_inverse(a in point(0.0, 0.0), b in point(0.0, 0.0)) {
        let inv = geodesic::inverse(&a, &b);
        let (end, az_end) = geodesic::direct(&a, inv.azimuth_start, inv.distance);
        prop_assert!(end.to_ecef().distance(&b.to_ecef()) < 1e-5,
            "miss {}", end.to_ecef().distance(&b.to_ecef()));
        if inv.distance > 1.0 && b.lat.abs() < 1.5 && a.lat.abs() < 1.5 {
            prop_assert!(ang_diff(az_end, inv.azimuth_end) < 1e-8);
        }
        // Symmetry of length.
        let rev = geodesic::inverse(&b, &a);
        prop_assert!((rev.distance - inv.distance).abs() < 1e-6);
        // Triangle: the chord never exceeds the arc.
        prop_assert!(a.to_ecef().distance(&b.to_ecef()) <= inv.distance + 1e-6);
    }

    #[test]
    fn geodesic_inverse_inverts_direct(
        a in point(0.0, 1000.0), azimuth in 0.0..(2.0 * PI), s in 0.0..1.0e7f64,
    ) {
        let (b, _) = geodesic::direct(&a, azimuth, s);
        prop_assert_eq!(b.height, a.height);
        let inv = geodesic::inverse(&a, &b);
        prop_assert!((inv.distance - s).abs() < 1e-6, "{} vs {}", inv.distance, s);
        if s > 1.0 && a.lat.abs() < 1.5 {
            prop_assert!(ang_diff(inv.azimuth_start, azimuth) < 1e-8);
        }
    }

    #[test]
    fn interpolation_splits_the_geodesic(
        a in point(0.0, 5000.0), b in point(0.0, 5000.0), f in 0.0..1.0f64,
    ) {
        let inv = geodesic::inverse(&a, &b);
        // Near-antipodal pairs have several shortest geodesics; keep away from them.
        prop_assume!(inv.distance < 1.9e7);
        let m = geodesic::interpolate(&a, &b, f);
        let d1 = geodesic::inverse(&a, &m).distance;
        let d2 = geodesic::inverse(&m, &b).distance;
        prop_assert!((d1 - f * inv.distance).abs() < 1e-5);
        prop_assert!((d1 + d2 - inv.distance).abs() < 1e-5);
        prop_assert!((m.height - (a.height + f * (b.height - a.height))).abs() < 1e-9);
    }

    #[test]
    fn line_of_sight_is_symmetric(
        radar in point(0.0, 200.0),
        az in 0.0..(2.0 * PI), s in 0.0..600_000.0f64, h in 0.0..30_000.0f64,
    ) {
        let (t, _) = geodesic::direct(&radar, az, s);
        let target = t.with_height(h);
        let ab = horizon::line_of_sight_geometry(&radar, &target, FOUR_THIRDS, 0.0);
        let ba = horizon::line_of_sight_geometry(&target, &radar, FOUR_THIRDS, 0.0);
        prop_assert!((ab.clearance - ba.clearance).abs() < 1e-6,
            "{} vs {}", ab.clearance, ba.clearance);
        prop_assert!((ab.effective_radius - ba.effective_radius).abs() < 1e-6);
        if ab.clearance.abs() > 1e-6 {
            prop_assert_eq!(ab.visible(), ba.visible());
        }
    }

    #[test]
    fn line_of_sight_monotone_in_target_height(
        radar in point(0.0, 200.0),
        az in 0.0..(2.0 * PI), s in 0.0..600_000.0f64,
        h1 in -100.0..30_000.0f64, dh in 0.0..5_000.0f64,
    ) {
        let (t, _) = geodesic::direct(&radar, az, s);
        let low = horizon::line_of_sight_geometry(&radar, &t.with_height(h1), FOUR_THIRDS, 0.0);
        let high =
            horizon::line_of_sight_geometry(&radar, &t.with_height(h1 + dh), FOUR_THIRDS, 0.0);
        prop_assert!(high.clearance >= low.clearance - 1e-8);
        prop_assert!(high.apparent_elevation >= low.apparent_elevation - 1e-15);
        if low.visible() {
            prop_assert!(high.visible());
        }
    }

    #[test]
    fn height2range_and_range2height_invert(
        ha in 0.0..100.0f64, ht in 0.0..30_000.0f64, el in -0.2..1.5f64,
    ) {
        let re = FOUR_THIRDS * 6_371_000.0;
        if let Some(r) = horizon::slant_range_to_height(ht, ha, el, re) {
            let back = horizon::height_at_slant_range(r, ha, el, re);
            prop_assert!((back - ht).abs() < 1e-6 * (1.0 + ht), "{back} vs {ht}");
            prop_assert!(r >= 0.0);
        } else {
            prop_assert!(ht < ha);
        }
    }

    #[test]
    fn atmosphere_is_continuous_and_decreasing(z in -5_000.0..86_000.0f64) {
        let a = us1976(z);
        let b = us1976(z + 0.01);
        prop_assert!((a.temperature - b.temperature).abs() < 1e-4);
        prop_assert!(b.pressure < a.pressure);
        prop_assert!((b.pressure / a.pressure - 1.0).abs() < 1e-5);
        prop_assert!((b.density / a.density - 1.0).abs() < 1e-5);
    }

    #[test]
    fn atmosphere_is_hydrostatic(z in -4_900.0..85_900.0f64) {
        // dp/dz = −ρ·g(z); the pressure profile is smooth even where T has a kink.
        let dz = 1.0;
        let dpdz = (us1976(z + dz).pressure - us1976(z - dz).pressure) / (2.0 * dz);
        let s = us1976(z);
        let want = -s.density * atmosphere::gravity(z);
        prop_assert!((dpdz / want - 1.0).abs() < 1e-4, "{dpdz} vs {want}");
    }
}

#[test]
fn atmosphere_continuous_at_every_layer_base() {
    for &(hb, _) in &atmosphere::LAYERS[1..] {
        let z = atmosphere::geometric_from_geopotential(hb);
        let below = us1976(z - 1e-6);
        let above = us1976(z + 1e-6);
        assert!(
            (below.temperature - above.temperature).abs() < 1e-6,
            "T at {hb}"
        );
        assert!(
            (below.pressure / above.pressure - 1.0).abs() < 1e-9,
            "p at {hb}"
        );
        assert!(
            (below.density / above.density - 1.0).abs() < 1e-9,
            "ρ at {hb}"
        );
    }
    let top = atmosphere::MAX_ALTITUDE;
    let (below, above) = (us1976(top - 1e-6), us1976(top + 1e-6));
    assert!((below.pressure / above.pressure - 1.0).abs() < 1e-9);
    assert!((below.temperature - above.temperature).abs() < 1e-6);
}

#[test]
fn apparent_elevation_without_refraction_matches_ellipsoid_geometry() {
    // With k = 1 the effective sphere is the local osculating sphere, so the model's
    // elevation should match the true geometric elevation computed in the radar's ENU
    // frame over the ellipsoid (an independent computation).
    let mut worst: f64 = 0.0;
    for &lat in &[-70.0, -20.0, 0.0, 35.0, 60.0, 85.0] {
        let radar = Geodetic::from_degrees(lat, 30.0, 50.0);
        let frame = LocalFrame::new(radar);
        for az in (0..360).step_by(30) {
            for &s in &[1_000.0, 20_000.0, 100_000.0, 300_000.0] {
                for &h in &[0.0, 500.0, 10_000.0, 30_000.0] {
                    let (t, _) = geodesic::direct(&radar, f64::from(az).to_radians(), s);
                    let t = t.with_height(h);
                    let model = horizon::apparent_elevation(&radar, &t, 1.0);
                    let truth = frame.polar_of(&t.to_ecef()).elevation;
                    worst = worst.max((model - truth).abs());
                }
            }
        }
    }
    assert!(worst < 5e-6, "worst elevation difference {worst} rad");
}

/// The exact answer `visible_within_by_bounds` stands in for.
fn exact_visible_within(
    radar: &Geodetic,
    target: &Geodetic,
    k: f64,
    surface: f64,
    min_el: f64,
    max_el: f64,
) -> bool {
    let los = horizon::line_of_sight_geometry(radar, target, k, surface);
    los.visible() && los.apparent_elevation >= min_el && los.apparent_elevation <= max_el
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// The bounds never decide against the exact test, for targets out to 1,500 km (well
    /// past any horizon), heights from below the surface to far above it, and a range of
    /// refraction factors and elevation limits.
    #[test]
    fn visible_within_by_bounds_agrees_with_the_exact_test(
        radar in point(-100.0, 3_000.0),
        surface in -100.0..1_000.0f64,
        east in -1.5e6..1.5e6f64,
        north in -1.5e6..1.5e6f64,
        scale in prop_oneof![1 => Just(1.0), 1 => Just(0.1), 1 => Just(0.01)],
        up in prop_oneof![2 => -2e3..2e3f64, 2 => -2e3..40e3f64, 1 => -1e5..1e6f64],
        k in prop_oneof![3 => Just(FOUR_THIRDS), 1 => 0.6..3.0f64],
        min_el in prop_oneof![1 => Just(0.0), 1 => -0.1..0.0f64, 1 => 0.0..0.05f64],
        max_el in prop_oneof![1 => Just(FRAC_PI_2), 2 => 0.01..1.6f64],
    ) {
        let frame = LocalFrame::new(radar);
        let target = frame
            .position_to_ecef(&Enu::new(east * scale, north * scale, up))
            .to_geodetic();
        if let Some(d) =
            horizon::visible_within_by_bounds(&radar, &target, k, surface, min_el, max_el)
        {
            prop_assert_eq!(
                d.visible,
                exact_visible_within(&radar, &target, k, surface, min_el, max_el),
                "radar {:?} target {:?} k {} surface {} limits {} {}",
                radar, target, k, surface, min_el, max_el
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// The same, for targets placed within metres of the lowest beam elevation (where the
    /// bounds must hold to the metre): the target's height is set from the 4/3-Earth
    /// drop and the beam's slope at its distance, plus a small offset.
    #[test]
    fn visible_within_by_bounds_agrees_near_the_beam_floor(
        radar in point(-50.0, 1_000.0),
        mast in 0.0..50.0f64,
        bearing in 0.0..(2.0 * PI),
        distance in 1e3..6e5f64,
        offset in -40.0..40.0f64,
        k in prop_oneof![3 => Just(FOUR_THIRDS), 1 => 0.8..2.0f64],
        min_el in prop_oneof![2 => Just(0.0), 1 => -0.03..0.0f64, 1 => 0.0..0.02f64],
    ) {
        let surface = radar.height - mast;
        let r = 6.371e6;
        let (e, n) = (distance * bearing.sin(), distance * bearing.cos());
        let up = distance * distance * (1.0 / (2.0 * k * r) - 1.0 / (2.0 * r))
            + distance * min_el.tan()
            + offset;
        let target = LocalFrame::new(radar).position_to_ecef(&Enu::new(e, n, up)).to_geodetic();
        let max_el = 1.5;
        if let Some(d) =
            horizon::visible_within_by_bounds(&radar, &target, k, surface, min_el, max_el)
        {
            prop_assert_eq!(
                d.visible,
                exact_visible_within(&radar, &target, k, surface, min_el, max_el),
                "radar {:?} target {:?} k {} surface {} floor {}",
                radar, target, k, surface, min_el
            );
        }
    }
}

/// The bounds decide the common cases: an aircraft at 9 km seen from a mast at 200 km and
/// at 30 km (visible), a sea-skimmer at 30 km below the horizontal of a 0° beam (not);
/// they leave the few metres around the horizontal, and a target above the elevation
/// limit, to the exact test.
#[test]
fn visible_within_by_bounds_decides_clear_cases() {
    let radar = Geodetic {
        lat: 48f64.to_radians(),
        lon: 67f64.to_radians(),
        height: 390.0,
    };
    let frame = LocalFrame::new(radar);
    let at = |east: f64, up: f64| {
        frame
            .position_to_ecef(&Enu::new(east, 0.0, up))
            .to_geodetic()
    };
    let sixty = 60f64.to_radians();
    let decide = |t: &Geodetic, min_el: f64| {
        horizon::visible_within_by_bounds(&radar, t, FOUR_THIRDS, 360.0, min_el, sixty)
            .map(|d| d.visible)
    };
    for east in [30e3, 200e3] {
        let t = at(east, 9_000.0);
        assert_eq!(decide(&t, 0.0), Some(true));
        assert!(exact_visible_within(
            &radar,
            &t,
            FOUR_THIRDS,
            360.0,
            0.0,
            sixty
        ));
    }
    // 50 m above the surface 30 km out: ~30 m under the radar's horizontal on the 4/3
    // Earth, so hidden from a beam whose lowest elevation is 0° but not from −1°.
    let drop = 30e3 * 30e3 / (2.0 * 6.371e6);
    let low = at(30e3, 50.0 + 360.0 - 390.0 - drop);
    assert_eq!(decide(&low, 0.0), Some(false));
    assert!(!exact_visible_within(
        &radar,
        &low,
        FOUR_THIRDS,
        360.0,
        0.0,
        sixty
    ));
    assert!(exact_visible_within(
        &radar,
        &low,
        FOUR_THIRDS,
        360.0,
        -1f64.to_radians(),
        sixty
    ));
    assert_ne!(decide(&low, -1f64.to_radians()), Some(false));
    // 9 km up at 3 km out: some 71° up, above a 60° limit.
    let steep = at(3e3, 9_000.0);
    assert_eq!(decide(&steep, 0.0), None);
    assert!(!exact_visible_within(
        &radar,
        &steep,
        FOUR_THIRDS,
        360.0,
        0.0,
        sixty
    ));
    // Below the surface.
    assert_eq!(decide(&at(1e3, -400.0), 0.0), Some(false));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// A decision holds anywhere within its slack: the exact test at a point moved by up
    /// to the slack (mostly the full slack) gives the decided answer.
    #[test]
    fn visible_within_by_bounds_slack_keeps_the_answer(
        radar in point(-50.0, 1_000.0),
        mast in 0.0..50.0f64,
        bearing in 0.0..(2.0 * PI),
        distance in 1e3..8e5f64,
        height in prop_oneof![2 => -200.0..2e3f64, 2 => 0.0..40e3f64, 1 => 0.0..1e6f64],
        k in prop_oneof![3 => Just(FOUR_THIRDS), 1 => 0.8..2.0f64],
        min_el in prop_oneof![2 => Just(0.0), 1 => -0.03..0.0f64, 1 => 0.0..0.02f64],
        max_el in prop_oneof![1 => Just(FRAC_PI_2), 2 => 0.05..1.5f64],
        vertical in prop_oneof![1 => Just(-1.0), 1 => Just(1.0), 2 => Just(0.0)],
        direction in (-1.0..1.0f64, -1.0..1.0f64, -1.0..1.0f64),
        fraction in prop_oneof![3 => Just(1.0), 1 => 0.0..1.0f64],
    ) {
        let surface = radar.height - mast;
        let r = 6.371e6;
        let (e, n) = (distance * bearing.sin(), distance * bearing.cos());
        // `height` above the surface, roughly: the tangent plane drops away as d²/2R.
        let up = height + surface - radar.height - distance * distance / (2.0 * r);
        let frame = LocalFrame::new(radar);
        let here = frame.position_to_ecef(&Enu::new(e, n, up));
        let Some(d) = horizon::visible_within_by_bounds(
            &radar, &here.to_geodetic(), k, surface, min_el, max_el,
        ) else {
            return Ok(());
        };
        // Straight up or down (where the answers are most sensitive), or any way.
        let dir = if vertical == 0.0 {
            Vector3::new(direction.0, direction.1, direction.2)
        } else {
            let g = here.to_geodetic();
            let lifted = Geodetic { height: g.height + 1.0, ..g }.to_ecef();
            (lifted.0 - here.0) * vertical
        };
        prop_assume!(dir.norm() > 1e-3);
        let step = d.slack.min(1e7) * fraction;
        let there = Ecef(here.0 + dir.normalize() * step).to_geodetic();
        prop_assert_eq!(
            d.visible,
            exact_visible_within(&radar, &there, k, surface, min_el, max_el),
            "slack {} moved {} from {:?} to {:?}", d.slack, step, here.to_geodetic(), there
        );
    }
}
