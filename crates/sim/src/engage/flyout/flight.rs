//! One interceptor's flight: guidance, integration and fuze, advanced over the caller's
//! time steps. The engine wrapper ([`super::FlyoutInterceptor`]) and the envelope
//! generator ([`super::envelope`]) both drive this.
//!
//! Each call to [`Flight::advance`] covers [`Flight::time`, t1] in internal steps: the
//! midcourse step (0.05 s by default) until the seeker locks on, the seeker period
//! (0.01 s) after — or, with [`FlightSettings::coarse_homing_step`] set (the engine), that
//! coarser step while the time to go exceeds [`FlightSettings::fine_homing_time`]; steps
//! are cut at motor burn-out so thrust is constant within each. The guidance command is
//! recomputed at the start of a step when due (every midcourse step, every seeker sample,
//! or every TVM period) and held over the step.

use std::sync::Arc;

use nalgebra::Vector3;
use rand_chacha::ChaCha8Rng;

use super::airframes::Airframe;
use super::dynamics::{self, MissileState, StepInputs};
use super::fuze;
use super::guidance::{self, SeekerFilter, TargetEstimate};
use super::seeker;
use super::settings::{FlightSettings, turnover_share};
use crate::truth::motion::ThreatMotionOverStep;

/// End reason of a missile whose own seeker has lost its target: the object it locked is
/// no longer there (it landed, arrived, or broke up) and the seeker finds nothing else in
/// its basket around where it was going; it destroys itself rather than fly on unguided.
/// A target killed by a salvo mate is not lost: its debris is there to home on.
pub const SELF_DESTRUCT_SEEKER_LOST: &str = "self-destruct: seeker lost the target";

/// What the seeker sees of an object: its position (ECEF, m) and velocity (ECEF axes,
/// m/s).
type Seen = (Vector3<f64>, Vector3<f64>);

/// Guidance phase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// Steering on uplinked track data towards the predicted intercept point.
    Midcourse,
    /// Homing on the seeker, locked on threat `target`.
    Homing {
        /// Threat index.
        target: usize,
    },
    /// No guidance any more (seeker lost its target); flies on, fuze armed.
    Coasting {
        /// The threat last locked, if any.
        target: Option<usize>,
        /// Why guidance stopped.
        reason: &'static str,
    },
}

/// What happened in one [`Flight::advance`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FlightEvent {
    /// Still flying at the end of the interval.
    Flying,
    /// The fuze fired.
    Fuzed {
        /// Detonation time, s.
        time: f64,
        /// Threat index.
        threat: usize,
        /// Closest-approach distance, m.
        miss: f64,
        /// Missile state at detonation (position and velocity from the step's cubic).
        state: MissileState,
        /// Target velocity then, ECEF axes, m/s.
        target_velocity: Vector3<f64>,
    },
    /// The flight ended without detonation.
    Ended {
        /// Time, s.
        time: f64,
        /// Why.
        reason: &'static str,
    },
}

/// A sample of the flown trajectory (for plots and tests).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceSample {
    /// Time, s.
    pub time: f64,
    /// State at that time.
    pub state: MissileState,
    /// Command held over the following step, m/s².
    pub command: Vector3<f64>,
    /// Lateral acceleration available then, m/s².
    pub max_lateral: f64,
}

/// Statistics gathered over the flight.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FlightStats {
    /// Largest commanded lateral acceleration, m/s².
    pub peak_command: f64,
    /// Greatest height reached, m.
    pub max_height: f64,
    /// Time of seeker lock-on, s, if any.
    pub lock_time: Option<f64>,
}

