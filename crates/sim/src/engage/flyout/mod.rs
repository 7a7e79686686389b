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
//! * [`fuze`]: closest approach solved within each step (the damage it does is
//!   [`crate::assess::damage`]'s).
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
//!   seeker_rng) -> FlightOutcome` — the same shape as
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
pub mod homing;
pub mod interceptor;
pub mod planar;
pub mod plot;
pub mod seeker;

pub use airframes::{Airframe, AirframeSpec, UnknownAirframe};
pub use envelope::{Criteria, EnvelopeTable, Intercept};
pub use flight::{Flight, FlightEvent, FlightSettings, Phase};
pub use guidance::TargetEstimate;
pub use homing::{GuidanceLaw, Homing};
pub use interceptor::FlyoutInterceptor;
