//! What happens to an interceptor in one engine step.

/// What happened to an interceptor in one step.
#[derive(Debug, Clone, PartialEq)]
pub enum FlightOutcome {
    /// Still flying.
    Flying,
    /// The fuze fired at `time` at `miss` metres from `threat` (whether it killed is the
    /// assess stage's judgement, [`crate::assess::damage`]).
    Detonated {
        /// Detonation time, s.
        time: f64,
        /// Threat index.
        threat: usize,
        /// Closest-approach distance, m.
        miss: f64,
    },
    /// Ended without detonating, at `time`.
    Lost {
        /// Time, s.
        time: f64,
        /// Why.
        reason: &'static str,
    },
}