/// An interceptor in flight.
#[derive(Debug, Clone)]
pub struct Flight {
    /// The airframe.
    pub airframe: Arc<Airframe>,
    /// Settings.
    pub settings: FlightSettings,
    /// Launch time, s.
    pub launch_time: f64,
    /// Time of `state`, s.
    pub time: f64,
    /// Current state.
    pub state: MissileState,
    /// Guidance phase.
    pub phase: Phase,
    /// The latest target estimate received by uplink.
    pub uplink: TargetEstimate,
    /// Statistics so far.
    pub stats: FlightStats,
    /// Trajectory samples, when recording (see [`Flight::record`]).
    pub trace: Option<Vec<TraceSample>>,
    next_uplink: f64,
    next_command: f64,
    command: Vector3<f64>,
    filter: Option<SeekerFilter>,
    last_measurement: f64,
    /// Whether the range to the uplinked target estimate has been closing at some
    /// midcourse command.
    closing: bool,
    /// Whether the range to the locked target has been closing over some homing step: a
    /// missile that locks on at launch (a short shot) may first open the range while it
    /// climbs out of the launcher and turns, which is not a pass.
    homing_closed: bool,
    /// Seeker noise state (glint).
    noise: seeker::SeekerNoise,
    /// Integration step while homing (fine or coarse, set at each command).
    homing_step: f64,
}

impl Flight {
    /// A missile leaving `launcher` (ECEF, m) at `time` against the target `estimate`
    /// (the track at the launch decision). Vertical launch for the catalogue airframes;
    /// for a launch elevation below 90° it points at the estimate's azimuth.
    pub fn launch(
        airframe: Arc<Airframe>,
        settings: FlightSettings,
        launcher: &Vector3<f64>,
        time: f64,
        estimate: TargetEstimate,
    ) -> Self {
        let geo = iadsim_core::Ecef(*launcher).to_geodetic();
        let frame = iadsim_core::LocalFrame::new(geo);
        let el = airframe.spec.launch_elevation;
        let (target, _) = estimate.predict(time);
        let enu = frame.position_to_enu(&iadsim_core::Ecef(target)).0;
        let horiz = Vector3::new(enu.x, enu.y, 0.0);
        let horiz = if horiz.norm() > 0.0 {
            horiz.normalize()
        } else {
            Vector3::new(0.0, 1.0, 0.0)
        };
        let dir_enu = horiz * el.cos() + Vector3::new(0.0, 0.0, el.sin());
        let dir = frame.vector_to_ecef(&iadsim_core::Enu(dir_enu)).0;
        let mut state = MissileState {
            position: *launcher,
            velocity: dir * airframe.spec.launch_speed,
            mass: airframe.launch_mass,
            lateral: Vector3::zeros(),
        };
        if settings.turnover {
            let (_, vt) = estimate.predict(time);
            let (pip, _) = guidance::predicted_intercept(&airframe, &state, 0.0, &target, &vt);
            let d = pip - launcher;
            let up = launcher.normalize();
            let horizontal = (d - up * d.dot(&up)).norm();
            // Full turnover for short shots, none for long ones (they climb vertically and
            // pitch over in the boost, as the calibration flew them), and in between a
            // launch direction turned part of the way: a hard switch left the shots just
            // inside it flying flat through dense air and falling short of points the
            // vertical launch reaches.
            let share = turnover_share(horizontal, airframe.spec.seeker_range);
            if share > 0.0 {
                let loft = guidance::loft_against(&airframe, &vt);
                let climb = guidance::climb_direction(&airframe, &state, &pip, loft);
                let launch = dir;
                let angle = launch.dot(&climb).clamp(-1.0, 1.0).acos();
                let turned = if angle > 1e-9 {
                    (launch * ((1.0 - share) * angle).sin() + climb * (share * angle).sin())
                        / angle.sin()
                } else {
                    climb
                };
                state.velocity = turned.normalize() * airframe.spec.launch_speed;
            }
        }
        Self {
            settings,
            launch_time: time,
            time,
            state,
            phase: Phase::Midcourse,
            uplink: estimate,
            stats: FlightStats {
                max_height: dynamics::height(launcher),
                ..FlightStats::default()
            },
            trace: None,
            next_uplink: time + settings.uplink_period,
            next_command: time,
            command: Vector3::zeros(),
            filter: None,
            last_measurement: time,
            closing: false,
            homing_closed: false,
            noise: seeker::SeekerNoise::default(),
            homing_step: settings.terminal_step,
            airframe,
        }
    }

