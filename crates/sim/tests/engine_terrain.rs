//! Terrain in the engine (issue 16): the shipped scenario `scenarios/ridge_crossing.yaml`
//! names the shipped DEM (`terrain: {dem: dem}`), a synthetic SRTM tile checked here
//! against its closed-form profile. A subsonic cruise missile at 50 m
//! above the ground flies south over a 300 m ridge towards a battalion on the plain
//! behind it; the ridge hides it from both radars until it climbs the far flank high
//! enough to clear the crest.
//!
//! The reference is computed here, independently of the engine: the missile's position
//! (a meridian at 250 m/s, 50 m above the ridge's closed-form profile), the antennas (mast
//! above the same profile), and the line of sight as a straight ray over the 4/3 Earth
//! (the parabolic Earth bulge x(d − x)/(2kR) with R the radius of curvature along the
//! path, Euler's formula) tested against the terrain every metre of the path. With the
//! terrain raised or lowered by 1 m the line of sight opens at t₊ or t₋; the engine's own
//! masking must open between them, and each radar must first detect the missile no
//! earlier than t₋ and within one scan (its rotation or sector frame) after t₊, in every
//! replication. Without the DEM the same scenario shows the missile about two minutes
//! earlier (smooth Earth).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use iadsim_core::geodesic::{direct, inverse};
use iadsim_core::{Geodetic, wgs84};
use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::sense::radar::terrain::{Dem, HgtTile};
use iadsim_sim::sense::{PhysicsConfig, PhysicsRadar};
use iadsim_sim::setup::{Radar, RadarRole};
use iadsim_sim::{EngineOptions, PreparedSetup, Setup};

/// Height of the plain, m.
const PLAIN: f64 = 100.0;
/// Height of the ridge's crest, m.
const CREST: f64 = 400.0;
/// Latitude of the crest (an east–west ridge), degrees: row 1020 of the tile.
const CREST_LAT: f64 = 45.15;
/// Half-width of the ridge, degrees of latitude (60 rows of 3″, 5.6 km): its flanks
/// rise 5 m per row, a 1:18.5 slope.
const HALF_WIDTH: f64 = 0.05;
/// The battalion (both radars) on the plain south of the ridge.
const SITE: (f64, f64) = (45.05, 10.50);
/// The missile's meridian and launch latitude, degrees; it aims at a depot at 45.02°N.
const MERIDIAN: f64 = 10.52;
const LAUNCH_LAT: f64 = 45.45;
/// Height above the ground, m, and ground speed, m/s.
const CLEARANCE: f64 = 50.0;
const SPEED: f64 = 250.0;
const K: f64 = 4.0 / 3.0;

/// The terrain, m above the ellipsoid, at latitude `lat` (degrees): the plain with a
/// triangular ridge. Its knots fall on tile rows, so the DEM's bilinear heights are
/// exactly this.
fn ground(lat: f64) -> f64 {
    PLAIN + (CREST - PLAIN) * (1.0 - (lat - CREST_LAT).abs() / HALF_WIDTH).max(0.0)
}

/// The tile N45E010 (3″, 1201 × 1201, 2.9 MB) holding [`ground`].
fn tile() -> HgtTile {
    let n = 1201;
    let mut heights = Vec::with_capacity(n * n);
    for row in 0..n {
        let h = ground(46.0 - row as f64 / 1200.0).round() as i16;
        heights.extend(std::iter::repeat_n(h, n));
    }
    HgtTile::from_heights(45, 10, n, heights).unwrap()
}

/// The shipped scenario `scenarios/ridge_crossing.yaml` (it names the shipped DEM,
/// `scenarios/dem/`).
fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/ridge_crossing.yaml")
}

