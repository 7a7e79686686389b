//! # iadsim-core
//!
//! The ground every other iadsim crate stands on: the WGS-84 Earth and its frames
//! (geodetic, ECEF, local ENU, radar polar), geodesic distance and bearing, radar line of
//! sight with 4/3-Earth refraction, the US Standard Atmosphere 1976, and the seeded random
//! streams that make every run reproducible.
//!
//! Units are SI throughout (m, s, rad, kg, K, Pa). Frames are kept apart in the types:
//! an [`Ecef`] vector cannot be passed where an [`Enu`] one is meant.
//!
//! Nothing here knows about scenarios, files or the command line.

pub mod atmosphere;
pub mod frames;
pub mod geodesic;
pub mod horizon;
pub mod rng;
pub mod wgs84;

pub use frames::{Ecef, Enu, Geodetic, LocalFrame, Polar};
pub use nalgebra::Vector3;
