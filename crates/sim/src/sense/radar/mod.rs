//! The physics radar model (issue 3): the radar range equation, detection probability
//! for Swerling 0–4 targets with non-coherent integration, line of sight over the
//! 4/3 Earth and a terrain model, scanning, measurement accuracy and false alarms.
//!
//! - [`equation`]: the range equation and [`RadarModel`] (from parameters or calibrated
//!   on a published "detects σ at R" figure);
//! - [`detection`]: [`Detector`] (exact Pd, required SNR), Albersheim and Shnidman;
//! - [`special`]: the detection threshold (the special functions are iadsim-core's);
//! - [`geometry`]: fast radar-to-point sight lines over the effective-radius Earth;
//! - [`terrain`]: SRTM `.hgt` tiles, bilinear heights, profile masking and viewsheds;
//! - [`scan`]: rotating and sector scans, beam-passage look times, channel pools;
//! - [`measure`]: SNR-dependent accuracy, resolution cells, false alarms;
//! - [`physics`]: [`PhysicsRadar`], the stage-1 sensor built from all of the above;
//! - [`contour`]: marching squares for coverage contours.
//!
//! Units are SI (m, s, rad, W, Hz, K); SNRs are linear power ratios unless a name says
//! `_db`. Azimuths are clockwise from north in the radar's local ENU frame.

pub mod contour;
pub mod detection;
pub mod equation;
pub mod error;
pub mod measure;
pub mod scan;
pub mod sight;
pub mod special;
pub mod terrain;

pub use detection::{Detector, PdTable, Swerling, albersheim_snr_db, shnidman_snr_db};
pub use equation::{RadarEquation, RadarModel};
pub use error::RadarError;
pub use terrain::{Dem, HgtTile};
