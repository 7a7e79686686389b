//! The physics radar model (issue 3): the radar range equation, detection probability
//! for Swerling 0–4 targets with non-coherent integration, line of sight over the
//! 4/3 Earth and a terrain model, scanning, measurement accuracy and false alarms.
//!
//! - [`equation`]: the range equation and [`RadarModel`] (from parameters or calibrated
//!   on a published "detects σ at R" figure);
//! - [`detection`]: [`Detector`] (exact Pd, required SNR), Albersheim and Shnidman;
//! - [`special`]: the incomplete gamma function and friends behind it;
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
pub mod geometry;
pub mod measure;
pub mod physics;
pub mod scan;
pub mod special;
pub mod terrain;

pub use detection::{Detector, PdTable, Swerling, albersheim_snr_db, shnidman_snr_db};
pub use equation::{RadarEquation, RadarModel};
pub use physics::{Confirmation, PhysicsConfig, PhysicsRadar};
pub use terrain::{Dem, HgtTile};

/// A radar model could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RadarError {
    /// A parameter is out of its domain.
    #[error("invalid radar parameter {name} = {value}: {reason}")]
    Invalid {
        /// Parameter name.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What would be valid.
        reason: &'static str,
    },
    /// A terrain file could not be read.
    #[error("terrain: {0}")]
    Terrain(String),
}

impl RadarError {
    pub(crate) fn invalid(name: &'static str, value: f64, reason: &'static str) -> Self {
        Self::Invalid {
            name,
            value,
            reason,
        }
    }
}
