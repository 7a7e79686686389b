//! # iadsim-track
//!
//! A multi-target tracker usable on its own, on any stream of radar detections — the
//! role Stone Soup plays in Python, built from small components with Stone Soup's names,
//! statically typed, and fast.
//!
//! ## Components
//!
//! | stage | component | module |
//! |---|---|---|
//! | motion models | [`ConstantVelocity`], [`ConstantAcceleration`], [`CoordinatedTurn`], [`Ballistic`] (central gravity, Kepler arcs) | [`motion`] |
//! | measurement models | [`RangeAzEl`], [`RangeAzElRate`] (radial velocity), [`RangeAzimuth`], [`CartesianPosition`]; [`Sensor`] places one in the tracker frame | [`measurement`] |
//! | predictor / updater | [`EkfPredictor`]/[`EkfUpdater`] (Joseph form), [`UkfPredictor`]/[`UkfUpdater`], [`ImmPredictor`]/[`ImmUpdater`] | [`filter`], [`ukf`], [`imm`] |
//! | hypothesiser | [`DistanceHypothesiser`]: chi-square gate behind a k-d tree | [`hypothesiser`], [`spatial`] |
//! | associator | [`Gnn`] (sparse shortest-augmenting-path assignment per cluster), [`Jpda`] (bounded enumeration) | [`associator`], [`assign`] |
//! | initiator | [`TwoPointInitiator`] (speed gate), [`SinglePointInitiator`]; M-of-N confirmation | [`initiator`] |
//! | deleter | [`MissDeleter`], [`CovarianceDeleter`], pairs of them | [`deleter`] |
//! | tracker | [`Tracker`]: time-ordered batches from several sensors | [`tracker`] |
//! | fusion | [`LagBuffer`]: lag window for out-of-order reports | [`fusion`] |
//! | metrics | OSPA, GOSPA (α = 2), false tracks, fragmentation | [`metrics`] |
//! | peerbench | read `peerbench-1` scenarios, write track files, score them | [`peerbench`] |
//!
//! ## Frames and units
//!
//! SI throughout. Tracks live in one East-North-Up frame (m, m/s); the state vector starts
//! with position then velocity (see [`state`]). Radars measure range (m), azimuth
//! (rad, **clockwise from north**, as in `iadsim_core::frames::Polar`), elevation (rad) and
//! optionally range rate (m/s) in their own ENU frame; a [`Sensor`] carries its position
//! and axes in the tracker frame ([`Sensor::at_site`] from a geodetic position).
//!
//! ## Wrong combinations do not compile
//!
//! Predictor and updater each name their state type; [`Tracker`] requires
//! `U: Updater<M, State = P::State>`. State dimensions are const generics, so a 9-state
//! constant-acceleration predictor with a 6-state updater is a type error, and so is an IMM
//! predictor with an EKF updater. The measurement dimension `M` ties the updater, the
//! sensors' models and the [`Batch`]es together: 2-component range-azimuth detections
//! cannot be fed to a 3-component range-azimuth-elevation tracker. Motion models
//! that need extra components assert `N ≥ 6` at compile time.
//!
//! Each of these is a compile error (they are `compile_fail` doctests; the same programs
//! with matching components compile and run in `tests/composition.rs`):
//!
//! ```compile_fail
//! # use iadsim_track::prelude::*;
//! # use nalgebra::Vector3;
//! # let radar = RangeAzEl { sigma_range: 20.0, sigma_azimuth: 1e-3, sigma_elevation: 1e-3 };
//! // an IMM predictor (state ImmState<7, 2>) with an EKF updater (state Gaussian<7>)
//! let tracker = Tracker::new(
//!     ImmPredictor::<7, 2>::new(
//!         [Box::new(ConstantVelocity::new(1.0)), Box::new(CoordinatedTurn::new(1.0, 1e-3, 0.1))],
//!         [30.0, 10.0],
//!     ),
//!     EkfUpdater::<7, RangeAzEl>::new(),
//!     DistanceHypothesiser::with_probability(0.9999, 3),
//!     Gnn::new(),
//!     SinglePointInitiator::new(Vector3::repeat(200.0), MOfN { m: 3, n: 4 }),
//!     MissDeleter::new(3),
//! );
//! ```
//!
//! ```compile_fail
//! # use iadsim_track::prelude::*;
//! # use nalgebra::Vector3;
//! # let radar = RangeAzEl { sigma_range: 20.0, sigma_azimuth: 1e-3, sigma_elevation: 1e-3 };
//! // a 9-state constant-acceleration predictor with a 6-state updater
//! let tracker = Tracker::new(
//!     EkfPredictor::<9, _>::new(ConstantAcceleration::new(1.0, 10.0)),
//!     EkfUpdater::<6, RangeAzEl>::new(),
//!     DistanceHypothesiser::with_probability(0.9999, 3),
//!     Jpda::default(),
//!     SinglePointInitiator::new(Vector3::repeat(200.0), MOfN { m: 3, n: 4 }),
//!     MissDeleter::new(3),
//! );
//! ```
//!
//! ```compile_fail
//! # use iadsim_track::prelude::*;
//! # use nalgebra::{SVector, Vector3};
//! # let radar = RangeAzEl { sigma_range: 20.0, sigma_azimuth: 1e-3, sigma_elevation: 1e-3 };
//! let mut tracker = Tracker::new(
//!     ImmPredictor::<7, 2>::new(
//!         [Box::new(ConstantVelocity::new(1.0)), Box::new(CoordinatedTurn::new(1.0, 1e-3, 0.1))],
//!         [30.0, 10.0],
//!     ),
//!     ImmUpdater::<7, 2, RangeAzEl>::new(),
//!     DistanceHypothesiser::with_probability(0.9999, 3),
//!     Gnn::new(),
//!     SinglePointInitiator::new(Vector3::repeat(200.0), MOfN { m: 3, n: 4 }),
//!     MissDeleter::new(3),
//! );
//! let s = tracker.add_sensor(Sensor::at_origin(radar, 0.9, 1e-6));
//! // range-azimuth detections (M = 2) into a range-azimuth-elevation tracker (M = 3)
//! let batch: Batch<2> = Batch { time: 0.0, sensor: s, detections: vec![SVector::<f64, 2>::new(3e4, 1.0)] };
//! tracker.process(&batch).unwrap();
//! ```
//!
//! ## Example
//!
//! ```
//! use iadsim_track::prelude::*;
//! use nalgebra::{SVector, Vector3};
//!
//! let radar = RangeAzEl { sigma_range: 20.0, sigma_azimuth: 0.2f64.to_radians(), sigma_elevation: 0.2f64.to_radians() };
//! let mut tracker = Tracker::new(
//!     EkfPredictor::<6, _>::new(ConstantVelocity::new(1.0)),
//!     EkfUpdater::<6, RangeAzEl>::new(),
//!     DistanceHypothesiser::with_probability(0.9999, 3),
//!     Gnn::new(),
//!     TwoPointInitiator::new(0.0, 600.0, Vector3::new(200.0, 200.0, 20.0), MOfN { m: 3, n: 4 }),
//!     (MissDeleter::new(3), CovarianceDeleter { max_position_sigma: 2000.0 }),
//! );
//! let sensor = tracker.add_sensor(Sensor::at_origin(radar, 0.9, 1e-6));
//! // a target at 30 km east, 5 km up, flying north at 200 m/s
//! for k in 0..6 {
//!     let t = k as f64;
//!     let p = Vector3::new(30e3, 200.0 * t, 5e3);
//!     let z = radar.measure(&p, &Vector3::zeros());
//!     tracker.process(&Batch { time: t, sensor, detections: vec![z] }).unwrap();
//! }
//! let tracks: Vec<_> = tracker.confirmed().collect();
//! assert_eq!(tracks.len(), 1);
//! assert!((tracks[0].state.position() - Vector3::new(30e3, 1000.0, 5e3)).norm() < 30.0);
//! ```
//!
//! References: Bar-Shalom, Li & Kirubarajan, *Estimation with Applications to Tracking and
//! Navigation* (2001); Blackman & Popoli, *Design and Analysis of Modern Tracking Systems*
//! (1999); Julier & Uhlmann (1997, 2004); Jonker & Volgenant (1987); Schuhmacher, Vo & Vo
//! (2008); Rahmathullah, García-Fernández & Svensson (2017).

