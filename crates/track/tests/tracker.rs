//! Whole-tracker behaviour: multi-radar fusion with out-of-order reports, track ids through
//! crossing targets, JPDA weights.

use iadsim_core::frames::{Geodetic, LocalFrame};
use iadsim_track::associator::{AssociationInput, Outcome};
use iadsim_track::hypothesiser::Hypothesis;
use iadsim_track::prelude::*;
use nalgebra::{SVector, Vector3};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

type Cv = EkfPredictor<6, ConstantVelocity>;
type Upd = EkfUpdater<6, RangeAzEl>;

fn tracker<A: Associator>(
    assoc: A,
) -> Tracker<Cv, Upd, A, TwoPointInitiator, (MissDeleter, CovarianceDeleter), 3> {
    Tracker::new(
        EkfPredictor::new(ConstantVelocity::new(1.0)),
        EkfUpdater::new(),
        DistanceHypothesiser::with_probability(0.9999, 3),
        assoc,
        TwoPointInitiator::new(
            0.0,
            600.0,
            Vector3::new(200.0, 200.0, 20.0),
            MOfN { m: 3, n: 4 },
        ),
        (
            MissDeleter::new(4),
            CovarianceDeleter {
                max_position_sigma: 3000.0,
            },
        ),
    )
}

fn model() -> RangeAzEl {
    RangeAzEl {
        sigma_range: 20.0,
        sigma_azimuth: 1e-3,
        sigma_elevation: 1e-3,
    }
}

fn measure(s: &Sensor<RangeAzEl>, p: &Vector3<f64>, rng: &mut ChaCha8Rng) -> SVector<f64, 3> {
    let z = s.model.measure(&s.to_local(p), &Vector3::zeros());
    let n = Normal::new(0.0, 1.0).unwrap();
    SVector::<f64, 3>::new(
        z[0] + 20.0 * n.sample(rng),
        z[1] + 1e-3 * n.sample(rng),
        z[2] + 1e-3 * n.sample(rng),
    )
}

#[test]
fn two_radars_far_apart_fuse_into_one_track_and_late_reports_are_handled() {
    // Tracker frame at 50°N 10°E; radars 150 km west and 150 km east (their local verticals
    // differ by ~2.7°, so their ENU axes are rotated with respect to the tracker's).
    let origin = Geodetic::from_degrees(50.0, 10.0, 0.0);
    let frame = LocalFrame::new(origin);
    let west = Geodetic::from_degrees(50.0, 10.0 - 2.1, 200.0);
    let east = Geodetic::from_degrees(50.0, 10.0 + 2.1, 50.0);
    let mut trk = tracker(Gnn::new());
    let a = trk.add_sensor(Sensor::at_origin(model(), 0.9, 1e-7).at_site(&frame, &west));
    let b = trk.add_sensor(Sensor::at_origin(model(), 0.9, 1e-7).at_site(&frame, &east));
    let sensors = trk.sensors().to_vec();
    // the sensor frames really are rotated
    assert!((sensors[0].rotation - nalgebra::Matrix3::identity()).norm() > 1e-2);

    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let truth = |t: f64| Vector3::new(-20e3 + 250.0 * t, 10e3, 8e3);
    // radar a reports at t = 0, 2, 4, ..., radar b at t = 1, 3, 5, ...; each report
    // reaches the fusion centre after a random latency of 0–2.5 s
    let mut arrivals = Vec::new();
    for k in 0..40 {
        let t = k as f64;
        let (sid, s) = if k % 2 == 0 {
            (a, &sensors[0])
        } else {
            (b, &sensors[1])
        };
        let z = measure(s, &truth(t), &mut rng);
        let latency = 2.5 * ((k * 7919) % 11) as f64 / 10.0;
        arrivals.push((
            t + latency,
            Batch {
                time: t,
                sensor: sid,
                detections: vec![z],
            },
        ));
    }
    // one report so late that it must be rejected
    arrivals.push((
        60.0,
        Batch {
            time: 3.0,
            sensor: b,
            detections: vec![],
        },
    ));
    arrivals.sort_by(|x, y| x.0.total_cmp(&y.0));

    let mut buffer = LagBuffer::<Batch<3>>::new(3.0);
    for (arrival, batch) in arrivals {
        buffer.push(batch);
        for ready in buffer.release(arrival) {
            trk.process(&ready).unwrap();
        }
    }
    for ready in buffer.flush() {
        trk.process(&ready).unwrap();
    }
    assert_eq!(buffer.rejected(), 1);
    let confirmed: Vec<_> = trk.confirmed().collect();
    assert_eq!(confirmed.len(), 1, "one fused track");
    let t = confirmed[0];
    assert_eq!(t.id, Some(TrackId(0)));
    assert!((t.time - 39.0).abs() < 1e-12);
    let err = (t.state.position() - truth(39.0)).norm();
    assert!(err < 150.0, "fused position error {err} m");
    assert!((t.state.velocity() - Vector3::new(250.0, 0.0, 0.0)).norm() < 20.0);

    // the tracker itself rejects and counts a batch older than its time
    let e = trk
        .process(&Batch {
            time: 10.0,
            sensor: a,
            detections: vec![],
        })
        .unwrap_err();
    assert!(matches!(e, TrackerError::OutOfOrder { .. }));
    assert_eq!(trk.stats().rejected_batches, 1);
}

