//! Statistical checks: simulated detection frequencies (seeded, 20,000 draws) fall inside
//! the binomial 99 % interval around the model's Pd.
//!
//! 1. Signal level: complex Gaussian noise plus a (fluctuating) echo, square-law
//!    detected and summed over N pulses, against the threshold — an experiment that
//!    shares nothing with the Pd series but the threshold.
//! 2. The physics radar: repeated looks at a slowly moving target; detection frequency
//!    against [`PhysicsRadar::look_pd`].

#[path = "radar_support.rs"]
mod support;

use iadsim_core::Geodetic;
use iadsim_sim::sense::radar::detection::{Detector, Swerling, db_to_linear};
use iadsim_sim::sense::{Confirmation, PhysicsConfig, PhysicsRadar};
use iadsim_sim::sense::{Sensor, Target};
use iadsim_sim::setup::ThreatClass;
use iadsim_sim::truth::Trajectory;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1, StandardNormal};

const DRAWS: usize = 20_000;

/// Half-width of the binomial 99 % interval (normal approximation, z = 2.5758).
fn half_width(p: f64, n: usize) -> f64 {
    2.5758 * (p * (1.0 - p) / n as f64).sqrt()
}

/// One integrated look: Σ|s + n|² over `pulses`, noise CN(0, 1), echo power `snr`·x
/// per pulse with x drawn per look (scan to scan) or per pulse (pulse to pulse).
fn statistic(rng: &mut ChaCha8Rng, sw: Swerling, snr: f64, pulses: u32) -> f64 {
    let draw_x = |rng: &mut ChaCha8Rng| -> f64 {
        match sw.chi_square_order() {
            None => 1.0,
            Some(m) => {
                let mut x = 0.0;
                for _ in 0..m {
                    let e: f64 = Exp1.sample(rng);
                    x += e;
                }
                x / f64::from(m)
            }
        }
    };
    let mut x = draw_x(rng);
    let mut z = 0.0;
    for _ in 0..pulses {
        if !sw.is_scan_to_scan() && sw != Swerling::Swerling0 {
            x = draw_x(rng);
        }
        let amplitude = (snr * x).sqrt();
        let phase: f64 = rng.random::<f64>() * std::f64::consts::TAU;
        let g1: f64 = StandardNormal.sample(rng);
        let g2: f64 = StandardNormal.sample(rng);
        let re = amplitude * phase.cos() + g1 * std::f64::consts::FRAC_1_SQRT_2;
        let im = amplitude * phase.sin() + g2 * std::f64::consts::FRAC_1_SQRT_2;
        z += re * re + im * im;
    }
    z
}

fn check(sw: Swerling, pfa: f64, pulses: u32, snr_db: f64, seed: u64) {
    let det = Detector::new(sw, pfa, pulses).unwrap();
    let snr = if snr_db.is_finite() {
        db_to_linear(snr_db)
    } else {
        0.0
    };
    let pd = det.pd(snr);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let hits = (0..DRAWS)
        .filter(|_| statistic(&mut rng, sw, snr, pulses) > det.threshold())
        .count();
    let freq = hits as f64 / DRAWS as f64;
    let hw = half_width(pd, DRAWS);
    println!("{sw:?} N={pulses} {snr_db} dB: model {pd:.4}, simulated {freq:.4} ± {hw:.4}");
    assert!(
        (freq - pd).abs() <= hw,
        "{sw:?} N={pulses} {snr_db} dB: model {pd}, simulated {freq} (±{hw})"
    );
}

#[test]
fn signal_level_swerling0_matches_pd() {
    check(Swerling::Swerling0, 1e-6, 1, 12.0, 1);
    check(Swerling::Swerling0, 1e-6, 4, 7.0, 2);
    check(Swerling::Swerling0, 1e-6, 10, 4.0, 3);
}

#[test]
fn signal_level_swerling1_matches_pd() {
    check(Swerling::Swerling1, 1e-6, 1, 18.0, 4);
    check(Swerling::Swerling1, 1e-6, 4, 12.0, 5);
    check(Swerling::Swerling1, 1e-6, 10, 9.0, 6);
}

#[test]
fn signal_level_swerling2_3_4_match_pd() {
    check(Swerling::Swerling2, 1e-6, 10, 5.0, 7);
    check(Swerling::Swerling3, 1e-6, 10, 6.0, 8);
    check(Swerling::Swerling4, 1e-6, 10, 4.0, 9);
}

#[test]
fn signal_level_false_alarm_rate_matches_pfa() {
    // Noise only, Pfa large enough to count: the threshold convention (per cell, per
    // integrated look) holds.
    check(Swerling::Swerling0, 1e-2, 1, f64::NEG_INFINITY, 10);
    check(Swerling::Swerling0, 1e-2, 10, f64::NEG_INFINITY, 11);
}