#![warn(missing_docs)]
// Long functions are several functions: clippy.toml sets the bound (80 code lines).
#![warn(clippy::too_many_lines)]

pub mod assign;
pub mod associator;
pub mod chi2;
pub mod deleter;
pub mod filter;
pub mod fusion;
pub mod hypothesiser;
pub mod imm;
pub mod initiator;
pub mod measurement;
pub mod metrics;
pub mod motion;
pub mod peerbench;
pub mod spatial;
pub mod state;
pub mod tracker;
pub mod ukf;

pub use associator::{Associator, Gnn, Jpda};
pub use deleter::{CoastTimeDeleter, CovarianceDeleter, Deleter, MissDeleter};
pub use filter::{EkfPredictor, EkfUpdater, Innovation, Predictor, Updater};
pub use fusion::{LagBuffer, Timed};
pub use hypothesiser::DistanceHypothesiser;
pub use imm::{ImmPredictor, ImmState, ImmUpdater};
pub use initiator::{Initiator, MOfN, SinglePointInitiator, TwoPointInitiator};
pub use measurement::{
    CartesianPosition, MeasurementModel, RangeAzEl, RangeAzElRate, RangeAzimuth, Sensor, SensorId,
};
pub use motion::{
    Ballistic, ConstantAcceleration, ConstantVelocity, CoordinatedTurn, Gravity, MotionModel,
};
pub use state::{Estimate, Gaussian};
pub use tracker::{Batch, Look, Reach, Track, TrackId, TrackStatus, Tracker, TrackerError};
pub use ukf::{UkfPredictor, UkfUpdater};

/// Everything needed to assemble and run a tracker.
pub mod prelude {
    pub use crate::{
        Associator, Ballistic, Batch, CartesianPosition, CoastTimeDeleter, ConstantAcceleration,
        ConstantVelocity, CoordinatedTurn, CovarianceDeleter, Deleter, DistanceHypothesiser,
        EkfPredictor, EkfUpdater, Estimate, Gaussian, Gnn, Gravity, ImmPredictor, ImmState,
        ImmUpdater, Initiator, Innovation, Jpda, LagBuffer, Look, MOfN, MeasurementModel,
        MissDeleter, MotionModel, Predictor, RangeAzEl, RangeAzElRate, RangeAzimuth, Reach, Sensor,
        SensorId, SinglePointInitiator, Track, TrackId, TrackStatus, Tracker, TrackerError,
        TwoPointInitiator, UkfPredictor, UkfUpdater, Updater,
    };
}
