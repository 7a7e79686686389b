//! The engine's geometry on a newcomer's scenario (issue 17): a radar on raised ground
//! over the sea, a port near the antimeridian.
//!
//! - the horizon is over the sea-level ellipsoid: a site at `alt_m: 40` sees a 30 m
//!   sea-skimmer at the 4/3-Earth horizon of its antenna's height above the sea, within
//!   one scan, and the coverage map agrees on that range;
//! - inland, the smooth surface is the lowest ground in play: a site on a 350 m plateau
//!   sees a 50 m-AGL flier over 300 m ground at the 4/3-Earth horizon of its antenna's
//!   height above that 300 m surface, and the coverage map agrees.

use iadsim_core::horizon::{FOUR_THIRDS, horizon_range};
use iadsim_core::wgs84;
use iadsim_sim::coverage::{CoverageRequest, HeightReference, compute};
use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::truth::Trajectory;
use iadsim_sim::{EngineOptions, PreparedSetup, Setup};

/// A port at 10°S 179.6°E with one battalion on a 40 m coastal rise 2 km east of it
/// (its engagement radar faces east, away from the port),
/// and a wave of `count` sea-skimmers at `agl` m flying in from the east across the
/// antimeridian (launch at 178.9°W), 12 s apart.
fn coastal(count: u32, agl: f64) -> Setup {
    let yaml = format!(
        r#"
name: coastal port
seed: 17
duration_s: 1200
time_step_s: 0.5
assets:
  - name: port
    position: {{lat_deg: -10.0, lon_deg: 179.6, alt_m: 0}}
    radius_m: 1500
regiment:
  battalions:
    - name: rise
      position: {{from: port, east_km: 2, alt_m: 40}}
      launchers:
        - count: 1
          loadout: [{{missile: 48N6E3, count: 1}}]
threats:
  cruise_missiles:
    - name: skimmers
      type: subsonic_cruise_missile
      count: {count}
      interval_s: 12
      launch: {{lat_deg: -10.0, lon_deg: -178.9, alt_m: 0}}
      target: port
      altitude_agl_m: {agl}
      rcs_m2: 0.1
"#
    );
    let mut setup = iadsim_scenario::load_str(&yaml, "coastal.yaml")
        .expect("the coastal scenario loads")
        .setup;
    // Nothing fires: every missile flies its whole path in front of the radars.
    for l in &mut setup.regiment.battalions[0].launchers {
        l.loadout[0].count = 0;
    }
    setup
}

/// The textbook 4/3-Earth horizon (m) between an antenna at `antenna` and a target at
/// `target` m above the sea, over the prime-vertical radius of curvature at `lat` (the
/// paths here run east–west).
fn textbook_horizon(antenna: f64, target: f64, lat: f64) -> f64 {
    horizon_range(
        antenna,
        target,
        FOUR_THIRDS,
        wgs84::prime_vertical_radius(lat),
    )
}

/// Per radar (0 acquisition, 1 engagement): the true slant range (m) from that radar's
/// antenna to each threat at the radar's first detection of it.
fn first_detection_ranges(
    setup: &Setup,
    trajectories: &[Trajectory],
    log: &EventLog,
) -> [Vec<f64>; 2] {
    let mut seen = [
        vec![false; setup.threats.len()],
        vec![false; setup.threats.len()],
    ];
    let mut ranges = [Vec::new(), Vec::new()];
    let bn = &setup.regiment.battalions[0];
    for e in &log.events {
        let EventKind::Detection {
            radar,
            threat: Some(k),
            ..
        } = e.kind
        else {
            continue;
        };
        if seen[radar][k] {
            continue;
        }
        seen[radar][k] = true;
        let antenna = if radar == 0 {
            &bn.acquisition_radar.position
        } else {
            &bn.engagement_radar.position
        };
        let p = trajectories[k].position_at(e.time).unwrap();
        ranges[radar].push(p.distance(&antenna.to_ecef()));
    }
    ranges
}

