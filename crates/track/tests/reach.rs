//! [`Tracker::reach`]: leaving alone, in `Look::GateOnly` batches, the tracks no
//! detection can reach changes no association, and the estimates only by the IMM's
//! prediction steps.

use iadsim_track::prelude::*;
use nalgebra::{SVector, Vector3};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

type Imm = Tracker<
    ImmPredictor<6, 3>,
    ImmUpdater<6, 3, RangeAzEl>,
    Gnn,
    TwoPointInitiator,
    (MissDeleter, CovarianceDeleter),
    3,
>;

/// The engine's battalion tracker, as `crates/sim/src/track/picture.rs` assembles it.
fn tracker(reach: Option<Reach>) -> Imm {
    let predictor = ImmPredictor::<6, 3>::new(
        [
            Box::new(ConstantVelocity::new(10.0)),
            Box::new(Ballistic::new(100.0)),
            Box::new(ConstantVelocity::new(2_000.0)),
        ],
        [60.0, 60.0, 10.0],
    );
    let mut initiator =
        TwoPointInitiator::new(0.0, 4_000.0, Vector3::repeat(1_500.0), MOfN { m: 3, n: 5 });
    initiator.max_seed_age = 15.0;
    let mut tr = Tracker::new(
        predictor,
        ImmUpdater::<6, 3, RangeAzEl>::new(),
        DistanceHypothesiser::with_probability(0.9999, 3),
        Gnn::new(),
        initiator,
        (
            MissDeleter {
                max_misses: 6,
                young_hits: 5,
                young_max_misses: 3,
            },
            CovarianceDeleter {
                max_position_sigma: 5_000.0,
            },
        ),
    );
    tr.max_coast_time = 30.0;
    tr.tentative_timeout = 15.0;
    tr.reach = reach;
    tr
}

const RADAR: RangeAzEl = RangeAzEl {
    sigma_range: 100.0,
    sigma_azimuth: 1e-2,
    sigma_elevation: 1e-2,
};

/// Target `k` at `t` s: a spread of straight fliers, 20–200 km out, 300 m/s.
fn truth(k: usize, t: f64) -> Vector3<f64> {
    let bearing = 0.37 * k as f64;
    let range = 20e3 + 9e3 * k as f64;
    let (s, c) = bearing.sin_cos();
    let heading = bearing + 2.0;
    let (hs, hc) = heading.sin_cos();
    Vector3::new(
        range * s + 300.0 * hs * t,
        range * c + 300.0 * hc * t,
        2e3 + 100.0 * k as f64,
    )
}

/// Runs the same noisy detections (batches of a few targets each plus a false alarm,
/// every batch a `GateOnly` look at all tracks, and an empty full look every 10 s) through
/// a tracker and returns its tracks.
/// Per batch, the (detection, track uid) pairs it updated, sorted.
type Updates = Vec<Vec<(u32, u64)>>;

fn run(reach: Option<Reach>) -> (Vec<Track<ImmState<6, 3>>>, Updates) {
    let mut log = Vec::new();
    let mut tr = tracker(reach);
    let s = tr.add_sensor(Sensor::at_origin(RADAR, 0.9, 1e-12));
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let noise = [
        Normal::new(0.0, RADAR.sigma_range).unwrap(),
        Normal::new(0.0, RADAR.sigma_azimuth).unwrap(),
        Normal::new(0.0, RADAR.sigma_elevation).unwrap(),
    ];
    let targets = 20;
    for step in 1..=400 {
        let t = 0.25 * step as f64;
        let mut detections: Vec<SVector<f64, 3>> = Vec::new();
        for k in (0..targets).filter(|k| (k + step) % 4 == 0) {
            if rng.random::<f64>() < 0.9 {
                let mut z = RADAR.measure(&truth(k, t), &Vector3::zeros());
                for (a, n) in noise.iter().enumerate() {
                    z[a] += n.sample(&mut rng);
                }
                detections.push(z);
            }
        }
        if rng.random::<f64>() < 0.3 {
            detections.push(SVector::<f64, 3>::new(
                rng.random_range(10e3..250e3),
                rng.random_range(-3.0..3.0),
                rng.random_range(0.0..0.1),
            ));
        }
        let batch = Batch {
            time: t,
            sensor: s,
            detections,
        };
        tr.process_looked(&batch, |_, _| Look::GateOnly).unwrap();
        let mut updates = tr.last_updates().to_vec();
        updates.sort_unstable();
        log.push(updates);
        if step % 40 == 0 {
            let look = Batch {
                time: t,
                sensor: s,
                detections: vec![],
            };
            tr.process(&look).unwrap();
        }
    }
    (tr.tracks().to_vec(), log)
}

#[test]
fn reach_changes_no_association() {
    let reach = Reach {
        process_noise: 2_000.0,
        acceleration: 10.0,
    };
    let (all, log_all) = run(None);
    let (pruned, log_pruned) = run(Some(reach));
    // Every target is held (the test is not vacuous).
    let confirmed = all.iter().filter(|t| t.is_confirmed()).count();
    assert!(confirmed >= 18, "{confirmed} confirmed");
    // Every batch updated (or started) the same tracks with the same detections.
    assert_eq!(log_all.len(), log_pruned.len());
    for (k, (a, b)) in log_all.iter().zip(&log_pruned).enumerate() {
        assert_eq!(a, b, "batch {k}");
    }
    assert_eq!(all.len(), pruned.len());
    let mut worst: f64 = 0.0;
    for (a, b) in all.iter().zip(&pruned) {
        assert_eq!(a.uid, b.uid);
        assert_eq!((a.hits, a.looks, a.status), (b.hits, b.looks, b.status));
        // The estimates differ only through the IMM's prediction steps (several short
        // ones or one long one): by far less than the 100 m range noise.
        let dt = b.time - a.time;
        let pa = a.state.position() + a.state.velocity() * dt.max(0.0);
        let pb = b.state.position() + b.state.velocity() * (-dt).max(0.0);
        worst = worst.max((pa - pb).norm());
    }
    assert!(worst < 20.0, "largest difference {worst} m");
    // Tracks were left out (their estimates differ a little): the pruning was exercised.
    assert!(worst > 0.0);
}

#[test]
fn a_track_out_of_reach_is_not_predicted() {
    let mut tr = tracker(Some(Reach {
        process_noise: 2_000.0,
        acceleration: 10.0,
    }));
    let s = tr.add_sensor(Sensor::at_origin(RADAR, 0.9, 1e-12));
    for k in 0..4 {
        let t = k as f64;
        let z = RADAR.measure(&truth(0, t), &Vector3::zeros());
        tr.process(&Batch {
            time: t,
            sensor: s,
            detections: vec![z],
        })
        .unwrap();
    }
    let before = tr.confirmed().next().expect("confirmed").clone();
    // A detection of target 10, 90 km away, offered to every track: out of reach.
    let far = RADAR.measure(&truth(10, 5.0), &Vector3::zeros());
    tr.process_looked(
        &Batch {
            time: 5.0,
            sensor: s,
            detections: vec![far],
        },
        |_, _| Look::GateOnly,
    )
    .unwrap();
    let after = tr.tracks().iter().find(|t| t.uid == before.uid).unwrap();
    assert_eq!(after.time, before.time);
    assert_eq!(after.state.kinematics(), before.state.kinematics());
    assert_eq!((after.hits, after.looks), (before.hits, before.looks));
}