#[test]
fn crossing_targets_keep_their_ids() {
    for jpda in [false, true] {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let s = Sensor::at_origin(model(), 0.95, 1e-7);
        let ids;
        // two targets crossing at 40 km at a 30° angle, 300 m apart in altitude
        let t1 = |t: f64| Vector3::new(-6e3 + 200.0 * t, 40e3, 5e3);
        let t2 = |t: f64| Vector3::new(-6e3 + 173.2 * t, 40e3 - 100.0 * t + 3e3, 5.3e3);
        let mut run = |trk: &mut dyn FnMut(&Batch<3>)| {
            for k in 0..60 {
                let t = k as f64;
                let mut d = vec![measure(&s, &t1(t), &mut rng), measure(&s, &t2(t), &mut rng)];
                if k % 2 == 1 {
                    d.swap(0, 1);
                }
                trk(&Batch {
                    time: t,
                    sensor: SensorId(0),
                    detections: d,
                });
            }
        };
        let (a, b): (Vec<TrackId>, Vec<TrackId>) = if jpda {
            let mut trk = tracker(Jpda::default());
            trk.add_sensor(s.clone());
            run(&mut |b| trk.process(b).unwrap());
            ids = trk
                .confirmed()
                .map(|t| (t.id.unwrap(), t.state.position()))
                .collect::<Vec<_>>();
            split(&ids, &t1(59.0))
        } else {
            let mut trk = tracker(Gnn::new());
            trk.add_sensor(s.clone());
            run(&mut |b| trk.process(b).unwrap());
            ids = trk
                .confirmed()
                .map(|t| (t.id.unwrap(), t.state.position()))
                .collect::<Vec<_>>();
            split(&ids, &t1(59.0))
        };
        assert_eq!(ids.len(), 2, "jpda={jpda}: two tracks");
        // the track near target 1 at the end is the first one confirmed on it
        assert_eq!(a, vec![TrackId(0)], "jpda={jpda}");
        assert_eq!(b, vec![TrackId(1)], "jpda={jpda}");
    }
}

fn split(ids: &[(TrackId, Vector3<f64>)], near: &Vector3<f64>) -> (Vec<TrackId>, Vec<TrackId>) {
    let (a, b): (Vec<&(TrackId, Vector3<f64>)>, Vec<_>) =
        ids.iter().partition(|(_, p)| (p - near).norm() < 1000.0);
    (
        a.iter().map(|x| x.0).collect(),
        b.iter().map(|x| x.0).collect(),
    )
}

#[test]
fn jpda_single_track_matches_pda_weights() {
    // one track, two gated detections with likelihoods L1, L2: the PDA weights are
    // β_j = P_D L_j / λ / (1 − P_D P_G + Σ P_D L_k / λ)
    let (pd, pg, lambda) = (0.9, 0.99, 1e-4);
    let (l1, l2) = (1e-2f64, 3e-3f64);
    let hyps = [
        Hypothesis {
            track: 0,
            detection: 0,
            distance2: 1.0,
            log_likelihood: l1.ln(),
        },
        Hypothesis {
            track: 0,
            detection: 1,
            distance2: 2.0,
            log_likelihood: l2.ln(),
        },
    ];
    let input = AssociationInput {
        n_tracks: 1,
        n_detections: 2,
        hypotheses: &hyps,
        detection_probability: pd,
        gate_probability: pg,
        clutter_density: lambda,
    };
    let a = Jpda::default().associate(&input);
    let (g1, g2) = (pd * l1 / lambda, pd * l2 / lambda);
    let den = 1.0 - pd * pg + g1 + g2;
    match &a.outcomes[0] {
        Outcome::Weighted { miss, detections } => {
            assert!((miss - (1.0 - pd * pg) / den).abs() < 1e-12);
            assert!((detections[0].1 - g1 / den).abs() < 1e-12);
            assert!((detections[1].1 - g2 / den).abs() < 1e-12);
        }
        o => panic!("unexpected {o:?}"),
    }
    assert_eq!(a.used, vec![true, true]);
}

