//! Interceptors that fly: 3-DOF flyout, guidance, fuzing and kill assessment, and the
//! engagement envelopes the battle manager plans with.
//!
//! * [`dynamics`]: point mass over the WGS-84 Earth — boost/sustain thrust with mass flow,
//!   Mach-dependent drag in the US-1976 atmosphere, inverse-square gravity, lift-limited
//!   lateral acceleration with induced drag, optional Earth rotation; fixed-step RK4.
//! * [`aero`]: the drag curve and lift limits.
//! * [`airframes`]: the parameter table of the catalogue missiles (tagged \[C\]/\[P\]) and
//!   [`Airframe`].
//! * [`guidance`]: midcourse to the predicted intercept point on uplinked track data,
//!   terminal PN/APN on a noisy seeker; active, semi-active and track-via-missile homing.
//! * [`fuze`]: closest approach solved within each step, damage functions, kill draw.
//! * [`flight`]: one flight, advanced over the caller's steps.
//! * [`envelope`]: flyout tables (range × altitude → time of flight, terminal speed, …),
//!   the intercept criterion, [`envelope::EnvelopeTable::can_intercept`], plot data.
//! * [`calibrate`]: the reproducible fit of [`airframes::CATALOGUE`] to the catalogue's
//!   ranges and ceilings.
//! * [`planar`]: the 2-D textbook PN engagement checked against Zarchan's reference case.
//! * [`plot`]: SVG/PNG envelope plots.
//!
//! # For the engine and the CLI
//!
//! * Per missile type, once: `Arc::new(Airframe::for_missile(&missile)?)`
//!   ([`Airframe::for_missile`]; [`UnknownAirframe`] for a type not in
//!   [`airframes::CATALOGUE`]).
//! * Launch: [`FlyoutInterceptor::launch`]`(id, battalion, missile, airframe, &launcher,
//!   time, &track, settings)` with `settings = FlightSettings { uplink_period:
//!   engagement_radar.scan_period, ..Default::default() }`.
//! * Each engine step: [`FlyoutInterceptor::fly`]`(t0, t1, track, &threats, &mut
//!   seeker_rng, &mut kill_rng) -> FlightOutcome` — the same shape as
//!   [`crate::engage::LeadCollisionInterceptor::fly`], with the same
//!   [`crate::engage::ThreatMotionOverStep`] and [`crate::engage::FlightOutcome`].
//! * Planning: [`envelope::can_intercept`]`(&missile, &launcher, &target_position,
//!   &target_velocity) -> Result<Option<Intercept>, UnknownAirframe>` (table built and
//!   cached on first use, [`envelope::cached`]); [`EnvelopeTable::earliest_launch`] when
//!   "not now" may mean "later" (ballistic targets still too high).
//! * `iadsim envelope`: `let t = envelope::cached(&missile)?;` then
//!   [`EnvelopeTable::write_csv`], and [`plot::svg`]/[`plot::write_png`] of
//!   [`EnvelopeTable::plot_data`].
//!
//! Frames and units: positions ECEF (WGS-84), m; velocities ECEF axes, m/s; times s from
//! scenario start; angles rad. Earth rotation is off by default (ECEF treated as inertial,
//! as the threat truth is); see [`dynamics`] for the size of what that neglects.

pub mod aero;
pub mod airframes;
pub mod calibrate;
pub mod dynamics;
pub mod envelope;
pub mod flight;
pub mod fuze;
pub mod guidance;
pub mod planar;
pub mod plot;

use std::sync::Arc;

use iadsim_core::Ecef;
use rand_chacha::ChaCha8Rng;

pub use airframes::{Airframe, AirframeSpec, UnknownAirframe};
pub use envelope::{Criteria, EnvelopeTable, Intercept};
pub use flight::{Flight, FlightEvent, FlightSettings, Phase};
pub use fuze::DamageFunction;
pub use guidance::{GuidanceLaw, Homing, TargetEstimate};

use crate::engage::{FlightOutcome, ThreatMotionOverStep};

/// Integration step of in-engine flyouts (and of the planning tables) before seeker
/// lock-on, s. From the convergence study (`examples/flyout_step_study.rs`, table in
/// docs/validation.md): time of flight within 0.3 % of the 0.01 s reference, miss
/// distance unchanged (the terminal phase keeps the 0.01 s seeker period).
pub const ENGINE_MIDCOURSE_STEP: f64 = 0.1;
use crate::setup::Missile;
use crate::tracking::Track;

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

    /// Flies over the engine step [`t0`, `t1`]: uplinks from `track` (`None` when the
    /// engagement radar has lost it: no uplink, no illumination), seeker and fuze against
    /// `threats`. `seeker_rng` draws seeker noise; `kill_rng` the one kill draw at
    /// detonation.
    pub fn fly(
        &mut self,
        t0: f64,
        t1: f64,
        track: Option<&Track>,
        threats: &[ThreatMotionOverStep],
        seeker_rng: &mut ChaCha8Rng,
        kill_rng: &mut ChaCha8Rng,
    ) -> FlightOutcome {
        let radar = track.map(TargetEstimate::from_track);
        match self
            .flight
            .advance(t0, t1, radar, threats, Some(seeker_rng))
        {
            FlightEvent::Flying => FlightOutcome::Flying,
            FlightEvent::Fuzed {
                time, threat, miss, ..
            } => {
                let af = &self.flight.airframe;
                let killed = self.flight.settings.damage.draw(
                    miss,
                    af.single_shot_pk,
                    af.lethal_radius,
                    kill_rng,
                );
                FlightOutcome::Detonated {
                    time,
                    threat,
                    miss,
                    killed,
                }
            }
            FlightEvent::Ended { time, reason } => FlightOutcome::Lost { time, reason },
        }
    }
}
