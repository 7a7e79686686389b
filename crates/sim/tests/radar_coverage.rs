//! Coverage maps: consistency with the physics radar, combination rules, contours,
//! engagement zones, determinism across thread counts; and the dump the independent
//! Python check in `bench/radar/` compares against.

#[path = "radar_support.rs"]
mod support;

use iadsim_core::Geodetic;
use iadsim_sim::coverage::contour::signed_area2;
use iadsim_sim::coverage::{CoverageRequest, GridSpec, HeightReference, compute};
use iadsim_sim::sense::{PhysicsConfig, PhysicsRadar};
use iadsim_sim::setup::RadarRole;

fn request(nx: usize, ny: usize) -> (iadsim_sim::Setup, CoverageRequest) {
    let setup = support::regiment_setup();
    let mut req = CoverageRequest::new(&setup);
    req.grid = GridSpec::from_degrees(44.0, 52.0, 61.0, 73.0, nx, ny);
    req.target_height = 5_000.0;
    req.rcs = 2.0;
    req.vertical.n_range = 60;
    req.vertical.n_height = 30;
    (setup, req)
}

#[test]
fn map_equals_the_physics_radar_look_pd() {
    let (setup, req) = request(61, 51);
    let result = compute(&setup, &req).unwrap();
    assert_eq!(result.radars.len(), 4);
    for (k, rc) in result.radars.iter().enumerate() {
        let b = k / 2;
        let role = if k % 2 == 0 {
            RadarRole::Acquisition
        } else {
            RadarRole::Engagement
        };
        let bn = &setup.regiment.battalions[b];
        let spec = if k % 2 == 0 {
            bn.acquisition_radar.clone()
        } else {
            bn.engagement_radar.clone()
        };
        let config = PhysicsConfig::for_battalion(&setup.regiment, &setup.assets, b, role);
        let radar = PhysicsRadar::new(
            spec.clone(),
            k % 2,
            config,
            iadsim_core::rng::stream(1, 0, 0),
        )
        .unwrap();
        let mut worst: f64 = 0.0;
        let mut nonzero = 0;
        for j in (0..51).step_by(5) {
            for i in (0..61).step_by(3) {
                let g = Geodetic {
                    lat: req.grid.lat(j),
                    lon: req.grid.lon(i),
                    // Above ground without terrain: above the sea-level ellipsoid.
                    height: req.target_height,
                };
                let expected = radar.look_pd(&g.to_ecef(), req.rcs);
                let got = rc.layer.single[j * 61 + i];
                worst = worst.max((expected - got).abs());
                nonzero += usize::from(got > 0.0);
            }
        }
        assert!(worst < 1e-9, "{}: {worst}", rc.name);
        assert!(nonzero > 10, "{}: only {nonzero} covered points", rc.name);
    }
}

#[test]
fn combination_rules_and_contours() {
    let (setup, req) = request(121, 101);
    let r = compute(&setup, &req).unwrap();
    let n = 121 * 101;
    for p in 0..n {
        let miss: f64 = r.radars.iter().map(|rc| 1.0 - rc.layer.single[p]).product();
        assert!((r.combined.single[p] - (1.0 - miss)).abs() < 1e-12);
        assert!((r.combined.cumulative[p] - (1.0 - miss.powi(3))).abs() < 1e-12);
        for rc in &r.radars {
            let s = rc.layer.single[p];
            assert!((rc.layer.cumulative[p] - (1.0 - (1.0 - s).powi(3))).abs() < 1e-12);
            assert!(r.combined.single[p] >= s - 1e-15);
        }
    }
    // Contours: closed rings, exteriors counter-clockwise, holes clockwise, inside the
    // grid; the 0.9 region is inside the 0.5 region (smaller area).
    let area = |level: f64| -> f64 {
        let c = r
            .combined
            .contours
            .iter()
            .find(|c| c.level == level && !c.cumulative)
            .unwrap();
        let mut a = 0.0;
        for p in &c.polygons {
            assert_eq!(p.exterior.first(), p.exterior.last());
            assert!(signed_area2(&p.exterior) > 0.0);
            a += signed_area2(&p.exterior);
            for h in &p.holes {
                assert!(signed_area2(h) < 0.0);
                a += signed_area2(h);
            }
            for q in &p.exterior {
                assert!(q[0] >= 61.0 - 1e-9 && q[0] <= 73.0 + 1e-9);
                assert!(q[1] >= 44.0 - 1e-9 && q[1] <= 52.0 + 1e-9);
            }
        }
        a
    };
    let a50 = area(0.5);
    let a90 = area(0.9);
    assert!(a50 > a90 && a90 > 0.0, "{a50} {a90}");
    // Detection summary: free-space ranges scale as σ^¼ and the horizon limits nothing
    // at 5 km (horizon ≈ 300 km > map reach is not required; just sanity).
    for rc in &r.radars {
        assert!(rc.ranges.free_space_50 > rc.ranges.free_space_90);
        assert!(rc.ranges.along_90 <= rc.ranges.along_50);
        assert!(rc.ranges.along_50 <= rc.ranges.instrumented.min(rc.ranges.horizon * 1.01));
    }
}

