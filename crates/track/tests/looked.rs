//! `process_looked`: a track is charged a miss only by batches that looked where it is.

use iadsim_track::prelude::*;
use nalgebra::{SVector, Vector3};

fn tracker() -> Tracker<
    EkfPredictor<6, ConstantVelocity>,
    EkfUpdater<6, RangeAzEl>,
    Gnn,
    SinglePointInitiator,
    (MissDeleter, CoastTimeDeleter),
    3,
> {
    Tracker::new(
        EkfPredictor::<6, _>::new(ConstantVelocity::new(1.0)),
        EkfUpdater::<6, RangeAzEl>::new(),
        DistanceHypothesiser::with_probability(0.9999, 3),
        Gnn::new(),
        SinglePointInitiator::new(Vector3::repeat(300.0), MOfN { m: 3, n: 4 }),
        (MissDeleter::new(3), CoastTimeDeleter { max_coast: 4.0 }),
    )
}

const RADAR: RangeAzEl = RangeAzEl {
    sigma_range: 20.0,
    sigma_azimuth: 1e-3,
    sigma_elevation: 1e-3,
};

fn truth(t: f64) -> Vector3<f64> {
    Vector3::new(30e3, 200.0 * t, 5e3)
}

/// Confirms a track on the target with three looks 1 s apart.
fn confirmed(
    tr: &mut Tracker<
        impl Predictor<State = Gaussian<6>>,
        EkfUpdater<6, RangeAzEl>,
        Gnn,
        SinglePointInitiator,
        (MissDeleter, CoastTimeDeleter),
        3,
    >,
    s: SensorId,
) {
    for k in 0..3 {
        let t = k as f64;
        let z = RADAR.measure(&truth(t), &Vector3::zeros());
        tr.process(&Batch {
            time: t,
            sensor: s,
            detections: vec![z],
        })
        .unwrap();
    }
    assert_eq!(tr.confirmed().count(), 1);
}

#[test]
fn batches_that_do_not_look_at_a_track_do_not_charge_misses() {
    let mut tr = tracker();
    let s = tr.add_sensor(Sensor::at_origin(RADAR, 0.9, 1e-9));
    confirmed(&mut tr, s);
    // Twenty empty batches looking elsewhere (west of the radar): no miss.
    for k in 0..20 {
        let t = 2.0 + 0.5 * (k + 1) as f64;
        tr.process_looked(
            &Batch {
                time: t,
                sensor: s,
                detections: vec![],
            },
            |_, p| if p.x < 0.0 { Look::Yes } else { Look::No },
        )
        .unwrap();
    }
    let t = &tr.confirmed().next().unwrap();
    assert_eq!(t.consecutive_misses, 0);
    assert_eq!(t.looks, 3);
    // Its state was not predicted by batches that did not look at it.
    assert_eq!(t.time, 2.0);
    // The same batches looking everywhere delete it after 3 misses (MissDeleter(3)).
    let mut tr2 = tracker();
    let s2 = tr2.add_sensor(Sensor::at_origin(RADAR, 0.9, 1e-9));
    confirmed(&mut tr2, s2);
    for k in 0..3 {
        let t = 2.0 + 0.5 * (k + 1) as f64;
        tr2.process(&Batch {
            time: t,
            sensor: s2,
            detections: vec![],
        })
        .unwrap();
    }
    assert_eq!(tr2.confirmed().count(), 0);
}

#[test]
fn max_coast_time_deletes_tracks_no_batch_looks_at() {
    let mut tr = tracker();
    tr.max_coast_time = 25.0;
    let s = tr.add_sensor(Sensor::at_origin(RADAR, 0.9, 1e-9));
    confirmed(&mut tr, s);
    // Last update at t = 2 s; batches that never look at it: kept through t = 27 s
    // (coast 25 s), deleted at 27.5 s.
    let none: Vec<SVector<f64, 3>> = vec![];
    for k in 1..=51 {
        let t = 2.0 + 0.5 * k as f64;
        tr.process_looked(
            &Batch {
                time: t,
                sensor: s,
                detections: none.clone(),
            },
            |_, _| Look::No,
        )
        .unwrap();
        assert_eq!(
            tr.confirmed().count(),
            usize::from(t - 2.0 <= 25.0),
            "t = {t}"
        );
    }
}

#[test]
fn tentative_timeout_drops_unlooked_tentative_tracks() {
    let mut tr = tracker();
    tr.tentative_timeout = 12.0;
    let s = tr.add_sensor(Sensor::at_origin(RADAR, 0.9, 1e-9));
    let z = RADAR.measure(&truth(0.0), &Vector3::zeros());
    tr.process(&Batch {
        time: 0.0,
        sensor: s,
        detections: vec![z],
    })
    .unwrap();
    assert_eq!(tr.tracks().len(), 1);
    tr.process_looked(
        &Batch {
            time: 12.0,
            sensor: s,
            detections: vec![],
        },
        |_, _| Look::No,
    )
    .unwrap();
    assert_eq!(tr.tracks().len(), 1);
    tr.process_looked(
        &Batch {
            time: 12.5,
            sensor: s,
            detections: vec![],
        },
        |_, _| Look::No,
    )
    .unwrap();
    assert_eq!(tr.tracks().len(), 0);
}

#[test]
fn coast_time_deleter_counts_from_the_last_update() {
    let mut tr = tracker();
    let s = tr.add_sensor(Sensor::at_origin(RADAR, 0.9, 1e-9));
    confirmed(&mut tr, s);
    // Updates stop at t = 2 s; one look every 2.5 s leaves 1 miss per look: at t = 4.5 s
    // (coast 2.5 s, 1 miss) it stays, at t = 7 s (coast 5 s > 4 s, 2 misses) it goes.
    tr.process(&Batch {
        time: 4.5,
        sensor: s,
        detections: vec![],
    })
    .unwrap();
    assert_eq!(tr.confirmed().count(), 1);
    tr.process(&Batch {
        time: 7.0,
        sensor: s,
        detections: vec![],
    })
    .unwrap();
    assert_eq!(tr.confirmed().count(), 0);
}

#[test]
fn gate_only_batches_update_but_never_charge_a_miss() {
    let mut tr = tracker();
    let s = tr.add_sensor(Sensor::at_origin(RADAR, 0.9, 1e-9));
    confirmed(&mut tr, s);
    // Ten empty gate-only batches: no miss, no look.
    for k in 1..=10 {
        let t = 2.0 + 0.1 * k as f64;
        tr.process_looked(
            &Batch {
                time: t,
                sensor: s,
                detections: vec![],
            },
            |_, _| Look::GateOnly,
        )
        .unwrap();
    }
    let t = tr.confirmed().next().unwrap();
    assert_eq!((t.looks, t.consecutive_misses), (3, 0));
    // A gate-only batch with the target's detection updates the track.
    let z = RADAR.measure(&truth(3.5), &Vector3::zeros());
    tr.process_looked(
        &Batch {
            time: 3.5,
            sensor: s,
            detections: vec![z],
        },
        |_, _| Look::GateOnly,
    )
    .unwrap();
    let t = tr.confirmed().next().unwrap();
    assert_eq!((t.hits, t.last_update), (4, 3.5));
}
