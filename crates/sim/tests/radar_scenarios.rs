//! The physics radar against threats: a sea-skimming cruise missile appears at the
//! 4/3-Earth horizon, not at the free-space range; a high-altitude target is seen at
//! 380 km; the engagement radar's sector, track revisits and channels; false alarms and
//! measurement accuracy.

#[path = "radar_support.rs"]
mod support;

use iadsim_core::geodesic;
use iadsim_core::horizon::{FOUR_THIRDS, horizon_range};
use iadsim_core::{Geodetic, wgs84};
use iadsim_sim::sense::radar::scan::ScanPattern;
use iadsim_sim::sense::{Detection, Sensor, Target};
use iadsim_sim::sense::{PhysicsConfig, PhysicsRadar};
use iadsim_sim::setup::{Radar, ThreatClass};
use iadsim_sim::truth::Trajectory;

fn site() -> Geodetic {
    Geodetic::from_degrees(48.0, 67.0, 0.0)
}

fn radar(spec: Radar, seed: u64, false_alarms: bool) -> PhysicsRadar {
    let mut config = PhysicsConfig::for_radar(&spec);
    config.false_alarms = false_alarms;
    let index = usize::from(spec.role == iadsim_sim::setup::RadarRole::Engagement);
    PhysicsRadar::new(spec, index, config, iadsim_core::rng::stream(seed, 0, 7)).unwrap()
}

/// Runs `radar` over `trajectory` from 0 to `t_end` in 0.5 s steps.
fn run(radar: &mut PhysicsRadar, trajectory: &Trajectory, rcs: f64, t_end: f64) -> Vec<Detection> {
    let target = Target {
        index: 0,
        key: 0,
        trajectory,
        rcs,
        fading: None,
        until: trajectory.end_time(),
    };
    let mut out = Vec::new();
    let mut t = 0.0;
    while t < t_end {
        radar.scan(t, t + 0.5, std::slice::from_ref(&target), &mut out);
        t += 0.5;
    }
    out
}

/// A cruise missile at `height` flying from 150 km south straight at the site.
fn inbound(height: f64) -> Trajectory {
    let (start, _) = geodesic::direct(&site(), std::f64::consts::PI, 150_000.0);
    let (end, _) = geodesic::direct(&site(), std::f64::consts::PI, 2_000.0);
    let threat = support::route(
        "cruise",
        ThreatClass::CruiseMissile,
        0.1,
        vec![start.with_height(height), end.with_height(height)],
        245.0,
    );
    Trajectory::new(&threat).unwrap()
}

#[test]
fn cruise_missile_first_seen_at_the_horizon_not_free_space_range() {
    for (spec, height) in [
        (support::acquisition(site()), 30.0),
        (support::acquisition(site()), 50.0),
        (support::engagement(site()), 40.0),
    ] {
        let mast = spec.position.height;
        let mut config = PhysicsConfig::for_radar(&spec);
        config.false_alarms = false;
        if spec.role == iadsim_sim::setup::RadarRole::Engagement {
            // Sector facing the threat (south).
            config = config.with_sector(std::f64::consts::PI, 90f64.to_radians());
        }
        let mut r =
            PhysicsRadar::new(spec.clone(), 0, config, iadsim_core::rng::stream(5, 0, 7)).unwrap();
        let free_space = r.model().detection_range(0.1, 0.9).unwrap();
        // Textbook 4/3-Earth horizon with the local radius of curvature.
        let re = wgs84::gaussian_mean_radius(site().lat);
        let horizon = horizon_range(mast, height, FOUR_THIRDS, re);
        let trajectory = inbound(height);
        let detections = run(&mut r, &trajectory, 0.1, trajectory.end_time());
        let first = detections.first().expect("the missile is detected at last");
        let range = first.measurement.polar.range;
        println!(
            "{} mast {mast} m, missile {height} m: free-space R(0.9) {:.0} km, \
             horizon {:.1} km, first detection at {:.1} km",
            spec.type_name,
            free_space / 1e3,
            horizon / 1e3,
            range / 1e3
        );
        assert!(
            free_space > 3.0 * horizon,
            "the test needs a radar that outranges the horizon"
        );
        // Within 0.5 % beyond the textbook horizon (measurement noise, ellipsoid), and no
        // more than two sweeps' flight (plus noise) inside it.
        let sweep = r
            .config()
            .scan
            .sweep_time()
            .max(r.config().track_period.unwrap_or(0.0));
        assert!(range <= horizon * 1.005, "{range} beyond horizon {horizon}");
        assert!(
            range >= horizon - 2.0 * 245.0 * sweep - 1_000.0,
            "{range} vs {horizon}"
        );
    }
}

