//! Reference flyouts: one missile flown against a target whose true motion is given (a
//! constant-velocity point, or a threat's trajectory), with a perfect track uplinked and
//! a noise-free seeker, and the intercept criterion applied to the result
//! ([`super::envelope`] describes the criterion). The planning tables, the calibration
//! and the validation tests are built on these.

use std::sync::Arc;

use nalgebra::Vector3;

use super::airframes::Airframe;
use super::dynamics::{self, MissileState};
use super::envelope::Criteria;
use super::flight::{Flight, FlightEvent, FlightStats, TraceSample};
use super::geometry::{REFERENCE_AIRCRAFT_SPEED, ground_range, point_at, reference_site};
use super::guidance::TargetEstimate;
use super::settings::FlightSettings;
use crate::truth::motion::ThreatMotionOverStep;
use crate::truth::trajectory::Trajectory;

/// A target's true motion for a reference flyout: position and velocity (ECEF) at time t,
/// `None` once it no longer exists.
pub trait TargetMotion {
    /// State at `t`, s.
    fn state(&self, t: f64) -> Option<(Vector3<f64>, Vector3<f64>)>;
}

/// Straight-line motion at constant velocity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantVelocity {
    /// Position at `time`, ECEF, m.
    pub position: Vector3<f64>,
    /// Velocity, ECEF axes, m/s.
    pub velocity: Vector3<f64>,
    /// Reference time, s.
    pub time: f64,
}

impl TargetMotion for ConstantVelocity {
    fn state(&self, t: f64) -> Option<(Vector3<f64>, Vector3<f64>)> {
        Some((
            self.position + self.velocity * (t - self.time),
            self.velocity,
        ))
    }
}

impl TargetMotion for Trajectory {
    fn state(&self, t: f64) -> Option<(Vector3<f64>, Vector3<f64>)> {
        self.state_at(t).map(|s| (s.position.0, s.velocity.0))
    }
}

/// The missile's state at a (successful or not) fuzing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterceptState {
    /// Time of flight, s.
    pub time_of_flight: f64,
    /// Miss distance, m.
    pub miss: f64,
    /// Missile speed, m/s.
    pub speed: f64,
    /// Relative speed of target and missile, m/s.
    pub closing_speed: f64,
    /// Lateral acceleration available there, m/s².
    pub max_lateral: f64,
    /// Height, m.
    pub height: f64,
    /// Flight-path angle above the local horizontal, rad.
    pub flight_path_angle: f64,
    /// Missile state.
    pub state: MissileState,
}

/// A reference flyout's result.
#[derive(Debug, Clone)]
pub struct FlyoutResult {
    /// How it ended.
    pub event: FlightEvent,
    /// Flight statistics.
    pub stats: FlightStats,
    /// The state at fuzing, if the fuze fired.
    pub intercept: Option<InterceptState>,
    /// Recorded trajectory, if asked for.
    pub trace: Option<Vec<TraceSample>>,
}

/// Why a flyout does not count as an intercept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Failure {
    /// The fuze never fired.
    NoIntercept(&'static str),
    /// It fired too far from the target, m.
    Miss(f64),
    /// Not enough lateral acceleration at the intercept point (available, required), m/s².
    Manoeuvre(f64, f64),
}

