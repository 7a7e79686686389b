//! Guidance: midcourse steering towards the predicted intercept point from uplinked
//! track data, terminal homing with proportional navigation on the missile's own seeker.
//!
//! # Midcourse
//!
//! The engagement radar uplinks its track estimate (position, velocity at the track's
//! time) at its own rate; between uplinks the missile extrapolates the last one. The
//! estimate is extrapolated at constant velocity, or — when the target is faster than
//! [`BALLISTIC_SPEED`] and so taken for a ballistic body — in free fall (constant
//! velocity plus gravity), the only target acceleration the guidance ever assumes.
//!
//! The predicted intercept point (PIP) is the target's predicted position at the time
//! to go t_go, the first root of t_go = T(|PIP(t_go) − r|), with T the time the missile
//! needs to fly a distance: while the motor burns, along its nominal powered speed
//! profile ([`super::airframes::SpeedProfile`]) and at the nominal burn-out speed beyond;
//! once it is out, at its current speed (coasting in thin air loses speed slowly).
//!
//! Two laws steer towards the PIP:
//!
//! * **powered climb** (vertical launch to burn-out): the velocity is turned, with time
//!   constant τ_mc (a = (V/τ_mc)·θ towards the desired direction, plus cancelling gravity
//!   across v), onto the launch angle of a vacuum ballistic arc through the PIP at the
//!   expected burn-out speed — between the flat and the lofted solution by the loft factor
//!   k, scaled with range ([`climb_direction`]): short shots fly nearly straight, long
//!   ones climb out of the dense air and coast semi-ballistically; against a ballistic
//!   target no loft ([`loft_against`]);
//! * **coast** (after burn-out): zero-effort-miss guidance with the missile's own coast
//!   predicted under gravity ([`midcourse_command`]), so the ballistic arc is trimmed
//!   rather than fought.
//!
//! Trajectory shaping uses at most [`SHAPING_ALPHA`] of angle of attack (and
//! [`MIDCOURSE_ACCEL_LIMIT`] after burn-out): turning costs induced drag, and the full
//! α_max is kept for homing.
//!
//! # Terminal homing
//!
//! When the predicted target is inside the seeker's acquisition range (and the boost is
//! over: the missile has turned out of its vertical launch), the seeker
//! ([`super::seeker`]) searches the acquisition basket around the prediction and locks
//! onto the nearest object there inside its range and gimbal limit. From then on it
//! measures the target's position relative to the missile each sample with angle noise,
//! glint and range noise ([`super::seeker::seeker_measurement`]). Guidance sees only
//! these measurements and the uplinked track, never the target: the missile knows its own
//! position and velocity (inertial navigation), so the measurements are filtered into an
//! estimate of the target's absolute position and velocity with a fading-memory α-β
//! filter (α = 1 − θ², β = (1 − θ)², θ = exp(−T/τ_f)), whose prediction includes the
//! assumed target acceleration above. Commands:
//!
//! * **PN**: a = N′·V_c·(Ω × û) + (â_T − g_m)⊥, with û the line of sight, Ω = R×V/R² its
//!   rotation rate, V_c = −R·V/R the closing speed, and the known accelerations (the
//!   assumed target one, minus the missile's own gravity) compensated perpendicular to
//!   the line of sight;
//! * **APN**: the same with the compensation weighted N′/2 (Zarchan's augmented PN).
//!
//! The part of the command along the velocity cannot be produced by lift and is dropped
//! in the equations of motion ([`super::dynamics::applied_lateral`]).
//!
//! Homing types and laws: [`super::homing`]. Checked by `tests/flyout_zarchan.rs` (PN
//! against Zarchan's two-dimensional reference engagement) and `tests/flyout_engage.rs`.

use nalgebra::Vector3;

use super::airframes::Airframe;
use super::dynamics::{MissileState, gravity};
use super::homing::GuidanceLaw;
use crate::track::tracker::Track;

/// A target faster than this (m/s) is extrapolated in free fall (taken for ballistic).
pub const BALLISTIC_SPEED: f64 = 1_000.0;
/// Time constant τ_f of the seeker's α-β filter, s \[P\].
pub const SEEKER_FILTER_TAU: f64 = 0.2;
/// A target state estimate: position (ECEF, m) and velocity (ECEF axes, m/s) at `time` (s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetEstimate {
    /// Position, ECEF, m.
    pub position: Vector3<f64>,
    /// Velocity, ECEF axes, m/s.
    pub velocity: Vector3<f64>,
    /// Time of the estimate, s.
    pub time: f64,
}

impl TargetEstimate {
    /// The estimate held by a track.
    pub fn from_track(track: &Track) -> Self {
        Self {
            position: track.position().0,
            velocity: track.velocity().0,
            time: track.time,
        }
    }