#[test]
fn high_altitude_target_at_380_km_is_detected_by_the_acquisition_radar() {
    let spec = support::acquisition(site());
    let mut r = radar(spec, 9, false);
    // 91N6E class: 4 m² detected with Pd 0.9 well beyond 390 km.
    let r90 = r.model().detection_range(4.0, 0.9).unwrap();
    assert!(r90 >= 390e3, "{r90}");
    // A 4 m² aircraft at 10 km flying a circle-ish leg at 380 km (tangential).
    let (a, _) = geodesic::direct(&site(), 30f64.to_radians(), 380_000.0);
    let (b, _) = geodesic::direct(&site(), 40f64.to_radians(), 380_000.0);
    let threat = support::route(
        "bomber",
        ThreatClass::Aircraft,
        4.0,
        vec![a.with_height(10_000.0), b.with_height(10_000.0)],
        250.0,
    );
    let trajectory = Trajectory::new(&threat).unwrap();
    let pd = r.look_pd(&trajectory.state_at(10.0).unwrap().position, 4.0);
    assert!(pd > 0.9, "single-look Pd at 380 km: {pd}");
    let detections = run(&mut r, &trajectory, 4.0, 200.0);
    let looks = 20.0;
    println!(
        "380 km, 10 km altitude: Pd {pd:.3}, {} detections in 20 scans",
        detections.len()
    );
    assert!(detections.len() as f64 >= 0.75 * looks);
    assert!(
        detections[0].measurement.time < 20.0,
        "seen within two rotations"
    );
    for d in &detections {
        assert!((d.measurement.polar.range - 380e3).abs() < 2_000.0);
    }
}

#[test]
fn high_altitude_target_beyond_the_horizon_is_not_detected() {
    // 10 km altitude at 450 km: inside the free-space range for 10 m² (600 km) but
    // below the radar horizon (≈ 424 km for an 8 m mast).
    let spec = support::acquisition(site());
    let mut r = radar(spec, 10, false);
    let (a, _) = geodesic::direct(&site(), 100f64.to_radians(), 450_000.0);
    let (b, _) = geodesic::direct(&site(), 110f64.to_radians(), 450_000.0);
    let threat = support::route(
        "high",
        ThreatClass::Aircraft,
        10.0,
        vec![a.with_height(10_000.0), b.with_height(10_000.0)],
        250.0,
    );
    let trajectory = Trajectory::new(&threat).unwrap();
    assert!(r.model().pd(450e3, 10.0) > 0.9);
    assert!(run(&mut r, &trajectory, 10.0, 100.0).is_empty());
}

#[test]
fn engagement_radar_sector_and_track_revisits() {
    let spec = support::engagement(site());
    let mut config = PhysicsConfig::for_radar(&spec).with_sector(0.0, 90f64.to_radians());
    config.false_alarms = false;
    config.track_period = Some(0.25);
    let mut r = PhysicsRadar::new(spec, 1, config, iadsim_core::rng::stream(3, 0, 1)).unwrap();
    // A fighter 100 km north (inside the sector) and one 100 km south (outside).
    let leg = |az: f64| {
        let (a, _) = geodesic::direct(&site(), az.to_radians(), 100_000.0);
        let (b, _) = geodesic::direct(&site(), (az + 5.0).to_radians(), 100_000.0);
        let t = support::route(
            "f",
            ThreatClass::Aircraft,
            3.0,
            vec![a.with_height(8_000.0), b.with_height(8_000.0)],
            250.0,
        );
        Trajectory::new(&t).unwrap()
    };
    let north = leg(10.0);
    let south = leg(180.0);
    let targets = [
        Target {
            index: 0,
            key: 0,
            trajectory: &north,
            rcs: 3.0,
            fading: None,
            until: 1e9,
        },
        Target {
            index: 1,
            key: 1,
            trajectory: &south,
            rcs: 3.0,
            fading: None,
            until: 1e9,
        },
    ];
    let mut out = Vec::new();
    let mut t = 0.0;
    while t < 10.0 {
        r.scan(t, t + 0.5, &targets, &mut out);
        t += 0.5;
    }
    assert!(
        out.iter().all(|d| d.threat == Some(0)),
        "south is outside the sector"
    );
    // Times are in order and inside the steps.
    assert!(
        out.windows(2)
            .all(|w| w[0].measurement.time <= w[1].measurement.time)
    );
}