/// Flies `airframe` from `launcher` (ECEF, m) at `launch_time` against `target`: a perfect
/// track uplinked every `settings.uplink_period`, the engine-like step `chunk` (s) for the
/// target's straight segments, a noise-free seeker.
pub fn fly_against(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    launcher: &Vector3<f64>,
    launch_time: f64,
    target: &dyn TargetMotion,
    chunk: f64,
    record: bool,
) -> FlyoutResult {
    let estimate = |t: f64| {
        target.state(t).map(|(p, v)| TargetEstimate {
            position: p,
            velocity: v,
            time: t,
        })
    };
    let first = estimate(launch_time).expect("target exists at launch");
    let mut flight = Flight::launch(
        Arc::clone(airframe),
        *settings,
        launcher,
        launch_time,
        first,
    );
    if record {
        flight.record();
    }
    let end = launch_time + airframe.max_flight_time + 2.0 * chunk;
    let mut t0 = launch_time;
    let event = loop {
        let t1 = t0 + chunk;
        let (Some(a), Some(b)) = (target.state(t0), target.state(t1)) else {
            break FlightEvent::Ended {
                time: t0,
                reason: "reference target ended",
            };
        };
        let motion = [ThreatMotionOverStep {
            index: 0,
            position: [a.0, b.0],
            glint: 0.0,
        }];
        let radar = estimate(t0);
        let ev = flight.advance(t0, t1, radar, &motion, None);
        if !matches!(ev, FlightEvent::Flying) {
            break ev;
        }
        t0 = t1;
        if t0 > end {
            break FlightEvent::Ended {
                time: t0,
                reason: "self-destruct: maximum flight time",
            };
        }
    };
    let intercept = intercept_state(airframe, settings, launch_time, &event);
    FlyoutResult {
        event,
        stats: flight.stats,
        intercept,
        trace: flight.trace.take(),
    }
}

/// The missile's state at the fuzing `event` of a flight launched at `launch_time` s, if
/// the fuze fired.
fn intercept_state(
    airframe: &Airframe,
    settings: &FlightSettings,
    launch_time: f64,
    event: &FlightEvent,
) -> Option<InterceptState> {
    let FlightEvent::Fuzed {
        time,
        miss,
        state,
        target_velocity,
        ..
    } = *event
    else {
        return None;
    };
    let c = dynamics::conditions(airframe, &settings.physics, &state);
    let up = state.position.normalize();
    Some(InterceptState {
        time_of_flight: time - launch_time,
        miss,
        speed: c.speed,
        closing_speed: (target_velocity - state.velocity).norm(),
        max_lateral: c.max_lateral,
        height: c.height,
        flight_path_angle: (state.velocity.dot(&up) / c.speed).clamp(-1.0, 1.0).asin(),
        state,
    })
}

/// Applies the intercept criterion to a flyout: the intercept state if it counts.
pub fn assess<'a>(
    airframe: &Airframe,
    criteria: &Criteria,
    result: &'a FlyoutResult,
) -> Result<&'a InterceptState, Failure> {
    let Some(i) = result.intercept.as_ref() else {
        return Err(match result.event {
            FlightEvent::Ended { reason, .. } => Failure::NoIntercept(reason),
            _ => Failure::NoIntercept("no fuzing"),
        });
    };
    if i.miss > airframe.lethal_radius {
        return Err(Failure::Miss(i.miss));
    }
    let need = criteria.required_accel(airframe, i.closing_speed);
    if i.max_lateral < need {
        return Err(Failure::Manoeuvre(i.max_lateral, need));
    }
    Ok(i)
}

/// Reference flyout against the reference aircraft so that the intercept happens near
/// ground range `range` and height `height` from [`reference_site`] (due north).
pub fn fly_reference_aircraft(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    range: f64,
    height: f64,
) -> FlyoutResult {
    let site = reference_site();
    let launcher = site.to_ecef().0;
    let p = point_at(&site, 0.0, range, height);
    let tau = super::guidance::time_to_fly(
        airframe,
        0.0,
        airframe.spec.launch_speed,
        (p - launcher).norm() * 1.05,
    );
    let start = point_at(&site, 0.0, range + REFERENCE_AIRCRAFT_SPEED * tau, height);
    let dir = (p - start).normalize();
    let target = ConstantVelocity {
        position: start,
        velocity: dir * REFERENCE_AIRCRAFT_SPEED,
        time: 0.0,
    };
    fly_against(airframe, settings, &launcher, 0.0, &target, 0.5, false)
}

/// Whether the reference aircraft flyout aimed at (`range`, `height`) intercepts, and the
/// intercept's ground range.
pub fn reference_aircraft_intercept(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    criteria: &Criteria,
    range: f64,
    height: f64,
) -> Option<f64> {
    let r = fly_reference_aircraft(airframe, settings, range, height);
    let i = assess(airframe, criteria, &r).ok()?;
    let site = reference_site();
    Some(ground_range(&site, &site.to_ecef().0, &i.state.position))
}
