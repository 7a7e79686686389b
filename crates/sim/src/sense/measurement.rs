//! What a radar reports and a tracker reads: a measurement in the radar's own polar frame,
//! with no truth attached.

use iadsim_core::Polar;

/// One radar report, in the radar's own polar frame. It carries no truth: the tracker
/// sees only this.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// Time of the look, s.
    pub time: f64,
    /// Which radar of the battalion (0 acquisition, 1 engagement).
    pub radar: usize,
    /// Measured (noisy) position.
    pub polar: Polar,
    /// 1-σ errors: range (m), azimuth (rad), elevation (rad).
    pub sigma: [f64; 3],
}