/// Looks of the physics radar at a target that barely moves: the detection frequency
/// matches the model's single-look Pd (or, with a confirmation dwell, the probability
/// that alert and confirmation both detect).
fn radar_frequency(swerling: Swerling, distance: f64, confirmation: Option<Confirmation>) {
    let site = Geodetic::from_degrees(48.0, 67.0, 0.0);
    let spec = support::acquisition(site);
    let mut config = PhysicsConfig::for_radar(&spec);
    config.swerling = swerling;
    config.false_alarms = false;
    config.confirmation = confirmation;
    let rng = iadsim_core::rng::stream(11, 0, 3);
    let mut radar = PhysicsRadar::new(spec, 0, config, rng).unwrap();
    // A 2 m² target `distance` east at 20 km altitude, creeping 500 m in 200,000 s.
    let (a, _) = iadsim_core::geodesic::direct(&site, 90f64.to_radians(), distance);
    let (b, _) = iadsim_core::geodesic::direct(&site, 90f64.to_radians(), distance + 500.0);
    let threat = support::route(
        "creeper",
        ThreatClass::Aircraft,
        2.0,
        vec![a.with_height(20_000.0), b.with_height(20_000.0)],
        0.0025,
    );
    let trajectory = Trajectory::new(&threat).unwrap();
    let target = Target {
        index: 0,
        key: 0,
        trajectory: &trajectory,
        rcs: 2.0,
        fading: None,
        until: f64::INFINITY,
    };
    let mid = trajectory.state_at(100_000.0).unwrap().position;
    let end = trajectory.state_at(199_990.0).unwrap().position;
    let reported = |p: &iadsim_core::Ecef| match confirmation {
        None => radar.look_pd(p, 2.0),
        Some(_) => confirmed_pd(&radar, p, 2.0),
    };
    let pd = reported(&mid);
    let pd_end = reported(&end);
    assert!((pd - pd_end).abs() < 0.01, "Pd drifts: {pd} .. {pd_end}");
    let mut out = Vec::new();
    let steps = DRAWS;
    for k in 0..steps {
        let t0 = 10.0 * k as f64;
        radar.scan(t0, t0 + 10.0, std::slice::from_ref(&target), &mut out);
    }
    let freq = out.len() as f64 / steps as f64;
    let hw = half_width(pd, steps) + 0.5 * (pd - pd_end).abs();
    println!("{swerling:?}: radar model Pd {pd:.4}, detection frequency {freq:.4} ± {hw:.4}");
    assert!(
        pd > 0.2 && pd < 0.9,
        "choose a range with an informative Pd: {pd}"
    );
    assert!(
        (freq - pd).abs() <= hw,
        "{swerling:?}: {freq} vs {pd} ± {hw}"
    );
    // Every report is a real detection of the target, once per rotation at most.
    assert!(out.iter().all(|d| d.threat == Some(0)));
}

/// Probability that an alert and its confirmation dwell both detect a target of mean RCS
/// `rcs` at `position`. Steady target: Pd². Swerling 1: both dwells see the same
/// exponential RCS draw x, so E[Pd_steady(SNR·x)²], integrated here by the midpoint rule
/// in u = 1 − e^(−x) (the same integral without the square must give the Swerling 1
/// closed form, which checks the quadrature).
fn confirmed_pd(radar: &PhysicsRadar, position: &iadsim_core::Ecef, rcs: f64) -> f64 {
    let sight = radar.observe(position).expect("visible");
    let snr = radar.model().snr(sight.polar.range, rcs);
    let det = radar.model().detector();
    match det.swerling() {
        Swerling::Swerling0 => det.pd(snr).powi(2),
        Swerling::Swerling1 => {
            let n = 20_000;
            let (mut once, mut twice) = (0.0, 0.0);
            for k in 0..n {
                let u = (k as f64 + 0.5) / n as f64;
                let p = det.pd_steady(snr * -(-u).ln_1p());
                once += p;
                twice += p * p;
            }
            let (once, twice) = (once / n as f64, twice / n as f64);
            assert!(
                (once - det.pd(snr)).abs() < 1e-4,
                "{once} vs {}",
                det.pd(snr)
            );
            twice
        }
        other => panic!("no closed form here for {other:?}"),
    }
}

#[test]
fn physics_radar_detection_frequency_swerling0() {
    radar_frequency(Swerling::Swerling0, 455_000.0, None);
}

#[test]
fn physics_radar_detection_frequency_swerling1() {
    radar_frequency(Swerling::Swerling1, 490_000.0, None);
}

#[test]
fn confirmed_detection_frequency_swerling0() {
    // Pd² of two independent looks at a steady target.
    radar_frequency(
        Swerling::Swerling0,
        425_000.0,
        Some(Confirmation { window_cells: 5 }),
    );
}

#[test]
fn confirmed_detection_frequency_swerling1() {
    // Both dwells see the same RCS draw: more than Pd² (the draws are correlated).
    radar_frequency(
        Swerling::Swerling1,
        440_000.0,
        Some(Confirmation { window_cells: 5 }),
    );
}
