//! # iadsim-core
//!
//! The ground every other iadsim crate stands on:
//!
//! - [`frames`]: the WGS-84 Earth and its frames — [`Geodetic`] (lat, lon, height),
//!   [`Ecef`], local East-North-Up [`Enu`] via [`LocalFrame`], and radar [`Polar`]
//!   (range, azimuth clockwise from north, elevation) — with conversions both ways,
//!   including the iterated-Bowring inverse [`Ecef::to_geodetic`] (sub-millimetre from
//!   −10 km to 40,000 km, poles included);
//! - [`wgs84`]: the ellipsoid's constants and radii of curvature;
//! - [`geodesic`]: ellipsoidal geodesics (distance, bearings, direct problem, points
//!   along a leg) on Karney's algorithms via `geographiclib-rs`;
//! - [`horizon`]: radar horizon, MathWorks-style height/range conversions and line of
//!   sight over a smooth Earth with effective-radius (4/3) refraction; no terrain yet;
//! - [`atmosphere`]: the US Standard Atmosphere 1976 to 86 km (temperature, pressure,
//!   density, speed of sound);
//! - [`ballistic`]: the range angle, minimum-energy angle and burnout speed of a drag-free
//!   ballistic arc between two points (the conic equation the engine's ballistic truth
//!   and the scenario validator share);
//! - [`special`]: ln Γ, the incomplete gamma and beta functions (the radar's detection
//!   tables, chi-square gates, Student t intervals);
//! - [`rng`]: reproducible ChaCha8 random streams keyed by (seed, replication, stream id).
//!
//! Units are SI throughout (m, s, rad, kg, K, Pa); azimuths are clockwise from north.
//! Frames are kept apart in the types: an [`Ecef`] vector cannot be passed where an
//! [`Enu`] one is meant. Every model is tested against published numbers
//! (see `tests/reference.rs`).
//!
//! Nothing here knows about scenarios, files or the command line.

#![warn(missing_docs)]

pub mod atmosphere;
pub mod ballistic;
pub mod frames;
pub mod geodesic;
pub mod horizon;
pub mod rng;
pub mod special;
pub mod srtm;
pub mod wgs84;

pub use frames::{Ecef, Enu, Geodetic, LocalFrame, Polar};
pub use nalgebra::Vector3;