/// The shipped scenario, or (without `with_dem`) a copy of it in `dir` without its
/// `terrain` line; returns the scenario's path.
fn scenario(dir: &Path, with_dem: bool) -> PathBuf {
    if with_dem {
        return shipped();
    }
    let text = std::fs::read_to_string(shipped()).unwrap();
    let smooth: String = text
        .lines()
        .filter(|l| !l.starts_with("terrain:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(
        smooth.len(),
        text.len(),
        "the shipped scenario names its DEM"
    );
    let path = dir.join("ridge.yaml");
    std::fs::write(&path, smooth).unwrap();
    path
}

#[test]
fn the_shipped_scenario_is_the_geometry_tested_here() {
    let dir = shipped().parent().unwrap().join("dem");
    let tile_read = HgtTile::read(&dir.join("N45E010.hgt")).unwrap();
    assert_eq!(
        tile_read,
        tile(),
        "scenarios/dem/N45E010.hgt is not the ridge of ground()"
    );
    // The battalion where the test puts it (the missile's route is checked against the
    // test's own track in the main test).
    let setup = load(&shipped());
    let site = setup.regiment.battalions[0].acquisition_radar.position;
    assert!((site.lat.to_degrees() - SITE.0).abs() < 1e-9, "{site:?}");
    assert!((site.lon.to_degrees() - SITE.1).abs() < 1e-9, "{site:?}");
}

fn load(path: &Path) -> Setup {
    iadsim_scenario::load_path(path)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .setup
}

/// The missile at `t` s as this test models it: `SPEED`·t down its meridian from the
/// launch point, `CLEARANCE` above [`ground`]. (The engine's clock runs with the path
/// length at height, 1 + h/R longer: under 1 m over this flight.)
fn missile(t: f64) -> Geodetic {
    let launch = Geodetic::from_degrees(LAUNCH_LAT, MERIDIAN, 0.0);
    let (p, _) = direct(&launch, std::f64::consts::PI, SPEED * t);
    p.with_height(ground(p.lat.to_degrees()) + CLEARANCE)
}

/// Whether the straight ray over the 4/3 Earth from `antenna` to `target` clears the
/// terrain raised by `raise` m everywhere between them (one DEM spacing, 92.6 m, at
/// each end excluded, as the ground under the antenna and under the target).
fn line_of_sight(antenna: &Geodetic, target: &Geodetic, raise: f64) -> bool {
    let path = inverse(antenna, target);
    let d = path.distance;
    let mid = 0.5 * (antenna.lat + target.lat);
    let (sa, ca) = path.azimuth_start.sin_cos();
    let radius =
        1.0 / (ca * ca / wgs84::meridian_radius(mid) + sa * sa / wgs84::prime_vertical_radius(mid));
    let re = K * radius;
    let (h1, h2) = (antenna.height, target.height);
    let end = 92.6;
    let mut x = end;
    while x < d - end {
        let (p, _) = direct(antenna, path.azimuth_start, x);
        let ray = h1 + (h2 - h1) * x / d - x * (d - x) / (2.0 * re);
        if ray < ground(p.lat.to_degrees()) + raise {
            return false;
        }
        x += 1.0;
    }
    true
}

/// The first time (s) `seen` holds, to 1 ms, between a time it does not and one it does.
fn opening(seen: impl Fn(f64) -> bool, mut lo: f64, mut hi: f64) -> f64 {
    assert!(!seen(lo) && seen(hi), "no opening in [{lo}, {hi}]");
    while hi - lo > 1e-3 {
        let mid = 0.5 * (lo + hi);
        if seen(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The antenna of `radar` over [`ground`]: its mast above the ground at its site.
fn antenna(radar: &Radar) -> Geodetic {
    let mast = radar.position.height - radar.ground_height;
    radar
        .position
        .with_height(ground(radar.position.lat.to_degrees()) + mast)
}

/// Time (s) the missile crosses the crest.
fn crest_time() -> f64 {
    let launch = Geodetic::from_degrees(LAUNCH_LAT, MERIDIAN, 0.0);
    inverse(&launch, &Geodetic::from_degrees(CREST_LAT, MERIDIAN, 0.0)).distance / SPEED
}

/// First detection time (s) of the missile by each radar (acquisition, engagement) in
/// replication `replication` of `setup` under `options`.
fn first_detections(setup: &Setup, replication: u64, options: &EngineOptions) -> [f64; 2] {
    let prepared = PreparedSetup::new(setup).unwrap();
    let mut log = EventLog::default();
    prepared.run_with(replication, &mut log, options).unwrap();
    let first = |r: usize| {
        log.events
            .iter()
            .find(|e| {
                matches!(e.kind, EventKind::Detection { radar, threat: Some(0), debris: None, .. }
                    if radar == r)
            })
            .map_or(f64::INFINITY, |e| e.time)
    };
    [first(0), first(1)]
}

#[test]
fn a_low_flier_behind_a_ridge_is_first_detected_when_it_clears_the_ridge() {
    let dir = tempfile::tempdir().unwrap();
    let setup = load(&scenario(dir.path(), true));
    assert!(setup.terrain.is_some());
    let prepared = PreparedSetup::new(&setup).unwrap();
    let dem: Arc<Dem> = Arc::clone(prepared.terrain().expect("the DEM is read"));

    // The engine's missile follows the terrain all the way: 50 m above the ridge's
    // profile, on the test's own track to within a metre or two.
    let trajectory = &prepared.trajectories()[0];
    let t_crest = crest_time();
    let mut t = 0.0;
    while t < trajectory.end_time() {
        let g = trajectory.geodetic_at(t).unwrap();
        let above = g.height - ground(g.lat.to_degrees());
        assert!(
            (above - CLEARANCE).abs() < 0.5,
            "t = {t}: {above:.2} m above ground"
        );
        let drift = inverse(&g, &missile(t)).distance;
        assert!(drift < 2.0, "t = {t}: {drift:.2} m off the test's track");
        t += 0.25;
    }

    let bn = &setup.regiment.battalions[0];
    for (r, (spec, role)) in [
        (&bn.acquisition_radar, RadarRole::Acquisition),
        (&bn.engagement_radar, RadarRole::Engagement),
    ]
    .into_iter()
    .enumerate()
    {
        let a = antenna(spec);
        // Hidden at launch (44 km, well inside the smooth 4/3-Earth horizon), seen at the
        // crest; where the line of sight opens for the terrain 1 m lower and higher.
        let t_lo = opening(|t| line_of_sight(&a, &missile(t), -1.0), 0.0, t_crest);
        let t_hi = opening(|t| line_of_sight(&a, &missile(t), 1.0), 0.0, t_crest);
        let t_los = opening(|t| line_of_sight(&a, &missile(t), 0.0), 0.0, t_crest);
        // Nowhere seen earlier (every 5 s from launch).
        assert!((0..t_lo as usize).step_by(5).all(|s| !line_of_sight(
            &a,
            &missile(s as f64),
            -1.0
        )));

        // The engine's masking (the radar as the engine builds it, on the same DEM)
        // opens between them: to the metre of terrain.
        let mut config = PhysicsConfig::for_radar(spec);
        config.false_alarms = false;
        let radar = PhysicsRadar::new(spec.clone(), r, config, iadsim_core::rng::stream(1, 0, 9))
            .unwrap()
            .with_terrain(Arc::clone(&dem));
        let seen = |t: f64| radar.observe(&trajectory.position_at(t).unwrap()).is_some();
        let t_engine = opening(seen, 0.0, t_crest);
        println!(
            "{role:?}: line of sight opens at {t_los:.3} s ({t_lo:.3}–{t_hi:.3} s for the \
             terrain ∓1 m), engine {t_engine:.3} s; crest at {t_crest:.1} s"
        );
        assert!(
            (t_lo..=t_hi).contains(&t_engine),
            "{role:?}: engine opens at {t_engine} s, outside [{t_lo}, {t_hi}]"
        );
        assert!(t_crest - t_los > 1.0 && t_los > 100.0);

        // In the engine: first detected when it clears the ridge, within one scan.
        let scan = spec.scan_period;
        for replication in 0..3 {
            let first = first_detections(&setup, replication, &EngineOptions::default())[r];
            println!("  replication {replication}: first detection at {first:.3} s");
            assert!(
                first >= t_lo && first <= t_hi + scan,
                "{role:?}, replication {replication}: first detected at {first} s, line of \
                 sight opens at {t_los} s, scan {scan} s"
            );
        }
    }
}

#[test]
fn without_the_dem_the_earth_is_smooth_and_the_flier_is_seen_far_earlier() {
    let dir = tempfile::tempdir().unwrap();
    let smooth = load(&scenario(dir.path(), false));
    assert!(smooth.terrain.is_none());
    let first = first_detections(&smooth, 0, &EngineOptions::default());
    // The same missile at the same heights (the waypoints' 100 m ground + 50 m) over the
    // smooth Earth at the lowest ground in play: seen within a minute of launch, two
    // minutes before it reaches the ridge.
    println!("smooth Earth: first detections at {first:?} s");
    assert!(first.iter().all(|&t| t < 60.0), "{first:?}");
}

#[test]
fn the_screening_radar_masks_with_the_dem_too() {
    let dir = tempfile::tempdir().unwrap();
    let setup = load(&scenario(dir.path(), true));
    let bn = &setup.regiment.battalions[0];
    let options = EngineOptions {
        radar_model: iadsim_sim::RadarModelKind::FixedPd,
        ..EngineOptions::default()
    };
    let first = first_detections(&setup, 0, &options);
    for (r, spec) in [&bn.acquisition_radar, &bn.engagement_radar]
        .into_iter()
        .enumerate()
    {
        let a = antenna(spec);
        let t_lo = opening(|t| line_of_sight(&a, &missile(t), -1.0), 0.0, crest_time());
        println!(
            "screening radar {r}: first detection {:.3} s, opening {t_lo:.3} s",
            first[r]
        );
        // Fixed Pd per look (0.9 or so): not before it clears the ridge, and soon after.
        assert!(first[r] >= t_lo && first[r] <= t_lo + 4.0 * spec.scan_period + 1.0);
    }
}

#[test]
fn a_setup_whose_dem_cannot_be_read_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut setup = load(&scenario(dir.path(), true));
    for (folder, expect) in [("missing", "missing"), ("empty", "no .hgt tile")] {
        let path = dir.path().join(folder);
        if folder == "empty" {
            std::fs::create_dir(&path).unwrap();
        }
        setup.terrain = Some(iadsim_sim::setup::Terrain { dem: path });
        let err = PreparedSetup::new(&setup).unwrap_err();
        assert!(
            matches!(err, iadsim_sim::EngineError::Terrain { .. })
                && err.to_string().contains(expect),
            "{err}"
        );
    }
}