#[test]
fn a_raised_coastal_site_sees_a_sea_skimmer_at_the_horizon_of_its_height_above_the_sea() {
    let setup = coastal(6, 30.0);
    let prepared = PreparedSetup::new(&setup).unwrap();
    let bn = &setup.regiment.battalions[0];
    let radars = [&bn.acquisition_radar, &bn.engagement_radar];
    let speed = 245.0;
    let lat = bn.acquisition_radar.position.lat;
    let mut within_one_scan = [0usize; 2];
    let mut total = [0usize; 2];
    for replication in 0..4 {
        let mut log = EventLog::default();
        prepared
            .run_with(replication, &mut log, &EngineOptions::default())
            .unwrap();
        let ranges = first_detection_ranges(&setup, prepared.trajectories(), &log);
        for (r, spec) in radars.iter().enumerate() {
            // The antenna stands 40 m + its mast above the sea; the missile 30 m.
            assert!((spec.ground_height - 40.0).abs() < 1e-9);
            let horizon = textbook_horizon(spec.position.height, 30.0, lat);
            let scan = spec.scan_period.max(0.5);
            assert_eq!(
                ranges[r].len(),
                setup.threats.len(),
                "{}: every missile is detected",
                spec.name
            );
            for &d in &ranges[r] {
                println!(
                    "{} (antenna {:.0} m): horizon {:.0} m, first detection at {:.0} m",
                    spec.name, spec.position.height, horizon, d
                );
                // Never beyond the horizon (0.3 %: the textbook figure's radius and
                // small-height approximation), never more than two scans' flight inside.
                assert!(d <= horizon * 1.003, "{}: {d} beyond {horizon}", spec.name);
                assert!(
                    d >= horizon - 2.0 * speed * scan - 100.0,
                    "{}: {d} well inside {horizon}",
                    spec.name
                );
                total[r] += 1;
                within_one_scan[r] += usize::from(d >= horizon - speed * scan - 100.0);
            }
        }
    }
    // Pd at the horizon is ~0.99 for both radars: nearly every first look detects.
    for r in 0..2 {
        assert!(
            within_one_scan[r] * 10 >= total[r] * 9,
            "radar {r}: {} of {} within one scan",
            within_one_scan[r],
            total[r]
        );
    }
}

#[test]
fn the_coverage_map_agrees_with_the_engine_on_the_sea_skimmer_horizon() {
    let setup = coastal(1, 30.0);
    let mut request = CoverageRequest::new(&setup);
    request.grid.nx = 80;
    request.grid.ny = 80;
    request.rcs = 0.1;
    request.target_height = 30.0;
    request.height_reference = HeightReference::AboveGround;
    let result = compute(&setup, &request).unwrap();
    let bn = &setup.regiment.battalions[0];
    let lat = bn.acquisition_radar.position.lat;
    for (rc, spec) in result
        .radars
        .iter()
        .zip([&bn.acquisition_radar, &bn.engagement_radar])
    {
        let horizon = textbook_horizon(spec.position.height, 30.0, lat);
        // The map's detection range along its diagram azimuth (ground range, 250 m
        // steps), its textbook horizon, and the engine's horizon agree.
        assert!(
            (rc.ranges.along_50 - horizon).abs() <= 250.0 + 0.004 * horizon,
            "{}: map {} vs horizon {horizon}",
            rc.name,
            rc.ranges.along_50
        );
        assert!(
            (rc.ranges.horizon - horizon).abs() <= 0.004 * horizon,
            "{}: {} vs {horizon}",
            rc.name,
            rc.ranges.horizon
        );
        assert_eq!(rc.surface_height, 0.0);
    }
}

/// One battalion on a 350 m plateau at 48°N 67°E defending a town at 350 m, and a wave
/// of `count` cruise missiles at 50 m over 300 m ground, flying east from 200 km west
/// to a waypoint 3 km west of the battalion at the same 300 m ground, then to the town
/// 10 km east. `terrain` is the file's `terrain:` line, if any.
fn plateau(count: u32, terrain: &str) -> Setup {
    let yaml = format!(
        r#"
name: plateau
seed: 17
duration_s: 1200
time_step_s: 0.5
{terrain}
assets:
  - name: town
    position: {{lat_deg: 48.0, lon_deg: 67.0, alt_m: 350}}
    radius_m: 1500
regiment:
  battalions:
    - name: plateau
      position: {{from: town, east_km: -10, alt_m: 350}}
      launchers:
        - count: 1
          loadout: [{{missile: 48N6E3, count: 1}}]
threats:
  cruise_missiles:
    - name: low
      type: subsonic_cruise_missile
      count: {count}
      interval_s: 12
      launch: {{from: town, east_km: -210, alt_m: 300}}
      waypoints:
        - {{from: town, east_km: -13, alt_m: 300}}
      target: town
      altitude_agl_m: 50
      rcs_m2: 0.1
"#
    );
    let mut setup = iadsim_scenario::load_str(&yaml, "plateau.yaml")
        .expect("the plateau scenario loads")
        .setup;
    for l in &mut setup.regiment.battalions[0].launchers {
        l.loadout[0].count = 0;
    }
    setup
}