#[test]
fn jpda_two_tracks_one_detection_marginals() {
    // tracks 0 and 1 both gate detection 0; events: {-,-}, {0→d}, {1→d}
    let (pd, pg, lambda) = (0.8, 1.0, 1.0);
    let hyps = [
        Hypothesis {
            track: 0,
            detection: 0,
            distance2: 0.0,
            log_likelihood: 2.0f64.ln(),
        },
        Hypothesis {
            track: 1,
            detection: 0,
            distance2: 0.0,
            log_likelihood: 1.0f64.ln(),
        },
    ];
    let input = AssociationInput {
        n_tracks: 2,
        n_detections: 1,
        hypotheses: &hyps,
        detection_probability: pd,
        gate_probability: pg,
        clutter_density: lambda,
    };
    let a = Jpda::default().associate(&input);
    let m = 1.0 - pd * pg; // 0.2
    let (e0, e1, e2) = (m * m, pd * 2.0 * m, pd * 1.0 * m);
    let tot = e0 + e1 + e2;
    let Outcome::Weighted { detections, .. } = &a.outcomes[0] else {
        panic!()
    };
    assert!((detections[0].1 - e1 / tot).abs() < 1e-12);
    let Outcome::Weighted { detections, .. } = &a.outcomes[1] else {
        panic!()
    };
    assert!((detections[0].1 - e2 / tot).abs() < 1e-12);
}

#[test]
fn equal_time_reports_leave_the_lag_buffer_by_sensor_whatever_their_arrival() {
    let batch = |time: f64, sensor: u32| Batch::<3> {
        time,
        sensor: SensorId(sensor),
        detections: vec![],
    };
    let released = |arrivals: &[Batch<3>]| {
        let mut buffer = LagBuffer::<Batch<3>>::new(1.0);
        for b in arrivals {
            assert!(buffer.push(b.clone()));
        }
        buffer
            .flush()
            .iter()
            .map(|b| (b.time, b.sensor.0))
            .collect::<Vec<_>>()
    };
    let expected = vec![(1.0, 0), (1.0, 2), (2.0, 1), (2.0, 3)];
    assert_eq!(
        released(&[batch(2.0, 3), batch(1.0, 2), batch(2.0, 1), batch(1.0, 0)]),
        expected
    );
    assert_eq!(
        released(&[batch(1.0, 0), batch(2.0, 1), batch(1.0, 2), batch(2.0, 3)]),
        expected
    );
    // After a release, a report older than one released is rejected and counted.
    let mut buffer = LagBuffer::<Batch<3>>::new(1.0);
    assert!(buffer.push(batch(5.0, 0)));
    assert_eq!(buffer.release(6.0).len(), 1);
    assert!(!buffer.push(batch(4.5, 1)));
    assert_eq!(buffer.rejected(), 1);
}

#[test]
fn last_updates_name_the_detection_each_track_took() {
    // One target seen every second; a false alarm 30 km away at index 0 of each batch
    // after the first. The detection at index 1 (the target) is the one its track takes.
    let origin = Geodetic::from_degrees(50.0, 10.0, 0.0);
    let frame = LocalFrame::new(origin);
    let mut trk = tracker(Gnn::new());
    let a = trk.add_sensor(Sensor::at_origin(model(), 0.9, 1e-9).at_site(&frame, &origin));
    let s = trk.sensors()[0].clone();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let truth = |t: f64| Vector3::new(30e3 + 200.0 * t, 40e3, 5e3);
    let mut track_uid = None;
    for k in 0..6 {
        let t = k as f64;
        let clutter = Vector3::new(-30e3 + 5e3 * t, -20e3 * t, 1e3);
        let detections = vec![
            measure(&s, &clutter, &mut rng),
            measure(&s, &truth(t), &mut rng),
        ];
        trk.process(&Batch {
            time: t,
            sensor: a,
            detections,
        })
        .unwrap();
        let updates = trk.last_updates().to_vec();
        if k == 0 {
            // Seeds only: nothing updated.
            assert!(updates.is_empty(), "{updates:?}");
            continue;
        }
        // The target's detection went into one track (started at k = 1 from the pair).
        let mine: Vec<_> = updates.iter().filter(|u| u.0 == 1).collect();
        assert_eq!(mine.len(), 1, "{updates:?}");
        let uid = mine[0].1;
        assert_eq!(*track_uid.get_or_insert(uid), uid);
        let t = trk.tracks().iter().find(|t| t.uid == uid).unwrap();
        assert_eq!(t.last_update, t.time);
        assert!((t.state.position() - truth(k as f64)).norm() < 500.0);
    }
    assert!(trk.confirmed().any(|t| Some(t.uid) == track_uid));
}
