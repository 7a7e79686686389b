//! Why a threat's trajectory cannot be built.

/// Why a trajectory could not be built.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TruthError {
    /// A route needs at least two distinct waypoints.
    #[error("route needs at least two distinct waypoints")]
    RouteTooShort,
    /// A route's speed, turn rate or a waypoint is invalid.
    #[error("invalid route: {0}")]
    InvalidRoute(String),
    /// The requested ballistic trajectory does not exist.
    #[error("no ballistic trajectory: {0}")]
    Ballistic(String),
    /// The threat's start time is not a finite number.
    #[error("start time must be finite, got {0}")]
    StartTime(f64),
}
