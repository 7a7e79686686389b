//! How an engagement radar holds tracks ([`FireControlSettings`]).

/// How an engagement radar holds tracks (its catalogue figures and \[P\] choices; see
/// `engine::build` for the values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FireControlSettings {
    /// Revisit period of a channel, s.
    pub revisit_period: f64,
    /// Consecutive missed revisits after which the radar has lost the object.
    pub drop_after_misses: u32,
    /// Track channels (`max_tracks`).
    pub channels: usize,
    /// White-noise acceleration intensity of a channel's filter, m²/s³.
    pub process_noise: f64,
    /// Range gate half-width in predicted range σ.
    pub gate_sigmas: f64,
    /// Least range gate half-width, m.
    pub min_range_gate: f64,
    /// Blind range, m.
    pub min_range: f64,
    /// Instrumented range, m.
    pub max_range: f64,
    /// Lowest elevation a beam is pointed at, rad.
    pub min_elevation: f64,
    /// Highest elevation a beam is pointed at, rad.
    pub max_elevation: f64,
}
