//! The engagement radar's fire control against the physics radar: a channel cued by a
//! battalion track takes the object into the radar's own track and follows it with
//! revisits pointed where that track predicts; a sharply manoeuvring target makes those
//! revisits miss more often than a straight one (measured rates, Wilson 95 % intervals
//! that do not overlap); channels are limited to `max_tracks`.

#[path = "radar_support.rs"]
mod support;

use iadsim_core::{Geodetic, geodesic};
use iadsim_sim::sense::{PhysicsConfig, PhysicsRadar, Sensor, Target};
use iadsim_sim::setup::ThreatClass;
use iadsim_sim::track::fire_control::{ChannelChange, FireControlSettings, Sector};
use iadsim_sim::track::{FireControl, Track, TrackStatus};
use iadsim_sim::truth::Trajectory;
use nalgebra::{Matrix6, Vector6};

fn site() -> Geodetic {
    Geodetic::from_degrees(48.0, 67.0, 0.0)
}

/// A 92N6E-class radar facing north, without false alarms (seed `seed`).
fn radar(seed: u64) -> PhysicsRadar {
    let spec = support::engagement(site());
    let mut config = PhysicsConfig::for_radar(&spec).with_sector(0.0, 90f64.to_radians());
    config.false_alarms = false;
    PhysicsRadar::new(spec, 1, config, iadsim_core::rng::stream(seed, 0, 1)).unwrap()
}

/// Fire-control settings: `revisit` s between looks, `process_noise` m²/s³, `channels`.
fn settings(revisit: f64, process_noise: f64, channels: usize) -> FireControlSettings {
    FireControlSettings {
        revisit_period: revisit,
        drop_after_misses: 3,
        channels,
        process_noise,
        gate_sigmas: 4.0,
        min_range_gate: 100.0,
        min_range: 1_000.0,
        max_range: 400_000.0,
        min_elevation: 0.0,
        max_elevation: 1.3,
    }
}

fn fire_control(radar: &PhysicsRadar, settings: FireControlSettings) -> FireControl {
    let sector = Sector::new(0.0, 90f64.to_radians(), 0.0);
    FireControl::new(radar.site().frame, settings, sector)
}

/// The battalion's track `id` of `trajectory` as the acquisition radar would give it at
/// `t`: the truth offset by (300, −200, 150) m, position σ 400 m, velocity σ 50 m/s,
/// last updated at the acquisition radar's latest 10 s scan.
fn cue(id: u64, trajectory: &Trajectory, t: f64) -> Track {
    let s = trajectory.state_at(t).unwrap();
    let mut state = Vector6::zeros();
    state
        .fixed_rows_mut::<3>(0)
        .copy_from(&(s.position.0 + nalgebra::Vector3::new(300.0, -200.0, 150.0)));
    state.fixed_rows_mut::<3>(3).copy_from(&s.velocity.0);
    let var = [400.0f64.powi(2); 3]
        .into_iter()
        .chain([50.0f64.powi(2); 3])
        .collect::<Vec<_>>();
    Track {
        id,
        status: TrackStatus::Confirmed,
        time: t,
        state,
        covariance: Matrix6::from_diagonal(&Vector6::from_column_slice(&var)),
        hits: 5,
        last_update: (t / 10.0).floor() * 10.0,
    }
}

/// Runs the fire control against the targets over [0, `t_end`] s in 0.5 s steps, the
/// battalion holding one cue track per target (ids 0, 1, …). Returns (revisits,
/// detections) summed over every channel, and the channel changes.
fn follow(
    radar: &mut PhysicsRadar,
    fc: &mut FireControl,
    trajectories: &[Trajectory],
    t_end: f64,
) -> (u32, u32, Vec<ChannelChange>) {
    let targets: Vec<Target<'_>> = trajectories
        .iter()
        .enumerate()
        .map(|(i, tr)| Target {
            index: i,
            key: i as u64,
            trajectory: tr,
            rcs: 3.0,
            fading: None,
            until: tr.end_time(),
        })
        .collect();
    let (mut changes, mut dwells, mut out, mut answered) = (vec![], vec![], vec![], vec![]);
    let mut t0 = 0.0;
    while t0 < t_end {
        let t1 = t0 + 0.5;
        let tracks: Vec<Track> = trajectories
            .iter()
            .enumerate()
            .map(|(i, tr)| cue(i as u64, tr, t0))
            .collect();
        fc.follow(&tracks, t0, &mut changes);
        while fc.dwells(t0, t1, &mut dwells) {
            out.clear();
            answered.clear();
            radar.dwell(&dwells, &targets, &mut out, &mut answered);
            let returns: Vec<_> = out.iter().map(|x| x.measurement).collect();
            fc.returns(t1, &returns, &answered, &mut changes, &mut Vec::new());
        }
        t0 = t1;
    }
    let released = changes.iter().filter(|c| c.released.is_some());
    let (mut looks, mut hits) = released.fold((0, 0), |(l, h), c| (l + c.looks, h + c.hits));
    for c in fc.channels() {
        looks += c.looks;
        hits += c.hits;
    }
    (looks, hits, changes)
}

