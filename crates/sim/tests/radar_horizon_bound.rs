//! The quick "cannot be seen" test the radars run before the exact geometry
//! ([`Site::may_see_within`], [`horizon_slant_bound`], [`height_upper_bound`]) must be
//! conservative: whatever it rejects, the exact horizon and range tests reject too, for
//! every point within the reach it was given. Random sites, points, heights and reaches,
//! concentrated around the horizon where the bound is tight. Likewise the elevation-floor
//! bound ([`elevation_floor_bound`]): a point farther than it is under the beam.

use iadsim_core::horizon::{FOUR_THIRDS, line_of_sight_geometry};
use iadsim_core::{Ecef, Geodetic, Vector3, wgs84};
use iadsim_sim::sense::radar::sight::{Site, elevation_floor_bound, horizon_slant_bound};
use proptest::prelude::*;

/// A point `distance` m from `site` along azimuth `azimuth` (rad) on the ellipsoid, at
/// ellipsoid height `height` (m).
fn point(site: &Geodetic, azimuth: f64, distance: f64, height: f64) -> Geodetic {
    let (p, _) = iadsim_core::geodesic::direct(site, azimuth, distance);
    p.with_height(height)
}

/// A unit vector from two angles.
fn direction(a: f64, b: f64) -> Vector3<f64> {
    let (sa, ca) = a.sin_cos();
    let (sb, cb) = b.sin_cos();
    Vector3::new(ca * cb, sa * cb, sb)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn rejected_points_are_never_visible(
        lat in -89.0f64..89.0,
        lon in -180.0f64..180.0,
        mast in 0.0f64..200.0,
        surface in -100.0f64..2_000.0,
        k in prop::sample::select(vec![1.0, FOUR_THIRDS, 2.0]),
        azimuth in 0.0f64..std::f64::consts::TAU,
        // Heights from the surface to a ballistic apogee, denser low down.
        height_frac in 0.0f64..1.0,
        // Ground distance as a fraction of the textbook horizon range at that height.
        horizon_frac in 0.0f64..1.6,
        reach in prop::sample::select(vec![0.0, 10.0, 150.0, 1_500.0, 20_000.0]),
        dir in (0.0f64..std::f64::consts::TAU, -1.5f64..1.5),
        along in 0.0f64..=1.0,
        max_range in 20_000.0f64..600_000.0,
        cap_extra in prop::option::of(0.0f64..2_000.0),
    ) {
        let site_pos = Geodetic::from_degrees(lat, lon, surface + mast);
        let site = Site::new(site_pos, k).with_surface(surface);
        let height = surface - 50.0 + 200_000.0 * height_frac.powi(4);
        let h1 = mast;
        let h2 = (height - surface).max(0.0);
        let textbook =
            iadsim_core::horizon::horizon_range(h1, h2, k, iadsim_core::wgs84::MEAN_RADIUS);
        let distance = (horizon_frac * textbook).min(3_000_000.0);
        let p = point(&site_pos, azimuth, distance, height).to_ecef().0;

        // The height bound.
        let exact = Ecef(p).to_geodetic().height;
        let bound = wgs84::height_upper_bound(&p);
        prop_assert!(bound >= exact.max(0.0) - 1e-6, "height {exact} bound {bound}");
        prop_assert!(bound <= exact.max(0.0) * (1.0 + 1e-4) + 1e-3);

        // Any point within `reach` of p.
        let q = p + direction(dir.0, dir.1) * (reach * along);
        let qg = Ecef(q).to_geodetic();
        // A height cap that the point respects, or none.
        let cap = cap_extra.map_or(f64::INFINITY, |x| qg.height.max(0.0) + x);
        if !site.may_see_within(&p, reach, cap, max_range) {
            let sight = site.sight(&qg);
            prop_assert!(
                !(sight.above_horizon() && sight.polar.range <= max_range),
                "rejected yet visible: clearance {} range {}",
                sight.clearance,
                sight.polar.range
            );
        }

        // The geodesic line of sight of the first radar model, at the point itself.
        let slant = (q - site.ecef()).norm();
        if slant > horizon_slant_bound(site_pos.height, surface, k, wgs84::height_upper_bound(&q)) {
            let los = line_of_sight_geometry(&site_pos, &qg, k, surface);
            prop_assert!(!los.visible(), "rejected yet visible: clearance {}", los.clearance);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    /// The radar skips a far target for as long as a longer reach is still rejected:
    /// that needs the test to be monotone in the reach (once a reach may see, every
    /// longer one may too).
    #[test]
    fn the_test_is_monotone_in_the_reach(
        lat in -89.0f64..89.0,
        lon in -180.0f64..180.0,
        mast in 0.0f64..200.0,
        azimuth in 0.0f64..std::f64::consts::TAU,
        distance in 0.0f64..2_000_000.0,
        height in -100.0f64..150_000.0,
        r1 in 0.0f64..500_000.0,
        extra in 0.0f64..500_000.0,
        max_range in 20_000.0f64..600_000.0,
    ) {
        let site_pos = Geodetic::from_degrees(lat, lon, mast);
        let site = Site::new(site_pos, FOUR_THIRDS);
        let p = point(&site_pos, azimuth, distance, height).to_ecef().0;
        for cap in [f64::INFINITY, height.max(0.0) + 100.0] {
            if site.may_see_within(&p, r1, cap, max_range) {
                prop_assert!(site.may_see_within(&p, r1 + extra, cap, max_range));
            }
        }
    }
}

/// The bound is useful: within a few per cent of the horizon for a sea-skimmer and an
/// aircraft, so that the radars skip most of the invisible targets.
#[test]
fn bound_is_close_to_the_horizon() {
    let site = Geodetic::from_degrees(48.0, 67.0, 20.0);
    for h in [50.0, 10_000.0] {
        let exact = iadsim_core::horizon::horizon_range(20.0, h, FOUR_THIRDS, 6_371_000.0);
        let bound = horizon_slant_bound(site.height, 0.0, FOUR_THIRDS, h);
        assert!(
            bound >= exact && bound < 1.05 * exact + h,
            "{h}: {bound} vs {exact}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    /// Beyond the elevation-floor bound for its height cap, a point is never seen at or
    /// above the beam's lowest elevation (≥ 0) by the exact test. Points are drawn
    /// around the distance where the floor meets them, where the bound is tight.
    #[test]
    fn beyond_the_floor_bound_points_are_under_the_beam(
        lat in -89.0f64..89.0,
        lon in -180.0f64..180.0,
        mast in 0.0f64..200.0,
        surface in -100.0f64..2_000.0,
        k in prop::sample::select(vec![0.8, 1.0, FOUR_THIRDS, 2.0]),
        min_elevation in prop::sample::select(vec![0.0, 0.0, 0.001, 0.02]),
        azimuth in 0.0f64..std::f64::consts::TAU,
        above in prop_oneof![3 => 0.0f64..500.0, 1 => 0.0f64..50_000.0],
        below_cap in prop_oneof![2 => Just(1.0), 1 => 0.0f64..1.0],
        distance_frac in prop_oneof![3 => 0.95f64..1.05, 1 => 0.5f64..3.0],
    ) {
        let site_pos = Geodetic::from_degrees(lat, lon, surface + mast);
        let cap = surface + above;
        let bound = elevation_floor_bound(site_pos.height, surface, k, min_elevation, cap);
        prop_assert!(bound >= 0.0);
        // Where the 0° floor meets height `cap` on a sphere of radius k·R.
        let meet = (2.0 * k * 6.371e6 * (above - mast).max(0.0)).sqrt();
        let height = surface + above * below_cap;
        let p = point(&site_pos, azimuth, meet * distance_frac + 1.0, height);
        let slant = (p.to_ecef().0 - site_pos.to_ecef().0).norm();
        if slant > bound {
            let los = line_of_sight_geometry(&site_pos, &p, k, surface);
            prop_assert!(
                !(los.visible() && los.apparent_elevation >= min_elevation),
                "beyond {bound} m at {slant} m, yet seen at {} rad", los.apparent_elevation
            );
        }
    }
}

/// The floor bound is useful: for a sea-skimmer at 50 m under a 0° beam from a 24 m mast
/// it is within a few per cent of where the beam's floor meets it (~21 km on the 4/3
/// Earth), far inside the ~49 km horizon; it claims nothing for a negative floor.
#[test]
fn floor_bound_is_close_to_where_the_floor_meets_a_sea_skimmer() {
    let meet = (2.0 * FOUR_THIRDS * 6.371e6 * 26.0f64).sqrt();
    let bound = elevation_floor_bound(24.0, 0.0, FOUR_THIRDS, 0.0, 50.0);
    assert!(
        bound >= meet && bound < 1.02 * meet + 100.0,
        "{bound} vs {meet}"
    );
    assert!(elevation_floor_bound(24.0, 0.0, FOUR_THIRDS, -0.01, 50.0).is_infinite());
    assert_eq!(
        elevation_floor_bound(24.0, 0.0, FOUR_THIRDS, 0.0, 20.0),
        0.0
    );
}