#[test]
fn a_plateau_site_sees_a_low_flier_at_the_horizon_over_the_lowest_ground_in_play() {
    let setup = plateau(6, "");
    let bn = &setup.regiment.battalions[0];
    let radars = [&bn.acquisition_radar, &bn.engagement_radar];
    // The lowest ground in play is the threats' 300 m (the site and the town stand at 350).
    for spec in radars {
        assert_eq!(spec.surface_height, 300.0, "{}", spec.name);
    }
    // The file may set the surface (here back to the sea).
    let sea = plateau(1, "terrain: {surface_height_m: 0}");
    assert_eq!(
        sea.regiment.battalions[0].acquisition_radar.surface_height,
        0.0
    );
    let prepared = PreparedSetup::new(&setup).unwrap();
    let lat = bn.acquisition_radar.position.lat;
    let speed = 245.0;
    let mut within_one_scan = [0usize; 2];
    let mut total = [0usize; 2];
    for replication in 0..4 {
        let mut log = EventLog::default();
        prepared
            .run_with(replication, &mut log, &EngineOptions::default())
            .unwrap();
        let ranges = first_detection_ranges(&setup, prepared.trajectories(), &log);
        for (r, spec) in radars.iter().enumerate() {
            // The antenna stands 350 m + mast − 300 m above the surface; the missile 50 m.
            let horizon = textbook_horizon(spec.position.height - 300.0, 50.0, lat);
            let scan = spec.scan_period.max(0.5);
            assert_eq!(ranges[r].len(), setup.threats.len(), "{}", spec.name);
            for &d in &ranges[r] {
                println!(
                    "{} (antenna {:.0} m above the surface): horizon {horizon:.0} m, first \
                     detection at {d:.0} m",
                    spec.name,
                    spec.position.height - 300.0
                );
                assert!(d <= horizon * 1.003, "{}: {d} beyond {horizon}", spec.name);
                assert!(
                    d >= horizon - 2.0 * speed * scan - 100.0,
                    "{}: {d} well inside {horizon}",
                    spec.name
                );
                total[r] += 1;
                within_one_scan[r] += usize::from(d >= horizon - speed * scan - 100.0);
            }
        }
    }
    for r in 0..2 {
        assert!(
            within_one_scan[r] * 10 >= total[r] * 9,
            "radar {r}: {} of {} within one scan",
            within_one_scan[r],
            total[r]
        );
    }

    // The coverage map of a 50 m-AGL target over the same surface agrees.
    let mut request = CoverageRequest::new(&setup);
    request.grid.nx = 80;
    request.grid.ny = 80;
    request.rcs = 0.1;
    request.target_height = 50.0;
    request.height_reference = HeightReference::AboveGround;
    let result = compute(&setup, &request).unwrap();
    for (rc, spec) in result.radars.iter().zip(radars) {
        let horizon = textbook_horizon(spec.position.height - 300.0, 50.0, lat);
        assert_eq!(rc.surface_height, 300.0);
        assert!(
            (rc.ranges.horizon - horizon).abs() <= 0.004 * horizon,
            "{}: {} vs {horizon}",
            rc.name,
            rc.ranges.horizon
        );
        assert!(
            (rc.ranges.along_50 - horizon).abs() <= 250.0 + 0.004 * horizon,
            "{}: map {} vs horizon {horizon}",
            rc.name,
            rc.ranges.along_50
        );
    }
}

