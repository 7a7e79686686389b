//! Terrain masking with a synthetic SRTM tile written by the test: a ridge hides a
//! low target and shows it once it climbs.

#[path = "radar_support.rs"]
mod support;

use std::sync::Arc;

use iadsim_core::Geodetic;
use iadsim_core::horizon::FOUR_THIRDS;
use iadsim_sim::sense::radar::sight::Site;
use iadsim_sim::sense::radar::terrain::{Dem, HgtTile};
use iadsim_sim::sense::{PhysicsConfig, PhysicsRadar};
use iadsim_sim::sense::{Sensor, Target};
use iadsim_sim::setup::ThreatClass;
use iadsim_sim::truth::Trajectory;

const RIDGE_LON: f64 = 67.5;
const RIDGE_HEIGHT: f64 = 800.0;

/// N48E067 (3″, 1201²): flat at 0 m, with a north–south ridge at 67.5°E — an 800 m
/// plateau about 500 m wide between flanks falling to 0 over about 750 m each side —
/// and a patch of voids away from it.
fn synthetic_tile() -> HgtTile {
    let n = 1201usize;
    let mut h = vec![0i16; n * n];
    for row in 0..n {
        for col in 0..n {
            let lon = 67.0 + col as f64 / 1200.0;
            let d = ((lon - RIDGE_LON) / 0.0135).abs();
            if d < 1.0 {
                let f = ((1.0 - d) / 0.75).min(1.0);
                h[row * n + col] = (RIDGE_HEIGHT * f).round() as i16;
            }
            if (100..110).contains(&row) && (100..110).contains(&col) {
                h[row * n + col] = HgtTile::VOID;
            }
        }
    }
    HgtTile::from_heights(48, 67, n, h).unwrap()
}

/// Writes the tile as `N48E067.hgt` in a temporary folder and loads the folder.
fn dem_from_file() -> (tempfile::TempDir, Dem) {
    let dir = tempfile::tempdir().unwrap();
    let tile = synthetic_tile();
    std::fs::write(dir.path().join(tile.file_name()), tile.to_bytes()).unwrap();
    let dem = Dem::read_dir(dir.path()).unwrap();
    (dir, dem)
}

fn radar_site() -> Geodetic {
    // 20 m antenna on flat ground at 67.1°E.
    Geodetic::from_degrees(48.5, 67.1, 20.0)
}

#[test]
fn tile_file_round_trip_and_bilinear_heights() {
    let (_dir, dem) = dem_from_file();
    assert_eq!(dem.len(), 1);
    let crest = dem.height(48.5f64.to_radians(), RIDGE_LON.to_radians());
    assert!((crest - RIDGE_HEIGHT).abs() < 1.0, "{crest}");
    let flank = dem.height(
        48.5f64.to_radians(),
        (RIDGE_LON + 0.013_5 * 0.625).to_radians(),
    );
    assert!((flank - 400.0).abs() < 8.0, "{flank}");
    assert_eq!(dem.height(48.9f64.to_radians(), 67.9f64.to_radians()), 0.0);
    // Outside every tile: sea level.
    assert_eq!(dem.height(10f64.to_radians(), 10f64.to_radians()), 0.0);
    assert!((dem.max_height() - RIDGE_HEIGHT).abs() < 1e-9);
    // Wrong size is refused.
    assert!(HgtTile::from_bytes(48, 67, &[0u8; 1000]).is_err());
}

