//! The right combinations compile and run; the `compile_fail` examples in the crate
//! documentation are these same programs with one component swapped for a mismatched one.

use iadsim_track::prelude::*;
use nalgebra::{SVector, Vector3};

fn radar() -> RangeAzEl {
    RangeAzEl {
        sigma_range: 20.0,
        sigma_azimuth: 1e-3,
        sigma_elevation: 1e-3,
    }
}

#[test]
fn imm_with_imm_updater_and_3d_batches() {
    let mut tracker = Tracker::new(
        ImmPredictor::<7, 2>::new(
            [
                Box::new(ConstantVelocity::new(1.0)),
                Box::new(CoordinatedTurn::new(1.0, 1e-3, 0.1)),
            ],
            [30.0, 10.0],
        ),
        ImmUpdater::<7, 2, RangeAzEl>::new(),
        DistanceHypothesiser::with_probability(0.9999, 3),
        Gnn::new(),
        SinglePointInitiator::new(Vector3::repeat(200.0), MOfN { m: 3, n: 4 }),
        MissDeleter::new(3),
    );
    let s = tracker.add_sensor(Sensor::at_origin(radar(), 0.9, 1e-6));
    let batch: Batch<3> = Batch {
        time: 0.0,
        sensor: s,
        detections: vec![SVector::<f64, 3>::new(3e4, 1.0, 0.1)],
    };
    tracker.process(&batch).unwrap();
    assert_eq!(tracker.tracks().len(), 1);
}

#[test]
fn ca_with_nine_state_updater() {
    let mut tracker = Tracker::new(
        EkfPredictor::<9, _>::new(ConstantAcceleration::new(1.0, 10.0)),
        EkfUpdater::<9, RangeAzEl>::new(),
        DistanceHypothesiser::with_probability(0.9999, 3),
        Jpda::default(),
        SinglePointInitiator::new(Vector3::repeat(200.0), MOfN { m: 3, n: 4 }),
        MissDeleter::new(3),
    );
    let s = tracker.add_sensor(Sensor::at_origin(radar(), 0.9, 1e-6));
    tracker
        .process(&Batch {
            time: 0.0,
            sensor: s,
            detections: vec![SVector::<f64, 3>::new(3e4, 1.0, 0.1)],
        })
        .unwrap();
    assert_eq!(tracker.tracks().len(), 1);
}
