//! [`FlyoutInterceptor`]: a flyout missile as the engine holds it.

use std::sync::Arc;

use iadsim_core::Ecef;
use rand_chacha::ChaCha8Rng;

use super::airframes::Airframe;
use super::flight::{Flight, FlightEvent};
use super::guidance::TargetEstimate;
use super::settings::FlightSettings;
use crate::engage::outcome::FlightOutcome;
use crate::truth::motion::ThreatMotionOverStep;

use crate::track::tracker::Track;
use iadsim_setup::Missile;

/// A missile in flight, as the engine sees it: the drop-in successor of
/// [`crate::engage::LeadCollisionInterceptor`].
#[derive(Debug, Clone)]
pub struct FlyoutInterceptor {
    /// Interceptor index (launch order).
    pub id: usize,
    /// Battalion that launched and guides it.
    pub battalion: usize,
    /// Track it was sent against.
    pub track: u64,
    /// Its type (scenario figures).
    pub missile: Missile,
    /// The flight.
    pub flight: Flight,
}

impl FlyoutInterceptor {
    /// A missile of `airframe` leaving `launcher` at `time` against `track`.
    /// `settings.uplink_period` should be the engagement radar's update period.
    #[allow(clippy::too_many_arguments)]
    pub fn launch(
        id: usize,
        battalion: usize,
        missile: Missile,
        airframe: Arc<Airframe>,
        launcher: &Ecef,
        time: f64,
        track: &Track,
        settings: FlightSettings,
    ) -> Self {
        let flight = Flight::launch(
            airframe,
            settings,
            &launcher.0,
            time,
            TargetEstimate::from_track(track),
        );
        Self {
            id,
            battalion,
            track: track.id,
            missile,
            flight,
        }
    }

    /// Launch time, s.
    pub fn launch_time(&self) -> f64 {
        self.flight.launch_time
    }

    /// Time of the state [`Self::position`] gives, s.
    pub fn time(&self) -> f64 {
        self.flight.time
    }

    /// Position now, ECEF, m.
    pub fn position(&self) -> Ecef {
        Ecef(self.flight.state.position)
    }

    /// Velocity now, ECEF axes, m/s.
    pub fn velocity(&self) -> Ecef {
        Ecef(self.flight.state.velocity)
    }

    /// Kill probability of a detonation within the lethal radius (the airframe's).
    pub fn single_shot_pk(&self) -> f64 {
        self.flight.airframe.single_shot_pk
    }

    /// Lethal radius of the warhead, m (the airframe's).
    pub fn lethal_radius(&self) -> f64 {
        self.flight.airframe.lethal_radius
    }

    /// Flies over the engine step [`t0`, `t1`]: uplinks from `track` (`None` when the
    /// engagement radar has lost it: no uplink, no illumination), seeker and fuze against
    /// `threats`. `seeker_rng` draws seeker noise. A detonation is reported with its miss
    /// distance; whether it kills is assessed by the caller
    /// ([`crate::assess::damage`], with [`FlyoutInterceptor::single_shot_pk`] and
    /// [`FlyoutInterceptor::lethal_radius`]).
    pub fn fly(
        &mut self,
        t0: f64,
        t1: f64,
        track: Option<&Track>,
        threats: &[ThreatMotionOverStep],
        seeker_rng: &mut ChaCha8Rng,
    ) -> FlightOutcome {
        let radar = track.map(TargetEstimate::from_track);
        match self
            .flight
            .advance(t0, t1, radar, threats, Some(seeker_rng))
        {
            FlightEvent::Flying => FlightOutcome::Flying,
            FlightEvent::Fuzed {
                time, threat, miss, ..
            } => FlightOutcome::Detonated { time, threat, miss },
            FlightEvent::Ended { time, reason } => FlightOutcome::Lost { time, reason },
        }
    }
}