    /// Position and velocity extrapolated to `t` (free fall for a fast target).
    pub fn predict(&self, t: f64) -> (Vector3<f64>, Vector3<f64>) {
        let dt = t - self.time;
        let a = assumed_accel(&self.position, &self.velocity);
        (
            self.position + self.velocity * dt + a * (0.5 * dt * dt),
            self.velocity + a * dt,
        )
    }
}

/// The target acceleration guidance assumes: gravity for a target faster than
/// [`BALLISTIC_SPEED`], zero otherwise (an aircraft's lift balances its weight).
#[inline]
pub fn assumed_accel(p: &Vector3<f64>, v: &Vector3<f64>) -> Vector3<f64> {
    if v.norm_squared() > BALLISTIC_SPEED * BALLISTIC_SPEED {
        gravity(p)
    } else {
        Vector3::zeros()
    }
}

/// Local vertical (geocentric) at `p`.
#[inline]
fn up(p: &Vector3<f64>) -> Vector3<f64> {
    p / p.norm()
}

/// Component of `a` perpendicular to the unit vector `u`.
#[inline]
fn perp(a: &Vector3<f64>, u: &Vector3<f64>) -> Vector3<f64> {
    a - u * a.dot(u)
}

/// Time (s) the missile needs, `tau` s after launch at speed `speed`, to fly `distance` m:
/// on its nominal profile until burn-out and at the burn-out speed after that while the
/// motor burns; at the current speed once it is out (coasting in thin air).
pub fn time_to_fly(airframe: &Airframe, tau: f64, speed: f64, distance: f64) -> f64 {
    let p = &airframe.profile;
    let burn_end = airframe.boost_time + airframe.sustain_time;
    if tau >= burn_end {
        // Coasting: at the current speed.
        return distance / speed.max(100.0);
    }
    // Powered: along the profile to burn-out, then at the burn-out speed.
    let d_burn = p.distance_at(burn_end) - p.distance_at(tau);
    if distance <= d_burn {
        p.time_at_distance(p.distance_at(tau) + distance) - tau
    } else {
        (burn_end - tau) + (distance - d_burn) / p.speed_at(burn_end).max(100.0)
    }
}

