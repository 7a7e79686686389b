//! The settings of a flight ([`FlightSettings`]): steps, uplink period, acquisition
//! basket, fuze range, launch turnover — numerical and system choices, not the airframe;
//! and the engine's ([`planning_settings`]), which the planning tables are flown with too.

use super::dynamics::Physics;
use super::homing;

/// Tunable settings of a flight (numerical and system, not airframe).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlightSettings {
    /// Physics switches.
    pub physics: Physics,
    /// Integration (and midcourse command) step before lock-on, s.
    pub midcourse_step: f64,
    /// Integration step after lock-on, s (the seeker period).
    pub terminal_step: f64,
    /// Seeker sample and integration step after lock-on while the time to go (range over
    /// closing speed) exceeds [`FlightSettings::fine_homing_time`], s. Equal to
    /// `terminal_step` by default (off); the engine uses [`COARSE_HOMING_STEP`].
    pub coarse_homing_step: f64,
    /// Time to go below which homing samples and integrates at `terminal_step`, s.
    pub fine_homing_time: f64,
    /// Period of midcourse uplinks (the engagement radar's update rate), s.
    pub uplink_period: f64,
    /// Radius around the predicted target inside which the seeker accepts an object, m.
    pub acquisition_basket: f64,
    /// Fuze range, m; `None`: three lethal radii.
    pub fuze_range: Option<f64>,
    /// Gas-dynamic turnover at launch for short shots (predicted intercept point within
    /// [`TURNOVER_RANGE_IN_SEEKER_RANGES`] seeker ranges): the cold-launched missile leaves
    /// the launcher already pointing along the powered-climb direction towards the
    /// predicted intercept point ([`super::guidance::climb_direction`]), the turnover taken as
    /// instantaneous, instead of vertically — fully up to
    /// [`FULL_TURNOVER_RANGE_IN_SEEKER_RANGES`] seeker ranges, part of the way beyond
    /// ([`turnover_share`]). Off by default (calibration: vertical launch);
    /// on in the engine and its planning tables.
    pub turnover: bool,
}

impl Default for FlightSettings {
    fn default() -> Self {
        Self {
            physics: Physics::default(),
            midcourse_step: 0.05,
            terminal_step: homing::SEEKER_PERIOD,
            coarse_homing_step: homing::SEEKER_PERIOD,
            fine_homing_time: FINE_HOMING_TIME,
            uplink_period: 1.0,
            acquisition_basket: 5_000.0,
            fuze_range: None,
            turnover: false,
        }
    }
}

/// Integration step of in-engine flyouts (and of the planning tables) before seeker
/// lock-on, s. From the convergence study (`examples/flyout_step_study.rs`, table in
/// docs/validation.md): time of flight within 0.3 % of the 0.01 s reference, miss
/// distance unchanged (the terminal phase keeps the 0.01 s seeker period).
pub const ENGINE_MIDCOURSE_STEP: f64 = 0.1;

/// The flyout settings of the engine and of the planning tables: the engine's midcourse
/// step ([`ENGINE_MIDCOURSE_STEP`]), the coarse homing step far from the end game
/// ([`COARSE_HOMING_STEP`]) and gas-dynamic turnover at launch.
pub fn planning_settings() -> FlightSettings {
    FlightSettings {
        midcourse_step: ENGINE_MIDCOURSE_STEP,
        coarse_homing_step: COARSE_HOMING_STEP,
        turnover: true,
        ..FlightSettings::default()
    }
}

/// Homing step of the engine while the time to go exceeds [`FINE_HOMING_TIME`], s: the
/// seeker filter (τ_f = 0.2 s) and autopilot (0.15–0.2 s) smooth over several samples, and
/// the miss is made in the last few guidance time constants, flown at the 0.01 s seeker
/// period (step study in docs/validation.md).
pub const COARSE_HOMING_STEP: f64 = 0.05;
/// Time to go (s) below which homing runs at the seeker period: ten guidance time
/// constants (seeker filter plus autopilot, ≈ 0.4 s) and more.
pub const FINE_HOMING_TIME: f64 = 4.0;

/// Gas-dynamic turnover ([`FlightSettings::turnover`]) applies when the predicted intercept
/// point is nearer (horizontally) than this many seeker acquisition ranges \[P\].
pub const TURNOVER_RANGE_IN_SEEKER_RANGES: f64 = 2.0;
/// Predicted intercept points nearer (horizontally) than this many seeker acquisition
/// ranges get the full turnover onto the powered-climb direction \[P\]; between this and
/// [`TURNOVER_RANGE_IN_SEEKER_RANGES`] the launch direction is turned part of the way
/// ([`turnover_share`]).
pub const FULL_TURNOVER_RANGE_IN_SEEKER_RANGES: f64 = 1.0;

/// Share (0–1) of the turnover from the vertical onto the powered-climb direction for a
/// predicted intercept point `horizontal` m away with seeker range `seeker_range` m: 1 up
/// to [`FULL_TURNOVER_RANGE_IN_SEEKER_RANGES`] seeker ranges, falling linearly to 0 at
/// [`TURNOVER_RANGE_IN_SEEKER_RANGES`]. The launch direction is interpolated by angle
/// (slerp) between the vertical and the climb direction, so the flyout — and with it the
/// planning tables — varies continuously with range instead of switching between two
/// launch modes.
pub fn turnover_share(horizontal: f64, seeker_range: f64) -> f64 {
    let full = FULL_TURNOVER_RANGE_IN_SEEKER_RANGES * seeker_range;
    let none = TURNOVER_RANGE_IN_SEEKER_RANGES * seeker_range;
    ((none - horizontal) / (none - full)).clamp(0.0, 1.0)
}
