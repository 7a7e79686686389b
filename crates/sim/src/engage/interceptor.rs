//! An interceptor in flight under either engage model.

use iadsim_core::Ecef;
use iadsim_setup::Missile;
use rand_chacha::ChaCha8Rng;

use super::flyout::interceptor::FlyoutInterceptor;
use super::lead_collision::LeadCollisionInterceptor;
use super::outcome::FlightOutcome;
use crate::track::tracker::Track;
use crate::truth::motion::ThreatMotionOverStep;

/// An interceptor in flight under either engage model: the engine holds these.
#[derive(Debug, Clone)]
pub enum Interceptor {
    /// The first model ([`LeadCollisionInterceptor`]).
    LeadCollision(Box<LeadCollisionInterceptor>),
    /// The 3-DOF flyout ([`FlyoutInterceptor`]).
    Flyout(Box<FlyoutInterceptor>),
}

impl Interceptor {
    /// Battalion that launched and guides it.
    pub fn battalion(&self) -> usize {
        match self {
            Self::LeadCollision(m) => m.battalion,
            Self::Flyout(m) => m.battalion,
        }
    }

    /// Track it was sent against.
    pub fn track(&self) -> u64 {
        match self {
            Self::LeadCollision(m) => m.track,
            Self::Flyout(m) => m.track,
        }
    }

    /// Its type (scenario figures).
    pub fn missile(&self) -> &Missile {
        match self {
            Self::LeadCollision(m) => &m.missile,
            Self::Flyout(m) => &m.missile,
        }
    }

    /// Time of the state [`Self::position`] gives, s.
    pub fn time(&self) -> f64 {
        match self {
            Self::LeadCollision(m) => m.time,
            Self::Flyout(m) => m.time(),
        }
    }

    /// Position now, ECEF, m.
    pub fn position(&self) -> Ecef {
        match self {
            Self::LeadCollision(m) => Ecef(m.position),
            Self::Flyout(m) => m.position(),
        }
    }

    /// Velocity now, ECEF axes, m/s.
    pub fn velocity(&self) -> Ecef {
        match self {
            Self::LeadCollision(m) => Ecef(m.velocity),
            Self::Flyout(m) => m.velocity(),
        }
    }

    /// Flies over the engine step [`t0`, `t1`] (see [`LeadCollisionInterceptor::fly`] and
    /// [`FlyoutInterceptor::fly`]).
    pub fn fly(
        &mut self,
        t0: f64,
        t1: f64,
        track: Option<&Track>,
        threats: &[ThreatMotionOverStep],
        seeker_rng: &mut ChaCha8Rng,
    ) -> FlightOutcome {
        match self {
            Self::LeadCollision(m) => m.fly(t0, t1, track, threats, seeker_rng),
            Self::Flyout(m) => m.fly(t0, t1, track, threats, seeker_rng),
        }
    }

    /// Kill probability of a detonation within the lethal radius.
    pub fn single_shot_pk(&self) -> f64 {
        match self {
            Self::LeadCollision(m) => m.missile.single_shot_pk,
            Self::Flyout(m) => m.single_shot_pk(),
        }
    }

    /// Lethal radius of the warhead, m.
    pub fn lethal_radius(&self) -> f64 {
        match self {
            Self::LeadCollision(m) => m.missile.lethal_radius,
            Self::Flyout(m) => m.lethal_radius(),
        }
    }
}