#[test]
fn false_alarm_count_matches_pfa_times_cells() {
    let spec = support::acquisition(site());
    let mut r = radar(spec, 21, true);
    let expected_per_s = r.false_alarm_rate();
    let mut out = Vec::new();
    let duration = 2_000.0;
    let mut t = 0.0;
    while t < duration {
        r.scan(t, t + 0.5, &[], &mut out);
        t += 0.5;
    }
    let n = out.len() as f64;
    let mean = expected_per_s * duration;
    println!(
        "cells/scan {:.3e}, expected {mean:.0} false alarms, got {n}",
        r.cells().total()
    );
    // Poisson: 99 % interval ≈ ±2.58·√mean.
    assert!((n - mean).abs() < 2.58 * mean.sqrt(), "{n} vs {mean}");
    assert!(out.iter().all(|d| d.threat.is_none()));
    // Uniform in range over [min, instrumented]: the mean range is the midpoint.
    let mean_range = out.iter().map(|d| d.measurement.polar.range).sum::<f64>() / n;
    assert!((mean_range - 301_000.0).abs() < 10_000.0, "{mean_range}");
    // Placed where the beam pointed at the alarm time.
    for d in out.iter().take(200) {
        let beam = r.config().scan.beam_azimuth(d.measurement.time);
        let diff = (d.measurement.polar.azimuth - beam + std::f64::consts::PI)
            .rem_euclid(std::f64::consts::TAU)
            - std::f64::consts::PI;
        assert!(diff.abs() <= r.config().accuracy.beamwidth_azimuth);
    }
}

#[test]
fn confirmation_dwell_thins_false_alarms() {
    // Pfa raised to 1e-3 so that the confirmed stream is large enough to count.
    let spec = support::engagement(site());
    let mut config = PhysicsConfig::for_radar(&spec).with_sector(0.0, 90f64.to_radians());
    config.pfa = 1e-3;
    let window = config
        .confirmation
        .expect("the engagement radar confirms its alerts")
        .window_cells;
    let mut open = config;
    open.confirmation = None;
    let alerts_per_s = PhysicsRadar::new(spec.clone(), 1, open, iadsim_core::rng::stream(5, 0, 1))
        .unwrap()
        .false_alarm_rate();
    let mut r = PhysicsRadar::new(spec, 1, config, iadsim_core::rng::stream(5, 0, 2)).unwrap();
    // A false alarm survives if any of the window's cells crosses again.
    let survival = 1.0 - (1.0 - 1e-3f64).powi(window as i32);
    assert!((r.false_alarm_rate() / alerts_per_s - survival).abs() < 1e-12 * survival);
    let duration = (20_000.0 / r.false_alarm_rate()).ceil();
    let mut out = Vec::new();
    let mut t = 0.0;
    while t < duration {
        r.scan(t, t + 0.5, &[], &mut out);
        t += 0.5;
    }
    let n = out.len() as f64;
    let mean = r.false_alarm_rate() * t;
    println!("alerts {alerts_per_s:.0}/s, survival {survival:.3e}: expected {mean:.0}, got {n}");
    assert!((n - mean).abs() < 2.58 * mean.sqrt(), "{n} vs {mean}");
    assert!(out.iter().all(|d| d.threat.is_none()));
}

#[test]
fn measurement_errors_follow_the_reported_sigma() {
    // A strong target at 60 km: errors are at the floor; their spread matches sigma.
    let spec = support::engagement(site());
    let mut config = PhysicsConfig::for_radar(&spec);
    config.false_alarms = false;
    config.track_period = None;
    config.scan = ScanPattern::Rotating {
        period: 1.0,
        phase: 0.0,
    };
    let mut r = PhysicsRadar::new(spec, 1, config, iadsim_core::rng::stream(4, 0, 4)).unwrap();
    let (a, _) = geodesic::direct(&site(), 1.0, 60_000.0);
    let (b, _) = geodesic::direct(&site(), 1.0, 60_010.0);
    let threat = support::route(
        "s",
        ThreatClass::Aircraft,
        5.0,
        vec![a.with_height(3_000.0), b.with_height(3_000.0)],
        0.001,
    );
    let trajectory = Trajectory::new(&threat).unwrap();
    let target = Target {
        index: 0,
        key: 0,
        trajectory: &trajectory,
        rcs: 5.0,
        fading: None,
        until: 1e9,
    };
    let mut out = Vec::new();
    for k in 0..4_000 {
        let t0 = f64::from(k);
        r.scan(t0, t0 + 1.0, std::slice::from_ref(&target), &mut out);
    }
    let truth = r
        .site()
        .frame
        .polar_of(&trajectory.state_at(10.0).unwrap().position);
    let n = out.len() as f64;
    assert!(n > 3_900.0);
    let z: f64 = out
        .iter()
        .map(|d| {
            let e = (d.measurement.polar.range - truth.range) / d.measurement.sigma[0];
            e * e
        })
        .sum::<f64>()
        / n;
    // Normalised squared error averages 1 (±5 %).
    assert!((z - 1.0).abs() < 0.05, "{z}");
    let s = out[0].measurement.sigma;
    assert!(s[0] >= 15.0 && s[0] < 16.0, "{s:?}");
}