/// Predicted intercept point (ECEF, m) and time to go (s) for a missile `tau` s after
/// launch against a target estimated at (`p_t`, `v_t`) now: the first root of
/// g(t) = T(|P(t) − r|) − t, with P the target's predicted position and T
/// [`time_to_fly`], bracketed by doubling from 1 s and refined by bisection (a fixed-point
/// iteration diverges against targets faster than the missile). Without a root within
/// 2,000 s (a target it cannot catch), the point it would reach flying at the target's
/// present position.
pub fn predicted_intercept(
    airframe: &Airframe,
    state: &MissileState,
    tau: f64,
    p_t: &Vector3<f64>,
    v_t: &Vector3<f64>,
) -> (Vector3<f64>, f64) {
    let a_t = assumed_accel(p_t, v_t);
    let speed = state.velocity.norm();
    let at = |t: f64| p_t + v_t * t + a_t * (0.5 * t * t);
    let g = |t: f64| time_to_fly(airframe, tau, speed, (at(t) - state.position).norm()) - t;
    let g0 = g(0.0);
    if g0 <= 0.0 {
        return (*p_t, 0.0);
    }
    let (mut lo, mut hi) = (0.0, 1.0);
    while g(hi) > 0.0 {
        lo = hi;
        hi *= 2.0;
        if hi > 2_000.0 {
            return (at(g0), g0);
        }
    }
    while hi - lo > 1e-3 {
        let mid = 0.5 * (lo + hi);
        if g(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (at(hi), hi)
}

/// The direction (unit, ECEF axes) the powered climb steers the velocity to: the launch
/// angle of a vacuum ballistic arc from the missile to the PIP at speed V (the larger of
/// the current and the nominal burn-out speed), between the flat (θ_lo) and the lofted
/// (θ_hi) solutions of y = x·tan θ − g·x²/(2V²·cos²θ):
/// θ = θ_lo + k·√(x/R_v)·(θ_hi − θ_lo), k the loft factor `loft` ([`loft_against`]) and R_v = V²/g the vacuum
/// reach (short shots fly nearly straight, longer ones climb out of the dense air), at most
/// [`MAX_CLIMB_ANGLE`]; 45° when the PIP is out of vacuum reach. With an apex ratio c
/// ([`super::airframes::AirframeSpec::loft_apex_ratio`]), θ is further held to the arc
/// whose apex, (V·sin θ)²/(2g) above the missile, is at most c·x + max(y, 0), but never
/// below θ_lo: between the angles of the two arcs through the PIP every arc overshoots it
/// in vacuum, and one lofted above the air (60 km and more) cannot be steered back down,
/// so a mid-range shot climbs only as high as its range warrants (for the 40N6E this
/// closes the unreachable band at 110–300 km the unlimited loft left in its table).
pub fn climb_direction(
    airframe: &Airframe,
    state: &MissileState,
    pip: &Vector3<f64>,
    loft: f64,
) -> Vector3<f64> {
    let r = state.position;
    let u = up(&r);
    let d = pip - r;
    let y = d.dot(&u);
    let horizontal = perp(&d, &u);
    let x = horizontal.norm();
    if x < 1.0 {
        return if y >= 0.0 { u } else { -u };
    }
    let hdir = horizontal / x;
    let burn_end = airframe.boost_time + airframe.sustain_time;
    let v = state
        .velocity
        .norm()
        .max(airframe.profile.speed_at(burn_end));
    let g = gravity(&r).norm();
    // tan θ = [V² ± √(V⁴ − g(g x² + 2 y V²))]/(g x)
    let disc = v.powi(4) - g * (g * x * x + 2.0 * y * v * v);
    let theta = if disc >= 0.0 {
        let sq = disc.sqrt();
        let lo = ((v * v - sq) / (g * x)).atan();
        let hi = ((v * v + sq) / (g * x)).atan();
        let share = (x * g / (v * v)).min(1.0).sqrt();
        let theta = (lo + loft * share * (hi - lo)).min(MAX_CLIMB_ANGLE);
        // Apex limit: an arc rising (V·sin θ)²/(2g) above the missile, at most c·x above
        // the intercept point, and never flatter than θ_lo.
        let apex = airframe.spec.loft_apex_ratio * x + y.max(0.0);
        if apex.is_finite() {
            let limit = ((2.0 * g * apex).sqrt() / v).min(1.0).asin();
            theta.min(limit.max(lo))
        } else {
            theta
        }
    } else {
        std::f64::consts::FRAC_PI_4
    };
    let (s, c) = theta.sin_cos();
    hdir * c + u * s
}

/// The loft factor of the powered climb against a target moving at `target_velocity`
/// (ECEF axes, m/s): the airframe's ([`super::airframes::AirframeSpec::loft`]) against an
/// aerodynamic target, none (the flat arc θ_lo) against a ballistic one (faster than
/// [`BALLISTIC_SPEED`]). The loft buys range by climbing into thin air, and the time of
/// flight it adds is not in [`time_to_fly`]'s straight-line estimate; against a 250 m/s
/// aircraft that error moves the predicted intercept point by metres a second, against a
/// 3 km/s re-entry vehicle by kilometres. A 9M96E2 lofted at the reference 1,000 km
/// ballistic missile (launched 22–34 s before its impact) reaches seeker lock-on 15 km out
/// with a zero-effort miss of 0.8–1.4 km that its 20 g cannot divert in the ~3.5 s left
/// and passes beyond its fuze range; flown flat, the same shots lock on within 20 m
/// (`tests/flyout_open_questions.rs`). A ballistic target's intercept point is near (the
/// catalogue's ballistic ranges are 15–60 km), where a loft gains nothing.
pub fn loft_against(airframe: &Airframe, target_velocity: &Vector3<f64>) -> f64 {
    if target_velocity.norm_squared() > BALLISTIC_SPEED * BALLISTIC_SPEED {
        0.0
    } else {
        airframe.spec.loft
    }
}

/// Powered-climb command: null the heading error to `desired` (unit) with time constant
/// τ_mc and cancel gravity across the velocity, m/s² (ECEF axes).
pub fn climb_command(
    airframe: &Airframe,
    state: &MissileState,
    desired: &Vector3<f64>,
) -> Vector3<f64> {
    let v = state.velocity;
    let speed = v.norm();
    if speed <= 0.0 {
        return Vector3::zeros();
    }
    let u = v / speed;
    let g_perp = perp(&gravity(&state.position), &u);
    let e = perp(desired, &u);
    let en = e.norm();
    let turn = if en > 1e-12 {
        let theta = en.atan2(u.dot(desired));
        e * (speed / airframe.spec.midcourse_tau * theta / en)
    } else {
        Vector3::zeros()
    };
    turn - g_perp
}

/// Largest angle of attack used to shape the trajectory (climb and midcourse), rad (8°)
/// \[P\]: turning costs induced drag 2ω²m/(ρ·S·C_Nα) per unit turn rate ω, so the
/// trajectory is bent gently and the airframe's full α_max is kept for homing.
pub const SHAPING_ALPHA: f64 = 8.0 * std::f64::consts::PI / 180.0;

/// Largest lateral acceleration midcourse guidance commands after burn-out, m/s² (5 g)
/// \[P\].
pub const MIDCOURSE_ACCEL_LIMIT: f64 = 5.0 * iadsim_core::wgs84::G0;

/// `a` scaled down to magnitude `max` if longer.
pub fn limit(a: &Vector3<f64>, max: f64) -> Vector3<f64> {
    let n = a.norm();
    if n > max { a * (max / n) } else { *a }
}

/// Steepest climb the midcourse asks for, rad (60°).
pub const MAX_CLIMB_ANGLE: f64 = std::f64::consts::FRAC_PI_3;

/// Navigation ratio of the midcourse zero-effort-miss law \[P\].
pub const MIDCOURSE_NAV_RATIO: f64 = 3.0;

/// Midcourse command after burn-out, m/s² (ECEF axes): zero-effort-miss guidance towards
/// the aim point. The missile's own coast is predicted under gravity,
/// ZEM = aim − (r + v·t_go + ½·g·t_go²), and its part across the line of sight ZEM⊥ is
/// removed with a = ZEM⊥·max(N/t_go², 1/(t_go·τ_mc)): proportional navigation (N = 3)
/// near the end, and early on a heading correction of ZEM⊥/(V·t_go) made within τ_mc,
/// so the ballistic arc is set right while there is still air to turn with. The gravity
/// term lets the missile fly ballistic arcs through thin air without fighting them.
pub fn midcourse_command(
    airframe: &Airframe,
    state: &MissileState,
    aim: &Vector3<f64>,
    t_go: f64,
) -> Vector3<f64> {
    let r = state.position;
    let tg = t_go.max(1.0);
    let g = gravity(&r);
    let coast = r + state.velocity * tg + g * (0.5 * tg * tg);
    let zem = aim - coast;
    let los = aim - r;
    let n = los.norm();
    if n <= 0.0 {
        return Vector3::zeros();
    }
    let u = los / n;
    let gain = (MIDCOURSE_NAV_RATIO / (tg * tg)).max(1.0 / (tg * airframe.spec.midcourse_tau));
    perp(&zem, &u) * gain
}

/// The seeker's fading-memory α-β filter of the target's absolute position and velocity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeekerFilter {
    /// Estimated target position, ECEF, m.
    pub position: Vector3<f64>,
    /// Estimated target velocity, ECEF axes, m/s.
    pub velocity: Vector3<f64>,
    /// Time of the estimate, s.
    pub time: f64,
}

impl SeekerFilter {
    /// Starts from a prior estimate at `time`.
    pub fn new(position: Vector3<f64>, velocity: Vector3<f64>, time: f64) -> Self {
        Self {
            position,
            velocity,
            time,
        }
    }

    /// Predicts to `t` with the assumed target acceleration.
    pub fn predict(&mut self, t: f64) {
        let dt = t - self.time;
        if dt <= 0.0 {
            return;
        }
        let a = assumed_accel(&self.position, &self.velocity);
        self.position += self.velocity * dt + a * (0.5 * dt * dt);
        self.velocity += a * dt;
        self.time = t;
    }

    /// Predicts to `t` and updates with a measured target position `z` (ECEF, m).
    /// `dt` is the sample interval the gains are set for.
    pub fn update(&mut self, t: f64, z: &Vector3<f64>, dt: f64) {
        self.predict(t);
        let theta = (-dt / SEEKER_FILTER_TAU).exp();
        let alpha = 1.0 - theta * theta;
        let beta = (1.0 - theta) * (1.0 - theta);
        let res = z - self.position;
        self.position += res * alpha;
        self.velocity += res * (beta / dt);
    }
}

/// Terminal command from the filtered target state, m/s² (ECEF axes).
pub fn homing_command(
    law: GuidanceLaw,
    nav_ratio: f64,
    state: &MissileState,
    target_position: &Vector3<f64>,
    target_velocity: &Vector3<f64>,
) -> Vector3<f64> {
    let r = target_position - state.position;
    let v = target_velocity - state.velocity;
    let r2 = r.norm_squared();
    if r2 <= 0.0 {
        return Vector3::zeros();
    }
    let rn = r2.sqrt();
    let u = r / rn;
    let omega = r.cross(&v) / r2;
    let vc = -r.dot(&v) / rn;
    let pn = omega.cross(&u) * (nav_ratio * vc);
    let known = assumed_accel(target_position, target_velocity) - gravity(&state.position);
    let k = match law {
        GuidanceLaw::Pn => 1.0,
        GuidanceLaw::Apn => nav_ratio / 2.0,
    };
    pn + perp(&known, &u) * k
}
