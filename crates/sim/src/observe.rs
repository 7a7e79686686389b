//! Observing a run: plain-data snapshots of everything that moves, for replay exports
//! and live displays.
//!
//! [`run_observed`](crate::engine::run_observed) hands an [`Observer`] the state of every
//! live threat and every interceptor in flight at the end of each engine step (or every
//! [`Observer::sample_interval`] seconds), and the last state of each interceptor in the
//! step it stops flying. Fixed sites (radars, command posts, launchers, assets) are in
//! the [`Setup`](iadsim_setup::Setup). [`run`](crate::engine::run) and
//! [`run_with`](crate::engine::run_with) take no observer and pay nothing for it.
//!
//! Positions and velocities are ECEF (WGS-84), m and m/s; times are seconds from
//! scenario start.

use iadsim_core::Ecef;

/// A live threat at a sample time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThreatState {
    /// Threat index into [`Setup::threats`](iadsim_setup::Setup::threats).
    pub index: usize,
    /// Position, ECEF, m.
    pub position: Ecef,
    /// Velocity, ECEF axes, m/s.
    pub velocity: Ecef,
}

/// An interceptor at a sample time, or at the end of its flight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterceptorState<'a> {
    /// Interceptor index (launch order, as in the `launch` event).
    pub id: usize,
    /// Battalion that launched it.
    pub battalion: usize,
    /// Missile type name, e.g. "48N6E3".
    pub missile: &'a str,
    /// Time of this state, s (the sample time, or the detonation / loss time).
    pub time: f64,
    /// Position, ECEF, m.
    pub position: Ecef,
    /// Velocity, ECEF axes, m/s.
    pub velocity: Ecef,
}

/// Receives snapshots of a run as it goes.
pub trait Observer {
    /// Least time between two calls of [`Observer::step`], s; 0 (the default) for every
    /// engine step. Samples fall on the first step end at or after each multiple of it.
    fn sample_interval(&self) -> f64 {
        0.0
    }

    /// The state at time `t` (the end of an engine step): every threat flying then, in
    /// index order, and every interceptor still in flight, in launch order.
    fn step(&mut self, t: f64, threats: &[ThreatState], interceptors: &[InterceptorState<'_>]);

    /// Interceptors that stopped flying during the step just ended (detonated, missed,
    /// self-destructed), each at its last time and position. Called every step in which
    /// any ended, whatever the sample interval. The default ignores them.
    fn interceptors_ended(&mut self, ended: &[InterceptorState<'_>]) {
        let _ = ended;
    }
}
