//! The engine's geometry on a newcomer's scenario (issue 17): a radar on raised ground
//! over the sea, a port near the antimeridian.
//!
//! - the horizon is over the sea-level ellipsoid: a site at `alt_m: 40` sees a 30 m
//!   sea-skimmer at the 4/3-Earth horizon of its antenna's height above the sea, within
//!   one scan, and the coverage map agrees on that range.

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
