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
    /// 1σ glint a seeker sees on it, m ([`crate::flyout::guidance::glint_sigma`]).
    pub glint: f64,
}