#[test]
fn ridge_hides_a_low_target_and_shows_it_when_it_climbs() {
    let (_dir, dem) = dem_from_file();
    let site = Site::new(radar_site(), FOUR_THIRDS);
    let target = |h: f64| Geodetic::from_degrees(48.5, 67.9, h);
    // Smooth Earth alone would show all of these (60 km, well inside the horizon).
    for h in [300.0, 500.0, 3_000.0] {
        assert!(site.sight(&target(h)).above_horizon());
    }
    assert!(dem.masks(&site, &target(300.0)));
    assert!(dem.masks(&site, &target(500.0)));
    assert!(!dem.masks(&site, &target(3_000.0)));

    // The height at which the target comes out: the straight ray grazes the plateau.
    // On the 4/3 Earth, a crest point at ground distance x from the radar (d − x from
    // the target) is below the chord when
    // h ≥ h_crit(x) = (H + x(d−x)/(2kR) − h_r)·d/x + h_r; the plateau's near edge binds.
    let (mut lo, mut hi) = (500.0, 3_000.0);
    while hi - lo > 1.0 {
        let mid = 0.5 * (lo + hi);
        if dem.masks(&site, &target(mid)) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let inv = |lon: f64| {
        iadsim_core::geodesic::inverse(&radar_site(), &Geodetic::from_degrees(48.5, lon, 0.0))
            .distance
    };
    let d = inv(67.9);
    let kr = FOUR_THIRDS * iadsim_core::wgs84::gaussian_mean_radius(48.5f64.to_radians());
    let h_crit = [-0.25, 0.0, 0.25]
        .iter()
        .map(|f| {
            let x = inv(RIDGE_LON + f * 0.013_5);
            (RIDGE_HEIGHT + x * (d - x) / (2.0 * kr) - 20.0) * d / x + 20.0
        })
        .fold(f64::NEG_INFINITY, f64::max);
    println!("target emerges at {lo:.0} m; straight-ray estimate {h_crit:.0} m");
    assert!((lo - h_crit).abs() < 0.01 * h_crit, "{lo} vs {h_crit}");

    // The coverage viewshed agrees with the profile march.
    let vs = dem.viewshed(&site, 3600, 100.0, 100_000.0);
    for h in [300.0, 500.0, 0.9 * h_crit, 1.1 * h_crit, 3_000.0] {
        let s = site.sight(&target(h));
        assert_eq!(
            vs.visible(s.polar.azimuth, s.ground_range, s.apparent_elevation),
            !dem.masks(&site, &target(h)),
            "h = {h}"
        );
    }
}

#[test]
fn physics_radar_sees_the_climbing_target_only_above_the_ridge_line() {
    let (_dir, dem) = dem_from_file();
    let dem = Arc::new(dem);
    let mut spec = support::engagement(radar_site());
    spec.position = radar_site();
    spec.ground_height = 0.0;
    let mut config =
        PhysicsConfig::for_radar(&spec).with_sector(90f64.to_radians(), 90f64.to_radians());
    config.false_alarms = false;
    config.track_period = None;
    let mut radar = PhysicsRadar::new(spec.clone(), 1, config, iadsim_core::rng::stream(1, 0, 1))
        .unwrap()
        .with_terrain(dem.clone());
    // Without terrain the same radar sees the low target.
    let flat = PhysicsRadar::new(spec, 1, config, iadsim_core::rng::stream(1, 0, 1)).unwrap();

    // Climbs from 300 m to 3,000 m while closing from 67.95°E to 67.85°E.
    let threat = support::route(
        "climber",
        ThreatClass::Aircraft,
        4.0,
        vec![
            Geodetic::from_degrees(48.5, 67.95, 300.0),
            Geodetic::from_degrees(48.5, 67.85, 3_000.0),
        ],
        100.0,
    );
    let trajectory = Trajectory::new(&threat).unwrap();
    let start = trajectory.state_at(0.0).unwrap().position;
    assert!(flat.look_pd(&start, 4.0) > 0.99);
    assert_eq!(radar.look_pd(&start, 4.0), 0.0);

    let target = Target {
        index: 0,
        key: 0,
        trajectory: &trajectory,
        rcs: 4.0,
        fading: None,
        until: trajectory.end_time(),
    };
    let mut out = Vec::new();
    let mut t = 0.0;
    while t < trajectory.end_time() {
        radar.scan(t, t + 0.5, std::slice::from_ref(&target), &mut out);
        t += 0.5;
    }
    let site = radar.site();
    let first = out.first().expect("seen once above the ridge line");
    let g = trajectory.geodetic_at(first.measurement.time).unwrap();
    println!(
        "first detection at {:.0} m altitude, t = {:.1} s",
        g.height, first.measurement.time
    );
    // Not before it clears the ridge, and within a frame of doing so.
    assert!(!dem.masks(site, &g));
    let before = trajectory
        .geodetic_at(first.measurement.time - 1.5)
        .unwrap();
    assert!(
        dem.masks(site, &before),
        "it was hidden a frame and a half earlier"
    );
    // Every later look sees it.
    assert!(out.len() as f64 >= 0.95 * (trajectory.end_time() - first.measurement.time));
}

#[test]
fn coverage_map_shows_the_ridge_shadow() {
    use iadsim_sim::coverage::{CoverageRequest, GridSpec, HeightReference, compute};
    let (_dir, dem) = dem_from_file();
    let mut setup = support::regiment_setup();
    // One battalion, its radars at 67.1°E on flat ground west of the ridge.
    setup.regiment.battalions.truncate(1);
    let site = Geodetic::from_degrees(48.5, 67.1, 0.0);
    let bn = &mut setup.regiment.battalions[0];
    bn.acquisition_radar.position = site.with_height(20.0);
    bn.acquisition_radar.ground_height = 0.0;
    bn.engagement_radar.position = site.with_height(24.0);
    bn.engagement_radar.ground_height = 0.0;
    let mut req = CoverageRequest::new(&setup);
    req.grid = GridSpec::from_degrees(48.3, 48.7, 67.0, 68.0, 201, 41);
    req.target_height = 300.0;
    req.height_reference = HeightReference::AboveGround;
    req.rcs = 4.0;
    req.vertical.n_range = 20;
    req.vertical.n_height = 10;
    let flat = compute(&setup, &req).unwrap();
    req.terrain = Some(Arc::new(dem));
    req.terrain_step = 90.0;
    req.terrain_azimuths = 2048;
    let hilly = compute(&setup, &req).unwrap();
    let idx = |lat: f64, lon: f64| {
        let j = ((lat - 48.3) / 0.4 * 40.0).round() as usize;
        let i = ((lon - 67.0) / 1.0 * 200.0).round() as usize;
        j * 201 + i
    };
    let acq_flat = &flat.radars[0].layer.single;
    let acq_hilly = &hilly.radars[0].layer.single;
    // Behind the ridge at 300 m above ground: seen over flat ground, hidden by the ridge.
    let behind = idx(48.5, 67.9);
    assert!(acq_flat[behind] > 0.99);
    assert_eq!(acq_hilly[behind], 0.0);
    // In front of the ridge: the same.
    let front = idx(48.5, 67.3);
    assert!((acq_flat[front] - acq_hilly[front]).abs() < 1e-12 && acq_hilly[front] > 0.99);
    // On the crest, 300 m above the ground (1,100 m above the ellipsoid): visible.
    assert!(acq_hilly[idx(48.5, 67.5)] > 0.99);
    // The shadow behind the ridge is a band of zeros along the whole ridge.
    let shadow = (0..41).filter(|&j| acq_hilly[j * 201 + 180] == 0.0).count();
    assert!(shadow >= 35, "{shadow} of 41 rows shadowed at 67.9°E");
}