/// One fighter flying north-east past a battalion at 30°N 30°E, 60 km north of it from
/// t = 0 (well inside the acquisition radar's coverage), the acquisition radar detecting
/// with probability 1 inside its range; `phase` fixes its scan phase when given.
fn passing_fighter(phase: Option<f64>) -> Setup {
    let phase = phase.map_or(String::new(), |p| format!("scan_phase_s: {p}"));
    let yaml = format!(
        r#"
name: scan phase
seed: 5
duration_s: 25
regiment:
  battalions:
    - name: b
      position: {{lat_deg: 30.0, lon_deg: 30.0}}
      acquisition_radar:
        overrides: {{detection_probability: 1.0}}
        {phase}
      launchers:
        - count: 1
          loadout: [{{missile: 48N6E3, count: 1}}]
threats:
  aircraft:
    - name: f
      type: fighter
      altitude_m: 8000
      route:
        - {{lat_deg: 30.54, lon_deg: 30.0}}
        - {{lat_deg: 31.0, lon_deg: 30.5}}
"#
    );
    iadsim_scenario::load_str(&yaml, "phase.yaml")
        .expect("the scan-phase scenario loads")
        .setup
}

/// The first-model options (fixed Pd: the first look inside coverage detects).
fn fixed_pd() -> EngineOptions {
    EngineOptions {
        radar_model: iadsim_sim::RadarModelKind::FixedPd,
        ..EngineOptions::default()
    }
}

/// The acquisition radar's first detection time of the fighter in `replication`, s.
fn first_acquisition_detection(prepared: &PreparedSetup<'_>, replication: u64) -> f64 {
    let mut log = EventLog::default();
    prepared
        .run_with(replication, &mut log, &fixed_pd())
        .unwrap();
    log.events
        .iter()
        .find_map(|e| match e.kind {
            EventKind::Detection {
                radar: 0,
                threat: Some(0),
                ..
            } => Some(e.time),
            _ => None,
        })
        .expect("the fighter is detected")
}

#[test]
fn the_scan_phase_is_uniform_per_replication_unless_the_scenario_fixes_it() {
    let setup = passing_fighter(None);
    let prepared = PreparedSetup::new(&setup).unwrap();
    let period = setup.regiment.battalions[0].acquisition_radar.scan_period;
    assert_eq!(period, 10.0);
    // The first look at a target in coverage from t = 0 is at (phase + period·az/2π) mod
    // period: uniform on (0, period] when the phase is. Kolmogorov–Smirnov against
    // U(0, 1) at the 1 % level (critical value 1.628/√n), plus a binomial check of each
    // half.
    let n = 200;
    let mut u: Vec<f64> = (0..n)
        .map(|r| first_acquisition_detection(&prepared, r) / period)
        .collect();
    // (A little over one period when the look due just at t = 0 is missed: the fighter's
    // azimuth moves on by a few milliradians a period.)
    assert!(u.iter().all(|&x| x > 0.0 && x <= 1.01), "{u:?}");
    u.sort_by(f64::total_cmp);
    let d = u
        .iter()
        .enumerate()
        .map(|(i, &x)| ((i + 1) as f64 / n as f64 - x).max(x - i as f64 / n as f64))
        .fold(0.0, f64::max);
    println!("KS D = {d:.4} over {n} replications");
    assert!(d < 1.628 / (n as f64).sqrt(), "KS D = {d}");
    let first_half = u.iter().filter(|&&x| x <= 0.5).count();
    // Binomial(200, ½): 3σ = 21.
    assert!(
        (first_half as i64 - 100).abs() <= 21,
        "{first_half} in the first half"
    );
    u.dedup();
    assert!(u.len() > n as usize * 9 / 10, "{} distinct of {n}", u.len());

    // A fixed phase: the same first look in every replication, where the beam law puts it.
    let setup = passing_fighter(Some(2.5));
    let prepared = PreparedSetup::new(&setup).unwrap();
    let spec = &setup.regiment.battalions[0].acquisition_radar;
    assert_eq!(spec.scan_phase, Some(2.5));
    let frame = iadsim_core::LocalFrame::new(spec.position);
    // The beam passes the fighter's azimuth at that time (one fixed-point step).
    let pass = |t: f64| {
        let az = frame.azimuth_of(&prepared.trajectories()[0].position_at(t).unwrap());
        (2.5 + period * az / std::f64::consts::TAU).rem_euclid(period)
    };
    let expected = pass(pass(0.0));
    for r in 0..5 {
        let t = first_acquisition_detection(&prepared, r);
        assert!(
            (t - expected).abs() < 0.01,
            "replication {r}: {t} vs {expected}"
        );
    }
}
