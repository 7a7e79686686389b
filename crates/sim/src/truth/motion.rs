//! A live threat's true motion over one engine step, as an interceptor's seeker and fuze
//! observe it.

use nalgebra::Vector3;

/// A live threat as the engage stage sees it over one step.
#[derive(Debug, Clone, Copy)]
pub struct ThreatMotionOverStep {
    /// Threat index.
    pub index: usize,
    /// Position at the step start and end, ECEF, m.
    pub position: [Vector3<f64>; 2],
    /// 1σ glint a seeker sees on it, m ([`crate::engage::flyout::seeker::glint_sigma`]).
    pub glint: f64,
}

impl ThreatMotionOverStep {
    /// Position (ECEF, m) and velocity (ECEF axes, m/s) at `t` s inside the engine step
    /// [`t0`, `t1`] s, moving linearly along the segment.
    #[inline]
    pub fn at(&self, t0: f64, t1: f64, t: f64) -> (Vector3<f64>, Vector3<f64>) {
        if t1 > t0 {
            let v = (self.position[1] - self.position[0]) / (t1 - t0);
            (self.position[0] + v * (t - t0), v)
        } else {
            (self.position[0], Vector3::zeros())
        }
    }
}
