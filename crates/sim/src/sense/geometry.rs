//! What a tracker may know of a radar ([`RadarGeometry`]): its frame, where its search
//! looked when, the clutter density and the detection probability it is designed for.
//! Plain data with no way to the truth: a tracker is handed this, never the
//! [`Sensor`](super::sensor::Sensor) that scans the threats.
//!
//! Checked by the trackers' tests (`tests/engine_tracker.rs`: misses charged only where
//! a radar looked) and by the engine's byte-identical outputs (`bench/same`).

use std::f64::consts::TAU;

use iadsim_core::{Ecef, LocalFrame};

use super::radar::scan::ScanPattern;

/// Where a radar's search looks, and when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Search {
    /// The first radar model's beam: 360° clockwise, north at t = `phase`, one turn per
    /// `period` s, out to `max_range` m.
    Rotating {
        /// Rotation period, s.
        period: f64,
        /// Time at which the beam points north, s.
        phase: f64,
        /// Instrumented range, m.
        max_range: f64,
    },
    /// A search pattern (rotating or sector) between a blind range and the instrumented
    /// range.
    Pattern {
        /// The pattern.
        scan: ScanPattern,
        /// Blind range, m.
        min_range: f64,
        /// Instrumented range, m.
        max_range: f64,
    },
}

/// What a tracker may know of one radar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarGeometry {
    /// The radar's local frame: its measurements are polar in it.
    pub frame: LocalFrame,
    /// Where its search looks when.
    pub search: Search,
    /// Expected false alarms per unit of measurement space, 1/(m·rad²) (range × azimuth
    /// × elevation), for the tracker's association and track score.
    pub clutter_density: f64,
    /// Single-look detection probability the tracker assumes (the catalogue's reference
    /// Pd).
    pub nominal_detection_probability: f64,
}

impl RadarGeometry {
    /// Whether the radar's search looked at `position` (ECEF, m) during (t0, t1] s: the
    /// beam passed its azimuth then and it lies within the radar's slant-range limits.
    /// It says where the radar pointed, not whether it could have seen a target there
    /// (horizon, elevation limits and Pd are left to the tracker's deleters). A tracker
    /// charges a track a miss only for looks that answer true here.
    pub fn searched(&self, t0: f64, t1: f64, position: &Ecef) -> bool {
        // Range and azimuth exactly as the radar's `polar_of` gives them.
        let enu = self.frame.position_to_enu(position);
        match self.search {
            Search::Rotating {
                period,
                phase: north,
                max_range,
            } => {
                if enu.0.norm() > max_range {
                    return false;
                }
                // The beam law of the first model's scan.
                let phase = north + period * enu.azimuth() / TAU;
                let k = ((t0 - phase) / period).floor() + 1.0;
                phase + k * period <= t1
            }
            Search::Pattern {
                scan,
                min_range,
                max_range,
            } => {
                let range = enu.0.norm();
                range >= min_range && range <= max_range && scan.swept(t0, t1, enu.azimuth())
            }
        }
    }
}