    /// Starts recording every integration step into [`Flight::trace`].
    pub fn record(&mut self) {
        self.trace = Some(Vec::new());
    }

    /// The fuze range in use, m.
    pub fn fuze_range(&self) -> f64 {
        self.settings
            .fuze_range
            .unwrap_or(3.0 * self.airframe.lethal_radius)
    }

    /// Time since launch, s.
    pub fn flight_time(&self) -> f64 {
        self.time - self.launch_time
    }

    /// Air data and available lateral acceleration now.
    pub fn conditions(&self) -> dynamics::Conditions {
        dynamics::conditions(&self.airframe, &self.settings.physics, &self.state)
    }

    /// The current guidance command, m/s².
    pub fn command(&self) -> Vector3<f64> {
        self.command
    }

    /// Recomputes the guidance command at [`Flight::time`]: midcourse on the uplinked
    /// estimate until the seeker locks on, then homing on the seeker. Returns why the
    /// flight ends, if it must.
    fn guide(
        &mut self,
        t0: f64,
        t1: f64,
        radar: bool,
        threats: &[ThreatMotionOverStep],
        rng: Option<&mut ChaCha8Rng>,
    ) -> Option<&'static str> {
        if let Phase::Midcourse = self.phase {
            let (pt, vt) = self.uplink.predict(self.time);
            self.try_lock(t0, t1, radar, threats, &pt, &vt);
            if let Phase::Midcourse = self.phase {
                return self.midcourse(&pt, &vt);
            }
        }
        match self.phase {
            Phase::Homing { target } => self.home(target, t0, t1, radar, threats, rng),
            Phase::Coasting { .. } => {
                self.command = Vector3::zeros();
                self.next_command = self.time + self.settings.terminal_step;
                None
            }
            Phase::Midcourse => unreachable!(),
        }
    }

    /// Opens the seeker when the predicted target (`pt`, `vt`) is within its range —
    /// after the boost (before, the missile is still turning out of its vertical launch,
    /// and a target locked then, a short shot at a fast ballistic target, leaves the
    /// gimbal limit in the turn) and, for homing that needs it, with the radar tracking —
    /// and locks onto the object it acquires ([`seeker::acquire`]).
    fn try_lock(
        &mut self,
        t0: f64,
        t1: f64,
        radar: bool,
        threats: &[ThreatMotionOverStep],
        pt: &Vector3<f64>,
        vt: &Vector3<f64>,
    ) {
        let spec = &self.airframe.spec;
        let now = self.time;
        let range = (pt - self.state.position).norm();
        let boosted = now - self.launch_time >= self.airframe.boost_time;
        if !(boosted && range <= spec.seeker_range && (!spec.homing.needs_radar() || radar)) {
            return;
        }
        let view = seeker::View {
            position: self.state.position,
            velocity: self.state.velocity,
            range: spec.seeker_range,
            fov: spec.seeker_fov,
            basket: self.settings.acquisition_basket,
        };
        if let Some(k) = seeker::acquire(&view, pt, threats, t0, t1, now) {
            self.phase = Phase::Homing { target: k };
            self.filter = Some(SeekerFilter::new(*pt, *vt, now));
            self.last_measurement = now - spec.homing.command_period();
            self.stats.lock_time = Some(now);
        }
    }

    /// The midcourse command towards the predicted intercept point of the uplinked
    /// estimate (`pt`, `vt`): powered climb while the motor burns, zero-effort-miss after;
    /// the flight ends when it passes the predicted target without acquiring it.
    fn midcourse(&mut self, pt: &Vector3<f64>, vt: &Vector3<f64>) -> Option<&'static str> {
        let af = Arc::clone(&self.airframe);
        let af = &*af;
        let now = self.time;
        let to_est = pt - self.state.position;
        // Passed the predicted target without acquiring it: the range to it opens after
        // having closed (a missile still climbing out of its launcher may be opening the
        // range to a low target it has not yet turned towards).
        let opening = to_est.dot(&(vt - self.state.velocity)) > 0.0;
        if !opening {
            self.closing = true;
        }
        if to_est.norm() < af.spec.seeker_range && opening && self.closing {
            return Some("missed: no seeker acquisition");
        }
        let tau = now - self.launch_time;
        let (pip, tgo) = guidance::predicted_intercept(af, &self.state, tau, pt, vt);
        let shaping = dynamics::conditions(af, &self.settings.physics, &self.state)
            .dynamic_pressure
            * af.area
            * af.cn_alpha
            * guidance::SHAPING_ALPHA
            / self.state.mass;
        self.command = if tau < af.boost_time + af.sustain_time {
            let dir =
                guidance::climb_direction(af, &self.state, &pip, guidance::loft_against(af, vt));
            let c = guidance::climb_command(af, &self.state, &dir);
            guidance::limit(&c, shaping)
        } else {
            let c = guidance::midcourse_command(af, &self.state, &pip, tgo);
            guidance::limit(&c, shaping.min(guidance::MIDCOURSE_ACCEL_LIMIT))
        };
        self.next_command = now + self.settings.midcourse_step;
        None
    }

    /// Homing on threat `target`: the seeker measures it (nothing without the radar when
    /// the homing type needs it; it is lost past the gimbal limit), the filter takes the
    /// measurement, and the terminal law commands from the filtered estimate.
    fn home(
        &mut self,
        target: usize,
        t0: f64,
        t1: f64,
        radar: bool,
        threats: &[ThreatMotionOverStep],
        rng: Option<&mut ChaCha8Rng>,
    ) -> Option<&'static str> {
        let af = Arc::clone(&self.airframe);
        let spec = &af.spec;
        let now = self.time;
        self.next_command = now + spec.homing.command_period();
        self.homing_step = self.settings.terminal_step;
        let Some((target, (p, tv))) = self.relock(target, t0, t1, threats) else {
            return Some(SELF_DESTRUCT_SEEKER_LOST);
        };
        let filter = self.filter.as_mut().expect("filter exists while homing");
        if spec.homing.needs_radar() && !radar {
            // No illumination / no TVM link: no signal, no command.
            filter.predict(now);
            self.command = Vector3::zeros();
            return None;
        }
        let rel = p - self.state.position;
        let speed = self.state.velocity.norm();
        // Far from the end game: sample and integrate coarser.
        let closing = -rel.dot(&(tv - self.state.velocity)) / rel.norm().max(1e-9);
        if self.settings.coarse_homing_step > self.settings.terminal_step
            && closing > 0.0
            && rel.norm() > closing * self.settings.fine_homing_time
        {
            let coarse = self
                .settings
                .coarse_homing_step
                .max(spec.homing.command_period());
            self.next_command = now + coarse;
            self.homing_step = coarse;
        }
        if rel.dot(&self.state.velocity) < spec.seeker_fov.cos() * rel.norm() * speed {
            self.phase = Phase::Coasting {
                target: Some(target),
                reason: "seeker gimbal limit",
            };
            self.command = Vector3::zeros();
            return None;
        }
        let glint = threats
            .iter()
            .find(|m| m.index == target)
            .map_or(0.0, |m| m.glint);
        let model = seeker::SeekerNoiseModel::of(spec, glint);
        let z =
            seeker::seeker_measurement(&self.state.position, &p, now, &model, &mut self.noise, rng);
        let filter = self.filter.as_mut().expect("filter exists while homing");
        let dt = (now - self.last_measurement).max(1e-6);
        filter.update(now, &z, dt);
        self.last_measurement = now;
        self.command = guidance::homing_command(
            spec.law,
            spec.nav_ratio,
            &self.state,
            &filter.position,
            &filter.velocity,
        );
        None
    }

    /// The object the seeker follows at [`Flight::time`] and where it is: `target` while it
    /// exists; once it is gone (a salvo mate's kill broke it up, it landed or arrived), the
    /// object nearest where the seeker's filter predicts it, within the acquisition basket,
    /// range and gimbal limit — a seeker sees echoes, not fates, so after a kill it homes
    /// on the debris. `None` when there is nothing to follow.
    fn relock(
        &mut self,
        target: usize,
        t0: f64,
        t1: f64,
        threats: &[ThreatMotionOverStep],
    ) -> Option<(usize, Seen)> {
        let now = self.time;
        if let Some(seen) = seeker::locked(threats, target, t0, t1, now) {
            return Some((target, seen));
        }
        let filter = self.filter.as_ref()?;
        let predicted = filter.position + filter.velocity * (now - filter.time);
        let spec = &self.airframe.spec;
        let view = seeker::View {
            position: self.state.position,
            velocity: self.state.velocity,
            range: spec.seeker_range,
            fov: spec.seeker_fov,
            basket: self.settings.acquisition_basket,
        };
        let k = seeker::acquire(&view, &predicted, threats, t0, t1, now)?;
        self.phase = Phase::Homing { target: k };
        seeker::locked(threats, k, t0, t1, now).map(|seen| (k, seen))
    }

    /// Flies from [`Flight::time`] to `t1` (s). `radar` is the engagement radar's current
    /// track of the target (`None` when it has none: no uplink, no illumination);
    /// `threats` are every live threat moving linearly over the engine step [`t0`, `t1`];
    /// `rng` draws seeker noise (`None`: a noise-free seeker).
    pub fn advance(
        &mut self,
        t0: f64,
        t1: f64,
        radar: Option<TargetEstimate>,
        threats: &[ThreatMotionOverStep],
        mut rng: Option<&mut ChaCha8Rng>,
    ) -> FlightEvent {
        let fuze_range = self.fuze_range();
        while self.time < t1 - 1e-9 {
            self.receive_uplink(radar);
            if self.time >= self.next_command - 1e-9
                && let Some(reason) =
                    self.guide(t0, t1, radar.is_some(), threats, rng.as_deref_mut())
            {
                return FlightEvent::Ended {
                    time: self.time.max(t0),
                    reason,
                };
            }
            self.stats.peak_command = self.stats.peak_command.max(self.command.norm());
            let (next, h) = self.integrate(t1);
            // Fuze (armed once the seeker has locked on).
            if !matches!(self.phase, Phase::Midcourse)
                && let Some(event) = self.end_game(&next, h, t0, t1, threats, fuze_range)
            {
                return event;
            }
            if let Some(event) = self.land(next, h) {
                return event;
            }
        }
        // Steps of h accumulate rounding: land on the caller's t1 exactly (the gap is
        // below 1e-9 s), so event times never fall before the next engine step.
        self.time = self.time.max(t1);
        FlightEvent::Flying
    }

    /// Takes the radar's estimate when an uplink is due.
    fn receive_uplink(&mut self, radar: Option<TargetEstimate>) {
        if self.time >= self.next_uplink - 1e-9 {
            if let Some(est) = radar {
                self.uplink = est;
            }
            while self.next_uplink <= self.time + 1e-9 {
                self.next_uplink += self.settings.uplink_period;
            }
        }
    }

    /// One integration step from [`Flight::time`] towards `t1` s, cut at the next command
    /// and at motor burn-out: the state after it and its length, s.
    fn integrate(&mut self, t1: f64) -> (MissileState, f64) {
        let tau = self.time - self.launch_time;
        let (thrust, mass_flow, motor_end) = self.airframe.motor(tau);
        let base = match self.phase {
            Phase::Midcourse => self.settings.midcourse_step,
            Phase::Homing { .. } => self.homing_step,
            Phase::Coasting { .. } => self.settings.terminal_step,
        };
        let mut h = base
            .min(t1 - self.time)
            .min(self.next_command - self.time)
            .min(self.launch_time + motor_end - self.time);
        if h < 1e-9 {
            h = 1e-9;
        }
        if let Some(trace) = self.trace.as_mut() {
            trace.push(TraceSample {
                time: self.time,
                state: self.state,
                command: self.command,
                max_lateral: dynamics::conditions(
                    &self.airframe,
                    &self.settings.physics,
                    &self.state,
                )
                .max_lateral,
            });
        }
        let input = StepInputs {
            thrust,
            mass_flow,
            command: self.command,
        };
        let next = dynamics::rk4_step(
            &self.airframe,
            &self.settings.physics,
            &self.state,
            &input,
            h,
        );
        (next, h)
    }

    /// The end game over the step to `next` (length `h` s): the fuze fires at the
    /// closest approach to any threat within its range; a missile that has passed the
    /// target it homed on misses.
    fn end_game(
        &mut self,
        next: &MissileState,
        h: f64,
        t0: f64,
        t1: f64,
        threats: &[ThreatMotionOverStep],
        fuze_range: f64,
    ) -> Option<FlightEvent> {
        let pass = fuze::Pass {
            from: &self.state,
            to: next,
            time: self.time,
            h,
        };
        if let Some(hit) = fuze::nearest_pass(&pass, threats, t0, t1, fuze_range) {
            let state = interpolate(&self.state, next, h, hit.time);
            self.time += hit.time;
            self.state = state;
            return Some(FlightEvent::Fuzed {
                time: self.time,
                threat: hit.threat,
                miss: hit.distance,
                state,
                target_velocity: hit.target_velocity,
            });
        }
        let locked = match self.phase {
            Phase::Homing { target } => Some(target),
            Phase::Coasting { target, .. } => target,
            Phase::Midcourse => None,
        };
        let m = threats.iter().find(|m| Some(m.index) == locked)?;
        let ca = fuze::pass_of(&pass, m, t0, t1);
        if !ca.passed {
            self.homing_closed = true;
            return None;
        }
        if !self.homing_closed {
            return None;
        }
        let reason = match self.phase {
            Phase::Homing { .. } => "missed: passed the target",
            _ => "missed: coasting after losing the target",
        };
        self.time += ca.time;
        self.state = interpolate(&self.state, next, h, ca.time);
        Some(FlightEvent::Ended {
            time: self.time,
            reason,
        })
    }

    /// Completes the step to `next` (length `h` s): the flight ends on the ground or at
    /// its maximum flight time.
    fn land(&mut self, next: MissileState, h: f64) -> Option<FlightEvent> {
        self.state = next;
        self.time += h;
        let height = dynamics::height(&self.state.position);
        self.stats.max_height = self.stats.max_height.max(height);
        if height < 0.0 {
            return Some(FlightEvent::Ended {
                time: self.time,
                reason: "ground impact",
            });
        }
        if self.time - self.launch_time > self.airframe.max_flight_time {
            return Some(FlightEvent::Ended {
                time: self.time,
                reason: "self-destruct: maximum flight time",
            });
        }
        None
    }
}

/// The state `s` seconds into a step of length `h` from `a` to `b`: cubic Hermite position
/// and velocity, linear mass and autopilot state.
pub fn interpolate(a: &MissileState, b: &MissileState, h: f64, s: f64) -> MissileState {
    let t = (s / h).clamp(0.0, 1.0);
    let t2 = t * t;
    let t3 = t2 * t;
    let position = a.position * (2.0 * t3 - 3.0 * t2 + 1.0)
        + a.velocity * (h * (t3 - 2.0 * t2 + t))
        + b.position * (-2.0 * t3 + 3.0 * t2)
        + b.velocity * (h * (t3 - t2));
    let velocity = (a.position * (6.0 * t2 - 6.0 * t)
        + a.velocity * (h * (3.0 * t2 - 4.0 * t + 1.0))
        + b.position * (-6.0 * t2 + 6.0 * t)
        + b.velocity * (h * (3.0 * t2 - 2.0 * t)))
        / h;
    MissileState {
        position,
        velocity,
        mass: a.mass + (b.mass - a.mass) * t,
        lateral: a.lateral + (b.lateral - a.lateral) * t,
    }
}
