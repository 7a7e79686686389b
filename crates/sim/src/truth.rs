//! Threat motion: the ground truth every other stage is measured against.
//!
//! SKELETON — to be filled in (routes over the ellipsoid with finite-rate turns;
//! Keplerian ballistic trajectories with optional drag).

use iadsim_core::Ecef;

use crate::setup::{Threat, ThreatMotion};

/// Position and velocity of a threat at one instant, ECEF (m, m/s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TruthState {
    /// Position, ECEF, m.
    pub position: Ecef,
    /// Velocity, ECEF axes, m/s.
    pub velocity: Ecef,
}

/// Why a trajectory could not be built.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TruthError {
    /// A route needs at least two distinct waypoints.
    #[error("route needs at least two distinct waypoints")]
    RouteTooShort,
    /// The requested ballistic trajectory does not exist.
    #[error("no ballistic trajectory: {0}")]
    Ballistic(String),
}

/// The precomputed trajectory of one threat, queried by time.
#[derive(Debug, Clone)]
pub struct Trajectory {
    start_time: f64,
    end_time: f64,
}

impl Trajectory {
    /// Builds the trajectory of `threat` (appearing at `threat.start_time`).
    pub fn new(threat: &Threat) -> Result<Self, TruthError> {
        let _ = &threat.motion;
        let _: Option<&ThreatMotion> = None;
        todo!()
    }

    /// Time the threat appears, s.
    pub fn start_time(&self) -> f64 {
        self.start_time
    }

    /// Time the threat reaches its aim point (end of route, or impact), s.
    pub fn end_time(&self) -> f64 {
        self.end_time
    }

    /// State at time `t`, s; `None` outside [start_time, end_time].
    pub fn state_at(&self, t: f64) -> Option<TruthState> {
        let _ = t;
        todo!()
    }

    /// The aim point: the last waypoint or the impact point, ECEF, m.
    pub fn aim_point(&self) -> Ecef {
        todo!()
    }
}
