//! The sensor interface: a radar model scans the truth over a step and reports
//! detections. Only the engine's sense stage holds these; trackers get the radar's
//! geometry ([`super::geometry`]) and its measurements, never the sensor.

use iadsim_core::{Ecef, LocalFrame};

use super::measurement::Measurement;
use crate::truth::trajectory::Trajectory;

/// A measurement with the truth behind it kept aside for the event log and scoring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// What the tracker gets.
    pub measurement: Measurement,
    /// The threat that caused it (`None` for a false alarm). Never given to the tracker.
    pub threat: Option<usize>,
}

/// What a radar can see of one threat for one step.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Threat index.
    pub index: usize,
    /// Its trajectory.
    pub trajectory: &'a Trajectory,
    /// Mean RCS, m².
    pub rcs: f64,
    /// Last instant it exists (killed or arrived), s; no look after it sees it.
    pub until: f64,
}

/// A stage-1 sensor: reports the detections made during one time step.
pub trait Sensor {
    /// Detections with look times in (t0, t1], in time order.
    fn scan(&mut self, t0: f64, t1: f64, targets: &[Target<'_>], out: &mut Vec<Detection>);
    /// The radar's local frame (measurements are in it).
    fn frame(&self) -> &LocalFrame;
    /// Whether the radar's search looked at `position` (ECEF, m) during (t0, t1] s: the
    /// beam passed its azimuth then and it lies within the radar's slant-range limits.
    /// It says where the radar pointed, not whether it could have seen a target there
    /// (horizon, elevation limits and Pd are left to the tracker's deleters). The tracker
    /// charges a track a miss only for looks that answer true here.
    fn searched(&self, t0: f64, t1: f64, position: &Ecef) -> bool {
        let _ = (t0, t1, position);
        true
    }
    /// Expected false alarms per unit of measurement space, 1/(m·rad²) (range × azimuth ×
    /// elevation), for the tracker's association and track score.
    fn clutter_density(&self) -> f64 {
        0.0
    }
    /// Single-look detection probability the tracker assumes (the catalogue's reference
    /// Pd).
    fn nominal_detection_probability(&self) -> f64;
}