#[test]
fn engagement_zones_are_annuli_clipped_by_detection() {
    let (setup, mut req) = request(161, 121);
    req.target_height = 10_000.0;
    let r = compute(&setup, &req).unwrap();
    assert_eq!(r.zones.len(), 4); // 2 battalions × (40N6E, 48N6E3)
    for z in &r.zones {
        assert!(z.in_altitude_band, "{} {}", z.battalion, z.missile);
        assert!(!z.polygons.is_empty(), "{} {}", z.battalion, z.missile);
        // Every vertex within the max range of the centre (plus one grid cell ≈ 7 km).
        for p in &z.polygons {
            for q in &p.exterior {
                let g = Geodetic::from_degrees(q[1], q[0], 0.0);
                let d = iadsim_core::geodesic::inverse(&z.centre, &g).distance;
                assert!(d <= z.max_range + 8_000.0, "{} at {d}", z.missile);
            }
        }
    }
    // The 48N6E3 (250 km) zone is smaller than the 40N6E (400 km) zone.
    let area = |m: &str| -> f64 {
        r.zones
            .iter()
            .filter(|z| z.missile == m && z.battalion == "bn1")
            .flat_map(|z| &z.polygons)
            .map(|p| {
                signed_area2(&p.exterior) + p.holes.iter().map(|h| signed_area2(h)).sum::<f64>()
            })
            .sum()
    };
    assert!(area("40N6E") > area("48N6E3"));
    // Above the 48N6E3's 27 km ceiling its zone is empty.
    req.target_height = 28_000.0;
    let r = compute(&setup, &req).unwrap();
    let z = r.zones.iter().find(|z| z.missile == "48N6E3").unwrap();
    assert!(!z.in_altitude_band && z.polygons.is_empty());
}

#[test]
fn identical_for_any_thread_count() {
    let (setup, req) = request(90, 70);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let a = one.install(|| compute(&setup, &req).unwrap());
    let b = two.install(|| compute(&setup, &req).unwrap());
    assert_eq!(a, b);
}

#[test]
fn low_target_is_limited_by_the_horizon() {
    // At 50 m the acquisition radar's coverage ends near the 4/3-Earth horizon (≈ 40 km)
    // although its free-space range for 2 m² is ~480 km.
    let (setup, mut req) = request(121, 121);
    req.grid = GridSpec::from_degrees(47.0, 49.0, 65.5, 68.5, 121, 121);
    req.target_height = 50.0;
    req.height_reference = HeightReference::AboveGround;
    let r = compute(&setup, &req).unwrap();
    let acq = &r.radars[0];
    println!("{:?}", acq.ranges);
    assert!(acq.ranges.free_space_90 > 400_000.0);
    assert!((acq.ranges.along_90 / acq.ranges.horizon - 1.0).abs() < 0.02);
}

/// Writes the coarse single-radar map for `bench/radar/compare.py` when
/// `IADSIM_RADAR_DUMP` names a file (ignored otherwise).
#[test]
fn dump_for_independent_check() {
    let Ok(path) = std::env::var("IADSIM_RADAR_DUMP") else {
        return;
    };
    let (setup, mut req) = request(61, 51);
    // High and small: the map is limited by the signal, not the horizon, so most covered
    // points have an intermediate Pd.
    req.grid = GridSpec::from_degrees(45.5, 50.5, 63.0, 71.0, 61, 51);
    req.target_height = 20_000.0;
    req.rcs = 0.05;
    let mut out = serde_json::Map::new();
    for (name, swerling) in [
        ("swerling1", iadsim_sim::sense::radar::Swerling::Swerling1),
        ("swerling0", iadsim_sim::sense::radar::Swerling::Swerling0),
    ] {
        req.swerling = swerling;
        let r = compute(&setup, &req).unwrap();
        let spec = &setup.regiment.battalions[0].acquisition_radar;
        out.insert(
            name.into(),
            serde_json::json!({
                "grid": r.grid,
                "target_height": req.target_height,
                "rcs": req.rcs,
                "radar": spec,
                "pulses": r.radars[0].pulses,
                "pfa": req.pfa,
                "k": req.k_factor,
                "min_range": 2000.0,
                "beamwidth_elevation": 1.5f64.to_radians(),
                "pd": r.radars[0].layer.single,
            }),
        );
    }
    std::fs::write(path, serde_json::to_string(&out).unwrap()).unwrap();
}
