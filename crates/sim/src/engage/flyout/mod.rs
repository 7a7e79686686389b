//! The 3-DOF flyout interceptor: airframe, flight, guidance, seeker and fuze, and the
//! engagement envelopes the battle manager plans with.
//!
//! * [`dynamics`]: point mass over the WGS-84 Earth — boost/sustain thrust with mass flow,
//!   Mach-dependent drag in the US-1976 atmosphere, inverse-square gravity, lift-limited
//!   lateral acceleration with induced drag, optional Earth rotation; fixed-step RK4.
//! * [`aero`]: the drag curve and lift limits.
//! * [`airframes`]: the parameter table of the catalogue missiles (tagged \[C\]/\[P\]) and
//!   [`Airframe`]; [`homing`]: the homing types and terminal laws.
//! * [`guidance`]: midcourse to the predicted intercept point on uplinked track data,
//!   terminal PN/APN on the seeker's measurements — never the target itself.
//! * [`seeker`]: the one part that observes the real target: acquisition, noise, glint.
//! * [`fuze`]: closest approach solved within each step (the damage it does is
//!   [`crate::assess::damage`]'s).
//! * [`flight`]: one flight, advanced over the caller's steps; [`interceptor`]: the
//!   engine's [`FlyoutInterceptor`]; [`settings`]: its steps and system choices.
//! * [`envelope`]: the intercept criterion and flyout tables (range × altitude → time of
//!   flight, terminal speed, …), [`envelope::EnvelopeTable::can_intercept`];
//!   [`planning_tables`]: [`PlanningTables`], what a planner is handed; [`tables`]: flying
//!   or loading them once per process; [`table_file`]: a table as a CSV file; [`reference`]: the reference flyouts they are
//!   flown with; [`geometry`]: the reference site and ground ranges; [`zones`]: the
//!   engagement zones for plots.
//! * [`calibrate`]: the reproducible fit of [`airframes::CATALOGUE`] to the catalogue's
//!   ranges and ceilings (`examples/flyout_refit.rs` reruns it).
//! * [`planar`]: the 2-D textbook PN engagement checked against Zarchan's reference case.
//!
//! # For the engine and the CLI
//!
//! * Per missile type, once: `Arc::new(Airframe::for_missile(&missile)?)`
//!   ([`Airframe::for_missile`]; [`UnknownAirframe`] for a type not in
//!   [`airframes::CATALOGUE`]).
//! * Launch: [`FlyoutInterceptor::launch`]`(id, battalion, missile, airframe, &launcher,
//!   time, &track, settings)` with `settings = FlightSettings { uplink_period:
//!   engagement_radar.scan_period, ..settings::planning_settings() }`.
//! * Each engine step: [`FlyoutInterceptor::fly`]`(t0, t1, track, &threats, &mut
//!   seeker_rng) -> FlightOutcome` — the same shape as
//!   [`crate::engage::LeadCollisionInterceptor::fly`], with the same
//!   [`crate::truth::ThreatMotionOverStep`] and [`crate::engage::FlightOutcome`].
//! * Planning: [`tables::planning_tables`] once per setup (the engine's `PreparedSetup`
//!   holds them), then [`PlanningTables::get`] and [`EnvelopeTable::can_intercept`];
//!   [`EnvelopeTable::earliest_launch`] when "not now" may mean "later" (ballistic
//!   targets still too high).
//! * `iadsim envelope`: [`tables::build_for`], then [`EnvelopeTable::write_csv`] and the
//!   plots of [`EnvelopeTable::plot_data`] (drawn by `iadsim-io`).
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
pub mod geometry;
pub mod guidance;
pub mod homing;
pub mod interceptor;
pub mod planar;
pub mod planning_tables;
pub mod reference;
pub mod seeker;
pub mod settings;
pub mod table_file;
pub mod tables;
pub mod zones;

pub use airframes::{Airframe, AirframeSpec, UnknownAirframe};
pub use envelope::{Criteria, EnvelopeTable, Intercept};
pub use flight::{Flight, FlightEvent, Phase};
pub use guidance::TargetEstimate;
pub use homing::{GuidanceLaw, Homing};
pub use interceptor::FlyoutInterceptor;
pub use planning_tables::PlanningTables;
pub use settings::{FlightSettings, planning_settings};
