//! Sense: radars look at the truth and report measurements.
//!
//! - [`sensor`]: the [`Sensor`] interface the engine's sense stage drives (scans the
//!   truth over a step, reports [`Detection`]s);
//! - [`measurement`]: [`Measurement`], what a radar reports and a tracker reads;
//! - [`geometry`]: [`RadarGeometry`], what a tracker may know of a radar (its frame,
//!   where it searched, clutter density, nominal Pd) — never the sensor itself;
//! - [`dwell`]: [`Dwell`], a track revisit the fire control orders from the engagement
//!   radar (where to point, when, the range gate), and the beam's shape loss;
//! - [`fixed_pd`]: the first radar model ([`FixedPdRadar`]);
//! - [`physics`]: the physics radar ([`PhysicsRadar`], [`PhysicsConfig`]);
//! - [`radar`]: the radar physics both build on (range equation, detection statistics,
//!   horizon and terrain, scan patterns, accuracy and false alarms);
//! - [`coverage`]: detection and engagement coverage maps over the same models.
//!
//! Checked by crates/sim/tests/radar_*.rs (range equation and detection statistics against
//! published worked examples, horizon and terrain bounds, coverage) and observe.rs;
//! docs/validation.md, radar rows.

pub mod coverage;
pub mod dwell;
pub mod fixed_pd;
pub mod geometry;
pub mod measurement;
pub mod physics;
pub mod radar;
pub mod sensor;

pub use dwell::Dwell;
pub use fixed_pd::FixedPdRadar;
pub use geometry::{RadarGeometry, Search};
pub use measurement::Measurement;
pub use physics::{Confirmation, PhysicsConfig, PhysicsRadar};
pub use sensor::{Detection, Sensor, Target};