/// A fighter at 8 km, 80–90 km north, flying `legs` (bearing from the site, distance km)
/// at 300 m/s, turning at up to `turn_deg_s` °/s.
fn fighter(legs: &[(f64, f64)], turn_deg_s: f64) -> Trajectory {
    let points = legs
        .iter()
        .map(|&(az, km)| {
            let (p, _) = geodesic::direct(&site(), az.to_radians(), km * 1e3);
            p.with_height(8_000.0)
        })
        .collect();
    let mut t = support::route("f", ThreatClass::Aircraft, 3.0, points, 300.0);
    if let iadsim_sim::setup::ThreatMotion::Route { max_turn_rate, .. } = &mut t.motion {
        *max_turn_rate = turn_deg_s.to_radians();
    }
    Trajectory::new(&t).unwrap()
}

/// Wilson 95 % interval of `k` successes in `n`.
fn wilson(k: u32, n: u32) -> (f64, f64) {
    let (k, n, z) = (f64::from(k), f64::from(n), 1.96);
    let p = k / n;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    (centre - half, centre + half)
}

#[test]
fn a_channel_follows_its_track_with_the_radars_own_estimate() {
    let mut r = radar(11);
    let mut fc = fire_control(&r, settings(0.5, 1_000.0, 36));
    let straight = [fighter(&[(-10.0, 90.0), (10.0, 90.0)], 3.0)];
    let (looks, hits, changes) = follow(&mut r, &mut fc, &straight, 60.0);
    // Taken once at the start, never freed.
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!((changes[0].track, changes[0].released), (0, None));
    // Two revisits a second; at 90 km a 3 m² fighter is seen on nearly every one.
    assert!(looks >= 118, "{looks} revisits");
    assert!(
        f64::from(hits) >= 0.95 * f64::from(looks),
        "{hits} of {looks}"
    );
    // The radar's own estimate: its σ far inside the cue's 400 m, and the truth within
    // 4 σ of it (σ² the trace of its position covariance).
    assert!(fc.holds(0));
    let e = fc.estimate(0).unwrap();
    let truth = straight[0].position_at(e.time).unwrap();
    let err = (e.position().0 - truth.0).norm();
    let sigma = e.covariance.fixed_view::<3, 3>(0, 0).trace().sqrt();
    println!("estimate {err:.0} m off the truth, σ {sigma:.0} m");
    assert!(sigma < 150.0, "σ {sigma:.0} m");
    assert!(
        err < 4.0 * sigma,
        "estimate {err:.0} m off the truth, σ {sigma:.0} m"
    );
}

#[test]
fn a_sharply_manoeuvring_target_makes_revisits_miss_more_often() {
    // The same fighter, straight or weaving ±45° every 8 s at up to 20°/s (10.7 g at
    // 300 m/s), tracked with 2 s revisits by a filter tuned for a steady target.
    let straight = fighter(&[(-30.0, 85.0), (30.0, 85.0)], 3.0);
    let weave: Vec<(f64, f64)> = (0..=25)
        .map(|k| {
            (
                -30.0 + 2.4 * f64::from(k),
                if k % 2 == 0 { 82.0 } else { 84.4 },
            )
        })
        .collect();
    let weaving = fighter(&weave, 20.0);
    assert!(weaving.peak_turn_rate().unwrap() > 15f64.to_radians());
    let rate = |trajectory: &Trajectory| {
        let (mut looks, mut hits) = (0, 0);
        for seed in 0..6 {
            let mut r = radar(100 + seed);
            let mut fc = fire_control(&r, settings(2.0, 10.0, 36));
            let (l, h, _) = follow(&mut r, &mut fc, std::slice::from_ref(trajectory), 180.0);
            looks += l;
            hits += h;
        }
        (looks - hits, looks)
    };
    let (miss_s, n_s) = rate(&straight);
    let (miss_w, n_w) = rate(&weaving);
    let (lo_w, hi_w) = wilson(miss_w, n_w);
    let (lo_s, hi_s) = wilson(miss_s, n_s);
    println!(
        "straight: {miss_s}/{n_s} missed [{lo_s:.3}, {hi_s:.3}]; weaving: {miss_w}/{n_w} \
         [{lo_w:.3}, {hi_w:.3}]"
    );
    assert!(n_s >= 300 && n_w >= 300);
    assert!(
        lo_w > hi_s,
        "the weaving target's revisits must miss more often"
    );
}

#[test]
fn track_channels_are_limited_to_max_tracks() {
    let mut r = radar(3);
    let mut fc = fire_control(&r, settings(0.5, 1_000.0, 2));
    let four: Vec<Trajectory> = (0..4)
        .map(|i| {
            let az = 5.0 * f64::from(i);
            fighter(&[(az, 80.0), (az + 10.0, 80.0)], 3.0)
        })
        .collect();
    let (_, hits, changes) = follow(&mut r, &mut fc, &four, 10.0);
    assert_eq!(fc.channels().len(), 2);
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(hits > 0 && (0..4).filter(|&i| fc.holds(i)).count() == 2);
}
